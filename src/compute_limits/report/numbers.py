"""How numbers are set in the book: one module, used by prose, tables and chart labels alike.

Powers of ten as superscripts (``10²⁶·¹``, ``6.9 × 10⁵``), thousands separators (``1,892``),
percentages, factors, years and intervals as ranges (``2.1–3.4``).  Quantities the data cannot pin
down read ``not estimable from these data``, and so does a power of ten whose interval spans more than
``interval.max_orders`` orders of magnitude of the main specification (:func:`decides`); dates past the horizon read ``after 2100``
(or after the ``horizon`` a chapter sets).
Every function returns plain text (Unicode), which HTML and the PDF (FreeSerif) both set.
"""

from __future__ import annotations

import math

NOT_ESTIMABLE = "not estimable from these data"
HORIZON_YEAR = 2100  # dates past this print as "after 2100", unless a chapter sets its own ``horizon``
DASH = "–"  # en dash for ranges
MISSING = "—"
_SUP = str.maketrans("-0123456789.", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹·")


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def superscript(text: str) -> str:
    """``"26.1"`` → ``"²⁶·¹"``."""
    return str(text).translate(_SUP)


def integer(n) -> str:
    """``1892`` → ``"1,892"``."""
    if not _finite(n):
        return MISSING
    return f"{int(round(float(n))):,}"


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def number(x, sig: int = 3, decimals: int | None = None) -> str:
    """A plain number for prose: ``sig`` significant digits (or fixed ``decimals``; whole numbers in full),
    thousands separators, and scientific notation with a superscript exponent outside [10⁻³, 10⁶)."""
    if not _finite(x):
        return MISSING if x is None or (isinstance(x, float) and math.isnan(x)) else ("∞" if float(x) > 0 else "−∞")
    x = float(x)
    if x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3):
        return sci(x, sig)
    if decimals is not None:
        text = f"{x:,.{decimals}f}"
    elif x.is_integer():  # a count is never rounded
        text = f"{int(x):,}"
    else:
        r = _round_sig(x, sig)
        places = max(0, sig - 1 - int(math.floor(math.log10(abs(r))))) if r != 0 else 0
        text = f"{r:,.{places}f}"
    return text.replace("-", "−")


def sci(x, sig: int = 2) -> str:
    """``690000`` → ``"6.9 × 10⁵"``."""
    if not _finite(x):
        return number(x)
    x = float(x)
    if x == 0:
        return "0"
    exp = int(math.floor(math.log10(abs(x))))
    mant = _round_sig(x / 10 ** exp, sig)
    if abs(mant) >= 10:
        mant, exp = mant / 10, exp + 1
    mant_text = f"{mant:.{max(sig - 1, 0)}f}".replace("-", "−")
    return f"{mant_text} × 10{superscript(exp)}"


def pow10(log10_value, digits: int = 1, unbounded: str = "unbounded") -> str:
    """A power of ten from its exponent: ``26.1`` → ``"10²⁶·¹"`` (``digits`` decimals in the exponent)."""
    if log10_value is None or (isinstance(log10_value, float) and math.isnan(log10_value)):
        return MISSING
    v = float(log10_value)
    if not math.isfinite(v):
        return unbounded
    text = f"{v:.{digits}f}"
    if text in ("-0", "-0.0"):
        text = text[1:]
    return "10" + superscript(text)


def pct(frac, decimals: int | None = None) -> str:
    """A fraction as a percentage: ``0.05`` → ``"5%"``, ``0.002`` → ``"0.2%"``, ``0.115`` → ``"11.5%"``.
    Without ``decimals``: as many as needed, at most two."""
    if not _finite(frac):
        return MISSING
    v = 100 * float(frac)
    if decimals is None:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.{decimals}f}"
    return text.replace("-", "−") + "%"


def factor(x, sig: int = 2) -> str:
    """A multiplicative factor: ``44.0`` → ``"44×"``, ``1.4`` → ``"1.4×"``, ``2.3e21`` → ``"2.3 × 10²¹×"``."""
    if x is None or math.isnan(float(x)):
        return MISSING
    if math.isinf(float(x)):
        return "unbounded"
    return number(x, sig) + "×"


