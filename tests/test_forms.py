"""The registry of functional forms (issue 24, item 4): the Vega expressions agree with the numpy ones, the AIC
counts a form's fitted parameters, the comparison takes any number of forms, and charts and the calculator
read colours and forms from the registry."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
import vl_convert as vlc

from compute_limits import config
from compute_limits.errors import ConfigError
from compute_limits.report import charts, projections as P
from compute_limits.stats import compare, forms, regression

LOGISTIC = forms.Form(  # a third form, as a forker would add it: log10((1 − error)/error) = a + b·log10(C)
    "logistic", lambda e: np.log10((1.0 - e) / e), lambda y: 1.0 / (1.0 + 10.0 ** y),
    lambda y: np.log1p(10.0 ** (-y)), lambda y: np.isfinite(y), label="logistic", short="logit",
    colour="#009E73", vega_response="log((1 - {e}) / {e}) / LN10", vega_inverse="1 / (1 + pow(10, {y}))")


def vega_values(expr: str, variable: str, xs) -> np.ndarray:
    """``expr`` (a Vega expression of ``datum.<variable>``) evaluated by Vega itself (vl-convert renders a text
    mark per value; the texts are read back)."""
    values = [{"i": i, variable: float(x)} for i, x in enumerate(xs)]
    spec = {"data": {"values": values},
            "transform": [{"calculate": expr, "as": "v"},
                          {"calculate": "datum.i + ':' + datum.v", "as": "t"}],
            "mark": "text", "encoding": {"y": {"field": "i", "type": "ordinal", "axis": None},
                                         "text": {"field": "t", "type": "nominal"}}}
    svg = vlc.vegalite_to_svg(spec, vl_version=charts.VL_VERSION)
    out = dict(t.split(":", 1) for t in re.findall(r"<text[^>]*>(\d+:[^<]*)</text>", svg))
    assert len(out) == len(values), svg[:500]
    return np.array([float(out[str(i)]) if out[str(i)] != "NaN" else np.nan for i in range(len(values))])


@pytest.mark.parametrize("form", [*forms.all_forms(), LOGISTIC], ids=lambda f: f.name)
def test_the_vega_expressions_compute_what_the_numpy_ones_do(form):
    errors = np.array([0.9, 0.5, 0.25, 0.1, 0.03, 0.01, 0.001])
    assert np.allclose(vega_values(form.vega("response", "datum.e"), "e", errors), form.response(errors), rtol=1e-12)
    ys = form.response(errors)
    assert np.allclose(vega_values(form.vega("inverse", "datum.y"), "y", ys), form.error(ys), rtol=1e-12)
    assert np.allclose(form.error(ys), errors)  # and the numpy inverse inverts


def use(monkeypatch, *added: forms.Form) -> None:
    """Register ``added`` and put them in use after the specification's forms (as a forker's registry entry
    and ``[form] forms`` would)."""
    names = forms.in_use()
    for f in added:
        monkeypatch.setitem(forms.REGISTRY, f.name, f)
    monkeypatch.setattr(forms, "in_use", lambda spec=None: (*names, *(f.name for f in added)))


def test_the_calculator_computes_each_forms_response_from_the_registry(monkeypatch):
    use(monkeypatch, LOGISTIC)
    errors = [0.3, 0.05, 0.002]
    assert [f.name for f in forms.all_forms()] == ["polynomial", "exponential", "logistic"]
    for f in forms.all_forms():
        expr = P.response_expr(repr(f.name), "datum.e")
        assert np.allclose(vega_values(expr, "e", errors), f.response(errors), rtol=1e-12)
    assert np.isnan(vega_values(P.response_expr("'cubic'", "datum.e"), "e", errors)).all()


def test_the_registry_is_the_one_place_of_names_colours_and_order():
    assert forms.FORMS == tuple(forms.REGISTRY) == ("polynomial", "exponential") == forms.PAPER_FORMS
    assert forms.FORMS == tuple(config.specification().form.forms) and forms.PAPER_FORM == "polynomial"
    scale = charts.form_scale().to_dict()
    assert scale["domain"] == list(forms.FORMS) and scale["range"] == [forms.get(f).colour for f in forms.FORMS]
    assert len(set(scale["range"])) == len(forms.FORMS)
    assert forms.get("polynomial").exponent and not forms.get("exponential").exponent


def _data(seed: int = 3, n: int = 30):
    import pandas as pd
    rng = np.random.default_rng(seed)
    x = rng.uniform(15, 22, n)
    err = 10 ** (-(0.12 * x - 1.2 + rng.normal(0, 0.05, n)))
    return pd.DataFrame({"error": err, "c": 10 ** x, "label": [f"m{i}" for i in range(n)]})


FLOOR = forms.Form(  # an irreducible error floor f: log10(1/(error − f)) = a + b·log10(C), f fitted by profile
    "polynomial_floor", lambda e, f: np.log10(1.0 / (e - f)), lambda y, f: f + 10.0 ** (-y),
    lambda y, f: np.log1p(f * 10.0 ** y), lambda y, f: np.isfinite(y), extra_params=("floor",),
    extra_bounds=lambda e: (0.0, 0.999 * float(np.min(e))))


def test_the_aic_counts_a_forms_fitted_parameters(monkeypatch):
    df = _data()
    monkeypatch.setitem(forms.REGISTRY, FLOOR.name, FLOOR)
    assert forms.POLYNOMIAL.n_params == 3 and FLOOR.n_params == 4
    plain = regression.fit_ols(df, "polynomial", "c")
    at_zero = dataclasses.replace(plain, form=FLOOR.name, extra=(0.0,))  # the floor form at f = 0 is the polynomial
    assert compare.aic_log10_error(at_zero) == pytest.approx(compare.aic_log10_error(plain) + 2)


def _floored(seed: int = 11, n: int = 300, a: float = -1.2, b: float = 0.12, floor: float = 0.05,
             sigma: float = 0.03):
    import pandas as pd
    rng = np.random.default_rng(seed)
    x = rng.uniform(15, 22, n)
    err = floor + 10 ** (-(a + b * x + rng.normal(0, sigma, n)))
    return pd.DataFrame({"error": err, "c": 10 ** x, "label": [f"m{i}" for i in range(n)]})


def test_a_form_with_an_extra_parameter_is_fitted_by_profile_and_recovers_it(monkeypatch):
    monkeypatch.setitem(forms.REGISTRY, FLOOR.name, FLOOR)
    fit = regression.fit_ols(_floored(), FLOOR.name, "c")
    (floor,), (floor_se,) = fit.extra, fit.extra_se
    assert 0 < floor_se < 0.01 and abs(floor - 0.05) < 4 * floor_se  # the floor, within its standard error
    assert abs(fit.slope - 0.12) < 4 * fit.slope_se and abs(fit.intercept + 1.2) < 4 * fit.intercept_se
    assert fit.resid_var == pytest.approx(0.03 ** 2, rel=0.25) and fit.df_resid == fit.n - 3
    # the fitted response, its inverse and the comparison's scale all use the fitted floor
    assert np.allclose(fit.y, np.log10(1.0 / (_floored()["error"] - floor)))
    assert np.allclose(fit.predict_error(fit.log10_c), floor + 10.0 ** -fit.predict_response(fit.log10_c))
    assert fit.required_log10_compute(floor + 0.1) == pytest.approx((1.0 - fit.intercept) / fit.slope)
    # the profile's minimum is the minimum: a nearby floor fits worse on the log10-error scale
    err, x = _floored()["error"].to_numpy(), fit.log10_c
    best = regression.profile_nll(FLOOR, err, x, floor)
    assert best < regression.profile_nll(FLOOR, err, x, floor - 0.005)
    assert best < regression.profile_nll(FLOOR, err, x, floor + 0.005)
    # and on data with a floor, the floor form beats the paper's polynomial form by AIC despite its extra parameter
    plain = regression.fit_ols(_floored(), "polynomial", "c")
    assert compare.aic_log10_error(fit) < compare.aic_log10_error(plain) - 10
    # scored on new data from the same process, the fit (with its floor) is unbiased and its band holds
    from compute_limits.analysis import out_of_sample as O
    new = _floored(seed=12, n=100).assign(model=lambda d: d["label"], year=2021, date=2021.0, score=0.0)
    s = O.score(fit, new, 0.95)
    assert abs(s.mean_residual) < 0.01 and 0.85 < s.interval_coverage <= 1.0


def test_the_profile_fit_says_what_it_cannot_do(monkeypatch):
    two = dataclasses.replace(FLOOR, name="two_extra", extra_params=("floor", "ceiling"))
    unbounded = dataclasses.replace(FLOOR, name="unbounded", extra_bounds=None)
    for form in (two, unbounded):
        monkeypatch.setitem(forms.REGISTRY, form.name, form)
    with pytest.raises(ValueError, match="one extra parameter"):
        regression.fit_ols(_floored(), "two_extra", "c")
    with pytest.raises(ValueError, match="extra_bounds"):
        regression.fit_ols(_floored(), "unbounded", "c")
    # a floor pushed to its bound gets no standard error (no interval is claimed there)
    monkeypatch.setitem(forms.REGISTRY, FLOOR.name, FLOOR)
    with pytest.raises(ValueError, match="only fit_ols fits an extra parameter"):  # not silently without it
        regression.fit_time_trend(_floored().assign(date=2020.0 + np.arange(300) / 100), "c", form=FLOOR.name)
    fit = regression.fit_ols(_floored(floor=-0.02), FLOOR.name, "c")  # the best floor lies below the bound f = 0
    assert fit.extra[0] < 1e-6 and np.isnan(fit.extra_se[0])


def test_the_forms_in_use_are_the_specifications_checked_against_the_registry(tmp_path, monkeypatch):
    src = config.SPECIFICATION_CONFIG.read_text()
    old = 'forms = ["polynomial", "exponential"]'
    assert src.count(old) == 1

    def spec(forms_line: str, name: str = "specification.toml"):  # a new name each time: the reader caches by path
        (tmp_path / name).parent.mkdir(exist_ok=True)
        path = tmp_path / name
        path.write_text(src.replace(old, forms_line))
        return config.specification(str(path))

    three = spec('forms = ["polynomial", "exponential", "logistic"]')
    with pytest.raises(ConfigError) as err:  # not registered: the file and the form are named
        forms.in_use(three)
    assert str(err.value).startswith(f"{tmp_path / 'specification.toml'}: form.forms: unknown form(s) 'logistic';")
    monkeypatch.setitem(forms.REGISTRY, LOGISTIC.name, LOGISTIC)
    assert forms.in_use(three) == ("polynomial", "exponential", "logistic")  # registered: in use, in that order
    with pytest.raises(ConfigError, match="must begin with the paper's forms 'polynomial', 'exponential'"):
        forms.in_use(spec('forms = ["exponential", "polynomial"]', "b/specification.toml"))
    with pytest.raises(ConfigError, match="specification.toml: form: forms lists polynomial more than once"):
        spec('forms = ["polynomial", "exponential", "polynomial"]', "c/specification.toml")


def test_the_comparison_takes_every_form(monkeypatch):
    df = _data()
    two = compare.compare_forms([regression.fit_ols(df, f, "c") for f in forms.FORMS])
    assert two["aic_gap"] == pytest.approx(abs(two["delta_aic"]))
    monkeypatch.setitem(forms.REGISTRY, LOGISTIC.name, LOGISTIC)
    three = compare.compare_forms({f: regression.fit_ols(df, f, "c") for f in forms.REGISTRY})
    for f in forms.REGISTRY:
        assert {f"r2_{f}", f"aic_{f}", f"loo_rmse_{f}", f"slope_estimable_{f}"} <= set(three)
    aic = {f: three[f"aic_{f}"] for f in forms.REGISTRY}
    assert three["preferred_aic"] == min(aic, key=aic.get)
    assert three["aic_gap"] == pytest.approx(sorted(aic.values())[1] - min(aic.values()))
    assert three["delta_aic"] == two["delta_aic"]  # the paper's pair, unchanged by a third form
    # on data with a logistic shape (errors near 1 matter), the logistic form is the one the data choose
    x = np.linspace(15, 22, 40)
    rng = np.random.default_rng(5)
    import pandas as pd
    logit = pd.DataFrame({"error": 1 / (1 + 10 ** (0.4 * (x - 17) + rng.normal(0, 0.03, 40))), "c": 10 ** x,
                          "label": [f"m{i}" for i in range(40)]})
    c = compare.compare_forms({f: regression.fit_ols(logit, f, "c") for f in forms.REGISTRY})
    assert c["verdict"] == "logistic" and c["aic_gap"] >= compare.MIN_DELTA_AIC


def test_every_registered_form_has_its_meaning_in_the_data_dictionary():
    """A form's prose includes its line in data/dictionary.toml: the results writer refuses a value the dictionary
    does not list, so a registered form without one would fail the build at its first fit.  (The dictionary is
    read by data/, below stats/ in the layers, so it lists the forms itself rather than reading the registry.)"""
    from compute_limits.data import results
    lists = [results.value_meanings(name, "form") for name in ("fits", "projections", "model_comparison")]
    lists = [v for v in lists if v]
    assert len(lists) >= 2
    for meanings in lists:
        missing = [f for f in forms.FORMS if f not in meanings]
        assert not missing, f"data/dictionary.toml lists no meaning for the form(s) {missing}"


# ---------------------------------------------------------------- code written for the paper's pair takes any form


def test_the_form_beside_a_form_is_the_papers_other_one():
    assert forms.alternative("polynomial") == "exponential"
    assert forms.alternative("exponential") == "polynomial" and forms.alternative("logistic") == "polynomial"


def _logit_world(n: int, lo: float, hi: float, date: float, seed: int):
    import pandas as pd
    rng = np.random.default_rng(seed)
    x = np.linspace(lo, hi, n)
    err = 1 / (1 + 10 ** (0.4 * (x - 17) + rng.normal(0, 0.03, n)))
    return pd.DataFrame({"error": err, "compute": 10 ** x, "model": [f"m{date}_{i}" for i in range(n)],
                         "label": [f"m{date}_{i}" for i in range(n)], "year": int(date),
                         "date": date + np.linspace(0, 0.9, n), "score": 1 - err})


def test_out_of_sample_compares_and_lists_every_form_in_use(monkeypatch):
    from compute_limits.analysis import out_of_sample as O
    from compute_limits.report import out_of_sample_tables as T
    from types import SimpleNamespace as NS

    use(monkeypatch, LOGISTIC)
    train, later = _logit_world(40, 14, 19, 2018.0, 1), _logit_world(30, 19, 21, 2021.0, 2)
    fits = {f: regression.fit_ols(train, f, "compute") for f in forms.FORMS}
    scored = {f: O.score(fits[f], later) for f in forms.FORMS}
    c = O.form_comparison(fits, scored, 0.95)
    assert list(c.rmse) == list(c.coverage) == ["polynomial", "exponential", "logistic"] and c.n_paired == 30
    assert min(c.rmse, key=c.rmse.get) == "logistic" and c.verdict_out_of_sample == "logistic"
    r = {f: scored[f].models["residual"].to_numpy() for f in forms.FORMS}
    assert c.msd_difference == pytest.approx(np.mean(r["polynomial"] ** 2 - r["exponential"] ** 2))  # the paper's pair
    ev = NS(level=0.95, tests={"b": NS(forms=c, scored=scored)})
    table = T.forms_display(ev, {"b": "B"})
    assert list(table.columns) == ["Benchmark", "In sample", "RMSE poly / exp / logit", "p", "Coverage poly (95% CI)",
                                   "Coverage exp (95% CI)", "Coverage logit (95% CI)", "Out of sample"]
    assert table["Out of sample"].iloc[0] == "logistic"


def test_the_verdict_counts_take_a_third_form(monkeypatch):
    import pandas as pd
    from compute_limits.analysis import benchmark_summary as S

    use(monkeypatch, LOGISTIC)
    monkeypatch.setattr(S, "FORMS", forms.FORMS)
    monkeypatch.setattr(S, "FORM_VERDICTS", (*forms.FORMS, "neither"))
    table = pd.DataFrame({"name": ["A", "B", "C"], "verdict": ["logistic", "neither", "polynomial"],
                          "v1_verdict": ["logistic", "", "neither"]})
    s = S.forms(table)
    assert (s.n, s.n_polynomial, s.n_exponential, s.n_neither) == (3, 1, 0, 1)
    # the paper's form is preferred for one benchmark and another form for one: in part, not "agree"
    assert s.by_verdict["logistic"] == ("A",) and s.v1_decided and s.support == "in_part"
    s = S.forms(table.assign(verdict=["logistic", "neither", "neither"]))
    assert s.support == "against"  # where the data decide, they prefer a form other than the paper's
