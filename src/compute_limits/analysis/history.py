"""The history of compute in machine learning: trends, the frontier, milestones, hardware.

* :func:`fit_trend`: OLS of ``log10(value)`` on decimal year, with a t-based
  confidence interval on the slope, turned into growth per year and doubling time.
* :func:`frontier_mask`: the systems that were among the ``top_k`` by training
  compute of everything in the table at their release date.
* :func:`era_trends`, :func:`split_sensitivity`, :func:`topk_sensitivity`: the
  per-era fits of the long-run figure and how they move with the split year and
  the frontier definition.
* :data:`MILESTONES` and :func:`milestone_table`: an explicit, documented
  mapping between the authors' rows (hardware burden = chips × peak rate × time)
  and Epoch AI's rows (training-compute estimates) for the same systems.
* :func:`hardware_series`, :func:`run_anatomy`: peak rates of chips and the
  chips, days, cost and achieved throughput of training runs.
* chart builders (altair) for the chapter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from . import charts

from ..stats.trends import TREND_COLUMNS, Trend, doubling_months, fit_trend, slope_from_doubling, trends_table  # noqa: F401


def window(df: pd.DataFrame, start: float | None = None, end: float | None = None, col: str = "year") -> pd.DataFrame:
    """Rows with ``start <= col < end`` (open bounds when None)."""
    keep = pd.Series(True, index=df.index)
    if start is not None:
        keep &= df[col] >= start
    if end is not None:
        keep &= df[col] < end
    return df[keep]


# --------------------------------------------------------------------------
# Populations: notable systems and the frontier
# --------------------------------------------------------------------------


def with_compute(epoch: pd.DataFrame) -> pd.DataFrame:
    """Epoch rows with a training-compute estimate and a date, sorted by date."""
    return epoch[epoch["compute"].notna() & epoch["date"].notna()].sort_values("date").reset_index(drop=True)


def rank_at_release(df: pd.DataFrame) -> pd.Series:
    """Rank (1 = largest) of each system's compute among all systems released on or before its date."""
    d = df["date"].to_numpy()
    c = df["compute"].to_numpy(dtype=float)
    rank = np.empty(len(df), dtype=int)
    for i in range(len(df)):
        earlier = d <= d[i]
        rank[i] = 1 + int(np.sum(c[earlier] > c[i]))
    return pd.Series(rank, index=df.index, name="rank_at_release")


def frontier_mask(df: pd.DataFrame, top_k: int = 10) -> pd.Series:
    """True for systems among the ``top_k`` by compute of all systems in ``df`` released by their date.

    ``df`` should hold every system with a compute estimate (notable or not):
    the frontier is judged against everything known at the time.
    """
    if top_k < 1:
        raise ValueError("top_k must be >= 1")
    return rank_at_release(df) <= top_k


def era_trends(df: pd.DataFrame, split: float, end: float | None = None, start: float = 1950.0,
               frontier: pd.DataFrame | None = None, prefix: str = "") -> dict[str, Trend]:
    """Fits before ``split`` and after it on ``df`` (e.g. notable systems), and after it on the
    ``frontier`` systems (a table of its own: the frontier is judged against all systems)."""
    out = {}
    pre = window(df, start, split)
    post = window(df, split, end)
    out["pre"] = fit_trend(pre["year"], pre["compute"], f"{prefix}notable_pre_dl")
    out["post"] = fit_trend(post["year"], post["compute"], f"{prefix}notable_all")
    if frontier is not None:
        fr = window(frontier, split, end)
        out["frontier"] = fit_trend(fr["year"], fr["compute"], f"{prefix}frontier")
    return out


def split_sensitivity(df: pd.DataFrame, splits, end: float | None = None, start: float = 1950.0,
                      frontier: pd.DataFrame | None = None) -> pd.DataFrame:
    """The era fits for each split year: one row per (split, era) with doubling time and CI."""
    rows = []
    for split in splits:
        for era, trend in era_trends(df, float(split), end, start, frontier).items():
            rows.append({"split": float(split), "era": era, "n": trend.n,
                         "growth_per_year": trend.growth_per_year,
                         "doubling_months": trend.doubling_months,
                         "doubling_months_lo": trend.doubling_months_lo,
                         "doubling_months_hi": trend.doubling_months_hi})
    return pd.DataFrame(rows)