def year(y, horizon: int = HORIZON_YEAR) -> str:
    """A calendar year: ``2031.4`` → ``"2031"``; past ``horizon``: ``"after 2100"``; infinite: ``"never"``."""
    if y is None or (isinstance(y, float) and math.isnan(y)):
        return MISSING
    v = float(y)
    if math.isinf(v):
        return "never" if v > 0 else MISSING
    if v > horizon:
        return f"after {horizon}"
    return str(int(math.floor(v)))


def years(y, sig: int = 2) -> str:
    """A duration: ``0.4`` → ``"less than a year"``, ``1`` → ``"1 year"``, ``16.2`` → ``"16 years"``."""
    if y is None or (isinstance(y, float) and math.isnan(y)):
        return MISSING
    v = float(y)
    if math.isinf(v):
        return "never"
    if v < 1:
        return "less than a year"
    r = int(round(v)) if v >= 10 else _round_sig(v, sig)
    r = int(r) if float(r).is_integer() else r
    return f"{r:,} year" + ("" if r == 1 else "s")


def months(m, sig: int = 2) -> str:
    """``3.4`` → ``"3.4 months"``; infinite → ``"never"`` (no growth)."""
    if not _finite(m):
        return "never" if m is not None and not math.isnan(float(m)) else MISSING
    return f"{number(m, sig)} months"


def _months_bare(m, sig: int = 2) -> str:
    """:func:`months` without its unit, so an interval sets it once ("17–25 months")."""
    return months(m, sig).removesuffix(" months")


def growth(per_year, sig: int = 2) -> str:
    """A growth factor per year: ``4.86`` → ``"4.9× a year"``."""
    return f"{factor(per_year, sig)} a year"


def interval(lo, hi, fmt=number, sep: str = DASH, **kwargs) -> str:
    """A range ``lo–hi`` set with ``fmt``; a bound that is infinite reads as unbounded on its side.

    If the two ends print alike although they differ (rounding), precision is raised until they
    differ (up to four more digits); an interval still narrower says so.  An end below zero is
    joined with "to" ("−0.026 to 0.065"): a dash beside a minus sign reads as a subtraction.
    """
    lo_f, hi_f = (float(lo) if lo is not None else math.nan), (float(hi) if hi is not None else math.nan)
    if math.isnan(lo_f) or math.isnan(hi_f):
        return MISSING
    if sep == DASH and min(lo_f, hi_f) < 0:
        sep = " to "
    if math.isinf(lo_f) and math.isinf(hi_f):
        return "unbounded"
    key = "digits" if fmt is pow10 else ("decimals" if "decimals" in kwargs else "sig")
    base = kwargs.get(key, 1 if key == "digits" else (kwargs.get("decimals") or 3))
    for extra in range(0, 5):
        args = {**kwargs, key: base + extra}
        a = fmt(lo_f, **args) if math.isfinite(lo_f) else None
        b = fmt(hi_f, **args) if math.isfinite(hi_f) else None
        if a is None:
            return f"up to {b}"
        if b is None:
            return f"{a} or more (unbounded above)"
        if a != b or lo_f == hi_f:
            if a == b:
                return a
            return f"{a}{sep}{b}"
    return f"{a} (interval narrower than the last digit shown)"


def with_interval(value, lo, hi, fmt=number, level: float | None = None, kind: str = "CI", **kwargs) -> str:
    """``"11 (95% CI 9.1–14)"``; ``kind`` names the interval (CI, prediction interval, …)."""
    lead = f"{pct(level)} {kind} " if level is not None else ""
    return f"{fmt(value, **kwargs)} ({lead}{interval(lo, hi, fmt, **kwargs)})"


def log10_axis_expr() -> str:
    """A Vega expression that labels a log axis with powers of ten as superscripts (10⁵, 10¹⁰, 10²², …),
    and leaves the minor ticks unlabelled.  Each digit is replaced with a global regular expression:
    Vega's ``replace`` with a string pattern replaces only the first match (``22`` would read ``²2``)."""
    sup = "format(round(log(datum.value)/LN10), 'd')"
    for digit, mark in zip("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"):
        sup = f"replace({sup}, regexp('{digit}', 'g'), '{mark}')"
    exact = "abs(log(datum.value)/LN10 - round(log(datum.value)/LN10)) < 1e-6"
    return f"{exact} ? '10' + {sup} : ''"


