"""The future-cost chapter's display tables (formatted strings, short headers, powers of ten as
superscripts, intervals as ranges) and its evidence rows for the claims ledger."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..analysis import claims, headlines
from ..analysis.answers import FutureCosts
from ..analysis.claims import Evidence
from ..analysis.costs import vintage_table as vintages
from ..analysis.projections import VARIANTS
from ..config import CostConfig, Literature
from ..stats import forms
from . import numbers as N
from .costs import year_answer
from .projections import span, target_label

NOT_ESTIMABLE_CELL = "not estimable"
VARIANT_LABELS = {"recorded": "as recorded", "tpu_set_aside": "TPU runs set aside",
                  "tpu_fp32_equivalent": "TPU runs at FP32-equivalent"}
PAPER_CITE = "thompson2020computational"
SCORE_STEP = 0.00101  # the data report scores to a tenth of a point: an error within one step (and rounding) of the paper's


def names(configs) -> dict[str, str]:
    return {b: c.name for b, c in configs.items()}


def _md(text: str) -> str:
    """A cell for a Markdown table: a dollar sign would open inline maths."""
    return text.replace("$", r"\$")


def answer_cell(x, lo, hi, estimable: bool) -> str:
    """``10²⁶·¹ (10²⁴·⁵–10²⁸·⁰)`` or ``not estimable``."""
    if not estimable:
        return NOT_ESTIMABLE_CELL
    return f"{N.pow10(x)} ({span(lo, hi)})"


def _bold(text: str, on: bool) -> str:
    return f"**{text}**" if on and text != NOT_ESTIMABLE_CELL else text


def _wide(main: pd.DataFrame, cell) -> pd.DataFrame:
    """One row per benchmark and target (sample all), one column per form, cells made by ``cell(row)``."""
    df = main[main["sample"] == "all"]
    rows = []
    for (bench, err, today), grp in df.groupby(["benchmark", "target_error", "is_today"], sort=False):
        row = {"benchmark": bench, "Error": target_label(err, today)}
        for _, r in grp.iterrows():
            row[r["form"]] = cell(r)
        rows.append(row)
    return pd.DataFrame(rows)


def compute_table(main: pd.DataFrame, configs) -> pd.DataFrame:
    """Compute (FLOP) with its calibration interval, both forms; the preferred form in bold."""
    wide = _wide(main, lambda r: _bold(answer_cell(r["log10_flops"], r["log10_flops_lo"], r["log10_flops_hi"],
                                                   r["estimable"]), r["preferred"]))
    out = pd.DataFrame({"Benchmark": wide["benchmark"].map(names(configs)), "Error": wide["Error"]})
    for f in forms.FORMS:
        out[f"{f.capitalize()} (FLOP)"] = wide[f]
    return out


def cost_table(main: pd.DataFrame, configs) -> pd.DataFrame:
    """Cost (USD) and CO2 (t CO2e) of each projection on the table's vintage, both forms."""
    def cell(col, shift=0.0, prefix=""):
        return lambda r: _bold(_md(prefix + N.pow10(r[col] - shift)) if r["estimable"] else NOT_ESTIMABLE_CELL,
                               r["preferred"])

    out = pd.DataFrame({"Benchmark": _wide(main, lambda r: r["benchmark"])["benchmark"].map(names(configs))})
    out["Error"] = _wide(main, lambda r: "")["Error"]
    for label, col, shift, prefix in (("Cost", "log10_usd", 0.0, "$"), ("CO2 (t)", "log10_co2_kg", 3.0, "")):
        wide = _wide(main, cell(col, shift, prefix))
        for f in forms.FORMS:
            out[f"{label}, {f[:3]}."] = wide[f]
    return out


def interval_table(table: pd.DataFrame, bench: str) -> pd.DataFrame:
    """The intervals of one benchmark's projections (all models) side by side."""
    df = table[(table["benchmark"] == bench) & (table["sample"] == "all")]

    def iv(lo, hi):
        return [span(a, b) if np.isfinite(a) and np.isfinite(b) else "unbounded" for a, b in zip(df[lo], df[hi])]

    return pd.DataFrame({
        "Form": df["form"].to_numpy(),
        "Error": [target_label(e, t) for e, t in zip(df["target_error"], df["is_today"])],
        "Compute": [N.pow10(x) if ok else NOT_ESTIMABLE_CELL for x, ok in zip(df["log10_flops"], df["estimable"])],
        "Beyond data": df["decades_beyond_data"].map(lambda v: N.number(max(v, 0.0), decimals=1)).to_numpy(),
        "Calibration": iv("log10_flops_lo", "log10_flops_hi"), "Line": iv("line_lo", "line_hi"),
        "Delta": iv("delta_lo", "delta_hi"), "Bootstrap": iv("boot_lo", "boot_hi"),
        "Without conv.": iv("lo_without_conversion", "hi_without_conversion"),
    })


