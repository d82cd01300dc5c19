"""Altair charts that work offline in HTML and as vector graphics in the PDF, and their figure furniture.

``enable()`` registers a renderer whose output carries two representations:

* ``text/html``: a ``vegaEmbed`` call that draws the interactive chart with the vega bundle served from
  the book's own ``_static/vendor`` (no CDN);
* :data:`VEGA_MIME`: the Vega-Lite spec itself, which the PDF build turns into a vector PDF with
  vl-convert (:func:`pdf_bytes`, via the myst-nb plugin in :mod:`compute_limits.pipeline.sphinx_ext`).
  Rendering at PDF time, not while a chapter runs, keeps about 0.7 s a chart off every execution.

(Kept by hand because altair's own renderers load vega from a CDN; vl-convert provides the bundle.)

:func:`figure` glues a chart for a ``{glue:figure}`` directive, writes exactly the rows it draws as
``figures/<page>-<key>.csv`` in the results, and glues ``<key>_links``: "Data (CSV) · Code" links for
the caption (the data file, and the chapter source with the lines that made the figure), the package functions
that draw it (:mod:`.figure_code`, linked to the site's source view of the build's tree) and the date of each
source of its data (:func:`data_note`, from the manifest's ``released``).  The front page's
figure also leaves its spec (:data:`~compute_limits.data.paths.PREVIEW_SPEC`), which the html step draws as
the site's link-preview PNG (:func:`png_bytes`) while Sphinx runs, and only when the spec changed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os

import altair as alt
import pandas as pd
import vl_convert as vlc

from ..data import paths
from ..data.paths import PREVIEW_SPEC
from ..data.files import atomic_write
from ..data.results import write_figure_data
from ..stats import forms
from . import figure_code
from .glue import Md, plain
from .numbers import log10_axis_expr
from .mime import VEGA_MIME, script_json  # the type the PDF build draws; a spec inside <script>

VL_VERSION = "6.4"  # matches altair 6.3's Vega-Lite schema (v6.4.x)
BUNDLE_PATH = "vendor/vega-bundle.js"  # relative to _static/
SOURCE_ENV, PAGE_ENV = paths.SOURCE_ENV, paths.PAGE_ENV

FONT = "Helvetica, Arial, FreeSans, sans-serif"
# The vector PDFs are drawn by vl-convert with its own fonts, which lack some superscript digits (¹⁸ and
# ²² came out in different fonts); FreeSans (Debian's fonts-freefont-otf, also the PDF's sans font) has them.
PDF_FONT_DIRS = ("/usr/share/fonts/opentype/freefont",)
PDF_FONT = "FreeSans"
WIDTH = 560
HEIGHT = 340
LABEL_SIZE = 12  # readable at print size (the PDF scales a 560-px chart to the text width)
TITLE_SIZE = 13

# Colour-blind-safe categorical palette (Okabe & Ito 2008).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def form_scale() -> alt.Scale:
    """The colour scale of ``form``: every registered form in registry order, with its colour
    (:data:`compute_limits.stats.forms.REGISTRY`, the one place form colours live)."""
    return alt.Scale(domain=list(forms.FORMS), range=[forms.get(f).colour for f in forms.FORMS])


def form_legend():
    """A legend that shows each form's label (what a reader sees) for its name; the default legend where every
    label is its form's name."""
    relabel = [f for f in forms.all_forms() if f.shown != f.name]
    if not relabel:
        return alt.Undefined
    cases = " : ".join(f"datum.label == {f.name!r} ? {f.shown!r}" for f in relabel)
    return alt.Legend(labelExpr=f"{cases} : datum.label")


def vega_bundle() -> str:
    """The vega + vega-lite + vega-embed bundle, wrapped so it cannot clash with Sphinx's global ``_``."""
    return "(function(){\n" + vlc.javascript_bundle(vl_version=VL_VERSION) + "\n})();\n"


# vega-embed's action menu with only "Save as SVG" and "Save as PNG" (drawn in the browser: offline).
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}, "renderer": "svg",
                 "downloadFileName": "figure"}


