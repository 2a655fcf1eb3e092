"""A trained second opinion for the open-ended content rules. Pure: a fitted model in, spans out.

Cue patterns catch the phrasings someone wrote down; blame, arranged reviews, promotion, steering
away from a review and polite, indirect asks come in more shapes than patterns hold
(docs/compliance.md has the numbers). For those rules a linear model over character 1-4-grams (reviewops.common.ml.ngrams,
shared with the classifier: they carry Chinese and Japanese, which have no spaces) scores the whole message; a rule whose
score passes its threshold is reported on the sentence that scores highest for it, so a support
agent still sees where. The model only adds violations, on customer channels: it never allows
what a cue or a hard limit blocked, and quoted evidence in removal requests and abuse reports is
left to the cues, which know what is quoted. It reads the text alone: whether a change request is
the one allowed feedback note is the context's to say, as for the cues (checks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from reviewops.common.ml.artifacts import load_artifact, save_artifact
from reviewops.common.ml.ngrams import CharNgrams
from reviewops.common.text.spans import Match

MODEL_RULES = ("abusive_or_defensive", "divert_negative", "fake_or_brushing", "incentive_for_review", "marketing",
               "request_change_or_remove", "selective_solicitation")
MODEL_PATH = Path(__file__).resolve().parents[1] / "model" / "rules.npz"
NGRAM_SIZES = (1, 4)
# A sentence ends at terminal punctuation (Latin or CJK) or a line break; the span excludes it.
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


class SecondOpinion(Protocol):
    def violations(self, text: str) -> list[Match]: ...


class NoSecondOpinion:
    """Cues and detectors alone: the ablation in docs/compliance-evaluation.md."""

    def violations(self, text: str) -> list[Match]:
        return []


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each sentence as (start, end) code-point offsets, surrounding white space trimmed."""
    spans = []
    for found in _SENTENCE.finditer(text):
        start, end = found.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-values))


@dataclass(frozen=True)
class RuleModel:
    """Fitted n-gram features, one logistic regression per rule (stacked weights), and the score
    above which each rule fires (chosen on held-out folds, see training.py)."""

    ngrams: CharNgrams
    weights: np.ndarray  # features x rules
    intercepts: np.ndarray  # rules
    thresholds: dict[str, float]
    version: str
    rules: tuple[str, ...] = MODEL_RULES

    def scores(self, texts: list[str]) -> np.ndarray:
        """One row per text, one column per rule: the probability that the text breaks it."""
        return _sigmoid(self.ngrams.project(texts, self.weights) + self.intercepts)

    def violations(self, text: str) -> list[Match]:
        """A match per rule the message breaks, over the sentence that scores highest for it. Both the
        message and that sentence must pass the threshold: a sentence that says it alone is evidence
        a support agent can act on; a score no sentence carries is not."""
        whole = self.scores([text])[0]
        fired = [column for column, rule in enumerate(self.rules) if whole[column] >= self.thresholds[rule]]
        if not fired:
            return []
        sentences = sentence_spans(text) or [(0, len(text))]
        by_sentence = self.scores([text[start:end] for start, end in sentences])
        found = []
        for column in fired:
            best = int(np.argmax(by_sentence[:, column]))
            if by_sentence[best, column] >= self.thresholds[self.rules[column]]:
                start, end = sentences[best]
                found.append(Match(self.rules[column], start, end, text[start:end]))
        return found

    def save(self, path: Path) -> None:
        header = {"version": self.version, "rules": list(self.rules), "thresholds": self.thresholds,
                  "ngram_sizes": list(self.ngrams.sizes)}
        save_artifact(path, header, {"ngram_vocabulary": self.ngrams.grams_array(), "ngram_idf": self.ngrams.idf,
                                     "weights": self.weights, "intercepts": self.intercepts})

    @classmethod
    def load(cls, path: Path) -> RuleModel:
        header, arrays = load_artifact(path)
        ngrams = CharNgrams.from_arrays(arrays["ngram_vocabulary"], arrays["ngram_idf"], header["ngram_sizes"])
        return cls(ngrams, arrays["weights"], arrays["intercepts"], header["thresholds"], header["version"],
                   tuple(header["rules"]))


@lru_cache(maxsize=1)
def shipped_model() -> RuleModel:
    """The model in the package, loaded once per process."""
    return RuleModel.load(MODEL_PATH)
