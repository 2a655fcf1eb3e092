"""Checking one message against the catalogue, with its channel and context. Pure.

Regular-expression cues in the six supported languages and the shared detectors find what can
be written down; a trained second opinion (learned.py) adds the open-ended rules the cues miss.
Fail closed: anything that cannot be judged is not allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from reviewops.common.text.detectors import (
    PHONE_REGIONS,
    REGIONS_BY_LANGUAGE,
    find_addressed_names,
    find_addresses,
    find_emails,
    find_links,
    find_phones,
    find_placeholders,
    find_profanity,
)
from reviewops.common.text.language import SUPPORTED_LANGUAGES, UNDETERMINED, detect_language
from reviewops.common.text.obfuscation import ascii_width, find_hidden_contacts
from reviewops.common.text.spans import Match
from reviewops.compliance.domain import cues
from reviewops.compliance.ml.model import SecondOpinion
from reviewops.compliance.domain.catalogue import (
    CUSTOMER_CHANNELS,
    MESSAGING_CHANNELS,
    POLICY_VERSION,
    RULES_BY_ID,
)
from reviewops.compliance.domain.explanations import explain

MAX_MESSAGE_CODE_POINTS = 2000
# SP-API messaging types a buyer receives even after opting out of unsolicited messages.
CRITICAL_MESSAGE_TYPES = frozenset({
    "confirmDeliveryDetails", "confirmCustomizationDetails", "confirmOrderDetails", "legalDisclosure",
    "unexpectedProblem", "digitalAccessKey", "warranty",
})
PROACTIVE_WINDOW = timedelta(days=30)

_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF]")
# The marketplace's own pages (orders, returns, messaging) are allowed links: the host must be one of
# its domains or below one, with no user part ("amazon.com@evil.io" goes to evil.io).
_MARKETPLACE_HOST = re.compile(r"(?:[\w-]+\.)*amazon\.(?:com|co\.uk|de|fr|es|it|co\.jp|ca|cn)", re.I)
# A carrier's tracking page is a link a message to the buyer may need to complete the order
# (shop software's shipping mails carry one); on public channels it is still an external link.
_CARRIER_HOST = re.compile(
    r"(?:[\w-]+\.)*(?:usps\.com|ups\.com|fedex\.com|dhl\.(?:com|de|fr|es)|dpd\.(?:com|de|fr|es)|gls-group\.eu|"
    r"hermesworld\.com|myhermes\.de|evri\.com|royalmail\.com|parcelforce\.com|laposte\.fr|colissimo\.fr|"
    r"chronopost\.fr|correos\.es|seur\.com|mrw\.es|post\.japanpost\.jp|japanpost\.jp|kuronekoyamato\.co\.jp|"
    r"sagawa-exp\.co\.jp|sf-express\.com|ems\.com\.cn|yto\.net\.cn|zto\.com|sto\.cn|17track\.net)", re.I)

# No \b: in Chinese and Japanese the number stands between letters ("注文番号503-…につき").
_ORDER_NUMBER = re.compile(r"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)")

MESSAGES = {
    "incentive_for_review": "Offers something of value in connection with a review. Offer a fix for the order only.",
    "request_change_or_remove": "Asks the buyer to change or remove a review or feedback.",
    "selective_solicitation": "Asks for a positive review, or only satisfied buyers for one.",
    "divert_negative": "Steers an unhappy buyer to the seller instead of reviewing.",
    "fake_or_brushing": "Mentions fake, swapped, bought or arranged reviews.",
    "external_link": "Contains a link; only marketplace links needed for the order are allowed.",
    "personal_contact": "Contains contact details off the marketplace (e-mail, phone, handle).",
    "marketing": "Promotes products or offers; messages must be about the order.",
    "personal_data_exposure": "Exposes the buyer's personal data in a public reply.",
    "abusive_or_defensive": "Blames, argues with or insults the customer.",
    "false_urgency": "Marked important or urgent to get past the buyer's opt-out; only Amazon's own templates may.",
    "too_long": "Longer than the message type allows.",
    "html": "Contains HTML markup.",
    "emoji": "Contains emojis.",
    "wrong_language": "Not in the buyer's language.",
    "outside_window": "Outside the time window for this message.",
    "repeat_request": "A review request was already sent for this order.",
    "opted_out": "The buyer opted out of non-critical messages.",
    "repeat_removal_note": "A note about updating the feedback was already sent.",
    "unsupported_language": "The text is in a language the gate cannot judge; it cannot be allowed.",
    "check_failed": "The check failed; nothing unjudged is allowed.",
}


@dataclass(frozen=True)
class Violation:
    rule: str
    start: int
    end: int
    text: str
    message: str
    field: str = "text"
    reason: str = ""  # in the message's language (explanations.py)
    fix: str = ""


def _explained(violation: Violation, language: str) -> Violation:
    explanation = explain(violation.rule, language)
    return replace(violation, reason=explanation.reason, fix=explanation.fix)


@dataclass(frozen=True)
class CheckResult:
    allowed: bool
    policy_version: str
    language: str
    violations: list[Violation] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


def _violation(rule: str, match: Match | None = None, text: str = "") -> Violation:
    if match is None:
        return Violation(rule, 0, len(text), text, MESSAGES[rule])
    return Violation(rule, match.start, match.end, match.text, MESSAGES[rule])


def _matches(rule: str, patterns: list[cues.Cue], text: cues.Text) -> list[Match]:
    return [
        Match(rule, start, end, text.original[start:end])
        for pattern in patterns
        for start, end in text.spans(pattern)
    ]


def _requests(text: cues.Text, cjk: bool) -> list[Match]:
    patterns = [*cues.CHANGE_REQUEST, cues.CHANGE_REQUEST_CJK] if cjk else cues.CHANGE_REQUEST
    return _matches("request_change_or_remove", patterns, text)


def _solicitations(text: cues.Text) -> list[Match]:
    """Asks for a positive review, or only of satisfied buyers; thanking for one is not asking."""
    patterns = [cues.POSITIVE_REVIEW]
    if text.contains(cues.IF_SATISFIED):
        patterns.append(cues.CONDITIONAL_ASK)
    return [
        match for match in _matches("selective_solicitation", patterns, text)
        if not text.contains(cues.THANKS_BEFORE, 0, match.start) and not _quoted(text.original, match)
    ]


_OPENING_QUOTES = "'\"‘“„«「『"
_CLOSING_QUOTES = "'\"’”“»」』"


def _quoted(text: str, match: Match) -> bool:
    """Words in quotation marks are mentioned, not asked for: "the '5 stars' on the box"."""
    before, after = text[:match.start].rstrip(), text[match.end:].lstrip()
    return bool(before) and before[-1] in _OPENING_QUOTES and bool(after) and after[0] in _CLOSING_QUOTES


def _incentives(text: cues.Text, reviews: list[Match], linked: list[Match], fix_given: bool = False) -> list[Match]:
    """Something of value near a review and tied to it (by a condition that governs the review, or by
    a change request, solicitation or arranged review in the message); or the fix itself, made to
    wait for the review. With `fix_given` (the allowed feedback note's context), the refund or
    replacement in a sentence of its own is the fix already given."""
    found = []
    sentence_ends = [end for _, end in text.spans(cues.SENTENCE_END)]

    def sentence_of(position: int) -> int:
        return sum(end <= position for end in sentence_ends)

    review_sentences = {sentence_of(review.start) for review in reviews}

    def given(start: int, end: int) -> bool:
        return fix_given and sentence_of(start) not in review_sentences and text.contains(cues.FIX_GIVEN, start, end)

    def tied(review: Match) -> bool:
        return text.contains(cues.INCENTIVE_TIE, max(0, review.start - cues.TIE_REACH), review.end + cues.TIE_REACH)

    def pair(start: int, end: int) -> Match:
        return Match("incentive_for_review", start, end, text.original[start:end])

    for value_start, value_end in text.spans(cues.VALUE_WORD):
        if given(value_start, value_end):
            continue
        for review in reviews:
            start, end = min(value_start, review.start), max(value_end, review.end)
            if end - start > cues.INCENTIVE_REACH + (value_end - value_start) + (review.end - review.start):
                continue
            if linked or tied(review):
                found.append(pair(start, end))
                break
    for fix_start, fix_end in text.spans(cues.FIX_WORD):
        if given(fix_start, fix_end):
            continue
        for review in reviews:
            if sentence_of(fix_start) - sentence_of(review.start) in (0, 1) and tied(review):
                found.append(pair(min(fix_start, review.start), max(fix_end, review.end)))
                break
    return found


def _diversions(text: cues.Text) -> list[Match]:
    """Steering away from reviewing; only asked of texts that mention a review."""
    return _matches("divert_negative", [*cues.DIVERT, cues.DIVERT_CONTRAST], text)


def _is_allowed_link(link: str, channel: str) -> bool:
    """The marketplace's own pages anywhere; a carrier's tracking page in a message to the buyer."""
    host = _link_host(link)
    return host is not None and (_MARKETPLACE_HOST.fullmatch(host) is not None
                                 or channel in MESSAGING_CHANNELS and _CARRIER_HOST.fullmatch(host) is not None)


def _link_host(link: str) -> str | None:
    """The host a link leads to, or None where it has a user part ("amazon.com@evil.io" goes to
    evil.io) or does not parse."""
    try:
        parts = urlsplit(link if "://" in link else f"//{link}")
        host = parts.hostname
    except ValueError:  # not a URL that parses (a stray bracket)
        return None
    return host if parts.username is None and host else None


def _exempt(match: Match, evidence: list[str], text: str) -> bool:
    """Quoted evidence in a removal request or abuse report is not the seller's own words."""
    for quote in evidence:
        position = text.find(quote)
        while position != -1:
            if position <= match.start and match.end <= position + len(quote):
                return True
            position = text.find(quote, position + 1)
    return False


def feedback_note_context(channel: str, context: Mapping[str, Any]) -> bool:
    """Whether a message here may be the one neutral note about updating seller feedback
    (policy.md): a message to the buyer, the problem resolved, no note sent before."""
    return (
        channel in MESSAGING_CHANNELS
        and context.get("review_kind") == "seller_feedback"
        and context.get("resolved") is True
        and context.get("removal_note_sent") is False
    )


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _content_violations(text: str, channel: str, language: str, context: Mapping[str, Any],
                        second_opinion: SecondOpinion) -> list[Violation]:
    found: list[Violation] = []
    evidence = [quote for quote in context.get("evidence") or [] if isinstance(quote, str) and quote]
    customer = channel in CUSTOMER_CHANNELS

    def add(rule: str, matches: list[Match]) -> None:
        if channel not in RULES_BY_ID[rule].applies_to:
            return
        for match in matches:
            if not customer and _exempt(match, evidence, text):
                continue
            found.append(_violation(rule, match))

    scanned = cues.Text.of(text)
    reviews = _matches("review", [cues.REVIEW_WORD], scanned)
    cjk = scanned.contains(cues.CJK)  # patterns for Chinese and Japanese run only on such text
    requests = _requests(scanned, cjk) if reviews else []
    # "we'd love it if you shared that on Amazon" asks for a review without the word
    asks_publicly = "amazon" in text.lower() and scanned.contains(cues.TELL_ON_AMAZON)
    solicitations = _solicitations(scanned) if reviews or asks_publicly else []
    note_context = feedback_note_context(channel, context)
    if note_context:  # "if you are satisfied ... you can update the feedback" is the note itself
        solicitations = [found for found in solicitations
                         if not any(found.start <= ask.start and ask.end <= found.end for ask in requests)]
    add("divert_negative", _matches("divert_negative", [cues.DIVERT_PUBLIC], scanned))
    # "Share your experience on Amazon and get 15% off": the experience stands for the review.
    proxies = _matches("review", [cues.REVIEW_PROXY], scanned)
    if reviews:
        fakes = _matches("fake_or_brushing", [*cues.FAKE, cues.FAKE_CJK] if cjk else cues.FAKE, scanned)
        add("divert_negative", _diversions(scanned))
    else:
        fakes = _matches("fake_or_brushing", [cues.FAKE_STRONG], scanned)
    if reviews or proxies:
        linked = requests + solicitations + (fakes if reviews else [])
        add("incentive_for_review", _incentives(scanned, reviews + proxies, linked, note_context))
    add("fake_or_brushing", fakes)
    add("selective_solicitation", solicitations)
    add("marketing", _matches("marketing", cues.MARKETING, scanned))
    add("false_urgency", _matches("false_urgency", [cues.FALSE_URGENCY], scanned))
    add("abusive_or_defensive", _matches("abusive_or_defensive", [*cues.ABUSIVE, cues.ABUSIVE_FAMILIES], scanned))
    learned = second_opinion.violations(text) if customer else []
    # A change request the model found meets the same context as one the cues found.
    asked = requests or [match for match in learned if match.kind == "request_change_or_remove"]
    # The one neutral note is a message to the buyer; on any other channel it stays a request.
    if asked and channel in MESSAGING_CHANNELS and context.get("review_kind") == "seller_feedback":
        if context.get("removal_note_sent") is True:
            add("repeat_removal_note", asked)
            asked = []
        elif note_context and not scanned.contains(cues.PRESSURE) and not _incentives(
            scanned, reviews, requests + solicitations, fix_given=True
        ):
            asked = []
    add("request_change_or_remove", asked)
    # Each detector runs once per check; several rules read its matches.
    emails = find_emails(text)
    phones = find_phones(text, REGIONS_BY_LANGUAGE.get(language, PHONE_REGIONS))
    links = find_links(text, emails)
    placeholders = find_placeholders(text)
    hidden = find_hidden_contacts(text, REGIONS_BY_LANGUAGE.get(language, PHONE_REGIONS), emails + links + phones)
    add("external_link", [link for link in links if not _is_allowed_link(link.text, channel)]
        + [found for found in placeholders + hidden if found.kind == "link"]
        + _matches("external_link", [cues.QR_CODE], scanned))
    # Handles are looked for in the text with full-width letters made ASCII (one to one, so the
    # offsets hold): "ＬＩＮＥ ID：＠ｋｉｒａｒｉ＿ｓｈｏｐ".
    widened = ascii_width(text)
    readable = scanned if widened == text else cues.Text.of(widened)
    handles = readable.spans(cues.HANDLE)
    if readable.contains(cues.SOCIAL_NAME):
        handles += readable.spans(cues.SOCIAL_CHANNEL)
    add("personal_contact", emails + phones + [Match("handle", start, end, text[start:end]) for start, end in handles]
        + [found for found in placeholders if found.kind == "contact"]
        + [found for found in hidden if found.kind in ("email", "phone")])
    add("abusive_or_defensive", find_profanity(text))
    named = {violation.rule for violation in found} | {"request_change_or_remove"}
    for match in learned:
        if match.kind not in named:
            add(match.kind, [match])
    if channel == "public_reply":
        exposures = emails + phones + find_addressed_names(text) + find_addresses(text) + [
            Match("order", m.start(), m.end(), m.group()) for m in _ORDER_NUMBER.finditer(text)
        ]
        for key in ("buyer_name", "order_id"):
            value = context.get(key)
            if isinstance(value, str) and value.strip():
                position = text.lower().find(value.lower())
                if position != -1:
                    exposures.append(Match(key, position, position + len(value), text[position:position + len(value)]))
        add("personal_data_exposure", exposures)
    return found


def _hard_limits(text: str, channel: str, language: str, detected: str, context: Mapping[str, Any],
                 now: datetime) -> tuple[list[Violation], list[str]]:
    if channel not in MESSAGING_CHANNELS:
        return [], []
    found: list[Violation] = []
    unchecked: list[str] = []
    if len(text) > MAX_MESSAGE_CODE_POINTS:
        found.append(Violation("too_long", MAX_MESSAGE_CODE_POINTS, len(text), text[MAX_MESSAGE_CODE_POINTS:],
                               MESSAGES["too_long"]))
    found += [_violation("html", Match("html", m.start(), m.end(), m.group())) for m in _HTML.finditer(text)]
    found += [_violation("emoji", Match("emoji", m.start(), m.end(), m.group())) for m in _EMOJI.finditer(text)]
    buyer_language = context.get("buyer_language")
    if buyer_language is None:
        unchecked.append("wrong_language")
    elif buyer_language != language or detected not in (UNDETERMINED, buyer_language):
        # Judged on the text as well as the declaration: an edit may change the language.
        found.append(_violation("wrong_language", text=text))
    # Critical messages may still go to a buyer who opted out; which ones are critical is the
    # message type's to say.
    opted_out, message_type = context.get("opted_out"), context.get("message_type")
    if opted_out is None:
        unchecked.append("opted_out")
    elif opted_out is True and message_type not in CRITICAL_MESSAGE_TYPES:
        # Fail closed: without a critical message type, the message is taken as non-critical.
        found.append(_violation("opted_out", text=text))
    if channel == "buyer_message":
        completed = _parse_time(context.get("order_completed_at"))
        if completed is None:
            unchecked.append("outside_window")
        elif now - completed > PROACTIVE_WINDOW:
            found.append(_violation("outside_window", text=text))
    else:
        delivered = _parse_time(context.get("delivered_at"))
        if delivered is None:
            unchecked.append("outside_window")
        elif not timedelta(days=5) <= now - delivered <= timedelta(days=30):
            found.append(_violation("outside_window", text=text))
        sent = context.get("review_request_sent")
        if sent is None:
            unchecked.append("repeat_request")
        elif sent is True:
            found.append(_violation("repeat_request", text=text))
    return found, unchecked


def check_message(
    text: str,
    channel: str,
    language: str | None = None,
    context: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    *,
    second_opinion: SecondOpinion,
) -> CheckResult:
    """Judge one message. Never raises: an internal error is a `check_failed` refusal.
    `second_opinion` is the rule model, loaded by whoever calls (the service's bootstrap, the batch command)."""
    context = context or {}
    try:
        # The detected language serves where none is given and for the messaging channels'
        # wrong_language limit; a public reply or insert card in a given language needs none.
        needs_detection = language is None or channel in MESSAGING_CHANNELS
        detected = detect_language(text) if needs_detection else UNDETERMINED
        effective = language or detected
        if effective not in SUPPORTED_LANGUAGES:
            refusal = _explained(_violation("unsupported_language", text=text), effective)
            return CheckResult(False, POLICY_VERSION, effective, [refusal])
        violations = _content_violations(text, channel, effective, context, second_opinion)
        limits, unchecked = _hard_limits(text, channel, effective, detected, context, now or datetime.now(UTC))
        violations = sorted(violations + limits, key=lambda v: (v.start, v.end, v.rule))
        explained = [_explained(violation, effective) for violation in violations]
        return CheckResult(not explained, POLICY_VERSION, effective, explained, unchecked)
    except Exception:  # fail closed: a bug in a rule must refuse, never allow
        failure = _violation("check_failed", text=text)
        return CheckResult(False, POLICY_VERSION, language or "und",
                           [replace(failure, reason=MESSAGES["check_failed"])])
