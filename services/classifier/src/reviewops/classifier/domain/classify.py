"""Classify reviews: causes from the trained model, languages, and removal signals. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewops.classifier.domain.learned import LABELS, CauseModel
from reviewops.classifier.domain.cues import SCORE_THRESHOLD, cue_hits
from reviewops.common.events.payloads import CauseScore, Classification, SignalSpan
from reviewops.common.text.detectors import find_emails, find_links, find_phones, find_profanity
from reviewops.common.text.language import UNDETERMINED, detect_language, effective_language

_PRODUCT_CAUSES = ("product_quality", "instructions", "expectations", "preference")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ReviewText:
    title: str
    body: str
    rating: int | None = None
    language: str | None = None  # declared


def removal_signals(title: str, body: str) -> list[SignalSpan]:
    """Content signals policy.md lists; whole-text signals span the whole body."""
    spans: list[SignalSpan] = []
    for field, text in (("title", title), ("body", body)):
        emails = find_emails(text)
        for kind, matches in (("profanity", find_profanity(text)), ("personal_info", emails + find_phones(text)),
                              ("promotional", find_links(text, emails))):
            spans += [SignalSpan(signal=kind, field=field, start=m.start, end=m.end, text=m.text) for m in matches]
    hits = cue_hits(f"{title}\n{body}")
    logistics = hits["logistics"]
    product = sum(hits[cause] for cause in _PRODUCT_CAUSES)
    if body and logistics and not product and not hits["seller_service"]:
        spans.append(SignalSpan(signal="fulfillment_only", field="body", start=0, end=len(body), text=body))
    if body and product and not logistics and not hits["seller_service"]:
        spans.append(SignalSpan(signal="product_review_only", field="body", start=0, end=len(body), text=body))
    return spans


class Classifier:
    """Classifies reviews with a loaded cause model; the model is loaded once, by the bootstrap."""

    def __init__(self, model: CauseModel) -> None:
        self.model = model

    def classify_many(self, reviews: Sequence[ReviewText]) -> list[Classification]:
        """Batch form: one model call for all reviews that have words to read."""
        readable = [i for i, r in enumerate(reviews) if _LETTER.search(f"{r.title}{r.body}")]
        probabilities = (
            self.model.probabilities([(reviews[i].title, reviews[i].body, reviews[i].rating) for i in readable])
            if readable else []
        )
        by_index = dict(zip(readable, probabilities, strict=True))
        return [self._classification(review, by_index.get(index)) for index, review in enumerate(reviews)]

    def classify(self, review: ReviewText) -> Classification:
        return self.classify_many([review])[0]

    def _classification(self, review: ReviewText, probabilities: object) -> Classification:
        if probabilities is None:
            # Nothing to read (empty, digits, emoji, binary junk): a clear 'other', never a guess.
            causes = [CauseScore(label="other", score=1.0)]
            detected = UNDETERMINED
        else:
            ranked = sorted(zip(LABELS, probabilities, strict=True), key=lambda pair: -pair[1])
            causes = [CauseScore(label=ranked[0][0], score=round(float(ranked[0][1]), 4))]
            causes += [CauseScore(label=label, score=round(float(p), 4)) for label, p in ranked[1:]
                       if p >= SCORE_THRESHOLD]
            detected = detect_language(f"{review.title}\n{review.body}".strip())
        return Classification(
            model_version=self.model.version,
            primary_cause=causes[0].label,
            causes=causes,
            language=effective_language(review.language, detected),
            detected_language=detected,
            removal_signals=removal_signals(review.title, review.body),
        )
