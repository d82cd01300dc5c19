"""The benchmarks side by side, and the paper's statements about them tested (claims evidence).

* :func:`summary_table`: ``benchmarks_summary.csv``, one row per benchmark in ``benchmarks.toml`` order.
* :func:`slopes_table`: the polynomial slopes with their intervals, per benchmark and sample (the chart).
* :func:`summarise`: the numbers the summary page cites (:class:`SummaryNumbers`, :class:`V1Numbers`).
* :func:`claims_evidence`, :func:`evidence_table`: the claims-ledger rows this page derives.  Which benchmark a statement is
  about comes from ``data/literature.toml`` (``paper_benchmark`` entries keyed by benchmark *and*
  metric), so a benchmark scored by another metric, or one the paper never analysed, is left out.

DataFrames and analyses in, dataclasses out; nothing is read from files here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import Literature
from ..stats.bootstrap import r2_gain_interval
from ..stats.intervals import r2_interval
from ..stats.regression import usable
from .benchmarks import BenchmarkAnalysis, fit_numbers, trend_numbers, year_only_outside_v1
from .claims import Evidence, evidence

CHAPTER = "benchmarks_summary"
LABEL_V1 = "benchmarks-summary-v1"
LABEL_FORMS = "benchmarks-summary-forms"
LABEL_PROGRESS = "benchmarks-summary-progress"
R2_TOLERANCE = 0.05  # an R² (or R² gain) this far outside the book's interval still "holds in part"
YEARS_TOLERANCE = 1.0  # years per tenfold compute: the same for the time-trend ratio
CLAIM_R2_RANGE = "r2_range_v1"
CLAIM_FORM = "polynomial_preferred"
SUMMARY_COLUMNS = ["benchmark", "name", "metric", "metric_label", "compute", "n", "slope", "slope_se", "slope_lo",
                   "slope_hi", "estimable", "k", "k_lo", "k_hi", "k_reverse", "r2_polynomial", "r2_exponential",
                   "delta_aic", "verdict", "years_per_10x", "years_lo", "years_hi", "years_estimable", "v1_n",
                   "v1_r2", "v1_r2_lo", "v1_r2_hi", "v1_verdict", "v1_reported_r2", "level"]
SLOPE_COLUMNS = ["benchmark", "name", "sample", "n", "slope", "lower", "upper", "k", "r2", "estimable", "level"]


def _v1_r2(a: BenchmarkAnalysis) -> tuple[float, float, float]:
    if a.v1 is None:
        return np.nan, np.nan, np.nan
    p = a.v1.polynomial
    return (p.r2, *r2_interval(p.r2, p.n, a.level))


def summary_table(analyses: dict[str, BenchmarkAnalysis], lit: Literature) -> pd.DataFrame:
    """``benchmarks_summary.csv``: each benchmark's main fits (all models), the bracket of its exponent
    (k·R² from the reverse regression to k = 1/b), the form verdict, years per tenfold compute and the
    v1-sample fit, with ``level`` intervals."""
    rows = []
    for bid, a in analyses.items():
        cfg = a.config
        poly = fit_numbers(a.main.polynomial, a.level)
        cmp_all, cmp_v1 = a.comparison_of("all"), a.comparison_of("v1")
        trend = trend_numbers(a.trends["all"], a.level) if "all" in a.trends else None
        v1_r2, v1_lo, v1_hi = _v1_r2(a)
        paper = lit.paper(bid, cfg.metric)
        rows.append({
            "benchmark": bid, "name": cfg.name, "metric": cfg.metric, "metric_label": cfg.metric_label,
            "compute": cfg.compute, "n": poly.n, "slope": poly.slope, "slope_se": poly.slope_se,
            "slope_lo": poly.slope_lo, "slope_hi": poly.slope_hi, "estimable": poly.estimable, "k": poly.k,
            "k_lo": poly.k_lo, "k_hi": poly.k_hi, "k_reverse": poly.k_reverse, "r2_polynomial": poly.r2,
            "r2_exponential": a.main.exponential.r2, "delta_aic": cmp_all["delta_aic"], "verdict": cmp_all["verdict"],
            "years_per_10x": trend.years if trend else np.nan, "years_lo": trend.years_lo if trend else np.nan,
            "years_hi": trend.years_hi if trend else np.nan, "years_estimable": bool(trend and trend.years_estimable),
            "v1_n": a.v1.polynomial.n if a.v1 else 0, "v1_r2": v1_r2, "v1_r2_lo": v1_lo, "v1_r2_hi": v1_hi,
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
            f = fit_numbers(fits.polynomial, a.level)
            rows.append({"benchmark": bid, "name": a.config.name, "sample": sample, "n": f.n, "slope": f.slope,
                         "lower": f.slope_lo, "upper": f.slope_hi, "k": f.k, "r2": f.r2, "estimable": f.estimable,
                         "level": a.level})
    return pd.DataFrame(rows, columns=SLOPE_COLUMNS)


# --------------------------------------------------------------------------
# The numbers the summary page cites
# --------------------------------------------------------------------------


@dataclass
class SummaryNumbers:
    """Across benchmarks, on all models (names in ``benchmarks.toml`` order)."""

    n_benchmarks: int
    r2_min: float
    r2_max: float
    r2_min_name: str
    r2_max_name: str
    estimable: tuple  # names of the benchmarks whose slope interval excludes zero
    not_estimable: tuple  # and of those whose interval includes it
    k_min: float  # over the estimable ones (NaN if none)
    k_max: float
    k_reverse_min: float
    k_reverse_max: float
    n_polynomial: int  # form verdicts on all models
    n_exponential: int
    n_neither: int
    v1_compared: int  # benchmarks with a v1-sample comparison
    v1_polynomial: int
    v1_exponential: int
    v1_neither: int
    years_estimable: tuple  # names with an estimable years-per-tenfold-compute ratio
    years_not_estimable: tuple
    years_min: float
    years_max: float


def summarise(table: pd.DataFrame) -> SummaryNumbers:
    """The summary page's numbers from :func:`summary_table`."""
    est = table[table["estimable"]]
    yrs = table[table["years_estimable"]]
    v1 = table[table["v1_verdict"] != ""]

    def span(df, col):
        return (float(df[col].min()), float(df[col].max())) if len(df) else (np.nan, np.nan)

    lo, hi = table["r2_polynomial"].idxmin(), table["r2_polynomial"].idxmax()
    return SummaryNumbers(
        n_benchmarks=len(table), r2_min=float(table.loc[lo, "r2_polynomial"]), r2_max=float(table.loc[hi, "r2_polynomial"]),
        r2_min_name=str(table.loc[lo, "name"]), r2_max_name=str(table.loc[hi, "name"]),
        estimable=tuple(est["name"]), not_estimable=tuple(table.loc[~table["estimable"], "name"]),
        k_min=span(est, "k")[0], k_max=span(est, "k")[1],
        k_reverse_min=span(est, "k_reverse")[0], k_reverse_max=span(est, "k_reverse")[1],
        n_polynomial=int((table["verdict"] == "polynomial").sum()),
        n_exponential=int((table["verdict"] == "exponential").sum()),
        n_neither=int((table["verdict"] == "neither").sum()), v1_compared=len(v1),
        v1_polynomial=int((v1["v1_verdict"] == "polynomial").sum()),
        v1_exponential=int((v1["v1_verdict"] == "exponential").sum()),
        v1_neither=int((v1["v1_verdict"] == "neither").sum()),
        years_estimable=tuple(yrs["name"]), years_not_estimable=tuple(table.loc[~table["years_estimable"], "name"]),
        years_min=span(yrs, "years_per_10x")[0], years_max=span(yrs, "years_per_10x")[1])


