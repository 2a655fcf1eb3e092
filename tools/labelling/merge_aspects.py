"""Merge two independent aspect passes, list what the third reader settles, write settled labels.

    python merge_aspects.py disputes SAMPLE A B > disputes.jsonl
    python merge_aspects.py labels SAMPLE A B THIRD > labels.jsonl
    python merge_aspects.py agreement SAMPLE A B

A name (aspect or fact) that both passes gave is kept; one that only one pass gave is disputed and
the third reader keeps or drops it (THIRD: {id, keep_aspects: [...], keep_facts: [...]}).
"""
import json
import sys

ASPECTS = {"late", "lost", "damaged_in_transit", "wrong_item", "missing_part", "used_as_new", "expired",
           "dead_on_arrival", "stopped_working", "poor_build", "wrong_spec", "counterfeit", "unsafe",
           "setup", "manual", "app_connectivity", "compatibility",
           "size_or_power", "looks", "value", "missing_feature",
           "taste_or_smell", "fit_or_style", "colour", "feel",
           "no_reply", "refund_or_return", "tone"}
FACTS = {"order_problem", "usage_duration", "tried_fix", "error_shown", "photos"}


def read(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            assert set(row["aspects"]) <= ASPECTS and set(row["facts"]) <= FACTS, row
            rows[row["id"]] = row
    return rows


def main():
    command, sample_path, a_path, b_path, *rest = sys.argv[1:]
    sample = [json.loads(line) for line in open(sample_path, encoding="utf-8")]
    a, b = read(a_path), read(b_path)
    missing = [r["id"] for r in sample if r["id"] not in a or r["id"] not in b]
    if missing:
        sys.exit(f"{len(missing)} rows lack a pass: {missing[:5]}")
    if command == "agreement":
        for kind, names in (("aspects", ASPECTS), ("facts", FACTS)):
            both = either = rows_same = 0
            for r in sample:
                x, y = set(a[r["id"]][kind]), set(b[r["id"]][kind])
                both += len(x & y); either += len(x | y); rows_same += x == y
            print(f"{kind}: rows identical {rows_same}/{len(sample)} = {rows_same/len(sample):.3f}; "
                  f"name-level agreement (|A&B|/|A|B|) {both}/{either} = {both/max(either,1):.3f}")
        return
    if command == "disputes":
        for r in sample:
            x, y = a[r["id"]], b[r["id"]]
            da = sorted(set(x["aspects"]) ^ set(y["aspects"]))
            df = sorted(set(x["facts"]) ^ set(y["facts"]))
            if da or df:
                print(json.dumps({"id": r["id"], "agreed_aspects": sorted(set(x["aspects"]) & set(y["aspects"])),
                                  "disputed_aspects": da, "agreed_facts": sorted(set(x["facts"]) & set(y["facts"])),
                                  "disputed_facts": df}, ensure_ascii=False))
        return
    third = read_third(rest[0])
    for r in sample:
        x, y = a[r["id"]], b[r["id"]]
        aspects = set(x["aspects"]) & set(y["aspects"])
        facts = set(x["facts"]) & set(y["facts"])
        disputed_a = set(x["aspects"]) ^ set(y["aspects"])
        disputed_f = set(x["facts"]) ^ set(y["facts"])
        if disputed_a or disputed_f:
            t = third[r["id"]]
            aspects |= disputed_a & set(t["keep_aspects"])
            facts |= disputed_f & set(t["keep_facts"])
        print(json.dumps({"id": r["id"], "sha256": r["sha256"], "lang": r["lang"], "split": r["split"],
                          "aspects": sorted(aspects), "facts": sorted(facts),
                          "agreement": {"a": {"aspects": sorted(x["aspects"]), "facts": sorted(x["facts"])},
                                        "b": {"aspects": sorted(y["aspects"]), "facts": sorted(y["facts"])},
                                        "third_reading": bool(disputed_a or disputed_f)}}, ensure_ascii=False))


def read_third(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            rows[row["id"]] = row
    return rows


if __name__ == "__main__":
    main()
