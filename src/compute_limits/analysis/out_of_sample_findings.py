"""What the out-of-sample chapter states about the benchmark test, as typed values.

One dataclass per section of ``chapters/out_of_sample.md`` (:func:`setup`, :func:`later`, :func:`imputation`,
:func:`slope`, :func:`forms`): counts, shares and estimates annotated with their kinds
(:mod:`compute_limits.quantities`), and the flags and short tokens that pick a sentence's variant in the
chapter (``{if}`` blocks).  Every sentence is written in the chapter; here are only the values it cites.
Where no benchmark could be tested, ``tested`` is False and the numbers are missing (the chapter then
says so instead of citing them).  From an :class:`~.out_of_sample.Evaluation`; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
import pandas as pd

from ..quantities import (Answer, Coef, CoefEstimate, Count, Estimate, FactorEstimate, Kind, Month, NumberEstimate,
                          PValue, Share)
from ..stats.forms import PAPER_FORM, PAPER_FORMS
from .compute_measures import MIN_CONVERSION_ROWS
from .headlines import question_id
from .out_of_sample import CUTOFF, BenchmarkTest, Efficiency, Evaluation, Scored

Percent = Annotated[float, Kind("share", 2)]  # a share to two significant digits ("92%")
PercentEstimate = Annotated[Estimate, Kind("share", 2)]
Number2 = Annotated[float, Kind("number", 2)]
Number3 = Annotated[float, Kind("number", 3)]

NAN = math.nan
V1_DIFFERS = "v1 sample (models published before July 2020)"


def _q(t: BenchmarkTest, kind: str, differs: str = "") -> Answer:
    return Answer(question_id(kind, t.config.id, t.config.metric), differs)


def _names(ids, names: dict[str, str]) -> tuple[str, ...]:
    return tuple(names.get(b, b) for b in ids)


def residual_estimate(value: float, lo: float, hi: float, level: float) -> Estimate:
    """A mean residual with its confidence interval (the value alone where the interval is missing)."""
    bounded = bool(np.isfinite(lo) and np.isfinite(hi))
    return Estimate(value, lo if bounded else value, hi if bounded else value, level, "confidence interval",
                    estimable=bool(np.isfinite(value)))


def coverage_estimate(s: Scored) -> Estimate:
    """The share of later models inside the prediction interval, with its Clopper–Pearson interval."""
    return Estimate(s.interval_coverage, s.interval_coverage_lo, s.interval_coverage_hi, s.level,
                    "confidence interval", estimable=bool(np.isfinite(s.interval_coverage_lo)))


def efficiency_estimate(e: Efficiency) -> Estimate:
    """How many times less compute the later models needed, with Fieller's interval (not estimable when
    the interval is unbounded)."""
    return Estimate(e.factor, e.lo, e.hi, e.level, "Fieller interval", estimable=e.estimable)


def coverage_vs_nominal(s) -> str:
    """``"consistent"`` when the nominal level lies inside the coverage's interval, else ``"below"`` or
    ``"above"`` (``"unknown"`` without an interval)."""
    if not np.isfinite(s.interval_coverage_lo):
        return "unknown"
    if s.interval_coverage_lo <= s.level <= s.interval_coverage_hi:
        return "consistent"
    return "below" if s.interval_coverage_hi < s.level else "above"


def nominal(s) -> bool:
    return coverage_vs_nominal(s) == "consistent"


# ---------------------------------------------------------------- the test and its set-up


@dataclass
class Setup:
    """Section "The test": which benchmarks are tested and how the compute of each side is imputed."""

    level: Share
    min_test_models: Count
    coverage_step: Percent  # how much one model moves the coverage at the fewest later models
    n_benchmarks: Count
    n_tested: Count
    any_tested: bool
    tested: tuple[str, ...]  # names of the tested benchmarks
    few_later: tuple[str, ...]  # skipped: too few later models
    any_few_later: bool
    no_v1: tuple[str, ...]  # skipped: too few models before July 2020 to fit
    any_no_v1: bool
    converts: bool  # a tested benchmark's compute is imputed by a conversion (the sentences describe it)
    conv_name: str = ""  # that benchmark
    conv_pooled: bool = False  # its own models are too few: the conversion pools every benchmark's
    conv_owners: tuple[str, ...] = ()  # whose models the 2020 conversion is fitted on
    min_conversion_rows: Count = MIN_CONVERSION_ROWS
    conv_n: Count = None  # models the 2020 conversion is fitted on
    conv_latest: Month = NAN  # the latest of them
    later_conv_n: Count = None  # models the all-model conversion is fitted on
    later_conv_n_after: Count = None  # of them, dated July 2020 or later
    later_conv_latest: Month = NAN
    n_converted_v1: Count = None  # models of the 2020 fit whose compute the conversion supplies
    n_train: Count = None  # models of that benchmark's 2020 fit
    n_converted_later: Count = None
    n_test: Count = None


def setup(ev: Evaluation, head: BenchmarkTest | None, names: dict[str, str]) -> Setup:
    """``head``: the test the prose quotes; the conversion described is its own, else the first tested
    benchmark's that has one."""
    sk = ev.skipped
    out = dict(level=ev.level, min_test_models=ev.min_test_models,
               coverage_step=1 / max(ev.min_test_models - 1, 1), n_benchmarks=len(names), n_tested=len(ev.tests),
               any_tested=bool(ev.tests), tested=_names(ev.tests, names),
               few_later=tuple(sk.loc[sk["reason"] == "few_later", "name"]),
               any_few_later=bool((sk["reason"] == "few_later").any()),
               no_v1=tuple(sk.loc[sk["reason"] == "no_v1", "name"]), any_no_v1=bool((sk["reason"] == "no_v1").any()))
    ordered = ([head] if head is not None else []) + list(ev.tests.values())
    t = next((x for x in ordered if x.conversion is not None), None)
    if t is None:
        return Setup(**out, converts=False)
    c, lc = t.conversion, t.later_conversion
    return Setup(**out, converts=True, conv_name=t.config.name, conv_pooled=c.source != "own",
                 conv_owners=_names(dict.fromkeys(c.data["benchmark"]), names), conv_n=c.n, conv_latest=c.latest,
                 later_conv_n=lc.n, later_conv_n_after=int((lc.data["date"] >= CUTOFF).sum()),
                 later_conv_latest=lc.latest, n_converted_v1=t.n_converted_v1, n_train=t.paper.n_train,
                 n_converted_later=t.n_converted_later, n_test=t.paper.n_test)


