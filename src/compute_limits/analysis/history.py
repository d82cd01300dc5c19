"""The history of compute in machine learning: populations, era trends, the paper's window.

DataFrames in, dataclasses out (no file is read here).  Every rate is a log-linear
:class:`~compute_limits.stats.trends.Trend` fitted at the chapter's ``level``, with its population
and window named (:data:`SERIES` documents every series id written to ``history_trends.csv``).

* :func:`populations`: Epoch AI's systems with a compute estimate, the notable ones, the frontier
  (top ``k`` by compute of everything released by then) and the record-setters (top ``k`` = 1).
* :func:`eras`: trends before and after the deep-learning split, and how they move with the split
  year and the frontier definition; :func:`paper_window`: the same populations in the paper's window.
* :func:`evidence`: the claims-ledger rows this chapter derives.
* What the chapter quotes, as typed values it glues whole (:mod:`compute_limits.quantities`): a fitted
  trend as a :class:`Rate` (growth and doubling time with their intervals), :func:`coverage` (what the
  build read), :func:`early`, :func:`era_rates`, :func:`paper_test` and :func:`quoted` (the figures the
  chapter cites from the paper and the literature).  :func:`position` says where a reference value lies
  against an interval; the chapter writes a sentence for each answer.

Chips and the anatomy of training runs are in :mod:`compute_limits.analysis.chips`; the authors'
per-model records (milestone runs, one benchmark's models) in :mod:`compute_limits.analysis.milestones`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd

from ..cache import cached
from ..config import Literature
from ..quantities import Count, Estimate, Flop, GrowthEstimate, Kind, Months, Number, Percent, Share, Words, Year
from ..stats.trends import Trend, doubling_months, fit_trend, slope_from_doubling, trends_table  # noqa: F401
from .claims import Evidence, text

MIN_TREND_POINTS = 3  # fewest points a trend is fitted on (fit_trend's own minimum)

# Series ids of history_trends.csv: id -> (population, quantity).  The ids are stable; the
# population is filled in with the chapter's parameters ({k}: frontier_top_k, {r}: record_top_k,
# {split}: dl_split) and the window is in the rows (start_year, end_year).
SERIES = {
    "notable_pre_dl": ("notable systems before {split}", "training compute"),
    "notable_all": ("notable systems from {split} on", "training compute"),
    "frontier": ("frontier systems (top {k} at release) from {split} on", "training compute"),
    "records": ("record-setters (top {r} at release) from {split} on", "training compute"),
    "notable_2012_2019": ("notable systems in the paper's window", "training compute"),
    "frontier_2012_2019": ("frontier systems (top {k} at release) in the paper's window", "training compute"),
    "records_2012_2019": ("record-setters (top {r} at release) in the paper's window", "training compute"),
    "gpu_peak_gflops": ("fastest GPU board released each year", "peak FP32 GFLOPS per board"),
    "gpu_peak_gflops_per_gpu": ("fastest GPU released each year, per GPU", "peak FP32 GFLOPS per GPU"),
    "gpu_all_gflops": ("every GPU board in the table", "peak FP32 GFLOPS per board"),
    "cpu_peak_gflops": ("fastest CPU released each year", "peak FP32 GFLOPS per CPU"),
    "frontier_gpu_years": ("frontier systems (top {k} at release) over the years of the GPU table", "training compute"),
    "chips_per_run": ("notable runs from {split} on", "chips per run"),
    "training_days_per_run": ("notable runs from {split} on", "training days per run"),
    "chip_hours_per_run": ("notable runs from {split} on", "chip-hours per run"),
    "achieved_flops_per_chip": ("notable runs from {split} on", "achieved FLOP/s per chip"),
    "cost_per_run": ("notable runs with compute and cost (the future-cost chapter's fit)", "cost per run, 2023 USD"),
    "compute_per_dollar": ("notable runs with compute and cost (the future-cost chapter's fit)", "training FLOP per 2023 USD"),
    "frontier_chips_per_run": ("frontier runs from {split} on", "chips per run"),
    "frontier_training_days_per_run": ("frontier runs from {split} on", "training days per run"),
    "frontier_chip_hours_per_run": ("frontier runs from {split} on", "chip-hours per run"),
    "frontier_achieved_flops_per_chip": ("frontier runs from {split} on", "achieved FLOP/s per chip"),
    "frontier_cost_per_run": ("frontier runs from {split} on", "cost per run, 2023 USD"),
    "frontier_compute_per_dollar": ("frontier runs from {split} on", "training FLOP per 2023 USD"),
    "<benchmark>_models": ("the headline benchmark's models with compute", "training compute (main measure)"),
    "<benchmark>_hardware_burden": ("the headline benchmark's models with a reported hardware burden",
                                    "hardware burden"),
}


def describe_series(series: str) -> tuple[str, str]:
    """(population, quantity) of a series id (``<benchmark>_…`` ids match their pattern)."""
    if series in SERIES:
        return SERIES[series]
    for suffix in ("_models", "_hardware_burden"):
        if series.endswith(suffix):
            return SERIES["<benchmark>" + suffix]
    return ("", "")


def window(df: pd.DataFrame, start: float | None = None, end: float | None = None, col: str = "year") -> pd.DataFrame:
    """Rows with ``start <= col < end`` (open bounds when None)."""
    keep = pd.Series(True, index=df.index)
    if start is not None:
        keep &= df[col] >= start
    if end is not None:
        keep &= df[col] < end
    return df[keep]


def trend(year, value, series: str, level: float) -> Trend | None:
    """:func:`fit_trend` on the finite, positive points, or ``None`` when too few to fit."""
    year = np.asarray(year, dtype=float)
    value = np.asarray(value, dtype=float)
    ok = np.isfinite(year) & np.isfinite(value) & (value > 0)
    if ok.sum() < MIN_TREND_POINTS or np.ptp(year[ok]) == 0:
        return None
    return fit_trend(year[ok], value[ok], series, level=level)


def running_maximum(series: str, pop: "Populations") -> bool:
    """Whether ``series`` is fitted to a running maximum (the record-setters with ``record_top_k`` = 1): its
    members are selected on the compute its slope is fitted to, so its confidence interval is not valid."""
    return pop.record_top_k == 1 and (series == "records" or series.startswith("records_"))


def table(trends: list[Trend | None], pop: "Populations", split: float) -> pd.DataFrame:
    """``history_trends.csv``: one row per fitted series, with its population, quantity, ``estimable`` and
    ``interval_valid`` (False for a running maximum, see :func:`running_maximum`)."""
    fitted = [t for t in trends if t is not None]
    out = trends_table(fitted)
    out["estimable"] = [bool(t.estimable) for t in fitted]
    out["interval_valid"] = [not running_maximum(t.series, pop) for t in fitted]
    fill = {"k": pop.frontier_top_k, "r": pop.record_top_k, "split": f"{split:g}"}
    out["population"] = [describe_series(t.series)[0].format(**fill) for t in fitted]
    out["quantity"] = [describe_series(t.series)[1] for t in fitted]
    return out


# --------------------------------------------------------------------------
# A trend as the chapter quotes it
# --------------------------------------------------------------------------

INTERVAL = "CI"  # the chapter names the confidence interval of a fitted slope "CI" (its first paragraph says so)
MonthsEstimate = Annotated[Estimate, Kind("months")]
MonthsRange = Annotated[tuple[float, float], Kind("months")]  # (lo, hi): "4.6–6.0 months"
Number2 = Annotated[float, Kind("number", 2)]  # two significant digits (the ends of a range of doubling times, a ratio)


@dataclass(frozen=True)
class Rate:
    """A fitted log-linear trend as a chapter quotes it: growth per year and doubling time, each with the
    confidence interval of the fitted slope at the chapter's level, the points fitted and the years they
    span.  A trend the data could not fit, or whose interval includes zero growth, is not estimable (a
    quantity that does not grow has no doubling time)."""

    growth: GrowthEstimate
    doubling: MonthsEstimate
    n: Count
    first: Year
    last: Year


def rate(t: Trend | None, level: float, first: float | None = None, last: float | None = None) -> Rate:
    """``t`` as a :class:`Rate`; ``first`` and ``last`` name the window when it is not the span of the
    fitted points (an era: the years asked for)."""
    nan = math.nan
    if t is None:
        none = Estimate(nan, nan, nan, level, INTERVAL, estimable=False)
        return Rate(none, none, 0, nan if first is None else first, nan if last is None else last)
    growth = Estimate(t.growth_per_year, t.growth_lo, t.growth_hi, t.level, INTERVAL, estimable=t.estimable)
    doubling = Estimate(t.doubling_months, t.doubling_months_lo, t.doubling_months_hi, t.level, INTERVAL,
                        estimable=bool(t.estimable and t.slope > 0))
    return Rate(growth, doubling, int(t.n), t.start_year if first is None else first,
                t.end_year if last is None else last)


def position(value: float, lo: float, hi: float, known: bool = True) -> str:
    """Where a reference ``value`` lies against the interval ``[lo, hi]``: ``"inside"``, ``"above"``,
    ``"below"``, or ``"unknown"`` when the interval is not estimable."""
    if not known or not (np.isfinite(lo) and np.isfinite(hi)):
        return "unknown"
    return "inside" if lo <= value <= hi else "above" if value > hi else "below"


# --------------------------------------------------------------------------
# Populations: notable systems, the frontier, the record-setters
# --------------------------------------------------------------------------


def with_compute(epoch: pd.DataFrame) -> pd.DataFrame:
    """Epoch rows with a training-compute estimate and a date, sorted by date."""
    keep = epoch["compute"].notna() & (epoch["compute"] > 0) & epoch["date"].notna()
    return epoch[keep].sort_values("date", kind="stable").reset_index(drop=True)


def rank_at_release(df: pd.DataFrame) -> pd.Series:
    """Rank (1 = largest) of each system's compute among all systems released on or before its date."""
    d = df["date"].to_numpy()
    c = df["compute"].to_numpy(dtype=float)
    earlier = d[None, :] <= d[:, None]
    larger = c[None, :] > c[:, None]
    return pd.Series(1 + (earlier & larger).sum(axis=1), index=df.index, name="rank_at_release")


