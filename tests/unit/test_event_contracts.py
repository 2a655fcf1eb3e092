"""The topic contract stays in step with the code: the AsyncAPI document, the compatibility
snapshot and the runbook's topic table are what the registry and the event models say now."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client.metrics import MetricWrapperBase

from reviewops.common import metrics
from reviewops.common.events.__main__ import main as events_command
from reviewops.common.events.asyncapi import asyncapi_document, component_id, render
from reviewops.common.events.compat import contract_breaking_changes
from reviewops.common.events.contracts import contract_snapshot, topics_table
from reviewops.common.events.registry import TOPICS
from reviewops.common.kafka.dead_letter import DLQ_HEADERS, dead_letter_headers

ROOT = Path(__file__).resolve().parents[2]
ASYNCAPI = ROOT / "docs" / "asyncapi.json"
SNAPSHOT = ROOT / "contracts" / "topics.json"
ASYNCAPI_TOOLS = ROOT / "tools" / "asyncapi"
# Where `make test` installs the parser (DESIGN.md: node modules stay under .local/).
ASYNCAPI_NODE_MODULES = ROOT / ".local" / "asyncapi" / "node_modules"
REGENERATE = "run `make contracts` and commit the result"


def test_committed_asyncapi_document_is_what_the_models_generate() -> None:
    assert ASYNCAPI.read_text() == render(asyncapi_document()), f"docs/asyncapi.json is stale: {REGENERATE}"


def test_asyncapi_document_passes_the_official_parser() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node (20 or later) is needed to validate docs/asyncapi.json with @asyncapi/parser")
    if not (ASYNCAPI_NODE_MODULES / "@asyncapi" / "parser").is_dir():
        pytest.fail(f"@asyncapi/parser is not installed in {ASYNCAPI_NODE_MODULES}: `make test` installs it")
    result = subprocess.run(
        [node, str(ASYNCAPI_TOOLS / "validate.cjs"), str(ASYNCAPI)],
        env={**os.environ, "NODE_PATH": str(ASYNCAPI_NODE_MODULES)},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"@asyncapi/parser rejected docs/asyncapi.json:\n{result.stdout}{result.stderr}"
    assert " error " not in f" {result.stdout}"


def test_the_parser_lock_resolves_only_from_the_npm_registry() -> None:
    lock = json.loads((ASYNCAPI_TOOLS / "package-lock.json").read_text())
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    assert packages
    for path, entry in packages.items():
        assert entry.get("resolved", "").startswith("https://registry.npmjs.org/"), path
        assert entry.get("integrity", "").startswith("sha512-"), path


def test_asyncapi_document_describes_every_topic_its_key_events_and_dlq_twin() -> None:
    document = asyncapi_document()
    channels, messages = document["channels"], document["components"]["messages"]
    assert len(channels) == 2 * len(TOPICS)
    for topic in TOPICS:
        channel = channels[component_id(topic.name)]
        assert channel["address"] == topic.name
        assert channel["bindings"]["kafka"]["partitions"] == topic.partitions
        assert sorted(channel["messages"]) == sorted(component_id(event_type) for event_type in topic.event_types)
        for event_type, model in topic.event_types.items():
            message = messages[component_id(event_type)]
            assert message["bindings"]["kafka"]["key"]["description"] == topic.key
            envelope_of_event = message["payload"]["allOf"][1]["properties"]
            assert envelope_of_event["event_type"] == {"const": event_type}
            assert envelope_of_event["payload"] == {"$ref": f"#/components/schemas/{model.__name__}"}
        dlq_channel = channels[component_id(topic.dlq)]
        assert dlq_channel["address"] == topic.dlq
        assert dlq_channel["bindings"]["kafka"]["partitions"] == topic.partitions
        (dlq_message,) = (messages[message_id] for message_id in dlq_channel["messages"])
        assert dlq_message["headers"]["required"] == list(DLQ_HEADERS)
        assert dlq_message["bindings"]["kafka"]["key"]["description"] == topic.key


def test_the_consumer_adds_exactly_the_documented_dlq_headers() -> None:
    headers = dead_letter_headers(source_topic="reviews.gated.v1", partition=3, offset=42, error="x" * 3000,
                                  service="responder", at=datetime(2026, 11, 22, tzinfo=UTC))
    assert [name for name, _ in headers] == list(DLQ_HEADERS)
    values = dict(headers)
    assert values["dlq.source.partition"] == b"3"
    assert values["dlq.source.offset"] == b"42"
    assert len(values["dlq.error"]) == 2000
    assert values["dlq.time"] == b"2026-11-22T00:00:00+00:00"


def test_event_models_are_backward_compatible_with_the_committed_snapshot() -> None:
    breaking = contract_breaking_changes(json.loads(SNAPSHOT.read_text()), contract_snapshot())
    assert not breaking, (
        "the event models break the published v1 contract (contracts/topics.json):\n  " + "\n  ".join(breaking)
        + "\nA breaking change needs a new topic (.v2): docs/operations.md, 'Rolling out a .v2 topic'."
    )


def test_committed_snapshot_is_current() -> None:
    assert SNAPSHOT.read_text() == render(contract_snapshot()), f"contracts/topics.json is stale: {REGENERATE}"


def test_the_snapshot_command_refuses_an_incompatible_change(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # A snapshot in which reviews.ingested.v1 had a required field the models no longer have.
    older = contract_snapshot()
    ingested = older["topics"]["reviews.ingested.v1"]["events"]["review.ingested"]
    ingested["properties"]["source"] = {"type": "string"}
    ingested["required"].append("source")
    path = tmp_path / "topics.json"
    path.write_text(render(older))

    assert events_command(["snapshot", str(path)]) == 1
    assert "reviews.ingested.v1 review.ingested: source: removed" in capsys.readouterr().err
    assert json.loads(path.read_text()) == older

    path.write_text(render(contract_snapshot()))
    assert events_command(["snapshot", str(path)]) == 0


def test_runbook_topic_table_is_the_registry() -> None:
    runbook = (ROOT / "docs" / "operations.md").read_text()
    assert topics_table() in runbook, (
        "the topic table in docs/operations.md differs from the registry; "
        "replace it with the output of `python -m reviewops.common.events topics-table`"
    )


def exposed_metric_names() -> set[str]:
    """The names /metrics shows for every metric the code defines (counters gain `_total`)."""
    names = set()
    for collector in vars(metrics).values():
        if isinstance(collector, MetricWrapperBase):
            for family in collector.collect():
                names.add(f"{family.name}_total" if family.type == "counter" else family.name)
    return names


def test_runbook_describes_every_metric_and_no_other() -> None:
    runbook = (ROOT / "docs" / "operations.md").read_text()
    described = set(re.findall(r"^\| `(reviewops_[a-z_]+)` \|", runbook, flags=re.MULTILINE))
    assert described == exposed_metric_names(), (
        "the metric table in docs/operations.md differs from reviewops.common.metrics: "
        f"undescribed {sorted(exposed_metric_names() - described)}, unknown {sorted(described - exposed_metric_names())}"
    )
