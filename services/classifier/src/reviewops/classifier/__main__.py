"""`python -m reviewops.classifier classify|train|train-aspects|export-labels|evaluate|evaluate-aspects`: the classifier
without a running service.

classify IN.jsonl > OUT.jsonl: each input line has `id`, `body` and optionally `title`, `rating`,
`kind`, `fulfillment`, `language`; each output line repeats `id` and adds `primary_cause`,
`causes`, `language`, `detected_language`, `removal_signals`, `needs_review`, `aspects` and
`facts_given`, or `error`
(exit status 1).

train, train-aspects, evaluate and evaluate-aspects read the real labelled reviews' texts from ../shared/corpora (or
REVIEWOPS_SHARED); without them they say what is missing and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewops.classifier.adapters.labels_client import exported_labels
from reviewops.classifier.batch import classify_lines
from reviewops.classifier.ml.model import CARD_PATH, MODEL_PATH
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
    trainer.add_argument(
        "--extra-labels", type=Path, metavar="FILE",
        help="a deployment's human labels as extra training rows: the items of GET /v1/labels, one JSON "
             "object a line (docs/classifier.md, 'Training on your corrections'); the model it writes is "
             "that deployment's, never the shipped one")
    trainer.add_argument("--model", type=Path, help="where to write the model (default: the shipped model's path)")
    trainer.add_argument("--card", type=Path, help="where to write its model card (default: the shipped card's path)")
    commands.add_parser("train-aspects", help="fit the learned aspect and fact heads (docs/aspects.md), "
                                              "never the cause model")
    exporter = commands.add_parser("export-labels", help="write a tenant's human labels (GET /v1/labels) as "
                                                         "JSON lines, the input of train --extra-labels")
    exporter.add_argument("--url", required=True, help="the classifier's base URL, or the responder's (its relay)")
    exporter.add_argument("--key-file", type=Path, required=True, help="a file holding a key with labels:write")
    exporter.add_argument("--tenant", help="X-Tenant-Id, for a key granted several tenants")
    exporter.add_argument("--since", help="only labels stored at or after this ISO 8601 time")
    evaluate = commands.add_parser("evaluate", help="score the shipped model (make eval)")
    evaluate.add_argument("--output", type=Path, required=True)
    aspects = commands.add_parser("evaluate-aspects", help="score the aspects and facts detector (make eval)")
    target = aspects.add_mutually_exclusive_group(required=True)
    target.add_argument("--output", type=Path, help="write the whole evaluation, test split first")
    target.add_argument("--dev", action="store_true", help="print the dev split's figures only (for tuning cues)")
    args = parser.parse_args(argv)
    if args.command == "classify":
        return run_jsonlines(args.input, classify_lines)
    if args.command == "export-labels":
        labels = exported_labels(args.url, args.key_file.read_text().strip(), args.tenant, args.since)
        for label in labels:
            print(json.dumps(label, ensure_ascii=False))
        return 0
    # Training and evaluation code is imported here only: the service never loads it.
    from reviewops.classifier.ml import aspects_evaluation
    from reviewops.classifier.ml.aspect_training import train_aspects
    from reviewops.classifier.ml.evaluation import evaluation_document
    from reviewops.classifier.ml.training import train

    try:
        if args.command == "train":
            licences = tuple(part.strip() for part in args.licences.split(",") if part.strip())
            if args.extra_labels and not (args.model and args.card and args.model.resolve() != MODEL_PATH.resolve()
                                          and args.card.resolve() != CARD_PATH.resolve()):
                # A tenant's labels never go into the shipped model: its own model goes elsewhere.
                parser.error("--extra-labels needs --model and --card: the deployment's model is written beside, "
                             "never over, the shipped one")
            paths = {name: path for name, path in (("model_path", args.model), ("card_path", args.card)) if path}
            card = train(licences=licences, extra_labels=args.extra_labels,
                         log=lambda line: print(line, file=sys.stderr), **paths)
            print(json.dumps({key: card[key] for key in ("version", "artifact_sha256", "chosen")}))
            return 0
        if args.command == "train-aspects":
            card = train_aspects(log=lambda line: print(line, file=sys.stderr))
            print(json.dumps({key: card[key] for key in ("version", "artifact_sha256", "heads")}))
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
