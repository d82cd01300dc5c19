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
# (out-of-sample)=
# # Did the extrapolations hold?
#
# The first version of the paper {cite:p}`thompson2020computational` fitted error against compute on the models published before July 2020 and drew two conclusions from the fits: progress on each benchmark follows a steep power of compute, and the growth in compute behind that progress could not go on.
# The authors' released data {cite:p}`mitfuturetech2022data` run two years further, to models of 2021 and 2022, and Epoch AI's table of machine-learning systems {cite:p}`epoch2024data` runs to {glue:text}`newest_date`.
# This chapter tests the 2020 claims on the models and systems the 2020 fits never saw.
# It predicts the error of every later model from its compute with the fit of July 2020, asks whether the exponent moved, and sets the growth of the largest training runs since 2020 against the 2012–2019 trend.

# %% tags=["remove-cell"]
import numpy as np
import pandas as pd
from IPython.display import display
from myst_nb import glue

from compute_limits import charts, history, loaders
from compute_limits import out_of_sample as oos
from compute_limits.benchmark_charts import COMPUTE_LABELS
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
data_files = {}  # input overrides, data id -> path (the pipeline sets this)
level = 0.95  # level of the prediction and confidence intervals
min_test_models = 5  # fewest later models (published July 2020 on) for a benchmark to be evaluated
headline = "imagenet"  # the benchmark the prose and the verdict table quote
paper_window = (2012.0, 2020.0)  # the paper's "2012 to 2019" growth window, [start, end) in decimal years
post_start = 2020.5  # start of the "after v1" growth window (July 2020, the v1 cut-off)
record_top_k = 1  # record-setters: the largest system to date at its release
frontier_top_k = 10  # the wider frontier: among the 10 largest systems to date at release
paper_growth = 10.0  # v1: compute in notable systems grew about tenfold a year from 2012 to 2019

# %% tags=["remove-cell"]
# ---- the benchmarks: the 2020 fits scored on the later models
configs = loaders.load_benchmark_configs()
names = {b: c.name for b, c in configs.items()}
ev = oos.evaluate_benchmarks(configs, data_files, level, min_test_models)
table, models, skipped, exponent = ev["table"], ev["models"], ev["skipped"], ev["exponent"]
write_result(table, "out_of_sample")
write_result(models, "out_of_sample_models")
poly_models = models[models["form"] == "polynomial"]

glue("level", 100 * level, display=False)
glue("min_test_models", int(min_test_models), display=False)
glue("n_benchmarks", int(len(configs)), display=False)
glue("n_evaluated", int(len(table)), display=False)
glue("n_skipped", int(len(skipped)), display=False)
glue("n_later", int(len(poly_models)), display=False)
glue("evaluated_names", ", ".join(names[b] for b in table["benchmark"]), display=False)
glue("skipped_names", ", ".join(skipped["name"]) if len(skipped) else "none", display=False)
glue("n_below_trend", int((table["mean_residual"] < 0).sum()), display=False)
glue("n_time_trend_better", int((table["rmse_out_of_sample_time_trend"] < table["rmse_out_of_sample"]).sum()),
     display=False)
glue("share_below_all", 100 * float((poly_models["residual"] < 0).mean()), display=False)
glue("coverage_all", 100 * float(poly_models["inside"].mean()), display=False)
glue("n_converted", int((poly_models["compute_source"] == "converted").sum()), display=False)

for _, r in table.iterrows():
    b = r["benchmark"]
    for key in ("rmse_in_sample", "rmse_out_of_sample", "rmse_expected", "rmse_ratio", "mean_residual",
                "efficiency_factor", "rmse_out_of_sample_exponential", "mean_residual_exponential",
                "rmse_out_of_sample_time_trend", "mean_residual_time_trend"):
        glue(f"oos_{b}_{key}", float(r[key]), display=False)
    for key in ("interval_coverage", "interval_coverage_exponential", "share_below"):
        glue(f"oos_{b}_{key}", 100 * float(r[key]), display=False)
    glue(f"oos_{b}_n_train", int(r["n_train"]), display=False)
    glue(f"oos_{b}_n_test", int(r["n_test"]), display=False)
    glue(f"oos_{b}_name", names[b], display=False)

