"""One benchmark's data made ready for the fits, its main fits, and every fit its page reports.

* :func:`prepare`: the benchmark's table with the consolidated hardware burden (hardware burden where
  known, else converted from network operations by the conversion regression), optionally with the
  conversion fitted only on models dated before a cut-off (what existed then).  It also prepares the v1
  sample's table, whose conversion is fitted only on models dated before July 2020, so every page fits
  one v1 sample the same way (:meth:`Prepared.for_sample`).
* :func:`sample_rows`: all models, or the v1 sample (published before July 2020).
* :func:`main_fits`: the fits of every form (the paper's polynomial and exponential) on the main compute measure.
* :func:`analyse`: everything a benchmark page reports (every form on every compute measure with
  enough models, the time trend, the efficient frontier, family fits, the form comparison, the
  compute check), as one :class:`BenchmarkAnalysis` with its results tables.
* :func:`frontier_fit`: the efficient frontier (a 10th-percentile quantile regression) with a
  paper-clustered bootstrap interval of its slope: a kernel standard error on a dozen models means little.
* :func:`fit_numbers`, :func:`trend_numbers`: what the pages cite of a fit, with ``level`` intervals
  and the book's "estimable" rule applied.

DataFrames in, dataclasses out; no file is read here (see :mod:`compute_limits.data.benchmarks`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..cache import cached
from ..config import BenchmarkConfig
from ..stats import compare, forms
from ..stats.bootstrap import cluster_groups, quantile_draws, with_draws
from ..stats.intervals import k_interval, ratio_interval, slope_estimable, slope_interval, t_quantile
from ..stats.regression import Fit, TimeTrend, fit_ols, fit_quantile, fit_time_trend, usable
from . import compute_measures as cm
from .families import family_fits

V1_CUTOFF = 2020.5  # the v1 sample: models published before July 2020 (decimal date < 2020.5)
SAMPLES = ("all", "v1")
SAMPLE_LABELS = {"all": "all models", "v1": "models published before July 2020 (the v1 sample)"}
MIN_FIT_ROWS = 5  # fewer usable rows than this: a fit is not reported
FRONTIER_QUANTILE = 0.1  # the efficient frontier: this quantile of the error response
FRONTIER_CLUSTER = "paper_link"  # the frontier's bootstrap resamples papers (all models of a paper together)
N_BOOT = 1000  # bootstrap resamples of the frontier (the chapters' n_boot)
SEED = 20200713  # and their seed (the chapters' seed)
INTERVALS = {"ols": "t", "bootstrap": "bootstrap"}  # fits.csv's `interval`: how a row's slope interval is made
MIN_TREND_DATES = 3  # distinct publication dates a time trend needs (else the year is not identified)
OTHER_MEASURES = ("hardware_burden", "network_operations")  # fitted as robustness checks


@dataclass
class Prepared:
    """A benchmark's table with ``consolidated_hardware_burden`` (and ``error_<metric>`` columns),
    and the conversion that filled it (``None`` when no row needed one).

    ``v1``: the same table consolidated for the v1 sample, with a conversion fitted only on models dated
    before July 2020 (``None`` when this table already is, or when asked for the earlier set-up).
    """

    config: BenchmarkConfig
    data: pd.DataFrame
    conversion: cm.Conversion | None
    v1: Prepared | None = None

    def for_sample(self, sample: str) -> Prepared:
        """The preparation a ``sample`` is fitted on: the v1 sample's own conversion for ``v1``."""
        return self.v1 if sample == "v1" and self.v1 is not None else self


def prepare(tables: dict[str, pd.DataFrame], config: BenchmarkConfig,
            conversion_cutoff: float | None = None, v1_cutoff: float | None = V1_CUTOFF) -> Prepared:
    """Consolidate compute for ``config``'s table (``tables`` holds every benchmark's, for pooling).

    The conversion is fitted on this benchmark's models with both measures when there are at least
    ``MIN_CONVERSION_ROWS``; otherwise on the pooled models of every benchmark (COCO has none of its
    own).  With ``conversion_cutoff`` only models dated before it enter the conversion.

    Without a ``conversion_cutoff``, the v1 sample gets its own preparation (``Prepared.v1``) whose
    conversion sees only the models dated before ``v1_cutoff``: the v1 sample stands for what existed in
    July 2020, and a conversion fitted on later models would carry them into it.  ``v1_cutoff=None`` keeps
    the earlier set-up (one conversion on all models for both samples), for the comparison that shows
    what it changed.
    """
    v1 = (prepare(tables, config, conversion_cutoff=v1_cutoff, v1_cutoff=None)
          if conversion_cutoff is None and v1_cutoff is not None else None)
    df = tables[config.id]
    needs = bool((df["hardware_burden"].isna() & df["network_operations"].notna()).any())
    conversion = None
    if needs:
        pool = list(tables.values())  # a model listed in several files counts once (choose_conversion)
        conversion = cm.choose_conversion(df, pool, cutoff=conversion_cutoff)
    df = cm.consolidate(df, conversion)
    for metric in {config.metric, config.robustness_metric} - {None}:
        if metric in df:
            df[f"error_{metric}"] = 1 - df[metric] / 100
    return Prepared(config, df, conversion, v1)


