"""Future compute: invert each benchmark's fitted lines for the compute at which they reach lower error
rates, with intervals that carry every uncertainty the book can measure.

* :func:`fit_all`: the main fits of every benchmark and sample (:mod:`compute_limits.analysis.benchmarks`), the form the book's
  verdict rule prefers (:func:`~compute_limits.stats.compare.form_verdict`; the paper's polynomial form
  where the data do not decide), today's best error and the targets still below it.  The v1 sample's
  compute is consolidated with a conversion fitted only on models published before July 2020.
* :func:`conversion_cov`: how uncertain the conversion regression (which imputes the hardware burden of
  most ImageNet and MS COCO models) makes the fit's coefficients (delta method).
* :func:`project`: one row per benchmark, sample, form and target: the compute, its calibration interval
  (where a single model reaching the target would lie; conversion included), the interval for the line
  itself, the delta-method and bootstrap intervals, and whether the projection is estimable.
* :func:`at_targets`: the same for arbitrary targets of one fit (the paper's, the calculator's).
* :func:`precision_variants`: the fits and the first projection with TPU rows (counted at their 16-bit
  peak, while GPU rows are counted at FP32 peak) set aside, or put on an FP32-equivalent scale.
* :func:`with_floors`, :func:`target_floor`: whether a target lies below its benchmark's error floor
  (``data/benchmarks.toml``): as columns of a results table, and as flags for the sentence that names it.
* :func:`affordability`: the year each projection fits a budget if compute per dollar keeps growing, with
  a Fieller interval that carries both the calibration interval of the compute and the uncertainty of the
  growth rate.

DataFrames in, dataclasses and DataFrames out; no file is read here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import BenchmarkConfig
from ..quantities import Answer, Count, Share
from ..stats import compare, forms
from ..stats.bootstrap import bootstrap_required
from ..stats.intervals import (delta_interval, fieller, inverse_interval, projection_estimable, required_log10_flops,
                               t_quantile)
from ..stats.regression import Fit
from . import benchmarks as bm
from .compute_measures import Conversion

PAPER_FORM = forms.PAPER_FORM  # the paper's form: the headlines use it where the data do not decide
CLUSTER = "paper_link"  # the bootstrap resamples papers: all models of a paper enter or leave together


def form_for_headlines(verdict: str) -> str:
    """The form the book's headlines use: the one the form verdict picks (AIC and leave-one-out error
    agreeing, :func:`compute_limits.stats.compare.compare_forms`), else the paper's."""
    return verdict if verdict in forms.FORMS else PAPER_FORM


@dataclass
class BenchmarkFits:
    """One benchmark and sample: its main fits, the form verdict and the targets."""

    config: BenchmarkConfig
    model_set: str  # "all" or "v1": which models the fits use
    main: bm.MainFits
    comparison: dict  # stats.compare.compare_forms
    verdict: str  # polynomial, exponential or neither (the data do not decide)
    today: float  # today's best error: the lowest of any model of the sample with a score (benchmarks.best_error)
    targets: tuple[float, ...]  # effective targets (below today)
    conversion_cov: dict[str, np.ndarray]  # per form: covariance the conversion adds to (a, b)

    @property
    def headline_form(self) -> str:
        return form_for_headlines(self.verdict)

    @property
    def conversion(self) -> Conversion | None:
        return self.main.conversion

    @property
    def converted(self) -> np.ndarray:
        """Which fitted rows have an imputed (converted) burden."""
        return converted_rows(self.main)

    @property
    def conversion_in_interval(self) -> bool:
        return bool(self.converted.any() and self.conversion is not None and np.isfinite(self.conversion.cov).all())

    def fit(self, form: str) -> Fit:
        return self.main.fit(form)


