"""File operations the package shares: atomic writes, copies that keep an unchanged file's date, and sha256.

No pandas here: the build's quick checks (``build.stamps``) and the site step use these without the
cost of importing it.  Reading CSV files is :mod:`compute_limits.data.csv_text`.
"""

from __future__ import annotations

import filecmp
import functools
import hashlib
import os
import shutil
from pathlib import Path


def atomic_write(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place: readers see the old
    file or the new one, never half of one.  A file that already holds ``data`` is left alone, date and
    all: Sphinx and the site's stamp judge a file by its date, so rewriting an unchanged result would
    rebuild every page that links it."""
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")  # the pid: parallel Sphinx readers share caches
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def copy_if_changed(source: Path | str, dest: Path | str) -> bool:
    """Copy ``source`` over ``dest`` unless ``dest`` already has the same bytes (then its date stays too,
    as in :func:`atomic_write`); whether it copied."""
    if Path(dest).is_file() and filecmp.cmp(source, dest, shallow=False):
        return False
    shutil.copyfile(source, dest)
    return True


def sha256_file(path: Path | str) -> str:
    """sha256 of a file (remembered for the file's size and modification time within one process)."""
    st = os.stat(path)
    return _sha256(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=1024)
def _sha256(path: str, _mtime: int, _size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
