"""Review versions through the whole pipeline: newest wins (invariant 5), withdraw and supersede."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e


def _at(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=48) + timedelta(hours=hours)).isoformat()


def drafts_of(client: Client, key: str) -> list[dict]:
    return [item for item in client.queue() if item["review_key"] == key]


def test_an_edit_that_is_still_negative_supersedes_the_open_drafts_with_new_ones(client: Client) -> None:
    first = review(created_at=_at(0), rating=3)
    key = client.post("ingest", "/v1/reviews", json=first).json()["review_key"]
    old = wait_until(lambda: settled(drafts_of(client, key)) and drafts_of(client, key))
    edited = {**first, "rating": 1, "body": first["body"] + " Now it smokes.", "updated_at": _at(5)}
    assert client.post("ingest", "/v1/reviews", json=edited).json()["result"] == "updated"

    def superseded() -> list:
        items = drafts_of(client, key)
        retired = [i for i in items if i["id"] in {o["id"] for o in old}]
        fresh = [i for i in items if i["id"] not in {o["id"] for o in old}]
        done = retired and all(i["state"] == "superseded" for i in retired) and fresh and settled(fresh)
        return items if done else []

    items = wait_until(superseded)
    fresh = [i for i in items if i["state"] != "superseded"]
    assert {i["channel"] for i in fresh} == {i["channel"] for i in old}
    assert len(items) == 2 * len(old), "exactly one new draft per channel"


@pytest.mark.parametrize("change", [{"rating": 5, "body": "Seller fixed it, works great now."},
                                    {"deleted": True}])
def test_a_review_edited_to_positive_or_deleted_withdraws_its_open_drafts(client: Client, change: dict) -> None:
    first = review(created_at=_at(0))
    key = client.post("ingest", "/v1/reviews", json=first).json()["review_key"]
    old = wait_until(lambda: settled(drafts_of(client, key)) and drafts_of(client, key))
    assert client.post("ingest", "/v1/reviews", json={**first, **change, "updated_at": _at(3)}).status_code == 200
    items = wait_until(lambda: (lambda xs: xs if all(i["state"] == "withdrawn" for i in xs) else [])(
        drafts_of(client, key)))
    assert len(items) == len(old), "no new drafts for a positive or deleted review"


def test_newest_version_wins_whatever_order_the_submissions_arrive_in(client: Client) -> None:
    base = review(created_at=_at(0))
    newer = {**base, "rating": 1, "body": "It caught fire.", "updated_at": _at(10)}
    older = {**base, "rating": 3, "body": "It is a bit loud.", "updated_at": _at(5)}
    key = client.post("ingest", "/v1/reviews", json=newer).json()["review_key"]
    assert client.post("ingest", "/v1/reviews", json=older).json()["result"] == "stale"
    current = client.get("ingest", f"/v1/reviews/{key}").json()
    assert current["current"]["body"] == "It caught fire."
    assert [v["result"] for v in current["history"]] == ["created", "stale"]
    items = wait_until(lambda: settled(drafts_of(client, key)) and drafts_of(client, key))
    assert {i["state"] for i in items} <= {"ready", "blocked"}
    assert all(i["rating"] == 1 for i in items)


def test_two_items_of_one_batch_with_the_same_time_and_different_content_are_conflicts_and_not_stored(
    client: Client,
) -> None:
    first = review(created_at=_at(0), rating=2)
    key = client.post("ingest", "/v1/reviews", json=first).json()["review_key"]
    edited_at = _at(3)
    one = {**first, "rating": 1, "updated_at": edited_at}
    other = {**first, "body": "Different words for the same edit time.", "updated_at": edited_at}
    unrelated = review()
    answered = client.post("ingest", "/v1/reviews:batch", json={"items": [one, unrelated, other]})
    assert answered.status_code == 200
    results = answered.json()["results"]
    assert [r["result"] for r in results] == ["conflict", "created", "conflict"]
    assert results[0]["review_key"] == results[2]["review_key"] == key
    assert [e["field"] for e in results[0]["errors"]] == ["updated_at"]
    stored = client.get("ingest", f"/v1/reviews/{key}").json()
    assert stored["current"]["version"] == 1 and stored["current"]["rating"] == 2, "neither was kept"
    assert [v["result"] for v in stored["history"]] == ["created"]
    # Sent again alone, the right one is an ordinary update.
    assert client.post("ingest", "/v1/reviews", json=one).json()["result"] == "updated"
