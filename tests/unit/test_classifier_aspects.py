"""Aspects of the complaint and facts the buyer gave (domain/aspects.py, docs/aspects.md): every
aspect and fact in each of the six languages, with sentences written for these tests; spans in code
points; the cause rule; one span per name, in text order; and the classification carrying them."""

from __future__ import annotations

import re

import pytest

from reviewops.classifier.domain.aspect_lexicon import ASPECT_CUES, FACT_CUES, WEAK_ASPECT_CUES
from reviewops.classifier.domain.aspects import (
    ASPECT_CAUSES,
    ASPECTS,
    CONFIDENT_BY,
    FACTS,
    find_aspects,
    is_confident,
)
from reviewops.classifier.domain.classify import Classifier, ReviewText
from tests.unit.test_classifier_domain import FixedScorer

ALL_CAUSES = ("product_quality", "logistics", "instructions", "expectations", "preference", "seller_service")

ASPECT_SENTENCES: dict[str, dict[str, str]] = {
    "late": {
        "en": "The parcel arrived two weeks late, long after the party.",
        "de": "Die Lieferung kam leider zu spät, erst nach zehn Tagen.",
        "fr": "Le colis est arrivé avec trois semaines de retard.",
        "es": "El pedido llegó muy tarde, casi un mes después.",
        "zh": "物流太慢了，下单一周才发货。",
        "ja": "配送がとても遅くて、誕生日に間に合いませんでした。",
    },
    "lost": {
        "en": "The tracking says delivered but I never received the package.",
        "de": "Das Paket ist nie angekommen, obwohl ich bezahlt habe.",
        "fr": "Je n'ai jamais reçu ma commande, le colis est perdu.",
        "es": "Nunca me llegó el paquete y ya pasó un mes.",
        "zh": "付款半个月了还没收到货，快递也查不到。",
        "ja": "注文から二週間たっても商品が届かない。",
    },
    "damaged_in_transit": {
        "en": "The lamp arrived cracked because the box was crushed.",
        "de": "Die Vase ist zerbrochen angekommen, der Karton war eingedrückt.",
        "fr": "Le vase est arrivé cassé, le carton était écrasé.",
        "es": "La taza llegó rota, la caja venía aplastada.",
        "zh": "收到的时候杯子已经碎了，包装太简陋。",
        "ja": "届いた時点で箱が潰れていて、中身が割れていました。",
    },
    "wrong_item": {
        "en": "They sent the wrong size, I ordered a medium.",
        "de": "Ich habe die falsche Farbe bekommen, bestellt war blau.",
        "fr": "J'ai reçu la mauvaise taille, ce n'est pas ce que j'avais demandé.",
        "es": "Me enviaron otro modelo diferente al que pedí.",
        "zh": "卖家发错颜色了，我要的是黑色。",
        "ja": "注文したものと違う色の商品が届きました。",
    },
    "missing_part": {
        "en": "Two screws were missing so I could not finish the shelf.",
        "de": "Im Karton fehlten zwei Schrauben für das Regal.",
        "fr": "Il manque deux vis pour finir l'étagère.",
        "es": "Faltan dos tornillos para terminar la estantería.",
        "zh": "打开一看少了一个配件，没法组装。",
        "ja": "ネジが足りなくて最後まで組めませんでした。",
    },
    "used_as_new": {
        "en": "It was sold as new but had been used, with scratches everywhere.",
        "de": "Der Mixer war bereits benutzt, überall Kratzer.",
        "fr": "L'appareil avait déjà été utilisé, il est pas neuf du tout.",
        "es": "El móvil ya venía abierto y se nota que es usado.",
        "zh": "收到的明显是二手的，盒子都旧了。",
        "ja": "新品のはずが中古品のような傷がありました。",
    },
    "expired": {
        "en": "The cookies were expired by a month when they came.",
        "de": "Die Kekse waren schon abgelaufen, als sie ankamen.",
        "fr": "Les biscuits étaient déjà périmés à la livraison.",
        "es": "Las galletas llegaron caducadas hace semanas.",
        "zh": "收到的饼干已经过期了。",
        "ja": "届いたお菓子の賞味期限が切れていました。",
    },
    "dead_on_arrival": {
        "en": "The fan never worked, not even once.",
        "de": "Der Ventilator funktioniert von Anfang an nicht.",
        "fr": "Le ventilateur ne fonctionne pas dès la réception.",
        "es": "El ventilador no enciende desde el primer día.",
        "zh": "风扇收到就是坏的，根本不能用。",
        "ja": "扇風機が最初から動かないです。",
    },
    "stopped_working": {
        "en": "The kettle stopped working after three weeks.",
        "de": "Der Wasserkocher ging nach drei Wochen kaputt.",
        "fr": "La bouilloire ne marche plus au bout de trois semaines.",
        "es": "El hervidor dejó de funcionar a las tres semanas.",
        "zh": "水壶用了三周就坏了。",
        "ja": "ケトルが三週間で壊れました。",
    },
    "poor_build": {
        "en": "Very flimsy plastic, and the seams came apart.",
        "de": "Schlecht verarbeitet, die Nähte lösen sich schon.",
        "fr": "Très mauvaise qualité, les coutures se défont.",
        "es": "Muy mala calidad, las costuras se deshacen.",
        "zh": "做工粗糙，到处都是线头。",
        "ja": "作りが雑で、縫い目がほつれています。",
    },
    "wrong_spec": {
        "en": "Not as described: the listing says 2 TB but it holds 500 GB.",
        "de": "Nicht wie beschrieben, laut Beschreibung 2 TB, es sind aber 500 GB.",
        "fr": "Non conforme à la description, 2 To annoncés mais 500 Go réels.",
        "es": "No coincide con la descripción, dice 2 TB y trae 500 GB.",
        "zh": "与描述不符，写的是2TB，实际只有500GB。",
        "ja": "商品説明と違い、2TBではなく500GBでした。",
    },
    "counterfeit": {
        "en": "This perfume is a fake, nothing like the original bottle.",
        "de": "Das Parfum ist eine Fälschung.",
        "fr": "Ce parfum est une contrefaçon évidente.",
        "es": "Este perfume es falso, no huele como el de tienda.",
        "zh": "这瓶香水是假货，跟专柜的不一样。",
        "ja": "この香水は偽物だと思います。",
    },
    "unsafe": {
        "en": "The charger overheats and smelled like burning plastic.",
        "de": "Das Ladegerät wird extrem heiß und ist gefährlich.",
        "fr": "Le chargeur surchauffe, c'est dangereux.",
        "es": "El cargador se calienta muchísimo, es peligroso.",
        "zh": "充电器充电时发烫，还冒烟，太危险。",
        "ja": "充電器が発熱して焦げた臭いがしました。",
    },
    "setup": {
        "en": "It was really hard to assemble and took me a whole evening.",
        "de": "Der Aufbau war sehr kompliziert und hat Stunden gedauert.",
        "fr": "Très difficile à monter, j'y ai passé la soirée.",
        "es": "Es muy difícil de montar, tardé toda la tarde.",
        "zh": "安装太麻烦了，弄了一个晚上。",
        "ja": "組み立てが難しくて一晩かかりました。",
    },
    "manual": {
        "en": "The instructions are only in Chinese and make no sense.",
        "de": "Die Anleitung ist unverständlich und nur auf Englisch.",
        "fr": "La notice est incompréhensible.",
        "es": "Las instrucciones no se entienden nada.",
        "zh": "说明书写得不清楚，看不懂。",
        "ja": "説明書が英語だけで分かりにくいです。",
    },
    "app_connectivity": {
        "en": "The app keeps losing the Bluetooth connection.",
        "de": "Die App verliert ständig die Bluetooth-Verbindung.",
        "fr": "L'application perd sans cesse la connexion Bluetooth.",
        "es": "La aplicación pierde la conexión bluetooth todo el rato.",
        "zh": "蓝牙老是断开，app也连不上。",
        "ja": "アプリとのペアリングが何度やっても失敗します。",
    },
    "compatibility": {
        "en": "It is not compatible with my phone, the case does not fit.",
        "de": "Die Hülle ist nicht kompatibel mit meinem Handy.",
        "fr": "La coque n'est pas compatible avec mon téléphone.",
        "es": "La funda no es compatible con mi móvil.",
        "zh": "这个壳和我的手机不兼容。",
        "ja": "このケースは私のスマホに対応していないようです。",
    },
    "size_or_power": {
        "en": "Much smaller than I expected from the listing.",
        "de": "Viel kleiner als erwartet, passt kaum etwas hinein.",
        "fr": "Beaucoup plus petit que prévu.",
        "es": "Es mucho más pequeño de lo que esperaba.",
        "zh": "比想象的小很多，吸力也太弱。",
        "ja": "思ったより小さくて、パワーも弱いです。",
    },
    "looks": {
        "en": "It looks cheap and nothing like the picture.",
        "de": "Sieht billig aus, nicht wie auf dem Bild.",
        "fr": "Rien à voir avec la photo, ça fait cheap.",
        "es": "No se parece nada a la foto, tiene aspecto barato.",
        "zh": "实物和图片不一样，看起来很廉价。",
        "ja": "写真と全然違って、安っぽい見た目です。",
    },
    "value": {
        "en": "Not worth the money at all.",
        "de": "Das ist sein Geld nicht wert, viel zu teuer.",
        "fr": "Ça ne vaut pas le prix, beaucoup trop cher.",
        "es": "No vale lo que cuesta, demasiado caro.",
        "zh": "太贵了，根本不值这个价。",
        "ja": "値段の割に中身がなくて割高です。",
    },
    "missing_feature": {
        "en": "It doesn't have a timer, which the ad made sound standard.",
        "de": "Es fehlt eine Timer-Funktion, schade.",
        "fr": "Il n'y a pas de minuterie, dommage.",
        "es": "No tiene temporizador, lo echo de menos.",
        "zh": "没有定时功能，很不方便。",
        "ja": "タイマー機能がないのが残念です。",
    },
    "taste_or_smell": {
        "en": "I really dislike the taste, far too sweet for me.",
        "de": "Der Geschmack ist mir viel zu süß.",
        "fr": "Je n'aime pas du tout le goût, trop sucré.",
        "es": "No me gusta el sabor, demasiado dulce.",
        "zh": "味道太甜了，我不喜欢。",
        "ja": "味が甘すぎて好みではありません。",
    },
    "fit_or_style": {
        "en": "The cut is unflattering on me, too boxy.",
        "de": "Der Schnitt steht mir nicht, zu weit an den Schultern.",
        "fr": "La coupe ne me va pas du tout.",
        "es": "El corte no me favorece nada.",
        "zh": "版型不适合我，穿着显胖。",
        "ja": "デザインが私には似合わなかったです。",
    },
    "colour": {
        "en": "I don't like the colour, it is a dull brown.",
        "de": "Die Farbe gefällt mir nicht, ein tristes Braun.",
        "fr": "Je n'aime pas la couleur, un marron terne.",
        "es": "No me gusta el color, es un marrón apagado.",
        "zh": "颜色不好看，有点土。",
        "ja": "色が好みではなかったです。",
    },
    "feel": {
        "en": "The fabric feels scratchy and uncomfortable.",
        "de": "Der Stoff kratzt und ist unbequem.",
        "fr": "Le tissu gratte, c'est inconfortable.",
        "es": "La tela es áspera e incómoda.",
        "zh": "面料手感很差，穿着不舒服。",
        "ja": "生地の肌触りがごわごわしています。",
    },
    "no_reply": {
        "en": "I wrote to the seller twice and got no reply.",
        "de": "Ich habe dem Verkäufer geschrieben, aber keine Antwort erhalten.",
        "fr": "J'ai écrit au vendeur, aucune réponse.",
        "es": "Escribí al vendedor y no me contestan.",
        "zh": "联系卖家一直不回复。",
        "ja": "出品者に連絡しましたが返信がありません。",
    },
    "refund_or_return": {
        "en": "The seller refused my refund request.",
        "de": "Der Händler verweigert die Rückerstattung.",
        "fr": "Le vendeur refuse le remboursement.",
        "es": "El vendedor se niega a la devolución del dinero.",
        "zh": "申请退款被卖家拒绝了。",
        "ja": "返品を申請しましたが断られました。",
    },
    "tone": {
        "en": "The seller was rude when I asked a question.",
        "de": "Der Verkäufer war sehr unfreundlich am Telefon.",
        "fr": "Le vendeur a été très désagréable au téléphone.",
        "es": "El vendedor fue muy maleducado por teléfono.",
        "zh": "客服态度很差，说话很冲。",
        "ja": "販売者の態度がとても失礼でした。",
    },
}

