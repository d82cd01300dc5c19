"""The statistics layer: forms, fits, every interval (each implemented once), the bootstrap, trends."""

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from compute_limits.stats import bootstrap, compare, forms, intervals, regression, trends


def synthetic(n=60, slope=0.1, noise=0.08, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(15, 22, n)
    err = 10 ** (-(slope * x - 1.2 + rng.normal(0, noise, n)))
    return pd.DataFrame({"error": err, "c": 10 ** x, "label": [f"m{i}" for i in range(n)],
                         "date": 2012 + (x - 15) * 1.2 + rng.normal(0, 0.5, n)})


def test_forms_round_trip_and_domain():
    e = np.array([0.5, 0.1, 0.01])
    for name in forms.FORMS:
        f = forms.get(name)
        assert np.allclose(f.error(f.response(e)), e)
    assert np.isnan(forms.EXPONENTIAL.error(-2.0)) and np.isnan(forms.EXPONENTIAL.log10_error(0.0))
    with pytest.raises(ValueError):
        forms.get("cubic")


def test_fit_matches_statsmodels_and_k_bracket():
    df = synthetic()
    fit = regression.fit_ols(df, "polynomial", "c")
    ref = sm.OLS(np.log10(1 / df["error"]), sm.add_constant(np.log10(df["c"]))).fit()
    assert fit.slope == pytest.approx(ref.params.iloc[1]) and fit.r2 == pytest.approx(ref.rsquared)
    assert fit.k == pytest.approx(1 / fit.slope) and fit.k_reverse == pytest.approx(fit.k * fit.r2)
    rev = sm.OLS(np.log10(df["c"]), sm.add_constant(np.log10(1 / df["error"]))).fit()
    assert fit.k_reverse == pytest.approx(rev.params.iloc[1])  # k·R² is the reverse regression's slope


def test_slope_interval_uses_statsmodels_conf_int():
    fit = regression.fit_ols(synthetic(), "polynomial", "c")
    lo, hi = intervals.slope_interval(fit, 0.9)
    ref = fit.result.conf_int(alpha=0.1)[1]
    assert (lo, hi) == pytest.approx(tuple(ref))
    assert intervals.slope_estimable(lo, hi)
    klo, khi = intervals.k_interval(fit, 0.9)
    assert klo == pytest.approx(1 / hi) and khi == pytest.approx(1 / lo)


def test_estimable_rule():
    assert not intervals.slope_estimable(-0.01, 0.05) and intervals.slope_estimable(0.01, 0.05)
    assert list(intervals.projection_estimable([1, 2, -np.inf], [3, np.inf, 4])) == [True, False, False]


def test_bands_widen_from_line_to_new_model():
    fit = regression.fit_ols(synthetic(), "polynomial", "c")
    grid = np.linspace(15, 25, 5)
    line = intervals.mean_band(fit, grid, 0.95)
    new = intervals.prediction_band(fit, grid, 0.95)
    assert np.all(new["response_hi"] - new["response_lo"] > line["response_hi"] - line["response_lo"])
    t = intervals.t_quantile(0.95, fit.n - 2)
    x = np.column_stack([np.ones(5), grid])
    se = np.sqrt(fit.resid_var + np.einsum("ij,jk,ik->i", x, fit.cov, x))
    assert np.allclose(new["response_hi"], line["response"] + t * se)


@pytest.mark.parametrize("prediction", [True, False])
def test_inverse_interval_is_the_fieller_set(prediction):
    """The interval's ends are exactly where the defining inequality turns (checked on a grid)."""
    fit = regression.fit_ols(synthetic(n=25, noise=0.15), "polynomial", "c")
    lo, hi = intervals.inverse_interval(fit, np.array([0.05]), 0.95, prediction)
    y0 = forms.response(0.05, "polynomial")
    t2 = intervals.t_quantile(0.95, fit.n - 2) ** 2
    s2 = fit.resid_var if prediction else 0.0
    xs = np.linspace(lo[0] - 2, hi[0] + 2, 40001)
    inside = (y0 - fit.intercept - fit.slope * xs) ** 2 <= t2 * (
        s2 + fit.cov[0, 0] + 2 * xs * fit.cov[0, 1] + xs ** 2 * fit.cov[1, 1])
    assert xs[inside].min() == pytest.approx(lo[0], abs=1e-3) and xs[inside].max() == pytest.approx(hi[0], abs=1e-3)


def test_inverse_interval_unbounded_when_slope_not_significant():
    fit = regression.fit_ols(synthetic(n=8, slope=0.005, noise=0.3, seed=3), "polynomial", "c")
    lo, hi = intervals.inverse_interval(fit, [0.01], 0.95)
    assert not intervals.projection_estimable(lo, hi)[0]


def test_ratio_interval_is_fieller():
    lo, hi = intervals.ratio_interval(2.0, 1.0, 0.04, 0.01, 0.0, 1.96)
    # the defining inequality holds with equality at both ends
    for th in (lo, hi):
        assert (2.0 - th) ** 2 == pytest.approx(1.96 ** 2 * (0.04 + th ** 2 * 0.01))
    # a denominator not clearly non-zero: the ray holding the estimate (100), or the whole line
    lo, hi = intervals.ratio_interval(1.0, 0.01, 0.04, 0.01, 0.0, 1.96)
    assert lo < 100 and hi == math.inf
    assert intervals.ratio_interval(0.1, 0.01, 0.04, 0.01, 0.0, 1.96) == (-math.inf, math.inf)


def test_bootstrap_agrees_with_the_calibration_interval_and_is_seeded():
    df = synthetic(n=80)
    fit = regression.fit_ols(df, "polynomial", "c")
    a = bootstrap.bootstrap_required(fit, df, [0.05, 0.01], 2000, np.random.default_rng(7))
    b = bootstrap.bootstrap_required(fit, df, [0.05, 0.01], 2000, np.random.default_rng(7))
    pd.testing.assert_frame_equal(a, b)
    lo, hi = intervals.inverse_interval(fit, [0.05, 0.01], 0.95)
    assert np.allclose(a["boot_lo"], lo, atol=0.5) and np.allclose(a["boot_hi"], hi, atol=0.5)
    assert a["n_boot_ok"].iloc[0] == 2000


def test_bootstrap_lines_equal_refits():
    """The weighted sums give the least-squares line of each resample, as a refit would."""
    df = synthetic(n=30)
    x = np.log10(df["c"].to_numpy())
    y = forms.response(df["error"].to_numpy(), "polynomial")
    counts = bootstrap.resample_counts([np.array([i]) for i in range(30)], 30, 5, np.random.default_rng(0))
    a, b = bootstrap.weighted_lines(counts, x, y)
    for r in range(5):
        idx = np.repeat(np.arange(30), counts[r].astype(int))
        ref = np.polyfit(x[idx], y[idx], 1)
        assert b[r] == pytest.approx(ref[0]) and a[r] == pytest.approx(ref[1])


def test_clustered_bootstrap_keeps_clusters_together():
    groups = [np.array([0, 1]), np.array([2]), np.array([3, 4, 5])]
    counts = bootstrap.resample_counts(groups, 6, 50, np.random.default_rng(1))
    assert np.all(counts[:, 0] == counts[:, 1]) and np.all(counts[:, 3] == counts[:, 5])
    assert np.all(counts.sum(axis=1) >= 3)


def test_form_verdict_needs_both_criteria():
    assert compare.form_verdict({"delta_aic": 5, "preferred": "polynomial", "preferred_aic": "polynomial"}) == "polynomial"
    assert compare.form_verdict({"delta_aic": 1, "preferred": "polynomial", "preferred_aic": "polynomial"}) == "neither"
    assert compare.form_verdict({"delta_aic": -5, "preferred": "polynomial", "preferred_aic": "exponential"}) == "neither"
    df = synthetic()
    out = compare.compare_forms([regression.fit_ols(df, f, "c") for f in forms.FORMS])
    assert out["verdict"] in ("polynomial", "exponential", "neither") and out["loo_rmse_polynomial"] > 0


def test_trend_growth_and_doubling():
    years = np.arange(2000, 2020, dtype=float)
    values = 2.0 ** ((years - 2000) * 2) * np.exp(np.random.default_rng(0).normal(0, 0.05, len(years)))
    t = trends.fit_trend(years, values, "x", level=0.9)
    assert t.doubling_months == pytest.approx(6.0, rel=0.02) and t.estimable and t.level == 0.9
    assert t.doubling_months_lo < t.doubling_months < t.doubling_months_hi
    assert t.as_row()["level"] == 0.9


def test_slope_change_test_recovers_the_change_and_ignores_centering():
    """One interaction test serves the out-of-sample slope check and the frontier's growth break."""
    from compute_limits.stats.regression import slope_change_test

    rng = np.random.default_rng(3)
    x0, x1 = np.linspace(2000, 2010, 30), np.linspace(2010, 2020, 30)
    y0 = 1.0 * (x0 - 2000) + rng.normal(0, 0.1, 30)
    y1 = 10 + 3.0 * (x1 - 2010) + rng.normal(0, 0.1, 30)
    t = slope_change_test(x0, y0, x1, y1, 0.9)
    c = slope_change_test(x0, y0, x1, y1, 0.9, center=2010.0)
    assert abs(t.change - 2.0) < 0.05 and t.lo < t.change < t.hi and t.p < 1e-6
    assert t.slope_after == pytest.approx(t.slope_before + t.change)
    assert c.change == pytest.approx(t.change, rel=1e-9) and c.se == pytest.approx(t.se, rel=1e-6)


# ---------------------------------------------------------------- issue 25: the frontier's interval, wide intervals


def test_a_quantile_line_gets_a_resampling_interval_not_a_kernel_one():
    """The frontier's slope interval is the percentile interval of refits on resampled clusters (a missing
    cluster key is a cluster of its own); the same seed gives the same draws; the fit's standard errors and
    covariance are the draws'."""
    df = synthetic(n=40, noise=0.1, seed=4)
    fit = regression.fit_quantile(df, "c", q=0.1)
    keys = [f"p{i // 2}" for i in range(38)] + [None, None]
    groups = bootstrap.cluster_groups(keys)
    assert len(groups) == 21 and all(len(g) == 1 for g in groups[-2:]) and sorted(np.concatenate(groups)) == list(range(40))
    draws = bootstrap.quantile_draws(fit.log10_c, fit.y, 0.1, groups, 150, np.random.default_rng(7))
    again = bootstrap.quantile_draws(fit.log10_c, fit.y, 0.1, groups, 150, np.random.default_rng(7))
    # a replicate whose fit reaches statsmodels' iteration limit is skipped, not kept (one of 150 here)
    assert draws.shape[1] == 2 and 140 <= len(draws) < 150 and np.array_equal(draws, again)
    boot = bootstrap.with_draws(fit, draws)
    lo, hi = intervals.slope_interval(boot, 0.95)
    assert (lo, hi) == intervals.percentile_interval(draws[:, 1], 0.95) and lo < 0.1 < hi  # the true slope
    assert boot.slope_se == pytest.approx(np.subtract(*np.quantile(draws[:, 1], [0.84, 0.16])) / 2)
    assert boot.slope == fit.slope and boot.cov[1, 1] == pytest.approx(np.var(draws[:, 1], ddof=1))
    wild = np.r_[draws, [[0.0, 50.0]]]  # one degenerate replicate barely moves a robust standard error
    assert bootstrap.with_draws(fit, wild).slope_se == pytest.approx(boot.slope_se, rel=0.05)
    assert intervals.slope_interval(fit, 0.95) != (lo, hi)  # without draws: the kernel interval, as before
    narrow = intervals.slope_interval(boot, 0.5)
    assert lo < narrow[0] < narrow[1] < hi
    empty = bootstrap.with_draws(fit, np.empty((0, 2)))
    assert np.isnan(intervals.slope_interval(empty, 0.95)).all() and np.isnan(empty.slope_se)


def test_a_too_wide_interval_is_uninformative_and_a_difference_has_welch_degrees():
    assert intervals.informative(850, 6600) and not intervals.informative(1.3e6, 1.3e67)
    assert intervals.orders_spanned(25.8, 34.8, log10=True) == pytest.approx(9.0)
    assert not intervals.informative(25.8, 34.8, log10=True) and intervals.informative(21.4, 26.7, log10=True)
    assert intervals.orders_spanned(-1, 5) == math.inf and intervals.orders_spanned(1, math.inf) == math.inf
    d, lo, hi = intervals.difference_interval(0.05, 0.01, 10, 0.09, 0.01, 38, 0.95)
    assert d == pytest.approx(-0.04) and lo < d < hi < 0
    # equal variances and degrees of freedom: Welch gives 2·df
    _, lo, hi = intervals.difference_interval(0.0, 1.0, 10, 0.0, 1.0, 10, 0.95)
    assert hi == pytest.approx(math.sqrt(2) * stats_t(0.975, 20))


def stats_t(p, df):
    from scipy import stats

    return stats.t.ppf(p, df)


def test_ols_slope_of_a_scatter_with_its_interval():
    x = np.arange(10.0)
    y = 0.5 * x + np.array([0.1, -0.2, 0.05, 0.0, 0.1, -0.1, 0.2, -0.05, 0.0, -0.1])
    b, lo, hi = regression.ols_slope(x, y, 0.95)
    assert b == pytest.approx(np.polyfit(x, y, 1)[0]) and lo < 0.5 < hi
    assert np.isnan(regression.ols_slope([1, 1, 1], [1, 2, 3])).all()
    assert regression.ols_slope(np.r_[x, np.nan], np.r_[y, 1.0])[0] == pytest.approx(b)
def test_the_delta_interval_of_a_line_without_slope_is_empty_and_silent():
    """A user's flat file fits a line with no slope: the target lies at infinite compute, and the delta
    method used to compute its variance there as inf − inf (a RuntimeWarning, allowed in the build by name)."""
    import warnings

    fit = regression.fit_ols(synthetic(slope=-0.05), "polynomial", "c")
    assert fit.slope < 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lo, hi = intervals.delta_interval(fit, [0.05, 0.02], 0.95)
    assert np.isnan(lo).all() and np.isnan(hi).all()
    good = regression.fit_ols(synthetic(), "polynomial", "c")
    lo, hi = intervals.delta_interval(good, 0.05, 0.95)
    x0 = intervals.required_log10_flops(good, 0.05)
    assert lo < x0 < hi and np.isclose(x0 - lo, hi - x0)
