"""The display tables of the benchmark pages and of the benchmark summary: which columns, each cell set by
its kind (:func:`compute_limits.report.numbers.show`), short headers; and the lists of benchmark names the
prose places (:func:`names`).  Every sentence is in the chapters; the tables' captions too.

A table is Markdown (:func:`compute_limits.report.tables.table`), so a string from a data file (a model's
name, a benchmark's) enters a cell through :func:`~compute_limits.report.tables.literal`, which makes Markdown
show it as it is."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..analysis.benchmarks import BenchmarkAnalysis, frontier_form
from ..analysis.claims import Evidence, verdict
from ..analysis.compute_measures import REL_TOL, ConsolidationSummary, compute_check_summary
from ..quantities import Kind
from ..stats import forms
from .numbers import MISSING, NOT_ESTIMABLE, sci, show, show_interval
from .tables import literal, table
from .text import count, join

SHORT_MEASURES = {"consolidated_hardware_burden": "consolidated", "hardware_burden": "hardware",
                  "network_operations": "network ops."}
SAMPLE_NAMES = {"all": "all", "v1": "v1"}
NUMBER2, NUMBER3, FACTOR2 = Kind("number", 2), Kind("number", 3), Kind("factor", 2)
SHORT_NOT_ESTIMABLE = "not estimable"  # in a table cell


def _coef_with_se(b: float, se: float) -> str:
    return f"{show(b, NUMBER2)} ({show(se, NUMBER2)})"


def _intervals(lo, hi) -> list[str]:
    return [show_interval(a, b, "coef") for a, b in zip(lo, hi)]


def _form_name(form: str) -> str:
    return {"polynomial_year": "polynomial + year", frontier_form(): "frontier (quantile)"}.get(form, form)


# ---------------------------------------------------------------- a benchmark page


def fits_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    f = a.fits
    out = pd.DataFrame({
        "model_set": f["model_set"].map(SAMPLE_NAMES), "metric": f["metric"],
        "form": f["form"].map(_form_name), "compute": f["compute"].map(SHORT_MEASURES),
        "n": [show(n, "count") for n in f["n"]],
        "b (s.e.)": [_coef_with_se(b, s) for b, s in zip(f["slope"], f["slope_se"])],
        f"{show(a.level, 'share')} CI of b": _intervals(f["slope_lo"], f["slope_hi"]),
        "R²": [show(r, "percent") for r in f["r2"]],
        "k": [show(k, NUMBER3) if est and np.isfinite(k) else (SHORT_NOT_ESTIMABLE if np.isfinite(k) else "–")
              for k, est in zip(f["k"], f["estimable"])],
    })
    return out.drop(columns="metric") if out["metric"].nunique() == 1 else out


def check_summary_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    """Per measure: values the file records, those rebuilt from their components, how many of those match
    (within ``REL_TOL``) and how many do not, and the largest relative difference."""
    s = compute_check_summary(a.check)
    return pd.DataFrame({
        "measure": s["measure"].str.replace("_", " "),
        "recorded": [show(n, "count") for n in s["recorded"]],
        "rebuilt from their components": [show(n, "count") for n in s["compared"]],
        "match": [show(n, "count") for n in s["agree"]],
        "do not match": [show(n, "count") for n in s["disagree"]],
        "largest difference": [show(d, "percent") for d in s["max_rel_diff"]],
    })


def check_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    """The rebuilt values that disagree with their record (compute as ``1.6 × 10¹⁸``)."""
    bad = a.check[a.check["status"] == "disagrees"]
    return pd.DataFrame({"model": bad["label"].map(literal), "measure": bad["measure"].str.replace("_", " "),
                         "recorded (FLOP)": bad["recorded"].map(sci), "rebuilt (FLOP)": bad["rebuilt"].map(sci),
                         "rebuilt / recorded": [show(r, NUMBER2) for r in bad["ratio"]]})


def conversion_display(s: ConsolidationSummary) -> pd.DataFrame:
    c = s.conversion
    rows = [("intercept a (s.e.)", f"{show(c.intercept, NUMBER3)} ({show(c.intercept_se, NUMBER2)})"),
            ("slope b (s.e.)", f"{show(c.slope, NUMBER3)} ({show(c.slope_se, NUMBER2)})"),
            ("R²", show(c.r2, "percent")), ("models fitted on", show(c.n, "count"))]
    if s.authors:
        au = s.authors
        rows += [("file's computing_power agrees, own hardware burden",
                  f"{show(au['hw_agree'], 'count')} of {show(au['hw_rows'], 'count')}"),
                 (f"file's computing_power agrees within {show(REL_TOL, 'share')}, converted",
                  f"{show(au['converted_agree'], 'count')} of {show(au['converted_rows'], 'count')}"),
                 ("median ratio book / file, converted", show(au["converted_median_ratio"], NUMBER2))]
    if s.implied:
        rows.append(("line the file's converted values lie on",
                     f"a = {show(s.implied['intercept'], NUMBER3)}, b = {show(s.implied['slope'], NUMBER3)} "
                     f"({count(s.implied['n'], 'model')})"))
    return pd.DataFrame(rows, columns=["conversion regression", "value"])


def _first_models(models: str, most: int = 3) -> str:
    """The first ``most`` of a family's models (``"; "``-separated labels), and an ellipsis for the rest."""
    labels = models.split("; ")
    return "; ".join(labels[:most]) + ("; …" if len(labels) > most else "")


