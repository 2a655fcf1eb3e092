"""Scoring the aspects and facts detector (`make eval`): docs/aspects-evaluation.md. Offline.

The labels (services/classifier/data/real/aspects.jsonl) say, per real review, which aspects and
facts two annotators and a settling pass found (the guide's names, per review, no spans); the texts
are read from ../shared/corpora at run time, as for the cause model. The detector is scored per
review: a name it reports counts once, whatever its span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewops.classifier.domain.aspects import ASPECT_CAUSES, ASPECTS, FACTS, find_aspects
from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.data import DATA_DIR, REAL_LABELS, corpus_dir, review_texts
from reviewops.classifier.ml.aspect_model import ASPECT_MODEL_PATH, AspectHeads
from reviewops.classifier.ml.model import MODEL_PATH, CauseModel, ModelInput, encoder_text
from reviewops.common.ml.training_support import JoinReport, held_out_predicate, join_corpus, read_jsonl, shared_dir

ASPECT_LABELS = DATA_DIR / "real" / "aspects.jsonl"
LANGUAGES = ("en", "zh", "de", "ja", "fr", "es")
CAUSES = tuple(dict.fromkeys(ASPECT_CAUSES.values()))
CUES_ONLY = "cues only (before the learned heads)"
CONFIDENT_ONLY = "shipped, only the aspects marked confident (what a draft answers by name)"


@dataclass(frozen=True)
class LabelledReview:
    id: str
    language: str
    split: str
    title: str
    body: str
    rating: int | None
    settled_causes: tuple[str, ...]  # the cause labels of docs/labelling.md, for the oracle rule
    aspects: frozenset[str]
    facts: frozenset[str]


@dataclass
class Counts:
    """True positives, false positives and false negatives of one name (or of a pool of names)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: bool, found: bool) -> None:
        self.tp += truth and found
        self.fp += found and not truth
        self.fn += truth and not found

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else None


def count(names: Sequence[str], truth: Sequence[frozenset[str]], found: Sequence[frozenset[str]]) -> dict[str, Counts]:
    """Per-review counts for each name."""
    counts = {name: Counts() for name in names}
    for true_names, found_names in zip(truth, found, strict=True):
        for name in names:
            counts[name].add(name in true_names, name in found_names)
    return counts


def micro(counts: Iterable[Counts]) -> Counts:
    pooled = Counts()
    for c in counts:
        pooled.tp, pooled.fp, pooled.fn = pooled.tp + c.tp, pooled.fp + c.fp, pooled.fn + c.fn
    return pooled


def macro_f1(counts: Iterable[Counts]) -> float | None:
    """Mean F1 over the names that occur in the labels (a name nobody marked has no recall to average)."""
    scores = [c.f1 or 0.0 for c in counts if c.support]
    return sum(scores) / len(scores) if scores else None


def load_labelled(labels_path: Path = ASPECT_LABELS, cause_labels: Path = REAL_LABELS
                  ) -> tuple[list[LabelledReview], JoinReport]:
    """The labelled reviews with their texts; raises MissingCorpus where ../shared is absent."""
    labels = read_jsonl([labels_path])
    settled = {row["id"]: tuple(row["causes"]) for row in read_jsonl([cause_labels])}
    sources = sorted({label["source"] for label in labels})
    rows, report = join_corpus(labels, [corpus_dir() / f"{source}.jsonl" for source in sources], review_texts,
                               held_out_predicate(shared_dir()))
    return [
        LabelledReview(id=row["id"], language=row["lang"], split=row["split"], title=row.get("title") or "",
                       body=row["body"], rating=row.get("rating"), settled_causes=settled.get(row["id"], ()),
                       aspects=frozenset(row["aspects"]), facts=frozenset(row["facts"]))
        for row in rows
    ], report


@dataclass(frozen=True)
class Detected:
    """What one rule reported for each review: aspect names and fact names."""

    aspects: list[frozenset[str]]
    facts: list[frozenset[str]]


def detect(reviews: Sequence[LabelledReview], causes_of: Callable[[int], Iterable[str]],
           language_of: Callable[[int], str], learned: Sequence[frozenset[str]] | None = None) -> Detected:
    aspects, facts = [], []
    for index, review in enumerate(reviews):
        found_aspects, found_facts = find_aspects(review.title, review.body, language_of(index), causes_of(index),
                                                  learned[index] if learned is not None else ())
        aspects.append(frozenset(a.aspect for a in found_aspects))
        facts.append(frozenset(f.fact for f in found_facts))
    return Detected(aspects, facts)


