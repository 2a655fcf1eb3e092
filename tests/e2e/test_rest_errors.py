"""Bad input gets a clear problem document naming the field, and changes nothing (invariant 4)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Client, review

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": 7}, "rating"),
        ({"marketplace": "usa"}, "marketplace"),
        ({"asin": None}, "asin"),
        ({"external_id": "has space"}, "external_id"),
        ({"created_at": "2026-11-20T10:00:00"}, "created_at"),
        ({"surprise": 1}, "surprise"),
        ({"kind": "seller_feedback", "fulfillment": "AFN"}, "order_id"),
        ({"kind": "seller_feedback", "order_id": "113-0000000-0000001", "external_id": "113-0000000-0000001"},
         "fulfillment"),
        ({"marketplace": "XX"}, "marketplace"),
        ({"order_id": "113-1"}, "order_id"),
        ({"kind": "seller_feedback", "fulfillment": "MFN", "order_id": "ORDER-42", "external_id": "ORDER-42"},
         "order_id"),
        ({"rating": True}, "rating"),
        ({"rating": "5"}, "rating"),
        ({"created_at": "2099-01-01T00:00:00Z"}, "created_at"),
        ({"created_at": "1970-01-01T00:00:00Z", "order_completed_at": None}, "created_at"),
        ({"order_completed_at": "2099-01-01T00:00:00Z"}, "order_completed_at"),
    ],
)
def test_an_invalid_review_is_422_naming_the_field_and_nothing_is_stored(
    client: Client, tenant: str, change: dict, field: str
) -> None:
    submission = {**review(), **change}
    response = client.post("ingest", "/v1/reviews", json=submission)
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422 and response.headers["content-type"] == "application/problem+json"
    assert field in {error["field"] for error in problem["errors"]}
    key = f"{tenant}:{submission['marketplace']}:{submission['kind']}:{submission['external_id']}"
    assert client.get("ingest", f"/v1/reviews/{key}").status_code == 404
    # The same review, corrected, is created: the failed attempt left nothing behind.
    if field in ("rating", "surprise", "created_at"):
        corrected = {k: v for k, v in submission.items() if k != "surprise"}
        corrected.update(rating=2, created_at=review()["created_at"])
        assert client.post("ingest", "/v1/reviews", json=corrected).json()["result"] == "created"


def test_a_batch_answers_invalid_items_in_place_and_stores_the_valid_ones(client: Client) -> None:
    good = review()
    response = client.post("ingest", "/v1/reviews:batch", json={"items": [{"rating": 1}, good, "text"]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2]
    assert [r["result"] for r in results] == ["invalid", "created", "invalid"]
    assert {"marketplace", "body", "created_at"} <= {e["field"] for e in results[0]["errors"]}
    assert client.get("ingest", f"/v1/reviews/{results[1]['review_key']}").status_code == 200


def test_an_empty_batch_is_422_naming_items_and_a_future_item_is_invalid_in_place(client: Client) -> None:
    empty = client.post("ingest", "/v1/reviews:batch", json={"items": []})
    assert empty.status_code == 422
    assert [error["field"] for error in empty.json()["errors"]] == ["items"]
    ahead = client.post("ingest", "/v1/reviews:batch", json={"items": [review(created_at="2099-01-01T00:00:00Z"),
                                                                      review()]})
    assert [(r["result"], [e["field"] for e in r.get("errors") or []]) for r in ahead.json()["results"]] == [
        ("invalid", ["created_at"]), ("created", [])]


def test_a_batch_over_500_items_is_413_and_a_body_that_is_not_a_list_is_422(client: Client) -> None:
    too_many = client.post("ingest", "/v1/reviews:batch", json={"items": [review()] * 501})
    assert too_many.status_code == 413
    assert "500" in too_many.json()["detail"]
    assert client.post("ingest", "/v1/reviews:batch", json={"reviews": []}).status_code == 422
    assert client.post("ingest", "/v1/reviews:batch", content=b"{not json",
                       headers={"content-type": "application/json"}).json()["errors"][0]["field"] == "body"


def test_an_oversized_body_is_413(client: Client) -> None:
    huge = client.post("ingest", "/v1/reviews:batch", content=b"x" * (6 * 1024 * 1024),
                       headers={"content-type": "application/json"})
    assert huge.status_code == 413


def test_a_bad_queue_cursor_is_422_naming_it(client: Client) -> None:
    response = client.get("responder", "/v1/queue", params={"cursor": "garbage"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"
