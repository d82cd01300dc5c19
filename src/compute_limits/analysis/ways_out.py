"""The ways out: what hardware and algorithmic progress buy, and how far the k⁴ bound lies below the data.

* :class:`Rate`: a growth rate in log10 units per year with a confidence interval (a "lever").
* :func:`rate_from_trend`: a :class:`compute_limits.history.Trend` (hardware, price-performance,
  frontier compute) as a :class:`Rate`.
* :func:`ratio_interval`, :func:`algorithmic_rate`: the algorithmic-progress rate of a benchmark from
  its time-trend fit (:func:`compute_limits.fits.fit_time_trend`): one year of progress ≡ a
  ``10**(year_slope / slope)``-fold increase in compute, with a Fieller interval for the ratio.
* :func:`measured_rates`: the book's own rates (compute per dollar, GPU peak FLOP/s, frontier compute,
  algorithms per benchmark) in one table; :data:`PUBLISHED` the published estimates beside them.
* :func:`combine`, :func:`scenario_rates`: the rate of each scenario (hardware, algorithms, both).
* :func:`ways_out_table`: years until each target of the future-cost table fits a budget under each
  scenario, with the projection's interval carried through (the ``ways_out`` results table).
* :func:`k_gap_table`: the fitted exponents k (compute ∝ (1/error)^k) against the k = 4 lower bound.
* :func:`reproduction_table`: the paper's headline statistics recomputed for the conclusion.
* chart builders for the chapter.

All rates are in log10 units per year: ``0.3`` means ×10^0.3 ≈ ×2 a year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
from scipy import stats

from . import charts, projections

SCENARIOS = ("hardware", "algorithms", "both")
SCENARIO_TABLE_LABELS = {"hardware": "Hardware alone", "algorithms": "Algorithms alone", "both": "Both"}
SCENARIO_LABELS = {
    "hardware": "hardware and prices alone",
    "algorithms": "algorithms alone",
    "both": "both together",
}

# The statistical lower bound of the theory chapter (paper §5): error falls at best as 1/√n, so a
# k-fold improvement needs ≥ k² more data points; an over-parameterised model grows its parameters
# in proportion to the data, and training costs parameters × data points, so compute grows ≥ k⁴.
DATA_EXPONENT = 2
PARAMETER_EXPONENT = 2
LOWER_BOUND_K = DATA_EXPONENT + PARAMETER_EXPONENT

# Published estimates, quoted (not derived), as growth per year with their stated interval when they
# give one.  ``per_year`` converts each statement exactly as written in the comment.
PUBLISHED = {
    # Hernandez & Brown (2020): 44× less compute to reach AlexNet-level ImageNet accuracy, 2012–2019
    # (7 years); "algorithmic efficiency doubling every 16 months".
    "hernandez2020": {"lever": "algorithms", "what": "ImageNet, AlexNet-level accuracy, 2012–2019",
                      "who": "Hernandez & Brown 2020",
                      "key": "hernandez2020measuring", "per_year": 44 ** (1 / 7), "lo": None, "hi": None},
    # Erdil & Besiroglu (2022): compute-augmenting algorithmic progress on ImageNet halves compute
    # requirements every 9 months (95% CI 4 to 25 months).
    "erdil2022": {"lever": "algorithms", "what": "ImageNet, compute-augmenting progress", "who": "Erdil & Besiroglu 2022",
                  "key": "erdil2022algorithmic", "per_year": 2 ** (12 / 9), "lo": 2 ** (12 / 25), "hi": 2 ** (12 / 4)},
    # Hobbhahn & Besiroglu (2022): GPU FLOP/s per dollar doubles every 2.46 years (95% CI 2.24–2.72),
    # 470 GPUs released 2006–2021; 2.07 years (1.54–3.13) for GPUs used in ML research.
    "hobbhahn2022": {"lever": "hardware", "what": "GPU FLOP/s per dollar, 2006–2021", "who": "Hobbhahn & Besiroglu 2022",
                     "key": "hobbhahn2022gpu", "per_year": 2 ** (1 / 2.46), "lo": 2 ** (1 / 2.72), "hi": 2 ** (1 / 2.24)},
    "hobbhahn2022_ml": {"lever": "hardware", "what": "FLOP/s per dollar, ML GPUs", "who": "Hobbhahn & Besiroglu 2022",
                        "key": "hobbhahn2022gpu", "per_year": 2 ** (1 / 2.07), "lo": 2 ** (1 / 3.13), "hi": 2 ** (1 / 1.54)},
    # Amodei & Hernandez (2018): compute of the largest training runs doubled every 3.4 months, 2012–2018.
    "amodei2018": {"lever": "demand", "what": "largest training runs, 2012–2018", "who": "Amodei & Hernandez 2018",
                   "key": "amodei2018compute", "per_year": 2 ** (12 / 3.4), "lo": None, "hi": None},
    # Sevilla et al. (2022): in the deep-learning era training compute doubles about every 6 months.
    "sevilla2022": {"lever": "demand", "what": "notable systems, deep-learning era", "who": "Sevilla et al. 2022",
                    "key": "sevilla2022compute", "per_year": 2 ** (12 / 6), "lo": None, "hi": None},
}


# --------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A growth rate ``log10_per_year`` with a ``level`` interval ``[lo, hi]`` (log10 units per year).

    An unbounded side is ±inf.  ``n`` is the number of points behind it.
    """

    name: str
    log10_per_year: float
    lo: float
    hi: float
    n: int = 0
    source: str = ""
    level: float = 0.95
    start_year: float = math.nan  # span of the data behind it (decimal years), when known
    end_year: float = math.nan

    @property
    def per_year(self) -> float:
        return float(10.0 ** self.log10_per_year)

    @property
    def per_year_lo(self) -> float:
        return float(10.0 ** min(self.lo, 300.0))

    @property
    def per_year_hi(self) -> float:
        return float(10.0 ** self.hi) if self.hi < 300 else math.inf

    @property
    def years_per_10x(self) -> float:
        """Years for a tenfold gain (inf when the rate is not positive)."""
        return 1.0 / self.log10_per_year if self.log10_per_year > 0 else math.inf

    @property
    def doubling_months(self) -> float:
        return 12.0 * math.log10(2.0) / self.log10_per_year if self.log10_per_year > 0 else math.inf

    @property
    def bounded(self) -> bool:
        return bool(np.isfinite(self.lo) and np.isfinite(self.hi))

    def as_row(self) -> dict:
        return {"rate": self.name, "source": self.source, "n": self.n, "log10_per_year": self.log10_per_year,
                "log10_lo": self.lo, "log10_hi": self.hi, "per_year": self.per_year, "per_year_lo": self.per_year_lo,
                "per_year_hi": self.per_year_hi, "doubling_months": self.doubling_months}


