"""Reading a deployment's human labels over its REST API (GET /v1/labels), for training offline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

PAGE = 500


def exported_labels(base_url: str, key: str, tenant_id: str | None = None, since: str | None = None,
                    transport: httpx.BaseTransport | None = None) -> Iterator[dict[str, Any]]:
    """Every label the key's tenant has, page by page, oldest first (the classifier's or the
    responder's relay URL); raises httpx.HTTPStatusError on a refusal."""
    headers = {"Authorization": f"Bearer {key}", **({"X-Tenant-Id": tenant_id} if tenant_id else {})}
    params: dict[str, Any] = {"limit": PAGE, **({"since": since} if since else {})}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30, trust_env=False, transport=transport) as client:
        while True:
            response = client.get("/v1/labels", params=params)
            response.raise_for_status()
            page = response.json()
            yield from page["items"]
            if not page["next_cursor"]:
                return
            params["cursor"] = page["next_cursor"]
