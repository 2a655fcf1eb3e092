"""Scoring the shipped cause model (`make eval`): docs/classifier-evaluation.md. Offline; nothing
here trains or tunes. The real test split comes first; the synthetic test split is reported after
it, labelled as what it is.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score, precision_recall_fscore_support

from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.data import REAL_LABELS, SIGNALS, Example, load_real, load_synthetic
from reviewops.classifier.ml.model import CARD_PATH, LABELS, MODEL_PATH, CauseModel
from reviewops.common.ml.training_support import read_jsonl

BINS = 10
OTHER_LANGUAGES = ("de", "fr", "es", "ja")


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = BINS) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence bins, weighted by size."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def _f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    return float(f1_score(truth, predicted, labels=list(LABELS), average="macro", zero_division=0))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def _rate(part: float, whole: float) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


class Scored:
    """The shipped service's answers (the same Classifier the consumer runs) for a set of examples."""

    def __init__(self, classifier: Classifier, examples: Sequence[Example]) -> None:
        self.examples = list(examples)
        results = classifier.classify_many([
            ReviewText(e.item.title, e.item.body, e.item.rating, kind=e.kind) for e in self.examples
        ])
        self.truth = [e.primary for e in self.examples]
        self.predicted = [r.primary_cause for r in results]
        self.confidence = np.array([r.causes[0].score for r in results])
        self.needs_review = np.array([r.needs_review for r in results])
        self.signals = [{span.signal for span in r.removal_signals} for r in results]
        self.correct = np.array([p == t for p, t in zip(self.predicted, self.truth, strict=True)])

    def subset(self, keep: Callable[[Example], bool]) -> list[int]:
        return [i for i, e in enumerate(self.examples) if keep(e)]

    def f1_of(self, indices: Sequence[int]) -> float:
        return _f1([self.truth[i] for i in indices], [self.predicted[i] for i in indices])


def _languages(scored: Scored) -> list[list[str]]:
    groups: list[tuple[str, Callable[[Example], bool]]] = [("all", lambda e: True)]
    groups += [(language, lambda e, language=language: e.language == language) for language in ("en", "zh")]
    groups.append(("de, fr, es, ja together", lambda e: e.language in OTHER_LANGUAGES))
    groups += [(language, lambda e, language=language: e.language == language) for language in OTHER_LANGUAGES]
    rows = []
    for name, keep in groups:
        indices = scored.subset(keep)
        rows.append([name, f"{scored.f1_of(indices):.3f}", f"{scored.correct[indices].mean():.3f}", str(len(indices))])
    return rows


def _per_cause(scored: Scored) -> list[list[str]]:
    precision, recall, f1, support = precision_recall_fscore_support(scored.truth, scored.predicted,
                                                                     labels=list(LABELS), zero_division=0)
    return [[f"`{label}`", f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(s)]
            for label, p, r, f, s in zip(LABELS, precision, recall, f1, support, strict=True)]


def _signals(scored: Scored) -> list[list[str]]:
    rows = []
    for signal in SIGNALS:
        applicable = scored.subset(lambda e: signal != "product_review_only" or e.kind == "seller_feedback")
        truth = np.array([signal in scored.examples[i].signals for i in applicable], dtype=bool)
        found = np.array([signal in scored.signals[i] for i in applicable], dtype=bool)
        tp = float((truth & found).sum())
        rows.append([f"`{signal}`", _rate(tp, found.sum()), _rate(tp, truth.sum()),
                     _rate(2 * tp, found.sum() + truth.sum()), str(int(truth.sum())), str(len(applicable))])
    return rows


def _confidence(scored: Scored, threshold: float) -> list[str]:
    flagged = scored.needs_review
    confident = ~flagged
    return [
        f"`needs_review` is set when the calibrated top score is below **{threshold:.2f}** (chosen on the real "
        "dev split so that the confident rest is at least 85% accurate).",
        "",
        *_table(["side", "reviews", "share", "accuracy"], [
            ["confident (score >= threshold)", str(int(confident.sum())), _rate(confident.sum(), len(flagged)),
             _rate(scored.correct[confident].sum(), confident.sum())],
            ["needs_review", str(int(flagged.sum())), _rate(flagged.sum(), len(flagged)),
             _rate(scored.correct[flagged].sum(), flagged.sum())],
        ]),
    ]


def _agreement(labels: list[dict[str, Any]], split: str | None) -> list[list[str]]:
    rows = []
    chosen = [label for label in labels if split is None or label["split"] == split]
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label in chosen:
        by_language[label["lang"]].append(label)
    for language, group in [("all", chosen), *sorted(by_language.items())]:
        first = [label["agreement"]["a"]["primary"] for label in group]
        second = [label["agreement"]["b"]["primary"] for label in group]
        agreed = sum(a == b for a, b in zip(first, second, strict=True))
        rows.append([language, str(len(group)), _rate(agreed, len(group)), f"{cohen_kappa_score(first, second):.3f}",
                     f"{_f1(first, second):.3f}"])
    return rows


