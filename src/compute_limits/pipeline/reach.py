"""What a change reaches: for every data file and parameter a build changes from the published edition, the
chapters and benchmark pages whose numbers depend on it, and why.

It reads the dependencies the pipeline itself runs on: the data each job reads (``inputs`` in
``chapters/book.toml``, ``@benchmarks`` expanded), the parameters each chapter's parameters cell declares (a
parameter set on the command line reaches the chapters that have it), the chapters whose results a job reads
(``needs``, followed to the end) and the jobs that run after every other (they record what each chapter ran
on).  One dependency lies in the analysis, between benchmarks: a benchmark that has too few models with both
compute measures converts network operations with a regression fitted on every benchmark's models
(:func:`compute_limits.analysis.compute_measures.choose_conversion`).  ``data/benchmarks.toml`` declares it
(``pooled_conversion``, by sample) and ``tests/test_benchmarks.py`` checks the declaration against the analysis.

* :func:`changes`: what a build changes (the users' files given with ``-d``/``DATA``, the parameters that
  differ from their chapter's default);
* :func:`reach`: for one change, each job it reaches with the reason, and the jobs that only re-run (their
  input hash covers the change, their numbers do not use it);
* :func:`page_variants`: for each job, the changes its page depends on (the page's variant notice);
* :func:`summary`: the lines ``run`` and ``status`` print.
"""

from __future__ import annotations

import ast
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..data import paths
from .registry import PIPELINE_SET, Job, chapter_parameters

SAMPLES = {"all": "", "v1": "v1 sample's "}  # how a pooled conversion's sample is named in a reason


@dataclass(frozen=True)
class Change:
    """One thing a build changes from the published edition."""

    kind: str  # "data" (a user's file) or "parameter"
    name: str  # the data key ("imagenet", "epoch") or the parameter ("level", "metrics.imagenet")
    value: str  # the user's file as given, or the parameter's value
    default: str  # what it replaces: the configured file (path relative to the repository), or the default
    origin: str = ""  # who made the configured file (the manifest's description or the benchmark's source)

    @property
    def file_name(self) -> str:
        return Path(self.value).name if self.kind == "data" else ""

    def shown(self) -> str:
        if self.kind == "data":
            return f"{self.name} = {self.value} (instead of {self.default}, {self.origin})"
        return f"{self.name} = {self.value} (default {self.default})"


@dataclass(frozen=True)
class Reached:
    job: str
    why: str
    direct: bool  # the job reads the changed file or has the parameter (else: through the results it needs)


@dataclass
class Reach:
    change: Change
    reached: list[Reached]
    rerun_only: list[str]  # jobs whose input hash covers the change, though their numbers do not use it
    rerun_reason: str = ""


# ---------------------------------------------------------------- what a build changes


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _configured_entry(name: str, key: str):
    """What ``data/benchmarks.toml`` sets for benchmark ``key`` where the chapter's default of ``name`` (a dict
    keyed by benchmark: ``metrics``, ``targets``) leaves it out: setting it to that is no change."""
    from ..config import load_benchmarks

    configured = load_benchmarks()
    if key not in configured:
        return None
    if name == "metrics":
        return configured[key].default_metric
    if name == "targets":
        return list(configured[key].targets)
    return None


def _same_targets(name: str, value, configured) -> bool:
    if name != "targets" or not isinstance(value, list | tuple) or not isinstance(configured, list | tuple):
        return False
    return [float(v) for v in value] == [float(c) for c in configured]


def param_changes(job: Job) -> list[tuple[str, str, str]]:
    """``(name, value, default)`` for each parameter of ``job`` that differs from its chapter's default; an entry
    of a dict parameter keyed by benchmark (``metrics``, ``targets``) is one change each (``metrics.imagenet``)."""
    out = []
    declared = chapter_parameters(job.source)
    for name, value in job.params.items():
        if name in PIPELINE_SET or name not in declared:
            continue
        default = _value(declared[name].default)
        if value == default:
            continue
        if isinstance(value, dict) and isinstance(default, dict):
            for key in sorted(set(value) | set(default)):
                configured = default[key] if key in default else _configured_entry(name, key)
                if value.get(key) != configured and not _same_targets(name, value.get(key), configured):
                    fallback = "all models" if name == "filters" else "data/benchmarks.toml's"  # no filter: every model
                    out.append((f"{name}.{key}", _text(value.get(key, "")),
                                _text(configured) if configured is not None else fallback))
        else:
            out.append((name, _text(value), declared[name].default))
    return out


def _configured(key: str) -> tuple[str, str]:
    """The file a data key reads without overrides (relative to the repository), and who made it."""
    from ..config import load_benchmarks
    from ..data.manifest import read_manifest
    from .pipeline import input_path

    path = input_path(key, {})
    try:
        shown = str(path.relative_to(paths.ROOT))
    except ValueError:
        shown = str(path)
    benchmarks = load_benchmarks()
    data_id = benchmarks[key].data if key in benchmarks else key
    manifest = read_manifest()
    if data_id in manifest.index:
        return shown, str(manifest.loc[data_id, "description"])
    return shown, benchmarks[key].source if key in benchmarks else ""


