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
from . import numbers as N

SCENARIO_NAMES = {"hardware": "hardware alone", "algorithms": "algorithms alone", "both": "both levers"}
FORM_SHORT = {"polynomial": "poly.", "exponential": "exp."}
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
    def iv(r):
        if r["origin"] == "this book" and not r["estimable"]:
            return "not estimable"
        return N.MISSING if r["per_year_lo"] == r["per_year_hi"] else \
            N.interval(r["per_year_lo"], r["per_year_hi"], N.number, sig=2)

    return pd.DataFrame({
        "Lever": rates["lever"].map(LEVER_NAMES),
        "Source and population": [rate_label(r, names) for _, r in rates.iterrows()],
        "× a year": rates["per_year"].map(rate_x),
        "Interval": [iv(r) for _, r in rates.iterrows()],
        "Doubling": [N.months(m) if np.isfinite(m) else N.MISSING for m in rates["doubling_months"]],
    })


def years_display(table: pd.DataFrame, names: dict, horizon: int) -> pd.DataFrame:
    """Targets (rows, each benchmark under its headline form) × scenarios: the calendar year the target
    fits the budget, with its interval."""
    df = table[table["preferred"]]
    rows = []
    for (bench, err), grp in df.groupby(["benchmark", "target_error"], sort=False):
        g = grp.set_index("scenario")
        row = {"Benchmark": names.get(bench, bench), "Error": N.pct(err), "Form": FORM_SHORT[g["form"].iloc[0]],
               "Cost": N.show(g["log10_usd"].iloc[0], "log10_usd")}
        for s in SCENARIOS:
            r = g.loc[s]
            if not r["estimable"]:
                row[SCENARIO_HEADERS[s]] = "not estimable"
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
