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
# (future-costs)=
# # What lower error rates would cost
#
# The paper's most quoted result is a table: the computation, carbon and dollars needed to push each benchmark to lower error rates if the fitted trends hold {cite:p}`thompson2020computational`.
# This chapter rebuilds that table from the book's own fits, converts compute to money and CO2 from cited hardware, price and grid figures, and adds what the paper left out: an interval on every projection.
# It then sets the numbers against things readers know and asks when each target would become affordable if hardware and spending keep improving at their historic rates.

# %% tags=["remove-cell"]
import numpy as np
from myst_nb import glue

from compute_limits import charts, loaders, projections
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
data_files = {}  # input overrides, data id -> path (the pipeline sets this)
n_boot = 1000  # bootstrap replicates per fit
seed = 20200713  # every random draw comes from this
budget_usd = 1e8  # the training budget for "years until affordable" (USD)
hardware_vintage = "h100_2025"  # the vintage of data/costs.toml used for the main table
targets = {}  # optional override of the target error rates, benchmark id -> list of errors
growth_start = 2012.0  # first year of the history used for growth in compute per dollar and in spending
level = 0.95  # coverage of every interval

# %% tags=["remove-cell"]
configs = loaders.load_benchmark_configs()
names = {b: c.name for b, c in configs.items()}
costs = projections.load_costs()
vintage = costs.vintage(hardware_vintage)
v100 = costs.vintage("v100_2019")
target_map = {b: list(targets.get(b, c.targets)) for b, c in configs.items()}

fit_set, data_set = projections.collect_fits(configs, data_files)
proj = projections.project(fit_set, target_map, data_set, n_boot=n_boot, seed=seed, cluster="paper_link", level=level)
costed = projections.add_costs(proj, costs)
write_result(projections.contract(costed), "projections")
vintages = projections.vintage_table(costs)
write_result(vintages, "cost_vintages")
main = costed[(costed["sample"] == "all") & (costed["hardware_vintage"] == vintage.id)]

epoch = loaders.load_epoch(loaders.resolve("epoch", data_files))
refs = projections.reference_lines(costs, epoch, vintage.id)
growth = projections.historic_growth(epoch, start=growth_start)
g_cpd, g_cost = growth["compute_per_dollar"], growth["cost_per_run"]
scenarios = {
    "hardware and prices only (fixed budget)": {"compute_per_dollar_growth": g_cpd.growth_per_year},
    "hardware, prices and growing budgets": {"compute_per_dollar_growth": g_cpd.growth_per_year,
                                             "spending_growth": g_cost.growth_per_year},
}
afford = projections.affordability(main, scenarios, budget_usd)
write_result(afford[["benchmark", "target_error", "is_today", "form", "sample", "hardware_vintage", "log10_usd",
                     "scenario", "budget_usd", "years", "affordable_year"]], "affordability")

# %% tags=["remove-cell"]
def row(bench="imagenet", sample="all", form="polynomial", vid=None, err=None, today=False):
    return projections.lookup(costed, bench, sample, form, vid or vintage.id, err, today)


im_today = row(today=True)
im5, im1 = row(err=0.05), row(err=0.01)
im5e, im1e = row(form="exponential", err=0.05), row(form="exponential", err=0.01)
v1_today, v1_5, v1_1 = (row(sample="v1", vid="v100_2019", today=True), row(sample="v1", vid="v100_2019", err=0.05),
                        row(sample="v1", vid="v100_2019", err=0.01))
