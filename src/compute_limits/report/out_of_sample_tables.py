"""Display tables of the out-of-sample chapter (values set by :mod:`.numbers`).

Cells carry a value and its interval in brackets, ``92% (82%–97%)``; the header names the interval
(``Coverage (95% CI)``), so wide tables stay narrow.  An unbounded interval reads "not estimable".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.frontier_growth import GrowthWindows, running_maximum
from ..analysis.out_of_sample import Evaluation
from ..stats import forms
from . import numbers as N
from .out_of_sample_charts import window_label

SKIP_REASONS = {"no_v1": "too few models before July 2020 to fit", "few_later": "too few later models"}
VARIANT_LABELS = {  # the conversion behind the 2020 fit; behind the later models
    "leaky": "all-model for both (before)",
    "main": "2020; later: all-model (now)",
    "strict_2020": "2020 for both",
    "measured": "2020; later: measured only",
}


def signed(x, sig: int = 2) -> str:
    """``+0.012`` / ``−0.073`` (a residual or a change, with its sign)."""
    return ("+" if np.isfinite(x) and x > 0 else "") + N.number(x, sig)


def cell(value, lo, hi, fmt=N.number, **kw) -> str:
    """``value (lo–hi)``; "not estimable" when the interval is unbounded; the value alone without one."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return N.NOT_ESTIMABLE if (np.isinf(lo) or np.isinf(hi)) else fmt(value, **kw)
    sep = " to " if fmt is signed else N.DASH
    kw = kw if "decimals" in kw or "sig" in kw else {"sig": 2}
    return f"{fmt(value, **kw)} ({N.interval(lo, hi, fmt, sep=sep, **kw)})"


def growth_cell(trend) -> str:
    """``14× a year (95% CI 6.5–28)``, or not estimable when its interval includes no growth."""
    if trend is None or not trend.estimable:
        return N.NOT_ESTIMABLE
    return (f"{N.growth(trend.growth_per_year)} ({N.pct(trend.level, 0)} CI "
            f"{N.interval(trend.growth_lo, trend.growth_hi, N.factor, sig=2)})")


def _ci(level: float) -> str:
    return f"({N.pct(level)} CI)"


def benchmarks_display(ev: Evaluation, names: dict[str, str]) -> pd.DataFrame:
    """Every configured benchmark: models on each side of July 2020 and whether it is tested."""
    rows = [{"Benchmark": names[b], "Before": N.integer(t.paper.n_train), "Later": N.integer(t.paper.n_test),
             "Tested": "yes"} for b, t in ev.tests.items()]
    rows += [{"Benchmark": r["name"], "Before": N.integer(r["n_v1"]), "Later": N.integer(r["n_later"]),
              "Tested": f"no: {SKIP_REASONS[r['reason']]}"} for _, r in ev.skipped.iterrows()]
    order = list(names.values())
    return pd.DataFrame(rows).sort_values("Benchmark", key=lambda s: s.map(order.index)).reset_index(drop=True)


def results_display(ev: Evaluation, names: dict[str, str]) -> pd.DataFrame:
    ci = _ci(ev.level)
    rows = []
    for b, t in ev.tests.items():
        p, e = t.paper, t.efficiency
        rows.append({
            "Benchmark": names[b], "n (2020 / later)": f"{N.integer(p.n_train)} / {N.integer(p.n_test)}",
            "RMSE in / out / exp.": " / ".join(N.number(v, 2) for v in (p.rmse_in_sample, p.rmse_out_of_sample,
                                                                         p.rmse_expected)),
            f"Mean residual {ci}": cell(p.mean_residual, p.mean_residual_lo, p.mean_residual_hi, signed),
            f"Coverage {ci}": cell(p.interval_coverage, p.interval_coverage_lo, p.interval_coverage_hi, N.pct, decimals=0),
            f"Times less compute {ci}": cell(e.factor, e.lo, e.hi, N.factor) if e.estimable else N.NOT_ESTIMABLE,
            "Time trend: mean residual": signed(t.time_trend_mean_residual),
        })
    return pd.DataFrame(rows)


def variants_display(ev: Evaluation, names: dict[str, str]) -> pd.DataFrame:
    ci = _ci(ev.level)
    rows = []
    for b, t in ev.tests.items():
        for v in t.variants:
            e = v.efficiency
            rows.append({"Benchmark": names[b], "Compute imputed by": VARIANT_LABELS[v.variant], "k": N.number(v.k, 3),
                         "n later": N.integer(v.n_test),
                         f"Coverage {ci}": cell(v.interval_coverage, v.interval_coverage_lo, v.interval_coverage_hi,
                                                N.pct, decimals=0),
                         "Mean residual": signed(v.mean_residual),
                         f"Times less compute {ci}": cell(e.factor, e.lo, e.hi, N.factor) if e.estimable
                         else N.NOT_ESTIMABLE})
    return pd.DataFrame(rows, columns=["Benchmark", "Compute imputed by", "k", "n later", f"Coverage {ci}",
                                       "Mean residual", f"Times less compute {ci}"])


