"""The fetcher against a real HTTP server on 127.0.0.1 and against a mirror folder."""

import hashlib

import pandas as pd
import pytest

from compute_limits.data.fetch import FetchError, fetch_all
from compute_limits.data.files import sha256_file

GOOD = b"name,year\nAlexNet,2012\n"
OTHER = b"name,year\nSomething else,2030\n"


def _interrupted(handler):
    """Promise more bytes than are sent, then close: an interrupted download."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(GOOD) * 10))
    handler.end_headers()
    handler.wfile.write(GOOD[:10])
    handler.wfile.flush()
    handler.connection.close()


def _not_found(handler):
    handler.send_error(404)


@pytest.fixture(autouse=True)
def no_mirror(monkeypatch):
    """These tests exercise downloads; a mirror set for the build (as in CI) must not take over."""
    monkeypatch.delenv("COMPUTE_LIMITS_DATA_MIRROR", raising=False)


@pytest.fixture
def server(http_server):
    return http_server(routes={"/good.csv": GOOD, "/tampered.csv": OTHER, "/interrupted.csv": _interrupted,
                               "/absent.csv": _not_found})


def manifest(base, name, sha):
    return pd.DataFrame([{"id": "x", "file": f"sub/{name}", "url": f"{base}/{name}", "sha256": sha}])


SHA_GOOD = hashlib.sha256(GOOD).hexdigest()


def test_good_file(server, tmp_path):
    reports = fetch_all(manifest(server, "good.csv", SHA_GOOD), raw_dir=tmp_path, mirror=None)
    target = tmp_path / "sub" / "good.csv"
    assert reports[0].action == "fetched"
    assert target.read_bytes() == GOOD
    # second time: verified from cache, not downloaded
    assert fetch_all(manifest(server, "good.csv", SHA_GOOD), raw_dir=tmp_path)[0].action == "ok"
    assert list((tmp_path / "sub").iterdir()) == [target]  # no temporary files left


def test_checksum_mismatch_keeps_previous_file(server, tmp_path):
    target = tmp_path / "sub" / "tampered.csv"
    target.parent.mkdir()
    target.write_bytes(b"previous good state")
    with pytest.raises(FetchError, match=r"sha256 mismatch: expected .*kept the previous file"):
        fetch_all(manifest(server, "tampered.csv", SHA_GOOD), raw_dir=tmp_path)
    assert target.read_bytes() == b"previous good state"
    assert sorted(p.name for p in target.parent.iterdir()) == ["tampered.csv"]


def test_missing_file(server, tmp_path):
    with pytest.raises(FetchError, match=r"404.*no file written"):
        fetch_all(manifest(server, "absent.csv", SHA_GOOD), raw_dir=tmp_path)
    assert not (tmp_path / "sub" / "absent.csv").exists()


def test_interrupted_download_leaves_old_file(server, tmp_path):
    target = tmp_path / "sub" / "interrupted.csv"
    target.parent.mkdir()
    target.write_bytes(b"old")
    with pytest.raises(FetchError, match="IncompleteRead|incomplete|Connection"):
        fetch_all(manifest(server, "interrupted.csv", SHA_GOOD), raw_dir=tmp_path, timeout=5)
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["interrupted.csv"]


def test_mirror_folder(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "sub").mkdir(parents=True)
    (mirror / "sub" / "good.csv").write_bytes(GOOD)
    raw = tmp_path / "raw"
    m = pd.DataFrame([{"id": "x", "file": "sub/good.csv", "url": "http://127.0.0.1:9/never", "sha256": SHA_GOOD}])
    assert fetch_all(m, raw_dir=raw, mirror=mirror)[0].action == "fetched"
    assert sha256_file(raw / "sub" / "good.csv") == SHA_GOOD


def test_real_manifest_matches_mirror():
    """The project's own manifest verifies against the fetched files."""
    reports = fetch_all()
    assert len(reports) == 10 and all(r.action in ("ok", "fetched") for r in reports)
