"""Future-cost projections: inversion, intervals, bootstrap, cost conversion, config validation."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from compute_limits import fits, paths
from compute_limits import projections as P
from compute_limits.validation import ConfigError


def synthetic(form: str, n: int = 60, slope: float | None = None, noise: float = 0.03, seed: int = 7) -> pd.DataFrame:
    """Models whose error follows ``form`` in log10 compute (1e18–1e24 FLOP), with noise."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(18, 24, n)
    if form == "polynomial":
        y = -1.0 + (slope if slope is not None else 0.08) * x + rng.normal(0, noise, n)
    else:
        y = -10.0 + (slope if slope is not None else 0.9) * x + rng.normal(0, noise * 10, n)
    err = fits.error_from_response(y, form)
    return pd.DataFrame({"error": err, "compute": 10 ** x, "label": [f"m{i}" for i in range(n)],
                         "paper_link": [f"p{i // 2}" for i in range(n)]})


@pytest.mark.parametrize("form", fits.FORMS)
def test_inverting_a_fit_reproduces_the_target(form):
    df = synthetic(form)
    fit = fits.fit_ols(df, form, "compute")
    targets = np.array([0.05, 0.03, 0.01])
    x = P.required_log10_flops(fit, targets)
    assert np.allclose(fit.predict_error(x), targets, rtol=1e-10)
    today = P.best_error(fit)
    assert today == pytest.approx(df["error"].min())
    rows = P.project_fit(fit, targets, benchmark="synthetic", sample="all")
    assert rows["is_today"].tolist() == [True, False, False, False]
    assert np.allclose(fit.predict_error(rows["log10_flops"]), rows["target_error"])
    assert np.allclose(rows["log10_gflops"], rows["log10_flops"] - 9)


def test_targets_at_or_above_today_are_dropped():
    fit = fits.fit_ols(synthetic("polynomial"), "polynomial", "compute")
    today = P.best_error(fit)
    rows = P.project_fit(fit, [today * 1.5, 0.01])
    assert rows["target_error"].tolist() == [pytest.approx(today), 0.01]


@pytest.mark.parametrize("form", fits.FORMS)
def test_intervals_contain_the_estimate_and_widen_with_distance(form):
    df = synthetic(form, n=40, noise=0.05)
    fit = fits.fit_ols(df, form, "compute")
    targets = np.array([P.best_error(fit), 0.05, 0.02, 0.01, 0.005])
    x0 = P.required_log10_flops(fit, targets)
    inv_lo, inv_hi = P.inverse_interval(fit, targets)
    d_lo, d_hi = P.delta_interval(fit, targets)
    boot = P.bootstrap_required(fit, df, targets, n_boot=300, rng=np.random.default_rng(3))
    for lo, hi in ((inv_lo, inv_hi), (d_lo, d_hi), (boot["boot_lo"].to_numpy(), boot["boot_hi"].to_numpy())):
        assert np.all(lo <= x0) and np.all(x0 <= hi)
        width = hi - lo
        assert np.all(np.diff(width) > 0), width  # further from the data -> wider
    # the exact inverse-regression interval is at least as wide on the far side as the delta method
    assert inv_hi[-1] >= d_hi[-1]
    # without residual noise the interval is narrower
    c_lo, c_hi = P.inverse_interval(fit, targets, prediction=False)
    assert np.all(c_hi - c_lo < inv_hi - inv_lo)


def test_inverse_interval_is_unbounded_when_slope_is_not_significant():
    df = synthetic("polynomial", n=12, slope=0.004, noise=0.05, seed=2)
    fit = fits.fit_ols(df, "polynomial", "compute")
    assert 0 < fit.slope / fit.slope_se < 2.2  # positive but not significant at 95%
    lo, hi = P.inverse_interval(fit, [0.05])
    x0 = P.required_log10_flops(fit, [0.05])
    assert not (np.isfinite(lo[0]) and np.isfinite(hi[0]))
    assert lo[0] <= x0[0] <= hi[0]
    # a slope <= 0 never reaches a lower error
    flat = fits.fit_ols(synthetic("polynomial", n=12, slope=0.004, noise=0.05, seed=11), "polynomial", "compute")
    assert flat.slope < 0
    assert np.isinf(P.required_log10_flops(flat, [0.05])[0])
    assert P.inverse_interval(flat, [0.05]) == (pytest.approx([-np.inf]), pytest.approx([np.inf]))


def test_bootstrap_is_seeded_and_can_resample_clusters():
    df = synthetic("polynomial", n=30)
    fit = fits.fit_ols(df, "polynomial", "compute")
    a = P.bootstrap_required(fit, df, [0.05], 50, np.random.default_rng(1), cluster="paper_link")
    b = P.bootstrap_required(fit, df, [0.05], 50, np.random.default_rng(1), cluster="paper_link")
    pd.testing.assert_frame_equal(a, b)
    assert a["n_boot_ok"].iloc[0] == 50
    calls = []

    def refit(sample):
        calls.append(len(sample))
        return fits.fit_ols(sample, "polynomial", "compute")

    P.bootstrap_required(fit, df, [0.05], 5, np.random.default_rng(2), refit=refit, cluster="paper_link")
    assert calls and all(n % 2 == 0 for n in calls)  # whole papers (two models each) are resampled