def fit_all(tables: dict[str, pd.DataFrame], configs: dict[str, BenchmarkConfig],
            samples=bm.SAMPLES, level: float = 0.95) -> dict[tuple[str, str], BenchmarkFits]:
    """``{(benchmark, sample): BenchmarkFits}`` for every benchmark and sample with enough rows; the form
    verdict needs the preferred form's slope to be estimable at ``level``."""
    out = {}
    for bid, cfg in configs.items():
        prepared = bm.prepare(tables, cfg)  # the v1 sample with its own, pre-July-2020 conversion
        for sample in samples:
            main = bm.main_fits(prepared, sample)
            if main is None:
                continue
            comparison = compare.compare_forms(main.fits, level)
            today = main.today  # the lowest error of any model of the sample with a score
            bf = BenchmarkFits(cfg, sample, main, comparison, comparison["verdict"], today,
                               cfg.effective_targets(today), {})
            bf.conversion_cov = {f: conversion_cov(bf.fit(f), bf) for f in forms.FORMS}
            out[(bid, sample)] = bf
    return out


# --------------------------------------------------------------------------
# The conversion regression's uncertainty
# --------------------------------------------------------------------------


def converted_rows(main: bm.MainFits) -> np.ndarray:
    """Which rows of ``main``'s fits have an imputed (converted) burden."""
    src = main.rows.get("consolidated_source")
    if src is None or main.compute != "consolidated_hardware_burden":
        return np.zeros(len(main.rows), dtype=bool)
    return (src == "converted").to_numpy()


def _converted_log10_net(bf: BenchmarkFits) -> np.ndarray:
    return np.log10(bf.main.rows["network_operations"].to_numpy(dtype=float))


def conversion_cov(fit: Fit, bf: BenchmarkFits | bm.MainFits) -> np.ndarray:
    """Covariance that the conversion's coefficient uncertainty adds to the fit's (intercept, slope).

    A converted row's log10 compute is ``c0 + c1·log10(network operations)``; the fit's coefficients are a
    smooth function of (c0, c1), so by the delta method they gain ``J Σc Jᵀ`` with
    ``J = ∂β/∂c = (XᵀX)⁻¹ (∂Xᵀe − Xᵀ ∂x β₁)``.  (The conversion's residual scatter is not added: a
    converted value is the line's prediction, a Berkson error that the fit's residual variance absorbs.)
    Zero when no fitted row is converted.  ``bf``: a benchmark's fits (:class:`BenchmarkFits`, or the
    :class:`~compute_limits.analysis.benchmarks.MainFits` they hold, as the out-of-sample test passes).
    """
    main = bf.main if isinstance(bf, BenchmarkFits) else bf
    conv = main.conversion
    mask = converted_rows(main)
    if conv is None or not mask.any() or not np.isfinite(conv.cov).all():
        return np.zeros((2, 2))
    x = fit.log10_c
    X = np.column_stack([np.ones_like(x), x])
    e = fit.residuals()
    inv = np.linalg.inv(X.T @ X)
    net = np.where(mask, np.log10(main.rows["network_operations"].to_numpy(dtype=float)), 0.0)
    J = np.empty((2, 2))
    for j, dx in enumerate((mask.astype(float), net)):
        J[:, j] = inv @ (np.array([0.0, dx @ e]) - X.T @ (dx * fit.slope))
    return J @ np.asarray(conv.cov) @ J.T


def conversion_draws(bf: BenchmarkFits, n_boot: int, rng: np.random.Generator) -> np.ndarray | None:
    """``n_boot × rows`` log10 compute with the conversion's coefficients drawn from their sampling
    distribution per replicate (measured rows unchanged); ``None`` when no row is converted."""
    if not bf.conversion_in_interval:
        return None
    conv = bf.conversion
    coefs = rng.multivariate_normal([conv.intercept, conv.slope], conv.cov, size=n_boot)
    x = np.log10(bf.main.rows[bf.main.compute].to_numpy(dtype=float))
    net = _converted_log10_net(bf)
    draws = np.broadcast_to(x, (n_boot, len(x))).copy()
    mask = bf.converted
    draws[:, mask] = coefs[:, [0]] + coefs[:, [1]] * net[mask][None, :]
    return draws


# --------------------------------------------------------------------------
# Projections
# --------------------------------------------------------------------------

