# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# (theory)=
# # Why flexible models are expensive by design
#
# The paper argues that deep learning is computationally expensive "not by accident, but by design" {cite:p}`thompson2020computational`.
# The flexibility that lets a deep network represent almost any function is paid for twice: it needs more data to pin down its many parameters, and every additional data point must be pushed through all of them.
# This chapter sets out the statistical argument, then re-runs the paper's illustrative simulation (its v1 Figure 1) at full scale, with every setting the paper leaves unstated chosen here and said.

# %% tags=["remove-cell"]
import numpy as np
from myst_nb import glue

from compute_limits import charts, simulation as sim
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
p = 1000  # candidate features (the paper's 1,000)
s = 10  # non-zero coefficients, each equal to 1 (the paper's 10)
sigma = 1.0  # standard deviation of the noise ε
n_min = 10  # smallest sample size
n_max = 100_000  # largest sample size
n_points = 17  # sample sizes on the log grid (4 per decade)
replications = 1000  # replications per sample size (the paper's 1,000)
seed = 20200713  # every random draw comes from this
lasso_c = 1.0  # lasso penalty multiplier c in the rule λ(n): c·σ·√(2 log p / n)
target_log10_nrmse = -1.0  # performance level at which the computation is compared (NRMSE 0.1)

# %% tags=["remove-cell"]
# The argument's arithmetic (numbers from the paper).
k_improvement = 10  # a ten-fold better model
glue("k_improvement", k_improvement, display=False)
glue("k_data", k_improvement**2, display=False)
glue("k_compute", f"{k_improvement**4:,}", display=False)
noisy_params, imagenet_images = 480e6, 1.2e6
glue("noisy_params_m", noisy_params / 1e6, display=False)
glue("imagenet_images_m", imagenet_images / 1e6, display=False)
glue("noisy_params_per_image", noisy_params / imagenet_images, display=False)

# The simulation.
n_values = sim.n_grid(n_min, n_max, n_points)
sim_df = sim.run_simulation(n_values, p=p, s=s, sigma=sigma, replications=replications, seed=seed,
                            lasso_c=lasso_c)
write_result(sim_df, "simulation")
key = sim.key_numbers(sim_df, p=p, s=s, target=target_log10_nrmse)

for name, value in {"p": p, "s": s, "n_min": n_min, "n_max": n_max, "n_points": n_points,
                    "replications": replications}.items():
    glue(name, f"{int(value):,}", display=False)
glue("seed", str(seed), display=False)
glue("p_minus_s", f"{p - s:,}", display=False)
glue("sigma", float(sigma), display=False)
glue("lasso_c", float(lasso_c), display=False)
glue("lambda_n_min", float(sim.lasso_penalty(n_min, p, sigma, lasso_c)), display=False)
glue("lambda_n_max", float(sim.lasso_penalty(n_max, p, sigma, lasso_c)), display=False)
glue("max_se", float(sim_df["log10_nrmse_se"].max()), display=False)

for name, value in key.items():
    if isinstance(value, str):
        glue(f"k_{name}", value, display=False)
    elif isinstance(value, int):
        glue(f"k_{name}", f"{value:,}", display=False)
    elif name.startswith("compute_"):
        glue(f"k_{name}", f"{value:,.0f}" if np.isfinite(value) else "never", display=False)
    elif name.endswith(("_n", "_n_lo", "_n_hi")):
        glue(f"k_{name}", f"{int(value):,}" if np.isfinite(value) and value > 0 else "never", display=False)
    else:
        glue(f"k_{name}", float(value), display=False)
glue("k_best_at_n_min_label", sim.MODEL_LABELS[key["best_at_n_min"]].split(" (")[0].lower(), display=False)
glue("expert_floor_nrmse", float(10 ** key["expert_floor"]), display=False)
glue("flex_below_p_nrmse", float(10 ** key["flexible_best_below_p"]), display=False)
glue("flex_at_p_nrmse", float(10 ** key["flexible_at_p"]), display=False)
glue("lasso_nrmse_n_max", float(10 ** key["lasso_n_max"]), display=False)
glue("oracle_nrmse_n_max", float(10 ** key["oracle_n_max"]), display=False)
glue("flexible_nrmse_n_max", float(10 ** key["flexible_n_max"]), display=False)
glue("lasso_factor", float(10 ** key["lasso_gap_n_max"]), display=False)
glue("flexible_factor", float(10 ** key["flexible_gap_n_max"]), display=False)
glue("lasso_factor_theory", float(np.sqrt(1 + 2 * lasso_c**2 * np.log(p))), display=False)
glue("flexible_factor_theory", float(np.sqrt(p / s)), display=False)
glue("target_nrmse", float(10**target_log10_nrmse), display=False)
for m in ("oracle", "lasso", "flexible"):
    glue(f"samples_{m}", f"{key[f'compute_{m}'] / sim.features_fitted(m, p, s):,.0f}", display=False)