def responsive(spec: dict) -> dict:
    """The spec as the site draws it: a single or layered view fills the width of its box (Vega-Lite's
    ``width: "container"``, fitted with its padding) and its legend goes under it, so on a phone the chart is
    narrower, not smaller, and its text keeps its size; a concatenated or faceted chart keeps its width and its
    box scrolls (``_static/book.css``).  The PDF draws the spec as written."""
    if not isinstance(spec.get("width"), int | float) or not ({"layer", "mark"} & set(spec)):
        return spec
    height = spec.get("height")
    if isinstance(height, dict):  # a step per category: Vega-Lite fits no side of such a chart ("Dropping fit-y")
        height = _step_height(spec)
        if height is None:
            return spec
    config = dict(spec.get("config", {}))
    config["legend"] = {**config.get("legend", {}), "orient": "bottom", "direction": "vertical", "columns": 2}
    return {**spec, "width": "container", "height": height, "autosize": {"type": "fit-x", "contains": "padding"},
            "config": config}


def _step_height(spec: dict) -> int | None:
    """The height of a chart drawn at ``height: {"step": s}``: ``s`` per category of its discrete y (the values of
    that field in the data of every view that draws it), or None if they cannot be counted from the spec."""
    step = spec["height"].get("step")
    values = set()
    for view in [spec, *spec.get("layer", [])]:
        y = view.get("encoding", {}).get("y", {})
        if y.get("type") not in ("nominal", "ordinal") or "field" not in y:
            continue
        data = view.get("data") or spec.get("data") or {}
        rows = data.get("values") if "values" in data else spec.get("datasets", {}).get(data.get("name"))
        if rows is None or view.get("transform"):
            return None
        values |= {json.dumps(row.get(y["field"])) for row in rows}
    return round(step * len(values)) if step and values else None


# A Vega-Lite parameter binds one input, so a number box and a log-scale slider for one quantity are two
# parameters kept equal here (``usermeta.cl_log_links``: [{"log": slider's param (log10 of the value),
# "value": the number box's param}]); Vega updates each bound input when its signal is set.  Each side sets the
# other only when they differ by more than the slider's resolution, so the two listeners cannot loop.
LINK_LOG_JS = (
    "function linkLog(view, links){links.forEach(function(l){"
    "view.addSignalListener(l.log, function(n, v){var t = +Math.pow(10, v).toPrecision(3);"
    "if(Math.abs(view.signal(l.value) - t) > 1e-9 * t){view.signal(l.value, t).runAsync();}});"
    "view.addSignalListener(l.value, function(n, v){if(!(v > 0)){return;}var s = Math.log10(v);"
    "if(Math.abs(view.signal(l.log) - s) > 0.005){view.signal(l.log, s).runAsync();}});});}"
)


def log_slider(value_param: str, value: float, low: float, high: float, name: str) -> tuple[dict, dict]:
    """A log-scale slider for the number-box parameter ``value_param`` (values in ``[low, high]``): the slider's
    parameter and the ``usermeta`` entry that links the two (see :data:`LINK_LOG_JS`)."""
    param = {"name": f"{value_param}_log10", "value": math.log10(value),
             "bind": {"input": "range", "min": math.log10(low), "max": math.log10(high), "step": 0.01, "name": name}}
    return param, {"log": param["name"], "value": value_param}


def _html(spec: dict) -> str:
    spec = responsive(inert(spec))
    text = script_json(spec)
    div = "vis-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    return (
        f'<div id="{div}" class="cl-vega-chart"></div>\n'
        "<script>(function(){"
        f"var spec={text};"
        "function draw(){"
        f'vegaEmbed("#{div}", spec, {script_json(EMBED_OPTIONS)})'
        # the menu's button is an icon: name it for screen readers
        '.then(function(r){var m=document.querySelector("#' + div + ' summary");'
        'if(m){m.setAttribute("aria-label", "Save this chart as an image (SVG or PNG)");}'
        'linkLog(r.view, (spec.usermeta || {}).cl_log_links || []);})'
        '.catch(function(e){console.error("vega chart failed: "+e);});}'
        + LINK_LOG_JS +
        'if(window.vegaEmbed){draw();}else{window.addEventListener("load", draw);}'
        "})();</script>\n"
    )


