"""How the history chapter shows its results: charts, display tables, and the labels that name each
fitted series by its population and window.

Each chart builder returns ``(chart, rows)``: ``rows`` is exactly what the chart draws, for
:func:`~compute_limits.report.charts.figure`.  Log axes are labelled with powers of ten; tooltips
name the system (or chip) and its year; compute in tooltips is typeset (``1.6 × 10¹⁸ FLOP``).
Each table builder returns a DataFrame of typeset cells for :func:`compute_limits.report.tables.table`
(the chapter writes the caption); a table without rows gets one row of dashes, so the chapter's
reference to it still resolves.
"""

from __future__ import annotations

import math
import re

import altair as alt
import numpy as np
import pandas as pd

from ..analysis import chips as C
from ..analysis import history as H
from ..analysis import milestones as M
from ..config import Literature
from ..stats.trends import Trend
from . import charts
from . import numbers as N

DOMAINS = ("Language", "Vision", "Games", "Speech", "Biology", "Image generation", "Multimodal")
GROWTH_TICKS = [1, 1.5, 2, 3, 5, 10, 20, 30]
DASHES = [[1, 0], [8, 4], [2, 3], [12, 3, 2, 3]]  # solid, dashed, dotted, dash-dot: told apart in print


# --------------------------------------------------------------------------
# Labels: each series named by its population and window
# --------------------------------------------------------------------------


def ci_label(level: float) -> str:
    """``"95% CI"``: a column or axis title for the confidence interval of a fitted slope."""
    return f"{N.pct(level, 0)} CI"


def span(start: float, end: float) -> str:
    """``"2012–2019"`` for the window [start, end] in whole years."""
    a, b = int(math.floor(start)), int(math.floor(end))
    return str(a) if a == b else f"{a}{N.DASH}{b}"


def _window(t: Trend | None) -> str:
    return span(t.start_year, t.end_year) if t is not None else ""


def frontier_label(pop: H.Populations) -> str:
    return f"frontier (top {N.integer(pop.frontier_top_k)} at release)"


def era_labels(e: H.Eras, pop: H.Populations) -> dict[str, str]:
    """Labels of the era trends (long-run chart), each window the years of the systems fitted."""
    return {"pre": f"notable systems, {_window(e.pre)}", "post": f"notable systems, {_window(e.post)}",
            "frontier": f"{frontier_label(pop)}, {_window(e.frontier)}",
            "records": f"record-setters, {_window(e.records)}"}


def sensitivity_labels(pop: H.Populations) -> dict[str, str]:
    """Labels of the populations in the sensitivity chart."""
    return {"pre": "notable systems, before the split", "post": "notable systems, from the split on",
            "frontier": f"{frontier_label(pop)}, from the split on"}


def series_labels(pop: H.Populations, e: H.Eras, p: H.PaperWindow, b: M.BenchmarkHistory, c: C.Chips,
                  a: C.Anatomy, bid: str) -> dict[str, str]:
    """Series id -> label naming its population and window (the years of the points fitted), in the order
    figures and tables show them."""
    k = N.integer(pop.frontier_top_k)
    growth = a.growth.window if a.growth else ""
    return {
        "notable_pre_dl": f"notable systems, {_window(e.pre)}",
        "notable_all": f"notable systems, {_window(e.post)}",
        "frontier": f"frontier (top {k} at release), {_window(e.frontier)}",
        "records": f"record-setters, {_window(e.records)}",
        "notable_2012_2019": f"notable systems, {_window(p.notable)}",
        "frontier_2012_2019": f"frontier (top {k} at release), {_window(p.frontier)}",
        "records_2012_2019": f"record-setters, {_window(p.records)}",
        f"{bid}_models": f"{b.name} models, {_window(b.all_models)}",
        "gpu_peak_gflops_per_gpu": f"fastest GPU's peak, per GPU, {_window(c.gpu_trend)}",
        "cpu_peak_gflops": f"fastest CPU's peak, {_window(c.cpu_trend)}",
        "frontier_chips_per_run": f"frontier: chips per run, {_window(a.frontier.get('frontier_chips_per_run'))}",
        "frontier_training_days_per_run":
            f"frontier: training days, {_window(a.frontier.get('frontier_training_days_per_run'))}",
        "frontier_achieved_flops_per_chip":
            f"frontier: achieved FLOP/s per chip, {_window(a.frontier.get('frontier_achieved_flops_per_chip'))}",
        "frontier_cost_per_run": f"frontier: cost per run, {_window(a.frontier.get('frontier_cost_per_run'))}",
        "cost_per_run": f"notable: cost per run, {growth}",
        "compute_per_dollar": f"notable: training FLOP per dollar, {growth}",
    }


