"""Chips and training runs: peak rates per chip against the frontier's compute, and what runs grew by.

* :func:`hardware_series`, :func:`chips`: peak rates per chip from the Computer Progress tables.
  Multi-GPU boards (:data:`GPUS_PER_BOARD`) are split per GPU and Cloud TPU devices per chip; the
  precision of each peak is kept (:data:`PEAK_PRECISION`: FP32 for GPUs and CPUs, bfloat16 for TPUs).
* :func:`run_anatomy`, :func:`anatomy`: chips, days, cost and achieved throughput per run (Epoch AI),
  and the split of compute growth into chips × time × achieved throughput.

* :func:`gpu_year`, :func:`chip_growth`: what the chapter quotes of them, as typed values it glues whole.

DataFrames in, dataclasses out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
import pandas as pd

from ..quantities import Count, Estimate, GrowthEstimate, Kind, Year
from ..stats.bootstrap import slope_share
from ..stats.trends import Trend
from . import costs
from .costs import Growth
from .history import INTERVAL, Number2, Populations, Rate, rate, trend, window

# --------------------------------------------------------------------------
# Chips: peak rates per chip against the frontier's compute
# --------------------------------------------------------------------------

# Boards in the GPU table that carry more than one GPU; the table lists the board's combined peak.
GPUS_PER_BOARD = {
    "GeForce 9800 GTX GX2": 2, "Radeon HD 3850 X2": 2, "Radeon HD 3870 X2": 2, "Radeon HD 4850 X2": 2,
    "Radeon HD 4870 X2": 2, "GeForce GTS 295": 2, "Radeon HD 5970": 2, "GeForce GTX 590": 2,
    "Quadro Plex 7000": 2, "Radeon HD 6990": 2, "GeForce GTX 690": 2, "Tesla K10": 2, "FirePro S10000": 2,
    "GRID K2": 2, "GRID K520": 2, "Radeon HD 7990": 2, "Radeon HD 8990": 2, "GeForce GTX Titan Z": 2,
    "Radeon R9 295X2": 2, "Tesla K80": 2, "Tesla M60": 2, "Radeon Pro Duo": 2, "FirePro S7150 x2": 2,
    "FirePro S9300 X2": 2, "Radeon Pro Vega II Duo": 2, "GRID K1": 4, "GRID K340": 4, "Tesla M10": 4,
}
# Cloud TPU v2 and v3 devices are boards of four chips; the table's rates (180 and 420 TFLOPS) are
# Google's published peaks of the devices' matrix units, which multiply in bfloat16 (Jouppi et al.
# 2020), although the table's column is headed FP32.
CHIPS_PER_UNIT = {"Cloud TPU v2": 4, "Cloud TPU v3": 4}
PEAK_PRECISION = {"gpu": "FP32", "cpu": "FP32", "tpu": "bfloat16"}
KIND_LABEL = {"gpu": "GPU", "cpu": "CPU", "tpu": "TPU"}


def chips_per_unit(kind: str, name: str) -> int:
    return (GPUS_PER_BOARD if kind == "gpu" else CHIPS_PER_UNIT if kind == "tpu" else {}).get(str(name), 1)


def hardware_series(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every chip of every kind: ``kind, chip, year, year_mid, gflops`` (as listed: per board or
    device), ``units`` (GPUs or chips on it), ``gflops_per_chip``, ``precision`` of the peak,
    ``best_of_year`` (highest listed rate of its kind and year) and ``best_chip_of_year`` (per chip).
    Pods (many-device systems) are dropped."""
    frames = []
    for kind, hw in tables.items():
        hw = hw[hw["gflops"].notna() & hw["year"].notna() & (hw["gflops"] > 0)].copy()
        hw = hw[~hw["chip"].astype(str).str.contains("Pod", case=False)]
        hw["units"] = [chips_per_unit(kind, c) for c in hw["chip"]]
        hw["gflops_per_chip"] = hw["gflops"] / hw["units"]
        hw["best_of_year"] = hw.index.isin(hw.groupby("year")["gflops"].idxmax())
        hw["best_chip_of_year"] = hw.index.isin(hw.groupby("year")["gflops_per_chip"].idxmax())
        hw["kind"] = KIND_LABEL.get(kind, kind.upper())
        hw["precision"] = PEAK_PRECISION.get(kind, "")
        frames.append(hw)
    cols = ["kind", "chip", "year", "gflops", "units", "gflops_per_chip", "precision", "best_of_year",
            "best_chip_of_year"]
    out = pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)
    out["year_mid"] = out["year"] + 0.5
    return out