def frontier_mask(df: pd.DataFrame, top_k: int = 10) -> pd.Series:
    """True for systems among the ``top_k`` by compute of all systems in ``df`` released by their date
    (``df`` holds every system with a compute estimate, notable or not)."""
    if top_k < 1:
        raise ValueError("top_k must be >= 1")
    return rank_at_release(df) <= top_k


@dataclass
class Populations:
    systems: pd.DataFrame  # every system with compute and date; columns frontier, record
    frontier_top_k: int
    record_top_k: int
    n_rows: int  # rows of Epoch's table (after rows without a date were set aside)
    skipped_no_date: int
    rows_without_compute: int

    @property
    def notable(self) -> pd.DataFrame:
        return self.systems[self.systems["notable"]]

    @property
    def frontier(self) -> pd.DataFrame:
        return self.systems[self.systems["frontier"]]

    @property
    def records(self) -> pd.DataFrame:
        return self.systems[self.systems["record"]]


def populations(epoch: pd.DataFrame, frontier_top_k: int, record_top_k: int) -> Populations:
    systems = with_compute(epoch)
    systems["frontier"] = frontier_mask(systems, frontier_top_k)
    systems["record"] = frontier_mask(systems, record_top_k)
    return Populations(systems, int(frontier_top_k), int(record_top_k), int(len(epoch)),
                       int(epoch.attrs.get("skipped_no_date", 0)),
                       int(epoch.attrs.get("rows_without_compute", epoch["compute"].isna().sum())))


