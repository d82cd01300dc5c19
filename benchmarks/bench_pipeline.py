"""Benchmark: how long a build takes from nothing, with nothing changed, and after touching one chart module.

    python benchmarks/bench_pipeline.py              # in a temporary copy of the repository
    python benchmarks/bench_pipeline.py --in-place   # in this checkout (add --clean to start from nothing)
    python benchmarks/bench_pipeline.py -p theory.replications=50   # with chapter parameters

Each build = execute the chapters (``compute_limits run``, two at a time) + build the HTML
(``compute_limits html``).  Prints three wall-clock figures and the last as a share of the first.
Targets on the 2-core reference machine: full build ≤ 90 s, no-change rebuild ≤ 3 s, rebuild after
touching one chart module ≤ 25 % of a full build.  "From nothing" means no executed notebooks, no
results and no site; the computation cache (``_build/cache``) is emptied too.
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
TOUCHED = Path("src/compute_limits/report/history.py")  # a chart module one chapter draws with


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
    touched = repo / TOUCHED
    original = touched.read_text()
    try:
        touched.write_text(original + "\n_BENCHMARK_TOUCHED = True  # a code change (comments are not)\n")
        one, one_summary = timed(repo, args.param)
    finally:
        touched.write_text(original)
    if args.in_place:  # leave the checkout's build matching its sources again
        timed(repo, args.param)
    print(f"full build from nothing:        {full:8.1f} s   ({full_summary})")
    print(f"rebuild, nothing changed:       {again:8.1f} s   ({again_summary})")
    print(f"rebuild after touching {TOUCHED.name}: {one:8.1f} s   ({one_summary})")
    print(f"  that rebuild / full build:    {one / full:8.1%}")
    if not args.in_place:
        shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()
