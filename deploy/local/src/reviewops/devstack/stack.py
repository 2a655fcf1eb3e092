"""The whole local stack: PostgreSQL, Kafka, migrations, topics, keys and the four services.

`make up` runs the `dev` profile; the tests run the `test` profile and `make bench` the
`bench` profile, each with its own ports, data directories, broker and database, so all
three can run side by side.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.auth.admin import create_key
from reviewops.common.auth.keys import hash_key, write_key_file
from reviewops.common.auth.scopes import ALL_BUT_ADMIN
from reviewops.common.auth.tables import api_keys, principals
from reviewops.common.kafka.admin import ensure_topics
from reviewops.devstack.kafka import KafkaNode, ensure_kafka, stop_kafka
from reviewops.devstack.postgres import ensure_postgres, stop_postgres
from reviewops.devstack.processes import ServiceProcess, ensure_service, stop_service
from reviewops.devstack.sync import run_sync

SERVICES = ("ingest", "classifier", "compliance", "responder")
SERVICE_PRINCIPAL_SCOPES = ("checks", "policy:read", "classify", "insights:read", "labels:write")


@dataclass(frozen=True)
class StackProfile:
    """Where one stack keeps its state and which ports it uses."""

    name: str
    repo_root: Path
    kafka_port: int
    controller_port: int
    service_ports: dict[str, int]
    external_database_url: str | None = None
    service_env: dict[str, str] = field(default_factory=dict)

    @property
    def state_dir(self) -> Path:
        return self.repo_root / ".local" / self.name

    @property
    def kafka(self) -> KafkaNode:
        return KafkaNode(self.state_dir / "kafka", self.kafka_port, self.controller_port)

    @property
    def postgres_dir(self) -> Path:
        return self.state_dir / "postgres"

    @property
    def service_key_file(self) -> Path:
        return self.state_dir / "responder-service-key"

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.service_ports[service]}"


def dev_profile(repo_root: Path) -> StackProfile:
    return StackProfile(
        name="dev",
        repo_root=repo_root,
        kafka_port=9092,
        controller_port=9093,
        service_ports={"ingest": 8001, "classifier": 8002, "compliance": 8003, "responder": 8004},
        external_database_url=os.environ.get("DATABASE_URL") or None,
    )


def test_profile(repo_root: Path) -> StackProfile:
    # REVIEWOPS_TEST_SLOT=N (default 0) shifts every port by 100*N and keeps state in
    # .local/test-N, so several test runs can share one machine without meeting.
    slot = int(os.environ.get("REVIEWOPS_TEST_SLOT") or 0)
    shift = 100 * slot
    return StackProfile(
        name="test" if slot == 0 else f"test-{slot}",
        repo_root=repo_root,
        kafka_port=19092 + shift,
        controller_port=19093 + shift,
        service_ports={name: port + shift for name, port in
                       {"ingest": 18001, "classifier": 18002, "compliance": 18003, "responder": 18004}.items()},
        external_database_url=os.environ.get("REVIEWOPS_TEST_DATABASE_URL") or None,
        # Small batches, a fast re-check and fresh queue gauges, so tests see windows and outcomes quickly.
        service_env={"REVIEWOPS_CONSUMER_BATCH_SIZE": "50", "REVIEWOPS_RECHECK_INTERVAL_SECONDS": "1",
                     "REVIEWOPS_QUEUE_METRICS_INTERVAL_SECONDS": "1"},
    )


def bench_profile(repo_root: Path) -> StackProfile:
    """The stack `make bench` starts fresh and measures: production settings but for rate limits."""
    return StackProfile(
        name="bench",
        repo_root=repo_root,
        kafka_port=29092,
        controller_port=29093,
        service_ports={"ingest": 28001, "classifier": 28002, "compliance": 28003, "responder": 28004},
        # One load-generator key posts far more than a partner's 200 requests/s would: the
        # benchmark measures the pipeline, not the per-key limit in front of it.
        service_env={"REVIEWOPS_RATE_LIMIT_PER_SECOND": "1000000", "REVIEWOPS_RATE_LIMIT_BURST": "1000000"},
    )


@dataclass(frozen=True)
class Stack:
    """A running stack's infrastructure, and the service processes it can start."""

    profile: StackProfile
    database_url: str

    @property
    def bootstrap(self) -> str:
        return self.profile.kafka.bootstrap

    def service(self, name: str) -> ServiceProcess:
        env = {
            "DATABASE_URL": self.database_url,
            "REVIEWOPS_KAFKA_BOOTSTRAP": self.bootstrap,
            "REVIEWOPS_COMPLIANCE_URL": self.profile.url("compliance"),
            "REVIEWOPS_CLASSIFIER_URL": self.profile.url("classifier"),
            "REVIEWOPS_SERVICE_KEY_FILE": str(self.profile.service_key_file),
            **self.profile.service_env,
        }
        return ServiceProcess(
            name=name,
            app=f"reviewops.{name}.main:create",
            port=self.profile.service_ports[name],
            env=env,
            run_dir=self.profile.state_dir / "run",
        )


