"""The quotes ledger: every number a page glues, the question it answers and its role (``quotes.csv``).

:func:`compute_limits.report.glue.glue_all` records here each number it glues (its key, the text the page
shows, which part of a value it is) with the :class:`~compute_limits.quantities.Answer` the glued object
declares for it: a *headline* (computed under the main specification), a *sensitivity* (``differs`` says
what it changes) or, for a number that answers no declared question, a *detail*.  While the pipeline
executes a page, every call rewrites that page's part of the ledger (``quotes/<page>.csv``), which the
pipeline combines into ``quotes.csv``; outside the pipeline (a test, a notebook opened by hand) the records
stay in memory.  :func:`conflicts` is the check the build makes: a headline reads the same on every page.
"""

from __future__ import annotations

import os

import pandas as pd

from ..data import paths
from ..quantities import Answer

QUOTE_COLUMNS = ["page", "key", "shown", "question", "role", "differs", "part"]
ROLES = ("headline", "sensitivity", "detail")

_PAGES: dict[str, dict[str, dict]] = {}  # page -> key -> record (a kernel executes one page at a time)


def current_page() -> str:
    """The page being executed (``chapters/benchmarks/01_imagenet`` → ``benchmarks/01_imagenet``); "" outside
    the pipeline."""
    return os.environ.get(paths.PAGE_ENV, "").removeprefix("chapters/")


def record(key: str, shown: str, part: str, answer: Answer | None) -> None:
    """Remember that the current page glued ``shown`` under ``key`` (``part``: value, interval, with_interval)."""
    _PAGES.setdefault(current_page(), {})[key] = {
        "page": current_page(), "key": key, "shown": shown, "question": answer.question if answer else "",
        "role": answer.role if answer else "detail", "differs": answer.differs if answer else "", "part": part}


def ledger(page: str | None = None) -> pd.DataFrame:
    """The records of ``page`` (default: the current one), one row per glued number (``QUOTE_COLUMNS``)."""
    rows = _PAGES.get(current_page() if page is None else page, {})
    return pd.DataFrame(list(rows.values()), columns=QUOTE_COLUMNS)


def write() -> None:
    """Rewrite the current page's part of ``quotes.csv`` (only while the pipeline executes a page)."""
    page = current_page()
    if not page:
        return
    from ..data.results import write_result  # noqa: PLC0415 (results reads the configuration)

    write_result(ledger(page), "quotes", part=page.replace("/", "-"))


def conflicts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Headline quotes of one question and part that read differently on different pages (or keys): the rows
    of every such question; empty when each headline reads the same everywhere."""
    head = quotes[quotes["role"] == "headline"]
    texts = head.groupby(["question", "part"])["shown"].transform("nunique")
    return head[texts > 1].sort_values(["question", "part", "page"])