def references(lit: Literature) -> dict[str, float]:
    """Reference growth rates for the growth chart: Moore's law, the paper's tenfold, Amodei & Hernandez."""
    moore, amodei = lit.value("moore_doubling_months"), lit.value("amodei_doubling_months")
    return {f"Moore's law (doubling every {N.number(moore, 2)} months)": 2 ** (12 / moore),
            f"the paper: {N.number(lit.value('v1_compute_growth_per_year'))}× a year":
                lit.value("v1_compute_growth_per_year"),
            f"Amodei & Hernandez (doubling every {N.number(amodei, 2)} months)": 2 ** (12 / amodei)}


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def domain_group(domain: pd.Series) -> pd.Series:
    """First listed domain, rare ones pooled as 'Other' (a readable colour legend)."""
    first = domain.fillna("Other").astype(str).str.split(",").str[0].str.strip()
    return first.where(first.isin(DOMAINS), "Other")


def _fit(chart, columns: int = 2):
    """Legends below the plot, so a chart keeps its full size in the text column (labels stay readable)."""
    return chart.configure_legend(orient="bottom", columns=columns, labelLimit=330, symbolLimit=40)


def _flop(x) -> str:
    return f"{N.sci(x)} FLOP" if np.isfinite(x) else ""


def _line(t: Trend | None, label: str, y: str = "compute", start: float | None = None,
          end: float | None = None, scale: float = 1.0) -> pd.DataFrame:
    if t is None:
        return pd.DataFrame(columns=["trend", "year", y])
    xs = [t.start_year if start is None else start, t.end_year if end is None else end]
    return pd.DataFrame({"trend": label, "year": xs, y: [10 ** float(t.predict_log10(x)) / scale for x in xs]})


def _systems(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "system": df["model"].astype(str), "organisation": df["organization"].fillna("unknown").astype(str),
        "date": df["date"].dt.strftime("%Y-%m-%d"), "year": df["year"], "compute": df["compute"].astype(float),
        "compute_label": df["compute"].map(_flop), "domain": domain_group(df["domain"]),
        "frontier": np.where(df["frontier"], "frontier", "other"),
    })


SYSTEM_TOOLTIP = [alt.Tooltip("system:N", title="System"), alt.Tooltip("date:N", title="Date"),
                  alt.Tooltip("compute_label:N", title="Compute"), alt.Tooltip("domain:N", title="Domain"),
                  alt.Tooltip("organisation:N", title="Organisation")]


