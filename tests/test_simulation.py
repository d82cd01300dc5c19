"""Statistical tests of the over-parameterisation simulation (few replications, fixed seeds)."""

import numpy as np
import pandas as pd
import pytest

from compute_limits import simulation as sim


def _mean_se(x):
    x = np.asarray(x, dtype=float)
    return x.mean(), x.std(ddof=1) / np.sqrt(len(x))


# ----------------------------------------------------------------- exact expectations


def test_oracle_expert_flexible_match_known_expectations():
    p, s, sigma = 60, 6, 1.5
    n_values = [20, 40, 200]  # flexible: n < p, n < p, n > p
    err = sim.simulate_errors(n_values, p, s, sigma, replications=1500, seed=11, n_jobs=1)
    for k, n in enumerate(n_values):
        # oracle: E‖b − β‖² = σ² s / (n − s − 1)
        m, se = _mean_se(err[:, k, 0])
        assert abs(m - sigma**2 * s / (n - s - 1)) < 4 * se, (n, m)
        # expert: the missing coefficient (1) plus least squares with noise σ² + 1
        m, se = _mean_se(err[:, k, 1])
        assert abs(m - (1 + (sigma**2 + 1) * s / (n - s - 1))) < 4 * se, (n, m)
        # flexible: σ² p/(n − p − 1) for n > p; s(1 − n/p) + σ² n/(p − n − 1) for n < p
        want = sigma**2 * p / (n - p - 1) if n > p else s * (1 - n / p) + sigma**2 * n / (p - n - 1)
        m, se = _mean_se(err[:, k, 2])
        assert abs(m - want) < 4 * se, (n, m, want)


def test_lazy_gram_matches_materialised_draws():
    rng = np.random.default_rng(3)
    R = 3000
    for n, p in [(12, 4), (3, 5)]:  # full rank and singular (n < p)
        order = [2, 0, 4, 1, 3][:p] if p == 5 else None
        lazy = np.stack([sim.gram_lazy(n, p, rng, order=order) for _ in range(R)])
        direct = np.stack([(X.T @ X) for X in rng.standard_normal((R, n, p))])
        # theory: E W = n I, Var W_ii = 2n, Var W_ij = n
        want_var = np.full((p, p), float(n)) + np.eye(p) * n
        for draws in (lazy, direct):
            se_mean = np.sqrt(want_var / R)
            assert np.all(np.abs(draws.mean(0) - n * np.eye(p)) < 4.5 * se_mean)
            assert np.all(np.abs(draws.var(0) / want_var - 1) < 0.2)
        assert np.linalg.matrix_rank(lazy[0]) == min(n, p)


def test_lazy_noise_cross_products():
    """Xᵀε has covariance σ² W: E (x_jᵀε)² = nσ², and ε's squared norm is σ² χ²_n."""
    rng = np.random.default_rng(4)
    n, p, sigma = 15, 3, 2.0
    vals, norms = [], []
    for _ in range(3000):
        d = sim.LazyDesign(n, p, 0, sigma, rng)
        for k in (0, p, 1, 2):
            d.reveal(k)
        C = d.C[:, : d.d]
        vals.append(C[:p] @ C[p])
        norms.append(C[p] @ C[p])
    vals = np.array(vals)
    assert np.all(np.abs(vals.mean(0)) < 4 * np.sqrt(n * sigma**2 / len(vals)))
    assert np.all(np.abs((vals**2).mean(0) / (n * sigma**2) - 1) < 0.1)
    assert abs(np.mean(norms) / (n * sigma**2) - 1) < 0.03


# ----------------------------------------------------------------- solvers


@pytest.mark.parametrize("n,p", [(8, 200), (30, 200), (200, 200), (600, 200)])
def test_lasso_solver_matches_sklearn(n, p):
    from sklearn.linear_model import Lasso

    rng = np.random.default_rng(n)
    s = 10
    for _ in range(3):
        X = rng.standard_normal((n, p))
        eps = rng.standard_normal(n)
        y = X[:, :s].sum(axis=1) + eps
        lam = float(sim.lasso_penalty(n, p, 1.0))
        A, b = sim.lasso_lazy(sim.ExplicitDesign(X, eps, s), lam)
        est = np.zeros(p)
        est[A] = b
        ref = Lasso(alpha=lam, fit_intercept=False, tol=1e-12, max_iter=200_000).fit(X, y).coef_
        np.testing.assert_allclose(est, ref, atol=1e-6)


