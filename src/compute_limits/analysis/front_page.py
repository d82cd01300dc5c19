"""The front page's bottom line and key numbers, as typed values quoted from the results of the chapters
that derive them.

Nothing is computed here that a chapter does not compute: every value is a row of ``headlines.csv`` found by
its question id (:func:`compute_limits.analysis.headlines.question_id`) in the role ``headline`` (computed
under the main specification), or a count of ``claims.csv``; the page writes the sentences around them and
links each to the section that derives it.  Every number the front page glues is a headline quote, so it
reads the same as on the page that derives it (``quotes.csv``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated

import pandas as pd

from ..quantities import (Answer, Count, Estimate, FactorEstimate, FlopEstimate, GrowthEstimate, Kind, Month, Names,
                          NumberEstimate, Percent, Points, Share, Usd, UsdEstimate, Year, YearEstimate)
from .answers import DEFAULT_SCENARIO
from .cost_findings import CALIBRATION, other_form
from .headlines import Headline, by_question, question_id

Number2Estimate = Annotated[Estimate, Kind("number", 2)]  # as the benchmark pages set years per tenfold compute
Share2Estimate = Annotated[Estimate, Kind("share", 2)]  # as the out-of-sample chapter sets its coverage


@dataclass
class Contents:
    benchmarks: Names  # every benchmark of data/benchmarks.toml, in its order
    models_newest: Year = math.nan  # the publication year of the newest model in the benchmark data
    epoch_newest: Month = math.nan  # the newest system with a compute estimate in Epoch AI's table (a decimal date)
    answers: dict = field(default_factory=lambda: {  # how far the data run: facts of the data, one reading each
        "models_newest": Answer("data:models_newest"), "epoch_newest": Answer("data:epoch_newest")}, repr=False)


def contents(configs: dict, tables: dict | None = None, epoch: pd.DataFrame | None = None) -> Contents:
    """The benchmarks, and how far the data run: ``tables`` (benchmark id -> table with ``date``) and
    ``epoch`` (Epoch AI's table with ``year``, a decimal date) name the newest model and system."""
    dates = [t["date"].max() for t in (tables or {}).values() if "date" in t and t["date"].notna().any()]
    fitted = epoch[(epoch["compute"] > 0) & epoch["year"].notna()] if epoch is not None and "compute" in epoch else None
    newest = float(fitted["year"].max()) if fitted is not None and len(fitted) else math.nan  # the systems the history fits
    return Contents(tuple(c.name for c in configs.values()), float(max(dates)) if dates else math.nan, newest)


def first_target(headlines: pd.DataFrame, bench: str) -> float:
    """The first target below today's best error (all models) among the headline projections."""
    today = headlines[(headlines["quantity"] == "today_error") & (headlines["benchmark"] == bench)
                      & (headlines["model_set"] == "all")]["value"].iloc[0]
    rows = headlines[(headlines["quantity"] == "log10_flops") & (headlines["benchmark"] == bench)
                     & (headlines["model_set"] == "all")]
    return float(max(t for t in rows["target_error"].dropna().unique() if t < today - 1e-12))


def _estimate(h: Headline | None, interval: str, level: float) -> Estimate:
    """A headline row as an :class:`Estimate` (``None``: the row is missing, so not estimable)."""
    if h is None:
        return Estimate(math.nan, math.nan, math.nan, level, interval, estimable=False)
    return Estimate(h.value, h.lo, h.hi, h.level, interval, h.estimable)


def _row(headlines: pd.DataFrame, question: str) -> Headline | None:
    try:
        return by_question(headlines, question)
    except KeyError:
        return None


@dataclass
class KeyNumbers:
    """The headline answers for the benchmark the front page quotes (``name``), each a row of ``headlines.csv``
    in the role ``headline``; ``tested``: the out-of-sample chapter tested it; ``decided``: the data prefer
    ``form`` (else it is the paper's)."""

    name: str
    target: Share  # the first target below today's best error
    today: Share  # today's best error
    form: str  # the form the headlines use for the benchmark
    other_form: str
    decided: bool
    compute_case: str  # "preferred" (the form the data prefer), "paper" (the data do not decide) or "none" (not estimable)
    level: Share
    compute: FlopEstimate  # to reach the target, calibration interval
    usd: UsdEstimate  # what it costs at today's prices (the main specification's vintage)
    budget: Usd
    year: YearEstimate  # the year the budget affords it (Fieller interval with the growth rate's uncertainty)
    cpd: FactorEstimate  # growth of compute per dollar a year
    r2: Percent  # of the polynomial fit, all models
    k: NumberEstimate  # the exponent k = 1/b
    years: Number2Estimate  # years of algorithmic progress per tenfold compute
    gain: Points  # the R² a time trend adds
    tested: bool  # the out-of-sample chapter tested the benchmark
    saved_unknown: bool  # tested, but how much compute the later models saved is not estimable
    saved: FactorEstimate  # how many times less compute the models since July 2020 needed than the 2020 line implies
    coverage: Share2Estimate  # share of them inside the 2020 fit's prediction interval
    frontier: GrowthEstimate  # growth of the frontier's training compute a year, from July 2020 on
    answers: dict = field(default_factory=dict, repr=False)


def key_numbers(headlines: pd.DataFrame, summary: pd.DataFrame, afford: pd.DataFrame, bench: str, metric: str,
                name: str, level: float) -> KeyNumbers:
    """The key numbers of benchmark ``bench`` scored by ``metric`` from ``headlines.csv``; whether the data
    decide its form from ``benchmarks_summary.csv``, the budget from ``affordability.csv``."""
    target = first_target(headlines, bench)
    q = {kind: question_id(kind, bench, metric, target) for kind in ("compute", "cost", "affordable_year")}
    q.update({kind: question_id(kind, bench, metric) for kind in ("today_error", "r2", "k", "years_per_tenfold",
                                                                   "time_trend_gain", "compute_saved", "oos_coverage")})
    q["cpd"] = question_id("growth", detail="compute_per_dollar")
    q["frontier"] = question_id("frontier_growth", detail="after_cutoff")
    rows = {key: _row(headlines, question) for key, question in q.items()}
    flops = rows["compute"]
    form = flops.form if flops is not None else ""
    budget = afford.loc[afford["scenario"] == DEFAULT_SCENARIO, "budget_usd"]
    verdict = summary.set_index("benchmark")["verdict"].get(bench, "neither")
    fields = {"today": "today_error", "compute": "compute", "usd": "cost", "year": "affordable_year", "cpd": "cpd",
              "r2": "r2", "k": "k", "years": "years_per_tenfold", "gain": "time_trend_gain", "saved": "compute_saved",
              "coverage": "oos_coverage", "frontier": "frontier"}
    answers = {f: Answer(q[key]) for f, key in fields.items()}
    answers.update({"level": Answer("spec:level"), "budget": Answer("spec:budget"),
                    "target": Answer(f"spec:first_target:{bench}/{metric}")})
    decided = bool(form) and verdict == form
    case = "none" if flops is None or not flops.estimable else "preferred" if decided else "paper"
    return KeyNumbers(
        name=name, target=target, today=rows["today_error"].value if rows["today_error"] else math.nan, form=form,
        other_form=other_form(form) if form else "", decided=decided, compute_case=case,
        level=level, compute=_estimate(flops, CALIBRATION, level), usd=_estimate(rows["cost"], CALIBRATION, level),
        budget=float(budget.iloc[0]) if len(budget) else math.nan,
        year=_estimate(rows["affordable_year"], "Fieller interval", level),
        cpd=_estimate(rows["cpd"], "confidence interval", level),
        r2=rows["r2"].value if rows["r2"] else math.nan, k=_estimate(rows["k"], "confidence interval", level),
        years=_estimate(rows["years_per_tenfold"], "Fieller interval", level),
        gain=rows["time_trend_gain"].value if rows["time_trend_gain"] else math.nan,
        tested=rows["compute_saved"] is not None,
        saved_unknown=rows["compute_saved"] is not None and not rows["compute_saved"].estimable,
        saved=_estimate(rows["compute_saved"], "Fieller interval", level),
        coverage=_estimate(rows["oos_coverage"], "confidence interval", level),
        frontier=_estimate(rows["frontier"], "confidence interval", level), answers=answers)


@dataclass
class Ledger:
    n_claims: Count
    holds: Count
    in_part: Count
    not_hold: Count
    not_testable: Count
    uninformative: Count  # an interval too wide to decide (the ledger's rule, analysis.claims)
    answers: dict = field(default_factory=dict, repr=False)


def ledger(claims: pd.DataFrame) -> Ledger:
    """From ``claims``: how many of the paper's statements get each verdict (the ledger's answers)."""
    c = claims["verdict"].value_counts()
    return Ledger(len(claims), int(c.get("holds", 0)), int(c.get("holds in part", 0)), int(c.get("does not hold", 0)),
                  int(c.get("not testable", 0)), int(c.get("uninformative", 0)),
                  answers={f: Answer(f"ledger:{f}") for f in ("n_claims", "holds", "in_part", "not_hold",
                                                                "not_testable", "uninformative")})
