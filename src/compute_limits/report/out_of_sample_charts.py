"""Charts of the out-of-sample chapter (altair, see :mod:`compute_limits.report.charts`).

Each builder returns ``(chart, rows)``: the chart and the one table it draws (every layer filters it),
so :func:`compute_limits.report.charts.figure` writes exactly the plotted rows.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.out_of_sample import Evaluation
from ..stats.intervals import prediction_band
from . import charts
from . import numbers as N

BEFORE, LATER = "fitted (before July 2020)", "later (July 2020 on)"
POLY, EXPO = "2020 fit, polynomial", "2020 fit, exponential"
PANEL_WIDTH, PANEL_HEIGHT = 250, 210


def year_axis(lo: float, hi: float, title: str) -> alt.Axis:
    """Integer year ticks, each once (a decimal-date axis otherwise prints 2021 2021 2022 …)."""
    years = list(range(int(math.ceil(lo)), int(math.floor(hi)) + 1))
    step = max(1, math.ceil(len(years) / 8))
    return alt.Axis(values=years[::step], format="d", title=title, labelOverlap=True)


def fit_rows(ev: Evaluation, names: dict[str, str], level: float) -> pd.DataFrame:
    """Per evaluated benchmark: its models (before / later), the two 2020 lines and the polynomial
    prediction band, on a common grid spanning the models' compute."""
    frames = []
    for b, t in ev.tests.items():
        fits = t.fits
        pts_before = pd.DataFrame({"kind": BEFORE, "model": fits.rows["model"].to_numpy(),
                                   "year": fits.rows["year"].to_numpy(), "compute": fits.rows[t.config.compute].to_numpy(dtype=float),
                                   "error": fits.rows["error"].to_numpy()})
        later = t.polynomial.models
        pts_later = pd.DataFrame({"kind": LATER, "model": later["model"], "year": later["year"], "compute": later["compute"],
                                  "error": later["error"], "predicted_error": later["predicted_error"],
                                  "residual": later["residual"]})
        pts = pd.concat([pts_before, pts_later], ignore_index=True)
        x = np.log10(pts["compute"].to_numpy(dtype=float))
        grid = np.linspace(x.min() - 0.2, x.max() + 0.2, 60)
        lo_err, hi_err = pts["error"].min() / 1.3, pts["error"].max() * 1.3
        band = prediction_band(fits.polynomial, grid, level)
        poly = pd.DataFrame({"kind": POLY, "compute": 10 ** grid, "error": band["error"],
                             "lower": band["lower"].clip(lo_err, hi_err), "upper": band["upper"].clip(lo_err, hi_err)})
        expo = pd.DataFrame({"kind": EXPO, "compute": 10 ** grid,
                             "error": fits.exponential.predict_error(grid)})
        lines = pd.concat([poly, expo], ignore_index=True)
        lines = lines[(lines["error"] >= lo_err) & (lines["error"] <= hi_err)]
        frames.append(pd.concat([pts, lines], ignore_index=True).assign(benchmark=names[b]))
    cols = ["benchmark", "kind", "model", "year", "compute", "error", "predicted_error", "residual", "lower", "upper"]
    return pd.concat(frames, ignore_index=True).reindex(columns=cols) if frames else pd.DataFrame(columns=cols)


