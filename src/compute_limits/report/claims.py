"""The claims ledger as a table: the paper's value beside the book's, the verdict, and where it is derived."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis.claims import VERDICTS
from .numbers import MISSING, factor, interval, number, pct, pow10
from .text import count

_LOG10 = ("log10", "orders of magnitude")


def value_text(value, unit: str) -> str:
    """A value in the unit the evidence gives (powers of ten for log10 units, percent for fractions)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    unit = str(unit or "")
    if unit.startswith("log10"):
        return pow10(value) + unit.removeprefix("log10")
    if unit == "fraction":
        return pct(value, 0) if abs(value) >= 0.1 else pct(value)
    if unit.startswith("×"):
        return factor(value) + unit.removeprefix("×")
    return f"{number(value, 3)} {unit}".strip()


def range_text(lo, hi, unit: str) -> str:
    if pd.isna(lo) and pd.isna(hi):
        return ""
    unit = str(unit or "")
    if unit.startswith("log10"):
        return interval(lo, hi, pow10)
    if unit == "fraction":
        return interval(100 * lo, 100 * hi, number, sig=2) + "%"
    return interval(lo, hi, number, sig=3)


def ledger_table(evidence: pd.DataFrame, verdicts: pd.Series) -> pd.DataFrame:
    """One row per claim: claim, paper, book (with interval), verdict, and a link to its section."""
    book = [f"{value_text(v, u)} ({range_text(lo, hi, u)})" if range_text(lo, hi, u) else value_text(v, u)
            for v, lo, hi, u in zip(evidence["book_value"], evidence["book_lo"], evidence["book_hi"], evidence["unit"])]
    return pd.DataFrame({
        "Claim": evidence["claim"],
        "Paper": evidence["paper_value"].fillna(MISSING),
        "This book": book,
        "Verdict": [f"**{v}**" for v in verdicts],
        "Derived in": [f"{{ref}}`{label}`" for label in evidence["label"]],
    })


@dataclass
class LedgerCounts:
    n_claims: int
    holds: str
    in_part: str
    not_hold: str
    not_testable: str


def counts(verdicts: pd.Series) -> LedgerCounts:
    c = verdicts.value_counts()
    n = {v: int(c.get(v, 0)) for v in VERDICTS}
    return LedgerCounts(int(len(verdicts)), count(n["holds"], "claim"), count(n["holds in part"], "claim"),
                        count(n["does not hold"], "claim"), count(n["not testable"], "claim"))
