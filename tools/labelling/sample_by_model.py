"""Second targeted draw for the thin causes (issue 12 asks for at least 150 each of instructions and
seller_service as primary; keyword draws yielded about one in seven).

A logistic regression on sentence embeddings, fitted on the first pass's labels of train and dev
rows only, scores a random slice of the train-side pool, and the highest-scoring unlabelled rows
per language are drawn for each cause. Rows are marked `drawn: model-<cause>` and go to the train
split; the test split is untouched. Deterministic for the same inputs.

    python tools/labelling/sample_by_model.py CORPUS SAMPLE FIRST_PASS [PER_LANGUAGE] > extra.jsonl

A third draw (`PER_LANGUAGE` 12: 144 rows) topped instructions and seller_service up to 150.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from reviewops.common.ml.encoder import SentenceEncoder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_reviews import is_test, load, order_key  # noqa: E402

POOL_PER_LANGUAGE = 2500
DRAWS = {"instructions": {"en": 40, "zh": 40, "de": 30, "fr": 30, "es": 30, "ja": 30},
         "seller_service": {"en": 40, "zh": 40, "de": 30, "fr": 30, "es": 30, "ja": 30}}


def text(row: dict) -> str:
    return f"{row.get('title') or ''}\n{row['body']}".strip()


def main() -> None:
    corpus, sample_path, first_pass_path = sys.argv[1:4]
    per_language = int(sys.argv[4]) if len(sys.argv) > 4 else None
    rows = load(Path(corpus))
    sample = {json.loads(line)["id"]: json.loads(line) for line in Path(sample_path).read_text("utf-8").splitlines()}
    first = {json.loads(line)["id"]: json.loads(line) for line in Path(first_pass_path).read_text("utf-8").splitlines()}
    by_id = {row["id"]: row for row in rows}
    known = [i for i, s in sample.items() if s["split"] != "test" and i in first]
    encoder = SentenceEncoder()
    fitted = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced").fit(
        encoder.encode([text(by_id[i]) for i in known]), [first[i]["primary"] for i in known])
    pool = []
    for language in ("en", "zh", "de", "fr", "es", "ja"):
        candidates = sorted((r for r in rows if r["lang"] == language and not is_test(r["stratum"]) and r["id"] not in sample),
                            key=lambda r: order_key(r["id"]))
        pool += candidates[:POOL_PER_LANGUAGE]
    probabilities = fitted.predict_proba(encoder.encode([text(row) for row in pool]))
    classes = list(fitted.classes_)
    chosen: set[str] = set()
    for cause, default_draws in DRAWS.items():
        per_language_draws = {language: per_language or count for language, count in default_draws.items()}
        column = classes.index(cause)
        for language, count in per_language_draws.items():
            ranked = sorted((i for i, row in enumerate(pool) if row["lang"] == language and row["id"] not in chosen),
                            key=lambda i: (-probabilities[i, column], order_key(pool[i]["id"])))
            for i in ranked[:count]:
                chosen.add(pool[i]["id"])
                print(json.dumps({**pool[i], "split": "train", "drawn": f"model-{cause}"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