def sample_rows(df: pd.DataFrame, sample: str, cutoff: float = V1_CUTOFF) -> pd.DataFrame:
    """``all`` rows, or the ``v1`` sample: ``date < cutoff``.

    A row dated only by its year gets ``date = year + 0.5``; a year-only 2020 row therefore falls
    outside the v1 sample (it cannot be shown to predate July 2020).
    """
    if sample == "all":
        return df
    if sample == "v1":
        return df[df["date"] < cutoff]
    raise ValueError(f"unknown sample {sample!r}; expected one of {SAMPLES}")


def best_error(models: pd.DataFrame) -> float:
    """Today's best error among ``models`` (the main specification's "today"): the lowest error of any model
    with a score, whether or not its paper reports compute (NaN without one).  Rounded to 12 decimals, so a
    score of 88.5 reads as an error of 0.115 exactly."""
    err = models["error"]
    err = err[err.notna() & (err > 0)]
    return round(float(err.min()), 12) if len(err) else math.nan


@dataclass
class MainFits:
    """The main fits of one benchmark and sample: what every later chapter uses."""

    config: BenchmarkConfig
    model_set: str  # "all" or "v1"
    data: pd.DataFrame  # the sample's rows (all models, with or without score/compute)
    rows: pd.DataFrame  # the rows the fits use (score and main compute present)
    fits: dict[str, Fit]  # form name → fit, every registered form (:data:`compute_limits.stats.forms.REGISTRY`)
    conversion: cm.Conversion | None

    def __getattr__(self, name: str) -> Fit:
        """A form's fit by its name (``main.polynomial``)."""
        fits = self.__dict__.get("fits", {})
        if name in fits:
            return fits[name]
        raise AttributeError(name)

    @property
    def compute(self) -> str:
        return self.config.compute

    @property
    def today(self) -> float:
        """Today's best error of the sample (:func:`best_error` over every model with a score)."""
        return best_error(self.data)

    def fit(self, form: str) -> Fit:
        return self.fits[form]


def main_fits(prepared: Prepared, sample: str = "all", min_rows: int = MIN_FIT_ROWS) -> MainFits | None:
    """Both forms fitted on the main compute measure of ``sample``; ``None`` with fewer than ``min_rows``.
    The v1 sample is fitted on its own preparation (:meth:`Prepared.for_sample`)."""
    prepared = prepared.for_sample(sample)
    cfg = prepared.config
    data = sample_rows(prepared.data, sample)
    rows = usable(data, cfg.compute)
    if len(rows) < min_rows:
        return None
    meta = {"benchmark": cfg.id, "metric": cfg.metric, "model_set": sample}
    return MainFits(cfg, sample, data, rows, {f: fit_ols(data, f, cfg.compute, **meta) for f in forms.FORMS},
                    prepared.conversion)


# --------------------------------------------------------------------------
# What the pages cite of a fit
# --------------------------------------------------------------------------

NAN = float("nan")


@dataclass
class FitNumbers:
    """One fit's numbers with their ``level`` intervals; ``estimable`` is the book's rule on the slope."""

    form: str
    n: int
    intercept: float
    slope: float
    slope_se: float
    slope_lo: float
    slope_hi: float
    r2: float
    k: float  # 1/b (a form whose slope gives an exponent, the polynomial; NaN otherwise)
    k_lo: float
    k_hi: float  # inf when the slope's interval reaches zero
    k_reverse: float  # k·R², the exponent of the reverse regression (the other end of the bracket)
    estimable: bool


