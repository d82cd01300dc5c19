"""Execute the chapters with papermill: only what changed, two at a time, all or nothing, nothing unnoticed.

* **What changed.**  A job's *input hash* covers its code cells, the package modules they import
  (transitively) and the installed versions of the libraries all that code imports
  (:func:`compute_limits.code_graph.fingerprint`), the configuration files it declares, its parameters, the
  sha256 of each data file it reads and of the results of the chapters it needs.  A job whose hash matches
  the one recorded when it last ran is not run again.  Its prose is not in the hash: when only Markdown (or
  a cell's tags) changed, the executed notebook takes the new cells and keeps its outputs
  (:func:`~compute_limits.pipeline.notebooks.with_new_prose`).
* **Two at a time.**  ``workers`` jobs run at once, each as soon as the chapters it needs have finished,
  in kernels kept for the whole run (:mod:`compute_limits.pipeline.kernels`).
* **All or nothing.**  Every job writes to a staging area; results of earlier jobs are merged there, so
  later jobs read the new ones.  Only when every job succeeded are the notebooks, the results and the
  provenance installed together; a failure leaves all of them as they were, and keeps the failed notebook in
  ``_build/failed/`` for inspection (until the next run).
* **Nothing unnoticed.**  A chapter fails, naming the line of its source, when a cell raises, when it writes
  anything to stderr (a warning included) that :data:`~compute_limits.pipeline.notebooks.ALLOWED_STDERR` does
  not allow, and when it opened a data file, a configuration file or another chapter's results that
  ``chapters/book.toml`` does not declare for it (:mod:`compute_limits.pipeline.reads`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from filelock import FileLock

from .. import code_graph
from ..config import load_benchmarks
from ..data import paths
from ..data.files import atomic_write, copy_if_changed, sha256_file
from ..errors import BookError, ConfigError
from . import edition, provenance, reach
from .kernels import KERNEL, WORKERS, Pool, is_injected, with_environment, without_environment
from .notebooks import (INJECTED, cell_line, code_cells, has_code, prose, read_source, set_kernel, unwanted_output,
                        with_new_prose)
from .registry import CONFIG_FILES, Job, chapter_parameters, load_jobs

STAGING = paths.BUILD / ".staging"
FAILED = paths.BUILD / "failed"
LOCK = paths.BUILD / ".pipeline.lock"
COMPLETE = paths.BUILD / "provenance" / "complete"  # present after a run that checked every job
META_KEY = "compute_limits"
START_TIMEOUT = 180  # s for a kernel to answer (a busy machine starts them slowly)
NOT_IN_AFTER_HASH = ("prose_hash",)  # an edit of a chapter's prose does not re-run the after phase


class ChapterFailed(BookError):
    """A chapter failed: its message names the chapter, the line of its source and the error, with the plain
    traceback; nothing was installed."""


# ---------------------------------------------------------------- inputs and hashes


def input_path(key: str, data_files: dict) -> Path:
    """A data key: a user override, a benchmark id (its configured data), or a manifest id."""
    from ..data.benchmarks import benchmark_path  # (here, with the manifest below: pandas is for running, and
    from ..data.manifest import resolve  # a prose-only edit, which never gets here, does without it)

    benchmarks = load_benchmarks()
    if key in benchmarks:
        return benchmark_path(benchmarks[key], data_files)
    return resolve(key, data_files)


def input_records(job: Job) -> list[dict]:
    """One record per data file the job reads: key, path, sha256, date, address and licence (or user file)."""
    from ..data.manifest import read_manifest

    manifest = read_manifest()
    benchmarks = load_benchmarks()
    data_files = job.params.get("data_files", {})
    records = []
    for key in job.inputs:
        path = input_path(key, data_files)
        if not path.is_file():
            raise ConfigError(f"{job.id}: input {key!r} not found at {path} (run `make data`?)")
        try:
            shown = str(path.relative_to(paths.ROOT))
        except ValueError:
            shown = str(path)
        rec = {"key": key, "benchmark": key in benchmarks, "path": shown, "sha256": sha256_file(path),
               "modified": dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date().isoformat()}
        data_id = benchmarks[key].data if key in benchmarks else key
        user = key in data_files or data_id in data_files
        if not user and data_id in manifest.index:
            rec.update(url=manifest.loc[data_id, "url"], licence=manifest.loc[data_id, "licence"],
                       manifest_id=data_id, origin=manifest.loc[data_id, "description"])
            released = manifest.loc[data_id].get("released")
            if isinstance(released, str) and released:
                rec["released"] = released
        else:
            rec.update(url=None, licence="user-supplied" if user else "see the benchmark entry",
                       origin="a user-supplied file" if user else (benchmarks[key].source if key in benchmarks else ""))
        records.append(rec)
    return records


def _file_digest(rel: str) -> bytes:
    path = paths.ROOT / rel
    return rel.encode() + (path.read_bytes() if path.exists() else b"(missing)")


def code_fingerprint(code: list[str]) -> str:
    """The code cells, the package code they import and the versions of every library it all imports."""
    return _code_fingerprint(tuple(code))


@functools.lru_cache(maxsize=64)
def _code_fingerprint(code: tuple[str, ...]) -> str:
    code = list(code)
    facts = [code_graph.code_facts(c) for c in code]
    modules = sorted({m for f in facts for m in f.modules})
    libraries = {lib for f in facts for lib in f.libraries}
    return hashlib.sha256(json.dumps([code, code_graph.fingerprint(modules, libraries) if code else ""]).encode()
                          ).hexdigest()


def input_hash(job: Job, code: str, inputs: list[dict], needed_results: dict[str, str], extra: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(code.encode())
    for rel in (CONFIG_FILES[c] for c in job.configs):
        digest.update(_file_digest(rel))
    digest.update(json.dumps(job.params, sort_keys=True, default=str).encode())
    digest.update(json.dumps([(r["key"], r["sha256"]) for r in inputs]).encode())
    digest.update(json.dumps(sorted(needed_results.items())).encode())
    digest.update(extra.encode())
    return digest.hexdigest()


def prose_hash(nb) -> str:
    return hashlib.sha256(json.dumps(prose(nb), sort_keys=True).encode()).hexdigest()


def code_cells_hash(nb) -> str:
    return hashlib.sha256(json.dumps(code_cells(nb)).encode()).hexdigest()


# ---------------------------------------------------------------- what a chapter read


@dataclass
class Declared:
    """What a job may read: the data files (path -> keys), the configuration files, other jobs' results."""

    paths_to_keys: dict[str, set[str]]  # every data file any job could read -> its data keys
    configs: dict[str, str]  # path -> configuration name
    writers: dict[str, set[str]]  # results file (relative to the results) -> jobs that wrote it or its parts


