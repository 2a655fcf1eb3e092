"""Fitting the learned aspect and fact heads (`python -m reviewops.classifier train-aspects`): offline,
deterministic, never imported by the service. docs/aspects.md, "Learned heads".

Data: the 1,200 real train-split reviews of services/classifier/data/real/aspects_train.jsonl
(docs/labelling.md, "Second round"), less any that is a near-duplicate of a labelled test review.
Features: the USE embedding the cause model computes (the service passes it on; nothing is encoded
twice). Every choice is made on 5-fold held-out predictions over those rows, never on dev or test:
the regularisation, and per name whether it gets a head at all and at which threshold it fires.
A name gets a head only if it has at least MIN_POSITIVES labelled rows and its held-out F1 with the
head (cue hit OR head fired, an aspect within the review's settled causes, as the service applies
it) beats its F1 with the cues alone by MIN_GAIN; thin names stay cue-only. The heads are then
fitted on all the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from reviewops.classifier.domain.aspects import ASPECT_CAUSES, ASPECTS, FACTS, find_aspects
from reviewops.classifier.ml.aspect_model import ASPECT_CARD_PATH, ASPECT_MODEL_PATH
from reviewops.classifier.ml.aspects_evaluation import ASPECT_LABELS, LabelledReview, load_labelled
from reviewops.classifier.ml.data import DATA_DIR, near_duplicates
from reviewops.classifier.ml.model import ModelInput, encoder_text
from reviewops.common.ml.artifacts import file_sha256, save_artifact
from reviewops.common.ml.encoder import SentenceEncoder, encoder_name
from reviewops.common.ml.training_support import combined_digest, write_card

ASPECT_TRAIN_LABELS = DATA_DIR / "real" / "aspects_train.jsonl"
NAMES = (*ASPECTS, *FACTS)
SEED = 20261207
FOLDS = 5
C_VALUES = (1.0, 4.0)
MIN_POSITIVES = 15
MIN_GAIN = 0.01
# Of the reviews a head adds (fired, allowed, no cue hit), at least this share must be right in the
# held-out folds: F1 alone let heads trade much precision for recall.
MIN_ADDED_PRECISION = 0.6
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 20))  # 0.05 .. 0.95
NEAR_DUPLICATE = 0.95


def f1(truth: np.ndarray, found: np.ndarray) -> float:
    tp = int((truth & found).sum())
    wrong = int((truth ^ found).sum())
    return 2 * tp / (2 * tp + wrong) if tp + wrong else 0.0


def choose_threshold(truth: np.ndarray, cue: np.ndarray, probability: np.ndarray, allowed: np.ndarray
                     ) -> tuple[float | None, float, float]:
    """The threshold at which `cue OR (allowed AND probability >= threshold)` has the best F1, or None
    where no threshold beats the cues alone by MIN_GAIN with the reviews it adds right at least
    MIN_ADDED_PRECISION of the time; with the F1 of the cues alone and of the choice."""
    alone = f1(truth, cue)
    best, chosen = alone + MIN_GAIN, None
    for threshold in THRESHOLDS:
        added = allowed & (probability >= threshold) & ~cue
        if not added.any() or (truth & added).sum() < MIN_ADDED_PRECISION * added.sum():
            continue
        score = f1(truth, cue | added)
        if score > best:
            best, chosen = score, threshold
    return chosen, alone, (best if chosen is not None else alone)


def _matrix(reviews: Sequence[LabelledReview], names_of: Any) -> np.ndarray:
    return np.array([[name in names_of(review) for name in NAMES] for review in reviews], dtype=bool)


def cue_matrix(reviews: Sequence[LabelledReview]) -> np.ndarray:
    """What the cues alone report per review (within the settled causes), reviews x NAMES."""
    rows = []
    for review in reviews:
        aspects, facts = find_aspects(review.title, review.body, review.language, review.settled_causes)
        found = {a.aspect for a in aspects} | {f.fact for f in facts}
        rows.append([name in found for name in NAMES])
    return np.array(rows, dtype=bool)


def allowed_matrix(reviews: Sequence[LabelledReview]) -> np.ndarray:
    """Where a fired head may report (an aspect within the review's causes; a fact anywhere)."""
    return _matrix(reviews, lambda review: {*FACTS, *(a for a, c in ASPECT_CAUSES.items() if c in review.settled_causes)})


def _fit(features: np.ndarray, truth: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(features, truth)
    return model.coef_[0], float(model.intercept_[0])


def held_out_probabilities(features: np.ndarray, truth: np.ndarray, c: float) -> np.ndarray:
    """5-fold held-out probability of each name with enough rows (others stay 0), reviews x NAMES."""
    probabilities = np.zeros(truth.shape)
    candidates = [j for j in range(len(NAMES)) if truth[:, j].sum() >= MIN_POSITIVES]
    for train, held in KFold(FOLDS, shuffle=True, random_state=SEED).split(features):
        for j in candidates:
            weights, bias = _fit(features[train], truth[train, j], c)
            probabilities[held, j] = 1 / (1 + np.exp(-(features[held] @ weights + bias)))
    return probabilities


def train_aspects(labels_path: Path = ASPECT_TRAIN_LABELS, model_path: Path = ASPECT_MODEL_PATH,
                  card_path: Path = ASPECT_CARD_PATH, log: Any = print) -> dict[str, Any]:
    reviews, report = load_labelled(labels_path)
    log(f"labelled train reviews: {len(reviews)} ({report.summary()})")
    test = [review for review in load_labelled(ASPECT_LABELS)[0] if review.split == "test"]
    encoder = SentenceEncoder()
    embed = lambda rows: encoder.encode([encoder_text(ModelInput(r.title, r.body, r.rating)) for r in rows])  # noqa: E731
    features = embed(reviews)
    dropped = set(near_duplicates(embed(test), features, NEAR_DUPLICATE).tolist()) if test else set()
    log(f"dropped {len(dropped)} rows that are near-duplicates of a labelled test row")
    kept = [i for i in range(len(reviews)) if i not in dropped]
    reviews, features = [reviews[i] for i in kept], features[kept]
    truth = _matrix(reviews, lambda review: review.aspects | review.facts)
    cues, allowed = cue_matrix(reviews), allowed_matrix(reviews)

    best: tuple[float, float, dict[str, dict[str, Any]]] | None = None
    for c in C_VALUES:
        probabilities = held_out_probabilities(features, truth, c)
        per_name, combined = {}, cues.copy()
        for j, name in enumerate(NAMES):
            threshold, alone, with_head = choose_threshold(truth[:, j], cues[:, j], probabilities[:, j], allowed[:, j])
            per_name[name] = {"positives": int(truth[:, j].sum()), "threshold": threshold,
                              "held_out_f1_cues": round(alone, 3), "held_out_f1_with_head": round(with_head, 3)}
            if threshold is not None:
                combined[:, j] |= allowed[:, j] & (probabilities[:, j] >= threshold)
        score = f1(truth, combined)
        log(f"C={c}: held-out micro-F1 cues {f1(truth, cues):.3f}, with heads {score:.3f}, "
            f"{sum(v['threshold'] is not None for v in per_name.values())} heads")
        if best is None or score > best[0]:
            best = (score, c, per_name)
    assert best is not None
    score, c, per_name = best
    names = [name for name in NAMES if per_name[name]["threshold"] is not None]
    fitted = [_fit(features, truth[:, NAMES.index(name)], c) for name in names]
    weights = np.array([w for w, _ in fitted], dtype=np.float32).T.reshape(features.shape[1], len(names))
    bias = np.array([b for _, b in fitted], dtype=np.float32)
    thresholds = np.array([per_name[name]["threshold"] for name in names], dtype=np.float32)
    labels_digest = file_sha256(labels_path)
    version = f"use-aspect-lr-{labels_digest[:8]}-{combined_digest([str(c), *names, *map(str, thresholds)])[:4]}"
    save_artifact(model_path, {"version": version, "names": names},
                  {"weights": weights, "bias": bias, "thresholds": thresholds})
    card = {
        "version": version,
        "artifact": model_path.name,
        "artifact_sha256": file_sha256(model_path),
        "encoder": encoder_name() + ", the cause model's embedding of title and body, reused at run time",
        "classifier": "one binary logistic regression (class_weight=balanced) per name with a head; a head fires "
                      "at its threshold; the detector reports cue hit OR fired head, an aspect only within the "
                      "review's causes",
        "labels_sha256": labels_digest,
        "rows": len(reviews),
        "near_duplicates_dropped": len(dropped),
        "unusable_labels": report.summary(),
        "chosen": {"C": c, "min_positives": MIN_POSITIVES, "min_gain": MIN_GAIN,
                   "min_added_precision": MIN_ADDED_PRECISION, "folds": FOLDS},
        "held_out_micro_f1": {"cues": round(f1(truth, cues), 3), "with_heads": round(score, 3)},
        "heads": names,
        "per_name": per_name,
        "seed": SEED,
    }
    write_card(card_path, card)
    return card
