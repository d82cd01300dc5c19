"""Tidy CSV results that chapters write for derivative studies and tests.

One file per table under ``_build/results/``.  A table that several pages
contribute to (for example ``fits``: one part per benchmark page) is written as
parts ``_build/results/fits/<part>.csv``; the pipeline concatenates the parts
into ``_build/results/fits.csv`` after the chapters ran.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .paths import BUILD, results_dir

FLOAT_FORMAT = "%.10g"  # fixed formatting: identical inputs give identical bytes


def write_result(df: pd.DataFrame, name: str, part: str | None = None) -> Path:
    """Write ``df`` as the result table ``name`` (or one ``part`` of it)."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"result name must be alphanumeric/underscore, got {name!r}")
    base = results_dir()
    if part is None:
        path = base / f"{name}.csv"
    else:
        (base / name).mkdir(parents=True, exist_ok=True)
        path = base / name / f"{part}.csv"
    df.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    return path


def combine_parts(results: Path | None = None) -> list[Path]:
    """Concatenate every ``<name>/<part>.csv`` into ``<name>.csv`` (sorted by part)."""
    results = results or (BUILD / "results")
    written = []
    if not results.exists():
        return written
    for folder in sorted(p for p in results.iterdir() if p.is_dir()):
        parts = sorted(folder.glob("*.csv"))
        if not parts:  # every part was removed (e.g. its benchmark left the config)
            (results / f"{folder.name}.csv").unlink(missing_ok=True)
            continue
        frames = [pd.read_csv(p) for p in parts]
        frames = [f for f in frames if not f.empty]
        combined = pd.concat(frames, ignore_index=True) if frames else pd.read_csv(parts[0])
        out = results / f"{folder.name}.csv"
        combined.to_csv(out, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        written.append(out)
    return written


def read_result(name: str, results: Path | None = None) -> pd.DataFrame:
    """Read a combined result table (for tests and derivative studies)."""
    results = results or (BUILD / "results")
    return pd.read_csv(results / f"{name}.csv")
