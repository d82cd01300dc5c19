"""The future-cost chapter's numbers as its prose cites them: one dataclass per section (glued with
``glue_all``), built from :class:`~compute_limits.analysis.answers.FutureCosts`.

Every number is set by :mod:`compute_limits.report.numbers`; a phrase that depends on the data (the form
the data prefer, a projection that is not estimable) is chosen here and glued, never written as prose.
The later sections (the paper, scale, affordability, the calculator) are in
:mod:`compute_limits.report.cost_context`; the tables in :mod:`compute_limits.report.cost_tables`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..analysis.answers import FutureCosts
from ..analysis.projections import BenchmarkFits, lookup, tpu_rows
from ..config import CostConfig, Literature
from ..stats import forms
from ..stats.compare import MIN_DELTA_AIC
from . import numbers as N
from .glue import Md
from .projections import answer, flops, span
from .text import count, join

OTHER = {"polynomial": "exponential", "exponential": "polynomial"}
TOP_BURDENS = 10  # the precision section counts TPU runs among this many largest burdens


def money(x: float) -> str:
    """``1e8`` → ``$100 million``; ``1.05e14`` → ``$105 trillion`` (:func:`numbers.in_words`)."""
    return "$" + N.in_words(x)


def orders(x: float) -> str:
    """``3.27`` → ``3.3 orders of magnitude``; infinite → ``unbounded``."""
    if not math.isfinite(x):
        return "unbounded"
    return f"{N.number(x, decimals=1)} orders of magnitude"


def shift(before: float, after: float) -> str:
    """How far a projection moved: ``1.9 orders of magnitude nearer``, ``… further`` or ``unchanged``."""
    if not (math.isfinite(before) and math.isfinite(after)):
        return N.NOT_ESTIMABLE
    d = after - before
    if abs(d) < 0.05:
        return "unchanged"
    return f"{orders(abs(d))} {'nearer' if d < 0 else 'further'}"


def year_answer(y: float, lo: float, hi: float, estimable: bool, level: float) -> str:
    """``2033 (95% interval 2025–2045)``, ``after 2100``, or the not-estimable phrase."""
    if not estimable:
        return N.NOT_ESTIMABLE
    text, a, b = N.year(y), N.year(lo), N.year(hi)
    if a == b:
        return text
    return f"{text} ({N.pct(level, 0)} interval {a}{N.DASH}{b})"


def when(y: float, lo: float, hi: float, estimable: bool, level: float) -> str:
    """:func:`year_answer` as an adverbial: ``in 2033 (95% interval 2025–2045)``, ``after 2100``, ``never``,
    ``at a date not estimable from these data``."""
    if not estimable:
        return f"at a date {N.NOT_ESTIMABLE}"
    text = year_answer(y, lo, hi, estimable, level)
    return text if text.startswith(("after", "never")) else f"in {text}"


def md(text: str) -> Md:
    """A glued Markdown phrase; dollar signs escaped (MyST would read a pair as inline maths)."""
    return Md(text.replace("$", r"\$"))


def main_fits(fc: FutureCosts, bench: str) -> BenchmarkFits:
    return fc.fitset[(bench, "all")]


def projection_row(fc: FutureCosts, bench: str, form: str, target: float | None, sample: str = "all"):
    return lookup(fc.main, bench, sample, form, target, today=target is None)


def _answer(fc: FutureCosts, bench: str, form: str, target: float) -> Md:
    r = projection_row(fc, bench, form, target)
    return Md(answer(r["log10_flops"], r["log10_flops_lo"], r["log10_flops_hi"], r["estimable"], fc.level))


# --------------------------------------------------------------------------
# From a fitted line to a compute requirement
# --------------------------------------------------------------------------


@dataclass
class Requirement:
    name: str
    min_delta_aic: str
    verdict: Md
    form: str
    other: str
    why: Md
    level_pct: str
    today_pct: str
    today_compute: str
    t1_pct: str
    t1_answer: Md
    t1_other: Md
    tlast_pct: str
    tlast_answer: Md
    tlast_other: Md


def verdict_phrase(bf: BenchmarkFits) -> Md:
    """``prefer the exponential form (AIC difference 5.1; …)`` or ``do not decide between the forms (…)``."""
    c = bf.comparison
    stats = (f"AIC difference {N.number(abs(c['delta_aic']), decimals=1)}; leave-one-out error "
             f"{N.number(c['loo_rmse_polynomial'], 3)} polynomial, {N.number(c['loo_rmse_exponential'], 3)} "
             "exponential")
    if bf.verdict in forms.FORMS:
        return Md(f"prefer the {bf.verdict} form ({stats})")
    return Md(f"do not decide between the forms ({stats})")


def requirement(fc: FutureCosts, bench: str) -> Requirement:
    bf = main_fits(fc, bench)
    form, other = bf.headline_form, OTHER[bf.headline_form]
    t1, tl = bf.targets[0], bf.targets[-1]
    today = projection_row(fc, bench, form, None)
    why = ("(the form the data prefer)" if bf.verdict in forms.FORMS
           else "(the paper's form, which the book uses wherever the data do not decide)")
    return Requirement(
        name=bf.config.name, min_delta_aic=N.number(MIN_DELTA_AIC, 2), verdict=verdict_phrase(bf), form=form,
        other=other, why=Md(why), level_pct=N.pct(fc.level, 0), today_pct=N.pct(bf.today),
        today_compute=flops(today["log10_flops"]) if today["estimable"] else N.NOT_ESTIMABLE,
        t1_pct=N.pct(t1), t1_answer=_answer(fc, bench, form, t1), t1_other=_answer(fc, bench, other, t1),
        tlast_pct=N.pct(tl), tlast_answer=_answer(fc, bench, form, tl), tlast_other=_answer(fc, bench, other, tl))


# --------------------------------------------------------------------------
# How sure can we be?
# --------------------------------------------------------------------------


@dataclass
class Intervals:
    name: str
    form: str
    level_pct: str
    t1_pct: str
    calib: str
    line: str
    n_boot: str
    n: int
    n_imputed: int
    conv_fitted: Md
    conv_effect: Md
    tlast_pct: str
    tlast_beyond: str
    tlast_width: str
    n_unbounded: int
    n_rows: int
    unbounded_where: Md
    caption: str = field(repr=False, default="")


def conversion_source(bf: BenchmarkFits) -> str:
    """Which models the conversion was fitted on, e.g. ``11 models, ImageNet's own …, the latest from 2021``."""
    conv = bf.conversion
    if conv is None or not bf.converted.any():
        return "no model (none of the fitted models needs one)"
    who = (f"{bf.config.name}'s own models with both measures" if conv.source == "own"
           else "the models of every benchmark with both measures, pooled (too few of its own)")
    return f"{count(conv.n, 'model')}, {who}, the latest from {N.year(conv.latest)}"


