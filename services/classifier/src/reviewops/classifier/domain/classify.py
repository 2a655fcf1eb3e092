"""Classify one review: causes, languages and removal signals. Pure."""

from __future__ import annotations

from reviewops.classifier.domain.model import MODEL_VERSION, cue_hits, score_causes
from reviewops.common.events.payloads import CauseScore, Classification, SignalSpan
from reviewops.common.text.detectors import find_emails, find_links, find_phones, find_profanity
from reviewops.common.text.language import detect_language, effective_language

_PRODUCT_CAUSES = ("product_quality", "instructions", "expectations", "preference")


def removal_signals(title: str, body: str) -> list[SignalSpan]:
    """Content signals policy.md lists; whole-text signals span the whole body."""
    spans: list[SignalSpan] = []
    for field, text in (("title", title), ("body", body)):
        for match in find_profanity(text):
            spans.append(SignalSpan(signal="profanity", field=field, start=match.start, end=match.end, text=match.text))
        for match in find_emails(text) + find_phones(text):
            spans.append(
                SignalSpan(signal="personal_info", field=field, start=match.start, end=match.end, text=match.text)
            )
        for match in find_links(text):
            spans.append(SignalSpan(signal="promotional", field=field, start=match.start, end=match.end, text=match.text))
    hits = cue_hits(f"{title}\n{body}")
    logistics = hits["logistics"]
    product = sum(hits[cause] for cause in _PRODUCT_CAUSES)
    if body and logistics and not product and not hits["seller_service"]:
        spans.append(SignalSpan(signal="fulfillment_only", field="body", start=0, end=len(body), text=body))
    if body and product and not logistics and not hits["seller_service"]:
        spans.append(SignalSpan(signal="product_review_only", field="body", start=0, end=len(body), text=body))
    return spans


def classify(title: str, body: str, declared_language: str | None) -> Classification:
    text = f"{title}\n{body}".strip()
    detected = detect_language(text)
    causes = score_causes(text)
    return Classification(
        model_version=MODEL_VERSION,
        primary_cause=causes[0].label,
        causes=[CauseScore(label=vote.label, score=vote.score) for vote in causes],
        language=effective_language(declared_language, detected),
        detected_language=detected,
        removal_signals=removal_signals(title, body),
    )
