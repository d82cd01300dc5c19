"""Charts of the benchmark pages and the benchmark summary (altair; see :mod:`compute_limits.charts`)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from . import charts
from .fits import Fit, mean_band, residuals

COMPUTE_LABELS = {
    "consolidated_hardware_burden": "consolidated hardware burden",
    "hardware_burden": "hardware burden",
    "network_operations": "network operations",
}
SHORT_LABELS = {
    "consolidated_hardware_burden": "consolidated",
    "hardware_burden": "hardware",
    "network_operations": "net. ops",
}
FORM_COLORS = {"polynomial": charts.PALETTE[1], "exponential": charts.PALETTE[0]}


# Label only the powers of ten on log axes (vega's log ticks otherwise crowd with 2e+18, 3e+18, ...).
DECADE_LABELS = "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? datum.label : ''"


def _log_axis(**kwargs) -> alt.Axis:
    return alt.Axis(format="~e", labelExpr=DECADE_LABELS, **kwargs)


def _points(rows: pd.DataFrame, compute: str) -> pd.DataFrame:
    return pd.DataFrame({
        "model": rows["model"], "year": rows["year"].astype(int), "date": rows["date"],
        "compute": rows[compute].astype(float), "score": rows["score"], "error": rows["error"],
    }).reset_index(drop=True)


def curves(fits: list[Fit], log10_min: float, log10_max: float, pad: float = 0.25, n: int = 80) -> pd.DataFrame:
    """Fitted error and its 95 % confidence band for each fit, on a common grid of log10 compute."""
    grid = np.linspace(log10_min - pad, log10_max + pad, n)
    return pd.concat([mean_band(f, grid) for f in fits], ignore_index=True)


def fit_chart(rows: pd.DataFrame, fits: list[Fit], compute: str, metric_label: str) -> alt.Chart:
    """Error against compute on log axes: models coloured by year, both fitted curves with 95 % bands."""
    pts = _points(rows, compute)
    lines = curves(fits, np.log10(pts["compute"].min()), np.log10(pts["compute"].max()))
    forms = list(dict.fromkeys(lines["form"]))
    form_scale = alt.Scale(domain=forms, range=[FORM_COLORS[f] for f in forms])
    x_dom = [float(lines["compute"].min()), float(lines["compute"].max())]
    y_lo = float(np.nanmin([pts["error"].min(), np.nanmin(lines["error"])])) / 1.15
    y_hi = float(np.nanmax([pts["error"].max(), np.nanmax(lines["error"])])) * 1.15
    lines["lower"] = lines["lower"].clip(lower=y_lo)
    lines["upper"] = lines["upper"].clip(upper=y_hi)
    x = alt.X("compute:Q", title=f"Training compute, {COMPUTE_LABELS.get(compute, compute)} (FLOP)",
              scale=alt.Scale(type="log", domain=x_dom, nice=False), axis=_log_axis())
    y_title = f"Error (1 − {metric_label}/100)"
    y_scale = alt.Scale(type="log", domain=[y_lo, y_hi], nice=False)
    band = alt.Chart(lines).mark_area(opacity=0.15, clip=True).encode(
        x=x, y=alt.Y("lower:Q", title=y_title, scale=y_scale), y2="upper:Q",
        color=alt.Color("form:N", scale=form_scale, legend=None))
    line = alt.Chart(lines).mark_line(strokeWidth=2, clip=True).encode(
        x=x, y=alt.Y("error:Q", title=y_title, scale=y_scale),
        color=alt.Color("form:N", scale=form_scale, title="Fitted form"))
    points = alt.Chart(pts).mark_circle(size=55, opacity=0.85, stroke="#333", strokeWidth=0.4).encode(
        x=x, y=alt.Y("error:Q", title=y_title, scale=y_scale),
        color=alt.Color("year:Q", title="Year", scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(format="d")),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format()),
                 alt.Tooltip("score:Q", title=metric_label, format=".2f")])
    return (band + line + points).resolve_scale(color="independent").properties(
        width=charts.WIDTH, height=charts.HEIGHT, description="error against compute")


def residual_chart(rows: pd.DataFrame, fit: Fit, compute: str) -> alt.Chart:
    """Residuals of a fit (observed − fitted response) against publication date, with a zero line."""
    pts = _points(rows, compute)
    pts["residual"] = residuals(fit)
    x = alt.X("date:Q", title="Publication date", scale=alt.Scale(zero=False), axis=alt.Axis(format="d"))
    zero = alt.Chart(pd.DataFrame({"residual": [0.0]})).mark_rule(color="#666", strokeDash=[4, 3]).encode(y="residual:Q")
    dots = alt.Chart(pts).mark_circle(size=55, color=charts.PALETTE[1], opacity=0.85).encode(
        x=x, y=alt.Y("residual:Q", title="Residual of log10(1/error)"),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format()),
                 alt.Tooltip("residual:Q", title="Residual", format=".3f")])
    trend = dots.transform_regression("date", "residual").mark_line(color=charts.PALETTE[0], strokeWidth=1.5)
    return (zero + dots + trend).properties(width=charts.WIDTH, height=260, description="residuals against date")


def conversion_chart(conversion, data: pd.DataFrame) -> alt.Chart:
    """The conversion regression: models with both measures, the fitted line over the network-operations
    range it is applied to, and the data's own ``computing_power`` for the converted models."""
    fitted = conversion.data.assign(kind="both measures (fit)")
    conv = data[data["consolidated_source"] == "converted"]
    authors = pd.DataFrame({"model": conv["model"], "log10_net": np.log10(conv["network_operations"].astype(float)),
                            "log10_hw": np.log10(conv["computing_power"].astype(float)),
                            "kind": "authors' computing_power"}).dropna()
    pts = pd.concat([fitted[["model", "log10_net", "log10_hw", "kind"]], authors], ignore_index=True)
    pts["net"], pts["hw"] = 10 ** pts["log10_net"], 10 ** pts["log10_hw"]
    lo = min(pts["log10_net"].min(), np.log10(data["network_operations"].dropna().astype(float)).min())
    hi = max(pts["log10_net"].max(), np.log10(data["network_operations"].dropna().astype(float)).max())
    grid = np.linspace(lo, hi, 40)
    line = pd.DataFrame({"net": 10 ** grid, "hw": 10 ** conversion.predict_log10(grid)})
    x = alt.X("net:Q", title="Network operations (FLOP)", scale=alt.Scale(type="log"), axis=_log_axis())
    y = alt.Y("hw:Q", title="Hardware burden (FLOP)", scale=alt.Scale(type="log"), axis=_log_axis())
    kinds = ["both measures (fit)", "authors' computing_power"]
    dots = alt.Chart(pts).mark_point(size=50, filled=True, opacity=0.8).encode(
        x=x, y=y, color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=kinds, range=charts.PALETTE[:2]),
                                  legend=alt.Legend(orient="top-left")),
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=kinds, range=["circle", "triangle"])),
        tooltip=[alt.Tooltip("model:N", title="Model"),
                 alt.Tooltip("net:Q", title="Network operations", format=charts.sci_format()),
                 alt.Tooltip("hw:Q", title="Hardware burden", format=charts.sci_format())])
    fit_line = alt.Chart(line).mark_line(color="#333", strokeWidth=1.5).encode(x=x, y=y)
    return (fit_line + dots).properties(width=charts.WIDTH, height=300, description="conversion regression")