def _service_answers(classifier: Classifier, reviews: Sequence[LabelledReview], confident_only: bool = False
                     ) -> Detected:
    results = classifier.classify_many([ReviewText(r.title, r.body, r.rating, r.language) for r in reviews])
    return Detected([frozenset(a.aspect for a in result.aspects if a.confident or not confident_only)
                     for result in results],
                    [frozenset(f.fact for f in result.facts_given) for result in results])


def rules(model: CauseModel, heads: AspectHeads, reviews: Sequence[LabelledReview]) -> dict[str, Detected]:
    """The shipped rule (cues and learned heads within the cause model's causes, as the service runs
    it), the part of it marked confident (what a draft answers by name) and those it is weighed
    against: the cues alone (the detector before the heads), the settled
    human causes (what a perfect cause model would give) and no cause rule."""
    learned = heads.fired(model.encoder.encode([encoder_text(ModelInput(r.title, r.body, r.rating))
                                                for r in reviews]))
    return {
        "shipped (cues and learned heads, the cause model's causes)": _service_answers(Classifier(model, heads),
                                                                                       reviews),
        CONFIDENT_ONLY: _service_answers(Classifier(model, heads), reviews, confident_only=True),
        CUES_ONLY: _service_answers(Classifier(model), reviews),
        "with the settled causes": detect(reviews, lambda i: reviews[i].settled_causes, lambda i: reviews[i].language,
                                          learned),
        "without the cause rule": detect(reviews, lambda i: CAUSES, lambda i: reviews[i].language, learned),
    }


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def _row(name: str, c: Counts) -> list[str]:
    return [name, _rate(c.precision), _rate(c.recall), _rate(c.f1), str(c.support), str(c.tp + c.fp)]


HEADER = ["", "precision", "recall", "F1", "support", "reported"]


def _summary(reviews: Sequence[LabelledReview], detected: Detected) -> tuple[dict[str, Counts], dict[str, Counts]]:
    return (count(ASPECTS, [r.aspects for r in reviews], detected.aspects),
            count(FACTS, [r.facts for r in reviews], detected.facts))


def _overall_rows(reviews: Sequence[LabelledReview], by_rule: dict[str, Detected]) -> list[list[str]]:
    rows = []
    for rule, detected in by_rule.items():
        aspects, facts = _summary(reviews, detected)
        pooled_aspects, pooled_facts = micro(aspects.values()), micro(facts.values())
        rows.append([rule, _rate(pooled_aspects.precision), _rate(pooled_aspects.recall), _rate(pooled_aspects.f1),
                     _rate(macro_f1(aspects.values())), _rate(pooled_facts.precision), _rate(pooled_facts.recall),
                     _rate(pooled_facts.f1), _rate(macro_f1(facts.values()))])
    return rows


def _per_language(reviews: Sequence[LabelledReview], detected: Detected) -> list[list[str]]:
    rows = []
    for language in LANGUAGES:
        indices = [i for i, r in enumerate(reviews) if r.language == language]
        if not indices:
            continue
        chosen = [reviews[i] for i in indices]
        aspects, facts = _summary(chosen, Detected([detected.aspects[i] for i in indices],
                                                   [detected.facts[i] for i in indices]))
        pooled_aspects, pooled_facts = micro(aspects.values()), micro(facts.values())
        rows.append([language, str(len(indices)), _rate(pooled_aspects.precision), _rate(pooled_aspects.recall),
                     _rate(pooled_aspects.f1), str(pooled_aspects.support), _rate(pooled_facts.precision),
                     _rate(pooled_facts.recall), _rate(pooled_facts.f1), str(pooled_facts.support)])
    return rows


def _with_before(rows: list[list[str]], before: dict[str, Counts]) -> list[list[str]]:
    """Each per-name row with the cues-only rule's recall and F1 beside it."""
    return [[*row, _rate(c.recall), _rate(c.f1)] for row, c in zip(rows, before.values(), strict=True)]


