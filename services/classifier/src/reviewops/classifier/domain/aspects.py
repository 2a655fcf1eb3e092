"""Aspects of the complaint and facts the buyer already gave (issue 15, docs/aspects.md).

`find_aspects` reads a review's title and body with the cue patterns of its language
(aspect_lexicon.py) and answers spans: code points, end exclusive, title before body, text order.
An aspect is reported only where its cause is among the review's causes (primary or secondary):
the cue lexicons are broad ("colour", "refund"), and the cause model already decided what the
review is about. Facts are reported whatever the causes: they are what the buyer said.

`learned` adds the names whose learned head fired (ml/aspect_model.py): the cues miss what the
annotators infer ("it was gone by March" is `stopped_working`). A learned name is reported under the
same rules as a cue hit (an aspect within the causes); where a cue also matched, the cue's span is
kept, and otherwise the name spans the whole body (the whole title where the body is empty): a name
the review as a whole raises concerns all of it (DESIGN.md).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cache

from reviewops.classifier.domain.aspect_lexicon import ASPECT_CUES, FACT_CUES, WEAK_ASPECT_CUES, WEAK_YIELDS_TO
from reviewops.common.events.payloads import AspectSpan, FactSpan
from reviewops.common.text.language import SUPPORTED_LANGUAGES

# The annotators' guide's aspects, in its order, with the cause each belongs to.
ASPECT_CAUSES: dict[str, str] = {
    "late": "logistics", "lost": "logistics", "damaged_in_transit": "logistics", "wrong_item": "logistics",
    "missing_part": "logistics", "used_as_new": "logistics", "expired": "logistics",
    "dead_on_arrival": "product_quality", "stopped_working": "product_quality", "poor_build": "product_quality",
    "wrong_spec": "product_quality", "counterfeit": "product_quality", "unsafe": "product_quality",
    "setup": "instructions", "manual": "instructions", "app_connectivity": "instructions", "compatibility": "instructions",
    "size_or_power": "expectations", "looks": "expectations", "value": "expectations", "missing_feature": "expectations",
    "taste_or_smell": "preference", "fit_or_style": "preference", "colour": "preference", "feel": "preference",
    "no_reply": "seller_service", "refund_or_return": "seller_service", "tone": "seller_service",
}
ASPECTS = tuple(ASPECT_CAUSES)
FACTS = ("order_problem", "usage_duration", "tried_fix", "error_shown", "photos")
# The concrete things that went wrong with the order itself: each one is also the fact `order_problem`.
ORDER_ASPECTS = ("late", "lost", "damaged_in_transit", "wrong_item", "missing_part", "used_as_new", "expired")

# Confidence (docs/aspects.md, "Confidence"): which evidence makes a name confident, cue and learned
# head both, the cue alone or the head alone: each where it was right at least three times in four
# (of three or more) on the held-out folds of the training labels (tools/aspects/confidence.py
# measures it); cue and head both where there were too few to tell. An unsafe product is always
# confident: a buyer told to stop using it by mistake loses less than one who is not told.
CONFIDENT_BY: dict[str, frozenset[str]] = {
    **dict.fromkeys(ASPECTS, frozenset({"both"})),
    **dict.fromkeys(("lost", "missing_part", "poor_build", "value"), frozenset()),
    **dict.fromkeys(("damaged_in_transit", "wrong_item", "used_as_new", "expired", "manual", "no_reply",
                     "refund_or_return", "unsafe"), frozenset({"both", "cue"})),
    **dict.fromkeys(("taste_or_smell", "fit_or_style"), frozenset({"both", "head"})),
}


def is_confident(aspect: str, by_cue: bool, by_head: bool) -> bool:
    """Whether the evidence found for `aspect` is enough for a draft to answer it specifically."""
    evidence = "both" if by_cue and by_head else "cue" if by_cue else "head" if by_head else None
    return evidence in CONFIDENT_BY.get(aspect, frozenset())


_WORDS_WITHOUT_SPACES = ("zh", "ja")
_FIELDS = ("title", "body")


def _pattern(by_language: dict[str, tuple[str, ...]], languages: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern of all the cues. Latin-script cues match whole words only ('late' must not match
    'chocolate'), a space in them standing for any white space; the word boundaries are written once
    around all of a language's cues, so the engine checks them once per position rather than once per
    cue (three times faster). Compiled case-sensitive: the text is lowercased first (`_lowered`)."""
    parts = []
    for language in languages:
        cues = by_language.get(language, ())
        if not cues:
            continue
        if language in _WORDS_WITHOUT_SPACES:
            parts.append("|".join(cues))
        else:
            parts.append(r"(?<!\w)(?:" + "|".join(cue.replace(" ", r"\s+") for cue in cues) + r")(?!\w)")
    return re.compile("|".join(parts))