@dataclass(frozen=True)
class Coverage:
    """What the build read of Epoch's table, and the level of every interval the chapter quotes."""

    level: Share
    source: str  # the file read (its name)
    n_rows: Count  # rows with a date
    skipped_no_date: Count
    rows_without_compute: Count
    n_systems: Count  # with a date and a compute estimate


def coverage(pop: Populations, epoch: pd.DataFrame, level: float) -> Coverage:
    source = Path(str(epoch.attrs.get("path", "Epoch AI's table"))).name
    return Coverage(level, source, pop.n_rows, pop.skipped_no_date, pop.rows_without_compute, int(len(pop.systems)))


@dataclass
class Early:
    """The first system the chapter quotes and the largest in the table."""

    reference: str
    requested: str
    year: Year
    compute: Flop
    largest: str
    largest_year: Year
    largest_compute: Flop
    found: bool = True  # the requested system is in the table (else the earliest system stands in)
    orders_more: Annotated[float, Kind("log10", 0)] = math.nan  # log10 of largest_compute / compute


def early(pop: Populations, requested: str) -> Early:
    """``requested`` (a system's name in Epoch's table) if it has compute, else the earliest system."""
    s = pop.systems
    hit = s[s["model"] == requested]
    ref = hit.iloc[0] if len(hit) else s.iloc[0]
    top = s.loc[s["compute"].idxmax()]
    return Early(str(ref["model"]), requested, int(ref["date"].year), float(ref["compute"]),
                 str(top["model"]), int(top["date"].year), float(top["compute"]), str(ref["model"]) == requested,
                 math.log10(float(top["compute"]) / float(ref["compute"])))


