"""A seeded bootstrap over models (or clusters of models, e.g. papers): of the compute at a target error
(:func:`bootstrap_required`), of the R² a second regressor adds (:func:`r2_gain_interval`), and of the line of
a quantile regression, the efficient frontier (:func:`quantile_draws`, :func:`with_draws`); and a BCa interval
of one trend's share of another (:func:`slope_share`, with scipy's ``bootstrap``).

The first two are kept by hand because no library resamples clusters, refits a two-parameter line and inverts it for
thousands of replicates at once: each replicate is a vector of counts (how often each row was drawn),
and the weighted least-squares fit of every replicate comes from five weighted sums, so 1,000
replicates of a 100-row fit take milliseconds instead of a statsmodels fit each.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd

from .intervals import percentile_interval
from .regression import quantile_line


def resample_counts(groups: list[np.ndarray], n_rows: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``(n_boot, n_rows)`` counts: each replicate draws ``len(groups)`` groups with replacement."""
    picks = rng.integers(0, len(groups), size=(n_boot, len(groups)))
    per_group = np.zeros((n_boot, len(groups)))
    np.add.at(per_group, (np.repeat(np.arange(n_boot), len(groups)), picks.ravel()), 1.0)
    membership = np.zeros((len(groups), n_rows))
    for g, members in enumerate(groups):
        membership[g, members] = 1.0
    return per_group @ membership


