"""The files a chapter opens for reading and the folders it lists, recorded in its kernel with Python's audit
hooks (``open``, ``os.listdir``, ``os.scandir``).

The pipeline's first cell of a chapter calls :func:`start`, its last :func:`stop`, which writes the record
(absolute paths, sorted) as JSON; the pipeline then compares it with what ``chapters/book.toml`` declares the
chapter reads (:func:`compute_limits.pipeline.pipeline.undeclared_reads`).  An audit hook cannot be removed,
so it is installed once per kernel and records only between :func:`start` and :func:`stop`.  It costs a
function call per file opened.
"""

from __future__ import annotations

import json
import os
import sys

_opened: set[str] | None = None
_installed = False


def _hook(event: str, args: tuple) -> None:
    if _opened is None:
        return
    if event in ("os.listdir", "os.scandir"):
        if args and isinstance(args[0], str | bytes | os.PathLike):
            _opened.add(os.path.join(os.path.abspath(os.fsdecode(args[0])), ""))  # a folder: ends with "/"
        return
    if event != "open":
        return
    path, mode, flags = (tuple(args) + (None, None))[:3]
    if isinstance(path, int):  # an open file descriptor: its file was opened (and recorded) before
        return
    if isinstance(mode, str):
        if any(c in mode for c in "wax+"):
            return
    elif isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR):
        return
    try:
        _opened.add(os.path.abspath(os.fsdecode(path)))
    except (TypeError, ValueError):
        pass


def start() -> None:
    global _opened, _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    _opened = set()


def stop(dest: str) -> None:
    global _opened
    opened, _opened = sorted(_opened or ()), None
    with open(dest, "w", encoding="utf-8") as fh:
        json.dump(opened, fh)