v1_5e = row(sample="v1", form="exponential", vid="v100_2019", err=0.05)
glue("n_boot", int(n_boot), display=False)
glue("level_pct", int(round(100 * level)), display=False)
glue("vintage_label", vintage.label, display=False)
glue("budget_musd", float(budget_usd / 1e6), display=False)
glue("im_today_err", float(100 * im_today["target_error"]), display=False)
glue("im_today_gflops", float(im_today["log10_gflops"]), display=False)
glue("im5_gflops", float(im5["log10_gflops"]), display=False)
glue("im1_gflops", float(im1["log10_gflops"]), display=False)
glue("im1_lo", float(im1["log10_flops_lo"] - 9), display=False)
glue("im1_hi", float(im1["log10_flops_hi"] - 9), display=False)
glue("im_today_width", float(im_today["log10_flops_hi"] - im_today["log10_flops_lo"]), display=False)
glue("im1_width", float(im1["log10_flops_hi"] - im1["log10_flops_lo"]), display=False)
glue("im1e_gflops", float(im1e["log10_gflops"]), display=False)
glue("im1e_width", float(im1e["log10_flops_hi"] - im1e["log10_flops_lo"]), display=False)
glue("im1_beyond", float(im1["decades_beyond_data"]), display=False)
glue("im1e_beyond", float(im1e["decades_beyond_data"]), display=False)
glue("im5_usd", float(im5["log10_usd"]), display=False)
glue("im5e_usd", float(im5e["log10_usd"]), display=False)
glue("im1_usd", float(im1["log10_usd"]), display=False)
glue("im5_co2_kg", float(im5["log10_co2_kg"]), display=False)
unbounded = main.drop_duplicates(["benchmark", "form", "target_error"])
unbounded = unbounded[~np.isfinite(unbounded["log10_flops_hi"])]
glue("n_unbounded", int(len(unbounded)), display=False)
glue("unbounded_benchmarks", ", ".join(sorted({names[b] for b in unbounded["benchmark"]})) or "none", display=False)

for v in costs.vintages.values():
    glue(f"usd_gflop_{v.id}", float(v.usd_per_flop() * 1e9), display=False)
    glue(f"lbs_gflop_{v.id}", float(v.lbs_per_flop() * 1e9), display=False)
    glue(f"kg_gflop_{v.id}", float(v.kg_per_flop() * 1e9), display=False)
glue("usd_ratio_v100_h100", float(v100.usd_per_flop() / vintage.usd_per_flop()), display=False)
glue("fp32_ratio", float(costs.vintage("h100_2025_fp32").usd_per_flop() / costs.vintage("h100_2025").usd_per_flop()),
     display=False)
glue("hyperscaler_ratio", float(costs.vintage("h100_2023_hyperscaler").usd_per_flop() / costs.vintage("h100_2025").usd_per_flop()),
     display=False)
glue("v100_util_pct", float(100 * v100.utilization), display=False)
glue("h100_util_pct", float(100 * costs.vintage("h100_2025").utilization), display=False)

v1pub, sp = costs.reference["v1_imagenet"], costs.reference["spectrum_imagenet"]
glue("v100_grid", float(v100.grid_lbs_co2e_per_kwh), display=False)
glue("v100_pue", float(v100.pue), display=False)
glue("v1_anchor", float(v1pub["anchor_log10_usd_per_gflop"]), display=False)
glue("v1_pub_err", float(100 * v1pub["today_error"]), display=False)
glue("v1_pub_today", float(v1pub["today_log10_gflops"]), display=False)
glue("v1_pub_today_usd", float(v1pub["today_log10_usd"]), display=False)
glue("v1_pub_5", float(v1pub["error_5_log10_gflops"]), display=False)
glue("v1_pub_1", float(v1pub["error_1_log10_gflops"]), display=False)
glue("v1_pub_1_usd", float(v1pub["error_1_log10_usd"]), display=False)
glue("sp_flops", float(sp["log10_flops"]), display=False)
glue("sp_gflops", float(sp["log10_flops"] - 9), display=False)
glue("sp_busd", float(sp["usd"] / 1e9), display=False)
glue("v1_today_err", float(100 * v1_today["target_error"]), display=False)
glue("v1_today_gflops", float(v1_today["log10_gflops"]), display=False)
glue("v1_today_usd", float(v1_today["log10_usd"]), display=False)
glue("v1_5_gflops", float(v1_5["log10_gflops"]), display=False)
glue("v1_5_lo", float(v1_5["log10_flops_lo"] - 9), display=False)
glue("v1_5_hi", float(v1_5["log10_flops_hi"] - 9), display=False)
glue("v1_5_flops", float(v1_5["log10_flops"]), display=False)
glue("v1_5_usd", float(v1_5["log10_usd"]), display=False)
glue("v1_5e_gflops", float(v1_5e["log10_gflops"]), display=False)
glue("v1_inside", "all lie inside" if projections.v1_inside_intervals(costed, costs) else "do not all lie inside",
     display=False)
