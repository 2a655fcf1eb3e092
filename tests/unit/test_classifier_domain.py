"""The classifier's domain with a stand-in model: causes above the threshold, `needs_review`,
nothing to read, languages, and the removal signals with their spans (taxonomy.md, DESIGN.md:
Text fields). No model file is read here; test_classifier_model.py covers the shipped one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from reviewops.classifier.domain.classify import Classifier, ReviewText, content_signals, is_product_review_only
from reviewops.classifier.domain.cues import SCORE_THRESHOLD
from reviewops.classifier.ml.model import LABELS, ModelInput, Scores, Settings

SETTINGS = Settings(encoder_share=0.5, cue_weight=0.0, temperature=1.0, review_threshold=0.6,
                    signal_thresholds={"fulfillment_only": 0.5})


class FixedScorer:
    """Answers the same distribution and fulfillment_only score for every review."""

    version = "fixed-1"
    settings = SETTINGS

    def __init__(self, distribution: dict[str, float], fulfillment_only: float = 0.0) -> None:
        self.row = np.array([distribution.get(label, 0.0) for label in LABELS])
        self.fulfillment_only = fulfillment_only
        self.calls: list[list[ModelInput]] = []

    def scores(self, items: Sequence[ModelInput]) -> Scores:
        self.calls.append(list(items))
        return Scores(np.tile(self.row, (len(items), 1)), {"fulfillment_only": np.full(len(items), self.fulfillment_only)})


def classify(scorer: FixedScorer, body: str, title: str = "", kind: str = "product_review", language: str | None = None):
    return Classifier(scorer).classify(ReviewText(title, body, 2, language, kind))


def test_the_primary_comes_first_and_others_only_above_the_threshold():
    scorer = FixedScorer({"logistics": 0.5, "product_quality": 0.3, "preference": 0.15, "other": 0.05})
    result = classify(scorer, "It came late and broke.")
    assert result.primary_cause == "logistics"
    assert [(c.label, c.score) for c in result.causes] == [("logistics", 0.5), ("product_quality", 0.3)]
    assert all(c.score >= SCORE_THRESHOLD for c in result.causes[1:])
    assert result.model_version == "fixed-1"


@pytest.mark.parametrize(("top", "flagged"), [(0.59, True), (0.6, False), (0.95, False)])
def test_needs_review_when_the_calibrated_top_score_is_below_the_models_threshold(top, flagged):
    scorer = FixedScorer({"expectations": top, "other": 1 - top})
    assert classify(scorer, "Smaller than it looked.").needs_review is flagged


@pytest.mark.parametrize("body", ["", "😀😀😀", "12345 678", "\x00\x01\x02"])
def test_nothing_to_read_is_a_confident_other_without_a_model_call(body):
    scorer = FixedScorer({"logistics": 1.0})
    result = classify(scorer, body)
    assert [(c.label, c.score) for c in result.causes] == [("other", 1.0)]
    assert (result.language, result.detected_language) == ("und", "und")
    assert result.needs_review is False
    assert scorer.calls == [[]]


def test_one_model_call_for_a_batch_with_unreadable_reviews_in_it():
    scorer = FixedScorer({"preference": 0.9, "other": 0.1})
    results = Classifier(scorer).classify_many([ReviewText("", "Smells odd"), ReviewText("", "👎"),
                                               ReviewText("", "Tastes odd")])
    assert [r.primary_cause for r in results] == ["preference", "other", "preference"]
    assert len(scorer.calls) == 1 and [item.body for item in scorer.calls[0]] == ["Smells odd", "Tastes odd"]


def test_declared_language_wins_and_detected_is_reported():
    result = classify(FixedScorer({"product_quality": 1.0}), "The kettle broke after a week of use.", language="de")
    assert (result.language, result.detected_language) == ("de", "en")


def spans_are_valid(title: str, body: str, spans) -> None:
    for span in spans:
        source = {"title": title, "body": body}[span.field]
        assert 0 <= span.start < span.end <= len(source)
        assert source[span.start:span.end] == span.text


def test_content_signals_with_fields_and_code_point_spans():
    title = "𠮷 shit"
    body = "𠮷𠮷 It broke. Mail bob@example.com or call 415-555-0100, better buy from www.other-shop.com"
    spans = content_signals(title, body)
    spans_are_valid(title, body, spans)
    found = {(s.signal, s.field, s.text) for s in spans}
    assert found == {("profanity", "title", "shit"), ("personal_info", "body", "bob@example.com"),
                     ("personal_info", "body", "415-555-0100"), ("promotional", "body", "www.other-shop.com")}
    assert next(s for s in spans if s.signal == "profanity").start == 2


def test_fulfillment_only_follows_the_models_score_and_spans_the_whole_body():
    body = "𠮷 The package arrived late and the courier left it outside."
    above = classify(FixedScorer({"logistics": 1.0}, fulfillment_only=0.5), body).removal_signals
    whole = [s for s in above if s.signal == "fulfillment_only"]
    assert [(s.field, s.start, s.end, s.text) for s in whole] == [("body", 0, len(body), body)]
    below = classify(FixedScorer({"logistics": 1.0}, fulfillment_only=0.49), body).removal_signals
    assert not any(s.signal == "fulfillment_only" for s in below)


def test_no_whole_text_signal_for_an_empty_body():
    result = classify(FixedScorer({"logistics": 1.0}, fulfillment_only=0.9), "", title="Arrived late")
    assert not any(s.signal == "fulfillment_only" for s in result.removal_signals)


def test_product_review_only_is_reported_for_seller_feedback_only():
    body = "Stopped working after two days, cheaply made."
    scorer = FixedScorer({"product_quality": 1.0})
    feedback = classify(scorer, body, kind="seller_feedback").removal_signals
    assert [(s.signal, s.start, s.end) for s in feedback] == [("product_review_only", 0, len(body))]
    assert classify(scorer, body, kind="product_review").removal_signals == []


@pytest.mark.parametrize("body", [
    "The package arrived late and it was broken.",
    "Late delivery and the seller never responded.",
    "Nice weather today.",
])
def test_mixed_or_unrelated_feedback_is_not_product_review_only(body):
    assert not is_product_review_only("", body)
