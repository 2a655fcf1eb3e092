"""Human labels: a person's cause for a review version, as the next classification revision. Pure.

A person's causes are certain, so each scores 1.0 (HUMAN_SCORE), the primary first and the others
in the order given; the model's other findings (languages, removal signals, aspects, facts given)
are carried over, since a person corrected only the cause.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewops.common.events.payloads import CauseScore, Classification

HUMAN_SCORE = 1.0


def human_causes(primary_cause: str, causes: Sequence[str]) -> list[str]:
    """The labels a person set, primary first (prepended when the list lacks it), each once."""
    ordered = [primary_cause, *causes]
    return list(dict.fromkeys(ordered))


def relabelled(current: Classification, primary_cause: str, causes: Sequence[str], principal: str) -> Classification:
    """`current` with a person's causes, as the next revision of the same review version."""
    labels = human_causes(primary_cause, causes)
    return current.model_copy(update={
        "primary_cause": labels[0],
        "causes": [CauseScore(label=label, score=HUMAN_SCORE) for label in labels],  # type: ignore[arg-type]
        "needs_review": False,
        "classification_revision": current.classification_revision + 1,
        "labelled_by": principal,
    })


def repeats_label(current: Classification, primary_cause: str, causes: Sequence[str]) -> bool:
    """The current classification is already a person's label with these causes: a repeated PUT,
    which stores and publishes nothing (a model answer with the same causes is still confirmed)."""
    return current.labelled_by is not None and [c.label for c in current.causes] == human_causes(primary_cause, causes)
