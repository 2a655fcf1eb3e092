"""`make bench`: the pipeline's ceiling, its sustained throughput and latency, and the ingest API.

Starts its own stack (profile `bench`: ports 28001-28004, Kafka 29092/29093, state in
.local/bench), fresh, and measures in one run:

1. the null pipeline: the same review.ingested events ingest would publish, sent through four
   Kafka hops (null topics) by the libs/common consumer loop with handlers that only forward, in
   one process per hop, with the services' producer and consumer settings: the ceiling of this
   topology on this machine;
2. the real pipeline, saturated: an open-loop load generator posts negative reviews sampled from
   samples/reviews.jsonl and the classifier's corpus through POST /v1/reviews:batch for
   --duration seconds (at most --in-flight requests outstanding); sustained throughput is the
   reviews posted over the time from the first POST to the last draft stored;
3. the real pipeline at half that rate, open loop for --duration seconds: per-review latency from
   the request's scheduled send time to the review's first stored draft (its created_at);
4. the ingest API under wrk (single and batch POSTs, Kafka and PostgreSQL live, the downstream
   services stopped so only ingest serves), and a bare FastAPI endpoint as its baseline.

CPU seconds per process (from /proc/<pid>/stat) are printed for each run. The last line of
output is one JSON object with the figures.
Usage: python bench/pipeline.py [--duration 60] [--profile DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewIngested
from reviewops.common.events.registry import REVIEWS_INGESTED
from reviewops.common.kafka.admin import ensure_topics
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.common.settings import ServiceSettings
from reviewops.devstack.processes import stop_service
from reviewops.devstack.stack import (
    SERVICES,
    Stack,
    bench_profile,
    create_principal_key,
    start_infrastructure,
    start_services,
    stop_all,
)
from reviewops.ingest.api.schemas import ReviewCreate
from reviewops.ingest.domain.reviews import content_hash, review_key

sys.path.insert(0, str(Path(__file__).resolve().parent))
from null_stage import NULL_TOPICS, null_topic  # noqa: E402
from profile_summary import summarise  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")
MARKETPLACE_OF_LANGUAGE = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "ja": "JP", "zh": "CN"}
BARE_PORT = 28009


# --- the corpus ----------------------------------------------------------------------------------

def corpus() -> list[dict[str, Any]]:
    """Negative reviews (1-3 stars: every one gets drafts) from the samples and the classifier's
    corpus, as ingest's API takes them, with "@ID@" where a fresh id goes."""
    reviews = []
    for line in (ROOT / "samples" / "reviews.jsonl").read_text().splitlines():
        review = json.loads(line)["review"]
        if review["rating"] <= 3:
            reviews.append(review)
    for path in sorted((ROOT / "services" / "classifier" / "data").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            item = json.loads(line)
            if item["rating"] > 3:
                continue
            digest = hashlib.sha1(item["id"].encode()).hexdigest().upper()
            review = {
                "marketplace": MARKETPLACE_OF_LANGUAGE.get(item["language"], "US"), "kind": item["kind"],
                "rating": item["rating"], "title": item["title"] or "", "body": item["body"],
                "created_at": "2026-11-20T10:00:00Z", "language": item["language"],
                "fulfillment": item.get("fulfillment") or "MFN",
            }
            if item["kind"] == "product_review":
                review["asin"] = "B0" + digest[:8]
            reviews.append(review)
    templates = []
    for review in reviews:
        if review["kind"] == "seller_feedback":
            # Seller feedback is keyed by its order id, which ingest takes in Amazon's shape only.
            templates.append({**review, "external_id": "@ORDER@", "order_id": "@ORDER@"})
        else:
            templates.append({**review, "external_id": "@ID@"})
    return templates


def amazon_order_id(review_id: str) -> str:
    """An order id of Amazon's 3-7-7 digit shape, the same for the same review id."""
    digits = str(int(hashlib.sha1(review_id.encode()).hexdigest(), 16))[:17]
    return f"{digits[:3]}-{digits[3:10]}-{digits[10:]}"


def filled(template: dict[str, Any], review_id: str) -> dict[str, Any]:
    marks = {"@ID@": review_id, "@ORDER@": amazon_order_id(review_id)}
    return {k: marks.get(v, v) if isinstance(v, str) else v for k, v in template.items()}


def as_product_review(template: dict[str, Any], asin: str) -> dict[str, Any]:
    """The template as a product review of `asin` whose external_id is "@ID@" (wrk's script fills it)."""
    review = {k: v for k, v in template.items() if k != "order_id"}
    return review | {"kind": "product_review", "external_id": "@ID@", "asin": asin}


# --- CPU accounting ------------------------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def process_cpu(pid: int, children: bool = False) -> float:
    """utime + stime of a process (and of its reaped children), in seconds."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / CLK_TCK


def postgres_cpu(postmaster: int) -> float:
    """The postmaster, its reaped children and its live children (backends, walwriter, ...)."""
    total = process_cpu(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == postmaster:
                total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


@dataclass
class CpuMeter:
    """CPU seconds per named process between start() and stop()."""

    pids: dict[str, int]
    postmaster: int | None
    extra: dict[str, float] = field(default_factory=dict)

    def sample(self) -> dict[str, float]:
        found = {name: process_cpu(pid) for name, pid in self.pids.items()}
        if self.postmaster:
            found["postgres"] = postgres_cpu(self.postmaster)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        found["bench (this process)"] = usage.ru_utime + usage.ru_stime
        return found

    def start(self) -> None:
        self._before = self.sample()

    def stop(self) -> dict[str, float]:
        after = self.sample()
        spent = {name: round(after[name] - self._before.get(name, 0.0), 2) for name in after}
        spent.update({name: round(value, 2) for name, value in self.extra.items()})
        return spent


def stack_pids(stack: Stack, services: tuple[str, ...]) -> tuple[dict[str, int], int | None]:
    pids = {}
    for name in services:
        pid_file = stack.service(name).pid_file
        if pid_file.exists():
            pids[name] = int(pid_file.read_text().split()[0])
    kafka_pid = stack.profile.kafka.home / "kafka.pid"
    if kafka_pid.exists():
        pids["kafka"] = int(kafka_pid.read_text().split()[0])
    postmaster_file = stack.profile.postgres_dir / "postmaster.pid"
    postmaster = int(postmaster_file.read_text().split()[0]) if postmaster_file.exists() else None
    return pids, postmaster


def print_cpu(title: str, spent: dict[str, float], wall: float) -> None:
    total = sum(spent.values())
    parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]))
    print(f"  CPU seconds, {title} ({wall:.1f} s wall, {total:.1f} CPU s, {total / wall:.2f} cores): {parts}")


# --- 1. the null pipeline ------------------------------------------------------------------------

def ingested_events(templates: list[dict[str, Any]], count: int, run: str) -> list[Event]:
    """What ingest publishes for `count` new reviews: the same payloads the real run carries."""
    from reviewops.ingest.handlers import snapshot_of

    events = []
    for index in range(count):
        submission = ReviewCreate.model_validate(filled(templates[index % len(templates)], f"N{run}x{index}"))
        submission = submission.to_submission()
        key = review_key("bench-null", submission)
        snapshot = snapshot_of("bench-null", key, submission, 1, content_hash(submission))
        events.append(Event[ReviewIngested](event_type="review.ingested", producer="ingest", tenant_id="bench-null",
                                            key=key, payload=ReviewIngested(result="created", review=snapshot)))
    return events


async def load_null(bootstrap: str, events: list[Event]) -> float:
    """Publish the events to the first null topic as the relay would (its batch size); when it began."""
    publisher = KafkaPublisher(bootstrap, client_id="bench-null-loader")
    await publisher.start()
    batch = ServiceSettings.model_fields["relay_batch_size"].default
    records = [OutboundRecord(NULL_TOPICS[0], e.key.encode(), e.to_json(), []) for e in events]
    started = time.time()
    try:
        for offset in range(0, len(records), batch):
            await publisher.send_all(records[offset:offset + batch])
    finally:
        await publisher.stop()
    return started


def run_null(stack: Stack, templates: list[dict[str, Any]], count: int, run: str) -> tuple[float, dict]:
    asyncio.run(ensure_topics(stack.bootstrap, [null_topic(name, REVIEWS_INGESTED.event_types)
                                                for name in NULL_TOPICS]))
    events = ingested_events(templates, count, run)
    run_dir = stack.profile.state_dir / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    stages: dict[str, tuple[subprocess.Popen, Path]] = {}
    for index, name in enumerate(("classifier", "compliance", "responder")):
        stage = f"null-{name}"
        result = run_dir / f"{stage}.json"
        command = [sys.executable, str(ROOT / "bench" / "null_stage.py"), "--bootstrap", stack.bootstrap,
                   "--source", NULL_TOPICS[index], "--sink", NULL_TOPICS[index + 1], "--name", stage,
                   "--result", str(result)]
        if name == "responder":
            command += ["--expect", str(count)]
        with (run_dir / f"{stage}.log").open("ab") as log:
            stages[stage] = (subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), result)
    kafka, postmaster = stack_pids(stack, ())
    meter = CpuMeter(kafka, postmaster)
    time.sleep(5)  # every stage has started and joined its group before the first record
    before = {name: process_cpu(process.pid) for name, (process, _) in stages.items()}
    meter.start()
    wall_start = time.monotonic()
    started = asyncio.run(load_null(stack.bootstrap, events))
    stages["null-responder"][0].wait(timeout=600)
    for process, _ in stages.values():
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)
    spent = meter.stop()
    wall = time.monotonic() - wall_start
    outcomes = {name: json.loads(result.read_text()) for name, (_, result) in stages.items()}
    for name, outcome in outcomes.items():
        spent[name] = round(outcome["cpu_s"] - before[name], 2)
    last = outcomes["null-responder"]
    elapsed = last["last_at"] - started
    rate = last["count"] / elapsed
    print(f"null pipeline: {last['count']} events through 4 hops in {elapsed:.1f} s: {rate:,.0f} reviews/s")
    print_cpu("null pipeline", spent, wall)
    return rate, spent


# --- 2 and 3. the real pipeline ------------------------------------------------------------------

@dataclass
class Posted:
    scheduled: float  # wall-clock time the request was due to be sent
    keys: list[str]


class LoadGenerator:
    """Open loop: request i is due at start + i * batch / rate, whatever happened to the others;
    at most `in_flight` are outstanding (a request that waits for a slot is late, and its
    latency counts from when it was due)."""

    def __init__(self, client: httpx.AsyncClient, templates: list[dict[str, Any]], tenant: str, batch: int,
                 in_flight: int, run: str) -> None:
        self._client = client
        self._templates = templates
        self._tenant = tenant
        self._batch = batch
        self._slots = asyncio.Semaphore(in_flight)
        self._run = run
        self._random = random.Random(run)
        self.posted: list[Posted] = []
        self.first_sent: float | None = None
        self.failures = 0

    def _body(self, request: int) -> bytes:
        items = [filled(self._random.choice(self._templates), f"{self._run}r{request}i{index}")
                 for index in range(self._batch)]
        return json.dumps({"items": items}).encode()

    async def _post(self, body: bytes, scheduled: float) -> None:
        try:
            if self.first_sent is None:
                self.first_sent = time.time()
            response = await self._client.post("/v1/reviews:batch", content=body,
                                               headers={"X-Tenant-Id": self._tenant})
            results = response.json()["results"] if response.status_code == 200 else []
            if len(results) != self._batch or any(r["result"] != "created" for r in results):
                self.failures += 1
                print(f"  batch answered {response.status_code}: {response.text[:300]}", file=sys.stderr)
            else:
                # Ingest's own review keys, so latencies match the drafts whatever the key format.
                self.posted.append(Posted(scheduled, [r["review_key"] for r in results]))
        except httpx.HTTPError as error:
            self.failures += 1
            print(f"  batch failed: {type(error).__name__}: {error}", file=sys.stderr)
        finally:
            self._slots.release()

    async def run(self, rate: float, duration: float) -> int:
        """Send for `duration` seconds of wall time at `rate` reviews/s; the reviews sent."""
        interval = self._batch / rate
        loop = asyncio.get_running_loop()
        start_mono, start_wall = loop.time(), time.time()
        tasks = []
        request = 0
        while True:
            due = request * interval
            now = loop.time() - start_mono
            if max(due, now) >= duration:
                break
            if due > now:
                await asyncio.sleep(due - now)
            body = self._body(request)
            await self._slots.acquire()
            tasks.append(asyncio.create_task(self._post(body, start_wall + due)))
            request += 1
        await asyncio.gather(*tasks)
        return sum(len(p.keys) for p in self.posted)


async def wait_for_drafts(engine: AsyncEngine, tenant: str, expected: int, stall: float = 60.0) -> int:
    """Poll until every posted review of `tenant` has its drafts, or nothing new came for `stall` s.

    The responder sets a review's head in the transaction that stores its drafts, so counting
    heads (one row per review) tells the same as counting distinct reviews among the drafts, at
    a fraction of the database's CPU (which the measured pipeline shares)."""
    seen, progress_at = -1, time.monotonic()
    while True:
        async with engine.connect() as connection:
            count = await connection.scalar(
                text("SELECT count(*) FROM responder.review_heads WHERE tenant_id = :t"), {"t": tenant})
        if count >= expected:
            return count
        if count != seen:
            seen, progress_at = count, time.monotonic()
        elif time.monotonic() - progress_at > stall:
            return count
        await asyncio.sleep(2.0)


async def first_drafts(engine: AsyncEngine, tenant: str) -> dict[str, float]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT review_key, extract(epoch FROM min(created_at)) FROM responder.drafts "
                 "WHERE tenant_id = :t GROUP BY review_key"), {"t": tenant})
        return {row[0]: float(row[1]) for row in rows}


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))]


