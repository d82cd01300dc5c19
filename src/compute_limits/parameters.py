"""What values the chapters' parameters may take, checked before anything runs.

A parameter's name means the same thing in every chapter that has it (``level`` is always the coverage
of the intervals, ``n_boot`` always a number of bootstrap resamples), so its domain is declared once,
here, by name.  ``build.registry`` refuses a value outside it with one line naming the parameter, the
chapter and the rule; the simulation's :class:`~compute_limits.analysis.simulation.Settings` applies the
same rules to its own fields.  A parameter with no entry here (a file path, a benchmark id, a vintage)
is checked where its configuration is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable


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