# --------------------------------------------------------------------------
# Eras and the paper's window
# --------------------------------------------------------------------------


def era_trends(pop: Populations, split: float, start: float, level: float, end: float | None = None) -> dict:
    """Notable systems before and after ``split``; the frontier and the record-setters after it."""
    pre = window(pop.notable, start, split)
    post = window(pop.notable, split, end)
    fr = window(pop.frontier, split, end)
    rec = window(pop.records, split, end)
    return {"pre": trend(pre["year"], pre["compute"], "notable_pre_dl", level),
            "post": trend(post["year"], post["compute"], "notable_all", level),
            "frontier": trend(fr["year"], fr["compute"], "frontier", level),
            "records": trend(rec["year"], rec["compute"], "records", level)}


def _rows(trends: dict, **keys) -> list[dict]:
    return [{**keys, "era": era, "n": t.n, "growth_per_year": t.growth_per_year,
             "doubling_months": t.doubling_months, "doubling_months_lo": t.doubling_months_lo,
             "doubling_months_hi": t.doubling_months_hi}
            for era, t in trends.items() if t is not None]


@dataclass
class Eras:
    pre: Trend | None
    post: Trend | None
    frontier: Trend | None
    records: Trend | None
    start: float
    split: float
    n_notable: int
    n_frontier_all: int  # frontier systems at any date
    newest: pd.Timestamp
    sensitivity: pd.DataFrame  # split, era, n, growth_per_year, doubling_months(_lo/_hi)
    topk: pd.DataFrame  # top_k, n, growth and doubling of the frontier after the split


@cached
def eras(pop: Populations, start: float, split: float, split_grid: tuple[int, int], topk_grid, level: float) -> Eras:
    """The eras' trends, their sensitivity to the split year and to the frontier's top k (about 90 fits;
    cached on the populations and parameters, so a change to the chapter's charts or prose reuses them)."""
    main = era_trends(pop, split, start, level)
    sens = []
    for s in range(int(split_grid[0]), int(split_grid[1]) + 1):
        t = era_trends(pop, float(s), start, level)
        sens += _rows({k: t[k] for k in ("pre", "post", "frontier")}, split=float(s))
    topk = []
    for k in topk_grid:
        fr = window(pop.systems[frontier_mask(pop.systems, int(k))], split)
        topk += _rows({"frontier": trend(fr["year"], fr["compute"], f"frontier_top{k}", level)}, top_k=int(k))
    cols = ["n", "growth_per_year", "doubling_months", "doubling_months_lo", "doubling_months_hi"]
    return Eras(**main, start=start, split=split, n_notable=int(len(pop.notable)),
                n_frontier_all=int(pop.systems["frontier"].sum()), newest=pop.systems["date"].max(),
                sensitivity=pd.DataFrame(sens, columns=["split", "era"] + cols),
                topk=pd.DataFrame(topk, columns=["top_k", "era"] + cols).drop(columns="era"))


@dataclass
class PaperWindow:
    start: float
    end: float  # exclusive
    notable: Trend | None
    frontier: Trend | None
    records: Trend | None
    records_last: str  # the last record-setter in the window ("" if none)
    records_last_year: int


