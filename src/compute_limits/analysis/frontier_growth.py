"""The compute of the largest training runs before and after a cut-off (Epoch AI's table).

v1 took from Amodei & Hernandez that the compute of the *largest* training runs (the record-setters)
grew about tenfold a year from 2012 to 2019, and argued that this could not last.  Here two populations
of Epoch's systems are fitted in two windows:

* **the frontier**: systems among the ``frontier_top_k`` largest at their release, the population the
  chapter leads with;
* **record-setters**: systems among the ``record_top_k`` largest of everything in the table at their
  release (``record_top_k = 1``: each set a new record).  A slope fitted to such a running maximum is
  selected on its outcome (a system enters because its compute exceeds every earlier one), so its
  points are not independent draws about a line and its confidence interval and p-values are not valid
  (:func:`running_maximum`); the chapter shows them as a description and says so.

:func:`growth_windows` fits the log-linear trend of each window (:func:`compute_limits.stats.trends.fit_trend`)
and tests the change of slope in one fit with a post-window indicator and its interaction with the year
(statsmodels OLS): the post-minus-pre difference of log10 growth per year, its s.e. and p-value.
:func:`findings` gives what the out-of-sample chapter states about them, as typed values.
DataFrames in, dataclasses out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
import pandas as pd

from ..config import Literature
from ..quantities import (Answer, Coef, Count, Estimate, Factor, GrowthEstimate, GrowthPerYear, Kind, Month, Months,
                          Orders, PValue, Year)
from ..stats.regression import slope_change_test
from ..stats.trends import Trend, fit_trend
from .headlines import question_id
from .history import frontier_mask, position, rank_at_release, window


@dataclass
class GrowthWindows:
    """One population's growth in the paper's window and after the cut-off, and the change between them."""

    population: str  # "records" or "frontier"
    top_k: int
    pre_start: float
    pre_end: float
    post_start: float
    pre: Trend
    post: Trend | None  # None with fewer than 3 systems after the cut-off
    change: float  # post − pre slope, log10 per year (NaN without a post trend)
    change_se: float
    change_p: float
    change_lo: float
    change_hi: float
    significant: bool  # p < 1 − level
    level: float

    @property
    def n_pre(self) -> int:
        return self.pre.n

    @property
    def n_post(self) -> int:
        return self.post.n if self.post is not None else 0


def _change(pre: pd.DataFrame, post: pd.DataFrame, level: float) -> tuple[float, ...]:
    """Slope change (post − pre) of log10 compute on year: change, s.e., p, interval."""
    year = np.r_[pre["year"].to_numpy(dtype=float), post["year"].to_numpy(dtype=float)]
    t = slope_change_test(pre["year"], np.log10(pre["compute"].to_numpy(dtype=float)), post["year"],
                          np.log10(post["compute"].to_numpy(dtype=float)), level, center=float(np.round(year.mean(), 1)))
    return t.change, t.se, t.p, t.lo, t.hi


def growth_windows(systems: pd.DataFrame, population: str, top_k: int, pre_window: tuple[float, float],
                   post_start: float, level: float = 0.95) -> GrowthWindows:
    """Fit ``population`` (the systems among the ``top_k`` largest at release, judged against all of
    ``systems``) in ``pre_window`` [start, end) and from ``post_start`` on."""
    pop = systems[frontier_mask(systems, top_k)]
    pre_rows = window(pop, *pre_window)
    post_rows = window(pop, post_start)
    pre = fit_trend(pre_rows["year"], pre_rows["compute"], f"{population}_pre", level)
    try:
        post = fit_trend(post_rows["year"], post_rows["compute"], f"{population}_post", level)
        change = _change(pre_rows, post_rows, level)
    except ValueError:  # fewer than three systems after the cut-off
        post, change = None, (math.nan,) * 5
    p = change[2]
    return GrowthWindows(population, int(top_k), float(pre_window[0]), float(pre_window[1]), float(post_start),
                         pre, post, *change, significant=bool(np.isfinite(p) and p < 1 - level), level=level)


def points(systems: pd.DataFrame, top_k: int, record_top_k: int, start: float) -> pd.DataFrame:
    """The systems a chart draws: every system among the ``top_k`` largest at release from ``start`` on,
    with ``population`` "records" when it was also among the ``record_top_k`` largest, else "frontier"."""
    rank = rank_at_release(systems).to_numpy()
    keep = (rank <= max(top_k, record_top_k)) & (systems["year"].to_numpy() >= start)
    out = systems.loc[keep, ["model", "date", "year", "compute"]].copy()
    out["population"] = np.where(rank[keep] <= record_top_k, "records", "frontier")
    return out.reset_index(drop=True)


def table(windows: list[GrowthWindows]) -> pd.DataFrame:
    """``out_of_sample_growth.csv``: one row per population and window (the change test on the post row)."""
    rows = []
    for g in windows:
        for name, trend, start, end in (("pre", g.pre, g.pre_start, g.pre_end), ("post", g.post, g.post_start, math.nan)):
            if trend is None:
                continue
            rows.append({
                "population": g.population, "top_k": g.top_k, "window": name, "window_start": start,
                "window_end": end, "n": trend.n, "first_year": trend.start_year, "last_year": trend.end_year,
                "growth_per_year": trend.growth_per_year, "growth_per_year_lo": trend.growth_lo,
                "growth_per_year_hi": trend.growth_hi, "doubling_months": trend.doubling_months,
                "estimable": trend.estimable, "level": g.level,
                "slope_change": g.change if name == "post" else math.nan,
                "slope_change_se": g.change_se if name == "post" else math.nan,
                "slope_change_p": g.change_p if name == "post" else math.nan,
            })
    return pd.DataFrame(rows)


def record_and_frontier(systems: pd.DataFrame, record_top_k: int, frontier_top_k: int,
                        pre_window: tuple[float, float], post_start: float, level: float = 0.95) -> list[GrowthWindows]:
    """``[records, frontier]``: :func:`growth_windows` of both populations."""
    return [growth_windows(systems, "records", record_top_k, tuple(pre_window), post_start, level),
            growth_windows(systems, "frontier", frontier_top_k, tuple(pre_window), post_start, level)]


def running_maximum(g: GrowthWindows) -> bool:
    """Whether ``g`` is fitted to a running maximum (each system the largest to date): its members are
    selected on the outcome the slope is fitted to, so its confidence intervals and p-values are not valid."""
    return g.population == "records" and g.top_k == 1


def population_labels(record_top_k: int, frontier_top_k: int) -> dict[str, str]:
    """How each population is named in the results' scenarios and the charts' legends."""
    records = "record-setters" if record_top_k == 1 else f"top {record_top_k:,} at release"
    return {"records": records, "frontier": f"top {frontier_top_k:,} at release"}


# ---------------------------------------------------------------- what the chapter states


def growth_estimate(trend: Trend | None, level: float) -> Estimate:
    """A window's growth per year with its confidence interval; not estimable when the interval includes
    no growth, or without a trend (fewer than three systems)."""
    if trend is None:
        return Estimate(math.nan, math.nan, math.nan, level, estimable=False)
    return Estimate(trend.growth_per_year, trend.growth_lo, trend.growth_hi, trend.level, estimable=trend.estimable)


def change_case(g: GrowthWindows) -> str:
    """Did the pace change (the interaction test)?  ``"none"`` (no trend after the cut-off), ``"down"`` or
    ``"up"`` (significantly), ``"same"`` (the data cannot tell the two paces apart)."""
    if g.post is None:
        return "none"
    if g.significant:
        return "down" if g.change < 0 else "up"
    return "same"


def _holds(trend: Trend | None, value: float) -> bool:
    return trend is not None and bool(trend.growth_lo <= value <= trend.growth_hi)


@dataclass
class Findings:
    """The compute side of the out-of-sample chapter: the frontier's and the record-setters' growth before and
    after the cut-off, set against the paper's tenfold, and what the data cannot decide.  Windows are named
    from the data (the first and last system fitted), not from the window asked for."""

    paper_growth: GrowthPerYear  # v1's "tenfold a year" (data/literature.toml)
    amodei_doubling: Months
    pre_start: Year  # the window asked for, [pre_start, pre_last + 1)
    pre_last: Year  # the last whole year of the paper's window [start, end)
    post_start: Month
    newest: Month  # the newest system in the table
    records_single: bool  # record-setters: each the largest system to date at its release (top_k = 1)
    records_top_k: Count
    frontier_top_k: Count
    records_pre: GrowthEstimate
    records_post: GrowthEstimate
    records_has_post: bool  # at least three record-setters after the cut-off
    records_post_lo: Factor  # the interval of the later growth (per year), also where it is not estimable
    records_post_hi: Factor
    records_n_pre: Count
    records_n_post: Count
    records_change: Coef  # later minus earlier slope, log10 per year
    records_change_p: PValue
    records_change_case: str  # see change_case
    records_post_holds_paper: bool  # the later growth's interval includes the paper's tenfold
    records_post_holds_frontier: bool  # … and the frontier's later rate
    frontier_pre: GrowthEstimate
    frontier_post: GrowthEstimate
    frontier_n_pre: Count
    frontier_n_post: Count
    frontier_post_last: Month  # the date of the frontier's last system after the cut-off (the window, named from the data)
    frontier_change_p: PValue
    frontier_change_case: str
    undecided_records_rate: bool  # how fast records are set now
    undecided_records_vs_frontier: bool  # whether the record-setters now grow more slowly than the frontier
    undecided_records_change: bool  # whether the record-setters' earlier pace slowed
    undecided_frontier_change: bool  # whether the frontier's pace changed
    decided_all: bool
    overshoot: Orders  # the record-setters' earlier trend at the newest date against the largest run
    overshoot_above: bool
    largest_model: str  # the largest run in the table (a name from the data)
    largest_compute: Annotated[float, Kind("number", 2)]  # its compute, FLOP
    records_running_max: bool = False  # each record-setter is the largest to date: its intervals are not valid
    records_pre_first: Year = math.nan  # the years of the systems fitted in each window
    records_pre_last: Year = math.nan
    frontier_pre_first: Year = math.nan
    frontier_pre_last: Year = math.nan
    frontier_vs_paper: str = ""  # where the paper's tenfold lies against the frontier's earlier interval
    frontier_post_holds_paper: bool = False  # the frontier's later interval includes the paper's tenfold
    frontier_change: Coef = math.nan  # later minus earlier slope, log10 per year
    frontier_change_interval: Annotated[tuple[float, float], Kind("coef")] = (math.nan, math.nan)
    frontier_overshoot: Annotated[float, Kind("orders", 2)] = math.nan  # the frontier's earlier trend at the newest date against the largest run
    frontier_overshoot_above: bool = False
    answers: dict = field(default_factory=dict, repr=False)


RECORDS_DIFFERS = "record-setters (the running maximum) instead of the frontier"


def findings(records: GrowthWindows, frontier: GrowthWindows, systems: pd.DataFrame, lit: Literature) -> Findings:
    """``systems`` (every Epoch system with compute) gives the newest date and the largest run; ``lit`` the
    paper's tenfold and Amodei & Hernandez's doubling time."""
    paper_growth = lit.value("v1_compute_growth_per_year")
    fr_rate = frontier.post.growth_per_year if frontier.post is not None else math.nan
    newest = float(systems["year"].max())
    top = systems.loc[systems["compute"].idxmax()]
    gap = float(records.pre.predict_log10(newest)) - math.log10(float(top["compute"]))
    fr_gap = float(frontier.pre.predict_log10(newest)) - math.log10(float(top["compute"]))
    post = records.post
    running = running_maximum(records)
    undecided = dict(undecided_records_rate=post is None or not post.estimable,
                     undecided_records_vs_frontier=_holds(post, fr_rate),
                     undecided_records_change=not records.significant,
                     undecided_frontier_change=not frontier.significant)
    if running:  # nothing about a running maximum's pace is decided by its (invalid) intervals
        undecided.update(undecided_records_rate=False, undecided_records_vs_frontier=False,
                         undecided_records_change=False)
    return Findings(
        paper_growth=paper_growth, amodei_doubling=lit.value("amodei_doubling_months"), pre_start=records.pre_start,
        pre_last=math.ceil(records.pre_end) - 1, post_start=records.post_start, newest=newest,
        records_single=records.top_k == 1, records_top_k=records.top_k, frontier_top_k=frontier.top_k,
        records_pre=growth_estimate(records.pre, records.level), records_post=growth_estimate(post, records.level),
        records_has_post=post is not None, records_post_lo=post.growth_lo if post is not None else math.nan,
        records_post_hi=post.growth_hi if post is not None else math.nan, records_n_pre=records.n_pre,
        records_n_post=records.n_post, records_change=records.change, records_change_p=records.change_p,
        records_change_case=change_case(records), records_post_holds_paper=_holds(post, paper_growth),
        records_post_holds_frontier=_holds(post, fr_rate),
        frontier_pre=growth_estimate(frontier.pre, frontier.level),
        frontier_post=growth_estimate(frontier.post, frontier.level), frontier_n_pre=frontier.n_pre,
        frontier_n_post=frontier.n_post,
        frontier_post_last=frontier.post.end_year if frontier.post is not None else newest,
        frontier_change_p=frontier.change_p,
        frontier_change_case=change_case(frontier), **undecided, decided_all=not any(undecided.values()) and not running,
        overshoot=abs(gap), overshoot_above=gap > 0, largest_model=str(top["model"]),
        largest_compute=float(top["compute"]), records_running_max=running,
        records_pre_first=math.floor(records.pre.start_year), records_pre_last=math.floor(records.pre.end_year),
        frontier_pre_first=math.floor(frontier.pre.start_year), frontier_pre_last=math.floor(frontier.pre.end_year),
        frontier_vs_paper=position(paper_growth, frontier.pre.growth_lo, frontier.pre.growth_hi, frontier.pre.estimable),
        frontier_post_holds_paper=_holds(frontier.post, paper_growth), frontier_change=frontier.change,
        frontier_change_interval=(frontier.change_lo, frontier.change_hi), frontier_overshoot=abs(fr_gap),
        frontier_overshoot_above=fr_gap > 0,
        answers={"frontier_pre": Answer(question_id("frontier_growth", detail="before_cutoff")),
                 "frontier_post": Answer(question_id("frontier_growth", detail="after_cutoff")),
                 "records_pre": Answer(question_id("frontier_growth", detail="before_cutoff"), RECORDS_DIFFERS),
                 "records_post": Answer(question_id("frontier_growth", detail="after_cutoff"), RECORDS_DIFFERS)})
