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
# (ways-out)=
# # The ways out, quantified
#
# The paper ends by asking what could break deep learning's dependence on ever more computation {cite:p}`thompson2020computational`.
# It names the candidates (faster and more specialised hardware, new kinds of computers, cheaper algorithms, and models that need less flexibility) but gives them no numbers.
# This chapter puts numbers on them.
# It measures how fast the two levers that have actually moved (hardware and its price, and algorithms) improved in the book's own data, sets those rates beside published estimates, and asks how many years each lever, and both together, would need to bring every target of the future-cost table within a fixed training budget.
# It then measures how far the fitted scaling of each benchmark lies above the theoretical lower bound of the over-parameterisation argument, which is the room a better method could still gain.
# The chapter closes the book with a summary of what the edition reproduced, what it found beyond the paper, and the limits of both.

# %% tags=["remove-cell"]
import math

import numpy as np
from myst_nb import glue

from compute_limits import charts, fits, loaders, projections
from compute_limits import out_of_sample as oos
from compute_limits import ways_out as W
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
data_files = {}  # input overrides, data id -> path (the pipeline sets this)
budget_usd = 1e8  # the training budget a target must fit (USD, in the price year of the hardware vintage)
horizon_year = 2100  # "this century": the year by which a target counts as reachable
hardware_vintage = "h100_2025"  # vintage of data/costs.toml that prices the compute (its price year is year 0)
targets = {}  # optional override of the target error rates, benchmark id -> list of errors
growth_start = 2012.0  # first year of Epoch AI's runs used for the growth of compute per dollar
dl_split = 2010.0  # first year of the deep-learning era for the growth of frontier compute
frontier_top_k = 10  # a system is on the frontier if its compute was in the top k at its release
algorithmic_rates = {}  # optional override: benchmark id -> algorithmic gain per year (×), replacing the fitted rate
reduction_factor = 10.0  # the error reduction at which the k^4 gap is expressed (10: a tenfold lower error)
level = 0.95  # coverage of every interval
seed = 20200713  # no random draws are made in this chapter; kept so every chapter has one seed parameter

# %% tags=["remove-cell"]
configs = loaders.load_benchmark_configs()
names = {b: c.name for b, c in configs.items()}
target_map = {b: list(targets.get(b, c.targets)) for b, c in configs.items()}
costs = projections.load_costs()
vintage = costs.vintage(hardware_vintage)
base_year = vintage.price_year
horizon_years = horizon_year - base_year

# the main fits of every benchmark (all models, and the v1 vintage where it can be fitted)
prepared = {b: fits.prepared_data(b, data_files, c) for b, c in configs.items()}
mains = {b: fits.benchmark_fits(b, data_files, "all", c, prepared[b]) for b, c in configs.items()}
mains_v1 = {}
for b, c in configs.items():
    try:
        mains_v1[b] = fits.benchmark_fits(b, data_files, "v1", c, prepared[b])
    except ValueError:
        pass

# projections of every target, costed on the chosen vintage (and on the paper-era one for the v1 check)
fit_set = {(b, "all", f): mains[b][f] for b in mains for f in fits.FORMS}
fit_set.update({(b, "v1", f): mains_v1[b][f] for b in mains_v1 for f in fits.FORMS})
proj = projections.project(fit_set, target_map, level=level)
costed = projections.add_costs(proj, costs, [vintage.id])
main = costed[costed["sample"] == "all"]

# the levers' rates: hardware and demand from Epoch AI and the hardware tables, algorithms from the time trends
epoch = loaders.load_epoch(loaders.resolve("epoch", data_files))
hardware = {k: loaders.load_hardware(k, loaders.resolve(f"hw_{k}", data_files)) for k in ("gpu", "cpu", "tpu")}
book_rates = W.measured_rates(epoch, hardware, growth_start, dl_split, frontier_top_k)
alg = W.algorithmic_rates(mains, level=level)
for b, gain in algorithmic_rates.items():
    for f in fits.FORMS:
        alg[(b, f)] = W.Rate(f"algorithms: {names[b]} (set)", math.log10(gain), math.log10(gain), math.log10(gain))
hw = book_rates["compute_per_dollar"]
rates = W.rates_table(book_rates, alg, names)
write_result(rates, "ways_out_rates")

# what each lever buys
table = W.ways_out_table(main, hw, alg, budget_usd, base_year)
write_result(table, "ways_out")

# the k⁴ gap and the paper's statistics recomputed
gap = W.k_gap_table(mains, names, factor=reduction_factor, level=level)
write_result(gap, "k_gap")
repro = W.reproduction_table(mains, names, mains_v1)

# %% tags=["remove-cell"]
glue("budget_musd", float(budget_usd / 1e6), display=False)
glue("horizon_year", int(horizon_year), display=False)
glue("base_year", int(base_year), display=False)
glue("horizon_years", int(horizon_years), display=False)
glue("vintage_label", vintage.label, display=False)
glue("level_pct", int(round(100 * level)), display=False)
glue("growth_start", int(growth_start), display=False)
glue("dl_split", int(dl_split), display=False)
glue("frontier_top_k", int(frontier_top_k), display=False)
glue("cpd_start", float(hw.start_year), display=False)
glue("cpd_end", float(hw.end_year), display=False)
glue("v1_years", float(fits.V1_REPORTED["years_per_10x"]), display=False)

