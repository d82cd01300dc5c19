"""One rule for a row listed twice, applied by every loader (benchmark files, Epoch AI's table, hardware tables).

Each table names the columns that identify a row, its *key* (a benchmark file in the authors' layout:
model and paper; in the tidy layout: model; Epoch AI's table: model and publication date; a hardware
table: chip and year).  Rows with the same key are one record listed twice, and:

* if no number or date differs between them (an empty cell differs from nothing), they are **merged**:
  the first row keeps its values, its empty cells are filled from the later rows, and the later rows
  are dropped.  Each dropped row is reported as a note (``validate`` prints it, the data appendix lists
  it), naming the text columns whose wording differs (the first row's is kept);
* if a number or a date differs, the file is **refused**: which value is right is not the loader's to
  decide.  The problem names the later line, the column, both values and the line it repeats.

Exact repeats are the simplest case of the first.  A note is a :class:`~compute_limits.errors.Problem`
too (file, line, column, what was done), so it reads like every other message about a file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem

ATTR = "repeats"  # the table's attrs key holding the notes about merged rows


def _typed(series: pd.Series) -> bool:
    """Numbers and dates are values the book computes with; anything else is descriptive text."""
    return pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)


def _differs(a, b) -> bool:
    return not (pd.isna(a) or pd.isna(b)) and a != b


def _shown(value):
    """A value as a message shows it (a date as its day, a whole float without ``.0``)."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def merge(df: pd.DataFrame, keys: list[str], file: str, found: list[Problem],
          shown: dict | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """``df`` with every row that repeats an earlier one's ``keys`` merged into it, and the notes saying so.

    The index of ``df`` is the line of each row (see :mod:`compute_limits.data.csv_text`).  A repeat whose
    numbers or dates conflict with the first row's is not merged: a problem per conflicting column is
    appended to ``found`` (the caller refuses the file).  ``shown`` maps column names back to the file's.
    """
    shown = shown or {}
    repeated = df.duplicated(keys, keep=False)
    if not repeated.any():
        return df, []
    name = [shown.get(k, k) for k in keys]
    same = f"same {' and '.join(name)}"
    typed = [c for c in df.columns if c not in keys and _typed(df[c])]
    text = [c for c in df.columns if c not in keys and c not in typed]
    out = df.copy()
    notes: list[Problem] = []
    drop = []
    for _, group in df[repeated].groupby(keys, dropna=False, sort=False):
        first = group.index[0]
        for line in group.index[1:]:
            conflicts = [c for c in typed if _differs(out.at[first, c], df.at[line, c])]
            for col in conflicts:
                found.append(Problem(file, int(line), shown.get(col, col),
                                     f"repeats line {first} ({same}) with another value; line {first} has "
                                     f"{_shown(out.at[first, col])!r}", _shown(df.at[line, col])))
            if conflicts:
                continue
            filled = [c for c in df.columns if pd.isna(out.at[first, c]) and pd.notna(df.at[line, c])]
            worded = [c for c in text if _differs(out.at[first, c], df.at[line, c])]
            for col in filled:
                out.at[first, col] = df.at[line, col]
            rule = f"repeats line {first} ({same}) and no number or date differs: merged into line {first}"
            if filled:
                rule += f", whose empty {', '.join(shown.get(c, c) for c in filled)} it fills"
            if worded:
                rule += f"; wording kept from line {first} in {', '.join(shown.get(c, c) for c in worded)}"
            notes.append(Problem(file, int(line), name[0], rule, _shown(df.at[line, keys[0]])))
            drop.append(line)
    return out.drop(index=drop), notes
