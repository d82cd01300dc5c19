"""How numbers and words are set (report.numbers, report.text), and the glue helper."""

import dataclasses
import math
import types

import numpy as np
import pandas as pd
import pytest

from compute_limits.quantities import Coef, Count, Number
from compute_limits.report import numbers as N
from compute_limits.report import text as T
from compute_limits.report.glue import Md, items


@pytest.mark.parametrize("value,expected", [
    (26.1, "10²⁶·¹"), (-8.04, "10⁻⁸·⁰"), (14.0, "10¹⁴·⁰"), (math.inf, "unbounded"), (float("nan"), "—"),
])
def test_pow10(value, expected):
    assert N.pow10(value) == expected


@pytest.mark.parametrize("value,expected", [
    (690000, "6.9 × 10⁵"), (4.6e26, "4.6 × 10²⁶"), (9.96e5, "1.0 × 10⁶"), (-2.5e-7, "−2.5 × 10⁻⁷"),
])
def test_sci(value, expected):
    assert N.sci(value) == expected


@pytest.mark.parametrize("value,kwargs,expected", [
    (1892, {}, "1,892"), (1502897, {"sig": 2}, "1.5 × 10⁶"), (0.0646, {}, "0.0646"), (12.345, {}, "12.3"),
    (0.5, {"decimals": 2}, "0.50"), (-3.21, {}, "−3.21"),
])
def test_number(value, kwargs, expected):
    assert N.number(value, **kwargs) == expected


@pytest.mark.parametrize("value,expected", [(0.05, "5%"), (0.002, "0.2%"), (0.115, "11.5%"), (0.3, "30%")])
def test_pct(value, expected):
    assert N.pct(value) == expected


def test_factor_year_years_growth():
    assert N.factor(44) == "44×" and N.factor(1.4) == "1.4×" and N.factor(2.3e21) == "2.3 × 10²¹×"
    assert N.factor(math.inf) == "unbounded"
    assert N.year(2031.7) == "2031" and N.year(3200) == "after 2100" and N.year(math.inf) == "never"
    assert N.years(0.3) == "less than a year" and N.years(1) == "1 year" and N.years(16.2) == "16 years"
    assert N.growth(4.86) == "4.9× a year" and N.months(3.4) == "3.4 months"


def test_interval_widens_until_the_ends_differ():
    """A 95% CI printed '1.4–1.4' is a rounding problem: precision rises until the ends differ."""
    assert N.interval(1.401, 1.449, sig=2) == "1.40–1.45"
    assert N.interval(24.57, 27.83, N.pow10) == "10²⁴·⁶–10²⁷·⁸"
    assert N.interval(24.5, math.inf, N.pow10) == "10²⁴·⁵ or more (unbounded above)"
    assert N.interval(-math.inf, math.inf) == "unbounded"
    assert "narrower than the last digit" in N.interval(1.0000001, 1.0000002, sig=2)


def test_no_e_notation_anywhere():
    for x in (1e-12, 3e-5, 0.02, 5, 4e5, 7e9, 2.2e21, 1e120):
        for text in (N.number(x), N.sci(x), N.factor(x)):
            assert "e+" not in text and "e-" not in text and "^" not in text


def test_log10_axis_expression_labels_powers_of_ten():
    expr = N.log10_axis_expr()
    assert "'10' +" in expr and "⁻" in expr and "''" in expr


@pytest.mark.parametrize("n,word,expected", [
    (1, "model", "1 model"), (208, "model", "208 models"), (1, "family", "1 family"),
    (3, "family", "3 families"), (2, "series", "2 series"), (1, "percentage point", "1 percentage point"),
])
def test_count(n, word, expected):
    assert T.count(n, word) == expected


@pytest.mark.parametrize("phrase,expected", [
    ("image classification benchmark", "an image classification benchmark"),
    ("object detection benchmark", "an object detection benchmark"),
    ("question answering benchmark", "a question answering benchmark"),
    ("MS COCO page", "an MS COCO page"), ("unit", "a unit"), ("hour", "an hour"),
    ("F1 score", "an F1 score"), ("named-entity recognition task", "a named-entity recognition task"),
])
def test_article(phrase, expected):
    assert T.with_article(phrase) == expected


def test_join():
    assert T.join([]) == "" and T.join(["a"]) == "a" and T.join(["a", "b", "c"]) == "a, b and c"


@dataclasses.dataclass
class _Inner:
    k: Number


@dataclasses.dataclass
class _Section:
    n: Count
    slope: Coef
    missing: Coef
    phrase: Md
    nested: _Inner
    table: list


def test_glue_items_flattens_and_converts():
    obj = _Section(np.int64(5), np.float64(0.25), float("nan"), Md("**bold**"), _Inner(np.float32(2.0)), [1, 2])
    glued = dict(items(obj, "sec"))
    assert glued["sec_n"] == "5"  # numpy scalars set by their kind like Python numbers
    assert glued["sec_slope"] == "0.25"
    assert "sec_missing" not in glued  # a NaN is never glued: the prose must say why instead
    assert glued["sec_phrase"].data == "**bold**"  # Markdown, for {glue:md}
    assert glued["sec_nested_k"] == "2" and "sec_table" not in glued


