"""Every interval the book reports, each implemented once.

* :func:`t_quantile`: the two-sided t quantile of a level.
* :func:`slope_interval`, :func:`k_interval`: confidence intervals of a slope and of k = 1/slope (for a fit
  that carries bootstrap draws of its slope, their percentile interval: :func:`percentile_interval`).
* :func:`mean_band`, :func:`prediction_band`: the confidence band of the fitted mean and the
  prediction interval of a new model, from statsmodels' ``get_prediction().summary_frame()``.
* :func:`inverse_interval` (Fieller / calibration) and :func:`delta_interval`: intervals for the
  compute at which a fitted line reaches a target error.  With ``prediction=True`` they include the
  residual variance: they say where the compute of *a single model* reaching the target would lie
  (a calibration interval), not how uncertain the line is; ``prediction=False`` gives the interval
  for the line itself.
* :func:`slope_estimable`, :func:`estimable`, :func:`projection_estimable`: the book's one rule for "not
  estimable from these data": a slope whose interval includes zero; a quantity on a log or ratio scale (a
  projection in log10 FLOP, a multiple) whose interval has an unbounded end or spans more than
  :func:`max_orders` orders of magnitude (``data/specification.toml``'s ``interval.max_orders``).
* :func:`r2_interval`: a confidence interval for the R² of a one-regressor fit (Fisher's z of r).
* :func:`difference_interval`: the interval of the difference of two slopes fitted on separate samples (Welch).
* :func:`orders_spanned`, :func:`informative`: how many orders of magnitude an interval of a multiple (or of
  a power of ten) spans, and whether it is narrow enough to decide anything (at most :func:`max_orders`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from .. import config
from .regression import Fit, design


def t_quantile(level: float, df: int) -> float:
    """The t quantile with ``df`` degrees of freedom for a two-sided ``level`` interval."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    return float(stats.t.ppf(0.5 + level / 2, max(int(df), 1)))


