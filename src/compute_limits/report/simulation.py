"""How the theory chapter shows the simulation: its charts and display tables, and the labels that name
each estimator in them.

Every number is set by :mod:`compute_limits.report.numbers`; a quantity the sample grid does not show
(an estimator that never reaches the target) reads :data:`OFF_GRID` in a table cell.  The chapter glues
the analysis results (:mod:`compute_limits.analysis.simulation`) and writes the sentences around them.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ..analysis import simulation as sim
from . import charts
from . import numbers as N
from .text import count

SHORT = {"oracle": "Oracle", "expert": "Expert", "flexible": "Flexible", "lasso": "Lasso",
         "lasso_refit": "Refitted lasso"}
OFF_GRID = "not on this grid"


def scale(c: float) -> str:
    return N.compact(c, 3)


def label(model: str, st: sim.Settings, c: float | None = None) -> str:
    """The legend label of an estimator (for the main scale unless ``c`` names another)."""
    if model == "oracle":
        return f"Oracle ({count(st.s, 'true feature')})"
    if model == "expert":
        return f"Expert ({N.integer(st.s - 1)} true + 1 irrelevant)"
    if model == "flexible":
        return f"Flexible (least squares, all {N.integer(st.p)})"
    return f"{SHORT[model]}, c = {scale(st.lasso_c if c is None or math.isnan(c) else c)}"


def nrmse(log10_value: float, sig: int = 2) -> str:
    return N.number(10 ** log10_value, sig)


def ratio(x: float, sig: int = 2) -> str:
    return N.factor(x, sig) if np.isfinite(x) else OFF_GRID


# ---------------------------------------------------------------- charts

NRMSE_TITLE = "NRMSE (geometric mean; lower is better)"
N_TITLE = "Samples n"


def _colours(labels: list[str]) -> alt.Color:
    return alt.Color("estimator:N", sort=labels, scale=alt.Scale(domain=labels, range=charts.PALETTE[: len(labels)]),
                     legend=alt.Legend(title=None, orient="bottom", columns=2))


def _x_n(df: pd.DataFrame) -> alt.X:
    """Samples on a log axis, padded so the end labels are not clipped."""
    lo, hi = float(df["n"].min()), float(df["n"].max())
    return alt.X("n:Q", scale=charts.log_scale(domain=[lo / 1.6, hi * 1.6], nice=False),
                 axis=charts.log_axis(title=N_TITLE))


def performance_rows(s: sim.Simulation) -> pd.DataFrame:
    """Panel (a)'s rows: each estimator at each n, with its geometric-mean NRMSE and Monte Carlo band."""
    st = s.settings
    df = sim.band(s.table, st.level)
    return pd.DataFrame({
        "estimator": [label(m, st) for m in df["model"]], "model": df["model"], "n": df["n"],
        "nrmse": 10 ** df["log10_nrmse_mean"], "nrmse_lo": 10 ** df["lo"], "nrmse_hi": 10 ** df["hi"],
        "log10_nrmse_se": df["log10_nrmse_se"], "level": st.level, "replications": df["replications"]})


def chart_performance(rows: pd.DataFrame) -> alt.LayerChart:
    """Panel (a): NRMSE against samples, both on log axes, with Monte Carlo bands."""
    labels = list(dict.fromkeys(rows["estimator"]))
    y = alt.Y("nrmse:Q", scale=charts.log_scale(), axis=charts.log_axis(title=NRMSE_TITLE))
    tooltip = [alt.Tooltip("estimator:N", title="Estimator"), alt.Tooltip("n:Q", title="Samples", format=","),
               alt.Tooltip("nrmse:Q", title="NRMSE", format=".3~r"),
               alt.Tooltip("log10_nrmse_se:Q", title="s.e. (log10)", format=".2~r")]
    base = alt.Chart(rows)
    # the bands' fill has no legend of its own; resolved independently, it is not merged with the lines'
    band = alt.Fill("estimator:N", sort=labels, legend=None, scale=alt.Scale(domain=labels, range=charts.PALETTE[: len(labels)]))
    area = base.mark_area(opacity=0.2).encode(x=_x_n(rows), y="nrmse_lo:Q", y2="nrmse_hi:Q", fill=band)
    line = base.mark_line(point=alt.OverlayMarkDef(size=30)).encode(x=_x_n(rows), y=y, color=_colours(labels),
                                                                    tooltip=tooltip)
    return alt.layer(line, area).resolve_legend(fill="independent").properties(
        description="Simulation: NRMSE against the number of samples")


