"""Fitting the cause model (`make train`): offline, deterministic, never imported by the service.

Data: the real labelled reviews' train split, plus the synthetic reviews at a weight chosen on the
real dev split. Rows that are near-duplicates of a test row (embedding cosine >= 0.95) are dropped
from training first. Every choice (each head's regularisation, the synthetic weight, the share of
the two heads, the cue weight, the temperature, the `needs_review` threshold and the signal
threshold) is made on the real dev split with a model fitted on the train split alone; the test
split is never read here. The shipped model is then refitted on train and dev with those choices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from reviewops.classifier.ml.data import (
    LICENCE_CLASSES,
    REAL_LABELS,
    SOURCE_LICENCES,
    Example,
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
    CauseModel,
    Heads,
    Settings,
    encoder_text,
    ngram_text,
    rating_columns,
)
from reviewops.common.ml.artifacts import file_sha256, save_artifact
from reviewops.common.ml.encoder import SentenceEncoder, encoder_name
from reviewops.common.ml.ngrams import CharNgrams
from reviewops.common.ml.training_support import combined_digest, file_digests, write_card

SEED = 20261207
NGRAM_SIZES = (1, 4)
MAX_NGRAMS = 200_000
NEAR_DUPLICATE = 0.95
ENCODER_C = (0.5, 2.0, 8.0)
NGRAM_C = (10.0, 30.0)
SYNTHETIC_WEIGHTS = (0.0, 0.3, 1.0)
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
    return np.array([1.0 if example.real else synthetic_weight for example in examples])


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def _fit_column_block(features: Any, examples: Sequence[Example], weights: np.ndarray, c: float
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Cause weights (features x causes) and biases; every label gets a column even if absent."""
    used = weights > 0
    labels = np.array([example.label_index for example in examples])
    model = _logistic(c).fit(features[used], labels[used], sample_weight=weights[used])
    coefficients = np.zeros((features.shape[1], len(LABELS)))
    bias = np.full(len(LABELS), -30.0)
    for column, label in enumerate(model.classes_):
        coefficients[:, label] = model.coef_[column]
        bias[label] = model.intercept_[column]
    return coefficients, bias


def _fit_signal(features: Any, examples: Sequence[Example], signal: str, c: float) -> tuple[np.ndarray, float]:
    """A binary head on the real rows only (the synthetic reviews carry no signal labels)."""
    real = np.array([example.real for example in examples])
    truth = np.array([signal in example.signals for example in examples])
    model = _logistic(c).fit(features[real], truth[real])
    return model.coef_[0], float(model.intercept_[0])


def fit(examples: Sequence[Example], embeddings: Embeddings, encoder_c: float, ngram_c: float,
        synthetic_weight: float) -> Fitted:
    weights = _sample_weights(examples, synthetic_weight)
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NGRAM_SIZES, min_df=2, sublinear_tf=True,
                                 max_features=MAX_NGRAMS, dtype=np.float64)
    ngram_features = vectorizer.fit_transform([ngram_text(example.item) for example in examples])
    encoder_features = np.hstack([embeddings.of(examples), rating_columns([e.item for e in examples])])
    ngram_causes, ngram_bias = _fit_column_block(ngram_features, examples, weights, ngram_c)
    encoder_causes, encoder_bias = _fit_column_block(encoder_features, examples, weights, encoder_c)
    ngram_columns, encoder_columns = [ngram_causes], [encoder_causes]
    ngram_biases, encoder_biases = list(ngram_bias), list(encoder_bias)
    for signal in LEARNED_SIGNALS:
        weight, bias = _fit_signal(ngram_features, examples, signal, ngram_c)
        ngram_columns.append(weight[:, None])
        ngram_biases.append(bias)
        weight, bias = _fit_signal(encoder_features, examples, signal, encoder_c)
        encoder_columns.append(weight[:, None])
        encoder_biases.append(bias)
    ngrams = CharNgrams(dict(vectorizer.vocabulary_), vectorizer.idf_.astype(np.float64), NGRAM_SIZES)
    heads = Heads(np.hstack(ngram_columns).astype(np.float32), np.array(ngram_biases),
                  np.hstack(encoder_columns).astype(np.float32), np.array(encoder_biases))
    return Fitted(ngrams, heads)