# ---------------------------------------------------------------- the later models


def outside_case(n_outside: int, n_below: int) -> str:
    """Where the later models outside the prediction interval lie: ``"none"``, ``"one_below"``,
    ``"one_above"``, ``"all_below"``, ``"all_above"`` or ``"some_below"`` (some below, the rest above)."""
    if n_outside == 0:
        return "none"
    side = "below" if n_below else "above"
    if n_outside == 1:
        return f"one_{side}"
    return f"all_{side}" if n_below in (0, n_outside) else "some_below"


@dataclass
class Later:
    """Section "The later models against the 2020 fits": the quoted benchmark's test and counts over all."""

    tested: bool
    headline_name: str  # the benchmark the prose asked for
    name: str = ""  # the benchmark it quotes (the first tested one when the headline cannot be tested)
    substitute: bool = False
    n_train: Count = None
    n_test: Count = None
    rmse_in: Number2 = NAN
    rmse_out: Number2 = NAN
    rmse_expected: Number2 = NAN  # what the 2020 fit itself expects for new models
    rmse_ratio: Number2 = NAN
    share_below: Percent = NAN
    mean_residual: CoefEstimate = None
    error_change: Percent = NAN  # |1 − 10^mean residual|: how much lower (or higher) the error is than predicted
    error_vs_prediction: str = ""  # "lower", "higher" or "same" (within half a percent)
    efficiency: FactorEstimate = None
    coverage: PercentEstimate = None
    coverage_vs_nominal: str = ""  # "consistent", "below", "above" (see coverage_vs_nominal)
    n_outside: Count = None
    n_outside_below: Count = None
    outside: str = ""  # see outside_case
    time_trend: bool = False  # the 2020 fit with a time trend could be fitted
    years_per_10x: Number2 = NAN  # of that fit (missing where it finds no progress)
    years_per_10x_estimable: bool = False
    tt_mean: Coef = NAN  # mean residual of the later models under the 2020 fit with a time trend
    tt_rmse: Number2 = NAN
    tt_absorbs: bool = False  # the time trend halves the mean residual at least
    n_tt_better: Count = None  # tested benchmarks the time trend predicts better than compute alone
    n_all_later: Count = None  # later models of every tested benchmark
    share_below_all: Percent = NAN
    coverage_all: Percent = NAN
    n_below_trend: Count = None  # tested benchmarks whose later models' mean residual is negative
    n_below_trend_clear: Count = None  # of those, with a confidence interval wholly below zero
    level_case: str = ""  # the mean residual's interval: "below" zero, "above" zero, or "on" (includes zero)
    n_outside_above: Count = None
    expected_below: Number3 = NAN  # models expected below the band at the nominal level, n·(1 − level)/2
    p_below: PValue = NAN  # one-sided binomial test of n_outside_below or more below the band
    below_excess: bool = False  # p_below < 1 − level: more models below the band than its level allows
    conversion_in_band: bool = False  # the band carries the 2020 conversion's uncertainty
    band_widening: Annotated[float, Kind("share", 2)] = NAN  # how much it widens the band (mean, relative)
    coverage_fit_only: Percent = NAN  # the coverage without it
    side_changes: bool = False  # carrying it moves some model into or out of the band
    below_holm: bool = False  # the test of the models below the band survives Holm's adjustment (tests table)
    answers: dict = field(default_factory=dict, repr=False)


