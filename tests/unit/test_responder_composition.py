"""Drafts composed from what the review says: the specific problem, its fix, questions only for what is
missing, the product's name, the tenant's signature in the buyer's language (issue 15)."""

from __future__ import annotations

import pytest

from reviewops.common.events.payloads import AspectSpan, FactSpan
from reviewops.common.text.language import SUPPORTED_LANGUAGES, detect_language
from reviewops.responder.domain.composition import (
    ASPECTS,
    ASPECTS_OF_CAUSE,
    FACTS,
    NEEDED_FACTS,
    already_refunded,
    answered_aspects,
    duration_days,
    outline,
    safe_quote,
    short_title,
)
from reviewops.responder.domain.drafts import agent_notes, new_draft, plan_drafts
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import TemplateBook

from tests.support.factories import action, classification, gated, review, verdict

BOOK = TemplateBook.defaults()
CAUSE_OF = {aspect: cause for cause, aspects in ASPECTS_OF_CAUSE.items() for aspect in aspects}
SIGNATURES = {"en": "Anna, Acme Home care", "de": "Ihr Team von Acme Home", "fr": "L’équipe Acme Home",
              "es": "El equipo de Acme Home", "ja": "Acme Home サポートセンター", "zh": "Acme Home 客服中心"}
ACME = TenantSettings(brand_name="Acme Home", signatures=SIGNATURES, return_window_days=30)
# A review in each language that says which problem it has and what it already shows.
OFFLINE = {
    "en": ("The plug shows offline all the time.", "shows offline"),
    "de": ("Der Stecker zeigt ständig offline an.", "zeigt ständig offline"),
    "fr": ("La prise s'affiche toujours hors ligne.", "s'affiche toujours hors ligne"),
    "es": ("El enchufe aparece siempre desconectado.", "aparece siempre desconectado"),
    "ja": ("プラグがずっとオフラインと表示される。", "オフラインと表示される"),
    "zh": ("插座一直显示离线。", "一直显示离线"),
}
# What each language's question about the error shown would contain, so a test can tell it is absent.
ERROR_QUESTION = {"en": "What does it show", "de": "Was zeigt der Artikel", "fr": "Qu’affiche l’article",
                  "es": "Qué muestra el artículo", "ja": "エラーコードなどは表示", "zh": "开机时它显示什么",
                  }
APP_QUESTION = {"en": "Which message does the app show", "de": "Welche Meldung zeigt die App",
                "fr": "Quel message l’application", "es": "Qué mensaje muestra la aplicación",
                "ja": "アプリにはどのようなメッセージ", "zh": "应用显示的是什么"}


def aspect(name: str, text: str = "text", start: int = 0) -> AspectSpan:
    return AspectSpan(aspect=name, cause=CAUSE_OF[name], field="body", start=start, end=start + len(text), text=text)


def fact(name: str, text: str = "text", start: int = 0) -> FactSpan:
    return FactSpan(fact=name, field="body", start=start, end=start + len(text), text=text)


def classified(*aspects: str, facts: tuple[FactSpan, ...] = (), language: str = "en", cause: str | None = None,
               **fields):
    return classification(cause or CAUSE_OF[aspects[0]], language=language, aspects=[aspect(a) for a in aspects],
                          facts_given=list(facts), **fields)


def message(classification_, language: str = "en", settings: TenantSettings = ACME, **review_fields) -> str:
    review_fields.setdefault("product_title", "Acme Smart Plug Mini, 2-pack, works with Alexa")
    snapshot = review("seller_feedback", **review_fields)
    return BOOK.compose("buyer_message", language, snapshot, classification_, settings)


