"""Removal requests and abuse reports, written for the marketplace's seller support. Pure.

Each request argues one criterion or guideline (the one the gate matched): in plain words, with
the policy it rests on and every piece of evidence quoted with where it sits in the review.
Without evidence there is no request (policy.md: speculative requests are themselves prohibited).
They are written in English, the language seller support answers in every marketplace.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewops.common.events.payloads import AllowedAction, AspectSpan, ReviewSnapshot, RuleSpan

# criterion -> (what the feedback does, in plain words; the policy it rests on)
REMOVAL_CRITERIA: dict[str, tuple[str, str]] = {
    "profanity": (
        "The feedback contains obscene or profane language.",
        "Amazon's seller feedback policy: feedback that contains obscene or profane words is removed.",
    ),
    "personal_info": (
        "The feedback contains personal information that identifies a person, such as a full name, "
        "an e-mail address or a phone number.",
        "Amazon's seller feedback policy: feedback that contains seller-specific personally identifiable "
        "information is removed.",
    ),
    "product_review_only": (
        "The whole comment is about the product itself and says nothing about our service as the seller "
        "(delivery, packaging, communication).",
        "Amazon's seller feedback policy: feedback that is entirely a product review is removed; opinions "
        "on the product belong in product reviews.",
    ),
    "fulfillment_only": (
        "The whole comment is about the delivery of this order, which Amazon fulfilled (Fulfillment by Amazon).",
        "Amazon's seller feedback policy: feedback entirely about the fulfilment of an order fulfilled by "
        "Amazon is struck through, with the note \"This item was fulfilled by Amazon, and we take "
        "responsibility for this fulfillment experience.\"",
    ),
}

# guideline -> (what the review does, in plain words; the guideline it breaks)
ABUSE_GUIDELINES: dict[str, tuple[str, str]] = {
    "seller_or_shipping_feedback": (
        "The review is about the seller, the order or the delivery, not about the product.",
        "Amazon's Community Guidelines: product reviews are for the product; comments about sellers, orders "
        "and shipping belong in seller feedback.",
    ),
    "profanity_or_harassment": (
        "The review contains obscene, profane or harassing language.",
        "Amazon's Community Guidelines: content that is obscene, profane or harassing is not allowed.",
    ),
    "private_information": (
        "The review shows private information about a person, such as a name, a phone number, an e-mail "
        "address or a street address.",
        "Amazon's Community Guidelines: content that shares anyone's private information is not allowed.",
    ),
    "links": (
        "The review contains a link, or advertises another product or seller.",
        "Amazon's Community Guidelines: links to other sites and promotional content are not allowed.",
    ),
    "promotional_content": (
        "The review advertises another product, brand or seller.",
        "Amazon's Community Guidelines: promotional content is not allowed in reviews.",
    ),
    "compensated_review": (
        "The review appears to have been written in exchange for compensation.",
        "Amazon's Community Guidelines: reviews in exchange for payment, free products or other benefits "
        "are not allowed.",
    ),
    "spam": (
        "The review is repetitive or unrelated content posted to manipulate ratings.",
        "Amazon's Community Guidelines: spam and content that manipulates ratings are not allowed.",
    ),
}

_FIELDS = {"title": "the title", "body": "the text", "text": "the text"}

# What each aspect of a review is, in the words of a request to seller support.
ASPECT_WORDS = {
    "late": "late delivery", "lost": "a parcel that never arrived", "damaged_in_transit": "damage in transit",
    "wrong_item": "a wrong item delivered", "missing_part": "parts missing from the parcel",
    "used_as_new": "a used unit delivered as new", "expired": "goods delivered past their date",
    "dead_on_arrival": "a product that did not work", "stopped_working": "a product that stopped working",
    "poor_build": "the product's build quality", "wrong_spec": "the product's specifications",
    "counterfeit": "doubts that the product is genuine", "unsafe": "the product's safety",
    "setup": "setting the product up", "manual": "the product's manual",
    "app_connectivity": "the product's app or connection", "compatibility": "the product's compatibility",
    "size_or_power": "the product's size or power", "looks": "the product's looks", "value": "the product's value",
    "missing_feature": "a feature the product lacks", "taste_or_smell": "the product's taste or smell",
    "fit_or_style": "the product's fit or style", "colour": "the product's colour", "feel": "the product's feel",
    "no_reply": "unanswered messages", "refund_or_return": "a refund or return", "tone": "the tone of a reply",
}
DELIVERY_CAUSES = ("logistics",)
PRODUCT_CAUSES = ("product_quality", "instructions", "expectations", "preference")
# The criteria and guidelines that say what a whole text is about, and the aspects that show it.
_SHOWN_BY = {"fulfillment_only": DELIVERY_CAUSES, "seller_or_shipping_feedback": (*DELIVERY_CAUSES, "seller_service"),
             "product_review_only": PRODUCT_CAUSES}


def _where(span: RuleSpan, review: ReviewSnapshot) -> str:
    """Where a quote sits, as a person finds it: the field and the characters (counted from 1), or the
    whole field."""
    owner = "comment" if review.kind == "seller_feedback" and span.field != "title" else "review"
    field = _FIELDS.get(span.field, "the text")
    whole = review.title if span.field == "title" else review.body
    if span.start == 0 and span.end == len(whole):
        return f"{field} of the {owner}, in full"
    return f"in {field} of the {owner}, characters {span.start + 1} to {span.end}"


def _evidence_lines(action: AllowedAction, review: ReviewSnapshot) -> str:
    return "\n".join(f"- {_where(span, review)}: \"{span.text}\"" for span in action.evidence)


def _about_lines(name: str, aspects: Sequence[AspectSpan], review: ReviewSnapshot) -> list[str]:
    """For a criterion about what the whole text is about: each thing it raises, quoted where it is said."""
    causes = _SHOWN_BY.get(name, ())
    shown = [aspect for aspect in aspects if aspect.cause in causes]
    if not shown:
        return []
    lines = ["", "What it raises, each in its own words:"]
    for aspect in shown:
        span = RuleSpan(rule=aspect.aspect, field=aspect.field, start=aspect.start, end=aspect.end, text=aspect.text)
        lines.append(f"- {ASPECT_WORDS.get(aspect.aspect, aspect.aspect)}, {_where(span, review)}: \"{aspect.text}\"")
    return lines


def has_evidence(action: AllowedAction) -> bool:
    """Only a request with quoted evidence may be filed."""
    return any(span.text.strip() for span in action.evidence)


def removal_request(review: ReviewSnapshot, action: AllowedAction, signature: str,
                    aspects: Sequence[AspectSpan] = ()) -> str:
    """A request to remove (or strike through) seller feedback on its one matched criterion; where
    the criterion is what the whole comment is about, the review's aspects show it."""
    criterion = action.criterion or ""
    plain, policy = REMOVAL_CRITERIA.get(criterion, (f"The feedback meets the removal criterion {criterion}.", ""))
    strike = criterion == "fulfillment_only"
    verb = "strike through" if strike else "remove"
    order = review.order_id or review.external_id
    lines = [
        f"Subject: Request to {verb} seller feedback on order {order}",
        "",
        "Hello Seller Support,",
        "",
        f"We ask you to {verb} the {review.rating}-star seller feedback left on "
        f"{review.created_at.date().isoformat()} for order {order} ({review.marketplace} marketplace).",
        "",
        f"Reason: {plain}",
        *([f"Policy: {policy}"] if policy else []),
        "",
        "Evidence, quoted from the feedback:",
        _evidence_lines(action, review),
        *_about_lines(criterion, aspects, review),
        "",
        "This request rests on this reason alone." + (" The rating would stay visible." if strike else ""),
        "",
        "Thank you,",
        signature,
    ]
    return "\n".join(lines)


def abuse_report(review: ReviewSnapshot, action: AllowedAction, signature: str,
                 aspects: Sequence[AspectSpan] = ()) -> str:
    """A report of a product review on its one matched community guideline; where the guideline is
    about what the whole review is about, the review's aspects show it."""
    guideline = action.guideline or ""
    plain, policy = ABUSE_GUIDELINES.get(guideline, (f"The review breaks the guideline {guideline}.", ""))
    lines = [
        f"Subject: Report of a product review on ASIN {review.asin or ''} that breaks the Community Guidelines",
        "",
        "Hello Seller Support,",
        "",
        f"We report the {review.rating}-star product review {review.external_id} posted on "
        f"{review.created_at.date().isoformat()} for ASIN {review.asin or ''} ({review.marketplace} marketplace).",
        "",
        f"Reason: {plain}",
        *([f"Guideline: {policy}"] if policy else []),
        "",
        "Evidence, quoted from the review:",
        _evidence_lines(action, review),
        *_about_lines(guideline, aspects, review),
        "",
        "We ask you to check the review against this guideline alone.",
        "",
        "Thank you,",
        signature,
    ]
    return "\n".join(lines)
