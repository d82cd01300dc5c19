"""The ways out: how fast the levers moved, what they buy, and how far the k⁴ bound lies below the data.

* The levers' rates (:mod:`compute_limits.analysis.levers`): hardware and prices, algorithms (each
  benchmark's time trend), spending, and the literature's.
* :func:`scenario_table`: years until each target fits a budget if hardware, algorithms or both keep
  moving at their historic rates, with the *time-trend model* inverted at the price year (so the cost
  and the algorithmic rate come from one model), and a Fieller interval for the years.  One estimability
  rule holds across chapters: a target whose projection the future-cost chapter finds not estimable
  (:func:`future_cost_verdicts`) is not estimable here either, and a row that is not estimable carries no
  cost and no year.
* :func:`reproduction_table`: the paper's headline statistics recomputed for the conclusion.
* :func:`analyse`: all of it in one call (with :func:`compute_limits.analysis.k_gap.k_gap_table`, the
  fitted exponents against the fourth-power bound); :func:`headline_rows`: the chapter's headline rows.

All rates are in log10 units per year: ``0.3`` means ×10^0.3 ≈ ×2 a year.  DataFrames and fits in,
dataclasses and DataFrames out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import Literature
from ..stats import compare, forms
from ..stats.intervals import fieller, projection_estimable, slope_estimable, slope_interval, t_quantile
from ..stats.regression import TimeTrend, fit_time_trend
from .benchmarks import MIN_TREND_DATES, MainFits, main_fits
from .costs import log10_per_flop
from . import claims, headlines, projections
from .headlines import Headline, question_id, quote
from .k_gap import claims_evidence, k_gap_table
from .levers import Decomposition, Rate, algorithmic_rate, decomposition, named, published_rates, rates_table
from .projections import PAPER_FORM, form_for_headlines

SCENARIOS = ("hardware", "algorithms", "both")
FORMS = forms.FORMS


# --------------------------------------------------------------------------
# Time trends and scenarios (one model: the time trend, inverted as such)
# --------------------------------------------------------------------------


def trend_forms(forms_: tuple[str, ...] = FORMS) -> tuple[str, ...]:
    """The forms a time trend is fitted for: those without an extra fitted parameter (the time-trend fit is OLS
    of the response alone and refuses one); the chapter says which forms it leaves out."""
    return tuple(f for f in forms_ if not forms.get(f).extra_params)


def time_trends(mains: dict[str, MainFits], forms_: tuple[str, ...] = FORMS) -> dict[tuple[str, str], TimeTrend]:
    """The time-trend fit of each benchmark and form that can take one (:func:`trend_forms`), on the main fit's
    rows and compute measure."""
    return {(b, f): fit_time_trend(m.rows, m.compute, form=f, benchmark=b, metric=m.config.metric)
            for b, m in mains.items() for f in trend_forms(forms_)}


def required_at(trend: TimeTrend, target_error, date: float, level: float = 0.95):
    """log10 compute at which a model published at ``date`` reaches ``target_error`` on the time-trend
    model, with the calibration interval (Fieller, residual variance included) of a single model."""
    y0 = np.atleast_1d(trend.response(np.asarray(target_error, dtype=float)))
    t0 = date - trend.base_year
    cov = np.asarray(trend.cov, dtype=float)
    g = np.array([-1.0, 0.0, -t0])
    e_b = np.array([0.0, 1.0, 0.0])
    point = np.atleast_1d(np.asarray(trend.required_log10_compute(np.asarray(target_error, dtype=float), date),
                                     dtype=float))
    if trend.slope <= 0:
        return np.full(y0.shape, np.inf), np.full(y0.shape, -np.inf), np.full(y0.shape, np.inf)
    lo, hi = fieller(y0 - trend.intercept - trend.year_slope * t0, trend.slope, g @ cov @ g + trend.resid_var,
                     cov[1, 1], g @ cov @ e_b, t_quantile(level, trend.df_resid))
    return point, lo, hi


def _years(trend: TimeTrend, y0: np.ndarray, t0: float, w: float, s_alg: float, hw: Rate | None, level: float):
    """Years T until affordable: T = N/D with N = y0 − a − c·t0 + b·w, D = s_alg·c + b·h.

    (From (y0 − a − c·(t0 + T))/b + u − h·T = log10 budget, with w = u − log10 budget and u the log10
    dollars per FLOP.)  The interval is Fieller's for N/D with the fit's covariance, the residual variance
    in N (a single model, as for the cost) and the hardware rate's variance in D (independent).
    """
    a, b, c = trend.intercept, trend.slope, trend.year_slope
    cov = np.asarray(trend.cov, dtype=float)
    h = hw.log10_per_year if hw is not None else 0.0
    gn = np.array([-1.0, w, -t0])
    gd = np.array([0.0, h, s_alg])
    num = y0 - a - c * t0 + b * w
    den = s_alg * c + b * h
    var_n = gn @ cov @ gn + trend.resid_var
    var_d = gd @ cov @ gd + (b * hw.se) ** 2 if hw is not None else gd @ cov @ gd
    if b <= 0 or den <= 0:  # no lever moves (or the fit has no slope): affordable now or never
        point = np.where(num <= 0, 0.0, np.inf)
        return point, np.where(num <= 0, 0.0, np.nan), np.full(num.shape, np.inf)
    lo, hi = fieller(num, den, var_n, var_d, gn @ cov @ gd, t_quantile(level, trend.df_resid))
    point = np.maximum(num / den, 0.0)
    return point, np.clip(lo, 0.0, None), np.clip(hi, 0.0, None)


SCENARIO_COLUMNS = ["benchmark", "metric", "target_error", "form", "preferred", "scenario", "hardware_vintage",
                    "base_year", "budget_usd", "log10_flops", "log10_flops_lo", "log10_flops_hi", "log10_usd",
                    "log10_usd_lo", "log10_usd_hi", "rate_log10_per_year", "years_to_affordable", "years_lo",
                    "years_hi", "affordable_year", "affordable_year_lo", "affordable_year_hi", "estimable",
                    "projection_estimable", "years_compute_only", "n", "level"]
# What a row that is not estimable does not carry: no cost and no year (the compute's point and interval stay,
# the interval saying why).
NOT_ESTIMABLE_BLANK = ["log10_usd", "log10_usd_lo", "log10_usd_hi", "years_to_affordable", "years_lo", "years_hi",
                       "affordable_year", "affordable_year_lo", "affordable_year_hi", "years_compute_only"]


def _target_key(benchmark: str, form: str, target: float) -> tuple[str, str, float]:
    return benchmark, form, round(float(target), 9)


def future_cost_verdicts(projections: pd.DataFrame, vintage: str) -> dict[tuple[str, str, float], bool]:
    """``{(benchmark, form, target): estimable}``: the future-cost chapter's verdict on each projection to a
    target (all models, the compute-only fit; ``projections.csv`` rows of one vintage)."""
    rows = projections[(projections["model_set"] == "all") & (projections["hardware_vintage"] == vintage)
                       & ~projections["is_today"].astype(str).str.lower().eq("true")]
    return {_target_key(r["benchmark"], r["form"], r["target_error"]): str(r["estimable"]).lower() == "true"
            for _, r in rows.iterrows()}


def scenario_table(trends: dict, mains: dict[str, MainFits], targets: dict[str, tuple[float, ...]], hardware: Rate,
                   log10_usd_per_flop: float, budget_usd: float, base_year: float, vintage: str,
                   level: float = 0.95, preferred: dict[str, str] | None = None,
                   verdicts: dict[tuple[str, str, float], bool] | None = None) -> pd.DataFrame:
    """Years from ``base_year`` until each target costs less than ``budget_usd`` under each scenario.

    The cost at ``base_year`` and the algorithmic rate come from the same time-trend model (inverted at
    ``base_year``); hardware and prices improve at ``hardware``.  A lever whose point rate is not positive
    is counted as no gain, so pulling both is never slower than pulling one.  ``years_lo``/``years_hi`` is
    a Fieller interval that carries the calibration interval of the cost and both rates' uncertainty;
    ``estimable`` is False where it is unbounded, or the cost's interval is not estimable by the book's one
    rule (:func:`~compute_limits.stats.intervals.projection_estimable`: unbounded, or wider than
    ``interval.max_orders``; a time trend whose compute slope is not significant prices no target).  ``years_compute_only`` is what the earlier edition
    computed (the compute-only fit's cost with the time-trend rate), kept to show what changed.
    ``preferred`` ({benchmark: form}) marks the rows of the form the book's headlines use.
    ``verdicts`` (:func:`future_cost_verdicts`) is the future-cost chapter's verdict on each target
    (``projection_estimable``): a row is estimable only if that projection is too (a target missing from
    it is not projected there, so not dated here); without ``verdicts`` only this model's own rule applies.
    A row that is not estimable carries no cost and no year (``NOT_ESTIMABLE_BLANK``).
    """
    preferred = preferred or {}
    u, log_budget = float(log10_usd_per_flop), math.log10(budget_usd)
    w = u - log_budget
    frames = []
    for (bench, form), tt in trends.items():
        tgt = np.asarray(targets[bench], dtype=float)
        if not len(tgt):
            continue
        y0 = tt.response(tgt)
        t0 = base_year - tt.base_year
        x0, x_lo, x_hi = required_at(tt, tgt, base_year, level)
        alg = tt.year_slope / tt.slope if tt.slope > 0 else math.nan
        s_alg = 1.0 if alg > 0 else 0.0
        h = max(hardware.log10_per_year, 0.0)
        only = mains[bench].fit(form)
        cost_only = (np.asarray(only.required_log10_compute(tgt), dtype=float) + u) if only.slope > 0 else np.inf
        for scenario in SCENARIOS:
            use_alg = s_alg if scenario in ("algorithms", "both") else 0.0
            use_hw = hardware if scenario in ("hardware", "both") and h > 0 else None
            years, lo, hi = _years(tt, y0, t0, w, use_alg, use_hw, level)
            rate = use_alg * (alg if use_alg else 0.0) + (h if use_hw is not None else 0.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                before = np.where(cost_only <= log_budget, 0.0,
                                  (cost_only - log_budget) / rate if rate > 0 else np.inf)
            frames.append(pd.DataFrame({
                "benchmark": bench, "metric": tt.meta.get("metric", ""), "target_error": tgt, "form": form,
                "preferred": preferred.get(bench, PAPER_FORM) == form, "scenario": scenario,
                "hardware_vintage": vintage, "base_year": float(base_year),
                "budget_usd": float(budget_usd), "log10_flops": x0, "log10_flops_lo": x_lo, "log10_flops_hi": x_hi,
                "log10_usd": x0 + u, "log10_usd_lo": x_lo + u, "log10_usd_hi": x_hi + u,
                "rate_log10_per_year": rate, "years_to_affordable": years, "years_lo": lo, "years_hi": hi,
                "affordable_year": base_year + years, "affordable_year_lo": base_year + lo,
                "affordable_year_hi": base_year + hi,
                "estimable": np.isfinite(lo) & np.isfinite(hi) & projection_estimable(x_lo, x_hi),  # the one rule
                "years_compute_only": before, "n": tt.n, "level": level}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SCENARIO_COLUMNS)
    out["estimable"] = out["estimable"].astype(bool)
    if verdicts is None:
        out["projection_estimable"] = np.nan
    else:
        out["projection_estimable"] = [bool(verdicts.get(_target_key(b, f, t), False))
                                       for b, f, t in zip(out["benchmark"], out["form"], out["target_error"])]
        out["estimable"] &= out["projection_estimable"].astype(bool)
    out.loc[~out["estimable"], NOT_ESTIMABLE_BLANK] = np.nan
    return out[SCENARIO_COLUMNS]


def years_with(row: pd.Series, extra_log10_per_year: float) -> float:
    """Point years until a scenario row's target fits the budget if a further lever (e.g. budgets growing
    as spending did) adds ``extra_log10_per_year`` to the scenario's rate."""
    gap = float(row["log10_usd"]) - math.log10(float(row["budget_usd"]))
    rate = float(row["rate_log10_per_year"]) + max(float(extra_log10_per_year), 0.0)
    return 0.0 if gap <= 0 else (gap / rate if rate > 0 else math.inf)


