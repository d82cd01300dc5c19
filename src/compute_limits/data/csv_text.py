"""Reading a CSV file that may not be one: every way a file can be unreadable becomes a Problem.

``read_csv_text`` is the one door through which the loaders read a raw or user-supplied file.
It refuses, with one message naming the file and the rule, a missing path, a directory, an empty
file, binary content, text that is not UTF-8, another delimiter than the comma, rows with more
fields than the header, and a header without data rows, so a loader never meets a traceback.
(pandas reads CSV well but reports these cases as assorted exceptions; this keeps the wording
ours and the same in ``validate``, ``make book`` and the tests.)

The table's index is the **line** of the file on which each row starts, counted as an editor counts
them (1-based, the header's line included), so a loader's messages name the line a user finds even
after a quoted field that spans several lines.  The file is parsed once, by the standard library's
``csv`` module, which reports the line it has read up to after each row; pandas' parser cannot say
where a row starts.  Blank lines (and lines of nothing but spaces) are skipped, as pandas skips them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataValidationError, Problem

SNIFF_BYTES = 1 << 16
OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "vertical bar"}
LINE = "line"  # the name of the index of a table read here


def _fail(name: str, rule: str, row: int | None = None) -> DataValidationError:
    return DataValidationError([Problem(name, row, None, rule)])


def _blank(fields: list[str]) -> bool:
    """A blank line, or one of nothing but spaces (which the csv module reads as one field)."""
    return not fields or (len(fields) == 1 and not fields[0].strip())


def _records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """``(first line, fields)`` of every non-blank record, the header first."""
    reader = csv.reader(io.StringIO(text))
    out, last = [], 0
    try:
        for fields in reader:
            start = last + 1
            last = reader.line_num
            if not _blank(fields):
                out.append((start, fields))
    except csv.Error as err:
        raise _fail(name, f"not a readable CSV file ({err})", row=reader.line_num) from None
    return out


def _header_names(fields: list[str]) -> list[str]:
    """Column names as pandas would give them (an empty name becomes ``Unnamed: i``, a repeated one
    ``x.1``, ...), spaces stripped: the loaders were written against pandas' names."""
    names = pd.read_csv(io.StringIO(_line(fields)), nrows=0, dtype=str).columns
    return [str(c).strip() for c in names]


def _line(fields: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


def read_csv_text(path: Path | str, min_rows: int = 1) -> pd.DataFrame:
    """The file as a DataFrame of strings (empty cells NaN), columns stripped of spaces, indexed by the
    line on which each row starts (index name ``line``).

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
    records = _records(text, name)
    if not records:
        raise _fail(name, "file is empty")
    header_line, header = records[0]
    if len(header) == 1:
        found = next((label for d, label in OTHER_DELIMITERS.items() if d in header[0]), None)
        if found:
            raise _fail(name, f"columns must be separated by commas; the header is separated by {found}s",
                        row=header_line)
    width = len(header)
    rows, lines = [], []
    for line, fields in records[1:]:
        if len(fields) > width:
            if any(f.strip() for f in fields[width:]):
                raise _fail(name, f"row has {len(fields)} fields but the header has {width}", row=line)
            fields = fields[:width]  # empty trailing fields (a spreadsheet's extra commas) are dropped
        rows.append([f if f != "" else np.nan for f in fields] + [np.nan] * (width - len(fields)))
        lines.append(line)
    columns = _header_names(header)
    df = pd.DataFrame(rows, columns=columns, index=pd.Index(lines, name=LINE), dtype=object).astype(str)
    if len(df) < min_rows:
        raise _fail(name, "has a header but no data rows" if len(df) == 0
                    else f"has {len(df)} data rows; at least {min_rows} are needed")
    return df
