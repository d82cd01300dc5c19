"""The compute of the largest training runs before and after a cut-off (Epoch AI's table).

v1 took from Amodei & Hernandez that the compute of the *largest* training runs (the record-setters)
grew about tenfold a year from 2012 to 2019, and argued that this could not last.  Here two populations
of Epoch's systems are fitted in two windows:

* **record-setters**: systems among the ``record_top_k`` largest of everything in the table at their
  release (``record_top_k = 1``: each set a new record);
* **the frontier**: systems among the ``frontier_top_k`` largest at their release.

:func:`growth_windows` fits the log-linear trend of each window (:func:`compute_limits.stats.trends.fit_trend`)
and tests the change of slope in one fit with a post-window indicator and its interaction with the year
(statsmodels OLS): the post-minus-pre difference of log10 growth per year, its s.e. and p-value.
DataFrames in, dataclasses out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats.regression import slope_change_test
from ..stats.trends import Trend, fit_trend
from .history import frontier_mask, rank_at_release, window


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
