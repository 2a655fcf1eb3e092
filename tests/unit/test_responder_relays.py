"""The console's relays pass the upstream answer on as it came, with what the caller acts on."""

from __future__ import annotations

import httpx

from reviewops.responder.api.relays import relayed


def test_a_refusal_keeps_its_body_and_when_to_retry():
    body = b'{"type":"about:blank","title":"Too Many Requests","status":429}'
    upstream = httpx.Response(429, content=body, headers={"content-type": "application/problem+json",
                                                          "retry-after": "3", "x-internal": "not relayed"})
    answer = relayed(upstream)
    assert answer.status_code == 429
    assert answer.body == body
    assert answer.headers["retry-after"] == "3"
    assert answer.headers["content-type"] == "application/problem+json"
    assert "x-internal" not in answer.headers


def test_a_body_that_is_not_json_is_relayed_not_a_500():
    answer = relayed(httpx.Response(502, content=b"bad gateway", headers={"content-type": "text/plain"}))
    assert (answer.status_code, answer.body) == (502, b"bad gateway")
