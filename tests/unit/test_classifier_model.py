"""The shipped cause model: it loads with its encoder (and refuses a broken artifact), its scores
are calibrated distributions, `needs_review` follows its threshold, and plain reviews in the six
languages get the cause taxonomy.md gives them. Its quality is measured by `make eval` on the real
test split, not here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.model import CARD_PATH, LABELS, MODEL_PATH, CauseModel, ModelInput, calibrate
from reviewops.common.ml.artifacts import load_artifact, save_artifact


@pytest.fixture(scope="module")
def model() -> CauseModel:
    return CauseModel.load()


def test_the_shipped_model_loads_with_its_encoder_and_names_the_cards_version(model):
    assert model.version == json.loads(CARD_PATH.read_text())["version"]
    assert 0.0 < model.settings.review_threshold < 1.0 and model.settings.temperature > 0


def test_a_missing_or_broken_artifact_stops_loading(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        CauseModel.load(tmp_path / "missing.npz")
    (tmp_path / "broken.npz").write_bytes(MODEL_PATH.read_bytes()[:4096])
    with pytest.raises(Exception):
        CauseModel.load(tmp_path / "broken.npz")


def test_an_artifact_trained_for_other_labels_is_refused(tmp_path: Path):
    header, arrays = load_artifact(MODEL_PATH)
    save_artifact(tmp_path / "other.npz", {**header, "labels": list(reversed(LABELS))}, arrays)
    with pytest.raises(ValueError, match="trained for labels"):
        CauseModel.load(tmp_path / "other.npz")


def test_scores_are_calibrated_distributions_over_the_labels(model):
    items = [ModelInput("", "It stopped working after two days.", 1), ModelInput("Zu klein", "Viel kleiner als gedacht.", 3),
             ModelInput("", "说明书看不懂，不会安装。", None)]
    scores = model.scores(items)
    assert scores.probabilities.shape == (3, len(LABELS))
    assert np.allclose(scores.probabilities.sum(axis=1), 1.0)
    assert ((scores.probabilities >= 0) & (scores.probabilities <= 1)).all()
    assert ((scores.signals["fulfillment_only"] >= 0) & (scores.signals["fulfillment_only"] <= 1)).all()


def test_temperature_scaling_keeps_the_order_and_sharpens_below_one():
    raw = np.array([[0.5, 0.3, 0.2, 0, 0, 0, 0]], dtype=float)
    sharper, softer = calibrate(raw, 0.5), calibrate(raw, 2.0)
    assert sharper.argmax() == softer.argmax() == 0
    assert sharper.max() > raw.max() > softer.max()
    assert np.isclose(sharper.sum(), 1.0) and np.isclose(softer.sum(), 1.0)


def test_a_batch_scores_as_its_reviews_do_one_by_one(model):
    items = [ModelInput("", "The parcel never arrived.", 1), ModelInput("", "No me gusta el olor.", 2)]
    together = model.scores(items).probabilities
    alone = np.vstack([model.scores([item]).probabilities for item in items])
    assert np.allclose(together, alone, atol=1e-5)


@pytest.mark.parametrize(("body", "cause"), [
    ("It stopped working after two days.", "product_quality"),
    ("The parcel never arrived.", "logistics"),
    ("配送が遅れて届かなかった", "logistics"),
    ("Der Wasserkocher ist nach einer Woche kaputt.", "product_quality"),
    ("Le colis est arrivé avec deux semaines de retard.", "logistics"),
    ("No me gusta el olor.", "preference"),
    ("说明书看不懂，不会安装。", "instructions"),
])
def test_plain_reviews_get_their_cause(model, body, cause):
    assert Classifier(model).classify(ReviewText("", body, 2)).primary_cause == cause


def test_needs_review_follows_the_shipped_threshold(model):
    results = Classifier(model).classify_many([ReviewText("", body, 2) for body in (
        "It broke.", "Meh.", "The parcel never arrived.", "Not what I expected, but fine I guess.")])
    for result in results:
        assert result.needs_review == (result.causes[0].score < model.settings.review_threshold)
    assert {result.needs_review for result in results} == {True, False}


def test_a_delivery_only_review_carries_fulfillment_only_over_its_body(model):
    body = "The parcel never arrived."
    spans = [s for s in Classifier(model).classify(ReviewText("", body, 1)).removal_signals if s.signal == "fulfillment_only"]
    assert [(s.field, s.start, s.end) for s in spans] == [("body", 0, len(body))]
