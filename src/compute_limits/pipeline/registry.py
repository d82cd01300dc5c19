"""The chapter registry (``chapters/book.toml``) expanded into jobs, with parameters applied.

A *job* executes one chapter source into one page: most chapters are one job; a ``per_benchmark``
chapter is one job per entry of ``data/benchmarks.toml``.  Parameters come from the command line as
``key=value`` (every chapter that has ``key``) or ``chapter.key=value`` (one chapter), and are checked
against the chapter's parameters cell (read by papermill, as it reads them to inject values) before anything
runs.  The order of the pages is ``_toc.yml``'s; ``tests/test_layout.py`` checks that it lists every page of
the registry and no other.
"""

from __future__ import annotations

import ast
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import parameters
from ..config import load_benchmarks, load_costs
from ..data import paths
from ..errors import ConfigError
from .notebooks import read_source

REGISTRY = paths.CHAPTERS / "book.toml"
PIPELINE_SET = ("benchmark", "data_files", "variant")  # parameters the pipeline sets, never the user
CONFIG_FILES = {"benchmarks": "data/benchmarks.toml", "costs": "data/costs.toml",
                "specification": "data/specification.toml",
                "literature": "data/literature.toml", "dictionary": "data/dictionary.toml",
                "manifest": "data/manifest.csv", "registry": "chapters/book.toml"}


class ChapterEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    inputs: list[str] = []  # data ids; "@benchmark" (the page's own), "@benchmarks" (every configured)
    configs: list[str] = []  # names of CONFIG_FILES the chapter reads
    needs: list[str] = []  # chapters whose results this chapter reads (they run first)
    # chapters whose rows a combined results table it reads holds, but which it does not use (they run after
    # it: a need would be a cycle); each with its reason in a comment
    unused_parts_of: list[str] = []
    per_benchmark: bool = False
    after: bool = False  # runs after every other chapter (reads the provenance of the build)
    html_only: bool = False  # left out of the PDF (the API reference)


@dataclass
class Job:
    id: str  # e.g. "history", "benchmark:imagenet"
    chapter: str  # registry id
    source: Path
    output: Path
    inputs: list[str]  # data keys: manifest ids or benchmark ids
    configs: list[str]
    needs: list[str]  # job ids this job waits for
    unused_parts_of: list[str]  # chapter ids whose parts of a combined table it reads but does not use
    params: dict = field(default_factory=dict)  # parameters passed (fixed + user overrides)
    after: bool = False
    html_only: bool = False

    @property
    def rel_source(self) -> str:
        return str(self.source.relative_to(paths.ROOT))

    @property
    def rel_output(self) -> str:
        return str(self.output.relative_to(paths.ROOT))

    @property
    def page(self) -> str:
        """The page's document name (output without suffix), e.g. ``chapters/benchmarks/imagenet``."""
        return self.rel_output.removesuffix(".ipynb")

    @property
    def slug(self) -> str:
        return self.id.replace(":", "_")


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
                raise ConfigError(f"{what} {token!r} must look like key=value or chapter.key=value")
            key, value = token.split("=", 1)
            scope = None
            if "." in key:
                scope, key = key.rsplit(".", 1)
            parsed.append((scope, key, parse_value(value)))
    return parsed


@dataclass(frozen=True)
class Parameter:
    name: str
    default: str  # source text of the default
    comment: str  # the comment after it: what it means (compute_limits.parameters.DESCRIPTIONS)


def chapter_parameters(source: Path) -> dict[str, Parameter]:
    """The chapter's parameters (name → :class:`Parameter`), as papermill reads its ``parameters`` cell."""
    st = Path(source).stat()
    return dict(_chapter_parameters(Path(source), st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=64)
def _chapter_parameters(source: Path, _mtime: int, _size: int) -> tuple:
    from papermill.translators import papermill_translators  # papermill takes ~0.4 s to import

    translator = papermill_translators.find_translator("python3", "python")
    for cell in read_source(source).cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            found = translator.inspect(cell)
            names = [t.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign | ast.AnnAssign)
                     for t in (node.targets if isinstance(node, ast.Assign) else [node.target])]
            missed = sorted(set(names) - {p.name for p in found})
            if missed:  # papermill would not inject them either
                raise ConfigError(f"{Path(source).name}: papermill cannot read parameter(s) {', '.join(missed)} "
                                  "(one `name = value  # description` per line, no other '=' on it)")
            return tuple((p.name, Parameter(p.name, p.default, p.help)) for p in found)
    return ()


