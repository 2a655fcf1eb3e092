"""Checking messages from a JSON-lines stream, as the batch command and the evaluation do."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from reviewops.common.api.problems import validation_errors
from reviewops.compliance.api.schemas import CheckRequest
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import SecondOpinion, shipped_model


def check_line(line: str, second_opinion: SecondOpinion | None = None, now: datetime | None = None) -> dict[str, Any]:
    """One output object for one input line: the id, the verdict, or an error naming the field.
    `second_opinion` defaults to the shipped rule model."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "allowed": False, "error": f"not valid JSON: {error.msg}"}
    if not isinstance(raw, dict):
        return {"id": None, "allowed": False, "error": "each line must be a JSON object"}
    item_id = raw.get("id")
    fields = {key: raw[key] for key in ("text", "channel", "language", "context") if key in raw}
    try:
        request = CheckRequest.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(f"{e.field}: {e.message}" for e in validation_errors(error.errors()))
        return {"id": item_id, "allowed": False, "error": problems}
    result = check_message(request.text, request.channel, request.language,
                           request.context.model_dump(exclude_none=True), now=now,
                           second_opinion=second_opinion or shipped_model())
    return {"id": item_id, **asdict(result)}


def check_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Check every non-blank line with the shipped rule model, loaded once."""
    model = shipped_model()
    for line in lines:
        if line.strip():
            yield check_line(line, model)
