"""The spike rule: recent share well above the baseline, with minimum counts."""

from __future__ import annotations

from collections import Counter

from reviewops.classifier.domain.spikes import MIN_BASELINE_REVIEWS, MIN_RECENT_COUNT, spiking

BASELINE = Counter(product_quality=16, logistics=2, preference=2)  # logistics 10% of 20


def test_a_cause_well_above_its_baseline_with_enough_reviews_is_a_spike():
    recent = Counter(logistics=6, product_quality=3)
    [reading] = spiking(recent, BASELINE)
    assert reading.cause == "logistics" and reading.recent_count == 6
    assert reading.recent_share == round(6 / 9, 4) and reading.baseline_share == 0.1


def test_too_few_recent_reviews_are_not_a_spike_however_high_the_share():
    assert spiking(Counter(logistics=MIN_RECENT_COUNT - 1), BASELINE) == []


def test_a_steady_share_is_not_a_spike():
    assert spiking(Counter(product_quality=8, logistics=1, preference=1), BASELINE) == []


def test_a_small_lift_is_not_a_spike_even_when_doubled():
    baseline = Counter(logistics=1, product_quality=99)  # 1%
    recent = Counter(logistics=5, product_quality=95)  # 5%: five times, but only four points more
    assert spiking(recent, baseline) == []


def test_a_new_product_has_no_baseline_and_no_spike():
    assert spiking(Counter(logistics=9), Counter(logistics=MIN_BASELINE_REVIEWS - 1)) == []
    assert spiking(Counter(), BASELINE) == []
