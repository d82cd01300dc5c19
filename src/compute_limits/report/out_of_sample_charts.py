"""Charts of the out-of-sample chapter (altair, see :mod:`compute_limits.report.charts`): the 2020 fits with
the later models, their residuals by date, and the growth of the largest training runs.

Each ``*_figure`` returns ``(chart, rows)``: the chart and the one table it draws (every layer filters it),
so :func:`compute_limits.report.charts.figure` writes exactly the plotted rows.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.frontier_growth import GrowthWindows, points, population_labels
from ..analysis.out_of_sample import Evaluation
from ..stats import forms
from ..stats.intervals import prediction_band
from . import charts
from . import numbers as N

BEFORE, LATER = "fitted (before July 2020)", "later (July 2020 on)"
DASHES = ([1, 0], [6, 4], [2, 2], [8, 3, 2, 3])  # the 2020 lines: the paper's form solid, each other form dashed


def line_kind(form: str) -> str:
    """``2020 fit, polynomial``: the ``kind`` of a form's 2020 line (its label, from the registry)."""
    return f"2020 fit, {forms.get(form).shown}"
PANEL_WIDTH, PANEL_HEIGHT = 250, 210


def window_label(start: float, end: float | None = None) -> str:
    """``2012–2019`` for the window [2012, 2020); ``July 2020 on`` for an open one from 2020.5."""
    if end is None or not np.isfinite(end):
        return f"{N.month_year(start)} on" if start % 1 else f"{int(start)} on"
    return f"{int(start)}{N.DASH}{math.ceil(end) - 1}"


def year_axis(lo: float, hi: float, title: str) -> alt.Axis:
    """Integer year ticks, each once (a decimal-date axis otherwise prints 2021 2021 2022 …)."""
    years = list(range(int(math.ceil(lo)), int(math.floor(hi)) + 1))
    step = max(1, math.ceil(len(years) / 8))
    return alt.Axis(values=years[::step], format="d", title=title, labelOverlap=True)


def fit_rows(ev: Evaluation, names: dict[str, str], level: float) -> pd.DataFrame:
    """Per evaluated benchmark: its models (before / later), the 2020 line of every form in use and the paper's
    form's prediction band, on a common grid spanning the models' compute."""
    frames = []
    for b, t in ev.tests.items():
        fits = t.fits
        pts_before = pd.DataFrame({"kind": BEFORE, "model": fits.rows["model"].to_numpy(),
                                   "year": fits.rows["year"].to_numpy(), "compute": fits.rows[t.config.compute].to_numpy(dtype=float),
                                   "error": fits.rows["error"].to_numpy()})
        later = t.paper.models
        pts_later = pd.DataFrame({"kind": LATER, "model": later["model"], "year": later["year"], "compute": later["compute"],
                                  "error": later["error"], "predicted_error": later["predicted_error"],
                                  "residual": later["residual"]})
        pts = pd.concat([pts_before, pts_later], ignore_index=True)
        x = np.log10(pts["compute"].to_numpy(dtype=float))
        grid = np.linspace(x.min() - 0.2, x.max() + 0.2, 60)
        lo_err, hi_err = pts["error"].min() / 1.3, pts["error"].max() * 1.3
        paper = forms.PAPER_FORM
        band = prediction_band(fits.fit(paper), grid, level, t.conversion_cov.get(paper))  # conversion included
        lines = [pd.DataFrame({"kind": line_kind(paper), "compute": 10 ** grid, "error": band["error"],
                               "lower": band["lower"].clip(lo_err, hi_err), "upper": band["upper"].clip(lo_err, hi_err)})]
        lines += [pd.DataFrame({"kind": line_kind(f), "compute": 10 ** grid, "error": fits.fit(f).predict_error(grid)})
                  for f in t.scored if f != paper]
        lines = pd.concat(lines, ignore_index=True)
        lines = lines[(lines["error"] >= lo_err) & (lines["error"] <= hi_err)]
        frames.append(pd.concat([pts, lines], ignore_index=True).assign(benchmark=names[b]))
    cols = ["benchmark", "kind", "model", "year", "compute", "error", "predicted_error", "residual", "lower", "upper"]
    return pd.concat(frames, ignore_index=True).reindex(columns=cols) if frames else pd.DataFrame(columns=cols)


