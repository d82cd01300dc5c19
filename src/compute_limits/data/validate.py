"""Validate every input before anything runs: the user's files (``DATA=``) and every configured one.

``check_inputs`` loads each input with its validating loader and collects every problem, each
printed once even when several benchmarks share a file; a benchmark file must also have at least
:data:`~compute_limits.data.benchmarks.MIN_USABLE_ROWS` usable models.  It returns what it checked,
so ``validate`` can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import load_benchmarks
from ..errors import ConfigError, DataValidationError, Problem
from .benchmarks import benchmark_path, load_benchmark, usable_count, usable_problems
from .epoch import load_epoch
from .hardware import HARDWARE_COLUMNS, load_hardware
from .manifest import read_manifest, resolve

OTHER_INPUTS = ("epoch", "hw_gpu", "hw_cpu", "hw_tpu")


@dataclass
class Checked:
    key: str  # data id or benchmark id
    path: Path
    what: str  # e.g. "ImageNet (top1): 102 usable models"


def parse_data_overrides(items) -> dict[str, str]:
    """``["imagenet=path.csv", "epoch=new.csv"]`` (or one space-separated string) → ``{id: absolute path}``."""
    overrides: dict[str, str] = {}
    for item in items or []:
        for token in str(item).split():
            if "=" not in token:
                raise ValueError(f"data override {token!r} must look like id=path")
            key, value = token.split("=", 1)
            overrides[key] = str(Path(value).expanduser().resolve())
    return overrides


def check_inputs(data_files: dict[str, str] | None = None, metrics: dict | None = None,
                 only: list[str] | None = None) -> list[Checked]:
    """Validate every configured input (with the user's overrides); raise one error listing all problems.

    ``only`` restricts the check to these data ids (default: all).  Returns what was checked.
    """
    data_files = dict(data_files or {})
    configs = load_benchmarks(metrics=metrics, data_files=data_files)
    manifest = read_manifest()
    known = list(configs) + list(dict.fromkeys(c.data for c in configs.values())) + list(OTHER_INPUTS)
    problems: list[Problem] = []
    for key in data_files:
        if key not in known:
            problems.append(Problem(Path(data_files[key]).name, None, None,
                                    f"unknown data id {key!r}; known: {', '.join(dict.fromkeys(known))}"))
    checked: list[Checked] = []
    seen_files: dict[Path, list[Problem]] = {}

    def record(key: str, path: Path, load) -> object | None:
        if only and key not in only:
            return None
        if path in seen_files:  # a file shared by two entries is read (and reported) once
            return None
        try:
            result = load()
        except DataValidationError as err:
            seen_files[path] = err.problems
            problems.extend(p for p in err.problems if p not in problems)
            return None
        except FileNotFoundError as err:
            seen_files[path] = []
            problems.append(Problem(path.name, None, None, f"file not found ({err}); run `make data`?"))
            return None
        seen_files[path] = []
        return result

    for cfg in configs.values():
        path = benchmark_path(cfg, data_files)
        df = record(cfg.id, path, lambda cfg=cfg: load_benchmark(cfg, data_files))
        if df is None:
            continue
        found = usable_problems(df, cfg)
        problems.extend(p for p in found if p not in problems)
        origin = "your file" if cfg.user_file else ("manifest" if cfg.data in manifest.index else "configured file")
        checked.append(Checked(cfg.id, path, f"{cfg.name} ({cfg.metric}, {origin}): {len(df)} models, "
                                             f"{usable_count(df, cfg)} with score and compute"))
    for key in OTHER_INPUTS:
        path = resolve(key, data_files)
        if key == "epoch":
            df = record(key, path, lambda p=path: load_epoch(p))
            if df is not None:
                checked.append(Checked(key, path, f"Epoch AI table: {len(df)} dated rows "
                                                  f"({df.attrs['skipped_no_date']} without a date set aside)"))
        else:
            kind = key.removeprefix("hw_")
            df = record(key, path, lambda p=path, k=kind: load_hardware(k, p))
            if df is not None and kind in HARDWARE_COLUMNS:
                checked.append(Checked(key, path, f"{kind.upper()} peak rates: {len(df)} chips"))
    if problems:
        raise DataValidationError(problems)
    return checked

