"""The responder's client for compliance POST /v1/checks, with its own service key."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence

import httpx
import orjson

from reviewops.common.errors import DependencyUnavailable
from reviewops.common.telemetry import current_carrier
from reviewops.responder.adapters.service_clients import ServicePrincipalClient
from reviewops.responder.domain.checking import CheckOutcome, CheckRequest

log = logging.getLogger(__name__)


class ComplianceClient(ServicePrincipalClient):
    """Batched checks; any failure to get a full answer is DependencyUnavailable (fail closed)."""

    upstream = "compliance"

    async def check(self, tenant_id: str, requests: list[CheckRequest]) -> list[CheckOutcome]:
        """Check one tenant's texts in one call; DependencyUnavailable unless every one is answered."""
        if not requests:
            return []
        # orjson: a batch's body and answer are hundreds of drafts with their contexts.
        body = orjson.dumps({"items": [
            {"text": r.text, "channel": r.channel, "language": r.language, "context": r.context} for r in requests
        ]})
        headers = {"X-Tenant-Id": tenant_id, "Content-Type": "application/json", **current_carrier()}
        for attempt in range(self._attempts):
            try:
                response = await self._client.post("/v1/checks", content=body, headers=headers)
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code == 200:
                results = orjson.loads(response.content)["results"]
                if len(results) != len(requests):
                    self._count_failure()
                    break
                return [
                    CheckOutcome(r["allowed"], r["policy_version"], r["violations"], r["unchecked"])
                    for r in results
                ]
            # Every attempt without a full answer: unreachable, 5xx, 429, or refused (a bad service key).
            self._count_failure()
            if response is not None and response.status_code < 500 and response.status_code != 429:
                break
            await asyncio.sleep(0.2 * 2**attempt)
        raise DependencyUnavailable("Compliance could not check the drafts.")

    async def check_batched(self, items: Sequence[tuple[str, CheckRequest]]) -> dict[int, CheckOutcome]:
        """Check (tenant, request) pairs in one call per tenant; the outcomes by the pairs' index.
        A tenant's requests are left out while compliance cannot judge them (they stay unchecked)."""
        by_tenant: dict[str, list[int]] = defaultdict(list)
        for index, (tenant_id, _) in enumerate(items):
            by_tenant[tenant_id].append(index)
        outcomes: dict[int, CheckOutcome] = {}
        for tenant_id, indexes in by_tenant.items():
            try:
                results = await self.check(tenant_id, [items[i][1] for i in indexes])
            except DependencyUnavailable:
                log.warning("compliance unreachable; drafts stay pending_check", extra={"drafts": len(indexes)})
                continue
            outcomes.update(zip(indexes, results, strict=True))
        return outcomes
