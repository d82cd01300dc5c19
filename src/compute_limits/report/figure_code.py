"""Which package functions a figure's code cell calls, and where their source is (issue 26: a figure's "Code"
link goes to the lines that draw it *and* to the package functions they call).

The chapter's code is read with ``ast`` (nothing is executed): the names its cells import (``from
compute_limits.report import ways_out_charts as plots``) resolve the calls of the figure's cell
(``plots.years_chart(...)``) to package functions, whose file and first line :mod:`inspect` gives.  The site
renders every package module as a readable source view (:func:`compute_limits.pipeline.site.render_source`),
from the tree the book was built from, so the links show the code at the build's commit.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path

from ..code_graph import PACKAGE, PACKAGE_DIR


@dataclass(frozen=True)
class Called:
    """A package function a figure's cell calls: its name in the package (``report.ways_out_charts.years_chart``),
    its source file (repository-relative) and first line."""

    name: str
    rel: str
    line: int


def cells(text: str) -> list[tuple[int, str]]:
    """The code cells of a MyST notebook: ``(first line number of the code, code)``."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        stripped = lines[i].lstrip()
        if stripped.startswith(("```{code-cell}", "````{code-cell}")):
            fence = stripped[:len(stripped) - len(stripped.lstrip("`"))]
            j = i + 1
            while j < len(lines) and lines[j].startswith(":"):  # the cell's options (:tags: ...)
                j += 1
            start, k = j, j
            while k < len(lines) and lines[k].rstrip() != fence:
                k += 1
            out.append((start + 1, "\n".join(lines[start:k])))
            i = k + 1
            continue
        i += 1
    return out


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except SyntaxError:  # a cell with IPython magics: no calls read from it
        return None


def _bindings(trees) -> dict[str, str]:
    """``{name: dotted path}`` of what the chapter's imports bind (modules and their members)."""
    names: dict[str, str] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _dotted(func: ast.expr) -> str | None:
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    return ".".join([func.id, *reversed(parts)])


def _resolve(path: str):
    """The object a dotted path names (``compute_limits.report.charts.figure``), or None."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr, None)
            if obj is None:
                return None
        return obj
    return None


def _bound(target: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _drawing_calls(tree: ast.Module, key: str | None) -> list[ast.Call]:
    """The calls whose results reach the figure call (``charts.figure("<key>", chart, rows)``) of the cell:
    those in its arguments, and, going back through the cell's assignments, those that made the names it
    passes.  Without such a figure call: every call of the cell."""
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    place = next((c for c in calls if (_dotted(c.func) or "").endswith("figure") and c.args
                  and isinstance(c.args[0], ast.Constant) and c.args[0].value == key), None)
    if place is None:
        return calls
    wanted = [a for a in [*place.args[1:], *(k.value for k in place.keywords)]]
    found = [n for a in wanted for n in ast.walk(a) if isinstance(n, ast.Call)]
    names = {n.id for a in wanted for n in ast.walk(a) if isinstance(n, ast.Name)}
    assigns = [n for n in ast.walk(tree) if isinstance(n, ast.Assign | ast.AnnAssign) and n.value is not None
               and n.lineno <= place.lineno]
    for node in sorted(assigns, key=lambda n: -n.lineno):  # the latest binding first, back through the cell
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not any(_bound(t) & names for t in targets):
            continue
        found += [n for n in ast.walk(node.value) if isinstance(n, ast.Call)]
        names |= {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
    return found


def called(source: Path, line: int, key: str | None = None) -> list[Called]:
    """The package functions that draw figure ``key`` in the code cell of chapter ``source`` that holds ``line``
    (:func:`_drawing_calls`; in the order the cell calls them), with where each is defined; none when no cell
    holds the line."""
    all_cells = cells(source.read_text(encoding="utf-8"))
    trees = [t for t in (_parse(code) for _, code in all_cells) if t is not None]
    names = _bindings(trees)
    mine = next((code for first, code in all_cells if first <= line < first + len(code.splitlines()) + 1), None)
    tree = _parse(mine) if mine is not None else None
    if tree is None:
        return []
    found: dict[str, Called] = {}
    calls = sorted(_drawing_calls(tree, key), key=lambda n: (n.lineno, n.col_offset))
    for node in calls:
        dotted = _dotted(node.func)
        if not dotted or dotted.split(".")[0] not in names:
            continue
        head, _, rest = dotted.partition(".")
        full = names[head] + (f".{rest}" if rest else "")
        if not full.startswith(PACKAGE + "."):
            continue
        obj = inspect.unwrap(_resolve(full)) if _resolve(full) is not None else None
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or not obj.__module__.startswith(PACKAGE):
            continue
        try:
            file, (_, first) = inspect.getsourcefile(obj), inspect.getsourcelines(obj)
        except (OSError, TypeError):
            continue
        try:  # the package's own files, named as in the repository (src/compute_limits/…)
            rel = f"src/{PACKAGE}/" + Path(file).resolve().relative_to(PACKAGE_DIR).as_posix()
        except (TypeError, ValueError):
            continue
        name = f"{obj.__module__.removeprefix(PACKAGE + '.')}.{obj.__qualname__}"
        if name not in ("report.charts.figure", "report.glue.glue_all"):  # placing and gluing, not drawing
            found.setdefault(name, Called(name, rel, int(first)))
    return list(found.values())
