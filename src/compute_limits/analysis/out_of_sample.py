"""Did the 2020 extrapolations hold?  Out-of-sample tests of the paper's v1 claims.

The v1 paper (July 2020) fitted error against compute on the models published before July 2020.
The authors' released data run two years further, and Epoch AI's table to today, so its claims can
be tested on models the 2020 fits never saw.

* :func:`split`: the v1 training sample (``date < fits.V1_CUTOFF``, as :func:`fits.sample_rows`)
  and the later models (``date >= V1_CUTOFF``).
* :func:`prediction_interval`: the ``level`` prediction interval of a :class:`~compute_limits.fits.Fit`
  for a new model at given compute, from the fit's coefficient covariance and residual variance.
* :func:`log10_error_residuals`, :func:`rmse`, :func:`evaluate`: residuals on the common scale of
  ``log10(error)`` (observed − predicted: negative means a later model beat the 2020 line), their
  RMSE in and out of sample, and the share of later models inside the prediction interval.
* :func:`time_trend_residuals`: the same residuals under the v1 fit with a time trend.
* :func:`k_interval`, :func:`exponent_retest`: whether the exponent fitted on all data lies in the
  2020 fit's confidence interval.
* :func:`benchmark_out_of_sample`, :func:`evaluate_benchmarks`: the above for every configured benchmark.
* :func:`frontier_extrapolation`, :func:`year_reached`, :func:`reach_table`: the compute side — the
  2012–2019 growth of the largest runs extrapolated to the newest date, and when the compute the 2020
  fits require would be reached at the growth observed since.
* chart builders: :func:`oos_chart`, :func:`residual_chart`, :func:`frontier_chart`.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd
from scipy import stats

from . import charts, fits
from .fits import FORMS, Fit, error_from_response, response

CUTOFF = fits.V1_CUTOFF  # July 2020 as a decimal year: v1's sample is date < CUTOFF
MIN_TEST_MODELS = 5  # default fewest later models for a benchmark to be evaluated

RESULT_COLUMNS = [
    "benchmark", "n_train", "n_test", "rmse_in_sample", "rmse_out_of_sample", "mean_residual", "interval_coverage",
    # documented extra columns
    "form", "rmse_expected", "rmse_ratio", "share_below", "efficiency_factor",
    "rmse_out_of_sample_exponential", "mean_residual_exponential", "interval_coverage_exponential",
    "rmse_out_of_sample_time_trend", "mean_residual_time_trend",
    "k_v1", "k_v1_lo", "k_v1_hi", "k_all", "k_in_interval",
]
MODEL_COLUMNS = ["benchmark", "form", "model", "year", "date", "compute", "compute_source", "score", "error",
                 "predicted_error", "error_lo", "error_hi", "residual", "inside"]


# --------------------------------------------------------------------------
# The split and the prediction interval
# --------------------------------------------------------------------------


def split(rows: pd.DataFrame, cutoff: float = CUTOFF) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(before, after)``: rows dated before ``cutoff`` (v1's sample) and on or after it.

    Dates are decimal years (mid-month; mid-year, i.e. exactly July 1st, when only the year is known),
    so a model known only to be from 2020 counts as later: it cannot be shown to predate July 2020.
    Rows without a date are in neither part.
    """
    date = rows["date"]
    return rows[date < cutoff], rows[date >= cutoff]


def _t(fit: Fit, level: float) -> float:
    return float(stats.t.ppf(0.5 + level / 2, df=max(fit.n - 2, 1)))