# the headline benchmark (quoted in the prose and the verdict)
H = ev["results"][headline]
hrow = table.set_index("benchmark").loc[headline]
hmodels = poly_models[poly_models["benchmark"] == headline]
glue("head_name", names[headline], display=False)
for key in ("rmse_in_sample", "rmse_out_of_sample", "rmse_expected", "rmse_ratio", "mean_residual",
            "efficiency_factor", "rmse_out_of_sample_time_trend", "mean_residual_time_trend",
            "rmse_out_of_sample_exponential"):
    glue(f"head_{key}", float(hrow[key]), display=False)
for key in ("interval_coverage", "interval_coverage_exponential", "share_below"):
    glue(f"head_{key}", 100 * float(hrow[key]), display=False)
glue("head_n_train", int(hrow["n_train"]), display=False)
glue("head_n_test", int(hrow["n_test"]), display=False)
glue("head_error_change", 100 * float(1 - 10 ** hrow["mean_residual"]), display=False)
glue("head_mean_residual_abs", abs(float(hrow["mean_residual"])), display=False)
glue("head_n_outside", int((~hmodels["inside"]).sum()), display=False)
glue("head_n_outside_below", int((~hmodels["inside"] & (hmodels["residual"] < 0)).sum()), display=False)
by_source = hmodels.groupby("compute_source").agg(n=("residual", "size"), mean=("residual", "mean"),
                                                  cover=("inside", "mean"))
measured = by_source.loc["hardware burden"] if "hardware burden" in by_source.index else None
glue("head_n_measured", int(measured["n"]) if measured is not None else 0, display=False)
glue("head_mean_measured", float(measured["mean"]) if measured is not None else float("nan"), display=False)
glue("head_cover_measured", 100 * float(measured["cover"]) if measured is not None else float("nan"), display=False)
trend_v1 = H["time_trend"]
glue("head_years_per_10x", float(trend_v1.years_per_10x), display=False)
best_later = hmodels.loc[hmodels["error"].idxmin()]
glue("head_best_later_model", str(best_later["model"]), display=False)
glue("head_best_later_error", 100 * float(best_later["error"]), display=False)
glue("head_best_v1_error", 100 * float(H["train"]["error"].min()), display=False)

# figures: one per evaluated benchmark, and the residuals of all later models against date
for b, res in ev["results"].items():
    cfg = res["config"]
    ms = res["evaluation"]["polynomial"][1]
    chart = oos.oos_chart(res["train"], ms, res["v1"]["polynomial"], COMPUTE_LABELS.get(cfg.compute, cfg.compute),
                          cfg.metric_label, check=res["v1"]["exponential"], level=level)
    glue(f"fig_oos_{b}", chart, display=False)
glue("fig_oos_residuals", oos.residual_chart(poly_models, names), display=False)

# ---- the exponent
exp_ok = exponent[np.isfinite(exponent["k_v1"])]
glue("n_k_inside", int(exp_ok["k_in_interval"].sum()), display=False)
glue("n_k_total", int(len(exp_ok)), display=False)
hx = exponent.set_index("benchmark").loc[headline]
for key in ("k_v1", "k_v1_lo", "k_v1_hi", "k_all"):
    glue(f"head_{key}", float(hx[key]), display=False)