def paper_window(pop: Populations, start: float, end: float, level: float) -> PaperWindow:
    out = {}
    for name, df in (("notable", pop.notable), ("frontier", pop.frontier), ("records", pop.records)):
        w = window(df, start, end)
        out[name] = trend(w["year"], w["compute"], f"{name}_2012_2019", level)
    rec = window(pop.records, start, end)
    last = rec.sort_values("date").iloc[-1] if len(rec) else None
    return PaperWindow(start, end, **out, records_last="" if last is None else str(last["model"]),
                       records_last_year=0 if last is None else int(last["date"].year))


# --------------------------------------------------------------------------
# What the chapter quotes from the eras and the paper's window
# --------------------------------------------------------------------------


def _range(values: pd.Series) -> tuple[float, float]:
    finite = values.replace([np.inf, -np.inf], np.nan).dropna()
    return (float(finite.min()), float(finite.max())) if len(finite) else (math.nan, math.nan)


@dataclass(frozen=True)
class EraRates:
    """The long run: the trend of each era and population (windows: the years asked for), and how the
    doubling times move with the split year (``split_from``–``split_to``) and the frontier's top k."""

    pre: Rate  # notable systems before the split (each window: the years of the systems fitted)
    post: Rate  # notable systems from the split on
    frontier: Rate
    records: Rate
    start: Year
    split: Year
    newest: str  # month and year of the newest system ("May 2025")
    n_notable: Count
    n_systems: Count
    top_k: Count  # the frontier: top k at release
    record_top_k: Count
    records_are_largest: bool  # record-setters are the largest system to date (record_top_k = 1): a running
    #                            maximum, whose confidence interval is not valid
    split_from: Year
    split_to: Year
    pre_range: MonthsRange  # the earlier era's doubling time over the split years tried
    post_range: MonthsRange
    eras_apart: bool  # every split tried leaves the deep-learning era doubling faster than the earlier one
    topk_range: MonthsRange  # the frontier's doubling time over the frontier definitions tried
    topk_min: Count
    topk_max: Count
    moore_months: Months  # Moore's law (1975): the earlier era's reference
    moore_vs_pre: str  # where Moore's doubling time lies against the earlier era's interval (see position)


def era_rates(e: Eras, pop: Populations, lit: Literature, level: float, topk_grid) -> EraRates:
    sens = e.sensitivity
    pre, post = sens[sens["era"] == "pre"]["doubling_months"], sens[sens["era"] == "post"]["doubling_months"]
    pre_range, post_range, topk_range = _range(pre), _range(post), _range(e.topk["doubling_months"])
    pre_f, post_f = pre.replace(np.inf, np.nan), post.replace(np.inf, np.nan)
    apart = bool(pre_f.notna().any() and post_f.notna().any() and post_f.max() < pre_f.min())
    moore = lit.value("moore_doubling_months")
    newest = float(e.newest.year)
    pre_rate = rate(e.pre, level)
    return EraRates(
        pre=pre_rate, post=rate(e.post, level), frontier=rate(e.frontier, level),
        records=rate(e.records, level), start=e.start, split=e.split,
        newest=e.newest.strftime("%B %Y"), n_notable=e.n_notable, n_systems=int(len(pop.systems)),
        top_k=pop.frontier_top_k, record_top_k=pop.record_top_k, records_are_largest=pop.record_top_k == 1,
        split_from=float(sens["split"].min()) if len(sens) else math.nan,
        split_to=float(sens["split"].max()) if len(sens) else math.nan,
        pre_range=pre_range, post_range=post_range, eras_apart=apart, topk_range=topk_range,
        topk_min=int(min(topk_grid)), topk_max=int(max(topk_grid)),
        moore_months=moore, moore_vs_pre=position(moore, pre_rate.doubling.lo, pre_rate.doubling.hi,
                                                 pre_rate.doubling.estimable))


