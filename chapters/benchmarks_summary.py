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
# (benchmarks-summary)=
# # The benchmarks compared
#
# This page puts the per-benchmark fits side by side: the same functions, applied to every benchmark configured in `data/benchmarks.toml`.
# Each benchmark's own page shows its data, fits and diagnostics.

# %% tags=["remove-cell"]
import numpy as np
import pandas as pd
from myst_nb import glue

from compute_limits import benchmark_charts, charts, fits, loaders
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
data_files = {}  # input overrides, data id -> path (the pipeline sets this)
level = 0.95  # confidence level of the intervals in the figure

# %% tags=["remove-cell"]
configs = loaders.load_benchmark_configs()
analyses = {b: fits.analyse_benchmark(b, data_files, cfg) for b, cfg in configs.items()}

slopes, summary = fits.summarise_benchmarks(analyses, level)
write_result(summary, "benchmarks_summary")

glue("n_benchmarks", int(len(summary)), display=False)
glue("r2_min", 100 * float(summary["r2_polynomial"].min()), display=False)
glue("r2_max", 100 * float(summary["r2_polynomial"].max()), display=False)
glue("r2_min_name", summary.loc[summary["r2_polynomial"].idxmin(), "name"], display=False)
comparable = summary[summary["benchmark"] != fits.V1_REPORTED["r2_excluded"]]  # v1's range excludes En–De
glue("v1_r2_min", 100 * float(comparable["v1_r2"].min()), display=False)
glue("v1_r2_max", 100 * float(comparable["v1_r2"].max()), display=False)
glue("v1_excluded_r2", 100 * float(summary.set_index("benchmark")["v1_r2"].get(fits.V1_REPORTED["r2_excluded"], np.nan)),
     display=False)
glue("k_min", float(summary["k"].min()), display=False)
glue("k_max", float(summary["k"].max()), display=False)
glue("n_positive", int((slopes.query("sample == 'all'")["lower"] > 0).sum()), display=False)
glue("n_poly", int((summary["verdict"] == "polynomial").sum()), display=False)
glue("n_expo", int((summary["verdict"] == "exponential").sum()), display=False)
glue("n_neither", int((summary["verdict"] == "neither").sum()), display=False)
glue("level", 100 * level, display=False)
glue("v1_r2_low", 100 * fits.V1_REPORTED["r2_low"], display=False)
glue("v1_r2_high", 100 * fits.V1_REPORTED["r2_high"], display=False)
glue("v1_years", fits.V1_REPORTED["years_per_10x"], display=False)
positive = summary[summary["years_per_10x"] > 0]["years_per_10x"]
glue("years_min", float(positive.min()), display=False)
glue("years_max", float(positive.max()), display=False)
by_id = summary.set_index("benchmark")
glue("v1_imagenet_r2", 100 * fits.V1_REPORTED["r2"]["imagenet"], display=False)
glue("v1_imagenet_ours", 100 * float(by_id["v1_r2"].get("imagenet", np.nan)), display=False)
glue("fig_slopes", benchmark_charts.slopes_chart(slopes), display=False)

# %% [markdown]
# ## Slopes
#
# Across the {glue:text}`n_benchmarks` benchmarks the polynomial fits of error on compute explain between {glue:text}`r2_min:.0f` % ({glue:text}`r2_min_name`) and {glue:text}`r2_max:.0f` % of the variance in log10(1/error) on all models.
# In {glue:text}`n_positive` of them the {glue:text}`level:.0f` % confidence interval of the slope excludes zero.
# The implied exponents $k$ in compute ∝ (1/error)^k range from {glue:text}`k_min:.1f` to {glue:text}`k_max:.1f`; a small slope means a large $k$, that is, compute that must grow steeply for each gain.
#
# ```{glue:figure} fig_slopes
# :name: fig-benchmarks-slopes
#
# Slope $b$ of the polynomial fit, $\log_{10}(1/\text{error}) = a + b\log_{10}C$, with {glue:text}`level:.0f` % confidence intervals, on all models and on the v1 sample (models published before July 2020).
# Hover for the number of models, the exponent $k = 1/b$ and R².
# ```
#
# ## The fits side by side
#
# On the v1 sample (models published before July 2020) the polynomial R² ranges from {glue:text}`v1_r2_min:.0f` % to {glue:text}`v1_r2_max:.0f` % for all benchmarks but English–German translation, where it is {glue:text}`v1_excluded_r2:.0f` %; v1 reported {glue:text}`v1_r2_low:.0f` % to {glue:text}`v1_r2_high:.0f` % on the same benchmarks and excluded English–German for its small variation in compute.
# Compared on one scale (AIC of log10(error) and leave-one-out prediction error), the polynomial form is clearly better for {glue:text}`n_poly`, the exponential for {glue:text}`n_expo`, and neither for {glue:text}`n_neither` benchmarks; v1 preferred the polynomial form.
# Where the time trend and compute coefficients are both positive, a tenfold increase in compute is worth between {glue:text}`years_min:.1f` and {glue:text}`years_max:.1f` years of algorithmic progress (v1: about {glue:text}`v1_years:.0f` years); with a dozen models per benchmark outside vision, these ratios are fragile.

# %% tags=["remove-input"]
shown = summary.assign(
    slope=[f"{v:.3f} ({s:.3f})" for v, s in zip(summary["slope"], summary["slope_se"])],
    compute=summary["compute"].map(benchmark_charts.SHORT_LABELS),
    k=summary["k"].map(lambda v: f"{v:.1f}"),
    r2=[f"{100 * p:.0f} / {100 * e:.0f}" for p, e in zip(summary["r2_polynomial"], summary["r2_exponential"])],
    years_per_10x=summary["years_per_10x"].map(lambda v: f"{v:.1f}"),
    v1=[f"{n}: {100 * r:.0f}" if n else "–" for n, r in zip(summary["v1_n"], summary["v1_r2"])],

)[["name", "compute", "n", "slope", "k", "r2", "verdict", "years_per_10x", "v1"]]
charts.table(shown.rename(columns={
    "name": "benchmark", "slope": "b (s.e.)", "r2": "R² % poly. / exp.", "verdict": "better form",
    "years_per_10x": "years ≡ 10×", "v1": "v1 sample n: R² %"}))

# %% [markdown]
# "Better form" applies the rule of the benchmark pages: an AIC difference of at least 2 on the log10(error) scale with the leave-one-out error agreeing, else "neither".
# "Years ≡ 10×" is the ratio of the compute and time coefficients of the polynomial fit with a time trend.
# "v1 sample" gives the number of models published before July 2020 and the polynomial R² on them.
# v1 gave a benchmark-specific R² in its text only for ImageNet ({glue:text}`v1_imagenet_r2:.0f` %, against {glue:text}`v1_imagenet_ours:.0f` % here on the v1 sample).
