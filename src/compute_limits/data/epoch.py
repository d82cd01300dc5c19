"""Epoch AI's table of machine-learning systems, from the pinned file or a newer export.

Columns are mapped by name to canonical names, because Epoch's exports rename, add and reorder them:
a column is found under any of its known aliases, compared without case and spacing.  A missing
required column is refused with a message naming it and its aliases.  Rows without a usable
publication date are set aside and counted (``attrs["skipped_no_date"]``), and rows without training
compute are kept but counted (``attrs["rows_without_compute"]``): neither is an error.  A system listed
twice (same model and publication date) follows :mod:`compute_limits.data.duplicates`: merged and
reported (``attrs["repeats"]``) when no number differs, refused when one does.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from ..cache import cached_file
from ..errors import DataValidationError, Problem
from . import duplicates, schemas
from .csv_text import read_csv_text
from .manifest import default_path

# canonical name -> accepted column names (any case and spacing), newest export spelling first
EPOCH_COLUMNS = {
    "model": ["Model", "System", "Model name"],
    "date": ["Publication date", "Publication Date", "Date"],
    "compute": ["Training compute (FLOP)", "Training compute (FLOPs)", "Training compute"],
    "domain": ["Domain"],
    "task": ["Task"],
    "organization": ["Organization", "Organisation"],
    "notability": ["Notability criteria"],
    "parameters": ["Parameters"],
    "dataset_size": ["Training dataset size (total)", "Training dataset size (datapoints)"],
    "training_hours": ["Training time (hours)"],
    "hardware": ["Training hardware"],
    "hardware_quantity": ["Hardware quantity"],
    "utilization": ["Hardware utilization (MFU)", "Hardware utilization"],
    "cost_2023_usd": ["Training compute cost (2023 USD)", "Training compute cost (2025 USD)"],
    "chip_hours": ["Training chip-hours"],
    "power_w": ["Training power draw (W)"],
    "frontier_rank": ["Compute rank when published"],
    "confidence": ["Confidence"],
    "country": ["Country (of organization)", "Country (from Organization)"],
}
EPOCH_REQUIRED = ("model", "date", "compute")
EPOCH_KEY = ["model", "date"]  # what identifies a system: a model listed twice on one date is one system
EPOCH_NUMERIC = ("compute", "parameters", "dataset_size", "training_hours", "hardware_quantity",
                 "utilization", "cost_2023_usd", "chip_hours", "power_w", "frontier_rank")


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().lower()


def column_mapping(columns) -> tuple[dict, list[str]]:
    """``({file column: canonical}, [missing required canonical names])``."""
    by_norm = {_norm(c): c for c in columns}
    mapping, missing = {}, []
    for canon, options in EPOCH_COLUMNS.items():
        found = next((by_norm[_norm(o)] for o in options if _norm(o) in by_norm), None)
        if found is not None:
            mapping[found] = canon
        elif canon in EPOCH_REQUIRED:
            missing.append(canon)
    return mapping, missing


def load_epoch(path: Path | str | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Epoch AI's table with canonical columns (see ``EPOCH_COLUMNS``).

    ``compute`` is training compute in FLOP (NaN where unknown), ``date`` a Timestamp, ``year`` a
    decimal year, ``notable`` whether the row has notability criteria, ``source_row`` the line of the file
    its row starts on.
    A file read before is answered from the computation cache, under its sha256 and the day.
    """
    return _load_epoch(Path(path or default_path("epoch")), today or schemas.today())


@cached_file  # parsing takes about 0.3 s in every kernel; the table depends on the bytes and the day only
def _load_epoch(path: Path, today: dt.date) -> pd.DataFrame:
    name = path.name or str(path)
    raw = read_csv_text(path)
    mapping, missing = column_mapping(raw.columns)
    if missing:
        raise DataValidationError([
            Problem(name, None, EPOCH_COLUMNS[c][0], f"required column is missing (accepted names: "
                                                     f"{', '.join(EPOCH_COLUMNS[c])})") for c in missing])
    shown = {canon: col for col, canon in mapping.items()}
    df = raw[list(mapping)].rename(columns=mapping)
    for canon in EPOCH_COLUMNS:
        if canon not in df.columns:
            df[canon] = pd.NA
    found: list[Problem] = []
    df = schemas.numeric(df, EPOCH_NUMERIC, name, found, shown)
    dates = pd.to_datetime(df["date"], errors="coerce", format="mixed")
    for idx in df.index[(dates.dt.date > today).fillna(False)]:
        found.append(Problem(name, int(idx), shown["date"],
                             f"must not be in the future (after {today.isoformat()})", df.at[idx, "date"]))
    df["model"] = df["model"].astype("string").str.strip()
    for idx in df.index[df["model"].isna() | (df["model"] == "")]:
        found.append(Problem(name, int(idx), shown["model"], "must not be empty"))
    found += schemas.problems(df[df["model"].notna() & (df["model"] != "")].astype({"model": str}),
                              schemas.EpochTable, name, shown)
    df["date"] = dates
    skipped = int(df["date"].isna().sum())
    df, repeats = duplicates.merge(df[df["date"].notna()], EPOCH_KEY, name, found, shown)
    if found:
        raise DataValidationError(list(dict.fromkeys(found)))
    df = df.copy()
    df["source_row"] = df.index
    df["model"] = df["model"].astype(str)
    df["year"] = df["date"].dt.year + (df["date"].dt.day_of_year - 0.5) / 365.25
    df["notable"] = df["notability"].notna()
    df = df.reset_index(drop=True)
    df.attrs.update(path=str(path), skipped_no_date=skipped, rows_without_compute=int(df["compute"].isna().sum()),
                    columns_used=dict(mapping), **{duplicates.ATTR: repeats})
    return df
