"""The functional forms of error against compute: one registry that every fit, comparison, table, chart and
the in-browser calculator iterate over.

The paper's two forms:

* polynomial:  log10(1/error) = a + b·log10(C)   ⇒  C ∝ (1/error)^(1/b), so k = 1/b
* exponential: 1/error        = a + b·log10(C)   ⇒  C grows exponentially in 1/error

A :class:`Form` knows its response (what is regressed on log10 compute), the inverse (error from a
response), the Jacobian ``|dy/dz|`` of the response with respect to z = log10(error) (to compare the forms'
likelihoods on one scale), its domain (which responses map to an error), and what the rest of the book needs
of it: the label a reader sees, its colour in every chart, its short name in tables, the number of fitted
parameters the AIC counts, and the calculator's response and inverse as Vega expressions (declared beside
the numpy ones; ``tests/test_forms.py`` evaluates both in Vega on a grid and compares them).

:data:`REGISTRY` is the one place forms are declared; which of them a book fits is a choice of the main
specification (``[form] forms`` in ``data/specification.toml``, :func:`in_use`, also ``FORMS``), whose order is
the order of every table's columns, every chart's legend and the calculator's buttons.  :data:`PAPER_FORM`
names the paper's form, which the book uses where the data do not decide.  Adding a form is one entry here,
its name in the specification, and its prose (``chapters/extending.md``, "Adding a functional form").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import config
from ..errors import ConfigError

LN10 = math.log(10.0)
BASE_PARAMS = 3  # every form fits an intercept a, a slope b and the residual variance σ²


@dataclass(frozen=True)
class Form:
    name: str  # the id in result files (fits.csv's `form`) and chapter conditions (verdict == "...")
    _response: Callable
    _inverse: Callable
    _log_jacobian: Callable  # log |dy/dz| at response y, z = log10(error)
    _in_domain: Callable
    label: str = ""  # what a reader sees (legends, the calculator's buttons); the name where empty
    short: str = ""  # in a crowded table cell ("poly."); the label where empty
    colour: str = "#000000"  # the one place a form's colour lives (every chart's colour scale reads it)
    vega_response: str = ""  # the response as a Vega expression of `e` (the error, a fraction)
    vega_inverse: str = ""  # the error as a Vega expression of `y` (the response)
    extra_params: tuple[str, ...] = ()  # fitted parameters beyond a, b and σ² (e.g. an error floor), fitted
    #                                     by profile (regression.fit_ols); the AIC counts them.  A form that has
    #                                     one takes its value as a further argument of each callable above
    extra_bounds: Callable | None = None  # the errors → (lo, hi), the bounds the profile fit searches the extra
    #                                       parameter within (every error must stay in the form's domain there)
    exponent: bool = False  # the slope's reciprocal is the exponent k of compute ∝ (1/error)^k

    @property
    def n_params(self) -> int:
        """The parameters the AIC counts: a, b, σ² and any extra fitted parameter."""
        return BASE_PARAMS + len(self.extra_params)

    @property
    def shown(self) -> str:
        return self.label or self.name

    @property
    def abbreviation(self) -> str:
        return self.short or self.shown

    def response(self, error, *extra):
        """The fitted response for an error rate (fraction); ``extra``: the values of :attr:`extra_params`."""
        return self._response(np.asarray(error, dtype=float), *extra)

    def error(self, y, *extra):
        """The error rate of a response (NaN outside the domain)."""
        y = np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(self._in_domain(y, *extra), self._inverse(y, *extra), np.nan)

    def log_jacobian(self, y, *extra):
        return self._log_jacobian(np.asarray(y, dtype=float), *extra)

    def in_domain(self, y, *extra):
        return self._in_domain(np.asarray(y, dtype=float), *extra)

    def log10_error(self, y, *extra):
        """log10 of the error of a response (NaN outside the domain)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(self.error(y, *extra))

    def vega(self, which: str, variable: str) -> str:
        """The Vega expression ``which`` ("response" or "inverse") with its variable replaced by the expression
        ``variable`` (e.g. ``datum.e``)."""
        expr, var = (self.vega_response, "e") if which == "response" else (self.vega_inverse, "y")
        return expr.replace("{" + var + "}", f"({variable})")

    def __str__(self) -> str:
        return self.name


POLYNOMIAL = Form("polynomial", lambda e: np.log10(1.0 / e), lambda y: 10.0 ** (-y),
                  lambda y: np.zeros_like(y), lambda y: np.isfinite(y),
                  label="polynomial", short="poly.", colour="#D55E00",
                  vega_response="-log({e}) / LN10", vega_inverse="pow(10, -{y})", exponent=True)
EXPONENTIAL = Form("exponential", lambda e: 1.0 / e, lambda y: 1.0 / y,
                   lambda y: np.log(LN10 * y), lambda y: np.isfinite(y) & (y > 0),
                   label="exponential", short="exp.", colour="#0072B2",
                   vega_response="1 / {e}", vega_inverse="1 / {y}")

REGISTRY: dict[str, Form] = {f.name: f for f in (POLYNOMIAL, EXPONENTIAL)}
PAPER_FORMS: tuple[str, ...] = ("polynomial", "exponential")  # the paper's pair: delta_aic, the out-of-sample test
PAPER_FORM = "polynomial"  # the paper's form: what the book uses where the data do not decide


def in_use(spec=None) -> tuple[str, ...]:
    """The forms the book fits, compares and draws: ``[form] forms`` of the main specification
    (``data/specification.toml``), checked against :data:`REGISTRY`; the paper's two forms come first (the
    pages compare them as the paper did).  Also the module attribute ``FORMS``."""
    spec = spec or config.specification()
    names = tuple(spec.form.forms)
    unknown = [f for f in names if f not in REGISTRY]
    if unknown:
        raise ConfigError(f"{spec.path or 'specification.toml'}: form.forms: unknown form(s) "
                          f"{', '.join(map(repr, unknown))}; src/compute_limits/stats/forms.py's REGISTRY has "
                          f"{', '.join(map(repr, REGISTRY))}")
    if names[:len(PAPER_FORMS)] != PAPER_FORMS:
        raise ConfigError(f"{spec.path or 'specification.toml'}: form.forms: must begin with the paper's forms "
                          f"{', '.join(map(repr, PAPER_FORMS))} (the pages compare them as the paper did), got "
                          f"{', '.join(map(repr, names))}")
    return names


def alternative(form: str) -> str:
    """The form a page sets beside ``form`` as its sensitivity: the paper's form, and beside the paper's form the
    paper's other one (whatever else is in use: the pages compare the paper's pair)."""
    return PAPER_FORMS[1] if form == PAPER_FORM else PAPER_FORM


def __getattr__(name: str):
    if name == "FORMS":  # read when first asked for, so importing the module reads no file
        return in_use()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get(form: str | Form) -> Form:
    if isinstance(form, Form):
        return form
    try:
        return REGISTRY[form]
    except KeyError:
        raise ValueError(f"unknown form {form!r}; expected one of {tuple(REGISTRY)}") from None


def all_forms() -> list[Form]:
    """The forms in use (:func:`in_use`), in the specification's order."""
    return [REGISTRY[f] for f in in_use()]


def colours() -> dict[str, str]:
    """Form name → colour of the forms in use, in order (a chart's colour domain and range)."""
    return {f.name: f.colour for f in all_forms()}


def response(error, form: str | Form):
    """The fitted response for an error rate (fraction) under ``form``."""
    return get(form).response(error)


def error_from_response(y, form: str | Form):
    """Inverse of :func:`response` (NaN outside the form's domain)."""
    return get(form).error(y)
