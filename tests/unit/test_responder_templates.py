"""Default paragraphs: complete in every language, sandboxed, and compliant with the gate that checks them."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from reviewops.common.events.payloads import AspectSpan, FactSpan
from reviewops.common.text.language import SUPPORTED_LANGUAGES, detect_language
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import shipped_model
from reviewops.responder.domain.composition import ASPECTS, ASPECTS_OF_CAUSE, CAUSES, FACTS, NEEDED_FACTS
from reviewops.responder.domain.drafts import check_context, plan_drafts
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import _BUILDING_BLOCKS as BUILDING_BLOCKS
from reviewops.responder.domain.templates import _SAMPLE, PARAGRAPH_VARIABLES, TemplateBook, template_error

from tests.support.factories import action, classification, gated, review, verdict

BOOK = TemplateBook.defaults()
ACME = TenantSettings(brand_name="Acme", return_window_days=30)
MODEL = shipped_model()
CUSTOMER_CHANNELS = ["buyer_message", "public_reply"]
TOPICS = [(cause, aspect) for cause in CAUSES for aspect in ASPECTS_OF_CAUSE.get(cause, (None,))]


def paragraphs(language: str) -> dict:
    folder = resources.files("reviewops.responder.domain").joinpath("paragraphs")
    return json.loads(folder.joinpath(f"{language}.json").read_text("utf-8"))


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_language_has_exactly_the_paragraphs_of_english(language):
    english, other = paragraphs("en"), paragraphs(language)
    assert {section: set(keys) for section, keys in other.items()} == \
        {section: set(keys) for section, keys in english.items()}


def test_every_aspect_and_cause_has_its_acknowledgement_fix_and_questions():
    english = paragraphs("en")
    for topic in (*ASPECTS, *CAUSES):
        assert f"acknowledge.{topic}" in english["shared"]
        assert f"fix.{topic}" in english["buyer_message"]
        for fact in NEEDED_FACTS.get(topic, ()):
            assert f"ask.{fact}" in english["buyer_message"]
    for cause in CAUSES:
        assert f"fix.{cause}" in english["public_reply"]
    for fact in FACTS:
        assert f"noted.{fact}" in english["buyer_message"]


def smallest_draft(channel: str, language: str, key: str, variables: dict) -> str:
    """The smallest draft a paragraph can make: the greeting, that paragraph, the closing and the signature."""
    variables = dict(variables)
    for block in BUILDING_BLOCKS:
        variables[block] = BOOK.render_part(channel, language, block, variables)
    frame = dict.fromkeys(PARAGRAPH_VARIABLES, "")
    frame.update(greeting=BOOK.render_part(channel, language, "greeting", variables),
                 closing=BOOK.render_part(channel, language, "closing", variables),
                 acknowledgement=BOOK.render_part(channel, language, key, variables))
    return BOOK.render_part(channel, language, "other", {**variables, **frame})


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("channel", CUSTOMER_CHANNELS)
def test_every_default_paragraph_passes_the_gate_in_the_smallest_draft_it_can_make(language, channel):
    """Each paragraph as the only one between greeting and closing, with its variables set and unset, as a
    tenant's layout could use it. (A bare sentence is no message: the gate's model judges messages.)"""
    unset = {**_SAMPLE, "quote": "", "product_title": "", "return_window_days": None, "brand_name": ""}
    for key in BOOK.paragraph_keys(channel, language):
        if key in BUILDING_BLOCKS:
            continue
        for variables in ({**_SAMPLE, "fulfilled_by_amazon": True}, {**_SAMPLE, "fulfilled_by_amazon": False}, unset):
            text = smallest_draft(channel, language, key, variables)
            result = check_message(text, channel, language, {"review_kind": "seller_feedback"}, second_opinion=MODEL)
            assert result.allowed, (key, [(v.rule, v.text) for v in result.violations])


def composed_cases():
    for language in SUPPORTED_LANGUAGES:
        for cause, aspect in TOPICS:
            for kind, channel in (("seller_feedback", "buyer_message"), ("seller_feedback", "public_reply"),
                                  ("product_review", "buyer_message")):
                yield language, cause, aspect, kind, channel


def draft_for(language, cause, aspect, kind, channel, variant):
    """A draft of one topic; variant 0: nothing known; 1: every fact given with a quotable text, a product
    title, an Amazon-fulfilled order and the tenant's settings; 2: facts given in words too long to quote."""
    fields = dict(product_title="Contoso Kettle 1.7 L, stainless steel" if variant else None,
                  fulfillment="AFN" if variant == 1 else "MFN")
    if kind == "product_review":
        fields["order_id"] = "111-7654321-7654321"
    snapshot = review(kind, **fields)
    aspects = [AspectSpan(aspect=aspect, cause=cause, field="body", start=0, end=4, text="text")] if aspect else []
    quote = "E3 blinkt" if variant == 1 else "x" * 90
    facts = [FactSpan(fact=fact, field="body", start=0, end=len(quote), text=quote) for fact in FACTS] if variant else []
    settings = ACME if variant == 1 else TenantSettings()
    return snapshot, BOOK.compose(channel, language, snapshot,
                                  classification(cause, language=language, aspects=aspects, facts_given=facts),
                                  settings)


