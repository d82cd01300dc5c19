"""The authors' per-model records: milestone runs beside Epoch AI's estimates, and one benchmark's models.

* :data:`MILESTONES`: an explicit mapping between the authors' rows (hardware burden = chips × peak
  rate × time) and Epoch's rows (estimates of the operations performed) for the same systems, with a
  short note wherever the two sources describe different things.  Entries name the authors' data by
  its data id (``data`` in ``data/benchmarks.toml``); an entry whose data, model or Epoch row is
  missing is skipped or shown from the side that has it, never an error.
* :func:`milestones`: the table, how many systems fall in the expected range of burden over
  operations (:data:`PEAK_OVER_ACHIEVED`), and the exceptions.
* :func:`benchmark_history`: one benchmark's models relative to a reference model, with a stated
  fallback when the reference is not in the data.
* What the chapter quotes, as typed values it glues whole: :func:`run_record` (one run in both
  sources), :func:`runs` (the section on milestone runs), :func:`benchmark_quote`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Annotated

import numpy as np
import pandas as pd

from ..config import BenchmarkConfig
from ..quantities import Count, Flop, Kind, Month, Number, Share, Year
from ..stats.trends import Trend
from .benchmarks import V1_CUTOFF
from .chips import CHIPS_PER_UNIT, PEAK_PRECISION
from .history import Number2, Rate, rate, trend, with_compute

# A hardware burden counts every chip at its peak for the whole run; Epoch estimates the operations
# performed.  At a utilisation between 25% and 100% the burden is 1 to 4 times Epoch's figure.
PEAK_OVER_ACHIEVED = (1.0, 4.0)

MILESTONES = [
    dict(system="AlexNet", data="imagenet", authors="AlexNet", epoch="AlexNet", note=""),
    dict(system="VGG-19", data="imagenet", authors="VGG-19", epoch="VGG19", note=""),
    dict(system="GNMT", data="wmt14_en_fr", authors="GNMT+RL", epoch="GNMT",
         note="Epoch: a larger run (no chips or time)"),
    dict(system="Xception", data="imagenet", authors="Xception", epoch="Xception",
         note="Epoch: 30 days; authors: 3 days"),
    dict(system="ResNeXt-101", data="imagenet", authors="ResNeXt-101 64x4", epoch=None,
         note="Epoch: only a 2018 variant"),
    dict(system="Transformer (big)", data="wmt14_en_fr", authors="Transformer (big)", epoch="Transformer", note=""),
    dict(system="NASNet-A", data="imagenet", authors="NASNET-A(6)", epoch=None, note="not in Epoch's table"),
    dict(system="AmoebaNet-A", data="imagenet", authors="AmoebaNet-A", epoch="AmoebaNet-A (F=448)",
         note="Epoch: 450 K40s; authors: 100 P100s"),
    dict(system="BERT-Large", data="squad", authors="BERT (single model)", epoch="BERT-Large",
         note="authors: v3 devices; Epoch: v2 chips"),
    dict(system="NoisyStudent", data="imagenet", authors="NoisyStudent (EfficientNet-L2)",
         epoch="Noisy Student (L2)", note=""),
    dict(system="Meta Pseudo Labels", data="imagenet", authors="Meta Pseudo Labels (EfficientNet-L2)",
         epoch="Meta Pseudo Labels", note=""),
    dict(system="ViT-H/14", data="imagenet", authors="ViT-H/14", epoch="ViT-Huge/14",
         note="authors: 2,500 core-days as 1 device"),
    dict(system="Florence", data="coco", authors="Florence-CoSwin-H", epoch="Florence",
         note="Epoch: above the FP32 peak"),
    dict(system="CoCa", data="imagenet", authors="CoCa", epoch="CoCa", note="authors: no chips or time"),
]

# Systems only Epoch's table holds (early history and today's frontier); the largest system in the
# table is added to them.
EPOCH_ONLY = [
    "Theseus", "Perceptron Mark I", "ADALINE", "Perceptron (1960)", "Neocognitron", "Back-propagation",
    "NetTalk (transcription)", "Zip CNN", "TD-Gammon", "LeNet-5", "AlphaGo Zero",
    "GPT-3 175B (davinci)", "GPT-4", "Gemini 1.0 Ultra", "Llama 3.1-405B",
]

COLUMNS = ["system", "year", "chips", "chip", "days", "peak_precision", "hardware_burden_flop",
           "epoch_training_compute_flop", "ratio", "source", "epoch_system", "note"]


def authors_hardware(row: pd.Series, stage: str = "training") -> dict:
    """Chips, chip names, peak precision, days and recomputed burden (Σ count × peak × seconds) of one
    authors' row.  Cloud TPU devices count as their four chips."""
    chips, names, precisions, burden = 0.0, [], [], 0.0
    seconds = row.get(f"{stage}_time_total_sec", np.nan)
    for kind in ("gpu", "tpu", "cpu"):
        amount = row.get(f"{stage}_{kind}_amount", np.nan)
        if pd.isna(amount):
            continue
        model = str(row.get(f"{stage}_{kind}_model", kind.upper()))
        chips += float(amount) * CHIPS_PER_UNIT.get(model, 1)
        names.append(model)
        precisions.append(PEAK_PRECISION[kind])
        burden += float(amount) * float(row.get(f"{stage}_{kind}_ptp_gflops", np.nan)) * 1e9 * float(seconds)
    return {"chips": chips if names else np.nan, "chip": " + ".join(names),
            "peak_precision": " + ".join(dict.fromkeys(precisions)),
            "days": float(seconds) / 86400 if pd.notna(seconds) else np.nan,
            "hardware_burden_recomputed": burden if names and pd.notna(seconds) else np.nan}