def topk_sensitivity(all_systems: pd.DataFrame, ks, start: float, end: float | None = None) -> pd.DataFrame:
    """Frontier doubling time after ``start`` for each top-k definition of the frontier."""
    rows = []
    for k in ks:
        mask = frontier_mask(all_systems, int(k))
        fr = window(all_systems[mask], start, end)
        t = fit_trend(fr["year"], fr["compute"], f"frontier_top{k}")
        rows.append({"top_k": int(k), "n": t.n, "growth_per_year": t.growth_per_year,
                     "doubling_months": t.doubling_months, "doubling_months_lo": t.doubling_months_lo,
                     "doubling_months_hi": t.doubling_months_hi})
    return pd.DataFrame(rows)


def domain_group(domain: pd.Series, keep=("Language", "Vision", "Games", "Speech", "Biology",
                                          "Image generation", "Multimodal")) -> pd.Series:
    """First listed domain, with rare domains pooled as 'Other' (for a readable colour legend)."""
    first = domain.fillna("Other").astype(str).str.split(",").str[0].str.strip()
    return first.where(first.isin(keep), "Other")


# --------------------------------------------------------------------------
# Milestones: the authors' hardware burden next to Epoch's estimate
# --------------------------------------------------------------------------

# Cloud TPU rows in the authors' data count devices (boards) of four chips each
# (the peak rate recorded, 180 / 420 TFLOPS, is the board's): Jouppi et al. 2020.
CHIPS_PER_UNIT = {"Cloud TPU v2": 4, "Cloud TPU v3": 4}

# The explicit name mapping between the two tables.  Each entry: the label shown,
# the authors' benchmark id and model name, Epoch's model name (None when Epoch
# has no row for the same training run) and a note on what differs.
MILESTONES = [
    dict(system="AlexNet", benchmark="imagenet", authors="AlexNet", epoch="AlexNet", note=""),
    dict(system="VGG-19", benchmark="imagenet", authors="VGG-19", epoch="VGG19", note=""),
    dict(system="GNMT", benchmark="wmt14_en_fr", authors="GNMT+RL", epoch="GNMT",
         note="authors: the WMT'14 En-Fr run"),
    dict(system="Xception", benchmark="imagenet", authors="Xception", epoch="Xception",
         note="Epoch counts the month-long JFT run; the authors the 3-day ImageNet run"),
    dict(system="ResNeXt-101", benchmark="imagenet", authors="ResNeXt-101 64x4", epoch=None,
         note="Epoch has only ResNeXt-101 32x48d (2018, Instagram-pretrained), a different run"),
    dict(system="Transformer (big)", benchmark="wmt14_en_fr", authors="Transformer (big)", epoch="Transformer", note=""),
    dict(system="NASNet-A", benchmark="imagenet", authors="NASNET-A(6)", epoch=None,
         note="not in Epoch's table"),
    dict(system="AmoebaNet-A", benchmark="imagenet", authors="AmoebaNet-A", epoch="AmoebaNet-A (F=448)",
         note="Epoch: 450 K40s for 7 days; authors: 100 P100s for 7 days"),
    dict(system="BERT-Large", benchmark="squad", authors="BERT (single model)", epoch="BERT-Large",
         note="authors give the burden but not the chips"),
    dict(system="NoisyStudent", benchmark="imagenet", authors="NoisyStudent (EfficientNet-L2)",
         epoch="Noisy Student (L2)", note=""),
    dict(system="Meta Pseudo Labels", benchmark="imagenet", authors="Meta Pseudo Labels (EfficientNet-L2)",
         epoch="Meta Pseudo Labels", note=""),
    dict(system="ViT-H/14", benchmark="imagenet", authors="ViT-H/14", epoch="ViT-Huge/14",
         note="authors: 1 TPU v3 device for 2,500 core-days"),
    dict(system="Florence", benchmark="coco", authors="Florence-CoSwin-H", epoch="Florence",
         note="authors use the A100's FP32 peak; Epoch its tensor-core rate"),
    dict(system="CoCa", benchmark="imagenet", authors="CoCa", epoch="CoCa", note="authors give the burden but not the chips"),
]