glue("v1_1_gflops", float(v1_1["log10_gflops"]), display=False)
glue("v1_1_usd", float(v1_1["log10_usd"]), display=False)
nyc_month_kg = costs.reference["nyc_co2e_tonnes_per_year"] * 1000 / 12
glue("v1_5_nyc_months", float(10 ** (v1_5["log10_co2_kg"] - np.log10(nyc_month_kg))), display=False)
glue("spectrum_lbs_gflop", float(nyc_month_kg / projections.LBS_TO_KG / 10 ** (sp["log10_flops"] - 9)), display=False)

glue("largest_run", str(epoch.loc[epoch["compute"].idxmax(), "model"]), display=False)
glue("largest_run_date", f"{epoch.loc[epoch['compute'].idxmax(), 'date']:%B %Y}", display=False)
glue("largest_run_flops", float(refs.loc[0, "log10_flops"]), display=False)
glue("gdp_flops", float(refs.loc[1, "log10_flops"]), display=False)
glue("nyc_flops", float(refs.loc[2, "log10_flops"]), display=False)
glue("gdp_trillion", float(costs.reference["world_gdp_usd"] / 1e12), display=False)
glue("nyc_mt", float(costs.reference["nyc_co2e_tonnes_per_year"] / 1e6), display=False)
d5 = float(im5["log10_flops"] - refs.loc[0, "log10_flops"])
glue("im5_vs_largest_text", f"{abs(d5):.1f} decades {'more' if d5 > 0 else 'less'} than", display=False)
glue("im1_vs_largest", float(im1["log10_flops"] - refs.loc[0, "log10_flops"]), display=False)
glue("burden_over_ops", float(1 / costs.vintage("h100_2025").utilization), display=False)
glue("burden_over_ops_dec", float(-np.log10(costs.vintage("h100_2025").utilization)), display=False)
glue("fig_projections", projections.projection_chart(main, refs, names), display=False)

glue("g_cpd", float(g_cpd.growth_per_year), display=False)
glue("g_cpd_lo", float(g_cpd.growth_lo), display=False)
glue("g_cpd_hi", float(g_cpd.growth_hi), display=False)
glue("g_cpd_doubling", float(g_cpd.doubling_months), display=False)
glue("g_cost", float(g_cost.growth_per_year), display=False)
glue("g_cost_lo", float(g_cost.growth_lo), display=False)
glue("g_cost_hi", float(g_cost.growth_hi), display=False)
glue("g_n", int(g_cpd.n), display=False)
glue("cottier_growth", float(projections.PUBLISHED_GROWTH["frontier_cost_per_run"]), display=False)
glue("g_start", float(g_cpd.start_year), display=False)
glue("g_end", float(g_cpd.end_year), display=False)
for pct in (5, 3, 1):
    yrs = afford[(afford["benchmark"] == "imagenet") & (afford["form"] == "polynomial")
                 & np.isclose(afford["target_error"], pct / 100)].set_index("scenario")["affordable_year"]
    glue(f"im{pct}_year_hw", float(yrs.iloc[0]), display=False)
    glue(f"im{pct}_year_both", float(yrs.iloc[1]), display=False)

