"""Fitting the cause model (`make train`): offline, deterministic, never imported by the service.

Data: the real labelled reviews' train and dev splits, plus the synthetic reviews at a weight
chosen like everything else. Rows that are near-duplicates of a test row (embedding cosine >= 0.95)
are dropped first. Every choice is made on held-out predictions, never on the test split: each
head's regularisation, the synthetic weight, the share of the two heads, the cue weight, the
temperature and the signal threshold on 5-fold predictions over the real train and dev rows (more
reliable than the 390 dev rows alone: dev macro-F1 moved by 0.05 between neighbouring settings);
the `needs_review` threshold on the dev rows' held-out predictions. The shipped model is then
fitted on all of train and dev with those choices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from reviewops.classifier.ml.data import (
    HUMAN_LABEL_SPLIT,
    LICENCE_CLASSES,
    REAL_LABELS,
    SOURCE_LICENCES,
    Example,
    load_human_labels,
    load_real,
    load_synthetic,
    near_duplicates,
    synthetic_files,
)
from reviewops.classifier.ml.model import (
    CARD_PATH,
    LABELS,
    LEARNED_SIGNALS,
    MODEL_PATH,
    Heads,
    Settings,
    calibrate,
    cue_distribution,
    encoder_text,
    ngram_text,
    rating_columns,
    sigmoid,
    softmax,
)
from reviewops.common.ml.artifacts import file_sha256, save_artifact
from reviewops.common.ml.encoder import SentenceEncoder, encoder_name
from reviewops.common.ml.ngrams import CharNgrams
from reviewops.common.ml.training_support import (
    combined_digest,
    file_digests,
    held_out_predicate,
    shared_dir,
    write_card,
)

SEED = 20261207
NGRAM_SIZES = (1, 4)
MAX_NGRAMS = 200_000
NEAR_DUPLICATE = 0.95
FOLDS = 5
ENCODER_C = (2.0, 8.0)
NGRAM_C = (10.0,)
SYNTHETIC_WEIGHTS = (0.3, 1.0)
ENCODER_SHARES = tuple(round(0.1 * step, 1) for step in range(11))
CUE_WEIGHTS = (0.0, 0.1, 0.2)
TEMPERATURES = tuple(round(0.3 + 0.05 * step, 2) for step in range(35))  # 0.3 .. 2.0
TARGET_CONFIDENT_ACCURACY = 0.85


class Embeddings:
    """Sentence embeddings of every example, computed once per training run."""

    def __init__(self, examples: Sequence[Example], encoder: SentenceEncoder) -> None:
        self.index = {example.id: row for row, example in enumerate(examples)}
        self.vectors = encoder.encode([encoder_text(example.item) for example in examples])

    def of(self, examples: Sequence[Example]) -> np.ndarray:
        return self.vectors[[self.index[example.id] for example in examples]]


@dataclass(frozen=True)
class Fitted:
    """One fit of both heads on a training set, with the choices it was fitted under."""

    ngrams: CharNgrams
    heads: Heads


def _sample_weights(examples: Sequence[Example], synthetic_weight: float) -> np.ndarray:
    # A person's label of a deployment's own review weighs like a real labelled row.
    return np.array([1.0 if example.real or example.split == HUMAN_LABEL_SPLIT else synthetic_weight
                     for example in examples])


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def _fit_head(features: Any, examples: Sequence[Example], weights: np.ndarray, c: float
              ) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x (causes + signals)) and biases of one view: a multinomial regression for
    the causes (every label gets a column even if absent) and a binary one per learned signal,
    fitted on the real rows only (the synthetic reviews carry no signal labels)."""
    used = weights > 0
    labels = np.array([example.label_index for example in examples])
    model = _logistic(c).fit(features[used], labels[used], sample_weight=weights[used])
    coefficients = np.zeros((features.shape[1], len(LABELS) + len(LEARNED_SIGNALS)))
    bias = np.full(len(LABELS) + len(LEARNED_SIGNALS), -30.0)
    for column, label in enumerate(model.classes_):
        coefficients[:, label] = model.coef_[column]
        bias[label] = model.intercept_[column]
    real = np.array([example.real for example in examples])
    for offset, signal in enumerate(LEARNED_SIGNALS):
        truth = np.array([signal in example.signals for example in examples])
        binary = _logistic(c).fit(features[real], truth[real])
        coefficients[:, len(LABELS) + offset] = binary.coef_[0]
        bias[len(LABELS) + offset] = binary.intercept_[0]
    return coefficients, bias


