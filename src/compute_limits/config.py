"""The book's configuration files, validated with pydantic.

* ``data/benchmarks.toml``: the benchmarks analysed, each with the metrics it can be scored by
  (and their target error rates); :func:`load_benchmarks`.
* ``data/costs.toml``: how compute becomes dollars, kWh and CO2 (hardware vintages); :func:`load_costs`.
* ``data/literature.toml``: every figure the book quotes from the paper or the literature, with its
  citation key, so a quoted number has one value and one source; :func:`literature`.
* ``data/specification.toml``: the book's main specification, the one set of choices (sample, compute
  measure, conversion, form rule, interval kind and level, price vintage, today's best error, growth,
  budget, frontier) under which every headline number is computed, each with its reasoning;
  :func:`specification`.

A problem in a file raises :class:`~compute_limits.errors.ConfigError` with one line per problem,
naming the file, the entry and the key.  Parameters that refine the configuration (the metric chosen
for a benchmark, other target errors) are applied here too, so every chapter sees the same choice.
"""

from __future__ import annotations

import math
import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .data import paths
from .errors import ConfigError

COMPUTE_MEASURES = ("consolidated_hardware_burden", "hardware_burden", "network_operations")
SPECIFICATION_CONFIG = paths.DATA / "specification.toml"
LBS_TO_KG = 0.45359237
SECONDS_PER_HOUR = 3600.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: file not found ({path})") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path.name}: not valid TOML: {err}") from None


def _problems(err: ValidationError, where: str) -> str:
    """One line per pydantic error: ``file: entry: key: message``."""
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {loc}: {msg}" if loc else f"{where}: {msg}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# benchmarks.toml
# --------------------------------------------------------------------------


class Floor(_Strict):
    """Where a benchmark's error cannot plausibly go lower, scored by one metric, with its source: an error
    below it would reward reproducing the test set's own mistakes (or a metric's own limits)."""

    error: float = Field(gt=0, lt=1)  # the floor, as an error rate (fraction)
    what: str  # what it rests on, in a few words ("at least 6% of the validation labels are wrong")
    source: str  # who found it, for prose ("Northcutt, Athalye and Mueller (2021)")
    cite: str  # its key in references.bib (the glossary's entry "error floor" cites every one)


class Metric(_Strict):
    """One way of scoring a benchmark: a score column of the data (percent) and its targets, what its error
    means in words, and the floor under it where the literature gives one."""

    label: str
    targets: tuple[float, ...] = Field(min_length=1)
    means: str | None = None  # what an error of this metric is, for readers ("10% error is BLEU 90")
    floor: Floor | None = None

    @field_validator("targets")
    @classmethod
    def _fractions(cls, v):
        if any(not 0 < t < 1 for t in v):
            raise ValueError("target error rates must be fractions in (0, 1), e.g. 0.05 for 5%")
        return tuple(sorted(set(v), reverse=True))


class SampleFilter(_Strict):
    """Which of a benchmark's models its fits use, a declared choice (the ``filters`` parameter): models left
    out by name, and models kept only when a column is empty (``empty``) or filled (``filled``), e.g.
    ``{"empty": ["pretraining_dataset"]}`` for the models without extra pre-training data.  The data appendix
    reports how complete each column is (``data_completeness.csv``): a sparse column keeps models whose value
    was simply not recorded."""

    leave_out: tuple[str, ...] = ()  # model names, as in the data's model column
    empty: tuple[str, ...] = ()  # columns that must be empty
    filled: tuple[str, ...] = ()  # columns that must be filled

    @model_validator(mode="after")
    def _something(self):
        if not (self.leave_out or self.empty or self.filled):
            raise ValueError("a filter needs leave_out (model names), empty or filled (column names)")
        return self

    def describe(self) -> str:
        """The rule in words: ``models with pretraining_dataset empty, without AlexNet``."""
        parts = [f"{c} empty" for c in self.empty] + [f"{c} filled" for c in self.filled]
        text = "models with " + " and ".join(parts) if parts else "all models"
        return text + (f", without {', '.join(self.leave_out)}" if self.leave_out else "")


