"""Descriptive tables and charts for the data appendix and the reproducibility page."""

from __future__ import annotations

import importlib.metadata as md
import json
import platform
from pathlib import Path

import altair as alt
import pandas as pd

from . import paths
from .loaders import (BenchmarkConfig, load_benchmark, load_benchmark_configs, load_epoch, load_hardware,
                      read_manifest, resolve)


def benchmark_summary(configs: dict[str, BenchmarkConfig] | None = None, data_files: dict | None = None):
    """One row per benchmark: models, years, and rows with a score and each compute measure.

    Returns ``(summary, models)`` where ``models`` is the concatenated tidy table.
    """
    configs = configs or load_benchmark_configs()
    rows, frames = [], []
    for bid, cfg in configs.items():
        df = load_benchmark(bid, data_files, cfg)
        scored = df["score"].notna()
        rows.append({
            "benchmark": bid,
            "name": cfg.name,
            "metric": cfg.metric,
            "models": len(df),
            "first_year": int(df["year"].min()),
            "last_year": int(df["year"].max()),
            "with_score": int(scored.sum()),
            "score_and_network_operations": int((scored & df["network_operations"].notna()).sum()),
            "score_and_hardware_burden": int((scored & df["hardware_burden"].notna()).sum()),
            "score_and_consolidated": int((scored & df["computing_power"].notna()).sum()),
            "dated_by_arxiv": int((df["date_source"] == "arxiv").sum()),
        })
        frames.append(df[["benchmark", "model", "label", "year", "score"]].assign(name=cfg.name))
    return pd.DataFrame(rows), pd.concat(frames, ignore_index=True)


def epoch_summary(epoch: pd.DataFrame) -> dict:
    return {
        "rows": int(len(epoch)),
        "first_date": epoch["date"].min().date().isoformat(),
        "last_date": epoch["date"].max().date().isoformat(),
        "with_compute": int(epoch["compute"].notna().sum()),
        "notable": int(epoch["notable"].sum()),
        "notable_with_compute": int((epoch["notable"] & epoch["compute"].notna()).sum()),
    }


def hardware_summary(data_files: dict | None = None) -> pd.DataFrame:
    rows = []
    for kind in ("gpu", "cpu", "tpu"):
        df = load_hardware(kind, resolve(f"hw_{kind}", data_files))
        rows.append({"table": kind, "rows": len(df), "with_peak_gflops": int(df["gflops"].notna().sum()),
                     "first_year": int(df["year"].min()), "last_year": int(df["year"].max())})
    return pd.DataFrame(rows)


def models_per_year_chart(models: pd.DataFrame) -> alt.Chart:
    counts = models.groupby(["name", "year"]).size().reset_index(name="models")
    return (
        alt.Chart(counts, title="Models per publication year in the authors' data")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="publication year"),
            y=alt.Y("models:Q", title="models", stack="zero"),
            color=alt.Color("name:N", title="benchmark"),
            tooltip=[alt.Tooltip("name:N", title="benchmark"), alt.Tooltip("year:O"), alt.Tooltip("models:Q")],
        )
        .properties(width=520, height=300)
    )


