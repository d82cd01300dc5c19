"""Shared fixtures.

* ``built_book``: one throwaway copy of the repository in which the whole book is executed with small
  parameters (each chapter in a kernel of its own) and built, once per test session; every test that needs a
  built book reads it (and a test that changes it works on its own copy, see ``copy_build``).
* ``http_server``: one real HTTP server on 127.0.0.1 serving whatever a test gives it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]

# Small parameters that keep the shared test build quick.  A name that is not a parameter of any
# chapter makes the pipeline refuse to run, so this list stays in step with the chapters.
TEST_PARAMS: list[str] = ["theory.replications=20", "theory.penalty_replications=10", "theory.n_points=9",
                         "future_costs.n_boot=50", "benchmark.n_boot=200", "benchmarks_summary.n_boot=200"]


def copy_repo(dest: Path) -> Path:
    """Copy the tracked (and untracked, not ignored) files; link the fetched raw data."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if not src.is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    (dest / "data").mkdir(exist_ok=True)
    (dest / "data" / "raw").symlink_to(ROOT / "data" / "raw", target_is_directory=True)
    vendor = ROOT / "_static" / "vendor"
    if vendor.exists():
        shutil.copytree(vendor, dest / "_static" / "vendor")
    return dest


def copy_build(src: Path, dest: Path) -> Path:
    """A copy of a built repository (sources, executed notebooks, results, cache, site): a test that
    changes something works here, leaving the shared build as it was."""
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".pipeline.lock", ".site.lock"))
    return dest


def cli(repo: Path, *args: str, check: bool = True, timeout: float = 1800, env: dict | None = None
        ) -> subprocess.CompletedProcess:
    """Run ``python -m compute_limits`` inside a copy (its own package and paths)."""
    full_env = {**os.environ, "PYTHONPATH": str(repo / "src"), "PYTHONHASHSEED": "0", **(env or {})}
    for var in ("COMPUTE_LIMITS_RESULTS_DIR", "COMPUTE_LIMITS_RESULTS_READ", "COMPUTE_LIMITS_PROVENANCE"):
        full_env.pop(var, None)
    proc = subprocess.run([sys.executable, "-m", "compute_limits", *args], cwd=repo, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"compute_limits {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}")
    return proc


def param_args(params=None) -> list[str]:
    out = []
    for p in (params if params is not None else TEST_PARAMS):
        out += ["-p", p]
    return out


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """A repository copy with every chapter executed (small parameters) and the HTML built, once per test
    session: under ``pytest -n 2`` (make test) the first worker to need it builds it and the other waits
    for it (a file lock in the session's shared temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the session's, not the worker's
    repo, record = shared / "book", shared / "book.json"
    with FileLock(str(shared / "book.lock")):
        if not record.exists():
            shutil.rmtree(repo, ignore_errors=True)
            repo.mkdir()
            copy_repo(repo)
            # One kernel per chapter: what each chapter reads is then recorded whole (test_book.py compares it with
            # chapters/book.toml); a kernel re-used by several chapters may keep what it read for the next.
            runs = {"run": cli(repo, "run", *param_args(), env={"COMPUTE_LIMITS_FRESH_KERNELS": "1"}),
                    "html": cli(repo, "html")}
            record.write_text(json.dumps({k: [p.args, p.returncode, p.stdout, p.stderr] for k, p in runs.items()}))
        runs = {k: subprocess.CompletedProcess(*v) for k, v in json.loads(record.read_text()).items()}
    return {"repo": repo, **runs, "site": repo / "_build" / "html", "results": repo / "_build" / "results"}


# The order of the test files, which ``pytest -n 2 --dist loadfile --no-loadscope-reorder`` (make test) hands
# to its two workers one file at a time: one worker builds the shared book (test_book.py) while the other runs
# the toy pipelines and then the browser tests, which wait for that build; the quick files fill in after.
# (Grouping by xdist_group marks would say this more directly, but pytest 9.2 ignores those groups:
# pytest-xdist issue 1386.)
FIRST = ("test_book.py", "test_pipeline.py", "test_browser.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST))


class _Handler(http.server.SimpleHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            return super().do_GET()
        if callable(route):
            return route(self)
        self.send_response(200)
        self.send_header("Content-Length", str(len(route)))
        self.end_headers()
        self.wfile.write(route)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server(tmp_path):
    """``serve(directory=None, routes=None)`` → base URL of a real server on 127.0.0.1.

    ``routes`` maps a path to bytes or to a callable(handler) for special behaviour (errors,
    interrupted downloads); other paths are files under ``directory``.
    """
    servers = []

    def serve(directory: Path | None = None, routes: dict | None = None) -> str:
        handler = type("Handler", (_Handler,), {"routes": dict(routes or {})})
        handler = functools.partial(handler, directory=str(directory or tmp_path))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        servers.append((httpd, thread))
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield serve
    for httpd, thread in servers:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
