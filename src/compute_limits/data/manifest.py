"""The data manifest (``data/manifest.csv``): one row per raw input, and where each input lives.

An input is named by a *data id*: a manifest id (fetched into ``data/raw/``), a benchmark id
(its configured data), or a user override (``DATA="id=path"``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .files import sha256_file

MANIFEST_COLUMNS = ("id", "file", "url", "sha256", "licence", "citation", "description")
# Optional: ``released``, the date (ISO) of the release the address pins (its commit's date, from the data
# mirror's SOURCE.md); figures name it as the date of their data.


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


def input_table(configs: dict, data_files: dict | None = None, others=("epoch", "hw_gpu", "hw_cpu", "hw_tpu")) -> pd.DataFrame:
    """Every file the build reads, once, whatever its origin: ``data, used_by, origin, source, sha256, licence``.

    ``source`` is the commit-pinned address for a manifest file, else the path; ``origin`` is the manifest's
    description, the benchmark entry's ``source``, or "a user-supplied file".
    """
    data_files = data_files or {}
    manifest = read_manifest()
    rows: dict[Path, dict] = {}

    def add(key: str, path: Path, user: bool, data_id: str, origin_if_unlisted: str) -> None:
        row = rows.get(path)
        if row is None:
            listed = not user and data_id in manifest.index
            try:
                shown = str(path.relative_to(paths.ROOT))
            except ValueError:
                shown = str(path)
            row = rows[path] = {
                "data": data_id, "used_by": [],
                "origin": manifest.loc[data_id, "description"] if listed else origin_if_unlisted,
                "source": manifest.loc[data_id, "url"] if listed else shown,
                "sha256": sha256_file(path) if path.is_file() else "(missing)",
                "licence": manifest.loc[data_id, "licence"] if listed else ("user-supplied" if user else "see the entry"),
            }
        row["used_by"].append(key)

    for bid, cfg in configs.items():
        user = bid in data_files or cfg.data in data_files
        path = resolve(bid if bid in data_files else cfg.data, data_files)
        add(bid, path, user, cfg.data, "a user-supplied file" if user else cfg.source)
    for key in others:
        add(key, resolve(key, data_files), key in data_files, key, "a user-supplied file")
    out = pd.DataFrame(rows.values())
    out["used_by"] = out["used_by"].map(", ".join)
    return out