def _declared(jobs: list[Job], data_files: dict, records: dict) -> Declared:
    from ..data.manifest import read_manifest

    keys: dict[str, set[str]] = {}
    candidates = set(read_manifest().index) | set(load_benchmarks()) | {k for j in jobs for k in j.inputs}
    for key in candidates:
        try:
            keys.setdefault(str(input_path(key, data_files)), set()).add(key)
        except (KeyError, BookError):
            continue
    configs = {str(paths.ROOT / rel): name for name, rel in CONFIG_FILES.items()}
    writers: dict[str, set[str]] = {}
    for job_id, rec in records.items():
        _add_writer(writers, job_id, rec.get("results") or [])
    return Declared(keys, configs, writers)


def _add_writer(writers: dict, job_id: str, results) -> None:
    for rel in results:
        writers.setdefault(rel, set()).add(job_id)
        if "/" in rel and not rel.startswith("figures/"):  # a part of a table combined after each chapter
            writers.setdefault(rel.split("/")[0] + ".csv", set()).add(job_id)


def undeclared_reads(job: Job, opened: list[str], declared: Declared, results: Path) -> tuple[list[str], dict]:
    """What ``job`` opened that the registry does not declare for it (one line each), and what it read by
    declared name: ``{"inputs": [...], "configs": [...], "needs": [...]}``."""
    problems, used = [], {"inputs": set(), "configs": set(), "needs": set()}
    data_dir, live_results = str(paths.DATA) + os.sep, str(paths.RESULTS) + os.sep
    staged = str(results) + os.sep
    for path in opened:
        shown = os.path.relpath(path, paths.ROOT) if path.startswith(str(paths.ROOT) + os.sep) else path
        if path in declared.configs:
            name = declared.configs[path]
            used["configs"].add(name)
            if name not in job.configs:
                problems.append(f"it read {shown}, which chapters/book.toml does not declare: add \"{name}\" to its "
                                "configs")
        elif path in declared.paths_to_keys:
            keys = declared.paths_to_keys[path]
            used["inputs"].update(keys & set(job.inputs))
            if not keys & set(job.inputs):
                problems.append(f"it read {shown}, which chapters/book.toml does not declare: add "
                                f"{' or '.join(sorted(keys))} (or \"@benchmarks\") to its inputs")
        elif path.startswith(staged) or path == staged:
            rel = os.path.relpath(path, results)
            if path.endswith(os.sep):  # a folder listed: what it holds depends on the chapters that write there
                folder = "" if rel == "." else rel
                writers = {w for f, ws in declared.writers.items() if os.path.dirname(f) == folder for w in ws}
                writers -= {job.id}
            else:
                writers = declared.writers.get(rel, set()) - {job.id}
            if rel in ("dictionary.csv",) or not writers:
                continue
            used["needs"].update(w.split(":")[0] for w in writers)
            missing = sorted({w.split(":")[0] for w in writers if w not in job.needs}
                             - set(job.unused_parts_of))
            if missing:
                problems.append(f"it read the results {rel}, written by {', '.join(missing)}, which chapters/book.toml "
                                "does not declare under its needs")
        elif path.startswith(live_results):
            problems.append(f"it read {shown} from the installed results, not the ones of this run "
                            "(read results with compute_limits.data.results.read_result)")
        elif path.startswith(data_dir):
            problems.append(f"it read {shown}, which is neither a configuration file nor a data input of "
                            "chapters/book.toml")
    return problems, {k: sorted(v) for k, v in used.items()}


