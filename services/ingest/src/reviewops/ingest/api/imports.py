"""POST /v1/imports and GET /v1/imports/{id}: files of reviews, seller feedback and returns."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import BaseModel, Field

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.problems import problem_responses
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import DependencyUnavailable, FieldError, NotFound, Unprocessable
from reviewops.ingest.adapters.imports import NewImportJob
from reviewops.ingest.api.deps import IngestDep
from reviewops.ingest.domain.imports import ImportFormat, MalformedFile, detect_encoding
from reviewops.ingest.handlers import prepare_import, read_import, run_import

router = APIRouter(prefix="/v1", tags=["imports"])

MAX_IMPORT_BYTES = 50 * 1024 * 1024
IMPORTS_PATH = "/v1/imports"


class ImportAccepted(BaseModel):
    id: uuid.UUID
    state: Literal["running", "done", "failed"]
    encoding: str = Field(description="How the file was decoded: utf-8, utf-8-sig, utf-16, shift_jis or windows-1252")


class RowError(BaseModel):
    row: int = Field(description="The row as a spreadsheet numbers it (the header is row 1); the line for JSON lines")
    field: str = Field(description="The file's column (or the review field) at fault; `row` or `line` for the whole row")
    message: str


class ImportRead(BaseModel):
    id: uuid.UUID
    format: ImportFormat
    marketplace: str
    encoding: str
    state: Literal["running", "done", "failed"]
    rows: int = Field(description="Data rows read so far")
    created: int
    updated: int
    duplicate: int
    stale: int
    conflict: int = Field(description="Rows with the same review and time as another row of the file but other "
                                      "content: neither is stored, each has an error")
    invalid: int
    errors: list[RowError] = Field(description="The first 1,000 errors")
    problem: str | None = Field(default=None, description="Why a failed import stopped")
    created_at: datetime
    finished_at: datetime | None


@router.post(
    "/imports", response_model=ImportAccepted, status_code=status.HTTP_202_ACCEPTED,
    summary="Import a file (at most 50 MB) as the request body; its rows are stored in the background",
    responses=problem_responses(413, 503, descriptions={
        413: "The file is larger than 50 MB",
        503: "This process runs as many imports as it may, or the database is unavailable; nothing was stored"}),
    openapi_extra={"requestBody": {"required": True, "content": {
        media: {"schema": {"type": "string", "format": "binary"}}
        for media in ("text/tab-separated-values", "text/csv", "application/x-ndjson")}}},
)
async def create_import(
    request: Request,
    dependencies: IngestDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("reviews:write"))],
    import_format: Annotated[ImportFormat, Query(alias="format")],
    marketplace: Annotated[str, Query(pattern=r"^[A-Z]{2}$")],
    fulfillment: Annotated[Literal["AFN", "MFN"] | None, Query(
        description="amazon-seller-feedback: the fulfilment of every order, where the report has no such column")] = None,
) -> ImportAccepted:
    """202 with the job; a file that is not of its format (not text, no header, another layout) is a
    422 naming what is wrong, and nothing is stored."""
    caller, tenant_id = scoped
    if request.headers.get("content-type", "").startswith("multipart/"):
        raise Unprocessable("Send the file itself as the request body, not a form.",
                            [FieldError("Content-Type", "text/tab-separated-values, text/csv or application/x-ndjson")])
    if dependencies.imports.full:
        raise DependencyUnavailable("This process runs as many imports as it may; retry shortly.", 10)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
    data = bytes(body)
    del body
    try:
        encoding = detect_encoding(data, marketplace)
        job = NewImportJob(uuid.uuid4(), tenant_id, caller.principal, import_format.value, marketplace,
                           fulfillment, encoding, dependencies.runner)
        prepared = prepare_import(job, data)
    except MalformedFile as malformed:
        raise Unprocessable(f"This is not a {import_format} file.", [FieldError(malformed.field, malformed.message)])
    async with dependencies.unit_of_work() as uow:
        await uow.imports.add(job)
    dependencies.imports.start(run_import(dependencies.unit_of_work, dependencies.dates, prepared))
    return ImportAccepted(id=job.id, state="running", encoding=encoding)


@router.get("/imports/{import_id}", response_model=ImportRead, summary="An import's state, counts and first errors")
async def get_import(
    import_id: uuid.UUID,
    dependencies: IngestDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("reviews:read"))],
) -> ImportRead:
    """Counts per result (created, updated, duplicate, stale, conflict, invalid) as of the last chunk stored."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        job = await read_import(uow, tenant_id, import_id)
    if job is None:
        raise NotFound("No import with this id for this tenant.")
    counts = job.counts
    return ImportRead(
        id=job.id, format=ImportFormat(job.format), marketplace=job.marketplace, encoding=job.encoding,
        state=job.state, rows=job.rows, **{name: counts.get(name, 0) for name in
                                           ("created", "updated", "duplicate", "stale", "conflict", "invalid")},
        errors=[RowError(**error) for error in job.errors], problem=job.problem,
        created_at=job.created_at, finished_at=job.finished_at,
    )
