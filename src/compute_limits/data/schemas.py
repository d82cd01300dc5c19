"""pandera models of every table the loaders return, and their failures as Problems.

Each loader first turns text cells into numbers (a cell that is not a number is a problem of its
own), then validates the table with one of these models, lazily, so every failing cell is reported.
A table's index is the line of the file each row starts on (``csv_text.read_csv_text``), so a failure's
index is the line its message names.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ..errors import Problem

EARLIEST_YEAR = 1950
MAX_FLOP = 1e32  # no training run is within six orders of magnitude of this: a larger value is an error
MAX_GFLOPS = 1e9  # peak GFLOP/s of one chip (today's largest are ~10^4)


def today() -> dt.date:
    return dt.date.today()


# Rule text for pandera's built-in checks (keyed by the check's repr) and our named checks.
RULES = {
    "greater_than(0)": "must be > 0",
    f"less_than_or_equal_to({MAX_FLOP})": f"must be at most 1e32 FLOP (a finite, plausible amount of compute)",
    f"less_than_or_equal_to({MAX_GFLOPS})": "must be at most 1e9 GFLOP/s per chip (finite and plausible)",
    "in_range(0, 100)": "must be a score between 0 and 100 (percent)",
    f"greater_than_or_equal_to({EARLIEST_YEAR})": f"must be {EARLIEST_YEAR} or later",
    "not_nullable": "must not be empty",
    "field_uniqueness": "duplicate model",
    "not_in_future": "must not be in the future",
    "finite": "must be a finite number",
}


def _finite(series: pd.Series) -> pd.Series:
    return series.isna() | np.isfinite(series.astype(float))


class BenchmarkTable(pa.DataFrameModel):
    """A benchmark file after parsing (authors' or tidy layout): models, years, compute and scores."""

    model: Series[str] = pa.Field(nullable=False)
    year: Series[float] = pa.Field(ge=EARLIEST_YEAR, nullable=False)
    network_operations: Series[float] | None = pa.Field(gt=0, le=MAX_FLOP, nullable=True)
    hardware_burden: Series[float] | None = pa.Field(gt=0, le=MAX_FLOP, nullable=True)
    computing_power: Series[float] | None = pa.Field(gt=0, le=MAX_FLOP, nullable=True)
    flops: Series[float] | None = pa.Field(gt=0, nullable=True)
    multiadds: Series[float] | None = pa.Field(gt=0, nullable=True)
    fp_bp_ratio: Series[float] | None = pa.Field(gt=0, nullable=True)
    training_epochs: Series[float] | None = pa.Field(gt=0, nullable=True)
    training_set_size: Series[float] | None = pa.Field(gt=0, nullable=True)
    training_time_total_sec: Series[float] | None = pa.Field(gt=0, nullable=True)
    top1: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    top5: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    box_ap: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    ap50: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    ap75: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    aps: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    apm: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    apl: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    em: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    f1: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    bleu: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    sacrebleu: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)
    score_tidy: Series[float] | None = pa.Field(in_range={"min_value": 0, "max_value": 100}, nullable=True)

    @pa.check("year", name="not_in_future")
    def _not_future(cls, year: Series[float]) -> Series[bool]:
        return year <= today().year

    # Scores are bounded by their range check; these columns have only a lower bound.
    @pa.check(r"^(flops|multiadds|fp_bp_ratio|training_epochs|training_set_size|training_time_total_sec)$",
              regex=True, name="finite")
    def _finite_values(cls, s: Series[float]) -> Series[bool]:
        return _finite(s)

    class Config:
        strict = False
        coerce = False


class EpochTable(pa.DataFrameModel):
    """Epoch AI's model table with canonical column names (rows without a date already set aside)."""

    model: Series[str] = pa.Field(nullable=False)
    compute: Series[float] = pa.Field(gt=0, le=MAX_FLOP, nullable=True)
    parameters: Series[float] = pa.Field(gt=0, nullable=True)
    hardware_quantity: Series[float] = pa.Field(gt=0, nullable=True)
    training_hours: Series[float] = pa.Field(gt=0, nullable=True)

    @pa.check(r"^(parameters|hardware_quantity|training_hours|dataset_size|utilization|cost_2023_usd|chip_hours|"
              r"power_w)$", regex=True, name="finite")
    def _finite_values(cls, s: Series[float]) -> Series[bool]:
        return _finite(s)

    class Config:
        strict = False
        coerce = False


class HardwareTable(pa.DataFrameModel):
    """Peak rates of one kind of chip."""

    chip: Series[str] = pa.Field(nullable=False)
    year: Series[float] = pa.Field(ge=EARLIEST_YEAR, nullable=True)  # some rows lack it: unusable, not invalid
    gflops: Series[float] = pa.Field(gt=0, le=MAX_GFLOPS, nullable=True)

    @pa.check("year", name="not_in_future")
    def _not_future(cls, year: Series[float]) -> Series[bool]:
        return year <= today().year

    class Config:
        strict = False
        coerce = False


def problems(df: pd.DataFrame, model: type[pa.DataFrameModel], file: str,
             shown: dict | None = None) -> list[Problem]:
    """Validate ``df`` with ``model`` and turn every failure case into a Problem on the line its index
    names; ``shown`` renames columns back to the names the file uses.
    """
    shown = shown or {}
    try:
        model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        out = []
        for _, case in err.failure_cases.iterrows():
            idx = case.get("index")
            column = case.get("column")
            check = str(case.get("check"))
            value = case.get("failure_case")
            out.append(Problem(file, None if pd.isna(idx) else int(idx),
                               None if pd.isna(column) else shown.get(str(column), str(column)),
                               RULES.get(check, check), None if pd.isna(value) else value))
        return out
    return []


def numeric(df: pd.DataFrame, columns, file: str, found: list[Problem],
            shown: dict | None = None) -> pd.DataFrame:
    """Coerce ``columns`` to float; a non-empty cell that is not a number is a problem (on the line the
    row's index names).
    Thousands separators and a leading ``$`` are accepted."""
    shown = shown or {}
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            continue
        raw = out[col]
        # Most cells are plain numbers and parse as they are (stripping or dropping ',' and '$' would not
        # change them); only the rest go through the string rules, which cost ~3 ms a column.
        values = pd.to_numeric(raw, errors="coerce").astype(float)
        rest = raw.notna() & values.isna()
        if rest.any():
            text = raw[rest].astype("string").str.strip().str.replace(r"[,$]", "", regex=True)
            text = text.mask(text.isin(["", "-", "nan", "NaN"]))
            cleaned = pd.to_numeric(text, errors="coerce")
            for idx in text.index[text.notna() & cleaned.isna()]:
                found.append(Problem(file, int(idx), shown.get(col, col), "must be a number",
                                     out.at[idx, col]))
            values[rest] = cleaned.astype(float)
        out[col] = values
    return out
