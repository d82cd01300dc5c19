"""The book's Sphinx extension (``_config.yml``: ``sphinx.extra_extensions``): what it does for readers.

* **Sentences chosen by a glued flag.**  ``:::{if} key`` … ``:::`` keeps its content only when the page's
  glued value ``key`` is true (``not key``: false; ``key == "text"`` or ``!=``: compared with a glued
  string).  A sentence that depends on the data is written in the chapter in each of its variants; the
  analysis glues the flag that picks one (:class:`IfGlued`).

* **Cite this page.**  Every HTML page ends with a citation of itself, its version and build date, and
  a link to the PDF of the same build.

* **Figure links in the HTML only.**  Under each figure, ``<span class="cl-figure-links">`` holds the
  "Data (CSV) · Code" links, as raw HTML.  Other builders drop raw HTML but keep the text between the
  tags; for them the whole span (tags and text) is removed, so the PDF has no dead link text.

* **Long reference tables whole in the HTML only.**  The tables ``_config.yml`` names in ``cl_pdf_excerpt_tables``
  (the results' column dictionary, about twenty PDF pages) keep their first rows in other builders, so their
  captions and numbers stay as on the site; the chapter says in an ``{only} latex`` paragraph where the PDF's
  reader finds them whole (:func:`_pdf_excerpt_tables`).

* **Vector figures in the PDF.**  A chart's output carries its Vega-Lite spec (:data:`VEGA_MIME`);
  :class:`VegaPdf`, a myst-nb mime-render plugin (entry point ``myst_nb.mime_renderers`` in
  ``pyproject.toml``), draws it as vector PDF for the LaTeX builder.  Other builders never pick that type,
  so the HTML keeps the interactive chart, and their builds do not draw the PDF at all.

* **Accessible pages** (WCAG 2 A and AA, checked with axe-core by tests/test_browser.py).  Every chart's label
  (Vega's ``description``, which becomes its SVG's ``aria-label``) is followed by its figure's caption, the
  takeaway (:func:`_describe_charts`); the sidebar's buttons that open a part of the contents are named after it
  (:func:`_name_toctree_toggles`); the references are a list of ``listitem`` (docutils writes ``doc-biblioentry``,
  a role ARIA 1.3 deprecates, which leaves the list with no items it allows).

* **The PDF numbered as the site** (:func:`_number_as_the_site`).  Sphinx's LaTeX numbers every chapter; the
  site numbers only the chapters of its numbered parts (``_toc.yml``), so the PDF's Fig. 5.2 was the site's 4.2.
  Each page of an unnumbered part starts with ``\\clunnumbered`` and each of a numbered part with
  ``\\clnumbered`` (``_config.yml``'s preamble defines both: an unnumbered chapter has no number and its tables
  and figures continue one count across the book, as on the site).  The front page, whose title Sphinx makes the
  document's, gets its own heading.

* **One address for the online edition**: ``html_baseurl`` (``_config.yml``: ``html.baseurl``) is the address
  link previews use (``ogp_site_url``) and the one the PDF prints, with the calculator's, through the
  substitutions ``{{ online_edition }}`` and ``{{ online_calculator }}`` (:func:`_site_url`); unset, they are
  ``_config.yml``'s words for the HTML edition built with the PDF (``cl_online_edition``).

* **No Thebe.**  Jupyter Book always loads sphinx-thebe, which writes ``const THEBE_JS_URL = …`` into every
  page, in this toolchain twice, so every page threw "Identifier 'THEBE_JS_URL' has already been declared".
  The book has no launch buttons, so the Thebe scripts are dropped from every page.

* **Index entries kept in the search index** (:mod:`.sphinx_search_index`), on the Sphinx versions that lose
  them on an incremental build (sphinx-doc/sphinx#12599).

* **A variant build's notice** (:mod:`.sphinx_variant`) under the title of every page whose numbers depend on
  a user's file or a parameter off its default, naming them.

* **A page's saved doctree holds only the page** (:func:`_adopt_nodes`).  Nodes parsed into a document of their
  own and moved into the page (MyST's ``{eval-rst}``, the API page's docstrings) keep a reference to that
  document, whose settings hold Sphinx's whole environment; Sphinx clears it on the page's document only, so
  each saved doctree of such a page carried a copy of the environment (the API page's was 1.4 MB, and Sphinx
  loads every doctree on every build to number the figures).  The page's document adopts them.

* **The collector leaves Sphinx's start-up alone** (:func:`_freeze_startup`).  Every build loads every page's
  doctree (to number the figures) and drops it: hundreds of thousands of short-lived nodes, whose collections
  each scanned again every object Sphinx, its extensions and the environment made at start-up (about a
  second of a one-page build).  Once the builder is ready those are moved out of the collector's reach
  (``gc.freeze``, the standard library's way to say "these live as long as the process").

* **The API page's modules imported as autodoc imports them** (:func:`_import_documented_modules`).  On every
  HTML build, ``sphinx.ext.viewcode`` imports each documented module to find its file (and whether its source
  page is current).  A build that read the API page has them already, imported by autodoc with the libraries
  ``autodoc_mock_imports`` names stood in; any other build (a prose edit of one chapter) imported them for
  real, SciPy and statsmodels included (about a second and a half).  Before the pages are written, the
  modules the Python domain documents are imported the way autodoc does, so every build finds them as a
  build that read the API page does.

* **An edit of this extension rebuilds every page** (:func:`extension_version`).  Sphinx keeps a page it read
  before until its source changes; the extension's ``env_version`` is a hash of the extension's code (its
  modules and what they import), so a build after an edit of that code starts from a fresh environment.
"""

