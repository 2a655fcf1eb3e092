"""The learned aspect heads' cost per review: the heads alone (numpy over embeddings already
computed) and the whole classification with and without them, on the real aspect-labelled reviews
(texts from ../shared/corpora), in batches of 256 as the batch command runs, CPU time of one process
(the encoder runs one BLAS thread). The two classifiers take turns so that drift hits both alike.
Usage: python bench/aspect_heads.py [ROUNDS]
"""

from __future__ import annotations

import sys
import time

from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.aspect_model import AspectHeads
from reviewops.classifier.ml.aspects_evaluation import load_labelled
from reviewops.classifier.ml.model import CauseModel, ModelInput, encoder_text

BATCH = 256


def per_review_ms(classify, texts: list[ReviewText]) -> float:
    started = time.process_time()
    for start in range(0, len(texts), BATCH):
        classify(texts[start:start + BATCH])
    return 1000 * (time.process_time() - started) / len(texts)


def main(rounds: int) -> None:
    reviews, _ = load_labelled()
    texts = [ReviewText(r.title, r.body, r.rating, r.language) for r in reviews]
    model, heads = CauseModel.load(), AspectHeads.load()
    embeddings = model.encoder.encode([encoder_text(ModelInput(r.title, r.body, r.rating)) for r in reviews])
    started = time.process_time()
    for _ in range(100):
        heads.fired(embeddings)
    heads_alone = 1e6 * (time.process_time() - started) / (100 * len(reviews))
    without, with_heads = Classifier(model), Classifier(model, heads)
    without.classify_many(texts[:50]), with_heads.classify_many(texts[:50])  # warm-up
    timings: dict[str, list[float]] = {"cues only": [], "cues and heads": []}
    for _ in range(rounds):
        timings["cues only"].append(per_review_ms(without.classify_many, texts))
        timings["cues and heads"].append(per_review_ms(with_heads.classify_many, texts))
    print(f"{len(reviews)} real reviews, {len(heads.names)} heads, {rounds} rounds each")
    print(f"heads alone (embeddings given): {heads_alone:.1f} µs per review")
    for name, values in timings.items():
        print(f"whole classification, {name}: median {sorted(values)[len(values) // 2]:.2f} ms per review "
              f"(runs: {', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
