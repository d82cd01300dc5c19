"""Jupyter kernels for the pipeline, one per worker, re-used from chapter to chapter.

Starting a kernel and importing pandas, statsmodels, altair and the package costs several seconds, more
than most chapters take to compute.  Each worker therefore keeps one kernel for the whole run: papermill
executes a chapter in it (``km=``), then the kernel's namespace is reset (``%reset``), so no variable
survives into the next chapter while imported modules do.  Each chapter starts with a cell that sets its
environment (where it writes and reads results, which page it is) and working directory; the cell is
removed from the executed notebook.  A kernel whose chapter failed is replaced, so a half-finished state
never reaches another chapter.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
from contextlib import contextmanager

import nbformat
from jupyter_client import KernelManager

KERNEL = "python3"
ENV_TAG = "injected-environment"
RESET = "get_ipython().reset(new_session=False)"


def start() -> KernelManager:
    km = KernelManager(kernel_name=KERNEL)
    # the kernel's own log (e.g. "KeyboardInterrupt caught in kernel" at shutdown) is not the book's output
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    env={**os.environ, "PYTHONHASHSEED": "0"})
    return km


def _run(km: KernelManager, code: str, timeout: float = 60) -> None:
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    finally:
        kc.stop_channels()


class Pool:
    """``size`` kernels, lent to one job at a time (``with pool.kernel() as km``)."""

    def __init__(self, size: int):
        self._free: queue.Queue[KernelManager] = queue.Queue()
        self._all: list[KernelManager] = []
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        km = start()
        self._all.append(km)
        self._free.put(km)

    @contextmanager
    def kernel(self):
        km = self._free.get()
        ok = False
        try:
            yield km
            ok = True
        finally:
            if ok and km.is_alive():
                try:
                    _run(km, RESET)
                    self._free.put(km)
                    return
                except Exception:  # a kernel that cannot be reset is replaced
                    pass
            km.shutdown_kernel(now=True)
            self._all.remove(km)
            self._add()

    def close(self) -> None:
        for km in self._all:
            if km.is_alive():
                km.shutdown_kernel(now=True)
        self._all.clear()


def with_environment(nb, env: dict, cwd: str) -> nbformat.NotebookNode:
    """``nb`` with a first cell that sets the chapter's environment and working directory."""
    code = f"import os as _os\n_os.environ.update({json.dumps(env)})\n_os.chdir({json.dumps(cwd)})\ndel _os"
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