glue("ratio_lasso", f"{key['ratio_lasso']:,.0f}", display=False)
glue("ratio_flexible", f"{key['ratio_flexible']:,.0f}", display=False)

glue("fig_sim_performance", sim.chart_performance(sim_df), display=False)
glue("fig_sim_compute", sim.chart_compute(sim_df), display=False)
decades = [int(n) for n in n_values if float(np.log10(n)).is_integer()]
table_df = sim.selected_table(sim_df, decades)

# %% [markdown]
# ## The statistical bound
#
# For a model with a fixed number of parameters, estimation error shrinks at best with the square root of the number of data points $n$:
#
# $$
# \text{error} \;\propto\; \frac{1}{\sqrt{n}} .
# $$
#
# A $k$-fold smaller error therefore needs at least $k^2$ times as much data.
# Over-parameterised models, deep networks among them, do not keep their parameter count fixed: they grow it with the data, so that the number of parameters $P$ rises roughly in proportion to $n$.
# Training costs about one pass of every data point through every parameter (times a number of epochs), so
#
# $$
# \text{compute} \;\propto\; P \times n \;\propto\; n^{2} \;\ge\; \left(k^{2}\right)^{2} = k^{4} .
# $$
#
# A model {glue:text}`k_improvement` times better needs at least {glue:text}`k_data` times the data and at least {glue:text}`k_compute` times the computation.
# This is a lower bound: the paper's regressions (later chapters) find that the computation actually spent has grown far faster.
#
# Over-parameterisation is no figure of speech.
# NoisyStudent {cite:p}`xie2020self`, the best ImageNet model in the paper's data, has about {glue:text}`noisy_params_m:.0f` million parameters, while ImageNet's training set holds about {glue:text}`imagenet_images_m:.1f` million images: some {glue:text}`noisy_params_per_image:.0f` parameters per training image.
# A classical statistician would call such a model hopelessly unidentified; deep learning makes it work with regularisation, and pays for it in computation.
#
# Andrew Ng's well-known picture of the trade-off {cite:p}`ng2015data` puts the same point in terms of data: with little data, a well-chosen classical model with few parameters beats a large network; with a lot of data, the large, flexible network wins, and keeps improving when the classical model has stopped.
#
# ## The simulation
#
# The paper makes the trade-off concrete with a simulation (its v1 Figure 1) whose settings it does not report.
# The book uses the following, all of them parameters of this chapter.
# Data come from a linear model with {glue:text}`p` candidate features, of which {glue:text}`s` matter:
#
# $$
# y = x^\top \beta + \varepsilon, \qquad x \sim N(0, I_{p}), \qquad
# \beta_j = \begin{cases} 1 & j \le s \\ 0 & j > s \end{cases}, \qquad
# \varepsilon \sim N(0, \sigma^2),
# $$
#
# with $p =$ {glue:text}`p`, $s =$ {glue:text}`s` and $\sigma =$ {glue:text}`sigma:.1f`.
# Four estimators are fitted to $n$ samples:
#
# - the **oracle** fits least squares on exactly the {glue:text}`s` true features (the unattainable ideal);
# - the **expert** fits least squares on nine of the true features plus one irrelevant one: a good but imperfect hand-built model;
# - the **flexible** model fits least squares on all {glue:text}`p` features (the minimum-norm solution when $n < p$);
# - the **regularised flexible** model fits the lasso {cite:p}`tibshirani1996regression` on all {glue:text}`p` features,
#   minimising $\frac{1}{2n}\lVert y - Xb\rVert^2 + \lambda\lVert b\rVert_1$ with the fixed rule
#   $\lambda = c\,\sigma\sqrt{2\log p / n}$, $c =$ {glue:text}`lasso_c:.1f`
#   ($\lambda$ falls from {glue:text}`lambda_n_min:.3f` at the smallest to {glue:text}`lambda_n_max:.4f` at the largest sample).
#   This is the "universal" threshold of {cite:t}`donoho1994ideal`, the scale of penalty under which {cite:t}`bickel2009simultaneous` prove the lasso's error bounds: it is just large enough that pure noise rarely enters the model.
#   The book uses a rule rather than cross-validation because a rule needs no tuning loop: cross-validating over a grid of penalties would multiply the lasso's cost by the number of folds times the grid size, and the computation in panel (b) would then have to count it.
#
# Performance is measured against the best possible predictor $x^\top\beta$.
# Because $x \sim N(0, I)$, the mean squared difference between a model's predictions $x^\top\hat\beta$ and the best predictions is exactly $\lVert\hat\beta-\beta\rVert^2$, so no test set is needed.
# The normalised RMSE divides its square root by the RMS of the best predictor:
#
# $$
# \mathrm{NRMSE}(\hat\beta) = \frac{\sqrt{\mathbb{E}_x\!\left[(x^\top\hat\beta - x^\top\beta)^2\right]}}{\sqrt{\mathbb{E}_x\!\left[(x^\top\beta)^2\right]}}
# = \frac{\lVert\hat\beta-\beta\rVert_2}{\lVert\beta\rVert_2},
# $$
#
# so an NRMSE of 1 is no better than predicting zero.
# Each curve is the mean of $\log_{10}\mathrm{NRMSE}$ over {glue:text}`replications` replications at each of {glue:text}`n_points` sample sizes on a log grid from {glue:text}`n_min` to {glue:text}`n_max` (seed {glue:text}`seed`); the shaded bands are 95% Monte Carlo intervals (the largest standard error is {glue:text}`max_se:.3f`).
# The computation of a fit is measured, as in the paper, by the number of features fitted times the number of samples; the lasso's iterations are not counted, which flatters it.
#
# ```{glue:figure} fig_sim_performance
# :name: fig-theory-performance
#
# Panel (a): performance against the number of samples.
# Lower is better; the bands are 95% Monte Carlo intervals.
# The expert leads at small samples and then stalls at the error of its missing feature; flexible least squares is no better than predicting zero until the samples outnumber the features (with an interpolation spike at $n = p$); the lasso falls at the oracle's rate and passes the expert.
# ```
#
# ## What the simulation shows
#
# The four facts of the paper's figure all appear.
#
# **The expert wins with little data, then stalls.**
# From $n =$ {glue:text}`k_expert_wins_n_lo` to {glue:text}`k_expert_wins_n_hi` the expert has the lowest error of the three models one could actually build.
# (At $n =$ {glue:text}`k_n_min` it is still poor, with a mean log10 NRMSE of {glue:text}`k_expert_n_min:.2f`: ten coefficients estimated from ten samples interpolate the noise; the same holds for the oracle.)
# Its missing feature, though, is an error no data can remove: $\lVert\hat\beta-\beta\rVert^2 \ge 1$, so its NRMSE can never fall below $1/\sqrt{s} =$ {glue:text}`expert_floor_nrmse:.3f` (log10 {glue:text}`k_expert_floor:.2f`), and at $n =$ {glue:text}`k_n_max` it sits at {glue:text}`k_expert_n_max:.3f`.
# Exactly, $\mathbb{E}\lVert\hat\beta-\beta\rVert^2 = 1 + (\sigma^2+1)\,s/(n-s-1)$: the omitted feature also acts as extra noise.
#
# **Flexible least squares is useless until the samples outnumber the features.**
# Below $n = p$ its best mean log10 NRMSE is {glue:text}`k_flexible_best_below_p:.2f` (an NRMSE of {glue:text}`flex_below_p_nrmse:.2f`, barely better than predicting zero): with fewer equations than unknowns the minimum-norm solution recovers only the part of $\beta$ in the row space of the data.
# At $n = p$ the fit interpolates the noise and the error spikes to a mean log10 NRMSE of {glue:text}`k_flexible_at_p:.2f` (the "double descent" peak of {cite:t}`belkin2019reconciling`).
# Only well beyond $p$ does it improve, passing the expert from $n =$ {glue:text}`k_flexible_beats_expert_n`, and even at $n =$ {glue:text}`k_n_max` its NRMSE ({glue:text}`flexible_nrmse_n_max:.4f`) is {glue:text}`flexible_factor:.1f` times the oracle's ({glue:text}`oracle_nrmse_n_max:.4f`); theory says $\sqrt{p/s} =$ {glue:text}`flexible_factor_theory:.0f`, since it estimates $p$ coefficients instead of $s$.
#
# **The lasso approaches the oracle and overtakes the expert.**
# The regularised flexible model passes the expert from $n =$ {glue:text}`k_lasso_beats_expert_n` on and keeps improving at the oracle's rate, its curve parallel to the oracle's.
# At $n =$ {glue:text}`k_n_max` its NRMSE is {glue:text}`lasso_nrmse_n_max:.4f`, against the oracle's {glue:text}`oracle_nrmse_n_max:.4f` and the expert's {glue:text}`expert_floor_nrmse:.3f`: the absolute gap to the oracle has all but closed, while the expert's has not moved.
# The ratio to the oracle does not vanish: it settles at {glue:text}`lasso_factor:.1f` (log10 gap {glue:text}`k_lasso_gap_n_max:.2f`), close to the $\sqrt{1 + 2c^2\log p} =$ {glue:text}`lasso_factor_theory:.1f` one expects from the penalty's shrinkage of the true coefficients by $\lambda$; this is the price of keeping noise out without knowing which features matter, and it is far below flexible least squares' {glue:text}`flexible_factor:.1f`.
#
# **Flexible models need orders of magnitude more computation.**
# Panel (b) turns the samples into computation.
# To reach an NRMSE of {glue:text}`target_nrmse:.1f` the oracle needs about {glue:text}`samples_oracle` samples and a computation of {glue:text}`k_compute_oracle`; the lasso needs {glue:text}`samples_lasso` samples and {glue:text}`k_compute_lasso`, {glue:text}`ratio_lasso` times as much; flexible least squares needs {glue:text}`samples_flexible` samples and {glue:text}`k_compute_flexible`, {glue:text}`ratio_flexible` times as much.
# The expert never gets there ({glue:text}`k_compute_expert`).
# Flexibility buys the ability to improve without knowing the right model, and the bill arrives as computation.
#
# ```{glue:figure} fig_sim_compute
# :name: fig-theory-compute
#
# Panel (b): the computation (features fitted × samples, log scale) needed to reach each performance level, for each model.
# Each point is a sample size at which the model does better than at every smaller one; better performance is to the right.
# ```
#
# Mean log10 NRMSE (± one Monte Carlo standard error) at every decade of the sample grid:

