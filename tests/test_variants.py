"""Whole-book variants (``make test-variants``; CI runs them): the three fork studies of the Extending page,
and a build with every chapter parameter changed on users' files that lack every model the chapters name
(issues 12 and 16).  Each builds a copy of the repository from nothing and reads the rendered pages."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
import pytest

from compute_limits.pipeline.registry import chapter_parameters, load_jobs, read_registry
from compute_limits.data import paths
from compute_limits.report.text import grouped
from conftest import ROOT, cli, copy_repo

pytestmark = pytest.mark.variants

SMALL = ["theory.replications=20", "theory.n_points=9", "future_costs.n_boot=50"]


def page(repo, rel: str) -> str:
    text = (repo / "_build" / "html" / rel).read_text()
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


NOTICE = re.compile(r"A variant build, not the published edition.*?beside the published edition.s\.")  # its text


def results(repo, name: str) -> pd.DataFrame:
    return pd.read_csv(repo / "_build" / "results" / f"{name}.csv")


def tidy_file(path, prefix: str, slope: float, seed: int, n: int = 16, start: int = 2015) -> None:
    """A small tidy benchmark: ``n`` invented models over eight years, error falling with compute by ``slope``."""
    rng = np.random.default_rng(seed)
    log10_c = np.sort(rng.uniform(17, 22, n))
    error = np.clip(10 ** (-(0.2 + slope * (log10_c - 17) + rng.normal(0, 0.05, n))), 0.002, 0.95)
    months = np.linspace(0, 8 * 12 - 1, n).astype(int)
    pd.DataFrame({
        "model": [f"{prefix}-{i}" for i in range(n)],
        "date": [f"{start + m // 12}-{m % 12 + 1:02d}" for m in months],
        "score": np.round(100 * (1 - error), 2),
        "compute": [f"{10 ** x:.4g}" for x in log10_c],
    }).to_csv(path, index=False)


# ----------------------------------------------------------------------------- the three fork studies

CIFAR_ENTRY = textwrap.dedent("""

    [[benchmark]]
    id = "cifar10"
    name = "CIFAR-10"
    task = "image classification"
    data = "data/user/cifar10.csv"
    source = "a synthetic file made for this study"
    compute = "hardware_burden"
    metric = "accuracy"
    [benchmark.metrics.accuracy]
    label = "accuracy"
    targets = [0.02, 0.01, 0.005]
    """)
VINTAGE = textwrap.dedent("""

    [vintage.b200_2025]
    label = "B200, 2025 (FP32 peak)"
    accelerator = "NVIDIA B200"
    peak_flops = 80e12
    peak_precision = "FP32"
    power_w = 1000.0
    price_usd_per_hour = 5.99
    price_date = "2025"
    price_source = "a study's assumption"
    utilization = 0.4
    pue = 1.3
    grid_lbs_co2e_per_kwh = 0.86
    citations = ["nvidia2022h100"]
    """)


@pytest.fixture(scope="module")
def forks(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("forks"))
    (repo / "data" / "user").mkdir()
    tidy_file(repo / "data" / "user" / "cifar10.csv", "Net", slope=0.0, seed=5)  # flat: nothing is estimable
    with open(repo / "data" / "benchmarks.toml", "a") as fh:
        fh.write(CIFAR_ENTRY)  # study 2: one entry
    with open(repo / "data" / "costs.toml", "a") as fh:
        fh.write(VINTAGE)  # study 3: one vintage, selected by a parameter
    cli(repo, "run", "-p", "metrics.imagenet=top5", "-p", "hardware_vintage=b200_2025", *[a for p in SMALL for a in ("-p", p)])
    cli(repo, "html")
    return repo


def test_top5_study(forks):
    text = page(forks, "chapters/benchmarks/01_imagenet.html")
    assert "top-5 accuracy" in text and "43%" not in text
    assert re.search(r"paper reported no [a-z ]*for ImageNet scored by top-5 accuracy", text), text[:500]
    fits = results(forks, "fits")
    assert set(fits[fits.benchmark == "imagenet"]["metric"]) == {"top5"}
    proj = results(forks, "projections")
    targets = set(proj[(proj.benchmark == "imagenet") & ~proj.is_today.astype(str).str.lower().eq("true")]["target_error"])
    assert targets == {0.005, 0.002, 0.001}
    costs = page(forks, "chapters/future_costs.html")
    assert "0.5%" in costs and "top-5" in costs


def test_added_benchmark_study(forks):
    text = page(forks, "chapters/benchmarks/07_cifar10.html")
    assert "CIFAR-10" in text and "a synthetic file made for this study" in text
    assert "authors' released data" not in text and "not estimable" in text
    appendix = page(forks, "chapters/data_appendix.html")
    assert "data/user/cifar10.csv" in appendix and "a synthetic file made for this study" in appendix
    sha = __import__("hashlib").sha256((forks / "data" / "user" / "cifar10.csv").read_bytes()).hexdigest()
    assert grouped(sha) in appendix  # the table prints it in four groups of sixteen
    assert "CIFAR-10" in page(forks, "chapters/benchmarks_summary.html")
    summary = results(forks, "data_summary")
    assert summary["models"].sum() == 516 + 16  # ImageNet's file counted once although top-5 is selected


def test_hardware_vintage_study(forks):
    for rel in ("chapters/future_costs.html", "chapters/ways_out.html"):
        assert "B200" in page(forks, rel), rel
    assert "h100_2025" not in page(forks, "chapters/ways_out.html")
    h = results(forks, "headlines")
    costed = h[h.quantity == "log10_usd"]
    assert costed["scenario"].str.contains("b200_2025").all()


def test_the_front_page_says_it_is_a_variant(forks):
    intro = page(forks, "chapters/intro.html")
    assert "variant build, not the published edition" in intro
    assert "metrics.imagenet = top5" in intro and "hardware_vintage = b200_2025" in intro
    assert "keeps no published edition" in intro and "_build/published/" in intro  # and how to get one
    assert not (forks / "_build" / "results" / "changes.csv").exists()


# ----------------------------------------------------------------------------- a user's ImageNet file (issue 27)


@pytest.fixture(scope="module")
def imagenet_swap(tmp_path_factory):
    """The edition (small parameters, kept with ``publish``), then the same build on a user's ImageNet file: a
    tidy file of 30 models, which has no network operations for MS COCO's pooled conversion."""
    repo = copy_repo(tmp_path_factory.mktemp("swap"))
    small = [a for p in SMALL for a in ("-p", p)]
    cli(repo, "run", *small)
    published = cli(repo, "publish").stdout
    user = repo / "users" / "my_imagenet.csv"
    user.parent.mkdir()
    tidy_file(user, "Net", slope=0.1, seed=11, n=30)
    status = cli(repo, "status", "-d", f"imagenet={user}", *small).stdout
    run = cli(repo, "run", "-d", f"imagenet={user}", *small)
    cli(repo, "html")
    return repo, run, status, published, user


