"""The paper's statements about the benchmarks, tested: the claims-ledger rows of the benchmark summary page.

* :func:`claims_evidence`: one :class:`~compute_limits.analysis.claims.Evidence` row per statement, with the
  book's value, its interval and what the data cannot decide (the row's ``note``).  Which benchmark a statement
  is about comes from ``data/literature.toml`` (``paper_benchmark`` entries keyed by benchmark *and* metric),
  so a benchmark scored by another metric, or one the paper never analysed, is left out.
* :func:`metrics`: the metric each row rests on (a column of ``claims_evidence/benchmarks_summary.csv``).

A row's ``claim`` and ``note`` are text of the results file the "What holds up" page reads (the ledger),
not of this page: templates of ``data/literature.toml``'s ``[ledger]`` with the numbers they state
(:func:`compute_limits.report.ledger_text.evidence` writes them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Literature
from ..stats import forms
from ..stats.bootstrap import r2_gain_interval
from ..stats.intervals import difference_interval
from ..stats.regression import usable
from .benchmark_summary import v1_numbers, v1_r2
from .benchmarks import BenchmarkAnalysis, fit_numbers, trend_numbers
from ..quantities import Compact, Count, Kind, Percent, PValue
from .claims import Evidence, text

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
ONE, TWO = Kind("fixed", 1), Kind("fixed", 2)  # the notes' years, spreads (one decimal) and error factors (two)
HIGHLY_SIGNIFICANT = 0.01  # "highly statistically significant": a two-sided p-value below this (the book's reading)


def _pct(x: float) -> str:
    """The paper's value as it states it ("43%")."""
    return f"{100 * x:.0f}%"


def _fall(b: float) -> float:
    """The share by which the error falls per tenfold compute for a polynomial slope ``b`` (a rise: below 0)."""
    return 1 - 10 ** -b


def _slope_p(fit) -> float:
    """The two-sided p-value of an OLS fit's slope (t test)."""
    return float(fit.result.pvalues[1])


def _row(claim_id, label, claim, paper_value, paper_number, value, lo, hi, test, tol, estimable, unit, note):
    return Evidence(claim_id, CHAPTER, label, claim, paper_value, float(paper_number), float(value), float(lo),
                    float(hi), test, float(tol), bool(estimable and np.isfinite(value)), unit, note)


def _spread(a: BenchmarkAnalysis) -> float:
    """Standard deviation of log10 compute over the main fit's models (orders of magnitude)."""
    return float(np.std(a.main.fit(forms.PAPER_FORM).log10_c, ddof=1))


