"""The trained second opinion: where it reports, where it may not, and the artifact that ships."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from reviewops.common.text.spans import Match
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import MODEL_RULES, NoSecondOpinion, sentence_spans, shipped_model
from reviewops.compliance.ml.training import CARD_PATH, MODEL_PATH, SERVICE, TRAINING_FILES, choose_thresholds, fit

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = {"buyer_language": "en", "opted_out": False, "order_completed_at": "2099-01-01T00:00:00Z"}


class FixedOpinion:
    """Reports one rule over the first sentence of every text."""

    def __init__(self, rule: str) -> None:
        self.rule = rule

    def violations(self, text: str) -> list[Match]:
        start, end = sentence_spans(text)[0]
        return [Match(self.rule, start, end, text[start:end])]


@pytest.mark.parametrize(("text", "expected"), [
    ("One. Two!  Three?", ["One.", "Two!", "Three?"]),
    ("  leading and trailing  ", ["leading and trailing"]),
    ("第一句。第二句！", ["第一句。", "第二句！"]),
    ("line one\nline two", ["line one", "line two"]),
    ("...", []),
])
def test_sentences_are_code_point_spans_without_surrounding_space(text, expected):
    assert [text[start:end] for start, end in sentence_spans(text)] == expected


def test_a_rule_is_reported_over_the_sentence_that_carries_it():
    examples = {
        "abusive_or_defensive": ["You obviously broke it yourself, learn to read.", "Stop blaming us, you broke it."],
        "divert_negative": ["Message us before you post anything."],
        "fake_or_brushing": ["Our friends will post five reviews."],
        "incentive_for_review": ["A gift card for every review you write."],
        "marketing": ["See our new spring collection."],
        "request_change_or_remove": ["Please delete the review now."],
        "selective_solicitation": ["Only happy buyers should rate us."],
    }
    texts = ["Your order shipped today.", "Sorry for the delay with your parcel."]
    rows = [[0] * len(MODEL_RULES)] * 2
    for rule, phrasings in examples.items():
        texts += phrasings
        rows += [[int(rule == other) for other in MODEL_RULES]] * len(phrasings)
    model = fit(texts * 3, np.array(rows * 3), 10.0, dict.fromkeys(MODEL_RULES, 0.5), "test")
    text = "Thanks for writing to us. You obviously broke it yourself. We ship within a day."
    found = model.violations(text)
    assert [(m.kind, m.text) for m in found] == [("abusive_or_defensive", "You obviously broke it yourself.")]
    assert text[found[0].start:found[0].end] == found[0].text
    assert model.violations("Your order shipped today.") == []


def test_the_second_opinion_blocks_on_customer_channels():
    result = check_message("We hope the parcel arrived. Enjoy it.", "buyer_message", "en", CONTEXT,
                           second_opinion=FixedOpinion("marketing"))
    assert not result.allowed
    assert [(v.rule, v.text) for v in result.violations] == [("marketing", "We hope the parcel arrived.")]


@pytest.mark.parametrize("channel", ["removal_request", "abuse_report"])
def test_reports_to_the_marketplace_are_left_to_the_cues(channel):
    """They quote the buyer's and other people's words; only the cues know what is quoted."""
    result = check_message("The review was written by a competitor.", channel, "en", {"evidence": []},
                           second_opinion=FixedOpinion("fake_or_brushing"))
    assert result.allowed


def test_a_rule_the_cues_named_is_not_named_twice():
    text = "Check out our new collection at www.example-shop.com."
    cues_only = check_message(text, "buyer_message", "en", CONTEXT, second_opinion=NoSecondOpinion())
    assert "marketing" in {v.rule for v in cues_only.violations}
    both = check_message(text, "buyer_message", "en", CONTEXT, second_opinion=FixedOpinion("marketing"))
    assert [v.rule for v in both.violations].count("marketing") == [
        v.rule for v in cues_only.violations].count("marketing")


def test_the_second_opinion_only_adds():
    text = "Please remove your review and we will refund you."
    cues_only = check_message(text, "buyer_message", "en", CONTEXT, second_opinion=NoSecondOpinion())
    shipped = check_message(text, "buyer_message", "en", CONTEXT, second_opinion=shipped_model())
    assert not cues_only.allowed and not shipped.allowed
    assert {v.rule for v in cues_only.violations} <= {v.rule for v in shipped.violations}


def test_thresholds_keep_false_alarms_within_the_budget():
    compliant = np.linspace(0.0, 0.9, 400)  # 400 compliant messages, scores spread out
    violating = np.full(100, 0.95)
    scores = np.tile(np.concatenate([compliant, violating])[:, None], (1, len(MODEL_RULES)))
    messages = ([{"channel": "buyer_message", "expected": {"allowed": True, "rules": []}}] * 400
                + [{"channel": "buyer_message", "expected": {"allowed": False, "rules": list(MODEL_RULES)}}] * 100)
    thresholds = choose_thresholds(scores, messages)
    for column, rule in enumerate(MODEL_RULES):
        alarms = (scores[:400, column] >= thresholds[rule]).sum()
        assert alarms <= 1  # 0.3% of 400
        assert (scores[400:, column] >= thresholds[rule]).all()


def test_the_card_names_the_shipped_artifact_and_its_data():
    card = json.loads(CARD_PATH.read_text())
    assert card["artifact"] == MODEL_PATH.name
    assert card["artifact_sha256"] == hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    assert card["training_files"] == {
        path.relative_to(SERVICE).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in TRAINING_FILES
    }
    assert card["version"] == shipped_model().version


def test_the_test_split_is_never_training_data():
    assert all("test" not in path.name for path in TRAINING_FILES)


def test_the_evaluation_in_docs_is_of_the_shipped_model():
    assert shipped_model().version in (ROOT / "docs" / "compliance-evaluation.md").read_text()
