"""Display tables of a benchmark page (formatted strings, short headers), and the figure directive its
page-dependent figure names need."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..analysis.benchmarks import BenchmarkAnalysis, frontier_form
from ..analysis.compute_measures import REL_TOL, ConsolidationSummary
from . import numbers as N
from .benchmarks import SAMPLE_NAMES, SHORT_MEASURES, coef, coef_interval, r2_pct
from .tables import table
from .text import count


def _form_name(form: str) -> str:
    return {"polynomial_year": "polynomial + year", frontier_form(): "frontier (quantile)"}.get(form, form)


def fits_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    f = a.fits
    out = pd.DataFrame({
        "sample": f["sample"].map(SAMPLE_NAMES), "metric": f["metric"],
        "form": f["form"].map(_form_name), "compute": f["compute"].map(SHORT_MEASURES), "n": f["n"].map(N.integer),
        "b (s.e.)": [f"{coef(b)} ({N.number(s, 2)})" for b, s in zip(f["slope"], f["slope_se"])],
        f"{N.pct(a.level)} CI of b": [coef_interval(lo, hi) for lo, hi in zip(f["slope_lo"], f["slope_hi"])],
        "R²": f["r2"].map(r2_pct),
        "k": [N.number(k, 3) if est and np.isfinite(k) else ("not estimable" if np.isfinite(k) else "–")
              for k, est in zip(f["k"], f["estimable"])],
    })
    return out.drop(columns="metric") if out["metric"].nunique() == 1 else out


def check_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    bad = a.check[a.check["status"] == "disagrees"]
    return pd.DataFrame({"model": bad["label"], "measure": bad["measure"].str.replace("_", " "),
                         "recorded (FLOP)": bad["recorded"].map(N.sci), "rebuilt (FLOP)": bad["rebuilt"].map(N.sci),
                         "rebuilt / recorded": bad["ratio"].map(lambda r: N.number(r, 2))})


def conversion_display(s: ConsolidationSummary) -> pd.DataFrame:
    c = s.conversion
    rows = [("intercept a (s.e.)", f"{N.number(c.intercept, 3)} ({N.number(c.intercept_se, 2)})"),
            ("slope b (s.e.)", f"{N.number(c.slope, 3)} ({N.number(c.slope_se, 2)})"),
            ("R²", r2_pct(c.r2)), ("models fitted on", N.integer(c.n))]
    if s.authors:
        au = s.authors
        rows += [("file's computing_power agrees, own hardware burden",
                  f"{N.integer(au['hw_agree'])} of {N.integer(au['hw_rows'])}"),
                 (f"file's computing_power agrees within {N.pct(REL_TOL)}, converted",
                  f"{N.integer(au['converted_agree'])} of {N.integer(au['converted_rows'])}"),
                 ("median ratio book / file, converted", N.number(au["converted_median_ratio"], 2))]
    if s.implied:
        rows.append(("line the file's converted values lie on",
                     f"a = {N.number(s.implied['intercept'], 3)}, b = {N.number(s.implied['slope'], 3)} "
                     f"({count(s.implied['n'], 'model')})"))
    return pd.DataFrame(rows, columns=["conversion regression", "value"])


def families_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    f = a.families
    return pd.DataFrame({
        "family": f["family"], "n": f["n"].map(N.integer),
        "b (s.e.)": [f"{coef(b)} ({N.number(s, 2)})" for b, s in zip(f["slope"], f["slope_se"])],
        f"{N.pct(a.level)} CI of b": [coef_interval(lo, hi) for lo, hi in zip(f["slope_lo"], f["slope_hi"])],
        "R²": f["r2"].map(lambda r: N.pct(r, 0) if r >= 0.005 else "below 1%"),
        "k": [N.number(k, 3) if est else "not estimable" for k, est in zip(f["k"], f["estimable"])],
        "models": f["models"].map(lambda m: "; ".join(m.split("; ")[:3]) + ("; …" if m.count("; ") >= 3 else "")),
    })


def comparison_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    c = a.comparison
    return pd.DataFrame({
        "sample": c["sample"].map(SAMPLE_NAMES), "compute": c["compute"].map(SHORT_MEASURES), "n": c["n"].map(N.integer),
        "R² poly. / exp.": [f"{r2_pct(p)} / {r2_pct(e)}" for p, e in zip(c["r2_polynomial"], c["r2_exponential"])],
        "ΔAIC": c["delta_aic"].map(lambda d: N.number(d, decimals=1)),
        "LOO poly. / exp.": [f"{N.number(p, 2)} / {N.number(e, 2)}"
                             for p, e in zip(c["loo_rmse_polynomial"], c["loo_rmse_exponential"])],
        "preferred": c["verdict"]})


def show_table(df: pd.DataFrame, caption: str, name: str) -> Markdown | None:
    """A numbered table, or nothing when ``df`` is empty."""
    return table(df, caption, name) if len(df) else None


def figure_block(key: str, name: str, caption: str) -> Markdown:
    """A ``{glue:figure}`` directive for a figure whose ``:name:`` depends on the page (benchmark pages share
    one source, and figure names must be unique across the book); ``caption`` is MyST, its first sentence
    the takeaway; the figure's Data · Code links are appended."""
    return Markdown(f"```{{glue:figure}} {key}\n:name: {name}\n\n{caption} {{glue:md}}`{key}_links`\n```\n")
