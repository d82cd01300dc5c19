"""The book's headline answers, one row each, labelled so no page can quote a variant without saying so.

A headline is a quantity ("compute to reach 5% ImageNet error") with the sample, fit, interval kind,
unit and scenario it was computed under.  The chapter that derives a headline computes it with the
package and writes it (``headlines/<chapter>.csv``, combined into ``headlines.csv``); a chapter that
quotes it reads it back with :func:`quote` (declaring the deriving chapter under ``needs`` in
``chapters/book.toml``) and cross-references the section that derives it.

Each row answers a *question* with a stable id (:func:`question_id`: ``compute:imagenet/top1@0.05``) and
has a *role*: ``headline`` when it is computed under the main specification (``data/specification.toml``),
``sensitivity`` otherwise, with ``differs`` saying what it changes.  A question has one headline row; the
pages quote it with the same text (``quotes.csv``, :mod:`compute_limits.report.quotes`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from ..quantities import Answer

HEADLINE_COLUMNS = ["quantity", "benchmark", "metric", "target_error", "model_set", "form", "scenario", "value", "lo",
                    "hi", "unit", "interval", "level", "estimable", "chapter", "label", "preferred", "question", "role",
                    "differs"]

# The questions the book answers, by kind (the first part of a question id), and what each asks.
QUESTIONS = {
    "today_error": "today's best error on a benchmark",
    "compute": "the training compute (hardware burden) a model needs to reach a target error",
    "cost": "what that compute costs at today's prices",
    "co2": "what that compute emits",
    "affordable_year": "the year a fixed budget affords that compute",
    "years_to_affordable": "how many years until a fixed budget affords that compute",
    "r2": "how much of the variance in log10(1/error) training compute explains",
    "k": "the exponent k = 1/b: compute grows as (1/error) to the power k",
    "years_per_tenfold": "how many years of algorithmic progress do as much as a tenfold increase in compute",
    "time_trend_gain": "how much R² a time trend adds to compute alone",
    "oos_coverage": "the share of the models published since July 2020 inside the 2020 fit's prediction interval",
    "compute_saved": "how many times less compute the models published since July 2020 needed than the 2020 line implies",
    "slope_change": "how much the slope changed between the 2020 models and the later ones",
    "frontier_growth": "how fast the training compute of the largest systems grew, before and after July 2020",
    "growth": "how fast training compute, compute per dollar and the cost of a run grew (Epoch AI)",
}


def question_id(kind: str, benchmark: str = "", metric: str = "", target: float | None = None,
                detail: str = "") -> str:
    """A stable question id: ``kind`` (one of ``QUESTIONS``), then ``:benchmark/metric``, ``@target`` and
    ``:detail`` where they apply, e.g. ``compute:imagenet/top1@0.05``, ``k:imagenet/top1``,
    ``frontier_growth:after_cutoff``.  The same question has the same id in every build of the book."""
    if kind not in QUESTIONS:
        raise ValueError(f"unknown question kind {kind!r}; known: {', '.join(QUESTIONS)}")
    out = kind + (f":{benchmark}/{metric}" if benchmark else "")
    if target is not None and not (isinstance(target, float) and math.isnan(target)):
        out += f"@{float(target):g}"
    return out + (f":{detail}" if detail else "")


@dataclass(frozen=True)
class Headline:
    quantity: str  # e.g. "log10_flops", "log10_usd", "affordable_year", "years_to_affordable", "k"
    benchmark: str
    metric: str
    target_error: float  # NaN where the quantity has no target
    model_set: str  # "all" or "v1": which models the fit uses
    form: str  # "polynomial", "exponential", or "" where no form applies
    scenario: str  # e.g. "hardware h100_2025, budget 1e8"; "" where none applies
    value: float
    lo: float
    hi: float
    unit: str
    interval: str  # what [lo, hi] is: "prediction interval (calibration)", "confidence interval", ...
    level: float
    estimable: bool
    chapter: str  # the chapter that derives it
    label: str  # the MyST label of the section that derives it (for {ref})
    preferred: bool = False  # the form the verdict rule picks for this benchmark and sample (the row to quote)
    question: str = ""  # the stable id of the question the row answers (question_id)
    role: str = "headline"  # "headline" (the main specification) or "sensitivity"
    differs: str = ""  # for a sensitivity, what it changes from the main specification

    @property
    def answer(self):
        """The row as the :class:`~compute_limits.quantities.Answer` a page that quotes it declares."""
        return Answer(self.question, self.differs if self.role == "sensitivity" else "")


def table(headlines: list[Headline]) -> pd.DataFrame:
    return pd.DataFrame([asdict(h) for h in headlines], columns=HEADLINE_COLUMNS)


def _flag(value) -> bool:
    """A boolean read back from a CSV (True/False/"True"/"true"; missing is False)."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value) if not pd.isna(value) else False


def quote(frame: pd.DataFrame, quantity: str, benchmark: str, target_error: float | None = None,
          model_set: str | None = None, form: str | None = None, scenario: str | None = None,
          preferred: bool | None = None) -> Headline:
    """The one headline row matching the arguments (``None`` matches anything); KeyError if not exactly one.

    ``preferred=True`` picks the row of the form the verdict rule prefers (so a page need not know it)."""
    sel = (frame["quantity"] == quantity) & (frame["benchmark"] == benchmark)
    if preferred is not None:
        flags = frame["preferred"].map(_flag) if "preferred" in frame else pd.Series(False, index=frame.index)
        sel &= flags == preferred
    if target_error is not None:
        sel &= frame["target_error"].sub(target_error).abs() < 1e-12
    for col, value in (("model_set", model_set), ("form", form), ("scenario", scenario)):
        if value is not None:
            sel &= frame[col].fillna("") == value
    rows = frame[sel]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} headline rows for {quantity}/{benchmark}/{target_error}/{model_set}/{form}/{scenario}")
    return _headline(rows.iloc[0])


def _headline(row: pd.Series) -> Headline:
    """A row of ``headlines.csv`` (read back from the file: NaN for empty cells) as a :class:`Headline`."""
    r = {c: row[c] for c in HEADLINE_COLUMNS if c in row}
    for col in ("benchmark", "metric", "quantity", "unit", "interval", "chapter", "label"):
        r[col] = "" if pd.isna(r.get(col, "")) else str(r.get(col, ""))
    r["target_error"] = float("nan") if pd.isna(r["target_error"]) else float(r["target_error"])
    for col in ("model_set", "form", "scenario"):
        r[col] = "" if pd.isna(r[col]) else str(r[col])
    r["estimable"] = _flag(r["estimable"])
    r["preferred"] = _flag(r.get("preferred"))
    for col in ("question", "differs"):
        r[col] = "" if pd.isna(r.get(col, "")) else str(r.get(col, ""))
    r["role"] = "headline" if pd.isna(r.get("role", "headline")) else str(r.get("role", "headline"))
    for col in ("value", "lo", "hi", "level"):
        r[col] = float(r[col]) if not pd.isna(r[col]) else math.nan
    return Headline(**r)


def by_question(frame: pd.DataFrame, question: str, role: str = "headline") -> Headline:
    """The one row of ``frame`` (``headlines.csv``) that answers ``question`` in ``role``; KeyError otherwise."""
    rows = frame[(frame["question"].fillna("") == question) & (frame["role"].fillna("") == role)]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} {role} rows answer {question!r} in headlines.csv")
    return _headline(rows.iloc[0])
