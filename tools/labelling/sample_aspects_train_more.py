"""Draw the third aspect sample of issue 15: more training rows for the learned aspect heads.

    python tools/labelling/sample_aspects_train_more.py ../shared/corpora/reviews > sample.jsonl

The same rows as the second round (sample_aspects_train.py) would take, from those neither earlier
round took: negative train-split rows (rating 1-3, settled primary cause not `other`), up to 200 per
language, the thin causes first. Deterministic (seed 152). Rows carry ids, text hashes and causes,
never texts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sample_aspects import draw, labels_and_ratings, sample_row
from sample_aspects_train import draw_train

def main() -> None:
    labels, ratings = labels_and_ratings(Path(sys.argv[1]))
    taken = {row["id"] for row in draw(labels, ratings)}
    # The second round's draw, made again (it is deterministic): the label file now holds both rounds.
    taken |= {row["id"] for row in draw_train(labels, ratings, taken, seed=151)}
    for row in draw_train(labels, ratings, taken, seed=152):
        print(json.dumps(sample_row(row, "train"), ensure_ascii=False))


if __name__ == "__main__":
    main()
