"""The over-parameterisation simulation's engine: exact draws of every estimator's error.

Generative model: ``y = x·β + ε`` with ``p`` candidate features, ``x ~ N(0, I_p)``, ``β_j = 1`` on the
first ``s`` features and 0 elsewhere, ``ε ~ N(0, σ²)``.  Estimators (:func:`model_keys`):

* ``oracle``       least squares on exactly the ``s`` true features;
* ``expert``       least squares on ``s − 1`` true features plus one irrelevant one;
* ``flexible``     least squares on all ``p`` features (minimum-norm when n < p);
* ``lasso``        the lasso on all ``p`` features, ``(1/2n)‖y − Xb‖² + λ‖b‖₁`` with
  ``λ = c·σ·√(2 log p / n)``, one column per penalty scale ``c``;
* ``lasso_refit``  least squares refitted on the features the lasso selected (the relaxed lasso
  with no shrinkage left), for the same ``c``.

The error of an estimate ``b`` is ``‖b − β‖²``: with ``x ~ N(0, I)`` it is the mean squared
difference between its predictions and the best predictor's, so no test set is needed.

Why this is exact and fast (the detail is the appendix page ``simulation-methods``): every estimator
needs only inner products of ``x_1, …, x_p, ε ∈ ℝⁿ``, whose joint law is rotation invariant.
:class:`LazyDesign` draws them lazily (a Bartlett decomposition built one column at a time), the
lasso is solved exactly by feature-sign search on the features it reveals, and flexible least squares
has a closed-form law; a replication's cost does not grow with ``n``.  :func:`replicate_naive` is the
straightforward baseline (materialised ``X``, scikit-learn) that the tests and the benchmark compare.
(Kept by hand: no library draws these sufficient statistics.)

Randomness: every draw comes from a stream keyed on ``(seed, replication, n, stream)``, so the
draws at a given ``n`` do not depend on the rest of the grid, on the number of worker processes, or
on the other penalty scales (the first scale is solved first).
"""

from __future__ import annotations

import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, LinearRegression
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from ..cache import cached

FIXED_MODELS = ("oracle", "expert", "flexible")
PENALISED = ("lasso", "lasso_refit")
METHODS = ("fast", "naive")
_DESIGN, _FLEXIBLE, _NAIVE = 0, 1, 2  # draw streams


def model_keys(scales) -> list[tuple[str, float | None]]:
    """The columns of the error array: ``(model, penalty scale)``, the penalised ones per scale."""
    return [(m, None) for m in FIXED_MODELS] + [(m, float(c)) for c in scales for m in PENALISED]


def lasso_penalty(n, p: int, sigma: float, c: float = 1.0):
    """``λ = c·σ·√(2 log p / n)`` for the objective ``(1/2n)‖y − Xb‖² + λ‖b‖₁``."""
    return c * sigma * np.sqrt(2.0 * np.log(p) / np.asarray(n, dtype=float))


def expert_columns(s: int) -> list[int]:
    """The expert's features: the first s − 1 true ones and the first irrelevant one."""
    return list(range(s - 1)) + [s]


def stream(seed: int, rep: int, n: int, which: int) -> np.random.Generator:
    """The generator of one replication's draws at sample size ``n`` (``which``: design, flexible, naive)."""
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(int(rep), int(n), int(which))))


# --------------------------------------------------------------------------- sufficient statistics


class LazyDesign:
    """Inner products of ``x_1..x_p, ε ∈ ℝⁿ`` revealed lazily and exactly.

    Row ``j < p`` of ``C[:, :d]`` holds the coordinates of ``x_j`` in the current orthonormal basis,
    row ``p`` those of ``ε``.  Revealed rows lie inside the span; the others also have an (unknown)
    isotropic Gaussian component orthogonal to it, which is what makes later reveals exact.
    """

    def __init__(self, n: int, p: int, s: int, sigma: float, rng: np.random.Generator):
        self.n, self.p, self.s = int(n), int(p), int(s)
        self.rng = rng
        self.scale = np.ones(p + 1)
        self.scale[p] = sigma
        self.d = 0
        self.C = np.zeros((p + 1, min(self.n, 32)))
        self.revealed = np.zeros(p + 1, dtype=bool)
        self._products: dict[int, np.ndarray] = {}

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
        if getattr(self, "_y_d", -1) != self.d:
            C = self.C[:, : self.d]
            self._y, self._y_d = C[: self.s].sum(axis=0) + C[self.p], self.d
        return self._y

    def gram(self, cols) -> np.ndarray:
        """Exact ``X_Aᵀ X_A`` for revealed columns ``A``."""
        Z = self.C[cols, : self.d]
        return Z @ Z.T

    def products(self, k: int) -> np.ndarray:
        """``Xᵀv`` for revealed vector ``k`` (``v = x_k``; ``k = p + 1`` means ``y``), exact for every feature.

        Kept once computed: a later reveal adds a basis direction in which every vector already revealed
        (and so ``y``) has a zero coordinate, so these inner products never change."""
        got = self._products.get(k)
        if got is None:
            v = self.y() if k == self.p + 1 else self.C[k, : self.d]
            got = self._products[k] = self.C[: self.p, : self.d] @ v
        return got