# %% [markdown]
# ## From a fitted line to a compute requirement
#
# Each benchmark page fits the error of its models against their training compute in two forms, polynomial and exponential (see the benchmark chapters).
# This chapter uses those fits as they are, on the main compute measure (consolidated hardware burden for ImageNet and COCO, hardware burden elsewhere), and inverts them: it solves the fitted line for the compute at which the predicted error equals a target.
# As in the paper, "today" is the best error among the models the fit saw, and the lower targets come from `data/benchmarks.toml`.
#
# On ImageNet, the polynomial fit to all models puts today's best error, {glue:text}`im_today_err:.1f`%, at 10^{glue:text}`im_today_gflops:.1f` GFLOPs of hardware burden.
# Reaching 5% would take 10^{glue:text}`im5_gflops:.1f` GFLOPs and 1% would take 10^{glue:text}`im1_gflops:.1f` GFLOPs.
# The exponential fit is far more pessimistic at the low end: 10^{glue:text}`im1e_gflops:.1f` GFLOPs for 1%.
#
# ### How sure can we be?
#
# The paper gives point values only.
# The book puts a {glue:text}`level_pct`% interval on every projection in three ways:
#
# - **Inverse regression** (the interval in the results table): the compute values at which a model's error is statistically compatible with the target, given the fit's parameter covariance and its residual variance.
#   It is the classical calibration (Fieller) interval; it is bounded only when the slope is clearly positive and is otherwise open-ended.
# - **Delta method**: a first-order approximation of the same quantity, symmetric in log compute.
# - **Bootstrap over models**: {glue:text}`n_boot` resamples of the papers (all models of a paper enter or leave together), each refitted with the same fitting function and inverted, with a resampled residual added so that it too covers where a single model lands.
#
# Extrapolating a straight line over many orders of magnitude is fragile, and the intervals say so.
# For ImageNet's polynomial fit the interval is {glue:text}`im_today_width:.1f` decades wide at today's error; at 1% error, {glue:text}`im1_beyond:.1f` decades of compute beyond the largest model in the data, it is {glue:text}`im1_width:.1f` decades wide, from 10^{glue:text}`im1_lo:.1f` to 10^{glue:text}`im1_hi:.1f` GFLOPs.
# Under the exponential fit the 1% point lies {glue:text}`im1e_beyond:.0f` decades beyond the data and its interval spans {glue:text}`im1e_width:.0f` decades.
# For {glue:text}`n_unbounded` benchmark–target–model combinations (on {glue:text}`unbounded_benchmarks`) the slope is not significant and the interval has no upper end at all: the data cannot say how much compute those targets need.
# The intervals also assume the line itself is right; they say nothing about a change of regime (a new architecture, a new training recipe) that the history of the benchmarks does not contain.
# The next table shows the three intervals side by side for ImageNet.

# %% tags=["remove-input"]
charts.table(projections.interval_table(costed, "imagenet"))

# %% [markdown]
# ## From compute to dollars and CO2
#
# The hardware burden counts chips × *peak* rate × time, so the consistent conversion is a cost per peak FLOP: a projected burden divided by a chip's peak rate is a number of chip-hours, which a cloud price turns into dollars and the chip's power, the data centre's PUE and the grid's carbon intensity turn into CO2.
# Utilisation does not enter: a burden counted at peak already contains the idle fraction.
# (It would enter if one converted network operations, the work actually done; real runs achieve about {glue:text}`v100_util_pct:.0f`% of peak on V100s {cite:p}`chowdhery2022palm` and about {glue:text}`h100_util_pct:.0f`% of the BF16 peak on H100s {cite:p}`dubey2024llama3`.)
# Every input sits in one documented file, `data/costs.toml`, with its source; the table lists the vintages it holds.
#
# The paper-era vintage follows the paper's source {cite:p}`strubell2019energy`: {glue:text}`v100_grid:.3f` lbs CO2e per kWh, a PUE of {glue:text}`v100_pue:.2f`, and a V100 at its FP32 peak {cite:p}`nvidia2017v100` rented at 2019 on-demand prices {cite:p}`googlecloud2019gpu`.
# It costs {glue:text}`usd_gflop_v100_2019:.1e` USD and emits {glue:text}`lbs_gflop_v100_2019:.1e` lbs ({glue:text}`kg_gflop_v100_2019:.1e` kg) of CO2 per GFLOP, the same order as the ≈10^{glue:text}`v1_anchor:.0f` implied by v1's ImageNet anchors.
# An H100 rented in 2025 {cite:p}`nvidia2022h100,lambda2025pricing`, on a 2022 US grid {cite:p}`eia2023co2` and an average data centre {cite:p}`uptime2024survey`, costs {glue:text}`usd_gflop_h100_2025:.1e` USD and emits {glue:text}`lbs_gflop_h100_2025:.1e` lbs ({glue:text}`kg_gflop_h100_2025:.1e` kg) per GFLOP at its dense BF16 peak: {glue:text}`usd_ratio_v100_h100:.0f` times cheaper per peak FLOP.
# Which peak matters as much as which year: the authors' data count GPUs at their FP32 rate, and an H100 counted that way is {glue:text}`fp32_ratio:.0f` times dearer per peak FLOP than at its BF16 rate, although the chip, the price and the work done are the same.
# A hyperscaler's list price {cite:p}`nextplatform2023h100` moves the dollar figure by another factor of {glue:text}`hyperscaler_ratio:.1f`.

