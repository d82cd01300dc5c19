"""What the future-cost chapter says about the benchmark its prose quotes, section by section, as typed
values (:mod:`compute_limits.quantities`): the chapter glues each section's dataclass with ``glue_all``
and writes every sentence around the values, with both variants of a sentence that depends on the data
(picked by the flags here).

Everything is read from :class:`~compute_limits.analysis.answers.FutureCosts` and the configurations;
what is computed here is only what a sentence needs beyond the tables (a count, a flag, a distance in
orders of magnitude).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np

from ..config import LBS_TO_KG, CostConfig, Literature
from ..quantities import (Answer, Count, Estimate, FactorEstimate, Factor, Fixed, FlopEstimate, Kind, Log10Flop,
                          Months, Month, Names, Number, Orders, Share, Usd, Year, YearEstimate)
from ..stats import forms
from ..stats.compare import MIN_DELTA_AIC
from ..stats.intervals import max_orders
from . import answers
from .answers import FutureCosts, differs
from .headlines import question_id
from .projections import BenchmarkFits, lookup, tpu_rows

CALIBRATION = "calibration interval"
SPENDING = "budget growing as spending per run did"  # what the second affordability scenario changes
TOP_BURDENS = 10  # the precision section counts TPU runs among this many largest burdens
BURDEN_PRECISION = "FP32"  # the precision at which the authors' data count GPU burdens
SPECTRUM = "thompson2021diminishing"  # IEEE Spectrum's article, the source of the carbon comparison

Number2 = Annotated[float, Kind("number", 2)]  # two significant digits ("8.0", "15", "1.2 × 10⁻⁸")
Share2 = Annotated[float, Kind("share", 2)]  # a percentage to two significant digits ("40%")
Usd2 = Annotated[float, Kind("usd", 2)]  # "$1.2 × 10⁻⁸"
Log10FlopRound = Annotated[float, Kind("log10_flop", 0)]  # a round power of ten, as quoted ("10²⁸ FLOP")
Log10GflopRound = Annotated[float, Kind("log10_gflop", 0)]
Log10UsdRound = Annotated[float, Kind("log10_usd", 0)]


def other_form(form: str) -> str:
    """The form beside ``form`` (:func:`compute_limits.stats.forms.alternative`)."""
    return forms.alternative(form)


def _fits(fc: FutureCosts, bench: str) -> BenchmarkFits:
    return fc.fitset[(bench, "all")]


def _row(fc: FutureCosts, bench: str, form: str, target: float | None):
    return lookup(fc.main, bench, "all", form, target, today=target is None)


def _answer(bf: BenchmarkFits, kind: str, target: float | None, form: str | None = None, detail: str = "",
            also: str = "") -> Answer:
    """What a value of ``bf`` (all models) answers: the question of ``kind`` at ``target`` (``detail="today"``:
    at today's error), and what it changes from the main specification (its form when that is not the
    preferred one; ``also``)."""
    what = differs(bf.model_set, form or bf.headline_form, (form or bf.headline_form) == bf.headline_form)
    what = "; ".join(p for p in (what, also) if p)
    return Answer(question_id(kind, bf.config.id, bf.config.metric, target, detail), what)


def _compute(row, level: float) -> Estimate:
    """A projection row's compute (log10 FLOP) with its calibration interval."""
    return Estimate(float(row["log10_flops"]), float(row["log10_flops_lo"]), float(row["log10_flops_hi"]), level,
                    CALIBRATION, bool(row["estimable"]))


# --------------------------------------------------------------------------
# From a fitted line to a compute requirement
# --------------------------------------------------------------------------


@dataclass
class Requirement:
    name: str
    consolidated: Names  # benchmarks whose main compute measure is the consolidated hardware burden
    measures_split: bool  # some benchmarks on the consolidated burden, every other on the hardware burden
    min_delta_aic: Number  # the verdict rule's threshold
    decided: bool  # the data prefer a form (the verdict rule); else the headlines use the paper's
    delta_aic: Fixed  # |AIC difference| of the two forms
    loo_polynomial: Number  # leave-one-out error of each form
    loo_exponential: Number
    form: str  # the form the headlines use
    other: str
    level: Share
    today: Share  # today's best error
    today_compute: FlopEstimate
    t1: Share  # the first and the last target
    t1_compute: FlopEstimate
    t1_other: FlopEstimate  # under the other form
    tlast: Share
    tlast_compute: FlopEstimate
    tlast_other: FlopEstimate
    answers: dict = field(default_factory=dict, repr=False)


