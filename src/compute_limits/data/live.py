"""Fetch Epoch AI's live model table (it changes daily) with provenance.

:func:`fetch_live_epoch` downloads to a temporary file beside the destination,
hashes it, checks that :func:`compute_limits.loaders.load_epoch` can read it
(columns are mapped by name, so renamed columns are fine, a missing required one
is not), and only then renames it into place as ``epoch_live_<YYYY-MM-DD>.csv``
with a provenance JSON beside it.  A failed download or validation raises
:class:`LiveFetchError` and leaves every existing file untouched.

Pass the result's ``path`` to a chapter as ``data_files={"epoch": path}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import DataValidationError
from . import paths
from .epoch import load_epoch
from .files import atomic_write

EPOCH_LIVE_URL = "https://epoch.ai/data/all_ai_models.csv"
USER_AGENT = "compute-limits-book (https://arxiv.org/abs/2007.05558 executable edition)"
CHUNK = 1 << 16


class LiveFetchError(RuntimeError):
    """The live table could not be downloaded or is not a usable Epoch table."""


def _download(url: str, fh, timeout: float) -> str:
    """Stream ``url`` into the open binary file ``fh``; return the sha256 hex digest."""
    digest = hashlib.sha256()
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        while chunk := response.read(CHUNK):
            digest.update(chunk)
            fh.write(chunk)
    return digest.hexdigest()


def fetch_live_epoch(url: str = EPOCH_LIVE_URL, dest_dir: Path | str | None = None,
                     timeout: float = 120.0, today: dt.date | None = None) -> dict:
    """Download Epoch's live CSV, validate it, and store it with provenance.

    Returns ``{"path", "sha256", "retrieved", "rows", "provenance"}``: the stored CSV
    ``dest_dir/epoch_live_<YYYY-MM-DD>.csv``, its sha256, the retrieval date (ISO),
    the number of rows ``load_epoch`` kept and the provenance JSON's path.
    """
    dest = Path(dest_dir) if dest_dir is not None else paths.RAW / "epoch-ai"
    dest.mkdir(parents=True, exist_ok=True)
    retrieved = (today or dt.date.today()).isoformat()
    final = dest / f"epoch_live_{retrieved}.csv"
    provenance_path = dest / f"epoch_live_{retrieved}.json"
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=dest)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                sha256 = _download(url, fh, timeout)
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise LiveFetchError(f"could not download {url}: {err}; previous files left untouched") from err
        try:
            table = load_epoch(tmp)
        except DataValidationError as err:
            raise LiveFetchError(
                f"{url} is not a usable Epoch model table; nothing was written "
                f"(previous files left untouched).\n{err}") from err
        except Exception as err:  # unreadable CSV (HTML error page, empty body, ...)
            raise LiveFetchError(f"{url} could not be read as a CSV table ({type(err).__name__}: {err}); "
                                 "nothing was written") from err
        provenance = {
            "source": "Epoch AI, 'Parameter, Compute and Data Trends in Machine Learning' (CC BY 4.0)",
            "url": url,
            "sha256": sha256,
            "retrieved": retrieved,
            "rows": int(len(table)),
            "rows_with_compute": int(table["compute"].notna().sum()),
            "newest_publication_date": table["date"].max().date().isoformat() if len(table) else None,
            "file": final.name,
        }
        os.replace(tmp, final)
        atomic_write(provenance_path, json.dumps(provenance, indent=2) + "\n")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"path": final, "sha256": sha256, "retrieved": retrieved, "rows": provenance["rows"],
            "provenance": provenance_path}