@dataclass
class Fastest:
    """The fastest chip of a kind released in one year (NaN/"" when the table has none)."""

    name: str = ""
    gflops_per_chip: float = math.nan
    gflops_listed: float = math.nan  # the table's rate (per board)
    units: int = 1


def fastest(hw: pd.DataFrame, kind: str, year: int, by: str = "gflops_per_chip") -> Fastest:
    """The chip of ``kind`` released in ``year`` with the highest ``by`` (per chip, or as listed)."""
    rows = hw[(hw["kind"] == kind) & (hw["year"] == year)]
    if rows.empty:
        return Fastest()
    r = rows.loc[rows[by].idxmax()]
    return Fastest(str(r["chip"]), float(r["gflops_per_chip"]), float(r["gflops"]), int(r["units"]))


@dataclass
class Chips:
    year: int  # the year of the GPU-against-CPU comparison
    gpu: Fastest
    cpu: Fastest
    gpu_board: Fastest  # the fastest board of that year (may carry several GPUs)
    gpu_trend: Trend | None  # fastest GPU of each year, per GPU
    gpu_board_trend: Trend | None  # fastest board of each year (the old series)
    gpu_all_trend: Trend | None
    cpu_trend: Trend | None
    frontier_same_years: Trend | None  # frontier compute over the GPU table's years
    hardware: pd.DataFrame = field(repr=False)

    @property
    def gpu_over_cpu(self) -> float:
        return self.gpu.gflops_per_chip / self.cpu.gflops_per_chip

    @property
    def gap(self) -> float:
        """Frontier compute growth per year divided by the per-GPU peak's growth per year."""
        if self.gpu_trend is None or self.frontier_same_years is None:
            return math.nan
        return self.frontier_same_years.growth_per_year / self.gpu_trend.growth_per_year


def chips(hw: pd.DataFrame, pop: Populations, year: int, level: float) -> Chips:
    gpu, cpu = hw[hw["kind"] == "GPU"], hw[hw["kind"] == "CPU"]
    best_chip, best_board = gpu[gpu["best_chip_of_year"]], gpu[gpu["best_of_year"]]
    cpu_best = cpu[cpu["best_chip_of_year"]]
    same = (window(pop.frontier, best_chip["year_mid"].min(), best_chip["year_mid"].max() + 0.5)
            if len(best_chip) else pop.frontier.iloc[:0])
    return Chips(
        year=int(year), gpu=fastest(hw, "GPU", year), cpu=fastest(hw, "CPU", year), gpu_board=fastest(hw, "GPU", year, by="gflops"),
        gpu_trend=trend(best_chip["year_mid"], best_chip["gflops_per_chip"], "gpu_peak_gflops_per_gpu", level),
        gpu_board_trend=trend(best_board["year_mid"], best_board["gflops"], "gpu_peak_gflops", level),
        gpu_all_trend=trend(gpu["year_mid"], gpu["gflops"], "gpu_all_gflops", level),
        cpu_trend=trend(cpu_best["year_mid"], cpu_best["gflops_per_chip"], "cpu_peak_gflops", level),
        frontier_same_years=trend(same["year"], same["compute"], "frontier_gpu_years", level),
        hardware=hw)


# --------------------------------------------------------------------------
# The anatomy of training runs: chips × time × achieved throughput
# --------------------------------------------------------------------------

