"""What the data hold, for the data appendix: per file, not per benchmark entry (an entry that reuses
another's file is counted once), with every input's origin and checksum."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import BenchmarkConfig
from ..quantities import Count, Year


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
