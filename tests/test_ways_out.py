"""The closing chapter's arithmetic: scenarios, the algorithmic rate, the k⁴ gap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from compute_limits import fits
from compute_limits import ways_out as W


def rate(x, lo=None, hi=None, name="r"):
    return W.Rate(name=name, log10_per_year=x, lo=x if lo is None else lo, hi=x if hi is None else hi)


def costed_rows(costs, lo_shift=1.0, hi_shift=2.0, bench="b", form="polynomial"):
    """Projection rows as :func:`compute_limits.projections.add_costs` gives them (one vintage)."""
    n = len(costs)
    return pd.DataFrame({
        "benchmark": bench, "form": form, "target_error": np.linspace(0.05, 0.01, n), "is_today": [False] * n,
        "log10_usd": costs, "log10_usd_lo": np.asarray(costs) - lo_shift, "log10_usd_hi": np.asarray(costs) + hi_shift,
        "hardware_vintage": "v", "price_year": 2025,
    })


def test_scenario_arithmetic_hand_worked():
    # A run costing $10^12 against a $10^8 budget: a gap of 4 decades.
    # Hardware ×10^0.2 a year → 4/0.2 = 20 years; algorithms ×10^0.3 → 4/0.3 = 13.3 years;
    # both (gains multiply, log rates add: 0.5) → 4/0.5 = 8 years.
    # The projection's interval [10^11, 10^14] gives 3/0.5 = 6 and 6/0.5 = 12 years for both.
    table = W.ways_out_table(costed_rows([12.0]), rate(0.2), {("b", "polynomial"): rate(0.3)}, budget_usd=1e8)
    got = table.set_index("scenario")
    assert got.loc["hardware", "years_to_affordable"] == pytest.approx(20.0)
    assert got.loc["algorithms", "years_to_affordable"] == pytest.approx(40 / 3)
    assert got.loc["both", "years_to_affordable"] == pytest.approx(8.0)
    assert got.loc["both", "years_lo"] == pytest.approx(6.0)
    assert got.loc["both", "years_hi"] == pytest.approx(12.0)
    assert got.loc["hardware", "years_lo"] == pytest.approx(15.0)
    assert got.loc["both", "affordable_year"] == pytest.approx(2033.0)
    assert list(table.columns[:8]) == W.WAYS_OUT_COLUMNS
    assert set(table["scenario"]) == set(W.SCENARIOS)
    assert (table["budget_usd"] == 1e8).all()


def test_already_affordable_and_no_gain():
    table = W.ways_out_table(costed_rows([7.0, 9.0]), rate(0.0), {("b", "polynomial"): rate(-0.1)}, budget_usd=1e8)
    hw = table[table["scenario"] == "hardware"].reset_index(drop=True)
    assert hw.loc[0, "years_to_affordable"] == 0.0  # $10^7 < $10^8: affordable now
    assert math.isinf(hw.loc[1, "years_to_affordable"])  # no gain: never
    both = table[table["scenario"] == "both"].reset_index(drop=True)
    assert math.isinf(both.loc[1, "years_to_affordable"])  # a negative lever is floored, not subtracted


@pytest.mark.parametrize("seed", range(5))
def test_both_is_never_slower_than_either_lever(seed):
    rng = np.random.default_rng(seed)
    costs = rng.uniform(5, 40, 12)
    alg = rate(rng.normal(0.2, 0.3), lo=-np.inf if seed % 2 else rng.normal(0.0, 0.2), hi=rng.uniform(0.3, 2.0))
    hw = rate(rng.uniform(-0.1, 0.3), lo=rng.uniform(-0.2, 0.05), hi=rng.uniform(0.3, 0.5))
    table = W.ways_out_table(costed_rows(costs), hw, {("b", "polynomial"): alg}, budget_usd=1e8)
    wide = {s: table[table["scenario"] == s].reset_index(drop=True) for s in W.SCENARIOS}
    for col in ("years_to_affordable", "years_lo", "years_hi", "years_rate_lo", "years_rate_hi",
                "years_outer_lo", "years_outer_hi"):
        both = wide["both"][col].to_numpy()
        assert np.all(both <= wide["hardware"][col].to_numpy() + 1e-12), col
        assert np.all(both <= wide["algorithms"][col].to_numpy() + 1e-12), col
    for s in W.SCENARIOS:  # intervals are ordered
        d = wide[s]
        assert np.all(d["years_lo"] <= d["years_to_affordable"]) and np.all(d["years_to_affordable"] <= d["years_hi"])
        assert np.all(d["years_outer_lo"] <= d["years_lo"]) and np.all(d["years_hi"] <= d["years_outer_hi"])


def test_combine_adds_log_rates_and_widths_in_quadrature():
    both = W.combine(rate(0.3, 0.2, 0.4), rate(0.4, 0.1, 0.5))
    assert both.log10_per_year == pytest.approx(0.7)
    assert both.lo == pytest.approx(0.7 - math.hypot(0.1, 0.3))
    assert both.hi == pytest.approx(0.7 + math.hypot(0.1, 0.1))
    assert math.isinf(W.combine(rate(0.3, 0.2, math.inf), rate(0.1)).hi)


def test_fieller_interval_matches_the_defining_inequality():
    num, den, vn, vd, cov, t = 0.02, 0.08, 0.003 ** 2, 0.006 ** 2, -1e-6, 1.98
    lo, hi = W.ratio_interval(num, den, vn, vd, cov, t)
    assert lo < num / den < hi
    for theta in (lo, hi):  # the ends solve the quadratic with equality
        assert (num - theta * den) ** 2 == pytest.approx(t ** 2 * (vn - 2 * theta * cov + theta ** 2 * vd), rel=1e-9)
    # a denominator that is not significant leaves one side open
    lo2, hi2 = W.ratio_interval(0.02, 0.01, vn, 0.01 ** 2, 0.0, t)
    assert math.isinf(hi2) or math.isinf(lo2)


def test_algorithmic_rate_recovers_a_known_exchange_rate():
    # error falls with compute (slope 0.08 per decade) and with time (0.024 per year): one year of
    # progress ≡ 0.3 decades of compute, i.e. the compute needed falls ×10^0.3 ≈ 2 a year.
    rng = np.random.default_rng(3)
    n = 400
    x = rng.uniform(15, 24, n)
    year = rng.uniform(2012, 2022, n)
    y = -1.0 + 0.08 * x + 0.024 * (year - 2012) + rng.normal(0, 0.01, n)
    df = pd.DataFrame({"error": 10 ** -y, "compute": 10 ** x, "date": year})
    trend = fits.fit_time_trend(df, "compute", benchmark="synthetic")
    r = W.algorithmic_rate(trend)
    assert r.log10_per_year == pytest.approx(0.3, abs=0.02)
    assert r.lo < 0.3 < r.hi and r.bounded
    assert r.years_per_10x == pytest.approx(trend.years_per_10x)


def test_k_gap_against_the_bound():
    rng = np.random.default_rng(1)
    x = rng.uniform(15, 24, 200)
    y = -1.0 + 0.1 * x + rng.normal(0, 0.005, 200)  # k = 10
    df = pd.DataFrame({"error": 10 ** -y, "compute": 10 ** x, "label": "m"})
    main = {"polynomial": fits.fit_ols(df, "polynomial", "compute")}
    gap = W.k_gap_table({"syn": main}).iloc[0]
    assert W.LOWER_BOUND_K == 4
    assert gap["k"] == pytest.approx(10, rel=0.02)
    assert gap["gap_decades"] == pytest.approx(gap["k"] - 4)  # 10× lower error: 10^k vs 10^4
    assert gap["gap_lo"] <= gap["gap_decades"] <= gap["gap_hi"]
    assert gap["room_share"] == pytest.approx(1 - 4 / gap["k"])
    assert not gap["bound_inside"]


def test_published_rates_convert_as_stated():
    assert W.published_rate("hernandez2020").per_year ** 7 == pytest.approx(44)
    assert W.published_rate("erdil2022").doubling_months == pytest.approx(9)
    assert W.published_rate("hobbhahn2022").doubling_months == pytest.approx(2.46 * 12)


def test_out_of_reach_uses_the_optimistic_end():
    table = W.ways_out_table(costed_rows([10.0, 40.0]), rate(0.1), {("b", "polynomial"): rate(0.1)}, budget_usd=1e8)
    far = W.out_of_reach(table, 2100)
    # $10^40: gap 31 decades at the cheap end / 0.2 a year = 155 years > 75; $10^10 is reached
    assert list(far["target_error"]) == [pytest.approx(0.01)]


def test_years_chart_has_the_tooltips():
    table = W.ways_out_table(costed_rows([10.0, 40.0]), rate(0.1), {("b", "polynomial"): rate(0.1)}, budget_usd=1e8)
    spec = W.years_chart(table, {"b": "Bench"}, 75).to_dict()
    text = str(spec)
    for title in ("Benchmark", "Target error", "Model", "Scenario", "Years until affordable", "95% interval (years)"):
        assert title in text
