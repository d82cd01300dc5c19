"""Benchmark files: the authors' per-benchmark CSVs, or a user's file in the minimal tidy layout.

* The authors' layout: a flat header, two group-label rows and an unnamed row (dropped), the score
  columns ``(TOP 1 score)`` etc., per-pass and hardware components, and the compute measures.
* The tidy layout: ``model, date, score, compute`` (``score`` in percent for the benchmark's selected
  metric; ``compute`` in FLOP, taken as the benchmark's main measure, i.e. a *peak* hardware burden).

:func:`load_benchmark_file` returns one tidy table whatever the layout; :func:`load_benchmark` adds
``score`` and ``error`` for a configured benchmark's selected metric.  Problems are collected, not
raised one by one: a file with five bad cells gets five messages, each naming the line of the file its
row starts on.  A model listed twice (same model and paper; in a tidy file, same model) follows
:mod:`compute_limits.data.duplicates`: merged and reported when no number differs, refused when one does.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import cached_file
from ..errors import ConfigError, DataValidationError, Problem
from . import duplicates, schemas
from .csv_text import read_csv_text
from .manifest import resolve

METRIC_COLUMNS = {
    "(TOP 1 score)": "top1",
    "(TOP 5 score)": "top5",
    "(BOX AP)": "box_ap",
    "(AP50)": "ap50",
    "(AP75)": "ap75",
    "(APS)": "aps",
    "(APM)": "apm",
    "(APL)": "apl",
    "(EM score)": "em",
    "(F1 score)": "f1",
    "(BLEU)": "bleu",
    "(SACREBLEU)": "sacrebleu",
}
METRICS = tuple(METRIC_COLUMNS.values())

STAGES = ("training", "pretraining", "finetuning")
CHIPS = ("gpu", "tpu", "cpu")
COMPUTE_COLUMNS = ("network_operations", "hardware_burden", "computing_power")
NUMERIC_COLUMNS = (
    ["year", "parameters", "flops", "multiadds", "fp_bp_ratio"]
    + [f"{s}_{c}" for s in STAGES for c in ("epochs", "set_size", "time_total_sec", "time_tpu_core_days")]
    + [f"{s}_{chip}_{c}" for s in STAGES for chip in CHIPS for c in ("amount", "ptp_gflops")]
    + list(COMPUTE_COLUMNS)
    + ["log10net", "log10hw"]
    + list(METRICS)
)
AUTHORS_REQUIRED = ("name", "year", "paper_link", "network_operations", "hardware_burden")
TIDY_REQUIRED = ("model", "date", "score", "compute")
TIDY_NAMES = {"score": "score_tidy", "compute": "hardware_burden"}  # the file's name -> the table's
TIDY_SHOWN = {"score_tidy": "score", "hardware_burden": "compute", "computing_power": "compute"}  # and back
AUTHORS_NAMES = {**METRIC_COLUMNS, "lo10net": "log10net", "name": "model"}  # the file's name -> the table's

# The fewest models with a score and a compute value a benchmark needs: the book fits two-parameter
# lines, a three-parameter time trend, a 10th-percentile frontier and leave-one-out errors on them,
# and with fewer than ten points those are not worth printing.
MIN_USABLE_ROWS = 10

AUTHORS_KEY = ["model", "paper_link"]  # a model appears once per paper that reports it (ResNet-152 in several)
TIDY_KEY = ["model"]
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{2})(\d{2})\.\d{4,5}", re.IGNORECASE)


def arxiv_year_month(link: object) -> tuple[int, int] | None:
    """(year, month) from an arXiv identifier in a URL, e.g. .../abs/1512.03385 -> (2015, 12)."""
    if not isinstance(link, str):
        return None
    match = _ARXIV.search(link)
    if not match:
        return None
    year, month = 2000 + int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 else None


def decimal_date(year: int, month: int | None) -> float:
    """Mid-month as a decimal year; mid-year (July 1st) when only the year is known."""
    if month is None:
        return year + 0.5
    return year + (month - 0.5) / 12


def _authors(raw: pd.DataFrame, name: str, found: list[Problem]) -> pd.DataFrame:
    missing = [c for c in AUTHORS_REQUIRED if c not in raw.columns]
    if missing:
        raise DataValidationError([Problem(name, None, c, "required column is missing") for c in missing])
    df = raw.rename(columns=AUTHORS_NAMES)
    if not any(c in df.columns for c in METRICS):
        raise DataValidationError([Problem(name, None, None, "no score column found; expected one of "
                                           + ", ".join(METRIC_COLUMNS))])
    # Group-label rows (the second one repeats 'name') and the unnamed row are not models.
    model = df["model"].astype("string").str.strip()
    df = df[model.notna() & (model != "") & (model != "name")].copy()
    df["model"] = df["model"].astype(str).str.strip()
    df = schemas.numeric(df, [c for c in NUMERIC_COLUMNS if c in df.columns], name, found)
    for idx in df.index[raw.loc[df.index, "year"].isna()]:
        found.append(Problem(name, int(idx), "year", "must not be empty"))
    ok_year = df["year"].notna() & np.isfinite(df["year"].fillna(0))
    ym = [arxiv_year_month(x) if ok else None for x, ok in zip(df["paper_link"], ok_year)]
    df["month"] = pd.array([m[1] if m else pd.NA for m in ym], dtype="Int64")
    df["date"] = [decimal_date(m[0], m[1]) if m else (y + 0.5 if ok else np.nan)
                  for m, y, ok in zip(ym, df["year"], ok_year)]
    df["date_source"] = ["arxiv" if m else "year" for m in ym]
    if "computing_power" not in df.columns:
        df["computing_power"] = np.nan
    return df


def _tidy(raw: pd.DataFrame, name: str, today: dt.date, found: list[Problem]) -> pd.DataFrame:
    missing = [c for c in TIDY_REQUIRED if c not in raw.columns]
    if missing:
        raise DataValidationError([Problem(name, None, c, "required column is missing (tidy layout: "
                                           "model, date, score, compute)") for c in missing])
    df = raw.copy()
    df["model"] = df["model"].astype("string").str.strip()
    for idx in df.index[df["model"].isna() | (df["model"] == "")]:
        found.append(Problem(name, int(idx), "model", "must not be empty"))
    df = df[df["model"].notna() & (df["model"] != "")].copy()
    df["model"] = df["model"].astype(str)
    text = df["date"].astype("string").str.strip()
    shape = text.str.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?").fillna(False)
    dates = pd.to_datetime(text.where(shape), errors="coerce", format="mixed")
    for idx in df.index[dates.isna()]:
        found.append(Problem(name, int(idx), "date", "must be a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                             df.at[idx, "date"]))
    for idx in df.index[(dates.dt.date > today).fillna(False)]:
        found.append(Problem(name, int(idx), "date",
                             f"must not be in the future (after {today.isoformat()})", df.at[idx, "date"]))
    has_month = text.str.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?").fillna(False)
    df["year"] = dates.dt.year.astype(float)
    df["month"] = pd.array([int(d.month) if ok and pd.notna(d) else pd.NA for d, ok in zip(dates, has_month)],
                           dtype="Int64")
    df["date"] = [decimal_date(int(y), None if pd.isna(m) else int(m)) if pd.notna(y) else np.nan
                  for y, m in zip(df["year"], df["month"])]
    df["date_source"] = ["month" if pd.notna(m) else "year" for m in df["month"]]
    df = schemas.numeric(df, ["score", "compute"], name, found)
    df = df.rename(columns=TIDY_NAMES)
    for col in ("compute", "score"):  # an empty cell (a cell that is not a number has its own message)
        for idx in df.index[raw.loc[df.index, col].isna()]:
            found.append(Problem(name, int(idx), col, "must not be empty"))
    df["network_operations"] = np.nan
    df["computing_power"] = df["hardware_burden"]
    if "paper_link" not in df:
        df["paper_link"] = pd.NA
    return df


def load_benchmark_file(path: Path | str, today: dt.date | None = None) -> pd.DataFrame:
    """Load one benchmark CSV (authors' or tidy layout) into a tidy, validated table.

    Columns: ``model, label, year, month, date, date_source, paper_link``, every score column found
    (``top1, top5, box_ap, ..., em, f1, bleu``, in percent; a tidy file's score is ``score_tidy``), the
    per-pass and hardware components, and the compute measures ``network_operations, hardware_burden,
    computing_power`` (FLOP); ``layout`` and ``source_row`` (the line of the file the row starts on).
    The notes about rows listed twice and merged are in ``attrs["repeats"]``, and the file's own columns
    (a tidy file lacks the components the table adds empty) in ``attrs["file_columns"]``.
    """
    path = Path(path)
    name = path.name or str(path)
    today = today or schemas.today()
    raw = read_csv_text(path)
    found: list[Problem] = []
    if "name" in raw.columns or "paper_link" in raw.columns:
        layout = "authors"
        df = _authors(raw, name, found)
        key, shown = AUTHORS_KEY, {}
        file_columns = [AUTHORS_NAMES.get(c, c) for c in raw.columns]
    elif set(TIDY_REQUIRED) & set(raw.columns):
        layout = "tidy"
        df = _tidy(raw, name, today, found)
        key, shown = TIDY_KEY, TIDY_SHOWN
        file_columns = [TIDY_NAMES.get(c, c) for c in raw.columns]
    else:
        raise DataValidationError([Problem(
            name, None, None, "unrecognised layout: expected the authors' columns (name, year, paper_link, ...) "
                              "or the tidy columns (model, date, score, compute)")])
    checked = df[df["year"].notna()]
    if layout == "tidy":
        checked = checked.drop(columns=["computing_power"])  # a copy of compute: report it once
    found += schemas.problems(checked, schemas.BenchmarkTable, name, shown)
    df, repeats = duplicates.merge(df, key, name, found, shown)
    if found:
        unique = list(dict.fromkeys(found))
        unique.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise DataValidationError(unique)
    for col in NUMERIC_COLUMNS:  # every file yields the same columns (a tidy file lacks the components)
        if col not in df.columns and col not in METRICS:
            df[col] = np.nan
    for stage in STAGES:
        for chip in CHIPS:
            if f"{stage}_{chip}_model" not in df.columns:
                df[f"{stage}_{chip}_model"] = pd.NA
    df["year"] = df["year"].astype(int)
    df["label"] = df["model"] + " (" + df["year"].astype(str) + ")"
    df["layout"] = layout
    df["source_row"] = df.index
    df = df.reset_index(drop=True)
    df.attrs.update(file_columns=file_columns, **{duplicates.ATTR: repeats})
    return df


def benchmark_path(config, data_files: dict | None = None) -> Path:
    """The file a configured benchmark reads: a user override (by benchmark id or data id), else its data."""
    data_files = data_files or {}
    for key in (config.id, config.data):
        if key in data_files:
            return resolve(key, data_files)
    return resolve(config.data)


def load_benchmark(config, data_files: dict | None = None) -> pd.DataFrame:
    """Load one configured benchmark (a :class:`~compute_limits.config.BenchmarkConfig`): its table with
    ``score`` (the selected metric, percent), ``error = 1 − score/100`` and ``benchmark``."""
    return load_all({config.id: config}, data_files)[config.id]


def usable_count(df: pd.DataFrame, config) -> int:
    """Models with a score and a compute value the main fits can use (before any conversion:
    a network-operations value counts for the consolidated measure, which converts it)."""
    has_score = df["score"].notna() & (df["error"] > 0)
    if config.compute == "consolidated_hardware_burden":
        has_compute = df["hardware_burden"].notna() | df["network_operations"].notna()
    else:
        has_compute = df[config.compute].notna()
    return int((has_score & has_compute).sum())


def usable_problems(df: pd.DataFrame, config) -> list[Problem]:
    """A problem when the file has fewer than :data:`MIN_USABLE_ROWS` usable models, or a score of 100
    (error 0 cannot be fitted on a log scale)."""
    name = Path(df.attrs.get("path", config.data)).name
    out = [Problem(name, int(r), config.metric if config.metric in df else "score",
                   "a score of 100 means zero error, which the fits (on log error) cannot use", 100.0)
           for r in df.loc[df["score"] == 100, "source_row"]]
    n = usable_count(df, config)
    if n < MIN_USABLE_ROWS:
        out.append(Problem(name, None, None,
                           f"has {n} models with both a {config.metric} score and compute "
                           f"({config.compute.replace('_', ' ')}); the book's fits need at least {MIN_USABLE_ROWS}"))
    return out


# Files already read by this process: path -> ((modification time, size, today), table).  The pipeline's
# kernels execute several chapters each, and each chapter reads every benchmark file (~0.1 s a file).
_READ: dict[str, tuple[tuple, pd.DataFrame]] = {}


# load_benchmark_file in the computation cache: the table depends on the file's bytes and the day only, so a
# new kernel reads it from disk instead of parsing it.
_load_kept = cached_file(load_benchmark_file)


def _read_once(path: Path) -> pd.DataFrame:
    """:func:`load_benchmark_file`, re-used while the file is unchanged (a copy: callers may modify it).
    One table is kept per path: an edited file replaces its older version."""
    if not path.is_file():
        return load_benchmark_file(path)  # raises the file's problem
    st = path.stat()
    key, stamp = str(path.resolve()), (st.st_mtime_ns, st.st_size, schemas.today())
    if key not in _READ or _READ[key][0] != stamp:
        _READ[key] = (stamp, _load_kept(path, stamp[2]))
    return _READ[key][1].copy(deep=True)


def load_all(configs: dict, data_files: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every configured benchmark's table (``{id: DataFrame}``, in ``benchmarks.toml`` order); a file
    shared by two entries is read once."""
    by_path: dict[Path, pd.DataFrame] = {}
    out = {}
    for bid, cfg in configs.items():
        path = benchmark_path(cfg, data_files)
        if path not in by_path:
            by_path[path] = _read_once(path)
        df = by_path[path].copy()
        if cfg.sample_filter is not None:
            df = apply_filter(df, cfg.sample_filter, bid, path)
        if "score_tidy" in df.columns:
            df[cfg.metric] = df.pop("score_tidy")
        if cfg.metric not in df.columns:
            raise DataValidationError([Problem(path.name, None, cfg.metric, f"benchmark {bid!r} is scored by "
                                               f"{cfg.metric!r}, which this file has no column for")])
        df["score"] = df[cfg.metric]
        df["error"] = 1 - df["score"] / 100
        df["benchmark"] = bid
        df.attrs.update(path=str(path), benchmark=bid)
        out[bid] = df
    return out


def apply_filter(df: pd.DataFrame, rule, bid: str, path: Path) -> pd.DataFrame:
    """The rows of ``df`` that ``rule`` (:class:`compute_limits.config.SampleFilter`) keeps; a column the file
    does not have, or a model name it does not list, is a parameter error naming both (nothing is dropped
    silently).  ``attrs["filtered_out"]`` holds how many rows the rule left out."""
    where = f"parameter filters: benchmark {bid!r} ({path.name})"
    missing = [c for c in (*rule.empty, *rule.filled) if c not in df.columns]
    if missing:
        raise ConfigError(f"{where}: no column {', '.join(map(repr, missing))}; the file's columns: "
                          f"{', '.join(map(str, df.columns))}")
    names = set(df["model"].astype(str))
    unknown = [m for m in rule.leave_out if m not in names]
    if unknown:
        raise ConfigError(f"{where}: no model named {', '.join(map(repr, unknown))} in its model column")
    keep = ~df["model"].astype(str).isin(rule.leave_out)
    for c in rule.empty:
        keep &= df[c].isna() | (df[c].astype(str).str.strip() == "")
    for c in rule.filled:
        keep &= df[c].notna() & (df[c].astype(str).str.strip() != "")
    out = df[keep].copy()
    out.attrs.update(df.attrs, filtered_out=int((~keep).sum()))
    return out
