"""The over-parameterisation simulation (v1 Figure 1): settings, result tables, and the numbers the
theory chapter cites.

:func:`run` draws every replication through the cached engine (:mod:`.simulation_engine`) and
summarises them as two tables:

* ``simulation.csv`` (:data:`COLUMNS`): one row per estimator (:data:`MODELS`, the penalised ones at
  the main penalty scale) and sample size;
* ``simulation_penalty.csv`` (:data:`PENALTY_COLUMNS`): the lasso and the refitted lasso at every
  penalty scale tried, with the number of features the lasso selected, and the oracle on the same
  replications (``model = oracle``, its ``lasso_c`` the scale whose replications it shares).  Every
  ratio to the oracle compares the two on the same replications: the other scales run on fewer
  replications than the main one, and a 50-replication mean divided by the 1,000-replication oracle
  carries the oracle's Monte Carlo error into the ratio.

Performance is ``log10 NRMSE`` with ``NRMSE = ‖b − β‖ / ‖β‖`` (1 is no better than predicting 0);
computation is features fitted × samples (the paper's measure).  The findings
(:func:`findings`, :func:`penalty_effect`, :func:`computation`) are numbers annotated with their kinds
(:mod:`compute_limits.quantities`), which the chapter glues whole; NaN where the grid does not show a
quantity, with a flag that says so (the chapter writes a sentence for each case).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
import pandas as pd

from .. import parameters
from ..quantities import Coef, Compact, Count, Factor, Identifier, Kind, Share
from ..stats.intervals import t_quantile
from .simulation_engine import Draws, lasso_penalty, simulate

MODELS = ("oracle", "expert", "flexible", "lasso", "lasso_refit")
REGULARISED = ("lasso", "lasso_refit")
COLUMNS = ["model", "n", "replications", "log10_nrmse_mean", "log10_nrmse_se", "compute"]
PENALTY_COLUMNS = ["model", "lasso_c", "n", "replications", "log10_nrmse_mean", "log10_nrmse_se", "compute",
                   "selected_mean", "irrelevant_mean", "exact_share"]


Number2 = Annotated[float, Kind("number", 2)]  # two significant digits (an NRMSE, a sample size read off the grid)
Number3 = Annotated[float, Kind("number", 3)]
Percent = Annotated[float, Kind("share", 2)]  # a share of replications, two significant digits ("81%")
FactorRange = Annotated[tuple[float, float], Kind("factor")]  # (lo, hi): "4.0–4.1×"


def n_grid(n_min: int = 10, n_max: int = 100_000, n_points: int = 17) -> np.ndarray:
    """Sample sizes on a log grid (rounded to integers, unique, increasing)."""
    grid = np.rint(np.logspace(np.log10(n_min), np.log10(n_max), n_points)).astype(int)
    return np.unique(grid)


def features_fitted(model: str, p: int, s: int) -> int:
    """Coefficients a model fits, the first factor of the computation measure.  The penalised models
    fit all ``p``; the refit on the few selected features (and the lasso's iterations) are not counted."""
    return s if model in ("oracle", "expert") else p


@dataclass(frozen=True)
class Settings:
    """Every setting of the simulation (the theory chapter's parameters)."""

    p: int = 1000
    s: int = 10
    sigma: float = 1.0
    n_min: int = 10
    n_max: int = 100_000
    n_points: int = 17
    replications: int = 1000
    seed: int = 0
    lasso_c: float = 1.0
    penalty_scales: tuple[float, ...] = (0.5, 2.0)
    target_log10_nrmse: float = -1.0
    level: float = 0.95
    penalty_replications: int = 50  # replications of the other penalty scales (a smaller penalty is slow)

    def __post_init__(self):
        broken = parameters.problems(dataclasses.asdict(self))  # the rules the book refuses parameters by
        if broken:
            raise ValueError("simulation settings: " + "; ".join(f"{shown}: {rule}" for shown, rule in broken))

    @property
    def n_values(self) -> tuple[int, ...]:
        return tuple(int(n) for n in n_grid(self.n_min, self.n_max, self.n_points))

    @property
    def scales(self) -> tuple[float, ...]:
        """The main penalty scale first, then the others tried (each once)."""
        return tuple(dict.fromkeys(float(c) for c in (self.lasso_c, *self.penalty_scales)))


@dataclass
class Simulation:
    settings: Settings
    table: pd.DataFrame  # simulation.csv
    penalty: pd.DataFrame  # simulation_penalty.csv
    draws: Draws = field(repr=False)


def summarise(draws: Draws) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(simulation.csv, simulation_penalty.csv)`` from the draws; the main scale is the first.

    The penalty table holds, for each scale ``c``, the oracle's rows on the same replications
    (``model = oracle``, ``lasso_c = c``), then the lasso's and the refitted lasso's; ``exact_share`` is the
    share of replications in which the lasso selected exactly the true features (the refit then *is* the
    oracle's fit)."""
    log_nrmse = 0.5 * np.log10(draws.errors / draws.s)  # ‖β‖² = s
    R = draws.replications
    mean, se = log_nrmse.mean(axis=0), log_nrmse.std(axis=0, ddof=1) / np.sqrt(R)
    exact = (draws.selected == draws.s) & (draws.irrelevant == 0)  # R × n × scales
    rows = []
    for j, (model, c) in enumerate(draws.keys):
        k = draws.scales.index(c) if c is not None else None
        for i, n in enumerate(draws.n_values):
            rows.append({"model": model, "lasso_c": c, "n": int(n), "replications": R,
                         "log10_nrmse_mean": float(mean[i, j]), "log10_nrmse_se": float(se[i, j]),
                         "compute": float(features_fitted(model, draws.p, draws.s) * int(n)),
                         "selected_mean": float(draws.selected[:, i, k].mean()) if k is not None else np.nan,
                         "irrelevant_mean": float(draws.irrelevant[:, i, k].mean()) if k is not None else np.nan,
                         "exact_share": float(exact[:, i, k].mean()) if k is not None else np.nan})
    full = pd.DataFrame(rows)
    main = full[full["lasso_c"].isna() | (full["lasso_c"] == draws.scales[0])]
    table = main[COLUMNS].reset_index(drop=True)
    oracle = full[full["model"] == "oracle"]
    parts = [pd.concat([oracle.assign(lasso_c=c), full[full["lasso_c"] == c]]) for c in draws.scales]
    penalty = pd.concat(parts, ignore_index=True)[PENALTY_COLUMNS] if parts else full.iloc[0:0][PENALTY_COLUMNS]
    return table, penalty.reset_index(drop=True)


def run(settings: Settings) -> Simulation:
    """Run (or read from the cache) the simulation with ``settings`` and summarise it.

    The main penalty scale runs with ``replications``; the other scales, which only show the penalty's
    effect, with ``penalty_replications`` (a smaller penalty keeps many more features and costs several
    times as much per replication).  Each row of the results says how many replications it averages."""
    st = settings
    draws = simulate(st.n_values, st.p, st.s, st.sigma, st.scales[:1], st.replications, st.seed)
    table, penalty = summarise(draws)
    if st.scales[1:]:
        extra = simulate(st.n_values, st.p, st.s, st.sigma, st.scales[1:], st.penalty_replications, st.seed)
        penalty = pd.concat([penalty, summarise(extra)[1]], ignore_index=True)
    return Simulation(settings, table, penalty, draws)


# --------------------------------------------------------------------------- reading the curves


def curve(df: pd.DataFrame, model: str, c: float | None = None) -> pd.DataFrame:
    """One estimator's rows, by n (``c`` picks a penalty scale in the penalty table; for the oracle, the
    rows on that scale's replications)."""
    rows = df[df["model"] == model]
    if c is not None and "lasso_c" in df:
        rows = rows[rows["lasso_c"] == c]
    return rows.sort_values("n").reset_index(drop=True)


def variants(sim: Simulation) -> list[tuple[str, float]]:
    """Every regularised flexible estimator tried: ``(model, c)``, main scale first."""
    return [(m, c) for c in sim.settings.scales for m in REGULARISED]


def frontier(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of one curve that improve on every smaller n (performance reachable with the least
    computation); panel (b) draws these."""
    perf = rows["log10_nrmse_mean"]
    return rows[perf < perf.cummin().shift(fill_value=np.inf)]


def to_reach(rows: pd.DataFrame, level: float) -> tuple[float, float]:
    """``(samples, computation)`` one curve needs to reach ``log10 NRMSE ≤ level`` (log-linear
    interpolation along its frontier); NaN when it does not on the grid."""
    cur = frontier(rows).reset_index(drop=True)
    perf = cur["log10_nrmse_mean"].to_numpy()
    logn, logc = np.log10(cur["n"].to_numpy(float)), np.log10(cur["compute"].to_numpy(float))
    hit = np.flatnonzero(perf <= level)
    if hit.size == 0:
        return np.nan, np.nan
    k = int(hit[0])
    if k == 0:
        return float(10 ** logn[0]), float(10 ** logc[0])
    t = (perf[k - 1] - level) / (perf[k - 1] - perf[k])
    return float(10 ** (logn[k - 1] + t * (logn[k] - logn[k - 1]))), float(10 ** (logc[k - 1] + t * (logc[k] - logc[k - 1])))


def crossover_n(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """Smallest grid n from which curve ``a`` beats curve ``b`` at every larger n (NaN if never)."""
    wins = a["log10_nrmse_mean"].to_numpy() < b["log10_nrmse_mean"].to_numpy()
    if not wins[-1]:
        return np.nan
    k = len(wins) - 1
    while k > 0 and wins[k - 1]:
        k -= 1
    return float(a["n"].iloc[k])


def ratio_to_oracle(rows: pd.DataFrame, oracle: pd.DataFrame) -> np.ndarray:
    """A curve's NRMSE as a multiple of the oracle's at each n (geometric means).  Both must average the
    same replications (the oracle's rows of the penalty table for the curve's scale): otherwise the
    ratio carries the Monte Carlo error of two different sets of draws."""
    if set(rows["replications"]) != set(oracle["replications"]):
        raise ValueError("ratio_to_oracle: the curve and the oracle average different replications")
    return 10 ** (rows["log10_nrmse_mean"].to_numpy() - oracle["log10_nrmse_mean"].to_numpy())


def exact_from(rows: pd.DataFrame) -> float:
    """Smallest grid n from which the lasso selected exactly the true features in every replication, at
    every larger n too (NaN if it never does at the largest n)."""
    every = rows["exact_share"].to_numpy() >= 1.0
    if not len(every) or not every[-1]:
        return np.nan
    k = len(every) - 1
    while k > 0 and every[k - 1]:
        k -= 1
    return float(rows["n"].iloc[k])


def upper_half(n_values) -> np.ndarray:
    """The larger half of the grid (n at or above its geometric middle): where "at large n" is read."""
    n = np.asarray(n_values, dtype=float)
    return n >= np.sqrt(n.min() * n.max()) * (1 - 1e-9)


def band(df: pd.DataFrame, level: float) -> pd.DataFrame:
    """``df`` with the ``level`` Monte Carlo interval of each mean (``lo``, ``hi``, log10)."""
    half = t_quantile(level, int(df["replications"].iloc[0]) - 1) * df["log10_nrmse_se"]
    return df.assign(lo=df["log10_nrmse_mean"] - half, hi=df["log10_nrmse_mean"] + half)


# --------------------------------------------------------------------------- what the chapter cites


@dataclass(frozen=True)
class Setup:
    p: Count
    s: Count
    sigma: Number2
    n_min: Count
    n_max: Count
    n_points: Count
    replications: Count
    seed: Identifier
    lasso_c: Compact
    other_scales: tuple[float, ...]
    lambda_n_min: Number2
    lambda_n_max: Number2
    level: Share
    max_se: Annotated[float, Kind("number", 1)]
    penalty_replications: Count = 0
    expert_true: Count = 0  # the true features the expert keeps (s − 1)
    has_other_scales: bool = False
    smallest_c: Compact = np.nan  # the smallest and largest penalty scales tried, the main one included
    largest_c: Compact = np.nan


def setup(sim: Simulation) -> Setup:
    st = sim.settings
    n = sim.table["n"]
    return Setup(st.p, st.s, st.sigma, int(n.min()), int(n.max()), int(n.nunique()), st.replications, st.seed,
                 st.lasso_c, st.scales[1:], float(lasso_penalty(n.min(), st.p, st.sigma, st.lasso_c)),
                 float(lasso_penalty(n.max(), st.p, st.sigma, st.lasso_c)), st.level,
                 float(pd.concat([sim.table, sim.penalty[sim.penalty["model"].isin(REGULARISED)]])["log10_nrmse_se"].max()),
                 st.penalty_replications,
                 st.s - 1, len(st.scales) > 1, min(st.scales), max(st.scales))


@dataclass(frozen=True)
class Findings:
    """The four facts of panel (a), at the main penalty scale: NRMSE values, ratios of an NRMSE to the
    oracle's, and grid sample sizes (NaN where the grid does not show one; each such value has a flag)."""

    n_max: Count
    large_n_from: Count  # "at large n": the upper half of the grid
    expert_ever_best: bool  # the expert is the best buildable model somewhere on the grid
    expert_wins_lo: Count  # grid range where the expert is the best buildable model (NaN: nowhere)
    expert_wins_hi: Count
    expert_floor: Number3  # √(1/s): its missing coefficient alone
    expert_n_max: Number3
    grid_below_p: bool  # some grid n is below p
    flexible_best_below_p: Number2  # NaN when no grid n is below p
    flexible_near_p: Number2  # at the grid size closest to p (log scale): the interpolation peak when p is on the grid
    flexible_near_p_n: Count
    flexible_beats_expert: bool
    flexible_beats_expert_n: Count
    flexible_ratio_n_max: Factor
    flexible_ratio_theory: Factor  # √(p/s)
    lasso_beats_expert: bool
    lasso_beats_expert_n: Count
    lasso_ratio_lo: Number2  # NRMSE ÷ oracle's over the large-n half
    lasso_ratio_hi: Number2
    lasso_ratio_range: FactorRange  # the same two, as the chapter quotes them
    lasso_ratio_n_max: Factor
    lasso_ratio_theory: Factor  # √(1 + 2c² log p): shrinkage by λ
    refit_ratio_lo: Number2
    refit_ratio_hi: Number2
    refit_ratio_range: FactorRange
    refit_ratio_n_max: Factor
    oracle_n_max: Number2
    oracle_slope_known: bool  # the upper half of the grid has two sample sizes or more
    oracle_slope: Coef  # change of the oracle's log10 NRMSE per tenfold n, large-n half (theory −½)
    flexible_passes_p: bool = False  # the grid has sizes below p, and the flexible model passes the expert
    lasso_passes_expert: bool = False  # the lasso passes the expert, and the oracle's rate is measured
    refit_exact_n_max: Percent = np.nan  # replications whose lasso selected exactly the true features, largest n
    refit_inexact_n_max: Percent = np.nan  # the others: the refit fits an irrelevant feature or misses a true one
    refit_closes: bool = False  # exact in every replication from some n on: there the refit is the oracle's fit
    refit_exact_from: Count = np.nan  # that n (NaN: not on this grid)


def findings(sim: Simulation) -> Findings:
    st, df = sim.settings, sim.table
    cur = {m: curve(df, m) for m in MODELS}
    n = cur["oracle"]["n"].to_numpy()
    big = upper_half(n)
    val = {m: cur[m]["log10_nrmse_mean"].to_numpy() for m in MODELS}
    buildable = np.vstack([val[m] for m in ("flexible", "lasso", "lasso_refit")]).min(axis=0)
    wins = n[val["expert"] < buildable]
    below_p = val["flexible"][n < st.p]
    near = int(np.argmin(np.abs(np.log(n / st.p))))
    ratio = {m: ratio_to_oracle(cur[m], cur["oracle"]) for m in MODELS}
    slope = np.polyfit(np.log10(n[big]), val["oracle"][big], 1)[0] if big.sum() >= 2 else np.nan
    flexible_n, lasso_n = crossover_n(cur["flexible"], cur["expert"]), crossover_n(cur["lasso"], cur["expert"])
    refit = float(ratio["lasso_refit"][-1])
    main_refit = curve(sim.penalty, "lasso_refit", st.lasso_c)
    exact_n_max = float(main_refit["exact_share"].iloc[-1])
    exact_n = exact_from(main_refit)
    lasso = (float(ratio["lasso"][big].min()), float(ratio["lasso"][big].max()))
    refit_range = (float(ratio["lasso_refit"][big].min()), float(ratio["lasso_refit"][big].max()))
    return Findings(
        n_max=int(n[-1]), large_n_from=int(n[big][0]), expert_ever_best=bool(wins.size),
        expert_wins_lo=float(wins.min()) if wins.size else np.nan,
        expert_wins_hi=float(wins.max()) if wins.size else np.nan,
        expert_floor=float(np.sqrt(1.0 / st.s)), expert_n_max=float(10 ** val["expert"][-1]),
        grid_below_p=bool(below_p.size), flexible_best_below_p=float(10 ** below_p.min()) if below_p.size else np.nan,
        flexible_near_p=float(10 ** val["flexible"][near]), flexible_near_p_n=int(n[near]),
        flexible_beats_expert=bool(np.isfinite(flexible_n)), flexible_beats_expert_n=flexible_n,
        flexible_ratio_n_max=float(ratio["flexible"][-1]), flexible_ratio_theory=float(np.sqrt(st.p / st.s)),
        lasso_beats_expert=bool(np.isfinite(lasso_n)), lasso_beats_expert_n=lasso_n,
        lasso_ratio_lo=lasso[0], lasso_ratio_hi=lasso[1], lasso_ratio_range=lasso,
        lasso_ratio_n_max=float(ratio["lasso"][-1]),
        lasso_ratio_theory=float(np.sqrt(1 + 2 * st.lasso_c**2 * np.log(st.p))),
        refit_ratio_lo=refit_range[0], refit_ratio_hi=refit_range[1], refit_ratio_range=refit_range,
        refit_ratio_n_max=refit, oracle_n_max=float(10 ** val["oracle"][-1]),
        oracle_slope_known=bool(np.isfinite(slope)), oracle_slope=float(slope),
        flexible_passes_p=bool(below_p.size and np.isfinite(flexible_n)),
        lasso_passes_expert=bool(np.isfinite(lasso_n) and np.isfinite(slope)),
        refit_exact_n_max=exact_n_max, refit_inexact_n_max=1.0 - exact_n_max,
        refit_closes=bool(np.isfinite(exact_n)), refit_exact_from=exact_n,
    )


def penalty_rows(sim: Simulation) -> pd.DataFrame:
    """One row per regularised variant ``(model, lasso_c)``: NRMSE ÷ oracle's at the largest n, the
    features selected there (and the share of replications selecting exactly the true ones, with the n
    from which every replication does), and the samples and computation to reach the target, each
    compared with the oracle on the same replications (``oracle_samples``, ``oracle_compute``)."""
    st = sim.settings
    rows = []
    for model, c in variants(sim):
        cur = curve(sim.penalty, model, c)
        oracle = curve(sim.penalty, "oracle", c)  # the same replications
        samples, compute = to_reach(cur, st.target_log10_nrmse)
        oracle_samples, oracle_compute = to_reach(oracle, st.target_log10_nrmse)
        rows.append({"model": model, "lasso_c": c, "main": c == st.lasso_c,
                     "replications": int(cur["replications"].iloc[0]),
                     "ratio_n_max": float(ratio_to_oracle(cur, oracle)[-1]),
                     "selected_n_max": float(cur["selected_mean"].iloc[-1]),
                     "irrelevant_n_max": float(cur["irrelevant_mean"].iloc[-1]),
                     "exact_n_max": float(cur["exact_share"].iloc[-1]), "exact_from": exact_from(cur),
                     "samples": samples, "compute": compute, "oracle_samples": oracle_samples,
                     "oracle_compute": oracle_compute, "compute_ratio": compute / oracle_compute})
    return pd.DataFrame(rows)


FEW_IRRELEVANT = 0.05  # fewer irrelevant features kept on average than this: "almost none"


@dataclass(frozen=True)
class PenaltyEffect:
    small_c: Compact  # the smallest and largest penalty scales tried
    large_c: Compact
    lasso_ratio_small: Factor  # NRMSE ÷ oracle's at the largest n
    lasso_ratio_large: Factor
    refit_ratio_small: Factor
    refit_ratio_large: Factor
    irrelevant_small: Number2  # irrelevant features the lasso keeps at the largest n (mean)
    irrelevant_large: Number2
    selected_small: Number2
    selected_large: Number2
    best_accuracy_model: str  # the variant closest to the oracle at the largest n ("lasso" or "lasso_refit")
    best_accuracy_c: Compact
    best_accuracy_ratio: Annotated[float, Kind("factor", 3)]
    few_irrelevant_small: bool = False  # fewer than FEW_IRRELEVANT on average
    few_irrelevant_large: bool = False
    refit_cleans_up: bool = False  # the smallest scale keeps noise, the largest almost none, and the refitted
    #                                lasso is the variant closest to the oracle
    main_replications: Count = 0  # replications of the main scale, and of the other scales: every ratio
    other_replications: Count = 0  # compares a variant with the oracle on the replications it ran on
    best_equals_oracle: bool = False  # the closest variant is a refit whose lasso selects exactly the true
    #                                   features in every replication from some n on: there it is the oracle
    best_exact_from: Count = np.nan  # that n
    best_replications: Count = 0


def penalty_effect(sim: Simulation) -> PenaltyEffect:
    rows = penalty_rows(sim).set_index(["model", "lasso_c"])
    small, large = min(sim.settings.scales), max(sim.settings.scales)
    best = rows["ratio_n_max"].idxmin()
    few_small = bool(rows.loc[("lasso", small), "irrelevant_n_max"] < FEW_IRRELEVANT)
    few_large = bool(rows.loc[("lasso", large), "irrelevant_n_max"] < FEW_IRRELEVANT)
    st = sim.settings
    exact_n = float(rows.loc[best, "exact_from"])
    return PenaltyEffect(
        small, large, rows.loc[("lasso", small), "ratio_n_max"], rows.loc[("lasso", large), "ratio_n_max"],
        rows.loc[("lasso_refit", small), "ratio_n_max"], rows.loc[("lasso_refit", large), "ratio_n_max"],
        rows.loc[("lasso", small), "irrelevant_n_max"], rows.loc[("lasso", large), "irrelevant_n_max"],
        rows.loc[("lasso", small), "selected_n_max"], rows.loc[("lasso", large), "selected_n_max"],
        best[0], float(best[1]), float(rows.loc[best, "ratio_n_max"]),
        few_small, few_large, bool(not few_small and few_large and best[0] == "lasso_refit"),
        st.replications, st.penalty_replications if st.scales[1:] else st.replications,
        bool(best[0] == "lasso_refit" and np.isfinite(exact_n)), exact_n, int(rows.loc[best, "replications"]))


@dataclass(frozen=True)
class Computation:
    """Samples and computation each estimator needs to reach the target (NaN: not on the grid)."""

    target: Annotated[float, Kind("number")]  # log10 NRMSE
    samples_oracle: Number2
    compute_oracle: Number2
    samples_flexible: Number2
    compute_flexible: Number2
    ratio_flexible: Factor
    samples_lasso: Number2  # the lasso at the main scale
    compute_lasso: Number2
    ratio_lasso: Factor
    best_model: str  # the regularised variant that needs the least computation ("lasso" or "lasso_refit")
    best_c: Compact
    samples_best: Number2
    compute_best: Number2
    ratio_best: Factor
    features_factor: Annotated[float, Kind("factor", 3)]  # p / s: fitting every candidate instead of the true ones
    samples_factor: Factor  # the best variant's samples ÷ the oracle's
    samples_expert: Number2
    compute_expert: Number2
    expert_reaches: bool
    oracle_reaches: bool
    best_reaches: bool
    target_nrmse: Annotated[float, Kind("compact", 2)] = np.nan  # the target as an NRMSE
    best_case: str = ""  # best_model, or "none" when no regularised variant reaches the target
    all_reach: bool = False  # the oracle, the flexible model, the main lasso and the best variant all reach it
    magnitude: str = ""  # ratio_best is "orders" (ten or more), "times" (less), or "unknown" (not on the grid)
    ratio_best_orders: Number2 = np.nan  # log10 of ratio_best
    headline_holds: bool = False  # every estimator but the expert reaches the target, the best variant is a
    #                               refitted lasso, and it needs ten times the oracle's computation or more
    best_replications: Count = 0  # the best variant's replications; its ratios use the oracle on the same ones
    best_other_replications: bool = False  # they are not the main run's (the oracle's samples differ a little)
    samples_oracle_best: Number2 = np.nan  # the oracle on the best variant's replications
    compute_oracle_best: Number2 = np.nan


def computation(sim: Simulation) -> Computation:
    st, df = sim.settings, sim.table
    target = st.target_log10_nrmse
    got = {m: to_reach(curve(df, m), target) for m in ("oracle", "expert", "flexible", "lasso")}
    rows = penalty_rows(sim)
    reached = rows.dropna(subset=["compute"])
    best = reached.loc[reached["compute"].idxmin()] if len(reached) else rows.iloc[0]
    so, co = got["oracle"]
    so_best, co_best = float(best["oracle_samples"]), float(best["oracle_compute"])
    ratio = float(best["compute"]) / co_best
    reach_all = bool(np.isfinite([co, got["flexible"][1], got["lasso"][1], best["compute"]]).all())
    return Computation(
        target, so, co, *got["flexible"], got["flexible"][1] / co, *got["lasso"], got["lasso"][1] / co,
        str(best["model"]), float(best["lasso_c"]), float(best["samples"]), float(best["compute"]),
        ratio, st.p / st.s, float(best["samples"]) / so_best, *got["expert"],
        bool(np.isfinite(got["expert"][1])), bool(np.isfinite(co)), bool(np.isfinite(best["compute"])),
        10 ** target, str(best["model"]) if np.isfinite(best["compute"]) else "none",
        reach_all,
        "unknown" if not np.isfinite(ratio) else "orders" if ratio >= 10 else "times",
        float(np.log10(ratio)) if ratio > 0 else np.nan,
        bool(reach_all and not np.isfinite(got["expert"][1]) and best["model"] == "lasso_refit" and ratio >= 10),
        int(best["replications"]), bool(int(best["replications"]) != st.replications), so_best, co_best)


def frontiers(sim: Simulation) -> pd.DataFrame:
    """The rows panel (b) draws: each estimator's frontier (the main models and the best variant)."""
    comp = computation(sim)
    main_c = {m: (sim.settings.lasso_c if m in REGULARISED else np.nan) for m in MODELS}
    parts = [frontier(curve(sim.table, m)).assign(lasso_c=main_c[m]) for m in MODELS]
    best = (comp.best_model, comp.best_c)
    if best != ("lasso", sim.settings.lasso_c) and best != ("lasso_refit", sim.settings.lasso_c):
        parts.append(frontier(curve(sim.penalty, *best)))
    return pd.concat(parts, ignore_index=True)[["model", "lasso_c", "n", "log10_nrmse_mean", "compute"]]
