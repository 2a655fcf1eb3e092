"""What a support agent reads beside a violation: why the message breaks the rule and how to fix
it, in the message's language (explanations.json: every rule a check can answer, six languages).
A language without its own text gets the English one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Explanation:
    reason: str
    fix: str


@cache
def _explanations() -> dict[str, dict[str, Explanation]]:
    raw = json.loads(resources.files(__package__).joinpath("explanations.json").read_text("utf-8"))
    return {rule: {language: Explanation(**text) for language, text in by_language.items()}
            for rule, by_language in raw.items() if not rule.startswith("_")}


def explain(rule: str, language: str) -> Explanation:
    by_language = _explanations()[rule]
    return by_language.get(language) or by_language[FALLBACK_LANGUAGE]


def explained_rules() -> frozenset[str]:
    return frozenset(_explanations())


def languages_of(rule: str) -> frozenset[str]:
    return frozenset(_explanations()[rule])
