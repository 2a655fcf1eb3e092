"""File imports: a 100,000-row seller feedback report and a 100,000-row FBA returns report,
generated here, imported through POST /v1/imports (docs/imports.md, "Benchmark").

Starts its own stack (profile `bench`: ports 28001-28004, Kafka 29092/29093, state in
.local/bench), fresh, with ingest and the classifier only (compliance and the responder would
only compete for the same cores; they consume downstream topics that can lag without slowing
these figures' path). With --import-alone the classifier is stopped during each import and
started after it, so the import has the cores to itself. For each report it measures:
- rows per second parsed and accepted: the rows over the time from the start of the upload to
  the job's `done` (every row stored, versions and events written to the outbox);
- the time from the start of the upload until the last review (return) is classified: the
  classifier's stored rows for the tenant counted once a second.
The last line of output is one JSON object with the figures.
Usage: python bench/imports.py [--rows 100000] [--import-alone]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.devstack.processes import stop_service
from reviewops.devstack.stack import (
    Stack,
    bench_profile,
    create_principal_key,
    start_infrastructure,
    start_services,
    stop_all,
)

ROOT = Path(__file__).resolve().parents[1]

# Invented for the benchmark, like every text of the import fixtures.
FEEDBACK_COMMENTS = [
    "Package never arrived and the seller did not answer.", "Arrived late and the box was crushed.",
    "Item was used and scratched, sold as new.", "Seller cancelled my order without a word.",
    "Refund took weeks and several messages.", "Wrong colour sent, return label never came.",
    "Fast delivery, exactly as described.", "Great seller, would buy again.", "Good, but shipping was slow.",
    "Parts were missing from the box.", "The charger stopped working after two days.", "",
]
RETURN_REASONS = [("DEFECTIVE", 30), ("NOT_AS_DESCRIBED", 15), ("UNWANTED_ITEM", 20), ("DAMAGED_BY_CARRIER", 10),
                  ("DAMAGED_BY_FC", 5), ("NO_REASON_GIVEN", 10), ("APPAREL_TOO_SMALL", 5), ("MISSING_PARTS", 5)]
RETURN_COMMENTS = [
    "Stopped working after a week.", "Smaller than the photos suggest.", "Box arrived crushed.",
    "Did not like the colour.", "The lid does not close properly.", "Ordered two by mistake.",
    "Listing says waterproof, it is not.", "Runs two sizes small.",
]


def order_id(index: int, rng: random.Random) -> str:
    return f"{111 + index % 800:03d}-{index:07d}-{rng.randrange(10**7):07d}"


def feedback_report(rows: int, rng: random.Random) -> bytes:
    today = datetime.now(UTC)
    lines = ["Date\tRating\tComments\tResponse\tOrder ID\tRater Email\tArrived on Time\tItem as Described\t"
             "Customer Service"]
    for index in range(rows):
        day = (today - timedelta(days=rng.randrange(1, 60))).strftime("%m/%d/%y")
        rating = rng.choices("12345", weights=(25, 15, 15, 15, 30))[0]
        answers = [rng.choice(("Yes", "No", "")) for _ in range(3)]
        lines.append("\t".join([day, rating, rng.choice(FEEDBACK_COMMENTS), "", order_id(index, rng),
                                f"rater{index}@example.com", *answers]))
    return ("\r\n".join(lines) + "\r\n").encode()


def returns_report(rows: int, rng: random.Random) -> bytes:
    today = datetime.now(UTC)
    codes, weights = zip(*RETURN_REASONS, strict=True)
    lines = ["return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\t"
             "detailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments"]
    for index in range(rows):
        when = (today - timedelta(hours=rng.randrange(24, 24 * 60))).isoformat(timespec="seconds")
        product = rng.randrange(50)
        comment = rng.choice(RETURN_COMMENTS) if rng.random() < 0.5 else ""
        lines.append("\t".join([when, order_id(index, rng), f"SKU-{product:03d}", f"B0BENCH{product:03d}",
                                f"X00B{index:07d}", "Benchmark product", "1", "PHX7", "SELLABLE",
                                rng.choices(codes, weights=weights)[0], "Unit returned to inventory",
                                f"LPNB{index:09d}", comment]))
    return ("\n".join(lines) + "\n").encode()


async def classified(database_url: str, table: str, tenant: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(f"SELECT count(*) FROM classifier.{table} WHERE tenant_id = :t"),
                                             {"t": tenant})).scalar_one()
    finally:
        await engine.dispose()


def run_import(stack: Stack, key: str, tenant: str, import_format: str, data: bytes, table: str,
               import_alone: bool, stall: float = 180.0) -> dict[str, float]:
    http = httpx.Client(headers={"Authorization": f"Bearer {key}", "X-Tenant-Id": tenant}, timeout=120,
                        trust_env=False)
    url = stack.profile.url("ingest") + "/v1/imports"
    params = {"format": import_format, "marketplace": "US"}
    if import_format == "amazon-seller-feedback":
        params["fulfillment"] = "MFN"
    if import_alone:
        stop_service(stack.service("classifier"))
    started = time.monotonic()
    response = http.post(url, content=data, params=params, headers={"Content-Type": "text/tab-separated-values"})
    response.raise_for_status()
    job_id = response.json()["id"]
    uploaded = time.monotonic() - started
    while True:
        job = http.get(f"{url}/{job_id}").json()
        if job["state"] != "running":
            break
        time.sleep(0.2)
    done = time.monotonic() - started
    if job["state"] != "done":
        raise SystemExit(f"the import ended {job['state']}: {job.get('problem')}")
    if import_alone:
        start_services(stack, ("classifier",))
    expected = job["created"]
    seen, last_change, count = -1, time.monotonic(), 0
    while True:
        count = asyncio.run(classified(stack.database_url, table, tenant))
        if count >= expected:
            break
        if count != seen:
            seen, last_change = count, time.monotonic()
        elif time.monotonic() - last_change > stall:
            raise SystemExit(f"classification stalled at {count} of {expected}")
        time.sleep(1.0)
    all_classified = time.monotonic() - started
    figures = {"rows": job["rows"], "created": expected, "invalid": job["invalid"], "upload_s": round(uploaded, 2),
               "import_s": round(done, 2), "rows_per_s": round(job["rows"] / done),
               "classified_s": round(all_classified, 1), "classified_per_s": round(expected / all_classified)}
    print(f"{import_format}: {job['rows']:,} rows ({len(data) / 1e6:.1f} MB) accepted in {done:.1f} s "
          f"(upload {uploaded:.1f} s): {figures['rows_per_s']:,} rows/s; {expected:,} classified "
          f"{all_classified:.1f} s after the upload began ({figures['classified_per_s']:,}/s)", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--import-alone", action="store_true",
                        help="stop the classifier during each import and start it after (the import's own rate)")
    args = parser.parse_args()
    rng = random.Random(17)
    load = os.getloadavg()
    print(f"bench/imports.py: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"{args.rows:,} rows per report" + (", the classifier stopped during each import" if args.import_alone else ""),
          flush=True)
    feedback, returns = feedback_report(args.rows, rng), returns_report(args.rows, rng)
    profile = bench_profile(ROOT)
    stop_all(profile)
    shutil.rmtree(profile.state_dir, ignore_errors=True)
    stack = start_infrastructure(profile)
    results = {}
    try:
        start_services(stack, ("ingest", "classifier"))
        run = uuid.uuid4().hex[:6]
        tenants = {"feedback": f"bench-feedback-{run}", "returns": f"bench-returns-{run}"}
        key = asyncio.run(create_principal_key(stack.database_url, f"bench-{run}",
                                               scopes=("reviews:write", "reviews:read"), tenants=list(tenants.values())))
        results["feedback"] = run_import(stack, key, tenants["feedback"], "amazon-seller-feedback", feedback,
                                         "classifications", args.import_alone)
        results["returns"] = run_import(stack, key, tenants["returns"], "amazon-fba-returns", returns,
                                        "return_classifications", args.import_alone)
    finally:
        stop_all(profile)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
