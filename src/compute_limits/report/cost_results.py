"""The future-cost chapter's results files: the projections on every vintage, the vintages, the dates,
the precision check, its headline rows and its evidence rows for the claims ledger (each claim stated as
the paper states it, its numbers set by :mod:`compute_limits.report.numbers`)."""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import claims, headlines
from ..analysis.answers import FutureCosts
from ..analysis.claims import Evidence, text
from ..analysis.costs import vintage_table as vintages
from ..config import CostConfig, Literature
from ..quantities import Compact, Kind, Percent, Share, Words
from ..stats import forms
from ..stats.intervals import slope_interval
from . import numbers as N
from .ledger_text import write_rows

PAPER_CITE = "thompson2020computational"
SPECTRUM_CITE = "thompson2021diminishing"
GFLOPS, USD, POWER = Kind("log10_gflop", 0), Kind("log10_usd", 0), Kind("log10", 0)  # the paper's round powers of ten


def _claim_id(p, suffix: str) -> str:
    when = "today" if p.is_today else f"{N.pct(p.target_error).rstrip('%').replace('.', '_')}pct"
    source = "" if p.cite == PAPER_CITE else "_" + "".join(c if c.isalnum() else "_" for c in p.source.lower())
    return f"{p.benchmark}_{when}_{suffix}{source}"


def claims_evidence(fc: FutureCosts, literature: Literature) -> list[Evidence]:
    """One row per figure of each ``paper_projection`` entry that this build can test (its benchmark and
    metric analysed, with a v1-sample fit): today's error, the compute (log10 FLOP), the cost (log10 USD on
    the paper-era vintage) and the CO2 (log10 lbs, the same vintage), with the book's calibration interval from
    the same sample and form; then the paper's CO2 at its lowest target against today's, in orders of
    magnitude (:func:`_co2_orders`), and IEEE Spectrum's months of New York City's emissions
    (:func:`_nyc_months`)."""
    out = []
    label, chapter = "future-costs-paper", "future_costs"
    for _, r in fc.comparison.iterrows():
        name = next(bf.config.name for (b, _), bf in fc.fitset.items() if b == r["benchmark"])
        p = next(e for e in literature.projections(r["benchmark"], r["metric"])
                 if e.source == r["source"] and math.isclose(e.target_error, r["target_error"]) and e.form == r["form"])
        what = text("projection_today") if p.is_today else text("projection_at", error=(p.target_error, Share))
        who = text("projection_v1_table") if p.cite == PAPER_CITE else p.source
        sample = text("projection_sample", form=r["form"], level=(fc.level, Percent))
        if p.is_today:
            out.append(Evidence(
                _claim_id(p, "error"), chapter, label,
                text("projection_error_claim", name=name, error=(p.target_error, Share), who=who),
                N.pct(p.target_error), p.target_error, float(r["book_target_error"]),
                float(r["book_target_error"]), float(r["book_target_error"]), "inside", 0.0, True, "fraction",
                text("projection_error_note")))
        if p.log10_gflops is not None:
            out.append(Evidence(
                _claim_id(p, "compute"), chapter, label,
                text("projection_compute_claim", name=name, what=what, gflops=(p.log10_gflops, GFLOPS), who=who),
                f"{N.pow10(p.log10_gflops, 0)} GFLOPs",
                p.log10_gflops + 9, float(r["log10_flops"]), float(r["log10_flops_lo"]), float(r["log10_flops_hi"]),
                "inside", 0.5, bool(r["estimable"]), "log10 FLOP", sample))
        if p.log10_usd is not None:
            out.append(Evidence(
                _claim_id(p, "usd"), chapter, label,
                text("projection_usd_claim", name=name, what=what, usd=(p.log10_usd, USD), who=who),
                f"${N.pow10(p.log10_usd, 0)}", p.log10_usd, float(r["log10_usd"]),
                float(r["log10_usd_lo"]), float(r["log10_usd_hi"]), "inside", 0.5, bool(r["estimable"]), "log10 USD",
                text("projection_usd_note", sample=sample, vintage=fc.paper_vintage.label)))
        if p.log10_co2_lbs is not None:
            shift = float(r["log10_co2_lbs"]) - float(r["log10_flops"])
            out.append(Evidence(
                _claim_id(p, "co2"), chapter, label,
                text("projection_co2_claim", name=name, what=what, lbs=(p.log10_co2_lbs, POWER), who=who),
                f"{N.pow10(p.log10_co2_lbs, 0)} lbs", p.log10_co2_lbs, float(r["log10_co2_lbs"]),
                float(r["log10_flops_lo"]) + shift, float(r["log10_flops_hi"]) + shift, "inside", 0.5,
                bool(r["estimable"]), "log10 lbs CO₂e",
                text("projection_co2_note", sample=sample, vintage=fc.paper_vintage.label)))
    out += _co2_orders(fc, literature, label, chapter)
    out += _nyc_months(fc, literature, label, chapter)
    return write_rows(out, literature)


