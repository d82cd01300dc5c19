"""Jupyter kernels for the pipeline, at most one per worker, re-used from chapter to chapter.

Starting a kernel and importing pandas, statsmodels, altair and the package costs several seconds, more
than most chapters take to compute.  The run therefore keeps its kernels for the whole run: papermill
executes a chapter in it (``km=``), then the kernel's namespace is reset (``%reset``), so no variable
survives into the next chapter while imported modules do.  Each chapter starts with a cell that sets its
environment (where it writes and reads results, which page it is) and working directory; the cell is
removed from the executed notebook.  A kernel whose chapter failed is replaced, so a half-finished state
never reaches another chapter.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from contextlib import contextmanager

import nbformat
from jupyter_client import KernelManager

KERNEL = "python3"
WORKERS = 2  # chapters executed at once, each in a kernel of its own (the reference machine has two cores)
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

    def prestart(self) -> None:
        """Start one kernel now, before any job asks for it: it boots (about a second, in its own process)
        while the caller imports the pipeline and hashes the chapters."""
        with self._cond:
            if len(self._all) + self._starting < self.size:
                km = start()
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
            if ok and km.is_alive():
                try:
                    _run(km, RESET)
                    self._give_back(km)
                    return
                except Exception:  # a kernel that cannot be reset is replaced (by the next job that asks)
                    pass
            self._drop(km)

    def close(self) -> None:
        with self._cond:
            kernels, self._all, self._free = list(self._all), [], []
        for km in kernels:
            if km.is_alive():
                km.shutdown_kernel(now=True)


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
