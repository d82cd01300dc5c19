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
# (history)=
# # A short history of compute limits
#
# Deep learning has always been limited by the computers it ran on.
# This chapter follows that limit from Rosenblatt's perceptron to today's frontier runs, using Epoch AI's table of machine-learning systems {cite:p}`epoch2024data`, the authors' own per-model hardware records {cite:p}`mitfuturetech2022data` and peak-rate tables of GPUs, CPUs and TPUs {cite:p}`computerprogress2021`.
# It fits the growth of training compute in three eras, checks the paper's statement that compute grew about tenfold a year from 2012 to 2019 {cite:p}`thompson2020computational`, and sets that growth against the growth of the chips themselves.
# The gap between the two is the paper's point: the chips' peak rates grew far too slowly to supply the compute, and more than half of its growth came from using more chips for longer.

# %% tags=["remove-cell"]
import numpy as np
from myst_nb import glue

from compute_limits import charts, history, loaders
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
data_files = {}  # input overrides, data id -> path (the pipeline sets this; "epoch" may be a live export)
start_year = 1950.0  # first year of the long-run fits
dl_split = 2010.0  # split between the pre-deep-learning and deep-learning eras (decimal year)
frontier_top_k = 10  # a system is on the frontier if its compute was in the top k of all systems at its release
record_top_k = 1  # "record-setters": the largest system to date at release
paper_window = (2012.0, 2020.0)  # the paper's "2012 to 2019" window, [start, end)
split_grid = (2004, 2016)  # split years tried in the sensitivity analysis (inclusive range)
topk_grid = (1, 3, 5, 10, 20, 50)  # frontier definitions tried in the sensitivity analysis
moore_doubling_months = 24.0  # Moore's law as revised in 1975: a doubling every two years
amodei_doubling_months = 3.4  # Amodei & Hernandez (2018): doubling time of the largest runs, 2012-2018
anatomy_min_n = 8  # fewest runs with a quantity (chips, days, cost) needed to fit its trend

# %% tags=["remove-cell"]
# ---- data
epoch = loaders.load_epoch(loaders.resolve("epoch", data_files))
benchmarks = {b: loaders.load_benchmark(b, data_files) for b in ("imagenet", "coco", "squad", "wmt14_en_fr")}
hardware = {k: loaders.load_hardware(k, loaders.resolve(f"hw_{k}", data_files)) for k in ("gpu", "cpu", "tpu")}

all_systems = history.with_compute(epoch)  # every system with a compute estimate
all_systems["frontier"] = history.frontier_mask(all_systems, frontier_top_k)
all_systems["record"] = history.frontier_mask(all_systems, record_top_k)
notable = all_systems[all_systems["notable"]]
frontier = all_systems[all_systems["frontier"]]
records = all_systems[all_systems["record"]]
newest = float(all_systems["year"].max())
glue("n_notable", int(len(notable)), display=False)
glue("n_all_compute", int(len(all_systems)), display=False)
glue("n_frontier", int(len(frontier)), display=False)
glue("frontier_top_k", int(frontier_top_k), display=False)
glue("newest_date", all_systems["date"].max().strftime("%B %Y"), display=False)
glue("dl_split", int(dl_split), display=False)

# ---- milestones
milestones = history.milestone_table(benchmarks, epoch)
write_result(milestones[history.MILESTONE_COLUMNS], "milestones")
ms = milestones.set_index("system")
for key, name in {"alexnet": "AlexNet", "resnext": "ResNeXt-101", "noisy": "NoisyStudent",
                  "transformer": "Transformer (big)"}.items():
    if name in ms.index:
        row = ms.loc[name]
        glue(f"{key}_chips", f"{row['chips']:,.0f}", display=False)
        glue(f"{key}_chip", row["chip"], display=False)
        glue(f"{key}_days", float(row["days"]), display=False)
        glue(f"{key}_burden", float(row["hardware_burden_flop"]), display=False)
        glue(f"{key}_epoch", float(row["epoch_training_compute_flop"]), display=False)
        glue(f"{key}_ratio", float(row["ratio"]), display=False)
