"""Fetch the raw data files listed in the manifest, verifying their sha256.

Each file comes from a mirror folder (``COMPUTE_LIMITS_DATA_MIRROR``, laid out
like ``shared/data``) when one is set, else from its commit-pinned address.
It is written to a temporary file beside the target, verified, and only then
renamed into place: a failed download or a checksum mismatch never replaces a
good file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .loaders import read_manifest


class FetchError(RuntimeError):
    """One or more files could not be fetched or verified."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class FetchReport:
    id: str
    path: Path
    action: str  # "ok" (already verified), "fetched", "failed"
    source: str
    message: str = ""


def _download(url: str, dest, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (pinned https/mirror)
        expected = response.headers.get("Content-Length")
        received = 0
        for chunk in iter(lambda: response.read(1 << 16), b""):
            dest.write(chunk)
            received += len(chunk)
    if expected is not None and received != int(expected):
        raise FetchError(f"incomplete download: received {received} of {expected} bytes")


def fetch_one(entry: pd.Series, raw_dir: Path, mirror: Path | None, timeout: float = 60.0) -> FetchReport:
    target = raw_dir / entry["file"]
    expected = entry["sha256"].lower()
    if target.exists() and sha256_file(target) == expected:
        return FetchReport(entry["id"], target, "ok", "cache")
    source = str(mirror / entry["file"]) if mirror else entry["url"]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".fetch-", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if mirror:
                with open(mirror / entry["file"], "rb") as src:
                    shutil.copyfileobj(src, out)
            else:
                _download(entry["url"], out, timeout)
        actual = sha256_file(tmp)
        if actual != expected:
            raise FetchError(f"sha256 mismatch: expected {expected}, got {actual}")
        os.replace(tmp, target)
        return FetchReport(entry["id"], target, "fetched", source)
    except Exception as exc:  # any failure: report it, keep the previous file
        kept = "kept the previous file" if target.exists() else "no file written"
        return FetchReport(entry["id"], target, "failed", source, f"{type(exc).__name__}: {exc} ({kept})")
    finally:
        if tmp.exists():
            tmp.unlink()


def fetch_all(manifest: pd.DataFrame | None = None, raw_dir: Path | None = None,
              mirror: Path | str | None = None, timeout: float = 60.0) -> list[FetchReport]:
    """Fetch and verify every manifest file; raise FetchError listing every failure."""
    manifest = read_manifest() if manifest is None else manifest
    raw_dir = Path(raw_dir or paths.RAW)
    if mirror is None and os.environ.get(paths.MIRROR_ENV):
        mirror = os.environ[paths.MIRROR_ENV]
    mirror = Path(mirror).resolve() if mirror else None
    reports = [fetch_one(row, raw_dir, mirror, timeout) for _, row in manifest.iterrows()]
    failed = [r for r in reports if r.action == "failed"]
    if failed:
        lines = [f"{r.id} ({r.path.name}) from {r.source}: {r.message}" for r in failed]
        raise FetchError(f"{len(failed)} data file(s) failed:\n" + "\n".join(lines))
    return reports
