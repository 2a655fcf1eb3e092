"""Small builders of the v1 payload models, so tests state only what matters to them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reviewops.common.events.payloads import (
    AllowedAction,
    CauseScore,
    Classification,
    ReviewGated,
    ReviewSnapshot,
    RuleSpan,
    SignalSpan,
    Verdict,
)

CREATED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ORDER_ID = "111-1234567-1234567"
ASIN = "B0EXAMPLE1"


def review(kind: str = "product_review", **overrides: Any) -> ReviewSnapshot:
    """A negative, live review version; seller feedback gets an order id and fulfilment."""
    external_id = overrides.pop("external_id", ORDER_ID if kind == "seller_feedback" else "R2EXAMPLE0001")
    fields: dict[str, Any] = dict(
        review_key=f"demo:US:{kind}:{external_id}",
        tenant_id="demo",
        marketplace="US",
        kind=kind,
        external_id=external_id,
        version=1,
        content_hash="0" * 64,
        rating=1,
        title="",
        body="The kettle stopped working after a week.",
        created_at=CREATED_AT,
        updated_at=CREATED_AT,
    )
    if kind == "seller_feedback":
        fields.update(order_id=external_id, fulfillment="MFN")
    else:
        fields.update(asin=ASIN)
    fields.update(overrides)
    return ReviewSnapshot(**fields)


def signal(name: str, text: str = "crap", field: str = "body", start: int = 0) -> SignalSpan:
    return SignalSpan(signal=name, field=field, start=start, end=start + len(text), text=text)


def classification(cause: str = "product_quality", language: str = "en", signals: list[SignalSpan] | None = None,
                   **overrides: Any) -> Classification:
    fields: dict[str, Any] = dict(
        model_version="test-0",
        primary_cause=cause,
        causes=[CauseScore(label=cause, score=1.0)],
        language=language,
        detected_language=language,
        removal_signals=signals or [],
    )
    fields.update(overrides)
    return Classification(**fields)


def action(name: str, channel: str | None = None, evidence: list[str] | None = None, **overrides: Any) -> AllowedAction:
    default_channel = {
        "contact_buyer": "buyer_message",
        "public_reply": "public_reply",
        "request_removal": "removal_request",
        "report_abuse": "abuse_report",
        "internal_ticket": "internal_ticket",
        "faq_update": "faq_update",
    }[name]
    spans = [RuleSpan(rule="profanity", field="body", start=0, end=len(quote), text=quote) for quote in evidence or []]
    return AllowedAction(action=name, channel=channel or default_channel, evidence=spans, reason="test", **overrides)


def verdict(*actions: AllowedAction, policy_version: str = "2026.11.1") -> Verdict:
    return Verdict(policy_version=policy_version, actions=list(actions))


def gated(review_: ReviewSnapshot | None = None, classification_: Classification | None = None,
          verdict_: Verdict | None = None) -> ReviewGated:
    return ReviewGated(
        review=review_ or review(),
        classification=classification_ or classification(),
        verdict=verdict_ or verdict(action("contact_buyer"), action("internal_ticket")),
    )