def requirement(fc: FutureCosts, bench: str) -> Requirement:
    bf = _fits(fc, bench)
    form, t1, tl = bf.headline_form, bf.targets[0], bf.targets[-1]
    other = other_form(form)
    measures = {b: f.config.compute for (b, s), f in fc.fitset.items() if s == "all"}
    consolidated = tuple(fc.fitset[(b, "all")].config.name for b, m in measures.items()
                         if m == "consolidated_hardware_burden")
    rest = {m for m in measures.values() if m != "consolidated_hardware_burden"}
    c = bf.comparison
    return Requirement(
        name=bf.config.name, consolidated=consolidated,
        measures_split=bool(consolidated) and rest == {"hardware_burden"},
        min_delta_aic=MIN_DELTA_AIC, decided=bf.verdict in forms.FORMS, delta_aic=abs(float(c["delta_aic"])),
        loo_polynomial=float(c[f"loo_rmse_{forms.PAPER_FORMS[0]}"]), loo_exponential=float(c[f"loo_rmse_{forms.PAPER_FORMS[1]}"]),
        form=form, other=other, level=fc.level, today=bf.today,
        today_compute=_compute(_row(fc, bench, form, None), fc.level),
        t1=t1, t1_compute=_compute(_row(fc, bench, form, t1), fc.level),
        t1_other=_compute(_row(fc, bench, other, t1), fc.level),
        tlast=tl, tlast_compute=_compute(_row(fc, bench, form, tl), fc.level),
        tlast_other=_compute(_row(fc, bench, other, tl), fc.level),
        answers={"today": _answer(bf, "today_error", None), "today_compute": _answer(bf, "compute", None, detail="today"),
                 "t1_compute": _answer(bf, "compute", t1), "t1_other": _answer(bf, "compute", t1, other),
                 "tlast_compute": _answer(bf, "compute", tl), "tlast_other": _answer(bf, "compute", tl, other),
                 "level": Answer("spec:level")})


# --------------------------------------------------------------------------
# How sure can we be?
# --------------------------------------------------------------------------


@dataclass
class Intervals:
    name: str
    form: str
    level: Share
    t1: Share
    t1_compute: FlopEstimate  # the calibration interval
    t1_line: FlopEstimate  # the interval for the line itself
    n_boot: Count
    n: Count  # fitted models
    n_imputed: Count  # of them, with a burden imputed by the conversion
    imputed: bool
    conversion_own: bool  # the conversion was fitted on the benchmark's own models
    conversion_pooled: bool  # on the models of every benchmark, pooled (too few of its own)
    conversion_n: Count
    conversion_latest: Year
    conversion_in_interval: bool  # the conversion's uncertainty is part of the intervals
    width_without_conversion: Orders  # the calibration interval at the first target, without and with it
    width_with_conversion: Orders
    tlast: Share
    tlast_beyond: Orders  # how far beyond the largest compute in the data
    tlast_compute: FlopEstimate
    tlast_width: Orders
    tlast_bounded: bool  # its interval has an upper end (it may still be too wide to be estimable: max_orders)
    max_orders: Annotated[float, Kind("orders", 0)]  # the book's one rule: a wider interval is not estimable
    n_rows: Count  # projections from all models, every benchmark
    n_not_estimable: Count  # of them, not estimable (no upper end, or wider than max_orders)
    n_unbounded: Count  # of those, with no upper end
    n_too_wide: Count  # the others: bounded, but wider than max_orders
    any_not_estimable: bool
    not_estimable: Names  # their benchmarks
    answers: dict = field(default_factory=dict, repr=False)


