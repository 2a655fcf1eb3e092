"""Ingest's use cases."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reviewops.common.errors import FieldError
from reviewops.common.events.payloads import ReturnIngested, ReviewIngested, ReviewSnapshot
from reviewops.ingest.adapters.imports import ImportJobRow, NewImportJob, StoredReturn
from reviewops.ingest.adapters.repository import CurrentRow, HistoryRow, VersionRow
from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork
from reviewops.ingest.domain.imports import (
    FEEDBACK_COLUMNS,
    Header,
    ImportFormat,
    MalformedFile,
    ReturnLine,
    ReturnLines,
    check_jsonl,
    csv_review,
    delimited_rows,
    feedback_review,
    jsonl_review,
    jsonl_rows,
    read_header,
    return_key,
)
from reviewops.ingest.domain.reviews import DateWindow, IngestResult, Submission, fold_submissions, review_key
from reviewops.ingest.submissions import checked_submission

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one submission: its review key and created, updated, duplicate, stale or conflict."""

    review_key: str
    result: IngestResult


def snapshot_of(tenant_id: str, key: str, submission: Submission, version: int, digest: str) -> ReviewSnapshot:
    """A submission as published on reviews.ingested.v1 and stored as the version's snapshot."""
    return ReviewSnapshot(
        review_key=key,
        tenant_id=tenant_id,
        marketplace=submission.marketplace,
        kind=submission.kind,
        external_id=submission.external_id,
        version=version,
        content_hash=digest,
        rating=submission.rating,
        title=submission.title,
        body=submission.body,
        created_at=submission.created_at,
        updated_at=submission.effective_updated_at,
        deleted=submission.deleted,
        asin=submission.asin,
        order_id=submission.order_id,
        fulfillment=submission.fulfillment,
        language=submission.language,
        verified_purchase=submission.verified_purchase,
        order_completed_at=submission.order_completed_at,
        feedback_answers=submission.feedback_answers,
        product_title=submission.product_title,
    )


async def ingest_reviews(uow: IngestUnitOfWork, tenant_id: str,
                         submissions: Sequence[Submission]) -> list[IngestOutcome]:
    """Store each submission as created, updated, duplicate or stale, in order, in one transaction;
    created and updated versions are published to reviews.ingested.v1 through the outbox.

    Decisions are made in order in memory (domain.reviews.fold_submissions: a batch may carry one
    review twice); the writes of the whole batch then go out as one statement per table, not two per review."""
    repository = uow.reviews
    keys = [review_key(tenant_id, submission) for submission in submissions]
    await repository.lock(keys)
    fold = fold_submissions(keys, submissions, await repository.current_versions(keys))
    stored_heads: dict[str, dict[str, Any]] = {}  # each head's snapshot as stored
    versions: list[VersionRow] = []
    for step in fold.steps:
        key, submission, decision, digest = step.key, step.submission, step.decision, step.content_hash
        if decision.version is not None:
            snapshot = snapshot_of(tenant_id, key, submission, decision.version, digest)
            stored = snapshot.model_dump(mode="json")
            stored_heads[key] = stored
            versions.append(VersionRow(key, decision.version, "created" if decision.version == 1 else "updated",
                                       digest, snapshot.updated_at, stored))
            await uow.publish(
                "review.ingested", tenant_id, key, ReviewIngested(result=decision.result.value, review=snapshot)
            )
        elif decision.result is IngestResult.STALE:
            stale = snapshot_of(tenant_id, key, submission, 1, digest).model_dump(
                mode="json", exclude={"version"}
            )
            versions.append(VersionRow(key, None, "stale", digest, submission.effective_updated_at, stale))
    await repository.make_current([
        CurrentRow(key, tenant_id, head.decision.version, head.content_hash, fold.head_times[key], stored_heads[key])
        for key, head in fold.heads.items()
    ])
    await repository.advance_times(fold.advanced)
    await repository.add_versions(versions)
    return [IngestOutcome(step.key, step.decision.result) for step in fold.steps]


@dataclass(frozen=True)
class StoredReview:
    """A review's current version, as published, and its version history, oldest first."""

    current: dict[str, Any]
    history: list[HistoryRow]


async def read_review(uow: IngestUnitOfWork, tenant_id: str, key: str) -> StoredReview | None:
    """The review with this key of this tenant, or None."""
    current = await uow.reviews.get(tenant_id, key)
    if current is None:
        return None
    return StoredReview(current, await uow.reviews.history(key))


# --- File imports (DESIGN.md: File imports) -------------------------------------------------------

MAX_ERRORS_KEPT = 1_000
IMPORT_CHUNK_ROWS = 1_000  # rows stored per transaction: progress shows per chunk
IMPORT_WRITERS = 3  # chunks stored at once: 2,494 feedback rows/s against 1,570 with 2 (docs/imports.md)


@dataclass(frozen=True)
class ImportRequest:
    """A file accepted for import: its job, and what reading it needs."""

    job: NewImportJob
    data: bytes
    header: Header | None  # None for JSON lines