def fit_numbers(fit: Fit | TimeTrend, level: float = 0.95) -> FitNumbers:
    lo, hi = slope_interval(fit, level)
    poly = forms.get(fit.form).exponent and fit.slope != 0
    k_lo, k_hi = k_interval(fit, level) if poly else (NAN, NAN)
    k = 1.0 / fit.slope if poly else NAN
    reverse = getattr(fit, "k_reverse", None)  # Fit.k_reverse (a time-trend fit has no reverse regression)
    return FitNumbers(fit.form, fit.n, fit.intercept, fit.slope, fit.slope_se, lo, hi, fit.r2, k, k_lo, k_hi,
                      reverse if poly and reverse is not None else NAN, slope_estimable(lo, hi))


@dataclass
class TrendNumbers:
    """The time-trend fit: compute and year coefficients, the R² the year adds, and years per tenfold
    compute (slope / year slope) with its Fieller interval.  The ratio is estimable only when that
    interval is bounded and above zero (both coefficients positive and well determined)."""

    n: int
    slope: float
    slope_lo: float
    slope_hi: float
    slope_estimable: bool
    k: float
    year_slope: float
    year_lo: float
    year_hi: float
    year_estimable: bool
    r2: float
    r2_without_year: float
    r2_gain: float
    years: float
    years_lo: float
    years_hi: float
    years_estimable: bool


def trend_numbers(trend: TimeTrend, level: float = 0.95) -> TrendNumbers:
    ci = np.asarray(trend.result.conf_int(alpha=1 - level))
    cov = np.asarray(trend.cov)
    t = t_quantile(level, trend.df_resid)
    years_lo, years_hi = ratio_interval(trend.slope, trend.year_slope, cov[1, 1], cov[2, 2], cov[1, 2], t)
    years_ok = bool(np.isfinite(years_lo) and np.isfinite(years_hi) and years_lo > 0 and trend.years_per_10x > 0)
    return TrendNumbers(
        n=trend.n, slope=trend.slope, slope_lo=float(ci[1, 0]), slope_hi=float(ci[1, 1]),
        slope_estimable=slope_estimable(ci[1, 0], ci[1, 1]), k=trend.k if trend.k is not None else NAN,
        year_slope=trend.year_slope, year_lo=float(ci[2, 0]), year_hi=float(ci[2, 1]),
        year_estimable=slope_estimable(ci[2, 0], ci[2, 1]), r2=trend.r2, r2_without_year=trend.r2_without_year,
        r2_gain=trend.r2 - trend.r2_without_year, years=trend.years_per_10x, years_lo=years_lo, years_hi=years_hi,
        years_estimable=years_ok)


# --------------------------------------------------------------------------
# Every fit of one benchmark
# --------------------------------------------------------------------------

FIT_COLUMNS = ["benchmark", "metric", "form", "compute", "model_set", "n", "intercept", "intercept_se", "slope",
               "slope_se", "slope_lo", "slope_hi", "r2", "k", "k_lo", "k_hi", "estimable", "level", "interval"]
TIME_TREND_COLUMNS = ["benchmark", "metric", "model_set", "n", "compute_slope", "year_slope", "year_slope_se",
                      "r2", "r2_without_year", "years_per_10x_compute", "years_lo", "years_hi", "estimable",
                      "level"]
COMPARISON_COLUMNS = ["benchmark", "metric", "model_set", "compute", "n",
                      *(f"{q}_{f}" for q in ("r2", "aic", "loo_rmse") for f in forms.FORMS),
                      "delta_aic", "preferred", "preferred_aic", *(f"slope_estimable_{f}" for f in forms.FORMS),
                      "verdict", *(f"{q}_{f}" for f in forms.FORMS if forms.get(f).extra_params for q in ("extra", "extra_se"))]
CHECK_COLUMNS = ["benchmark", "metric", "model", "measure", "recorded", "rebuilt", "ratio", "status"]
FAMILY_RESULT_COLUMNS = ["benchmark", "metric", "family", "n", "slope", "slope_se", "slope_lo", "slope_hi", "r2",
                         "k", "k_lo", "k_hi", "estimable", "level"]


def frontier_form() -> str:
    """The ``form`` label of the frontier rows in ``fits.csv`` (``quantile10``)."""
    return f"quantile{round(100 * FRONTIER_QUANTILE)}"


