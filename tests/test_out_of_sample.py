"""Out-of-sample tests of the 2020 fits: split, prediction intervals, residuals, coverage, exponent, frontier."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from compute_limits import fits
from compute_limits import out_of_sample as O
from compute_limits.history import fit_trend


def synthetic(n: int, rng: np.random.Generator, a: float = -1.0, b: float = 0.08, noise: float = 0.05,
              shift: float = 0.0, lo: float = 17.0, hi: float = 23.0) -> pd.DataFrame:
    """Models on the polynomial line ``log10(1/error) = a + b·log10(C)``; ``shift`` moves log10(error)."""
    x = rng.uniform(lo, hi, n)
    y = a + b * x + rng.normal(0, noise, n) - shift
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "error": 10.0 ** (-y), "compute": 10.0 ** x})


def test_later_models_on_the_same_line_are_covered_at_the_nominal_rate():
    # The interval is exact over repeated samples, small ones included (t with n − 2 df):
    # average the coverage over many seeded replications of a 15-model fit and 50 later models.
    rng = np.random.default_rng(20200713)
    cover, resid = [], []
    for _ in range(400):
        fit = fits.fit_ols(synthetic(15, rng), "polynomial", "compute")
        summary, models = O.evaluate(fit, synthetic(50, rng, lo=20.0, hi=25.0), "compute", level=0.95)
        assert summary["n_train"] == 15 and summary["n_test"] == 50
        assert models["inside"].mean() == summary["interval_coverage"]
        cover.append(summary["interval_coverage"])
        resid.append(summary["mean_residual"])
    assert np.mean(cover) == pytest.approx(0.95, abs=0.01)
    assert np.mean(resid) == pytest.approx(0.0, abs=0.005)
    # one large sample: RMSE as the fit expects, residuals balanced, interval brackets the prediction
    fit = fits.fit_ols(synthetic(500, rng), "polynomial", "compute")
    summary, models = O.evaluate(fit, synthetic(20_000, rng, lo=20.0, hi=25.0), "compute", level=0.9)
    assert summary["interval_coverage"] == pytest.approx(0.9, abs=0.02)
    assert summary["mean_residual"] == pytest.approx(0.0, abs=0.01)
    assert summary["rmse_out_of_sample"] == pytest.approx(summary["rmse_expected"], rel=0.05)
    assert summary["rmse_ratio"] == pytest.approx(1.0, abs=0.1)
    assert summary["share_below"] == pytest.approx(0.5, abs=0.05)
    assert (models["error_lo"] <= models["predicted_error"]).all()
    assert (models["predicted_error"] <= models["error_hi"]).all()


@pytest.mark.parametrize("shift", [-0.1, 0.05])  # down (better than the line) and up
def test_a_known_shift_of_later_models_is_recovered(shift):
    rng = np.random.default_rng(7)
    train = synthetic(200, rng)
    test = synthetic(5_000, rng, shift=shift, lo=20.0, hi=25.0)
    fit = fits.fit_ols(train, "polynomial", "compute")
    summary, _ = O.evaluate(fit, test, "compute")
    assert summary["mean_residual"] == pytest.approx(shift, abs=0.01)
    assert summary["share_below"] == (pytest.approx(1.0, abs=0.2) if shift < 0 else pytest.approx(0.0, abs=0.2))
    assert summary["interval_coverage"] < 0.95
    # a model shifted down by s in log10(error) needs 10^(s/b) less compute than the line says
    assert math.log10(summary["efficiency_factor"]) == pytest.approx(-shift / fit.slope, rel=0.15)


def test_rmse_by_hand_on_a_tiny_case():
    # an exact line through (0, 0), (1, 1), (2, 2) with two perturbed points: slope 1, intercept 0
    train = pd.DataFrame({"compute": 10.0 ** np.array([0.0, 1.0, 2.0, 3.0]),
                          "error": 10.0 ** -np.array([0.1, 0.9, 2.1, 2.9])})
    fit = fits.fit_ols(train, "polynomial", "compute")
    pred = fit.intercept + fit.slope * np.array([0.0, 1.0, 2.0, 3.0])
    in_res = -np.array([0.1, 0.9, 2.1, 2.9]) + pred
    test = pd.DataFrame({"compute": 10.0 ** np.array([4.0, 5.0]), "error": 10.0 ** -np.array([4.0, 4.5])})
    summary, models = O.evaluate(fit, test, "compute")
    out_res = -np.array([4.0, 4.5]) + (fit.intercept + fit.slope * np.array([4.0, 5.0]))
    assert np.allclose(models["residual"], out_res)
    assert summary["rmse_in_sample"] == pytest.approx(math.sqrt(np.mean(in_res ** 2)))
    assert summary["rmse_out_of_sample"] == pytest.approx(math.sqrt((out_res[0] ** 2 + out_res[1] ** 2) / 2))
    assert summary["mean_residual"] == pytest.approx(out_res.mean())
    assert O.rmse([3.0, 4.0, np.nan]) == pytest.approx(math.sqrt(12.5))
    assert math.isnan(O.rmse([]))


def test_prediction_interval_matches_statsmodels():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    df = synthetic(30, rng)
    fit = fits.fit_ols(df, "polynomial", "compute")
    x_new = np.array([18.0, 24.0])
    pi = O.prediction_interval(fit, x_new, level=0.9)
    model = sm.OLS(fit.y, sm.add_constant(fit.log10_c)).fit()
    frame = model.get_prediction(sm.add_constant(x_new, has_constant="add")).summary_frame(alpha=0.1)
    assert np.allclose(pi["response_lo"], frame["obs_ci_lower"]) and np.allclose(pi["response_hi"], frame["obs_ci_upper"])
    assert np.allclose(pi["error"], 10.0 ** -frame["mean"])


def test_exponential_form_residuals_are_on_the_log10_error_scale():
    rng = np.random.default_rng(11)
    x = rng.uniform(18, 24, 40)
    y = -10.0 + 0.9 * x + rng.normal(0, 0.3, 40)  # 1/error
    df = pd.DataFrame({"compute": 10.0 ** x, "error": 1.0 / y})
    fit = fits.fit_ols(df, "exponential", "compute")
    r = O.log10_error_residuals(fit, x, df["error"])
    assert np.allclose(r, np.log10(df["error"]) + np.log10(fit.predict_response(x)))
    pi = O.prediction_interval(fit, np.array([5.0]))  # far below: predicted 1/error < 0
    assert np.isnan(pi["error"].iloc[0]) and pi["error_hi"].iloc[0] == np.inf


def test_split_respects_july_2020():
    df = pd.DataFrame({"model": list("abcdef"), "date": [2019.9, 2020.0 + 5.5 / 12, 2020.5, 2020.0 + 6.5 / 12,
                                                         2021.0, np.nan]})
    before, after = O.split(df)
    assert list(before["model"]) == ["a", "b"]  # up to mid-June 2020
    assert list(after["model"]) == ["c", "d", "e"]  # a year-only 2020 row (2020.5) is not shown to be earlier
    assert list(before["model"]) == list(fits.sample_rows(df, "v1")["model"])
    assert O.CUTOFF == 2020.5


def test_exponent_retest_and_k_interval():
    rng = np.random.default_rng(5)
    v1 = fits.fit_ols(synthetic(60, rng), "polynomial", "compute")
    lo, hi = fits.slope_interval(v1)
    assert O.k_interval(v1) == pytest.approx((1 / hi, 1 / lo))
    same = O.exponent_retest(v1, fits.fit_ols(synthetic(120, rng), "polynomial", "compute"))
    assert same["k_in_interval"] and same["k_v1"] == pytest.approx(1 / v1.slope)
    steeper = O.exponent_retest(v1, fits.fit_ols(synthetic(120, rng, b=0.2), "polynomial", "compute"))
    assert not steeper["k_in_interval"] and steeper["k_all"] == pytest.approx(5.0, rel=0.1)
    flat = fits.fit_ols(synthetic(8, rng, b=0.0, noise=0.3), "polynomial", "compute")
    k_lo, k_hi = O.k_interval(flat)
    assert fits.slope_interval(flat)[0] > 0 or k_hi == math.inf


def test_year_reached_and_frontier_extrapolation():
    years = np.arange(2012.0, 2025.0, 0.25)
    compute = 10.0 ** (17 + 1.0 * (years - 2012) - 0.5 * np.clip(years - 2020.5, 0, None))  # 10×/yr, then √10×/yr
    pop = pd.DataFrame({"year": years, "compute": compute, "model": [f"s{i}" for i in range(len(years))]})
    ex = O.frontier_extrapolation(pop, pop, (2012.0, 2020.0), 2020.5, "records")
    assert ex["pre"].growth_per_year == pytest.approx(10.0)
    assert ex["post"].growth_per_year == pytest.approx(10 ** 0.5)
    newest = years.max()
    assert ex["extrapolated_log10"] == pytest.approx(17 + (newest - 2012))
    assert ex["shortfall_decades"] == pytest.approx(0.5 * (newest - 2020.5))
    trend = fit_trend(years[years < 2020], compute[years < 2020])
    assert O.year_reached(trend, 20.0) == pytest.approx(2015.0)
    assert O.year_reached(trend, np.inf) == np.inf
    assert O.fmt_year(math.inf) == "never" and O.fmt_year(2019.2, 2025.0) == "already"


def test_reach_table_uses_projection_inversion():
    from compute_limits import projections

    rng = np.random.default_rng(9)
    fit = fits.fit_ols(synthetic(60, rng), "polynomial", "compute")
    years = np.arange(2012.0, 2020.0)
    trend = fit_trend(years, 10.0 ** (17 + (years - 2012)))
    table = O.reach_table({("synthetic", "polynomial"): fit}, {"synthetic": [0.05, 0.01]}, {"ten_x": trend},
                          log10_burden_per_compute=0.5)
    assert list(table.columns) == O.REACH_COLUMNS and len(table) == 2
    need = projections.required_log10_flops(fit, [0.05, 0.01])
    assert np.allclose(table["log10_flops"], need)
    assert np.allclose(table["year"], 2012 + (need - 0.5 - 17))
    assert (table["year_lo"] <= table["year"]).all() and (table["year"] <= table["year_hi"]).all()


def test_chart_builders_give_valid_specs():
    rng = np.random.default_rng(2)
    train = synthetic(20, rng).assign(year=2019, score=lambda d: 100 * (1 - d["error"]), date=2019.5)
    fit = fits.fit_ols(train, "polynomial", "compute")
    check = fits.fit_ols(train, "exponential", "compute")
    later = synthetic(6, rng, lo=21, hi=24).assign(year=2021, date=2021.2, score=lambda d: 100 * (1 - d["error"]))
    _, models = O.evaluate(fit, later, "compute")
    spec = O.oos_chart(train, models, fit, "hardware burden", "top-1 accuracy", check=check).to_dict()
    assert len(spec["layer"]) == 3
    spec = O.residual_chart(models.assign(benchmark="synthetic"), {"synthetic": "Synthetic"}).to_dict()
    assert spec["layer"][1]["encoding"]["y"]["field"] == "residual"
    years = np.arange(2012.0, 2025.0, 0.5)
    pop = pd.DataFrame({"year": years, "compute": 10.0 ** (17 + 0.8 * (years - 2012)), "model": "s",
                        "date": pd.to_datetime((years.astype(int)).astype(str) + "-06-01")})
    ex = {"frontier": O.frontier_extrapolation(pop, pop, label="frontier")}
    spec = O.frontier_chart(pop.assign(population="top"), ex, {"frontier": "top"}).to_dict()
    assert len(spec["layer"]) == 2
