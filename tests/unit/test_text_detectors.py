"""Shared language identification and detectors; spans are code-point offsets, end exclusive."""

from __future__ import annotations

import pytest

from reviewops.common.text.detectors import (
    find_addressed_names,
    find_addresses,
    find_emails,
    find_links,
    find_phones,
    find_placeholders,
    find_profanity,
)
from reviewops.common.text.language import SUPPORTED_LANGUAGES, detect_language, effective_language

NON_BMP = "𠮷"  # one code point, two UTF-16 units: offsets must count it once


@pytest.mark.parametrize(("text", "language"), [
    ("The kettle stopped working after a week and the seller is not answering.", "en"),
    ("Der Wasserkocher ist nach einer Woche kaputt und der Verkäufer antwortet nicht.", "de"),
    ("La bouilloire ne fonctionne pas après une semaine et le vendeur ne répond pas.", "fr"),
    ("El hervidor no funciona después de una semana y el vendedor no contesta.", "es"),
    ("水壶用了一个星期就坏了，卖家也不回复。", "zh"),
    ("一週間で壊れました。販売者から返信がありません。", "ja"),
    ("壊れた", "ja"),
])
def test_detects_the_six_supported_languages(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "😀😀👍", "12345 678", "!!! ???", "★★★★★"])
def test_undetermined_when_there_is_nothing_to_tell(text):
    assert detect_language(text) == "und"


def test_supported_languages_are_the_six():
    assert set(SUPPORTED_LANGUAGES) == {"en", "zh", "de", "ja", "fr", "es"}


def test_korean_is_detected_but_not_supported():
    assert detect_language("제품이 일주일 만에 고장 났어요") == "ko"
    assert "ko" not in SUPPORTED_LANGUAGES


@pytest.mark.parametrize(("declared", "detected", "effective"), [
    ("de", "en", "de"), (None, "fr", "fr"), (None, "", "und"), ("", "und", "und"),
])
def test_effective_language_prefers_declared_then_detected(declared, detected, effective):
    assert effective_language(declared, detected) == effective


def assert_spans(text: str, matches) -> None:
    for match in matches:
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text


@pytest.mark.parametrize(("text", "found"), [
    ("write to bob.smith+x@example.com today", "bob.smith+x@example.com"),
    ("write to name at gmail dot com please", "name at gmail dot com"),
    ("mail: jane(at)example(dot)de", "jane(at)example(dot)de"),
    ("mail: jane [at] example [dot] co [dot] uk", "jane [at] example [dot] co [dot] uk"),
])
def test_finds_emails_written_or_spelled_out(text, found):
    matches = find_emails(text)
    assert [m.text for m in matches] == [found]
    assert_spans(text, matches)


@pytest.mark.parametrize(("text", "found"), [
    ("see https://example.com/x?y=1 for more", "https://example.com/x?y=1"),
    ("see www.shop.de now", "www.shop.de"),
    ("visit example dot com now", "example dot com"),
    ("besuchen Sie beispiel punkt de", "beispiel punkt de"),
    ("go to mystore.shop", "mystore.shop"),
])
def test_finds_links_written_or_spelled_out(text, found):
    matches = find_links(text)
    assert [m.text for m in matches] == [found]
    assert_spans(text, matches)


def test_the_domain_of_an_email_is_not_also_a_link():
    assert find_links("contact bob@example.com") == []
    assert find_links("contact name at gmail dot com") == []


@pytest.mark.parametrize(("text", "found"), [
    ("call +1 415 555 0100 now", "+1 415 555 0100"),
    ("Tel. +49 30 123 4567", "+49 30 123 4567"),
    ("ring (030) 123 4567", "(030) 123 4567"),
    ("call (415) 555-0100", "(415) 555-0100"),
    ("call 415.555.0100!", "415.555.0100"),
    ("ring 030-1234-5678", "030-1234-5678"),
])
def test_finds_phone_numbers(text, found):
    matches = find_phones(text)
    assert [m.text for m in matches] == [found]
    assert_spans(text, matches)


