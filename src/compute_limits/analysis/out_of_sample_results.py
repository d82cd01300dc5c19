"""The out-of-sample chapter's results tables and headline rows, and the headline rows it quotes.

* :func:`result_table` (``out_of_sample.csv``), :func:`models_table` (``out_of_sample_models.csv``),
  :func:`variants_table` (``out_of_sample_variants.csv``): from an :class:`~.out_of_sample.Evaluation`.
* :func:`headline_rows`: the quantities this chapter derives (coverage, efficiency factor, slope change,
  growth of the largest runs), as :class:`~.headlines.Headline` rows.
* :func:`evidence_rows`: the claims-ledger evidence this chapter derives.
* :func:`quote_requirement`: the canonical answer to "what would the first target take" on the v1 sample,
  as the future-cost chapter writes it (``headlines.csv``), or ``None`` when it has no such row;
  :func:`reach`: what the chapter states about it, as typed values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import BenchmarkConfig
from ..quantities import Count, DecimalYear, Estimate, FlopEstimate, Kind, Orders, Percent, Share, Year
from ..stats import forms
from . import frontier_growth
from .claims import Evidence, text
from .frontier_growth import RECORDS_DIFFERS, GrowthWindows
from .benchmarks import best_error as bm_best_error
from .headlines import Headline, question_id, quote
from .headlines import table as headline_table
from .out_of_sample import MODEL_COLUMNS, BenchmarkTest, Evaluation

CHAPTER = "out_of_sample"
ONE, TWO = Kind("fixed", 1), Kind("fixed", 2)  # growth factors (one decimal) and their ratio (two), in the ledger's notes
LABELS = {"later": "oos-later", "slope": "oos-exponent", "growth": "oos-compute"}  # section labels (MyST)
OTHER = forms.PAPER_FORMS[1]  # the paper's other form: out_of_sample.csv's *_exponential columns compare the pair
#                               as the paper did; every form in use is in out_of_sample_models.csv
# The columns of out_of_sample.csv and out_of_sample_variants.csv (also when no benchmark is tested)
RESULT_COLUMNS = ["benchmark", "metric", "form", "level", "n_train", "n_test", "conversion_n", "conversion_latest",
    "conversion_source", "later_conversion_n", "n_converted_train", "n_converted_test", "rmse_in_sample",
    "rmse_out_of_sample", "rmse_expected", "rmse_ratio", "mean_residual", "mean_residual_lo", "mean_residual_hi",
    "interval_coverage", "interval_coverage_lo", "interval_coverage_hi", "share_below", "efficiency_factor",
    "efficiency_factor_lo", "efficiency_factor_hi", "estimable", "rmse_out_of_sample_exponential",
    "mean_residual_exponential", "interval_coverage_exponential", "interval_coverage_exponential_lo",
    "interval_coverage_exponential_hi", "msd_difference", "msd_p", "form_verdict_in_sample",
    "form_verdict_out_of_sample", "rmse_out_of_sample_time_trend", "mean_residual_time_trend", "k_v1", "k_v1_lo",
    "k_v1_hi", "slope_v1", "slope_later", "slope_change", "slope_change_se", "slope_change_p", "slope_change_lo",
    "slope_change_hi", "slope_changed", "n_outside_below", "n_outside_above", "expected_below", "p_below",
    "p_coverage", "mean_residual_p", "interval_coverage_fit_only", "band_widening"]
VARIANT_COLUMNS = ["benchmark", "metric", "variant", "level", "n_train", "n_test", "k_v1", "mean_residual",
    "mean_residual_lo", "mean_residual_hi", "interval_coverage", "interval_coverage_lo", "interval_coverage_hi",
    "efficiency_factor", "efficiency_factor_lo", "efficiency_factor_hi", "estimable"]


def result_table(ev: Evaluation) -> pd.DataFrame:
    """``out_of_sample.csv``: one row per evaluated benchmark (the polynomial 2020 fit unless a column says)."""
    rows = []
    for bid, t in ev.tests.items():
        p, e, s, f, eff, conv = t.paper, t.scored[OTHER], t.slope, t.forms, t.efficiency, t.conversion
        rows.append({
            "benchmark": bid, "metric": t.config.metric, "form": forms.PAPER_FORM, "level": ev.level,
            "n_train": p.n_train, "n_test": p.n_test,
            "conversion_n": conv.n if conv is not None else np.nan,
            "conversion_latest": conv.latest if conv is not None else np.nan,
            "conversion_source": conv.source if conv is not None else "",
            "later_conversion_n": t.later_conversion.n if t.later_conversion is not None else np.nan,
            "n_converted_train": t.n_converted_v1, "n_converted_test": t.n_converted_later,
            "rmse_in_sample": p.rmse_in_sample, "rmse_out_of_sample": p.rmse_out_of_sample,
            "rmse_expected": p.rmse_expected, "rmse_ratio": p.rmse_ratio,
            "mean_residual": p.mean_residual, "mean_residual_lo": p.mean_residual_lo,
            "mean_residual_hi": p.mean_residual_hi, "interval_coverage": p.interval_coverage,
            "interval_coverage_lo": p.interval_coverage_lo, "interval_coverage_hi": p.interval_coverage_hi,
            "share_below": p.share_below, "efficiency_factor": eff.factor, "efficiency_factor_lo": eff.lo,
            "efficiency_factor_hi": eff.hi, "estimable": eff.estimable,
            "rmse_out_of_sample_exponential": e.rmse_out_of_sample, "mean_residual_exponential": e.mean_residual,
            "interval_coverage_exponential": e.interval_coverage,
            "interval_coverage_exponential_lo": e.interval_coverage_lo,
            "interval_coverage_exponential_hi": e.interval_coverage_hi,
            "msd_difference": f.msd_difference, "msd_p": f.msd_p, "form_verdict_in_sample": f.verdict_in_sample,
            "form_verdict_out_of_sample": f.verdict_out_of_sample,
            "rmse_out_of_sample_time_trend": t.time_trend_rmse, "mean_residual_time_trend": t.time_trend_mean_residual,
            "k_v1": t.fits.fit(forms.PAPER_FORM).k if t.fits.fit(forms.PAPER_FORM).k is not None else np.nan,
            "k_v1_lo": t.k_lo, "k_v1_hi": t.k_hi,
            "slope_v1": s.slope_v1, "slope_later": s.slope_later, "slope_change": s.change,
            "slope_change_se": s.change_se, "slope_change_p": s.change_p, "slope_change_lo": s.change_lo,
            "slope_change_hi": s.change_hi, "slope_changed": s.significant,
            "n_outside_below": p.n_outside_below, "n_outside_above": p.n_outside_above,
            "expected_below": p.expected_below, "p_below": p.p_below, "p_coverage": p.p_coverage,
            "mean_residual_p": p.mean_residual_p, "interval_coverage_fit_only": p.coverage_fit_only,
            "band_widening": p.band_widening,
        })
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


TEST_COLUMNS = ["test", "benchmark", "population", "p_value", "p_holm", "significant", "significant_holm", "valid",
                "level"]
# The tests the chapter reports, per tested benchmark (the polynomial 2020 fit unless named) and per population of
# the compute side; in the order of the chapter.
BENCHMARK_TESTS = ("mean_residual", "coverage", "below_band", "slope_change", "forms_error", "coverage_exponential")


def tests_table(ev: Evaluation, growth: list[GrowthWindows]) -> pd.DataFrame:
    """``out_of_sample_tests.csv``: every test the chapter reports, with its p-value and Holm's adjustment over
    the valid ones (statsmodels ``multipletests``).  The record-setters' change of pace (a slope fitted to a
    running maximum, selected on the outcome) has no valid p-value: it is listed, not adjusted."""
    from statsmodels.stats.multitest import multipletests  # noqa: PLC0415 (statsmodels.stats is slow to import)

    rows = []
    for bid, t in ev.tests.items():
        p, e = t.paper, t.scored[OTHER]
        values = (p.mean_residual_p, p.p_coverage, p.p_below, t.slope.change_p, t.forms.msd_p, e.p_coverage)
        rows += [{"test": name, "benchmark": bid, "population": "", "p_value": v, "valid": True}
                 for name, v in zip(BENCHMARK_TESTS, values)]
    for g in growth:
        if g.post is not None:
            rows.append({"test": "growth_change", "benchmark": "", "population": g.population, "p_value": g.change_p,
                         "valid": not frontier_growth.running_maximum(g)})
    df = pd.DataFrame(rows, columns=["test", "benchmark", "population", "p_value", "valid"])
    df = df[np.isfinite(df["p_value"].astype(float))].reset_index(drop=True)
    df["level"] = ev.level
    df["significant"] = df["p_value"] < 1 - ev.level
    df["p_holm"] = np.nan
    adjust = df["valid"].astype(bool)
    if adjust.any():
        df.loc[adjust, "p_holm"] = multipletests(df.loc[adjust, "p_value"].to_numpy(float), alpha=1 - ev.level,
                                                 method="holm")[1]
    df["significant_holm"] = df["p_holm"] < 1 - ev.level
    return df[TEST_COLUMNS]


def models_table(ev: Evaluation) -> pd.DataFrame:
    """``out_of_sample_models.csv``: every later model under every form in use."""
    frames = [s.models.assign(benchmark=bid, metric=t.config.metric)
              for bid, t in ev.tests.items() for s in t.scored.values()]
    return pd.concat(frames, ignore_index=True)[MODEL_COLUMNS] if frames else pd.DataFrame(columns=MODEL_COLUMNS)


def variants_table(ev: Evaluation) -> pd.DataFrame:
    """``out_of_sample_variants.csv``: one row per evaluated benchmark and way of imputing compute."""
    rows = []
    for bid, t in ev.tests.items():
        for v in t.variants:
            rows.append({"benchmark": bid, "metric": t.config.metric, "variant": v.variant, "level": v.level,
                         "n_train": v.n_train, "n_test": v.n_test, "k_v1": v.k,
                         "mean_residual": v.mean_residual, "mean_residual_lo": v.mean_residual_lo,
                         "mean_residual_hi": v.mean_residual_hi, "interval_coverage": v.interval_coverage,
                         "interval_coverage_lo": v.interval_coverage_lo, "interval_coverage_hi": v.interval_coverage_hi,
                         "efficiency_factor": v.efficiency.factor, "efficiency_factor_lo": v.efficiency.lo,
                         "efficiency_factor_hi": v.efficiency.hi, "estimable": v.efficiency.estimable})
    return pd.DataFrame(rows, columns=VARIANT_COLUMNS)


WINDOWS = {"pre": "before_cutoff", "post": "after_cutoff"}  # the growth windows' question details


def window_label(trend) -> str:
    """The dates a fitted window's systems span, named from the data (decimal years of the first and the last
    system: ``systems dated 2020.6–2025.2``; a window whose last system is from early 2025 is not "to 2026")."""
    return f"systems dated {float(trend.start_year):.1f}–{float(trend.end_year):.1f}"


def headline_rows(ev: Evaluation, growth: list[GrowthWindows], populations: dict[str, str]) -> list[Headline]:
    """The quantities this chapter derives, one :class:`Headline` each.  ``populations``: population id →
    how it is chosen, for the scenario column (e.g. ``{"records": "largest to date at release"}``).

    The 2020 fit's answers (coverage, compute saved, slope change) are headlines: their question is about
    the fit of July 2020.  The growth of the frontier's compute is the headline of its window; the
    record-setters' is a sensitivity (their trend is fitted to a running maximum)."""
    out = []
    later = "later models: published from July 2020 on"
    for bid, t in ev.tests.items():
        p, eff, s = t.paper, t.efficiency, t.slope
        m = t.config.metric
        common = dict(benchmark=bid, metric=m, target_error=math.nan, model_set="v1", form=forms.PAPER_FORM,
                      scenario=later, level=ev.level, chapter=CHAPTER)
        out += [
            Headline("oos_interval_coverage", **common, value=p.interval_coverage, lo=p.interval_coverage_lo,
                     hi=p.interval_coverage_hi, unit="fraction",
                     interval="confidence interval (Clopper–Pearson) of the share inside the 2020 prediction interval",
                     estimable=bool(p.n_test > 0), label=LABELS["later"], question=question_id("oos_coverage", bid, m)),
            Headline("oos_efficiency_factor", **common, value=eff.factor, lo=eff.lo, hi=eff.hi, unit="×",
                     interval="confidence interval (Fieller)", estimable=eff.estimable, label=LABELS["later"],
                     question=question_id("compute_saved", bid, m)),
            Headline("oos_slope_change", **common, value=s.change, lo=s.change_lo, hi=s.change_hi,
                     unit="log10(1/error) per log10 FLOP", interval="confidence interval", estimable=True,
                     label=LABELS["slope"], question=question_id("slope_change", bid, m)),
        ]
    for g in growth:
        running = frontier_growth.running_maximum(g)  # its interval is not valid: not written as one
        what = RECORDS_DIFFERS if g.population == "records" else ""
        for window, trend in (("pre", g.pre), ("post", g.post)):
            if trend is None:
                continue
            out.append(Headline(
                "compute_growth_per_year", benchmark="", metric="", target_error=math.nan, model_set="", form="",
                scenario=f"Epoch AI {populations[g.population]}, {window_label(trend)}", value=trend.growth_per_year,
                lo=math.nan if running else trend.growth_lo, hi=math.nan if running else trend.growth_hi,
                unit="× per year",
                interval="none: a running maximum, selected on its outcome, has no valid interval" if running
                else "confidence interval", level=g.level, estimable=trend.estimable, chapter=CHAPTER,
                label=LABELS["growth"], question=question_id("frontier_growth", detail=WINDOWS[window]),
                role="sensitivity" if what else "headline", differs=what))
    return out


