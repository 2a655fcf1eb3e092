"""Spike detection: a cause whose recent share for one ASIN is well above its baseline. Pure.

The rule (also in docs/classifier.md): over the last RECENT_DAYS, a cause is spiking when it has
at least MIN_RECENT_COUNT reviews, its share is at least RATIO times its share over the
BASELINE_WEEKS before, and at least MIN_LIFT above it; the baseline needs MIN_BASELINE_REVIEWS
reviews, so a new product's first complaints are not a spike. A spike is announced once, when it
starts, and ends when the rule stops holding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

RECENT_DAYS = 7
BASELINE_WEEKS = 8
MIN_RECENT_COUNT = 5
MIN_BASELINE_REVIEWS = 5
RATIO = 2.0
MIN_LIFT = 0.2


@dataclass(frozen=True)
class SpikeReading:
    cause: str
    recent_count: int
    recent_share: float
    baseline_share: float


def spiking(recent: Mapping[str, int], baseline: Mapping[str, int]) -> list[SpikeReading]:
    """The causes spiking now, given review counts per cause in the recent and baseline windows."""
    recent_total, baseline_total = sum(recent.values()), sum(baseline.values())
    if recent_total == 0 or baseline_total < MIN_BASELINE_REVIEWS:
        return []
    readings = []
    for cause, count in sorted(recent.items()):
        recent_share = count / recent_total
        baseline_share = baseline.get(cause, 0) / baseline_total
        if (count >= MIN_RECENT_COUNT and recent_share >= RATIO * baseline_share
                and recent_share - baseline_share >= MIN_LIFT):
            readings.append(SpikeReading(cause, count, round(recent_share, 4), round(baseline_share, 4)))
    return readings
