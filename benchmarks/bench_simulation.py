"""Benchmark of the over-parameterisation simulation (chapter "theory").

Prints
1. the wall time of the full paper-scale simulation (fast method);
2. on a reduced grid at identical settings, the wall times of the fast method
   and of the straightforward approach (materialised X, scikit-learn solvers),
   both with the same number of worker processes, and their ratio;
3. the agreement of the two (z-scores of the differences of the mean
   log10 NRMSE, per model and n).

Targets: (1) under 300 s on the 2-core machine; (2) ratio at least 20; (3) no
|z| above 4 (with 4 × ~6 comparisons a |z| above 4 has probability < 0.2%
if the two agree).

Usage:  .venv/bin/python benchmarks/bench_simulation.py [--replications 1000]
        [--reduced-replications 24] [--reduced-n-max 3162] [--jobs 2]

Takes about 6-7 minutes on the 2-core machine, almost all of it the naive baseline.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from compute_limits import simulation as sim


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--p", type=int, default=1000)
    ap.add_argument("--s", type=int, default=10)
    ap.add_argument("--sigma", type=float, default=1.0)
    ap.add_argument("--replications", type=int, default=1000, help="paper-scale replications")
    ap.add_argument("--n-max", type=int, default=100_000)
    ap.add_argument("--n-points", type=int, default=17)
    ap.add_argument("--reduced-replications", type=int, default=24)
    ap.add_argument("--reduced-n-max", type=int, default=3162)
    ap.add_argument("--reduced-n-points", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=20200713)
    ap.add_argument("--skip-full", action="store_true")
    args = ap.parse_args(argv)
    common = dict(p=args.p, s=args.s, sigma=args.sigma, lasso_c=1.0, n_jobs=args.jobs)
    ok = True
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; workers: {args.jobs}")

    if not args.skip_full:
        grid = sim.n_grid(10, args.n_max, args.n_points)
        t0 = time.perf_counter()
        df = sim.run_simulation(grid, replications=args.replications, seed=args.seed, **common)
        full = time.perf_counter() - t0
        print(f"\n[1] full simulation: p={args.p}, {len(grid)} sample sizes 10..{args.n_max}, "
              f"{args.replications} replications, 4 models")
        print(f"    wall time {full:.1f} s  (target < 300 s: {'OK' if full < 300 else 'MISSED'})")
        ok &= full < 300
        k = sim.key_numbers(df, args.p, args.s)
        print(f"    lasso overtakes expert from n = {k['lasso_beats_expert_n']:.0f}; "
              f"compute ratios to reach log10 NRMSE -1: lasso {k['ratio_lasso']:.3g}x, "
              f"flexible {k['ratio_flexible']:.3g}x the oracle's")

    grid = sim.n_grid(10, args.reduced_n_max, args.reduced_n_points)
    R = args.reduced_replications
    print(f"\n[2] reduced grid n = {list(map(int, grid))}, {R} replications, p={args.p}")
    t0 = time.perf_counter()
    fast = sim.run_simulation(grid, replications=R, seed=args.seed, **common)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = sim.run_naive(grid, replications=R, seed=args.seed + 1, **common)
    t_naive = time.perf_counter() - t0
    ratio = t_naive / t_fast
    print(f"    fast  {t_fast:8.2f} s")
    print(f"    naive {t_naive:8.2f} s  (materialised X, scikit-learn LinearRegression / Lasso)")
    print(f"    speed-up {ratio:.0f}x  (target >= 20x: {'OK' if ratio >= 20 else 'MISSED'})")
    ok &= ratio >= 20

    agree = sim.agreement(fast, naive)
    zmax = float(agree["z"].abs().max())
    print("\n[3] agreement (mean log10 NRMSE, fast vs naive, z = difference / combined s.e.)")
    table = agree.pivot(index="n", columns="model", values="z")[list(sim.MODELS)]
    print(table.round(2).to_string())
    print(f"    max |z| = {zmax:.2f}; share |z| < 2: {(agree['z'].abs() < 2).mean():.0%}  "
          f"(agreement within Monte Carlo error: {'OK' if zmax < 4 else 'FAILED'})")
    ok &= zmax < 4
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
