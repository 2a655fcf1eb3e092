"""`python -m reviewops.classifier classify|train|evaluate`: the classifier without a running service.

classify IN.jsonl > OUT.jsonl: each input line has `id`, `body` and optionally `title`, `rating`,
`kind`, `fulfillment`, `language`; each output line repeats `id` and adds `primary_cause`,
`causes`, `language`, `detected_language`, `removal_signals`, `needs_review`, `aspects` and
`facts_given`, or `error`
(exit status 1).

train and evaluate read the real labelled reviews' texts from ../shared/corpora (or
REVIEWOPS_SHARED); without them they say what is missing and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewops.classifier.batch import classify_lines
from reviewops.common.jsonlines import run_jsonlines
from reviewops.common.ml.training_support import MissingCorpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.classifier", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    classify = commands.add_parser("classify", help="classify a JSON-lines file ('-' for stdin)")
    classify.add_argument("input")
    trainer = commands.add_parser("train", help="fit the shipped model (real labels and synthetic data)")
    trainer.add_argument(
        "--licences", default="research-only,none-stated,cc0-as-labelled",
        help="licence classes of the real sources to train on, comma-separated; a commercial user "
             "trains on cc0-as-labelled only (README, 'Licences of the training data')")
    evaluate = commands.add_parser("evaluate", help="score the shipped model (make eval)")
    evaluate.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "classify":
        return run_jsonlines(args.input, classify_lines)
    # Training and evaluation code is imported here only: the service never loads it.
    from reviewops.classifier.ml.evaluation import evaluation_document
    from reviewops.classifier.ml.training import train

    try:
        if args.command == "train":
            licences = tuple(part.strip() for part in args.licences.split(",") if part.strip())
            card = train(licences=licences, log=lambda line: print(line, file=sys.stderr))
            print(json.dumps({key: card[key] for key in ("version", "artifact_sha256", "chosen")}))
            return 0
        args.output.write_text(evaluation_document(), encoding="utf-8")
    except MissingCorpus as missing:
        print(f"cannot {args.command}: {missing}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