class BenchmarkEntry(_Strict):
    id: str
    name: str
    task: str
    data: str
    compute: Literal["consolidated_hardware_burden", "hardware_burden", "network_operations"]
    metric: str  # the metric used unless a parameter chooses another
    metrics: dict[str, Metric] = Field(min_length=1)
    robustness_metric: str | None = None
    source: str | None = None  # who made the data, for prose (default: the manifest's description)
    pooled_conversion: tuple[Literal["all", "v1"], ...] = ()  # samples whose conversion pools every benchmark

    @field_validator("id")
    @classmethod
    def _snake(cls, v):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", v):
            raise ValueError(f"benchmark id {v!r} must be snake_case (a-z, 0-9, _)")
        return v

    @model_validator(mode="after")
    def _metric_known(self):
        if self.metric not in self.metrics:
            raise ValueError(f"metric {self.metric!r} is not one of the entry's metrics ({', '.join(self.metrics)})")
        if self.robustness_metric and self.robustness_metric not in self.metrics:
            raise ValueError(f"robustness_metric {self.robustness_metric!r} is not one of the entry's metrics")
        return self


class BenchmarkConfig(BaseModel):
    """A benchmark with one metric selected (the fields chapters use), plus everything it offers."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    task: str
    data: str
    compute: str
    metric: str
    metric_label: str
    targets: tuple[float, ...]
    metrics: dict[str, Metric]
    robustness_metric: str | None = None
    source: str  # description of the data's origin, for prose
    # the samples ("all", "v1") whose conversion regression is fitted on every benchmark's models, too few of its
    # own having both compute measures (declared in benchmarks.toml for the pipeline; tests check the analysis)
    pooled_conversion: tuple[str, ...] = ()
    user_file: bool = False  # the data come from a file the user passed (DATA=…)
    default_metric: str = ""
    order: int = 0  # position in benchmarks.toml: pages, tables and figures follow it
    sample_filter: SampleFilter | None = None  # the models its fits use (the ``filters`` parameter), if not all

    @property
    def metric_changed(self) -> bool:
        return self.metric != self.default_metric

    @property
    def floor(self) -> Floor | None:
        """The floor under the selected metric's error (None where the book knows of none)."""
        return self.metrics[self.metric].floor

    @property
    def error_means(self) -> str | None:
        """What the selected metric's error means, in words."""
        return self.metrics[self.metric].means

    def below_floor(self, error) -> bool:
        """Whether an error rate lies below the selected metric's floor (False without one)."""
        return self.floor is not None and float(error) < self.floor.error

    def effective_targets(self, best_error: float) -> tuple[float, ...]:
        """The targets still below ``best_error`` (today's best); each target already beaten is
        replaced by a fraction of today's error (½, ⅕, ⅒, …) so a benchmark keeps as many targets."""
        keep = [t for t in self.targets if t < best_error]
        for frac in (0.5, 0.2, 0.1, 0.05, 0.02, 0.01):
            if len(keep) >= len(self.targets):
                break
            cand = round(best_error * frac, 6)
            if cand > 0 and all(not math.isclose(cand, k) for k in keep):
                keep.append(cand)
        return tuple(sorted(keep, reverse=True))


def _description(data_id: str) -> str | None:
    from .data.manifest import read_manifest  # imported here: it brings pandas, which reading the TOML does not need

    manifest = read_manifest()
    if data_id in manifest.index and "description" in manifest.columns:
        return str(manifest.loc[data_id, "description"])
    return None


