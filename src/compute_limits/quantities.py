"""What kind of quantity a number is, declared once where it is computed, so it reads the same everywhere.

An analysis annotates the fields of the dataclass it returns with a kind::

    @dataclass
    class Requirement:
        compute: Log10Flop            # 26.1      -> "10²⁶·¹ FLOP"
        year: Year                    # 2031.4    -> "2031"
        share_imputed: Share          # 0.48      -> "48%"
        k: Estimate                   # Estimate(11.0, 9.7, 12.7, ...) -> "11.0", "9.7–12.7"

and a chapter glues the whole object (``glue_all("req", requirement)``); the report layer
(:mod:`compute_limits.report.glue`) sets every field by its kind with :mod:`compute_limits.report.numbers`.
No chapter and no report module formats a number by hand, and no sentence is assembled in Python: the
chapter writes the sentence around the glued values.

This module only names kinds; it imports nothing of the book and formats nothing, so every layer may use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated


@dataclass(frozen=True)
class Kind:
    """How a number is read: ``name`` picks its formatter in :mod:`compute_limits.report.numbers`;
    ``digits`` its precision (significant digits, or decimals of an exponent)."""

    name: str
    digits: int | None = None


# A count of things ("1,892").
Count = Annotated[int, Kind("count")]
# A plain number, three significant digits ("0.524", "14.2").
Number = Annotated[float, Kind("number")]
# A regression coefficient: two significant digits, never in scientific notation ("0.079", "−0.0005").
Coef = Annotated[float, Kind("coef")]
# A fraction shown as a percentage ("0.05" -> "5%", "0.115" -> "11.5%").
Share = Annotated[float, Kind("share")]
# A multiplicative factor ("44×", "1.4×").
Factor = Annotated[float, Kind("factor")]
# A growth factor per year ("4.9× a year").
GrowthPerYear = Annotated[float, Kind("growth")]
# A calendar year, decimal allowed ("2031"; past the horizon "after 2100").
Year = Annotated[float, Kind("year")]
# A duration in years ("16 years", "less than a year").
Years = Annotated[float, Kind("years")]
# A duration in months ("3.4 months").
Months = Annotated[float, Kind("months")]
# The base-10 exponent of an amount of compute in FLOP ("10²⁶·¹ FLOP").
Log10Flop = Annotated[float, Kind("log10_flop")]
# The base-10 exponent of an amount of compute in GFLOPs, the paper's unit ("10¹⁹·⁸ GFLOPs").
Log10Gflop = Annotated[float, Kind("log10_gflop")]
# The base-10 exponent of a sum of US dollars ("$10¹⁴·²").
Log10Usd = Annotated[float, Kind("log10_usd")]
# A sum of US dollars ("$100 million").
Usd = Annotated[float, Kind("usd")]
# The base-10 exponent of a mass of CO2-equivalent in kilograms ("10⁹·⁴ kg").
Log10Kg = Annotated[float, Kind("log10_kg")]
# A base-10 exponent without a unit ("10²⁶·¹").
Log10 = Annotated[float, Kind("log10")]
# A distance in orders of magnitude ("3.3 orders of magnitude").
Orders = Annotated[float, Kind("orders")]
# An amount of compute in FLOP, in scientific notation ("6.9 × 10⁵ FLOP").
Flop = Annotated[float, Kind("flop")]
# A large count with its scale in words ("480 million", "1.2 million").
Words = Annotated[float, Kind("words")]
# A setting as a reader would type it, without trailing zeros ("0.5", "2", "0.75").
Compact = Annotated[float, Kind("compact")]
# A number that names something, such as a random seed: digits as typed, no separators ("20200713").
Identifier = Annotated[int, Kind("identifier")]


@dataclass(frozen=True)
class Estimate:
    """A value with an interval: what the interval is (``interval``: "confidence interval",
    "calibration interval", …) and its ``level``.  ``estimable`` is False when the data cannot pin the
    value down (by the book's rule, :func:`compute_limits.stats.intervals.estimable`): it is then shown as
    "not estimable from these data", never as a number.

    Annotate a field with the kind of its value: ``compute: Annotated[Estimate, Kind("log10_flop")]``
    (aliases below).  The glue sets ``<key>`` (the value), ``<key>_interval`` (the range),
    ``<key>_with_interval`` (value and range, naming the interval) and ``<key>_estimable`` (a flag for
    ``{if}`` blocks in the chapter).
    """

    value: float
    lo: float
    hi: float
    level: float
    interval: str = "confidence interval"
    estimable: bool = True

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)


def kind_of(annotation) -> Kind | None:
    """The :class:`Kind` an ``Annotated`` type carries, or None."""
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Kind):
            return meta
    return None


FlopEstimate = Annotated[Estimate, Kind("log10_flop")]
# prose: "$10¹⁴·², about $160 trillion, 1.5 years of world GDP" (world GDP from data/literature.toml)
UsdEstimate = Annotated[Estimate, Kind("log10_usd_gdp")]
YearEstimate = Annotated[Estimate, Kind("year")]
NumberEstimate = Annotated[Estimate, Kind("number")]
CoefEstimate = Annotated[Estimate, Kind("coef")]
ShareEstimate = Annotated[Estimate, Kind("share")]
FactorEstimate = Annotated[Estimate, Kind("factor")]
GrowthEstimate = Annotated[Estimate, Kind("growth")]
YearsEstimate = Annotated[Estimate, Kind("years")]

# A date read as its month: a decimal date ("2019.21" -> "March 2019"; the data's mid-month convention), a
# ``datetime.date`` or a ``pandas.Timestamp`` ("February 2025").
Month = Annotated[object, Kind("month")]
# The p-value of a test ("0.0077"; below 0.001: "below 0.001").
PValue = Annotated[float, Kind("p_value")]
# A list of names, each shown as it is, joined for prose ("ImageNet, MS COCO and SQuAD 1.1"); empty: "".
Names = Annotated[tuple[str, ...], Kind("names")]
# A fraction as a percentage with a fixed count of decimals, none by default: an R² ("0.6936" -> "69%").
Percent = Annotated[float, Kind("percent")]
PercentEstimate = Annotated[Estimate, Kind("percent")]
# A difference of two fractions in percentage points ("0.13" -> "13 percentage points").
Points = Annotated[float, Kind("points")]
# A number with a fixed count of decimals (one by default): an AIC difference ("5.1").
Fixed = Annotated[float, Kind("fixed")]
# The base-10 exponent of a sum of US dollars with its size in words and in years of world GDP, for prose
# ("$10¹⁴·², about $160 trillion, 1.5 years of world GDP"; world GDP from data/literature.toml: a chapter
# that glues it declares the literature config).
Log10UsdGdp = Annotated[float, Kind("log10_usd_gdp")]


@dataclass(frozen=True)
class Answer:
    """Which question a glued value answers, for the quotes ledger (``quotes.csv``).

    ``question`` is a stable id (:func:`compute_limits.analysis.headlines.question_id`, e.g.
    ``compute:imagenet/top1@0.05``); ``differs`` is empty for a headline, computed under the main
    specification, and otherwise says what a sensitivity changes ("v1 sample", "exponential form").
    A dataclass glued whole says which of its fields answer a question in a field ``answers``
    (``{field name: Answer}``, not shown); every other number it glues is a detail.
    """

    question: str
    differs: str = ""

    @property
    def role(self) -> str:
        return "sensitivity" if self.differs else "headline"


# A decimal date as the data record it, without rounding or separators ("2020.5", "2012"): a window's bounds.
DecimalYear = Annotated[float, Kind("decimal_year")]
# A rank in words up to ten, then in digits ("second", "14th").
Ordinal = Annotated[int, Kind("ordinal")]
