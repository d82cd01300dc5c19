"""Jupyter kernels for the pipeline, at most one per worker, re-used from chapter to chapter.

Starting a kernel and importing pandas, statsmodels, altair and the package costs several seconds, more
than most chapters take to compute.  The run therefore keeps its kernels for the whole run: papermill
executes a chapter in it (``km=``), and the next chapter lent the same kernel starts with its namespace
reset (``%reset``), so no variable survives into another chapter while imported modules do.  Each chapter
starts with a cell that does that reset and sets its environment (where it writes and reads results,
which page it is) and working directory; the cell is removed from the executed notebook.  A kernel whose
chapter failed is replaced, so a half-finished state never reaches another chapter.

The kernel the run starts before any chapter asks (:meth:`Pool.prestart`) also imports, as it starts up,
the package modules of the chapters likely to run (:func:`likely_imports`), while the run imports the
pipeline and hashes the chapters; the chapter lent that kernel then finds them imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_client import KernelManager

from ..code_graph import imported_modules, module_closure, module_path
from ..data import paths

KERNEL = "python3"
WORKERS = 2  # chapters executed at once, each in a kernel of its own (the reference machine has two cores)
ENV_TAG = "injected-environment"
RESET = "get_ipython().reset(new_session=False)"


def start(imports: list[str] | tuple = ()) -> KernelManager:
    """A new kernel; it imports the package modules ``imports`` as it starts up, before it answers any
    request (IPython's ``exec_lines``: silent, no execution count; a module that fails to import is skipped,
    and a chapter that imports it reports the error itself)."""
    km = KernelManager(kernel_name=KERNEL)
    # the kernel's own log (e.g. "KeyboardInterrupt caught in kernel" at shutdown) is not the book's output
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    env={**os.environ, "PYTHONHASHSEED": "0"},
                    extra_arguments=[f"--IPKernelApp.exec_lines=import {name}" for name in imports])
    return km


def likely_imports(since: float | None = None, chapters: Path | None = None) -> list[str]:
    """The package modules imported by the chapters (sources under ``chapters``, the book's) whose source or
    imported code changed after ``since`` (a time: the last complete run); by every chapter if none did (the
    change was to data or parameters) or ``since`` is None.  Only a guess at what the first chapter to run
    will import, from modification times: the pipeline's hashes decide what runs."""
    imports = {}
    for source in sorted((chapters or paths.CHAPTERS).rglob("*.md")):
        try:
            imports[source] = imported_modules(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):  # a guess never fails a run: the pipeline reports such a file
            continue
    if since is not None:
        changed = {source: names for source, names in imports.items()
                   if any(f.stat().st_mtime > since for f in [source, *map(module_path, module_closure(names))])}
        imports = changed or imports
    return sorted(set().union(*imports.values()))


class Pool:
    """Up to ``size`` kernels, lent to one job at a time (``with pool.kernel() as km``).

    A kernel is started only when a job asks and none is free (a run with nothing to execute starts none;
    a run that executes one chapter after another starts one), and the kernel freed last is lent first:
    it has the imports of the chapter before, which the next chapter usually shares.
    """

    def __init__(self, size: int):
        self.size = size
        self._free: list[KernelManager] = []  # a stack: the most recently freed kernel last
        self._all: list[KernelManager] = []
        self._starting = 0
        self._cond = threading.Condition()

    def prestart(self, imports: list[str] | tuple = ()) -> None:
        """Start one kernel now, before any job asks for it: it boots (about a second, in its own process)
        and imports the package modules ``imports`` while the caller imports the pipeline and hashes the
        chapters."""
        with self._cond:
            if len(self._all) + self._starting < self.size:
                km = start(imports)
                self._all.append(km)
                self._free.append(km)

    def _take(self) -> KernelManager:
        with self._cond:
            while not self._free and len(self._all) + self._starting >= self.size:
                self._cond.wait()
            if self._free:
                return self._free.pop()
            self._starting += 1
        km = None
        try:
            km = start()
            return km
        finally:
            with self._cond:
                self._starting -= 1
                if km is not None:
                    self._all.append(km)
                self._cond.notify()  # a kernel that failed to start frees its place for a waiting job

    def _give_back(self, km: KernelManager) -> None:
        with self._cond:
            self._free.append(km)
            self._cond.notify()

    def _drop(self, km: KernelManager) -> None:
        km.shutdown_kernel(now=True)
        with self._cond:
            self._all.remove(km)
            self._cond.notify()

    @contextmanager
    def kernel(self):
        km = self._take()
        ok = False
        try:
            yield km
            ok = True
        finally:
            if ok and km.is_alive():  # its namespace is reset by the next chapter's first cell
                self._give_back(km)
            else:
                self._drop(km)

    def close(self) -> None:
        with self._cond:
            kernels, self._all, self._free = list(self._all), [], []
        for km in kernels:
            if km.is_alive():
                km.shutdown_kernel(now=True)


def with_environment(nb, env: dict, cwd: str) -> nbformat.NotebookNode:
    """``nb`` with a first cell that empties the kernel's namespace (of the chapter it ran before) and sets
    the chapter's environment and working directory."""
    code = (f"{RESET}\nimport os as _os\n_os.environ.update({json.dumps(env)})\n_os.chdir({json.dumps(cwd)})\n"
            "del _os")
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["tags"] = [ENV_TAG, "remove-cell"]
    nb.cells.insert(0, cell)
    return nb


def without_environment(nb) -> nbformat.NotebookNode:
    nb.cells = [c for c in nb.cells if ENV_TAG not in c.metadata.get("tags", [])]
    return nb


def execute_one(source, output, params: dict, env: dict, cwd: str) -> None:
    """Execute one chapter source into ``output`` in a kernel of its own (for tests and one-off runs);
    raises papermill's error if a cell fails."""
    import papermill  # imported here: the pipeline imports this module without needing papermill

    from .notebooks import read_source, set_kernel

    nb = with_environment(read_source(source), env, cwd)
    set_kernel(nb)
    pool = Pool(1)
    try:
        with pool.kernel() as km:
            executed = papermill.execute_notebook(nb, str(output), parameters=params, kernel_name=KERNEL, km=km,
                                                  progress_bar=False, log_output=False,
                                                  request_save_on_cell_execute=False)  # written once, below
    finally:
        pool.close()
    nbformat.write(without_environment(executed), output)
