"""`python -m reviewops.classifier classify|train|evaluate`: the classifier without a running service.

classify IN.jsonl > OUT.jsonl: each input line has `id`, `body` and optionally `title`, `rating`,
`kind`, `fulfillment`, `language`; each output line repeats `id` and adds `primary_cause`,
`causes`, `language`, `detected_language` and `removal_signals`, or `error` (exit status 1).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reviewops.classifier.batch import classify_lines
from reviewops.classifier.evaluation import evaluation_document
from reviewops.classifier.training import CARD_PATH, MODEL_PATH, train
from reviewops.common.jsonlines import run_jsonlines

DATA_DIR = Path("services/classifier/data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.classifier", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    classify = commands.add_parser("classify", help="classify a JSON-lines file ('-' for stdin)")
    classify.add_argument("input")
    trainer = commands.add_parser("train", help="fit the shipped model on the training files")
    trainer.add_argument("--data", type=Path, default=DATA_DIR)
    evaluate = commands.add_parser("evaluate", help="score the shipped model on the test split (make eval)")
    evaluate.add_argument("--data", type=Path, default=DATA_DIR)
    evaluate.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "train":
        card = train(args.data)
        print(json.dumps({key: card[key] for key in ("version", "artifact_sha256", "chosen")}))
        return 0
    if args.command == "evaluate":
        args.output.write_text(evaluation_document(MODEL_PATH, CARD_PATH, args.data / "test.jsonl", args.data),
                               encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    return run_jsonlines(args.input, classify_lines)

if __name__ == "__main__":
    raise SystemExit(main())
