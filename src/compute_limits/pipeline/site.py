"""The site and the PDF: Jupyter Book builds them; this adds what the site carries besides the pages.

:func:`build_html` runs ``jupyter-book build`` (Sphinx's own incremental build, warnings as errors) in
``_build/site`` and, when it succeeds, publishes the site to ``_build/html`` with :func:`add_extras`: the
results copied to ``results/`` (so every figure's "Data (CSV)" link and every results file resolves), the
link-preview image (:func:`draw_preview`) and each chapter source rendered as an HTML page with line anchors
(``sources/chapters/<name>.md.html#L120``), so a figure's "Code" link opens the lines that made it (Pygments,
Sphinx's own highlighter, renders them), and each package module likewise (``sources/src/compute_limits/…py.html``,
headed by the build's commit: :func:`render_modules`), for the functions a figure's "drawn by" links name.  A build that fails leaves the published site as it was.

:func:`build_pdf` builds the PDF from the same executed notebooks with its own table of contents:
``_toc.yml`` without the pages ``chapters/book.toml`` marks ``html_only`` (:func:`pdf_toc`).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from pygments import highlight
from pygments.formatters import HtmlFormatter

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


# A chapter's source as a page a reader can read on any screen: lines wrap (no line is wider than the window),
# prose is text, each code cell is highlighted as Python, every line keeps its number and its anchor (#L120, the
# figures' "Code" links), and a link leads back to the chapter.  Everything shown is escaped (Pygments escapes).
SOURCE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 0 1rem 3rem; color: #222; }}
nav {{ padding: 0.8rem 0; border-bottom: 1px solid #ccc; margin-bottom: 1rem; }}
.source pre {{ white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font-size: 14px; }}
.source .prose pre {{ font-family: inherit; font-size: 16px; }}
.source .fence pre {{ color: #555; }}
.source .cell {{ background: #f6f8fa; border-left: 3px solid #8aa; padding: 0.2rem 0.5rem; margin: 0.3rem 0; }}
.source .linenos {{ color: #6a6a6a; user-select: none; padding-right: 0.6em; font-family: monospace; font-size: 12px; }}
.source .linenos a {{ color: inherit; text-decoration: none; }}
{css}
</style>
</head>
<body>
<nav><a href="{back}">&larr; Back to the chapter</a> &middot; <code>{rel}</code>: the chapter&rsquo;s source
(prose as text, code cells highlighted), line numbered as the figures&rsquo; &ldquo;Code&rdquo; links cite it.</nav>
<main class="source">
{body}
</main>
</body>
</html>
"""

_CELL = re.compile(r"^(`{3,}|:{3,})\{code-cell\}")
_RENDERER_MTIME = Path(__file__).stat().st_mtime_ns  # a source view older than the code that renders it is redone
_CELL_END = re.compile(r"^(`{3,}|:{3,})\s*$")


def _source_blocks(lines: list[str]) -> list[tuple[str, int, list[str]]]:
    """The chapter's lines as blocks ``(kind, first line number, lines)``: "cell" for a code cell (its fences
    included), "prose" for everything else."""
    blocks, i = [], 0
    while i < len(lines):
        match = _CELL.match(lines[i])
        if match:
            fence, j = match.group(1), i + 1
            while j < len(lines) and lines[j].rstrip() != fence:
                j += 1
            blocks.append(("cell", i + 1, lines[i:j + 1]))
            i = j + 1
            continue
        j = i
        while j < len(lines) and not _CELL.match(lines[j]):
            j += 1
        blocks.append(("prose", i + 1, lines[i:j]))
        i = j
    return blocks


