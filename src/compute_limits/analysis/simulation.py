"""The over-parameterisation simulation (v1 Figure 1): settings, result tables, and the numbers the
theory chapter cites.

:func:`run` draws every replication through the cached engine (:mod:`.simulation_engine`) and
summarises them as two tables:

* ``simulation.csv`` (:data:`COLUMNS`): one row per estimator (:data:`MODELS`, the penalised ones at
  the main penalty scale) and sample size;
* ``simulation_penalty.csv`` (:data:`PENALTY_COLUMNS`): the lasso and the refitted lasso at every
  penalty scale tried, with the number of features the lasso selected.

Performance is ``log10 NRMSE`` with ``NRMSE = ‖b − β‖ / ‖β‖`` (1 is no better than predicting 0);
computation is features fitted × samples (the paper's measure).  The findings
(:func:`findings`, :func:`penalty_effect`, :func:`computation`) are plain numbers; NaN where the
grid does not show a quantity (the report layer then chooses a phrase).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import parameters
from ..stats.intervals import t_quantile
from .simulation_engine import Draws, lasso_penalty, simulate

MODELS = ("oracle", "expert", "flexible", "lasso", "lasso_refit")
REGULARISED = ("lasso", "lasso_refit")
COLUMNS = ["model", "n", "replications", "log10_nrmse_mean", "log10_nrmse_se", "compute"]
PENALTY_COLUMNS = ["model", "lasso_c", "n", "replications", "log10_nrmse_mean", "log10_nrmse_se", "compute",
                   "selected_mean", "irrelevant_mean"]


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
    """``(simulation.csv, simulation_penalty.csv)`` from the draws; the main scale is the first."""
    log_nrmse = 0.5 * np.log10(draws.errors / draws.s)  # ‖β‖² = s
    R = draws.replications
    mean, se = log_nrmse.mean(axis=0), log_nrmse.std(axis=0, ddof=1) / np.sqrt(R)
    rows = []
    for j, (model, c) in enumerate(draws.keys):
        k = draws.scales.index(c) if c is not None else None
        for i, n in enumerate(draws.n_values):
            rows.append({"model": model, "lasso_c": c, "n": int(n), "replications": R,
                         "log10_nrmse_mean": float(mean[i, j]), "log10_nrmse_se": float(se[i, j]),
                         "compute": float(features_fitted(model, draws.p, draws.s) * int(n)),
                         "selected_mean": float(draws.selected[:, i, k].mean()) if k is not None else np.nan,
                         "irrelevant_mean": float(draws.irrelevant[:, i, k].mean()) if k is not None else np.nan})
    full = pd.DataFrame(rows)
    main = full[full["lasso_c"].isna() | (full["lasso_c"] == draws.scales[0])]
    table = main[COLUMNS].reset_index(drop=True)
    penalty = full[full["model"].isin(REGULARISED)][PENALTY_COLUMNS].reset_index(drop=True)
    return table, penalty


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
    """One estimator's rows, by n (``c`` picks a penalty scale in the penalty table)."""
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
    """A curve's NRMSE as a multiple of the oracle's at each n (geometric means)."""
    return 10 ** (rows["log10_nrmse_mean"].to_numpy() - oracle["log10_nrmse_mean"].to_numpy())


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
    p: int
    s: int
    sigma: float
    n_min: int
    n_max: int
    n_points: int
    replications: int
    seed: int
    lasso_c: float
    other_scales: tuple[float, ...]
    lambda_n_min: float
    lambda_n_max: float
    level: float
    max_se: float
    penalty_replications: int = 0


def setup(sim: Simulation) -> Setup:
    st = sim.settings
    n = sim.table["n"]
    return Setup(st.p, st.s, st.sigma, int(n.min()), int(n.max()), int(n.nunique()), st.replications, st.seed,
                 st.lasso_c, st.scales[1:], float(lasso_penalty(n.min(), st.p, st.sigma, st.lasso_c)),
                 float(lasso_penalty(n.max(), st.p, st.sigma, st.lasso_c)), st.level,
                 float(pd.concat([sim.table, sim.penalty])["log10_nrmse_se"].max()), st.penalty_replications)


