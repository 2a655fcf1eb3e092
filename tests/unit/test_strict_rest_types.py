"""Every service's REST models take numbers and booleans as JSON numbers and booleans, never guessed
from strings (or booleans from numbers), and marketplaces from the documented list only."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from reviewops.classifier.api.schemas import ClassifyRequest
from reviewops.common.api.problems import validation_errors
from reviewops.compliance.api.schemas import CheckRequest


def fields_at_fault(model: type[BaseModel], data: dict) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return {error.field for error in validation_errors(raised.value.errors())}


CHECK = {"text": "We are sorry.", "channel": "public_reply", "language": "en"}


@pytest.mark.parametrize(("context", "field"), [
    ({"rating": "2"}, "context.rating"),
    ({"rating": True}, "context.rating"),
    ({"opted_out": "false"}, "context.opted_out"),
    ({"opted_out": 0}, "context.opted_out"),
    ({"resolved": "yes"}, "context.resolved"),
    ({"review_request_sent": 1}, "context.review_request_sent"),
    ({"removal_note_sent": "true"}, "context.removal_note_sent"),
])
def test_a_check_context_takes_json_numbers_and_booleans_only(context: dict, field: str) -> None:
    assert fields_at_fault(CheckRequest, {**CHECK, "context": context}) == {field}


def test_a_check_context_with_real_numbers_and_booleans_is_taken() -> None:
    request = CheckRequest.model_validate({**CHECK, "context": {"rating": 2, "opted_out": False, "resolved": True}})
    assert (request.context.rating, request.context.opted_out, request.context.resolved) == (2, False, True)


@pytest.mark.parametrize("rating", ["2", True, 2.0])
def test_a_classify_request_takes_a_json_integer_rating_only(rating: object) -> None:
    assert fields_at_fault(ClassifyRequest, {"body": "Broke after a week.", "rating": rating}) == {"rating"}
