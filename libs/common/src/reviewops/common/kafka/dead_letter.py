"""The headers a consumer adds to a record it sends to a DLQ twin (docs/dlq.md).

Defined once here so that the consumer, the replay and the AsyncAPI document agree on them.
"""

from __future__ import annotations

from datetime import datetime

DLQ_HEADER_PREFIX = "dlq."

DLQ_HEADERS: dict[str, str] = {
    "dlq.source.topic": "The topic the record was consumed from.",
    "dlq.source.partition": "Its partition there, in decimal.",
    "dlq.source.offset": "Its offset there, in decimal.",
    "dlq.error": "Why it cannot be processed: the decoding failure, or the handler's exception type and message "
    "(at most 2,000 characters).",
    "dlq.service": "The consuming service that dead-lettered it.",
    "dlq.time": "When it was dead-lettered, ISO 8601 with offset.",
}

ERROR_LIMIT = 2000


def dead_letter_headers(
    *, source_topic: str, partition: int, offset: int, error: str, service: str, at: datetime
) -> list[tuple[str, bytes]]:
    """The `dlq.*` headers for one record, in the order of DLQ_HEADERS."""
    values = (source_topic, str(partition), str(offset), error[:ERROR_LIMIT], service, at.isoformat())
    return [(name, value.encode()) for name, value in zip(DLQ_HEADERS, values, strict=True)]
