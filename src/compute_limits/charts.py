"""Altair charts that work offline in HTML and as vector graphics in the PDF.

``enable()`` registers a renderer whose output carries two representations:

* ``text/html``: a ``vegaEmbed`` call that draws the interactive chart with the
  vega bundle served from the book's own ``_static/vendor`` (no CDN);
* ``application/pdf``: the same chart rendered by vl-convert as vector PDF,
  which the LaTeX builder embeds.

Glue a chart with ``myst_nb.glue(name, chart, display=False)`` and place it with
a ``{glue:figure}`` directive that gives it a name and a caption.
"""

from __future__ import annotations

import hashlib
import json

import altair as alt
import pandas as pd
import vl_convert as vlc

VL_VERSION = "6.4"  # matches altair 6.3's Vega-Lite schema (v6.4.x)
BUNDLE_PATH = "vendor/vega-bundle.js"  # relative to _static/

FONT = "Helvetica, Arial, sans-serif"
WIDTH = 560
HEIGHT = 340

# Colour-blind-safe categorical palette (Okabe & Ito 2008).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def vega_bundle() -> str:
    """The vega + vega-lite + vega-embed bundle, wrapped so it cannot clash with
    Sphinx's global ``_`` (the bundle's default snippet sets ``window.vegaEmbed``)."""
    return "(function(){\n" + vlc.javascript_bundle(vl_version=VL_VERSION) + "\n})();\n"


def _html(spec: dict) -> str:
    text = json.dumps(spec, sort_keys=True)
    div = "vis-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    return (
        f'<div id="{div}" class="cl-vega-chart"></div>\n'
        "<script>(function(){"
        f"var spec={text};"
        "function draw(){"
        f'vegaEmbed("#{div}", spec, {{"actions": false, "renderer": "svg"}})'
        '.catch(function(e){console.error("vega chart failed: "+e);});}'
        'if(window.vegaEmbed){draw();}else{window.addEventListener("load", draw);}'
        "})();</script>\n"
    )


def mimebundle(spec: dict, **_ignored) -> dict:
    """Renderer: interactive HTML plus a vector PDF for LaTeX."""
    return {
        "text/html": _html(spec),
        "application/pdf": vlc.vegalite_to_pdf(spec, vl_version=VL_VERSION),
        "text/plain": f"<{spec.get('description', 'chart')}>",
    }


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
                "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridOpacity": 0.4},
                "legend": {"labelFontSize": 11, "titleFontSize": 12},
                "range": {"category": PALETTE},
            }
        }


def log_axis(title: str, **kwargs) -> alt.Scale:
    """A base-10 log scale (helper so every chart formats log axes the same way)."""
    return alt.Scale(type="log", **kwargs)


def sci_format() -> str:
    """d3 format for compute values in tooltips and axes (e.g. 1.6e+18)."""
    return ".2~e"


def table(df: pd.DataFrame, floatfmt: str = ".3g", index: bool = False, long_after: int = 18):
    """Show a DataFrame as a real (Markdown pipe) table in HTML and PDF.

    Raw ``|`` in cells would break the table, so it is replaced.  Tables longer
    than ``long_after`` rows are marked ``longtable`` so LaTeX breaks them across
    pages instead of letting them run off the page.
    """
    from IPython.display import Markdown

    clean = df.copy()
    for col in clean.columns:
        if clean[col].dtype == object or pd.api.types.is_string_dtype(clean[col]):
            clean[col] = clean[col].astype(str).str.replace("|", "/", regex=False)
    clean.columns = [str(c).replace("|", "/") for c in clean.columns]
    text = clean.to_markdown(index=index, floatfmt=floatfmt)
    if len(clean) > long_after:
        # Relative column widths from the content, so LaTeX wraps cells (a longtable
        # without widths uses unbreakable columns and runs off the page).
        shown = clean.reset_index() if index else clean
        widths = [max(4, min(30, max([len(str(c))] + [len(str(v)) for v in shown[c]]))) for c in shown.columns]
        text = ("```{table}\n:class: longtable\n:widths: " + " ".join(map(str, widths)) + "\n\n"
                + text + "\n```")
    return Markdown(text)


def figure(glue_key: str, name: str, caption: str):
    """A ``{glue:figure}`` directive emitted from a code cell (tag it ``remove-input``).

    Use it where a figure's ``:name:`` must vary with a parameter, e.g. on the
    benchmark page, which is executed once per benchmark and needs a unique
    figure name on each page.  The caption may contain MyST roles such as
    ``{glue:text}`` and ``{cite:p}``.
    """
    from IPython.display import Markdown

    return Markdown(f"```{{glue:figure}} {glue_key}\n:name: {name}\n\n{caption}\n```\n")