# Systems only Epoch's table holds (early history and today's frontier).
EPOCH_ONLY_MILESTONES = [
    "Theseus", "Perceptron Mark I", "ADALINE", "Perceptron (1960)", "Neocognitron", "Back-propagation",
    "NetTalk (transcription)", "Zip CNN", "TD-Gammon", "LeNet-5", "AlphaGo Zero",
    "GPT-3 175B (davinci)", "GPT-4", "Gemini 1.0 Ultra", "Llama 3.1-405B",
]

MILESTONE_COLUMNS = ["system", "year", "chips", "chip", "days", "hardware_burden_flop",
                     "epoch_training_compute_flop", "ratio", "source", "epoch_system", "note"]


def authors_hardware(row: pd.Series, stage: str = "training") -> dict:
    """Chips, chip names, days and recomputed burden (Σ count × peak × seconds) of one authors' row."""
    chips, names, burden = 0.0, [], 0.0
    seconds = row.get(f"{stage}_time_total_sec", np.nan)
    for kind in ("gpu", "tpu", "cpu"):
        amount = row.get(f"{stage}_{kind}_amount", np.nan)
        if pd.isna(amount):
            continue
        model = str(row.get(f"{stage}_{kind}_model", kind.upper()))
        chips += float(amount) * CHIPS_PER_UNIT.get(model, 1)
        names.append(model)
        peak = row.get(f"{stage}_{kind}_ptp_gflops", np.nan)
        burden += float(amount) * float(peak) * 1e9 * float(seconds)
    return {"chips": chips if names else np.nan, "chip": " + ".join(names) if names else "",
            "days": float(seconds) / 86400 if pd.notna(seconds) else np.nan,
            "hardware_burden_recomputed": burden if names and pd.notna(seconds) else np.nan}


def _epoch_row(epoch: pd.DataFrame, name: str | None):
    if not name:
        return None
    hit = epoch[epoch["model"] == name]
    return None if hit.empty else hit.iloc[0]


