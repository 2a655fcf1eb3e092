"""The topic contract as data: the snapshot that guards compatibility, and the runbook's topic table.

contracts/topics.json is the last accepted contract: the envelope schema and, per topic, its key
and the payload schema of each event type. `python -m reviewops.common.events snapshot` rewrites
it only when the models are backward compatible with it (events/compat.py), and a test checks the
models against it, so an incompatible change to a published topic fails the tests and cannot be
snapshotted away; a compatible addition only needs the snapshot regenerated.
"""

from __future__ import annotations

from typing import Any

from reviewops.common.events.envelope import Envelope
from reviewops.common.events.registry import TOPICS


def contract_snapshot() -> dict[str, Any]:
    """The envelope and every topic's key and payload schemas, as the models define them now."""
    return {
        "envelope": Envelope.model_json_schema(mode="validation"),
        "topics": {
            topic.name: {
                "key": topic.key,
                "events": {
                    event_type: model.model_json_schema(mode="validation")
                    for event_type, model in topic.event_types.items()
                },
            }
            for topic in TOPICS
        },
    }


def topics_table() -> str:
    """The Markdown table of topics in docs/operations.md (a test keeps the two equal)."""
    lines = [
        "| topic | partitions | message key | event types | DLQ twin (same partitions) |",
        "|---|---|---|---|---|",
    ]
    for topic in TOPICS:
        event_types = ", ".join(f"`{event_type}`" for event_type in topic.event_types)
        lines.append(f"| `{topic.name}` | {topic.partitions} | `{topic.key}` | {event_types} | `{topic.dlq}` |")
    return "\n".join(lines) + "\n"
