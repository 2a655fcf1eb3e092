"""A request-body limit enforced while the body streams in (Content-Length can lie or be absent)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reviewops.common.api.problems import problem_response


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """`max_bytes` for every request body, or the larger limit given for a path (a file import)."""

    def __init__(self, app: ASGIApp, max_bytes: int, limits_by_path: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default_max_bytes = max_bytes
        self.limits_by_path = dict(limits_by_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limits_by_path.get(scope.get("path", ""), self.default_max_bytes)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await self._reject(scope, receive, send, max_bytes)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(scope, receive, send, max_bytes)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        response = problem_response(413, f"The request body is larger than {max_bytes} bytes.")
        await response(scope, receive, send)
