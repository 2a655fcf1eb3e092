"""The review-level gate: which actions policy allows for one classified review (policy.md)."""

from __future__ import annotations

import pytest

from reviewops.common.events.payloads import AspectSpan, CauseScore
from reviewops.compliance.domain.catalogue import POLICY_VERSION, RULES_BY_ID
from reviewops.compliance.domain.gate import gate

from tests.support.factories import classification, review, signal

CHANNEL_OF = {"contact_buyer": "buyer_message", "public_reply": "public_reply", "request_removal": "removal_request",
              "report_abuse": "abuse_report", "internal_ticket": "internal_ticket", "faq_update": "faq_update"}
CAUSES = ["product_quality", "logistics", "instructions", "expectations", "preference", "seller_service", "other"]


def names(verdict) -> list[str]:
    return [a.action for a in verdict.actions]


@pytest.mark.parametrize("kind", ["product_review", "seller_feedback"])
@pytest.mark.parametrize("snapshot_change", [{"rating": 4}, {"rating": 5}, {"deleted": True}, {"deleted": True,
                                                                                               "rating": 1}])
def test_deleted_or_positive_reviews_get_no_actions(kind, snapshot_change):
    verdict = gate(review(kind, **snapshot_change), classification(signals=[signal("profanity")]))
    assert verdict.actions == []
    assert verdict.policy_version == POLICY_VERSION


@pytest.mark.parametrize("kind", ["product_review", "seller_feedback"])
@pytest.mark.parametrize("rating", [1, 2, 3])
@pytest.mark.parametrize("cause", CAUSES)
def test_every_negative_review_gets_one_internal_ticket(kind, rating, cause):
    verdict = gate(review(kind, rating=rating, order_id=None) if kind == "product_review"
                   else review(kind, rating=rating), classification(cause))
    assert names(verdict).count("internal_ticket") == 1
    assert verdict.policy_version == POLICY_VERSION
    for allowed in verdict.actions:
        assert allowed.channel == CHANNEL_OF[allowed.action]
        assert allowed.reason


def test_other_goes_to_triage():
    ticket = next(a for a in gate(review(), classification("other")).actions if a.action == "internal_ticket")
    assert "triage" in ticket.reason


@pytest.mark.parametrize("cause", CAUSES)
def test_faq_update_only_for_instructions(cause):
    assert ("faq_update" in names(gate(review(), classification(cause)))) is (cause == "instructions")


def test_seller_feedback_gets_a_buyer_message_and_a_public_reply():
    assert names(gate(review("seller_feedback"), classification())) == ["contact_buyer", "public_reply",
                                                                        "internal_ticket"]


@pytest.mark.parametrize("order_id", [None, "111-1234567-1234567"])
def test_product_review_never_gets_a_public_reply_and_contact_needs_an_order(order_id):
    actions = names(gate(review("product_review", order_id=order_id), classification()))
    assert "public_reply" not in actions
    assert "request_removal" not in actions
    assert ("contact_buyer" in actions) is (order_id is not None)


# A delivery problem found with confidence, as the classifier marks it.
LATE = AspectSpan(aspect="late", cause="logistics", field="body", start=21, end=25, text="late")


def test_afn_delivery_only_feedback_gets_a_strike_through_request_with_evidence():
    body = "The package arrived late."
    spans = [signal("fulfillment_only", body)]
    verdict = gate(review("seller_feedback", fulfillment="AFN", body=body),
                   classification("logistics", signals=spans, aspects=[LATE]))
    removal = [a for a in verdict.actions if a.action == "request_removal"]
    assert len(removal) == 1
    assert removal[0].channel == "removal_request"
    assert removal[0].criterion == "fulfillment_only"
    assert [(e.rule, e.field, e.start, e.end, e.text) for e in removal[0].evidence] == [
        ("fulfillment_only", "body", 0, len(body), body)]


@pytest.mark.parametrize(("criterion", "fulfillment", "answers"), [
    ("fulfillment_only", "AFN", {"item_as_described": False}),
    ("product_review_only", "MFN", {"arrived_on_time": False}),
])
def test_a_removal_criterion_the_raters_answers_contradict_is_not_requested(criterion, fulfillment, answers):
    spans = [signal(criterion, "late")]
    cause, aspects = ("logistics", [LATE]) if criterion == "fulfillment_only" else ("product_quality", [])
    answered = review("seller_feedback", fulfillment=fulfillment, feedback_answers=answers)
    assert "request_removal" not in names(gate(answered, classification(cause, signals=spans, aspects=aspects)))
    # The other answer leaves the request alone, as does a report without answers.
    other = {"arrived_on_time": False} if "item_as_described" in answers else {"item_as_described": False}
    for review_version in (review("seller_feedback", fulfillment=fulfillment, feedback_answers=other),
                           review("seller_feedback", fulfillment=fulfillment)):
        assert "request_removal" in names(gate(review_version, classification(cause, signals=spans, aspects=aspects)))


