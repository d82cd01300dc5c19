"""Benchmark: a full build of the book against a rebuild with nothing changed.

    python benchmarks/bench_pipeline.py              # in a temporary copy of the repository
    python benchmarks/bench_pipeline.py --in-place   # in this checkout (add --clean to start from nothing)
    python benchmarks/bench_pipeline.py -p theory.replications=50   # with chapter parameters

Each build = execute the chapters (``compute_limits run``) + build the HTML
(``compute_limits html``).  Prints both wall-clock times and their ratio; the
target is that a no-change rebuild takes a small fraction of a full build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def timed(repo: Path, params: list[str]) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    args = [a for p in params for a in ("-p", p)]
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "compute_limits", "run", *args], cwd=repo, env=env,
                         capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"run failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    html = subprocess.run([sys.executable, "-m", "compute_limits", "html"], cwd=repo, env=env,
                          capture_output=True, text=True)
    if html.returncode:
        sys.exit(f"html failed:\n{html.stdout[-3000:]}\n{html.stderr[-3000:]}")
    summary = [line for line in run.stdout.splitlines() if line.startswith("chapters:")]
    return time.perf_counter() - t0, summary[-1] if summary else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-p", "--param", action="append", default=[])
    parser.add_argument("--in-place", action="store_true")
    parser.add_argument("--clean", action="store_true", help="with --in-place: remove previous build first")
    args = parser.parse_args()
    if args.in_place:
        repo = ROOT
        if args.clean:
            shutil.rmtree(repo / "_build", ignore_errors=True)
            for nb in (repo / "chapters").rglob("*.ipynb"):
                nb.unlink()
    else:
        from conftest import copy_repo

        repo = copy_repo(Path(tempfile.mkdtemp(prefix="bench-book-")))
    full, full_summary = timed(repo, args.param)
    again, again_summary = timed(repo, args.param)
    print(f"full build:              {full:8.1f} s   ({full_summary})")
    print(f"rebuild, nothing changed: {again:8.1f} s   ({again_summary})")
    print(f"rebuild / full:          {again / full:8.1%}")
    if not args.in_place:
        shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()
