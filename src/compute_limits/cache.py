"""A disk cache for expensive computations.

:func:`cached` is a decorator that keeps a function's result in ``_build/cache``, keyed on the function,
its arguments (hashed with joblib, which hashes DataFrames and arrays by content), the code hash of its
module's import closure and the installed versions of the libraries that closure imports
(:func:`compute_limits.code_graph.fingerprint`).  Editing a chart module then reuses the simulation and the
bootstraps, and upgrading numpy or statsmodels recomputes them.  (joblib.Memory keys on the function's own
source only, not on the code it calls nor on library versions; hence this.)  An entry that cannot be read
back, whatever the reason (a truncated file, a class that moved in a new pandas), is computed again.

Each function keeps its :data:`KEEP_PER_FUNCTION` most recently used results: every code edit and every
new parameter value adds an entry, and nothing else would ever remove the old ones.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import pickle
from pathlib import Path

import joblib

from .code_graph import fingerprint
from .data import paths
from .data.files import atomic_write, sha256_file

NO_CACHE_ENV = "COMPUTE_LIMITS_NO_CACHE"
KEEP_PER_FUNCTION = 16  # results kept per function (a book uses 1-8; a parameter study a few more)


def _stable(obj):
    """``obj`` with every DataFrame/Series replaced by a fresh deep copy, so its hash depends on content only:
    reading a frame can consolidate its blocks in place, which changes its pickle (and joblib's hash).
    A dataclass (a table of populations, say) is hashed as its type and its fields, each made stable."""
    import pandas as pd  # noqa: PLC0415 (pandas is heavy; only keys with frames need it)

    if isinstance(obj, pd.DataFrame | pd.Series):
        return obj.copy(deep=True)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__qualname__, [(f.name, _stable(getattr(obj, f.name))) for f in dataclasses.fields(obj)])
    if isinstance(obj, dict):
        return {k: _stable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_stable(v) for v in obj)
    return obj


def cached(func):
    """Keep ``func``'s result on disk, keyed on its arguments and the code it can reach."""
    module = func.__module__
    name = f"{module}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if os.environ.get(NO_CACHE_ENV):
            return func(*args, **kwargs)
        key = joblib.hash((name, fingerprint([module]), _stable(args), _stable(sorted(kwargs.items()))))
        path = paths.CACHE / name / f"{key}.pkl"
        if path.exists():
            try:
                with open(path, "rb") as fh:
                    result = pickle.load(fh)
            except Exception:  # noqa: BLE001 (unpickling can raise anything: the entry is recomputed)
                pass
            else:
                with contextlib.suppress(OSError):  # a read-only cache is still read
                    os.utime(path)  # used now: the last entry to be pruned
                return result
        result = func(*args, **kwargs)
        atomic_write(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(path.parent)
        return result

    wrapper.cache_name = name
    return wrapper


def cached_file(func):
    """:func:`cached` for a loader ``func(path, *args)`` that parses and validates one file: the key holds
    the file's sha256 (and its path, which the loader's messages name), so an unchanged file is parsed once
    for every process that reads it and an edited one again.  A path that is not a file is passed to
    ``func`` uncached, to raise its problem."""

    def parse(path: str, sha256: str, *args):
        return func(Path(path), *args)

    parse.__module__, parse.__qualname__ = func.__module__, func.__qualname__  # its cache folder and code hash
    kept = cached(parse)

    @functools.wraps(func)
    def wrapper(path, *args):
        path = Path(path)
        if not path.is_file():
            return func(path, *args)
        return kept(str(path), sha256_file(path), *args)

    wrapper.cache_name = kept.cache_name
    return wrapper


def _prune(folder) -> None:
    """Remove all but the :data:`KEEP_PER_FUNCTION` most recently used entries of one function's folder.
    (Two processes may prune at once: an entry already removed is skipped.)"""
    entries = []
    for entry in folder.glob("*.pkl"):
        try:
            entries.append((entry.stat().st_mtime_ns, entry))
        except FileNotFoundError:
            continue
    for _, entry in sorted(entries, reverse=True)[KEEP_PER_FUNCTION:]:
        entry.unlink(missing_ok=True)