_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def in_words(x, sig: int = 3) -> str:
    """A large count with its scale in words: ``4.8e8`` → ``"480 million"``, ``1.28e6`` → ``"1.28 million"``;
    below a million as :func:`number`."""
    if not _finite(x):
        return number(x)
    v = float(x)
    for scale, word in _SCALE_WORDS:
        if abs(v) >= scale:
            return f"{number(v / scale, sig)} {word}"
    return number(v, sig)


def pow10_usd_words(log10_value, digits: int = 1) -> str:
    """A dollar amount from its exponent with its size in words, for prose: ``14.2`` → ``"10¹⁴·², about $160
    trillion"`` (the kind adds the ``$``).  Words up to a hundred thousand trillion; beyond that, or unbounded,
    the power alone (a number of that size is no help to hold)."""
    text = pow10(log10_value, digits)
    if text in (MISSING, "unbounded") or not 3 <= float(log10_value) < 17:
        return text
    return f"{text}, about ${in_words(10 ** float(log10_value), 2)}"


def pow10_usd_gdp(log10_value, digits: int = 1) -> str:
    """:func:`pow10_usd_words` and, from a hundredth of a year of world GDP up, what it is in world GDP (the
    figure ``world_gdp_usd`` of ``data/literature.toml``, with its source): ``14.2`` → ``"10¹⁴·², about $160
    trillion, 1.5 years of world GDP"``; ``12.5`` → ``"10¹²·⁵, about $3.2 trillion, 3% of a year of world
    GDP"``.  A chapter that uses it declares the ``literature`` config."""
    text = pow10_usd_words(log10_value, digits)
    if text in (MISSING, "unbounded") or "about $" not in text:
        return text
    from ..config import literature  # read only where an amount is set this way

    ratio = 10 ** float(log10_value) / literature().value("world_gdp_usd")
    if ratio >= 1:
        return f"{text}, {years(ratio)} of world GDP"
    if ratio >= 0.01:
        return f"{text}, {pct(float(_round_sig(ratio, 1 if ratio < 0.1 else 2)))} of a year of world GDP"
    return text


_POWER_KINDS = ("log10_flop", "log10_gflop", "log10_usd", "log10_kg", "log10", "log10_usd_words", "log10_usd_gdp")


def decides(lo, hi, kind, limit: float | None = None) -> bool:
    """Whether an interval of ``kind`` is narrow enough to print: for powers of ten (exponents of FLOP,
    dollars, kilograms), the book's one rule (:func:`compute_limits.stats.intervals.estimable`: at most the
    main specification's ``interval.max_orders`` orders of magnitude, or ``limit``; a wider interval is no
    information: "10⁹³·⁵ FLOP, 10⁸³·⁴–10¹⁰⁷·³"); other kinds, and an interval with a missing or unbounded end
    (said in words by :func:`interval`), always."""
    if getattr(kind, "name", kind) not in _POWER_KINDS or not (_finite(lo) and _finite(hi)):
        return True
    from ..stats.intervals import estimable  # the book's one rule for an interval's width

    return estimable(lo, hi, log10=True, limit=limit)


def compact(x, sig: int = 3) -> str:
    """:func:`number` without trailing zeros after the decimal point: ``0.5`` → ``"0.5"``, ``2.0`` → ``"2"``
    (for settings a reader typed, such as a penalty scale)."""
    text = number(x, sig)
    if "." in text and "×" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ---------------------------------------------------------------- by kind (compute_limits.quantities)


def _identifier(n) -> str:
    """A number that names something (a seed): its digits as typed, no separators."""
    return str(int(n)) if _finite(n) else MISSING


def coef(x, sig: int = 2) -> str:
    """A regression coefficient: ``sig`` significant digits, a value near zero as a decimal (``−0.0005``)."""
    if _finite(x) and 0 < abs(float(x)) < 1e-3:
        text = f"{float(x):.1g}"
        if "e" in text:  # below 10⁻⁴ Python writes "5e-05": a power of ten instead
            return sci(x, 1)
        return text.replace("-", "−")
    return number(x, sig)


