"""Charts of the benchmark pages and the benchmark summary (altair, see :mod:`compute_limits.report.charts`),
and the figure directive of a benchmark page (:func:`figure_block`).

Each chart function returns ``(chart, rows)``: the chart and the one table it draws (what
:func:`~compute_limits.report.charts.figure` writes as the figure's CSV).  Compute axes are log axes
labelled with powers of ten; error axes are log axes labelled in percent; tooltips name the model and
its year and show compute typeset (``1.6 × 10¹⁸``).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..analysis.benchmarks import BenchmarkAnalysis
from ..analysis.compute_measures import ConsolidationSummary
from ..stats.forms import FORMS, PAPER_FORM
from ..stats.intervals import mean_band
from . import charts
from .numbers import sci
from .text import error_title

COMPUTE_LABELS = {
    "consolidated_hardware_burden": "consolidated hardware burden",
    "hardware_burden": "hardware burden",
    "network_operations": "network operations",
}
SAMPLE_NAMES = {"all": "all models", "v1": "v1 sample"}
_NICE = (1, 2, 3, 5)
_STEPS = (0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2)


def percent_ticks(lo: float, hi: float, most: int = 7) -> list[float]:
    """Error values to label on a log axis from ``lo`` to ``hi``: 1, 2, 3, 5 × powers of ten over a wide
    range, else evenly spaced values (0.65, 0.70, 0.75 …) so a narrow range still gets several labels."""
    if hi / lo > 3:
        out = [m * 10.0 ** e for e in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1)
               for m in _NICE]
        return [t for t in out if lo <= t <= hi]
    for step in _STEPS:
        ticks = [round(t, 6) for t in np.arange(np.ceil(lo / step) * step, hi + 1e-12, step)]
        if len(ticks) <= most:
            return ticks
    return [lo, hi]


def _compute_axis(title: str, nice: bool = False) -> dict:
    return dict(title=title, scale=charts.log_scale(nice=nice), axis=charts.log_axis(tickCount=6))


def _points(rows: pd.DataFrame, compute: str) -> pd.DataFrame:
    return pd.DataFrame({
        "layer": "model", "model": rows["model"].to_numpy(), "year": rows["year"].astype(int).to_numpy(),
        "date": rows["date"].to_numpy(), "compute": rows[compute].astype(float).to_numpy(),
        "compute_text": [sci(v) for v in rows[compute].astype(float)], "score": rows["score"].to_numpy(),
        "error": rows["error"].to_numpy(),
    })


def fit_chart(a: BenchmarkAnalysis) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Error against compute (log–log): models coloured by year, both fitted forms with the ``level``
    confidence band of the fitted mean."""
    main, cfg = a.main, a.config
    pts = _points(main.rows, cfg.compute)
    x_lo, x_hi = np.log10(pts["compute"].min()) - 0.25, np.log10(pts["compute"].max()) + 0.25
    grid = np.linspace(x_lo, x_hi, 80)
    bands = pd.concat([mean_band(main.fit(form), grid, a.level) for form in FORMS])
    y_lo = float(pts["error"].min()) / 1.15
    y_hi = float(pts["error"].max()) * 1.15
    lines = pd.DataFrame({"layer": "fit", "form": bands["form"].to_numpy(), "compute": bands["compute"].to_numpy(),
                          "error": bands["error"].to_numpy(),
                          "lower": bands["lower"].clip(lower=y_lo, upper=y_hi).to_numpy(),
                          "upper": bands["upper"].clip(lower=y_lo, upper=y_hi).to_numpy()})
    lines = lines[lines["error"].between(y_lo, y_hi)]
    rows = pd.concat([pts, lines], ignore_index=True)
    base = alt.Chart(rows)
    x = alt.X("compute:Q", **_compute_axis(f"Training compute, {COMPUTE_LABELS[cfg.compute]} (FLOP)"))
    y_scale = charts.log_scale(domain=[y_lo, y_hi], nice=False)
    ticks = percent_ticks(y_lo, y_hi)
    y_axis = alt.Axis(values=ticks, format=".1%" if any(round(100 * t, 6) % 1 for t in ticks) else ".0%")
    y_title = error_title(cfg.metric_label)
    forms = charts.form_scale()
    fit_rows = base.transform_filter(alt.datum.layer == "fit")
    band = fit_rows.mark_area(opacity=0.15, clip=True).encode(
        x=x, y=alt.Y("lower:Q", title=y_title, scale=y_scale, axis=y_axis), y2="upper:Q",
        color=alt.Color("form:N", scale=forms, legend=None))  # the lines' legend names the forms once
    line = fit_rows.mark_line(strokeWidth=2.5, clip=True).encode(
        x=x, y=alt.Y("error:Q", title=y_title, scale=y_scale, axis=y_axis),
        color=alt.Color("form:N", scale=forms, title="Fitted form", legend=charts.form_legend()))
    dots = base.transform_filter(alt.datum.layer == "model").mark_circle(
        size=60, opacity=0.85, stroke="#333", strokeWidth=0.4).encode(
        x=x, y=alt.Y("error:Q", title=y_title, scale=y_scale, axis=y_axis),
        color=alt.Color("year:Q", title="Year", scale=alt.Scale(scheme={"name": "viridis", "extent": [0, 0.82]}),
                        legend=alt.Legend(format="d", gradientLength=120)),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute_text:N", title="Compute (FLOP)"),
                 alt.Tooltip("score:Q", title=cfg.metric_label, format=".1f")])
    chart = (band + line + dots).resolve_scale(color="independent").properties(
        width=charts.WIDTH, height=charts.HEIGHT, description=f"{cfg.name}: error against compute")
    return chart, rows


