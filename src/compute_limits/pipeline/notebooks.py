"""Chapter sources as notebooks: reading a MyST source, its code, where each code cell starts in it, carrying
an executed notebook's outputs over to an edited source, and what an executed notebook must not contain.

* :func:`code_cells`: the part of a chapter that executes (the input hash covers it, not the prose).
* :func:`with_new_prose`: an executed notebook with the Markdown of the source as it is now, outputs kept,
  for an edit that touched no code cell (as jupyter-cache does: outputs are matched to code cells in order).
* :func:`cell_line`: the line of the chapter source where a code cell's code starts, so a failure names it.
* :func:`unwanted_output`: warnings and anything written to stderr while the chapter ran.  Every one fails
  the chapter unless :data:`ALLOWED_STDERR` allows it, with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat

INJECTED = "injected-parameters"  # papermill's tag for the cell it adds after the parameters cell


def read_source(path) -> nbformat.NotebookNode:
    """A chapter source as a notebook: ``.md`` files are always read as MyST notebooks (md:myst), so a
    missing or partial front matter cannot turn code cells into plain text."""
    path = Path(path)
    return jupytext.read(path, fmt="md:myst" if path.suffix == ".md" else None)


def set_kernel(nb) -> None:
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.setdefault("language_info", {"name": "python"})


def has_code(nb) -> bool:
    return any(c.cell_type == "code" and c.source.strip() for c in nb.cells)


def code_cells(nb) -> list[str]:
    """The source of each code cell, in order (papermill's injected cell excluded)."""
    return [c.source for c in nb.cells if c.cell_type == "code" and INJECTED not in c.metadata.get("tags", [])]


def prose(nb) -> list[tuple[str, str, list]]:
    """What a reader sees of the source besides outputs: each cell's type, source and tags, in order."""
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells
            if INJECTED not in c.metadata.get("tags", [])]


def with_new_prose(executed, source) -> nbformat.NotebookNode:
    """``executed`` with the cells of ``source`` (the same code cells, other Markdown or tags): each code
    cell keeps its outputs and execution count, papermill's injected cell stays after the parameters cell,
    and the notebook keeps its metadata (the record of its execution)."""
    ran = [c for c in executed.cells if c.cell_type == "code"]
    cells = []
    for cell in source.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        old = ran.pop(0)
        if INJECTED in old.metadata.get("tags", []):
            raise ValueError("papermill's parameters cell out of place")
        if old.source != cell.source:
            raise ValueError("the code cells differ: the chapter must be executed")
        new = nbformat.from_dict(dict(cell))
        new["outputs"], new["execution_count"] = old.get("outputs", []), old.get("execution_count")
        cells.append(new)
        if ran and INJECTED in ran[0].metadata.get("tags", []):
            cells.append(ran.pop(0))
    if ran:
        raise ValueError("the code cells differ: the chapter must be executed")
    out = nbformat.from_dict(dict(executed))
    out.cells = cells
    return out


_FENCE = re.compile(r"^(`{3,}|~{3,})\{code-cell\}")


def cell_line(source_path: Path, index: int) -> int:
    """The line (1-based) of the chapter source where the code of its ``index``-th code cell (0-based)
    starts: after the fence and the cell's options."""
    text = Path(source_path).read_text(encoding="utf-8")
    nb = read_source(source_path)
    code = [c for c in nb.cells if c.cell_type == "code"][index].source
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if _FENCE.match(line)]
    start = fences[index] if index < len(fences) else 0
    first = code.splitlines()[0] if code.strip() else ""
    for i in range(start + 1, len(lines)):
        if lines[i] == first:
            return i + 1
    return start + 1


# Output a chapter may write to stderr, each with its reason: a regular expression matching the whole
# message (a warning: its line and the source line Python prints under it).  Everything else written to
# stderr, a warning included, fails the chapter.
ALLOWED_STDERR: dict[str, str] = {}


def unwanted_output(nb) -> list[tuple[int, str]]:
    """``(index of the code cell, text)`` for each stream written to stderr by the chapter's code cells,
    without what :data:`ALLOWED_STDERR` allows, when anything else is left."""
    found = []
    code_index = -1
    for cell in nb.cells:
        if cell.cell_type != "code" or INJECTED in cell.metadata.get("tags", []):
            continue
        code_index += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                for pattern in ALLOWED_STDERR:
                    text = re.sub(pattern, "", text)
                if text.strip():
                    found.append((code_index, text))
    return found
