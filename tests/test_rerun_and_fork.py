"""Re-running on new data and forking for derivative studies, end to end."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, cli, copy_repo, param_args

pytestmark = pytest.mark.slow


def read(repo, name):
    return pd.read_csv(repo / "_build" / "results" / f"{name}.csv")


def test_user_csv_changes_fits_and_projections(built_book, tmp_path):
    """The real ImageNet data plus invented later models that are far better for their compute."""
    repo = built_book["repo"]
    if not (repo / "chapters" / "benchmark.py").exists():
        pytest.skip("benchmark chapter not in this checkout")
    before_fits = read(repo, "fits")
    raw = pd.read_csv(ROOT / "data" / "raw" / "mit-futuretech" / "image-classification-on-imagenet.csv",
                      dtype=str, keep_default_na=False)
    extra = raw.iloc[[3] * 3].copy()  # start from a real data row (right layout)
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
    assert "benchmark:imagenet" in executed
    assert "theory" not in executed and "benchmark:coco" not in executed  # unaffected chapters do not re-run
    after_fits = read(repo, "fits")
    key = ["benchmark", "form", "compute", "sample"]
    b = before_fits.set_index(key).loc[("imagenet", "polynomial", "consolidated_hardware_burden", "all")]
    a = after_fits.set_index(key).loc[("imagenet", "polynomial", "consolidated_hardware_burden", "all")]
    assert a["n"] == b["n"] + 3
    assert a["slope"] != b["slope"]
    if (repo / "chapters" / "future_costs.py").exists():
        proj = read(repo, "projections")
        today = proj[(proj.benchmark == "imagenet") & proj.is_today.astype(str).str.lower().eq("true")]
        # "today" is now the invented best model: 6% error
        assert today["target_error"].min() == pytest.approx(0.06)
    # provenance: the reproducibility records name the user's file and its sha256
    records = (repo / "_build" / "provenance" / "chapters.json").read_text()
    assert str(user) in records
    # back to the default data: the original fits return
    cli(repo, "run", *param_args())
    restored = read(repo, "fits").set_index(key).loc[("imagenet", "polynomial", "consolidated_hardware_burden", "all")]
    assert restored["n"] == b["n"] and restored["slope"] == pytest.approx(b["slope"])


def test_adding_a_benchmark_is_declarative(tmp_path):
    """One config entry plus its data: page, fits, projections and checks appear with no code change."""
    repo = copy_repo(tmp_path / "fork")
    if not (repo / "chapters" / "benchmark.py").exists():
        pytest.skip("benchmark chapter not in this checkout")
    rows = ["model,date,score,compute"]
    # a synthetic benchmark whose error halves per 100x compute, with noise, 2015-2023
    import numpy as np

    rng = np.random.default_rng(7)
    for i in range(30):
        year = 2015 + i * 8 / 29
        log_c = 17 + i * 0.2 + rng.normal(0, 0.3)
        err = 0.4 * 10 ** (-0.15 * (log_c - 17)) * 10 ** rng.normal(0, 0.03)
        rows.append(f"Synth-{i},{int(year)}-{1 + i % 12:02d},{100 * (1 - err):.2f},{10 ** log_c:.3e}")
    (repo / "data" / "user").mkdir(parents=True)
    (repo / "data" / "user" / "synthetic.csv").write_text("\n".join(rows) + "\n")
    with open(repo / "data" / "benchmarks.toml", "a") as fh:
        fh.write('\n[[benchmark]]\nid = "synthetic"\nname = "Synthetic benchmark"\ntask = "a test task"\n'
                 'data = "data/user/synthetic.csv"\nmetric = "top1"\nmetric_label = "accuracy"\n'
                 'compute = "hardware_burden"\ntargets = [0.05, 0.02]\n')
    cli(repo, "run", *param_args())
    cli(repo, "html")
    assert (repo / "chapters" / "benchmarks" / "synthetic.ipynb").exists()
    assert (repo / "_build" / "html" / "chapters" / "benchmarks" / "synthetic.html").exists()
    fits = read(repo, "fits")
    assert (fits.benchmark == "synthetic").any()
    poly = fits[(fits.benchmark == "synthetic") & (fits.form == "polynomial") & (fits["sample"] == "all")].iloc[0]
    assert poly["n"] == 30 and poly["slope"] == pytest.approx(0.15, abs=0.04)
    for name in ("projections", "ways_out"):
        if (repo / "_build" / "results" / f"{name}.csv").exists():
            assert (read(repo, name).benchmark == "synthetic").any(), name
    summary = read(repo, "data_summary")
    assert "synthetic" in set(summary.benchmark)


def test_epoch_live_command_rebuilds_history_from_a_served_export(built_book, tmp_path):
    """`compute_limits epoch-live` (what `make epoch-live` runs) against an export served on 127.0.0.1
    whose columns are renamed as in newer exports: it downloads, records sha256 and date, and rebuilds."""
    import functools
    import hashlib
    import http.server
    import json
    import threading

    repo = built_book["repo"]
    raw = pd.read_csv(ROOT / "data" / "raw" / "epoch-ai" / "All ML Systems - full view.csv", dtype=str,
                      keep_default_na=False)
    raw = raw.rename(columns={"Model": "System", "Training dataset size (datapoints)": "Training dataset size (total)"})
    served = tmp_path / "served"
    served.mkdir()
    raw.to_csv(served / "all_ai_models.csv", index=False)
    digest = hashlib.sha256((served / "all_ai_models.csv").read_bytes()).hexdigest()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/all_ai_models.csv"
        out = cli(repo, "epoch-live", "--url", url, *param_args()).stdout
    finally:
        httpd.shutdown()
    assert digest in out
    assert "> history: executing" in out and "book: file://" in out
    records = json.loads((repo / "_build" / "provenance" / "chapters.json").read_text())
    epoch_inputs = [i for i in records["history"]["inputs"] if i["key"] == "epoch"]
    assert epoch_inputs[0]["sha256"] == digest and "epoch_live_" in epoch_inputs[0]["path"]
    cli(repo, "run", *param_args())  # back to the pinned snapshot for any later test
