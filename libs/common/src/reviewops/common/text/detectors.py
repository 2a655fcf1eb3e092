"""Detectors of contact data, links and profanity, first version (regular expressions).

Shared by the classifier (removal signals) and compliance (rules). The compliance and
classifier issues extend them with maintained libraries for phone numbers, URLs and
e-mail addresses.
"""

from __future__ import annotations

import re

from reviewops.common.text.spans import Match

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Written-out addresses: "name at gmail dot com", "name (at) example (dot) org", "name at gmail.com".
# A spelled-out "at" needs a spelled-out "dot" or a known mail provider, so prose such as
# "look at this. Thank you" is not an address.
_SPELLED_AT = r"(?:\s*[(\[]at[)\]]\s*|\s+at\s+)"
_SPELLED_DOT = r"(?:\s*[(\[]dot[)\]]\s*|\s+dot\s+)"
_MAIL_PROVIDERS = r"(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|aol|gmx|web|proton(?:mail)?|qq|163|126)"
_WRITTEN_EMAIL = re.compile(
    rf"[A-Za-z0-9._%+-]+(?:@|{_SPELLED_AT})[A-Za-z0-9-]+(?:{_SPELLED_DOT}[A-Za-z]{{2,}})+"
    rf"|[A-Za-z0-9._%+-]+{_SPELLED_AT}{_MAIL_PROVIDERS}\.[A-Za-z]{{2,}}",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9-]+\.(?:com|net|org|de|co\.uk|fr|es|it|jp|cn|io|shop|store)\b(?:/[^\s<>\"']*)?"
    # Spelled-out dots only with unmistakable endings: "point de" is everyday French and
    # "punto es" everyday Spanish, but "punkt de" is a German address.
    r"|\b[a-z0-9-]+\s(?:dot|punkt|point|punto)\s(?:com|net|org|shop)\b"
    r"|\b[a-z0-9-]+\s(?:dot|punkt)\s(?:de|co\.uk|io)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,15}(?:[\s.-]\d{2,8}){0,4}(?!\w)")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_PROFANITY = re.compile(
    r"\b(?:crap|shit|fuck\w*|damn|bullshit|scheiße|scheisse|mist|merde|putain|mierda|joder)\b|垃圾|他妈的|くそ|クソ",
    re.IGNORECASE,
)


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> list[Match]:
    return [Match(kind, found.start(), found.end(), found.group()) for found in pattern.finditer(text)]


def find_emails(text: str) -> list[Match]:
    plain = _matches("email", _EMAIL, text)
    written = [m for m in _matches("email", _WRITTEN_EMAIL, text)
               if not any(p.start < m.end and m.start < p.end for p in plain)]
    return sorted(plain + written, key=lambda match: match.start)


def find_links(text: str) -> list[Match]:
    emails = find_emails(text)
    return [
        link
        for link in _matches("link", _LINK, text)
        if not any(email.start <= link.start < email.end for email in emails)
    ]


def find_phones(text: str) -> list[Match]:
    """Digit runs that look like a phone number: 7 to 15 digits, not a date; an unbroken run
    needs a leading + or at least 10 digits (shorter ones are usually model or order numbers)."""
    found = []
    for match in _matches("phone", _PHONE, text):
        digits = sum(char.isdigit() for char in match.text)
        grouped = not match.text.isdigit()
        if not 7 <= digits <= 15 or _DATE.fullmatch(match.text):
            continue
        if grouped or digits >= 10:
            found.append(match)
    return found


def find_profanity(text: str) -> list[Match]:
    return _matches("profanity", _PROFANITY, text)