def prediction_interval(fit: Fit, log10_c, level: float = 0.95) -> pd.DataFrame:
    """Predicted response and error of a *new* model at ``10**log10_c`` FLOP, with the ``level``
    prediction interval ``ŷ ± t·√(σ² + x'Σx)`` (t with n − 2 df; Σ the coefficient covariance,
    σ² the residual variance).

    Columns: ``log10_c, response, response_lo, response_hi, se, error, error_lo, error_hi``.
    The interval is mapped to error through the form's (decreasing) inverse; under the exponential form
    a non-positive response bound has no error (``error_hi`` = inf, ``error``/``error_lo`` = NaN).
    """
    x = np.atleast_1d(np.asarray(log10_c, dtype=float))
    X = np.column_stack([np.ones_like(x), x])
    mean = X @ np.array([fit.intercept, fit.slope])
    se = np.sqrt(fit.resid_var + np.einsum("ij,jk,ik->i", X, np.asarray(fit.cov, dtype=float), X))
    half = _t(fit, level) * se
    lo, hi = mean - half, mean + half
    with np.errstate(divide="ignore", invalid="ignore"):
        err, err_lo, err_hi = (error_from_response(v, fit.form) for v in (mean, hi, lo))
    if fit.form == "exponential":
        err = np.where(mean > 0, err, np.nan)
        err_lo = np.where(hi > 0, err_lo, np.nan)
        err_hi = np.where(lo > 0, err_hi, np.inf)
    return pd.DataFrame({"log10_c": x, "response": mean, "response_lo": lo, "response_hi": hi, "se": se,
                         "error": err, "error_lo": err_lo, "error_hi": err_hi})


def predicted_log10_error(fit: Fit, log10_c) -> np.ndarray:
    """log10 of the fitted error at ``10**log10_c`` FLOP (NaN where an exponential fit's 1/error ≤ 0)."""
    pred = np.asarray(fit.predict_response(log10_c), dtype=float)
    if fit.form == "polynomial":
        return -pred
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pred > 0, -np.log10(pred), np.nan)


def log10_error_residuals(fit: Fit, log10_c, error) -> np.ndarray:
    """``log10(observed error) − log10(predicted error)``: the scale on which both forms are compared.

    Negative: the model's error is below the fitted line at its compute (it did better than the fit
    predicts, i.e. it needed less compute than the line says).  Under the polynomial form this is minus
    the residual of the response ``log10(1/error)``.
    """
    return np.log10(np.asarray(error, dtype=float)) - predicted_log10_error(fit, log10_c)


def rmse(residuals) -> float:
    """Root mean squared residual over the finite residuals (NaN when there are none)."""
    r = np.asarray(residuals, dtype=float)
    r = r[np.isfinite(r)]
    return float(np.sqrt(np.mean(r ** 2))) if len(r) else float("nan")


def inside_interval(fit: Fit, log10_c, error, level: float = 0.95) -> np.ndarray:
    """Whether each observed error lies inside the fit's ``level`` prediction interval at its compute
    (judged on the response scale, where the interval is exact)."""
    pi = prediction_interval(fit, log10_c, level)
    y = response(np.asarray(error, dtype=float), fit.form)
    return ((y >= pi["response_lo"].to_numpy()) & (y <= pi["response_hi"].to_numpy()))


def in_sample_residuals(fit: Fit) -> np.ndarray:
    """The fit's own rows on the log10(error) scale (observed − fitted)."""
    return log10_error_residuals(fit, fit.log10_c, error_from_response(fit.y, fit.form))