def prepare_import(job: NewImportJob, data: bytes) -> ImportRequest:
    """Check that the file is one of its format before anything is stored: MalformedFile if not."""
    import_format = ImportFormat(job.format)
    if import_format is ImportFormat.REVIEWS_JSONL:
        check_jsonl(data, job.encoding)
        return ImportRequest(job, data, None)
    header = read_header(data, job.encoding, import_format)
    if import_format is ImportFormat.SELLER_FEEDBACK and "fulfillment" not in header.columns \
            and job.default_fulfillment is None:
        raise MalformedFile("fulfillment", "the report has no fulfilment column: name the marketplace-wide "
                                           "default in the query parameter fulfillment (AFN or MFN)")
    return ImportRequest(job, data, header)


RowItem = tuple[int, "Submission | ReturnLine | list[FieldError]"]


def _rows(request: ImportRequest, dates: DateWindow) -> Iterator[RowItem]:
    """Each data row as a checked submission, a return line, or its problems, each naming a column
    of the file (or a review field, for the formats whose columns are review fields)."""
    job, now = request.job, datetime.now(UTC)
    import_format = ImportFormat(job.format)
    if request.header is None:
        for number, value in jsonl_rows(request.data, job.encoding):
            review, problems = jsonl_review(value, job.marketplace)
            yield number, _checked(review, problems, dates, now, {})
        return
    returns = ReturnLines(job.marketplace) if import_format is ImportFormat.FBA_RETURNS else None
    for row in delimited_rows(request.data, job.encoding, request.header):
        if row.problem is not None:
            yield row.row, [FieldError("row", row.problem)]
        elif returns is not None:
            line, problems = returns.line_of(row.cells)
            yield row.row, line if line is not None else [FieldError(f, m) for f, m in problems]
        elif import_format is ImportFormat.SELLER_FEEDBACK:
            review, problems = feedback_review(row.cells, job.marketplace, job.default_fulfillment)
            yield row.row, _checked(review, problems, dates, now, FEEDBACK_COLUMNS)
        else:
            review, problems = csv_review(row.cells, job.marketplace)
            yield row.row, _checked(review, problems, dates, now, {})


def _checked(review: Any, problems: list[tuple[str, str]], dates: DateWindow, now: datetime,
             columns: dict[str, str]) -> Submission | list[FieldError]:
    """The row's own problems, else the checks every review gets, their fields named as the file's columns."""
    if problems:
        return [FieldError(f, m) for f, m in problems]
    checked = checked_submission(review, dates, now)
    if isinstance(checked, Submission):
        return checked
    # Two fields read from one column (a feedback's Order ID is its external_id and order_id) are one
    # error: the first one the checks name for that column.
    named: dict[str, FieldError] = {}
    for error in checked:
        column = columns.get(error.field, error.field)
        named.setdefault(column, FieldError(column, error.message))
    return list(named.values())


SAME_TIME_CONFLICT = ("another row of the file has the same review and time with different content: "
                      "neither was stored (docs/decisions.md)")


@dataclass
class ImportTally:
    """What a job has stored so far: rows, results by name, and the first errors (by row)."""

    rows: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, chunk: list[RowItem], results: list[str]) -> None:
        """Add a stored chunk: its rows, its stored rows' results, its invalid rows and their errors."""
        self.rows += len(chunk)
        self.counts.update(results)
        found = []
        stored = iter(results)
        for row, item in chunk:
            if isinstance(item, list):
                self.counts["invalid"] += 1
                found += [{"row": row, "field": problem.field, "message": problem.message} for problem in item]
            elif next(stored) == "conflict":
                found.append({"row": row, "field": "updated_at", "message": SAME_TIME_CONFLICT})
        if found and len(self.errors) < MAX_ERRORS_KEPT:
            # Chunks may commit out of order: the errors kept are those of the first rows.
            self.errors = sorted(self.errors + found, key=lambda error: error["row"])[:MAX_ERRORS_KEPT]


async def ingest_returns(uow: IngestUnitOfWork, tenant_id: str, lines: Sequence[ReturnLine],
                         import_id: uuid.UUID | None = None) -> list[str]:
    """Store each return line not stored before and publish it on returns.ingested.v1; `created`
    or `duplicate` per line, in order (a return line is never edited: the first one kept stands)."""
    keys = [return_key(tenant_id, line) for line in lines]
    new = await uow.returns.add_new([
        StoredReturn(key, tenant_id, line, import_id)
        for key, line in zip(keys, lines, strict=True)
    ])
    results = []
    for key, line in zip(keys, lines, strict=True):
        if key in new:
            new.discard(key)  # a line twice in one chunk is created once
            results.append("created")
            await uow.publish("return.ingested", tenant_id, key, ReturnIngested(
                marketplace=line.marketplace, order_id=line.order_id, asin=line.asin, sku=line.sku,
                returned_at=line.returned_at, quantity=line.quantity, reason=line.reason, comment=line.comment,
                disposition=line.disposition))
        else:
            results.append("duplicate")
    return results