def _signal_agreement(labels: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for signal in SIGNALS:
        first = [signal in label["agreement"]["a"]["signals"] for label in labels]
        second = [signal in label["agreement"]["b"]["signals"] for label in labels]
        either = sum(a or b for a, b in zip(first, second, strict=True))
        both = sum(a and b for a, b in zip(first, second, strict=True))
        rows.append([f"`{signal}`", str(sum(first)), str(sum(second)), str(both), _rate(both, either)])
    return rows


def _confusion(scored: Scored) -> list[str]:
    matrix = confusion_matrix(scored.truth, scored.predicted, labels=list(LABELS))
    return _table(["true \\ predicted", *[label[:12] for label in LABELS]],
                  [[f"`{label}`", *[str(v) for v in row]] for label, row in zip(LABELS, matrix, strict=True)])


def _ablations(model: CauseModel, examples: Sequence[Example]) -> list[list[str]]:
    rows = []
    settings = model.settings
    variants = [
        ("shipped", settings),
        ("encoder head only", replace(settings, encoder_share=1.0)),
        ("n-gram head only", replace(settings, encoder_share=0.0)),
        ("without cue evidence", replace(settings, cue_weight=0.0)),
    ]
    truth = [e.primary for e in examples]
    for name, variant in variants:
        probabilities = model.scores([e.item for e in examples], settings=variant).probabilities
        rows.append([name, f"{_f1(truth, [LABELS[i] for i in probabilities.argmax(axis=1)]):.3f}"])
    return rows


def evaluation_document(model_path: Path = MODEL_PATH, card_path: Path = CARD_PATH,
                        labels_path: Path = REAL_LABELS) -> str:
    model = CauseModel.load(model_path)
    classifier = Classifier(model)
    card = json.loads(card_path.read_text("utf-8"))
    labels = read_jsonl([labels_path])
    synthetic_test = [e for e in load_synthetic() if e.split == "synthetic-test"]
    lines = [
        "# Classifier evaluation",
        "",
        "Generated by `make eval` (`python -m reviewops.classifier evaluate`); do not edit by hand.",
        f"Model `{card['version']}`, artifact `{card['artifact']}` sha256 `{card['artifact_sha256']}`, "
        f"encoder {card['encoder']}.",
        "",
    ]
    # Without the corpus this raises MissingCorpus: the command stops and writes nothing, rather
    # than replace the real figures with a document that has none.
    real, report = load_real(labels_path)
    test = [e for e in real if e.split == "test"]
    if test:
        scored = Scored(classifier, test)
        sources = Counter(e.source for e in test)
        lines += [
            "## Real test split",
            "",
            f"{len(test)} real negative reviews nobody on the team wrote, labelled by two annotators with a third "
            "reading of disagreements (docs/labelling.md), from sources that training does not use: "
            + ", ".join(f"{source} {count}" for source, count in sorted(sources.items()))
            + ". French, Spanish and Japanese exist only in MARC, so theirs are MARC's test partition "
            "against training on its train partition: other reviews of the same marketplace, not another source.",
            f"Rows not usable: {report.summary()}.",
            "",
            "### Primary cause",
            "",
            *_table(["languages", "macro-F1", "accuracy", "reviews"], _languages(scored)),
            "",
            "### Agreement between the annotators (the ceiling)",
            "",
            "The two independent passes before the third reading, on the primary cause: per cent agreement, "
            "Cohen's kappa, and the macro-F1 of one annotator scored against the other.",
            "",
            *_table(["language", "reviews", "agreement", "kappa", "macro-F1 A vs B"], _agreement(labels, "test")),
            "",
            "### Per cause",
            "",
            *_table(["cause", "precision", "recall", "F1", "support"], _per_cause(scored)),
            "",
            "### Confusion matrix (rows: true cause, columns: predicted)",
            "",
            *_confusion(scored),
            "",
            "### Removal signals",
            "",
            "`fulfillment_only` is the model's learned head; `profanity`, `personal_info` and `promotional` are the "
            "shared detectors in libs/common; `product_review_only` is the cue rule, judged on seller feedback only "
            "(the test split has none: its figures are on the dev split below).",
            "",
            *_table(["signal", "precision", "recall", "F1", "labelled", "reviews"], _signals(scored)),
            "",
            "### Calibration and confidence",
            "",
            f"Expected calibration error of the primary cause's score ({BINS} equal-width bins): "
            f"**{expected_calibration_error(scored.confidence, scored.correct):.3f}**; mean score "
            f"{scored.confidence.mean():.3f}, accuracy {scored.correct.mean():.3f}.",
            "",
            *_confidence(scored, model.settings.review_threshold),
            "",
            "### Ablations",
            "",
            *_table(["variant", "macro-F1"], _ablations(model, test)),
            "",
        ]
    dev = [e for e in real if e.split == "dev"]
    if dev:
        seller_feedback = [e for e in dev if e.kind == "seller_feedback"]
        lines += [
            "## Real dev split (used for the model's choices: not a test)",
            "",
            f"{len(dev)} reviews; macro-F1 {Scored(classifier, dev).f1_of(range(len(dev))):.3f} with the shipped "
            "model, which was refitted on train and dev, so this only shows the fit.",
            "",
        ]
        if seller_feedback:
            lines += [f"Signals on its {len(seller_feedback)} seller feedback rows:", "",
                      *_table(["signal", "precision", "recall", "F1", "labelled", "reviews"],
                              _signals(Scored(classifier, seller_feedback))), ""]
    if labels:
        lines += [
            "## Agreement between the annotators, every labelled row",
            "",
            *_table(["language", "reviews", "agreement", "kappa", "macro-F1 A vs B"], _agreement(labels, None)),
            "",
            "Per signal (rows flagged by A, by B, by both, and both over either):",
            "",
            *_table(["signal", "A", "B", "both", "both / either"], _signal_agreement(labels)),
            "",
        ]
    scored = Scored(classifier, synthetic_test)
    lines += [
        "## Synthetic test split (written for the project: not the model's quality)",
        "",
        f"{len(synthetic_test)} reviews written by a project author (services/classifier/data/test.jsonl). Its "
        "phrasing is close to the synthetic training data, so it says how well the model learned our own "
        "writing, not real buyers.",
        "",
        *_table(["languages", "macro-F1", "accuracy", "reviews"], _languages(scored)[:1]),
        "",
        f"Expected calibration error there: {expected_calibration_error(scored.confidence, scored.correct):.3f}.",
        "",
    ]
    return "\n".join(lines)