PROJECTION_COLUMNS = [
    "benchmark", "metric", "model_set", "form", "preferred", "target_error", "is_today", "n", "slope", "r2",
    "log10_flops", "log10_flops_lo", "log10_flops_hi", "estimable", "level", "conversion_in_interval",
    "lo_without_conversion", "hi_without_conversion", "line_lo", "line_hi", "delta_lo", "delta_hi",
    "boot_lo", "boot_hi", "boot_median", "n_boot_ok", "share_unreached", "max_observed_log10_flops",
    "decades_beyond_data", "log10_gflops", "floor_error", "below_floor",
]


def at_targets(bf: BenchmarkFits, form: str, targets, level: float = 0.95) -> pd.DataFrame:
    """Point and parametric intervals (log10 FLOP) of ``form``'s fit at ``targets`` (error fractions).

    ``log10_flops_lo/hi``: the calibration interval (Fieller, residual variance included: where the compute
    of a single model reaching the target lies), with the conversion's uncertainty where compute is
    imputed; ``line_lo/hi``: the same for the fitted line (no residual variance); ``*_without_conversion``:
    the calibration interval the fit alone gives; ``delta_*``: the delta-method calibration interval.
    """
    fit = bf.fit(form)
    full = dataclasses.replace(fit, cov=np.asarray(fit.cov) + bf.conversion_cov[form])
    errs = np.atleast_1d(np.asarray(targets, dtype=float))
    lo, hi = inverse_interval(full, errs, level)
    line_lo, line_hi = inverse_interval(full, errs, level, prediction=False)
    own_lo, own_hi = inverse_interval(fit, errs, level)
    dlo, dhi = delta_interval(full, errs, level)
    return pd.DataFrame({
        "target_error": errs, "log10_flops": required_log10_flops(fit, errs),
        "log10_flops_lo": lo, "log10_flops_hi": hi, "estimable": projection_estimable(lo, hi),
        "lo_without_conversion": own_lo, "hi_without_conversion": own_hi,
        "line_lo": line_lo, "line_hi": line_hi, "delta_lo": dlo, "delta_hi": dhi,
    })


def project_one(bf: BenchmarkFits, form: str, level: float = 0.95, n_boot: int = 0,
                rng: np.random.Generator | None = None) -> pd.DataFrame:
    """Projection rows of one fit: today's best error and each effective target."""
    fit = bf.fit(form)
    errs = np.array((bf.today,) + tuple(bf.targets), dtype=float)
    df = at_targets(bf, form, errs, level)
    df.insert(0, "is_today", np.arange(len(errs)) == 0)
    if n_boot > 0:
        rng = rng or np.random.default_rng()
        x_draws = conversion_draws(bf, n_boot, rng)
        boot = bootstrap_required(fit, bf.main.rows, errs, n_boot, rng, cluster=CLUSTER, level=level,
                                  x_draws=x_draws)
        df = pd.concat([df, boot.drop(columns="target_error")], axis=1)
    else:
        df[["boot_lo", "boot_hi", "boot_median", "n_boot_ok", "share_unreached"]] = np.nan
    df["max_observed_log10_flops"] = float(np.max(fit.log10_c))
    df["decades_beyond_data"] = df["log10_flops"] - df["max_observed_log10_flops"]
    df["log10_gflops"] = df["log10_flops"] - 9
    df = df.assign(benchmark=bf.config.id, metric=bf.config.metric, model_set=bf.model_set, form=form,
                   preferred=form == bf.headline_form, n=fit.n, slope=fit.slope, r2=fit.r2, level=level,
                   conversion_in_interval=bf.conversion_in_interval)
    return with_floors(df, {bf.config.id: bf.config})[PROJECTION_COLUMNS]