def rate_from_trend(trend, name: str | None = None, source: str = "") -> Rate:
    """A :class:`compute_limits.history.Trend` (log-linear fit with CI) as a :class:`Rate`."""
    return Rate(name=name or trend.series, log10_per_year=float(trend.slope), lo=float(trend.slope_lo),
                hi=float(trend.slope_hi), n=int(trend.n), source=source, level=float(trend.level),
                start_year=float(trend.start_year), end_year=float(trend.end_year))


def ratio_interval(num: float, den: float, var_num: float, var_den: float, cov: float, t: float) -> tuple[float, float]:
    """Fieller's interval for the ratio ``num/den`` of two estimates with the given (co)variances.

    The set of θ with ``(num − θ·den)² ≤ t²·(var_num − 2θ·cov + θ²·var_den)``.  It is a bounded
    interval only when ``den`` is significant (``den² > t²·var_den``); otherwise the side away from the
    point estimate is unbounded (or the whole line).  Always contains ``num/den``.
    """
    theta = num / den if den != 0 else math.copysign(math.inf, num)
    qa = den ** 2 - t ** 2 * var_den
    qb = -2.0 * (num * den - t ** 2 * cov)
    qc = num ** 2 - t ** 2 * var_num
    disc = qb ** 2 - 4 * qa * qc
    if disc <= 0:
        return (-math.inf, math.inf)
    root = math.sqrt(disc)
    if qa == 0:
        return (-math.inf, math.inf)
    r1, r2 = sorted(((-qb - root) / (2 * qa), (-qb + root) / (2 * qa)))
    if qa > 0:
        return (r1, r2)
    # two outer rays: keep the one holding the point estimate
    if theta >= r2:
        return (r2, math.inf)
    if theta <= r1:
        return (-math.inf, r1)
    return (-math.inf, math.inf)