# ---------------------------------------------------------------- registry


def read_registry(path: Path | None = None) -> list[ChapterEntry]:
    path = path or REGISTRY
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    try:
        entries = [ChapterEntry.model_validate(e) for e in raw.get("chapter", [])]
    except ValidationError as err:
        raise ConfigError(f"{path.name}: {err}") from None
    unknown = sorted({c for e in entries for c in e.configs} - set(CONFIG_FILES))
    if unknown:
        raise ConfigError(f"{path.name}: unknown config name(s) {', '.join(unknown)}; known: {', '.join(CONFIG_FILES)}")
    return entries


def load_jobs(param_overrides=None, data_overrides: dict | None = None) -> list[Job]:
    """Expand the registry into jobs (benchmark pages in ``benchmarks.toml`` order), with parameters applied.

    Raises :class:`ConfigError` for a parameter no chapter has, an unknown chapter scope, a chapter
    source that does not exist, or a parameter value the configuration refuses (an unknown metric,
    benchmark or hardware vintage, or a value outside its domain in :mod:`compute_limits.parameters`).
    """
    entries = read_registry()
    benchmarks = load_benchmarks()
    overrides = parse_assignments(param_overrides)
    data_overrides = data_overrides or {}
    jobs: list[Job] = []
    ids_of: dict[str, list[str]] = {}
    for entry in entries:
        source = paths.CHAPTERS / entry.source
        if not source.exists():
            raise ConfigError(f"chapters/book.toml: chapter {entry.id!r}: source chapters/{entry.source} does not exist")
        variants = (
            [(f"{entry.id}:{b}", paths.CHAPTERS / "benchmarks" / f"{c.order:02d}_{b}.ipynb", {"benchmark": b}, [b])
             for b, c in benchmarks.items()]  # the order prefix keeps benchmarks.toml's order in the toc glob
            if entry.per_benchmark
            else [(entry.id, paths.CHAPTERS / f"{entry.id}.ipynb", {}, [])]
        )
        for job_id, output, fixed, own in variants:
            inputs = []
            for key in entry.inputs:
                inputs += own if key == "@benchmark" else list(benchmarks) if key == "@benchmarks" else [key]
            jobs.append(Job(job_id, entry.id, source, output, inputs, entry.configs, list(entry.needs),
                            list(entry.unused_parts_of), dict(fixed), entry.after, entry.html_only))
            ids_of.setdefault(entry.id, []).append(job_id)
    for job in jobs:  # a need names a chapter: wait for all of its jobs
        job.needs = [j for need in job.needs for j in ids_of.get(need, [need])]
        missing = [n for n in job.needs if n not in {j.id for j in jobs}]
        if missing:
            raise ConfigError(f"chapters/book.toml: chapter {job.chapter!r} needs unknown chapter(s) {', '.join(missing)}")
    if overrides:
        _apply(jobs, overrides)
    variant = variant_description(param_overrides, data_overrides)
    for job in jobs:
        chosen = {k: str(v) for k, v in data_overrides.items() if k in job.inputs}
        if chosen:
            job.params["data_files"] = chosen
        if variant and "variant" in chapter_parameters(job.source):
            job.params["variant"] = variant
    check_parameter_values(jobs)
    return jobs


def variant_description(param_overrides, data_overrides: dict) -> dict:
    """How this build differs from the published edition (empty when it does not): the parameters set on the
    command line, the user's data files, and the published edition it compares with (``published``: its
    description, :func:`compute_limits.pipeline.edition.read_edition`, None when the checkout keeps none),
    for the front page's comparison (``changes.csv``)."""
    from .edition import read_edition

    params = [str(t) for item in (param_overrides or []) for t in str(item).split()]
    data = {k: Path(v).name for k, v in (data_overrides or {}).items()}
    return {"params": params, "data": data, "published": read_edition()} if params or data else {}


