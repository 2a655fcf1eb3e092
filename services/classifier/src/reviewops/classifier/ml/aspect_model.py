"""The learned aspect and fact heads at run time (docs/aspects.md, "Learned heads").

One binary logistic regression per aspect or fact that had enough labelled rows and helped in
cross-validation, over the sentence embedding the cause model already computed for the review
(`Scores.embeddings`): no second encoding. A head fires where its probability reaches its own
threshold, chosen on held-out folds of the training rows (`aspect_training.py`). What the detector
does with a fired head (the cue still gives the span; the cause rule still applies to aspects) is
domain/aspects.py's `find_aspects`.

The artifact is an `.npz` of arrays (reviewops.common.ml.artifacts), scored with numpy alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewops.classifier.domain.aspects import ASPECTS, FACTS
from reviewops.classifier.ml.model import MODEL_DIR, sigmoid
from reviewops.common.ml.artifacts import load_artifact
from reviewops.common.ml.encoder import DIMENSIONS

ASPECT_MODEL_PATH = MODEL_DIR / "aspects.npz"
ASPECT_CARD_PATH = MODEL_DIR / "aspects_card.json"


@dataclass(frozen=True)
class AspectHeads:
    version: str
    names: tuple[str, ...]  # the aspects and facts that have a head, in the guide's order
    weights: np.ndarray  # DIMENSIONS x names
    bias: np.ndarray  # names
    thresholds: np.ndarray  # names: a head fires at or above its threshold

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """Each head's probability per review (reviews x names)."""
        return sigmoid(embeddings @ self.weights + self.bias)

    def fired(self, embeddings: np.ndarray) -> list[frozenset[str]]:
        """Per review, the names whose head reached its threshold."""
        reached = self.probabilities(embeddings) >= self.thresholds
        return [frozenset(name for name, hit in zip(self.names, row, strict=True) if hit) for row in reached]

    @classmethod
    def load(cls, path: Path = ASPECT_MODEL_PATH) -> AspectHeads:
        """Loads and checks the artifact; anything broken raises, so the service stops."""
        header, arrays = load_artifact(path)
        names = tuple(header["names"])
        unknown = set(names) - {*ASPECTS, *FACTS}
        if unknown:
            raise ValueError(f"{path} has heads for unknown names {sorted(unknown)}")
        weights, bias, thresholds = arrays["weights"], arrays["bias"], arrays["thresholds"]
        if (weights.shape != (DIMENSIONS, len(names)) or bias.shape != (len(names),)
                or thresholds.shape != (len(names),)):
            raise ValueError(f"{path} holds arrays of shapes {weights.shape}, {bias.shape}, {thresholds.shape} "
                             f"for {len(names)} heads over {DIMENSIONS} dimensions")
        if not (np.isfinite(weights).all() and np.isfinite(bias).all() and ((thresholds > 0) & (thresholds <= 1)).all()):
            raise ValueError(f"{path} holds non-finite weights or thresholds outside (0, 1]")
        return cls(header["version"], names, weights, bias, thresholds)
