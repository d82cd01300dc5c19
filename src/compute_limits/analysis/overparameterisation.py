"""The theory chapter's argument in numbers: the k⁴ lower bound, and the paper's example of an
over-parameterised model checked against a benchmark's data.

* :func:`bound`: error falls at best as 1/√n, so a k-fold improvement needs at least k² more data;
  a model whose parameters grow with the data costs parameters × data points, so at least k⁴ more
  compute.  The exponents are the paper's (``data/literature.toml``).  It is a lower bound.
* :func:`example`: the paper's example (NoisyStudent: about 480M parameters for ImageNet's 1.2M
  labelled images) found in the data by name, with its parameters per training image counted both
  ways (labelled images only, and with the pseudo-labelled images it also trained on) and its rank
  in the v1 sample and in all the data.  Where the data lack the model (a user's file), the
  stated alternative is the v1-sample model with the most parameters per training image.

DataFrames in, dataclasses out; no file reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

import numpy as np
import pandas as pd

from ..config import BenchmarkConfig, Literature
from ..quantities import Count, Kind, Number, Words, Year
from .benchmarks import sample_rows
from .milestones import Standing, standing

Number2 = Annotated[float, Kind("number", 2)]

PAPER_EXAMPLE = "NoisyStudent"  # the paper's example of an over-parameterised model (v1, section 2)


@dataclass(frozen=True)
class Bound:
    improvement: Number  # k: how many times smaller the error should become
    data_exponent: Number2  # data grow at least as k^data_exponent
    parameter_exponent: Number2  # parameters grow with the data: another k^parameter_exponent
    compute_exponent: Number2
    data_factor: Number
    compute_factor: Number


def bound(improvement: float, literature: Literature) -> Bound:
    """The paper's lower bound for a ``improvement``-fold smaller error."""
    if improvement <= 1:
        raise ValueError(f"improvement={improvement!r}: the bound is about making the error smaller (k > 1)")
    a = literature.value("k4_data_exponent")
    b = literature.value("k4_parameter_exponent")
    return Bound(improvement, a, b, a + b, improvement**a, improvement ** (a + b))


@dataclass(frozen=True)
class Example:
    """The over-parameterisation example as the data show it (NaN/"" where the data cannot say).

    ``case`` says which model the chapter can check: ``"found"`` (the requested one, in the v1 sample),
    ``"found_late"`` (the requested one, outside the v1 sample), ``"fallback"`` (the stated alternative) or
    ``"none"``; ``verdict`` what becomes of the paper's "the best ImageNet model", read from ``standing`` (the
    one reading of the model's standing the book quotes everywhere, :func:`~.milestones.standing`):
    ``"holds"`` (never beaten in the data), ``"held_at_publication"`` (the best when published, beaten before
    the paper's first version), ``"held"`` (still the best at the first version, beaten since),
    ``"does_not_hold"`` (beaten before it was published), ``"not_in_sample"`` (not in the v1 sample) or
    ``"unchecked"``."""

    benchmark: str  # display name of the benchmark whose data are checked
    metric_label: str
    requested: str  # the model the chapter asks for (the paper's example)
    found: bool  # the requested model is in the data with a parameter count and a training-set size
    model: str  # the model used: the requested one, else the stated alternative ("" when neither)
    parameters: Words
    training_images: Annotated[float, Kind("words", 3)]  # the labelled training images the data record for it
    per_training_image: Number2  # parameters ÷ those images
    pseudo_labelled: Words  # images it also trained on, from the literature (the paper's example only)
    per_all_images: Number2  # parameters ÷ (labelled + pseudo-labelled images)
    paper_parameters: Words
    paper_labelled: Words
    paper_per_labelled: Number2
    paper_pseudo: Words
    rank_v1: Count  # by error, among the v1-sample models with a score (0: not in the v1 sample)
    n_v1: Count
    rank_all: Count
    n_all: Count
    best_v1_model: str
    best_v1_score: Number  # in percent
    best_all_model: str
    best_all_score: Number
    best_all_year: Year
    has_counts: Count  # models in the data with both a parameter count and a training-set size
    paper_per_all: Number2 = np.nan  # the paper's parameters ÷ (labelled + pseudo-labelled images)
    case: str = ""
    verdict: str = ""
    sample_scored: bool = False  # some model of the v1 sample has a score
    standing: Standing | None = None  # where the requested model stands on the benchmark (status "absent": not found)

    @property
    def fallback(self) -> bool:
        return bool(self.model) and not self.found


