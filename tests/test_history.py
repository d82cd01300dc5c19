"""The history chapter: trends, the frontier, chips per GPU, milestones, fallbacks, what the chapter quotes
(typed values and the flags that pick its sentences), tables and charts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import nbformat
import numpy as np
import pandas as pd
import pytest

from compute_limits import config
from compute_limits.analysis import chips, claims, costs, history, milestones
from compute_limits.data import benchmarks as bench_data
from compute_limits.data import epoch as epoch_data
from compute_limits.data import hardware
from compute_limits.quantities import Kind
from compute_limits.report import history as show, ledger_text
from compute_limits.report import numbers as N
from compute_limits.report.glue import items
from compute_limits.report.tables import table

# The series ids of history_trends.csv before the redesign (they must stay stable).
BASELINE_SERIES = {
    "notable_pre_dl", "notable_all", "frontier", "records", "notable_2012_2019", "frontier_2012_2019",
    "records_2012_2019", "gpu_peak_gflops", "gpu_all_gflops", "cpu_peak_gflops", "chips_per_run",
    "training_days_per_run", "chip_hours_per_run", "achieved_flops_per_chip", "cost_per_run", "compute_per_dollar",
    "frontier_chips_per_run", "frontier_training_days_per_run", "frontier_chip_hours_per_run",
    "frontier_achieved_flops_per_chip", "frontier_cost_per_run", "frontier_compute_per_dollar", "imagenet_models",
    "imagenet_hardware_burden",
}


# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------


def synthetic_epoch(rng, n=300, split=2010.0):
    years = np.sort(rng.uniform(1950, 2024, n))
    slope = np.where(years < split, history.slope_from_doubling(20), history.slope_from_doubling(6))
    level = np.where(years < split, 2 + slope * (years - 1950),
                     2 + history.slope_from_doubling(20) * (split - 1950) + slope * (years - split))
    compute = 10 ** (level + rng.normal(0, 0.4, n))
    dates = pd.to_datetime((years - 1970) * 365.25, unit="D", origin="unix")
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "date": dates, "year": years, "compute": compute,
                         "notable": True, "organization": "lab", "domain": "Vision"})


def test_trend_needs_three_points_and_says_estimable():
    assert history.trend([2000, 2001], [1, 2], "x", 0.95) is None
    assert history.trend([2000, 2000, 2000, 2003], [1, 2, 3, np.nan], "x", 0.95) is None  # no spread over time
    rng = np.random.default_rng(1)
    flat = history.trend(np.linspace(2000, 2010, 40), 10 ** rng.normal(3, 0.5, 40), "flat", 0.95)
    assert flat is not None and not flat.estimable
    glued = dict(items(history.rate(flat, 0.95), "r"))
    assert glued["r_growth_with_interval"] == N.NOT_ESTIMABLE and glued["r_doubling"] == N.NOT_ESTIMABLE
    assert glued["r_growth_estimable"] is False and glued["r_n"] == "40"
    steep = history.trend(np.linspace(2000, 2010, 40), 10 ** (0.3 * np.arange(40) / 4), "steep", 0.9)
    glued = dict(items(history.rate(steep, 0.9), "r"))
    assert steep.estimable and glued["r_growth_with_interval"].startswith(N.show(steep.growth_per_year, "growth"))
    assert "(90% CI " in glued["r_growth_with_interval"] and glued["r_doubling_with_interval"].endswith(" months)")
    assert (glued["r_first"], glued["r_last"]) == ("2000", "2010")
    missing = dict(items(history.rate(None, 0.9, 2012, 2019), "m"))  # too few points to fit: said so, never a number
    assert missing["m_growth"] == N.NOT_ESTIMABLE and missing["m_n"] == "0" and missing["m_first"] == "2012"


def test_frontier_mask_top_k():
    df = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2001-01-01", "2002-01-01", "2003-01-01"]),
                       "compute": [10.0, 5.0, 20.0, 1.0]})
    assert list(history.frontier_mask(df, 1)) == [True, False, True, False]
    assert list(history.frontier_mask(df, 2)) == [True, True, True, False]
    with pytest.raises(ValueError):
        history.frontier_mask(df, 0)


def test_eras_recover_doubling_times_and_pass_the_level():
    pop = history.populations(synthetic_epoch(np.random.default_rng(7)), 10, 1)
    e = history.eras(pop, 1950.0, 2010.0, (2006, 2014), (1, 5, 20), level=0.9)
    assert e.pre.doubling_months == pytest.approx(20, rel=0.2)
    assert e.post.doubling_months == pytest.approx(6, rel=0.2)
    assert {t.level for t in (e.pre, e.post, e.frontier, e.records)} == {0.9}
    assert set(e.sensitivity["era"]) == {"pre", "post", "frontier"} and len(e.sensitivity) == 27
    assert list(e.topk["top_k"]) == [1, 5, 20] and (e.topk["n"].diff().dropna() >= 0).all()
    p = history.paper_window(pop, 2012.0, 2020.0, level=0.9)
    assert p.records.level == 0.9 and 2012 <= p.records_last_year <= 2019


def test_decomposition_adds_up():
    rng = np.random.default_rng(3)
    n = 60
    year = rng.uniform(2012, 2024, n)
    chip_n = 10 ** (1 + 0.3 * (year - 2012) + rng.normal(0, 0.2, n))
    hours = 10 ** (2 + 0.1 * (year - 2012) + rng.normal(0, 0.2, n))
    per_chip = 10 ** (12 + 0.25 * (year - 2012) + rng.normal(0, 0.1, n))
    df = pd.DataFrame({"year": year, "hardware_quantity": chip_n, "training_hours": hours,
                       "compute": chip_n * hours * 3600 * per_chip, "chip_hours": np.nan, "cost_2023_usd": np.nan})
    dec = chips.decompose_growth(chips.run_anatomy(df), 2010, 0.95, min_n=8)
    assert dec.loc[["chips", "time", "throughput"], "share"].sum() == pytest.approx(1.0)
    assert dec.loc["chips", "slope"] == pytest.approx(0.3, abs=0.05)
    few = chips.decompose_growth(chips.run_anatomy(df.iloc[:5]), 2010, 0.95, min_n=8)
    assert few["growth_per_year"].isna().all()  # too few runs: no numbers, no error


# --------------------------------------------------------------------------
# The real data
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    configs = config.load_benchmarks()
    tables = bench_data.load_all(configs)
    epoch = epoch_data.load_epoch()
    hw = chips.hardware_series(hardware.load_all_hardware())
    return configs, tables, epoch, hw


def test_fastest_2009_gpu_is_compared_per_gpu(real):
    """The fastest GPU of 2009 in the table is the dual-GPU Radeon HD 5970 (4,640 GFLOPS for the board):
    the comparison with the CPU counts one of its GPUs (the old chapter compared the whole board)."""
    _, _, epoch, hw = real
    c = chips.chips(hw, history.populations(epoch, 10, 1), 2009, 0.95)
    assert c.gpu.name == "Radeon HD 5970" and c.gpu.units == 2
    assert c.gpu.gflops_listed == pytest.approx(4640) and c.gpu.gflops_per_chip == pytest.approx(2320)
    assert c.gpu_over_cpu == pytest.approx(2320 / c.cpu.gflops_per_chip)
    assert c.gpu_over_cpu < 4640 / c.cpu.gflops_per_chip / 1.9
    assert c.gpu_trend.series == "gpu_peak_gflops_per_gpu" and c.gpu_board_trend.series == "gpu_peak_gflops"
    year = chips.gpu_year(c)
    assert (year.board_case, year.board_units, year.board_gflops) == ("board", 2, pytest.approx(4640))
    assert year.ratio == pytest.approx(c.gpu_over_cpu)


def test_tpu_rates_are_bfloat16_per_chip(real):
    hw = real[3]
    tpu = hw[hw["kind"] == "TPU"].set_index("chip")
    assert (tpu["precision"] == "bfloat16").all() and (hw.loc[hw["kind"] == "GPU", "precision"] == "FP32").all()
    assert tpu.loc["Cloud TPU v3", "gflops_per_chip"] == pytest.approx(420_000 / 4)
    assert not hw["chip"].str.contains("Pod").any()
    chart, rows = show.hardware(chips.chips(hw, history.populations(real[2], 10, 1), 2009, 0.95),
                                history.populations(real[2], 10, 1), "frontier")
    spec = chart.to_dict()
    assert len(spec["vconcat"]) == 2  # peak rates and compute growth on separate axes
    assert "bfloat16" in json.dumps(spec["datasets"]) or "bfloat16" in rows.to_json()


def test_milestones_from_real_data(real):
    configs, tables, epoch, _ = real
    ms = milestones.milestones(configs, tables, epoch)
    m = ms.table.set_index("system")
    alex = m.loc["AlexNet"]
    assert alex["hardware_burden_flop"] == pytest.approx(1.6e18, rel=0.03) and alex["chips"] == 2
    assert alex["epoch_training_compute_flop"] == pytest.approx(4.7e17, rel=0.01)
    noisy = m.loc["NoisyStudent"]
    assert noisy["chips"] == 1024 and noisy["days"] == pytest.approx(6, abs=0.1)
    assert noisy["peak_precision"] == "bfloat16" and alex["peak_precision"] == "FP32"
    assert np.isnan(m.loc["ResNeXt-101", "epoch_training_compute_flop"]) and m.loc["ResNeXt-101", "days"] >= 10
    assert m.loc["Perceptron Mark I", "source"] == "Epoch"
    assert (ms.n_matched, ms.n_in_range) == (12, 8)


def test_every_milestone_outlier_is_explained(real):
    """All four systems whose burden is far from Epoch's estimate carry a note (the old table explained two)."""
    configs, tables, epoch, _ = real
    ms = milestones.milestones(configs, tables, epoch)
    assert set(ms.outliers["system"]) == {"GNMT", "Xception", "BERT-Large", "Florence"}
    assert (ms.outliers["note"].str.len() > 0).all()
    assert ms.table["note"].str.len().max() <= 40  # short notes: the table fits the page
    # BERT's burden is 16 Cloud TPU devices at the v3 device's 420 TFLOPS for 4 days (v2's is 180)
    bert = ms.get("BERT-Large")
    assert bert["hardware_burden_flop"] == pytest.approx(16 * 420e12 * 4 * 86400, rel=0.01)
    # Florence: the authors' A100 peak is the FP32 one (19.5 TFLOPS)
    flo = tables["coco"].set_index("model").loc["Florence-CoSwin-H"]
    assert flo["training_gpu_ptp_gflops"] == pytest.approx(19_500)


