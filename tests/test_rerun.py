"""Re-running on a user's data and on Epoch AI's live export, on a copy of the shared build (issue 12)."""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pytest

from conftest import ROOT, cli, copy_build, param_args

pytestmark = pytest.mark.variants  # each re-executes most of the book


def read(repo, name):
    return pd.read_csv(repo / "_build" / "results" / f"{name}.csv")


def test_a_users_file_reruns_only_what_reads_it(built_book, tmp_path):
    """The real ImageNet data plus three invented later models that are far better for their compute."""
    repo = copy_build(built_book["repo"], tmp_path / "repo")
    key = ["benchmark", "metric", "form", "compute", "model_set"]
    main = ("imagenet", "top1", "polynomial", "consolidated_hardware_burden", "all")
    before = read(repo, "fits").set_index(key).loc[main]
    raw = pd.read_csv(ROOT / "data" / "raw" / "mit-futuretech" / "image-classification-on-imagenet.csv",
                      dtype=str, keep_default_na=False)
    extra = raw.iloc[[3] * 3].copy()  # a real data row, for the layout
    extra["name"] = ["Invented-A", "Invented-B", "Invented-C"]
    extra["year"] = "2023"
    extra["paper_link"] = ["https://arxiv.org/abs/2303.00001", "https://arxiv.org/abs/2306.00002",
                           "https://arxiv.org/abs/2309.00003"]
    extra["hardware_burden"] = ["1e19", "3e19", "1e20"]
    extra["computing_power"] = extra["hardware_burden"]
    extra["network_operations"] = ""
    extra["(TOP 1 score)"] = ["92.0", "93.0", "94.0"]
    user = tmp_path / "imagenet_plus.csv"
    pd.concat([raw, extra]).to_csv(user, index=False)

    out = cli(repo, "run", "-d", f"imagenet={user}", *param_args()).stdout
    executed = set(re.findall(r"> (\S+): executing", out))
    assert "benchmark:imagenet" in executed and "intro" in executed
    assert "glossary" not in executed and "extending" not in executed  # pages that do not read it do not re-run
    after = read(repo, "fits").set_index(key).loc[main]
    assert after["n"] == before["n"] + 3 and after["slope"] != before["slope"]
    proj = read(repo, "projections")
    today = proj[(proj.benchmark == "imagenet") & proj.is_today.astype(str).str.lower().eq("true")]
    assert today["target_error"].min() == pytest.approx(0.06)  # "today" is now the invented best model
    records = json.loads((repo / "_build" / "provenance" / "chapters.json").read_text())
    inputs = [i for i in records["benchmark:imagenet"]["inputs"] if i["key"] == "imagenet"]
    assert inputs[0]["path"] == str(user) and inputs[0]["licence"] == "user-supplied"
    assert inputs[0]["sha256"] == hashlib.sha256(user.read_bytes()).hexdigest()
    cli(repo, "html")
    intro = (repo / "_build" / "html" / "chapters" / "intro.html").read_text()
    assert "variant build, not the published edition" in intro and "imagenet_plus.csv" in intro


def test_epoch_live_rebuilds_history_from_a_served_export(built_book, tmp_path, http_server):
    """`compute_limits epoch-live` (what `make epoch-live` runs) against an export served on 127.0.0.1
    whose columns are renamed as in newer exports: it downloads, records sha256 and date, and rebuilds."""
    repo = copy_build(built_book["repo"], tmp_path / "repo")
    raw = pd.read_csv(ROOT / "data" / "raw" / "epoch-ai" / "All ML Systems - full view.csv", dtype=str,
                      keep_default_na=False)
    raw = raw.rename(columns={"Model": "System", "Training dataset size (datapoints)": "Training dataset size (total)"})
    served = tmp_path / "served"
    served.mkdir()
    raw.to_csv(served / "all_ai_models.csv", index=False)
    digest = hashlib.sha256((served / "all_ai_models.csv").read_bytes()).hexdigest()
    url = http_server(served) + "/all_ai_models.csv"
    out = cli(repo, "epoch-live", "--url", url, *param_args()).stdout
    assert digest in out and "> history: executing" in out and "book: file://" in out
    records = json.loads((repo / "_build" / "provenance" / "chapters.json").read_text())
    epoch = [i for i in records["history"]["inputs"] if i["key"] == "epoch"][0]
    assert epoch["sha256"] == digest and "epoch_live_" in epoch["path"]


def test_bad_user_files_are_refused_before_anything_runs(built_book, tmp_path):
    repo = copy_build(built_book["repo"], tmp_path / "repo")
    before = {p: p.stat().st_mtime_ns for p in (repo / "_build" / "results").glob("*.csv")}
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    out = cli(repo, "run", "-d", f"imagenet={empty}", "-d", f"coco={tmp_path}", check=False)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "empty.csv: file is empty" in out.stderr and "is a directory" in out.stderr
    assert {p: p.stat().st_mtime_ns for p in (repo / "_build" / "results").glob("*.csv")} == before