def milestone_table(benchmarks: dict[str, pd.DataFrame], epoch: pd.DataFrame,
                    mapping=MILESTONES, epoch_only=EPOCH_ONLY_MILESTONES, add_largest: bool = True) -> pd.DataFrame:
    """One row per milestone: chips, days and hardware burden from the authors' data next to
    Epoch's training compute, ``ratio`` = burden / Epoch compute.  Systems only Epoch holds take
    chips (hardware quantity) and days (training time) from Epoch.  Missing names give NaN, not errors."""
    rows = []
    for m in mapping:
        bench = benchmarks.get(m["benchmark"])
        hit = None if bench is None else bench[bench["model"] == m["authors"]]
        if hit is not None and hit["hardware_burden"].notna().any():
            hit = hit[hit["hardware_burden"].notna()]  # the row the burden was measured on
        e = _epoch_row(epoch, m["epoch"])
        note = m["note"]
        if e is None and m["epoch"]:
            note = (note + "; " if note else "") + f"Epoch row {m['epoch']!r} not found"
        if hit is None or hit.empty:
            if e is None:
                continue
            a = None
        else:
            a = hit.iloc[0]
        hw = authors_hardware(a) if a is not None else {"chips": np.nan, "chip": "", "days": np.nan}
        year = int(math.floor(a["date"])) if a is not None else int(e["date"].year)
        rows.append({
            "system": m["system"], "year": year, "chips": hw["chips"], "chip": hw["chip"], "days": hw["days"],
            "hardware_burden_flop": float(a["hardware_burden"]) if a is not None else np.nan,
            "epoch_training_compute_flop": float(e["compute"]) if e is not None else np.nan,
            "source": f"authors ({m['benchmark']}) + Epoch" if e is not None else f"authors ({m['benchmark']})",
            "epoch_system": m["epoch"] if e is not None else "", "note": note,
        })
    names = list(epoch_only)
    if add_largest:
        top = with_compute(epoch).sort_values("compute", ascending=False)
        if not top.empty and top.iloc[0]["model"] not in names:
            names.append(top.iloc[0]["model"])
    for name in names:
        e = _epoch_row(epoch, name)
        if e is None:
            continue
        rows.append({
            "system": name, "year": int(e["date"].year), "chips": e["hardware_quantity"],
            "chip": "" if pd.isna(e["hardware"]) else str(e["hardware"]),
            "days": e["training_hours"] / 24 if pd.notna(e["training_hours"]) else np.nan,
            "hardware_burden_flop": np.nan, "epoch_training_compute_flop": e["compute"],
            "source": "Epoch", "epoch_system": name, "note": "",
        })
    out = pd.DataFrame(rows, columns=[c for c in MILESTONE_COLUMNS if c != "ratio"])
    out["ratio"] = out["hardware_burden_flop"] / out["epoch_training_compute_flop"]
    out = out.sort_values("year", kind="stable")
    return out[MILESTONE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------
# Hardware and the anatomy of training runs
# --------------------------------------------------------------------------


def best_per_year(hw: pd.DataFrame) -> pd.DataFrame:
    """The chip with the highest peak rate released in each year."""
    hw = hw[hw["gflops"].notna() & hw["year"].notna()]
    idx = hw.groupby("year")["gflops"].idxmax()
    return hw.loc[idx].sort_values("year").reset_index(drop=True)


def hardware_series(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """All chips of all kinds (``kind, chip, year, gflops``) with a flag for the best of each year and kind.

    Pods (many-chip systems) are dropped: they are not single processors.
    """
    frames = []
    for kind, hw in tables.items():
        hw = hw[hw["gflops"].notna() & hw["year"].notna()].copy()
        hw = hw[~hw["chip"].astype(str).str.contains("Pod", case=False)]
        hw["best_of_year"] = hw.index.isin(hw.groupby("year")["gflops"].idxmax())
        hw["kind"] = {"tpu": "TPU (4-chip device)"}.get(kind, kind.upper())
        frames.append(hw)
    out = pd.concat(frames, ignore_index=True)
    out["year_mid"] = out["year"] + 0.5
    return out


def run_anatomy(epoch: pd.DataFrame) -> pd.DataFrame:
    """Per-run quantities where Epoch has them: chips, days, chip-hours, cost, compute per dollar and
    achieved throughput per chip (compute / (chips × seconds))."""
    df = epoch.copy()
    df["chips"] = df["hardware_quantity"]
    df["days"] = df["training_hours"] / 24
    chip_hours = df["chip_hours"].where(df["chip_hours"].notna(), df["chips"] * df["training_hours"])
    df["chip_hours_any"] = chip_hours
    df["cost"] = df["cost_2023_usd"]
    df["flop_per_dollar"] = df["compute"] / df["cost"]
    df["achieved_flops_per_chip"] = df["compute"] / (df["chips"] * df["training_hours"] * 3600)
    return df


ANATOMY_SERIES = {
    "chips_per_run": "chips",
    "training_days_per_run": "days",
    "chip_hours_per_run": "chip_hours_any",
    "achieved_flops_per_chip": "achieved_flops_per_chip",
    "cost_per_run": "cost",
    "compute_per_dollar": "flop_per_dollar",
}


def anatomy_trends(anatomy: pd.DataFrame, start: float, end: float | None = None, prefix: str = "",
                   min_n: int = 8) -> list[Trend]:
    """A trend for each per-run quantity over ``[start, end)`` (skipped when fewer than ``min_n`` rows)."""
    out = []
    rows = window(anatomy, start, end)
    for series, col in ANATOMY_SERIES.items():
        sub = rows[rows[col].notna() & (rows[col] > 0)]
        if len(sub) >= min_n:
            out.append(fit_trend(sub["year"], sub[col], prefix + series))
    return out


def imagenet_history(imagenet: pd.DataFrame, reference: str = "AlexNet") -> pd.DataFrame:
    """ImageNet models with compute (the authors' consolidated hardware burden), normalised to AlexNet's."""
    df = imagenet[imagenet["computing_power"].notna()].copy()
    ref = df.loc[df["model"] == reference, "computing_power"]
    if ref.empty:
        raise ValueError(f"reference model {reference!r} has no computing_power")
    df["relative"] = df["computing_power"] / float(ref.iloc[0])
    df["measure"] = np.where(df["hardware_burden"].notna(), "hardware burden (measured)",
                             "predicted from network operations")
    return df.sort_values("date").reset_index(drop=True)


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def _trend_lines(trends: dict[str, Trend], labels: dict[str, str]) -> pd.DataFrame:
    rows = []
    for key, t in trends.items():
        for x in (t.start_year, t.end_year):
            rows.append({"trend": labels.get(key, key), "year": x, "compute": 10 ** float(t.predict_log10(x)),
                         "doubling": f"{t.doubling_months:.1f} months" if np.isfinite(t.doubling_months) else "none"})
    return pd.DataFrame(rows)


def longrun_chart(points: pd.DataFrame, trends: dict[str, Trend], labels: dict[str, str],
                  title: str = "Training compute of notable systems") -> alt.Chart:
    """Log-scale scatter of training compute over time with era trend lines (tooltips on both)."""
    pts = points.assign(date_str=points["date"].dt.strftime("%Y-%m-%d"),
                        domain_group=domain_group(points["domain"]),
                        organization=points["organization"].fillna("unknown"),
                        on_frontier=np.where(points.get("frontier", False), "frontier (top-k at release)", "other"))
    pts = pts[["model", "organization", "date_str", "year", "compute", "domain", "domain_group", "on_frontier"]]
    scale_y = alt.Scale(type="log")
    base = alt.Chart(pts).mark_point(filled=True, size=28, opacity=0.65).encode(
        x=alt.X("year:Q", title="Publication date", scale=alt.Scale(zero=False), axis=alt.Axis(format="d")),
        y=alt.Y("compute:Q", title="Training compute (FLOP)", scale=scale_y, axis=alt.Axis(format="~e")),
        color=alt.Color("domain_group:N", title="Domain", legend=alt.Legend(labelLimit=360)),
        shape=alt.Shape("on_frontier:N", title="", scale=alt.Scale(domain=["frontier (top-k at release)", "other"],
                                                                     range=["diamond", "circle"])),
        tooltip=[alt.Tooltip("model:N", title="System"), alt.Tooltip("organization:N", title="Organisation"),
                 alt.Tooltip("date_str:N", title="Date"),
                 alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format()),
                 alt.Tooltip("domain:N", title="Domain")],
    )
    lines = alt.Chart(_trend_lines(trends, labels)).mark_line(strokeWidth=2.5).encode(
        x="year:Q", y=alt.Y("compute:Q", scale=scale_y),
        strokeDash=alt.StrokeDash("trend:N", title="Fitted trend", legend=alt.Legend(labelLimit=360)),
        detail="trend:N",
        color=alt.value("#000000"),
        tooltip=[alt.Tooltip("trend:N", title="Trend"), alt.Tooltip("doubling:N", title="Doubling time")],
    )
    return (base + lines).properties(title=title, width=charts.WIDTH, height=380).resolve_scale(color="independent")


def sensitivity_chart(sens: pd.DataFrame, labels: dict[str, str], chosen: float) -> alt.Chart:
    """Doubling time (with CI) of each era against the split year."""
    df = sens.assign(era_label=sens["era"].map(labels).fillna(sens["era"]))
    df = df.replace([np.inf, -np.inf], np.nan)
    base = alt.Chart(df).encode(
        x=alt.X("split:Q", title="Split year between eras", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        color=alt.Color("era_label:N", title="Era", legend=alt.Legend(labelLimit=360)))
    band = base.mark_area(opacity=0.18).encode(y=alt.Y("doubling_months_lo:Q"), y2="doubling_months_hi:Q")
    line = base.mark_line(point=True).encode(
        y=alt.Y("doubling_months:Q", title="Doubling time (months, log scale)", scale=alt.Scale(type="log")),
        tooltip=[alt.Tooltip("era_label:N", title="Era"), alt.Tooltip("split:Q", title="Split"),
                 alt.Tooltip("n:Q", title="Systems"), alt.Tooltip("doubling_months:Q", title="Doubling (months)", format=".1f"),
                 alt.Tooltip("doubling_months_lo:Q", title="CI low", format=".1f"),
                 alt.Tooltip("doubling_months_hi:Q", title="CI high", format=".1f")])
    rule = alt.Chart(pd.DataFrame({"split": [chosen]})).mark_rule(strokeDash=[4, 4], color="#555").encode(x="split:Q")
    return (band + line + rule).properties(width=charts.WIDTH, height=300)


def growth_forest_chart(table: pd.DataFrame, labels: dict[str, str], references: dict[str, float]) -> alt.Chart:
    """Growth per year (log scale) with its CI for each series, and reference rates as vertical rules."""
    df = table[table["series"].isin(labels)].copy()
    df["label"] = df["series"].map(labels)
    order = [labels[s] for s in labels if s in set(df["series"])]
    y = alt.Y("label:N", title=None, sort=order)
    xs = alt.Scale(type="log")
    bars = alt.Chart(df).mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("growth_per_year_lo:Q", scale=xs, title="Growth per year (×, log scale)"), x2="growth_per_year_hi:Q")
    pts = alt.Chart(df).mark_point(filled=True, size=60, color="#000").encode(
        y=y, x=alt.X("growth_per_year:Q", scale=xs),
        tooltip=[alt.Tooltip("label:N", title="Series"), alt.Tooltip("n:Q", title="Points"),
                 alt.Tooltip("start_year:Q", title="From", format=".1f"), alt.Tooltip("end_year:Q", title="To", format=".1f"),
                 alt.Tooltip("growth_per_year:Q", title="× per year", format=".2f"),
                 alt.Tooltip("doubling_months:Q", title="Doubling (months)", format=".1f")])
    ref = pd.DataFrame({"reference": list(references), "growth_per_year": list(references.values())})
    rules = alt.Chart(ref).mark_rule(strokeDash=[5, 3]).encode(
        x=alt.X("growth_per_year:Q", scale=xs), color=alt.Color("reference:N", title="Reference", legend=alt.Legend(labelLimit=360)),
        tooltip=[alt.Tooltip("reference:N"), alt.Tooltip("growth_per_year:Q", format=".2f", title="× per year")])
    return (bars + pts + rules).properties(width=charts.WIDTH - 120, height=28 * max(len(df), 3))


def hardware_chart(hw: pd.DataFrame, gpu_trend: Trend, compute_trend: Trend | None = None,
                   compute_label: str = "") -> alt.Chart:
    """Peak GFLOPS per chip over time (GPUs, CPUs, TPUs) with the fitted best-GPU trend."""
    df = hw[["kind", "chip", "year", "year_mid", "gflops", "best_of_year"]].copy()
    df["year"] = df["year"].astype(int)
    scale_y = alt.Scale(type="log")
    pts = alt.Chart(df).mark_point(filled=True, size=22, opacity=0.5).encode(
        x=alt.X("year_mid:Q", title="Release year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("gflops:Q", title="Peak GFLOPS per chip (log scale)", scale=scale_y, axis=alt.Axis(format="~e")),
        color=alt.Color("kind:N", title="Chip", legend=alt.Legend(labelLimit=360)),
        tooltip=[alt.Tooltip("chip:N", title="Chip"), alt.Tooltip("kind:N"), alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("gflops:Q", title="Peak GFLOPS", format=",.0f")])
    xs = np.array([gpu_trend.start_year, gpu_trend.end_year])
    line_rows = [{"trend": f"best GPU of each year: ×{gpu_trend.growth_per_year:.2f}/yr", "year_mid": x,
                  "gflops": 10 ** float(gpu_trend.predict_log10(x))} for x in xs]
    if compute_trend is not None:
        # the compute trend drawn through the same starting point, to compare slopes
        y0 = 10 ** float(gpu_trend.predict_log10(xs[0]))
        for x in xs:
            line_rows.append({"trend": f"{compute_label}: ×{compute_trend.growth_per_year:.1f}/yr (same start)",
                              "year_mid": x, "gflops": y0 * 10 ** (compute_trend.slope * (x - xs[0]))})
    lines = alt.Chart(pd.DataFrame(line_rows)).mark_line(strokeWidth=2.5, color="#000").encode(
        x="year_mid:Q", y=alt.Y("gflops:Q", scale=scale_y), strokeDash=alt.StrokeDash("trend:N", title="Trend", legend=alt.Legend(labelLimit=360)),
        tooltip=[alt.Tooltip("trend:N")])
    return (pts + lines).properties(width=charts.WIDTH, height=340).resolve_scale(color="independent")


def anatomy_chart(anatomy: pd.DataFrame, start: float, panels: dict[str, tuple[str, str]],
                  min_n: int = 8) -> alt.VConcatChart:
    """Small multiples: each per-run quantity over time (log scale) since ``start``, with its
    log-linear OLS trend.  ``panels`` maps a column to (title, d3 axis format)."""
    df = window(anatomy, start)
    charts_ = []
    for col, (title, fmt) in panels.items():
        sub = df[df[col].notna() & (df[col] > 0)].copy()
        sub["date_str"] = sub["date"].dt.strftime("%Y-%m-%d")
        sub["value"] = sub[col]
        sub["organization"] = sub["organization"].fillna("unknown")
        sub = sub[["model", "organization", "date_str", "year", "value", "compute"]]
        ys = alt.Scale(type="log")
        layer = alt.Chart(sub).mark_point(filled=True, size=22, opacity=0.6).encode(
            x=alt.X("year:Q", title="Publication date", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
            y=alt.Y("value:Q", title=title, scale=ys, axis=alt.Axis(format=fmt)),
            tooltip=[alt.Tooltip("model:N", title="System"), alt.Tooltip("organization:N", title="Organisation"),
                     alt.Tooltip("date_str:N", title="Date"), alt.Tooltip("value:Q", title=title, format=",.3~g"),
                     alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.sci_format())])
        if len(sub) >= min_n:
            t = fit_trend(sub["year"], sub["value"], col)
            xs = [t.start_year, t.end_year]
            line = pd.DataFrame({"year": xs, "value": [10 ** float(t.predict_log10(x)) for x in xs],
                                 "trend": [f"×{t.growth_per_year:.2f} per year"] * 2})
            layer = layer + alt.Chart(line).mark_line(color="#D55E00", strokeWidth=2).encode(
                x="year:Q", y=alt.Y("value:Q", scale=ys), tooltip=[alt.Tooltip("trend:N", title="Fit")])
        charts_.append(layer.properties(width=250, height=190, title=title))
    rows = [alt.hconcat(*charts_[i:i + 2]) for i in range(0, len(charts_), 2)]
    return alt.vconcat(*rows)


def imagenet_chart(df: pd.DataFrame, trend: Trend) -> alt.Chart:
    """Compute of ImageNet models relative to AlexNet, over time, with the fitted trend."""
    d = df.assign(year_label=df["year"].astype(int))
    d = d[["model", "year_label", "date", "relative", "computing_power", "measure", "top1"]]
    scale_y = alt.Scale(type="log")
    pts = alt.Chart(d).mark_point(filled=True, size=30, opacity=0.7).encode(
        x=alt.X("date:Q", title="Publication date", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("relative:Q", title="Training compute relative to AlexNet (log scale)", scale=scale_y,
                axis=alt.Axis(format="~e")),
        color=alt.Color("measure:N", title="Compute", legend=alt.Legend(labelLimit=360)),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year_label:Q", title="Year"),
                 alt.Tooltip("relative:Q", title="× AlexNet", format=",.3~r"),
                 alt.Tooltip("computing_power:Q", title="Compute (FLOP)", format=charts.sci_format()),
                 alt.Tooltip("top1:Q", title="Top-1 (%)", format=".1f")])
    xs = [trend.start_year, trend.end_year]
    ref = float(df.loc[df["model"] == "AlexNet", "computing_power"].iloc[0])
    line = alt.Chart(pd.DataFrame({"date": xs, "relative": [10 ** float(trend.predict_log10(x)) / ref for x in xs],
                                   "trend": [f"fit: ×{trend.growth_per_year:.1f}/yr"] * 2})).mark_line(
        color="#000", strokeWidth=2).encode(x="date:Q", y=alt.Y("relative:Q", scale=scale_y), tooltip=["trend:N"])
    return (pts + line).properties(width=charts.WIDTH, height=320)


def decompose_growth(anatomy: pd.DataFrame, start: float, end: float | None = None, min_n: int = 8) -> pd.DataFrame:
    """Split the growth of training compute into chips × training time × achieved throughput per chip.

    Uses only the runs with all three (compute = chips × seconds × throughput exactly), so the
    three OLS slopes add up to the compute slope; ``share`` is each factor's part of it.
    """
    rows = window(anatomy, start, end)
    rows = rows[(rows["chips"] > 0) & (rows["training_hours"] > 0) & (rows["compute"] > 0)]
    parts = {"chips per run": rows["chips"], "training time per run": rows["training_hours"] * 3600,
             "achieved FLOP/s per chip": rows["achieved_flops_per_chip"], "training compute": rows["compute"]}
    if len(rows) < min_n:  # e.g. an export without hardware quantity or training time
        return pd.DataFrame({"factor": list(parts), "n": len(rows), "growth_per_year": np.nan,
                             "growth_per_year_lo": np.nan, "growth_per_year_hi": np.nan,
                             "doubling_months": np.nan, "slope": np.nan, "share": np.nan})
    out = []
    for name, values in parts.items():
        t = fit_trend(rows["year"], values, name)
        out.append({"factor": name, "n": t.n, "growth_per_year": t.growth_per_year,
                    "growth_per_year_lo": t.growth_lo, "growth_per_year_hi": t.growth_hi,
                    "doubling_months": t.doubling_months, "slope": t.slope})
    df = pd.DataFrame(out)
    total = df.loc[df["factor"] == "training compute", "slope"].iloc[0]
    df["share"] = df["slope"] / total
    return df


# --------------------------------------------------------------------------
# Literature constants (quoted, not derived) and formatting for the prose
# --------------------------------------------------------------------------

# Strubell, Ganesh & McCallum (2019), Table 3: the Evolved Transformer's architecture
# search (So, Liang & Le 2019) re-expressed as 274,120 hours on 8 NVIDIA P100 GPUs.
EVOLVED_TRANSFORMER_SEARCH = {"hours": 274_120, "gpus": 8, "chip": "NVIDIA P100"}


def evolved_transformer_gpu_hours(spec: dict = EVOLVED_TRANSFORMER_SEARCH) -> float:
    return float(spec["hours"] * spec["gpus"])


def fmt_doubling(t: Trend) -> str:
    """'5.4 months (95% CI 5.0–5.8)' for the prose."""
    hi = "∞" if not np.isfinite(t.doubling_months_hi) else f"{t.doubling_months_hi:.1f}"
    return f"{t.doubling_months:.1f} months (95% CI {t.doubling_months_lo:.1f}–{hi})"


def trend_texts(t: Trend | None) -> dict:
    """Prose snippets of a trend, or 'not available' when the data did not allow the fit."""
    if t is None:
        return {"doubling": "(not available in this data)", "growth": "(not available in this data)", "n": 0}
    return {"doubling": fmt_doubling(t), "growth": fmt_growth(t), "n": int(t.n)}


def fmt_growth(t: Trend) -> str:
    """'4.7× a year (95% CI 4.2–5.3)' for the prose."""
    return f"{t.growth_per_year:.1f}× a year (95% CI {t.growth_lo:.1f}–{t.growth_hi:.1f})"


def milestone_display(m: pd.DataFrame) -> pd.DataFrame:
    """The milestone table with readable, pre-formatted cells."""
    def sci(x):
        return "" if pd.isna(x) else f"{x:.1e}"

    def num(x, fmt):
        return "" if pd.isna(x) else format(x, fmt)

    return pd.DataFrame({
        "system": m["system"], "year": m["year"].astype(int),
        "chips": m["chips"].map(lambda x: num(x, ",.0f")), "chip": m["chip"],
        "days": m["days"].map(lambda x: num(x, ".1f")),
        "hardware burden (FLOP)": m["hardware_burden_flop"].map(sci),
        "Epoch compute (FLOP)": m["epoch_training_compute_flop"].map(sci),
        "burden / Epoch": m["ratio"].map(lambda x: num(x, ".2f")),
        "note": m["note"],
    })


def trends_display(table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The trend table for the page: label, span, n, growth and doubling time with CI."""
    df = table[table["series"].isin(labels)].copy()
    df["series"] = pd.Categorical(df["series"], categories=list(labels), ordered=True)
    df = df.sort_values("series")

    def hi(x):
        return "∞" if not np.isfinite(x) else f"{x:.1f}"

    return pd.DataFrame({
        "series": df["series"].map(labels).astype(str),
        "years": [f"{a:.1f}–{b:.1f}" for a, b in zip(df["start_year"], df["end_year"])],
        "n": df["n"].astype(int),
        "× per year": [f"{g:.2f} ({lo:.2f}–{h:.2f})" for g, lo, h in
                       zip(df["growth_per_year"], df["growth_per_year_lo"], df["growth_per_year_hi"])],
        "doubling (months)": [f"{d:.1f} ({lo:.1f}–{hi(h)})" for d, lo, h in
                              zip(df["doubling_months"], df["doubling_months_lo"], df["doubling_months_hi"])],
    })
