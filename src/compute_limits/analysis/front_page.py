"""The front page's findings, as typed values quoted from the results of the chapters that derive them.

Nothing is computed here that a chapter does not compute: every value comes from a results table
(``benchmarks_summary``, ``headlines``, ``affordability``, ``out_of_sample``, ``claims``, read by the
front page) or from the configuration; the page writes the sentences around them, and each finding
names its sample, form and interval there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

import pandas as pd

from ..quantities import Count, Estimate, FactorEstimate, FlopEstimate, Kind, Month, Names, PValue, Share, Usd, \
    UsdEstimate, Year, YearEstimate
from .answers import CHAPTER as FUTURE_COSTS, DEFAULT_SCENARIO
from .cost_findings import CALIBRATION, other_form
from .headlines import Headline, quote
from .projections import PAPER_FORM

Share2 = Annotated[float, Kind("share", 2)]  # a percentage to two significant digits ("15%", "92%")


@dataclass
class Contents:
    benchmarks: Names  # every benchmark of data/benchmarks.toml, in its order
    models_newest: Year = math.nan  # the publication year of the newest model in the benchmark data
    epoch_newest: Month = math.nan  # the newest system with a compute estimate in Epoch AI's table (a decimal date)


def contents(configs: dict, tables: dict | None = None, epoch: pd.DataFrame | None = None) -> Contents:
    """The benchmarks, and how far the data run: ``tables`` (benchmark id -> table with ``date``) and
    ``epoch`` (Epoch AI's table with ``year``, a decimal date) name the newest model and system."""
    dates = [t["date"].max() for t in (tables or {}).values() if "date" in t and t["date"].notna().any()]
    fitted = epoch[(epoch["compute"] > 0) & epoch["year"].notna()] if epoch is not None and "compute" in epoch else None
    newest = float(fitted["year"].max()) if fitted is not None and len(fitted) else math.nan  # the systems the history fits
    return Contents(tuple(c.name for c in configs.values()), float(max(dates)) if dates else math.nan, newest)


@dataclass
class Fits:
    n_benchmarks: Count
    r2_min: Share2  # the lowest and highest R² of the polynomial fits, and their benchmarks
    r2_min_name: str
    r2_max: Share2
    r2_max_name: str
    n_estimable: Count  # benchmarks whose slope is estimable
    all_estimable: bool
    not_estimable: Names  # the others
    n_polynomial: Count  # benchmarks whose data prefer each form, or neither
    n_exponential: Count
    n_neither: Count


def fits(summary: pd.DataFrame) -> Fits:
    """From ``benchmarks_summary``."""
    s = summary.reset_index(drop=True)
    lo, hi = s["r2_polynomial"].idxmin(), s["r2_polynomial"].idxmax()
    ok = s["estimable"].astype(bool)
    verdicts = s["verdict"].value_counts()
    return Fits(
        n_benchmarks=len(s), r2_min=s.loc[lo, "r2_polynomial"], r2_min_name=s.loc[lo, "name"],
        r2_max=s.loc[hi, "r2_polynomial"], r2_max_name=s.loc[hi, "name"], n_estimable=int(ok.sum()),
        all_estimable=bool(ok.all()), not_estimable=tuple(s.loc[~ok, "name"]),
        n_polynomial=int(verdicts.get("polynomial", 0)), n_exponential=int(verdicts.get("exponential", 0)),
        n_neither=int(verdicts.get("neither", 0)))


def first_target(headlines: pd.DataFrame, bench: str) -> float:
    """The first target below today's best error (all models) among the headline projections."""
    today = headlines[(headlines["quantity"] == "today_error") & (headlines["benchmark"] == bench)
                      & (headlines["sample"] == "all")]["value"].iloc[0]
    rows = headlines[(headlines["quantity"] == "log10_flops") & (headlines["benchmark"] == bench)
                     & (headlines["sample"] == "all")]
    return float(max(t for t in rows["target_error"].dropna().unique() if t < today - 1e-12))


def _estimate(h: Headline, interval: str = CALIBRATION) -> Estimate:
    return Estimate(h.value, h.lo, h.hi, h.level, interval, h.estimable)


@dataclass
class Requirement:
    name: str
    target: Share
    form: str  # the form the headlines use
    decided: bool  # the data prefer it (the verdict rule); else it is the paper's
    compute: FlopEstimate
    other_form: str
    other_compute: FlopEstimate
    usd: UsdEstimate  # on the future-cost chapter's vintage
    budget: Usd  # the future-cost chapter's budget, and the year it affords the compute
    year: YearEstimate
    level: Share


def requirement(headlines: pd.DataFrame, summary: pd.DataFrame, afford: pd.DataFrame, bench: str, name: str,
                target: float) -> Requirement:
    """The headline requirement of ``bench`` at ``target`` (all models), in the form the headlines use, from
    ``headlines``, ``benchmarks_summary`` and ``affordability``."""
    flops = quote(headlines, "log10_flops", bench, target, "all", preferred=True)
    other = quote(headlines, "log10_flops", bench, target, "all", form=other_form(flops.form))
    cost = quote(headlines, "log10_usd", bench, target, "all", preferred=True)
    rows = headlines[(headlines["quantity"] == "affordable_year") & (headlines["benchmark"] == bench)
                     & (headlines["chapter"] == FUTURE_COSTS) & (headlines["sample"] == "all")
                     & (headlines["form"] == flops.form) & (headlines["target_error"].sub(target).abs() < 1e-12)]
    when = quote(rows.head(1), "affordable_year", bench, target, "all", flops.form)
    budget = afford.loc[afford["scenario"] == DEFAULT_SCENARIO, "budget_usd"].iloc[0]
    verdict = summary.set_index("benchmark")["verdict"].get(bench, "neither")
    return Requirement(
        name=name, target=target, form=flops.form, decided=verdict == flops.form, compute=_estimate(flops),
        other_form=other.form, other_compute=_estimate(other), usd=_estimate(cost), budget=float(budget),
        year=_estimate(when, "interval"), level=flops.level)


@dataclass
class OutOfSample:
    tested: bool  # the benchmark has enough models on both sides of July 2020
    n_train: Count  # models the 2020 fit saw, and later models
    n_test: Count
    coverage: Share2  # share of later models inside the fit's prediction interval
    level: Share
    efficiency: FactorEstimate  # how much less compute the later models needed than the 2020 line implies
    efficiency_unknown: bool  # tested, but that is not estimable
    n_outside_below: Count = None  # later models below the prediction interval
    p_below: PValue = math.nan  # one-sided binomial test of that many or more below it
    below_excess: bool = False  # p_below < 1 − level
    below_holm: bool = False  # … also after Holm's adjustment for every test of the chapter
    n_tests: Count = None  # the tests the out-of-sample chapter makes


def out_of_sample(oos: pd.DataFrame, bench: str, level: float, tests: pd.DataFrame | None = None) -> OutOfSample:
    """From ``out_of_sample``: the paper's (polynomial) form; ``tests`` (``out_of_sample_tests``) says whether the
    one-sided test of the models below the interval survives the chapter's adjustment for its many tests."""
    rows = oos[(oos["benchmark"] == bench) & (oos["form"] == PAPER_FORM)]
    if rows.empty:
        return OutOfSample(False, None, None, None, level, Estimate(math.nan, math.nan, math.nan, level,
                                                                     estimable=False), False)
    r = rows.iloc[0]
    ok = bool(r["estimable"]) and math.isfinite(r["efficiency_factor_hi"])
    holm, n_tests = False, None
    if tests is not None and len(tests):
        mine = tests[(tests["test"] == "below_band") & (tests["benchmark"] == bench)]
        holm = bool(len(mine) and str(mine["significant_holm"].iloc[0]).lower() == "true")
        n_tests = len(tests)
    p_below = float(r["p_below"]) if "p_below" in r else math.nan
    return OutOfSample(True, int(r["n_train"]), int(r["n_test"]), float(r["interval_coverage"]), level,
                       Estimate(float(r["efficiency_factor"]), float(r["efficiency_factor_lo"]),
                                float(r["efficiency_factor_hi"]), level, "interval", ok), not ok,
                       int(r["n_outside_below"]) if "n_outside_below" in r else None, p_below,
                       bool(p_below < 1 - level), holm, n_tests)


@dataclass
class Ledger:
    n_claims: Count
    holds: Count
    in_part: Count
    not_hold: Count
    not_testable: Count
    uninformative: Count  # an interval too wide to decide (the ledger's rule, analysis.claims)


def ledger(claims: pd.DataFrame) -> Ledger:
    """From ``claims``: how many of the paper's statements get each verdict."""
    c = claims["verdict"].value_counts()
    return Ledger(len(claims), int(c.get("holds", 0)), int(c.get("holds in part", 0)), int(c.get("does not hold", 0)),
                  int(c.get("not testable", 0)), int(c.get("uninformative", 0)))
