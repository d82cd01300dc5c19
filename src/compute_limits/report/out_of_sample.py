"""How the out-of-sample chapter shows the benchmark test: number phrases and what each section glues.

Every number is set by :mod:`compute_limits.report.numbers`; a quantity whose interval is unbounded (or,
for a growth rate, includes no growth) reads "not estimable from these data".  Each ``*_phrases``
function returns a dataclass of short strings for one section (glued with ``glue_all``); where there is
nothing to report a field reads "—".  Display tables: :mod:`.out_of_sample_tables`; charts:
:mod:`.out_of_sample_charts`; the compute side and the quoted targets: :mod:`.out_of_sample_compute`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.compute_measures import MIN_CONVERSION_ROWS
from ..analysis.out_of_sample import CUTOFF, BenchmarkTest, Evaluation, Scored
from . import numbers as N
from .glue import Md
from .text import join

SKIP_REASONS = {"no_v1": "too few models before July 2020 to fit", "few_later": "too few later models"}
FORM_WORDS = {"polynomial": "the polynomial form", "exponential": "the exponential form"}


# ---------------------------------------------------------------- numbers


def signed(x, sig: int = 2) -> str:
    """``+0.012`` / ``−0.073`` (a residual or a change, with its sign)."""
    return ("+" if np.isfinite(x) and x > 0 else "") + N.number(x, sig)


def outside_phrase(n_outside: int, n_below: int) -> str:
    """Where the later models outside the prediction interval lie: "no model lies outside it", "the one
    model outside it lies below it", "all 5 models outside it lie below it", "3 of the 5 … lie below it"."""
    if n_outside == 0:
        return "no model lies outside it"
    if n_outside == 1:
        return f"the one model outside it lies {'below' if n_below else 'above'} it"
    if n_below in (0, n_outside):
        return f"all {N.integer(n_outside)} models outside it lie {'below' if n_below else 'above'} it"
    return f"{N.integer(n_below)} of the {N.integer(n_outside)} models outside it lie below it"


def residual_ci(value, lo, hi, level) -> str:
    """``−0.073 (95% CI −0.11 to −0.040)``; without bounds, the value alone."""
    if not np.isfinite(lo) or not np.isfinite(hi):
        return signed(value)
    return f"{signed(value)} ({N.pct(level, 0)} CI {N.interval(lo, hi, signed, sep=' to ', sig=2)})"


def coverage_ci(value, lo, hi, level) -> str:
    """``92% (95% CI 82%–97%)``."""
    return N.with_interval(value, lo, hi, N.pct, level, decimals=0)


def times_less(eff) -> str:
    """``12× (95% CI 3.0×–160×)``, or not estimable when the interval is unbounded."""
    if not eff.estimable:
        return N.NOT_ESTIMABLE
    return N.with_interval(eff.factor, eff.lo, eff.hi, N.factor, eff.level, sig=2)


def growth_ci(trend) -> str:
    """``14× a year (95% CI 6.5–28)``, or not estimable when its interval includes no growth."""
    if trend is None or not trend.estimable:
        return N.NOT_ESTIMABLE
    return (f"{N.growth(trend.growth_per_year)} ({N.pct(trend.level, 0)} CI "
            f"{N.interval(trend.growth_lo, trend.growth_hi, N.factor, sig=2)})")


def growth_range(trend) -> str:
    """The interval of a growth rate alone (``0.93×–7.0× a year``), to say why it is not estimable."""
    if trend is None:
        return N.MISSING
    return f"{N.interval(trend.growth_lo, trend.growth_hi, N.factor, sig=2)} a year"


def p_value(p) -> str:
    return N.MISSING if not np.isfinite(p) else ("below 0.001" if p < 0.001 else N.number(p, 2))