# Data dictionary of the tidy benchmark table the loaders produce.
DATA_DICTIONARY = [
    ("model", "text", "", "model name as given by the authors (`name`)"),
    ("label", "text", "", "model name with its year, unique for display"),
    ("year", "integer", "year", "publication year in the data"),
    ("date", "float", "decimal year", "publication date: mid-month from the arXiv identifier in `paper_link` when there is one, else mid-year"),
    ("date_source", "text", "", "`arxiv` or `year`: where the date came from"),
    ("score", "float", "percent", "the benchmark's metric (top-1, box AP, EM, F1 or BLEU)"),
    ("error", "float", "fraction", "1 − score/100"),
    ("flops / multiadds", "float", "FLOP per forward pass", "operations of one forward pass (multiply-adds count as 2 FLOP)"),
    ("fp_bp_ratio", "float", "", "forward+backward cost relative to a forward pass (3 in the data)"),
    ("training_epochs, training_set_size", "float", "epochs, examples", "passes over the training set and its size"),
    ("training_time_total_sec", "float", "s", "wall-clock training time"),
    ("training_{gpu,tpu,cpu}_amount", "float", "chips", "processors used in training"),
    ("training_{gpu,tpu,cpu}_ptp_gflops", "float", "GFLOP/s per chip", "peak theoretical performance of one processor"),
    ("network_operations", "float", "FLOP", "ops per pass × fp_bp_ratio × epochs × set size"),
    ("hardware_burden", "float", "FLOP", "Σ chips × peak FLOP/s × training seconds"),
    ("computing_power", "float", "FLOP", "consolidated hardware burden (ImageNet, COCO): hardware burden, else predicted from network operations"),
    ("epoch: compute", "float", "FLOP", "Epoch AI's training-compute estimate"),
    ("epoch: date", "date", "", "publication date"),
    ("epoch: notable", "boolean", "", "row has Epoch's notability criteria"),
    ("hardware: gflops", "float", "GFLOP/s", "peak FP32 rate of a GPU, CPU or TPU"),
]


def data_dictionary() -> pd.DataFrame:
    return pd.DataFrame(DATA_DICTIONARY, columns=["column", "type", "unit", "meaning"])


# ----------------------------------------------------------------- reproducibility


def package_versions(names=("jupyter-book", "sphinx", "myst-nb", "jupytext", "papermill", "pandas", "numpy",
                            "scipy", "statsmodels", "altair", "vl-convert-python", "pandera", "scikit-learn")):
    rows = [{"package": "python", "version": platform.python_version()}]
    for name in names:
        try:
            rows.append({"package": name, "version": md.version(name)})
        except md.PackageNotFoundError:
            rows.append({"package": name, "version": "not installed"})
    return pd.DataFrame(rows)


def chapter_records(path: Path | None = None) -> dict:
    path = path or (paths.BUILD / "provenance" / "chapters.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def data_table(records: dict) -> pd.DataFrame:
    """Every data file any chapter ran on: key, path or address, sha256, date (one row per file)."""
    rows = {}
    for job, rec in records.items():
        for inp in rec.get("inputs") or []:
            key = (inp["path"], inp["sha256"])
            row = rows.setdefault(key, {"data": inp["key"], "source": inp.get("url") or inp["path"],
                                        "sha256": inp["sha256"], "file_date": inp.get("modified"),
                                        "licence": inp.get("licence"), "chapters": []})
            row["chapters"].append(job)
    out = pd.DataFrame(rows.values())
    if not out.empty:
        out["chapters"] = out["chapters"].map(lambda c: ", ".join(sorted(set(c))))
        out = out.sort_values(["data", "source"]).reset_index(drop=True)
    return out


def parameter_table(records: dict) -> pd.DataFrame:
    """Every chapter's parameters: the defaults in its source and what the build passed."""
    from .pipeline import chapter_parameters

    rows = []
    defaults_cache = {}
    for job, rec in sorted(records.items()):
        src = paths.ROOT / rec["source"]
        if src not in defaults_cache:
            defaults_cache[src] = chapter_parameters(src) if src.exists() else {}
        passed = rec.get("params") or {}
        for name, default in defaults_cache[src].items():
            value = passed.get(name, default)
            rows.append({"chapter": job, "parameter": name,
                         "value": json.dumps(value, default=str) if name in passed else str(default),
                         "set_by": "build" if name in passed else "default"})
    return pd.DataFrame(rows, columns=["chapter", "parameter", "value", "set_by"])


def manifest_table() -> pd.DataFrame:
    m = read_manifest().reset_index(drop=True)
    return m[["id", "file", "sha256", "licence", "citation"]]
