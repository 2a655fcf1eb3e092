"""Tally two reviewers' rubric answers on the rendered drafts (docs/drafts.md, "Measured quality").

    python tools/drafts/rubric_report.py ITEMS.jsonl R1.jsonl R2.jsonl [--ratings-out DIR]

ITEMS is the output of render_sample.py (outside the repository: it holds real texts); R1 and R2
are the reviewers' answers, one JSON line per draft: id, channel, send (as_is | small_edit | no),
addresses_complaint, asks_already_given, wrong_language_or_signature, note. Prints the markdown
tables of docs/drafts.md: each rate over both reviewers' answers (every draft counted twice), per
language and per channel, and how often the two agreed. With --ratings-out it writes the answers
keyed by draft id with the hashes of the review and of the draft text, for the repository; never
the texts, nor the reviewers' notes, which may quote the buyer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from pathlib import Path

CUSTOMER = ("buyer_message", "public_reply")
RATES = (
    ("would send as is or after a small edit", lambda a: a["send"] in ("as_is", "small_edit")),
    ("would send as is", lambda a: a["send"] == "as_is"),
    ("addresses the specific complaint", lambda a: a["addresses_complaint"]),
    ("asks for something already given", lambda a: a["asks_already_given"]),
    ("wrong language or signature", lambda a: a["wrong_language_or_signature"]),
)


def read(path: Path) -> dict[str, dict]:
    return {row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table(title: str, groups: dict[str, list[dict]]) -> list[str]:
    lines = [f"| {title} | drafts | " + " | ".join(name for name, _ in RATES) + " |",
             "|---|---|" + "---|" * len(RATES)]
    for group, answers in groups.items():
        cells = [f"{sum(test(a) for a in answers) / len(answers):.0%}" for _, test in RATES]
        lines.append(f"| {group} | {len(answers) // 2} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("items", type=Path)
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--ratings-out", type=Path)
    args = parser.parse_args()
    items, first, second = read(args.items), read(args.first), read(args.second)
    missing = [key for key in items if key not in first or key not in second]
    if missing:
        raise SystemExit(f"{len(missing)} drafts lack an answer, e.g. {missing[:3]}")
    by_language, by_channel = defaultdict(list), defaultdict(list)
    overall: dict[str, list[dict]] = {"customer drafts": [], "marketplace requests": [], "all drafts": []}
    for key, item in items.items():
        answers = [first[key], second[key]]
        by_language[item["lang"]] += answers
        by_channel[item["channel"]] += answers
        overall["customer drafts" if item["channel"] in CUSTOMER else "marketplace requests"] += answers
        overall["all drafts"] += answers
    out = table("", overall) + [""] + table("language", dict(sorted(by_language.items()))) + [""] + \
        table("channel", dict(sorted(by_channel.items())))
    agreement = {name: sum(test(first[k]) == test(second[k]) for k in items) / len(items) for name, test in RATES}
    out += ["", "| agreement of the two reviewers | " + " | ".join(f"{name}: {value:.0%}" for name, value
                                                                  in agreement.items()) + " |"]
    print("\n".join(out))
    if args.ratings_out:
        args.ratings_out.mkdir(parents=True, exist_ok=True)
        for name, answers in (("reviewer_1", first), ("reviewer_2", second)):
            with (args.ratings_out / f"{name}.jsonl").open("w", encoding="utf-8") as out_file:
                for key, item in items.items():
                    answer = answers[key]
                    out_file.write(json.dumps({
                        "id": key, "review_sha256": sha256(f"{item['title']}\n{item['body']}"),
                        "draft_sha256": sha256(item["text"]), "lang": item["lang"], "channel": item["channel"],
                        **{field: answer[field] for field in ("send", "addresses_complaint", "asks_already_given",
                                                              "wrong_language_or_signature")},
                    }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
