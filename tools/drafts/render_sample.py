"""Compose the drafts of real negative reviews offline, for people to judge (issue 15).

Pure domain code, no stack: each review is classified by the committed cause model (with the
aspect detector and removal signals, as the classifier service does), gated by compliance's gate,
drafted by the responder's plan_drafts for a sample tenant, and every text draft is checked by the
compliance check the responder calls. The reviews are real texts from ../shared/corpora/reviews
with settled cause labels (services/classifier/data/real/labels.jsonl); held-out texts are dropped
(../shared/heldout/exclude.py). Real texts never enter the repository: the output goes outside it.

    python tools/drafts/render_sample.py [--shared ../shared] [--out /work/drafts-review/items.jsonl]
        [--salt S --fresh EARLIER_ITEMS.jsonl]   (a second sample, after changes made on the first)
        [--salt S --unlabelled [--fresh EARLIER_ITEMS.jsonl]]   (reviews no label file holds)

Per language it draws PER_KIND seller feedback (reviews about delivery or the seller's service, the
settled primary cause logistics or seller_service, or food-delivery order reviews) and PER_KIND
product reviews (the other causes, taken in turn), deterministically by a salted hash of the id.
Each line of the output is one text draft: the review (id, lang, kind, rating, title, body, the
settled and the model's cause, aspects and facts) and the draft (channel, the tenant's brand and
the signature it signs with, text, the check's verdict).
A summary goes to standard error.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.ml.aspect_model import AspectHeads
from reviewops.classifier.ml.model import CauseModel
from reviewops.common.events.payloads import ReviewGated, ReviewSnapshot
from reviewops.common.text.language import SUPPORTED_LANGUAGES, detect_language
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.domain.gate import gate
from reviewops.compliance.ml.model import shipped_model
from reviewops.responder.domain.drafts import check_context, marketplace_signature, plan_drafts
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import TemplateBook

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "services/classifier/data/real/labels.jsonl"
ASPECT_LABELS = ROOT / "services/classifier/data/real/aspects.jsonl"
ASPECT_TRAIN_LABELS = ROOT / "services/classifier/data/real/aspects_train.jsonl"
SALT = "reviewops-drafts-review-2026-12"
PER_KIND = 11
SELLER_CAUSES = ("logistics", "seller_service")
PRODUCT_CAUSES = ("product_quality", "instructions", "expectations", "preference", "other")
MARKETPLACE = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "ja": "JP", "zh": "CN"}
CUSTOMER_CHANNELS = ("buyer_message", "public_reply")
# The sample tenant: a brand and a return window, no signatures of its own (each language gets the
# brand's default signature).
SETTINGS = TenantSettings(brand_name="Northwind Home", return_window_days=30)
CREATED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
_ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")


def _rank(review_id: str, salt: str = SALT) -> str:
    return hashlib.sha256(f"{salt}:{review_id}".encode()).hexdigest()


def _load_exclude(shared: Path):
    spec = importlib.util.spec_from_file_location("exclude", shared / "heldout" / "exclude.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.is_held_out


def _texts(shared: Path, wanted: set[str]) -> dict[str, dict]:
    rows = {}
    for path in sorted((shared / "corpora" / "reviews").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            if row["id"] in wanted:
                rows[row["id"]] = row
    return rows


def draw(shared: Path, salt: str = SALT, skipped: frozenset[str] = frozenset()) -> list[tuple[dict, dict, str]]:
    """(label, corpus row, kind) for PER_KIND seller feedback and PER_KIND product reviews per language,
    none of the `skipped` ids."""
    labels = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if json.loads(line)["id"] not in skipped]
    texts = _texts(shared, {label["id"] for label in labels})
    is_held_out = _load_exclude(shared)
    chosen = []
    for language in SUPPORTED_LANGUAGES:
        pool = sorted((label for label in labels if label["lang"] == language and label["id"] in texts
                       and not is_held_out(texts[label["id"]]["title"]) and not is_held_out(texts[label["id"]]["body"])),
                      key=lambda label: _rank(label["id"], salt))
        seller = [label for label in pool if label["primary"] in SELLER_CAUSES
                  or texts[label["id"]].get("kind_hint") == "seller_feedback"]
        product = [label for label in pool if label not in seller]
        # Reviews with settled removal signals first, so that removal requests and abuse reports show.
        seller.sort(key=lambda label: not label["signals"])
        chosen += [(label, texts[label["id"]], "seller_feedback") for label in seller[:PER_KIND]]
        by_cause = defaultdict(list)
        for label in sorted(product, key=lambda label: not label["signals"]):
            by_cause[label["primary"]].append(label)
        taken: list[dict] = []
        while len(taken) < PER_KIND and any(by_cause.values()):
            for cause in PRODUCT_CAUSES:
                if by_cause[cause] and len(taken) < PER_KIND:
                    taken.append(by_cause[cause].pop(0))
        chosen += [(label, texts[label["id"]], "product_review") for label in taken]
    return chosen


UNLABELLED_CANDIDATES = 240  # per language, classified to tell seller feedback from product reviews


def draw_unlabelled(shared: Path, salt: str, classifier: Classifier, skipped: frozenset[str] = frozenset()
                    ) -> list[tuple[dict, dict, str]]:
    """As draw(), from the negative reviews (rating 1-3) that carry no label of the project at all:
    nobody on the team has read them. Without a settled cause, the cause model's tells the kinds apart."""
    labelled = skipped | {json.loads(line)["id"] for path in (LABELS, ASPECT_LABELS, ASPECT_TRAIN_LABELS)
                          for line in path.read_text("utf-8").splitlines() if line.strip()}
    is_held_out = _load_exclude(shared)
    rows = [row for path in sorted((shared / "corpora" / "reviews").glob("*.jsonl"))
            for row in map(json.loads, path.read_text("utf-8").splitlines())
            if row["id"] not in labelled and row.get("rating") is not None and row["rating"] <= 3 and row.get("body")
            and not is_held_out(row.get("title") or "") and not is_held_out(row["body"])]
    chosen = []
    for language in SUPPORTED_LANGUAGES:
        pool = sorted((row for row in rows if row["lang"] == language), key=lambda row: _rank(row["id"], salt))
        candidates = pool[:UNLABELLED_CANDIDATES]
        causes = [c.primary_cause for c in classifier.classify_many(
            [ReviewText(r.get("title") or "", r["body"], r["rating"], language) for r in candidates])]
        seller = [row for row, cause in zip(candidates, causes, strict=True)
                  if cause in SELLER_CAUSES or row.get("kind_hint") == "seller_feedback"]
        product = [row for row in candidates if row not in seller]
        chosen += [({"primary": None}, {**row, "title": row.get("title") or ""}, "seller_feedback")
                   for row in seller[:PER_KIND]]
        chosen += [({"primary": None}, {**row, "title": row.get("title") or ""}, "product_review")
                   for row in product[:PER_KIND]]
    return chosen