def _epoch_row(epoch: pd.DataFrame, name: str | None) -> pd.Series | None:
    hit = epoch[epoch["model"] == name] if name else epoch.iloc[:0]
    return None if hit.empty else hit.iloc[0]


def _authors_row(tables: dict[str, pd.DataFrame], data: str, model: str) -> pd.Series | None:
    df = tables.get(data)
    hit = None if df is None else df[df["model"] == model]
    if hit is None or hit.empty:
        return None
    measured = hit[hit["hardware_burden"].notna()]
    return (measured if len(measured) else hit).iloc[0]  # the row the burden was measured on


def _epoch_side(e: pd.Series) -> dict:
    return {"chips": e["hardware_quantity"], "chip": "" if pd.isna(e["hardware"]) else str(e["hardware"]),
            "days": e["training_hours"] / 24 if pd.notna(e["training_hours"]) else np.nan, "peak_precision": ""}


def milestone_table(tables: dict[str, pd.DataFrame], epoch: pd.DataFrame, mapping=MILESTONES,
                    epoch_only=EPOCH_ONLY, add_largest: bool = True) -> pd.DataFrame:
    """One row per milestone (``COLUMNS``): chips, days and hardware burden from the authors' data
    (``tables``: data id -> table) next to Epoch's training compute; ``ratio`` = burden / Epoch.
    Where the authors' row is missing, chips and days come from Epoch."""
    rows = []
    for m in mapping:
        a, e = _authors_row(tables, m["data"], m["authors"]), _epoch_row(epoch, m["epoch"])
        if a is None and e is None:
            continue
        side = authors_hardware(a) if a is not None else _epoch_side(e)
        source = (f"authors ({m['data']})" + (" + Epoch" if e is not None else "")) if a is not None else "Epoch"
        rows.append({**{k: side[k] for k in ("chips", "chip", "days", "peak_precision")},
                     "system": m["system"], "year": int(math.floor(a["date"])) if a is not None else int(e["date"].year),
                     "hardware_burden_flop": float(a["hardware_burden"]) if a is not None else np.nan,
                     "epoch_training_compute_flop": float(e["compute"]) if e is not None else np.nan,
                     "source": source, "epoch_system": m["epoch"] if e is not None else "", "note": m["note"]})
    names = list(epoch_only)
    top = with_compute(epoch)
    if add_largest and len(top):
        largest = str(top.loc[top["compute"].idxmax(), "model"])
        names += [] if largest in names else [largest]
    for name in names:
        e = _epoch_row(epoch, name)
        if e is not None:
            rows.append({**_epoch_side(e), "system": name, "year": int(e["date"].year), "hardware_burden_flop": np.nan,
                         "epoch_training_compute_flop": e["compute"], "source": "Epoch", "epoch_system": name,
                         "note": ""})
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "ratio"])
    out["ratio"] = out["hardware_burden_flop"] / out["epoch_training_compute_flop"]
    return out.sort_values("year", kind="stable")[COLUMNS].reset_index(drop=True)


