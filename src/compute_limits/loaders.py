"""Loaders: raw CSVs in, tidy typed validated tables out.

* ``load_benchmark_file``: the authors' per-benchmark CSVs (flat header, two
  group-label rows and an unnamed row) or a user CSV in the minimal tidy layout
  (``model, date, score, compute``).
* ``load_epoch``: Epoch AI's model table (columns mapped by name, because they
  drift between exports).
* ``load_hardware``: peak-GFLOPS tables of GPUs, CPUs and TPUs.

Every loader validates with pandera and raises :class:`DataValidationError`
listing each problem with its file, row (1-based line in the file), column and rule.
Raw files are only read, never modified.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import paths
from .validation import ConfigError, DataValidationError, Problem

# --------------------------------------------------------------------------
# Manifest and benchmark configuration
# --------------------------------------------------------------------------


def read_manifest(path: Path | None = None) -> pd.DataFrame:
    """The data manifest: one row per raw file (id, file, url, sha256, licence, citation)."""
    manifest = pd.read_csv(path or paths.MANIFEST, dtype=str)
    return manifest.set_index("id", drop=False)


def default_path(data_id: str) -> Path:
    """Where ``make data`` puts the raw file with manifest id ``data_id``."""
    manifest = read_manifest()
    if data_id not in manifest.index:
        raise KeyError(f"unknown data id {data_id!r}; known: {', '.join(manifest.index)}")
    return paths.RAW / manifest.loc[data_id, "file"]


def resolve(data_id: str, data_files: dict | None = None) -> Path:
    """Path of input ``data_id``: a user override from ``data_files`` if given, else
    a manifest id's fetched file, else a path relative to the repository root."""
    data_files = data_files or {}
    if data_id in data_files:
        return Path(data_files[data_id]).expanduser().resolve()
    if data_id in read_manifest().index:
        return default_path(data_id)
    candidate = Path(data_id)
    return candidate if candidate.is_absolute() else paths.ROOT / candidate


@dataclass(frozen=True)
class BenchmarkConfig:
    id: str
    name: str
    task: str
    data: str
    metric: str
    metric_label: str
    compute: str
    targets: tuple[float, ...]
    robustness_metric: str | None = None
    extra: dict = field(default_factory=dict)


_REQUIRED_BENCH_KEYS = ("id", "name", "task", "data", "metric", "metric_label", "compute", "targets")
COMPUTE_MEASURES = ("consolidated_hardware_burden", "hardware_burden", "network_operations")


def load_benchmark_configs(path: Path | None = None) -> dict[str, BenchmarkConfig]:
    """Read ``data/benchmarks.toml`` into ``{id: BenchmarkConfig}`` (file order)."""
    path = Path(path or paths.BENCHMARKS_CONFIG)
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    configs: dict[str, BenchmarkConfig] = {}
    for i, entry in enumerate(raw.get("benchmark", []), start=1):
        missing = [k for k in _REQUIRED_BENCH_KEYS if k not in entry]
        if missing:
            raise ConfigError(f"{path.name}: benchmark entry {i} is missing key(s) {', '.join(missing)}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", entry["id"]):
            raise ConfigError(f"{path.name}: benchmark id {entry['id']!r} must be snake_case")
        if entry["compute"] not in COMPUTE_MEASURES:
            raise ConfigError(f"{path.name}: benchmark {entry['id']!r} key 'compute' must be one of {COMPUTE_MEASURES}")
        targets = tuple(float(t) for t in entry["targets"])
        if not targets or any(not 0 < t < 1 for t in targets):
            raise ConfigError(f"{path.name}: benchmark {entry['id']!r} key 'targets' must be error rates in (0, 1)")
        if entry["id"] in configs:
            raise ConfigError(f"{path.name}: benchmark id {entry['id']!r} appears twice")
        known = {k: entry[k] for k in _REQUIRED_BENCH_KEYS if k != "targets"}
        extra = {k: v for k, v in entry.items() if k not in _REQUIRED_BENCH_KEYS and k != "robustness_metric"}
        configs[entry["id"]] = BenchmarkConfig(
            **known, targets=targets, robustness_metric=entry.get("robustness_metric"), extra=extra
        )
    return configs


# --------------------------------------------------------------------------
# The authors' per-benchmark CSVs
# --------------------------------------------------------------------------

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

