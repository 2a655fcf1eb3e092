"""The model that ships is the one its card and docs/classifier-evaluation.md describe, trained on
the committed labels and synthetic files; the labels carry what docs/labelling.md promises."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from reviewops.classifier.ml.model import CARD_PATH, LABELS, MODEL_PATH

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "services" / "classifier" / "data"
SIGNALS = {"fulfillment_only", "product_review_only", "profanity", "personal_info", "promotional"}


def _card() -> dict:
    return json.loads(CARD_PATH.read_text())


def _labels() -> list[dict]:
    return [json.loads(line) for line in (DATA / "real" / "labels.jsonl").read_text("utf-8").splitlines()]


def test_the_card_names_the_shipped_artifact() -> None:
    assert _card()["artifact"] == MODEL_PATH.name
    assert _card()["artifact_sha256"] == hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()


def test_the_card_names_the_training_data_as_it_is() -> None:
    card = _card()
    assert card["real_labels_sha256"] == hashlib.sha256((DATA / "real" / "labels.jsonl").read_bytes()).hexdigest()
    assert card["synthetic_files"] == {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(DATA.glob("train_*.jsonl"))
    }


def test_the_card_lists_every_source_with_its_licence_and_never_the_test_split() -> None:
    card = _card()
    assert "test" not in card["rows_by_split"]
    for source, entry in card["rows_by_source"].items():
        assert entry["rows"] > 0 and entry["licence"]


def test_the_evaluation_in_docs_is_of_the_shipped_model() -> None:
    evaluation = (ROOT / "docs" / "classifier-evaluation.md").read_text()
    assert _card()["artifact_sha256"] in evaluation and _card()["version"] in evaluation


def test_labels_hold_no_text_and_the_sample_they_came_from() -> None:
    labels = _labels()
    sample = [json.loads(line) for line in (DATA / "real" / "sample.jsonl").read_text("utf-8").splitlines()]
    assert [label["id"] for label in labels] == [row["id"] for row in sample]
    for label, row in zip(labels, sample, strict=True):
        assert {key: label[key] for key in row} == row  # id, text hash, language, source, split, drawn
        assert not {"title", "body", "text"} & set(label)
        assert label["primary"] in LABELS and label["causes"][0] == label["primary"]
        assert set(label["causes"]) <= set(LABELS) and set(label["signals"]) <= SIGNALS
        assert {"a", "b", "third_reading"} <= set(label["agreement"])


def test_the_corpus_meets_the_sizes_the_classifier_issue_asks_for() -> None:
    labels = _labels()
    by_language = Counter(label["lang"] for label in labels)
    assert len(labels) >= 3000 and by_language["en"] >= 1000 and by_language["zh"] >= 600
    assert all(by_language[language] >= 250 for language in ("de", "ja", "fr", "es"))
    test = [label for label in labels if label["split"] == "test"]
    assert len(test) >= 600 and {label["lang"] for label in test} == {"en", "zh", "de", "fr", "es", "ja"}
    train_sources = {label["source"] for label in labels if label["split"] != "test"}
    test_strata = {label["source"] for label in test} - {"marc-uniprompt", "sophonplus-online-shopping"}
    assert not test_strata & train_sources  # MARC and online-shopping split by partition and category