def test_milestones_tolerate_missing_benchmarks_and_names(real):
    configs, tables, epoch, _ = real
    only = {"imagenet": configs["imagenet"]}
    ms = milestones.milestones(only, {"imagenet": tables["imagenet"]}, epoch)
    assert ms.get("Florence")["source"] == "Epoch"  # COCO not configured: Epoch's side only
    ghost = [dict(system="Ghost", data="imagenet", authors="no such model", epoch="no such system", note="")]
    out = milestones.milestone_table({"imagenet": tables["imagenet"]}, epoch, ghost, ["also missing"], False)
    assert out.empty


def test_noisy_student_standing_is_what_the_data_say(real):
    """NoisyStudent led ImageNet when published, but FixEfficientNet-L2 (March 2020) already beat it in the
    pre-July-2020 data, and later models score higher: one reading, the same on every page (issue 25)."""
    configs, tables, _, _ = real
    s, cfg = milestones.milestone_standing(configs, tables, "NoisyStudent")
    assert cfg.id == "imagenet" and s.record_at_release
    assert s.first_better == "FixEfficientNet-L2" and s.n_better > 10
    assert s.status == "beaten_before_paper"  # a record when published, beaten before the paper's July 2020
    assert N.show(s.first_better_date, "month") == "March 2020" and N.show(s.date, "month") == "November 2019"
    assert N.show(s.margin, Kind("compact", 2)) == "0.1"
    quoted = milestones.standing_of(configs, tables, "NoisyStudent")
    assert (quoted.benchmark, quoted.metric, quoted.first_better) == (cfg.name, cfg.metric_label, "FixEfficientNet-L2")
    assert milestones.standing_of(configs, tables, "no such system").status == "absent"