def load_benchmarks(metrics: dict | None = None, targets: dict | None = None,
                    data_files: dict | None = None, path: Path | str | None = None,
                    filters: dict | None = None) -> dict[str, BenchmarkConfig]:
    """``data/benchmarks.toml`` as ``{id: BenchmarkConfig}`` in file order.

    ``metrics`` ({benchmark id: metric id}) selects another metric for a benchmark; ``targets``
    ({benchmark id: [errors]}) replaces its target error rates; ``data_files`` marks which benchmarks
    run on a user's file (their prose then names it so); ``filters`` ({benchmark id: :class:`SampleFilter`
    fields}) restricts a benchmark's models (applied when its data are loaded, which checks the columns and
    names against the file).  Unknown ids, metrics or filter keys raise ConfigError.
    """
    path = Path(path or paths.BENCHMARKS_CONFIG)
    configs = _load_benchmarks(str(path), _freeze(metrics), _freeze(targets), _freeze(data_files))
    if not filters:
        return configs
    configs = dict(configs)
    for bid, rule in filters.items():
        if bid not in configs:
            raise ConfigError(f"parameter filters: unknown benchmark id {bid!r}; known: {', '.join(configs)}")
        try:
            checked = SampleFilter.model_validate(rule)
        except ValidationError as err:
            raise ConfigError(_problems(err, f"parameter filters: benchmark {bid!r}")) from None
        configs[bid] = configs[bid].model_copy(update={"sample_filter": checked})
    return configs


def _freeze(d: dict | None):
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in (d or {}).items()))


@lru_cache(maxsize=32)
def _load_benchmarks(path: str, metrics, targets, data_files) -> dict[str, BenchmarkConfig]:
    path = Path(path)
    raw = _read_toml(path)
    entries = raw.get("benchmark")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path.name}: no [[benchmark]] entries")
    configs: dict[str, BenchmarkConfig] = {}
    errors = []
    for i, entry in enumerate(entries, start=1):
        where = f"{path.name}: benchmark {entry.get('id', f'#{i}')!r}"
        try:
            e = BenchmarkEntry.model_validate(entry)
        except ValidationError as err:
            errors.append(_problems(err, where))
            continue
        if e.id in configs:
            errors.append(f"{where}: id appears twice")
            continue
        configs[e.id] = BenchmarkConfig(
            id=e.id, name=e.name, task=e.task, data=e.data, compute=e.compute, metric=e.metric,
            metric_label=e.metrics[e.metric].label, targets=e.metrics[e.metric].targets, metrics=e.metrics,
            robustness_metric=e.robustness_metric, default_metric=e.metric, order=i,
            pooled_conversion=e.pooled_conversion,
            source=e.source or _description(e.data) or "a data file added to this book",
        )
    if errors:
        raise ConfigError("\n".join(errors))
    for what, overrides in (("metrics", metrics), ("targets", targets)):
        unknown = [k for k, _ in overrides if k not in configs]
        if unknown:
            raise ConfigError(f"parameter {what}: unknown benchmark id(s) {', '.join(map(repr, unknown))}; "
                              f"known: {', '.join(configs)}")
    for bid, metric in metrics:
        cfg = configs[bid]
        if metric not in cfg.metrics:
            raise ConfigError(f"parameter metrics: benchmark {bid!r} has no metric {metric!r}; "
                              f"available in {path.name}: {', '.join(cfg.metrics)}")
        m = cfg.metrics[metric]
        configs[bid] = cfg.model_copy(update={"metric": metric, "metric_label": m.label, "targets": m.targets})
    for bid, values in targets:
        try:
            checked = Metric(label="", targets=tuple(float(v) for v in values)).targets
        except (ValidationError, TypeError, ValueError):
            raise ConfigError(f"parameter targets: benchmark {bid!r} needs a list of error rates in (0, 1), "
                              f"got {values!r}") from None
        configs[bid] = configs[bid].model_copy(update={"targets": checked})
    for bid, file in data_files:
        if bid in configs:
            configs[bid] = configs[bid].model_copy(update={"user_file": True, "source": f"a user-supplied file ({Path(file).name})"})
    return configs


def data_ids(configs: dict[str, BenchmarkConfig]) -> list[str]:
    """The distinct data inputs of the benchmarks (an entry reusing another's data counts once)."""
    return list(dict.fromkeys(c.data for c in configs.values()))


# --------------------------------------------------------------------------
# costs.toml
# --------------------------------------------------------------------------


