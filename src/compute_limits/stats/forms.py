"""The paper's two functional forms of error against compute, as one type.

* polynomial:  log10(1/error) = a + b·log10(C)   ⇒  C ∝ (1/error)^(1/b), so k = 1/b
* exponential: 1/error        = a + b·log10(C)   ⇒  C grows exponentially in 1/error

A :class:`Form` knows its response (what is regressed on log10 compute), the inverse (error from a
response), the Jacobian ``|dy/dz|`` of the response with respect to z = log10(error) (to compare the two
forms' likelihoods on one scale), and its domain (which responses map to an error).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

LN10 = math.log(10.0)


@dataclass(frozen=True)
class Form:
    name: str
    _response: Callable
    _inverse: Callable
    _log_jacobian: Callable  # log |dy/dz| at response y, z = log10(error)
    _in_domain: Callable

    def response(self, error):
        """The fitted response for an error rate (fraction)."""
        return self._response(np.asarray(error, dtype=float))

    def error(self, y):
        """The error rate of a response (NaN outside the domain)."""
        y = np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(self._in_domain(y), self._inverse(y), np.nan)

    def log_jacobian(self, y):
        return self._log_jacobian(np.asarray(y, dtype=float))

    def in_domain(self, y):
        return self._in_domain(np.asarray(y, dtype=float))

    def log10_error(self, y):
        """log10 of the error of a response (NaN outside the domain)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(self.error(y))

    def __str__(self) -> str:
        return self.name


POLYNOMIAL = Form("polynomial", lambda e: np.log10(1.0 / e), lambda y: 10.0 ** (-y),
                  lambda y: np.zeros_like(y), lambda y: np.isfinite(y))
EXPONENTIAL = Form("exponential", lambda e: 1.0 / e, lambda y: 1.0 / y,
                   lambda y: np.log(LN10 * y), lambda y: np.isfinite(y) & (y > 0))
FORMS = ("polynomial", "exponential")
_BY_NAME = {f.name: f for f in (POLYNOMIAL, EXPONENTIAL)}


def get(form: str | Form) -> Form:
    if isinstance(form, Form):
        return form
    try:
        return _BY_NAME[form]
    except KeyError:
        raise ValueError(f"unknown form {form!r}; expected one of {FORMS}") from None


def response(error, form: str | Form):
    """The fitted response for an error rate (fraction) under ``form``."""
    return get(form).response(error)


def error_from_response(y, form: str | Form):
    """Inverse of :func:`response` (NaN outside the form's domain)."""
    return get(form).error(y)