def percentile_interval(draws, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` percentile interval of bootstrap ``draws`` (NaN without draws)."""
    draws = np.asarray(draws, dtype=float)
    draws = draws[np.isfinite(draws)]
    if len(draws) == 0:
        return float("nan"), float("nan")
    alpha = (1 - level) / 2
    return (float(np.quantile(draws, alpha, method="inverted_cdf")),
            float(np.quantile(draws, 1 - alpha, method="inverted_cdf")))


def slope_interval(fit, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` confidence interval of a fit's slope: the percentile interval of its bootstrap draws
    where it carries them (the frontier's), else statsmodels' ``conf_int`` where available, else t·s.e."""
    draws = getattr(fit, "slope_draws", None)
    if draws is not None:
        return percentile_interval(draws, level)
    if getattr(fit, "result", None) is not None:
        lo, hi = np.asarray(fit.result.conf_int(alpha=1 - level))[1]
        return float(lo), float(hi)
    half = t_quantile(level, fit.df_resid) * fit.slope_se
    return fit.slope - half, fit.slope + half


def slope_estimable(lo: float, hi: float) -> bool:
    """A slope is estimable when its interval excludes zero (and is finite)."""
    return bool(np.isfinite(lo) and np.isfinite(hi) and (lo > 0 or hi < 0))


def max_orders() -> float:
    """The widest interval, in orders of magnitude, that decides anything: the main specification's
    ``interval.max_orders`` (``data/specification.toml``).  Wider, an interval holds a value and one a
    thousand times larger or smaller alike."""
    return float(config.specification().interval.max_orders)


def estimable(lo, hi, log10: bool = True, limit: float | None = None):
    """The book's one rule for a quantity on a log or ratio scale: estimable when its interval spans at most
    ``limit`` orders of magnitude (default :func:`max_orders`; :func:`orders_spanned`, so an unbounded or
    missing end is never estimable).  ``log10=True``: the ends are base-10 exponents (log10 FLOP); else
    positive multiples.  Elementwise over arrays; a bool for scalars."""
    limit = max_orders() if limit is None else float(limit)
    spanned = np.vectorize(orders_spanned, otypes=[float])(lo, hi, log10)
    return bool(spanned <= limit) if spanned.ndim == 0 else spanned <= limit


def projection_estimable(lo, hi, limit: float | None = None):
    """A projection (log10 FLOP) is estimable by the book's one rule (:func:`estimable`): both ends of its
    interval finite, and at most :func:`max_orders` orders of magnitude apart.  Elementwise."""
    return np.atleast_1d(estimable(lo, hi, log10=True, limit=limit))


def k_interval(fit, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` interval of the exponent k = 1/slope, from the slope's interval.

    Unbounded above (inf) when the slope's interval reaches zero; NaN when it lies below zero.
    """
    lo, hi = slope_interval(fit, level)
    if hi <= 0:
        return float("nan"), float("nan")
    return 1.0 / hi, (1.0 / lo if lo > 0 else math.inf)


def _frame(fit: Fit, log10_c, level: float) -> pd.DataFrame:
    if fit.result is None:
        raise ValueError("bands need an OLS fit (with its statsmodels results)")
    x = np.atleast_1d(np.asarray(log10_c, dtype=float))
    return fit.result.get_prediction(design(x)).summary_frame(alpha=1 - level).assign(log10_c=x)


def _to_error(fit: Fit, frame: pd.DataFrame, lo: str, hi: str) -> pd.DataFrame:
    x = frame["log10_c"].to_numpy()
    return pd.DataFrame({
        "log10_c": x, "compute": 10.0 ** x,
        "response": frame["mean"].to_numpy(), "response_lo": frame[lo].to_numpy(), "response_hi": frame[hi].to_numpy(),
        "error": fit.error(frame["mean"].to_numpy()),
        "lower": fit.error(frame[hi].to_numpy()),  # a higher response is a lower error
        "upper": fit.error(frame[lo].to_numpy()),
        "form": fit.form,
    })


def mean_band(fit: Fit, log10_c, level: float = 0.95) -> pd.DataFrame:
    """Fitted error and the ``level`` confidence band of the fitted mean (the line), on a grid.

    Columns ``log10_c, compute, response, response_lo, response_hi, error, lower, upper, form``;
    an error bound outside the form's domain (1/error ≤ 0) is NaN.
    """
    return _to_error(fit, _frame(fit, log10_c, level), "mean_ci_lower", "mean_ci_upper")


def prediction_band(fit: Fit, log10_c, level: float = 0.95, extra_cov=None) -> pd.DataFrame:
    """Where a *new* model at ``10**log10_c`` FLOP would land: the ``level`` prediction interval
    ŷ ± t·√(σ² + x'Σx).  Same columns as :func:`mean_band` plus ``se`` (of a new observation).

    ``extra_cov`` (2 × 2, of the intercept and slope) is added to the fit's Σ: the uncertainty of an
    input the fit took as given, such as the conversion that imputes part of its compute."""
    frame = _frame(fit, log10_c, level)
    if extra_cov is not None:
        x = frame["log10_c"].to_numpy()
        extra = np.asarray(extra_cov, dtype=float)
        mean_se = np.sqrt(frame["mean_se"].to_numpy() ** 2 + extra[0, 0] + 2 * x * extra[0, 1] + x ** 2 * extra[1, 1])
        half = t_quantile(level, fit.df_resid) * np.sqrt(fit.resid_var + mean_se ** 2)
        frame = frame.assign(mean_se=mean_se, obs_ci_lower=frame["mean"] - half, obs_ci_upper=frame["mean"] + half)
    out = _to_error(fit, frame, "obs_ci_lower", "obs_ci_upper")
    out["se"] = np.sqrt(fit.resid_var + frame["mean_se"].to_numpy() ** 2)
    # a lower response outside the form's domain (1/error ≤ 0 for the exponential) leaves the error unbounded
    out["upper"] = np.where(np.isnan(out["upper"]) & ~np.isnan(out["response_lo"]), np.inf, out["upper"])
    return out


def required_log10_flops(fit: Fit, target_error) -> np.ndarray:
    """log10 FLOP at which the fitted line reaches ``target_error`` (inf when the slope is not > 0)."""
    target = np.asarray(target_error, dtype=float)
    if fit.slope <= 0:
        return np.full(target.shape, np.inf)
    return np.asarray(fit.required_log10_compute(target), dtype=float)


def delta_interval(fit: Fit, target_error, level: float = 0.95, prediction: bool = True):
    """Delta-method interval for ``x0 = (y0 − a)/b``: var = (σ²·[prediction] + Var(a + b·x0)) / b².

    Symmetric in log10 FLOP; understates the upper side far from the data (see :func:`inverse_interval`).
    """
    x0 = required_log10_flops(fit, target_error)
    cov = np.asarray(fit.cov, dtype=float)
    finite = np.isfinite(x0)  # a line with no slope puts the target at infinite compute: no interval (NaN)
    x = np.where(finite, x0, 0.0)
    line_var = cov[0, 0] + 2 * x * cov[0, 1] + x ** 2 * cov[1, 1]
    var = (line_var + (fit.resid_var if prediction else 0.0)) / fit.slope ** 2
    half = np.where(finite, t_quantile(level, fit.df_resid) * np.sqrt(var), np.nan)
    lo, hi = x0 - half, x0 + half
    return lo, hi


def fieller(num, den: float, var_num, var_den: float, cov: float, t: float):
    """Fieller's interval for the ratio θ = num/den of two estimates with the given (co)variances.

    The set of θ with ``(num − θ·den)² ≤ t²·(var_num − 2θ·cov + θ²·var_den)``.  It is a bounded interval
    only when ``den`` is significant (``den² > t²·var_den``); otherwise the side away from the point
    estimate is unbounded (or it is the whole line).  Always contains ``num/den``.  ``num`` and
    ``var_num`` may be arrays (one interval per element).
    """
    num = np.asarray(num, dtype=float)
    var_num = np.broadcast_to(np.asarray(var_num, dtype=float), num.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = np.where(den != 0, num / den, np.copysign(np.inf, num))
        qa = den ** 2 - t ** 2 * var_den
        qb = -2.0 * (num * den - t ** 2 * cov)
        qc = num ** 2 - t ** 2 * var_num
        disc = qb ** 2 - 4 * qa * qc
        root = np.sqrt(np.where(disc > 0, disc, np.nan))
        r1 = (-qb - root) / (2 * qa) if qa != 0 else np.full(num.shape, np.nan)
        r2 = (-qb + root) / (2 * qa) if qa != 0 else np.full(num.shape, np.nan)
    small, large = np.fmin(r1, r2), np.fmax(r1, r2)
    ok = np.isfinite(small) & np.isfinite(large)
    if qa > 0:
        lo, hi = np.where(ok, small, -np.inf), np.where(ok, large, np.inf)
    else:  # two outer rays: keep the one holding the point estimate (else the whole line)
        upper = ok & (theta >= large)
        lower = ok & (theta <= small)
        lo = np.where(upper, large, -np.inf)
        hi = np.where(lower, small, np.inf)
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


def inverse_interval(fit: Fit, target_error, level: float = 0.95, prediction: bool = True,
                     extra_var: float = 0.0):
    """Inverse-regression interval for the compute at which the line reaches a target error: Fieller's
    interval for x0 = (y0 − a)/b.

    With ``prediction`` it includes the residual variance σ²: a calibration interval for the compute of
    a single model that reaches the target; without, the interval for where the line itself reaches it.
    ``extra_var`` adds response variance from elsewhere (e.g. uncertainty in imputed compute).
    Bounded only when the slope is significant at ``level``; a slope ≤ 0 gives ``(−inf, inf)``.
    """
    y0 = fit.response(np.asarray(target_error, dtype=float))
    if fit.slope <= 0:
        return np.full(np.shape(y0), -np.inf), np.full(np.shape(y0), np.inf)
    cov = np.asarray(fit.cov, dtype=float)
    s2 = (fit.resid_var if prediction else 0.0) + extra_var
    return fieller(y0 - fit.intercept, fit.slope, cov[0, 0] + s2, cov[1, 1], -cov[0, 1],
                   t_quantile(level, fit.df_resid))


def ratio_interval(num: float, den: float, var_num: float, var_den: float, cov: float, t: float):
    """Fieller's interval for a scalar ratio (e.g. years of progress per tenfold compute, b/c)."""
    lo, hi = fieller(num, den, var_num, var_den, cov, t)
    return float(lo), float(hi)


def r2_interval(r2: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` confidence interval of R² for a fit with one regressor, where R² = r².

    Fisher's z of the correlation, atanh(r) ± q/√(n − 3) with q the normal quantile of the level, mapped
    back and squared; an interval of r that straddles zero gives R² from 0.  NaN with fewer than four rows.
    """
    if n < 4 or not np.isfinite(r2):
        return float("nan"), float("nan")
    r = math.sqrt(max(min(float(r2), 1.0), 0.0))
    half = float(stats.norm.ppf(0.5 + level / 2)) / math.sqrt(n - 3)
    z = math.atanh(min(r, 1 - 1e-12))
    r_lo, r_hi = math.tanh(z - half), math.tanh(z + half)
    lo = 0.0 if r_lo <= 0 else r_lo ** 2
    return float(lo), float(max(r_lo ** 2, r_hi ** 2) if r_lo < 0 else r_hi ** 2)


def orders_spanned(lo, hi, log10: bool = False) -> float:
    """The orders of magnitude from ``lo`` to ``hi``: ``log10(hi / lo)`` for positive multiples, ``hi − lo``
    for values that are already base-10 exponents (``log10=True``); inf for an unbounded or non-positive end."""
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return math.inf
    if log10:
        return hi - lo
    return math.log10(hi / lo) if lo > 0 and hi > 0 else math.inf


def informative(lo, hi, log10: bool = False, limit: float | None = None) -> bool:
    """Whether one interval can tell anything apart: :func:`estimable` for a single interval (of multiples by
    default).  Wider than the limit, it holds a value and one a thousand times larger or smaller alike, so
    the book reads it as deciding nothing."""
    return bool(estimable(lo, hi, log10=log10, limit=limit))


def difference_interval(b1: float, se1: float, df1: int, b2: float, se2: float, df2: int,
                        level: float = 0.95) -> tuple[float, float, float]:
    """``b1 − b2`` for two estimates from independent samples, with its ``level`` interval: standard error
    √(se1² + se2²) and Welch–Satterthwaite degrees of freedom."""
    v1, v2 = se1 ** 2, se2 ** 2
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 ** 2 / max(df1, 1) + v2 ** 2 / max(df2, 1)) if se > 0 else max(df1, df2, 1)
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    d = b1 - b2
    return d, d - half, d + half
