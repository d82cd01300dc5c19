"""How a benchmark page shows its results: the phrases each section glues, and its display tables.

Every number is set by :mod:`compute_limits.report.numbers`; a slope whose interval includes zero, and
everything derived from it (k, the compute to halve the error, years per tenfold compute), reads "not
estimable from these data".  Each ``*_phrases`` function returns a dataclass of short strings for one
section, glued with ``glue_all``; a phrase with a role or math is an :class:`~.glue.Md` (place it with
``{glue:md}`key:myst```).  Charts are in :mod:`compute_limits.report.benchmark_charts`, display tables
in :mod:`compute_limits.report.benchmark_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.benchmarks import (FRONTIER_QUANTILE, MIN_FIT_ROWS, BenchmarkAnalysis, fit_numbers, sample_rows,
                                   trend_numbers)
from ..analysis.compute_measures import MIN_CONVERSION_ROWS, REL_TOL, ConsolidationSummary, compute_check_summary
from ..analysis.families import MIN_FAMILY_ROWS
from ..config import Literature
from ..stats.compare import MIN_DELTA_AIC
from ..stats.intervals import r2_interval
from . import numbers as N
from .glue import Md
from .text import count, join, with_article

MEASURE_TERMS = {"consolidated_hardware_burden": "{term}`consolidated hardware burden`",
                 "hardware_burden": "{term}`hardware burden`", "network_operations": "{term}`network operations`"}
SHORT_MEASURES = {"consolidated_hardware_burden": "consolidated", "hardware_burden": "hardware",
                  "network_operations": "network ops."}
VERDICTS = {"polynomial": "the polynomial form", "exponential": "the exponential form",
            "neither": "neither (the data do not decide)"}
SAMPLE_NAMES = {"all": "all", "v1": "v1"}


# ---------------------------------------------------------------- numbers


def coef(x: float) -> str:
    return N.number(x, 2)


def _small(x: float, sig: int = 2) -> str:
    """A coefficient near zero as a decimal (``−0.0005``), never in scientific notation."""
    if np.isfinite(x) and 0 < abs(x) < 1e-3:
        return f"{x:.1g}".replace("-", "−")
    return N.number(x, sig)


def coef_interval(lo: float, hi: float) -> str:
    return N.interval(lo, hi, _small, sep=" to " if lo < 0 else N.DASH, sig=2)


def ci(lo: float, hi: float, level: float) -> str:
    """``95% CI 0.079–0.10``."""
    return f"{N.pct(level)} CI {coef_interval(lo, hi)}"


def k_text(f, level: float) -> str:
    """``11.0 (95% CI 9.7–12.7)``, or not estimable when the slope's interval includes zero."""
    if not f.estimable:
        return N.NOT_ESTIMABLE
    return f"{N.number(f.k, 3)} ({N.pct(level)} CI {N.interval(f.k_lo, f.k_hi, N.number, sig=3)})"


def k_clause(f, level: float) -> Md:
    """``$k$ = 11.0 (95% CI 9.7–12.7)``, or ``$k$ is not estimable from these data``."""
    return Md(f"$k$ = {k_text(f, level)}" if f.estimable else f"$k$ is {N.NOT_ESTIMABLE}")


def r2_pct(r2: float) -> str:
    return N.pct(r2, 0)


def points(x: float) -> str:
    return f"{N.number(100 * x, 2)} percentage points" if abs(100 * x) >= 1 else "less than one percentage point"


# ---------------------------------------------------------------- sections


def task_phrase(task: str) -> str:
    """``"an image classification benchmark"``; ``"machine translation, English to French"`` →
    ``"a machine translation benchmark (English to French)"``."""
    head, _, tail = task.partition(",")
    return with_article(f"{head.strip()} benchmark") + (f" ({tail.strip()})" if tail.strip() else "")


@dataclass
class Intro:
    id: str
    name: str
    task: str  # "an image classification benchmark"
    metric_label: str
    source: Md
    models: str
    scored: str
    n_main: str
    measure: Md
    year_min: str
    year_max: str
    metric_note: Md
    level: str


