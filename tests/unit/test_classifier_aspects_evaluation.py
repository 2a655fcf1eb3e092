"""Scoring the aspects detector (ml/aspects_evaluation.py): the per-review counts, the pooled
figures, and, where ../shared is on this machine, the labels joined with the corpus texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewops.classifier.domain.aspects import find_aspects
from reviewops.classifier.ml import aspects_evaluation
from reviewops.classifier.ml.aspects_evaluation import Counts, count, load_labelled, macro_f1, micro
from reviewops.classifier.ml.data import REAL_LABELS
from reviewops.common.ml.training_support import MissingCorpus, read_jsonl


def test_each_review_counts_a_name_once_as_hit_extra_or_missed():
    truth = [frozenset({"late", "lost"}), frozenset(), frozenset({"late"})]
    found = [frozenset({"late"}), frozenset({"late"}), frozenset({"late", "tone"})]
    counts = count(("late", "lost", "tone"), truth, found)
    assert (counts["late"].tp, counts["late"].fp, counts["late"].fn) == (2, 1, 0)
    assert (counts["lost"].tp, counts["lost"].fp, counts["lost"].fn) == (0, 0, 1)
    assert (counts["tone"].precision, counts["tone"].recall, counts["tone"].support) == (0.0, None, 0)
    assert counts["late"].precision == pytest.approx(2 / 3) and counts["late"].recall == 1.0


def test_micro_pools_the_counts_and_macro_averages_only_the_names_that_occur():
    counts = [Counts(tp=3, fp=1, fn=0), Counts(tp=0, fp=0, fn=2), Counts(tp=0, fp=4, fn=0)]
    pooled = micro(counts)
    assert (pooled.tp, pooled.fp, pooled.fn) == (3, 5, 2)
    assert macro_f1(counts) == pytest.approx((6 / 7 + 0.0) / 2)
    assert macro_f1([Counts(fp=2)]) is None


def _labels_from_train_rows(tmp_path: Path, rows: int) -> Path:
    """Labels for a few of the classifier's train rows (never the aspects sample's), marking exactly
    what the detector finds under the settled causes, so that this rule must score 1.0."""
    train = [row for row in read_jsonl([REAL_LABELS]) if row["split"] == "train"][:rows]
    keys = {row["id"]: {key: row[key] for key in ("id", "sha256", "lang", "source")} for row in train}
    try:
        reviews, _ = load_labelled(_write(tmp_path, [{**key, "split": "dev", "aspects": [], "facts": []}
                                                      for key in keys.values()]))
    except MissingCorpus:
        pytest.skip("../shared/corpora is not on this machine")
    labels = []
    for review in reviews:
        aspects, facts = find_aspects(review.title, review.body, review.language, review.settled_causes)
        labels.append({**keys[review.id], "split": "dev", "aspects": [a.aspect for a in aspects],
                       "facts": [f.fact for f in facts]})
    return _write(tmp_path, labels)


def _write(tmp_path: Path, labels: list[dict]) -> Path:
    path = tmp_path / "aspects.jsonl"
    path.write_text("".join(json.dumps(label, ensure_ascii=False) + "\n" for label in labels), encoding="utf-8")
    return path


def test_the_labels_join_the_corpus_texts_and_the_settled_cause_rule_scores_its_own_answers(tmp_path: Path):
    path = _labels_from_train_rows(tmp_path, 60)
    reviews, report = load_labelled(path)
    assert len(reviews) == 60 and not report.changed and not report.missing
    detected = aspects_evaluation.detect(reviews, lambda i: reviews[i].settled_causes, lambda i: reviews[i].language)
    aspects = micro(count(aspects_evaluation.ASPECTS, [r.aspects for r in reviews], detected.aspects).values())
    assert aspects.support > 0 and (aspects.precision, aspects.recall) == (1.0, 1.0)
    ungated = aspects_evaluation.detect(reviews, lambda i: aspects_evaluation.CAUSES, lambda i: reviews[i].language)
    assert all(gated <= every for gated, every in zip(detected.aspects, ungated.aspects, strict=True))
