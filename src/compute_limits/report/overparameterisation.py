"""The theory chapter's row of the claims ledger: the over-parameterisation example (NoisyStudent's
parameters per labelled training image) against the paper's figure.

The ledger's text (the claim, the paper's value and the note) is a result the claims chapter shows
(``claims_evidence.csv``), set with :mod:`compute_limits.report.numbers`; the chapter's own prose about the
example is in ``chapters/theory.md``, which glues :class:`compute_limits.analysis.overparameterisation.Example`."""

from __future__ import annotations

import numpy as np

from ..analysis.claims import Evidence, evidence
from ..analysis.milestones import Standing
from ..analysis.overparameterisation import Example
from . import numbers as N
from .text import ordinal

CLAIM_LABEL = "theory-overparameterisation"  # the section that derives the evidence
CLAIM_TOLERANCE = 0.10  # the paper's figures are rounded ("about"): within 10% of its ratio holds in part


def _per(x: float) -> str:
    return N.number(x, 2)


def _model_counts(e: Example) -> str:
    return (f"{e.model} has {N.in_words(e.parameters, 2)} parameters and {N.in_words(e.training_images, 3)} "
            f"labelled training images, {_per(e.per_training_image)} parameters per labelled image")


def _check(e: Example) -> str:
    if e.found:
        return (f"{_model_counts(e)}; counting its {N.in_words(e.pseudo_labelled, 2)} pseudo-labelled images too, "
                f"{_per(e.per_all_images)} per training image")
    if e.model:
        return (f"no model named {e.requested} has a parameter count and a training-set size, so the book uses "
                f"the stated alternative, the model of the v1 sample with the most parameters per training image: "
                f"{_model_counts(e)} (as the data record them)")
    return (f"no model has both a parameter count and a training-set size, so neither {e.requested} nor an "
            "alternative can be checked against these data")


def _rank(e: Example) -> str:
    if not e.model:
        return "no example model can be ranked"
    who = e.model if e.found else f"the alternative, {e.model},"
    v1 = (f"{ordinal(e.rank_v1)} of {N.integer(e.n_v1)} models in the v1 sample" if e.rank_v1
          else "outside the v1 sample")
    return f"{who} ranks {v1} and {ordinal(e.rank_all)} of {N.integer(e.n_all)} in all the data"


def standing_text(s: Standing) -> str:
    """The one reading of a model's standing, as the history and theory chapters write it (the ledger's note
    cannot glue, so it is set here with the same words)."""
    head = (f"{s.model} was the most accurate model in the {s.benchmark} data when it was published "
            f"({N.month_year(s.date)}, {N.number(s.score, 3)}% {s.metric})")
    better = f"{s.first_better} passed it in {N.month_year(s.first_better_date)} ({N.number(s.first_better_score, 3)}%)"
    many = f"{N.integer(s.n_better)} models in the data score higher in all"
    if s.status == "best":
        return f"{head}, and no model in the data scores higher"
    if s.status == "beaten_before_paper":
        return f"{head}; {better}, before the paper's first version of {N.month_year(s.v1_cutoff)}, and {many}"
    if s.status == "beaten_after_paper":
        return (f"{head} and still was at the paper's first version of {N.month_year(s.v1_cutoff)}; {better}, "
                f"and {many}")
    return (f"{s.model} was not the most accurate model in the {s.benchmark} data when it was published "
            f"({N.month_year(s.date)}, {N.number(s.score, 3)}% {s.metric}): {s.first_better} "
            f"({N.month_year(s.first_better_date)}, {N.number(s.first_better_score, 3)}%) already scored higher, "
            f"and {many}")


def _verdict(e: Example) -> str:
    if not e.found or e.standing is None or e.standing.status == "absent":
        return "cannot be checked against these data"
    if not e.rank_v1:
        return "cannot be checked against the v1 sample of these data"
    verdict = {"holds": "still holds in these data",
               "held_at_publication": (f"held when NoisyStudent was published but not by the paper's first version, "
                                       f"in these data (by {N.compact(e.standing.margin, 2)} points)"),
               "held": "held when the paper was written but not in these data, where later models score higher",
               "does_not_hold": "does not hold in these data, even when NoisyStudent was published"}
    return f"{verdict.get(e.verdict, 'cannot be checked against these data')}: {standing_text(e.standing)}"


def claims_evidence(e: Example):
    """The ledger's row ``noisy_student_parameters``: parameters per labelled training image."""
    note = ("Counts labelled images only, as the paper does (the data record "
            f"{N.in_words(e.training_images, 3)}; the paper rounds to {N.in_words(e.paper_labelled, 2)}). "
            f"With the {N.in_words(e.pseudo_labelled, 2)} pseudo-labelled JFT images it also trained on: "
            f"{_per(e.per_all_images)} parameters per training image. "
            f"The paper's 'best ImageNet model' {_verdict(e)} ({_rank(e)}). Exact counts: no interval."
            if e.found else f"{e.requested} is not in these data with a parameter count ({_check(e)}).")
    value = e.per_training_image if e.found else np.nan
    return evidence([Evidence(
        claim_id="noisy_student_parameters", chapter="theory", label=CLAIM_LABEL,
        claim=(f"NoisyStudent, the best ImageNet model, has about {N.in_words(e.paper_parameters, 2)} parameters "
               f"for ImageNet's {N.in_words(e.paper_labelled, 2)} labelled training images"),
        paper_value=(f"≈{N.in_words(e.paper_parameters, 2)} parameters for ≈{N.in_words(e.paper_labelled, 2)} "
                     f"labelled images ({_per(e.paper_per_labelled)} per image)"),
        paper_number=e.paper_per_labelled, book_value=value, book_lo=value, book_hi=value, test="inside",
        tolerance=CLAIM_TOLERANCE * e.paper_per_labelled, estimable=bool(e.found),
        unit="parameters per labelled training image", note=note)])
