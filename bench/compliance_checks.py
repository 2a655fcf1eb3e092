"""Checks per second of the compliance gate on one core, for 500-character messages.

The messages are the responder's default templates (six languages) cut or padded to exactly
500 code points, a quarter of them with a phone number appended inside the 500 so that the
libphonenumber path is exercised. One process, one thread: one core.
Usage: python bench/compliance_checks.py [SECONDS] [--profile]
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import shipped_model
from reviewops.responder.domain.templates import TemplateBook

LENGTH = 500
# A sentence that names a review, per language: with it every review-dependent pattern runs.
MENTIONS_A_REVIEW = {
    "en": "We have read your review carefully. ", "de": "Wir haben Ihre Bewertung gelesen. ",
    "fr": "Nous avons lu votre avis. ", "es": "Hemos leído su reseña. ",
    "ja": "レビューを拝見しました。", "zh": "我们认真阅读了您的评价。",
}


def corpus(mention_review: bool = False) -> list[tuple[str, str, str]]:
    book = TemplateBook.defaults()
    messages = []
    for channel, languages in book.texts.items():
        for language, causes in languages.items():
            for text in causes.values():
                text = text.replace("{{ seller_name }}", "Mia")
                if mention_review:
                    text = MENTIONS_A_REVIEW[language] + text
                text = (text + " " + text)[:LENGTH]
                if len(messages) % 4 == 0:
                    text = text[: LENGTH - 20] + " Tel +49 30 1234567"[:20]
                messages.append((text.ljust(LENGTH), channel, language))
    return messages


def run(messages: list[tuple[str, str, str]], seconds: float) -> tuple[int, float]:
    model = shipped_model()
    checked, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for text, channel, language in messages:
            check_message(text, channel, language, {"buyer_language": language}, second_opinion=model)
        checked += len(messages)
    return checked, time.process_time() - started


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1][0].isdigit() else 5.0
    for name, messages in (("default drafts", corpus()), ("drafts that mention a review", corpus(True))):
        assert all(len(text) == LENGTH for text, _, _ in messages)
        run(messages, 0.5)  # warm-up: compiled patterns, phone metadata
        if "--profile" in sys.argv:
            profile = cProfile.Profile()
            profile.enable()
            run(messages, seconds)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(12)
            continue
        checked, cpu = run(messages, seconds)
        print(f"compliance checks, {name}, {len(messages)} distinct {LENGTH}-character messages, one core: "
              f"{checked / cpu:.0f} checks/s ({cpu / checked * 1e6:.0f} µs per check)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
