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
# (data-appendix)=
# # Appendix A: The data
#
# Every number in this book is computed from public data that the build fetches by address and checks by sha256.
# This appendix describes each source as the build read it: how many models, which years, and how many rows carry a score and each measure of compute.

# %% tags=["remove-cell"]
from myst_nb import glue

from compute_limits import charts, loaders, summaries
from compute_limits.results import write_result

charts.enable()

# %% tags=["parameters", "remove-cell"]
data_files = {}  # input overrides, data id -> path (the pipeline sets this)

# %% tags=["remove-cell"]
configs = loaders.load_benchmark_configs()
bench, models = summaries.benchmark_summary(configs, data_files)
epoch = loaders.load_epoch(loaders.resolve("epoch", data_files))
epoch_info = summaries.epoch_summary(epoch)
hardware = summaries.hardware_summary(data_files)

write_result(bench, "data_summary")

glue("n_benchmarks", len(bench), display=False)
glue("n_models_total", int(bench["models"].sum()), display=False)
glue("first_year", int(bench["first_year"].min()), display=False)
glue("last_year", int(bench["last_year"].max()), display=False)
for _, row in bench.iterrows():
    glue(f"models_{row['benchmark']}", int(row["models"]), display=False)
glue("imagenet_consolidated", int(bench.set_index("benchmark").loc["imagenet", "score_and_consolidated"]), display=False)
glue("imagenet_hw", int(bench.set_index("benchmark").loc["imagenet", "score_and_hardware_burden"]), display=False)
glue("imagenet_net", int(bench.set_index("benchmark").loc["imagenet", "score_and_network_operations"]), display=False)
for key, value in epoch_info.items():
    glue(f"epoch_{key}", value, display=False)
glue("n_gpus", int(hardware.set_index("table").loc["gpu", "rows"]), display=False)
glue("n_cpus", int(hardware.set_index("table").loc["cpu", "rows"]), display=False)
glue("fig_models_per_year", summaries.models_per_year_chart(models), display=False)

# %% [markdown]
# ## The authors' per-benchmark data
#
# The authors released one CSV per benchmark {cite:p}`mitfuturetech2022data` under GPL-3.0.
# Together they list {glue:text}`n_models_total` models across {glue:text}`n_benchmarks` benchmarks, published from {glue:text}`first_year` to {glue:text}`last_year`.
# Each file has a flat header, two rows of group labels and one unnamed row; the loader drops those, types every column and validates it (scores between 0 and 100, compute strictly positive, no model listed twice with the same paper).
#
# Few models report their compute.
# On ImageNet, {glue:text}`imagenet_hw` of the {glue:text}`models_imagenet` models have a hardware burden and {glue:text}`imagenet_net` have network operations; the consolidated measure, which fills missing hardware burdens from network operations, covers {glue:text}`imagenet_consolidated`.
# The table gives the same counts for every benchmark.

# %% tags=["remove-input"]
charts.table(
    bench.rename(columns={
        "name": "benchmark", "benchmark": "id", "models": "models", "first_year": "from", "last_year": "to",
        "with_score": "with score", "score_and_network_operations": "score + net. ops",
        "score_and_hardware_burden": "score + hw burden", "score_and_consolidated": "score + consolidated",
        "dated_by_arxiv": "arXiv-dated",
    })[["benchmark", "metric", "models", "from", "to", "with score", "score + net. ops", "score + hw burden",
        "score + consolidated", "arXiv-dated"]]
)

# %% [markdown]
# ```{glue:figure} fig_models_per_year
# :name: fig-data-models-per-year
#
# Models per publication year in each benchmark file (all models, with or without a compute figure).
# Hover over a bar for the benchmark, year and count.
# ```
#
# ## Epoch AI's model table
#
# For the history of training compute the book uses Epoch AI's table of machine-learning systems {cite:p}`epoch2024data` (CC BY 4.0), in the snapshot kept with {cite:t}`cottier2024rising`.
# It holds {glue:text}`epoch_rows` systems published between {glue:text}`epoch_first_date` and {glue:text}`epoch_last_date`; {glue:text}`epoch_with_compute` have a training-compute estimate and {glue:text}`epoch_notable` meet Epoch's notability criteria ({glue:text}`epoch_notable_with_compute` of them with compute).
# Its columns are mapped by name, because they drift between exports.
#
# ## Hardware tables
#
# Peak rates of {glue:text}`n_gpus` GPUs, {glue:text}`n_cpus` CPUs and the Cloud TPUs come from the Computer Progress tables {cite:p}`computerprogress2021` (GPL-3.0), built by the paper's authors' lab to hold the peak rates that enter the hardware burden.

# %% tags=["remove-input"]
charts.table(hardware)

# %% [markdown]
# ## Files, addresses and checksums
#
# The build never reads a file that does not match its recorded sha256.
# The raw files are not part of this repository: `make data` fetches them from their commit-pinned addresses (or copies them from a mirror folder) into `data/raw/`, verifying each checksum.

# %% tags=["remove-input"]
charts.table(summaries.manifest_table())

# %% [markdown]
# ## Data dictionary
#
# The columns of the tidy tables the loaders produce, with their units.

# %% tags=["remove-input"]
charts.table(summaries.data_dictionary())
