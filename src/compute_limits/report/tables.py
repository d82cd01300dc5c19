"""Tables for HTML and PDF: Markdown pipe tables in a numbered, captioned ``{table}`` directive.

A table wider than the text column scrolls horizontally in HTML with its first column fixed (see
``_static/book.css``).  In the PDF every table has relative column widths that give each column room for
its longest word (tabulary, left to itself, squeezes short columns under long ones), so LaTeX wraps cells
instead of running off the page; a long table becomes a longtable that breaks across pages with repeated
headers.  Tables are set in small type (``_config.yml``).

**Every cell is shown literally** unless it is an :class:`~compute_limits.report.glue.Md`: the writer
(:func:`markdown`) escapes every other cell and every header with :func:`literal`, so a string from a data file
(a model's name, a source, a user's path) can never become Markdown, a MyST role, HTML or LaTeX, whichever
chapter shows it.  A cell that is markup on purpose (bold, a cross-reference, a code span of the book's own
names) is built as an ``Md`` by the report module, from the book's own text only (:func:`code`, :func:`literal`
for the data inside it).
"""

from __future__ import annotations

import math
import re

import pandas as pd
from IPython.display import Markdown

from .glue import Md

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


LONG_LINES = 40  # printed lines: a table taller than that may not fit under the text above it (a LaTeX tabulary
# never breaks across pages, and ran into the footer): it becomes a longtable too


def printed_lines(shown: pd.DataFrame, widths: list[int]) -> int:
    """About how many lines the table takes in the PDF: each row as many as its fullest cell wraps to in its
    column's share of the line."""
    if not widths or len(widths) != len(shown.columns):
        return len(shown) + 1
    room = [max(1.0, w * (LINE_CHARS - CELL_PADDING * len(widths)) / sum(widths)) for w in widths]
    rows = [list(shown.columns)] + shown.astype(str).values.tolist()
    return sum(max(math.ceil(len(str(cell)) / r) for cell, r in zip(row, room)) for row in rows)


def _cell(value) -> str:
    """A cell as Markdown: an :class:`Md` as written (a "|" in it, which would end the cell, as "/"), anything
    else shown literally."""
    if isinstance(value, Md):
        return str(value).replace("|", "/")
    return literal(value)


def _shown(value) -> str:
    """About the text a reader sees in a cell (for the column widths): the value, without literal()'s escapes."""
    return re.sub(r"\\(.)", r"\1", str(value)) if isinstance(value, Md) else " ".join(str(value).split())


def markdown(df: pd.DataFrame, caption: str = "", name: str | None = None, index: bool = False,
             widths: list[int] | None = None) -> str:
    """The table as a MyST ``{table}`` directive (numbered when captioned and named); every cell and header
    that is not an :class:`Md` shown literally."""
    clean = df.reset_index() if index else df.copy()
    shown = clean.map(_shown)
    shown.columns = [_shown(c) for c in clean.columns]
    if widths is None:
        widths = column_widths(shown)
    clean = clean.map(_cell)
    clean.columns = [_cell(c) for c in clean.columns]
    text = clean.to_markdown(index=False, disable_numparse=True)
    long = len(clean) > LONG_AFTER or printed_lines(shown, widths) > LONG_LINES
    classes = ["cl-table"] + (["longtable"] if long else [])
    fence = ":::" if "`" in caption else "```"  # a backtick fence's info string cannot hold a code span
    head = f"{fence}{{table}} {caption}".rstrip() + "\n"
    if name:
        head += f":name: {name}\n"
    head += f":class: {' '.join(classes)}\n"
    head += f":widths: {' '.join(map(str, widths))}\n\n" if widths else "\n"
    return head + text + f"\n{fence}\n"


_MARKUP = "\\`*_[]<>$~{}&!|:#=+-"  # ASCII punctuation that can start inline Markdown, MyST or a table cell's end
# (backslash escapes of any ASCII punctuation are CommonMark: "\\:" reads ":"; ":", "=", "+", "-" and "#" start
# nothing inside a cell, escaped only to stay so under any extension)


class Literal(Md):
    """Markdown that shows a text as it is (made by :func:`literal`)."""


def literal(text) -> Literal:
    """``text`` as Markdown that shows it as it is: every character that could start inline Markdown (maths, a
    role, an entity, HTML, a table's cell end) is backslash-escaped and a line break is a space (a table row is
    one line).  The table writer applies it to every cell that is not an ``Md``; call it yourself only to put
    data inside an ``Md`` you build.  Idempotent: a text it already made is returned as it is."""
    if isinstance(text, Literal):
        return text
    flat = " ".join(str(text).split()) if any(c in str(text) for c in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029") \
        else str(text)
    return Literal("".join("\\" + c if c in _MARKUP else c for c in flat))


def code(text) -> Md:
    """``text`` as a Markdown code span, whatever backticks it holds (a fence longer than its longest run)."""
    text = " ".join(str(text).split())
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


EMPTY = "{{ empty_table }}"  # the sentence that stands for an empty table: _config.yml's parse.myst_substitutions


def table(df: pd.DataFrame, caption: str = "", name: str | None = None, index: bool = False,
          widths: list[int] | None = None) -> Markdown:
    """Show ``df`` (already formatted: strings set by :mod:`compute_limits.report.numbers`) as a table.

    A table without rows is replaced by a sentence saying so, the substitution ``{{ empty_table }}`` whose words
    ``_config.yml`` holds (a variant build can leave one empty, and an empty table both reads badly and breaks
    the LaTeX writer)."""
    if df.empty:
        return Markdown(EMPTY)
    return Markdown(markdown(df, caption, name, index, widths))