# measured rates
for key, r in book_rates.items():
    glue(f"{key}_x", r.per_year, display=False)
    glue(f"{key}_lo", r.per_year_lo, display=False)
    glue(f"{key}_hi", r.per_year_hi, display=False)
    glue(f"{key}_n", int(r.n), display=False)
    glue(f"{key}_doubling", float(r.doubling_months), display=False)
im = alg[("imagenet", "polynomial")]
glue("im_alg_x", im.per_year, display=False)
glue("im_alg_lo", im.per_year_lo, display=False)
glue("im_alg_hi", im.per_year_hi, display=False)
glue("im_alg_years10", float(im.years_per_10x), display=False)
glue("im_alg_doubling", float(im.doubling_months), display=False)
glue("im_alg_7y", float(im.per_year ** 7), display=False)
glue("im_alg_n", int(im.n), display=False)
glue("im_alg_exp_x", alg[("imagenet", "exponential")].per_year, display=False)
hb = W.published_rate("hernandez2020")
glue("hb_x", hb.per_year, display=False)
glue("hb_doubling", float(hb.doubling_months), display=False)
er = W.published_rate("erdil2022")
glue("erdil_x", er.per_year, display=False)
glue("erdil_lo", er.per_year_lo, display=False)
glue("erdil_hi", er.per_year_hi, display=False)
hob = W.published_rate("hobbhahn2022")
hob_ml = W.published_rate("hobbhahn2022_ml")
glue("hob_x", hob.per_year, display=False)
glue("hob_ml_x", hob_ml.per_year, display=False)
glue("hob_doubling_years", float(hob.doubling_months / 12), display=False)
glue("amodei_x", W.published_rate("amodei2018").per_year, display=False)
glue("sevilla_x", W.published_rate("sevilla2022").per_year, display=False)
glue("alg_over_hw", float(im.log10_per_year / hw.log10_per_year), display=False)
glue("both_x", float(10 ** (im.log10_per_year + hw.log10_per_year)), display=False)
glue("frontier_over_both", float(book_rates["frontier_compute"].per_year / 10 ** (im.log10_per_year + hw.log10_per_year)),
     display=False)
own = {b: alg[(b, "polynomial")] for b in configs}
bounded = [names[b] for b, r in own.items() if np.isfinite(r.hi) and r.per_year_hi <= 100 and r.lo > 0]
loose = [b for b, r in own.items() if not np.isfinite(r.hi) or r.per_year_hi > 100]
glue("alg_bounded", ", ".join(bounded) or "none", display=False)
glue("alg_loose", ", ".join(names[b] for b in loose) or "none", display=False)
glue("n_loose", int(len(loose)), display=False)
glue("alg_loose_rates", "; ".join(f"{names[b]} ×{own[b].per_year:,.0f} a year" for b in loose) or "none", display=False)
fast = [b for b in configs if b != "imagenet" and np.isfinite(own[b].per_year) and own[b].per_year > 10]
glue("alg_fast", " and ".join(names[b] for b in fast) or "none", display=False)
inside = [k for k in ("hernandez2020", "erdil2022") if im.lo <= W.published_rate(k).log10_per_year <= im.hi]
glue("published_agree", "Both published estimates lie inside the book's interval." if len(inside) == 2 else
     ("One of the two published estimates lies inside the book's interval." if inside else
      "Neither published estimate lies inside the book's interval."), display=False)
glue("alg_vs_hw", "a larger lever than" if im.log10_per_year > hw.log10_per_year else "a smaller lever than",
     display=False)
glue("cpd_vs_hob", "above" if hw.log10_per_year > hob.log10_per_year else "below", display=False)
glue("frontier_over_cpd", float(book_rates["frontier_compute"].per_year / hw.per_year), display=False)
glue("fig_ways_out_rates", W.rates_chart(rates), display=False)

# what each lever buys: ImageNet in words
poly = table[table["form"] == "polynomial"]


def yrs(bench, err, scenario, col="years_to_affordable", form="polynomial"):
    r = table[(table["benchmark"] == bench) & np.isclose(table["target_error"], err) & (table["scenario"] == scenario)
              & (table["form"] == form)]
    return float(r[col].iloc[0])