class ExplicitDesign(LazyDesign):
    """The same interface for a materialised ``X`` and ``ε`` (tests, checks)."""

    def __init__(self, X: np.ndarray, eps: np.ndarray, s: int):
        n, p = X.shape
        self.n, self.p, self.s = n, p, s
        self.C = np.vstack([X.T, eps[None, :]]).astype(float)
        self.d = n
        self.revealed = np.ones(p + 1, dtype=bool)
        self._products = {}


def gram_lazy(n: int, p: int, rng: np.random.Generator, order=None) -> np.ndarray:
    """``XᵀX`` for an ``n × p`` standard normal ``X``, drawn by revealing every vector (in ``order``):
    a Bartlett decomposition.  Exists to test the construction against materialised draws."""
    design = LazyDesign(n, p, 0, 1.0, rng)
    for k in (range(p) if order is None else order):
        design.reveal(k)
    return design.gram(list(range(p)))


# --------------------------------------------------------------------------- lasso


def _objective(G, c, gamma, b):
    return 0.5 * b @ G @ b - c @ b + gamma * np.abs(b).sum()


def _null_step(Z, b, theta):
    """More active features than dimensions (small n): the new column lies in the span of the others.
    Along the null direction v (Z_Aᵀv = 0, v_new = θ_new) the fit is unchanged and the ℓ1 term falls
    (the new feature violated KKT), so move until an old coefficient reaches zero, and drop it."""
    w = np.linalg.lstsq(Z[:-1].T, Z[-1], rcond=None)[0]
    v = np.append(-w, 1.0) * theta[-1]
    hits = np.flatnonzero(b[:-1] * v[:-1] < 0)
    steps = -b[hits] / v[hits]
    best = b + steps.min() * v
    best[int(hits[np.argmin(steps)])] = 0.0
    return best


def _feature_sign_step(G, c, b, theta, gamma):
    """The best point on the segment from ``b`` to the sign-constrained optimum (its end or a zero crossing)."""
    target = np.linalg.solve(G, c - gamma * theta)
    cross = np.flatnonzero((b != 0) & (np.sign(target) != np.sign(b)))
    if cross.size == 0:
        return target
    best, best_f = target, _objective(G, c, gamma, target)
    for j in cross:
        t = b[j] / (b[j] - target[j])
        cand = b + t * (target - b)
        cand[j] = 0.0
        f = _objective(G, c, gamma, cand)
        if f < best_f:
            best, best_f = cand, f
    return best