@pytest.mark.parametrize(("language", "cause", "aspect", "kind", "channel"), list(composed_cases()))
def test_every_composed_default_draft_passes_the_gate_in_its_language(language, cause, aspect, kind, channel):
    for variant in (0, 1, 2):
        snapshot, text = draft_for(language, cause, aspect, kind, channel, variant)
        assert "{{" not in text and "{%" not in text and "}}" not in text
        result = check_message(text, channel, language, check_context(snapshot, language, []), second_opinion=MODEL)
        assert result.allowed, (variant, [(v.rule, v.text) for v in result.violations])
        assert detect_language(text) == language
        assert ("Acme" in text) is (variant == 1)


@pytest.mark.parametrize("criterion", ["profanity", "personal_info", "product_review_only", "fulfillment_only"])
@pytest.mark.parametrize("language", ["en", "de", "ja"])
def test_removal_requests_pass_the_gate_with_their_evidence(criterion, language):
    quote = {"profanity": "crap", "personal_info": "call me on 415-555-0100"}.get(criterion, "arrived late")
    snapshot = review("seller_feedback", fulfillment="AFN", body=f"Well, {quote}.")
    item = gated(snapshot, classification(language=language),
                 verdict(action("request_removal", criterion=criterion, evidence=[quote])))
    [plan] = plan_drafts(item, BOOK, ACME)
    result = check_message(plan.text, "removal_request", language, check_context(snapshot, language, plan.evidence),
                           second_opinion=MODEL)
    assert result.allowed, result.violations


@pytest.mark.parametrize("guideline", ["seller_or_shipping_feedback", "profanity_or_harassment",
                                       "private_information", "links"])
def test_abuse_reports_pass_the_gate_with_their_evidence(guideline):
    quote = {"links": "www.other-shop.com", "private_information": "john.doe@example.com"}.get(guideline, "crap")
    snapshot = review("product_review", body=f"See {quote} now")
    item = gated(snapshot, classification(), verdict(action("report_abuse", guideline=guideline, evidence=[quote])))
    [plan] = plan_drafts(item, BOOK)
    result = check_message(plan.text, "abuse_report", "en", check_context(snapshot, "en", plan.evidence),
                           second_opinion=MODEL)
    assert result.allowed, result.violations


def custom(channel: str, key: str, template: str) -> TemplateBook:
    return BOOK.with_overrides({(channel, "en", key): template})


def compose(book: TemplateBook, cause: str = "other", settings: TenantSettings = ACME, **fields) -> str:
    return book.compose("buyer_message", "en", review(order_id="111-2", product_title="Kettle", **fields),
                        classification(cause), settings)


def test_a_tenant_layout_for_a_cause_renders_the_variables_earlier_templates_used():
    book = custom("buyer_message", "other", "{{ seller_name }} / {{ order_id }} / {{ asin }}")
    assert compose(book) == "The Acme customer service team / 111-2 / B0EXAMPLE1"


def test_a_tenant_layout_can_arrange_the_composed_paragraphs():
    book = custom("buyer_message", "product_quality", "{{ acknowledgement }}\n{{ brand_name }}")
    assert compose(book, "product_quality") == (
        "You wrote: “The kettle stopped working after a week”. We are very sorry about this; the Kettle should not"
        " have let you down like that.\nAcme")