def _lowered(text: str) -> str:
    """The text in lower case with every offset kept (the few characters whose lower case is longer,
    like 'İ', stay as they are)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@cache
def _patterns(language: str) -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """Each aspect's and fact's one pattern, and the weak-cue patterns, for a supported language; for
    any other language (or 'und'), the cues of all six, so that a review whose language was not told
    is still read."""
    languages = (language,) if language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES
    return ({name: _pattern(cues, languages) for name, cues in {**ASPECT_CUES, **FACT_CUES}.items()},
            {name: _pattern(cues, languages) for name, cues in WEAK_ASPECT_CUES.items()})


Hit = tuple[str, int, int]  # field, start, end


def _first_match(pattern: re.Pattern[str], lowered: dict[str, str]) -> Hit | None:
    for field in _FIELDS:
        match = pattern.search(lowered[field])
        if match:
            return field, match.start(), match.end()
    return None


def _hit_order(hit: Hit) -> tuple[int, int, int]:
    field, start, end = hit
    return _FIELDS.index(field), start, end


def _text_order(item: AspectSpan | FactSpan) -> tuple[int, int, int]:
    return _hit_order((item.field, item.start, item.end))


def _whole_field(title: str, body: str) -> Hit:
    return ("body", 0, len(body)) if body else ("title", 0, len(title))


def find_aspects(title: str, body: str, language: str, causes: Iterable[str], learned: Collection[str] = ()
                 ) -> tuple[list[AspectSpan], list[FactSpan]]:
    """The aspects the review raises within its causes, and the facts it gives: each one once, at its
    first mention (title before body), in text order. `learned`: names the learned heads found."""
    fields = {"title": title, "body": body}
    lowered = {field: _lowered(text) for field, text in fields.items()}
    patterns, weak_patterns = _patterns(language)
    wanted = set(causes)
    # Only what can be answered is searched: the aspects of the review's causes, those that give
    # order_problem, those a weak cue yields to, and the facts.
    needed = {aspect for aspect, cause in ASPECT_CAUSES.items() if cause in wanted}
    needed |= {*ORDER_ASPECTS, *FACTS, *(other for name in weak_patterns if name in needed
                                         for other in WEAK_YIELDS_TO[name])}
    found: dict[str, Hit] = {}
    for name in (*ASPECTS, *FACTS):
        hit = _first_match(patterns[name], lowered) if name in needed else None
        if hit:
            found[name] = hit
    for name, pattern in weak_patterns.items():
        if name in needed and name not in found and not any(other in found for other in WEAK_YIELDS_TO[name]):
            hit = _first_match(pattern, lowered)
            if hit:
                found[name] = hit
    by_cue = set(found)
    for name in learned:
        if name not in found:
            found[name] = _whole_field(title, body)
    aspects = [
        AspectSpan(aspect=aspect, cause=ASPECT_CAUSES[aspect], field=field, start=start, end=end,
                   text=fields[field][start:end], confident=is_confident(aspect, aspect in by_cue, aspect in learned))
        for aspect, (field, start, end) in found.items() if aspect in ASPECT_CAUSES and ASPECT_CAUSES[aspect] in wanted
    ]
    order_hits = [found[name] for name in (*ORDER_ASPECTS, "order_problem") if name in found]
    facts = []
    for fact in FACTS:
        hit = min(order_hits, key=_hit_order) if fact == "order_problem" and order_hits else found.get(fact)
        if hit:
            field, start, end = hit
            facts.append(FactSpan(fact=fact, field=field, start=start, end=end, text=fields[field][start:end]))
    return sorted(aspects, key=_text_order), sorted(facts, key=_text_order)