class Vintage(_Strict):
    """A reference accelerator with its price, power and the grid it runs on."""

    id: str = ""
    label: str = Field(min_length=1)
    accelerator: str = Field(min_length=1)
    peak_flops: float = Field(gt=0, allow_inf_nan=False)
    peak_precision: str = Field(min_length=1)
    power_w: float = Field(gt=0, allow_inf_nan=False)
    price_usd_per_hour: float = Field(gt=0, allow_inf_nan=False)
    price_date: str = Field(pattern=r"^\d{4}(-\d{2})?$")
    price_source: str = Field(min_length=1)
    utilization: float = Field(gt=0, allow_inf_nan=False)
    pue: float = Field(ge=1, allow_inf_nan=False)
    grid_lbs_co2e_per_kwh: float = Field(gt=0, allow_inf_nan=False)
    citations: tuple[str, ...] = Field(min_length=1)

    @property
    def price_year(self) -> int:
        return int(self.price_date[:4])

    def flop_per_chip_hour(self, basis: str = "peak") -> float:
        """FLOP per accelerator-hour: at peak (hardware burden) or achieved (network operations)."""
        if basis == "peak":
            return self.peak_flops * SECONDS_PER_HOUR
        if basis == "operations":
            return self.peak_flops * self.utilization * SECONDS_PER_HOUR
        raise ValueError(f"basis must be 'peak' or 'operations', got {basis!r}")

    def usd_per_flop(self, basis: str = "peak") -> float:
        return self.price_usd_per_hour / self.flop_per_chip_hour(basis)

    def kwh_per_flop(self, basis: str = "peak") -> float:
        return self.power_w / 1000.0 * self.pue / self.flop_per_chip_hour(basis)

    def lbs_per_flop(self, basis: str = "peak") -> float:
        return self.kwh_per_flop(basis) * self.grid_lbs_co2e_per_kwh

    def kg_per_flop(self, basis: str = "peak") -> float:
        return self.lbs_per_flop(basis) * LBS_TO_KG


class CostConfig(_Strict):
    default_vintage: str  # the main specification's price vintage (data/specification.toml)
    vintage: dict[str, Vintage] = Field(min_length=1)
    path: str = ""

    @model_validator(mode="after")
    def _default_known(self):
        if self.default_vintage not in self.vintage:
            raise ValueError(f"the main specification's price vintage (specification.toml: prices.vintage) names "
                             f"unknown vintage {self.default_vintage!r} (known: {', '.join(self.vintage)})")
        return self

    @property
    def vintages(self) -> dict[str, Vintage]:
        return self.vintage

    def get(self, vid: str | None = None) -> Vintage:
        """The vintage ``vid`` (``None``: the configured default)."""
        vid = vid or self.default_vintage
        if vid not in self.vintage:
            raise ConfigError(f"unknown hardware vintage {vid!r}; known: {', '.join(self.vintage)}")
        return self.vintage[vid]


def load_costs(path: Path | str | None = None, spec: Specification | None = None) -> CostConfig:
    """``data/costs.toml``, validated (every number finite and positive, PUE ≥ 1, citations given); its
    default vintage is the main specification's (``spec``, else ``data/specification.toml``)."""
    path = Path(path or paths.COSTS_CONFIG)
    raw = _read_toml(path)
    vintages = raw.get("vintage")
    if isinstance(vintages, dict):
        raw["vintage"] = {vid: {**v, "id": vid} if isinstance(v, dict) else v for vid, v in vintages.items()}
    if "default_vintage" in raw:
        raise ConfigError(f"{path.name}: default_vintage: the price vintage is part of the main specification now; "
                          "set prices.vintage in data/specification.toml")
    default = (spec or specification()).prices.vintage
    try:
        return CostConfig.model_validate({**raw, "default_vintage": default, "path": str(path)})
    except ValidationError as err:
        raise ConfigError(_problems(err, path.name)) from None


def resolve_vintage(costs: CostConfig, vintage: str | None) -> Vintage:
    """The vintage a chapter parameter names; an empty value means the main specification's."""
    return costs.get(vintage or None)


# --------------------------------------------------------------------------
# literature.toml
# --------------------------------------------------------------------------


