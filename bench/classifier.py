"""Classifier speed: reviews per second of the batch command's path on one core, and the p99
latency of POST /v1/classify against a running `make up` stack (skipped when it is not up).

Reviews are the real labelled reviews (six languages, texts from ../shared/corpora) when that
folder exists, and the synthetic training and test texts otherwise; the output says which. They are
classified in batches of 256 as the batch command does. One process, CPU time (the encoder runs
one BLAS thread). Usage: python bench/classifier.py [SECONDS]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx

from reviewops.classifier.batch import classify_lines
from reviewops.classifier.domain.cues import cue_hits
from reviewops.classifier.ml.data import load_real
from reviewops.common.ml.training_support import MissingCorpus

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "services" / "classifier" / "data"


def reviews() -> tuple[str, list[dict]]:
    try:
        real, _ = load_real()
        return "real", [{"title": e.item.title, "body": e.item.body, "rating": e.item.rating} for e in real]
    except MissingCorpus:
        synthetic = [json.loads(line) for path in sorted(DATA.glob("*.jsonl"))
                     for line in path.read_text("utf-8").splitlines() if line.strip()]
        return "synthetic", synthetic


def lines() -> tuple[str, list[str]]:
    kind, rows = reviews()
    return kind, [json.dumps({"id": i, "title": r.get("title") or "", "body": r["body"], "rating": r.get("rating")},
                             ensure_ascii=False) for i, r in enumerate(rows)]


def batch_throughput(seconds: float) -> tuple[float, int, str]:
    kind, corpus = lines()
    list(classify_lines(corpus[:300]))  # warm-up: model and language identifier loaded
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        # Each pass starts cold: the cue cache may only serve the second lookup within a review.
        cue_hits.cache_clear()
        done += sum(1 for _ in classify_lines(corpus))
    return done / (time.process_time() - started), len(corpus), kind


def rest_p99(count: int = 300) -> str:
    key_file = ROOT / ".local" / "dev-api-key"
    if not key_file.exists():
        return "skipped (no make up stack)"
    corpus = [json.loads(line) for line in lines()[1][:count]]
    headers = {"Authorization": f"Bearer {key_file.read_text().strip()}"}
    timings = []
    try:
        with httpx.Client(base_url="http://127.0.0.1:8002", headers=headers, timeout=10, trust_env=False) as client:
            for item in corpus:
                body = {"title": item["title"], "body": item["body"], "rating": item["rating"]}
                started = time.perf_counter()
                client.post("/v1/classify", json=body).raise_for_status()
                timings.append(time.perf_counter() - started)
    except httpx.HTTPError as error:
        return f"skipped ({type(error).__name__})"
    timings.sort()
    return (f"p50 {timings[len(timings) // 2] * 1000:.1f} ms, p99 {timings[int(len(timings) * 0.99) - 1] * 1000:.1f} ms "
            f"over {len(timings)} sequential requests")


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    rate, distinct, kind = batch_throughput(seconds)
    print(f"classifier batch path, {distinct} distinct {kind} reviews, one core: {rate:.0f} reviews/s")
    print(f"POST /v1/classify one review at a time: {rest_p99()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
