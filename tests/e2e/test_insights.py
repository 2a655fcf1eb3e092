"""Root-cause insight over REST and spike announcements on insights.spikes.v1."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from reviewops.classifier.domain.spikes import MIN_RECENT_COUNT, spiking
from reviewops.common.events.registry import INSIGHTS_SPIKES
from reviewops.devstack.stack import Stack
from reviewops.devstack.sync import run_sync
from tests.support.stack import make_key, unique
from tests.e2e.conftest import Client, review, wait_until
from tests.support.kafka import read_until

pytestmark = pytest.mark.e2e

QUALITY = ["It stopped working after two days, the motor burned out.", "Broke the first time I used it, cheap plastic.",
           "Defective out of the box, it will not switch on.", "The handle snapped off after a week of normal use.",
           "Stopped heating after three uses, poor quality."]
DELIVERY = ["The parcel arrived two weeks late and the box was crushed.", "Delivery took forever, arrived a month late.",
            "Package never arrived, tracking stuck for weeks.", "Arrived late and the outer box was soaked and torn.",
            "The courier left it in the rain and it came days late.", "Shipping was extremely slow, the box was dented.",
            "Late delivery, the package was damaged in transit.", "Took three weeks to arrive, the box was smashed."]


def post(client: Client, asin: str, body: str, days_ago: float) -> str:
    created = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    submission = review(unique("R"), asin=asin, body=body, title="", rating=1, created_at=created)
    submission.pop("order_completed_at")
    response = client.post("ingest", "/v1/reviews", json=submission)
    assert response.status_code == 201, response.text
    return response.json()["review_key"]


def spikes_for(records: list, asin: str) -> list[dict]:
    return [json.loads(r.value) for r in records if json.loads(r.value)["payload"]["asin"] == asin]


def test_a_burst_of_one_cause_is_announced_once_and_shows_in_the_insight(
    client: Client, services: Stack, tenant: str
) -> None:
    asin = "B" + uuid.uuid4().hex[:9].upper()
    baseline_texts = [QUALITY[i % len(QUALITY)] for i in range(10)] + [DELIVERY[0]]
    baseline = [post(client, asin, body, 21 + i * 2) for i, body in enumerate(baseline_texts)]
    recent = [post(client, asin, body, 1 + i * 0.5) for i, body in enumerate(DELIVERY)]
    keys = set(baseline + recent)

    # What the classifier says about each text decides what the insight must show.
    def causes_of(texts: list[str]) -> Counter:
        results = client.post("classifier", "/v1/classify",
                              json={"items": [{"body": t, "rating": 1} for t in texts]}).json()["results"]
        return Counter(result["primary_cause"] for result in results)

    recent_counts, baseline_counts = causes_of(DELIVERY), causes_of(baseline_texts)
    expected_spikes = sorted(reading.cause for reading in spiking(recent_counts, baseline_counts))
    assert "logistics" in expected_spikes, "the texts are meant to make a delivery spike"

    def insight() -> dict:
        return client.get("classifier", "/v1/insights/causes", params={"asin": asin, "marketplace": "US"}).json()

    body = wait_until(lambda: (lambda i: i if i.get("total") == len(keys) and i["spiking"] else None)(insight()),
                      timeout=60)
    assert {c["label"]: c["count"] for c in body["causes"]} == dict(recent_counts + baseline_counts)
    assert body["spiking"] == expected_spikes
    assert abs(sum(c["share"] for c in body["causes"]) - 1) < 0.01
    assert sum(week["total"] for week in body["weeks"]) == body["total"]
    assert all(week["week"].startswith(("2026-W", "2027-W")) for week in body["weeks"])

    announced = spikes_for(run_sync(read_until(services.bootstrap, [INSIGHTS_SPIKES.name],
                                               lambda records: len(spikes_for(records, asin)) >= len(expected_spikes))),
                           asin)
    assert sorted(spike["payload"]["cause"] for spike in announced) == expected_spikes
    logistics = next(spike for spike in announced if spike["payload"]["cause"] == "logistics")
    assert logistics["key"] == f"{tenant}:US:{asin}"
    # announced when the rule first held, which may be before the last recent review arrived
    assert MIN_RECENT_COUNT <= logistics["payload"]["recent_count"] <= recent_counts["logistics"]

    post(client, asin, DELIVERY[1], 0.2)  # the spike goes on: no second announcement
    wait_until(lambda: insight()["total"] == len(keys) + 1)
    again = spikes_for(run_sync(read_until(services.bootstrap, [INSIGHTS_SPIKES.name], lambda records: False,
                                           timeout=3)), asin)
    assert len(again) == len(announced)

    stranger = Client(services, make_key(services, [unique("tenant-")], scopes=("insights:read",)))
    other = stranger.get("classifier", "/v1/insights/causes", params={"asin": asin, "marketplace": "US"}).json()
    assert (other["total"], other["causes"], other["spiking"]) == (0, [], [])


def test_insight_parameters_are_validated(client: Client) -> None:
    bad = client.get("classifier", "/v1/insights/causes", params={"asin": "nope", "marketplace": "US"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "asin"
    empty = client.get("classifier", "/v1/insights/causes",
                       params={"asin": "B000000001", "marketplace": "US", "from": "2026-11-10T00:00:00Z",
                               "to": "2026-11-01T00:00:00Z"})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "from"


def test_the_responder_relays_the_insight_for_the_agents_tenant_only(
    client: Client, services: Stack, tenant: str
) -> None:
    asin = "B" + uuid.uuid4().hex[:9].upper()
    post(client, asin, QUALITY[0], 2)
    params = {"asin": asin, "marketplace": "US"}
    direct = wait_until(lambda: (lambda i: i if i["total"] == 1 else None)(
        client.get("classifier", "/v1/insights/causes", params=params).json()))
    relayed = client.get("responder", "/v1/insights/causes", params=params)
    assert relayed.status_code == 200
    assert relayed.json()["causes"] == direct["causes"] and relayed.json()["total"] == 1
    reader = Client(services, make_key(services, [tenant], scopes=("queue:read",)))
    assert reader.get("responder", "/v1/insights/causes", params=params).status_code == 403
    stranger = Client(services, make_key(services, [unique("tenant-")], scopes=("insights:read",)))
    assert stranger.get("responder", "/v1/insights/causes", params=params).json()["total"] == 0
