"""The out-of-sample test of the 2020 fits: no leak, intervals, slope and form tests, growth, what the chapter
states (values, flags and the variants the chapter writes for them), tables and charts."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats as sps

from compute_limits.analysis import benchmarks as bm
from compute_limits.analysis import frontier_growth as G
from compute_limits.analysis import headlines as hl
from compute_limits.analysis import out_of_sample as O
from compute_limits.analysis import out_of_sample_findings as F
from compute_limits.analysis import out_of_sample_results as R
from compute_limits.config import BenchmarkConfig, Metric, literature
from compute_limits.quantities import Month, PValue
from compute_limits.report import numbers as N
from compute_limits.report import out_of_sample_charts as C
from compute_limits.report import ledger_text
from compute_limits.report import out_of_sample_tables as T
from compute_limits.report.glue import items
from compute_limits.stats.regression import fit_ols

CUT = O.CUTOFF
CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "out_of_sample.md"


def config(bid: str = "bench", compute: str = "consolidated_hardware_burden", targets=(0.05, 0.03)) -> BenchmarkConfig:
    return BenchmarkConfig(id=bid, name=bid.title(), task="t", data=bid, compute=compute, metric="top1",
                           metric_label="top-1", targets=tuple(targets),
                           metrics={"top1": Metric(label="top-1", targets=tuple(targets))}, source="synthetic",
                           default_metric="top1")


def table(bid: str, dates, log10_c, rng, *, b: float = 0.08, a: float = -1.0, noise: float = 0.03, shift=0.0,
          both=(), net_offset: float = 1.0) -> pd.DataFrame:
    """Models on ``log10(1/error) = a + b·log10(C) + noise`` (``shift`` moves log10(1/error) up).

    Every model has network operations = C / 10**net_offset; ``both`` lists the models whose hardware
    burden is known (the others must be converted)."""
    dates = np.asarray(dates, dtype=float)
    x = rng.permutation(np.asarray(log10_c, dtype=float))  # compute not collinear with date
    y = a + b * x + rng.normal(0, noise, len(x)) + np.broadcast_to(shift, x.shape)
    names = [f"{bid}{i}" for i in range(len(x))]
    hw = np.where(np.isin(np.arange(len(x)), list(both)), 10.0 ** x, np.nan)
    return pd.DataFrame({"model": names, "label": names, "date": dates, "year": np.floor(dates), "benchmark": bid,
                         "error": 10.0 ** -y, "score": 100 * (1 - 10.0 ** -y), "hardware_burden": hw,
                         "network_operations": 10.0 ** (x - net_offset)})


def synthetic(n, rng, a=-1.0, b=0.08, noise=0.05, shift=0.0, lo=17.0, hi=23.0, date=2019.0):
    x = rng.uniform(lo, hi, n)
    y = a + b * x + rng.normal(0, noise, n) + shift
    names = [f"m{i}" for i in range(n)]
    return pd.DataFrame({"model": names, "label": names, "year": math.floor(date), "date": date,
                         "error": 10.0 ** -y, "score": 100 * (1 - 10.0 ** -y), "compute": 10.0 ** x})


# ---------------------------------------------------------------- 11.1: the test does not leak


def leaky_world(rng):
    """Before July 2020 hardware burden = 10 × network operations; the later models with both measures
    follow 1,000 ×, so a conversion fitted on all models changes the 2020 fit's imputed compute."""
    before = table("bench", np.linspace(2013, 2020.3, 30), np.linspace(17, 22, 30), rng, both=range(0, 30, 3))
    after = table("bench", np.linspace(2020.6, 2022.5, 20), np.linspace(19, 24, 20), rng, both=range(0, 20, 2),
                  net_offset=3.0)
    after["model"] = after["label"] = [f"late{i}" for i in range(20)]
    return {"bench": pd.concat([before, after], ignore_index=True)}


