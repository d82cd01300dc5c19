"""Execute the chapters with papermill: only what changed, two at a time, all or nothing.

* **What changed.**  A job's *input hash* covers its source, the package modules it imports
  (transitively, :func:`compute_limits.code_graph.code_hash`), the configuration files it declares, the
  pinned requirements, its parameters, the sha256 of each data file it reads and of the results of
  the chapters it needs.  A job whose hash matches its executed notebook's is not run again.
* **Two at a time.**  ``workers`` jobs run at once, each as soon as the chapters it needs have finished,
  in kernels kept for the whole run and started only when needed (:mod:`compute_limits.pipeline.kernels`).
* **All or nothing.**  Every job writes to a staging area; results of earlier jobs are merged there,
  so later jobs read the new ones.  Only when every job succeeded are the notebooks, the results and
  the provenance installed together; a failure leaves all of them exactly as they were, and keeps the
  failed notebook in ``_build/failed/`` for inspection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from filelock import FileLock

from ..code_graph import INDEX, code_hash, imported_modules
from ..config import load_benchmarks
from ..data import paths
from ..data.benchmarks import benchmark_path
from ..data.files import atomic_write, copy_if_changed, sha256_file
from ..data.manifest import read_manifest, resolve
from ..data.results import combine_parts
from ..data.validate import check_inputs
from . import provenance
from .notebooks import has_code, read_source, set_kernel
from .kernels import KERNEL, WORKERS, Pool, with_environment, without_environment
from .registry import CONFIG_FILES, Job, chapter_parameters, load_jobs

STAGING = paths.BUILD / ".staging"
FAILED = paths.BUILD / "failed"
LOCK = paths.BUILD / ".pipeline.lock"
META_KEY = "compute_limits"
ALWAYS_HASHED = ("requirements.txt",)
START_TIMEOUT = 180  # s for a kernel to answer: the first imports the chapters' modules as it starts (~3 s here)


class ChapterFailed(RuntimeError):
    pass


# ---------------------------------------------------------------- inputs and hashes


def input_path(key: str, data_files: dict) -> Path:
    """A data key: a user override, a benchmark id (its configured data), or a manifest id."""
    benchmarks = load_benchmarks()
    if key in benchmarks:
        return benchmark_path(benchmarks[key], data_files)
    return resolve(key, data_files)


def input_records(job: Job) -> list[dict]:
    """One record per data file the job reads: key, path, sha256, date, address and licence (or user file)."""
    manifest = read_manifest()
    benchmarks = load_benchmarks()
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
        data_id = benchmarks[key].data if key in benchmarks else key
        user = key in data_files or data_id in data_files
        if not user and data_id in manifest.index:
            rec.update(url=manifest.loc[data_id, "url"], licence=manifest.loc[data_id, "licence"],
                       manifest_id=data_id, origin=manifest.loc[data_id, "description"])
        else:
            rec.update(url=None, licence="user-supplied" if user else "see the benchmark entry",
                       origin="a user-supplied file" if user else (benchmarks[key].source if key in benchmarks else ""))
        records.append(rec)
    return records


def _file_digest(rel: str) -> bytes:
    path = paths.ROOT / rel
    return rel.encode() + (path.read_bytes() if path.exists() else b"(missing)")


def input_hash(job: Job, inputs: list[dict], needed_results: dict[str, str], extra: str = "") -> str:
    digest = hashlib.sha256()
    text = job.source.read_text(encoding="utf-8")
    digest.update(text.encode())
    digest.update(code_hash(imported_modules(text)).encode())
    for rel in ALWAYS_HASHED + tuple(CONFIG_FILES[c] for c in job.configs):
        digest.update(_file_digest(rel))
    digest.update(json.dumps(job.params, sort_keys=True, default=str).encode())
    digest.update(json.dumps([(r["key"], r["sha256"]) for r in inputs]).encode())
    digest.update(json.dumps(sorted(needed_results.items())).encode())
    digest.update(extra.encode())
    return digest.hexdigest()


def stored_metadata(output: Path) -> dict | None:
    if not output.exists():
        return None
    try:
        with open(output, encoding="utf-8") as fh:
            return json.load(fh).get("metadata", {}).get(META_KEY)
    except (OSError, json.JSONDecodeError):
        return None


def is_current(job: Job, digest: str, results: Path) -> bool:
    meta = stored_metadata(job.output)
    if not meta or meta.get("input_hash") != digest:
        return False
    return all((results / rel).exists() for rel in meta.get("results", []))


# ---------------------------------------------------------------- one job


@dataclass
class Outcome:
    job: Job
    meta: dict | None = None
    error: str | None = None
    executed: bool = False
    notebook: nbformat.NotebookNode | None = None  # the executed notebook (kept in memory until installed)


@dataclass
class Run:
    """The state of one pipeline run (its staging area, its kernels and what each job did)."""

    jobs: list[Job]
    staging: Path
    kernels: Pool
    force: bool = False
    only: set = field(default_factory=set)
    outcomes: dict = field(default_factory=dict)

    @property
    def results(self) -> Path:
        return self.staging / "results"

    def results_of(self, job_id: str) -> dict[str, str]:
        """sha256 of each result file a finished job wrote (as the staging area holds them now)."""
        meta = self.outcomes[job_id].meta or {}
        out = {}
        for rel in meta.get("results", []):
            path = self.results / rel
            out[f"{job_id}/{rel}"] = sha256_file(path) if path.exists() else "(missing)"
        return out


def _papermill(run: Run, job: Job, notebook: Path, env: dict) -> tuple[str | None, nbformat.NotebookNode | None]:
    """Execute ``job`` in one of the run's kernels: (None, the executed notebook), or (the failure message,
    None) with the failed notebook written to ``notebook``."""
    import papermill  # imported here: a run with nothing to execute (the common case) never needs it
    from papermill.exceptions import PapermillExecutionError

    nb = with_environment(read_source(job.source), env, str(job.source.parent))
    set_kernel(nb)
    with run.kernels.kernel() as km:
        # request_save_on_cell_execute=False: papermill would otherwise write the whole notebook (charts
        # and all) before and after every cell; it is written once at the end, or when a cell fails.
        try:
            executed = papermill.execute_notebook(nb, str(notebook), parameters=job.params, kernel_name=KERNEL,
                                                  km=km, progress_bar=False, log_output=False,
                                                  request_save_on_cell_execute=False, start_timeout=START_TIMEOUT)
        except PapermillExecutionError as err:  # the environment cell is cell 1: count the chapter's own
            return f"failed in cell {err.exec_count - 1}: {err.ename}: {err.evalue}", None
        except Exception as err:  # the kernel died, or could not start
            return f"could not be executed: {type(err).__name__}: {err}", None
    for cell in executed.cells:  # readers never see papermill's injected parameters
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    # Not written again here: _install writes it once, with its metadata (a chapter with charts is ~1.7 MB
    # of JSON, about 0.2 s to write and as much to read back).
    return None, without_environment(executed)


def _execute(run: Run, job: Job, digest: str, inputs: list[dict]) -> Outcome:
    work = run.staging / "jobs" / job.slug
    shutil.rmtree(work, ignore_errors=True)
    (work / "results").mkdir(parents=True)
    notebook = work / job.output.name
    env = {paths.RESULTS_ENV: str(work / "results"), paths.RESULTS_READ_ENV: str(run.results),
           paths.PAGE_ENV: job.page, paths.SOURCE_ENV: job.rel_source,
           provenance.PROVENANCE_ENV: str(run.staging / "provenance" / "chapters.json")}
    started = time.perf_counter()
    nb = read_source(job.source)
    if not has_code(nb):  # a prose page: converted here, no kernel needed
        set_kernel(nb)
        failure = None
    else:
        failure, nb = _papermill(run, job, notebook, env)
    elapsed = time.perf_counter() - started
    if failure:
        FAILED.mkdir(parents=True, exist_ok=True)
        kept = FAILED / f"{job.slug}.ipynb"
        if notebook.exists():
            shutil.copy(notebook, kept)
        where = f"; the executed notebook is kept at {kept.relative_to(paths.ROOT)}" if kept.exists() else ""
        return Outcome(job, error=f"chapter {job.id} ({job.rel_source}) {failure}{where}")
    written = sorted(str(p.relative_to(work / "results")) for p in (work / "results").rglob("*") if p.is_file())
    for rel in written:  # merge into the run's results, so the chapters that need them read the new ones
        dest = run.results / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        copy_if_changed(work / "results" / rel, dest)
    meta = {"input_hash": digest, "job": job.id, "source": job.rel_source, "params": job.params,
            "defaults": {name: p.default for name, p in chapter_parameters(job.source).items()},
            "inputs": inputs, "results": written,
            "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(elapsed, 2)}
    return Outcome(job, meta=meta, executed=True, notebook=nb)


# ---------------------------------------------------------------- the run


def _prepare_staging() -> Path:
    shutil.rmtree(STAGING, ignore_errors=True)
    (STAGING / "provenance").mkdir(parents=True)
    if paths.RESULTS.exists():
        shutil.copytree(paths.RESULTS, STAGING / "results")
    else:
        (STAGING / "results").mkdir()
    return STAGING


def _stale_pages(jobs: list[Job]) -> list[Path]:
    bench_dir = paths.CHAPTERS / "benchmarks"
    wanted = {j.output for j in jobs}
    return [nb for nb in bench_dir.glob("*.ipynb") if nb not in wanted] if bench_dir.exists() else []


def _drop_stale_results(run: Run, stale: list[Path]) -> None:
    """Result parts written by benchmark pages that are no longer configured (and their tables recombined)."""
    dropped = False
    for nb in stale:
        for rel in (stored_metadata(nb) or {}).get("results", []):
            if "/" in rel and (run.results / rel).exists():  # only parts: whole tables belong to other chapters too
                (run.results / rel).unlink()
                dropped = True
    if dropped:
        combine_parts(run.results)


def _install(run: Run, stale: list[Path], records: dict) -> None:
    """Move every executed notebook, the results and the provenance into place (only after success)."""
    for outcome in run.outcomes.values():
        if not outcome.executed:
            continue
        nb = outcome.notebook
        nb.metadata[META_KEY] = outcome.meta
        outcome.job.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(outcome.job.output, nbformat.writes(nb))
    for nb in stale:
        nb.unlink(missing_ok=True)
    old = paths.BUILD / ".results-old"
    shutil.rmtree(old, ignore_errors=True)
    if paths.RESULTS.exists():
        os.replace(paths.RESULTS, old)
    os.replace(run.results, paths.RESULTS)
    shutil.rmtree(old, ignore_errors=True)
    provenance.write(records)


def _schedule(run: Run, log, workers: int, extra: str = "", after: bool = False) -> list[str]:
    """Run the jobs of one phase (``after`` or not) in dependency order, ``workers`` at a time."""
    pending = [j for j in run.jobs if j.after == after]
    failures: list[str] = []
    running = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while pending or running:
            ready = [j for j in pending if all(n in run.outcomes for n in j.needs)] if not failures else []
            for job in ready:
                pending.remove(job)
                if any(run.outcomes[n].error for n in job.needs):
                    continue
                inputs = input_records(job)
                needed = {}
                for n in job.needs:
                    needed.update(run.results_of(n))
                digest = input_hash(job, inputs, needed, extra)
                selected = not run.only or job.id in run.only or job.chapter in run.only
                if not selected or (not run.force and is_current(job, digest, run.results)):
                    log(f"  = {job.id}: {'up to date' if selected else 'not selected'}")
                    run.outcomes[job.id] = Outcome(job, meta=stored_metadata(job.output))
                    continue
                log(f"  > {job.id}: executing {job.rel_source} -> {job.rel_output}")
                running[pool.submit(_execute, run, job, digest, inputs)] = job
            if not running:
                if pending and not ready:
                    break  # nothing can start (a failure upstream)
                continue
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in done:
                job = running.pop(fut)
                outcome = fut.result()
                run.outcomes[job.id] = outcome
                if outcome.error:
                    failures.append(outcome.error)
                    log(f"  ! {outcome.error}")
                elif outcome.meta["results"]:  # what it wrote changes its tables and the data dictionary only
                    combine_parts(run.results, names={rel.split("/")[0] for rel in outcome.meta["results"] if "/" in rel})
                    log(f"    {job.id} done in {outcome.meta['seconds']:.1f} s")
    return failures


def run(param_overrides=None, data_overrides: dict | None = None, only=None, force: bool = False,
        log=print, workers: int = WORKERS, kernels: Pool | None = None) -> dict:
    """Execute every job whose inputs changed; install everything only if every job succeeded.

    ``kernels``: a pool of ``workers`` kernels the caller created (and may have started one of) before
    importing this module; the run closes it.

    Raises :class:`~compute_limits.errors.ConfigError` or :class:`~compute_limits.errors.DataValidationError`
    before anything runs, and :class:`ChapterFailed` (after the other running jobs finished) if a chapter failed.
    """
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(LOCK))
    with lock:
        return _run(param_overrides, data_overrides, only, force, log, workers, kernels)


def _run(param_overrides, data_overrides, only, force, log, workers, kernels) -> dict:
    t0 = time.perf_counter()
    data_overrides = dict(data_overrides or {})
    jobs = load_jobs(param_overrides, data_overrides)
    metrics = next((j.params["metrics"] for j in jobs if "metrics" in j.params), None)
    check_inputs(data_overrides, metrics)  # refuse bad data before anything runs
    run_ = Run(jobs, _prepare_staging(), kernels or Pool(workers), force=force, only=set(only or []))
    stale = _stale_pages(jobs)
    _drop_stale_results(run_, stale)
    try:
        failures = _schedule(run_, log, workers)
        records = {}
        if not failures:
            records = provenance.records(run_.outcomes)
            provenance.write(records, run_.staging / "provenance" / "chapters.json")
            extra = json.dumps({"commit": provenance.git_commit(), "chapters": records}, sort_keys=True, default=str)
            failures = _schedule(run_, log, workers, extra=extra, after=True)
            records = provenance.records(run_.outcomes)
    finally:
        run_.kernels.close()
        INDEX.save()
    summary = {
        "executed": [j for j, o in run_.outcomes.items() if o.executed],
        "skipped": [j for j, o in run_.outcomes.items() if not o.executed and not o.error],
        "failed": [j for j, o in run_.outcomes.items() if o.error],
    }
    if failures:
        shutil.rmtree(run_.staging, ignore_errors=True)
        summary["seconds"] = round(time.perf_counter() - t0, 2)
        log(f"chapters: {len(summary['failed'])} failed; nothing was installed: the notebooks, results and "
            f"site are as they were before this run ({summary['seconds']:.1f} s)")
        raise ChapterFailed("\n".join(failures))
    _install(run_, stale, records)
    shutil.rmtree(run_.staging, ignore_errors=True)
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    log(f"chapters: {len(summary['executed'])} executed, {len(summary['skipped'])} up to date, "
        f"0 failed ({summary['seconds']:.1f} s)")
    return summary


def status(param_overrides=None, data_overrides: dict | None = None) -> list[tuple[Job, str]]:
    """Each job and whether it is up to date (chapters that need re-run results count as to run)."""
    jobs = load_jobs(param_overrides, data_overrides)
    out = []
    stale_ids: set[str] = set()
    for job in jobs:
        if job.after:
            out.append((job, "runs after the others"))
            continue
        needed = {}
        for n in job.needs:
            meta = stored_metadata(next(j for j in jobs if j.id == n).output) or {}
            needed.update({f"{n}/{rel}": sha256_file(paths.RESULTS / rel) if (paths.RESULTS / rel).exists()
                           else "(missing)" for rel in meta.get("results", [])})
        current = is_current(job, input_hash(job, input_records(job), needed), paths.RESULTS)
        if not current or any(n in stale_ids for n in job.needs):
            stale_ids.add(job.id)
        out.append((job, "to run" if job.id in stale_ids else "up to date"))
    INDEX.save()
    return out

