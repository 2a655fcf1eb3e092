"""Draw the second aspect sample of issue 15, training rows for the learned aspect heads.

    python tools/labelling/sample_aspects_train.py ../shared/corpora/reviews > sample.jsonl

200 negative rows (rating 1-3, settled primary cause not `other`) per language from the
classifier's train split, none of the first aspect sample (sample_aspects.py): up to 130 whose
primary cause is not product_quality first, so that the thin causes' aspects have rows, then
product_quality. Deterministic (seed 151). Rows carry ids, text hashes and causes, never texts.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from sample_aspects import draw, labels_and_ratings, sample_row

LANGUAGES = ("en", "zh", "de", "ja", "fr", "es")
PER_LANGUAGE = 200
OTHER_CAUSES_FIRST = 130


def draw_train(labels: list[dict], ratings: dict[str, int | None], taken: set[str], seed: int) -> list[dict]:
    """Up to PER_LANGUAGE negative train-split rows per language (settled primary cause not `other`)
    outside `taken`, shuffled with `seed`: up to OTHER_CAUSES_FIRST of the thin causes first, then
    product_quality."""
    rng = random.Random(seed)
    drawn = []
    for language in LANGUAGES:
        pool = [r for r in labels if r["split"] == "train" and r["lang"] == language and r["primary"] != "other"
                and r["id"] not in taken and ratings.get(r["id"]) is not None and ratings[r["id"]] <= 3]
        rng.shuffle(pool)
        others = [r for r in pool if r["primary"] != "product_quality"]
        quality = [r for r in pool if r["primary"] == "product_quality"]
        drawn += (others[:OTHER_CAUSES_FIRST] + quality)[:PER_LANGUAGE]
    return drawn


def main() -> None:
    labels, ratings = labels_and_ratings(Path(sys.argv[1]))
    for row in draw_train(labels, ratings, {row["id"] for row in draw(labels, ratings)}, seed=151):
        print(json.dumps(sample_row(row, "train"), ensure_ascii=False))


if __name__ == "__main__":
    main()
