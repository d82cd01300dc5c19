"""Re-running on new data: validate user-supplied files before anything runs.

A user points a benchmark (by its id) or the history chapter (``epoch``) at
their own CSV.  Every file is validated first; if any has a problem the run is
refused with one message per problem and nothing already built is touched.
"""

from __future__ import annotations

from pathlib import Path

from .loaders import load_benchmark, load_benchmark_configs, load_epoch, load_hardware
from .validation import DataValidationError, Problem


def parse_data_overrides(items) -> dict[str, str]:
    """``["imagenet=path.csv", "epoch=new.csv"]`` (or one space-separated string) → dict."""
    overrides: dict[str, str] = {}
    for item in items or []:
        for token in str(item).split():
            if "=" not in token:
                raise ValueError(f"data override {token!r} must look like id=path")
            key, value = token.split("=", 1)
            overrides[key] = str(Path(value).expanduser().resolve())
    return overrides


def validate_overrides(data_files: dict[str, str]) -> None:
    """Load every overridden file with its validating loader; raise one error listing all problems."""
    benchmarks = load_benchmark_configs()
    problems: list[Problem] = []
    for key, path in sorted(data_files.items()):
        name = Path(path).name
        if not Path(path).exists():
            problems.append(Problem(name, None, None, f"file for {key!r} not found: {path}"))
            continue
        try:
            if key in benchmarks:
                load_benchmark(key, data_files)
            elif key == "epoch":
                load_epoch(path)
            elif key.startswith("hw_"):
                load_hardware(key[3:], path)
            else:
                known = ", ".join(list(benchmarks) + ["epoch", "hw_gpu", "hw_cpu", "hw_tpu"])
                problems.append(Problem(name, None, None, f"unknown data id {key!r}; known: {known}"))
        except DataValidationError as err:
            problems += err.problems
    if problems:
        raise DataValidationError(problems)