@dataclass
class V1Numbers:
    """The v1 sample across benchmarks, against v1's R² range (for the benchmarks the range covers)."""

    n_with_fit: int  # benchmarks with a v1-sample fit
    year_only_outside: int  # year-only models of the cut-off year left out of the v1 sample
    covered: tuple  # names of the benchmarks v1's range covers (with the metric v1 used)
    excluded: tuple  # names v1 left out of its range
    r2_min: float  # v1-sample R² over the covered benchmarks
    r2_max: float
    r2_min_name: str
    r2_max_name: str
    n_inside: int  # covered benchmarks whose v1-sample R² lies inside v1's range
    n_overlap: int  # whose R² interval overlaps it
    excluded_r2: float  # v1-sample R² of the (first) excluded benchmark


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
    return V1Numbers(
        n_with_fit=int((table["v1_n"] > 0).sum()),
        year_only_outside=sum(year_only_outside_v1(a.data, a.config.compute) for a in analyses.values()),
        covered=tuple(by_id.loc[covered, "name"]), excluded=tuple(by_id.loc[excluded, "name"]),
        r2_min=float(cov["v1_r2"].min()) if has.any() else np.nan,
        r2_max=float(cov["v1_r2"].max()) if has.any() else np.nan,
        r2_min_name=str(by_id.loc[lo_b, "name"]) if lo_b else "", r2_max_name=str(by_id.loc[hi_b, "name"]) if hi_b else "",
        n_inside=int(((cov["v1_r2"] >= low) & (cov["v1_r2"] <= high)).sum()),
        n_overlap=int(((cov["v1_r2_hi"] >= low) & (cov["v1_r2_lo"] <= high)).sum()),
        excluded_r2=float(by_id.loc[excluded[0], "v1_r2"]) if excluded else np.nan)


