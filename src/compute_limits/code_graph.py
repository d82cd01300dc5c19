"""The package's import graph, read from source with ``ast`` (nothing is executed).

* :func:`imported_modules`: the package modules a chapter's code imports;
* :func:`module_closure`: the package modules a module imports, transitively;
* :func:`code_hash`: a hash of their code (not their docstrings).

The pipeline hashes a chapter with it, so a chapter re-runs only when code it actually imports changes, and
:func:`compute_limits.cache.cached` keys results on it.  It imports nothing heavy: ``run`` uses it before
the pipeline is imported (to tell the first kernel which modules to import while it waits).
"""

from __future__ import annotations

import ast
import hashlib
import json
import threading
from pathlib import Path

from .data import paths
from .data.files import atomic_write

PACKAGE = "compute_limits"
PACKAGE_DIR = Path(__file__).resolve().parent


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


class FileIndex:
    """What parsing a file told us, remembered on disk (``_build/cache/files.json``) under the file's
    path, size and modification time.  Parsing every module for every chapter was most of a run with
    nothing to do; with the index, an unchanged file is never parsed again.  Values are JSON."""

    def __init__(self, path: Path):
        self.path = path
        self._data: dict | None = None
        self._dirty = False
        self._lock = threading.Lock()

    def _load(self) -> dict:
        if self._data is None:
            try:
                self._data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def get(self, kind: str, file: Path, compute):
        st = file.stat()
        key, stamp = f"{kind}:{file}", [st.st_mtime_ns, st.st_size]
        with self._lock:
            entry = self._load().get(key)
            if entry is not None and entry[0] == stamp:
                return entry[1]
        value = compute(file)
        with self._lock:
            self._load()[key] = [stamp, value]
            self._dirty = True
        return value

    def save(self) -> None:
        with self._lock:
            if self._dirty and self._data is not None:
                atomic_write(self.path, json.dumps(self._data, sort_keys=True))
                self._dirty = False


INDEX = FileIndex(paths.CACHE / "files.json")


def _analyse(path: Path) -> dict:
    """One parse of a package module: the package modules it imports, and a fingerprint of its code
    (the syntax tree without docstrings; comments and layout are not in a tree)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE_DIR).with_suffix("")
    parts = [PACKAGE, *rel.parts]
    package = ".".join(parts[:-1])  # for a/__init__.py the package is a; for a/b.py it is a too
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
        body = getattr(node, "body", None)
        if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return {"imports": sorted(m for m in found if module_path(m) is not None),
            "code": hashlib.sha256(ast.dump(tree, annotate_fields=False).encode()).hexdigest()}


def _facts(name: str) -> dict:
    return INDEX.get("module", module_path(name), _analyse)


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
        todo.extend(_facts(name)["imports"])
    return sorted(seen)


def code_hash(names) -> str:
    """sha256 over the code of ``names``' import closure: each module's syntax tree without its
    docstrings (and, being a tree, without comments or layout), so editing documentation re-runs nothing."""
    digest = hashlib.sha256()
    for name in module_closure(names):
        digest.update(name.encode())
        digest.update(_facts(name)["code"].encode())
    return digest.hexdigest()


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
