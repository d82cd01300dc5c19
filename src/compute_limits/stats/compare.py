"""Comparing the forms on one scale: AIC and leave-one-out error of log10(error).

The forms model different responses (log10(1/error), 1/error, ...); all are put on the scale of
z = log10(error), the likelihood with the form's Jacobian, the leave-one-out predictions by mapping back.
One criterion decides everywhere in the book (:func:`form_verdict`): a form is preferred when its AIC is
lower than every other form's by at least 2 *and* its leave-one-out error is the lowest *and* its slope is
estimable (its confidence interval excludes zero); otherwise the data do not decide.  A form whose slope cannot be told from zero
fits no better than a flat line, so it cannot be the form that best describes how error falls with compute.
(``MIN_DELTA_AIC`` is the main specification's ``form.min_delta_aic``; the tests check the two agree.)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import forms
from .intervals import slope_estimable, slope_interval
from .regression import Fit, leverage

MIN_DELTA_AIC = 2.0


def log10_error_observed(fit: Fit) -> np.ndarray:
    return forms.get(fit.form).log10_error(fit.y, *fit.extra)


def loo_log10_error(fit: Fit) -> np.ndarray:
    """Leave-one-out predictions of log10(error) (closed form e_i / (1 − h_ii) on the response);
    NaN where an exponential fit's predicted 1/error is not positive."""
    loo_resp = fit.y - fit.residuals() / (1.0 - leverage(fit))
    return forms.get(fit.form).log10_error(loo_resp, *fit.extra)


def loo_rmse(fit: Fit) -> float:
    """Root-mean-square leave-one-out error of log10(error): the two forms on one scale."""
    diff = loo_log10_error(fit) - log10_error_observed(fit)
    return float(np.sqrt(np.nanmean(diff ** 2)))


def aic_log10_error(fit: Fit) -> float:
    """Gaussian AIC of the fit as a density of z = log10(error), counting the form's fitted parameters
    (:attr:`~compute_limits.stats.forms.Form.n_params`: a, b, σ and any extra one)."""
    form = forms.get(fit.form)
    n = fit.n
    rss = float(np.sum(fit.residuals() ** 2))
    sigma2 = rss / n
    loglik = -0.5 * n * (np.log(2 * np.pi * sigma2) + 1)
    loglik += float(np.sum(form.log_jacobian(fit.y, *fit.extra)))
    return float(-2 * loglik + 2 * form.n_params)


def _lowest(values: dict) -> str:
    """The first key whose value is at most every other's (registry order breaks ties); the last key where
    none is (a NaN compares false)."""
    keys = list(values)
    for k in keys:
        if all(values[k] <= values[g] for g in keys if g != k):
            return k
    return keys[-1]


def compare_forms(fits, level: float = 0.95) -> dict:
    """R², AIC on the log10(error) scale and leave-one-out RMSE of log10(error) of every form in ``fits`` (a
    mapping form name → fit, or fits, same rows, in registry order), whether each form's slope is estimable at
    ``level``, the form each criterion prefers, the AIC margin of the form AIC prefers over the next best
    (``aic_gap``), and the book's verdict (:func:`form_verdict`).  ``delta_aic`` is AIC(second) − AIC(first)
    of the first two forms (the paper's pair: > 0 favours the polynomial form)."""
    fits = dict(fits) if isinstance(fits, Mapping) else {fit.form: fit for fit in fits}
    names = list(fits)
    first = fits[names[0]]
    out = {"n": first.n}
    out.update({f"r2_{f}": fit.r2 for f, fit in fits.items()})
    out.update({f"aic_{f}": aic_log10_error(fit) for f, fit in fits.items()})
    out.update({f"loo_rmse_{f}": loo_rmse(fit) for f, fit in fits.items()})
    out.update({f"slope_estimable_{f}": slope_estimable(*slope_interval(fit, level)) for f, fit in fits.items()})
    aic = {f: out[f"aic_{f}"] for f in names}
    out["delta_aic"] = aic[names[1]] - aic[names[0]] if len(names) > 1 else float("nan")
    out["preferred"] = _lowest({f: out[f"loo_rmse_{f}"] for f in names})
    out["preferred_aic"] = _lowest(aic)
    best = out["preferred_aic"]
    out["aic_gap"] = min((aic[g] - aic[best] for g in names if g != best), default=float("nan"))
    out["verdict"] = form_verdict(out)
    return out


def form_verdict(comparison, min_delta_aic: float = MIN_DELTA_AIC) -> str:
    """The preferred form when its AIC is lower than every other form's by at least ``min_delta_aic``
    (``aic_gap``; ``|delta_aic|`` where a comparison of two forms does not give it), the leave-one-out error
    points the same way and that form's slope is estimable (``slope_estimable_<form>``; taken as estimable
    where a comparison does not say); else ``neither`` (the data do not decide)."""
    c = comparison
    form = str(c["preferred"])
    gap = c["aic_gap"] if "aic_gap" in c else abs(c["delta_aic"])
    if gap >= min_delta_aic and form == c["preferred_aic"] and c.get(f"slope_estimable_{form}", True):
        return form
    return "neither"
