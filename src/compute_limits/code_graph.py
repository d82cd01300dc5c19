"""The code a computation runs, read with ``ast`` (nothing is executed): what changes its result.

* :func:`imports`: the modules a piece of code imports (a chapter's code cell, a module);
  :func:`imported_modules`: the package modules among them;
* :func:`module_closure`: the package modules a set of modules imports, transitively;
* :func:`code_hash`: a hash of the closure's code (syntax trees without docstrings: comments, layout and
  documentation change nothing);
* :func:`library_versions`: the installed versions of the libraries the closure imports, with the libraries
  they require, transitively;
* :func:`fingerprint`: both, the key under which a result of that code is valid.

The pipeline hashes a chapter with them (its code cells' imports), and :func:`compute_limits.cache.cached`
keys results on the fingerprint of the function's module, so editing a chart module reuses a simulation, and
a statsmodels upgrade recomputes every fit.  Each module is parsed once per process (and again only when its
file changes).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata as metadata
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

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


def imports(tree: ast.AST, package: str = "") -> set[str]:
    """Every module ``tree`` imports, wherever the import statement is (a function body too): for
    ``from a import b``, both ``a`` and ``a.b`` (``b`` may be a module).  Relative imports are resolved
    against ``package``."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
    return found


@dataclass(frozen=True)
class Facts:
    modules: tuple[str, ...]  # package modules imported
    libraries: tuple[str, ...]  # top-level names of other imported modules (standard library included)
    code: str  # sha256 of the syntax tree without docstrings


def facts(tree: ast.AST, package: str = "") -> Facts:
    found = imports(tree, package)
    for node in ast.walk(tree):  # docstrings are documentation: dropped before the tree is hashed
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                node.body = body[1:] or [ast.Pass()]
    return Facts(modules=tuple(sorted(m for m in found if module_path(m) is not None)),
                 libraries=tuple(sorted({m.split(".")[0] for m in found if m and not m.startswith(PACKAGE)})),
                 code=hashlib.sha256(ast.dump(tree, annotate_fields=False).encode()).hexdigest())


def module_facts(name: str) -> Facts:
    path = module_path(name)
    st = path.stat()
    return _module_facts(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=None)
def _module_facts(path: Path, _mtime: int, _size: int) -> Facts:
    rel = path.relative_to(PACKAGE_DIR).with_suffix("")
    package = ".".join([PACKAGE, *rel.parts][:-1])  # for a/__init__.py the package is a; for a/b.py it is a too
    return facts(ast.parse(path.read_text(encoding="utf-8")), package)


def code_facts(source: str) -> Facts:
    """:class:`Facts` of a chapter's code cell (IPython's ``%``/``!`` lines are not Python: left out)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = ast.parse("\n".join("" if line.lstrip().startswith(("%", "!")) else line
                                   for line in source.splitlines()))
    return facts(tree)


def imported_modules(code: str) -> set[str]:
    """The package modules a chapter's code imports, wherever the import statement is."""
    return set(code_facts(code).modules)


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
        todo.extend(module_facts(name).modules)
    return sorted(seen)


def code_hash(names) -> str:
    """sha256 over the code of ``names``' import closure: each module's syntax tree without its
    docstrings (and, being a tree, without comments or layout), so editing documentation re-runs nothing."""
    digest = hashlib.sha256()
    for name in module_closure(names):
        digest.update(name.encode())
        digest.update(module_facts(name).code.encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _installed() -> tuple[dict[str, list[str]], dict[str, tuple[str, tuple[str, ...]]]]:
    """Read once per process: which distributions provide each top-level module, and each installed
    distribution's version and requirements (without extras; markers evaluated here)."""
    from packaging.requirements import InvalidRequirement, Requirement

    providers: dict[str, list[str]] = {}
    dists: dict[str, tuple[str, tuple[str, ...]]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or _canonical(name) in dists:
            continue
        requires = []
        for text in dist.requires or []:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                requires.append(_canonical(req.name))
        dists[_canonical(name)] = (dist.version, tuple(requires))
        top_level = (dist.read_text("top_level.txt") or "").split()
        if not top_level:  # no top_level.txt: the top-level names of the files it installed
            top_level = {f.parts[0].removesuffix(".py") for f in dist.files or () if f.parts
                         and not f.parts[0].endswith((".dist-info", ".data", ".pth")) and f.parts[0] != ".."}
        for module in top_level:
            providers.setdefault(module, []).append(_canonical(name))
    return providers, dists


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def library_versions(libraries) -> dict[str, str]:
    """``{distribution: version}`` of the installed distributions that provide the top-level modules
    ``libraries`` (the standard library provides itself: Python's version stands for it), and of everything
    they require, transitively.  (Read once per process: installing a library changes it for the next one.)"""
    providers, dists = _installed()
    todo = [d for lib in libraries for d in providers.get(lib, [])]
    versions: dict[str, str] = {"python": ".".join(map(str, sys.version_info[:3]))}
    while todo:
        dist = todo.pop()
        if dist in versions or dist == _canonical(PACKAGE) or dist not in dists:  # not installed: optional
            continue
        versions[dist], requires = dists[dist]
        todo.extend(requires)
    return dict(sorted(versions.items()))


def closure_libraries(names, extra=()) -> set[str]:
    """The top-level library names imported by ``names``' closure, and ``extra``."""
    found = set(extra)
    for name in module_closure(names):
        found.update(module_facts(name).libraries)
    return found


def fingerprint(names, libraries=()) -> str:
    """The key under which a result computed by the modules ``names`` (and code importing ``libraries``) stays
    valid: the code hash of their closure and the versions of every library it imports."""
    versions = library_versions(closure_libraries(names, libraries))
    return hashlib.sha256((code_hash(names) + json.dumps(versions, sort_keys=True)).encode()).hexdigest()