def beyond(table: pd.DataFrame, horizon_year: float, column: str = "affordable_year",
           scenario: str = "both", form: str | None = None) -> pd.DataFrame:
    """Rows of ``scenario`` (and ``form``) whose ``column`` lies beyond ``horizon_year`` (or is never)."""
    df = table[table["scenario"] == scenario]
    if form is not None:
        df = df[df["form"] == form]
    return df[~(df[column] <= horizon_year)].reset_index(drop=True)


# --------------------------------------------------------------------------
# The conclusion: the paper's statistics recomputed
# --------------------------------------------------------------------------


def reproduction_table(mains: dict[str, MainFits], trends: dict, v1: dict[str, MainFits | None],
                       level: float = 0.95) -> pd.DataFrame:
    """Per benchmark: n, R² (polynomial), whether the slope is estimable, the R² a time trend adds and its
    years ≡ 10× compute (polynomial), and the v1-sample n and R² (NaN where the sample is too small)."""
    rows = []
    for bench, main in mains.items():
        poly = main.fit(forms.PAPER_FORM)
        tt = trends[(bench, forms.PAPER_FORM)]
        old = v1.get(bench)
        rows.append({"benchmark": bench, "name": main.config.name, "metric": main.config.metric, "n": poly.n,
                     "r2": poly.r2, "estimable": slope_estimable(*slope_interval(poly, level)),
                     "r2_gain_time_trend": tt.r2 - tt.r2_without_year,
                     "years_per_10x": tt.years_per_10x if tt.year_slope > 0 and tt.slope > 0 else math.inf,
                     "v1_n": old.fit(forms.PAPER_FORM).n if old else 0,
                     "v1_r2": old.fit(forms.PAPER_FORM).r2 if old else math.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# The chapter's analysis in one call, its headline rows and its claims evidence
# --------------------------------------------------------------------------


@dataclass
class WaysOut:
    """Everything the ways-out chapter reports (results tables and the objects its sections cite)."""

    headline: str
    level: float
    mains: dict  # benchmark -> MainFits (all models)
    v1: dict  # benchmark -> MainFits of the v1 sample, or None
    trends: dict  # (benchmark, form) -> TimeTrend
    targets: dict  # benchmark -> target errors
    preferred: dict  # benchmark -> the form the book's headlines use (the verdict rule's, else the paper's)
    decomposition: Decomposition
    algorithms: dict  # benchmark -> Rate (polynomial time trend)
    published: dict  # key -> Rate
    rates: pd.DataFrame  # ways_out_rates
    scenarios: pd.DataFrame  # ways_out
    k_gap: pd.DataFrame
    reproduction: pd.DataFrame
    bound: float
    factor: float
    base_year: int
    budget_usd: float
    vintage: str
    no_trend: list  # benchmarks whose dates cannot identify a time trend (left out of the scenarios)

    @property
    def form(self) -> str:
        """The headline benchmark's headline form."""
        return self.preferred[self.headline]


def _trend_possible(main: MainFits) -> bool:
    return main.rows["date"].notna().sum() >= 4 and main.rows["date"].nunique() >= MIN_TREND_DATES


def headline_form(main: MainFits, level: float = 0.95) -> str:
    """The form the book's headlines use for a benchmark (:func:`~compute_limits.analysis.projections.form_for_headlines`)."""
    return form_for_headlines(compare.compare_forms(main.fits, level)["verdict"])


def analyse(prepared: dict, growth, vintage, lit: Literature, headline: str, level: float = 0.95,
            budget_usd: float = 1e8, factor: float = 10.0, n_boot: int = 0, seed: int = 0,
            verdicts: dict[tuple[str, str, float], bool] | None = None) -> WaysOut:
    """The chapter's analysis: ``prepared`` ({benchmark: analysis.benchmarks.Prepared}), ``growth``
    (:func:`compute_limits.analysis.costs.historic_growth`), ``vintage`` (prices the compute); ``n_boot`` and
    ``seed``: the bootstrap of spending's share of the growth of compute; ``verdicts`` (the future-cost
    chapter's, :func:`future_cost_verdicts`)."""
    mains = {b: m for b, m in ((b, main_fits(p)) for b, p in prepared.items()) if m is not None}
    if headline not in mains:
        raise ValueError(f"headline benchmark {headline!r} has too few models with a score and compute to fit")
    v1 = {b: main_fits(p, "v1") for b, p in prepared.items()}
    with_trend = {b: m for b, m in mains.items() if _trend_possible(m)}
    if headline not in with_trend:
        raise ValueError(f"headline benchmark {headline!r}: its models have too few distinct publication dates "
                         f"for a time trend (need {MIN_TREND_DATES})")
    trends = time_trends(with_trend)
    targets = {b: m.config.effective_targets(m.today) for b, m in mains.items()}
    # a benchmark whose headline form has no time trend (trend_forms) is priced here under the paper's form
    preferred = {b: f if f in trend_forms() else PAPER_FORM for b, f in
                 ((b, headline_form(m, level)) for b, m in mains.items())}
    dec = decomposition(growth, n_boot, seed)
    algorithms = {b: algorithmic_rate(trends[(b, forms.PAPER_FORM)], f"algorithms_{b}", level,
                                      float(m.rows["date"].min()), float(m.rows["date"].max()))
                  for b, m in with_trend.items()}
    published = published_rates(lit)
    rates = rates_table([dec.per_dollar, *algorithms.values(), dec.spending, dec.compute], published)
    rates["level"] = np.where(rates["origin"] == "this book", level, rates["level"])
    table = scenario_table(trends, mains, targets, dec.per_dollar, log10_per_flop(vintage)["usd"], budget_usd,
                           vintage.price_year, vintage.id, level, preferred, verdicts)
    bound = lit.value("k4_data_exponent") + lit.value("k4_parameter_exponent")
    return WaysOut(headline, level, mains, v1, trends, targets, preferred, dec, algorithms, published, rates, table,
                   k_gap_table(mains, bound, factor, level), reproduction_table(mains, trends, v1, level), bound,
                   factor, vintage.price_year, budget_usd, vintage.id, [b for b in mains if b not in with_trend])


SECTION = "ways-out-buys"  # the section of chapters/ways_out.md that derives the scenario years
CHAPTER = "ways_out"
YEARS_INTERVAL = "Fieller interval (calibration interval of a single model's cost, confidence intervals of the rates)"


def scenario_label(wo: WaysOut, scenario: str) -> str:
    """The ``scenario`` of a headline row: lever, model, vintage and budget."""
    return (f"{scenario} at historic rates; time-trend model at {wo.base_year}; hardware {wo.vintage}; "
            f"budget {wo.budget_usd:,.0f} USD")


def time_trend_differs(base_year: float, scenario: str = "", form_note: str = "") -> str:
    """What this chapter's costs and dates change from the main specification: the time-trend model inverted
    at the price year, the scenario's levers, and the form where it is not the preferred one."""
    levers = {"hardware": "", "algorithms": "algorithms alone instead of hardware",
              "both": "algorithms at their historic rate as well"}.get(scenario, "")
    return "; ".join(p for p in (f"the time-trend model inverted at {base_year:.0f}", levers, form_note) if p)


def row_differs(wo: WaysOut, scenario: str, preferred: bool, form: str) -> str:
    """What a scenario row changes from the main specification (every row does: the time-trend model)."""
    return time_trend_differs(wo.base_year, scenario, "" if preferred else f"{form} form (the rule prefers the other)")


def headline_rows(wo: WaysOut) -> list[Headline]:
    """Years until affordable and the calendar year, per target, form and scenario, for the headline
    benchmark (``preferred`` marks the form the book's headlines use).  Every row is a sensitivity of the
    future-cost chapter's answer to the same question: it inverts the time-trend model, not the fit of error
    on compute alone, and pulls other levers."""
    out = []
    for _, r in wo.scenarios[wo.scenarios["benchmark"] == wo.headline].iterrows():
        what = row_differs(wo, r["scenario"], bool(r["preferred"]), r["form"])
        for quantity, unit, cols in (("years_to_affordable", "years", ("years_to_affordable", "years_lo", "years_hi")),
                                     ("affordable_year", "year", ("affordable_year", "affordable_year_lo",
                                                                  "affordable_year_hi"))):
            value, lo, hi = (float(r[c]) for c in cols)
            out.append(Headline(quantity, wo.headline, r["metric"], float(r["target_error"]), "all", r["form"],
                                scenario_label(wo, r["scenario"]), value, lo, hi, unit, YEARS_INTERVAL, wo.level,
                                bool(r["estimable"]), CHAPTER, SECTION, preferred=bool(r["preferred"]),
                                question=question_id(quantity, wo.headline, r["metric"], float(r["target_error"])),
                                role="sensitivity", differs=what))
    return out


def tables(wo: WaysOut, names: dict[str, str]) -> dict[str, tuple[pd.DataFrame, str | None]]:
    """The chapter's results: ``{name: (DataFrame, part or None)}`` for ``write_result`` (``headlines`` is
    this chapter's part of a shared table; its ``claims_evidence`` rows are :func:`evidence_rows`)."""
    configs = {b: m.config for b, m in wo.mains.items()}
    return {"ways_out_rates": (named(wo.rates, names), None),
            "ways_out": (projections.with_floors(wo.scenarios, configs), None),
            "k_gap": (wo.k_gap, None), "headlines": (headlines.table(headline_rows(wo)), CHAPTER)}


def evidence_rows(wo: WaysOut, names: dict[str, str]) -> list[claims.Evidence]:
    """The chapter's rows of the claims ledger (``claims_evidence``, part ``ways_out``), their text still to
    write (:func:`compute_limits.report.ledger_text.evidence`)."""
    return claims_evidence(wo.k_gap, wo.bound, wo.level, names)


# --------------------------------------------------------------------------
# What the chapter quotes from the chapters it follows
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotedCost:
    """The future-cost chapter's headline compute and cost for a target (its ``headlines.csv`` rows), and
    the same target on this chapter's time-trend model at the price year, for the comparison."""

    flops: Headline
    usd: Headline
    tt_log10_flops: float
    tt_log10_flops_lo: float
    tt_log10_flops_hi: float
    tt_log10_usd: float


def quote_future_cost(frame: pd.DataFrame, wo: WaysOut, cost_scenario: str, vintage) -> QuotedCost:
    """The future-cost chapter's preferred-form rows (sample all) for the headline benchmark's first target
    (the first of this chapter's targets it has a row for, else its own first target below today's error)."""
    metric = wo.mains[wo.headline].config.metric
    frame = frame[(frame["chapter"] == "future_costs") & (frame["metric"] == metric)]
    rows = frame[(frame["quantity"] == "log10_flops") & (frame["benchmark"] == wo.headline)
                 & (frame["model_set"] == "all")]
    available = sorted(rows["target_error"].dropna().unique(), reverse=True)
    today = wo.mains[wo.headline].today
    mine = [t for t in wo.targets[wo.headline] if any(math.isclose(t, a) for a in available)]
    below = [a for a in available if a < today - 1e-12]
    if not (mine or below):
        raise KeyError(f"headlines.csv has no future-cost row for {wo.headline!r} scored by {metric!r} below "
                       f"today's error: run the future-cost chapter with the same metrics and data first")
    target = mine[0] if mine else below[0]
    match = next(a for a in available if math.isclose(a, target))
    flops = quote(frame, "log10_flops", wo.headline, match, model_set="all", preferred=True)
    usd = quote(frame, "log10_usd", wo.headline, match, model_set="all", preferred=True, scenario=cost_scenario)
    trend = wo.trends.get((wo.headline, flops.form))  # none for a form with an extra fitted parameter
    x, lo, hi = required_at(trend, match, wo.base_year, wo.level) if trend else ([math.nan],) * 3
    u = log10_per_flop(vintage)["usd"]
    return QuotedCost(flops, usd, float(x[0]), float(lo[0]), float(hi[0]), float(x[0]) + u)


@dataclass(frozen=True)
class OutOfSample:
    """The out-of-sample chapter's result for one benchmark (its ``out_of_sample.csv`` row)."""

    benchmark: str
    form: str
    n_train: int
    n_test: int
    coverage: float
    coverage_lo: float
    coverage_hi: float
    share_below: float
    efficiency: float
    efficiency_lo: float
    efficiency_hi: float
    efficiency_estimable: bool
    level: float


def quote_out_of_sample(frame: pd.DataFrame, benchmark: str) -> OutOfSample | None:
    """The polynomial row of ``benchmark`` in ``out_of_sample.csv``, or ``None`` where it was not evaluated
    (too few models before or after the cut-off)."""
    rows = frame[(frame["benchmark"] == benchmark) & (frame.get("form", forms.PAPER_FORM) == forms.PAPER_FORM)]
    if rows.empty:
        return None
    r = rows.iloc[0]
    flag = r.get("estimable", False)
    return OutOfSample(benchmark, forms.PAPER_FORM, int(r["n_train"]), int(r["n_test"]), float(r["interval_coverage"]),
                       float(r.get("interval_coverage_lo", math.nan)), float(r.get("interval_coverage_hi", math.nan)),
                       float(r["share_below"]), float(r.get("efficiency_factor", math.nan)),
                       float(r.get("efficiency_factor_lo", math.nan)), float(r.get("efficiency_factor_hi", math.nan)),
                       flag if isinstance(flag, bool | np.bool_) else str(flag).lower() == "true",
                       float(r.get("level", math.nan)))
