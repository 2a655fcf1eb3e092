"""Which paragraphs a customer draft is made of, chosen from what the review says. Pure.

A draft answers the specific problems the review raises (its aspects, docs/aspects.md), not just
its cause: it acknowledges the first of them, offers the fix that belongs to each, asks only for
the facts the fix needs and the buyer did not already give, and thanks the buyer for those given.
Without an aspect the cause's general paragraphs stand in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewops.common.events.payloads import Classification, FactSpan
from reviewops.common.text.detectors import (
    find_addressed_names,
    find_addresses,
    find_emails,
    find_links,
    find_phones,
    find_placeholders,
    find_profanity,
)

# The aspects of each cause (docs/aspects.md); the order is the order of the guide.
ASPECTS_OF_CAUSE: dict[str, tuple[str, ...]] = {
    "logistics": ("late", "lost", "damaged_in_transit", "wrong_item", "missing_part", "used_as_new", "expired"),
    "product_quality": ("dead_on_arrival", "stopped_working", "poor_build", "wrong_spec", "counterfeit", "unsafe"),
    "instructions": ("setup", "manual", "app_connectivity", "compatibility"),
    "expectations": ("size_or_power", "looks", "value", "missing_feature"),
    "preference": ("taste_or_smell", "fit_or_style", "colour", "feel"),
    "seller_service": ("no_reply", "refund_or_return", "tone"),
}
ASPECTS = tuple(aspect for aspects in ASPECTS_OF_CAUSE.values() for aspect in aspects)
CAUSES = (*ASPECTS_OF_CAUSE, "other")
FACTS = ("order_problem", "usage_duration", "tried_fix", "error_shown", "photos")

# What the fix of each aspect needs to know, most useful first. `details` is no fact a review can
# give: it stands for "tell us more" where nothing specific is known (cause `other`).
NEEDED_FACTS: dict[str, tuple[str, ...]] = {
    "damaged_in_transit": ("photos",),
    "wrong_item": ("order_problem", "photos"),
    "missing_part": ("order_problem",),
    "used_as_new": ("photos",),
    "expired": ("photos",),
    "dead_on_arrival": ("error_shown", "tried_fix"),
    "stopped_working": ("usage_duration", "error_shown"),
    "poor_build": ("photos",),
    "wrong_spec": ("photos",),
    "counterfeit": ("photos",),
    "unsafe": ("photos",),
    "setup": ("error_shown", "tried_fix"),
    "app_connectivity": ("error_shown", "tried_fix"),
    "product_quality": ("photos",),
    "instructions": ("error_shown", "tried_fix"),
    "other": ("details",),
}
MAX_ASPECTS = 2  # the first is acknowledged; each gets its fix
MAX_QUESTIONS = 2
MAX_QUOTE = 60  # code points; a longer span is thanked for without quoting it
_QUOTE_TRIM = " \t\n.,;:!?。、，！？…\"'“”„«»「」『』()（）"
_NOT_QUOTABLE = re.compile(r"[{}<>\[\]“”„«»「」『』\"]|https?:|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Noted:
    """A fact the buyer gave, thanked for instead of asked for, with its words where they are safe to quote."""

    fact: str
    quote: str


@dataclass(frozen=True)
class Outline:
    """The paragraphs of one draft, by key: `acknowledge`, `noted`, `fixes` and `questions` each name
    paragraph keys, most specific first in each candidate tuple (`ask.photos.expired`, then `ask.photos`)."""

    topics: tuple[str, ...]  # the aspects answered, or the cause when none was recognised
    acknowledge: str
    noted: tuple[Noted, ...]
    fixes: tuple[str, ...]
    questions: tuple[tuple[str, ...], ...]


def answered_aspects(classification: Classification) -> list[str]:
    """The aspects a draft answers: those of the primary cause first, then the others, each once,
    in the order the review raises them; at most MAX_ASPECTS."""
    seen = list(dict.fromkeys(span.aspect for span in classification.aspects if span.aspect in ASPECTS))
    primary = set(ASPECTS_OF_CAUSE.get(classification.primary_cause, ()))
    ordered = [aspect for aspect in seen if aspect in primary] + [aspect for aspect in seen if aspect not in primary]
    return ordered[:MAX_ASPECTS]


def safe_quote(text: str) -> str:
    """The buyer's words, trimmed, if they are short and carry nothing a message must not repeat
    (contact details, links, names, addresses, profanity, markup); else ''."""
    words = " ".join(text.split()).strip(_QUOTE_TRIM)
    if not 2 <= len(words) <= MAX_QUOTE or _NOT_QUOTABLE.search(words):
        return ""
    emails = find_emails(words)
    detectors = (emails, find_links(words, emails), find_phones(words), find_profanity(words),
                 find_addressed_names(words), find_addresses(words), find_placeholders(words))
    return "" if any(detectors) else words


def _first_fact(facts: Sequence[FactSpan], fact: str) -> FactSpan | None:
    return next((span for span in facts if span.fact == fact), None)


def outline(classification: Classification, channel: str) -> Outline:
    """The paragraphs of a customer draft for this classification. A public reply is written for
    every reader: it acknowledges and names the fix of the cause, and neither quotes nor asks."""
    aspects = answered_aspects(classification)
    cause = classification.primary_cause if classification.primary_cause in CAUSES else "other"
    topics = tuple(aspects) or (cause,)
    if channel == "public_reply":
        return Outline(topics, f"acknowledge.{topics[0]}", (), (f"fix.{cause}",), ())
    given = {span.fact for span in classification.facts_given}
    needed = list(dict.fromkeys(fact for topic in topics for fact in NEEDED_FACTS.get(topic, ())))
    noted = tuple(
        Noted(fact, safe_quote(span.text)) for fact in needed
        if (span := _first_fact(classification.facts_given, fact)) is not None
    )[:1]
    questions = []
    for fact in needed:
        if fact in given:
            continue
        owner = next(topic for topic in topics if fact in NEEDED_FACTS.get(topic, ()))
        questions.append((f"ask.{fact}.{owner}", f"ask.{fact}"))
    return Outline(
        topics=topics,
        acknowledge=f"acknowledge.{topics[0]}",
        noted=noted,
        fixes=tuple(f"fix.{topic}" for topic in topics),
        questions=tuple(questions[:MAX_QUESTIONS]),
    )


_LEADING_TAG = re.compile(r"^\s*[【\[(（][^】\])）]*[】\])）]\s*")  # 【2024 model】 and the like
_TITLE_BREAKS = re.compile(r"\s[-–—|]\s|[,，、:：(（\[【|]")
MAX_TITLE = 60


def short_title(title: str | None) -> str:
    """A product title as a draft names it: its head before the first list of features, at most
    MAX_TITLE code points on a word boundary; '' where there is none or it carries a link or contact."""
    if not title:
        return ""
    words = _LEADING_TAG.sub("", " ".join(title.split()))
    head = _TITLE_BREAKS.split(words, maxsplit=1)[0].strip()
    if len(head) < 3:
        head = words
    if len(head) > MAX_TITLE:
        cut = head[:MAX_TITLE + 1]  # one more: a word that ends exactly at the limit is kept
        head = cut.rsplit(" ", 1)[0] if " " in cut else head[:MAX_TITLE]
    head = head.strip(_QUOTE_TRIM)
    emails = find_emails(head)
    if _NOT_QUOTABLE.search(head) or emails or find_links(head, emails) or find_phones(head):
        return ""
    return head
