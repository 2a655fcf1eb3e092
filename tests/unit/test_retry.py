"""Which failures the consumer retries (with backoff) and which go to the DLQ."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka.errors import KafkaConnectionError, KafkaError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from reviewops.common.errors import DependencyUnavailable, DomainError, NotFound
from reviewops.common.events.codec import PoisonMessage
from reviewops.common.kafka.retry import backoff_seconds, is_retriable


class DriverError(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def db_error(sqlstate: str | None, cls=DBAPIError, invalidated: bool = False) -> DBAPIError:
    return cls("SELECT 1", {}, DriverError(sqlstate), connection_invalidated=invalidated)


@pytest.mark.parametrize("error", [
    DependencyUnavailable("compliance down"),
    DomainError(title="x", retriable=True),
    ConnectionRefusedError(),
    OSError("network"),
    TimeoutError(),
    asyncio.TimeoutError(),
    KafkaError(),
    KafkaConnectionError(),
    PoolTimeout(),
    db_error(None, OperationalError),
    db_error(None, InterfaceError),
    db_error(None, invalidated=True),
    db_error("40001"),
    db_error("40P01"),
    db_error("57P01"),
    db_error("53300"),
    db_error("08006"),
    db_error("08001"),
])
def test_transient_failures_are_retried(error):
    assert is_retriable(error) is True


@pytest.mark.parametrize("error", [
    PoisonMessage("bad"),
    ValueError("bad data"),
    KeyError("x"),
    NotFound(),
    DomainError(title="Conflict", status=409),
    DomainError(title="x"),
    db_error("23505", IntegrityError),
    db_error("22P02"),
    db_error(None),
])
def test_bad_data_is_not_retried(error):
    assert is_retriable(error) is False


@pytest.mark.parametrize(("attempt", "seconds"), [(0, 0.5), (1, 1.0), (2, 2.0), (5, 16.0), (6, 30.0), (40, 30.0)])
def test_backoff_doubles_up_to_the_cap(attempt, seconds):
    assert backoff_seconds(attempt) == seconds


def test_backoff_is_non_decreasing_and_respects_custom_cap():
    delays = [backoff_seconds(n, base=0.1, cap=5.0) for n in range(20)]
    assert delays == sorted(delays)
    assert max(delays) == 5.0
