"""End-to-end fixtures: the four services as separate processes on the test stack."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from reviewops.devstack.stack import SERVICES, Stack
from tests.support.stack import REPO_ROOT, make_key, unique


class Client:
    """HTTP calls to the test stack's services with one key."""

    def __init__(self, stack: Stack, key: str | None, tenant_header: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        if tenant_header:
            headers["X-Tenant-Id"] = tenant_header
        self.stack = stack
        self.http = httpx.Client(headers=headers, timeout=30, trust_env=False)

    def url(self, service: str, path: str) -> str:
        return self.stack.profile.url(service) + path

    def get(self, service: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(self.url(service, path), **kwargs)

    def post(self, service: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(self.url(service, path), **kwargs)

    def queue(self, **params: Any) -> list[dict[str, Any]]:
        """Every queue item, closed ones too unless `include_closed` says otherwise, across all pages."""
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = self.get("responder", "/v1/queue", params={"limit": 500, "include_closed": "true", **params,
                                                               **({"cursor": cursor} if cursor else {})})
            assert page.status_code == 200, page.text
            body = page.json()
            items += body["items"]
            cursor = body["next_cursor"]
            if not cursor:
                return items


@pytest.fixture
def tenant() -> str:
    return unique("tenant-")


@pytest.fixture
def client(services: Stack, tenant: str) -> Client:
    return Client(services, make_key(services, [tenant]))


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless chromium driven by Playwright (no browser download), for the console tests."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium (make test installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def samples() -> list[dict[str, Any]]:
    lines = (REPO_ROOT / "samples" / "reviews.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["review"] for line in lines if line.strip()]


def review(external_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A negative product review with an order, so it gets a buyer message and a ticket."""
    body = {
        "marketplace": "US",
        "kind": "product_review",
        "external_id": external_id or unique("R"),
        "asin": "B0TEST0001",
        "order_id": "113-0000000-0000001",
        "rating": 2,
        "title": "Stopped working",
        "body": "The blender stopped working after a week and the lid is broken.",
        "created_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        "order_completed_at": (datetime.now(UTC) - timedelta(days=3)).isoformat(),
        "language": "en",
    }
    body.update(fields)
    return body


def wait_until(condition: Any, timeout: float = 30.0, interval: float = 0.25) -> Any:
    """Poll until `condition()` is truthy and return it; fail the test at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not reached within {timeout}s")
        time.sleep(interval)


def settled(items: list[dict[str, Any]]) -> bool:
    """Every text draft checked (ready or blocked) under a policy version."""
    return bool(items) and all(item["state"] != "pending_check" and item["policy_version"] for item in items)


__all__ = ["SERVICES", "Client", "review", "samples", "settled", "wait_until"]

