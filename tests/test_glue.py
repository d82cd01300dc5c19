"""Numbers set by their kind, glued in one call, and sentences chosen in the chapter by a glued flag."""

import io
import math
from dataclasses import dataclass
from typing import Annotated

import nbformat
import pytest

from compute_limits.quantities import Count, Estimate, FlopEstimate, Kind, Log10Flop, Share, Year
from compute_limits.report import numbers as N
from compute_limits.report.glue import Md, items


@dataclass
class Section:
    compute: Log10Flop
    share: Share
    year: Year
    n: Count
    k: Annotated[Estimate, Kind("number")]
    need: FlopEstimate
    holds: bool
    name: str
    phrase: Md


def test_every_field_is_set_by_its_kind():
    glued = dict(items(Section(26.14, 0.5238, 2131.0, 1892, Estimate(11.0, 9.7, 12.7, 0.95),
                               Estimate(26.1, 24.8, math.inf, 0.95, "calibration interval", estimable=True),
                               True, "<b>NoisyStudent</b>", Md("{term}`v1 sample`")), "s"))
    assert glued["s_compute"] == "10²⁶·¹ FLOP"
    assert glued["s_share"] == "52.4%"
    assert glued["s_year"] == "after 2100"
    assert glued["s_n"] == "1,892"
    assert glued["s_k"] == "11" and glued["s_k_interval"] == "9.70–12.7"
    assert glued["s_k_with_interval"] == "11 (95% confidence interval 9.70–12.7)"
    assert glued["s_k_estimable"] is True
    assert glued["s_need_interval"] == "10²⁴·⁸ FLOP or more (unbounded above)"
    assert glued["s_holds"] is True
    assert glued["s_name"] == "<b>NoisyStudent</b>"  # a plain string stays a string: {glue:text} shows it literally
    assert glued["s_phrase"].data == "{term}`v1 sample`"  # Markdown only where chosen in code


def test_a_number_without_a_kind_is_refused():
    """Every number is set by its kind, so one quantity reads the same on every page (a raw float would be
    shown as Python prints it: "0.5238", "1e+20")."""
    with pytest.raises(TypeError, match="p_x = 1 is a number without a kind"):
        dict(items({"x": 1}, "p"))

    @dataclass
    class Bare:
        share: float

    with pytest.raises(TypeError, match="b_share = 0.5238 is a number without a kind"):
        dict(items(Bare(0.5238), "b"))
    assert dict(items({"name": "ImageNet", "ok": True}, "d")) == {"d_name": "ImageNet", "d_ok": True}


def test_a_value_the_data_cannot_pin_down_is_never_a_number():
    @dataclass
    class One:
        k: Annotated[Estimate, Kind("number")]

    glued = dict(items(One(Estimate(93.5, 71.4, 1112.2, 0.95, estimable=False)), "o"))
    assert glued == {"o_k": N.NOT_ESTIMABLE, "o_k_interval": N.NOT_ESTIMABLE,
                     "o_k_with_interval": N.NOT_ESTIMABLE, "o_k_estimable": False}


@pytest.mark.parametrize("lo,hi,kind,text", [
    (24.8, 28.04, "log10_flop", "10²⁴·⁸–10²⁸·⁰ FLOP"),
    (0.28, 0.71, "share", "28–71%"),
    (2056.2, 2183.0, "year", "2056 to after 2100"),
    (1.27, 1.59, "growth", "1.3–1.6× a year"),
    (-0.026, 0.065, "coef", "−0.026 to 0.065"),
    (7.9, 8.4, "log10_usd", "$10⁷·⁹–10⁸·⁴"),
])
def test_an_interval_sets_its_unit_once(lo, hi, kind, text):
    assert N.show_interval(lo, hi, kind) == text


def test_a_dollar_amount_in_prose_says_its_size_in_words():
    """Issue 26: "$10¹⁴·²" is about $160 trillion, and a reader should not have to work that out; a power far
    beyond anything payable stays a power, and an interval's ends stay powers."""
    assert N.show(14.2, "log10_usd_words") == "$10¹⁴·², about $160 trillion"
    assert N.show(8.0, "log10_usd_words") == "$10⁸·⁰, about $100 million"
    assert N.show(93.5, "log10_usd_words") == "$10⁹³·⁵"
    assert N.show_interval(12.3, 16.6, "log10_usd_words") == "$10¹²·³–10¹⁶·⁶"


def test_a_tiny_coefficient_is_a_power_of_ten_not_e_notation():
    assert N.show(0.0005, "coef") == "0.0005"
    assert N.show(-0.00005, "coef") == "−5 × 10⁻⁵" and N.show(3e-7, "coef") == "3 × 10⁻⁷"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        N.show(1.0, "furlongs")


# ---------------------------------------------------------------- {if}

PAGE = """
Before.

:::{if} flag
The flag is set.
:::

:::{if} not flag
The flag is not set.
:::

:::{if} verdict == "polynomial"
The data prefer the polynomial form.
:::

:::{if} verdict != "polynomial"
The data do not prefer the polynomial form.
:::
"""


def _glue_output(key: str, value) -> dict:
    return nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": repr(value)},
                                  metadata={"scrapbook": {"name": key, "mime_prefix": "application/papermill.record/"}})


def _build(tmp_path, glued: dict, page: str = PAGE) -> tuple[str, str]:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_nb", "compute_limits.pipeline.sphinx_ext"]\n'
                                 'myst_enable_extensions = ["colon_fence"]\nnb_execution_mode = "off"\n'
                                 'exclude_patterns = ["_build"]\n')
    (src / "index.md").write_text("# Book\n\n```{toctree}\npage\n```\n")
    code = nbformat.v4.new_code_cell("glue(...)")
    code.outputs = [_glue_output(k, v) for k, v in glued.items()]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Page\n" + page), code],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nbformat.write(nb, src / "page.ipynb")
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    # (a second Sphinx in one process warns that extensions re-register: not the page's business)
    page_warnings = [w for w in warnings.getvalue().splitlines() if "already registered" not in w]
    return (tmp_path / "out" / "page.html").read_text(), "\n".join(page_warnings)


@pytest.mark.parametrize("flag,verdict", [(True, "polynomial"), (False, "exponential")])
def test_a_glued_flag_picks_the_variant_of_a_sentence(tmp_path, flag, verdict):
    html, warnings = _build(tmp_path, {"flag": flag, "verdict": verdict})
    assert not warnings, warnings
    assert ("The flag is set." in html) == flag and ("The flag is not set." in html) == (not flag)
    assert ("The data prefer the polynomial form." in html) == (verdict == "polynomial")
    assert ("do not prefer the polynomial form" in html) == (verdict != "polynomial")


def test_a_missing_key_or_a_value_that_is_no_flag_fails_the_build(tmp_path):
    _, warnings = _build(tmp_path, {"verdict": "polynomial"})
    assert "No key 'flag' found" in warnings
    (tmp_path / "b").mkdir()
    _, warnings = _build(tmp_path / "b", {"flag": "yes", "verdict": "x"})
    assert "not a flag" in warnings