from __future__ import annotations

import ast
import base64
import dataclasses
import datetime
import gc
import html
import json
import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..report.mime import VEGA_MIME, script_json


def _is_thebe(script) -> bool:
    name = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", "") if hasattr(script, "attributes") else "")
    return "thebe" in name.lower() or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    if "css_files" in context:
        context["css_files"] = [c for c in context["css_files"] if "thebe" not in str(getattr(c, "filename", c))]


LINKS_OPEN = '<span class="cl-figure-links">'


def _drop_figure_links(app, doctree, docname) -> None:
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(nodes.raw)):
        if node.get("format") != "html" or not node.astext().startswith(LINKS_OPEN) or node.parent is None:
            continue
        parent = node.parent
        siblings = list(parent.children)
        start = siblings.index(node)
        depth, end = 0, start
        for end in range(start, len(siblings)):
            text = siblings[end].astext() if isinstance(siblings[end], nodes.raw) else ""
            depth += text.count("<span") - text.count("</span>")
            if depth <= 0:
                break
        for sib in siblings[start:end + 1]:
            parent.remove(sib)


PDF_EXCERPT_ROWS = 3  # the rows a long reference table keeps outside the HTML edition


def _pdf_excerpt_tables(app, doctree, docname) -> None:
    """The tables ``_config.yml`` names in ``cl_pdf_excerpt_tables`` are whole in the HTML edition only: other
    builders (the PDF) keep their first :data:`PDF_EXCERPT_ROWS` rows, with the caption, so every table keeps the
    site's number; the chapter says where they are whole (an ``{only} latex`` paragraph).  The column dictionary
    runs to some twenty PDF pages; the site keeps it, searchable, with its files."""
    names = set(app.config.cl_pdf_excerpt_tables or ())
    if app.builder.format == "html" or not names:
        return
    for node in list(doctree.findall(nodes.Element)):
        if names & set(node.get("ids", []) + node.get("names", [])):
            for body in node.findall(nodes.tbody):
                del body.children[PDF_EXCERPT_ROWS:]


_SPEC = re.compile(r"var spec=(\{.*?\});function draw", re.DOTALL)


def _caption_text(caption) -> str:
    """A caption's words, without its raw HTML (the Data · Code links)."""
    words = [t.astext() for t in caption.findall(nodes.Text) if not isinstance(t.parent, nodes.raw)]
    return " ".join("".join(words).split())


def _describe_charts(app, doctree, docname) -> None:
    """Each chart's label (its spec's ``description``) followed by its figure's caption (HTML builders only)."""
    if app.builder.format != "html":
        return
    for figure in doctree.findall(nodes.figure):
        caption = next(iter(figure.findall(nodes.caption)), None)
        if caption is None:
            continue
        takeaway = _caption_text(caption)
        for raw in figure.findall(nodes.raw):
            text = raw.astext()
            match = _SPEC.search(text) if "cl-vega-chart" in text else None
            if not match:
                continue
            spec = json.loads(match.group(1))
            own = str(spec.get("description") or "").strip().rstrip(".")
            spec["description"] = ". ".join(p for p in (own, takeaway) if p)
            new = text[:match.start(1)] + script_json(spec) + text[match.end(1):]
            raw.replace(raw.children[0], nodes.Text(new))


def _name_toctree_toggles(app, pagename, templatename, context, doctree) -> None:
    """The theme's sidebar opens a part of the contents with a ``<summary>`` holding only an icon: name it."""
    make = context.get("generate_toctree_html")
    if make is None or getattr(make, "_named", False):
        return

    def named(*args, **kwargs):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(str(make(*args, **kwargs)), "html.parser")
        for summary in soup.select("details > summary"):
            if summary.get_text(strip=True) or summary.get("aria-label"):
                continue
            item = summary.find_parent("details").parent
            link = item.find("a", recursive=False) if item is not None else None
            title = " ".join(link.get_text().split()) if link is not None else "this part"
            summary["aria-label"] = f"Show or hide the pages under {title}"
        from markupsafe import Markup

        return Markup(str(soup))

    named._named = True
    context["generate_toctree_html"] = named


