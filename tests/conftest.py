"""Fixtures shared by the integration and end-to-end tiers.

The test stack (profile `test`: its own ports, broker, database and data directories
under .local/test) is started fresh once per session, only when a test asks for it,
and stopped at the end, so `make test` passes beside a running `make up`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from reviewops.devstack.stack import Stack, StackProfile, start_infrastructure, start_services, stop_all, test_profile
from tests.support.stack import REPO_ROOT


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



@pytest.fixture(scope="session")
def services(stack: Stack) -> Iterator[Stack]:
    """The four services as separate processes on the test stack (started once, for every tier that asks)."""
    start_services(stack)
    yield stack