def lasso_lazy(design: LazyDesign, lam: float, tol: float = 1e-9, max_iter: int = 10_000):
    """Exact lasso ``min (1/2n)‖y − Xb‖² + λ‖b‖₁`` by feature-sign search (Lee et al. 2007).

    Works on the Gram form ``½bᵀGb − cᵀb + nλ‖b‖₁`` with ``G = XᵀX`` and ``c = Xᵀy``.  A feature enters
    only when it violates the KKT condition ``|x_jᵀ r| ≤ nλ``, checked for all ``p`` features through
    ``Xᵀr = Xᵀy − Xᵀx_A b`` (inner products with revealed vectors, see :meth:`LazyDesign.products`).
    Requires ε and the true features revealed.  Returns the active indices and their coefficients.
    """
    gamma = design.n * lam
    p = design.p
    q = design.products(p + 1)
    M = np.empty((p, min(p, 128)), order="F")  # M[:, k] = Xᵀx_{A[k]} (columns contiguous)
    A: list[int] = []
    b = np.zeros(0)
    for _ in range(max_iter):
        g = q - M[:, : len(A)] @ b
        score = np.abs(g)
        score[A] = -1.0
        violators = np.flatnonzero(score > gamma * (1.0 + tol))
        if violators.size == 0:
            return np.asarray(A, dtype=int), b
        # Enter the worst violators together (each with the sign of its correlation): the sign-constrained
        # step below still lowers the objective, so the search stays exact; batches of a quarter of the
        # active set cut the number of steps.  One at a time where the design could run out of dimensions.
        m = 1 if design.d + len(A) // 4 + 1 > design.n else min(violators.size, len(A) // 4 + 1)
        new = violators[np.argsort(-score[violators], kind="stable")[:m]]
        while len(A) + m > M.shape[1]:
            M = np.asfortranarray(np.hstack([M, np.empty((p, M.shape[1]))]))
        for i in new:
            design.reveal(int(i))
            M[:, len(A)] = design.products(int(i))
            A.append(int(i))
        b = np.append(b, np.zeros(m))
        theta = np.append(np.sign(b[:-m]), np.sign(g[new]))
        for _inner in range(max_iter):
            idx = np.asarray(A)
            G, c = M[idx, : len(A)], q[idx]
            if len(A) > design.d:
                best = _null_step(design.C[idx, : design.d], b, theta)
            else:
                best = _feature_sign_step(G, c, b, theta, gamma)
            keep = best != 0
            if not keep.all():
                A = [a for a, k in zip(A, keep) if k]
                M[:, : len(A)] = M[:, : len(keep)][:, keep]
                G, c = G[np.ix_(keep, keep)], c[keep]
            b = best[keep]
            if b.size == 0:
                break
            theta = np.sign(b)
            if np.max(np.abs(c - G @ b - gamma * theta)) <= tol * max(gamma, 1.0):
                break
    raise RuntimeError("lasso did not converge")


# --------------------------------------------------------------------------- one replication


def _least_squares_error(design: LazyDesign, cols, s: int) -> float:
    """``‖b − β‖²`` of (minimum-norm) least squares on ``cols`` (revealed), β = 1 on the first s."""
    cols = np.asarray(cols, dtype=int)
    truth = (cols < s).astype(float)
    missed = s - int(truth.sum())  # true coefficients left out count in full
    if cols.size == 0:
        return float(missed)
    coef = np.linalg.lstsq(design.C[cols, : design.d].T, design.y(), rcond=None)[0]
    return float(((coef - truth) ** 2).sum()) + missed


def _lasso_error(A, coef, s: int) -> float:
    truth = (A < s).astype(float)
    return float(((coef - truth) ** 2).sum()) + (s - int(truth.sum()))


def flexible_error(n: int, p: int, s: int, sigma: float, rng: np.random.Generator) -> float:
    """Exact draw of ``‖b − β‖²`` for (minimum-norm) least squares on all ``p`` features."""
    if n >= p:
        return float(sigma**2 * rng.chisquare(p) / rng.chisquare(n - p + 1))
    bias = s * (1.0 - rng.beta(n / 2.0, (p - n) / 2.0))
    return float(bias + sigma**2 * rng.chisquare(n) / rng.chisquare(p - n + 1))


def replicate_fast(n_values, p: int, s: int, sigma: float, scales, seed: int, rep: int):
    """One replication: squared errors (len(n_values) × models) and, per scale, the features the
    lasso selected and how many of them are irrelevant (len(n_values) × scales each)."""
    keys = model_keys(scales)
    errors = np.empty((len(n_values), len(keys)))
    selected = np.empty((len(n_values), len(scales)), dtype=int)
    irrelevant = np.empty_like(selected)
    for row, n in enumerate(n_values):
        design = LazyDesign(int(n), p, s, sigma, stream(seed, rep, n, _DESIGN))
        design.reveal(p)
        for j in range(min(s + 1, p)):
            design.reveal(j)
        errors[row, 0] = _least_squares_error(design, range(s), s)
        errors[row, 1] = _least_squares_error(design, expert_columns(s), s)
        errors[row, 2] = flexible_error(int(n), p, s, sigma, stream(seed, rep, n, _FLEXIBLE))
        for k, c in enumerate(scales):
            A, coef = lasso_lazy(design, float(lasso_penalty(n, p, sigma, c)))
            errors[row, 3 + 2 * k] = _lasso_error(A, coef, s)
            errors[row, 4 + 2 * k] = _least_squares_error(design, A, s)
            selected[row, k], irrelevant[row, k] = len(A), int((A >= s).sum())
    return errors, selected, irrelevant


def _naive_ls_error(X, y, cols, beta) -> float:
    est = np.zeros(len(beta))
    if len(cols):
        est[cols] = LinearRegression(fit_intercept=False).fit(X[:, cols], y).coef_
    return float(((est - beta) ** 2).sum())