# --------------------------------------------------------------------------
# Claims evidence
# --------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _row(claim_id, label, claim, paper_value, paper_number, value, lo, hi, test, tol, estimable, unit, note):
    return Evidence(claim_id, CHAPTER, label, claim, paper_value, float(paper_number), float(value), float(lo),
                    float(hi), test, float(tol), bool(estimable and np.isfinite(value)), unit, note)


def _spread(a: BenchmarkAnalysis) -> float:
    """Standard deviation of log10 compute over the main fit's models (orders of magnitude)."""
    return float(np.std(a.main.polynomial.log10_c, ddof=1))


def _benchmark_claims(a: BenchmarkAnalysis, paper, lit: Literature, seed: int, n_boot: int,
                      spreads: dict) -> list[Evidence]:
    name, level = a.config.name, a.level
    lvl = _pct(level)
    out = []
    v1 = a.v1.polynomial if a.v1 is not None else None
    trend = a.trends.get("v1")
    missing = "no v1-sample fit (fewer models with compute before July 2020 than a fit needs): not testable"
    for quantity, claim_id in paper.claims.items():
        if quantity == "r2":
            value, lo, hi = _v1_r2(a)
            note = (f"Fisher-z {lvl} confidence interval of R² on the v1 sample ({v1.n} models of the released v2 "
                    f"data dated before July 2020, not v1's own sample); the data cannot tell the paper's value from "
                    f"any other between {_pct(lo)} and {_pct(hi)}" if v1 else missing)
            out.append(_row(claim_id, "benchmarks-summary-v1", f"v1: computing power explains {_pct(paper.r2)} of "
                            f"the variance in {name} performance", _pct(paper.r2), paper.r2, value, lo, hi, "inside",
                            R2_TOLERANCE, v1 is not None, "fraction", note))
        elif quantity == "r2_gain_time_trend":
            if trend is not None:
                rows = usable(a.v1.data, a.config.compute)
                rows = rows[rows["date"].notna()]
                lo, hi = r2_gain_interval(np.log10(rows[a.config.compute].to_numpy(float)),
                                          rows["date"].to_numpy(float), np.log10(1 / rows["error"].to_numpy(float)),
                                          n_boot, np.random.default_rng(seed), level)
                value = trend.r2 - trend.r2_without_year
                kept = "stays significantly positive" if trend_numbers(trend, level).slope_estimable else \
                    "is no longer distinguishable from zero"
                note = (f"percentile bootstrap ({n_boot} resamples of the {trend.n} v1-sample models) {lvl} interval "
                        f"of the R² the time trend adds; with the trend the compute slope {kept}; the data cannot tell "
                        f"a gain of {_pct(lo)} from one of {_pct(hi)}")
            else:
                value = lo = hi = np.nan
                note = missing
            out.append(_row(claim_id, "benchmarks-summary-v1", f"v1: a time trend adds another "
                            f"{_pct(paper.r2_gain_time_trend)} of explained variance on {name}",
                            _pct(paper.r2_gain_time_trend), paper.r2_gain_time_trend, value, lo, hi, "inside",
                            R2_TOLERANCE, trend is not None, "fraction", note))
        elif quantity == "years_per_10x":
            years = lit.value("v1_years_per_10x")
            num = trend_numbers(trend, level) if trend is not None else None
            if num is None:
                note = missing
            elif num.years_estimable:
                note = (f"Fieller {lvl} interval of the ratio of the compute and year coefficients, v1 sample "
                        f"({num.n} models); the data cannot tell {num.years_lo:.1f} years from {num.years_hi:.1f}")
            else:
                note = (f"the Fieller {lvl} interval of the ratio is unbounded or reaches zero on the v1 sample "
                        f"({num.n} models): not estimable from these data")
            out.append(_row(claim_id, LABEL_PROGRESS, f"v1: {years:g} years of algorithmic improvement are worth a "
                            f"tenfold increase in computing power ({name})", f"{years:g} years", years,
                            num.years if num else np.nan, num.years_lo if num else np.nan,
                            num.years_hi if num else np.nan, "inside", YEARS_TOLERANCE,
                            bool(num and num.years_estimable), "years", note))
        elif quantity == "significant":
            f = fit_numbers(v1, level) if v1 is not None else None
            others = [s for b, s in spreads.items() if b != a.config.id]
            if f is None:
                note = missing
            else:
                inside = f.slope_lo <= 0 <= f.slope_hi
                note = (f"the {lvl} confidence interval of the v1-sample slope ({f.n} models) "
                        f"{'includes' if inside else 'excludes'} zero; log10 compute spreads over "
                        f"{spreads[a.config.id]:.1f} orders of magnitude (standard deviation, all models) against a "
                        f"median of {np.median(others):.1f} on the other benchmarks; the data cannot tell a flat relation "
                        f"from a slope as steep as {f.slope_hi:.2f}")
            test = "inside" if paper.significant is False else "at_least"
            out.append(_row(claim_id, LABEL_V1, f"v1: {'no' if paper.significant is False else 'a'} significant "
                            f"compute slope on {name}", "not significant" if paper.significant is False
                            else "significant", 0.0, f.slope if f else np.nan, f.slope_lo if f else np.nan,
                            f.slope_hi if f else np.nan, test, 0.0, f is not None, "log10(1/error) per log10 FLOP",
                            note))
    return out