@pytest.mark.parametrize("aspect_name", ASPECTS)
@pytest.mark.parametrize("given", FACTS)
def test_never_asks_for_a_fact_the_review_already_gave(aspect_name, given):
    plan = outline(classified(aspect_name, facts=(fact(given),)), "buyer_message")
    asked = {candidates[-1].removeprefix("ask.") for candidates in plan.questions}
    assert given not in asked
    assert asked <= set(NEEDED_FACTS.get(aspect_name, ()))
    if given in NEEDED_FACTS.get(aspect_name, ()):
        assert [noted.fact for noted in plan.noted] == [given], "what the buyer said is acknowledged instead"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_a_device_that_shows_offline_gets_connection_help_and_no_question_about_what_it_shows(language):
    body, shown = OFFLINE[language]
    text = message(classification("instructions", language=language, aspects=[aspect("app_connectivity", body)],
                                  facts_given=[fact("error_shown", shown, body.index(shown))]), language)
    assert f"{shown}" in text, "the buyer's own words are quoted back"
    assert APP_QUESTION[language] not in text and ERROR_QUESTION[language] not in text
    assert BOOK.render_part("buyer_message", language, "fix.app_connectivity", {}) in text
    assert detect_language(text) == language
    assert text.rstrip().endswith(SIGNATURES[language])
    assert "Acme Smart Plug Mini" in text


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_an_open_refund_is_taken_on_without_asking_what_is_open(language):
    text = message(classified("refund_or_return", language=language), language)
    assert BOOK.render_part("buyer_message", language, "fix.refund_or_return", {}) in text
    assert outline(classified("refund_or_return"), "buyer_message").questions == ()
    assert text.count("?") + text.count("？") + text.count("¿") == 0


def test_the_fix_belongs_to_the_aspect():
    assert "send you a replacement straight away" in message(classified("lost"))
    assert "Amazon customer service" in message(classified("lost"), fulfillment="AFN"), \
        "Amazon owns the delivery of an order it fulfilled"
    assert "within our 30-day return window" in message(classified("dead_on_arrival"))
    assert "in line with our return policy" in message(classified("dead_on_arrival"), settings=TenantSettings())
    assert "step by step" in message(classified("setup"))
    assert "honest" in message(classified("value"))
    assert "return it" in message(classified("colour"))
    assert "stop using it" in message(classified("unsafe"))


def test_the_aspects_of_the_primary_cause_come_first_and_each_gets_its_fix():
    item = classification("logistics", aspects=[aspect("poor_build"), aspect("missing_part"), aspect("late")])
    assert answered_aspects(item) == ["missing_part", "late"]
    text = message(item)
    assert "arrived without all of its parts" in text
    assert "send the missing part" in text and "where the delay came from" in text


@pytest.mark.parametrize(("cause", "aspects", "answered"), [
    ("logistics", ["late", "lost"], ["lost"]),
    ("product_quality", ["poor_build", "stopped_working"], ["poor_build"]),
    ("product_quality", ["stopped_working", "refund_or_return"], ["stopped_working"]),
    ("seller_service", ["stopped_working", "refund_or_return", "no_reply"], ["refund_or_return"]),
    ("logistics", ["used_as_new", "wrong_item"], ["used_as_new"]),
    ("logistics", ["damaged_in_transit", "late"], ["damaged_in_transit", "late"]),
    ("instructions", ["setup", "manual"], ["setup"]),
    ("other", ["colour"], ["colour"]),
    ("product_quality", ["stopped_working", "unsafe"], ["unsafe"]),
    ("logistics", ["late", "unsafe"], ["unsafe"]),
])
def test_a_second_aspect_is_answered_only_where_its_fix_adds_something(cause, aspects, answered):
    assert answered_aspects(classification(cause, aspects=[aspect(name) for name in aspects])) == answered


def test_a_review_with_no_recognised_aspect_gets_the_paragraphs_of_its_cause():
    plan = outline(classification("product_quality"), "buyer_message")
    assert plan.topics == ("product_quality",) and plan.fixes == (("fix.product_quality",),)
    assert plan.questions == (), "nothing specific known, nothing specific to ask"
    other = outline(classification("other"), "buyer_message")
    assert other.questions == () and other.fixes == (("fix.other",),), "no complaint named: nothing asked"


def test_a_public_reply_says_what_the_seller_does_about_the_first_aspect():
    snapshot = review("seller_feedback", product_title="Acme Kettle")
    lost = BOOK.compose("public_reply", "en", snapshot, classified("lost", "damaged_in_transit"), ACME)
    assert "never reached you" in lost and "following it up with the carrier" in lost
    pq = BOOK.compose("public_reply", "en", snapshot, classified("poor_build"), ACME)
    assert "passed the details to our quality team" in pq, "no public fix of its own: the cause's"


def test_a_public_reply_neither_quotes_nor_asks_nor_names_the_order():
    item = classified("stopped_working", facts=(fact("usage_duration", "after two weeks"),))
    snapshot = review("seller_feedback", product_title="Acme Kettle")
    text = BOOK.compose("public_reply", "en", snapshot, item, ACME)
    assert "two weeks" not in text and "?" not in text and snapshot.order_id not in text
    assert "Acme Kettle" in text and text.endswith(SIGNATURES["en"])


