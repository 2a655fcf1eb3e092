"""Classify reviews: causes and confidence from the cause model, languages, removal signals, and the
aspects and facts the review states (domain/aspects.py).

Pure: the model comes in through the `CauseScorer` protocol (ml/model.py's CauseModel in the
service; anything with the same shape in tests).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reviewops.classifier.domain.aspects import find_aspects
from reviewops.classifier.domain.cues import SCORE_THRESHOLD, cue_hits
from reviewops.classifier.ml.model import LABELS, ModelInput, Scores, Settings
from reviewops.common.events.payloads import CauseScore, Classification, SignalSpan
from reviewops.common.text.detectors import find_emails, find_links, find_phones, find_profanity
from reviewops.common.text.language import UNDETERMINED, detect_language, effective_language

_PRODUCT_CAUSES = ("product_quality", "instructions", "expectations", "preference")
_LETTER = re.compile(r"[^\W\d_]")


class CauseScorer(Protocol):
    version: str
    settings: Settings

    def scores(self, items: Sequence[ModelInput]) -> Scores: ...


@dataclass(frozen=True)
class ReviewText:
    title: str
    body: str
    rating: int | None = None
    language: str | None = None  # declared
    kind: str = "product_review"


def content_signals(title: str, body: str) -> list[SignalSpan]:
    """The detector signals policy.md lists, with their spans: profanity, personal data, links."""
    spans: list[SignalSpan] = []
    for field, text in (("title", title), ("body", body)):
        emails = find_emails(text)
        for kind, matches in (("profanity", find_profanity(text)), ("personal_info", emails + find_phones(text)),
                              ("promotional", find_links(text, emails))):
            spans += [SignalSpan(signal=kind, field=field, start=m.start, end=m.end, text=m.text) for m in matches]
    return spans


def is_product_review_only(title: str, body: str) -> bool:
    """Seller feedback that is wholly a product review: product cues and no delivery or service cue."""
    hits = cue_hits(f"{title}\n{body}")
    product = sum(hits[cause] for cause in _PRODUCT_CAUSES)
    return bool(body) and bool(product) and not hits["logistics"] and not hits["seller_service"]


def whole_body(signal: str, body: str) -> SignalSpan:
    return SignalSpan(signal=signal, field="body", start=0, end=len(body), text=body)


class Classifier:
    """Classifies reviews with a loaded cause model; the model is loaded once, by the bootstrap."""

    def __init__(self, model: CauseScorer) -> None:
        self.model = model

    def classify_many(self, reviews: Sequence[ReviewText]) -> list[Classification]:
        """Batch form: one model call for all reviews that have words to read."""
        readable = [i for i, r in enumerate(reviews) if _LETTER.search(f"{r.title}{r.body}")]
        scores = self.model.scores([ModelInput(reviews[i].title, reviews[i].body, reviews[i].rating) for i in readable])
        rows = {index: row for row, index in enumerate(readable)}
        return [self._classification(review, scores, rows.get(index)) for index, review in enumerate(reviews)]

    def classify(self, review: ReviewText) -> Classification:
        return self.classify_many([review])[0]

    def _classification(self, review: ReviewText, scores: Scores, row: int | None) -> Classification:
        signals = content_signals(review.title, review.body)
        if row is None:
            # Nothing to read (empty, digits, emoji, binary junk): a clear 'other', never a guess.
            return Classification(
                model_version=self.model.version, primary_cause="other", causes=[CauseScore(label="other", score=1.0)],
                language=effective_language(review.language, UNDETERMINED), detected_language=UNDETERMINED,
                removal_signals=signals, needs_review=False,
            )
        probabilities = scores.probabilities[row]
        ranked = sorted(zip(LABELS, probabilities, strict=True), key=lambda pair: -pair[1])
        causes = [CauseScore(label=ranked[0][0], score=round(float(ranked[0][1]), 4))]
        causes += [CauseScore(label=label, score=round(float(p), 4)) for label, p in ranked[1:] if p >= SCORE_THRESHOLD]
        thresholds = self.model.settings.signal_thresholds
        if review.body and scores.signals["fulfillment_only"][row] >= thresholds["fulfillment_only"]:
            signals.append(whole_body("fulfillment_only", review.body))
        if review.kind == "seller_feedback" and is_product_review_only(review.title, review.body):
            signals.append(whole_body("product_review_only", review.body))
        detected = detect_language(f"{review.title}\n{review.body}".strip())
        language = effective_language(review.language, detected)
        aspects, facts = find_aspects(review.title, review.body, language, [cause.label for cause in causes])
        return Classification(
            model_version=self.model.version,
            primary_cause=causes[0].label,
            causes=causes,
            language=language,
            detected_language=detected,
            removal_signals=signals,
            needs_review=ranked[0][1] < self.model.settings.review_threshold,
            aspects=aspects,
            facts_given=facts,
        )