ANATOMY_SERIES = {
    "chips_per_run": "chips",
    "training_days_per_run": "days",
    "chip_hours_per_run": "chip_hours_any",
    "achieved_flops_per_chip": "achieved_flops_per_chip",
    "cost_per_run": "cost",
    "compute_per_dollar": "flop_per_dollar",
}
FACTORS = {"chips": "chips per run", "time": "training time per run",
           "throughput": "achieved FLOP/s per chip", "compute": "training compute"}  # (decompose_growth adds
#            "more": chips × time, the two together)


def run_anatomy(epoch: pd.DataFrame) -> pd.DataFrame:
    """Per-run quantities where Epoch has them: chips, days, chip-hours, cost, compute per dollar and
    achieved throughput per chip (compute / (chips × seconds))."""
    df = epoch.copy()
    df["chips"] = df["hardware_quantity"]
    df["days"] = df["training_hours"] / 24
    df["chip_hours_any"] = df["chip_hours"].where(df["chip_hours"].notna(), df["chips"] * df["training_hours"])
    df["cost"] = df["cost_2023_usd"]
    df["flop_per_dollar"] = df["compute"] / df["cost"]
    df["achieved_flops_per_chip"] = df["compute"] / (df["chips"] * df["training_hours"] * 3600)
    return df


def anatomy_trends(runs: pd.DataFrame, start: float, level: float, prefix: str = "",
                   skip: tuple[str, ...] = ()) -> dict[str, Trend | None]:
    """A trend for each per-run quantity from ``start`` on (``None`` where too few runs have it)."""
    rows = window(runs, start)
    return {prefix + s: trend(rows["year"], rows[col], prefix + s, level)
            for s, col in ANATOMY_SERIES.items() if s not in skip}


def decompose_growth(runs: pd.DataFrame, start: float, level: float, min_n: int, n_boot: int = 0,
                     seed: int = 0) -> pd.DataFrame:
    """Split the growth of training compute into chips × training time × achieved throughput per chip,
    on the runs with all three (so the three slopes add up to the compute slope); ``share`` is each
    factor's part of it, and ``more`` (chips × time: more chips for longer) the first two together.
    With ``n_boot`` resamples each share gets a BCa bootstrap ``level`` interval over the runs
    (``share_lo``, ``share_hi``; :func:`compute_limits.stats.bootstrap.slope_share`), seeded by ``seed``.
    Fewer than ``min_n`` such runs: the growth columns are NaN."""
    rows = window(runs, start)
    rows = rows[(rows["chips"] > 0) & (rows["training_hours"] > 0) & (rows["compute"] > 0)]
    seconds = rows["training_hours"] * 3600
    parts = dict(zip(FACTORS, (rows["chips"], seconds, rows["achieved_flops_per_chip"], rows["compute"])))
    parts["more"] = rows["chips"] * seconds
    out = []
    span = (float(rows["year"].min()), float(rows["year"].max())) if len(rows) else (math.nan, math.nan)
    for key, values in parts.items():
        t = trend(rows["year"], values, key, level) if len(rows) >= min_n else None
        lo = hi = math.nan
        if t is not None and n_boot > 0 and key != "compute":
            # the same resamples for every factor (a fresh generator from the seed), so shares that add up to
            # one have intervals that do too
            _, lo, hi = slope_share(rows["year"], np.log10(values.to_numpy(float)),
                                    np.log10(rows["compute"].to_numpy(float)), n_boot, np.random.default_rng(seed), level)
        out.append({"factor": key, "n": len(rows),
                    "growth_per_year": t.growth_per_year if t else math.nan,
                    "growth_per_year_lo": t.growth_lo if t else math.nan,
                    "growth_per_year_hi": t.growth_hi if t else math.nan,
                    "slope": t.slope if t else math.nan, "start_year": span[0], "end_year": span[1],
                    "share_lo": lo, "share_hi": hi})
    df = pd.DataFrame(out)
    df["share"] = df["slope"] / float(df.loc[df["factor"] == "compute", "slope"].iloc[0])
    return df.set_index("factor")