def ngram_view(examples: Sequence[Example]) -> tuple[TfidfVectorizer, Any]:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NGRAM_SIZES, min_df=2, sublinear_tf=True,
                                 max_features=MAX_NGRAMS, dtype=np.float64)
    return vectorizer, vectorizer.fit_transform([ngram_text(example.item) for example in examples])


def encoder_view(examples: Sequence[Example], embeddings: Embeddings) -> np.ndarray:
    return np.hstack([embeddings.of(examples), rating_columns([example.item for example in examples])])


def fit(examples: Sequence[Example], embeddings: Embeddings, encoder_c: float, ngram_c: float,
        synthetic_weight: float) -> Fitted:
    weights = _sample_weights(examples, synthetic_weight)
    vectorizer, matrix = ngram_view(examples)
    ngram_weights, ngram_bias = _fit_head(matrix, examples, weights, ngram_c)
    encoder_weights, encoder_bias = _fit_head(encoder_view(examples, embeddings), examples, weights, encoder_c)
    heads = Heads(ngram_weights.astype(np.float32), ngram_bias, encoder_weights.astype(np.float32), encoder_bias)
    return Fitted(CharNgrams(dict(vectorizer.vocabulary_), vectorizer.idf_.astype(np.float64), NGRAM_SIZES), heads)


def macro_f1(truth: Sequence[int], probabilities: np.ndarray) -> float:
    return float(f1_score(truth, probabilities.argmax(axis=1), labels=range(len(LABELS)), average="macro",
                          zero_division=0))


