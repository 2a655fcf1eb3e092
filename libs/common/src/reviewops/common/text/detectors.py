"""Detectors of contact data, links and profanity, shared by the classifier (removal
signals) and compliance (rules).

Phone numbers use Google's libphonenumber port (`phonenumbers`), whose numbering plans ship
inside the package: it knows which digit groups are real numbers in each country, so order
ids, prices, dates and tracking numbers are not mistaken for phones. E-mail addresses and
links, including written-out ones, are regular expressions.
"""

from __future__ import annotations

import re

import phonenumbers

from reviewops.common.text.spans import Match

# Every pattern below starts where a token starts (a look-behind, not a bare `+` or `\b`): a match
# tried from every position inside a long token made a 20,000-character word take seconds.
_LOCAL_PART = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+"
_EMAIL = re.compile(_LOCAL_PART + r"[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Written-out addresses: "name at gmail dot com", "name (at) example (dot) org", "name at gmail.com".
# A spelled-out "at" needs a spelled-out "dot" or a known mail provider, so prose such as
# "look at this. Thank you" is not an address.
_SPELLED_AT = r"(?:\s*[(\[](?:at|arobase|arroba|ät)[)\]]\s*|\s+(?:at|arobase|arroba)\s+)"
_SPELLED_DOT = (
    r"(?:\s*[(\[](?:dot|punkt|point|punto)[)\]]\s*|\s+(?:dot|punkt|point|punto)\s+|\s*(?:点|ドット)\s*)"
)
_MAIL_PROVIDERS = r"(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|aol|gmx|web|proton(?:mail)?|qq|163|126)"
_WRITTEN_EMAIL = re.compile(
    rf"{_LOCAL_PART}(?:@|{_SPELLED_AT})[A-Za-z0-9-]+(?:{_SPELLED_DOT}[A-Za-z]{{2,}})+"
    rf"|{_LOCAL_PART}{_SPELLED_AT}{_MAIL_PROVIDERS}\.[A-Za-z]{{2,}}",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![a-z0-9-])[a-z0-9-]+\.(?:com|net|org|de|co\.uk|fr|es|it|jp|cn|io|shop|store)\b(?:/[^\s<>\"']*)?"
    # Spelled-out dots only with unmistakable endings: "point de" is everyday French and
    # "punto es" everyday Spanish, but "punkt de" is a German address.
    r"|(?<![a-z0-9-])[a-z0-9-]+\s(?:dot|punkt|point|punto)\s(?:com|net|org|shop)\b"
    r"|(?<![a-z0-9-])[a-z0-9-]+\s(?:dot|punkt)\s(?:de|co\.uk|io)\b"
    # "www point shop point fr", "shop 点 cn", "shop ドット jp": unambiguous separators or a www prefix
    r"|\bwww\s*(?:\.|dot|punkt|point|punto|点|ドット)\s*[a-z0-9-]+\s*(?:\.|dot|punkt|point|punto|点|ドット)\s*[a-z]{2,}\b"
    r"|(?<![a-z0-9-])[a-z0-9-]{2,}\s*(?:点|ドット)\s*(?:com|cn|jp|net|org|de|fr|es|it|co)\b"
    # a long name before "punto es" / "point fr" is a site, "el punto es" is not
    r"|(?<![a-z0-9-])[a-z0-9-]{6,}\s(?:punto|point)\s(?:es|fr|de|it)\b",
    re.IGNORECASE,
)
# Numbering plans tried for numbers written without a country code: the marketplaces' countries.
PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "JP", "CN")
# Likely regions by the language a text is written in; US and GB numbers appear in any language.
REGIONS_BY_LANGUAGE = {
    "en": ("US", "GB"), "de": ("DE", "US", "GB"), "fr": ("FR", "US", "GB"), "es": ("ES", "US", "GB"),
    "ja": ("JP", "US", "GB"), "zh": ("CN", "US", "GB"), "it": ("IT", "US", "GB"),
}
# A local number without its area code is incomplete for libphonenumber, but after a word that
# announces a phone number it is contact data all the same.
_LOCAL_PHONE_AFTER_CUE = re.compile(
    r"(?:call|phone|tel\.?|text|ring|whatsapp|telefon|anrufen|appelez|téléphone|llame|llámenos|teléfono|"
    r"电话|致电|電話|携帯)[\s:：]*(?:me|us|uns|nous)?[\s:：]*(?:at|on|unter|au|al)?[\s:：]*(\d{3}[-.\s]\d{4})(?!\d)",
    re.IGNORECASE,
)
# Obscene or vulgar words in the six languages, and their censored forms ("f**k", "s***", "a$$").
# Mere negativity is not profanity (taxonomy.md): "crap", "sucks", "junk", "Mist", "垃圾" (garbage),
# "ゴミ" and "最悪" stay out. Latin-script words match whole words only; CJK ones anywhere, except
# single characters that are part of everyday words (逼 in 逼真 "lifelike", 草 "grass", 靠 "lean on").
_PROFANE_WORDS = (
    r"fuck\w*|motherfuck\w*|fck\w*|wtf|shit\w*|bullshit|horseshit|asshole\w*|arsehole\w*|bitch\w*|bastard\w*"
    r"|dickhead\w*|cunt\w*|piss|pissed|pissing|ass|asses|jackass\w*"
    r"|schei(?:ß|ss)\w*|beschissen\w*|arsch\w*|verarsch\w*|fick\w*|gefickt\w*|kacke\w*|kack\w*"
    r"|merde\w*|putain\w*|bordel|connard\w*|connasse\w*|connerie\w*|chier|chiant\w*|foutre|enculé\w*|salope\w*"
    r"|salaud\w*"
    r"|mierda\w*|joder|jodid[oa]s?|coño|cabr[oó]n\w*|put[ao]s?|puta\w+|gilipollas|hostias?|carajo|pendej[oa]\w*"
    r"|cagad[ao]s?|me cago"
)
_CENSORED = r"f[*#@!]{1,3}(?:c?k\w*)?|a[$][#]|a[.]{3,}h|s[*#]{2,3}t?|sh[*!#]t\w*|b[*#]{1,2}tch\w*|a[$*]{2}|@[$]{2}|sch[*]{2,}\w*|m[*]{3,}e|m[*]{4,}a"
_CJK_PROFANITY = (
    "他妈的|他妈|妈的|特么|特妈|tmd|TMD|操你|我操|卧槽|草泥马|傻逼|傻B|傻b|傻屄|煞笔|沙比|尼玛|你妈|日了狗|狗屎|屎|狗屁|鸡巴|屌|马勒戈壁|马碧"
    "|扯淡|牛逼|牛B|牛b|クソ|くそ|糞|ちくしょう|畜生|死ね"
)
_PROFANITY = re.compile(
    rf"(?<![\w*#@$])(?:{_PROFANE_WORDS}|{_CENSORED})(?![\w*#@$])|{_CJK_PROFANITY}",
    re.IGNORECASE,
)


# Template placeholders that shop software fills in when a message is sent: `{shop_url}`,
# `{$sShopURL}`, `${order.shop.url}`, `{{ store_email }}`, `{{config path='.../ident_support/email'}}`,
# `%shop_phone%`. What they stand for is in the message once sent, so a placeholder naming a link
# is a link and one naming the shop's e-mail or phone is contact data. A carrier's tracking link
# (`{followup}`, `{$Bestellung->cTrackingURL}`, `{{ Shipping.Delivery.confirm_url }}`) is what a
# shipping notice needs, and the buyer's own e-mail is no contact offered: neither counts.
_PLACEHOLDER = re.compile(
    r"\{\{\s*(?:rawUrl|url|path|seoUrl)\([^\n]{0,160}?\}\}|\{\{[^{}\n]{1,120}\}\}|\$\{[^{}\n]{1,80}\}|\{\$?[A-Za-z_][^{}\n]{0,80}\}|%[A-Za-z_][A-Za-z0-9_.]{1,60}%"
)
_LINK_NAME = re.compile(r"url|link|href|website|webseite|site(?!r)|domain|download|rawurl|\.page", re.IGNORECASE)
_CARRIER_NAME = re.compile(r"carrier|followup|(?<!guest_)tracking|delivery|shipping", re.IGNORECASE)
_CONTACT_NAME = re.compile(r"e?mail|phone|tel(?:ephone)?\b|fax|whatsapp|wechat", re.IGNORECASE)
_SHOP_NAME = re.compile(r"shop|store|support|contact|owner|seller|company|ident|baseinfo|sender|admin", re.IGNORECASE)


def find_placeholders(text: str) -> list[Match]:
    """Placeholders standing for a link (kind `link`) or for the shop's contact data (`contact`)."""
    found = []
    for placeholder in _PLACEHOLDER.finditer(text):
        name = placeholder.group()
        if _LINK_NAME.search(name) and not _CARRIER_NAME.search(name):
            found.append(Match("link", placeholder.start(), placeholder.end(), name))
        elif _CONTACT_NAME.search(name) and _SHOP_NAME.search(name):
            found.append(Match("contact", placeholder.start(), placeholder.end(), name))
    return found


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> list[Match]:
    return [Match(kind, found.start(), found.end(), found.group()) for found in pattern.finditer(text)]


_AT_TOKEN = re.compile(r"[@＠]|\b(?:at|arobase|arroba)\b|[(\[](?:at|ät)[)\]]", re.IGNORECASE)


def find_emails(text: str) -> list[Match]:
    if not _AT_TOKEN.search(text):
        return []  # no "@" and no spelled-out "at": skip the costly patterns
    plain = _matches("email", _EMAIL, text) if "@" in text or "＠" in text else []
    written = [m for m in _matches("email", _WRITTEN_EMAIL, text)
               if not any(p.start < m.end and m.start < p.end for p in plain)]
    return sorted(plain + written, key=lambda match: match.start)


# Link shorteners hide where a link goes; their endings (.ly, .gd, .to) are in no list above. A
# pattern of its own that starts with the literal names stays fast where _LINK's alternatives are not.
_SHORT_LINK = re.compile(
    r"(?:bit\.ly|t\.co|t\.cn|tinyurl\.com|goo\.gl|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|rb\.gy|"
    r"shorturl\.at|amzn\.to|url\.cn|dwz\.cn)/[^\s<>\"']+",
    re.IGNORECASE,
)


def find_links(text: str, emails: list[Match] | None = None) -> list[Match]:
    """Links, not counting the domain part of an e-mail address (pass `emails` if already found)."""
    emails = find_emails(text) if emails is None else emails
    shortened = [link for link in (_matches("link", _SHORT_LINK, text) if "/" in text else [])
                 if link.start == 0 or not (text[link.start - 1].isalnum() or text[link.start - 1] in "-.")]
    return sorted(
        (link for link in _matches("link", _LINK, text) + shortened
         if not any(email.start <= link.start < email.end for email in emails)),
        key=lambda link: (link.start, link.end),
    )


# Seven or more characters of digits and separators: the shortest phone number there is.
_DIGIT_RUN = re.compile(r"\d[\d\s().\-\uff0d]{5,}\d")


def find_phones(text: str, regions: tuple[str, ...] = PHONE_REGIONS) -> list[Match]:
    """Numbers that are valid phone numbers in one of `regions`, or in international format.

    Callers that know the text's language pass its likely regions: each region is a full pass.
    """
    if not _DIGIT_RUN.search(text):
        return []  # most texts: no run of digits long enough to be a number
    spans: dict[tuple[int, int], str] = {}
    for found in _LOCAL_PHONE_AFTER_CUE.finditer(text):
        spans[(found.start(1), found.end(1))] = found.group(1)
    for region in regions:
        for found in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            spans.setdefault((found.start, found.end), found.raw_string)
    kept = sorted(spans.items())
    # A local match inside a full number found by the matcher is the same number.
    return [
        Match("phone", start, end, raw)
        for (start, end), raw in kept
        if not any(s <= start and end <= e and (s, e) != (start, end) for (s, e), _ in kept)
    ]


def find_profanity(text: str) -> list[Match]:
    return _matches("profanity", _PROFANITY, text)


# A person addressed by name: an honorific and a capitalised name ("Mrs Patel", "Frau Becker",
# "Sra. López"), a greeting and a name followed by a comma or "!" ("Hi Karen,", "Hola Juan!"),
# a Chinese surname with 先生/女士/小姐, a Japanese name with 様/さま. Generic addresses ("Dear
# customer", "お客様", "各位") are not names.
_NAME = r"[A-ZÄÖÜÉÈÁÍÓÚÑ][a-zäöüßéèêáíóúñç]+(?:[ -][A-ZÄÖÜÉÈÁÍÓÚÑ][a-zäöüßéèêáíóúñç]+)?"
_HONORIFIC = r"\b(?:Mr|Mrs|Ms|Miss|Dr|Frau|Herr|Madame|Monsieur|Mme|Mlle|Señora?|Sra|Sr|Srta|Don|Doña)\.?"
_GREETING = r"\b(?:Dear|Hi|Hello|Hey|Liebe[rs]?|Hallo|Bonjour|Chère|Cher|Hola|Estimad[oa]|Querid[oa])"
_ADDRESSED = re.compile(
    rf"{_HONORIFIC}\s+(?P<honoured>{_NAME})|{_GREETING}\s+(?!{_HONORIFIC}\s)(?P<greeted>{_NAME})\s*[,!]"
    r"|(?P<han>(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{1,2}(?:先生|女士|小姐))"
    r"|(?P<kanji>[\u4e00-\u9fff\u30a0-\u30ff]{2,8}(?:様|さま))"
)
_NOT_A_NAME = frozenset({
    "customer", "customers", "buyer", "shopper", "reviewer", "friend", "friends", "everyone", "all", "there",
    "team", "amazon", "kunde", "kundin", "kunden", "käufer", "client", "cliente", "clienta", "clients",
    "clientes", "comprador", "compradora", "grüße", "grüsse", "zusammen", "leute", "gente", "tous",
})
_NOT_A_NAME_CJK = ("客", "皆", "者", "位", "様", "家", "方", "員")


def find_addressed_names(text: str) -> list[Match]:
    """Where the text names the person it speaks to (kind `name`): in a public reply, that
    exposes the buyer."""
    found = []
    for match in _ADDRESSED.finditer(text):
        group = next(name for name in ("honoured", "greeted", "han", "kanji") if match.group(name))
        name = match.group(group)
        if group in ("honoured", "greeted") and name.split()[0].lower() in _NOT_A_NAME:
            continue
        if group == "han" and name[0] in "各这那此该本贵诸" or group == "kanji" and name[:-1].rstrip("さ").endswith(_NOT_A_NAME_CJK):
            continue
        found.append(Match("name", match.start(group), match.end(group), name))
    return found


# Postal addresses, or the part of one that places a person: a street and number ("12 rue des
# Lilas", "Lindenstraße 4", "221 Baker Street", "Calle Mayor, 5"), a postcode before a town
# ("75011 Paris", "10115 Berlin"), a British postcode, a Japanese postcode, prefecture or city
# and ward (大阪市北区), a Chinese district, road and number (朝阳区建国路88号).
_STREET_WORDS_EN = r"Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Ln\.|Drive|Dr\.|Boulevard|Blvd\.|Way|Court|Ct\.|Close|Crescent"
_ADDRESS = re.compile(
    r"\b\d{1,4}\s?(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|impasse|allée|place|quai|route)\s+"
    r"(?:d[eu']s?\s?|de la |de l')?[A-ZÀ-Ý][\wÀ-ÿ'-]+"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer)\s+\d{1,4}[a-z]?\b"
    rf"|\b\d{{1,5}}\s+(?:[A-Z][a-z]+\s){{1,3}}(?:{_STREET_WORDS_EN})(?!\w)"
    r"|\b(?:[Cc]alle|[Aa]venida|[Aa]vda\.|[Pp]aseo|[Pp]laza|[Cc]arrer|C/)\s+(?:de\s(?:la\s|los\s|las\s)?)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+"
    r"(?:\s[\wáéíóúñ]+){0,3},?\s*(?:n[º°o]\.?\s*)?\d{1,4}\b"
    # a postcode and town after a comma or at a line's start: "12500 Stück" is a quantity
    r"|(?:(?<=, )|(?<=,)|(?<=\n)|^)\d{5}\s+[A-ZÀ-ÝÄÖÜ][a-zà-ÿäöüß]+(?:[ -][A-ZÀ-ÝÄÖÜ][a-zà-ÿäöüß]+)?\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"
    r"|〒\s?\d{3}[-－]\d{4}"
    r"|(?:東京都|北海道|(?:京都|大阪)府|[\u4e00-\u9fff]{2,3}県)[\u4e00-\u9fff]{1,6}?[市区町村]"
    r"|[\u4e00-\u9fff]{1,4}市[\u4e00-\u9fff]{1,4}区"
    r"|[\u4e00-\u9fff]{1,4}(?:区|县)[\u4e00-\u9fff]{1,8}(?:路|街|大道)\d{1,5}号"
)


_ADDRESS_HINT = re.compile(r"[0-9〒市区県都府]")


def find_addresses(text: str) -> list[Match]:
    """Postal addresses and the parts of them that place a person (kind `address`)."""
    if not _ADDRESS_HINT.search(text):
        return []  # every form has a digit or a place suffix; most texts have neither
    return _matches("address", _ADDRESS, text)