def reference_run(table: pd.DataFrame, epoch: pd.DataFrame, model: str) -> pd.Series | None:
    """The milestone row of one model of a benchmark ``table`` (its chips, days and burden, and Epoch's
    estimate under the same name), or ``None`` when the model is not in the table or Epoch's."""
    if not model:
        return None
    t = milestone_table({"_": table}, epoch, [dict(system=model, data="_", authors=model, epoch=model, note="")],
                        [], add_largest=False)
    return t.iloc[0] if len(t) else None


@dataclass
class Milestones:
    table: pd.DataFrame
    n_matched: int  # systems with both the authors' burden and Epoch's estimate
    n_in_range: int  # of which the ratio lies in PEAK_OVER_ACHIEVED
    median_ratio: float
    outliers: pd.DataFrame  # the others: system, ratio, note
    range_lo: float = PEAK_OVER_ACHIEVED[0]
    range_hi: float = PEAK_OVER_ACHIEVED[1]

    def get(self, system: str) -> pd.Series | None:
        hit = self.table[self.table["system"] == system]
        return None if hit.empty else hit.iloc[0]


def milestones(configs: dict[str, BenchmarkConfig], tables: dict[str, pd.DataFrame], epoch: pd.DataFrame) -> Milestones:
    """The milestone table from the configured benchmarks' tables (``tables``: benchmark id -> table)."""
    by_data = {}
    for bid, cfg in configs.items():
        if bid in tables:
            by_data.setdefault(cfg.data, tables[bid])
    t = milestone_table(by_data, epoch)
    matched = t[t["ratio"].notna()]
    inside = matched["ratio"].between(*PEAK_OVER_ACHIEVED)
    return Milestones(t, int(len(matched)), int(inside.sum()), float(matched["ratio"].median()) if len(matched) else math.nan,
                      matched.loc[~inside, ["system", "ratio", "note"]].reset_index(drop=True))


# --------------------------------------------------------------------------
# One benchmark's models in the authors' data
# --------------------------------------------------------------------------

@dataclass
class BenchmarkHistory:
    name: str  # display name of the benchmark
    source: str  # who made its data, for prose (the config's source)
    measure: str  # the compute column used
    reference: str  # the model compute is measured against
    reference_requested: str  # the model the parameter named
    rows: pd.DataFrame  # model, date, year, compute, relative, measured
    all_models: Trend | None
    measured: Trend | None  # models with a reported hardware burden only

    @property
    def reference_found(self) -> bool:
        return self.reference == self.reference_requested

    @property
    def top(self) -> pd.Series | None:
        return None if self.rows.empty else self.rows.loc[self.rows["relative"].idxmax()]


def reference_model(rows: pd.DataFrame, requested: str) -> str:
    """``requested`` if it has compute in ``rows``, else the earliest model with compute ("" if none)."""
    if requested and requested in set(rows["model"]):
        return requested
    return "" if rows.empty else str(rows.sort_values(["date", "compute"], kind="stable").iloc[0]["model"])


def benchmark_history(data: pd.DataFrame, config: BenchmarkConfig, requested: str, level: float) -> BenchmarkHistory:
    """``data``: the prepared table (:func:`compute_limits.analysis.benchmarks.prepare`) of the benchmark
    ``config``, whose main compute measure is used."""
    bid, measure = config.id, config.compute
    rows = data[data[measure].notna() & (data[measure] > 0) & data["date"].notna()]
    rows = rows.assign(compute=rows[measure], measured=rows["hardware_burden"].notna())
    ref = reference_model(rows, requested)
    base = float(rows.loc[rows["model"] == ref, "compute"].iloc[0]) if ref else math.nan
    rows = rows.assign(relative=rows["compute"] / base)[["model", "date", "year", "compute", "relative", "measured"]]
    rows = rows.sort_values("date", kind="stable").reset_index(drop=True)
    measured = rows[rows["measured"]]
    return BenchmarkHistory(config.name, config.source, measure, ref, requested, rows,
                            trend(rows["date"], rows["compute"], f"{bid}_models", level),
                            trend(measured["date"], measured["compute"], f"{bid}_hardware_burden", level))


