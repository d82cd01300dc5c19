"""The ways-out chapter's charts: the levers' rates, and the year each target fits the budget.

Both are readable at print size: labels at the book's label size, explicit tick values on a log axis
that do not merge, one small panel per scenario instead of overlapping marks, the horizon rule drawn on
a calendar-year axis.  Each returns ``(chart, rows drawn)`` for :func:`compute_limits.report.charts.figure`.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.levers import PUBLISHED_LABELS
from ..analysis.ways_out import SCENARIOS
from . import numbers as N
from .charts import LABEL_SIZE, PALETTE, WIDTH
from .ways_out import FORM_SHORT, LEVER_NAMES, SCENARIO_NAMES, rates_display, year_phrase


def chart_label(r: pd.Series, names: dict) -> str:
    """A short row label for the rates chart: who measured what, and when."""
    if r["origin"] == "published":
        return PUBLISHED_LABELS.get(r["rate"], r["rate"])
    span = f"{N.year(r['start_year'])}–{N.year(r['end_year'])}"
    if r["lever"] == "algorithms":
        return f"{names.get(r['rate'].removeprefix('algorithms_'), r['rate'])} algorithms, {span}"
    return f"{LEVER_NAMES[r['lever']].capitalize()}, Epoch AI, {span}"


def rates_chart(rates: pd.DataFrame, names: dict, x_min: float = 0.5, x_max: float = 100.0):
    """Growth per year (log axis, factors as ``×2``) with intervals, the book's rates and the literature's.

    Intervals running off the axis are cut at its edge and their points drawn as triangles there.  A rate
    this book measured whose interval includes no progress is not drawn: its row reads "not estimable".
    Returns ``(chart, rows drawn)``."""
    disp = rates_display(rates, names)
    df = pd.DataFrame({
        "label": [chart_label(r, names) for _, r in rates.iterrows()],
        "lever": disp["Lever"], "origin": rates["origin"], "rate": rates["rate"],
        "per_year": rates["per_year"], "per_year_lo": rates["per_year_lo"], "per_year_hi": rates["per_year_hi"],
        "text": disp["× a year"], "interval": disp["Interval"], "estimable": rates["estimable"].astype(bool)})
    drawn = (df["origin"] != "this book") | df["estimable"]
    df["x"] = df["per_year"].clip(x_min, x_max).where(drawn)
    df["x_lo"] = df["per_year_lo"].clip(x_min, x_max).where(drawn)
    df["x_hi"] = df["per_year_hi"].clip(x_min, x_max).where(drawn)
    df["x_text"] = x_min * 1.1
    df["position"] = np.where(df["per_year"] > x_max, "beyond its right edge", df["origin"])
    order = list(df["label"])
    ticks = [v for v in (0.5, 1, 2, 5, 10, 20, 50, 100) if x_min <= v <= x_max]
    xs = alt.Scale(type="log", domain=[x_min, x_max], clamp=True)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=290, labelFontSize=LABEL_SIZE))
    color = alt.Color("lever:N", title="Lever", scale=alt.Scale(domain=list(LEVER_NAMES.values()), range=PALETTE[:4]),
                      legend=alt.Legend(orient="bottom", direction="horizontal", columns=2))
    shape = alt.Shape("position:N", title="Point", scale=alt.Scale(
        domain=["this book", "published", "beyond its right edge"], range=["circle", "diamond", "triangle-right"]),
        legend=alt.Legend(orient="bottom", direction="horizontal"))
    tooltip = [alt.Tooltip("label:N", title="Rate"), alt.Tooltip("text:N", title="× a year"),
               alt.Tooltip("interval:N", title="Interval")]
    base = alt.Chart(df)
    bars = base.mark_rule(strokeWidth=2).encode(y=y, x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", color=color,
                                                  tooltip=tooltip)
    pts = base.mark_point(filled=True, size=70, strokeWidth=1.5).encode(
        y=y, color=color, shape=shape, tooltip=tooltip,
        fillOpacity=alt.condition("datum.estimable", alt.value(1.0), alt.value(0.0)),
        x=alt.X("x:Q", scale=xs, title="Growth per year (×, log scale)",
                axis=alt.Axis(values=ticks, labelExpr="'×' + datum.value", labelFlush=False)))
    missing = base.mark_text(align="left", fontSize=LABEL_SIZE - 1, color="#777").encode(
        y=y, x=alt.X("x_text:Q", scale=xs), text=alt.value("not estimable"), tooltip=tooltip).transform_filter(
        "!isValid(datum.x)")
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#888").encode(x=alt.X("x:Q", scale=xs))
    chart = (one + bars + pts + missing).properties(width=WIDTH - 290, height=alt.Step(20))
    return chart, df


def years_chart(table: pd.DataFrame, names: dict, horizon: int):
    """Calendar year each target fits the budget (each benchmark under its headline form), one small panel
    per scenario (no overlap), with the interval as a bar; points past ``horizon`` (or never) sit at the
    right edge as triangles; a date that is not estimable reads so in its panel.
    Returns ``(chart, rows drawn)``."""
    df = table[table["preferred"]].copy()
    base_year = float(df["base_year"].iloc[0]) if len(df) else 2025.0
    right = horizon + 5
    df["row"] = (df["benchmark"].map(names).fillna(df["benchmark"]) + " " + df["target_error"].map(N.pct) + " ("
                 + df["form"].map(FORM_SHORT) + ")")
    df["scenario_name"] = df["scenario"].map(SCENARIO_NAMES)
    df["x"] = df["affordable_year"].where(df["affordable_year"] <= horizon, right)
    df["x_lo"] = df["affordable_year_lo"].clip(upper=right)
    df["x_hi"] = df["affordable_year_hi"].fillna(np.inf).clip(upper=right)
    df["position"] = np.where(~df["estimable"], "not estimable",
                              np.where(df["affordable_year"] <= horizon, f"by {horizon}", f"after {horizon} or never"))
    df["x_text"] = base_year + 2
    df["year"] = [year_phrase(b, y, horizon) if e else "not estimable"
                  for b, y, e in zip(df["base_year"], df["years_to_affordable"], df["estimable"])]
    df["interval"] = [f"{year_phrase(b, lo, horizon)}–{year_phrase(b, hi, horizon)}" if e else "not estimable"
                      for b, lo, hi, e in zip(df["base_year"], df["years_lo"], df["years_hi"], df["estimable"])]
    keep = ["row", "scenario_name", "x", "x_lo", "x_hi", "x_text", "position", "year", "interval", "benchmark",
            "target_error", "form", "scenario", "affordable_year", "affordable_year_lo", "affordable_year_hi",
            "estimable"]
    df = df[keep]
    order = list(dict.fromkeys(df["row"]))
    xs = alt.Scale(domain=[base_year, right], nice=False, zero=False, clamp=True)
    ticks = [t for t in range(int(math.ceil(base_year / 25) * 25), horizon + 1, 25)]
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelFontSize=LABEL_SIZE, labelLimit=200))
    tooltip = [alt.Tooltip("row:N", title="Target"), alt.Tooltip("scenario_name:N", title="Scenario"),
               alt.Tooltip("year:N", title="Affordable"), alt.Tooltip("interval:N", title="Interval")]
    shown = alt.datum.estimable
    bars = alt.Chart().mark_rule(strokeWidth=2, color=PALETTE[0], opacity=0.6).encode(
        y=y, x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", tooltip=tooltip).transform_filter(shown)
    pts = alt.Chart().mark_point(filled=True, size=60, color=PALETTE[0]).encode(
        y=y, tooltip=tooltip,
        x=alt.X("x:Q", scale=xs, title="Year",
                axis=alt.Axis(values=ticks, format="d", labelFontSize=LABEL_SIZE, labelFlush=True)),
        shape=alt.Shape("position:N", title=None, scale=alt.Scale(
            domain=[f"by {horizon}", f"after {horizon} or never"], range=["circle", "triangle-right"]),
            legend=alt.Legend(orient="bottom"))).transform_filter(shown)
    text = alt.Chart().mark_text(align="left", fontSize=LABEL_SIZE - 1, color="#777").encode(
        y=y, x=alt.X("x_text:Q", scale=xs), text=alt.value("not estimable"), tooltip=tooltip).transform_filter(~shown)
    rule = alt.Chart().mark_rule(strokeDash=[4, 3], color="#555").encode(
        x=alt.X(datum=horizon, type="quantitative", scale=xs))
    chart = alt.layer(rule, bars, pts, text, data=df).properties(width=118, height=alt.Step(17)).facet(
        column=alt.Column("scenario_name:N", title=None, sort=[SCENARIO_NAMES[s] for s in SCENARIOS],
                          header=alt.Header(labelFontSize=LABEL_SIZE + 1)))
    return chart, df