def intervals(fc: FutureCosts, bench: str) -> Intervals:
    bf = main_fits(fc, bench)
    form, t1, tl = bf.headline_form, bf.targets[0], bf.targets[-1]
    r1, rl = projection_row(fc, bench, form, t1), projection_row(fc, bench, form, tl)
    if bf.conversion_in_interval:
        w0 = r1["hi_without_conversion"] - r1["lo_without_conversion"]
        w1 = r1["log10_flops_hi"] - r1["log10_flops_lo"]
        effect = f"including its uncertainty widens the calibration interval at {N.pct(t1)} from {orders(w0)} to {orders(w1)}"
    else:
        effect = "the conversion adds nothing to these intervals"
    every = fc.main[fc.main["sample"] == "all"]
    unbounded = every[~every["estimable"]]
    where = [bf_.config.name for (b, s), bf_ in fc.fitset.items() if s == "all" and b in set(unbounded["benchmark"])]
    return Intervals(
        name=bf.config.name, form=form, level_pct=N.pct(fc.level, 0), t1_pct=N.pct(t1),
        calib=span(r1["log10_flops_lo"], r1["log10_flops_hi"], "FLOP"),
        line=span(r1["line_lo"], r1["line_hi"], "FLOP"), n_boot=N.integer(fc.n_boot), n=bf.main.polynomial.n,
        n_imputed=int(bf.converted.sum()), conv_fitted=Md(conversion_source(bf)), conv_effect=Md(effect),
        tlast_pct=N.pct(tl), tlast_beyond=orders(max(rl["decades_beyond_data"], 0.0)),
        tlast_width=orders(rl["log10_flops_hi"] - rl["log10_flops_lo"]),
        n_unbounded=int(len(unbounded)), n_rows=int(len(every)),
        unbounded_where=Md(f"on {join(where)}" if where else "none"),
        caption=(f"{N.pct(fc.level, 0)} intervals of the compute (FLOP) {bf.config.name} needs (all models): the "
                 "calibration interval, the interval for the line, the delta-method and bootstrap calibration "
                 "intervals, and the calibration interval without the conversion's uncertainty (Without conv.); "
                 "Beyond data: orders of magnitude beyond the largest compute in the data"))


