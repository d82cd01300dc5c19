"""The theory chapter's row of the claims ledger: the over-parameterisation example (NoisyStudent's
parameters per labelled training image) against the paper's figure.

The ledger's text (the claim and the note) is a result the claims chapter shows (``claims_evidence.csv``), written
from the templates of ``data/literature.toml``'s ``[ledger]`` (``over_…``) with the example's values set by their
kinds (:mod:`compute_limits.report.ledger_text`); the chapter's own prose about the example is in
``chapters/theory.md``, which glues :class:`compute_limits.analysis.overparameterisation.Example`."""

from __future__ import annotations

import numpy as np

from ..analysis.claims import Evidence, Text, text
from ..analysis.milestones import Standing
from ..analysis.overparameterisation import Example
from ..config import Literature
from ..quantities import Count, Ordinal
from . import ledger_text
from . import numbers as N
from .ledger_text import typed

CLAIM_LABEL = "theory-overparameterisation"  # the section that derives the evidence
CLAIM_TOLERANCE = 0.10  # the paper's figures are rounded ("about"): within 10% of its ratio holds in part


def _counts(e: Example) -> Text:
    return text("over_counts", **typed(e, "model", "parameters", "training_images", "per_training_image"))


def _check(e: Example) -> Text:
    """Why the requested model cannot be checked (it is not in the data with its counts)."""
    if e.model:
        return text("over_check_alternative", requested=e.requested, counts=_counts(e))
    return text("over_check_none", requested=e.requested)


def _rank(e: Example) -> Text:
    """Where the requested model ranks by error, in the v1 sample and in all the data."""
    v1 = (text("over_rank_v1", rank=(e.rank_v1, Ordinal), n=(e.n_v1, Count)) if e.rank_v1
          else text("over_rank_outside_v1"))
    return text("over_rank", model=e.model, v1=v1, rank_all=(e.rank_all, Ordinal), n_all=(e.n_all, Count))


def _standing(s: Standing) -> Text:
    """The one reading of a model's standing, as the history and theory chapters write it."""
    head = typed(s, "model", "benchmark", "metric", "date", "score")
    better = typed(s, "first_better", "first_better_date", "first_better_score", "n_better")
    if s.status == "best":
        return text("over_standing_best", **head)
    if s.status in ("beaten_before_paper", "beaten_after_paper"):
        return text(f"over_standing_{s.status}", **head, **better, **typed(s, "v1_cutoff"))
    return text("over_standing_not_record", **head, **better)


def _verdict(e: Example) -> Text:
    if not e.found or e.standing is None or e.standing.status == "absent":
        return text("over_unchecked")
    if not e.rank_v1:
        return text("over_unchecked_v1")
    known = ("holds", "held_at_publication", "held", "does_not_hold")
    return text(f"over_verdict_{e.verdict}" if e.verdict in known else "over_verdict_other",
                standing=_standing(e.standing), **typed(e.standing, "margin"))


def claims_evidence(e: Example, lit: Literature):
    """The ledger's row ``noisy_student_parameters``: parameters per labelled training image."""
    if e.found:
        note = text("over_note", **typed(e, "training_images", "paper_labelled", "pseudo_labelled", "per_all_images"),
                    verdict=_verdict(e), rank=_rank(e))
    else:
        note = text("over_note_missing", requested=e.requested, check=_check(e))
    value = e.per_training_image if e.found else np.nan
    return ledger_text.evidence([Evidence(
        claim_id="noisy_student_parameters", chapter="theory", label=CLAIM_LABEL,
        claim=text("over_claim", **typed(e, "paper_parameters", "paper_labelled")),
        paper_value=(f"≈{N.in_words(e.paper_parameters, 2)} parameters for ≈{N.in_words(e.paper_labelled, 2)} "
                     f"labelled images ({N.number(e.paper_per_labelled, 2)} per image)"),
        paper_number=e.paper_per_labelled, book_value=value, book_lo=value, book_hi=value, test="inside",
        tolerance=CLAIM_TOLERANCE * e.paper_per_labelled, estimable=bool(e.found),
        unit="parameters per labelled training image", note=note)], lit)
