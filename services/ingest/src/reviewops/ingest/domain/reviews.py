"""Review identity, content hashing and the version decision (DESIGN.md: Review identity and versions).

Pure: no I/O, no framework.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum


class IngestResult(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    STALE = "stale"
    # Two submissions of one review in one batch with the same updated_at and different content:
    # neither can be told to be the later edit, so neither is stored (docs/decisions.md).
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Submission:
    """A review as a partner submitted it, already validated at the edge."""

    marketplace: str
    kind: str
    external_id: str
    rating: int
    body: str
    created_at: datetime
    title: str = ""
    asin: str | None = None
    order_id: str | None = None
    fulfillment: str | None = None
    updated_at: datetime | None = None
    deleted: bool = False
    language: str | None = None
    verified_purchase: bool | None = None
    order_completed_at: datetime | None = None
    feedback_answers: Mapping[str, bool | None] | None = None  # seller feedback's yes/no answers
    product_title: str | None = None

    @property
    def effective_updated_at(self) -> datetime:
        """The marketplace's last edit time; a submission without one was never edited."""
        return self.updated_at or self.created_at


# Before the first marketplace reviews: a date this old is a partner's default value, not a review's.
EARLIEST_REVIEW_TIME = datetime(1995, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DateWindow:
    """When a submission's times may lie. A time far in the future would make every later,
    corrected submission `stale` until then, so it is refused rather than stored."""

    future_tolerance: timedelta = timedelta(hours=24)

    def problems(self, submission: Submission, now: datetime) -> list[tuple[str, str]]:
        """(field, message) for each time outside the window, as of `now`."""
        latest = now + self.future_tolerance
        found = []
        for name in ("created_at", "updated_at", "order_completed_at"):
            value = getattr(submission, name)
            if value is None:
                continue
            if value < EARLIEST_REVIEW_TIME:
                found.append((name, f"must not be before {EARLIEST_REVIEW_TIME.date().isoformat()}"))
            elif value > latest:
                hours = self.future_tolerance.total_seconds() / 3600
                found.append((name, f"must not be more than {hours:g} hours ahead of the current time"))
        return found


@dataclass(frozen=True)
class CurrentVersion:
    """What decides the fate of the next submission: the current version's hash, time and number."""

    version: int
    content_hash: str
    updated_at: datetime


@dataclass(frozen=True)
class Decision:
    """What a submission is, and the version number it became, if it became one."""

    result: IngestResult
    version: int | None  # the new current version number; None for duplicate and stale


def review_key(tenant_id: str, submission: Submission) -> str:
    """`{tenant_id}:{marketplace}:{kind}:{external_id}` (DESIGN.md)."""
    return f"{tenant_id}:{submission.marketplace}:{submission.kind}:{submission.external_id}"


def content_hash(submission: Submission) -> str:
    """Covers rating, title, body and deleted: what makes a version different to a reader."""
    canonical = json.dumps(
        [submission.rating, submission.title, submission.body, submission.deleted], ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def decide(current: CurrentVersion | None, submission: Submission) -> Decision:
    """What a submission is, compared with the current version."""
    if current is None:
        return Decision(IngestResult.CREATED, 1)
    if content_hash(submission) == current.content_hash:
        return Decision(IngestResult.DUPLICATE, None)
    if submission.effective_updated_at > current.updated_at:
        return Decision(IngestResult.UPDATED, current.version + 1)
    return Decision(IngestResult.STALE, None)


def decide_next(current: CurrentVersion | None, submission: Submission) -> tuple[Decision, CurrentVersion | None]:
    """The decision and the current version after it: newest wins by updated_at, whatever the order.

    A duplicate with a newer edit time makes no new version but moves the current one's time
    forward, so an older edit arriving afterwards is recognised as stale.
    """
    decision = decide(current, submission)
    updated_at = submission.effective_updated_at
    if decision.version is not None:
        return decision, CurrentVersion(decision.version, content_hash(submission), updated_at)
    if decision.result is IngestResult.DUPLICATE and current is not None and updated_at > current.updated_at:
        return decision, CurrentVersion(current.version, current.content_hash, updated_at)
    return decision, current


@dataclass(frozen=True)
class Step:
    """What one submission of a batch turned out to be."""

    key: str
    submission: Submission
    decision: Decision
    content_hash: str


@dataclass(frozen=True)
class BatchFold:
    """A batch folded in order: every submission's step, and what the writes must leave behind."""

    steps: list[Step]  # one per submission, in order: new versions and stale ones are kept as history
    heads: dict[str, Step]  # per review that got a version in the batch: the step of its last one
    head_times: dict[str, datetime]  # the updated_at each of those heads ends the batch with
    advanced: dict[str, datetime]  # reviews with no new version whose current version's time moved on
    current: dict[str, CurrentVersion]  # every review's current version after the batch


def same_time_conflicts(keys: Sequence[str], submissions: Sequence[Submission]) -> set[int]:
    """The positions of the submissions that share their review and updated_at with another of the
    batch whose content differs."""
    contents: dict[tuple[str, datetime], set[str]] = defaultdict(set)
    for key, submission in zip(keys, submissions, strict=True):
        contents[key, submission.effective_updated_at].add(content_hash(submission))
    return {index for index, (key, submission) in enumerate(zip(keys, submissions, strict=True))
            if len(contents[key, submission.effective_updated_at]) > 1}


def fold_submissions(keys: Sequence[str], submissions: Sequence[Submission],
                     current: Mapping[str, CurrentVersion]) -> BatchFold:
    """Decide a batch in order, in memory (a batch may carry one review several times), from the
    current versions before it: the steps, the heads to store, and the times to move forward.

    Same-time conflicts (see same_time_conflicts) are steps with the result CONFLICT that change
    nothing, so what the batch leaves behind does not depend on where in it they stand."""
    current = dict(current)
    conflicts = same_time_conflicts(keys, submissions)
    steps: list[Step] = []
    heads: dict[str, Step] = {}
    head_times: dict[str, datetime] = {}
    advanced: dict[str, datetime] = {}
    for index, (key, submission) in enumerate(zip(keys, submissions, strict=True)):
        if index in conflicts:
            steps.append(Step(key, submission, Decision(IngestResult.CONFLICT, None), content_hash(submission)))
            continue
        before = current.get(key)
        decision, after = decide_next(before, submission)
        step = Step(key, submission, decision, content_hash(submission))
        if decision.version is not None:
            heads[key] = step
            head_times[key] = submission.effective_updated_at
            advanced.pop(key, None)
        elif decision.result is not IngestResult.STALE and after is not None and before is not None \
                and after.updated_at > before.updated_at:
            if key in heads:
                head_times[key] = after.updated_at
            else:
                advanced[key] = after.updated_at
        if after is not None:
            current[key] = after
        steps.append(step)
    return BatchFold(steps, heads, head_times, advanced, current)
