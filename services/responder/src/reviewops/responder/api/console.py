"""The agents' web console: static files (plain ES modules, no build step), served under a strict
Content-Security-Policy."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from reviewops.common.errors import NotFound

router = APIRouter(include_in_schema=False)
_SCRIPT = "text/javascript; charset=utf-8"
_FILES = {"index.html": "text/html; charset=utf-8", "console.css": "text/css; charset=utf-8",
          **{name: _SCRIPT for name in ("console.js", "api.js", "dom.js", "queue.js", "draft.js", "insights.js")}}
# Scripts and styles only from here, no inline script, nothing framed: review text is buyer-written.
_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
           "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


@router.get("/console")
async def console_root() -> RedirectResponse:
    return RedirectResponse("/console/index.html")


@router.get("/console/{name}")
async def console_file(name: str) -> Response:
    if name not in _FILES:
        raise NotFound("No such console file.")
    body = resources.files("reviewops.responder").joinpath("console", name).read_bytes()
    return Response(body, media_type=_FILES[name],
                    headers={"Content-Security-Policy": _POLICY, "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "no-cache"})
