"""The history chapter's display tables: short, typeset cells and explicit column widths, so each
table fits the text column in HTML and the page in the PDF."""

from __future__ import annotations

import math
import re

import pandas as pd

from ..analysis import chips as C
from ..analysis import milestones as M
from . import numbers as N
from .history import ci, span
from .tables import table as _table


def table(df: pd.DataFrame, caption: str, name: str, widths: list[int] | None = None):
    """:func:`compute_limits.report.tables.table`, with one row of dashes when there is nothing to show
    (a table without rows breaks the PDF build)."""
    if df.empty:
        df = pd.DataFrame([{c: N.MISSING for c in df.columns}])
    return _table(df, caption, name, widths=widths)

_CHIP_NOISE = re.compile(r"\b(NVIDIA|Google|Tesla|GeForce|Cloud|PCIe|SXM\d?|DGXS|\d+\s?GB)\b", re.I)


def short_chip(name: str) -> str:
    """``"Tesla P100 PCIe 16 GB"`` → ``"P100"``; ``"Cloud TPU v3"`` → ``"TPU v3"`` (for narrow tables)."""
    return re.sub(r"\s+", " ", _CHIP_NOISE.sub("", str(name))).strip()


def _hardware_cell(chips, chip) -> str:
    if pd.isna(chips) and not chip:
        return ""
    name = " + ".join(short_chip(c) for c in str(chip).split(" + ")) if chip else "chips"
    return f"{N.integer(chips)} × {name}" if pd.notna(chips) else name


def _log10(x) -> str:
    return "" if pd.isna(x) or x <= 0 else N.pow10(math.log10(x), 1)


def milestone_table(ms: M.Milestones):
    """The milestone table: short cells (chips as ``2 × GTX 580``, compute as powers of ten) and
    explicit relative widths, so it fits the text column."""
    t = ms.table
    df = pd.DataFrame({
        "System": t["system"], "Year": t["year"].astype(int).astype(str),
        "Hardware": [_hardware_cell(n, c) for n, c in zip(t["chips"], t["chip"])],
        "Days": ["" if pd.isna(x) else N.number(x, 2) for x in t["days"]],
        "Burden": t["hardware_burden_flop"].map(_log10), "Epoch": t["epoch_training_compute_flop"].map(_log10),
        "Ratio": ["" if pd.isna(x) else N.number(x, 2) for x in t["ratio"]],
        "Note": t["note"],
    })
    caption = ("Milestone training runs. Burden: the authors' hardware burden (chips × peak rate × time, FLOP; "
               f"peaks at {C.PEAK_PRECISION['gpu']} for GPUs, {C.PEAK_PRECISION['tpu']} for TPUs); Epoch: Epoch "
               "AI's estimate of the operations performed (FLOP); Ratio: Burden / Epoch; Hardware: chips × chip "
               "(a Cloud TPU device counts as its four chips)")
    return table(df, caption, "tbl-history-milestones")


def trends_table(trends: pd.DataFrame, labels: dict[str, str], level: float):
    df = trends[trends["series"].isin(labels)].copy()
    df["order"] = df["series"].map({s: i for i, s in enumerate(labels)})
    df = df.sort_values("order")
    rows = pd.DataFrame({
        "Series": df["series"].map(labels).str.rsplit(", ", n=1).str[0],  # the window is the next column
        "Years": [span(a, b) for a, b in zip(df["start_year"], df["end_year"])],
        "n": df["n"].map(N.integer),
        "× a year": [N.number(g, 2) if e else N.NOT_ESTIMABLE for g, e in zip(df["growth_per_year"], df["estimable"])],
        ci(level): [N.interval(lo, hi, sig=2) if e else "" for lo, hi, e in
                    zip(df["growth_per_year_lo"], df["growth_per_year_hi"], df["estimable"])],
        "Doubling (months)": [N.number(d, 2) if e else "" for d, e in zip(df["doubling_months"], df["estimable"])],
    })
    return table(rows, f"Fitted growth per year with its {ci(level)}, and the doubling time; n: points fitted",
                 "tbl-history-trends")


def topk_table(topk: pd.DataFrame, level: float, split: float):
    rows = pd.DataFrame({
        "Frontier: top k at release": topk["top_k"].map(N.integer), "Systems": topk["n"].map(N.integer),
        "× a year": topk["growth_per_year"].map(lambda g: N.number(g, 2)),
        f"Doubling, months ({ci(level)})": [f"{N.number(d, 2)} ({N.interval(lo, hi, sig=2)})" for d, lo, hi in
                                            zip(topk["doubling_months"], topk["doubling_months_lo"],
                                                topk["doubling_months_hi"])],
    })
    return table(rows, f"The frontier's growth from {int(split)} on under each definition of the frontier",
                 "tbl-history-topk")


