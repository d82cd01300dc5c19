"""Tables for HTML and PDF: Markdown pipe tables in a numbered, captioned ``{table}`` directive.

A table wider than the text column scrolls horizontally in HTML with its first column fixed (see
``_static/book.css``).  In the PDF every table has relative column widths that give each column room for
its longest word (tabulary, left to itself, squeezes short columns under long ones), so LaTeX wraps cells
instead of running off the page; a long table becomes a longtable that breaks across pages with repeated
headers.  Tables are set in small type (``_config.yml``).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

LONG_AFTER = 18  # rows: longer tables become LaTeX longtables
MAX_WIDTH = 30  # characters: widest column share before wrapping


LINE_CHARS = 90  # characters of 9-pt FreeSerif in the PDF's text width (a cautious count)
CELL_PADDING = 3  # characters of padding per column
WORD_ROOM = 4  # characters beyond a column's longest word (LaTeX's own cell margins)
MAX_WORD = 26  # a longer "word" is an address or a formula that breaks anyway


def column_widths(clean: pd.DataFrame) -> list[int]:
    """Relative widths in characters: every column first gets room for its longest word (which LaTeX
    cannot break), then the rest of the line is shared in proportion to how much more its longest
    cell would like (capped at ``MAX_WIDTH``)."""
    cells = {c: [str(c)] + [str(v) for v in clean[c]] for c in clean.columns}
    floor = [min(MAX_WORD, max(len(w) for cell in cs for w in (cell.split() or [""]))) + WORD_ROOM
             for cs in cells.values()]
    want = [max(f, min(MAX_WIDTH, max(len(cell) for cell in cs))) for f, cs in zip(floor, cells.values())]
    spare = LINE_CHARS - CELL_PADDING * len(floor) - sum(floor)
    extra = [w - f for w, f in zip(want, floor)]
    if spare <= 0 or not sum(extra):
        return floor
    scale = min(1.0, spare / sum(extra))
    return [f + round(e * scale) for f, e in zip(floor, extra)]


def markdown(df: pd.DataFrame, caption: str = "", name: str | None = None, index: bool = False,
             widths: list[int] | None = None) -> str:
    """The table as a MyST ``{table}`` directive (numbered when captioned and named)."""
    clean = df.reset_index() if index else df.copy()
    for col in clean.columns:
        if clean[col].dtype == object or pd.api.types.is_string_dtype(clean[col]):
            clean[col] = clean[col].astype(str).str.replace("|", "/", regex=False)
    clean.columns = [str(c).replace("|", "/") for c in clean.columns]
    text = clean.to_markdown(index=False, disable_numparse=True)
    long = len(clean) > LONG_AFTER
    if widths is None:
        widths = column_widths(clean)
    classes = ["cl-table"] + (["longtable"] if long else [])
    fence = ":::" if "`" in caption else "```"  # a backtick fence's info string cannot hold a code span
    head = f"{fence}{{table}} {caption}".rstrip() + "\n"
    if name:
        head += f":name: {name}\n"
    head += f":class: {' '.join(classes)}\n"
    head += f":widths: {' '.join(map(str, widths))}\n\n" if widths else "\n"
    return head + text + f"\n{fence}\n"


_MARKUP = "\\`*_[]<>$~{}&!"  # characters that can start inline Markdown (a "|" is replaced by markdown())


def literal(text) -> str:
    """``text`` for a table cell, shown as it is: every character that could start inline Markdown (or maths,
    a role, an entity) is escaped.  For strings from data files (names, labels, dates, sources)."""
    return "".join("\\" + c if c in _MARKUP else c for c in str(text))


EMPTY = "*No rows in this build: the data it ran on hold none for this table.*"


def table(df: pd.DataFrame, caption: str = "", name: str | None = None, index: bool = False,
          widths: list[int] | None = None) -> Markdown:
    """Show ``df`` (already formatted: strings set by :mod:`compute_limits.report.numbers`) as a table.

    A table without rows is replaced by a sentence saying so (a variant build can leave one empty, and
    an empty table both reads badly and breaks the LaTeX writer)."""
    if df.empty:
        return Markdown(EMPTY)
    return Markdown(markdown(df, caption, name, index, widths))
