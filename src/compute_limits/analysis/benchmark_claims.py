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
from ..stats.intervals import difference_interval
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
CLAIM_SIGNIFICANT = "v1_significant_slopes"
CLAIM_SMALL_GAINS = "small_gains_v1"
CLAIM_FORM = "polynomial_preferred"
HIGHLY_SIGNIFICANT = 0.01  # "highly statistically significant": a two-sided p-value below this (the book's reading)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _p(p: float) -> str:
    return "below 0.001" if p < 0.001 else f"{p:.2g}"


def _gain(b: float) -> str:
    """How much the error falls per tenfold compute for a polynomial slope ``b`` (a rise reads negative)."""
    pct = round(100 * (1 - 10 ** -b))
    return f"{'−' if pct < 0 else ''}{abs(pct)}%"


def _slope_p(fit) -> float:
    """The two-sided p-value of an OLS fit's slope (t test)."""
    return float(fit.result.pvalues[1])


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
                note = (f"On the v1 sample ({f.n} models) each tenfold increase in compute multiplies the error by "
                        f"{10 ** -f.slope:.2f} ({lvl} confidence interval {10 ** -f.slope_hi:.2f}–{10 ** -f.slope_lo:.2f}), "
                        f"an interval that {'includes' if inside else 'excludes'} 1 (no change; slope p = "
                        f"{_p(_slope_p(v1))}); log10 compute spreads over {spreads[a.config.id]:.1f} orders of "
                        f"magnitude (standard deviation, all models) against a median of {np.median(others):.1f} on the "
                        f"other benchmarks; the data cannot tell a flat relation from error falling by "
                        f"{_gain(f.slope_hi)} per tenfold compute")
            test = "inside" if paper.significant is False else "at_most"
            out.append(_row(claim_id, LABEL_V1, f"v1: {'no' if paper.significant is False else 'a'} significant "
                            f"compute slope on {name}", "not significant" if paper.significant is False
                            else "significant", 1.0, 10 ** -f.slope if f else np.nan,
                            10 ** -f.slope_hi if f else np.nan, 10 ** -f.slope_lo if f else np.nan, test, 0.0,
                            f is not None, "× error per tenfold compute", note))
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
    each = "; ".join(f"{r['name']} {_pct(r['v1_r2'])} ({_pct(r['v1_r2_lo'])}–{_pct(r['v1_r2_hi'])}, {r['v1_n']} models)"
                     for _, r in covered.iterrows())
    out.append(_row(
        CLAIM_R2_RANGE, LABEL_V1, f"v1: R² between {_pct(low)} and {_pct(high)} for all benchmarks{except_}",
        f"{_pct(low)}–{_pct(high)}", np.nan, v1.n_inside / n if n else np.nan, np.nan, np.nan, "share", 0.0, n > 0,
        "share of benchmarks",
        f"Judged on the point estimates: the v1-sample R² lies inside {_pct(low)}–{_pct(high)} for {v1.n_inside} of "
        f"{n} benchmarks ({each}; Fisher-z {_pct(table['level'].iloc[0])} confidence intervals in brackets). "
        + (f"All {n} intervals overlap the range and reach beyond it: these data cannot tell it from a wider one."
           if v1.all_wider else f"{v1.n_overlap} of the {n} intervals overlap the range.")))
    out += _significance(analyses, papers, table, v1.excluded)
    out += _small_gains(analyses, papers, table)
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
        f"Form verdicts on all models (AIC lower by at least 2 and leave-one-out error agreeing) over {m} benchmarks: "
        f"{counts['polynomial']} polynomial, {counts['exponential']} exponential, {counts['neither']} neither; the "
        "value is the polynomial share of the benchmarks whose data decide, the interval runs from the polynomial "
        "share of all to that share plus the undecided; on the v1 sample the data decide for "
        f"{v1_decided} of {int((judged['v1_verdict'] != '').sum())}"))
    for bid, a in analyses.items():
        if papers[bid] is not None and papers[bid].claims:
            out += _benchmark_claims(a, papers[bid], lit, seed, n_boot, spreads)
    return out