class Figure(_Strict):
    """A number quoted from the paper or the literature."""

    value: float
    unit: str
    cite: str
    what: str
    lo: float | None = None
    hi: float | None = None


class ClaimSource(_Strict):
    """Where a claim of the ledger comes from: ``paper`` (the paper's own words, as the project's notes record
    them), ``press`` (the authors' IEEE Spectrum article), or ``secondary`` (the book has the statement only
    from a secondary account of the paper, or reads it from an argument the paper makes without a number)."""

    source: Literal["paper", "press", "secondary"]
    where: str  # where the statement stands, or which account the book has it from (shown on the ledger page)


class PaperBenchmark(_Strict):
    """What the paper reported for one benchmark scored by one metric (an entry means the paper
    analysed that benchmark with that metric; a field left out means it reported no such number)."""

    benchmark: str
    metric: str
    r2: float | None = None
    r2_gain_time_trend: float | None = None
    r2_range: bool | None = None  # true: v1's R² range (figures v1_r2_low–v1_r2_high) covers it; false: excluded
    significant: bool | None = None  # whether v1 found the compute slope significant (false: WMT En–De)
    small_gains: bool | None = None  # v1 named it among the benchmarks with large increases in burden for small gains
    claims: dict[str, str] = {}  # quantity (r2, r2_gain_time_trend, years_per_10x, significant) -> claim id
    cite: str = "thompson2020computational"

    @field_validator("claims")
    @classmethod
    def _known_quantities(cls, v):
        unknown = sorted(set(v) - set(PAPER_CLAIM_QUANTITIES))
        if unknown:
            raise ValueError(f"claims: unknown quantity {', '.join(unknown)}; known: {', '.join(PAPER_CLAIM_QUANTITIES)}")
        return v


PAPER_CLAIM_QUANTITIES = ("r2", "r2_gain_time_trend", "years_per_10x", "significant")


class PaperProjection(_Strict):
    """One cell of the paper's projection table (ImageNet, polynomial model, in the paper's units)."""

    benchmark: str
    metric: str
    form: str
    target_error: float
    is_today: bool = False
    log10_gflops: float | None = None
    log10_usd: float | None = None
    log10_co2_lbs: float | None = None
    source: str
    cite: str


class Literature(_Strict):
    figure: dict[str, Figure]
    paper_benchmark: tuple[PaperBenchmark, ...] = ()
    paper_projection: tuple[PaperProjection, ...] = ()
    claim: dict[str, ClaimSource] = {}  # claim id of the ledger -> where the claim comes from
    ledger: dict[str, str] = {}  # the ledger's claims and notes as templates ($name placeholders), by name

    @field_validator("ledger")
    @classmethod
    def _templates(cls, v):
        bad = sorted(k for k, t in v.items() if not string.Template(t).is_valid())
        if bad:
            raise ValueError(f"ledger: not a valid template ($name or ${{name}}; a literal $ is $$): {', '.join(bad)}")
        return v

    def __getitem__(self, key: str) -> Figure:
        try:
            return self.figure[key]
        except KeyError:
            raise KeyError(f"no figure {key!r} in data/literature.toml") from None

    def value(self, key: str) -> float:
        return self[key].value

    def growth_window(self, override=()) -> tuple[float, float]:
        """``[start, end)`` in decimal years of the paper's "tenfold a year" window (its first and last
        years, end exclusive), or ``override`` where a user set one (the chapters' ``paper_window``)."""
        if override:
            return float(override[0]), float(override[1])
        return self.value("v1_compute_growth_first_year"), self.value("v1_compute_growth_last_year") + 1

    def paper(self, benchmark: str, metric: str) -> PaperBenchmark | None:
        """The paper's numbers for (benchmark, metric), or ``None`` where it reported none."""
        return next((p for p in self.paper_benchmark if p.benchmark == benchmark and p.metric == metric), None)

    def projections(self, benchmark: str, metric: str) -> list[PaperProjection]:
        return [p for p in self.paper_projection if p.benchmark == benchmark and p.metric == metric]