def longrun(pop: H.Populations, eras: H.Eras, labels: dict[str, str]):
    """Training compute of notable systems (log scale) with the era trends: the whole span, and a
    zoomed panel from the split on (where most systems are)."""
    pts = _systems(pop.notable)
    trends = {"pre": eras.pre, "post": eras.post, "frontier": eras.frontier, "records": eras.records}
    lines = pd.concat([_line(t, labels[k]) for k, t in trends.items() if t is not None], ignore_index=True)
    y = alt.Y("compute:Q", title="Training compute (FLOP)", scale=charts.log_scale(), axis=charts.log_axis())
    colour = alt.Color("domain:N", title="Domain", sort=list(DOMAINS) + ["Other"],
                       legend=alt.Legend(orient="bottom", columns=4, labelLimit=200))
    shape = alt.Shape("frontier:N", legend=None,  # the caption says what the diamonds are
                      scale=alt.Scale(domain=["frontier", "other"], range=["diamond", "circle"]))
    dash = alt.StrokeDash("trend:N", title="Fitted trend", sort=list(labels.values()),
                          scale=alt.Scale(domain=list(labels.values()), range=DASHES[:len(labels)]),
                          legend=alt.Legend(orient="top-left", fillColor="white", padding=6, symbolStrokeWidth=2.5,
                                            labelLimit=330))

    def panel(points, line_rows, lo, hi, title, height):
        x = alt.X("year:Q", title="Publication date", scale=alt.Scale(domain=[lo, hi], nice=False),
                  axis=alt.Axis(format="d", tickMinStep=1))
        dots = alt.Chart(points).mark_point(filled=True, size=30, opacity=0.6, clip=True).encode(
            x=x, y=y, color=colour, shape=shape, tooltip=SYSTEM_TOOLTIP)
        trend = alt.Chart(line_rows).mark_line(strokeWidth=2.5, color="#000", clip=True).encode(
            x="year:Q", y="compute:Q", strokeDash=dash, tooltip=[alt.Tooltip("trend:N", title="Trend")])
        return (dots + trend).properties(width=charts.WIDTH, height=height, title=title)

    newest = float(pts["year"].max()) + 0.3
    zoom_lines = lines[lines["trend"] != labels["pre"]]
    full = panel(pts, lines, eras.start, newest, f"{int(eras.start)} to {eras.newest.year}", 260)
    zoom = panel(pts[pts["year"] >= eras.split], zoom_lines, eras.split, newest,
                 f"{int(eras.split)} to {eras.newest.year}, enlarged", 320)
    chart = alt.vconcat(full, zoom).resolve_scale(x="independent")
    rows = pd.concat([pts.assign(layer="system"), lines.assign(layer="trend")], ignore_index=True)
    return chart, rows


def sensitivity(sens: pd.DataFrame, labels: dict[str, str], chosen: float, level: float):
    """Doubling time of each era (with its interval) against the split year between the eras."""
    df = sens.assign(era_label=sens["era"].map(labels)).replace([np.inf, -np.inf], np.nan)
    top = float(np.nanmax(df[["doubling_months", "doubling_months_hi"]].to_numpy())) if len(df) else 1.0
    df["hi_drawn"] = df["doubling_months_hi"].fillna(top)
    x = alt.X("split:Q", title="Split year between the eras", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(zero=False))
    colour = alt.Color("era_label:N", title="Population", sort=list(labels.values()))
    band = alt.Chart(df).mark_area(opacity=0.18).encode(x=x, y=alt.Y("doubling_months_lo:Q"), y2="hi_drawn:Q",
                                                         color=colour)
    ci = ci_label(level)
    line = alt.Chart(df).mark_line(point=True).encode(
        x=x, y=alt.Y("doubling_months:Q", title=f"Doubling time (months, {ci})", scale=alt.Scale(zero=True)),
        color=colour,
        tooltip=[alt.Tooltip("era_label:N", title="Population"), alt.Tooltip("split:Q", title="Split", format="d"),
                 alt.Tooltip("n:Q", title="Systems"), alt.Tooltip("doubling_months:Q", title="Doubling (months)", format=".1f"),
                 alt.Tooltip("doubling_months_lo:Q", title=f"{ci}, low", format=".1f"),
                 alt.Tooltip("doubling_months_hi:Q", title=f"{ci}, high", format=".1f")])
    rule = alt.Chart(pd.DataFrame({"split": [chosen]})).mark_rule(strokeDash=[4, 4], color="#555").encode(x="split:Q")
    chart = (band + line + rule).properties(width=charts.WIDTH, height=300)
    return _fit(chart, 1), df.drop(columns="hi_drawn")


