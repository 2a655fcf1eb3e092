"""Training and evaluation data: the real labelled reviews (texts read from ../shared/corpora at run
time) and the synthetic reviews written for the project. Offline only.

Real labels live in `services/classifier/data/real/labels.jsonl`, keyed by corpus row id with a
hash of the text (docs/labelling.md). Their split (train, dev, test) was fixed by source before
labelling. The synthetic files (`train_*.jsonl`, `test.jsonl`) stay: the train files as extra
training data, the test file reported separately and labelled "synthetic".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reviewops.classifier.ml.model import LABELS, ModelInput
from reviewops.common.ml.training_support import (
    JoinReport,
    held_out_predicate,
    join_corpus,
    read_jsonl,
    shared_dir,
)

DATA_DIR = Path(__file__).resolve().parents[4] / "data"
REAL_LABELS = DATA_DIR / "real" / "labels.jsonl"
HUMAN_LABEL_SPLIT = "human-label"
SIGNALS = ("fulfillment_only", "product_review_only", "profanity", "personal_info", "promotional")

# Each corpus source's licence as its SOURCES.md states it (the model card lists rows per source).
RESEARCH_ONLY = "research-only"
NONE_STATED = "none-stated"
CC0_AS_LABELLED = "cc0-as-labelled"
SOURCE_LICENCES = {
    "marc-uniprompt": RESEARCH_ONLY,
    "hf-amazon-us-dummy": RESEARCH_ONLY,
    "amazon-pds-sample-fr": RESEARCH_ONLY,
    "german-amazon-4k": NONE_STATED,
    "sophonplus-online-shopping": NONE_STATED,
    "sophonplus-waimai": NONE_STATED,
    "amazon-fashion5": NONE_STATED,
    "datafiniti-amazon-products": NONE_STATED,
    "amazon-unlocked-mobile": NONE_STATED,
    "amazon-finefood-mounika": CC0_AS_LABELLED,
    "womens-clothing-ecommerce": CC0_AS_LABELLED,
}
LICENCE_CLASSES = (RESEARCH_ONLY, NONE_STATED, CC0_AS_LABELLED)


@dataclass(frozen=True)
class Example:
    id: str
    item: ModelInput
    primary: str
    causes: tuple[str, ...]
    signals: frozenset[str]
    language: str
    source: str
    kind: str
    split: str  # train, dev, test for real rows; synthetic-train, synthetic-test, human-label otherwise
    real: bool

    @property
    def label_index(self) -> int:
        return LABELS.index(self.primary)


def corpus_dir() -> Path:
    return shared_dir() / "corpora" / "reviews"


def review_texts(row: dict[str, Any]) -> tuple[str, str]:
    return (row.get("title") or "", row["body"])


def load_real(labels_path: Path = REAL_LABELS, licences: tuple[str, ...] = LICENCE_CLASSES
              ) -> tuple[list[Example], JoinReport]:
    """The labelled real rows with their texts; raises MissingCorpus where ../shared is absent."""
    labels = [label for label in read_jsonl([labels_path]) if SOURCE_LICENCES[label["source"]] in licences]
    sources = sorted({label["source"] for label in labels})
    corpus = corpus_dir()
    rows, report = join_corpus(labels, [corpus / f"{source}.jsonl" for source in sources], review_texts,
                               held_out_predicate(shared_dir()))
    examples = [
        Example(
            id=row["id"], item=ModelInput(row.get("title") or "", row["body"], row.get("rating")),
            primary=row["primary"], causes=tuple(row["causes"]), signals=frozenset(row["signals"]),
            language=row["lang"], source=row["source"], kind=row.get("kind_hint", "product_review"),
            split=row["split"], real=True,
        )
        for row in rows
    ]
    return examples, report


def load_synthetic(data_dir: Path = DATA_DIR) -> list[Example]:
    """The project's own reviews: train_*.jsonl as synthetic-train, test.jsonl as synthetic-test."""
    examples = []
    for path in sorted(data_dir.glob("train_*.jsonl")) + [data_dir / "test.jsonl"]:
        split = "synthetic-test" if path.name == "test.jsonl" else "synthetic-train"
        for row in read_jsonl([path]):
            examples.append(Example(
                id=row["id"], item=ModelInput(row.get("title") or "", row["body"], row.get("rating")),
                primary=row["primary_cause"], causes=tuple(row.get("causes") or [row["primary_cause"]]),
                signals=frozenset(), language=row["language"], source=f"synthetic:{path.name}",
                kind=row.get("kind", "product_review"), split=split, real=False,
            ))
    return examples


def load_human_labels(path: Path, is_held_out: Callable[[str], bool]) -> list[Example]:
    """A deployment's human labels (the items of GET /v1/labels, one JSON object a line) as extra
    training rows: the highest revision of each review version counts once, and a text the held-out
    filter names is dropped like any other. They are not "real" in the model card's sense (no
    signal labels, never scored): they always train, at the weight of a real row."""
    latest: dict[tuple[str, int], dict[str, Any]] = {}
    for row in read_jsonl([path]):
        key = (row["review_key"], row["review_version"])
        if key not in latest or latest[key]["classification_revision"] < row["classification_revision"]:
            latest[key] = row
    return [
        Example(
            id=f"label:{row['review_key']}:{row['review_version']}", item=ModelInput(row.get("title") or "",
                                                                                 row["body"], row.get("rating")),
            primary=row["primary_cause"], causes=tuple(row.get("causes") or [row["primary_cause"]]),
            signals=frozenset(), language=row.get("language", "und"), source=f"human-labels:{path.name}",
            kind=row.get("kind", "product_review"), split=HUMAN_LABEL_SPLIT, real=False,
        )
        for row in latest.values()
        if row["primary_cause"] in LABELS
        and not any(text and is_held_out(text) for text in (row.get("title") or "", row["body"]))
    ]


def synthetic_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("train_*.jsonl"))


def near_duplicates(test_vectors: np.ndarray, other_vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Indices of `other` rows whose embedding cosine to some test row is at least `threshold`
    (vectors are L2-normalised, so the dot product is the cosine)."""
    if not len(test_vectors) or not len(other_vectors):
        return np.zeros(0, dtype=np.int64)
    nearest = np.zeros(len(other_vectors))
    for start in range(0, len(other_vectors), 1024):
        block = other_vectors[start:start + 1024] @ test_vectors.T
        nearest[start:start + 1024] = block.max(axis=1)
    return np.flatnonzero(nearest >= threshold)
