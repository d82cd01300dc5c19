"""The claims ledger as a table: the paper's value beside the book's, the verdict, and where it is derived."""

from __future__ import annotations

import re

import pandas as pd

from .numbers import MISSING, factor, interval, number, pow10
from .tables import Md, literal

_LOG10 = ("log10", "orders of magnitude")


def _kind(unit: str) -> str:
    """How a value in ``unit`` is set: a power of ten (``log10 FLOP``, ``log10 USD``, but not a slope such
    as ``log10 per year``), a percentage (a fraction or a share), a factor, or a plain number."""
    unit = str(unit or "")
    if re.match(r"^log10 [A-Za-z$]", unit) and " per " not in unit and "(" not in unit:
        return "pow10"
    if unit == "fraction" or unit.startswith("share"):
        return "pct"
    return "factor" if unit.startswith("×") else "number"


def value_text(value, unit: str, sig: int = 3) -> str:
    """A value in the unit the evidence gives (powers of ten for log10 amounts, percent for fractions);
    a percentage with ``sig`` significant digits (two beside an interval, as :func:`range_text` sets it)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    unit = str(unit or "")
    kind = _kind(unit)
    if kind == "pow10":
        return pow10(value) + unit.removeprefix("log10")
    if kind == "pct":
        return number(100 * value, sig) + "%" + unit.removeprefix("fraction").removeprefix("share")
    if kind == "factor":
        return factor(value) + unit.removeprefix("×")
    return f"{number(value, 3)} {unit}".strip()


def range_text(lo, hi, unit: str) -> str:
    if pd.isna(lo) and pd.isna(hi):
        return ""
    kind = _kind(unit)
    if kind == "pow10":
        return interval(lo, hi, pow10)
    if kind == "pct":
        return interval(100 * lo, 100 * hi, number, sig=2) + "%"
    if kind == "factor":  # as factor() sets the value
        return interval(lo, hi, number, sig=2)
    return interval(lo, hi, number, sig=3)


def in_paper_units(value, lo, hi, unit: str, paper_value: str):
    """The book's compute in GFLOPs when the paper quotes GFLOPs (the paper's unit)."""
    if str(unit) == "log10 FLOP" and "GFLOP" in str(paper_value):
        return value - 9, lo - 9, hi - 9, "log10 GFLOPs"
    return value, lo, hi, unit


def ledger_table(evidence: pd.DataFrame, verdicts: pd.Series) -> pd.DataFrame:
    """One row per claim: claim, paper, book (with interval), verdict, and a link to its section."""
    book = []
    for v, lo, hi, u, pv in zip(evidence["book_value"], evidence["book_lo"], evidence["book_hi"], evidence["unit"],
                                evidence["paper_value"]):
        v, lo, hi, u = in_paper_units(v, lo, hi, u, pv)
        shown = range_text(lo, hi, u) if not (lo == hi == v) else ""
        book.append(f"{value_text(v, u, sig=2)} ({shown})" if shown else value_text(v, u))
    return pd.DataFrame({
        "Claim": evidence["claim"],
        "Paper": evidence["paper_value"].fillna(MISSING),
        "This book": book,
        "Verdict": [Md(f"**{literal(v)}**") for v in verdicts],
        "Derived in": [Md(f"{{ref}}`{label}`") for label in evidence["label"]],
    })