FACT_SENTENCES: dict[str, dict[str, str]] = {
    "order_problem": {
        "en": "I ordered a blue mug but received the wrong colour.",
        "de": "Im Paket fehlte das Netzteil.",
        "fr": "Le colis n'est jamais arrivé.",
        "es": "Me enviaron la talla equivocada.",
        "zh": "卖家发错型号了。",
        "ja": "違う商品が届きました。",
    },
    "usage_duration": {
        "en": "It worked fine for two weeks and then died.",
        "de": "Nach zwei Wochen war der Akku hinüber.",
        "fr": "Au bout de deux semaines la batterie était morte.",
        "es": "A las dos semanas la batería murió.",
        "zh": "用了两周电池就不行了。",
        "ja": "2週間で電池がダメになりました。",
    },
    "tried_fix": {
        "en": "I tried new batteries and a reset, nothing changed.",
        "de": "Ich habe neue Batterien eingelegt und es neu gestartet, ohne Erfolg.",
        "fr": "J'ai essayé de changer les piles, rien à faire.",
        "es": "He probado con pilas nuevas y nada.",
        "zh": "我试了换电池，也重启过，还是不行。",
        "ja": "電池を交換して再起動も試しましたがだめでした。",
    },
    "error_shown": {
        "en": "The screen shows error E4 and the red light blinks.",
        "de": "Auf dem Display erscheint die Fehlermeldung E4.",
        "fr": "L'écran affiche un code d'erreur E4.",
        "es": "La pantalla muestra un código de error E4.",
        "zh": "屏幕显示错误代码E4，指示灯一直闪。",
        "ja": "画面にエラーE4が表示されます。",
    },
    "photos": {
        "en": "See the photos I attached of the dent.",
        "de": "Fotos vom Schaden habe ich angehängt.",
        "fr": "Voir les photos ci-jointes.",
        "es": "Adjunto fotos del golpe.",
        "zh": "有图有真相，大家看图。",
        "ja": "傷の写真を添付しました。",
    },
}