def algorithmic_rate(trend, name: str = "", level: float = 0.95) -> Rate:
    """The algorithmic-progress rate of a time-trend fit (:class:`compute_limits.fits.TimeTrend`).

    In ``response = a + b·log10(C) + c·(year − 2012)`` one year of progress moves the response as much
    as ``c/b`` decades of compute: at a fixed error the compute needed falls by ``10**(c/b)`` a year
    (the reciprocal of ``years_per_10x``).  The interval is Fieller's for the ratio, with the fit's
    covariance and a t quantile on n − 3 degrees of freedom.
    """
    cov = np.asarray(trend.cov, dtype=float)
    t = float(stats.t.ppf(0.5 + level / 2, df=max(trend.n - 3, 1)))
    lo, hi = ratio_interval(trend.year_slope, trend.slope, cov[2, 2], cov[1, 1], cov[1, 2], t)
    point = trend.year_slope / trend.slope if trend.slope != 0 else math.nan
    return Rate(name=name or f"algorithms ({trend.meta.get('benchmark', '')})", log10_per_year=float(point),
                lo=float(lo), hi=float(hi), n=int(trend.n), source=f"time trend, {trend.form}", level=level)


def algorithmic_rates(mains: dict, forms=("polynomial", "exponential"), level: float = 0.95) -> dict:
    """``{(benchmark, form): Rate}`` from the time-trend fit of each benchmark's main fits.

    ``mains``: ``{benchmark: compute_limits.fits.benchmark_fits(...)}``; the time trend is fitted on the
    same rows and compute measure as the main fit, in the same form.
    """
    from . import fits

    out = {}
    for bench, main in mains.items():
        for form in forms:
            trend = fits.fit_time_trend(main["data"], main["compute"], form=form, benchmark=bench)
            out[(bench, form)] = algorithmic_rate(trend, f"algorithms: {main['config'].name}", level)
    return out


def measured_rates(epoch: pd.DataFrame, hardware: dict, start: float = 2012.0, dl_split: float = 2010.0,
                   frontier_top_k: int = 10) -> dict:
    """The book's own hardware and demand rates, each a :class:`Rate`.

    * ``compute_per_dollar``: training FLOP per (2023) dollar of Epoch AI's notable runs since ``start``
      (:func:`compute_limits.projections.historic_growth`, as the future-cost chapter uses);
    * ``cost_per_run``: the dollar cost of those runs;
    * ``gpu_peak_flops``: peak FLOP/s of the fastest GPU released each year (hardware tables);
    * ``frontier_compute``: training compute of frontier systems (top ``frontier_top_k`` at release)
      since ``dl_split``.
    """
    from . import history

    growth = projections.historic_growth(epoch, start=start)
    hw = history.hardware_series(hardware)
    gpu = hw[(hw["kind"] == "GPU") & hw["best_of_year"]]
    systems = history.with_compute(epoch)
    frontier = history.window(systems[history.frontier_mask(systems, frontier_top_k)], dl_split)
    return {
        "compute_per_dollar": rate_from_trend(growth["compute_per_dollar"], "training FLOP per dollar",
                                              "Epoch AI, notable runs"),
        "cost_per_run": rate_from_trend(growth["cost_per_run"], "cost of a training run", "Epoch AI, notable runs"),
        "gpu_peak_flops": rate_from_trend(history.fit_trend(gpu["year_mid"], gpu["gflops"], "gpu_peak"),
                                          "peak FLOP/s of the fastest GPU", "hardware tables"),
        "frontier_compute": rate_from_trend(history.fit_trend(frontier["year"], frontier["compute"], "frontier"),
                                            f"frontier training compute (top {frontier_top_k})", "Epoch AI"),
    }


def published_rate(key: str) -> Rate:
    """An entry of :data:`PUBLISHED` as a :class:`Rate` (unstated interval ends are the point)."""
    p = PUBLISHED[key]
    point = math.log10(p["per_year"])
    lo = math.log10(p["lo"]) if p["lo"] else point
    hi = math.log10(p["hi"]) if p["hi"] else point
    return Rate(name=p["what"], log10_per_year=point, lo=lo, hi=hi, source=p["key"])


