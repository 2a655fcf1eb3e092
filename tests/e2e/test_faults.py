"""Invariant 1 under crashes: kill -9 any service mid-stream, start it again, and every review
ingest acknowledged reaches the queue exactly once per channel, with empty DLQs.

The kill lands between 20% and 80% of the stream, measured in the service's own table (not
guessed by a sleep); the test profile's consumer batches of 50 keep that window open. Short form
(500 reviews) here; the long runs are `make faults`.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.events.registry import TOPICS
from reviewops.devstack.kafka import ensure_kafka, stop_kafka
from reviewops.devstack.postgres import ensure_postgres, stop_postgres
from reviewops.devstack.processes import kill_service
from reviewops.devstack.stack import Stack, start_services
from reviewops.devstack.sync import run_sync
from tests.support.stack import unique
from tests.e2e.conftest import Client, review, wait_until
from tests.support.kafka import read_until

pytestmark = pytest.mark.e2e

# 500 in make test; make faults sets REVIEWOPS_FAULT_STREAM=5000 and a 30-second database outage.
STREAM = int(os.environ.get("REVIEWOPS_FAULT_STREAM", "500"))
DATABASE_OUTAGE = float(os.environ.get("REVIEWOPS_FAULT_DB_OUTAGE", "10"))
# Where each consumer's progress shows: one row per review it has handled.
PROGRESS = {
    "classifier": "SELECT count(*) FROM classifier.classifications WHERE tenant_id = :tenant",
    "compliance": "SELECT count(*) FROM compliance.verdicts WHERE tenant_id = :tenant",
    "responder": "SELECT count(*) FROM responder.review_heads WHERE tenant_id = :tenant",
}


def sql(stack: Stack, statement: str, **params: object) -> list:
    async def run() -> list:
        engine = create_async_engine(stack.database_url)
        try:
            async with engine.connect() as connection:
                return list(await connection.execute(text(statement), params))
        finally:
            await engine.dispose()

    return run_sync(run())


def act_at(stack: Stack, statement: str, tenant: str, threshold: float, action: Callable[[], None]) -> int:
    """Poll `statement` on one open connection and run `action` the moment it reaches `threshold`:
    milliseconds from reading to acting, so a fast consumer cannot outrun the window. Returns the
    reading that triggered it."""
    async def run() -> int:
        engine = create_async_engine(stack.database_url)
        try:
            async with engine.connect() as connection:
                deadline = asyncio.get_running_loop().time() + 60
                while True:
                    reading = (await connection.execute(text(statement), {"tenant": tenant})).scalar()
                    await connection.rollback()  # a fresh snapshot for the next reading
                    if reading >= threshold:
                        action()
                        return reading
                    if asyncio.get_running_loop().time() > deadline:
                        raise TimeoutError(f"{reading} < {threshold} after 60 s")
                    await asyncio.sleep(0.005)
        finally:
            await engine.dispose()

    return run_sync(run())


def reviews(count: int) -> list[dict]:
    return [review(unique("RF")) for _ in range(count)]


def record(stack: Stack, fault: str, sent: int, acknowledged: int, at_kill: int) -> None:
    """What a fault run saw, for the results table in docs/reliability.md (lost and doubled are 0,
    or the test failed before this line)."""
    line = {"fault": fault, "sent": sent, "acknowledged": acknowledged, "progress_at_kill": at_kill,
            "lost": 0, "doubled": 0}
    with (stack.profile.state_dir / "fault-results.jsonl").open("a") as results:
        results.write(json.dumps(line) + "\n")


def assert_exactly_once(stack: Stack, tenant: str, acknowledged: set[str]) -> None:
    def drafted() -> bool:
        rows = sql(stack, "SELECT count(DISTINCT review_key) FROM responder.drafts WHERE tenant_id = :tenant "
                          "AND review_key = ANY(:keys)", tenant=tenant, keys=sorted(acknowledged))
        return rows[0][0] == len(acknowledged)

    wait_until(drafted, timeout=120, interval=0.5)
    doubled = sql(stack, "SELECT review_key, channel, count(*) FROM responder.drafts WHERE tenant_id = :tenant "
                         "GROUP BY review_key, channel HAVING count(*) > 1", tenant=tenant)
    assert doubled == [], f"two drafts for one review version and channel: {doubled[:3]}"
    rows = sql(stack, "SELECT count(*), count(DISTINCT (review_key, channel)) FROM responder.drafts "
                      "WHERE tenant_id = :tenant", tenant=tenant)[0]
    assert rows[0] == rows[1], "raw rows equal distinct (review, channel) pairs"
    for table in ("classifier.classifications", "compliance.verdicts"):
        counted = sql(stack, f"SELECT count(*), count(DISTINCT review_key) FROM {table} WHERE tenant_id = :tenant",
                      tenant=tenant)[0]
        assert counted[0] == counted[1] >= len(acknowledged)
    prefix = f"{tenant}:".encode()
    dead = run_sync(read_until(stack.bootstrap, [topic.dlq for topic in TOPICS], lambda records: False, timeout=3))
    assert [r for r in dead if (r.key or b"").startswith(prefix)] == [], "nothing of the stream in a DLQ"


@pytest.mark.parametrize("service", ["classifier", "compliance", "responder"])
def test_a_consumer_killed_mid_stream_loses_and_doubles_nothing(
    client: Client, services: Stack, tenant: str, service: str
) -> None:
    # The stream is posted while the consumer's progress is watched, so the kill lands near 20%.
    with ThreadPoolExecutor(max_workers=1) as pool:
        posting = pool.submit(post_stream, client)
        try:
            at_kill = act_at(services, PROGRESS[service], tenant, STREAM * 0.2,
                             lambda: kill_service(services.service(service)))
        finally:
            start_services(services)
        acknowledged = posting.result()
    assert at_kill <= STREAM * 0.8, f"{service} finished before the kill ({at_kill}); the window was missed"
    assert_exactly_once(services, tenant, acknowledged)
    record(services, f"kill -9 {service}", STREAM, len(acknowledged), at_kill)


def test_ingest_killed_while_requests_are_in_flight_loses_no_acknowledged_review(
    client: Client, services: Stack, tenant: str
) -> None:
    stream = reviews(STREAM)
    acknowledged: set[str] = set()
    lock = threading.Lock()

    def submit(submission: dict) -> None:
        try:
            response = client.http.post(client.url("ingest", "/v1/reviews"), json=submission, timeout=10)
        except httpx.HTTPError:
            return  # not acknowledged: the partner would retry
        if response.status_code == 201:
            with lock:
                acknowledged.add(response.json()["review_key"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(submit, submission) for submission in stream]
        wait_until(lambda: len(acknowledged) >= STREAM * 0.2, timeout=60, interval=0.01)
        kill_service(services.service("ingest"))
        at_kill = len(acknowledged)
        for future in futures:
            future.result()
    assert at_kill <= STREAM * 0.8, "ingest took the whole stream before the kill; the window was missed"
    start_services(services)
    assert_exactly_once(services, tenant, acknowledged)
    stored = sql(services, "SELECT count(*) FROM ingest.reviews WHERE tenant_id = :tenant", tenant=tenant)[0][0]
    assert stored >= len(acknowledged), "every acknowledged review is stored"
    record(services, "kill -9 ingest", STREAM, len(acknowledged), at_kill)


def post_stream(client: Client) -> set[str]:
    stream = reviews(STREAM)
    acknowledged: set[str] = set()
    for start in range(0, STREAM, 50):
        results = client.post("ingest", "/v1/reviews:batch", json={"items": stream[start:start + 50]}).json()
        acknowledged |= {r["review_key"] for r in results["results"] if r["result"] == "created"}
    assert len(acknowledged) == STREAM
    return acknowledged


def test_a_broker_restart_mid_stream_loses_and_doubles_nothing(
    client: Client, services: Stack, tenant: str
) -> None:
    acknowledged = post_stream(client)

    try:
        at_stop = act_at(services, PROGRESS["responder"], tenant, STREAM * 0.2,
                         lambda: stop_kafka(services.profile.kafka))
    finally:
        ensure_kafka(services.profile.kafka, services.profile.repo_root)
    assert at_stop <= STREAM * 0.8, "the stream was done before the broker stopped; the window was missed"
    assert_exactly_once(services, tenant, acknowledged)
    record(services, "Kafka broker restarted", STREAM, len(acknowledged), at_stop)


def test_postgresql_down_mid_stream_loses_and_doubles_nothing_and_ingest_answers_503(
    client: Client, services: Stack, tenant: str
) -> None:
    if services.profile.external_database_url:
        pytest.skip("the database is external to the test stack; it cannot be stopped here")
    acknowledged = post_stream(client)
    try:
        at_stop = act_at(services, PROGRESS["responder"], tenant, STREAM * 0.2,
                         lambda: stop_postgres(services.profile.postgres_dir))
        refused = client.post("ingest", "/v1/reviews", json=review(unique("RF")))
        assert refused.status_code == 503 and refused.headers["retry-after"], "not acknowledged, so not lost"
        time.sleep(DATABASE_OUTAGE)
    finally:
        ensure_postgres(services.profile.postgres_dir)
    assert_exactly_once(services, tenant, acknowledged)
    assert at_stop <= STREAM * 0.8, "the stream was done before the database stopped; the window was missed"
    record(services, f"PostgreSQL stopped for {DATABASE_OUTAGE:.0f} s", STREAM, len(acknowledged), at_stop)
