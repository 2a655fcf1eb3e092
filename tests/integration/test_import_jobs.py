"""Import jobs on the real PostgreSQL: a restart fails the jobs it cut short, a job cut short may
be run again without doubling anything, progress is stored with each chunk."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from reviewops.common.api.app import Runtime
from reviewops.common.api.ratelimit import RateLimiter
from reviewops.common.auth.keys import KeyStore
from reviewops.common.db.database import Database
from reviewops.common.kafka.publisher import KafkaPublisher
from reviewops.devstack.stack import Stack
from reviewops.ingest.adapters.imports import NewImportJob
from reviewops.ingest.adapters.tables import metadata
from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork, SqlIngestUnitOfWork
from reviewops.ingest.background import RUNNER
from reviewops.ingest.bootstrap import build
from reviewops.ingest.domain.imports import detect_encoding
from reviewops.ingest.domain.reviews import DateWindow
from reviewops.ingest.handlers import prepare_import, read_import, run_import
from reviewops.ingest.settings import IngestSettings
from tests.support.stack import REPO_ROOT, unique

pytestmark = pytest.mark.integration

FEEDBACK = (REPO_ROOT / "tests" / "fixtures" / "imports" / "feedback_us.tsv").read_bytes()


@pytest.fixture
async def ingest_db(stack: Stack) -> AsyncIterator[Database]:
    database = Database(stack.database_url, "ingest", metadata)
    yield database
    await database.dispose()


def new_job(tenant: str, runner: str = RUNNER) -> NewImportJob:
    return NewImportJob(uuid.uuid4(), tenant, "test", "amazon-seller-feedback", "US", "MFN",
                        detect_encoding(FEEDBACK, "US"), runner)


async def state_of(database: Database, tenant: str, job_id: uuid.UUID) -> tuple[str, str | None]:
    async with SqlIngestUnitOfWork(database, "ingest") as uow:
        job = await read_import(uow, tenant, job_id)
    assert job is not None
    return job.state, job.problem


async def test_a_restart_fails_its_own_running_jobs_and_the_silent_ones_only(
        stack: Stack, ingest_db: Database, publisher: KafkaPublisher) -> None:
    tenant = unique("tenant-")
    own, busy_elsewhere, silent_elsewhere = new_job(tenant), new_job(tenant, "other-host"), new_job(tenant, "gone-host")
    async with SqlIngestUnitOfWork(ingest_db, "ingest") as uow:
        for job in (own, busy_elsewhere, silent_elsewhere):
            await uow.imports.add(job)
    async with ingest_db.engine.begin() as connection:
        await connection.execute(text("UPDATE ingest.import_jobs SET heartbeat_at = now() - interval '1 hour' "
                                      "WHERE id = :id"), {"id": silent_elsewhere.id})
    settings = IngestSettings(DATABASE_URL=stack.database_url, kafka_bootstrap=stack.bootstrap)
    runtime = Runtime("ingest", settings, ingest_db, publisher, KeyStore(ingest_db.engine), RateLimiter(10, 10))
    await build(runtime)  # what the service does as it starts
    assert (await state_of(ingest_db, tenant, own.id))[0] == "failed"
    assert "restarted" in ((await state_of(ingest_db, tenant, own.id))[1] or "")
    assert (await state_of(ingest_db, tenant, silent_elsewhere.id))[0] == "failed"
    assert (await state_of(ingest_db, tenant, busy_elsewhere.id))[0] == "running"


async def test_an_import_cut_short_fails_and_runs_again_without_doubling(ingest_db: Database) -> None:
    tenant = unique("tenant-")
    opened = 0

    def breaking_after_two_chunks() -> IngestUnitOfWork:
        nonlocal opened
        opened += 1
        if opened == 3:
            raise ConnectionResetError("the database went away")
        return SqlIngestUnitOfWork(ingest_db, "ingest")

    cut = new_job(tenant)
    async with SqlIngestUnitOfWork(ingest_db, "ingest") as uow:
        await uow.imports.add(cut)
    tally = await run_import(breaking_after_two_chunks, DateWindow(), prepare_import(cut, FEEDBACK), chunk_rows=5)
    assert tally.rows == 10
    async with SqlIngestUnitOfWork(ingest_db, "ingest") as uow:
        stored = await read_import(uow, tenant, cut.id)
    assert stored is not None and stored.state == "failed" and stored.rows == 10
    assert stored.problem == "the import stopped after 10 rows (ConnectionResetError); import the file again"

    again = new_job(tenant)
    async with SqlIngestUnitOfWork(ingest_db, "ingest") as uow:
        await uow.imports.add(again)
    await run_import(lambda: SqlIngestUnitOfWork(ingest_db, "ingest"), DateWindow(), prepare_import(again, FEEDBACK),
                     chunk_rows=5)
    async with SqlIngestUnitOfWork(ingest_db, "ingest") as uow:
        done = await read_import(uow, tenant, again.id)
    assert done is not None and done.state == "done"
    # Rows 2-11 were stored before the cut (row 9 is the invalid one): the rest is new, nothing twice.
    assert (done.rows, done.counts) == (20, {"duplicate": 9, "invalid": 1, "created": 10})
    assert done.errors == [{"row": 9, "field": "Rating", "message": "Input should be less than or equal to 5"}]
