"""The claims ledger: each statement of the paper beside the book's number, with a verdict by rule.

Each chapter that can test a claim writes *evidence* rows (``claims_evidence/<chapter>.csv``) with
:func:`evidence`; the "What holds up" page combines them, applies :func:`verdict`, adds where each claim
comes from (``data/literature.toml``'s ``[claim.<id>]``: the paper, its authors' press article, or only a
secondary account) and writes ``claims.csv``.  No verdict is set by hand: it follows from the numbers and the
claim's test.

Tests (the rule printed on the page):

* ``inside``: the paper's value lies inside the book's interval → holds (uninformative when that interval is
  too wide to decide anything, :func:`too_wide`); outside it, but within the claim's tolerance of the book's
  value → holds in part; otherwise → does not hold.
* ``at_least`` (``at_most``): the paper says the quantity is at least (at most) its value.  The book's
  whole interval on that side → holds; only the book's point value → holds in part (uninformative when the
  interval is too wide); else does not hold.
* ``share``: the book's value is the share of cases (benchmarks, windows) in which the statement holds:
  all → holds; none → does not hold; some → holds in part.
* A book value that is missing or not estimable from these data → not testable; but a value the book has
  whose interval is only too wide (:func:`too_wide`) keeps its test, so it reads uninformative (or does not
  hold, when the paper's value lies outside even that interval).

An interval is too wide to decide anything when it spans more than
:func:`~compute_limits.stats.intervals.max_orders` orders of magnitude (the book's one rule for "not estimable",
:func:`~compute_limits.stats.intervals.estimable`); the rule applies to quantities on a
ratio scale (powers of ten, multiples, growth factors, durations, counts per unit), not to fractions, shares
or slopes, whose intervals are read on their own scale.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Annotated

import pandas as pd

from ..config import Literature
from ..quantities import Count, Kind
from ..stats.intervals import informative, max_orders

TESTS = ("inside", "at_least", "at_most", "share")
VERDICTS = ("holds", "holds in part", "does not hold", "uninformative", "not testable")
SOURCES = ("paper", "press", "secondary")  # where a claim comes from (literature.toml's [claim.<id>].source)
EVIDENCE_COLUMNS = ["claim_id", "chapter", "label", "claim", "paper_value", "paper_number", "book_value",
                    "book_lo", "book_hi", "test", "tolerance", "estimable", "unit", "note"]
CLAIM_COLUMNS = ["claim_id", "chapter", "label", "claim", "source", "source_note", "paper_value", "book_value",
                 "book_lo", "book_hi", "unit", "estimable", "test", "tolerance", "verdict", "note"]
# Units on a ratio scale, where an interval's width is read in orders of magnitude: "log10 …" amounts (already
# exponents) and positive magnitudes (multiples, growth factors, durations, counts per unit).
LOG10_UNITS = ("log10 ", "orders of magnitude")
RATIO_UNITS = ("×", "months", "years", "parameters")


@dataclass(frozen=True)
class Text:
    """A sentence of the ledger (a claim or a note), written from its template in ``data/literature.toml``'s
    ``[ledger]`` table (:mod:`compute_limits.report.ledger_text` fills it): the template's name and the value
    of each ``$placeholder``, as ``(value, kind)`` (a kind of :mod:`compute_limits.quantities`), a plain
    ``str`` (data: shown as it is), another :class:`Text`, or a tuple of them (filled and joined with "; ")."""

    template: str
    values: tuple[tuple[str, object], ...] = ()


def text(template: str, **values) -> Text:
    """``text("v1_r2_note", level=(0.95, Percent), n=(40, Count))``."""
    return Text(template, tuple(values.items()))


@dataclass(frozen=True)
class Evidence:
    claim_id: str  # e.g. "imagenet_r2_v1"
    chapter: str  # the chapter that derives the book's value
    label: str  # MyST label of the section that derives it (the ledger links to it)
    claim: str | Text  # the paper's statement, in a sentence
    paper_value: str  # as the paper states it, e.g. "43%", "10^19 GFLOPs"
    paper_number: float  # the same as a number on the book's scale (NaN if the claim has none)
    book_value: float
    book_lo: float
    book_hi: float
    test: str  # one of TESTS
    tolerance: float  # for "inside": how far outside the interval still "holds in part" (same unit)
    estimable: bool
    unit: str  # plain units ("× per year", "log10 FLOP", "fraction", "share of benchmarks", ...)
    note: str | Text  # the interval's kind and what the data cannot decide, in plain units


def evidence(rows: list[Evidence]) -> pd.DataFrame:
    """The rows as a table; their text already written (:func:`compute_limits.report.ledger_text.evidence`
    writes a :class:`Text` and calls this)."""
    for r in rows:
        if r.test not in TESTS:
            raise ValueError(f"claim {r.claim_id}: test must be one of {TESTS}, got {r.test!r}")
        if isinstance(r.claim, Text) or isinstance(r.note, Text):
            raise TypeError(f"claim {r.claim_id}: its text is a template still to fill "
                            "(compute_limits.report.ledger_text.evidence)")
    return pd.DataFrame([asdict(r) for r in rows], columns=EVIDENCE_COLUMNS)


def _nan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def too_wide(lo: float, hi: float, unit: str) -> bool:
    """Whether the interval ``[lo, hi]`` of a quantity in ``unit`` is too wide to decide anything: on a ratio
    scale, it spans more than :func:`~compute_limits.stats.intervals.max_orders` orders of magnitude (fractions, shares and slopes: never)."""
    unit = str(unit or "")
    if unit.startswith(LOG10_UNITS) and " per " not in unit:
        return not informative(lo, hi, log10=True)
    if unit.startswith(RATIO_UNITS):
        return not informative(lo, hi)
    return False


def verdict(row) -> str:
    """The verdict for one evidence row (a mapping with the EVIDENCE_COLUMNS)."""
    value, lo, hi, paper = (float(row[k]) if not _nan(row[k]) else math.nan
                            for k in ("book_value", "book_lo", "book_hi", "paper_number"))
    estimable = row["estimable"] if isinstance(row["estimable"], bool) else str(row["estimable"]) == "True"
    # a value whose bounded interval is only too wide is not estimable by the book's one rule, but the ledger
    # still has it and its interval: it keeps its test and reads uninformative, not "not testable"
    wide = too_wide(lo, hi, row["unit"])
    if math.isnan(value) or not (estimable or (wide and math.isfinite(lo) and math.isfinite(hi))):
        return "not testable"
    test = row["test"]
    if test == "share":
        return "holds" if value >= 1 else "does not hold" if value <= 0 else "holds in part"
    if math.isnan(paper):
        return "not testable"
    if test == "inside":
        if lo <= paper <= hi:
            return "uninformative" if wide else "holds"
        tol = float(row["tolerance"]) if not _nan(row["tolerance"]) else 0.0
        return "holds in part" if abs(paper - value) <= tol else "does not hold"
    if test == "at_least":
        return "holds" if lo >= paper else ("uninformative" if wide else "holds in part") if value >= paper \
            else "does not hold"
    if test == "at_most":
        return "holds" if hi <= paper else ("uninformative" if wide else "holds in part") if value <= paper \
            else "does not hold"
    raise ValueError(f"unknown test {test!r}")


def ledger(evidence_rows: pd.DataFrame, literature: Literature | None = None) -> pd.DataFrame:
    """``claims.csv``: one row per claim with its verdict and where it comes from (columns ``CLAIM_COLUMNS``;
    ``source`` is empty for a claim ``literature`` does not attribute, or without ``literature``)."""
    df = evidence_rows.copy()
    df["verdict"] = [verdict(r) for _, r in df.iterrows()]
    known = literature.claim if literature is not None else {}
    df["source"] = [known[c].source if c in known else "" for c in df["claim_id"]]
    df["source_note"] = [known[c].where if c in known else "" for c in df["claim_id"]]
    return df[CLAIM_COLUMNS]


@dataclass(frozen=True)
class Counts:
    """How many claims of the ledger have each verdict, and come from each kind of source."""

    n_claims: Count
    holds: Count
    in_part: Count
    not_hold: Count
    uninformative: Count
    not_testable: Count
    from_paper: Count
    from_press: Count
    secondary: Count


def counts(ledger_rows: pd.DataFrame) -> Counts:
    v, s = ledger_rows["verdict"].value_counts(), ledger_rows["source"].value_counts()
    return Counts(len(ledger_rows), *(int(v.get(x, 0)) for x in VERDICTS), *(int(s.get(x, 0)) for x in SOURCES))


@dataclass(frozen=True)
class Rule:
    """The numbers the ledger's rule states."""

    max_orders: Annotated[float, Kind("orders", 0)]  # wider intervals (on a ratio scale) are uninformative


def rule() -> Rule:
    return Rule(max_orders())