# --------------------------------------------------------------------------
# Mixed precision in the compute variable
# --------------------------------------------------------------------------


@dataclass
class Precision:
    name: str
    form: str
    n: int
    n_tpu: int
    top: int
    n_tpu_top: int
    factor: str
    v100_tensor: str
    v100_fp32: str
    t1_pct: str
    slope: str
    slope_aside: str
    slope_equivalent: str
    compute: str
    compute_aside: str
    compute_equivalent: str
    shift_aside: str
    shift_equivalent: str
    caption: str = field(repr=False, default="")


def _tflops(x: float) -> str:
    return f"{N.number(x / 1e12, 3)} TFLOP/s"


def precision(fc: FutureCosts, bench: str, literature: Literature) -> Precision:
    bf = main_fits(fc, bench)
    form = bf.headline_form
    p = fc.precision[(fc.precision["benchmark"] == bench) & (fc.precision["form"] == form)].set_index("variant")
    rows = bf.main.rows
    top = (rows[bf.main.compute].rank(ascending=False, method="first") <= TOP_BURDENS).to_numpy()
    tpu = tpu_rows(rows).to_numpy()

    def compute(variant):
        r = p.loc[variant]
        return flops(r["log10_flops"]) if r["estimable"] else N.NOT_ESTIMABLE

    x = p["log10_flops"]
    return Precision(
        name=bf.config.name, form=form, n=int(len(rows)), n_tpu=int(tpu.sum()), top=min(TOP_BURDENS, len(rows)),
        n_tpu_top=int((tpu & top).sum()), factor=N.number(fc.precision_factor, 2),
        v100_tensor=_tflops(literature.value("v100_tensor_peak_flops")),
        v100_fp32=_tflops(literature.value("v100_fp32_peak_flops")), t1_pct=N.pct(bf.targets[0]),
        slope=N.number(p.loc["recorded", "slope"], 3), slope_aside=N.number(p.loc["tpu_set_aside", "slope"], 3),
        slope_equivalent=N.number(p.loc["tpu_fp32_equivalent", "slope"], 3),
        compute=compute("recorded"), compute_aside=compute("tpu_set_aside"),
        compute_equivalent=compute("tpu_fp32_equivalent"),
        shift_aside=shift(x["recorded"], x["tpu_set_aside"]),
        shift_equivalent=shift(x["recorded"], x["tpu_fp32_equivalent"]),
        caption=(f"{bf.config.name} (all models): the fits, and the compute to reach {N.pct(bf.targets[0])} with its "
                 f"{N.pct(fc.level, 0)} calibration interval, with the TPU runs as recorded, set aside, and on an "
                 "FP32-equivalent scale"))