def residual_chart(a: BenchmarkAnalysis) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Residuals of the polynomial fit against publication date, with a least-squares line."""
    fit = a.main.fit(PAPER_FORM)
    rows = _points(a.main.rows, a.config.compute).drop(columns="layer")
    rows["residual"] = fit.residuals()
    years = (int(np.floor(rows["date"].min())), int(np.ceil(rows["date"].max())))
    x = alt.X("date:Q", title="Publication date", scale=alt.Scale(domain=list(years), nice=False),
              axis=alt.Axis(format="d", values=list(range(years[0], years[1] + 1))))
    zero = alt.Chart(rows).mark_rule(color="#666", strokeDash=[4, 3]).encode(y=alt.datum(0))
    dots = alt.Chart(rows).mark_circle(size=60, color=charts.PALETTE[1], opacity=0.85).encode(
        x=x, y=alt.Y("residual:Q", title="Residual of log10(1/error)"),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute_text:N", title="Compute (FLOP)"),
                 alt.Tooltip("residual:Q", title="Residual", format=".3f")])
    trend = dots.transform_regression("date", "residual").mark_line(color=charts.PALETTE[0], strokeWidth=2)
    chart = (zero + dots + trend).properties(width=charts.WIDTH, height=260,
                                             description=f"{a.config.name}: residuals against date")
    return chart, rows


def conversion_chart(summary: ConsolidationSummary, data: pd.DataFrame, names: dict[str, str],
                     name: str) -> tuple[alt.LayerChart, pd.DataFrame]:
    """The conversion regression: the models it was fitted on (labelled by their benchmark), the fitted
    line over the range it is applied to, and this benchmark's converted models at the file's own values."""
    conv = summary.conversion
    fitted = conv.data.assign(kind=[f"{names.get(b, b)}: both measures (the fit)" for b in conv.data["benchmark"]])
    converted = data[data["consolidated_source"] == "converted"]
    authors = pd.DataFrame({"model": converted["model"], "year": converted["year"],
                            "log10_net": np.log10(converted["network_operations"].astype(float)),
                            "log10_hw": np.log10(converted["computing_power"].astype(float)),
                            "kind": f"{name}: converted (the file's computing_power)"}).dropna()
    rows = pd.concat([fitted.assign(year=fitted["label"].str.extract(r"\((\d{4})\)$")[0].astype(float)),
                      authors], ignore_index=True)[["kind", "model", "year", "log10_net", "log10_hw"]]
    applied = np.log10(data["network_operations"].dropna().astype(float))
    grid = np.linspace(min(rows["log10_net"].min(), applied.min()), max(rows["log10_net"].max(), applied.max()), 40)
    line = pd.DataFrame({"kind": "fitted conversion", "log10_net": grid, "log10_hw": conv.predict_log10(grid)})
    rows = pd.concat([rows, line], ignore_index=True)
    rows["net"], rows["hw"] = 10.0 ** rows["log10_net"], 10.0 ** rows["log10_hw"]
    rows["net_text"], rows["hw_text"] = rows["net"].map(sci), rows["hw"].map(sci)
    kinds = list(dict.fromkeys(rows.loc[rows["kind"] != "fitted conversion", "kind"]))
    x = alt.X("net:Q", **_compute_axis("Network operations (FLOP)", nice=True))
    y = alt.Y("hw:Q", **_compute_axis("Hardware burden (FLOP)", nice=True))
    shapes = ["triangle-up" if "converted" in k else "circle" for k in kinds]
    dots = alt.Chart(rows).transform_filter(alt.datum.kind != "fitted conversion").mark_point(
        size=70, filled=True, opacity=0.85).encode(
        x=x, y=y, color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=kinds, range=charts.PALETTE[:len(kinds)]),
                                  legend=alt.Legend(orient="top-left", labelLimit=400)),
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=kinds, range=shapes),
                        legend=alt.Legend(orient="top-left", labelLimit=400)),  # merges with the colour legend
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("kind:N", title="Set"), alt.Tooltip("net_text:N", title="Network operations"),
                 alt.Tooltip("hw_text:N", title="Hardware burden")])
    fit_line = alt.Chart(rows).transform_filter(alt.datum.kind == "fitted conversion").mark_line(
        color="#333", strokeWidth=1.5).encode(x=x, y=y)
    chart = (fit_line + dots).properties(width=charts.WIDTH, height=320,
                                         description=f"{name}: conversion regression")
    return chart, rows


def slopes_chart(slopes: pd.DataFrame) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Polynomial slopes with their intervals, one row per benchmark (``benchmarks.toml`` order), for all
    models and the v1 sample; an open marker is a slope whose interval includes zero."""
    rows = slopes.assign(sample_name=slopes["model_set"].map(SAMPLE_NAMES),
                         fill=np.where(slopes["estimable"], "filled", "open"))
    order = list(dict.fromkeys(rows["name"]))
    samples = [SAMPLE_NAMES[s] for s in ("all", "v1")]
    y = alt.Y("name:N", title=None, sort=order, axis=alt.Axis(labelLimit=200))
    offset = alt.YOffset("sample_name:N", sort=samples)
    color = alt.Color("sample_name:N", title="Sample", scale=alt.Scale(domain=samples, range=charts.PALETTE[:2]),
                      legend=alt.Legend(orient="bottom", direction="horizontal"))
    tips = [alt.Tooltip("name:N", title="Benchmark"), alt.Tooltip("sample_name:N", title="Sample"),
            alt.Tooltip("n:Q", title="Models"), alt.Tooltip("slope:Q", title="Slope b", format=".3f"),
            alt.Tooltip("lower:Q", title="Interval from", format=".3f"),
            alt.Tooltip("upper:Q", title="Interval to", format=".3f")]
    rule = alt.Chart(rows).mark_rule(strokeWidth=2.5).encode(
        y=y, yOffset=offset, x=alt.X("lower:Q", title="Slope b of log10(1/error) on log10(compute)"), x2="upper:Q",
        color=color, tooltip=tips)
    point = alt.Chart(rows).mark_point(size=80, strokeWidth=2).encode(
        y=y, yOffset=offset, x="slope:Q", color=color, tooltip=tips,
        fill=alt.condition(alt.datum.fill == "filled", color, alt.value("white")))
    zero = alt.Chart(rows).mark_rule(color="#666", strokeDash=[4, 3]).encode(x=alt.datum(0))
    chart = (zero + rule + point).properties(width=charts.WIDTH, height=alt.Step(22),
                                             description="slopes with their intervals")
    return chart, rows.drop(columns=["fill"])


def figure_block(key: str, name: str, caption: str, takeaways: dict[str, str] | None = None) -> Markdown:
    """A ``{glue:figure}`` directive for a figure whose ``:name:`` depends on the page (the benchmark pages
    share one source, and figure names must be unique across the book).  ``caption`` is the chapter's MyST;
    the figure's Data · Code links are appended.

    ``takeaways`` maps the condition of an ``{if}`` block (``"fit_estimable"``, ``'fit_drift == "rise"'``) to
    the takeaway sentence that opens the caption when it holds: one directive per variant, each inside its
    ``{if}`` block, so only the one whose condition holds is read (and the name is defined once)."""
    def block(text: str) -> str:
        return f"```{{glue:figure}} {key}\n:name: {name}\n\n{text} {{glue:md}}`{key}_links`\n```\n"

    if not takeaways:
        return Markdown(block(caption))
    return Markdown("\n".join(f"::::{{if}} {condition}\n{block(f'{lead} {caption}')}::::\n"
                              for condition, lead in takeaways.items()))