def migrate(database_url: str) -> None:
    """Apply every migration tree (auth first) in a child process, as a deployment's job would."""
    subprocess.run(
        [sys.executable, "-m", "reviewops.common.db.migrate"],
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
        stdout=subprocess.DEVNULL,
    )


async def _key_is_valid(database_url: str, key: str, scopes: Sequence[str]) -> bool:
    """The key is not revoked and its principal holds every scope wanted (a scope added to the
    code since the key was made, such as labels:write, makes it invalid, so it is made again)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            held = await connection.scalar(
                select(principals.c.scopes)
                .join(api_keys, api_keys.c.principal_id == principals.c.id)
                .where(api_keys.c.key_hash == hash_key(key), api_keys.c.revoked_at.is_(None))
            )
            return held is not None and set(scopes) <= set(held)
    finally:
        await engine.dispose()


async def create_principal_key(database_url: str, principal: str, **grants: object) -> str:
    """A new key for `principal` (created or updated with these grants)."""
    engine = create_async_engine(database_url)
    try:
        return await create_key(engine, principal, **grants)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def ensure_key_file(database_url: str, path: Path, principal: str, **grants: object) -> str:
    """Keep the key in `path` if it is still valid, else create one for `principal` and write it (0600)."""
    if path.exists():
        key = path.read_text().strip()
        wanted = grants.get("scopes", ())
        if key and run_sync(_key_is_valid(database_url, key, tuple(wanted))):  # type: ignore[call-overload]
            return key
    key = run_sync(create_principal_key(database_url, principal, **grants))
    write_key_file(path, key)
    return key


def start_infrastructure(profile: StackProfile) -> Stack:
    """PostgreSQL, Kafka, migrations, topics and the responder's service key; each only if needed."""
    database_url = profile.external_database_url or ensure_postgres(profile.postgres_dir)
    ensure_kafka(profile.kafka, profile.repo_root)
    migrate(database_url)
    run_sync(ensure_topics(profile.kafka.bootstrap))
    ensure_key_file(
        database_url,
        profile.service_key_file,
        f"responder-service-{profile.name}",
        scopes=SERVICE_PRINCIPAL_SCOPES,
        all_tenants=True,
        kind="service",
    )
    return Stack(profile, database_url)


def start_services(stack: Stack, names: tuple[str, ...] = SERVICES) -> None:
    """Start each service that does not answer /healthz; leave healthy ones alone."""
    for name in names:
        ensure_service(stack.service(name), Path(sys.executable))


def stop_all(profile: StackProfile) -> None:
    """Stop the services, Kafka and the embedded PostgreSQL of a profile; nothing is left listening."""
    database_url = profile.external_database_url or "postgresql+asyncpg://unused@/unused"
    stack = Stack(profile, database_url)
    for name in reversed(SERVICES):
        stop_service(stack.service(name))
    stop_kafka(profile.kafka)
    if profile.external_database_url is None:
        stop_postgres(profile.postgres_dir)
