"""Stopping any one service breaks the end-to-end path; starting it again completes it, losing nothing.

This is the proof that the pipeline test depends on every process (and not on a fake).
"""

from __future__ import annotations

import time

import httpx
import pytest

from reviewops.devstack.processes import stop_service
from reviewops.devstack.stack import SERVICES, Stack, start_services
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

ABSENCE_WINDOW = 6.0  # the path normally completes in well under a second


def drafted(client: Client, key: str) -> list[dict]:
    items = [i for i in client.queue() if i["review_key"] == key]
    return items if settled(items) else []


@pytest.mark.parametrize("service", SERVICES)
def test_the_pipeline_fails_without_each_service_and_recovers_when_it_returns(
    client: Client, services: Stack, service: str
) -> None:
    submission = review()
    stop_service(services.service(service))
    try:
        if service == "ingest":
            with pytest.raises(httpx.ConnectError):
                client.post("ingest", "/v1/reviews", json=submission)
        else:
            response = client.post("ingest", "/v1/reviews", json=submission)
            assert response.status_code == 201
            key = response.json()["review_key"]
            if service != "responder":
                time.sleep(ABSENCE_WINDOW)
                assert drafted(client, key) == [], f"drafts appeared although {service} was down"
            else:
                with pytest.raises(httpx.ConnectError):
                    client.queue()
    finally:
        start_services(services)
    if service == "ingest":
        key = client.post("ingest", "/v1/reviews", json=submission).json()["review_key"]
    items = wait_until(lambda: drafted(client, key), timeout=60)
    assert len(items) == len({i["channel"] for i in items}), "one draft per channel after the restart"


def test_starting_the_stack_again_leaves_healthy_services_alone(services: Stack) -> None:
    pids = {name: services.service(name).pid_file.read_text() for name in SERVICES}
    start_services(services)
    assert {name: services.service(name).pid_file.read_text() for name in SERVICES} == pids