def intro_phrases(a: BenchmarkAnalysis) -> Intro:
    cfg, data = a.config, a.data
    n, scored = len(data), int(data["score"].notna().sum())
    note = ""
    if cfg.metric_changed:
        note = (f"This edition scores {cfg.name} by {cfg.metric_label}, chosen with the parameter `metrics`; "
                f"the configured default is {cfg.metrics[cfg.default_metric].label}.")
    rows = a.main.rows
    return Intro(
        id=cfg.id, name=cfg.name, task=task_phrase(cfg.task), metric_label=cfg.metric_label,
        source=Md(f"{cfg.source}; the {{ref}}`data appendix <data-appendix>` lists the file with its checksum"),
        models=count(n, "model"), scored="all of them with a score" if scored == n else f"{N.integer(scored)} of them with a score",
        n_main=N.integer(len(rows)), measure=Md(f"the {MEASURE_TERMS[cfg.compute]}"),
        year_min=str(int(rows["year"].min())), year_max=str(int(rows["year"].max())), metric_note=Md(note),
        level=N.pct(a.level))


@dataclass
class Check:
    tolerance: str
    net: str
    hw: str
    disagree: str


def _check_phrase(row: pd.Series, what: str) -> str:
    if row["recorded"] == 0:
        return f"no model records {what}"
    rec = count(row["recorded"], "recorded value")
    if row["compared"] == 0:
        return f"{rec}, none of which can be rebuilt (the file does not give the components)"
    bad = row["disagree"]
    agree = ("all match" if row["agree"] == row["compared"] else
             f"{N.integer(row['agree'])} {'matches' if row['agree'] == 1 else 'match'} and {N.integer(bad)} "
             f"{'does' if bad == 1 else 'do'} not")
    rebuilt = "all rebuilt" if row["compared"] == row["recorded"] else f"{N.integer(row['compared'])} rebuilt"
    return (f"{rec}, {rebuilt} from their components; {agree} (largest difference "
            f"{N.pct(row['max_rel_diff'], 0)})")


def check_phrases(a: BenchmarkAnalysis) -> Check:
    summary = compute_check_summary(a.check).set_index("measure")
    bad = int((a.check["status"] == "disagrees").sum())
    return Check(N.pct(REL_TOL), _check_phrase(summary.loc["network_operations"], "network operations"),
                 _check_phrase(summary.loc["hardware_burden"], "a hardware burden"),
                 "The table below lists the values that disagree." if bad else "No rebuilt value disagrees with its record.")


@dataclass
class Conversion:
    use: Md


def conversion_phrases(a: BenchmarkAnalysis, s: ConsolidationSummary, names: dict[str, str]) -> Conversion:
    cfg = a.config
    if cfg.compute != "consolidated_hardware_burden":
        return Conversion(Md(f"{cfg.name}'s main measure is the hardware burden itself, so nothing is converted."))
    if s.conversion is None and s.authors is None:
        return Conversion(Md(f"The {cfg.name} file gives each model's compute directly (taken as a peak hardware "
                             "burden), so nothing is converted."))
    if s.conversion is None:
        text = (f"Every {cfg.name} model with a score and compute reports its hardware burden, so nothing is converted."
                if s.unconverted == 0 else
                f"No conversion could be fitted (too few models with both measures in any benchmark), so the "
                f"{count(s.unconverted, 'model')} with network operations only are left out.")
        return Conversion(Md(text))
    c = s.conversion
    fitted = join(names.get(b, b) for b in s.fit_benchmarks)
    where = (f"the {count(c.n, 'model')} of {fitted} that have both measures" if c.source == "own" else
             f"the {count(c.n, 'model')} of other benchmarks that have both measures ({fitted}), because {cfg.name} "
             f"has fewer than {N.integer(MIN_CONVERSION_ROWS)} of its own")
    return Conversion(Md(f"For {cfg.name} the regression is fitted on {where}; of the models with a score, "
                         f"{N.integer(s.hardware)} are covered by their own hardware burden and "
                         f"{N.integer(s.converted)} by the conversion (table and figure below)."))


@dataclass
class MainFit:
    n: str
    b: str
    b_ci: str
    r2: str
    effect: str
    k: Md
    halve: str
    k_reverse: Md
    bracket: str
    expo_b: str
    expo_ci: str
    expo_r2: str
    expo_effect: str
    takeaway: Md
    residual_takeaway: Md


