"""What the responder asks compliance about a draft's text, and what it gets back. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CheckRequest:
    """One text to check, for a channel and language, with the context of its review."""

    text: str
    channel: str
    language: str
    context: dict[str, Any]


@dataclass(frozen=True)
class CheckOutcome:
    """Compliance's answer on one text: allowed or not, under which policy version, and why."""

    allowed: bool
    policy_version: str
    violations: list[dict[str, Any]]
    unchecked: list[str]
