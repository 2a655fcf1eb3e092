"""TF-IDF over character n-grams, scored with numpy (the fitting is scikit-learn's, in training).

Character n-grams carry Chinese and Japanese, which have no spaces, and survive typos and
inflection. Training fits scikit-learn's `TfidfVectorizer(analyzer="char", lowercase=True,
sublinear_tf=True)` and keeps its vocabulary and idf; at run time `project` gives the same numbers
as `vectorizer.transform(texts) @ weights` (a unit test holds them equal to 1e-9) without
scikit-learn, its per-call validation or sparse matrices: n-grams are counted by C-level iteration,
then the sublinear tf-idf and the l2 norm are applied to the known ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

# scikit-learn's character analyzer turns runs of two or more white-space characters into one space.
_RUNS_OF_SPACE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class CharNgrams:
    vocabulary: dict[str, int]
    idf: np.ndarray
    sizes: tuple[int, int]

    @classmethod
    def from_arrays(cls, grams: np.ndarray, idf: np.ndarray, sizes: Sequence[int]) -> CharNgrams:
        return cls({str(gram): column for column, gram in enumerate(grams)}, idf, (int(sizes[0]), int(sizes[1])))

    def grams_array(self) -> np.ndarray:
        """The vocabulary in column order, for saving."""
        ordered = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return np.array(ordered, dtype=str)

    def project(self, texts: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """One row per text: its l2-normalised tf-idf vector times `weights` (vocabulary x k)."""
        out = np.zeros((len(texts), weights.shape[1]), dtype=np.float64)
        for row, text in enumerate(texts):
            columns, values = self._weighted(text)
            if len(columns):
                out[row] = (values @ weights[columns]) / np.linalg.norm(values)
        return out

    def _weighted(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        normalised = _RUNS_OF_SPACE.sub(" ", text.lower())
        low, high = self.sizes
        grams: Counter[str] = Counter()
        for size in range(low, high + 1):
            if size == 1:
                grams.update(normalised)
            else:
                grams.update(map("".join, zip(*(normalised[offset:] for offset in range(size)))))
        columns = np.fromiter(map(self.vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
        known = columns >= 0
        counts = np.fromiter(grams.values(), dtype=np.float64, count=len(grams))[known]
        columns = columns[known]
        return columns, (1.0 + np.log(counts)) * self.idf[columns]