def _benchmark_claims(a: BenchmarkAnalysis, paper, lit: Literature, seed: int, n_boot: int,
                      spreads: dict) -> list[Evidence]:
    name, level = a.config.name, a.level
    lvl = (level, Percent)
    out = []
    v1 = a.v1.fit(forms.PAPER_FORM) if a.v1 is not None else None
    trend = a.trends.get("v1")
    missing = text("bench_no_v1_fit")
    for quantity, claim_id in paper.claims.items():
        if quantity == "r2":
            value, lo, hi = v1_r2(a)
            note = text("bench_r2_note", level=lvl, n=(v1.n, Count), lo=(lo, Percent), hi=(hi, Percent)) if v1 \
                else missing
            out.append(_row(claim_id, "benchmarks-summary-v1",
                            text("bench_r2_claim", r2=(paper.r2, Percent), name=name), _pct(paper.r2), paper.r2,
                            value, lo, hi, "inside", R2_TOLERANCE, v1 is not None, "fraction", note))
        elif quantity == "r2_gain_time_trend":
            if trend is not None:
                rows = usable(a.v1.data, a.config.compute)
                rows = rows[rows["date"].notna()]
                lo, hi = r2_gain_interval(np.log10(rows[a.config.compute].to_numpy(float)),
                                          rows["date"].to_numpy(float), np.log10(1 / rows["error"].to_numpy(float)),
                                          n_boot, np.random.default_rng(seed), level)
                value = trend.r2 - trend.r2_without_year
                kept = text("bench_slope_kept" if trend_numbers(trend, level).slope_estimable else "bench_slope_lost")
                note = text("bench_trend_note", n_boot=(n_boot, Count), n=(trend.n, Count), level=lvl, kept=kept,
                            lo=(lo, Percent), hi=(hi, Percent))
            else:
                value = lo = hi = np.nan
                note = missing
            out.append(_row(claim_id, "benchmarks-summary-v1",
                            text("bench_trend_claim", gain=(paper.r2_gain_time_trend, Percent), name=name),
                            _pct(paper.r2_gain_time_trend), paper.r2_gain_time_trend, value, lo, hi, "inside",
                            R2_TOLERANCE, trend is not None, "fraction", note))
        elif quantity == "years_per_10x":
            years = lit.value("v1_years_per_10x")
            num = trend_numbers(trend, level) if trend is not None else None
            if num is None:
                note = missing
            elif num.years_estimable:
                note = text("bench_years_note", level=lvl, n=(num.n, Count), lo=(num.years_lo, ONE),
                            hi=(num.years_hi, ONE))
            else:
                note = text("bench_years_unbounded", level=lvl, n=(num.n, Count))
            out.append(_row(claim_id, LABEL_PROGRESS, text("bench_years_claim", years=(years, Compact), name=name),
                            f"{years:g} years", years,
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
                note = text("bench_significant_note", n=(f.n, Count), factor=(10 ** -f.slope, TWO), level=lvl,
                            lo=(10 ** -f.slope_hi, TWO), hi=(10 ** -f.slope_lo, TWO),
                            includes=text("bench_includes" if inside else "bench_excludes"),
                            p=(_slope_p(v1), PValue), spread=(spreads[a.config.id], ONE),
                            median=(np.median(others), ONE), fall=(_fall(f.slope_hi), Percent))
            test = "inside" if paper.significant is False else "at_most"
            out.append(_row(claim_id, LABEL_V1, text("bench_not_significant_claim" if paper.significant is False
                                                     else "bench_significant_claim", name=name),
                            "not significant" if paper.significant is False
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
    except_ = text("except", names=", ".join(v1.excluded)) if v1.excluded else ""
    each = tuple(text("r2_range_item", name=r["name"], r2=(r["v1_r2"], Percent), lo=(r["v1_r2_lo"], Percent),
                      hi=(r["v1_r2_hi"], Percent), n=(r["v1_n"], Count)) for _, r in covered.iterrows())
    overlap = text("r2_range_all_wider", n=(n, Count)) if v1.all_wider else \
        text("r2_range_overlap", n_overlap=(v1.n_overlap, Count), n=(n, Count))
    out.append(_row(
        CLAIM_R2_RANGE, LABEL_V1, text("r2_range_claim", low=(low, Percent), high=(high, Percent), exceptions=except_),
        f"{_pct(low)}–{_pct(high)}", np.nan, v1.n_inside / n if n else np.nan, np.nan, np.nan, "share", 0.0, n > 0,
        "share of benchmarks",
        text("r2_range_note", low=(low, Percent), high=(high, Percent), n_inside=(v1.n_inside, Count), n=(n, Count),
             each=each, level=(table["level"].iloc[0], Percent), overlap=overlap)))
    out += _significance(analyses, papers, table, v1.excluded)
    out += _small_gains(analyses, papers, table)
    judged = table[table["benchmark"].isin([b for b, p in papers.items() if p])]
    m = len(judged)
    counts = {form: int((judged["verdict"] == form).sum()) for form in (*forms.FORMS, "neither")}
    decided = sum(counts[f] for f in forms.FORMS)  # the benchmarks whose data prefer some form
    v1_decided = int(judged["v1_verdict"].isin(forms.FORMS).sum())
    paper, other = forms.PAPER_FORMS  # the claim is the paper's: its form against its other one
    out.append(_row(
        CLAIM_FORM, LABEL_FORMS, text("forms_claim"),
        paper, np.nan, counts[paper] / decided if decided else np.nan,
        counts[paper] / m if m else np.nan, (counts[paper] + counts["neither"]) / m if m else np.nan,
        "share", 0.0, decided > 0, "share of benchmarks",
        text("forms_note", m=(m, Count), polynomial=(counts[paper], Count),
             exponential=(counts[other], Count), neither=(counts["neither"], Count),
             v1_decided=(v1_decided, Count), v1_judged=(int((judged["v1_verdict"] != "").sum()), Count))))
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
    p_v1 = {b: _slope_p(analyses[b].v1.fit(forms.PAPER_FORM)) for b in covered}
    p_all = {b: _slope_p(analyses[b].main.fit(forms.PAPER_FORM)) for b in covered}
    yes = [b for b in covered if p_v1[b] < HIGHLY_SIGNIFICANT]
    names = {b: analyses[b].config.name for b in covered}
    except_ = text("except", names=", ".join(excluded)) if excluded else ""
    each = tuple(text("significant_item", name=names[b], p=(p_v1[b], PValue), p_all=(p_all[b], PValue))
                 for b in covered)
    return [_row(CLAIM_SIGNIFICANT, LABEL_V1, text("significant_claim", exceptions=except_), "highly significant",
                 np.nan, len(yes) / len(covered), np.nan, np.nan, "share", 0.0, True, "share of benchmarks",
                 text("significant_note", threshold=(HIGHLY_SIGNIFICANT, Compact), yes=(len(yes), Count),
                      n=(len(covered), Count), each=each, level=(level, Percent), alpha=(1 - level, Compact)))]


def _small_gains(analyses, papers, table) -> list[Evidence]:
    """v1's "large increases in hardware burden with relatively small improvements in outcomes" in detection,
    named-entity recognition and translation: the share of the benchmarks it names whose v1-sample slope is
    smaller than that of every benchmark it does not name, by a difference whose interval lies below zero."""
    named = [b for b, p in papers.items() if p and p.small_gains and analyses[b].v1 is not None]
    others = [b for b, p in papers.items() if p and not p.small_gains and analyses[b].v1 is not None]
    if not named:
        return []
    level = float(table["level"].iloc[0])
    fits = {b: analyses[b].v1.fit(forms.PAPER_FORM) for b in named + others}
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
            out.append(text("small_gains_item", name=names[b], fall=(_fall(f.slope), Percent),
                            lo=(_fall(f.slope_lo), Percent), hi=(_fall(f.slope_hi), Percent)))
        return tuple(out)

    note = text("small_gains_note", level=(level, Percent), named=gains(named), others=gains(others),
                yes=(len(yes), Count), n=(len(named), Count),
                which=", ".join(names[b] for b in yes) or "none") if others else text("small_gains_nothing")
    return [_row(CLAIM_SMALL_GAINS, LABEL_V1, text("small_gains_claim", names=", ".join(names[b] for b in named)),
                 "small gains", np.nan, len(yes) / len(named) if others else np.nan, np.nan, np.nan, "share", 0.0,
                 bool(others), "share of benchmarks", note)]


def metrics(rows: list[Evidence], analyses: dict[str, BenchmarkAnalysis], lit: Literature) -> list[str]:
    """The ``metric`` each row's book value rests on (a column of ``claims_evidence``): the benchmark's metric
    id, or ``benchmark:metric`` pairs for a statement about several benchmarks."""
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

    return [metric(r.claim_id) for r in rows]
