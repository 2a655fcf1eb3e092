"""check_message: rules by channel and context (policy.md), fail closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reviewops.compliance.domain.catalogue import POLICY_VERSION
from reviewops.compliance.domain.checks import MAX_MESSAGE_CODE_POINTS, check_message
from reviewops.compliance.ml.model import NoSecondOpinion, shipped_model


NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CLEAN = "We are sorry the kettle stopped working. We will send you a replacement or a full refund right away."
NOTE = ("We are glad the replacement arrived. If you are satisfied that we have resolved your concerns, "
        "it is possible to update or remove the feedback you left.")
# Every hard limit of a buyer message evaluated, none broken.
FULL = {"review_kind": "seller_feedback", "buyer_language": "en", "opted_out": False,
        "order_completed_at": (NOW - timedelta(days=3)).isoformat()}
REVIEW_REQUEST = {"buyer_language": "en", "opted_out": False, "delivered_at": (NOW - timedelta(days=10)).isoformat(),
                  "review_request_sent": False}


def check(text, channel="buyer_message", language="en", context=None):
    """The cues, detectors and context rules alone: the rule model has its own tests
    (test_compliance_learned.py), and the seed tactics and templates run the whole gate."""
    result = check_message(text, channel, language, FULL if context is None else context, now=NOW,
                           second_opinion=NoSecondOpinion())
    for violation in result.violations:
        assert violation.field == "text"
        assert 0 <= violation.start <= violation.end <= len(text)
        assert text[violation.start:violation.end] == violation.text
    return result


def check_in(text, language):
    """A buyer message in `language` to a buyer of that language, every hard limit evaluated."""
    return check(text, "buyer_message", language, dict(FULL, buyer_language=language))


def rules(result) -> set[str]:
    return {v.rule for v in result.violations}


@pytest.mark.parametrize("channel", ["buyer_message", "public_reply", "review_request", "insert_card"])
def test_a_clean_message_is_allowed(channel):
    result = check(CLEAN, channel, context=REVIEW_REQUEST if channel == "review_request" else None)
    assert result.allowed, result.violations
    assert result.violations == [] and result.unchecked == []
    assert result.policy_version == POLICY_VERSION
    assert result.language == "en"


@pytest.mark.parametrize(("text", "rule"), [
    ("We will send you a $20 gift card if you update your review.", "incentive_for_review"),
    ("Leave a review and get a discount on your next order.", "incentive_for_review"),
    ("Wir schicken Ihnen einen Gutschein für Ihre Bewertung.", "incentive_for_review"),
    ("Could you please remove your review now that it is fixed?", "request_change_or_remove"),
    ("Please change your rating.", "request_change_or_remove"),
    ("Please leave us a 5-star review.", "selective_solicitation"),
    ("Only if you are happy with it, please write a review.", "selective_solicitation"),
    ("Please contact us first before leaving a negative review.", "divert_negative"),
    ("We can arrange a review swap with other sellers.", "fake_or_brushing"),
    ("Please see www.example.com for the manual.", "external_link"),
    ("The manual is on example dot com for you.", "external_link"),
    ("Please email support@example.com with photos.", "personal_contact"),
    ("Please call +1 415 555 0100 for help.", "personal_contact"),
    ("Please check out our other products too.", "marketing"),
    ("Use the code SAVE10 next time.", "marketing"),
    ("It is your own fault, you didn't read the manual.", "abusive_or_defensive"),
    ("This shit happens sometimes, sorry.", "abusive_or_defensive"),
])
def test_content_rules_on_a_buyer_message(text, rule):
    result = check(text)
    assert not result.allowed
    assert rule in rules(result)


@pytest.mark.parametrize("text", [
    CLEAN,
    "We are sorry it broke. We will refund the full price today, and a replacement is on its way.",
    "Es tut uns leid. Wir erstatten Ihnen den vollen Betrag.",
])
def test_a_refund_offered_as_the_fix_with_no_word_of_a_review_is_allowed(text):
    language = "de" if text.startswith("Es") else "en"
    assert check_in(text, language).allowed


def test_a_refund_tied_to_the_review_is_an_incentive():
    assert "incentive_for_review" in rules(check("We will refund you once you have deleted the review."))


@pytest.mark.parametrize(("context", "allowed", "rule"), [
    ({"review_kind": "seller_feedback", "resolved": True, "removal_note_sent": False}, True, None),
    ({"review_kind": "seller_feedback", "resolved": True, "removal_note_sent": True}, False, "repeat_removal_note"),
    ({"review_kind": "seller_feedback", "resolved": False, "removal_note_sent": False}, False,
     "request_change_or_remove"),
    ({"review_kind": "seller_feedback", "resolved": True}, False, "request_change_or_remove"),
    ({"review_kind": "seller_feedback", "removal_note_sent": False}, False, "request_change_or_remove"),
    ({"resolved": True, "removal_note_sent": False}, False, "request_change_or_remove"),
    ({"review_kind": "product_review", "resolved": True, "removal_note_sent": False}, False,
     "request_change_or_remove"),
    ({"review_kind": "seller_feedback", "resolved": "true", "removal_note_sent": False}, False,
     "request_change_or_remove"),
    ({}, False, "request_change_or_remove"),
])
def test_the_one_neutral_feedback_note_needs_its_whole_context(context, allowed, rule):
    result = check(NOTE, context=dict(context, buyer_language="en", opted_out=False,
                                      order_completed_at=FULL["order_completed_at"]))
    assert result.allowed is allowed
    if rule:
        assert rule in rules(result)


def test_the_exception_covers_only_the_neutral_note():
    pressure = "Now that it is resolved, please remove the feedback you left."
    result = check(pressure, context=dict(FULL, resolved=True, removal_note_sent=False))
    assert "request_change_or_remove" in rules(result)


@pytest.mark.parametrize("channel", ["public_reply", "insert_card"])
def test_a_second_feedback_note_is_never_allowed_on_any_customer_channel(channel):
    result = check(NOTE, channel, context={"review_kind": "seller_feedback", "resolved": True,
                                           "removal_note_sent": True})
    assert not result.allowed


@pytest.mark.parametrize(("channel", "expected"), [
    ("buyer_message", {"wrong_language", "opted_out", "outside_window"}),
    ("review_request", {"wrong_language", "opted_out", "outside_window", "repeat_request"}),
    ("public_reply", set()),
    ("insert_card", set()),
    ("removal_request", set()),
])
def test_hard_limits_without_context_are_listed_unchecked(channel, expected):
    result = check(CLEAN, channel, context={})
    assert set(result.unchecked) == expected
    assert result.allowed


def test_too_long_counts_code_points():
    fits = "a" * (MAX_MESSAGE_CODE_POINTS - 1) + "𠮷"
    assert len(fits.encode("utf-16-le")) // 2 > MAX_MESSAGE_CODE_POINTS
    assert "too_long" not in rules(check(fits))
    over = fits + "b"
    violation = next(v for v in check(over).violations if v.rule == "too_long")
    assert (violation.start, violation.end, violation.text) == (MAX_MESSAGE_CODE_POINTS, len(over), "b")


@pytest.mark.parametrize(("text", "rule"), [
    (CLEAN + " <b>Thanks</b>", "html"),
    (CLEAN + ' <a href="x">here</a>', "html"),
    (CLEAN + " 😀", "emoji"),
    (CLEAN + " ☺", "emoji"),
])
def test_markup_and_emoji_in_messages(text, rule):
    assert rule in rules(check(text))
    assert rule not in rules(check(text, "public_reply"))


def test_a_less_than_sign_is_not_html():
    assert check("We are sorry; it costs < 5 euros to fix and we will pay it.").allowed


@pytest.mark.parametrize(("change", "rule"), [
    ({"buyer_language": "de"}, "wrong_language"),
    ({"opted_out": True, "message_type": "productReviewRequest"}, "opted_out"),
    ({"order_completed_at": (NOW - timedelta(days=31)).isoformat()}, "outside_window"),
    ({"order_completed_at": NOW - timedelta(days=31)}, "outside_window"),
])
def test_hard_limits_with_context(change, rule):
    result = check(CLEAN, context=dict(FULL, **change))
    assert not result.allowed
    assert rule in rules(result)
    assert rule not in result.unchecked


@pytest.mark.parametrize(("change", "allowed"), [
    ({"delivered_at": (NOW - timedelta(days=3)).isoformat()}, False),
    ({"delivered_at": (NOW - timedelta(days=5)).isoformat()}, True),
    ({"delivered_at": (NOW - timedelta(days=30)).isoformat()}, True),
    ({"delivered_at": (NOW - timedelta(days=31)).isoformat()}, False),
    ({"review_request_sent": True}, False),
])
def test_review_request_window_and_repeat(change, allowed):
    result = check("Thank you for your order. We hope everything arrived well.", "review_request",
                   context=dict(REVIEW_REQUEST, **change))
    assert result.allowed is allowed
    if not allowed:
        assert rules(result) & {"outside_window", "repeat_request"}


@pytest.mark.parametrize(("text", "language"), [
    ("제품이 일주일 만에 고장 났어요. 죄송합니다.", None),
    ("😀👍", None),
    (CLEAN, "ko"),
    (CLEAN, "pt"),
])
def test_a_language_outside_the_six_is_refused(text, language):
    result = check_message(text, "buyer_message", language, {}, second_opinion=shipped_model())
    assert not result.allowed
    assert [v.rule for v in result.violations] == ["unsupported_language"]


def test_language_is_detected_when_not_given():
    result = check_message("Es tut uns leid, wir erstatten den Betrag.", "public_reply",
                           second_opinion=shipped_model())
    assert result.allowed
    assert result.language == "de"


def test_an_internal_error_refuses_with_check_failed():
    result = check_message(CLEAN, "buyer_message", "en", {"evidence": 5}, second_opinion=shipped_model())
    assert not result.allowed
    assert [v.rule for v in result.violations] == ["check_failed"]


@pytest.mark.parametrize("channel", ["removal_request", "abuse_report"])
def test_quoted_evidence_is_exempt_in_marketplace_channels(channel):
    text = 'The feedback says "this shit broke" and gives the phone 415-555-0100.'
    assert "abusive_or_defensive" in rules(check(text, channel, context={}))
    assert check(text, channel, context={"evidence": ["this shit broke", "415-555-0100"]}).allowed


def test_evidence_exempts_only_the_quoted_occurrence():
    text = 'The buyer wrote "shit". Honestly, shit happens.'
    result = check(text, "removal_request", context={"evidence": ['"shit"']})
    assert [(v.rule, v.start) for v in result.violations] == [("abusive_or_defensive", text.rindex("shit"))]


def test_evidence_is_no_exemption_in_customer_channels():
    result = check("Sorry about the shit experience.", "buyer_message", context=dict(FULL, evidence=["shit"]))
    assert "abusive_or_defensive" in rules(result)


@pytest.mark.parametrize(("text", "context"), [
    ("Dear Jane Doe, we are sorry the kettle broke.", {"buyer_name": "Jane Doe"}),
    ("Dear jane doe, we are sorry the kettle broke.", {"buyer_name": "Jane Doe"}),
    ("We are sorry about order 111-1234567-1234567.", {}),
    ("We are sorry about order A77.", {"order_id": "A77"}),
])
def test_public_reply_exposing_personal_data(text, context):
    result = check(text, "public_reply", context=context)
    assert not result.allowed
    exposure = [v for v in result.violations if v.rule == "personal_data_exposure"]
    assert exposure
    assert all(text[v.start:v.end] == v.text for v in exposure)
    assert "personal_data_exposure" not in rules(check(text, "buyer_message", context=dict(FULL, **context)))


def test_blank_context_names_expose_nothing():
    assert check("We are sorry the kettle broke.", "public_reply", context={"buyer_name": " ", "order_id": ""}).allowed


def test_content_rules_do_not_apply_to_marketplace_channels_except_every_channel_ones():
    text = "Please see www.example.com; the buyer wants a refund for a review."
    assert check(text, "removal_request", context={}).allowed
    assert "fake_or_brushing" in rules(check("They run a review club.", "abuse_report", context={}))


def test_violations_are_ordered_by_position():
    result = check("Use the code SAVE10 and email bob@example.com <b>now</b>")
    starts = [v.start for v in result.violations]
    assert starts == sorted(starts)
    assert len(result.violations) >= 3


def test_wrong_language_judges_the_text_itself():
    text = "Bonjour, nous sommes désolés pour le retard de votre colis. Nous vous envoyons un nouveau colis."
    result = check(text, language="en", context=FULL)
    assert "wrong_language" in rules(result)


@pytest.mark.parametrize("text", ["Photos would help us a great deal.", "We hope you have a good day.",
                                  "Positive news: the replacement has shipped."])
def test_praise_words_without_a_review_are_not_solicitation(text):
    assert check(text).allowed


@pytest.mark.parametrize("text", ["A great review would mean a lot.", "Bitte geben Sie uns 5 Sterne.",
                                  "请给我们好评。", "Leave us a glowing five-star rating."])
def test_asking_for_a_positive_review_is_solicitation(text):
    language = {"B": "de", "请": "zh"}.get(text[0], "en")
    result = check_in(text, language)
    assert "selective_solicitation" in rules(result)


def test_ordinary_prose_with_at_is_not_contact_data():
    assert check("We will look at this. Thank you for your patience.").allowed


def test_a_critical_message_may_reach_a_buyer_who_opted_out():
    text = "Your parcel came back: the house number was missing. Could you confirm the address?"
    critical = check(text, context=dict(FULL, opted_out=True, message_type="confirmDeliveryDetails"))
    assert critical.allowed


def test_opted_out_without_a_message_type_fails_closed():
    result = check("Your parcel came back; please confirm the address.", context=dict(FULL, opted_out=True))
    assert "opted_out" in rules(result), "only a declared critical message type may reach an opted-out buyer"


@pytest.mark.parametrize("link", [
    "https://www.amazon.com/gp/css/order-history", "amazon.de/returns", "https://sellercentral.amazon.co.uk/messaging",
])
def test_the_marketplaces_own_pages_are_allowed_links(link):
    assert "external_link" not in rules(check(f"You can start the return here: {link}"))


@pytest.mark.parametrize("link", [
    "https://amazon.com.evil.example/returns", "https://www.amazon.de-returns.shop/x", "https://amazon.com@evil.io/x",
    "http://[amazon.com/x",
])
def test_a_link_that_only_looks_like_the_marketplace_is_external(link):
    assert "external_link" in rules(check(f"You can start the return here: {link}"))


@pytest.mark.parametrize(("text", "language", "marker"), [
    ("[Important] Please leave us a review of your recent purchase.", "en", "[Important]"),
    ("URGENT: your feedback is needed!", "en", "URGENT:"),
    ("【重要】ご購入いただいた商品のレビューをお願いします。", "ja", "【重要】"),
    ("[Wichtig] Bitte bewerten Sie Ihren Kauf.", "de", "[Wichtig]"),
    ("Wichtig: Bitte teilen Sie uns Ihre Meinung mit.", "de", "Wichtig:"),
    ("【紧急】关于您的订单，请查看。", "zh", "【紧急】"),
    ("(URGENTE) Le escribimos sobre su pedido.", "es", "(URGENTE)"),
    ("[Important] Nous vous écrivons au sujet de votre commande.", "fr", "[Important]"),
])
def test_a_message_marked_important_or_urgent_is_false_urgency(text, language, marker):
    """policy.md `false_urgency`: since April 2025 [Important] no longer passes an opt-out."""
    found = [(v.rule, v.text) for v in check_in(text, language).violations if v.rule == "false_urgency"]
    assert found == [("false_urgency", marker)]


@pytest.mark.parametrize(("text", "language"), [
    ("We shipped your urgent delivery today.", "en"),
    ("It is important to us that the replacement fits.", "en"),
    ("至急の発送をご希望とのことで、本日発送しました。", "ja"),
    ("Es ist uns wichtig, dass Sie zufrieden sind.", "de"),
    ("您的紧急订单已发出。", "zh"),
])
def test_urgency_words_that_describe_something_are_no_marker(text, language):
    result = check_in(text, language)
    assert "false_urgency" not in {v.rule for v in result.violations}


@pytest.mark.parametrize("channel", ["review_request", "insert_card", "public_reply"])
def test_false_urgency_is_judged_on_buyer_messages_only(channel):
    result = check("[Important] Care instructions for your kettle.", channel=channel)
    assert "false_urgency" not in {v.rule for v in result.violations}


def test_template_placeholders_for_shop_links_and_contacts_are_what_they_stand_for():
    """docs/labelling.md ("Messages"): a placeholder naming a link is a link once the message is sent."""
    result = check("Your order has shipped. Log in at {shop_url} or write to {{var store_email}}.")
    assert {(v.rule, v.text) for v in result.violations} == {
        ("external_link", "{shop_url}"), ("personal_contact", "{{var store_email}}")}
    assert check("Your order has shipped. Track it here: {followup}").allowed


@pytest.mark.parametrize(("text", "language", "rule"), [
    ("Schick mir die Fotos direkt: t h o m a s . b e r g @ w e b . d e", "de", "personal_contact"),
    ("Rufen Sie an: null eins sieben sechs, zwei drei vier, fünf fünf null acht neun.", "de", "personal_contact"),
    ("LINEで友だち追加をお願いします。ID：＠ｋｉｒａｒｉ＿ｓｈｏｐ", "ja", "personal_contact"),
    ("您直接加一下我的薇信（就是那个绿色的软件）：xiaomei_jujia，处理更快。", "zh", "personal_contact"),
    ("Schreib uns auf Insta (kuechenglueck_de), wir regeln das.", "de", "personal_contact"),
    ("Contactez-nous sur Messenger : facebook slash maisonlune.officiel.", "fr", "personal_contact"),
    ("Laissez votre avis aussi sur atelier-maelle (point) fr / blog", "fr", "external_link"),
    ("当店の公式サイト kirari-shop。jp でもご感想を受け付けております。", "ja", "external_link"),
])
def test_contact_data_and_links_written_around_the_detectors(text, language, rule):
    result = check_in(text, language)
    assert rule in {v.rule for v in result.violations}


@pytest.mark.parametrize(("text", "language", "rule"), [
    # an incentive tied to sharing the experience, no review word
    ("Share your experience with the lamp on Amazon and get 10% off your next order.", "en", "incentive_for_review"),
    ("Partagez votre avis sur Amazon et recevez un bon de 5 €.", "fr", "incentive_for_review"),
    ("Comparta su experiencia en Amazon y le regalamos una funda.", "es", "incentive_for_review"),
    ("分享您的使用体验，即可获得一张优惠券。", "zh", "incentive_for_review"),
    ("Wer eine Bewertung schreibt, dem verlängern wir die Garantie auf drei Jahre.", "de", "incentive_for_review"),
    # asking the pleased ones to tell others on the marketplace
    ("If the blanket made your winter cosier, we'd love it if you shared that on Amazon.", "en",
     "selective_solicitation"),
    ("Si la lámpara le ha enamorado, nos encantaría que lo contara en Amazon.", "es", "selective_solicitation"),
    # pointing at what the buyer should have read, disputing the review
    ("As clearly stated in the description, the pan is not for induction hobs.", "en", "abusive_or_defensive"),
    ("Nous contestons cet avis : le produit fonctionnait.", "fr", "abusive_or_defensive"),
    # contact off the marketplace with no id to detect
    ("Message us on WhatsApp and we'll sort it out.", "en", "personal_contact"),
    ("Búscanos en Instagram como Casa Lumen y escríbenos.", "es", "personal_contact"),
    ("请在微信里搜索公众号「晨光家居」留言。", "zh", "personal_contact"),
    ("使い方はインスタで「ミナモ キッチン」を検索してください。", "ja", "personal_contact"),
    ("加V信：ab c 1 2 3 4，发视频给我们。", "zh", "personal_contact"),
    ("Scan the QR code on this card for the setup video.", "en", "external_link"),
    ("síganos para no perderse las novedades de la tienda.", "es", "marketing"),
])
def test_rules_written_without_the_words_the_cues_knew(text, language, rule):
    assert rule in rules(check_in(text, language))


@pytest.mark.parametrize(("text", "language"), [
    ("如果方便，欢迎在亚马逊上写下您真实的评价，好评差评都可以。", "zh"),
    ("The '5 stars' on the label is the comfort class of the sleeping bag, not a rating.", "en"),
    ("Your review helps us improve our products.", "en"),
    ("Toda valoración nos ayuda a mejorar.", "es"),
    ("Hola, gracias por avisarnos de que falta una pieza. Le enviamos el repuesto gratis hoy.", "es"),
    ("サクラショップをご利用いただきありがとうございます。ご不明な点はAmazonのメッセージからどうぞ。", "ja"),
    ("Somos un equipo pequeño y leemos todas las reseñas.", "es"),
    ("The operating instructions are in the box; the gift wrap was free.", "en"),
])
def test_look_alikes_of_those_rules_are_allowed(text, language):
    assert check_in(text, language).allowed


def test_the_japanese_closing_formula_is_no_pressure_on_the_feedback_note():
    note = ("交換品がお手元に届いたとのこと、安心いたしました。もし問題が解決したとお考えでしたら、"
            "出品者への評価を更新または削除していただくことも可能です。今後ともよろしくお願いいたします。")
    context = {**FULL, "buyer_language": "ja", "resolved": True, "removal_note_sent": False}
    assert check(note, "buyer_message", "ja", context).allowed
    assert not check(note.replace("可能です", "可能です。お願いします"), "buyer_message", "ja", context).allowed


@pytest.mark.parametrize("text", [
    "Hi Laura, we are sorry the lid cracked; a replacement is on its way.",
    "田中様、この度は申し訳ございません。",
    "ご注文番号503-1234567-7654321の商品は本日発送しました。",
    "The parcel to 8 Elm Road was left outside in the rain; we are sorry.",
    "名古屋市中区のご住所へ再送いたしました。",
])
def test_a_public_reply_naming_the_buyer_the_address_or_the_order_exposes_them(text):
    assert "personal_data_exposure" in rules(check(text, "public_reply", None, {}))


def test_a_buyer_message_may_greet_the_buyer_by_name():
    assert check("Hi Laura, we are sorry the lid cracked; a replacement is on its way.").allowed


@pytest.mark.parametrize("link", ["https://tools.usps.com/go/TrackConfirmAction?tLabels=9400", "www.dhl.de/sendung/123",
                                  "https://www.laposte.fr/outils/suivre-vos-envois?code=6A1"])
def test_a_carriers_tracking_page_may_go_to_the_buyer_but_not_into_a_public_reply(link):
    text = f"Your parcel is on its way; you can follow it here: {link}"
    assert check(text).allowed
    assert "external_link" in rules(check(text, "public_reply", "en", {}))
    host = link.removeprefix("https://").split("/")[0]
    assert "external_link" in rules(check(f"Track it at https://{host}@evil.io/x", "buyer_message"))
