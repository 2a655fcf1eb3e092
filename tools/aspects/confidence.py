"""How often each kind of evidence for an aspect is right, on held-out folds of the training labels.

    python tools/aspects/confidence.py

The classifier marks an aspect `confident` (docs/aspects.md, "Confidence") where its cue and its
learned head both found it, or where the one that found it alone was right at least three times in
four here. This prints, per aspect, right/reported for: cue and head, cue alone, head alone. The
heads' probabilities are 5-fold held-out (the folds of train-aspects and the regularisation its card records), fired at
the shipped thresholds; every aspect within the review's settled causes, as train-aspects chooses.
It reads ../shared/corpora (the texts never enter the repository); no dev or test row is used.
"""

from __future__ import annotations

import json

import numpy as np

from reviewops.classifier.domain.aspects import ASPECTS, CONFIDENT_BY
from reviewops.classifier.ml.aspect_model import ASPECT_CARD_PATH, AspectHeads
from reviewops.classifier.ml.aspect_training import (
    ASPECT_TRAIN_LABELS,
    NAMES,
    SentenceEncoder,
    allowed_matrix,
    cue_matrix,
    held_out_probabilities,
    load_labelled,
)
from reviewops.classifier.ml.model import ModelInput, encoder_text

CONFIDENT_SHARE = 0.75


def main() -> None:
    reviews, report = load_labelled(ASPECT_TRAIN_LABELS)
    print(f"{len(reviews)} labelled train reviews ({report.summary()})")
    features = SentenceEncoder().encode([encoder_text(ModelInput(r.title, r.body, r.rating)) for r in reviews])
    truth = np.array([[name in (r.aspects | r.facts) for name in NAMES] for r in reviews], dtype=bool)
    cues, allowed = cue_matrix(reviews), allowed_matrix(reviews)
    heads = AspectHeads.load()
    threshold = dict(zip(heads.names, heads.thresholds.tolist(), strict=True))
    probabilities = held_out_probabilities(features, truth, json.loads(ASPECT_CARD_PATH.read_text())["chosen"]["C"])
    print("| aspect | cue and head | cue alone | head alone | confident by |")
    print("|---|---|---|---|---|")
    for j, name in enumerate(NAMES):
        if name not in ASPECTS:
            continue
        head = (allowed[:, j] & (probabilities[:, j] >= threshold[name]) if name in threshold
                else np.zeros(len(reviews), dtype=bool))
        cells = []
        for found in (cues[:, j] & head, cues[:, j] & ~head, head & ~cues[:, j]):
            right, reported = int((found & truth[:, j]).sum()), int(found.sum())
            cells.append(f"{right}/{reported}" + (f" ({right / reported:.2f})" if reported else ""))
        confident = ", ".join(sorted(CONFIDENT_BY[name])) or "-"
        print(f"| `{name}` | {' | '.join(cells)} | {confident} |")
    print(f"(confident where right >= {CONFIDENT_SHARE:.0%} of at least 3 reported; `unsafe` always)")


if __name__ == "__main__":
    main()
