"""The admin command for API keys, run as users run it, against the real auth schema."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from reviewops.common.auth.keys import KeyStore, hash_key
from reviewops.devstack.stack import Stack, ensure_key_file
from reviewops.devstack.sync import run_sync
from tests.support.stack import unique

pytestmark = pytest.mark.integration


def admin(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewops.common.auth", *args], capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": stack.database_url}, check=False)


async def test_create_list_and_revoke_a_key(stack: Stack, tmp_path: Path) -> None:
    principal, tenant = unique("agent-"), unique("tenant-")
    key_file = tmp_path / "key"
    created = admin(stack, "create-key", "--principal", principal, "--tenant", tenant, "--scope", "queue:read",
                    "--output", str(key_file))
    assert created.returncode == 0, created.stderr
    key = key_file.read_text().strip()
    assert key not in created.stdout, "a key written to a file is not echoed"
    assert key_file.stat().st_mode & 0o777 == 0o600

    engine = create_async_engine(stack.database_url)
    try:
        caller = await KeyStore(engine, ttl=0).resolve(hash_key(key))
        assert caller is not None and caller.principal == principal
        assert caller.scopes == {"queue:read"} and caller.tenants == {tenant} and not caller.all_tenants

        listing = admin(stack, "list-keys").stdout
        line = next(row for row in listing.splitlines() if principal in row)
        assert key not in listing and line.split("\t")[2] == "active"
        assert line.split("\t")[3:] == [tenant, "queue:read"], "tenants and scopes, for the rotation steps"
        prefix = line.split("\t")[0]
        assert key.startswith(prefix)

        assert admin(stack, "revoke-key", prefix).returncode == 0
        assert await KeyStore(engine, ttl=0).resolve(hash_key(key)) is None
        assert admin(stack, "revoke-key", prefix).returncode == 1, "nothing left to revoke"
    finally:
        await engine.dispose()


def test_bad_requests_are_refused_without_writing(stack: Stack) -> None:
    assert admin(stack, "create-key", "--principal", unique("p-"), "--tenant", "t").returncode == 2
    refused = admin(stack, "create-key", "--principal", unique("p-"), "--scope", "checks")
    assert refused.returncode == 2 and refused.stderr.startswith("not created:") and "tenant" in refused.stderr
    assert "Traceback" not in refused.stderr


def _prefix(stack: Stack, principal: str, state: str) -> str:
    """The prefix of this principal's key listed in this state (`expires` matches any expiry time)."""
    rows = [line.split("\t") for line in admin(stack, "list-keys").stdout.splitlines() if f"\t{principal}\t" in line]
    return next(row[0] for row in rows if row[2].startswith(state))


async def test_rotating_a_key_gives_the_same_principal_a_new_key_and_revokes_the_old(
    stack: Stack, tmp_path: Path
) -> None:
    principal, tenants = unique("agent-"), [unique("tenant-"), unique("tenant-")]
    old = admin(stack, "create-key", "--principal", principal, "--tenant", tenants[0], "--tenant", tenants[1],
                "--scope", "queue:read", "--scope", "queue:write").stdout.strip()
    rotated = admin(stack, "rotate-key", _prefix(stack, principal, "active"), "--output", str(tmp_path / "new"))
    assert rotated.returncode == 0, rotated.stderr
    new = (tmp_path / "new").read_text().strip()
    assert new != old and new not in rotated.stdout

    engine = create_async_engine(stack.database_url)
    try:
        caller = await KeyStore(engine, ttl=0).resolve(hash_key(new))
        assert caller is not None and caller.principal == principal
        assert caller.tenants == set(tenants) and caller.scopes == {"queue:read", "queue:write"}
        assert await KeyStore(engine, ttl=0).resolve(hash_key(old)) is None
    finally:
        await engine.dispose()
    revoked = _prefix(stack, principal, "revoked")
    assert old.startswith(revoked) and new.startswith(_prefix(stack, principal, "active"))
    again = admin(stack, "rotate-key", revoked)
    assert again.returncode == 1 and again.stderr.startswith("not rotated:"), "a revoked key is not rotated"


async def test_with_a_grace_period_the_old_key_works_until_it_expires(stack: Stack) -> None:
    principal, tenant = unique("service-"), unique("tenant-")
    old = admin(stack, "create-key", "--principal", principal, "--tenant", tenant, "--scope", "checks").stdout.strip()
    engine = create_async_engine(stack.database_url)
    try:
        # A long-lived cache entry made before the rotation still ends when the key expires.
        cached = KeyStore(engine, ttl=3600)
        assert await cached.resolve(hash_key(old)) is not None
        rotated = admin(stack, "rotate-key", _prefix(stack, principal, "active"), "--grace-seconds", "3")
        assert rotated.returncode == 0, rotated.stderr
        new = rotated.stdout.strip()
        assert await KeyStore(engine, ttl=0).resolve(hash_key(old)) is not None, "still in its grace period"
        assert await cached.resolve(hash_key(old)) is not None
        assert _prefix(stack, principal, "expires ") and _prefix(stack, principal, "active")

        await asyncio.sleep(3.5)
        assert await KeyStore(engine, ttl=0).resolve(hash_key(old)) is None
        assert await KeyStore(engine, ttl=0).resolve(hash_key(new)) is not None
        assert old.startswith(_prefix(stack, principal, "expired"))
    finally:
        await engine.dispose()