@dataclass(frozen=True)
class Findings:
    """The four facts of panel (a), at the main penalty scale (log10 NRMSE unless named a ratio)."""

    n_max: int
    large_n_from: int  # "at large n": the upper half of the grid
    expert_wins_lo: float  # grid range where the expert is the best buildable model (NaN: nowhere)
    expert_wins_hi: float
    expert_floor: float  # log10 √(1/s): its missing coefficient alone
    expert_n_max: float
    flexible_best_below_p: float  # NaN when no grid n is below p
    flexible_near_p: float  # at the grid size closest to p (log scale): the interpolation peak when p is on the grid
    flexible_near_p_n: int
    flexible_beats_expert_n: float
    flexible_ratio_n_max: float
    flexible_ratio_theory: float  # √(p/s)
    lasso_beats_expert_n: float
    lasso_ratio_lo: float  # NRMSE ÷ oracle's over the large-n half
    lasso_ratio_hi: float
    lasso_ratio_n_max: float
    lasso_ratio_theory: float  # √(1 + 2c² log p): shrinkage by λ
    refit_ratio_lo: float
    refit_ratio_hi: float
    refit_ratio_n_max: float
    oracle_n_max: float
    oracle_slope: float  # change of the oracle's log10 NRMSE per tenfold n, large-n half (theory −½)


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
    return Findings(
        n_max=int(n[-1]), large_n_from=int(n[big][0]),
        expert_wins_lo=float(wins.min()) if wins.size else np.nan,
        expert_wins_hi=float(wins.max()) if wins.size else np.nan,
        expert_floor=float(0.5 * np.log10(1.0 / st.s)), expert_n_max=float(val["expert"][-1]),
        flexible_best_below_p=float(below_p.min()) if below_p.size else np.nan,
        flexible_near_p=float(val["flexible"][near]), flexible_near_p_n=int(n[near]),
        flexible_beats_expert_n=crossover_n(cur["flexible"], cur["expert"]),
        flexible_ratio_n_max=float(ratio["flexible"][-1]), flexible_ratio_theory=float(np.sqrt(st.p / st.s)),
        lasso_beats_expert_n=crossover_n(cur["lasso"], cur["expert"]),
        lasso_ratio_lo=float(ratio["lasso"][big].min()), lasso_ratio_hi=float(ratio["lasso"][big].max()),
        lasso_ratio_n_max=float(ratio["lasso"][-1]),
        lasso_ratio_theory=float(np.sqrt(1 + 2 * st.lasso_c**2 * np.log(st.p))),
        refit_ratio_lo=float(ratio["lasso_refit"][big].min()), refit_ratio_hi=float(ratio["lasso_refit"][big].max()),
        refit_ratio_n_max=float(ratio["lasso_refit"][-1]),
        oracle_n_max=float(val["oracle"][-1]), oracle_slope=float(slope),
    )


def penalty_rows(sim: Simulation) -> pd.DataFrame:
    """One row per regularised variant ``(model, lasso_c)``: NRMSE ÷ oracle's at the largest n, the
    features selected there, and the samples and computation to reach the target."""
    st = sim.settings
    oracle = curve(sim.table, "oracle")
    _, oracle_compute = to_reach(oracle, st.target_log10_nrmse)
    rows = []
    for model, c in variants(sim):
        cur = curve(sim.penalty, model, c)
        samples, compute = to_reach(cur, st.target_log10_nrmse)
        rows.append({"model": model, "lasso_c": c, "main": c == st.lasso_c,
                     "ratio_n_max": float(ratio_to_oracle(cur, oracle)[-1]),
                     "selected_n_max": float(cur["selected_mean"].iloc[-1]),
                     "irrelevant_n_max": float(cur["irrelevant_mean"].iloc[-1]),
                     "samples": samples, "compute": compute, "compute_ratio": compute / oracle_compute})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class PenaltyEffect:
    small_c: float  # the smallest and largest penalty scales tried
    large_c: float
    lasso_ratio_small: float  # NRMSE ÷ oracle's at the largest n
    lasso_ratio_large: float
    refit_ratio_small: float
    refit_ratio_large: float
    irrelevant_small: float  # irrelevant features the lasso keeps at the largest n (mean)
    irrelevant_large: float
    selected_small: float
    selected_large: float
    best_accuracy_model: str  # the variant closest to the oracle at the largest n
    best_accuracy_c: float
    best_accuracy_ratio: float


