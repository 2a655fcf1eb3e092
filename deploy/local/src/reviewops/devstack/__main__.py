"""`python -m reviewops.devstack up|down|status`: the local stack behind `make up` and `make down`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from reviewops.common.auth.scopes import ALL_BUT_ADMIN
from reviewops.common.events.registry import TOPICS
from reviewops.devstack.kafka import kafka_ready
from reviewops.devstack.processes import service_alive
from reviewops.devstack.samples import as_if_recent, load_samples, post_reviews, put_settings, wait_for_drafts
from reviewops.devstack.stack import (
    SERVICES,
    Stack,
    dev_profile,
    ensure_key_file,
    start_infrastructure,
    start_services,
    stop_all,
)

DEMO_TENANT = "demo"


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[5]


def up(load: bool) -> int:
    started = time.monotonic()
    root = _repo_root()
    profile = dev_profile(root)
    stack = start_infrastructure(profile)
    print(f"infrastructure ready in {time.monotonic() - started:.1f}s "
          f"(Kafka {stack.bootstrap}, PostgreSQL {'external' if profile.external_database_url else 'embedded'})")
    start_services(stack)
    print(f"services ready in {time.monotonic() - started:.1f}s")
    dev_key_file = root / ".local" / "dev-api-key"
    key = ensure_key_file(stack.database_url, dev_key_file, "demo-developer", scopes=ALL_BUT_ADMIN,
                          tenants=[DEMO_TENANT])
    if load:
        put_settings(profile.url("responder"), key, root / "samples" / "settings.json")
        samples = as_if_recent(load_samples(root / "samples" / "reviews.jsonl"), datetime.now(UTC))
        results = post_reviews(profile.url("ingest"), key, samples)
        counts: dict[str, int] = {}
        for result in results:
            counts[result["result"]] = counts.get(result["result"], 0) + 1
        print(f"posted {len(samples)} sample reviews: {counts}")
        negative = {r["review_key"] for r, s in zip(results, samples, strict=True)
                    if s["rating"] <= 3 and r["review_key"]}
        missing = wait_for_drafts(profile.url("responder"), key, negative)
        if missing:
            print(f"{len(missing)} negative samples have no drafts yet; see the logs", file=sys.stderr)
            return 1
        print(f"all {len(negative)} negative samples have drafts in the queue "
              f"({time.monotonic() - started:.1f}s since make up started)")
    run_dir = profile.state_dir / "run"
    print(f"""
reviewops is up.
  API key (tenant {DEMO_TENANT}):  {dev_key_file}
  response queue:   curl -H "Authorization: Bearer $(cat {dev_key_file.relative_to(root)})" \\
                      '{profile.url("responder")}/v1/queue?state=ready'
  API docs:         {profile.url("ingest")}/docs  {profile.url("classifier")}/docs  \
{profile.url("compliance")}/docs  {profile.url("responder")}/docs
  topics (Kafka {stack.bootstrap}): {', '.join(topic.name for topic in TOPICS)}
  logs:             {run_dir}/<service>.log   (Kafka: {profile.kafka.home}/kafka.log)
  API keys (admin): DATABASE_URL='{stack.database_url}' \\
                      .local/venv/bin/python -m reviewops.common.auth list-keys
  stop:             make down""")
    return 0


def status() -> int:
    profile = dev_profile(_repo_root())
    kafka_up = kafka_ready(profile.kafka.bootstrap)
    print(f"kafka {profile.kafka.bootstrap}: {'up' if kafka_up else 'down'}")
    stack = Stack(profile, profile.external_database_url or "")
    for name in SERVICES:
        print(f"{name} {profile.url(name)}: {'up' if service_alive(stack.service(name)) else 'down'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start what is not healthy, then load the sample reviews")
    start.add_argument("--no-samples", action="store_true")
    commands.add_parser("down", help="stop the services, Kafka and the embedded PostgreSQL")
    commands.add_parser("status", help="what is running")
    args = parser.parse_args(argv)
    if args.command == "up":
        return up(load=not args.no_samples)
    if args.command == "down":
        stop_all(dev_profile(_repo_root()))
        print("stopped")
        return 0
    return status()


if __name__ == "__main__":
    raise SystemExit(main())