glue("head_n_all", int(hx["n_all"]), display=False)
glue("n_k_fell", int((exp_ok["k_all"] < exp_ok["k_v1"]).sum()), display=False)
glue("n_k_unbounded", int((~np.isfinite(exp_ok["k_v1_hi"])).sum()), display=False)
exponent_display = pd.DataFrame({
    "Benchmark": exponent["name"],
    "Models (v1 / all / later)": [f"{a} / {b} / {c}" for a, b, c in zip(exponent["n_v1"], exponent["n_all"],
                                                                        exponent["n_test"])],
    f"k, 2020 fit [{100 * level:g}% interval]": [
        f"{k:.1f} [{lo:.1f}, {'∞' if not np.isfinite(hi) else format(hi, '.1f')}]"
        for k, lo, hi in zip(exponent["k_v1"], exponent["k_v1_lo"], exponent["k_v1_hi"])],
    "k, all data": exponent["k_all"].map(lambda v: f"{v:.1f}"),
    "Inside the 2020 interval": exponent["k_in_interval"].map({True: "yes", False: "no"}),
})

# %% tags=["remove-cell"]
# ---- the compute side: Epoch AI's table
epoch = loaders.load_epoch(loaders.resolve("epoch", data_files))
systems = history.with_compute(epoch)
records = systems[history.frontier_mask(systems, record_top_k)]
frontier = systems[history.frontier_mask(systems, frontier_top_k)]
ex = {"records": oos.frontier_extrapolation(records, systems, paper_window, post_start, "records"),
      "frontier": oos.frontier_extrapolation(frontier, systems, paper_window, post_start, "frontier")}
pop_labels = {"records": "record-setter (largest to date)", "frontier": f"top {frontier_top_k} at release"}
newest = ex["records"]["newest_year"]
glue("newest_date", systems["date"].max().strftime("%B %Y"), display=False)
glue("actual_model", ex["records"]["actual_model"], display=False)
glue("actual_flop", float(10 ** ex["records"]["actual_log10"]), display=False)
glue("frontier_top_k", int(frontier_top_k), display=False)
glue("paper_growth", float(paper_growth), display=False)
for key, e in ex.items():
    glue(f"{key}_pre_growth", history.fmt_growth(e["pre"]), display=False)
    glue(f"{key}_pre_x", float(e["pre"].growth_per_year), display=False)
    glue(f"{key}_pre_n", int(e["pre"].n), display=False)
    glue(f"{key}_post_growth", history.fmt_growth(e["post"]), display=False)
    glue(f"{key}_post_x", float(e["post"].growth_per_year), display=False)
    glue(f"{key}_post_n", int(e["post"].n), display=False)
    glue(f"{key}_extrapolated_flop", float(10 ** e["extrapolated_log10"]), display=False)
    glue(f"{key}_shortfall", float(e["shortfall_decades"]), display=False)
    glue(f"{key}_shortfall_abs", abs(float(e["shortfall_decades"])), display=False)
points = frontier[frontier["year"] >= paper_window[0]]
points = points.assign(population=np.where(points.index.isin(records.index), pop_labels["records"],
                                           pop_labels["frontier"]))
glue("fig_oos_frontier", oos.frontier_chart(points, ex, pop_labels), display=False)

# the compute the 2020 fits require, against the growth of the largest runs
benchmarks = {b: loaders.load_benchmark(b, data_files, c) for b, c in configs.items()}
milestones = history.milestone_table(benchmarks, epoch)
burden_per_compute = float(milestones["ratio"].dropna().median())
glue("burden_per_compute", burden_per_compute, display=False)
glue("n_milestones", int(milestones["ratio"].notna().sum()), display=False)
v1_fits = {}
for b, c in configs.items():
    try:
        v1_fits[(b, "polynomial")] = oos.benchmark_out_of_sample(b, data_files, level, c)["v1"]["polynomial"]
    except ValueError:
        continue
reach_trends = {"frontier_post": ex["frontier"]["post"], "records_pre": ex["records"]["pre"]}
trend_labels = {"frontier_post": f"top-{frontier_top_k} frontier since July 2020",
                "records_pre": "if the record-setters' 2012–2019 pace had held"}
reach = oos.reach_table(v1_fits, {b: c.targets for b, c in configs.items()}, reach_trends,
                        np.log10(burden_per_compute), level)