@dataclass
class Anatomy:
    notable: dict[str, Trend | None]  # anatomy trends of notable runs (cost series: the future-cost chapter's fit)
    frontier: dict[str, Trend | None]
    decomposition: pd.DataFrame  # index: chips, time, throughput, compute, more (chips × time)
    growth: Growth | None  # the future-cost chapter's fit of cost per run and compute per dollar
    runs: pd.DataFrame = field(repr=False)  # notable runs from the split on
    n_boot: int = 0  # bootstrap resamples behind the shares' intervals

    @property
    def decomposition_window(self) -> str:
        """The years the decomposed runs span, e.g. ``2011–2025`` ("" when there are none)."""
        d = self.decomposition
        if d.empty or not np.isfinite(d["start_year"].iloc[0]):
            return ""
        return f"{math.floor(d['start_year'].iloc[0])}–{math.floor(d['end_year'].iloc[0])}"


def cost_growth(epoch: pd.DataFrame, start: float, end: float | None, level: float) -> Growth | None:
    """:func:`compute_limits.analysis.costs.historic_growth` (the fit the future-cost chapter quotes),
    or ``None`` when the table has too few runs with a cost estimate (e.g. an export without costs)."""
    try:
        return costs.historic_growth(epoch, start, end, level=level)
    except ValueError:
        return None


def anatomy(pop: Populations, split: float, level: float, min_n: int, growth: Growth | None, n_boot: int = 0,
            seed: int = 0) -> Anatomy:
    """Per-run trends from ``split`` on; the notable runs' cost per run and compute per dollar are
    ``growth``'s (one fit, quoted alike in every chapter), not refitted here.  ``n_boot`` and ``seed``: the
    bootstrap of the shares of the frontier's growth (:func:`decompose_growth`)."""
    notable, frontier = run_anatomy(pop.notable), run_anatomy(pop.frontier)
    nt = anatomy_trends(notable, split, level, skip=("cost_per_run", "compute_per_dollar"))
    nt["cost_per_run"] = growth.cost_per_run if growth else None
    nt["compute_per_dollar"] = growth.compute_per_dollar if growth else None
    ft = anatomy_trends(frontier, split, level, prefix="frontier_")
    return Anatomy(nt, ft, decompose_growth(frontier, split, level, min_n, n_boot, seed), growth,
                   window(notable, split), n_boot)


# --------------------------------------------------------------------------
# What the chapter quotes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class GpuYear:
    """The fastest GPU against the fastest CPU of one year, per chip; ``board_case`` says what the fastest
    board of that year was: ``"single"`` (the fastest GPU, alone on its board), ``"board"`` (the fastest
    GPU, on a board of several) or ``"other"`` (a board of several GPUs, not the fastest GPU's)."""

    year: Year
    gpu: str
    gpu_gflops: Count  # per GPU
    cpu: str
    cpu_gflops: Count
    ratio: Number2  # GPU over CPU
    board: str
    board_gflops: Count  # as listed, for the whole board
    board_units: Count
    board_case: str


def gpu_year(c: Chips) -> GpuYear:
    fastest, board = c.gpu, c.gpu_board
    case = ("other" if board.name != fastest.name else "single" if fastest.units == 1 else "board")
    return GpuYear(c.year, fastest.name, fastest.gflops_per_chip, c.cpu.name, c.cpu.gflops_per_chip,
                   c.gpu_over_cpu if np.isfinite(c.gpu_over_cpu) else math.nan, board.name, board.gflops_listed,
                   board.units, case)


@dataclass(frozen=True)
class Decomposition:
    """The frontier's compute growth split into chips × training time × achieved throughput per chip, on
    the runs with all three; each factor's growth and its share of the compute growth (in orders of
    magnitude).  Too few runs (``estimable`` False): no growth is estimable and no share is set."""

    estimable: bool
    n: Count
    first: Year
    last: Year
    compute: GrowthEstimate
    chips: GrowthEstimate
    time: GrowthEstimate
    throughput: GrowthEstimate
    chips_share: Annotated[float, Kind("share", 2)]
    time_share: Annotated[float, Kind("share", 2)]
    throughput_share: Annotated[Estimate, Kind("share", 2)]  # with its bootstrap interval
    more_share: Annotated[Estimate, Kind("share", 2)]  # chips and time together, with its bootstrap interval
    more_case: str = ""  # "most" (the interval lies above one half), "less" (below it) or "undecided"
    n_boot: Count = 0  # bootstrap resamples behind the shares' intervals


