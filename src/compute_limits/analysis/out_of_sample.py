"""Did the 2020 extrapolations hold?  The v1 fits scored on the models they never saw.

The paper's first version (July 2020) fitted error against compute on the models published before
July 2020.  Here that fit is rebuilt from what existed then, and every later model is scored against it.

* **What existed in July 2020.**  Where a benchmark's compute is the consolidated hardware burden, part
  of it is imputed by the conversion regression (hardware burden on network operations).  The 2020 fit
  uses a conversion fitted only on models dated before the cut-off (pooled over benchmarks when one has
  too few; :func:`compute_limits.analysis.benchmarks.prepare`), so nothing dated later enters it.
* **The later models' compute** is imputed by the conversion fitted on all models: the best measurement
  of their compute there is.  Compute is an input of the test, not what it predicts (the error is), and
  the conversion never sees an error.  :func:`benchmark_test` also scores them with the 2020 conversion,
  and on the measured burdens alone, and reports the old, leaky set-up for comparison.
* :func:`score`: residuals on the common scale ``log10(error)`` (observed − predicted; negative: better
  than the 2020 line), RMSE in and out of sample, coverage of the ``level`` prediction interval with its
  Clopper–Pearson interval, the one-sided binomial tests of the misses on each side of the band, and the
  mean residual with its interval.  The band, the mean residual's interval and the compute factor carry
  the uncertainty of the 2020 conversion that imputes part of the 2020 fit's compute
  (:func:`compute_limits.analysis.projections.conversion_cov`, the delta method the future-cost chapter
  uses).  Every later model is scored against the same fitted line, so the models' coverage events are
  not independent: the Clopper–Pearson interval and the binomial tests assume they are.
* :func:`efficiency`: how many times less compute the later models needed than the 2020 line says,
  ``10^(−mean residual / slope)``, with Fieller's interval.
* :func:`slope_change`: one fit with a post-cut-off indicator and its interaction with log10 compute;
  the interaction is the post-minus-pre slope difference (statsmodels: estimate, s.e., p-value).
* :func:`form_comparison`: polynomial against exponential by the benchmark pages' criteria in sample
  (AIC and leave-one-out error) and their out-of-sample counterparts (error, with a paired test, and
  interval coverage).

DataFrames in, dataclasses out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from ..config import BenchmarkConfig
from ..stats import compare, forms
from ..stats.intervals import fieller, k_interval, prediction_band, t_quantile
from ..stats.regression import Fit, TimeTrend, fit_time_trend, slope_change_test, usable
from . import benchmarks as bm
from .projections import conversion_cov

CUTOFF = bm.V1_CUTOFF  # July 2020 as a decimal year: the v1 sample is date < CUTOFF
MIN_TEST_MODELS = 5  # default fewest later models for a benchmark to be evaluated

MODEL_COLUMNS = ["benchmark", "metric", "form", "model", "year", "date", "compute", "compute_source", "score",
                 "error", "predicted_error", "error_lo", "error_hi", "residual", "inside", "level"]


def split(rows: pd.DataFrame, cutoff: float = CUTOFF) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(before, after)``: rows dated before ``cutoff`` (the v1 sample) and on or after it.

    A year-only date is mid-year (July 1st), so a model known only to be from 2020 counts as later:
    it cannot be shown to predate July 2020.  Rows without a date are in neither part.
    """
    return rows[rows["date"] < cutoff], rows[rows["date"] >= cutoff]


def log10_error_residuals(fit: Fit, log10_c, error) -> np.ndarray:
    """``log10(observed error) − log10(predicted error)`` (NaN where an exponential fit predicts 1/error ≤ 0).

    Negative: the model's error is below the 2020 line at its compute (it needed less compute than the
    line says).  Under the polynomial form this is minus the residual of the response log10(1/error)."""
    predicted = forms.get(fit.form).log10_error(fit.predict_response(log10_c), *fit.extra)
    return np.log10(np.asarray(error, dtype=float)) - predicted


def rmse(residuals) -> float:
    """Root-mean-square of the finite residuals (NaN when there are none)."""
    r = np.asarray(residuals, dtype=float)
    r = r[np.isfinite(r)]
    return float(np.sqrt(np.mean(r ** 2))) if len(r) else math.nan