def intervals(fc: FutureCosts, bench: str) -> Intervals:
    bf = _fits(fc, bench)
    form, t1, tl = bf.headline_form, bf.targets[0], bf.targets[-1]
    r1, rl = _row(fc, bench, form, t1), _row(fc, bench, form, tl)
    every = fc.main[fc.main["model_set"] == "all"]
    hidden = every[~every["estimable"]]
    n_unbounded = int((~np.isfinite(hidden[["log10_flops_lo", "log10_flops_hi"]].to_numpy(dtype=float)).all(axis=1)).sum())
    where = set(hidden["benchmark"])
    conv = bf.conversion
    imputed = bool(bf.converted.any()) and conv is not None
    return Intervals(
        name=bf.config.name, form=form, level=fc.level, t1=t1, t1_compute=_compute(r1, fc.level),
        t1_line=Estimate(float(r1["log10_flops"]), float(r1["line_lo"]), float(r1["line_hi"]), fc.level,
                         "interval for the line", bool(np.isfinite([r1["line_lo"], r1["line_hi"]]).all())),
        n_boot=fc.n_boot, n=bf.fit(form).n, n_imputed=int(bf.converted.sum()), imputed=imputed,
        conversion_own=imputed and conv.source == "own", conversion_pooled=imputed and conv.source != "own",
        conversion_n=conv.n if imputed else None,
        conversion_latest=conv.latest if imputed else None, conversion_in_interval=bf.conversion_in_interval,
        width_without_conversion=float(r1["hi_without_conversion"] - r1["lo_without_conversion"]),
        width_with_conversion=float(r1["log10_flops_hi"] - r1["log10_flops_lo"]),
        tlast=tl, tlast_beyond=max(float(rl["decades_beyond_data"]), 0.0), tlast_compute=_compute(rl, fc.level),
        tlast_width=float(rl["log10_flops_hi"] - rl["log10_flops_lo"]),
        tlast_bounded=bool(np.isfinite([rl["log10_flops_lo"], rl["log10_flops_hi"]]).all()),
        max_orders=max_orders(),
        n_rows=len(every), n_not_estimable=len(hidden), n_unbounded=n_unbounded, n_too_wide=len(hidden) - n_unbounded,
        any_not_estimable=len(hidden) > 0,
        not_estimable=tuple(f.config.name for (b, s), f in fc.fitset.items() if s == "all" and b in where),
        answers={"t1_compute": _answer(bf, "compute", t1), "tlast_compute": _answer(bf, "compute", tl),
                 "level": Answer("spec:level")})


# --------------------------------------------------------------------------
# Mixed precision in the compute variable
# --------------------------------------------------------------------------


@dataclass
class Precision:
    name: str
    form: str
    level: Share
    n: Count  # fitted models
    n_tpu: Count  # of them, trained on TPUs
    top: Count  # the largest burdens looked at
    n_tpu_top: Count  # TPU runs among them
    factor: Number2  # 16-bit over FP32 peak of the V100
    v100_tensor_tflops: Number
    v100_fp32_tflops: Number
    t1: Share
    slope: Number  # the fit's slope as recorded, with TPU runs set aside, at FP32-equivalent
    slope_aside: Number
    slope_equivalent: Number
    compute: FlopEstimate  # the compute to reach the first target, the same three ways
    compute_aside: FlopEstimate
    compute_equivalent: FlopEstimate
    shift_aside: Orders  # how far each moves the projection (orders of magnitude, either way)
    shift_equivalent: Orders
    estimable: bool  # the compute is estimable all three ways
    nearer: bool  # then: both bring the projection nearer (by at least 0.05 orders of magnitude)
    mixed: bool  # or not both
    answers: dict = field(default_factory=dict, repr=False)