def penalty_rows(s: sim.Simulation) -> pd.DataFrame:
    """The penalty figure's rows: each regularised variant's NRMSE as a multiple of the oracle's, by n, the
    oracle averaged over the same replications as the variant (its rows of the penalty table)."""
    st = s.settings
    pen = s.penalty
    oracle = pen[pen["model"] == "oracle"].set_index(["lasso_c", "n"])["log10_nrmse_mean"]
    df = pen[pen["model"].isin(sim.REGULARISED)].copy()
    df["ratio"] = 10 ** (df["log10_nrmse_mean"].to_numpy()
                         - oracle.reindex(pd.MultiIndex.from_frame(df[["lasso_c", "n"]])).to_numpy())
    df["estimator"] = [SHORT[m] for m in df["model"]]
    df["penalty"] = [f"c = {scale(c)}" + (" (main)" if c == st.lasso_c else "") for c in df["lasso_c"]]
    return df[["estimator", "model", "lasso_c", "penalty", "n", "replications", "ratio", "selected_mean",
               "irrelevant_mean", "exact_share"]].reset_index(drop=True)


def chart_penalty(rows: pd.DataFrame) -> alt.LayerChart:
    """NRMSE ÷ the oracle's against samples: colour is the penalty scale, dashes the estimator."""
    penalties = list(dict.fromkeys(rows.sort_values("lasso_c")["penalty"]))
    tooltip = [alt.Tooltip("estimator:N", title="Estimator"), alt.Tooltip("penalty:N", title="Penalty"),
               alt.Tooltip("n:Q", title="Samples", format=","),
               alt.Tooltip("ratio:Q", title="NRMSE ÷ oracle's", format=".3~r"),
               alt.Tooltip("selected_mean:Q", title="features kept", format=".3~r"),
               alt.Tooltip("irrelevant_mean:Q", title="irrelevant among them", format=".3~r"),
               alt.Tooltip("exact_share:Q", title="exactly the true features", format=".0%"),
               alt.Tooltip("replications:Q", title="replications (oracle's too)", format=",")]
    base = alt.Chart(rows).encode(
        x=_x_n(rows), y=alt.Y("ratio:Q", title="NRMSE as a multiple of the oracle's", scale=alt.Scale(zero=True)),
        color=alt.Color("penalty:N", sort=penalties, title="Penalty scale",
                        scale=alt.Scale(range=charts.PALETTE[: len(penalties)]),
                        legend=alt.Legend(orient="bottom", direction="horizontal")))
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash("estimator:N", sort=[SHORT["lasso"], SHORT["lasso_refit"]], title="Estimator",
                                  legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="stroke",
                                                    symbolSize=400, symbolStrokeWidth=2, symbolStrokeColor="#333")))
    points = base.mark_point(filled=True, size=30).encode(tooltip=tooltip)
    one = alt.Chart(pd.DataFrame({"ratio": [1.0]})).mark_rule(color="#555", strokeDash=[2, 2]).encode(y="ratio:Q")
    return alt.layer(one, lines, points).properties(description="Simulation: the lasso's error relative to the oracle's")


def compute_rows(s: sim.Simulation) -> pd.DataFrame:
    """Panel (b)'s rows: each estimator's frontier (computation against the NRMSE it reaches)."""
    st = s.settings
    df = sim.frontiers(s)
    return pd.DataFrame({"estimator": [label(m, st, c) for m, c in zip(df["model"], df["lasso_c"])],
                         "model": df["model"], "lasso_c": df["lasso_c"], "n": df["n"],
                         "nrmse": 10 ** df["log10_nrmse_mean"], "compute": df["compute"]})


