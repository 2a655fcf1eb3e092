"""fold_submissions: one batch decided in order, in memory, before ingest writes it (invariant 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reviewops.ingest.domain.reviews import CurrentVersion, IngestResult, Submission, content_hash, fold_submissions

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def submission(body: str, hours: float = 0, external_id: str = "R1") -> Submission:
    return Submission(marketplace="US", kind="product_review", external_id=external_id, rating=2, body=body,
                      created_at=T0, updated_at=T0 + timedelta(hours=hours), asin="B0EXAMPLE1")


def test_a_batch_with_two_versions_of_one_review_makes_the_later_one_its_head() -> None:
    first, second, other = submission("v1"), submission("v2", 1), submission("x", external_id="R2")
    folded = fold_submissions(["a", "a", "b"], [first, second, other], {})
    assert [(s.key, s.decision.result, s.decision.version) for s in folded.steps] == [
        ("a", IngestResult.CREATED, 1), ("a", IngestResult.UPDATED, 2), ("b", IngestResult.CREATED, 1)]
    assert list(folded.heads) == ["a", "b"]
    assert folded.heads["a"].submission is second
    assert folded.head_times == {"a": second.effective_updated_at, "b": other.effective_updated_at}
    assert folded.current["a"] == CurrentVersion(2, content_hash(second), second.effective_updated_at)
    assert folded.advanced == {}


def test_a_stale_submission_is_a_step_but_no_head() -> None:
    current = {"a": CurrentVersion(3, "h" * 64, T0 + timedelta(hours=5))}
    folded = fold_submissions(["a"], [submission("older edit", 1)], current)
    assert [s.decision.result for s in folded.steps] == [IngestResult.STALE]
    assert folded.heads == {} and folded.advanced == {}
    assert folded.current == current


def test_a_duplicate_with_a_later_time_moves_the_current_time_without_a_version() -> None:
    seen = submission("same")
    current = {"a": CurrentVersion(1, content_hash(seen), seen.effective_updated_at)}
    folded = fold_submissions(["a"], [submission("same", 2)], current)
    assert [s.decision.result for s in folded.steps] == [IngestResult.DUPLICATE]
    assert folded.heads == {}
    assert folded.advanced == {"a": T0 + timedelta(hours=2)}


def test_a_duplicate_after_a_new_version_in_the_same_batch_moves_the_heads_time() -> None:
    folded = fold_submissions(["a", "a"], [submission("v1"), submission("v1", 3)], {})
    assert [s.decision.result for s in folded.steps] == [IngestResult.CREATED, IngestResult.DUPLICATE]
    assert folded.head_times == {"a": T0 + timedelta(hours=3)}
    assert folded.advanced == {}, "the head row carries the later time; nothing else moves"


def test_same_time_submissions_of_one_review_with_different_content_are_conflicts_that_change_nothing() -> None:
    current = {"a": CurrentVersion(1, "h" * 64, T0 - timedelta(hours=1))}
    one, other, elsewhere = submission("one", 1), submission("other", 1), submission("x", 1, external_id="R2")
    folded = fold_submissions(["a", "b", "a"], [one, elsewhere, other], current)
    assert [(s.key, s.decision.result, s.decision.version) for s in folded.steps] == [
        ("a", IngestResult.CONFLICT, None), ("b", IngestResult.CREATED, 1), ("a", IngestResult.CONFLICT, None)]
    assert list(folded.heads) == ["b"] and folded.advanced == {}
    assert folded.current["a"] == current["a"], "neither is kept, whichever came first"


def test_a_conflict_leaves_the_reviews_other_submissions_of_the_batch_alone() -> None:
    earlier, one, same_again, other = submission("v1"), submission("one", 2), submission("one", 2), submission("two", 2)
    folded = fold_submissions(["a"] * 4, [earlier, one, same_again, other], {})
    assert [s.decision.result for s in folded.steps] == [IngestResult.CREATED, IngestResult.CONFLICT,
                                                         IngestResult.CONFLICT, IngestResult.CONFLICT]
    assert folded.current["a"] == CurrentVersion(1, content_hash(earlier), T0)


def test_the_same_content_twice_at_the_same_time_is_no_conflict() -> None:
    folded = fold_submissions(["a", "a"], [submission("same", 1), submission("same", 1)], {})
    assert [s.decision.result for s in folded.steps] == [IngestResult.CREATED, IngestResult.DUPLICATE]
