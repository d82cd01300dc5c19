"""The claims ledger: each statement of the paper beside the book's number, with a verdict by rule.

Each chapter that can test a claim writes *evidence* rows (``claims_evidence/<chapter>.csv``) with
:func:`evidence`; the "What holds up" page combines them, applies :func:`verdict` and writes
``claims.csv``.  No verdict is set by hand: it follows from the numbers and the claim's test.

Tests (the rule printed on the page):

* ``inside``: the paper's value lies inside the book's interval → holds; outside it, but within the
  claim's tolerance of the book's value → holds in part; otherwise → does not hold.
* ``at_least`` (``at_most``): the paper says the quantity is at least (at most) its value.  The book's
  whole interval on that side → holds; only the book's point value → holds in part; else does not hold.
* ``share``: the book's value is the share of cases (benchmarks, windows) in which the statement holds:
  all → holds; none → does not hold; some → holds in part.
* A book value that is missing or not estimable from these data → not testable.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from ..quantities import Count

TESTS = ("inside", "at_least", "at_most", "share")
VERDICTS = ("holds", "holds in part", "does not hold", "not testable")
EVIDENCE_COLUMNS = ["claim_id", "chapter", "label", "claim", "paper_value", "paper_number", "book_value",
                    "book_lo", "book_hi", "test", "tolerance", "estimable", "unit", "note"]
CLAIM_COLUMNS = ["claim_id", "chapter", "claim", "paper_value", "book_value", "book_lo", "book_hi", "verdict", "note"]


@dataclass(frozen=True)
class Evidence:
    claim_id: str  # e.g. "imagenet_r2_v1"
    chapter: str  # the chapter that derives the book's value
    label: str  # MyST label of the section that derives it (the ledger links to it)
    claim: str  # the paper's statement, in a sentence
    paper_value: str  # as the paper states it, e.g. "43%", "10^19 GFLOPs"
    paper_number: float  # the same as a number on the book's scale (NaN if the claim has none)
    book_value: float
    book_lo: float
    book_hi: float
    test: str  # one of TESTS
    tolerance: float  # for "inside": how far outside the interval still "holds in part" (same unit)
    estimable: bool
    unit: str
    note: str  # the interval's kind and what the data cannot decide


def evidence(rows: list[Evidence]) -> pd.DataFrame:
    for r in rows:
        if r.test not in TESTS:
            raise ValueError(f"claim {r.claim_id}: test must be one of {TESTS}, got {r.test!r}")
    return pd.DataFrame([asdict(r) for r in rows], columns=EVIDENCE_COLUMNS)


def _nan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def verdict(row) -> str:
    """The verdict for one evidence row (a mapping with the EVIDENCE_COLUMNS)."""
    value, lo, hi, paper = (float(row[k]) if not _nan(row[k]) else math.nan
                            for k in ("book_value", "book_lo", "book_hi", "paper_number"))
    estimable = row["estimable"] if isinstance(row["estimable"], bool) else str(row["estimable"]) == "True"
    if math.isnan(value) or not estimable:
        return "not testable"
    test = row["test"]
    if test == "share":
        return "holds" if value >= 1 else "does not hold" if value <= 0 else "holds in part"
    if math.isnan(paper):
        return "not testable"
    if test == "inside":
        if lo <= paper <= hi:
            return "holds"
        tol = float(row["tolerance"]) if not _nan(row["tolerance"]) else 0.0
        return "holds in part" if abs(paper - value) <= tol else "does not hold"
    if test == "at_least":
        return "holds" if lo >= paper else "holds in part" if value >= paper else "does not hold"
    if test == "at_most":
        return "holds" if hi <= paper else "holds in part" if value <= paper else "does not hold"
    raise ValueError(f"unknown test {test!r}")


def ledger(evidence_rows: pd.DataFrame) -> pd.DataFrame:
    """``claims.csv``: one row per claim with its verdict (columns ``CLAIM_COLUMNS``)."""
    df = evidence_rows.copy()
    df["verdict"] = [verdict(r) for _, r in df.iterrows()]
    return df[CLAIM_COLUMNS]


@dataclass(frozen=True)
class Counts:
    """How many claims of the ledger have each verdict."""

    n_claims: Count
    holds: Count
    in_part: Count
    not_hold: Count
    not_testable: Count


def counts(verdicts: pd.Series) -> Counts:
    c = verdicts.value_counts()
    return Counts(len(verdicts), *(int(c.get(v, 0)) for v in VERDICTS))