def test_benchmark_reference_falls_back_when_alexnet_is_missing(real):
    configs, tables, _, _ = real
    from compute_limits.analysis import benchmarks

    data = benchmarks.prepare(tables, configs["imagenet"]).data
    b = milestones.benchmark_history(data, configs["imagenet"], "AlexNet", 0.95)
    assert b.reference_found and b.rows.loc[b.rows["model"] == "AlexNet", "relative"].iloc[0] == pytest.approx(1)
    assert b.all_models.series == "imagenet_models" and b.measured.series == "imagenet_hardware_burden"
    without = data[data["model"] != "AlexNet"]
    b2 = milestones.benchmark_history(without, configs["imagenet"], "AlexNet", 0.95)
    earliest = without[without["consolidated_hardware_burden"] > 0].sort_values("date").iloc[0]["model"]
    assert not b2.reference_found and b2.reference == earliest
    quote = milestones.benchmark_quote(b2, 0.95)
    assert not quote.reference_found and (quote.reference, quote.requested) == (earliest, "AlexNet")
    assert milestones.benchmark_quote(b, 0.95).reference_found


def test_trends_table_has_level_estimable_and_stable_ids(real):
    configs, tables, epoch, hw = real
    pop = history.populations(epoch, 10, 1)
    e = history.eras(pop, 1950.0, 2010.0, (2008, 2010), (1, 10), 0.9)
    p = history.paper_window(pop, 2012.0, 2020.0, 0.9)
    c = chips.chips(hw, pop, 2009, 0.9)
    a = chips.anatomy(pop, 2010.0, 0.9, 8, chips.cost_growth(epoch, 2012.0, None, 0.9))
    from compute_limits.analysis import benchmarks

    b = milestones.benchmark_history(benchmarks.prepare(tables, configs["imagenet"]).data, configs["imagenet"],
                                     "AlexNet", 0.9)
    t = history.table([e.pre, e.post, e.frontier, e.records, p.notable, p.frontier, p.records, c.gpu_board_trend,
                       c.gpu_trend, c.gpu_all_trend, c.cpu_trend, c.frontier_same_years, *a.notable.values(),
                       *a.frontier.values(), b.all_models, b.measured], pop, 2010.0)
    assert BASELINE_SERIES <= set(t["series"])
    assert (t["level"] == 0.9).all() and t["estimable"].map(type).eq(bool).all()
    assert (t["population"].str.len() > 0).all() and (t["quantity"].str.len() > 0).all()
    assert t.set_index("series").loc["frontier", "population"] == "frontier systems (top 10 at release) from 2010 on"
    # the cost of a run is the future-cost chapter's fit, not a second one
    g = costs.historic_growth(epoch, 2012.0, level=0.9)
    row = t.set_index("series").loc["cost_per_run"]
    assert row["growth_per_year"] == pytest.approx(g.cost_per_run.growth_per_year)
    assert row["growth_per_year_lo"] == pytest.approx(g.cost_per_run.growth_lo)


