"""The AsyncAPI 3.0 document of every topic, generated from the registry and the event models.

Internal tools read it as the topic contract (DESIGN.md: internal tools subscribe to the Kafka
topics, a public, versioned contract). It is committed as docs/asyncapi.json, and a test keeps
that file equal to what `asyncapi_document()` returns, so it cannot drift from the code.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from reviewops.common.events.envelope import SCHEMA_VERSION, Envelope, Payload
from reviewops.common.events.registry import TOPICS, Topic
from reviewops.common.kafka.dead_letter import DLQ_HEADERS
from reviewops.common.telemetry import TRACE_HEADERS

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
# Schemas live under components, so every reference points there (not at a schema's own $defs).
SCHEMA_REF_TEMPLATE = "#/components/schemas/{model}"

TRACE_HEADER_DESCRIPTIONS = {
    "traceparent": "W3C trace context of the work that wrote the event; consumers continue the trace from it.",
    "tracestate": "W3C trace state that travels with traceparent.",
}


def component_id(name: str) -> str:
    """An AsyncAPI component or channel id for a dotted name (ids allow no dots in channels)."""
    return name.replace(".", "_")


def _trace_headers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: {"type": "string", "description": TRACE_HEADER_DESCRIPTIONS[name]}
                       for name in TRACE_HEADERS},
    }


def _dead_letter_headers_schema() -> dict[str, Any]:
    schema = _trace_headers_schema()
    schema["description"] = "The original record's headers, kept, and the dlq.* headers the consumer adds."
    schema["properties"].update({name: {"type": "string", "description": text} for name, text in DLQ_HEADERS.items()})
    schema["required"] = list(DLQ_HEADERS)
    return schema


def _key_binding(topic: Topic) -> dict[str, Any]:
    return {
        "kafka": {
            "key": {"type": "string", "description": topic.key},
            "bindingVersion": KAFKA_BINDING_VERSION,
        }
    }


def _payload_models() -> list[type[Payload]]:
    """Every payload model once, in registry order."""
    models: list[type[Payload]] = []
    for topic in TOPICS:
        models.extend(model for model in topic.event_types.values() if model not in models)
    return models


def _schemas() -> dict[str, Any]:
    _, schema = models_json_schema(
        [(Envelope, "validation"), *((model, "validation") for model in _payload_models())],
        ref_template=SCHEMA_REF_TEMPLATE,
    )
    return schema["$defs"]


def _event_message(topic: Topic, event_type: str, model: type[Payload]) -> dict[str, Any]:
    return {
        "name": event_type,
        "title": event_type,
        "summary": f"{event_type} on {topic.name}",
        "contentType": "application/json",
        "headers": _trace_headers_schema(),
        "payload": {
            "allOf": [
                {"$ref": SCHEMA_REF_TEMPLATE.format(model="Envelope")},
                {
                    "type": "object",
                    "properties": {
                        "event_type": {"const": event_type},
                        "key": {"type": "string", "description": topic.key},
                        "payload": {"$ref": SCHEMA_REF_TEMPLATE.format(model=model.__name__)},
                    },
                },
            ]
        },
        "bindings": _key_binding(topic),
    }


def _dead_letter_message(topic: Topic) -> dict[str, Any]:
    return {
        "name": f"{topic.name} dead letter",
        "title": f"A record of {topic.name} that a consumer could not process",
        "summary": "The original key, value and headers, with dlq.* headers saying where it came from and why.",
        "description": (
            f"The value is the original record's bytes: usually an envelope of {topic.name}, but possibly "
            "undecodable, which is then the reason in dlq.error. Replaying republishes it to its source topic "
            "without the dlq.* headers (docs/dlq.md). It can hold buyer-written text: keep access and retention tight."
        ),
        "contentType": "application/octet-stream",
        "headers": _dead_letter_headers_schema(),
        "payload": {"description": f"The original value of a {topic.name} record, byte for byte."},
        "bindings": _key_binding(topic),
    }


def _channel(topic: Topic, address: str, description: str, message_ids: list[str]) -> dict[str, Any]:
    return {
        "address": address,
        "title": address,
        "description": description,
        "messages": {message_id: {"$ref": f"#/components/messages/{message_id}"} for message_id in message_ids},
        "bindings": {
            "kafka": {"topic": address, "partitions": topic.partitions, "bindingVersion": KAFKA_BINDING_VERSION}
        },
    }


def asyncapi_document() -> dict[str, Any]:
    """The whole document, from the registry (topics, partitions, keys, event types) and the models."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in TOPICS:
        channel_id, dlq_channel_id = component_id(topic.name), component_id(topic.dlq)
        event_message_ids = [component_id(event_type) for event_type in topic.event_types]
        for event_type, model in topic.event_types.items():
            messages[component_id(event_type)] = _event_message(topic, event_type, model)
        dlq_message_id = f"{channel_id}_dead_letter"
        messages[dlq_message_id] = _dead_letter_message(topic)

        channels[channel_id] = _channel(
            topic, topic.name, f"{topic.description} Key: {topic.key}.", event_message_ids
        )
        channels[dlq_channel_id] = _channel(
            topic,
            topic.dlq,
            f"The dead-letter twin of {topic.name}, with its partition count, so a replayed record keeps its partition.",
            [dlq_message_id],
        )
        operations[f"publish_{channel_id}"] = {
            "action": "send",
            "title": f"reviewops publishes to {topic.name}",
            "summary": "Through the producing service's transactional outbox: at least once, in order per key.",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "messages": [{"$ref": f"#/channels/{channel_id}/messages/{message_id}"} for message_id in event_message_ids],
        }
        operations[f"dead_letter_{channel_id}"] = {
            "action": "send",
            "title": f"A reviewops consumer of {topic.name} dead-letters what it cannot process",
            "channel": {"$ref": f"#/channels/{dlq_channel_id}"},
            "messages": [{"$ref": f"#/channels/{dlq_channel_id}/messages/{dlq_message_id}"}],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "reviewops topics",
            "version": SCHEMA_VERSION,
            "description": (
                "Every Kafka topic of reviewops, its message key, its events and its dead-letter twin. "
                "Generated from the topic registry and the event models in libs/common "
                "(`python -m reviewops.common.events asyncapi`). Each record's value is one JSON envelope; "
                "payloads ignore unknown fields and gain only optional fields within a major version; consumers "
                "accept any minor of their major; a breaking change is a new topic (`.v2`)."
            ),
            "license": {"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"},
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"schemas": _schemas(), "messages": messages},
    }


def render(document: dict[str, Any]) -> str:
    """Stable text for the committed file: the same models always give the same bytes."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
