"""Glue a whole section's numbers in one call, each set by its kind.

An analysis returns a dataclass whose fields are annotated with kinds (:mod:`compute_limits.quantities`);
``glue_all("fit", result)`` glues every field as ``fit_<field>``, set by its kind with
:mod:`compute_limits.report.numbers`:

* a field of a kind (``Log10Flop``, ``Share``, ``Year`` …): its text (``"10²⁶·¹ FLOP"``); a ``(lo, hi)`` pair
  of a kind: the range, its unit once (``"4.6–6.0 months"``);
* an :class:`~compute_limits.quantities.Estimate`: ``<key>`` (the value), ``<key>_interval`` (the range),
  ``<key>_with_interval`` (both, naming the interval) and ``<key>_estimable`` (a flag);
* a ``bool``: the flag itself, for the chapter's ``{if}`` blocks (both variants of a sentence stay in the
  chapter; the flag picks one);
* a ``str``: as it is, inert (shown literally, never parsed as Markdown); a non-empty ``tuple`` of ``str``
  (names): as a list in words ("ImageNet, MS COCO and SQuAD 1.1"), inert too;
* an :class:`Md`: a short Markdown phrase chosen in code (a role or a term), placed with ``{glue:md}``;
* nested dataclasses and dicts: under ``<key>_…``; DataFrames, lists and None are skipped (tables, not
  numbers).  A number without a kind is refused (``TypeError``): annotate every number with its kind
  (``Count`` for a count), so that one quantity reads the same on every page.

``display=False`` throughout: the prose places each value with ``{glue:text}`` / ``{glue:md}``.

Every number glued is recorded in the page's quotes ledger (:mod:`compute_limits.report.quotes`): a
dataclass says which of its fields answer a question, and whether as a headline or a sensitivity, in a field
``answers`` (``{field: Answer}``, not glued); every other number is a detail.
"""

from __future__ import annotations

import dataclasses
import math
import typing

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..quantities import Answer, Estimate, Kind, kind_of
from . import numbers as N
from . import quotes


class Md(str):
    """A short Markdown phrase chosen in code (glued as Markdown: place it with ``{glue:md}``).
    Never build one from a data string: a model name in Markdown could carry markup."""


def plain(value):
    """A value as glue should store it (Python scalars; Markdown for :class:`Md`)."""
    if isinstance(value, Md):
        return Markdown(str(value))
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _hints(obj) -> dict:
    try:
        return typing.get_type_hints(type(obj), include_extras=True)
    except (NameError, TypeError):  # a forward reference that cannot be resolved: no kinds
        return {}


def _fields(obj):
    """``(name, value, kind)`` of every field of a dataclass (shown fields only) or dict (no kinds)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        hints = _hints(obj)
        for f in dataclasses.fields(obj):
            if f.repr:
                yield f.name, getattr(obj, f.name), kind_of(hints.get(f.name))
    elif isinstance(obj, dict):
        for name, value in obj.items():
            yield name, value, None
    else:
        raise TypeError(f"glue_all needs a dataclass or a dict, got {type(obj).__name__}")


def _answers(obj) -> dict[str, Answer]:
    """The questions ``obj``'s fields answer (its ``answers`` field; none for a dict)."""
    found = getattr(obj, "answers", None) if dataclasses.is_dataclass(obj) else None
    return dict(found) if isinstance(found, dict) else {}


PARTS = {"": "value", "interval": "interval", "with_interval": "with_interval"}


def entries(obj, prefix: str, horizon: int = N.HORIZON_YEAR):
    """``(key, value, part, answer)`` of every gluable field of ``obj`` under ``prefix``, set by kind.
    ``part`` is ``value``, ``interval`` or ``with_interval`` for a number shown as text, and None for
    anything else (a flag, a name, a phrase); ``answer`` is the field's :class:`Answer` or None.
    ``horizon``: the year after which a year reads "after <horizon>" (a chapter's ``horizon_year``)."""
    answers = _answers(obj)
    for name, value, kind in _fields(obj):
        key = f"{prefix}_{name}" if prefix else str(name)
        answer = answers.get(str(name))
        if isinstance(value, Estimate):
            for suffix, text in N.estimate_parts(value, kind or Kind("number"), horizon).items():
                yield (f"{key}_{suffix}" if suffix else key), text, PARTS.get(suffix), answer
        elif isinstance(value, Md):
            yield key, plain(value), None, None
        elif isinstance(value, bool | np.bool_):
            yield key, bool(value), None, None
        elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            yield key, N.show(value, "names"), None, None  # names (benchmarks, models): a list in words, inert
        elif kind is not None and isinstance(value, tuple) and len(value) == 2:  # a range (lo, hi): unit once
            if all(v is not None and not math.isnan(float(v)) for v in value):
                yield key, N.show_interval(*value, kind, horizon), "interval", answer
        elif kind is not None:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue  # a missing number is not glued: the prose must not cite it (a -W build fails)
            yield key, N.show(value, kind, horizon), (None if kind.name == "names" else "value"), answer
        elif dataclasses.is_dataclass(value) or isinstance(value, dict):
            yield from entries(value, key, horizon)
        elif isinstance(value, pd.DataFrame | pd.Series | list | tuple | np.ndarray) or value is None:
            continue
        elif isinstance(value, float | np.floating) and math.isnan(value):
            continue
        elif isinstance(value, int | float | np.integer | np.floating):
            raise TypeError(f"glue_all: {key} = {value!r} is a number without a kind: annotate the field with "
                            "its kind (compute_limits.quantities: Count, Share, Log10Flop, …) so every page sets "
                            "it the same way")
        else:  # a string: inert text
            yield key, plain(value), None, None


def items(obj, prefix: str, horizon: int = N.HORIZON_YEAR):
    """``(key, value)`` pairs of every gluable field of ``obj`` under ``prefix``, set by kind."""
    for key, value, _, _ in entries(obj, prefix, horizon):
        yield key, value


def glue_all(prefix: str, obj, horizon: int = N.HORIZON_YEAR) -> list[str]:
    """Glue every field of ``obj`` (a dataclass or dict) as ``<prefix>_<field>``; return the keys.  Every
    number glued is recorded in the page's quotes ledger (:mod:`compute_limits.report.quotes`).  A year
    past ``horizon`` (a chapter's ``horizon_year``) reads "after <horizon>"."""
    from myst_nb import glue  # imported here: myst_nb pulls in Sphinx, which only chapters need

    keys = []
    for key, value, part, answer in entries(obj, prefix, horizon):
        glue(key, value, display=False)
        keys.append(key)
        if part is not None:
            quotes.record(key, str(value), part, answer)
    quotes.write()
    return keys
