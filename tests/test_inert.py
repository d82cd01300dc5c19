"""Strings from data files are inert wherever the book writes them (issue 26): inside a chart's inline
``<script>``, in a Markdown table (any cell, any header), in a code span (a user's path in the variant notice).
The whole-book check on hostile data files is tests/test_hostile_data.py (make test-variants)."""

from __future__ import annotations

import json
import re

import pandas as pd
from markdown_it import MarkdownIt

from compute_limits.report import charts, tables
from compute_limits.report.glue import Md

HOSTILE = ["</script><img src=x onerror=alert(1)>", "<!--", "**bold** _it_ `code`", "{eval}`1+1`",
           "{download}`x <../../../etc/passwd>`", "$\\def\\x{1}\\x$", "\\input{/etc/passwd}", "a | b", "line\nbreak",
           "&amp; &lt;", "[link](javascript:alert(1))", "=HYPERLINK(\"x\")", "\u2028\u2029", "ViP-B|384"]


def test_chart_json_cannot_end_its_script_element_and_reads_back_the_same():
    spec = {"datasets": {"d": [{"model": s} for s in HOSTILE]}, "description": HOSTILE[0]}
    html = charts.mimebundle(spec)["text/html"]
    script = html[html.index("<script>") + len("<script>"):html.rindex("</script>")]
    assert "</" not in script and "<!--" not in script and "<img" not in script
    assert "\u2028" not in script and "\u2029" not in script
    text = re.search(r"var spec=(\{.*\});function draw", script).group(1)
    drawn = json.loads(text)
    assert drawn["datasets"] == spec["datasets"] and drawn["description"] == spec["description"]  # exactly the data


def _cells(markdown: str) -> list[str]:
    """The text of every cell of the table, as a CommonMark + GFM-table parser reads it."""
    body = markdown.split("\n\n", 1)[1].rsplit("\n", 2)[0]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    out = []
    for t in tokens:
        if t.type == "inline":
            assert all(c.type in ("text", "softbreak") for c in t.children), [c.type for c in t.children]
            out.append("".join(c.content for c in t.children))
    return out


def test_every_table_cell_and_header_is_shown_literally():
    df = pd.DataFrame({h: [h, 3] for h in HOSTILE})
    cells = _cells(tables.markdown(df, "A caption", "tbl-x"))
    flat = [" ".join(h.split()) for h in HOSTILE]
    assert cells == flat + flat + ["3"] * len(HOSTILE)


def test_markup_cells_are_md_and_literal_is_idempotent():
    df = pd.DataFrame({"a": [Md("**holds**"), tables.literal("*x*")], "b": [tables.literal(tables.literal("<b>")), "1"]})
    text = tables.markdown(df)
    assert "| **holds** " in text and "\\*x\\*" in text and "\\\\" not in text and "\\<b\\>" in text


def test_code_spans_hold_any_backticks():
    for s in ("a`b", "``", "`x", "x`", "{eval}`1`"):
        span = tables.code(s)
        tokens = MarkdownIt("commonmark").parseInline(span)[0].children
        assert [t.type for t in tokens] == ["code_inline"] and tokens[0].content == s, (s, span)


def test_the_variant_notice_shows_a_users_file_literally():
    """The notice (pipeline/sphinx_variant.py) is made of docutils nodes: a file's name is a literal's text."""
    from docutils import nodes

    from compute_limits.pipeline.sphinx_variant import notice

    name = "`x`{eval}`1`<script>$\\input{/etc/passwd}$.csv"
    box = notice([{"kind": "data", "name": "imagenet", "file_name": name, "value": "/u/" + name,
                   "default": "data/raw/imagenet.csv", "why": "it reads the file"}])
    literals = [n.astext() for n in box.findall(nodes.literal)]
    assert name in literals and not list(box.findall(nodes.raw))


def test_tooltip_titles_from_data_read_back_as_they_are_in_vega_expressions():
    """Vega-Lite writes a tooltip's title into a Vega expression escaping only its quotes: charts.inert escapes
    the rest, so the expression is valid and its key is the title itself (checked on the pinned Vega-Lite)."""
    import vl_convert as vlc

    for title in ("× AlexNet " + HOSTILE[5] + " " + HOSTILE[6], 'a\\"+(1+1)+"', "a\\", "two\nlines", 'q"uote'):
        spec = charts.inert({"data": {"values": [{"x": 1}]}, "mark": "point",
                             "encoding": {"x": {"field": "x", "type": "quantitative"},
                                          "tooltip": [{"field": "x", "type": "quantitative", "title": title}]}})
        vega = vlc.vegalite_to_vega(spec, vl_version=charts.VL_VERSION)
        signal = vega["marks"][0]["encode"]["update"]["tooltip"]["signal"]
        key = re.match(r'\{("(?:[^"\\]|\\.)*"):', signal).group(1)
        assert json.loads(key) == title, (title, signal)
        vlc.vegalite_to_svg(spec, vl_version=charts.VL_VERSION)  # the expression parses (it failed before)


def test_axis_and_legend_titles_from_data_draw_as_they_are():
    """A channel's title is also written into each mark's ARIA description expression: marks go without it."""
    import vl_convert as vlc

    title = "relative to " + HOSTILE[5] + ' \\"+(1)+"'
    spec = {"data": {"values": [{"x": 1, "c": "a"}]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative", "title": title},
                         "color": {"field": "c", "type": "nominal", "title": title}}}
    svg = vlc.vegalite_to_svg(charts.inert(spec), vl_version=charts.VL_VERSION)
    assert svg.count("aria-label") >= 2  # the axis and the legend keep their labels
    assert title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;") in svg


def test_a_table_too_tall_for_a_page_breaks_across_pages():
    """A LaTeX tabulary never breaks: a table of few rows whose wrapped cells fill a page is a longtable too."""
    words = "a reason stated in full, as the main specification gives one for each of its choices " * 4
    tall = pd.DataFrame({"choice": [f"c{i}" for i in range(12)], "why": [words] * 12})
    short = pd.DataFrame({"choice": [f"c{i}" for i in range(12)], "why": ["brief"] * 12})
    assert ":class: cl-table longtable" in tables.markdown(tall, "Tall", "tbl-tall")
    assert ":class: cl-table\n" in tables.markdown(short, "Short", "tbl-short")