def chart_compute(rows: pd.DataFrame, target_log10: float) -> alt.LayerChart:
    """Panel (b): computation needed for each NRMSE (better to the right), with the target marked."""
    labels = list(dict.fromkeys(rows["estimator"]))
    tooltip = [alt.Tooltip("estimator:N", title="Estimator"), alt.Tooltip("n:Q", title="Samples", format=","),
               alt.Tooltip("nrmse:Q", title="NRMSE", format=".3~r"),
               alt.Tooltip("compute:Q", title="Computation", format=charts.tooltip_format())]
    lines = alt.Chart(rows).mark_line(point=alt.OverlayMarkDef(size=30)).encode(
        x=alt.X("nrmse:Q", scale=charts.log_scale(reverse=True), axis=charts.log_axis(title="NRMSE reached (better to the right)")),
        y=alt.Y("compute:Q", scale=charts.log_scale(), axis=charts.log_axis(title="Computation (features × samples)")),
        color=_colours(labels), order="n:Q", tooltip=tooltip)
    rule = alt.Chart(pd.DataFrame({"nrmse": [10.0**target_log10]})).mark_rule(color="#555", strokeDash=[4, 3]).encode(
        x="nrmse:Q")
    return alt.layer(rule, lines).properties(description="Simulation: computation needed for a given performance")


# ---------------------------------------------------------------- tables


def decade_table(s: sim.Simulation) -> pd.DataFrame:
    """NRMSE of each estimator at every power of ten on the grid (every grid size if it has none)."""
    st = s.settings
    frac = np.log10(s.table["n"]) % 1
    decades = np.isclose(frac, 0) | np.isclose(frac, 1)
    df = s.table[decades] if decades.any() else s.table  # a grid without powers of ten: every size
    wide = df.pivot(index="n", columns="model", values="log10_nrmse_mean")[list(sim.MODELS)]
    out = pd.DataFrame({"n": [N.integer(n) for n in wide.index]})
    for m in sim.MODELS:
        out[label(m, st)] = [nrmse(v, 2) for v in wide[m]]
    return out


def penalty_table(s: sim.Simulation) -> pd.DataFrame:
    """Each regularised variant: accuracy and selection at the largest n, cost of reaching the target; every
    multiple of the oracle's is taken on the same replications."""
    rows = sim.penalty_rows(s)
    out = pd.DataFrame({
        "estimator": [SHORT[m] for m in rows["model"]], "c": [scale(c) for c in rows["lasso_c"]],
        "replications": [N.integer(r) for r in rows["replications"]],
        "÷ oracle": [ratio(r, 3) for r in rows["ratio_n_max"]],
        "kept": [N.number(x, 2) for x in rows["selected_n_max"]],
        "irrelevant": [N.number(x, 2) for x in rows["irrelevant_n_max"]],
        "exact": [N.pct(x, 0) for x in rows["exact_n_max"]],
        "samples": [N.number(x, 2) if np.isfinite(x) else OFF_GRID for x in rows["samples"]],
        "computation": [N.number(x, 2) if np.isfinite(x) else OFF_GRID for x in rows["compute"]],
        "× oracle": [ratio(r) for r in rows["compute_ratio"]],
    })
    return out


def cost_table(s: sim.Simulation) -> pd.DataFrame:
    """Samples and computation each estimator needs to reach the target (main scale and best variant); the
    best variant's multiple is of the oracle on its own replications."""
    st = s.settings
    comp = sim.computation(s)
    keys = [(m, None) for m in sim.MODELS]
    if comp.best_c != st.lasso_c:
        keys.append((comp.best_model, comp.best_c))
    rows = []
    for model, c in keys:
        cur = sim.curve(s.penalty, model, c) if c is not None else sim.curve(s.table, model)
        oracle = sim.curve(s.penalty, "oracle", c) if c is not None else sim.curve(s.table, "oracle")
        samples, compute = sim.to_reach(cur, st.target_log10_nrmse)
        rows.append({"estimator": label(model, st, c),
                     "samples": N.number(samples, 2) if np.isfinite(samples) else OFF_GRID,
                     "computation": N.number(compute, 2) if np.isfinite(compute) else OFF_GRID,
                     "× oracle": ratio(compute / sim.to_reach(oracle, st.target_log10_nrmse)[1])})
    return pd.DataFrame(rows)