def families_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    f = a.families
    return pd.DataFrame({
        "family": f["family"], "n": [show(n, "count") for n in f["n"]],
        "b (s.e.)": [_coef_with_se(b, s) for b, s in zip(f["slope"], f["slope_se"])],
        f"{show(a.level, 'share')} CI of b": _intervals(f["slope_lo"], f["slope_hi"]),
        "R²": [show(r, "percent") if r >= 0.005 else "below 1%" for r in f["r2"]],
        "k": [show(k, NUMBER3) if est else SHORT_NOT_ESTIMABLE for k, est in zip(f["k"], f["estimable"])],
        "models": f["models"].map(_first_models),
    })


_FORMS_SHORT = " / ".join(f.abbreviation for f in forms.all_forms())  # "poly. / exp.", a column's forms


def per_form(frame: pd.DataFrame, quantity: str, kind) -> list[str]:
    """Per row, ``quantity`` of every form (columns ``<quantity>_<form>``) in registry order: ``82% / 79%``."""
    return [" / ".join(show(v, kind) for v in vals) for vals in zip(*(frame[f"{quantity}_{f}"] for f in forms.FORMS))]


def comparison_display(a: BenchmarkAnalysis) -> pd.DataFrame:
    c = a.comparison
    return pd.DataFrame({
        "model_set": c["model_set"].map(SAMPLE_NAMES), "compute": c["compute"].map(SHORT_MEASURES),
        "n": [show(n, "count") for n in c["n"]],
        f"R² {_FORMS_SHORT}": per_form(c, "r2", "percent"),
        "ΔAIC": [show(d, "fixed") for d in c["delta_aic"]],
        f"LOO {_FORMS_SHORT}": per_form(c, "loo_rmse", NUMBER2),
        "preferred": c["verdict"], **extra_columns(c)})


def extra_columns(c: pd.DataFrame) -> dict[str, list[str]]:
    """A column per form in use with an extra fitted parameter: its profile value (standard error)."""
    return {f"{f.extra_params[0]} ({f.abbreviation}, s.e.)": [
        f"{show(v, NUMBER3)} ({show(se, NUMBER2) if np.isfinite(se) else MISSING})"
        for v, se in zip(c[f"extra_{f.name}"], c[f"extra_se_{f.name}"])] for f in forms.all_forms() if f.extra_params}


# ---------------------------------------------------------------- the summary page


