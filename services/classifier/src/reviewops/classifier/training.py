"""Training the cause model from the labelled files in services/classifier/data (offline, deterministic).

`python -m reviewops.classifier train` fits on every train_*.jsonl file, chooses C and the cue
weight by stratified cross-validation on the training data only (never the test split), and
writes the artifact and its card (version, sha256, data digests, the cross-validated choice).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from reviewops.classifier.domain.learned import LABELS, CauseModel, build_pipeline, calibrate, model_input

PACKAGE = Path(__file__).resolve().parent
MODEL_PATH = PACKAGE / "model" / "causes.joblib"
CARD_PATH = PACKAGE / "model" / "card.json"
C_GRID = (10.0, 30.0)
CUE_WEIGHTS = (0.0, 0.1, 0.2, 0.3)
TEMPERATURES = tuple(round(0.2 + 0.05 * step, 2) for step in range(37))  # 0.2 .. 2.0
SEED = 20261122


def load_reviews(paths: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines() if line.strip()]


def _items(reviews: list[dict[str, Any]]) -> list[tuple[str, str, int | None]]:
    return [(r.get("title") or "", r["body"], r.get("rating")) for r in reviews]


def _cross_validate(reviews: list[dict[str, Any]]) -> tuple[float, float, float, dict[str, float]]:
    """Choose C and the cue weight by macro-F1 over held-out folds, then the temperature that
    minimises the log-loss of the chosen configuration's held-out probabilities."""
    labels = np.array([r["primary_cause"] for r in reviews])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    scores: dict[str, list[float]] = {}
    held_out: dict[str, list[tuple[np.ndarray, list[str]]]] = {}
    for train_index, held_index in folds.split(np.zeros(len(labels)), labels):
        train = [reviews[i] for i in train_index]
        held = [reviews[i] for i in held_index]
        truth = [r["primary_cause"] for r in held]
        for c in C_GRID:
            pipeline = build_pipeline(c).fit([_text(r) for r in train], [r["primary_cause"] for r in train])
            for weight in CUE_WEIGHTS:
                key = f"C={c} cue_weight={weight}"
                probabilities = CauseModel(pipeline, "cv", weight).probabilities(_items(held))
                predicted = [LABELS[i] for i in probabilities.argmax(axis=1)]
                scores.setdefault(key, []).append(f1_score(truth, predicted, average="macro"))
                held_out.setdefault(key, []).append((probabilities, truth))
    means = {key: float(np.mean(values)) for key, values in scores.items()}
    best = max(means, key=means.__getitem__)
    c, weight = (float(part.split("=")[1]) for part in best.split())
    probabilities = np.vstack([p for p, _ in held_out[best]])
    truth_index = np.array([LABELS.index(label) for _, truth in held_out[best] for label in truth])
    return c, weight, _temperature(probabilities, truth_index), means


def _temperature(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The temperature with the lowest negative log-likelihood on held-out predictions."""
    def nll(temperature: float) -> float:
        return float(-np.log(calibrate(probabilities, temperature)[np.arange(len(truth)), truth] + 1e-12).mean())

    return min(TEMPERATURES, key=nll)


def _text(review: dict[str, Any]) -> str:
    return model_input(review.get("title") or "", review["body"], review.get("rating"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(data_dir: Path, model_path: Path = MODEL_PATH, card_path: Path = CARD_PATH) -> dict[str, Any]:
    paths = sorted(data_dir.glob("train_*.jsonl"))
    if not paths:
        raise FileNotFoundError(f"no train_*.jsonl in {data_dir}")
    reviews = load_reviews(paths)
    c, weight, temperature, cv_scores = _cross_validate(reviews)
    pipeline = build_pipeline(c).fit([_text(r) for r in reviews], [r["primary_cause"] for r in reviews])
    data_digest = hashlib.sha256("".join(_digest(path) for path in paths).encode()).hexdigest()
    settings_digest = hashlib.sha256(f"{c}/{weight}/{temperature}".encode()).hexdigest()
    version = f"tfidf-lr-{data_digest[:8]}-{settings_digest[:4]}"  # new data or settings: a new version
    model_path.parent.mkdir(parents=True, exist_ok=True)
    CauseModel(pipeline, version, weight, temperature).save(model_path)
    card = {
        "version": version,
        "artifact": model_path.name,
        "artifact_sha256": _digest(model_path),
        "training_files": {path.name: _digest(path) for path in paths},
        "training_reviews": len(reviews),
        "chosen": {"C": c, "cue_weight": weight, "temperature": temperature},
        "cross_validated_macro_f1": {key: round(value, 4) for key, value in sorted(cv_scores.items())},
        "features": "TF-IDF char 1-4 (min_df 2), sublinear tf; rating token",
        "classifier": "multinomial logistic regression, class_weight=balanced",
        "seed": SEED,
    }
    card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return card