def test_the_2020_fit_uses_only_models_dated_before_july_2020():
    tables = leaky_world(np.random.default_rng(1))
    t = O.benchmark_test(tables, config(), level=0.95)
    assert isinstance(t, O.BenchmarkTest)
    # the conversion behind the 2020 fit saw nothing dated July 2020 or later
    assert t.conversion.latest < CUT and t.conversion.n == 10 and (t.conversion.data["date"] < CUT).all()
    assert t.conversion.slope == pytest.approx(1.0, abs=1e-9) and t.conversion.intercept == pytest.approx(1.0, abs=1e-6)
    # so every converted compute of the 2020 fit is 10 × its network operations (the old, leaky fit differs)
    conv = t.fits.rows[t.fits.rows["consolidated_source"] == "converted"]
    assert len(conv) == t.n_converted_v1 == 20
    assert np.allclose(conv["consolidated_hardware_burden"], 10 * conv["network_operations"])
    leaky = bm.prepare(tables, config())  # the old set-up: one conversion on all models
    assert leaky.conversion.latest >= CUT
    old = leaky.data.set_index("model").loc[conv["model"], "consolidated_hardware_burden"]
    assert not np.allclose(old.to_numpy(), conv["consolidated_hardware_burden"].to_numpy())
    # the later models are imputed with the all-model conversion, and the leaky variant is reported beside
    assert t.later_conversion.n == 20 and t.later_conversion.latest >= CUT
    assert [v.variant for v in t.variants] == ["leaky", "main", "strict_2020", "measured"]
    result = R.result_table(O.evaluate(tables, {"bench": config()}))
    assert list(result.columns) == R.RESULT_COLUMNS
    row = result.iloc[0]
    assert row["conversion_n"] == 10 and row["conversion_latest"] < CUT and row["conversion_source"] == "own"
    assert row["metric"] == "top1" and row["level"] == 0.95


def test_a_benchmark_with_too_few_own_models_borrows_the_pre_cutoff_pool():
    rng = np.random.default_rng(2)
    tables = leaky_world(rng)
    other = table("other", np.linspace(2014, 2022, 24), np.linspace(18, 23, 24), rng, both=[])  # no model has both
    tables["other"] = other
    t = O.benchmark_test(tables, config("other"))
    assert t.conversion.source == "pooled" and set(t.conversion.data["benchmark"]) == {"bench"}
    assert t.conversion.latest < CUT


# ---------------------------------------------------------------- scoring, coverage, efficiency


def test_later_models_on_the_same_line_are_covered_at_the_nominal_rate():
    rng = np.random.default_rng(20200713)
    cover, resid, inside_ci = [], [], []
    for _ in range(150):
        fit = fit_ols(synthetic(15, rng), "polynomial", "compute")
        s = O.score(fit, synthetic(60, rng, lo=20.0, hi=25.0, date=2021.0), level=0.9)
        assert s.n_train == 15 and s.n_test == 60 and s.models["inside"].mean() == s.interval_coverage
        cover.append(s.interval_coverage)
        resid.append(s.mean_residual)
        inside_ci.append(s.mean_residual_lo <= 0 <= s.mean_residual_hi)
    assert np.mean(cover) == pytest.approx(0.9, abs=0.02)
    assert np.mean(resid) == pytest.approx(0.0, abs=0.005)
    assert np.mean(inside_ci) == pytest.approx(0.9, abs=0.06)  # the mean residual's interval is calibrated


def test_prediction_interval_and_residuals_match_statsmodels():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    fit = fit_ols(synthetic(30, rng), "polynomial", "compute")
    later = synthetic(6, rng, lo=22, hi=24, date=2021.5)
    s = O.score(fit, later, level=0.9)
    x = np.log10(later["compute"].to_numpy())
    frame = sm.OLS(fit.y, sm.add_constant(fit.log10_c)).fit().get_prediction(sm.add_constant(x)).summary_frame(alpha=0.1)
    y = np.log10(1 / later["error"].to_numpy())
    assert np.allclose(s.models["predicted_error"], 10 ** -frame["mean"])
    assert list(s.models["inside"]) == list((y >= frame["obs_ci_lower"]) & (y <= frame["obs_ci_upper"]))
    assert np.allclose(s.models["residual"], frame["mean"] - y)  # log10(error) observed − predicted
    assert s.interval_coverage_lo <= s.interval_coverage <= s.interval_coverage_hi


@pytest.mark.parametrize("shift", [0.1, -0.05])  # later models better (shift up in log10(1/error)) and worse
def test_a_known_shift_and_its_compute_factor_are_recovered(shift):
    rng = np.random.default_rng(7)
    fit = fit_ols(synthetic(200, rng), "polynomial", "compute")
    s = O.score(fit, synthetic(3000, rng, shift=shift, lo=20, hi=25, date=2021), level=0.95)
    assert s.mean_residual == pytest.approx(-shift, abs=0.01)
    eff = O.efficiency(fit, s)
    assert math.log10(eff.factor) == pytest.approx(shift / fit.slope, rel=0.1)
    assert eff.estimable and eff.lo < 10 ** (shift / 0.08) < eff.hi


def test_an_efficiency_factor_on_a_flat_fit_is_not_estimable():
    rng = np.random.default_rng(8)
    fit = fit_ols(synthetic(8, rng, b=0.0, noise=0.3), "polynomial", "compute")
    s = O.score(fit, synthetic(6, rng, b=0.0, noise=0.3, date=2021), level=0.95)
    eff = O.efficiency(fit, s)
    assert not eff.estimable
    glued = dict(items(F.Imputation(compared=True, efficiency_after=F.efficiency_estimate(eff)), "x"))
    assert glued["x_efficiency_after_with_interval"] == N.NOT_ESTIMABLE and not glued["x_efficiency_after_estimable"]


