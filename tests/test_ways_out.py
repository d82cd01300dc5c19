"""The ways-out chapter: the levers' rates, the scenarios on one model, the k⁴ bracket, what the chapter states
(values, flags and the variants the chapter writes for them), the chapter's rules."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from compute_limits import config
from compute_limits.analysis import benchmarks as bm
from compute_limits.analysis import costs, headlines, k_gap, levers, ways_out
from compute_limits.analysis import ways_out_findings as find
from compute_limits.config import BenchmarkConfig, Metric
from compute_limits.data.benchmarks import load_all
from compute_limits.report import charts, ledger_text
from compute_limits.report import numbers as N
from compute_limits.report import ways_out as show
from compute_limits.report import ways_out_charts as plots
from compute_limits.report.glue import items
from compute_limits.report.text import join
from compute_limits.stats.regression import TimeTrend

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "ways_out.md"


# --------------------------------------------------------------------------
# Synthetic inputs: tidy benchmark files (no named model), an Epoch-like table
# --------------------------------------------------------------------------


def tidy_file(path: Path, n: int = 24, slope: float = 0.12, year_slope: float = 0.02, noise: float = 0.03,
              seed: int = 1, prefix: str = "Model") -> Path:
    """A tidy file (model,date,score,compute) whose log10(1/error) rises with compute and with the date."""
    rng = np.random.default_rng(seed)
    rows = ["model,date,score,compute"]
    for i in range(n):
        year = 2013 + 9 * i / (n - 1)
        log_c = 17 + 6 * i / (n - 1) + rng.normal(0, 0.6)
        resp = 0.5 + slope * (log_c - 17) + year_slope * (year - 2012) + rng.normal(0, noise)
        err = 10 ** (-resp) if slope or year_slope else 0.3 * 10 ** rng.normal(0, noise)
        rows.append(f"{prefix}-{i},{int(year)}-{1 + i % 12:02d},{100 * (1 - err):.3f},{10 ** log_c:.4e}")
    path.write_text("\n".join(rows) + "\n")
    return path


def synthetic_config(bid: str, name: str, targets=(0.05, 0.02)) -> BenchmarkConfig:
    metric = Metric(label="accuracy", targets=targets)
    return BenchmarkConfig(id=bid, name=name, task="a test task", data=f"data/user/{bid}.csv",
                           compute="hardware_burden", metric="top1", metric_label="accuracy",
                           targets=metric.targets, metrics={"top1": metric},
                           source="a synthetic file", default_metric="top1", order=1)


def prepared_from(files: dict[str, Path], names: dict[str, str]) -> tuple[dict, dict]:
    configs = {b: synthetic_config(b, names[b]) for b in files}
    tables = load_all(configs, {b: str(p) for b, p in files.items()})
    return configs, {b: bm.prepare(tables, c) for b, c in configs.items()}


def epoch_table(n: int = 60, cpd: float = 0.15, spend: float = 0.25, seed: int = 3) -> pd.DataFrame:
    """Runs 2014–2024 whose compute per dollar and cost grow at known rates (log10 per year)."""
    rng = np.random.default_rng(seed)
    year = np.linspace(2014, 2024, n)
    log_cost = 4 + spend * (year - 2014) + rng.normal(0, 0.3, n)
    log_cpd = 17 + cpd * (year - 2014) + rng.normal(0, 0.2, n)
    return pd.DataFrame({"model": [f"run{i}" for i in range(n)], "year": year, "notable": True,
                         "cost_2023_usd": 10 ** log_cost, "compute": 10 ** (log_cost + log_cpd)})


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    d = tmp_path_factory.mktemp("wo")
    files = {"alpha": tidy_file(d / "alpha.csv", seed=1, prefix="Alpha"),
             "beta": tidy_file(d / "beta.csv", slope=0.0, year_slope=0.0, noise=0.05, seed=2, prefix="Beta")}
    names = {"alpha": "Alpha bench", "beta": "Flat bench"}
    configs, prepared = prepared_from(files, names)
    growth = costs.historic_growth(epoch_table(), 2012.0)
    vintage = config.load_costs().get(None)
    wo = ways_out.analyse(prepared, growth, vintage, config.literature(), "alpha", 0.9, 1e8, 10.0)
    return {"wo": wo, "names": names, "configs": configs, "vintage": vintage, "growth": growth}


# --------------------------------------------------------------------------
# Rates (issue 11.3: compute = compute per dollar × spending, on the same runs)
# --------------------------------------------------------------------------


def test_compute_growth_is_compute_per_dollar_times_spending_on_the_same_runs(synthetic):
    dec = synthetic["wo"].decomposition
    assert dec.identity_gap == pytest.approx(0.0, abs=1e-10)
    assert dec.compute.n == dec.per_dollar.n == dec.spending.n
    assert (dec.compute.start, dec.compute.end) == (dec.per_dollar.start, dec.per_dollar.end)
    assert dec.share_per_dollar + dec.share_spending == pytest.approx(1.0)
    assert dec.per_dollar.log10_per_year == pytest.approx(0.15, abs=0.03)
    # algorithmic progress is not a term of the identity (the old paragraph multiplied it into the supply)
    assert not any("alg" in f for f in ways_out.Decomposition.__dataclass_fields__)


def test_algorithmic_rate_is_c_over_b_with_fieller_interval(synthetic):
    wo = synthetic["wo"]
    tt = wo.trends[("alpha", "polynomial")]
    r = wo.algorithms["alpha"]
    assert r.log10_per_year == pytest.approx(tt.year_slope / tt.slope)
    assert r.lo < r.log10_per_year < r.hi and r.level == 0.9
    assert r.key == "algorithms_alpha" and r.lever == "algorithms"


def test_published_rates_have_one_value_each():
    pub = levers.published_rates(config.literature())
    lit = config.literature()
    assert pub["amodei2018"].doubling_months == pytest.approx(lit.value("amodei_doubling_months"))
    assert pub["hernandez2020"].doubling_months == pytest.approx(lit.value("hernandez_halving_months"))
    assert pub["hobbhahn2022"].lo < pub["hobbhahn2022"].log10_per_year < pub["hobbhahn2022"].hi
    # the same formatter everywhere: the table and the prose print Amodei & Hernandez alike
    rates = levers.rates_table([], pub)
    table = show.rates_display(rates, {})
    row = table[table["Source and population"].str.startswith("Amodei")].iloc[0]
    assert row["× a year"] == show.rate_x(pub["amodei2018"].per_year)
    assert row["Doubling"] == N.months(lit.value("amodei_doubling_months"))
    hb = table[table["Source and population"].str.startswith("Hernandez")].iloc[0]
    assert hb["Doubling"] == N.months(lit.value("hernandez_halving_months"))


def test_literature_is_compared_only_on_the_benchmark_and_metric_it_measured(synthetic):
    wo = synthetic["wo"]
    rates = find.rates(wo, synthetic["names"], config.literature())
    assert rates.published_check == "not_comparable" and rates.metric_label == "accuracy"
    assert rates.headline == "Alpha bench"
    assert levers.comparable("erdil2022", "imagenet", "top1") and not levers.comparable("erdil2022", "imagenet", "top5")


def test_rates_result_keys_are_ids_with_level_and_name(synthetic):
    wo, names = synthetic["wo"], synthetic["names"]
    out = levers.named(wo.rates, names)
    assert list(out["name"]) == list(show.rates_display(wo.rates, names)["Source and population"])
    assert {"rate", "name", "level", "estimable", "start_year", "end_year"} <= set(out.columns)
    assert out["rate"].str.fullmatch(r"[a-z0-9_]+").all()
    assert not out["rate"].isin(names.values()).any()
    assert set(out.loc[out["origin"] == "this book", "level"]) == {0.9}
    assert out["estimable"].map(type).eq(bool).all() or out["estimable"].dtype == bool


# --------------------------------------------------------------------------
# Scenarios on one model (issue 11, "one model at a time")
# --------------------------------------------------------------------------


def test_scenario_cost_comes_from_the_time_trend_model_inverted_at_the_price_year(synthetic):
    wo = synthetic["wo"]
    diffs = []
    for form in ("polynomial", "exponential"):
        tt = wo.trends[("alpha", form)]
        rows = wo.scenarios[(wo.scenarios["benchmark"] == "alpha") & (wo.scenarios["form"] == form)]
        for target, x in rows.groupby("target_error")["log10_flops"].first().items():
            assert x == pytest.approx(float(tt.required_log10_compute(target, wo.base_year)))
            # the old chapter priced the target on the compute-only fit and applied the trend's rate to it
            diffs.append(abs(x - float(wo.mains["alpha"].fit(form).required_log10_compute(target))))
    assert max(diffs) > 0.05


def test_years_are_the_ratio_and_both_levers_are_never_slower(synthetic):
    wo = synthetic["wo"]
    df = wo.scenarios[(wo.scenarios["benchmark"] == "alpha") & (wo.scenarios["form"] == "polynomial")]
    u = costs.log10_per_flop(synthetic["vintage"])["usd"]
    tt = wo.trends[("alpha", "polynomial")]
    h = wo.decomposition.per_dollar.log10_per_year
    checked = 0
    for target, grp in df.groupby("target_error"):
        g = grp.set_index("scenario")
        assert (g["level"] == 0.9).all() and g["estimable"].dtype == bool
        # a row that is not estimable carries no cost and no year (issue 25, correction 4)
        assert g.loc[~g["estimable"], ways_out.NOT_ESTIMABLE_BLANK].isna().all().all()
        expected = {"hardware": h, "algorithms": tt.year_slope / tt.slope, "both": h + tt.year_slope / tt.slope}
        for s, rate in expected.items():
            if not g.loc[s, "estimable"]:
                continue
            gap = g.loc[s, "log10_usd"] - 8.0
            assert g.loc[s, "log10_usd"] == pytest.approx(g.loc[s, "log10_flops"] + u)
            assert g.loc[s, "years_to_affordable"] == pytest.approx(max(gap / rate, 0.0), rel=1e-9)
            assert g.loc[s, "years_lo"] <= g.loc[s, "years_to_affordable"] <= g.loc[s, "years_hi"]
            assert g.loc["both", "years_to_affordable"] <= g.loc[s, "years_to_affordable"]
            checked += 1
    assert checked


def test_a_lever_that_did_not_help_counts_as_none(synthetic):
    wo = synthetic["wo"]
    tt = wo.trends[("alpha", "polynomial")]
    flipped = TimeTrend(**{**tt.__dict__, "year_slope": -abs(tt.year_slope)})
    table = ways_out.scenario_table({("alpha", "polynomial"): flipped}, wo.mains, {"alpha": (0.001,)},
                                    wo.decomposition.per_dollar, -18.0, 1e8, 2025, "v", 0.9)
    g = table.set_index("scenario")
    # a lever that never closes the gap gives no date: not estimable, no year (issue 25, correction 4)
    assert not g.loc["algorithms", "estimable"] and math.isnan(g.loc["algorithms", "years_to_affordable"])
    assert g.loc["both", "years_to_affordable"] == pytest.approx(g.loc["hardware", "years_to_affordable"])


def test_headline_rows_are_labelled(synthetic):
    wo = synthetic["wo"]
    rows = headlines.table(ways_out.headline_rows(wo))
    assert set(rows["quantity"]) == {"years_to_affordable", "affordable_year"}
    assert (rows["chapter"] == "ways_out").all() and (rows["benchmark"] == "alpha").all()
    assert rows["scenario"].str.contains(synthetic["vintage"].id).all()
    assert rows["scenario"].str.contains("time-trend model").all()
    assert set(rows["form"]) == {"polynomial", "exponential"} and rows["preferred"].sum() == len(rows) // 2


# --------------------------------------------------------------------------
# The k⁴ bracket (issue 11: "the exponent is a ceiling"; issue 15: not estimable)
# --------------------------------------------------------------------------


def test_k_gap_has_the_reverse_regression_level_and_estimable(synthetic):
    gap = synthetic["wo"].k_gap.set_index("benchmark")
    a = synthetic["wo"].mains["alpha"].polynomial
    assert gap.loc["alpha", "k_reverse"] == pytest.approx(a.k * a.r2)
    assert gap.loc["alpha", "k_reverse"] < gap.loc["alpha", "k"]
    assert bool(gap.loc["alpha", "estimable"]) and not bool(gap.loc["beta", "estimable"])
    assert (gap["level"] == 0.9).all()
    shown = show.k_gap_display(synthetic["wo"].k_gap).set_index("Benchmark")
    assert shown.loc["Flat bench", "k (CI)"] == "not estimable"
    assert not re.search(r"\d", shown.loc["Flat bench", "k (CI)"])


def test_claims_evidence_tests_the_bracket_not_just_k(synthetic):
    wo = synthetic["wo"]
    ev = ledger_text.write_rows(k_gap.claims_evidence(wo.k_gap, wo.bound, wo.level, synthetic["names"]), config.literature())
    row = ev[0]
    assert row.claim_id == "k4_bound_exceeded" and row.test == "share" and row.chapter == "ways_out"
    est = wo.k_gap[wo.k_gap["estimable"]]
    assert row.book_value == pytest.approx(est["bracket_above_bound"].mean())
    assert "k·R²" in row.note and "Flat bench" in row.note
    # a benchmark whose k is above 4 but whose floor k·R² is not: the bracket is not above the bound
    gap = wo.k_gap.copy()
    gap.loc[gap["benchmark"] == "alpha", "k_reverse"] = 3.0
    gap["bracket_above_bound"] = gap["estimable"] & (gap["k_reverse"] > 4) & (gap["k_lo"] > 4)
    assert k_gap.claims_evidence(gap, 4.0, 0.9, synthetic["names"])[0].book_value == 0.0


# --------------------------------------------------------------------------
# Prose, dates, charts
# --------------------------------------------------------------------------


def test_dates_past_the_horizon_read_after_it():
    def row(years, lo, hi, estimable=True):
        return pd.Series({"base_year": 2025.0, "years_to_affordable": years, "years_lo": lo, "years_hi": hi,
                          "estimable": estimable})

    def glued(r):
        return dict(items(find.Target(0.05, None, find.date(r, 0.95), find.date(r, 0.95), find.date(r, 0.95),
                                      2025.0 + r["years_to_affordable"], math.nan, math.nan), "t"))

    assert glued(row(80, 60, 200))["t_hardware_with_interval"] == "after 2100 (95% Fieller interval 2085 to after 2100)"
    assert glued(row(18.2, 12, 30))["t_hardware_with_interval"] == "2043 (95% Fieller interval 2037–2055)"
    assert glued(row(0.0, 0.0, 3))["t_both"] == "2025"
    assert glued(row(math.inf, 60, math.inf))["t_hardware_before"] == "never"
    assert glued(row(10, 5, math.inf, estimable=False))["t_hardware_with_interval"] == N.NOT_ESTIMABLE
    # the table sets dates past the chapter's own horizon as "after <horizon>"
    assert show.year_phrase(2025, 80, 2100) == "after 2100" and show.year_phrase(2025, 60, 2080) == "after 2080"
    assert show.year_phrase(2025, 18.2, 2100) == "2043" and show.year_phrase(2025, math.inf, 2100) == "never"


def test_conclusion_names_the_benchmark_behind_each_statement(synthetic):
    wo = synthetic["wo"]
    oos = ways_out.OutOfSample("alpha", "polynomial", 12, 12, 0.9, 0.6, 0.99, 0.8, 3.0, 1.5, 9.0, True, 0.9)
    flops = headlines.Headline("log10_flops", "alpha", "top1", 0.05, "all", "polynomial", "", 24.0, 23.0, 26.0,
                               "log10 FLOP", "calibration interval (x)", 0.9, True, "future_costs", "l")
    usd = headlines.Headline("log10_usd", "alpha", "top1", 0.05, "all", "polynomial", "hardware v", 6.0, 5.0, 8.0,
                             "log10 USD", "calibration interval (x)", 0.9, True, "future_costs", "l")
    quoted = ways_out.QuotedCost(flops, usd, 24.1, 23.0, 26.0, 6.1)
    lit, cfg = config.literature(), synthetic["configs"]
    end = find.conclusion(wo, synthetic["names"], lit, quoted, oos, cfg, 2100)
    assert end.headline == "Alpha bench" and end.has_oos and end.oos.n_train == 12
    glued = dict(items(end, "end"))
    assert glued["end_oos_coverage"] == "90%" and glued["end_oos_coverage_interval"] == "60–99%"
    assert glued["end_oos_efficiency_interval"] == "1.5–9×" and glued["end_oos_efficiency_estimable"] is True
    assert glued["end_quoted_flops"] == "10²⁴·⁰ FLOP" and glued["end_quoted_interval"] == "calibration interval"
    none = find.conclusion(wo, synthetic["names"], lit, quoted, None, cfg, 2100)
    assert not none.has_oos and not any(k.startswith("end_oos_") for k, _ in items(none, "end"))
    # the chapter words each case, and calls the interval of a single later model a prediction interval
    text = CHAPTER.read_text()
    oos_text = text[text.index("**Out of sample.**"):text.index("**Two levers, measured.**")]
    for flag in ("{if} end_has_oos", "{if} not end_has_oos", "{if} end_oos_efficiency_estimable",
                 "{if} not end_oos_efficiency_estimable"):
        assert flag in oos_text
    assert "prediction interval" in oos_text and "uncertainty of the line" not in oos_text


def test_years_chart_is_readable(synthetic):
    wo = synthetic["wo"]
    chart, rows = plots.years_chart(wo.scenarios, synthetic["names"], 2100)
    spec = chart.to_dict()
    assert spec["facet"]["column"]["field"] == "scenario_name"  # one panel per scenario: nothing overlaps
    text = str(spec)
    assert "yOffset" not in text
    layers = spec["spec"]["layer"]
    rule = layers[0]["encoding"]["x"]
    assert rule["datum"] == 2100 and rule["scale"]["zero"] is False  # the rule sits at 2100 on a year axis
    assert all(s >= 11 for s in map(int, re.findall(r"'(?:labelFontSize|fontSize)': (\d+)", text)))
    assert set(rows["scenario"]) == {"hardware", "algorithms", "both"} and rows["form"].nunique() >= 1


def test_rates_chart_ticks_do_not_merge(synthetic):
    chart, rows = plots.rates_chart(synthetic["wo"].rates, synthetic["names"])
    axis = chart.to_dict()["layer"][2]["encoding"]["x"]["axis"]
    values = axis["values"]
    width = chart.to_dict()["width"]
    span = math.log10(max(values)) - math.log10(min(values))
    gap_px = min(np.diff(np.log10(values))) / span * width
    assert gap_px >= 30  # "×20", "×50", "×100" need about 25 px at 12 px type
    assert rows["label"].is_unique  # the book's three Epoch rates no longer collapse into one row
    assert rows["label"].str.len().max() * 6.5 <= 290  # labels fit the label limit (no truncation)


def test_chapter_source_follows_the_rules():
    text = CHAPTER.read_text()
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, re.S)
    code_lines = sum(c.count("\n") for c in cells)
    assert len(cells) <= 15 and code_lines <= 0.25 * text.count("\n")
    assert not re.search(r"^def |^class ", "\n".join(cells), re.M)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    code = "\n".join(cells).lower()
    for literal in ("imagenet", "h100", "v100", "top1", "top5", "2025", "0.05"):  # ids, vintages, targets, years
        assert literal not in code, literal
    assert "imagenet" not in text and "h100" not in text.lower()
    assert "hover" not in text.lower()
    for section in re.split(r"\n## ", text)[1:]:
        assert len(re.findall(r"glue_all\(", section)) <= 1
    assert "uncertainty of the line" not in prose.replace("not the uncertainty of the line", "")


# --------------------------------------------------------------------------
# Forks (issue 16): another metric, another vintage, a small tidy file
# --------------------------------------------------------------------------


@pytest.mark.parametrize("metrics,vintage", [({"imagenet": "top5"}, None), ({}, "v100_2019")])
def test_forks_build_the_analysis(metrics, vintage, synthetic):
    configs = config.load_benchmarks(metrics=metrics)
    head = next(iter(configs))
    tables = load_all({head: configs[head]})
    prepared = {head: bm.prepare(tables, configs[head])}
    v = config.resolve_vintage(config.load_costs(), vintage)
    wo = ways_out.analyse(prepared, synthetic["growth"], v, config.literature(), head, 0.95)
    assert (wo.scenarios["hardware_vintage"] == v.id).all()
    assert (wo.scenarios["metric"] == configs[head].metric).all()
    assert wo.targets[head] and all(t < wo.mains[head].rows["error"].min() for t in wo.targets[head])


def test_a_small_tidy_file_without_named_models(tmp_path, synthetic):
    path = tidy_file(tmp_path / "mine.csv", n=12, seed=5, prefix="Mine")
    configs = config.load_benchmarks(data_files={"imagenet": str(path)})
    head = next(iter(configs))
    tables = load_all({head: configs[head]}, {head: str(path)})
    prepared = {head: bm.prepare(tables, configs[head])}
    wo = ways_out.analyse(prepared, synthetic["growth"], synthetic["vintage"], config.literature(), head, 0.95)
    assert wo.mains[head].polynomial.n == 12
    names = {head: configs[head].name}
    assert find.k_gap(wo, names).headline == configs[head].name
    assert len(ways_out.headline_rows(wo)) == 2 * 3 * 2 * len(wo.targets[head])


def test_charts_render_offline(synthetic):
    """Both charts compile to Vega with the offline renderer (vl-convert)."""
    charts.enable()
    for chart, _ in (plots.rates_chart(synthetic["wo"].rates, synthetic["names"]),
                     plots.years_chart(synthetic["wo"].scenarios, synthetic["names"], 2100)):
        assert vlc.vegalite_to_svg(chart.to_dict(), vl_version=charts.VL_VERSION).startswith("<svg")


# --------------------------------------------------------------------------
# What the chapter states: values by kind, and a sentence for every case
# --------------------------------------------------------------------------


def test_the_sections_glue_typed_values(synthetic):
    wo, names = synthetic["wo"], synthetic["names"]
    lit = config.literature()
    glued = dict(items(find.levers(lit), "lev"))
    assert glued["lev_tpu_speedup_low"] == "15" and glued["lev_efficientnet_smaller"] == "8.4"
    rates = find.rates(wo, names, lit)
    ok = {names[b]: r.estimable and r.log10_per_year > 0 for b, r in wo.algorithms.items()}
    assert rates.alg_estimable_names == tuple(n for n, v in ok.items() if v)
    assert rates.alg_not_estimable == tuple(n for n, v in ok.items() if not v)
    assert rates.alg_estimable_case == ("all" if all(ok.values()) else "some" if any(ok.values()) else "none")
    assert rates.n_alg == 2 and rates.n_alg_estimable == sum(ok.values())
    assert rates.spend_faster == (wo.decomposition.spending.log10_per_year > wo.decomposition.per_dollar.log10_per_year)
    g = dict(items(rates, "rate"))
    assert g["rate_cpd"] == show.rate_x(wo.decomposition.per_dollar.per_year)
    assert g.get("rate_alg_not_estimable") == join(rates.alg_not_estimable) and g["rate_hb_years"] == "7"
    assert ("rate_alg_estimable_names" in g) == bool(rates.alg_estimable_names)  # an empty list is not glued
    assert g["rate_alg_estimable"] is wo.algorithms[wo.headline].estimable  # the rate's own flag
    gap = find.k_gap(wo, names)
    assert gap.estimable and gap.not_estimable == ("Flat bench",) and gap.any_not_estimable
    assert dict(items(gap, "gap"))["gap_bound_factor"] == "10,000"
    flops = headlines.Headline("log10_flops", "alpha", "top1", 0.05, "all", "polynomial", "", 24.0, 23.0, 26.0,
                               "log10 FLOP", "calibration interval (x)", 0.9, True, "future_costs", "l")
    usd = headlines.Headline("log10_usd", "alpha", "top1", 0.05, "all", "polynomial", "hardware v", 6.0, 5.0, 8.0,
                             "log10 USD", "calibration interval (x)", 0.9, True, "future_costs", "l")
    buys = find.buys(wo, names, ways_out.QuotedCost(flops, usd, 24.1, 23.0, 26.0, 6.1), "H100", 2100)
    counted, left_out = find.counted_targets(wo.scenarios)
    assert counted[counted["scenario"] != "algorithms"]["estimable"].all() and buys.n_not_estimable == len(left_out)
    assert buys.n_targets == int((counted["scenario"] == "hardware").sum())
    assert buys.n_fit == buys.n_targets - buys.n_both_far
    b = dict(items(buys, "buy"))
    assert b["buy_budget"] == "$100 million" and b["buy_vintage"] == "H100" and b["buy_horizon"] == "2100"
    assert b["buy_quoted_flops_with_interval"] == "10²⁴·⁰ FLOP (90% calibration interval 10²³·⁰–10²⁶·⁰ FLOP)"
    first = wo.scenarios[(wo.scenarios["benchmark"] == "alpha") & (wo.scenarios["form"] == wo.form)
                         & (wo.scenarios["scenario"] == "both")].iloc[0]
    assert b["buy_first_both"] == (N.year(first["affordable_year"]) if first["estimable"] else N.NOT_ESTIMABLE)


def _variants(key: str) -> set[str]:
    return set(re.findall(rf'^:*\{{if\}} {key} == "([^"]+)"', re.sub(r"(?m)^ +", "", CHAPTER.read_text()), re.M))


@pytest.mark.parametrize("key,values", [
    ("rate_cpd_vs_hob", {"above", "below", "consistent"}),
    ("rate_published_check", {"both", "one", "neither", "not_comparable"}),
    ("rate_alg_estimable_case", {"all", "some", "none"}),
    ("rate_spend_case", {"most", "less", "undecided"}),
    ("rate_alg_vs_hw", {"larger", "smaller", "undecided"}),
    ("end_spend_case", {"most", "less", "undecided"}),
    ("end_alg_vs_hw", {"larger", "smaller", "undecided"}),
    ("rate_alg_case", {"tenfold", "rate_only", "none"}),
])
def test_the_chapter_writes_a_sentence_for_every_case(key, values):
    assert _variants(key) == values


# --------------------------------------------------------------------------
# Issue 25, correction 10: sentences no stronger than their intervals
# --------------------------------------------------------------------------


def test_spending_s_share_has_a_bootstrap_interval_and_most_follows_it(synthetic):
    """"Spending supplied 62%" had no interval, and "most of the growth was bought" was said whatever the share.
    The share now has a seeded BCa bootstrap interval over the runs; "most" needs all of it above one half."""
    growth = synthetic["growth"]
    dec = ways_out.decomposition(growth, n_boot=1000, seed=5)
    assert dec.share_spending_lo < dec.share_spending < dec.share_spending_hi and dec.n_boot == 1000
    again = ways_out.decomposition(growth, n_boot=1000, seed=5)
    assert (again.share_spending_lo, again.share_spending_hi) == (dec.share_spending_lo, dec.share_spending_hi)
    spend, cpd, case = find.spending_shares(dec)
    assert cpd.lo == pytest.approx(1 - spend.hi) and cpd.hi == pytest.approx(1 - spend.lo)
    assert case == ("most" if spend.lo > 0.5 else "less" if spend.hi < 0.5 else "undecided")
    point_only = ways_out.decomposition(growth)  # no resamples: no interval, so no "most"
    assert find.spending_shares(point_only)[2] == "undecided"
    runs = growth.runs
    half = runs.assign(cost=runs["cost"] ** 0.5 * 1e2)  # spending grows half as fast: its share falls
    assert ways_out.decomposition(dataclasses.replace(growth, runs=half), n_boot=200, seed=1).share_spending_hi < \
        dec.share_spending_hi


def test_the_larger_lever_is_named_only_when_the_intervals_do_not_overlap():
    from compute_limits.analysis.levers import Rate

    def rate(v, lo, hi, lever="algorithms"):
        return Rate(key="k", lever=lever, origin="this book", source="s", log10_per_year=v, lo=lo, hi=hi)

    hw = rate(0.15, 0.11, 0.20, "hardware")
    assert find.lever_comparison(rate(0.31, 0.22, 0.42), hw) == "larger"
    assert find.lever_comparison(rate(0.31, 0.18, 0.42), hw) == "undecided"  # the point is larger, the data not
    assert find.lever_comparison(rate(0.05, 0.01, 0.08), hw) == "smaller"
    assert find.lever_comparison(rate(0.31, -0.1, 0.9), hw) == "undecided"  # not estimable


def test_the_conclusion_claims_only_what_its_numbers_carry():
    source = CHAPTER.read_text()
    assert "most of the growth was bought" not in source.replace("Most of the growth was bought.", "")
    assert re.search(r'end_spend_case == "most"\n\s*Most of the growth was bought', source)
    assert re.search(r"\{if\} end_any_gap_above\n[^\n]*far from the best the argument allows", source)
    assert "variance of log₁₀(1/error)" in source and "of the variance and" not in source
    for page in ("intro.md", "ways_out.md", "history.md", "theory.md", "out_of_sample.md"):
        assert "variance in error" not in (CHAPTER.parent / page).read_text(), page