def forest(table: pd.DataFrame, labels: dict[str, str], references: dict[str, float], level: float):
    """Growth per year (log scale) with its interval for each series, and reference rates as rules."""
    df = table[table["series"].isin(labels)].copy()
    df["label"] = df["series"].map(labels)
    df["years"] = [f"{int(a)}{N.DASH}{int(b)}" for a, b in zip(df["start_year"], df["end_year"])]
    if "interval_valid" in df:  # a running maximum is drawn without the interval it cannot have
        invalid = ~df["interval_valid"].astype(bool)
        df.loc[invalid, ["growth_per_year_lo", "growth_per_year_hi"]] = np.nan
        df.loc[invalid, "label"] = df.loc[invalid, "label"] + " (no valid CI)"
    order = list(dict.fromkeys(df.set_index("series").loc[[s for s in labels if s in set(df["series"])], "label"]))
    ci = ci_label(level)
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=420))
    xs = alt.Scale(type="log", domain=[min(GROWTH_TICKS), max(GROWTH_TICKS)], clamp=True)
    x_axis = alt.Axis(values=GROWTH_TICKS, labelExpr="datum.value + '×'")
    bars = alt.Chart(df).mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("growth_per_year_lo:Q", scale=xs, axis=x_axis, title=f"Growth per year (log scale, {ci})"),
        x2="growth_per_year_hi:Q")
    pts = alt.Chart(df).mark_point(filled=True, size=60, color="#000").encode(
        y=y, x=alt.X("growth_per_year:Q", scale=xs),
        tooltip=[alt.Tooltip("label:N", title="Series"), alt.Tooltip("years:N", title="Years"),
                 alt.Tooltip("n:Q", title="Points"), alt.Tooltip("growth_per_year:Q", title="× a year", format=".2f"),
                 alt.Tooltip("growth_per_year_lo:Q", title=f"{ci}, low", format=".2f"),
                 alt.Tooltip("growth_per_year_hi:Q", title=f"{ci}, high", format=".2f")])
    ref = pd.DataFrame({"reference": list(references), "growth_per_year": list(references.values())})
    rules = alt.Chart(ref).mark_rule(strokeDash=[5, 3], strokeWidth=2).encode(
        x=alt.X("growth_per_year:Q", scale=xs),
        color=alt.Color("reference:N", title="Reference"),
        tooltip=[alt.Tooltip("reference:N", title="Reference")])
    chart = _fit((bars + pts + rules).properties(width=charts.WIDTH - 220, height=26 * max(len(df), 3)), 1)
    rows = pd.concat([df.drop(columns=["label"]).assign(label=df["label"]), ref], ignore_index=True)
    return chart, rows


