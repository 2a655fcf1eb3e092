"""Fixtures shared by the integration and end-to-end tiers.

The test stack (profile `test`: its own ports, broker, database and data directories
under .local/test) is started fresh once per session, only when a test asks for it,
and stopped at the end, so `make test` passes beside a running `make up`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewops.common.auth.scopes import ALL_BUT_ADMIN
from reviewops.devstack.stack import (
    Stack,
    StackProfile,
    create_principal_key,
    start_infrastructure,
    stop_all,
    test_profile,
)
from reviewops.devstack.sync import run_sync

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def profile() -> StackProfile:
    return test_profile(REPO_ROOT)


@pytest.fixture(scope="session")
def stack(profile: StackProfile) -> Iterator[Stack]:
    """PostgreSQL, Kafka, migrations, topics and the responder's service key, from empty."""
    stop_all(profile)
    if profile.external_database_url is None:
        shutil.rmtree(profile.state_dir, ignore_errors=True)
    else:
        shutil.rmtree(profile.kafka.home, ignore_errors=True)
    started = start_infrastructure(profile)
    yield started
    stop_all(profile)


def unique(prefix: str) -> str:
    """An id no other test uses (tenants, topics, groups), so tests never see each other's data."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def make_key(stack: Stack, tenants: list[str], scopes: tuple[str, ...] = ALL_BUT_ADMIN,
             all_tenants: bool = False) -> str:
    return run_sync(create_principal_key(stack.database_url, unique("principal-"), scopes=scopes, tenants=tenants,
                             all_tenants=all_tenants))
