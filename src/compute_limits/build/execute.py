"""Execute one chapter in its own process: ``python -m compute_limits.build.execute SPEC.json``.

The pipeline runs each job in a subprocess so that jobs can run side by side, each with its own
environment (where to write results, which page it is).  The spec names the source, the staging
notebook to write, the parameters and the environment.  A page without code cells is converted, not
executed.  On a failing cell the error (cell number, exception name and message) is written to the
spec's ``error_file`` and the process exits with status 1.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import jupytext
import nbformat


def read_source(path) -> "nbformat.NotebookNode":
    """A chapter source as a notebook: ``.md`` files are always read as MyST notebooks (md:myst), so a
    missing or partial front matter cannot turn code cells into plain text."""
    path = Path(path)
    return jupytext.read(path, fmt="md:myst" if path.suffix == ".md" else None)


def set_kernel(nb) -> None:
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.setdefault("language_info", {"name": "python"})


def has_code(nb) -> bool:
    return any(c.cell_type == "code" and c.source.strip() for c in nb.cells)


def run(spec: dict) -> int:
    import papermill  # imported here: the pipeline imports this module's helpers without running papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(spec.get("env", {}))
    out = Path(spec["output"])
    out.parent.mkdir(parents=True, exist_ok=True)
    nb = read_source(spec["source"])
    set_kernel(nb)
    if not has_code(nb):
        nbformat.write(nb, out)
        return 0
    src = out.with_suffix(".source.ipynb")
    nbformat.write(nb, src)
    try:
        papermill.execute_notebook(str(src), str(out), parameters=spec.get("params", {}), kernel_name="python3",
                                   cwd=spec["cwd"], progress_bar=False, log_output=False)
    except PapermillExecutionError as err:
        Path(spec["error_file"]).write_text(json.dumps(
            {"cell": err.exec_count, "ename": err.ename, "evalue": err.evalue}), encoding="utf-8")
        return 1
    finally:
        src.unlink(missing_ok=True)
    executed = nbformat.read(out, as_version=4)
    for cell in executed.cells:  # readers never see papermill's injected parameters
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(executed, out)
    return 0


if __name__ == "__main__":
    sys.exit(run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