def precision(fc: FutureCosts, bench: str, literature: Literature) -> Precision:
    bf = _fits(fc, bench)
    form = bf.headline_form
    p = fc.precision[(fc.precision["benchmark"] == bench) & (fc.precision["form"] == form)].set_index("variant")
    rows = bf.main.rows
    top = (rows[bf.main.compute].rank(ascending=False, method="first") <= TOP_BURDENS).to_numpy()
    tpu = tpu_rows(rows).to_numpy()
    compute = {v: _compute(p.loc[v], fc.level) for v in p.index}
    estimable = all(c.estimable for c in compute.values())
    d = p["log10_flops"] - p.loc["recorded", "log10_flops"]
    nearer = estimable and bool((d[["tpu_set_aside", "tpu_fp32_equivalent"]] <= -0.05).all())
    return Precision(
        name=bf.config.name, form=form, level=fc.level, n=len(rows), n_tpu=int(tpu.sum()),
        top=min(TOP_BURDENS, len(rows)), n_tpu_top=int((tpu & top).sum()), factor=fc.precision_factor,
        v100_tensor_tflops=literature.value("v100_tensor_peak_flops") / 1e12,
        v100_fp32_tflops=literature.value("v100_fp32_peak_flops") / 1e12, t1=bf.targets[0],
        slope=p.loc["recorded", "slope"], slope_aside=p.loc["tpu_set_aside", "slope"],
        slope_equivalent=p.loc["tpu_fp32_equivalent", "slope"], compute=compute["recorded"],
        compute_aside=compute["tpu_set_aside"], compute_equivalent=compute["tpu_fp32_equivalent"],
        shift_aside=abs(d["tpu_set_aside"]), shift_equivalent=abs(d["tpu_fp32_equivalent"]), estimable=estimable,
        nearer=nearer, mixed=estimable and not nearer,
        answers={"compute": _answer(bf, "compute", bf.targets[0]),
                 "compute_aside": _answer(bf, "compute", bf.targets[0], also="TPU runs set aside"),
                 "compute_equivalent": _answer(bf, "compute", bf.targets[0], also="TPU runs on an FP32-equivalent scale"),
                 "level": Answer("spec:level")})


# --------------------------------------------------------------------------
# From compute to dollars and CO2
# --------------------------------------------------------------------------


@dataclass
class Dollars:
    name: str
    form: str
    t1: Share
    vintage: str  # the chapter's vintage (data/costs.toml): its label, chip, peak and price
    accelerator: str
    peak_precision: str
    peak_tflops: Number
    price: Usd  # per chip-hour
    price_source: str
    price_date: str
    at_burden_precision: bool  # its peak is counted at the precision of the data's GPU burdens
    per_gflop: Usd2  # what one GFLOP of burden costs and emits (kg CO2e) on it
    kg_per_gflop: Number2
    same_chip: bool  # another vintage has the same chip at the same price, counted at another peak
    peak_ratio: Number2  # then: how many times more a peak FLOP costs at the lower peak
    precision_low: str
    precision_high: str
    strubell_lbs: Number  # the paper-era vintage's grid intensity (lbs CO2e per kWh) and PUE
    strubell_pue: Number


def dollars(fc: FutureCosts, costs: CostConfig, literature: Literature, bench: str) -> Dollars:
    v = fc.vintage
    bf = _fits(fc, bench)
    same = [w for w in costs.vintages.values() if w.accelerator == v.accelerator
            and w.price_usd_per_hour == v.price_usd_per_hour and w.peak_precision != v.peak_precision]
    lo, hi = sorted((v, same[0]), key=lambda w: w.peak_flops) if same else (v, v)
    return Dollars(
        name=bf.config.name, form=bf.headline_form, t1=bf.targets[0], vintage=v.label, accelerator=v.accelerator,
        peak_precision=v.peak_precision, peak_tflops=v.peak_flops / 1e12, price=v.price_usd_per_hour,
        price_source=v.price_source, price_date=v.price_date,
        at_burden_precision=v.peak_precision.upper().startswith(BURDEN_PRECISION),
        per_gflop=v.usd_per_flop() * 1e9, kg_per_gflop=v.kg_per_flop() * 1e9, same_chip=bool(same),
        peak_ratio=hi.peak_flops / lo.peak_flops, precision_low=lo.peak_precision, precision_high=hi.peak_precision,
        strubell_lbs=literature.value("strubell_lbs_per_kwh"), strubell_pue=literature.value("strubell_pue"))