def _significance(analyses, papers, table, excluded) -> list[Evidence]:
    """v1's "highly statistically significant" slopes: the share of the benchmarks the statement covers (its R²
    range's) whose v1-sample slope has a two-sided p-value below ``HIGHLY_SIGNIFICANT``."""
    covered = [b for b, p in papers.items() if p and p.r2_range and analyses[b].v1 is not None]
    if not covered:
        return []
    level = float(table["level"].iloc[0])
    p_v1 = {b: _slope_p(analyses[b].v1.polynomial) for b in covered}
    p_all = {b: _slope_p(analyses[b].main.polynomial) for b in covered}
    yes = [b for b in covered if p_v1[b] < HIGHLY_SIGNIFICANT]
    names = {b: analyses[b].config.name for b in covered}
    except_ = f" except {', '.join(excluded)}" if excluded else ""
    each = "; ".join(f"{names[b]} {_p(p_v1[b])} (all models {_p(p_all[b])})" for b in covered)
    return [_row(CLAIM_SIGNIFICANT, LABEL_V1, f"v1: highly statistically significant compute slopes for all "
                 f"benchmarks{except_}", "highly significant", np.nan, len(yes) / len(covered), np.nan, np.nan,
                 "share", 0.0, True, "share of benchmarks",
                 f"\"Highly significant\" is read as a two-sided p-value of the v1-sample slope below "
                 f"{HIGHLY_SIGNIFICANT:g} (t test); it holds for {len(yes)} of {len(covered)} benchmarks. p-values: "
                 f"{each}. At the {_pct(level)} level a slope is significant when p is below {1 - level:.2g}.")]


def _small_gains(analyses, papers, table) -> list[Evidence]:
    """v1's "large increases in hardware burden with relatively small improvements in outcomes" in detection,
    named-entity recognition and translation: the share of the benchmarks it names whose v1-sample slope is
    smaller than that of every benchmark it does not name, by a difference whose interval lies below zero."""
    named = [b for b, p in papers.items() if p and p.small_gains and analyses[b].v1 is not None]
    others = [b for b, p in papers.items() if p and not p.small_gains and analyses[b].v1 is not None]
    if not named:
        return []
    level = float(table["level"].iloc[0])
    fits = {b: analyses[b].v1.polynomial for b in named + others}
    names = {b: analyses[b].config.name for b in named + others}

    def smaller(b: str) -> bool:
        f = fits[b]
        return bool(others) and all(
            difference_interval(f.slope, f.slope_se, f.df_resid, fits[o].slope, fits[o].slope_se,
                                fits[o].df_resid, level)[2] < 0 for o in others)

    yes = [b for b in named if smaller(b)]

    def gains(bs):
        out = []
        for b in bs:
            f = fit_numbers(fits[b], level)
            out.append(f"{names[b]} {_gain(f.slope)} ({_gain(f.slope_lo)} to {_gain(f.slope_hi)})")
        return "; ".join(out)

    return [_row(CLAIM_SMALL_GAINS, LABEL_V1, f"v1: {', '.join(names[b] for b in named)} show large increases in "
                 "hardware burden with relatively small improvements in outcomes", "small gains", np.nan,
                 len(yes) / len(named) if others else np.nan, np.nan, np.nan, "share", 0.0, bool(others),
                 "share of benchmarks",
                 f"Per tenfold increase in compute, the error falls by (v1 sample, {_pct(level)} confidence intervals; "
                 f"a negative share is a rise) {gains(named)}, against {gains(others)} on the benchmarks the statement "
                 f"does not name. A benchmark counts when its slope is smaller than each of theirs, the {_pct(level)} "
                 f"interval of the difference (Welch) lying below zero: {len(yes)} of {len(named)} "
                 f"({', '.join(names[b] for b in yes) or 'none'}). The statement gives no number, so it is read "
                 "against the paper's other benchmarks." if others else
                 "No benchmark the statement leaves out is configured, so there is nothing to compare with.")]


def evidence_table(rows: list[Evidence], analyses: dict[str, BenchmarkAnalysis], lit: Literature) -> pd.DataFrame:
    """``claims_evidence`` rows as a table, with the ``metric`` each book value rests on: the benchmark's
    metric id, or ``benchmark:metric`` pairs for a statement about several benchmarks."""
    papers = {b: lit.paper(b, a.config.metric) for b, a in analyses.items()}
    covered = [b for b, p in papers.items() if p and p.r2_range and analyses[b].v1 is not None]
    pairs = {CLAIM_R2_RANGE: covered, CLAIM_SIGNIFICANT: covered,
             CLAIM_SMALL_GAINS: [b for b, p in papers.items() if p and analyses[b].v1 is not None],
             CLAIM_FORM: [b for b, p in papers.items() if p]}
    owner = {cid: b for b, p in papers.items() if p for cid in p.claims.values()}

    def metric(claim_id: str) -> str:
        if claim_id in pairs:
            return "; ".join(f"{b}:{analyses[b].config.metric}" for b in pairs[claim_id])
        return analyses[owner[claim_id]].config.metric

    return evidence(rows).assign(metric=[metric(r.claim_id) for r in rows])