async def real_phase(stack: Stack, key: str, templates: list[dict[str, Any]], tenant: str, rate: float,
                     duration: float, batch: int, in_flight: int, run: str) -> dict[str, Any]:
    engine = create_async_engine(stack.database_url)
    try:
        async with httpx.AsyncClient(base_url=stack.profile.url("ingest"), timeout=120, trust_env=False,
                                     headers={"Authorization": f"Bearer {key}",
                                              "Content-Type": "application/json"}) as client:
            generator = LoadGenerator(client, templates, tenant, batch, in_flight, run)
            posted = await generator.run(rate, duration)
            posting_ended = time.time()
        done = await wait_for_drafts(engine, tenant, posted)
        drafts = await first_drafts(engine, tenant)
    finally:
        await engine.dispose()
    latencies = sorted(drafts[k] - p.scheduled for p in generator.posted for k in p.keys if k in drafts)
    last = max(drafts.values()) if drafts else posting_ended
    return {
        "posted": posted, "with_drafts": done, "failed_requests": generator.failures,
        "first_post": generator.first_sent, "posting_s": posting_ended - (generator.first_sent or posting_ended),
        "last_draft": last, "latencies": latencies,
    }


def run_real(stack: Stack, key: str, templates: list[dict[str, Any]], tenant: str, rate: float, duration: float,
             batch: int, in_flight: int, run: str, profile_dir: Path | None = None) -> tuple[dict, dict]:
    pids, postmaster = stack_pids(stack, SERVICES)
    meter = CpuMeter(pids, postmaster)
    profilers = [py_spy(pids[name], profile_dir / f"{name}.txt", duration)
                 for name in (SERVICES if profile_dir is not None else ())]
    meter.start()
    wall_start = time.monotonic()
    outcome = asyncio.run(real_phase(stack, key, templates, tenant, rate, duration, batch, in_flight, run))
    spent = meter.stop()
    for profiler in profilers:
        profiler.wait(timeout=60)
    return outcome, {"cpu": spent, "wall": time.monotonic() - wall_start}


