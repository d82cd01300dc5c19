"""What the data hold, for the data appendix: per file, not per benchmark entry (an entry that reuses
another's file is counted once), with every input's origin and checksum; which benchmark uses which
metric and main compute measure; how complete the columns a sample filter could use are; and the rows
the loaders found listed twice and merged.  Also, for every chapter that says whose data it uses, which of
them are a user's files (:func:`users_files`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import BenchmarkConfig
from ..data import duplicates
from ..quantities import Count, Names, Year


@dataclass
class BenchmarkData:
    """Counts over the distinct benchmark files (the section's numbers), and the loader's rule."""

    n_files: Count
    n_entries: Count
    n_models: Count
    first_year: Year
    last_year: Year
    shared: str  # entries that reuse another entry's file, each with the entry whose file it reads,
    #              e.g. "imagenet_top5 (imagenet)"; "" if none
    has_shared: bool = False
    min_rows: Count = 0  # the fewest models with a score and a compute figure a benchmark needs


def benchmark_rows(tables: dict[str, pd.DataFrame], configs: dict[str, BenchmarkConfig]) -> pd.DataFrame:
    """One row per benchmark entry: models, years, and rows with a score and each compute measure."""
    rows = []
    for bid, cfg in configs.items():
        df = tables[bid]
        scored = df["score"].notna()
        rows.append({
            "benchmark": bid, "name": cfg.name, "metric": cfg.metric, "file": df.attrs.get("path", ""),
            "models": len(df), "first_year": int(df["year"].min()), "last_year": int(df["year"].max()),
            "with_score": int(scored.sum()),
            "score_and_network_operations": int((scored & df["network_operations"].notna()).sum()),
            "score_and_hardware_burden": int((scored & df["hardware_burden"].notna()).sum()),
            "score_and_consolidated": int((scored & (df["hardware_burden"].notna() | df["network_operations"].notna())).sum())
            if cfg.compute == "consolidated_hardware_burden" else int((scored & df[cfg.compute].notna()).sum()),
            "dated_by_arxiv": int((df["date_source"] == "arxiv").sum()),
        })
    return pd.DataFrame(rows)


def benchmark_totals(rows: pd.DataFrame, min_rows: int = 0) -> BenchmarkData:
    distinct = rows.drop_duplicates("file")
    shared = rows[rows.duplicated("file")]
    first_of = dict(zip(distinct["file"], distinct["benchmark"]))
    return BenchmarkData(
        n_files=len(distinct), n_entries=len(rows), n_models=int(distinct["models"].sum()),
        first_year=int(distinct["first_year"].min()), last_year=int(distinct["last_year"].max()),
        shared=", ".join(f"{b} ({first_of[f]})" for b, f in zip(shared["benchmark"], shared["file"])),
        has_shared=len(shared) > 0, min_rows=min_rows,
    )


def models_per_year(tables: dict[str, pd.DataFrame], configs: dict[str, BenchmarkConfig]) -> pd.DataFrame:
    """Models per publication year of each distinct file (columns ``name, year, models``)."""
    seen, frames = set(), []
    for bid, df in tables.items():
        key = df.attrs.get("path", bid)
        if key in seen:
            continue
        seen.add(key)
        frames.append(df.groupby("year").size().reset_index(name="models").assign(name=configs[bid].name))
    return pd.concat(frames, ignore_index=True)[["name", "year", "models"]]


@dataclass
class EpochData:
    rows: Count
    first_date: str  # ISO dates
    last_date: str
    with_compute: Count
    notable: Count
    notable_with_compute: Count
    skipped_no_date: Count


def epoch_summary(epoch: pd.DataFrame) -> EpochData:
    return EpochData(
        rows=int(len(epoch)), first_date=epoch["date"].min().date().isoformat(),
        last_date=epoch["date"].max().date().isoformat(), with_compute=int(epoch["compute"].notna().sum()),
        notable=int(epoch["notable"].sum()), notable_with_compute=int((epoch["notable"] & epoch["compute"].notna()).sum()),
        skipped_no_date=int(epoch.attrs.get("skipped_no_date", 0)),
    )


def hardware_summary(hardware: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return pd.DataFrame([{"table": kind, "chips": len(df), "with_peak_gflops": int(df["gflops"].notna().sum()),
                          "first_year": int(df["year"].min()), "last_year": int(df["year"].max())}
                         for kind, df in hardware.items()])


def benchmark_config(configs: dict[str, BenchmarkConfig]) -> pd.DataFrame:
    """One row per benchmark entry: its metric this build, its main compute measure and its data
    (``benchmarks.csv``; the fits, projections and headlines of a benchmark use this measure)."""
    return pd.DataFrame([{
        "benchmark": bid, "name": cfg.name, "task": cfg.task, "metric": cfg.metric, "metric_label": cfg.metric_label,
        "default_metric": cfg.default_metric, "robustness_metric": cfg.robustness_metric or "",
        "compute": cfg.compute, "data": cfg.data, "source": cfg.source, "user_file": cfg.user_file,
    } for bid, cfg in configs.items()])


# The columns of a benchmark file a sample filter could use (a model's pre-training, data, size, the
# authors' notes), in the order the completeness table lists them; "pretraining_*" is any pretraining column.
FILTER_FIELDS = ("parameters", "training_dataset", "training_set_size", "training_epochs", "pretraining_*",
                 "pretraining_dataset", "pretraining_set_size", "pretraining_epochs", "pretraining_time_total_sec",
                 "finetuning_dataset", "finetuning_set_size", "comments", "relevant")


def completeness(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per distinct benchmark file and filter field: models, models with a value, whether the file has the
    column (``data_completeness.csv``)."""
    rows, seen = [], set()
    for bid, df in tables.items():
        path = df.attrs.get("path", bid)
        if path in seen:
            continue
        seen.add(path)
        own = set(df.attrs.get("file_columns", df.columns))
        pre = [c for c in df.columns if c.startswith("pretraining_") and c in own]
        for field in FILTER_FIELDS:
            cols = pre if field == "pretraining_*" else [field] if field in own else []
            filled = int(df[cols].notna().any(axis=1).sum()) if cols else 0
            rows.append({"benchmark": bid, "file": str(path).rsplit("/", 1)[-1], "field": field,
                         "models": len(df), "filled": filled, "in_file": bool(cols)})
    return pd.DataFrame(rows, columns=["benchmark", "file", "field", "models", "filled", "in_file"])


@dataclass
class Completeness:
    """How much a sample filter has to go on in the first benchmark's file (the section's numbers)."""

    name: str  # the benchmark, as data/benchmarks.toml names it
    models: Count
    pretraining: Count  # models with any pretraining column filled
    training_dataset_values: Count  # distinct values of training_dataset
    most_common_dataset: str  # its most common value, as entered in the file
    most_common_count: Count


def completeness_summary(tables: dict[str, pd.DataFrame], configs: dict[str, BenchmarkConfig]) -> Completeness:
    bid = next(iter(configs))
    df = tables[bid]
    rows = completeness({bid: df}).set_index("field")
    datasets = df["training_dataset"].dropna() if "training_dataset" in df.attrs.get("file_columns", ()) \
        else pd.Series(dtype=object)
    counts = datasets.value_counts()
    return Completeness(name=configs[bid].name, models=len(df), pretraining=int(rows.at["pretraining_*", "filled"]),
                        training_dataset_values=int(counts.size),
                        most_common_dataset=str(counts.index[0]) if counts.size else "",
                        most_common_count=int(counts.iloc[0]) if counts.size else 0)


def repeats(tables: dict[str, pd.DataFrame], others: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows each loader found listed twice and merged (:mod:`compute_limits.data.duplicates`), one per
    merged row: ``data`` (benchmark or data id), ``file``, ``line``, ``column`` (the key's first column),
    ``key`` (its value) and ``note``.  A file shared by two benchmark entries is listed once."""
    rows, seen = [], set()
    for data, df in list(tables.items()) + list(others.items()):
        path = df.attrs.get("path", data)
        if path in seen:
            continue
        seen.add(path)
        rows += [{"data": data, "file": n.file, "line": n.row, "column": n.column, "key": str(n.value),
                  "note": n.rule} for n in df.attrs.get(duplicates.ATTR, [])]
    return pd.DataFrame(rows, columns=["data", "file", "line", "column", "key", "note"])


@dataclass
class Repeats:
    n: Count  # rows merged
    n_files: Count  # files with a merged row
    any: bool = False


def repeats_summary(rows: pd.DataFrame) -> Repeats:
    return Repeats(n=len(rows), n_files=int(rows["file"].nunique()), any=len(rows) > 0)


@dataclass
class UsersFiles:
    """Which data of a chapter are a user's files (given with ``DATA``) rather than the configured ones, for
    the sentences that say whose data the chapter uses."""

    any: bool  # some data the chapter reads are a user's file
    benchmark_files: bool  # some benchmark's data are
    benchmarks: Names  # the names of those benchmarks
    focus: bool  # the data of the benchmark the chapter (or page) is about are
    focus_name: str  # that benchmark's name
    focus_file: str  # the user's file, by name ("" when the data are the configured ones)
    epoch: bool  # Epoch AI's table is a user's file


def users_files(configs: dict[str, BenchmarkConfig], data_files: dict, focus: str | None = None) -> UsersFiles:
    """``data_files``: the chapter's input overrides (its ``data_files`` parameter); ``focus``: the benchmark the
    chapter is about (default: the first configured)."""
    from pathlib import PurePath

    focus = focus or next(iter(configs))
    users = tuple(c.name for c in configs.values() if c.user_file)
    file = next((data_files[k] for k in (focus, configs[focus].data) if k in data_files), "")
    return UsersFiles(bool(data_files), bool(users), users, configs[focus].user_file, configs[focus].name,
                      PurePath(str(file)).name if file else "", "epoch" in data_files)
