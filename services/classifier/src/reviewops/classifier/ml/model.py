"""The cause model at run time: sentence embeddings and character n-grams, two linear heads
averaged, calibrated, with a confidence threshold and the learned whole-text signal.

Two views of a review, each with its own multinomial logistic regression (fitted in
`training.py`):
- USE multilingual v3 sentence embeddings (plus the rating, one-hot): meaning across the six
  languages, and across phrasings nobody on the team wrote;
- TF-IDF over character 1-4-grams (plus the rating as a token): the exact words that carry a
  cause ("説明書", "Rückerstattung") and Chinese and Japanese, which have no spaces.
Their probabilities are averaged with a weight chosen on the real dev split, the cue lexicon may
add evidence where that helped on dev, and a temperature fitted on held-out folds calibrates the
result. A review whose calibrated top score is below `review_threshold` is flagged
`needs_review`. The same two views score `fulfillment_only` (the text is only about delivery), a
binary head with its own threshold.

Scoring uses numpy alone; the artifact is an `.npz` of arrays (reviewops.common.ml.artifacts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewops.classifier.domain.cues import CAUSE_ORDER, cue_hits
from reviewops.common.ml.artifacts import load_artifact
from reviewops.common.ml.encoder import DIMENSIONS, SentenceEncoder
from reviewops.common.ml.ngrams import CharNgrams

LABELS = (*CAUSE_ORDER, "other")
LEARNED_SIGNALS = ("fulfillment_only",)
MODEL_DIR = Path(__file__).resolve().parents[1] / "model"
MODEL_PATH = MODEL_DIR / "causes.npz"
CARD_PATH = MODEL_DIR / "card.json"
RATINGS = 6  # 0 (unknown) and 1 to 5


@dataclass(frozen=True)
class ModelInput:
    title: str
    body: str
    rating: int | None = None


def encoder_text(item: ModelInput) -> str:
    return f"{item.title}\n{item.body}".strip()


def ngram_text(item: ModelInput) -> str:
    """What the n-gram view reads: title, body and the rating as a token."""
    return f"{item.title}\n{item.body}\n⟦r{item.rating or 0}⟧"


def rating_columns(items: Sequence[ModelInput]) -> np.ndarray:
    onehot = np.zeros((len(items), RATINGS), dtype=np.float32)
    for row, item in enumerate(items):
        onehot[row, item.rating if item.rating in range(1, 6) else 0] = 1.0
    return onehot


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-values))


def calibrate(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature scaling: sharpen (T < 1) or soften (T > 1) a distribution, keeping its order."""
    return softmax(np.log(np.clip(probabilities, 1e-9, 1.0)) / temperature)


def cue_distribution(item: ModelInput) -> np.ndarray | None:
    """The cue lexicon's votes as a distribution over LABELS, or None when no cue matched."""
    hits = cue_hits(f"{item.title}\n{item.body}")
    total = sum(hits.values())
    if not total:
        return None
    return np.array([hits.get(label, 0) / total for label in LABELS])


@dataclass(frozen=True)
class Heads:
    """The fitted linear heads: one column per cause, then one per learned signal."""

    ngram_weights: np.ndarray  # vocabulary x (causes + signals)
    ngram_bias: np.ndarray
    encoder_weights: np.ndarray  # (512 + RATINGS) x (causes + signals)
    encoder_bias: np.ndarray


@dataclass(frozen=True)
class Settings:
    """Choices made on the real dev split and held-out folds (see the model card)."""

    encoder_share: float  # weight of the embedding head in the average; the n-gram head gets the rest
    cue_weight: float
    temperature: float
    review_threshold: float
    signal_thresholds: dict[str, float]


@dataclass(frozen=True)
class Scores:
    probabilities: np.ndarray  # reviews x LABELS, calibrated, rows sum to 1
    signals: dict[str, np.ndarray]  # learned signal -> probability per review
    # The sentence embeddings the scores were computed from (reviews x 512): the aspect heads read
    # them, so a review is encoded once. None where a scorer has none (test doubles).
    embeddings: np.ndarray | None = None


class CauseModel:
    def __init__(self, version: str, ngrams: CharNgrams, heads: Heads, settings: Settings,
                 encoder: SentenceEncoder) -> None:
        self.version = version
        self.ngrams = ngrams
        self.heads = heads
        self.settings = settings
        self.encoder = encoder

    def raw_scores(self, items: Sequence[ModelInput], embeddings: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Each head's logits (reviews x (causes + signals)): the n-gram head's, the encoder head's."""
        if embeddings is None:
            embeddings = self.encoder.encode([encoder_text(item) for item in items])
        ngram = self.ngrams.project([ngram_text(item) for item in items], self.heads.ngram_weights)
        encoded = np.hstack([embeddings, rating_columns(items)]) @ self.heads.encoder_weights
        return ngram + self.heads.ngram_bias, encoded + self.heads.encoder_bias

    def scores(self, items: Sequence[ModelInput], embeddings: np.ndarray | None = None,
               settings: Settings | None = None) -> Scores:
        settings = settings or self.settings
        if not items:
            return Scores(np.zeros((0, len(LABELS))), {signal: np.zeros(0) for signal in LEARNED_SIGNALS},
                          np.zeros((0, DIMENSIONS), dtype=np.float32))
        if embeddings is None:
            embeddings = self.encoder.encode([encoder_text(item) for item in items])
        ngram, encoded = self.raw_scores(items, embeddings)
        causes = len(LABELS)
        share = settings.encoder_share
        probabilities = share * softmax(encoded[:, :causes]) + (1 - share) * softmax(ngram[:, :causes])
        if settings.cue_weight:
            for row, item in enumerate(items):
                cues = cue_distribution(item)
                if cues is not None:
                    probabilities[row] = (1 - settings.cue_weight) * probabilities[row] + settings.cue_weight * cues
        signals = {
            signal: share * sigmoid(encoded[:, causes + column]) + (1 - share) * sigmoid(ngram[:, causes + column])
            for column, signal in enumerate(LEARNED_SIGNALS)
        }
        return Scores(calibrate(probabilities, settings.temperature), signals, embeddings)

    @classmethod
    def load(cls, path: Path = MODEL_PATH, encoder: SentenceEncoder | None = None) -> CauseModel:
        """Loads the artifact and the encoder's weights; anything broken raises, so the service stops."""
        header, arrays = load_artifact(path)
        if tuple(header["labels"]) != LABELS or tuple(header["signals"]) != LEARNED_SIGNALS:
            raise ValueError(f"{path} was trained for labels {header['labels']} and signals {header['signals']}")
        encoder = encoder or SentenceEncoder()
        encoder.load()
        ngrams = CharNgrams.from_arrays(arrays["ngram_vocabulary"], arrays["ngram_idf"], header["ngram_sizes"])
        heads = Heads(arrays["ngram_weights"], arrays["ngram_bias"], arrays["encoder_weights"],
                      arrays["encoder_bias"])
        settings = Settings(**header["settings"])
        return cls(header["version"], ngrams, heads, settings, encoder)
