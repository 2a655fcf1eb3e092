"""A single-node Kafka 3.9 (KRaft, combined broker+controller) run from Maven Central jars.

Jars are resolved with ``mvn`` into ``.local/kafka-libs`` (Maven repository in ``.local/m2``);
the node's configuration, data, logs and pid file live in ``KafkaNode.home``.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import fcntl
import hashlib
import shutil
import subprocess
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError

from reviewops.devstack import _pids
from reviewops.devstack.sync import run_sync

T = TypeVar("T")

_KAFKA_MAIN = "kafka.Kafka"
_MARKER = ".resolved"


@dataclass(frozen=True)
class KafkaNode:
    """One local Kafka node: where it keeps its state and which ports it listens on."""

    home: Path
    port: int
    controller_port: int
    heap_mb: int = 512

    @property
    def bootstrap(self) -> str:
        """The bootstrap address clients use."""
        return f"127.0.0.1:{self.port}"


async def kafka_ready_async(bootstrap: str, timeout: float = 3.0) -> bool:
    """True if a broker at ``bootstrap`` answers a Metadata request listing at least one broker."""
    host, _, port = bootstrap.rpartition(":")
    try:
        # A plain TCP probe first, so a closed port does not make aiokafka log an error.
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
    except (OSError, asyncio.TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()

    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
    try:
        await asyncio.wait_for(client.bootstrap(), timeout)
        return bool(client.cluster.brokers())
    except (KafkaError, OSError, asyncio.TimeoutError):
        return False
    finally:
        await client.close()


def kafka_ready(bootstrap: str, timeout: float = 3.0) -> bool:
    """Blocking form of :func:`kafka_ready_async`."""
    return run_sync(kafka_ready_async(bootstrap, timeout))


def ensure_kafka_libs(repo_root: Path) -> Path:
    """Return ``.local/kafka-libs``, resolving the jars with ``mvn`` unless already done for this pom."""
    local = repo_root.resolve() / ".local"
    libs = local / "kafka-libs"
    pom = local.parent / "deploy" / "local" / "pom.xml"
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()
    marker = libs / _MARKER
    local.mkdir(parents=True, exist_ok=True)
    with (local / "kafka-libs.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file() and marker.read_text().strip() == digest:
            return libs
        shutil.rmtree(libs, ignore_errors=True)
        result = subprocess.run(
            [
                "mvn", "-q", "-B", "-f", str(pom),
                f"-Dmaven.repo.local={local / 'm2'}",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={libs}",
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not any(libs.glob("kafka_2.13-*.jar")):
            output = (result.stdout + result.stderr)[-4000:]
            raise RuntimeError(f"resolving Kafka jars with mvn failed (rc={result.returncode}):\n{output}")
        marker.write_text(digest + "\n")
    return libs


def _server_properties(node: KafkaNode, home: Path) -> str:
    """The KRaft combined-mode configuration for ``node``."""
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{node.controller_port}",
        "listeners": f"PLAINTEXT://127.0.0.1:{node.port},CONTROLLER://127.0.0.1:{node.controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{node.port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "log.dirs": str(home / "data"),
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "num.partitions": "1",
        "auto.create.topics.enable": "false",
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _cluster_id() -> str:
    """A random Kafka cluster id: 16 bytes, base64url without padding, not starting with '-'."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cluster_id.startswith("-"):
            return cluster_id


def _startup_errors(log_file: Path, offset: int, limit: int = 15) -> str:
    """The ERROR/FATAL and ``Caused by`` lines the current run wrote after ``offset`` in its log.

    Kafka logs a long shutdown sequence after a fatal startup error, so the plain tail
    rarely shows the cause.
    """
    with log_file.open("rb") as fh:
        fh.seek(offset)
        lines = fh.read().decode(errors="replace").splitlines()
    causes = [line for line in lines if " ERROR " in line or " FATAL " in line or "Caused by:" in line]
    return "\n".join(causes[:limit])


def _markers(home: Path) -> list[str]:
    """Command-line fragments that identify this node's JVM."""
    return [_KAFKA_MAIN, str(home)]


def ensure_kafka(node: KafkaNode, repo_root: Path, timeout: float = 90.0) -> None:
    """Make sure ``node`` runs and answers metadata requests; start it if it does not.

    Idempotent: a node that already answers is left alone. Raises RuntimeError with the
    log tail if the JVM exits during startup, TimeoutError if it is not ready in ``timeout``.
    """
    if kafka_ready(node.bootstrap):
        return
    libs = ensure_kafka_libs(repo_root)
    stop_kafka(node)  # a stale or hung JVM of this node, if any

    home = node.home.resolve()
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "logs").mkdir(exist_ok=True)
    config = home / "server.properties"
    config.write_text(_server_properties(node, home))
    classpath = f"{libs}/*"

    if not (home / "data" / "meta.properties").exists():
        result = subprocess.run(
            ["java", "-cp", classpath, "kafka.tools.StorageTool",
             "format", "-t", _cluster_id(), "-c", str(config)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"formatting Kafka storage in {home} failed:\n{result.stdout}{result.stderr}")

    log_file = home / "kafka.log"
    log4j = repo_root.resolve() / "deploy" / "local" / "log4j.properties"
    with log_file.open("ab") as log:
        log_start = log.tell()
        log.write(f"\n--- starting Kafka at {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
        log.flush()
        process = subprocess.Popen(
            [
                "java", f"-Xms{node.heap_mb}m", f"-Xmx{node.heap_mb}m",
                "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                f"-Dlog4j.configuration=file:{log4j}",
                f"-Dkafka.logs.dir={home / 'logs'}",
                "-cp", classpath, _KAFKA_MAIN, str(config),
            ],
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (home / "kafka.pid").write_text(f"{process.pid}\n")

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            (home / "kafka.pid").unlink(missing_ok=True)
            raise RuntimeError(
                f"Kafka in {home} exited with code {process.returncode} during startup:\n"
                + _startup_errors(log_file, log_start)
                + "\n...\n"
                + _pids.log_tail(log_file, 15)
            )
        if kafka_ready(node.bootstrap, timeout=2.0):
            return
        time.sleep(0.5)
    stop_kafka(node)
    raise TimeoutError(f"Kafka in {home} not ready within {timeout:.0f} s:\n" + _pids.log_tail(log_file))


def stop_kafka(node: KafkaNode, timeout: float = 30.0) -> None:
    """Stop the node's JVM (SIGTERM, then SIGKILL after ``timeout``); no error if it is not running."""
    home = node.home.resolve()
    _pids.terminate(home / "kafka.pid", _markers(home), timeout)
