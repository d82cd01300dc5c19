"""Tables for HTML and PDF: Markdown pipe tables in a numbered, captioned ``{table}`` directive.

A table wider than the text column scrolls horizontally in HTML with its first column fixed (see
``_static/book.css``); in the PDF long tables break across pages with repeated headers and wide ones
get explicit relative column widths, so LaTeX wraps cells instead of running off the page.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

LONG_AFTER = 18  # rows: longer tables become LaTeX longtables
MAX_WIDTH = 30  # characters: widest column share before wrapping


def markdown(df: pd.DataFrame, caption: str = "", name: str | None = None, index: bool = False,
             widths: list[int] | None = None) -> str:
    """The table as a MyST ``{table}`` directive (numbered when captioned and named)."""
    clean = df.reset_index() if index else df.copy()
    for col in clean.columns:
        if clean[col].dtype == object or pd.api.types.is_string_dtype(clean[col]):
            clean[col] = clean[col].astype(str).str.replace("|", "/", regex=False)
    clean.columns = [str(c).replace("|", "/") for c in clean.columns]
    text = clean.to_markdown(index=False, disable_numparse=True)
    if widths is None:
        widths = [max(4, min(MAX_WIDTH, max([len(str(c))] + [len(str(v)) for v in clean[c]]))) for c in clean.columns]
    classes = ["cl-table"] + (["longtable"] if len(clean) > LONG_AFTER else [])
    fence = ":::" if "`" in caption else "```"  # a backtick fence's info string cannot hold a code span
    head = f"{fence}{{table}} {caption}".rstrip() + "\n"
    if name:
        head += f":name: {name}\n"
    head += f":class: {' '.join(classes)}\n:widths: {' '.join(map(str, widths))}\n\n"
    return head + text + f"\n{fence}\n"


EMPTY = "*No rows in this build: the data it ran on hold none for this table.*"


def table(df: pd.DataFrame, caption: str = "", name: str | None = None, index: bool = False,
          widths: list[int] | None = None) -> Markdown:
    """Show ``df`` (already formatted: strings set by :mod:`compute_limits.report.numbers`) as a table.

    A table without rows is replaced by a sentence saying so (a variant build can leave one empty, and
    an empty table both reads badly and breaks the LaTeX writer)."""
    if df.empty:
        return Markdown(EMPTY)
    return Markdown(markdown(df, caption, name, index, widths))
