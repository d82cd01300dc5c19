"""Chapter sources as notebooks: reading a MyST source, giving it a kernel, telling prose pages apart."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat


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
