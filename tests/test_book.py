"""The shared small build of the whole book: what its pages say (issues 11, 12, 15, 16)."""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pytest

from compute_limits.report.numbers import pow10
from conftest import cli, copy_build

pytestmark = pytest.mark.slow


def visible(html_path) -> str:
    text = html_path.read_text()
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_every_chapter_executed_and_the_site_built(built_book):
    out = built_book["run"].stdout
    assert "0 failed" in out and "executed" in out
    site = built_book["site"]
    for page in ("chapters/intro.html", "chapters/claims.html", "chapters/history.html", "chapters/theory.html",
                 "chapters/future_costs.html", "chapters/out_of_sample.html", "chapters/ways_out.html",
                 "chapters/data_appendix.html", "chapters/reproducibility.html", "chapters/glossary.html"):
        assert (site / page).exists(), page
    bench_pages = sorted(p.name for p in (site / "chapters" / "benchmarks").glob("*.html"))
    assert bench_pages == ["01_imagenet.html", "02_coco.html", "03_squad.html", "04_conll.html",
                           "05_wmt14_en_fr.html", "06_wmt14_en_de.html"]


def test_the_link_preview_is_the_front_page_figure_drawn_by_the_html_step(built_book):
    """The front page leaves its figure's spec; the html step draws it as ``_static/preview.png``, the image
    every page's ``og:image`` names."""
    spec = json.loads((built_book["results"] / "figures" / "preview.vl.json").read_text())
    assert spec["datasets"] and "mark" in json.dumps(spec)
    png = built_book["site"] / "_static" / "preview.png"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000
    assert 'og:image" content="_static/preview.png"' in (built_book["site"] / "chapters" / "intro.html").read_text()


def test_the_html_build_draws_no_pdf_figure(built_book):
    """PDF figures are drawn for the LaTeX build only (myst-nb reads every output type for every builder)."""
    drawn = built_book["repo"] / "_build" / "cache" / "figures"
    assert not list(drawn.glob("*.pdf")), sorted(p.name for p in drawn.glob("*.pdf"))[:3]


def test_one_answer_per_question(built_book):
    """The canonical headline (first target, preferred form, all models) reads the same on every page
    that quotes it; the out-of-sample page quotes the v1-sample variant, also from headlines.csv."""
    results, site = built_book["results"], built_book["site"]
    h = pd.read_csv(results / "headlines.csv")
    bench = h["benchmark"].iloc[0]
    today = h[(h.quantity == "today_error") & (h.benchmark == bench) & (h["model_set"] == "all")]["value"].iloc[0]
    flops = h[(h.quantity == "log10_flops") & (h.benchmark == bench) & (h["model_set"] == "all")
              & (h.chapter == "future_costs") & h["preferred"].astype(str).str.lower().eq("true")]
    target = flops[flops.target_error < today - 1e-12]["target_error"].max()
    canonical = flops[(flops.target_error - target).abs() < 1e-12]["value"].iloc[0]
    shown = pow10(canonical)
    for page in ("intro", "future_costs", "ways_out"):
        assert shown in visible(site / "chapters" / f"{page}.html"), f"{page} does not show {shown}"
    v1 = h[(h.quantity == "log10_flops") & (h.benchmark == bench) & (h["model_set"] == "v1") & (h.chapter == "future_costs")
           & h["preferred"].astype(str).str.lower().eq("true") & ((h.target_error - target).abs() < 1e-12)]
    oos = visible(site / "chapters" / "out_of_sample.html")
    if str(v1["estimable"].iloc[0]).lower() == "true":
        assert pow10(v1["value"].iloc[0]) in oos
    else:  # too wide by the book's one rule (interval.max_orders): said in words, never as a number
        assert pow10(v1["value"].iloc[0]) not in oos and "not estimable from these data" in oos


def test_not_estimable_is_said_not_printed(built_book):
    """En–De's slope interval includes zero: its page says so and prints no exponent."""
    fits = pd.read_csv(built_book["results"] / "fits.csv")
    main = fits[(fits.benchmark == "wmt14_en_de") & (fits.form == "polynomial") & (fits["model_set"] == "all")
                & (fits.compute == "hardware_burden") & (fits.metric == "bleu")].iloc[0]
    assert not bool(main["estimable"])
    text = visible(built_book["site"] / "chapters" / "benchmarks" / "06_wmt14_en_de.html")
    assert "not estimable" in text
    assert "71.0" not in text and "2.3 × 10²¹" not in text and "k = 71" not in text


