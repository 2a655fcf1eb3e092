"""The review-level gate: which actions policy allows for one classified review. Pure."""

from __future__ import annotations

from reviewops.common.events.payloads import (
    AllowedAction,
    Classification,
    ReviewSnapshot,
    RuleSpan,
    SignalSpan,
    Verdict,
)
from reviewops.compliance.domain.catalogue import POLICY_VERSION

NEGATIVE_RATING = 3
# Signal -> seller-feedback removal criterion (policy.md: Removal and strike-through).
_REMOVAL_CRITERIA = ("profanity", "personal_info", "product_review_only")
# Signal -> community guideline for an abuse report on a product review.
_ABUSE_GUIDELINES = {
    "profanity": "profanity_or_harassment",
    "personal_info": "private_information",
    "promotional": "links",
    "fulfillment_only": "seller_or_shipping_feedback",
}


def _evidence(rule: str, spans: list[SignalSpan]) -> list[RuleSpan]:
    return [RuleSpan(rule=rule, field=span.field, start=span.start, end=span.end, text=span.text) for span in spans]


def _signals(classification: Classification, name: str) -> list[SignalSpan]:
    return [span for span in classification.removal_signals if span.signal == name]


def _contradicted_by_answers(review: ReviewSnapshot) -> set[str]:
    """The criteria the rater's own yes/no answers (the feedback report's columns) speak against:
    "Item as Described: No" says the product was at fault, so the comment is not wholly about the
    delivery; "Arrived on Time: No" says the delivery was, so it is not wholly a product review.
    A removal request the rater contradicts would be speculative (policy.md)."""
    answers = review.feedback_answers
    if answers is None:
        return set()
    contradicted = set()
    if answers.item_as_described is False:
        contradicted.add("fulfillment_only")
    if answers.arrived_on_time is False:
        contradicted.add("product_review_only")
    return contradicted


# What the rest of the review raises that a "wholly about ..." criterion cannot stand beside: a
# comment that also blames the product or the seller is not only about the delivery, and one that
# also blames the delivery or the seller is not only a product review.
_NOT_ONLY = {
    "fulfillment_only": frozenset({"product_quality", "instructions", "expectations", "preference", "seller_service"}),
    "product_review_only": frozenset({"logistics", "seller_service"}),
}


def _contradicted_by_the_review(classification: Classification) -> set[str]:
    """The criteria the review's own causes or aspects speak against (any aspect found, sure or not:
    a request on a ground the comment does not wholly carry is speculative, policy.md), and a
    strike-through for delivery where no delivery problem was found with confidence: the signal
    alone fires on comments that merely mention the delivery (three reviewer rounds found about
    four in ten of such requests unfounded, docs/drafts.md)."""
    raised = {cause.label for cause in classification.causes} | {span.cause for span in classification.aspects}
    contradicted = {criterion for criterion, others in _NOT_ONLY.items() if raised & others}
    if not any(span.cause == "logistics" and span.confident for span in classification.aspects):
        contradicted.add("fulfillment_only")
    return contradicted


def gate(review: ReviewSnapshot, classification: Classification) -> Verdict:
    """Actions for a negative, live review; none for a deleted or positive one."""
    if review.deleted or review.rating > NEGATIVE_RATING:
        return Verdict(policy_version=POLICY_VERSION, actions=[])
    cause = classification.primary_cause
    actions: list[AllowedAction] = []
    feedback = review.kind == "seller_feedback"
    if feedback or review.order_id:
        actions.append(AllowedAction(action="contact_buyer", channel="buyer_message",
                                     reason="The order is known: the buyer can be messaged to solve the problem."))
    if feedback:
        actions.append(AllowedAction(action="public_reply", channel="public_reply",
                                     reason="Seller feedback can be answered publicly."))
        matched = [(criterion, _signals(classification, criterion)) for criterion in _REMOVAL_CRITERIA]
        if review.fulfillment == "AFN":
            matched.append(("fulfillment_only", _signals(classification, "fulfillment_only")))
        contradicted = _contradicted_by_answers(review) | _contradicted_by_the_review(classification)
        for criterion, spans in matched:
            if criterion in contradicted:
                continue
            if spans:
                actions.append(AllowedAction(
                    action="request_removal", channel="removal_request", criterion=criterion,
                    evidence=_evidence(criterion, spans),
                    reason=f"Seller feedback meets the removal criterion {criterion!r}.",
                ))
                break
    else:
        for signal, guideline in _ABUSE_GUIDELINES.items():
            spans = _signals(classification, signal)
            if spans:
                actions.append(AllowedAction(
                    action="report_abuse", channel="abuse_report", guideline=guideline,
                    evidence=_evidence(guideline, spans),
                    reason=f"The review breaks the community guideline {guideline!r}.",
                ))
                break
    # Every negative review gets at least this queue item; `other` goes to triage.
    owner = "triage" if cause == "other" else f"the owner of {cause!r}"
    actions.append(AllowedAction(action="internal_ticket", channel="internal_ticket",
                                 reason=f"Route the review to {owner}."))
    if cause == "instructions":
        actions.append(AllowedAction(action="faq_update", channel="faq_update",
                                     reason="A setup question belongs in the FAQ and the manual."))
    return Verdict(policy_version=POLICY_VERSION, actions=actions)
