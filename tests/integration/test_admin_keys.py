"""The admin command for API keys, run as users run it, against the real auth schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.auth.keys import KeyStore, hash_key
from reviewops.devstack.stack import Stack
from tests.conftest import unique

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