def slopes_chart(table: pd.DataFrame) -> alt.Chart:
    """Polynomial slopes with 95 % confidence intervals, one row per benchmark, coloured by sample.

    ``table`` needs columns ``name, sample, n, slope, lower, upper, k, r2``.
    """
    order = list(dict.fromkeys(table["name"]))
    y = alt.Y("name:N", title=None, sort=order)
    color = alt.Color("sample:N", title="Sample", scale=alt.Scale(domain=["all", "v1"], range=charts.PALETTE[:2]))
    tips = [alt.Tooltip("name:N", title="Benchmark"), alt.Tooltip("sample:N", title="Sample"),
            alt.Tooltip("n:Q", title="Models"), alt.Tooltip("slope:Q", title="Slope", format=".3f"),
            alt.Tooltip("lower:Q", title="95 % CI from", format=".3f"),
            alt.Tooltip("upper:Q", title="95 % CI to", format=".3f"),
            alt.Tooltip("k:Q", title="Exponent k", format=".1f"), alt.Tooltip("r2:Q", title="R²", format=".2f")]
    rule = alt.Chart(table).mark_rule(strokeWidth=2).encode(
        y=y, yOffset=alt.YOffset("sample:N", sort=["all", "v1"]),
        x=alt.X("lower:Q", title="Slope b of log10(1/error) on log10(compute)"), x2="upper:Q",
        color=color, tooltip=tips)
    point = alt.Chart(table).mark_point(size=60, filled=True).encode(
        y=y, yOffset=alt.YOffset("sample:N", sort=["all", "v1"]), x="slope:Q", color=color, tooltip=tips)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#666", strokeDash=[4, 3]).encode(x="x:Q")
    return (zero + rule + point).properties(width=charts.WIDTH, height=alt.Step(18),
                                            description="slopes with confidence intervals")
