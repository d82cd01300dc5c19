"""A build's moved headline answers beside the published edition's (``changes.csv``, from
:func:`compute_limits.analysis.changes.compare`), as a table for the front page and as text for the terminal
(``compute_limits compare``): each value set by the kind its unit names, with its interval."""

from __future__ import annotations

import math

import pandas as pd

from . import numbers as N
from .tables import literal

UNIT_KINDS = {"log10 FLOP": "log10_flop", "log10 USD": "log10_usd", "log10 kg CO2e": "log10_kg", "fraction": "share",
              "year": "year", "years": "years", "×": "factor", "× per year": "growth"}


def _kind(unit) -> str:
    return UNIT_KINDS.get(unit if isinstance(unit, str) else "", "number")


def value_with_interval(value, lo, hi, estimable, unit) -> str:
    """``10²³·³ FLOP (10²¹·⁹–10²⁴·⁹ FLOP)``; "—" for a row the build does not have."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return N.MISSING
    if isinstance(estimable, bool | str) and str(estimable).strip().lower() == "false":
        return N.NOT_ESTIMABLE
    kind = _kind(unit)
    shown = N.show(value, kind)
    bounded = not any(x is None or (isinstance(x, float) and math.isnan(x)) for x in (lo, hi))
    rng = N.show_interval(lo, hi, kind) if bounded else shown
    return shown if rng == shown else f"{shown} ({rng})"  # "after 2100": its interval says nothing more


def moved(table: pd.DataFrame, quoted_only: bool = True) -> pd.DataFrame:
    """The rows whose answer moved (changed, or in one build only), those the pages quote by default unless
    ``quoted_only`` is false: question, published value, this build's, and the change."""
    rows = table[(table["change"] != "unchanged") & (table["preferred"].astype(bool) if quoted_only else True)]
    return pd.DataFrame({
        "Question": [literal(q) for q in rows["question"]],
        "Published": [value_with_interval(r.published_value, r.published_lo, r.published_hi, r.published_estimable,
                                          r.unit) for r in rows.itertuples()],
        "This build": [value_with_interval(r.value, r.lo, r.hi, r.estimable, r.unit) for r in rows.itertuples()],
        "Change": list(rows["change"]),
    })


SIDE_NAMES = {"only published": "only in A", "only this build": "only in B"}  # the terminal's names for two folders


def text(table: pd.DataFrame, every_row: bool = False) -> str:
    """``compute_limits compare A B``'s report: each moved row (every row with ``every_row``) with A's value and
    B's, then the counts."""
    shown = table if every_row else table[table["change"] != "unchanged"]
    lines = []
    for r in shown.itertuples():
        a = value_with_interval(r.published_value, r.published_lo, r.published_hi, r.published_estimable, r.unit)
        b = value_with_interval(r.value, r.lo, r.hi, r.estimable, r.unit)
        lines += [f"{SIDE_NAMES.get(r.change, r.change):10s}  {r.question}", f"{'':10s}    A: {a}",
                  f"{'':10s}    B: {b}"]
    counts = table["change"].value_counts()
    lines.append(", ".join(f"{int(counts.get(c, 0))} {SIDE_NAMES.get(c, c)}" for c in
                           ("changed", "unchanged", "only published", "only this build"))
                 + f" (of {len(table)} headline rows)")
    return "\n".join(lines)