def test_claims_evidence_rows(real):
    epoch = real[2]
    lit = config.literature()
    pop = history.populations(epoch, 10, 1)
    e = history.eras(pop, 1950.0, 2010.0, (2010, 2010), (10,), 0.95)
    p = history.paper_window(pop, 2012.0, 2020.0, 0.95)
    from compute_limits.analysis import chips
    d = chips.decompose_growth(chips.run_anatomy(pop.frontier), 2010.0, 0.95, 8, 200, 1)
    ev = ledger_text.evidence(history.evidence(e, p, pop, lit, 0.95, decomposition=d), lit)
    assert list(ev.columns) == claims.EVIDENCE_COLUMNS
    rows = ev.set_index("claim_id")
    growth, pre = rows.loc["compute_growth_2012_2019"], rows.loc["doubling_before_2010"]
    assert growth["paper_number"] == lit.value("v1_compute_growth_per_year")
    assert growth["book_lo"] < growth["book_value"] < growth["book_hi"] and growth["test"] == "inside"
    # led by the frontier: the record-setters' running maximum has no valid interval (correction 9, issue 25)
    assert growth["note"].startswith("The frontier") and "2012–2019" in growth["note"] and "95%" in growth["note"]
    assert "running maximum" in growth["note"] and "record-setters" in growth["note"]
    assert growth["book_value"] == pytest.approx(p.frontier.growth_per_year)
    assert claims.verdict(growth) == "does not hold"  # tenfold lies above the frontier's interval
    assert pre["paper_number"] == lit.value("moore_doubling_months") and "1950–2009" in pre["note"]
    assert {claims.verdict(r) for _, r in ev.iterrows()} <= set(claims.VERDICTS)
    # the paper's "most of it came from training longer on more chips": more than half, judged on the BCa interval
    more = rows.loc["growth_from_more_chips"]
    assert more["book_value"] == pytest.approx(d.loc["more", "share"]) and more["paper_number"] == 0.5
    assert more["test"] == "at_least" and more["book_lo"] < more["book_value"] < more["book_hi"]
    assert claims.verdict(more) == ("holds" if more["book_lo"] >= 0.5 else "holds in part"
                                    if more["book_value"] >= 0.5 else "does not hold")
    assert "BCa bootstrap interval" in more["note"] and "more than half" in more["note"]
    assert "growth_from_more_chips" not in {r.claim_id for r in history.evidence(e, p, pop, lit, 0.95)}


# --------------------------------------------------------------------------
# What the reader sees
# --------------------------------------------------------------------------

SCI = re.compile(r"\d[eE][+-]?\d")


