"""What compute costs: dollars, energy and CO2 of a quantity of training compute, when it becomes
affordable, and how fast compute per dollar and spending have grown.

* :func:`convert`, :func:`add_costs`, :func:`vintage_table`: a projected hardware burden (FLOP) priced on a
  hardware vintage of ``data/costs.toml``.  The burden counts chips × *peak* rate × time, so it is
  divided by the vintage's peak rate (at the vintage's precision) to give chip-hours; utilisation
  enters only when converting network operations (achieved work).
* :func:`historic_growth`: growth per year of training compute, compute per dollar and the cost of a
  training run, all fitted on the same runs of Epoch AI's table and the same window (so compute growth
  = compute-per-dollar growth × spending growth holds exactly), with intervals, window and population.
* :func:`years_to_affordable`, :func:`scenarios`: when a run costing ``C`` today fits a budget if compute
  per dollar (and optionally spending) keep growing; each :class:`Scenario` carries its rate's standard
  error, so the dates (:func:`compute_limits.analysis.projections.affordability`) carry its uncertainty.
* :func:`scale_references`: things readers know, as compute: the largest training run, a year of
  world GDP, a year of New York City's emissions.

DataFrames in, dataclasses and DataFrames out; no file is read here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import CostConfig, Literature, Vintage
from ..stats.trends import Trend, fit_trend

# --------------------------------------------------------------------------
# Compute → dollars, kWh, CO2
# --------------------------------------------------------------------------

QUANTITIES = ("usd", "kwh", "co2_lbs", "co2_kg", "chip_hours")


def log10_per_flop(vintage: Vintage, basis: str = "peak") -> dict[str, float]:
    """log10 of dollars, kWh, lbs and kg CO2e, and chip-hours, per FLOP on ``vintage``."""
    return {
        "usd": math.log10(vintage.usd_per_flop(basis)),
        "kwh": math.log10(vintage.kwh_per_flop(basis)),
        "co2_lbs": math.log10(vintage.lbs_per_flop(basis)),
        "co2_kg": math.log10(vintage.kg_per_flop(basis)),
        "chip_hours": -math.log10(vintage.flop_per_chip_hour(basis)),
    }


def convert(log10_flops, vintage: Vintage, basis: str = "peak") -> dict[str, np.ndarray]:
    """``log10_<quantity>`` of ``10**log10_flops`` FLOP on ``vintage`` for every quantity (log10 values:
    projected compute can reach 10²⁰⁰ FLOP, beyond a float)."""
    x = np.asarray(log10_flops, dtype=float)
    return {f"log10_{k}": x + v for k, v in log10_per_flop(vintage, basis).items()}


def _pow10(x):
    with np.errstate(over="ignore"):
        return np.power(10.0, np.asarray(x, dtype=float))


COST_COLUMNS = [f"{prefix}{key}{suffix}" for key in ("usd", "co2_lbs", "co2_kg") for suffix in ("", "_lo", "_hi")
                for prefix in ("log10_", "")] + ["kwh", "chip_hours"]


def add_costs(projections: pd.DataFrame, costs: CostConfig, vintages=None, basis: str = "peak") -> pd.DataFrame:
    """``projections`` repeated for each vintage (default: all), with ``hardware_vintage``, ``price_year``,
    log10 and plain dollars and CO2 for the point and both ends of ``log10_flops_lo/hi``, kWh and chip-hours.
    A projection that is not estimable (``estimable`` false) carries no cost (NaN): the data cannot say what
    it would cost."""
    frames = []
    for vid in vintages or list(costs.vintages):
        v = costs.get(vid)
        df = projections.copy()
        df["hardware_vintage"] = v.id
        df["price_year"] = v.price_year
        for suffix in ("", "_lo", "_hi"):
            conv = convert(df["log10_flops" + suffix], v, basis)
            for key in ("usd", "co2_lbs", "co2_kg"):
                df[f"log10_{key}{suffix}"] = conv[f"log10_{key}"]
                df[key + suffix] = _pow10(conv[f"log10_{key}"])
            if suffix == "":
                df["kwh"] = _pow10(conv["log10_kwh"])
                df["chip_hours"] = _pow10(conv["log10_chip_hours"])
        if "estimable" in df:
            df.loc[~df["estimable"].astype(bool), COST_COLUMNS] = np.nan
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


VINTAGE_COLUMNS = ["vintage", "label", "accelerator", "peak_precision", "peak_tflops", "power_w",
                   "price_usd_per_hour", "price_date", "pue", "grid_lbs_co2e_per_kwh", "utilization",
                   "usd_per_gflop", "kwh_per_gflop", "lbs_per_gflop", "kg_per_gflop", "usd_per_gflop_achieved"]


def vintage_table(costs: CostConfig, basis: str = "peak") -> pd.DataFrame:
    """``cost_vintages``: one row per vintage, its inputs and the cost of a GFLOP of burden on it."""
    rows = [{
        "vintage": v.id, "label": v.label, "accelerator": v.accelerator, "peak_precision": v.peak_precision,
        "peak_tflops": v.peak_flops / 1e12, "power_w": v.power_w, "price_usd_per_hour": v.price_usd_per_hour,
        "price_date": v.price_date, "pue": v.pue, "grid_lbs_co2e_per_kwh": v.grid_lbs_co2e_per_kwh,
        "utilization": v.utilization,
        "usd_per_gflop": v.usd_per_flop(basis) * 1e9, "kwh_per_gflop": v.kwh_per_flop(basis) * 1e9,
        "lbs_per_gflop": v.lbs_per_flop(basis) * 1e9, "kg_per_gflop": v.kg_per_flop(basis) * 1e9,
        "usd_per_gflop_achieved": v.usd_per_flop("operations") * 1e9,
    } for v in costs.vintages.values()]
    return pd.DataFrame(rows, columns=VINTAGE_COLUMNS)


# --------------------------------------------------------------------------
# Historic growth of compute, compute per dollar and spending
# --------------------------------------------------------------------------

GROWTH_POPULATION = "notable systems in Epoch AI's table with both a training-compute and a training-cost estimate"
GROWTH_SERIES = {"compute": "compute", "compute_per_dollar": "flop_per_dollar", "cost_per_run": "cost"}


@dataclass(frozen=True)
class Growth:
    """Growth per year of training compute, compute per dollar and the cost of a run (2023 USD), each a
    :class:`~compute_limits.stats.trends.Trend` fitted on the same runs (``population``) over ``window``.

    ``growth["cost_per_run"]`` works as well as ``growth.cost_per_run``.
    """

    compute: Trend
    compute_per_dollar: Trend
    cost_per_run: Trend
    start: float  # the window asked for: [start, end)
    end: float | None
    first_year: float  # decimal years of the first and last run in it
    last_year: float
    n: int  # runs
    population: str
    level: float
    runs: pd.DataFrame | None = field(default=None, repr=False, compare=False)  # the runs fitted (growth_runs)

    def __getitem__(self, key: str) -> Trend:
        if key not in GROWTH_SERIES:
            raise KeyError(f"no growth series {key!r}; known: {', '.join(GROWTH_SERIES)}")
        return getattr(self, key)

    def keys(self):
        return GROWTH_SERIES.keys()

    @property
    def window(self) -> str:
        """The years the runs span, e.g. ``2016–2025``."""
        return f"{math.floor(self.first_year)}–{math.floor(self.last_year)}"


def growth_runs(epoch: pd.DataFrame, start: float, end: float | None = None, notable_only: bool = True) -> pd.DataFrame:
    """The runs :func:`historic_growth` fits: ``year`` in ``[start, end)``, positive compute and cost
    (Epoch's 2023-USD training-compute cost), notable systems only unless ``notable_only`` is False."""
    df = epoch
    if notable_only and "notable" in df:
        df = df[df["notable"].astype(bool)]
    keep = (df["year"] >= start) & (df["compute"] > 0) & (df["cost_2023_usd"] > 0)
    if end is not None:
        keep &= df["year"] < end
    out = df[keep.fillna(False)].copy()
    out["cost"] = out["cost_2023_usd"].astype(float)
    out["compute"] = out["compute"].astype(float)
    out["flop_per_dollar"] = out["compute"] / out["cost"]
    return out.reset_index(drop=True)


def historic_growth(epoch: pd.DataFrame, start: float, end: float | None = None, level: float = 0.95,
                    notable_only: bool = True) -> Growth:
    """Log-linear growth per year of compute, compute per dollar and cost per run over ``[start, end)``
    (``end=None``: up to the latest run), with ``level`` confidence intervals, from Epoch AI's table.

    All three series use the same runs, so their log slopes add up exactly:
    compute growth = compute-per-dollar growth × spending growth.
    Raises ValueError when fewer than three runs fall in the window.
    """
    runs = growth_runs(epoch, start, end, notable_only)
    trends = {name: fit_trend(runs["year"], runs[col], name, level) for name, col in GROWTH_SERIES.items()}
    population = GROWTH_POPULATION if notable_only else GROWTH_POPULATION.replace("notable systems", "systems")
    return Growth(**trends, start=float(start), end=None if end is None else float(end),
                  first_year=float(runs["year"].min()), last_year=float(runs["year"].max()), n=int(len(runs)),
                  population=population, level=level, runs=runs)


# --------------------------------------------------------------------------
# When does a target become affordable?
# --------------------------------------------------------------------------


def years_to_affordable(log10_cost_usd, budget_usd: float, compute_per_dollar_growth: float = 1.0,
                        spending_growth: float = 1.0, algorithmic_gain: float = 1.0):
    """Years until a run costing ``10**log10_cost_usd`` today fits ``budget_usd`` if each year compute per
    dollar multiplies by ``compute_per_dollar_growth``, the budget by ``spending_growth`` and the compute
    needed divides by ``algorithmic_gain``: ``t = log10(cost/budget) / log10(g_hw·g_spend·g_alg)``;
    0 when already affordable, inf when nothing grows (or the cost is unbounded)."""
    for name, g in (("compute_per_dollar_growth", compute_per_dollar_growth), ("spending_growth", spending_growth),
                    ("algorithmic_gain", algorithmic_gain), ("budget_usd", budget_usd)):
        if not g > 0:
            raise ValueError(f"{name} must be > 0, got {g!r}")
    gap = np.asarray(log10_cost_usd, dtype=float) - math.log10(budget_usd)
    rate = math.log10(compute_per_dollar_growth) + math.log10(spending_growth) + math.log10(algorithmic_gain)
    with np.errstate(divide="ignore", invalid="ignore"):
        years = np.where(gap <= 0, 0.0, np.where(rate > 0, gap / rate, np.inf))
    return years if np.ndim(years) else float(years)


@dataclass(frozen=True)
class Scenario:
    """A growth scenario for affordability: yearly factors of compute per dollar and of spending, and the
    combined rate in log10 per year with its standard error (the uncertainty a date carries)."""

    key: str  # "hardware" (fixed budget) or "hardware_spending"
    compute_per_dollar_growth: float
    spending_growth: float = 1.0
    log10_rate_se: float = 0.0  # standard error of log10(compute_per_dollar_growth · spending_growth)

    @property
    def log10_rate(self) -> float:
        """log10 of the combined yearly factor."""
        return math.log10(self.compute_per_dollar_growth) + math.log10(self.spending_growth)

    def years(self, log10_cost_usd, budget_usd: float):
        return years_to_affordable(log10_cost_usd, budget_usd, self.compute_per_dollar_growth, self.spending_growth)


def scenarios(growth: Growth) -> dict[str, Scenario]:
    """The chapter's two scenarios from historic growth: compute per dollar keeps growing and the budget
    stays fixed (``hardware``, the default); and budgets grow as spending per run did (``hardware_spending``).

    The rates are fitted on the same runs, so compute per dollar × spending is the growth of compute itself:
    the second scenario's rate and its standard error are those of the compute trend (where spending grew;
    where it did not, the budget is held fixed and the scenario is the first)."""
    cpd, cost, comp = growth.compute_per_dollar, growth.cost_per_run, growth.compute
    spending = cost.growth_per_year > 1.0
    return {"hardware": Scenario("hardware", cpd.growth_per_year, 1.0, cpd.slope_se),
            "hardware_spending": Scenario("hardware_spending", cpd.growth_per_year,
                                          cost.growth_per_year if spending else 1.0,
                                          comp.slope_se if spending else cpd.slope_se)}



# --------------------------------------------------------------------------
# A sense of scale
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleReferences:
    """Compute (log10 FLOP of burden on a vintage) that readers can picture."""

    largest_run: str  # model name
    largest_run_date: pd.Timestamp
    largest_run_log10_flops: float  # achieved operations, as Epoch AI counts them
    gdp_log10_flops: float  # a year of world GDP spent on ``vintage``
    nyc_log10_flops: float  # a year of New York City's emissions on ``vintage``
    nyc_month_log10_kg: float  # a month of the city's emissions, log10 kg CO2e
    vintage: str

    def rows(self) -> pd.DataFrame:
        return pd.DataFrame({
            "reference": ["largest_run", "world_gdp_year", "nyc_emissions_year"],
            "log10_flops": [self.largest_run_log10_flops, self.gdp_log10_flops, self.nyc_log10_flops],
            "hardware_vintage": self.vintage})


def scale_references(epoch: pd.DataFrame, vintage: Vintage, literature: Literature) -> ScaleReferences:
    """The largest run in Epoch AI's table, and what a year of world GDP and a year of New York City's
    emissions correspond to as hardware burden on ``vintage``."""
    with_c = epoch[epoch["compute"] > 0]
    top = with_c.loc[with_c["compute"].idxmax()]
    per = log10_per_flop(vintage)
    nyc_kg = literature.value("nyc_co2e_tonnes_per_year") * 1000.0
    return ScaleReferences(
        largest_run=str(top["model"]), largest_run_date=pd.Timestamp(top["date"]),
        largest_run_log10_flops=math.log10(float(top["compute"])),
        gdp_log10_flops=math.log10(literature.value("world_gdp_usd")) - per["usd"],
        nyc_log10_flops=math.log10(nyc_kg) - per["co2_kg"],
        nyc_month_log10_kg=math.log10(nyc_kg / 12.0), vintage=vintage.id)
