"""Aspects of the complaint and facts the buyer already gave (issue 15, docs/aspects.md).

`find_aspects` reads a review's title and body with the cue patterns of its language
(aspect_lexicon.py) and answers spans: code points, end exclusive, title before body, text order.
An aspect is reported only where its cause is among the review's causes (primary or secondary):
the cue lexicons are broad ("colour", "refund"), and the cause model already decided what the
review is about. Facts are reported whatever the causes: they are what the buyer said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
ORDER_ASPECTS = ("late", "lost", "damaged_in_transit", "wrong_item", "missing_part")

_WORDS_WITHOUT_SPACES = ("zh", "ja")
_FIELDS = ("title", "body")


def _cue_regex(cue: str, language: str) -> str:
    if language in _WORDS_WITHOUT_SPACES:
        return cue
    # Whole words only ('late' must not match 'chocolate'); a space stands for any white space.
    return r"(?<!\w)(?:" + cue.replace(" ", r"\s+") + r")(?!\w)"


def _pattern(by_language: dict[str, tuple[str, ...]], languages: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(_cue_regex(cue, lang) for lang in languages for cue in by_language.get(lang, ())),
                      re.IGNORECASE)


@cache
def _patterns(language: str) -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """Each aspect's and fact's one pattern, and the weak-cue patterns, for a supported language; for
    any other language (or 'und'), the cues of all six, so that a review whose language was not told
    is still read."""
    languages = (language,) if language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES
    return ({name: _pattern(cues, languages) for name, cues in {**ASPECT_CUES, **FACT_CUES}.items()},
            {name: _pattern(cues, languages) for name, cues in WEAK_ASPECT_CUES.items()})


def _first_match(pattern: re.Pattern[str], fields: dict[str, str]) -> tuple[str, re.Match[str]] | None:
    for field in _FIELDS:
        match = pattern.search(fields[field])
        if match:
            return field, match
    return None


def _text_order(item: AspectSpan | FactSpan) -> tuple[int, int, int]:
    return _FIELDS.index(item.field), item.start, item.end


def find_aspects(title: str, body: str, language: str, causes: Iterable[str]
                 ) -> tuple[list[AspectSpan], list[FactSpan]]:
    """The aspects the review raises within its causes, and the facts it gives: each one once, at its
    first mention (title before body), in text order."""
    fields = {"title": title, "body": body}
    patterns, weak_patterns = _patterns(language)
    wanted = set(causes)
    found: dict[str, tuple[str, re.Match[str]]] = {}
    for name in (*ASPECTS, *FACTS):
        hit = _first_match(patterns[name], fields)
        if hit:
            found[name] = hit
    for name, pattern in weak_patterns.items():
        if name not in found and not any(other in found for other in WEAK_YIELDS_TO[name]):
            hit = _first_match(pattern, fields)
            if hit:
                found[name] = hit
    aspects = [
        AspectSpan(aspect=aspect, cause=ASPECT_CAUSES[aspect], field=field, start=match.start(), end=match.end(),
                   text=match.group())
        for aspect, (field, match) in found.items() if aspect in ASPECT_CAUSES and ASPECT_CAUSES[aspect] in wanted
    ]
    order_hits = [found[name] for name in (*ORDER_ASPECTS, "order_problem") if name in found]
    facts = []
    for fact in FACTS:
        hit = min(order_hits, key=lambda h: (_FIELDS.index(h[0]), h[1].start())) if fact == "order_problem" and order_hits \
            else found.get(fact)
        if hit:
            field, match = hit
            facts.append(FactSpan(fact=fact, field=field, start=match.start(), end=match.end(), text=match.group()))
    return sorted(aspects, key=_text_order), sorted(facts, key=_text_order)