def test_rotating_needs_one_active_key_and_a_grace_period_that_is_not_negative(stack: Stack) -> None:
    unknown = admin(stack, "rotate-key", "rvo_ffffffff")
    assert unknown.returncode == 1 and "0 active keys" in unknown.stderr
    principal = unique("agent-")
    admin(stack, "create-key", "--principal", principal, "--tenant", unique("t-"), "--scope", "checks")
    negative = admin(stack, "rotate-key", _prefix(stack, principal, "active"), "--grace-seconds", "-1")
    assert negative.returncode == 2 and "negative" in negative.stderr
    assert _prefix(stack, principal, "active"), "nothing changed"


@asynccontextmanager
async def _listening_store(stack: Stack) -> AsyncIterator[tuple[KeyStore, AsyncEngine]]:
    """A key store with an hour-long cache, listening for key changes: only a notification can make
    it read a change in time. Its engine too, for tests that act on the database."""
    engine = create_async_engine(stack.database_url)
    stopping = asyncio.Event()
    store = KeyStore(engine, ttl=3600)
    listener = asyncio.create_task(store.listen(stopping))
    try:
        await asyncio.wait_for(store.listening.wait(), timeout=10)
        yield store, engine
    finally:
        stopping.set()
        await listener
        await engine.dispose()


async def _refused_within(store: KeyStore, key: str, seconds: float) -> float:
    """Seconds until the store refuses `key`; fails the test after `seconds`."""
    started = time.monotonic()
    while await store.resolve(hash_key(key)) is not None:
        assert time.monotonic() - started < seconds, f"still accepted after {seconds}s"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_a_listening_key_store_forgets_a_revoked_key_within_a_second(stack: Stack) -> None:
    principal, tenant = unique("agent-"), unique("tenant-")
    key = admin(stack, "create-key", "--principal", principal, "--tenant", tenant, "--scope", "queue:read").stdout.strip()
    async with _listening_store(stack) as (store, _):
        assert await store.resolve(hash_key(key)) is not None
        revoked = await asyncio.to_thread(admin, stack, "revoke-key", _prefix(stack, principal, "active"))
        assert revoked.returncode == 0, revoked.stderr
        await _refused_within(store, key, 1.0)


async def test_a_narrowed_grant_reaches_a_listening_key_store(stack: Stack) -> None:
    principal, tenant = unique("agent-"), unique("tenant-")
    key = admin(stack, "create-key", "--principal", principal, "--tenant", tenant, "--scope", "queue:read").stdout.strip()
    async with _listening_store(stack) as (store, _):
        caller = await store.resolve(hash_key(key))
        assert caller is not None and caller.scopes == {"queue:read"}
        # create-key for an existing principal sets its scopes: this key loses queue:read.
        await asyncio.to_thread(admin, stack, "create-key", "--principal", principal, "--tenant", tenant,
                                "--scope", "checks")
        started = time.monotonic()
        while (await store.resolve(hash_key(key))).scopes != {"checks"}:
            assert time.monotonic() - started < 1.0, "the old scopes still cached"
            await asyncio.sleep(0.02)


async def test_a_key_store_whose_listener_lost_its_connection_forgets_its_answers_and_listens_again(
    stack: Stack,
) -> None:
    key = admin(stack, "create-key", "--principal", unique("agent-"), "--tenant", unique("tenant-"),
                "--scope", "queue:read").stdout.strip()
    async with _listening_store(stack) as (store, engine):
        assert await store.resolve(hash_key(key)) is not None
        async with engine.begin() as connection:
            # The listener's session is the one whose last statement was LISTEN.
            await connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %reviewops_auth_keys%'"
            ))
        await asyncio.wait_for(_until(lambda: not store.listening.is_set()), timeout=5)
        await asyncio.wait_for(store.listening.wait(), timeout=10)
        listing = admin(stack, "list-keys").stdout
        prefix = next(row.split("\t")[0] for row in listing.splitlines() if key.startswith(row.split("\t")[0]))
        assert admin(stack, "revoke-key", prefix).returncode == 0
        await _refused_within(store, key, 1.0)


async def _until(condition: Any) -> None:
    while not condition():
        await asyncio.sleep(0.01)


def test_a_kept_key_file_is_made_again_when_its_principal_lacks_a_scope_now_wanted(stack: Stack,
                                                                                  tmp_path: Path) -> None:
    principal, tenant, path = unique("dev-"), unique("tenant-"), tmp_path / "dev-key"
    first = ensure_key_file(stack.database_url, path, principal, scopes=("queue:read",), tenants=[tenant])
    assert ensure_key_file(stack.database_url, path, principal, scopes=("queue:read",), tenants=[tenant]) == first
    widened = ensure_key_file(stack.database_url, path, principal, scopes=("queue:read", "labels:write"),
                              tenants=[tenant])
    assert widened != first and path.read_text().strip() == widened
    caller = run_sync(_resolve(stack, widened))
    assert caller is not None and caller.scopes == {"queue:read", "labels:write"}


async def _resolve(stack: Stack, key: str):
    engine = create_async_engine(stack.database_url)
    try:
        return await KeyStore(engine, ttl=0).resolve(hash_key(key))
    finally:
        await engine.dispose()