def penalty_effect(sim: Simulation) -> PenaltyEffect:
    rows = penalty_rows(sim).set_index(["model", "lasso_c"])
    small, large = min(sim.settings.scales), max(sim.settings.scales)
    best = rows["ratio_n_max"].idxmin()
    return PenaltyEffect(
        small, large, rows.loc[("lasso", small), "ratio_n_max"], rows.loc[("lasso", large), "ratio_n_max"],
        rows.loc[("lasso_refit", small), "ratio_n_max"], rows.loc[("lasso_refit", large), "ratio_n_max"],
        rows.loc[("lasso", small), "irrelevant_n_max"], rows.loc[("lasso", large), "irrelevant_n_max"],
        rows.loc[("lasso", small), "selected_n_max"], rows.loc[("lasso", large), "selected_n_max"],
        best[0], float(best[1]), float(rows.loc[best, "ratio_n_max"]))


@dataclass(frozen=True)
class Computation:
    """Samples and computation each estimator needs to reach the target (NaN: not on the grid)."""

    target: float  # log10 NRMSE
    samples_oracle: float
    compute_oracle: float
    samples_flexible: float
    compute_flexible: float
    ratio_flexible: float
    samples_lasso: float  # the lasso at the main scale
    compute_lasso: float
    ratio_lasso: float
    best_model: str  # the regularised variant that needs the least computation
    best_c: float
    samples_best: float
    compute_best: float
    ratio_best: float
    features_factor: float  # p / s: fitting every candidate instead of the true ones
    samples_factor: float  # the best variant's samples ÷ the oracle's
    samples_expert: float
    compute_expert: float
    expert_reaches: bool
    oracle_reaches: bool
    best_reaches: bool


def computation(sim: Simulation) -> Computation:
    st, df = sim.settings, sim.table
    target = st.target_log10_nrmse
    got = {m: to_reach(curve(df, m), target) for m in ("oracle", "expert", "flexible", "lasso")}
    rows = penalty_rows(sim)
    reached = rows.dropna(subset=["compute"])
    best = reached.loc[reached["compute"].idxmin()] if len(reached) else rows.iloc[0]
    so, co = got["oracle"]
    return Computation(
        target, so, co, *got["flexible"], got["flexible"][1] / co, *got["lasso"], got["lasso"][1] / co,
        str(best["model"]), float(best["lasso_c"]), float(best["samples"]), float(best["compute"]),
        float(best["compute"]) / co, st.p / st.s, float(best["samples"]) / so, *got["expert"],
        bool(np.isfinite(got["expert"][1])), bool(np.isfinite(co)), bool(np.isfinite(best["compute"])))


def frontiers(sim: Simulation) -> pd.DataFrame:
    """The rows panel (b) draws: each estimator's frontier (the main models and the best variant)."""
    comp = computation(sim)
    main_c = {m: (sim.settings.lasso_c if m in REGULARISED else np.nan) for m in MODELS}
    parts = [frontier(curve(sim.table, m)).assign(lasso_c=main_c[m]) for m in MODELS]
    best = (comp.best_model, comp.best_c)
    if best != ("lasso", sim.settings.lasso_c) and best != ("lasso_refit", sim.settings.lasso_c):
        parts.append(frontier(curve(sim.penalty, *best)))
    return pd.concat(parts, ignore_index=True)[["model", "lasso_c", "n", "log10_nrmse_mean", "compute"]]
