"""The responder's HTTP clients of the other services, as its own service principal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from reviewops.common.errors import DependencyUnavailable
from reviewops.common.metrics import UPSTREAM_FAILURES
from reviewops.common.telemetry import current_carrier


class ServicePrincipalClient:
    """An HTTP client of another reviewops service that authenticates as the responder's service principal."""

    upstream: str  # the service called, as the upstream failure metric names it

    def __init__(self, base_url: str, service_key: str, timeout: float, attempts: int = 3) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {service_key}"},
            timeout=timeout,
            trust_env=False,
        )
        self._attempts = attempts
        # Shown at 0 from the start, so a rate over it means something before the first failure.
        UPSTREAM_FAILURES.labels("responder", self.upstream)

    def _count_failure(self) -> None:
        UPSTREAM_FAILURES.labels("responder", self.upstream).inc()

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def relay(self, method: str, path: str, tenant_id: str, headers: Mapping[str, str] | None = None,
                    **kwargs: Any) -> httpx.Response:
        """Pass a console request on with the service key, for one tenant (503 when unreachable)."""
        try:
            response = await self._client.request(
                method, path, headers={**(headers or {}), "X-Tenant-Id": tenant_id, **current_carrier()}, **kwargs)
        except httpx.HTTPError:
            self._count_failure()
            raise DependencyUnavailable(f"{self._client.base_url.host} cannot be reached.") from None
        if response.status_code >= 500:
            self._count_failure()
        return response


class ClassifierClient(ServicePrincipalClient):
    """The classifier, for the console's relays (insights, cause corrections and their export)."""

    upstream = "classifier"