def _references_as_list(app, pagename, templatename, context, doctree) -> None:
    if "body" in context and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace(' role="doc-biblioentry"', ' role="listitem"')


def _unnumbered_pages(app) -> set[str]:
    """The pages of the parts ``_toc.yml`` leaves unnumbered (their top level only)."""
    from sphinx import addnodes

    out = set()
    for toctree in app.env.get_doctree(app.config.root_doc).findall(addnodes.toctree):
        if not toctree.get("numbered"):
            out |= {doc for _, doc in toctree["entries"] if doc}
    return out


def _number_as_the_site(app, doctree, docname) -> None:
    """LaTeX only: number the chapters and their figures and tables as the site does (see the module's notes)."""
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    from sphinx import addnodes

    unnumbered = _unnumbered_pages(app)
    numbered = {doc for t in app.env.get_doctree(docname).findall(addnodes.toctree) if t.get("numbered")
                for _, doc in t["entries"] if doc}
    for start in doctree.findall(addnodes.start_of_file):
        doc = start.get("docname")
        if doc in unnumbered or doc in numbered:
            command = "\\clunnumbered" if doc in unnumbered else "\\clnumbered"
            start.insert(0, nodes.raw("", command + "\n", format="latex"))
    front = nodes.raw("", "\\clfrontpage\n", format="latex")
    doctree.insert(0, front)


def _site_url(app, config) -> None:
    """``html_baseurl`` as the one address: link previews' ``ogp_site_url`` and the PDF's ``{{ online_edition }}``
    and ``{{ online_calculator }}``, in the words of ``_config.yml``'s ``cl_online_edition``: with an address,
    it and the calculator's address (``cl_calculator_page`` under it); without, the words that name the HTML
    edition built with the PDF and the calculator's page there."""
    url = (config.html_baseurl or "").strip()
    if url and not config.ogp_site_url:
        config.ogp_site_url = url
    words = dict(config.cl_online_edition or {})
    if not words:  # a project that does not print where the online edition is (MyST warns if a page asks)
        return
    missing = sorted({"address", "calculator", "no_address", "no_address_calculator"} - set(words))
    if missing:
        from sphinx.errors import ConfigError

        raise ConfigError(f"_config.yml: sphinx.config.cl_online_edition has no {', '.join(missing)}")
    subs = dict(getattr(config, "myst_substitutions", {}) or {})
    if url:
        base = url if url.endswith("/") else url + "/"
        calculator = base + str(config.cl_calculator_page or "").lstrip("/")
        subs.setdefault("online_edition", words["address"].format(url=base, calculator=calculator))
        subs.setdefault("online_calculator", words["calculator"].format(url=base, calculator=calculator))
    else:
        subs.setdefault("online_edition", words["no_address"])
        subs.setdefault("online_calculator", words["no_address_calculator"])
    config.myst_substitutions = subs


def _cite_this_page(app, pagename, templatename, context, doctree) -> None:
    """Every HTML page ends with ``_config.yml``'s ``cl_cite_this_page`` (HTML: ``{title}`` the page's, ``{year}``,
    ``{date}`` the build's, ``{version}``, ``{root}`` the way up to the site's root, where the PDF is)."""
    if not app.config.cl_cite_this_page or doctree is None or "body" not in context:
        return
    today = datetime.date.today()
    title = re.sub(r"<[^>]+>", "", context.get("title", "")).strip()
    root = "../" * pagename.count("/")
    context["body"] += app.config.cl_cite_this_page.format(
        year=today.year, title=html.escape(title), version=app.config.version or "0.1.0", date=today.isoformat(),
        root=root)


def _freeze_startup(app) -> None:
    """Objects made before the build starts are permanent: the garbage collector stops scanning them."""
    gc.freeze()


def _import_documented_modules(app, env) -> None:
    """HTML builds: import the modules the API page documents under ``autodoc_mock_imports``, as autodoc does
    (see the module's notes).  A module that fails to import so is left for viewcode to import itself."""
    if app.builder.format != "html" or "sphinx.ext.viewcode" not in app.extensions:
        return
    import importlib
    import sys

    from sphinx.ext.autodoc.mock import mock

    with mock(app.config.autodoc_mock_imports):
        for name in sorted(env.get_domain("py").modules):
            if name not in sys.modules:
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001 (as autodoc: an import error is reported where it matters)
                    sys.modules.pop(name, None)