async def _store_rows(uow: IngestUnitOfWork, job: NewImportJob, chunk: list[RowItem]) -> list[str]:
    """Store a chunk's valid rows; their results."""
    submissions = [item for _, item in chunk if isinstance(item, Submission)]
    lines = [item for _, item in chunk if isinstance(item, ReturnLine)]
    results: list[str] = []
    if submissions:
        results += [outcome.result.value for outcome in await ingest_reviews(uow, job.tenant_id, submissions)]
    if lines:
        results += await ingest_returns(uow, job.tenant_id, lines, job.id)
    return results


async def run_import(unit_of_work: Callable[[], IngestUnitOfWork], dates: DateWindow, request: ImportRequest,
                     chunk_rows: int = IMPORT_CHUNK_ROWS, writers: int = IMPORT_WRITERS) -> ImportTally:
    """Read the file and store its rows a chunk per transaction, each with the job's progress, then
    end the job `done`; an error or a stop ends it `failed` (imported again, nothing doubles).

    One unit of work per chunk rather than one for the file: 100,000 rows in one transaction would
    hold their locks and the outbox rows until the end, and show no progress. Up to `writers`
    chunks are stored at once while the next is read, so that reading and checking rows overlaps
    the database's work; a review in two chunks at once is serialised by its lock, and the version
    rules decide by updated_at, whatever order the chunks commit in."""
    job, tally = request.job, ImportTally()
    storing: set[asyncio.Task[None]] = set()
    # Held from a chunk's progress update to its commit, so that the progress a transaction stores
    # counts only chunks committed before it or with it, even if the process dies in between.
    recording = asyncio.Lock()

    async def store(chunk: list[RowItem]) -> None:
        """One chunk in one unit of work, committed with the job's progress."""
        locked = False
        try:
            async with unit_of_work() as uow:
                results = await _store_rows(uow, job, chunk)
                await recording.acquire()
                locked = True
                tally.add(chunk, results)
                await uow.imports.record_progress(job.id, tally.rows, dict(tally.counts), tally.errors)
        finally:
            if locked:
                recording.release()

    async def wait_for_room(room: int) -> None:
        """Until at most `room` chunks are being stored; a chunk that failed fails the import."""
        while len(storing) > room:
            done, _ = await asyncio.wait(storing, return_when=asyncio.FIRST_COMPLETED)
            storing.difference_update(done)
            for task in done:
                task.result()

    try:
        chunk: list[RowItem] = []
        for item in _rows(request, dates):
            chunk.append(item)
            if len(chunk) >= chunk_rows:
                await wait_for_room(writers - 1)
                storing.add(asyncio.create_task(store(chunk)))
                chunk = []
        await wait_for_room(0)
        async with unit_of_work() as uow:
            tally.add(chunk, await _store_rows(uow, job, chunk))
            await uow.imports.record_progress(job.id, tally.rows, dict(tally.counts), tally.errors)
            await uow.imports.finish(job.id, "done")
    except asyncio.CancelledError:
        await _settle(storing)
        await _end_failed(unit_of_work, job, "the service stopped during the import; import the file again")
        raise
    except Exception as error:
        await _settle(storing)
        # The row content may be buyer text: the log names the error type only.
        log.error("import failed", extra={"import_id": str(job.id), "error_type": type(error).__name__,
                                          "rows": tally.rows})
        await _end_failed(unit_of_work, job, f"the import stopped after {tally.rows} rows "
                                             f"({type(error).__name__}); import the file again")
    return tally


async def _settle(storing: set[asyncio.Task[None]]) -> None:
    """Let the chunks in flight end, committed or not, before the job is marked failed."""
    await asyncio.gather(*storing, return_exceptions=True)


async def _end_failed(unit_of_work: Callable[[], IngestUnitOfWork], job: NewImportJob, problem: str) -> None:
    try:
        async with unit_of_work() as uow:
            await uow.imports.finish(job.id, "failed", problem)
    except Exception as error:
        # The database is gone too: the next start, or another runner's watch, marks the job failed.
        log.warning("could not mark an import failed", extra={"import_id": str(job.id),
                                                              "error_type": type(error).__name__})


INTERRUPTED = "the service restarted during the import; import the file again (nothing is doubled)"


async def fail_interrupted_imports(uow: IngestUnitOfWork, silent_since: datetime, runner: str | None = None) -> int:
    """Mark failed the running imports whose runner stopped: silent since `silent_since`, or, at a
    runner's start, its own from before the restart."""
    return await uow.imports.fail_interrupted(silent_since, INTERRUPTED, runner)


async def read_import(uow: IngestUnitOfWork, tenant_id: str, job_id: uuid.UUID) -> ImportJobRow | None:
    """The tenant's import job, or None."""
    return await uow.imports.get(tenant_id, job_id)