def test_tables_and_quoted_values_are_typeset(real):
    configs, tables, epoch, _ = real
    ms = milestones.milestones(configs, tables, epoch)
    md = str(table(show.milestone_table(ms), "Milestones", "tbl-x").data)
    assert not SCI.search(md) and "10¹⁸·²" in md and "2 × GTX 580" in md and ":widths:" in md
    assert "Pod" not in md and "PCIe" not in md  # chip names shortened for the page
    pop = history.populations(epoch, 10, 1)
    glued = dict(items(history.early(pop, "Perceptron Mark I"), "early"))
    assert glued["early_compute"] == "6.9 × 10⁵ FLOP" and glued["early_found"] is True
    assert glued["early_orders_more"] == "10²¹"
    assert not SCI.search(json.dumps({k: str(v) for k, v in glued.items()}, ensure_ascii=False))
    missing = history.early(pop, "No such system")
    assert not missing.found and missing.reference == pop.systems.iloc[0]["model"]
    empty = show.topk_table(pd.DataFrame(columns=["top_k", "n", "growth_per_year", "doubling_months",
                                                  "doubling_months_lo", "doubling_months_hi"]), 0.95)
    assert len(empty) == 1 and set(empty.iloc[0]) == {N.MISSING}  # a row of dashes keeps the table's reference


def _numbers_are_typed(obj, prefix):
    """Every value ``obj`` glues is text set by its kind or a flag: no raw number reaches a page."""
    glued = dict(items(obj, prefix))
    raw = {k: v for k, v in glued.items() if not isinstance(v, str | bool)}
    assert not raw, raw
    assert not any("nan" in v.lower() for v in glued.values() if isinstance(v, str)), glued
    return glued


def test_what_the_chapter_quotes_is_typed_and_matches_the_analysis(real):
    configs, tables, epoch, hw = real
    lit = config.literature()
    pop = history.populations(epoch, 10, 1)
    e = history.eras(pop, 1950.0, 2010.0, (2004, 2016), (1, 50), 0.95)
    era = history.era_rates(e, pop, lit, 0.95, (1, 50))
    glued = _numbers_are_typed(era, "eras")
    assert (glued["eras_pre_first"], glued["eras_pre_last"], glued["eras_post_first"]) == ("1950", "2009", "2010")
    assert glued["eras_pre_doubling"] == N.show(e.pre.doubling_months, "months")
    # windows named from the data: the record-setters since 2010 start in 2013, not at the split (issue 25)
    assert (glued["eras_records_first"], glued["eras_records_last"]) == ("2013", "2025")
    assert glued["eras_records_first"] == N.show(e.records.start_year, "year")
    assert era.moore_vs_pre == "inside" and era.eras_apart and era.records_are_largest
    assert era.post_range[0] < era.post_range[1] < era.pre_range[0] < era.pre_range[1]
    assert glued["eras_post_range"] == N.show_interval(*era.post_range, "months")
    assert glued["eras_post_range"].endswith(" months") and glued["eras_post_range"].count("months") == 1
    paper = history.paper_test(history.paper_window(pop, 2012.0, 2020.0, 0.95), pop, lit, 0.95)
    glued = _numbers_are_typed(paper, "paper")
    # the frontier grew slower; the record-setters' interval is not valid, so it is set against nothing
    assert (paper.records_vs_paper, paper.frontier_vs_paper) == ("unknown", "above") and paper.records_running_max
    assert (glued["paper_records_first"], glued["paper_records_last"]) == ("2013", "2017")  # windows from the data

    assert glued["paper_paper_months"] == "3.6" and glued["paper_last_record"] == "AlphaGo Zero"
    c = chips.chips(hw, pop, 2009, 0.95)
    a = chips.anatomy(pop, 2010.0, 0.95, 8, chips.cost_growth(epoch, 2012.0, None, 0.95))
    growth = chips.chip_growth(c, a, 0.95)
    glued = _numbers_are_typed(growth, "chips")
    shares = growth.decomposition
    assert shares.estimable and shares.chips_share + shares.time_share + shares.throughput_share.value == pytest.approx(1)
    assert shares.more_share.value == pytest.approx(shares.chips_share + shares.time_share)
    assert shares.more_case == "undecided" and shares.more_share.lo == shares.more_share.hi  # no bootstrap: no claim
    boot = chips.decomposition(chips.anatomy(pop, 2010.0, 0.95, 8, None, n_boot=500, seed=1), 0.95)
    assert boot.more_share.lo < boot.more_share.value < boot.more_share.hi and boot.n_boot == 500
    # the shares of "more chips for longer" and of throughput add up to one, and so do their intervals
    assert boot.more_share.lo + boot.throughput_share.hi == pytest.approx(1, abs=1e-9)
    assert boot.more_case == chips.share_case(boot.more_share)
    assert glued["chips_gap"] == N.number(c.gap, 2) and glued["chips_tpu_precision"] == "bfloat16"
    few = chips.decomposition(chips.anatomy(pop, 2010.0, 0.95, 10_000, None), 0.95)
    assert not few.estimable and "decomposition_chips_share" not in dict(items(few, "decomposition"))
    ms = milestones.milestones(configs, tables, epoch)
    from compute_limits.analysis import benchmarks

    bench = milestones.benchmark_history(benchmarks.prepare(tables, configs["imagenet"]).data, configs["imagenet"],
                                         "AlexNet", 0.95)
    reference = milestones.run_record(milestones.reference_run(tables["imagenet"], epoch, bench.reference))
    assert reference.sources == "both" and reference.chips == 2 and reference.ratio == pytest.approx(3.4, abs=0.05)
    assert milestones.run_record(None, "Ghost").sources == "neither"
    runs = milestones.runs(ms, reference, milestones.standing_of(configs, tables, "NoisyStudent"))
    glued = _numbers_are_typed(runs, "runs")
    assert runs.recorded and runs.n_outliers == 4 and runs.outliers == "GNMT, Xception, BERT-Large, Florence"
    assert glued["runs_util_lo"] == "25%" and glued["runs_noisy_burden"] == "5.6 × 10²² FLOP"
    assert glued["runs_noisy_over_reference"] == "35,000" and glued["runs_resnext_chip"] == "Tesla M40"
    _numbers_are_typed(history.coverage(pop, epoch, 0.95), "hist")
    _numbers_are_typed(milestones.benchmark_quote(bench, 0.95), "bench")
    glued = _numbers_are_typed(history.quoted(lit), "q")
    assert glued["q_spectrum_rise"] == "10 million" and glued["q_et_gpu_hours"] == "2.2 million"


