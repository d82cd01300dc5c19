"""The future-cost chapter's later sections as its prose cites them: the paper's figures beside the
book's, a sense of scale, when each target becomes affordable, and the calculator's defaults (one
dataclass per section, glued with ``glue_all``).  Helpers shared with the earlier sections are in
:mod:`compute_limits.report.costs`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..analysis import answers
from ..analysis.answers import FutureCosts
from ..config import LBS_TO_KG, Literature
from . import numbers as N
from .costs import OTHER, projection_row, main_fits, md, money, orders, when
from .glue import Md
from .projections import flops
from .text import count, join

SPECTRUM = "thompson2021diminishing"  # IEEE Spectrum's article, the source of the carbon comparison


# --------------------------------------------------------------------------
# Side by side with the paper
# --------------------------------------------------------------------------


@dataclass
class Paper:
    conversion: Md
    vintage: str
    status: Md
    anchor: Md
    usd_per_gflop: str
    sp_target_pct: str
    sp_months: str
    sp_lbs_per_gflop: str
    sp_compute: str
    nyc_mt: str
    sp_book: Md
    caption: str = field(repr=False, default="")


def _spectrum(literature: Literature):
    return next((p for p in literature.paper_projection if p.cite == SPECTRUM), None)


def paper(fc: FutureCosts, literature: Literature, configs: dict, bench: str) -> Paper:
    v = fc.paper_vintage
    comp = fc.comparison
    bf_v1 = fc.fitset.get((bench, "v1"))
    k, n_fig = answers.inside(comp)
    bench_names = [configs[b].name for b in dict.fromkeys(comp["benchmark"])]
    if n_fig:
        share = f"All {N.integer(n_fig)}" if k == n_fig else f"{N.integer(k)} of the {N.integer(n_fig)}"
        status = (f"{share} compute figures that the paper and IEEE Spectrum give for {join(bench_names)} "
                  f"{'lies' if k == 1 and k != n_fig else 'lie'} inside the book's {N.pct(fc.level, 0)} calibration "
                  "intervals for the same sample and form (the table below)")
        status += ": the differences are smaller than the uncertainty of the extrapolation itself." if k == n_fig else "."
    elif reported := [c for c in configs.values() if literature.projections(c.id, c.metric)]:
        status = (f"The paper gives projections for {join(c.name for c in reported)}, but this build has no models "
                  f"published before July 2020 to refit for {'it' if len(reported) == 1 else 'them'}, so there is "
                  "nothing to set beside them.")
    else:
        labels = join(f"{c.name} scored by {c.metric_label}" for c in configs.values())
        status = f"The paper reported no projections for the benchmarks and metrics of this build ({labels})."
    today = comp[comp["is_today"] & comp["paper_log10_usd"].notna() & comp["paper_log10_gflops"].notna()]
    anchor = ""
    if len(today):
        t = today.iloc[0]
        anchor = (f"The paper's own figures for today ({N.pow10(t['paper_log10_gflops'], 0)} GFLOPs for "
                  f"${N.pow10(t['paper_log10_usd'], 0)}) imply about ${N.pow10(t['paper_log10_usd'] - t['paper_log10_gflops'], 0)}"
                  " per GFLOP.")
    sp = _spectrum(literature)
    nyc_kg = literature.value("nyc_co2e_tonnes_per_year") * 1000.0
    month_lbs = nyc_kg / 12.0 / LBS_TO_KG
    sp_flops = literature.value("spectrum_5pct_log10_flops")
    lbs_per_gflop = literature.value("spectrum_5pct_nyc_months") * month_lbs / 10 ** (sp_flops - 9)
    sp_rows = comp[comp["cite"] == SPECTRUM]
    if len(sp_rows):
        r = sp_rows.iloc[0]
        months = 10 ** (r["log10_co2_kg"] - math.log10(nyc_kg / 12.0))
        sp_book = (f"on the paper-era vintage the book's projection for that target would emit about "
                   f"{N.number(months, 2)} months of the city's emissions.")
    else:
        sp_book = "this build has no projection for that benchmark and metric to set beside it."
    conv = bf_v1.conversion if bf_v1 is not None else None
    conv_text = (f"{count(conv.n, 'model')}, {'pooled across benchmarks' if conv.source == 'pooled' else 'its own'}, "
                 f"the latest from {N.year(conv.latest)}") if conv is not None else "no model needed one"
    return Paper(
        conversion=md(conv_text), vintage=v.label, status=md(status), anchor=md(anchor),
        usd_per_gflop="$" + N.sci(v.usd_per_flop() * 1e9, 2),
        sp_target_pct=N.pct(sp.target_error) if sp else N.MISSING,
        sp_months=N.number(literature.value("spectrum_5pct_nyc_months"), 2),
        sp_lbs_per_gflop=N.sci(lbs_per_gflop, 1), sp_compute=f"{N.pow10(sp_flops, 0)} FLOP",
        nyc_mt=f"{N.number(literature.value('nyc_co2e_tonnes_per_year') / 1e6, 2)}", sp_book=md(sp_book),
        caption=(f"The paper's and IEEE Spectrum's figures beside the book's projections from the same sample "
                 f"(models published before July 2020) and form, priced on the {v.label} vintage; "
                 f"{N.pct(fc.level, 0)} calibration intervals"))


# --------------------------------------------------------------------------
# A sense of scale
# --------------------------------------------------------------------------


@dataclass
class Scale:
    largest: str
    largest_date: str
    largest_compute: str
    name: str
    t1_pct: str
    form: str
    vs_largest: Md
    burden_note: Md
    vintage: str
    gdp: str
    gdp_compute: str
    nyc: str
    nyc_compute: str
    level_pct: str
    not_drawn: Md
    n_targets: int
    n_above_largest: int
    n_above_gdp: int
    x_min: float
    x_max: float
    references: object = field(repr=False, default=None)


def scale(fc: FutureCosts, literature: Literature, bench: str, x_span: float = 45.0) -> Scale:
    refs = fc.references
    bf = main_fits(fc, bench)
    r = projection_row(fc, bench, bf.headline_form, bf.targets[0])
    if r["estimable"]:
        d = r["log10_flops"] - refs.largest_run_log10_flops
        vs = f"about {orders(abs(d))} {'more' if d > 0 else 'less'} than"
    else:
        vs = f"an amount {N.NOT_ESTIMABLE} to set beside"
    u = fc.vintage.utilization
    d_burden = -math.log10(u)
    note = (f"large runs on the {fc.vintage.label} vintage achieve about "
            f"{N.pct(u, 0) + ' of' if u < 1 else N.number(u, 2) + ' times'} the peak it counts, so on a burden basis the largest run would sit about {orders(abs(d_burden))} "
            f"{'higher' if d_burden > 0 else 'lower'}.")
    every = fc.main[fc.main["sample"] == "all"].drop_duplicates(["benchmark", "form", "target_error"])
    hidden = int((~every["estimable"]).sum())
    targets = every[every["estimable"] & ~every["is_today"]]
    x_min = math.floor(min(every.loc[every["estimable"], "log10_flops_lo"].min(), refs.largest_run_log10_flops) - 1)
    table = refs.rows().assign(label=[
        f"largest run so far ({refs.largest_run}, {refs.largest_run_date.year})",
        f"a year of world GDP ({money(literature.value('world_gdp_usd'))})",
        f"a year of New York City's emissions ({N.number(literature.value('nyc_co2e_tonnes_per_year') / 1e6, 2)} Mt CO2e)"])
    return Scale(
        largest=refs.largest_run, largest_date=f"{refs.largest_run_date:%B %Y}",
        largest_compute=flops(refs.largest_run_log10_flops), name=bf.config.name, t1_pct=N.pct(bf.targets[0]),
        form=bf.headline_form, vs_largest=Md(vs), burden_note=Md(note), vintage=fc.vintage.label,
        gdp=money(literature.value("world_gdp_usd")), gdp_compute=flops(refs.gdp_log10_flops),
        nyc=f"{N.number(literature.value('nyc_co2e_tonnes_per_year') / 1e6, 2)} Mt CO2e",
        nyc_compute=flops(refs.nyc_log10_flops), level_pct=N.pct(fc.level, 0),
        not_drawn=Md(f"{count(hidden, 'projection')} whose interval is unbounded (not estimable) "
                     f"{'is' if hidden == 1 else 'are'} not drawn" if hidden else "every projection is estimable"),
        n_targets=int(len(targets)), n_above_largest=int((targets["log10_flops"] > refs.largest_run_log10_flops).sum()),
        n_above_gdp=int((targets["log10_flops"] > refs.gdp_log10_flops).sum()),
        x_min=float(x_min), x_max=float(x_min + x_span), references=table)


# --------------------------------------------------------------------------
# When affordable, and the calculator
# --------------------------------------------------------------------------


@dataclass
class Affordable:
    budget: str
    price_year: int
    vintage: str
    population: str
    n: int
    window: str
    level_pct: str
    cpd: str
    cpd_interval: str
    cpd_doubling: str
    cost: str
    cost_interval: str
    cottier: str
    form: str
    other: str
    name: str
    t1_pct: str
    tlast_pct: str
    t1_year: Md
    tlast_year: Md
    t1_year_both: Md
    tlast_year_both: Md
    t1_year_other: Md
    tlast_year_other: Md
    caption: str = field(repr=False, default="")


def _year(fc: FutureCosts, bench: str, form: str, target: float, scenario: str) -> Md:
    a = fc.afford
    r = a[(a["benchmark"] == bench) & (a["sample"] == "all") & (a["form"] == form) & (a["scenario"] == scenario)
          & ~a["is_today"] & (a["target_error"] - target).abs().lt(1e-12)].iloc[0]
    return Md(when(r["affordable_year"], r["affordable_year_lo"], r["affordable_year_hi"], r["estimable"], fc.level))


def affordable(fc: FutureCosts, literature: Literature, bench: str) -> Affordable:
    bf = main_fits(fc, bench)
    g = fc.growth
    form, other, t1, tl = bf.headline_form, OTHER[bf.headline_form], bf.targets[0], bf.targets[-1]
    cpd, cost = g.compute_per_dollar, g.cost_per_run
    return Affordable(
        budget=money(fc.budget_usd), price_year=fc.vintage.price_year, vintage=fc.vintage.label,
        population=g.population, n=g.n, window=g.window, level_pct=N.pct(fc.level, 0),
        cpd=N.factor(cpd.growth_per_year), cpd_interval=N.interval(cpd.growth_lo, cpd.growth_hi, sig=2),
        cpd_doubling=N.months(cpd.doubling_months), cost=N.factor(cost.growth_per_year),
        cost_interval=N.interval(cost.growth_lo, cost.growth_hi, sig=2),
        cottier=N.factor(literature.value("cottier_cost_growth")), form=form, other=other, name=bf.config.name,
        t1_pct=N.pct(t1), tlast_pct=N.pct(tl),
        t1_year=_year(fc, bench, form, t1, "hardware"), tlast_year=_year(fc, bench, form, tl, "hardware"),
        t1_year_both=_year(fc, bench, form, t1, "hardware_spending"),
        tlast_year_both=_year(fc, bench, form, tl, "hardware_spending"),
        t1_year_other=_year(fc, bench, other, t1, "hardware"), tlast_year_other=_year(fc, bench, other, tl, "hardware"),
        caption=(f"The year each target becomes affordable with a budget of {money(fc.budget_usd)} on the "
                 f"{fc.vintage.label} vintage (all models; {N.pct(fc.level, 0)} interval from the ends of the "
                 "calibration interval): hardware and prices improving alone, and with budgets growing too"))


@dataclass
class Calculator:
    level_pct: str
    name: str
    target_pct: str
    form: str
    price: str
    vintage: str
    precision: str
    budget: str
    growth: str
    target: float


def calculator(fc: FutureCosts, bench: str) -> Calculator:
    bf = main_fits(fc, bench)
    return Calculator(
        level_pct=N.pct(fc.level, 0), name=bf.config.name, target_pct=N.pct(bf.targets[0]), form=bf.headline_form,
        price=f"${N.number(fc.vintage.price_usd_per_hour, 3)}", vintage=fc.vintage.label,
        precision=fc.vintage.peak_precision, budget=money(fc.budget_usd),
        growth=N.factor(fc.default_scenario.compute_per_dollar_growth), target=float(bf.targets[0]))