def main_phrases(a: BenchmarkAnalysis) -> MainFit:
    p, e = fit_numbers(a.main.polynomial, a.level), fit_numbers(a.main.exponential, a.level)
    lvl = N.pct(a.level)
    if p.estimable:
        effect = (f"Each tenfold increase in compute multiplies the error by {N.number(10 ** -p.slope, 2)} "
                  f"({lvl} CI {N.interval(10 ** -p.slope_hi, 10 ** -p.slope_lo, N.number, sig=2)}).")
        halve = f"about {N.factor(2 ** p.k, 2).removesuffix('×')} times the compute"
        bracket = f"between {N.number(p.k_reverse, 3)} and {N.number(p.k, 3)}"
        take = (f"Error falls as compute grows: each tenfold increase in compute multiplies {a.config.name}'s error "
                f"by {N.number(10 ** -p.slope, 2)}.")
    else:
        effect = (f"Whether more compute lowers the error is {N.NOT_ESTIMABLE}: the slope's {lvl} confidence "
                  "interval includes zero.")
        halve = f"a multiple of the compute that is {N.NOT_ESTIMABLE}"
        bracket = f"in a bracket that is {N.NOT_ESTIMABLE}"
        take = (f"Compute does not pin down {a.config.name}'s error: the slope's {lvl} confidence interval "
                "includes zero.")
    expo_effect = (f"each tenfold increase in compute adds {coef(e.slope)} to 1/error" if e.estimable else
                   f"whether compute lowers the error is {N.NOT_ESTIMABLE}")
    trend = trend_numbers(a.trends["all"], a.level) if "all" in a.trends else None
    if trend is not None and trend.year_estimable and trend.year_slope > 0:
        resid = "Newer models do better than their compute predicts: the residuals rise with the publication date."
    elif trend is not None and trend.year_estimable:
        resid = "Newer models do worse than their compute predicts: the residuals fall with the publication date."
    else:
        resid = "The residuals show no clear drift with the publication date."
    return MainFit(n=N.integer(p.n), b=coef(p.slope), b_ci=ci(p.slope_lo, p.slope_hi, a.level), r2=r2_pct(p.r2),
                   effect=effect, k=k_clause(p, a.level), halve=halve,
                   k_reverse=Md(f"$k \\cdot R^2$ = {N.number(p.k_reverse, 3)}" if p.estimable else
                                f"a $k \\cdot R^2$ that is {N.NOT_ESTIMABLE}"), bracket=bracket,
                   expo_b=coef(e.slope), expo_ci=ci(e.slope_lo, e.slope_hi, a.level), expo_r2=r2_pct(e.r2),
                   expo_effect=expo_effect, takeaway=Md(take), residual_takeaway=Md(resid))


@dataclass
class Trend:
    c: str  # "of 0.024 (95% CI …)" or "that is not estimable from these data"
    b: Md  # the compute slope with its k
    r2: str
    gain: str
    years: Md
    paper: Md


def trend_phrases(a: BenchmarkAnalysis, lit: Literature) -> Trend:
    paper = lit.paper(a.config.id, a.config.metric)
    says = paper is not None and "years_per_10x" in paper.claims
    cited = (f"The paper put it at about {N.number(lit.value('v1_years_per_10x'), 2)} years "
             f"(the {{ref}}`summary page <benchmarks-summary-progress>` sets the book's v1-sample value beside it)."
             if says else
             f"The paper reported no such ratio for {a.config.name} scored by {a.config.metric_label}.")
    if "all" not in a.trends:
        none = f"that is {N.NOT_ESTIMABLE} (the publication dates hardly vary)"
        return Trend(none, Md(N.NOT_ESTIMABLE), N.MISSING, N.MISSING,
                     Md(f"Years of progress per tenfold compute are {N.NOT_ESTIMABLE}"), Md(cited))
    t = trend_numbers(a.trends["all"], a.level)
    c = (f"of {coef(t.year_slope)} ({ci(t.year_lo, t.year_hi, a.level)})" if t.year_estimable else
         f"of {coef(t.year_slope)}, whose {N.pct(a.level)} confidence interval includes zero")
    if t.years_estimable:
        years = (f"{N.number(t.years, 2)} years of progress ({N.pct(a.level)} {{term}}`Fieller interval` "
                 f"{N.interval(t.years_lo, t.years_hi, N.number, sig=2)}) do as much as a tenfold increase in compute")
    else:
        years = (f"How many years of progress equal a tenfold increase in compute is {N.NOT_ESTIMABLE}: the "
                 f"{N.pct(a.level)} {{term}}`Fieller interval` of the ratio is unbounded or reaches zero")
    b = (f"{coef(t.slope)} ($k$ = {N.number(t.k, 3)})" if t.slope_estimable else
         f"{coef(t.slope)}, whose {N.pct(a.level)} confidence interval includes zero ($k$ is {N.NOT_ESTIMABLE})")
    return Trend(c, Md(b), r2_pct(t.r2), points(t.r2_gain),
                 Md(years), Md(cited))