def fit_chart(rows: pd.DataFrame, order: list[str], level: float) -> alt.FacetChart:
    """Small multiples: per benchmark, the 2020 polynomial fit with its prediction band, the exponential
    fit (dashed), the models it was fitted on and the later models."""
    x = alt.X("compute:Q", title="Training compute (FLOP)", scale=charts.log_scale(nice=False),
              axis=charts.log_axis(tickCount=4))
    y_scale = charts.log_scale(nice=False)
    y = alt.Y("error:Q", title="Error", scale=y_scale, axis=alt.Axis(format=".0%", tickCount=4))
    band = alt.Chart().transform_filter(alt.datum.kind == POLY).mark_area(opacity=0.18, color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("lower:Q", scale=y_scale, title="Error"), y2="upper:Q")
    line = alt.Chart().transform_filter(alt.FieldOneOfPredicate("kind", [POLY, EXPO])).mark_line(
        strokeWidth=2, color=charts.PALETTE[0]).encode(
        x=x, y=y, strokeDash=alt.StrokeDash("kind:N", title="Line", scale=alt.Scale(domain=[POLY, EXPO],
                                                                                       range=[[1, 0], [6, 4]])))
    dots = alt.Chart().transform_filter(alt.FieldOneOfPredicate("kind", [BEFORE, LATER])).mark_point(
        filled=True, size=45, opacity=0.85).encode(
        x=x, y=y,
        color=alt.Color("kind:N", title="Models", scale=alt.Scale(domain=[BEFORE, LATER],
                                                                   range=["#888888", charts.PALETTE[1]])),
        shape=alt.Shape("kind:N", title="Models", scale=alt.Scale(domain=[BEFORE, LATER], range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.tooltip_format()),
                 alt.Tooltip("error:Q", title="Error", format=".1%"),
                 alt.Tooltip("predicted_error:Q", title="2020 fit's error", format=".1%")])
    layered = alt.layer(band, line, dots, data=rows).properties(width=PANEL_WIDTH, height=PANEL_HEIGHT)
    return layered.facet(facet=alt.Facet("benchmark:N", sort=order, title=None,
                                          header=alt.Header(labelFontSize=13, labelFontWeight="bold")),
                         columns=2).resolve_scale(x="independent", y="independent").properties(
        description=f"2020 fits with {N.pct(level, 0)} prediction bands and the later models")


def residual_rows(ev: Evaluation, names: dict[str, str]) -> pd.DataFrame:
    frames = [t.polynomial.models.assign(benchmark=names[b]) for b, t in ev.tests.items()]
    cols = ["benchmark", "model", "year", "date", "residual", "inside"]
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)[cols]
    return df.assign(inside=np.where(df["inside"].astype(bool), "inside", "outside"))


def residual_chart(rows: pd.DataFrame, order: list[str], level: float) -> alt.LayerChart:
    """Residuals of every later model against its benchmark's 2020 polynomial fit, by publication date."""
    lo, hi = (float(rows["date"].min()), float(rows["date"].max())) if len(rows) else (2020.5, 2022.5)
    zero = alt.Chart().mark_rule(color="#555", strokeDash=[4, 3]).encode(y=alt.datum(0))
    dots = alt.Chart().mark_point(filled=True, size=55, opacity=0.8).encode(
        x=alt.X("date:Q", scale=alt.Scale(domain=[math.floor(lo), math.ceil(hi)], nice=False),
                axis=year_axis(math.floor(lo), math.ceil(hi), "Publication date")),
        y=alt.Y("residual:Q", title="Residual, log₁₀ of observed / predicted error",
                scale=alt.Scale(padding=12)),  # room for the marks at the extremes (they sat on the frame)
        color=alt.Color("benchmark:N", title="Benchmark", sort=order),
        shape=alt.Shape("inside:N", title=f"{N.pct(level, 0)} prediction interval", scale=alt.Scale(domain=["inside", "outside"])),
        tooltip=[alt.Tooltip("benchmark:N", title="Benchmark"), alt.Tooltip("model:N", title="Model"),
                 alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("residual:Q", title="Residual", format="+.3f")])
    return alt.layer(zero, dots, data=rows).properties(width=charts.WIDTH, height=280,
                                                       description="out-of-sample residuals by date")


def fit_figure(ev: Evaluation, names: dict[str, str], level: float):
    """``(chart, rows)`` of the small multiples (benchmarks in test order)."""
    rows = fit_rows(ev, names, level)
    return fit_chart(rows, [names[b] for b in ev.tests], level), rows


def residual_figure(ev: Evaluation, names: dict[str, str], level: float):
    """``(chart, rows)`` of the residuals by date."""
    rows = residual_rows(ev, names)
    return residual_chart(rows, [names[b] for b in ev.tests], level), rows
