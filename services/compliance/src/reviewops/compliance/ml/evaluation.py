"""Scoring the gate on labelled sets (`make eval`): recall on violating messages, false blocks on
compliant ones, and whether the right rules were named; per language, channel and rule.

The real seller messages come first (their frozen test split; texts read from ../shared/corpora,
labels from services/compliance/data/real/), then the sets written for the project, each named
for what it is."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewops.common.ml.training_support import held_out_predicate, join_corpus, read_jsonl, shared_dir
from reviewops.compliance.batch import check_line
from reviewops.compliance.domain.catalogue import POLICY_VERSION
from reviewops.compliance.ml.model import NoSecondOpinion, SecondOpinion, shipped_model


@dataclass(frozen=True)
class Scored:
    id: str
    language: str
    channel: str
    expected_allowed: bool
    expected_rules: frozenset[str]
    allowed: bool
    found_rules: frozenset[str]

    @property
    def blocked(self) -> bool:
        return not self.allowed

    @property
    def named_right(self) -> bool:
        return self.expected_rules <= self.found_rules


@dataclass
class Tally:
    violating: int = 0
    caught: int = 0
    named: int = 0
    compliant: int = 0
    false_blocks: int = 0
    misses: list[str] = field(default_factory=list)
    blocked_ids: list[str] = field(default_factory=list)

    def add(self, item: Scored) -> None:
        if item.expected_allowed:
            self.compliant += 1
            if item.blocked:
                self.false_blocks += 1
                self.blocked_ids.append(item.id)
        else:
            self.violating += 1
            self.caught += item.blocked
            self.named += item.blocked and item.named_right
            if not item.blocked:
                self.misses.append(item.id)


# The labelled sets' time windows (`order_completed_at`, `delivered_at`) were written as of this day;
# judging them on the day `make eval` runs would move messages outside their window as time passes.
LABELLED_AS_OF = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def score(items: Sequence[dict[str, Any]], second_opinion: SecondOpinion | None = None) -> list[Scored]:
    """Run every labelled item through the same path as the batch command, as of LABELLED_AS_OF."""
    scored = []
    for item in items:
        result = check_line(json.dumps(item), second_opinion, now=LABELLED_AS_OF)
        if "error" in result:
            raise ValueError(f"{item.get('id')}: {result['error']}")
        scored.append(Scored(
            id=item["id"],
            language=item.get("language") or "und",
            channel=item["channel"],
            expected_allowed=item["expected"]["allowed"],
            expected_rules=frozenset(item["expected"]["rules"]),
            allowed=result["allowed"],
            found_rules=frozenset(v["rule"] for v in result["violations"]),
        ))
    return scored


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def _overall_table(tallies: dict[str, Tally], order: Sequence[str]) -> list[str]:
    lines = ["| | violating | recall | right rule named | compliant | false-block rate |",
             "|---|---|---|---|---|---|"]
    for key in order:
        t = tallies[key]
        lines.append(f"| {key} | {t.violating} | {_rate(t.caught, t.violating)} | {_rate(t.named, t.violating)} "
                     f"| {t.compliant} | {_rate(t.false_blocks, t.compliant)} |")
    return lines


def _rule_table(scored: Sequence[Scored]) -> list[str]:
    support: dict[str, int] = defaultdict(int)
    found: dict[str, int] = defaultdict(int)
    spurious: dict[str, int] = defaultdict(int)
    for item in scored:
        for rule in item.expected_rules:
            support[rule] += 1
            found[rule] += rule in item.found_rules
        for rule in item.found_rules - item.expected_rules:
            spurious[rule] += 1
    lines = ["| rule | messages with it | named | recall | named where not expected |", "|---|---|---|---|---|"]
    for rule in sorted(set(support) | set(spurious)):
        lines.append(f"| `{rule}` | {support[rule]} | {found[rule]} | {_rate(found[rule], support[rule])} "
                     f"| {spurious[rule]} |")
    return lines


def _ablation(scored: Sequence[Scored], cues_only: Sequence[Scored]) -> list[str]:
    lines = ["| | recall | right rule named | false-block rate |", "|---|---|---|---|"]
    for label, items in (("cues and detectors only", cues_only), ("with the rule model (shipped)", scored)):
        total = Tally()
        for item in items:
            total.add(item)
        lines.append(f"| {label} | {_rate(total.caught, total.violating)} | {_rate(total.named, total.violating)} "
                     f"| {_rate(total.false_blocks, total.compliant)} |")
    return lines


def report(name: str, source: str, scored: Sequence[Scored], cues_only: Sequence[Scored]) -> list[str]:
    by_language: dict[str, Tally] = defaultdict(Tally)
    by_channel: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for item in scored:
        by_language[item.language].add(item)
        by_channel[item.channel].add(item)
        total.add(item)
    by_language["all"] = total
    languages = sorted(key for key in by_language if key != "all") + ["all"]
    lines = [f"## {name}", "",
             f"{source}: {len(scored)} messages.", "",
             "### By language", "", *_overall_table(by_language, languages), "",
             "### By channel", "", *_overall_table(by_channel, sorted(by_channel)), "",
             "### By rule", "", *_rule_table(scored), "",
             "### What the rule model adds", "", *_ablation(scored, cues_only), ""]
    if total.misses or total.blocked_ids:
        lines += ["### Errors", "",
                  f"- violating messages allowed ({len(total.misses)}): {', '.join(total.misses) or 'none'}",
                  f"- compliant messages blocked ({len(total.blocked_ids)}): {', '.join(total.blocked_ids) or 'none'}",
                  ""]
    return lines


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def file_source(path: Path) -> str:
    return f"`{path.as_posix()}`, sha256 `{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}`"


REAL_LABELS = Path(__file__).resolve().parents[4] / "data" / "real" / "labels.jsonl"


def real_messages(labels_path: Path = REAL_LABELS) -> tuple[dict[str, list[dict[str, Any]]], str]:
    """The labelled real messages as evaluation items, by split, and a line on what was unusable.
    Raises MissingCorpus where ../shared is absent. Judged without context, as the corpus has
    none: hard limits stay unchecked, the content rules decide."""
    labels = read_jsonl([labels_path])
    rows, unusable = join_corpus(labels, [shared_dir() / "corpora" / "messages" / "messages.jsonl"],
                                 lambda row: (row["text"],), held_out_predicate(shared_dir()))
    by_split: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_split[row["split"]].append({
            "id": row["id"], "text": row["text"], "channel": row["channel"], "language": row["lang"], "context": {},
            "expected": {"allowed": row["allowed"], "rules": row["rules"]},
        })
    return by_split, unusable.summary()


def _by_author(card: dict[str, Any]) -> list[str]:
    results = card.get("held_out_gate_by_author") or {}
    lines = ["## Authors' sets in cross-validation by author", "",
             "Each author's set judged by the whole gate with a rule model fitted without that author (its",
             "thresholds chosen on the rest's own folds), from the model card of "
             f"`{card['version']}`. Authors I and J were also the development sets for the cues",
             "written in this issue, so their figures flatter the cues.", "",
             "| set | violating | recall | right rule named | compliant | false-block rate |",
             "|---|---|---|---|---|---|"]
    for name, result in sorted(results.items()):
        lines.append(f"| `{name}` | {result['violating']} | {result['recall']} | {result['right_rule']} "
                     f"| {result['compliant']} | {result['false_block_rate']} |")
    return [*lines, ""]


def evaluation_document(splits: Sequence[tuple[str, Path]], labels_path: Path | None = None,
                        test_splits: Sequence[tuple[str, Path]] = (), card_path: Path | None = None) -> str:
    """The tables of docs/compliance-evaluation.md: the real test split, `test_splits`, the authors'
    cross-validation from the model card at `card_path`, then `splits`, then the real train split."""
    lines = [
        "# Compliance gate evaluation",
        "",
        "Generated by `make eval` (`python -m reviewops.compliance evaluate`); do not edit by hand.",
        f"Policy version `{POLICY_VERSION}`. Recall: share of violating messages not allowed. Right rule",
        "named: share of violating messages blocked with every expected rule among the violations.",
        "False-block rate: share of compliant messages not allowed. Targets (compliance-on-real-messages",
        "issue): recall >= 0.90, false blocks <= 0.06 overall and <= 0.10 in every channel. The real",
        "messages' test split and author H's adversarial set are the frozen test data; author K's set was",
        "written after this issue's changes to the gate and scored once, as a check on a writer it never met.",
        f"The rule model `{shipped_model().version}` (docs/compliance.md) is trained on the synthetic training",
        "and development splits, authors F's, G's, I's and J's sets and the real train split, so their figures",
        "here show the fit; the authors' sets are scored by a model that never saw the author in the",
        "cross-validation section. The synthetic splits were written for the project by one author each.",
        "",
    ]
    real: dict[str, list[dict[str, Any]]] = {}
    if labels_path is not None:
        real, unusable = real_messages(labels_path)
        source = (f"real seller messages nobody on the team wrote ({file_source(labels_path)}; texts from "
                  f"../shared/corpora; {unusable}), split by source and frozen before any model was trained "
                  "on them, judged without context (hard limits unchecked)")
        lines += report("Real messages, test split", source, score(real["test"]),
                        score(real["test"], NoSecondOpinion()))
    for name, path in test_splits:
        items = load(path)
        lines += report(name, file_source(path), score(items), score(items, NoSecondOpinion()))
    if card_path is not None:
        lines += _by_author(json.loads(card_path.read_text("utf-8")))
    for name, path in splits:
        items = load(path)
        lines += report(name, file_source(path), score(items), score(items, NoSecondOpinion()))
    if real:
        lines += report("Real messages, train split (training data of the rule model)", "the other real messages",
                        score(real["train"]), score(real["train"], NoSecondOpinion()))
    return "\n".join(lines)