im_targets = sorted(target_map["imagenet"], reverse=True)
for tag, err in (("first", im_targets[0]), ("mid", im_targets[len(im_targets) // 2]), ("last", im_targets[-1])):
    glue(f"im_{tag}_pct", float(100 * err), display=False)
    glue(f"im_{tag}_usd", float(main[(main["benchmark"] == "imagenet") & (main["form"] == "polynomial")
                                     & np.isclose(main["target_error"], err)]["log10_usd"].iloc[0]), display=False)
    for s in W.SCENARIOS:
        glue(f"im_{tag}_{s}", W.fmt_wait(yrs("imagenet", err, s)), display=False)
        glue(f"im_{tag}_{s}_iv", W.fmt_year_interval(yrs("imagenet", err, s, "years_lo"), yrs("imagenet", err, s, "years_hi")),
             display=False)
        glue(f"im_{tag}_{s}_year", W.fmt_years(base_year + yrs("imagenet", err, s))
             if np.isfinite(yrs("imagenet", err, s)) else "never", display=False)
glue("im_last_exp_both", W.fmt_wait(yrs("imagenet", im_targets[-1], "both", form="exponential")), display=False)
glue("im_last_exp_usd", float(main[(main["benchmark"] == "imagenet") & (main["form"] == "exponential")
                                   & np.isclose(main["target_error"], im_targets[-1])]["log10_usd"].iloc[0]), display=False)
spend = book_rates["cost_per_run"]
im_last_cost = float(main[(main["benchmark"] == "imagenet") & (main["form"] == "polynomial")
                          & np.isclose(main["target_error"], im_targets[-1])]["log10_usd"].iloc[0])
glue("im_last_with_spending", W.fmt_wait(float(W.years_at_rate(im_last_cost, budget_usd,
                                                                   W.combine(hw, im, spend).log10_per_year))),
     display=False)

hw_far = poly[(poly["scenario"] == "hardware") & (poly["years_to_affordable"] > horizon_years)]
glue("n_targets", int(len(poly[poly["scenario"] == "hardware"])), display=False)
glue("n_hw_far", int(len(hw_far)), display=False)
both_poly = poly[poly["scenario"] == "both"]
glue("n_both_far", int((both_poly["years_to_affordable"] > horizon_years).sum()), display=False)
far_lo = W.out_of_reach(table, horizon_year, "years_lo")
far_outer = W.out_of_reach(table, horizon_year, "years_outer_lo")
far_point = W.out_of_reach(table, horizon_year, "years_to_affordable")
glue("far_lo", W.describe_targets(far_lo, names), display=False)
glue("far_outer", W.describe_targets(far_outer, names), display=False)
glue("far_point", W.describe_targets(far_point, names), display=False)
glue("n_far_lo", int(len(far_lo)), display=False)
glue("n_far_outer", int(len(far_outer)), display=False)
glue("n_far_point", int(len(far_point)), display=False)
glue("far_outer_statement",
     (f"No plausible combination of the levers reaches {W.describe_targets(far_outer, names)} this century: not even "
      f"both levers at the fast ends of their rates' intervals, applied to the cheap end of the projection's interval."
      if len(far_outer) else
      "Every target is reached this century by some plausible combination: both levers at the fast ends of their "
      "rates' intervals, applied to the cheap end of the projection's interval."), display=False)

# the benchmarks whose own algorithmic rate is poorly determined, at ImageNet's rate instead
common = {(b, f): alg[("imagenet", f)] for b in configs for f in fits.FORMS}
table_common = W.ways_out_table(main, hw, common, budget_usd, base_year)
sens = []
for b in loose:
    err = sorted(target_map[b])[0]
    row = table_common[(table_common["benchmark"] == b) & np.isclose(table_common["target_error"], err)
                       & (table_common["scenario"] == "both") & (table_common["form"] == "polynomial")].iloc[0]
    sens.append(f"{names[b]} at {100 * err:g}% after {W.fmt_years(yrs(b, err, 'both'))} years with its own rate, "
                f"{W.fmt_years(row['years_to_affordable'])} with ImageNet's")
glue("sens_text", "; ".join(sens) or "no benchmark is affected", display=False)
glue("fig_ways_out_years", W.years_chart(table, names, horizon_years), display=False)

# the k⁴ gap
g = gap.set_index("benchmark")
glue("k_bound", int(W.LOWER_BOUND_K), display=False)
glue("bound_factor", float(reduction_factor ** W.LOWER_BOUND_K), display=False)
glue("reduction_factor", float(reduction_factor), display=False)
glue("im_k", float(g.loc["imagenet", "k"]), display=False)
glue("im_k_lo", float(g.loc["imagenet", "k_lo"]), display=False)
glue("im_k_hi", float(g.loc["imagenet", "k_hi"]), display=False)
glue("im_gap", float(g.loc["imagenet", "gap_decades"]), display=False)
glue("im_gap_lo", float(g.loc["imagenet", "gap_lo"]), display=False)
glue("im_gap_hi", float(g.loc["imagenet", "gap_hi"]), display=False)
glue("im_room", float(100 * g.loc["imagenet", "room_share"]), display=False)
finite = gap[np.isfinite(gap["k_hi"])]
glue("gap_min", float(gap["gap_lo"].min()), display=False)
glue("gap_min_name", gap.loc[gap["gap_lo"].idxmin(), "name"], display=False)
glue("n_bound_inside", int(gap["bound_inside"].sum()), display=False)
glue("n_gap", int(len(gap)), display=False)
glue("k_unbounded", ", ".join(gap.loc[~np.isfinite(gap["k_hi"]), "name"]) or "none", display=False)
glue("k_bounded_max_name", finite.loc[finite["k"].idxmax(), "name"] if len(finite) else "none", display=False)
im_gap_years = float(g.loc["imagenet", "gap_decades"] / (im.log10_per_year + hw.log10_per_year))
glue("im_gap_years", im_gap_years, display=False)
n_inside = int(gap["bound_inside"].sum())
glue("bound_statement", (f"On every benchmark the bound lies below the fitted interval of k." if n_inside == 0 else
                         f"The bound lies inside the fitted interval of k on {n_inside} of {len(gap)} benchmarks "
                         f"({', '.join(gap.loc[gap['bound_inside'], 'name'])}), so there the data cannot tell the "
                         f"scaling from the bound."), display=False)
# The out-of-sample check, recomputed with the package (same functions as its own chapter).
oos_eval = oos.evaluate_benchmarks(configs, data_files, level)
oos_table = oos_eval["table"].set_index("benchmark")
oos_head = "imagenet" if "imagenet" in oos_table.index else oos_table.index[0]
glue("oos_name", configs[oos_head].name, display=False)
glue("oos_n_test", int(oos_table.loc[oos_head, "n_test"]), display=False)
glue("oos_coverage_pct", 100 * float(oos_table.loc[oos_head, "interval_coverage"]), display=False)
glue("oos_share_below_pct", 100 * float(oos_table.loc[oos_head, "share_below"]), display=False)
glue("oos_rmse_ratio", float(oos_table.loc[oos_head, "rmse_ratio"]), display=False)
glue("oos_n_evaluated", int(len(oos_table)), display=False)
glue("oos_k_all_inside", "inside" if bool(oos_eval["exponent"]["k_in_interval"].all()) else "not always inside", display=False)

glue("room_statement", (f"The fitted exponents lie at least {gap['gap_lo'].min():.0f} orders of magnitude (per tenfold "
                        f"error reduction, at the lower ends of their intervals) above the theoretical floor on every "
                        f"benchmark: the paper's call for more efficient methods is a call for something the bound says "
                        f"is possible." if n_inside == 0 else
                        f"On {len(gap) - n_inside} of {len(gap)} benchmarks the fitted exponents lie clearly above the "
                        f"theoretical floor; on the others the data cannot tell them apart."), display=False)


# the conclusion: numbers recomputed here
r = repro.set_index("benchmark")
others = repro[repro["benchmark"] != "wmt14_en_de"]
glue("r2_lo", float(100 * others["r2_polynomial"].min()), display=False)
glue("r2_hi", float(100 * others["r2_polynomial"].max()), display=False)
glue("r2_lo_name", others.loc[others["r2_polynomial"].idxmin(), "name"], display=False)
glue("v1_r2_lo", float(100 * others["v1_r2"].min()), display=False)
glue("v1_r2_hi", float(100 * others["v1_r2"].max()), display=False)
glue("n_benchmarks", int(len(repro)), display=False)
glue("n_significant", int(repro["slope_significant"].sum()), display=False)
glue("not_significant", ", ".join(repro.loc[~repro["slope_significant"], "name"]) or "none", display=False)
glue("im_r2", float(100 * r.loc["imagenet", "r2_polynomial"]), display=False)
glue("im_r2_gain", float(100 * r.loc["imagenet", "r2_gain_time_trend"]), display=False)
glue("im_years10", float(r.loc["imagenet", "years_per_10x"]), display=False)
glue("im_n", int(r.loc["imagenet", "n"]), display=False)
glue("im_verdict", r.loc["imagenet", "verdict"], display=False)
glue("n_poly", int((repro["verdict"] == "polynomial").sum()), display=False)
glue("n_expo", int((repro["verdict"] == "exponential").sum()), display=False)
glue("n_neither", int((repro["verdict"] == "neither").sum()), display=False)
glue("v1_r2_reported_lo", float(100 * fits.V1_REPORTED["r2_low"]), display=False)
glue("v1_r2_reported_hi", float(100 * fits.V1_REPORTED["r2_high"]), display=False)
glue("v1_im_r2_reported", float(100 * fits.V1_REPORTED["r2"]["imagenet"]), display=False)
glue("v1_im_gain_reported", float(100 * fits.V1_REPORTED["r2_gain_time_trend"]["imagenet"]), display=False)
im_rows = main[(main["benchmark"] == "imagenet") & (main["form"] == "polynomial")]
im_today = im_rows[im_rows["is_today"].astype(str).str.lower() == "true"].iloc[0]
im5 = im_rows[np.isclose(im_rows["target_error"], im_targets[0])].iloc[0]
glue("im_today_pct", float(100 * im_today["target_error"]), display=False)
glue("im_today_flops", float(im_today["log10_flops"]), display=False)
glue("im_first_flops", float(im5["log10_flops"]), display=False)
glue("im_first_lo", float(im5["log10_flops_lo"]), display=False)
glue("im_first_hi", float(im5["log10_flops_hi"]), display=False)
v1_check = projections.v1_inside_intervals(costed, costs) if "imagenet" in mains_v1 else False
glue("v1_inside", "lie inside" if v1_check else "do not all lie inside", display=False)
unbounded = main.drop_duplicates(["benchmark", "form", "target_error"])
glue("unbounded_names", ", ".join(sorted({names[b] for b in unbounded.loc[~np.isfinite(unbounded["log10_flops_hi"]),
                                                                         "benchmark"]})) or "none", display=False)

# %% [markdown]
# ## The levers the paper names
#
# **More efficient hardware.**
# The move from CPUs to GPUs, and from GPUs to chips designed for neural networks, is the lever that has already been pulled hardest.
# Google's first Tensor Processing Unit, an application-specific chip for inference, ran production networks 15–30 times faster than the CPUs and GPUs of its day, with 30–80 times more operations per watt {cite:p}`jouppi2017datacenter`; its successors train networks as well {cite:p}`jouppi2020domain`.
# With transistor scaling slowing, computer architects expect most future gains to come from such domain-specific architectures {cite:p}`hennessy2019new`, and from the "top" of the computing stack: better software, algorithms and hardware streamlining, which on a simple matrix multiplication make the difference between a naive Python program and one tens of thousands of times faster {cite:p}`leiserson2020there`.
# But specialisation is largely a one-time gain: once a chip does only what the network needs, the next step has less left to remove, which is why the paper expects diminishing returns from FPGAs and ASICs {cite:p}`thompson2020computational`.
# The rate at which hardware has actually improved is measured in the next section.
#
# **Neuromorphic and quantum computing.**
# Neuromorphic chips compute with spikes, as neurons do; Intel's Loihi solved a sparse-coding (LASSO) problem with an energy–delay product more than three orders of magnitude better than a conventional solver on a CPU {cite:p}`davies2018loihi`, but its advantage for the dense networks that dominate the benchmarks is unproven.
# Quantum algorithms promise speed-ups for some linear-algebra subroutines of machine learning, under conditions on how data are loaded into and read out of quantum states that are hard to meet, and on hardware that does not yet exist at the needed scale {cite:p}`biamonte2017quantum`.
# Neither technology has trained a model in the book's data, so neither has a rate the book could measure; the paper lists both as possibilities whose benefit for deep learning is still unproven {cite:p}`thompson2020computational`.
#
# **Reducing computational complexity.**
# A trained network can be made much cheaper to run.
# Pruning, quantisation and weight sharing shrank AlexNet's storage 35-fold and VGG-16's 49-fold without loss of accuracy {cite:p}`han2016deep`; 8-bit integer arithmetic replaces floating point at inference {cite:p}`jacob2018quantization`; low-rank factorisations compress the weight matrices; and knowledge distillation trains a small model to imitate a large one {cite:p}`hinton2015distilling`.
# These techniques mostly cut the cost of *using* a model, and most need the large model to be trained first, so they do little for the training compute the paper measures.
# Architecture search and model scaling aim at training itself: EfficientNet, whose base network was found by search and scaled in depth, width and resolution together, was 8.4 times smaller and 6.1 times faster at inference than the best earlier network of the same accuracy {cite:p}`tan2019efficientnet`.
# Yet the search is itself a computation: neural architecture search trains many candidate networks {cite:p}`zoph2017neural`, and its cost can exceed that of training the final model many times over {cite:p}`strubell2019energy`.
# Meta-learning, which learns how to adapt quickly to new tasks from few examples {cite:p}`finn2017model`, shifts compute from each new task to a costly training phase.
# The net effect of all these ideas on training compute is what the time trends of the benchmark fits measure: the progress not explained by more compute.
#
# **Moving away from deep learning.**
# The paper's last option is to give up some flexibility: expert models with fewer, well-chosen features need far less data and compute, as the simulation in {ref}`theory` shows, but only when the expert chooses well, and they cannot match flexible models once data are plentiful {cite:p}`thompson2020computational`.
# This lever has no rate either; its size is bounded by how far the benchmarks' scaling lies above what theory allows, which the last section measures.
#
# ## How fast have the levers moved?
#
# Two of the levers have moved steadily, and both can be measured in the book's data.
#
# *Hardware and prices.*
# The training compute a dollar bought in Epoch AI's notable runs is the relevant rate for the cost of training, because it folds together faster chips, cheaper chips and better utilisation.
# Fitting the {glue:text}`compute_per_dollar_n` runs from {glue:text}`growth_start` on that have a cost estimate (the first dated {glue:text}`cpd_start:.0f`, the last {glue:text}`cpd_end:.0f`) {cite:p}`epoch2024data`, it grew {glue:text}`compute_per_dollar_x:.2f`× a year ({glue:text}`level_pct`% interval {glue:text}`compute_per_dollar_lo:.2f`–{glue:text}`compute_per_dollar_hi:.2f`), a doubling every {glue:text}`compute_per_dollar_doubling:.0f` months.
# The peak rate of the fastest GPU released each year grew more slowly, {glue:text}`gpu_peak_flops_x:.2f`× a year ({glue:text}`gpu_peak_flops_lo:.2f`–{glue:text}`gpu_peak_flops_hi:.2f`) {cite:p}`computerprogress2021`.
# Hobbhahn and Besiroglu find that the FLOP/s a dollar buys in a GPU doubled every {glue:text}`hob_doubling_years:.2f` years from 2006 to 2021, {glue:text}`hob_x:.2f`× a year, and {glue:text}`hob_ml_x:.2f`× a year for the GPUs used in machine-learning research {cite:p}`hobbhahn2022gpu`: the book's run-level rate is {glue:text}`cpd_vs_hob` their rate for all GPUs and close to the one for machine-learning GPUs; it also reflects lower-precision arithmetic and how well each chip is used, which a chip's peak FLOP/s per dollar does not.
#
# *Algorithms.*
# The time trend of each benchmark fit (error on compute and publication date) converts years of progress into an equivalent multiple of compute.
# On ImageNet ({glue:text}`im_alg_n` models) one year of progress is worth {glue:text}`im_alg_x:.2f`× more compute ({glue:text}`im_alg_lo:.2f`–{glue:text}`im_alg_hi:.2f`, a Fieller interval for the ratio of the two coefficients), or a tenfold increase every {glue:text}`im_alg_years10:.1f` years.
# {glue:text}`published_agree`
# Hernandez and Brown found that the compute needed to reach AlexNet's accuracy fell 44-fold over the seven years to 2019, {glue:text}`hb_x:.2f`× a year, a halving every 16 months {cite:p}`hernandez2020measuring`; the book's rate, a halving every {glue:text}`im_alg_doubling:.0f` months, compounds to {glue:text}`im_alg_7y:.0f`× over seven years.
# Erdil and Besiroglu estimate compute-augmenting progress on ImageNet at {glue:text}`erdil_x:.2f`× a year ({glue:text}`erdil_lo:.2f`–{glue:text}`erdil_hi:.0f`) {cite:p}`erdil2022algorithmic`.
# On ImageNet, algorithms have thus been {glue:text}`alg_vs_hw` hardware: {glue:text}`alg_over_hw:.1f` times as many orders of magnitude a year.
#
# The other benchmarks have a dozen or two models each, and their algorithmic rates are less certain.
# The rate is bounded and positive for {glue:text}`alg_bounded`.
# For {glue:text}`alg_fast` the time trend attributes most progress to the calendar rather than to compute, which gives implausibly fast rates; for {glue:text}`n_loose` benchmarks ({glue:text}`alg_loose`) the interval has no useful upper end ({glue:text}`alg_loose_rates`).
# One likely reason is that much of their progress came from pre-trained language models, whose pre-training compute the record of a fine-tuning run need not include; a rate that absorbs it says little about future algorithms.
#
# *The demand for compute.*
# Against these, the compute of frontier systems (the top {glue:text}`frontier_top_k` at their release) grew {glue:text}`frontier_compute_x:.1f`× a year since {glue:text}`dl_split` ({glue:text}`frontier_compute_lo:.1f`–{glue:text}`frontier_compute_hi:.1f`), close to the fourfold a year {cite:t}`sevilla2022compute` report and below the {glue:text}`amodei_x:.1f`× of the largest runs in 2012–2018 {cite:p}`amodei2018compute`.
# Hardware and ImageNet's algorithms together supply {glue:text}`both_x:.1f`× a year; the frontier's compute grew by a further factor of {glue:text}`frontier_over_both:.1f` a year beyond that, and the difference was paid for: the cost of a notable run grew {glue:text}`cost_per_run_x:.2f`× a year ({glue:text}`cost_per_run_lo:.2f`–{glue:text}`cost_per_run_hi:.2f`).
#
# ```{glue:figure} fig_ways_out_rates
# :name: fig-ways-out-rates
#
# Growth per year (log scale) of the levers measured in this book (circles, with {glue:text}`level_pct`% intervals; the algorithmic rates are each benchmark's time-trend rate, polynomial form) and of published estimates (diamonds, with their stated intervals).
# Intervals that leave the axis are cut at its edge.
# Hover for the source, the rate and its interval.
# ```

# %% tags=["remove-input"]
charts.table(W.rates_display(rates))

# %% [markdown]
# ## What each lever buys
#
# Take the future-cost table: every target error of every benchmark, with its cost on the {glue:text}`vintage_label` vintage and the {glue:text}`level_pct`% interval of the projection.
# Suppose a budget of \${glue:text}`budget_musd:.0f` million in {glue:text}`base_year`, and suppose the levers keep moving at their historic rates: (a) hardware and prices alone, at {glue:text}`compute_per_dollar_x:.2f`× a year; (b) algorithms alone, at each benchmark's own rate; (c) both, whose gains multiply.
# A target costing $C$ today then fits the budget $B$ after $\log(C/B)/\log g$ years, where $g$ is the combined gain per year; the interval of the projection carries through unchanged in form, since its ends are costs too.
# A lever whose fitted rate is negative is counted as no gain, so pulling both levers is never slower than pulling one.
#
# On ImageNet (polynomial model), {glue:text}`im_first_pct:.0f`% error costs \$10^{glue:text}`im_first_usd:.1f` today and fits the budget {glue:text}`im_first_hardware` with hardware alone (interval: {glue:text}`im_first_hardware_iv` years).
# {glue:text}`im_mid_pct:.0f`% error (\$10^{glue:text}`im_mid_usd:.1f`) fits it {glue:text}`im_mid_hardware` with hardware alone (interval {glue:text}`im_mid_hardware_iv`), {glue:text}`im_mid_algorithms` with algorithms alone ({glue:text}`im_mid_algorithms_iv`) and {glue:text}`im_mid_both` with both ({glue:text}`im_mid_both_iv`).
# {glue:text}`im_last_pct:.0f`% error (\$10^{glue:text}`im_last_usd:.1f`) fits it {glue:text}`im_last_hardware` with hardware alone ({glue:text}`im_last_hardware_iv`; around {glue:text}`im_last_hardware_year`), {glue:text}`im_last_algorithms` with algorithms alone ({glue:text}`im_last_algorithms_iv`) and {glue:text}`im_last_both` with both ({glue:text}`im_last_both_iv`; around {glue:text}`im_last_both_year`).
# If budgets also kept growing at the historic {glue:text}`cost_per_run_x:.2f`× a year, it would be affordable {glue:text}`im_last_with_spending`.
# Under the exponential model the same target costs \$10^{glue:text}`im_last_exp_usd:.0f` and both levers together make it affordable {glue:text}`im_last_exp_both`.
#
# Of the {glue:text}`n_targets` targets under the polynomial model, hardware alone leaves {glue:text}`n_hw_far` unaffordable by {glue:text}`horizon_year`; both levers together leave {glue:text}`n_both_far`.
# At the historic rates, the point estimates of {glue:text}`n_far_point` targets (both forms) lie beyond {glue:text}`horizon_year` even with both levers: {glue:text}`far_point`.
# Even at the cheap end of the projection's interval, {glue:text}`n_far_lo` of them stay out of reach this century: {glue:text}`far_lo`.
# **{glue:text}`far_outer_statement`**
#
# ```{glue:figure} fig_ways_out_years
# :name: fig-ways-out-years
#
# Years from {glue:text}`base_year` until each target of the future-cost table costs less than \${glue:text}`budget_musd:.0f` million, with hardware and prices alone, algorithms alone, or both, for the polynomial (top) and exponential (bottom) fits to all models.
# Bars carry the {glue:text}`level_pct`% interval of the projected compute through to years; points and bars beyond the axis are drawn at its edge (triangles), and the dashed line marks {glue:text}`horizon_year`.
# Hover for the benchmark, target, model, scenario, years, interval and calendar year.
# ```
#
# The benchmarks whose own algorithmic rate is poorly determined look much easier than they are.
# Giving them ImageNet's rate instead changes the picture: {glue:text}`sens_text`.
# The table lists every target under the polynomial model; the results file `_build/results/ways_out.csv` holds both forms, the intervals from the rates and both together, and the calendar years.

# %% tags=["remove-input"]
charts.table(W.years_display(table, names))

# %% [markdown]
# ## The gap to the fourth-power bound
#
# The theory chapter ({ref}`theory`) gives a floor.
# If error falls at best as the inverse square root of the number of examples, a $k$-fold improvement needs at least $k^2$ more data; an over-parameterised model grows its parameters with its data, and training costs parameters × examples, so compute grows at least as 1/error to the power {glue:text}`k_bound` {cite:p}`thompson2020computational`.
# A {glue:text}`reduction_factor:.0f`-fold lower error then needs at least {glue:text}`bound_factor:,.0f` times the compute.
# The polynomial fits measure the actual exponent: compute ∝ $(1/\text{error})^k$ with $k = 1/b$.
#
# On ImageNet $k$ = {glue:text}`im_k:.1f` ({glue:text}`im_k_lo:.1f`–{glue:text}`im_k_hi:.1f`), so a {glue:text}`reduction_factor:.0f`-fold lower error costs {glue:text}`im_gap:.1f` more orders of magnitude of compute than the bound allows ({glue:text}`im_gap_lo:.1f`–{glue:text}`im_gap_hi:.1f`).
# A method that scaled at the bound would save {glue:text}`im_room:.0f`% of the orders of magnitude the current trend needs; at the combined historic rate of hardware and algorithms, that gap alone is {glue:text}`im_gap_years:.0f` years of progress.
# {glue:text}`bound_statement` The smallest gap is {glue:text}`gap_min:.1f` orders of magnitude, at the lower end of {glue:text}`gap_min_name`'s interval.
# For {glue:text}`k_unbounded` the slope's interval reaches zero and $k$ has no upper bound.
# The bound is loose, since it assumes the best statistical rate and perfectly efficient training, and the benchmarks' error is not the estimation error the argument is about; but the distance between the two says that the scaling of today's methods is far from a law of nature, and that a better method, not a bigger computer, is where most of the room lies.

# %% tags=["remove-input"]
charts.table(W.k_gap_display(gap, reduction_factor))

# %% [markdown]
# ## Conclusion
#
# ### What the paper claimed
#
# Thompson and colleagues argued that progress in deep learning has been bought with computation, "not by accident, but by design": the flexibility that lets a network model anything is what makes it expensive.
# On its benchmarks, performance tracked the compute of the models closely (v1: R² of {glue:text}`v1_r2_reported_lo:.0f`–{glue:text}`v1_r2_reported_hi:.0f`% for all but English–German translation, {glue:text}`v1_im_r2_reported:.0f`% on ImageNet, plus {glue:text}`v1_im_gain_reported:.0f`% from a time trend), polynomial models fitted best, and the extrapolations put the next targets beyond economic, technical and environmental reach, unless the field found more efficient methods {cite:p}`thompson2020computational`.
#
# ### What this edition reproduced
#
# From the authors' released data {cite:p}`mitfuturetech2022data`, refitted with the book's own code:
#
# - Error falls with compute on {glue:text}`n_significant` of the {glue:text}`n_benchmarks` benchmarks (slope significant at {glue:text}`level_pct`%; not on {glue:text}`not_significant`).
#   Excluding English–German translation, R² runs from {glue:text}`r2_lo:.0f`% ({glue:text}`r2_lo_name`) to {glue:text}`r2_hi:.0f`% on all models and from {glue:text}`v1_r2_lo:.0f`% to {glue:text}`v1_r2_hi:.0f`% on the models published before July 2020.
# - On ImageNet ({glue:text}`im_n` models) compute explains {glue:text}`im_r2:.0f`% of the variance and a time trend adds {glue:text}`im_r2_gain:.0f` points; a tenfold increase in compute is worth {glue:text}`im_years10:.1f` years of algorithmic progress (v1: about {glue:text}`v1_years:.0f`).
# - Inverting the ImageNet fit puts today's best error ({glue:text}`im_today_pct:.1f`%) at 10^{glue:text}`im_today_flops:.1f` FLOP and {glue:text}`im_first_pct:.0f`% at 10^{glue:text}`im_first_flops:.1f` FLOP (interval 10^{glue:text}`im_first_lo:.1f` to 10^{glue:text}`im_first_hi:.1f`); v1's published ImageNet figures {glue:text}`v1_inside` the book's intervals for the same sample.
# - Training compute of frontier systems grew {glue:text}`frontier_compute_x:.1f`× a year since {glue:text}`dl_split`, {glue:text}`frontier_over_cpd:.1f` times the growth of compute per dollar ({glue:text}`compute_per_dollar_x:.2f`× a year): most of the growth came from spending more, on more chips for longer.
#
# ### What it found beyond the paper
#
# - **Intervals.** Every projection carries a {glue:text}`level_pct`% interval; for {glue:text}`unbounded_names` the data cannot bound the compute of lower targets at all.
# - **Which form fits best.** v1 preferred the polynomial form; compared on a common scale (AIC of log10(error) and leave-one-out error), the polynomial form is clearly better for {glue:text}`n_poly` of the benchmarks, the exponential for {glue:text}`n_expo` (on ImageNet: {glue:text}`im_verdict`) and neither for {glue:text}`n_neither`.
# - **Two levers, measured.** On ImageNet algorithms have been {glue:text}`alg_vs_hw` hardware, {glue:text}`im_alg_x:.2f`× a year against {glue:text}`compute_per_dollar_x:.2f`× for hardware and prices, in line with independent estimates {cite:p}`hernandez2020measuring,erdil2022algorithmic`.
# - **Dates, not adjectives.** With a \${glue:text}`budget_musd:.0f` million budget, ImageNet at {glue:text}`im_last_pct:.0f`% error (polynomial model) becomes affordable around {glue:text}`im_last_hardware_year` with hardware alone and around {glue:text}`im_last_both_year` with both levers; {glue:text}`n_far_lo` targets stay out of reach this century under any combination of the historic rates.
# - **Out of sample.** Fitted on the models published before July 2020, the {glue:text}`oos_name` line predicts the {glue:text}`oos_n_test` later models with an RMSE {glue:text}`oos_rmse_ratio:.1f` times its in-sample one; {glue:text}`oos_share_below_pct:.0f`% of them lie below it (better than the 2020 trend for their compute) and {glue:text}`oos_coverage_pct:.0f`% fall inside its {glue:text}`level_pct`% prediction interval. The exponents fitted on all data are {glue:text}`oos_k_all_inside` the 2020 intervals on every benchmark ({ref}`out-of-sample`).
# - **The room left.** {glue:text}`room_statement`
#
# ### The limits of the analysis
#
# - The compute measure is the hardware burden, chips × *peak* rate × time of the final training run; it ignores utilisation, tuning, architecture search and pre-training unless a paper reported them, and for many ImageNet and COCO models it is predicted from network operations.
# - The data are the authors' second release; the pre-July-2020 rows stand in for v1's sample but need not match it.
# - Outside ImageNet each benchmark has a dozen or two models; slopes, time trends and their ratios rest on few points, and the rates the scenarios use are correspondingly uncertain.
# - Every projection extends a straight line many orders of magnitude beyond the data; the intervals describe the uncertainty of the line, not the chance that a new regime (a new architecture, new data, a new training recipe) breaks it.
# - The time trend measures all progress not explained by the final run's compute (better architectures and training, but also more pre-training data), so the "algorithmic" rate mixes several levers.
# - The scenarios assume that decades of exponential improvement continue at the historic rates; nothing physical or economic guarantees that, and compute per dollar, measured on runs with a cost estimate, inherits Epoch AI's cost assumptions.
# - Dollars depend on the hardware vintage and on counting its peak at the right precision, as {ref}`future-costs` shows: a factor of ten in cost moves every date by the years the levers need to make up that factor.
