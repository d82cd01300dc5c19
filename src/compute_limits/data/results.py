"""Tidy CSV results that chapters write for derivative studies and tests, and their dictionary.

One file per table under ``_build/results/``.  A table that several pages contribute to (``fits``:
one part per benchmark page) is written as parts ``<name>/<part>.csv`` and concatenated into
``<name>.csv`` by :func:`combine_parts` after the chapters ran.

Every results file and every column a chapter writes must be documented in ``data/dictionary.toml``:
:func:`write_result` refuses a file without a description, an undocumented column, and a value outside
the values a categorical column declares.  :func:`write_dictionary` writes, from the files actually
present, so the dictionary cannot drift from the data:

* ``dictionary.csv``: one row per column of every file (file, column, meaning, unit);
* ``dictionary_files.csv``: one row per file (what one row is, its key columns, its licence);
* ``dictionary_values.csv``: one row per value of every categorical column (file, column, value, meaning).

A categorical column declares its values in ``[values]`` (every file where the column keeps its shared
meaning) or ``[file.<name>.values]``: a table ``value = "meaning"``, or the name of a list the configs
hold (``"@benchmarks"``, ``"@metrics"``, ``"@vintages"``, ``"@chapters"``), which is listed but not
enforced here (a fork adds ids to the configs; the chapters check them).  A column of free text (names,
notes, labels) is named in ``text`` (top level) or ``[file.<name>] text``.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import load_benchmarks, load_costs
from . import paths
from .files import atomic_write

FLOAT_FORMAT = "%.10g"  # fixed formatting: identical inputs give identical bytes
DICTIONARY_CONFIG = paths.DATA / "dictionary.toml"
DICTIONARY_COLUMNS = ["file", "column", "meaning", "unit"]
FILES_COLUMNS = ["file", "description", "key_columns", "licence"]
# Columns renamed since earlier editions (they shadowed pandas methods: `df.sample` is a method), so a published
# edition or a results folder written before the rename still compares with this build's.
RENAMED_COLUMNS = {"sample": "model_set", "keys": "key_columns"}
VALUES_COLUMNS = ["file", "column", "value", "meaning"]
DICTIONARY_FILES = ("dictionary", "dictionary_files", "dictionary_values")  # written by write_dictionary only
FIGURES = "figures"  # sub-folder of figure data (one CSV per figure), documented by the figure itself


class UndocumentedColumn(ValueError):
    pass


class UndeclaredValue(UndocumentedColumn):
    """A categorical column holds a value its declared values do not list."""


FORM_SLOT = "{form}"  # a column or value named with it stands for one per functional form


def _per_form(table: dict, form_names: list[str]) -> dict:
    """``table`` with each entry whose name holds ``{form}`` repeated for every form, ``{form}`` replaced in its
    name and its text (``r2_{form} = ["R² of the {form} fit", ...]``)."""
    out = {}
    for key, value in table.items():
        if FORM_SLOT not in key:
            out[key] = value
            continue
        for f in form_names:
            fill = lambda v: v.replace(FORM_SLOT, f) if isinstance(v, str) else v  # noqa: E731
            out[key.replace(FORM_SLOT, f)] = [fill(v) for v in value] if isinstance(value, list) else fill(value)
    return out


@lru_cache(maxsize=2)
def _dictionary(path: str) -> dict:
    """The dictionary, with its per-form entries spelled out for every form its shared ``form`` values list
    (the forms of :data:`compute_limits.stats.forms.REGISTRY`; ``tests/test_forms.py`` checks the two agree)."""
    with open(path, "rb") as fh:
        d = tomllib.load(fh)
    form_names = list(d.get("values", {}).get("form", {}))
    tables = [d] + list(d.get("file", {}).values())
    for entry in tables:
        for part in ("columns", "values"):
            if part in entry:
                entry[part] = _per_form(entry[part], form_names)
                entry[part] = {k: _per_form(v, form_names) if isinstance(v, dict) else v
                               for k, v in entry[part].items()}
    return d


def dictionary() -> dict:
    return _dictionary(str(DICTIONARY_CONFIG))


def describe(name: str, column: str) -> tuple[str, str] | None:
    """``(meaning, unit)`` of ``column`` in result ``name``, or ``None`` if undocumented."""
    d = dictionary()
    entry = d.get("file", {}).get(name, {}).get("columns", {}).get(column) or d.get("columns", {}).get(column)
    if entry is None:
        return None
    return str(entry[0]), str(entry[1])


def declared_values(name: str, column: str) -> dict | str | None:
    """The values ``column`` of result ``name`` declares: ``{value: meaning}``, a config list's name
    (``"@benchmarks"``, ...), or ``None``.  The shared ``[values]`` apply only where the column keeps its
    shared meaning (a file that gives the column a meaning of its own declares its values itself)."""
    entry = dictionary().get("file", {}).get(name, {})
    if column in entry.get("values", {}):
        return entry["values"][column]
    if column in entry.get("columns", {}):
        return None
    return dictionary().get("values", {}).get(column)


def is_text(name: str, column: str) -> bool:
    """Whether ``column`` of result ``name`` is declared free text (names, notes, labels: no value list)."""
    entry = dictionary().get("file", {}).get(name, {})
    if column in entry.get("text", []):
        return True
    return column not in entry.get("columns", {}) and column in dictionary().get("text", [])


def _config_list(source: str) -> dict[str, str]:
    """``{value: meaning}`` of a list the configs hold."""
    if source == "@benchmarks":
        return {b: f"{c.name} ({c.task})" for b, c in load_benchmarks().items()}
    if source == "@metrics":
        labels: dict[str, list[str]] = {}
        for cfg in load_benchmarks().values():
            for metric, m in cfg.metrics.items():
                labels.setdefault(metric, [])
                if m.label not in labels[metric]:
                    labels[metric].append(m.label)
        return {m: " / ".join(names) for m, names in labels.items()}
    if source == "@vintages":
        costs = load_costs()
        return {v: vint.label + (" (the default vintage)" if v == costs.default_vintage else "")
                for v, vint in costs.vintages.items()}
    if source == "@chapters":
        with open(paths.CHAPTERS / "book.toml", "rb") as fh:
            return {c["id"]: f"the chapter chapters/{c['source']}" for c in tomllib.load(fh).get("chapter", [])}
    raise ValueError(f"data/dictionary.toml: unknown list {source!r} (known: @benchmarks, @metrics, @vintages, @chapters)")


def value_meanings(name: str, column: str) -> dict[str, str]:
    """Every value ``column`` of result ``name`` can take, with its meaning (empty if not categorical)."""
    declared = declared_values(name, column)
    if declared is None:
        return {}
    return _config_list(declared) if isinstance(declared, str) else {str(k): str(v) for k, v in declared.items()}


def _check_documented(df: pd.DataFrame, name: str) -> None:
    entry = dictionary().get("file", {}).get(name)
    if entry is None:
        raise UndocumentedColumn(f"result {name}.csv is not described in data/dictionary.toml ([file.{name}])")
    if not str(entry.get("description", "")).strip():
        raise UndocumentedColumn(f"result {name}.csv has no description in data/dictionary.toml "
                                 f"([file.{name}] description: what one row is)")
    missing = [c for c in df.columns if describe(name, str(c)) is None]
    if missing:
        raise UndocumentedColumn(f"result {name}.csv: column(s) {', '.join(missing)} not documented in "
                                 f"data/dictionary.toml ([file.{name}.columns] or [columns])")
    for col in df.columns:
        declared = declared_values(name, str(col))
        if not isinstance(declared, dict) or pd.api.types.is_bool_dtype(df[col]):
            continue  # a config list is listed, not enforced; true/false need no list
        present = dict.fromkeys(str(v) for v in df[col].dropna() if str(v) != "")
        outside = [v for v in present if v not in declared]
        if outside:
            raise UndeclaredValue(f"result {name}.csv: column {col} holds {', '.join(map(repr, outside))}, which "
                                  f"data/dictionary.toml does not list among its values ({', '.join(declared)}; "
                                  f"[file.{name}.values] or [values])")


def _check_names(df: pd.DataFrame, file: str) -> None:
    shadowing = [c for c in df.columns if isinstance(c, str) and hasattr(pd.DataFrame, c)]
    if shadowing:  # a reader's `df.sample == "all"` would compare a method, not the column
        raise ValueError(f"{file}: column(s) {shadowing} shadow pandas DataFrame attributes; rename them")


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    _check_names(df, path.name)
    atomic_write(path, df.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n"))


def write_result(df: pd.DataFrame, name: str, part: str | None = None) -> Path:
    """Write ``df`` as the result table ``name`` (or one ``part`` of it); every column documented."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"result name must be alphanumeric/underscore, got {name!r}")
    if name in DICTIONARY_FILES:
        raise ValueError(f"result name {name!r} is the data dictionary's own (written by write_dictionary)")
    _check_names(df, f"{name}.csv")
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
        frames = [pd.read_csv(p).rename(columns=RENAMED_COLUMNS) for p in parts]  # parts of an older build too
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


