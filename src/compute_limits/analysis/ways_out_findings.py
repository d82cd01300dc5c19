"""What the ways-out chapter states, as typed values.

One dataclass per section of ``chapters/ways_out.md`` (:func:`levers`, :func:`rates`, :func:`buys`,
:func:`k_gap`, :func:`conclusion`): rates, dates, counts and estimates annotated with their kinds
(:mod:`compute_limits.quantities`), names of benchmarks as tuples, and the flags and short tokens that pick
a sentence's variant in the chapter (``{if}`` blocks).  Every sentence is written in the chapter; here are
only the values it cites.  From a :class:`~.ways_out.WaysOut`; no file is read here.

A date is a calendar year with its Fieller interval (``YearEstimate``): past the book's horizon it reads
"after 2100", a lever that never closes the gap reads "never".  One estimability rule holds: a target that is
not estimable (here, or in the future-cost chapter) has no date and no cost, and is not counted; a rate whose
interval includes no progress is not quoted as a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
import pandas as pd

from ..config import BenchmarkConfig, Literature
from ..quantities import (Answer, Count, Estimate, Factor, FactorEstimate, FlopEstimate, Kind, Log10, Months,
                          Number, Points, Share, Usd, UsdEstimate, Year, YearEstimate, Years)
from ..stats import forms
from . import ways_out as W
from .chips import share_case
from .headlines import question_id
from .levers import Rate, comparable
from .projections import TargetFloor, target_floor

Percent = Annotated[float, Kind("share", 2)]  # a share to two significant digits ("62%")
PercentEstimate = Annotated[Estimate, Kind("share", 2)]
Number2 = Annotated[float, Kind("number", 2)]
Number2Estimate = Annotated[Estimate, Kind("number", 2)]
NAN = math.nan
GROWTH_CPD = Answer(question_id("growth", detail="compute_per_dollar"))  # the future-cost chapter's rate, quoted


def _names(ids, names: dict[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names.get(b, b) for b in ids))


def rate_interval(rate: Rate, interval: str = "confidence interval") -> Estimate:
    """A rate's growth per year with its interval (not estimable where the interval includes no growth)."""
    return Estimate(rate.per_year, rate.per_year_lo, rate.per_year_hi, rate.level, interval, estimable=rate.estimable)


def years_per_tenfold(rate: Rate) -> Estimate:
    """Years for a tenfold gain at ``rate``, with the interval of its ends (not estimable without progress)."""
    ok = bool(rate.estimable and rate.log10_per_year > 0)
    return Estimate(1 / rate.log10_per_year if ok else NAN, 1 / rate.hi if ok else NAN, 1 / rate.lo if ok else NAN,
                    rate.level, "Fieller interval", estimable=ok)


# ---------------------------------------------------------------- the levers the paper names


@dataclass
class Levers:
    """The literature's figures the section "The levers the paper names" quotes (``data/literature.toml``)."""

    tpu_speedup_low: Number
    tpu_speedup_high: Number
    tpu_ops_per_watt_low: Number
    tpu_ops_per_watt_high: Number
    loihi_orders: Number
    han_alexnet: Number
    han_vgg: Number
    efficientnet_smaller: Number2
    efficientnet_faster: Number2


def levers(lit: Literature) -> Levers:
    return Levers(*(lit.value(k) for k in (
        "tpu_speedup_low", "tpu_speedup_high", "tpu_ops_per_watt_low", "tpu_ops_per_watt_high", "loihi_edp_orders",
        "han_alexnet_compression", "han_vgg_compression", "efficientnet_smaller", "efficientnet_faster")))


# ---------------------------------------------------------------- how fast the levers moved