@dataclass
class Standing:
    """Where one model stands on its benchmark's score (``found`` False: not in the data).

    One reading, quoted alike wherever the book names the model (the history and the theory chapters, and
    the claims ledger's note): whether it was the most accurate model in the data when it was published,
    which model passed it first and when, and whether that was before the paper's first version
    (:data:`~compute_limits.analysis.benchmarks.V1_CUTOFF`)."""

    model: str
    score: Annotated[float, Kind("number", 3)]  # in percent
    record_at_release: bool  # no model dated on or before it scores higher
    n_better: Count  # models in the data scoring higher
    first_better: str  # the earliest of them ("" if none)
    first_better_year: Year
    benchmark: str = ""  # the benchmark's display name and its metric (set by standing_of)
    metric: str = ""
    status: str = ""  # "best" (a record when published, still unbeaten), "beaten_before_paper" (a record when
    #                   published, beaten before the paper's first version), "beaten_after_paper" (… beaten only
    #                   since), "not_record" (beaten before it was published) or "absent" (not in the data)
    date: Month = math.nan  # its publication date (decimal year)
    first_better_date: Month = math.nan
    first_better_score: Annotated[float, Kind("number", 3)] = math.nan
    margin: Annotated[float, Kind("compact", 2)] = math.nan  # first_better_score − score, points
    v1_cutoff: Month = V1_CUTOFF


def standing(data: pd.DataFrame, model: str) -> Standing | None:
    """``data``: a benchmark table with ``score`` and ``date``; ``None`` if ``model`` has no score."""
    rows = data[data["score"].notna() & data["date"].notna()]
    hit = rows[rows["model"] == model]
    if hit.empty:
        return None
    me = hit.loc[hit["score"].idxmax()]
    better = rows[rows["score"] > me["score"]].sort_values("date", kind="stable")
    first = better.iloc[0] if len(better) else None
    record = bool((better["date"] > me["date"]).all())
    if not record:
        status = "not_record"
    elif first is None:
        status = "best"
    else:
        status = "beaten_before_paper" if float(first["date"]) < V1_CUTOFF else "beaten_after_paper"
    nan = math.nan
    return Standing(model, float(me["score"]), record, int(len(better)),
                    "" if first is None else str(first["model"]), 0 if first is None else int(first["year"]),
                    status=status, date=float(me["date"]),
                    first_better_date=nan if first is None else float(first["date"]),
                    first_better_score=nan if first is None else float(first["score"]),
                    margin=nan if first is None else float(first["score"]) - float(me["score"]))


def milestone_standing(configs: dict[str, BenchmarkConfig], tables: dict[str, pd.DataFrame],
                       system: str) -> tuple[Standing | None, BenchmarkConfig | None]:
    """:func:`standing` of a :data:`MILESTONES` system on the first configured benchmark reading its
    data, with that benchmark's config (``None`` where the system or its benchmark is missing)."""
    entry = next((m for m in MILESTONES if m["system"] == system), None)
    bid = next((b for b, c in configs.items() if entry and c.data == entry["data"] and b in tables), None)
    if bid is None:
        return None, None
    return standing(tables[bid], entry["authors"]), configs[bid]


def standing_of(configs: dict[str, BenchmarkConfig], tables: dict[str, pd.DataFrame], system: str) -> Standing:
    """:func:`milestone_standing` as one value: the benchmark's name and metric filled in, ``found``
    False where the system or its benchmark is missing."""
    s, cfg = milestone_standing(configs, tables, system)
    name, metric = (cfg.name, cfg.metric_label) if cfg is not None else ("", "")
    if s is None:
        return Standing(system, math.nan, False, 0, "", math.nan, name, metric, status="absent")
    return replace(s, benchmark=name, metric=metric)


# --------------------------------------------------------------------------
# What the chapter quotes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRecord:
    """One training run in the two sources: the authors' chips, days and hardware burden (``recorded``:
    all three are in their data) and Epoch's estimate of the operations performed (``in_epoch``);
    ``sources`` says which: ``"both"``, ``"authors"``, ``"epoch"`` or ``"neither"``."""

    system: str
    sources: str
    recorded: bool
    chips: Count
    chip: str
    days: Number2
    burden: Flop
    in_epoch: bool
    epoch_compute: Flop
    compared: bool  # both sources: the ratio is set
    ratio: Number2  # burden ÷ Epoch's estimate