def _adopt_nodes(app, doctree) -> None:
    """Every node of a page refers to the page's document (see the module's notes)."""
    for node in doctree.findall():
        document = getattr(node, "_document", None)
        if document is not None and document is not doctree:
            node.document = doctree


class VegaPdf:
    """myst-nb mime renderer: the chart's Vega-Lite spec as a vector PDF image (LaTeX builder only)."""

    mime_priority_overrides = [("latex", VEGA_MIME, 5)]  # before application/pdf (10) and text/plain (60)

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != VEGA_MIME:
            return None
        # myst-nb renders every type of an output while reading, for whichever builder picks one later;
        # drawing the PDF (~0.7 s a chart) is only worth it when the reader is the LaTeX build.
        env = getattr(renderer.renderer, "sphinx_env", None)
        if env is not None and env.app.builder.name != "latex":
            return []
        # Imported here: charts brings pandas, altair and vl-convert (~2 s), which every other Sphinx build
        # (the HTML site, from nothing or one page) would otherwise pay at start-up.
        from ..report.charts import pdf_bytes

        spec = json.loads(data.content) if isinstance(data.content, str | bytes) else data.content
        pdf = base64.b64encode(pdf_bytes(spec)).decode("ascii")
        return renderer.render_image(dataclasses.replace(data, mime_type="application/pdf", content=pdf))


_CONDITION = re.compile(r"^\s*(?P<not>not\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*(?:(?P<op>==|!=)\s*(?P<other>.+?))?\s*$")


class IfGlued(SphinxDirective):
    """``{if}``: the content only when a glued flag (or a comparison with a glued string) holds."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        from myst_nb.core.variables import RetrievalError
        from myst_nb.ext.glue.utils import retrieve_glue_data

        condition = self.arguments[0]
        match = _CONDITION.match(condition)
        if not match:
            raise self.error(f"{{if}} {condition}: write `key`, `not key`, `key == 'text'` or `key != 'text'`")
        try:
            glued = retrieve_glue_data(self.state.document, match["key"])
        except RetrievalError as exc:
            raise self.error(f"{{if}} {condition}: {exc}") from None
        try:
            value = ast.literal_eval(str(glued.data.get("text/plain", "")))
        except (ValueError, SyntaxError):
            value = glued.data.get("text/plain")
        if match["op"]:
            try:
                other = ast.literal_eval(match["other"])
            except (ValueError, SyntaxError):
                raise self.error(f"{{if}} {condition}: compare with a quoted string") from None
            holds = (str(value) == str(other)) == (match["op"] == "==")
        elif isinstance(value, bool):
            holds = value
        else:
            raise self.error(f"{{if}} {condition}: {match['key']} is glued as {value!r}, not a flag (True or False)")
        if match["not"]:
            holds = not holds
        if not holds:
            return []
        container = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, container)
        return list(container.children)


EXTENSION_MODULES = ("compute_limits.pipeline.sphinx_ext", "compute_limits.pipeline.sphinx_variant",
                     "compute_limits.pipeline.sphinx_search_index")  # the modules setup() loads


def extension_version() -> int:
    """The extension's ``env_version``: a number derived from the code of :data:`EXTENSION_MODULES` and every
    package module they import (:func:`compute_limits.code_graph.code_hash`: syntax trees, so an edit of a
    comment or a docstring keeps it).  Sphinx reads every page again when it differs from the environment's."""
    from ..code_graph import code_hash

    return int(code_hash(EXTENSION_MODULES)[:15], 16)


def setup(app):
    from . import sphinx_search_index

    app.add_directive("if", IfGlued)
    app.add_config_value("cl_cite_this_page", "", "html")
    app.connect("html-page-context", _cite_this_page)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("doctree-resolved", _drop_figure_links)
    app.add_config_value("cl_pdf_excerpt_tables", [], "env")
    app.connect("doctree-resolved", _pdf_excerpt_tables)
    app.connect("doctree-resolved", _describe_charts)
    app.connect("html-page-context", _name_toctree_toggles, priority=900)  # after the theme adds the function
    app.connect("html-page-context", _references_as_list)
    app.connect("doctree-resolved", _number_as_the_site)
    app.connect("doctree-read", _adopt_nodes, priority=900)  # after the other handlers: the doctree as saved
    app.add_config_value("cl_online_edition", {}, "env")
    app.add_config_value("cl_calculator_page", "", "env")
    app.connect("config-inited", _site_url, priority=900)
    app.connect("builder-inited", _freeze_startup, priority=900)
    app.connect("env-updated", _import_documented_modules)
    if sphinx_search_index.NEEDED:
        app.setup_extension("compute_limits.pipeline.sphinx_search_index")
    app.setup_extension("compute_limits.pipeline.sphinx_variant")
    version = extension_version()
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": f"{version:x}", "env_version": version}