def replicate_naive(n_values, p: int, s: int, sigma: float, scales, seed: int, rep: int):
    """The straightforward approach, same outputs: materialise ``X``, fit with scikit-learn."""
    keys = model_keys(scales)
    beta = np.zeros(p)
    beta[:s] = 1.0
    errors = np.empty((len(n_values), len(keys)))
    selected = np.empty((len(n_values), len(scales)), dtype=int)
    irrelevant = np.empty_like(selected)
    cols = (list(range(s)), expert_columns(s), list(range(p)))
    for row, n in enumerate(n_values):
        rng = stream(seed, rep, n, _NAIVE)
        X = rng.standard_normal((int(n), p))
        y = X[:, :s].sum(axis=1) + sigma * rng.standard_normal(int(n))
        for m in range(3):
            errors[row, m] = _naive_ls_error(X, y, cols[m], beta)
        for k, c in enumerate(scales):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                coef = Lasso(alpha=float(lasso_penalty(n, p, sigma, c)), fit_intercept=False,
                             max_iter=10_000).fit(X, y).coef_
            A = np.flatnonzero(coef)
            errors[row, 3 + 2 * k] = float(((coef - beta) ** 2).sum())
            errors[row, 4 + 2 * k] = _naive_ls_error(X, y, A, beta)
            selected[row, k], irrelevant[row, k] = len(A), int((A >= s).sum())
    return errors, selected, irrelevant


# --------------------------------------------------------------------------- runners


@dataclass(frozen=True)
class Draws:
    """Every replication's outcome: ``errors`` (R × n × models, columns :func:`model_keys`),
    ``selected`` and ``irrelevant`` (R × n × scales: features the lasso kept, irrelevant ones among them)."""

    n_values: tuple[int, ...]
    p: int
    s: int
    sigma: float
    scales: tuple[float, ...]
    seed: int
    errors: np.ndarray
    selected: np.ndarray
    irrelevant: np.ndarray

    @property
    def replications(self) -> int:
        return int(self.errors.shape[0])

    @property
    def keys(self) -> list[tuple[str, float | None]]:
        return model_keys(self.scales)


def _worker(args):
    method, reps, n_values, p, s, sigma, scales, seed = args
    fn = replicate_fast if method == "fast" else replicate_naive
    with threadpool_limits(1):  # one BLAS thread per worker process, for both methods
        out = [fn(n_values, p, s, sigma, scales, seed, rep) for rep in reps]
    return tuple(np.stack(part) for part in zip(*out))


def simulate_errors(n_values, p: int = 1000, s: int = 10, sigma: float = 1.0, scales=(1.0,),
                    replications: int = 1000, seed: int = 0, method: str = "fast",
                    n_jobs: int | None = None, progress: bool | None = None, chunk: int = 10) -> Draws:
    """Run every replication (split over ``n_jobs`` processes; the result does not depend on it).
    ``progress=None`` shows a bar only when stderr is a terminal (quiet in notebooks)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    n_values = tuple(int(n) for n in n_values)
    scales = tuple(float(c) for c in scales)
    tasks = [(method, range(i, min(i + chunk, replications)), n_values, int(p), int(s), float(sigma), scales, int(seed))
             for i in range(0, replications, chunk)]
    n_jobs = max(1, min(n_jobs or os.cpu_count() or 1, len(tasks)))
    bar = tqdm(total=replications, desc=f"simulation ({method})", unit="rep",
               disable=not (sys.stderr.isatty() if progress is None else progress))
    parts = []
    if n_jobs == 1:
        results = map(_worker, tasks)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=n_jobs)
        results = pool.map(_worker, tasks)
    try:
        for task, res in zip(tasks, results):
            parts.append(res)
            bar.update(len(task[1]))
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown()
    errors, selected, irrelevant = (np.concatenate(x, axis=0) for x in zip(*parts))
    return Draws(n_values, int(p), int(s), float(sigma), scales, int(seed), errors, selected, irrelevant)


@cached
def simulate(n_values: tuple[int, ...], p: int, s: int, sigma: float, scales: tuple[float, ...],
             replications: int, seed: int) -> Draws:
    """:func:`simulate_errors` (fast method, every core), kept in the cache: the full-scale run is
    computed once per setting and code version, and re-used when only a chart or the prose changes."""
    return simulate_errors(n_values, p, s, sigma, scales, replications, seed, method="fast")