@pytest.mark.parametrize(("settings", "language", "signature"), [
    (ACME, "de", "Ihr Team von Acme Home"),
    (TenantSettings(brand_name="Acme Home"), "de", "Ihr Kundenservice von Acme Home"),
    (TenantSettings(brand_name="Acme Home"), "ja", "Acme Home カスタマーサポート"),
    (TenantSettings(), "en", "Your customer service team"),
    (TenantSettings(), "fr", "Votre service client"),
    (TenantSettings(), "zh", "客服团队 敬上"),
    (TenantSettings(signatures={"en": "Mia"}), "es", "Su equipo de atención al cliente"),
])
def test_every_draft_is_signed_with_the_tenants_settings_in_its_language(settings, language, signature):
    text = message(classified("late", language=language), language, settings)
    assert text.splitlines()[-1] == signature


def test_a_fact_is_quoted_in_the_buyers_own_clause_where_it_is_short():
    body = "The motor died. It stopped after two weeks. No idea why."
    start = body.index("two weeks")
    item = classification("product_quality", aspects=[aspect("stopped_working", "motor died", 4)],
                          facts_given=[fact("usage_duration", "two weeks", start)])
    assert "You wrote: “The motor died”" in message(item, body=body)
    assert "(“It stopped after two weeks”)" in message(item, body=body)
    long_sentence = ("The motor died. It stopped after two weeks of heavy daily use in our busy office kitchen with"
                     " twelve people")
    item = classification("product_quality", aspects=[aspect("stopped_working", "motor died", 4)],
                          facts_given=[fact("usage_duration", "after two weeks", long_sentence.index("after"))])
    assert "(“after two weeks”)" in message(item, body=long_sentence)


def test_drafts_of_different_reviews_differ_by_what_they_say():
    texts = {
        message(classified("late")),
        message(classified("lost")),
        message(classified("late"), product_title="Contoso Lamp"),
        message(classified("dead_on_arrival", facts=(fact("error_shown", "E3 blinks"),))),
        message(classified("dead_on_arrival", facts=(fact("error_shown", "red light"),))),
    }
    assert len(texts) == 5


@pytest.mark.parametrize(("words", "quotable"), [
    ("shows offline", True),
    ("after two weeks.", True),
    ("call me at 415-555-0100", False),
    ("mail me: joe@example.com", False),
    ("see www.example.com", False),
    ("this shit", False),
    ("x" * 61, False),
    ("“it shows E3”", True),
    ("missing", False),
    ("一直显示离线", True),
    ("以前有人退回的商品又被当作新品寄到了我这里真是太让人失望了吧", False),
    ("离线", False),
])
def test_only_short_clean_words_are_quoted(words, quotable):
    assert bool(safe_quote(words)) is quotable


@pytest.mark.parametrize(("title", "short"), [
    ("Acme Smart Plug Mini, 2-pack, works with Alexa", "Acme Smart Plug Mini"),
    ("Acme Kettle - 1.7 L stainless steel", "Acme Kettle"),
    ("【2024年モデル】 Acme 電気ケトル 1.0L", "Acme 電気ケトル 1.0L"),
    ("Acme Ultra " + "Long " * 20, "Acme Ultra Long Long Long Long Long Long Long Long Long Long"),
    ("Cafetière électrique Brumont 1,2 L, inox", "Cafetière électrique Brumont 1,2 L"),
    ("Buy at www.example.com", ""),
    (None, ""),
])
def test_product_titles_are_shortened_to_their_name(title, short):
    assert short_title(title) == short


def test_a_draft_says_to_the_agent_not_the_buyer_when_the_cause_needs_review():
    item = gated(review("seller_feedback"), classified("late", needs_review=True),
                 verdict(action("contact_buyer"), action("internal_ticket")))
    plans = plan_drafts(item, BOOK, ACME)
    message_plan = plans[0]
    assert "review" not in message_plan.text.lower()
    stored = new_draft(item, message_plan, None, None)
    assert [note["code"] for note in agent_notes(stored)] == ["needs_review"]
    plain = gated(review("seller_feedback"), classification("logistics"), verdict(action("contact_buyer")))
    assert [note["code"] for note in agent_notes(new_draft(plain, plan_drafts(plain, BOOK)[0], None, None))] == \
        ["no_aspect"]


