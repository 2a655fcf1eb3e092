"""The rule catalogue carries every id of policy.md, verbatim."""

from __future__ import annotations

import pytest

from reviewops.compliance.domain.catalogue import (
    CHANNELS,
    CUSTOMER_CHANNELS,
    MARKETPLACE_CHANNELS,
    MESSAGING_CHANNELS,
    POLICY_VERSION,
    RULES,
    RULES_BY_ID,
)
from reviewops.compliance.domain.checks import MESSAGES

CONTENT_RULES = ["incentive_for_review", "request_change_or_remove", "selective_solicitation", "divert_negative",
                 "fake_or_brushing", "external_link", "personal_contact", "marketing", "personal_data_exposure",
                 "abusive_or_defensive"]
HARD_LIMITS = ["too_long", "html", "emoji", "wrong_language", "outside_window", "repeat_request", "opted_out",
               "repeat_removal_note"]
OUTCOMES = ["unsupported_language", "check_failed"]
CRITERIA = ["profanity", "personal_info", "product_review_only", "fulfillment_only"]
GUIDELINES = ["seller_or_shipping_feedback", "profanity_or_harassment", "private_information", "links",
              "promotional_content", "compensated_review", "spam"]


@pytest.mark.parametrize(("rule_id", "kind"), [
    *((r, "content") for r in CONTENT_RULES), *((r, "hard_limit") for r in HARD_LIMITS),
    *((r, "outcome") for r in OUTCOMES), *((r, "criterion") for r in CRITERIA),
    *((r, "guideline") for r in GUIDELINES),
])
def test_every_policy_id_is_in_the_catalogue(rule_id, kind):
    rule = RULES_BY_ID[rule_id]
    assert rule.kind == kind
    assert rule.description
    assert rule.source
    assert rule.version


def test_ids_are_unique():
    assert len(RULES) == len(RULES_BY_ID)


@pytest.mark.parametrize("rule_id", CONTENT_RULES + HARD_LIMITS + OUTCOMES)
def test_every_checked_rule_has_a_message(rule_id):
    assert MESSAGES[rule_id]


@pytest.mark.parametrize(("rule_id", "channels"), [
    ("personal_data_exposure", ("public_reply",)),
    ("fake_or_brushing", CHANNELS),
    ("abusive_or_defensive", CHANNELS),
    ("external_link", CUSTOMER_CHANNELS),
    ("repeat_request", ("review_request",)),
    *((r, MESSAGING_CHANNELS) for r in HARD_LIMITS if r != "repeat_request"),
])
def test_rules_apply_to_the_channels_policy_names(rule_id, channels):
    assert set(RULES_BY_ID[rule_id].applies_to) == set(channels)


def test_channels():
    assert set(CUSTOMER_CHANNELS) == {"buyer_message", "public_reply", "review_request", "insert_card"}
    assert set(MARKETPLACE_CHANNELS) == {"removal_request", "abuse_report"}
    assert set(MESSAGING_CHANNELS) == {"buyer_message", "review_request"}


def test_policy_version_is_set():
    assert POLICY_VERSION
