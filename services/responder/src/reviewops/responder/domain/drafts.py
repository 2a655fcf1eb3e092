"""What drafts a gated review gets, in which language, priority and due time. Pure."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import AllowedAction, DraftChanged, ReviewGated, ReviewSnapshot
from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.responder.domain.checking import CheckOutcome, CheckRequest
from reviewops.responder.domain.lifecycle import TASK_CHANNELS
from reviewops.responder.domain.marketplace_requests import abuse_report, has_evidence, removal_request
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import TemplateBook

RESPONSE_TARGET = timedelta(hours=24)
SNIPPET_LENGTH = 160  # what the queue shows of a review's body, in characters (code points)
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


MARKETPLACE_CHANNELS = ("removal_request", "abuse_report")


def draft_text(channel: str, language: str, gated: ReviewGated, action: AllowedAction, templates: TemplateBook,
               settings: TenantSettings) -> str:
    """The text of a text draft: composed from the review for the buyer, written for seller support
    for the marketplace."""
    review, aspects = gated.review, gated.classification.aspects
    if channel == "removal_request":
        return removal_request(review, action, marketplace_signature(settings), aspects)
    if channel == "abuse_report":
        return abuse_report(review, action, marketplace_signature(settings), aspects)
    return templates.compose(channel, language, review, gated.classification, settings)


def marketplace_signature(settings: TenantSettings) -> str:
    """How a request to seller support is signed: the tenant's English signature, else its brand."""
    return settings.signature_for("en") or (f"The {settings.brand_name} team" if settings.brand_name
                                             else "The seller support team")


def plan_drafts(gated: ReviewGated, templates: TemplateBook,
                settings: TenantSettings | None = None) -> list[DraftPlan]:
    """One queue item per allowed action; no text drafts outside the supported languages, and no
    removal request or abuse report without evidence."""
    settings = settings or TenantSettings()
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
        if action.channel in MARKETPLACE_CHANNELS and not has_evidence(action):
            continue  # policy.md: speculative requests are prohibited
        if action.channel in TASK_CHANNELS:
            text = None
        else:
            text = draft_text(action.channel, language, gated, action, templates, settings)
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


@dataclass(frozen=True)
class NewDraft:
    """A draft about to be stored: one queue item of one review version, classification revision
    and channel."""

    id: uuid.UUID
    tenant_id: str
    review_key: str
    review_version: int
    classification_revision: int
    channel: str
    state: str
    text: str | None
    violations: list[dict[str, Any]]
    unchecked: list[str]
    policy_version: str | None
    evidence: list[str]
    action: dict[str, Any]
    language: str
    cause: str
    marketplace: str
    kind: str
    external_id: str
    asin: str | None
    product_title: str | None
    rating: int
    snippet: str
    review_created_at: datetime
    needs_review: bool
    priority: int
    due_at: datetime
    review: dict[str, Any]
    classification: dict[str, Any]
    trace_id: str | None


@dataclass(frozen=True)
class Draft(NewDraft):
    """A stored draft, as the repository reads it."""

    created_at: datetime
    updated_at: datetime
    assignee: str | None = None


def new_draft(gated: ReviewGated, plan: DraftPlan, outcome: CheckOutcome | None, trace_id: str | None) -> NewDraft:
    """The draft a plan becomes: a task is ready at once, a text draft takes its check's outcome, or
    waits in pending_check when compliance could not be reached."""
    review = gated.review
    if not plan.needs_check:
        state, policy_version, violations, unchecked = "ready", gated.verdict.policy_version, [], []
    elif outcome is None:
        state, policy_version, violations, unchecked = "pending_check", None, [], []
    else:
        state = state_after_check(outcome.allowed)
        policy_version, violations, unchecked = outcome.policy_version, outcome.violations, outcome.unchecked
    return NewDraft(
        id=uuid.uuid4(),
        tenant_id=review.tenant_id,
        review_key=review.review_key,
        review_version=review.version,
        classification_revision=gated.classification.classification_revision,
        channel=plan.channel,
        state=state,
        text=plan.text,
        violations=violations,
        unchecked=unchecked,
        policy_version=policy_version,
        evidence=plan.evidence,
        action=plan.action.model_dump(mode="json"),
        language=plan.language,
        cause=plan.cause,
        marketplace=review.marketplace,
        kind=review.kind,
        external_id=review.external_id,
        asin=review.asin,
        product_title=review.product_title,
        rating=review.rating,
        snippet=review.body[:SNIPPET_LENGTH],
        review_created_at=review.created_at,
        needs_review=gated.classification.needs_review,
        priority=plan.priority,
        due_at=plan.due_at,
        review=review.model_dump(mode="json"),
        classification=gated.classification.model_dump(mode="json"),
        trace_id=trace_id,
    )


