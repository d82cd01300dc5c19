"""Display tables of the ways-out chapter: the levers' rates, the year each target fits the budget, and the
fitted exponents against the fourth-power bound.

Every number is set with :mod:`compute_limits.report.numbers`; a rate is always set by :func:`rate_x`
(two significant digits), in tables and tooltips alike, so a figure reads the same everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.levers import rate_label
from ..analysis.ways_out import SCENARIOS
from ..stats import forms
from . import numbers as N
from .tables import literal

SCENARIO_NAMES = {"hardware": "hardware alone", "algorithms": "algorithms alone", "both": "both levers"}
NOT_ESTIMABLE = "not estimable"  # a table cell the data cannot fill with a number
FORM_SHORT = {f.name: f.abbreviation for f in forms.all_forms()}  # "poly.", "exp." (the registry's)
SCENARIO_HEADERS = {"hardware": "Hardware", "algorithms": "Algorithms", "both": "Both"}
LEVER_NAMES = {"hardware": "compute per dollar", "algorithms": "algorithms", "spending": "spending per run",
               "compute": "compute per run"}


def rate_x(per_year: float) -> str:
    """A growth factor per year as the chapter prints it everywhere: ``1.4×``, ``12×``."""
    return N.show(per_year, "factor")


def year_phrase(base: float, years: float, horizon: int) -> str:
    """The calendar year ``base + years``: ``2043``, ``after 2100`` or ``never``."""
    return N.year(base + years, horizon) if np.isfinite(years) else "never"


def rates_display(rates: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The rates table: one line per rate, with window and population."""
    def shown(r) -> bool:  # a measured rate whose interval includes no progress is not quoted as a number
        return not (r["origin"] == "this book" and not r["estimable"])

    def iv(r):
        if not shown(r):
            return NOT_ESTIMABLE
        return N.MISSING if r["per_year_lo"] == r["per_year_hi"] else \
            N.interval(r["per_year_lo"], r["per_year_hi"], N.number, sig=2)

    return pd.DataFrame({
        "Lever": rates["lever"].map(LEVER_NAMES),
        "Source and population": [rate_label(r, names) for _, r in rates.iterrows()],
        "× a year": [rate_x(r["per_year"]) if shown(r) else NOT_ESTIMABLE for _, r in rates.iterrows()],
        "Interval": [iv(r) for _, r in rates.iterrows()],
        "Doubling": [N.months(r["doubling_months"]) if shown(r) and np.isfinite(r["doubling_months"]) else N.MISSING
                     for _, r in rates.iterrows()],
    })


def years_display(table: pd.DataFrame, names: dict, horizon: int) -> pd.DataFrame:
    """Targets (rows, each benchmark under its headline form) × scenarios: the calendar year the target
    fits the budget, with its interval."""
    df = table[table["preferred"]]
    rows = []
    for (bench, err), grp in df.groupby(["benchmark", "target_error"], sort=False):
        g = grp.set_index("scenario")
        cost = g.dropna(subset=["log10_usd"])  # every scenario prices the target alike; none where not estimable
        shown = len(cost) and N.decides(cost["log10_usd_lo"].iloc[0], cost["log10_usd_hi"].iloc[0], "log10_usd")
        row = {"Benchmark": names.get(bench, bench), "Error": N.pct(err), "Form": FORM_SHORT[g["form"].iloc[0]],
               "Cost": N.show(cost["log10_usd"].iloc[0], "log10_usd") if shown else NOT_ESTIMABLE}
        for s in SCENARIOS:
            r = g.loc[s]
            if not r["estimable"]:
                row[SCENARIO_HEADERS[s]] = NOT_ESTIMABLE
                continue
            base = r["base_year"]
            lo, hi = (year_phrase(base, r[c], horizon) for c in ("years_lo", "years_hi"))
            point = year_phrase(base, r["years_to_affordable"], horizon)
            row[SCENARIO_HEADERS[s]] = point if lo == hi == point else f"{point} ({lo}–{hi})"
        rows.append(row)
    return pd.DataFrame(rows)


def k_gap_display(gap: pd.DataFrame) -> pd.DataFrame:
    def k_text(r):
        return "not estimable" if not r["estimable"] else \
            f"{N.number(r['k'], 2)} ({N.interval(r['k_lo'], r['k_hi'], N.number, sig=2)})"

    return pd.DataFrame({
        "Benchmark": gap["name"], "n": gap["n"].map(N.integer), "R²": gap["r2"].map(lambda v: N.number(v, 2)),
        "k (CI)": [k_text(r) for _, r in gap.iterrows()],
        "k·R²": [N.number(r["k_reverse"], 2) if r["estimable"] else "not estimable" for _, r in gap.iterrows()],
        "Above the bound": [("yes" if r["bracket_above_bound"] else "no") if r["estimable"] else "—"
                            for _, r in gap.iterrows()],
    })


def _cost_and_year(row, estimable: bool, horizon: int) -> str:
    """``$10¹⁴·²; 2065 (2051–2093)`` from a row's cost and affordable year, or ``not estimable``; a cost whose
    interval is too wide to print (:func:`compute_limits.report.numbers.decides`) reads ``cost not estimable``
    beside its year, which has an interval of its own."""
    usd, year, lo, hi = (row[c] for c in ("log10_usd", "affordable_year", "affordable_year_lo", "affordable_year_hi"))
    if not estimable:
        return NOT_ESTIMABLE
    a, b, point = (N.year(v, horizon) for v in (lo, hi, year))
    span = point if a == b == point else f"{point} ({a}–{b})"
    cost = N.show(usd, "log10_usd") if N.decides(row["log10_usd_lo"], row["log10_usd_hi"], "log10_usd") \
        else "cost not estimable"
    return literal(f"{cost}; {span}")


def verdicts_display(table: pd.DataFrame, afford: pd.DataFrame, names: dict, horizon: int) -> pd.DataFrame:
    """Side by side, for each target (each benchmark under its headline form): the future-cost chapter's
    verdict (compute-only fit, all models: cost today and the year hardware alone makes it affordable, from
    ``affordability.csv``) and this chapter's (the time-trend model at the price year, hardware alone).
    ``table``: this chapter's scenario rows; ``afford``: ``affordability.csv`` rows of the same vintage."""
    fc = afford[(afford["model_set"] == "all") & (afford["scenario"] == "hardware")
                & ~afford["is_today"].astype(str).str.lower().eq("true")]
    rows = []
    for _, r in table[table["preferred"] & (table["scenario"] == "hardware")].iterrows():
        match = fc[(fc["benchmark"] == r["benchmark"]) & (fc["form"] == r["form"])
                   & np.isclose(fc["target_error"], r["target_error"])]
        f = match.iloc[0] if len(match) else None
        if f is None:
            theirs = N.MISSING  # the future-cost chapter does not project this target
        else:
            f_ok = str(f["estimable"]).lower() == "true"
            theirs = _cost_and_year(f, f_ok, horizon)
        rows.append({
            "Benchmark": literal(names.get(r["benchmark"], r["benchmark"])), "Error": N.pct(r["target_error"]),
            "Form": FORM_SHORT[r["form"]], "Future costs (compute only)": theirs,
            "This chapter (time trend)": _cost_and_year(r, bool(r["estimable"]), horizon),
        })
    return pd.DataFrame(rows)