# --------------------------------------------------------------------------
# Side by side with the paper
# --------------------------------------------------------------------------

# What the section can say about the paper's figures: all inside the book's intervals, some outside, the
# paper has figures for benchmarks this build cannot refit on the v1 sample, or none for these benchmarks.
PAPER_STATUSES = ("all_inside", "some_outside", "not_refitted", "none_reported")


@dataclass
class Paper:
    vintage: str  # the paper-era vintage
    level: Share
    conversion_own: bool  # the v1 sample's conversion was fitted on the benchmark's own models
    conversion_pooled: bool  # on every benchmark's models, pooled
    conversion_none: bool  # no model needed one
    conversion_n: Count
    conversion_latest: Year
    status: str  # one of PAPER_STATUSES
    n_figures: Count  # the paper's (and Spectrum's) compute figures set beside the book's
    n_inside: Count  # of them, inside the book's calibration interval
    compared: Names  # their benchmarks
    reported: Names  # benchmarks the paper gives projections for, by the metric analysed
    analysed: Names  # every benchmark of the build, and the metric it is scored by
    analysed_metrics: Names
    anchor: bool  # the paper gives compute and dollars for today's error
    anchor_gflops: Log10GflopRound
    anchor_usd: Log10UsdRound
    anchor_usd_per_gflop: Log10UsdRound
    usd_per_gflop: Usd2  # on the paper-era vintage
    sp_target: Share  # IEEE Spectrum: the target, its compute and months of New York City's emissions
    sp_compute: Log10FlopRound
    sp_months: Number2
    sp_lbs_per_gflop: Annotated[float, Kind("number", 1)]  # what that implies per GFLOP
    nyc_mt: Number2  # the city's emissions a year (Mt CO2e)
    sp_book: bool  # the book has a projection for Spectrum's target
    sp_book_months: Number2  # then: months of the city's emissions it would emit on the paper-era vintage


def paper(fc: FutureCosts, literature: Literature, configs: dict, bench: str) -> Paper:
    comp = fc.comparison
    k, n_fig = answers.inside(comp)
    reported = tuple(c.name for c in configs.values() if literature.projections(c.id, c.metric))
    status = ("all_inside" if n_fig and k == n_fig else "some_outside" if n_fig
              else "not_refitted" if reported else "none_reported")
    today = comp[comp["is_today"] & comp["paper_log10_usd"].notna() & comp["paper_log10_gflops"].notna()]
    t = today.iloc[0] if len(today) else None
    sp = next((p for p in literature.paper_projection if p.cite == SPECTRUM), None)
    nyc_kg = literature.value("nyc_co2e_tonnes_per_year") * 1000.0
    sp_flops = literature.value("spectrum_5pct_log10_flops")
    month_lbs = nyc_kg / 12.0 / LBS_TO_KG
    sp_rows = comp[comp["cite"] == SPECTRUM]
    bf_v1 = fc.fitset.get((bench, "v1"))
    conv = bf_v1.conversion if bf_v1 is not None else None
    return Paper(
        vintage=fc.paper_vintage.label, level=fc.level, conversion_own=conv is not None and conv.source != "pooled",
        conversion_pooled=conv is not None and conv.source == "pooled", conversion_none=conv is None,
        conversion_n=conv.n if conv else None,
        conversion_latest=conv.latest if conv else None, status=status, n_figures=n_fig, n_inside=k,
        compared=tuple(configs[b].name for b in dict.fromkeys(comp["benchmark"])), reported=reported,
        analysed=tuple(c.name for c in configs.values()),
        analysed_metrics=tuple(c.metric_label for c in configs.values()),
        anchor=t is not None, anchor_gflops=t["paper_log10_gflops"] if t is not None else None,
        anchor_usd=t["paper_log10_usd"] if t is not None else None,
        anchor_usd_per_gflop=t["paper_log10_usd"] - t["paper_log10_gflops"] if t is not None else None,
        usd_per_gflop=fc.paper_vintage.usd_per_flop() * 1e9, sp_target=sp.target_error if sp else None,
        sp_compute=sp_flops, sp_months=literature.value("spectrum_5pct_nyc_months"),
        sp_lbs_per_gflop=literature.value("spectrum_5pct_nyc_months") * month_lbs / 10 ** (sp_flops - 9),
        nyc_mt=literature.value("nyc_co2e_tonnes_per_year") / 1e6, sp_book=bool(len(sp_rows)),
        sp_book_months=10 ** (sp_rows.iloc[0]["log10_co2_kg"] - math.log10(nyc_kg / 12.0)) if len(sp_rows) else None)