def evidence_rows(growth: list[GrowthWindows]) -> list[Evidence]:
    """The claims-ledger evidence this chapter derives: that the tenfold pace of the largest runs could not
    last, tested as the change of the frontier's growth after the cut-off: the ratio of its yearly growth
    factors, after over before (at most 1).  The frontier, not the record-setters: a slope fitted to a running
    maximum has no valid interval (correction 9, issue 25).  In plain units: growth factors a year, not log10."""
    fr = next((g for g in growth if g.population == "frontier"), None)
    rec = next((g for g in growth if g.population == "records"), None)
    if fr is None:
        return []
    records = ""
    if rec is not None and rec.post is not None:
        records = text("oos_records_running" if frontier_growth.running_maximum(rec) else "oos_records",
                       pre=(10 ** rec.pre.slope, ONE), post=(10 ** rec.post.slope, ONE), n_pre=(rec.n_pre, Count),
                       n_post=(rec.n_post, Count))
    values = dict(top_k=(fr.top_k, Count), pre_growth=(10 ** fr.pre.slope, ONE), pre_start=(fr.pre_start, DecimalYear),
                  pre_end=(fr.pre_end, DecimalYear), n_pre=(fr.n_pre, Count), post_start=(fr.post_start, DecimalYear),
                  records=records)
    if fr.post is not None:
        note = text("oos_note", **values, post_growth=(10 ** fr.post.slope, ONE), n_post=(fr.n_post, Count),
                    change=(10 ** fr.change, TWO), change_lo=(10 ** fr.change_lo, TWO),
                    change_hi=(10 ** fr.change_hi, TWO), level=(fr.level, Percent), p=(fr.change_p, Kind("number", 2)))
    else:
        note = text("oos_note_no_post", **values)
    return [Evidence(
        claim_id="record_growth_could_not_last", chapter=CHAPTER, label=LABELS["growth"],
        claim=text("oos_claim"),
        paper_value="could not last (a slower pace after 2019)", paper_number=1.0, book_value=10 ** fr.change,
        book_lo=10 ** fr.change_lo, book_hi=10 ** fr.change_hi, test="at_most", tolerance=math.nan,
        estimable=bool(fr.post is not None), unit="× (yearly growth factor after the cut-off over before)",
        note=note)]