hreach = reach[(reach["benchmark"] == headline) & (reach["trend"] == "frontier_post")].iloc[0]
glue("head_target", 100 * float(hreach["target_error"]), display=False)
glue("head_target_flop", float(10 ** hreach["log10_flops"]), display=False)
glue("head_target_year", oos.fmt_year(hreach["year"], newest), display=False)
glue("head_target_year_lo", oos.fmt_year(hreach["year_lo"], newest), display=False)
glue("head_target_year_hi", oos.fmt_year(hreach["year_hi"], newest), display=False)
hreach_old = reach[(reach["benchmark"] == headline) & (reach["trend"] == "records_pre")].iloc[0]
glue("head_target_year_old", oos.fmt_year(hreach_old["year"]), display=False)
post_rows = reach[reach["trend"] == "frontier_post"]
glue("n_targets", int(len(post_rows)), display=False)
glue("n_targets_already", int((post_rows["year"] <= newest).sum()), display=False)
glue("n_targets_2050", int((post_rows["year"] > 2050).sum()), display=False)

# %% [markdown]
# ## The test
#
# For each benchmark the 2020 fit is the package's main fit on the v1 sample: the polynomial form $\log_{10}(1/\text{error}) = a + b\log_{10}C$ on the models dated before July 2020, with the exponential form as a check.
# A model known only by its year counts as later when that year is 2020, since it cannot be shown to predate the cut-off.
# Every model dated July 2020 or later is a test case: the 2020 fit predicts its error from its compute alone, with a {glue:text}`level:.0f`% prediction interval built from the fit's coefficient covariance and residual variance.
#
# Residuals are measured on one scale for both forms, $\log_{10}$ of the error: observed minus predicted.
# A negative residual means the later model reached a lower error than the 2020 line predicts for its compute, so it needed less compute than the line says: algorithms got cheaper.
# A residual of −0.05 is an error about 11% lower than predicted.
# The root mean squared residual on the 2020 models themselves (in-sample) is set against the same quantity on the later models (out-of-sample), and the fit's own expectation for new models, $\sqrt{\sigma^2 + x^\top\Sigma x}$ averaged over the later models' compute, says how much larger the second should be by chance alone.
#
# A benchmark needs at least {glue:text}`min_test_models` later models to be evaluated (a design choice of this book: with fewer, a single model moves the coverage by more than 20 percentage points).
# {glue:text}`n_evaluated` of the {glue:text}`n_benchmarks` benchmarks qualify: {glue:text}`evaluated_names`.
# The others are listed below with their counts and skipped: {glue:text}`skipped_names`.

# %% tags=["remove-input"]
charts.table(skipped.rename(columns={"name": "Benchmark", "n_train": "models before July 2020",
                                     "n_test": "models from July 2020", "reason": "why skipped"})
             .drop(columns="benchmark"))

# %% [markdown]
# ## The later models against the 2020 fits
#
# On {glue:text}`head_name`, the 2020 fit saw {glue:text}`head_n_train` models; {glue:text}`head_n_test` later models have both a score and a compute value.
# Their out-of-sample root mean squared residual is {glue:text}`head_rmse_out_of_sample:.3f` in $\log_{10}$ error, against {glue:text}`head_rmse_in_sample:.3f` on the 2020 models (a ratio of {glue:text}`head_rmse_ratio:.2f`) and the {glue:text}`head_rmse_expected:.3f` the fit itself expects for new models.
# The excess is not noise but a shift: {glue:text}`head_share_below:.0f`% of the later models lie below the 2020 line, by {glue:text}`head_mean_residual_abs:.3f` in $\log_{10}$ error on average, an error {glue:text}`head_error_change:.0f`% lower than predicted at the same compute.
# Read through the 2020 slope, the later models reached their errors with {glue:text}`head_efficiency_factor:.0f` times less compute than the 2020 line says they needed.
# Even so, the {glue:text}`level:.0f`% prediction interval of the 2020 fit holds {glue:text}`head_interval_coverage:.0f`% of them; {glue:text}`head_n_outside_below` of the {glue:text}`head_n_outside` models outside it are below it.