# --------------------------------------------------------------------------
# A sense of scale
# --------------------------------------------------------------------------


@dataclass
class Scale:
    largest: str  # the largest training run in Epoch AI's table, its date and compute
    largest_date: Month
    largest_compute: Log10Flop
    name: str
    form: str
    t1: Share
    t1_compute: FlopEstimate
    above_largest: bool  # the first target needs more than the largest run (estimable)
    below_largest: bool  # no more than it (estimable)
    distance: Orders  # how far from it, either way
    vintage: str
    below_peak: bool  # large runs achieve less than the vintage's peak
    achieved: Number2  # achieved over counted peak, as a factor
    achieved_share: Share2  # the same as a share
    burden_shift: Orders  # where the largest run would sit on a burden basis (higher when below peak)
    gdp: Usd  # a year of world GDP and the burden it buys
    gdp_compute: Log10Flop
    nyc_mt: Number2  # a year of New York City's emissions (Mt CO2e) and the burden it corresponds to
    nyc_compute: Log10Flop
    level: Share
    n_targets: Count  # estimable projections to a target (both forms, every benchmark)
    n_above_largest: Count  # of them, beyond the largest run and beyond a year of world GDP
    n_above_gdp: Count
    n_hidden: Count  # projections not drawn (not estimable)
    answers: dict = field(default_factory=dict, repr=False)


def scale(fc: FutureCosts, literature: Literature, bench: str) -> Scale:
    refs = fc.references
    bf = _fits(fc, bench)
    r = _row(fc, bench, bf.headline_form, bf.targets[0])
    d = float(r["log10_flops"] - refs.largest_run_log10_flops)
    u = fc.vintage.utilization
    every = fc.main[fc.main["model_set"] == "all"].drop_duplicates(["benchmark", "form", "target_error"])
    targets = every[every["estimable"] & ~every["is_today"]]
    return Scale(
        largest=refs.largest_run, largest_date=refs.largest_run_date, largest_compute=refs.largest_run_log10_flops,
        name=bf.config.name, form=bf.headline_form, t1=bf.targets[0], t1_compute=_compute(r, fc.level),
        above_largest=bool(r["estimable"]) and d > 0, below_largest=bool(r["estimable"]) and d <= 0,
        distance=abs(d), vintage=fc.vintage.label, below_peak=u < 1, achieved=u,
        achieved_share=u, burden_shift=abs(math.log10(u)), gdp=literature.value("world_gdp_usd"),
        gdp_compute=refs.gdp_log10_flops, nyc_mt=literature.value("nyc_co2e_tonnes_per_year") / 1e6,
        nyc_compute=refs.nyc_log10_flops, level=fc.level, n_targets=len(targets),
        n_above_largest=int((targets["log10_flops"] > refs.largest_run_log10_flops).sum()),
        n_above_gdp=int((targets["log10_flops"] > refs.gdp_log10_flops).sum()),
        n_hidden=int((~every["estimable"]).sum()),
        answers={"t1_compute": _answer(bf, "compute", bf.targets[0]), "level": Answer("spec:level")})


# --------------------------------------------------------------------------
# When affordable, and the calculator
# --------------------------------------------------------------------------


