"""`python -m reviewops.compliance check IN.jsonl > OUT.jsonl`: check messages without a running service.
(`train` refits the rule model; `evaluate` writes the quality tables.)

Each input line: {"id", "text", "channel", "language"?, "context"?}; other keys are ignored.
Each output line repeats `id` and adds `allowed`, `policy_version`, `language`, `violations`
and `unchecked`, or `error` for a line that cannot be checked (the exit status is then 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewops.common.jsonlines import run_jsonlines
from reviewops.common.ml.training_support import MissingCorpus
from reviewops.compliance.batch import check_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.compliance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every message of a JSON-lines file ('-' for stdin)")
    check.add_argument("input", help="JSON-lines file, or - for standard input")
    evaluate = commands.add_parser("evaluate", help="score labelled splits and write the tables (make eval)")
    evaluate.add_argument("--test-split", action="append", nargs=2, metavar=("NAME", "FILE"), default=[],
                          help="frozen test data, reported after the real messages")
    evaluate.add_argument("--split", action="append", nargs=2, metavar=("NAME", "FILE"), required=True)
    evaluate.add_argument("--card", type=Path, help="the rule model's card: its cross-validation by author")
    evaluate.add_argument("--real-messages", type=Path,
                          help="labels of the real messages (texts from ../shared/corpora); reported first")
    evaluate.add_argument("--output", type=Path, required=True)
    commands.add_parser("train", help="fit the rule model on the training and development data and the real "
                                         "messages' train split (make train; needs ../shared/corpora)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_jsonlines(args.input, check_lines)
    # Training and evaluation code is imported here only: the service never loads it.
    from reviewops.compliance.ml.evaluation import evaluation_document
    from reviewops.compliance.ml.training import train

    try:
        if args.command == "train":
            card = train()
            print(json.dumps({key: card[key] for key in ("version", "chosen", "held_out_quality")}, indent=2))
            return 0
        document = evaluation_document([(name, Path(file)) for name, file in args.split], args.real_messages,
                                       [(name, Path(file)) for name, file in args.test_split], args.card)
    except MissingCorpus as missing:
        print(f"cannot {args.command}: {missing}", file=sys.stderr)
        return 2
    args.output.write_text(document, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
