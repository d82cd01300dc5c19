"""Regressions of a form's response on log10 compute (statsmodels), and what later chapters need of them.

``Fit`` carries the coefficients, their covariance, the residual variance and the data the fit saw,
plus the statsmodels results object where there is one (for its prediction and interval API).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from statsmodels.regression.linear_model import OLS  # not statsmodels.api: it imports every model (~1 s)
from statsmodels.regression.quantile_regression import QuantReg

from . import forms

BASE_YEAR = 2012  # the time trend is (date − 2012), as in the paper


def design(log10_c) -> np.ndarray:
    x = np.asarray(log10_c, dtype=float)
    return np.column_stack([np.ones_like(x), x])


@dataclass
class Fit:
    """A fit of ``response(error, form)`` on ``log10(compute)``."""

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
    result: object = field(default=None, repr=False)  # statsmodels results (OLS fits)
    slope_draws: np.ndarray | None = field(default=None, repr=False)  # resampled slopes (a bootstrap's), if any:
    #                                                                   the slope's interval is then their percentiles
    extra: tuple = ()  # the fitted values of the form's extra parameters (Form.extra_params), fitted by profile;
    #                    the intercept's and slope's standard errors and ``cov`` are then conditional on them
    extra_se: tuple = ()  # their standard errors from the profile likelihood's curvature (NaN at a bound)

    @property
    def df_resid(self) -> int:
        return max(self.n - 2 - len(self.extra), 1)

    @property
    def k(self) -> float | None:
        """Implied exponent: compute ∝ (1/error)^k (a form whose slope gives an exponent: the polynomial)."""
        if forms.get(self.form).exponent and self.slope != 0:
            return 1.0 / self.slope
        return None

    @property
    def k_reverse(self) -> float | None:
        """The exponent from the reverse regression (log10 compute on log10(1/error)): k·R².

        Regressing error on compute attributes all scatter to error, which flattens the slope and inflates
        k = 1/b; the reverse regression attributes it all to compute.  The two bracket the exponent."""
        k = self.k
        return None if k is None else k * self.r2

    def predict_response(self, log10_c):
        return self.intercept + self.slope * np.asarray(log10_c, dtype=float)

    def predict_error(self, log10_c):
        """Predicted error rate at compute ``10**log10_c`` FLOP (NaN outside the form's domain)."""
        return forms.get(self.form).error(self.predict_response(log10_c), *self.extra)

    def required_log10_compute(self, target_error):
        """log10 of the compute (FLOP) at which the fitted line reaches ``target_error``."""
        return (forms.get(self.form).response(target_error, *self.extra) - self.intercept) / self.slope

    def residuals(self) -> np.ndarray:
        return self.y - self.predict_response(self.log10_c)


@dataclass(frozen=True)
class SlopeChange:
    """The interaction test of whether a straight line's slope differs after a break."""

    slope_before: float
    slope_after: float
    change: float  # slope_after − slope_before
    se: float
    p: float  # two-sided
    lo: float
    hi: float


def slope_change_test(x_before, y_before, x_after, y_after, level: float, center: float = 0.0) -> SlopeChange:
    """``y = a + b·x + c·after + d·after·x`` by OLS on both groups (pooled residual variance): the change
    d in slope with its standard error, p-value and ``level`` interval.  ``center`` is subtracted from x
    first (years near 2000 condition the design badly); it moves a and c, not b or d."""
    x = np.r_[np.asarray(x_before, dtype=float), np.asarray(x_after, dtype=float)] - center
    y = np.r_[np.asarray(y_before, dtype=float), np.asarray(y_after, dtype=float)]
    after = np.r_[np.zeros(len(x_before)), np.ones(len(x_after))]
    res = OLS(y, np.column_stack([np.ones_like(x), x, after, after * x])).fit()
    lo, hi = np.asarray(res.conf_int(alpha=1 - level))[3]
    return SlopeChange(float(res.params[1]), float(res.params[1] + res.params[3]), float(res.params[3]),
                       float(res.bse[3]), float(res.pvalues[3]), float(lo), float(hi))


def ols_slope(x, y, level: float = 0.95) -> tuple[float, float, float]:
    """The least-squares slope of ``y`` on ``x`` over the finite pairs, with its ``level`` confidence interval
    (NaN with fewer than three pairs or no spread in ``x``)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3 or np.ptp(x[ok]) == 0:
        return float("nan"), float("nan"), float("nan")
    res = OLS(y[ok], design(x[ok])).fit()
    lo, hi = np.asarray(res.conf_int(alpha=1 - level))[1]
    return float(res.params[1]), float(lo), float(hi)


def usable(df: pd.DataFrame, compute: str, error_col: str = "error") -> pd.DataFrame:
    """Rows with both an error in (0, 1) and a positive compute value (the rows a fit uses)."""
    err = df[error_col]
    return df[err.notna() & (err > 0) & df[compute].notna() & (df[compute] > 0)]


def fit_ols(df: pd.DataFrame, form: str, compute: str, error_col: str = "error",
            label_col: str = "label", **meta) -> Fit:
    """OLS of ``form``'s response on log10(``compute``) over the rows that have both; a form with an extra
    parameter is fitted by profile (:func:`profile_extra`), then by OLS at that parameter's fitted value."""
    rows = usable(df, compute, error_col)
    form_ = forms.get(form)
    if len(rows) < 3 + len(form_.extra_params):
        raise ValueError(f"need at least {3 + len(form_.extra_params)} rows with {error_col} and {compute}, "
                         f"got {len(rows)}")
    x = np.log10(rows[compute].to_numpy(dtype=float))
    err = rows[error_col].to_numpy(dtype=float)
    extra, extra_se = profile_extra(form_, err, x) if form_.extra_params else ((), ())
    y = form_.response(err, *extra)
    res = OLS(y, design(x)).fit()
    params, bse = res.params, res.bse
    return Fit(form=form_.name, compute=compute, n=int(len(rows)), intercept=float(params[0]),
               slope=float(params[1]), intercept_se=float(bse[0]), slope_se=float(bse[1]), r2=float(res.rsquared),
               cov=np.asarray(res.cov_params()), resid_var=float(res.scale), log10_c=x, y=y,
               labels=list(rows[label_col]) if label_col in rows else [], meta=dict(meta), result=res,
               extra=extra, extra_se=extra_se)


def profile_nll(form: forms.Form, error, log10_c, value: float) -> float:
    """The profile negative log-likelihood of ``form``'s extra parameter at ``value``, on the scale of
    z = log10(error) (the scale :mod:`compute_limits.stats.compare` compares forms on), up to a constant:
    OLS of the response on log10 compute at that value, then ``n/2·log(RSS/n) − Σ log|dy/dz|``.  Where the
    Jacobian does not depend on the parameter this is the residual sum of squares of the response, made
    monotone; where it does (a floor changes the response's scale), the Jacobian keeps values comparable."""
    y = form.response(error, value)
    if not np.all(np.isfinite(y)):
        return float("inf")
    X = design(log10_c)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    rss = float(np.sum((y - X @ beta) ** 2))
    n = len(y)
    return 0.5 * n * np.log(rss / n) - float(np.sum(form.log_jacobian(y, value)))


def profile_extra(form: forms.Form, error, log10_c) -> tuple[tuple[float], tuple[float]]:
    """The extra parameter of ``form`` (one: a 1-D search) that minimises :func:`profile_nll` within the
    form's ``extra_bounds`` (scipy's bounded Brent search), and its standard error from the curvature of the
    profile negative log-likelihood at the minimum (a central second difference); NaN where the minimum lies
    on a bound or the curvature is not positive, so no interval is claimed there.  The intercept's and
    slope's intervals of the fit are conditional on the fitted value."""
    if len(form.extra_params) != 1:
        raise ValueError(f"form {form.name!r}: the profile fit takes one extra parameter, "
                         f"got {len(form.extra_params)} ({', '.join(form.extra_params)})")
    if form.extra_bounds is None:
        raise ValueError(f"form {form.name!r}: an extra parameter needs extra_bounds (the range to search)")
    lo, hi = (float(v) for v in form.extra_bounds(np.asarray(error, dtype=float)))
    if not lo < hi:
        raise ValueError(f"form {form.name!r}: empty search range [{lo}, {hi}] for {form.extra_params[0]}")

    def nll(v):
        return profile_nll(form, error, log10_c, v)

    opt = minimize_scalar(nll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10 * max(1.0, abs(hi - lo))})
    theta = float(opt.x)
    h = 1e-4 * (hi - lo)
    se = float("nan")
    if lo + 2 * h < theta < hi - 2 * h:
        curvature = (nll(theta + h) - 2 * nll(theta) + nll(theta - h)) / h ** 2
        if curvature > 0:
            se = float(1.0 / np.sqrt(curvature))
    return (theta,), (se,)