def _case(found: bool, model: str, rank_v1: int) -> str:
    if found:
        return "found" if rank_v1 else "found_late"
    return "fallback" if model else "none"


VERDICTS = {"best": "holds", "beaten_before_paper": "held_at_publication", "beaten_after_paper": "held",
            "not_record": "does_not_hold"}


def _verdict(found: bool, rank_v1: int, standing: Standing | None) -> str:
    if not found or standing is None or standing.status == "absent":
        return "unchecked"
    if not rank_v1:
        return "not_in_sample"
    return VERDICTS.get(standing.status, "unchecked")


def _rank(scored: pd.DataFrame, model: str) -> int:
    order = scored.sort_values("error", kind="stable")["model"].tolist()
    return order.index(model) + 1 if model in order else 0


def _match(df: pd.DataFrame, name: str) -> pd.DataFrame:
    if not name:
        return df.iloc[0:0]
    return df[df["model"].str.contains(name, case=False, regex=False, na=False)]


def example(df: pd.DataFrame, config: BenchmarkConfig, literature: Literature,
            requested: str = PAPER_EXAMPLE) -> Example:
    """Find ``requested`` (by name, case-insensitive; the best-scoring match) in the benchmark table
    ``df`` (one row per model, with ``model, date, year, error, parameters, training_set_size``)."""
    counts = df.dropna(subset=["parameters", "training_set_size"])
    counts = counts[(counts["parameters"] > 0) & (counts["training_set_size"] > 0)]
    match = _match(counts, requested).sort_values("error", na_position="last", kind="stable")
    found = not match.empty
    if found:
        row = match.iloc[0]
    else:
        v1 = sample_rows(counts, "v1")
        ratio = v1["parameters"] / v1["training_set_size"]
        row = v1.loc[ratio.idxmax()] if len(v1) else None
    scored = df[df["error"].notna()]
    v1_scored = sample_rows(scored, "v1")
    best_v1 = v1_scored.loc[v1_scored["error"].idxmin()] if len(v1_scored) else None
    best_all = scored.loc[scored["error"].idxmin()]
    params = float(row["parameters"]) if row is not None else np.nan
    images = float(row["training_set_size"]) if row is not None else np.nan
    paper_pseudo = literature.value("noisy_student_pseudo_labelled")
    pseudo = paper_pseudo if found else np.nan
    paper_p, paper_n = literature.value("noisy_student_parameters"), literature.value("imagenet_labelled_images")
    model = str(row["model"]) if row is not None else ""
    rank_v1, rank_all = (_rank(v1_scored, model), _rank(scored, model)) if model else (0, 0)
    stand = standing(df, model) if found else None
    stand = Standing(requested, np.nan, False, 0, "", np.nan, status="absent") if stand is None else stand
    stand = replace(stand, benchmark=config.name, metric=config.metric_label)
    return Example(
        benchmark=config.name, metric_label=config.metric_label, requested=requested, found=found, model=model,
        parameters=params, training_images=images, per_training_image=params / images,
        pseudo_labelled=pseudo, per_all_images=params / (images + pseudo),
        paper_parameters=paper_p, paper_labelled=paper_n, paper_per_labelled=paper_p / paper_n, paper_pseudo=paper_pseudo,
        rank_v1=rank_v1, n_v1=len(v1_scored), rank_all=rank_all, n_all=len(scored),
        best_v1_model=str(best_v1["model"]) if best_v1 is not None else "",
        best_v1_score=float(best_v1["score"]) if best_v1 is not None else np.nan,
        best_all_model=str(best_all["model"]), best_all_score=float(best_all["score"]),
        best_all_year=int(best_all["year"]), has_counts=len(counts),
        paper_per_all=paper_p / (paper_n + paper_pseudo), case=_case(found, model, rank_v1),
        verdict=_verdict(found, rank_v1, stand), sample_scored=best_v1 is not None, standing=stand,
    )
