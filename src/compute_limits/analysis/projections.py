"""Future costs: invert the fitted models, put intervals on the result, convert to money and CO2.

* :func:`required_log10_flops`: the compute (log10 FLOP) at which a fitted line reaches a target error.
* :func:`delta_interval`, :func:`inverse_interval`: parametric 95% intervals for that compute from the
  fit's parameter covariance and residual variance (delta method; exact inverse-regression, i.e.
  Fieller/calibration interval, which can be unbounded when the slope is not clearly positive).
* :func:`bootstrap_required`: a seeded bootstrap over models (rows, or clusters such as papers),
  refitting with a callable, with residual noise added so it is a prediction interval too.
* :func:`project_fit`, :func:`project`: the projection rows of one fit / several fits.
* :func:`load_costs`: the validated ``data/costs.toml`` (hardware vintages, reference values);
  :func:`add_costs`: dollars, kWh and CO2 for every projection row and vintage.
* :func:`years_to_affordable`, :func:`affordability`: when a target becomes affordable for a budget
  if compute per dollar, spending and algorithms keep improving at given rates.
* :func:`historic_growth`: those rates from Epoch AI's table (via :mod:`compute_limits.history`).
* :func:`projection_chart`: the projections on a log axis with reference lines.

Everything works in log10 units: projected compute reaches 10^200 FLOP under some fits.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
from scipy import stats

from . import charts, paths
from .fits import FORMS, Fit, error_from_response, fit_ols, response
from .validation import ConfigError

LBS_TO_KG = 0.45359237
SECONDS_PER_HOUR = 3600.0

# --------------------------------------------------------------------------
# Inversion and parametric intervals
# --------------------------------------------------------------------------


def best_error(fit: Fit) -> float:
    """The lowest error among the rows the fit saw ("today" in the paper's tables)."""
    return float(error_from_response(np.max(fit.y), fit.form))


def required_log10_flops(fit: Fit, target_error) -> np.ndarray:
    """log10 FLOP at which the fitted line reaches ``target_error`` (inf when the slope is not > 0)."""
    target = np.asarray(target_error, dtype=float)
    if fit.slope <= 0:
        return np.full(target.shape, np.inf)
    return np.asarray(fit.required_log10_compute(target), dtype=float)


def _t(fit: Fit, level: float) -> float:
    return float(stats.t.ppf(0.5 + level / 2, df=max(fit.n - 2, 1)))


def delta_interval(fit: Fit, target_error, level: float = 0.95, prediction: bool = True):
    """Delta-method interval for ``x0 = (y0 − a)/b``: var = (σ²·[prediction] + Var(a + b·x0)) / b².

    Symmetric in log10 FLOP; understates the upper side far from the data (see :func:`inverse_interval`).
    Returns ``(lo, hi)`` arrays.
    """
    x0 = required_log10_flops(fit, target_error)
    cov = np.asarray(fit.cov, dtype=float)
    line_var = cov[0, 0] + 2 * x0 * cov[0, 1] + x0 ** 2 * cov[1, 1]
    var = (line_var + (fit.resid_var if prediction else 0.0)) / fit.slope ** 2
    half = _t(fit, level) * np.sqrt(var)
    return x0 - half, x0 + half


def inverse_interval(fit: Fit, target_error, level: float = 0.95, prediction: bool = True):
    """Inverse-regression (calibration, Fieller) interval for the compute at which error = target.

    The set of x with ``(y0 − a − b·x)² ≤ t²·(σ²·[prediction] + Var(a) + 2x·Cov(a,b) + x²·Var(b))``:
    the x values at which a model's response is statistically compatible with the target.
    It is a bounded interval only when the slope is significant at ``level`` (``b² > t²·Var(b)``);
    otherwise one side (or both) is infinite.  Always contains the point estimate.
    A fit with a slope ≤ 0 (error not falling with compute) gives ``(−inf, inf)``.
    """
    y0 = response(np.asarray(target_error, dtype=float), fit.form)
    if fit.slope <= 0:  # error does not fall with compute: no finite requirement, no bounds
        return np.full(np.shape(y0), -np.inf), np.full(np.shape(y0), np.inf)
    cov = np.asarray(fit.cov, dtype=float)
    t2 = _t(fit, level) ** 2
    s2 = fit.resid_var if prediction else 0.0
    b, d = fit.slope, y0 - fit.intercept
    qa = b ** 2 - t2 * cov[1, 1]
    qb = -2 * (b * d + t2 * cov[0, 1])
    qc = d ** 2 - t2 * (s2 + cov[0, 0])
    disc = qb ** 2 - 4 * qa * qc
    x0 = required_log10_flops(fit, target_error)
    lo = np.full(np.shape(d), -np.inf)
    hi = np.full(np.shape(d), np.inf)
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(np.where(disc > 0, disc, np.nan))
        r1 = (-qb - root) / (2 * qa)
        r2 = (-qb + root) / (2 * qa)
    small, large = np.fmin(r1, r2), np.fmax(r1, r2)
    if qa > 0:
        lo, hi = small, large
    elif np.all(np.isfinite(x0)):
        # the set is the two outer rays (or the whole line): keep the ray holding x0
        upper = np.isfinite(large) & (x0 >= large)
        lower = np.isfinite(small) & (x0 <= small)
        lo = np.where(upper, large, -np.inf)
        hi = np.where(lower, small, np.inf)
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


# --------------------------------------------------------------------------
# Bootstrap over models
# --------------------------------------------------------------------------


def default_refit(fit: Fit) -> Callable[[pd.DataFrame], Fit]:
    """Refit the same form on the same compute column (``fit_ols``) — what the package's main fits do."""
    return lambda df: fit_ols(df, fit.form, fit.compute)


def bootstrap_required(fit: Fit, data: pd.DataFrame, target_errors, n_boot: int, rng: np.random.Generator,
                       refit: Callable[[pd.DataFrame], Fit] | None = None, cluster: str | None = None,
                       level: float = 0.95, prediction: bool = True) -> pd.DataFrame:
    """Bootstrap distribution of the required compute at each target.

    Resamples the rows of ``data`` (or whole clusters, e.g. papers, when ``cluster`` names a column)
    with replacement, refits with ``refit`` (default: :func:`default_refit`), and inverts each refit.
    With ``prediction`` a residual of the refit (inflated by √(n/(n−2))) is added to the response, so
    the interval covers where a single model lands, like :func:`inverse_interval`.
    A refit whose slope is not positive never reaches a lower error: its draw is +inf.
    Replicates that cannot be fitted (too few distinct rows) are skipped and counted.

    Returns one row per target: ``target_error, boot_lo, boot_hi, boot_median, n_boot_ok, share_unreached``.
    """
    if n_boot < 1:
        raise ValueError("n_boot must be >= 1")
    refit = refit or default_refit(fit)
    rows = data[data["error"].notna() & data[fit.compute].notna()].reset_index(drop=True)
    targets = np.atleast_1d(np.asarray(target_errors, dtype=float))
    y0 = response(targets, fit.form)
    if cluster is not None and cluster in rows:
        keys = rows[cluster].astype(str).fillna("")
        groups = [np.flatnonzero(keys.to_numpy() == k) for k in pd.unique(keys)]
    else:
        groups = [np.array([i]) for i in range(len(rows))]
    draws = np.full((n_boot, len(targets)), np.nan)
    for r in range(n_boot):
        pick = rng.integers(0, len(groups), size=len(groups))
        idx = np.concatenate([groups[g] for g in pick])
        sample = rows.iloc[idx]
        if sample[fit.compute].nunique() < 3:
            continue
        try:
            boot = refit(sample)
        except (ValueError, np.linalg.LinAlgError):
            continue
        noise = 0.0
        if prediction:
            resid = boot.y - boot.predict_response(boot.log10_c)
            scale = math.sqrt(boot.n / max(boot.n - 2, 1))
            noise = rng.choice(resid, size=len(targets)) * scale
        if boot.slope <= 0:
            draws[r] = np.inf
        else:
            draws[r] = (y0 - boot.intercept - noise) / boot.slope
    ok = ~np.isnan(draws[:, 0])
    good = draws[ok]
    alpha = (1 - level) / 2
    out = pd.DataFrame({"target_error": targets})
    if len(good) == 0:
        out[["boot_lo", "boot_hi", "boot_median"]] = np.nan
    else:
        out["boot_lo"] = np.quantile(good, alpha, axis=0, method="inverted_cdf")
        out["boot_hi"] = np.quantile(good, 1 - alpha, axis=0, method="inverted_cdf")
        out["boot_median"] = np.quantile(good, 0.5, axis=0, method="inverted_cdf")
    out["n_boot_ok"] = int(ok.sum())
    out["share_unreached"] = np.isinf(good).mean(axis=0) if len(good) else np.nan
    return out


# --------------------------------------------------------------------------
# Projection tables
# --------------------------------------------------------------------------

PROJECTION_COLUMNS = [
    "benchmark", "sample", "form", "target_error", "is_today", "n", "slope", "r2",
    "log10_flops", "log10_flops_lo", "log10_flops_hi", "delta_lo", "delta_hi", "boot_lo", "boot_hi",
    "boot_median", "n_boot_ok", "share_unreached", "max_observed_log10_flops", "decades_beyond_data",
    "log10_gflops",
]


def project_fit(fit: Fit, targets, data: pd.DataFrame | None = None, n_boot: int = 0,
                rng: np.random.Generator | None = None, refit=None, cluster: str | None = None,
                level: float = 0.95, include_today: bool = True, **labels) -> pd.DataFrame:
    """Projection rows of one fit: "today" (its best error) and each target below it.

    ``log10_flops_lo/hi`` is the inverse-regression prediction interval; ``delta_*`` the delta-method
    one; ``boot_*`` the bootstrap one (when ``data`` and ``n_boot > 0`` are given).
    Targets at or above today's error are dropped (they are already reached).
    ``labels`` (e.g. ``benchmark=``, ``sample=``) become columns.
    """
    today = round(best_error(fit), 12)  # both forms give the same "today" despite float round trips
    wanted = sorted({float(t) for t in targets if float(t) < today}, reverse=True)
    errs = np.array(([today] if include_today else []) + wanted, dtype=float)
    x0 = required_log10_flops(fit, errs)
    lo, hi = inverse_interval(fit, errs, level)
    dlo, dhi = delta_interval(fit, errs, level)
    df = pd.DataFrame({
        "form": fit.form, "target_error": errs, "is_today": [include_today and i == 0 for i in range(len(errs))],
        "n": fit.n, "slope": fit.slope, "r2": fit.r2,
        "log10_flops": x0, "log10_flops_lo": lo, "log10_flops_hi": hi, "delta_lo": dlo, "delta_hi": dhi,
    })
    if data is not None and n_boot > 0:
        boot = bootstrap_required(fit, data, errs, n_boot, rng or np.random.default_rng(), refit, cluster, level)
        df = pd.concat([df, boot.drop(columns="target_error")], axis=1)
    else:
        df[["boot_lo", "boot_hi", "boot_median", "n_boot_ok", "share_unreached"]] = np.nan
    df["max_observed_log10_flops"] = float(np.max(fit.log10_c))
    df["decades_beyond_data"] = df["log10_flops"] - df["max_observed_log10_flops"]
    df["log10_gflops"] = df["log10_flops"] - 9
    for key, value in labels.items():
        df[key] = value
    for col in ("benchmark", "sample"):
        if col not in df:
            df[col] = fit.meta.get(col, "")
    return df[PROJECTION_COLUMNS]


def project(fits: dict, targets: dict, data: dict | None = None, n_boot: int = 0, seed: int = 0,
            refit_for: Callable[[Fit], Callable] | None = None, cluster: str | None = None,
            level: float = 0.95) -> pd.DataFrame:
    """Projection rows for many fits.

    ``fits``: ``{(benchmark, sample, form): Fit}``; ``targets``: ``{benchmark: [errors]}``;
    ``data``: ``{(benchmark, sample): DataFrame}`` the fits were made on (for the bootstrap);
    ``refit_for(fit)`` gives the refit callable of a fit (default :func:`default_refit`).
    Each fit's bootstrap draws come from its own generator spawned from ``seed`` (order-independent).
    """
    frames = []
    seeds = np.random.SeedSequence(seed).spawn(len(fits))
    for ss, ((bench, sample, form), fit) in zip(seeds, fits.items()):
        df_data = (data or {}).get((bench, sample))
        refit = (refit_for or default_refit)(fit)
        frames.append(project_fit(fit, targets.get(bench, ()), df_data, n_boot, np.random.default_rng(ss),
                                  refit, cluster, level, benchmark=bench, sample=sample))
    return pd.concat(frames, ignore_index=True)


def collect_fits(configs: dict, data_files: dict | None = None, samples=("all", "v1")):
    """The package's main fits (:func:`compute_limits.fits.benchmark_fits`) of every benchmark and sample.

    Returns ``(fits, data)``: ``{(benchmark, sample, form): Fit}`` and ``{(benchmark, sample): rows used}``.
    A sample with too few rows to fit is skipped.
    """
    from . import fits as fitmod

    out_fits, out_data = {}, {}
    for bench, config in configs.items():
        prepared = fitmod.prepared_data(bench, data_files, config)
        for sample in samples:
            try:
                main = fitmod.benchmark_fits(bench, data_files, sample, config, prepared)
            except ValueError:
                continue
            for form in FORMS:
                out_fits[(bench, sample, form)] = main[form]
            out_data[(bench, sample)] = main["rows"]
    return out_fits, out_data


# --------------------------------------------------------------------------
# Cost configuration
# --------------------------------------------------------------------------

VINTAGE_NUMBERS = ("peak_flops", "power_w", "price_usd_per_hour", "utilization", "pue", "grid_lbs_co2e_per_kwh")
VINTAGE_TEXT = ("label", "accelerator", "peak_precision", "price_date", "price_source")


@dataclass(frozen=True)
class Vintage:
    """A reference accelerator with its price, power and the grid it runs on."""

    id: str
    label: str
    accelerator: str
    peak_flops: float
    peak_precision: str
    power_w: float
    price_usd_per_hour: float
    price_date: str
    price_source: str
    utilization: float
    pue: float
    grid_lbs_co2e_per_kwh: float
    citations: tuple = ()

    @property
    def price_year(self) -> int:
        return int(str(self.price_date)[:4])

    def flop_per_chip_hour(self, basis: str = "peak") -> float:
        """FLOP per accelerator-hour: at peak (hardware burden) or achieved (network operations)."""
        if basis == "peak":
            return self.peak_flops * SECONDS_PER_HOUR
        if basis == "operations":
            return self.peak_flops * self.utilization * SECONDS_PER_HOUR
        raise ValueError(f"basis must be 'peak' or 'operations', got {basis!r}")

    def usd_per_flop(self, basis: str = "peak") -> float:
        return self.price_usd_per_hour / self.flop_per_chip_hour(basis)

    def kwh_per_flop(self, basis: str = "peak") -> float:
        return self.power_w / 1000.0 * self.pue / self.flop_per_chip_hour(basis)

    def lbs_per_flop(self, basis: str = "peak") -> float:
        return self.kwh_per_flop(basis) * self.grid_lbs_co2e_per_kwh

    def kg_per_flop(self, basis: str = "peak") -> float:
        return self.lbs_per_flop(basis) * LBS_TO_KG


@dataclass(frozen=True)
class CostConfig:
    vintages: dict
    default_vintage: str
    reference: dict = field(default_factory=dict)
    path: str = ""

    def vintage(self, vid: str | None = None) -> Vintage:
        vid = vid or self.default_vintage
        if vid not in self.vintages:
            raise ConfigError(f"unknown hardware vintage {vid!r}; known: {', '.join(self.vintages)}")
        return self.vintages[vid]


def _positive(value, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: key {key!r} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{where}: key {key!r} must be > 0, got {value!r}")
    return value


def load_costs(path: Path | str | None = None) -> CostConfig:
    """Read and validate ``data/costs.toml``.

    Raises :class:`ConfigError` naming the file, the vintage and the key for: a missing key, a number
    that is zero, negative, not finite or not a number, a PUE below 1, a price date that is not
    ``YYYY[-MM]``, an empty citation list, an unknown default vintage, a non-positive reference value.
    """
    path = Path(path or paths.COSTS_CONFIG)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path.name}: not valid TOML: {err}") from err
    vint_raw = raw.get("vintage")
    if not isinstance(vint_raw, dict) or not vint_raw:
        raise ConfigError(f"{path.name}: missing key 'vintage' (at least one [vintage.<id>] table)")
    vintages = {}
    for vid, entry in vint_raw.items():
        where = f"{path.name}: vintage {vid!r}"
        missing = [k for k in VINTAGE_NUMBERS + VINTAGE_TEXT + ("citations",) if k not in entry]
        if missing:
            raise ConfigError(f"{where} is missing key(s) {', '.join(repr(k) for k in missing)}")
        nums = {k: _positive(entry[k], where, k) for k in VINTAGE_NUMBERS}
        if nums["pue"] < 1:
            raise ConfigError(f"{where}: key 'pue' must be >= 1 (total power / IT power), got {nums['pue']!r}")
        for k in VINTAGE_TEXT:
            if not isinstance(entry[k], str) or not entry[k].strip():
                raise ConfigError(f"{where}: key {k!r} must be a non-empty string")
        if not (len(entry["price_date"]) >= 4 and entry["price_date"][:4].isdigit()):
            raise ConfigError(f"{where}: key 'price_date' must look like YYYY or YYYY-MM, got {entry['price_date']!r}")
        cites = entry["citations"]
        if not isinstance(cites, list) or not cites or not all(isinstance(c, str) and c for c in cites):
            raise ConfigError(f"{where}: key 'citations' must be a non-empty list of citation keys")
        vintages[vid] = Vintage(id=vid, **nums, **{k: entry[k] for k in VINTAGE_TEXT}, citations=tuple(cites))
    default = raw.get("default_vintage")
    if default is None:
        raise ConfigError(f"{path.name}: missing key 'default_vintage'")
    if default not in vintages:
        raise ConfigError(f"{path.name}: key 'default_vintage' names unknown vintage {default!r}")
    reference = raw.get("reference", {})
    for key in ("world_gdp_usd", "nyc_co2e_tonnes_per_year"):
        if key not in reference:
            raise ConfigError(f"{path.name}: [reference] is missing key {key!r}")
        _positive(reference[key], f"{path.name}: [reference]", key)
    return CostConfig(vintages=vintages, default_vintage=default, reference=reference, path=str(path))


def vintage_table(config: CostConfig, basis: str = "peak") -> pd.DataFrame:
    """One row per vintage: inputs and the derived USD, kWh, lbs and kg per GFLOP."""
    rows = []
    for v in config.vintages.values():
        rows.append({
            "vintage": v.id, "label": v.label, "accelerator": v.accelerator, "peak_precision": v.peak_precision,
            "peak_tflops": v.peak_flops / 1e12, "power_w": v.power_w, "price_usd_per_hour": v.price_usd_per_hour,
            "price_date": v.price_date, "pue": v.pue, "grid_lbs_co2e_per_kwh": v.grid_lbs_co2e_per_kwh,
            "utilization": v.utilization,
            "usd_per_gflop": v.usd_per_flop(basis) * 1e9, "kwh_per_gflop": v.kwh_per_flop(basis) * 1e9,
            "lbs_per_gflop": v.lbs_per_flop(basis) * 1e9, "kg_per_gflop": v.kg_per_flop(basis) * 1e9,
            "usd_per_gflop_achieved": v.usd_per_flop("operations") * 1e9,
        })
    return pd.DataFrame(rows)


def _pow10(x):
    with np.errstate(over="ignore"):
        return np.power(10.0, np.asarray(x, dtype=float))


def convert(log10_flops, vintage: Vintage, basis: str = "peak") -> dict:
    """Money, energy and CO2 of ``10**log10_flops`` FLOP on ``vintage`` (log10 values and plain values)."""
    x = np.asarray(log10_flops, dtype=float)
    out = {
        "log10_usd": x + math.log10(vintage.usd_per_flop(basis)),
        "log10_kwh": x + math.log10(vintage.kwh_per_flop(basis)),
        "log10_co2_lbs": x + math.log10(vintage.lbs_per_flop(basis)),
        "log10_co2_kg": x + math.log10(vintage.kg_per_flop(basis)),
        "log10_chip_hours": x - math.log10(vintage.flop_per_chip_hour(basis)),
    }
    out.update({k[len("log10_"):]: _pow10(v) for k, v in list(out.items())})
    return out


def add_costs(projections: pd.DataFrame, config: CostConfig, vintages=None, basis: str = "peak") -> pd.DataFrame:
    """Repeat ``projections`` for each hardware vintage with dollars, kWh and CO2 (point and interval)."""
    frames = []
    for vid in vintages or list(config.vintages):
        v = config.vintage(vid)
        df = projections.copy()
        df["hardware_vintage"] = vid
        df["price_year"] = v.price_year
        for suffix, col in (("", "log10_flops"), ("_lo", "log10_flops_lo"), ("_hi", "log10_flops_hi")):
            conv = convert(df[col], v, basis)
            for key in ("usd", "co2_lbs", "co2_kg"):
                df[key + suffix] = conv[key]
                df[f"log10_{key}{suffix}"] = conv[f"log10_{key}"]
            if suffix == "":
                df["kwh"] = conv["kwh"]
                df["chip_hours"] = conv["chip_hours"]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


CONTRACT_COLUMNS = ["benchmark", "target_error", "is_today", "form", "sample", "log10_flops", "log10_flops_lo",
                    "log10_flops_hi", "log10_gflops", "co2_lbs", "co2_kg", "usd", "hardware_vintage"]


def contract(costed: pd.DataFrame) -> pd.DataFrame:
    """The ``projections`` results table: one row per benchmark × target × form × sample × vintage.

    Contract columns (:data:`CONTRACT_COLUMNS`): ``benchmark``, ``target_error`` (fraction),
    ``is_today`` ("true" for the best error in the fit's data), ``form``, ``sample`` (all, v1),
    ``log10_flops`` and its 95% inverse-regression interval ``log10_flops_lo/hi`` (±inf = unbounded),
    ``log10_gflops``, ``co2_lbs``, ``co2_kg``, ``usd`` (point values; inf when they overflow a float),
    ``hardware_vintage`` (an id of ``data/costs.toml``).
    Then: ``delta_lo/hi`` (delta method), ``boot_lo/hi/median``, ``n_boot_ok``, ``share_unreached``
    (bootstrap), ``n``, ``slope``, ``r2``, ``max_observed_log10_flops``, ``decades_beyond_data``,
    ``log10_usd``/``log10_co2_lbs``/``log10_co2_kg`` with ``_lo``/``_hi``, ``usd_lo/hi``, ``co2_*_lo/hi``,
    ``kwh``, ``chip_hours``, ``price_year``.
    """
    rest = [c for c in costed.columns if c not in CONTRACT_COLUMNS]
    out = costed[CONTRACT_COLUMNS + rest].copy()
    out["is_today"] = out["is_today"].map({True: "true", False: "false"})
    return out


# --------------------------------------------------------------------------
# Years until affordable
# --------------------------------------------------------------------------


def years_to_affordable(log10_cost_usd, budget_usd: float = 1e8, compute_per_dollar_growth: float = 1.0,
                        spending_growth: float = 1.0, algorithmic_gain: float = 1.0):
    """Years until a run costing ``10**log10_cost_usd`` today fits a budget, if each year

    * compute per dollar multiplies by ``compute_per_dollar_growth`` (hardware and prices),
    * the budget multiplies by ``spending_growth``,
    * the compute needed divides by ``algorithmic_gain`` (algorithmic efficiency),

    i.e. ``t = log10(cost / budget) / log10(g_hw · g_spend · g_alg)``; 0 when already affordable,
    inf when the combined factor is ≤ 1 and the run is not affordable.
    """
    for name, g in (("compute_per_dollar_growth", compute_per_dollar_growth), ("spending_growth", spending_growth),
                    ("algorithmic_gain", algorithmic_gain), ("budget_usd", budget_usd)):
        if not g > 0:
            raise ValueError(f"{name} must be > 0, got {g!r}")
    gap = np.asarray(log10_cost_usd, dtype=float) - math.log10(budget_usd)
    rate = math.log10(compute_per_dollar_growth) + math.log10(spending_growth) + math.log10(algorithmic_gain)
    with np.errstate(divide="ignore", invalid="ignore"):
        years = np.where(gap <= 0, 0.0, np.where(rate > 0, gap / rate, np.inf))
    return years if np.ndim(years) else float(years)


def affordability(costed: pd.DataFrame, scenarios: dict, budget_usd: float = 1e8,
                  base_year: float | None = None, column: str = "log10_usd") -> pd.DataFrame:
    """Years (and calendar year) to affordability of each costed row under each scenario.

    ``scenarios``: ``{name: {"compute_per_dollar_growth": g, "spending_growth": s, "algorithmic_gain": a}}``
    (missing factors default to 1).  ``base_year`` defaults to each vintage's price year when a
    ``price_year`` column is present, else it must be given.
    """
    frames = []
    for name, kw in scenarios.items():
        df = costed.copy()
        df["scenario"] = name
        df["budget_usd"] = budget_usd
        df["years"] = years_to_affordable(df[column].to_numpy(), budget_usd, **kw)
        start = df["price_year"] if base_year is None and "price_year" in df else base_year
        if start is None:
            raise ValueError("base_year is required when the table has no price_year column")
        df["affordable_year"] = start + df["years"]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


# Published growth rates, for comparison with the rates fitted here.
PUBLISHED_GROWTH = {
    # amortised hardware + energy cost of training frontier models grew 2.4x a year (2016-2023), Cottier et al. 2024
    "frontier_cost_per_run": 2.4,
}


def historic_growth(epoch: pd.DataFrame, start: float = 2012.0, end: float | None = None,
                    notable_only: bool = True) -> dict:
    """Growth per year of compute per dollar and of the cost of a training run, from Epoch AI's table.

    Uses :func:`compute_limits.history.run_anatomy` (compute / cost in 2023 USD per run) and
    :func:`compute_limits.history.fit_trend` (log-linear OLS with CI).  Returns ``{name: Trend}``.
    """
    from . import history

    anatomy = history.run_anatomy(epoch)
    if notable_only and "notable" in anatomy:
        anatomy = anatomy[anatomy["notable"]]
    rows = history.window(anatomy, start, end)
    out = {}
    for name, col in (("compute_per_dollar", "flop_per_dollar"), ("cost_per_run", "cost")):
        sub = rows[rows[col].notna() & (rows[col] > 0)]
        out[name] = history.fit_trend(sub["year"], sub[col], name)
    return out


# --------------------------------------------------------------------------
# Reference points and the chart
# --------------------------------------------------------------------------


def reference_lines(config: CostConfig, epoch: pd.DataFrame, vintage: str | None = None) -> pd.DataFrame:
    """Things people know, as compute (log10 FLOP) on ``vintage``: the largest training run in Epoch's
    table, the compute one year of world GDP buys, and the compute whose CO2 equals a year of NYC's emissions."""
    v = config.vintage(vintage)
    ref = config.reference
    with_c = epoch[epoch["compute"].notna()]
    top = with_c.loc[with_c["compute"].idxmax()]
    rows = [
        {"reference": f"largest training run to date ({top['model']}, {top['date']:%Y-%m})",
         "log10_flops": math.log10(float(top["compute"])), "value": float(top["compute"]), "unit": "FLOP"},
        {"reference": f"world GDP for a year (${ref['world_gdp_usd'] / 1e12:.0f} trillion, {ref.get('world_gdp_year', '')})",
         "log10_flops": math.log10(ref["world_gdp_usd"]) - math.log10(v.usd_per_flop()),
         "value": float(ref["world_gdp_usd"]), "unit": "USD"},
        {"reference": f"New York City's CO2e for a year ({ref['nyc_co2e_tonnes_per_year'] / 1e6:.0f} Mt)",
         "log10_flops": math.log10(ref["nyc_co2e_tonnes_per_year"] * 1000) - math.log10(v.kg_per_flop()),
         "value": float(ref["nyc_co2e_tonnes_per_year"]), "unit": "t CO2e"},
    ]
    out = pd.DataFrame(rows)
    out["hardware_vintage"] = v.id
    return out


def _pct(x: float) -> str:
    return f"{100 * x:g}%"


def projection_chart(costed: pd.DataFrame, refs: pd.DataFrame, names: dict | None = None,
                     x_max: float = 60.0, x_min: float = 15.0) -> alt.LayerChart:
    """Projected compute (log10 FLOP) per benchmark and target, both forms, with interval error bars
    (clipped to the axis; unbounded ends drawn at the edge) and vertical reference lines."""
    names = names or {}
    df = costed.copy()
    df["benchmark_name"] = df["benchmark"].map(names).fillna(df["benchmark"])
    df["target"] = np.where(df["is_today"].astype(str).str.lower() == "true",
                            "today (" + df["target_error"].map(_pct) + ")", df["target_error"].map(_pct))
    df["row"] = df["benchmark_name"] + ": " + df["target"]
    df["x"] = df["log10_flops"].clip(x_min, x_max)
    df["position"] = np.where(df["log10_flops"] > x_max, "beyond the axis", "on the axis")
    df["x_lo"] = df["log10_flops_lo"].clip(x_min, x_max)
    df["x_hi"] = df["log10_flops_hi"].clip(x_min, x_max)

    def _fmt(v):
        return "unbounded" if not np.isfinite(v) else f"10^{v:.1f}"

    df["compute_text"] = df["log10_flops"].map(_fmt)
    df["interval_text"] = "[" + df["log10_flops_lo"].map(_fmt) + ", " + df["log10_flops_hi"].map(_fmt) + "]"
    df["usd_text"] = df["log10_usd"].map(lambda v: f"${'10^' + format(v, '.1f') if np.isfinite(v) else 'unbounded'}")
    df["co2_text"] = df["log10_co2_kg"].map(lambda v: f"10^{v:.1f} kg" if np.isfinite(v) else "unbounded")
    order = list(dict.fromkeys(df["row"]))
    df = df[["row", "benchmark_name", "target", "form", "position", "x", "x_lo", "x_hi", "compute_text", "interval_text",
             "usd_text", "co2_text"]]
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    yoff = alt.YOffset("form:N", scale=alt.Scale(domain=list(FORMS)))
    xs = alt.Scale(domain=[x_min, x_max], clamp=True)
    color = alt.Color("form:N", title="Model", scale=alt.Scale(domain=list(FORMS), range=charts.PALETTE[:2]))
    tooltip = [alt.Tooltip("benchmark_name:N", title="Benchmark"), alt.Tooltip("target:N", title="Target error"),
               alt.Tooltip("form:N", title="Model"), alt.Tooltip("compute_text:N", title="Compute (FLOP)"),
               alt.Tooltip("interval_text:N", title="95% interval"), alt.Tooltip("usd_text:N", title="Cost"),
               alt.Tooltip("co2_text:N", title="CO2")]
    bars = alt.Chart(df).mark_rule(strokeWidth=1.5).encode(
        y=y, yOffset=yoff, x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", color=color, tooltip=tooltip)
    shape = alt.Shape("position:N", title="Point", scale=alt.Scale(domain=["on the axis", "beyond the axis"],
                                                                   range=["circle", "triangle-right"]))
    pts = alt.Chart(df).mark_point(filled=True, size=40).encode(
        y=y, yOffset=yoff, color=color, shape=shape, tooltip=tooltip,
        x=alt.X("x:Q", scale=xs, title="Training compute needed (FLOP, log scale)",
                axis=alt.Axis(labelExpr="'1e' + datum.value", tickMinStep=5)))
    r = refs.assign(x=refs["log10_flops"].clip(x_min, x_max),
                    value_text=refs["log10_flops"].map(lambda v: f"10^{v:.1f} FLOP"))
    rules = alt.Chart(r).mark_rule(strokeDash=[6, 3], strokeWidth=1.5).encode(
        x=alt.X("x:Q", scale=xs),
        strokeDash=alt.StrokeDash("reference:N", title="Reference", legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=480)),
        tooltip=[alt.Tooltip("reference:N", title="Reference"), alt.Tooltip("value_text:N", title="Equivalent compute")])
    return (rules + bars + pts).properties(width=charts.WIDTH - 60, height=alt.Step(22))


# --------------------------------------------------------------------------
# Display helpers (formatting only)
# --------------------------------------------------------------------------


def fmt_pow10(v: float, digits: int = 1) -> str:
    """``10^x`` as text, "unbounded"/"—" for infinities/NaN."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"10^{v:.{digits}f}"


def fmt_interval(lo: float, hi: float, digits: int = 1) -> str:
    return f"[{fmt_pow10(lo, digits)}, {fmt_pow10(hi, digits)}]"


def paper_table(costed: pd.DataFrame, names: dict | None = None) -> pd.DataFrame:
    """The v1 table's layout: one row per benchmark × target, for each model the compute in GFLOPs
    (with its 95% interval), CO2 in lbs and cost in USD, as powers of ten."""
    names = names or {}
    rows = []
    for (bench, err, today), grp in costed.groupby(["benchmark", "target_error", "is_today"], sort=False):
        row = {"Benchmark": names.get(bench, bench),
               "Error": ("today " if str(today).lower() == "true" else "") + _pct(err)}
        for form in FORMS:
            g = grp[grp["form"] == form]
            if g.empty:
                continue
            r = g.iloc[0]
            short = "Poly." if form == "polynomial" else "Exp."
            row[f"{short} GFLOPs [95% interval]"] = (fmt_pow10(r["log10_gflops"]) + " "
                                                     + fmt_interval(r["log10_flops_lo"] - 9, r["log10_flops_hi"] - 9))
            row[f"{short} CO2 (lbs)"] = fmt_pow10(r["log10_co2_lbs"])
            row[f"{short} cost (USD)"] = fmt_pow10(r["log10_usd"])
        rows.append(row)
    return pd.DataFrame(rows)


def interval_table(costed: pd.DataFrame, benchmark: str, sample: str = "all") -> pd.DataFrame:
    """The three 95% intervals (log10 FLOP) of one benchmark's projections, and how far they extrapolate."""
    df = costed[(costed["benchmark"] == benchmark) & (costed["sample"] == sample)]
    df = df.drop_duplicates(["form", "target_error"])
    return pd.DataFrame({
        "Model": df["form"],
        "Error": [("today " if str(t).lower() == "true" else "") + _pct(e) for e, t in zip(df["target_error"], df["is_today"])],
        "Compute (FLOP)": df["log10_flops"].map(fmt_pow10),
        "Decades beyond the data": df["decades_beyond_data"].map(lambda v: f"{max(v, 0):.1f}"),
        "Inverse regression": [fmt_interval(a, b) for a, b in zip(df["log10_flops_lo"], df["log10_flops_hi"])],
        "Delta method": [fmt_interval(a, b) for a, b in zip(df["delta_lo"], df["delta_hi"])],
        "Bootstrap": [fmt_interval(a, b) for a, b in zip(df["boot_lo"], df["boot_hi"])],
        "Width (decades)": (df["log10_flops_hi"] - df["log10_flops_lo"]).map(
            lambda v: f"{v:.1f}" if np.isfinite(v) else "unbounded"),
    })


def lookup(costed: pd.DataFrame, benchmark: str, sample: str, form: str, vintage: str,
           target_error: float | None = None, today: bool = False) -> pd.Series:
    """One projection row (``today`` or the row of ``target_error``)."""
    df = costed[(costed["benchmark"] == benchmark) & (costed["sample"] == sample) & (costed["form"] == form)
                & (costed["hardware_vintage"] == vintage)]
    flag = df["is_today"].astype(str).str.lower() == "true"
    df = df[flag] if today else df[~flag & np.isclose(df["target_error"], target_error)]
    if df.empty:
        raise KeyError(f"no projection for {benchmark}/{sample}/{form}/{vintage} at {'today' if today else target_error}")
    return df.iloc[0]


def v1_comparison(costed: pd.DataFrame, config: CostConfig, vintage: str = "v100_2019",
                  benchmark: str = "imagenet") -> pd.DataFrame:
    """v1's published ImageNet row and IEEE Spectrum's figures next to this book's projections from the
    models published before July 2020 (both forms) and from all models (polynomial), all costed on ``vintage``."""
    v1 = config.reference.get("v1_imagenet", {})
    sp = config.reference.get("spectrum_imagenet", {})
    nyc_month_lbs = config.reference["nyc_co2e_tonnes_per_year"] * 1000 / LBS_TO_KG / 12
    rows = []
    for label, err, today in (("today", None, True), ("5%", 0.05, False), ("1%", 0.01, False)):
        book = {key: lookup(costed, benchmark, s, f, vintage, err, today)
                for key, s, f in (("v1_poly", "v1", "polynomial"), ("v1_exp", "v1", "exponential"),
                                  ("all_poly", "all", "polynomial"))}
        published = {"today": (v1.get("today_log10_gflops"), v1.get("today_log10_usd"), None),
                     "5%": (v1.get("error_5_log10_gflops"), None, None),
                     "1%": (v1.get("error_1_log10_gflops"), v1.get("error_1_log10_usd"), None)}[label]
        spectrum = (None, None, None)
        if label == "5%" and sp:
            spectrum = (sp["log10_flops"] - 9, math.log10(sp["usd"]),
                        math.log10(sp["nyc_months_of_co2"] * nyc_month_lbs))
        for i, (quantity, col) in enumerate((("GFLOPs", "log10_gflops"), ("USD", "log10_usd"),
                                             ("CO2 (lbs)", "log10_co2_lbs"))):
            err_text = f"today ({_pct(book['v1_poly']['target_error'])})" if today else label
            rows.append({
                "Error": err_text, "Quantity": quantity,
                "v1 published": fmt_pow10(published[i]) if published[i] is not None else "—",
                "Spectrum 2021": fmt_pow10(spectrum[i]) if spectrum[i] is not None else "—",
                "Book, pre-July-2020 models, poly.": fmt_pow10(book["v1_poly"][col]),
                "Book, pre-July-2020 models, exp.": fmt_pow10(book["v1_exp"][col]),
                "Book, all models, poly.": fmt_pow10(book["all_poly"][col])
                + (f" (at {_pct(book['all_poly']['target_error'])})" if today else ""),
            })
    return pd.DataFrame(rows)


def v1_inside_intervals(costed: pd.DataFrame, config: CostConfig, benchmark: str = "imagenet") -> bool:
    """Whether each compute figure v1 published for ImageNet lies inside the book's interval
    (models published before July 2020, polynomial)."""
    v1 = config.reference.get("v1_imagenet", {})
    checks = []
    for key, err, today in (("today_log10_gflops", None, True), ("error_5_log10_gflops", 0.05, False),
                            ("error_1_log10_gflops", 0.01, False)):
        if key not in v1:
            continue
        r = lookup(costed, benchmark, "v1", "polynomial", costed["hardware_vintage"].iloc[0], err, today)
        checks.append(r["log10_flops_lo"] - 9 <= v1[key] <= r["log10_flops_hi"] - 9)
    return bool(checks) and all(checks)


def sensitivity_table(costed: pd.DataFrame, config: CostConfig, benchmark: str, target_error: float,
                      sample: str = "all") -> pd.DataFrame:
    """Cost and CO2 of one projection (both forms) under every hardware vintage."""
    rows = []
    for v in config.vintages.values():
        row = {"Vintage": v.label, "Price": f"${v.price_usd_per_hour:g}/h ({v.price_date})",
               "USD per GFLOP": f"{v.usd_per_flop() * 1e9:.2g}", "lbs CO2 per GFLOP": f"{v.lbs_per_flop() * 1e9:.2g}"}
        for form in FORMS:
            r = lookup(costed, benchmark, sample, form, v.id, target_error)
            short = "poly." if form == "polynomial" else "exp."
            row[f"Cost, {short}"] = fmt_pow10(r["log10_usd"])
            row[f"CO2 kg, {short}"] = fmt_pow10(r["log10_co2_kg"])
        rows.append(row)
    return pd.DataFrame(rows)


def affordability_table(afford: pd.DataFrame, names: dict | None = None) -> pd.DataFrame:
    """Wide display of :func:`affordability` output: one row per benchmark × target × model."""
    names = names or {}
    df = afford.copy()
    df["Error"] = [("today " if str(t).lower() == "true" else "") + _pct(e)
                   for e, t in zip(df["target_error"], df["is_today"])]
    df["year_text"] = [("now" if y == 0 else ("never" if not np.isfinite(y) else f"{a:.0f}"))
                       for y, a in zip(df["years"], df["affordable_year"])]
    keys = ["benchmark", "Error", "form"]
    first = df[df["scenario"] == df["scenario"].iloc[0]]
    wide = first[keys + ["log10_usd"]].reset_index(drop=True)
    scen = list(dict.fromkeys(df["scenario"]))
    for name in scen:
        wide[name] = df[df["scenario"] == name]["year_text"].to_numpy()
    wide.insert(0, "Benchmark", wide.pop("benchmark").map(lambda b: names.get(b, b)))
    wide = wide.rename(columns={"form": "Model"})
    wide["Cost today"] = wide.pop("log10_usd").map(lambda v: "$" + fmt_pow10(v))
    return wide[["Benchmark", "Error", "Model", "Cost today"] + scen]
