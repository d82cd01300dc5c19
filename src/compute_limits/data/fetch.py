"""Fetch the raw files listed in the manifest with pooch, verifying their sha256.

Each file comes from its commit-pinned address, or, when a mirror folder is given
(``COMPUTE_LIMITS_DATA_MIRROR``, laid out like ``shared/data``), from that folder: the mirror is a
base-URL override, read by a small downloader that copies instead of downloading.  pooch writes to a
temporary file, checks the hash and only then moves it into place, so a failed download or a
mismatch never replaces a good file.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pooch

from . import paths
from .files import sha256_file
from .manifest import read_manifest


class FetchError(RuntimeError):
    """One or more files could not be fetched or verified."""


@dataclass
class FetchReport:
    id: str
    path: Path
    action: str  # "ok" (already verified), "fetched", "failed"
    source: str
    message: str = ""


def _mirror_downloader(mirror: Path, rel: str):
    """A pooch downloader that copies ``mirror/rel`` (pooch verifies and moves it into place)."""

    def download(url, output_file, _pooch, check_only=False):
        source = mirror / rel
        if check_only:
            return source.exists()
        with open(source, "rb") as src:
            if isinstance(output_file, str | os.PathLike):
                with open(output_file, "wb") as out:
                    shutil.copyfileobj(src, out)
            else:
                shutil.copyfileobj(src, output_file)
        return None

    return download


def fetch_one(entry: pd.Series, raw_dir: Path, mirror: Path | None, timeout: float = 60.0) -> FetchReport:
    target = raw_dir / entry["file"]
    expected = str(entry["sha256"]).lower()
    if target.exists() and sha256_file(target) == expected:
        return FetchReport(entry["id"], target, "ok", "cache")
    source = str(mirror / entry["file"]) if mirror else entry["url"]
    downloader = (_mirror_downloader(mirror, entry["file"]) if mirror
                  else pooch.HTTPDownloader(timeout=timeout, progressbar=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    existed = target.exists()
    try:
        pooch.retrieve(entry["url"], known_hash=f"sha256:{expected}", fname=target.name, path=target.parent,
                       downloader=downloader)
        return FetchReport(entry["id"], target, "fetched", source)
    except Exception as exc:  # any failure: report it; pooch left the previous file in place
        kept = "kept the previous file" if existed else "no file written"
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "hash" in message.lower() and "match" in message.lower():
            message = f"sha256 mismatch: expected {expected} ({message})"
        return FetchReport(entry["id"], target, "failed", source, f"{type(exc).__name__}: {message} ({kept})")


def fetch_all(manifest: pd.DataFrame | None = None, raw_dir: Path | None = None,
              mirror: Path | str | None = None, timeout: float = 60.0) -> list[FetchReport]:
    """Fetch and verify every manifest file; raise FetchError listing every failure."""
    logging.getLogger("pooch").setLevel(logging.WARNING)
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