def fit_row(fit: Fit | TimeTrend, metric: str, sample: str, level: float, form: str | None = None) -> dict:
    """One row of ``fits.csv`` (``FIT_COLUMNS``)."""
    num = fit_numbers(fit, level)
    return {"benchmark": fit.meta.get("benchmark", ""), "metric": metric, "form": form or fit.form,
            "compute": fit.compute, "model_set": sample, "n": fit.n, "intercept": fit.intercept,
            "intercept_se": fit.intercept_se, "slope": fit.slope, "slope_se": fit.slope_se,
            "slope_lo": num.slope_lo, "slope_hi": num.slope_hi, "r2": fit.r2, "k": num.k, "k_lo": num.k_lo,
            "k_hi": num.k_hi, "estimable": num.estimable, "level": level,
            "interval": INTERVALS["bootstrap" if getattr(fit, "slope_draws", None) is not None else "ols"]}


@cached
def _frontier_draws(x: np.ndarray, y: np.ndarray, clusters: tuple, q: float, n_boot: int, seed: int) -> np.ndarray:
    """The bootstrap draws of the frontier's line (seconds of quantile regressions: kept on disk)."""
    return quantile_draws(x, y, q, cluster_groups(list(clusters)), n_boot, np.random.default_rng(seed))


def frontier_fit(data: pd.DataFrame, compute: str, n_boot: int = N_BOOT, seed: int = SEED, **meta) -> Fit:
    """The efficient frontier of ``data``: the 10th-percentile quantile regression of the error response on
    log10 compute, with the standard errors and the slope interval of a percentile bootstrap that resamples
    papers (``FRONTIER_CLUSTER``; a model without one is its own cluster), ``n_boot`` times from ``seed``."""
    fit = fit_quantile(data, compute, q=FRONTIER_QUANTILE, **meta)
    rows = usable(data, compute)
    keys = rows[FRONTIER_CLUSTER] if FRONTIER_CLUSTER in rows else pd.Series([None] * len(rows))
    clusters = tuple(None if pd.isna(k) else str(k) for k in keys)
    return with_draws(fit, _frontier_draws(fit.log10_c, fit.y, clusters, FRONTIER_QUANTILE, n_boot, seed))


def share_at_or_below_zero(fit: Fit) -> float:
    """The share of a bootstrapped fit's slope draws at or below zero (NaN without draws)."""
    draws = fit.slope_draws
    return float(np.mean(draws <= 0)) if draws is not None and len(draws) else float("nan")


@dataclass
class BenchmarkAnalysis:
    """Everything one benchmark page reports, and the results tables it writes."""

    config: BenchmarkConfig
    level: float
    data: pd.DataFrame  # all models, with the consolidated measure
    conversion: cm.Conversion | None
    main: MainFits  # all models: the main fits every later chapter uses
    v1: MainFits | None  # the v1 sample (None with fewer than MIN_FIT_ROWS usable models)
    trends: dict = field(default_factory=dict)  # sample -> TimeTrend
    frontiers: dict = field(default_factory=dict)  # sample -> Fit (quantile regression)
    fits: pd.DataFrame = field(default_factory=pd.DataFrame)  # FIT_COLUMNS
    time_trend: pd.DataFrame = field(default_factory=pd.DataFrame)  # TIME_TREND_COLUMNS
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)  # COMPARISON_COLUMNS
    families: pd.DataFrame = field(default_factory=pd.DataFrame)  # FAMILY_RESULT_COLUMNS + models
    check: pd.DataFrame = field(default_factory=pd.DataFrame)  # compute_measures.compute_check rows

    def comparison_of(self, sample: str = "all") -> dict | None:
        """The form comparison on the main compute measure of ``sample`` (None if not fitted)."""
        c = self.comparison
        rows = c[(c["model_set"] == sample) & (c["compute"] == self.config.compute)]
        return rows.iloc[0].to_dict() if len(rows) else None

    def check_rows(self) -> pd.DataFrame:
        """``compute_check.csv`` rows: the models whose rebuilt measure disagrees with the record."""
        bad = self.check[self.check["status"] == "disagrees"]
        return bad.assign(benchmark=self.config.id, metric=self.config.metric)[CHECK_COLUMNS]

    def results(self) -> dict[str, pd.DataFrame]:
        """The page's results tables by name (each one part, named by the benchmark id, of the combined file)."""
        return {"fits": self.fits, "time_trend": self.time_trend, "model_comparison": self.comparison,
                "family_fits": self.families[FAMILY_RESULT_COLUMNS], "compute_check": self.check_rows()}


