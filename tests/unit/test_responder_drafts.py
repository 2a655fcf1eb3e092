"""plan_drafts, priority, due time and the check context (DESIGN.md: Draft; Responder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reviewops.common.text.language import detect_language
from reviewops.responder.domain.drafts import (
    check_context,
    plan_drafts,
    priority_bucket,
    state_after_check,
    wants_drafts,
)
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import TemplateBook

from tests.support.factories import CREATED_AT, action, classification, gated, review, verdict

BOOK = TemplateBook.defaults()
ACME = TenantSettings(brand_name="Acme")
CAUSES = ["product_quality", "logistics", "instructions", "expectations", "preference", "seller_service", "other"]
ALL_ACTIONS = verdict(action("contact_buyer"), action("public_reply"),
                      action("request_removal", criterion="profanity", evidence=["crap"]),
                      action("internal_ticket"), action("faq_update"))


@pytest.mark.parametrize("change", [{"rating": 4}, {"rating": 5}, {"deleted": True}])
def test_no_drafts_for_positive_or_deleted_reviews(change):
    item = gated(review("seller_feedback", **change), verdict_=ALL_ACTIONS)
    assert not wants_drafts(item)
    assert plan_drafts(item, BOOK) == []


@pytest.mark.parametrize("rating", [1, 2, 3])
def test_one_plan_per_action_with_text_only_for_text_channels(rating):
    item = gated(review("seller_feedback", rating=rating), classification("instructions"), ALL_ACTIONS)
    plans = plan_drafts(item, BOOK, ACME)
    assert [p.channel for p in plans] == ["buyer_message", "public_reply", "removal_request", "internal_ticket",
                                          "faq_update"]
    for plan in plans:
        assert plan.language == "en"
        assert plan.cause == "instructions"
        assert plan.needs_check is (plan.channel not in ("internal_ticket", "faq_update"))
        assert (plan.text is None) is (not plan.needs_check)
    texts = {p.channel: p.text for p in plans}
    assert "Acme" in texts["buyer_message"] and "Acme" in texts["public_reply"]
    assert "{{" not in texts["buyer_message"] and "{{" not in texts["public_reply"]
    removal = next(p for p in plans if p.channel == "removal_request")
    assert removal.evidence == ["crap"]
    assert '"crap"' in removal.text and "profane" in removal.text and "111-1234567-1234567" in removal.text


@pytest.mark.parametrize("language", ["ko", "pt", "und"])
def test_unsupported_language_gets_no_text_drafts_only_an_internal_ticket(language):
    item = gated(review("seller_feedback"), classification(language=language), ALL_ACTIONS)
    plans = plan_drafts(item, BOOK)
    assert [(p.channel, p.text) for p in plans] == [("internal_ticket", None)]


def test_unsupported_language_adds_a_ticket_when_the_verdict_has_none():
    item = gated(review("seller_feedback"), classification(language="ko"), verdict(action("contact_buyer")))
    plans = plan_drafts(item, BOOK)
    assert [(p.channel, p.text, p.language) for p in plans] == [("internal_ticket", None, "ko")]
    assert "ko" in plans[0].action.reason


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "zh", "ja"])
def test_supported_languages_get_text_in_their_language(language):
    item = gated(review("seller_feedback"), classification("logistics", language=language),
                 verdict(action("contact_buyer"), action("internal_ticket")))
    plans = plan_drafts(item, BOOK)
    assert plans[0].text == BOOK.compose("buyer_message", language, item.review, item.classification, TenantSettings())
    assert detect_language(plans[0].text) == language


def test_due_at_is_24_hours_after_the_review_was_created():
    created = datetime(2026, 11, 20, 23, 45, tzinfo=UTC)
    plans = plan_drafts(gated(review(created_at=created, updated_at=created + timedelta(days=2))), BOOK)
    assert plans and all(p.due_at == created + timedelta(hours=24) for p in plans)


def test_plans_carry_the_priority_bucket():
    plans = plan_drafts(gated(review(rating=2), classification("preference")), BOOK)
    assert {p.priority for p in plans} == {priority_bucket(2, "preference")}


def test_priority_rating_first_then_cause_urgency():
    order = sorted(((r, c) for r in (1, 2, 3) for c in CAUSES), key=lambda rc: priority_bucket(*rc))
    ratings = [r for r, _ in order]
    assert ratings == sorted(ratings)
    for rating in (1, 2, 3):
        assert priority_bucket(rating, "product_quality") < priority_bucket(rating, "instructions") \
            < priority_bucket(rating, "preference")
        assert priority_bucket(rating, "logistics") == priority_bucket(rating, "seller_service") \
            == priority_bucket(rating, "product_quality")
        assert priority_bucket(rating, "other") == priority_bucket(rating, "preference")
        assert priority_bucket(rating, "expectations") == priority_bucket(rating, "instructions")
    assert max(priority_bucket(1, c) for c in CAUSES) < min(priority_bucket(2, c) for c in CAUSES)
    assert priority_bucket(1, "product_quality") == 0


def test_check_context():
    snapshot = review("seller_feedback", order_completed_at=CREATED_AT - timedelta(days=2))
    context = check_context(snapshot, "de", ["crap"])
    assert context["review_kind"] == "seller_feedback"
    assert context["buyer_language"] == "de"
    assert context["rating"] == 1
    assert context["resolved"] is False
    assert context["evidence"] == ["crap"]
    assert datetime.fromisoformat(context["order_completed_at"]) == CREATED_AT - timedelta(days=2)


def test_check_context_leaves_out_what_is_unknown():
    context = check_context(review("product_review"), "en", [])
    assert "evidence" not in context and "order_completed_at" not in context


def test_state_after_check():
    assert (state_after_check(True), state_after_check(False)) == ("ready", "blocked")
