"""A cause corrected in the console flows to new drafts (DESIGN.md: Cause corrections): the agent picks
another cause in the draft view's select; the console sends PUT /v1/classifications/{review_key} to
the responder's relay at once; the classifier publishes the review again with a higher revision, and
the open drafts of the old cause are superseded by drafts for the new one."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from reviewops.devstack.stack import Stack
from tests.e2e.conftest import Client, review, settled, wait_until
from tests.support.stack import make_key

pytestmark = pytest.mark.e2e


def test_a_cause_corrected_in_the_console_supersedes_the_drafts_with_new_ones(
    page: Page, services: Stack, tenant: str
) -> None:
    key = make_key(services, [tenant])
    client = Client(services, key)
    review_key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    before = wait_until(lambda: (lambda xs: xs if settled(xs) else [])(
        [i for i in client.queue() if i["review_key"] == review_key]))
    message = next(i for i in before if i["channel"] == "buyer_message")
    assert message["cause"] == "product_quality"

    page.goto(services.profile.url("responder") + "/console")
    page.get_by_test_id("api-key").fill(key)
    page.get_by_test_id("api-key").press("Enter")
    page.locator(f'[data-testid="queue-row"][data-draft-id="{message["id"]}"]').click()
    select = page.get_by_test_id("action-correct-cause")
    expect(select).to_have_value("product_quality")
    with page.expect_response(lambda r: r.request.method == "PUT" and "/v1/classifications/" in r.url) as answer:
        select.select_option("logistics")
    sent = answer.value.request
    assert sent.url.endswith("/v1/classifications/" + quote(review_key, safe=""))
    assert sent.post_data_json == {"primary_cause": "logistics"}
    assert answer.value.status == 200, f"the relay answered {answer.value.status}: {answer.value.text()}"
    expect(page.locator("#status")).to_contain_text("Cause set to logistics")

    def corrected() -> list[dict]:
        items = [i for i in client.queue() if i["review_key"] == review_key]
        fresh = [i for i in items if i["state"] != "superseded" and i["cause"] == "logistics"]
        return items if fresh and settled(fresh) else []

    items = wait_until(corrected, timeout=60)
    old = {i["id"]: i["state"] for i in items if i["id"] in {b["id"] for b in before}}
    assert set(old.values()) == {"superseded"}, old
    assert {i["channel"] for i in items if i["cause"] == "logistics"} >= {"buyer_message"}
