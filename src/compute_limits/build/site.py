"""What the published site carries besides the pages: the results CSVs and the chapter sources.

After Sphinx has built the HTML, :func:`add_extras` copies ``_build/results`` to ``results/`` (so every
figure's "Data (CSV)" link and every results file resolves), writes the link-preview image
(:func:`draw_preview`) and renders each chapter source as an HTML page with line anchors (``sources/chapters/<name>.md.html#L120``), so a figure's "Code" link
opens the lines that made it.  Pygments (Sphinx's own highlighter) does the rendering.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import yaml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import MarkdownLexer

from ..data import paths

STAMP = ".inputs-sha256"  # in the published site: what it was built from


def inputs_hash(builder: str) -> str:
    """A fingerprint of everything a Sphinx build reads (executed notebooks, configuration, static files,
    bibliography, chapter sources, the package for the API page, the results copied into the site): each
    file's path, size and modification time, so checking it costs a directory walk, not a read."""
    digest = hashlib.sha256(builder.encode())
    roots = [paths.CHAPTERS, paths.STATIC, paths.RESULTS, paths.ROOT / "src" / "compute_limits"]
    files = [paths.ROOT / n for n in ("_config.yml", "_toc.yml", "_toc_pdf.yml", "references.bib")]
    for root in roots:
        if root.exists():
            files += sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for f in files:
        if f.exists():
            st = f.stat()
            digest.update(f"{f.relative_to(paths.ROOT)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def is_current(site: Path, builder: str) -> bool:
    stamp = site / STAMP
    return stamp.exists() and stamp.read_text().strip() == inputs_hash(builder)


def stamp(site: Path, builder: str) -> None:
    (site / STAMP).write_text(inputs_hash(builder) + "\n")


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


def draw_preview() -> bytes | None:
    """The link-preview image (``_config.yml``: ``ogp_image``), drawn from the spec the front page left in
    the results, or None if it left none."""
    from ..report.charts import PREVIEW_SPEC, png_bytes  # altair and vl-convert: only when a site is built

    spec = paths.RESULTS / "figures" / PREVIEW_SPEC
    return png_bytes(json.loads(spec.read_text(encoding="utf-8"))) if spec.exists() else None


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
        (site / "_static").mkdir(exist_ok=True)
        (site / "_static" / "preview.png").write_bytes(preview)
    if pdf is not None and pdf.exists():
        shutil.copyfile(pdf, site / pdf.name)
    if paths.RESULTS.exists():
        shutil.rmtree(site / "results", ignore_errors=True)
        shutil.copytree(paths.RESULTS, site / "results")
    for source in sorted(paths.CHAPTERS.glob("*.md")):
        render_source(source, site / "sources" / source.relative_to(paths.ROOT).with_suffix(".md.html"))
