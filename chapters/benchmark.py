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

# %% tags=["remove-cell"]
import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from myst_nb import glue

from compute_limits import benchmark_charts, charts, compute, fits, loaders
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
benchmark = "imagenet"  # id of the benchmark in data/benchmarks.toml (the pipeline sets this)
data_files = {}  # input overrides, data id -> path (the pipeline sets this)

# %% tags=["remove-cell"]
cfg = loaders.load_benchmark_configs()[benchmark]
A = fits.analyse_benchmark(benchmark, data_files, cfg)
data, conversion, main, v1 = A["data"], A["conversion"], A["main"], A["v1"]
poly, expo = main["polynomial"], main["exponential"]
measure = benchmark_charts.COMPUTE_LABELS[cfg.compute]
check = compute.compute_check(data)
check_summary = compute.compute_check_summary(check).set_index("measure")
comparison = A["comparison"].assign(verdict=lambda d: d.apply(fits.form_verdict, axis=1))
main_cmp = comparison[(comparison["sample"] == "all") & (comparison["compute"] == cfg.compute)].iloc[0]
trend = A["trends"]["all"]
quant = A["quantile"]["all"]
family = A["families"]

fits_out = A["fits"]
write_result(fits_out, "fits", part=benchmark)
write_result(A["time_trend"], "time_trend", part=benchmark)
write_result(check[check["status"] == "disagrees"].assign(benchmark=benchmark)[
    ["benchmark", "model", "measure", "recorded", "rebuilt", "ratio", "status"]], "compute_check", part=benchmark)
write_result(family.drop(columns="models").assign(benchmark=benchmark)[
    ["benchmark", "family", "n", "slope", "slope_se", "r2", "k"]], "family_fits", part=benchmark)
write_result(comparison.assign(benchmark=benchmark), "model_comparison", part=benchmark)

# %% tags=["remove-cell"]
# Glue: identity and counts.
glue("name", cfg.name, display=False)
glue("task", cfg.task, display=False)
glue("metric_label", cfg.metric_label, display=False)
glue("measure", measure, display=False)
glue("n_models", int(len(data)), display=False)
glue("n_scored", int(data["score"].notna().sum()), display=False)
glue("n_main", poly.n, display=False)
glue("year_min", int(main["rows"]["year"].min()), display=False)
glue("year_max", int(main["rows"]["year"].max()), display=False)
# Compute check.
for m, key in (("network_operations", "net"), ("hardware_burden", "hw")):
    row = check_summary.loc[m]
    for col in ("recorded", "compared", "agree", "disagree", "recorded_only"):
        glue(f"{key}_{col}", int(row[col]), display=False)
    glue(f"{key}_max_diff", 100 * float(np.nan_to_num(row["max_rel_diff"])), display=False)
glue("tolerance", 100 * compute.REL_TOL, display=False)
# Main fits.
for f, key in ((poly, "poly"), (expo, "expo")):
    glue(f"{key}_a", f.intercept, display=False)
    glue(f"{key}_a_se", f.intercept_se, display=False)
    glue(f"{key}_b", f.slope, display=False)
    glue(f"{key}_b_se", f.slope_se, display=False)
    glue(f"{key}_r2", 100 * f.r2, display=False)
glue("poly_k", float(poly.k), display=False)
glue("poly_error_factor", float(10 ** -poly.slope), display=False)
glue("poly_halve", fits.format_factor(2 ** poly.k), display=False)
glue("expo_tenfold_gain", float(expo.slope), display=False)
# Time trend.
glue("trend_year", trend.year_slope, display=False)
glue("trend_year_se", trend.year_slope_se, display=False)
glue("trend_b", trend.slope, display=False)
glue("trend_r2", 100 * trend.r2, display=False)
glue("trend_gain", 100 * (trend.r2 - trend.r2_without_year), display=False)
glue("trend_years", float(trend.years_per_10x), display=False)
glue("trend_k", float(trend.k), display=False)
# Frontier.
glue("q_b", quant.slope, display=False)
glue("q_k", float(quant.k), display=False)
glue("q_r2", 100 * quant.r2, display=False)
glue("n_families", int(len(family)), display=False)
# Model comparison.
for key in ("aic_polynomial", "aic_exponential", "loo_rmse_polynomial", "loo_rmse_exponential", "delta_aic"):
    glue(f"cmp_{key}", float(main_cmp[key]), display=False)