def share_case(share: Estimate) -> str:
    """Whether a share is most of the whole: ``"most"`` (its interval lies above one half), ``"less"`` (below
    it) or ``"undecided"`` (the interval includes one half, or there is none: a share without an interval,
    ``lo == hi``, decides nothing)."""
    if not (share.estimable and np.isfinite(share.lo) and np.isfinite(share.hi)) or share.lo == share.hi:
        return "undecided"
    return "most" if share.lo > 0.5 else "less" if share.hi < 0.5 else "undecided"


BOOTSTRAP = "bootstrap interval"  # what the shares' intervals are


def decomposition(a: Anatomy, level: float) -> Decomposition:
    d = a.decomposition
    growth = {}
    for k in ("compute", "chips", "time", "throughput"):
        r = d.loc[k]
        growth[k] = Estimate(r["growth_per_year"], r["growth_per_year_lo"], r["growth_per_year_hi"], level, INTERVAL,
                             estimable=bool(np.isfinite(r["growth_per_year"])))

    def share(k):
        r = d.loc[k]
        bounded = bool(np.isfinite(r["share_lo"]) and np.isfinite(r["share_hi"]))
        return Estimate(r["share"], r["share_lo"] if bounded else r["share"], r["share_hi"] if bounded else r["share"],
                        level, BOOTSTRAP, estimable=bool(np.isfinite(r["share"])))

    more = share("more")
    return Decomposition(growth["compute"].estimable, int(d["n"].iloc[0]), d["start_year"].iloc[0], d["end_year"].iloc[0], **growth,
                         chips_share=d.loc["chips", "share"], time_share=d.loc["time", "share"],
                         throughput_share=share("throughput"), more_share=more, more_case=share_case(more),
                         n_boot=a.n_boot)


@dataclass(frozen=True)
class ChipGrowth:
    """Peak rates per chip against the frontier's compute over the GPU table's years, and what training
    runs grew by (the notable runs' cost and compute per dollar are the future-cost chapter's fit)."""

    gpu: Rate  # the fastest GPU of each year, per GPU
    gpu_board: Rate  # the fastest board of each year
    gpu_all: Rate  # every GPU board
    frontier_same: Rate  # the frontier's compute over the same years
    gap: Number2  # the frontier's growth per year over the fastest GPU's
    gpu_precision: str  # the precision each peak is counted at
    tpu_precision: str
    decomposition: Decomposition
    chips_per_run: Rate
    days_per_run: Rate
    cost: Rate
    per_dollar: Rate
    frontier_cost: Rate


def chip_growth(c: Chips, a: Anatomy, level: float) -> ChipGrowth:
    g = c.gpu_trend
    window = (g.start_year, g.end_year) if g is not None else (math.nan, math.nan)
    return ChipGrowth(
        gpu=rate(g, level, *window), gpu_board=rate(c.gpu_board_trend, level, *window),
        gpu_all=rate(c.gpu_all_trend, level, *window), frontier_same=rate(c.frontier_same_years, level, *window),
        gap=c.gap, gpu_precision=PEAK_PRECISION["gpu"], tpu_precision=PEAK_PRECISION["tpu"],
        decomposition=decomposition(a, level), chips_per_run=rate(a.notable.get("chips_per_run"), level),
        days_per_run=rate(a.notable.get("training_days_per_run"), level),
        cost=rate(a.notable.get("cost_per_run"), level), per_dollar=rate(a.notable.get("compute_per_dollar"), level),
        frontier_cost=rate(a.frontier.get("frontier_cost_per_run"), level))