def test_charts_carry_their_spec_and_the_pdf_build_draws_it_as_vector_pdf(tmp_path, monkeypatch):
    """A chapter's chart output holds the Vega-Lite spec (no PDF drawn while chapters run); the myst-nb
    plugin turns it into a vector PDF image for LaTeX only, cached by the spec's hash."""
    import base64

    import altair as alt
    from myst_nb.core.render import MimeData, get_mime_priority

    from compute_limits.data import paths
    from compute_limits.report import charts
    from compute_limits.pipeline.sphinx_ext import VegaPdf

    monkeypatch.setattr(paths, "BUILD", tmp_path)
    spec = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y").to_dict()
    bundle = charts.mimebundle(spec)
    assert bundle[charts.VEGA_MIME] == spec and "application/pdf" not in bundle

    class Renderer:  # myst-nb's element renderer, as far as the plugin uses it
        def __init__(self, builder):
            app = types.SimpleNamespace(builder=types.SimpleNamespace(name=builder))
            self.renderer = types.SimpleNamespace(sphinx_env=types.SimpleNamespace(app=app))

        def render_image(self, data):
            return [data]

    # the HTML build reads the same outputs but never shows the PDF: nothing is drawn
    assert VegaPdf.handle_mime(Renderer("html"), MimeData(charts.VEGA_MIME, spec), False) == []
    assert not (tmp_path / "cache" / "figures").exists()
    [out] = VegaPdf.handle_mime(Renderer("latex"), MimeData(charts.VEGA_MIME, spec), False)
    assert out.mime_type == "application/pdf" and base64.b64decode(out.content).startswith(b"%PDF")
    assert len(list((tmp_path / "cache" / "figures").glob("*.pdf"))) == 1
    assert charts.png_bytes(spec).startswith(b"\x89PNG")
    assert len(list((tmp_path / "cache" / "figures").glob("*.png"))) == 1
    assert VegaPdf.handle_mime(Renderer("latex"), MimeData("text/html", "<p>"), False) is None
    latex, html = get_mime_priority("latex", []), get_mime_priority("html", [])
    assert latex.index(charts.VEGA_MIME) < latex.index("text/plain") and charts.VEGA_MIME not in html


def test_the_sphinx_extension_loads_without_the_chart_libraries():
    """Every Sphinx build loads the book's extension; importing charts there (pandas, altair, vl-convert)
    cost ~2 s at the start of every HTML build, which never draws a PDF."""
    import subprocess
    import sys

    code = "import sys, compute_limits.pipeline.sphinx_ext; print(sorted({'pandas', 'altair', 'vl_convert'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out


def test_the_ledger_sets_a_share_with_the_precision_of_its_interval_and_counts_verdicts():
    """The ledger printed "52.38% (28–71%)", "14× per year (6.53–28.1)", "(−0.0260–0.0646)"; the page counts each
    verdict and each source (the chapter words the sentence); a value without a valid interval says so."""
    from compute_limits.report import claims as C

    ledger = pd.DataFrame({
        "claim": ["a share", "a count", "a best error", "a growth", "a slope", "a record"],
        "paper_value": ["43%", "2", "11.5%", "about 10× a year", "not significant", "about 10× a year"],
        "book_value": [0.523767, 3.0, 0.116, 13.55, 0.0193, 13.55],
        "book_lo": [0.283223, 1.0, 0.116, 6.526, -0.02601, float("nan")],
        "book_hi": [0.713647, 5.0, 0.116, 28.14, 0.06457, float("nan")],
        "unit": ["fraction", "", "fraction", "× a year", "per year", "× per year"],
        "estimable": [True, True, True, True, True, False],
        "label": ["sec-a", "sec-b", "sec-c", "sec-d", "sec-e", "sec-f"], "source": ["paper"] * 5 + ["secondary"],
        "verdict": ["holds", "does not hold", "holds", "holds", "holds", "not testable"]})
    table = C.ledger_table(ledger)
    assert list(table["This book"]) == ["52% (28–71%)", "3 (1–5)", "11.6%", "14× a year (6.5–28)",
                                        "0.0193 per year (−0.0260 to 0.0646)", "14× per year (no valid interval)"]
    assert list(table["#"]) == ["1", "2", "3", "4", "5", "6"] and table["Source"].iloc[-1] == "secondary"
    from compute_limits.analysis.claims import counts

    said = counts(pd.DataFrame({"verdict": ["holds"] * 16 + ["holds in part"] + ["not testable"] * 2,
                                "source": ["paper"] * 17 + ["press", "secondary"]}))
    assert (said.n_claims, said.holds, said.in_part, said.not_hold, said.not_testable) == (19, 16, 1, 0, 2)
    assert (said.uninformative, said.from_paper, said.from_press, said.secondary) == (0, 17, 1, 1)
