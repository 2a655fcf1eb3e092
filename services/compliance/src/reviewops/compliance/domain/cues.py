"""Cue patterns of the content rules, in the six supported languages.

Each rule is a set of regular expressions over concept vocabularies (review nouns, change
verbs, things of value, conditions). Word order differs: English, French and Spanish put the
verb before the noun ("remove your review"); Chinese, Japanese and German infinitives put the
noun first ("把差评删除", "レビューを削除", "Bewertung löschen"). Patterns stay within a few
words so that "we changed our packaging after reading your review" is not a request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE | re.DOTALL


def _lower_literals(pattern: str) -> str:
    """Lowercase a pattern's literals, leaving escapes (\\W, \\S, \\b, \\uXXXX) as they are."""
    out, escaped = [], False
    for char in pattern:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return "".join(out)


@dataclass(frozen=True)
class Cue:
    """A cue pattern compiled twice. Case-insensitive matching over Unicode defeats the regular
    expression engine's first-character filter, so the fast form matches the lowercased text
    case-sensitively (three times faster); the other serves the rare text whose lowercase
    changes its length, where offsets would no longer line up."""

    fast: re.Pattern[str]
    slow: re.Pattern[str]


def cue(pattern: str, flags: int = _I) -> Cue:
    return Cue(re.compile(_lower_literals(pattern), re.DOTALL), re.compile(pattern, flags | re.DOTALL))


