"""Tidy CSV results that chapters write for derivative studies and tests, and their dictionary.

One file per table under ``_build/results/``.  A table that several pages contribute to (``fits``:
one part per benchmark page) is written as parts ``<name>/<part>.csv`` and concatenated into
``<name>.csv`` by :func:`combine_parts` after the chapters ran.

Every column a chapter writes must be documented in ``data/dictionary.toml`` (its meaning and
unit): :func:`write_result` refuses an undocumented column, and :func:`write_dictionary` writes
``dictionary.csv`` from the files actually present, so the dictionary cannot drift from the data.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import load_benchmarks
from . import paths
from .files import atomic_write

FLOAT_FORMAT = "%.10g"  # fixed formatting: identical inputs give identical bytes
DICTIONARY_CONFIG = paths.DATA / "dictionary.toml"
DICTIONARY_COLUMNS = ["file", "column", "meaning", "unit"]
FIGURES = "figures"  # sub-folder of figure data (one CSV per figure), documented by the figure itself


class UndocumentedColumn(ValueError):
    pass


@lru_cache(maxsize=2)
def _dictionary(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def dictionary() -> dict:
    return _dictionary(str(DICTIONARY_CONFIG))


def describe(name: str, column: str) -> tuple[str, str] | None:
    """``(meaning, unit)`` of ``column`` in result ``name``, or ``None`` if undocumented."""
    d = dictionary()
    entry = d.get("file", {}).get(name, {}).get("columns", {}).get(column) or d.get("columns", {}).get(column)
    if entry is None:
        return None
    return str(entry[0]), str(entry[1])


def _check_documented(df: pd.DataFrame, name: str) -> None:
    if name not in dictionary().get("file", {}):
        raise UndocumentedColumn(f"result {name}.csv is not described in data/dictionary.toml ([file.{name}])")
    missing = [c for c in df.columns if describe(name, str(c)) is None]
    if missing:
        raise UndocumentedColumn(f"result {name}.csv: column(s) {', '.join(missing)} not documented in "
                                 f"data/dictionary.toml ([file.{name}.columns] or [columns])")


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, df.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n"))


def write_result(df: pd.DataFrame, name: str, part: str | None = None) -> Path:
    """Write ``df`` as the result table ``name`` (or one ``part`` of it); every column documented."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"result name must be alphanumeric/underscore, got {name!r}")
    _check_documented(df, name)
    base = paths.results_dir()
    if part is None:
        path = base / f"{name}.csv"
    else:
        (base / name).mkdir(parents=True, exist_ok=True)
        path = base / name / f"{part}.csv"
    _write_csv(df, path)
    return path


def write_figure_data(df: pd.DataFrame, figure: str) -> Path:
    """The rows a figure draws, as ``figures/<figure>.csv`` (linked under the figure)."""
    folder = paths.results_dir() / FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{figure}.csv"
    _write_csv(df, path)
    return path


def combine_parts(results: Path | None = None, names=None) -> list[Path]:
    """Concatenate every ``<name>/<part>.csv`` into ``<name>.csv`` (sorted by part), for the tables ``names``
    (default: every table with parts), and rewrite the data dictionary."""
    results = results or paths.results_dir()
    written = []
    if not results.exists():
        return written
    folders = (p for p in results.iterdir() if p.is_dir() and p.name != FIGURES and (names is None or p.name in names))
    for folder in sorted(folders):
        parts = sorted(folder.glob("*.csv"), key=_part_order)
        if not parts:  # every part was removed (e.g. its benchmark left the config)
            (results / f"{folder.name}.csv").unlink(missing_ok=True)
            continue
        frames = [pd.read_csv(p) for p in parts]
        frames = [f for f in frames if not f.empty]
        combined = pd.concat(frames, ignore_index=True) if frames else pd.read_csv(parts[0])
        out = results / f"{folder.name}.csv"
        _write_csv(combined, out)
        written.append(out)
    write_dictionary(results)
    return written


def _part_order(path: Path):
    """Parts follow the order of data/benchmarks.toml where they are benchmark ids (else by name)."""
    try:
        order = {b: c.order for b, c in load_benchmarks().items()}
    except Exception:  # a broken config is reported elsewhere; order by name then
        order = {}
    return (order.get(path.stem, len(order) + 1), path.stem)


def write_dictionary(results: Path | None = None) -> Path:
    """``dictionary.csv``: one row per column of every results file present (file, column, meaning, unit)."""
    results = results or paths.results_dir()
    rows = []
    for path in sorted(results.glob("*.csv")):
        name = path.stem
        if name == "dictionary":
            continue
        columns = pd.read_csv(path, nrows=0).columns
        for col in columns:
            meaning, unit = describe(name, col) or ("(undocumented)", "")
            rows.append({"file": path.name, "column": col, "meaning": meaning, "unit": unit})
    out = results / "dictionary.csv"
    _write_csv(pd.DataFrame(rows, columns=DICTIONARY_COLUMNS), out)
    return out


def file_descriptions() -> pd.DataFrame:
    """One row per documented results file: ``file, description, keys`` (from data/dictionary.toml)."""
    rows = [{"file": f"{name}.csv", "description": e.get("description", ""), "keys": ", ".join(e.get("keys", []))}
            for name, e in dictionary().get("file", {}).items()]
    return pd.DataFrame(rows)


def read_result(name: str, results: Path | None = None) -> pd.DataFrame:
    """Read a combined result table (for chapters that quote another's results, tests, derivative studies)."""
    results = results or paths.results_read_dir()
    path = results / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"result {name}.csv not found in {results}: the chapter that writes it must run first "
                                "(declare it under `needs` in chapters/book.toml)")
    return pd.read_csv(path)


def clean_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """numpy scalar types to plain floats/ints, so CSVs and glue see the same values."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: v.item() if isinstance(v, np.generic) else v)
    return out
