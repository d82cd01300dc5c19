"""The future-cost chapter's display tables: which columns, each cell set by its kind
(:mod:`compute_limits.report.numbers`: powers of ten as superscripts, intervals as ranges), and every
string from a data file shown literally (:func:`compute_limits.report.tables.literal`).  The captions
are written in the chapter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.answers import FutureCosts
from ..analysis.projections import VARIANTS
from ..config import CostConfig, Specification
from ..quantities import Estimate, Kind
from ..stats import forms
from . import numbers as N
from .projections import span, target_label
from .tables import Md, literal

NOT_ESTIMABLE_CELL = "not estimable"
VARIANT_LABELS = {"recorded": "as recorded", "tpu_set_aside": "TPU runs set aside",
                  "tpu_fp32_equivalent": "TPU runs at FP32-equivalent"}
# Column widths of paper_table (relative): Sphinx's own, from the cells, left "Paper: GFLOPs" 3.6 pt too wide.
PAPER_WIDTHS = [11, 12, 12, 13, 12, 18, 12, 18]


def names(configs) -> dict[str, str]:
    return {b: c.name for b, c in configs.items()}


def answer_cell(x, lo, hi, estimable: bool, kind: str = "log10") -> str:
    """``10²⁶·¹ (10²⁴·⁵–10²⁸·⁰)`` (``$10¹⁴·² ($10¹²·⁶–10¹⁶·¹)`` for dollars) or ``not estimable`` (also where
    the interval is too wide to print, :func:`compute_limits.report.numbers.decides`)."""
    if not (estimable and N.decides(lo, hi, kind)):
        return NOT_ESTIMABLE_CELL
    return literal(f"{N.show(x, kind)} ({N.show_interval(lo, hi, kind)})")


def _shown(r, column: str = "log10_flops") -> bool:
    """Whether a projection row's value is printed: estimable, and its interval (``<column>_lo``–``_hi``) narrow
    enough to mean something (:func:`compute_limits.report.numbers.decides`)."""
    return bool(r["estimable"]) and N.decides(r[f"{column}_lo"], r[f"{column}_hi"], "log10")


def _bold(text: str, on: bool) -> str:
    return Md(f"**{literal(text)}**") if on and text != NOT_ESTIMABLE_CELL else text


def _wide(main: pd.DataFrame, cell) -> pd.DataFrame:
    """One row per benchmark and target (sample all), one column per form, cells made by ``cell(row)``."""
    df = main[main["model_set"] == "all"]
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
    out = pd.DataFrame({"Benchmark": wide["benchmark"].map(names(configs)).map(literal), "Error": wide["Error"]})
    for f in forms.FORMS:
        out[f"{f.capitalize()} (FLOP)"] = wide[f]
    return out


def cost_table(main: pd.DataFrame, configs) -> pd.DataFrame:
    """Cost (USD) and CO2 (t CO2e) of each projection on the table's vintage, both forms."""
    def cell(col, shift, kind):
        return lambda r: _bold(literal(N.show(r[col] - shift, kind)) if _shown(r) else NOT_ESTIMABLE_CELL,
                               r["preferred"])

    out = pd.DataFrame({"Benchmark": _wide(main, lambda r: r["benchmark"])["benchmark"].map(names(configs))
                       .map(literal)})
    out["Error"] = _wide(main, lambda r: "")["Error"]
    for label, col, shift, kind in (("Cost", "log10_usd", 0.0, "log10_usd"), ("CO2 (t)", "log10_co2_kg", 3.0, "log10")):
        wide = _wide(main, cell(col, shift, kind))
        for f in forms.FORMS:
            out[f"{label}, {f[:3]}."] = wide[f]
    return out


def interval_table(table: pd.DataFrame, bench: str) -> pd.DataFrame:
    """The intervals of one benchmark's projections (all models) side by side."""
    df = table[(table["benchmark"] == bench) & (table["model_set"] == "all")]

    def iv(lo, hi):  # an interval too wide to print is said in words, as everywhere (N.decides)
        return [span(a, b) if N.decides(a, b, "log10") else NOT_ESTIMABLE_CELL for a, b in zip(df[lo], df[hi])]

    return pd.DataFrame({
        "Form": df["form"].to_numpy(),
        "Error": [target_label(e, t) for e, t in zip(df["target_error"], df["is_today"])],
        "Compute": [N.show(r["log10_flops"], "log10") if _shown(r) else NOT_ESTIMABLE_CELL
                    for _, r in df.iterrows()],
        "Beyond data": df["decades_beyond_data"].map(lambda v: N.show(max(v, 0.0), "fixed")).to_numpy(),
        "Calibration": iv("log10_flops_lo", "log10_flops_hi"), "Line": iv("line_lo", "line_hi"),
        "Delta": iv("delta_lo", "delta_hi"), "Bootstrap": iv("boot_lo", "boot_hi"),
        "Without conv.": iv("lo_without_conversion", "hi_without_conversion"),
    })


def precision_table(fc: FutureCosts, bench: str) -> pd.DataFrame:
    p = fc.precision[fc.precision["benchmark"] == bench].copy()
    p["order"] = p["variant"].map(VARIANTS.index)
    p = p.sort_values(["form", "order"], kind="stable")
    return pd.DataFrame({
        "Form": p["form"], "Compute": p["variant"].map(VARIANT_LABELS), "n": p["n"].map(lambda v: N.show(v, "count")),
        "Slope": p["slope"].map(lambda v: N.show(v, "number")), "R²": p["r2"].map(lambda v: N.pct(v, 0)),
        "Needed (FLOP)": [answer_cell(x, lo, hi, ok) for x, lo, hi, ok in
                          zip(p["log10_flops"], p["log10_flops_lo"], p["log10_flops_hi"], p["estimable"])],
    })