def test_fast_and_naive_agree_on_small_case():
    kw = dict(p=40, s=4, sigma=1.0, replications=150, lasso_c=1.0)
    n_values = [8, 20, 40, 300]
    fast = sim.run_simulation(n_values, seed=1, **kw)
    naive = sim.run_naive(n_values, seed=2, **kw)
    z = sim.agreement(fast, naive)["z"].abs()
    assert z.max() < 4.0, sim.agreement(fast, naive)
    assert (z < 2.5).mean() > 0.8


# ----------------------------------------------------------------- the paper's qualitative facts


@pytest.fixture(scope="module")
def paper_like():
    n_values = sim.n_grid(10, 100_000, 17)
    df = sim.run_simulation(n_values, p=1000, s=10, sigma=1.0, replications=24, seed=5)
    return df, sim.key_numbers(df, p=1000, s=10, target=-1.0)


def test_result_contract(paper_like):
    df, _ = paper_like
    assert list(df.columns) == sim.COLUMNS
    assert set(df["model"]) == set(sim.MODELS)
    assert not df.duplicated(["model", "n"]).any()
    assert len(df) == 4 * 17
    assert (df["replications"] == 24).all()
    flex = df[df.model == "flexible"]
    assert np.allclose(flex["compute"], 1000 * flex["n"])


def test_expert_best_at_small_n_then_plateaus(paper_like):
    df, k = paper_like
    w = df.pivot(index="n", columns="model", values="log10_nrmse_mean")
    small = w[(w.index > 10) & (w.index <= 100)]
    assert ((small["expert"] < small["flexible"]) & (small["expert"] < small["lasso"])).all()
    # plateau at the missing feature's floor log10 √(1/s) = −0.5
    assert abs(k["expert_n_max"] - k["expert_floor"]) < 0.02
    assert w["expert"].loc[10_000:].max() - w["expert"].loc[10_000:].min() < 0.02


def test_flexible_useless_until_n_exceeds_p(paper_like):
    df, k = paper_like
    w = df.pivot(index="n", columns="model", values="log10_nrmse_mean")
    assert (w["flexible"][w.index < 1000] > -0.3).all()  # NRMSE above 0.5 for every n < p
    assert k["flexible_at_p"] > 0.5  # the interpolation peak
    assert k["flexible_n_max"] < -1.2


def test_lasso_overtakes_expert_and_tracks_oracle(paper_like):
    df, k = paper_like
    assert 100 <= k["lasso_beats_expert_n"] <= 1000
    assert k["lasso_n_max"] < k["expert_n_max"] - 1.0
    assert k["lasso_gap_n_max"] < k["flexible_gap_n_max"] - 0.3
    w = df.pivot(index="n", columns="model", values="log10_nrmse_mean")
    slope = lambda m: (w[m].loc[100_000] - w[m].loc[10_000])  # per decade
    assert abs(slope("lasso") - slope("oracle")) < 0.15  # falls at the oracle's rate


def test_flexible_models_need_orders_of_magnitude_more_compute(paper_like):
    _, k = paper_like
    assert k["ratio_lasso"] > 100
    assert k["ratio_flexible"] > 1000
    assert np.isnan(k["compute_expert"])  # the expert never reaches NRMSE 0.1


# ----------------------------------------------------------------- reproducibility and charts


def test_same_seed_identical_output_any_n_jobs():
    kw = dict(p=100, s=5, replications=12, seed=9)
    a = sim.run_simulation([10, 50, 300], n_jobs=1, **kw)
    b = sim.run_simulation([10, 50, 300], n_jobs=2, **kw)
    c = sim.run_simulation([10, 50, 300], n_jobs=1, **{**kw, "seed": 10})
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(c)


def test_charts_have_tooltips(paper_like):
    df, _ = paper_like
    for chart in (sim.chart_performance(df), sim.chart_compute(df)):
        spec = str(chart.to_dict())
        assert "Model" in spec and "'field': 'n'" in spec
    table = sim.selected_table(df, [10, 1000, 100_000])
    assert len(table) == 3 and table.shape[1] == 5
