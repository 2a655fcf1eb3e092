"""The loop behind every batch command: JSON lines in (a file or stdin), JSON lines out."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any


def run_jsonlines(source: str, process: Callable[[Iterable[str]], Iterator[dict[str, Any]]]) -> int:
    """Write one result per input line to stdout; exit status 1 if any result is an error."""
    stream = sys.stdin if source == "-" else Path(source).open(encoding="utf-8")
    failed = False
    with stream:
        for result in process(stream):
            failed = failed or "error" in result
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if failed else 0
