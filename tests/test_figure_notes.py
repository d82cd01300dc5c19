"""Each figure gives the date of its data and links the package functions that draw it, in the site's source view
of the tree the book was built from (issue 26)."""

from __future__ import annotations

import datetime
import inspect
import json
import re
import textwrap

import pandas as pd
import pytest

from compute_limits.data import manifest, paths
from compute_limits.report import charts, figure_code, ways_out_charts

CHAPTER = textwrap.dedent('''\
    # A chapter

    ```{code-cell} ipython3
    :tags: [remove-cell]

    from compute_limits.report import charts
    from compute_limits.report import ways_out_charts as plots
    from compute_limits.report.glue import glue_all
    ```

    Prose.

    ```{code-cell} ipython3
    :tags: [remove-input]

    glue_all("x", {})
    chart, drawn = plots.years_chart(table, names, 2100)
    other = plots.rates_chart(table, names)
    charts.figure("fig_years", chart, drawn, description="when each target fits the budget")
    ```
    ''')


def test_a_figure_names_the_package_functions_that_draw_it(tmp_path):
    source = tmp_path / "chapter.md"
    source.write_text(CHAPTER)
    line = next(i for i, t in enumerate(CHAPTER.splitlines(), 1) if "charts.figure(" in t)
    found = figure_code.called(source, line, "fig_years")
    first = inspect.getsourcelines(ways_out_charts.years_chart)[1]
    # only what makes the figure's arguments: not the glue, not the other chart, not charts.figure itself
    assert found == [figure_code.Called("report.ways_out_charts.years_chart",
                                        "src/compute_limits/report/ways_out_charts.py", first)]
    assert figure_code.called(source, 1, "fig_years") == []  # no code cell holds the line


def test_the_data_note_dates_each_source_once_and_shows_it_as_it_is(monkeypatch):
    """Each source once, with its release; a string from a data file is Markdown that shows it literally (it is
    read as Markdown text, outside the raw HTML, so that the PDF's caption keeps it: html.escape left a role or
    emphasis live)."""
    from markdown_it import MarkdownIt

    monkeypatch.setenv(paths.INPUTS_ENV, json.dumps([
        {"key": "imagenet", "benchmark": True, "origin": "the authors' released data (MIT FutureTech)",
         "released": "2022-08-04"},
        {"key": "coco", "benchmark": True, "origin": "the authors' released data (MIT FutureTech)",
         "released": "2022-08-04"},
        {"key": "epoch", "benchmark": False, "origin": "<img src=x onerror=alert(1)> *loud* {download}`/etc/passwd`",
         "released": None}]))
    note = charts.data_note()
    html = MarkdownIt("commonmark").renderInline(note)
    assert html == ("Data: the authors' released data (MIT FutureTech), release of August 2022; "
                    "&lt;img src=x onerror=alert(1)&gt; *loud* {download}`/etc/passwd`, date of release not recorded")
    assert "\\`" in note and "\\*" in note  # no role, no emphasis: MyST reads what CommonMark reads here
    assert MarkdownIt("commonmark").renderInline(charts.data_note(["@benchmarks"])) == (
        "Data: the authors' released data (MIT FutureTech), release of August 2022")
    assert "authors" not in charts.data_note(["epoch"]) and "date of release not recorded" in charts.data_note(["epoch"])
    with pytest.raises(ValueError, match="fig_x.*hw_gpu"):
        charts.data_note(["hw_gpu"], "fig_x")  # a source the chapter does not read
    monkeypatch.delenv(paths.INPUTS_ENV)
    assert charts.data_note() == "" and charts.data_note(["epoch"]) == ""


def test_every_manifest_file_says_when_its_release_was_made():
    m = manifest.read_manifest()
    assert "released" in m.columns
    for data_id, date in m["released"].items():
        assert datetime.date.fromisoformat(date) <= datetime.date.today(), data_id


def test_the_pipeline_hands_each_chapter_the_dates_of_its_data():
    from compute_limits.pipeline import pipeline, registry

    job = next(j for j in registry.load_jobs() if j.id == "history")
    records = pipeline.input_records(job)
    epoch = next(r for r in records if r["key"] == "epoch")
    assert epoch["released"] == manifest.read_manifest().loc["epoch", "released"]