def test_the_run_says_what_a_users_file_reaches(imagenet_swap):
    repo, run, status, published, user = imagenet_swap
    assert "published: _build/published" in published and "built with replications = 20" in published
    for out in (run.stdout, status):
        assert f"imagenet = {user} (instead of data/raw/mit-futuretech/image-classification-on-imagenet.csv" in out
        coco = next(line for line in out.splitlines() if line.strip().startswith("benchmark:coco"))
        assert "compute conversion pooled with imagenet" in coco
        assert "re-run, numbers unchanged by it: benchmark:squad" in out
    assert run.stdout.index("compute conversion pooled") < run.stdout.index("> history: executing")
    assert "Unable to parse" not in run.stdout + run.stderr  # papermill reads every parameters cell (issue 27.8)


def test_every_page_reading_imagenet_names_the_users_file(imagenet_swap):
    repo, _, _, _, user = imagenet_swap
    jobs = {j.id: j for j in load_jobs(None, {"imagenet": str(user)})}
    pages = {jid: repo / "_build" / "html" / j.rel_output.replace(".ipynb", ".html") for jid, j in jobs.items()}
    readers = [jid for jid, j in jobs.items() if "imagenet" in j.inputs and not jid.startswith("benchmark:")]
    assert {"future_costs", "out_of_sample", "benchmarks_summary", "history", "intro"} <= set(readers)
    for jid in readers + ["benchmark:imagenet", "benchmark:coco", "claims"]:
        text = page(repo, str(pages[jid].relative_to(repo / "_build" / "html")))
        assert "variant build, not the published edition" in text and "my_imagenet.csv" in text, jid
    squad = page(repo, str(pages["benchmark:squad"].relative_to(repo / "_build" / "html")))
    assert "my_imagenet.csv" not in squad  # it re-ran, but no number of it depends on the file
    for jid in ("future_costs", "out_of_sample", "benchmarks_summary"):
        text = page(repo, str(pages[jid].relative_to(repo / "_build" / "html")))
        assert not re.search(r"released data are v2[’']s|The released data are those of", text), jid