def evaluate(fit: Fit, test: pd.DataFrame, compute: str, level: float = 0.95,
             error_col: str = "error") -> tuple[dict, pd.DataFrame]:
    """Score a fit on new rows ``test`` (columns ``error_col`` and ``compute``).

    Returns ``(summary, models)``.  ``summary``: ``n_train`` (the fit's n), ``n_test``,
    ``rmse_in_sample`` (the fit's own rows; divides by n, not n − 2), ``rmse_out_of_sample``,
    ``mean_residual`` (all on log10(error); see :func:`log10_error_residuals`), ``interval_coverage``
    (share of test rows inside the ``level`` prediction interval), ``share_below`` (share with a negative
    residual), ``rmse_expected`` (polynomial form only: the RMSE the fit itself expects at these
    compute values, √mean(σ² + x'Σx)), ``rmse_ratio`` (out / in sample) and ``efficiency_factor``
    (polynomial form only: 10^(−mean residual / slope), how many times more compute the 2020 line needs
    than the later models used for the errors they reached; > 1 when they beat it).
    ``models``: one row per test row with the prediction, its interval, the residual and ``inside``.
    """
    rows = test[test[error_col].notna() & test[compute].notna()]
    x = np.log10(rows[compute].to_numpy(dtype=float))
    err = rows[error_col].to_numpy(dtype=float)
    pi = prediction_interval(fit, x, level)
    resid = log10_error_residuals(fit, x, err)
    inside = inside_interval(fit, x, err, level)
    in_rmse = rmse(in_sample_residuals(fit))
    out_rmse = rmse(resid)
    mean_resid = float(np.nanmean(resid)) if len(resid) else float("nan")
    poly = fit.form == "polynomial"
    summary = {
        "form": fit.form, "n_train": int(fit.n), "n_test": int(len(rows)),
        "rmse_in_sample": in_rmse, "rmse_out_of_sample": out_rmse, "mean_residual": mean_resid,
        "interval_coverage": float(np.mean(inside)) if len(rows) else float("nan"),
        "share_below": float(np.mean(resid < 0)) if len(rows) else float("nan"),
        "rmse_expected": float(np.sqrt(np.mean(pi["se"] ** 2))) if poly and len(rows) else float("nan"),
        "rmse_ratio": out_rmse / in_rmse if in_rmse > 0 else float("nan"),
        "efficiency_factor": float(10 ** (-mean_resid / fit.slope)) if poly and fit.slope > 0 and len(rows)
        else float("nan"),
    }
    source = rows["consolidated_source"] if "consolidated_source" in rows and compute.startswith("consolidated") \
        else pd.Series(compute.replace("_", " "), index=rows.index)
    models = pd.DataFrame({
        "form": fit.form,
        "model": rows["model"].to_numpy() if "model" in rows else rows.get("label", pd.Series(index=rows.index)).to_numpy(),
        "year": rows["year"].to_numpy() if "year" in rows else np.nan,
        "date": rows["date"].to_numpy() if "date" in rows else np.nan,
        "compute": 10 ** x, "compute_source": source.to_numpy(),
        "score": rows["score"].to_numpy() if "score" in rows else 100 * (1 - err),
        "error": err, "predicted_error": pi["error"].to_numpy(), "error_lo": pi["error_lo"].to_numpy(),
        "error_hi": pi["error_hi"].to_numpy(), "residual": resid, "inside": inside,
    })
    return summary, models


def time_trend_residuals(trend: fits.TimeTrend, log10_c, date, error, base_year: float = fits.BASE_YEAR) -> np.ndarray:
    """log10(error) residuals (observed − predicted) of a polynomial fit with a time trend,
    ``log10(1/error) = a + b·log10(C) + c·(date − base_year)``, for new models."""
    if trend.form != "polynomial":
        raise ValueError("time_trend_residuals needs a polynomial time-trend fit")
    pred = (trend.intercept + trend.slope * np.asarray(log10_c, dtype=float)
            + trend.year_slope * (np.asarray(date, dtype=float) - base_year))
    return np.log10(np.asarray(error, dtype=float)) + pred


# --------------------------------------------------------------------------
# The exponent
# --------------------------------------------------------------------------


