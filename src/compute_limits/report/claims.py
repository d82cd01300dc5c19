"""The claims ledger as tables: the paper's value beside the book's, the verdict, where each claim comes from and
where it is derived (:func:`ledger_table`), and the rule and note of each row (:func:`notes_table`)."""

from __future__ import annotations

import re

import pandas as pd

from .numbers import MISSING, NOT_ESTIMABLE, decides, factor, interval, number, orders, pow10
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


RULES = {"inside": "inside the interval", "at_least": "whole interval at or above", "at_most": "whole interval at or below",
         "share": "share of the cases"}  # how a test reads in the table (the page's rule says it in full)
NO_VALID_INTERVAL = "no valid interval"


def book_text(value, lo, hi, unit: str, paper_value: str, estimable: bool = True) -> str:
    """The book's value in the paper's units, with its interval (none for an exact value); a value without a
    valid interval says so, and a power of ten whose interval is too wide to print (:func:`decides`) is not
    printed."""
    value, lo, hi, unit = in_paper_units(value, lo, hi, unit, paper_value)
    if _kind(unit) == "pow10" and not decides(lo, hi, "log10"):
        return NOT_ESTIMABLE
    if not estimable and pd.notna(value) and pd.isna(lo) and pd.isna(hi):
        return f"{value_text(value, unit)} ({NO_VALID_INTERVAL})"
    shown = range_text(lo, hi, unit) if not (lo == hi == value) else ""
    return f"{value_text(value, unit, sig=2)} ({shown})" if shown else value_text(value, unit)


def rule_text(test: str, tolerance, unit: str) -> str:
    """A row's test in a few words, with the tolerance that still "holds in part" in the row's plain units."""
    rule = RULES.get(test, test)
    if test != "inside" or pd.isna(tolerance) or float(tolerance) == 0:
        return rule
    unit = str(unit or "")
    if _kind(unit) == "pow10" or unit.startswith("orders"):
        tol = orders(float(tolerance))
    elif _kind(unit) == "pct":
        tol = f"{number(100 * float(tolerance), 2)} points"
    else:
        word = unit.split(" (")[0]
        tol = f"{number(float(tolerance), 3)} {word.removesuffix('s') if float(tolerance) == 1 else word}".strip()
    return f"{rule} (in part: within {tol})"


def ledger_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (``claims.csv``): its number, the claim, where it comes from, the paper's value, the
    book's (with its interval, in the paper's units), the verdict and the section that derives it.  Every
    string from the evidence is data: shown literally."""
    return pd.DataFrame({
        "#": [str(i) for i in range(1, len(ledger) + 1)],
        "Claim": ledger["claim"].map(literal),
        "Source": ledger["source"].fillna("").map(literal),
        "Paper": ledger["paper_value"].fillna(MISSING).map(literal),
        "This book": [book_text(v, lo, hi, u, pv, str(e) == "True" or e is True) for v, lo, hi, u, pv, e in
                      zip(ledger["book_value"], ledger["book_lo"], ledger["book_hi"], ledger["unit"],
                          ledger["paper_value"], ledger["estimable"])],
        "Verdict": [Md(f"**{literal(v)}**") for v in ledger["verdict"]],
        "Derived in": [Md(f"{{ref}}`{label}`") for label in ledger["label"]],
    })


def notes_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: its number, the rule it is judged by, the note on the book's value (plain units),
    and where the claim stands (the paper's words, or the account the book has it from)."""
    return pd.DataFrame({
        "#": [str(i) for i in range(1, len(ledger) + 1)],
        "Rule": [rule_text(t, tol, u) for t, tol, u in zip(ledger["test"], ledger["tolerance"], ledger["unit"])],
        "Note": ledger["note"].fillna("").map(literal),
        "Where the claim stands": ledger["source_note"].fillna("").map(literal),
    })