# ---------------------------------------------------------------- 11.7: the interaction test


def _slope_case(rng, b_later):
    fit = fit_ols(synthetic(40, rng), "polynomial", "compute")
    later = synthetic(40, rng, b=b_later, a=-1.0 + (0.08 - b_later) * 20, lo=18, hi=22, date=2021)
    return fit, later


def test_slope_change_is_the_interaction_of_one_fit():
    rng = np.random.default_rng(11)
    fit, later = _slope_case(rng, 0.08)
    ch = O.slope_change(fit, later, level=0.95)
    assert ch.slope_v1 == pytest.approx(fit.slope)  # the pre slope is the 2020 fit's
    df = pd.DataFrame({"y": np.r_[fit.y, np.log10(1 / later["error"])],
                       "x": np.r_[fit.log10_c, np.log10(later["compute"])], "post": [0] * 40 + [1] * 40})
    ref = smf.ols("y ~ x * post", df).fit()
    assert ch.change == pytest.approx(ref.params["x:post"]) and ch.change_se == pytest.approx(ref.bse["x:post"])
    assert ch.change_p == pytest.approx(ref.pvalues["x:post"]) and not ch.significant
    steeper = O.slope_change(*_slope_case(np.random.default_rng(12), 0.2))
    assert steeper.significant and steeper.change == pytest.approx(0.12, abs=0.03) and steeper.k_later < 6


# ---------------------------------------------------------------- 11.8: the two forms


def test_form_comparison_uses_a_paired_test_and_reports_coverage():
    rng = np.random.default_rng(13)
    train, later = synthetic(40, rng), synthetic(30, rng, lo=20, hi=24, date=2021)
    poly, expo = fit_ols(train, "polynomial", "compute"), fit_ols(train, "exponential", "compute")
    sp, se = O.score(poly, later), O.score(expo, later)
    f = O.form_comparison({"polynomial": poly, "exponential": expo}, {"polynomial": sp, "exponential": se}, level=0.95)
    d = sp.models["residual"].to_numpy() ** 2 - se.models["residual"].to_numpy() ** 2
    assert f.msd_p == pytest.approx(sps.ttest_1samp(d, 0).pvalue) and f.n_paired == 30
    assert f.coverage == {"polynomial": sp.interval_coverage, "exponential": se.interval_coverage}
    assert f.verdict_out_of_sample == ("neither" if f.msd_p >= 0.05 else ("polynomial" if d.mean() < 0 else "exponential"))
    assert f.verdict_in_sample in ("polynomial", "exponential", "neither")


# ---------------------------------------------------------------- any valid input builds


def tidy_tables(rng, dates):
    df = table("tidy", dates, np.linspace(17, 23, len(dates)), rng, both=range(len(dates)))
    return {"tidy": df.assign(network_operations=np.nan)}


@pytest.mark.parametrize("dates,reason", [(np.linspace(2020.6, 2023, 12), "no_v1"),
                                          (np.linspace(2012, 2020.2, 12), "few_later")])
def test_a_file_with_nothing_on_one_side_is_skipped_and_the_chapter_says_so(dates, reason):
    tables = tidy_tables(np.random.default_rng(4), dates)
    cfgs = {"tidy": config("tidy", compute="hardware_burden")}
    ev = O.evaluate(tables, cfgs)
    assert ev.tests == {} and list(ev.skipped["reason"]) == [reason]
    head = O.headline_test(ev, "tidy")
    assert head is None
    setup = F.setup(ev, head, {"tidy": "Tidy"})
    assert not setup.any_tested and not setup.converts and setup.n_tested == 0
    assert (setup.any_few_later, setup.any_no_v1) == (reason == "few_later", reason == "no_v1")
    assert dict(items(setup, "x"))[f"x_{reason}"] == "Tidy"
    sections = (F.later(ev, head, "Tidy"), F.imputation(head), F.slope(ev, head), F.forms(ev, head))
    assert not any(getattr(obj, "tested", getattr(obj, "compared", None)) for obj in sections)
    for obj in sections:  # nothing missing is glued (the chapter then prints the "not tested" variant)
        assert all(v is not None and "nan" not in str(v).lower() for _, v in items(obj, "x"))
    assert R.result_table(ev).empty and list(R.models_table(ev).columns) == O.MODEL_COLUMNS
    # the results keep their columns (a file without a header could not be read back by the next chapter)
    assert list(R.result_table(ev).columns) == R.RESULT_COLUMNS
    assert list(R.variants_table(ev).columns) == R.VARIANT_COLUMNS
    assert C.fit_rows(ev, {"tidy": "Tidy"}, 0.95).empty