# ---------------------------------------------------------------- one job


@dataclass
class Outcome:
    job: Job
    meta: dict | None = None
    error: str | None = None
    executed: bool = False
    notebook: nbformat.NotebookNode | None = None  # a notebook to install (executed, or with new prose)


@dataclass
class Run:
    """The state of one pipeline run (its staging area, its kernels and what each job did)."""

    jobs: list[Job]
    kernels: Pool
    declared: Declared
    stored: dict  # the provenance records of the installed build
    data_overrides: dict
    force: bool = False
    only: set = field(default_factory=set)
    outcomes: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)  # job id -> its input records
    sources: dict = field(default_factory=dict)  # chapter source -> notebook (not to be modified)
    staged: bool = False  # the results are copied to the staging area (done before the first job executes)
    lock: threading.Lock = field(default_factory=threading.Lock)
    variants: dict = field(default_factory=dict)  # job id -> the changes its page depends on (reach.page_variants)

    @property
    def results(self) -> Path:
        return STAGING / "results" if self.staged else paths.RESULTS

    def stage(self) -> None:
        """Before the first job executes: check every input (nothing has run yet if one is refused) and copy
        the installed results to the staging area, where the jobs write theirs."""
        if self.staged:
            return
        from ..data.validate import check_inputs  # pandas and pandera: only when something executes

        metrics = next((j.params["metrics"] for j in self.jobs if "metrics" in j.params), None)
        check_inputs(self.data_overrides, metrics)
        shutil.rmtree(STAGING / "results", ignore_errors=True)
        STAGING.mkdir(parents=True, exist_ok=True)
        if paths.RESULTS.exists():
            shutil.copytree(paths.RESULTS, STAGING / "results")
        else:
            (STAGING / "results").mkdir()
        self.staged = True

    def source_of(self, job: Job):
        """The job's source as a notebook (read once per run: a benchmark page's source serves six jobs)."""
        if job.source not in self.sources:
            self.sources[job.source] = read_source(job.source)
        return self.sources[job.source]

    def inputs_of(self, job: Job) -> list[dict]:
        if job.id not in self.inputs:
            self.inputs[job.id] = input_records(job)
        return self.inputs[job.id]

    def results_of(self, job_id: str) -> dict[str, str]:
        """sha256 of each result file a finished job wrote (as the staging area holds them now)."""
        meta = self.outcomes[job_id].meta or {}
        out = {}
        for rel in meta.get("results", []):
            path = self.results / rel
            out[f"{job_id}/{rel}"] = sha256_file(path) if path.exists() else "(missing)"
        return out


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _where(job: Job, code_index: int | None, line_in_cell: int = 1) -> str:
    if code_index is None:
        return job.rel_source
    return f"{job.rel_source}, line {cell_line(job.source, code_index) + line_in_cell - 1}"