def _data_files(dirs) -> list[Path]:
    """The results files in ``dirs`` (the first holding a name wins), by name, without the dictionary's own."""
    found: dict[str, Path] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.csv")) if folder and Path(folder).exists() else []:
            if path.stem not in DICTIONARY_FILES:
                found.setdefault(path.name, path)
    return [found[n] for n in sorted(found)]


def column_rows(dirs) -> pd.DataFrame:
    """``dictionary.csv``'s rows for the results files in ``dirs``: file, column, meaning, unit."""
    rows = []
    for path in _data_files(dirs):
        for col in pd.read_csv(path, nrows=0).columns:
            meaning, unit = describe(path.stem, col) or ("(undocumented)", "")
            rows.append({"file": path.name, "column": col, "meaning": meaning, "unit": unit})
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def _file_description(name: str) -> str:
    """A file's description, with the configs' values it names filled in (``{default_vintage}``)."""
    text = str(dictionary().get("file", {}).get(name, {}).get("description", ""))
    if "{default_vintage}" in text:
        text = text.replace("{default_vintage}", load_costs().default_vintage)
    return text


def file_rows(dirs) -> pd.DataFrame:
    """``dictionary_files.csv``'s rows: one per results file in ``dirs`` and per dictionary file."""
    d = dictionary()
    names = [p.stem for p in _data_files(dirs)] + list(DICTIONARY_FILES)
    rows = [{"file": f"{n}.csv", "description": _file_description(n),
             "key_columns": ", ".join(d.get("file", {}).get(n, {}).get("key_columns", [])),
             "licence": d.get("file", {}).get(n, {}).get("licence", d.get("licence", ""))} for n in sorted(names)]
    return pd.DataFrame(rows, columns=FILES_COLUMNS)


