"""docker-compose.yml is valid under the Compose Specification and starts things in a safe order.

The schema is `schema/compose-spec.json` of the Go module github.com/compose-spec/compose-go/v2
at COMPOSE_GO_VERSION (the module Docker Compose itself loads files with), fetched from the Go
module proxy by `make ops-tools`. No Docker engine is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from reviewops.common.settings import ServiceSettings

from .conftest import COMPOSE_GO_VERSION, REPO_ROOT, makefile_variable

SERVICES = ("ingest", "classifier", "compliance", "responder")
JOBS = ("migrate", "topics", "service-key")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def seconds(duration: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    for unit in sorted(units, key=len, reverse=True):
        if duration.endswith(unit):
            return float(duration[: -len(unit)]) * units[unit]
    raise ValueError(duration)


def test_the_makefile_fetches_the_schema_version_the_test_states() -> None:
    assert makefile_variable("COMPOSE_GO_VERSION") == COMPOSE_GO_VERSION


def test_compose_file_is_valid_under_the_compose_specification(compose: dict, compose_spec: Path) -> None:
    schema = json.loads(compose_spec.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in validator_class(schema).iter_errors(compose)]
    assert not errors


def test_the_schema_rejects_what_it_should(compose: dict, compose_spec: Path) -> None:
    """Guards the validation above against a schema that accepts anything."""
    schema = json.loads(compose_spec.read_text())
    broken = json.loads(json.dumps(compose))
    broken["services"]["ingest"]["depends_on"]["migrate"]["condition"] = "service_finished"
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))


def test_kafka_runs_in_kraft_mode_and_creates_no_topic_by_itself(compose: dict) -> None:
    kafka = compose["services"]["kafka"]["environment"]
    assert set(kafka["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert kafka["KAFKA_CONTROLLER_QUORUM_VOTERS"]
    assert kafka["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    # Topic names and partition counts come from the registry through this command alone.
    assert compose["services"]["topics"]["command"] == ["python", "-m", "reviewops.common.kafka", "create-topics"]


def test_every_dependency_waits_for_a_healthcheck_or_a_finished_job(compose: dict) -> None:
    services = compose["services"]
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], f"{name} waits for {dependency}'s health"
            else:
                assert rule["condition"] == "service_completed_successfully"
                assert services[dependency]["restart"] == "no", f"{dependency} must be a one-shot job"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_every_container_has_resource_limits_and_every_server_a_healthcheck(compose: dict) -> None:
    for name, service in compose["services"].items():
        limits = service["deploy"]["resources"]["limits"]
        assert {"cpus", "memory"} <= set(limits), name
        if name not in JOBS:
            assert "healthcheck" in service, name


def test_services_get_longer_to_stop_than_the_consumer_drains(compose: dict) -> None:
    drain = ServiceSettings.model_fields["consumer_drain_seconds"].default
    for name in SERVICES:
        service = compose["services"][name]
        assert seconds(service["stop_grace_period"]) > drain, name
        assert service["read_only"] is True and "/tmp" in service["tmpfs"], name
