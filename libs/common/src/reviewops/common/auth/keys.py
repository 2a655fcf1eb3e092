"""API keys: generated with a CSPRNG, shown once, stored only as a SHA-256 hash.

A fast hash is right here: keys carry 256 bits of randomness, so there is nothing to
brute-force, and every request has to look one up.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from reviewops.common.auth.tables import api_keys, principal_tenants, principals

KEY_PREFIX = "rvo_"


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
    """Resolves keys to callers; answers are cached briefly (a revocation takes effect within `ttl`,
    an expiry on time: a key's answer is never cached past its expires_at)."""

    def __init__(self, engine: AsyncEngine, ttl: float = 10.0) -> None:
        self._engine = engine
        self._ttl = ttl
        self._cache: dict[bytes, tuple[float, Caller | None]] = {}

    async def resolve(self, digest: bytes) -> Caller | None:
        """The caller behind a key's digest (see hash_key), or None for no such active key."""
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached and cached[0] > now:
            return cached[1]
        caller, seconds_left = await self._load(digest)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (now + min(self._ttl, seconds_left), caller)
        return caller

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
