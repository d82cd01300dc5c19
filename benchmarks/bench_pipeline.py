"""Benchmark: the five timings of the build, each one run of what a reader or an author types.

    python benchmarks/bench_pipeline.py              # in a temporary copy of the repository
    python benchmarks/bench_pipeline.py --in-place   # in this checkout (add --clean to start from nothing)
    python benchmarks/bench_pipeline.py --skip-test  # without timing `make test`
    python benchmarks/bench_pipeline.py --cold       # the first build also without the computation cache

Prints, with the targets of issue 24 (2-core machine):

1. the full build from nothing, ``make book`` (execute every chapter + HTML; no executed notebook, result or
   site; the computation cache ``_build/cache`` is the checkout's unless ``--cold``: the theory chapter's
   simulation alone takes minutes to compute from nothing)      ≤ 45 s
2. ``make book`` again, nothing changed                            ≤ 1 s
3. ``make book`` after a prose-only edit of one chapter           ≤ 3 s (and nothing executes)
4. ``make book`` after a code edit of one chart module            ≤ 25 % of (1)
5. ``make test`` (in this checkout)                                ≤ 120 s

Parameters (``-p``) are passed to every build as PARAMS.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
PROSE = Path("chapters/future_costs.md")  # its first paragraph gets a sentence
CHART_MODULES = ("src/compute_limits/report/history_charts.py", "src/compute_limits/report/ways_out_charts.py",
                 "src/compute_limits/report/charts.py")  # the first that exists: a module some chapters draw with


CPU: dict[float, float] = {}  # wall time of a step -> the CPU time its processes used (a busy machine's check)


def make(repo: Path, params: list[str], target: str = "book") -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    cmd = ["make", "-C", str(repo), target, f"VENV={ROOT / '.venv'}"] + ([f"PARAMS={' '.join(params)}"] if params else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[took] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        sys.exit(f"make {target} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return took, proc.stdout


def summary(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("chapters:")]
    return lines[-1] if lines else "no chapter step: make found nothing to do"


def executed(out: str) -> list[str]:
    return re.findall(r"> (\S+): executing", out)


def edited(path: Path, change) -> str:
    original = path.read_text()
    path.write_text(change(original))
    return original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-p", "--param", action="append", default=[])
    parser.add_argument("--in-place", action="store_true")
    parser.add_argument("--clean", action="store_true", help="with --in-place: remove the previous build first")
    parser.add_argument("--cold", action="store_true", help="empty the computation cache too")
    parser.add_argument("--skip-test", action="store_true", help="do not time make test")
    args = parser.parse_args()
    if args.in_place:
        repo = ROOT
        if args.clean:
            cache = repo / "_build" / "cache"
            kept = None
            if cache.exists() and not args.cold:
                kept = Path(tempfile.mkdtemp(prefix="bench-cache-")) / "cache"
                shutil.move(cache, kept)
            shutil.rmtree(repo / "_build", ignore_errors=True)
            for nb in (repo / "chapters").rglob("*.ipynb"):
                nb.unlink()
            if kept:
                (repo / "_build").mkdir()
                shutil.move(kept, cache)
    else:
        from conftest import copy_repo

        repo = copy_repo(Path(tempfile.mkdtemp(prefix="bench-book-")))
        if not args.cold and (ROOT / "_build" / "cache").exists():
            shutil.copytree(ROOT / "_build" / "cache", repo / "_build" / "cache")
    figures = []
    full, out = make(repo, args.param)
    figures.append(("full build from nothing" + (" (empty computation cache)" if args.cold else ""), full, 45,
                    summary(out)))
    again, out = make(repo, args.param)
    figures.append(("make book, nothing changed", again, 1, summary(out)))
    prose = repo / PROSE
    original = edited(prose, lambda text: re.sub(r"(^# [^\n]*\n\n[^\n]+)", r"\1 (A sentence added.)", text, count=1,
                                                 flags=re.M))
    try:
        took, out = make(repo, args.param)
        assert not executed(out), f"a prose edit executed {executed(out)}"
        figures.append((f"after a prose-only edit of {PROSE.name}", took, 3, summary(out)))
    finally:
        prose.write_text(original)
    module = next(repo / m for m in CHART_MODULES if (repo / m).exists())
    original = edited(module, lambda text: text + "\n_BENCHMARK_EDIT = True  # a code change (comments are not)\n")
    try:
        took, out = make(repo, args.param)
        figures.append((f"after a code edit of {module.name}", took, 0.25 * full, summary(out)))
    finally:
        module.write_text(original)
    make(repo, args.param)  # leave the build matching its sources again
    if not args.skip_test:
        took, out = make(ROOT, [], "test")
        figures.append(("make test", took, 120, out.strip().splitlines()[-1] if out.strip() else ""))
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores; others' work slows each step)")
    for label, seconds, target, note in figures:
        mark = "ok" if seconds <= target else "OVER"
        print(f"{label:48s} {seconds:7.1f} s wall, {CPU[seconds]:6.1f} s CPU   (target ≤ {target:.1f} s: {mark})   {note}")
    print(f"  code edit / full build: {figures[3][1] / full:.1%} (target ≤ 25%)")
    if not args.in_place:
        shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()