# --- 4. the ingest API under wrk -----------------------------------------------------------------

def wrk(url: str, template: str, seconds: int, key: str, run: str, connections: int) -> tuple[dict, float]:
    """One wrk run (one thread: the server needs the other core); its summary and its own CPU."""
    template_file = ROOT / ".local" / "bench" / f"wrk-{uuid.uuid4().hex[:8]}.json"
    template_file.write_text(template)
    process = subprocess.Popen(
        ["/usr/bin/wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk_post.lua"), url, "--", str(template_file), run, key],
        stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4 gives this child's own usage (RUSAGE_CHILDREN would add the services stopped before).
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    template_file.unlink()
    if process.returncode != 0:
        raise RuntimeError(f"wrk exited with {process.returncode}: {output[-2000:]}")
    summary = next(json.loads(line[len("WRK_JSON "):]) for line in output.splitlines() if line.startswith("WRK_JSON"))
    return summary, usage.ru_utime + usage.ru_stime


def py_spy(pid: int, output: Path, seconds: float) -> subprocess.Popen:
    """Sample a process's Python stacks (50 Hz, on CPU only) into a collapsed-stack file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid), "--rate", "50",
         "--format", "raw", "--output", str(output), "--nonblocking", "--duration", str(int(seconds))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_wrk(title: str, url: str, template: str, seconds: int, key: str, run: str, per_request: int,
            connections: int, pids: dict[str, int], postmaster: int | None,
            profile: tuple[str, Path] | None = None) -> float:
    meter = CpuMeter(pids, postmaster)
    profiler = py_spy(pids[profile[0]], profile[1], seconds) if profile else None
    meter.start()
    summary, wrk_cpu = wrk(url, template, seconds, key, run, connections)
    if profiler is not None:
        profiler.wait(timeout=60)
    meter.extra["wrk"] = wrk_cpu
    spent = meter.stop()
    spent.pop("bench (this process)")
    seconds_run = summary["duration_us"] / 1e6
    good = summary["requests"] - summary["status_errors"]
    rate = good / seconds_run
    errors = {k: v for k, v in summary.items() if k.endswith("errors") or k == "timeouts"}
    print(f"{title}: {rate:,.0f} requests/s ({rate * per_request:,.0f} reviews/s), "
          f"p50 {summary['p50_us'] / 1000:.1f} ms, p99 {summary['p99_us'] / 1000:.1f} ms, "
          f"errors {errors if any(errors.values()) else 'none'}")
    print_cpu(title, spent, seconds_run)
    return rate


def start_bare(stack: Stack) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "bench"), "bare_app:app", "--host", "127.0.0.1",
         "--port", str(BARE_PORT), "--no-access-log", "--log-level", "warning"],
        stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{BARE_PORT}/docs", timeout=1, trust_env=False)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise TimeoutError("the bare FastAPI app did not start")


# --- the run -------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per real-pipeline run")
    parser.add_argument("--batch", type=int, default=50, help="reviews per POST /v1/reviews:batch")
    parser.add_argument("--in-flight", type=int, default=4, help="most batch requests outstanding at once")
    parser.add_argument("--offered", type=float, default=5000.0,
                        help="reviews/s offered in the saturation run (above what two cores can take)")
    parser.add_argument("--null-messages", type=int, default=0, help="default: 1,000 per second of --duration")
    parser.add_argument("--profile", type=Path, help="py-spy the services during the saturation run into DIR")
    parser.add_argument("--keep", action="store_true", help="leave the bench stack running afterwards")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:6]
    load = os.getloadavg()
    print(f"make bench: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"duration {args.duration:.0f} s, batch {args.batch}, in flight {args.in_flight}")

    profile = bench_profile(ROOT)
    stop_all(profile)
    shutil.rmtree(profile.state_dir, ignore_errors=True)
    stack = start_infrastructure(profile)
    templates = corpus()
    print(f"corpus: {len(templates)} negative reviews (samples and the classifier's corpus)")
    results: dict[str, Any] = {}
    try:
        null_count = args.null_messages or int(1000 * args.duration)
        null_rate, null_cpu = run_null(stack, templates, null_count, run)

        start_services(stack)
        tenants = {phase: f"bench-{phase}-{run}" for phase in ("warm", "sat", "half", "wrk")}
        key = asyncio.run(create_principal_key(stack.database_url, f"bench-{run}", scopes=("reviews:write",),
                                               tenants=list(tenants.values())))
        # Warm-up: the consumers' first fetches, connection pools, the classifier's caches.
        asyncio.run(real_phase(stack, key, templates, tenants["warm"], 500, 2, args.batch, args.in_flight, run + "w"))

        saturated, sat_run = run_real(stack, key, templates, tenants["sat"], args.offered, args.duration, args.batch,
                                      args.in_flight, run + "s", args.profile)
        elapsed = saturated["last_draft"] - saturated["first_post"]
        sustained = saturated["with_drafts"] / elapsed
        print(f"real pipeline, saturated: {saturated['posted']} reviews posted in {saturated['posting_s']:.1f} s "
              f"({saturated['posted'] / saturated['posting_s']:,.0f}/s accepted), {saturated['with_drafts']} with "
              f"drafts {elapsed:.1f} s after the first POST: {sustained:,.0f} reviews/s sustained"
              + (f"; {saturated['failed_requests']} requests failed" if saturated["failed_requests"] else ""))
        print_cpu("real pipeline, saturated", sat_run["cpu"], sat_run["wall"])
        if args.profile:
            for name in SERVICES:
                print(summarise(args.profile / f"{name}.txt", name))

        half_rate = sustained / 2
        half, half_run = run_real(stack, key, templates, tenants["half"], half_rate, args.duration, args.batch,
                                  args.in_flight, run + "h")
        latencies = [1000 * value for value in half["latencies"]]
        p50, p95, p99 = (percentile(latencies, f) for f in (0.50, 0.95, 0.99))
        print(f"real pipeline at half load ({half_rate:,.0f} reviews/s offered, open loop): {half['posted']} "
              f"reviews, {len(latencies)} with drafts; POST to first draft p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
              f"p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms"
              + (f"; {half['failed_requests']} requests failed" if half["failed_requests"] else ""))
        print_cpu("real pipeline, half load", half_run["cpu"], half_run["wall"])

        for name in ("classifier", "compliance", "responder"):
            stop_service(stack.service(name))
        pids, postmaster = stack_pids(stack, ("ingest",))
        wrk_seconds = max(5, int(args.duration / 4))
        single = json.dumps(as_product_review(templates[0], "B0WRK00001"))
        batch_items = [as_product_review(t, "B0WRK00002") for t in templates[:100]]
        batch_body = json.dumps({"items": batch_items})
        ingest_url = stack.profile.url("ingest")
        wrk_key_tenant = tenants["wrk"]
        tenant_key = asyncio.run(create_principal_key(stack.database_url, f"bench-wrk-{run}",
                                                      scopes=("reviews:write",), tenants=[wrk_key_tenant]))
        single_rps = run_wrk("ingest, single POST /v1/reviews (wrk, 32 connections)", f"{ingest_url}/v1/reviews",
                             single, wrk_seconds, tenant_key, run + "ws", 1, 32, pids, postmaster,
                             ("ingest", args.profile / "ingest-single.txt") if args.profile else None)
        if args.profile:
            print(summarise(args.profile / "ingest-single.txt", "ingest under wrk, single POST"))
        # A partner posting batches keeps a few outstanding, not dozens.
        batch_rps = run_wrk("ingest, POST /v1/reviews:batch of 100 (wrk, 4 connections)",
                            f"{ingest_url}/v1/reviews:batch", batch_body, wrk_seconds, tenant_key, run + "wb", 100,
                            4, pids, postmaster)
        stop_service(stack.service("ingest"))
        bare = start_bare(stack)
        try:
            bare_rps = run_wrk("bare FastAPI POST (wrk, 32 connections)", f"http://127.0.0.1:{BARE_PORT}/v1/reviews",
                               single, wrk_seconds, tenant_key, run + "wx", 1, 32, {"bare": bare.pid}, None)
        finally:
            bare.terminate()
            bare.wait(timeout=30)

        results = {
            "e2e_reviews_per_s": round(sustained, 1),
            "null_reviews_per_s": round(null_rate, 1),
            "real_over_null": round(sustained / null_rate, 3),
            "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "p99_ms": round(p99, 1),
            "half_load_reviews_per_s": round(half_rate, 1),
            "ingest_single_rps": round(single_rps, 1),
            "ingest_batch_reviews_per_s": round(batch_rps * 100, 1),
            "bare_rps": round(bare_rps, 1),
            "ingest_over_bare": round(single_rps / bare_rps, 3),
            "cpu_s": {"null": null_cpu, "saturated": sat_run["cpu"], "half": half_run["cpu"]},
            "load_average": [round(value, 2) for value in os.getloadavg()],
        }
    finally:
        if not args.keep:
            stop_all(profile)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
