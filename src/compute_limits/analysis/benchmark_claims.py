"""The paper's statements about the benchmarks, tested: the claims-ledger rows of the benchmark summary page.

* :func:`claims_evidence`: one :class:`~compute_limits.analysis.claims.Evidence` row per statement, with the
  book's value, its interval and what the data cannot decide (the row's ``note``).  Which benchmark a statement
  is about comes from ``data/literature.toml`` (``paper_benchmark`` entries keyed by benchmark *and* metric),
  so a benchmark scored by another metric, or one the paper never analysed, is left out.
* :func:`evidence_table`: the rows as ``claims_evidence/benchmarks_summary.csv``.

A row's ``claim`` and ``note`` are text of the results file the "What holds up" page reads (the ledger),
not of this page, so they are written here with the numbers they state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Literature
from ..stats.bootstrap import r2_gain_interval
from ..stats.regression import usable
from .benchmark_summary import v1_numbers, v1_r2
from .benchmarks import BenchmarkAnalysis, fit_numbers, trend_numbers
from .claims import Evidence, evidence

CHAPTER = "benchmarks_summary"
LABEL_V1 = "benchmarks-summary-v1"
LABEL_FORMS = "benchmarks-summary-forms"
LABEL_PROGRESS = "benchmarks-summary-progress"
R2_TOLERANCE = 0.05  # an R² (or R² gain) this far outside the book's interval still "holds in part"
YEARS_TOLERANCE = 1.0  # years per tenfold compute: the same for the time-trend ratio
CLAIM_R2_RANGE = "r2_range_v1"
CLAIM_FORM = "polynomial_preferred"


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
            value, lo, hi = v1_r2(a)
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