def test_the_coco_page_names_the_users_file_in_its_pooled_conversion(imagenet_swap):
    repo, _, _, _, _ = imagenet_swap
    coco = page(repo, "chapters/benchmarks/02_coco.html")
    assert "it reaches this page: compute conversion pooled with imagenet" in coco
    assert re.search(r"data of ImageNet are a user.s file \( my_imagenet\.csv , given with DATA \)", coco), coco[:3000]


def test_changes_lists_the_moved_headlines(imagenet_swap):
    repo, _, _, _, _ = imagenet_swap
    changes = results(repo, "changes")
    moved = changes[changes["change"] == "changed"]
    assert (moved["benchmark"] == "imagenet").any() and (moved["benchmark"] == "coco").any()
    assert not (changes[changes["benchmark"] == "squad"]["change"] != "unchanged").any()
    published = pd.read_csv(repo / "_build" / "published" / "headlines.csv")
    assert len(changes[changes["change"] != "only this build"]) == len(published)
    intro = page(repo, "chapters/intro.html")
    assert "What this variant moved" in intro and f"this build moves {len(moved)} of the headline answers" in intro
    assert "changed replications = 20; n_points = 9; n_boot = 50" in intro  # the edition was kept from a build that changed it
    compared = cli(repo, "compare", "_build/published", "_build/results").stdout
    assert f"{len(moved)} changed" in compared


# ----------------------------------------------------------------------------- every parameter, users' files

SWEEP = {
    "level": "0.9", "headline": "coco", "hardware_vintage": "v100_2019", "budget_usd": "1e9", "seed": "7",
    "targets.coco": "[0.25,0.15]", "metrics.squad": "f1",
    "filters": "{'squad':{'leave_out':['SquadNet-0']}}",  # a sample filter, by model name
    "history.start_year": "1960.0", "history.dl_split": "2011.0", "history.paper_window": "(2013.0,2019.0)",
    "history.frontier_top_k": "5", "history.record_top_k": "3",
    "history.reference_model": "LeNet-5",  # in no user file: the chapter must fall back and say so
    "history.early_system": "ADALINE", "history.split_grid": "[2006,2014]", "history.topk_grid": "[1,5,20]",
    "history.anatomy_min_n": "6",
    "theory.s": "5", "theory.p": "200", "theory.replications": "20", "theory.n_points": "7",
    "theory.penalty_replications": "10", "theory.improvement": "5", "theory.sigma": "0.5", "theory.n_min": "20",
    "theory.n_max": "20000", "theory.lasso_c": "1.5", "theory.penalty_scales": "[0.7]",
    "theory.target_log10_nrmse": "-0.8",
    "future_costs.n_boot": "50", "future_costs.paper_vintage": "h100_2025",
    "growth_start": "2014.0", "growth_end": "2024.0",  # every chapter that fits cost growth
    "out_of_sample.min_test_models": "4", "out_of_sample.post_start": "2021.0",
    "ways_out.horizon_year": "2080", "ways_out.reduction_factor": "5.0",
    "reproducibility.show_hashes": "False",
}
DEFAULT_TEXT = {"level": ["95%"], "hardware_vintage": ["H100"], "headline": []}


def test_the_sweep_covers_every_chapter_parameter():
    """A new chapter parameter must be added to the sweep (or be set by the pipeline)."""
    set_by_pipeline = {"data_files", "variant", "benchmark"}
    covered = {k.split(".")[-1] if not k.startswith(("targets.", "metrics.")) else k.split(".")[0] for k in SWEEP}
    missing = []
    for entry in read_registry():
        for name in chapter_parameters(paths.CHAPTERS / entry.source):
            if name not in covered | set_by_pipeline:
                missing.append(f"{entry.id}.{name}")
    assert not missing, f"parameters the sweep does not change: {missing}"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("sweep"))
    user = repo / "users"
    user.mkdir()
    data = []
    for i, bench in enumerate(("imagenet", "coco", "squad", "conll", "wmt14_en_fr", "wmt14_en_de")):
        tidy_file(user / f"{bench}.csv", f"{bench.title()}Net", slope=0.08 + 0.01 * i, seed=i)
        data += ["-d", f"{bench}={user / f'{bench}.csv'}"]
    epoch = pd.read_csv(ROOT / "data" / "raw" / "epoch-ai" / "All ML Systems - full view.csv", dtype=str,
                        keep_default_na=False)
    epoch = epoch.rename(columns={"Model": "System", "Training compute (FLOP)": "Training compute (FLOPs)"})
    epoch = epoch[list(reversed(epoch.columns))]
    epoch.loc[epoch.index[:5], "Publication date"] = ""
    epoch.to_csv(user / "epoch_export.csv", index=False)
    data += ["-d", f"epoch={user / 'epoch_export.csv'}"]
    params = [a for k, v in SWEEP.items() for a in ("-p", f"{k}={v}")]
    run = cli(repo, "run", *data, *params)
    cli(repo, "html")
    return repo, run


