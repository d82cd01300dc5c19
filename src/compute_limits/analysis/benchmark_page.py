"""What a benchmark page states, section by section: each section's values with their kinds, and the flags
and cases that pick which variant of a sentence the chapter (``chapters/benchmark.md``) shows.

Every function takes a :class:`~compute_limits.analysis.benchmarks.BenchmarkAnalysis` and returns one
dataclass, glued whole with ``glue_all``.  A slope whose interval includes zero makes everything derived
from it (k, the error factor per tenfold compute, years per tenfold compute) an
:class:`~compute_limits.quantities.Estimate` with ``estimable=False`` (read "not estimable from these
data"); so does a slope whose interval lies below zero for the exponent k (error that rises with compute has
no exponent), and an interval wider than the book's one rule allows for a multiple of compute
(:func:`~compute_limits.stats.intervals.informative`, the main specification's ``interval.max_orders``).  A value only one variant of a sentence cites is NaN
in the other case, so it is not glued at all.
A ``case`` field is a short name the chapter compares in ``{if} key == "name"`` blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Annotated

from ..config import Literature
from ..quantities import (Answer, CoefEstimate, Count, Estimate, Fixed, Kind, Names, NumberEstimate, Percent,
                          PercentEstimate, Points, Share, Year)
from ..stats.bootstrap import ROBUST_SE_SHARE
from ..stats.compare import MIN_DELTA_AIC
from ..stats.forms import PAPER_FORM, alternative
from ..stats.intervals import informative, max_orders, r2_interval
from ..stats.regression import ols_slope
from .benchmarks import (FRONTIER_QUANTILE, MIN_FIT_ROWS, BenchmarkAnalysis, fit_numbers, sample_rows,
                         share_at_or_below_zero, trend_numbers)
from .compute_measures import MIN_CONVERSION_ROWS, REL_TOL, ConsolidationSummary
from .families import MIN_FAMILY_ROWS
from .headlines import Headline, question_id

CHAPTER = "benchmark"
V1_DIFFERS = "v1 sample (models published before July 2020)"  # what a v1-sample number changes
LABELS = {"r2": "benchmarks-summary", "k": "benchmarks-summary", "years_per_tenfold": "benchmarks-summary-progress",
          "time_trend_gain": "benchmarks-summary-progress"}  # where the summary page sets them side by side

NAN = float("nan")
Number2 = Annotated[float, Kind("number", 2)]  # two significant digits ("0.81", "2,100")
Number3 = Annotated[float, Kind("number", 3)]
Number2Estimate = Annotated[Estimate, Kind("number", 2)]
Orders0 = Annotated[float, Kind("orders", 0)]
HalveEstimate = Annotated[Estimate, Kind("factor", 2)]  # "2,100× (95% confidence interval 850–6,600×)"


def _slope(f, level: float) -> Estimate:
    """A fitted slope with its interval: always shown (the interval says whether it excludes zero)."""
    return Estimate(f.slope, f.slope_lo, f.slope_hi, level)


def _unless(flag: bool, value: float) -> float:
    """``value`` where ``flag`` holds, else NaN (a value only one variant of a sentence cites)."""
    return float(value) if flag else NAN


# ---------------------------------------------------------------- the opening


@dataclass
class Intro:
    id: str
    name: str
    task: str  # from benchmarks.toml ("image classification")
    metric_label: str
    default_metric_label: str
    metric_changed: bool  # the parameter `metrics` chose another metric than the configured default
    source: str  # who made the data (benchmarks.toml or the manifest)
    compute: str  # the main compute measure ("consolidated_hardware_burden", "hardware_burden", "network_operations")
    level: Share
    models: Count  # rows of the file
    scored: Count  # rows with a score
    all_scored: bool
    n_main: Count  # rows of the main fit (score and main compute)
    year_min: Year
    year_max: Year


def intro(a: BenchmarkAnalysis) -> Intro:
    cfg, data, rows = a.config, a.data, a.main.rows
    scored = int(data["score"].notna().sum())
    return Intro(cfg.id, cfg.name, cfg.task, cfg.metric_label, cfg.metrics[cfg.default_metric].label,
                 bool(cfg.metric_changed), cfg.source, cfg.compute, a.level, len(data), scored, scored == len(data),
                 len(rows), float(rows["year"].min()), float(rows["year"].max()))


@dataclass
class Targets:
    """What the benchmark's error means, the floor under it where the literature gives one, and how the
    targets the book projects (``benchmarks.toml``'s, those already beaten replaced) stand to that floor."""

    means: str  # what an error of the metric is, in words (benchmarks.toml; "" when not given)
    has_means: bool
    has_floor: bool
    floor: Share  # the floor as an error rate (NaN without one)
    floor_what: str  # what it rests on (data: shown as text)
    floor_source: str  # who found it
    n: Count  # targets projected
    highest: Share  # the highest and lowest of them
    lowest: Share
    n_below: Count  # below the floor
    below: str  # "all", "some", "one" (the lowest only) or "none" of the targets lie below the floor ("none" also
    #             without a floor)
    today: Share  # today's best error in the main fit's models (the targets are below it)
    today_below: bool  # which is itself below the floor


def targets(a: BenchmarkAnalysis) -> Targets:
    cfg, floor = a.config, a.config.floor
    today = float(a.main.rows["error"].min())
    tgt = cfg.effective_targets(today)
    n_below = sum(cfg.below_floor(t) for t in tgt)
    below = "all" if tgt and n_below == len(tgt) else "one" if n_below == 1 else "some" if n_below else "none"
    return Targets(cfg.error_means or "", bool(cfg.error_means), floor is not None, floor.error if floor else NAN,
                   floor.what if floor else "", floor.source if floor else "", len(tgt), max(tgt, default=NAN),
                   min(tgt, default=NAN), n_below, below, today, cfg.below_floor(today))


# ---------------------------------------------------------------- the two measures, rebuilt


@dataclass
class Check:
    tolerance: Share  # a rebuilt value matches its record within this
    any_disagree: bool  # some rebuilt value does not (the table lists them)


def check(a: BenchmarkAnalysis) -> Check:
    return Check(REL_TOL, bool((a.check["status"] == "disagrees").any()))


@dataclass
class Conversion:
    """How the consolidated hardware burden arose (``case``):

    * ``hardware``: the main measure is the hardware burden itself;
    * ``given``: the file gives each model's compute directly (a tidy file), nothing is converted;
    * ``complete``: every model with a score and compute reports its hardware burden;
    * ``unfitted``: no conversion could be fitted, models with network operations only are left out;
    * ``own``: fitted on this benchmark's models with both measures; ``pooled``: on other benchmarks'.
    """

    case: str
    fitted: bool  # the main measure rests on a conversion regression (case own or pooled: its table and figure)
    fitted_on: tuple[str, ...]  # names of the benchmarks whose models it is fitted on
    n: Count  # models it is fitted on
    min_rows: Count  # fewer models with both measures than this: the conversion is pooled
    hardware: Count  # models with a score covered by their own hardware burden
    converted: Count  # and by the conversion
    unconverted: Count  # network operations only, no conversion: left out
    # the other benchmarks whose data are a user's file, when the conversion is pooled over every benchmark (case
    # pooled, or unfitted for want of pooled models): the page says that the user's file is in the pool
    pool_users: Names = ()
    pool_users_files: Names = ()  # those files, by name
    pool_has_users: bool = False


def conversion(a: BenchmarkAnalysis, s: ConsolidationSummary, names: dict[str, str],
               data_files: dict | None = None) -> Conversion:
    """``names``: display names by benchmark id (a benchmark this build does not configure keeps its id);
    ``data_files``: the page's input overrides (benchmark id -> a user's file)."""
    c = s.conversion
    if a.config.compute != "consolidated_hardware_burden":
        case = "hardware"
    elif c is None:
        case = "given" if s.authors is None else ("complete" if s.unconverted == 0 else "unfitted")
    else:
        case = c.source
    fitted_on = tuple(names.get(b, b) for b in s.fit_benchmarks)
    users = {b: PurePath(str(f)).name for b, f in (data_files or {}).items() if b in names and b != a.config.id}
    if case not in ("pooled", "unfitted"):
        users = {}
    return Conversion(case, case in ("own", "pooled"), fitted_on, c.n if c else 0, MIN_CONVERSION_ROWS, s.hardware,
                      s.converted, s.unconverted, tuple(names[b] for b in users), tuple(users.values()), bool(users))


# ---------------------------------------------------------------- error against compute


@dataclass
class MainFit:
    n: Count
    b: CoefEstimate  # the polynomial slope with its confidence interval
    r2: Percent
    estimable: bool  # the slope's interval excludes zero (on either side)
    falls: bool  # the slope's interval lies above zero: error falls as compute grows
    rises: bool  # it lies below zero: error rises as compute grows
    error_factor: Number2Estimate  # the error is multiplied by this for each tenfold increase in compute
    k: NumberEstimate  # the exponent 1/b (estimable only when the error falls)
    halve: HalveEstimate  # multiple of compute that halves the error, 2^k, with 2^(k's interval); not estimable
    #                       unless the error falls and that interval spans at most max_orders orders of magnitude
    halve_too_wide: bool  # the error falls, but that interval is too wide to estimate the multiple
    halve_max_orders: Orders0  # the rule's limit ("6 orders of magnitude")
    k_reverse: Number3  # k·R², the reverse regression's exponent (NaN when k is not estimable)
    expo_b: CoefEstimate
    expo_r2: Percent
    expo_estimable: bool
    drift: str  # the plotted line (least squares of the residuals on the date): "rise" or "fall" where its
    #             interval excludes zero, else "none" (no clear drift)
    drift_b: CoefEstimate  # that line's slope, per year, with its confidence interval
    answers: dict = field(default_factory=dict, repr=False)


def _q(a: BenchmarkAnalysis, kind: str, differs: str = "") -> Answer:
    return Answer(question_id(kind, a.config.id, a.config.metric), differs)


def main_fit(a: BenchmarkAnalysis) -> MainFit:
    p, e = fit_numbers(a.main.fit(PAPER_FORM), a.level), fit_numbers(a.main.fit(alternative(PAPER_FORM)), a.level)
    falls, rises = p.estimable and p.slope_lo > 0, p.estimable and p.slope_hi < 0
    factor = Estimate(10 ** -p.slope, 10 ** -p.slope_hi, 10 ** -p.slope_lo, a.level, estimable=p.estimable)
    halve = Estimate(2 ** p.k, 2 ** p.k_lo, 2 ** p.k_hi, a.level,
                     estimable=bool(falls and informative(2 ** p.k_lo, 2 ** p.k_hi)))
    dates = a.main.rows["date"].to_numpy(dtype=float)
    drift_b, drift_lo, drift_hi = ols_slope(dates, a.main.fit(PAPER_FORM).residuals(), a.level)
    drift = "rise" if drift_lo > 0 else "fall" if drift_hi < 0 else "none"
    return MainFit(p.n, _slope(p, a.level), p.r2, p.estimable, falls, rises, factor,
                   Estimate(p.k, p.k_lo, p.k_hi, a.level, estimable=falls), halve, falls and not halve.estimable,
                   max_orders(),
                   _unless(falls, p.k_reverse), _slope(e, a.level), e.r2, e.estimable, drift,
                   Estimate(drift_b, drift_lo, drift_hi, a.level),
                   answers={"r2": _q(a, "r2"), "k": _q(a, "k")})


# ---------------------------------------------------------------- algorithmic progress


@dataclass
class Trend:
    fitted: bool  # enough distinct publication dates for a time trend
    year_b: CoefEstimate  # the year coefficient
    year_estimable: bool  # its interval excludes zero
    b: CoefEstimate  # the compute slope beside it
    k: NumberEstimate  # 1/b, estimable only when that slope's interval excludes zero
    r2: Percent
    r2_gain: Points  # the R² the year adds
    years: Number2Estimate  # years of progress per tenfold compute (Fieller interval; its flag: years_estimable)
    paper_says: bool  # the paper reported the ratio for this benchmark and metric
    paper_years: Number2  # what it reported (NaN when it did not)
    answers: dict = field(default_factory=dict, repr=False)


def trend(a: BenchmarkAnalysis, lit: Literature) -> Trend:
    paper = lit.paper(a.config.id, a.config.metric)
    says = paper is not None and "years_per_10x" in paper.claims
    paper_years = _unless(says, lit.value("v1_years_per_10x"))
    if "all" not in a.trends:
        none = Estimate(NAN, NAN, NAN, a.level, estimable=False)
        return Trend(False, none, False, none, none, NAN, NAN, Estimate(NAN, NAN, NAN, a.level, "Fieller interval",
                     estimable=False), says, paper_years)
    t = trend_numbers(a.trends["all"], a.level)
    f = fit_numbers(a.trends["all"], a.level)
    return Trend(True, Estimate(t.year_slope, t.year_lo, t.year_hi, a.level), t.year_estimable,
                 Estimate(t.slope, t.slope_lo, t.slope_hi, a.level),
                 Estimate(t.k, f.k_lo, f.k_hi, a.level, estimable=t.slope_estimable), t.r2, t.r2_gain,
                 Estimate(t.years, t.years_lo, t.years_hi, a.level, "Fieller interval", estimable=t.years_estimable),
                 says, paper_years,
                 answers={"r2_gain": _q(a, "time_trend_gain"), "years": _q(a, "years_per_tenfold")})


# ---------------------------------------------------------------- the efficient frontier and the families


@dataclass
class Frontier:
    quantile: Share
    n: Count  # models the frontier is fitted on
    n_boot: Count  # bootstrap resamples behind its interval
    se_share: Share  # its standard error is half the width of this middle share of the resampled slopes
    b: CoefEstimate  # its slope with the bootstrap's percentile interval
    falls: bool  # that interval lies above zero
    share_at_or_below_zero: Share  # of the resampled slopes
    r2: Percent  # pseudo-R²
    k: NumberEstimate  # 1/b, estimable only when the frontier's error falls (by its bootstrap interval)
    both_fall: bool  # the mean fit's error falls too: the two exponents are set side by side
    only_frontier_falls: bool  # the frontier's k is estimable, the mean fit's is not
    families: str  # "none" (no family fit), "all", "some" or "no" (how many families' slopes exclude zero)
    n_families: Count
    n_families_estimable: Count
    min_family_rows: Count


def frontier(a: BenchmarkAnalysis) -> Frontier:
    fit = a.frontiers["all"]
    f, mean = fit_numbers(fit, a.level), fit_numbers(a.main.fit(PAPER_FORM), a.level)
    falls, mean_falls = f.estimable and f.slope_lo > 0, mean.estimable and mean.slope_lo > 0
    fam = a.families
    n, n_est = len(fam), int(fam["estimable"].sum()) if len(fam) else 0
    which = "none" if n == 0 else "all" if n_est == n else "no" if n_est == 0 else "some"
    return Frontier(FRONTIER_QUANTILE, f.n, len(fit.slope_draws) if fit.slope_draws is not None else 0, ROBUST_SE_SHARE,
                    Estimate(f.slope, f.slope_lo, f.slope_hi, a.level, "bootstrap interval"), falls,
                    share_at_or_below_zero(fit), f.r2,
                    Estimate(f.k, f.k_lo, f.k_hi, a.level, "bootstrap interval", estimable=falls),
                    falls and mean_falls, falls and not mean_falls, which, n,
                    n_est, MIN_FAMILY_ROWS)


# ---------------------------------------------------------------- the v1 sample


@dataclass
class V1:
    fitted: bool  # enough models with compute before July 2020 for a fit
    n: Count  # models with compute in the v1 sample (those the fit uses, when there is one)
    min_rows: Count
    b: CoefEstimate
    r2: PercentEstimate  # with its confidence interval (Fisher's z)
    expo_r2: Percent
    paper: str  # what the paper reported for this benchmark and metric: "none" (no numbers), "r2", "r2_and_gain",
    #             "left_out" (left out of its R² range) or "range" (only the range across benchmarks)
    paper_r2: Percent
    paper_gain: Points  # the R² a time trend adds, as the paper reported it
    answers: dict = field(default_factory=dict, repr=False)


def v1(a: BenchmarkAnalysis, lit: Literature) -> V1:
    cfg = a.config
    paper = lit.paper(cfg.id, cfg.metric)
    if paper is None:
        said = "none"
    elif paper.r2 is not None:
        said = "r2_and_gain" if paper.r2_gain_time_trend is not None else "r2"
    else:
        said = "left_out" if paper.r2_range is False else "range"
    paper_r2 = paper.r2 if paper is not None and paper.r2 is not None else NAN
    gain = paper.r2_gain_time_trend if said == "r2_and_gain" else NAN
    if a.v1 is None:
        none = Estimate(NAN, NAN, NAN, a.level, estimable=False)
        return V1(False, len(sample_rows(a.main.rows, "v1")), MIN_FIT_ROWS, none, none, NAN, said, paper_r2, gain)
    p = fit_numbers(a.v1.fit(PAPER_FORM), a.level)
    lo, hi = r2_interval(p.r2, p.n, a.level)
    return V1(True, p.n, MIN_FIT_ROWS, _slope(p, a.level), Estimate(p.r2, lo, hi, a.level), a.v1.fit(alternative(PAPER_FORM)).r2,
              said, paper_r2, gain, answers={"r2": _q(a, "r2", V1_DIFFERS)})


# ---------------------------------------------------------------- polynomial or exponential


@dataclass
class Forms:
    min_delta: Number2  # the AIC difference the rule asks for
    aic_p: Fixed
    aic_e: Fixed
    delta: Fixed  # exponential minus polynomial: positive favours the polynomial form
    loo_p: Number2
    loo_e: Number2
    verdict: str  # the rule's verdict on all models (stats.compare.form_verdict)
    v1_compared: bool
    v1_verdict: str  # on the v1 sample ("" when not compared)


def forms(a: BenchmarkAnalysis) -> Forms:
    c, v1_ = a.comparison_of("all"), a.comparison_of("v1")
    other = alternative(PAPER_FORM)
    return Forms(MIN_DELTA_AIC, c[f"aic_{PAPER_FORM}"], c[f"aic_{other}"], c["delta_aic"], c[f"loo_rmse_{PAPER_FORM}"],
                 c[f"loo_rmse_{other}"], str(c["verdict"]), v1_ is not None, str(v1_["verdict"]) if v1_ else "")


# ---------------------------------------------------------------- the page's headline rows


def headline_rows(a: BenchmarkAnalysis) -> list[Headline]:
    """The questions a benchmark page answers (``headlines/<benchmark>.csv``): R², the exponent k, years of
    progress per tenfold compute and the R² a time trend adds, on all models (the main specification's
    sample: headlines) and on the v1 sample (sensitivities)."""
    cfg, out = a.config, []
    for sample, fits in (("all", a.main), ("v1", a.v1)):
        if fits is None:
            continue
        what = "" if sample == "all" else V1_DIFFERS
        common = dict(benchmark=cfg.id, metric=cfg.metric, target_error=NAN, model_set=sample, form=PAPER_FORM,
                      scenario="", level=a.level, chapter=CHAPTER, preferred=True,
                      role="sensitivity" if what else "headline", differs=what)
        p = fit_numbers(fits.fit(PAPER_FORM), a.level)
        r2_lo, r2_hi = r2_interval(p.r2, p.n, a.level)
        out += [Headline("r2", value=p.r2, lo=r2_lo, hi=r2_hi, unit="fraction",
                         interval="confidence interval (Fisher's z)", estimable=True, label=LABELS["r2"],
                         question=question_id("r2", cfg.id, cfg.metric), **common),
                Headline("k", value=p.k, lo=p.k_lo, hi=p.k_hi, unit="", interval="confidence interval",
                         estimable=bool(p.estimable and p.slope_lo > 0), label=LABELS["k"], question=question_id("k", cfg.id, cfg.metric),
                         **common)]
        if sample in a.trends:
            t = trend_numbers(a.trends[sample], a.level)
            out += [Headline("years_per_tenfold", value=t.years, lo=t.years_lo, hi=t.years_hi, unit="years",
                             interval="Fieller interval", estimable=t.years_estimable,
                             label=LABELS["years_per_tenfold"],
                             question=question_id("years_per_tenfold", cfg.id, cfg.metric), **common),
                    Headline("time_trend_gain", value=t.r2_gain, lo=NAN, hi=NAN, unit="fraction", interval="",
                             estimable=True, label=LABELS["time_trend_gain"],
                             question=question_id("time_trend_gain", cfg.id, cfg.metric), **common)]
    return out