CUSTOMER_CHANNELS = ("buyer_message", "public_reply")


def agent_notes(draft: Draft) -> list[dict[str, str]]:
    """What the agent should know before sending this draft; never part of the text the buyer gets."""
    notes = []
    if draft.classification.get("needs_review"):
        notes.append({"code": "needs_review", "message": "The cause of this review is uncertain: check that the "
                      "draft answers what the buyer wrote, and correct the cause if it is wrong."})
    if draft.channel in CUSTOMER_CHANNELS and not draft.classification.get("aspects"):
        notes.append({"code": "no_aspect", "message": "No specific problem was recognised in the review: the "
                      "draft uses the general paragraphs of its cause; name the buyer's problem before sending."})
    return notes


def plan_check_request(review: ReviewSnapshot, plan: DraftPlan) -> CheckRequest:
    """The check of a planned draft's text."""
    return CheckRequest(plan.text or "", plan.channel, plan.language, check_context(review, plan.language, plan.evidence))


def draft_check_request(draft: Draft, text: str | None = None) -> CheckRequest:
    """The check of a stored draft's text (or of a proposed `text` for it), in the draft's context."""
    review = ReviewSnapshot.model_validate(draft.review)
    return CheckRequest(draft.text or "" if text is None else text, draft.channel, draft.language,
                        check_context(review, draft.language, draft.evidence))


def draft_changed(draft: Draft, previous_state: str | None = None, principal: str | None = None) -> DraftChanged:
    """The payload of the draft.* event that announces a draft's new state."""
    return DraftChanged(
        draft_id=draft.id,
        review_key=draft.review_key,
        review_version=draft.review_version,
        channel=draft.channel,
        state=draft.state,
        classification_revision=draft.classification_revision,
        previous_state=previous_state,
        policy_version=draft.policy_version,
        language=draft.language,
        cause=draft.cause,
        principal=principal,
    )


def split_into_waves(events: Sequence[Event[ReviewGated]]) -> list[list[Event[ReviewGated]]]:
    """The events in batch order, split so that no wave has two of one review: each wave is
    applied with a few set-wide statements, and a review's versions still apply one after another."""
    waves: list[list[Event[ReviewGated]]] = []
    seen: dict[str, int] = {}
    for event in events:
        key = event.payload.review.review_key
        index = seen.get(key, 0)
        seen[key] = index + 1
        if index == len(waves):
            waves.append([])
        waves[index].append(event)
    return waves


class Head(NamedTuple):
    """How far the responder has gone with a review: the latest version and classification
    revision it made drafts for, and the primary cause they were made for."""

    version: int
    revision: int = 0
    cause: str | None = None


def position(gated: ReviewGated) -> tuple[int, int]:
    """Where a gated review stands in its history: a newer version, else a higher classification
    revision of the same version (a person corrected the cause), is newer."""
    return gated.review.version, gated.classification.classification_revision


def newer_than_heads(events: Sequence[Event[ReviewGated]], heads: Mapping[str, Head]) -> list[Event[ReviewGated]]:
    """The events newer than the latest version and revision seen; the others are late."""
    def is_newer(event: Event[ReviewGated]) -> bool:
        head = heads.get(event.payload.review.review_key)
        return head is None or (head.version, head.revision) < position(event.payload)

    return [event for event in events if is_newer(event)]


def makes_drafts(gated: ReviewGated, head: Head | None) -> bool:
    """A newer version always gets its drafts; a newer revision of the same version only when the
    person changed the primary cause (a correction that keeps it leaves the queue as it is)."""
    if head is None or head.version < gated.review.version:
        return True
    return head.cause != gated.classification.primary_cause


def retirements(current: Sequence[Event[ReviewGated]], open_drafts: Sequence[Draft],
                heads: Mapping[str, Head]) -> dict[str, list[Draft]]:
    """The open drafts that a newer version or revision retires, by the state they move to:
    superseded when the review still gets drafts, withdrawn when it gets none (deleted, or edited to
    4-5 stars). An older version's drafts all retire; of the same version, an older revision's
    drafts retire when the correction makes drafts of its own (it changed the primary cause), so a
    channel never has two open drafts of one review version."""
    event_of = {event.payload.review.review_key: event for event in current}
    retiring: dict[str, list[Draft]] = {"superseded": [], "withdrawn": []}
    for draft in open_drafts:
        gated = event_of[draft.review_key].payload
        version, revision = position(gated)
        older_version = draft.review_version < version
        replaced_revision = (draft.review_version == version and draft.classification_revision < revision
                             and makes_drafts(gated, heads.get(draft.review_key)))
        if older_version or replaced_revision:
            retiring["superseded" if wants_drafts(gated) else "withdrawn"].append(draft)
    return retiring
