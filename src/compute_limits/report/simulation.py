"""How the theory chapter shows the simulation: the phrases each section glues, its charts and tables.

Every number is set by :mod:`compute_limits.report.numbers`; a quantity the sample grid does not
show (an estimator that never reaches the target, a crossing that never happens) reads as a phrase
chosen here, never as a missing number.  Each ``*_phrases`` function returns a dataclass of short
strings for one section, glued with ``glue_all``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ..analysis import simulation as sim
from . import charts
from . import numbers as N
from .glue import Md
from .tables import table
from .text import count, join, plural

SHORT = {"oracle": "Oracle", "expert": "Expert", "flexible": "Flexible", "lasso": "Lasso",
         "lasso_refit": "Refitted lasso"}
IN_PROSE = {"lasso": "the lasso", "lasso_refit": "the refitted lasso"}
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


def variant(model: str, c: float) -> str:
    """``"the refitted lasso with c = 2"``."""
    return f"{IN_PROSE[model]} with c = {scale(c)}"


def nrmse(log10_value: float, sig: int = 2) -> str:
    return N.number(10 ** log10_value, sig)


def ratio(x: float, sig: int = 2) -> str:
    return N.factor(x, sig) if np.isfinite(x) else OFF_GRID


def samples_at(n: float) -> str:
    return f"n = {N.integer(n)}"


def from_n(n: float) -> str:
    return f"from {samples_at(n)} on" if np.isfinite(n) else "at no sample size of this grid"


# ---------------------------------------------------------------- phrases


@dataclass(frozen=True)
class SetupPhrases:
    p: str
    s: str
    true_features: str  # "10 true features"
    expert_features: str  # "9 of the true features and one irrelevant one"
    sigma: str
    n_min: str
    n_max: str
    n_points: str
    replications: str
    seed: str
    lasso_c: str
    lambda_n_min: str
    lambda_n_max: str
    other_scales: str  # "c = 0.5 and c = 2" (or "no other scale")
    level: str
    max_se: str


def setup_phrases(s: sim.Setup) -> SetupPhrases:
    expert = (f"{N.integer(s.s - 1)} of the true features and one irrelevant one" if s.s > 1
              else "one irrelevant feature instead of the true one")
    others = (join([f"c = {scale(c)}" for c in s.other_scales])
              + f" (each averaged over {count(s.penalty_replications, 'replication')})" if s.other_scales
              else "no other scale")
    return SetupPhrases(N.integer(s.p), N.integer(s.s), count(s.s, "true feature"), expert, N.number(s.sigma, 2),
                        N.integer(s.n_min), N.integer(s.n_max), N.integer(s.n_points), N.integer(s.replications),
                        str(s.seed), scale(s.lasso_c), N.number(s.lambda_n_min, 2), N.number(s.lambda_n_max, 2),
                        others, N.pct(s.level), N.number(s.max_se, 1))


@dataclass(frozen=True)
class FindingsPhrases:
    n_max: str
    large_n_from: str
    expert_wins: str  # "from n = 18 to n = 100"
    expert_floor: str
    expert_n_max: str
    flexible_below_p: str
    flexible_near_p: str
    flexible_near_p_n: str
    flexible_beats_expert: str
    flexible_ratio_n_max: str
    flexible_ratio_theory: str
    lasso_beats_expert: str
    lasso_ratio_range: str
    lasso_ratio_n_max: str
    lasso_ratio_theory: str
    refit_ratio_range: str
    refit_above_n_max: str  # "11% above the oracle's"
    oracle_n_max: str
    oracle_slope: str


def _wins(lo: float, hi: float) -> str:
    if not np.isfinite(lo):
        return "at no sample size of this grid"
    if lo == hi:
        return f"only at {samples_at(lo)}"
    return f"from {samples_at(lo)} to {samples_at(hi)}"


def _above(r: float) -> str:
    if abs(r - 1) < 0.005:
        return "the same as the oracle's (within half a percent)"
    return f"{N.pct(abs(r - 1), 0)} {'above' if r > 1 else 'below'} the oracle's"


def findings_phrases(f: sim.Findings) -> FindingsPhrases:
    below = (f"its NRMSE is never below {nrmse(f.flexible_best_below_p)}, barely better than predicting zero"
             if np.isfinite(f.flexible_best_below_p) else "(no sample size of this grid is below the number of features)")
    return FindingsPhrases(
        N.integer(f.n_max), N.integer(f.large_n_from), _wins(f.expert_wins_lo, f.expert_wins_hi),
        nrmse(f.expert_floor, 3), nrmse(f.expert_n_max, 3), below, nrmse(f.flexible_near_p), N.integer(f.flexible_near_p_n),
        from_n(f.flexible_beats_expert_n), ratio(f.flexible_ratio_n_max), ratio(f.flexible_ratio_theory),
        from_n(f.lasso_beats_expert_n), N.interval(f.lasso_ratio_lo, f.lasso_ratio_hi, sig=2) + "×",
        ratio(f.lasso_ratio_n_max), ratio(f.lasso_ratio_theory),
        N.interval(f.refit_ratio_lo, f.refit_ratio_hi, sig=2) + "×", _above(f.refit_ratio_n_max),
        nrmse(f.oracle_n_max), N.number(f.oracle_slope, decimals=2) if np.isfinite(f.oracle_slope) else OFF_GRID,
    )


@dataclass(frozen=True)
class PenaltyPhrases:
    small_c: str
    large_c: str
    lasso_ratio_small: str
    lasso_ratio_large: str
    refit_ratio_small: str
    refit_ratio_large: str
    irrelevant_small: str  # "52 irrelevant features"
    irrelevant_large: str
    best_accuracy: str  # "the refitted lasso with c = 2"
    best_accuracy_ratio: str


def _irrelevant(x: float) -> str:
    if x < 0.05:
        return "almost no irrelevant features"
    return f"{N.number(x, 2)} irrelevant {plural('feature', round(x, 1))} on average"


def penalty_phrases(e: sim.PenaltyEffect) -> PenaltyPhrases:
    return PenaltyPhrases(scale(e.small_c), scale(e.large_c), ratio(e.lasso_ratio_small), ratio(e.lasso_ratio_large),
                          ratio(e.refit_ratio_small), ratio(e.refit_ratio_large), _irrelevant(e.irrelevant_small),
                          _irrelevant(e.irrelevant_large), variant(e.best_accuracy_model, e.best_accuracy_c),
                          ratio(e.best_accuracy_ratio, 3))


@dataclass(frozen=True)
class ComputationPhrases:
    target: str  # NRMSE
    oracle: str  # "about 100 samples and a computation of 1,000"
    best: str  # the best regularised flexible model
    best_needs: str
    ratio_best: str
    features_factor: str
    samples_factor: str
    lasso_c: str
    ratio_lasso: str
    ratio_flexible: str
    expert: str
    magnitude: Md  # "about 2.2 orders of magnitude more" (Markdown: links the glossary)


def _needs(samples: float, compute: float) -> str:
    if not np.isfinite(compute):
        return "more samples than this grid holds"
    return f"about {N.number(samples, 2)} samples and a computation of {N.number(compute, 2)}"


def _magnitude(r: float) -> Md:
    if not np.isfinite(r):
        return Md("an amount this grid cannot measure")
    if r >= 10:
        return Md(f"about {N.number(np.log10(r), 2)} {{term}}`orders of magnitude` more")
    return Md(f"{N.number(r, 2)} times as much")


def computation_phrases(c: sim.Computation, st: sim.Settings) -> ComputationPhrases:
    floor = 10 ** (0.5 * np.log10(1.0 / st.s))
    expert = (f"reaches it too, with {_needs(c.samples_expert, c.compute_expert)}" if c.expert_reaches
              else f"never reaches it: its missing feature keeps its NRMSE above {N.number(floor, 2)}")
    return ComputationPhrases(
        N.compact(10 ** c.target, 2), _needs(c.samples_oracle, c.compute_oracle), variant(c.best_model, c.best_c),
        _needs(c.samples_best, c.compute_best), ratio(c.ratio_best), N.factor(c.features_factor, 3),
        ratio(c.samples_factor), scale(st.lasso_c), ratio(c.ratio_lasso), ratio(c.ratio_flexible), expert,
        _magnitude(c.ratio_best))


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
    """The penalty figure's rows: each regularised variant's NRMSE as a multiple of the oracle's, by n."""
    st = s.settings
    oracle = sim.curve(s.table, "oracle").set_index("n")["log10_nrmse_mean"]
    df = s.penalty.copy()
    df["ratio"] = 10 ** (df["log10_nrmse_mean"] - df["n"].map(oracle))
    df["estimator"] = [SHORT[m] for m in df["model"]]
    df["penalty"] = [f"c = {scale(c)}" + (" (main)" if c == st.lasso_c else "") for c in df["lasso_c"]]
    return df[["estimator", "model", "lasso_c", "penalty", "n", "ratio", "selected_mean", "irrelevant_mean"]]


