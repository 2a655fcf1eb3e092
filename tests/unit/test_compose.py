"""docker-compose.yml stays in step with the code: services, factories, and no hand-written topic names."""

from __future__ import annotations

from pathlib import Path

import yaml

from reviewops.common.events.registry import all_topic_names

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_service_runs_its_own_factory_after_migrations_and_topics() -> None:
    services = compose()["services"]
    for name in ("ingest", "classifier", "compliance", "responder"):
        service = services[name]
        assert f"reviewops.{name}.main:create" in service["command"]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["topics"]["condition"] == "service_completed_successfully"
        assert "/readyz" in " ".join(service["healthcheck"]["test"])
    assert services["topics"]["command"][-1] == "create-topics"


def test_topic_names_come_from_the_registry_not_from_the_compose_file() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert not [name for name in all_topic_names() if name in text]