def _pdf_spec(spec: dict) -> dict:
    """The spec with the PDF's font, where vl-convert can find it."""
    if not any(os.path.isdir(d) for d in PDF_FONT_DIRS):
        return spec
    config = dict(spec.get("config", {}))
    config["font"] = PDF_FONT
    return {**spec, "config": config}


def json_safe(value):
    """``value`` (a spec) with every NaN or infinite number replaced by None: JSON has no such numbers
    (a table's missing entries, an unbounded interval's end), and Vega reads null as missing, as it read them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _tooltip_title(title):
    """A tooltip's title as Vega-Lite 6.4 needs it to show it as it is: it writes the title into a Vega expression
    (a string key of the tooltip object) escaping only its quotes, so a backslash in a name from a data file
    (``\\input``) broke the expression, or ended its string (``\\"``) and let the rest be read as an expression.
    Written with its backslashes and line ends escaped, the expression reads back the title itself
    (tests/test_inert.py checks this on the pinned Vega-Lite)."""
    if isinstance(title, list):
        return [_tooltip_title(t) for t in title]
    if isinstance(title, str):
        return title.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return title


def inert(spec: dict) -> dict:
    """``spec`` as the browser and vl-convert draw it, with nothing from a data file read as a Vega expression.
    Vega-Lite 6.4 writes titles into two kinds of expression without escaping their backslashes: each tooltip
    (whose titles :func:`_tooltip_title` escapes) and each mark's ARIA description, one sentence per point naming
    every channel's title, e.g. an axis "Training compute relative to <a model's name>".  Marks go without those
    (``config.mark.aria``): the chart keeps its label (its ``description``) and its axes' and legends' labels."""
    config = dict(spec.get("config", {}))
    config["mark"] = {**config.get("mark", {}), "aria": False}
    return {**_inert_titles(spec), "config": config}


def _inert_titles(spec):
    """``spec`` with every tooltip title written by :func:`_tooltip_title`, in every view."""
    if isinstance(spec, list):
        return [_inert_titles(v) for v in spec]
    if not isinstance(spec, dict):
        return spec
    out = {k: _inert_titles(v) for k, v in spec.items()}
    tips = out.get("encoding", {}).get("tooltip") if isinstance(out.get("encoding"), dict) else None
    if tips is not None:
        defs = [dict(t) if isinstance(t, dict) else t for t in (tips if isinstance(tips, list) else [tips])]
        for t in defs:
            if isinstance(t, dict) and "title" in t:
                t["title"] = _tooltip_title(t["title"])
        out["encoding"] = {**out["encoding"], "tooltip": defs if isinstance(tips, list) else defs[0]}
    return out


def mimebundle(spec: dict, **_ignored) -> dict:
    """Renderer: interactive HTML, plus the spec the PDF build draws as a vector PDF."""
    spec = json_safe(spec)
    return {
        "text/html": _html(spec),
        VEGA_MIME: spec,
        "text/plain": f"<{spec.get('description', 'chart')}>",
    }


def _drawn(spec: dict, suffix: str, draw) -> bytes:
    """``draw(spec)`` (vl-convert, the PDF's font), cached under ``_build/cache/figures`` by the sha256 of the
    spec, so a rebuild redraws only the charts that changed."""
    text = json.dumps(_pdf_spec(inert(spec)), sort_keys=True)
    cache = paths.BUILD / "cache" / "figures" / f"{hashlib.sha256(text.encode()).hexdigest()}.{suffix}"
    if cache.exists():
        return cache.read_bytes()
    _register_fonts()
    drawn = draw(json.loads(text))
    atomic_write(cache, drawn)
    return drawn


def pdf_bytes(spec: dict) -> bytes:
    """The chart as vector PDF, for the PDF build (cached, see :func:`_drawn`)."""
    return _drawn(spec, "pdf", lambda s: vlc.vegalite_to_pdf(s, vl_version=VL_VERSION))


def png_bytes(spec: dict, scale: int = 2) -> bytes:
    """The chart as a PNG at ``scale`` times its size: the site's link-preview image (cached)."""
    return _drawn(spec, f"{scale}x.png", lambda s: vlc.vegalite_to_png(s, vl_version=VL_VERSION, scale=scale))


def _register_fonts() -> None:
    for d in PDF_FONT_DIRS:
        if os.path.isdir(d):
            vlc.register_font_directory(d)


def enable() -> None:
    """Use the offline renderer and the book's theme for every chart."""
    alt.renderers.register("compute_limits", mimebundle)
    alt.renderers.enable("compute_limits")
    alt.data_transformers.disable_max_rows()

    @alt.theme.register("compute_limits", enable=True)
    def _theme() -> alt.theme.ThemeConfig:
        return {
            "config": {
                "font": FONT,
                "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
                "axis": {"labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE, "grid": True, "gridOpacity": 0.4,
                         "labelLimit": 260},
                "legend": {"labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE, "labelLimit": 320},
                "header": {"labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE},
                "title": {"fontSize": TITLE_SIZE + 1},
                "range": {"category": PALETTE},
            }
        }


def log_axis(**kwargs) -> alt.Axis:
    """A log axis labelled with powers of ten (10⁵, 10¹⁰, …) and unlabelled minor ticks."""
    return alt.Axis(labelExpr=log10_axis_expr(), **kwargs)


def log_scale(**kwargs) -> alt.Scale:
    return alt.Scale(type="log", **kwargs)


def tooltip_format() -> str:
    """d3 format for compute values in tooltips (e.g. 1.6e+18 reads better than 1600000000000000000)."""
    return ".2~e"


def _page() -> str:
    return os.environ.get(PAGE_ENV, "page").replace("/", "-").removeprefix("chapters-")


def source_lines(key: str) -> tuple[str, int] | None:
    """(repository-relative source, line) of the first line of the chapter source that mentions ``key``."""
    rel = os.environ.get(SOURCE_ENV)
    if not rel:
        return None
    path = paths.ROOT / rel
    if not path.exists():
        return None
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if key in line and "glue:figure" not in line:
            return rel, i
    return rel, 1


def _site_link(rel: str) -> str:
    """A link from the page being written to ``rel``, a path from the site's root (``results/…``)."""
    page = os.environ.get(PAGE_ENV) or "chapters/page"
    return "../" * page.count("/") + rel


def data_note(inputs=None, figure_key: str = "") -> str:
    """"Data: the authors' released data (MIT FutureTech), release of August 2022; …": each source a figure
    draws (its manifest description, or the benchmark entry's ``source``) with the date of the release its
    address pins (the manifest's ``released``), once each, from the pipeline's record of the chapter's inputs
    (:data:`~compute_limits.data.paths.INPUTS_ENV`).  ``inputs``: the keys of the chapter's inputs the figure
    draws (``chapters/book.toml``; ``"@benchmarks"`` for every benchmark's table), default all of them; a key
    the chapter does not read is an error.  Markdown that shows each string as it is (:func:`tables.literal`),
    as every string from a data file.  Empty outside the pipeline."""
    import datetime

    from .numbers import month_year
    from .tables import literal

    try:
        records = json.loads(os.environ.get(paths.INPUTS_ENV) or "[]")
    except json.JSONDecodeError:
        return ""
    if inputs is not None and records:
        wanted = set(inputs)
        known = {str(r.get("key")) for r in records} | {"@benchmarks"}
        unknown = sorted(wanted - known)
        if unknown:
            raise ValueError(f"figure {figure_key!r}: inputs {unknown} are not among the chapter's inputs "
                             f"(chapters/book.toml): {sorted(known)}")
        records = [r for r in records if r.get("key") in wanted or ("@benchmarks" in wanted and r.get("benchmark"))]
    seen: dict[str, str] = {}
    for rec in records:
        origin = str(rec.get("origin") or "").strip()
        if not origin or origin in seen:
            continue
        released = rec.get("released")
        try:
            when = f", release of {month_year(datetime.date.fromisoformat(released))}" if released else ""
        except (TypeError, ValueError):
            when = ""
        seen[origin] = literal(origin) + (when or ", date of release not recorded")
    return ("Data: " + "; ".join(seen.values())) if seen else ""


def figure(key: str, chart, data: pd.DataFrame | None = None, preview: bool = False,
           description: str | None = None, inputs=None) -> Md:
    """Glue ``chart`` under ``key``, write the rows it draws, and glue ``<key>_links`` (Data · Code).

    ``data`` is the table the figure draws (default: the chart's own data); ``preview`` also writes it
    as the site's link-preview image.  Every chart needs a description that states what it shows (what is
    drawn against what, and how): screen readers read it as the chart's label (Vega's ``description``), followed
    by the figure's caption, its takeaway (added by the book's Sphinx extension).  It is the chart's own
    ``description``, or ``description`` (written in the chapter), which replaces it.  The links point into the
    published site, where ``html`` puts the results (``results/``) and the chapter sources with line
    anchors (``sources/``); they are raw HTML, so they appear in the HTML edition only.  After them comes the
    figure's data note (:func:`data_note` of ``inputs``) as Markdown text, which the PDF's caption keeps.
    """
    from myst_nb import glue  # imported here: myst_nb pulls in Sphinx, which only chapters need

    rows = data if data is not None else getattr(chart, "data", None)
    if not isinstance(rows, pd.DataFrame):
        raise ValueError(f"figure {key!r}: pass the DataFrame the chart draws (its data is not one table)")
    if description:
        chart = chart.properties(description=description) if hasattr(chart, "properties") else \
            type(chart)({**chart.to_dict(), "description": description})
    own = getattr(chart, "description", None) if hasattr(chart, "properties") else chart.to_dict().get("description")
    if not (isinstance(own, str) and own.strip()):
        raise ValueError(f"figure {key!r}: describe what the chart shows (description=...)")
    name = f"{_page()}-{key}"
    write_figure_data(rows, name)
    if preview:  # the site's link-preview image: its spec, which the html step draws (png_bytes)
        spec = json_safe(chart.to_dict() if hasattr(chart, "to_dict") else chart)
        atomic_write(paths.results_dir() / "figures" / PREVIEW_SPEC, json.dumps(spec, sort_keys=True))
    links = [f'<a href="{_site_link(f"results/figures/{name}.csv")}" download>Data (CSV)</a>']
    where = source_lines(key)
    if where:
        rel, line = where
        links.append(f'<a href="{_site_link(f"sources/{rel}.html")}#L{line}">Code</a> ({rel}, line {line})')
        # a name may break after each dot (<wbr>): a long one would widen the page on a phone
        drawn_by = [f'<a href="{_site_link(f"sources/{c.rel}.html")}#L{c.line}"><code>'
                    f'{c.name.replace(".", ".<wbr>")}</code></a>' for c in figure_code.called(paths.ROOT / rel, line, key)]
        if drawn_by:  # the package functions that draw it, in the site's source view of the build's tree
            links.append("drawn by " + ", ".join(drawn_by))
    # raw HTML: the links exist in the HTML edition only (LaTeX drops raw HTML, so the PDF has no dead links)
    md = '<span class="cl-figure-links">' + " · ".join(links) + "</span>"
    note = data_note(inputs, key)
    if note:  # the sources it draws and the dates of their releases: Markdown text, so the PDF's caption has it too
        md += ' <span class="cl-figure-data">' + note + ".</span>"
    md = Md(md)
    glue(key, chart, display=False)
    glue(f"{key}_links", plain(md), display=False)
    return md
