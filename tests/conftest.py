"""Shared fixtures: a throwaway copy of the repository in which the whole book is
executed with small parameters and built, so that tests never touch the
developer's own build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Small parameters that keep the test build quick.  A name that is not a
# parameter of any chapter makes the pipeline refuse to run, so this list
# stays in step with the chapters.
TEST_PARAMS: list[str] = ["theory.replications=20", "future_costs.n_boot=50"]


def _existing_chapter_params() -> list[str]:
    """Keep only the test parameters of chapters that exist in this checkout."""
    keep = []
    for item in TEST_PARAMS:
        scope = item.split("=", 1)[0].rsplit(".", 1)[0]
        src = ROOT / "chapters" / f"{scope.split(':')[0]}.py"
        if src.exists():
            keep.append(item)
    return keep


def copy_repo(dest: Path) -> Path:
    """Copy the tracked (and untracked, not ignored) files; link the fetched raw data."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if not src.is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    (dest / "data").mkdir(exist_ok=True)
    (dest / "data" / "raw").symlink_to(ROOT / "data" / "raw", target_is_directory=True)
    vendor = ROOT / "_static" / "vendor"
    if vendor.exists():
        shutil.copytree(vendor, dest / "_static" / "vendor")
    return dest


def cli(repo: Path, *args: str, check: bool = True, timeout: float = 1800) -> subprocess.CompletedProcess:
    """Run ``python -m compute_limits`` inside a copy (its own package and paths)."""
    env = dict(os.environ, PYTHONPATH=str(repo / "src"), PYTHONHASHSEED="0")
    env.pop("COMPUTE_LIMITS_RESULTS_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "compute_limits", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"compute_limits {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}")
    return proc


def param_args(params=None) -> list[str]:
    out = []
    for p in (params if params is not None else _existing_chapter_params()):
        out += ["-p", p]
    return out


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """A repository copy with every chapter executed (small parameters) and the HTML built."""
    repo = copy_repo(tmp_path_factory.mktemp("book"))
    first = cli(repo, "run", *param_args())
    html = cli(repo, "html")
    return {"repo": repo, "run": first, "html": html}
