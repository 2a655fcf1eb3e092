"""`python -m reviewops.common.events asyncapi | snapshot | topics-table`.

asyncapi: the AsyncAPI document of every topic (committed as docs/asyncapi.json).
snapshot PATH: write the contract snapshot (contracts/topics.json) to PATH; refused, with the
  reasons, when the models are not backward compatible with the snapshot already there.
topics-table: the Markdown table of topics for docs/operations.md.
`make contracts` writes the first two.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewops.common.events.asyncapi import asyncapi_document, render
from reviewops.common.events.compat import contract_breaking_changes
from reviewops.common.events.contracts import contract_snapshot, topics_table


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)


def _snapshot(output: Path) -> int:
    snapshot = contract_snapshot()
    if output.exists():
        breaking = contract_breaking_changes(json.loads(output.read_text()), snapshot)
        if breaking:
            print(f"not written: the event models are not backward compatible with {output}:", file=sys.stderr)
            for reason in breaking:
                print(f"  {reason}", file=sys.stderr)
            print("A breaking change needs a new topic (.v2): docs/operations.md, 'Rolling out a .v2 topic'.",
                  file=sys.stderr)
            return 1
    _write(render(snapshot), output)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.common.events", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    asyncapi = commands.add_parser("asyncapi", help="the AsyncAPI document")
    asyncapi.add_argument("--output", type=Path, help="write to this file instead of stdout")
    # Always to a file, so that the compatibility check against that file cannot be skipped.
    snapshot = commands.add_parser("snapshot", help="write the contract snapshot, if compatible with it")
    snapshot.add_argument("path", type=Path)
    commands.add_parser("topics-table", help="the Markdown table of topics for docs/operations.md")
    args = parser.parse_args(argv)
    if args.command == "asyncapi":
        _write(render(asyncapi_document()), args.output)
        return 0
    if args.command == "snapshot":
        return _snapshot(args.path)
    sys.stdout.write(topics_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