def test_claims_ledger_and_headlines_files(built_book):
    results = built_book["results"]
    claims = pd.read_csv(results / "claims.csv")
    assert list(claims.columns) == ["claim_id", "chapter", "label", "claim", "source", "source_note", "paper_value",
                                    "book_value", "book_lo", "book_hi", "unit", "estimable", "test", "tolerance",
                                    "verdict", "note"]
    required = {"r2_range_v1", "imagenet_r2_v1", "time_trend_gain", "years_per_10x", "polynomial_preferred",
                "en_de_not_significant", "imagenet_today_error", "imagenet_5pct_compute", "imagenet_1pct_compute",
                "imagenet_1pct_usd", "compute_growth_2012_2019", "doubling_before_2010", "k4_bound_exceeded",
                "noisy_student_parameters"}
    assert required <= set(claims["claim_id"]), required - set(claims["claim_id"])
    assert set(claims["verdict"]) <= {"holds", "holds in part", "does not hold", "uninformative", "not testable"}
    h = pd.read_csv(results / "headlines.csv")
    for col in ("quantity", "benchmark", "target_error", "model_set", "form", "scenario", "value", "lo", "hi", "unit",
                "level", "chapter"):
        assert col in h.columns
    for name, cols in {"projections": ["metric", "level", "estimable", "conversion_in_interval", "below_floor"],
                       "fits": ["metric", "level", "estimable", "interval"], "ways_out": ["level", "estimable", "below_floor"],
                       "affordability": ["below_floor", "floor_error"],
                       "out_of_sample": ["level", "conversion_n", "conversion_latest"], "k_gap": ["k_reverse", "level"],
                       "history_trends": ["level"], "ways_out_rates": ["level"]}.items():
        missing = set(cols) - set(pd.read_csv(results / f"{name}.csv").columns)
        assert not missing, f"{name}.csv lacks {missing}"
    sim = pd.read_csv(results / "simulation.csv")
    assert "lasso_refit" in set(sim["model"])


def test_every_results_column_is_documented(built_book):
    d = pd.read_csv(built_book["results"] / "dictionary.csv")
    assert not (d["meaning"] == "(undocumented)").any(), d[d["meaning"] == "(undocumented)"]
    assert {"projections.csv", "headlines.csv", "claims.csv", "fits.csv"} <= set(d["file"])


def test_reproducibility_page_records_parameters_and_inputs(built_book):
    text = visible(built_book["site"] / "chapters" / "reproducibility.html")
    assert "replications" in text and "this build" in text  # a test parameter, marked as set by this build
    sha = "e83c4471a66ee5831454e58b4eedfba0ffdb4a5aca069f17676611fd442ccdee"  # ImageNet's
    assert " ".join(sha[i:i + 16] for i in range(0, 64, 16)) in text


def test_seeded_chapters_are_deterministic(built_book, tmp_path):
    """Re-executing the seeded chapters without the cache gives byte-identical results."""
    repo = copy_build(built_book["repo"], tmp_path / "again")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (repo / "_build" / "results").glob("*.csv") if p.name in ("simulation.csv", "projections.csv")}
    from conftest import param_args

    cli(repo, "run", "--force", "--only", "theory", "--only", "future_costs", *param_args(),
        env={"COMPUTE_LIMITS_NO_CACHE": "1"})
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (repo / "_build" / "results").glob("*.csv") if p.name in before}
    assert before == after and len(before) == 2


def test_the_root_page_forwards_to_the_front_page_and_asks_for_no_icon(built_book):
    """A bare forward made browsers ask for /favicon.ico (a 404 in the console of the site's address)."""
    text = (built_book["site"] / "index.html").read_text()
    assert 'http-equiv="Refresh" content="0; url=chapters/intro.html"' in text
    assert '<link rel="icon" href="data:,">' in text and "<title>" in text


def test_each_chapter_declares_exactly_what_it_reads(built_book):
    """chapters/book.toml says which data files (inputs), configuration files (configs) and other chapters'
    results (needs) each chapter reads; the pipeline recorded what each one opened (each in a kernel of its
    own, so nothing it read was kept from another chapter).  Every run fails a chapter that reads something
    undeclared; this checks the other way too: nothing is declared that the chapter does not read.
    "@benchmarks" stands for every configured benchmark, of which a chapter may read only the one its
    ``headline`` parameter names.  A need on a chapter that wrote no results in this build cannot be seen read
    (the front page writes changes.csv, which the data appendix lists, only in a variant build that has a
    published edition to compare with)."""
    from compute_limits.config import load_benchmarks
    from compute_limits.pipeline.registry import read_registry

    records = json.loads((built_book["repo"] / "_build" / "provenance" / "chapters.json").read_text())
    benchmarks = set(load_benchmarks())
    wrote = {job.split(":")[0] for job, r in records.items() if r.get("results")}
    wrong = []
    for entry in read_registry():
        jobs = [r for job, r in records.items() if job.split(":")[0] == entry.id]
        assert jobs, entry.id
        read = {k: set().union(*(set((r.get("reads") or {}).get(k, [])) for r in jobs)) for k in ("inputs", "configs", "needs")}
        declared_inputs = set(entry.inputs) - {"@benchmarks", "@benchmark"}
        if read["configs"] != set(entry.configs):
            wrong.append(f"{entry.id}: configs read {sorted(read['configs'])}, declared {sorted(entry.configs)}")
        if read["inputs"] - benchmarks != declared_inputs:
            wrong.append(f"{entry.id}: inputs read {sorted(read['inputs'] - benchmarks)}, declared {sorted(declared_inputs)}")
        if bool(read["inputs"] & benchmarks) != bool({"@benchmarks", "@benchmark"} & set(entry.inputs)):
            wrong.append(f"{entry.id}: benchmark data read {sorted(read['inputs'] & benchmarks)}, declared {entry.inputs}")
        if read["needs"] - set(entry.unused_parts_of) != set(entry.needs) & wrote:
            wrong.append(f"{entry.id}: results read of {sorted(read['needs'])}, needs {sorted(entry.needs)}")
    assert not wrong, "\n".join(wrong)


def test_no_executed_notebook_holds_a_warning_or_an_error(built_book):
    """The pipeline fails a chapter that writes to stderr; the notebooks it installed hold none."""
    for nb in (built_book["repo"] / "chapters").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error" and out.get("name") != "stderr", (nb.name, out)