@dataclass
class Frontier:
    q: str
    b: str
    b_ci: str
    k: Md
    r2: str
    families: Md


def frontier_phrases(a: BenchmarkAnalysis) -> Frontier:
    f = fit_numbers(a.frontiers["all"], a.level)
    fam = a.families
    if len(fam):
        n_est = int(fam["estimable"].sum())
        if n_est == len(fam):
            which = "every family's slope excludes zero"
        elif n_est == 0:
            which = f"no family's slope excludes zero, so $k$ is {N.NOT_ESTIMABLE} for any of them"
        else:
            which = (f"the slopes of {N.integer(n_est)} of them exclude zero; for the others $k$ is "
                     f"{N.NOT_ESTIMABLE}")
        found = (f"Model names identify {count(len(fam), 'family')} with at least {N.integer(MIN_FAMILY_ROWS)} models "
                 f"that have compute (table below); {which}.")
    else:
        found = (f"No family has {N.integer(MIN_FAMILY_ROWS)} or more models with compute here, so there are no "
                 "family fits.")
    return Frontier(N.pct(FRONTIER_QUANTILE, 0).replace("%", "th-percentile"), coef(f.slope),
                    ci(f.slope_lo, f.slope_hi, a.level), k_clause(f, a.level), r2_pct(f.r2), Md(found))


@dataclass
class V1:
    fit: Md
    paper: Md


def v1_phrases(a: BenchmarkAnalysis, lit: Literature) -> V1:
    cfg = a.config
    if a.v1 is None:
        n = len(sample_rows(a.main.rows, "v1"))
        who = "no model with compute predates" if n == 0 else \
            f"{count(n, 'model')} with compute {'predates' if n == 1 else 'predate'}"
        fit = f"cannot be made: {who} July 2020, and a fit needs {N.integer(MIN_FIT_ROWS)}"
    else:
        p = fit_numbers(a.v1.polynomial, a.level)
        lo, hi = r2_interval(p.r2, p.n, a.level)
        fit = (f"uses {count(p.n, 'model')}, with slope {coef(p.slope)} ({ci(p.slope_lo, p.slope_hi, a.level)}) and "
               f"R² = {r2_pct(p.r2)} ({N.pct(a.level)} CI {N.interval(lo, hi, N.pct, decimals=0)}; exponential form: "
               f"{r2_pct(a.v1.exponential.r2)})")
    paper = lit.paper(cfg.id, cfg.metric)
    if paper is None:
        said = f"The paper reported no numbers for {cfg.name} scored by {cfg.metric_label}."
    elif paper.r2 is not None:
        gain = (f" and a time-trend gain of {N.number(100 * paper.r2_gain_time_trend, 2)} percentage points"
                if paper.r2_gain_time_trend is not None else "")
        said = (f"The paper reported R² = {N.pct(paper.r2, 0)} for {cfg.name}{gain}; the "
                "{ref}`summary page <benchmarks-summary-v1>` sets the book's values beside them.")
    elif paper.r2_range is False:
        said = (f"The paper left {cfg.name} out of its R² range for its small variation in compute; the "
                "{ref}`summary page <benchmarks-summary-v1>` tests that statement.")
    else:
        said = (f"The paper reported no R² for {cfg.name} alone, only a range across benchmarks (see the "
                "{ref}`summary page <benchmarks-summary-v1>`).")
    return V1(Md(fit), Md(said))


@dataclass
class Forms:
    min_delta: str
    aic_p: str
    aic_e: str
    delta: str
    loo_p: str
    loo_e: str
    verdict: str
    v1_verdict: str


def form_phrases(a: BenchmarkAnalysis) -> Forms:
    c, v1 = a.comparison_of("all"), a.comparison_of("v1")
    return Forms(N.number(MIN_DELTA_AIC, 2), N.number(c["aic_polynomial"], decimals=1),
                 N.number(c["aic_exponential"], decimals=1), N.number(c["delta_aic"], decimals=1),
                 N.number(c["loo_rmse_polynomial"], 2), N.number(c["loo_rmse_exponential"], 2), VERDICTS[c["verdict"]],
                 VERDICTS[v1["verdict"]] if v1 else "not compared (too few models)")
