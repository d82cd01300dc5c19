"""Every path the book uses, resolved from the repository root.

Nothing in the package or the chapters depends on the working directory:
papermill runs a chapter with its own folder as cwd, tests run from the root.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"  # fetched raw files (git-ignored), laid out like the mirror
MANIFEST = DATA / "manifest.csv"
BENCHMARKS_CONFIG = DATA / "benchmarks.toml"
COSTS_CONFIG = DATA / "costs.toml"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
STATIC = ROOT / "_static"

# Environment variables the pipeline sets for a chapter's kernel.
RESULTS_ENV = "COMPUTE_LIMITS_RESULTS_DIR"
MIRROR_ENV = "COMPUTE_LIMITS_DATA_MIRROR"


def results_dir() -> Path:
    """Where a chapter writes its tidy CSV results.

    The pipeline points this at a staging folder while a chapter runs and moves
    the files into ``_build/results`` only if the chapter succeeds, so a failed
    run never overwrites good results.  Outside the pipeline (a notebook opened
    by hand, a test) it is ``_build/results`` itself.
    """
    path = Path(os.environ.get(RESULTS_ENV, BUILD / "results"))
    path.mkdir(parents=True, exist_ok=True)
    return path