# A complaint in each language, with the words that carry its aspect and the clause a draft quotes back.
BROKEN_LID = {
    "en": ("Nice colour. The lid hinge snapped on day two, sadly.", "hinge snapped",
           "The lid hinge snapped on day two, sadly"),
    "de": ("Schöne Farbe. Das Scharnier vom Deckel brach am zweiten Tag ab.", "brach",
           "Das Scharnier vom Deckel brach am zweiten Tag ab"),
    "fr": ("Jolie couleur. La charnière du couvercle a cassé au bout de deux jours.", "a cassé",
           "La charnière du couvercle a cassé au bout de deux jours"),
    "es": ("Bonito color. La bisagra de la tapa se rompió al segundo día.", "se rompió",
           "La bisagra de la tapa se rompió al segundo día"),
    "ja": ("色は良い。蓋のヒンジが二日目に折れた。", "折れた", "蓋のヒンジが二日目に折れた"),
    "zh": ("颜色不错。盖子的铰链第二天就断了。", "断了", "盖子的铰链第二天就断了"),
}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_acknowledgement_names_the_complaint_in_the_buyers_own_clause(language):
    body, cue, clause = BROKEN_LID[language]
    item = classification("product_quality", language=language, aspects=[aspect("poor_build", cue, body.index(cue))])
    assert outline(item, "buyer_message", {"body": body}).complaint == clause
    text = message(item, language, body=body)
    acknowledged = next(part for part in text.split("\n\n") if clause in part)
    assert BOOK.render_part("buyer_message", language, "acknowledge.poor_build", {"item": ""})[-6:] in acknowledged
    assert detect_language(text) == language


def test_a_complaint_is_not_quoted_where_it_is_long_or_unsafe_and_a_public_reply_quotes_less():
    long_body = ("The lid hinge snapped after we had opened and closed it maybe a dozen times in the kitchen of our"
                 " holiday flat during the very first week of the summer")
    unsafe_body = "The hinge snapped so call me on 0151 23456789"
    scam_body = "The lid hinge snapped, what a scam"
    for body in (long_body, unsafe_body):
        item = classification("product_quality", aspects=[aspect("poor_build", "snapped", body.index("snapped"))])
        assert outline(item, "buyer_message", {"body": body}).complaint == ""
        assert "You wrote" not in message(item, body=body)
    item = classification("product_quality", aspects=[aspect("poor_build", "hinge snapped", 8)])
    assert outline(item, "buyer_message", {"body": scam_body}).complaint == "The lid hinge snapped"
    body = "The lid hinge snapped after we had opened and closed it maybe a dozen times in the kitchen of our flat"
    item = classification("product_quality", aspects=[aspect("poor_build", "hinge snapped", body.index("hinge"))])
    assert outline(item, "buyer_message", {"body": body}).complaint == body
    assert outline(item, "public_reply", {"body": body}).complaint == ""
    body = BROKEN_LID["en"][0]
    item = classification("product_quality", aspects=[aspect("poor_build", "hinge snapped", body.index("hinge"))])
    assert outline(item, "public_reply", {"body": body}).complaint == BROKEN_LID["en"][2]


def test_a_fact_in_the_quoted_complaint_is_thanked_for_without_quoting_it_twice():
    body = "It stopped working after two weeks."
    item = classification("product_quality", aspects=[aspect("stopped_working", "stopped working", 3)],
                          facts_given=[fact("usage_duration", "after two weeks", body.index("after"))])
    text = message(item, body=body)
    assert text.count("It stopped working after two weeks") == 1


STILL_NOT_ARRIVED = {"en": "still not arrived", "de": "noch immer nicht da", "fr": "toujours pas arrivé",
                     "es": "todavía no ha llegado", "ja": "まだ荷物が届いていない", "zh": "仍未送到"}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("fulfillment", ["AFN", "MFN"])
def test_a_parcel_that_came_late_is_not_offered_a_trace_as_if_it_never_came(language, fulfillment):
    text = message(classified("late", language=language), language, fulfillment=fulfillment)
    assert STILL_NOT_ARRIVED[language] not in text
    assert BOOK.render_part("buyer_message", language, "fix.late", {"fulfilled_by_amazon": fulfillment == "AFN"}) in text