def k_ci(k, lo, hi, level) -> str:
    """The exponent with its interval; not estimable when the interval is unbounded."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return N.NOT_ESTIMABLE
    return N.with_interval(k, lo, hi, N.number, level, sig=3)


def month_year(decimal_date: float) -> str:
    """A decimal date (the data's mid-month convention) as ``March 2019``."""
    if not np.isfinite(decimal_date):
        return N.MISSING
    year = int(math.floor(decimal_date))
    month = min(12, int((decimal_date - year) * 12) + 1)
    return pd.Timestamp(year=year, month=month, day=1).strftime("%B %Y")


def window_label(start: float, end: float | None = None) -> str:
    """``2012–2019`` for the window [2012, 2020); ``July 2020 on`` for an open one from 2020.5."""
    if end is None or not np.isfinite(end):
        return f"{month_year(start)} on" if start % 1 else f"{int(start)} on"
    return f"{int(start)}{N.DASH}{math.ceil(end) - 1}"


def coverage_reading(s: Scored) -> Md:
    """Whether the nominal level lies inside the coverage's interval."""
    if not np.isfinite(s.interval_coverage_lo):
        return Md(N.MISSING)
    if s.interval_coverage_lo <= s.level <= s.interval_coverage_hi:
        return Md(f"consistent with the nominal {N.pct(s.level, 0)}")
    return Md(f"{'below' if s.interval_coverage_hi < s.level else 'above'} the nominal {N.pct(s.level, 0)}")


def _empty(cls, **given):
    return cls(**{f.name: given.get(f.name, N.MISSING) for f in dataclasses.fields(cls)})


# ---------------------------------------------------------------- the test and its set-up


@dataclass
class TestPhrases:
    level: str
    min_test_models: str
    coverage_step: str  # how much one model moves the coverage at the fewest later models
    n_benchmarks: str
    n_evaluated: str
    evaluated: str
    skipped: Md  # "SQuAD 1.1 and CoNLL 2003 (too few later models) are skipped" or "none is skipped"
    conv_name: str  # the benchmark whose conversion the sentences describe
    conv_n: str  # models the 2020 conversion is fitted on
    conv_latest: str  # the latest of them
    conv_pool: Md  # whose models they are
    later_conv_n: str
    later_conv_n_after: str  # of them, dated July 2020 or later
    later_conv_latest: str
    n_converted_v1: str  # "20 of the 40"
    n_converted_later: str


def test_phrases(ev: Evaluation, head: BenchmarkTest | None, names: dict[str, str]) -> TestPhrases:
    sk = ev.skipped
    parts = [f"{join(sk.loc[sk['reason'] == r, 'name'])} ({SKIP_REASONS[r]})" for r in SKIP_REASONS
             if (sk["reason"] == r).any()]
    base = _empty(TestPhrases, level=N.pct(ev.level, 0), min_test_models=N.integer(ev.min_test_models),
                  coverage_step=N.pct(1 / max(ev.min_test_models - 1, 1), 0),
                  n_benchmarks=N.integer(len(names)), n_evaluated=N.integer(len(ev.tests)),
                  evaluated=join(names[b] for b in ev.tests) or "none",
                  skipped=Md(f"{join(parts)} {'is' if len(sk) == 1 else 'are'} skipped" if len(sk) else "none is skipped"),
                  conv_pool=Md("no evaluated benchmark needs a conversion"))
    ordered = ([head] if head is not None else []) + list(ev.tests.values())
    t = next((x for x in ordered if x.conversion is not None), None)
    if t is None:
        return base
    c, lc = t.conversion, t.later_conversion
    owners = join(names.get(b, b) for b in dict.fromkeys(c.data["benchmark"]))
    pool = (f"all of them {t.config.name}'s own" if c.source == "own" else
            f"{t.config.name} has fewer than {N.integer(MIN_CONVERSION_ROWS)} of its own, so the conversion pools "
            f"the models of every benchmark, and before July 2020 all of them are {owners} models")
    return dataclasses.replace(
        base, conv_name=t.config.name, conv_n=N.integer(c.n), conv_latest=month_year(c.latest), conv_pool=Md(pool),
        later_conv_n=N.integer(lc.n), later_conv_latest=month_year(lc.latest),
        later_conv_n_after=N.integer((lc.data["date"] >= CUTOFF).sum()),
        n_converted_v1=f"{N.integer(t.n_converted_v1)} of the {N.integer(t.polynomial.n_train)}",
        n_converted_later=f"{N.integer(t.n_converted_later)} of the {N.integer(t.polynomial.n_test)}")


# ---------------------------------------------------------------- the later models


@dataclass
class LaterPhrases:
    name: str
    note: Md  # names the substitute when the headline benchmark could not be tested
    n_train: str
    n_test: str
    rmse_in: str
    rmse_out: str
    rmse_expected: str
    rmse_ratio: str
    share_below: str
    mean_residual: str
    error_change: str  # "16% lower than predicted"
    efficiency: str
    coverage: str
    coverage_reading: Md
    outside: Md  # "all 5 models outside it lie below it"
    years_per_10x: str
    tt_mean: str
    tt_rmse: str
    tt_reading: Md
    n_tt_better: str
    n_all_later: str
    share_below_all: str
    coverage_all: str
    n_below_trend: str
    n_below_trend_clear: str  # of those, how many have a confidence interval wholly below zero


def later_phrases(ev: Evaluation, head: BenchmarkTest | None, headline_name: str) -> LaterPhrases:
    if head is None:
        return _empty(LaterPhrases, note=Md(" (no benchmark has enough models on both sides of July 2020 to be tested)"),
                      coverage_reading=Md(N.MISSING), tt_reading=Md(N.MISSING), outside=Md(N.MISSING))
    p, tests = head.polynomial, list(ev.tests.values())
    later = pd.concat([t.polynomial.models for t in tests], ignore_index=True)
    change = 1 - 10 ** p.mean_residual
    note = "" if head.config.name == headline_name else (
        f" ({headline_name} cannot be tested, so this section reports {head.config.name})")
    return LaterPhrases(
        name=head.config.name, note=Md(note), n_train=N.integer(p.n_train), n_test=N.integer(p.n_test),
        rmse_in=N.number(p.rmse_in_sample, 2), rmse_out=N.number(p.rmse_out_of_sample, 2),
        rmse_expected=N.number(p.rmse_expected, 2), rmse_ratio=N.number(p.rmse_ratio, 2),
        share_below=N.pct(p.share_below, 0),
        mean_residual=residual_ci(p.mean_residual, p.mean_residual_lo, p.mean_residual_hi, p.level),
        error_change=("about as predicted" if abs(change) < 0.005 else
                      f"{N.pct(abs(change), 0)} {'lower' if change > 0 else 'higher'} than predicted"),
        efficiency=times_less(head.efficiency),
        coverage=coverage_ci(p.interval_coverage, p.interval_coverage_lo, p.interval_coverage_hi, p.level),
        coverage_reading=coverage_reading(p),
        outside=Md(outside_phrase(p.n_outside, p.n_outside_below)),
        years_per_10x=N.number(head.years_per_10x, 2) if head.years_per_10x > 0 else N.NOT_ESTIMABLE,
        tt_mean=signed(head.time_trend_mean_residual), tt_rmse=N.number(head.time_trend_rmse, 2),
        tt_reading=Md("the time trend absorbs most of the shift"
                      if abs(head.time_trend_mean_residual) < abs(p.mean_residual) / 2
                      else "the time trend does not absorb the shift"),
        n_tt_better=N.integer(sum(t.time_trend_rmse < t.polynomial.rmse_out_of_sample for t in tests)),
        n_all_later=N.integer(len(later)), share_below_all=N.pct((later["residual"] < 0).mean(), 0),
        coverage_all=N.pct(later["inside"].mean(), 0),
        n_below_trend=N.integer(sum(t.polynomial.mean_residual < 0 for t in tests)),
        n_below_trend_clear=N.integer(sum(t.polynomial.mean_residual_hi < 0 for t in tests)))


@dataclass
class FixPhrases:
    name: str
    coverage_before: str
    coverage_after: str
    residual_before: str
    residual_after: str
    efficiency_before: str
    efficiency_after: str
    k_before: str
    k_after: str
    strict_coverage: str
    strict_efficiency: str
    measured_n: str
    measured_residual: str
    measured_coverage: str
    reading: Md


def fix_phrases(head: BenchmarkTest | None) -> FixPhrases:
    v = {x.variant: x for x in head.variants} if head is not None else {}
    if "leaky" not in v:
        return _empty(FixPhrases, reading=Md("No tested benchmark imputes compute, so there is nothing to change"))
    lk, mn, st, me = v["leaky"], v["main"], v["strict_2020"], v["measured"]
    return FixPhrases(
        name=head.config.name, coverage_before=N.pct(lk.interval_coverage, 0),
        coverage_after=N.pct(mn.interval_coverage, 0), residual_before=signed(lk.mean_residual),
        residual_after=signed(mn.mean_residual), efficiency_before=times_less(lk.efficiency),
        efficiency_after=times_less(mn.efficiency), k_before=N.number(lk.k, 3), k_after=N.number(mn.k, 3),
        strict_coverage=N.pct(st.interval_coverage, 0), strict_efficiency=times_less(st.efficiency),
        measured_n=N.integer(me.n_test),
        measured_residual=residual_ci(me.mean_residual, me.mean_residual_lo, me.mean_residual_hi, me.level),
        measured_coverage=coverage_ci(me.interval_coverage, me.interval_coverage_lo, me.interval_coverage_hi, me.level),
        reading=Md("In every variant the later models lie below the 2020 line on average, so the verdict does not "
                   "rest on the conversion" if all(x.mean_residual < 0 for x in v.values()) else
                   "The sign of the mean residual depends on how compute is imputed, so the verdict rests in part "
                   "on the conversion"))


# ---------------------------------------------------------------- the exponent and the form


@dataclass
class SlopePhrases:
    name: str
    k_v1: str
    k_later: str
    slope_v1: str
    slope_later: str
    change: str
    change_se: str
    change_p: str
    change_ci: str
    reading: Md
    n_changed: str
    n_tested: str


def slope_phrases(ev: Evaluation, head: BenchmarkTest | None) -> SlopePhrases:
    if head is None:
        return _empty(SlopePhrases, reading=Md(N.MISSING))
    s = head.slope
    reading = ("the slope on the later models differs from the 2020 slope" if s.significant
               else "the data cannot tell the two slopes apart")
    return SlopePhrases(
        name=head.config.name, k_v1=k_ci(head.fits.polynomial.k, head.k_lo, head.k_hi, ev.level),
        k_later=N.number(s.k_later, 3) if np.isfinite(s.k_later) else N.NOT_ESTIMABLE,
        slope_v1=N.number(s.slope_v1, 2), slope_later=N.number(s.slope_later, 2), change=signed(s.change),
        change_se=N.number(s.change_se, 2), change_p=p_value(s.change_p),
        change_ci=f"{N.pct(s.level, 0)} CI {N.interval(s.change_lo, s.change_hi, signed, sep=' to ', sig=2)}",
        reading=Md(reading),
        n_changed=N.integer(sum(t.slope.significant for t in ev.tests.values())), n_tested=N.integer(len(ev.tests)))


@dataclass
class FormPhrases:
    name: str
    rmse_polynomial: str
    rmse_exponential: str
    p: str
    coverage_polynomial: str
    coverage_exponential: str
    reading_polynomial: Md
    reading_exponential: Md
    verdict_in_sample: Md
    verdict_out_of_sample: Md
    overall: Md  # the two criteria together
    n_decided: str  # benchmarks where the out-of-sample errors differ significantly
    n_tested: str
    n_nominal_polynomial: str  # benchmarks whose coverage interval holds the nominal level
    n_nominal_exponential: str


def _nominal(s: Scored) -> bool:
    return bool(s.interval_coverage_lo <= s.level <= s.interval_coverage_hi)


def _overall(t: BenchmarkTest) -> str:
    """Which form, if any, wins on both criteria: the lower out-of-sample error (significantly) and a
    coverage consistent with the nominal level."""
    nominal = {"polynomial": _nominal(t.polynomial), "exponential": _nominal(t.exponential)}
    better = t.forms.verdict_out_of_sample
    if better != "neither":
        if nominal[better]:
            return f"{FORM_WORDS[better]} wins on both criteria"
        return (f"neither form wins on both criteria: {FORM_WORDS[better]} predicts the errors better, "
                "but its interval is too narrow")
    if all(nominal.values()):
        return "the later data do not decide between the forms"
    if any(nominal.values()):
        form = next(f for f, ok in nominal.items() if ok)
        return f"the errors do not decide, and only {FORM_WORDS[form]}'s interval holds the later models at its nominal rate"
    return "neither form's interval holds the later models at its nominal rate"


def form_phrases(ev: Evaluation, head: BenchmarkTest | None) -> FormPhrases:
    if head is None:
        return _empty(FormPhrases, **{k: Md(N.MISSING) for k in ("reading_polynomial", "reading_exponential",
                                                                  "verdict_in_sample", "verdict_out_of_sample",
                                                                  "overall")})
    f, tests = head.forms, list(ev.tests.values())
    vin = ("the data do not decide between the forms" if f.verdict_in_sample == "neither"
           else f"the data prefer {FORM_WORDS[f.verdict_in_sample]}")
    vout = ("the two forms' errors cannot be told apart" if f.verdict_out_of_sample == "neither"
            else f"{FORM_WORDS[f.verdict_out_of_sample]} predicts the errors better")
    p, e = head.polynomial, head.exponential
    return FormPhrases(
        name=head.config.name, rmse_polynomial=N.number(f.rmse_polynomial, 2),
        rmse_exponential=N.number(f.rmse_exponential, 2), p=p_value(f.msd_p),
        coverage_polynomial=coverage_ci(p.interval_coverage, p.interval_coverage_lo, p.interval_coverage_hi, p.level),
        coverage_exponential=coverage_ci(e.interval_coverage, e.interval_coverage_lo, e.interval_coverage_hi, e.level),
        reading_polynomial=coverage_reading(p), reading_exponential=coverage_reading(e),
        verdict_in_sample=Md(vin), verdict_out_of_sample=Md(vout), overall=Md(_overall(head)),
        n_decided=N.integer(sum(t.forms.verdict_out_of_sample != "neither" for t in tests)),
        n_tested=N.integer(len(tests)), n_nominal_polynomial=N.integer(sum(_nominal(t.polynomial) for t in tests)),
        n_nominal_exponential=N.integer(sum(_nominal(t.exponential) for t in tests)))
