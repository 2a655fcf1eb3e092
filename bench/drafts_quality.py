"""How specific, well-signed and compliant the drafts of the sample reviews are, against the `make up` stack.

Reads every draft of the sample reviews (samples/reviews.jsonl, tenant `demo`, key .local/dev-api-key)
through the responder's REST API and reports, for the customer drafts (buyer messages and public
replies): how many distinct texts they hold (the distinct ratio, also with order ids masked, since a
buyer message names its order), how many are in the review's language, and how many end with the
tenant's signature for that language (samples/settings.json, else the brand's default signature);
for every text draft: how many were checked and how many the gate blocked. One JSON line on stdout.

    flock /work/.up.lock bash -c 'make up && .local/venv/bin/python bench/drafts_quality.py; make down'
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import httpx

from reviewops.common.text.language import detect_language
from reviewops.responder.domain.composition import short_title
from reviewops.responder.domain.templates import TemplateBook

ROOT = Path(__file__).resolve().parents[1]
RESPONDER = "http://127.0.0.1:8004"
TENANT = "demo"
CUSTOMER_CHANNELS = ("buyer_message", "public_reply")
TEXT_CHANNELS = (*CUSTOMER_CHANNELS, "removal_request", "abuse_report")
_ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")


def sample_keys() -> set[str]:
    reviews = [json.loads(line)["review"] for line in (ROOT / "samples/reviews.jsonl").read_text("utf-8").splitlines()]
    return {f"{TENANT}:{r['marketplace']}:{r['kind']}:{r['external_id']}" for r in reviews if r["rating"] <= 3}


def drafts(client: httpx.Client, keys: set[str]) -> list[dict]:
    """Every text draft of the sample reviews, open or closed, with its text."""
    found, cursor = [], None
    while True:
        params = {"limit": 500, "include_closed": "true", **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/queue", params=params).raise_for_status().json()
        found += [item for item in page["items"] if item["review_key"] in keys and item["channel"] in TEXT_CHANNELS]
        cursor = page["next_cursor"]
        if not cursor:
            break
    return [client.get(f"/v1/drafts/{item['id']}").raise_for_status().json() for item in found]


def expected_signature(book: TemplateBook, settings: dict, channel: str, language: str) -> str:
    return settings["signatures"].get(language) or book.render_part(
        channel, language, "signature", {"brand_name": settings["brand_name"] or ""})


def main() -> int:
    key = (ROOT / ".local/dev-api-key").read_text().strip()
    settings = json.loads((ROOT / "samples/settings.json").read_text("utf-8"))
    book = TemplateBook.defaults()
    with httpx.Client(base_url=RESPONDER, headers={"Authorization": f"Bearer {key}"}, timeout=30,
                      trust_env=False) as client:
        if client.get("/v1/settings").raise_for_status().json() != settings:
            print("the demo tenant does not have samples/settings.json's settings: run make up", file=sys.stderr)
            return 2
        texts = drafts(client, sample_keys())
    customer = [draft for draft in texts if draft["channel"] in CUSTOMER_CHANNELS]
    review_language = {draft["id"]: draft["review"].get("language") or draft["classification"]["language"]
                       for draft in customer}
    print(json.dumps({
        "reviews": len({draft["review_key"] for draft in texts}),
        "text_drafts": len(texts),
        "by_channel": Counter(draft["channel"] for draft in texts),
        "checked": sum(draft["state"] != "pending_check" and bool(draft["policy_version"]) for draft in texts),
        "blocked": sum(draft["state"] == "blocked" for draft in texts),
        "customer_drafts": len(customer),
        "distinct_ratio": round(len({draft["text"] for draft in customer}) / max(len(customer), 1), 3),
        "distinct_ratio_order_ids_masked": round(
            len({_ORDER_ID.sub("#", draft["text"]) for draft in customer}) / max(len(customer), 1), 3),
        "in_review_language": sum(draft["language"] == review_language[draft["id"]]
                                  and detect_language(draft["text"]) == draft["language"] for draft in customer),
        "signed_for_tenant": sum(draft["text"].rstrip().endswith(
            expected_signature(book, settings, draft["channel"], draft["language"])) for draft in customer),
        "with_product_title": sum(bool(draft["review"].get("product_title")) for draft in customer),
        "naming_the_product": sum(bool(short_title(draft["review"].get("product_title")))
                                  and short_title(draft["review"]["product_title"]) in draft["text"] for draft in customer),
        "with_aspects": sum(bool(draft["classification"].get("aspects")) for draft in customer),
        "needs_review_noted": sum(any(n["code"] == "needs_review" for n in draft["agent_notes"]) for draft in texts),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