def write_costs(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "costs.toml"
    path.write_text(text)
    return path


SIMPLE = """
default_vintage = "toy"
[vintage.toy]
label = "toy"
accelerator = "toy chip"
peak_flops = 1e12
peak_precision = "FP32"
power_w = 500.0
price_usd_per_hour = 2.0
price_date = "2020"
price_source = "made up"
utilization = 0.5
pue = 1.5
grid_lbs_co2e_per_kwh = 1.0
citations = ["none2020"]
[reference]
world_gdp_usd = 1e14
nyc_co2e_tonnes_per_year = 5e7
"""


def test_conversion_matches_a_hand_calculation(tmp_path):
    config = P.load_costs(write_costs(tmp_path, SIMPLE))
    v = config.vintage()
    flops = 3.6e15 * 10  # ten chip-hours at 1e12 FLOP/s peak
    out = P.convert(math.log10(flops), v)
    assert out["chip_hours"] == pytest.approx(10)
    assert out["usd"] == pytest.approx(20.0)  # 10 h × $2
    assert out["kwh"] == pytest.approx(10 * 0.5 * 1.5)  # 10 h × 0.5 kW × PUE 1.5
    assert out["co2_lbs"] == pytest.approx(7.5)
    assert out["co2_kg"] == pytest.approx(7.5 * 0.45359237)
    # network operations (achieved work) need 1/utilisation more chip-hours
    assert P.convert(math.log10(flops), v, basis="operations")["usd"] == pytest.approx(40.0)
    table = P.add_costs(pd.DataFrame({"log10_flops": [math.log10(flops)], "log10_flops_lo": [-np.inf],
                                      "log10_flops_hi": [np.inf]}), config)
    assert table.loc[0, "usd"] == pytest.approx(20.0)
    assert table.loc[0, "usd_lo"] == 0 and np.isinf(table.loc[0, "usd_hi"])


def test_shipped_costs_config_and_paper_anchor():
    config = P.load_costs()
    assert config.default_vintage in config.vintages
    v = config.vintage("v100_2019")
    assert v.usd_per_flop() * 1e9 == pytest.approx(v.price_usd_per_hour / (v.peak_flops * 3600) * 1e9)
    # the paper-era vintage lands within an order of magnitude of v1's ≈1e-8 USD and lbs per GFLOP
    assert -9 < math.log10(v.usd_per_flop() * 1e9) < -7
    assert -9 < math.log10(v.lbs_per_flop() * 1e9) < -7
    table = P.vintage_table(config)
    assert set(table["vintage"]) == set(config.vintages)


@pytest.mark.parametrize("edit, key", [
    (lambda s: s.replace("price_usd_per_hour = 2.0\n", ""), "price_usd_per_hour"),
    (lambda s: s.replace("price_usd_per_hour = 2.0", "price_usd_per_hour = -2.0"), "price_usd_per_hour"),
    (lambda s: s.replace("power_w = 500.0", "power_w = 0"), "power_w"),
    (lambda s: s.replace("pue = 1.5", "pue = 0.9"), "pue"),
    (lambda s: s.replace("peak_flops = 1e12", 'peak_flops = "fast"'), "peak_flops"),
    (lambda s: s.replace('citations = ["none2020"]', "citations = []"), "citations"),
    (lambda s: s.replace('default_vintage = "toy"', 'default_vintage = "nope"'), "default_vintage"),
    (lambda s: s.replace("world_gdp_usd = 1e14", "world_gdp_usd = -1"), "world_gdp_usd"),
])
def test_malformed_config_names_the_key(tmp_path, edit, key):
    with pytest.raises(ConfigError, match=re.escape(key)) as info:
        P.load_costs(write_costs(tmp_path, edit(SIMPLE)))
    if key not in ("default_vintage", "world_gdp_usd"):
        assert "'toy'" in str(info.value)  # names the vintage too


def test_unknown_vintage_is_a_config_error(tmp_path):
    config = P.load_costs(write_costs(tmp_path, SIMPLE))
    with pytest.raises(ConfigError, match="unknown hardware vintage"):
        config.vintage("h200")


def test_years_to_affordable_arithmetic():
    # $1e10 run, $1e8 budget, compute per dollar ×10 a year -> 2 years
    assert P.years_to_affordable(10.0, 1e8, compute_per_dollar_growth=10) == pytest.approx(2.0)
    # the three factors multiply: 10^(0.5+0.3+0.2) = 10 a year
    assert P.years_to_affordable(10.0, 1e8, 10 ** 0.5, 10 ** 0.3, 10 ** 0.2) == pytest.approx(2.0)
    assert P.years_to_affordable(7.0, 1e8, 1.5) == 0.0  # already affordable
    assert math.isinf(P.years_to_affordable(10.0, 1e8))  # no improvement: never
    years = P.years_to_affordable(np.array([8.0, 9.0, 11.0]), 1e8, compute_per_dollar_growth=10)
    assert years.tolist() == [0.0, 1.0, 3.0]
    with pytest.raises(ValueError, match="budget_usd"):
        P.years_to_affordable(10.0, 0)
    table = P.affordability(pd.DataFrame({"log10_usd": [10.0], "price_year": [2025]}),
                            {"hardware": {"compute_per_dollar_growth": 10}}, 1e8)
    assert table.loc[0, "affordable_year"] == pytest.approx(2027.0)


def test_contract_columns_and_real_fit_round_trip():
    if not (paths.RAW / "mit-futuretech" / "image-classification-on-imagenet.csv").exists():
        pytest.skip("raw data not fetched")
    main = fits.benchmark_fits("imagenet")
    config = P.load_costs()
    proj = pd.concat([P.project_fit(main[f], [0.05, 0.01], benchmark="imagenet", sample="all") for f in fits.FORMS])
    for form in fits.FORMS:
        rows = proj[proj["form"] == form]
        assert np.allclose(main[form].predict_error(rows["log10_flops"]), rows["target_error"])
    out = P.contract(P.add_costs(proj, config))
    assert list(out.columns[:len(P.CONTRACT_COLUMNS)]) == P.CONTRACT_COLUMNS
    assert set(out["is_today"]) == {"true", "false"}
    assert set(out["hardware_vintage"]) == set(config.vintages)