_STAGES = ("training", "pretraining", "finetuning")
_CHIPS = ("gpu", "tpu", "cpu")
COMPUTE_COLUMNS = ("network_operations", "hardware_burden", "computing_power")
NUMERIC_COLUMNS = (
    ["year", "parameters", "flops", "multiadds", "fp_bp_ratio"]
    + [f"{s}_{c}" for s in _STAGES for c in ("epochs", "set_size", "time_total_sec", "time_tpu_core_days")]
    + [f"{s}_{chip}_{c}" for s in _STAGES for chip in _CHIPS for c in ("amount", "ptp_gflops")]
    + list(COMPUTE_COLUMNS)
    + ["log10net", "log10hw"]
    + list(METRICS)
)
POSITIVE_COLUMNS = ("flops", "multiadds", "fp_bp_ratio", "training_epochs", "training_set_size",
                    "training_time_total_sec") + COMPUTE_COLUMNS
AUTHORS_REQUIRED = ("name", "year", "paper_link", "network_operations", "hardware_burden")
TIDY_REQUIRED = ("model", "date", "score", "compute")

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


def _today() -> dt.date:
    return dt.date.today()


def _numeric(df: pd.DataFrame, columns, file: str, line_offset: int, problems: list[Problem]) -> pd.DataFrame:
    """Coerce columns to float; a non-empty cell that is not a number is a problem."""
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            continue
        text = out[col].astype("string").str.strip().str.replace(r"[,$]", "", regex=True)
        text = text.mask(text.isin(["", "-", "nan", "NaN"]))
        values = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & values.isna()
        for idx in out.index[bad]:
            problems.append(Problem(file, int(idx) + line_offset, col, "must be a number", out.at[idx, col]))
        out[col] = values.astype(float)
    return out


def _schema_problems(df: pd.DataFrame, schema: pa.DataFrameSchema, file: str, line_offset: int) -> list[Problem]:
    """Run a pandera schema lazily and turn its failure cases into Problems."""
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        cases = err.failure_cases
        for _, case in cases.iterrows():
            idx = case.get("index")
            row = None if pd.isna(idx) else int(idx) + line_offset
            column = case.get("column")
            check = str(case.get("check"))
            rule = _RULE_TEXT.get(check, check)
            problems.append(Problem(file, row, None if pd.isna(column) else str(column), rule, case.get("failure_case")))
        return problems
    return []


def _rule_text() -> dict[str, str]:
    return {
        "greater_than(0)": "must be > 0 (compute and counts cannot be zero or negative)",
        "in_range(0, 100)": "score must be between 0 and 100",
        "not_nullable": "must not be empty",
        "field_uniqueness": "duplicate model",
    }


_RULE_TEXT = _rule_text()


def _benchmark_schema(metric_cols, max_year: int) -> pa.DataFrameSchema:
    columns = {
        "model": pa.Column(str, nullable=False),
        "year": pa.Column(float, [pa.Check.ge(1950), pa.Check.le(max_year, error=f"year must not be in the future (after {max_year})")], nullable=False),
    }
    for col in POSITIVE_COLUMNS:
        columns[col] = pa.Column(float, pa.Check.gt(0), nullable=True, required=False)
    for col in metric_cols:
        columns[col] = pa.Column(float, pa.Check.in_range(0, 100), nullable=True, required=False)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def _check_duplicates(df: pd.DataFrame, keys: list[str], file: str, line_offset: int) -> list[Problem]:
    dup = df.duplicated(subset=keys, keep="first")
    problems = []
    for idx in df.index[dup]:
        first = df.index[(df[keys] == df.loc[idx, keys]).all(axis=1)][0]
        problems.append(
            Problem(file, int(idx) + line_offset, "model",
                    f"duplicate model: same {' and '.join(keys)} as row {int(first) + line_offset}",
                    df.at[idx, "model"])
        )
    return problems


def _add_dates(df: pd.DataFrame) -> pd.DataFrame:
    ym = df["paper_link"].map(arxiv_year_month) if "paper_link" in df else pd.Series(None, index=df.index)
    df["month"] = [m[1] if m else pd.NA for m in ym]
    df["month"] = df["month"].astype("Int64")
    pub_year = [m[0] if m else int(y) for m, y in zip(ym, df["year"])]
    df["date"] = [decimal_date(y, m[1] if m else None) for y, m in zip(pub_year, ym)]
    df["date_source"] = ["arxiv" if m else "year" for m in ym]
    return df