def _apply(jobs: list[Job], overrides) -> None:
    known = {job.chapter: chapter_parameters(job.source) for job in jobs}
    scopes = {j.id for j in jobs} | {j.chapter for j in jobs}
    dict_params = {name for params in known.values() for name, p in params.items() if p.default.startswith("{")}
    for scope, key, value in overrides:
        if scope is not None and scope not in scopes and scope in dict_params:
            # `metrics.imagenet=top5`: one entry of a dict parameter, in every chapter that has it
            for job in jobs:
                if scope in known[job.chapter]:
                    job.params[scope] = {**job.params.get(scope, ast.literal_eval(known[job.chapter][scope].default)),
                                         key: value}
            continue
        if scope is not None and scope not in scopes:
            raise ConfigError(f"unknown chapter {scope!r} in parameter {scope}.{key}; "
                              f"known: {', '.join(sorted({j.chapter for j in jobs}))}")
        matched = False
        for job in jobs:
            if scope is not None and scope not in (job.id, job.chapter):
                continue
            if key in known[job.chapter]:
                job.params[key] = _as_default_type(job.id, known[job.chapter][key], value)
                matched = True
        if not matched:
            where = f"chapter {scope}" if scope else "any chapter"
            raise ConfigError(f"parameter {key!r} is not a parameter of {where}")


def _as_default_type(where: str, param: Parameter, value):
    """``value`` in the type of the parameter's default, or a :class:`ConfigError` saying which type it needs.

    Papermill passes lists, dicts and scalars to a notebook but writes any other type (a tuple) as its
    string, so ``paper_window=(2013,2019)`` would reach the chapter as 18 characters: tuples become lists,
    ints are accepted where a float is expected, and anything else of the wrong type is refused here."""
    try:
        default = ast.literal_eval(param.default)
    except (ValueError, SyntaxError):
        return value  # a default that is an expression: nothing to compare with
    if default is None:
        return value
    if isinstance(default, str) and isinstance(value, int | float):
        return str(value)  # reference_model=1984 names a model, not a number
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(default, tuple):
        default = list(default)
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(default, bool) and isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, type(default))
    if not ok:
        kind = {bool: "True or False", int: "an integer", float: "a number", str: "a string", list: "a list",
                dict: "a dict"}.get(type(default), type(default).__name__)
        raise ConfigError(f"parameter {param.name}={value!r} ({where}): must be {kind} "
                          f"like its default {param.default} ({param.comment})")
    return value


def _defaults(known: dict[str, Parameter]) -> dict:
    """The chapter's default values (a default that is an expression, not a literal, is left out)."""
    out = {}
    for name, param in known.items():
        try:
            out[name] = ast.literal_eval(param.default)
        except (ValueError, SyntaxError):
            pass
    return out


def check_parameter_values(jobs: list[Job]) -> None:
    """Refuse, before anything runs, parameter values the configuration cannot honour.  (The defaults
    themselves are checked by ``tests/test_config.py``; a job is checked here when it is given a value.)"""
    costs = None
    for job in jobs:
        p = job.params
        broken = parameters.problems({**_defaults(chapter_parameters(job.source)), **p}) if set(p) - set(PIPELINE_SET) else []
        if broken:  # the first broken rule: one line
            shown, rule = broken[0]
            raise ConfigError(f"parameter{'s' if shown.count('=') > 1 else ''} {shown} ({job.id}): {rule}")
        if "metrics" in p or "targets" in p:
            if not isinstance(p.get("metrics", {}), dict) or not isinstance(p.get("targets", {}), dict):
                raise ConfigError(f"parameters metrics and targets ({job.id}) must be dicts keyed by benchmark id, "
                                  "e.g. metrics={'imagenet':'top5'}")
            load_benchmarks(metrics=p.get("metrics"), targets=p.get("targets"))
        if p.get("filters"):  # each rule, and the columns and names it uses against the file it filters
            if not isinstance(p["filters"], dict):
                raise ConfigError(f"parameter filters ({job.id}) must be a dict keyed by benchmark id, "
                                  "e.g. filters={'imagenet':{'empty':['pretraining_dataset']}}")
            from ..data.benchmarks import load_all  # noqa: PLC0415 (the data layer reads files)

            filtered = load_benchmarks(filters=p["filters"])
            load_all({b: c for b, c in filtered.items() if c.sample_filter is not None}, p.get("data_files"))
        for key in ("hardware_vintage",):
            if p.get(key):
                costs = costs or load_costs()
                costs.get(p[key])
        for key in ("headline", "benchmark"):
            if key in p and p[key] not in load_benchmarks():
                raise ConfigError(f"parameter {key}={p[key]!r} ({job.id}): not a benchmark id of data/benchmarks.toml "
                                  f"(known: {', '.join(load_benchmarks())})")