@dataclass
class Ranges:
    doubling: Annotated[tuple[float, float], Kind("months")]
    ratio: Annotated[tuple[float, float], Kind("factor")]
    unknown: Annotated[tuple[float, float], Kind("months")]


def test_kinds_the_chapter_added():
    assert N.show_interval(17.3, 25.1, "months") == "17–25 months"  # the unit once, like every other kind
    glued = dict(items(Ranges((4.61, 5.98), (1.001, 1.004), (np.nan, np.nan)), "r"))
    assert glued == {"r_doubling": "4.6–6.0 months", "r_ratio": "1.001–1.004×"}  # a range the data lack: not glued
    assert N.show(float("inf"), "months") == "never" and N.show(20.1, "months") == "20 months"
    assert N.show(6.9e5, "flop") == "6.9 × 10⁵ FLOP" and N.show(1.28e6, "words") == "1.3 million"
    assert N.show(0.5, "compact") == "0.5" and N.show(20200713, "identifier") == "20200713"


def test_amodei_has_one_value():
    lit = config.literature()
    refs = show.references(lit)
    assert any(f"{N.number(lit.value('amodei_doubling_months'), 2)} months" in k for k in refs)
    assert not any("11.5" in k or "12×" in k for k in refs)


def test_longrun_chart_has_a_zoomed_panel(real):
    epoch = real[2]
    pop = history.populations(epoch, 10, 1)
    e = history.eras(pop, 1950.0, 2010.0, (2010, 2010), (10,), 0.95)
    chart, rows = show.longrun(pop, e, show.era_labels(e, pop))
    spec = chart.to_dict()
    assert len(spec["vconcat"]) == 2
    zoom_x = spec["vconcat"][1]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert zoom_x[0] == 2010.0
    tips = {t["field"] for t in spec["vconcat"][0]["layer"][0]["encoding"]["tooltip"]}
    assert {"system", "date"} <= tips
    assert "labelExpr" in json.dumps(spec["vconcat"][0]["layer"][0]["encoding"]["y"])  # powers of ten
    assert set(rows["layer"]) == {"system", "trend"}


# --------------------------------------------------------------------------
# The chapter runs on any valid input (slow: executes the notebook)
# --------------------------------------------------------------------------


