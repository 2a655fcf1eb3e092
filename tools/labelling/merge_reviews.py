"""Merge the two independent annotation passes over the review sample, list what the third reader
must settle, and write the committed labels (issue 12; docs/labelling.md).

    python tools/labelling/merge_reviews.py disputes SAMPLE A.jsonl B.jsonl > disputes.jsonl
    python tools/labelling/merge_reviews.py labels SAMPLE A.jsonl B.jsonl THIRD.jsonl > labels.jsonl

SAMPLE is services/classifier/data/real/sample.jsonl (ids, text hashes, splits); A and B are the
two passes (one JSON object per row: id, primary, causes, signals), THIRD the third reader's
decisions on the disputed rows. A row is disputed when the passes differ on the primary cause or on
any signal. Agreed rows keep the agreed primary and signals, and the secondary causes either pass
named.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CAUSES = ("product_quality", "logistics", "instructions", "expectations", "preference", "seller_service", "other")
SIGNALS = ("fulfillment_only", "product_review_only", "profanity", "personal_info", "promotional")


def read(path: str) -> dict[str, dict]:
    rows = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            assert row["primary"] in CAUSES, row
            assert all(cause in CAUSES for cause in row["causes"]), row
            assert all(signal in SIGNALS for signal in row["signals"]), row
            rows[row["id"]] = row
    return rows


def disputed(first: dict, second: dict) -> bool:
    return first["primary"] != second["primary"] or set(first["signals"]) != set(second["signals"])


def main() -> None:
    command, sample_path, a_path, b_path, *rest = sys.argv[1:]
    sample = [json.loads(line) for line in Path(sample_path).read_text(encoding="utf-8").splitlines()]
    first, second = read(a_path), read(b_path)
    missing = [row["id"] for row in sample if row["id"] not in first or row["id"] not in second]
    if missing:
        sys.exit(f"{len(missing)} rows lack a pass, e.g. {missing[:5]}")
    if command == "disputes":
        for row in sample:
            a, b = first[row["id"]], second[row["id"]]
            if disputed(a, b):
                print(json.dumps({"id": row["id"], "a": a, "b": b}, ensure_ascii=False))
        return
    third = read(rest[0])
    for row in sample:
        a, b = first[row["id"]], second[row["id"]]
        agreement = {"a": {k: a[k] for k in ("primary", "causes", "signals")},
                     "b": {k: b[k] for k in ("primary", "causes", "signals")}}
        if disputed(a, b):
            settled = third[row["id"]]
            primary, causes, signals = settled["primary"], settled["causes"], settled["signals"]
            agreement["third_reading"] = True
        else:
            primary, signals = a["primary"], a["signals"]
            named = set(a["causes"]) | set(b["causes"])
            causes = [primary] + [cause for cause in CAUSES if cause in named and cause != primary]
            agreement["third_reading"] = False
        label = {**row, "primary": primary, "causes": causes,
                 "signals": [signal for signal in SIGNALS if signal in signals], "agreement": agreement}
        print(json.dumps(label, ensure_ascii=False))


if __name__ == "__main__":
    main()
