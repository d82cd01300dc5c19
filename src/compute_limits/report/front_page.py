"""The front page's findings: short sentences quoted from the results of the chapters that derive them.

Nothing is computed here that a chapter does not compute: every number comes from a results file
(``headlines.csv``, ``benchmarks_summary.csv``, ``out_of_sample.csv``, ``claims.csv``) and is set by
:mod:`compute_limits.report.numbers`; each finding names its sample, form and interval.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ..analysis.headlines import quote
from .glue import Md
from .numbers import NOT_ESTIMABLE, factor, in_words, interval, number, pct, pow10, year
from .text import count, join


@dataclass
class Fits:
    n_benchmarks: int
    r2_range: str  # e.g. "15% (WMT 2014 En–Fr) to 87% (SQuAD 1.1)"
    n_estimable: int
    not_estimable: Md  # "" or a clause naming the benchmarks whose slope is not estimable
    n_polynomial: int
    n_exponential: int
    n_neither: int


def fits(summary: pd.DataFrame) -> Fits:
    s = summary.reset_index(drop=True)
    lo, hi = s["r2_polynomial"].idxmin(), s["r2_polynomial"].idxmax()
    bad = s[~s["estimable"].astype(bool)]["name"].tolist()
    verdicts = s["verdict"].value_counts()
    return Fits(
        n_benchmarks=len(s),
        r2_range=f"{pct(s.loc[lo, 'r2_polynomial'], 0)} ({s.loc[lo, 'name']}) to {pct(s.loc[hi, 'r2_polynomial'], 0)} "
                 f"({s.loc[hi, 'name']})",
        n_estimable=int(s["estimable"].astype(bool).sum()),
        not_estimable=Md(f"; on {join(bad)} the slope is {NOT_ESTIMABLE}" if bad else ""),
        n_polynomial=int(verdicts.get("polynomial", 0)), n_exponential=int(verdicts.get("exponential", 0)),
        n_neither=int(verdicts.get("neither", 0)),
    )


@dataclass
class Requirement:
    name: str
    metric_label: str
    target: str  # "5%"
    form: str  # the preferred form (by the book's rule) or the polynomial when the data do not decide
    why: Md  # why that form
    compute: str  # "10³¹·¹ FLOP"
    compute_interval: str  # "10²⁹·²–10³³·⁵"
    other_form: str
    other_compute: str
    usd: str
    budget: str  # "$100 million", from the scenario the future-cost chapter used
    year: str
    year_interval: str
    scenario: str
    level: str  # "95%"


def requirement(headlines: pd.DataFrame, summary: pd.DataFrame, bench: str, name: str, metric_label: str,
                target: float) -> Requirement:
    """The headline requirement of ``bench`` at ``target`` (all models), in the form the headlines use."""
    flops = quote(headlines, "log10_flops", bench, target, "all", preferred=True)
    other_form = "exponential" if flops.form == "polynomial" else "polynomial"
    other = quote(headlines, "log10_flops", bench, target, "all", form=other_form)
    cost = quote(headlines, "log10_usd", bench, target, "all", preferred=True)
    when = _first(headlines, "affordable_year", bench, target, flops.form)
    verdict = summary.set_index("benchmark")["verdict"].get(bench, "neither")
    why = (f"the form the book's rule prefers for {name} (lower AIC and lower leave-one-out error)"
           if verdict == flops.form else f"the paper's form, because for {name} the data do not decide between the two")
    return Requirement(
        name=name, metric_label=metric_label, target=pct(target), form=flops.form, why=Md(why),
        compute=f"{pow10(flops.value)} FLOP" if flops.estimable else NOT_ESTIMABLE,
        compute_interval=interval(flops.lo, flops.hi, pow10), other_form=other_form,
        other_compute=f"{pow10(other.value)} FLOP" if other.estimable else NOT_ESTIMABLE,
        usd=f"${pow10(cost.value)}", budget=_budget(when.scenario),
        year=year(when.value) if when.estimable else NOT_ESTIMABLE,
        year_interval=interval(when.lo, when.hi, lambda v, **_: year(v)), scenario=when.scenario,
        level=pct(flops.level),
    )


def _budget(scenario: str) -> str:
    found = re.search(r"budget ([\d,.]+) USD", scenario)
    return "$" + in_words(float(found.group(1).replace(",", ""))) if found else "the chapter's budget"


def first_target(headlines: pd.DataFrame, bench: str) -> float:
    """The first target below today's best error (all models) among the headline projections."""
    today = headlines[(headlines["quantity"] == "today_error") & (headlines["benchmark"] == bench)
                      & (headlines["sample"] == "all")]["value"].iloc[0]
    rows = headlines[(headlines["quantity"] == "log10_flops") & (headlines["benchmark"] == bench)
                     & (headlines["sample"] == "all")]
    return float(max(t for t in rows["target_error"].dropna().unique() if t < today - 1e-12))


def _first(headlines: pd.DataFrame, quantity: str, bench: str, target: float, form: str):
    rows = headlines[(headlines["quantity"] == quantity) & (headlines["benchmark"] == bench)
                     & (headlines["chapter"] == "future_costs") & (headlines["sample"] == "all")
                     & (headlines["form"] == form) & (headlines["target_error"].sub(target).abs() < 1e-12)]
    return quote(rows.head(1), quantity, bench, target, "all", form)


@dataclass
class OutOfSample:
    tested: bool
    sentence: Md


def out_of_sample(oos: pd.DataFrame, bench: str, name: str, level: float) -> OutOfSample:
    rows = oos[(oos["benchmark"] == bench) & (oos["form"] == "polynomial")]
    if rows.empty:
        return OutOfSample(False, Md(f"{name} has too few models on one side of July 2020 for the out-of-sample "
                                     "check; see the chapter for the benchmarks it could test."))
    r = rows.iloc[0]
    eff = (f"they reached their errors with {factor(r['efficiency_factor'])} less compute than the 2020 line implies "
           f"({pct(level)} interval {interval(r['efficiency_factor_lo'], r['efficiency_factor_hi'], factor)})"
           if bool(r["estimable"]) and math.isfinite(r["efficiency_factor_hi"])
           else "how much less compute they needed is " + NOT_ESTIMABLE)
    return OutOfSample(True, Md(
        f"A fit to the {count(r['n_train'], 'model')} of {name} published before July 2020 put "
        f"{pct(r['interval_coverage'], 0)} of the {count(r['n_test'], 'later model')} inside its {pct(level)} "
        f"prediction interval, and {eff}."))


@dataclass
class Ledger:
    n_claims: int
    holds: str
    in_part: str
    not_hold: str
    not_testable: str


def ledger(claims: pd.DataFrame) -> Ledger:
    c = claims["verdict"].value_counts()
    return Ledger(len(claims), count(c.get("holds", 0), "claim"), count(c.get("holds in part", 0), "claim"),
                  count(c.get("does not hold", 0), "claim"), count(c.get("not testable", 0), "claim"))


def sample_size(summary: pd.DataFrame) -> str:
    return number(int(summary["n"].sum()))