# %% tags=["remove-input"]
charts.figure(
    f"fig_oos_{headline}", f"fig-oos-{headline}",
    "{glue:text}`head_name`: the 2020 polynomial fit (solid line) with its {glue:text}`level:.0f`% prediction band, "
    "the exponential fit as a check (dashed), the models it was fitted on (grey) and the models published from "
    "July 2020 on (orange diamonds). Hover over a point for the model, year, compute, score, the 2020 fit's "
    "predicted error and the residual.")

# %% [markdown]
# The paper offered its own explanation of the shift: a time trend, algorithmic progress that lowers the error at a given compute year by year.
# The 2020 fit with a time trend (one decade of compute worth {glue:text}`head_years_per_10x:.1f` years of progress on {glue:text}`head_name`) predicts the later models with a mean residual of {glue:text}`head_mean_residual_time_trend:.3f` and a root mean squared residual of {glue:text}`head_rmse_out_of_sample_time_trend:.3f`, close to its in-sample accuracy.
# The later models beat the compute-only line by about what the 2020 rate of algorithmic progress predicts; the time trend predicts better than compute alone on {glue:text}`n_time_trend_better` of the {glue:text}`n_evaluated` benchmarks.
#
# Two caveats.
# {glue:text}`n_converted` of the later models have no measured hardware burden: their compute is predicted from network operations by the conversion regression of the benchmark pages, which is fitted once on all models, so only their error, not their compute, is out of sample.
# On the {glue:text}`head_n_measured` later {glue:text}`head_name` models with a measured burden the mean residual is {glue:text}`head_mean_measured:.3f` and the coverage {glue:text}`head_cover_measured:.0f`%, so the conclusion does not rest on the converted values.
# The exponential form, the paper's alternative, predicts the later {glue:text}`head_name` models with a root mean squared residual of {glue:text}`head_rmse_out_of_sample_exponential:.3f`, but its interval holds only {glue:text}`head_interval_coverage_exponential:.0f`% of them.
#
# The table gives every evaluated benchmark; each has its figure below.
# Across all {glue:text}`n_later` later models, {glue:text}`share_below_all:.0f`% lie below the 2020 line and {glue:text}`coverage_all:.0f`% lie inside its prediction interval; {glue:text}`n_below_trend` of the {glue:text}`n_evaluated` benchmarks have a negative mean residual.

# %% tags=["remove-input"]
charts.table(pd.DataFrame({
    "Benchmark": table["benchmark"].map(names),
    "models (2020 / later)": [f"{a} / {b}" for a, b in zip(table["n_train"], table["n_test"])],
    "RMSE in-sample": table["rmse_in_sample"].map(lambda v: f"{v:.3f}"),
    "RMSE out-of-sample": table["rmse_out_of_sample"].map(lambda v: f"{v:.3f}"),
    "RMSE expected": table["rmse_expected"].map(lambda v: f"{v:.3f}"),
    "mean residual": table["mean_residual"].map(lambda v: f"{v:+.3f}"),
    f"coverage of {100 * level:g}% interval": table["interval_coverage"].map(lambda v: f"{100 * v:.0f}%"),
    "exponential: RMSE, coverage": [f"{a:.3f}, {100 * c:.0f}%" for a, c in
                                    zip(table["rmse_out_of_sample_exponential"], table["interval_coverage_exponential"])],
    "with time trend: mean residual": table["mean_residual_time_trend"].map(lambda v: f"{v:+.3f}"),
}))

