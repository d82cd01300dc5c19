"""How the future-cost projections are drawn: the headline figure, the projection chart against things
readers know, the what-if calculator (a vega-lite spec that recomputes the projection in the browser),
and the text forms of a projection that the charts' tooltips and the calculator share.

Every power of ten is set with :mod:`compute_limits.report.numbers`; the calculator's vega expressions
set numbers the same way (:func:`sup_expr`), and a test renders it and compares with ``projections.csv``.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.costs import ScaleReferences, Scenario, log10_per_flop
from ..analysis.projections import BenchmarkFits, affordable_years, fit_all
from ..config import Literature, Vintage
from ..quantities import Estimate, Kind
from ..stats import forms
from ..stats.intervals import max_orders, t_quantile
from . import charts
from .numbers import HORIZON_YEAR, NOT_ESTIMABLE, estimate_parts, interval, pct, pow10, show
from .text import error_title

LEVEL_KIND = "calibration interval"
YEAR_INTERVAL = "Fieller interval"  # the year a target becomes affordable (analysis.projections.affordable_years)
TARGET_PCT = (0.01, 99.99)  # the calculator's target error (%): the number box's and the log slider's range
ON_AXIS, BEYOND = "within the chart", "beyond its right edge"


def _position_shape() -> alt.Shape:
    return alt.Shape("position:N", title="Compute needed",
                     scale=alt.Scale(domain=[ON_AXIS, BEYOND], range=["circle", "triangle-right"]))


# --------------------------------------------------------------------------
# Text forms of a projection (tooltips, the figures' data and the calculator agree)
# --------------------------------------------------------------------------


def flops(x) -> str:
    return f"{pow10(x)} FLOP"


def usd(x) -> str:
    return f"${pow10(x)}"


def tonnes(log10_kg) -> str:
    return f"{pow10(float(log10_kg) - 3)} t CO2e"


def span(lo, hi, unit: str = "") -> str:
    """``10²⁴·⁵–10²⁸·⁰`` (+ unit); ``unbounded`` where an end is infinite."""
    text = interval(lo, hi, pow10)
    return f"{text} {unit}".rstrip() if math.isfinite(float(lo)) and math.isfinite(float(hi)) else "unbounded"


def target_label(error: float, is_today: bool) -> str:
    return f"today ({pct(error)})" if is_today else pct(error)


# --------------------------------------------------------------------------
# Vega expressions that set numbers like report.numbers
# --------------------------------------------------------------------------

_SUPERSCRIPTS = {"-": "⁻", "−": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶",
                 "7": "⁷", "8": "⁸", "9": "⁹", "[.]": "·"}


def sup_expr(expr: str) -> str:
    """A vega expression turning the string ``expr`` into superscripts, as :func:`numbers.superscript`
    (global regular expressions: vega's ``replace`` with a string pattern replaces only the first match)."""
    out = expr
    for plain, sup in _SUPERSCRIPTS.items():
        out = f"replace({out}, regexp('{plain}', 'g'), '{sup}')"
    return out


def pow10_expr(expr: str) -> str:
    """``'10' + superscript(format(x, '.1f'))``: :func:`numbers.pow10` in vega (negative zero dropped)."""
    return f"'10' + {sup_expr(f'format(abs({expr}) < 0.05 ? 0 : {expr}, {chr(39)}.1f{chr(39)})')}"


def exponent_axis(**kwargs) -> alt.Axis:
    """An axis of log10 values labelled as powers of ten (10²⁰, 10³⁰, …)."""
    label = "'10' + " + sup_expr("format(datum.value, 'd')")
    return alt.Axis(labelExpr=label, **kwargs)


# --------------------------------------------------------------------------
# The headline figure
# --------------------------------------------------------------------------


def headline_rows(bf: BenchmarkFits, table: pd.DataFrame, beyond: float = 10.0) -> pd.DataFrame:
    """The rows the headline figure draws (column ``layer``: model, line, projection): the benchmark's
    models, both fitted lines up to ``beyond`` orders of magnitude past the data, and each form's
    projection to today's error and the targets with the calibration and line intervals."""
    rows = bf.main.rows
    x = np.log10(rows[bf.main.compute].to_numpy(dtype=float))
    x_min, x_max = float(x.min()) - 0.3, float(x.max()) + beyond
    models = pd.DataFrame({"layer": "model", "model": rows["model"].to_numpy(), "year": rows["year"].astype(int),
                           "log10_flops": x, "error": rows["error"].to_numpy(dtype=float), "form": ""})
    grid = np.linspace(x_min, x_max, 120)
    lines = pd.concat([pd.DataFrame({"layer": "line", "form": f, "log10_flops": grid,
                                     "error": bf.fit(f).predict_error(grid)}) for f in forms.FORMS])
    proj = table[(table["benchmark"] == bf.config.id) & (table["model_set"] == bf.model_set)]
    proj = proj.drop_duplicates(["form", "target_error"])
    p = pd.DataFrame({"layer": "projection", "form": proj["form"].to_numpy(),
                      "error": proj["target_error"].to_numpy(dtype=float),
                      "log10_flops": proj["log10_flops"].to_numpy(dtype=float),
                      "calib_lo": proj["log10_flops_lo"].to_numpy(dtype=float),
                      "calib_hi": proj["log10_flops_hi"].to_numpy(dtype=float),
                      "line_lo": proj["line_lo"].to_numpy(dtype=float), "line_hi": proj["line_hi"].to_numpy(dtype=float),
                      "estimable": proj["estimable"].to_numpy(dtype=bool),
                      "preferred": proj["preferred"].to_numpy(dtype=bool)})
    p["target"] = [target_label(e, t) for e, t in zip(p["error"], proj["is_today"])]
    p["compute_text"] = [flops(v) if ok else NOT_ESTIMABLE for v, ok in zip(p["log10_flops"], p["estimable"])]
    p["interval_text"] = [span(a, b, "FLOP") if ok else NOT_ESTIMABLE
                          for a, b, ok in zip(p["calib_lo"], p["calib_hi"], p["estimable"])]
    p["position"] = np.where(p["log10_flops"] > x_max, BEYOND, ON_AXIS)
    for col in ("log10_flops", "calib_lo", "calib_hi", "line_lo", "line_hi"):
        p[col + "_shown"] = p[col].clip(x_min, x_max)
    out = pd.concat([models, lines, p], ignore_index=True)
    out.attrs.update(x_min=x_min, x_max=x_max)
    return out


def headline_figure(bf: BenchmarkFits, table: pd.DataFrame, metric_label: str, level: float,
                    beyond: float = 10.0) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Error against compute for one benchmark: its models, both fitted lines extended past the data, and
    the compute each form needs for today's error and each target, with the ``level`` calibration interval
    (thin) and the interval for the line (thick).  Returns ``(chart, rows drawn)``."""
    rows = headline_rows(bf, table, beyond)
    x_min, x_max = rows.attrs["x_min"], rows.attrs["x_max"]
    errs = rows["error"][rows["error"] > 0]
    y_dom = [float(errs.min()) / 1.3, min(float(errs.max()) * 1.3, 1.0)]
    ticks = [v for v in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0) if y_dom[0] <= v <= y_dom[1]]
    xs = alt.Scale(domain=[x_min, x_max], nice=False, clamp=True)
    ys = alt.Scale(type="log", domain=y_dom, nice=False, clamp=True)
    x = alt.X("log10_flops_shown:Q", scale=xs, title="Training compute (FLOP of hardware burden)",
              axis=exponent_axis(tickMinStep=2))
    y = alt.Y("error:Q", scale=ys, title=error_title(metric_label),
              axis=alt.Axis(values=ticks, format="~%"))
    color = alt.Color("form:N", title="Fitted form", scale=charts.form_scale(), legend=charts.form_legend())
    models = rows[rows["layer"] == "model"].assign(log10_flops_shown=lambda d: d["log10_flops"])
    lines = rows[rows["layer"] == "line"].assign(log10_flops_shown=lambda d: d["log10_flops"])
    proj = rows[(rows["layer"] == "projection") & rows["estimable"].fillna(False).astype(bool)]
    tip = [alt.Tooltip("form:N", title="Form"), alt.Tooltip("target:N", title="Target error"),
           alt.Tooltip("compute_text:N", title="Compute"),
           alt.Tooltip("interval_text:N", title=f"{pct(level, 0)} {LEVEL_KIND}")]
    pts = alt.Chart(models).mark_circle(size=40, color="#555", opacity=0.7).encode(
        x=x, y=y, tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:Q", title="Year", format="d")])
    line = alt.Chart(lines).mark_line(strokeWidth=2, clip=True).encode(x=x, y=y, color=color)
    calib = alt.Chart(proj).mark_rule(strokeWidth=1.5).encode(
        x=alt.X("calib_lo_shown:Q", scale=xs), x2="calib_hi_shown:Q", y=y, color=color, tooltip=tip)
    line_iv = alt.Chart(proj).mark_rule(strokeWidth=5, opacity=0.6).encode(
        x=alt.X("line_lo_shown:Q", scale=xs), x2="line_hi_shown:Q", y=y, color=color, tooltip=tip)
    marks = alt.Chart(proj).mark_point(filled=True, size=70).encode(
        x=x, y=y, color=color, tooltip=tip,
        shape=_position_shape())
    leftmost = proj.sort_values("calib_lo_shown").drop_duplicates("target")  # one label per target, left of its bars
    labels = alt.Chart(leftmost).mark_text(align="right", dx=-6, fontSize=12, color="#333").encode(
        x=alt.X("calib_lo_shown:Q", scale=xs), y=y, text="target:N")
    chart = (pts + line + line_iv + calib + marks + labels).properties(
        width=charts.WIDTH, height=charts.HEIGHT, description="error against compute with projections")
    return chart, rows


def headline_figure_from_results(tables: dict, configs: dict, projections: pd.DataFrame, bench: str,
                                 level: float) -> tuple[alt.LayerChart, pd.DataFrame]:
    """:func:`headline_figure` for a page that quotes the headline (the front page): the benchmark's main
    fits are refitted (milliseconds) and the projections come from ``projections.csv``
    (``read_result("projections")``), so the figure shows exactly the numbers the future-cost chapter wrote."""
    bf = fit_all(tables, {bench: configs[bench]}, samples=("all",), level=level)[(bench, "all")]
    return headline_figure(bf, projections, configs[bench].metric_label, level)


# --------------------------------------------------------------------------
# All projections against things readers know
# --------------------------------------------------------------------------


def projection_rows(main: pd.DataFrame, names: dict, x_min: float, x_max: float) -> pd.DataFrame:
    """The estimable projections of one sample and vintage, clipped to ``[x_min, x_max]``, for the chart."""
    df = main[main["estimable"]].drop_duplicates(["benchmark", "form", "target_error"]).copy()
    df["benchmark_name"] = df["benchmark"].map(names).fillna(df["benchmark"])
    df["target"] = [target_label(e, t) for e, t in zip(df["target_error"], df["is_today"])]
    df["row"] = df["benchmark_name"] + ": " + df["target"]
    df["x"] = df["log10_flops"].clip(x_min, x_max)
    df["x_lo"] = df["log10_flops_lo"].clip(x_min, x_max)
    df["x_hi"] = df["log10_flops_hi"].clip(x_min, x_max)
    df["position"] = np.where(df["log10_flops"] > x_max, BEYOND, ON_AXIS)
    df["compute_text"] = df["log10_flops"].map(flops)
    df["interval_text"] = [span(a, b, "FLOP") for a, b in zip(df["log10_flops_lo"], df["log10_flops_hi"])]
    df["cost_text"] = df["log10_usd"].map(usd)
    df["co2_text"] = df["log10_co2_kg"].map(tonnes)
    cols = ["row", "benchmark", "benchmark_name", "target", "form", "x", "x_lo", "x_hi", "position",
            "compute_text", "interval_text", "cost_text", "co2_text"]
    return df[cols].reset_index(drop=True)


def reference_rows(refs: ScaleReferences, literature: Literature) -> pd.DataFrame:
    """The chart's reference lines (``reference``, ``log10_flops``, ``label``): the largest run so far, and
    the burden that a year of world GDP buys and a year of New York City's emissions corresponds to."""
    nyc_mt = show(literature.value("nyc_co2e_tonnes_per_year") / 1e6, Kind("number", 2))
    return refs.rows().assign(label=[
        f"largest run so far ({refs.largest_run}, {refs.largest_run_date.year})",
        f"a year of world GDP ({show(literature.value('world_gdp_usd'), 'usd')})",
        f"a year of New York City's emissions ({nyc_mt} Mt CO2e)"])


def projection_figure(main: pd.DataFrame, refs: ScaleReferences, literature: Literature, names: dict, level: float,
                      span_orders: float = 45.0) -> tuple[alt.LayerChart, pd.DataFrame]:
    """:func:`projection_chart` of the estimable projections in ``main`` (one sample and vintage), on an axis
    of ``span_orders`` orders of magnitude from just below the lowest interval or the largest run.  Returns
    ``(chart, rows drawn)``."""
    every = main.drop_duplicates(["benchmark", "form", "target_error"])
    x_min = float(math.floor(min(every.loc[every["estimable"], "log10_flops_lo"].min(),
                                 refs.largest_run_log10_flops) - 1))
    x_max = x_min + span_orders
    rows = projection_rows(main, names, x_min, x_max)
    return projection_chart(rows, reference_rows(refs, literature), x_min, x_max, level), rows


def projection_chart(rows: pd.DataFrame, refs: pd.DataFrame, x_min: float, x_max: float,
                     level: float) -> alt.LayerChart:
    """Compute needed per benchmark and target, both forms, with the calibration interval as a bar, and
    dashed lines for the scale references (``refs``: ``reference``, ``label``, ``log10_flops``)."""
    order = list(dict.fromkeys(rows["row"]))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    yoff = alt.YOffset("form:N", scale=alt.Scale(domain=list(forms.FORMS)))
    xs = alt.Scale(domain=[x_min, x_max], nice=False, clamp=True)
    color = alt.Color("form:N", title="Fitted form", scale=charts.form_scale(), legend=charts.form_legend())
    tip = [alt.Tooltip("benchmark_name:N", title="Benchmark"), alt.Tooltip("target:N", title="Target error"),
           alt.Tooltip("form:N", title="Form"), alt.Tooltip("compute_text:N", title="Compute"),
           alt.Tooltip("interval_text:N", title=f"{pct(level, 0)} {LEVEL_KIND}"),
           alt.Tooltip("cost_text:N", title="Cost"), alt.Tooltip("co2_text:N", title="CO2")]
    bars = alt.Chart(rows).mark_rule(strokeWidth=1.5).encode(
        y=y, yOffset=yoff, x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", color=color, tooltip=tip)
    pts = alt.Chart(rows).mark_point(filled=True, size=40).encode(
        y=y, yOffset=yoff, color=color, tooltip=tip,
        x=alt.X("x:Q", scale=xs, title="Training compute needed (FLOP of hardware burden)",
                axis=exponent_axis(tickMinStep=5)),
        shape=_position_shape())
    r = refs.assign(x=refs["log10_flops"].clip(x_min, x_max), value_text=refs["log10_flops"].map(flops))
    rules = alt.Chart(r).mark_rule(strokeDash=[6, 3], strokeWidth=1.5, color="#333").encode(
        x=alt.X("x:Q", scale=xs),
        tooltip=[alt.Tooltip("label:N", title="Reference"), alt.Tooltip("value_text:N", title="Compute")])
    names = alt.Chart(r).mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11,
                                   color="#333").encode(  # each reference named along its line, not in a legend
        x=alt.X("x:Q", scale=xs), y=alt.value(0), text="label:N")
    return (rules + names + bars + pts).properties(width=charts.WIDTH - 80, height=alt.Step(24),
                                           description="compute needed per benchmark and target")


# --------------------------------------------------------------------------
# The what-if calculator
# --------------------------------------------------------------------------

CALCULATOR_INPUTS = ("benchmark", "target", "target_log10", "form", "price", "budget")  # target_log10: its log slider
CALCULATOR_PREFIXES = ("Compute: ", "Cost: ", "CO2: ", "Affordable: ")


def calculator_rows(fitset: dict, vintage: Vintage, scenario: Scenario, level: float, sample: str = "all",
                    limit: float | None = None) -> pd.DataFrame:
    """The coefficients the calculator embeds: one row per benchmark and form of ``sample`` (the fit's
    intercept, slope, covariance with the conversion's share, residual variance, t quantile, today's
    error), the vintage's constants, and ``max_orders``: the book's one rule for an interval too wide to be
    estimable (``limit``, by default the main specification's, :func:`compute_limits.stats.intervals.max_orders`)."""
    limit = max_orders() if limit is None else float(limit)
    per = log10_per_flop(vintage)
    rows = []
    for (bid, s), bf in fitset.items():
        if s != sample:
            continue
        for form in forms.FORMS:
            fit = bf.fit(form)
            cov = np.asarray(fit.cov) + bf.conversion_cov[form]
            rows.append({"benchmark": bid, "name": bf.config.name, "form": form, "a": fit.intercept, "b": fit.slope,
                         "vaa": cov[0, 0], "vab": cov[0, 1], "vbb": cov[1, 1], "s2": fit.resid_var,
                         "t": t_quantile(level, fit.df_resid), "today": bf.today,
                         "log10_chip_hours_per_flop": per["chip_hours"], "log10_kg_per_flop": per["co2_kg"],
                         "price_year": vintage.price_year, "growth": scenario.compute_per_dollar_growth *
                         scenario.spending_growth, "rate_se": scenario.log10_rate_se, "level": level,
                         "max_orders": limit, **extra_values(fit)})
    return pd.DataFrame(rows)


def extra_values(fit) -> dict[str, float]:
    """The values of every extra parameter of the forms in use (a column each, NaN for a form without it; none
    for the paper's pair): the calculator's response reads them (:meth:`~compute_limits.stats.forms.Form.vega`)."""
    names = dict.fromkeys(p for f in forms.all_forms() for p in f.extra_params)
    return {p: dict(zip(forms.get(fit.form).extra_params, fit.extra)).get(p, float("nan")) for p in names}


def response_expr(form: str, error: str) -> str:
    """A Vega expression: the response of the error ``error`` under the form named by ``form`` (both Vega
    expressions), each registered form's :attr:`~compute_limits.stats.forms.Form.vega_response`; NaN for a
    name the registry does not know."""
    expr = "NaN"
    for f in reversed(forms.all_forms()):
        expr = f"{form} == {f.name!r} ? ({f.vega('response', error)}) : {expr}"
    return expr


def year_expr(value: str) -> str:
    """A Vega expression setting a calendar year as :func:`compute_limits.report.numbers.year` does."""
    return f"({value} > {HORIZON_YEAR} ? 'after {HORIZON_YEAR}' : ({value} == 1 / 0 ? 'never' : format(floor({value}), 'd')))"


def _calc(expr: str, name: str) -> dict:
    return {"calculate": expr, "as": name}


CALCULATOR_MESSAGES = {  # what the calculator says instead of a number, by input
    "target": "enter a target error between 0 and 100%",
    "price": "enter a price per GPU-hour above zero",
    "budget": "enter a budget above zero (US dollars)",
    "reached": "already reached",
}


def calculator_spec(rows: pd.DataFrame, headline: str, target_error: float, form: str, vintage: Vintage,
                    budget_usd: float, level: float) -> dict:
    """A vega-lite spec: inputs ``benchmark``, ``target`` (error, %, a number box), ``form``, ``price`` (USD per
    GPU-hour) and ``budget`` (USD), and four text lines that start ``Compute: ``, ``Cost: ``, ``CO2: `` and
    ``Affordable: ``, computed in the browser from the embedded coefficients exactly as the book computes
    ``projections.csv`` and ``affordability.csv`` (inversion, Fieller calibration interval, price, emissions,
    growth, and the year's Fieller interval with the growth rate's uncertainty).  An input out of
    its domain (an empty or negative budget, a price of zero, a target outside 0–100%) gets a sentence, not a
    number (:data:`CALCULATOR_MESSAGES`); a target the best model has already reached says so."""
    names = dict(zip(rows["benchmark"], rows["name"]))
    lvl = pct(level, 0)
    d = "datum."
    ok = {"target": "isValid(toNumber(target)) && toNumber(target) > 0 && toNumber(target) < 100",
          "price": "isValid(toNumber(price)) && toNumber(price) > 0",
          "budget": "isValid(toNumber(budget)) && toNumber(budget) > 0"}
    fieller = [
        _calc(f"({ok['target']}) ? toNumber(target) / 100 : 0.5", "e"),
        _calc(response_expr(d + "form", d + "e"), "y0"),
        _calc(f"{d}y0 - {d}a", "num"),
        _calc(f"{d}b > 0 ? {d}num / {d}b : NaN", "x"),
        _calc(f"{d}b * {d}b - {d}t * {d}t * {d}vbb", "qa"),
        _calc(f"-2 * ({d}num * {d}b + {d}t * {d}t * {d}vab)", "qb"),
        _calc(f"{d}num * {d}num - {d}t * {d}t * ({d}vaa + {d}s2)", "qc"),
        _calc(f"{d}qb * {d}qb - 4 * {d}qa * {d}qc", "disc"),
        _calc(f"(-{d}qb - sqrt({d}disc)) / (2 * {d}qa)", "lo"),
        _calc(f"(-{d}qb + sqrt({d}disc)) / (2 * {d}qa)", "hi"),
        # the book's one rule (stats.intervals.estimable): a bounded interval at most max_orders wide
        _calc(f"{d}b > 0 && {d}qa > 0 && {d}disc > 0 && {d}hi - {d}lo <= {d}max_orders", "estimable"),
        _calc(f"log(({ok['price']}) ? toNumber(price) : 1) / LN10 + {d}log10_chip_hours_per_flop", "price_shift"),
        _calc(f"{d}x + {d}price_shift", "log10_usd"),
        _calc(f"{d}x + {d}log10_kg_per_flop - 3", "log10_t"),
        _calc(f"log(({ok['budget']}) ? toNumber(budget) : 1) / LN10", "log10_budget"),
        _calc(f"{d}log10_usd <= {d}log10_budget ? 0 : ({d}growth > 1 ? "
              f"({d}log10_usd - {d}log10_budget) / (log({d}growth) / LN10) : 1 / 0)", "years"),
        _calc(f"{d}price_year + {d}years", "year"),
        # the year's Fieller interval, as analysis.projections.affordable_years: T = N/D with N = y0 − a + b·w,
        # D = b·h (w = price shift − log10 budget, h = log10 of the yearly growth, its standard error rate_se)
        _calc(f"{d}price_shift - {d}log10_budget", "w"),
        _calc(f"log({d}growth) / LN10", "h"),
        _calc(f"{d}num + {d}b * {d}w", "tn"),
        _calc(f"{d}b * {d}h", "td"),
        _calc(f"{d}vaa - 2 * {d}w * {d}vab + {d}w * {d}w * {d}vbb + {d}s2", "tvn"),
        _calc(f"{d}h * {d}h * {d}vbb + {d}b * {d}b * {d}rate_se * {d}rate_se", "tvd"),
        _calc(f"-{d}h * {d}vab + {d}w * {d}h * {d}vbb", "tc"),
        _calc(f"{d}td * {d}td - {d}t * {d}t * {d}tvd", "ta"),
        _calc(f"-2 * ({d}tn * {d}td - {d}t * {d}t * {d}tc)", "tb"),
        _calc(f"{d}tn * {d}tn - {d}t * {d}t * {d}tvn", "tq"),
        _calc(f"{d}tb * {d}tb - 4 * {d}ta * {d}tq", "tdisc"),
        _calc(f"{d}estimable && {d}h > 0 && {d}ta > 0 && {d}tdisc > 0", "year_estimable"),
        _calc(f"{d}price_year + max((-{d}tb - sqrt({d}tdisc)) / (2 * {d}ta), 0)", "year_lo"),
        _calc(f"{d}price_year + max((-{d}tb + sqrt({d}tdisc)) / (2 * {d}ta), 0)", "year_hi"),
        _calc(year_expr(d + "year"), "year_text"),
        _calc(f"{year_expr(d + 'year_lo')} == {year_expr(d + 'year_hi')} ? {year_expr(d + 'year_lo')} : "
              f"{year_expr(d + 'year_lo')} + (indexof({year_expr(d + 'year_hi')}, 'after') == 0 ? ' to ' : '–') + "
              f"{year_expr(d + 'year_hi')}", "year_range"),
        _calc(f"({ok['target']}) && {d}e >= {d}today", "reached"),
    ]
    ne = repr(NOT_ESTIMABLE)
    msg = {k: repr(v) for k, v in CALCULATOR_MESSAGES.items()}

    def line(prefix: str, needs: tuple[str, ...], number: str) -> str:
        """``prefix`` + the first message that applies (an input out of its domain, a target already reached,
        not estimable), else ``number``."""
        text = f"({d}estimable ? {number} : {ne})"
        text = f"({d}reached ? {msg['reached']} : {text})"
        for name in reversed(("target", *needs)):
            text = f"(({ok[name]}) ? {text} : {msg[name]})"
        return f"'{prefix}' + {text}"

    interval_txt = f"{pow10_expr(d + 'lo')} + '–' + {pow10_expr(d + 'hi')}"
    usd_interval = f"'$' + {pow10_expr(d + 'lo + ' + d + 'price_shift')} + '–' + {pow10_expr(d + 'hi + ' + d + 'price_shift')}"
    lines = [
        _calc(line("Compute: ", (), f"{pow10_expr(d + 'x')} + ' FLOP ({lvl} {LEVEL_KIND} ' + {interval_txt} + ')'"), "l0"),
        _calc(line("Cost: ", ("price",), f"'$' + {pow10_expr(d + 'log10_usd')} + ' ({lvl} {LEVEL_KIND} ' + "
                                         f"{usd_interval} + ')'"), "l1"),
        _calc(line("CO2: ", (), f"{pow10_expr(d + 'log10_t')} + ' t CO2e'"), "l2"),
        _calc(line("Affordable: ", ("price", "budget"),
                   f"(!{d}year_estimable ? {ne} : ({d}year_range == {d}year_text ? {d}year_text : "
                   f"{d}year_text + ' ({lvl} {YEAR_INTERVAL} ' + {d}year_range + ')'))"), "l3"),
        _calc(f"'Best so far: ' + format({d}today * 100, '.3~f') + '% error (' + {d}name + ')'", "l4"),
    ]
    slider, link = charts.log_slider("target", round(100 * target_error, 6), *TARGET_PCT, "Target error, log scale ")
    return {
        "$schema": f"https://vega.github.io/schema/vega-lite/v{charts.VL_VERSION.split('.')[0]}.json",
        "description": "what-if calculator",
        "usermeta": {"cl_log_links": [link]},
        "width": charts.WIDTH, "height": 130,
        "params": [
            {"name": "benchmark", "value": headline,
             "bind": {"input": "select", "options": list(names), "labels": list(names.values()), "name": "Benchmark "}},
            {"name": "target", "value": round(100 * target_error, 6),
             "bind": {"input": "number", "min": TARGET_PCT[0], "max": TARGET_PCT[1], "step": 0.1,
                      "name": "Target error (%) "}},
            slider,
            {"name": "form", "value": form,
             "bind": {"input": "radio", "options": list(forms.FORMS), "labels": [f.shown for f in forms.all_forms()],
                      "name": "Model form "}},
            {"name": "price", "value": vintage.price_usd_per_hour,
             "bind": {"input": "number", "min": 0.01, "step": 0.01, "name": "Price per GPU-hour (USD) "}},
            {"name": "budget", "value": budget_usd,
             "bind": {"input": "number", "min": 1, "step": 1000000, "name": "Budget (USD) "}},
        ],
        "data": {"values": rows.to_dict(orient="records")},
        "transform": [{"filter": "datum.benchmark == benchmark && datum.form == form"}, *fieller, *lines,
                      {"fold": ["l0", "l1", "l2", "l3", "l4"], "as": ["line", "text"]}],
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 14, "font": charts.FONT},
        "encoding": {
            "x": {"value": 4},
            "y": {"field": "line", "type": "ordinal", "axis": None},
            "text": {"field": "text", "type": "nominal"},
            "color": {"condition": {"test": "datum.line == 'l4'", "value": "#666"}, "value": "#111"},
        },
        "config": {"view": {"stroke": None}},
    }


