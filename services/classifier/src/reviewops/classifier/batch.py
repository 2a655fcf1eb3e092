"""Classifying reviews from a JSON-lines stream, in batches (the batch command)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

from pydantic import ConfigDict, ValidationError

from reviewops.classifier.api.schemas import ReviewFields
from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.model import CauseModel
from reviewops.common.api.problems import validation_errors

BATCH = 256


class ReviewLine(ReviewFields):
    """One input line: the review's fields, its `id`, and anything else (ignored)."""

    model_config = ConfigDict(extra="ignore")
    id: Any = None


@cache
def shipped_classifier() -> Classifier:
    """The classifier with the shipped model, loaded once per process (the batch command)."""
    return Classifier(CauseModel.load())


def _parse(line: str) -> ReviewLine | dict[str, Any]:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not valid JSON: {error.msg}"}
    if not isinstance(raw, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    try:
        return ReviewLine.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(f"{e.field}: {e.message}" for e in validation_errors(error.errors()))
        return {"id": raw.get("id"), "error": problems}


def classify_lines(lines: Iterable[str], classifier: Classifier | None = None) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line, classified in batches (the shipped model by default)."""
    classifier = classifier or shipped_classifier()
    lines = (line for line in lines if line.strip())
    while chunk := list(islice(lines, BATCH)):
        parsed = [_parse(line) for line in chunk]
        valid = [item for item in parsed if isinstance(item, ReviewLine)]
        results = iter(classifier.classify_many(
            [ReviewText(item.title, item.body, item.rating, item.language, item.kind or "product_review") for item in valid]
        ))
        for item in parsed:
            if isinstance(item, dict):
                yield item
                continue
            result = next(results).model_dump(mode="json")
            yield {"id": item.id, "primary_cause": result["primary_cause"], "causes": result["causes"],
                   "language": result["language"], "detected_language": result["detected_language"],
                   "removal_signals": result["removal_signals"], "needs_review": result["needs_review"],
                   "aspects": result["aspects"], "facts_given": result["facts_given"],
                   "model_version": result["model_version"]}
