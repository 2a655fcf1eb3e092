"""Draw the aspect sample of issue 15 from the settled real cause labels (docs/labelling.md).

    python tools/labelling/sample_aspects.py ../shared/corpora/reviews > sample.jsonl

Negative rows (rating 1-3) whose settled primary cause is not `other`: 60 per language from the
classifier's frozen test split (fewer where the split has fewer) for measurement, and 20 per
language from its dev split, topped up from train, for tuning. Deterministic (seed 15). Rows carry
ids, text hashes, splits and the settled causes, never the texts.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

LABELS = Path(__file__).resolve().parents[2] / "services/classifier/data/real/labels.jsonl"
LANGUAGES = ("en", "zh", "de", "ja", "fr", "es")
TEST_PER_LANGUAGE = 60
DEV_PER_LANGUAGE = 20


def labels_and_ratings(corpus_dir: Path) -> tuple[list[dict], dict[str, int | None]]:
    """The settled cause labels, and the corpus rating of each labelled row."""
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    wanted = {row["id"] for row in labels}
    ratings: dict[str, int | None] = {}
    for path in corpus_dir.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["id"] in wanted:
                ratings[row["id"]] = row["rating"]
    return labels, ratings


def sample_row(row: dict, split: str) -> dict:
    """What a sample holds of a labelled row: ids, hash, split and causes, never the text."""
    return {"id": row["id"], "sha256": row["sha256"], "lang": row["lang"], "source": row["source"],
            "split": split, "primary": row["primary"], "causes": row["causes"]}


def draw(labels: list[dict], ratings: dict[str, int | None]) -> list[dict]:
    """The first round: test rows to measure, dev rows to tune."""

    def negative(row: dict) -> bool:
        rating = ratings.get(row["id"])
        return row["primary"] != "other" and rating is not None and rating <= 3

    rng = random.Random(15)
    drawn = []
    for split, per_language in (("test", TEST_PER_LANGUAGE), ("dev", DEV_PER_LANGUAGE)):
        for language in LANGUAGES:
            pool = [r for r in labels if r["split"] == split and r["lang"] == language and negative(r)]
            rng.shuffle(pool)
            if split == "dev" and len(pool) < per_language:
                pool += [r for r in labels if r["split"] == "train" and r["lang"] == language
                         and r["id"] in ratings and r["primary"] != "other"
                         and (ratings[r["id"]] or 5) <= 3][: per_language - len(pool)]
            drawn += [sample_row(row, split) for row in pool[:per_language]]
    return drawn


def main() -> None:
    for row in draw(*labels_and_ratings(Path(sys.argv[1]))):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