glue("noisy_over_alexnet", float(ms.loc["NoisyStudent", "hardware_burden_flop"] / ms.loc["AlexNet", "hardware_burden_flop"]),
     display=False)
matched = milestones[milestones["ratio"].notna()]
glue("n_matched", int(len(matched)), display=False)
glue("median_ratio", float(matched["ratio"].median()), display=False)
glue("n_ratio_1_to_4", int(matched["ratio"].between(1, 4).sum()), display=False)
early = {name: ms.loc[name, "epoch_training_compute_flop"] for name in ("Perceptron Mark I", "ADALINE", "Perceptron (1960)")
         if name in ms.index}
glue("perceptron_mark1", float(early.get("Perceptron Mark I", np.nan)), display=False)
glue("perceptron_1960", float(early.get("Perceptron (1960)", np.nan)), display=False)
largest = all_systems.sort_values("compute").iloc[-1]
glue("largest_name", largest["model"], display=False)
glue("largest_compute", float(largest["compute"]), display=False)
glue("largest_over_alexnet", float(largest["compute"] / ms.loc["AlexNet", "epoch_training_compute_flop"]), display=False)
glue("largest_over_perceptron", float(largest["compute"] / early.get("Perceptron Mark I", np.nan)), display=False)
glue("et_gpu_hours_m", history.evolved_transformer_gpu_hours() / 1e6, display=False)
glue("et_hours", f"{history.EVOLVED_TRANSFORMER_SEARCH['hours']:,}", display=False)
glue("et_gpus", history.EVOLVED_TRANSFORMER_SEARCH["gpus"], display=False)

# %% tags=["remove-cell"]
# ---- the long run: era trends, the paper's window, sensitivity
eras = history.era_trends(notable, dl_split, start=start_year, frontier=frontier)
frontier_records = history.window(records, dl_split)
eras["records"] = history.fit_trend(frontier_records["year"], frontier_records["compute"], "records")
trends = [eras["pre"], eras["post"], eras["frontier"], eras["records"]]
pw = {name: history.window(pop, *paper_window) for name, pop in
      (("notable", notable), ("frontier", frontier), ("records", records))}
paper_trends = {name: history.fit_trend(df["year"], df["compute"], f"{name}_2012_2019") for name, df in pw.items()}
trends += list(paper_trends.values())

for key, t in {**{k: v for k, v in eras.items()}, **{f"paper_{k}": v for k, v in paper_trends.items()}}.items():
    glue(f"{key}_doubling", history.fmt_doubling(t), display=False)
    glue(f"{key}_growth", history.fmt_growth(t), display=False)
    glue(f"{key}_months", float(t.doubling_months), display=False)
    glue(f"{key}_x", float(t.growth_per_year), display=False)
    glue(f"{key}_n", int(t.n), display=False)
glue("paper_records_end", int(pw["records"]["year"].max()), display=False)
glue("paper_records_last", pw["records"].sort_values("year")["model"].iloc[-1], display=False)
glue("pre_over_moore", float(moore_doubling_months / eras["pre"].doubling_months), display=False)
glue("moore_months", float(moore_doubling_months), display=False)
glue("moore_x", float(2 ** (12 / moore_doubling_months)), display=False)
glue("amodei_months", float(amodei_doubling_months), display=False)
glue("amodei_x", float(2 ** (12 / amodei_doubling_months)), display=False)
glue("ten_x_months", float(history.doubling_months(1.0)), display=False)

splits = range(split_grid[0], split_grid[1] + 1)
sens = history.split_sensitivity(notable, splits, start=start_year, frontier=frontier)
post_range = sens[sens["era"] == "post"]["doubling_months"]
pre_range = sens[sens["era"] == "pre"]["doubling_months"]
glue("split_from", int(split_grid[0]), display=False)
glue("split_to", int(split_grid[1]), display=False)
glue("post_min", float(post_range.min()), display=False)
glue("post_max", float(post_range.max()), display=False)
glue("pre_min", float(pre_range.min()), display=False)
glue("pre_max", float(pre_range.max()), display=False)
topk = history.topk_sensitivity(all_systems, topk_grid, start=dl_split)
glue("topk_min", float(topk["doubling_months"].min()), display=False)
glue("topk_max", float(topk["doubling_months"].max()), display=False)