def chart_penalty(rows: pd.DataFrame) -> alt.LayerChart:
    """NRMSE ÷ the oracle's against samples: colour is the penalty scale, dashes the estimator."""
    penalties = list(dict.fromkeys(rows.sort_values("lasso_c")["penalty"]))
    tooltip = [alt.Tooltip("estimator:N", title="Estimator"), alt.Tooltip("penalty:N", title="Penalty"),
               alt.Tooltip("n:Q", title="Samples", format=","),
               alt.Tooltip("ratio:Q", title="NRMSE ÷ oracle's", format=".3~r"),
               alt.Tooltip("selected_mean:Q", title="features kept", format=".3~r"),
               alt.Tooltip("irrelevant_mean:Q", title="irrelevant among them", format=".3~r")]
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


def decade_table(s: sim.Simulation):
    """NRMSE of each estimator at every power of ten on the grid (every grid size if it has none)."""
    st = s.settings
    frac = np.log10(s.table["n"]) % 1
    decades = np.isclose(frac, 0) | np.isclose(frac, 1)
    df = s.table[decades] if decades.any() else s.table  # a grid without powers of ten: every size
    wide = df.pivot(index="n", columns="model", values="log10_nrmse_mean")[list(sim.MODELS)]
    out = pd.DataFrame({"n": [N.integer(n) for n in wide.index]})
    for m in sim.MODELS:
        out[label(m, st)] = [nrmse(v, 2) for v in wide[m]]
    return table(out, "Geometric-mean NRMSE of each estimator at every power of ten of the sample grid "
                      "(lower is better; one is no better than predicting zero)", "tbl-theory-decades")


