"""The learned aspect and fact heads (ml/aspect_model.py, docs/aspects.md "Learned heads"): how a
fired head combines with the cues (pure, domain/aspects.py), the Classifier passing the cause
model's embeddings to them, the threshold choice of training, and the shipped artifact: it loads,
matches its card, and a broken one is refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from reviewops.classifier.domain.aspects import ASPECTS, FACTS, find_aspects
from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.aspect_model import ASPECT_CARD_PATH, ASPECT_MODEL_PATH, AspectHeads
from reviewops.classifier.ml.aspect_training import MIN_GAIN, choose_threshold
from reviewops.classifier.ml.model import ModelInput, Scores
from reviewops.common.ml.artifacts import load_artifact, save_artifact
from reviewops.common.ml.encoder import DIMENSIONS
from tests.unit.test_classifier_domain import FixedScorer

BODY = "Used it for a month and then nothing. Sent it back for a refund."


def _spans(aspects, facts) -> list[tuple[str, str, int, int]]:
    return [(getattr(s, "aspect", None) or s.fact, s.field, s.start, s.end) for s in [*aspects, *facts]]


# The combination (pure) ------------------------------------------------------------------------

def test_a_learned_aspect_without_a_cue_spans_the_whole_body():
    aspects, _ = find_aspects("Disappointed", "It was gone by March.", "en", ("product_quality",),
                              learned={"stopped_working"})
    assert [(a.aspect, a.cause, a.field, a.start, a.end, a.text) for a in aspects] == [
        ("stopped_working", "product_quality", "body", 0, 21, "It was gone by March.")]


def test_a_learned_aspect_of_an_empty_body_spans_the_title():
    aspects, _ = find_aspects("It was gone by March", "", "en", ("product_quality",), learned={"stopped_working"})
    assert [(a.field, a.start, a.end, a.text) for a in aspects] == [("title", 0, 20, "It was gone by March")]


def test_where_a_cue_also_matched_the_cues_span_is_kept():
    body = "Great at first. Stopped working after two weeks."
    without, _ = find_aspects("", body, "en", ("product_quality",))
    learned, _ = find_aspects("", body, "en", ("product_quality",), learned={"stopped_working"})
    assert _spans(learned, []) == _spans(without, []) == [("stopped_working", "body", 16, 31)]


def test_a_learned_aspect_outside_the_reviews_causes_is_not_reported():
    aspects, _ = find_aspects("", "It was gone by March.", "en", ("logistics",), learned={"stopped_working"})
    assert aspects == []


def test_a_learned_fact_is_reported_whatever_the_causes_and_keeps_text_order():
    body = "The handle is flimsy. I reset it twice."
    aspects, facts = find_aspects("", body, "en", ("other",), learned={"usage_duration"})
    assert aspects == []
    assert [(f.fact, f.field, f.start, f.end) for f in facts] == [
        ("usage_duration", "body", 0, len(body)), ("tried_fix", "body", 24, 29)]


def test_no_learned_names_answer_what_the_cues_alone_answer():
    assert find_aspects("", BODY, "en", ("product_quality", "seller_service"), learned=()) == \
        find_aspects("", BODY, "en", ("product_quality", "seller_service"))


# The Classifier passes the cause model's embeddings to the heads ---------------------------------

class EmbeddingScorer(FixedScorer):
    """FixedScorer that also answers embeddings: row i is i everywhere, so the heads' input is visible."""

    def scores(self, items: Sequence[ModelInput]) -> Scores:
        fixed = super().scores(items)
        embeddings = np.repeat(np.arange(len(items), dtype=np.float32)[:, None], DIMENSIONS, axis=1)
        return Scores(fixed.probabilities, fixed.signals, embeddings)


class RecordingHeads:
    """Fires `stopped_working` for the rows whose embedding is in `fire_rows`."""

    def __init__(self, fire_rows: set[int]) -> None:
        self.fire_rows = fire_rows
        self.seen: list[np.ndarray] = []

    def fired(self, embeddings: np.ndarray) -> list[frozenset[str]]:
        self.seen.append(embeddings)
        return [frozenset({"stopped_working"}) if int(row[0]) in self.fire_rows else frozenset() for row in embeddings]