era_labels = {"pre": f"notable, before {int(dl_split)}", "post": f"notable, {int(dl_split)} on",
              "frontier": f"frontier (top {frontier_top_k} at release), {int(dl_split)} on"}
points = notable.assign(frontier=notable["frontier"])
glue("fig_history_longrun", history.longrun_chart(points, {k: eras[k] for k in era_labels}, era_labels), display=False)
glue("fig_history_sensitivity",
     history.sensitivity_chart(sens, {"pre": "notable, before split", "post": "notable, after split",
                                      "frontier": f"frontier (top {frontier_top_k}), after split"}, dl_split),
     display=False)

# %% tags=["remove-cell"]
# ---- hardware and the anatomy of training runs
hw = history.hardware_series(hardware)
gpu_best = hw[(hw["kind"] == "GPU") & hw["best_of_year"]]
cpu_best = hw[(hw["kind"] == "CPU") & hw["best_of_year"]]
gpu_all = hw[hw["kind"] == "GPU"]
hw_trends = {
    "gpu_peak_gflops": history.fit_trend(gpu_best["year_mid"], gpu_best["gflops"], "gpu_peak_gflops"),
    "gpu_all_gflops": history.fit_trend(gpu_all["year_mid"], gpu_all["gflops"], "gpu_all_gflops"),
    "cpu_peak_gflops": history.fit_trend(cpu_best["year_mid"], cpu_best["gflops"], "cpu_peak_gflops"),
}
trends += list(hw_trends.values())
for key, t in hw_trends.items():
    glue(f"{key}_doubling", history.fmt_doubling(t), display=False)
    glue(f"{key}_growth", history.fmt_growth(t), display=False)
    glue(f"{key}_x", float(t.growth_per_year), display=False)
glue("gpu_years", f"{int(gpu_best['year'].min())}–{int(gpu_best['year'].max())}", display=False)
compare = history.window(frontier, gpu_best["year_mid"].min(), gpu_best["year_mid"].max() + 0.5)
frontier_same_years = history.fit_trend(compare["year"], compare["compute"], "frontier_gpu_years")
glue("frontier_gpu_years_x", float(frontier_same_years.growth_per_year), display=False)
glue("gap_x", float(frontier_same_years.growth_per_year / hw_trends["gpu_peak_gflops"].growth_per_year), display=False)
best_2009 = hw[hw["best_of_year"] & (hw["year"] == 2009)].set_index("kind")["gflops"]
glue("gpu_2009", float(best_2009.get("GPU", np.nan)), display=False)
glue("cpu_2009", float(best_2009.get("CPU", np.nan)), display=False)
glue("gpu_cpu_2009", float(best_2009.get("GPU", np.nan) / best_2009.get("CPU", np.nan)), display=False)
glue("fig_history_hardware",
     history.hardware_chart(hw, hw_trends["gpu_peak_gflops"], frontier_same_years,
                            f"frontier training compute (top {frontier_top_k})"), display=False)

anatomy_notable = history.run_anatomy(notable)
anatomy_frontier = history.run_anatomy(frontier)
anatomy = (history.anatomy_trends(anatomy_notable, dl_split, min_n=anatomy_min_n)
           + history.anatomy_trends(anatomy_frontier, dl_split, prefix="frontier_", min_n=anatomy_min_n))
trends += anatomy
an = {t.series: t for t in anatomy}
for key in [p + s for p in ("", "frontier_") for s in history.ANATOMY_SERIES]:
    for part, value in history.trend_texts(an.get(key)).items():
        glue(f"{key}_{part}", value, display=False)
decomposition = history.decompose_growth(anatomy_frontier, dl_split, min_n=anatomy_min_n).set_index("factor")
for key, factor in {"chips": "chips per run", "time": "training time per run",
                    "throughput": "achieved FLOP/s per chip", "compute": "training compute"}.items():
    glue(f"dec_{key}_x", float(decomposition.loc[factor, "growth_per_year"]), display=False)
    glue(f"dec_{key}_share", float(100 * decomposition.loc[factor, "share"]), display=False)
