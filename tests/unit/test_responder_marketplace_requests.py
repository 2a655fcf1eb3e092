"""Removal requests and abuse reports, written for the marketplace's seller support (issue 15, policy.md)."""

from __future__ import annotations

import pytest

from reviewops.common.events.payloads import AllowedAction, AspectSpan, RuleSpan
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import shipped_model
from reviewops.responder.domain.drafts import check_context, plan_drafts
from reviewops.responder.domain.marketplace_requests import ABUSE_GUIDELINES, REMOVAL_CRITERIA
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import TemplateBook

from tests.support.factories import action, classification, gated, review, verdict

BOOK = TemplateBook.defaults()
INTERNAL_IDS = ("profanity", "personal_info", "product_review_only", "fulfillment_only",
                "seller_or_shipping_feedback", "profanity_or_harassment", "private_information")


def request(kind: str, name: str, spans: list[RuleSpan], body: str, settings: TenantSettings = TenantSettings(),
            **fields) -> str | None:
    snapshot = review(kind, body=body, **({"fulfillment": "AFN"} if kind == "seller_feedback" else {}), **fields)
    wanted = (AllowedAction(action="request_removal", channel="removal_request", criterion=name, evidence=spans,
                            reason="test") if kind == "seller_feedback" else
              AllowedAction(action="report_abuse", channel="abuse_report", guideline=name, evidence=spans,
                            reason="test"))
    plans = [plan for plan in plan_drafts(gated(snapshot, classification(), verdict(wanted)), BOOK, settings)
             if plan.channel == wanted.channel]
    return plans[0].text if plans else None


def span(rule: str, body: str, quote: str, field: str = "body") -> RuleSpan:
    start = body.index(quote)
    return RuleSpan(rule=rule, field=field, start=start, end=start + len(quote), text=quote)


@pytest.mark.parametrize("criterion", list(REMOVAL_CRITERIA))
def test_a_removal_request_states_its_one_criterion_in_plain_words_with_policy_and_located_evidence(criterion):
    body = "Arrived late, what a shit service, call Bob on 415-555-0100"
    quote = {"profanity": "shit", "personal_info": "415-555-0100"}.get(criterion, body)
    text = request("seller_feedback", criterion, [span(criterion, body, quote)], body)
    plain, policy = REMOVAL_CRITERIA[criterion]
    assert plain in text and policy in text
    assert f'"{quote}"' in text
    where = "in full" if quote == body else f"characters {body.index(quote) + 1} to {body.index(quote) + len(quote)}"
    assert where in text
    assert review("seller_feedback").order_id in text
    assert not any(other in text for other in INTERNAL_IDS), "no internal ids, only plain words"
    others = [plain_other for name, (plain_other, _) in REMOVAL_CRITERIA.items() if name != criterion]
    assert not any(other in text for other in others), "one request argues one criterion"
    assert ("strike through" in text) is (criterion == "fulfillment_only")


@pytest.mark.parametrize("guideline", list(ABUSE_GUIDELINES))
def test_an_abuse_report_names_the_review_its_guideline_and_every_quote_with_its_place(guideline):
    body = "Visit www.other-shop.com, this is crap, the seller shipped late."
    quotes = ["www.other-shop.com", "crap"]
    text = request("product_review", guideline, [span(guideline, body, quote) for quote in quotes], body)
    plain, policy = ABUSE_GUIDELINES[guideline]
    assert plain in text and policy in text
    assert "B0EXAMPLE1" in text and "R2EXAMPLE0001" in text
    assert 'characters 7 to 24: "www.other-shop.com"' in text and 'characters 35 to 38: "crap"' in text
    assert not any(other in text for other in INTERNAL_IDS)


def test_a_quote_in_the_title_says_so():
    text = request("product_review", "links", [span("links", "see www.x.com", "www.x.com", "title")], "Fine.",
                   title="see www.x.com")
    assert 'in the title of the review, characters 5 to 13: "www.x.com"' in text


@pytest.mark.parametrize("kind", ["seller_feedback", "product_review"])
def test_nothing_is_filed_without_evidence(kind):
    name = "profanity" if kind == "seller_feedback" else "profanity_or_harassment"
    assert request(kind, name, [], "Bad.") is None
    assert request(kind, name, [RuleSpan(rule=name, field="body", start=0, end=0, text=" ")], "Bad.") is None


def test_a_request_is_signed_for_the_tenant():
    body = "shit"
    signed = request("seller_feedback", "profanity", [span("profanity", body, body)], body,
                     TenantSettings(brand_name="Acme"))
    assert signed.endswith("The Acme team")
    assert request("seller_feedback", "profanity", [span("profanity", body, body)], body,
                   TenantSettings(signatures={"en": "Mia Chen, Acme"})).endswith("Mia Chen, Acme")
    assert request("seller_feedback", "profanity", [span("profanity", body, body)], body).endswith(
        "The seller support team")


def test_the_gate_still_makes_one_request_per_review_and_the_drafts_keep_it():
    item = gated(review("seller_feedback", fulfillment="AFN"), classification(),
                 verdict(action("request_removal", criterion="profanity", evidence=["crap"]), action("internal_ticket")))
    assert [plan.channel for plan in plan_drafts(item, BOOK)] == ["removal_request", "internal_ticket"]


def test_a_whole_comment_about_delivery_is_shown_by_what_it_raises_each_quoted_where_it_is_said():
    body = "Arrived four days late and the box was crushed."
    spans = [AspectSpan(aspect="late", cause="logistics", field="body", start=8, end=23, text=body[8:23]),
             AspectSpan(aspect="damaged_in_transit", cause="logistics", field="body", start=28, end=47,
                        text=body[28:47]),
             AspectSpan(aspect="colour", cause="preference", field="body", start=0, end=7, text=body[:7])]
    snapshot = review("seller_feedback", fulfillment="AFN", body=body)
    wanted = AllowedAction(action="request_removal", channel="removal_request", criterion="fulfillment_only",
                           evidence=[RuleSpan(rule="fulfillment_only", field="body", start=0, end=len(body),
                                              text=body)], reason="test")
    item = gated(snapshot, classification("logistics", aspects=spans), verdict(wanted))
    [plan] = plan_drafts(item, BOOK)
    assert "- late delivery, in the text of the comment, characters 9 to 23:" in plan.text
    assert f'- damage in transit, in the text of the comment, characters 29 to 47: "{body[28:47]}"' in plan.text
    assert "colour" not in plan.text, "only what shows the criterion"
    result = check_message(plan.text, "removal_request", "en", check_context(snapshot, "en", plan.evidence),
                           second_opinion=shipped_model())
    assert result.allowed, result.violations


def test_a_request_on_words_alone_lists_no_aspects():
    body = "What a shit seller, arrived late"
    spans = [AspectSpan(aspect="late", cause="logistics", field="body", start=20, end=32, text=body[20:32])]
    snapshot = review("seller_feedback", body=body)
    item = gated(snapshot, classification("logistics", aspects=spans),
                 verdict(action("request_removal", criterion="profanity", evidence=["shit"])))
    [plan] = plan_drafts(item, BOOK)
    assert "What it raises" not in plan.text