@dataclass
class Rates:
    """Section "How fast have the levers moved?": the book's rates, the literature's, and the identity
    compute = compute per dollar × spending."""

    level: Share
    population: str  # the runs behind compute per dollar and spending (from the analysis)
    n_runs: Count
    start: Year  # the years those runs span
    end: Year
    cpd: Factor  # compute per dollar, growth per year
    cpd_ci: FactorEstimate
    cpd_doubling: Months
    cpd_vs_hob: str  # "above", "below" or "consistent": against Hobbhahn & Besiroglu's rate for all GPUs
    hob: Factor
    hob_years: Number  # their doubling time, years
    hob_ml: Factor
    hob_ml_years: Number
    headline: str
    alg_n: Count
    alg_start: Year
    alg_end: Year
    alg: FactorEstimate  # the headline benchmark's algorithmic rate (its time trend; not estimable: no number)
    alg_ci: FactorEstimate
    alg_years10: Number2Estimate  # years for a tenfold gain
    published_check: str  # "both", "one", "neither" inside the book's interval; "not_comparable" (another metric)
    metric_label: str
    hb_gain: Factor  # Hernandez & Brown
    hb_years: Count
    hb_halving: Months
    hb: Factor
    alg_compounded: FactorEstimate  # the book's rate over as many years (not estimable with the rate)
    er_halving: Months  # Erdil & Besiroglu
    er_halving_lo: Number2
    er_halving_hi: Number2
    er: FactorEstimate
    alg_case: str  # "tenfold" (a tenfold gain takes a bounded number of years), "rate_only" (the rate is
    #                estimable, the years to a tenfold gain are not) or "none" (the rate is not estimable)
    alg_over_hw: Number2  # orders of magnitude a year, algorithms over hardware (NaN: rate not estimable)
    n_alg: Count
    n_alg_estimable: Count
    alg_estimable_names: tuple[str, ...]  # benchmarks whose algorithmic rate is estimable
    alg_not_estimable: tuple[str, ...]
    alg_estimable_case: str  # on how many benchmarks the algorithmic rate is estimable: "all", "some", "none"
    alg_fast: tuple[str, ...]  # other benchmarks whose algorithmic rate is estimable and exceeds tenfold a year
    any_alg_fast: bool
    compute: Factor
    compute_ci: FactorEstimate
    spend: Factor
    spend_ci: FactorEstimate
    share_spend: PercentEstimate  # of the orders of magnitude of compute growth, with its bootstrap interval
    share_cpd: PercentEstimate  # one minus it
    spend_faster: bool  # spending grew faster than compute per dollar
    cottier: Factor
    sevilla_doubling: Months
    sevilla: Factor
    amodei_doubling: Months
    amodei: Factor
    spend_case: str = ""  # spending supplied "most" of the growth (its share's interval above one half), "less",
    #                       or "undecided"
    n_boot: Count = 0  # the bootstrap resamples behind the shares' interval
    alg_vs_hw: str = ""  # "larger" or "smaller" (the two rates' intervals do not overlap), else "undecided"
    answers: dict = field(default_factory=dict, repr=False)


def spending_shares(dec) -> tuple[Estimate, Estimate, str]:
    """Spending's and cheaper compute's shares of the growth of compute, with spending's bootstrap interval
    (cheaper compute's is one minus it), and whether spending supplied most of it (see :func:`share_case`)."""
    bounded = bool(np.isfinite(dec.share_spending_lo) and np.isfinite(dec.share_spending_hi))
    lo, hi = (dec.share_spending_lo, dec.share_spending_hi) if bounded else (dec.share_spending, dec.share_spending)
    spend = Estimate(dec.share_spending, lo, hi, dec.compute.level, "bootstrap interval",
                     estimable=bool(np.isfinite(dec.share_spending)))
    cpd = Estimate(dec.share_per_dollar, 1 - hi, 1 - lo, dec.compute.level, "bootstrap interval",
                   estimable=bool(np.isfinite(dec.share_per_dollar)))
    return spend, cpd, share_case(spend)


def lever_comparison(alg: Rate, hw: Rate) -> str:
    """Which lever moved faster, by the two rates' intervals: ``"larger"`` when the algorithmic rate is estimable
    and its whole interval lies above the hardware rate's, ``"smaller"`` when wholly below, else ``"undecided"``
    (overlapping intervals, or an algorithmic rate that is not estimable)."""
    if not (alg.estimable and hw.estimable):
        return "undecided"
    return "larger" if alg.lo > hw.hi else "smaller" if alg.hi < hw.lo else "undecided"