def coverage_interval(inside: int, n: int, level: float) -> tuple[float, float]:
    """Clopper–Pearson ``level`` interval of a coverage of ``inside`` out of ``n``."""
    if n == 0:
        return math.nan, math.nan
    lo, hi = proportion_confint(int(inside), int(n), alpha=1 - level, method="beta")
    return float(lo), float(hi)


def coverage_p(inside: int, n: int, level: float) -> float:
    """Two-sided exact binomial p-value of a coverage of ``inside`` out of ``n`` against the nominal ``level``,
    the central one (twice the smaller tail, at most one): below ``1 − level`` exactly when the nominal level
    lies outside the Clopper–Pearson interval of :func:`coverage_interval`."""
    if n == 0:
        return math.nan
    tails = (sps.binom.cdf(int(inside), int(n), level), sps.binom.sf(int(inside) - 1, int(n), level))
    return float(min(1.0, 2 * min(tails)))


def side_p(k: int, n: int, level: float) -> float:
    """One-sided exact binomial p-value of ``k`` or more of ``n`` models outside one side of a ``level``
    prediction band, where each side should hold ``(1 − level)/2`` of them (scipy's ``binomtest``)."""
    if n == 0:
        return math.nan
    return float(sps.binomtest(int(k), int(n), (1 - level) / 2, alternative="greater").pvalue)


@dataclass
class Scored:
    """One 2020 fit scored on later models (all residuals on log10 error)."""

    form: str
    n_train: int
    n_test: int
    rmse_in_sample: float
    rmse_out_of_sample: float
    rmse_expected: float  # what the fit itself expects for new models: √mean(σ² + x'Σx) (polynomial)
    rmse_ratio: float
    mean_residual: float
    mean_residual_lo: float  # polynomial form only (NaN otherwise)
    mean_residual_hi: float
    mean_residual_var: float  # of the mean residual: later scatter / n + variance of the line at the mean compute
    mean_residual_slope_cov: float  # covariance of the mean residual with the fit's slope
    interval_coverage: float
    interval_coverage_lo: float
    interval_coverage_hi: float
    share_below: float
    n_outside: int
    n_outside_below: int
    level: float
    models: pd.DataFrame = field(repr=False)  # one row per later model (MODEL_COLUMNS but benchmark/metric)
    n_outside_above: int = 0
    expected_below: float = math.nan  # models expected below the band at the nominal level: n·(1 − level)/2
    p_below: float = math.nan  # one-sided binomial test of n_outside_below (each side holds (1 − level)/2)
    p_above: float = math.nan
    p_coverage: float = math.nan  # two-sided exact binomial test of the coverage against the level
    mean_residual_p: float = math.nan  # two-sided t-test of the mean residual against zero (polynomial form)
    coverage_fit_only: float = math.nan  # the coverage of the band without the conversion's uncertainty
    band_widening: float = 0.0  # how much the conversion's uncertainty widens the band (mean, relative)


