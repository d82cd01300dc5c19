"""Jupyter kernels for the pipeline: at most one per worker, re-used from chapter to chapter.

Starting a kernel and importing pandas, statsmodels, altair and the package costs about three seconds, more
than most chapters take to compute: a build from nothing executes in about half the time when each kernel
serves several chapters (measured in ``benchmarks/bench_pipeline.py --fresh-kernels``).  Papermill executes a
chapter in a kernel it is given (``km=``); the chapter runs with a first cell that empties the namespace of the
chapter before (``reset``: no variable survives, imported modules do), sets its environment (where it writes
and reads results, which page it is) and working directory, and starts recording the files it opens
(:mod:`.reads`); its last cell writes that record.  Both cells are removed from the executed notebook.  A
kernel whose chapter failed is replaced, so a half-finished state never reaches another chapter; with
``fresh=True`` no kernel serves two chapters (each chapter's record of what it read is then complete: a module
may keep what it read for the next chapter in the same process).

Whatever a kernel process writes to its own stdout or stderr (outside any cell's output) goes to a log, and
the part written while a chapter ran is that chapter's (:meth:`Kernel.output_since`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

if TYPE_CHECKING:
    from jupyter_client import KernelManager

KERNEL = "python3"
WORKERS = 2  # chapters executed at once, each in a kernel of its own (the reference machine has two cores)
ENV_TAG = "injected-environment"
READS_TAG = "injected-reads"
RESET = "get_ipython().reset(new_session=False)"
FRESH_ENV = "COMPUTE_LIMITS_FRESH_KERNELS"  # set (to anything) for one kernel per chapter


@dataclass
class Kernel:
    km: KernelManager
    log: Path  # the kernel process's own stdout and stderr
    _handle: object = field(default=None, repr=False)
    _sockets: str | None = None

    def size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def output_since(self, offset: int) -> str:
        with open(self.log, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", "replace")

    def shutdown(self) -> None:
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        if self._handle is not None:
            self._handle.close()
        self.log.unlink(missing_ok=True)
        if self._sockets:
            shutil.rmtree(self._sockets, ignore_errors=True)


def start(log_dir: Path | None = None) -> Kernel:
    """A new kernel (``PYTHONHASHSEED=0``: set iteration orders do not change between runs).  It talks to the
    pipeline over local sockets (IPC) in a private folder, not over TCP: nothing else on the machine can
    reach it (over TCP the kernel says so on its stderr)."""
    log_dir = Path(log_dir or tempfile.gettempdir())
    log_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="kernel-", suffix=".log", dir=log_dir)
    handle = os.fdopen(fd, "wb", buffering=0)
    sockets = tempfile.mkdtemp(prefix="kernel-")
    from jupyter_client import KernelManager  # (here: a run that starts no kernel does without it)

    km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "k"))
    try:
        km.start_kernel(stdout=handle, stderr=handle, env={**os.environ, "PYTHONHASHSEED": "0"})
    except BaseException:
        handle.close()
        Path(name).unlink(missing_ok=True)
        shutil.rmtree(sockets, ignore_errors=True)
        raise
    return Kernel(km, Path(name), handle, sockets)


class Pool:
    """Up to ``size`` kernels, lent to one job at a time (``with pool.kernel() as kernel``).

    A kernel is started only when a job asks and none is free (a run with nothing to execute starts none;
    a run that executes one chapter after another starts one), and the kernel freed last is lent first.
    With ``fresh``, a kernel is shut down after its chapter instead.
    """

    def __init__(self, size: int, log_dir: Path | None = None, fresh: bool | None = None):
        self.size = size
        self.log_dir = log_dir
        self.fresh = bool(os.environ.get(FRESH_ENV)) if fresh is None else fresh
        self._free: list[Kernel] = []  # a stack: the most recently freed kernel last
        self._all: list[Kernel] = []
        self._starting = 0
        self._cond = threading.Condition()

    def _take(self) -> Kernel:
        with self._cond:
            while not self._free and len(self._all) + self._starting >= self.size:
                self._cond.wait()
            if self._free:
                return self._free.pop()
            self._starting += 1
        kernel = None
        try:
            kernel = start(self.log_dir)
            return kernel
        finally:
            with self._cond:
                self._starting -= 1
                if kernel is not None:
                    self._all.append(kernel)
                self._cond.notify()  # a kernel that failed to start frees its place for a waiting job

    def _give_back(self, kernel: Kernel) -> None:
        with self._cond:
            self._free.append(kernel)
            self._cond.notify()

    def _drop(self, kernel: Kernel) -> None:
        kernel.shutdown()
        with self._cond:
            self._all.remove(kernel)
            self._cond.notify()

    @contextmanager
    def kernel(self):
        kernel = self._take()
        ok = False
        try:
            yield kernel
            ok = True
        finally:
            if ok and not self.fresh and kernel.km.is_alive():  # the next chapter's first cell resets it
                self._give_back(kernel)
            else:
                self._drop(kernel)

    def close(self) -> None:
        with self._cond:
            kernels, self._all, self._free = list(self._all), [], []
        for kernel in kernels:
            kernel.shutdown()


def with_environment(nb, env: dict, cwd: str, reads: Path | None = None) -> nbformat.NotebookNode:
    """``nb`` with a first cell that empties the kernel's namespace (of the chapter it ran before), sets the
    chapter's environment and working directory and starts recording the files it opens, and (``reads``)
    a last cell that writes that record there."""
    code = (f"{RESET}\nimport os as _os\n_os.environ.update({json.dumps(env)})\n_os.chdir({json.dumps(cwd)})\n"
            "from compute_limits.pipeline import reads as _reads\n_reads.start()\ndel _os, _reads")
    first = nbformat.v4.new_code_cell(code)
    first.metadata["tags"] = [ENV_TAG, "remove-cell"]
    nb.cells.insert(0, first)
    if reads is not None:
        last = nbformat.v4.new_code_cell("from compute_limits.pipeline import reads as _reads\n"
                                         f"_reads.stop({json.dumps(str(reads))})\ndel _reads")
        last.metadata["tags"] = [READS_TAG, "remove-cell"]
        nb.cells.append(last)
    return nb


def without_environment(nb) -> nbformat.NotebookNode:
    nb.cells = [c for c in nb.cells if not {ENV_TAG, READS_TAG} & set(c.metadata.get("tags", []))]
    return nb


def is_injected(cell) -> bool:
    return bool({ENV_TAG, READS_TAG} & set(cell.metadata.get("tags", [])))


def execute_one(source, output, params: dict, env: dict, cwd: str) -> None:
    """Execute one chapter source into ``output`` in a kernel of its own (for tests and one-off runs);
    raises papermill's error if a cell fails."""
    import papermill  # imported here: the pipeline imports this module without needing papermill

    from .notebooks import read_source, set_kernel

    nb = with_environment(read_source(source), env, cwd)
    set_kernel(nb)
    pool = Pool(1, fresh=True)
    try:
        with pool.kernel() as kernel:
            executed = papermill.execute_notebook(nb, str(output), parameters=params, kernel_name=KERNEL,
                                                  km=kernel.km, progress_bar=False, log_output=False,
                                                  request_save_on_cell_execute=False)  # written once, below
    finally:
        pool.close()
    nbformat.write(without_environment(executed), output)