def rates(wo: W.WaysOut, names: dict[str, str], lit: Literature) -> Rates:
    dec = wo.decomposition
    cpd, spend, comp = dec.per_dollar, dec.spending, dec.compute
    alg, pub = wo.algorithms[wo.headline], wo.published
    hob, er = pub["hobbhahn2022"], pub["erdil2022"]
    cfg = wo.mains[wo.headline].config
    inside = sum(bool(alg.lo <= pub[k].log10_per_year <= alg.hi) for k in ("hernandez2020", "erdil2022"))
    same = all(comparable(k, cfg.id, cfg.metric) for k in ("hernandez2020", "erdil2022"))
    ok = {b: bool(r.estimable and r.log10_per_year > 0) for b, r in wo.algorithms.items()}
    fast = [b for b, r in wo.algorithms.items() if b != wo.headline and r.estimable and r.per_year > 10]
    years10, years_hb = years_per_tenfold(alg), lit.value("hernandez_years")
    return Rates(
        level=wo.level, population=dec.population, n_runs=cpd.n, start=cpd.start, end=cpd.end, cpd=cpd.per_year,
        cpd_ci=rate_interval(cpd), cpd_doubling=cpd.doubling_months,
        cpd_vs_hob="above" if cpd.lo > hob.hi else "below" if cpd.hi < hob.lo else "consistent",
        hob=hob.per_year, hob_years=lit.value("hobbhahn_doubling_years"), hob_ml=pub["hobbhahn2022_ml"].per_year,
        hob_ml_years=lit.value("hobbhahn_ml_doubling_years"), headline=names[wo.headline], alg_n=alg.n,
        alg_start=alg.start, alg_end=alg.end, alg=rate_interval(alg, "Fieller interval"),
        alg_ci=rate_interval(alg, "Fieller interval"),
        alg_years10=years10,
        published_check={2: "both", 1: "one", 0: "neither"}[inside] if same else "not_comparable",
        metric_label=cfg.metric_label, hb_gain=lit.value("hernandez_efficiency_gain"),
        hb_years=int(lit.value("hernandez_years")), hb_halving=lit.value("hernandez_halving_months"),
        hb=pub["hernandez2020"].per_year,
        alg_compounded=Estimate(alg.per_year ** years_hb, alg.per_year_lo ** years_hb, alg.per_year_hi ** years_hb,
                                alg.level, "Fieller interval", estimable=alg.estimable),
        er_halving=lit.value("erdil_halving_months"), er_halving_lo=lit["erdil_halving_months"].lo,
        er_halving_hi=lit["erdil_halving_months"].hi, er=rate_interval(er),
        alg_case="tenfold" if years10.estimable else "rate_only" if alg.estimable else "none",
        alg_over_hw=alg.log10_per_year / cpd.log10_per_year if cpd.log10_per_year > 0 and alg.estimable else NAN,
        n_alg=len(ok), n_alg_estimable=sum(ok.values()), alg_estimable_names=_names([b for b, v in ok.items() if v], names),
        alg_not_estimable=_names([b for b, v in ok.items() if not v], names),
        alg_estimable_case="all" if all(ok.values()) else "some" if any(ok.values()) else "none",
        alg_fast=_names(fast, names), any_alg_fast=bool(fast),
        compute=comp.per_year, compute_ci=rate_interval(comp), spend=spend.per_year, spend_ci=rate_interval(spend),
        share_spend=spending_shares(dec)[0], share_cpd=spending_shares(dec)[1], spend_case=spending_shares(dec)[2],
        n_boot=dec.n_boot, alg_vs_hw=lever_comparison(alg, cpd),
        spend_faster=bool(spend.log10_per_year > cpd.log10_per_year), cottier=pub["cottier2024"].per_year,
        sevilla_doubling=lit.value("sevilla_doubling_months"), sevilla=pub["sevilla2022"].per_year,
        amodei_doubling=lit.value("amodei_doubling_months"), amodei=pub["amodei2018"].per_year,
        answers={"cpd": GROWTH_CPD, "cpd_ci": GROWTH_CPD, "level": Answer("spec:level")})