def _failed_code_index(cells) -> int | None:
    """The position among the chapter's own code cells of the cell whose output is the error (None when the
    error is in a cell the pipeline or papermill added)."""
    own = [c for c in cells if c.cell_type == "code" and not is_injected(c)]
    for cell in own:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            if INJECTED in cell.metadata.get("tags", []):
                return None
            return [c for c in own if INJECTED not in c.metadata.get("tags", [])].index(cell)
    return None


def _papermill(run: Run, job: Job, notebook: Path, env: dict, reads: Path) -> tuple[str | None, object]:
    """Execute ``job`` in one of the run's kernels: (None, (the executed notebook, what the kernel process
    wrote)), or (the failure message, None) with the failed notebook written to ``notebook``."""
    import papermill  # imported here: a run with nothing to execute never needs it
    from papermill.exceptions import PapermillExecutionError

    nb = with_environment(read_source(job.source), env, str(job.source.parent), reads)
    set_kernel(nb)
    with run.kernels.kernel() as kernel:
        offset = kernel.size()
        try:
            executed = papermill.execute_notebook(nb, str(notebook), parameters=job.params, kernel_name=KERNEL,
                                                  km=kernel.km, progress_bar=False, log_output=False,
                                                  request_save_on_cell_execute=False, start_timeout=START_TIMEOUT)
        except PapermillExecutionError as err:
            cells = nbformat.read(notebook, as_version=4).cells if notebook.exists() else []
            index = _failed_code_index(cells)
            trace = _ANSI.sub("", "\n".join(err.traceback))
            at = re.findall(r"Cell In\[\d+\], line (\d+)", trace)
            where = _where(job, index, int(at[-1]) if at and index is not None else 1)
            return f"chapter {job.id} ({where}) failed: {err.ename}: {err.evalue}\n{trace}", None
        except Exception as err:  # noqa: BLE001 (the kernel died or could not start: the chapter fails)
            return f"chapter {job.id} ({job.rel_source}) could not be executed: {type(err).__name__}: {err}", None
        process_output = kernel.output_since(offset)
    if isinstance(executed.metadata.get("papermill", {}).get("input_path"), dict):  # we passed it a notebook
        executed.metadata["papermill"]["input_path"] = job.rel_source
    for cell in executed.cells:  # readers never see papermill's injected parameters
        tags = cell.metadata.get("tags", [])
        if INJECTED in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    return None, (without_environment(executed), process_output)


def _forget_previous_results(run: Run, job: Job) -> None:
    """Remove from the staged results what ``job`` wrote when it last ran (and recombine the tables they were
    parts of, and the dictionary), so that it reads what a build from nothing would give it: never its own
    earlier output.  (Its dependents wait for it; no other job may read them.)"""
    from ..data.results import combine_parts

    old = [rel for rel in (run.stored.get(job.id) or {}).get("results", []) if (run.results / rel).is_file()]
    for rel in old:
        (run.results / rel).unlink()
    if old:
        combine_parts(run.results, names={rel.split("/")[0] for rel in old if "/" in rel})