def as_model(fitted: Fitted, settings: Settings, encoder: SentenceEncoder, version: str = "dev") -> CauseModel:
    return CauseModel(version, fitted.ngrams, fitted.heads, settings, encoder)


def macro_f1(truth: Sequence[int], probabilities: np.ndarray) -> float:
    return float(f1_score(truth, probabilities.argmax(axis=1), labels=range(len(LABELS)), average="macro",
                          zero_division=0))


def fit_temperature(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The temperature with the lowest negative log-likelihood on held-out predictions."""
    from reviewops.classifier.ml.model import calibrate

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
    """The threshold with the best F1 on dev."""
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
    dev_scores: dict[str, float]


def choose(train: Sequence[Example], dev: Sequence[Example], embeddings: Embeddings,
           encoder: SentenceEncoder, log: Any) -> Choice:
    """Every choice on the dev split, from models fitted on the train split alone."""
    truth = np.array([example.label_index for example in dev])
    dev_items = [example.item for example in dev]
    dev_vectors = embeddings.of(dev)
    plain = Settings(encoder_share=0.5, cue_weight=0.0, temperature=1.0, review_threshold=0.0,
                     signal_thresholds={signal: 0.5 for signal in LEARNED_SIGNALS})
    scores: dict[str, float] = {}
    best: tuple[float, float, float, float, float, Fitted] | None = None
    for weight in SYNTHETIC_WEIGHTS:
        # Each head's C is chosen on its own (the other head's share set to 0), then the share.
        encoder_best = ngram_best = None
        fitted_by_c: dict[tuple[float, float], Fitted] = {}
        for encoder_c, ngram_c in [(c, NGRAM_C[0]) for c in ENCODER_C] + [(ENCODER_C[0], c) for c in NGRAM_C[1:]]:
            fitted = fit(train, embeddings, encoder_c, ngram_c, weight)
            fitted_by_c[(encoder_c, ngram_c)] = fitted
            model = as_model(fitted, plain, encoder)
            for share, name in ((1.0, "encoder"), (0.0, "ngram")):
                f1 = macro_f1(truth, model.scores(dev_items, dev_vectors, replace(plain, encoder_share=share)).probabilities)
                c = encoder_c if name == "encoder" else ngram_c
                scores[f"synthetic={weight} {name} C={c}"] = round(f1, 4)
                if name == "encoder" and (encoder_best is None or f1 > encoder_best[0]):
                    encoder_best = (f1, encoder_c)
                if name == "ngram" and (ngram_best is None or f1 > ngram_best[0]):
                    ngram_best = (f1, ngram_c)
        assert encoder_best is not None and ngram_best is not None
        key = (encoder_best[1], ngram_best[1])
        fitted = fitted_by_c.get(key) or fit(train, embeddings, key[0], key[1], weight)
        model = as_model(fitted, plain, encoder)
        for share in ENCODER_SHARES:
            for cue_weight in CUE_WEIGHTS:
                settings = replace(plain, encoder_share=share, cue_weight=cue_weight)
                f1 = macro_f1(truth, model.scores(dev_items, dev_vectors, settings).probabilities)
                scores[f"synthetic={weight} encoder C={key[0]} ngram C={key[1]} share={share} cues={cue_weight}"] = round(f1, 4)
                if best is None or f1 > best[0]:
                    best = (f1, weight, key[0], key[1], share, fitted)
                    best_cue = cue_weight
        log(f"synthetic weight {weight}: best so far {best[0]:.3f}")
    assert best is not None
    _, weight, encoder_c, ngram_c, share, fitted = best
    settings = replace(plain, encoder_share=share, cue_weight=best_cue)
    model = as_model(fitted, settings, encoder)
    raw = model.scores(dev_items, dev_vectors)
    temperature = fit_temperature(raw.probabilities, truth)
    calibrated = model.scores(dev_items, dev_vectors, replace(settings, temperature=temperature))
    confidence = calibrated.probabilities.max(axis=1)
    correct = calibrated.probabilities.argmax(axis=1) == truth
    signal_thresholds = {
        signal: signal_threshold(calibrated.signals[signal], np.array([signal in e.signals for e in dev]))
        for signal in LEARNED_SIGNALS
    }
    settings = replace(settings, temperature=temperature, review_threshold=review_threshold(confidence, correct),
                       signal_thresholds=signal_thresholds)
    return Choice(encoder_c, ngram_c, weight, settings, scores)


def train(licences: tuple[str, ...] = LICENCE_CLASSES, model_path: Path = MODEL_PATH, card_path: Path = CARD_PATH,
          labels_path: Path = REAL_LABELS, log: Any = print) -> dict[str, Any]:
    real, report = load_real(labels_path, licences=licences)
    log(f"real labelled reviews: {len(real)} ({report.summary()})")
    synthetic = [example for example in load_synthetic() if example.split == "synthetic-train"]
    test = [example for example in real if example.split == "test"]
    encoder = SentenceEncoder()
    candidates = [example for example in real if example.split in ("train", "dev")] + synthetic
    embeddings = Embeddings(test + candidates, encoder)
    dropped = {candidates[i].id for i in near_duplicates(embeddings.of(test), embeddings.of(candidates), NEAR_DUPLICATE)}
    log(f"dropped {len(dropped)} training rows that are near-duplicates of a test row")
    kept = [example for example in candidates if example.id not in dropped]
    train_rows = [example for example in kept if example.split in ("train", "synthetic-train")]
    dev_rows = [example for example in kept if example.split == "dev"]
    choice = choose(train_rows, dev_rows, embeddings, encoder, log)
    fitted = fit(train_rows + dev_rows, embeddings, choice.encoder_c, choice.ngram_c, choice.synthetic_weight)
    labels_digest = file_sha256(labels_path)
    synthetic_digests = file_digests(synthetic_files())
    settings_digest = combined_digest([repr(sorted(vars(choice.settings).items())), str(choice.encoder_c),
                                       str(choice.ngram_c), str(choice.synthetic_weight), ",".join(licences)])
    data_digest = combined_digest([labels_digest, *synthetic_digests.values()])
    version = f"use-ngram-lr-{data_digest[:8]}-{settings_digest[:4]}"
    header = {"version": version, "labels": list(LABELS), "signals": list(LEARNED_SIGNALS),
              "ngram_sizes": list(NGRAM_SIZES), "settings": vars(choice.settings)}
    save_artifact(model_path, header, {
        "ngram_vocabulary": fitted.ngrams.grams_array(), "ngram_idf": fitted.ngrams.idf.astype(np.float32),
        "ngram_weights": fitted.heads.ngram_weights, "ngram_bias": fitted.heads.ngram_bias,
        "encoder_weights": fitted.heads.encoder_weights, "encoder_bias": fitted.heads.encoder_bias,
    })
    used = train_rows + dev_rows
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
        "licences_used": list(licences),
        "rows_by_source": _rows_by_source(used),
        "rows_by_split": dict(Counter(example.split for example in used)),
        "near_duplicates_dropped": len(dropped),
        "unusable_labels": report.summary(),
        "chosen": {"encoder_C": choice.encoder_c, "ngram_C": choice.ngram_c,
                   "synthetic_weight": choice.synthetic_weight, **vars(choice.settings)},
        "dev_macro_f1": choice.dev_scores,
        "seed": SEED,
    }
    write_card(card_path, card)
    return card


def _rows_by_source(examples: Sequence[Example]) -> dict[str, dict[str, Any]]:
    counts = Counter(example.source for example in examples)
    return {source: {"rows": count, "licence": SOURCE_LICENCES.get(source, "apache-2.0 (written for the project)")}
            for source, count in sorted(counts.items())}