LANGUAGES = ("en", "zh", "de", "ja", "fr", "es")


def _found_aspects(body: str, language: str, causes=ALL_CAUSES, title: str = ""):
    return find_aspects(title, body, language, causes)[0]


def test_the_sentences_cover_every_aspect_and_fact_of_the_guide_in_every_language():
    assert set(ASPECT_SENTENCES) == set(ASPECTS) and len(ASPECTS) == 28
    assert set(FACT_SENTENCES) == set(FACTS)
    for table in (ASPECT_SENTENCES, FACT_SENTENCES):
        assert all(set(by_language) == set(LANGUAGES) for by_language in table.values())


@pytest.mark.parametrize(("aspect", "language"), [(a, lang) for a in ASPECT_SENTENCES for lang in LANGUAGES])
def test_each_aspect_is_found_in_each_language_within_its_cause(aspect: str, language: str):
    body = ASPECT_SENTENCES[aspect][language]
    spans = [span for span in _found_aspects(body, language, causes=(ASPECT_CAUSES[aspect],)) if span.aspect == aspect]
    assert len(spans) == 1
    span = spans[0]
    assert span.cause == ASPECT_CAUSES[aspect]
    assert span.field == "body" and body[span.start:span.end] == span.text and span.text


@pytest.mark.parametrize(("fact", "language"), [(f, lang) for f in FACT_SENTENCES for lang in LANGUAGES])
def test_each_fact_is_found_in_each_language_whatever_the_causes(fact: str, language: str):
    body = FACT_SENTENCES[fact][language]
    spans = [span for span in find_aspects("", body, language, ("other",))[1] if span.fact == fact]
    assert len(spans) == 1
    assert body[spans[0].start:spans[0].end] == spans[0].text and spans[0].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_aspect_outside_the_reviews_causes_is_not_reported(language: str):
    body = ASPECT_SENTENCES["colour"][language]
    assert "colour" in {s.aspect for s in _found_aspects(body, language, causes=("preference",))}
    assert "colour" not in {s.aspect for s in _found_aspects(body, language, causes=("logistics", "product_quality"))}