def test_the_headline_falls_back_to_the_first_tested_benchmark():
    rng = np.random.default_rng(5)
    tables = leaky_world(rng) | tidy_tables(rng, np.linspace(2020.6, 2023, 12))
    cfgs = {"tidy": config("tidy", compute="hardware_burden"), "bench": config()}
    ev = O.evaluate(tables, cfgs)
    head = O.headline_test(ev, "tidy")
    assert head.config.id == "bench"
    later = F.later(ev, head, "Tidy")
    assert later.substitute and (later.headline_name, later.name) == ("Tidy", "Bench")


# ---------------------------------------------------------------- the compute side


def growth_systems(rng):
    years = np.sort(rng.uniform(2010, 2025, 400))
    log10 = 15 + 1.0 * (years - 2010) - 0.7 * np.clip(years - 2020.5, 0, None) + rng.normal(0, 1.0, len(years))
    return pd.DataFrame({"model": [f"s{i}" for i in range(len(years))], "year": years,
                         "date": pd.to_datetime("2010-01-01") + pd.to_timedelta((years - 2010) * 365.25, unit="D"),
                         "compute": 10.0 ** log10})


def test_growth_windows_detect_a_slowdown_and_label_what_cannot_be_estimated():
    systems = growth_systems(np.random.default_rng(6))
    fr = G.growth_windows(systems, "frontier", 10, (2012.0, 2020.0), 2020.5, level=0.9)
    assert fr.pre.level == 0.9 and fr.change < 0 and fr.significant
    assert fr.change == pytest.approx(np.log10(fr.post.growth_per_year) - np.log10(fr.pre.growth_per_year), abs=0.15)
    few = G.growth_windows(systems, "records", 1, (2012.0, 2020.0), 2024.9, level=0.9)
    assert few.post is None and not few.significant and not G.growth_estimate(few.post, 0.9).estimable
    assert G.change_case(few) == "none" and G.change_case(fr) == "down"
    flat = dataclasses.replace(fr.post, slope_lo=-0.1, slope_hi=0.5)
    assert not G.growth_estimate(flat, 0.9).estimable
    out = G.table([fr, few])
    assert set(out["window"]) == {"pre", "post"} and (out["level"] == 0.9).all()
    p = G.findings(few, fr, systems, literature())
    # the record-setters (top 1) are a running maximum: nothing about them is "decided" by their intervals
    assert not p.records_has_post and p.records_running_max and not p.undecided_records_rate and not p.decided_all
    three = G.findings(G.growth_windows(systems, "records", 3, (2012.0, 2020.0), 2024.9, level=0.9), fr, systems,
                       literature())
    assert not three.records_running_max and three.undecided_records_rate
    glued = dict(items(p, "g"))
    assert glued["g_paper_growth"] == "10× a year" and (glued["g_pre_start"], glued["g_pre_last"]) == ("2012", "2019")
    assert glued["g_post_start"] == "November 2024" and glued["g_records_post_with_interval"] == N.NOT_ESTIMABLE
    assert "g_records_post_lo" not in glued  # no later trend: its interval is not cited
    top = systems.loc[systems["compute"].idxmax()]
    assert glued["g_largest_model"] == top["model"] and glued["g_largest_compute"] == N.number(top["compute"], 2)
    assert p.overshoot_above == (p.overshoot > 0 and fr.pre.predict_log10(systems["year"].max()) > np.log10(top["compute"]))


# ---------------------------------------------------------------- headlines: written and quoted


