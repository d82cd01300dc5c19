"""The Sphinx step on a tiny book: parallel reading, and the runner's exit; what the html step adds to the
site, redone only where it changed (issue 13)."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

PAGES = 7  # Sphinx reads in parallel only above 5 pages


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
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n"
                                   + "".join(f"  - file: page{i}\n" for i in range(1, PAGES)))
    (root / "index.md").write_text("# Tiny\n\nThe front page.\n")
    for i in range(1, PAGES):
        (root / f"page{i}.md").write_text(f"# Page {i}\n\n$x^{i}$ and some text.\n")
    return root


def build(root: Path, jobs: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    return subprocess.run([sys.executable, "-m", "compute_limits.pipeline.jupyter_book_jobs", str(jobs), "build",
                           str(root), "--builder", "html", "-W", "--keep-going"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_pages_are_read_in_parallel_and_a_warning_still_fails_the_build(tmp_path):
    """The runner sets Sphinx's jobs (Jupyter Book's CLI has none) and ends the process itself: the pages must
    all be there, the extensions that say nothing about parallel safety must not turn -W into a failure,
    and a real warning must still give a failing exit code (the html step then keeps the previous site)."""
    root = tiny_book(tmp_path)
    ok = build(root, 2)
    out = re.sub(r"\x1b\[[0-9;]*m", "", ok.stdout + ok.stderr)
    assert ok.returncode == 0, out[-3000:]
    assert "does not declare" not in out and "serial read" not in out
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", out), out[-3000:]
    html = root / "_build" / "html"
    assert all("some text" in (html / f"page{i}.html").read_text() for i in range(1, PAGES))
    (root / "page3.md").write_text("# Page 3\n\nSee {ref}`no-such-label`.\n")
    failed = build(root, 2)
    assert failed.returncode != 0
    assert "no-such-label" in failed.stdout + failed.stderr


def test_the_vega_bundle_is_written_once_and_kept_while_unchanged(tmp_path, monkeypatch):
    """``make venv`` writes the bundle (``compute_limits assets``); the html step only checks it exists."""
    from compute_limits.pipeline import cli
    from compute_limits.data import paths

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


def test_publishing_shares_unchanged_files_with_the_last_published_site_only(tmp_path, monkeypatch):
    """``publish`` links files that did not change from the previously published site (MathJax alone is 24 MB)
    and copies the rest; nothing it publishes shares a file with the Sphinx site, which Sphinx rewrites in
    place, so a failing next build cannot reach the published pages."""
    from compute_limits.pipeline import cli
    from compute_limits.data import paths

    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    built = tmp_path / "site" / "_build" / "html"
    (built / "_static").mkdir(parents=True)
    (built / "_static" / "big.js").write_text("kept")
    (built / "page.html").write_text("first")
    first = cli.publish("html", tmp_path / "site")
    assert first == tmp_path / "_build" / "html" and (first / "page.html").read_text() == "first"
    kept_inode = (first / "_static" / "big.js").stat().st_ino
    assert kept_inode != (built / "_static" / "big.js").stat().st_ino
    (built / "page.html").write_text("second, longer")
    second = cli.publish("html", tmp_path / "site")
    assert (second / "page.html").read_text() == "second, longer"
    assert (second / "_static" / "big.js").stat().st_ino == kept_inode  # linked from the last published site
    with open(built / "page.html", "w") as fh:  # as Sphinx writes a page: in place
        fh.write("half-written")
    with open(built / "_static" / "big.js", "w") as fh:
        fh.write("changed")
    assert (second / "page.html").read_text() == "second, longer"
    assert (second / "_static" / "big.js").read_text() == "kept"
    assert not list(tmp_path.joinpath("_build").glob(".html-*"))  # no leftovers
