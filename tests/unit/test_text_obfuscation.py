"""Contact data and links written around the detectors are found again, with spans in the
original text; everyday words that look like spelled-out separators are not."""

from __future__ import annotations

import pytest

from reviewops.common.text.obfuscation import ascii_width, find_hidden_contacts


@pytest.mark.parametrize(("text", "kind", "span"), [
    ("write me: t h o m a s . b e r g @ w e b . d e – thanks", "email", "t h o m a s . b e r g @ w e b . d e"),
    ("ｓｈｏｐ．ｈａｒｕ　アットマーク　ｇｍａｉｌ　ドット　ｃｏｍ まで", "email",
     "ｓｈｏｐ．ｈａｒｕ　アットマーク　ｇｍａｉｌ　ドット　ｃｏｍ"),
    ("k punkt berger ät web punkt de", "email", "berger ät web punkt de"),
    ("h t t p s : / / brightnest-home [dot] com / reviews", "link", "brightnest-home [dot] com / reviews"),
    ("Register at pawsome-gear。com/warranty", "link", "pawsome-gear。com/warranty"),
    ("atelier-maelle (point) fr / blog", "link", "atelier-maelle (point) fr / blog"),
    ("tienda-sol . es / opiniones", "link", "tienda-sol . es / opiniones"),
    ("ｗｗｗ。ｎｕａｎｊｕ。ｃｏｍ", "link", "ｎｕａｎｊｕ。ｃｏｍ"),
    ("call us on zero four one five, two two eight, nine zero three one.", "phone",
     "zero four one five, two two eight, nine zero three one"),
    ("rufen Sie an: null eins sieben sechs, zwei drei vier, fünf fünf null acht neun.", "phone",
     "null eins sieben sechs, zwei drei vier, fünf fünf null acht neun"),
    ("WhatsApp au zéro six, douze, quarante-cinq, soixante-dix-huit, trente.", "phone",
     "zéro six, douze, quarante-cinq, soixante-dix-huit, trente"),
    ("manda un güasap al seis uno dos, tres cuatro cinco, seis siete ocho", "phone",
     "seis uno dos, tres cuatro cinco, seis siete ocho"),
    ("客服热线：四零零－八八六－一二三四。", "phone", "四零零－八八六－一二三四"),
    ("售后电话：壹叁玖 零幺贰叁 肆伍陆柒", "phone", "壹叁玖 零幺贰叁 肆伍陆柒"),
    ("ゼロキューゼロ・イチニーサンヨン・ゴーロクナナハチまでどうぞ", "phone", "ゼロキューゼロ・イチニーサンヨン・ゴーロクナナハチ"),
])
def test_written_around_the_detectors_and_found_with_the_original_span(text, kind, span):
    found = find_hidden_contacts(text)
    assert [(m.kind, m.text) for m in found] == [(kind, span)]
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize("text", [
    "C'est un point de vue intéressant.",
    "Desde este punto de vista, sí.",
    "Punkt 12 Uhr kommt der Fahrer.",
    "I was looking at it for a while. Thanks.",
    "We apologise for sending the wrong colour. It was a packing error.",
    "It is available at amazon.com now.",  # a plain link: the ordinary detector's, not hidden
    "We have one, two or three sizes.",
    "a polka dot dress",
    "我们一二三四五六七都营业",
    "サンプルを送ります",
    "Sizes: S / M / L and XL",
    "Order 113-0000000-0000001 shipped.",
])
def test_everyday_text_hides_nothing(text):
    assert find_hidden_contacts(text) == []


def test_full_width_text_keeps_its_length_as_ascii():
    text = "ＬＩＮＥ ID：＠ｋｉｒａｒｉ＿ｓｈｏｐ"
    assert ascii_width(text) == "LINE ID:@kirari_shop"
    assert len(ascii_width(text)) == len(text)


@pytest.mark.parametrize(("text", "span"), [
    ("ring us on oh seven seven double-nine, one two three, four five six", "oh seven seven double-nine, one two three, four five six"),
    ("call four one five triple two eight seven six today", "four one five triple two eight seven six"),
    ("お問い合わせは〇八〇‐９８７６‐五四三二まで", "〇八〇‐９８７６‐五四三二"),
    ("客服：一三８ 1234 五六七八", "一三８ 1234 五六七八"),
])
def test_repeated_digits_and_numerals_mixed_with_digits_are_phone_numbers(text, span):
    assert [m.text for m in find_hidden_contacts(text) if m.kind == "phone"] == [span]


@pytest.mark.parametrize("text", ["2026年11月20日のご注文", "订单号 112-1234567-1234567", "double the fun, one two"])
def test_plain_digit_runs_and_dates_are_no_hidden_phone(text):
    assert [m for m in find_hidden_contacts(text) if m.kind == "phone"] == []