def test_headline_rows_and_the_quoted_requirement():
    ev = O.evaluate(leaky_world(np.random.default_rng(9)), {"bench": config()}, level=0.9)
    rows = hl.table(R.headline_rows(ev, [], {}))
    assert set(rows["quantity"]) == {"oos_interval_coverage", "oos_efficiency_factor", "oos_slope_change"}
    assert (rows["level"] == 0.9).all() and (rows["chapter"] == "out_of_sample").all()
    frame = pd.DataFrame([
        dict(quantity="log10_flops", benchmark="bench", metric="top1", target_error=t, model_set=s, form=f, value=v,
             lo=v - 1, hi=v + 2, unit="log10 FLOP", interval="prediction interval", level=0.9, estimable=True,
             chapter="future_costs", label="fc-sec", scenario="", preferred=f == "exponential")
        for t, s, f, v in [(0.05, "v1", "polynomial", 28.0), (0.05, "v1", "exponential", 27.0),
                           (0.03, "v1", "exponential", 30.0), (0.05, "all", "exponential", 26.0)]])
    q = R.quote_requirement(frame, "log10_flops", config(), best=0.1)
    assert (q.model_set, q.form, q.target_error, q.value) == ("v1", "exponential", 0.05, 27.0)
    q2 = R.quote_requirement(frame, "log10_flops", config(targets=(0.03,)), best=0.1)
    assert q2.target_error == 0.03
    assert R.quote_requirement(frame, "affordable_year", config(), best=0.1) is None
    reach = R.reach("Bench", q, None, {"v1": {"model": "a", "error": 0.1}, "later": {"model": "b", "error": 0.09}})
    assert reach.quoted and reach.has_best and reach.year_case == "none" and reach.agreement == ""
    glued = dict(items(reach, "r"))
    assert glued["r_compute_with_interval"] == "10²⁷·⁰ FLOP (90% prediction interval 10²⁶·⁰–10²⁹·⁰ FLOP)"
    assert (glued["r_model_set"], glued["r_form"], glued["r_target"]) == ("v1", "exponential", "5%")
    assert (glued["r_best_later_error"], glued["r_best_v1_error"]) == ("9%", "10%")
    assert not R.reach("Bench", None, None, {"v1": {"model": "", "error": math.nan},
                                              "later": {"model": "b", "error": 0.09}}).has_best


# ---------------------------------------------------------------- prose and charts


def test_numbers_are_typeset_and_no_e_notation_reaches_a_page():
    ev = O.evaluate(leaky_world(np.random.default_rng(10)), {"bench": config()})
    head = O.headline_test(ev, "bench")
    for obj in (F.setup(ev, head, {"bench": "Bench"}), F.later(ev, head, "Bench"), F.imputation(head),
                F.slope(ev, head), F.forms(ev, head)):
        for key, value in items(obj, "x"):
            text = str(getattr(value, "data", value))
            assert "e+" not in text and "e-" not in text and "nan" not in text.lower(), key
    for df in (T.results_display(ev, {"bench": "Bench"}), T.variants_display(ev, {"bench": "Bench"}),
               T.slope_display(ev, {"bench": "Bench"}), T.forms_display(ev, {"bench": "Bench"})):
        assert not df.empty and not df.astype(str).apply(lambda c: c.str.contains(r"\de[+-]")).any().any()
    residual = N.estimate_parts(F.residual_estimate(-0.073, -0.11, -0.04, 0.95), "coef")["with_interval"]
    assert residual == "−0.073 (95% confidence interval −0.11 to −0.040)"
    assert N.month_year(2019.208333) == "March 2019" and C.window_label(2020.5) == "July 2020 on"
    assert C.window_label(2012.0, 2020.0) == f"2012{N.DASH}2019" and C.window_label(2021.0) == "2021 on"


def test_the_time_axis_has_distinct_year_ticks():
    """The old residual chart printed '2021 2021 2021 2022 …': ticks must be distinct whole years."""
    ev = O.evaluate(leaky_world(np.random.default_rng(12)), {"bench": config()})
    rows = C.residual_rows(ev, {"bench": "Bench"})
    spec = C.residual_chart(rows, ["Bench"], 0.95).to_dict()
    axis = spec["layer"][1]["encoding"]["x"]["axis"]
    assert axis["values"] == sorted(set(axis["values"])) and all(isinstance(v, int) for v in axis["values"])
    assert spec["layer"][1]["encoding"]["y"]["scale"]["padding"] > 0  # the extreme residuals clear the frame
    fit = C.fit_chart(C.fit_rows(ev, {"bench": "Bench"}, 0.95), ["Bench"], 0.95).to_dict()
    assert fit["facet"]["field"] == "benchmark" and len(fit["spec"]["layer"]) == 3
    systems = growth_systems(np.random.default_rng(1))
    ws = [G.growth_windows(systems, p, k, (2012.0, 2020.0), 2020.5) for p, k in (("records", 1), ("frontier", 10))]
    labels = G.population_labels(1, 10)
    assert labels == {"records": "record-setters", "frontier": "top 10 at release"}
    segs = C.segment_labels("July 2020 on")
    assert not any(ch.isdigit() for ch in segs[0] + segs[1])  # the populations' windows differ: the table names them
    grows = C.growth_rows(G.points(systems, 10, 1, 2012.0), ws, labels, 2025.0, segs)
    gspec = C.growth_chart(grows, labels, segs).to_dict()
    assert gspec["layer"][0]["encoding"]["x"]["axis"]["values"] == list(range(2012, 2026, 2))
    assert "e+" not in " ".join(grows["segment"])


