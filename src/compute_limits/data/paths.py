"""Every path the book uses, resolved from the repository root.

Nothing in the package or the chapters depends on the working directory:
papermill runs a chapter with its own folder as cwd, tests run from the root.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ConfigError

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
RAW = DATA / "raw"  # fetched raw files (git-ignored), laid out like the mirror
MANIFEST = DATA / "manifest.csv"
BENCHMARKS_CONFIG = DATA / "benchmarks.toml"
COSTS_CONFIG = DATA / "costs.toml"
LITERATURE_CONFIG = DATA / "literature.toml"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
STATIC = ROOT / "_static"
RESULTS = BUILD / "results"
CACHE = BUILD / "cache"  # expensive computations, keyed on their inputs and code (see compute_limits.cache)
PREVIEW_SPEC = "preview.vl.json"  # in the results' figures/: the front page's figure, drawn as the link preview

# Environment variables the pipeline sets for a chapter's kernel.
RESULTS_ENV = "COMPUTE_LIMITS_RESULTS_DIR"  # where a chapter writes its results
RESULTS_READ_ENV = "COMPUTE_LIMITS_RESULTS_READ"  # where it reads other chapters' results (staged)
MIRROR_ENV = "COMPUTE_LIMITS_DATA_MIRROR"
SOURCE_ENV = "COMPUTE_LIMITS_SOURCE"  # the chapter source being executed (repository-relative)
PAGE_ENV = "COMPUTE_LIMITS_PAGE"  # the page being written, e.g. chapters/benchmarks/01_imagenet
INPUTS_ENV = "COMPUTE_LIMITS_INPUTS"  # the chapter's data: JSON [{key, benchmark, origin, released}] (figures' data notes)


def results_dir() -> Path:
    """Where a chapter writes its tidy CSV results.

    The pipeline points this at a staging folder while a chapter runs and moves
    the files into ``_build/results`` only if the chapter succeeds, so a failed
    run never overwrites good results.  Outside the pipeline (a notebook opened
    by hand, a test) it is ``_build/results`` itself.
    """
    path = Path(os.environ.get(RESULTS_ENV, RESULTS))
    path.mkdir(parents=True, exist_ok=True)
    return path


def results_read_dir() -> Path:
    """Where a chapter reads the results of the chapters it needs: during a run, the staged results
    (so it sees this run's numbers); otherwise ``_build/results``."""
    return Path(os.environ.get(RESULTS_READ_ENV, RESULTS))


def parse_data_overrides(items) -> dict[str, str]:
    """``["imagenet=path.csv", "epoch=new.csv"]`` (or one space-separated string) → ``{id: absolute path}``."""
    overrides: dict[str, str] = {}
    for item in items or []:
        for token in str(item).split():
            if "=" not in token:
                raise ConfigError(f"data override {token!r} must look like id=path")
            key, value = token.split("=", 1)
            overrides[key] = str(Path(value).expanduser().resolve())
    return overrides