@dataclass
class Affordability:
    budget: Usd
    price_year: Year  # of the chapter's vintage
    vintage: str
    n: Count  # runs of Epoch AI's table the growth is fitted on, and the years they span
    first_year: Year
    last_year: Year
    level: Share
    compute_per_dollar: FactorEstimate  # growth a year
    doubling: Months
    cost_per_run: FactorEstimate  # growth a year
    cottier: Factor  # Cottier et al.'s growth of the cost of frontier runs
    name: str
    form: str
    other: str
    t1: Share
    tlast: Share
    t1_year: YearEstimate  # compute per dollar improving, budget fixed (the default scenario)
    tlast_year: YearEstimate
    t1_year_both: YearEstimate  # budgets growing too
    tlast_year_both: YearEstimate
    t1_year_other: YearEstimate  # the other form, default scenario
    tlast_year_other: YearEstimate
    answers: dict = field(default_factory=dict, repr=False)


def _trend(t, level: float) -> Estimate:
    return Estimate(t.growth_per_year, t.growth_lo, t.growth_hi, level)


def affordability(fc: FutureCosts, literature: Literature, bench: str) -> Affordability:
    bf = _fits(fc, bench)
    g = fc.growth
    form, t1, tl = bf.headline_form, bf.targets[0], bf.targets[-1]
    other = other_form(form)
    a = fc.afford[(fc.afford["benchmark"] == bench) & (fc.afford["model_set"] == "all") & ~fc.afford["is_today"]]

    def when(f: str, target: float, scenario: str) -> Estimate:
        r = a[(a["form"] == f) & (a["scenario"] == scenario) & (a["target_error"] - target).abs().lt(1e-12)].iloc[0]
        return Estimate(float(r["affordable_year"]), float(r["affordable_year_lo"]), float(r["affordable_year_hi"]),
                        fc.level, "Fieller interval", bool(r["estimable"]))

    both = "hardware_spending"
    return Affordability(
        budget=fc.budget_usd, price_year=fc.vintage.price_year, vintage=fc.vintage.label, n=g.n,
        first_year=g.first_year, last_year=g.last_year, level=fc.level,
        compute_per_dollar=_trend(g.compute_per_dollar, fc.level), doubling=g.compute_per_dollar.doubling_months,
        cost_per_run=_trend(g.cost_per_run, fc.level), cottier=literature.value("cottier_cost_growth"),
        name=bf.config.name, form=form, other=other, t1=t1, tlast=tl,
        t1_year=when(form, t1, answers.DEFAULT_SCENARIO), tlast_year=when(form, tl, answers.DEFAULT_SCENARIO),
        t1_year_both=when(form, t1, both), tlast_year_both=when(form, tl, both),
        t1_year_other=when(other, t1, answers.DEFAULT_SCENARIO),
        tlast_year_other=when(other, tl, answers.DEFAULT_SCENARIO),
        answers={"t1_year": _answer(bf, "affordable_year", t1), "tlast_year": _answer(bf, "affordable_year", tl),
                 "t1_year_both": _answer(bf, "affordable_year", t1, also=SPENDING),
                 "tlast_year_both": _answer(bf, "affordable_year", tl, also=SPENDING),
                 "t1_year_other": _answer(bf, "affordable_year", t1, other),
                 "tlast_year_other": _answer(bf, "affordable_year", tl, other),
                 "compute_per_dollar": Answer(question_id("growth", detail="compute_per_dollar")),
                 "cost_per_run": Answer(question_id("growth", detail="cost_per_run")),
                 "budget": Answer("spec:budget"), "level": Answer("spec:level")})


@dataclass
class Calculator:
    name: str  # the calculator's starting inputs
    target: Share
    form: str
    price: Usd  # per chip-hour, on the chapter's vintage
    vintage: str
    precision: str
    budget: Usd
    growth: Factor  # of compute per dollar a year (the default scenario)
    level: Share


def calculator(fc: FutureCosts, bench: str) -> Calculator:
    bf = _fits(fc, bench)
    return Calculator(
        name=bf.config.name, target=float(bf.targets[0]), form=bf.headline_form, price=fc.vintage.price_usd_per_hour,
        vintage=fc.vintage.label, precision=fc.vintage.peak_precision, budget=fc.budget_usd,
        growth=fc.default_scenario.compute_per_dollar_growth, level=fc.level)