def changes(jobs: list[Job], data_overrides: dict | None = None) -> list[Change]:
    """What this build changes from the published edition: each user's file, then each parameter value that
    differs from its chapter's default (one change per name and value, in the order of the jobs)."""
    out = [Change("data", key, str(path), *_configured(key)) for key, path in (data_overrides or {}).items()]
    seen = set()
    for job in jobs:
        for name, value, default in param_changes(job):
            if (name, value) not in seen:
                seen.add((name, value))
                out.append(Change("parameter", name, value, default))
    return out


# ---------------------------------------------------------------- what one change reaches


def _benchmark_of(job: Job) -> str | None:
    return job.params.get("benchmark") if job.chapter != job.id else None


def _direct(job: Job, change: Change, benchmarks: dict) -> tuple[str | None, bool]:
    """Why ``job`` depends on ``change`` itself (None if it does not), and whether its input hash covers the
    change all the same (it re-runs)."""
    own = _benchmark_of(job)
    if change.kind == "parameter":
        name, _, entry = change.name.partition(".")
        if not any(n == change.name and v == change.value for n, v, _ in param_changes(job)):
            return None, False
        if own and entry and entry in benchmarks and entry != own:  # metrics.coco on the ImageNet page
            return None, True
        return f"its parameter {name}", True
    key = change.name
    if key not in job.inputs:
        return None, False
    if own is None or key not in benchmarks:
        return f"reads {key}", True
    if key == own:
        return "its data", True
    pooled = benchmarks[own].pooled_conversion
    if pooled:
        samples = "" if set(pooled) >= set(SAMPLES) else "".join(SAMPLES[s] for s in pooled)
        return f"{samples}compute conversion pooled with {key}", True
    if own in job.params.get("data_files", {}):  # its own file is a user's: the analysis may pool it
        return (f"compute conversion pooled with {key} if its own file (a user's) has fewer than 5 models with "
                "both compute measures"), True
    return None, True


def reach(jobs: list[Job], change: Change, benchmarks: dict | None = None) -> Reach:
    """The jobs ``change`` reaches, in the order of the jobs: directly, through the results of the jobs they
    need (followed to the end), and the jobs that run after every other; then those that only re-run."""
    if benchmarks is None:
        from ..config import load_benchmarks

        benchmarks = load_benchmarks()
    reached: dict[str, Reached] = {}
    rerun = []
    for job in jobs:
        why, reruns = _direct(job, change, benchmarks)
        if why:
            reached[job.id] = Reached(job.id, why, True)
        elif reruns:
            rerun.append(job.id)
    grew = True
    while grew:
        grew = False
        for job in jobs:
            if job.id in reached or job.after:
                continue
            via = [n for n in job.needs if n in reached]
            if via:
                reached[job.id] = Reached(job.id, f"uses the results of {', '.join(via)}", False)
                grew = True
    if reached:
        for job in jobs:
            if job.after and job.id not in reached:
                reached[job.id] = Reached(job.id, "records what every chapter ran on", False)
    rerun = [j for j in rerun if j not in reached]
    reason = ""
    if rerun and change.kind == "data":
        reason = "every benchmark page reads every benchmark's file; these do not pool their conversion"
    elif rerun:
        reason = f"{change.name.split('.')[0]} is passed to every page that has it; these are about other benchmarks"
    order = {j.id: i for i, j in enumerate(jobs)}
    return Reach(change, sorted(reached.values(), key=lambda r: order[r.job]), rerun, reason)


def reaches(jobs: list[Job], data_overrides: dict | None = None) -> list[Reach]:
    from ..config import load_benchmarks

    benchmarks = load_benchmarks()
    return [reach(jobs, c, benchmarks) for c in changes(jobs, data_overrides)]


def page_variants(reaches_: list[Reach]) -> dict[str, list[dict]]:
    """For each job, the changes its page depends on (directly or through the results it needs), each as a
    record ``{kind, name, value, file_name, default, why}`` for the provenance and the page's variant notice."""
    out: dict[str, list[dict]] = {}
    for r in reaches_:
        for hit in r.reached:
            out.setdefault(hit.job, []).append({**asdict(r.change), "file_name": r.change.file_name, "why": hit.why})
    return out


def summary(reaches_: list[Reach]) -> list[str]:
    """What ``run`` prints before executing and ``status`` shows: each change, then each job it reaches and why."""
    if not reaches_:
        return []
    lines = ["this build changes, from the published edition:"]
    for r in reaches_:
        lines.append(f"  {r.change.shown()}")
        width = max([len(h.job) for h in r.reached] + [10])
        lines += [f"    {h.job:{width}s}  {h.why}" for h in r.reached]
        if not r.reached:
            lines.append("    (no chapter uses it)")
        if r.rerun_only:
            lines.append(f"    re-run, numbers unchanged by it: {', '.join(r.rerun_only)} ({r.rerun_reason})")
    return lines