def _read_authors(path: Path, raw: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    name = path.name
    missing = [c for c in AUTHORS_REQUIRED if c not in raw.columns]
    if missing:
        for col in missing:
            problems.append(Problem(name, None, col, "required column is missing"))
        raise DataValidationError(problems)
    df = raw.rename(columns={**METRIC_COLUMNS, "lo10net": "log10net", "name": "model"})
    metric_cols = [c for c in METRICS if c in df.columns]
    if not metric_cols:
        problems.append(Problem(name, None, None, "no score column found; expected one of " + ", ".join(METRIC_COLUMNS)))
        raise DataValidationError(problems)
    # Group-label rows (the second one repeats 'name') and the unnamed row are not models.
    model = df["model"].astype("string").str.strip()
    keep = model.notna() & (model != "") & (model != "name")
    df = df[keep].copy()
    df["model"] = df["model"].astype(str).str.strip()
    return df


def load_benchmark_file(path: Path | str, today: dt.date | None = None) -> pd.DataFrame:
    """Load one benchmark CSV (authors' layout or minimal tidy layout) into a tidy table.

    Columns of the result: ``model, label, year, month, date, date_source, paper_link``,
    every score column found (``top1, top5, box_ap, ..., em, f1, bleu``, in percent),
    the per-pass and hardware components, and the compute measures
    ``network_operations, hardware_burden, computing_power`` (FLOP).
    """
    path = Path(path)
    name = path.name
    today = today or _today()
    if not path.exists():
        raise FileNotFoundError(f"{path}: data file not found (run `make data`, or check the path)")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    raw.columns = [str(c).strip() for c in raw.columns]
    problems: list[Problem] = []
    line_offset = 2  # DataFrame index 0 is line 2 of the file (line 1 is the header)

    if "name" in raw.columns or "paper_link" in raw.columns:
        layout = "authors"
        df = _read_authors(path, raw, problems)
    elif set(TIDY_REQUIRED) & set(raw.columns):
        layout = "tidy"
        missing = [c for c in TIDY_REQUIRED if c not in raw.columns]
        for col in missing:
            problems.append(Problem(name, None, col, "required column is missing (tidy layout: model, date, score, compute)"))
        if problems:
            raise DataValidationError(problems)
        df = raw.copy()
        df["model"] = df["model"].astype("string").str.strip()
        for idx in df.index[df["model"].isna() | (df["model"] == "")]:
            problems.append(Problem(name, int(idx) + line_offset, "model", "must not be empty"))
        df = df[df["model"].notna() & (df["model"] != "")].copy()
        df["model"] = df["model"].astype(str)
    else:
        raise DataValidationError([Problem(
            name, None, None,
            "unrecognised layout: expected the authors' columns (name, year, paper_link, ...) "
            "or the tidy columns (model, date, score, compute)")])

    if layout == "tidy":
        dates = pd.to_datetime(df["date"].astype(str).str.strip(), errors="coerce", format="mixed")
        for idx in df.index[dates.isna()]:
            problems.append(Problem(name, int(idx) + line_offset, "date", "must be a date (YYYY, YYYY-MM or YYYY-MM-DD)", df.at[idx, "date"]))
        future = dates.dt.date > today
        for idx in df.index[future.fillna(False)]:
            problems.append(Problem(name, int(idx) + line_offset, "date", f"must not be in the future (after {today.isoformat()})", df.at[idx, "date"]))
        df["year"] = dates.dt.year.astype(float)
        text = df["date"].astype(str).str.strip()
        has_month = text.str.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?")
        df["month"] = pd.array([int(d.month) if ok and pd.notna(d) else pd.NA for d, ok in zip(dates, has_month)], dtype="Int64")
        df["date"] = [decimal_date(int(y), None if pd.isna(m) else int(m)) if pd.notna(y) else np.nan
                      for y, m in zip(df["year"], df["month"])]
        df["date_source"] = ["month" if pd.notna(m) else "year" for m in df["month"]]
        df = _numeric(df, ["score", "compute"], name, line_offset, problems)
        df = df.rename(columns={"score": "score_tidy", "compute": "hardware_burden"})
        for col in ("network_operations",):
            df[col] = np.nan
        df["computing_power"] = df["hardware_burden"]
        df["paper_link"] = df.get("paper_link", pd.Series(pd.NA, index=df.index))
        metric_cols = ["score_tidy"]
        schema_cols = ["hardware_burden"]
        for idx in df.index[df["hardware_burden"].isna()]:
            problems.append(Problem(name, int(idx) + line_offset, "compute", "must not be empty"))
        for idx in df.index[df["score_tidy"].isna()]:
            problems.append(Problem(name, int(idx) + line_offset, "score", "must not be empty"))
        dup_keys = ["model"]
    else:
        df = _numeric(df, [c for c in NUMERIC_COLUMNS if c in df.columns], name, line_offset, problems)
        metric_cols = [c for c in METRICS if c in df.columns]
        for idx in df.index[df["year"].isna()]:
            problems.append(Problem(name, int(idx) + line_offset, "year", "must not be empty"))
        dup_keys = ["model", "paper_link"]
        schema_cols = [c for c in POSITIVE_COLUMNS if c in df.columns]

    schema = _benchmark_schema(metric_cols, today.year)
    checked = df[["model", "year"] + schema_cols + metric_cols].copy()
    checked = checked[checked["year"].notna()]
    shown = {"score_tidy": "score", "hardware_burden": "compute"} if layout == "tidy" else {}
    problems += [Problem(p.file, p.row, shown.get(p.column, p.column), p.rule, p.value)
                 for p in _schema_problems(checked, schema, name, line_offset)]
    problems += _check_duplicates(df.fillna({"paper_link": ""}), dup_keys, name, line_offset)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise DataValidationError(problems)

    if layout == "authors":
        df = _add_dates(df)
        if "computing_power" not in df.columns:
            df["computing_power"] = np.nan
    # Every file yields the same columns: a tidy file lacks the components (NaN here).
    for col in NUMERIC_COLUMNS:
        if col not in df.columns and col not in METRICS:
            df[col] = np.nan
    for stage in _STAGES:
        for chip in _CHIPS:
            if f"{stage}_{chip}_model" not in df.columns:
                df[f"{stage}_{chip}_model"] = pd.NA
    df["year"] = df["year"].astype(int)
    df["label"] = df["model"] + " (" + df["year"].astype(str) + ")"
    df["layout"] = layout
    df["source_row"] = df.index + line_offset
    return df.reset_index(drop=True)


def load_benchmark(benchmark_id: str, data_files: dict | None = None,
                   config: BenchmarkConfig | None = None) -> pd.DataFrame:
    """Load a configured benchmark; ``data_files`` may override its input path.

    Adds ``score`` (the configured metric, percent) and ``error = 1 - score/100``.
    A tidy-layout file's ``score`` column is taken as the configured metric.
    """
    config = config or load_benchmark_configs()[benchmark_id]
    path = resolve(benchmark_id if data_files and benchmark_id in data_files else config.data, data_files)
    df = load_benchmark_file(path)
    if "score_tidy" in df.columns:
        df[config.metric] = df.pop("score_tidy")
    if config.metric not in df.columns:
        raise DataValidationError([Problem(path.name, None, config.metric,
                                           f"benchmark {benchmark_id!r} needs score column for metric {config.metric!r}")])
    df["score"] = df[config.metric]
    df["error"] = 1 - df["score"] / 100
    df["benchmark"] = benchmark_id
    df.attrs["path"] = str(path)
    df.attrs["benchmark"] = benchmark_id
    return df


# --------------------------------------------------------------------------
# Epoch AI's model table
# --------------------------------------------------------------------------

# canonical name -> accepted column names, newest export spelling first
EPOCH_COLUMNS = {
    "model": ["Model", "System"],
    "date": ["Publication date"],
    "compute": ["Training compute (FLOP)"],
    "domain": ["Domain"],
    "task": ["Task"],
    "organization": ["Organization"],
    "notability": ["Notability criteria"],
    "parameters": ["Parameters"],
    "dataset_size": ["Training dataset size (total)", "Training dataset size (datapoints)"],
    "training_hours": ["Training time (hours)"],
    "hardware": ["Training hardware"],
    "hardware_quantity": ["Hardware quantity"],
    "utilization": ["Hardware utilization (MFU)", "Hardware utilization"],
    "cost_2023_usd": ["Training compute cost (2023 USD)"],
    "chip_hours": ["Training chip-hours"],
    "power_w": ["Training power draw (W)"],
    "frontier_rank": ["Compute rank when published"],
    "confidence": ["Confidence"],
    "country": ["Country (of organization)", "Country (from Organization)"],
}
EPOCH_REQUIRED = ("model", "date", "compute")
EPOCH_NUMERIC = ("compute", "parameters", "dataset_size", "training_hours", "hardware_quantity",
                 "utilization", "cost_2023_usd", "chip_hours", "power_w", "frontier_rank")


def load_epoch(path: Path | str | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Load Epoch AI's model table with canonical column names (see ``EPOCH_COLUMNS``).

    ``compute`` is training compute in FLOP (NaN where unknown), ``date`` a Timestamp,
    ``year`` a decimal year, ``notable`` whether the row has notability criteria.
    """
    path = Path(path or default_path("epoch"))
    name = path.name
    today = today or _today()
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    raw.columns = [str(c).strip() for c in raw.columns]
    problems: list[Problem] = []
    mapping = {}
    for canon, options in EPOCH_COLUMNS.items():
        found = next((c for c in options if c in raw.columns), None)
        if found:
            mapping[found] = canon
        elif canon in EPOCH_REQUIRED:
            problems.append(Problem(name, None, options[0],
                                    f"required column is missing (accepted names: {', '.join(options)})"))
    if problems:
        raise DataValidationError(problems)
    df = raw[list(mapping)].rename(columns=mapping)
    for canon in EPOCH_COLUMNS:
        if canon not in df.columns:
            df[canon] = pd.NA
    line_offset = 2
    df = _numeric(df, EPOCH_NUMERIC, name, line_offset, problems)
    dates = pd.to_datetime(df["date"], errors="coerce", format="mixed")
    for idx in df.index[dates.isna() & df["date"].notna()]:
        problems.append(Problem(name, int(idx) + line_offset, "Publication date", "must be a date", df.at[idx, "date"]))
    for idx in df.index[(dates.dt.date > today).fillna(False)]:
        problems.append(Problem(name, int(idx) + line_offset, "Publication date",
                                f"must not be in the future (after {today.isoformat()})", df.at[idx, "date"]))
    for idx in df.index[(df["compute"] <= 0).fillna(False)]:
        problems.append(Problem(name, int(idx) + line_offset, "Training compute (FLOP)", "must be > 0", df.at[idx, "compute"]))
    for idx in df.index[df["model"].isna()]:
        problems.append(Problem(name, int(idx) + line_offset, "Model", "must not be empty"))
    if problems:
        raise DataValidationError(problems)
    df["date"] = dates
    df = df[df["date"].notna()].copy()
    df["year"] = df["date"].dt.year + (df["date"].dt.day_of_year - 0.5) / 365.25
    df["notable"] = df["notability"].notna()
    df["source_row"] = df.index + line_offset
    df.attrs["path"] = str(path)
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------
# Hardware peak-rate tables
# --------------------------------------------------------------------------

HARDWARE_COLUMNS = {
    "gpu": {"GPU": "chip", "Year": "year", "GFLOPS": "gflops", "Manufacturer": "maker", "Class": "class", "TDP": "tdp_w"},
    "cpu": {"CPU": "chip", "Year": "year", "GFLOPS(FP32)": "gflops", "CPU Designer": "maker", "TDP": "tdp_w"},
    "tpu": {"TPU": "chip", "Release Year": "year", "GFLOPS (FP32)": "gflops"},
}


def load_hardware(kind: str, path: Path | str | None = None) -> pd.DataFrame:
    """Peak rates of one kind of chip: columns ``kind, chip, year, gflops`` (+ maker, class, tdp_w)."""
    if kind not in HARDWARE_COLUMNS:
        raise KeyError(f"kind must be one of {list(HARDWARE_COLUMNS)}")
    path = Path(path or default_path(f"hw_{kind}"))
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    mapping = HARDWARE_COLUMNS[kind]
    problems = [Problem(path.name, None, c, "required column is missing") for c in list(mapping)[:3] if c not in raw.columns]
    if problems:
        raise DataValidationError(problems)
    df = raw[[c for c in mapping if c in raw.columns]].rename(columns=mapping)
    df = _numeric(df, [c for c in ("year", "gflops", "tdp_w") if c in df.columns], path.name, 2, problems)
    for idx in df.index[(df["gflops"] <= 0).fillna(False)]:
        problems.append(Problem(path.name, int(idx) + 2, "gflops", "must be > 0", df.at[idx, "gflops"]))
    if problems:
        raise DataValidationError(problems)
    df.insert(0, "kind", kind)
    return df.reset_index(drop=True)
