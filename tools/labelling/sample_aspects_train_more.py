"""Draw the third aspect sample of issue 15: more training rows for the learned aspect heads.

    python tools/labelling/sample_aspects_train_more.py ../shared/corpora/reviews > sample.jsonl

The same rows as the second round (sample_aspects_train.py) would take, from those neither earlier
round took: negative train-split rows (rating 1-3, settled primary cause not `other`), up to 200 per
language, the thin causes first. Deterministic (seed 152). Rows carry ids, text hashes and causes,
never texts.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from sample_aspects import draw, labels_and_ratings, sample_row
from sample_aspects_train import LANGUAGES, OTHER_CAUSES_FIRST, PER_LANGUAGE

SECOND_ROUND = Path(__file__).resolve().parents[2] / "services/classifier/data/real/aspects_train.jsonl"


def main() -> None:
    labels, ratings = labels_and_ratings(Path(sys.argv[1]))
    taken = {row["id"] for row in draw(labels, ratings)}
    taken |= {json.loads(line)["id"] for line in SECOND_ROUND.read_text("utf-8").splitlines() if line.strip()}
    rng = random.Random(152)
    for language in LANGUAGES:
        pool = [r for r in labels if r["split"] == "train" and r["lang"] == language and r["primary"] != "other"
                and r["id"] not in taken and ratings.get(r["id"]) is not None and ratings[r["id"]] <= 3]
        rng.shuffle(pool)
        others = [r for r in pool if r["primary"] != "product_quality"]
        quality = [r for r in pool if r["primary"] == "product_quality"]
        for row in (others[:OTHER_CAUSES_FIRST] + quality)[:PER_LANGUAGE]:
            print(json.dumps(sample_row(row, "train"), ensure_ascii=False))


if __name__ == "__main__":
    main()
