"""Contact data and links written around detectors, found again.

Sellers who want buyers off the marketplace write `t h o m a s . b e r g @ w e b . d e`,
`shop [dot] com`, `ｓｈｏｐ．ｈａｒｕ　アットマーク　ｇｍａｉｌ　ドット　ｃｏｍ`, `kirari-shop。jp` or a
phone number in words (`zero four one five ...`, `四零零－八八六－一二三四`). `find_hidden_contacts`
rewrites such text into the plain form (full-width letters to ASCII, spelled-out "at", "dot" and
"slash" to symbols, letters spaced one by one joined), runs the ordinary e-mail, link and phone
detectors on the rewrite, and maps every match back to its span in the original text; numbers
spelled out in words in the six languages are read as digits and reported when they are as long
as a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewops.common.text.detectors import PHONE_REGIONS, find_emails, find_links, find_phones
from reviewops.common.text.spans import Match

# Full-width ASCII (U+FF01-U+FF5E) and the ideographic space map one to one onto ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH_ADDRESS = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0e]")
# A spelled-out "at" in brackets or in CJK is always one; the bare word only before a mail
# provider ("available at store.com" is no address).
_MAIL_PROVIDERS = (r"(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|aol|gmx|web|proton\w*|qq|163|126|orange|"
                   r"free|laposte|wanadoo|t-online|arcor)\b")
_AT = (r"\s*[(\[]\s*(?:at|ät|arobase|arroba)\s*[)\]]\s*|\s*(?:アットマーク|アット|艾特|圈a)\s*"
       rf"|\s+(?:at|ät|arobase|arroba|chez)\s+(?={_MAIL_PROVIDERS})")
# A spelled-out dot in brackets, or "dot", is always one; 点, ドット and 。 before a top-level domain;
# "point", "punkt" and "punto" are everyday words ("un point de vue", "a punto de"), so only before
# an unmistakable one.
_TLD = r"(?:com|net|org|de|fr|es|it|jp|cn|co|uk|io|info|me|shop|store)\b"
_DOT = (r"\s*[(\[]\s*(?:dot|punkt|point|punto)\s*[)\]]\s*|\s+dot\s+"
        rf"|\s*(?:ドット|点|。)\s*(?={_TLD})|\s+(?:punkt|point|punto)\s+(?=(?:com|net|org|shop|store|info|jp|cn|io)\b)")
_SLASH = r"\s+(?:slash|schrägstrich|barre(?: oblique)?|barra)\s+|\s*スラッシュ\s*"
# Only between the letters or digits of a would-be address: "at" and "point" are everyday words.
_ALNUM = r"[A-Za-z0-9_-]"
_SEPARATORS = (
    (re.compile(rf"(?<={_ALNUM})(?:{_AT})(?={_ALNUM})", re.IGNORECASE), "@"),
    (re.compile(rf"(?<={_ALNUM})(?:{_DOT})(?=[A-Za-z]{{2,}})", re.IGNORECASE), "."),
    (re.compile(rf"(?<={_ALNUM})(?:{_SLASH})(?={_ALNUM})", re.IGNORECASE), "/"),
    # "shop . es", "www . x", "name @ web", "https : //": spaces on both sides of a dot, and only
    # before a lowercase domain ("you. It" is a sentence); around @ and / any spaces; around a colon
    # only before "//" ("Note: please" is prose, and common enough to cost every check a rewrite).
    (re.compile(rf"(?<={_ALNUM}) +\. +(?=[a-z]{{2,}})|(?<={_ALNUM})(?: +[@/] *| *[@/] +)(?={_ALNUM})"
                rf"|(?<={_ALNUM})(?: +: *| *: +)(?=//)"), None),
)
# Four or more single letters or digits in a row, each followed by one space: "t h o m a s".
_SPACED = re.compile(r"(?<!\S)(?:[A-Za-z0-9.@:/_-] ){3,}[A-Za-z0-9.@:/_-](?!\S)")


def ascii_width(text: str) -> str:
    """Full-width letters, digits and signs as ASCII; the same length, so offsets hold."""
    return text.translate(_FULL_WIDTH)


@dataclass
class _View:
    """A rewritten text with, for each of its characters, the original span it came from."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, original: str) -> _View:
        return cls(ascii_width(original), list(range(len(original))), list(range(1, len(original) + 1)))

    def rewrite(self, pattern: re.Pattern[str], replacement: str | None) -> _View:
        """Each match replaced by `replacement` (None: the match without its spaces)."""
        matches = list(pattern.finditer(self.text))
        if not matches:
            return self
        text, starts, ends, last = [], [], [], 0
        for found in matches:
            text.append(self.text[last:found.start()])
            starts += self.starts[last:found.start()]
            ends += self.ends[last:found.start()]
            kept = [(i, char) for i, char in enumerate(found.group(), found.start()) if not char.isspace()]
            if replacement is None:
                text.append("".join(char for _, char in kept))
                starts += [self.starts[i] for i, _ in kept]
                ends += [self.ends[i] for i, _ in kept]
            else:
                text.append(replacement)
                starts += [self.starts[found.start()]] * len(replacement)
                ends += [self.ends[found.end() - 1]] * len(replacement)
            last = found.end()
        text.append(self.text[last:])
        starts += self.starts[last:]
        ends += self.ends[last:]
        return _View("".join(text), starts, ends)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def plain_view(text: str) -> _View:
    rewrites = ((_SPACED, None), *_SEPARATORS)
    # Full-width punctuation alone (Chinese and Japanese write "（", "！", "：") hides nothing;
    # full-width letters, digits, "＠" or "．" may.
    if not _FULL_WIDTH_ADDRESS.search(text) and not any(pattern.search(text) for pattern, _ in rewrites):
        return _View(text)  # nothing to undo: no offsets to keep either
    view = _View.of(text)
    for pattern, replacement in rewrites:
        view = view.rewrite(pattern, replacement)
    return view


