"""Invariant 6: JSON log lines with trace ids, and no buyer personal data in logs or metrics."""

from __future__ import annotations

import json

import pytest

from reviewops.devstack.stack import SERVICES, Stack
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

BUYER_DATA = ("Mirela Quandt-Oyelaran", "mirela.quandt@example.org", "+1 415 555 0188", "17 Vintry Lane")


def test_buyer_personal_data_stays_out_of_logs_and_metrics(client: Client, services: Stack) -> None:
    body = (f"I am {BUYER_DATA[0]}, write to {BUYER_DATA[1]} or call {BUYER_DATA[2]}; "
            f"I live at {BUYER_DATA[3]}. The kettle broke after a week.")
    key = client.post("ingest", "/v1/reviews", json=review(body=body, title=BUYER_DATA[0])).json()["review_key"]
    wait_until(lambda: settled([i for i in client.queue() if i["review_key"] == key]))
    # The poison path logs too: a broken item in a batch and an unknown field.
    client.post("ingest", "/v1/reviews", json={**review(body=body), "rating": 9})

    run_dir = services.profile.state_dir / "run"
    for service in SERVICES:
        log = (run_dir / f"{service}.log").read_text("utf-8")
        metrics = client.get(service, "/metrics").text
        for secret in BUYER_DATA:
            assert secret not in log, f"{service} logged buyer data"
            assert secret not in metrics, f"{service} exposed buyer data in metrics"


def test_every_log_line_is_json_with_the_service_name(services: Stack) -> None:
    for service in SERVICES:
        lines = (services.profile.state_dir / "run" / f"{service}.log").read_text("utf-8").splitlines()
        output = [line for line in lines if line and not line.startswith("--- starting")]
        records = [json.loads(line) for line in output]
        assert records, f"{service} wrote no log lines"
        assert all(record["service"] == service and "level" in record for record in records)
        started = [r for r in records if r["message"] == "service started"]
        assert started, f"{service} did not log its start"