def score(fit: Fit, later: pd.DataFrame, level: float = 0.95, extra_cov=None) -> Scored:
    """Score ``fit`` on the ``later`` rows that have an error and the fit's compute measure.

    ``extra_cov`` (of the line's intercept and slope) is the uncertainty of the conversion that imputed part
    of the fit's compute: it widens the prediction band and the mean residual's interval."""
    rows = usable(later, fit.compute)
    form = forms.get(fit.form)
    x = np.log10(rows[fit.compute].to_numpy(dtype=float))
    err = rows["error"].to_numpy(dtype=float)
    extra = np.zeros((2, 2)) if extra_cov is None else np.asarray(extra_cov, dtype=float)
    band = prediction_band(fit, x, level, extra) if len(rows) else None
    own = prediction_band(fit, x, level) if len(rows) else None
    resid = log10_error_residuals(fit, x, err)
    y = form.response(err, *fit.extra)  # a form with a profile-fitted parameter at its fitted value

    def within(b):
        return (y >= b["response_lo"].to_numpy()) & (y <= b["response_hi"].to_numpy()) if len(rows) \
            else np.zeros(0, dtype=bool)

    inside = within(band)
    in_rmse = rmse(form.log10_error(fit.y, *fit.extra) - form.log10_error(fit.predict_response(fit.log10_c), *fit.extra))
    out_rmse, n = rmse(resid), len(rows)
    finite = resid[np.isfinite(resid)]
    mean = float(finite.mean()) if len(finite) else math.nan
    cov = np.asarray(fit.cov, dtype=float) + extra
    xbar = float(x.mean()) if n else math.nan
    var_m = cov_mb = math.nan
    lo = hi = p_mean = math.nan
    if fit.form == forms.PAPER_FORM and n >= 2:  # the chapter's statistics are of the paper's form
        var_m = float(np.var(resid, ddof=1) / n + cov[0, 0] + 2 * xbar * cov[0, 1] + xbar ** 2 * cov[1, 1])
        cov_mb = float(cov[0, 1] + xbar * cov[1, 1])
        df = min(fit.df_resid, n - 1)
        half = t_quantile(level, df) * math.sqrt(var_m)
        lo, hi = mean - half, mean + half
        p_mean = float(2 * sps.t.sf(abs(mean) / math.sqrt(var_m), df))
    cover_lo, cover_hi = coverage_interval(int(inside.sum()), n, level)
    below = ~inside & (resid < 0)  # below the band in error: a lower error than the band allows
    above = ~inside & ~(resid < 0)
    widening = float(np.mean((band["response_hi"] - band["response_lo"]) / (own["response_hi"] - own["response_lo"])) - 1) \
        if n else 0.0
    source = rows["consolidated_source"] if "consolidated_source" in rows and fit.compute.startswith("consolidated") \
        else pd.Series(fit.compute.replace("_", " "), index=rows.index)
    models = pd.DataFrame({
        "form": fit.form, "model": rows["model"].to_numpy(), "year": rows["year"].to_numpy(),
        "date": rows["date"].to_numpy(), "compute": 10.0 ** x, "compute_source": source.to_numpy(),
        "score": rows["score"].to_numpy(), "error": err,
        "predicted_error": band["error"].to_numpy() if n else [], "error_lo": band["lower"].to_numpy() if n else [],
        "error_hi": band["upper"].to_numpy() if n else [], "residual": resid, "inside": inside.astype(bool),
        "level": level,
    })
    return Scored(
        form=fit.form, n_train=int(fit.n), n_test=int(n), rmse_in_sample=in_rmse, rmse_out_of_sample=out_rmse,
        rmse_expected=float(np.sqrt(np.mean(band["se"] ** 2))) if n and fit.form == forms.PAPER_FORM else math.nan,
        rmse_ratio=out_rmse / in_rmse if in_rmse > 0 else math.nan, mean_residual=mean,
        mean_residual_lo=lo, mean_residual_hi=hi, mean_residual_var=var_m, mean_residual_slope_cov=cov_mb,
        interval_coverage=float(inside.mean()) if n else math.nan, interval_coverage_lo=cover_lo,
        interval_coverage_hi=cover_hi, share_below=float(np.mean(finite < 0)) if len(finite) else math.nan,
        n_outside=int((~inside).sum()), n_outside_below=int(below.sum()), level=level, models=models,
        n_outside_above=int(above.sum()), expected_below=n * (1 - level) / 2,
        p_below=side_p(int(below.sum()), n, level), p_above=side_p(int(above.sum()), n, level),
        p_coverage=coverage_p(int(inside.sum()), n, level), mean_residual_p=p_mean,
        coverage_fit_only=float(within(own).mean()) if n else math.nan, band_widening=widening)


@dataclass
class Efficiency:
    """How many times less compute the later models needed than the 2020 line says (> 1: they beat it)."""

    factor: float  # 10^(−mean residual / slope)
    lo: float
    hi: float
    estimable: bool  # the interval is bounded
    level: float