def claims_evidence(analyses: dict[str, BenchmarkAnalysis], table: pd.DataFrame, lit: Literature,
                    seed: int = 0, n_boot: int = 1000) -> list[Evidence]:
    """The claims ledger rows of this page: the paper's benchmark statements beside the book's values."""
    papers = {b: lit.paper(b, a.config.metric) for b, a in analyses.items()}
    spreads = {b: _spread(a) for b, a in analyses.items()}
    out = []
    v1 = v1_numbers(analyses, table, lit)
    covered = table[table["benchmark"].isin([b for b, p in papers.items() if p and p.r2_range])]
    covered = covered[covered["v1_n"] > 0]
    low, high = lit.value("v1_r2_low"), lit.value("v1_r2_high")
    n = len(covered)
    except_ = f" except {', '.join(v1.excluded)}" if v1.excluded else ""
    out.append(_row(
        CLAIM_R2_RANGE, LABEL_V1, f"v1: R² between {_pct(low)} and {_pct(high)} for all benchmarks{except_}",
        f"{_pct(low)}–{_pct(high)}", np.nan, v1.n_overlap / n if n else np.nan, v1.n_inside / n if n else np.nan,
        v1.n_overlap / n if n else np.nan, "share", 0.0, n > 0, "share of benchmarks",
        f"v1-sample R² of {n} benchmarks ({', '.join(covered['name'])}): {v1.n_inside} inside the range, "
        f"{v1.n_overlap} with a Fisher-z {_pct(table['level'].iloc[0])} interval that overlaps it (the value; the lower "
        f"end counts point estimates inside); on {covered['v1_n'].min()}–{covered['v1_n'].max()} models per "
        "benchmark these intervals span tens of points, so the data cannot tell this range from a wider one"))
    judged = table[table["benchmark"].isin([b for b, p in papers.items() if p])]
    m = len(judged)
    counts = {form: int((judged["verdict"] == form).sum()) for form in ("polynomial", "exponential", "neither")}
    decided = counts["polynomial"] + counts["exponential"]
    v1_decided = int(judged["v1_verdict"].isin(["polynomial", "exponential"]).sum())
    out.append(_row(
        CLAIM_FORM, LABEL_FORMS, "v1: polynomial models best explain the data (exponential ones are also plausible)",
        "polynomial", np.nan, counts["polynomial"] / decided if decided else np.nan,
        counts["polynomial"] / m if m else np.nan, (counts["polynomial"] + counts["neither"]) / m if m else np.nan,
        "share", 0.0, decided > 0, "share of benchmarks",
        f"form verdicts on all models (AIC lower by at least 2 and leave-one-out error agreeing) over {m} benchmarks: "
        f"{counts['polynomial']} polynomial, {counts['exponential']} exponential, {counts['neither']} neither; the "
        "value is the polynomial share of the benchmarks whose data decide, the interval runs from the polynomial "
        "share of all to that share plus the undecided; on the v1 sample the data decide for "
        f"{v1_decided} of {int((judged['v1_verdict'] != '').sum())}"))
    for bid, a in analyses.items():
        if papers[bid] is not None and papers[bid].claims:
            out += _benchmark_claims(a, papers[bid], lit, seed, n_boot, spreads)
    return out


def evidence_table(rows: list[Evidence], analyses: dict[str, BenchmarkAnalysis], lit: Literature) -> pd.DataFrame:
    """``claims_evidence`` rows as a table, with the ``metric`` each book value rests on: the benchmark's
    metric id, or ``benchmark:metric`` pairs for a statement about several benchmarks."""
    papers = {b: lit.paper(b, a.config.metric) for b, a in analyses.items()}
    pairs = {CLAIM_R2_RANGE: [b for b, p in papers.items() if p and p.r2_range and analyses[b].v1 is not None],
             CLAIM_FORM: [b for b, p in papers.items() if p]}
    owner = {cid: b for b, p in papers.items() if p for cid in p.claims.values()}

    def metric(claim_id: str) -> str:
        if claim_id in pairs:
            return "; ".join(f"{b}:{analyses[b].config.metric}" for b in pairs[claim_id])
        return analyses[owner[claim_id]].config.metric

    return evidence(rows).assign(metric=[metric(r.claim_id) for r in rows])