def _execute(tmp_path, monkeypatch, params):
    from compute_limits.pipeline.kernels import execute_one
    from compute_limits.data import paths

    out = tmp_path / "history.ipynb"
    env = {paths.RESULTS_ENV: str(tmp_path / "results"), paths.RESULTS_READ_ENV: str(tmp_path / "results")}
    execute_one(paths.CHAPTERS / "history.md", out, params, env, str(paths.CHAPTERS))
    nb = nbformat.read(out, as_version=4)
    glued = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            for mime, value in o.get("data", {}).items():
                if "papermill.record" in mime or mime in ("text/plain", "text/markdown"):
                    key = o.get("metadata", {}).get("scrapbook", {}).get("name")
                    if key:
                        glued.setdefault(key, value if isinstance(value, str) else json.dumps(value))
    return glued, tmp_path / "results"


@pytest.mark.slow
def test_chapter_builds_without_alexnet_and_on_a_newer_epoch_export(tmp_path, monkeypatch):
    from compute_limits.data import paths

    rng = np.random.default_rng(5)
    n = 24
    years = rng.integers(2013, 2023, n)
    logc = 17 + 0.3 * (years - 2013) + rng.normal(0, 0.4, n)
    err = 10 ** (-0.3 - 0.05 * (logc - 17) + rng.normal(0, 0.05, n))
    tidy = tmp_path / "imagenet.csv"
    pd.DataFrame({"model": [f"net{i}" for i in range(n)], "date": [f"{y}-06" for y in years],
                  "score": 100 * (1 - err), "compute": 10 ** logc}).to_csv(tidy, index=False)
    raw = pd.read_csv(paths.RAW / "epoch-ai" / "All ML Systems - full view.csv", dtype=str, keep_default_na=False)
    raw = raw.rename(columns={"Model": "System"}).assign(**{"A new column": "x"})
    raw = raw[list(reversed(raw.columns))]
    raw.loc[raw.index[:3], "Publication date"] = ""
    export = tmp_path / "epoch.csv"
    raw.to_csv(export, index=False)
    glued, results = _execute(tmp_path, monkeypatch, {"data_files": {"imagenet": str(tidy), "epoch": str(export)}, "level": 0.9})
    text = " ".join(glued.values())
    assert glued["bench_reference_found"] == "False" and glued["bench_reference"] not in ("'AlexNet'", "''")
    assert "user-supplied" in glued["bench_source"]
    assert glued["hist_skipped_no_date"] == "'3'" and glued["hist_level"] == "'90%'"
    assert "90% CI" in text and "95% CI" not in text
    trends = pd.read_csv(results / "history_trends.csv")
    assert (trends["level"] == 0.9).all()


def test_reference_rates_are_placed_against_the_trend_interval():
    """The paper's tenfold a year and Moore's doubling lie inside, above or below a trend's interval, and
    are not compared at all where the trend is not estimable."""
    assert history.position(5.0, 4.0, 6.0) == "inside" and history.position(24.0, 4.0, 6.0) == "above"
    assert history.position(3.0, 4.0, 6.0) == "below" and history.position(6.0, 4.0, 6.0) == "inside"
    assert history.position(10.0, 5.0, 8.0, known=False) == "unknown"
    assert history.position(10.0, np.nan, np.nan) == "unknown"


def test_the_eras_are_computed_once_for_the_same_populations(real, tmp_path, monkeypatch):
    """A change to the chapter's charts or prose re-executes it; its ~90 trend fits come from the cache."""
    from compute_limits import cache
    from compute_limits.data import paths

    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    fits = []
    real_trends = history.era_trends
    monkeypatch.setattr(history, "era_trends", lambda *a, **k: fits.append(1) or real_trends(*a, **k))
    pop = history.populations(real[2], 10, 1)
    first = history.eras(pop, 1950.0, 2010.0, [2008, 2012], [5, 10], 0.95)
    n = len(fits)
    again = history.eras(history.populations(real[2], 10, 1), 1950.0, 2010.0, [2008, 2012], [5, 10], 0.95)
    assert n > 0 and len(fits) == n
    pd.testing.assert_frame_equal(first.sensitivity, again.sensitivity)
    history.eras(pop, 1950.0, 2011.0, [2008, 2012], [5, 10], 0.95)  # another split: computed
    assert len(fits) > n


# --------------------------------------------------------------------------
# Issue 25: the record-setters' running maximum, shares with intervals, one reading of NoisyStudent
# --------------------------------------------------------------------------