def _keep_dates_of_unchanged_results(staged: Path) -> None:
    """Give each staged results file that has the bytes of the installed one the installed one's date: a
    result a chapter wrote again unchanged is not new (Sphinx rebuilds every page that links a newer file)."""
    import filecmp

    for path in staged.rglob("*"):
        installed = paths.RESULTS / path.relative_to(staged)
        if path.is_file() and installed.is_file() and filecmp.cmp(path, installed, shallow=False):
            st = installed.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _execute(run: Run, job: Job, digest: str, inputs: list[dict], source_prose: str) -> Outcome:
    with run.lock:
        _forget_previous_results(run, job)
    work = STAGING / "jobs" / job.slug
    shutil.rmtree(work, ignore_errors=True)
    (work / "results").mkdir(parents=True)
    notebook = work / job.output.name
    env = {paths.RESULTS_ENV: str(work / "results"), paths.RESULTS_READ_ENV: str(run.results),
           paths.PAGE_ENV: job.page, paths.SOURCE_ENV: job.rel_source,
           paths.INPUTS_ENV: json.dumps([{k: r.get(k) for k in ("key", "benchmark", "origin", "released")}
                                         for r in inputs]),
           provenance.PROVENANCE_ENV: str(STAGING / "provenance" / "chapters.json")}
    started = time.perf_counter()
    nb = read_source(job.source)
    opened: list[str] = []
    if not has_code(nb):  # a prose page: converted here, no kernel needed
        set_kernel(nb)
    else:
        failure, done = _papermill(run, job, notebook, env, work / "reads.json")
        if failure:
            return _failed(job, failure, notebook)
        nb, process_output = done
        problems = [f"chapter {job.id} ({_where(job, i)}) wrote to stderr:\n{text.rstrip()}"
                    for i, text in unwanted_output(nb)]
        if process_output.strip():
            problems.append(f"chapter {job.id} ({job.rel_source}): its kernel wrote outside any cell:\n"
                            f"{process_output.rstrip()}")
        opened = json.loads((work / "reads.json").read_text(encoding="utf-8"))
        with run.lock:
            undeclared, used = undeclared_reads(job, opened, run.declared, run.results)
        problems += [f"chapter {job.id} ({job.rel_source}): {p}" for p in undeclared]
        if problems:
            nbformat.write(nb, notebook)
            return _failed(job, "\n".join(problems), notebook)
    elapsed = time.perf_counter() - started
    written = sorted(str(p.relative_to(work / "results")) for p in (work / "results").rglob("*") if p.is_file())
    with run.lock:
        for rel in written:  # merge into the run's results, so the chapters that need them read the new ones
            dest = run.results / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            copy_if_changed(work / "results" / rel, dest)
        _add_writer(run.declared.writers, job.id, written)
    meta = {"input_hash": digest, "prose_hash": source_prose, "code_hash": code_cells_hash(read_source(job.source)),
            "job": job.id, "source": job.rel_source, "params": job.params,
            "defaults": {name: p.default for name, p in chapter_parameters(job.source).items()},
            "inputs": inputs, "results": written, "reads": used if opened else {},
            "variant": run.variants.get(job.id, []),
            "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(elapsed, 2)}
    return Outcome(job, meta=meta, executed=True, notebook=nb)


def _failed(job: Job, message: str, notebook: Path) -> Outcome:
    FAILED.mkdir(parents=True, exist_ok=True)
    kept = FAILED / f"{job.slug}.ipynb"
    if notebook.exists():
        shutil.copy(notebook, kept)
        message += f"\n(the executed notebook is kept at {kept.relative_to(paths.ROOT)})"
    return Outcome(job, error=message)


def _with_new_prose(job: Job, meta: dict, source, digest: str) -> Outcome:
    """The installed page of ``job`` with the Markdown of its source as it is now (no code changed)."""
    installed = nbformat.read(job.output, as_version=4)
    nb = with_new_prose(installed, source)
    return Outcome(job, meta={**meta, "prose_hash": digest}, notebook=nb)


# ---------------------------------------------------------------- the run


def _stale_pages(jobs: list[Job]) -> list[Path]:
    bench_dir = paths.CHAPTERS / "benchmarks"
    wanted = {j.output for j in jobs}
    return [nb for nb in bench_dir.glob("*.ipynb") if nb not in wanted] if bench_dir.exists() else []


def _drop_stale_results(run: Run, stale: list[Path]) -> None:
    """Result parts written by benchmark pages that are no longer configured (and their tables recombined)."""
    from ..data.results import combine_parts

    dropped = False
    for nb in stale:
        try:
            meta = nbformat.read(nb, as_version=4).metadata.get(META_KEY, {})
        except (OSError, ValueError):
            meta = {}
        for rel in meta.get("results", []):
            if "/" in rel and (run.results / rel).exists():  # only parts: whole tables belong to other chapters too
                (run.results / rel).unlink()
                dropped = True
    if dropped:
        combine_parts(run.results)


def _install(run: Run, stale: list[Path], records: dict) -> None:
    """Move every new notebook, the results and the provenance into place (only after success)."""
    for outcome in run.outcomes.values():
        if outcome.notebook is None:
            continue
        nb = outcome.notebook
        nb.metadata[META_KEY] = outcome.meta
        outcome.job.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(outcome.job.output, nbformat.writes(nb))
    for nb in stale:
        nb.unlink(missing_ok=True)
    if run.staged:
        _keep_dates_of_unchanged_results(STAGING / "results")
        old = paths.BUILD / ".results-old"
        shutil.rmtree(old, ignore_errors=True)
        if paths.RESULTS.exists():
            os.replace(paths.RESULTS, old)
        os.replace(STAGING / "results", paths.RESULTS)
        shutil.rmtree(old, ignore_errors=True)
    if records != run.stored:
        provenance.write(records)


def _schedule(run: Run, log, workers: int, extra: str = "", after: bool = False, commit: str | None = None
              ) -> list[str]:
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
                source = run.source_of(job)
                inputs = run.inputs_of(job)
                needed = {}
                for n in job.needs:
                    needed.update(run.results_of(n))
                digest = input_hash(job, code_fingerprint(code_cells(source)), inputs, needed, extra)
                stored = run.stored.get(job.id)
                selected = not run.only or job.id in run.only or job.chapter in run.only
                current = (stored is not None and stored.get("input_hash") == digest and job.output.exists()
                           and all((run.results / rel).exists() for rel in stored.get("results", [])))
                if not selected or (current and not run.force):
                    words = "up to date" if selected else "not selected"
                    if current:  # what it ran is what the source holds (records written before these fields)
                        stored = {**stored, "code_hash": code_cells_hash(source),
                                  **({"commit": commit} if commit is not None else {})}
                        if selected:  # its page depends on what this build changes (its notice says so)
                            stored["variant"] = run.variants.get(job.id, [])
                    if current and stored.get("prose_hash") != prose_hash(source):
                        run.outcomes[job.id] = _with_new_prose(job, stored, source, prose_hash(source))
                        words += "; its prose changed: the page takes it, outputs kept"
                    else:
                        run.outcomes[job.id] = Outcome(job, meta=stored)
                    log(f"  = {job.id}: {words}")
                    continue
                run.stage()
                log(f"  > {job.id}: executing {job.rel_source} -> {job.rel_output}")
                running[pool.submit(_execute, run, job, digest, inputs, prose_hash(source))] = job
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
                    log(f"  ! {outcome.error.splitlines()[0]}")
                else:
                    if outcome.meta["results"]:  # what it wrote changes its tables and the data dictionary only
                        from ..data.results import combine_parts

                        with run.lock:
                            combine_parts(run.results, names={rel.split("/")[0] for rel in outcome.meta["results"]
                                                              if "/" in rel})
                    if commit is not None:  # what the after phase records: make's quick path compares it
                        outcome.meta["commit"] = commit
                    log(f"    {job.id} done in {outcome.meta['seconds']:.1f} s")
    return failures


def run(param_overrides=None, data_overrides: dict | None = None, only=None, force: bool = False,
        log=print, workers: int = WORKERS, kernels: Pool | None = None, edited=None) -> dict:
    """Execute every job whose inputs changed; install everything only if every job succeeded.

    ``edited``: chapter sources that make says are the only files changed since the last complete run (the
    Makefile passes them); when none of their code cells changed either, their pages just take the new prose
    (:func:`new_prose_only`) and nothing else is hashed.

    Raises :class:`~compute_limits.errors.ConfigError` or :class:`~compute_limits.errors.DataValidationError`
    before anything runs, and :class:`ChapterFailed` (after the other running jobs finished) if a chapter failed.
    """
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with FileLock(str(LOCK)):
        if edited and not (only or force):
            t0 = time.perf_counter()
            done = new_prose_only(param_overrides, data_overrides, [paths.ROOT / e for e in edited])
            if done is not None:
                log(f"chapters: 0 executed; only prose changed ({', '.join(done) or 'no page'}): the pages take it, "
                    f"outputs kept ({time.perf_counter() - t0:.1f} s)")
                return {"executed": [], "skipped": done, "failed": [], "seconds": time.perf_counter() - t0}
        return _run(param_overrides, data_overrides, only, force, log, workers, kernels)


def new_prose_only(param_overrides, data_overrides, edited: list[Path]) -> list[str] | None:
    """When only the chapter sources ``edited`` changed since the last complete run (make knows it from the
    files' dates), the last run checked every job with the parameters asked for now, and none of the edited
    sources' code cells changed (compared with what each job's record says it ran) nor the commit the build
    records: give their pages the new Markdown, outputs kept, and return the jobs; otherwise None (the full
    check decides), without changing anything."""
    stored = provenance.read(provenance.PROVENANCE)
    jobs = load_jobs(param_overrides, data_overrides)
    if not COMPLETE.exists() or not stored:  # the last run checked every job (an --only run does not)
        return None
    if any(job.id not in stored or not job.output.exists() for job in jobs):
        return None
    if any(json.dumps(stored[job.id].get("params"), sort_keys=True, default=str)  # as the last run ran them
           != json.dumps(job.params, sort_keys=True, default=str) for job in jobs):
        return None
    if any(stored[job.id].get("commit") != provenance.git_commit() for job in jobs if job.after):
        return None
    sources = {path: read_source(path) for path in {Path(p).resolve() for p in edited}}
    records, pages = dict(stored), {}
    for job in jobs:
        source = sources.get(job.source.resolve())
        if source is None:
            continue
        rec = stored[job.id]
        if rec.get("code_hash") != code_cells_hash(source):
            return None
        if rec.get("prose_hash") != prose_hash(source):
            pages[job.id] = (job, with_new_prose(nbformat.read(job.output, as_version=4), source))
            records[job.id] = {**rec, "prose_hash": prose_hash(source)}
    for job, nb in pages.values():
        nb.metadata[META_KEY] = records[job.id]
        atomic_write(job.output, nbformat.writes(nb))
    provenance.write(records)
    return list(pages)


def _run(param_overrides, data_overrides, only, force, log, workers, kernels) -> dict:
    t0 = time.perf_counter()
    data_overrides = dict(data_overrides or {})
    jobs = load_jobs(param_overrides, data_overrides)
    shutil.rmtree(FAILED, ignore_errors=True)  # the failures of an earlier run are not this run's
    shutil.rmtree(STAGING, ignore_errors=True)
    stored = provenance.read(provenance.PROVENANCE)
    declared = _declared(jobs, {k: v for j in jobs for k, v in j.params.get("data_files", {}).items()}, stored)
    run_ = Run(jobs, kernels or Pool(workers, log_dir=STAGING / "kernels"), declared, stored, data_overrides,
               force=force, only=set(only or []))
    if data_overrides:  # the user's files are checked first, each problem named, before anything is read
        from ..data.validate import check_inputs

        check_inputs(data_overrides, next((j.params["metrics"] for j in jobs if "metrics" in j.params), None))
    for job in jobs:  # every input exists, before anything runs
        run_.inputs_of(job)
    reached = reach.reaches(jobs, data_overrides)  # before executing: what this build changes reaches, and why
    for line in reach.summary(reached):
        log(line)
    run_.variants = reach.page_variants(reached)
    stale = _stale_pages(jobs)
    if stale:
        run_.stage()
        _drop_stale_results(run_, stale)
    try:
        failures = _schedule(run_, log, workers)
        records = {}
        if not failures:
            records = provenance.records(run_.outcomes)
            provenance.write(records, STAGING / "provenance" / "chapters.json")  # what the after phase reads
            commit = provenance.git_commit()
            extra = json.dumps({"commit": commit,
                                "chapters": {j: {k: v for k, v in r.items() if k not in NOT_IN_AFTER_HASH}
                                             for j, r in records.items()}}, sort_keys=True, default=str)
            failures = _schedule(run_, log, workers, extra=extra, after=True, commit=commit)
            records = provenance.records(run_.outcomes)
    finally:
        run_.kernels.close()
    summary = {
        "executed": [j for j, o in run_.outcomes.items() if o.executed],
        "skipped": [j for j, o in run_.outcomes.items() if not o.executed and not o.error],
        "failed": [j for j, o in run_.outcomes.items() if o.error],
    }
    if failures:
        shutil.rmtree(STAGING, ignore_errors=True)
        summary["seconds"] = round(time.perf_counter() - t0, 2)
        log(f"chapters: {len(summary['failed'])} failed; nothing was installed: the notebooks, results and "
            f"site are as they were before this run ({summary['seconds']:.1f} s)")
        raise ChapterFailed("\n\n".join(failures))
    _install(run_, stale, records)
    shutil.rmtree(STAGING, ignore_errors=True)
    if only:  # some jobs were not checked: the next run checks them all
        COMPLETE.unlink(missing_ok=True)
    else:
        COMPLETE.touch()
        if not reached:  # nothing changed from the defaults: these results are what a variant compares with
            edition.publish()
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    log(f"chapters: {len(summary['executed'])} executed, {len(summary['skipped'])} up to date, "
        f"0 failed ({summary['seconds']:.1f} s)")
    return summary


def status(param_overrides=None, data_overrides: dict | None = None) -> list[tuple[Job, str]]:
    """Each job and whether it is up to date (chapters that need re-run results count as to run)."""
    jobs = load_jobs(param_overrides, data_overrides)
    stored = provenance.read(provenance.PROVENANCE)
    out = []
    stale_ids: set[str] = set()
    for job in jobs:
        if job.after:
            out.append((job, "runs after the others"))
            continue
        needed = {}
        for n in job.needs:
            results = (stored.get(n) or {}).get("results", [])
            needed.update({f"{n}/{rel}": sha256_file(paths.RESULTS / rel) if (paths.RESULTS / rel).exists()
                           else "(missing)" for rel in results})
        source = read_source(job.source)
        digest = input_hash(job, code_fingerprint(code_cells(source)), input_records(job), needed)
        rec = stored.get(job.id) or {}
        if rec.get("input_hash") != digest or not job.output.exists() or any(n in stale_ids for n in job.needs):
            stale_ids.add(job.id)
            out.append((job, "to run"))
        elif rec.get("prose_hash") != prose_hash(source):
            out.append((job, "up to date; its prose changed"))
        else:
            out.append((job, "up to date"))
    return out
