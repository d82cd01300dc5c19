"""Peak-rate tables of GPUs, CPUs and TPUs (Computer Progress), validated.

A chip listed twice in one year follows :mod:`compute_limits.data.duplicates`: merged and reported
(``attrs["repeats"]``) when its peak rate and power agree, refused when they differ.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..cache import cached_file
from ..errors import DataValidationError, Problem
from . import duplicates, schemas
from .csv_text import read_csv_text
from .manifest import default_path, resolve

HARDWARE_COLUMNS = {
    "gpu": {"GPU": "chip", "Year": "year", "GFLOPS": "gflops", "Manufacturer": "maker", "Class": "class", "TDP": "tdp_w"},
    "cpu": {"CPU": "chip", "Year": "year", "GFLOPS(FP32)": "gflops", "CPU Designer": "maker", "TDP": "tdp_w"},
    "tpu": {"TPU": "chip", "Release Year": "year", "GFLOPS (FP32)": "gflops"},
}
HARDWARE_KEY = ["chip", "year"]  # a chip name recurs across years (a 2007 and a 2008 board): one chip per year


def load_hardware(kind: str, path: Path | str | None = None) -> pd.DataFrame:
    """Peak rates of one kind of chip: columns ``kind, chip, year, gflops`` (+ maker, class, tdp_w).  A file
    read before is answered from the computation cache, under its sha256."""
    if kind not in HARDWARE_COLUMNS:
        raise KeyError(f"kind must be one of {list(HARDWARE_COLUMNS)}")
    return _load_hardware(Path(path or default_path(f"hw_{kind}")), kind)


def load_all_hardware(data_files: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every kind's table (``{"gpu": ..., "cpu": ..., "tpu": ...}``), each from its manifest file or the
    user's override (data ids ``hw_gpu``, ``hw_cpu``, ``hw_tpu`` in ``data_files``)."""
    return {kind: load_hardware(kind, resolve(f"hw_{kind}", data_files)) for kind in HARDWARE_COLUMNS}


@cached_file  # the validated table depends on the file's bytes only
def _load_hardware(path: Path, kind: str) -> pd.DataFrame:
    raw = read_csv_text(path)
    mapping = HARDWARE_COLUMNS[kind]
    missing = [c for c in list(mapping)[:3] if c not in raw.columns]
    if missing:
        raise DataValidationError([Problem(path.name, None, c, "required column is missing") for c in missing])
    shown = {v: k for k, v in mapping.items()}
    found: list[Problem] = []
    df = raw[[c for c in mapping if c in raw.columns]].rename(columns=mapping)
    df = schemas.numeric(df, [c for c in ("year", "gflops", "tdp_w") if c in df.columns], path.name, found, shown)
    found += schemas.problems(df.astype({"chip": str}), schemas.HardwareTable, path.name, shown)
    df, repeats = duplicates.merge(df, HARDWARE_KEY, path.name, found, shown)
    if found:
        raise DataValidationError(list(dict.fromkeys(found)))
    df.insert(0, "kind", kind)
    df = df.reset_index(drop=True)
    df.attrs.update(path=str(path), **{duplicates.ATTR: repeats})
    return df