def precision_table(fc: FutureCosts, bench: str) -> pd.DataFrame:
    p = fc.precision[fc.precision["benchmark"] == bench].copy()
    p["order"] = p["variant"].map(VARIANTS.index)
    p = p.sort_values(["form", "order"], kind="stable")
    return pd.DataFrame({
        "Form": p["form"], "Compute": p["variant"].map(VARIANT_LABELS), "n": p["n"].map(N.integer),
        "Slope": p["slope"].map(lambda v: N.number(v, 3)), "R²": p["r2"].map(lambda v: N.pct(v, 0)),
        "Needed (FLOP)": [answer_cell(x, lo, hi, ok) for x, lo, hi, ok in
                          zip(p["log10_flops"], p["log10_flops_lo"], p["log10_flops_hi"], p["estimable"])],
    })


def vintage_table(fc: FutureCosts, costs: CostConfig, bench: str) -> pd.DataFrame:
    """Each vintage's inputs, the price and emissions of a GFLOP of burden, and the cost of the headline
    benchmark's first target (preferred form, all models) on it."""
    bf = fc.fitset[(bench, "all")]
    sel = fc.costed[(fc.costed["benchmark"] == bench) & (fc.costed["sample"] == "all")
                    & (fc.costed["form"] == bf.headline_form) & ~fc.costed["is_today"]
                    & np.isclose(fc.costed["target_error"], bf.targets[0])].set_index("hardware_vintage")
    rows = []
    for v in costs.vintages.values():
        r = sel.loc[v.id]
        rows.append({"Vintage": v.label, "Peak": f"{N.number(v.peak_flops / 1e12, 3)} TFLOP/s {v.peak_precision}",
                     "Price": _md(f"${N.number(v.price_usd_per_hour, 3)}/h ({v.price_date})"),
                     "PUE": N.number(v.pue, 3), "lbs/kWh": N.number(v.grid_lbs_co2e_per_kwh, 3),
                     "USD/GFLOP": N.sci(v.usd_per_flop() * 1e9, 2), "kg/GFLOP": N.sci(v.kg_per_flop() * 1e9, 2),
                     f"{bf.config.name} {N.pct(bf.targets[0])}": _md("$" + N.pow10(r["log10_usd"]))
                     if r["estimable"] else NOT_ESTIMABLE_CELL})
    return pd.DataFrame(rows)


# Column widths of paper_table (relative): Sphinx's own, from the cells, left "Paper: GFLOPs" 3.6 pt too wide.
PAPER_WIDTHS = [11, 12, 12, 13, 12, 18, 12, 18]


def paper_table(fc: FutureCosts, configs) -> pd.DataFrame:
    """The paper's (or Spectrum's) figures beside the book's, per entry of literature.toml."""
    rows = []
    for _, r in fc.comparison.iterrows():
        error = target_label(r["book_target_error"], True) if r["is_today"] else N.pct(r["target_error"])
        if r["is_today"]:
            error += f"; paper: {N.pct(r['target_error'])}"
        rows.append({
            "Source": r["source"], "Benchmark": configs[r["benchmark"]].name, "Error": error, "Form": r["form"],
            "Paper: GFLOPs": N.pow10(r["paper_log10_gflops"], 0) if np.isfinite(r["paper_log10_gflops"]) else N.MISSING,
            "Book: GFLOPs": answer_cell(r["log10_flops"] - 9, r["log10_flops_lo"] - 9, r["log10_flops_hi"] - 9,
                                        r["estimable"]),
            "Paper: USD": _md("$" + N.pow10(r["paper_log10_usd"], 0)) if np.isfinite(r["paper_log10_usd"]) else N.MISSING,
            "Book: USD": _md(answer_cell(r["log10_usd"], r["log10_usd_lo"], r["log10_usd_hi"], r["estimable"])
                             .replace("10", "$10", 1)),
        })
    return pd.DataFrame(rows)


def affordability_table(fc: FutureCosts, configs) -> pd.DataFrame:
    """The year each target becomes affordable (all models), both forms and both scenarios."""
    a = fc.afford[(fc.afford["sample"] == "all") & ~fc.afford["is_today"]]
    rows = []
    for (bench, err, form), grp in a.groupby(["benchmark", "target_error", "form"], sort=False):
        g = grp.set_index("scenario")
        row = {"Benchmark": configs[bench].name, "Error": N.pct(err), "Form": form,
               "Cost today": _md("$" + N.pow10(g["log10_usd"].iloc[0])) if g["estimable"].iloc[0] else NOT_ESTIMABLE_CELL}
        for key, label in (("hardware", "Hardware only"), ("hardware_spending", "With spending")):
            r = g.loc[key]
            row[label] = year_answer(r["affordable_year"], r["affordable_year_lo"], r["affordable_year_hi"],
                                     r["estimable"], fc.level).replace(N.NOT_ESTIMABLE, NOT_ESTIMABLE_CELL)
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values(["Form"], key=lambda s: s.map(list(forms.FORMS).index), kind="stable") \
        if len(out) else out


# --------------------------------------------------------------------------
# Evidence for the claims ledger
# --------------------------------------------------------------------------


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
                float(r["book_target_error"]), float(r["book_target_error"]), "inside", SCORE_STEP, True, "fraction",
                "best error among the v1-sample models; the data report scores to a tenth of a point"))
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
