"""In-memory fakes of each service's repositories and clients, for handler unit tests through `wire`.

They keep rows the way the real tables' unique keys do (one classification or verdict per review
version and classification revision, one draft per review version, revision and channel), so a
handler's idempotence shows against them.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from reviewops.classifier.adapters.repository import StoredClassification
from reviewops.common.errors import DependencyUnavailable
from reviewops.common.events.payloads import Classification, ReviewSnapshot, Verdict
from reviewops.ingest.adapters.repository import CurrentRow, HistoryRow, VersionRow
from reviewops.ingest.domain.reviews import CurrentVersion
from reviewops.responder.adapters.repository import AUDITED, ReviewHead
from reviewops.responder.domain.checking import CheckOutcome, CheckRequest
from reviewops.responder.domain.drafts import Draft, Head, NewDraft
from reviewops.responder.domain.lifecycle import (
    EXPIRING_CHANNELS,
    MESSAGING_WINDOW,
    OPEN_STATES,
    states_that_can_become,
)
from reviewops.responder.domain.queue import (
    HistoryEntry,
    Note,
    QueueEntry,
    QueueFilter,
    QueueStats,
    history_entry,
    queue_entry,
)
from reviewops.responder.domain.settings import TenantSettings


def _now() -> datetime:
    return datetime.now(UTC)


class FakeReviewRepository:
    """Ingest's reviews (current versions) and review_versions (history)."""

    def __init__(self) -> None:
        self.reviews: dict[str, dict[str, Any]] = {}
        self.versions: list[dict[str, Any]] = []

    async def lock(self, keys: Iterable[str]) -> None:
        return None

    async def current_versions(self, keys: Iterable[str]) -> dict[str, CurrentVersion]:
        return {key: CurrentVersion(row["current_version"], row["content_hash"], row["updated_at"])
                for key in keys if (row := self.reviews.get(key))}

    async def make_current(self, rows: Sequence[CurrentRow]) -> None:
        for row in rows:
            self.reviews[row.review_key] = row._asdict()

    async def advance_times(self, times: Mapping[str, datetime]) -> None:
        for key, at in times.items():
            self.reviews[key]["updated_at"] = at

    async def add_versions(self, rows: Sequence[VersionRow]) -> None:
        def identity(row: dict[str, Any]) -> tuple:
            if row["version"] is not None:
                return (row["review_key"], row["version"])
            return (row["review_key"], row["content_hash"], row["updated_at"])

        known = {identity(row) for row in self.versions}
        for row in rows:
            if identity(row._asdict()) not in known:
                known.add(identity(row._asdict()))
                self.versions.append({**row._asdict(), "received_at": _now()})

    async def get(self, tenant_id: str, key: str) -> dict[str, Any] | None:
        row = self.reviews.get(key)
        return row["snapshot"] if row and row["tenant_id"] == tenant_id else None

    async def history(self, key: str) -> list[HistoryRow]:
        return [HistoryRow(*(row[name] for name in HistoryRow._fields)) for row in self.versions
                if row["review_key"] == key]


class FakeClassificationRepository:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int, int], tuple[ReviewSnapshot, Classification]] = {}

    async def add_new(self, items: Sequence[tuple[ReviewSnapshot, Classification]]) -> set[tuple[str, int, int]]:
        new = set()
        for review, classification in items:
            key = (review.review_key, review.version, classification.classification_revision)
            if key not in self.rows:
                self.rows[key] = (review, classification)
                new.add(key)
        return new

    async def lock_review(self, review_key: str) -> None:
        return None

    async def current(self, tenant_id: str, review_key: str) -> StoredClassification | None:
        found = sorted(key for key, (review, _) in self.rows.items()
                       if key[0] == review_key and review.tenant_id == tenant_id)
        if not found:
            return None
        review, classification = self.rows[found[-1]]
        return StoredClassification(review_key, review.version, review.deleted, review, classification)


class FakeLabelRepository:
    def __init__(self) -> None:
        self.labels: list[tuple[ReviewSnapshot, Classification]] = []

    async def add(self, review: ReviewSnapshot, classification: Classification) -> None:
        self.labels.append((review, classification))


class FakeReturnClassificationRepository:
    """Returns' causes by return key, each stored once."""

    def __init__(self) -> None:
        self.rows: dict[str, Any] = {}

    async def add_new(self, rows: Sequence[Any]) -> set[str]:
        new = {row.return_key for row in rows if row.return_key not in self.rows}
        for row in rows:
            self.rows.setdefault(row.return_key, row)
        return new