@pytest.mark.parametrize(("words", "refunded"), [
    ("The kettle leaked, I got a full refund in the end.", True),
    ("We were refunded within a day but the toaster is junk.", True),
    ("I never got a refund for the broken lamp.", False),
    ("I want to be refunded right now.", False),
    ("Den Kaufpreis habe ich inzwischen zurückerhalten.", True),
    ("Der Betrag wurde bis heute nicht erstattet.", False),
    ("J'ai été remboursée rapidement.", True),
    ("Je n'ai toujours pas été remboursé.", False),
    ("Al final me han reembolsado el pedido.", True),
    ("Todavía no me han reembolsado.", False),
    ("結局返金してもらいました。", True),
    ("まだ返金されていません。", False),
    ("返金してもらえないものか。", False),
    ("返金されました。", True),
    ("卖家已经退款了。", True),
    ("到现在还没退款。", False),
])
def test_a_refund_the_review_says_was_made_is_told_from_one_still_wanted(words, refunded):
    assert already_refunded({"body": words}) is refunded


@pytest.mark.parametrize("channel", ["buyer_message", "public_reply"])
def test_a_buyer_already_refunded_is_not_offered_the_refund_again_nor_asked_for_photos(channel):
    body = "The frame cracked on the first day; I got a full refund though."
    item = classification("product_quality", aspects=[aspect("poor_build", "frame cracked", 4)])
    plan = outline(item, channel, {"body": body})
    assert plan.fixes[0][0] == "fix.refunded" and plan.questions == ()
    text = BOOK.compose(channel, "en", review("seller_feedback", body=body), item, ACME)
    assert "replacement or a refund" not in text and "photos" not in text
    assert "replacement or a refund" in BOOK.compose(channel, "en", review("seller_feedback", body="The frame cracked."),
                                                     item, ACME)


@pytest.mark.parametrize(("words", "days"), [
    ("after two weeks", 14), ("after 4 months of use", 120), ("nach einem Jahr", 365), ("au bout de deux mois", 60),
    ("a los tres meses", 90), ("2ヶ月で", 60), ("用了半年", 180), ("every day", None), ("the tuna was off", None),
])
def test_a_usage_duration_is_read_in_days(words, days):
    assert duration_days(words) == days


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_an_item_that_failed_after_longer_than_the_return_window_is_offered_the_warranty_not_a_return(language):
    in_time = classification("product_quality", language=language, aspects=[aspect("stopped_working")],
                             facts_given=[fact("usage_duration", "after 2 weeks")])
    too_late = classification("product_quality", language=language, aspects=[aspect("stopped_working")],
                              facts_given=[fact("usage_duration", "after 5 months")])
    window = BOOK.render_part("buyer_message", language, "return_terms", {"return_window_days": 30, "past_return_window": False})
    warranty = BOOK.render_part("buyer_message", language, "return_terms", {"past_return_window": True})
    assert window in message(in_time, language) and warranty not in message(in_time, language)
    assert warranty in message(too_late, language) and window not in message(too_late, language)


@pytest.mark.parametrize("words", ["The strap is nice, but what TM is this", "It felt like sex toy plastic",
                                   "这鞋穿起来TM不能穿", "尼玛这是什么质量"])
def test_crude_or_intimate_words_are_never_quoted_back(words):
    assert safe_quote(words) == ""


def test_a_fragment_of_a_complaint_is_not_quoted_but_its_sentence_is():
    body = "Ordered blue, got a red one instead of it."
    item = classification("logistics", aspects=[aspect("wrong_item", "instead of", body.index("instead"))])
    assert outline(item, "buyer_message", {"body": body}).complaint == "Ordered blue, got a red one instead of it"
    body = "Wrong colour and the wrong size too. Instead of."
    item = classification("logistics", aspects=[aspect("wrong_item", "Instead of", body.index("Instead"))])
    assert outline(item, "buyer_message", {"body": body}).complaint == "Wrong colour and the wrong size too"


def test_a_clause_cut_from_a_long_sentence_is_quoted_only_where_it_stands_alone():
    long_start = ("We waited and waited for the whole of the summer holidays while the tracking page said nothing at"
                  " all for weeks and weeks on end and then, ")
    for tail, quoted in (("instead of it.", False), ("it came broken in half.", True)):
        body = long_start + tail
        cue = tail.split()[0]
        item = classification("logistics", aspects=[aspect("wrong_item", cue, body.rindex(cue))])
        assert bool(outline(item, "buyer_message", {"body": body}).complaint) is quoted


