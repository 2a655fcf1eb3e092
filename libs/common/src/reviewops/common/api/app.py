"""The app factory: one place that wires every service's lifecycle.

A service hands over its name, settings, metadata, routers and a `build` function that
turns the shared runtime into its handlers and background jobs; everything else
(logging, tracing, database, publisher, outbox relay, consumer loop, probes, metrics,
errors, auth, body limits, graceful drain) is done here once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData

from reviewops.common.api.limits import BodyLimitMiddleware
from reviewops.common.api.observability import RequestTelemetryMiddleware, probes
from reviewops.common.api.openapi import document_problems
from reviewops.common.api.ratelimit import RateLimiter
from reviewops.common.api.problems import install_problem_handlers
from reviewops.common.auth.keys import KeyStore
from reviewops.common.db.database import Database
from reviewops.common.kafka.consumer import ConsumerLoop, Subscription
from reviewops.common.kafka.publisher import KafkaPublisher
from reviewops.common.kafka.relay import OutboxRelay
from reviewops.common.logging import configure_logging
from reviewops.common.settings import ServiceSettings
from reviewops.common.telemetry import configure_tracing, shutdown_tracing

log = logging.getLogger(__name__)

BackgroundJob = Callable[[asyncio.Event], Awaitable[None]]


@dataclass
class Runtime:
    """What the lifespan builds: the plumbing every service shares. A service's bootstrap turns it
    into the service's dependencies object; only auth, probes and the lifespan read it directly."""

    service: str
    settings: ServiceSettings
    database: Database
    publisher: KafkaPublisher
    keys: KeyStore
    limiter: RateLimiter
    consumer: ConsumerLoop | None = None


DependenciesT = TypeVar("DependenciesT")


@dataclass
class ServiceParts(Generic[DependenciesT]):
    """What a service's bootstrap adds to the runtime: its typed dependencies object (which routes
    reach through the service's one FastAPI dependency), its subscriptions and its background jobs."""

    dependencies: DependenciesT
    subscriptions: Sequence[Subscription] = ()
    background: Sequence[BackgroundJob] = ()
    on_stop: Sequence[Callable[[], Awaitable[None]]] = ()


Build = Callable[[Runtime], Awaitable[ServiceParts[Any]]]


async def _start_with_retry(start: Callable[[], Awaitable[None]], what: str, attempts: int = 30) -> None:
    for attempt in range(attempts):
        try:
            await start()
            return
        except Exception as error:
            if attempt == attempts - 1:
                raise
            log.warning(f"{what} not reachable yet, retrying", extra={"error_type": type(error).__name__})
            await asyncio.sleep(min(5.0, 0.5 * 2**attempt))


def create_app(
    *,
    service: str,
    settings: ServiceSettings,
    metadata: MetaData,
    routers: Sequence[APIRouter],
    build: Build,
    title: str,
    description: str = "",
    body_limits_by_path: Mapping[str, int] | None = None,
) -> FastAPI:
    """Build the FastAPI app of one service; no work happens until its lifespan starts.

    `body_limits_by_path` raises the body limit for the paths that take files (ingest's imports)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(service, settings.log_level)
        configure_tracing(service)
        database = Database(settings.database_url, service, metadata, settings.db_pool_size)
        publisher = KafkaPublisher(settings.kafka_bootstrap, client_id=service)
        await _start_with_retry(publisher.start, "Kafka")
        runtime = Runtime(service, settings, database, publisher, KeyStore(database.engine),
                          RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst))
        parts = await build(runtime)
        relay = OutboxRelay(
            database, publisher, service, settings.relay_batch_size, settings.relay_interval_seconds
        )
        stopping = asyncio.Event()
        jobs = [asyncio.create_task(relay.run(stopping), name=f"{service}-relay"),
                asyncio.create_task(runtime.keys.listen(stopping), name=f"{service}-key-changes")]
        jobs += [asyncio.create_task(job(stopping)) for job in parts.background]
        consumer_task = None
        if parts.subscriptions:
            runtime.consumer = ConsumerLoop(
                service=service,
                bootstrap=settings.kafka_bootstrap,
                subscriptions=parts.subscriptions,
                publisher=publisher,
                batch_size=settings.consumer_batch_size,
                poll_ms=settings.consumer_poll_ms,
            )
            await _start_with_retry(runtime.consumer.start, "Kafka consumer")
            consumer_task = asyncio.create_task(runtime.consumer.run(), name=f"{service}-consumer")
        app.state.runtime = runtime
        app.state.dependencies = parts.dependencies
        log.info("service started", extra={"kafka": settings.kafka_bootstrap})
        try:
            yield
        finally:
            # Drain: finish the batch in hand and commit it, then flush the outbox.
            if runtime.consumer is not None and consumer_task is not None:
                runtime.consumer.request_stop()
                try:
                    await asyncio.wait_for(asyncio.shield(consumer_task), settings.consumer_drain_seconds)
                except TimeoutError:
                    consumer_task.cancel()
                    log.warning("consumer did not drain in time; its batch will be redelivered")
                await runtime.consumer.stop()
            stopping.set()
            await asyncio.gather(*jobs, return_exceptions=True)
            for hook in parts.on_stop:
                await hook()
            await publisher.stop()
            await database.dispose()
            log.info("service stopped")
            shutdown_tracing()

    # FastAPI's own telemetry stays off: RequestTelemetryMiddleware is the one source of request
    # spans and metrics, and FastAPI's would record exception messages, which can quote buyer text.
    app = FastAPI(title=title, description=description, version="0.1.0", lifespan=lifespan,
                  telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False,
                             "auto_configure": False})
    install_problem_handlers(app)
    app.add_middleware(RequestTelemetryMiddleware, service=service)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, limits_by_path=body_limits_by_path)
    document_problems(app, routers)
    app.include_router(probes)
    for router in routers:
        app.include_router(router)
    return app