def _share_bare(frac, sig: int = 3) -> str:
    """A fraction as a percentage without its sign, ``sig`` significant digits: ``0.5238`` → ``52.4``."""
    return compact(100 * float(frac), sig) if _finite(frac) else MISSING


def orders(x, digits: int = 1) -> str:
    """``3.27`` → ``3.3 orders of magnitude``; infinite → ``unbounded``."""
    if not _finite(x):
        return "unbounded" if x is not None and not math.isnan(float(x)) else MISSING
    return f"{number(x, decimals=digits)} orders of magnitude"


def usd(x, sig: int = 3) -> str:
    """``1e8`` → ``$100 million``; ``1.05e14`` → ``$105 trillion``."""
    return "$" + in_words(x, sig) if _finite(x) else number(x)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def month_year(date) -> str:
    """A date as its month: a decimal date (the data's mid-month convention) ``2019.208`` → ``"March 2019"``;
    a ``datetime.date`` or ``pandas.Timestamp`` ``2025-02-17`` → ``"February 2025"``."""
    if hasattr(date, "strftime"):
        return date.strftime("%B %Y")
    if not _finite(date):
        return MISSING
    v = float(date)
    y = int(math.floor(v))
    return f"{_MONTHS[min(11, int((v - y) * 12))]} {y}"


def p_value(p, sig: int = 2) -> str:
    """A p-value: ``0.0077`` → ``"0.0077"``; below 0.001: ``"below 0.001"``."""
    if not _finite(p):
        return MISSING
    return "below 0.001" if float(p) < 0.001 else number(p, sig)


def _names(names) -> str:
    """Names joined for prose: ``("a", "b", "c")`` → ``"a, b and c"`` (each name as it is)."""
    from .text import join  # text imports this module

    return join(names)


def _percent_bare(frac, decimals: int = 0) -> str:
    """A fraction as a percentage with ``decimals`` decimals, without its sign: ``0.6936`` → ``69``; one that
    rounds to zero has no sign (``−0.003`` → ``0``, not ``−0``)."""
    if not _finite(frac):
        return MISSING
    text = f"{100 * float(frac):.{decimals}f}"
    return (text.lstrip("-") if float(text) == 0 else text).replace("-", "−")


def points(x, sig: int = 2) -> str:
    """A difference of two fractions in percentage points: ``0.13`` → ``13 percentage points``; less than
    one point either way → ``less than one percentage point``."""
    if not _finite(x):
        return MISSING
    v = 100 * float(x)
    return f"{number(v, sig)} percentage points" if abs(v) >= 1 else "less than one percentage point"


def _decimal_year(y) -> str:
    """A decimal date as the data record it: ``2020.5`` → ``"2020.5"``, ``2012.0`` → ``"2012"``."""
    return f"{float(y):g}" if _finite(y) else MISSING


def _ordinal(n) -> str:
    """A rank: ``2`` → ``"second"``, ``14`` → ``"14th"``."""
    from .text import ordinal  # text imports this module

    return ordinal(n) if _finite(n) else MISSING


# kind name -> (formatter of one value without its unit, keyword of its precision, default precision,
#               text before, text after).  An interval sets its unit once: "10²⁴·⁸–10²⁸·⁰ FLOP".
_KINDS = {
    "count": (integer, None, None, "", ""),
    "number": (number, "sig", 3, "", ""),
    "coef": (coef, "sig", 2, "", ""),
    "share": (_share_bare, "sig", 3, "", "%"),
    "factor": (number, "sig", 2, "", "×"),
    "growth": (number, "sig", 2, "", "× a year"),
    "year": (year, None, None, "", ""),
    "years": (years, "sig", 2, "", ""),
    "months": (_months_bare, "sig", 2, "", " months"),
    "log10_flop": (pow10, "digits", 1, "", " FLOP"),
    "log10_gflop": (pow10, "digits", 1, "", " GFLOPs"),
    "log10_usd": (pow10, "digits", 1, "$", ""),
    "usd": (usd, "sig", 3, "", ""),
    "log10_kg": (pow10, "digits", 1, "", " kg"),
    "log10": (pow10, "digits", 1, "", ""),
    "orders": (orders, "digits", 1, "", ""),
    "month": (month_year, None, None, "", ""),
    "p_value": (p_value, "sig", 2, "", ""),
    "names": (_names, None, None, "", ""),
    "fixed": (number, "decimals", 1, "", ""),
    "flop": (sci, "sig", 2, "", " FLOP"),
    "words": (in_words, "sig", 2, "", ""),
    "compact": (compact, "sig", 3, "", ""),
    "identifier": (_identifier, None, None, "", ""),
    "percent": (_percent_bare, "decimals", 0, "", "%"),
    "points": (points, "sig", 2, "", ""),
    "log10_usd_words": (pow10_usd_words, "digits", 1, "$", ""),
    "log10_usd_gdp": (pow10_usd_gdp, "digits", 1, "$", ""),
    "decimal_year": (_decimal_year, None, None, "", ""),
    "ordinal": (_ordinal, None, None, "", ""),
}
_RANGE_FORMAT = {pow10_usd_words: pow10, pow10_usd_gdp: pow10}  # an interval's ends as powers alone: "$10¹²·³–10¹⁶·⁶"
KIND_NAMES = tuple(_KINDS)


