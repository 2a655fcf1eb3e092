"""Cue phrases per cause and language for the first, rule-based cause model.

A stand-in so the pipeline carries real causes end to end; the classifier issue
replaces it with a trained model and measures both.
"""

from __future__ import annotations

CUES: dict[str, tuple[str, ...]] = {
    "product_quality": (
        "broke", "broken", "stopped working", "defective", "doesn't work", "does not work", "faulty", "cheaply made",
        "fell apart", "counterfeit", "fake", "runs small", "runs large", "not compatible", "leak", "stale", "expired",
        "spoiled", "crack", "dead", "died",
        "kaputt", "defekt", "funktioniert nicht", "gebrochen", "fälschung", "abgelaufen", "undicht", "zu klein",
        "ausgefallen", "gerissen",
        "坏了", "坏", "质量差", "不工作", "不能用", "假货", "漏", "过期", "破损", "断了", "偏小",
        "壊れ", "故障", "動かない", "不良", "偽物", "割れ", "期限切れ", "小さめ", "使えな",
        "cassé", "défectueux", "ne fonctionne pas", "contrefaçon", "périmé",
        "roto", "defectuoso", "no funciona", "falso", "caducado",
    ),
    "logistics": (
        "arrived late", "never arrived", "late", "delivery", "delivered", "shipping", "package", "parcel",
        "damaged in transit", "box was", "wrong item", "wrong color", "wrong colour", "missing", "used",
        "courier", "packaging",
        "lieferung", "geliefert", "zu spät", "verspätet", "paket", "verpackung", "falsche", "fehlte", "fehlt",
        "angekommen", "gebraucht",
        "物流", "快递", "送货", "发货", "迟到", "包装", "发错", "少了", "缺", "没收到", "晚到", "二手",
        "配送", "届かな", "遅れ", "梱包", "箱", "違う商品", "足りな", "欠品", "中古",
        "livraison", "colis", "en retard", "emballage",
        "envío", "entrega", "paquete", "llegó tarde", "embalaje",
    ),
    "instructions": (
        "instructions", "manual", "set up", "setup", "assemble", "assembly", "how to use", "confusing",
        "couldn't figure", "no idea how",
        "anleitung", "bedienungsanleitung", "aufbau", "montage", "einrichten",
        "说明书", "安装", "不会用", "说明", "說明書", "設定",
        "説明書", "取扱説明", "組み立て", "使い方", "わかりにく", "分かりにく",
        "notice", "mode d'emploi", "montage",
        "instrucciones", "manual de", "montaje",
    ),
    "expectations": (
        "smaller than", "not as pictured", "looks cheap", "not worth", "overpriced", "expected more",
        "misleading", "than the photo", "than in the picture",
        "kleiner als", "nicht wie abgebildet", "billig", "nicht das geld wert", "erwartet",
        "比图片", "不值", "和图片不一样", "与描述不符", "太贵", "失望",
        "写真と違", "思ったより", "期待", "値段の割", "安っぽ",
        "pas comme sur la photo", "ne vaut pas",
        "no como en la foto", "no vale",
    ),
    "preference": (
        "don't like", "didn't like", "do not like", "smell", "taste", "not for me", "ugly", "color is",
        "colour is", "texture", "style",
        "gefällt mir nicht", "geschmack", "geruch", "riecht", "schmeckt", "nicht mein",
        "不喜欢", "味道", "难吃", "颜色不好看", "气味",
        "好みじゃな", "好きじゃな", "味が", "匂い", "におい", "香り", "色が",
        "je n'aime pas", "goût", "odeur",
        "no me gusta", "sabor", "olor",
    ),
    "seller_service": (
        "seller", "customer service", "no response", "never responded", "refund", "rude", "return was",
        "ignored", "unanswered",
        "verkäufer", "kundenservice", "keine antwort", "rückerstattung", "unfreundlich",
        "卖家", "客服", "不回复", "退款", "态度",
        "出品者", "販売者", "返信", "返金", "対応が", "連絡",
        "vendeur", "service client", "remboursement",
        "vendedor", "atención al cliente", "reembolso",
    ),
}