def _no_extra(form: str, what: str) -> None:
    """Refuse a form with an extra fitted parameter where only :func:`fit_ols` profiles one."""
    extra = forms.get(form).extra_params
    if extra:
        raise ValueError(f"form {form!r} has an extra fitted parameter ({', '.join(extra)}): {what} fits a form's "
                         "response by OLS alone; only fit_ols fits an extra parameter (by profile)")


def leverage(fit: Fit) -> np.ndarray:
    X = design(fit.log10_c)
    return np.einsum("ij,jk,ik->i", X, np.linalg.inv(X.T @ X), X)


@dataclass
class TimeTrend:
    """``response = intercept + slope·log10(C) + year_slope·(date − 2012)``.

    ``years_per_10x`` = slope / year_slope: the years of algorithmic progress whose effect on the
    response equals a tenfold increase in compute (meaningful only when both coefficients are positive).
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
    resid_var: float = float("nan")
    base_year: float = BASE_YEAR
    meta: dict = field(default_factory=dict)
    result: object = field(default=None, repr=False)

    @property
    def df_resid(self) -> int:
        return max(self.n - 3, 1)

    @property
    def years_per_10x(self) -> float:
        return self.slope / self.year_slope if self.year_slope != 0 else float("nan")

    @property
    def k(self) -> float | None:
        if forms.get(self.form).exponent and self.slope != 0:
            return 1.0 / self.slope
        return None

    def predict_response(self, log10_c, date):
        return (self.intercept + self.slope * np.asarray(log10_c, dtype=float)
                + self.year_slope * (np.asarray(date, dtype=float) - self.base_year))

    def required_log10_compute(self, target_error, date):
        """log10 compute at which a model published at ``date`` reaches ``target_error`` on this fit."""
        y0 = forms.response(target_error, self.form)
        return (y0 - self.intercept - self.year_slope * (np.asarray(date, dtype=float) - self.base_year)) / self.slope


def fit_time_trend(df: pd.DataFrame, compute: str, form: str = forms.PAPER_FORM, error_col: str = "error",
                   base_year: int = BASE_YEAR, **meta) -> TimeTrend:
    """OLS of ``response(error, form)`` on log10(compute) and (date − base_year)."""
    _no_extra(form, "the time-trend fit")
    rows = usable(df, compute, error_col)
    rows = rows[rows["date"].notna()]
    if len(rows) < 4:
        raise ValueError(f"need at least 4 rows with {error_col}, {compute} and date, got {len(rows)}")
    x = np.log10(rows[compute].to_numpy(dtype=float))
    t = rows["date"].to_numpy(dtype=float) - base_year
    y = forms.response(rows[error_col].to_numpy(dtype=float), form)
    res = OLS(y, np.column_stack([np.ones_like(x), x, t])).fit()
    base = OLS(y, design(x)).fit()
    p, se = res.params, res.bse
    return TimeTrend(form=form, compute=compute, n=int(len(rows)), intercept=float(p[0]), slope=float(p[1]),
                     year_slope=float(p[2]), intercept_se=float(se[0]), slope_se=float(se[1]),
                     year_slope_se=float(se[2]), r2=float(res.rsquared), r2_without_year=float(base.rsquared),
                     cov=np.asarray(res.cov_params()), resid_var=float(res.scale), base_year=base_year,
                     meta=dict(meta), result=res)


def quantile_line(x, y, q: float) -> tuple[float, float, object]:
    """Intercept and slope of the ``q``-quantile regression of the *error* response ``y`` on ``x``, and the
    statsmodels result: ``−y`` is quantile-regressed at ``q`` (so the line runs below a share ``1 − q`` of
    the errors) and the coefficients are negated back, so the slope is comparable with an OLS fit's.

    No warning is silenced: statsmodels warns when the iterations reach max_iter or cycle (the fit did not
    converge), and a chapter that writes a warning fails, naming its line.  On the book's data every fit
    converges well before the limit."""
    res = QuantReg(-np.asarray(y, dtype=float), design(x)).fit(q=q, bandwidth="bofinger", max_iter=5000)
    params = -np.asarray(res.params)
    return float(params[0]), float(params[1]), res


def fit_quantile(df: pd.DataFrame, compute: str, q: float = 0.1, form: str = forms.PAPER_FORM,
                 error_col: str = "error", label_col: str = "label", **meta) -> Fit:
    """The efficient frontier: a ``q``-quantile regression of the *error* response (:func:`quantile_line`).

    ``r2`` is Koenker and Machado's pseudo-R²; ``resid_var`` is the variance of the residuals.  The standard
    errors are statsmodels' kernel ("robust") estimate with Bofinger's bandwidth; with ~10 rows the 10th
    percentile is set by one or two models and they mean little, so the book replaces them with a
    resampling interval (:func:`compute_limits.stats.bootstrap.quantile_draws`, set with
    :func:`compute_limits.stats.bootstrap.with_draws`) before it reports one.
    """
    _no_extra(form, "the quantile (frontier) fit")
    rows = usable(df, compute, error_col)
    if len(rows) < 3:
        raise ValueError(f"need at least 3 rows with {error_col} and {compute}, got {len(rows)}")
    x = np.log10(rows[compute].to_numpy(dtype=float))
    y = forms.response(rows[error_col].to_numpy(dtype=float), form)
    intercept, slope, res = quantile_line(x, y, q)
    bse = np.asarray(res.bse)
    resid = y - (intercept + slope * x)
    return Fit(form=form, compute=compute, n=int(len(rows)), intercept=intercept, slope=slope,
               intercept_se=float(bse[0]), slope_se=float(bse[1]), r2=float(res.prsquared),
               cov=np.asarray(res.cov_params()), resid_var=float(np.var(resid, ddof=2)), log10_c=x, y=y,
               labels=list(rows[label_col]) if label_col in rows else [], meta={"quantile": q, **meta})