def weighted_lines(counts: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intercepts and slopes of the least-squares line of every replicate (rows of ``counts``).
    ``x`` may be one vector or one vector per replicate."""
    x = np.broadcast_to(x, counts.shape)
    s0 = counts.sum(axis=1)
    sx = (counts * x).sum(axis=1)
    sy = counts @ y
    sxx = (counts * x * x).sum(axis=1)
    sxy = (counts * x * y).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (s0 * sxy - sx * sy) / (s0 * sxx - sx ** 2)
        intercept = (sy - slope * sx) / s0
    return intercept, slope


def bootstrap_required(fit, data: pd.DataFrame, target_errors, n_boot: int, rng: np.random.Generator,
                       cluster: str | None = None, level: float = 0.95, prediction: bool = True,
                       x_draws: np.ndarray | None = None) -> pd.DataFrame:
    """Bootstrap distribution of the log10 compute at which ``fit``'s form reaches each target.

    Resamples the rows of ``data`` the fit used (or whole clusters, when ``cluster`` names a column)
    with replacement, refits the same form by least squares and inverts each refit.  With
    ``prediction`` a residual of the refit (inflated by √(n/(n−2))) is added to the response, so the
    interval covers where a single model lands, like the calibration interval.  A refit whose slope
    is not positive never reaches a lower error: its draw is +inf.  Replicates with fewer than three
    distinct compute values are skipped and counted.  ``x_draws`` (``n_boot × rows``) replaces the
    rows' log10 compute per replicate (to carry uncertainty in imputed compute).

    Returns one row per target: ``target_error, boot_lo, boot_hi, boot_median, n_boot_ok, share_unreached``.
    """
    if n_boot < 1:
        raise ValueError("n_boot must be >= 1")
    rows = data[data["error"].notna() & data[fit.compute].notna()].reset_index(drop=True)
    targets = np.atleast_1d(np.asarray(target_errors, dtype=float))
    y0 = fit.response(targets)  # a form's extra fitted parameter held at the fit's value (each refit is of a and b)
    x = np.log10(rows[fit.compute].to_numpy(dtype=float))
    y = fit.response(rows["error"].to_numpy(dtype=float))
    if cluster is not None and cluster in rows:
        keys = rows[cluster].astype(str).fillna("").to_numpy()
        groups = [np.flatnonzero(keys == k) for k in pd.unique(keys)]
    else:
        groups = [np.array([i]) for i in range(len(rows))]
    counts = resample_counts(groups, len(rows), n_boot, rng)
    xs = x if x_draws is None else np.asarray(x_draws, dtype=float)
    intercept, slope = weighted_lines(counts, xs, y)
    x_ids = np.unique(x, return_inverse=True)[1]  # distinct compute values among the rows
    distinct = (((counts > 0) @ np.eye(x_ids.max() + 1)[x_ids]) > 0).sum(axis=1)
    ok = (distinct >= 3) & np.isfinite(slope)
    noise = np.zeros((n_boot, len(targets)))
    if prediction:
        resid = y[None, :] - intercept[:, None] - slope[:, None] * np.broadcast_to(xs, counts.shape)
        n_r = counts.sum(axis=1)
        scale = np.sqrt(n_r / np.maximum(n_r - 2, 1))
        cum = counts.cumsum(axis=1)
        u = rng.random((n_boot, len(targets))) * cum[:, -1:]
        pick = np.minimum((cum[:, None, :] <= u[:, :, None]).sum(axis=2), len(rows) - 1)
        noise = np.take_along_axis(resid, pick, axis=1) * scale[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        draws = np.where(slope[:, None] > 0, (y0[None, :] - intercept[:, None] - noise) / slope[:, None], np.inf)
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


def _weighted_r2(counts: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """R² of the least-squares fit of ``y`` on the columns of ``X`` for every replicate (rows of ``counts``)."""
    xtwx = np.einsum("bi,ij,ik->bjk", counts, X, X)
    xtwy = np.einsum("bi,ij,i->bj", counts, X, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = np.linalg.solve(xtwx + 1e-12 * np.eye(X.shape[1]), xtwy[..., None])[..., 0]
        resid = y[None, :] - beta @ X.T
        w = counts.sum(axis=1)
        mean = (counts @ y) / w
        tss = (counts * (y[None, :] - mean[:, None]) ** 2).sum(axis=1)
        return 1.0 - (counts * resid ** 2).sum(axis=1) / tss


def r2_gain_interval(x: np.ndarray, extra: np.ndarray, y: np.ndarray, n_boot: int, rng: np.random.Generator,
                     level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval (over rows) of the R² a second regressor ``extra`` adds to the fit of
    ``y`` on ``x`` (e.g. the time trend added to compute), from the same kind of count vectors as
    :func:`bootstrap_required`.  Replicates whose R² is undefined (no spread in ``y``) are skipped."""
    x, extra, y = (np.asarray(v, dtype=float) for v in (x, extra, y))
    n = len(y)
    counts = resample_counts([np.array([i]) for i in range(n)], n, n_boot, rng)
    ones = np.ones(n)
    gain = _weighted_r2(counts, np.column_stack([ones, x, extra]), y) - _weighted_r2(counts, np.column_stack([ones, x]), y)
    return percentile_interval(gain, level)


def cluster_groups(keys) -> list[np.ndarray]:
    """Row indices grouped by ``keys`` (e.g. each model's paper); a missing key is a group of its own."""
    keys = pd.Series(keys).reset_index(drop=True)
    present = keys.notna()
    groups = [np.flatnonzero((keys == k) & present) for k in pd.unique(keys[present])]
    return groups + [np.array([i]) for i in np.flatnonzero(~present)]


def quantile_draws(x, y, q: float, groups: list[np.ndarray], n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``(n, 2)`` intercepts and slopes of the ``q``-quantile line (:func:`~compute_limits.stats.regression.
    quantile_line`) refitted on ``n_boot`` resamples of the ``groups`` of rows (whole clusters, drawn with
    replacement).  A replicate with fewer than three distinct ``x`` values identifies no line and is skipped
    (so ``n`` ≤ ``n_boot``), and so is one whose fit did not converge (statsmodels' iteration-limit or
    cycle warning); other warnings of a replicate's fit concern its standard errors, which are not used, and
    are dropped.  No shortcut exists for a quantile regression, so each replicate is one fit: the caller
    caches the draws."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, IterationLimitWarning  # noqa: PLC0415

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    counts = resample_counts(groups, len(x), n_boot, rng).astype(int)
    out = []
    for c in counts:
        rows = np.repeat(np.arange(len(x)), c)
        if len(np.unique(x[rows])) < 3:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a, b, _ = quantile_line(x[rows], y[rows], q)
        if any(issubclass(w.category, (ConvergenceWarning, IterationLimitWarning)) for w in caught):
            continue
        out.append((a, b))
    return np.asarray(out, dtype=float).reshape(-1, 2)


ROBUST_SE_SHARE = 0.68  # robust_se: half the width of this middle share of the draws (±1 s.d. for a normal)


def robust_se(draws) -> float:
    """A standard error from bootstrap draws that a few degenerate replicates cannot inflate: half the width of
    their middle ``ROBUST_SE_SHARE`` (one standard deviation either side for a normal distribution)."""
    draws = np.asarray(draws, dtype=float)
    draws = draws[np.isfinite(draws)]
    if len(draws) < 2:
        return float("nan")
    tail = (1 - ROBUST_SE_SHARE) / 2
    hi, lo = np.quantile(draws, [1 - tail, tail])
    return float(hi - lo) / 2


def with_draws(fit, draws: np.ndarray):
    """``fit`` with its standard errors taken from bootstrap ``draws`` of (intercept, slope) (:func:`robust_se`:
    a quantile line refitted on a resample with only three distinct compute values can be wild), its
    covariance the draws', and the slopes kept, so :func:`compute_limits.stats.intervals.slope_interval` gives
    their percentile interval at any level (NaN standard errors and interval without a draw)."""
    draws = np.asarray(draws, dtype=float).reshape(-1, 2)
    if len(draws) < 2:
        nan = float("nan")
        return dataclasses.replace(fit, intercept_se=nan, slope_se=nan, cov=np.full((2, 2), nan),
                                   slope_draws=draws[:, 1])
    return dataclasses.replace(fit, intercept_se=robust_se(draws[:, 0]), slope_se=robust_se(draws[:, 1]),
                               cov=np.cov(draws, rowvar=False), slope_draws=draws[:, 1])


def _slopes(x: np.ndarray, ys: np.ndarray, axis: int = -1) -> np.ndarray:
    """Least-squares slopes of each ``ys[..., k, :]`` on ``x`` along ``axis`` (the last): vectorised for scipy."""
    xc = x - x.mean(axis=axis, keepdims=True)
    return (xc[..., None, :] * (ys - ys.mean(axis=axis, keepdims=True))).sum(axis=axis) / (xc ** 2).sum(axis=axis)[..., None]


def slope_share(x, part, total, n_boot: int, rng: np.random.Generator, level: float = 0.95) -> tuple[float, float, float]:
    """The share ``slope(part) / slope(total)`` of two log-linear trends fitted on the same rows (``x`` the
    year, ``part`` and ``total`` log10 values), with a BCa bootstrap ``level`` interval over the rows
    (scipy's ``bootstrap``, paired resampling, ``n_boot`` resamples from ``rng``).

    Where ``part`` is a term of ``total`` (log compute = log chips + log time + log throughput; log compute
    = log spending + log compute per dollar), this is that term's share of the orders of magnitude of
    growth.  Returns ``(share, lo, hi)``; NaN ends when the total slope is zero in the data or a resample."""
    from scipy.stats import bootstrap  # noqa: PLC0415 (scipy.stats is slow to import)

    x, part, total = (np.asarray(v, dtype=float) for v in (x, part, total))

    def share(xs, ps, ts, axis=-1):
        b = _slopes(xs, np.stack([ps, ts], axis=-2), axis)
        return b[..., 0] / b[..., 1]

    point = float(share(x, part, total))
    if len(x) < 3 or not np.isfinite(point):
        return point, np.nan, np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        res = bootstrap((x, part, total), share, n_resamples=n_boot, paired=True, vectorized=True,
                        confidence_level=level, method="BCa", rng=rng)
    lo, hi = (float(v) for v in (res.confidence_interval.low, res.confidence_interval.high))
    return point, lo, hi
