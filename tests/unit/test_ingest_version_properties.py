"""Invariant 5 as properties (Hypothesis): whatever order one review's submissions arrive in, in one
batch or spread over several, ingest's fold ends with the same current version, the newest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reviewops.ingest.domain.reviews import CurrentVersion, Submission, content_hash, fold_submissions

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
KEY = "demo:US:product_review:R1"

# Few contents and few times, so that duplicates, equal times and reverts are drawn often.
contents = st.tuples(st.integers(1, 5), st.sampled_from(["", "Late."]), st.sampled_from(["Broken.", "Loud."]),
                     st.booleans())
hours = st.integers(0, 5)


def submission(content: tuple[int, str, str, bool], hour: int) -> Submission:
    rating, title, body, deleted = content
    return Submission(marketplace="US", kind="product_review", external_id="R1", rating=rating, title=title,
                      body=body, deleted=deleted, created_at=T0, updated_at=T0 + timedelta(hours=hour),
                      asin="B0EXAMPLE1")


any_submissions = st.lists(st.builds(submission, contents, hours), min_size=1, max_size=8)


def folded(batches: Sequence[Sequence[Submission]]) -> tuple[str, datetime] | None:
    """The review's current version (content, time) after its batches, one after the other."""
    current: dict[str, CurrentVersion] = {}
    for batch in batches:
        current = fold_submissions([KEY] * len(batch), batch, current).current
    head = current.get(KEY)
    return None if head is None else (head.content_hash, head.updated_at)


def newest(submissions: Sequence[Submission]) -> tuple[str, datetime] | None:
    """The expected current version: the content of the latest time that only one content claims."""
    claims: dict[datetime, set[str]] = defaultdict(set)
    for item in submissions:
        claims[item.effective_updated_at].add(content_hash(item))
    uncontested = [time for time, hashes in claims.items() if len(hashes) == 1]
    if not uncontested:
        return None
    latest = max(uncontested)
    return next(iter(claims[latest])), latest


@given(any_submissions, st.data())
def test_any_order_of_one_batch_ends_with_the_same_current_version(submissions: list[Submission],
                                                                   data: st.DataObject) -> None:
    reordered = data.draw(st.permutations(submissions))
    assert folded([reordered]) == folded([submissions]) == newest(submissions)


@given(st.dictionaries(hours, contents, min_size=1), st.data())
def test_any_order_over_any_batches_ends_with_the_newest_version(content_at: dict[int, tuple], data: st.DataObject) -> None:
    # One content per time: ties across requests are stale by DESIGN.md, so only then is the end
    # state independent of how the submissions were split into requests.
    times = data.draw(st.lists(st.sampled_from(sorted(content_at)), min_size=1, max_size=8))
    submissions = [submission(content_at[hour], hour) for hour in times]
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(submissions) - 1)), max_size=len(submissions))))
    bounds = [0, *[cut for cut in cuts if cut < len(submissions)], len(submissions)]
    batches = [submissions[start:end] for start, end in zip(bounds, bounds[1:], strict=False) if end > start]
    assert folded(batches) == newest(submissions)