def test_package_modules_are_shown_with_line_anchors_and_the_build_commit(tmp_path):
    from compute_limits.pipeline import site

    rel = paths.ROOT / "src" / "compute_limits" / "report" / "ways_out_charts.py"
    dest = site.render_module(rel, rel.relative_to(paths.ROOT), tmp_path / "view.html", "abc1234")
    text = dest.read_text()
    first = inspect.getsourcelines(ways_out_charts.years_chart)[1]
    assert f'id="L{first}"' in text and "<code>abc1234</code>" in text
    assert 'href="../../../../chapters/api.html"' in text  # sources/src/compute_limits/report/ → the site's root


@pytest.mark.slow
def test_every_figure_links_what_draws_it_and_dates_its_data(built_book):
    site = built_book["site"]
    checked, notes = 0, {}
    for page in sorted(site.glob("chapters/**/*.html")):
        text = page.read_text()
        for span in re.findall(r'<span class="cl-figure-links">(.*?)</span>', text, re.DOTALL):
            if "Code</a>" not in span:
                continue
            checked += 1
            assert "drawn by" in span, (page.name, span[:200])
            assert "<wbr>" in span, "a long function name must be able to break on a phone"
            for href, line in re.findall(r'href="([^"]+\.py\.html)#L(\d+)"', span):
                view = (page.parent / href).resolve()
                assert view.exists() and f'id="L{line}"' in view.read_text(), (page.name, href)
            if page.name not in ("theory.html", "simulation_methods.html"):  # simulated data: no data files
                note = re.search(r'</span> <span class="cl-figure-data">(.*?)</span>', text[text.index(span):])
                assert note and re.search(r"Data: .*release of \w+ \d{4}", note[1]), (page.name, span[-200:])
                notes.setdefault(page.name, set()).add(note[1])
    assert checked >= 10, checked
    # each figure names the data it draws: the history chapter's long-run figure only Epoch AI's table, its
    # hardware figure the chip tables too
    assert len(notes["history.html"]) >= 3, notes["history.html"]
    assert not any("MIT FutureTech" in n for n in notes["history.html"] if "Epoch" in n and "GPU" not in n)


# ---------------------------------------------------------------- the PDF: long reference tables stay online


def test_tables_named_for_an_excerpt_keep_their_first_rows_in_the_pdf_and_the_chapter_says_where_they_are():
    from types import SimpleNamespace

    import yaml
    from docutils import nodes

    from compute_limits.pipeline.sphinx_ext import PDF_EXCERPT_ROWS, _pdf_excerpt_tables

    def table(ident, rows):
        body = nodes.tbody()
        body += [nodes.row("", nodes.entry("", nodes.paragraph(text=str(i)))) for i in range(rows)]
        return nodes.table("", nodes.title(text=f"caption of {ident}"), nodes.tgroup("", body), ids=[ident])

    def doctree():
        section = nodes.section()
        section += [table("tbl-long", 40), table("tbl-short", 40)]
        return section

    def rows(tree):
        return {t["ids"][0]: len(list(t.findall(nodes.row))) for t in tree.findall(nodes.table)}

    def app(fmt):
        return SimpleNamespace(config=SimpleNamespace(cl_pdf_excerpt_tables=["tbl-long"]),
                               builder=SimpleNamespace(format=fmt))

    pdf, site = doctree(), doctree()
    _pdf_excerpt_tables(app("latex"), pdf, "page")
    _pdf_excerpt_tables(app("html"), site, "page")
    # the PDF keeps both tables (so both keep their numbers) and the long one's caption, with its first rows
    assert rows(pdf) == {"tbl-long": PDF_EXCERPT_ROWS, "tbl-short": 40}
    assert "caption of tbl-long" in pdf.astext()
    assert rows(site) == {"tbl-long": 40, "tbl-short": 40}
    # the book's list names tables of the data appendix, whose PDF paragraph points to the online edition
    names = yaml.safe_load((paths.ROOT / "_config.yml").read_text())["sphinx"]["config"]["cl_pdf_excerpt_tables"]
    text = (paths.ROOT / "chapters" / "data_appendix.md").read_text()
    assert names and all(f'"{n}"' in text for n in names)
    only = text[text.index("```{only} latex"):]
    assert "{{ online_edition }}" in only[:only.index("\n```")]