def rates_table(book: dict, algorithms: dict, names: dict, form: str = "polynomial") -> pd.DataFrame:
    """One row per rate: the book's (hardware, demand, algorithms per benchmark) and the published ones.

    Columns: ``lever, rate, origin, source, n, per_year, per_year_lo, per_year_hi, doubling_months,
    log10_per_year, log10_lo, log10_hi``.
    """
    lever = {"compute_per_dollar": "hardware", "gpu_peak_flops": "hardware", "cost_per_run": "spending",
             "frontier_compute": "demand"}
    rows = [{"lever": lever[k], "origin": "this book", **r.as_row()} for k, r in book.items()]
    for (bench, f), r in algorithms.items():
        if f == form:
            rows.append({"lever": "algorithms", "origin": "this book", **r.as_row(),
                         "rate": f"algorithms: {names.get(bench, bench)}"})
    for key, p in PUBLISHED.items():
        rows.append({"lever": p["lever"], "origin": "published", **published_rate(key).as_row(),
                     "n": np.nan})
    cols = ["lever", "rate", "origin", "source", "n", "per_year", "per_year_lo", "per_year_hi", "doubling_months",
            "log10_per_year", "log10_lo", "log10_hi"]
    order = {"hardware": 0, "algorithms": 1, "spending": 2, "demand": 3}
    df = pd.DataFrame(rows)[cols]
    return df.sort_values("lever", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------


def _floor(x: float) -> float:
    """A lever that did not help is not pulled: a negative rate counts as no gain."""
    return max(float(x), 0.0) if not np.isnan(x) else 0.0


def combine(*rates: Rate, name: str = "combined") -> Rate:
    """Levers pulled together: their gains multiply, so their log10 rates add.

    Each rate (and each interval end) is floored at 0 first.  The interval adds the half-widths of
    independent estimates in quadrature on each side (an infinite side stays infinite).
    """
    point = sum(_floor(r.log10_per_year) for r in rates)
    lo_sq = sum((_floor(r.log10_per_year) - _floor(r.lo)) ** 2 for r in rates)
    hi_sq = sum((_floor(r.hi) - _floor(r.log10_per_year)) ** 2 for r in rates)
    lo = max(point - math.sqrt(lo_sq), 0.0)
    hi = point + math.sqrt(hi_sq) if np.isfinite(hi_sq) else math.inf
    return Rate(name=name, log10_per_year=point, lo=lo, hi=hi, n=0, source="; ".join(r.name for r in rates))


def scenario_rates(hardware: Rate, algorithms: Rate) -> dict:
    """``{scenario: Rate}`` for :data:`SCENARIOS` (each lever floored at no gain)."""
    return {"hardware": combine(hardware, name="hardware"), "algorithms": combine(algorithms, name="algorithms"),
            "both": combine(hardware, algorithms, name="both")}


def years_at_rate(log10_cost_usd, budget_usd: float, log10_rate: float):
    """Years until a cost of ``10**log10_cost_usd`` fits ``budget_usd`` if the compute a dollar buys for
    the target grows by ``10**log10_rate`` a year (0 when already affordable, inf when the rate is ≤ 0).

    The gains of the levers multiply, so one combined factor is passed to
    :func:`compute_limits.projections.years_to_affordable`.
    """
    rate = min(float(log10_rate), 300.0)  # ×10^300 a year: affordable at once (and no float overflow)
    return projections.years_to_affordable(log10_cost_usd, budget_usd, compute_per_dollar_growth=10.0 ** rate)


WAYS_OUT_COLUMNS = ["benchmark", "target_error", "form", "scenario", "years_to_affordable", "years_lo", "years_hi",
                    "budget_usd"]
EXTRA_COLUMNS = ["log10_usd", "log10_usd_lo", "log10_usd_hi", "rate_log10_per_year", "rate_log10_lo",
                 "rate_log10_hi", "years_rate_lo", "years_rate_hi", "years_outer_lo", "years_outer_hi",
                 "base_year", "affordable_year", "hardware_vintage"]


def ways_out_table(costed: pd.DataFrame, hardware: Rate, algorithms: dict, budget_usd: float = 1e8,
                   base_year: float | None = None) -> pd.DataFrame:
    """Years until each target fits ``budget_usd`` under each scenario of :data:`SCENARIOS`.

    ``costed``: projection rows with costs (:func:`compute_limits.projections.add_costs`) of one sample
    and one hardware vintage; "today" rows are dropped.  ``algorithms``: ``{(benchmark, form): Rate}``.
    ``base_year`` defaults to the vintage's price year.

    ``years_to_affordable`` uses the point cost and the point rate; ``years_lo``/``years_hi`` carry the
    projection's interval (``log10_usd_lo``/``_hi``) through at the point rate; ``years_rate_lo``/``_hi``
    the rate's interval at the point cost; ``years_outer_lo``/``_hi`` both at once (cheapest cost with
    the fastest rate, dearest cost with the slowest).  Columns: :data:`WAYS_OUT_COLUMNS` then
    :data:`EXTRA_COLUMNS`.
    """
    rows = costed[costed["is_today"].astype(str).str.lower() != "true"]
    frames = []
    for (bench, form), grp in rows.groupby(["benchmark", "form"], sort=False):
        rates = scenario_rates(hardware, algorithms[(bench, form)])
        for scenario in SCENARIOS:
            r = rates[scenario]
            df = grp[["benchmark", "target_error", "form", "log10_usd", "log10_usd_lo", "log10_usd_hi",
                      "hardware_vintage"]].copy()
            df["scenario"] = scenario
            df["budget_usd"] = float(budget_usd)
            cost, lo, hi = (df[c].to_numpy(dtype=float) for c in ("log10_usd", "log10_usd_lo", "log10_usd_hi"))
            df["years_to_affordable"] = years_at_rate(cost, budget_usd, r.log10_per_year)
            df["years_lo"] = years_at_rate(lo, budget_usd, r.log10_per_year)
            df["years_hi"] = years_at_rate(hi, budget_usd, r.log10_per_year)
            df["years_rate_lo"] = years_at_rate(cost, budget_usd, r.hi)
            df["years_rate_hi"] = years_at_rate(cost, budget_usd, r.lo)
            df["years_outer_lo"] = years_at_rate(lo, budget_usd, r.hi)
            df["years_outer_hi"] = years_at_rate(hi, budget_usd, r.lo)
            df["rate_log10_per_year"], df["rate_log10_lo"], df["rate_log10_hi"] = r.log10_per_year, r.lo, r.hi
            frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    start = base_year if base_year is not None else costed["price_year"].iloc[0]
    out["base_year"] = float(start)
    out["affordable_year"] = out["base_year"] + out["years_to_affordable"]
    return out[WAYS_OUT_COLUMNS + EXTRA_COLUMNS]


def out_of_reach(table: pd.DataFrame, horizon_year: float, column: str = "years_lo",
                 scenario: str = "both") -> pd.DataFrame:
    """Targets that ``scenario`` does not make affordable before ``horizon_year`` even at the
    optimistic end ``column`` (default: the cheap end of the projection's interval)."""
    df = table[table["scenario"] == scenario]
    return df[df["base_year"] + df[column] > horizon_year].reset_index(drop=True)


# --------------------------------------------------------------------------
# The k⁴ gap
# --------------------------------------------------------------------------


def k_interval(fit, level: float = 0.95) -> tuple[float, float]:
    """Interval of ``k = 1/slope`` from the slope's t interval (upper end inf if the slope's reaches 0)."""
    from .fits import slope_interval

    lo, hi = slope_interval(fit, level)
    k_lo = 1.0 / hi if hi > 0 else math.inf
    k_hi = 1.0 / lo if lo > 0 else math.inf
    return k_lo, k_hi


def k_gap_table(mains: dict, names: dict | None = None, bound: float = LOWER_BOUND_K, factor: float = 10.0,
                level: float = 0.95) -> pd.DataFrame:
    """Fitted exponent k (polynomial main fit) against the lower bound, per benchmark.

    ``gap_decades`` = (k − bound)·log10(factor): how many more orders of magnitude of compute the
    fitted trend needs than the bound for a ``factor``-fold error reduction (with the interval from k's);
    ``room_share`` = 1 − bound/k, the share of the fitted trend's orders of magnitude that a method at
    the bound would save.
    """
    names = names or {}
    rows = []
    for bench, main in mains.items():
        fit = main["polynomial"]
        k = fit.k if fit.k is not None and fit.slope > 0 else math.inf
        k_lo, k_hi = k_interval(fit, level)
        d = math.log10(factor)
        rows.append({"benchmark": bench, "name": names.get(bench, bench), "n": fit.n, "slope": fit.slope,
                     "k": k, "k_lo": k_lo, "k_hi": k_hi, "bound": float(bound),
                     "log10_compute_fitted": k * d, "log10_compute_bound": bound * d,
                     "gap_decades": (k - bound) * d, "gap_lo": (k_lo - bound) * d, "gap_hi": (k_hi - bound) * d,
                     "room_share": 1 - bound / k if np.isfinite(k) and k > 0 else 1.0,
                     "bound_inside": bool(k_lo <= bound <= k_hi)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# The conclusion: the paper's statistics recomputed
# --------------------------------------------------------------------------


def reproduction_table(mains: dict, names: dict | None = None, v1: dict | None = None) -> pd.DataFrame:
    """Per benchmark: n, R² of both forms, whether the slope is significant, the form verdict, k, and the
    time trend's years ≡ 10× compute and the R² it adds (polynomial), all from the main fits; with
    ``v1`` (``{benchmark: benchmark_fits(..., sample="v1")}``) also ``v1_n`` and ``v1_r2``."""
    from . import fits

    names, v1 = names or {}, v1 or {}
    rows = []
    for bench, main in mains.items():
        poly, expo = main["polynomial"], main["exponential"]
        trend = fits.fit_time_trend(main["data"], main["compute"], form="polynomial", benchmark=bench)
        cmp_ = fits.compare_forms(poly, expo)
        lo, hi = fits.slope_interval(poly)
        old = v1.get(bench)
        rows.append({"benchmark": bench, "name": names.get(bench, bench), "n": poly.n, "r2_polynomial": poly.r2,
                     "r2_exponential": expo.r2, "slope_significant": bool(lo > 0), "verdict": fits.form_verdict(cmp_),
                     "k": poly.k, "years_per_10x": trend.years_per_10x,
                     "r2_gain_time_trend": trend.r2 - trend.r2_without_year,
                     "v1_n": old["polynomial"].n if old else 0,
                     "v1_r2": old["polynomial"].r2 if old else np.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# Display helpers and charts
# --------------------------------------------------------------------------


def describe_targets(df: pd.DataFrame, names: dict | None = None) -> str:
    """"ImageNet 1% (exponential model); ..." for the prose, or "none"."""
    names = names or {}
    items = [f"{names.get(b, b)} at {_pct(e)} ({f} model)" for b, e, f in
             df[["benchmark", "target_error", "form"]].drop_duplicates().itertuples(index=False)]
    return "; ".join(items) if items else "none"


def fmt_years(y: float) -> str:
    """Years for tables: "now", "<1", "16", "never"."""
    if not np.isfinite(y):
        return "never"
    if y == 0:
        return "now"
    return "<1" if y < 1 else f"{y:.0f}"


def fmt_wait(y: float) -> str:
    """Years for prose: "now", "within a year", "after 16 years", "never"."""
    if not np.isfinite(y):
        return "never"
    if y == 0:
        return "now"
    return "within a year" if y < 1 else f"after {y:.0f} years"


def fmt_factor(v: float) -> str:
    """A growth factor for tables: 1.42, 74, 2,115 or 2.1e+08; ∞ when unbounded."""
    if not np.isfinite(v):
        return "∞"
    if v < 10:
        return f"{v:.2f}"
    if v < 1e5:
        return f"{v:,.0f}"
    return f"{v:.1e}"


def fmt_year_interval(lo: float, hi: float) -> str:
    return f"{fmt_years(lo)}–{fmt_years(hi)}"


def _pct(x: float) -> str:
    return f"{100 * x:g}%"


def years_display(table: pd.DataFrame, names: dict | None = None, form: str = "polynomial") -> pd.DataFrame:
    """Wide table for the page: one row per benchmark × target, for each scenario the years (and the
    interval carried from the projection) until affordable."""
    names = names or {}
    df = table[table["form"] == form]
    out = []
    for (bench, err), grp in df.groupby(["benchmark", "target_error"], sort=False):
        g = grp.set_index("scenario")
        row = {"Benchmark": names.get(bench, bench), "Error": _pct(err),
               "Cost today": "$" + projections.fmt_pow10(float(g["log10_usd"].iloc[0]))}
        for s in SCENARIOS:
            r = g.loc[s]
            point, lo, hi = r["years_to_affordable"], r["years_lo"], r["years_hi"]
            text = fmt_years(point) if lo == hi == point else f"{fmt_years(point)} [{fmt_year_interval(lo, hi)}]"
            row[SCENARIO_TABLE_LABELS[s]] = text
        out.append(row)
    return pd.DataFrame(out)


def rates_display(rates: pd.DataFrame) -> pd.DataFrame:
    """The rates table for the page (one line per rate)."""
    def band(lo, hi):
        return f"{fmt_factor(lo)}–{fmt_factor(hi)}"

    def doubling(m):
        return "—" if not np.isfinite(m) else f"{m:.0f}"

    def source(origin, src):
        if origin != "this book":
            return f"{{cite:t}}`{src}`"
        return "this book" if src.startswith("time trend") else f"this book ({src.split(',')[0]})"

    rate = np.where(rates["lever"] == "algorithms", "algorithms, " + rates["rate"].str.replace("algorithms: ", "", regex=False),
                    rates["rate"])
    return pd.DataFrame({
        "Rate": rate,
        "Source": [source(o, s) for o, s in zip(rates["origin"], rates["source"])],
        "× per year": rates["per_year"].map(fmt_factor),
        "95% interval": [band(a, b) if a != b else "—" for a, b in zip(rates["per_year_lo"], rates["per_year_hi"])],
        "Doubling, months": rates["doubling_months"].map(doubling),
    })


def k_gap_display(gap: pd.DataFrame, factor: float = 10.0) -> pd.DataFrame:
    def iv(a, b, fmt):
        return f"{format(a, fmt)}–{'∞' if not np.isfinite(b) else format(b, fmt)}"

    return pd.DataFrame({
        "Benchmark": gap["name"], "Models": gap["n"],
        "k fitted": gap["k"].map(lambda v: f"{v:.1f}"),
        "95% interval": [iv(a, b, ".1f") for a, b in zip(gap["k_lo"], gap["k_hi"])],
        f"Compute for {factor:g}× lower error, fitted": gap["log10_compute_fitted"].map(lambda v: f"10^{v:.0f}"),
        "at the bound": gap["log10_compute_bound"].map(lambda v: f"10^{v:.0f}"),
        "Gap (orders of magnitude)": [f"{g:.1f} ({iv(a, b, '.1f')})" for g, a, b in
                                      zip(gap["gap_decades"], gap["gap_lo"], gap["gap_hi"])],
    })


def years_chart(table: pd.DataFrame, names: dict, horizon_years: float, x_max: float | None = None) -> alt.VConcatChart:
    """Years until affordable per target (rows) and scenario (colour), one panel per model form, with the
    interval carried from the projection as a bar; points beyond the axis are triangles at its edge;
    a dashed line marks the horizon."""
    x_max = x_max or math.ceil(1.2 * horizon_years / 10) * 10
    df = table.copy()
    df["benchmark_name"] = df["benchmark"].map(names).fillna(df["benchmark"])
    df["target"] = df["target_error"].map(_pct)
    df["row"] = df["benchmark_name"] + ": " + df["target"]
    df["scenario_label"] = df["scenario"].map(SCENARIO_LABELS)
    df["x"] = df["years_to_affordable"].clip(0, x_max)
    df["x_lo"] = df["years_lo"].clip(0, x_max)
    df["x_hi"] = df["years_hi"].clip(0, x_max)
    df["position"] = np.where(df["years_to_affordable"] > x_max, "beyond the axis", "on the axis")
    df["years_text"] = df["years_to_affordable"].map(fmt_years)
    df["interval_text"] = [fmt_year_interval(a, b) for a, b in zip(df["years_lo"], df["years_hi"])]
    df["year_text"] = [("never" if not np.isfinite(y) else f"{b + y:.0f}") for y, b in
                       zip(df["years_to_affordable"], df["base_year"])]
    order = list(dict.fromkeys(df["row"]))
    labels = [SCENARIO_LABELS[s] for s in SCENARIOS]
    keep = ["row", "benchmark_name", "target", "form", "scenario_label", "position", "x", "x_lo", "x_hi",
            "years_text", "interval_text", "year_text"]
    tooltip = [alt.Tooltip("benchmark_name:N", title="Benchmark"), alt.Tooltip("target:N", title="Target error"),
               alt.Tooltip("form:N", title="Model"), alt.Tooltip("scenario_label:N", title="Scenario"),
               alt.Tooltip("years_text:N", title="Years until affordable"),
               alt.Tooltip("interval_text:N", title="95% interval (years)"),
               alt.Tooltip("year_text:N", title="Calendar year")]
    xs = alt.Scale(domain=[0, x_max], clamp=True)
    color = alt.Color("scenario_label:N", title="Scenario", scale=alt.Scale(domain=labels, range=charts.PALETTE[:3]),
                      legend=alt.Legend(orient="bottom", labelLimit=300))
    shape = alt.Shape("position:N", title="Point", scale=alt.Scale(domain=["on the axis", "beyond the axis"],
                                                                   range=["circle", "triangle-right"]),
                      legend=alt.Legend(orient="bottom"))
    panels = []
    for form in dict.fromkeys(df["form"]):
        sub = df[df["form"] == form][keep]
        y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
        yoff = alt.YOffset("scenario_label:N", scale=alt.Scale(domain=labels))
        bars = alt.Chart(sub).mark_rule(strokeWidth=1.5).encode(
            y=y, yOffset=yoff, x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", color=color, tooltip=tooltip)
        pts = alt.Chart(sub).mark_point(filled=True, size=20).encode(
            y=y, yOffset=yoff, color=color, shape=shape, tooltip=tooltip,
            x=alt.X("x:Q", scale=xs, title=f"Years until a run costs less than the budget ({form} model)"))
        rule = alt.Chart(pd.DataFrame({"x": [float(horizon_years)], "what": [f"horizon ({horizon_years:.0f} years)"]})) \
            .mark_rule(strokeDash=[6, 3], color="#555").encode(x=alt.X("x:Q", scale=xs),
                                                                tooltip=[alt.Tooltip("what:N", title="Line")])
        panels.append((rule + bars + pts).properties(width=charts.WIDTH - 60, height=alt.Step(4),
                                                     title=f"{form.capitalize()} model"))
    return alt.vconcat(*panels).resolve_scale(color="shared", shape="shared")


def rates_chart(rates: pd.DataFrame, x_min: float = 0.5, x_max: float = 1000.0) -> alt.LayerChart:
    """Growth per year (log scale) with its interval for the book's rates and the published ones,
    intervals clipped to the axis."""
    df = rates.copy()
    who = {p["key"]: p["who"] for p in PUBLISHED.values()}
    df["label"] = df["rate"] + np.where(df["origin"] == "published", " (" + df["source"].map(who).fillna("") + ")", "")
    df["x"] = df["per_year"].clip(x_min, x_max)
    df["x_lo"] = df["per_year_lo"].clip(x_min, x_max)
    df["x_hi"] = df["per_year_hi"].clip(x_min, x_max)
    df["interval_text"] = [f"{fmt_factor(a)}–{fmt_factor(b)}" for a, b in zip(df["per_year_lo"], df["per_year_hi"])]
    df["per_year_text"] = df["per_year"].map(fmt_factor)
    df = df[["label", "lever", "origin", "source", "x", "x_lo", "x_hi", "interval_text", "per_year_text"]]
    order = list(df["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    xs = alt.Scale(type="log", domain=[x_min, x_max], clamp=True)
    tooltip = [alt.Tooltip("label:N", title="Rate"), alt.Tooltip("lever:N", title="Lever"),
               alt.Tooltip("origin:N", title="Origin"), alt.Tooltip("per_year_text:N", title="× per year"),
               alt.Tooltip("interval_text:N", title="95% interval")]
    color = alt.Color("lever:N", title="Lever", legend=alt.Legend(orient="right"))
    shape = alt.Shape("origin:N", title="Origin", scale=alt.Scale(domain=["this book", "published"],
                                                                 range=["circle", "diamond"]),
                      legend=alt.Legend(orient="right"))
    bars = alt.Chart(df).mark_rule(strokeWidth=2).encode(y=y, x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", color=color,
                                                         tooltip=tooltip)
    pts = alt.Chart(df).mark_point(filled=True, size=60).encode(
        y=y, x=alt.X("x:Q", scale=xs, title="Growth per year (×, log scale)"), color=color, shape=shape,
        tooltip=tooltip)
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#999").encode(x=alt.X("x:Q", scale=xs))
    return (one + bars + pts).properties(width=charts.WIDTH - 320, height=alt.Step(18))