def project(fitset: dict[tuple[str, str], BenchmarkFits], level: float = 0.95, n_boot: int = 0,
            seed: int = 0) -> pd.DataFrame:
    """Projection rows of every fit; each fit's bootstrap draws come from its own generator spawned from
    ``seed`` in a fixed order (benchmark, sample, form), so adding a benchmark does not change the others'."""
    frames = []
    keys = [(b, s, f) for (b, s) in fitset for f in forms.FORMS]
    seeds = np.random.SeedSequence(seed).spawn(len(keys))
    for ss, (b, s, f) in zip(seeds, keys):
        frames.append(project_one(fitset[(b, s)], f, level, n_boot, np.random.default_rng(ss)))
    out = pd.concat(frames, ignore_index=True)
    for col in ("is_today", "estimable", "preferred", "conversion_in_interval", "below_floor"):
        out[col] = out[col].astype(bool)
    return out


def lookup(table: pd.DataFrame, benchmark: str, sample: str, form: str, target_error: float | None = None,
           today: bool = False, **match) -> pd.Series:
    """The one row of ``table`` for a benchmark, sample, form and target (or today's row)."""
    sel = (table["benchmark"] == benchmark) & (table["model_set"] == sample) & (table["form"] == form)
    sel &= table["is_today"] if today else (~table["is_today"] & np.isclose(table["target_error"], target_error))
    for col, value in match.items():
        sel &= table[col] == value
    rows = table[sel]
    if len(rows) != 1:
        what = "today" if today else target_error
        raise KeyError(f"{len(rows)} projection rows for {benchmark}/{sample}/{form} at {what} {match or ''}")
    return rows.iloc[0]


# --------------------------------------------------------------------------
# Mixed precision: TPU rows at 16-bit peak, GPU rows at FP32 peak
# --------------------------------------------------------------------------

VARIANTS = ("recorded", "tpu_set_aside", "tpu_fp32_equivalent")


def tpu_rows(df: pd.DataFrame) -> pd.Series:
    """Models trained on TPUs (whose burden the data count at the TPU's bfloat16 peak)."""
    flag = pd.Series(False, index=df.index)
    if "training_tpu_model" in df:
        flag |= df["training_tpu_model"].notna() & (df["training_tpu_model"].astype(str).str.strip() != "")
    for col in ("training_tpu_amount", "training_tpu_ptp_gflops"):
        if col in df:
            flag |= df[col].fillna(0) > 0
    return flag


def tpu_burden(df: pd.DataFrame) -> pd.Series:
    """The part of each recorded hardware burden counted on TPUs (all of it for a TPU-only row)."""
    parts = {}
    for chip in ("gpu", "tpu", "cpu"):
        amount, peak = f"training_{chip}_amount", f"training_{chip}_ptp_gflops"
        if amount in df and peak in df:
            parts[chip] = (df[amount] * df[peak] * 1e9 * df["training_time_total_sec"]).fillna(0.0)
    other = sum((p for c, p in parts.items() if c != "tpu"), pd.Series(0.0, index=df.index))
    tpu = parts.get("tpu", pd.Series(0.0, index=df.index))
    only_tpu = tpu_rows(df) & (other == 0)
    return pd.Series(np.where(only_tpu, df["hardware_burden"], np.minimum(tpu, df["hardware_burden"])),
                     index=df.index).fillna(0.0)


def with_variant(df: pd.DataFrame, variant: str, factor: float) -> pd.DataFrame:
    """``df`` with its TPU rows set aside, or their TPU burden divided by ``factor`` (16-bit to FP32)."""
    if variant == "recorded":
        return df
    if variant == "tpu_set_aside":
        return df[~tpu_rows(df)]
    if variant == "tpu_fp32_equivalent":
        out = df.copy()
        out["hardware_burden"] = df["hardware_burden"] - tpu_burden(df) * (1.0 - 1.0 / factor)
        return out
    raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")


PRECISION_COLUMNS = ["benchmark", "metric", "model_set", "variant", "form", "n", "n_tpu", "slope", "r2", "target_error",
                     "log10_flops", "log10_flops_lo", "log10_flops_hi", "estimable", "level"]


