"""Detectors of contact data, links and profanity, first version (regular expressions).

Shared by the classifier (removal signals) and compliance (rules). The compliance and
classifier issues extend them with maintained libraries for phone numbers, URLs and
e-mail addresses.
"""

from __future__ import annotations

import re

from reviewops.common.text.spans import Match

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\]|\sat\s)\s*[A-Za-z0-9-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\sdot\s)\s*[A-Za-z]{2,})+",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.|\s(?:dot|punkt|point|punto)\s)(?:com|net|org|de|co\.uk|fr|es|jp|cn|io|shop)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,3}(?!\w)")
_PROFANITY = re.compile(
    r"\b(?:crap|shit|fuck\w*|damn|bullshit|scheiße|scheisse|mist|merde|putain|mierda|joder)\b|垃圾|他妈的|くそ|クソ",
    re.IGNORECASE,
)


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> list[Match]:
    return [Match(kind, found.start(), found.end(), found.group()) for found in pattern.finditer(text)]


def find_emails(text: str) -> list[Match]:
    return _matches("email", _EMAIL, text)


def find_links(text: str) -> list[Match]:
    emails = find_emails(text)
    return [
        link
        for link in _matches("link", _LINK, text)
        if not any(email.start <= link.start < email.end for email in emails)
    ]


def find_phones(text: str) -> list[Match]:
    """Digit groups that look like a phone number: at least 7 digits, not a date."""
    found = []
    for match in _matches("phone", _PHONE, text):
        digits = sum(char.isdigit() for char in match.text)
        if 7 <= digits <= 15 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.text.strip()):
            found.append(match)
    return found


def find_profanity(text: str) -> list[Match]:
    return _matches("profanity", _PROFANITY, text)