glue("dec_n", int(decomposition["n"].iloc[0]), display=False)
glue("dec_more_share", float(100 * decomposition.loc[["chips per run", "training time per run"], "share"].sum()),
     display=False)
glue("fig_history_runs",
     history.anatomy_chart(anatomy_notable, dl_split,
                           {"chips": ("Chips per run", "~s"), "days": ("Training days per run", "~g"),
                            "cost": ("Cost per run (2023 USD)", "$~s"),
                            "flop_per_dollar": ("Training FLOP per dollar", "~e")}, min_n=anatomy_min_n),
     display=False)

# %% tags=["remove-cell"]
# ---- the authors' ImageNet data
imagenet = history.imagenet_history(benchmarks["imagenet"])
img_trend = history.fit_trend(imagenet["date"], imagenet["computing_power"], "imagenet_models")
measured = imagenet[imagenet["hardware_burden"].notna()]
img_measured = history.fit_trend(measured["date"], measured["hardware_burden"], "imagenet_hardware_burden")
trends += [img_trend, img_measured]
glue("img_n", int(img_trend.n), display=False)
glue("img_measured_n", int(img_measured.n), display=False)
glue("img_growth", history.fmt_growth(img_trend), display=False)
glue("img_doubling", history.fmt_doubling(img_trend), display=False)
glue("img_measured_growth", history.fmt_growth(img_measured), display=False)
top_img = imagenet.sort_values("relative").iloc[-1]
glue("img_top_name", top_img["model"], display=False)
glue("img_top_relative", float(top_img["relative"]), display=False)
glue("fig_history_imagenet", history.imagenet_chart(imagenet, img_trend), display=False)

# ---- every fitted trend, one results table
table = history.trends_table(trends)
write_result(table, "history_trends")
forest_labels = {
    "notable_pre_dl": era_labels["pre"], "notable_all": era_labels["post"], "frontier": era_labels["frontier"],
    "records": f"record-setters, {int(dl_split)} on",
    "notable_2012_2019": "notable, 2012–2019", "frontier_2012_2019": f"frontier (top {frontier_top_k}), 2012–2019",
    "records_2012_2019": "record-setters, 2012–2019", "imagenet_models": "ImageNet models (authors)",
    "gpu_peak_gflops": "best GPU peak GFLOPS", "cpu_peak_gflops": "best CPU peak GFLOPS",
    "frontier_chips_per_run": "frontier: chips per run", "frontier_training_days_per_run": "frontier: days per run",
    "frontier_achieved_flops_per_chip": "frontier: achieved FLOP/s per chip",
    "frontier_cost_per_run": "frontier: cost per run", "cost_per_run": "notable: cost per run",
    "compute_per_dollar": "notable: training FLOP per dollar",
}
references = {"Moore's law (2-year doubling)": 2 ** (12 / moore_doubling_months),
              "paper: 10× a year": 10.0,
              f"Amodei & Hernandez: {amodei_doubling_months}-month doubling": 2 ** (12 / amodei_doubling_months)}
glue("fig_history_growth", history.growth_forest_chart(table, forest_labels, references), display=False)

