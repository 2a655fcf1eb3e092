"""FastAPI dependencies for API-key authentication, scopes and tenant resolution."""


from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from reviewops.common.api.openapi import may_answer
from reviewops.common.auth.keys import Caller, hash_key
from reviewops.common.errors import DomainError, FieldError, NotFound, Unprocessable


class Unauthenticated(DomainError):
    def __init__(self) -> None:
        super().__init__(
            title="Unauthorized",
            detail="A valid API key is required: Authorization: Bearer <key>.",
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="reviewops"'},
        )


class Forbidden(DomainError):
    def __init__(self, scope: str) -> None:
        super().__init__(title="Forbidden", detail=f"This key lacks the scope {scope!r}.", status=403)


# Declares the Bearer scheme in OpenAPI; a missing or malformed header is our own 401 problem document.
_bearer = HTTPBearer(auto_error=False, scheme_name="apiKey", description="An API key from the admin command")


@may_answer(401, 429, 503)
async def authenticate(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Caller:
    """The caller behind the bearer key, or 401 (503 while the key store cannot be read)."""
    if credentials is None:
        raise Unauthenticated()
    runtime = request.app.state.runtime
    digest = hash_key(credentials.credentials)
    caller = await runtime.keys.resolve(digest)
    if caller is None:
        raise Unauthenticated()
    wait = runtime.limiter.wait_seconds(digest)
    if wait:
        raise DomainError(title="Too Many Requests", status=429, detail="This key is over its rate limit.",
                          headers={"Retry-After": str(wait)}, retriable=True)
    return caller


def require_scope(scope: str) -> Callable[..., Awaitable[Caller]]:
    """A dependency that authenticates and demands `scope` (403 without it)."""

    async def dependency(caller: Annotated[Caller, Depends(authenticate)]) -> Caller:
        if scope not in caller.scopes:
            raise Forbidden(scope)
        return caller

    dependency.__name__ = f"require_{scope.replace(':', '_')}"
    return may_answer(403)(dependency)


def resolve_tenant(caller: Caller, requested: str | None) -> str:
    """The tenant a request acts for (DESIGN.md: Tenancy and auth).

    A key for one tenant implies it; a key for several (or all) must name it in
    X-Tenant-Id; a tenant not granted is 404, never 403, so its existence is not revealed.
    """
    if requested:
        if not caller.may_act_for(requested):
            raise NotFound("No such tenant for this key.")
        return requested
    if not caller.all_tenants and len(caller.tenants) == 1:
        return next(iter(caller.tenants))
    raise Unprocessable(
        "This key acts for several tenants; name one in X-Tenant-Id.",
        [FieldError("X-Tenant-Id", "required for a key granted several tenants")],
    )


def tenant_scoped(scope: str) -> Callable[..., Awaitable[tuple[Caller, str]]]:
    """A dependency giving (caller, tenant) for endpoints that read or write tenant data."""
    authorize = require_scope(scope)

    async def dependency(
        caller: Annotated[Caller, Depends(authorize)],
        x_tenant_id: Annotated[str | None, Header(alias="X-Tenant-Id")] = None,
    ) -> tuple[Caller, str]:
        return caller, resolve_tenant(caller, x_tenant_id)

    dependency.__name__ = f"tenant_{scope.replace(':', '_')}"
    return may_answer(404, 422)(dependency)
