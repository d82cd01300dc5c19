"""Regressions of benchmark error on training compute (the paper's §3 forms).

* polynomial:  log10(1/error) = a + b·log10(C)   ⇒  C ∝ (1/error)^(1/b), so k = 1/b
* exponential: 1/error        = a + b·log10(C)   ⇒  C grows exponentially in 1/error

``Fit`` carries everything later chapters need to project: the coefficients,
their covariance, the residual variance and the data the fit saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm

FORMS = ("polynomial", "exponential")


def response(error, form: str):
    """The fitted response for an error rate (fraction) under ``form``."""
    error = np.asarray(error, dtype=float)
    if form == "polynomial":
        return np.log10(1.0 / error)
    if form == "exponential":
        return 1.0 / error
    raise ValueError(f"unknown form {form!r}; expected one of {FORMS}")


def error_from_response(y, form: str):
    """Inverse of :func:`response`."""
    y = np.asarray(y, dtype=float)
    if form == "polynomial":
        return 10.0 ** (-y)
    if form == "exponential":
        return 1.0 / y
    raise ValueError(f"unknown form {form!r}; expected one of {FORMS}")


@dataclass
class Fit:
    """An OLS fit of ``response(error, form)`` on ``log10(compute)``."""

    form: str
    compute: str
    n: int
    intercept: float
    slope: float
    intercept_se: float
    slope_se: float
    r2: float
    cov: np.ndarray  # 2×2 covariance of (intercept, slope)
    resid_var: float  # residual variance σ² of the response
    log10_c: np.ndarray  # the fit's x values
    y: np.ndarray  # the fit's response values
    labels: list = field(default_factory=list)  # model labels of the rows used
    meta: dict = field(default_factory=dict)  # benchmark, metric, sample, ...

    @property
    def k(self) -> float | None:
        """Implied exponent: compute ∝ (1/error)^k (polynomial form only)."""
        if self.form == "polynomial" and self.slope != 0:
            return 1.0 / self.slope
        return None

    def predict_response(self, log10_c):
        return self.intercept + self.slope * np.asarray(log10_c, dtype=float)

    def predict_error(self, log10_c):
        """Predicted error rate at compute ``10**log10_c`` FLOP."""
        return error_from_response(self.predict_response(log10_c), self.form)

    def required_log10_compute(self, target_error):
        """log10 of the compute (FLOP) at which the fitted line reaches ``target_error``."""
        return (response(target_error, self.form) - self.intercept) / self.slope


def fit_ols(df: pd.DataFrame, form: str, compute: str, error_col: str = "error",
            label_col: str = "label", **meta) -> Fit:
    """Fit ``form`` of error against ``compute`` on the rows that have both.

    ``df`` needs columns ``error_col`` (fraction in (0, 1)) and ``compute`` (FLOP > 0).
    """
    rows = df[df[error_col].notna() & df[compute].notna()]
    if len(rows) < 3:
        raise ValueError(f"need at least 3 rows with {error_col} and {compute}, got {len(rows)}")
    x = np.log10(rows[compute].to_numpy(dtype=float))
    y = response(rows[error_col].to_numpy(dtype=float), form)
    model = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit()
    params, bse = model.params, model.bse
    return Fit(
        form=form, compute=compute, n=int(len(rows)),
        intercept=float(params[0]), slope=float(params[1]),
        intercept_se=float(bse[0]), slope_se=float(bse[1]),
        r2=float(model.rsquared), cov=np.asarray(model.cov_params()), resid_var=float(model.scale),
        log10_c=x, y=y,
        labels=list(rows[label_col]) if label_col in rows else [],
        meta=dict(meta),
    )


# --------------------------------------------------------------------------
# Samples, bands and model comparison
# --------------------------------------------------------------------------

V1_CUTOFF = 2020.5  # v1 vintage: models published before July 2020 (decimal ``date`` < 2020.5)
SAMPLES = ("all", "v1")
MIN_ROWS = 5  # fewer rows than this: a fit is not reported
BASE_YEAR = 2012  # the time trend is (date − 2012)


def sample_rows(df: pd.DataFrame, sample: str) -> pd.DataFrame:
    """``all`` rows, or the ``v1`` vintage: ``date < V1_CUTOFF``.

    A row dated only by its year gets ``date = year + 0.5``; a year-only 2020 row therefore falls
    outside the v1 sample (it cannot be shown to predate July 2020).
    """
    if sample == "all":
        return df
    if sample == "v1":
        return df[df["date"] < V1_CUTOFF]
    raise ValueError(f"unknown sample {sample!r}; expected one of {SAMPLES}")


def usable(df: pd.DataFrame, compute: str, error_col: str = "error") -> pd.DataFrame:
    """Rows with both an error and a positive compute value (the rows a fit uses)."""
    return df[df[error_col].notna() & df[compute].notna()]


def _design(log10_c) -> np.ndarray:
    x = np.asarray(log10_c, dtype=float)
    return np.column_stack([np.ones_like(x), x])


def mean_band(fit: Fit, log10_c, level: float = 0.95) -> pd.DataFrame:
    """Fitted error and the ``level`` confidence band of the fitted mean, on a grid of log10 compute.

    The band is computed for the response (t quantile with n − 2 df) and mapped back to error;
    for the exponential form a non-positive response bound (1/error ≤ 0) is left empty.
    """
    from scipy import stats

    x = np.asarray(log10_c, dtype=float)
    X = _design(x)
    mean = X @ np.array([fit.intercept, fit.slope])
    se = np.sqrt(np.einsum("ij,jk,ik->i", X, fit.cov, X))
    t = stats.t.ppf(0.5 + level / 2, max(fit.n - 2, 1))
    lo_r, hi_r = mean - t * se, mean + t * se
    with np.errstate(divide="ignore", invalid="ignore"):
        err = error_from_response(mean, fit.form)
        upper = error_from_response(lo_r, fit.form)  # a lower response is a higher error
        lower = error_from_response(hi_r, fit.form)
    if fit.form == "exponential":
        err = np.where(mean > 0, err, np.nan)
        upper = np.where(lo_r > 0, upper, np.nan)
        lower = np.where(hi_r > 0, lower, np.nan)
    return pd.DataFrame({"log10_c": x, "compute": 10.0 ** x, "error": err, "lower": lower, "upper": upper,
                         "form": fit.form})


def leverage(fit: Fit) -> np.ndarray:
    X = _design(fit.log10_c)
    return np.einsum("ij,jk,ik->i", X, np.linalg.inv(X.T @ X), X)


def residuals(fit: Fit) -> np.ndarray:
    return fit.y - fit.predict_response(fit.log10_c)


def log10_error_observed(fit: Fit) -> np.ndarray:
    return np.log10(error_from_response(fit.y, fit.form))


def loo_log10_error(fit: Fit) -> np.ndarray:
    """Leave-one-out predictions of log10(error) (closed form e_i / (1 − h_ii) on the response).

    For the exponential form a non-positive predicted 1/error gives NaN.
    """
    loo_resp = fit.y - residuals(fit) / (1.0 - leverage(fit))
    if fit.form == "exponential":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(loo_resp > 0, -np.log10(loo_resp), np.nan)
    return -loo_resp


def loo_rmse(fit: Fit) -> float:
    """Root mean squared leave-one-out error of log10(error): the two forms on one scale."""
    diff = loo_log10_error(fit) - log10_error_observed(fit)
    return float(np.sqrt(np.nanmean(diff ** 2)))


def aic_log10_error(fit: Fit) -> float:
    """Gaussian AIC of the fit expressed as a density of z = log10(error) (3 parameters: a, b, σ).

    The two forms model different responses (log10(1/error) and 1/error), so their likelihoods are
    put on the common scale of z with the Jacobian |dy/dz|: 1 for the polynomial form,
    ln(10)·y for the exponential form (y = 1/error = 10^(−z)).
    """
    n = fit.n
    rss = float(np.sum(residuals(fit) ** 2))
    sigma2 = rss / n
    loglik = -0.5 * n * (np.log(2 * np.pi * sigma2) + 1)
    if fit.form == "exponential":
        loglik += float(np.sum(np.log(np.log(10) * fit.y)))
    return float(-2 * loglik + 2 * 3)


def compare_forms(poly: Fit, expo: Fit) -> dict:
    """R², AIC on the log10(error) scale and leave-one-out RMSE of log10(error) for both forms
    (same rows); ``preferred`` is the form with the lower leave-one-out RMSE."""
    out = {
        "n": poly.n,
        "r2_polynomial": poly.r2, "r2_exponential": expo.r2,
        "aic_polynomial": aic_log10_error(poly), "aic_exponential": aic_log10_error(expo),
        "loo_rmse_polynomial": loo_rmse(poly), "loo_rmse_exponential": loo_rmse(expo),
    }
    out["delta_aic"] = out["aic_exponential"] - out["aic_polynomial"]  # > 0 favours the polynomial form
    out["preferred"] = "polynomial" if out["loo_rmse_polynomial"] <= out["loo_rmse_exponential"] else "exponential"
    out["preferred_aic"] = "polynomial" if out["delta_aic"] >= 0 else "exponential"
    return out


# --------------------------------------------------------------------------
# Time trend and efficient frontier
# --------------------------------------------------------------------------


@dataclass
class TimeTrend:
    """``response = intercept + slope·log10(C) + year_slope·(date − 2012)``.

    ``years_per_10x`` = slope / year_slope: the years of algorithmic progress whose effect on the
    response equals a tenfold increase in compute (positive only when both coefficients are).
    """

    form: str
    compute: str
    n: int
    intercept: float
    slope: float
    year_slope: float
    intercept_se: float
    slope_se: float
    year_slope_se: float
    r2: float
    r2_without_year: float
    cov: np.ndarray  # 3×3 covariance of (intercept, slope, year_slope)
    meta: dict = field(default_factory=dict)

    @property
    def years_per_10x(self) -> float:
        return self.slope / self.year_slope if self.year_slope != 0 else float("nan")

    @property
    def k(self) -> float | None:
        if self.form == "polynomial" and self.slope != 0:
            return 1.0 / self.slope
        return None


def fit_time_trend(df: pd.DataFrame, compute: str, form: str = "polynomial", error_col: str = "error",
                   base_year: int = BASE_YEAR, **meta) -> TimeTrend:
    """OLS of ``response(error, form)`` on log10(compute) and (date − base_year)."""
    rows = usable(df, compute, error_col)
    rows = rows[rows["date"].notna()]
    if len(rows) < 4:
        raise ValueError(f"need at least 4 rows with {error_col}, {compute} and date, got {len(rows)}")
    x = np.log10(rows[compute].to_numpy(dtype=float))
    t = rows["date"].to_numpy(dtype=float) - base_year
    y = response(rows[error_col].to_numpy(dtype=float), form)
    model = sm.OLS(y, np.column_stack([np.ones_like(x), x, t])).fit()
    base = sm.OLS(y, _design(x)).fit()
    p, se = model.params, model.bse
    return TimeTrend(form=form, compute=compute, n=int(len(rows)), intercept=float(p[0]), slope=float(p[1]),
                     year_slope=float(p[2]), intercept_se=float(se[0]), slope_se=float(se[1]),
                     year_slope_se=float(se[2]), r2=float(model.rsquared), r2_without_year=float(base.rsquared),
                     cov=np.asarray(model.cov_params()), meta=dict(meta))


def fit_quantile(df: pd.DataFrame, compute: str, q: float = 0.1, form: str = "polynomial",
                 error_col: str = "error", label_col: str = "label", **meta) -> Fit:
    """The efficient frontier: a ``q``-quantile regression of the *error* response.

    The response is ``−response(error)`` quantile-regressed at ``q`` (so the line runs below 90 % of the
    errors when q = 0.1) and the coefficients are negated back, so ``slope`` is comparable with the OLS
    fit's. ``r2`` is Koenker and Machado's pseudo-R²; ``resid_var`` is the variance of the residuals.
    Standard errors are statsmodels' kernel ("robust") estimate with Bofinger's bandwidth (the default
    Hall–Sheather bandwidth fails at q = 0.1 on a few dozen rows); with ~10 rows the 10th percentile is
    set by one or two models and the standard errors are indicative only.
    """
    import warnings

    from statsmodels.regression.quantile_regression import QuantReg

    rows = usable(df, compute, error_col)
    if len(rows) < 3:
        raise ValueError(f"need at least 3 rows with {error_col} and {compute}, got {len(rows)}")
    x = np.log10(rows[compute].to_numpy(dtype=float))
    y = response(rows[error_col].to_numpy(dtype=float), form)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = QuantReg(-y, _design(x)).fit(q=q, bandwidth="bofinger", max_iter=5000)
    params = -np.asarray(res.params)
    bse = np.asarray(res.bse)
    resid = y - _design(x) @ params
    return Fit(form=form, compute=compute, n=int(len(rows)), intercept=float(params[0]), slope=float(params[1]),
               intercept_se=float(bse[0]), slope_se=float(bse[1]), r2=float(res.prsquared),
               cov=np.asarray(res.cov_params()), resid_var=float(np.var(resid, ddof=2)), log10_c=x, y=y,
               labels=list(rows[label_col]) if label_col in rows else [], meta={"quantile": q, **meta})


# --------------------------------------------------------------------------
# Architecture families
# --------------------------------------------------------------------------

# (family, regular expression on the model name); the first match wins.  Names in the released data
# identify a model's architecture only loosely, and the data keeps about one row per paper, so a
# "family" gathers variants from several papers that share a backbone.
FAMILIES = (
    ("EfficientNet", r"EfficientNet|NoisyStudent|TinyNet"),
    ("ResNeXt", r"ResNeXt|RNX"),
    ("ResNet", r"ResNet|ScaleNet|SKNet|RedNet"),
    ("NASNet & searched nets", r"NASNet|NASNET|Amoeba|DARTS|Mnas|Proxyless|Single-Path|GreedyNAS|DenseNAS|SCARLET|"
                               r"MoGA|FBNet|NAT-|AlphaX|MUXNet|RandWire"),
    ("DPN", r"\bDPN"),
    ("Vision transformer", r"ViT|DeiT|BEiT|CaiT|Swin|T2T|TNT|PiT\b|CeiT|XCiT|VOLO|Twins|PVT|CvT|CSWin|ViL\b|HVT|ViP\b|"
                           r"Visformer|NesT|MViT|ResT\b|Conformer|Container|GLiT|AutoFormer|DAT-|CoAtNet|Perceiver"),
    ("MLP", r"MLP"),
    ("Inception", r"Inception|Xception"),
    ("MobileNet", r"MobileNet|GhostNet|ESPNet"),
    ("VGG", r"VGG"),
)
MIN_FAMILY_ROWS = 4


def family_of(name: str) -> str | None:
    """The architecture family a model name belongs to (see ``FAMILIES``), or ``None``."""
    import re

    for family, pattern in FAMILIES:
        if re.search(pattern, str(name)):
            return family
    return None


def short_list(labels, k: int = 4) -> str:
    """The first ``k`` labels, '; '-separated, then "and N more"."""
    labels = list(labels)
    head = "; ".join(labels[:k])
    return head if len(labels) <= k else f"{head}; and {len(labels) - k} more"


def format_factor(x: float) -> str:
    """A multiplicative factor for prose: "2,070" below a million, else "2.4 × 10²¹"."""
    if not np.isfinite(x):
        return "an unbounded amount"
    if x < 1e6:
        return f"{x:,.0f}" if x >= 10 else f"{x:.2g}"
    exp = int(np.floor(np.log10(x)))
    sup = str(exp).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{x / 10 ** exp:.1f} × 10{sup}"


def family_fits(df: pd.DataFrame, compute: str, min_rows: int = MIN_FAMILY_ROWS) -> pd.DataFrame:
    """Polynomial fits within each family with at least ``min_rows`` usable rows.

    Columns: ``family, n, slope, slope_se, r2, k, models`` (their labels, '; '-separated) and
    ``examples`` (the first four labels).
    """
    rows = usable(df, compute).copy()
    rows["family"] = rows["model"].map(family_of)
    out = []
    for family, _ in FAMILIES:
        sub = rows[rows["family"] == family]
        if len(sub) < min_rows:
            continue
        fit = fit_ols(sub, "polynomial", compute)
        out.append({"family": family, "n": fit.n, "slope": fit.slope, "slope_se": fit.slope_se, "r2": fit.r2,
                    "k": fit.k, "models": "; ".join(sub["label"]), "examples": short_list(sub["label"])})
    return pd.DataFrame(out, columns=["family", "n", "slope", "slope_se", "r2", "k", "models", "examples"])


# --------------------------------------------------------------------------
# One benchmark: the main fits, and everything its page reports
# --------------------------------------------------------------------------

FIT_COLUMNS = ("benchmark", "metric", "form", "compute", "sample", "n", "intercept", "intercept_se",
               "slope", "slope_se", "r2", "k")
TIME_TREND_COLUMNS = ("benchmark", "sample", "n", "compute_slope", "year_slope", "years_per_10x_compute")


def fit_row(fit, benchmark: str, metric: str, sample: str, form: str | None = None) -> dict:
    """One row of the ``fits`` results table for a :class:`Fit` or :class:`TimeTrend`."""
    k = fit.k
    return {"benchmark": benchmark, "metric": metric, "form": form or fit.form, "compute": fit.compute,
            "sample": sample, "n": fit.n, "intercept": fit.intercept, "intercept_se": fit.intercept_se,
            "slope": fit.slope, "slope_se": fit.slope_se, "r2": fit.r2, "k": np.nan if k is None else k}


def prepared_data(benchmark_id: str, data_files: dict | None = None, config=None):
    """The benchmark's tidy table with ``consolidated_hardware_burden`` added, and the conversion used.

    The conversion is fitted on this benchmark's models with both measures when there are at least
    ``compute.MIN_CONVERSION_ROWS``; otherwise on the pooled models with both measures of every
    configured benchmark (COCO has none of its own).  No conversion is fitted when no row needs one.
    Returns ``(data, conversion)``; ``conversion`` may be ``None``.
    """
    from . import compute as cmp
    from .loaders import load_benchmark, load_benchmark_configs

    configs = load_benchmark_configs()
    config = config or configs[benchmark_id]
    df = load_benchmark(benchmark_id, data_files, config)
    needs = (df["hardware_burden"].isna() & df["network_operations"].notna()).any()
    conversion = None
    if needs:
        own = cmp.conversion_rows(df)
        pool = None
        if len(own) < cmp.MIN_CONVERSION_ROWS:
            pool = [df] + [load_benchmark(b, data_files, c) for b, c in configs.items() if b != benchmark_id]
        conversion = cmp.choose_conversion(df, pool)
    df = cmp.consolidate(df, conversion)
    for metric in {config.metric, config.robustness_metric} - {None}:
        if metric in df:
            df[f"error_{metric}"] = 1 - df[metric] / 100
    return df, conversion


def benchmark_fits(benchmark_id: str, data_files: dict | None = None, sample: str = "all",
                   config=None, prepared=None) -> dict:
    """The main fits of a benchmark: what every later chapter should use.

    Parameters: ``benchmark_id`` (an id of ``data/benchmarks.toml``), ``data_files`` (input overrides,
    as chapters receive them), ``sample`` (``"all"`` or ``"v1"``: models dated before July 2020).

    Returns a dict with:

    - ``config``: the :class:`~compute_limits.loaders.BenchmarkConfig`;
    - ``data``: the tidy table of the sample (all models, with or without score/compute), with
      ``consolidated_hardware_burden`` and ``error`` (1 − score/100) columns;
    - ``compute``: the main compute measure's column name (the config's ``compute``);
    - ``rows``: the rows the fits use (score and main compute both present);
    - ``polynomial``, ``exponential``: :class:`Fit` objects on the main compute measure;
    - ``conversion``: the :class:`~compute_limits.compute.Conversion` used to consolidate (or None);
    - ``sample``: the sample name.

    ``prepared`` may pass a ``(data, conversion)`` pair from :func:`prepared_data` to skip reloading.
    """
    from .loaders import load_benchmark_configs

    config = config or load_benchmark_configs()[benchmark_id]
    data, conversion = prepared or prepared_data(benchmark_id, data_files, config)
    data = sample_rows(data, sample)
    meta = {"benchmark": benchmark_id, "metric": config.metric, "sample": sample}
    return {
        "config": config, "data": data, "compute": config.compute, "sample": sample,
        "rows": usable(data, config.compute),
        "polynomial": fit_ols(data, "polynomial", config.compute, **meta),
        "exponential": fit_ols(data, "exponential", config.compute, **meta),
        "conversion": conversion,
    }


def compute_measures(config) -> list[str]:
    """The main compute measure first, then the other measures fitted as robustness checks."""
    others = ["hardware_burden", "network_operations"]
    return [config.compute] + [c for c in others if c != config.compute]


def analyse_benchmark(benchmark_id: str, data_files: dict | None = None, config=None,
                      min_rows: int = MIN_ROWS) -> dict:
    """Every fit a benchmark page reports, for both samples.

    Returns a dict with ``config``, ``data`` (all models, consolidated), ``conversion``, ``main`` and ``v1``
    (:func:`benchmark_fits` results), ``fits`` (the results table, columns ``FIT_COLUMNS``),
    ``time_trend`` (columns ``TIME_TREND_COLUMNS``), ``trends`` ({sample: TimeTrend}), ``quantile``
    ({sample: Fit}), ``comparison`` (one row per sample and compute measure: :func:`compare_forms`) and
    ``families`` (:func:`family_fits` on the main compute measure, all models).
    """
    from .loaders import load_benchmark_configs

    config = config or load_benchmark_configs()[benchmark_id]
    prepared = prepared_data(benchmark_id, data_files, config)
    data, conversion = prepared
    out = {"config": config, "data": data, "conversion": conversion, "trends": {}, "quantile": {}}
    rows, trend_rows, comparisons = [], [], []
    for sample in SAMPLES:
        sub = sample_rows(data, sample)
        for compute in compute_measures(config):
            if len(usable(sub, compute)) < min_rows:
                continue
            meta = {"benchmark": benchmark_id, "metric": config.metric, "sample": sample}
            poly, expo = (fit_ols(sub, form, compute, **meta) for form in FORMS)
            rows += [fit_row(f, benchmark_id, config.metric, sample) for f in (poly, expo)]
            comparisons.append({"sample": sample, "compute": compute, **compare_forms(poly, expo)})
            if compute != config.compute:
                continue
            trend = fit_time_trend(sub, compute, **meta)
            quant = fit_quantile(sub, compute, **meta)
            out["trends"][sample], out["quantile"][sample] = trend, quant
            rows += [fit_row(trend, benchmark_id, config.metric, sample, "polynomial_year"),
                     fit_row(quant, benchmark_id, config.metric, sample, "quantile10")]
            trend_rows.append({"benchmark": benchmark_id, "sample": sample, "n": trend.n,
                               "compute_slope": trend.slope, "year_slope": trend.year_slope,
                               "years_per_10x_compute": trend.years_per_10x})
        robust = config.robustness_metric
        if robust and f"error_{robust}" in sub and len(usable(sub, config.compute, f"error_{robust}")) >= min_rows:
            for form in FORMS:
                fit = fit_ols(sub, form, config.compute, error_col=f"error_{robust}")
                rows.append(fit_row(fit, benchmark_id, robust, sample))
    out["main"] = benchmark_fits(benchmark_id, data_files, "all", config, prepared)
    v1_rows = usable(sample_rows(data, "v1"), config.compute)
    out["v1"] = benchmark_fits(benchmark_id, data_files, "v1", config, prepared) if len(v1_rows) >= 3 else None
    out["fits"] = pd.DataFrame(rows, columns=list(FIT_COLUMNS))
    out["time_trend"] = pd.DataFrame(trend_rows, columns=list(TIME_TREND_COLUMNS))
    out["comparison"] = pd.DataFrame(comparisons)
    out["families"] = family_fits(data, config.compute)
    return out


def form_verdict(comparison: dict | pd.Series, min_delta_aic: float = 2.0) -> str:
    """``polynomial`` or ``exponential`` when the AIC difference on the log10(error) scale is at least
    ``min_delta_aic`` and the leave-one-out RMSE points the same way; else ``neither``."""
    c = comparison
    if abs(c["delta_aic"]) >= min_delta_aic and c["preferred"] == c["preferred_aic"]:
        return str(c["preferred"])
    return "neither"


# What v1 of the paper (July 2020) reported, for side-by-side comparison (Thompson et al. 2020, v1).
V1_REPORTED = {
    "r2_low": 0.29,  # "R² between 29% and 68% for all benchmarks except ... English to German"
    "r2_high": 0.68,
    "r2_excluded": "wmt14_en_de",
    "r2": {"imagenet": 0.43},  # "computing power explains 43% of the variance in ImageNet performance"
    "r2_gain_time_trend": {"imagenet": 0.12},  # "a time trend adds another 12%"
    "years_per_10x": 3.0,  # "three years of algorithmic improvement ≈ a 10× increase in computing power"
    "preferred_form": "polynomial",
}


# --------------------------------------------------------------------------
# Across benchmarks
# --------------------------------------------------------------------------


def slope_interval(fit, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` confidence interval of a fit's slope (t with n − 2 df)."""
    from scipy import stats

    t = stats.t.ppf(0.5 + level / 2, max(fit.n - 2, 1))
    return fit.slope - t * fit.slope_se, fit.slope + t * fit.slope_se


