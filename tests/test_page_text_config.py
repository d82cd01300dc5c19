"""Page text that the Sphinx extension and the table writer place, written in ``_config.yml`` (issue 24, item 5;
issue 26: the online edition's address).

* The PDF says where the online edition and its calculator are: with ``html.baseurl`` set, their addresses;
  without, in a reader's words, the HTML edition built with the PDF and its page names (it printed "(its address
  is not set yet: html.baseurl in _config.yml)", a note to a maintainer).
* A table without rows, a variant build's notice and "Cite this page" take their words from ``_config.yml``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import yaml

from compute_limits.pipeline import sphinx_ext
from compute_limits.pipeline.sphinx_variant import notice
from compute_limits.report import tables

ROOT = Path(__file__).resolve().parents[1]
BOOK = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
SPHINX = BOOK["sphinx"]["config"]
MAINTAINER_WORDS = ("html.baseurl", "_config.yml", "not set")


def _substitutions(url: str) -> dict:
    config = SimpleNamespace(html_baseurl=url, ogp_site_url="", myst_substitutions=dict(BOOK["parse"]["myst_substitutions"]),
                             cl_online_edition=SPHINX["cl_online_edition"], cl_calculator_page=SPHINX["cl_calculator_page"])
    sphinx_ext._site_url(None, config)
    return config.myst_substitutions


def test_without_an_address_the_pdf_names_the_html_edition_and_the_calculators_page():
    subs = _substitutions("")
    words = subs["online_edition"] + " " + subs["online_calculator"]
    assert not any(w in words for w in MAINTAINER_WORDS), words
    assert "HTML edition" in words and "index.html" in words
    page = SPHINX["cl_calculator_page"].split("#")[0]
    assert page in subs["online_calculator"] and "What lower error rates would cost" in subs["online_calculator"]


def test_with_an_address_the_pdf_prints_it_and_the_calculators_full_address():
    subs = _substitutions("https://example.org/limits")
    assert subs["online_edition"] == "at https://example.org/limits/"
    assert subs["online_calculator"] == "at https://example.org/limits/chapters/future_costs.html#future-costs-calculator"


def test_the_calculators_page_and_label_are_the_chapters():
    page, label = SPHINX["cl_calculator_page"].split("#")
    source = (ROOT / page).with_suffix(".md")
    assert f"({label})=" in source.read_text(encoding="utf-8")
    assert page.removesuffix(".html") in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    # the chapters print the substitutions, not an address of their own
    for chapter in ("intro.md", "data_appendix.md"):
        assert "{{ online_edition }}" in (ROOT / "chapters" / chapter).read_text(encoding="utf-8")


def test_a_sphinx_build_prints_the_address_or_the_words(tmp_path):
    """A small Sphinx project with the book's extension and _config.yml's words, built without and with
    ``html_baseurl``: the page prints the HTML edition's words, then the address and the calculator's."""
    src = tmp_path / "book"
    src.mkdir()
    (src / "conf.py").write_text(textwrap.dedent(f"""
        extensions = ["myst_parser", "sphinxext.opengraph", "compute_limits.pipeline.sphinx_ext"]
        myst_enable_extensions = ["substitution"]
        cl_online_edition = {SPHINX["cl_online_edition"]!r}
        cl_calculator_page = {SPHINX["cl_calculator_page"]!r}
        """))
    (src / "index.md").write_text("# Book\n\nThe online edition is {{ online_edition }}; its calculator is "
                                  "{{ online_calculator }}.\n")

    def build(*args) -> str:
        out = tmp_path / f"text{len(args)}"
        proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "text", "-q", "-W", *args, str(src), str(out)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return " ".join((out / "index.txt").read_text().split()).replace("- ", "-")  # the text builder wraps at "-"

    without = build()
    assert "HTML edition built with this PDF" in without and "chapters/future_costs.html" in without
    assert not any(w in without for w in MAINTAINER_WORDS), without
    with_url = build("-Dhtml_baseurl=https://example.org/limits/")
    assert ("is at https://example.org/limits/; its calculator is at "
            "https://example.org/limits/chapters/future_costs.html#future-costs-calculator.") in with_url


def test_an_empty_table_is_the_substitution_config_words():
    shown = tables.table(pd.DataFrame({"a": []}), "caption", "tbl-x")
    assert shown.data == "{{ empty_table }}"
    words = BOOK["parse"]["myst_substitutions"]["empty_table"]
    assert words.startswith("*No rows in this build") and "parse" in BOOK and "substitution" in BOOK["parse"][
        "myst_enable_extensions"]


def test_the_variant_notice_ends_with_the_config_sentence():
    change = {"kind": "parameter", "name": "level", "value": "0.9", "default": "0.95", "why": "it fits"}
    end = SPHINX["cl_variant_notice_end"]
    box = notice([change], end)
    assert box.children[-1].astext() == end and "reproducibility appendix" in end
    assert "reproducibility appendix" not in notice([change]).astext()  # no words of its own in the code


def test_cite_this_page_is_the_config_template():
    template = SPHINX["cl_cite_this_page"]
    filled = template.format(year=2026, title="T", version="1", date="2026-01-01", root="../")
    assert "Cite this page" in filled and 'href="../computational-limits.pdf"' in filled