@dataclass(frozen=True)
class PaperTest:
    """The paper's "tenfold a year" against each population over the window tested."""

    records: Rate  # each with the years of the systems fitted (the window tested bounds them)
    frontier: Rate
    notable: Rate
    first: Year  # the window tested (the paper's unless the chapter's paper_window sets another)
    last: Year
    last_record: str  # the last record-setter in the window
    last_record_year: Year
    top_k: Count
    paper_growth: Number  # the paper's figure (× a year)
    paper_first: Year  # the years the paper states it for
    paper_last: Year
    paper_months: Number2  # its doubling time in months
    amodei_months: Number2  # Amodei & Hernandez's doubling time
    records_vs_paper: str  # where the paper's figure lies against each population's interval (see position);
    frontier_vs_paper: str  # "unknown" for a running maximum, whose interval is not valid
    records_running_max: bool = False  # the record-setters are a running maximum (record_top_k = 1)


def paper_test(p: PaperWindow, pop: Populations, lit: Literature, level: float) -> PaperTest:
    ten = lit.value("v1_compute_growth_per_year")
    first, last = math.floor(p.start), math.floor(p.end - 1)
    rates = {k: rate(getattr(p, k), level) for k in ("records", "frontier", "notable")}
    running = pop.record_top_k == 1
    return PaperTest(
        **rates, first=first, last=last, last_record=p.records_last,
        last_record_year=p.records_last_year or math.nan, top_k=pop.frontier_top_k, paper_growth=ten,
        paper_first=lit.value("v1_compute_growth_first_year"), paper_last=lit.value("v1_compute_growth_last_year"),
        paper_months=doubling_months(math.log10(ten)), amodei_months=lit.value("amodei_doubling_months"),
        records_vs_paper=position(ten, rates["records"].growth.lo, rates["records"].growth.hi,
                                  rates["records"].growth.estimable and not running),
        frontier_vs_paper=position(ten, rates["frontier"].growth.lo, rates["frontier"].growth.hi,
                                   rates["frontier"].growth.estimable),
        records_running_max=running)


@dataclass(frozen=True)
class Quoted:
    """The figures the history chapter quotes from the paper and the literature (``data/literature.toml``)."""

    hardware_improvement: Count  # v1: hardware improved about 50,000× in the decades before deep learning
    spectrum_rise: Words  # IEEE Spectrum: computations per second since Rosenblatt
    gpu_speedup_year: Year
    gpu_speedup_low: Count
    gpu_speedup_high: Count
    gpu_speedup_2012: Count
    alexnet_gpus: Count
    alexnet_days_low: Count
    alexnet_days_high: Count
    resnext_gpus: Count
    resnext_days: Count
    noisy_tpus: Count
    noisy_days: Count
    imagenet_images: Words
    noisy_pseudo: Words
    et_paper_gpu_hours: Words  # v1: the Evolved Transformer's search
    et_hours: Count  # Strubell et al.: hours on their GPUs
    et_gpus: Count
    et_gpu_hours: Words
    cottier_growth: Number2  # Cottier et al.: growth of the cost of frontier runs (× a year)


def quoted(lit: Literature) -> Quoted:
    v = lit.value
    return Quoted(
        v("v1_hardware_improvement"), v("spectrum_rise_since_rosenblatt"), v("v1_gpu_speedup_year"),
        v("v1_gpu_speedup_low"), v("v1_gpu_speedup_high"), v("v1_gpu_speedup_2012"), v("alexnet_gpus"),
        v("alexnet_days_low"), v("alexnet_days_high"), v("resnext_gpus"), v("resnext_days"),
        v("noisy_student_tpus"), v("noisy_student_days"), v("imagenet_labelled_images"),
        v("noisy_student_pseudo_labelled"), v("v1_evolved_transformer_gpu_hours"),
        v("evolved_transformer_gpu_hours"), v("evolved_transformer_gpus"),
        v("evolved_transformer_gpu_hours") * v("evolved_transformer_gpus"), v("cottier_cost_growth"))


# --------------------------------------------------------------------------
# Claims-ledger evidence
# --------------------------------------------------------------------------


ZERO, ONE = Kind("fixed", 0), Kind("fixed", 1)  # the ledger's doubling months and growth factors


