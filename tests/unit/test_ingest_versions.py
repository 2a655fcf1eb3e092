"""Review identity, content hash and the version decision (DESIGN.md: Review identity and versions; invariant 5)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from reviewops.ingest.domain.reviews import (
    CurrentVersion,
    IngestResult,
    Submission,
    content_hash,
    decide,
    fold_submissions,
    review_key,
)

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def submission(**overrides) -> Submission:
    fields = dict(marketplace="US", kind="product_review", external_id="R2EXAMPLE0001", rating=2,
                  body="Stopped heating after a week.", created_at=T0, title="Broken", asin="B0EXAMPLE1")
    fields.update(overrides)
    return Submission(**fields)


def current_of(sub: Submission, version: int = 1) -> CurrentVersion:
    return CurrentVersion(version, content_hash(sub), sub.effective_updated_at)


def fold_one_review(submissions: list[Submission]) -> tuple[CurrentVersion | None, list[IngestResult]]:
    """One review's submissions through ingest's own batch fold: its current version after, and the results."""
    folded = fold_submissions(["k"] * len(submissions), submissions, {})
    return folded.current.get("k"), [step.decision.result for step in folded.steps]


def test_review_key_is_tenant_marketplace_kind_external_id():
    sub = submission(marketplace="DE", kind="seller_feedback", external_id="302-1234567-7654321")
    assert review_key("acme", sub) == "acme:DE:seller_feedback:302-1234567-7654321"


def test_review_key_separates_tenants_and_marketplaces():
    sub = submission()
    keys = {review_key("a", sub), review_key("b", sub), review_key("a", replace(sub, marketplace="UK"))}
    assert len(keys) == 3


@pytest.mark.parametrize("change", [
    {"rating": 1}, {"title": "Other title"}, {"body": "Different body."}, {"deleted": True},
])
def test_content_hash_covers_rating_title_body_and_deleted(change):
    assert content_hash(submission(**change)) != content_hash(submission())


@pytest.mark.parametrize("change", [
    {"updated_at": T0 + timedelta(days=3)}, {"language": "de"}, {"verified_purchase": True},
    {"created_at": T0 - timedelta(days=1)}, {"order_completed_at": T0},
])
def test_content_hash_ignores_what_a_reader_does_not_see(change):
    assert content_hash(submission(**change)) == content_hash(submission())


def test_content_hash_is_stable_and_unicode_safe():
    sub = submission(body="壊れました 𠮷 kaputt")
    assert content_hash(sub) == content_hash(submission(body="壊れました 𠮷 kaputt"))
    assert len(content_hash(sub)) == 64


def test_effective_updated_at_defaults_to_created_at():
    assert submission().effective_updated_at == T0
    assert submission(updated_at=T0 + timedelta(hours=1)).effective_updated_at == T0 + timedelta(hours=1)


def test_first_submission_is_created_as_version_1():
    decision = decide(None, submission())
    assert (decision.result, decision.version) == (IngestResult.CREATED, 1)


def test_same_content_is_duplicate_even_with_a_newer_updated_at():
    first = submission()
    decision = decide(current_of(first), replace(first, updated_at=T0 + timedelta(days=1)))
    assert (decision.result, decision.version) == (IngestResult.DUPLICATE, None)


def test_changed_content_with_newer_updated_at_is_the_next_version():
    first = submission()
    decision = decide(current_of(first, version=4), submission(rating=1, updated_at=T0 + timedelta(minutes=1)))
    assert (decision.result, decision.version) == (IngestResult.UPDATED, 5)


@pytest.mark.parametrize("delta", [timedelta(0), -timedelta(seconds=1), -timedelta(days=30)])
def test_changed_content_not_newer_is_stale(delta):
    current = CurrentVersion(3, content_hash(submission()), T0 + timedelta(days=1))
    decision = decide(current, submission(rating=5, updated_at=T0 + timedelta(days=1) + delta))
    assert (decision.result, decision.version) == (IngestResult.STALE, None)


def test_edit_without_updated_at_is_stale_against_a_later_current_version():
    current = CurrentVersion(2, "x" * 64, T0 + timedelta(hours=2))
    assert decide(current, submission(body="edited, but no updated_at")).result is IngestResult.STALE


def test_a_deletion_with_newer_updated_at_is_an_update():
    first = submission()
    decision = decide(current_of(first), replace(first, deleted=True, updated_at=T0 + timedelta(hours=1)))
    assert decision.result is IngestResult.UPDATED


DISTINCT_VERSIONS = [
    submission(rating=3, body="v1", updated_at=T0),
    submission(rating=2, body="v2", updated_at=T0 + timedelta(hours=1)),
    submission(rating=1, body="v3", updated_at=T0 + timedelta(hours=2)),
    submission(rating=1, body="v3", deleted=True, updated_at=T0 + timedelta(hours=3)),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(DISTINCT_VERSIONS)))))
def test_newest_version_wins_whatever_the_arrival_order(order):
    current, results = fold_one_review([DISTINCT_VERSIONS[i] for i in order])
    newest = DISTINCT_VERSIONS[-1]
    assert current.content_hash == content_hash(newest)
    assert current.updated_at == newest.effective_updated_at
    assert results[0] is IngestResult.CREATED
    assert results.count(IngestResult.CREATED) == 1
    # every accepted update moves forward in time, so the version count equals the accepted submissions
    assert current.version == 1 + results.count(IngestResult.UPDATED)


def test_resubmitting_everything_again_changes_nothing():
    current, _ = fold_one_review(DISTINCT_VERSIONS)
    again = [decide(current, sub).result for sub in DISTINCT_VERSIONS]
    assert again == [IngestResult.STALE, IngestResult.STALE, IngestResult.STALE, IngestResult.DUPLICATE]


REVERTED = [
    submission(body="B", updated_at=T0 + timedelta(hours=2)),  # B as first seen
    submission(body="B", updated_at=T0 + timedelta(hours=3)),  # B re-sent with the marketplace's later edit time
    submission(body="A", updated_at=T0 + timedelta(hours=2, minutes=30)),  # an older edit, arriving last
]


def test_newest_wins_when_a_duplicate_carries_the_newest_time():
    current, _ = fold_one_review(REVERTED)
    assert current.content_hash == content_hash(REVERTED[1])