def fit_chart(rows: pd.DataFrame, order: list[str], level: float) -> alt.FacetChart:
    """Small multiples: per benchmark, the 2020 fit of the paper's form with its prediction band, each other
    form's 2020 fit (dashed), the models they were fitted on and the later models."""
    x = alt.X("compute:Q", title="Training compute (FLOP)", scale=charts.log_scale(nice=False),
              axis=charts.log_axis(tickCount=4))
    y_scale = charts.log_scale(nice=False)
    y = alt.Y("error:Q", title="Error", scale=y_scale, axis=alt.Axis(format=".0%", tickCount=4))
    kinds = [line_kind(f) for f in forms.FORMS]  # the paper's form first
    band = alt.Chart().transform_filter(alt.datum.kind == kinds[0]).mark_area(opacity=0.18, color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("lower:Q", scale=y_scale, title="Error"), y2="upper:Q")
    line = alt.Chart().transform_filter(alt.FieldOneOfPredicate("kind", kinds)).mark_line(
        strokeWidth=2, color=charts.PALETTE[0]).encode(
        x=x, y=y, strokeDash=alt.StrokeDash("kind:N", title="Line", scale=alt.Scale(
            domain=kinds, range=[DASHES[i % len(DASHES)] for i in range(len(kinds))])))
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
    frames = [t.paper.models.assign(benchmark=names[b]) for b, t in ev.tests.items()]
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


# ---------------------------------------------------------------- the growth of the largest training runs


def growth_rows(points: pd.DataFrame, windows: list[GrowthWindows], labels: dict[str, str], newest: float,
                segment_labels: tuple[str, str, str]) -> pd.DataFrame:
    """The systems (``points`` of :func:`~compute_limits.analysis.frontier_growth.points`) and each
    population's trends: the pre-window trend over its window and extended to ``newest``, and the
    post-window trend."""
    pts = pd.DataFrame({"kind": "system", "population": points["population"].map(labels), "model": points["model"],
                        "date": points["date"].dt.strftime("%Y-%m-%d"), "year": points["year"],
                        "compute": points["compute"], "segment": ""})
    rows = [pts]
    for g in windows:
        spans = [(g.pre, g.pre.start_year, g.pre_end, segment_labels[0]), (g.pre, g.pre_end, newest, segment_labels[1])]
        if g.post is not None:
            spans.append((g.post, g.post.start_year, newest, segment_labels[2]))
        for trend, a, b, seg in spans:
            xs = np.array([a, b])
            rows.append(pd.DataFrame({"kind": "trend", "population": labels[g.population], "model": "", "date": "",
                                      "year": xs, "compute": 10 ** trend.predict_log10(xs),
                                      "segment": f"{seg}: {N.growth(trend.growth_per_year)}"}))
    return pd.concat(rows, ignore_index=True)


def growth_chart(rows: pd.DataFrame, labels: dict[str, str], segment_labels: tuple[str, str, str]) -> alt.LayerChart:
    """Training compute of the largest systems (log scale) with each population's trends."""
    pops = list(labels.values())
    color = alt.Color("population:N", title="Systems", scale=alt.Scale(domain=pops, range=charts.PALETTE[:len(pops)]))
    lo, hi = float(rows["year"].min()), float(rows["year"].max())
    x = alt.X("year:Q", scale=alt.Scale(domain=[math.floor(lo), math.ceil(hi)], nice=False),
              axis=year_axis(math.floor(lo), math.ceil(hi), "Publication date"))
    y = alt.Y("compute:Q", title="Training compute (FLOP)", scale=charts.log_scale(), axis=charts.log_axis())
    dots = alt.Chart().transform_filter(alt.datum.kind == "system").mark_point(filled=True, size=32, opacity=0.6).encode(
        x=x, y=y, color=color, tooltip=[alt.Tooltip("model:N", title="System"), alt.Tooltip("date:N", title="Date"),
                                        alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.tooltip_format())])
    segs = alt.Chart().transform_filter(alt.datum.kind == "trend").transform_calculate(
        era="split(datum.segment, ':')[0]").mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color, detail="segment:N",
        strokeDash=alt.StrokeDash("era:N", title="Trend", scale=alt.Scale(domain=list(segment_labels),
                                                                          range=[[1, 0], [6, 4], [2, 2]])),
        tooltip=[alt.Tooltip("population:N", title="Systems"), alt.Tooltip("segment:N", title="Trend")])
    return alt.layer(dots, segs, data=rows).properties(width=charts.WIDTH, height=340,
                                                        description="growth of the largest training runs")


def segment_labels(post_window: str) -> tuple[str, str, str]:
    """Legend labels of the trend segments: fitted in the paper's window, its extension, fitted from the cut-off.
    (No years: each population's systems span different years of the window; the table names them.)"""
    return "trend in the paper's window", "that trend, extended", f"trend from {post_window}"


def growth_figure(systems: pd.DataFrame, windows: list[GrowthWindows], record_top_k: int, frontier_top_k: int):
    """``(chart, rows)`` of the growth figure: the systems since the paper's window opened and the trends."""
    g = windows[0]
    labels = population_labels(record_top_k, frontier_top_k)
    segments = segment_labels(window_label(g.post_start))
    rows = growth_rows(points(systems, frontier_top_k, record_top_k, g.pre_start), windows, labels,
                       float(systems["year"].max()), segments)
    return growth_chart(rows, labels, segments), rows