def test_the_heads_read_the_embeddings_of_the_readable_reviews_once_and_each_review_gets_its_own():
    heads = RecordingHeads(fire_rows={1})
    scorer = EmbeddingScorer({"product_quality": 1.0})
    results = Classifier(scorer, heads).classify_many([
        ReviewText("", "It was fine in May."), ReviewText("", "👎"), ReviewText("", "It was gone by March.")])
    assert len(scorer.calls) == 1 and len(heads.seen) == 1 and heads.seen[0].shape == (2, DIMENSIONS)
    assert [[a.aspect for a in r.aspects] for r in results] == [[], [], ["stopped_working"]]


def test_without_heads_or_embeddings_the_cues_alone_answer():
    body = "It was gone by March."
    assert Classifier(EmbeddingScorer({"product_quality": 1.0})).classify(ReviewText("", body)).aspects == []
    heads = RecordingHeads(fire_rows={0})
    assert Classifier(FixedScorer({"product_quality": 1.0}), heads).classify(ReviewText("", body)).aspects == []
    assert heads.seen == []


# Training's threshold choice -------------------------------------------------------------------

def test_a_threshold_is_chosen_only_where_the_head_adds_right_answers():
    truth = np.array([1, 1, 1, 0, 0, 0, 1, 0], dtype=bool)
    cue = np.array([1, 0, 0, 0, 0, 0, 0, 0], dtype=bool)
    allowed = np.ones(8, dtype=bool)
    probability = np.array([0.9, 0.8, 0.7, 0.2, 0.1, 0.3, 0.6, 0.4])
    threshold, alone, with_head = choose_threshold(truth, cue, probability, allowed)
    assert threshold is not None and 0.4 < threshold <= 0.6
    assert with_head == 1.0 and alone < with_head - MIN_GAIN
    noise = np.array([0.2, 0.9, 0.1, 0.95, 0.85, 0.9, 0.1, 0.9])
    assert choose_threshold(truth, cue, noise, allowed)[0] is None
    assert choose_threshold(truth, cue, probability, np.zeros(8, dtype=bool))[0] is None


# The shipped artifact --------------------------------------------------------------------------

def test_the_shipped_heads_load_and_match_their_card():
    heads = AspectHeads.load()
    card = json.loads(ASPECT_CARD_PATH.read_text())
    assert heads.version == card["version"] and list(heads.names) == card["heads"]
    assert card["artifact_sha256"] == hashlib.sha256(ASPECT_MODEL_PATH.read_bytes()).hexdigest()
    assert set(heads.names) <= {*ASPECTS, *FACTS} and heads.names
    probabilities = heads.probabilities(np.zeros((3, DIMENSIONS), dtype=np.float32))
    assert probabilities.shape == (3, len(heads.names)) and ((probabilities > 0) & (probabilities < 1)).all()
    assert len(heads.fired(np.zeros((3, DIMENSIONS), dtype=np.float32))) == 3


def test_a_missing_or_broken_aspect_artifact_stops_loading(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        AspectHeads.load(tmp_path / "missing.npz")
    header, arrays = load_artifact(ASPECT_MODEL_PATH)
    save_artifact(tmp_path / "unknown.npz", {**header, "names": ["teleported", *header["names"][1:]]}, arrays)
    with pytest.raises(ValueError, match="unknown names"):
        AspectHeads.load(tmp_path / "unknown.npz")
    save_artifact(tmp_path / "short.npz", header, {**arrays, "bias": arrays["bias"][:-1]})
    with pytest.raises(ValueError, match="shapes"):
        AspectHeads.load(tmp_path / "short.npz")
    save_artifact(tmp_path / "zero.npz", header, {**arrays, "thresholds": np.zeros_like(arrays["thresholds"])})
    with pytest.raises(ValueError, match="thresholds"):
        AspectHeads.load(tmp_path / "zero.npz")


def test_the_cause_model_answers_the_embeddings_it_scored_from():
    from reviewops.classifier.ml.model import CauseModel

    model = CauseModel.load()
    items = [ModelInput("", "It stopped working after two days.", 1), ModelInput("Zu klein", "Viel kleiner.", 3)]
    scores = model.scores(items)
    assert scores.embeddings is not None and scores.embeddings.shape == (2, DIMENSIONS)
    assert np.allclose(scores.embeddings, model.encoder.encode(["It stopped working after two days.",
                                                                 "Zu klein\nViel kleiner."]), atol=1e-5)
    assert model.scores([]).embeddings.shape == (0, DIMENSIONS)