def test_log_axis_labels_repeat_digits_correctly():
    """Vega's replace() with a string pattern replaces only the first match: 10²² printed as 10²2."""
    import re

    import vl_convert as vlc

    from compute_limits.report.charts import VL_VERSION, log_axis

    spec = {"data": {"values": [{"x": v, "y": 1} for v in (1e10, 1e11, 1e22, 1e23)]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative", "scale": {"type": "log"},
                               "axis": log_axis().to_dict()}, "y": {"field": "y", "type": "quantitative"}}}
    labels = set(re.findall(r">(10[^<]*)<", vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)))
    assert {"10¹⁰", "10¹¹", "10²²"} <= labels and not any(re.search(r"\d$", t[2:]) for t in labels)


def test_a_negative_mean_residual_is_called_clear_only_when_its_interval_excludes_zero():
    """The residual figure's caption counted every negative mean as "better than the 2020 line"; a mean
    of −0.001 whose interval spans zero is not evidence of that."""
    rng = np.random.default_rng(11)

    def world(bid, shift, noise):
        before = table(bid, np.linspace(2013, 2020.3, 30), np.linspace(17, 22, 30), rng, noise=noise,
                       both=range(30))
        after = table(bid, np.linspace(2020.6, 2022.5, 15), np.linspace(19, 23, 15), rng, noise=noise, shift=shift,
                      both=range(15))
        after["model"] = after["label"] = [f"{bid}late{i}" for i in range(15)]
        return pd.concat([before, after], ignore_index=True)

    tables = {"clear": world("clear", 0.2, 0.03), "flat": world("flat", 0.0, 0.2)}
    ev = O.evaluate(tables, {b: config(b, compute="hardware_burden") for b in tables})
    later = F.later(ev, O.headline_test(ev, "clear"), "Clear")
    clear = sum(t.paper.mean_residual_hi < 0 for t in ev.tests.values())
    assert clear == 1 and later.n_below_trend_clear == 1
    assert later.n_below_trend >= 1
    assert later.error_vs_prediction == "lower" and later.mean_residual.hi < 0


def test_the_models_outside_the_prediction_interval_are_counted_in_plain_words():
    """The page said "5 of the 5 models outside it lie below it": each case has its own sentence."""
    assert [F.outside_case(n, k) for n, k in [(0, 0), (1, 1), (1, 0), (5, 5), (5, 0), (5, 3)]] == [
        "none", "one_below", "one_above", "all_below", "all_above", "some_below"]


# ---------------------------------------------------------------- every variant the analysis can pick is written


def _variants(key: str) -> set[str]:
    """The values ``key`` is compared with in the chapter's ``{if}`` blocks."""
    return set(re.findall(rf'^:*\{{if\}} {key} == "([^"]+)"', re.sub(r"(?m)^ +", "", CHAPTER.read_text()), re.M))


@pytest.mark.parametrize("key,values", [
    ("oos_later_outside", {"none", "one_below", "one_above", "all_below", "all_above", "some_below"}),
    ("oos_later_error_vs_prediction", {"lower", "higher", "same"}),
    ("oos_later_coverage_vs_nominal", {"consistent", "below", "above"}),
    ("oos_forms_nominal_polynomial", {"consistent", "below", "above"}),
    ("oos_forms_nominal_exponential", {"consistent", "below", "above"}),
    ("oos_forms_overall", {"wins", "too_narrow", "too_wide", "undecided", "one_nominal", "some_nominal", "none_nominal"}),
    ("oos_growth_frontier_vs_paper", {"inside", "above", "below", "unknown"}),
    ("oos_later_level_case", {"below", "above", "on"}),
    ("oos_growth_frontier_change_case", {"down", "up", "same", "none"}),
    ("oos_reach_year_case", {"span", "point", "not_estimable"}),
    ("oos_reach_agreement", {"same", "differs"}),
])
def test_the_chapter_writes_a_sentence_for_every_case(key, values):
    assert _variants(key) == values


def test_the_cases_are_the_ones_the_analysis_returns():
    """The tokens of :func:`F.overall` and :func:`F.coverage_vs_nominal` on every combination."""
    from types import SimpleNamespace as NS

    def scored(lo, hi):
        return NS(interval_coverage_lo=lo, interval_coverage_hi=hi, level=0.95)

    good, low = scored(0.8, 0.99), scored(0.6, 0.9)
    assert [F.coverage_vs_nominal(s) for s in (good, low, scored(0.96, 1.0), scored(math.nan, math.nan))] == [
        "consistent", "below", "above", "unknown"]
    cases = {}
    for better in ("polynomial", "exponential", "neither"):
        for p, e in ((good, good), (good, low), (low, good), (low, low)):
            t = NS(scored={"polynomial": p, "exponential": e}, forms=NS(verdict_out_of_sample=better))
            cases[(better, p is good, e is good)] = F.overall(t)
    assert cases[("exponential", True, False)] == ("too_narrow", "exponential")
    assert cases[("polynomial", True, False)] == ("wins", "polynomial")
    assert cases[("neither", True, True)] == ("undecided", "")
    assert cases[("neither", False, True)] == ("one_nominal", "exponential")
    assert cases[("neither", False, False)] == ("none_nominal", "")
    # three forms: "only X's interval holds" was said when two of them held
    t = NS(scored={"polynomial": good, "exponential": good, "logistic": low}, forms=NS(verdict_out_of_sample="neither"))
    assert F.overall(t) == ("some_nominal", "polynomial and exponential")
    t = NS(scored={"polynomial": low, "exponential": good, "logistic": low}, forms=NS(verdict_out_of_sample="neither"))
    assert F.overall(t) == ("one_nominal", "exponential")


