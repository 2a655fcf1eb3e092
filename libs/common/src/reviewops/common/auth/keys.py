"""API keys: generated with a CSPRNG, shown once, stored only as a SHA-256 hash.

A fast hash is right here: keys carry 256 bits of randomness, so there is nothing to
brute-force, and every request has to look one up.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import asyncpg
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from reviewops.common.auth.tables import api_keys, principal_tenants, principals

log = logging.getLogger(__name__)

KEY_PREFIX = "rvo_"
# The auth schema's triggers (migration 0003) notify this channel when a key, a principal's scopes
# or its tenant grants change; the notification arrives when the change commits.
KEYS_CHANGED_CHANNEL = "reviewops_auth_keys"


def new_key() -> tuple[str, str]:
    """A fresh key and its public prefix (shown in listings so people can tell keys apart)."""
    key_id = secrets.token_hex(4)
    return f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}", f"{KEY_PREFIX}{key_id}"


def write_key_file(path: Path, key: str) -> None:
    """Write `key` to `path`, readable by its owner only, also when the file already exists
    (`Path.touch(mode=...)` leaves an existing file's mode as it was)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(key + "\n")


def hash_key(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


@dataclass(frozen=True)
class Caller:
    """The principal behind a request's key, with what it may do and for whom."""

    principal_id: uuid.UUID
    principal: str
    scopes: frozenset[str]
    tenants: frozenset[str]
    all_tenants: bool

    def may_act_for(self, tenant_id: str) -> bool:
        return self.all_tenants or tenant_id in self.tenants


class KeyStore:
    """Resolves keys to callers and caches the answers.

    `listen` drops every cached answer as soon as PostgreSQL announces a change in the auth schema,
    so a revocation takes effect within the notification's delivery (milliseconds). The cache's
    `ttl` is the safety net for a listener that is reconnecting: no answer outlives it. An expiry
    takes effect on time: a key's answer is never cached past its expires_at.
    """

    def __init__(self, engine: AsyncEngine, ttl: float = 10.0) -> None:
        self._engine = engine
        self._ttl = ttl
        self._cache: dict[bytes, tuple[float, Caller | None]] = {}
        # Counts invalidations, so a lookup that began before one never caches its older answer.
        self._generation = 0
        # Set while changes are being heard (tests wait on it).
        self.listening = asyncio.Event()

    async def resolve(self, digest: bytes) -> Caller | None:
        """The caller behind a key's digest (see hash_key), or None for no such active key."""
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached and cached[0] > now:
            return cached[1]
        generation = self._generation
        caller, seconds_left = await self._load(digest)
        if generation != self._generation:
            return caller
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (now + min(self._ttl, seconds_left), caller)
        return caller

    def invalidate(self) -> None:
        """Forget every cached answer: the next request with each key reads the auth schema again."""
        self._generation += 1
        self._cache.clear()

    async def listen(self, stopping: asyncio.Event, retry_seconds: float = 1.0) -> None:
        """Invalidate on every key change announced on KEYS_CHANGED_CHANNEL, until `stopping`.

        Runs on a connection of its own (a pooled one would be taken from requests for good) and
        reconnects when it is lost, invalidating again then: changes may have passed unheard.
        """
        connect_args = self._engine.dialect.create_connect_args(self._engine.url)[1]
        while not stopping.is_set():
            try:
                connection = await asyncpg.connect(**connect_args)
            except Exception as error:  # the database down or restarting: answers still expire by ttl
                log.warning("key change listener cannot connect; retrying", extra={"error_type": type(error).__name__})
                await _wait_for_any(stopping, timeout=retry_seconds)
                continue
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _connection: lost.set())
            try:
                await connection.add_listener(KEYS_CHANGED_CHANNEL, lambda *_notification: self.invalidate())
                self.invalidate()
                self.listening.set()
                await _wait_for_any(stopping, lost)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("key change listener lost its connection", extra={"error_type": type(error).__name__})
            finally:
                self.listening.clear()
                if not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close()
            if not stopping.is_set():
                log.warning("key change listener reconnecting")
                self.invalidate()
                await _wait_for_any(stopping, timeout=retry_seconds)

    async def _load(self, digest: bytes) -> tuple[Caller | None, float]:
        """The caller, and for how many seconds the key has left before it expires (inf: no expiry)."""
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(principals, api_keys.c.expires_at, func.now().label("checked_at"))
                    .join(api_keys, api_keys.c.principal_id == principals.c.id)
                    .where(api_keys.c.key_hash == digest, api_keys.c.revoked_at.is_(None),
                           or_(api_keys.c.expires_at.is_(None), api_keys.c.expires_at > func.now()))
                )
            ).first()
            if row is None:
                return None, float("inf")
            tenants = (
                await connection.execute(
                    select(principal_tenants.c.tenant_id).where(principal_tenants.c.principal_id == row.id)
                )
            ).scalars()
            caller = Caller(
                principal_id=row.id,
                principal=row.name,
                scopes=frozenset(row.scopes),
                tenants=frozenset(tenants),
                all_tenants=row.all_tenants,
            )
            return caller, _seconds_between(row.checked_at, row.expires_at)


def _seconds_between(now: datetime, expires_at: datetime | None) -> float:
    # Both times come from the database clock, so this process's clock cannot stretch a grace period.
    return float("inf") if expires_at is None else (expires_at - now).total_seconds()


async def _wait_for_any(*events: asyncio.Event, timeout: float | None = None) -> None:
    """Return when one of `events` is set, or after `timeout` seconds."""
    waits = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
