"""How the benchmark summary page shows its results: section phrases and display tables.

Numbers are set by :mod:`compute_limits.report.numbers`, names listed in ``benchmarks.toml`` order with
:func:`~compute_limits.report.text.join`; a phrase holding a role or math is an :class:`~.glue.Md`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.benchmark_summary import CLAIM_FORM, CLAIM_R2_RANGE, SummaryNumbers, V1Numbers
from ..analysis.benchmarks import V1_CUTOFF
from ..analysis.claims import Evidence, verdict
from ..config import Literature
from ..stats.compare import MIN_DELTA_AIC
from . import numbers as N
from .benchmarks import SHORT_MEASURES, coef, coef_interval
from .glue import Md
from .text import count, join


def _names(names) -> str:
    names = list(names)
    return join(names) if names else "none"


@dataclass
class Slopes:
    n: str
    level: str
    r2_min: str
    r2_min_name: str
    r2_max: str
    r2_max_name: str
    significance: str
    k_range: Md
    takeaway: str


def slopes_phrases(s: SummaryNumbers, level: float) -> Slopes:
    lvl = N.pct(level)
    if not s.not_estimable:
        sig = f"In all of them the {lvl} confidence interval of the slope excludes zero."
    elif not s.estimable:
        sig = (f"In none of them does the {lvl} confidence interval of the slope exclude zero, so no exponent is "
               "estimable from these data.")
    else:
        sig = (f"In {N.integer(len(s.estimable))} of them ({_names(s.estimable)}) the {lvl} confidence interval of "
               f"the slope excludes zero; for {_names(s.not_estimable)} it includes zero, so "
               f"{'its exponent is' if len(s.not_estimable) == 1 else 'their exponents are'} {N.NOT_ESTIMABLE}.")
    if s.estimable:
        k = (f"Where the slope is estimable, the exponent $k = 1/b$ ranges from {N.number(s.k_min, 3)} to "
             f"{N.number(s.k_max, 3)}, and the reverse regression's $k \\cdot R^2$ from {N.number(s.k_reverse_min, 3)} "
             f"to {N.number(s.k_reverse_max, 3)}")
    else:
        k = "No exponent is estimable, from either regression"
    if not s.not_estimable:
        take = "Every benchmark's slope of error on compute is positive, with an interval clear of zero."
    elif not s.estimable:
        take = "No benchmark's slope of error on compute is clear of zero."
    else:
        take = (f"The slopes of error on compute are positive, with intervals clear of zero, for "
                f"{count(len(s.estimable), 'benchmark')}; for {_names(s.not_estimable)} the interval reaches zero.")
    return Slopes(N.integer(s.n_benchmarks), lvl, N.pct(s.r2_min, 0), s.r2_min_name, N.pct(s.r2_max, 0),
                  s.r2_max_name, sig, Md(k), take)


@dataclass
class V1Section:
    low: str
    high: str
    excluded: str
    cutoff: str
    year_only: str
    range: Md
    claims_table: Md


def v1_phrases(v: V1Numbers, lit: Literature, level: float, n_claims: int, names: dict[str, str]) -> V1Section:
    """``names``: display names by benchmark id (a benchmark the paper names but this build does not
    configure is named by its id)."""
    low, high = N.pct(lit.value("v1_r2_low"), 0), N.pct(lit.value("v1_r2_high"), 0)
    if v.covered:
        excl = (f" For {_names(v.excluded)}, which v1 left out, it is {N.pct(v.excluded_r2, 0)}."
                if v.excluded and np.isfinite(v.excluded_r2) else "")
        inside = ("all lie" if v.n_inside == len(v.covered) else
                  f"{N.integer(v.n_inside)} {'lies' if v.n_inside == 1 else 'lie'}")
        overlap = ("and the confidence intervals of all overlap it" if v.n_overlap == len(v.covered) else
                   f"and the confidence intervals of {N.integer(v.n_overlap)} overlap it")
        rng = (f"On the v1 sample the polynomial R² of the {count(len(v.covered), 'benchmark')} v1's range covers runs "
               f"from {N.pct(v.r2_min, 0)} ({v.r2_min_name}) to {N.pct(v.r2_max, 0)} ({v.r2_max_name}); {inside} "
               f"inside v1's range, {overlap} (Fisher's z, {N.pct(level)}): with a few dozen models or fewer per "
               "benchmark an R² is uncertain by tens of points, so these data cannot tell v1's range from a wider "
               f"one.{excl}")
    else:
        rng = ("None of the benchmarks configured here is one that v1's range covers with the metric v1 used, so "
               "the range cannot be compared.")
    table = ("The table below sets the paper's statements about the benchmarks beside the book's values; its verdicts "
             "follow the rule of the {ref}`claims ledger <claims>` (a statement holds when the paper's value lies inside "
             "the book's interval, and a statement about several benchmarks when it holds for all of them)."
             if n_claims else "The paper made no statement about the benchmarks and metrics configured here.")
    left_out = [names.get(p.benchmark, p.benchmark) for p in lit.paper_benchmark if p.r2_range is False]
    return V1Section(low, high, _names(left_out) if left_out else "none", f"{V1_CUTOFF:g}",
                     N.integer(v.year_only_outside), Md(rng), Md(table))


@dataclass
class FormSection:
    min_delta: str
    n: str
    n_polynomial: str
    n_exponential: str
    n_neither: str
    by_verdict: str
    v1: str
    support: str


def form_phrases(s: SummaryNumbers, table: pd.DataFrame) -> FormSection:
    groups = [f"{form}: {_names(table.loc[table['verdict'] == form, 'name'])}"
              for form in ("polynomial", "exponential", "neither") if (table["verdict"] == form).any()]
    if s.v1_polynomial + s.v1_exponential == 0:
        v1 = f"on the v1 sample the data decide for none of the {count(s.v1_compared, 'benchmark')} with a v1-sample fit"
    else:
        v1 = (f"on the v1 sample the polynomial form is preferred for {N.integer(s.v1_polynomial)}, the exponential for "
              f"{N.integer(s.v1_exponential)} and neither for {N.integer(s.v1_neither)} of the "
              f"{count(s.v1_compared, 'benchmark')} with a v1-sample fit")
    if s.n_polynomial and not s.n_exponential:
        support = "where these data decide, they agree"
    elif s.n_polynomial:
        support = "these data support that only in part"
    elif s.n_exponential:
        support = "where these data decide, they prefer the exponential form"
    else:
        support = "these data decide for no benchmark"
    return FormSection(N.number(MIN_DELTA_AIC, 2), N.integer(s.n_benchmarks), N.integer(s.n_polynomial),
                       N.integer(s.n_exponential), N.integer(s.n_neither), "; ".join(groups), v1, support)


@dataclass
class Progress:
    range: str
    paper: str
    where: str


def progress_phrases(s: SummaryNumbers, lit: Literature, configs: dict) -> Progress:
    if s.years_estimable:
        rng = (f"Where the ratio is estimable (its Fieller interval bounded and above zero), for "
               f"{_names(s.years_estimable)}, a tenfold increase in compute is worth between "
               f"{N.number(s.years_min, 2)} and {N.number(s.years_max, 2)} years of algorithmic progress")
        if s.years_not_estimable:
            rng += f"; for {_names(s.years_not_estimable)} it is {N.NOT_ESTIMABLE}"
    else:
        rng = f"The ratio is {N.NOT_ESTIMABLE} for every benchmark"
    said = [p for p in lit.paper_benchmark if "years_per_10x" in p.claims]
    paper = f"about {N.number(lit.value('v1_years_per_10x'), 2)} years"
    if not said:
        where = ""
    elif any(p.benchmark in configs and configs[p.benchmark].metric == p.metric for p in said):
        where = (f"v1 put it at {paper}, in its analysis of {_names([configs[p.benchmark].name for p in said])}; "
                 "the table above sets the book's v1-sample value beside it.")
    else:
        def label(p):
            cfg = configs.get(p.benchmark)
            if cfg is None:
                return p.benchmark
            return f"{cfg.name} scored by {cfg.metrics[p.metric].label if p.metric in cfg.metrics else p.metric}"

        where = (f"v1 put it at {paper}, in an analysis (of {_names(label(p) for p in said)}) that the benchmarks "
                 "and metrics chosen here do not repeat.")
    return Progress(rng + ".", paper, where)


# ---------------------------------------------------------------- tables


def summary_display(table: pd.DataFrame) -> pd.DataFrame:
    t = table
    level = N.pct(t["level"].iloc[0]) if len(t) else ""
    return pd.DataFrame({
        "benchmark": t["name"], "compute": t["compute"].map(SHORT_MEASURES), "n": t["n"].map(N.integer),
        f"b ({level} CI)": [f"{coef(b)} ({coef_interval(lo, hi)})" for b, lo, hi in zip(t["slope"], t["slope_lo"], t["slope_hi"])],
        "k·R² to k": [f"{N.number(r, 3)}–{N.number(k, 3)}" if est else "not estimable"
                      for r, k, est in zip(t["k_reverse"], t["k"], t["estimable"])],
        "R² poly. / exp.": [f"{N.pct(p, 0)} / {N.pct(e, 0)}" for p, e in zip(t["r2_polynomial"], t["r2_exponential"])],
        "preferred form": t["verdict"],
        "years per tenfold compute": [N.number(y, 2) if est else "not estimable"
                                  for y, est in zip(t["years_per_10x"], t["years_estimable"])],
        "v1 sample: n, R²": [f"{N.integer(n)}, {N.pct(r, 0)}" if n else "no fit" for n, r in zip(t["v1_n"], t["v1_r2"])],
    })


def _value(e: Evidence) -> str:
    if e.unit == "fraction":
        return N.with_interval(e.book_value, e.book_lo, e.book_hi, N.pct, decimals=0)
    if e.unit == "years":
        return (f"{N.number(e.book_value, 2)} years (Fieller {N.interval(e.book_lo, e.book_hi, N.number, sig=2)})"
                if e.estimable else N.NOT_ESTIMABLE)
    if e.unit == "share of benchmarks":
        what = {CLAIM_R2_RANGE: "of the benchmarks have an R² interval overlapping the range",
                CLAIM_FORM: "of the benchmarks whose data decide prefer it (all models)"}.get(e.claim_id, "of the benchmarks")
        return f"{N.pct(e.book_value, 0)} {what}" if e.estimable else N.NOT_ESTIMABLE
    return f"slope {coef(e.book_value)} ({coef_interval(e.book_lo, e.book_hi)})" if np.isfinite(e.book_value) else N.MISSING


def claims_display(rows: list[Evidence]) -> pd.DataFrame:
    """The paper's statements beside the book's values, with the ledger's verdict."""
    return pd.DataFrame({"the paper (v1)": [r.claim.removeprefix("v1: ") for r in rows],
                         "paper": [r.paper_value for r in rows], "this book": [_value(r) for r in rows],
                         "verdict": [verdict({**r.__dict__}) for r in rows]})