# ---------------------------------------------------------------- kinds this chapter added, and lists of names


def test_a_month_a_p_value_and_a_list_of_names_are_set_by_kind():
    @dataclass
    class Section:
        newest: Month
        p: PValue
        tiny: PValue
        names: tuple[str, ...]
        none: tuple[str, ...]

    glued = dict(items(Section(2025.375, 0.0077, 0.0002, ("ImageNet", "MS COCO", "<b>x</b>"), ()), "s"))
    assert glued == {"s_newest": "May 2025", "s_p": "0.0077", "s_tiny": "below 0.001",
                     "s_names": "ImageNet, MS COCO and <b>x</b>"}  # names stay plain text; an empty list is not glued
    assert N.show(2020.5, "month") == "July 2020" and N.show(2020.99, "month") == "December 2020"


# ---------------------------------------------------------------- issue 25, correction 8: what the coverage says


@pytest.fixture(scope="module")
def imagenet_test():
    from compute_limits.config import load_benchmarks
    from compute_limits.data.benchmarks import load_all

    configs = load_benchmarks()
    ev = O.evaluate(load_all(configs, {}), configs, 0.95, 5)
    return ev, ev.tests["imagenet"]


def test_the_misses_below_the_band_get_a_one_sided_test(imagenet_test):
    """Correction 8: all 5 of the 62 later ImageNet models outside the band lie below it, where 1.55 are
    expected; P(≥ 5) ≈ 0.02 under the nominal level (scipy's binomial test).  Before, no test was made."""
    ev, t = imagenet_test
    p = t.paper
    assert (p.n_test, p.n_outside, p.n_outside_below, p.n_outside_above) == (62, 5, 5, 0)
    assert p.expected_below == pytest.approx(62 * 0.025)
    assert p.p_below == pytest.approx(sps.binom.sf(4, 62, 0.025)) and 0.015 < p.p_below < 0.025
    later = F.later(ev, t, "ImageNet", R.tests_table(ev, []))
    assert later.below_excess and not later.below_holm  # significant alone, not after the adjustment
    glued = dict(items(later, "l"))
    assert glued["l_expected_below"] == "1.55" and glued["l_p_below"] == "0.019"


def test_the_2020_band_carries_the_conversion_uncertainty(imagenet_test):
    """Correction 8: the 2020 conversion, fitted on 4 models, imputes 20 of the 40 models of the 2020 fit; the
    band, the mean residual's interval and the compute factor now carry its uncertainty (delta method)."""
    ev, t = imagenet_test
    assert t.conversion.n == 4 and t.n_converted_v1 == 20
    extra = t.conversion_cov["polynomial"]
    assert np.all(np.linalg.eigvalsh(extra) >= 0) and extra[1, 1] > 0
    fit = t.fits.polynomial
    plain = O.score(fit, t.later, 0.95)  # the old band: the fit's own covariance only
    p = t.paper
    assert p.band_widening > 0 and plain.band_widening == 0
    assert p.mean_residual_hi - p.mean_residual_lo > plain.mean_residual_hi - plain.mean_residual_lo
    assert t.efficiency.hi > O.efficiency(fit, plain, 0.95).hi
    assert p.coverage_fit_only == plain.interval_coverage  # the same models, the band without the conversion
    x = np.log10(t.later[fit.compute].to_numpy(float))
    wide = O.prediction_band(fit, x, 0.95, extra)
    narrow = O.prediction_band(fit, x, 0.95)
    assert (wide["response_hi"] - wide["response_lo"] > narrow["response_hi"] - narrow["response_lo"]).all()


