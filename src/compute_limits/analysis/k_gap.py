"""The gap between each benchmark's fitted exponent and the fourth-power lower bound of the paper's
over-parameterisation argument, and the claims-ledger evidence on it.

The argument: error falls at best as 1/√n, so an error k times lower needs at least k² more data; an
over-parameterised model grows its parameters with the data, and training costs parameters × data, so
compute grows at least as (1/error)⁴.  The polynomial fit measures compute ∝ (1/error)^k with k = 1/b.

That k is a ceiling: regressing error on compute attributes all the scatter to error.  The reverse
regression (compute on error) attributes it all to compute and gives k·R², the floor.  The table reports
the bracket [k·R², k] with k's confidence interval; a slope whose interval includes zero leaves k not
estimable.  DataFrames and fits in, DataFrames out; no file is read here.
"""

from __future__ import annotations

import math

import pandas as pd

from ..stats.intervals import k_interval, slope_estimable, slope_interval
from ..stats import forms
from ..stats.regression import Fit
from .benchmarks import MainFits
from ..quantities import Compact, Count, Percent
from .claims import Evidence, text

SECTION = "ways-out-k-gap"  # the section of chapters/ways_out.md that derives these numbers
CHAPTER = "ways_out"


K_GAP_COLUMNS = ["benchmark", "name", "metric", "n", "slope", "r2", "k", "k_lo", "k_hi", "k_reverse", "estimable",
                 "level", "bound", "reduction_factor", "log10_compute_fitted", "log10_compute_reverse", "log10_compute_bound",
                 "gap_decades", "gap_lo", "gap_hi", "gap_reverse", "bound_inside", "bracket_above_bound"]


def k_gap_table(mains: dict[str, MainFits], bound: float, factor: float = 10.0, level: float = 0.95) -> pd.DataFrame:
    """The exponent of each benchmark's polynomial (compute-only) fit against the lower bound ``bound``.

    k = 1/b regresses error on compute and so attributes all scatter to error: it is a ceiling.  The
    reverse regression (compute on error) attributes all scatter to compute and gives k·R², the floor.
    ``gap_*`` are orders of magnitude of compute above the bound for a ``factor``-fold lower error;
    ``estimable`` is False where the slope's interval includes zero (then k has no upper end).
    ``bracket_above_bound``: the whole bracket, and k's interval, lie above the bound.
    """
    d = math.log10(factor)
    rows = []
    for bench, main in mains.items():
        fit: Fit = main.fit(forms.PAPER_FORM)
        k = fit.k if fit.k is not None and fit.slope > 0 else math.inf
        k_lo, k_hi = k_interval(fit, level)
        k_rev = fit.k_reverse if fit.slope > 0 else math.nan
        estimable = slope_estimable(*slope_interval(fit, level))
        rows.append({"benchmark": bench, "name": main.config.name, "metric": main.config.metric, "n": fit.n,
                     "slope": fit.slope, "r2": fit.r2, "k": k, "k_lo": k_lo, "k_hi": k_hi, "k_reverse": k_rev,
                     "estimable": estimable, "level": level, "bound": float(bound), "reduction_factor": float(factor),
                     "log10_compute_fitted": k * d, "log10_compute_reverse": k_rev * d,
                     "log10_compute_bound": bound * d, "gap_decades": (k - bound) * d,
                     "gap_lo": (k_lo - bound) * d, "gap_hi": (k_hi - bound) * d, "gap_reverse": (k_rev - bound) * d,
                     "bound_inside": bool(k_lo <= bound <= k_hi),
                     "bracket_above_bound": bool(estimable and k_rev > bound and k_lo > bound)})
    return pd.DataFrame(rows, columns=K_GAP_COLUMNS)


def claims_evidence(gap: pd.DataFrame, bound: float, level: float, names: dict) -> list[Evidence]:
    """``k4_bound_exceeded``: the share of benchmarks with an estimable exponent whose whole bracket
    (k·R² and the lower end of k's interval) lies above the bound."""
    est = gap[gap["estimable"]]
    share = float(est["bracket_above_bound"].mean()) if len(est) else math.nan
    above = ", ".join(names.get(b, b) for b in est.loc[est["bracket_above_bound"], "benchmark"]) or "none"
    skipped = ", ".join(names.get(b, b) for b in gap.loc[~gap["estimable"], "benchmark"]) or "none"
    note = text("k4_note", n=(len(est), Count), level=(level, Percent), bound=(bound, Compact), above=above,
                skipped=skipped)
    return [Evidence("k4_bound_exceeded", CHAPTER, SECTION, text("k4_claim"),
                     f"exponent above {bound:g}", float(bound), share, math.nan, math.nan, "share", math.nan,
                     bool(len(est)), "share of benchmarks", note)]