# ---------------------------------------------------------------- what each lever buys


@dataclass
class Quoted:
    """The future-cost chapter's headline compute and cost for the first target, and the same target on this
    chapter's time-trend model at the price year."""

    target: Share
    form: str
    level: Share
    interval: str  # what the quoted interval is ("calibration interval")
    flops: FlopEstimate
    usd: UsdEstimate  # the value is quoted (not estimable: no cost)
    tt_flops: FlopEstimate  # the time-trend model's compute, with its calibration interval
    tt_usd: UsdEstimate
    answers: dict = field(default_factory=dict, repr=False)


def quoted(q: W.QuotedCost, level: float, base_year: float) -> Quoted:
    f, u = q.flops, q.usd
    kind = f.interval.split(" (")[0]
    tt = W.time_trend_differs(base_year)
    # one estimability rule: a target the future-cost chapter cannot pin down has no cost here either
    tt_ok = bool(f.estimable and np.isfinite([q.tt_log10_flops_lo, q.tt_log10_flops_hi]).all())
    per_flop = q.tt_log10_usd - q.tt_log10_flops  # the vintage's dollars per FLOP: the cost's interval is the compute's
    return Quoted(target=f.target_error, form=f.form, level=f.level, interval=kind,
                  flops=Estimate(f.value, f.lo, f.hi, f.level, kind, f.estimable),
                  usd=Estimate(u.value, u.lo, u.hi, u.level, kind, u.estimable),
                  tt_flops=Estimate(q.tt_log10_flops, q.tt_log10_flops_lo, q.tt_log10_flops_hi, level,
                                    "calibration interval", tt_ok),
                  tt_usd=Estimate(q.tt_log10_usd, q.tt_log10_flops_lo + per_flop, q.tt_log10_flops_hi + per_flop,
                                  level, "calibration interval", tt_ok),
                  answers={"flops": f.answer, "usd": q.usd.answer,
                           "tt_flops": Answer(f.question, tt), "tt_usd": Answer(q.usd.question, tt)})


def _row(table: pd.DataFrame, bench: str, target: float, scenario: str, form: str) -> pd.Series:
    sel = (table["benchmark"] == bench) & np.isclose(table["target_error"], target) & \
          (table["scenario"] == scenario) & (table["form"] == form)
    return table[sel].iloc[0]


def date(row: pd.Series, level: float) -> Estimate:
    """The calendar year a scenario row's target fits the budget, with its Fieller interval."""
    base = float(row["base_year"])
    return Estimate(base + float(row["years_to_affordable"]), base + float(row["years_lo"]),
                    base + float(row["years_hi"]), level, "Fieller interval", estimable=bool(row["estimable"]))


@dataclass
class Target:
    """One target of the headline benchmark: its cost at the price year and when each lever makes it fit."""

    target: Share
    usd: UsdEstimate  # with its calibration interval
    hardware: YearEstimate
    algorithms: YearEstimate
    both: YearEstimate
    hardware_before: YearEstimate  # what the earlier, two-model method gave (a point; no interval)
    algorithms_before: YearEstimate
    both_before: YearEstimate
    answers: dict = field(default_factory=dict, repr=False)


def _before(row: pd.Series, level: float) -> Estimate:
    year = float(row["base_year"] + row["years_compute_only"])
    return Estimate(year, year, year, level, "point", estimable=bool(row["estimable"]))


def target(table: pd.DataFrame, bench: str, error: float, form: str, level: float, base_year: float) -> Target:
    rows = {s: _row(table, bench, error, s, form) for s in W.SCENARIOS}
    hw = rows["hardware"]
    usd = Estimate(hw["log10_usd"], hw["log10_usd_lo"], hw["log10_usd_hi"], level, "calibration interval",
                   estimable=bool(hw["estimable"]))
    metric = str(hw["metric"])
    note = "" if bool(hw["preferred"]) else f"{form} form (the rule prefers the other)"
    answers = {s: Answer(question_id("affordable_year", bench, metric, error),
                         W.time_trend_differs(base_year, s, note)) for s in W.SCENARIOS}
    answers["usd"] = Answer(question_id("cost", bench, metric, error), W.time_trend_differs(base_year, "", note))
    return Target(error, usd, *(date(rows[s], level) for s in W.SCENARIOS),
                  *(_before(rows[s], level) for s in W.SCENARIOS), answers=answers)