def compute_measures(config: BenchmarkConfig) -> list[str]:
    """The main compute measure first, then the other measures fitted as robustness checks."""
    return [config.compute] + [c for c in OTHER_MEASURES if c != config.compute]


def _trend_possible(sub: pd.DataFrame, compute: str) -> bool:
    rows = usable(sub, compute)
    return rows["date"].notna().sum() >= 4 and rows["date"].nunique() >= MIN_TREND_DATES


def analyse(prepared: Prepared, level: float = 0.95, min_rows: int = MIN_FIT_ROWS, n_boot: int = N_BOOT,
            seed: int = SEED) -> BenchmarkAnalysis:
    """Every fit a benchmark page reports, for all models and the v1 sample, with ``level`` intervals (the
    frontier's from ``n_boot`` bootstrap resamples drawn from ``seed``)."""
    cfg = prepared.config
    main = main_fits(prepared, "all", min_rows)
    if main is None:
        raise ValueError(f"benchmark {cfg.id!r}: fewer than {min_rows} models have a {cfg.metric} score and "
                         f"the main compute measure ({cfg.compute}); run `validate` for the details")
    out = BenchmarkAnalysis(cfg, level, prepared.data, prepared.conversion, main, main_fits(prepared, "v1", min_rows))
    rows, trend_rows, comparisons = [], [], []
    for sample in SAMPLES:
        sub = sample_rows(prepared.for_sample(sample).data, sample)
        meta = {"benchmark": cfg.id, "metric": cfg.metric, "model_set": sample}
        for compute in compute_measures(cfg):
            if len(usable(sub, compute)) < min_rows:
                continue
            fits = {form: fit_ols(sub, form, compute, **meta) for form in forms.FORMS}
            rows += [fit_row(f, cfg.metric, sample, level) for f in fits.values()]
            comparisons.append({"benchmark": cfg.id, "metric": cfg.metric, "model_set": sample, "compute": compute,
                                **compare.compare_forms(fits, level), **compare.extra_values(fits)})
            if compute != cfg.compute:
                continue
            if _trend_possible(sub, compute):
                trend = fit_time_trend(sub, compute, **meta)
                out.trends[sample] = trend
                rows.append(fit_row(trend, cfg.metric, sample, level, "polynomial_year"))
                num = trend_numbers(trend, level)
                trend_rows.append({"benchmark": cfg.id, "metric": cfg.metric, "model_set": sample, "n": trend.n,
                                   "compute_slope": trend.slope, "year_slope": trend.year_slope,
                                   "year_slope_se": trend.year_slope_se, "r2": trend.r2,
                                   "r2_without_year": trend.r2_without_year, "years_per_10x_compute": num.years,
                                   "years_lo": num.years_lo, "years_hi": num.years_hi,
                                   "estimable": num.years_estimable, "level": level})
            frontier = frontier_fit(sub, compute, n_boot, seed, **meta)
            out.frontiers[sample] = frontier
            rows.append(fit_row(frontier, cfg.metric, sample, level, frontier_form()))
        robust = cfg.robustness_metric
        col = f"error_{robust}"
        if robust and robust != cfg.metric and col in sub and len(usable(sub, cfg.compute, col)) >= min_rows:
            for form in forms.FORMS:
                fit = fit_ols(sub, form, cfg.compute, error_col=col, **{**meta, "metric": robust})
                rows.append(fit_row(fit, robust, sample, level))
    out.fits = pd.DataFrame(rows, columns=FIT_COLUMNS).astype({"n": int, "estimable": bool})
    out.time_trend = pd.DataFrame(trend_rows, columns=TIME_TREND_COLUMNS).astype({"n": int, "estimable": bool})
    out.comparison = pd.DataFrame(comparisons, columns=COMPARISON_COLUMNS)
    fam = family_fits(prepared.data, cfg.compute, level)
    out.families = fam.assign(benchmark=cfg.id, metric=cfg.metric, level=level)[FAMILY_RESULT_COLUMNS + ["models"]]
    out.check = cm.compute_check(prepared.data)
    return out


def year_only_outside_v1(data: pd.DataFrame, compute: str, cutoff: float = V1_CUTOFF) -> int:
    """Models with a score and compute dated only by a year that the v1 cut-off falls in: placed at
    mid-year, they cannot be shown to predate the cut-off and are left out of the v1 sample."""
    rows = usable(data, compute)
    return int(((rows["date_source"] == "year") & (rows["year"] == math.floor(cutoff))
                & (rows["date"] >= cutoff)).sum())