def later(ev: Evaluation, head: BenchmarkTest | None, headline_name: str, adjusted: pd.DataFrame | None = None) -> Later:
    """``adjusted``: :func:`~.out_of_sample_results.tests_table`, which says whether the test of the models below
    the band survives the adjustment for every test of the chapter."""
    if head is None:
        return Later(tested=False, headline_name=headline_name)
    p, tests = head.paper, list(ev.tests.values())
    models = pd.concat([t.paper.models for t in tests], ignore_index=True)
    change = 1 - 10 ** p.mean_residual
    tt = bool(np.isfinite(head.time_trend_mean_residual))
    return Later(
        tested=True, headline_name=headline_name, name=head.config.name, substitute=head.config.name != headline_name,
        n_train=p.n_train, n_test=p.n_test, rmse_in=p.rmse_in_sample, rmse_out=p.rmse_out_of_sample,
        rmse_expected=p.rmse_expected, rmse_ratio=p.rmse_ratio, share_below=p.share_below,
        mean_residual=residual_estimate(p.mean_residual, p.mean_residual_lo, p.mean_residual_hi, p.level),
        error_change=abs(change),
        error_vs_prediction="" if not np.isfinite(change) else "same" if abs(change) < 0.005 else (
            "lower" if change > 0 else "higher"),
        efficiency=efficiency_estimate(head.efficiency), coverage=coverage_estimate(p),
        coverage_vs_nominal=coverage_vs_nominal(p), n_outside=p.n_outside, n_outside_below=p.n_outside_below,
        outside=outside_case(p.n_outside, p.n_outside_below), time_trend=tt,
        years_per_10x=head.years_per_10x if head.years_per_10x > 0 else NAN,
        years_per_10x_estimable=bool(head.years_per_10x > 0), tt_mean=head.time_trend_mean_residual,
        tt_rmse=head.time_trend_rmse,
        tt_absorbs=bool(abs(head.time_trend_mean_residual) < abs(p.mean_residual) / 2),
        n_tt_better=sum(bool(t.time_trend_rmse < t.paper.rmse_out_of_sample) for t in tests),
        n_all_later=len(models), share_below_all=float((models["residual"] < 0).mean()),
        coverage_all=float(models["inside"].mean()),
        n_below_trend=sum(bool(t.paper.mean_residual < 0) for t in tests),
        n_below_trend_clear=sum(bool(t.paper.mean_residual_hi < 0) for t in tests),
        level_case="below" if p.mean_residual_hi < 0 else "above" if p.mean_residual_lo > 0 else "on",
        n_outside_above=p.n_outside_above, expected_below=p.expected_below, p_below=p.p_below,
        below_excess=bool(p.p_below < 1 - p.level),
        conversion_in_band=bool(np.any(head.conversion_cov.get(PAPER_FORM, np.zeros((2, 2))) != 0)),
        band_widening=p.band_widening, coverage_fit_only=p.coverage_fit_only,
        side_changes=bool(p.coverage_fit_only != p.interval_coverage),
        below_holm=_survives(adjusted, "below_band", head.config.id),
        answers={"coverage": _q(head, "oos_coverage"), "efficiency": _q(head, "compute_saved"),
                 "years_per_10x": _q(head, "years_per_tenfold", V1_DIFFERS)})


def _survives(tests: pd.DataFrame | None, test: str, benchmark: str) -> bool:
    """Whether ``test`` on ``benchmark`` is significant after Holm's adjustment in the tests table."""
    if tests is None or not len(tests):
        return False
    row = tests[(tests["test"] == test) & (tests["benchmark"] == benchmark)]
    return bool(len(row) and bool(row["significant_holm"].iloc[0]))


# ---------------------------------------------------------------- what using only July 2020's data changes