def run_record(row: pd.Series | None, system: str = "") -> RunRecord:
    """A :func:`milestone_table` row as a :class:`RunRecord` (``row`` None: in neither source)."""
    nan = math.nan
    if row is None:
        return RunRecord(system, "neither", False, nan, "", nan, nan, False, nan, False, nan)
    recorded = bool(str(row["source"]).startswith("authors")
                    and all(pd.notna(row[k]) for k in ("chips", "days", "hardware_burden_flop")))
    in_epoch = bool(np.isfinite(row["epoch_training_compute_flop"]))
    compared = recorded and in_epoch
    sources = "both" if compared else "authors" if recorded else "epoch" if in_epoch else "neither"
    return RunRecord(str(row["system"]), sources, recorded, row["chips"] if recorded else nan, str(row["chip"]) if recorded else "",
                     row["days"] if recorded else nan, row["hardware_burden_flop"] if recorded else nan, in_epoch,
                     row["epoch_training_compute_flop"], compared, row["ratio"] if compared else nan)


RESNEXT = "ResNeXt-101"  # the milestone systems the chapter quotes by name
NOISY_STUDENT = "NoisyStudent"


@dataclass(frozen=True)
class Runs:
    """The milestone runs the chapter quotes, and how the authors' burdens compare with Epoch's estimates
    over all the systems in both (:data:`PEAK_OVER_ACHIEVED`: the range expected of peak rates)."""

    resnext: RunRecord
    noisy: RunRecord
    noisy_standing: Standing
    recorded: bool  # the authors' data record both runs, and the reference run the chapter compares with
    noisy_over_reference: Number2  # NoisyStudent's burden over the reference run's
    has_matched: bool  # some system is in both sources
    n_matched: Count
    n_in_range: Count
    range_lo: Number
    range_hi: Number
    util_lo: Share  # the utilisation at which the burden is range_hi times the work done
    median: Number2
    n_outliers: Count
    has_outliers: bool
    outliers: str  # their names, in the table's order
    outliers_noted: bool = False  # every one of them has a note in the table saying how the two sources differ


def runs(ms: Milestones, reference: RunRecord, standing: Standing) -> Runs:
    resnext, noisy = run_record(ms.get(RESNEXT), RESNEXT), run_record(ms.get(NOISY_STUDENT), NOISY_STUDENT)
    compared = noisy.recorded and reference.recorded
    return Runs(resnext, noisy, standing, compared and resnext.recorded,
                noisy.burden / reference.burden if compared else math.nan, ms.n_matched > 0,
                ms.n_matched, ms.n_in_range, ms.range_lo, ms.range_hi, 1 / ms.range_hi, ms.median_ratio,
                int(len(ms.outliers)), len(ms.outliers) > 0, ", ".join(ms.outliers["system"].astype(str)),
                bool(len(ms.outliers) and (ms.outliers["note"].astype(str).str.len() > 0).all()))


@dataclass(frozen=True)
class BenchmarkQuote:
    """One benchmark's models as the chapter quotes them: the growth of their compute, and the largest
    against the reference model (``reference_found`` False: the earliest model with compute stands in)."""

    name: str
    source: str
    measure: str  # the compute column of the benchmark's main measure
    reference: str
    requested: str
    reference_found: bool
    n: Count
    n_measured: Count  # with a reported hardware burden
    all_models: Rate
    measured: Rate
    top: str
    top_year: Year
    top_relative: Number2  # its compute over the reference model's


def benchmark_quote(b: BenchmarkHistory, level: float) -> BenchmarkQuote:
    top = b.top
    return BenchmarkQuote(
        b.name, b.source, b.measure, b.reference, b.reference_requested, bool(b.reference_found or not b.reference),
        int(len(b.rows)), int(b.rows["measured"].sum()), rate(b.all_models, level), rate(b.measured, level),
        str(top["model"]) if top is not None else "", int(top["year"]) if top is not None else math.nan,
        float(top["relative"]) if top is not None else math.nan)
