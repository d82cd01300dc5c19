"""fetch_live_epoch against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from compute_limits.data.epoch import load_epoch
from compute_limits.data.live import LiveFetchError, fetch_live_epoch

TODAY = dt.date(2026, 1, 15)

# A drifted export: "System" instead of "Model", "Training dataset size (total)".
RENAMED = (
    "System,Domain,Organization,Publication date,Training compute (FLOP),Parameters,"
    "Training dataset size (total),Notability criteria,Hardware quantity,Training time (hours)\n"
    "AlexNet,Vision,University of Toronto,2012-09-30,4.7e17,60000000,1200000,Highly cited,2,132\n"
    "GPT-3 175B (davinci),Language,OpenAI,2020-05-28,3.14e23,175000000000,374000000000,SOTA,10000,355.2\n"
    "Tiny,Language,Somewhere,2021-01-01,,1000,,,,\n"
)
MISSING_COMPUTE = (
    "Model,Domain,Publication date,Parameters\n"
    "AlexNet,Vision,2012-09-30,60000000\n"
)


@pytest.fixture
def server(http_server):
    return http_server(routes={"/renamed.csv": RENAMED.encode(), "/missing.csv": MISSING_COMPUTE.encode()})


def test_fetch_renamed_columns(server, tmp_path):
    dest = tmp_path / "raw"
    out = fetch_live_epoch(f"{server}/renamed.csv", dest, timeout=10, today=TODAY)
    assert out["path"] == dest / "epoch_live_2026-01-15.csv"
    assert out["retrieved"] == "2026-01-15"
    assert out["sha256"] == hashlib.sha256(RENAMED.encode()).hexdigest()
    assert out["path"].read_text() == RENAMED
    prov = json.loads((dest / "epoch_live_2026-01-15.json").read_text())
    assert prov["url"] == f"{server}/renamed.csv"
    assert prov["sha256"] == out["sha256"] and prov["retrieved"] == "2026-01-15" and prov["rows"] == 3
    df = load_epoch(out["path"])
    assert list(df["model"][:2]) == ["AlexNet", "GPT-3 175B (davinci)"]
    assert df["dataset_size"].iloc[0] == 1_200_000
    # no temporary files left behind
    assert sorted(p.name for p in dest.iterdir()) == ["epoch_live_2026-01-15.csv", "epoch_live_2026-01-15.json"]


def test_missing_required_column_writes_nothing(server, tmp_path):
    dest = tmp_path / "raw"
    dest.mkdir()
    previous = dest / "epoch_live_2026-01-15.csv"
    previous.write_text(RENAMED)  # a good earlier download of the same day must survive
    with pytest.raises(LiveFetchError, match=r"Training compute \(FLOP\)"):
        fetch_live_epoch(f"{server}/missing.csv", dest, timeout=10, today=TODAY)
    assert previous.read_text() == RENAMED
    assert sorted(p.name for p in dest.iterdir()) == ["epoch_live_2026-01-15.csv"]


def test_http_error_is_clear(server, tmp_path):
    dest = tmp_path / "raw"
    with pytest.raises(LiveFetchError, match="could not download"):
        fetch_live_epoch(f"{server}/nope.csv", dest, timeout=10, today=TODAY)
    assert list(dest.iterdir()) == []