def evidence(eras: Eras, paper: PaperWindow, pop: Populations, lit: Literature, level: float,
             chapter: str = "history", decomposition: pd.DataFrame | None = None) -> list[Evidence]:
    """The rows of the claims ledger this chapter derives (``claims_evidence``, part ``history``), their text
    still to write (:func:`compute_limits.report.ledger_text.evidence`).  With the frontier's ``decomposition``
    (:func:`~compute_limits.analysis.chips.decompose_growth`, with its bootstrap intervals) also the paper's
    "most of it came from training longer on more chips"."""
    ten, moore = lit.value("v1_compute_growth_per_year"), lit.value("moore_doubling_months")
    first, last = lit.value("v1_compute_growth_first_year"), lit.value("v1_compute_growth_last_year")
    rec, fr, pre = paper.records, paper.frontier, eras.pre
    nan = math.nan
    lvl = (level, Percent)
    if rec is None:
        records = ""
    elif pop.record_top_k == 1:
        records = text("history_records_running", n=(rec.n, Count), start=(rec.start_year, Year),
                       end=(rec.end_year, Year), growth=(rec.growth_per_year, ONE))
    else:
        records = text("history_records", top_k=(pop.record_top_k, Count), n=(rec.n, Count),
                       start=(rec.start_year, Year), end=(rec.end_year, Year), growth=(rec.growth_per_year, ONE),
                       lo=(rec.growth_lo, ONE), hi=(rec.growth_hi, ONE))
    rows = [Evidence(
        claim_id="compute_growth_2012_2019", chapter=chapter, label="history-tenfold",
        claim=text("history_tenfold_claim", first=(first, Year), last=(last, Year)),
        paper_value=f"about {ten:g}× a year", paper_number=ten,
        book_value=fr.growth_per_year if fr else nan, book_lo=fr.growth_lo if fr else nan,
        book_hi=fr.growth_hi if fr else nan, test="inside", tolerance=0.0, estimable=bool(fr and fr.estimable),
        unit="× per year",
        note=text("history_tenfold_note", top_k=(pop.frontier_top_k, Count), start=(fr.start_year, Year),
                  end=(fr.end_year, Year), n=(fr.n, Count), growth=(fr.growth_per_year, ONE), level=lvl,
                  lo=(fr.growth_lo, ONE), hi=(fr.growth_hi, ONE), records=records)
             if fr else text("history_tenfold_none", records=records)),
        Evidence(
        claim_id="doubling_before_2010", chapter=chapter, label="history-perceptron",
        claim=text("history_moore_claim"),
        paper_value=f"about Moore's law (a doubling every {moore:g} months)", paper_number=moore,
        book_value=pre.doubling_months if pre else nan, book_lo=pre.doubling_months_lo if pre else nan,
        book_hi=pre.doubling_months_hi if pre else nan, test="inside", tolerance=0.0,
        estimable=bool(pre and pre.estimable), unit="months (doubling time)",
        note=text("history_moore_note", start=(eras.start, Year), end=(eras.split - 1, Year),
                  split=(eras.split, Year), n=(pre.n, Count), months=(pre.doubling_months, ZERO), level=lvl,
                  lo=(pre.doubling_months_lo, ZERO), hi=(pre.doubling_months_hi, ZERO))
             if pre else text("history_moore_none")),
    ]
    if decomposition is not None and "more" in decomposition.index:
        more = decomposition.loc["more"]
        share, lo, hi = (float(more[k]) for k in ("share", "share_lo", "share_hi"))
        bounded = bool(np.isfinite(lo) and np.isfinite(hi))
        rows.append(Evidence(
            claim_id="growth_from_more_chips", chapter=chapter, label="history-chips",
            claim=text("history_chips_claim"),
            paper_value="most (more than half)", paper_number=0.5, book_value=share, book_lo=lo, book_hi=hi,
            test="at_least", tolerance=nan, estimable=bool(np.isfinite(share) and bounded), unit="fraction",
            note=text("history_chips_note", top_k=(pop.frontier_top_k, Count), start=(more["start_year"], Year),
                      end=(more["end_year"], Year), n=(int(more["n"]), Count), share=(share, Percent), level=lvl,
                      lo=(lo, Percent), hi=(hi, Percent))
                 if bounded and np.isfinite(share) else text("history_chips_none")))
    return rows
