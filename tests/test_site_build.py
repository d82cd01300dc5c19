"""The Sphinx step on a tiny book: Jupyter Book's own build, warnings as errors, and a warning never lost by
building again; what the html step adds to the site, redone only where it changed; the PDF's table of contents
(issues 13, 24)."""

import json
import math
import os
import textwrap
from pathlib import Path

from conftest import ROOT


def tiny_book(root: Path) -> Path:
    (root / "_config.yml").write_text(textwrap.dedent("""\
        title: Tiny
        execute:
          execute_notebooks: "off"
        latex:
          use_jupyterbook_latex: false  # as the book's
        sphinx:
          extra_extensions:
            - sphinx-mathjax-offline
            - compute_limits.pipeline.sphinx_ext
        """))
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: page1\n  - file: page2\n")
    (root / "index.md").write_text("# Tiny\n\nThe front page.\n")
    for i in (1, 2):
        (root / f"page{i}.md").write_text(f"# Page {i}\n\n$x^{i}$ and some text.\n")
    return root


def build(root: Path, monkeypatch) -> int:
    from compute_limits.data import paths
    from compute_limits.pipeline import site

    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "BUILD", root / "_build")
    return site.jupyter_book(root / "_build" / "site", "html", fresh=False)


def test_a_warning_fails_the_build_and_building_again_does_not_lose_it(tmp_path, monkeypatch, capfd):
    """Sphinx reports a page's warnings only when it reads the page: a second incremental build would read
    nothing and succeed.  After a failed build the next one reads every page again."""
    root = tiny_book(tmp_path)
    assert build(root, monkeypatch) == 0
    html = root / "_build" / "site" / "_build" / "html"
    assert all("some text" in (html / f"page{i}.html").read_text() for i in (1, 2))
    (root / "page2.md").write_text("# Page 2\n\nSee {ref}`no-such-label`.\n")
    assert build(root, monkeypatch) != 0
    assert "no-such-label" in "".join(capfd.readouterr())  # Sphinx writes warnings to stderr
    assert build(root, monkeypatch) != 0, "the warning of the page read last time was lost"


def test_a_chart_with_missing_or_unbounded_values_is_sent_as_json(tmp_path):
    """JSON has no NaN or infinity: a chart whose data hold them (an unbounded interval's end, a missing flag)
    made jupyter_client warn on every chapter that drew one ("Out of range float values are not JSON
    compliant").  They are sent as null, which Vega reads as missing, as it read them before."""
    import warnings

    import altair as alt
    import pandas as pd
    from jupyter_client.session import Session

    from compute_limits.report import charts

    df = pd.DataFrame({"x": [1.0, 2.0, 3.0], "hi": [2.0, math.inf, 4.0], "flag": [True, None, False]})
    df["flag"] = df["flag"].astype(object).where(df["flag"].notna(), float("nan"))
    bundle = charts.mimebundle(alt.Chart(df).mark_rule().encode(x="x", x2="hi").to_dict())
    values = next(iter(bundle[charts.VEGA_MIME]["datasets"].values()))
    assert values[1]["hi"] is None and values[1]["flag"] is None and values[0]["hi"] == 2.0
    json.dumps(bundle[charts.VEGA_MIME], allow_nan=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Session().msg("display_data", {"data": bundle, "metadata": {}})  # what the kernel sends
        Session().pack({"data": bundle})


def test_the_pdf_toc_is_the_html_toc_without_the_html_only_pages(tmp_path, monkeypatch):
    import yaml

    from compute_limits.pipeline import site

    monkeypatch.setattr(site, "PDF_TOC", tmp_path / "toc-pdf.yml")
    pdf = yaml.safe_load(site.pdf_toc().read_text())
    html = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for part in html["parts"]:
        part["chapters"] = [c for c in part["chapters"] if c.get("file") != "chapters/api"]
    assert pdf == html


def test_the_vega_bundle_is_written_once_and_kept_while_unchanged(tmp_path, monkeypatch):
    """``make venv`` writes the bundle (``compute_limits assets``); the html step only checks it exists."""
    from compute_limits.data import paths
    from compute_limits.pipeline import cli

    monkeypatch.setattr(paths, "STATIC", tmp_path / "_static")
    bundle = cli.write_assets()
    assert bundle == tmp_path / "_static" / "vendor" / "vega-bundle.js"
    text = bundle.read_text()
    assert text.startswith("(function(){") and "vegaEmbed" in text and len(text) > 500_000
    stamp = bundle.stat().st_mtime_ns
    assert cli.ensure_assets() == bundle and cli.write_assets() == bundle
    assert bundle.stat().st_mtime_ns == stamp  # same bytes: left alone, so the site is not rebuilt for it


def test_the_site_copy_of_the_results_follows_them_file_for_file(tmp_path):
    """The site's results folder is updated in place: changed files are copied, unchanged ones keep their date,
    and files that left the results (a benchmark removed from the config) leave the site too."""
    from compute_limits.pipeline.site import mirror

    src, dest = tmp_path / "results", tmp_path / "site" / "results"
    (src / "figures").mkdir(parents=True)
    (src / "a.csv").write_text("x\n1\n")
    (src / "figures" / "f.csv").write_text("y\n2\n")
    (src / "gone.csv").write_text("z\n3\n")
    mirror(src, dest)
    kept = (dest / "a.csv").stat().st_mtime_ns
    (src / "gone.csv").unlink()
    (src / "figures" / "f.csv").write_text("y\n20\n")
    mirror(src, dest)
    assert sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file()) == ["a.csv", "figures/f.csv"]
    assert (dest / "figures" / "f.csv").read_text() == "y\n20\n"
    assert (dest / "a.csv").stat().st_mtime_ns == kept


