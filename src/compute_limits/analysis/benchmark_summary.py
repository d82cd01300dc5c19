"""The benchmarks side by side: the summary table, and what the summary page states, section by section.

* :func:`summary_table`: ``benchmarks_summary.csv``, one row per benchmark in ``benchmarks.toml`` order.
* :func:`slopes_table`: the polynomial slopes with their intervals, per benchmark and sample (the chart).
* :func:`slopes`, :func:`v1_numbers`, :func:`forms`, :func:`progress`: each section's values with their kinds
  (:mod:`compute_limits.quantities`), the benchmarks' names a sentence lists, and the case that picks which
  variant of a sentence the chapter (``chapters/benchmarks_summary.md``) shows.

The paper's statements about the benchmarks, tested, are :mod:`compute_limits.analysis.benchmark_claims`.
DataFrames and analyses in, dataclasses out; nothing is read from files here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import pandas as pd

from ..config import Literature
from ..quantities import Count, Kind, Percent, Points, Share, Year
from ..stats.compare import MIN_DELTA_AIC
from ..stats.forms import FORMS, PAPER_FORM, PAPER_FORMS
from ..stats.intervals import r2_interval
from .benchmarks import V1_CUTOFF, BenchmarkAnalysis, fit_numbers, trend_numbers, year_only_outside_v1

Number2 = Annotated[float, Kind("number", 2)]
Number3 = Annotated[float, Kind("number", 3)]
FORM_VERDICTS = (*FORMS, "neither")  # what stats.compare.form_verdict returns
SUMMARY_COLUMNS = ["benchmark", "name", "metric", "metric_label", "compute", "n", "slope", "slope_se", "slope_lo",
                   "slope_hi", "estimable", "k", "k_lo", "k_hi", "k_reverse", *(f"r2_{f}" for f in FORMS),
                   "delta_aic", "verdict", "years_per_10x", "years_lo", "years_hi", "years_estimable", "r2_gain", "v1_n",
                   "v1_r2", "v1_r2_lo", "v1_r2_hi", "v1_verdict", "v1_reported_r2", "level"]
SLOPE_COLUMNS = ["benchmark", "name", "model_set", "n", "slope", "lower", "upper", "k", "r2", "estimable", "level"]


def v1_r2(a: BenchmarkAnalysis) -> tuple[float, float, float]:
    """The polynomial R² on the v1 sample with its ``level`` confidence interval (Fisher's z); NaN without a fit."""
    if a.v1 is None:
        return np.nan, np.nan, np.nan
    p = a.v1.fit(PAPER_FORM)
    return (p.r2, *r2_interval(p.r2, p.n, a.level))


def summary_table(analyses: dict[str, BenchmarkAnalysis], lit: Literature) -> pd.DataFrame:
    """``benchmarks_summary.csv``: each benchmark's main fits (all models), the bracket of its exponent
    (k·R² from the reverse regression to k = 1/b), the form verdict, years per tenfold compute and the
    v1-sample fit, with ``level`` intervals."""
    rows = []
    for bid, a in analyses.items():
        cfg = a.config
        poly = fit_numbers(a.main.fit(PAPER_FORM), a.level)
        cmp_all, cmp_v1 = a.comparison_of("all"), a.comparison_of("v1")
        trend = trend_numbers(a.trends["all"], a.level) if "all" in a.trends else None
        v1_r2_, v1_lo, v1_hi = v1_r2(a)
        paper = lit.paper(bid, cfg.metric)
        rows.append({
            "benchmark": bid, "name": cfg.name, "metric": cfg.metric, "metric_label": cfg.metric_label,
            "compute": cfg.compute, "n": poly.n, "slope": poly.slope, "slope_se": poly.slope_se,
            "slope_lo": poly.slope_lo, "slope_hi": poly.slope_hi, "estimable": poly.estimable, "k": poly.k,
            "k_lo": poly.k_lo, "k_hi": poly.k_hi, "k_reverse": poly.k_reverse,
            **{f"r2_{f}": a.main.fit(f).r2 for f in FORMS}, "delta_aic": cmp_all["delta_aic"], "verdict": cmp_all["verdict"],
            "years_per_10x": trend.years if trend else np.nan, "years_lo": trend.years_lo if trend else np.nan,
            "years_hi": trend.years_hi if trend else np.nan, "years_estimable": bool(trend and trend.years_estimable),
            "r2_gain": trend.r2_gain if trend else np.nan,
            "v1_n": a.v1.fit(PAPER_FORM).n if a.v1 else 0, "v1_r2": v1_r2_, "v1_r2_lo": v1_lo, "v1_r2_hi": v1_hi,
            "v1_verdict": cmp_v1["verdict"] if cmp_v1 else "",
            "v1_reported_r2": paper.r2 if paper and paper.r2 is not None else np.nan, "level": a.level,
        })
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def slopes_table(analyses: dict[str, BenchmarkAnalysis]) -> pd.DataFrame:
    """Polynomial slopes with their ``level`` intervals, one row per benchmark and sample (``SLOPE_COLUMNS``)."""
    rows = []
    for bid, a in analyses.items():
        for sample, fits in (("all", a.main), ("v1", a.v1)):
            if fits is None:
                continue
            f = fit_numbers(fits.fit(PAPER_FORM), a.level)
            rows.append({"benchmark": bid, "name": a.config.name, "model_set": sample, "n": f.n, "slope": f.slope,
                         "lower": f.slope_lo, "upper": f.slope_hi, "k": f.k, "r2": f.r2, "estimable": f.estimable,
                         "level": a.level})
    return pd.DataFrame(rows, columns=SLOPE_COLUMNS)


# --------------------------------------------------------------------------
# What the summary page states, section by section
# --------------------------------------------------------------------------


def _which(yes: list, no: list) -> str:
    """``all``, ``some`` or ``none``: for how many benchmarks something holds."""
    return "none" if not yes else "all" if not no else "some"


def _span(df: pd.DataFrame, col: str) -> tuple[float, float]:
    return (float(df[col].min()), float(df[col].max())) if len(df) else (np.nan, np.nan)


@dataclass
class Slopes:
    """The polynomial slopes across benchmarks, on all models (names in ``benchmarks.toml`` order)."""

    n: Count
    single: bool  # one benchmark only (the sentences say "the benchmark", not "the 1 benchmarks")
    count_case: str  # the figure's takeaway: "many" (a count of benchmarks), "one_falls" or "one_not" (one benchmark)
    level: Share
    r2_min: Percent
    r2_min_name: str
    r2_max: Percent
    r2_max_name: str
    which: str  # "all", "some" or "none": the benchmarks whose slope interval lies above zero (error falls)
    n_estimable: Count  # those benchmarks
    estimable: tuple[str, ...]  # their names
    not_estimable: tuple[str, ...]  # the benchmarks whose slope interval includes zero
    n_not_estimable: Count
    any_not_estimable: bool
    rising: tuple[str, ...]  # and those whose interval lies below zero (error rises with compute)
    n_rising: Count
    any_rising: bool
    k_min: Number3  # k = 1/b over the benchmarks whose error falls (NaN if none)
    k_max: Number3
    k_reverse_min: Number3  # k·R², the reverse regression's exponent, over the same
    k_reverse_max: Number3


def slopes(table: pd.DataFrame) -> Slopes:
    """The slopes section's values from :func:`summary_table`: a slope counts as showing that error falls
    with compute only when its whole interval lies above zero (an interval below zero excludes zero too)."""
    falls = table[table["estimable"] & (table["slope_lo"] > 0)]
    rises = table[table["estimable"] & (table["slope_hi"] < 0)]
    unclear = table[~table["estimable"]]
    lo, hi = table["r2_polynomial"].idxmin(), table["r2_polynomial"].idxmax()
    case = "many" if len(table) > 1 else "one_falls" if len(falls) else "one_not"
    return Slopes(len(table), len(table) == 1, case, float(table["level"].iloc[0]), float(table.loc[lo, "r2_polynomial"]),
                  str(table.loc[lo, "name"]), float(table.loc[hi, "r2_polynomial"]), str(table.loc[hi, "name"]),
                  _which(list(falls["name"]), list(unclear["name"]) + list(rises["name"])), len(falls),
                  tuple(falls["name"]), tuple(unclear["name"]), len(unclear), bool(len(unclear)), tuple(rises["name"]), len(rises),
                  bool(len(rises)), *_span(falls, "k"), *_span(falls, "k_reverse"))


@dataclass
class V1Numbers:
    """The v1 sample across benchmarks, against v1's R² range (for the benchmarks the range covers)."""

    n_with_fit: Count  # benchmarks with a v1-sample fit
    year_only_outside: Count  # year-only models of the cut-off year left out of the v1 sample
    year_only_case: str  # "none", "one" or "many" of them (the sentence's number)
    covered: tuple  # names of the benchmarks v1's range covers (with the metric v1 used)
    excluded: tuple  # names v1 left out of its range
    r2_min: Percent  # v1-sample R² over the covered benchmarks
    r2_max: Percent
    r2_min_name: str
    r2_max_name: str
    n_inside: Count  # covered benchmarks whose v1-sample R² lies inside v1's range
    n_overlap: Count  # whose R² interval overlaps it
    all_overlap: bool  # every covered benchmark's interval overlaps the range
    all_wider: bool  # and every one of them also reaches outside it: the data cannot tell the range from a wider one
    outside: tuple  # names of the covered benchmarks whose interval lies wholly outside the range
    width_min: Points  # the narrowest of their intervals, in percentage points
    excluded_r2: Percent  # v1-sample R² of the (first) excluded benchmark
    level: Share
    cutoff_year: Year  # the year the v1 cut-off (mid-year) falls in: its year-only models are left out
    paper_r2_low: Percent  # the R² range v1 reported
    paper_r2_high: Percent
    left_out: tuple  # names of the benchmarks v1 left out of its range (configured here or not)
    n_covered: Count
    any_covered: bool
    covered_single: bool  # v1's range covers one benchmark configured here
    excluded_fitted: bool  # an excluded benchmark has a v1-sample R²


def v1_numbers(analyses: dict[str, BenchmarkAnalysis], table: pd.DataFrame, lit: Literature) -> V1Numbers:
    low, high = lit.value("v1_r2_low"), lit.value("v1_r2_high")
    by_id = table.set_index("benchmark")
    ranges = {b: lit.paper(b, a.config.metric) for b, a in analyses.items()}
    covered = [b for b, p in ranges.items() if p and p.r2_range and by_id.loc[b, "v1_n"] > 0]
    excluded = [b for b, p in ranges.items() if p and p.r2_range is False]
    cov = by_id.loc[covered] if covered else by_id.iloc[0:0]
    has = cov["v1_r2"].notna()
    lo_b = cov.loc[has, "v1_r2"].idxmin() if has.any() else None
    hi_b = cov.loc[has, "v1_r2"].idxmax() if has.any() else None
    excluded_r2 = float(by_id.loc[excluded[0], "v1_r2"]) if excluded else np.nan
    names = {b: a.config.name for b, a in analyses.items()}
    overlap = (cov["v1_r2_hi"] >= low) & (cov["v1_r2_lo"] <= high)
    year_only = sum(year_only_outside_v1(a.data, a.config.compute) for a in analyses.values())
    return V1Numbers(
        n_with_fit=int((table["v1_n"] > 0).sum()),
        year_only_outside=year_only,
        year_only_case="none" if year_only == 0 else "one" if year_only == 1 else "many",
        covered=tuple(by_id.loc[covered, "name"]), excluded=tuple(by_id.loc[excluded, "name"]),
        r2_min=float(cov["v1_r2"].min()) if has.any() else np.nan,
        r2_max=float(cov["v1_r2"].max()) if has.any() else np.nan,
        r2_min_name=str(by_id.loc[lo_b, "name"]) if lo_b else "", r2_max_name=str(by_id.loc[hi_b, "name"]) if hi_b else "",
        n_inside=int(((cov["v1_r2"] >= low) & (cov["v1_r2"] <= high)).sum()),
        n_overlap=int(overlap.sum()), all_overlap=bool(len(cov)) and bool(overlap.all()),
        all_wider=bool(len(cov)) and bool((overlap & ((cov["v1_r2_lo"] < low) | (cov["v1_r2_hi"] > high))).all()),
        outside=tuple(cov.loc[~overlap, "name"]),
        width_min=float((cov["v1_r2_hi"] - cov["v1_r2_lo"]).min()) if has.any() else np.nan,
        excluded_r2=excluded_r2, level=float(table["level"].iloc[0]), cutoff_year=math.floor(V1_CUTOFF), paper_r2_low=low,
        paper_r2_high=high,
        left_out=tuple(names.get(p.benchmark, p.benchmark) for p in lit.paper_benchmark if p.r2_range is False),
        n_covered=len(covered), any_covered=bool(covered), covered_single=len(covered) == 1, excluded_fitted=bool(excluded) and np.isfinite(excluded_r2))


@dataclass
class FormsSummary:
    """The form verdicts across benchmarks (``stats.compare.form_verdict``), on all models and the v1 sample."""

    min_delta: Number2  # the AIC difference the rule asks for
    n: Count
    n_polynomial: Count  # verdicts on all models
    n_exponential: Count
    n_neither: Count
    by_verdict: dict  # verdict -> names of the benchmarks with it (all models)
    v1_compared: Count  # benchmarks with a v1-sample comparison
    v1_polynomial: Count
    v1_exponential: Count
    v1_neither: Count
    v1_decided: bool  # the data decide for some benchmark on the v1 sample
    support: str  # how these data stand to v1's preference for the polynomial form: "agree" (where they
    #               decide), "in_part", "against" (where they decide, they prefer another form) or
    #               "undecided" (they decide for no benchmark)


def forms(table: pd.DataFrame) -> FormsSummary:
    v1 = table[table["v1_verdict"] != ""]
    n = {v: int((table["verdict"] == v).sum()) for v in FORM_VERDICTS}
    n_v1 = {v: int((v1["v1_verdict"] == v).sum()) for v in FORM_VERDICTS}
    paper, other = PAPER_FORMS  # the page counts the paper's pair; support weighs the paper's form against any other
    rivals = sum(n[f] for f in FORM_VERDICTS if f not in (paper, "neither"))
    support = ("agree" if n[paper] and not rivals else "in_part" if n[paper] else "against" if rivals else "undecided")
    return FormsSummary(MIN_DELTA_AIC, len(table), n[paper], n[other], n["neither"],
                        {v: tuple(table.loc[table["verdict"] == v, "name"]) for v in FORM_VERDICTS}, len(v1),
                        n_v1[paper], n_v1[other], n_v1["neither"],
                        sum(n_v1[f] for f in FORMS) > 0, support)


@dataclass
class Progress:
    """Years of progress per tenfold compute across benchmarks, and where v1 stated its ratio."""

    which: str  # "all", "some" or "none": the benchmarks whose ratio is estimable
    estimable: tuple[str, ...]
    not_estimable: tuple[str, ...]
    years_min: Number2  # over the estimable ones (NaN if none)
    years_max: Number2
    paper_years: Number2  # v1's ratio
    said: str  # where v1 stated it: "none" (nowhere), "here" (for a benchmark and metric configured here) or
    #            "elsewhere" (for benchmarks or metrics not chosen here)
    said_for: tuple[str, ...]  # the benchmarks v1 stated it for
    said_metrics: tuple[str, ...]  # and their metrics


def progress(table: pd.DataFrame, analyses: dict[str, BenchmarkAnalysis], lit: Literature) -> Progress:
    yrs, not_yrs = table[table["years_estimable"]], table[~table["years_estimable"]]
    configs = {b: a.config for b, a in analyses.items()}
    said = [p for p in lit.paper_benchmark if "years_per_10x" in p.claims]
    here = any(p.benchmark in configs and configs[p.benchmark].metric == p.metric for p in said)
    where = "none" if not said else "here" if here else "elsewhere"

    def metric(p):
        cfg = configs.get(p.benchmark)
        return cfg.metrics[p.metric].label if cfg is not None and p.metric in cfg.metrics else p.metric

    return Progress(_which(list(yrs["name"]), list(not_yrs["name"])), tuple(yrs["name"]), tuple(not_yrs["name"]),
                    *_span(yrs, "years_per_10x"), lit.value("v1_years_per_10x"), where,
                    tuple(configs[p.benchmark].name if p.benchmark in configs else p.benchmark for p in said),
                    tuple(metric(p) for p in said))
