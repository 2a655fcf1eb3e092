"""make up posts the sample reviews as fresh ones, each keeping the time from its order to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from reviewops.devstack.samples import as_if_recent, load_samples

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reviews.jsonl"


def parsed(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_every_sample_was_written_in_the_last_hour_and_keeps_its_order_gap():
    samples = load_samples(SAMPLES)
    moved = as_if_recent(samples, NOW)
    assert len(moved) == len(samples)
    for before, after in zip(samples, moved, strict=True):
        assert NOW - timedelta(hours=1) <= parsed(after["created_at"]) < NOW
        if "order_completed_at" in before:
            assert parsed(after["created_at"]) - parsed(after["order_completed_at"]) == \
                parsed(before["created_at"]) - parsed(before["order_completed_at"])
        assert {k: v for k, v in after.items() if not k.endswith("_at")} == \
            {k: v for k, v in before.items() if not k.endswith("_at")}