glue("cmp_verdict", main_cmp["verdict"], display=False)
# v1 vintage.
glue("v1_cutoff", fits.V1_CUTOFF, display=False)
glue("v1_year_only_2020", int(((data["date_source"] == "year") & (data["year"] == 2020)
                                & data["score"].notna() & data[cfg.compute].notna()).sum()), display=False)
glue("v1_r2_low", 100 * fits.V1_REPORTED["r2_low"], display=False)
glue("v1_r2_high", 100 * fits.V1_REPORTED["r2_high"], display=False)
glue("v1_years_reported", fits.V1_REPORTED["years_per_10x"], display=False)
if v1 is not None:
    glue("v1_n", v1["polynomial"].n, display=False)
    glue("v1_r2", 100 * v1["polynomial"].r2, display=False)
    glue("v1_b", v1["polynomial"].slope, display=False)
    glue("v1_expo_r2", 100 * v1["exponential"].r2, display=False)
if "v1" in A["trends"]:
    glue("v1_years", float(A["trends"]["v1"].years_per_10x), display=False)
    glue("v1_trend_gain", 100 * (A["trends"]["v1"].r2 - A["trends"]["v1"].r2_without_year), display=False)

# Figures.
glue("fig_fit", benchmark_charts.fit_chart(main["rows"], [poly, expo], cfg.compute, cfg.metric_label), display=False)
glue("fig_resid", benchmark_charts.residual_chart(main["rows"], poly, cfg.compute), display=False)

# %% [markdown]
# # {glue:text}`name`: error against compute
#
# This page re-derives the paper's regressions {cite:p}`thompson2020computational` for {glue:text}`name`, a {glue:text}`task` benchmark scored by {glue:text}`metric_label`, from the authors' released data {cite:p}`mitfuturetech2022data`.
# The file lists {glue:text}`n_models` models, {glue:text}`n_scored` of them with a score; {glue:text}`n_main` also have the main compute measure, the {glue:text}`measure`, and are published between {glue:text}`year_min` and {glue:text}`year_max`.
# Error is 1 − score/100 throughout.
#
# ## Two measures of compute, rebuilt
#
# *Network operations* are the operations of one forward pass (the reported FLOPs, or twice the multiply-adds) times 3 for the forward and backward passes, times the epochs, times the training-set size.
# *Hardware burden* is the number of processors times their peak rate times the training time, summed over CPUs, GPUs and TPUs, with peak rather than achieved rates.
# The book recomputes both from the components in the file and compares them with the recorded columns, counting a value as matching when the two agree within {glue:text}`tolerance:.0f` %.

# %% tags=["remove-input"]
sentences = {
    "net": "Of {glue:text}`net_recorded` recorded network-operation values, {glue:text}`net_compared` can be rebuilt from "
           "their components: {glue:text}`net_agree` match and {glue:text}`net_disagree` do not (largest relative "
           "difference {glue:text}`net_max_diff:.0f` %); {glue:text}`net_recorded_only` have no components to check.",
    "hw": "Of {glue:text}`hw_recorded` recorded hardware burdens, {glue:text}`hw_compared` can be rebuilt: "
          "{glue:text}`hw_agree` match and {glue:text}`hw_disagree` do not (largest relative difference "
          "{glue:text}`hw_max_diff:.0f` %); {glue:text}`hw_recorded_only` have no components to check.",
}
none = {"net": "No model in this file records network operations.",
        "hw": "No model in this file records a hardware burden."}
display(Markdown("\n".join(sentences[k] if check_summary.loc[m, "recorded"] else none[k]
                            for m, k in (("network_operations", "net"), ("hardware_burden", "hw")))))
bad = check[check["status"] == "disagrees"]
if len(bad):
    display(Markdown("The rows that disagree (ratio = rebuilt / recorded):"))
    display(charts.table(bad[["label", "measure", "recorded", "rebuilt", "ratio"]].rename(
        columns={"label": "model"}), floatfmt=".3g"))
else:
    display(Markdown("No rebuilt value disagrees with the recorded one."))