def efficiency(fit: Fit, scored: Scored, level: float = 0.95, extra_cov=None) -> Efficiency:
    """``10^(−m/b)`` for the mean residual m and the 2020 slope b, with Fieller's ``level`` interval for
    −m/b (m and b correlated through the line's coefficients; ``extra_cov``: the conversion's uncertainty,
    as in :func:`score`).  Fits of the paper's (polynomial) form with a positive slope only; an interval that
    reaches infinity is not estimable."""
    if fit.form != forms.PAPER_FORM or not fit.slope > 0 or not np.isfinite(scored.mean_residual_var):
        return Efficiency(math.nan, math.nan, math.nan, False, level)
    var_b = float(fit.cov[1, 1]) + (0.0 if extra_cov is None else float(np.asarray(extra_cov)[1, 1]))
    t = t_quantile(level, min(fit.df_resid, scored.n_test - 1))
    lo, hi = fieller(-scored.mean_residual, fit.slope, scored.mean_residual_var, var_b,
                     -scored.mean_residual_slope_cov, t)
    lo, hi = float(lo), float(hi)
    bounded = bool(np.isfinite(lo) and np.isfinite(hi))
    return Efficiency(10.0 ** (-scored.mean_residual / fit.slope), 10.0 ** lo if np.isfinite(lo) else 0.0,
                      10.0 ** hi if np.isfinite(hi) else math.inf, bounded, level)


@dataclass
class SlopeChange:
    """``y = a + b·x + c·post + d·post·x`` on the 2020 fit's rows and the later rows (x = log10 compute).

    ``slope_v1`` = b (the 2020 fit's slope), ``slope_later`` = b + d, ``change`` = d with its s.e.,
    two-sided p-value and ``level`` interval (pooled residual variance, statsmodels OLS)."""

    n_v1: int
    n_later: int
    slope_v1: float
    slope_later: float
    change: float
    change_se: float
    change_p: float
    change_lo: float
    change_hi: float
    significant: bool  # p < 1 − level
    level: float

    @property
    def k_later(self) -> float:
        return 1.0 / self.slope_later if self.slope_later > 0 else math.nan


def slope_change(fit: Fit, later: pd.DataFrame, level: float = 0.95) -> SlopeChange:
    """The interaction test of the slope on the later models against the 2020 fit (same response scale)."""
    rows = usable(later, fit.compute)
    t = slope_change_test(fit.log10_c, fit.y, np.log10(rows[fit.compute].to_numpy(dtype=float)),
                          forms.get(fit.form).response(rows["error"].to_numpy(dtype=float), *fit.extra), level)
    return SlopeChange(n_v1=int(fit.n), n_later=int(len(rows)), slope_v1=t.slope_before, slope_later=t.slope_after,
                       change=t.change, change_se=t.se, change_p=t.p, change_lo=t.lo, change_hi=t.hi,
                       significant=bool(t.p < 1 - level), level=level)


def time_trend_residuals(trend: TimeTrend, later: pd.DataFrame) -> np.ndarray:
    """log10(error) residuals of the later rows under the 2020 polynomial fit with a time trend."""
    rows = usable(later, trend.compute)
    pred = trend.predict_response(np.log10(rows[trend.compute].to_numpy(dtype=float)), rows["date"].to_numpy())
    return np.log10(rows["error"].to_numpy(dtype=float)) - forms.get(trend.form).log10_error(pred)


@dataclass
class FormComparison:
    """The forms in use out of sample (every form's error and coverage on the later models each predicts), the
    paper's two compared as the paper did (``msd_*``), and the in-sample verdict (the benchmark pages' rule)."""

    verdict_in_sample: str  # a form's name or neither (AIC and leave-one-out error agree)
    delta_aic: float  # AIC(exponential) − AIC(polynomial): > 0 favours the polynomial form
    n_paired: int  # later models every form predicts
    rmse: dict  # form → out-of-sample RMSE of log10(error) over the paired models
    coverage: dict  # form → share of the later models inside its prediction interval
    msd_difference: float  # the paper's pair: mean of r_poly² − r_exp² (< 0: polynomial closer)
    msd_p: float  # two-sided paired t-test of that mean
    verdict_out_of_sample: str  # the form with the lowest error when its paired test against every other form
    #                             is significant, else neither
    level: float


def _paired_test(r1, r2) -> tuple[float, float]:
    """Mean of ``r1² − r2²`` and its two-sided paired t-test's p-value (NaN with fewer than two or no spread)."""
    d = np.asarray(r1) ** 2 - np.asarray(r2) ** 2
    p = float(sps.ttest_1samp(d, 0.0).pvalue) if len(d) >= 2 and np.ptp(d) > 0 else math.nan
    return (float(d.mean()) if len(d) else math.nan), p