@pytest.mark.parametrize("text", [
    "delivered on 2026-11-20 at last",
    "order 12 34 arrived",
    "it cost 19.99 and lasted 3 days",
    "the model is X1234-56",
    "a 1000 mAh battery",
])
def test_no_phone_in_dates_prices_and_short_numbers(text):
    assert find_phones(text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("What the f**k is this", "f**k"),
    ("It is s*** quality", "s***"),
    ("sucks @$$", "@$$"),
    ("What a load of BULLSHIT", "BULLSHIT"),
    ("Dieser Drecksladen hat mich verarscht", "verarscht"),
    ("Quel bordel", "bordel"),
    ("¡Qué cabrón!", "cabrón"),
    ("质量真他妈的差", "他妈的"),
    ("卖家是傻逼", "傻逼"),
    ("totally fucking useless", "fucking"),
    ("Das ist Scheiße!", "Scheiße"),
    ("C'est de la merde", "merde"),
    ("Es una mierda", "mierda"),
    ("クソみたいな商品", "クソ"),
])
def test_finds_profanity(text, word):
    matches = find_profanity(text)
    assert [m.text for m in matches] == [word]
    assert_spans(text, matches)


@pytest.mark.parametrize("text", ["scrap metal", "Scunthorpe damnation", "a classic grape", "The crappie fish",
                                  "Hostienbrot", "computadora", "disputed", "costs $$ more"])
def test_profanity_needs_whole_words(text):
    assert find_profanity(text) == []


@pytest.mark.parametrize("text", ["This is crap.", "It sucks, total junk", "So ein Mist", "这是垃圾", "ゴミです、最悪",
                                  "逼真的效果", "草莓不新鲜", "不靠谱"])
def test_mere_negativity_and_everyday_words_are_not_profanity(text):
    """taxonomy.md: obscene or vulgar words, not negativity ('sucks', 'junk', 'garbage')."""
    assert find_profanity(text) == []


@pytest.mark.parametrize("finder", [find_emails, find_links, find_phones, find_profanity])
def test_nothing_in_clean_text(finder):
    assert finder("The kettle stopped heating after a week; the lid is fine.") == []


def test_spans_are_code_point_offsets_after_a_non_bmp_character():
    text = f"{NON_BMP}{NON_BMP} shit: bob@example.com, www.shop.de, +1 415 555 0100 😀"
    found = find_emails(text) + find_links(text) + find_phones(text) + find_profanity(text)
    assert {m.kind for m in found} == {"email", "link", "phone", "profanity"}
    assert_spans(text, found)
    assert find_profanity(text)[0].start == 3  # two code points and a space, not four UTF-16 units
    assert find_emails(text)[0].start == text.index("bob")


@pytest.mark.parametrize("text", ["We will look at this. Thank you.", "The parcel arrived at noon. Then it broke."])
def test_prose_with_at_and_a_full_stop_is_not_an_email(text):
    assert find_emails(text) == []


def test_a_link_after_at_is_a_link_not_an_email():
    text = "Better buy at www.other-shop.com"
    assert find_emails(text) == []
    assert [m.text for m in find_links(text)] == ["www.other-shop.com"]


def test_french_point_de_is_not_a_link():
    assert find_links("C'est un point de détail, au point de vente.") == []


def test_dotted_dates_are_not_phone_numbers():
    assert find_phones("Bestellung vom 20.11.2026") == []


@pytest.mark.parametrize("text", ["Tel. +49 30 1234567", "call 4155550100", "call +4930123456"])
def test_phone_numbers_with_long_or_no_groups(text):
    assert len(find_phones(text)) == 1