def hardware(c: C.Chips, pop: H.Populations, frontier_label: str):
    """(a) Peak GFLOPS per chip by release year, by kind and precision; (b) growth since the first year
    of the GPU table: the fastest GPU's peak against the frontier's training compute (both = 1 then)."""
    hw = c.hardware
    kind_label = {"GPU": f"GPU ({C.PEAK_PRECISION['gpu']}, per GPU)", "CPU": f"CPU ({C.PEAK_PRECISION['cpu']})",
                  "TPU": f"Cloud TPU ({C.PEAK_PRECISION['tpu']}, per chip)"}
    pts = pd.DataFrame({"chip": hw["chip"].astype(str), "kind": hw["kind"].map(kind_label), "year": hw["year"].astype(int),
                        "year_mid": hw["year_mid"], "gflops_per_chip": hw["gflops_per_chip"],
                        "listed": [f"{N.integer(g)} GFLOPS for {N.integer(u)} chips" if u > 1 else ""
                                   for g, u in zip(hw["gflops"], hw["units"])],
                        "best": np.where(hw["best_chip_of_year"], "fastest of its year", "other")})
    x = alt.X("year_mid:Q", title="Release year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False))
    dots = alt.Chart(pts).mark_point(filled=True, size=26, opacity=0.55).encode(
        x=x, y=alt.Y("gflops_per_chip:Q", title="Peak GFLOPS per chip", scale=charts.log_scale(), axis=charts.log_axis()),
        color=alt.Color("kind:N", title="Chip (precision of the peak)",
                        legend=alt.Legend(orient="top-left", fillColor="white", padding=6, labelLimit=330)),
        tooltip=[alt.Tooltip("chip:N", title="Chip"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("gflops_per_chip:Q", title="Peak GFLOPS per chip", format=",.0f"),
                 alt.Tooltip("listed:N", title="Listed")])
    g, f = c.gpu_trend, c.frontier_same_years
    gpu_label = f"fastest GPU of each year: {N.growth(g.growth_per_year)}" if g else "fastest GPU of each year"
    g_line = _line(g, gpu_label, "gflops_per_chip").rename(columns={"year": "year_mid"})
    top = alt.Chart(g_line).mark_line(color="#000", strokeWidth=2).encode(
        x="year_mid:Q", y="gflops_per_chip:Q", tooltip=[alt.Tooltip("trend:N", title="Trend")])
    panel_a = (dots + top).properties(width=charts.WIDTH, height=280, title="(a) Peak rate of one chip")
    index = pd.DataFrame(columns=["trend", "year", "growth_index"])
    fpts = pd.DataFrame(columns=["system", "date", "year", "growth_index", "compute_label"])
    if g is not None and f is not None:
        start, end = g.start_year, g.end_year + 0.5
        f_label = f"{frontier_label}: {N.growth(f.growth_per_year)}"
        index = pd.concat([_line(g, gpu_label, "growth_index", start, end, 10 ** float(g.predict_log10(start))),
                           _line(f, f_label, "growth_index", start, end, 10 ** float(f.predict_log10(start)))],
                          ignore_index=True)
        fr = H.window(pop.frontier, start, end)
        fpts = pd.DataFrame({"system": fr["model"], "date": fr["date"].dt.strftime("%Y-%m-%d"), "year": fr["year"],
                             "growth_index": fr["compute"] / 10 ** float(f.predict_log10(start)),
                             "compute_label": fr["compute"].map(_flop)})
    yb = alt.Y("growth_index:Q", title="Growth since the first year (× its level then)", scale=charts.log_scale(),
               axis=charts.log_axis())
    b_pts = alt.Chart(fpts).mark_point(filled=True, size=24, opacity=0.45, color=charts.PALETTE[1]).encode(
        x=alt.X("year:Q", title="Release year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=yb, tooltip=[alt.Tooltip("system:N", title="System"), alt.Tooltip("date:N", title="Date"),
                       alt.Tooltip("compute_label:N", title="Compute")])
    b_lines = alt.Chart(index).mark_line(strokeWidth=2.5).encode(
        x="year:Q", y="growth_index:Q", color=alt.Color("trend:N", title="Fitted trend",
                                                 scale=alt.Scale(range=["#000", charts.PALETTE[1]]),
                                                 legend=alt.Legend(orient="top-left", fillColor="white", padding=6,
                                                                   labelLimit=330)),
        tooltip=[alt.Tooltip("trend:N", title="Trend")])
    panel_b = (b_pts + b_lines).properties(width=charts.WIDTH, height=260,
                                           title="(b) Faster chips against the frontier's compute")
    chart = alt.vconcat(panel_a, panel_b).resolve_scale(color="independent", x="independent")
    rows = pd.concat([pts.assign(panel="a"), g_line.assign(panel="a"), fpts.assign(panel="b"),
                      index.assign(panel="b")], ignore_index=True)
    return chart, rows


ANATOMY_PANELS = {"chips": ("chips_per_run", "Chips per run"), "days": ("training_days_per_run", "Training days"),
                  "cost": ("cost_per_run", "Cost per run (2023 US$)"),
                  "flop_per_dollar": ("compute_per_dollar", "Training FLOP per 2023 US$")}


def runs(a: C.Anatomy):
    """Small multiples: chips, days, cost and FLOP per dollar of notable runs (log scales), each with
    the trend the chapter quotes."""
    panels, rows = [], []
    for col, (series, title) in ANATOMY_PANELS.items():
        t = a.notable.get(series)
        sub = a.runs[a.runs[col].notna() & (a.runs[col] > 0)]
        if t is not None:
            sub = H.window(sub, t.start_year, t.end_year + 1e-9)
        pts = pd.DataFrame({"system": sub["model"], "date": sub["date"].dt.strftime("%Y-%m-%d"), "year": sub["year"],
                            "value": sub[col].astype(float), "quantity": title})
        line = _line(t, f"{N.growth(t.growth_per_year)}" if t else "", "value").assign(quantity=title)
        y = alt.Y("value:Q", title=title, scale=charts.log_scale(), axis=charts.log_axis())
        x = alt.X("year:Q", title="Publication date", axis=alt.Axis(format="d", tickMinStep=2), scale=alt.Scale(zero=False))
        layer = alt.Chart(pts).mark_point(filled=True, size=22, opacity=0.55).encode(
            x=x, y=y, tooltip=[alt.Tooltip("system:N", title="System"), alt.Tooltip("date:N", title="Date"),
                               alt.Tooltip("value:Q", title=title, format=",.3~g")])
        if t is not None:
            layer += alt.Chart(line).mark_line(color=charts.PALETTE[1], strokeWidth=2.5).encode(
                x="year:Q", y="value:Q", tooltip=[alt.Tooltip("trend:N", title="Fitted trend")])
        panels.append(layer.properties(width=250, height=190, title=title))
        rows += [pts.assign(layer="run"), line.assign(layer="trend")]
    chart = alt.vconcat(*[alt.hconcat(*panels[i:i + 2]) for i in range(0, len(panels), 2)])
    return chart, pd.concat(rows, ignore_index=True)


def benchmark(b: M.BenchmarkHistory):
    """Compute of one benchmark's models relative to the reference model, by date, with the trend."""
    d = b.rows
    pts = pd.DataFrame({"model": d["model"], "year": d["year"].astype(int), "date": d["date"],
                        "relative": d["relative"], "compute_label": d["compute"].map(_flop),
                        "measure": np.where(d["measured"], "hardware burden (reported)",
                                            "converted from network operations")})
    base = float(d.loc[d["model"] == b.reference, "compute"].iloc[0]) if b.reference else np.nan
    t = b.all_models
    line = _line(t, f"fit: {N.growth(t.growth_per_year)}" if t else "", "relative", scale=base)
    line = line.rename(columns={"year": "date"})
    y = alt.Y("relative:Q", title=f"Training compute relative to {b.reference}", scale=charts.log_scale(),
              axis=charts.log_axis())
    x = alt.X("date:Q", title="Publication date", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False))
    dots = alt.Chart(pts).mark_point(filled=True, size=32, opacity=0.7).encode(
        x=x, y=y, color=alt.Color("measure:N", title="Compute"),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("relative:Q", title=f"× {b.reference}", format=",.3~r"),
                 alt.Tooltip("compute_label:N", title="Compute")])
    trend = alt.Chart(line).mark_line(color="#000", strokeWidth=2).encode(
        x="date:Q", y="relative:Q", tooltip=[alt.Tooltip("trend:N", title="Trend")])
    chart = _fit((dots + trend).properties(width=charts.WIDTH, height=320), 2)
    return chart, pd.concat([pts.assign(layer="model"), line.assign(layer="trend")], ignore_index=True)


