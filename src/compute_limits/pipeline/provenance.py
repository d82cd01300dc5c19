"""What ran on what: the record of every chapter job of the installed build.

``_build/provenance/chapters.json`` maps each job to its source, parameters, inputs (path or address,
sha256, date, licence), results, what it read (by the names ``chapters/book.toml`` declares), execution time,
input hash, the hash of its prose, and what of this build's changes from the published edition its page
depends on (``variant``, from :func:`compute_limits.pipeline.reach.page_variants`; the page's notice).  The reproducibility appendix and
``status`` read it; during a run the pipeline points chapters at the staged copy (``PROVENANCE_ENV``).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ..data import paths
from ..data.files import atomic_write

PROVENANCE = paths.BUILD / "provenance" / "chapters.json"
PROVENANCE_ENV = "COMPUTE_LIMITS_PROVENANCE"
FIELDS = ("job", "source", "params", "defaults", "inputs", "results", "reads", "executed_at", "seconds", "input_hash",
          "prose_hash", "code_hash", "commit", "variant")


def git_commit() -> str:
    """The commit the build ran from, ``-dirty`` when tracked files other than the chapter sources were
    modified.  A chapter source is identified by its own code and prose hashes in its record, so an edit of a
    chapter's prose re-renders that page and does not re-execute the appendix that states the commit."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":(exclude,glob)chapters/*.md"], cwd=paths.ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def records(outcomes: dict) -> dict:
    """``{job id: record}`` from the pipeline's outcomes (executed now or earlier)."""
    out = {}
    for job_id, outcome in outcomes.items():
        meta = outcome.meta or {}
        if not meta:
            continue
        out[job_id] = {k: meta.get(k) for k in FIELDS}
        out[job_id]["output"] = outcome.job.rel_output
    return out


def write(recs: dict, path: Path | None = None) -> Path:
    path = path or PROVENANCE
    return atomic_write(path, json.dumps(recs, indent=2, sort_keys=True, default=str))


def read(path: Path | None = None) -> dict:
    """The provenance records (the staged ones while a run is in progress)."""
    path = path or Path(os.environ.get(PROVENANCE_ENV) or PROVENANCE)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
