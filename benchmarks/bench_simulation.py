"""Benchmark of the over-parameterisation simulation (chapter "theory").

Prints
1. the wall time of the full paper-scale simulation (fast method, every penalty scale the chapter runs,
   not read from the cache);
2. on a reduced grid at identical settings, the wall times of the fast method and of the straightforward
   approach (materialised X, scikit-learn solvers), both with the same number of worker processes, and
   their ratio;
3. the agreement of the two (z-scores of the differences of the mean log10 NRMSE, per estimator and n).

Targets: (1) under 300 s on the 2-core machine; (2) ratio at least 20; (3) no |z| above 4 (with about
40 comparisons a |z| above 4 has probability below 0.3% if the two agree).

Usage:  .venv/bin/python benchmarks/bench_simulation.py [--replications 1000] [--scales 1 0.5 2]
        [--reduced-replications 24] [--reduced-n-max 3162] [--jobs 2] [--skip-full]

Takes about ten minutes on the 2-core machine, most of it the naive baseline.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from compute_limits.analysis import simulation as sim, simulation_engine as eng


def _z(fast, naive, keys):
    m = fast.merge(naive, on=keys, suffixes=("_fast", "_naive"))
    m["z"] = (m["log10_nrmse_mean_fast"] - m["log10_nrmse_mean_naive"]) / np.hypot(m["log10_nrmse_se_fast"],
                                                                                   m["log10_nrmse_se_naive"])
    return m


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--p", type=int, default=1000)
    ap.add_argument("--s", type=int, default=10)
    ap.add_argument("--sigma", type=float, default=1.0)
    ap.add_argument("--scales", type=float, nargs="+", default=[1.0, 0.5, 2.0],
                    help="penalty scales, main first (the chapter's lasso_c and penalty_scales)")
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
    scales = tuple(args.scales)
    common = dict(p=args.p, s=args.s, sigma=args.sigma, scales=scales, n_jobs=args.jobs)
    ok = True
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; workers: {args.jobs}")

    if not args.skip_full:
        st = sim.Settings(p=args.p, s=args.s, sigma=args.sigma, n_max=args.n_max, n_points=args.n_points,
                          replications=args.replications, seed=args.seed, lasso_c=scales[0],
                          penalty_scales=scales[1:])
        t0 = time.perf_counter()
        draws = eng.simulate_errors(st.n_values, replications=args.replications, seed=args.seed, **common)
        full = time.perf_counter() - t0
        table, penalty = sim.summarise(draws)
        run = sim.Simulation(st, table, penalty, draws)
        print(f"\n[1] full simulation: p={args.p}, {len(st.n_values)} sample sizes 10..{args.n_max}, "
              f"{args.replications} replications, 3 + 2 × {len(scales)} estimators (penalty scales {scales})")
        print(f"    wall time {full:.1f} s  (target < 300 s: {'OK' if full < 300 else 'MISSED'})")
        ok &= full < 300
        f, c = sim.findings(run), sim.computation(run)
        print(f"    lasso (c = {scales[0]:g}) ÷ oracle NRMSE over n ≥ {f.large_n_from}: "
              f"{f.lasso_ratio_lo:.2f}–{f.lasso_ratio_hi:.2f}; refitted lasso: {f.refit_ratio_lo:.3f}–{f.refit_ratio_hi:.3f}")
        print(f"    computation to reach log10 NRMSE {st.target_log10_nrmse:g}, multiple of the oracle's: "
              f"lasso {c.ratio_lasso:,.0f}, best regularised ({c.best_model}, c = {c.best_c:g}) {c.ratio_best:,.0f}, "
              f"flexible {c.ratio_flexible:,.0f}")

    grid = sim.n_grid(10, args.reduced_n_max, args.reduced_n_points)
    R = args.reduced_replications
    print(f"\n[2] reduced grid n = {list(map(int, grid))}, {R} replications, p={args.p}")
    t0 = time.perf_counter()
    fast = sim.summarise(eng.simulate_errors(grid, replications=R, seed=args.seed, method="fast", **common))
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = sim.summarise(eng.simulate_errors(grid, replications=R, seed=args.seed + 1, method="naive", **common))
    t_naive = time.perf_counter() - t0
    ratio = t_naive / t_fast
    print(f"    fast  {t_fast:8.2f} s")
    print(f"    naive {t_naive:8.2f} s  (materialised X, scikit-learn LinearRegression / Lasso)")
    print(f"    speed-up {ratio:.0f}x  (target >= 20x: {'OK' if ratio >= 20 else 'MISSED'})")
    ok &= ratio >= 20

    main_z = _z(fast[0], naive[0], ["model", "n"])
    pen_z = _z(fast[1], naive[1], ["model", "lasso_c", "n"])
    zs = np.concatenate([main_z["z"].to_numpy(), pen_z["z"].to_numpy()])
    zmax = float(np.abs(zs).max())
    print("\n[3] agreement (mean log10 NRMSE, fast vs naive, z = difference / combined s.e.)")
    print(main_z.pivot(index="n", columns="model", values="z")[list(sim.MODELS)].round(2).to_string())
    print(f"    max |z| = {zmax:.2f} over {zs.size} comparisons (every scale); share |z| < 2: "
          f"{(np.abs(zs) < 2).mean():.0%}  (agreement within Monte Carlo error: {'OK' if zmax < 4 else 'FAILED'})")
    ok &= zmax < 4
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
