"""Merge the two independent annotation passes over the real seller messages and the third
reader's decisions into the committed labels (issue 13; docs/labelling.md, "Messages").

    python tools/labelling/merge_messages.py CORPUS.jsonl A.jsonl B.jsonl THIRD.jsonl > labels.jsonl

Each pass holds one line per message: id and violations [{rule, quote}], the quote an exact
substring of the text. A message is disputed when the two passes name different rule sets; the
third reader's answer settles it. The labels keep spans as offsets only (no text leaves the
corpus), the split decided by source (TEST_SOURCES), and both passes for the agreement figures.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

RULES = ("incentive_for_review", "request_change_or_remove", "selective_solicitation", "divert_negative",
         "fake_or_brushing", "external_link", "personal_contact", "marketing", "personal_data_exposure",
         "abusive_or_defensive", "false_urgency")
# Real messages whose source repository or site is held out as the frozen test split: every
# language is in it, and no training message shares a source with it.
TEST_SOURCES = ("sho5kubota/guidingyou2", "toandevitviet/magento_tranning", "wp-plugins/usc-e-shop",
                "HirokazuNishi/Magento-Japanese-Translation")


def source_of(source: str) -> str:
    """The repository (github:owner/repo:path@commit) or the site a message came from."""
    if source.startswith("github:"):
        return source.split(":")[1]
    return source.split("/")[2] if "://" in source else source


def read(*paths: str) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                assert all(v["rule"] in RULES for v in row["violations"]), row
                rows[row["id"]] = row["violations"]
    return rows


def spans(text: str, violations: list[dict]) -> list[dict]:
    found = []
    for violation in violations:
        start = text.find(violation["quote"])
        assert start >= 0, violation
        found.append({"rule": violation["rule"], "start": start, "end": start + len(violation["quote"])})
    return sorted(found, key=lambda span: (span["start"], span["rule"]))


def main() -> None:
    corpus_path, *rest = sys.argv[1:]
    first, second, third = read(rest[0]), read(rest[1]), read(rest[2])
    for line in Path(corpus_path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        a, b = first[row["id"]], second[row["id"]]
        rules_a, rules_b = sorted({v["rule"] for v in a}), sorted({v["rule"] for v in b})
        settled = third[row["id"]] if rules_a != rules_b else a
        rules = sorted({v["rule"] for v in settled})
        print(json.dumps({
            "id": row["id"], "sha256": hashlib.sha256(row["text"].encode("utf-8")).hexdigest(), "lang": row["lang"],
            "channel": row["channel_hint"], "source": source_of(row["source"]), "licence": row["licence"],
            "split": "test" if source_of(row["source"]) in TEST_SOURCES else "train",
            "allowed": not rules, "rules": rules, "spans": spans(row["text"], settled),
            "agreement": {"a": rules_a, "b": rules_b, "third_reading": rules_a != rules_b},
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
