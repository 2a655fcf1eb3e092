"""File imports end to end (issue #17): reports of ours through POST /v1/imports and the command
line, into the queue and the insights; idempotent; the rater's e-mail stored, logged and published nowhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.events.registry import RETURNS_INGESTED, REVIEWS_INGESTED
from reviewops.devstack.processes import kill_service
from reviewops.devstack.stack import SERVICES, Stack, start_services
from reviewops.devstack.sync import run_sync
from tests.e2e.conftest import Client, wait_until
from tests.support.kafka import read_until
from tests.support.stack import REPO_ROOT, make_key, unique

pytestmark = pytest.mark.e2e

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "imports"
PERIOD = {"from": "2026-11-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"}


def start_import(client: Client, name: str, import_format: str, marketplace: str, media: str = "text/plain",
                 **params: str) -> dict[str, Any]:
    response = client.post("ingest", "/v1/imports", content=(FIXTURES / name).read_bytes(),
                           params={"format": import_format, "marketplace": marketplace, **params},
                           headers={"Content-Type": media})
    assert response.status_code == 202, response.text
    return response.json()


def finished(client: Client, job_id: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        job = client.get("ingest", f"/v1/imports/{job_id}").json()
        return job if job["state"] != "running" else None
    return wait_until(done, timeout=60)


def counts(job: dict[str, Any]) -> dict[str, int]:
    return {name: job[name] for name in ("rows", "created", "updated", "duplicate", "stale", "invalid")}


def order_ids(name: str, column: int) -> list[str]:
    lines = (FIXTURES / name).read_text("utf-8").splitlines()[1:]
    return [line.split("\t")[column] for line in lines]


async def rows_mentioning(database_url: str, needle: str) -> dict[str, int]:
    """Every table of every service schema, each row as text, searched for `needle`."""
    engine = create_async_engine(database_url)
    found = {}
    try:
        async with engine.connect() as connection:
            tables = (await connection.execute(text(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY(:schemas) "
                "AND table_type = 'BASE TABLE'"), {"schemas": list(SERVICES)})).all()
            for schema, table in tables:
                count = (await connection.execute(text(
                    f'SELECT count(*) FROM "{schema}"."{table}" AS t WHERE t::text ILIKE :needle'),
                    {"needle": f"%{needle}%"})).scalar_one()
                if count:
                    found[f"{schema}.{table}"] = count
    finally:
        await engine.dispose()
    return found


def test_a_feedback_report_imports_with_its_bad_row_named_reaches_the_queue_and_imports_once(
        services: Stack, client: Client, tenant: str) -> None:
    accepted = start_import(client, "feedback_us.tsv", "amazon-seller-feedback", "US",
                            "text/tab-separated-values", fulfillment="MFN")
    assert (accepted["state"], accepted["encoding"]) == ("running", "utf-8")
    job = finished(client, accepted["id"])
    assert job["state"] == "done", job
    assert counts(job) == {"rows": 20, "created": 19, "updated": 0, "duplicate": 0, "stale": 0, "invalid": 1}
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(9, "Rating")]

    lines = [line.split("\t") for line in (FIXTURES / "feedback_us.tsv").read_text("utf-8").splitlines()[1:]]
    negative = {f"{tenant}:US:seller_feedback:{cells[4]}" for cells in lines if cells[1] in ("1", "2", "3")}
    review = client.get("ingest", f"/v1/reviews/{tenant}:US:seller_feedback:{lines[0][4]}").json()["current"]
    assert review["fulfillment"] == "MFN"
    assert review["feedback_answers"] == {"arrived_on_time": False, "item_as_described": None,
                                          "customer_service": False}
    queued = wait_until(lambda: negative <= {item["review_key"] for item in client.queue()} and client.queue(),
                        timeout=120)
    assert {item["review_key"] for item in queued} == negative, "the 4- and 5-star rows make no queue items"

    again = finished(client, start_import(client, "feedback_us.tsv", "amazon-seller-feedback", "US",
                                          fulfillment="MFN")["id"])
    assert counts(again) == {"rows": 20, "created": 0, "updated": 0, "duplicate": 19, "stale": 0, "invalid": 1}

    # The raters' e-mail addresses: in no table of any service, no event, no log line.
    assert run_sync(rows_mentioning(services.database_url, "@example.com")) == {}
    records = run_sync(read_until(services.bootstrap, [REVIEWS_INGESTED.name],
                                  lambda rs: len([r for r in rs if r.key.decode().startswith(tenant)]) >= 19))
    mine = [r for r in records if r.key.decode().startswith(tenant)]
    assert len(mine) == 19 and not [r for r in mine if b"example.com" in r.value]
    for name in SERVICES:
        assert "example.com" not in services.service(name).log_file.read_text("utf-8")


def test_a_returns_report_shows_in_the_insights_per_cause_and_only_when_returns_are_asked_for(
        services: Stack, client: Client, tenant: str) -> None:
    job = finished(client, start_import(client, "returns_us.tsv", "amazon-fba-returns", "US")["id"])
    assert job["state"] == "done", job
    assert counts(job) == {"rows": 12, "created": 11, "updated": 0, "duplicate": 0, "stale": 0, "invalid": 1}
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(13, "quantity")]
    records = run_sync(read_until(services.bootstrap, [RETURNS_INGESTED.name],
                                  lambda rs: len([r for r in rs if r.key.decode().startswith(tenant)]) >= 11))
    keys = sorted(r.key.decode() for r in records if r.key.decode().startswith(tenant))
    assert len(keys) == 11 and f"{tenant}:US:return:114-1039595-2523645:KTL-01-1" in keys
    event = json.loads(next(r.value for r in records if r.key.decode() == keys[0]))
    assert event["event_type"] == "return.ingested"

    def insight(source: str) -> dict[str, Any]:
        response = client.get("classifier", "/v1/insights/causes",
                              params={"asin": "B0IMPKETL1", "marketplace": "US", "source": source, **PERIOD})
        assert response.status_code == 200, response.text
        return response.json()

    returns = wait_until(lambda: (found := insight("returns"))["total"] == 9 and found, timeout=60)
    assert {c["label"]: c["count"] for c in returns["causes"]} == {"product_quality": 4, "logistics": 3,
                                                                     "preference": 2}
    assert returns["sources"]["returns"]["total"] == 9 and "reviews" not in returns["sources"]
    assert insight("reviews")["total"] == 0
    everything = insight("all")
    assert everything["total"] == 9 and set(everything["sources"]) == {"reviews", "returns"}

    again = finished(client, start_import(client, "returns_us.tsv", "amazon-fba-returns", "US")["id"])
    assert (again["created"], again["duplicate"], again["invalid"]) == (0, 11, 1)


@pytest.mark.parametrize(("name", "import_format", "marketplace", "params", "encoding", "expected", "errors"), [
    ("feedback_de_cp1252.csv", "amazon-seller-feedback", "DE", {"fulfillment": "AFN"}, "windows-1252",
     (4, 1), [(4, "Date")]),
    ("feedback_jp_sjis.tsv", "amazon-seller-feedback", "JP", {"fulfillment": "AFN"}, "shift_jis",
     (3, 1), [(5, "Arrived on Time")]),
    ("feedback_uk_bom.csv", "amazon-seller-feedback", "UK", {}, "utf-8-sig", (2, 1), [(3, "Order ID")]),
    ("reviews.csv", "reviews-csv", "US", {}, "utf-8", (2, 1), [(4, "asin")]),
    ("reviews.jsonl", "reviews-jsonl", "US", {}, "utf-8", (2, 1), [(2, "line")]),
])
def test_every_format_and_encoding_imports_with_its_bad_rows_named(
        client: Client, name: str, import_format: str, marketplace: str, params: dict[str, str], encoding: str,
        expected: tuple[int, int], errors: list[tuple[int, str]]) -> None:
    accepted = start_import(client, name, import_format, marketplace, **params)
    assert accepted["encoding"] == encoding
    job = finished(client, accepted["id"])
    assert (job["state"], job["encoding"], job["created"], job["invalid"]) == ("done", encoding, *expected), job
    assert [(e["row"], e["field"]) for e in job["errors"]] == errors


def test_the_texts_survive_their_encodings(client: Client, tenant: str) -> None:
    finished(client, start_import(client, "feedback_jp_sjis.tsv", "amazon-seller-feedback", "JP",
                                  fulfillment="AFN")["id"])
    finished(client, start_import(client, "feedback_de_cp1252.csv", "amazon-seller-feedback", "DE",
                                  fulfillment="AFN")["id"])
    japanese = client.get("ingest", f"/v1/reviews/{tenant}:JP:seller_feedback:503-1007919-2104729").json()
    german = client.get("ingest", f"/v1/reviews/{tenant}:DE:seller_feedback:302-1015838-2209458").json()
    assert japanese["current"]["body"] == "商品が届きませんでした。連絡もありません。"
    assert german["current"]["body"] == "Verspätet und die Verpackung war beschädigt. Schade für 30 €."
    assert german["current"]["created_at"].startswith("2026-11-26")


@pytest.mark.parametrize(("body", "import_format", "params", "field"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "amazon-seller-feedback", {"fulfillment": "MFN"}, "file"),
    (b"", "reviews-jsonl", {}, "file"),
    ((FIXTURES / "returns_us.tsv").read_bytes(), "amazon-seller-feedback", {"fulfillment": "MFN"}, "header"),
    ((FIXTURES / "feedback_us.tsv").read_bytes(), "amazon-seller-feedback", {}, "fulfillment"),
    ((FIXTURES / "feedback_us.tsv").read_bytes(), "reviews-jsonl", {}, "file"),
])
def test_a_malformed_file_is_a_problem_naming_what_is_wrong_and_stores_nothing(
        services: Stack, client: Client, tenant: str, body: bytes, import_format: str, params: dict[str, str],
        field: str) -> None:
    response = client.post("ingest", "/v1/imports", content=body,
                           params={"format": import_format, "marketplace": "US", **params})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert run_sync(rows_mentioning(services.database_url, tenant)) == {}


def test_a_file_over_50_mb_is_413(client: Client) -> None:
    response = client.post("ingest", "/v1/imports", content=b"a" * (50 * 1024 * 1024 + 1),
                           params={"format": "reviews-jsonl", "marketplace": "US"})
    assert response.status_code == 413, response.text
    # The same body limit as before everywhere else: 5 MB.
    assert client.post("ingest", "/v1/reviews:batch", content=b"a" * (5 * 1024 * 1024 + 1),
                       headers={"Content-Type": "application/json"}).status_code == 413


def test_an_import_needs_reviews_write_and_a_job_is_seen_by_its_tenant_only(services: Stack, client: Client) -> None:
    reader = Client(services, make_key(services, [unique("tenant-")], scopes=("reviews:read",)))
    refused = reader.post("ingest", "/v1/imports", content=b"x", params={"format": "reviews-jsonl", "marketplace": "US"})
    assert refused.status_code == 403
    job = start_import(client, "reviews.jsonl", "reviews-jsonl", "US")
    assert reader.get("ingest", f"/v1/imports/{job['id']}").status_code == 404


def test_the_command_line_imports_the_same_way(services: Stack, client: Client, tenant: str) -> None:
    command = [sys.executable, "-m", "reviewops.ingest", "import", "--tenant", tenant, "--format",
               "amazon-seller-feedback", "--marketplace", "US", "--fulfillment", "AFN",
               str(FIXTURES / "feedback_us.tsv")]
    environment = {**os.environ, "DATABASE_URL": services.database_url}
    ran = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 0, ran.stderr
    job = json.loads(ran.stdout)
    assert (job["state"], job["created"], job["invalid"], job["errors"][0]["row"]) == ("done", 19, 1, 9)
    assert client.get("ingest", f"/v1/imports/{job['id']}").json()["created"] == 19
    assert "example.com" not in ran.stdout + ran.stderr
    refused = subprocess.run([*command[:-1], str(Path(FIXTURES / "returns_us.tsv"))], env=environment,
                             capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode == 2 and json.loads(refused.stdout)["field"] == "header"


def positive_feedback_report(rows: int) -> bytes:
    """Rows rated 5 (no drafts, so the stack is not kept busy after the test), order ids 3-7-7."""
    lines = ["Date\tRating\tComments\tResponse\tOrder ID\tRater Email"]
    lines += [f"11/20/26\t5\tGreat seller, number {n}.\t\t115-{n:07d}-{n * 7 % 10**7:07d}\tr{n}@example.com"
              for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_ingest_killed_mid_import_marks_the_job_failed_at_restart_and_a_rerun_doubles_nothing(
        services: Stack, client: Client) -> None:
    report = positive_feedback_report(10_000)
    params = {"format": "amazon-seller-feedback", "marketplace": "US", "fulfillment": "AFN"}
    job_id = client.post("ingest", "/v1/imports", content=report, params=params).json()["id"]

    def in_progress() -> dict[str, Any] | None:
        job = client.get("ingest", f"/v1/imports/{job_id}").json()
        if job["state"] != "running":
            pytest.fail(f"the import ended before the kill: {job['state']}")
        return job if job["rows"] > 0 else None

    wait_until(in_progress, timeout=60, interval=0.02)
    kill_service(services.service("ingest"))
    start_services(services, ("ingest",))
    cut = client.get("ingest", f"/v1/imports/{job_id}").json()
    assert cut["state"] == "failed" and "restarted" in cut["problem"], cut
    assert 0 < cut["created"] < 10_000

    again = finished(client, client.post("ingest", "/v1/imports", content=report, params=params).json()["id"])
    assert again["state"] == "done"
    assert (again["duplicate"], again["created"] + again["duplicate"]) == (cut["created"], 10_000)

