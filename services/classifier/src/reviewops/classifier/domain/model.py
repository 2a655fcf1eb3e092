"""The first cause model: cue-phrase votes per cause, turned into scores in [0, 1]."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from reviewops.classifier.domain.lexicon import CUES

MODEL_VERSION = "cues-0.1"
SCORE_THRESHOLD = 0.2
# When two causes weigh the same, the first actionable one in this order is primary (taxonomy.md).
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


@dataclass(frozen=True)
class CauseVote:
    label: str
    score: float


@lru_cache(maxsize=1024)
def cue_hits(text: str) -> dict[str, int]:
    """How many cue phrases of each cause occur in the text (cached: the score blend and the
    removal signals both ask, for the same text)."""
    lowered = text.lower()
    return {cause: len(pattern.findall(lowered)) for cause, pattern in _PATTERNS.items()}


def score_causes(text: str) -> list[CauseVote]:
    """Causes above the threshold, highest first (primary first); `other` when nothing matched."""
    hits = cue_hits(text)
    total = sum(hits.values())
    if total == 0:
        return [CauseVote("other", 1.0)]
    votes = sorted(
        (CauseVote(cause, round(hits[cause] / total, 4)) for cause in CAUSE_ORDER if hits[cause]),
        key=lambda vote: (-vote.score, CAUSE_ORDER.index(vote.label)),
    )
    # The primary cause is always reported, even when many causes share the votes thinly.
    return [votes[0], *(vote for vote in votes[1:] if vote.score >= SCORE_THRESHOLD)]