class FakeInsightRepository:
    """Counts per ASIN as the test sets them; spikes as the handler starts and ends them."""

    def __init__(self, windows: dict[tuple[str, str, str], tuple[Counter[str], Counter[str]]] | None = None,
                 return_windows: dict[tuple[str, str, str], tuple[Counter[str], Counter[str]]] | None = None) -> None:
        self.windows = windows or {}
        self.return_windows = return_windows or {}
        self.active: dict[tuple[str, str, str], set[str]] = {}

    async def window_counts(self, asins: Sequence[tuple[str, str, str]], start: datetime, split: datetime,
                            end: datetime, max_rating: int = 3) -> dict:
        return {asin: self.windows.get(asin, (Counter(), Counter())) for asin in asins}

    async def return_window_counts(self, asins: Sequence[tuple[str, str, str]], start: datetime, split: datetime,
                                   end: datetime) -> dict:
        return {asin: self.return_windows.get(asin, (Counter(), Counter())) for asin in asins}

    async def active_spikes_many(self, asins: Sequence[tuple[str, str, str]]) -> dict:
        return {asin: set(self.active.get(asin, set())) for asin in asins}

    async def start_spike(self, tenant_id: str, marketplace: str, asin: str, cause: str, at: datetime) -> bool:
        running = self.active.setdefault((tenant_id, marketplace, asin), set())
        if cause in running:
            return False
        running.add(cause)
        return True

    async def end_spike(self, tenant_id: str, marketplace: str, asin: str, cause: str, at: datetime) -> None:
        self.active.get((tenant_id, marketplace, asin), set()).discard(cause)


class FakeVerdictRepository:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int, int], Verdict] = {}

    async def add_new(self, items: Sequence[tuple[ReviewSnapshot, int, Verdict]]) -> set[tuple[str, int, int]]:
        new = set()
        for review, revision, verdict in items:
            key = (review.review_key, review.version, revision)
            if key not in self.rows:
                self.rows[key] = verdict
                new.add(key)
        return new


class FakeDraftRepository:
    """The responder's drafts, review heads and audit trail."""

    def __init__(self) -> None:
        self.heads: dict[str, Head] = {}
        self.drafts: dict[uuid.UUID, Draft] = {}
        self.audits: list[dict[str, Any]] = []
        self.notes_written: list[Note] = []

    async def lock_heads(self, review_keys: Sequence[str]) -> dict[str, Head]:
        return {key: self.heads[key] for key in sorted(set(review_keys)) if key in self.heads}

    async def set_heads(self, heads: Sequence[ReviewHead]) -> None:
        for head in heads:
            self.heads[head.review_key] = Head(head.latest_version, head.latest_revision, head.cause)

    async def open_drafts_of(self, review_keys: Sequence[str]) -> list[Draft]:
        return sorted((d for d in self.drafts.values() if d.review_key in review_keys and d.state in OPEN_STATES),
                      key=lambda d: d.id)

    async def retire(self, draft_ids: Sequence[uuid.UUID], state: str) -> list[Draft]:
        retired = []
        for draft_id in draft_ids:
            draft = self.drafts[draft_id]
            if draft.state in states_that_can_become(state):
                self.drafts[draft_id] = retired_draft = replace(draft, state=state, updated_at=_now())
                retired.append(retired_draft)
        return retired

    async def insert_many(self, new: Sequence[NewDraft]) -> dict[uuid.UUID, Draft]:
        taken = {(d.review_key, d.review_version, d.classification_revision, d.channel) for d in self.drafts.values()}
        inserted = {}
        for draft in new:
            key = (draft.review_key, draft.review_version, draft.classification_revision, draft.channel)
            if key not in taken:
                taken.add(key)
                now = _now()
                self.drafts[draft.id] = inserted[draft.id] = Draft(**vars(draft), created_at=now, updated_at=now)
        return inserted

    async def update(self, draft_id: uuid.UUID, expected_state: str, **changes: Any) -> Draft | None:
        draft = self.drafts.get(draft_id)
        if draft is None or draft.state != expected_state:
            return None
        self.drafts[draft_id] = after = replace(draft, **changes, updated_at=_now())
        return after

    async def audit(self, draft_id: uuid.UUID, tenant_id: str, principal: str, change: str,
                    before: Any, after: Any, **details: Any) -> None:
        from reviewops.responder.adapters.repository import audit_entry

        self.audits.append(audit_entry(draft_id, tenant_id, principal, change, before, after, **details))

    async def audit_many(self, entries: Sequence[dict[str, Any]]) -> None:
        self.audits.extend(entries)

    async def expire_messages(self, now: datetime) -> list[tuple[Draft, str]]:
        expired = []
        for draft in list(self.drafts.values()):
            completed = draft.review.get("order_completed_at")
            if (draft.channel in EXPIRING_CHANNELS and draft.state in states_that_can_become("expired")
                    and completed is not None and datetime.fromisoformat(completed) < now - MESSAGING_WINDOW):
                self.drafts[draft.id] = after = replace(draft, state="expired", updated_at=_now())
                expired.append((after, draft.state))
        return expired

    async def pending_checks(self, limit: int) -> list[Draft]:
        pending = [d for d in self.drafts.values() if d.state == "pending_check"]
        return sorted(pending, key=lambda d: d.created_at)[:limit]

    async def get(self, tenant_id: str, draft_id: uuid.UUID) -> Draft | None:
        draft = self.drafts.get(draft_id)
        return draft if draft is not None and draft.tenant_id == tenant_id else None

    async def queue_page(self, wanted: QueueFilter, limit: int) -> list[QueueEntry]:
        found = sorted((d for d in self.drafts.values() if d.tenant_id == wanted.tenant_id
                        and (not wanted.wanted_states or d.state in wanted.wanted_states)),
                       key=lambda d: (d.due_at, d.priority, d.id))
        return [queue_entry(d) for d in found[:limit]]

    async def assign(self, draft_id: uuid.UUID, assignee: str | None) -> Draft | None:
        draft = self.drafts.get(draft_id)
        if draft is None or draft.state not in OPEN_STATES:
            return None
        self.drafts[draft_id] = after = replace(draft, assignee=assignee, updated_at=_now())
        return after

    async def add_note(self, draft_id: uuid.UUID, tenant_id: str, author: str, text: str) -> Note:
        note = Note(len(self.notes_written) + 1, draft_id, author, text, _now())
        self.notes_written.append(note)
        return note

    async def notes(self, draft_id: uuid.UUID) -> list[Note]:
        return [note for note in self.notes_written if note.draft_id == draft_id]

    async def history(self, draft_id: uuid.UUID) -> list[HistoryEntry]:
        return [history_entry(a["change"], a["principal"], _now(), a["before"], a["after"])
                for a in self.audits if a["draft_id"] == draft_id]

    async def queue_stats(self) -> QueueStats:
        open_drafts = [d for d in self.drafts.values() if d.state in OPEN_STATES]
        now = _now()
        return QueueStats(
            items=Counter((d.state, d.channel) for d in open_drafts),
            overdue=sum(d.due_at < now for d in open_drafts),
            oldest_ready_seconds=max(((now - d.updated_at).total_seconds() for d in open_drafts
                                      if d.state == "ready"), default=0.0),
        )



