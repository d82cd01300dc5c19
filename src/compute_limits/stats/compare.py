"""Comparing the two forms on one scale: AIC and leave-one-out error of log10(error).

The forms model different responses (log10(1/error) and 1/error); both are put on the scale of
z = log10(error), the likelihood with the form's Jacobian, the leave-one-out predictions by mapping back.
One criterion decides everywhere in the book (:func:`form_verdict`): a form is preferred when its AIC is
lower by at least 2 *and* its leave-one-out error is lower *and* its slope is estimable (its confidence
interval excludes zero); otherwise the data do not decide.  A form whose slope cannot be told from zero
fits no better than a flat line, so it cannot be the form that best describes how error falls with compute.
(``MIN_DELTA_AIC`` is the main specification's ``form.min_delta_aic``; the tests check the two agree.)
"""

from __future__ import annotations

import numpy as np

from . import forms
from .intervals import slope_estimable, slope_interval
from .regression import Fit, leverage

MIN_DELTA_AIC = 2.0


def log10_error_observed(fit: Fit) -> np.ndarray:
    return forms.get(fit.form).log10_error(fit.y)


def loo_log10_error(fit: Fit) -> np.ndarray:
    """Leave-one-out predictions of log10(error) (closed form e_i / (1 − h_ii) on the response);
    NaN where an exponential fit's predicted 1/error is not positive."""
    loo_resp = fit.y - fit.residuals() / (1.0 - leverage(fit))
    return forms.get(fit.form).log10_error(loo_resp)


def loo_rmse(fit: Fit) -> float:
    """Root-mean-square leave-one-out error of log10(error): the two forms on one scale."""
    diff = loo_log10_error(fit) - log10_error_observed(fit)
    return float(np.sqrt(np.nanmean(diff ** 2)))


def aic_log10_error(fit: Fit) -> float:
    """Gaussian AIC of the fit as a density of z = log10(error) (3 parameters: a, b, σ)."""
    n = fit.n
    rss = float(np.sum(fit.residuals() ** 2))
    sigma2 = rss / n
    loglik = -0.5 * n * (np.log(2 * np.pi * sigma2) + 1)
    loglik += float(np.sum(forms.get(fit.form).log_jacobian(fit.y)))
    return float(-2 * loglik + 2 * 3)


def compare_forms(poly: Fit, expo: Fit, level: float = 0.95) -> dict:
    """R², AIC on the log10(error) scale and leave-one-out RMSE of log10(error) for both forms (same rows),
    whether each form's slope is estimable at ``level``, the form each criterion prefers, and the book's
    verdict (:func:`form_verdict`)."""
    out = {
        "n": poly.n,
        "r2_polynomial": poly.r2, "r2_exponential": expo.r2,
        "aic_polynomial": aic_log10_error(poly), "aic_exponential": aic_log10_error(expo),
        "loo_rmse_polynomial": loo_rmse(poly), "loo_rmse_exponential": loo_rmse(expo),
        "slope_estimable_polynomial": slope_estimable(*slope_interval(poly, level)),
        "slope_estimable_exponential": slope_estimable(*slope_interval(expo, level)),
    }
    out["delta_aic"] = out["aic_exponential"] - out["aic_polynomial"]  # > 0 favours the polynomial form
    out["preferred"] = "polynomial" if out["loo_rmse_polynomial"] <= out["loo_rmse_exponential"] else "exponential"
    out["preferred_aic"] = "polynomial" if out["delta_aic"] >= 0 else "exponential"
    out["verdict"] = form_verdict(out)
    return out


def form_verdict(comparison, min_delta_aic: float = MIN_DELTA_AIC) -> str:
    """``polynomial`` or ``exponential`` when the AIC difference is at least ``min_delta_aic``, the
    leave-one-out error points the same way and that form's slope is estimable
    (``slope_estimable_<form>``; taken as estimable where a comparison does not say); else ``neither``
    (the data do not decide)."""
    c = comparison
    form = str(c["preferred"])
    if abs(c["delta_aic"]) >= min_delta_aic and form == c["preferred_aic"] and c.get(f"slope_estimable_{form}", True):
        return form
    return "neither"