def test_a_secondary_cause_counts_as_much_as_the_primary():
    body = "The kettle stopped working after a month and the seller never replied to my emails."
    found = {s.aspect for s in _found_aspects(body, "en", causes=("product_quality", "seller_service"))}
    assert {"stopped_working", "no_reply"} <= found


def test_latin_cues_match_whole_words_only():
    assert _found_aspects("Rich chocolate, a delayed treat.", "en", causes=("logistics",))[0].aspect == "late"
    assert _found_aspects("The chocolate tasted of nothing special.", "en", causes=("logistics",)) == []
    assert _found_aspects("The apple pie was great.", "en", causes=("instructions",)) == []


def test_offsets_are_code_points_in_the_field_they_were_found_in():
    title = "Zerbrochen angekommen 😡"
    body = "🎁🎁 Der Karton war eingedrückt und die Tasse kaputt."
    spans = _found_aspects(body, "de", causes=("logistics",), title=title)
    assert [(s.aspect, s.field) for s in spans] == [("damaged_in_transit", "title")]
    assert title[spans[0].start:spans[0].end] == spans[0].text == "Zerbrochen angekommen"


def test_cjk_spans_need_no_word_boundaries():
    body = "这款杯子买回来三天就坏了，质量太差。"
    spans = _found_aspects(body, "zh", causes=("product_quality",))
    assert [s.aspect for s in spans] == ["stopped_working", "poor_build"]
    assert all(body[s.start:s.end] == s.text for s in spans)


