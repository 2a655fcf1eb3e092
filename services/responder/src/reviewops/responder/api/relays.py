"""Relays for the console (DESIGN.md: Responder endpoints): the browser talks only to the responder,
which checks the agent's key, scope and tenant, then calls on with its own service key."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, Response

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.auth.keys import Caller
from reviewops.responder.handlers import Responder

router = APIRouter(prefix="/v1", tags=["relays"])


def _responder(request: Request) -> Responder:
    return request.app.state.context


def _answer(upstream: Any) -> Response:
    return JSONResponse(upstream.json(), status_code=upstream.status_code,
                        media_type=upstream.headers.get("content-type", "application/json"))


@router.post("/checks", summary="Relay to compliance POST /v1/checks (one message or a list)")
async def relay_checks(
    body: Annotated[Any, Body()],
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("checks"))],
    responder: Annotated[Responder, Depends(_responder)],
) -> Response:
    _, tenant_id = scoped
    return _answer(await responder.compliance.relay("POST", "/v1/checks", tenant_id, json=body))


@router.get("/insights/causes", summary="Relay to the classifier's GET /v1/insights/causes")
async def relay_cause_insight(
    request: Request,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("insights:read"))],
    responder: Annotated[Responder, Depends(_responder)],
) -> Response:
    _, tenant_id = scoped
    upstream = await responder.classifier.relay("GET", "/v1/insights/causes", tenant_id,
                                                params=list(request.query_params.multi_items()))
    return _answer(upstream)
