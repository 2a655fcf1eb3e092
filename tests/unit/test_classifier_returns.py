"""A return's cause from its reason code and its comment (classifier domain/returns.py)."""

from __future__ import annotations

import pytest

from reviewops.classifier.domain.returns import REASON_RULES, cause_of_return
from reviewops.classifier.ml.model import LABELS
from reviewops.common.events.payloads import CauseScore, Classification


def comment(*causes: tuple[str, float], needs_review: bool = False) -> Classification:
    return Classification(model_version="test", primary_cause=causes[0][0],
                          causes=[CauseScore(label=label, score=score) for label, score in causes],
                          language="en", detected_language="en", needs_review=needs_review)


@pytest.mark.parametrize(("reason", "cause"), [
    ("DEFECTIVE", "product_quality"), ("DAMAGED_BY_CARRIER", "logistics"), ("DAMAGED_BY_FC", "logistics"),
    ("MISSING_PARTS", "logistics"), ("ORDERED_WRONG_ITEM", "other"), ("UNDELIVERABLE_REFUSED", "logistics"),
])
def test_a_deciding_code_is_the_cause_whatever_the_comment_says(reason: str, cause: str) -> None:
    found = cause_of_return(reason, comment(("preference", 0.9)))
    assert (found.primary_cause, found.decided_by) == (cause, "reason")
    assert [c.label for c in found.causes] == [cause, "preference"], "the comment's view stays as a secondary"


def test_not_as_described_is_quality_or_expectations_as_the_comment_decides() -> None:
    assert cause_of_return("NOT_AS_DESCRIBED", comment(("product_quality", 0.6), ("expectations", 0.3))
                           ).primary_cause == "product_quality"
    assert cause_of_return("NOT_AS_DESCRIBED", comment(("other", 0.5), ("expectations", 0.3))
                           ).primary_cause == "expectations"
    # A comment about something else, or none: the listing oversold it.
    assert cause_of_return("NOT_AS_DESCRIBED", comment(("logistics", 0.9))).primary_cause == "expectations"
    assert cause_of_return("NOT_AS_DESCRIBED", None).primary_cause == "expectations"


@pytest.mark.parametrize("reason", ["UNWANTED_ITEM", "NO_REASON_GIVEN"])
def test_unwanted_is_preference_unless_the_comment_surely_says_otherwise(reason: str) -> None:
    assert cause_of_return(reason, None).primary_cause == "preference"
    said = cause_of_return(reason, comment(("product_quality", 0.8)))
    assert (said.primary_cause, said.decided_by) == ("product_quality", "comment")
    assert cause_of_return(reason, comment(("product_quality", 0.4), needs_review=True)).primary_cause == "preference"
    assert cause_of_return(reason, comment(("other", 0.9))).primary_cause == "preference"


def test_an_unknown_code_is_other_unless_the_comment_says_what() -> None:
    assert cause_of_return("SOMETHING_NEW", None).primary_cause == "other"
    assert cause_of_return("SOMETHING_NEW", comment(("logistics", 0.9))).primary_cause == "logistics"


def test_every_rule_names_causes_of_the_taxonomy() -> None:
    for rule in REASON_RULES.values():
        assert rule.default in LABELS and rule.comment_may_choose <= set(LABELS)
