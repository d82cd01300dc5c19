"""The site and the PDF: Jupyter Book builds them; this adds what the site carries besides the pages.

:func:`build_html` runs ``jupyter-book build`` (Sphinx's own incremental build, warnings as errors) in
``_build/site`` and, when it succeeds, publishes the site to ``_build/html`` with :func:`add_extras`: the
results copied to ``results/`` (so every figure's "Data (CSV)" link and every results file resolves), the
link-preview image (:func:`draw_preview`) and each chapter source rendered as an HTML page with line anchors
(``sources/chapters/<name>.md.html#L120``), so a figure's "Code" link opens the lines that made it (Pygments,
Sphinx's own highlighter, renders them).  A build that fails leaves the published site as it was.

:func:`build_pdf` builds the PDF from the same executed notebooks with its own table of contents:
``_toc.yml`` without the pages ``chapters/book.toml`` marks ``html_only`` (:func:`pdf_toc`).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import MarkdownLexer

from ..data import paths
from ..data.files import atomic_write, copy_if_changed

PREVIEW = Path("_static") / "preview.png"  # in the site; _config.yml's ogp_image names it
SITE = paths.BUILD / "site"  # Sphinx works here; a successful build is published to _build/html
SITE_PDF = paths.BUILD / "site-pdf"  # the PDF's own Sphinx environment (its table of contents differs)
TOC = paths.ROOT / "_toc.yml"
PDF_TOC = paths.BUILD / "toc-pdf.yml"  # generated from _toc.yml by pdf_toc
PDF_NAME = "computational-limits.pdf"


def jupyter_book(site: Path, builder: str, fresh: bool, toc: Path | None = None) -> int:
    """``jupyter-book build`` into ``site`` with warnings as errors (one Sphinx build at a time per
    checkout).  Sphinx reports a page's warnings only when it reads the page, so after a build that failed
    the next one reads every page again (``--all``): a warning is never lost by building twice."""
    from filelock import FileLock

    failed = site / "last-build-failed"
    fresh = fresh or failed.exists()
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(paths.ROOT), "--path-output", str(site),
           "--builder", builder, "-W", "--keep-going"] + (["--toc", str(toc)] if toc else []) + (["--all"] if fresh else [])
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with FileLock(str(paths.BUILD / ".site.lock")):
        print("$ " + " ".join(cmd), flush=True)
        code = subprocess.run(cmd, cwd=paths.ROOT).returncode
        site.mkdir(parents=True, exist_ok=True)
        if code:
            failed.touch()
        else:
            failed.unlink(missing_ok=True)
        return code


def build_html(fresh: bool = False) -> tuple[int, Path]:
    """Build the site and publish it to ``_build/html``: (Sphinx's exit code, the published site)."""
    published = paths.BUILD / "html"
    code = jupyter_book(SITE, "html", fresh)
    if code != 0:
        return code, published
    add_extras(SITE / "_build" / "html", paths.BUILD / "latex" / PDF_NAME, draw_preview(SITE / "_build" / "html"))
    return 0, publish("html")


def pdf_toc() -> Path:
    """``_toc.yml`` without the pages the registry marks ``html_only``, written to ``_build/toc-pdf.yml``."""
    from .registry import read_registry

    html_only = {f"chapters/{Path(e.source).stem}" for e in read_registry() if e.html_only}
    toc = copy.deepcopy(yaml.safe_load(TOC.read_text(encoding="utf-8")))

    def keep(entries):
        return [e for e in entries if e.get("file") not in html_only]

    for part in toc.get("parts", []):
        part["chapters"] = keep(part["chapters"])
    if "chapters" in toc:
        toc["chapters"] = keep(toc["chapters"])
    atomic_write(PDF_TOC, "# Generated from _toc.yml by compute_limits.pipeline.site.pdf_toc: do not edit.\n"
                 + yaml.safe_dump(toc, sort_keys=False))
    return PDF_TOC


def build_pdf(fresh: bool = False) -> tuple[int, Path]:
    """Build the PDF and publish it to ``_build/latex`` (and into the published site, which links it)."""
    code = jupyter_book(SITE_PDF, "pdflatex", fresh, pdf_toc())
    pdf = SITE_PDF / "_build" / "latex" / PDF_NAME
    if code != 0 or not pdf.exists():
        return code or 1, pdf
    target = publish("latex", SITE_PDF)
    html = paths.BUILD / "html"
    if html.exists():  # every HTML page links to the PDF of the same build (a new file: see _link_or_copy)
        atomic_write(html / PDF_NAME, (target / PDF_NAME).read_bytes())
    return 0, target / PDF_NAME


def publish(name: str, site: Path = SITE) -> Path:
    """Replace ``_build/<name>`` by the fresh ``<site>/_build/<name>`` (the old one stays until then)."""
    built = site / "_build" / name
    target = paths.BUILD / name
    tmp = paths.BUILD / f".{name}-new"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(built, tmp, copy_function=functools.partial(_link_or_copy, built, target))
    old = paths.BUILD / f".{name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def _link_or_copy(built: Path, published: Path, src: str, dst: str) -> str:
    """Copy ``src`` (a file of the site just built) to ``dst``, or hard-link the published site's copy when
    it has the same size and date.  A published site is never written in place (each build makes a new one
    and swaps it in), so the two sites may share unchanged files: MathJax, the theme and most pages (about
    40 MB).  The Sphinx site is never linked: Sphinx rewrites its files in place."""
    old = published / Path(src).relative_to(built)
    try:
        st, ot = os.stat(src), os.stat(old)
        if (st.st_size, st.st_mtime_ns) == (ot.st_size, ot.st_mtime_ns):
            os.link(old, dst)
            return dst
    except OSError:  # not published before, or no hard links here: copy
        pass
    return shutil.copy2(src, dst)


def render_source(source: Path, dest: Path) -> Path:
    rel = source.relative_to(paths.ROOT)
    formatter = HtmlFormatter(full=True, linenos="inline", lineanchors="L", anchorlinenos=True,
                              title=str(rel), cssclass="source")
    html = highlight(source.read_text(encoding="utf-8"), MarkdownLexer(), formatter)
    # lineanchors="L" gives ids "L-120"; figure links use "#L120"
    html = html.replace('id="L-', 'id="L').replace('name="L-', 'name="L').replace('href="#L-', 'href="#L')
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")
    return dest


def draw_preview(site: Path) -> bytes | None:
    """The link-preview image (``_config.yml``: ``ogp_image``), drawn from the spec the front page left in
    the results; None if it left none, or if ``site`` already has the image drawn from this spec (the spec
    is rewritten only when it changes, so a preview newer than it is current)."""
    spec = paths.RESULTS / "figures" / paths.PREVIEW_SPEC
    if not spec.exists():
        return None
    drawn = site / PREVIEW
    if drawn.exists() and drawn.stat().st_mtime_ns >= spec.stat().st_mtime_ns:
        return None
    # Imported here: altair and vl-convert cost about a second, which only a new preview needs.
    from ..report.charts import png_bytes

    return png_bytes(json.loads(spec.read_text(encoding="utf-8")))


# The site's root page forwards to the front page.  Jupyter Book writes a bare <meta> tag there, so a browser
# asks for /favicon.ico, a 404 in the console of everyone who opens the site's address; an empty inline icon
# asks for nothing (a real one would be fetched and then cut off by the forward).
INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Computational Limits of Deep Learning: an executable edition</title>
<link rel="icon" href="data:,">
<meta http-equiv="Refresh" content="0; url={front}">
</head>
<body><p><a href="{front}">The book starts here.</a></p></body>
</html>
"""


def add_extras(site: Path, pdf: Path | None = None, preview: bytes | None = None) -> None:
    """Write the root page, and copy the results, the rendered chapter sources, the link-preview image and
    (if built) the PDF into the built site ``site``."""
    front = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    (site / "index.html").write_text(INDEX.format(front=f"{front}.html"), encoding="utf-8")
    if preview is not None:
        atomic_write(site / PREVIEW, preview)
        os.utime(site / PREVIEW)  # drawn now, from the spec as it is (even when the picture came out the same)
    if pdf is not None and pdf.exists():
        shutil.copyfile(pdf, site / pdf.name)
    # The site folder persists between builds: results and rendered sources are redone only where changed.
    if paths.RESULTS.exists():
        mirror(paths.RESULTS, site / "results")
    for source in sorted(paths.CHAPTERS.glob("*.md")):
        dest = site / "sources" / source.relative_to(paths.ROOT).with_suffix(".md.html")
        if not dest.exists() or dest.stat().st_mtime_ns < source.stat().st_mtime_ns:
            render_source(source, dest)


def mirror(source: Path, dest: Path) -> None:
    """Make ``dest`` a copy of the folder ``source``, copying only files that differ and removing the rest."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    if dest.exists():
        for p in sorted(dest.rglob("*"), reverse=True):
            if p.is_file() and p.relative_to(dest) not in wanted:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    for rel in sorted(wanted):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        copy_if_changed(source / rel, dest / rel)
