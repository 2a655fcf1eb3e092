"""A further random draw of train-side rows (issue 12: the learning curve on real labels was still
rising). Same salt and order as sample_reviews.py, skipping rows already sampled; every row goes
to the train split (`drawn: random-2`). The test split is untouched.

    python tools/labelling/sample_more.py CORPUS SAMPLE > more.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_reviews import is_test, load, order_key  # noqa: E402

DRAWS = {
    ("en", "marc-train"): 250, ("en", "amazon-finefood-mounika"): 150, ("en", "datafiniti-amazon-products"): 60,
    ("en", "hf-amazon-us-dummy"): 20,
    ("zh", "os10-train"): 250, ("zh", "marc-train"): 100, ("zh", "sophonplus-waimai"): 50,
    ("de", "marc-train"): 250, ("fr", "marc-train"): 200, ("es", "marc-train"): 150, ("ja", "marc-train"): 150,
}


def main() -> None:
    rows = load(Path(sys.argv[1]))
    sampled = {json.loads(line)["id"] for line in Path(sys.argv[2]).read_text("utf-8").splitlines()}
    for (language, stratum), count in DRAWS.items():
        pool = sorted((r for r in rows if r["lang"] == language and r["stratum"] == stratum and r["id"] not in sampled
                       and not is_test(r["stratum"])), key=lambda r: order_key(r["id"]))
        for row in pool[:count]:
            print(json.dumps({**row, "split": "train", "drawn": "random-2"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