@pytest.mark.parametrize(("criterion", "fulfillment", "cause", "against"), [
    ("fulfillment_only", "AFN", "logistics", AspectSpan(aspect="no_reply", cause="seller_service", field="body",
                                                        start=0, end=4, text="late", confident=False)),
    ("product_review_only", "MFN", "product_quality", AspectSpan(aspect="late", cause="logistics", field="body",
                                                                 start=0, end=4, text="late")),
])
def test_a_removal_criterion_the_rest_of_the_review_speaks_against_is_not_requested(criterion, fulfillment, cause,
                                                                                    against):
    spans = [signal(criterion, "late")]
    aspects = [LATE] if criterion == "fulfillment_only" else []
    feedback = review("seller_feedback", fulfillment=fulfillment)
    assert "request_removal" in names(gate(feedback, classification(cause, signals=spans, aspects=aspects)))
    assert "request_removal" not in names(gate(feedback, classification(cause, signals=spans,
                                                                        aspects=[*aspects, against])))
    other_cause = "seller_service"
    assert "request_removal" not in names(gate(feedback, classification(
        cause, signals=spans, aspects=aspects,
        causes=[CauseScore(label=cause, score=0.6), CauseScore(label=other_cause, score=0.4)])))


def test_a_strike_through_needs_a_delivery_problem_found_with_confidence():
    spans = [signal("fulfillment_only", "Delivered by Amazon.")]
    feedback = review("seller_feedback", fulfillment="AFN")
    unsure = LATE.model_copy(update={"confident": False})
    for aspects in ([], [unsure]):
        assert "request_removal" not in names(gate(feedback, classification("logistics", signals=spans,
                                                                            aspects=aspects)))
    assert "request_removal" in names(gate(feedback, classification("logistics", signals=spans, aspects=[LATE])))


def test_mfn_delivery_only_feedback_gets_no_removal_request():
    verdict = gate(review("seller_feedback", fulfillment="MFN"),
                   classification("logistics", signals=[signal("fulfillment_only", "Arrived late.")]))
    assert "request_removal" not in names(verdict)


@pytest.mark.parametrize("criterion", ["profanity", "personal_info", "product_review_only"])
@pytest.mark.parametrize("fulfillment", ["AFN", "MFN"])
def test_feedback_removal_criteria(criterion, fulfillment):
    spans = [signal(criterion, "x1", start=3), signal(criterion, "y22", start=10)]
    verdict = gate(review("seller_feedback", fulfillment=fulfillment), classification(signals=spans))
    removal = [a for a in verdict.actions if a.action == "request_removal"]
    assert [a.criterion for a in removal] == [criterion]
    assert [(e.rule, e.start, e.end, e.text) for e in removal[0].evidence] == [
        (criterion, 3, 5, "x1"), (criterion, 10, 13, "y22")]
    assert RULES_BY_ID[criterion].kind == "criterion"


def test_one_removal_request_with_the_first_matching_criterion():
    spans = [signal("fulfillment_only", "late"), signal("personal_info", "bob@example.com"), signal("profanity")]
    verdict = gate(review("seller_feedback", fulfillment="AFN"), classification(signals=spans))
    removal = [a for a in verdict.actions if a.action == "request_removal"]
    assert [a.criterion for a in removal] == ["profanity"]


def test_signals_that_are_no_criterion_give_no_removal_request():
    verdict = gate(review("seller_feedback", fulfillment="AFN"), classification(signals=[signal("promotional")]))
    assert "request_removal" not in names(verdict)
    assert "report_abuse" not in names(verdict)


@pytest.mark.parametrize(("signal_name", "guideline"), [
    ("profanity", "profanity_or_harassment"),
    ("personal_info", "private_information"),
    ("promotional", "links"),
    ("fulfillment_only", "seller_or_shipping_feedback"),
])
def test_product_review_abuse_report_with_guideline_and_evidence(signal_name, guideline):
    verdict = gate(review("product_review"), classification(signals=[signal(signal_name, "quoted", start=4)]))
    reports = [a for a in verdict.actions if a.action == "report_abuse"]
    assert [(a.channel, a.guideline) for a in reports] == [("abuse_report", guideline)]
    assert [(e.rule, e.start, e.end, e.text) for e in reports[0].evidence] == [(guideline, 4, 10, "quoted")]
    assert RULES_BY_ID[guideline].kind == "guideline"


def test_product_review_only_is_no_reason_to_report_a_product_review():
    verdict = gate(review("product_review"), classification(signals=[signal("product_review_only", "x")]))
    assert "report_abuse" not in names(verdict)


def test_no_signals_no_removal_or_report():
    for kind in ("product_review", "seller_feedback"):
        actions = names(gate(review(kind, fulfillment="AFN") if kind == "seller_feedback" else review(kind),
                             classification()))
        assert not {"request_removal", "report_abuse"} & set(actions)
