"""`python -m reviewops.classifier classify|train|evaluate|evaluate-aspects`: the classifier without a
running service.

classify IN.jsonl > OUT.jsonl: each input line has `id`, `body` and optionally `title`, `rating`,
`kind`, `fulfillment`, `language`; each output line repeats `id` and adds `primary_cause`,
`causes`, `language`, `detected_language`, `removal_signals`, `needs_review`, `aspects` and
`facts_given`, or `error`
(exit status 1).

train, evaluate and evaluate-aspects read the real labelled reviews' texts from ../shared/corpora (or
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
    aspects = commands.add_parser("evaluate-aspects", help="score the aspects and facts detector (make eval)")
    target = aspects.add_mutually_exclusive_group(required=True)
    target.add_argument("--output", type=Path, help="write the whole evaluation, test split first")
    target.add_argument("--dev", action="store_true", help="print the dev split's figures only (for tuning cues)")
    args = parser.parse_args(argv)
    if args.command == "classify":
        return run_jsonlines(args.input, classify_lines)
    # Training and evaluation code is imported here only: the service never loads it.
    from reviewops.classifier.ml import aspects_evaluation
    from reviewops.classifier.ml.evaluation import evaluation_document
    from reviewops.classifier.ml.training import train

    try:
        if args.command == "train":
            licences = tuple(part.strip() for part in args.licences.split(",") if part.strip())
            card = train(licences=licences, log=lambda line: print(line, file=sys.stderr))
            print(json.dumps({key: card[key] for key in ("version", "artifact_sha256", "chosen")}))
            return 0
        if args.command == "evaluate-aspects" and args.dev:
            print(aspects_evaluation.dev_report())
            return 0
        document = aspects_evaluation.evaluation_document() if args.command == "evaluate-aspects" \
            else evaluation_document()
        args.output.write_text(document, encoding="utf-8")
    except MissingCorpus as missing:
        print(f"cannot {args.command}: {missing}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
