"""The classifier's core with the shipped model: causes, languages and removal signals
(taxonomy.md, DESIGN.md: Text fields)."""

from __future__ import annotations

import json

import pytest

from reviewops.classifier.domain.classify import Classifier, ReviewText, removal_signals
from reviewops.classifier.domain.learned import CauseModel
from reviewops.classifier.domain.cues import SCORE_THRESHOLD
from reviewops.classifier.training import CARD_PATH, MODEL_PATH


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(CauseModel.load(MODEL_PATH))


def classify(classifier: Classifier, title: str, body: str, language: str | None, rating: int = 2):
    return classifier.classify(ReviewText(title, body, rating, language))

CAUSE_LABELS = {"product_quality", "logistics", "instructions", "expectations", "preference", "seller_service",
                "other"}


@pytest.mark.parametrize(("title", "body", "cause"), [
    ("Broken", "The kettle stopped working after a week.", "product_quality"),
    ("", "Der Wasserkocher ist nach einer Woche kaputt.", "product_quality"),
    ("", "The parcel arrived late and the box was crushed.", "logistics"),
    ("", "The manual is confusing, I could not set up the router.", "instructions"),
    ("", "Much smaller than the photo and overpriced.", "expectations"),
    ("", "I don't like the smell.", "preference"),
    ("", "The seller ignored my messages and the refund never came.", "seller_service"),
    ("", "水壶坏了", "product_quality"),
    ("", "配送が遅れて届かなかった", "logistics"),
])
def test_primary_cause(classifier, title, body, cause):
    result = classify(classifier, title, body, None)
    assert result.primary_cause == cause
    assert result.causes[0].label == cause


@pytest.mark.parametrize("body", ["", "😀😀😀", "12345 678", "\x00\x01\x02"])
def test_nothing_to_read_is_other_with_full_score_and_undetermined_language(classifier, body):
    result = classify(classifier, "", body, None)
    assert result.primary_cause == "other"
    assert [(c.label, c.score) for c in result.causes] == [("other", 1.0)]
    assert (result.language, result.detected_language) == ("und", "und")


@pytest.mark.parametrize("body", [
    "It stopped working after a week, the colour is ugly and delivery was late.",
    "The manual is confusing, the seller was rude, and it broke. Refund please, no response yet.",
    "Kaputt angekommen, Verpackung beschädigt, Lieferung zu spät, Anleitung fehlt.",
])
def test_scores_in_unit_interval_sorted_with_primary_first(classifier, body):
    result = classify(classifier, "", body, None)
    scores = [c.score for c in result.causes]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert all(s >= SCORE_THRESHOLD for s in scores[1:]), "the primary is always reported; the rest above the threshold"
    assert result.primary_cause == result.causes[0].label
    assert len({c.label for c in result.causes}) == len(result.causes)
    assert {c.label for c in result.causes} <= CAUSE_LABELS


def test_a_defect_outweighs_a_dislike_of_the_colour(classifier):
    # taxonomy.md: "stopped working" is primary even when the customer also dislikes the colour
    result = classify(classifier, "", "It stopped working after a week. The colour is awful too.", None)
    assert result.primary_cause == "product_quality"


def test_declared_language_wins_and_detected_is_reported(classifier):
    result = classify(classifier, "", "The kettle broke.", "de")
    assert (result.language, result.detected_language) == ("de", "en")
    undetermined = classify(classifier, "", "👎👎", None)
    assert (undetermined.language, undetermined.detected_language) == ("und", "und")


def test_the_shipped_model_version_is_reported(classifier):
    card = json.loads(CARD_PATH.read_text())
    assert classify(classifier, "", "broke", None).model_version == card["version"]


def spans_are_valid(title: str, body: str, spans) -> None:
    for span in spans:
        source = {"title": title, "body": body}[span.field]
        assert 0 <= span.start < span.end <= len(source)
        assert source[span.start:span.end] == span.text


def test_content_signals_with_fields_and_valid_spans(classifier):
    title = "𠮷 crap"
    body = "𠮷𠮷 It broke. Mail bob@example.com or call 415-555-0100, better buy from www.other-shop.com"
    spans = classify(classifier, title, body, None).removal_signals
    spans_are_valid(title, body, spans)
    found = {(s.signal, s.field, s.text) for s in spans}
    assert ("profanity", "title", "crap") in found
    assert ("personal_info", "body", "bob@example.com") in found
    assert ("personal_info", "body", "415-555-0100") in found
    assert ("promotional", "body", "www.other-shop.com") in found
    title_profanity = next(s for s in spans if s.signal == "profanity")
    assert title_profanity.start == 2


def test_delivery_only_text_carries_fulfillment_only_over_the_whole_body():
    body = "𠮷 The package arrived late and the courier left it outside."
    spans = removal_signals("", body)
    whole = [s for s in spans if s.signal == "fulfillment_only"]
    assert len(whole) == 1
    assert (whole[0].field, whole[0].start, whole[0].end, whole[0].text) == ("body", 0, len(body), body)
    assert not any(s.signal == "product_review_only" for s in spans)


def test_product_only_text_carries_product_review_only():
    body = "Stopped working after two days, cheaply made."
    spans = removal_signals("", body)
    assert [s.signal for s in spans] == ["product_review_only"]
    assert (spans[0].start, spans[0].end) == (0, len(body))


@pytest.mark.parametrize("body", [
    "The package arrived late and it was broken.",  # delivery and product: neither whole-text signal
    "Late delivery and the seller never responded.",
    "Nice weather today.",
])
def test_mixed_or_unrelated_text_has_no_whole_text_signal(body):
    signals = {s.signal for s in removal_signals("", body)}
    assert not signals & {"fulfillment_only", "product_review_only"}


def test_no_whole_text_signal_for_an_empty_body():
    assert removal_signals("Arrived late", "") == []


def test_a_review_mentioning_every_cause_evenly_still_classifies(classifier):
    result = classify(classifier, "", "It broke, came late, no manual, overpriced, odd smell, rude.", None)
    assert result.primary_cause in CAUSE_LABELS - {"other"}


def test_cues_match_whole_words_only(classifier):
    result = classify(classifier, "", "This chocolate is horrible.", None)
    assert result.primary_cause != "logistics"
    assert not any(s.signal == "fulfillment_only" for s in result.removal_signals)