@dataclass
class Imputation:
    """Section "What using only the data of July 2020 changes": the test under each way of imputing compute
    (:attr:`~.out_of_sample.BenchmarkTest.variants`)."""

    compared: bool  # the quoted benchmark imputes compute, so the variants exist
    name: str = ""
    k_before: Number3 = NAN  # the leaky set-up (one conversion on all models)
    k_after: Number3 = NAN  # this chapter's
    coverage_before: Percent = NAN
    coverage_after: Percent = NAN
    residual_before: Coef = NAN
    residual_after: Coef = NAN
    efficiency_before: FactorEstimate = None
    efficiency_after: FactorEstimate = None
    strict_coverage: Percent = NAN  # the later models imputed with the 2020 conversion as well
    strict_efficiency: FactorEstimate = None
    measured_n: Count = None  # later models with a measured burden
    measured_residual: CoefEstimate = None
    measured_coverage: PercentEstimate = None
    all_below: bool = False  # every variant's mean residual is negative: the verdict does not rest on the conversion


def imputation(head: BenchmarkTest | None) -> Imputation:
    v = {x.variant: x for x in head.variants} if head is not None else {}
    if "leaky" not in v:
        return Imputation(compared=False)
    lk, mn, st, me = v["leaky"], v["main"], v["strict_2020"], v["measured"]
    return Imputation(
        compared=True, name=head.config.name, k_before=lk.k, k_after=mn.k, coverage_before=lk.interval_coverage,
        coverage_after=mn.interval_coverage, residual_before=lk.mean_residual, residual_after=mn.mean_residual,
        efficiency_before=efficiency_estimate(lk.efficiency), efficiency_after=efficiency_estimate(mn.efficiency),
        strict_coverage=st.interval_coverage, strict_efficiency=efficiency_estimate(st.efficiency),
        measured_n=me.n_test,
        measured_residual=residual_estimate(me.mean_residual, me.mean_residual_lo, me.mean_residual_hi, me.level),
        measured_coverage=coverage_estimate(me), all_below=all(x.mean_residual < 0 for x in v.values()))


# ---------------------------------------------------------------- the exponent


@dataclass
class Slope:
    """Section "Did the slope move?": the interaction test of the quoted benchmark, and the count over all."""

    tested: bool
    level: Share
    n_tested: Count
    n_changed: Count  # tested benchmarks whose slope changed significantly
    name: str = ""
    k_v1: NumberEstimate = None  # exponent of the 2020 polynomial fit (not estimable when unbounded)
    slope_v1: Number2 = NAN
    slope_later: Number2 = NAN
    change: CoefEstimate = None  # later minus 2020 slope, with its confidence interval
    change_se: Number2 = NAN
    change_p: PValue = NAN
    significant: bool = False
    answers: dict = field(default_factory=dict, repr=False)


def slope(ev: Evaluation, head: BenchmarkTest | None) -> Slope:
    counts = dict(level=ev.level, n_tested=len(ev.tests),
                  n_changed=sum(bool(t.slope.significant) for t in ev.tests.values()))
    if head is None:
        return Slope(tested=False, **counts)
    s = head.slope
    return Slope(tested=True, **counts, name=head.config.name,
                 k_v1=Estimate(head.fits.fit(PAPER_FORM).k, head.k_lo, head.k_hi, ev.level,
                               estimable=bool(np.isfinite(head.k_lo) and np.isfinite(head.k_hi))),
                 slope_v1=s.slope_v1, slope_later=s.slope_later,
                 change=Estimate(s.change, s.change_lo, s.change_hi, s.level), change_se=s.change_se,
                 change_p=s.change_p, significant=s.significant,
                 answers={"k_v1": _q(head, "k", V1_DIFFERS), "change": _q(head, "slope_change")})


# ---------------------------------------------------------------- the two forms


def overall(t: BenchmarkTest) -> tuple[str, str]:
    """Which form, if any, wins on both criteria (the lower out-of-sample error, significantly, and a
    coverage consistent with the nominal level): ``(case, form)`` with case ``"wins"`` (``form`` wins),
    ``"too_narrow"`` (``form`` predicts better but its interval holds fewer later models than its level
    says), ``"too_wide"`` (… more than its level says), ``"undecided"`` (neither predicts better, every
    interval holds), ``"one_nominal"`` (neither predicts better; only ``form``'s interval holds),
    ``"some_nominal"`` (three or more forms: the intervals of some hold, ``form`` names them, joined by "and")
    or ``"none_nominal"`` (no interval holds)."""
    holds = {f: nominal(s) for f, s in t.scored.items()}  # every form in use
    better = t.forms.verdict_out_of_sample
    if better != "neither":
        if holds[better]:
            return "wins", better
        return ("too_wide" if coverage_vs_nominal(t.scored[better]) == "above" else "too_narrow"), better
    if all(holds.values()):
        return "undecided", ""
    held = [f for f, ok in holds.items() if ok]
    if len(held) == 1:
        return "one_nominal", held[0]
    if held:
        return "some_nominal", " and ".join(held)
    return "none_nominal", ""


