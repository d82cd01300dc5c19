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
