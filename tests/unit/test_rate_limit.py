"""Per-key rate limits: bursts up to the limit, then the average rate, and an honest Retry-After."""

from __future__ import annotations

from reviewops.common.api.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_the_key_waits_until_a_token_returns():
    clock = Clock()
    limiter = RateLimiter(rate=2.0, burst=3, clock=clock)
    assert [limiter.wait_seconds(b"k") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_seconds(b"k") == 1, "over the burst: wait for the next token (0.5 s, rounded up)"
    clock.now += 0.5
    assert limiter.wait_seconds(b"k") == 0
    assert limiter.wait_seconds(b"k") == 1


def test_keys_have_their_own_buckets_and_refill_up_to_the_burst_only():
    clock = Clock()
    limiter = RateLimiter(rate=1.0, burst=2, clock=clock)
    assert [limiter.wait_seconds(b"a") for _ in range(3)] == [0, 0, 1]
    assert limiter.wait_seconds(b"b") == 0, "another key is not slowed by the first"
    clock.now += 3600
    assert [limiter.wait_seconds(b"a") for _ in range(3)] == [0, 0, 1], "an idle hour does not bank more than the burst"


def test_a_slow_rate_says_how_many_seconds_to_wait():
    clock = Clock()
    limiter = RateLimiter(rate=0.1, burst=1, clock=clock)
    assert limiter.wait_seconds(b"k") == 0
    assert limiter.wait_seconds(b"k") == 10