def slope_display(ev: Evaluation, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Benchmark": names[b], f"k, 2020 fit {_ci(ev.level)}": cell(t.fits.fit(forms.PAPER_FORM).k, t.k_lo, t.k_hi, sig=3),
        "b, 2020": N.number(t.slope.slope_v1, 2), "b, later": N.number(t.slope.slope_later, 2),
        "Δb (s.e.)": f"{signed(t.slope.change)} ({N.number(t.slope.change_se, 2)})", "p": N.p_value(t.slope.change_p),
    } for b, t in ev.tests.items()])


def forms_display(ev: Evaluation, names: dict[str, str]) -> pd.DataFrame:
    """Every form in use on each tested benchmark: out-of-sample RMSE and coverage; ``p``: the paper's two forms'
    paired test."""
    ci = _ci(ev.level)
    rows = []
    for b, t in ev.tests.items():
        f = t.forms
        short = {g: forms.get(g).abbreviation.rstrip(".") for g in t.scored}  # "poly", "exp"
        rows.append({
            "Benchmark": names[b], "In sample": f.verdict_in_sample,
            f"RMSE {' / '.join(short.values())}": " / ".join(N.number(f.rmse[g], 2) for g in t.scored),
            "p": N.p_value(f.msd_p),
            **{f"Coverage {short[g]} {ci}": cell(s.interval_coverage, s.interval_coverage_lo, s.interval_coverage_hi,
                                                 N.pct, decimals=0) for g, s in t.scored.items()},
            "Out of sample": f.verdict_out_of_sample})
    return pd.DataFrame(rows)


def data_window(trend, start: float, end: float | None) -> str:
    """The years of the systems a trend was fitted on (``2013–2017``), and for the window from the cut-off on
    the cut-off too (``2021–2025 (from July 2020)``); the window asked for when nothing was fitted."""
    if trend is None:
        return window_label(start, end)
    years = N.show_interval(trend.start_year, trend.end_year, "year")
    return years if end is not None else f"{years} (from {window_label(start).removesuffix(' on')})"


def growth_display(windows: list[GrowthWindows], labels: dict[str, str]) -> pd.DataFrame:
    """The growth of each population in the paper's window and after the cut-off, with the change test; a
    running maximum's interval and p-value are marked as not valid (its points are selected on the outcome)."""
    rows = []
    for g in sorted(windows, key=lambda w: running_maximum(w)):  # the frontier first
        invalid = running_maximum(g)
        for trend, start, end in ((g.pre, g.pre_start, g.pre_end), (g.post, g.post_start, None)):
            growth = growth_cell(trend)
            if invalid and trend is not None:
                growth = f"{N.growth(trend.growth_per_year)} (no valid interval)"
            rows.append({"Population": labels[g.population], "Window": data_window(trend, start, end),
                         "Systems": N.integer(trend.n) if trend is not None else "0", "Growth": growth,
                         "Change p": ("" if end is not None else "no valid p-value" if invalid and g.post is not None
                                      else N.p_value(g.change_p))})
    return pd.DataFrame(rows)


TEST_LABELS = {  # how each test of out_of_sample_tests.csv is named in the table
    "mean_residual": "mean residual (polynomial)",
    "coverage": "coverage of the polynomial band",
    "below_band": "models below the polynomial band",
    "slope_change": "slope: later minus 2020",
    "forms_error": "the two forms' errors",
    "coverage_exponential": "coverage of the exponential band",
    "growth_change": "change of pace",
}


def tests_display(tests: pd.DataFrame, names: dict[str, str], labels: dict[str, str]) -> pd.DataFrame:
    """Every test of the chapter with its p-value, Holm's adjusted p-value (valid tests only) and whether each is
    significant at the chapter's level."""
    rows = []
    for _, r in tests.iterrows():
        valid = bool(r["valid"])
        rows.append({
            "Benchmark or population": names.get(r["benchmark"], r["benchmark"]) or labels.get(r["population"], r["population"]),
            "Test": TEST_LABELS.get(r["test"], r["test"]),
            "p": N.p_value(r["p_value"]) if valid else f"{N.p_value(r['p_value'])} (not valid)",
            "Holm p": N.p_value(r["p_holm"]) if valid else "",
            "Significant": ("yes" if r["significant_holm"] else "before adjustment only" if r["significant"] else "no")
            if valid else "not valid",
        })
    return pd.DataFrame(rows, columns=["Benchmark or population", "Test", "p", "Holm p", "Significant"])
