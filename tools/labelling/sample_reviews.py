"""Draw the rows of the real review corpus that the annotators label (issue 12).

Deterministic: rows are ordered by a hash of their id and a fixed salt, so the same corpus gives
the same sample. The split is decided by source before any labelling, so that the test split
shares no source with training (docs/labelling.md, "Splits"):

- test: every row drawn from a test source (amazon-unlocked-mobile, womens-clothing-ecommerce,
  amazon-fashion5, german-amazon-4k, the books, fruit and tablets categories of
  sophonplus-online-shopping) and from the test partition of MARC (ids `marcup-xx-test-*`);
- train and dev: every other source, and MARC's train partition. Dev is one in five of the
  randomly drawn train-side rows.

Targeted rows (for the thin causes instructions, seller_service and other) are drawn only from
train-side sources by keyword, and are marked `drawn: targeted-<cause>`; the test split is a plain
random draw, so its figures are not skewed by the targeting.

    python tools/labelling/sample_reviews.py ../shared/corpora/reviews > sample.jsonl
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SALT = "reviewops-labels-2026-12"

TEST_FILES = {"amazon-unlocked-mobile", "womens-clothing-ecommerce", "amazon-fashion5", "german-amazon-4k"}
TEST_OS10_CATEGORIES = {"books (书籍)", "fruit (水果)", "tablets (平板)"}

# (language, stratum) -> rows to draw at random. A stratum is a file, a MARC partition or an
# online-shopping category group.
RANDOM_DRAWS = {
    # test
    ("en", "amazon-unlocked-mobile"): 90,
    ("en", "womens-clothing-ecommerce"): 70,
    ("en", "amazon-fashion5"): 20,
    ("en", "marc-test"): 40,
    ("zh", "os10-test"): 100,
    ("zh", "marc-test"): 50,
    ("de", "german-amazon-4k"): 50,
    ("de", "marc-test"): 50,
    ("fr", "marc-test"): 85,
    ("es", "marc-test"): 85,
    ("ja", "marc-test"): 85,
    # train and dev
    ("en", "marc-train"): 450,
    ("en", "amazon-finefood-mounika"): 200,
    ("en", "datafiniti-amazon-products"): 80,
    ("en", "hf-amazon-us-dummy"): 30,
    ("zh", "os10-train"): 250,
    ("zh", "marc-train"): 130,
    ("zh", "sophonplus-waimai"): 100,
    ("de", "marc-train"): 170,
    ("fr", "marc-train"): 180,
    ("es", "marc-train"): 180,
    ("ja", "marc-train"): 180,
}

TARGETS = {
    "instructions": re.compile(
        r"instruction|manual|set ?up\b|assembl|install|how to use|figure out|directions|configur|"
        r"anleitung|aufbau|montage|installier|einricht|einstell|"
        r"notice|mode d'emploi|monter|montage|paramétr|"
        r"instrucciones|manual|montaje|instalar|configurar|"
        r"説明書|取扱|設定|組み立て|組立|取り付け|使い方|インストール|"
        r"说明书|安装|设置|不会用|怎么用|教程|驱动",
        re.IGNORECASE,
    ),
    "seller_service": re.compile(
        r"customer service|the seller|refund|warranty|support team|contacted|never responded|no response|"
        r"kundenservice|kundendienst|verkäufer|händler|rückerstattung|erstattung|garantie|"
        r"service client|service après|vendeur|rembours|garantie|\bsav\b|"
        r"atención al cliente|servicio técnico|vendedor|reembolso|garantía|"
        r"返金|出品者|販売者|問い合わせ|問合せ|サポート|カスタマー|販売元|"
        r"客服|退款|售后|态度|商家|卖家|不给退|不给换",
        re.IGNORECASE,
    ),
    "other": re.compile(
        r"price (dropped|went down)|cheaper (now|elsewhere)|my (own )?(fault|mistake)|ordered the wrong|allerg|"
        r"haven't (tried|used)|not (tried|used) (it )?yet|boycott|gift for|"
        r"meine schuld|falsch bestellt|noch nicht (getestet|benutzt|ausprobiert)|allergi|"
        r"ma faute|pas encore (testé|essayé|utilisé)|allergi|"
        r"mi culpa|todavía no|aún no (lo )?he|alergi|"
        r"まだ使って|まだ試して|自分のミス|値下がり|アレルギー|"
        r"降价|还没用|还没试|自己的问题|过敏",
        re.IGNORECASE,
    ),
}
TARGETED_DRAWS = {
    "instructions": {"en": 70, "zh": 40, "de": 30, "fr": 30, "es": 30, "ja": 30},
    "seller_service": {"en": 60, "zh": 40, "de": 25, "fr": 25, "es": 25, "ja": 25},
    "other": {"en": 70, "zh": 40, "de": 30, "fr": 30, "es": 30, "ja": 30},
}


def order_key(row_id: str) -> str:
    return hashlib.sha256(f"{SALT}:{row_id}".encode()).hexdigest()


def stratum(file: str, row: dict) -> str:
    if file == "marc-uniprompt":
        return "marc-test" if row["id"].split("-")[2] == "test" else "marc-train"
    if file == "sophonplus-online-shopping":
        return "os10-test" if row["category"] in TEST_OS10_CATEGORIES else "os10-train"
    return file


def is_test(stratum_name: str) -> bool:
    return stratum_name in TEST_FILES or stratum_name in {"marc-test", "os10-test"}


def load(corpus: Path) -> list[dict]:
    rows = []
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            row["source"] = path.stem
            row["stratum"] = stratum(path.stem, row)
            rows.append(row)
    return rows


def draw(rows: list[dict]) -> list[dict]:
    by_stratum: dict[tuple[str, str], list[dict]] = {}
    for row in sorted(rows, key=lambda r: order_key(r["id"])):
        by_stratum.setdefault((row["lang"], row["stratum"]), []).append(row)
    chosen: dict[str, dict] = {}
    for key, count in RANDOM_DRAWS.items():
        pool = by_stratum.get(key, [])
        for index, row in enumerate(pool[:count]):
            split = "test" if is_test(row["stratum"]) else ("dev" if index % 5 == 4 else "train")
            chosen[row["id"]] = {**row, "split": split, "drawn": "random"}
    train_side = [r for r in sorted(rows, key=lambda r: order_key(r["id"])) if not is_test(r["stratum"])]
    for cause, per_language in TARGETED_DRAWS.items():
        pattern = TARGETS[cause]
        for language, count in per_language.items():
            taken = 0
            for row in train_side:
                if taken == count:
                    break
                if row["lang"] != language or row["id"] in chosen:
                    continue
                if pattern.search(f"{row.get('title') or ''} {row['body']}"):
                    chosen[row["id"]] = {**row, "split": "train", "drawn": f"targeted-{cause}"}
                    taken += 1
    return sorted(chosen.values(), key=lambda r: order_key(r["id"]))


def main() -> None:
    corpus = Path(sys.argv[1])
    for row in draw(load(corpus)):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