@pytest.mark.parametrize(("body", "quoted"), [
    ("Die Verarbeitung ist sehr gut.", False), ("The stitching is not good at all.", True),
    ("La finition est parfaite.", False), ("The stitching came apart in a week.", True),
])
def test_a_sentence_of_praise_is_not_quoted_back_as_the_complaint(body, quoted):
    cue = body.split()[1]
    item = classification("product_quality", aspects=[aspect("poor_build", cue, body.index(cue))])
    assert bool(outline(item, "buyer_message", {"body": body}).complaint) is quoted


def test_a_dislike_returned_after_months_is_offered_the_return_window_not_the_warranty():
    item = classification("preference", aspects=[aspect("feel")], facts_given=[fact("usage_duration", "after 5 months")])
    assert outline(item, "buyer_message").usage_days is None
    assert "warranty" not in message(item)


def test_a_greeting_opening_the_complaint_is_not_quoted_with_it():
    body = "Bonjour, le colis est arrivé tout écrasé."
    item = classification("logistics", language="fr", aspects=[aspect("damaged_in_transit", "écrasé", body.index("écrasé"))])
    assert outline(item, "buyer_message", {"body": body}).complaint == "le colis est arrivé tout écrasé"


def test_an_aspect_the_classifier_is_unsure_of_is_answered_by_its_cause_with_the_buyers_words():
    body = "Nice box. The case clips were all smashed to pieces."
    unsure = AspectSpan(aspect="damaged_in_transit", cause="logistics", field="body", start=body.index("smashed"),
                        end=body.index("smashed") + 7, text="smashed", confident=False)
    item = classification("logistics", aspects=[unsure])
    plan = outline(item, "buyer_message", {"body": body})
    assert plan.topics == ("logistics",) and plan.acknowledge == "acknowledge.logistics"
    assert plan.complaint == "The case clips were all smashed to pieces"
    assert plan.questions == (), "no photos of transit damage asked for an aspect nobody is sure of"
    assert "arrived damaged" not in message(item, body=body)


@pytest.mark.parametrize(("body", "complaint"), [
    ("Bought it for my son. Unfortunately the pages were badly cut and some are missing.",
     "Unfortunately the pages were badly cut and some are missing"),
    ("Schönes Design. Leider ist der Stoff nach dem Waschen eingelaufen.", "Leider ist der Stoff nach dem Waschen eingelaufen"),
    ("包装很好。用了三天就坏了。", "用了三天就坏了"),
])
def test_without_an_aspect_the_sentence_that_complains_is_quoted_and_nothing_it_says_is_asked(body, complaint):
    item = classification("other", aspects=[])
    plan = outline(item, "buyer_message", {"body": body})
    assert plan.complaint == complaint
    assert plan.questions == (), "the buyer's quoted words already say what happened"


@pytest.mark.parametrize(("language", "body"), [
    ("en", "Ordered three weeks ago and it has still not arrived."), ("en", "I NEVER GOT THIS DRESS!"), ("de", "Die Lieferung ist noch nicht angekommen."),
    ("fr", "Je n'ai toujours pas reçu ma commande."), ("fr", "Article jamais recu malgré les relances."), ("es", "Estamos a 11 y todavía no ha llegado."),
    ("ja", "注文から二週間、まだ届きません。"), ("zh", "等了十天还没收到。"),
])
def test_a_parcel_the_buyer_says_has_not_come_is_answered_as_lost_not_late(language, body):
    for aspects in ([aspect("late")], []):
        item = classification("logistics", language=language, aspects=aspects)
        assert outline(item, "buyer_message", {"body": body}).topics == ("lost",)
    for arrived in ("It came two weeks late.", "I never got it to work.", "I didn't get a refund either.",
                    "We never received a reply."):
        assert outline(classified("late"), "buyer_message", {"body": arrived}).topics == ("late",)


def test_emoji_are_left_out_of_a_quote_and_a_fact_is_not_quoted_again_around_the_complaint():
    assert safe_quote("Cracked glass on arrival ❗ 😡") == "Cracked glass on arrival"
    assert safe_quote("Sehr lecker 👍🏾 Lieferung top") == "Sehr lecker Lieferung top"
    body = "I ordered blue ones and got pink ones... 😡"
    item = classification("logistics", aspects=[aspect("wrong_item", "got pink", body.index("got"))],
                          facts_given=[fact("order_problem", "got pink", body.index("got"))])
    text = message(item, body=body)
    assert text.count("I ordered blue ones and got pink ones") == 1 and "😡" not in text