# %% [markdown]
# ## The perceptron and the burden on digital computers
#
# Frank Rosenblatt's perceptron {cite:p}`rosenblatt1958perceptron` was the first network that learned its weights from examples.
# He saw the limit at once: simulating it on a digital computer was slow, and "as the number of connections in the network increases … the burden on a conventional digital computer soon becomes excessive" {cite:p}`rosenblatt1960perceptron`.
# Epoch AI estimates the training of the Perceptron Mark I at {glue:text}`perceptron_mark1:.1e` operations, and of the 1960 perceptron simulations at {glue:text}`perceptron_1960:.1e`; the largest system in the same table, {glue:text}`largest_name`, used {glue:text}`largest_compute:.1e` FLOP, {glue:text}`largest_over_perceptron:.1e` times more.
#
# In *Perceptrons* Minsky and Papert proved what single-layer networks cannot do, such as compute the exclusive-or of two inputs, and noted that deeper chains of intermediate units could escape the limit {cite:p}`minsky1969perceptrons`.
# Training such chains needed compute that did not exist, and much academic work on neural networks was abandoned for decades {cite:p}`thompson2020computational`.
# Over the following decades hardware improved by roughly 50,000×, the networks' compute grew in proportion, and so the cost of running them stayed roughly flat {cite:p}`thompson2020computational`.
# The data agree on the pace: before {glue:text}`dl_split` the training compute of notable systems doubled every {glue:text}`pre_doubling`, close to the two-year doubling of transistor counts that Moore forecast {cite:p}`moore1965cramming,moore1975progress` ({glue:text}`moore_months:.0f` months).
#
# ## GPUs and AlexNet
#
# In 2009 deep learning was still too slow on CPUs for large applications.
# Graphics processors changed that: the paper reports speed-ups of 5–15× at first, rising to 35× by 2012 {cite:p}`thompson2020computational`, after early demonstrations that deep networks could be trained on GPUs {cite:p}`raina2009large`.
# The hardware tables show the gap in peak rates: the fastest GPU released in 2009 had a peak of {glue:text}`gpu_2009:,.0f` GFLOPS against {glue:text}`cpu_2009:,.0f` for the fastest CPU, {glue:text}`gpu_cpu_2009:.0f` times more.
#
# AlexNet {cite:p}`krizhevsky2012imagenet` was trained on {glue:text}`alexnet_chips` {glue:text}`alexnet_chip` GPUs for {glue:text}`alexnet_days:.1f` days.
# In the authors' data its hardware burden (chips × peak rate × time) is {glue:text}`alexnet_burden:.2e` FLOP; Epoch's estimate of the operations actually performed is {glue:text}`alexnet_epoch:.2e`, a ratio of {glue:text}`alexnet_ratio:.1f`.
# The hardware burden counts every chip at its peak rate for the whole run, so it exceeds what the chips achieved by roughly the inverse of their utilisation.
#
# ## More chips for longer
#
# After AlexNet, the largest runs grew by adding chips and time.
# ResNeXt-101 {cite:p}`xie2017aggregated` was trained on {glue:text}`resnext_chips` GPUs for {glue:text}`resnext_days:.0f` days; NoisyStudent {cite:p}`xie2020self` on {glue:text}`noisy_chips` TPU chips for {glue:text}`noisy_days:.0f` days, a hardware burden of {glue:text}`noisy_burden:.1e` FLOP, {glue:text}`noisy_over_alexnet:,.0f` times AlexNet's.
# Architecture search multiplied the bill again: the search behind the Evolved Transformer {cite:p}`so2019evolved` corresponds to {glue:text}`et_hours` hours on {glue:text}`et_gpus` GPUs {cite:p}`strubell2019energy`, about {glue:text}`et_gpu_hours_m:.1f` million GPU hours, at a cost of millions of dollars {cite:p}`thompson2020computational`.
#
# The table sets the authors' hardware records next to Epoch's compute estimates for the same systems; the name mapping between the two tables is explicit in the package (`compute_limits.history.MILESTONES`) and the notes say where the two describe different runs.
# For {glue:text}`n_ratio_1_to_4` of the {glue:text}`n_matched` systems in both tables the burden is 1–4 times Epoch's estimate (median {glue:text}`median_ratio:.1f`), as expected of peak rates against achieved work.
# The exceptions are runs that differ between the sources (Epoch counts Xception's month-long JFT run, the authors the three-day ImageNet run) or chips whose peak depends on the number format (the authors use the A100's 32-bit peak for Florence).
# Systems before 2012, and today's largest, are in Epoch's table only.

# %% tags=["remove-input"]
charts.table(history.milestone_display(milestones))

