"""The model that ships is the one its card and docs/classifier-evaluation.md describe."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reviewops.classifier.training import CARD_PATH, MODEL_PATH

ROOT = Path(__file__).resolve().parents[2]


def test_the_card_names_the_shipped_artifact() -> None:
    card = json.loads(CARD_PATH.read_text())
    assert card["artifact"] == MODEL_PATH.name
    assert card["artifact_sha256"] == hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()


def test_the_card_names_the_training_files_as_they_are() -> None:
    card = json.loads(CARD_PATH.read_text())
    data = ROOT / "services" / "classifier" / "data"
    assert card["training_files"] == {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(data.glob("train_*.jsonl"))
    }


def test_the_evaluation_in_docs_is_of_the_shipped_model() -> None:
    card = json.loads(CARD_PATH.read_text())
    evaluation = (ROOT / "docs" / "classifier-evaluation.md").read_text()
    assert card["artifact_sha256"] in evaluation and card["version"] in evaluation