def penalty_table(s: sim.Simulation):
    """Each regularised variant: accuracy and selection at the largest n, cost of reaching the target."""
    rows = sim.penalty_rows(s)
    out = pd.DataFrame({
        "estimator": [SHORT[m] for m in rows["model"]], "c": [scale(c) for c in rows["lasso_c"]],
        "÷ oracle": [ratio(r) for r in rows["ratio_n_max"]],
        "kept": [N.number(x, 2) for x in rows["selected_n_max"]],
        "irrelevant": [N.number(x, 2) for x in rows["irrelevant_n_max"]],
        "samples": [N.number(x, 2) if np.isfinite(x) else OFF_GRID for x in rows["samples"]],
        "computation": [N.number(x, 2) if np.isfinite(x) else OFF_GRID for x in rows["compute"]],
        "× oracle": [ratio(r) for r in rows["compute_ratio"]],
    })
    return table(out, "The regularised flexible estimators at each penalty scale c. At the largest sample size: "
                      "NRMSE as a multiple of the oracle's (÷ oracle) and the features the lasso kept (on average; "
                      "irrelevant: how many of them are not true features). To reach the target NRMSE: samples, "
                      "computation (features × samples) and its multiple of the oracle's (× oracle)",
                 "tbl-theory-penalty")


def cost_table(s: sim.Simulation):
    """Samples and computation each estimator needs to reach the target (main scale and best variant)."""
    st = s.settings
    comp = sim.computation(s)
    keys = [(m, None) for m in sim.MODELS]
    if comp.best_c != st.lasso_c:
        keys.append((comp.best_model, comp.best_c))
    oracle_compute = comp.compute_oracle
    rows = []
    for model, c in keys:
        cur = sim.curve(s.penalty, model, c) if c is not None else sim.curve(s.table, model)
        samples, compute = sim.to_reach(cur, st.target_log10_nrmse)
        rows.append({"estimator": label(model, st, c),
                     "samples": N.number(samples, 2) if np.isfinite(samples) else OFF_GRID,
                     "computation": N.number(compute, 2) if np.isfinite(compute) else OFF_GRID,
                     "× oracle": ratio(compute / oracle_compute)})
    out = pd.DataFrame(rows)
    return table(out, "Samples and computation (features × samples) each estimator needs to reach the target NRMSE, "
                      "and the computation as a multiple of the oracle's (× oracle)", "tbl-theory-cost")