@lru_cache(maxsize=4)
def literature(path: str | None = None) -> Literature:
    """``data/literature.toml``, validated."""
    p = Path(path or paths.LITERATURE_CONFIG)
    try:
        return Literature.model_validate(_read_toml(p))
    except ValidationError as err:
        raise ConfigError(_problems(err, p.name)) from None


# --------------------------------------------------------------------------
# specification.toml: the main specification
# --------------------------------------------------------------------------


class Choice(_Strict):
    """One choice of the main specification: what is chosen, the setting in words, and why."""

    choice: str = Field(min_length=1)
    text: str = Field(min_length=1)
    why: str = Field(min_length=1)


class SampleChoice(Choice):
    value: Literal["all", "v1"]


class ComputeChoice(Choice):
    value: Literal["main"]


class ConversionChoice(Choice):
    value: Literal["sample"]
    v1_cutoff: float = Field(gt=1950, lt=2100)


class FormChoice(Choice):
    value: Literal["verdict"]
    min_delta_aic: float = Field(gt=0, allow_inf_nan=False)
    forms: list[str] = Field(min_length=2)  # the forms the book fits, compares and draws, in this order (names
    #                                         of compute_limits.stats.forms.REGISTRY; stats.forms.in_use checks them)

    @model_validator(mode="after")
    def _distinct(self):
        repeated = sorted({f for f in self.forms if self.forms.count(f) > 1})
        if repeated:
            raise ValueError(f"forms lists {', '.join(repeated)} more than once")
        return self


class IntervalChoice(Choice):
    value: Literal["calibration"]
    level: float = Field(gt=0, lt=1)
    # the book's one rule: a quantity on a log or ratio scale whose interval spans more orders of magnitude
    # than this is not estimable (compute_limits.stats.intervals.estimable)
    max_orders: float = Field(gt=0, allow_inf_nan=False)


class PricesChoice(Choice):
    vintage: str = Field(min_length=1)


class TodayChoice(Choice):
    value: Literal["best_scored"]


class GrowthChoice(Choice):
    start: float = Field(gt=1950, lt=2100)
    end: float = Field(ge=0, lt=2100)  # 0: up to the latest run

    @model_validator(mode="after")
    def _window(self):
        if self.end and self.end <= self.start:
            raise ValueError(f"end ({self.end:g}) must be 0 (up to the latest run) or after start ({self.start:g})")
        return self


class BudgetChoice(Choice):
    usd: float = Field(gt=0, allow_inf_nan=False)


class FrontierChoice(Choice):
    top_k: int = Field(ge=1)
    after: float = Field(gt=1950, lt=2100)


class Specification(_Strict):
    """``data/specification.toml``: the main specification.  Every headline number is computed under it; a
    number computed under anything else is a sensitivity and says what differs."""

    sample: SampleChoice
    compute: ComputeChoice
    conversion: ConversionChoice
    form: FormChoice
    interval: IntervalChoice
    prices: PricesChoice
    today: TodayChoice
    growth: GrowthChoice
    budget: BudgetChoice
    frontier: FrontierChoice
    path: str = ""

    def choices(self) -> list[tuple[str, Choice]]:
        """``(key, choice)`` in the file's order (the page's table)."""
        return [(name, getattr(self, name)) for name in type(self).model_fields if name != "path"]

    # The chapter parameters that change a setting of the specification, and the value each defaults to.
    def parameter_defaults(self) -> dict[str, object]:
        return {"level": self.interval.level, "hardware_vintage": "", "budget_usd": self.budget.usd,
                "growth_start": self.growth.start, "growth_end": self.growth.end,
                "frontier_top_k": self.frontier.top_k, "post_start": self.frontier.after}


@lru_cache(maxsize=4)
def specification(path: str | None = None) -> Specification:
    """``data/specification.toml``, validated (one line per problem, naming the file, the choice and the key)."""
    p = Path(path or SPECIFICATION_CONFIG)
    try:
        return Specification.model_validate({**_read_toml(p), "path": str(p)})
    except ValidationError as err:
        raise ConfigError(_problems(err, p.name)) from None
