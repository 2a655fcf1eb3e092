"""Training the rule model (ml/model.py) from labelled messages (offline, deterministic).

`python -m reviewops.compliance train` fits on services/compliance/train/*.jsonl, the two
development splits, authors F's, G's, I's and J's sets and the real train split, never on the
frozen test data (author H, the real test split, the synthetic test split). It chooses C by cross-validation, then each rule's
threshold on held-out fold scores: the lowest that keeps the rule's false alarms on compliant
messages within FALSE_ALARM_BUDGET (the gate's false blocks are what sellers feel: a draft a
support agent cannot send), and writes the artifact and its card.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from reviewops.common.ml.artifacts import file_sha256
from reviewops.common.ml.ngrams import CharNgrams
from reviewops.common.ml.training_support import combined_digest, write_card
from reviewops.compliance.domain.catalogue import CUSTOMER_CHANNELS
from reviewops.compliance.domain.checks import feedback_note_context
from reviewops.compliance.ml.evaluation import REAL_LABELS, Tally, load, real_messages, score
from reviewops.compliance.ml.model import MODEL_PATH, MODEL_RULES, NGRAM_SIZES, NoSecondOpinion, RuleModel

PACKAGE = Path(__file__).resolve().parents[1]
SERVICE = PACKAGE.parents[2]
CARD_PATH = MODEL_PATH.with_name("card.json")
# Author H's adversarial set and the real messages' test split are frozen test data: never here.
AUTHOR_FILES = tuple(SERVICE / "data" / "adversarial" / f"auth{author}.jsonl" for author in "fgij")
TRAINING_FILES = (*sorted((SERVICE / "train").glob("*.jsonl")), SERVICE / "eval" / "dev.jsonl",
                  SERVICE / "eval" / "dev2.jsonl", *AUTHOR_FILES)
C_GRID = (10.0, 30.0)
# Share of compliant held-out messages a rule may flag; the rules' budgets add up.
FALSE_ALARM_BUDGET = 0.003
LOWEST_THRESHOLD = 0.25
SEED = 20261122


def load_messages(paths: tuple[Path, ...]) -> list[dict[str, Any]]:
    """Messages the model can learn from: supported languages, customer channels."""
    messages = [dict(message, source=path.name) for path in paths for message in load(path)]
    return [m for m in messages if m["channel"] in CUSTOMER_CHANNELS
            and "unsupported_language" not in m["expected"]["rules"]]


def _breaks(message: dict[str, Any], rule: str) -> bool:
    """What the text does. The feedback note allowed by its context, and one sent twice, are
    still change requests in their words: the context decides in checks.py, not the model."""
    rules = message["expected"]["rules"]
    if rule == "request_change_or_remove":
        allowed_note = message["expected"]["allowed"] and feedback_note_context(
            message["channel"], message.get("context") or {})
        return rule in rules or "repeat_removal_note" in rules or allowed_note
    return rule in rules


def _labels(messages: list[dict[str, Any]]) -> np.ndarray:
    return np.array([[_breaks(m, rule) for rule in MODEL_RULES] for m in messages], dtype=int)


def fit(texts: list[str], labels: np.ndarray, c: float, thresholds: dict[str, float], version: str) -> RuleModel:
    features = TfidfVectorizer(analyzer="char", ngram_range=NGRAM_SIZES, min_df=2, sublinear_tf=True)
    matrix = features.fit_transform(texts)
    weights, intercepts = [], []
    for column in range(labels.shape[1]):
        regression = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        regression.fit(matrix, labels[:, column])
        weights.append(regression.coef_[0])
        intercepts.append(regression.intercept_[0])
    ngrams = CharNgrams(dict(features.vocabulary_), features.idf_, NGRAM_SIZES)
    return RuleModel(ngrams, np.column_stack(weights), np.array(intercepts), thresholds, version)


def _folds(messages: list[dict[str, Any]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """5 folds, stratified by language and whether the message is compliant."""
    strata = [f"{m['language']}/{m['expected']['allowed']}" for m in messages]
    return list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(strata, strata))


def fold_models(messages: list[dict[str, Any]], c: float) -> list[tuple[np.ndarray, RuleModel]]:
    """For each fold, the held-out messages' indexes and a model fitted on the others, without
    thresholds yet (they are chosen from these models' scores)."""
    texts = [m["text"] for m in messages]
    labels = _labels(messages)
    unset = dict.fromkeys(MODEL_RULES, 1.0)
    return [(held_index, fit([texts[i] for i in train_index], labels[train_index], c, unset, "cv"))
            for train_index, held_index in _folds(messages)]


def held_out_scores(messages: list[dict[str, Any]], folds: list[tuple[np.ndarray, RuleModel]]) -> np.ndarray:
    """Each message's scores from a model that never saw it."""
    scores = np.zeros((len(messages), len(MODEL_RULES)))
    for held_index, model in folds:
        scores[held_index] = model.scores([messages[i]["text"] for i in held_index])
    return scores


def held_out_gate(messages: list[dict[str, Any]], folds: list[tuple[np.ndarray, RuleModel]],
                  thresholds: dict[str, float]) -> dict[str, dict[str, Any]]:
    """The whole gate (cues, detectors, context and a model that never saw the message) on each
    held-out message, per source file: the cues were written before the training files, so on
    those this is the gate on phrasing it has never seen. Scored as `make eval` scores."""
    gate: dict[str, Tally] = defaultdict(Tally)
    cues_only: dict[str, Tally] = defaultdict(Tally)
    for held_index, model in folds:
        held = [messages[i] for i in held_index]
        with_model = score(held, replace(model, thresholds=thresholds))
        for message, judged, judged_by_cues in zip(held, with_model, score(held, NoSecondOpinion()), strict=True):
            gate[message["source"]].add(judged)
            cues_only[message["source"]].add(judged_by_cues)

    def rate(part: int, whole: int) -> float | None:
        return round(part / whole, 3) if whole else None

    return {source: {
        "violating": tally.violating, "compliant": tally.compliant,
        "recall_cues_only": rate(cues_only[source].caught, tally.violating),
        "recall": rate(tally.caught, tally.violating),
        "false_block_rate": rate(tally.false_blocks, tally.compliant),
    } for source, tally in sorted(gate.items())}


def choose_thresholds(scores: np.ndarray, messages: list[dict[str, Any]]) -> dict[str, float]:
    compliant = np.array([m["expected"]["allowed"] for m in messages])
    labels = _labels(messages)
    thresholds = {}
    for column, rule in enumerate(MODEL_RULES):
        # The allowed feedback note is a change request in its words; its context allows it.
        ranked = np.sort(scores[compliant & (labels[:, column] == 0), column])[::-1]
        allowed_alarms = int(FALSE_ALARM_BUDGET * len(ranked))
        # Just above the highest compliant score beyond the budget.
        thresholds[rule] = round(max(LOWEST_THRESHOLD, float(ranked[allowed_alarms]) + 1e-3), 4)
    return thresholds


def held_out_quality(scores: np.ndarray, messages: list[dict[str, Any]],
                     thresholds: dict[str, float]) -> dict[str, dict[str, float]]:
    labels = _labels(messages)
    compliant = np.array([m["expected"]["allowed"] for m in messages])
    quality = {}
    for column, rule in enumerate(MODEL_RULES):
        fired = scores[:, column] >= thresholds[rule]
        positives = labels[:, column] == 1
        quality[rule] = {
            "messages_with_rule": int(positives.sum()),
            "recall": round(float(fired[positives].mean()), 3),
            "compliant_flagged": round(float(fired[compliant & ~positives].mean()), 4),
        }
    return quality


def by_author(messages: list[dict[str, Any]], c: float) -> dict[str, dict[str, Any]]:
    """Each adversarial author's set judged by the whole gate with a model that never saw that author:
    fitted on everything else, its thresholds chosen on that rest's own folds. Random folds leave
    an author's other messages in training; this is the figure for a writer the gate has not met."""
    results = {}
    for path in AUTHOR_FILES:
        rest = [m for m in messages if m["source"] != path.name]
        held = [m for m in messages if m["source"] == path.name]
        thresholds = choose_thresholds(held_out_scores(rest, fold_models(rest, c)), rest)
        model = fit([m["text"] for m in rest], _labels(rest), c, thresholds, "author-cv")
        tally = Tally()
        for judged in score(held, model):
            tally.add(judged)
        results[path.name] = {
            "violating": tally.violating, "compliant": tally.compliant,
            "recall": round(tally.caught / tally.violating, 3) if tally.violating else None,
            "right_rule": round(tally.named / tally.violating, 3) if tally.violating else None,
            "false_block_rate": round(tally.false_blocks / tally.compliant, 3) if tally.compliant else None,
        }
    return results


def train(paths: tuple[Path, ...] = TRAINING_FILES, model_path: Path = MODEL_PATH,
          card_path: Path = CARD_PATH, real_labels: Path = REAL_LABELS) -> dict[str, Any]:
    """Fits on the files and on the real messages' train split (texts from ../shared/corpora;
    MissingCorpus without them)."""
    real, unusable = real_messages(real_labels)
    messages = load_messages(paths) + [dict(message, source="real messages, train split")
                                       for message in real["train"] if message["channel"] in CUSTOMER_CHANNELS]
    by_c = {}
    for c in C_GRID:
        folds = fold_models(messages, c)
        scores = held_out_scores(messages, folds)
        thresholds = choose_thresholds(scores, messages)
        quality = held_out_quality(scores, messages, thresholds)
        by_c[c] = (float(np.mean([q["recall"] for q in quality.values()])), thresholds, quality, folds)
    c = max(by_c, key=lambda key: by_c[key][0])
    _, thresholds, quality, folds = by_c[c]
    data_digest = combined_digest([*(file_sha256(path) for path in paths), file_sha256(real_labels)])
    settings_digest = combined_digest([json.dumps([c, thresholds], sort_keys=True)])
    version = f"rules-tfidf-lr-{data_digest[:8]}-{settings_digest[:4]}"
    model = fit([m["text"] for m in messages], _labels(messages), c, thresholds, version)
    model.save(model_path)
    card = {
        "version": version,
        "artifact": model_path.name,
        "artifact_sha256": file_sha256(model_path),
        "rules": list(MODEL_RULES),
        "training_files": {path.relative_to(SERVICE).as_posix(): file_sha256(path) for path in paths},
        "real_labels": {"path": real_labels.relative_to(SERVICE).as_posix(), "sha256": file_sha256(real_labels),
                        "split": "train", "unusable": unusable},
        "training_messages": len(messages),
        "chosen": {"C": c, "thresholds": thresholds},
        "held_out_by_C": {str(key): {"mean_recall": round(value[0], 3), "thresholds": value[1]}
                          for key, value in sorted(by_c.items())},
        "held_out_quality": quality,
        "held_out_gate_by_file": held_out_gate(messages, folds, thresholds),
        "held_out_gate_by_author": by_author(messages, c),
        "false_alarm_budget_per_rule": FALSE_ALARM_BUDGET,
        "features": "TF-IDF char 1-4 (min_df 2), sublinear tf",
        "classifier": "one logistic regression per rule, class_weight=balanced",
        "seed": SEED,
    }
    write_card(card_path, card)
    return card
