"""Code hashes from the package's import graph, and a disk cache for expensive computations.

* :func:`module_closure`: the package modules a module imports, transitively (read from the source
  with ``ast``, nothing is executed); :func:`code_hash` hashes their code (not their docstrings).  The pipeline uses it so
  a chapter re-runs only when code it actually imports changes.
* :func:`cached`: a decorator that keeps a function's result in ``_build/cache``, keyed on the function,
  its arguments (hashed with joblib, which hashes DataFrames and arrays by content) and the code hash of
  its module's import closure.  Editing a chart module then reuses the simulation and the bootstraps.
  (joblib.Memory keys on the function's own source only, not on the code it calls; hence this.)
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import pickle
from pathlib import Path

import joblib

from .data import paths
from .data.files import atomic_write

PACKAGE = "compute_limits"
PACKAGE_DIR = Path(__file__).resolve().parent
NO_CACHE_ENV = "COMPUTE_LIMITS_NO_CACHE"


def module_path(name: str) -> Path | None:
    """Source file of package module ``name`` (``compute_limits.x.y``), or None if not in the package."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _imports(path: Path, name: str) -> set[str]:
    """Package modules imported by the module at ``path`` (absolute and relative imports)."""
    st = path.stat()
    return _imports_cached(str(path), name, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=512)
def _imports_cached(path_str: str, name: str, _mtime: int, _size: int) -> frozenset[str]:
    """(Parsing every module for every job is the slow part of a no-change run; the key includes the
    file's modification time and size, so an edited module is parsed again.)"""
    path = Path(path_str)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)  # `from . import x` imports module x
    return frozenset(m for m in found if module_path(m) is not None)


def module_closure(names) -> list[str]:
    """Every package module reachable from ``names`` by imports (including the parent packages)."""
    todo = list(names)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or module_path(name) is None:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent __init__ modules run too
        todo.extend(_imports(module_path(name), name))
    return sorted(seen)


def code_hash(names) -> str:
    """sha256 over the code of ``names``' import closure: each module's syntax tree without its
    docstrings (and, being a tree, without comments or layout), so editing documentation re-runs nothing."""
    digest = hashlib.sha256()
    for name in module_closure(names):
        path = module_path(name)
        st = path.stat()
        digest.update(name.encode())
        digest.update(_code_fingerprint(str(path), st.st_mtime_ns, st.st_size).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=512)
def _code_fingerprint(path: str, _mtime: int, _size: int) -> str:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree, annotate_fields=False).encode()).hexdigest()


def imported_modules(source_text: str) -> set[str]:
    """Package modules a chapter's code imports (``import compute_limits…`` / ``from compute_limits…``)."""
    found: set[str] = set()
    for line in source_text.splitlines():
        stripped = line.strip()
        if not stripped.startswith(("import ", "from ")):
            continue
        try:
            tree = ast.parse(stripped)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if module_path(m) is not None}


def _stable(obj):
    """``obj`` with every DataFrame/Series replaced by a fresh deep copy, so its hash depends on content only:
    reading a frame can consolidate its blocks in place, which changes its pickle (and joblib's hash)."""
    import pandas as pd  # noqa: PLC0415 (pandas is heavy; only keys with frames need it)

    if isinstance(obj, pd.DataFrame | pd.Series):
        return obj.copy(deep=True)
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
        key = joblib.hash((name, code_hash([module]), _stable(args), _stable(sorted(kwargs.items()))))
        path = paths.CACHE / name / f"{key}.pkl"
        if path.exists():
            try:
                with open(path, "rb") as fh:
                    return pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError):
                pass  # a damaged entry is recomputed
        result = func(*args, **kwargs)
        atomic_write(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return result

    wrapper.cache_name = name
    return wrapper