def calculator_expected(table: pd.DataFrame, benchmark: str, form: str, target_error: float, price: float,
                        vintage: Vintage, budget_usd: float, scenario: Scenario, level: float,
                        fitset: dict) -> list[str]:
    """The four lines the calculator shows at these inputs, computed from ``table`` (projection rows of
    sample all) and ``fitset`` (the year's Fieller interval, :func:`~compute_limits.analysis.projections.affordable_years`)
    with the book's own functions: what the page must display at its defaults."""
    r = table[(table["benchmark"] == benchmark) & (table["form"] == form) & (table["model_set"] == "all")
              & np.isclose(table["target_error"], target_error)].iloc[0]
    per = log10_per_flop(vintage)
    shift = per["chip_hours"] + math.log10(price)
    log10_usd = r["log10_flops"] + shift
    if not r["estimable"]:
        return [p + NOT_ESTIMABLE for p in CALCULATOR_PREFIXES]
    years = scenario.years(log10_usd, budget_usd)
    w = per["chip_hours"] + math.log10(price) - math.log10(budget_usd)
    _, lo, hi = affordable_years(fitset[(benchmark, "all")], form, [target_error], w, scenario.log10_rate,
                                 scenario.log10_rate_se, level)
    when = Estimate(vintage.price_year + years, vintage.price_year + lo[0], vintage.price_year + hi[0], level,
                    YEAR_INTERVAL, bool(np.isfinite(lo[0]) and np.isfinite(hi[0])))
    level_kind = f"{pct(level, 0)} {LEVEL_KIND}"
    return [f"Compute: {flops(r['log10_flops'])} ({level_kind} {span(r['log10_flops_lo'], r['log10_flops_hi'])})",
            f"Cost: {usd(log10_usd)} ({level_kind} ${span(r['log10_flops_lo'] + shift, r['log10_flops_hi'] + shift)})",
            f"CO2: {tonnes(r['log10_flops'] + per['co2_kg'])}",
            f"Affordable: {estimate_parts(when, 'year')['with_interval']}"]


class VegaLite:
    """A raw vega-lite spec displayed with the book's renderer (interactive HTML, vector PDF)."""

    def __init__(self, spec: dict):
        self.spec = spec

    def _repr_mimebundle_(self, include=None, exclude=None):
        return charts.mimebundle(self.spec)

    def to_dict(self) -> dict:
        return self.spec