def test_the_record_setters_interval_is_marked_not_valid_everywhere_it_appears(real):
    """Correction 9: the record-setters (largest to date) are a running maximum; history_trends.csv says so,
    the trends table and the forest chart carry no interval for them, and the ledger tests the frontier."""
    configs, tables, epoch, _ = real
    pop = history.populations(epoch, 10, 1)
    e = history.eras(pop, 1950.0, 2010.0, (2010, 2010), (1, 10), 0.95)
    p = history.paper_window(pop, 2012.0, 2020.0, 0.95)
    trends = history.table([e.pre, e.post, e.frontier, e.records, p.frontier, p.records], pop, 2010.0)
    valid = trends.set_index("series")["interval_valid"]
    assert not valid["records"] and not valid["records_2012_2019"] and valid["frontier"] and valid["frontier_2012_2019"]
    labels = {"frontier_2012_2019": "frontier, 2012–2019", "records_2012_2019": "record-setters, 2013–2017"}
    shown = show.trends_table(trends, labels, 0.95).set_index("Series")
    assert shown.loc["record-setters", "95% CI"] == "not valid (a running maximum)"
    _, rows = show.forest(trends, labels, {"paper": 10.0}, 0.95)
    rec = rows[rows["series"] == "records_2012_2019"].iloc[0]
    assert np.isnan(rec["growth_per_year_lo"]) and "no valid CI" in rec["label"]
    three = history.populations(epoch, 10, 3)  # among the top three: not a running maximum
    assert history.table([history.paper_window(three, 2012.0, 2020.0, 0.95).records], three, 2010.0)["interval_valid"].all()


def test_more_chips_for_longer_is_most_only_when_its_interval_says_so():
    """Correction 10: "most of its growth came from more chips for longer" was said of a 56% share without
    an interval; the share now has a bootstrap interval and the sentence follows it."""
    from compute_limits.quantities import Estimate

    assert chips.share_case(Estimate(0.56, 0.38, 0.65, 0.95)) == "undecided"
    assert chips.share_case(Estimate(0.7, 0.55, 0.8, 0.95)) == "most"
    assert chips.share_case(Estimate(0.3, 0.2, 0.45, 0.95)) == "less"
    assert chips.share_case(Estimate(0.7, 0.7, 0.7, 0.95)) == "undecided"  # no interval decides nothing
    rng = np.random.default_rng(2)
    n = 80
    runs = pd.DataFrame({"year": np.sort(rng.uniform(2010, 2025, n))})
    runs["chips"] = 10 ** (0.2 * (runs["year"] - 2010) + rng.normal(0, 0.3, n))
    runs["training_hours"] = 10 ** (2 + 0.05 * (runs["year"] - 2010) + rng.normal(0, 0.2, n))
    runs["achieved_flops_per_chip"] = 10 ** (13 + 0.25 * (runs["year"] - 2010) + rng.normal(0, 0.3, n))
    runs["compute"] = runs["chips"] * runs["training_hours"] * 3600 * runs["achieved_flops_per_chip"]
    d = chips.decompose_growth(runs, 2010.0, 0.95, 8, n_boot=1000, seed=3)
    assert d.loc["more", "share"] == pytest.approx(d.loc["chips", "share"] + d.loc["time", "share"])
    assert d.loc["more", "share_lo"] < d.loc["more", "share"] < d.loc["more", "share_hi"]
    assert d.loc["more", "share_lo"] < 0.5 < d.loc["more", "share_hi"]  # true share 0.5: the data cannot say "most"
    again = chips.decompose_growth(runs, 2010.0, 0.95, 8, n_boot=1000, seed=3)
    pd.testing.assert_frame_equal(d, again)  # seeded


def test_the_history_chapter_says_most_only_in_the_most_case():
    source = (Path(__file__).resolve().parents[1] / "chapters" / "history.md").read_text()
    intro = source.split("```{code-cell}")[0]
    assert "most of its growth came from using more chips" not in intro
    cases = set(re.findall(r'\{if\} chips_decomposition_more_case == "(\w+)"', source))
    assert cases == {"most", "undecided", "less"}


def test_noisy_student_reads_the_same_in_every_chapter():
    """The history chapter, the theory chapter and the ledger gave three readings of NoisyStudent's standing;
    one reading now, the same sentence in both chapters (only the glue prefix differs)."""
    root = Path(__file__).resolve().parents[1] / "chapters"

    def sentences(page, prefix):
        text = (root / page).read_text()
        blocks = re.findall(rf':::\{{if\}} {prefix}_status == "(\w+)"\n(.*?)\n:::', text, flags=re.S)
        return {k: v.replace(prefix, "P") for k, v in blocks}

    history_blocks, theory_blocks = sentences("history.md", "runs_noisy_standing"), sentences("theory.md", "over_standing")
    shared = {"best", "beaten_before_paper", "beaten_after_paper", "not_record"}
    assert shared <= set(history_blocks) and shared <= set(theory_blocks)
    assert all(history_blocks[k] == theory_blocks[k] for k in shared)