# %% tags=["remove-input"]
for b in table["benchmark"]:
    if b == headline:
        continue
    display(charts.figure(
        f"fig_oos_{b}", f"fig-oos-{b}",
        f"{{glue:text}}`oos_{b}_name`: the 2020 polynomial fit on {{glue:text}}`oos_{b}_n_train` models with its "
        f"{{glue:text}}`level:.0f`% prediction band, the exponential fit (dashed), and the "
        f"{{glue:text}}`oos_{b}_n_test` later models (orange diamonds); {{glue:text}}`oos_{b}_interval_coverage:.0f`% "
        f"of them lie inside the band and their mean residual is {{glue:text}}`oos_{b}_mean_residual:+.3f` in log10 "
        "error. Hover over a point for the model, year, compute and score."))

# %% [markdown]
# ```{glue:figure} fig_oos_residuals
# :name: fig-oos-residuals
#
# Residuals of every later model against the 2020 polynomial fit of its benchmark ($\log_{10}$ of observed over predicted error; below zero: better than the 2020 line predicts), by publication date.
# Shapes distinguish models inside and outside the {glue:text}`level:.0f`% prediction interval.
# ```
#
# ## Did the exponent move?
#
# The paper's central number is the exponent $k = 1/b$ of the polynomial fit: compute grows as $(1/\text{error})^k$.
# The 2020 fit gives $k$ = {glue:text}`head_k_v1:.1f` on {glue:text}`head_name` ({glue:text}`level:.0f`% interval {glue:text}`head_k_v1_lo:.1f` to {glue:text}`head_k_v1_hi:.1f`); all {glue:text}`head_n_all` models give {glue:text}`head_k_all:.1f`.
# For {glue:text}`n_k_inside` of the {glue:text}`n_k_total` benchmarks the exponent fitted on all data lies inside the 2020 interval, and for {glue:text}`n_k_fell` it is lower than in 2020 (a flatter, cheaper dependence).
# The check is weak by construction: the full sample contains the 2020 sample, and for {glue:text}`n_k_unbounded` benchmarks the 2020 interval is unbounded because the 2020 slope was not clearly positive.
# The exponent stayed where it was; what moved is the line's level, as the previous section showed.

# %% tags=["remove-input"]
charts.table(exponent_display)

# %% [markdown]
# ## The compute side
#
# The paper measured the growth of compute in notable systems at about {glue:text}`paper_growth:.0f`× a year from 2012 to 2019 and argued that it could not last.
# Epoch AI's table, up to {glue:text}`newest_date`, answers both halves.
# The record-setters (the largest system to date at release) grew {glue:text}`records_pre_growth` over 2012–2019 ({glue:text}`records_pre_n` systems); since July 2020 they have grown {glue:text}`records_post_growth`, a wide interval because only {glue:text}`records_post_n` systems set a record.
# Had the 2012–2019 pace held, the largest run would have reached {glue:text}`records_extrapolated_flop:.1e` FLOP by {glue:text}`newest_date`; the largest in the table, {glue:text}`actual_model`, used {glue:text}`actual_flop:.1e`, {glue:text}`records_shortfall:.1f` orders of magnitude short.
# The wider frontier (the {glue:text}`frontier_top_k` largest systems to date at release) grew more slowly and more steadily: {glue:text}`frontier_pre_growth` over 2012–2019 and {glue:text}`frontier_post_growth` since July 2020, so its 2012–2019 trend, extrapolated, lands {glue:text}`frontier_shortfall_abs:.2f` orders of magnitude from the largest run.
# The tenfold pace of the record-setters did not last; the frontier's growth of about {glue:text}`frontier_post_x:.1f`× a year continued.
#
# ```{glue:figure} fig_oos_frontier
# :name: fig-oos-frontier
#
# Training compute of the largest systems in Epoch AI's table since 2012 (log scale): record-setters and the top {glue:text}`frontier_top_k` at release.
# Dashed lines extend each population's 2012–2019 trend to {glue:text}`newest_date`; solid lines are the trends since July 2020 (hover over a line for its growth per year).
# Hover over a point for the system, its date and its compute.
# ```
#
# When would the compute the 2020 fits require be reached?
# The fits measure compute as hardware burden (peak rate × time), Epoch as operations performed; for the {glue:text}`n_milestones` systems in both tables the burden is a median {glue:text}`burden_per_compute:.1f` times Epoch's figure, and the requirement is divided by that factor before it is set against Epoch's trends.
# The years are those at which *the largest training run in the world* would reach the requirement, so they are the earliest dates a benchmark model could plausibly get that compute; the benchmarks' own models use far less than the frontier.
# At the frontier's pace since July 2020, the {glue:text}`head_target:.0f`% {glue:text}`head_name` error of the paper's table, {glue:text}`head_target_flop:.1e` FLOP under the 2020 polynomial fit, would be within reach in {glue:text}`head_target_year` ({glue:text}`level:.0f`% interval {glue:text}`head_target_year_lo` to {glue:text}`head_target_year_hi`); had the record-setters kept their 2012–2019 pace, the largest runs would have reached it in {glue:text}`head_target_year_old`.
# Of the {glue:text}`n_targets` targets of the paper's tables, {glue:text}`n_targets_already` are already within the compute of the largest runs and {glue:text}`n_targets_2050` lie beyond 2050.
# In the table, "already" means the largest runs had passed the compute by {glue:text}`newest_date`; "never" that the 2020 interval is unbounded.
# No later {glue:text}`head_name` model comes near the target: the best, {glue:text}`head_best_later_model`, has an error of {glue:text}`head_best_later_error:.1f`%, against {glue:text}`head_best_v1_error:.1f`% before July 2020.