def test_the_link_preview_is_drawn_only_when_its_spec_changed(tmp_path, monkeypatch):
    """Drawing the preview imports altair and vl-convert (about a second beside Sphinx); a site whose preview
    is newer than the spec the front page left keeps it."""
    import json

    from compute_limits.pipeline import site as site_step
    from compute_limits.data import paths

    monkeypatch.setattr(paths, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")  # the drawing cache
    site = tmp_path / "site"
    assert site_step.draw_preview(site) is None  # no spec: no preview
    spec = paths.RESULTS / "figures" / paths.PREVIEW_SPEC
    spec.parent.mkdir(parents=True)
    chart = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": [{"x": 1, "y": 2}]},
             "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    spec.write_text(json.dumps(chart))
    png = site_step.draw_preview(site)
    assert png.startswith(b"\x89PNG")
    (site / "_static").mkdir(parents=True)
    (site / site_step.PREVIEW).write_bytes(png)  # as add_extras leaves it
    assert site_step.draw_preview(site) is None  # drawn after the spec was written: current
    chart["mark"] = "bar"
    spec.write_text(json.dumps(chart))
    os.utime(spec, ns=((site / site_step.PREVIEW).stat().st_mtime_ns + 10**9,) * 2)
    redrawn = site_step.draw_preview(site)
    assert redrawn is not None and redrawn != png
    (site / site_step.PREVIEW).write_bytes(redrawn)  # a spec rewritten with the same picture: drawn once only
    earlier = __import__("time").time_ns() - 10 * 10**9
    os.utime(site / site_step.PREVIEW, ns=(earlier, earlier))
    os.utime(spec, ns=(earlier + 10**9,) * 2)
    monkeypatch.setattr(paths, "CHAPTERS", tmp_path / "no-chapters")
    site_step.add_extras(site, None, site_step.draw_preview(site))
    assert site_step.draw_preview(site) is None


def test_publishing_shares_unchanged_files_with_the_last_published_site_only(tmp_path, monkeypatch):
    """``publish`` links files that did not change from the previously published site (MathJax alone is 24 MB)
    and copies the rest; nothing it publishes shares a file with the Sphinx site, which Sphinx rewrites in
    place, so a failing next build cannot reach the published pages."""
    from compute_limits.data import paths
    from compute_limits.pipeline import site

    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    built = tmp_path / "site" / "_build" / "html"
    (built / "_static").mkdir(parents=True)
    (built / "_static" / "big.js").write_text("kept")
    (built / "page.html").write_text("first")
    first = site.publish("html", tmp_path / "site")
    assert first == tmp_path / "_build" / "html" and (first / "page.html").read_text() == "first"
    kept_inode = (first / "_static" / "big.js").stat().st_ino
    assert kept_inode != (built / "_static" / "big.js").stat().st_ino
    (built / "page.html").write_text("second, longer")
    second = site.publish("html", tmp_path / "site")
    assert (second / "page.html").read_text() == "second, longer"
    assert (second / "_static" / "big.js").stat().st_ino == kept_inode  # linked from the last published site
    with open(built / "page.html", "w") as fh:  # as Sphinx writes a page: in place
        fh.write("half-written")
    with open(built / "_static" / "big.js", "w") as fh:
        fh.write("changed")
    assert (second / "page.html").read_text() == "second, longer"
    assert (second / "_static" / "big.js").read_text() == "kept"
    assert not list(tmp_path.joinpath("_build").glob(".html-*"))  # no leftovers