def fit_temperature(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The temperature with the lowest negative log-likelihood on held-out predictions."""
    def nll(temperature: float) -> float:
        return float(-np.log(calibrate(probabilities, temperature)[np.arange(len(truth)), truth] + 1e-12).mean())

    return min(TEMPERATURES, key=nll)


def review_threshold(confidence: np.ndarray, correct: np.ndarray, target: float = TARGET_CONFIDENT_ACCURACY
                     ) -> float:
    """The lowest threshold whose confident side (score >= threshold) is at least `target` accurate
    on dev; the lowest keeps the most reviews out of the human-review pile."""
    for threshold in np.round(np.arange(0.2, 1.0, 0.01), 2):
        confident = confidence >= threshold
        if confident.sum() >= 20 and correct[confident].mean() >= target:
            return float(threshold)
    return 1.0


def signal_threshold(probability: np.ndarray, truth: np.ndarray) -> float:
    """The threshold with the best F1 on held-out predictions."""
    best, best_f1 = 0.5, -1.0
    for threshold in np.round(np.arange(0.1, 0.95, 0.05), 2):
        predicted = probability >= threshold
        tp = float((predicted & truth).sum())
        f1 = 2 * tp / max(predicted.sum() + truth.sum(), 1)
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best


@dataclass
class Choice:
    encoder_c: float
    ngram_c: float
    synthetic_weight: float
    settings: Settings
    held_out_scores: dict[str, float]


def _probabilities(logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    causes = len(LABELS)
    return softmax(logits[:, :causes]), sigmoid(logits[:, causes:])


def choose(real: Sequence[Example], synthetic: Sequence[Example], embeddings: Embeddings, log: Any) -> Choice:
    """Every choice from held-out predictions: 5 folds over the real train and dev rows (the
    synthetic rows always train, never score). Each fold fits each head once per regularisation and
    synthetic weight; the heads' share and the cue weight are then chosen on the pooled held-out
    predictions, the temperature on them too, and the `needs_review` threshold on the dev rows'."""
    truth = np.array([example.label_index for example in real])
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(truth, truth))
    causes = len(LABELS)
    encoder_logits = {(c, w): np.zeros((len(real), causes + len(LEARNED_SIGNALS)))
                      for c in ENCODER_C for w in SYNTHETIC_WEIGHTS}
    ngram_logits = {(c, w): np.zeros((len(real), causes + len(LEARNED_SIGNALS)))
                    for c in NGRAM_C for w in SYNTHETIC_WEIGHTS}
    for number, (train_index, held_index) in enumerate(folds, 1):
        training = [real[i] for i in train_index] + list(synthetic)
        held = [real[i] for i in held_index]
        vectorizer, matrix = ngram_view(training)
        held_ngrams = vectorizer.transform([ngram_text(example.item) for example in held])
        training_encoded, held_encoded = encoder_view(training, embeddings), encoder_view(held, embeddings)
        for weight in SYNTHETIC_WEIGHTS:
            weights = _sample_weights(training, weight)
            for c in NGRAM_C:
                coefficients, bias = _fit_head(matrix, training, weights, c)
                ngram_logits[(c, weight)][held_index] = held_ngrams @ coefficients + bias
            for c in ENCODER_C:
                coefficients, bias = _fit_head(training_encoded, training, weights, c)
                encoder_logits[(c, weight)][held_index] = held_encoded @ coefficients + bias
        log(f"fold {number} of {FOLDS} fitted")
    cues = np.array([cue_distribution(example.item) if cue_distribution(example.item) is not None
                     else np.full(causes, np.nan) for example in real])
    has_cues = ~np.isnan(cues[:, 0])
    scores: dict[str, float] = {}
    best: tuple[float, float, float, float, float, float] | None = None
    for weight in SYNTHETIC_WEIGHTS:
        for encoder_c in ENCODER_C:
            encoder_causes, _ = _probabilities(encoder_logits[(encoder_c, weight)])
            for ngram_c in NGRAM_C:
                ngram_causes, _ = _probabilities(ngram_logits[(ngram_c, weight)])
                for share in ENCODER_SHARES:
                    mixed = share * encoder_causes + (1 - share) * ngram_causes
                    for cue_weight in CUE_WEIGHTS:
                        blended = mixed.copy()
                        blended[has_cues] = (1 - cue_weight) * mixed[has_cues] + cue_weight * cues[has_cues]
                        f1 = macro_f1(truth, blended)
                        scores[f"synthetic={weight} encoder C={encoder_c} ngram C={ngram_c} share={share} "
                               f"cues={cue_weight}"] = round(f1, 4)
                        if best is None or f1 > best[0]:
                            best = (f1, weight, encoder_c, ngram_c, share, cue_weight)
    assert best is not None
    f1, weight, encoder_c, ngram_c, share, cue_weight = best
    log(f"held-out macro-F1 {f1:.3f}: synthetic weight {weight}, encoder C {encoder_c}, n-gram C {ngram_c}, "
        f"share {share}, cue weight {cue_weight}")
    encoder_causes, encoder_signals = _probabilities(encoder_logits[(encoder_c, weight)])
    ngram_causes, ngram_signals = _probabilities(ngram_logits[(ngram_c, weight)])
    mixed = share * encoder_causes + (1 - share) * ngram_causes
    mixed[has_cues] = (1 - cue_weight) * mixed[has_cues] + cue_weight * cues[has_cues]
    temperature = fit_temperature(mixed, truth)
    calibrated = calibrate(mixed, temperature)
    dev = np.array([example.split == "dev" for example in real])
    correct = calibrated.argmax(axis=1) == truth
    signals = share * encoder_signals + (1 - share) * ngram_signals
    signal_thresholds = {
        signal: signal_threshold(signals[:, column], np.array([signal in e.signals for e in real]))
        for column, signal in enumerate(LEARNED_SIGNALS)
    }
    settings = Settings(encoder_share=share, cue_weight=cue_weight, temperature=temperature,
                        review_threshold=review_threshold(calibrated.max(axis=1)[dev], correct[dev]),
                        signal_thresholds=signal_thresholds)
    return Choice(encoder_c, ngram_c, weight, settings, scores)