def precision_variants(tables: dict[str, pd.DataFrame], fitset: dict[tuple[str, str], BenchmarkFits],
                       factor: float, level: float = 0.95, sample: str = "all") -> pd.DataFrame:
    """For each benchmark, both forms, refitted on each of :data:`VARIANTS` (the conversion refitted too),
    and projected to the benchmark's first target (calibration interval; conversion included)."""
    rows = []
    for variant in VARIANTS:
        changed = {b: with_variant(t, variant, factor) for b, t in tables.items()}
        for (bid, s), base in fitset.items():
            if s != sample or not base.targets:
                continue
            main = bm.main_fits(bm.prepare(changed, base.config), sample)
            if main is None:
                continue
            bf = BenchmarkFits(base.config, sample, main, base.comparison, base.verdict, base.today, base.targets, {})
            for form in forms.FORMS:
                bf.conversion_cov[form] = conversion_cov(bf.fit(form), bf)
            for form in forms.FORMS:
                fit = bf.fit(form)
                at = at_targets(bf, form, [base.targets[0]], level).iloc[0]
                rows.append({"benchmark": bid, "metric": base.config.metric, "model_set": sample, "variant": variant,
                             "form": form, "n": fit.n, "n_tpu": int(tpu_rows(base.main.rows).sum()), "slope": fit.slope,
                             "r2": fit.r2, "target_error": base.targets[0], "log10_flops": at["log10_flops"],
                             "log10_flops_lo": at["log10_flops_lo"], "log10_flops_hi": at["log10_flops_hi"],
                             "estimable": bool(at["estimable"]), "level": level})
    return pd.DataFrame(rows, columns=PRECISION_COLUMNS)


# --------------------------------------------------------------------------
# Targets below an error floor
# --------------------------------------------------------------------------


def with_floors(rows: pd.DataFrame, configs: dict[str, BenchmarkConfig]) -> pd.DataFrame:
    """``rows`` (with ``benchmark``, ``metric`` and ``target_error``) with ``floor_error``, the floor under the
    error of the row's benchmark and metric (NaN where ``benchmarks.toml`` gives none), and ``below_floor``,
    whether the row's target lies below it."""
    def floor(b, m) -> float:
        cfg = configs.get(b)
        f = cfg.metrics[m].floor if cfg is not None and m in cfg.metrics else None
        return f.error if f is not None else np.nan

    floors = np.array([floor(b, m) for b, m in zip(rows["benchmark"], rows["metric"])], dtype=float)
    targets = rows["target_error"].to_numpy(dtype=float)
    return rows.assign(floor_error=floors, below_floor=np.isfinite(floors) & (targets < floors))


@dataclass
class Drawn:
    """What a chart of one benchmark's projections draws: each form's projection to today's error and each
    target, those estimable by the book's one rule (:func:`~compute_limits.stats.intervals.projection_estimable`);
    the others are left out, and the caption says how many."""

    n_drawn: Count
    n_hidden: Count  # not estimable: not drawn


def drawn(table: pd.DataFrame, benchmark: str, model_set: str = "all") -> Drawn:
    """:class:`Drawn` for ``benchmark``'s projections of ``model_set`` in ``table`` (projection rows, any vintage)."""
    rows = table[(table["benchmark"] == benchmark) & (table["model_set"] == model_set)]
    ok = rows.drop_duplicates(["form", "target_error"])["estimable"].astype(bool)
    return Drawn(int(ok.sum()), int((~ok).sum()))


@dataclass
class TargetFloor:
    """How the first and last target a sentence names stand to the benchmark's error floor."""

    has_floor: bool
    floor: Share  # NaN without one
    first_below: bool  # the first target lies below the floor (and so does every lower one)
    only_last_below: bool  # the last target does, the first does not
    answers: dict = field(default_factory=dict, repr=False)  # the floor is data (benchmarks.toml), one text everywhere


def target_floor(config: BenchmarkConfig, first: float, last: float | None = None) -> TargetFloor:
    last = first if last is None else last
    f = config.floor
    first_below, last_below = config.below_floor(first), config.below_floor(last)
    return TargetFloor(f is not None, f.error if f is not None else np.nan, first_below,
                       last_below and not first_below,
                       answers={"floor": Answer(f"data:floor:{config.id}/{config.metric}")})
# When a projection becomes affordable, with the uncertainty of the growth rate
# --------------------------------------------------------------------------