def test_each_name_once_at_its_first_mention_and_all_in_text_order():
    body = "Arrived late. The seller never replied. Arrived late again with the second one, and it was late."
    aspects, _ = find_aspects("Terrible taste", body, "en", ALL_CAUSES)
    assert [(s.aspect, s.field) for s in aspects] == [("taste_or_smell", "title"), ("late", "body"), ("no_reply", "body")]
    assert aspects[1].start == 0


def test_a_concrete_order_problem_is_a_fact_even_where_logistics_is_not_a_cause():
    _, facts = find_aspects("", "Two screws were missing from the box.", "en", ("product_quality",))
    assert [f.fact for f in facts] == ["order_problem"]


def test_an_undetermined_language_is_read_with_every_languages_cues():
    aspects, facts = find_aspects("", "Nach zwei Wochen kaputtgegangen.", "und", ("product_quality",))
    assert [a.aspect for a in aspects] == ["stopped_working"]
    assert [f.fact for f in facts] == ["usage_duration"]


def test_a_review_with_nothing_specific_has_no_aspects_and_no_facts():
    assert find_aspects("Meh", "Not for me, I expected something else.", "en", ALL_CAUSES) == ([], [])


def test_the_classification_carries_the_aspects_within_the_models_causes_and_the_facts():
    scorer = FixedScorer({"product_quality": 0.7, "seller_service": 0.25, "other": 0.05})
    body = "Stopped working after two weeks. I tried a reset; the seller was rude. The colour is ugly too."
    result = Classifier(scorer).classify(ReviewText("", body, 1, "en"))
    assert [(a.aspect, a.cause) for a in result.aspects] == [
        ("stopped_working", "product_quality"), ("tone", "seller_service")]
    assert [f.fact for f in result.facts_given] == ["usage_duration", "tried_fix"]
    assert result.model_dump(mode="json")["aspects"][0] == {
        "aspect": "stopped_working", "cause": "product_quality", "field": "body", "start": 0, "end": 15,
        "text": "Stopped working", "confident": False}