def tables(ev: Evaluation, growth: list[GrowthWindows], populations: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Every results table the chapter writes, by result name (``headlines`` is this chapter's part of a shared
    table; its ``claims_evidence`` rows are :func:`evidence_rows`)."""
    return {"out_of_sample": result_table(ev), "out_of_sample_models": models_table(ev),
            "out_of_sample_variants": variants_table(ev), "out_of_sample_growth": frontier_growth.table(growth),
            "out_of_sample_tests": tests_table(ev, growth),
            "headlines": headline_table(headline_rows(ev, growth, populations))}


def best_error(tables: dict[str, pd.DataFrame], config: BenchmarkConfig) -> float:
    """Today's best error on all models (:func:`compute_limits.analysis.benchmarks.best_error`)."""
    return bm_best_error(tables[config.id])


def quote_requirement(frame: pd.DataFrame, quantity: str, config: BenchmarkConfig, best: float,
                      sample: str = "v1") -> Headline | None:
    """The headline row of ``quantity`` for ``config``'s benchmark and metric on ``sample`` at its first target.

    The target is the first of ``config.effective_targets(best)`` the rows have (else the largest target
    they have below ``best``, today's error); the form is the one the verdict rule prefers (rows flagged ``preferred``; the polynomial
    form where no row is flagged); with several scenarios the first row is quoted."""
    if frame is None or frame.empty:
        return None
    rows = frame[(frame["quantity"] == quantity) & (frame["benchmark"] == config.id)
                 & (frame["model_set"].fillna("") == sample) & (frame["metric"].fillna("") == config.metric)]
    flagged = (rows["preferred"].astype(str).str.lower() == "true") if "preferred" in rows else rows["form"] == ""
    rows = rows[flagged] if flagged.any() else rows[rows["form"] == forms.PAPER_FORM]
    rows = rows[rows["target_error"] < best] if np.isfinite(best) else rows  # targets, not today's error
    if rows.empty:
        return None
    targets = [t for t in config.effective_targets(best) if np.isclose(rows["target_error"], t).any()]
    target = targets[0] if targets else float(rows["target_error"].max())
    r = rows[np.isclose(rows["target_error"], target)].iloc[[0]]
    return quote(r, quantity, config.id)


def later_best(tables: dict[str, pd.DataFrame], config: BenchmarkConfig, cutoff: float) -> dict:
    """The best model before ``cutoff`` and on or after it (``model``, ``error``; NaN when a side is empty)."""
    rows = tables[config.id][tables[config.id]["error"] > 0]
    out = {}
    for side, part in (("v1", rows[rows["date"] < cutoff]), ("later", rows[rows["date"] >= cutoff])):
        best = part.loc[part["error"].idxmin()] if len(part) else None
        out[side] = {"model": "" if best is None else str(best["model"]),
                     "error": math.nan if best is None else float(best["error"])}
    return out


@dataclass
class Reach:
    """The book's headline answers the chapter quotes for ``name`` (the future-cost chapter's rows on the v1
    sample), checked against this chapter's 2020 fit, and the best model on each side of July 2020."""

    name: str
    quoted: bool  # the future-cost chapter wrote the compute row
    target: Share = math.nan
    compute: FlopEstimate = None
    conversion_included: bool = False  # the quoted interval carries the conversion's uncertainty
    model_set: str = ""
    form: str = ""
    agreement: str = ""  # "same" (this chapter's 2020 fit), "differs", or "" (nothing to compare)
    difference: Orders = math.nan  # how far this chapter's 2020 fit puts the same target
    year_case: str = "none"  # "span" (a year and its interval), "point", "not_estimable" or "none" (no row)
    year: Year = math.nan
    year_lo: Year = math.nan
    year_hi: Year = math.nan
    year_level: Share = math.nan
    has_best: bool = False  # a scored model on both sides of July 2020
    best_later_model: str = ""
    best_later_error: Share = math.nan
    best_v1_model: str = ""
    best_v1_error: Share = math.nan
    answers: dict = field(default_factory=dict, repr=False)


def reach(name: str, flops: Headline | None, year: Headline | None, best: dict,
          test: BenchmarkTest | None = None) -> Reach:
    """From :func:`quote_requirement`'s rows (``None``: not written) and :func:`later_best`; with ``test`` (this
    chapter's test of the same benchmark) the quoted compute is checked against its 2020 fit."""
    out = Reach(name=name, quoted=flops is not None,
                has_best=bool(best["later"]["model"] and best["v1"]["model"]),
                best_later_model=best["later"]["model"], best_later_error=best["later"]["error"],
                best_v1_model=best["v1"]["model"], best_v1_error=best["v1"]["error"])
    if flops is not None:
        out.answers["compute"] = flops.answer  # the future-cost chapter's row: a sensitivity (the v1 sample)
        kind = flops.interval.split(" (")[0].split(";")[0].strip() or "interval"
        out.target, out.model_set, out.form = flops.target_error, flops.model_set, flops.form
        out.compute = Estimate(flops.value, flops.lo, flops.hi, flops.level, kind, estimable=bool(flops.estimable))
        out.conversion_included = "conversion uncertainty" in flops.interval
        if (test is not None and test.config.id == flops.benchmark and flops.model_set == "v1"
                and np.isfinite(flops.value)):
            mine = float(test.fits.fit(flops.form).required_log10_compute(flops.target_error))
            out.difference = abs(mine - flops.value)
            out.agreement = "same" if out.difference < 0.05 else "differs"
    if year is not None:
        out.answers["year"] = year.answer
        out.year, out.year_lo, out.year_hi, out.year_level = year.value, year.lo, year.hi, year.level
        out.year_case = ("not_estimable" if not year.estimable else "span" if np.isfinite(year.lo) else "point")
    return out
