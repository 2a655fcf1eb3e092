"""Default templates: complete, sandboxed, and compliant with the gate they are checked by."""

from __future__ import annotations

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from reviewops.common.text.language import SUPPORTED_LANGUAGES, detect_language
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import shipped_model
from reviewops.responder.domain.drafts import check_context, plan_drafts
from reviewops.responder.domain.templates import TemplateBook

from tests.support.factories import action, classification, gated, review, verdict

BOOK = TemplateBook.defaults(seller_name="Acme Support")
CAUSES = ["product_quality", "logistics", "instructions", "expectations", "preference", "seller_service", "other"]
CUSTOMER_CHANNELS = ["buyer_message", "public_reply"]
# buyer messages go to sellers' buyers of both kinds (with an order); public replies exist for seller feedback only
KINDS = {"buyer_message": ["seller_feedback", "product_review"], "public_reply": ["seller_feedback"]}
CASES = [(channel, language, cause, kind) for channel in CUSTOMER_CHANNELS for language in SUPPORTED_LANGUAGES
         for cause in CAUSES for kind in KINDS[channel]]


def realistic_review(kind: str):
    if kind == "seller_feedback":
        return review("seller_feedback", body="Arrived two weeks late and nobody answered my messages.",
                      fulfillment="MFN")
    return review("product_review", order_id="111-7654321-7654321", body="Stopped working after a week.")


@pytest.mark.parametrize("channel", CUSTOMER_CHANNELS)
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_defaults_cover_every_language_and_cause(channel, language):
    assert set(BOOK.texts[channel][language]) == set(CAUSES)


@pytest.mark.parametrize(("channel", "language", "cause", "kind"), CASES)
def test_every_default_template_renders_and_passes_compliance(channel, language, cause, kind):
    snapshot = realistic_review(kind)
    text = BOOK.render(channel, language, cause, snapshot, action("contact_buyer", channel=channel))
    assert "Acme Support" in text
    assert "{{" not in text and "{%" not in text
    assert detect_language(text) == language
    result = check_message(text, channel, language, {"review_kind": kind, "buyer_language": language},
                           second_opinion=shipped_model())
    assert result.allowed, [(v.rule, v.text) for v in result.violations]
    assert result.language == language


@pytest.mark.parametrize(("channel", "language", "cause", "kind"), CASES)
def test_every_default_draft_passes_with_the_context_the_responder_sends(channel, language, cause, kind):
    snapshot = realistic_review(kind)
    allowed = action("contact_buyer") if channel == "buyer_message" else action("public_reply")
    item = gated(snapshot, classification(cause, language=language), verdict(allowed, action("internal_ticket")))
    plan = plan_drafts(item, BOOK)[0]
    result = check_message(plan.text, plan.channel, plan.language, check_context(snapshot, plan.language,
                                                                                 plan.evidence),
                           second_opinion=shipped_model())
    assert result.allowed, [(v.rule, v.text) for v in result.violations]


@pytest.mark.parametrize(("criterion", "quote"), [
    ("profanity", "this crap broke"), ("personal_info", "call me on 415-555-0100"),
    ("fulfillment_only", "The package arrived late."),
])
def test_removal_requests_quote_their_evidence_and_pass(criterion, quote):
    snapshot = review("seller_feedback", fulfillment="AFN", body=quote)
    item = gated(snapshot, classification(), verdict(action("request_removal", criterion=criterion,
                                                            evidence=[quote])))
    plan = plan_drafts(item, BOOK)[0]
    assert f'"{quote}"' in plan.text and criterion in plan.text and snapshot.order_id in plan.text
    result = check_message(plan.text, "removal_request", "en", check_context(snapshot, "en", plan.evidence),
                           second_opinion=shipped_model())
    assert result.allowed, result.violations


def test_abuse_report_names_asin_guideline_and_evidence():
    snapshot = review("product_review")
    allowed = action("report_abuse", guideline="links", evidence=["www.other-shop.com"])
    text = BOOK.render("abuse_report", "en", "other", snapshot, allowed)
    assert snapshot.asin in text and "'links'" in text and '"www.other-shop.com"' in text
    assert check_message(text, "abuse_report", "en", {"evidence": ["www.other-shop.com"]},
                         second_opinion=shipped_model()).allowed


def test_an_unknown_cause_falls_back_to_other():
    snapshot = review()
    assert BOOK.render("buyer_message", "en", "nonexistent", snapshot, action("contact_buyer")) == \
        BOOK.render("buyer_message", "en", "other", snapshot, action("contact_buyer"))


def custom(template: str) -> TemplateBook:
    return TemplateBook(texts={"buyer_message": {"en": {"other": template}}}, seller_name="Acme")


def test_custom_templates_render_the_allowed_variables():
    text = custom("{{ seller_name }} / {{ order_id }} / {{ asin }}").render(
        "buyer_message", "en", "other", review(order_id="111-2"), action("contact_buyer"))
    assert text == "Acme / 111-2 / B0EXAMPLE1"


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ seller_name.__class__.__base__.__subclasses__() }}",
    "{{ evidence.__class__.__init__.__globals__ }}",
    "{{ seller_name.__class__ }}",
    "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
])
def test_the_sandbox_refuses_attribute_access(template):
    with pytest.raises(SecurityError):
        custom(template).render("buyer_message", "en", "other", review(), action("contact_buyer"))


def test_str_format_cannot_reach_attributes():
    with pytest.raises(SecurityError):
        custom("{{ '{0.__class__.__mro__}'.format(seller_name) }}").render(
            "buyer_message", "en", "other", review(), action("contact_buyer"))


def test_unknown_variables_fail_instead_of_rendering_blank():
    with pytest.raises(UndefinedError):
        custom("Dear {{ buyer_name }}").render("buyer_message", "en", "other", review(), action("contact_buyer"))


@pytest.mark.parametrize(("source", "reason"), [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "SecurityError"),
    ("{{ seller_name.__init__.__globals__ }}", "SecurityError"),
    ("{{ cycler.__init__.__globals__.os }}", "SecurityError"),
    ("Dear {{ buyer_email }}", "UndefinedError"),
    ("{% for x in %}", "TemplateSyntaxError"),
])
def test_a_tenant_template_that_escapes_the_sandbox_or_breaks_is_refused(source, reason):
    from reviewops.responder.domain.templates import template_error

    assert template_error(source).startswith(reason)


def test_overrides_replace_only_their_own_template():
    from reviewops.responder.domain.templates import TemplateBook

    book = TemplateBook.defaults()
    mine = book.with_overrides({("buyer_message", "en", "logistics"): "Sorry, {{ seller_name }}"})
    assert mine.source("buyer_message", "en", "logistics") == "Sorry, {{ seller_name }}"
    assert mine.source("buyer_message", "de", "logistics") == book.source("buyer_message", "de", "logistics")
    assert book.source("buyer_message", "en", "logistics") != "Sorry, {{ seller_name }}", "the defaults are untouched"