def vintage_table(fc: FutureCosts, costs: CostConfig, bench: str) -> pd.DataFrame:
    """Each vintage's inputs, the price and emissions of a GFLOP of burden, and the cost of the headline
    benchmark's first target (preferred form, all models) on it."""
    bf = fc.fitset[(bench, "all")]
    sel = fc.costed[(fc.costed["benchmark"] == bench) & (fc.costed["model_set"] == "all")
                    & (fc.costed["form"] == bf.headline_form) & ~fc.costed["is_today"]
                    & np.isclose(fc.costed["target_error"], bf.targets[0])].set_index("hardware_vintage")
    two = Kind("number", 2)
    rows = []
    for v in costs.vintages.values():
        r = sel.loc[v.id]
        rows.append({"Vintage": literal(v.label),
                     "Peak": literal(f"{N.show(v.peak_flops / 1e12, 'number')} TFLOP/s {v.peak_precision}"),
                     "Price": literal(f"{N.show(v.price_usd_per_hour, 'usd')}/h ({v.price_date})"),
                     "PUE": N.show(v.pue, "number"), "lbs/kWh": N.show(v.grid_lbs_co2e_per_kwh, "number"),
                     "USD/GFLOP": N.show(v.usd_per_flop() * 1e9, two), "kg/GFLOP": N.show(v.kg_per_flop() * 1e9, two),
                     literal(f"{bf.config.name} {N.show(bf.targets[0], 'share')}"):
                         literal(N.show(r["log10_usd"], "log10_usd")) if _shown(r, "log10_usd") else NOT_ESTIMABLE_CELL})
    return pd.DataFrame(rows)


def paper_table(fc: FutureCosts, configs) -> pd.DataFrame:
    """The paper's (or Spectrum's) figures beside the book's, per entry of literature.toml."""
    rows = []
    for _, r in fc.comparison.iterrows():
        error = target_label(r["book_target_error"], True) if r["is_today"] else N.show(r["target_error"], "share")
        if r["is_today"]:
            error += f"; paper: {N.show(r['target_error'], 'share')}"
        rows.append({
            "Source": literal(r["source"]), "Benchmark": literal(configs[r["benchmark"]].name), "Error": error,
            "Form": r["form"],
            "Paper: GFLOPs": N.show(r["paper_log10_gflops"], Kind("log10", 0)),
            "Book: GFLOPs": answer_cell(r["log10_flops"] - 9, r["log10_flops_lo"] - 9, r["log10_flops_hi"] - 9,
                                        r["estimable"]),
            "Paper: USD": literal(N.show(r["paper_log10_usd"], Kind("log10_usd", 0))),
            "Book: USD": answer_cell(r["log10_usd"], r["log10_usd_lo"], r["log10_usd_hi"], r["estimable"], "log10_usd"),
        })
    return pd.DataFrame(rows)


def affordability_table(fc: FutureCosts, configs) -> pd.DataFrame:
    """The year each target becomes affordable (all models), both forms and both scenarios."""
    a = fc.afford[(fc.afford["model_set"] == "all") & ~fc.afford["is_today"]]
    rows = []
    for (bench, err, form), grp in a.groupby(["benchmark", "target_error", "form"], sort=False):
        g = grp.set_index("scenario")
        row = {"Benchmark": literal(configs[bench].name), "Error": N.show(err, "share"), "Form": form,
               "Cost today": literal(N.show(g["log10_usd"].iloc[0], "log10_usd")) if _shown(g.iloc[0], "log10_usd")
               else NOT_ESTIMABLE_CELL}
        for key, label in (("hardware", "Hardware only"), ("hardware_spending", "With spending")):
            r = g.loc[key]
            year = Estimate(r["affordable_year"], r["affordable_year_lo"], r["affordable_year_hi"], fc.level,
                            "Fieller interval", bool(r["estimable"]))
            row[label] = (N.estimate_parts(year, "year")["with_interval"] if year.estimable else NOT_ESTIMABLE_CELL)
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values(["Form"], key=lambda s: s.map(list(forms.FORMS).index), kind="stable") \
        if len(out) else out


def _setting(key: str, choice, costs: CostConfig) -> str:
    """The value of one choice of the main specification, set by its kind (a vintage by its label)."""
    if key == "sample":
        return "all models" if choice.value == "all" else "v1 sample"
    if key == "conversion":
        return f"v1: before {N.show(choice.v1_cutoff, 'month')}"
    if key == "form":
        return f"AIC lower by {N.show(choice.min_delta_aic, 'compact')} or more"
    if key == "interval":
        return f"{N.show(choice.level, 'share')}; at most {N.show(choice.max_orders, Kind('orders', 0))}"
    if key == "prices":
        return literal(costs.get(choice.vintage).label)
    if key == "growth":
        end = N.show(choice.end, "year") if choice.end else "the latest run"
        return f"{N.show(choice.start, 'year')} to {end}"
    if key == "budget":
        return N.show(choice.usd, "usd")
    if key == "frontier":
        return f"top {N.show(choice.top_k, 'count')} at release; after {N.show(choice.after, 'month')}"
    return N.MISSING


def specification_table(spec: Specification, costs: CostConfig) -> pd.DataFrame:
    """The main specification (``data/specification.toml``): each choice, the setting in words (shown as it
    is), its value set by kind, and the reason for it (shown as it is)."""
    return pd.DataFrame([{"Choice": literal(c.choice), "Main specification": literal(c.text),
                          "Value": _setting(key, c, costs), "Why": literal(c.why)} for key, c in spec.choices()])