def _kind(kind) -> tuple:
    name = getattr(kind, "name", kind)
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; known: {', '.join(_KINDS)}") from None


def _args(kind, keyword, default) -> dict:
    digits = getattr(kind, "digits", None)
    value = digits if digits is not None else default
    return {keyword: value} if keyword and value is not None else {}


def show(value, kind, horizon: int = HORIZON_YEAR) -> str:
    """``value`` set as its kind (a :class:`compute_limits.quantities.Kind` or a kind name):
    ``show(26.1, "log10_flop")`` → ``"10²⁶·¹ FLOP"``.  A missing value reads "—".  ``horizon``: the year
    after which a year reads "after <horizon>" (a chapter's ``horizon_year``; other kinds ignore it)."""
    fmt, keyword, default, before, after = _kind(kind)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if fmt is year:
        return year(value, horizon)
    text = fmt(value, **_args(kind, keyword, default))
    return text if text in (MISSING, "unbounded", "never") or text.startswith("after ") else before + text + after


def show_interval(lo, hi, kind, horizon: int = HORIZON_YEAR) -> str:
    """The range ``lo``–``hi`` set as ``kind``, its unit once: ``"10²⁴·⁸–10²⁸·⁰ FLOP"``, ``"28–71%"``.  A range
    of powers of ten too wide to decide anything (:func:`decides`) reads "not estimable from these data"."""
    fmt, keyword, default, before, after = _kind(kind)
    if not decides(lo, hi, kind):
        return NOT_ESTIMABLE
    if fmt is year:
        a, b = (year(lo, horizon), year(hi, horizon))
        if MISSING in (a, b):
            return MISSING
        return a if a == b else (f"{a} to {b}" if b.startswith("after") else f"{a}{DASH}{b}")
    text = interval(lo, hi, _RANGE_FORMAT.get(fmt, fmt), **_args(kind, keyword, default))
    if text in (MISSING, "unbounded"):
        return text
    return before + text.replace(" or more (unbounded above)", f"{after} or more (unbounded above)", 1) \
        if "unbounded above" in text else before + text + after


def estimate_parts(est, kind, horizon: int = HORIZON_YEAR) -> dict[str, object]:
    """What the glue sets for a :class:`compute_limits.quantities.Estimate`: the value, the range, both
    together naming the interval ("11.0 (95% confidence interval 9.7–12.7)"), and the ``estimable`` flag.
    A value the data cannot pin down (not ``estimable``, or a power of ten whose interval is too wide to
    decide anything, :func:`decides`) reads "not estimable from these data" in every text, and its flag is
    False, so the chapter's ``{if}`` blocks say so in words."""
    if not (est.estimable and decides(est.lo, est.hi, kind)):
        return {"": NOT_ESTIMABLE, "interval": NOT_ESTIMABLE, "with_interval": NOT_ESTIMABLE,
                "estimable": False}
    value, rng = show(est.value, kind, horizon), show_interval(est.lo, est.hi, kind, horizon)
    both = value if rng == value else f"{value} ({pct(est.level)} {est.interval} {rng})"  # "after 2100"
    return {"": value, "interval": rng, "with_interval": both, "estimable": True}