def counted_targets(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scenario rows the chapter counts, and the targets it does not count: each benchmark under its
    headline form, a target counted only when its dates with hardware alone and with both levers are both
    estimable (so it is estimable in the future-cost chapter too); ``(rows of the counted targets, one row
    per target left out)``."""
    pref = table[table["preferred"]]
    ok = pref[pref["scenario"].isin(["hardware", "both"])].groupby(["benchmark", "target_error"], sort=False)[
        "estimable"].all()
    keys = pref.set_index(["benchmark", "target_error"]).index
    counted = keys.isin(ok[ok].index)
    left_out = pref[~counted].drop_duplicates(["benchmark", "target_error"])
    return pref[counted].reset_index(drop=True), left_out.reset_index(drop=True)


@dataclass
class Buys:
    """Section "What each lever buys": the headline benchmark's first and last targets under each scenario,
    and counts over every benchmark's targets (each under its headline form)."""

    headline: str
    form: str  # the headline benchmark's headline form
    other_form: str
    vintage: str  # the hardware vintage's label (data/costs.toml)
    level: Share
    base_year: Year
    budget: Usd
    horizon: Year
    cpd: Factor
    spend: Factor
    start: Year  # the years of the runs behind compute per dollar
    end: Year
    quoted: Quoted
    first: Target
    last: Target
    last_with_spending: YearEstimate  # the last target if budgets also grew as spending did (a point)
    last_other_usd: UsdEstimate  # the last target under the other form (the value; not estimable: no cost)
    last_other_both: YearEstimate
    n_targets: Count  # estimable targets (each benchmark under its headline form): the only ones counted
    n_not_estimable: Count  # targets not estimable here or in the future-cost chapter: no date, not counted
    not_estimable: tuple[str, ...]  # their benchmarks
    any_not_estimable: bool
    n_fit: Count  # targets both levers make affordable by the horizon
    n_hw_far: Count  # targets hardware alone leaves unaffordable by the horizon
    n_both_far: Count
    both_far: tuple[str, ...]  # benchmarks with a target both levers leave unaffordable
    any_both_far: bool
    n_far_lo: Count  # … even at the favourable end of the interval
    far_lo: tuple[str, ...]
    any_far_lo: bool
    median_shift: Years  # how far the one-model method moved the dates (targets that fit either way)
    any_shift: bool  # some target fits before the horizon either way
    no_trend: tuple[str, ...]  # benchmarks whose dates cannot identify a time trend
    any_no_trend: bool
    floor: TargetFloor  # how the first and last target stand to the headline benchmark's error floor
    answers: dict = field(default_factory=dict, repr=False)


def buys(wo: W.WaysOut, names: dict[str, str], q: W.QuotedCost, vintage_label: str, horizon: float) -> Buys:
    """``vintage_label``: how the hardware vintage that prices the compute is named (``data/costs.toml``)."""
    table, form, bench = wo.scenarios, wo.form, wo.headline
    other = forms.alternative(form)
    tg = wo.targets[bench]
    pref, dropped = counted_targets(table)
    hw_far = W.beyond(pref, horizon, scenario="hardware")
    both_far = W.beyond(pref, horizon, scenario="both")
    far_lo = W.beyond(pref, horizon, "affordable_year_lo", scenario="both")
    last_both = _row(table, bench, tg[-1], "both", form)
    spend = wo.decomposition.spending
    other_last = _row(table, bench, tg[-1], "both", other)
    within = (table["affordable_year"] <= horizon) & (table["base_year"] + table["years_compute_only"] <= horizon)
    shift = (table["years_to_affordable"] - table["years_compute_only"]).abs()[within]
    n_targets = int((pref["scenario"] == "hardware").sum())
    return Buys(
        headline=names[bench], form=form, other_form=other, vintage=vintage_label, level=wo.level,
        base_year=wo.base_year, budget=wo.budget_usd, horizon=horizon, cpd=wo.decomposition.per_dollar.per_year,
        spend=spend.per_year, start=wo.decomposition.per_dollar.start, end=wo.decomposition.per_dollar.end,
        quoted=quoted(q, wo.level, wo.base_year), first=target(table, bench, tg[0], form, wo.level, wo.base_year),
        last=target(table, bench, tg[-1], form, wo.level, wo.base_year),
        last_with_spending=Estimate(*(wo.base_year + W.years_with(last_both, spend.log10_per_year),) * 3, wo.level,
                                    "point", estimable=bool(last_both["estimable"])),
        last_other_usd=Estimate(other_last["log10_usd"], other_last["log10_usd_lo"], other_last["log10_usd_hi"],
                                wo.level, "calibration interval", estimable=bool(other_last["estimable"])),
        last_other_both=date(other_last, wo.level), n_targets=n_targets, n_not_estimable=len(dropped),
        not_estimable=_names(dropped["benchmark"], names), any_not_estimable=bool(len(dropped)),
        n_fit=n_targets - len(both_far), n_hw_far=len(hw_far), n_both_far=len(both_far),
        both_far=_names(both_far["benchmark"], names), any_both_far=bool(len(both_far)), n_far_lo=len(far_lo),
        far_lo=_names(far_lo["benchmark"], names),
        any_far_lo=bool(len(far_lo)),
        median_shift=float(shift[np.isfinite(shift)].median()) if np.isfinite(shift).any() else NAN,
        any_shift=bool(np.isfinite(shift).any()),
        no_trend=_names(wo.no_trend, names), any_no_trend=bool(wo.no_trend),
        floor=target_floor(wo.mains[bench].config, tg[0], tg[-1]),
        answers={"cpd": GROWTH_CPD, "level": Answer("spec:level"), "budget": Answer("spec:budget")})


# ---------------------------------------------------------------- the gap to the fourth-power bound


@dataclass
class KGap:
    """Section "The gap to the fourth-power bound": the bound, the headline benchmark's bracket, the count."""

    headline: str
    level: Share
    bound: Number
    factor: Number  # the error reduction the gap is expressed at
    data_factor: Number  # data it needs at least
    bound_factor: Number  # compute it needs at least
    estimable: bool  # the headline benchmark's slope is estimable
    k: Number2Estimate  # the fitted exponent (a ceiling)
    k_reverse: Number2  # k·R² (the floor)
    r2: Number2
    compute_reverse: Log10  # compute multiple for the factor-fold lower error, at the floor and the ceiling
    compute_fitted: Log10
    gap_reverse: Number2  # orders of magnitude above the bound, at the floor and the ceiling
    gap_fitted: Number2
    n_estimable: Count  # benchmarks whose slope is estimable
    n_above: Count  # of them, with the bracket and k's interval wholly above the bound
    above: tuple[str, ...]
    any_above: bool
    not_estimable: tuple[str, ...]
    any_not_estimable: bool


def k_gap(wo: W.WaysOut, names: dict[str, str]) -> KGap:
    gap = wo.k_gap
    g = gap.set_index("benchmark").loc[wo.headline]
    est = gap[gap["estimable"]]
    above = est[est["bracket_above_bound"]]
    ok = bool(g["estimable"])
    return KGap(
        headline=names[wo.headline], level=wo.level, bound=wo.bound, factor=wo.factor, data_factor=wo.factor ** 2,
        bound_factor=wo.factor ** wo.bound, estimable=ok,
        k=Estimate(g["k"], g["k_lo"], g["k_hi"], wo.level, estimable=ok), k_reverse=g["k_reverse"], r2=g["r2"],
        compute_reverse=g["log10_compute_reverse"] if ok else NAN,
        compute_fitted=g["log10_compute_fitted"] if ok else NAN,
        gap_reverse=g["gap_reverse"] if ok else NAN, gap_fitted=g["gap_decades"] if ok else NAN,
        n_estimable=len(est), n_above=len(above), above=_names(above["benchmark"], names), any_above=bool(len(above)),
        not_estimable=_names(gap.loc[~gap["estimable"], "benchmark"], names),
        any_not_estimable=bool((~gap["estimable"]).any()))


# ---------------------------------------------------------------- the conclusion


@dataclass
class OutOfSample:
    """The out-of-sample chapter's result for the headline benchmark (its ``out_of_sample.csv`` row)."""

    n_train: Count
    n_test: Count
    level: Share
    coverage: Annotated[Estimate, Kind("share", 2)]  # with its Clopper–Pearson confidence interval
    share_below: Percent
    efficiency: FactorEstimate  # times less compute, with Fieller's interval
    answers: dict = field(default_factory=dict, repr=False)


@dataclass
class Conclusion:
    """Section "Conclusion": what the paper claimed, what this edition reproduced and found, on the headline
    benchmark (every statement names it) and over all benchmarks."""

    level: Share
    headline: str
    n: Count
    v1_r2_low: Percent  # the paper's R² range (data/literature.toml)
    v1_r2_high: Percent
    has_paper_r2: bool  # the paper reported an R² for the headline benchmark and metric
    paper_r2: Percent
    paper_r2_gain: Number2  # points of R² the paper's time trend adds
    metric_label: str
    v1_years: Years
    sources: tuple[str, ...]  # where the benchmarks' data come from
    one_source: bool
    n_benchmarks: Count
    n_estimable: Count
    not_estimable: tuple[str, ...]
    any_not_estimable: bool
    any_estimable: bool
    r2_lo: Percent  # lowest and highest R² on all models among the estimable benchmarks
    r2_lo_name: str
    r2_hi: Percent
    r2_hi_name: str
    has_v1_range: bool  # some estimable benchmark has a v1-sample fit
    v1_lo: Percent
    v1_lo_name: str
    v1_hi: Percent
    v1_hi_name: str
    r2: Annotated[float, Kind("percent")]  # the headline benchmark's R² (as its page shows it)
    r2_gain: Points  # the R² a time trend adds
    years10: Number2Estimate
    quoted: Quoted
    population: str
    start: Year
    end: Year
    compute: Factor
    cpd: Factor
    spend: Factor
    alg: FactorEstimate  # the headline benchmark's algorithmic rate (not estimable: no number)
    alg_start: Year
    alg_end: Year
    has_oos: bool  # the out-of-sample chapter tested the headline benchmark
    oos: OutOfSample | None
    budget: Usd
    horizon: Year
    form: str
    last_target: Share
    last_hardware: YearEstimate  # the value only is quoted; not estimable: no year
    last_both: YearEstimate
    n_far_lo: Count  # targets both levers leave out of reach even at the favourable end of the interval
    far_lo: tuple[str, ...]
    any_far_lo: bool
    gap_n_above: Count
    gap_n_estimable: Count
    share_spend: PercentEstimate = None  # spending's share of the growth of compute, with its bootstrap interval
    spend_case: str = ""  # see Rates.spend_case
    alg_vs_hw: str = ""  # see Rates.alg_vs_hw
    any_gap_above: bool = False  # some benchmark's bracket lies wholly above the bound
    answers: dict = field(default_factory=dict, repr=False)


def conclusion(wo: W.WaysOut, names: dict[str, str], lit: Literature, q: W.QuotedCost, oos: W.OutOfSample | None,
               configs: dict[str, BenchmarkConfig], horizon: float) -> Conclusion:
    rep = wo.reproduction
    est = rep[rep["estimable"]]
    r = rep.set_index("benchmark").loc[wo.headline]
    cfg = configs[wo.headline]
    paper = lit.paper(wo.headline, cfg.metric)
    v1 = est[est["v1_r2"].notna()]
    alg, dec = wo.algorithms[wo.headline], wo.decomposition
    last = target(wo.scenarios, wo.headline, wo.targets[wo.headline][-1], wo.form, wo.level, wo.base_year)
    far_lo = W.beyond(counted_targets(wo.scenarios)[0], horizon, "affordable_year_lo", scenario="both")
    gap = wo.k_gap[wo.k_gap["estimable"]]
    sources = tuple(dict.fromkeys(configs[b].source for b in wo.mains))
    has_paper = paper is not None and paper.r2 is not None and paper.r2_gain_time_trend is not None

    def extreme(df, col, pick):
        if not len(df):
            return NAN, ""
        row = df.loc[getattr(df[col], pick)()]
        return float(row[col]), str(row["name"])

    (r2_lo, r2_lo_name), (r2_hi, r2_hi_name) = extreme(est, "r2", "idxmin"), extreme(est, "r2", "idxmax")
    (v1_lo, v1_lo_name), (v1_hi, v1_hi_name) = extreme(v1, "v1_r2", "idxmin"), extreme(v1, "v1_r2", "idxmax")
    return Conclusion(
        level=wo.level, headline=names[wo.headline], n=int(r["n"]), v1_r2_low=lit.value("v1_r2_low"),
        v1_r2_high=lit.value("v1_r2_high"), has_paper_r2=has_paper, paper_r2=paper.r2 if has_paper else NAN,
        paper_r2_gain=100 * paper.r2_gain_time_trend if has_paper else NAN,
        metric_label=cfg.metric_label, v1_years=lit.value("v1_years_per_10x"), sources=sources,
        one_source=len(sources) == 1, n_benchmarks=len(rep), n_estimable=len(est),
        not_estimable=_names(rep.loc[~rep["estimable"], "benchmark"], names),
        any_not_estimable=bool((~rep["estimable"]).any()), any_estimable=bool(len(est)), r2_lo=r2_lo,
        r2_lo_name=r2_lo_name, r2_hi=r2_hi, r2_hi_name=r2_hi_name, has_v1_range=bool(len(v1)), v1_lo=v1_lo,
        v1_lo_name=v1_lo_name, v1_hi=v1_hi, v1_hi_name=v1_hi_name, r2=float(r["r2"]),
        r2_gain=float(r["r2_gain_time_trend"]), years10=years_per_tenfold(alg),
        quoted=quoted(q, wo.level, wo.base_year),
        population=dec.population, start=dec.per_dollar.start, end=dec.per_dollar.end,
        compute=dec.compute.per_year, cpd=dec.per_dollar.per_year, spend=dec.spending.per_year,
        alg=rate_interval(alg, "Fieller interval"), alg_start=alg.start, alg_end=alg.end,
        has_oos=oos is not None,
        oos=None if oos is None else OutOfSample(
            oos.n_train, oos.n_test, oos.level,
            Estimate(oos.coverage, oos.coverage_lo, oos.coverage_hi, oos.level),
            oos.share_below, Estimate(oos.efficiency, oos.efficiency_lo, oos.efficiency_hi, oos.level,
                                      "Fieller interval", estimable=oos.efficiency_estimable),
            answers={"coverage": Answer(question_id("oos_coverage", wo.headline, cfg.metric)),
                     "efficiency": Answer(question_id("compute_saved", wo.headline, cfg.metric))}),
        budget=wo.budget_usd, horizon=horizon, form=wo.form, last_target=last.target,
        last_hardware=last.hardware, last_both=last.both, n_far_lo=len(far_lo),
        far_lo=_names(far_lo["benchmark"], names),
        any_far_lo=bool(len(far_lo)), gap_n_above=int(gap["bracket_above_bound"].sum()), gap_n_estimable=len(gap),
        share_spend=spending_shares(dec)[0], spend_case=spending_shares(dec)[2],
        alg_vs_hw=lever_comparison(alg, dec.per_dollar),
        any_gap_above=bool(gap["bracket_above_bound"].any()),
        answers={"r2": Answer(question_id("r2", wo.headline, cfg.metric)),
                 "r2_gain": Answer(question_id("time_trend_gain", wo.headline, cfg.metric)),
                 "years10": Answer(question_id("years_per_tenfold", wo.headline, cfg.metric)),
                 "cpd": GROWTH_CPD, "last_hardware": last.answers["hardware"], "last_both": last.answers["both"],
                 "level": Answer("spec:level"), "budget": Answer("spec:budget")})