@dataclass(frozen=True)
class Text:
    """A text with its lowercase form, scanned once per check by every cue."""

    original: str
    lowered: str | None  # None when lowercasing changed the length

    @classmethod
    def of(cls, text: str) -> Text:
        lowered = text.lower()
        return cls(text, lowered if len(lowered) == len(text) else None)

    def spans(self, pattern: Cue, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        end = len(self.original) if end is None else end
        if self.lowered is not None:
            return [m.span() for m in pattern.fast.finditer(self.lowered, start, end)]
        return [m.span() for m in pattern.slow.finditer(self.original, start, end)]

    def contains(self, pattern: Cue, start: int = 0, end: int | None = None) -> bool:
        end = len(self.original) if end is None else end
        if self.lowered is not None:
            return pattern.fast.search(self.lowered, start, end) is not None
        return pattern.slow.search(self.original, start, end) is not None

# English, French and Spanish words start at a word boundary ("operating" is no rating, "avisarnos"
# no avis); German compounds end in theirs ("Kundenbewertung").
REVIEW = (
    r"(?:\b(?:reviews?|feedback|ratings?|(?:one|two|three|four|five|1|2|3|4|5)[- ]?stars?|stars|"
    r"avis\b|évaluations?|commentaires?|étoiles|(?:votre|sa|la|une|cette) note\b|"
    r"reseñas?|opiniones|opinión|valoraci(?:ón|ones)|calificaci(?:ón|ones)|estrellas)|"
    r"bewertung(?:en)?|rezension(?:en)?|sterne|"
    r"评价|评论|好评|差评|中评|留评|追评|星评|评分|反馈|評價|評論|[一二三四五1-5１-５]星|星[1-5１-５]|★|"
    r"レビュー|評価|口コミ|フィードバック)"
)
REVIEW_WORD = cue(REVIEW)
# What stands for the review where an incentive is offered for it without the word: "share your
# experience on Amazon and get 15% off", "分享您的使用体验，即可获得…".
REVIEW_PROXY = cue(
    r"\b(?:your|votre|vos|su|sus|tu|ihre|deine) (?:honest |ehrliche |sincère |sincera )?(?:experience|expérience|"
    r"experiencia|erfahrung(?:en)?|opinion|opinión|meinung|impressions?|thoughts)\b|\b(?:leave|share) (?:an |your )?opinion|"
    r"使用体验|使用感受|购物体验|体验|感想|ご感想|ご意見"
)
_CHANGE_LATIN = (
    r"(?:chang\w*|updat\w*|remov\w*|delet\w*|revis\w*|modif\w*|edit\w*|tak(?:e|ing|en) (?:it |that )?down|"
    r"withdraw\w*|retract\w*|reconsider\w*|revisit\w*|adjust\w*|amend\w*|correct\w*|improv\w* your|rais\w*|"
    r"removal|deletion|"
    r"änder\w*|anpass\w*|anzupassen|aktualisier\w*|entfern\w*|lösch\w*|zurückzieh\w*|zurückzunehmen|"
    r"zurücknehm\w*|überdenk\w*|überarbeit\w*|korrigier\w*|verbesser\w*|"
    r"modifi\w*|supprim\w*|suppression|retir\w*|mettre à jour|mise à jour|revoi\w*|revoy\w*|révis\w*|"
    r"chang\w*|corrig\w*|reconsidér\w*|amélior\w*|"
    r"modific\w*|elimin\w*|borr\w*|actualiz\w*|cambi\w*|quit\w*|reconsider\w*|revis\w*|edit\w*|"
    r"correg\w*|corrij\w*|mejor\w*)"
)
_CHANGE_CJK = (
    r"(?:修改|删除|删掉|删了|删去|撤销|撤回|撤掉|撤下|更改|改成|改为|改一下|改掉|改了|改个|更新|移除|去掉|追加|重新考虑|调整|"
    r"修正|削除|変更|取り消|取り下げ|見直|書き直|消して|消去|編集|訂正)"
)
_BETWEEN = r"(?:[^\W\d_]+[\s'-]+){0,4}"  # up to four words, e.g. "the negative one-star"

CHANGE_REQUEST_CJK = cue(rf"{REVIEW}.{{0,10}}?{_CHANGE_CJK}|{_CHANGE_CJK}.{{0,8}}?{REVIEW}")
CHANGE_REQUEST = [
    cue(rf"\b{_CHANGE_LATIN}[\s'-]+{_BETWEEN}{REVIEW}"),
    # "your review helps us improve" is no request to improve the review
    cue(rf"\b{REVIEW}[\s,]+(?:(?!(?:helps?|helping|ayuda\w*|aide\w*|hilft|helfen|permet\w*|allows?|enables?)\b)"
        rf"[^\W\d_]+\s+){{0,3}}{_CHANGE_LATIN}"),
    # "update/change it to five stars", "改成五星"
    cue(r"\b(?:change|update|raise|bump)\w* (?:it|that|this) (?:up )?to (?:5|five|4|four)[- ]stars?"),
]

VALUE = (
    r"(?:refund\w*|money back|reimburs\w*|pay you back|discount\w*|coupon\w*|voucher\w*|gift\w*|free\b|"
    r"free of charge|compensat\w*|cashback|cash back|bonus|reward\w*|\$\s?\d+|\d+\s?(?:%|dollars|usd|eur|euros?)|"
    r"\d+\s?[€円元]|[€¥]\s?\d+|(?:extend\w*|longer|free|extra) warrant\w*|warranty extension|"
    r"something (?:extra |small )?for your trouble|(?:small|little) thank[- ]you|thank[- ]you (?:gift|present|card)|"
    r"token of (?:our )?appreciation|"
    r"erstatt\w*|rückerstattung|rabatt\w*|gutschein\w*|geschenk\w*|kostenlos\w*|gratis|entschädigung\w*|"
    r"dankeschön|prämie|garantie\w*verlängerung|verlänger\w* (?:wir )?(?:ihnen )?(?:die )?garantie|"
    r"退款|退还|退回|返现|返还|红包|优惠券|优惠|[0-9一二三四五六七八九]折|折扣|打折|礼物|礼品|赠品|赠送|免费|补偿|好处|辛苦费|报酬|"
    r"费用由我们|延长保修|延保|保証(?:を)?延長|延長保証|"
    r"返金|割引|クーポン|プレゼント|無料|ギフト|謝礼|お礼|キャッシュバック|特典|進呈|"
    r"rembours\w*|réduction|bon d'achat|cadeau\w*|gratuit\w*|dédommag\w*|geste commercial|garantie prolongée|"
    r"reembols\w*|descuento\w*|cupón|cupones|regal\w*|obsequi\w*|compensaci\w*|bonificaci\w*|garantía (?:extendida|ampliada)|"
    r"transferencia|devolvemos el importe)"
)
# The fix itself, which is an incentive only when it is made to wait for the review ("we ship once
# it is updated"): it must stand in the review's sentence or the next one, with a condition.
FIX_WORD = cue(
    r"replacement|new unit|ship (?:it|you)|send (?:it|you)|get the new \w+ out|交換品|発送|补发|换货|重新发货|"
    r"ersatz\w*|remplacement|repuesto|se la enviaremos|le enviaremos"
)
# The fix, refunded or replaced. In the one allowed feedback note (resolved: true) a sentence about
# it that does not mention the review is the fix already given, not a reward for the note.
FIX_GIVEN = cue(
    r"refund\w*|reimburs\w*|money back|replacement|new unit|erstatt\w*|rückerstattung|ersatz\w*|"
    r"rembours\w*|remplacement|reembols\w*|repuesto|reposición|退款|退还|补发|换货|交換|返金|代替品"
)
SENTENCE_END = cue(r"[.!?。！？]+")
_CONDITION = (
    r"(?:\bif\b|\bonce\b|\bafter\b|\bwhen\b|as soon as|in return|in exchange|as a thank|provided|"
    r"\bwenn\b|sobald|nachdem|\bfalls\b|im gegenzug|als dank|"
    r"只要|如果|一旦|等您|(?:删除|删掉|修改|改|更新|移除)[^，。！？]{0,6}(?:之后|以后|后)|作为感谢|作为回报|"
    r"たら|れば|後|次第|お礼として|てから|確認して|"
    r"\bsi\b|une fois|dès que|en échange|en contrepartie|pour vous remercier|to thank you for|"
    r"una vez|en cuanto|a cambio|cuando)"
)
VALUE_WORD = cue(VALUE)
# How far apart (in code points) a thing of value and a review may stand to be read together.
INCENTIVE_REACH = 100
# How far from the review a condition may stand to govern it ("if you remove your review, ...").
TIE_REACH = 50
INCENTIVE_TIE = cue(
    rf"{_CONDITION}"
    # the value is given *for* the review, or follows from leaving it ("... and get a discount")
    rf"|\b(?:for|für|pour|por|para)\s+(?:(?:your|a|an|each|every|leaving|writing|posting|ihre|eine|jede|votre|"
    rf"un|chaque|su|una|cada)\s+)?(?:\w+\s+)?{REVIEW}"
    r"|\band (?:get|receive|claim|grab|unlock|enjoy|we'?ll|we will)\b|\bund (?:erhalten|bekommen|sichern)\b|\bdafür\b|"
    r"\bet (?:recevez|obtenez|gagnez|profitez)\b|\bet nous vous\b|ので|即可|就可以|就能|就送|可获得|可领取|可享|"
    r"\by (?:reciba|obtenga|gane)\b|\by (?:le|te|les|os) (?:regalamos|enviamos|damos|obsequiamos)\b|"
    # "Wer eine Bewertung hinterlässt, dem …": whoever reviews gets it
    r"\bwer\b"
)

_POSITIVE_REVIEW = (
    r"(?:\b(?:positive|good|great|glowing|excellent|top|favou?rable|nice)\s+(?:\w+\s+)?"
    r"(?:reviews?|feedback|ratings?)|\b(?:5|five)[- ]?stars?|"
    r"positive\w* bewertung|gute bewertung|(?:5|fünf) sterne|"
    # "好评差评都可以" asks for either
    r"(?<!差评)(?<!差评、)(?<!差评或)(?<!差评和)好评(?![^，。！？]{0,3}差评)|五星|5星|高分|满分|"
    r"高評価|星[5５]|★[5５]|[5５]つ星|良いレビュー|"
    r"avis (?:positifs?|favorables?|élogieux)|bons? avis|bonne note|(?:5|cinq) étoiles|"
    r"reseñas? (?:positivas?|favorables?)|buenas? reseñas?|valoraci(?:ón|ones) positivas?|(?:5|cinco) estrellas)"
)
THANKS_BEFORE = cue(
    r"(?:thank(?:s| you)|grateful|danke|vielen dank|谢谢|感谢|ありがとう|merci|gracias)[^.!?。！？]{0,40}$"
)
_IF_SATISFIED = (
    r"(?:\b(?:if|when|should|provided|as long as)\b[^.!?]{0,40}\b(?:happy|satisfied|pleased|delighted|love|"
    r"like|enjoy\w*|met|meets|exceeded|perfect)|(?:happy|satisfied) customers|"
    r"\b(?:happy|satisfied|pleased|love|loving|enjoying|like)\b[^.!?]{0,40}\?|\bif\b[^.!?]{0,40}\bmade your\b|"
    r"(?:满意|喜欢)吗|気に入っていただけましたか|\bzufrieden\?|gefällt (?:es )?ihnen[^.!?]{0,30}\?|"
    r"\bsatisfaite?s? ?\?|vous aimez[^.!?]{0,30}\?|¿(?:está )?satisfech[oa]|¿le gusta|"
    r"\b(?:wenn|falls)\b[^.!?]{0,40}(?:zufrieden|gefällt|gefallen)|"
    r"满意的话|如果[^。！？]{0,20}(?:满意|喜欢|开心|达到|爱上)|喜欢的话|开心的话|只有[^。！？]{0,10}满意|满意[^。！？]{0,6}才|"
    r"(?:満足|気に入)[^。！？]{0,12}(?:なら|たら|場合|ば)|"
    r"\bsi\b[^.!?]{0,40}(?:satisfait|content|plaît|plu|aimez|ravi|conquis|adoré)|"
    r"\b(?:wenn|falls)\b[^.!?]{0,40}(?:begeistert|überzeugt)|"
    r"\bsi\b[^.!?]{0,40}(?:satisfech[oa]|gusta|gustado|encanta|enamorad[oa]|content[oa]))"
)
# Asking someone to leave a review (not to change one: that is request_change_or_remove).
_LEAVE = (
    r"(?:\bleav\w*|\bwrit\w*|\bpost\w*|\bshar\w*|\bgiv\w*|\bsubmit\w*|\brat(?:e|ing)\b|hinterlass\w*|"
    r"schreib\w*|abgeb\w*|\bteil\w*|\blaiss\w*|écri\w*|publi\w*|partag\w*|donn\w*|\bdej\w*|escrib\w*|"
    r"compart\w*|tell (?:the world|others|everyone)|留|写|给|分享|发表|書|投稿|お願い|いただ)"
)
POSITIVE_REVIEW = cue(_POSITIVE_REVIEW)
IF_SATISFIED = cue(_IF_SATISFIED)
# Run only when IF_SATISFIED is found somewhere: most texts set no such condition.
# Telling others on the marketplace is asking for a review: "we'd love it if you shared that on Amazon".
_TELL_ON_AMAZON = (r"(?:\bshar\w*|\btell\w*|\bcont(?:ar|ara|aras|arlo|ase|ases)\b|\bcuént\w*|partag\w*|racont\w*|"
                   r"erzähl\w*|\bteil\w*)[^.!?]{0,20}\b(?:on|en|sur|auf|bei) amazon")
TELL_ON_AMAZON = cue(_TELL_ON_AMAZON)
CONDITIONAL_ASK = cue(rf"{_IF_SATISFIED}.{{0,120}}?(?:{_LEAVE}.{{0,30}}?{REVIEW}|share your (?:experience|thoughts)|"
                      rf"{_TELL_ON_AMAZON})"
                             rf"|{_LEAVE}.{{0,30}}?{REVIEW}.{{0,80}}?{_IF_SATISFIED}")
CJK = cue(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")

_CONTACT_US = (
    r"(?:contact|message|reach out to|talk to|email|write to|get in touch with|speak to|let)\s+"
    r"(?:us|our\s+\w+(?:\s+team)?|me)"
)
# "Before you share it publicly": steering the first word away from the public review, which
# need not name a review at all ("share your experience"), so it runs on every text.
DIVERT_PUBLIC = cue(r"before (?:you )?(?:share|sharing|post|posting)[^.!?]{0,30}(?:publicly|in public|on amazon)|"
        r"\bdon'?t review\b|bevor sie[^.!?]{0,30}öffentlich|avant de partager[^.!?]{0,30}(?:publiquement|avis|expérience)|"
        r"ne pas publier d'avis|écrivez-nous d'abord|antes de compartir[^.!?]{0,30}(?:en público|opinión|reseña)|"
        r"再决定是否公开|先给我们一个[^。！？]{0,6}机会|公に[^。！？]{0,12}前に|まずは私どもに")
DIVERT = [
    cue(rf"{_CONTACT_US}[^.!?]{{0,40}}\b(?:first|before|instead|rather than)\b"),
    cue(rf"\bbefore (?:you )?(?:leav|writ|post|submit|giv|rat)\w*(?: a| an| any| your)?"
               rf"(?: \w+)?(?: \w+)? {REVIEW}"),
    cue(rf"\binstead of (?:leaving|writing|posting|giving)\b[^.!?]{{0,30}}{REVIEW}"),
    cue(rf"\b(?:don'?t|do not|no need to|never|there'?s no need to)\s+(?:\w+\s+)?"
               rf"(?:leave|write|post|give|submit)\w*\s+(?:a |an |any |the |us )?(?:negative |bad |poor |low )?"
               rf"{REVIEW}"),
    cue(rf"\bskip (?:the |a |writing (?:a |the )?)?{REVIEW}"),
    cue(r"(?:不要|别|无需|不用|不必|而不是)[^。！？]{0,6}(?:留|写|给|发表)?[^。！？]{0,4}(?:差评|评价|评论|留评|负面评价)"),
    cue(r"(?:在|于)?(?:发表|留|写|给出?)[^。！？]{0,6}(?:评价|评论|差评)之前"),
    cue(r"(?:不满意|有问题|遇到问题)[^。！？]{0,10}(?:直接|请先|先)?(?:联系|找)(?:我们|客服)"),
    cue(r"(?:レビュー|評価|低評価)[^。！？]{0,12}前に[^。！？]{0,60}(?:連絡|問い合わせ|相談)"),
    cue(r"(?:レビュー|評価)ではなく|(?:レビュー|評価)(?:を書く|をする|を投稿する)?必要はありません"),
    cue(r"\bbevor Sie\b[^.!?]{0,30}(?:Bewertung|Rezension)|\b(?:kontaktieren|schreiben) Sie uns"
               r"(?: bitte)? (?:zuerst|zunächst|stattdessen|vorher)|\bstatt (?:einer )?(?:\w+ )?(?:Bewertung|Rezension)|"
               r"\bkeine (?:negative |schlechte )?(?:Bewertung|Rezension)"),
    cue(r"\bavant de (?:laisser|publier|rédiger|écrire|donner)\b[^.!?]{0,30}(?:avis|commentaire|note)|"
               r"\bcontactez-nous (?:d'abord|plutôt|avant)|\bau lieu de (?:laisser|publier)|"
               r"\bne (?:laissez|publiez) pas\b"),
    cue(r"\bantes de (?:dejar|escribir|publicar|poner)\b[^.!?]{0,30}(?:reseña|opinión|valoración|comentario)|"
               r"\bcontáctenos (?:primero|antes|en lugar)|\ben lugar de (?:dejar|escribir|publicar)|"
               r"\bno (?:deje|escriba|publique)\b"),
]
# A contrast with reviewing: "Love it? Leave a review. Don't love it? Talk to us instead."
DIVERT_CONTRAST = cue(
    rf"(?:not (?:satisfied|happy)|unhappy|don'?t love|problem|issue|anything wrong|不满意|不喜欢|有问题|"
    rf"満足(?:いただけ)?(?:ない|なかった)|nicht zufrieden|pas satisfait|no (?:está|quedó) satisfech)"
    rf"[^.!?。！？]{{0,20}}[.!?。！？]?[^.!?。！？]{{0,40}}(?:{_CONTACT_US}|联系我们|找我们|ご連絡|kontaktieren Sie uns|"
    r"contactez-nous|contáctenos)"
)

FAKE = [
    cue(
        r"review (?:swap|club|exchange|group|ring|service)|reviewer group|swap reviews|exchange reviews|"
        r"review for (?:a )?review|fake reviews?|paid reviews?|buy(?:ing)? reviews|purchased reviews|"
        r"(?:family|friends|relatives|colleagues|staff|employees|team members|wife|husband|brother|sister|"
        r"mother|father|parents|cousin|partner)\b[^.!?]{0,60}"
        r"\b(?:post|write|leave|add|give)\w*\b[^.!?]{0,30}\breviews?|"
        r"\b(?:dilut\w*|water(?:ed|ing)? down|bury|buried|drown\w* out|push\w* (?:it |that |the \w+ )?"
        r"(?:down|out of sight)|outweigh\w*|balance (?:it |that )?out|offset)\b|"
        r"(?:order|buy|purchase)\w* (?:it|the (?:item|product)|again)\b[^.!?]{0,60}\b(?:review|rating)|"
        r"(?:don'?t|do not)(?: even)? (?:have|need) to use|without (?:using|trying)|"
        r"arrang\w* (?:\w+ ){0,2}(?:5-star|five-star|positive|good) reviews|removal service|"
        r"review management (?:agency|company|service)|reputation (?:agency|service|management)|"
        r"(?:fancy|want|like) a swap|(?:we|you) review (?:your|our)|tester(?:s)? (?:club|programme|program)|"
        r"(?:another|second|other) account|each other'?s? (?:products|listings)|reviewer network|"
        r"balance (?:out )?the negative"
    ),
    cue(
        r"bewertungstausch|bewertungen (?:tauschen|kaufen)|gekaufte bewertungen|gefälschte bewertungen|"
        r"fake-bewertungen|(?:freunde|familie|verwandte|mitarbeiter)[^.!?]{0,50}bewertung|verwässern|"
        r"(?:agentur|dienstleister)[^.!?]{0,40}(?:bewertung|rezension)|bewertungsmanagement|"
        r"produkttester|tester-club|gegenseitig[^.!?]{0,30}bewertung|mitarbeiter[^.!?]{0,40}(?:bewertet|getestet)|"
        r"échange d'avis|échanger (?:des|nos) avis|faux avis|avis (?:payés|achetés)|acheter des avis|"
        r"(?:amis|famille|proches|employés)[^.!?]{0,50}(?:avis|note)|noyer|diluer|faire descendre|"
        r"testeurs rémunérés|programme de testeurs|suppression des avis|compenser les (?:quelques )?avis|"
        r"intercambi\w* (?:de )?reseñas|reseñas (?:falsas|pagadas|compradas)|comprar reseñas|"
        r"(?:amigos|familia|familiares|empleados)[^.!?]{0,50}(?:reseña|valoración|opiniones|experiencia)|"
        r"diluir|gestión de reputación|red de reseñadores|equilibrar las negativas|intercambio\?|"
        r"enterrar|quedará compensada"
    ),
]
FAKE_CJK = cue(
    r"刷单|刷好评|刷评|刷几条|补单|补[几一两]?条好评|测评|买评|换评|互评|互刷|互相(?:换评|留评|好评)|稀释|冲淡|压下去|"
    r"顶下去|盖过|(?:家人|朋友|亲友|亲戚|员工|同事)[^。！？]{0,12}(?:好评|评价|评论)|不用真的使用|不用使用|删评服务|"
    r"删差评服务|安排[^。！？]{0,6}(?:好评|高星|五星)|再下一单[^。！？]{0,20}(?:好评|评价|五星)|"
    r"サクラ(?:レビュー|評価|投稿|業者|を)|やらせ|レビュー代行|レビュー交換|相互レビュー|(?:家族|友人|知人|社員|スタッフ)[^。！？]{0,12}(?:レビュー|評価)|"
    r"薄め|埋も?れさせ|押し下げ|お互い[^。！？]{0,12}(?:レビュー|評価)|レビューを書き合|删评|"
    r"另一个账号|其他账号|小号|モニター会員|モニター募集"
)

# Terms that mean fake orders or reviews on their own, whether or not a review is named.
# サクラ alone is also a name (cherry blossom): only the shill review counts.
FAKE_STRONG = cue(r"刷单|补单|刷好评|换评|互评|互刷|サクラ(?:レビュー|評価|投稿|業者)|やらせ|review (?:swap|club|ring)|fake reviews?|buy(?:ing)? reviews")

MARKETING = [
    cue(
        r"check out (?:our|the rest of our)|our other (?:products|items)|(?:new|latest) (?:collection|arrivals)|"
        r"newsletter|subscribe|special offer|promo(?:tion(?:al)?)? code|discount code|coupon code|use (?:the )?code|"
        r"sale ends|follow us on|visit our (?:store|shop)|you (?:might|may) also like|\d+ ?% off|with the code|"
        r"\d+ ?% (?:rabatt|de descuento|de réduction|de remise)|our full range|full collection|"
        r"pair (?:it|your new \w+(?: \w+)?) with our|matching \w+ (?:and|from)|search '[^']+' on amazon|"
        r"empfehlen wir unsere|ab sofort[^.!?]{0,40}erhältlich|"
        r"le encantarán nuestr|ya disponibles? en nuestra tienda|síganos en|sorteos|"
        r"weitere(?:n)? (?:produkte|artikel) (?:aus|in) unserem|unsere(?:n)? anderen produkte|rabattcode|"
        r"gutscheincode|folgen sie uns|"
        # "新品" alone is also the replacement unit ("更换新品"): only promotional phrases count.
        r"店铺(?:的)?其他(?:产品|商品)|我们的其他产品|新品上市|新品推荐|上新|关注我们|关注店铺|优惠码|折扣码|"
        r"全场[^。！？]{0,4}折|满\d+减\d+|双十[一二]|更多款式|"
        r"他の商品もぜひ|当店の他の商品|新商品のご案内|クーポンコード|(?:SNS|インスタ|ツイッター)をフォロー|"
        r"オフクーポン|ぜひチェック|新作|好評発売中|と検索してください|ポイントプログラム|ポイントが貯まり|"
        r"nos autres produits|code promo|suivez-nous|nouvelle collection|toute notre collection|"
        r"nuestros otros productos|código de descuento|síg[au]nos\b|nueva colección|no perderse las novedades|"
    r"in unserem (?:amazon-)?shop vorbei|passend zu(?:m|r)? [^.!?]{1,30} gibt es (?:jetzt )?auch"
    ),
]

ABUSIVE = [
    cue(
        r"your (?:own )?fault|you (?:are|were) wrong|you (?:didn'?t|did not|clearly didn'?t|obviously didn'?t) "
        r"(?:read|follow|understand)|you should have read|blame yourself|user error|you(?:'re| are) lying|"
        r"\bliar\b|ridiculous complaint|unreasonable customer|you claim|you allege|simply (?:false|wrong|untrue)|"
        r"that is (?:false|not true|untrue)|you must have (?:dropped|broken|misused|damaged)|"
        r"you (?:obviously|clearly) (?:dropped|broke|misused|damaged)|not our (?:fault|problem)|"
        r"the only customer|how you use it|"
        r"ihr eigener fehler|selbst schuld|hätten sie (?:die anleitung )?gelesen|sie lügen|schlicht falsch|"
        r"ihre behauptung|offenbar haben sie|falsch angeschlossen|falsch bedient|nicht unser problem|"
        r"你自己的问题|是你的错|你没(?:有)?看|胡说|恶意差评|不可能[^。！？]{0,8}坏|肯定是您|您自己(?:摔|弄坏|用坏|操作)|"
        r"我们不负责|这种情况我们不负责|"
        r"お客様の(?:使い方|ミス|責任|不注意)|嘘をつ|嘘つき|クレーマー|読まずに|あり得ません|ありえません|"
        r"votre faute|vous auriez dû lire|vous mentez|mensonge|vous prétendez|c'est faux|abîmé par (?:le client|vous)|"
        r"su culpa|debería haber leído|usted miente|mentira|es usted el único|cómo (?:la|lo) usa|es falso|"
        r"lo ha roto usted"
    ),
]

# Defensive arguing and threats, by family, in six languages: "nobody else complained", doubt,
# accusing the buyer of misuse, lecturing, threats against the buyer's account, insults, sarcasm.
ABUSIVE_FAMILIES = cue(
    r"(?:no|not one) other customer|nobody else|no one else (?:has )?(?:complained|reported)|"
    r"skeptical|hard to believe|we doubt|how this actually happened|misuse|user error|operator error|"
    r"read the manual next time|maybe read|before blaming us|legal action|report (?:you|your account)|"
    r"your account (?:could|may|will|might) be (?:suspended|banned|closed)|scammer|nonsense|isn'?t capable|"
    r"incapable|idiot|stupid|says more about the reviewer|shocking\.|what a surprise|"
    r"sonst niemand|kein anderer kunde|vermuten eher|merkwürdig, dass|kaum zu glauben|bedienfehler|"
    r"falsch (?:angeschlossen|bedient|benutzt|verwendet)|wer die (?:anleitung )?nicht liest|mit den folgen leben|"
    r"rechtliche schritte|nörgler|lügner|erpress\w*|"
    r"aucun autre client|du mal à croire|nous pensons plutôt|mal utilisée?|la prochaine fois,? lisez|"
    r"n'a même pas su|quelle surprise|profiteur|malhonnête|simplet|poursuites|signaler votre compte|"
    r"ningún otro cliente|nadie más (?:se ha quejado|ha tenido)|nos sorprende mucho su|no esté en el producto|"
    r"si sigue sin entender|exagera usted|sea más honesto|su cuenta (?:podría|puede) ser suspendida|"
    r"acciones legales|abusa de las devoluciones|"
    r"从来没有人反映|没有其他人|只有您|很难相信|难以置信|人为摔|自己的失误|推到我们身上|检查一下自己|指望用|"
    r"买东西之前|举报您|账号[^。！？]{0,6}(?:封|冻结)|法律责任|起诉|"
    r"一件もございません|他のお客様からは|ご使用方法に問題|落とした跡|事実と異なる|次回からは|根拠のない|"
    r"法的措置|業務妨害|アカウント[^。！？]{0,6}(?:停止|凍結)|クレームを続け|"
    # pointing at what the buyer should have read, and disputing the review
    r"clearly (?:stated|mentioned|indicated|described|shown|written|marked|listed)|before accusing|"
    r"we (?:dispute|reject) (?:this|your)|deutlich (?:angegeben|beschrieben|vermerkt)|erstaunlich ist (?:allerdings|jedoch|aber)|"
    r"bevor sie uns (?:beschuldigen|vorwerfen)|clairement (?:indiqué|mentionné|précisé|écrit)|avant d'accuser|"
    r"nous contestons|claramente (?:indicado|especificado|descrito)|se indica claramente|antes de acusar|"
    r"写得(?:很|非常)?清楚|明記して(?:おり|い)|はっきりと?記載"
)

_SOCIAL = (r"(?:\b(?:whatsapp|telegram|wechat|weixin|line|signal|viber|insta(?:gram)?|face(?:book)?|messenger|"
           r"tiktok|kakao(?:talk)?|youtube|pinterest|snapchat)\b|インスタ\w*|微信|薇信|v信)")
# Messenger and social handles: contact off the marketplace.
HANDLE = cue(
    r"\b(?:wechat|weixin|line|whatsapp|telegram|instagram|insta|facebook|twitter|skype|kakao(?:talk)?|qq)\b"
    r"\s*(?:id|number|no\.?)?\s*[:：@]\s*@?[A-Za-z0-9_.+-]{3,}"
    r"|\b(?:wechat|whatsapp|line|telegram)\s+(?:id|number)\s+@?[A-Za-z0-9_.+-]{3,}"
    r"|(?:微信|微信号|vx|ＶＸ|ライン|LINE\s*[(（]?\s*ID)\s*[:：]?\s*[A-Za-z0-9_.+-]{4,}"
    r"|(?<![\w.@])@[A-Za-z][A-Za-z0-9_.]{2,}"
    # Nicknames and spellings that slip past the names above: 薇信 and V信 for WeChat, 扣扣 for QQ,
    # Douyin and Xiaohongshu ids, "Insta (name)", "facebook slash name", KakaoTalk ids, "V: name".
    r"|(?:薇信|威信|v信|微信|扣扣|qq|抖音号?|小红书号?|kakao\s*talk|kakaotalk|カカオトーク)[^:：\n。]{0,20}[:：]\s*"
    r"[A-Za-z0-9_.+-](?: ?[A-Za-z0-9_.+-]){3,}"
    r"|(?:抖音号?|小红书号?)\s+[A-Za-z0-9_.]{4,}"
    r"|(?:insta(?:gram)?|インスタ(?:グラム)?)(?:の)?\s*(?:dm)?\s*[(（]\s*@?[A-Za-z0-9_.]{3,}"
    r"|(?:facebook|instagram|tiktok)(?:\.com)?\s*(?:/|\bslash\b|\bbarre\b|\bbarra\b)\s*[A-Za-z0-9_.]{3,}"
    r"|(?<![A-Za-z])v\s*[:：]\s*[A-Za-z][A-Za-z0-9_]{3,}"
    r"|(?:关注|加)(?:一下)?(?:我们的|我的)?(?:抖音|小红书|微博|微信|公众号|薇信)"
)

# A network or messenger named: only then is SOCIAL_CHANNEL worth running (most texts name none).
SOCIAL_NAME = cue(rf"{_SOCIAL}|公众号|视频号")
SOCIAL_CHANNEL = cue(
    # No id at all, a channel off the marketplace all the same: "search for us on Insta as Casa Nube",
    # "write to us on Telegram", "微信里搜索公众号", "インスタで「…」で検索", "DM us on Instagram".
    rf"\b(?:insta(?:gram)?|facebook|tiktok|telegram|whatsapp|wechat|kakao(?:talk)?|youtube|pinterest|snapchat)\b"
    r"[^.!?\n]{0,25}\b(?:unter|como|under|sous le nom|bajo el nombre)\s+[\"“„«'「]?[a-z0-9][\w.]{2,}"
    rf"|(?:text|message|write to|contact|reach|dm|ping|chat with|find|search for|follow) (?:us|me)\s+(?:on|via|through|over)\s+{_SOCIAL}"
    rf"|(?:schreiben sie uns|kontaktieren sie uns|finden sie uns|escríbenos|escríbanos|contáctenos|contáctanos|búscanos|"
    rf"encuéntranos|écrivez-nous|contactez-nous|retrouvez-nous|cherchez-nous)[^.!?\n]{{0,10}}\b(?:auf|per|via|über|en|por|sur|par)\s+{_SOCIAL}"
    rf"|{_SOCIAL}[^.!?\n。]{{0,40}}(?:\bdms?\b|mensaje privado|message privé|privatnachricht|direktnachricht|direct message|"
    r"ダイレクトメッセージ|私信)"
    r"|(?:微信|wechat|weixin)[^。！？]{0,8}(?:搜索|搜一搜)|(?:搜索|搜)[^。！？]{0,6}(?:公众号|微信号|视频号)|公众号\s*[「“\"]"
    r"|(?:インスタ\w*|instagram|line|ライン|tiktok|ツイッター|youtube|facebook)[^。]{0,30}?(?:で検索|を検索|をフォロー|でフォロー)"
)

# Words that make the one neutral feedback note a request: asking, urging, appealing for help.
PRESSURE = cue(
    r"\bplease\b|\bkindly\b|would you|could you|we (?:would )?ask|ask you|we need|\bmust\b|\burge\b|"
    r"appreciate|help us|would mean|"
    r"\bbitte\b|\bbitten\b|würden uns (?:sehr )?freuen|hilft uns|helfen|dankbar|"
    r"请|麻烦|希望您|帮|拜托|"
    # the closing formula "よろしくお願いいたします" asks nothing
    r"(?<!よろしく)お願い|ください|助かります|幸いです|"
    r"veuillez|s'il vous plaît|merci de (?!(?:nous |m')avoir|votre|vos|ta|ton|tes|la|le|l')|nous aider|apprécierions|serions reconnaissants|"
    r"por favor|le pedimos|le agradecer[íi]amos|nos ayudar[íi]a"
)

# A message marked important, urgent or critical to get past the buyer's opt-out (policy.md
# `false_urgency`): a bracketed marker anywhere ("[Important]", "【重要】", "(URGENT)") or the word as
# a label opening a line ("Urgent:", "WICHTIG -"). The same words describing something ("an urgent
# delivery", "急ぎの発送") are no marker.
_URGENT_WORDS = (
    r"important|urgent|critical|action required|wichtig|dringend|dringlich|kritisch|importante?|urgente?|"
    r"critique|crítico|critico|重要|紧急|緊急|急|至急|要確認|重要なお知らせ|重要通知"
)
FALSE_URGENCY = cue(
    rf"[\[【(（](?:\s*(?:{_URGENT_WORDS})\s*[!！]*)[\]】)）]"
    rf"|(?:^|\n)\s*(?:{_URGENT_WORDS})\s*[!！]*\s*[:：\-–—]"
)


# A QR code leads where the gate cannot read: off the marketplace unless shown otherwise.
QR_CODE = cue(r"\bqr[- ]?cod(?:e|es|igo)\b|\bcódigo qr\b|\bcode qr\b|二维码|二維碼|qrコード|ｑｒコード")