# %% tags=["remove-cell"]
if cfg.compute == "consolidated_hardware_burden" and conversion is not None:
    cp = compute.compare_computing_power(data)
    cps = compute.computing_power_summary(cp)
    implied = compute.implied_conversion(data)
    glue("conv_n", conversion.n, display=False)
    glue("conv_a", conversion.intercept, display=False)
    glue("conv_a_se", conversion.intercept_se, display=False)
    glue("conv_b", conversion.slope, display=False)
    glue("conv_b_se", conversion.slope_se, display=False)
    glue("conv_r2", 100 * conversion.r2, display=False)
    scored = data[data["score"].notna()]
    glue("conv_n_converted", int((scored["consolidated_source"] == "converted").sum()), display=False)
    glue("conv_n_hw", int((scored["consolidated_source"] == "hardware burden").sum()), display=False)
    glue("conv_benchmarks", ", ".join(sorted(set(conversion.data["benchmark"]))), display=False)
    for key, value in cps.items():
        glue(f"cp_{key}", value if isinstance(value, int) else float(value), display=False)
    glue("cp_conv_agree_pct", 100 * cps["converted_agree"] / max(cps["converted_rows"], 1), display=False)
    if implied:
        glue("implied_a", implied["intercept"], display=False)
        glue("implied_b", implied["slope"], display=False)
        glue("implied_n", implied["n"], display=False)
    glue("fig_conv", benchmark_charts.conversion_chart(conversion, data), display=False)

# %% tags=["remove-input"]
if cfg.compute == "consolidated_hardware_burden" and conversion is not None:
    source = ("on the {glue:text}`conv_n` models of this benchmark that have both measures" if conversion.source == "own"
              else "on the {glue:text}`conv_n` models that have both measures, pooled over the configured benchmarks "
                   "({glue:text}`conv_benchmarks`), because this benchmark has fewer than "
                   f"{compute.MIN_CONVERSION_ROWS} of its own")
    text = (
        "### Consolidated hardware burden\n\n"
        "Hardware burden is the paper's preferred measure, but few papers report it. "
        "Following the authors' second version, the consolidated hardware burden keeps the hardware burden where it is known "
        "and otherwise predicts it from network operations with a log–log conversion regression, "
        f"fitted {source}:\n\n"
        "$$\\log_{10}\\mathrm{HW} = a + b\\,\\log_{10}\\mathrm{NetOps}$$\n\n"
        "with $a$ = {glue:text}`conv_a:.2f` (s.e. {glue:text}`conv_a_se:.2f`), $b$ = {glue:text}`conv_b:.3f` "
        "(s.e. {glue:text}`conv_b_se:.3f`) and R² = {glue:text}`conv_r2:.0f` %. "
        "Of the models with a score, the consolidated measure then covers {glue:text}`conv_n_hw` by their hardware burden "
        "and {glue:text}`conv_n_converted` by conversion.\n\n"
        "The data carry the authors' own consolidated values as `computing_power`. "
        "Where the hardware burden is known the two agree for {glue:text}`cp_hw_agree` of {glue:text}`cp_hw_rows` models. "
        "For the converted models the book's value matches the authors' within the tolerance for "
        "{glue:text}`cp_converted_agree` of {glue:text}`cp_converted_rows`; the median ratio of the book's value to "
        "theirs is {glue:text}`cp_converted_median_ratio:.2f`."
    )
    if implied:
        text += (" The authors' converted values lie on the line $a$ = {glue:text}`implied_a:.2f`, "
                 "$b$ = {glue:text}`implied_b:.3f` ({glue:text}`implied_n` models); where this differs from the book's line, "
                 "the released data do not show which models the authors fitted their conversion on, "
                 "and the book keeps its own, documented fit rather than copying theirs.")
    display(Markdown(text))
    display(charts.figure("fig_conv", f"fig-{benchmark}-conversion",
                          "The conversion regression. Circles: models with both measures (the fit); "
                          "line: the fitted conversion over the range of network operations it is applied to; "
                          "triangles: the data's `computing_power` for the models whose hardware burden is converted. "
                          "Hover for the model."))
else:
    display(Markdown(
        "The main fits for this benchmark use the hardware burden itself: "
        "{glue:text}`hw_recorded` models report it, and no conversion from network operations is needed."))

# %% [markdown]
# ## Error against compute
#
# The paper fits two forms.
# The *polynomial* form, $\log_{10}(1/\text{error}) = a + b\log_{10} C$, makes compute grow as a power of the error: $C \propto (1/\text{error})^{k}$ with $k = 1/b$.
# The *exponential* form, $1/\text{error} = a + b\log_{10} C$, makes compute grow exponentially in 1/error.
#
# On the {glue:text}`n_main` models, the polynomial fit has slope $b$ = {glue:text}`poly_b:.3f` (s.e. {glue:text}`poly_b_se:.3f`) and R² = {glue:text}`poly_r2:.0f` %.
# Each tenfold increase in compute multiplies the error by {glue:text}`poly_error_factor:.2f`; equivalently $k$ = {glue:text}`poly_k:.1f`, so halving the error takes about {glue:text}`poly_halve` times the compute.
# The exponential fit has slope {glue:text}`expo_b:.3f` (s.e. {glue:text}`expo_b_se:.3f`): each tenfold increase in compute adds {glue:text}`expo_tenfold_gain:.2f` to 1/error; its R² is {glue:text}`expo_r2:.0f` %.

