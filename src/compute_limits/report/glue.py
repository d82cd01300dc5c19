"""Glue a whole section's numbers in one call.

An analysis returns a small dataclass of the numbers (and short phrases) its section cites;
``glue_all("oos", verdict)`` glues every field as ``oos_<field>``: numpy scalars become Python
numbers, a :class:`Md` string is glued as Markdown (for ``{glue:md}``), nested dataclasses and dicts
are glued under ``<prefix>_<field>_…``, and DataFrames and lists are skipped (they are tables, not
numbers).  ``display=False`` throughout: the prose places each value with ``{glue:text}``/``{glue:md}``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from IPython.display import Markdown


class Md(str):
    """A short Markdown phrase chosen in code (glued as Markdown: place it with ``{glue:md}``)."""


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


def items(obj, prefix: str):
    """``(key, value)`` pairs of every gluable field of ``obj`` under ``prefix``."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        pairs = ((f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr)
    elif isinstance(obj, dict):
        pairs = obj.items()
    else:
        raise TypeError(f"glue_all needs a dataclass or a dict, got {type(obj).__name__}")
    for name, value in pairs:
        key = f"{prefix}_{name}" if prefix else str(name)
        if dataclasses.is_dataclass(value) or isinstance(value, dict):
            yield from items(value, key)
        elif isinstance(value, pd.DataFrame | pd.Series | list | tuple | np.ndarray) or value is None:
            continue
        elif isinstance(value, float) and math.isnan(value):
            continue  # a missing number is not glued: the prose must not cite it (a -W build fails)
        else:
            yield key, plain(value)


def glue_all(prefix: str, obj) -> list[str]:
    """Glue every field of ``obj`` (a dataclass or dict) as ``<prefix>_<field>``; return the keys."""
    from myst_nb import glue  # imported here: myst_nb pulls in Sphinx, which only chapters need

    keys = []
    for key, value in items(obj, prefix):
        glue(key, value, display=False)
        keys.append(key)
    return keys