# %% [markdown]
# ## The long run: three eras
#
# The figure shows the training compute of the {glue:text}`n_notable` notable systems in Epoch's table with a compute estimate, from 1950 to {glue:text}`newest_date`, with a log-linear trend fitted in each era.
# Before {glue:text}`dl_split`, compute doubled every {glue:text}`pre_doubling`.
# From {glue:text}`dl_split` on it doubled every {glue:text}`post_doubling`: {glue:text}`post_growth`.
# The frontier, here the systems whose compute was among the {glue:text}`frontier_top_k` largest of all {glue:text}`n_all_compute` systems in the table at their release ({glue:text}`n_frontier` systems, {glue:text}`frontier_n` of them from {glue:text}`dl_split` on), grew at {glue:text}`frontier_growth`, a doubling every {glue:text}`frontier_doubling`.
# {cite:t}`sevilla2022compute` draw the same picture: a pre-deep-learning era, a deep-learning era and a separate trend of the largest models.
#
# ```{glue:figure} fig_history_longrun
# :name: fig-history-longrun
#
# Training compute of notable machine-learning systems, 1950 to the newest date in the data (log scale), coloured by domain; diamonds mark frontier systems (top-k by compute at release).
# Lines are the log-linear trends fitted per era; hover over a point for the system, organisation, date, compute and domain.
# Data: Epoch AI.
# ```
#
# The split year is a choice.
# Moving it from {glue:text}`split_from` to {glue:text}`split_to` moves the deep-learning-era doubling time between {glue:text}`post_min:.1f` and {glue:text}`post_max:.1f` months and the earlier era's between {glue:text}`pre_min:.1f` and {glue:text}`pre_max:.1f` months, so the contrast between the eras does not depend on where exactly the line is drawn.
# The frontier's doubling time stays between {glue:text}`topk_min:.1f` and {glue:text}`topk_max:.1f` months whether the frontier is the single largest system to date or the top 50.
#
# ```{glue:figure} fig_history_sensitivity
# :name: fig-history-sensitivity
#
# Doubling time of training compute in each era against the split year between the eras (log scale), with 95% confidence bands; the dashed line marks the split used in this chapter.
# ```

# %% tags=["remove-input"]
charts.table(topk.assign(
    doubling=[f"{d:.1f} ({lo:.1f}–{hi:.1f})" for d, lo, hi in
              zip(topk["doubling_months"], topk["doubling_months_lo"], topk["doubling_months_hi"])],
    growth=topk["growth_per_year"].map(lambda g: f"{g:.2f}"),
)[["top_k", "n", "growth", "doubling"]].rename(columns={
    "top_k": "frontier = top k at release", "n": "systems", "growth": "× per year", "doubling": "doubling, months (95% CI)"}))

# %% [markdown]
# ## Was it ten times a year?
#
# The paper says the compute of notable systems grew about tenfold a year from 2012 to 2019 {cite:p}`thompson2020computational`, following {cite:t}`amodei2018compute`, who found a {glue:text}`amodei_months:.1f`-month doubling ({glue:text}`amodei_x:.1f`× a year) in the largest training runs.
# A tenfold rise each year is a doubling every {glue:text}`ten_x_months:.1f` months.
# How close the data come depends on which systems are counted:
#
# - all notable systems, 2012–2019: {glue:text}`paper_notable_growth` ({glue:text}`paper_notable_n` systems);
# - the frontier (top {glue:text}`frontier_top_k` at release), 2012–2019: {glue:text}`paper_frontier_growth`;
# - the record-setters (the largest system to date at its release), 2012–2019: {glue:text}`paper_records_growth` ({glue:text}`paper_records_n` systems, the last being {glue:text}`paper_records_last` in {glue:text}`paper_records_end`).
#
# The paper's figure is the growth of the record-setting runs, the population Amodei and Hernandez measured; the typical notable system grew far more slowly.
# Since {glue:text}`dl_split`, record-setters grew at {glue:text}`records_growth` and the wider frontier at {glue:text}`frontier_growth`: the tenfold pace of 2012–2017 did not last, but every measure of the deep-learning era stays far above Moore's law ({glue:text}`moore_x:.2f`× a year).
#
# ```{glue:figure} fig_history_growth
# :name: fig-history-growth
#
# Growth per year (log scale) of training compute, chips and cost in each population and period, with 95% confidence intervals, against Moore's law, the paper's tenfold a year and Amodei and Hernandez's 3.4-month doubling.
# ```

# %% tags=["remove-input"]
charts.table(history.trends_display(table, forest_labels))