# %% tags=["remove-input"]
charts.figure("fig_fit", f"fig-{benchmark}-fit",
              "Error (1 − {glue:text}`metric_label`/100) against training compute ({glue:text}`measure`), both on log axes. "
              "Points are models, coloured by publication year; lines are the polynomial and exponential fits "
              "with 95 % confidence bands for the fitted mean. Hover over a point for the model, year, compute and score.")

# %% [markdown]
# The table lists every fit on this benchmark: both forms on each compute measure with at least five models, the time-trend and frontier fits described below, and the v1 sample.
# Standard errors are in parentheses; $k$ is defined for the polynomial forms only.

# %% tags=["remove-input"]
def _fmt(v, se):
    return f"{v:.3g} ({se:.2g})" if np.isfinite(se) else f"{v:.3g}"


table = fits_out.assign(
    intercept=[_fmt(v, s) for v, s in zip(fits_out["intercept"], fits_out["intercept_se"])],
    slope=[_fmt(v, s) for v, s in zip(fits_out["slope"], fits_out["slope_se"])],
    r2=(100 * fits_out["r2"]).round(0).astype(int),
    k=fits_out["k"].map(lambda v: f"{v:.1f}" if np.isfinite(v) else "–"),
    compute=fits_out["compute"].map(benchmark_charts.SHORT_LABELS),
    form=fits_out["form"].str.replace("_year", " + year").str.replace("quantile10", "10th pct."),
)[["sample", "metric", "form", "compute", "n", "intercept", "slope", "r2", "k"]]
if table["metric"].nunique() == 1:
    table = table.drop(columns="metric")
charts.table(table.rename(columns={"r2": "R² %", "intercept": "a (s.e.)", "slope": "b (s.e.)"}))

# %% [markdown]
# The residuals of the polynomial fit show what compute leaves unexplained.
# A rising line against the publication date means newer models do better than their compute predicts: algorithmic progress.

# %% tags=["remove-input"]
charts.figure("fig_resid", f"fig-{benchmark}-residuals",
              "Residuals of the polynomial fit (observed minus fitted log10(1/error)) against publication date, "
              "with a least-squares line. Hover for the model.")

# %% [markdown]
# ## Algorithmic progress
#
# Adding a time trend, years since 2012 measured by the publication date (the month of the arXiv identifier where there is one, else mid-year), gives a year coefficient of {glue:text}`trend_year:.3f` (s.e. {glue:text}`trend_year_se:.3f`) on log10(1/error), while the compute slope becomes {glue:text}`trend_b:.3f` ($k$ = {glue:text}`trend_k:.1f`).
# R² rises to {glue:text}`trend_r2:.0f` %, {glue:text}`trend_gain:.0f` percentage points more than compute alone.
# The ratio of the two coefficients converts time into compute: {glue:text}`trend_years:.2f` years of progress do as much as a tenfold increase in compute (v1: about {glue:text}`v1_years_reported:.0f` years).
# The ratio means something only when both coefficients are positive and precisely estimated; with a dozen models it is fragile.
#
# ## The efficient frontier
#
# A 10th-percentile quantile regression of error traces the best models for their compute rather than the average one.
# On the polynomial form its slope is {glue:text}`q_b:.3f` ($k$ = {glue:text}`q_k:.1f`, pseudo-R² {glue:text}`q_r2:.0f` %), against {glue:text}`poly_b:.3f` for the mean.

# %% tags=["remove-input"]
if len(family):
    display(Markdown(
        "Model names identify {glue:text}`n_families` architecture families with at least four models that have compute. "
        "The released data keep about one model per paper, so a family gathers variants from different papers that share "
        "a backbone, not one paper's sweep of model sizes; the slopes within families are therefore rough."))
    display(charts.table(family.drop(columns="models").rename(columns={"r2": "R²", "slope_se": "s.e.", "examples": "models"})
                         [["family", "n", "slope", "s.e.", "R²", "k", "models"]], floatfmt=".3g"))
else:
    display(Markdown("No architecture family has four or more models with compute here, so no family fits are shown."))