def test_users_files_without_named_models_build_every_page(sweep):
    repo, run = sweep
    assert "0 failed" in run.stdout
    for rel in ("chapters/history.html", "chapters/theory.html", "chapters/intro.html"):
        text = NOTICE.sub(" ", page(repo, rel))  # the notice names history.reference_model's default, AlexNet
        assert "AlexNet" not in text or "not in" in text or "instead" in text, rel
    assert "skipped" in page(repo, "chapters/history.html") or "without a date" in page(repo, "chapters/history.html")


def test_every_changed_parameter_reaches_the_pages(sweep):
    repo, _ = sweep
    for name in ("projections", "fits", "out_of_sample", "history_trends", "ways_out", "k_gap"):
        levels = set(results(repo, name)["level"].round(6))
        assert levels == {0.9}, f"{name}.csv has levels {levels}"
    costs = page(repo, "chapters/future_costs.html")
    assert "MS COCO" in costs and "V100" in costs and "90%" in costs
    assert "after 2080" in page(repo, "chapters/ways_out.html") or "2080" in page(repo, "chapters/ways_out.html")
    assert "MS COCO" in page(repo, "chapters/intro.html")
    gap = results(repo, "k_gap")
    assert (gap["reduction_factor"] == 5.0).all() and np.allclose(gap["log10_compute_bound"], 4 * np.log10(5))
    repro = (repo / "_build" / "html" / "chapters" / "reproducibility.html").read_text()
    assert "<th" in repro and not re.search(r"<th[^>]*>\s*(<p>)?\s*input hash", repro)  # no hash column
    assert "recorded in _build/provenance/chapters.json" in page(repo, "chapters/reproducibility.html")
    sim = results(repo, "simulation")
    assert sim["n"].min() == 20 and sim["n"].max() == 20000
    assert "ADALINE" in page(repo, "chapters/history.html")
    for rel in ("chapters/intro.html", "chapters/future_costs.html", "chapters/out_of_sample.html",
                "chapters/history.html", "chapters/benchmarks_summary.html", "chapters/benchmarks/02_coco.html"):
        text = page(repo, rel)  # "95%" alone may be a value (an R² of 95%): look for it as a level
        stated = re.findall(r"95% (?:confidence|prediction|calibration|Fieller|bootstrap|interval|CI)\w*", text)
        assert not stated and "90%" in text, f"{rel} states the default level: {stated[:3]}"


def test_one_answer_per_question_in_every_variant(forks, sweep):
    """quotes.csv in variant builds (another metric, an added benchmark, another vintage; every parameter
    changed and users' files): each headline reads the same on every page, and the front page shows headline
    quotes only (issue 25)."""
    from compute_limits.report.quotes import conflicts

    for repo in (forks, sweep[0]):
        q = results(repo, "quotes").fillna("")
        assert conflicts(q).empty, conflicts(q)[["question", "part", "page", "shown"]].to_string()
        intro = q[q["page"] == "intro"]
        assert len(intro) and (intro["role"] == "headline").all(), intro[intro["role"] != "headline"]


def test_a_sample_filter_takes_effect_and_is_recorded(sweep):
    """Issue 27.4: the sweep leaves one SQuAD model out by name; its fits count one model fewer, and the pages
    it reaches and the reproducibility appendix say so."""
    repo, _ = sweep
    fits = results(repo, "fits")
    squad = fits[(fits["benchmark"] == "squad") & (fits["model_set"] == "all") & (fits["form"] == "polynomial")]
    assert squad["n"].max() == 15  # 16 invented models, one left out
    squad_page = page(repo, "chapters/benchmarks/03_squad.html")
    assert "filters.squad" in squad_page and "SquadNet-0" in squad_page
    assert "filters.squad" not in page(repo, "chapters/benchmarks/01_imagenet.html")
    assert "SquadNet-0" in page(repo, "chapters/reproducibility.html")