def test_after_the_buyers_words_the_causes_acknowledgement_refers_back_to_them():
    body = "Was cracked somewhere prior to delivery."
    item = classification("logistics", aspects=[])
    text = message(item, body=body)
    assert "You wrote: “Was cracked somewhere prior to delivery”. We are very sorry that your order reached you like" \
        " this." in text
    assert "did not reach you as it should have" not in text
    assert "did not reach you as it should have" in message(item, body="Meh.")



def test_a_late_parcel_found_alone_is_answered_as_late_even_unsure():
    unsure_late = AspectSpan(aspect="late", cause="logistics", field="body", start=0, end=4, text="late",
                             confident=False)
    unsure_damage = unsure_late.model_copy(update={"aspect": "damaged_in_transit"})
    alone = classification("logistics", aspects=[unsure_late])
    assert outline(alone, "buyer_message", {"body": "late again, five days for Prime."}).topics == ("late",)
    assert outline(alone, "buyer_message", {"body": "late and it has still not arrived."}).topics == ("lost",)
    beside = classification("logistics", aspects=[unsure_late, unsure_damage])
    assert outline(beside, "buyer_message", {"body": "late"}).topics == ("logistics",)


def test_a_missing_piece_found_alone_is_sent_and_a_short_review_is_quoted_whole():
    unsure = AspectSpan(aspect="missing_part", cause="logistics", field="body", start=0, end=7, text="Product",
                        confident=False)
    body = "Product arrived without the wall strips."
    plan = outline(classification("logistics", aspects=[unsure]), "buyer_message", {"body": body})
    assert plan.topics == ("missing_part",) and plan.fixes[0][0] == "fix.missing_part"
    body = "Package came with four cartridges, one of them completely yellow"
    assert outline(classification("logistics", aspects=[]), "buyer_message", {"body": body}).complaint == body



def test_a_delivery_problem_only_a_head_found_is_not_answered_alone():
    body = "Came on Tuesday as promised, but the box was flimsy."
    head_only = AspectSpan(aspect="late", cause="logistics", field="body", start=0, end=len(body), text=body,
                           confident=False)
    assert outline(classification("logistics", aspects=[head_only]), "buyer_message",
                   {"body": body}).topics == ("logistics",)


def test_a_title_of_praise_is_not_quoted_as_the_complaint():
    texts = {"title": "Great product", "body": "The lid cracked on the first day."}
    assert outline(classification("product_quality", aspects=[]), "buyer_message", texts).complaint == \
        "The lid cracked on the first day"
    texts = {"title": "Not good at all", "body": "x"}
    assert outline(classification("product_quality", aspects=[]), "buyer_message", texts).complaint == \
        "Not good at all"


@pytest.mark.parametrize(("language", "body"), [
    ("en", "The handle broke. I returned it last week."), ("de", "Griff kaputt, ich habe ihn zurückgeschickt."),
    ("fr", "Poignée cassée, j’ai renvoyé le colis."), ("es", "Se rompió el asa y lo devolví."),
    ("ja", "取っ手が壊れたので返品しました。"), ("zh", "把手坏了，已经退货了。"),
])
def test_a_buyer_who_already_sent_it_back_is_not_offered_a_return_again(language, body):
    item = classification("product_quality", language=language, aspects=[aspect("poor_build")])
    plan = outline(item, "buyer_message", {"body": body})
    assert plan.fixes[0][0] == "fix.returned" and plan.questions == ()
    assert outline(item, "buyer_message", {"body": "The handle broke. I have not returned it yet."}).fixes[0][0] \
        == "fix.poor_build"


def test_a_quote_stops_before_the_buyers_sign_off_and_never_carries_a_titled_name():
    assert safe_quote("The lid broke on day two, thanks in advance, John", (130, 50)) == "The lid broke on day two"
    assert safe_quote("colis abîmé et incomplet merci d'avance madame coste", (130, 50)) == "colis abîmé et incomplet"
    assert safe_quote("I wrote to Mrs Miller twice about it", (130, 50)) == ""
    body = "je ne les jamais recue cet article donc déçue"
    assert outline(classification("logistics", aspects=[]), "buyer_message", {"body": body}).topics == ("lost",)
