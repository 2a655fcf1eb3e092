"""The one event envelope every reviewops topic carries (DESIGN.md: Events)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_MAJOR = 1
SCHEMA_VERSION = f"{SCHEMA_MAJOR}.0"


class Payload(BaseModel):
    """Base of every v1 payload: frozen, and tolerant of fields added in later minors."""

    model_config = ConfigDict(frozen=True, extra="ignore")


PayloadT = TypeVar("PayloadT", bound=Payload)


class Envelope(BaseModel):
    """The wire envelope with an undecoded payload; what the consumer reads first."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: uuid.UUID
    event_type: str
    schema_version: str = Field(pattern=r"^\d+\.\d+$", examples=["1.0"])
    occurred_at: datetime
    producer: str
    tenant_id: str
    key: str
    payload: dict[str, Any]

    @property
    def major(self) -> int:
        return int(self.schema_version.split(".", 1)[0])


class Event(BaseModel, Generic[PayloadT]):
    """An envelope whose payload is validated into its typed model; what handlers receive."""

    model_config = ConfigDict(frozen=True)

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    schema_version: str = SCHEMA_VERSION
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    producer: str
    tenant_id: str
    key: str
    payload: PayloadT

    # The trace context of the consumer span that carried this event in; never serialised.
    _trace_carrier: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def trace_carrier(self) -> dict[str, str]:
        """The trace context of the consumer span that carried this event in (empty until one did)."""
        return self._trace_carrier

    def attach_trace_carrier(self, carrier: dict[str, str]) -> None:
        """Attach the consumer span's trace context: a private, never-serialised attribute, the one
        thing set on this otherwise frozen event after it is made."""
        self._trace_carrier = dict(carrier)

    def to_json(self) -> bytes:
        return self.model_dump_json().encode()
