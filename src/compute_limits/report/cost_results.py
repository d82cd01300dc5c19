"""The future-cost chapter's results files: the projections on every vintage, the vintages, the dates,
the precision check, its headline rows and its evidence rows for the claims ledger (each claim stated as
the paper states it, its numbers set by :mod:`compute_limits.report.numbers`)."""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import claims, headlines
from ..analysis.answers import FutureCosts
from ..analysis.claims import Evidence
from ..analysis.costs import vintage_table as vintages
from ..config import CostConfig, Literature
from . import numbers as N

PAPER_CITE = "thompson2020computational"


def _claim_id(p, suffix: str) -> str:
    when = "today" if p.is_today else f"{N.pct(p.target_error).rstrip('%').replace('.', '_')}pct"
    source = "" if p.cite == PAPER_CITE else "_" + "".join(c if c.isalnum() else "_" for c in p.source.lower())
    return f"{p.benchmark}_{when}_{suffix}{source}"


def claims_evidence(fc: FutureCosts, literature: Literature) -> list[Evidence]:
    """One row per figure of each ``paper_projection`` entry that this build can test (its benchmark and
    metric analysed, with a v1-sample fit): today's error, the compute (log10 FLOP) and the cost (log10
    USD on the paper-era vintage), with the book's calibration interval from the same sample and form."""
    out = []
    label, chapter = "future-costs-paper", "future_costs"
    for _, r in fc.comparison.iterrows():
        name = next(bf.config.name for (b, _), bf in fc.fitset.items() if b == r["benchmark"])
        p = next(e for e in literature.projections(r["benchmark"], r["metric"])
                 if e.source == r["source"] and math.isclose(e.target_error, r["target_error"]) and e.form == r["form"])
        what = "today" if p.is_today else f"at {N.pct(p.target_error)} error"
        who = "v1's table" if p.cite == PAPER_CITE else p.source
        sample = (f"book: models published before July 2020, {r['form']} form, {N.pct(fc.level, 0)} calibration "
                  "interval (prediction interval for a single model's compute; conversion uncertainty included)")
        if p.is_today:
            out.append(Evidence(
                _claim_id(p, "error"), chapter, label, f"{name}: today's best error is {N.pct(p.target_error)} "
                f"({who})", N.pct(p.target_error), p.target_error, float(r["book_target_error"]),
                float(r["book_target_error"]), float(r["book_target_error"]), "inside", 0.0, True, "fraction",
                "today's best error by the main specification's rule: the lowest error of any model in the v1 sample "
                "with a score, with or without a compute figure (an exact count: no interval, no tolerance)"))
        if p.log10_gflops is not None:
            out.append(Evidence(
                _claim_id(p, "compute"), chapter, label, f"{name} {what} needs about "
                f"{N.pow10(p.log10_gflops, 0)} GFLOPs ({who})", f"{N.pow10(p.log10_gflops, 0)} GFLOPs",
                p.log10_gflops + 9, float(r["log10_flops"]), float(r["log10_flops_lo"]), float(r["log10_flops_hi"]),
                "inside", 0.5, bool(r["estimable"]), "log10 FLOP", sample))
        if p.log10_usd is not None:
            out.append(Evidence(
                _claim_id(p, "usd"), chapter, label, f"{name} {what} costs about ${N.pow10(p.log10_usd, 0)} "
                f"({who})", f"${N.pow10(p.log10_usd, 0)}", p.log10_usd, float(r["log10_usd"]),
                float(r["log10_usd_lo"]), float(r["log10_usd_hi"]), "inside", 0.5, bool(r["estimable"]), "log10 USD",
                f"{sample}; priced on the {fc.paper_vintage.label} vintage (the interval is the compute interval "
                "shifted; the price itself is not given an interval)"))
    return out


def results(fc: FutureCosts, costs: CostConfig, literature: Literature) -> list[tuple[pd.DataFrame, str, str | None]]:
    """The chapter's results as ``(table, name, part)`` for ``write_result``: projections (every vintage),
    cost_vintages, affordability, projection_precision, its headline rows and its claims evidence."""
    return [(fc.costed, "projections", None), (vintages(costs), "cost_vintages", None),
            (fc.afford, "affordability", None), (fc.precision, "projection_precision", None),
            (headlines.table(fc.headlines), "headlines", "future_costs"),
            (claims.evidence(claims_evidence(fc, literature)), "claims_evidence", "future_costs")]
