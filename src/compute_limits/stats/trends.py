"""Log-linear growth trends: ``log10(y) = intercept + slope·(year − x0)`` by OLS (statsmodels), with a
confidence interval on the slope, expressed as growth per year and doubling time."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.regression.linear_model import OLS  # not statsmodels.api: it imports every model (~1 s)

from .intervals import slope_estimable
from .regression import design

LOG10_2 = math.log10(2.0)

def doubling_months(slope_log10_per_year: float) -> float:
    """Doubling time in months for a slope in log10 units per year (inf if not growing)."""
    if not np.isfinite(slope_log10_per_year) or slope_log10_per_year <= 0:
        return math.inf
    return 12.0 * LOG10_2 / slope_log10_per_year


def slope_from_doubling(months: float) -> float:
    """log10 units per year of a quantity doubling every ``months`` months."""
    return 12.0 * LOG10_2 / months


@dataclass(frozen=True)
class Trend:
    """A log-linear trend ``log10(y) = intercept + slope · (year − x0)``."""

    series: str
    n: int
    start_year: float  # first and last decimal year among the fitted points
    end_year: float
    slope: float  # log10 units per year
    slope_lo: float  # confidence interval of the slope
    slope_hi: float
    intercept: float  # log10(y) at year x0
    x0: float
    r2: float
    level: float = 0.95

    @property
    def growth_per_year(self) -> float:
        return 10.0 ** self.slope

    @property
    def growth_lo(self) -> float:
        return 10.0 ** self.slope_lo

    @property
    def growth_hi(self) -> float:
        return 10.0 ** self.slope_hi

    @property
    def estimable(self) -> bool:
        """Whether the growth rate is estimable: its interval excludes zero growth."""
        return slope_estimable(self.slope_lo, self.slope_hi)

    @property
    def slope_se(self) -> float:
        """Standard error of the slope, from its interval (t quantile on n − 2 degrees of freedom)."""
        t = float(stats.t.ppf(0.5 + self.level / 2, max(self.n - 2, 1)))
        return (self.slope_hi - self.slope_lo) / (2 * t)

    @property
    def doubling_months(self) -> float:
        return doubling_months(self.slope)

    @property
    def doubling_months_lo(self) -> float:
        """Lower end of the doubling-time interval (from the steepest slope)."""
        return doubling_months(self.slope_hi)

    @property
    def doubling_months_hi(self) -> float:
        """Upper end (inf when the interval of the slope reaches zero)."""
        return doubling_months(self.slope_lo)

    def predict_log10(self, year):
        return self.intercept + self.slope * (np.asarray(year, dtype=float) - self.x0)

    def as_row(self) -> dict:
        return {
            "series": self.series, "start_year": round(self.start_year, 2), "end_year": round(self.end_year, 2),
            "n": self.n, "growth_per_year": self.growth_per_year,
            "doubling_months": self.doubling_months,
            "doubling_months_lo": self.doubling_months_lo, "doubling_months_hi": self.doubling_months_hi,
            "growth_per_year_lo": self.growth_lo, "growth_per_year_hi": self.growth_hi,
            "slope_log10_per_year": self.slope, "r2": self.r2, "level": self.level,
        }


TREND_COLUMNS = ["series", "start_year", "end_year", "n", "growth_per_year", "doubling_months",
                 "doubling_months_lo", "doubling_months_hi", "growth_per_year_lo", "growth_per_year_hi",
                 "slope_log10_per_year", "r2", "level"]


def fit_trend(year, value, series: str = "", level: float = 0.95) -> Trend:
    """OLS of ``log10(value)`` on ``year`` over the rows where both are finite and value > 0."""
    year = np.asarray(year, dtype=float)
    value = np.asarray(value, dtype=float)
    ok = np.isfinite(year) & np.isfinite(value) & (value > 0)
    x, y = year[ok], np.log10(value[ok])
    if len(x) < 3 or np.ptp(x) == 0:
        raise ValueError(f"trend {series!r}: need at least 3 points spread over time, got {len(x)}")
    x0 = float(np.round(x.mean(), 1))
    model = OLS(y, design(x - x0)).fit()
    lo, hi = np.asarray(model.conf_int(alpha=1 - level))[1]
    return Trend(series=series, n=int(len(x)), start_year=float(x.min()), end_year=float(x.max()),
                 slope=float(model.params[1]), slope_lo=float(lo), slope_hi=float(hi),
                 intercept=float(model.params[0]), x0=x0, r2=float(model.rsquared), level=level)


def trends_table(trends) -> pd.DataFrame:
    """The results-contract table of a list of :class:`Trend` (plus population labels if set)."""
    rows = [t.as_row() for t in trends]
    return pd.DataFrame(rows, columns=TREND_COLUMNS)
