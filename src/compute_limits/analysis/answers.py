"""The future-cost chapter's answers to the questions the rest of the book quotes: the headline rows
(compute, dollars, CO2 and the year each target becomes affordable) and the paper's projections set
beside the book's.

* :func:`headline_rows`: one :class:`~compute_limits.analysis.headlines.Headline` per benchmark, sample,
  form, target (and today) and quantity, each labelled with its sample, form, interval kind, unit,
  scenario and level, plus the growth rates the affordability dates rest on.
* :func:`paper_comparison`: every ``paper_projection`` entry of ``data/literature.toml`` for the
  benchmarks and metrics analysed, beside the book's projection from the same sample (models published
  before July 2020) and form, costed on the paper-era vintage.

DataFrames in, dataclasses and DataFrames out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..cache import cached
from ..config import CostConfig, Literature, Vintage
from . import costs as cost_mod
from . import projections
from .costs import Growth, Scenario
from .headlines import Headline, question_id
from .projections import BenchmarkFits, at_targets

CHAPTER = "future_costs"
CALIBRATION = "calibration interval (prediction interval for the compute of a single model reaching the target)"
CALIBRATION_CONVERSION = CALIBRATION + "; conversion uncertainty included"
YEARS_INTERVAL = ("Fieller interval (calibration interval of a single model's cost and confidence interval of the "
                  "growth of compute per dollar)")
LABELS = {  # the sections that derive each quantity (MyST labels of chapters/future_costs.md)
    "today_error": "future-costs-requirement",
    "log10_flops": "future-costs-requirement",
    "log10_usd": "future-costs-dollars",
    "log10_co2_kg": "future-costs-dollars",
    "affordable_year": "future-costs-affordable",
    "growth": "future-costs-affordable",
}


def cost_scenario(vintage: Vintage) -> str:
    """The ``scenario`` label of a dollar or CO2 headline: the hardware vintage that prices it."""
    return f"hardware {vintage.id}"


def affordability_scenario(vintage: Vintage, budget_usd: float, scenario: Scenario, growth: Growth) -> str:
    """The ``scenario`` label of an affordability headline (vintage, budget, growth assumption and window)."""
    what = {"hardware": "compute per dollar grows at its historic rate, budget fixed",
            "hardware_spending": "compute per dollar and spending grow at their historic rates"}[scenario.key]
    return f"hardware {vintage.id}; budget {budget_usd:,.0f} USD; {what} ({growth.window})"


QUESTION_KINDS = {"log10_flops": "compute", "log10_usd": "cost", "log10_co2_kg": "co2",
                  "affordable_year": "affordable_year"}  # the question each quantity answers (headlines.QUESTIONS)


def differs(sample: str, form: str, preferred: bool, main_sample: str = "all") -> str:
    """What a projection row changes from the main specification ("" for the headline row): its sample and
    its form."""
    parts = []
    if sample != main_sample:
        parts.append("v1 sample (models published before July 2020)" if sample == "v1" else f"{sample} sample")
    if form and not preferred:
        parts.append(f"{form} form (the rule prefers the other)")
    return "; ".join(parts)


def headline_rows(costed: pd.DataFrame, afford: pd.DataFrame, fitset: dict[tuple[str, str], BenchmarkFits],
                  vintage: Vintage, budget_usd: float, scenario: Scenario, growth: Growth,
                  level: float, main_sample: str = "all") -> list[Headline]:
    """The chapter's headline rows.

    ``costed``: projection rows costed on ``vintage`` (one vintage); ``afford``: their affordability under
    ``scenario``.  The compute interval is the calibration interval (conversion included where compute is
    imputed); dollars and CO2 carry the same interval shifted by the vintage's price and emissions per
    FLOP; the year's is a Fieller interval with the growth rate's uncertainty.  Each row answers a question
    (``question``); the row of ``main_sample`` in the preferred form is its headline, every other row a
    sensitivity that says what it changes.
    """
    out: list[Headline] = []
    cost_sc = cost_scenario(vintage)
    afford_sc = affordability_scenario(vintage, budget_usd, scenario, growth)
    years = afford[afford["scenario"] == scenario.key].set_index(["benchmark", "model_set", "form", "target_error",
                                                                   "is_today"])
    for (bid, sample), bf in fitset.items():
        metric = bf.config.metric
        what = differs(sample, "", True, main_sample)
        out.append(Headline("today_error", bid, metric, math.nan, sample, "", "", bf.today, math.nan,
                            math.nan, "fraction", "", level, True, CHAPTER, LABELS["today_error"],
                            preferred=True, question=question_id("today_error", bid, metric),
                            role="sensitivity" if what else "headline", differs=what))
        rows = costed[(costed["benchmark"] == bid) & (costed["model_set"] == sample)]
        for _, r in rows.iterrows():
            interval = CALIBRATION_CONVERSION if r["conversion_in_interval"] else CALIBRATION
            what = differs(sample, r["form"], bool(r["preferred"]), main_sample)
            common = dict(benchmark=bid, metric=metric, target_error=float(r["target_error"]),
                          model_set=sample, form=r["form"], level=level, estimable=bool(r["estimable"]),
                          chapter=CHAPTER, preferred=bool(r["preferred"]), role="sensitivity" if what else "headline",
                          differs=what)
            # today's row answers "what does today's error take"; a target's, "what does that target take"
            target = None if r["is_today"] else float(r["target_error"])
            detail = "today" if r["is_today"] else ""
            for quantity, unit, scen in (("log10_flops", "log10 FLOP", ""), ("log10_usd", "log10 USD", cost_sc),
                                         ("log10_co2_kg", "log10 kg CO2e", cost_sc)):
                out.append(Headline(quantity=quantity, scenario=scen, value=float(r[quantity]),
                                    lo=float(r[quantity + "_lo"]), hi=float(r[quantity + "_hi"]), unit=unit,
                                    interval=interval, label=LABELS[quantity],
                                    question=question_id(QUESTION_KINDS[quantity], bid, metric, target, detail),
                                    **common))
            y = years.loc[(bid, sample, r["form"], r["target_error"], r["is_today"])]
            out.append(Headline(quantity="affordable_year", scenario=afford_sc, value=float(y["affordable_year"]),
                                lo=float(y["affordable_year_lo"]), hi=float(y["affordable_year_hi"]), unit="year",
                                interval=YEARS_INTERVAL, label=LABELS["affordable_year"],
                                question=question_id("affordable_year", bid, metric, target, detail),
                                **{**common, "estimable": bool(y["estimable"])}))
    for key in growth.keys():
        t = growth[key]
        out.append(Headline(f"growth_{key}", "", "", math.nan, "", "", f"{growth.population}, {growth.window}",
                            t.growth_per_year, t.growth_lo, t.growth_hi, "× per year", "confidence interval",
                            level, t.estimable, CHAPTER, LABELS["growth"], preferred=True,
                            question=question_id("growth", detail=key)))
    return out


COMPARISON_COLUMNS = ["source", "cite", "benchmark", "metric", "form", "model_set", "target_error", "is_today",
                      "book_target_error", "paper_log10_gflops", "paper_log10_usd", "log10_flops", "log10_flops_lo",
                      "log10_flops_hi", "estimable", "log10_usd", "log10_usd_lo", "log10_usd_hi", "log10_co2_lbs",
                      "log10_co2_kg", "hardware_vintage", "level"]


def paper_comparison(fitset: dict[tuple[str, str], BenchmarkFits], literature: Literature, costs: CostConfig,
                     paper_vintage: str, level: float = 0.95, sample: str = "v1") -> pd.DataFrame:
    """One row per ``paper_projection`` entry whose (benchmark, metric) is analysed and has a ``sample``
    fit: the paper's figures beside the book's projection at the same target (today's row: at the
    book's own best error) from the same form, costed on ``paper_vintage``."""
    v = costs.get(paper_vintage)
    per = cost_mod.log10_per_flop(v)
    rows = []
    for (bid, s), bf in fitset.items():
        if s != sample:
            continue
        for p in literature.projections(bid, bf.config.metric):
            target = bf.today if p.is_today else p.target_error
            at = at_targets(bf, p.form, [target], level).iloc[0]
            x, lo, hi = float(at["log10_flops"]), float(at["log10_flops_lo"]), float(at["log10_flops_hi"])
            rows.append({
                "source": p.source, "cite": p.cite, "benchmark": bid, "metric": bf.config.metric, "form": p.form,
                "model_set": sample, "target_error": p.target_error, "is_today": p.is_today, "book_target_error": target,
                "paper_log10_gflops": np.nan if p.log10_gflops is None else p.log10_gflops,
                "paper_log10_usd": np.nan if p.log10_usd is None else p.log10_usd,
                "log10_flops": x, "log10_flops_lo": lo, "log10_flops_hi": hi, "estimable": bool(at["estimable"]),
                "log10_usd": x + per["usd"], "log10_usd_lo": lo + per["usd"], "log10_usd_hi": hi + per["usd"],
                "log10_co2_lbs": x + per["co2_lbs"], "log10_co2_kg": x + per["co2_kg"],
                "hardware_vintage": v.id, "level": level})
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def inside(comparison: pd.DataFrame) -> tuple[int, int]:
    """(how many of the paper's compute figures lie inside the book's interval, how many there are)."""
    c = comparison[comparison["paper_log10_gflops"].notna()]
    flops = c["paper_log10_gflops"] + 9
    return int(((flops >= c["log10_flops_lo"]) & (flops <= c["log10_flops_hi"])).sum()), int(len(c))


# --------------------------------------------------------------------------
# Everything the chapter computes, in one call
# --------------------------------------------------------------------------


@dataclass
class FutureCosts:
    """The future-cost chapter's results (see :func:`future_costs`)."""

    fitset: dict[tuple[str, str], BenchmarkFits]
    table: pd.DataFrame  # projection rows (uncosted), every benchmark, sample, form and target
    costed: pd.DataFrame  # the same on every hardware vintage
    main: pd.DataFrame  # costed on the chapter's vintage
    vintage: Vintage
    paper_vintage: Vintage
    budget_usd: float
    growth: Growth
    scenarios: dict[str, Scenario]
    afford: pd.DataFrame  # the chapter's vintage, both samples, every scenario
    precision: pd.DataFrame
    precision_factor: float
    comparison: pd.DataFrame
    references: cost_mod.ScaleReferences
    headlines: list[Headline]
    level: float
    n_boot: int

    @property
    def default_scenario(self) -> Scenario:
        return self.scenarios[DEFAULT_SCENARIO]


DEFAULT_SCENARIO = "hardware"  # compute per dollar keeps growing at its historic rate; the budget stays fixed


def precision_factor(literature: Literature) -> float:
    """16-bit matrix-unit peak over FP32 peak of the V100 (the GPU of the TPU v2/v3 years): what puts a
    TPU's bfloat16-peak burden on the FP32-peak scale the data use for GPUs."""
    return literature.value("v100_tensor_peak_flops") / literature.value("v100_fp32_peak_flops")


@cached
def future_costs(tables: dict[str, pd.DataFrame], epoch: pd.DataFrame, configs: dict, costs: CostConfig,
                 literature: Literature, vintage: str | None, paper_vintage: str, budget_usd: float,
                 growth_start: float, growth_end: float | None, level: float, n_boot: int, seed: int,
                 main_sample: str = "all") -> FutureCosts:
    """Fit, project, cost and date every benchmark's targets; compare with the paper; make the headlines.

    Cached on disk (:func:`compute_limits.cache.cached`): a change to a chart or a table re-executes the
    chapter without recomputing the bootstraps."""
    fitset = projections.fit_all(tables, configs, level=level)
    table = projections.project(fitset, level, n_boot, seed)
    costed = cost_mod.add_costs(table, costs)
    v = costs.get(vintage or None)
    main = costed[costed["hardware_vintage"] == v.id].reset_index(drop=True)
    growth = cost_mod.historic_growth(epoch, growth_start, growth_end, level)
    scen = cost_mod.scenarios(growth)
    afford = projections.affordability(fitset, main, scen, budget_usd, cost_mod.log10_per_flop(v)["usd"], level)
    factor = precision_factor(literature)
    return FutureCosts(
        fitset=fitset, table=table, costed=costed, main=main, vintage=v, paper_vintage=costs.get(paper_vintage),
        budget_usd=budget_usd, growth=growth, scenarios=scen, afford=afford,
        precision=projections.precision_variants(tables, fitset, factor, level), precision_factor=factor,
        comparison=paper_comparison(fitset, literature, costs, paper_vintage, level),
        references=cost_mod.scale_references(epoch, v, literature),
        headlines=headline_rows(main, afford, fitset, v, budget_usd, scen[DEFAULT_SCENARIO], growth, level, main_sample),
        level=level, n_boot=n_boot)