_DIGIT_WORDS: dict[str, str] = {
    **dict.fromkeys(("zero", "oh", "null", "zéro", "cero"), "0"),
    **dict.fromkeys(("one", "eins", "un", "uno"), "1"),
    **dict.fromkeys(("two", "zwei", "zwo", "deux", "dos"), "2"),
    **dict.fromkeys(("three", "drei", "trois", "tres"), "3"),
    **dict.fromkeys(("four", "vier", "quatre", "cuatro"), "4"),
    **dict.fromkeys(("five", "fünf", "cinq", "cinco"), "5"),
    **dict.fromkeys(("six", "sechs", "seis"), "6"),
    **dict.fromkeys(("seven", "sieben", "sept", "siete"), "7"),
    **dict.fromkeys(("eight", "acht", "huit", "ocho"), "8"),
    **dict.fromkeys(("nine", "neun", "neuf", "nueve"), "9"),
}
# French numbers are read in pairs ("zéro six, douze, quarante-cinq"): each two-digit word counts
# as two digits; its value does not matter for telling a phone number.
_FRENCH_UNITS = r"un|deux|trois|quatre|cinq|six|sept|huit|neuf|onze|douze|treize|quatorze|quinze|seize"
_FRENCH_PAIRS = re.compile(
    r"(?:dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|quatre-vingts?)"
    rf"(?:-(?:et-)?(?:{_FRENCH_UNITS}|dix(?:-(?:sept|huit|neuf))?))?"
)
_DIGIT_WORD = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
# "double-zero", "triple five", "doppel-null": one word for a digit said two or three times.
_REPEATED_DIGIT = re.compile(rf"(?:double|triple|doppel|dreifach)[\s-]?(?:{_DIGIT_WORD})")
# Matched case-sensitively over the lowercased text: IGNORECASE costs the engine its first-character
# filter, and this runs on every check.
_WORD_NUMBER = re.compile(
    rf"(?<![\w-])(?:{_REPEATED_DIGIT.pattern}|{_DIGIT_WORD}|{_FRENCH_PAIRS.pattern})(?![\w-])",
)
_WORD_NUMBER_ANY_CASE = re.compile(_WORD_NUMBER.pattern, re.IGNORECASE)
_CJK_DIGITS = "零〇一二三四五六七八九幺两壹贰叁肆伍陆柒捌玖"
# Chinese or Japanese numerals, mixed with ASCII or full-width digits or not ("〇九〇‐１２３４‐五六七八"):
# a run counts when at least one of its digits is a numeral (plain digit runs are find_phones').
_MIXED_DIGITS = rf"{_CJK_DIGITS}0-9０-９"
_CJK_NUMBER = re.compile(rf"[{_MIXED_DIGITS}](?:[\s\-－‐‑–、，,·・]*[{_MIXED_DIGITS}]){{7,}}")
_CJK_NUMERAL = re.compile(rf"[{_CJK_DIGITS}]")
_KANA_DIGITS = re.compile(r"(?:ゼロ|レイ|マル|イチ|ニー|ニ|サン|ヨン|シ|ゴー|ゴ|ロク|ナナ|シチ|ハチ|キュー|キュウ|ク|[・ー\s-])+")
_KANA_DIGIT = re.compile(r"ゼロ|レイ|マル|イチ|ニー|ニ|サン|ヨン|シ|ゴー|ゴ|ロク|ナナ|シチ|ハチ|キュー|キュウ|ク")
_BETWEEN_WORDS = re.compile(r"[\s,./–—-]*")
PHONE_DIGITS = 8


