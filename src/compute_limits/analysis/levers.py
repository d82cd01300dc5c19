"""How fast the levers moved: growth rates with their windows and populations, measured or published.

* :class:`Rate`: a growth rate in log10 units per year with its interval, window and population.
* :func:`algorithmic_rate`: one year of progress in a benchmark's time-trend model as an equivalent
  multiple of compute, ``c/b``, with Fieller's interval (:func:`compute_limits.stats.intervals.ratio_interval`).
* :func:`decomposition`: compute growth = growth of compute per dollar × growth of spending, all three
  fitted on the same runs and years (:func:`compute_limits.analysis.costs.historic_growth`).
* :func:`published_rates`: the literature's rates, from ``data/literature.toml`` (one value each).
* :func:`rates_table`: the ``ways_out_rates`` results table; :func:`rate_label`: who measured a rate, on what
  population and window (its ``name``).

All rates are in log10 units per year: ``0.3`` means ×10^0.3 ≈ ×2 a year.  No file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import Literature
from ..stats.bootstrap import slope_share
from ..stats.intervals import ratio_interval, slope_estimable, t_quantile
from ..stats.regression import TimeTrend
from ..stats.trends import Trend, slope_from_doubling


@dataclass(frozen=True)
class Rate:
    """A growth rate ``log10_per_year`` with its ``level`` interval ``[lo, hi]`` (±inf where unbounded).

    ``key`` is an id (``compute_per_dollar``, ``algorithms_imagenet``, ``hobbhahn2022``…); ``source`` the
    population or the citation key; ``start``/``end`` the window of the data behind it (decimal years).
    """

    key: str
    lever: str  # hardware, algorithms, spending or compute
    origin: str  # "this book" or "published"
    source: str
    log10_per_year: float
    lo: float
    hi: float
    n: int = 0
    start: float = math.nan
    end: float = math.nan
    level: float = 0.95
    se: float = 0.0  # standard error of log10_per_year (0 for a quoted figure without one)

    @property
    def per_year(self) -> float:
        return float(10.0 ** self.log10_per_year)

    @property
    def per_year_lo(self) -> float:
        return float(10.0 ** self.lo) if self.lo < 300 else math.inf

    @property
    def per_year_hi(self) -> float:
        return float(10.0 ** self.hi) if self.hi < 300 else math.inf

    @property
    def doubling_months(self) -> float:
        return 12.0 * math.log10(2.0) / self.log10_per_year if self.log10_per_year > 0 else math.inf

    @property
    def estimable(self) -> bool:
        """A measured rate is estimable when its interval excludes zero growth; a quoted one always is."""
        return True if self.origin == "published" else slope_estimable(self.lo, self.hi)

    def as_row(self) -> dict:
        return {"rate": self.key, "lever": self.lever, "origin": self.origin, "source": self.source,
                "start_year": self.start, "end_year": self.end, "n": self.n,
                "per_year": self.per_year, "per_year_lo": self.per_year_lo, "per_year_hi": self.per_year_hi,
                "doubling_months": self.doubling_months, "log10_per_year": self.log10_per_year,
                "log10_lo": self.lo, "log10_hi": self.hi, "estimable": self.estimable, "level": self.level}


RATE_COLUMNS = ["rate", "name", "lever", "origin", "source", "start_year", "end_year", "n", "per_year", "per_year_lo",
                "per_year_hi", "doubling_months", "log10_per_year", "log10_lo", "log10_hi", "estimable", "level"]


def rate_from_trend(trend: Trend, key: str, lever: str, source: str) -> Rate:
    """A log-linear :class:`~compute_limits.stats.trends.Trend` as a :class:`Rate`."""
    t = t_quantile(trend.level, max(trend.n - 2, 1))
    return Rate(key=key, lever=lever, origin="this book", source=source, log10_per_year=float(trend.slope),
                lo=float(trend.slope_lo), hi=float(trend.slope_hi), n=int(trend.n), start=float(trend.start_year),
                end=float(trend.end_year), level=float(trend.level),
                se=float((trend.slope_hi - trend.slope_lo) / (2 * t)))


def algorithmic_rate(trend: TimeTrend, key: str, level: float = 0.95, start: float = math.nan,
                     end: float = math.nan) -> Rate:
    """The algorithmic-progress rate of a time-trend fit: ``c/b`` decades of compute per year.

    In ``response = a + b·log10(C) + c·(year − 2012)`` a year of progress moves the response as much as
    ``c/b`` orders of magnitude of compute: at a fixed error the compute needed falls ``10**(c/b)``-fold a
    year.  Fieller's interval for the ratio, with the fit's covariance, on n − 3 degrees of freedom.
    """
    cov = np.asarray(trend.cov, dtype=float)
    t = t_quantile(level, trend.df_resid)
    lo, hi = ratio_interval(trend.year_slope, trend.slope, cov[2, 2], cov[1, 1], cov[1, 2], t)
    point = trend.year_slope / trend.slope if trend.slope != 0 else math.nan
    return Rate(key=key, lever="algorithms", origin="this book", source=f"time trend, {trend.form}",
                log10_per_year=float(point), lo=lo, hi=hi, n=int(trend.n), start=start, end=end, level=level)


# The literature's rates: (figure in literature.toml, how it is stated, lever).  "halving" of the compute
# a target needs is a doubling of efficiency; every rate is converted exactly as stated.
# The algorithmic rates were measured on one benchmark and metric: a book rate is compared with them only
# when it is measured on the same (benchmark id and metric as in data/benchmarks.toml).
MEASURED_ON = {"hernandez2020": ("imagenet", "top1"), "erdil2022": ("imagenet", "top1")}
PUBLISHED = {
    "hernandez2020": ("hernandez_halving_months", "months", "algorithms"),
    "erdil2022": ("erdil_halving_months", "months", "algorithms"),
    "hobbhahn2022": ("hobbhahn_doubling_years", "years", "hardware"),
    "hobbhahn2022_ml": ("hobbhahn_ml_doubling_years", "years", "hardware"),
    "cottier2024": ("cottier_cost_growth", "factor", "spending"),
    "sevilla2022": ("sevilla_doubling_months", "months", "compute"),
    "amodei2018": ("amodei_doubling_months", "months", "compute"),
}


def comparable(key: str, benchmark: str, metric: str) -> bool:
    """Whether the published rate ``key`` was measured on ``benchmark`` scored by ``metric``."""
    return MEASURED_ON.get(key) == (benchmark, metric)


def _log10_rate(value: float, stated: str) -> float:
    if stated == "factor":
        return math.log10(value)
    return slope_from_doubling(value * (12.0 if stated == "years" else 1.0))


def published_rates(lit: Literature) -> dict[str, Rate]:
    """``{key: Rate}`` of :data:`PUBLISHED`, from ``data/literature.toml`` (a stated interval is kept;
    a longer doubling time is the slower end)."""
    out = {}
    for key, (fig_key, stated, lever) in PUBLISHED.items():
        fig = lit[fig_key]
        point = _log10_rate(fig.value, stated)
        ends = [_log10_rate(v, stated) for v in (fig.lo, fig.hi) if v is not None]
        lo, hi = (min(ends), max(ends)) if len(ends) == 2 else (point, point)
        out[key] = Rate(key=key, lever=lever, origin="published", source=fig.cite, log10_per_year=point, lo=lo, hi=hi,
                        level=0.95)
    return out


@dataclass(frozen=True)
class Decomposition:
    """Compute growth of one population of runs, split exactly into compute per dollar × spending.

    The three trends are fitted on the same runs (those with both compute and cost) over the same
    years (:func:`compute_limits.analysis.costs.historic_growth`), so their log slopes add:
    ``compute = per_dollar + spending`` (``identity_gap`` ≈ 0 checks it).  Algorithmic progress is not a
    term: it lowers the compute a target needs; it does not supply compute.
    """

    compute: Rate
    per_dollar: Rate
    spending: Rate
    share_per_dollar: float  # of the orders of magnitude of compute growth
    share_spending: float
    identity_gap: float  # log10 compute − (per dollar + spending), log10 per year
    population: str
    share_spending_lo: float = math.nan  # BCa bootstrap interval of share_spending over the runs (share_per_dollar's
    share_spending_hi: float = math.nan  # is one minus it); NaN without the runs or resamples
    n_boot: int = 0


def decomposition(growth, n_boot: int = 0, seed: int = 0) -> Decomposition:
    """From a :class:`compute_limits.analysis.costs.Growth` (``compute``, ``compute_per_dollar``,
    ``cost_per_run`` fitted on the same runs).  With ``n_boot`` resamples (and the growth's runs), spending's
    share gets a BCa bootstrap interval over the runs (:func:`compute_limits.stats.bootstrap.slope_share`)."""
    pop = growth.population
    compute = rate_from_trend(growth["compute"], "compute_growth", "compute", pop)
    per_dollar = rate_from_trend(growth["compute_per_dollar"], "compute_per_dollar", "hardware", pop)
    spending = rate_from_trend(growth["cost_per_run"], "cost_per_run", "spending", pop)
    total = compute.log10_per_year
    lo = hi = math.nan
    runs = getattr(growth, "runs", None)
    if n_boot > 0 and runs is not None and len(runs) >= 3:
        _, lo, hi = slope_share(runs["year"], np.log10(runs["cost"].to_numpy(float)),
                                np.log10(runs["compute"].to_numpy(float)), n_boot, np.random.default_rng(seed),
                                growth.level)
    return Decomposition(compute, per_dollar, spending,
                         share_per_dollar=per_dollar.log10_per_year / total if total else math.nan,
                         share_spending=spending.log10_per_year / total if total else math.nan,
                         identity_gap=total - per_dollar.log10_per_year - spending.log10_per_year, population=pop,
                         share_spending_lo=lo, share_spending_hi=hi, n_boot=int(n_boot))


# Who measured a published rate, on what population and window (the rows of literature.toml they come from).
PUBLISHED_LABELS = {
    "hobbhahn2022": "Hobbhahn & Besiroglu: GPUs, 2006–2021",
    "hobbhahn2022_ml": "Hobbhahn & Besiroglu: ML GPUs",
    "hernandez2020": "Hernandez & Brown: ImageNet, 2012–2019",
    "erdil2022": "Erdil & Besiroglu: ImageNet",
    "cottier2024": "Cottier et al.: frontier models, 2016–2023",
    "sevilla2022": "Sevilla et al.: notable systems, 2010–2022",
    "amodei2018": "Amodei & Hernandez: record runs, 2012–2018",
}


def rate_label(row, names: dict[str, str]) -> str:
    """A row of :func:`rates_table` named by who measured it, on what population and over which years."""
    if row["origin"] == "published":
        return PUBLISHED_LABELS.get(row["rate"], row["rate"])
    span = f"{math.floor(row['start_year'])}–{math.floor(row['end_year'])}"
    if row["lever"] == "algorithms":
        return f"This book: {names.get(row['rate'].removeprefix('algorithms_'), row['rate'])}, time trend, {span}"
    return f"This book: Epoch AI runs with a cost, {span}"


def named(rates: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``ways_out_rates`` with its ``name`` filled in by :func:`rate_label` (keys stay ids)."""
    out = rates.copy()
    out["name"] = [rate_label(r, names) for _, r in rates.iterrows()]
    return out


def rates_table(book: list[Rate], published: dict[str, Rate]) -> pd.DataFrame:
    """``ways_out_rates``: one row per rate (the book's, then the literature's), keyed by id."""
    rows = [r.as_row() for r in book] + [r.as_row() for r in published.values()]
    order = {"hardware": 0, "algorithms": 1, "spending": 2, "compute": 3}
    df = pd.DataFrame(rows)
    df["name"] = df["rate"]
    df = df.sort_values("lever", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return df[RATE_COLUMNS]