def summary_display(t: pd.DataFrame) -> pd.DataFrame:
    """``benchmarks_summary.csv`` as the page shows it: the main fit of every benchmark and its v1-sample fit."""
    level = show(t["level"].iloc[0], "share") if len(t) else ""
    return pd.DataFrame({
        "benchmark": t["name"].map(literal), "compute": t["compute"].map(SHORT_MEASURES),
        "n": [show(n, "count") for n in t["n"]],
        f"b ({level} CI)": [f"{show(b, NUMBER2)} ({show_interval(lo, hi, 'coef')})"
                            for b, lo, hi in zip(t["slope"], t["slope_lo"], t["slope_hi"])],
        "k·R² to k": [show_interval(r, k, NUMBER3) if est else SHORT_NOT_ESTIMABLE
                      for r, k, est in zip(t["k_reverse"], t["k"], t["estimable"])],
        f"R² {_FORMS_SHORT}": per_form(t, "r2", "percent"),
        "preferred form": t["verdict"],
        "years per tenfold compute": [f"{show(y, NUMBER2)} ({show_interval(lo, hi, NUMBER2)})" if est
                                      else SHORT_NOT_ESTIMABLE for y, lo, hi, est in
                                      zip(t["years_per_10x"], t["years_lo"], t["years_hi"], t["years_estimable"])],
        "R² added by the time trend": [show(g, "points") if np.isfinite(g) else MISSING for g in t["r2_gain"]],
        "v1 sample: n, R²": [f"{show(n, 'count')}, {show(r, 'percent')}" if n else "no fit"
                             for n, r in zip(t["v1_n"], t["v1_r2"])],
    })


def _book_value(e: Evidence) -> str:
    """The book's value of one claims-evidence row, set by its unit: a fraction with its interval, years per
    tenfold compute with theirs, a share of benchmarks, a factor (the error per tenfold compute) or a slope with
    its interval."""
    if e.unit == "fraction":
        return f"{show(e.book_value, 'percent')} ({show_interval(e.book_lo, e.book_hi, 'percent')})"
    if e.unit in ("years", "share of benchmarks") and not e.estimable:
        return NOT_ESTIMABLE
    if e.unit == "years":
        return f"{show(e.book_value, Kind('years', 2))} ({show_interval(e.book_lo, e.book_hi, NUMBER2)})"
    if e.unit == "share of benchmarks":
        return show(e.book_value, "percent")
    if not np.isfinite(e.book_value):
        return MISSING
    if e.unit.startswith("×"):  # a factor, e.g. the error per tenfold compute
        return (f"{show(e.book_value, FACTOR2)} ({show_interval(e.book_lo, e.book_hi, FACTOR2)}) "
                f"{e.unit.removeprefix('×').strip()}").strip()
    return f"{show(e.book_value, NUMBER2)} ({show_interval(e.book_lo, e.book_hi, 'coef')})"


def claims_display(rows: list[Evidence], sources: dict | None = None) -> pd.DataFrame:
    """The paper's statements beside the book's values, with the ledger's verdict and, given ``sources``
    (``literature.toml``'s ``[claim.<id>]``), where each statement comes from (paper, press or secondary)."""
    out = pd.DataFrame({"the paper (v1)": [literal(r.claim.removeprefix("v1: ")) for r in rows],
                        "paper": [literal(r.paper_value) for r in rows], "this book": [_book_value(r) for r in rows],
                        "verdict": [verdict({**r.__dict__}) for r in rows]})
    if sources is not None:
        out.insert(1, "source", [sources[r.claim_id].source if r.claim_id in sources else "" for r in rows])
    return out


# ---------------------------------------------------------------- shared


def show_table(df: pd.DataFrame, caption: str, name: str) -> Markdown | None:
    """A numbered table, or nothing when ``df`` is empty."""
    return table(df, caption, name) if len(df) else None


def names(obj) -> dict[str, str]:
    """Every tuple of benchmark names in ``obj`` (a dataclass; also inside a dict field), joined for prose as
    ``<field>_names`` (``<field>_<key>_names``): ``("ImageNet", "MS COCO", "SQuAD 1.1")`` →
    ``"ImageNet, MS COCO and SQuAD 1.1"``; an empty tuple reads ``"none"``.  Glue the result beside the
    object (``glue_all(prefix, names(obj))``): the names are data, glued as plain text."""
    out = {}
    for f in fields(obj) if is_dataclass(obj) else ():
        value = getattr(obj, f.name)
        items = value.items() if isinstance(value, dict) else [("", value)]
        for key, v in items:
            if isinstance(v, tuple):
                out[f"{f.name}_{key}_names" if key else f"{f.name}_names"] = join(v) if v else "none"
    return out