def test_an_aspect_is_confident_only_on_the_evidence_that_proved_right_for_it():
    body = "Stopped working after two weeks."
    # The cue alone is not enough for a fault that stopped; with the learned head agreeing it is.
    alone, _ = find_aspects("", body, "en", ("product_quality",))
    both, _ = find_aspects("", body, "en", ("product_quality",), learned={"stopped_working"})
    assert [(a.aspect, a.confident) for a in alone] == [("stopped_working", False)]
    assert [(a.aspect, a.confident) for a in both] == [("stopped_working", True)]
    # A head alone is confident for what it reads well (a taste), not elsewhere.
    taste, _ = find_aspects("", "Yuck.", "en", ("preference",), learned={"taste_or_smell"})
    late, _ = find_aspects("", "Where is it?", "en", ("logistics",), learned={"late"})
    assert [(a.aspect, a.confident) for a in taste + late] == [("taste_or_smell", True), ("late", False)]
    # Its cue alone is enough for transit damage; a safety problem is always answered.
    damaged, _ = find_aspects("", "The box arrived crushed.", "en", ("logistics",))
    unsafe, _ = find_aspects("", "The charger caught fire.", "en", ("product_quality",))
    assert [(a.aspect, a.confident) for a in damaged + unsafe] == [("damaged_in_transit", True), ("unsafe", True)]


def test_every_aspect_has_its_confident_evidence_named():
    assert set(CONFIDENT_BY) == set(ASPECTS)
    assert all(kinds <= {"both", "cue", "head"} for kinds in CONFIDENT_BY.values())
    assert not is_confident("poor_build", by_cue=True, by_head=True)


def test_nothing_to_read_has_no_aspects():
    result = Classifier(FixedScorer({"logistics": 1.0})).classify(ReviewText("", "😀😀", 1))
    assert result.aspects == [] and result.facts_given == []


def test_capitals_match_and_offsets_hold_where_lower_case_would_be_longer():
    body = "İİ THE BOX ARRIVED CRUSHED."
    [span] = _found_aspects(body, "en", causes=("logistics",))
    assert (span.aspect, span.text) == ("damaged_in_transit", "BOX ARRIVED CRUSHED")
    assert body[span.start:span.end] == span.text


def test_every_cue_is_written_in_lower_case_because_the_text_is_matched_lowered():
    capitals = [cue for table in (ASPECT_CUES, FACT_CUES, WEAK_ASPECT_CUES) for by_language in table.values()
                for cues in by_language.values() for cue in cues if re.search(r"(?<!\\)[A-ZÄÖÜÉÈ]", cue)]
    assert capitals == []


@pytest.mark.parametrize(("language", "broken", "worked_first"), [
    ("en", "It doesn't work, what a letdown.", "It stopped working after a week and now it doesn't work."),
    ("de", "Das Gerät funktioniert leider nicht.", "Nach zwei Wochen ging es kaputt, jetzt funktioniert es nicht."),
    ("zh", "这个插座不能用。", "用了三天就坏了，现在不能用。"),
])
def test_a_bare_it_does_not_work_is_dead_on_arrival_only_where_it_did_not_work_first(language, broken, worked_first):
    assert {s.aspect for s in _found_aspects(broken, language)} >= {"dead_on_arrival"}
    found = {s.aspect for s in _found_aspects(worked_first, language)}
    assert "stopped_working" in found and "dead_on_arrival" not in found


@pytest.mark.parametrize(("language", "body", "aspect", "raised"), [
    ("en", "By the time it broke it was too late to return it.", "late", False),
    ("en", "Too late now for a refund, sadly.", "late", False),
    ("en", "The courier turned up late with it.", "late", True),
    ("de", "Als der Fehler auftrat, war es zu spät für eine Rückgabe.", "late", False),
    ("de", "Inzwischen zu spät zum Zurücksenden.", "late", False),
    ("de", "Die Lieferung kam zu spät.", "late", True),
    ("es", "Cuando falló ya estaba fuera de plazo de devolución.", "late", False),
    ("es", "El paquete llegó fuera de plazo.", "late", True),
    ("en", "The sauce should have been used within three days of opening.", "used_as_new", False),
    ("en", "You could have been used to this brand before.", "used_as_new", False),
    ("en", "The charger had been used by someone before me.", "used_as_new", True),
])
def test_idioms_that_only_look_like_an_aspect_do_not_raise_it(language, body, aspect, raised):
    found = [span.aspect for span in find_aspects("", body, language, ALL_CAUSES)[0]]
    assert (aspect in found) is raised


def test_melted_food_is_no_safety_problem_but_melted_plastic_is():
    assert find_aspects("", "The chocolate bars melted in the heat.", "en", ALL_CAUSES)[0] == []
    assert [a.aspect for a in find_aspects("", "The plug melted within an hour.", "en", ("product_quality",))[0]
            ][:1] == ["unsafe"]