def _co2_orders(fc: FutureCosts, literature: Literature, label: str, chapter: str) -> list[Evidence]:
    """The paper's CO2 at its lowest target over today's, in orders of magnitude, beside the book's: on one
    vintage CO2 is proportional to compute, so the book's figure is log10 C(target) − log10 C(today) =
    (y(target) − y(today)) / b for the line of the paper's (polynomial) form on the same sample, with the interval that the slope's
    confidence interval gives (Δy is fixed, so the map is monotone)."""
    out = []
    for _, r in fc.comparison.iterrows():
        if r["is_today"] or r["form"] != forms.PAPER_FORM:  # the paper's figure is of its own form
            continue
        entries = literature.projections(r["benchmark"], r["metric"])
        p = next(e for e in entries if e.source == r["source"] and math.isclose(e.target_error, r["target_error"]))
        today = next((e for e in entries if e.is_today and e.source == p.source and e.log10_co2_lbs is not None), None)
        if p.log10_co2_lbs is None or today is None or p.cite != PAPER_CITE:
            continue
        bf = fc.fitset[(r["benchmark"], r["model_set"])]
        fit = bf.fit(forms.PAPER_FORM)
        lo, hi = slope_interval(fit, fc.level)
        dy = math.log10(bf.today / r["target_error"])
        estimable = lo > 0
        orders = p.log10_co2_lbs - today.log10_co2_lbs
        out.append(Evidence(
            _claim_id(p, "co2_orders"), chapter, label,
            text("co2_orders_claim", name=bf.config.name, error=(p.target_error, Share), orders=(orders, Compact)),
            f"{orders:g} orders of magnitude", orders, dy / fit.slope,
            dy / hi if estimable else math.nan, dy / lo if estimable else math.nan, "inside", 0.5, estimable,
            "orders of magnitude",
            text("co2_orders_note", today=(bf.today, Share), error=(p.target_error, Share), form=r["form"],
                 dy=(dy, Kind("fixed", 2)), level=(fc.level, Percent))))
    return out


def _nyc_months(fc: FutureCosts, literature: Literature, label: str, chapter: str) -> list[Evidence]:
    """IEEE Spectrum's "as much carbon as New York City emits in a month" for 5% ImageNet error, beside the
    months of the city's emissions the book's projection for that target emits on the paper-era vintage."""
    if "spectrum_5pct_nyc_months" not in literature.figure:
        return []
    months = literature.value("spectrum_5pct_nyc_months")
    month_kg = literature.value("nyc_co2e_tonnes_per_year") * 1000.0 / 12.0
    out = []
    for _, r in fc.comparison.iterrows():
        if r["cite"] != SPECTRUM_CITE or r["is_today"] or not math.isclose(r["target_error"], 0.05):
            continue
        p = next(e for e in literature.projections(r["benchmark"], r["metric"])
                 if e.cite == SPECTRUM_CITE and math.isclose(e.target_error, r["target_error"]))
        shift = float(r["log10_co2_kg"]) - float(r["log10_flops"]) - math.log10(month_kg)
        at_spectrum = 10 ** ((p.log10_gflops + 9) + shift) if p.log10_gflops is not None else math.nan
        name = fc.fitset[(r["benchmark"], r["model_set"])].config.name
        out.append(Evidence(
            _claim_id(p, "nyc_months"), chapter, label,
            text("nyc_months_claim", name=name, error=(p.target_error, Share), months=(months, Compact), who=p.source),
            f"{months:g} month", months, 10 ** (float(r["log10_flops"]) + shift),
            10 ** (float(r["log10_flops_lo"]) + shift), 10 ** (float(r["log10_flops_hi"]) + shift), "inside", 0.0,
            bool(r["estimable"]), "months of New York City's emissions",
            text("nyc_months_note", error=(p.target_error, Share), form=r["form"], level=(fc.level, Percent),
                 vintage=fc.paper_vintage.label, city=(literature.value("nyc_co2e_tonnes_per_year"), Words),
                 flop=(p.log10_gflops + 9, Kind("log10_flop", 0)), months=(at_spectrum, Kind("number", 2)))))
    return out


def results(fc: FutureCosts, costs: CostConfig, literature: Literature) -> list[tuple[pd.DataFrame, str, str | None]]:
    """The chapter's results as ``(table, name, part)`` for ``write_result``: projections (every vintage),
    cost_vintages, affordability, projection_precision, its headline rows and its claims evidence."""
    return [(fc.costed, "projections", None), (vintages(costs), "cost_vintages", None),
            (fc.afford, "affordability", None), (fc.precision, "projection_precision", None),
            (headlines.table(fc.headlines), "headlines", "future_costs"),
            (claims.evidence(claims_evidence(fc, literature)), "claims_evidence", "future_costs")]
