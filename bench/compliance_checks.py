"""Checks per second of the compliance gate on one core, for 500-character messages.

The messages are the responder's default drafts per cause (six languages) cut or padded to exactly
500 code points, a quarter of them with a phone number appended inside the 500 so that the
libphonenumber path is exercised. One process, one thread: one core.
Usage: python bench/compliance_checks.py [SECONDS] [--profile]
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from datetime import UTC, datetime

from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import shipped_model
from reviewops.common.events.payloads import CauseScore, Classification, ReviewSnapshot
from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.responder.domain.composition import CAUSES
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.templates import EDITABLE_CHANNELS, TemplateBook

LENGTH = 500
# A sentence that names a review, per language: with it every review-dependent pattern runs.
MENTIONS_A_REVIEW = {
    "en": "We have read your review carefully. ", "de": "Wir haben Ihre Bewertung gelesen. ",
    "fr": "Nous avons lu votre avis. ", "es": "Hemos leído su reseña. ",
    "ja": "レビューを拝見しました。", "zh": "我们认真阅读了您的评价。",
}


def default_drafts() -> list[tuple[str, str, str]]:
    """(text, channel, language): the default draft of each cause, as composed for a plain review."""
    book, drafts = TemplateBook.defaults(), []
    at = datetime(2026, 11, 20, tzinfo=UTC)
    review = ReviewSnapshot(review_key="demo:US:seller_feedback:111-1234567-1234567", tenant_id="demo",
                            marketplace="US", kind="seller_feedback", external_id="111-1234567-1234567", version=1,
                            content_hash="0" * 64, rating=1, title="", body="", created_at=at, updated_at=at,
                            order_id="111-1234567-1234567", fulfillment="MFN")
    for channel in EDITABLE_CHANNELS:
        for language in SUPPORTED_LANGUAGES:
            for cause in CAUSES:
                classification = Classification(model_version="bench", primary_cause=cause,
                                                causes=[CauseScore(label=cause, score=1.0)], language=language,
                                                detected_language=language)
                drafts.append((book.compose(channel, language, review, classification, TenantSettings()),
                               channel, language))
    return drafts


def corpus(mention_review: bool = False) -> list[tuple[str, str, str]]:
    messages = []
    for text, channel, language in default_drafts():
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
