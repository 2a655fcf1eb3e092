"""The responder counts its failed calls to compliance and the classifier, by upstream."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client import REGISTRY

from reviewops.common.errors import DependencyUnavailable
from reviewops.responder.adapters.compliance_client import ComplianceClient
from reviewops.responder.adapters.service_clients import ClassifierClient, ServicePrincipalClient
from reviewops.responder.domain.checking import CheckRequest


def failures(upstream: str) -> float:
    return REGISTRY.get_sample_value("reviewops_upstream_failures_total",
                                     {"service": "responder", "upstream": upstream}) or 0.0


def answering(client: ServicePrincipalClient, *responses: httpx.Response | Exception) -> ServicePrincipalClient:
    """The client with its HTTP calls answered by `responses` in turn."""
    queue = list(responses)

    def answer(request: httpx.Request) -> httpx.Response:
        next_answer = queue.pop(0)
        if isinstance(next_answer, Exception):
            raise next_answer
        return next_answer

    client._client = httpx.AsyncClient(base_url="http://upstream", transport=httpx.MockTransport(answer))
    return client


REQUEST = CheckRequest(text="We are sorry.", channel="public_reply", language="en", context={})
ALLOWED = {"results": [{"allowed": True, "policy_version": "p1", "violations": [], "unchecked": []}]}


async def test_every_check_attempt_without_a_full_answer_counts_once() -> None:
    before = failures("compliance")
    client = answering(ComplianceClient("http://upstream", "key", 1.0),
                       httpx.ConnectError("refused"), httpx.Response(503), httpx.Response(200, json=ALLOWED))
    [outcome] = await client.check("demo", [REQUEST])
    assert outcome.allowed and failures("compliance") == before + 2

    refused = answering(ComplianceClient("http://upstream", "key", 1.0), httpx.Response(401))
    with pytest.raises(DependencyUnavailable):
        await refused.check("demo", [REQUEST])
    assert failures("compliance") == before + 3, "a refused service key is a failure, and is not retried"


async def test_a_relay_counts_no_answer_and_server_errors_not_the_agents_mistakes() -> None:
    before = failures("classifier")
    client = answering(ClassifierClient("http://upstream", "key", 1.0),
                       httpx.Response(422), httpx.Response(500), httpx.ReadTimeout("slow"))
    assert (await client.relay("GET", "/v1/insights/causes", "demo")).status_code == 422
    assert (await client.relay("GET", "/v1/insights/causes", "demo")).status_code == 500
    with pytest.raises(DependencyUnavailable):
        await client.relay("GET", "/v1/insights/causes", "demo")
    assert failures("classifier") == before + 2
