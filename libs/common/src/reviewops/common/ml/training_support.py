"""Training scaffolding the classifier and compliance share: labelled data keyed by corpus row id,
the texts read from the shared corpora at run time, digests and model cards.

Texts written by others never enter the repository. Labels are committed keyed by the corpus row's
`id` with a sha256 of its text, and `join_corpus` puts the two together when `make train` or
`make eval` runs, naming every row that is missing or whose text changed. Every row is also run
through the held-out filter (`../shared/heldout/exclude.py`): a held-out text is never used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[6]


def shared_dir() -> Path:
    """`../shared` beside the repository, or `REVIEWOPS_SHARED`."""
    return Path(os.environ.get("REVIEWOPS_SHARED", REPOSITORY.parent / "shared"))


class MissingCorpus(RuntimeError):
    """The shared corpora are not on this machine (a user's clone has none)."""


def read_jsonl(paths: Iterable[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def text_sha256(*parts: str) -> str:
    """The hash that keys a label to its text: the parts joined by a line break."""
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def file_digests(paths: Sequence[Path]) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def combined_digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def write_card(path: Path, card: dict[str, Any]) -> None:
    path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def held_out_predicate(shared: Path) -> Callable[[str], bool]:
    """`is_held_out` from the shared exclusion script; refuses to go on without it."""
    script = shared / "heldout" / "exclude.py"
    if not script.is_file():
        raise MissingCorpus(f"{script} is missing: no data may be used without the held-out filter")
    spec = importlib.util.spec_from_file_location("reviewops_heldout_exclude", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.is_held_out


@dataclass
class JoinReport:
    """What `join_corpus` could not use, by reason; training and evaluation print it."""

    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    held_out: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.missing)} labelled rows missing from the corpus, {len(self.changed)} whose text "
                f"changed, {len(self.held_out)} held out")


def join_corpus(labels: Sequence[dict[str, Any]], corpus_files: Sequence[Path],
                texts_of: Callable[[dict[str, Any]], tuple[str, ...]],
                is_held_out: Callable[[str], bool]) -> tuple[list[dict[str, Any]], JoinReport]:
    """Each label merged with its corpus row (the row's fields first, the label's over them), for the
    labels whose row exists, whose text hash still matches and that are not held out."""
    missing_files = [str(path) for path in corpus_files if not path.is_file()]
    if missing_files:
        raise MissingCorpus("the real corpus is not on this machine: missing " + ", ".join(missing_files)
                            + " (make train and make eval read the texts from ../shared/corpora)")
    rows = {row["id"]: row for row in read_jsonl(corpus_files)}
    report = JoinReport()
    joined = []
    for label in labels:
        row = rows.get(label["id"])
        if row is None:
            report.missing.append(label["id"])
            continue
        texts = texts_of(row)
        if text_sha256(*texts) != label["sha256"]:
            report.changed.append(label["id"])
            continue
        if any(text and is_held_out(text) for text in texts):
            report.held_out.append(label["id"])
            continue
        joined.append({**row, **label})
    return joined, report