def test_a_tenant_paragraph_replaces_only_that_paragraph():
    book = custom("buyer_message", "fix.product_quality", "We will make it right, {{ brand_name }} promises.")
    text = compose(book, "product_quality")
    assert "We will make it right, Acme promises." in text
    assert "Hello," in text and "Best regards," in text
    assert compose(BOOK, "product_quality") != text, "the defaults are untouched"
    assert BOOK.compose("buyer_message", "de", review(), classification("product_quality", language="de"), ACME) \
        == BOOK.with_overrides({("buyer_message", "en", "fix.product_quality"): "x"}).compose(
            "buyer_message", "de", review(), classification("product_quality", language="de"), ACME)


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ seller_name.__class__.__base__.__subclasses__() }}",
    "{{ signature.__class__.__init__.__globals__ }}",
    "{{ seller_name.__class__ }}",
    "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
])
def test_the_sandbox_refuses_attribute_access(template):
    with pytest.raises(SecurityError):
        compose(custom("buyer_message", "greeting", template))


def test_str_format_cannot_reach_attributes():
    with pytest.raises(SecurityError):
        compose(custom("buyer_message", "other", "{{ '{0.__class__.__mro__}'.format(seller_name) }}"))


def test_unknown_variables_fail_instead_of_rendering_blank():
    with pytest.raises(UndefinedError):
        compose(custom("buyer_message", "fix.other", "Dear {{ buyer_name }}"))


@pytest.mark.parametrize(("source", "reason"), [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "SecurityError"),
    ("{{ seller_name.__init__.__globals__ }}", "SecurityError"),
    ("{{ cycler.__init__.__globals__.os }}", "SecurityError"),
    ("Dear {{ buyer_email }}", "UndefinedError"),
    ("{% for x in %}", "TemplateSyntaxError"),
])
def test_a_tenant_template_that_escapes_the_sandbox_or_breaks_is_refused(source, reason):
    assert template_error(source).startswith(reason)


@pytest.mark.parametrize("source", ["{{ acknowledgement }} {{ fix }} {{ signature }}",
                                    "{% if return_window_days %}{{ return_terms }}{% endif %} {{ item }} {{ quote }}"])
def test_every_documented_variable_renders_in_a_tenant_template(source):
    assert template_error(source) is None


# A complaint in each language whose clause a draft quotes back in its acknowledgement.
QUOTED_COMPLAINT = {"en": "The handle came loose after a week.", "de": "Der Griff hat sich nach einer Woche gelöst.",
                    "fr": "La poignée s'est détachée après une semaine.", "es": "El asa se soltó después de una semana.",
                    "ja": "一週間で取っ手が外れてしまった。", "zh": "用了一周把手就松了。"}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize(("cause", "aspect"), [topic for topic in TOPICS if topic[1]])
def test_a_draft_that_quotes_the_complaint_passes_the_gate(language, cause, aspect):
    body = QUOTED_COMPLAINT[language]
    snapshot = review("seller_feedback", body=body)
    spans = [AspectSpan(aspect=aspect, cause=cause, field="body", start=0, end=len(body), text=body)]
    text = BOOK.compose("buyer_message", language, snapshot,
                        classification(cause, language=language, aspects=spans), ACME)
    assert body.rstrip(".。") in text
    result = check_message(text, "buyer_message", language, check_context(snapshot, language, []), second_opinion=MODEL)
    assert result.allowed, [(v.rule, v.text) for v in result.violations]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("aspect", ["stopped_working", "poor_build", "wrong_spec", "compatibility"])
@pytest.mark.parametrize("channel", ["buyer_message", "public_reply"])
def test_a_draft_offering_the_warranty_past_the_return_window_passes_the_gate(language, aspect, channel):
    cause = next(cause for cause, aspects in ASPECTS_OF_CAUSE.items() if aspect in aspects)
    snapshot = review("seller_feedback")
    facts = [FactSpan(fact="usage_duration", field="body", start=0, end=14, text="after 8 months")]
    spans = [AspectSpan(aspect=aspect, cause=cause, field="body", start=0, end=4, text="text")]
    text = BOOK.compose(channel, language, snapshot,
                        classification(cause, language=language, aspects=spans, facts_given=facts), ACME)
    result = check_message(text, channel, language, check_context(snapshot, language, []), second_opinion=MODEL)
    assert result.allowed, [(v.rule, v.text) for v in result.violations]
