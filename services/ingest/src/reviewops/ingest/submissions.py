"""One review's checks, the same on every path that takes reviews: POST /v1/reviews:batch and file
imports (DESIGN.md: each imported row goes through the same validation as POST /v1/reviews)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from reviewops.common.api.problems import validation_errors
from reviewops.common.errors import FieldError
from reviewops.ingest.api.schemas import ReviewCreate
from reviewops.ingest.domain.reviews import DateWindow, Submission


def checked_submission(raw: Any, dates: DateWindow, now: datetime) -> Submission | list[FieldError]:
    """The submission, or the problems with it, each naming its field."""
    try:
        submission = ReviewCreate.model_validate(raw).to_submission()
    except ValidationError as error:
        return validation_errors(error.errors())
    problems = dates.problems(submission, now)
    if problems:
        return [FieldError(field, message) for field, message in problems]
    return submission