def snapshot(row: dict, kind: str) -> ReviewSnapshot:
    """The review as ingest would publish it; the order id and fulfilment are made up (the corpora have none)."""
    digits = str(int(_rank(row["id"]), 16))
    order_id = f"{digits[:3]}-{digits[3:10]}-{digits[10:17]}"
    feedback = kind == "seller_feedback"
    external_id = order_id if feedback else f"R{digits[:12]}"
    return ReviewSnapshot(
        review_key=f"sample:{MARKETPLACE[row['lang']]}:{kind}:{external_id}", tenant_id="sample",
        marketplace=MARKETPLACE[row["lang"]], kind=kind, external_id=external_id, version=1,
        content_hash=_rank(row["id"]), rating=row["rating"] or 1, title=row["title"], body=row["body"],
        created_at=CREATED_AT, updated_at=CREATED_AT, asin=None if feedback else "B0" + digits[:8],
        order_id=order_id, fulfillment=("AFN" if int(digits[-1]) % 2 else "MFN") if feedback else None,
        language=row["lang"],
    )


def signature(book: TemplateBook, channel: str, language: str) -> str:
    """How a draft of this channel and language is signed for the sample tenant."""
    if channel not in CUSTOMER_CHANNELS:
        return marketplace_signature(SETTINGS)
    return SETTINGS.signature_for(language) or book.render_part(channel, language, "signature",
                                                                 {"brand_name": SETTINGS.brand_name})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("/work/drafts-review/items.jsonl"))
    parser.add_argument("--salt", default=SALT, help="another salt draws another sample")
    parser.add_argument("--fresh", action="append", type=Path, default=[], metavar="ITEMS",
                        help="draw none of the reviews of this earlier output, nor any review the aspect heads "
                             "were trained or tuned on (a measurement after changes made on that output)")
    parser.add_argument("--unlabelled", action="store_true",
                        help="draw from the negative reviews no label file holds (none of any earlier sample, "
                             "none the models were trained, tuned or tested on)")
    args = parser.parse_args()
    if args.out.resolve().is_relative_to(ROOT):
        parser.error("real texts never go into the repository: --out must lie outside it")
    skipped: set[str] = set()
    if args.fresh:
        for path in [*args.fresh, ASPECT_TRAIN_LABELS]:
            skipped |= {json.loads(line).get("review_id") or json.loads(line)["id"]
                        for line in path.read_text("utf-8").splitlines() if line.strip()}
        skipped |= {json.loads(line)["id"] for line in ASPECT_LABELS.read_text("utf-8").splitlines()
                    if json.loads(line)["split"] == "dev"}
    classifier, book, rules = Classifier(CauseModel.load(), AspectHeads.load()), TemplateBook.defaults(), shipped_model()
    chosen = (draw_unlabelled(args.shared, args.salt, classifier, frozenset(skipped)) if args.unlabelled
              else draw(args.shared, args.salt, frozenset(skipped)))
    reviews = [snapshot(row, kind) for _, row, kind in chosen]
    classifications = classifier.classify_many(
        [ReviewText(r.title, r.body, r.rating, r.language, r.kind) for r in reviews])
    items, counts = [], Counter()
    for (label, row, kind), review, classification in zip(chosen, reviews, classifications, strict=True):
        gated = ReviewGated(review=review, classification=classification, verdict=gate(review, classification))
        for plan in plan_drafts(gated, book, SETTINGS):
            if plan.text is None:
                continue
            result = check_message(plan.text, plan.channel, plan.language,
                                   check_context(review, plan.language, plan.evidence), second_opinion=rules)
            counts["drafts"] += 1
            counts["blocked"] += not result.allowed
            items.append({
                "id": f"{row['id']}:{plan.channel}", "review_id": row["id"], "lang": row["lang"], "kind": kind,
                "rating": review.rating, "title": row["title"], "body": row["body"],
                "settled_cause": label["primary"], "cause": classification.primary_cause,
                "needs_review": classification.needs_review,
                "aspects": [a.aspect for a in classification.aspects], "facts": [f.fact for f in classification.facts_given],
                "channel": plan.channel, "draft_language": plan.language,
                "brand_name": SETTINGS.brand_name, "signature": signature(book, plan.channel, plan.language),
                "text": plan.text,
                "allowed": result.allowed, "violations": [v.rule for v in result.violations],
            })
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    customer = [item for item in items if item["channel"] in CUSTOMER_CHANNELS]
    distinct = len({item["text"] for item in customer}) / max(len(customer), 1)
    without_orders = len({_ORDER_ID.sub("#", item["text"]) for item in customer}) / max(len(customer), 1)
    in_language = sum(detect_language(item["text"]) == item["lang"] for item in customer)
    print(json.dumps({
        "reviews": len(chosen), "drafts": counts["drafts"], "blocked": counts["blocked"],
        "by_channel": Counter(item["channel"] for item in items),
        "customer_drafts": len(customer), "distinct_ratio": round(distinct, 3),
        "distinct_ratio_order_ids_masked": round(without_orders, 3),
        "customer_drafts_in_review_language": in_language,
        "with_aspects": sum(bool(item["aspects"]) for item in customer), "out": str(args.out),
    }), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
