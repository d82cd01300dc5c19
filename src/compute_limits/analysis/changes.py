"""What a build moved: its headline answers beside those of another build (the published edition), row by row.

A headline row (``headlines.csv``, :mod:`compute_limits.analysis.headlines`) is identified by its question:
the ``question`` id when both builds have that column (with its ``role`` and ``differs`` where a question has
more than one row), else the identifying columns the data dictionary declares for ``headlines.csv``
(quantity, benchmark, metric, target, sample, form, scenario).  :func:`compare` sets the two builds' rows side
by side (``changes.csv``): each value with its interval, and whether it changed; a row only one build has is
said so (a changed metric, target or vintage asks other questions).  ``compute_limits compare A B`` prints the
same for any two results folders; a variant build's front page shows it against the published edition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..quantities import Answer, Count

KEYS = ["quantity", "benchmark", "metric", "target_error", "model_set", "form", "scenario"]  # when no question ids
QUESTION_KEYS = ["question", "role", "differs"]
SIDES = ("value", "lo", "hi", "level", "estimable")
DESCRIBE = ["benchmark", "metric", "model_set", "form", "target_error", "scenario", "unit", "preferred"]
CHANGES_COLUMNS = (["question"] + DESCRIBE + [f"published_{c}" for c in SIDES] + list(SIDES) + ["change"])
CHANGES = ("changed", "unchanged", "only published", "only this build")


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value) if not pd.isna(value) else False


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def question(row: pd.Series, by_id: bool) -> str:
    """The text that identifies a headline row: its question id (and role, what it differs in, for a row that is
    not the question's headline), else its identifying columns, e.g. ``log10_flops:imagenet/top1@0.05:all:
    polynomial:hardware h100_2025_fp32``."""
    if by_id:
        role = _text(row.get("role"))
        extra = f" [{role}: {_text(row.get('differs'))}]" if role and role != "headline" else ""
        return _text(row["question"]) + extra
    target = row.get("target_error")
    out = f"{_text(row['quantity'])}:{_text(row['benchmark'])}/{_text(row['metric'])}"
    if target is not None and not pd.isna(target):
        out += f"@{float(target):g}"
    out += f":{_text(row['model_set'])}"
    for col in ("form", "scenario"):
        if _text(row.get(col)):
            out += f":{_text(row[col])}"
    return out


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return _flag(a) == _flag(b)
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return _text(a) == _text(b)
    return (math.isnan(x) and math.isnan(y)) or x == y


def compare(published: pd.DataFrame | None, current: pd.DataFrame) -> pd.DataFrame | None:
    """``changes.csv``: every headline row of either build, the published value, lower and upper end of its
    interval, level and estimability beside this build's, and ``change``: changed (any of those differs),
    unchanged, only published or only this build.  Rows follow the published edition's order, then this
    build's new rows.  Both frames are ``headlines.csv`` as read back (``read_result``); None when there is
    no published edition (``published`` None)."""
    if published is None:
        return None
    by_id = "question" in published and "question" in current
    keyed = {}
    for side, frame in (("published", published), ("current", current)):
        for _, row in frame.iterrows():
            key = question(row, by_id)
            if key in keyed and side in keyed[key]:
                raise ValueError(f"two {side} headline rows answer {key!r}")
            keyed.setdefault(key, {})[side] = row
    rows = []
    for key, both in keyed.items():
        pub, cur = both.get("published"), both.get("current")
        ref = cur if cur is not None else pub
        out = {"question": key}
        for col in DESCRIBE:
            out[col] = ref.get(col, np.nan)
        out["preferred"] = _flag(ref.get("preferred"))
        for side, row in (("published_", pub), ("", cur)):
            for col in SIDES:
                value = np.nan if row is None else row.get(col, np.nan)
                out[side + col] = (_flag(value) if row is not None else np.nan) if col == "estimable" else value
        if pub is None:
            out["change"] = "only this build"
        elif cur is None:
            out["change"] = "only published"
        else:
            same = all(_same(pub.get(c), cur.get(c)) for c in SIDES + ("unit",))
            out["change"] = "unchanged" if same else "changed"
        rows.append(out)
    table = pd.DataFrame(rows, columns=CHANGES_COLUMNS)
    for col in ("published_estimable", "estimable"):  # booleans, empty where the row is missing
        table[col] = table[col].astype("object")
    return table


COUNTS = ("rows", "changed", "unchanged", "only_published", "only_this_build", "shown")


@dataclass
class Changes:
    """What the front page says of a variant build's changes (``changes.csv``)."""

    is_variant: bool  # this build changes data or parameters from the published edition
    has_published: bool  # a published edition is there to compare with (see README: _build/published)
    rows: Count  # headline rows of either build
    changed: Count  # rows of both whose value or interval moved
    unchanged: Count
    only_published: Count  # questions this build does not ask (another metric, target or vintage)
    only_this_build: Count
    any_moved: bool  # some row changed, or is in one build only
    none_moved: bool  # there is an edition to compare with, and every row is unchanged
    shown: Count  # moved rows the front page's table lists (those the pages quote by default)
    published_commit: str  # the commit the published edition was built from
    published_date: str  # when (UTC)
    # the edition was kept by hand (compute_limits publish) from a build that changed data or parameters itself
    published_by_hand: bool = False
    published_changes: str = ""  # what that build changed, as "name = value" (plain text)
    # for the quotes ledger: the counts of changes.csv, one reading each (as the claims ledger's counts)
    answers: dict = field(default_factory=lambda: {f: Answer(f"changes:{f}") for f in COUNTS}, repr=False)


def summary(table: pd.DataFrame | None, variant: dict) -> Changes:
    """The counts of ``table`` (:func:`compare`; None when there is nothing to compare with) for the front
    page, with the published edition's description from the pipeline's ``variant`` parameter."""
    edition = (variant or {}).get("published") or {}
    commit = str(edition.get("commit", ""))
    commit = commit[:12] + ("-dirty" if commit.endswith("-dirty") else "")
    made_with = "; ".join(f"{c['name']} = {c['value']}" for c in edition.get("changes") or [])
    kept = (commit, edition.get("built_at", ""), bool(made_with), made_with)
    if table is None or table.empty:
        return Changes(bool(variant), table is not None, 0, 0, 0, 0, 0, False, table is not None, 0, *kept)
    counts = table["change"].value_counts()
    moved = table["change"] != "unchanged"
    return Changes(bool(variant), True, len(table), int(counts.get("changed", 0)), int(counts.get("unchanged", 0)),
                   int(counts.get("only published", 0)), int(counts.get("only this build", 0)), bool(moved.any()),
                   not moved.any(), int((moved & table["preferred"].astype(bool)).sum()), *kept)