# %% tags=["remove-input"]
charts.table(vintages[["label", "peak_precision", "peak_tflops", "power_w", "price_usd_per_hour", "price_date", "pue",
                       "grid_lbs_co2e_per_kwh", "usd_per_gflop", "lbs_per_gflop", "kg_per_gflop"]].rename(columns={
    "label": "Vintage", "peak_precision": "Peak", "peak_tflops": "Peak TFLOP/s", "power_w": "Watts",
    "price_usd_per_hour": "USD/h", "price_date": "Price date", "pue": "PUE", "grid_lbs_co2e_per_kwh": "lbs CO2/kWh",
    "usd_per_gflop": "USD/GFLOP", "lbs_per_gflop": "lbs/GFLOP", "kg_per_gflop": "kg/GFLOP"}))

# %% [markdown]
# ## The table
#
# The paper's table, rebuilt from all models in the data and costed on the {glue:text}`vintage_label` vintage.
# Every entry is a power of ten; the bracket is the {glue:text}`level_pct`% inverse-regression interval of the compute ("∞" where the data do not bound it).
# The dollar and CO2 columns scale with the compute, so their intervals are the compute interval shifted by the same number of decades.
# On this vintage, ImageNet at 5% error costs \$10^{glue:text}`im5_usd:.1f` under the polynomial model and \$10^{glue:text}`im5e_usd:.1f` under the exponential one, and 1% costs \$10^{glue:text}`im1_usd:.1f`.

# %% tags=["remove-input"]
charts.table(projections.paper_table(main, names))

# %% [markdown]
# ## Side by side with v1
#
# v1 fitted the models published before July 2020.
# Refitting the same sample and costing it on the paper-era vintage puts today's error ({glue:text}`v1_today_err:.1f`%; v1 said {glue:text}`v1_pub_err:.1f`%) at 10^{glue:text}`v1_today_gflops:.1f` GFLOPs and \$10^{glue:text}`v1_today_usd:.1f` (v1: 10^{glue:text}`v1_pub_today:.0f` GFLOPs, ≈\$10^{glue:text}`v1_pub_today_usd:.0f`).
# 5% error needs 10^{glue:text}`v1_5_gflops:.1f` GFLOPs (interval 10^{glue:text}`v1_5_lo:.1f` to 10^{glue:text}`v1_5_hi:.1f`; v1: 10^{glue:text}`v1_pub_5:.0f`) and 1% needs 10^{glue:text}`v1_1_gflops:.1f` GFLOPs and \$10^{glue:text}`v1_1_usd:.1f` (v1: 10^{glue:text}`v1_pub_1:.0f` GFLOPs, \$10^{glue:text}`v1_pub_1_usd:.0f`).
# IEEE Spectrum's 5% figure, 10^{glue:text}`sp_flops:.0f` FLOPs and about \${glue:text}`sp_busd:.0f` billion {cite:p}`thompson2021diminishing`, compares with the book's 10^{glue:text}`v1_5_flops:.1f` FLOPs and \$10^{glue:text}`v1_5_usd:.1f`.
#
# The gaps have three sources.
# First, the sample is not v1's: the released data are v2's, whose pre-July-2020 rows and consolidated burdens need not match the 2020 spreadsheet, so the slope, and with it every extrapolation, differs; the gap grows with the distance from the data, which is why the 1% row differs more than today's.
# Second, the book's V100 costs {glue:text}`usd_gflop_v100_2019:.1e` USD per GFLOP rather than a round 10^{glue:text}`v1_anchor:.0f`.
# Third, Spectrum's carbon comparison implies about {glue:text}`spectrum_lbs_gflop:.0e` lbs per GFLOP (a month of New York City's roughly {glue:text}`nyc_mt:.0f` Mt a year {cite:p}`nyc2022ghg`, spread over 10^{glue:text}`sp_gflops:.0f` GFLOPs), an order of magnitude below the v1 anchor; on the paper-era vintage the book's 5% projection would emit {glue:text}`v1_5_nyc_months:.0f` months of the city's emissions.
# v1's three ImageNet compute figures {glue:text}`v1_inside` the book's {glue:text}`level_pct`% intervals for the same sample: the differences are smaller than the uncertainty of the extrapolation itself.