def train(licences: tuple[str, ...] = LICENCE_CLASSES, model_path: Path = MODEL_PATH, card_path: Path = CARD_PATH,
          labels_path: Path = REAL_LABELS, extra_labels: Path | None = None, log: Any = print) -> dict[str, Any]:
    """Fit and save the model; `extra_labels` adds a deployment's exported human labels (GET
    /v1/labels) as training rows: they train, like the synthetic rows, and are never scored."""
    real, report = load_real(labels_path, licences=licences)
    log(f"real labelled reviews: {len(real)} ({report.summary()})")
    synthetic = [example for example in load_synthetic() if example.split == "synthetic-train"]
    if extra_labels is not None:
        human = load_human_labels(extra_labels, held_out_predicate(shared_dir()))
        log(f"human labels from {extra_labels.name}: {len(human)}")
        synthetic += human
    test = [example for example in real if example.split == "test"]
    encoder = SentenceEncoder()
    candidates = [example for example in real if example.split in ("train", "dev")] + synthetic
    embeddings = Embeddings(test + candidates, encoder)
    dropped = {candidates[i].id for i in near_duplicates(embeddings.of(test), embeddings.of(candidates), NEAR_DUPLICATE)}
    log(f"dropped {len(dropped)} training rows that are near-duplicates of a test row")
    kept = [example for example in candidates if example.id not in dropped]
    real_rows = [example for example in kept if example.real]
    synthetic_rows = [example for example in kept if not example.real]
    choice = choose(real_rows, synthetic_rows, embeddings, log)
    fitted = fit(real_rows + synthetic_rows, embeddings, choice.encoder_c, choice.ngram_c, choice.synthetic_weight)
    labels_digest = file_sha256(labels_path)
    synthetic_digests = file_digests(synthetic_files())
    human_digests = file_digests([extra_labels]) if extra_labels is not None else {}
    settings_digest = combined_digest([repr(sorted(vars(choice.settings).items())), str(choice.encoder_c),
                                       str(choice.ngram_c), str(choice.synthetic_weight), ",".join(licences)])
    data_digest = combined_digest([labels_digest, *synthetic_digests.values(), *human_digests.values()])
    version = f"use-ngram-lr-{data_digest[:8]}-{settings_digest[:4]}"
    header = {"version": version, "labels": list(LABELS), "signals": list(LEARNED_SIGNALS),
              "ngram_sizes": list(NGRAM_SIZES), "settings": vars(choice.settings)}
    save_artifact(model_path, header, {
        "ngram_vocabulary": fitted.ngrams.grams_array(), "ngram_idf": fitted.ngrams.idf.astype(np.float32),
        "ngram_weights": fitted.heads.ngram_weights, "ngram_bias": fitted.heads.ngram_bias,
        "encoder_weights": fitted.heads.encoder_weights, "encoder_bias": fitted.heads.encoder_bias,
    })
    used = real_rows + [example for example in synthetic_rows if choice.synthetic_weight > 0]
    card = {
        "version": version,
        "artifact": model_path.name,
        "artifact_sha256": file_sha256(model_path),
        "encoder": encoder_name(),
        "features": "USE multilingual v3 embedding + rating one-hot; TF-IDF char 1-4 (min_df 2, at most "
                    f"{MAX_NGRAMS:,} n-grams), sublinear tf, rating token",
        "classifier": "two multinomial logistic regressions (class_weight=balanced), probabilities averaged, "
                      "cue evidence blended, temperature-scaled",
        "real_labels_sha256": labels_digest,
        "synthetic_files": synthetic_digests,
        **({"human_label_files": human_digests} if human_digests else {}),
        "licences_used": list(licences),
        "rows_by_source": _rows_by_source(used),
        "rows_by_split": dict(Counter(example.split for example in used)),
        "near_duplicates_dropped": len(dropped),
        "unusable_labels": report.summary(),
        "chosen": {"encoder_C": choice.encoder_c, "ngram_C": choice.ngram_c,
                   "synthetic_weight": choice.synthetic_weight, **vars(choice.settings)},
        "held_out_macro_f1": choice.held_out_scores,
        "seed": SEED,
    }
    write_card(card_path, card)
    return card


def _rows_by_source(examples: Sequence[Example]) -> dict[str, dict[str, Any]]:
    counts = Counter(example.source for example in examples)
    return {source: {"rows": count, "licence": _licence_of(source)} for source, count in sorted(counts.items())}


def _licence_of(source: str) -> str:
    if source.startswith("human-labels:"):
        return "the deployment's own reviews and labels (a model trained on them is never shipped)"
    return SOURCE_LICENCES.get(source, "apache-2.0 (written for the project)")
