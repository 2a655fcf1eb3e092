"""Which failures are worth retrying: outages and transient conflicts, not bad data."""

from __future__ import annotations

import asyncio

from aiokafka.errors import KafkaError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from reviewops.common.errors import DomainError

# serialization failure, deadlock, admin shutdown, cannot connect now; class 08 is connection errors
_TRANSIENT_SQLSTATES = {"40001", "40P01", "57P01", "57P02", "57P03", "53300"}


def is_retriable(error: BaseException) -> bool:
    if isinstance(error, DomainError):
        return error.retriable
    if isinstance(error, (OSError, TimeoutError, asyncio.TimeoutError, KafkaError, PoolTimeout)):
        return True
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        sqlstate = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None) or ""
        return sqlstate in _TRANSIENT_SQLSTATES or sqlstate.startswith("08")
    return False


def backoff_seconds(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    return min(cap, base * 2**attempt)