# %% tags=["remove-input"]
charts.table(projections.v1_comparison(costed, costs))

# %% [markdown]
# ## A sense of scale
#
# The largest training run in Epoch AI's table {cite:p}`epoch2024data`, {glue:text}`largest_run` ({glue:text}`largest_run_date`), used about 10^{glue:text}`largest_run_flops:.1f` FLOP.
# ImageNet at 5% error under the polynomial model needs {glue:text}`im5_vs_largest_text` that, and 1% needs {glue:text}`im1_vs_largest:.1f` decades more.
# The two measures differ: Epoch counts the operations a run performed, while the hardware burden counts peak capacity, about {glue:text}`burden_over_ops:.1f` times more at {glue:text}`h100_util_pct:.0f`% utilisation, so on a burden basis the largest run would sit about {glue:text}`burden_over_ops_dec:.1f` decades further up the scale.
# On the {glue:text}`vintage_label` vintage a year of world GDP, about \${glue:text}`gdp_trillion:.0f` trillion {cite:p}`worldbank2024gdp`, buys 10^{glue:text}`gdp_flops:.1f` FLOP of hardware burden, and a year of New York City's emissions ({glue:text}`nyc_mt:.0f` Mt CO2e {cite:p}`nyc2022ghg`) corresponds to 10^{glue:text}`nyc_flops:.1f` FLOP.
# The figure places every projection against these three lines.
#
# ```{glue:figure} fig_projections
# :name: fig-future-costs-projections
#
# Training compute needed to reach today's best error and each lower target, for every benchmark, under the polynomial and the exponential fit to all models, with {glue:text}`level_pct`% inverse-regression intervals (bars that reach the right edge are unbounded or off the scale; triangles mark projections beyond the axis).
# Dashed lines: the largest training run in Epoch AI's table, and the compute that a year of world GDP buys and that a year of New York City's emissions corresponds to on the reference hardware.
# Hover over a point for the benchmark, target, model, interval, cost and CO2.
# ```
#
# The dollar figure depends on the hardware as much as on the fit; the next table costs ImageNet at 5% on every vintage.

# %% tags=["remove-input"]
charts.table(projections.sensitivity_table(costed, costs, "imagenet", 0.05))

# %% [markdown]
# ## When would each target become affordable?
#
# Suppose a training budget of \${glue:text}`budget_musd:.0f` million in the price year of the reference hardware, and suppose the trends of the past continue.
# Fitting Epoch AI's notable systems with a cost estimate ({glue:text}`g_n` runs, {glue:text}`g_start:.0f`–{glue:text}`g_end:.0f`), training compute per dollar grew {glue:text}`g_cpd:.2f`× a year ({glue:text}`level_pct`% interval {glue:text}`g_cpd_lo:.2f`–{glue:text}`g_cpd_hi:.2f`; doubling every {glue:text}`g_cpd_doubling:.0f` months) and the cost of a run grew {glue:text}`g_cost:.2f`× a year ({glue:text}`g_cost_lo:.2f`–{glue:text}`g_cost_hi:.2f`), slower than the {glue:text}`cottier_growth:.1f`× a year {cite:t}`cottier2024rising` find for frontier models alone.
# If only compute per dollar improves, a target costing $C$ today becomes affordable after $\log(C/B)/\log g$ years; if budgets grow too, their growth adds to the rate.
# Under the polynomial model ImageNet at 5% error becomes affordable around {glue:text}`im5_year_hw:.0f`; 3% around {glue:text}`im3_year_hw:.0f` with hardware gains alone and around {glue:text}`im3_year_both:.0f` if budgets keep growing as well; 1% around {glue:text}`im1_year_hw:.0f` and {glue:text}`im1_year_both:.0f`.
# These dates assume decades of uninterrupted exponential growth in both, which no physical or economic law guarantees; the closing chapter adds algorithmic progress and other scenarios with the same function.

# %% tags=["remove-input"]
charts.table(projections.affordability_table(afford, names))

# %% [markdown]
# The results are in `_build/results/projections.csv` (every benchmark, target, model, sample and vintage, with all three intervals), `cost_vintages.csv` and `affordability.csv`.
