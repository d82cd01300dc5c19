"""The two compute measures rebuilt from their components, the conversion regression and the consolidated
hardware burden (analysis.compute_measures), by hand and on the real files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compute_limits import config
from compute_limits.analysis import benchmarks, compute_measures as cm
from compute_limits.data.benchmarks import load_all

DAY = 86_400


@pytest.fixture(scope="module")
def tables():
    return load_all(config.load_benchmarks())


@pytest.fixture(scope="module")
def imagenet(tables):
    return tables["imagenet"]


def test_alexnet_hardware_burden_by_hand(imagenet):
    alexnet = imagenet[imagenet["model"] == "AlexNet"]
    rebuilt = float(cm.rebuild_hardware_burden(alexnet).iloc[0])
    # 2 GTX 580 at ~1,581 GFLOPS peak for ~6 days (the data: 1,580 GFLOPS, 518,000 s)
    assert rebuilt == pytest.approx(2 * 1580e9 * 518_000)
    assert rebuilt == pytest.approx(2 * 1581.1e9 * 6 * DAY, rel=0.01)
    assert rebuilt == pytest.approx(float(alexnet["hardware_burden"].iloc[0]), rel=cm.REL_TOL)


def test_alexnet_network_operations_by_hand(imagenet):
    alexnet = imagenet[imagenet["model"] == "AlexNet"]
    expected = 2 * 0.7e9 * 3 * 100 * 1.28e6  # 0.7e9 multiply-adds, ×3 passes, 100 epochs, 1.28M images
    assert float(cm.rebuild_network_operations(alexnet).iloc[0]) == pytest.approx(expected)
    assert expected == pytest.approx(float(alexnet["network_operations"].iloc[0]), rel=0.01)


def test_hardware_burden_sums_chip_types_and_flops_beat_multiadds():
    df = pd.DataFrame({
        "flops": [10.0, np.nan], "multiadds": [99.0, 4.0], "fp_bp_ratio": [3.0, np.nan],
        "training_epochs": [2.0, 5.0], "training_set_size": [100.0, 10.0], "training_time_total_sec": [10.0, 20.0],
        "training_gpu_amount": [2.0, np.nan], "training_gpu_ptp_gflops": [5.0, np.nan],
        "training_tpu_amount": [1.0, np.nan], "training_tpu_ptp_gflops": [100.0, np.nan],
        "training_cpu_amount": [np.nan, 4.0], "training_cpu_ptp_gflops": [np.nan, 0.5],
    })
    assert list(cm.ops_per_pass(df)) == [10.0, 8.0]
    assert list(cm.rebuild_network_operations(df)) == [10 * 3 * 2 * 100, 8 * 3 * 5 * 10]
    assert list(cm.rebuild_hardware_burden(df)) == [(2 * 5 + 100) * 1e9 * 10, 4 * 0.5 * 1e9 * 20]


def test_compute_check_flags_the_known_disagreements(imagenet):
    check = cm.compute_check(imagenet)
    bad = check[check["status"] == "disagrees"]
    assert set(bad["model"]) >= {"ConvNeXt-XL", "Swin-L (384 res, ImageNet-22k pretrain)"}
    summary = cm.compute_check_summary(check).set_index("measure")
    assert summary.loc["hardware_burden", "disagree"] == 0
    hw = summary.loc["hardware_burden"]
    assert hw["compared"] + hw["recorded_only"] == imagenet["hardware_burden"].notna().sum()


def test_conversion_recovers_a_known_line_and_consolidates():
    rng = np.random.default_rng(1)
    net = 10 ** rng.uniform(16, 22, 30)
    df = pd.DataFrame({"benchmark": "x", "model": [f"m{i}" for i in range(30)], "label": "l", "date": 2019.0,
                       "network_operations": net, "hardware_burden": 10 ** (2.0 + 0.9 * np.log10(net)),
                       "computing_power": np.nan})
    conv = cm.fit_conversion(cm.conversion_rows(df))
    assert conv.intercept == pytest.approx(2.0) and conv.slope == pytest.approx(0.9)
    assert conv.cov.shape == (2, 2) and conv.latest == 2019.0
    df.loc[:4, "hardware_burden"] = np.nan
    out = cm.consolidate(df, cm.choose_conversion(df))
    assert (out.loc[:4, "consolidated_source"] == "converted").all()
    assert np.allclose(out["consolidated_hardware_burden"], 10 ** (2.0 + 0.9 * np.log10(net)))


def test_conversion_pools_and_respects_the_cutoff():
    own = pd.DataFrame({"benchmark": "a", "model": ["p"], "label": "p", "date": [2019.0], "network_operations": [1e18],
                        "hardware_burden": [np.nan]})
    other = pd.DataFrame({"benchmark": "b", "model": list("qrstu"), "label": list("qrstu"),
                          "date": [2016.0, 2017.0, 2018.0, 2019.0, 2021.0],
                          "network_operations": [1e16, 1e17, 1e18, 1e19, 1e20],
                          "hardware_burden": [1e17, 1e18, 1e19, 1e20, 1e23]})
    conv = cm.choose_conversion(own, [own, other])
    assert conv.source == "pooled" and conv.n == 5
    early = cm.choose_conversion(own, [own, other], cutoff=2020.5)
    assert early.n == 4 and early.slope == pytest.approx(1.0) and early.intercept == pytest.approx(1.0)
    assert early.latest == 2019.0


def test_a_model_listed_in_two_files_counts_once_in_the_pool():
    """The documented route to a sample filter was a filtered copy of a benchmark's file added as a benchmark
    of its own: pooled by file, its models counted twice (MS COCO's conversion went from 11 models to 21)."""
    own = pd.DataFrame({"benchmark": "coco", "model": ["p"], "label": "p", "date": [2019.0],
                        "network_operations": [1e18], "hardware_burden": [np.nan]})
    full = pd.DataFrame({"benchmark": "imagenet", "model": list("qrstu"), "label": list("qrstu"),
                         "date": [2016.0, 2017.0, 2018.0, 2019.0, 2021.0],
                         "network_operations": [1e16, 1e17, 1e18, 1e19, 1e20],
                         "hardware_burden": [1e17, 1e18, 2e19, 1e20, 1e23]})
    copy = full.iloc[:4].assign(benchmark="imagenet_filtered")  # the same models, another file
    conv = cm.choose_conversion(own, [own, full, copy])
    assert conv.n == 5 and list(conv.data["benchmark"].unique()) == ["imagenet"]
    rerun = full.iloc[[0]].assign(benchmark="other", hardware_burden=3e17)  # the same name, another run: counts
    assert cm.choose_conversion(own, [own, full, rerun]).n == 6


def test_consolidation_summary_on_the_real_files(tables):
    configs = config.load_benchmarks()
    for bid in ("imagenet", "coco"):
        p = benchmarks.prepare(tables, configs[bid])
        s = cm.consolidation_summary(p.data, p.conversion)
        assert s.authors is not None and s.authors["hw_agree"] == s.authors["hw_rows"]
        assert s.converted > 0 and s.hardware > 0
        assert s.fit_benchmarks == ("imagenet",)  # COCO has no model with both measures: it borrows ImageNet's
        if bid == "imagenet":
            assert s.conversion.source == "own" and s.authors["converted_median_ratio"] == pytest.approx(1.0, abs=0.05)
        else:
            assert s.conversion.source == "pooled" and s.authors["converted_agree"] < s.authors["converted_rows"]


def test_consolidation_summary_of_a_tidy_file_has_no_authors_values():
    df = pd.DataFrame({"model": list("abc"), "label": list("abc"), "score": [50.0, 60.0, 70.0],
                       "hardware_burden": [1e18, 1e19, 1e20], "network_operations": np.nan,
                       "computing_power": [1e18, 1e19, 1e20], "layout": "tidy"})
    s = cm.consolidation_summary(cm.consolidate(df, None), None)
    assert s.authors is None and s.implied is None and s.hardware == 3 and s.converted == 0
