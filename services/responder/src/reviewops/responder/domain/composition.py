"""Which paragraphs a customer draft is made of, chosen from what the review says. Pure.

A draft answers the specific problems the review raises (its aspects, docs/aspects.md), not just
its cause: it acknowledges the first of them, offers the fix that belongs to each, asks only for
the facts the fix needs and the buyer did not already give, and thanks the buyer for those given.
Without an aspect the cause's general paragraphs stand in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reviewops.common.events.payloads import AspectSpan, Classification, FactSpan
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
CAUSE_OF_ASPECT = {aspect: cause for cause, aspects in ASPECTS_OF_CAUSE.items() for aspect in aspects}
# What each aspect's fix does. A second aspect is answered only where its fix does something else,
# and never a second offer of goods or money (a replacement beside a refund-on-return).
REMEDY = {
    **dict.fromkeys(("lost", "damaged_in_transit", "wrong_item", "used_as_new", "expired", "dead_on_arrival",
                     "stopped_working", "poor_build", "counterfeit", "unsafe"), "replace"),
    **dict.fromkeys(("wrong_spec", "compatibility", "size_or_power", "looks", "value", "missing_feature",
                     "taste_or_smell", "fit_or_style", "colour", "feel"), "return"),
    "missing_part": "part", "late": "trace",
    **dict.fromkeys(("setup", "manual", "app_connectivity"), "help"),
    **dict.fromkeys(("no_reply", "refund_or_return", "tone"), "service"),
}
_OFFERS = frozenset({"replace", "return"})
_FAULTS = frozenset({*ASPECTS_OF_CAUSE["product_quality"], "product_quality"})
# Answered before anything else the review raises: the buyer must stop using an unsafe product.
FIRST_OF_ALL = frozenset({"unsafe"})
# An aspect that another one of the review makes moot: a parcel that never came is not also late.
SUBSUMED_BY = {"late": {"lost"}}
CAUSES = (*ASPECTS_OF_CAUSE, "other")
FACTS = ("order_problem", "usage_duration", "tried_fix", "error_shown", "photos")

# What the fix of each aspect needs to know, most useful first. A cause without a sure aspect asks
# nothing: "any light or error code?" to a buyer whose part would not fit, or whose manual was in the
# wrong language, asked about what the review was not about (round 4). Cause `other` neither: its
# reviews are often no complaint at all (a rated-3 "works well"), and its fix invites the buyer to
# say what is not right instead of asking what happened (round 3 of docs/drafts.md).
NEEDED_FACTS: dict[str, tuple[str, ...]] = {
    "damaged_in_transit": ("photos",),
    "wrong_item": ("order_problem", "photos"),
    "missing_part": ("order_problem",),
    "used_as_new": ("photos",),
    "expired": ("photos",),
    "dead_on_arrival": ("tried_fix", "error_shown"),
    "stopped_working": ("usage_duration", "tried_fix"),
    "poor_build": ("photos",),
    "wrong_spec": ("photos",),
    "counterfeit": ("photos",),
    "unsafe": ("photos",),
    "setup": ("error_shown", "tried_fix"),
    "app_connectivity": ("error_shown", "tried_fix"),
}
MAX_ASPECTS = 2  # the first is acknowledged; each gets its fix
MAX_QUESTIONS = 2
MAX_QUOTE, MAX_QUOTE_CJK = 60, 25  # code points; a longer span is thanked for without quoting it
# The complaint may be longer: it is the one quote that names what went wrong ("the interior clips
# that hold the disc trays were all smashed"); a public reply, read by everyone, quotes less.
MAX_COMPLAINT = {"buyer_message": (130, 50), "public_reply": (90, 35)}  # code points: spaced, CJK
# A single cue word ("missing") says nothing back to the buyer: a quote has two words or more (four
# characters or more in Chinese and Japanese, written without spaces).
MIN_QUOTE_WORDS, MIN_QUOTE_CJK = 2, 4
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_QUOTE_TRIM = " \t\n.,;:!?。、，！？…\"'“”„«»「」『』()（）"
_NOT_QUOTABLE = re.compile(r"[{}<>\[\]“”„«»「」『』\"]|https?:|www\.", re.IGNORECASE)
# Crude or intimate words the shared profanity detector does not know, which a seller never repeats.
_NOT_REPEATED = re.compile(r"\b(?:sex\w*|condoms?)\b|(?<![a-z])(?-i:TM)(?![a-z])|尼玛|你玛|你妈|他妈|日了|狗|操|屎|滚", re.IGNORECASE)
# Accusations a seller does not repeat back to the buyer, though they are no profanity.
_ACCUSATION = re.compile(
    r"\b(?:scam\w*|fraud\w*|dishonest|liars?|thie(?:f|ves)|crooks?|rip-?off|betr[uü]g\w*|abzocke\w*|"
    r"malhonn[êe]te?s?|arnaque\w*|escroc\w*|voleurs?|estafa\w*|timo|ladr[oó]n\w*|sinverg[uü]enzas?)\b"
    r"|骗子|骗人|诈骗|坑人|黑心|詐欺|ぼったくり|悪質", re.IGNORECASE)
# Words about reviews and ratings: a seller's message that repeats them reads, to the buyer and to
# the gate, as the seller talking about the review (policy.md), whoever wrote them first.
_ABOUT_REVIEWS = re.compile(
    r"\b(?:reviews?|reviewers?|ratings?|rated|stars?|bewert\w*|rezension\w*|sterne?n?|avis|[ée]toiles?|not[ée]e?s?|"
    r"rese[ñn]as?|opini[oó]n\w*|estrellas?|valoraci[oó]n\w*)\b"
    r"|评价|评论|好评|差评|五星|星级|レビュー|レヴュー|評価|口コミ|星[1-5１-５一二三四五]|[1-5１-５一二三四五]つ星", re.IGNORECASE)


# The review says the money was already paid back: a draft does not offer the refund again. A
# negation shortly before ("not refunded", "noch nicht erstattet", 返金されない) is no refund.
_REFUNDED = re.compile(
    r"\b(?:i|we)\s+(?:\w+\s+){0,2}(?:got|received|had|have\s+had|was|were|have\s+been|got\s+back)\s+"
    r"(?:a\s+|my\s+|the\s+|our\s+)?(?:full\s+)?(?:refund\b|refunded\b|money\s+back\b)"
    r"|\bgot\s+(?:my|our|the)\s+money\s+back\b"
    r"|\b(?:geld|betrag|kaufpreis)\s+(?:\w+\s+){0,4}(?:zurückerhalten|zurückbekommen|erstattet)"
    r"|\b(?:wurde|wurden|habe|haben)\s+(?:\w+\s+){0,4}(?:erstattet|zurückerstattet)\b"
    r"|\b(?:été|suis|sommes)\s+rembours[ée]e?s?\b|\bremboursement\s+(?:reçu|effectué)"
    r"|\bme\s+(?:han|ha)\s+(?:\w+\s+)?reembolsado\b|\bme\s+devolvieron\s+(?:el\s+)?dinero\b|\brecib[ií]\s+(?:el\s+)?reembolso\b"
    r"|返金(?:され(?:まし)?た|して(?:もら|いただ|頂)(?:いまし|きまし|っ)?た|済み?|を受け(?:取り)?(?:まし)?た)"
    r"|(?:已经?|收到了?)退款|退款已",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|yet|nicht|kein\w*|pas|jamais|nunca|todavía)\b|n't\b|未|没|まだ", re.IGNORECASE)
NEGATION_REACH = 15  # code points before the words about the refund where a negation still reaches them


def _says(pattern: re.Pattern[str], texts: Mapping[str, str]) -> bool:
    """Whether a text matches `pattern` without a negation shortly before the match."""
    return any(not _NEGATION.search(text[max(0, match.start() - NEGATION_REACH):match.end()])
               for text in texts.values() if text for match in pattern.finditer(text))


def already_refunded(texts: Mapping[str, str]) -> bool:
    """Whether the review says the buyer has already been refunded (and not that they have not)."""
    return _says(_REFUNDED, texts)


# The buyer says they have already sent the item back: the draft sees the return through instead of
# offering a return or a replacement again (rounds 9 and 10).
_RETURNED = re.compile(
    r"\b(?:i|we)\s+(?:have\s+|had\s+|already\s+){0,2}(?:returned\s+(?:it|them|this|the\s+\w+)|sent\s+(?:it|them|this|"
    r"the\s+\w+)\s+back)\b"
    r"|\b(?:habe|haben|hab)\s+(?:\w+\s+){0,4}(?:zurückgeschickt|zurückgesendet|retourniert|zurückgegeben)\b"
    r"|\b(?:j'ai|j’ai|nous\s+avons)\s+(?:\w+\s+){0,2}(?:renvoyé|retourné)\b"
    r"|\b(?:he|hemos)\s+devuelto\b|\b(?:lo|la|los|las)\s+devolv[ií]\b"
    r"|已(?:经)?(?:退货|退回|寄回)|退回去了|返品(?:しました|いたしました|済み?)|返送しました",
    re.IGNORECASE,
)


def already_returned(texts: Mapping[str, str]) -> bool:
    """Whether the review says the buyer has already sent the item back (and not that they have not)."""
    return _says(_RETURNED, texts)


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
    complaint: str  # the buyer's own words for the first aspect, quoted back; '' where none is safe
    noted: tuple[Noted, ...]
    fixes: tuple[tuple[str, ...], ...]
    questions: tuple[tuple[str, ...], ...]
    usage_days: int | None = None  # how long the buyer says they used it, where a duration was given


def answered_aspects(classification: Classification) -> list[str]:
    """The aspects a draft answers, of those the classifier is confident of (an unsure one is answered
    by its cause, with the buyer's words quoted): the first of the primary cause's (else the first
    raised; a safety problem before anything), and a second of the same cause whose fix does something else (REMEDY; not
    a late parcel beside a lost one); each once, in the order the review raises them."""
    seen = list(dict.fromkeys(span.aspect for span in classification.aspects
                              if span.aspect in ASPECTS and span.confident))
    seen = [aspect for aspect in seen if not SUBSUMED_BY.get(aspect, set()) & set(seen)]
    primary = set(ASPECTS_OF_CAUSE.get(classification.primary_cause, ()))
    ordered = [aspect for aspect in seen if aspect in primary] + [aspect for aspect in seen if aspect not in primary]
    ordered.sort(key=lambda aspect: aspect not in FIRST_OF_ALL)  # stable: otherwise as above
    if not ordered:
        return []
    first, answered = ordered[0], [ordered[0]]
    for aspect in ordered[1:]:
        if len(answered) == MAX_ASPECTS:
            break
        remedies = {REMEDY[first], REMEDY[aspect]}
        if CAUSE_OF_ASPECT[aspect] == CAUSE_OF_ASPECT[first] and len(remedies) == 2 and not remedies <= _OFFERS:
            answered.append(aspect)
    return answered


_CONTRAST = re.compile(r"\b(?:but|though|however|aber|jedoch|trotzdem|mais|pourtant|pero|aunque|sin embargo)\b"
                       r"|但|可是|不过|けど|が、|しかし", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;,。！？；，、\n]")


_GREETING = re.compile(r"^\s*(?:hello|hi|hallo|guten tag|bonjour|hola|buenos días|buenas)\b[\s,!.:]*",
                       re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;。！？；\n]")
MIN_COMPLAINT_WORDS, MIN_COMPLAINT_CJK = 3, 5  # a complaint quoted back is a statement, not a fragment


# Praise: a sentence that praises ("Die Verarbeitung ist sehr gut") is no complaint to quote back,
# unless a negation turns it ("not great", "pas très bien").
_PRAISE = re.compile(r"\b(?:great|excellent|perfect|love|good|sehr gut|super|toll|prima|gut|parfaite?|très bien|bien|"
                     r"genial|perfecto|muy bien|excelente|bueno|buena)\b", re.IGNORECASE)


def _says_enough(quote: str, extra: int = 0) -> bool:
    if _PRAISE.search(quote) and not _NEGATION.search(quote):
        return False
    if _CJK.search(quote):
        return len(quote) >= MIN_COMPLAINT_CJK + extra
    return len(quote.split()) >= MIN_COMPLAINT_WORDS + extra


def enclosing_clause(text: str, start: int, end: int, ends: re.Pattern[str] = _CLAUSE_END) -> str:
    """The clause of `text` (the sentence, with `ends` = _SENTENCE_END) that holds the span start:end:
    what the buyer said, not a cut-off cue."""
    before = [match.end() for match in ends.finditer(text, 0, start)]
    after = ends.search(text, end)
    return text[before[-1] if before else 0:after.end() if after else len(text)].strip()


def _quote(span: FactSpan | AspectSpan, texts: Mapping[str, str]) -> str:
    """The clause the fact sits in where it is short enough, else the fact's own words; '' if neither is safe."""
    text = texts.get(span.field, "")
    if text[span.start:span.end] == span.text:
        clause = safe_quote(enclosing_clause(text, span.start, span.end))
        if clause:
            return clause
    return safe_quote(span.text)


def _pictographic(character: str) -> bool:
    """An emoji or a part of one: a symbol, a skin-tone modifier, a variation selector or a joiner."""
    return (unicodedata.category(character) in ("So", "Cs") or character in "\ufe0f\u200d"
            or 0x1F3FB <= ord(character) <= 0x1F3FF)


# A sign-off ends what the buyer has to say about the problem ("merci d'avance madame X", "thanks,
# John"): a quote stops before it, and never carries a name with its title.
_SIGN_OFF = re.compile(r"\b(?:merci d['’]avance|cordialement|thanks in advance|kind regards|best regards|regards|"
                       r"vielen dank im voraus|mit freundlichen grüßen|mfg|gracias de antemano|saludos)\b.*$",
                       re.IGNORECASE | re.DOTALL)
_TITLED_NAME = re.compile(r"\b(?:madame|monsieur|mme|mlle|mr|mrs|ms|miss|herr|frau|señora?|sra?|don|doña)\.?\s+"
                          r"[^\W\d_]{2,}", re.IGNORECASE)


def safe_quote(text: str, limits: tuple[int, int] = (MAX_QUOTE, MAX_QUOTE_CJK)) -> str:
    """The buyer's words, trimmed, if they are short (`limits`: spaced, CJK) and carry nothing a
    message must not repeat (contact details, links, names, addresses, profanity, accusations, words
    about reviews, markup); else ''."""
    # Emoji and pictographs are the buyer's tone, not their words, and the gate blocks them in a message.
    words = " ".join("".join(" " if _pictographic(c) else c for c in _SIGN_OFF.sub("", text)).split()
                     ).strip(_QUOTE_TRIM)
    for opening, closing in ("()", "（）"):
        if words.count(opening) > words.count(closing):  # a parenthesis the trim or a cut left open
            words = words[:words.rindex(opening)].strip(_QUOTE_TRIM)
    cjk = bool(_CJK.search(words))
    long_enough = len(words) >= MIN_QUOTE_CJK if cjk else len(words.split()) >= MIN_QUOTE_WORDS
    if (not long_enough or len(words) > limits[cjk] or _NOT_QUOTABLE.search(words)
            or _NOT_REPEATED.search(words) or _ACCUSATION.search(words) or _ABOUT_REVIEWS.search(words)
            or _TITLED_NAME.search(words)):
        return ""
    emails = find_emails(words)
    detectors = (emails, find_links(words, emails), find_phones(words), find_profanity(words),
                 find_addressed_names(words), find_addresses(words), find_placeholders(words))
    return "" if any(detectors) else words


# Words that mark a sentence as a complaint where no aspect was found in it: a problem, a
# disappointment, something that does not work (and, with _NEGATION, something that did not happen).
_PROBLEM = re.compile(
    r"\b(?:broke\w*|broken|stopped|fail\w*|poor|bad|terrible|awful|horrible|disappoint\w*|defect\w*|damaged|"
    r"missing|wrong|useless|cheap|waste|problem\w*|issue\w*|return\w*|refund\w*|kaputt\w*|defekt\w*|schlecht\w*|"
    r"enttäusch\w*|mangelhaft|leider|fehl\w*|falsch\w*|mauvais\w*|cass[ée]\w*|d[ée]çu\w*|d[ée]fectu\w*|"
    r"probl[èe]me\w*|dommage|malheureusement|manqu\w*|mal|malo|mala|roto|rota|decepci\w*|defectu\w*|"
    r"problema\w*|lamentablemente|falta\w*|crack\w*|scratch\w*|dent\w*|leak\w*|torn|ripped|stain\w*|smashed|"
    r"shattered|gerissen|zerkratzt|undicht|fleck\w*|fissur\w*|ray[ée]e?s?|tach\w*|fuit\w*|rayad[oa]s?|manch\w*|"
    r"fuga\w*)\b"
    r"|坏|差|烂|失望|问题|不能|无法|退|裂|漏|划痕|脏|壊れ|不良|残念|悪い|ひどい|酷い|使えな|動かな|届かな|割れ|傷|汚れ|漏れ|ない",
    re.IGNORECASE)


def _around(text: str, start: int, end: int, limit: int) -> str:
    """The clauses around text[start:end], from the one holding it outwards (the next clause first),
    as long as they stay within `limit` code points: the complaint with as much of its sentence as fits."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    sentence_end = (m.end() if (m := _SENTENCE_END.search(text, end)) else len(text))
    cuts = [sentence_start, *(m.end() for m in _CLAUSE_END.finditer(text, sentence_start, sentence_end)), sentence_end]
    cuts = sorted(set(cuts))
    left = max(cut for cut in cuts if cut <= start)
    right = min(cut for cut in cuts if cut >= min(end, sentence_end))
    while True:
        later = [cut for cut in cuts if cut > right]
        earlier = [cut for cut in cuts if cut < left]
        if later and later[0] - left <= limit:
            right = later[0]
        elif earlier and right - earlier[-1] <= limit:
            left = earlier[-1]
        else:
            return text[left:right]


def _stands_alone(quote: str) -> bool:
    """A statement to quote back: enough words, and no praise standing alone."""
    return bool(quote) and _says_enough(quote)


def _quoted_at(texts: Mapping[str, str], field: str, start: int, end: int, limits: tuple[int, int]) -> str:
    text = texts.get(field, "")
    limit = limits[bool(_CJK.search(text[start:end] or text))]
    sentence = safe_quote(_GREETING.sub("", enclosing_clause(text, start, end, _SENTENCE_END)), limits)
    if _stands_alone(sentence):
        return sentence
    clauses = safe_quote(_GREETING.sub("", _around(text, start, end, limit)), limits)
    if clauses and _says_enough(clauses, extra=1):
        return clauses
    # An accusation or a contact detail elsewhere in the sentence: the clause itself may still be clean.
    clause = safe_quote(_GREETING.sub("", enclosing_clause(text, start, end)), limits)
    return clause if clause and _says_enough(clause, extra=1) else ""


def _complaint(classification: Classification, aspects: Sequence[str], texts: Mapping[str, str],
               limits: tuple[int, int]) -> str:
    """The buyer's own words for what went wrong, where they are safe to quote: the sentence holding
    the first answered aspect; else one holding any aspect the classifier found, sure of it or not (it
    found the complaint, if maybe not its name; the primary cause's first); else the short title;
    else the first sentence that complains. The acknowledgement then names the buyer's actual
    complaint (the broken clip, the wet parcel), not its category."""
    spans = [span for span in classification.aspects if span.field in ("title", "body")
             and texts.get(span.field, "")[span.start:span.end] == span.text]
    primary = classification.primary_cause
    ordered = ([span for span in spans if aspects and span.aspect == aspects[0]]
               + [span for span in spans if span.cause == primary] + spans)
    for span in ordered:
        if span.start == 0 and span.end == len(texts[span.field]):
            # A learned head read the whole field: it is the complaint where it is short, no place in it.
            quote = safe_quote(_GREETING.sub("", texts[span.field]), limits)
            quote = quote if _stands_alone(quote) else ""
        else:
            quote = _quoted_at(texts, span.field, span.start, span.end, limits)
        if quote:
            return quote
    # A short title is how the buyer summed up the complaint; one that weighs praise against it
    # ("nice sound but ...") or lists several points is no summary to quote.
    title = " ".join(texts.get("title", "").split())
    if title and not _CONTRAST.search(title) and not _CLAUSE_END.search(title.strip(_QUOTE_TRIM)):
        quote = safe_quote(title, limits)
        if quote and not (_PRAISE.search(quote) and not _NEGATION.search(quote)):  # "Great product" is no complaint
            return quote
    # Else the sentence that complains most: problem words count twice, a negation or a "but" once;
    # the earlier of two that complain alike.
    body = texts.get("body", "")
    scored = []
    for start, end in _sentences(body):
        problems, negations = list(_PROBLEM.finditer(body, start, end)), list(_NEGATION.finditer(body, start, end))
        markers = problems + negations
        score = 2 * len(problems) + len(negations) + bool(_CONTRAST.search(body, start, end))
        if markers:
            scored.append((-score, start, min(markers, key=lambda match: match.start())))
    for _, _, marker in sorted(scored, key=lambda item: item[:2]):
        quote = _quoted_at(texts, "body", marker.start(), marker.end(), limits)
        if quote:
            return quote
    # Nothing marks the complaint: a short review is the complaint as a whole.
    whole = safe_quote(_GREETING.sub("", body), limits)
    return whole if _stands_alone(whole) else ""


def _sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends."""
    cuts = [0, *(match.end() for match in _SENTENCE_END.finditer(text)), len(text)]
    return [(start, end) for start, end in zip(cuts, cuts[1:], strict=False) if text[start:end].strip()]


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_UNITS = (
    (re.compile(r"^(?:days?|tage?n?|jours?|d[ií]as?|日|天)", re.IGNORECASE), "day"),
    (re.compile(r"^(?:weeks?|wochen?|semaines?|semanas?|週間?|周|个?星期|个?礼拜)", re.IGNORECASE), "week"),
    (re.compile(r"^(?:months?|monate?n?|mois|mes(?:es)?|[ヶかカケ]月|个月)", re.IGNORECASE), "month"),
    (re.compile(r"^(?:years?|jahre?n?|ans?|années?|años?|年)", re.IGNORECASE), "year"),
)
_NUMBER_WORDS = {
    **dict.fromkeys(("a", "an", "one", "ein", "eine", "einem", "einer", "einen", "un", "une", "uno", "una", "一"), 1),
    **dict.fromkeys(("two", "zwei", "deux", "dos", "二", "两", "兩"), 2),
    **dict.fromkeys(("three", "drei", "trois", "tres", "三"), 3),
    **dict.fromkeys(("four", "vier", "quatre", "cuatro", "四"), 4),
    **dict.fromkeys(("five", "fünf", "cinq", "cinco", "五"), 5),
    **dict.fromkeys(("six", "sechs", "seis", "六"), 6),
}
_AMOUNT = re.compile(r"(\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s*", re.IGNORECASE)


def duration_days(words: str) -> int | None:
    """The longest duration a phrase names ("after two weeks", nach 3 Monaten, 半年, 一年で), in days; None if none."""
    found = [180] if "半年" in words else []
    for amount in _AMOUNT.finditer(words):
        before = words[amount.start() - 1:amount.start()]
        if before.isalpha() and not _CJK.match(before):
            continue  # inside a word ("tuna", "Bosch")
        rest = words[amount.end():]
        unit = next((unit for pattern, unit in _UNITS if pattern.match(rest)), None)
        if unit is not None:
            number = amount.group(1).lower()
            found.append((int(number) if number.isdigit() else _NUMBER_WORDS[number]) * _UNIT_DAYS[unit])
    return max(found, default=None)


def _overlaps(quote: str, complaint: str) -> bool:
    """Whether a fact's quote repeats the quoted complaint (or lies within it, or holds it)."""
    return bool(complaint) and (quote in complaint or complaint in quote)


def _first_fact(facts: Sequence[FactSpan], fact: str) -> FactSpan | None:
    return next((span for span in facts if span.fact == fact), None)


def _candidates(*keys: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


# The buyer says the parcel has still not come: whatever else the review says about delay, it is
# answered as a parcel that never came (`lost`), never as one that "reached you later than promised".
_NOT_ARRIVED = re.compile(
    r"\b(?:still (?:not|haven't|hasn't|have not|has not|waiting)|(?:not|never|hasn't|haven't) (?:yet )?(?:arrived|received(?! (?:a |an |my |the |any )?(?:refund|reply|response|"
    r"answer|e-?mail|message|call))|been delivered)|noch (?:nicht|immer nicht) (?:angekommen|erhalten|geliefert|da)|(?:nicht|nie) (?:erhalten|angekommen)|"
    r"toujours pas (?:re[çc]ue?s?|arrivé|livré)|(?:pas|jamais) (?:encore )?(?:re[çc]ue?s?|arrivée?s?|livrée?s?)|"
    r"todav[ií]a no (?:ha )?(?:llegado|recibido)|a[uú]n no (?:ha )?(?:llegado|recibido)|sigo esperando|nunca (?:lleg[oó]|recib[ií])|"
    r"(?:never|didn't|did not|haven't|have not) (?:got|get|received?)(?! (?:it |this |them |the \w+ )?(?:to |working|back)| (?:a |an |my |the |any )?(?:refund|reply|response|answer|e-?mail|message|call))|"
    r"nie (?:bekommen|geliefert)|(?:n'ai|n’ai) (?:jamais|pas) (?:re[çc]ue?s?|eu)|no (?:me )?(?:ha )?llegado|no recib[ií]|"
    r"never (?:came|arrived|showed up)|(?:hasn't|has not|didn't|did not) (?:come|arrive|show up)|not (?:yet )?delivered|"
    r"nicht (?:angekommen|geliefert|zugestellt)|pas (?:été )?livr[ée]e?s?|jam[aá]s (?:lleg[oó]|me lleg[oó]))\b"
    r"|还没(?:有)?(?:到|收到|送到)|未收到|没(?:有)?收到|没到货|未到货|没送到|まだ届|届いていない|届いてない|届かない|届きません|"
    r"未着", re.IGNORECASE)


def _not_arrived(classification: Classification, aspects: list[str], texts: Mapping[str, str]) -> list[str]:
    """The aspects to answer once the buyer's words say the parcel has not come: `lost` instead of
    `late`, or `lost` where a logistics review had no aspect to answer by name."""
    if not any(_NOT_ARRIVED.search(text) for text in texts.values() if text):
        return aspects
    if "late" in aspects:
        return list(dict.fromkeys("lost" if aspect == "late" else aspect for aspect in aspects))
    if not aspects and classification.primary_cause == "logistics":
        return ["lost"]
    return aspects


# Delivery problems answered by name where one of them is the only one found, sure or not, in a
# logistics review no sure aspect answers: a parcel that came late is not offered a replacement or a
# refund (round 5), and a missing piece is sent, not the whole order again (round 6).
ANSWERED_WHEN_ALONE = frozenset({"late", "missing_part"})


def _alone(classification: Classification, aspects: list[str], texts: Mapping[str, str]) -> list[str]:
    """The one delivery problem found, where it is one of ANSWERED_WHEN_ALONE and nothing surer is answered."""
    found = {span.aspect for span in classification.aspects if span.cause == "logistics"}
    # Its cue must have found it: a head alone reads the whole review and fires on any delivery talk
    # (round 7: parcels that came on time answered as late).
    by_cue = {span.aspect for span in classification.aspects if span.cause == "logistics"
              and not (span.start == 0 and span.end == len(texts.get(span.field, "")))}
    if (not aspects and classification.primary_cause == "logistics" and len(found) == 1
            and found <= ANSWERED_WHEN_ALONE & by_cue):
        return sorted(found)
    return aspects


def outline(classification: Classification, channel: str, texts: Mapping[str, str] | None = None) -> Outline:
    """The paragraphs of a customer draft for this classification. A public reply is written for
    every reader: it acknowledges the first aspect and says what the seller does about it, and
    neither quotes nor asks. `texts` are the review's fields (title, body), for quoting the buyer."""
    aspects = _not_arrived(classification, _alone(classification, answered_aspects(classification), texts or {}), texts or {})
    cause = classification.primary_cause if classification.primary_cause in CAUSES else "other"
    topics = tuple(aspects) or (cause,)
    # A buyer already refunded is not offered the refund again, nor asked for what a claim would need;
    # one who already sent the item back is not offered a return or a replacement again.
    refunded = already_refunded(texts or {})
    settled = ("fix.refunded",) if refunded else ("fix.returned",) if already_returned(texts or {}) else ()

    def fix(topic: str) -> tuple[str, ...]:
        offers = REMEDY.get(topic) in _OFFERS or topic in ("product_quality", "logistics")
        return _candidates(*(settled if offers else ()), f"fix.{topic}", f"fix.{cause}")

    complaint = _complaint(classification, aspects, texts or {}, MAX_COMPLAINT.get(channel, MAX_COMPLAINT["public_reply"]))
    if channel == "public_reply":
        # One fix: what the seller changes for the first aspect, where a public one is written, else for the cause.
        return Outline(topics, f"acknowledge.{topics[0]}", complaint, (), (fix(topics[0]),), ())
    given = {span.fact for span in classification.facts_given}
    needed = list(dict.fromkeys(fact for topic in topics for fact in NEEDED_FACTS.get(topic, ())))
    noted = tuple(
        Noted(fact, quote if not _overlaps(quote := _quote(span, texts or {}), complaint) else "") for fact in needed
        if (span := _first_fact(classification.facts_given, fact)) is not None
    )[:1]
    questions = []
    for fact in needed:
        if fact in given or settled:
            continue
        owner = next(topic for topic in topics if fact in NEEDED_FACTS.get(topic, ()))
        questions.append((f"ask.{fact}.{owner}", f"ask.{fact}"))
    return Outline(
        topics=topics,
        acknowledge=f"acknowledge.{topics[0]}",
        complaint=complaint,
        noted=noted,
        fixes=tuple(fix(topic) for topic in topics),
        questions=tuple(questions[:MAX_QUESTIONS]),
        # Only a fault has a warranty: a dislike returned after months is no warranty case.
        usage_days=next((days for span in classification.facts_given if span.fact == "usage_duration"
                         if (days := duration_days(span.text)) is not None), None)
        if any(topic in _FAULTS for topic in topics) else None,
    )


_LEADING_TAG = re.compile(r"^\s*[【\[(（][^】\])）]*[】\])）]\s*")  # 【2024 model】 and the like
_TITLE_BREAKS = re.compile(r"\s[-–—|]\s|[,:]\s|[，、：(（\[【|]")  # "1,2 L" is no break
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
