"""Compute rebuilders and the consolidated hardware burden."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compute_limits import compute
from compute_limits.fits import prepared_data
from compute_limits.loaders import load_benchmark

DAY = 86_400


@pytest.fixture(scope="module")
def imagenet():
    return load_benchmark("imagenet")


def _row(df, model):
    rows = df[df["model"] == model]
    assert len(rows) == 1, model
    return rows.iloc[0]


def test_alexnet_hardware_burden_by_hand(imagenet):
    alexnet = imagenet[imagenet["model"] == "AlexNet"]
    rebuilt = float(compute.rebuild_hardware_burden(alexnet).iloc[0])
    # 2 GTX 580 at ~1,581 GFLOPS peak for ~6 days (the data: 1,580 GFLOPS, 518,000 s)
    assert rebuilt == pytest.approx(2 * 1580e9 * 518_000)
    assert rebuilt == pytest.approx(2 * 1581.1e9 * 6 * DAY, rel=0.01)
    assert rebuilt == pytest.approx(1.6e18, rel=0.05)
    assert rebuilt == pytest.approx(float(alexnet["hardware_burden"].iloc[0]), rel=compute.REL_TOL)


def test_alexnet_network_operations_by_hand(imagenet):
    alexnet = imagenet[imagenet["model"] == "AlexNet"]
    # 0.7e9 multiply-adds per pass -> 1.4e9 FLOP; x3 (forward + backward) x 100 epochs x 1.28M images
    expected = 2 * 0.7e9 * 3 * 100 * 1.28e6
    assert float(compute.rebuild_network_operations(alexnet).iloc[0]) == pytest.approx(expected)
    assert expected == pytest.approx(float(alexnet["network_operations"].iloc[0]), rel=0.01)


def test_real_rows_rebuild(imagenet):
    vit = imagenet[imagenet["model"] == "ViT-H/14"]  # one TPU v3 pod entry
    row = vit.iloc[0]
    assert float(compute.rebuild_hardware_burden(vit).iloc[0]) == pytest.approx(
        row["training_tpu_amount"] * row["training_tpu_ptp_gflops"] * 1e9 * row["training_time_total_sec"])
    convnext = imagenet[imagenet["model"] == "ConvNeXt-XL"]
    assert float(compute.rebuild_network_operations(convnext).iloc[0]) == pytest.approx(1.79e11 * 3 * 300 * 1.28e6)


def test_hardware_burden_sums_chip_types_and_flops_beat_multiadds():
    df = pd.DataFrame({
        "flops": [10.0, np.nan], "multiadds": [99.0, 4.0], "fp_bp_ratio": [3.0, np.nan],
        "training_epochs": [2.0, 5.0], "training_set_size": [100.0, 10.0],
        "training_time_total_sec": [10.0, 20.0],
        "training_gpu_amount": [2.0, np.nan], "training_gpu_ptp_gflops": [5.0, np.nan],
        "training_tpu_amount": [1.0, np.nan], "training_tpu_ptp_gflops": [100.0, np.nan],
        "training_cpu_amount": [np.nan, 4.0], "training_cpu_ptp_gflops": [np.nan, 0.5],
    })
    assert list(compute.ops_per_pass(df)) == [10.0, 8.0]
    assert list(compute.rebuild_network_operations(df)) == [10 * 3 * 2 * 100, 8 * 3 * 5 * 10]
    assert list(compute.rebuild_hardware_burden(df)) == [(2 * 5 + 100) * 1e9 * 10, 4 * 0.5 * 1e9 * 20]


def test_compute_check_flags_disagreements(imagenet):
    check = compute.compute_check(imagenet)
    bad = check[check["status"] == "disagrees"]
    assert set(bad["model"]) >= {"ConvNeXt-XL", "Swin-L (384 res, ImageNet-22k pretrain)"}
    summary = compute.compute_check_summary(check).set_index("measure")
    assert summary.loc["hardware_burden", "disagree"] == 0
    assert summary.loc["hardware_burden", "compared"] + summary.loc["hardware_burden", "recorded_only"] == \
        imagenet["hardware_burden"].notna().sum()


def test_conversion_recovers_a_known_line_and_consolidates():
    rng = np.random.default_rng(1)
    net = 10 ** rng.uniform(16, 22, 30)
    df = pd.DataFrame({"benchmark": "x", "model": [f"m{i}" for i in range(30)], "label": "l",
                       "network_operations": net, "hardware_burden": 10 ** (2.0 + 0.9 * np.log10(net)),
                       "computing_power": np.nan})
    conv = compute.fit_conversion(compute.conversion_rows(df))
    assert conv.intercept == pytest.approx(2.0) and conv.slope == pytest.approx(0.9)
    df.loc[:4, "hardware_burden"] = np.nan
    out = compute.consolidate(df, compute.choose_conversion(df))
    assert (out.loc[:4, "consolidated_source"] == "converted").all()
    assert np.allclose(out["consolidated_hardware_burden"], 10 ** (2.0 + 0.9 * np.log10(net)))


def test_conversion_pools_when_a_benchmark_has_too_few_rows():
    own = pd.DataFrame({"benchmark": "a", "model": ["p"], "label": "p", "network_operations": [1e18],
                        "hardware_burden": [np.nan]})
    other = pd.DataFrame({"benchmark": "b", "model": list("qrst"), "label": list("qrst"),
                          "network_operations": [1e16, 1e17, 1e18, 1e19],
                          "hardware_burden": [1e17, 1e18, 1e19, 1e20]})
    conv = compute.choose_conversion(own, [own, other])
    assert conv.source == "pooled" and conv.slope == pytest.approx(1.0) and conv.intercept == pytest.approx(1.0)


@pytest.mark.parametrize("benchmark", ["imagenet", "coco"])
def test_consolidated_matches_computing_power(benchmark):
    data, conversion = prepared_data(benchmark)
    cmp = compute.compare_computing_power(data)
    hw = cmp[cmp["consolidated_source"] == "hardware burden"]
    assert np.allclose(hw["ratio"], 1.0)
    conv = cmp[cmp["consolidated_source"] == "converted"]
    assert len(conv) > 0 and conv["consolidated_hardware_burden"].notna().all()
    # the same order of magnitude as the authors' values (their COCO line differs from the ImageNet one)
    assert (np.abs(np.log10(conv["ratio"])) < 1).all()
    if benchmark == "imagenet":
        assert conversion.source == "own"
        assert conv["ratio"].median() == pytest.approx(1.0, abs=0.05)
    else:
        assert conversion.source == "pooled"