def k_interval(fit: Fit, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` interval of the exponent k = 1/slope, from the slope's interval.

    Unbounded above (inf) when the slope's interval reaches zero; NaN when it lies below zero.
    """
    lo, hi = fits.slope_interval(fit, level)
    if hi <= 0:
        return float("nan"), float("nan")
    return 1.0 / hi, (1.0 / lo if lo > 0 else math.inf)


def exponent_retest(v1: Fit, all_: Fit, level: float = 0.95) -> dict:
    """Is the slope (and so k = 1/slope) fitted on all data inside the v1 fit's ``level`` interval?

    The two samples overlap (all data contain the v1 rows), so this is a consistency check, not an
    independent test.  Returns ``n_v1, n_all, slope_v1, slope_v1_lo, slope_v1_hi, slope_all,
    k_v1, k_v1_lo, k_v1_hi, k_all, k_in_interval``.
    """
    b_lo, b_hi = fits.slope_interval(v1, level)
    k_lo, k_hi = k_interval(v1, level)
    return {
        "n_v1": int(v1.n), "n_all": int(all_.n), "slope_v1": v1.slope, "slope_v1_lo": b_lo, "slope_v1_hi": b_hi,
        "slope_all": all_.slope,
        "k_v1": 1 / v1.slope if v1.slope != 0 else float("nan"), "k_v1_lo": k_lo, "k_v1_hi": k_hi,
        "k_all": 1 / all_.slope if all_.slope != 0 else float("nan"),
        "k_in_interval": bool(b_lo <= all_.slope <= b_hi),
    }


# --------------------------------------------------------------------------
# Every configured benchmark
# --------------------------------------------------------------------------


def benchmark_out_of_sample(benchmark_id: str, data_files: dict | None = None, level: float = 0.95,
                            config=None) -> dict:
    """The v1 fits of a benchmark (:func:`fits.benchmark_fits` with ``sample="v1"``) scored on its later models.

    Returns ``config, compute, v1, main`` (the ``benchmark_fits`` results), ``train, test`` (rows used),
    ``evaluation`` ({form: (summary, models)}), ``time_trend`` (the v1 polynomial fit with a time trend, or
    None) and ``exponent`` (:func:`exponent_retest`).  Raises ``ValueError`` when v1 has too few rows to fit.
    Note: the consolidation of compute (``fits.prepared_data``) is fitted once on all models, so the
    converted compute of a later model does not depend on the split; only the error is predicted.
    """
    from .loaders import load_benchmark_configs

    config = config or load_benchmark_configs()[benchmark_id]
    prepared = fits.prepared_data(benchmark_id, data_files, config)
    main = fits.benchmark_fits(benchmark_id, data_files, "all", config, prepared)
    v1 = fits.benchmark_fits(benchmark_id, data_files, "v1", config, prepared)
    compute = config.compute
    train, test = split(main["rows"])
    evaluation = {form: evaluate(v1[form], test, compute, level) for form in FORMS}
    try:
        trend = fits.fit_time_trend(v1["data"], compute)
    except ValueError:
        trend = None
    return {"config": config, "compute": compute, "v1": v1, "main": main, "train": train, "test": test,
            "evaluation": evaluation, "time_trend": trend,
            "exponent": exponent_retest(v1["polynomial"], main["polynomial"], level)}


def result_row(res: dict) -> dict:
    """One row of the ``out_of_sample`` results table (columns :data:`RESULT_COLUMNS`)."""
    poly, _ = res["evaluation"]["polynomial"]
    expo, _ = res["evaluation"]["exponential"]
    test = res["test"]
    tt_rmse = tt_mean = float("nan")
    if res["time_trend"] is not None and len(test):
        r = time_trend_residuals(res["time_trend"], np.log10(test[res["compute"]].to_numpy(dtype=float)),
                                 test["date"], test["error"])
        tt_rmse, tt_mean = rmse(r), float(np.mean(r))
    ex = res["exponent"]
    row = {"benchmark": res["config"].id, **poly,
           "rmse_out_of_sample_exponential": expo["rmse_out_of_sample"],
           "mean_residual_exponential": expo["mean_residual"],
           "interval_coverage_exponential": expo["interval_coverage"],
           "rmse_out_of_sample_time_trend": tt_rmse, "mean_residual_time_trend": tt_mean,
           **{k: ex[k] for k in ("k_v1", "k_v1_lo", "k_v1_hi", "k_all", "k_in_interval")}}
    return {c: row[c] for c in RESULT_COLUMNS}


def evaluate_benchmarks(configs: dict, data_files: dict | None = None, level: float = 0.95,
                        min_test_models: int = MIN_TEST_MODELS) -> dict:
    """Run :func:`benchmark_out_of_sample` for every configured benchmark.

    Returns ``results`` ({id: result} of the evaluated benchmarks), ``table`` (one row per evaluated
    benchmark, :data:`RESULT_COLUMNS`), ``models`` (every later model under both forms,
    :data:`MODEL_COLUMNS`), ``skipped`` (``benchmark, name, n_train, n_test, reason``) and ``exponent``
    (:func:`exponent_retest` for every benchmark with a v1 fit, evaluated or not).
    """
    results, rows, frames, skipped, exps = {}, [], [], [], []
    for bench, cfg in configs.items():
        try:
            res = benchmark_out_of_sample(bench, data_files, level, cfg)
        except ValueError as err:
            skipped.append({"benchmark": bench, "name": cfg.name, "n_train": 0, "n_test": 0,
                            "reason": f"no v1 fit ({err})"})
            continue
        n_train, n_test = len(res["train"]), len(res["test"])
        exps.append({"benchmark": bench, "name": cfg.name, "n_test": n_test, **res["exponent"]})
        if n_test < min_test_models:
            skipped.append({"benchmark": bench, "name": cfg.name, "n_train": n_train, "n_test": n_test,
                            "reason": f"fewer than {min_test_models} later models"})
            continue
        results[bench] = res
        rows.append(result_row(res))
        for form in FORMS:
            frames.append(res["evaluation"][form][1].assign(benchmark=bench))
    models = pd.concat(frames, ignore_index=True)[MODEL_COLUMNS] if frames else pd.DataFrame(columns=MODEL_COLUMNS)
    return {"results": results, "table": pd.DataFrame(rows, columns=RESULT_COLUMNS), "models": models,
            "skipped": pd.DataFrame(skipped, columns=["benchmark", "name", "n_train", "n_test", "reason"]),
            "exponent": pd.DataFrame(exps)}


# --------------------------------------------------------------------------
# The compute side: the frontier against the 2012–2019 trend
# --------------------------------------------------------------------------


def frontier_extrapolation(population: pd.DataFrame, all_systems: pd.DataFrame, fit_window=(2012.0, 2020.0),
                           post_start: float = CUTOFF, label: str = "") -> dict:
    """The growth of ``population`` (rows of Epoch's table: ``year``, ``compute``, ``model``) in
    ``fit_window`` [start, end), extrapolated to the newest date in ``all_systems``, against the largest
    training compute actually reached by then, and the growth observed since ``post_start``.

    Returns ``population, pre`` (:class:`~compute_limits.history.Trend`), ``post`` (Trend or None when
    fewer than 3 points), ``newest_year``, ``actual_log10``, ``actual_model``, ``extrapolated_log10``,
    ``shortfall_decades`` (extrapolated − actual: > 0 when the frontier fell short of the old trend),
    ``post_log10_at_newest``.
    """
    from . import history

    pre_rows = history.window(population, *fit_window)
    pre = history.fit_trend(pre_rows["year"], pre_rows["compute"], f"{label}_{int(fit_window[0])}_{int(fit_window[1]) - 1}")
    post_rows = history.window(population, post_start)
    try:
        post = history.fit_trend(post_rows["year"], post_rows["compute"], f"{label}_since_{post_start:g}")
    except ValueError:
        post = None
    newest = float(all_systems["year"].max())
    top = all_systems.loc[all_systems["compute"].idxmax()]
    extrap = float(pre.predict_log10(newest))
    actual = math.log10(float(top["compute"]))
    return {"population": label, "pre": pre, "post": post, "newest_year": newest, "actual_log10": actual,
            "actual_model": str(top["model"]), "extrapolated_log10": extrap, "shortfall_decades": extrap - actual,
            "post_log10_at_newest": float(post.predict_log10(newest)) if post is not None else float("nan")}


def year_reached(trend, log10_flops):
    """Decimal year at which a log-linear trend (:class:`~compute_limits.history.Trend`) reaches
    ``10**log10_flops``: ``x0 + (log10_flops − intercept) / slope``.  inf when the trend does not grow
    (or the compute is infinite), −inf for a compute of −inf."""
    x = np.asarray(log10_flops, dtype=float)
    if not trend.slope > 0:
        out = np.where(x == -np.inf, -np.inf, np.inf)
    else:
        with np.errstate(invalid="ignore"):
            out = trend.x0 + (x - trend.intercept) / trend.slope
    return out if np.ndim(out) else float(out)


REACH_COLUMNS = ["benchmark", "form", "target_error", "log10_flops", "log10_flops_lo", "log10_flops_hi",
                 "log10_compute_equivalent", "trend", "growth_per_year", "year", "year_lo", "year_hi"]


def reach_table(fits_v1: dict, targets: dict, trends: dict, log10_burden_per_compute: float = 0.0,
                level: float = 0.95) -> pd.DataFrame:
    """When would each target's compute be reached if the largest runs kept growing like ``trends``?

    ``fits_v1``: ``{(benchmark, form): Fit}`` (the 2020 fits); ``targets``: ``{benchmark: [errors]}``;
    ``trends``: ``{name: Trend}`` of the largest runs' training compute (Epoch's estimates).
    The fits' compute is hardware burden (peak FLOP/s × time), Epoch's is operations performed, so the
    requirement is divided by ``10**log10_burden_per_compute`` before it is compared with the trend.
    The required compute and its ``level`` interval come from
    :func:`compute_limits.projections.required_log10_flops` and :func:`~compute_limits.projections.inverse_interval`.
    """
    from . import projections

    rows = []
    for (bench, form), fit in fits_v1.items():
        errs = np.asarray(targets.get(bench, ()), dtype=float)
        if not len(errs):
            continue
        x0 = projections.required_log10_flops(fit, errs)
        lo, hi = projections.inverse_interval(fit, errs, level)
        for name, trend in trends.items():
            for i, e in enumerate(errs):
                shift = log10_burden_per_compute
                rows.append({
                    "benchmark": bench, "form": form, "target_error": float(e), "log10_flops": float(x0[i]),
                    "log10_flops_lo": float(lo[i]), "log10_flops_hi": float(hi[i]),
                    "log10_compute_equivalent": float(x0[i]) - shift, "trend": name,
                    "growth_per_year": trend.growth_per_year,
                    "year": year_reached(trend, x0[i] - shift), "year_lo": year_reached(trend, lo[i] - shift),
                    "year_hi": year_reached(trend, hi[i] - shift),
                })
    return pd.DataFrame(rows, columns=REACH_COLUMNS)


# --------------------------------------------------------------------------
# Display helpers
# --------------------------------------------------------------------------


def fmt_year(y: float, newest: float | None = None) -> str:
    """A decimal year as text: 'never' for inf, 'already' before ``newest``, '>9999' far out."""
    if y is None or (isinstance(y, float) and math.isnan(y)):
        return "—"
    if y == math.inf:
        return "never"
    if y == -math.inf or (newest is not None and y <= newest):
        return "already"
    return f"{y:.0f}" if y < 10_000 else f"10^{math.log10(y):.0f}"


def reach_display(reach: pd.DataFrame, names: dict, newest: float, trend_labels: dict) -> pd.DataFrame:
    """The reach table with readable cells: one row per benchmark, form and target; the compute needed
    (hardware burden, with its interval) and one column per trend with the year reached [interval]."""
    def _pow(v):
        return f"10^{v:.1f}" if np.isfinite(v) else ("unbounded" if v > 0 else "−∞")

    out = []
    for (bench, form, err), grp in reach.groupby(["benchmark", "form", "target_error"], sort=False):
        r = grp.iloc[0]
        row = {"Benchmark": names.get(bench, bench), "Model": form, "Target error": f"{100 * err:g}%",
               "Compute needed, FLOP [95% interval]": f"{_pow(r['log10_flops'])} [{_pow(r['log10_flops_lo'])}, "
                                                       f"{_pow(r['log10_flops_hi'])}]"}
        for _, t in grp.iterrows():
            label = trend_labels.get(t["trend"], t["trend"])
            row[f"Year, {label} (×{t['growth_per_year']:.1f}/yr)"] = (
                f"{fmt_year(t['year'], newest)} [{fmt_year(t['year_lo'], newest)}, {fmt_year(t['year_hi'], newest)}]")
        out.append(row)
    return pd.DataFrame(out)


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------

SAMPLE_LABELS = ("before July 2020 (fitted)", "July 2020 on (predicted)")


def oos_chart(train: pd.DataFrame, models: pd.DataFrame, fit: Fit, compute_label: str, metric_label: str,
              check: Fit | None = None, level: float = 0.95) -> alt.Chart:
    """The 2020 fit (line) and its ``level`` prediction band on log axes, the models it was fitted on, and
    the later models in another colour (tooltips: model, year, compute, score, prediction, residual).
    ``check``: a second fit (the exponential form) drawn as a dashed line."""
    x_all = np.concatenate([fit.log10_c, np.log10(models["compute"].to_numpy(dtype=float))])
    grid = np.linspace(x_all.min() - 0.25, x_all.max() + 0.25, 80)
    band = prediction_interval(fit, grid, level).assign(compute=10 ** grid, line=f"2020 fit ({fit.form})")
    lines = [band[["compute", "error", "line"]]]
    if check is not None:
        b2 = prediction_interval(check, grid, level)
        lines.append(pd.DataFrame({"compute": 10 ** grid, "error": b2["error"], "line": f"2020 fit ({check.form}, check)"}))
    lines = pd.concat(lines, ignore_index=True).dropna()
    before = pd.DataFrame({"model": train["model"].to_numpy(), "year": train["year"].astype(int).to_numpy(),
                           "compute": train[fit.compute].astype(float).to_numpy(), "score": train["score"].to_numpy(),
                           "error": train["error"].to_numpy(), "predicted_error": np.nan, "residual": np.nan,
                           "sample": SAMPLE_LABELS[0]})
    after = pd.DataFrame({"model": models["model"], "year": models["year"].astype(int), "compute": models["compute"],
                          "score": models["score"], "error": models["error"],
                          "predicted_error": models["predicted_error"], "residual": models["residual"],
                          "sample": SAMPLE_LABELS[1]})
    pts = pd.concat([before, after], ignore_index=True)
    xs = alt.X("compute:Q", title=f"Training compute, {compute_label} (FLOP)",
               scale=alt.Scale(type="log", nice=False, padding=10), axis=alt.Axis(format="~e"))
    ys = alt.Scale(type="log", nice=False, padding=10)
    y_title = f"Error (1 − {metric_label}/100)"
    area = alt.Chart(band.replace([np.inf], np.nan).dropna(subset=["error_lo", "error_hi"])).mark_area(
        opacity=0.15, color=charts.PALETTE[0]).encode(
        x=xs, y=alt.Y("error_lo:Q", scale=ys, title=y_title), y2="error_hi:Q")
    line_names = list(dict.fromkeys(lines["line"]))  # the main fit first: solid; the check dashed
    line = alt.Chart(lines).mark_line(strokeWidth=2, color=charts.PALETTE[0]).encode(
        x=xs, y=alt.Y("error:Q", scale=ys, title=y_title),
        strokeDash=alt.StrokeDash("line:N", title="Line", legend=alt.Legend(labelLimit=360),
                                  scale=alt.Scale(domain=line_names, range=[[1, 0], [6, 4]][:len(line_names)])),
        tooltip=[alt.Tooltip("line:N", title="Line")])
    dots = alt.Chart(pts).mark_point(filled=True, size=55, opacity=0.85).encode(
        x=xs, y=alt.Y("error:Q", scale=ys, title=y_title),
        color=alt.Color("sample:N", title="Models", scale=alt.Scale(domain=list(SAMPLE_LABELS),
                                                                    range=[charts.PALETTE[7], charts.PALETTE[1]]),
                        legend=alt.Legend(labelLimit=360)),
        shape=alt.Shape("sample:N", scale=alt.Scale(domain=list(SAMPLE_LABELS), range=["circle", "diamond"]),
                        legend=None),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format()),
                 alt.Tooltip("score:Q", title=metric_label, format=".2f"),
                 alt.Tooltip("predicted_error:Q", title="2020 fit's error", format=".3f"),
                 alt.Tooltip("residual:Q", title="Residual, log10(error)", format="+.3f")])
    return (area + line + dots).properties(width=charts.WIDTH, height=charts.HEIGHT,
                                           description="2020 fit and later models")


def residual_chart(models: pd.DataFrame, names: dict) -> alt.Chart:
    """Out-of-sample residuals (log10 error, observed − 2020 fit) of the later models against date."""
    df = models.assign(name=models["benchmark"].map(names).fillna(models["benchmark"]),
                       year=models["year"].astype(int),
                       inside=np.where(models["inside"].astype(bool), "inside", "outside"))
    df = df[["name", "model", "year", "date", "compute", "score", "residual", "inside"]]
    zero = alt.Chart(pd.DataFrame({"residual": [0.0]})).mark_rule(color="#666", strokeDash=[4, 3]).encode(y="residual:Q")
    dots = alt.Chart(df).mark_point(filled=True, size=50, opacity=0.8).encode(
        x=alt.X("date:Q", title="Publication date", scale=alt.Scale(zero=False), axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("residual:Q", title="Residual of log10(error) against the 2020 fit"),
        color=alt.Color("name:N", title="Benchmark", legend=alt.Legend(labelLimit=360)),
        shape=alt.Shape("inside:N", title="Prediction interval", scale=alt.Scale(domain=["inside", "outside"])),
        tooltip=[alt.Tooltip("name:N", title="Benchmark"), alt.Tooltip("model:N", title="Model"),
                 alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format()),
                 alt.Tooltip("score:Q", title="Score", format=".2f"),
                 alt.Tooltip("residual:Q", title="Residual", format="+.3f")])
    return (zero + dots).properties(width=charts.WIDTH, height=300, description="out-of-sample residuals")


def frontier_chart(points: pd.DataFrame, extrapolations: dict, labels: dict) -> alt.Chart:
    """Training compute of the largest runs (``points``: ``model, date, year, compute, population``) with,
    per population (``labels``: extrapolation key -> the population's label in ``points``), the 2012–2019
    trend extrapolated to the newest date (dashed) and the trend since July 2020 (solid), in the
    population's colour."""
    d = points.assign(date_str=points["date"].dt.strftime("%Y-%m-%d"))[["model", "date_str", "year", "compute", "population"]]
    eras = ("2012–2019 trend, extrapolated", "trend since July 2020")
    rows = []
    for key, ex in extrapolations.items():
        for era, trend, start in ((eras[0], ex["pre"], ex["pre"].start_year),
                                  (eras[1], ex["post"], ex["post"].start_year if ex["post"] is not None else None)):
            if trend is None:
                continue
            for x in (start, ex["newest_year"]):
                rows.append({"year": x, "compute": 10 ** float(trend.predict_log10(x)), "population": labels[key],
                             "era": era, "trend": f"{labels[key]}: {era} (×{trend.growth_per_year:.1f}/yr)"})
    lines = pd.DataFrame(rows)
    pops = list(dict.fromkeys(list(labels.values()) + list(d["population"])))
    color = alt.Color("population:N", title="Systems", scale=alt.Scale(domain=pops, range=charts.PALETTE[:len(pops)]),
                      legend=alt.Legend(labelLimit=360))
    ys = alt.Scale(type="log")
    xs = alt.X("year:Q", title="Publication date", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    dots = alt.Chart(d).mark_point(filled=True, size=30, opacity=0.6).encode(
        x=xs, y=alt.Y("compute:Q", title="Training compute (FLOP, log scale)", scale=ys, axis=alt.Axis(format="~e")),
        color=color,
        tooltip=[alt.Tooltip("model:N", title="System"), alt.Tooltip("date_str:N", title="Date"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format())])
    trend = alt.Chart(lines).mark_line(strokeWidth=2.5).encode(
        x=xs, y=alt.Y("compute:Q", scale=ys), detail="trend:N", color=color,
        strokeDash=alt.StrokeDash("era:N", title="Trend", scale=alt.Scale(domain=list(eras), range=[[6, 4], [1, 0]]),
                                  legend=alt.Legend(labelLimit=360)),
        tooltip=[alt.Tooltip("trend:N", title="Trend")])
    return (dots + trend).properties(width=charts.WIDTH, height=360, description="frontier against 2012-2019 trend")
