"""`python -m reviewops.ingest import --tenant T --format F --marketplace M FILE`: a file import
without the REST API, run in this process against DATABASE_URL (DESIGN.md: File imports).

The rows are stored exactly as POST /v1/imports stores them, under a job that GET /v1/imports/{id}
shows; the events wait in ingest's outbox until the ingest service's relay publishes them. Prints
the finished job as one JSON object; exit status 0 when it is `done`, 1 when `failed`, 2 when the
file is not of its format (nothing stored).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import uuid
from pathlib import Path

from reviewops.common.db.database import Database
from reviewops.common.logging import configure_logging
from reviewops.ingest.adapters.imports import NewImportJob
from reviewops.ingest.adapters.tables import metadata
from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork, SqlIngestUnitOfWork
from reviewops.ingest.background import RUNNER
from reviewops.ingest.domain.imports import ImportFormat, MalformedFile, detect_encoding
from reviewops.ingest.domain.reviews import DateWindow
from reviewops.ingest.handlers import prepare_import, read_import, run_import
from reviewops.ingest.settings import IngestSettings


async def import_file(settings: IngestSettings, tenant_id: str, import_format: ImportFormat, marketplace: str,
                      fulfillment: str | None, path: Path) -> int:
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data, marketplace)
        # The CLI is its own runner: a restart of the service on this host leaves its job alone.
        job = NewImportJob(uuid.uuid4(), tenant_id, "cli", import_format.value, marketplace, fulfillment, encoding,
                           f"{RUNNER}:cli:{os.getpid()}")
        prepared = prepare_import(job, data)
    except MalformedFile as malformed:
        print(json.dumps({"error": f"not a {import_format} file", "field": malformed.field,
                          "message": malformed.message}))
        return 2
    database = Database(settings.database_url, "ingest", metadata, pool_size=2)

    def unit_of_work() -> IngestUnitOfWork:
        return SqlIngestUnitOfWork(database, "ingest")

    try:
        async with unit_of_work() as uow:
            await uow.imports.add(job)
        await run_import(unit_of_work, DateWindow(settings.future_tolerance), prepared)
        async with unit_of_work() as uow:
            stored = await read_import(uow, tenant_id, job.id)
    finally:
        await database.dispose()
    assert stored is not None
    print(json.dumps({"id": str(stored.id), "format": stored.format, "marketplace": stored.marketplace,
                      "encoding": stored.encoding, "state": stored.state, "rows": stored.rows,
                      **{name: stored.counts.get(name, 0) for name in
                         ("created", "updated", "duplicate", "stale", "invalid")},
                      "errors": stored.errors, "problem": stored.problem}, ensure_ascii=False))
    return 0 if stored.state == "done" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser("import", help="import a report or review file")
    importer.add_argument("--tenant", required=True, help="the tenant the rows belong to")
    importer.add_argument("--format", required=True, choices=[f.value for f in ImportFormat])
    importer.add_argument("--marketplace", required=True, help="two-letter code, e.g. US, DE, JP")
    importer.add_argument("--fulfillment", choices=["AFN", "MFN"],
                          help="amazon-seller-feedback without a fulfilment column: every order's fulfilment")
    importer.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    settings = IngestSettings()
    configure_logging("ingest", settings.log_level)
    if not re.fullmatch(r"[A-Z]{2}", args.marketplace):
        print(f"--marketplace must be a two-letter code such as US, DE or JP, not {args.marketplace!r}", file=sys.stderr)
        return 2
    if not args.file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    return asyncio.run(import_file(settings, args.tenant, ImportFormat(args.format), args.marketplace,
                                   args.fulfillment, args.file))


if __name__ == "__main__":
    raise SystemExit(main())