# %% tags=["remove-input"]
charts.table(table_df)

# %% [markdown]
# ## How the simulation is run
#
# Done naively, the paper-scale simulation is slow: every replication at every sample size draws an $n \times p$ design and fits four models to it, and at $n =$ {glue:text}`k_n_max` that is a {glue:text}`k_n_max` × {glue:text}`p` matrix per replication and a least-squares problem of the same size.
# The book's implementation (`compute_limits.simulation`) uses that every estimator needs only inner products between the vectors $x_1, \dots, x_p, \varepsilon \in \mathbb{R}^n$, whose joint law is known and rotation invariant, so the cost of a replication does not grow with $n$.
# All of it is exact, not an approximation:
#
# - The inner products are revealed lazily in the coordinates of a Gram–Schmidt basis of the vectors revealed so far: revealing a vector adds one basis direction of length $\sqrt{\chi^2_{n-d}}$ (with $d$ the current dimension) and one standard normal coordinate to every other vector. Revealing all of them would be the Bartlett decomposition of the Wishart matrix $X^\top X$; revealing only the noise, the {glue:text}`s` true features and the expert's irrelevant one is enough for the oracle and the expert.
# - The lasso is solved exactly by feature-sign search {cite:p}`lee2007efficient` in the Gram form $\tfrac12 b^\top X^\top X b - b^\top X^\top y + n\lambda\lVert b\rVert_1$. A feature is revealed only when it violates the optimality condition $\lvert x_j^\top r\rvert \le n\lambda$, which is checked for all {glue:text}`p` features at once because the residual $r$ lies in the revealed span. A replication typically reveals a dozen or two features rather than {glue:text}`p`. The solver agrees with scikit-learn's coordinate descent on materialised data to within $10^{-6}$ (a test).
# - Flexible least squares has a closed-form law. For $n \ge p$, $\hat\beta - \beta \mid X \sim N(0, \sigma^2 (X^\top X)^{-1})$ and rotation invariance give $\lVert\hat\beta-\beta\rVert^2 = \sigma^2\chi^2_p / \chi^2_{n-p+1}$. For $n < p$ the minimum-norm solution is the projection of $\beta$ on the (uniformly random) row space plus $X^+\varepsilon$, so $\lVert\hat\beta-\beta\rVert^2 = \lVert\beta\rVert^2(1-B) + \sigma^2\chi^2_n/\chi^2_{p-n+1}$ with $B \sim \mathrm{Beta}(n/2, (p-n)/2)$; its error is drawn independently of the other three models' data, which changes none of the curves.
#
# The tests check these against their known expectations (the oracle's $\mathbb{E}\lVert\hat\beta-\beta\rVert^2 = \sigma^2 s/(n-s-1)$ among them) and against the straightforward approach.
# `benchmarks/bench_simulation.py` times the full simulation and compares it, side by side on a reduced grid, with the straightforward approach (materialised design, scikit-learn solvers).
