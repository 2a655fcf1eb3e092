"""A match in a text: code-point offsets, end exclusive (DESIGN.md: Text fields)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str
