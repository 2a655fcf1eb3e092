"""RFC 9457 problem details for every error every service answers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from reviewops.common.errors import DomainError, FieldError, FieldValueError
from reviewops.common.kafka.retry import is_retriable

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
_LOCATION_PREFIXES = {"body", "query", "path", "header", "cookie"}


class FieldProblem(BaseModel):
    field: str = Field(description="A path in the body (`items[3].rating`), a header or a query parameter name")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document: the body of every error every service answers."""

    # Extension members (for example the `violations` of a refused edit) ride beside the standard ones.
    model_config = ConfigDict(extra="allow")
    type: str = Field(description="`about:blank`: the status and title say what happened")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    errors: list[FieldProblem] = Field(
        default_factory=list, description="The fields at fault; present only when there are some"
    )


_RETRY_AFTER = {"Retry-After": {"description": "Whole seconds to wait before retrying", "required": True,
                                "schema": {"type": "string", "pattern": "^[0-9]+$"}}}
_PROBLEM_DOCS: dict[int, tuple[str, dict[str, Any]]] = {
    401: ("No valid API key", {"WWW-Authenticate": {"description": "The Bearer scheme", "required": True,
                                                    "schema": {"type": "string"}}}),
    403: ("The key lacks the scope this operation needs", {}),
    404: ("Not found, or a tenant this key was not granted", {}),
    409: ("The object's state does not allow this now", {}),
    413: ("Too many items (more than 500) or too large a body", {}),
    422: ("Invalid or missing fields, each named in `errors`", {}),
    429: ("This key is over its rate limit", _RETRY_AFTER),
    503: ("A dependency (database, broker, another service) is unavailable; nothing was changed", _RETRY_AFTER),
}


def problem_responses(*statuses: int, descriptions: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, each a Problem as application/problem+json.

    `descriptions` replaces the generic wording where an operation means something more specific.
    The Problem schema itself is added to the document by `problem_schemas`.
    """
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        description, headers = _PROBLEM_DOCS[status]
        responses[status] = {
            "description": (descriptions or {}).get(status, description),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
            **({"headers": headers} if headers else {}),
        }
    return responses


def problem_schemas() -> dict[str, Any]:
    """The JSON schemas of Problem and FieldProblem, for an OpenAPI document's components."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    return {**schema.pop("$defs"), "Problem": schema}


def problem_document(
    status: int,
    detail: str = "",
    *,
    title: str | None = None,
    errors: Sequence[FieldError] = (),
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The body of a problem answer, as JSON values."""
    problem = Problem(
        type="about:blank",
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=[FieldProblem(field=error.field, message=error.message) for error in errors],
    )
    # `errors` appears only when fields are at fault (DESIGN.md: Errors).
    body = problem.model_dump(mode="json", exclude=None if errors else {"errors"})
    body.update(extensions or {})
    return body


def domain_problem(error: DomainError) -> dict[str, Any]:
    """The problem document a DomainError is answered with (also for one item of a bulk request)."""
    return problem_document(error.status, error.detail, title=error.title, errors=error.errors,
                            extensions=error.extensions)


def problem_response(
    status: int,
    detail: str = "",
    *,
    title: str | None = None,
    errors: Sequence[FieldError] = (),
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSONResponse:
    body = problem_document(status, detail, title=title, errors=errors, extensions=extensions)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def field_name(location: Sequence[str | int]) -> str:
    """('body', 'items', 0, 'rating') -> 'items[0].rating'; ('header', 'x-tenant-id') -> 'X-Tenant-Id'."""
    parts = list(location)
    kind = parts.pop(0) if parts and parts[0] in _LOCATION_PREFIXES else None
    if kind == "header" and parts:
        return "-".join(piece.capitalize() for piece in str(parts[0]).split("-"))
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or (kind or "body")


def _is_type_tag(part: str | int) -> bool:
    """pydantic names union members and validators in error locations: 'CheckRequest', 'function-after[...]'."""
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part.startswith("function-"))


def _meant_branch(errors: Sequence[dict[str, Any]], body: Any) -> list[dict[str, Any]]:
    """For a body that is one item or {"items": [...]}, keep the errors of the form the body chose."""
    tagged = [e for e in errors if len(e.get("loc", ())) > 1 and _is_type_tag(e["loc"][1])]
    if len(tagged) != len(errors) or not isinstance(body, dict):
        return list(errors)
    wants_list = "items" in body
    chosen = [e for e in errors if str(e["loc"][1]).startswith("ItemList") == wants_list]
    return chosen or list(errors)


def validation_errors(errors: Sequence[dict[str, Any]], body: Any = None) -> list[FieldError]:
    found = []
    for error in _meant_branch(errors, body):
        location = list(error.get("loc", ()))
        kind_is_header = bool(location) and location[0] == "header"
        location = [part for part in location if kind_is_header or not _is_type_tag(part)]
        message = error.get("msg", "invalid")
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, FieldValueError):
            # A model-level rule about one field: the error points at the model; name the field in it.
            location.append(cause.field)
            message = str(cause)
        if error.get("type") == "json_invalid":
            location, message = ["body"], f"not valid JSON: {error.get('ctx', {}).get('error', message)}"
        found.append(FieldError(field_name(location), message))
    return found


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem_response(
            422, "The request has invalid or missing fields.", errors=validation_errors(error.errors(), error.body)
        )

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> JSONResponse:
        return problem_response(
            error.status, error.detail, title=error.title, errors=error.errors, headers=error.headers or None,
            extensions=error.extensions,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400 and isinstance(error.__cause__, (ValueError, RecursionError)):
            # FastAPI's own 400 for a body it cannot parse (not UTF-8, nested too deep): like any body
            # that is not JSON, a 422 naming `body` (DESIGN.md: Lists; docs/decisions.md).
            return problem_response(422, "The request has invalid or missing fields.",
                                    errors=[FieldError("body", "not valid JSON: cannot be decoded and parsed")])
        detail = error.detail if isinstance(error.detail, str) else ""
        return problem_response(error.status_code, detail, headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        if is_retriable(error):
            # The database or the broker is down: the caller may retry; nothing was acknowledged.
            log.warning("dependency unavailable", extra={"error_type": type(error).__name__,
                                                         "path": request.url.path})
            return problem_response(503, "A dependency is unavailable; retry later.",
                                    headers={"Retry-After": "5"})
        log.error("unhandled error", extra={"error_type": type(error).__name__, "path": request.url.path},
                  exc_info=error)
        return problem_response(500, "An unexpected error occurred; it has been logged.")