def form_comparison(fits: dict[str, Fit], scored: dict[str, Scored], level: float = 0.95) -> FormComparison:
    """The forms of ``scored`` out of sample on the later models they all predict, with the in-sample verdict
    over every form of ``fits`` (the benchmark pages' rule).  Out of sample, the form with the lowest mean
    squared residual is preferred when a paired t-test of the squared residuals separates it from every
    other form at ``level``; the paper's pair's own test is ``msd_*``."""
    c = compare.compare_forms(fits, level)
    names = list(scored)
    both = None
    for f in names:
        part = scored[f].models[["model", "residual"]].rename(columns={"residual": f})
        both = part if both is None else both.merge(part, on="model")
    both = both[np.all(np.isfinite(both[names].to_numpy(dtype=float)), axis=1)]
    msd = {f: float(np.mean(both[f].to_numpy() ** 2)) if len(both) else math.nan for f in names}
    paper, other = forms.PAPER_FORMS
    mean_d, p = _paired_test(both[paper], both[other])
    verdict = "neither"
    if len(names) == 2:  # the paper's pair: its own test decides
        if np.isfinite(p) and p < 1 - level:
            verdict = paper if mean_d < 0 else other
    elif len(both):
        best = min(names, key=lambda f: msd[f])
        tests = [_paired_test(both[best], both[g]) for g in names if g != best]
        if all(np.isfinite(q) and q < 1 - level and d < 0 for d, q in tests):
            verdict = best
    return FormComparison(
        verdict_in_sample=c["verdict"], delta_aic=c["delta_aic"], n_paired=int(len(both)),
        rmse={f: rmse(both[f]) for f in names}, coverage={f: scored[f].interval_coverage for f in names},
        msd_difference=mean_d, msd_p=p, verdict_out_of_sample=verdict, level=level)


@dataclass
class Variant:
    """The headline numbers of the test under one choice of how compute is imputed."""

    variant: str  # "leaky" (one conversion on all models, as before), "main", "strict_2020", "measured"
    n_train: int
    n_test: int
    mean_residual: float
    mean_residual_lo: float
    mean_residual_hi: float
    interval_coverage: float
    interval_coverage_lo: float
    interval_coverage_hi: float
    efficiency: Efficiency
    k: float  # exponent 1/slope of the variant's 2020 fit
    level: float


@dataclass
class BenchmarkTest:
    """Everything the chapter reports for one evaluated benchmark."""

    config: BenchmarkConfig
    fits: bm.MainFits  # the 2020 fits (v1 sample, conversion fitted before the cut-off)
    k_lo: float  # level interval of the 2020 exponent k = 1/slope (inf: unbounded)
    k_hi: float
    conversion: object  # the 2020 conversion (compute_measures.Conversion) or None
    later_conversion: object  # the conversion that imputes the later models' compute (all models) or None
    later: pd.DataFrame  # the later rows with the main measure (all-model conversion)
    n_converted_v1: int  # the 2020 fit's models whose compute the conversion supplies
    n_converted_later: int
    scored: dict[str, Scored]  # form → the 2020 fit in that form scored on the later models (every form in use)
    efficiency: Efficiency
    slope: SlopeChange
    forms: FormComparison
    time_trend_rmse: float
    time_trend_mean_residual: float
    years_per_10x: float  # of the 2020 time-trend fit
    variants: list[Variant]
    conversion_cov: dict = field(default_factory=dict)  # per form: what the 2020 conversion adds to (a, b)

    @property
    def paper(self) -> Scored:
        """The paper's form's scores (the chapter's coverage, residuals and compute saved are of its form)."""
        return self.scored[forms.PAPER_FORM]


def _variant(name: str, main: bm.MainFits, later: pd.DataFrame, level: float) -> Variant:
    fit = main.fit(forms.PAPER_FORM)
    extra = conversion_cov(fit, main)
    s = score(fit, later, level, extra)
    return Variant(name, s.n_train, s.n_test, s.mean_residual, s.mean_residual_lo, s.mean_residual_hi,
                   s.interval_coverage, s.interval_coverage_lo, s.interval_coverage_hi,
                   efficiency(fit, s, level, extra), fit.k if fit.k is not None else math.nan, level)