# %% [markdown]
# ## Faster chips, or more of them?
#
# Over {glue:text}`gpu_years` the peak rate of the fastest GPU released each year grew at {glue:text}`gpu_peak_gflops_growth`, a doubling every {glue:text}`gpu_peak_gflops_doubling` (all GPUs in the table: {glue:text}`gpu_all_gflops_growth`).
# Over the same years the frontier's training compute grew {glue:text}`frontier_gpu_years_x:.1f`× a year.
# Had every chip run at its peak, faster chips would explain a factor of {glue:text}`gpu_peak_gflops_x:.2f` a year, and the remaining {glue:text}`gap_x:.1f`× a year came from elsewhere.
# That gap is the paper's point: faster chips could not have supplied the compute; the rest came from using more chips, for longer, and from getting more work out of each chip.
#
# ```{glue:figure} fig_history_hardware
# :name: fig-history-hardware
#
# Peak 32-bit GFLOPS per chip of GPUs, CPUs and Cloud TPU devices by release year (log scale), with the fitted trend of the fastest GPU of each year and, from the same starting point, the trend of frontier training compute.
# Data: Computer Progress hardware tables.
# ```
#
# Epoch's table records, for many runs, the number of chips and the training time, which split the frontier's compute into chips × time × the throughput each chip achieved.
# On the {glue:text}`dec_n` frontier runs with all three, compute grew {glue:text}`dec_compute_x:.1f`× a year: chips per run {glue:text}`dec_chips_x:.2f`× ({glue:text}`dec_chips_share:.0f`% of the growth in orders of magnitude), training time {glue:text}`dec_time_x:.2f`× ({glue:text}`dec_time_share:.0f`%) and achieved throughput per chip {glue:text}`dec_throughput_x:.2f`× ({glue:text}`dec_throughput_share:.0f`%).
# More chips for longer thus account for {glue:text}`dec_more_share:.0f`% of the growth.
# The achieved throughput per chip grew faster than the 32-bit peak of GPUs because recent chips run training in 16- and 8-bit formats on dedicated matrix units, which the peak-rate table (to 2020, 32-bit) does not capture.
#
# Chips per notable run grew at {glue:text}`chips_per_run_growth`, and training days at {glue:text}`training_days_per_run_growth`.
# The cost of a run, which later chapters use, grew at {glue:text}`cost_per_run_growth` across notable systems and at {glue:text}`frontier_cost_per_run_growth` on the frontier ({glue:text}`frontier_cost_per_run_n` runs), close to the 2.4× a year that {cite:t}`cottier2024rising` estimate for the most compute-intensive models since 2016; the training compute bought per dollar grew at {glue:text}`compute_per_dollar_growth`.
#
# ```{glue:figure} fig_history_runs
# :name: fig-history-runs
#
# The anatomy of notable training runs since the start of the deep-learning era (log scales): chips per run, training days, cost per run (2023 US dollars) and training compute per dollar, each with an exponential fit.
# Hover over a point for the system, organisation and date.
# Data: Epoch AI.
# ```
#
# ## ImageNet in the authors' data
#
# The authors' own ImageNet records rise more slowly than the frontier, because they cover the typical published ImageNet model rather than the largest runs.
# Of the ImageNet models, {glue:text}`img_n` have a training compute (the consolidated hardware burden: the burden where reported, otherwise a value predicted from network operations); it grew at {glue:text}`img_growth`, a doubling every {glue:text}`img_doubling`.
# On the {glue:text}`img_measured_n` models with a measured hardware burden alone it grew at {glue:text}`img_measured_growth`.
# The largest, {glue:text}`img_top_name`, used {glue:text}`img_top_relative:,.0f` times AlexNet's compute.
#
# ```{glue:figure} fig_history_imagenet
# :name: fig-history-imagenet
#
# Training compute of ImageNet classifiers relative to AlexNet, by publication date (log scale), from the authors' data, with the fitted trend.
# Colour shows whether the compute is a measured hardware burden or predicted from network operations.
# ```
#
# ## Re-running with newer data
#
# Epoch's table changes daily and its column names drift between exports.
# `compute_limits.live.fetch_live_epoch()` downloads the live export, checks that every required column can be found by name, and stores it with its address, sha256 and retrieval date; passing its path as `data_files={"epoch": path}` re-runs this chapter, and every number above, on the newer table.
# The trends since {glue:text}`dl_split` include the latest months, for which Epoch's compute estimates are still incomplete.
