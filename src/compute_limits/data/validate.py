"""Validate every input before anything runs: the user's files (``DATA=``) and every configured one.

``check_inputs`` loads each input with its validating loader and collects every problem, each
printed once even when several benchmarks share a file; a benchmark file must also have at least
:data:`~compute_limits.data.benchmarks.MIN_USABLE_ROWS` usable models.  It returns what it checked,
so ``validate`` can say so, with a note for every row listed twice that a loader merged
(:mod:`compute_limits.data.duplicates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cache import cached
from ..config import BenchmarkConfig, load_benchmarks
from ..errors import DataValidationError, Problem
from . import duplicates
from .benchmarks import benchmark_path, load_benchmark, usable_count, usable_problems
from .epoch import load_epoch
from .files import sha256_file
from .hardware import load_hardware
from .manifest import resolve

OTHER_INPUTS = ("epoch", "hw_gpu", "hw_cpu", "hw_tpu")


@dataclass
class Checked:
    key: str  # data id or benchmark id
    path: Path
    what: str  # e.g. "ImageNet (top1): 102 usable models", then a line per note
    notes: tuple[str, ...] = ()  # each row listed twice and merged, as a message naming file, line and key


def _what(summary: str, notes: list[Problem]) -> tuple[str, tuple[str, ...]]:
    """The summary, followed by the notes (one per line, indented under it when printed)."""
    shown = tuple(str(n) for n in notes)
    if not shown:
        return summary, shown
    rows = "row listed twice, merged" if len(shown) == 1 else "rows listed twice, merged"
    return f"{summary}; {len(shown)} {rows}:" + "".join(f"\n        {n}" for n in shown), shown


@cached
def _check_benchmark(path: str, sha256: str, config_json: str) -> tuple[list[Problem], str, tuple[str, ...]]:
    """Problems of one benchmark file for one configuration, and what was found (cached on the file's
    sha256, so an unchanged input is not re-validated on every run)."""
    cfg = BenchmarkConfig.model_validate_json(config_json)
    try:
        df = load_benchmark(cfg, {cfg.id: path})
    except DataValidationError as err:
        return err.problems, "", ()
    origin = "your file" if cfg.user_file else "configured data"
    return usable_problems(df, cfg), *_what(f"{cfg.name} ({cfg.metric}, {origin}): {len(df)} models, "
                                           f"{usable_count(df, cfg)} with score and compute",
                                           df.attrs.get(duplicates.ATTR, []))


@cached
def _check_other(key: str, path: str, sha256: str) -> tuple[list[Problem], str, tuple[str, ...]]:
    try:
        if key == "epoch":
            df = load_epoch(path)
            summary = f"Epoch AI table: {len(df)} dated rows ({df.attrs['skipped_no_date']} without a date set aside)"
        else:
            kind = key.removeprefix("hw_")
            df = load_hardware(kind, path)
            summary = f"{kind.upper()} peak rates: {len(df)} chips"
    except DataValidationError as err:
        return err.problems, "", ()
    return [], *_what(summary, df.attrs.get(duplicates.ATTR, []))


def _sha(path: Path) -> str:
    return sha256_file(path) if path.is_file() else "(not a file)"


def check_inputs(data_files: dict[str, str] | None = None, metrics: dict | None = None) -> list[Checked]:
    """Validate every configured input (with the user's overrides); raise one error listing all problems,
    each once even when several entries read the same file.  Returns what was checked."""
    data_files = dict(data_files or {})
    configs = load_benchmarks(metrics=metrics, data_files=data_files)
    known = list(configs) + list(dict.fromkeys(c.data for c in configs.values())) + list(OTHER_INPUTS)
    problems: list[Problem] = []
    for key in data_files:
        if key not in known:
            problems.append(Problem(Path(data_files[key]).name, None, None,
                                    f"unknown data id {key!r}; known: {', '.join(dict.fromkeys(known))}"))
    checked: list[Checked] = []

    def add(found: list[Problem]) -> None:
        problems.extend(p for p in found if p not in problems)

    for cfg in configs.values():
        path = benchmark_path(cfg, data_files)
        if not path.exists():
            add([Problem(path.name, None, None, f"file not found: {path} (run `make data`, or check the path)")])
            continue
        found, what, notes = _check_benchmark(str(path), _sha(path), cfg.model_dump_json())
        add(found)
        if what:
            checked.append(Checked(cfg.id, path, what, notes))
    for key in OTHER_INPUTS:
        path = resolve(key, data_files)
        if not path.exists():
            add([Problem(path.name, None, None, f"file not found: {path} (run `make data`, or check the path)")])
            continue
        found, what, notes = _check_other(key, str(path), _sha(path))
        add(found)
        if what:
            checked.append(Checked(key, path, what, notes))
    if problems:
        raise DataValidationError(problems)
    return checked
