"""The book's headline answers, one row each, labelled so no page can quote a variant without saying so.

A headline is a quantity ("compute to reach 5% ImageNet error") with the sample, fit, interval kind,
unit and scenario it was computed under.  The chapter that derives a headline computes it with the
package and writes it (``headlines/<chapter>.csv``, combined into ``headlines.csv``); a chapter that
quotes it reads it back with :func:`quote` (declaring the deriving chapter under ``needs`` in
``chapters/book.toml``) and cross-references the section that derives it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

HEADLINE_COLUMNS = ["quantity", "benchmark", "metric", "target_error", "sample", "form", "scenario", "value", "lo",
                    "hi", "unit", "interval", "level", "estimable", "chapter", "label", "preferred"]


@dataclass(frozen=True)
class Headline:
    quantity: str  # e.g. "log10_flops", "log10_usd", "affordable_year", "years_to_affordable", "k"
    benchmark: str
    metric: str
    target_error: float  # NaN where the quantity has no target
    sample: str  # "all" or "v1"
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


def table(headlines: list[Headline]) -> pd.DataFrame:
    return pd.DataFrame([asdict(h) for h in headlines], columns=HEADLINE_COLUMNS)


def _flag(value) -> bool:
    """A boolean read back from a CSV (True/False/"True"/"true"; missing is False)."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value) if not pd.isna(value) else False


def quote(frame: pd.DataFrame, quantity: str, benchmark: str, target_error: float | None = None,
          sample: str | None = None, form: str | None = None, scenario: str | None = None,
          preferred: bool | None = None) -> Headline:
    """The one headline row matching the arguments (``None`` matches anything); KeyError if not exactly one.

    ``preferred=True`` picks the row of the form the verdict rule prefers (so a page need not know it)."""
    sel = (frame["quantity"] == quantity) & (frame["benchmark"] == benchmark)
    if preferred is not None:
        flags = frame["preferred"].map(_flag) if "preferred" in frame else pd.Series(False, index=frame.index)
        sel &= flags == preferred
    if target_error is not None:
        sel &= frame["target_error"].sub(target_error).abs() < 1e-12
    for col, value in (("sample", sample), ("form", form), ("scenario", scenario)):
        if value is not None:
            sel &= frame[col].fillna("") == value
    rows = frame[sel]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} headline rows for {quantity}/{benchmark}/{target_error}/{sample}/{form}/{scenario}")
    r = rows.iloc[0].to_dict()
    r["target_error"] = float("nan") if pd.isna(r["target_error"]) else float(r["target_error"])
    for col in ("sample", "form", "scenario"):
        r[col] = "" if pd.isna(r[col]) else str(r[col])
    r["estimable"] = _flag(r["estimable"])
    r["preferred"] = _flag(r.get("preferred"))
    for col in ("value", "lo", "hi", "level"):
        r[col] = float(r[col]) if not pd.isna(r[col]) else math.nan
    return Headline(**r)
