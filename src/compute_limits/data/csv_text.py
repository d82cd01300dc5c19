"""Reading a CSV file that may not be one: every way a file can be unreadable becomes a Problem.

``read_csv_text`` is the one door through which the loaders read a raw or user-supplied file.
It refuses, with one message naming the file and the rule, a missing path, a directory, an empty
file, binary content, text that is not UTF-8, another delimiter than the comma, rows with more
fields than the header, and a header without data rows, so a loader never meets a traceback.
(pandas reads CSV well but reports these cases as assorted exceptions; this keeps the wording
ours and the same in ``validate``, ``make book`` and the tests.)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..errors import DataValidationError, Problem

SNIFF_BYTES = 1 << 16
OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "vertical bar"}


def _fail(name: str, rule: str, row: int | None = None) -> DataValidationError:
    return DataValidationError([Problem(name, row, None, rule)])


def read_csv_text(path: Path | str, min_rows: int = 1) -> pd.DataFrame:
    """The file as a DataFrame of strings (empty cells NaN), columns stripped of spaces.

    Raises :class:`DataValidationError` with one problem for anything that keeps the file from being
    read as a comma-separated UTF-8 table with a header and at least ``min_rows`` data rows.
    """
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise _fail(name, f"file not found: {path}")
    if path.is_dir():
        raise _fail(name, f"is a directory, not a CSV file: {path}")
    data = path.read_bytes()
    if not data.strip():
        raise _fail(name, "file is empty")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise _fail(name, "not a text file (it contains binary content); expected a comma-separated CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise _fail(name, f"not UTF-8 text: byte 0x{data[err.start]:02x} cannot be decoded "
                          f"(save the file as UTF-8)", row=line) from None
    header = text.splitlines()[0] if text.splitlines() else ""
    if "," not in header:
        found = next((label for d, label in OTHER_DELIMITERS.items() if d in header), None)
        if found:
            raise _fail(name, f"columns must be separated by commas; the header is separated by {found}s", row=1)
    try:
        width = len(next(csv.reader([header])))
        for lineno, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
            if len(fields) > width and any(f.strip() for f in fields[width:]):
                raise _fail(name, f"row has {len(fields)} fields but the header has {width}", row=lineno)
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except csv.Error as err:
        raise _fail(name, f"not a readable CSV file ({err})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise _fail(name, f"not a readable CSV file ({str(err).strip()})") from None
    df.columns = [str(c).strip() for c in df.columns]
    if len(df) < min_rows:
        raise _fail(name, "has a header but no data rows" if len(df) == 0
                    else f"has {len(df)} data rows; at least {min_rows} are needed")
    return df
