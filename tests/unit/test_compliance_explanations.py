"""Every violation tells a support agent why and what to change, in the message's language."""

from __future__ import annotations

import pytest

from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.compliance.domain.catalogue import RULES
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.domain.explanations import explain, explained_rules, languages_of
from reviewops.compliance.ml.model import NoSecondOpinion

JUDGED_KINDS = ("content", "hard_limit", "outcome")


@pytest.mark.parametrize("rule", [rule.id for rule in RULES if rule.kind in JUDGED_KINDS])
def test_every_rule_a_check_answers_is_explained_in_the_six_languages(rule):
    assert rule in explained_rules()
    assert set(SUPPORTED_LANGUAGES) <= languages_of(rule)
    for language in SUPPORTED_LANGUAGES:
        explanation = explain(rule, language)
        assert explanation.reason.strip() and explanation.fix.strip()


@pytest.mark.parametrize(("text", "language", "rule"), [
    ("Besuchen Sie unseren Shop unter www.mein-shop.de für weitere Angebote.", "de", "external_link"),
    ("[Important] Merci de laisser un avis sur votre commande.", "fr", "false_urgency"),
    ("如果满意请给我们五星好评。", "zh", "selective_solicitation"),
])
def test_a_violation_carries_the_reason_and_fix_in_the_messages_language(text, language, rule):
    result = check_message(text, "buyer_message", language, {"buyer_language": language},
                           second_opinion=NoSecondOpinion())
    violation = next(v for v in result.violations if v.rule == rule)
    assert (violation.reason, violation.fix) == (explain(rule, language).reason, explain(rule, language).fix)
    assert violation.fix != explain(rule, "en").fix


def test_a_language_without_its_own_text_gets_the_english_one():
    result = check_message("Questo prodotto è arrivato rotto, ci dispiace molto.", "buyer_message", "it", {},
                           second_opinion=NoSecondOpinion())
    assert [v.rule for v in result.violations] == ["unsupported_language"]
    assert result.violations[0].fix == explain("unsupported_language", "en").fix
