"""What drafts a gated review gets, in which language, priority and due time. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from reviewops.common.events.payloads import AllowedAction, ReviewGated, ReviewSnapshot
from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.responder.domain.lifecycle import TASK_CHANNELS
from reviewops.responder.domain.templates import TemplateBook

RESPONSE_TARGET = timedelta(hours=24)
NEGATIVE_RATING = 3
# Lower is more urgent: one-star reviews first; a defect or a lost parcel before a matter of taste.
_CAUSE_URGENCY = {"product_quality": 0, "logistics": 0, "seller_service": 0, "instructions": 1,
                  "expectations": 1, "preference": 2, "other": 2}


@dataclass(frozen=True)
class DraftPlan:
    channel: str
    text: str | None
    language: str
    cause: str
    priority: int
    due_at: datetime
    action: AllowedAction
    evidence: list[str] = field(default_factory=list)

    @property
    def needs_check(self) -> bool:
        return self.channel not in TASK_CHANNELS


def priority_bucket(rating: int, cause: str) -> int:
    """Fixed when the draft is made: rating first, then how urgent the cause is."""
    return (rating - 1) * 3 + _CAUSE_URGENCY.get(cause, 2)


def wants_drafts(gated: ReviewGated) -> bool:
    return not gated.review.deleted and gated.review.rating <= NEGATIVE_RATING


def plan_drafts(gated: ReviewGated, templates: TemplateBook) -> list[DraftPlan]:
    """One queue item per allowed action; no text drafts outside the supported languages."""
    if not wants_drafts(gated):
        return []
    review, classification = gated.review, gated.classification
    language = classification.language
    cause = classification.primary_cause
    priority = priority_bucket(review.rating, cause)
    due_at = review.created_at + RESPONSE_TARGET
    supported = language in SUPPORTED_LANGUAGES
    plans = []
    for action in gated.verdict.actions:
        if not supported and action.channel != "internal_ticket":
            continue  # DESIGN.md: a review in another language gets only an internal ticket
        if action.channel in TASK_CHANNELS:
            text = None
        else:
            text = templates.render(action.channel, language, cause, review, action)
        plans.append(
            DraftPlan(
                channel=action.channel,
                text=text,
                language=language,
                cause=cause,
                priority=priority,
                due_at=due_at,
                action=action,
                evidence=[span.text for span in action.evidence],
            )
        )
    if not supported and not any(plan.channel == "internal_ticket" for plan in plans):
        ticket = AllowedAction(action="internal_ticket", channel="internal_ticket",
                               reason=f"The review's language {language!r} gets no text drafts.")
        plans.append(DraftPlan("internal_ticket", None, language, cause, priority, due_at, ticket))
    return plans


def check_context(review: ReviewSnapshot, language: str, evidence: list[str]) -> dict[str, object]:
    """What compliance needs to judge a draft for this review (policy.md: the context a check may carry)."""
    context: dict[str, object] = {
        "review_kind": review.kind,
        "rating": review.rating,
        "buyer_language": language,
        "resolved": False,
    }
    if evidence:
        context["evidence"] = evidence
    if review.order_completed_at is not None:
        context["order_completed_at"] = review.order_completed_at.isoformat()
    return context


def state_after_check(allowed: bool) -> str:
    return "ready" if allowed else "blocked"