def summarise_benchmarks(analyses: dict, level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two tables from ``{id: analyse_benchmark(id)}``.

    ``slopes``: one row per benchmark and sample (``name, sample, n, slope, lower, upper, k, r2``);
    ``summary``: one row per benchmark (``benchmark, name, metric, compute, n, slope, slope_se, k,
    r2_polynomial, r2_exponential, verdict, years_per_10x, v1_n, v1_r2, v1_reported_r2``).
    """
    slope_rows, rows = [], []
    for b, a in analyses.items():
        cfg = a["config"]
        for sample, res in (("all", a["main"]), ("v1", a["v1"])):
            if res is None:
                continue
            p = res["polynomial"]
            lo, hi = slope_interval(p, level)
            slope_rows.append({"name": cfg.name, "sample": sample, "n": p.n, "slope": p.slope, "lower": lo,
                               "upper": hi, "k": p.k, "r2": p.r2})
        cmp_ = a["comparison"]
        main_cmp = cmp_[(cmp_["sample"] == "all") & (cmp_["compute"] == cfg.compute)].iloc[0]
        p, e = a["main"]["polynomial"], a["main"]["exponential"]
        v1p = a["v1"]["polynomial"] if a["v1"] is not None else None
        trend = a["trends"].get("all")
        rows.append({
            "benchmark": b, "name": cfg.name, "metric": cfg.metric_label, "compute": cfg.compute, "n": p.n,
            "slope": p.slope, "slope_se": p.slope_se, "k": p.k, "r2_polynomial": p.r2, "r2_exponential": e.r2,
            "verdict": form_verdict(main_cmp),
            "years_per_10x": trend.years_per_10x if trend else np.nan,
            "v1_n": v1p.n if v1p else 0, "v1_r2": v1p.r2 if v1p else np.nan,
            "v1_reported_r2": V1_REPORTED["r2"].get(b, np.nan),
        })
    return pd.DataFrame(slope_rows), pd.DataFrame(rows)
