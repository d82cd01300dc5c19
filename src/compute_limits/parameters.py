"""Every chapter parameter: what it means and what values it may take, declared once, by name.

A parameter's name means the same thing in every chapter that has it (``level`` is always the coverage
of the intervals, ``n_boot`` always a number of bootstrap resamples), so its description
(:data:`DESCRIPTIONS`) and its domain (:data:`DOMAINS`, :data:`RELATIONS`) are declared here, once.  Each
chapter's parameters cell carries the description as the comment after the default (``tests/test_config.py``
checks that they are equal), and ``status -v`` prints it.  ``pipeline.registry`` refuses a value outside its
domain with one line naming the parameter, the chapter and the rule; the simulation's
:class:`~compute_limits.analysis.simulation.Settings` applies the same rules to its own fields.  A parameter
with no domain here (a file path, a benchmark id, a vintage) is checked where its configuration is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable


# What each parameter means: the comment after its default in every chapter that has it.  (No "=" in a
# description: papermill reads a parameters line with a second "=" as no parameter at all.)
DESCRIPTIONS: dict[str, str] = {
    # set by the pipeline
    "benchmark": "benchmark id of data/benchmarks.toml this page is about (the pipeline sets it)",
    "data_files": "input overrides, data id -> path (the pipeline sets it from DATA)",
    "variant": "how this build differs from the published edition (the pipeline sets it)",
    # the book's choices, shared by the chapters
    "level": "coverage of every interval the chapter reports",
    "headline": "benchmark the prose quotes (empty: the first in data/benchmarks.toml)",
    "metrics": "metric per benchmark id, e.g. {'coco': 'ap50'} (empty: each benchmark's in data/benchmarks.toml)",
    "targets": "target error rates per benchmark id, e.g. {'coco': [0.25, 0.15]} (empty: data/benchmarks.toml)",
    "filters": "models each benchmark's fits use, per benchmark id, e.g. {'coco':{'empty':['pretraining_dataset']}} (empty: all)",
    "hardware_vintage": "vintage of data/costs.toml that prices the compute (empty: its default_vintage)",
    "paper_vintage": "vintage of data/costs.toml that prices the comparison with the paper's own table",
    "budget_usd": "training budget a target must fit (US dollars, in the vintage's price year)",
    "seed": "seed of every random draw",
    "n_boot": "bootstrap resamples",
    "growth_start": "first year of the window of growth in compute per dollar and spending (decimal year)",
    "growth_end": "end of that window, exclusive (decimal year; 0: up to the latest run in Epoch AI's table)",
    # history and out of sample
    "reference_model": "model the benchmark's compute is measured against (fallback: its earliest model)",
    "early_system": "first system quoted from Epoch AI's table (fallback: its earliest system)",
    "start_year": "first year of the long-run fits (decimal year)",
    "dl_split": "split between the pre-deep-learning and deep-learning eras (decimal year)",
    "paper_window": "[start, end) in decimal years of the growth window tested against the paper's ([]: the paper's own)",
    "split_grid": "first and last split year tried in the sensitivity analysis (inclusive)",
    "frontier_top_k": "the frontier: systems among the largest k to date at their release",
    "record_top_k": "record-setters: systems among the largest k to date at their release (1: the largest)",
    "topk_grid": "frontier definitions (k) tried in the sensitivity analysis",
    "anatomy_min_n": "fewest runs with chips, time and compute needed to split the frontier's growth",
    "min_test_models": "fewest later models (published from July 2020) for a benchmark to be tested",
    "post_start": "start of the growth window after the paper (decimal year; 2020.5 is July 2020)",
    # theory
    "improvement": "k: the k-fold smaller error the lower bound is illustrated with",
    "p": "candidate features (the paper's 1,000)",
    "s": "true features, each with coefficient 1 (the paper's 10)",
    "sigma": "standard deviation of the noise",
    "n_min": "smallest sample size",
    "n_max": "largest sample size",
    "n_points": "sample sizes on the log grid",
    "replications": "replications at each sample size (the paper's 1,000)",
    "lasso_c": "main lasso penalty scale c in c·σ·√(2 log p / n) (1: the universal penalty)",
    "penalty_scales": "other penalty scales tried, to show the penalty's effect",
    "penalty_replications": "replications at each sample size for those other scales",
    "target_log10_nrmse": "log10 of the NRMSE at which computation is compared (−1: an NRMSE of 0.1)",
    # ways out
    "horizon_year": "the year after which a date reads 'after <horizon_year>'",
    "reduction_factor": "the error reduction at which the gap to the fourth-power bound is expressed",
    # reproducibility
    "show_hashes": "show each chapter's input hash in the chapter table",
}


@dataclass(frozen=True)
class Domain:
    """A number's allowed range (each element's, for a list).  ``what`` says what the number is."""

    what: str
    low: float | None = None
    high: float | None = None
    open_low: bool = False  # ``low`` itself is not allowed
    open_high: bool = False
    integer: bool = False

    def rule(self) -> str:
        parts = []
        if self.low is not None and self.high is not None:
            parts.append(f"in {'(' if self.open_low else '['}{self.low:g}, {self.high:g}{')' if self.open_high else ']'}")
        elif self.low is not None:
            parts.append(f"{'greater than' if self.open_low else 'at least'} {self.low:g}")
        elif self.high is not None:
            parts.append(f"{'less than' if self.open_high else 'at most'} {self.high:g}")
        return ("a whole number " if self.integer else "a number ") + " ".join(parts) + f" ({self.what})"

    def allows(self, value) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return False
        if self.integer and value != int(value):
            return False
        if self.low is not None and (value <= self.low if self.open_low else value < self.low):
            return False
        return not (self.high is not None and (value >= self.high if self.open_high else value > self.high))


_RESAMPLES = Domain("resamples: intervals need at least two", low=2, integer=True)
_SYSTEMS = Domain("systems counted at each release", low=1, integer=True)
_SCALE = Domain("a penalty scale c > 0", low=0, open_low=True)

DOMAINS: dict[str, Domain] = {
    "level": Domain("a coverage probability, e.g. 0.9", low=0, high=1, open_low=True, open_high=True),
    "seed": Domain("numpy's seeds are non-negative", low=0, integer=True),
    "n_boot": _RESAMPLES,
    "replications": _RESAMPLES,
    "penalty_replications": _RESAMPLES,
    "p": Domain("candidate features", low=2, integer=True),
    "s": Domain("true features", low=1, integer=True),
    "sigma": Domain("a standard deviation", low=0, open_low=True),
    "n_min": Domain("the smallest sample size", low=2, integer=True),
    "n_max": Domain("the largest sample size", low=3, integer=True),
    "n_points": Domain("sample sizes on the grid", low=2, integer=True),
    "lasso_c": _SCALE,
    "penalty_scales": _SCALE,
    "improvement": Domain("k: how many times smaller the error becomes", low=1, open_low=True),
    "reduction_factor": Domain("how many times smaller the error becomes", low=1, open_low=True),
    "budget_usd": Domain("a budget in US dollars", low=0, open_low=True),
    "frontier_top_k": _SYSTEMS,
    "record_top_k": _SYSTEMS,
    "topk_grid": _SYSTEMS,
    "min_test_models": Domain("later models a benchmark needs to be tested", low=1, integer=True),
    "anatomy_min_n": Domain("runs a growth split is fitted on: a line and its interval need three", low=3, integer=True),
}


@dataclass(frozen=True)
class Relation:
    """A rule on several parameters (or on a list's elements) that all must hold together."""

    names: tuple[str, ...]
    holds: Callable[..., bool]
    rule: str


def _window(w) -> bool:
    return len(w) == 0 or (len(w) == 2 and all(isinstance(x, int | float) for x in w) and w[0] < w[1])


RELATIONS: tuple[Relation, ...] = (
    Relation(("s", "p"), lambda s, p: s < p, "s (true features) must be fewer than p (candidate features)"),
    Relation(("n_min", "n_max"), lambda lo, hi: lo < hi, "n_min must be smaller than n_max"),
    Relation(("start_year", "dl_split"), lambda a, b: a < b, "start_year must be before dl_split"),
    Relation(("growth_start", "growth_end"), lambda a, b: b == 0 or a < b,
             "growth_end must be 0 (up to the latest run) or after growth_start"),
    Relation(("split_grid",), lambda g: len(g) == 2 and g[0] <= g[1],
             "split_grid must be [first, last] with first ≤ last"),
    Relation(("paper_window",), _window, "paper_window must be [] (the paper's own) or [start, end] with start < end"),
    Relation(("topk_grid",), lambda g: len(g) > 0, "topk_grid must list at least one k"),
)


def problems(values: dict) -> list[tuple[str, str]]:
    """``(the values shown, the rule)`` for each rule ``values`` (parameter name -> value) break; names
    with no rule are not checked."""
    out = []
    for name, domain in DOMAINS.items():
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, list | tuple):
            if not all(domain.allows(v) for v in value):
                out.append((f"{name}={value!r}", f"every element must be {domain.rule()}"))
        elif not domain.allows(value):
            out.append((f"{name}={value!r}", f"must be {domain.rule()}"))
    for rel in RELATIONS:
        if all(n in values for n in rel.names):
            args = [values[n] for n in rel.names]
            try:
                ok = rel.holds(*args)
            except (TypeError, IndexError):
                ok = False
            if not ok:
                shown = ", ".join(f"{n}={v!r}" for n, v in zip(rel.names, args))
                out.append((shown, rel.rule))
    return out
