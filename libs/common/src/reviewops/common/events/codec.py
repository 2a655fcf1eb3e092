"""Decoding raw Kafka values into typed events, with a reason for everything that fails."""

from __future__ import annotations

from pydantic import ValidationError

from reviewops.common.events.envelope import SCHEMA_MAJOR, Envelope, Event
from reviewops.common.events.registry import Topic


class PoisonMessage(Exception):
    """A record that can never be processed as it is; it belongs in the DLQ with this reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or '<root>'}: {item['msg']}" for item in error.errors()[:5]
    )


def decode_event(topic: Topic, value: bytes | None) -> Event:
    """Decode and validate one record of `topic`; raises PoisonMessage naming what is wrong."""
    if value is None:
        raise PoisonMessage("empty record value")
    try:
        envelope = Envelope.model_validate_json(value)
    except ValidationError as error:
        raise PoisonMessage(f"invalid envelope: {_describe(error)}") from None
    if envelope.major != SCHEMA_MAJOR:
        raise PoisonMessage(f"unsupported schema major version {envelope.schema_version!r}")
    payload_model = topic.event_types.get(envelope.event_type)
    if payload_model is None:
        raise PoisonMessage(f"unknown event type {envelope.event_type!r} on {topic.name}")
    try:
        payload = payload_model.model_validate(envelope.payload)
    except ValidationError as error:
        raise PoisonMessage(f"invalid {envelope.event_type} payload: {_describe(error)}") from None
    return Event[payload_model](**envelope.model_dump(exclude={"payload"}), payload=payload)
