"""The data manifest (``data/manifest.csv``): one row per raw input, and where each input lives.

An input is named by a *data id*: a manifest id (fetched into ``data/raw/``), a benchmark id
(its configured data), or a user override (``DATA="id=path"``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths

MANIFEST_COLUMNS = ("id", "file", "url", "sha256", "licence", "citation", "description")


@lru_cache(maxsize=4)
def _read(path: str) -> pd.DataFrame:
    manifest = pd.read_csv(path, dtype=str)
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise ValueError(f"{Path(path).name}: missing column(s) {', '.join(missing)}")
    return manifest.set_index("id", drop=False)


def read_manifest(path: Path | None = None) -> pd.DataFrame:
    """The manifest, indexed by id (columns ``id, file, url, sha256, licence, citation, description``)."""
    return _read(str(path or paths.MANIFEST)).copy()


def default_path(data_id: str) -> Path:
    """Where ``make data`` puts the raw file with manifest id ``data_id``."""
    manifest = read_manifest()
    if data_id not in manifest.index:
        raise KeyError(f"unknown data id {data_id!r}; known: {', '.join(manifest.index)}")
    return paths.RAW / manifest.loc[data_id, "file"]


def resolve(data_id: str, data_files: dict | None = None) -> Path:
    """Path of input ``data_id``: a user override from ``data_files`` if given, else a manifest id's
    fetched file, else a path relative to the repository root."""
    data_files = data_files or {}
    if data_id in data_files:
        return Path(data_files[data_id]).expanduser().resolve()
    if data_id in read_manifest().index:
        return default_path(data_id)
    candidate = Path(data_id)
    return candidate if candidate.is_absolute() else paths.ROOT / candidate