def _split_section(title: str, reviews: Sequence[LabelledReview], by_rule: dict[str, Detected]) -> list[str]:
    shipped = next(iter(by_rule.values()))
    aspects, facts = _summary(reviews, shipped)
    aspects_before, facts_before = _summary(reviews, by_rule[CUES_ONLY])
    return [
        f"## {title}",
        "",
        f"{len(reviews)} reviews. Per review: a name counts once, whatever its span. Micro figures pool every "
        "name's counts; macro-F1 averages the F1 of the names the labels contain.",
        "",
        "### Overall, by rule",
        "",
        *_table(["rule", "aspects P", "aspects R", "aspects micro-F1", "aspects macro-F1", "facts P", "facts R",
                 "facts micro-F1", "facts macro-F1"], _overall_rows(reviews, by_rule)),
        "",
        "### Per aspect (shipped rule)",
        "",
        *_table(["aspect (cause)", *HEADER[1:], "cues-only R", "cues-only F1"],
                _with_before([_row(f"`{name}` ({ASPECT_CAUSES[name]})", c) for name, c in aspects.items()],
                             aspects_before)),
        "",
        "### Per fact (shipped rule)",
        "",
        *_table(["fact", *HEADER[1:], "cues-only R", "cues-only F1"],
                _with_before([_row(f"`{name}`", c) for name, c in facts.items()], facts_before)),
        "",
        "### Per language (shipped rule, micro)",
        "",
        *_table(["language", "reviews", "aspects P", "aspects R", "aspects F1", "aspects support", "facts P",
                 "facts R", "facts F1", "facts support"], _per_language(reviews, shipped)),
        "",
        "### Per language (cues only, before the learned heads, micro)",
        "",
        *_table(["language", "reviews", "aspects P", "aspects R", "aspects F1", "aspects support", "facts P",
                 "facts R", "facts F1", "facts support"], _per_language(reviews, by_rule[CUES_ONLY])),
        "",
    ]


def _agreement(labels: Sequence[dict[str, Any]]) -> list[str]:
    """The two annotators' passes scored against each other (A as truth, B as found), where present."""
    rows = [label for label in labels if isinstance(label.get("agreement"), dict)
            and {"a", "b"} <= set(label["agreement"])]
    if not rows:
        return []
    lines = ["## Agreement between the two annotators (before settling)", "",
             f"{len(rows)} reviews; the F1 of one annotator's names against the other's (symmetric), per name "
             "and pooled: the ceiling a detector can be expected to reach.", ""]
    for kind, names in (("aspects", ASPECTS), ("facts", FACTS)):
        first = [frozenset(r["agreement"]["a"].get(kind, [])) for r in rows]
        second = [frozenset(r["agreement"]["b"].get(kind, [])) for r in rows]
        counts = count(names, first, second)
        pooled = micro(counts.values())
        lines += [f"{kind.capitalize()}: micro-F1 **{_rate(pooled.f1)}**, macro-F1 {_rate(macro_f1(counts.values()))}.",
                  "", *_table([kind[:-1], "F1 A vs B", "A", "B", "both"],
                              [[f"`{name}`", _rate(c.f1), str(c.support), str(c.tp + c.fp), str(c.tp)]
                               for name, c in counts.items()]), ""]
    return lines


def evaluation_document(labels_path: Path = ASPECT_LABELS, model_path: Path = MODEL_PATH,
                        aspect_model_path: Path = ASPECT_MODEL_PATH) -> str:
    # Without the corpus this raises MissingCorpus: the command stops and writes nothing.
    reviews, report = load_labelled(labels_path)
    model, heads = CauseModel.load(model_path), AspectHeads.load(aspect_model_path)
    lines = [
        "# Aspects and facts evaluation",
        "",
        "Generated by `make eval` (`python -m reviewops.classifier evaluate-aspects`); do not edit by hand. "
        "What the names mean and how they are found: [aspects.md](aspects.md).",
        "",
        f"Labels: `services/classifier/data/real/aspects.jsonl`, real negative reviews of ../shared/corpora "
        f"labelled by two annotators and a settling pass (per review, the guide's names). Rows not usable: "
        f"{report.summary()}.",
        "",
        "Rules: **shipped** is what the service answers: a cue hit or a fired learned head (aspects.md, "
        "\"Learned heads\"), an aspect only within the causes the cause model reported; **cues only** is the same "
        "without the learned heads (the detector before them); **with the settled causes** gives the shipped "
        "detector the human cause labels instead (the ceiling of the cause rule); **without the cause rule** "
        "reports every cue hit and fired head. Facts never depend on causes: their columns are the same under "
        "every rule but cues only.",
        "",
    ]
    for split, title in (("test", "Real test split"), ("dev", "Real dev split (used to tune the cues: not a test)")):
        chosen = [r for r in reviews if r.split == split]
        if chosen:
            lines += _split_section(title, chosen, rules(model, heads, chosen))
    lines += _agreement(read_jsonl([labels_path]))
    return "\n".join(lines)


def dev_report(labels_path: Path = ASPECT_LABELS) -> str:
    """The dev split's section alone, for tuning the cues without looking at the test split."""
    reviews, _ = load_labelled(labels_path)
    dev = [r for r in reviews if r.split == "dev"]
    return "\n".join(_split_section("Real dev split", dev, rules(CauseModel.load(MODEL_PATH), AspectHeads.load(), dev)))