# --------------------------------------------------------------------------
# Display tables
# --------------------------------------------------------------------------


def _never_empty(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([{c: N.MISSING for c in df.columns}]) if df.empty else df


_CHIP_NOISE = re.compile(r"\b(NVIDIA|Google|Tesla|GeForce|Cloud|PCIe|SXM\d?|DGXS|\d+\s?GB)\b", re.I)


def short_chip(name: str) -> str:
    """``"Tesla P100 PCIe 16 GB"`` → ``"P100"``; ``"Cloud TPU v3"`` → ``"TPU v3"`` (for narrow tables)."""
    return re.sub(r"\s+", " ", _CHIP_NOISE.sub("", str(name))).strip()


def _hardware_cell(chips, chip) -> str:
    if pd.isna(chips) and not chip:
        return ""
    name = " + ".join(short_chip(c) for c in str(chip).split(" + ")) if chip else "chips"
    return f"{N.integer(chips)} × {name}" if pd.notna(chips) else name


def _log10(x) -> str:
    return "" if pd.isna(x) or x <= 0 else N.pow10(math.log10(x), 1)


def milestone_table(ms: M.Milestones) -> pd.DataFrame:
    """The milestone table: short cells (chips as ``2 × GTX 580``, compute as powers of ten)."""
    t = ms.table
    return _never_empty(pd.DataFrame({
        "System": t["system"], "Year": t["year"].astype(int).astype(str),
        "Hardware": [_hardware_cell(n, c) for n, c in zip(t["chips"], t["chip"])],
        "Days": ["" if pd.isna(x) else N.number(x, 2) for x in t["days"]],
        "Burden": t["hardware_burden_flop"].map(_log10), "Epoch": t["epoch_training_compute_flop"].map(_log10),
        "Ratio": ["" if pd.isna(x) else N.number(x, 2) for x in t["ratio"]],
        "Note": t["note"],
    }))


def trends_table(trends: pd.DataFrame, labels: dict[str, str], level: float) -> pd.DataFrame:
    """Each labelled series: its years, points, growth per year with its interval, and doubling time."""
    df = trends[trends["series"].isin(labels)].copy()
    df["order"] = df["series"].map({s: i for i, s in enumerate(labels)})
    df = df.sort_values("order")
    return _never_empty(pd.DataFrame({
        "Series": df["series"].map(labels).str.rsplit(", ", n=1).str[0],  # the window is the next column
        "Years": [span(a, b) for a, b in zip(df["start_year"], df["end_year"])],
        "n": df["n"].map(N.integer),
        "× a year": [N.number(g, 2) if e else N.NOT_ESTIMABLE for g, e in zip(df["growth_per_year"], df["estimable"])],
        ci_label(level): [("not valid (a running maximum)" if not v else N.interval(lo, hi, sig=2)) if e else ""
                          for lo, hi, e, v in zip(df["growth_per_year_lo"], df["growth_per_year_hi"], df["estimable"],
                                                  df.get("interval_valid", pd.Series(True, index=df.index)))],
        "Doubling (months)": [N.number(d, 2) if e else "" for d, e in zip(df["doubling_months"], df["estimable"])],
    }))


def topk_table(topk: pd.DataFrame, level: float) -> pd.DataFrame:
    """The frontier's growth under each definition of the frontier (top k at release)."""
    return _never_empty(pd.DataFrame({
        "Frontier: top k at release": topk["top_k"].map(N.integer), "Systems": topk["n"].map(N.integer),
        "× a year": topk["growth_per_year"].map(lambda g: N.number(g, 2)),
        f"Doubling, months ({ci_label(level)})": [
            f"{N.number(d, 2)} ({'no valid CI: a running maximum' if k == 1 else N.interval(lo, hi, sig=2)})"
            for k, d, lo, hi in zip(topk["top_k"], topk["doubling_months"], topk["doubling_months_lo"],
                                    topk["doubling_months_hi"])],
    }))