# %% tags=["remove-input"]
charts.table(oos.reach_display(reach, names, newest, trend_labels))

# %% [markdown]
# ## Verdict
#
# | Claim of July 2020 | What the later data say |
# |---|---|
# | Error falls as a steep power of compute; on {glue:text}`head_name`, $k$ = {glue:text}`head_k_v1:.1f`. | The exponent held: with all {glue:text}`head_n_all` models $k$ = {glue:text}`head_k_all:.1f`, inside the 2020 interval ({glue:text}`head_k_v1_lo:.1f`–{glue:text}`head_k_v1_hi:.1f`); {glue:text}`n_k_inside` of {glue:text}`n_k_total` benchmarks agree. |
# | The fits describe where progress goes. | Roughly: the 2020 interval holds {glue:text}`head_interval_coverage:.0f`% of {glue:text}`head_n_test` later {glue:text}`head_name` models (nominal {glue:text}`level:.0f`%), but their RMSE is {glue:text}`head_rmse_ratio:.2f` times the in-sample value. |
# | Algorithms improve: a time trend explains more, three years ≈ ten times the compute. | Confirmed: later models beat the compute-only line by {glue:text}`head_mean_residual_abs:.3f` in log10 error ({glue:text}`head_efficiency_factor:.0f`× less compute); the 2020 time-trend fit predicts them with a mean residual of {glue:text}`head_mean_residual_time_trend:.3f`. |
# | Polynomial fits beat exponential ones. | The polynomial interval covers {glue:text}`head_interval_coverage:.0f`% of the later {glue:text}`head_name` models, the exponential one {glue:text}`head_interval_coverage_exponential:.0f`%. |
# | Tenfold growth a year in compute cannot last. | Right for the record-setters: {glue:text}`records_post_x:.1f`× a year since July 2020 against {glue:text}`records_pre_x:.1f`× in 2012–2019, {glue:text}`records_shortfall:.1f` orders of magnitude below the old trend by {glue:text}`newest_date`. The wider frontier kept growing at {glue:text}`frontier_post_x:.1f`× a year. |
# | Lower error targets need compute far out of reach. | At the frontier's current pace, the 2020 fit's {glue:text}`head_target:.0f`% {glue:text}`head_name` requirement comes within reach of the largest runs in {glue:text}`head_target_year`; no benchmark model has been given such compute, and the best later error is {glue:text}`head_best_later_error:.1f`%. |
