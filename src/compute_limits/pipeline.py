"""Execute the chapters with papermill, re-running only what changed.

A chapter job is re-executed when its *input hash* changes.  The hash covers
the chapter's source, the package's code, the configuration files, the pinned
requirements, the sha256 of every data file it reads and the parameters passed
to it.  The hash is stored in the executed notebook's metadata
(``metadata.compute_limits.input_hash``).

A job writes its results to a staging folder; they are moved into
``_build/results`` only when the whole chapter succeeded, and its notebook is
written atomically, so a failed run leaves the previous good state in place.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .fetch import sha256_file
from .loaders import load_benchmark_configs, read_manifest, resolve
from .results import combine_parts

REGISTRY = paths.CHAPTERS / "book.toml"
PROVENANCE = paths.BUILD / "provenance"
STAGING = paths.BUILD / ".staging"
FAILED = paths.BUILD / "failed"
META_KEY = "compute_limits"
HASHED_CONFIG = ("data/manifest.csv", "data/benchmarks.toml", "data/costs.toml", "requirements.txt",
                 "chapters/book.toml")


@dataclass
class Job:
    id: str  # e.g. "history", "benchmark:imagenet"
    chapter: str  # registry id
    source: Path
    output: Path
    inputs: list[str]  # data keys: manifest ids or benchmark ids
    params: dict = field(default_factory=dict)  # parameters passed (fixed + user overrides)
    after: bool = False

    @property
    def rel_source(self) -> str:
        return str(self.source.relative_to(paths.ROOT))

    @property
    def rel_output(self) -> str:
        return str(self.output.relative_to(paths.ROOT))


# ---------------------------------------------------------------- parameters


def parse_value(text: str):
    """A parameter value from the command line: a Python literal, else a string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def parse_assignments(items, what: str = "parameter") -> list[tuple[str | None, str, object]]:
    """Parse ``key=value`` / ``job.key=value`` items (also space-separated in one string)."""
    parsed = []
    for item in items or []:
        for token in str(item).split():
            if "=" not in token:
                raise ValueError(f"{what} {token!r} must look like key=value or chapter.key=value")
            key, value = token.split("=", 1)
            scope = None
            if "." in key:
                scope, key = key.rsplit(".", 1)
            parsed.append((scope, key, parse_value(value)))
    return parsed


def chapter_parameters(source: Path) -> dict:
    """The chapter's own parameters (names → default source text) from its parameters cell."""
    import jupytext
    import papermill

    nb = jupytext.read(source)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nb.ipynb"
        _set_kernel(nb)
        jupytext.write(nb, path)
        inspected = papermill.inspect_notebook(str(path))
    return {name: info["default"] for name, info in inspected.items()}


# ---------------------------------------------------------------- registry


def load_jobs(param_overrides=None, data_overrides: dict | None = None) -> list[Job]:
    """Expand the registry into jobs, with user parameters applied where they exist."""
    with open(REGISTRY, "rb") as fh:
        registry = tomllib.load(fh)["chapter"]
    benchmarks = load_benchmark_configs()
    overrides = parse_assignments(param_overrides)
    data_overrides = data_overrides or {}
    jobs = []
    for entry in registry:
        source = paths.CHAPTERS / entry["source"]
        variants = (
            [(f"{entry['id']}:{b}", paths.CHAPTERS / "benchmarks" / f"{b}.ipynb", {"benchmark": b}, [b])
             for b in benchmarks]
            if entry.get("per_benchmark")
            else [(entry["id"], paths.CHAPTERS / f"{entry['id']}.ipynb", {}, [])]
        )
        for job_id, output, fixed, own in variants:
            inputs = []
            for key in entry.get("inputs", []):
                if key == "@benchmark":
                    inputs += own
                elif key == "@benchmarks":
                    inputs += list(benchmarks)
                else:
                    inputs.append(key)
            jobs.append(Job(job_id, entry["id"], source, output, inputs, dict(fixed), bool(entry.get("after"))))
    known_params = {}
    for job in jobs:
        if job.source.exists() and job.chapter not in known_params:
            known_params[job.chapter] = chapter_parameters(job.source)
    scopes = {j.id for j in jobs} | {j.chapter for j in jobs}
    for scope, key, value in overrides:
        if scope is not None and scope not in scopes:
            raise ValueError(f"unknown chapter {scope!r} in parameter {scope}.{key}; known: {', '.join(sorted(scopes))}")
        matched = False
        for job in jobs:
            if scope is not None and scope not in (job.id, job.chapter):
                continue
            if key in known_params.get(job.chapter, {}):
                job.params[key] = value
                matched = True
        if not matched:
            raise ValueError(f"parameter {key!r} is not a parameter of {'chapter ' + scope if scope else 'any chapter'}")
    for job in jobs:
        chosen = {k: str(v) for k, v in data_overrides.items() if k in job.inputs}
        if chosen:
            job.params["data_files"] = chosen
    return jobs


