"""What the published site carries besides the pages: the results CSVs and the chapter sources.

After Sphinx has built the HTML, :func:`add_extras` copies ``_build/results`` to ``results/`` (so every
figure's "Data (CSV)" link and every results file resolves), writes the link-preview image
(:func:`draw_preview`) and renders each chapter source as an HTML page with line anchors (``sources/chapters/<name>.md.html#L120``), so a figure's "Code" link
opens the lines that made it.  Pygments (Sphinx's own highlighter) does the rendering.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import MarkdownLexer

from ..data import paths
from ..data.files import atomic_write, copy_if_changed

PREVIEW = Path("_static") / "preview.png"  # in the site; _config.yml's ogp_image names it


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