def render_source(source: Path, dest: Path) -> Path:
    """Write the readable view of the chapter source ``source`` (:data:`SOURCE_PAGE`) to ``dest``."""
    from pygments.lexers import PythonLexer, TextLexer

    rel = source.relative_to(paths.ROOT)
    def shown(lines: list[str], first: int, lexer, cssclass: str) -> str:
        formatter = HtmlFormatter(linenos="inline", linenostart=first, lineanchors="L", anchorlinenos=True,
                                  cssclass=cssclass)
        return highlight("\n".join(lines) + "\n", lexer(stripnl=False), formatter)  # blank lines kept: numbers hold

    parts = []
    for kind, first, lines in _source_blocks(source.read_text(encoding="utf-8").splitlines()):
        if kind == "prose":
            parts.append(shown(lines, first, TextLexer, "prose"))
            continue
        # a code cell: its fences and options (":tags: ...") as text, its code as Python
        head = 1
        while head < len(lines) and lines[head].startswith(":"):
            head += 1
        end = len(lines) - 1 if len(lines) > head and _CELL_END.match(lines[-1]) else len(lines)
        cell = [shown(lines[:head], first, TextLexer, "fence")]
        if end > head:
            cell.append(shown(lines[head:end], first + head, PythonLexer, "highlight"))
        if end < len(lines):
            cell.append(shown(lines[end:], first + end, TextLexer, "fence"))
        parts.append('<div class="cell">' + "".join(cell) + "</div>")
    body = "\n".join(parts)
    # lineanchors="L" gives ids "L-120"; figure links use "#L120"
    body = body.replace('id="L-', 'id="L').replace('name="L-', 'name="L').replace('href="#L-', 'href="#L')
    toc = (paths.ROOT / "_toc.yml").read_text(encoding="utf-8")
    back = f"../../chapters/{source.stem}.html" if f"chapters/{source.stem}\n" in toc + "\n" else \
        "../../chapters/benchmarks_summary.html"
    css = HtmlFormatter().get_style_defs(".highlight")
    html = SOURCE_PAGE.format(title=f"{rel} (source)", back=back, rel=rel, body=body, css=css)
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


MODULE_NAV = """<a href="{back}">&larr; The package&rsquo;s API</a> &middot; <code>{rel}</code> at commit
<code>{commit}</code>, the tree this site was built from; lines numbered as the figures&rsquo; &ldquo;drawn
by&rdquo; links cite them."""


def render_module(source: Path, rel: Path, dest: Path, commit: str) -> Path:
    """Write the readable view of package module ``source`` (``src/compute_limits/…``) to ``dest``: highlighted
    as Python, lines wrapped, each with its number and anchor (``#L78``, the figures' "drawn by" links), headed by
    the commit the site was built from.  ``rel``: its path in the repository."""
    from pygments.lexers import PythonLexer

    formatter = HtmlFormatter(linenos="inline", lineanchors="L", anchorlinenos=True, cssclass="highlight")
    body = highlight(source.read_text(encoding="utf-8"), PythonLexer(stripnl=False), formatter)
    body = body.replace('id="L-', 'id="L').replace('name="L-', 'name="L').replace('href="#L-', 'href="#L')
    back = "../" * (len(rel.parts) + 0) + "chapters/api.html"  # sources/<rel>.html → the site's root
    html = SOURCE_PAGE.format(title=f"{rel} (source)", back=back, rel=rel, body=body,
                              css=HtmlFormatter().get_style_defs(".highlight"))
    nav = html[html.index("<nav>") + len("<nav>"):html.index("</nav>")]
    html = html.replace(nav, MODULE_NAV.format(back=back, rel=rel, commit=commit), 1)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")
    return dest


def render_modules(site: Path) -> None:
    """The package's modules as source views under ``sources/src/``, redone where a module or the commit
    changed (each view names the commit)."""
    from ..code_graph import PACKAGE_DIR
    from .provenance import git_commit

    commit = git_commit()
    marker = site / "sources" / "src" / ".commit"
    stale = not marker.exists() or marker.read_text(encoding="utf-8") != commit
    wanted = set()
    for source in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = Path("src") / PACKAGE_DIR.name / source.relative_to(PACKAGE_DIR)
        dest = site / "sources" / rel.with_suffix(".py.html")
        wanted.add(dest)
        if stale or not dest.exists() or dest.stat().st_mtime_ns < max(source.stat().st_mtime_ns, _RENDERER_MTIME):
            render_module(source, rel, dest, commit)
    for old in (site / "sources" / "src").rglob("*.py.html"):
        if old not in wanted:
            old.unlink()
    atomic_write(marker, commit)


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
        if not dest.exists() or dest.stat().st_mtime_ns < max(source.stat().st_mtime_ns, _RENDERER_MTIME):
            render_source(source, dest)
    render_modules(site)


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