# %% [markdown]
# ## The v1 vintage
#
# The paper's first version (July 2020) reported R² between {glue:text}`v1_r2_low:.0f` % and {glue:text}`v1_r2_high:.0f` % for every benchmark except English–German translation, a preference for the polynomial form, and about {glue:text}`v1_years_reported:.0f` years of algorithmic progress per tenfold compute.
# The released data are the second version's (2022); the book restricts them to models published before July 2020 (decimal date below {glue:text}`v1_cutoff:.1f`).
# A model dated only by its year is placed at mid-year, so the {glue:text}`v1_year_only_2020` year-only 2020 models with compute are left out of the v1 sample.
# This does not rebuild v1's data: the v1 authors had fewer papers, and v2 revised compute figures and added the consolidation, so differences from v1's numbers are expected and are not tuned away.

# %% tags=["remove-input"]
if v1 is not None:
    reported = fits.V1_REPORTED["r2"].get(benchmark)
    gain = fits.V1_REPORTED["r2_gain_time_trend"].get(benchmark)
    text = ("On the v1 sample the polynomial fit uses {glue:text}`v1_n` models, with slope {glue:text}`v1_b:.3f` and "
            "R² = {glue:text}`v1_r2:.0f` % (exponential: {glue:text}`v1_expo_r2:.0f` %)")
    if reported is not None:
        glue("v1_reported_r2", 100 * reported, display=False)
        text += "; v1 reported {glue:text}`v1_reported_r2:.0f` % for this benchmark"
    text += "."
    if "v1" in A["trends"]:
        text += (" The time trend adds {glue:text}`v1_trend_gain:.0f` percentage points of R² and converts to "
                 "{glue:text}`v1_years:.2f` years per tenfold compute")
        if gain is not None:
            glue("v1_reported_gain", 100 * gain, display=False)
            text += " (v1: {glue:text}`v1_reported_gain:.0f` points)"
        text += "."
    display(Markdown(text))
else:
    display(Markdown("Fewer than three models with compute predate July 2020, so there is no v1-sample fit."))

# %% [markdown]
# ## Polynomial or exponential?
#
# R² cannot decide between the forms, because they explain different responses.
# The book compares them on one scale, log10(error): by AIC with the likelihood of the exponential form transformed to that scale (its Jacobian), and by the leave-one-out prediction error of log10(error).
# On the main fit the AIC is {glue:text}`cmp_aic_polynomial:.1f` for the polynomial and {glue:text}`cmp_aic_exponential:.1f` for the exponential form (difference {glue:text}`cmp_delta_aic:.1f`; positive favours the polynomial), and the leave-one-out RMSE is {glue:text}`cmp_loo_rmse_polynomial:.4f` against {glue:text}`cmp_loo_rmse_exponential:.4f`.
# Verdict (an AIC difference of at least 2 with the leave-one-out error agreeing, else "neither"): **{glue:text}`cmp_verdict`**.

# %% tags=["remove-input"]
cmp_table = comparison.assign(
    compute=comparison["compute"].map(benchmark_charts.SHORT_LABELS),
    r2=[f"{100 * p:.0f} / {100 * e:.0f}" for p, e in zip(comparison["r2_polynomial"], comparison["r2_exponential"])],
    aic=[f"{p:.1f} / {e:.1f}" for p, e in zip(comparison["aic_polynomial"], comparison["aic_exponential"])],
    loo=[f"{p:.4f} / {e:.4f}" for p, e in zip(comparison["loo_rmse_polynomial"], comparison["loo_rmse_exponential"])],
)[["sample", "compute", "n", "r2", "aic", "loo", "verdict"]]
charts.table(cmp_table.rename(columns={"r2": "R² % (poly. / exp.)", "aic": "AIC (poly. / exp.)",
                                       "loo": "LOO RMSE (poly. / exp.)", "verdict": "better"}))

# %% [markdown]
# ## Summary
#
# - Polynomial fit on {glue:text}`n_main` models: slope {glue:text}`poly_b:.3f`, R² {glue:text}`poly_r2:.0f` %, compute ∝ (1/error)^{glue:text}`poly_k:.1f`.
# - Exponential fit: slope {glue:text}`expo_b:.3f`, R² {glue:text}`expo_r2:.0f` %; preferred form on a common scale: {glue:text}`cmp_verdict`.
# - Time trend: {glue:text}`trend_years:.2f` years of progress ≈ tenfold compute.
# - Every fit is in `_build/results/fits.csv` (rows with `benchmark` = the page's id); the comparison across benchmarks is in {ref}`benchmarks-summary`.
