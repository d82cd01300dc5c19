"""Trend fits, the frontier, era sensitivity and the milestone table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compute_limits import history, loaders


def test_fit_recovers_known_doubling_time():
    rng = np.random.default_rng(20200713)
    year = rng.uniform(2010, 2020, 400)
    true_months = 6.0
    log10_y = 15 + history.slope_from_doubling(true_months) * (year - 2010) + rng.normal(0, 0.3, year.size)
    t = history.fit_trend(year, 10 ** log10_y, "synthetic")
    assert t.doubling_months == pytest.approx(true_months, rel=0.05)
    assert t.doubling_months_lo < true_months < t.doubling_months_hi
    assert t.growth_per_year == pytest.approx(2 ** 2, rel=0.1)  # 6-month doubling = 4x a year
    row = history.trends_table([t]).iloc[0]
    assert set(["series", "start_year", "end_year", "n", "growth_per_year", "doubling_months",
                "doubling_months_lo", "doubling_months_hi"]) <= set(row.index)
    assert row["n"] == 400


def test_flat_series_has_infinite_upper_doubling():
    rng = np.random.default_rng(1)
    year = np.linspace(2000, 2010, 50)
    t = history.fit_trend(year, 10 ** rng.normal(3, 0.5, 50))
    assert t.doubling_months_hi == np.inf or t.doubling_months > 60


def test_fit_needs_points():
    with pytest.raises(ValueError):
        history.fit_trend([2000, 2001], [1, 2])


def _synthetic_epoch(rng):
    years = np.sort(rng.uniform(1950, 2024, 300))
    slope = np.where(years < 2010, history.slope_from_doubling(20), history.slope_from_doubling(6))
    level = np.where(years < 2010, 2 + slope * (years - 1950),
                     2 + history.slope_from_doubling(20) * 60 + slope * (years - 2010))
    compute = 10 ** (level + rng.normal(0, 0.4, years.size))
    dates = pd.to_datetime((years - 1970) * 365.25, unit="D", origin="unix")
    return pd.DataFrame({"model": [f"m{i}" for i in range(years.size)], "date": dates, "year": years,
                         "compute": compute})


def test_frontier_mask_top_k():
    df = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2001-01-01", "2002-01-01", "2003-01-01"]),
                       "compute": [10.0, 5.0, 20.0, 1.0]})
    assert list(history.frontier_mask(df, 1)) == [True, False, True, False]
    assert list(history.frontier_mask(df, 2)) == [True, True, True, False]
    with pytest.raises(ValueError):
        history.frontier_mask(df, 0)


def test_era_split_sensitivity():
    rng = np.random.default_rng(7)
    df = _synthetic_epoch(rng)
    frontier = df[history.frontier_mask(df, 10)]
    sens = history.split_sensitivity(df, [2006, 2010, 2014], frontier=frontier)
    assert len(sens) == 9 and set(sens["era"]) == {"pre", "post", "frontier"}
    at_true = sens[sens["split"] == 2010].set_index("era")
    assert at_true.loc["pre", "doubling_months"] == pytest.approx(20, rel=0.2)
    assert at_true.loc["post", "doubling_months"] == pytest.approx(6, rel=0.2)
    # a split inside the fast era leaves the post-split doubling time near 6 months
    assert sens[(sens["split"] == 2014) & (sens["era"] == "post")]["doubling_months"].iloc[0] == pytest.approx(6, rel=0.3)
    ks = history.topk_sensitivity(df, [1, 5, 20], start=2010)
    assert list(ks["top_k"]) == [1, 5, 20] and (ks["n"].diff().dropna() >= 0).all()


def test_decomposition_adds_up():
    rng = np.random.default_rng(3)
    n = 60
    year = rng.uniform(2012, 2024, n)
    chips = 10 ** (1 + 0.3 * (year - 2012) + rng.normal(0, 0.2, n))
    hours = 10 ** (2 + 0.1 * (year - 2012) + rng.normal(0, 0.2, n))
    per_chip = 10 ** (12 + 0.25 * (year - 2012) + rng.normal(0, 0.1, n))
    df = pd.DataFrame({"year": year, "hardware_quantity": chips, "training_hours": hours,
                       "compute": chips * hours * 3600 * per_chip, "chip_hours": np.nan,
                       "cost_2023_usd": np.nan})
    dec = history.decompose_growth(history.run_anatomy(df), 2010).set_index("factor")
    assert dec.loc[["chips per run", "training time per run", "achieved FLOP/s per chip"], "share"].sum() == pytest.approx(1.0)
    assert dec.loc["chips per run", "slope"] == pytest.approx(0.3, abs=0.05)


@pytest.fixture(scope="module")
def real_data():
    epoch = loaders.load_epoch()
    benches = {b: loaders.load_benchmark(b) for b in ("imagenet", "coco", "squad", "wmt14_en_fr")}
    return epoch, benches


def test_milestones_from_real_data(real_data):
    epoch, benches = real_data
    m = history.milestone_table(benches, epoch).set_index("system")
    alex = m.loc["AlexNet"]
    assert alex["hardware_burden_flop"] == pytest.approx(1.6e18, rel=0.03)
    assert alex["chips"] == 2 and "GTX 580" in alex["chip"]
    assert 5 <= alex["days"] <= 6.1
    assert alex["epoch_training_compute_flop"] == pytest.approx(4.7e17, rel=0.01)
    assert alex["ratio"] == pytest.approx(1.6e18 / 4.7e17, rel=0.03)
    noisy = m.loc["NoisyStudent"]
    assert noisy["chips"] == 1024 and noisy["days"] == pytest.approx(6, abs=0.1)
    resnext = m.loc["ResNeXt-101"]
    assert resnext["chips"] == 8 and resnext["days"] >= 10 and np.isnan(resnext["epoch_training_compute_flop"])
    assert "Perceptron Mark I" in m.index and m.loc["Perceptron Mark I", "source"] == "Epoch"
    assert list(history.MILESTONE_COLUMNS[:7]) == ["system", "year", "chips", "chip", "days",
                                                   "hardware_burden_flop", "epoch_training_compute_flop"]


def test_recomputed_burden_matches_authors(real_data):
    _, benches = real_data
    alex = benches["imagenet"].set_index("model").loc["AlexNet"]
    hw = history.authors_hardware(alex)
    assert hw["hardware_burden_recomputed"] == pytest.approx(alex["hardware_burden"], rel=0.03)


def test_milestones_survive_missing_names(real_data):
    epoch, benches = real_data
    mapping = [dict(system="Ghost", benchmark="imagenet", authors="no such model", epoch="no such system", note="")]
    out = history.milestone_table(benches, epoch, mapping=mapping, epoch_only=["also missing"], add_largest=False)
    assert out.empty or "Ghost" not in set(out["system"])


def test_hardware_and_imagenet(real_data):
    _, benches = real_data
    hw = history.hardware_series({k: loaders.load_hardware(k) for k in ("gpu", "cpu", "tpu")})
    best = hw[(hw["kind"] == "GPU") & hw["best_of_year"]]
    assert best["year"].is_unique and len(best) >= 10
    assert not hw["chip"].str.contains("Pod").any()
    img = history.imagenet_history(benches["imagenet"])
    assert img.loc[img["model"] == "AlexNet", "relative"].iloc[0] == pytest.approx(1.0)
