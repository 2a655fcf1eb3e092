"""compliance POST /v1/checks and GET /v1/policies over HTTP, as partners and the console call them."""

from __future__ import annotations

import pytest

from reviewops.devstack.stack import Stack
from tests.support.stack import make_key
from tests.e2e.conftest import Client

pytestmark = pytest.mark.e2e

BRIBE = "We will refund you in full if you remove your one-star review."
FIX = "We are sorry the kettle failed. A replacement is on its way, or we can refund you if you prefer."


@pytest.fixture
def checker(services: Stack, tenant: str) -> Client:
    return Client(services, make_key(services, [tenant], scopes=("checks", "policy:read")))


def test_one_message_is_judged_with_spans_messages_and_the_policy_version(checker: Client) -> None:
    context = {"buyer_language": "en", "review_kind": "product_review"}
    response = checker.post("compliance", "/v1/checks", json={"text": BRIBE, "channel": "buyer_message",
                                                               "context": context})
    assert response.status_code == 200
    result = response.json()
    policy_version = checker.get("compliance", "/v1/policies").json()["policy_version"]
    assert result["allowed"] is False and result["policy_version"] == policy_version
    rules = {v["rule"] for v in result["violations"]}
    assert {"incentive_for_review", "request_change_or_remove"} <= rules
    for violation in result["violations"]:
        assert BRIBE[violation["start"]:violation["end"]] == violation["text"] and violation["message"]
    assert "outside_window" in result["unchecked"], "no order_completed_at: the window cannot be judged"


def test_a_list_is_answered_in_order(checker: Client) -> None:
    items = [{"text": FIX, "channel": "buyer_message", "language": "en"},
             {"text": BRIBE, "channel": "buyer_message", "language": "en"},
             {"text": "안녕하세요, 불편을 드려 죄송합니다.", "channel": "buyer_message"}]
    results = checker.post("compliance", "/v1/checks", json={"items": items}).json()["results"]
    assert [r["allowed"] for r in results] == [True, False, False]
    assert [v["rule"] for v in results[2]["violations"]] == ["unsupported_language"]


def test_an_unknown_channel_is_422_naming_it(checker: Client) -> None:
    response = checker.post("compliance", "/v1/checks", json={"text": "hi", "channel": "fax"})
    assert response.status_code == 422
    assert "channel" in {error["field"] for error in response.json()["errors"]}


def test_the_catalogue_lists_every_rule_with_its_source(checker: Client) -> None:
    catalogue = checker.get("compliance", "/v1/policies").json()
    ids = {rule["id"] for rule in catalogue["rules"]}
    assert {"incentive_for_review", "personal_data_exposure", "too_long", "fulfillment_only",
            "seller_or_shipping_feedback", "unsupported_language"} <= ids
    assert all(rule["source"] and rule["description"] for rule in catalogue["rules"])
