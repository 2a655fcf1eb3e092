"""Cue-phrase counts per cause: evidence blended into the trained model's scores, and the basis of
the whole-text removal signals (fulfillment_only, product_review_only)."""

from __future__ import annotations

import re
from functools import lru_cache

from reviewops.classifier.domain.lexicon import CUES

SCORE_THRESHOLD = 0.2
# The actionable causes in taxonomy.md's order; the model's labels are these and `other`.
CAUSE_ORDER = ("product_quality", "logistics", "instructions", "expectations", "preference", "seller_service")


def _cue_pattern(cue: str) -> str:
    """Latin-script cues match whole words only ('late' must not match 'chocolate'); CJK cues anywhere."""
    escaped = re.escape(cue)
    written_with_spaces = cue[0] < "\u3000"  # below the CJK blocks: words are delimited
    return rf"(?<!\w){escaped}(?!\w)" if written_with_spaces else escaped


# Matched case-sensitively against lowercased text: case-insensitive Unicode matching defeats the
# regular-expression engine's first-character filter (about three times slower), and counting
# needs no offsets into the original.
_PATTERNS = {
    cause: re.compile("|".join(_cue_pattern(cue.lower()) for cue in sorted(cues, key=len, reverse=True)))
    for cause, cues in CUES.items()
}


@lru_cache(maxsize=1024)
def cue_hits(text: str) -> dict[str, int]:
    """How many cue phrases of each cause occur in the text (cached: the score blend and the
    removal signals both ask, for the same text)."""
    lowered = text.lower()
    return {cause: len(pattern.findall(lowered)) for cause, pattern in _PATTERNS.items()}