class FakeTemplateRepository:
    def __init__(self) -> None:
        self.saved: dict[str, dict[tuple[str, str, str], str]] = {}

    async def overrides(self, tenant_ids: Sequence[str]) -> dict[str, dict[tuple[str, str, str], str]]:
        return {tenant: dict(self.saved[tenant]) for tenant in tenant_ids if tenant in self.saved}

    async def save(self, tenant_id: str, items: Sequence[tuple[str, str, str, str]], principal: str) -> None:
        for channel, language, cause, source in items:
            self.saved.setdefault(tenant_id, {})[(channel, language, cause)] = source


class FakeSettingsRepository:
    def __init__(self) -> None:
        self.saved: dict[str, TenantSettings] = {}

    async def of(self, tenant_ids: Sequence[str]) -> dict[str, TenantSettings]:
        return {tenant: self.saved[tenant] for tenant in tenant_ids if tenant in self.saved}

    async def save(self, tenant_id: str, settings: TenantSettings, principal: str) -> None:
        self.saved[tenant_id] = settings


class FakeComplianceClient:
    """Compliance as the responder sees it: allows every text (or one it is told to refuse), or is down."""

    def __init__(self, policy_version: str = "fake-1") -> None:
        self.policy_version = policy_version
        self.reachable = True
        self.refused_texts: set[str] = set()
        self.checked: list[CheckRequest] = []

    def _outcome(self, request: CheckRequest) -> CheckOutcome:
        self.checked.append(request)
        if request.text in self.refused_texts:
            return CheckOutcome(False, self.policy_version, [{"rule": "fake", "message": "refused"}], [])
        return CheckOutcome(True, self.policy_version, [], [])

    async def check(self, tenant_id: str, requests: list[CheckRequest]) -> list[CheckOutcome]:
        if not self.reachable:
            raise DependencyUnavailable("Compliance could not check the drafts.")
        return [self._outcome(request) for request in requests]

    async def check_batched(self, items: Sequence[tuple[str, CheckRequest]]) -> dict[int, CheckOutcome]:
        if not self.reachable:
            return {}
        return {index: self._outcome(request) for index, (_, request) in enumerate(items)}

    async def close(self) -> None:
        return None


class FakeClassifierClient:
    async def close(self) -> None:
        return None


__all__ = ["AUDITED"]