AFFORDABILITY_COLUMNS = ["benchmark", "metric", "target_error", "is_today", "form", "model_set", "hardware_vintage",
                         "log10_usd", "log10_usd_lo", "log10_usd_hi", "scenario", "budget_usd", "years", "years_lo",
                         "years_hi", "affordable_year", "affordable_year_lo", "affordable_year_hi", "estimable",
                         "level", "floor_error", "below_floor"]


def affordable_years(bf: BenchmarkFits, form: str, targets, w: float, rate: float, rate_se: float,
                     level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Years T until a model reaching each target fits the budget, if its cost falls by ``rate`` log10 a year.

    With the fit ``y = a + b·x`` (compute x in log10 FLOP, y the form's response of the target), the cost in
    log10 USD is ``x + u`` and the budget ``B``: T = (x0 + u − log10 B)/h = N/D with N = y0 − a + b·w,
    D = b·h and w = u − log10 B.  The interval is Fieller's for N/D: N carries the fit's covariance (with the
    conversion's) and the residual variance, so it is the calibration interval of a single model's cost,
    and D carries the slope's variance and the rate's (independent: fitted on other data), so the date
    carries the uncertainty of the growth rate too.  T is clipped at zero (affordable now); where the slope
    or the rate is not positive the date is never, and not estimable.
    """
    fit = bf.fit(form)
    cov = np.asarray(fit.cov, dtype=float) + bf.conversion_cov[form]
    y0 = fit.response(np.asarray(targets, dtype=float))
    a, b, h = fit.intercept, fit.slope, float(rate)
    num = y0 - a + b * w
    if b <= 0 or h <= 0:
        point = np.where(num <= 0, 0.0, np.inf)
        return point, np.where(num <= 0, 0.0, np.nan), np.full(num.shape, np.inf)
    gn, gd = np.array([-1.0, w]), np.array([0.0, h])
    lo, hi = fieller(num, b * h, gn @ cov @ gn + fit.resid_var, gd @ cov @ gd + (b * rate_se) ** 2, gn @ cov @ gd,
                     t_quantile(level, fit.df_resid))
    return np.maximum(num / (b * h), 0.0), np.clip(lo, 0.0, None), np.clip(hi, 0.0, None)


def affordability(fitset: dict[tuple[str, str], BenchmarkFits], costed: pd.DataFrame, scenario_set: dict,
                  budget_usd: float, log10_usd_per_flop: float, level: float = 0.95) -> pd.DataFrame:
    """The year each projection row of ``costed`` (one vintage, ``log10_usd_per_flop``) fits ``budget_usd``
    under each scenario (:class:`compute_limits.analysis.costs.Scenario`), from the vintage's price year,
    with :func:`affordable_years`' Fieller interval.

    ``estimable`` needs the projection to be estimable and the date's interval to be bounded; a row that is
    not has no year and no cost (NaN): what the data cannot pin down is never a number."""
    w = float(log10_usd_per_flop) - math.log10(budget_usd)
    frames = []
    for key, sc in scenario_set.items():
        for (bench, sample, form), rows in costed.groupby(["benchmark", "model_set", "form"], sort=False):
            years, lo, hi = affordable_years(fitset[(bench, sample)], form, rows["target_error"], w, sc.log10_rate,
                                             sc.log10_rate_se, level)
            df = rows.copy()
            df["scenario"], df["budget_usd"] = key, float(budget_usd)
            df["years"], df["years_lo"], df["years_hi"] = years, lo, hi
            for suffix in ("", "_lo", "_hi"):
                df["affordable_year" + suffix] = df["price_year"] + df["years" + suffix]
            df["estimable"] = df["estimable"].astype(bool) & np.isfinite(lo) & np.isfinite(hi)
            frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    blank = ["log10_usd", "log10_usd_lo", "log10_usd_hi", "years", "years_lo", "years_hi", "affordable_year",
             "affordable_year_lo", "affordable_year_hi"]
    out.loc[~out["estimable"], blank] = np.nan
    return out[[c for c in AFFORDABILITY_COLUMNS if c in out.columns]]