def test_the_chapter_counts_its_tests_and_adjusts_for_them(imagenet_test):
    ev, _ = imagenet_test
    rng = np.random.default_rng(6)
    systems = growth_systems(rng)
    ws = [G.growth_windows(systems, "records", 1, (2012.0, 2020.0), 2020.5),
          G.growth_windows(systems, "frontier", 10, (2012.0, 2020.0), 2020.5)]
    tests = R.tests_table(ev, ws)
    assert list(tests.columns) == R.TEST_COLUMNS
    assert len(tests) == len(R.BENCHMARK_TESTS) * len(ev.tests) + 2
    records = tests[tests["population"] == "records"].iloc[0]
    assert not records["valid"] and np.isnan(records["p_holm"])  # a running maximum has no valid p-value
    valid = tests[tests["valid"]]
    assert (valid["p_holm"] >= valid["p_value"] - 1e-12).all()
    m = F.multiplicity(tests, len(R.BENCHMARK_TESTS), len(ev.tests), 0.95)
    assert (m.n_tests, m.n_valid, m.n_invalid) == (len(tests), len(valid), 1)
    assert m.expected_false == pytest.approx(0.05 * m.n_valid) and m.n_holm <= m.n_significant
    shown = T.tests_display(tests, {"imagenet": "ImageNet"}, G.population_labels(1, 10))
    assert "not valid" in set(shown["Significant"]) and "before adjustment only" in set(shown["Significant"])


def test_a_form_whose_band_holds_too_many_models_is_too_wide_not_too_narrow():
    """The chapter said "its interval is too narrow" for a form whose coverage missed its level, which
    includes coverage above it."""
    from types import SimpleNamespace as NS

    wide = NS(interval_coverage_lo=0.96, interval_coverage_hi=1.0, level=0.95)
    low = NS(interval_coverage_lo=0.6, interval_coverage_hi=0.9, level=0.95)
    t = NS(scored={"polynomial": wide, "exponential": low}, forms=NS(verdict_out_of_sample="polynomial"))
    assert F.overall(t) == ("too_wide", "polynomial")
    t = NS(scored={"polynomial": low, "exponential": wide}, forms=NS(verdict_out_of_sample="polynomial"))
    assert F.overall(t) == ("too_narrow", "polynomial")


# ---------------------------------------------------------------- issue 25, correction 9: the record-setters


def test_the_record_setters_running_maximum_is_not_the_evidence():
    """Correction 9: a slope fitted to a running maximum is selected on its outcome: the chapter leads with the
    frontier, the claims ledger's evidence is the frontier's, and the table marks the record-setters' numbers."""
    systems = growth_systems(np.random.default_rng(1))
    ws = G.record_and_frontier(systems, 1, 10, (2012.0, 2020.0), 2020.5, 0.95)
    rec, fr = ws
    assert G.running_maximum(rec) and not G.running_maximum(fr)
    ev = ledger_text.write_rows(R.evidence_rows(ws), literature())[0]
    # in plain units: the ratio of the yearly growth factors, after over before (issue 25, the ledger)
    assert ev.book_value == pytest.approx(10 ** fr.change) and ev.paper_number == 1.0
    assert (ev.book_lo, ev.book_hi) == pytest.approx((10 ** fr.change_lo, 10 ** fr.change_hi))
    assert "× a year" in ev.note and "log10 per year" not in ev.note
    assert ev.note.startswith("The frontier") and "running maximum" in ev.note
    shown = T.growth_display(ws, G.population_labels(1, 10))
    assert list(shown["Population"])[:2] == ["top 10 at release"] * 2  # the frontier first
    records = shown[shown["Population"] == "record-setters"]
    assert records["Growth"].str.contains("no valid interval").all() and "no valid p-value" in set(records["Change p"])
    # windows from the data: the years of the systems fitted, not the window asked for
    assert shown["Window"].iloc[0] == N.show_interval(fr.pre.start_year, fr.pre.end_year, "year")
    f = G.findings(rec, fr, systems, literature())
    assert f.records_running_max and not f.decided_all
    assert (f.frontier_pre_first, f.frontier_pre_last) == (math.floor(fr.pre.start_year), math.floor(fr.pre.end_year))


def test_windows_on_the_growth_table_are_named_from_the_data_on_the_real_table():
    from compute_limits.analysis.history import with_compute
    from compute_limits.data import epoch as epoch_data, manifest

    systems = with_compute(epoch_data.load_epoch(manifest.resolve("epoch", {})))
    ws = G.record_and_frontier(systems, 1, 10, literature().growth_window([]), 2020.5, 0.95)
    shown = T.growth_display(ws, G.population_labels(1, 10)).set_index(["Population", "Systems"])
    assert shown.loc[("record-setters", "9"), "Window"] == "2013–2017"  # not "2012–2019"
    assert "2026" not in " ".join(shown["Window"])
    f = G.findings(*ws, systems, literature())
    assert f.frontier_vs_paper == "above" and f.frontier_change_case == "same"  # 5.5× (4.5–6.8), no change