def input_path(key: str, data_files: dict) -> Path:
    """Resolve a data key: a user override, a benchmark id (its configured data), or a manifest id."""
    if key in data_files:
        return Path(data_files[key]).expanduser().resolve()
    benchmarks = load_benchmark_configs()
    if key in benchmarks:
        return resolve(benchmarks[key].data)
    return resolve(key)


# ---------------------------------------------------------------- hashing


def package_hash() -> str:
    digest = hashlib.sha256()
    pkg = paths.ROOT / "src" / "compute_limits"
    for path in sorted(pkg.rglob("*.py")):
        digest.update(str(path.relative_to(pkg)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def input_records(job: Job) -> list[dict]:
    manifest = read_manifest()
    data_files = job.params.get("data_files", {})
    records = []
    for key in job.inputs:
        path = input_path(key, data_files)
        if not path.exists():
            raise FileNotFoundError(f"{job.id}: input {key!r} not found at {path} (run `make data`?)")
        try:
            shown = str(path.relative_to(paths.ROOT))
        except ValueError:
            shown = str(path)
        rec = {"key": key, "path": shown, "sha256": sha256_file(path),
               "modified": dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date().isoformat()}
        default_id = key if key in manifest.index else None
        if default_id is None and key in load_benchmark_configs():
            data = load_benchmark_configs()[key].data
            default_id = data if data in manifest.index else None
        if key not in data_files and default_id is not None:
            rec["url"] = manifest.loc[default_id, "url"]
            rec["licence"] = manifest.loc[default_id, "licence"]
            rec["manifest_id"] = default_id
        else:
            rec["url"] = None
            rec["licence"] = "user-supplied"
        records.append(rec)
    return records


def input_hash(job: Job, inputs: list[dict], extra: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(job.source.read_bytes())
    digest.update(package_hash().encode())
    for rel in HASHED_CONFIG:
        path = paths.ROOT / rel
        if path.exists():
            digest.update(rel.encode() + path.read_bytes())
    digest.update(json.dumps(job.params, sort_keys=True, default=str).encode())
    digest.update(json.dumps([(r["key"], r["sha256"]) for r in inputs]).encode())
    digest.update(extra.encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- execution


def _set_kernel(nb) -> None:
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.setdefault("language_info", {"name": "python"})


def stored_metadata(output: Path) -> dict | None:
    if not output.exists():
        return None
    try:
        with open(output, encoding="utf-8") as fh:
            return json.load(fh).get("metadata", {}).get(META_KEY)
    except (OSError, json.JSONDecodeError):
        return None


def is_current(job: Job, digest: str) -> bool:
    meta = stored_metadata(job.output)
    if not meta or meta.get("input_hash") != digest:
        return False
    results = paths.BUILD / "results"
    return all((results / rel).exists() for rel in meta.get("results", []))


class ChapterFailed(RuntimeError):
    pass


def execute(job: Job, digest: str, inputs: list[dict], log=print) -> dict:
    """Run one job with papermill; on success install its notebook and results."""
    import jupytext
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    staging = STAGING / job.id.replace(":", "_")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    nb = jupytext.read(job.source)
    _set_kernel(nb)
    src_nb = staging / "source.ipynb"
    out_nb = staging / "executed.ipynb"
    nbformat.write(nb, src_nb)
    env_before = os.environ.get(paths.RESULTS_ENV)
    os.environ[paths.RESULTS_ENV] = str(staging / "results")
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(src_nb), str(out_nb), parameters=job.params, kernel_name="python3",
            cwd=str(job.source.parent), progress_bar=False, log_output=False,
        )
    except PapermillExecutionError as err:
        FAILED.mkdir(parents=True, exist_ok=True)
        if out_nb.exists():
            shutil.copy(out_nb, FAILED / f"{job.id.replace(':', '_')}.ipynb")
        raise ChapterFailed(
            f"chapter {job.id} ({job.rel_source}) failed in cell {err.exec_count}: {err.ename}: {err.evalue}\n"
            f"  the executed notebook is kept at {FAILED.relative_to(paths.ROOT)}/{job.id.replace(':', '_')}.ipynb;"
            f" previous outputs were left in place"
        ) from None
    finally:
        if env_before is None:
            os.environ.pop(paths.RESULTS_ENV, None)
        else:
            os.environ[paths.RESULTS_ENV] = env_before
    elapsed = time.perf_counter() - started

    # Install results, then the notebook (with the hash) last: a crash in between re-runs the chapter.
    results_src = staging / "results"
    results_dst = paths.BUILD / "results"
    written = []
    if results_src.exists():
        for path in sorted(results_src.rglob("*.csv")):
            rel = path.relative_to(results_src)
            dest = results_dst / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            written.append(str(rel))
    executed = nbformat.read(out_nb, as_version=4)
    for cell in executed.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    meta = {
        "input_hash": digest,
        "job": job.id,
        "source": job.rel_source,
        "params": job.params,
        "inputs": inputs,
        "results": written,
        "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(elapsed, 2),
    }
    executed.metadata[META_KEY] = meta
    job.output.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = job.output.with_suffix(".ipynb.part")
    nbformat.write(executed, tmp_out)
    os.replace(tmp_out, job.output)
    shutil.rmtree(staging, ignore_errors=True)
    return meta


def git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def remove_stale(jobs: list[Job]) -> None:
    """Drop executed pages of benchmarks no longer configured, and the result parts they wrote."""
    bench_dir = paths.CHAPTERS / "benchmarks"
    wanted = {j.output for j in jobs}
    if not bench_dir.exists():
        return
    results = paths.BUILD / "results"
    for nb in bench_dir.glob("*.ipynb"):
        if nb in wanted:
            continue
        meta = stored_metadata(nb) or {}
        for rel in meta.get("results", []):
            if "/" in rel:  # only parts: whole tables belong to other chapters too
                (results / rel).unlink(missing_ok=True)
        nb.unlink()


def write_provenance(records: dict) -> Path:
    PROVENANCE.mkdir(parents=True, exist_ok=True)
    path = PROVENANCE / "chapters.json"
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps(records, indent=2, sort_keys=True, default=str))
    os.replace(tmp, path)
    return path


class _Lock:
    """One pipeline at a time per checkout (a second run waits for the first)."""

    def __init__(self, log):
        self.log = log

    def __enter__(self):
        import fcntl

        paths.BUILD.mkdir(parents=True, exist_ok=True)
        self.fh = open(paths.BUILD / ".pipeline.lock", "w")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.log("  (another pipeline run is in progress in this checkout; waiting for it)")
            fcntl.flock(self.fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def run(param_overrides=None, data_overrides: dict | None = None, only=None, force: bool = False,
        log=print) -> dict:
    """Execute every job whose inputs changed; return a summary. Raises ChapterFailed at the end
    if any chapter failed (after trying the others: keep going)."""
    with _Lock(log):
        return _run(param_overrides, data_overrides, only, force, log)


def _run(param_overrides, data_overrides, only, force, log) -> dict:
    from .userdata import validate_overrides

    data_overrides = dict(data_overrides or {})
    validate_overrides(data_overrides)  # refuse bad user data before anything runs
    jobs = load_jobs(param_overrides, data_overrides)
    remove_stale(jobs)
    only = set(only or [])
    summary = {"executed": [], "skipped": [], "failed": [], "missing": []}
    failures = []
    provenance = {}
    t0 = time.perf_counter()

    def handle(job: Job, extra: str = "") -> None:
        if not job.source.exists():
            summary["missing"].append(job.id)
            log(f"  - {job.id}: source {job.rel_source} not written yet, skipped")
            return
        inputs = input_records(job)
        digest = input_hash(job, inputs, extra)
        selected = not only or job.id in only or job.chapter in only
        if selected and (force or not is_current(job, digest)):
            log(f"  > {job.id}: executing {job.rel_source} -> {job.rel_output}")
            try:
                meta = execute(job, digest, inputs, log)
            except ChapterFailed as err:
                failures.append(str(err))
                summary["failed"].append(job.id)
                log(f"  ! {err}")
                return
            summary["executed"].append(job.id)
            log(f"    done in {meta['seconds']:.1f} s")
        else:
            summary["skipped"].append(job.id)
            log(f"  = {job.id}: up to date" if selected else f"  = {job.id}: not selected")
        meta = stored_metadata(job.output)
        if meta:
            provenance[job.id] = {k: meta.get(k) for k in ("job", "source", "params", "inputs", "executed_at", "seconds", "input_hash")}
            provenance[job.id]["output"] = job.rel_output

    for job in [j for j in jobs if not j.after]:
        handle(job)
    combine_parts()
    write_provenance(provenance)
    extra = json.dumps({"commit": git_commit(), "chapters": provenance}, sort_keys=True, default=str)
    for job in [j for j in jobs if j.after]:
        handle(job, extra)
    combine_parts()
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    log(f"chapters: {len(summary['executed'])} executed, {len(summary['skipped'])} up to date, "
        f"{len(summary['failed'])} failed, {len(summary['missing'])} not written yet ({summary['seconds']:.1f} s)")
    if failures:
        raise ChapterFailed("\n".join(failures))
    return summary