# --------------------------------------------------------------------------
# From compute to dollars and CO2
# --------------------------------------------------------------------------

BURDEN_PRECISION = "FP32"  # the precision at which the authors' data count GPU burdens


@dataclass
class Dollars:
    name: str
    t1_pct: str
    vintage: str
    consistency: Md
    per_gflop: str
    kg_per_gflop: str
    peak_phrase: Md
    strubell_lbs: str
    strubell_pue: str
    caption: str = field(repr=False, default="")


def peak_phrase(costs: CostConfig, vintage) -> str:
    """How much the precision of the peak moves the price of one chip (vintages with the same chip and
    price but another precision), e.g. ``an NVIDIA H100 SXM5 counted at its FP32 peak costs 15× more …``."""
    same = [v for v in costs.vintages.values() if v.accelerator == vintage.accelerator
            and v.price_usd_per_hour == vintage.price_usd_per_hour and v.peak_precision != vintage.peak_precision]
    if not same:
        return ("the vintages of data/costs.toml differ in the precision of their peak as well as in price, and "
                "a chip's price per peak FLOP depends on both")
    lo, hi = sorted((vintage, same[0]), key=lambda v: v.peak_flops)
    return (f"the same {vintage.accelerator} at the same price costs {N.number(hi.peak_flops / lo.peak_flops, 2)} "
            f"times more per peak FLOP counted at its {lo.peak_precision} peak than at its {hi.peak_precision} peak, "
            "for the same work")


def dollars(fc: FutureCosts, costs: CostConfig, literature: Literature, bench: str) -> Dollars:
    v = fc.vintage
    bf = main_fits(fc, bench)
    where = f"the {v.accelerator}, counted at its {v.peak_precision} peak of {_tflops(v.peak_flops)} and rented at " \
            f"${N.number(v.price_usd_per_hour, 3)} an hour ({v.price_source}, {v.price_date})"
    if v.peak_precision.upper().startswith(BURDEN_PRECISION):
        consistency = f"the {v.label} vintage does that: {where}"
    else:
        consistency = (f"this build prices them on the {v.label} vintage instead, {where}, so its dollar and CO2 "
                       f"figures are lower than a pricing at the burden's {BURDEN_PRECISION} precision would give")
    return Dollars(
        name=bf.config.name, t1_pct=N.pct(bf.targets[0]), vintage=v.label, consistency=md(consistency),
        per_gflop="$" + N.sci(v.usd_per_flop() * 1e9, 2), kg_per_gflop=N.sci(v.kg_per_flop() * 1e9, 2) + " kg",
        peak_phrase=Md(peak_phrase(costs, v)), strubell_lbs=N.number(literature.value("strubell_lbs_per_kwh"), 3),
        strubell_pue=N.number(literature.value("strubell_pue"), 3),
        caption=(f"Hardware vintages of data/costs.toml, the price and emissions of one GFLOP of burden on each, and "
                 f"what {bf.config.name} at {N.pct(bf.targets[0])} ({bf.headline_form} form, all models) would cost"))


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------


@dataclass
class Tables:
    level_pct: str
    vintage: str
    compute_caption: str = field(repr=False, default="")
    cost_caption: str = field(repr=False, default="")


def tables(fc: FutureCosts) -> Tables:
    lvl = N.pct(fc.level, 0)
    return Tables(level_pct=lvl, vintage=fc.vintage.label,
                  compute_caption=(f"Compute needed to reach today's best error and each target (FLOP of hardware "
                                   f"burden, all models), with the {lvl} calibration interval; bold: the form the "
                                   "book's rule prefers"),
                  cost_caption=(f"What each projection would cost and emit on the {fc.vintage.label} vintage "
                                "(point values; CO2 in tonnes of CO2-equivalent); bold: the preferred form"))