def _converted(rows: pd.DataFrame) -> int:
    return int((rows["consolidated_source"] == "converted").sum()) if "consolidated_source" in rows else 0


def benchmark_test(tables: dict[str, pd.DataFrame], config: BenchmarkConfig, level: float = 0.95,
                   min_test_models: int = MIN_TEST_MODELS) -> BenchmarkTest | str:
    """The 2020 fits of ``config``'s benchmark scored on its later models, or the reason it is skipped
    (``"no_v1"``: too few models before July 2020 to fit; ``"few_later"``: fewer than ``min_test_models``)."""
    then = bm.prepare(tables, config, conversion_cutoff=CUTOFF)
    now = bm.prepare(tables, config)
    fits = bm.main_fits(then, "v1")
    if fits is None:
        return "no_v1"
    _, later_all = split(now.data)
    later = usable(later_all, config.compute)
    if len(later) < min_test_models:
        return "few_later"
    extra = {f: conversion_cov(fits.fit(f), fits) for f in forms.FORMS}
    scored = {f: score(fits.fit(f), later, level, extra[f]) for f in forms.FORMS}
    try:
        trend = fit_time_trend(fits.rows, config.compute)
        tt = time_trend_residuals(trend, later)
        tt_rmse, tt_mean, years = rmse(tt), float(np.nanmean(tt)), trend.years_per_10x
    except ValueError:  # too few dated rows for the three-parameter fit
        tt_rmse = tt_mean = years = math.nan
    variants = [_variant("main", fits, later, level)]
    if then.conversion is not None:
        leaky = bm.main_fits(bm.prepare(tables, config, v1_cutoff=None), "v1")  # the earlier set-up
        variants.insert(0, _variant("leaky", leaky, later, level))
        variants.append(_variant("strict_2020", fits, split(then.data)[1], level))
        variants.append(_variant("measured", fits, later[later["consolidated_source"] == "hardware burden"], level))
    paper = fits.fit(forms.PAPER_FORM)
    k_lo, k_hi = k_interval(paper, level)
    return BenchmarkTest(
        config=config, fits=fits, k_lo=k_lo, k_hi=k_hi,
        conversion=then.conversion, later_conversion=now.conversion, later=later,
        n_converted_v1=_converted(fits.rows), n_converted_later=_converted(later), scored=scored,
        efficiency=efficiency(paper, scored[forms.PAPER_FORM], level, extra[forms.PAPER_FORM]),
        slope=slope_change(paper, later, level),
        forms=form_comparison(fits.fits, scored, level), time_trend_rmse=tt_rmse,
        time_trend_mean_residual=tt_mean, years_per_10x=years, variants=variants, conversion_cov=extra)


@dataclass
class Evaluation:
    """Every configured benchmark: the evaluated ones and the skipped ones (with counts)."""

    tests: dict[str, BenchmarkTest]
    skipped: pd.DataFrame  # benchmark, name, n_v1, n_later, reason ("no_v1" / "few_later")
    level: float
    min_test_models: int


def evaluate(tables: dict[str, pd.DataFrame], configs: dict[str, BenchmarkConfig], level: float = 0.95,
             min_test_models: int = MIN_TEST_MODELS) -> Evaluation:
    tests, skipped = {}, []
    for bid, cfg in configs.items():
        out = benchmark_test(tables, cfg, level, min_test_models)
        if isinstance(out, BenchmarkTest):
            tests[bid] = out
            continue
        before, after = split(usable(bm.prepare(tables, cfg, conversion_cutoff=CUTOFF).data, cfg.compute))
        later = split(usable(bm.prepare(tables, cfg).data, cfg.compute))[1]
        skipped.append({"benchmark": bid, "name": cfg.name, "n_v1": len(before), "n_later": len(later), "reason": out})
    return Evaluation(tests, pd.DataFrame(skipped, columns=["benchmark", "name", "n_v1", "n_later", "reason"]),
                      level, min_test_models)


def headline_test(ev: Evaluation, headline: str) -> BenchmarkTest | None:
    """The test the prose quotes: ``headline``'s, else the first evaluated benchmark's (None if none)."""
    if headline in ev.tests:
        return ev.tests[headline]
    return next(iter(ev.tests.values()), None)