def value_rows(dirs) -> pd.DataFrame:
    """``dictionary_values.csv``'s rows: every value of every categorical column of the files in ``dirs``."""
    rows = []
    for path in _data_files(dirs):
        for col in pd.read_csv(path, nrows=0).columns:
            rows += [{"file": path.name, "column": col, "value": v, "meaning": m}
                     for v, m in value_meanings(path.stem, col).items()]
    return pd.DataFrame(rows, columns=VALUES_COLUMNS)


def write_dictionary(results: Path | None = None) -> Path:
    """The data dictionary of the files present: ``dictionary.csv`` (one row per column of every results file:
    file, column, meaning, unit), ``dictionary_files.csv`` (one row per file) and ``dictionary_values.csv``
    (one row per value of a categorical column).  Returns ``dictionary.csv``'s path."""
    results = results or paths.results_dir()
    out = results / "dictionary.csv"
    _write_csv(column_rows([results]), out)
    _write_csv(file_rows([results]), results / "dictionary_files.csv")
    _write_csv(value_rows([results]), results / "dictionary_values.csv")
    return out


def read_result(name: str, results: Path | None = None) -> pd.DataFrame:
    """Read a combined result table (for chapters that quote another's results, tests, derivative studies)."""
    results = results or paths.results_read_dir()
    path = results / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"result {name}.csv not found in {results}: the chapter that writes it must run first "
                                "(declare it under `needs` in chapters/book.toml)")
    return pd.read_csv(path).rename(columns=RENAMED_COLUMNS)


def read_published(name: str, variant: dict) -> pd.DataFrame | None:
    """The published edition's result table ``name``, for a variant build (the pipeline's ``variant`` parameter
    says where the edition is kept: ``compute_limits.pipeline.edition``); None when the build is not a variant
    or the checkout keeps no published edition."""
    edition = (variant or {}).get("published")
    return read_result(name, paths.ROOT / edition["path"]) if edition else None


def clean_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """numpy scalar types to plain floats/ints, so CSVs and glue see the same values."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: v.item() if isinstance(v, np.generic) else v)
    return out
