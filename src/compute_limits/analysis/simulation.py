"""The over-parameterisation simulation (v1 Figure 1), exact and fast.

Generative model
----------------
``y = x·β + ε`` with ``p`` candidate features, ``x ~ N(0, I_p)``, ``β_j = 1`` on
the first ``s`` features and 0 elsewhere, ``ε ~ N(0, σ²)``.  Four estimators:

* ``oracle``   least squares on exactly the ``s`` true features;
* ``expert``   least squares on ``s − 1`` true features plus one irrelevant one;
* ``flexible`` least squares on all ``p`` features (minimum-norm when n < p);
* ``lasso``    the lasso on all ``p`` features, minimising
  ``(1/2n)‖y − Xb‖² + λ‖b‖₁`` with ``λ = c·σ·√(2 log p / n)`` (``c = lasso_c``).

Performance
-----------
With ``x ~ N(0, I)`` the mean squared difference between a model's predictions
``x·b`` and the best predictor ``x·β`` is ``‖b − β‖²``, so no test set is needed.
The normalised RMSE is ``‖b − β‖ / ‖β‖`` (the RMSE against the best predictor
divided by the RMS of the best predictor: 1 means "no better than predicting 0").
The curves are the mean over replications of ``log10(NRMSE)`` with its standard
error.

Why it is fast (and still exact)
--------------------------------
The naive approach draws the ``n × p`` design for every replication and every
``n``: the cost grows with ``n`` (10⁸ normals and a 10⁵ × 10³ least-squares
problem at ``n = 10⁵``).  Every estimator here only needs inner products
between the ``p + 1`` vectors ``x_1, …, x_p, ε ∈ ℝⁿ``, and their joint law is
rotation invariant, so the cost of a replication need not grow with ``n``:

* ``LazyDesign`` reveals those inner products lazily, in the coordinates of a
  Gram–Schmidt basis of the vectors revealed so far (a Bartlett decomposition
  built one column at a time): revealing a vector adds one basis direction whose
  length is ``√χ²_{n−d}`` (``d`` = current dimension) and one ``N(0, 1)``
  coordinate to every vector not yet revealed.  Vectors never revealed keep an
  unknown component orthogonal to the basis, but their inner product with any
  vector inside the span (the lasso residual, for example) is exact.  When
  ``d`` reaches ``n`` every vector is fully known (small ``n`` is handled by
  the same code, exactly).
* The oracle and the expert are least squares on the revealed coordinates.
* The lasso is solved exactly (feature-sign search, Lee et al. 2007) on the
  revealed features; a feature is revealed only when it violates the KKT
  condition, checked for all ``p`` features through one ``p × d`` product.
  A typical replication reveals a dozen or two features instead of ``p``.
* Flexible least squares has a closed-form law: for ``n ≥ p``,
  ``‖b − β‖² = σ² χ²_p / χ²_{n−p+1}`` (``b − β | X ~ N(0, σ² W⁻¹)`` with
  ``W ~ Wishart_p(n, I)``, rotation invariance and ``1/(uᵀW⁻¹u) ~ χ²_{n−p+1}``);
  for ``n < p`` the minimum-norm solution is ``Pβ + X⁺ε`` with ``P`` the
  projection on the (uniformly random) row space, so
  ``‖b − β‖² = ‖β‖²(1 − B) + σ² χ²_n / χ²_{p−n+1}``, ``B ~ Beta(n/2, (p−n)/2)``.

``run_naive`` is the straightforward baseline (materialised ``X``,
scikit-learn solvers) used by the tests and the benchmark to check agreement.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

MODELS = ("oracle", "expert", "flexible", "lasso")
MODEL_LABELS = {
    "oracle": "Oracle (the 10 true features)",
    "expert": "Expert (9 true + 1 irrelevant)",
    "flexible": "Flexible (all features, least squares)",
    "lasso": "Regularised flexible (lasso)",
}
COLUMNS = ["model", "n", "replications", "log10_nrmse_mean", "log10_nrmse_se", "compute"]


# --------------------------------------------------------------------------- settings


def n_grid(n_min: int = 10, n_max: int = 100_000, n_points: int = 17) -> np.ndarray:
    """Sample sizes on a log grid (rounded to integers, unique, increasing)."""
    grid = np.rint(np.logspace(np.log10(n_min), np.log10(n_max), n_points)).astype(int)
    return np.unique(grid)


def lasso_penalty(n, p: int, sigma: float, c: float = 1.0):
    """``λ = c·σ·√(2 log p / n)`` for the objective ``(1/2n)‖y − Xb‖² + λ‖b‖₁``."""
    return c * sigma * np.sqrt(2.0 * np.log(p) / np.asarray(n, dtype=float))


def features_fitted(model: str, p: int, s: int) -> int:
    """Number of coefficients a model fits (the computation measure's first factor)."""
    return {"oracle": s, "expert": s, "flexible": p, "lasso": p}[model]


def expert_columns(s: int) -> list[int]:
    """The expert's features: the first s − 1 true ones and the first irrelevant one."""
    return list(range(s - 1)) + [s]


# --------------------------------------------------------------------------- sufficient statistics


class LazyDesign:
    """Inner products of ``x_1..x_p, ε ∈ ℝⁿ`` revealed lazily and exactly.

    Row ``j < p`` of ``C[:, :d]`` holds the coordinates of ``x_j`` in the current
    orthonormal basis, row ``p`` those of ``ε``.  Revealed rows lie inside the
    span; the others also have an (unknown) isotropic Gaussian component in the
    orthogonal complement, which is what makes later reveals exact.
    """

    def __init__(self, n: int, p: int, s: int, sigma: float, rng: np.random.Generator):
        self.n, self.p, self.s = int(n), int(p), int(s)
        self.rng = rng
        self.scale = np.ones(p + 1)
        self.scale[p] = sigma
        self.d = 0
        self.C = np.zeros((p + 1, min(self.n, 32)))
        self.revealed = np.zeros(p + 1, dtype=bool)

    def reveal(self, k: int) -> None:
        """Make vector ``k`` (``p`` is ε) fully known."""
        if self.revealed[k]:
            return
        if self.d < self.n:
            if self.d == self.C.shape[1]:
                grow = np.zeros((self.p + 1, min(self.n, 2 * self.C.shape[1])))
                grow[:, : self.d] = self.C[:, : self.d]
                self.C = grow
            col = self.rng.standard_normal(self.p + 1) * self.scale
            col[self.revealed] = 0.0
            col[k] = self.scale[k] * np.sqrt(self.rng.chisquare(self.n - self.d))
            self.C[:, self.d] = col
            self.d += 1
        self.revealed[k] = True

    def y(self) -> np.ndarray:
        """Coordinates of ``y = Σ_{j<s} x_j + ε`` (requires ε and the true features revealed)."""
        C = self.C[:, : self.d]
        return C[: self.s].sum(axis=0) + C[self.p]

    def gram(self, cols) -> np.ndarray:
        """Exact ``X_Aᵀ X_A`` for revealed columns ``A``."""
        Z = self.C[cols, : self.d]
        return Z @ Z.T


class ExplicitDesign(LazyDesign):
    """The same interface for a materialised ``X`` and ``ε`` (tests, checks)."""

    def __init__(self, X: np.ndarray, eps: np.ndarray, s: int):
        n, p = X.shape
        self.n, self.p, self.s = n, p, s
        self.C = np.vstack([X.T, eps[None, :]]).astype(float)
        self.d = n
        self.revealed = np.ones(p + 1, dtype=bool)


def gram_lazy(n: int, p: int, rng: np.random.Generator, order=None) -> np.ndarray:
    """``XᵀX`` for ``X`` of size n × p, drawn through the lazy construction.

    Revealing every vector (in ``order``) is a Bartlett decomposition; this
    exists to test the construction against materialised draws.
    """
    design = LazyDesign(n, p, 0, 1.0, rng)
    for k in (range(p) if order is None else order):
        design.reveal(k)
    return design.gram(list(range(p)))


# --------------------------------------------------------------------------- lasso


def _objective(G, c, gamma, b):
    return 0.5 * b @ G @ b - c @ b + gamma * np.abs(b).sum()


def lasso_lazy(design: LazyDesign, lam: float, tol: float = 1e-9, max_iter: int = 10_000):
    """Exact lasso ``min (1/2n)‖y − Xb‖² + λ‖b‖₁`` by feature-sign search.

    Works on the Gram form ``½bᵀGb − cᵀb + nλ‖b‖₁``.  Features enter only when
    they violate the KKT condition ``|x_jᵀ r| ≤ nλ``, checked for all ``p``
    features with the residual ``r`` (which lies in the revealed span).
    Returns the active indices and their coefficients.
    """
    gamma = design.n * lam
    p = design.p
    A = np.zeros(0, dtype=int)
    b = np.zeros(0)
    for _ in range(max_iter):
        C = design.C[:, : design.d]
        r = design.y() - b @ C[A]
        g = C[:p] @ r
        score = np.abs(g)
        score[A] = -1.0
        i = int(np.argmax(score))
        if score[i] <= gamma * (1.0 + tol):
            return A, b
        design.reveal(i)
        A = np.append(A, i)
        b = np.append(b, 0.0)
        theta = np.append(np.sign(b[:-1]), np.sign(g[i]))
        for _inner in range(max_iter):
            yc = design.y()
            Z = design.C[A, : design.d]
            if len(A) > design.d:
                # More active features than dimensions (small n): the new column lies in the
                # span of the others.  Along the null direction v (Z_Aᵀv = 0, v_new = θ_new)
                # the fit is unchanged and the ℓ1 term falls (the new feature violated KKT),
                # so move until an old coefficient reaches zero, and drop it.
                w = np.linalg.lstsq(Z[:-1].T, Z[-1], rcond=None)[0]
                v = np.append(-w, 1.0) * theta[-1]
                hits = np.flatnonzero(b[:-1] * v[:-1] < 0)
                steps = -b[hits] / v[hits]
                j = int(hits[np.argmin(steps)])
                best = b + steps.min() * v
                best[j] = 0.0
            else:
                G = Z @ Z.T
                c = Z @ yc
                target = np.linalg.solve(G, c - gamma * theta)
                # line search over the segment b → target: the end point and every zero crossing
                best, best_f = target, _objective(G, c, gamma, target)
                cross = np.flatnonzero((b != 0) & (np.sign(target) != np.sign(b)))
                for j in cross:
                    t = b[j] / (b[j] - target[j])
                    cand = b + t * (target - b)
                    cand[j] = 0.0
                    f = _objective(G, c, gamma, cand)
                    if f < best_f:
                        best, best_f = cand, f
            keep = best != 0
            A, b = A[keep], best[keep]
            theta = np.sign(b)
            Z = design.C[A, : design.d]
            grad = Z @ (yc - b @ Z)
            if b.size == 0 or np.max(np.abs(grad - gamma * theta)) <= tol * max(gamma, 1.0):
                break
    raise RuntimeError("lasso did not converge")


# --------------------------------------------------------------------------- one replication


def _least_squares_error(design: LazyDesign, cols, truth) -> float:
    Z = design.C[cols, : design.d]
    coef = np.linalg.lstsq(Z.T, design.y(), rcond=None)[0]
    return float(((coef - truth) ** 2).sum())


def flexible_error(n: int, p: int, s: int, sigma: float, rng: np.random.Generator) -> float:
    """Exact draw of ``‖b − β‖²`` for (minimum-norm) least squares on all p features."""
    if n >= p:
        return float(sigma**2 * rng.chisquare(p) / rng.chisquare(n - p + 1))
    bias = s * (1.0 - rng.beta(n / 2.0, (p - n) / 2.0))
    return float(bias + sigma**2 * rng.chisquare(n) / rng.chisquare(p - n + 1))


def replicate_fast(n_values, p: int, s: int, sigma: float, lasso_c: float,
                   rng: np.random.Generator) -> np.ndarray:
    """Squared errors ``‖b − β‖²``, shape (len(n_values), 4) in ``MODELS`` order."""
    out = np.empty((len(n_values), len(MODELS)))
    ones = np.ones(s)
    expert_truth = np.append(np.ones(s - 1), 0.0)
    for row, n in enumerate(n_values):
        design = LazyDesign(int(n), p, s, sigma, rng)
        design.reveal(p)
        for j in range(s + 1):
            design.reveal(j)
        out[row, 0] = _least_squares_error(design, list(range(s)), ones)
        out[row, 1] = _least_squares_error(design, expert_columns(s), expert_truth) + 1.0
        out[row, 2] = flexible_error(int(n), p, s, sigma, rng)
        A, coef = lasso_lazy(design, float(lasso_penalty(n, p, sigma, lasso_c)))
        est = np.zeros(p)
        est[A] = coef
        est[:s] -= 1.0
        out[row, 3] = float(est @ est)
    return out


def replicate_naive(n_values, p: int, s: int, sigma: float, lasso_c: float,
                    rng: np.random.Generator) -> np.ndarray:
    """The straightforward approach: materialise X, fit with scikit-learn."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso, LinearRegression

    beta = np.zeros(p)
    beta[:s] = 1.0
    out = np.empty((len(n_values), len(MODELS)))
    cols = {"oracle": list(range(s)), "expert": expert_columns(s), "flexible": list(range(p))}
    for row, n in enumerate(n_values):
        X = rng.standard_normal((int(n), p))
        y = X[:, :s].sum(axis=1) + sigma * rng.standard_normal(int(n))
        for m, model in enumerate(("oracle", "expert", "flexible")):
            est = np.zeros(p)
            est[cols[model]] = LinearRegression(fit_intercept=False).fit(X[:, cols[model]], y).coef_
            out[row, m] = float(((est - beta) ** 2).sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            lasso = Lasso(alpha=float(lasso_penalty(n, p, sigma, lasso_c)), fit_intercept=False,
                          max_iter=10_000).fit(X, y)
        out[row, 3] = float(((lasso.coef_ - beta) ** 2).sum())
    return out


# --------------------------------------------------------------------------- runners


def _worker(args):
    kind, seeds, n_values, p, s, sigma, lasso_c = args
    from threadpoolctl import threadpool_limits

    fn = replicate_fast if kind == "fast" else replicate_naive
    with threadpool_limits(1):  # one BLAS thread per worker process, for both methods
        return np.stack([fn(n_values, p, s, sigma, lasso_c, np.random.default_rng(ss)) for ss in seeds])


def simulate_errors(n_values, p: int = 1000, s: int = 10, sigma: float = 1.0,
                    replications: int = 1000, seed: int = 0, lasso_c: float = 1.0,
                    method: str = "fast", n_jobs: int | None = None, progress: bool | None = None,
                    chunk: int = 10) -> np.ndarray:
    """Squared errors ``‖b − β‖²`` of every replication: shape (R, len(n_values), 4).

    Replication ``i`` draws from ``SeedSequence(seed).spawn(R)[i]`` whatever
    ``n_jobs`` is, so the output depends only on the seed.  ``progress=None``
    shows a tqdm bar only when stderr is a terminal (quiet in notebooks).
    """
    if method not in ("fast", "naive"):
        raise ValueError(f"method must be 'fast' or 'naive', got {method!r}")
    n_values = [int(n) for n in n_values]
    seeds = np.random.SeedSequence(seed).spawn(replications)
    chunks = [seeds[i : i + chunk] for i in range(0, replications, chunk)]
    tasks = [(method, c, n_values, p, s, sigma, lasso_c) for c in chunks]
    if n_jobs is None:
        n_jobs = os.cpu_count() or 1
    n_jobs = max(1, min(n_jobs, len(tasks)))
    if progress is None:
        progress = sys.stderr.isatty()
    from tqdm import tqdm

    bar = tqdm(total=replications, desc=f"simulation ({method})", unit="rep", disable=not progress)
    results = []
    if n_jobs == 1:
        for t in tasks:
            results.append(_worker(t))
            bar.update(len(t[1]))
    else:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            for t, res in zip(tasks, pool.map(_worker, tasks)):
                results.append(res)
                bar.update(len(t[1]))
    bar.close()
    return np.concatenate(results, axis=0)


def summarise(errors: np.ndarray, n_values, p: int, s: int) -> pd.DataFrame:
    """The result table: one row per (model, n), columns ``COLUMNS``."""
    log_nrmse = 0.5 * np.log10(errors / s)  # ‖β‖² = s
    R = errors.shape[0]
    rows = []
    for m, model in enumerate(MODELS):
        for k, n in enumerate(n_values):
            vals = log_nrmse[:, k, m]
            rows.append({
                "model": model,
                "n": int(n),
                "replications": int(R),
                "log10_nrmse_mean": float(vals.mean()),
                "log10_nrmse_se": float(vals.std(ddof=1) / np.sqrt(R)) if R > 1 else float("nan"),
                "compute": float(features_fitted(model, p, s) * int(n)),
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def run_simulation(n_values=None, p: int = 1000, s: int = 10, sigma: float = 1.0,
                   replications: int = 1000, seed: int = 0, lasso_c: float = 1.0,
                   method: str = "fast", n_jobs: int | None = None,
                   progress: bool | None = None) -> pd.DataFrame:
    """Run the simulation and return the summary table (see ``summarise``)."""
    n_values = n_grid() if n_values is None else np.asarray(n_values, dtype=int)
    errors = simulate_errors(n_values, p, s, sigma, replications, seed, lasso_c, method, n_jobs, progress)
    return summarise(errors, n_values, p, s)


def run_naive(n_values, **kwargs) -> pd.DataFrame:
    """``run_simulation`` with the straightforward per-replication approach."""
    return run_simulation(n_values, method="naive", **kwargs)


def agreement(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """z-scores of the difference between two summaries of the same settings."""
    m = a.merge(b, on=["model", "n"], suffixes=("_a", "_b"))
    m["diff"] = m["log10_nrmse_mean_a"] - m["log10_nrmse_mean_b"]
    m["z"] = m["diff"] / np.hypot(m["log10_nrmse_se_a"], m["log10_nrmse_se_b"])
    return m[["model", "n", "log10_nrmse_mean_a", "log10_nrmse_mean_b", "diff", "z"]]


# --------------------------------------------------------------------------- reading the results


def _curve(df: pd.DataFrame, model: str) -> pd.DataFrame:
    return df[df["model"] == model].sort_values("n").reset_index(drop=True)


def frontier(df: pd.DataFrame) -> pd.DataFrame:
    """Per model, the rows that improve on every smaller n (performance reachable
    with the least computation); panel (b) draws these."""
    parts = []
    for model in MODELS:
        cur = _curve(df, model)
        perf = cur["log10_nrmse_mean"]
        keep = perf < perf.cummin().shift(fill_value=np.inf)
        parts.append(cur[keep])
    return pd.concat(parts, ignore_index=True)


def compute_to_reach(df: pd.DataFrame, model: str, level: float) -> float:
    """Computation needed by ``model`` to reach ``log10 NRMSE ≤ level`` (log-linear
    interpolation along its frontier); NaN if it never does on the grid."""
    cur = frontier(df)
    cur = cur[cur["model"] == model].reset_index(drop=True)
    perf, logc = cur["log10_nrmse_mean"].to_numpy(), np.log10(cur["compute"].to_numpy())
    hit = np.flatnonzero(perf <= level)
    if hit.size == 0:
        return float("nan")
    k = int(hit[0])
    if k == 0:
        return float(10 ** logc[0])
    t = (perf[k - 1] - level) / (perf[k - 1] - perf[k])
    return float(10 ** (logc[k - 1] + t * (logc[k] - logc[k - 1])))


def crossover_n(df: pd.DataFrame, better: str, worse: str) -> float:
    """Smallest grid n from which ``better`` beats ``worse`` at every larger n (NaN if never)."""
    a, b = _curve(df, better), _curve(df, worse)
    wins = (a["log10_nrmse_mean"].to_numpy() < b["log10_nrmse_mean"].to_numpy())
    if not wins[-1]:
        return float("nan")
    k = len(wins) - 1
    while k > 0 and wins[k - 1]:
        k -= 1
    return float(a["n"].iloc[k])


def key_numbers(df: pd.DataFrame, p: int, s: int, target: float = -1.0) -> dict:
    """The numbers the chapter quotes (all plain floats/ints)."""
    cur = {m: _curve(df, m) for m in MODELS}
    val = {m: cur[m].set_index("n")["log10_nrmse_mean"] for m in MODELS}
    n_min, n_max = int(cur["oracle"]["n"].min()), int(cur["oracle"]["n"].max())
    exp = val["expert"]
    below_p = val["flexible"][val["flexible"].index < p]
    out = {
        "n_min": n_min,
        "n_max": n_max,
        "best_at_n_min": min(MODELS, key=lambda m: val[m].loc[n_min]),
        "expert_n_min": float(exp.loc[n_min]),
        "oracle_n_min": float(val["oracle"].loc[n_min]),
        "lasso_n_min": float(val["lasso"].loc[n_min]),
        "expert_n_max": float(exp.loc[n_max]),
        "expert_floor": float(0.5 * np.log10(1.0 / s)),  # the missing coefficient alone
        "expert_best": float(exp.min()),
        "flexible_best_below_p": float(below_p.min()) if len(below_p) else float("nan"),
        "flexible_at_p": float(val["flexible"].loc[p]) if p in val["flexible"].index else float("nan"),
        "flexible_n_max": float(val["flexible"].loc[n_max]),
        "lasso_n_max": float(val["lasso"].loc[n_max]),
        "oracle_n_max": float(val["oracle"].loc[n_max]),
        "lasso_beats_expert_n": crossover_n(df, "lasso", "expert"),
        "flexible_beats_expert_n": crossover_n(df, "flexible", "expert"),
        "target": float(target),
    }
    wins = (exp < val["flexible"]) & (exp < val["lasso"])  # expert best of the realistic models
    out["expert_wins_n_lo"] = int(wins[wins].index.min()) if wins.any() else -1
    out["expert_wins_n_hi"] = int(wins[wins].index.max()) if wins.any() else -1
    out["lasso_gap_n_max"] = out["lasso_n_max"] - out["oracle_n_max"]
    out["flexible_gap_n_max"] = out["flexible_n_max"] - out["oracle_n_max"]
    for m in ("oracle", "lasso", "flexible", "expert"):
        out[f"compute_{m}"] = compute_to_reach(df, m, target)
    out["ratio_lasso"] = out["compute_lasso"] / out["compute_oracle"]
    out["ratio_flexible"] = out["compute_flexible"] / out["compute_oracle"]
    return out


def selected_table(df: pd.DataFrame, n_values) -> pd.DataFrame:
    """Mean log10 NRMSE (± s.e.) at selected n, one column per model."""
    sub = df[df["n"].isin(list(n_values))].copy()
    sub["cell"] = [f"{m:.2f} ± {e:.2f}" for m, e in zip(sub["log10_nrmse_mean"], sub["log10_nrmse_se"])]
    wide = sub.pivot(index="n", columns="model", values="cell")[list(MODELS)]
    wide.columns = [MODEL_LABELS[m] for m in MODELS]
    return wide.reset_index().rename(columns={"n": "samples n"})


# --------------------------------------------------------------------------- charts


def _chart_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["Model"] = out["model"].map(MODEL_LABELS)
    out["lo"] = out["log10_nrmse_mean"] - 1.96 * out["log10_nrmse_se"].fillna(0)
    out["hi"] = out["log10_nrmse_mean"] + 1.96 * out["log10_nrmse_se"].fillna(0)
    return out


def _colour(legend: bool = True):
    import altair as alt

    return alt.Color("Model:N", sort=[MODEL_LABELS[m] for m in MODELS],
                     legend=alt.Legend(title=None, orient="bottom", columns=2, labelLimit=400)
                     if legend else None)


def chart_performance(df: pd.DataFrame):
    """Panel (a): mean log10 NRMSE against n (log axis) with 95% Monte Carlo bands."""
    import altair as alt

    data = _chart_frame(df)
    x = alt.X("n:Q", scale=alt.Scale(type="log"), title="Number of samples n (log scale)")
    tooltip = [alt.Tooltip("Model:N"), alt.Tooltip("n:Q", format=","),
               alt.Tooltip("log10_nrmse_mean:Q", title="log10 NRMSE", format=".3f"),
               alt.Tooltip("log10_nrmse_se:Q", title="s.e.", format=".3f"),
               alt.Tooltip("replications:Q")]
    base = alt.Chart(data)
    band = base.mark_area(opacity=0.25).encode(x=x, y="lo:Q", y2="hi:Q", color=_colour(legend=False))
    line = base.mark_line(point=True).encode(
        x=x, y=alt.Y("log10_nrmse_mean:Q", title="Performance: log10 normalised RMSE (lower is better)"),
        color=_colour(), tooltip=tooltip)
    return alt.layer(line, band).properties(description="Simulation: performance against samples")


def chart_compute(df: pd.DataFrame):
    """Panel (b): computation (features fitted × samples) needed for each performance level."""
    import altair as alt

    data = _chart_frame(frontier(df))
    tooltip = [alt.Tooltip("Model:N"), alt.Tooltip("n:Q", format=","),
               alt.Tooltip("log10_nrmse_mean:Q", title="log10 NRMSE", format=".3f"),
               alt.Tooltip("compute:Q", title="computation", format=".2~e")]
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("log10_nrmse_mean:Q", scale=alt.Scale(reverse=True),
                title="Performance: log10 normalised RMSE (better to the right)"),
        y=alt.Y("compute:Q", scale=alt.Scale(type="log"),
                title="Computation: features fitted × samples (log scale)", axis=alt.Axis(format="~e")),
        color=_colour(), order="n:Q", tooltip=tooltip,
    ).properties(description="Simulation: computation needed for a given performance")