@dataclass
class Forms:
    """Section "Polynomial or exponential?": the two forms on the quoted benchmark, and counts over all."""

    tested: bool
    n_tested: Count
    n_decided: Count  # tested benchmarks where the two forms' out-of-sample errors differ significantly
    n_nominal_polynomial: Count  # tested benchmarks whose coverage interval holds the nominal level
    n_nominal_exponential: Count
    name: str = ""
    verdict_in_sample: str = ""  # a form in use or "neither" (the benchmark pages' rule)
    verdict_out_of_sample: str = ""  # the form with the lower error when the paired test is significant
    rmse_polynomial: Number2 = NAN
    rmse_exponential: Number2 = NAN
    p: PValue = NAN  # paired t-test of the squared residuals
    coverage_polynomial: PercentEstimate = None
    coverage_exponential: PercentEstimate = None
    nominal_polynomial: str = ""  # see coverage_vs_nominal
    nominal_exponential: str = ""
    overall: str = ""  # see overall()
    overall_form: str = ""
    answers: dict = field(default_factory=dict, repr=False)


def forms(ev: Evaluation, head: BenchmarkTest | None) -> Forms:
    """The section's sentences compare the paper's two forms (:data:`~compute_limits.stats.forms.PAPER_FORMS`);
    the verdict and the overall case weigh every form in use, and the table lists them all."""
    paper, other = PAPER_FORMS
    tests = list(ev.tests.values())
    counts = dict(n_tested=len(tests), n_decided=sum(t.forms.verdict_out_of_sample != "neither" for t in tests),
                  n_nominal_polynomial=sum(nominal(t.scored[paper]) for t in tests),
                  n_nominal_exponential=sum(nominal(t.scored[other]) for t in tests))
    if head is None:
        return Forms(tested=False, **counts)
    f, p, e = head.forms, head.scored[paper], head.scored[other]
    case, form = overall(head)
    return Forms(tested=True, **counts, name=head.config.name, verdict_in_sample=f.verdict_in_sample,
                 verdict_out_of_sample=f.verdict_out_of_sample, rmse_polynomial=f.rmse[paper],
                 rmse_exponential=f.rmse[other], p=f.msd_p, coverage_polynomial=coverage_estimate(p),
                 coverage_exponential=coverage_estimate(e), nominal_polynomial=coverage_vs_nominal(p),
                 nominal_exponential=coverage_vs_nominal(e), overall=case, overall_form=form,
                 answers={"coverage_polynomial": _q(head, "oos_coverage"),
                          "coverage_exponential": _q(head, "oos_coverage", f"{other} form")})


# ---------------------------------------------------------------- how many tests the chapter makes


@dataclass
class Multiplicity:
    """Section "How many tests": the tests the chapter reports (``out_of_sample_tests.csv``), how many would
    come out significant by chance alone, and how many survive Holm's adjustment."""

    level: Share
    n_tests: Count  # every test reported with a p-value
    n_per_benchmark: Count
    n_tested: Count
    n_growth: Count  # the compute side's changes of pace
    n_valid: Count
    n_invalid: Count  # tests without a valid p-value (a slope fitted to a running maximum)
    any_invalid: bool
    expected_false: Number2  # of the valid tests, expected significant if every null hypothesis held
    n_significant: Count  # valid tests with p below 1 − level
    n_holm: Count  # of them, still significant after Holm's adjustment


def multiplicity(tests: pd.DataFrame, n_per_benchmark: int, n_tested: int, level: float) -> Multiplicity:
    """From :func:`compute_limits.analysis.out_of_sample_results.tests_table`."""
    valid = tests[tests["valid"].astype(bool)]
    n_invalid = int(len(tests) - len(valid))
    return Multiplicity(
        level=level, n_tests=len(tests), n_per_benchmark=n_per_benchmark, n_tested=n_tested,
        n_growth=int((tests["test"] == "growth_change").sum()), n_valid=len(valid), n_invalid=n_invalid,
        any_invalid=bool(n_invalid), expected_false=len(valid) * (1 - level),
        n_significant=int(valid["significant"].astype(bool).sum()), n_holm=int(valid["significant_holm"].astype(bool).sum()))