def _spelled_out_numbers(text: str) -> list[Match]:
    found = []
    run: list[re.Match[str]] = []
    digits = 0

    def close() -> None:
        if digits >= PHONE_DIGITS:
            found.append(Match("phone", run[0].start(), run[-1].end(), text[run[0].start():run[-1].end()]))

    lowered = text.lower()
    # Offsets hold when lowercasing keeps the length (all but a few scripts' letters).
    words = _WORD_NUMBER.finditer(lowered) if len(lowered) == len(text) else _WORD_NUMBER_ANY_CASE.finditer(text)
    for word in words:
        if run and not _BETWEEN_WORDS.fullmatch(text[run[-1].end():word.start()]):
            close()
            run, digits = [], 0
        run.append(word)
        spoken = word.group().lower()
        digits += 1 if spoken in _DIGIT_WORDS else 3 if spoken.startswith(("triple", "dreifach")) else 2
    if run:
        close()
    found += [Match("phone", m.start(), m.end(), m.group()) for m in _CJK_NUMBER.finditer(text)
              if _CJK_NUMERAL.search(m.group())]
    for reading in _KANA_DIGITS.finditer(text):
        if len(_KANA_DIGIT.findall(reading.group())) >= PHONE_DIGITS:
            stripped = reading.group().rstrip("・ー \t-")
            start = reading.start() + len(reading.group()) - len(reading.group().lstrip("・ー \t-"))
            found.append(Match("phone", start, reading.start() + len(stripped), text[start:reading.start() + len(stripped)]))
    return found


def _detected(text: str, regions: tuple[str, ...]) -> list[Match]:
    emails = find_emails(text)
    return emails + find_links(text, emails) + find_phones(text, regions)


def find_hidden_contacts(text: str, regions: tuple[str, ...] = PHONE_REGIONS,
                         plain: list[Match] | None = None) -> list[Match]:
    """E-mails, links and phone numbers (kinds `email`, `link`, `phone`) that the plain detectors
    miss because they are written around them, with their spans in the original text. What the
    plain detectors find in the original (`plain`, when the caller has run them already; the same
    kind, overlapping) is left out."""
    view = plain_view(text)
    # Most texts hide nothing: when the rewrite changed nothing, the plain detectors said it all.
    if view.text == text and plain is not None:
        return [m for m in _spelled_out_numbers(text)
                if not any(m.kind == p.kind and m.start < p.end and p.start < m.end for p in plain)]
    seen = [(m.kind, m.start, m.end) for m in (plain if plain is not None else _detected(text, regions))]
    candidates = ([Match(m.kind, *view.original_span(m.start, m.end), "") for m in _detected(view.text, regions)]
                  if view.text != text else [])
    found = []
    for match in candidates + _spelled_out_numbers(text):
        if not any(match.kind == kind and match.start < end and start < match.end for kind, start, end in seen):
            found.append(Match(match.kind, match.start, match.end, text[match.start:match.end]))
            seen.append((match.kind, match.start, match.end))
    return found