def test_language_identification_loads_its_model_from_the_package_without_network(monkeypatch):
    import socket

    from reviewops.common.text import language

    def refuse(*args, **kwargs):
        raise AssertionError("language identification tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    language._identifier.cache_clear()
    assert language.detect_language("Leider kam das Paket beschädigt und viel zu spät an.") == "de"
    assert language.detect_language("Produto chegou quebrado e atrasado.") == "pt"
    assert language.detect_language("Ganz gut") == "de"
    assert language.detect_language("ok") == "und"


@pytest.mark.parametrize("text", ["look at " + "a" * 50_000, "a-" * 25_000, "@ " + "a" * 50_000, "x" * 50_000])
def test_a_long_token_is_not_an_address_or_a_link(text):
    """Each pattern starts only where a token starts; tried from every position inside a token,
    these inputs took 12 to 90 seconds each (measured before the look-behinds)."""
    assert find_emails(text) == [] and find_links(text, []) == []


@pytest.mark.parametrize(("text", "kind", "placeholder"), [
    ("Log in at {shop_url} to see it.", "link", "{shop_url}"),
    ("Your orders: {history_url}", "link", "{history_url}"),
    ("Klicken Sie hier: {$sShopURL}", "link", "{$sShopURL}"),
    ("Download: {{ downloadLink }}", "link", "{{ downloadLink }}"),
    ("Write to {{var store_email}}.", "contact", "{{var store_email}}"),
    ("Mail {{config path='trans_email/ident_support/email'}}", "contact",
     "{{config path='trans_email/ident_support/email'}}"),
    ("Call %shop_phone% today", "contact", "%shop_phone%"),
])
def test_template_placeholders_for_links_and_the_shops_contact_data(text, kind, placeholder):
    found = find_placeholders(text)
    assert [(m.kind, m.text) for m in found] == [(kind, placeholder)]
    assert_spans(text, found)


@pytest.mark.parametrize("text", [
    "Dear {firstname} {lastname}, your order {order_name} has shipped.",
    "Track your parcel: {followup}",
    "Sendungsverfolgung: {$Bestellung->cTrackingURL}",
    "配送状況: {{ Shipping.Delivery.confirm_url }}",
    "We will write to {{ customer.email }}.",
    "Save 50% now, 100% cotton.",
])
def test_placeholders_for_the_buyer_the_carrier_or_nothing_are_not_flagged(text):
    assert find_placeholders(text) == []


@pytest.mark.parametrize("text", ["the manual video is at bit.ly/setup-guide-7", "视频：t.cn/A6x9kLm", "amzn.to/3xYz"])
def test_link_shorteners_are_links(text):
    assert find_links(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Hi Laura, we are sorry the lid cracked.", "Laura"),
    ("Sehr geehrter Herr Vogel, das tut uns leid.", "Vogel"),
    ("Bonjour Madame Lefèvre, nous sommes désolés.", "Lefèvre"),
    ("Estimada Sra. Ortega: lamentamos lo ocurrido.", "Ortega"),
    ("李女士您好，非常抱歉。", "李女士"),
    ("田中様、この度は申し訳ございません。", "田中様"),
])
def test_a_person_addressed_by_name_is_found(text, name):
    assert [m.text for m in find_addressed_names(text)] == [name]


@pytest.mark.parametrize("text", [
    "Dear customer, we are sorry.", "Hi there, thanks for the review.", "Liebe Grüße, Ihr Team",
    "Hola a todos,", "お客様、この度は申し訳ございません。", "各位女士先生", "ご購入者様へ",
])
def test_generic_addresses_are_no_names(text):
    assert find_addressed_names(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("delivered to 8 rue des Tanneurs, 69002 Lyon", ["8 rue des Tanneurs", "69002 Lyon"]),
    ("an die Gartenstraße 17 in Kiel", ["Gartenstraße 17"]),
    ("left at 42 Elm Road by the courier", ["42 Elm Road"]),
    ("en la Calle Olmo, 9 de Sevilla", ["Calle Olmo, 9"]),
    ("flat 2, Leeds LS1 4DY", ["LS1 4DY"]),
    ("名古屋市中区のご住所", ["名古屋市中区"]),
    ("〒530-0001 にお届け", ["〒530-0001"]),
    ("地址：海淀区学院路15号，请查收", ["海淀区学院路15号"]),
])
def test_addresses_and_the_parts_that_place_a_person(text, found):
    assert [m.text for m in find_addresses(text)] == found


@pytest.mark.parametrize("text", [
    "We sold 12500 Stück last year.", "Charge it for 2 hours.", "Our Berlin team read every review.",
    "Version 2.3, chapter 5", "We ship 10000 Units a day",
])
def test_quantities_and_towns_alone_are_no_address(text):
    assert find_addresses(text) == []
