"""What the published site carries besides the pages: the results CSVs and the chapter sources.

After Sphinx has built the HTML, :func:`add_extras` copies ``_build/results`` to ``results/`` (so every
figure's "Data (CSV)" link and every results file resolves) and renders each chapter source as an
HTML page with line anchors (``sources/chapters/<name>.md.html#L120``), so a figure's "Code" link
opens the lines that made it.  Pygments (Sphinx's own highlighter) does the rendering.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import MarkdownLexer

from ..data import paths


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


def add_extras(site: Path, pdf: Path | None = None) -> None:
    """Copy the results, the rendered chapter sources and (if built) the PDF into the built site ``site``."""
    if pdf is not None and pdf.exists():
        shutil.copyfile(pdf, site / pdf.name)
    if paths.RESULTS.exists():
        shutil.rmtree(site / "results", ignore_errors=True)
        shutil.copytree(paths.RESULTS, site / "results")
    for source in sorted(paths.CHAPTERS.glob("*.md")):
        render_source(source, site / "sources" / source.relative_to(paths.ROOT).with_suffix(".md.html"))
