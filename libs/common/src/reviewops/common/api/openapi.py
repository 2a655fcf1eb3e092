"""Each operation's OpenAPI entry lists the problems it can answer, as application/problem+json.

The shared machinery (authentication, scopes, tenancy, request validation, body limits) answers
the same problems on every route that uses it, so the app factory documents those here, once;
a route declares only what its own logic adds (`responses=problem_responses(409, ...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from reviewops.common.api.problems import problem_responses, problem_schemas

_MARK = "__reviewops_problems__"
DependencyT = TypeVar("DependencyT")


def may_answer(*statuses: int) -> Callable[[DependencyT], DependencyT]:
    """Marks a dependency with the problem statuses it can answer, for every route that uses it."""

    def mark(dependency: DependencyT) -> DependencyT:
        setattr(dependency, _MARK, statuses)
        return dependency

    return mark


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for dependency in dependant.dependencies:
        yield from _dependants(dependency)


def shared_problems(route: APIRoute) -> set[int]:
    """The statuses a route can answer through its dependencies, validation and the body limit."""
    statuses: set[int] = set()
    for dependant in _dependants(route.dependant):
        statuses.update(getattr(dependant.call, _MARK, ()))
        # Any parameter can fail validation (422), as FastAPI itself assumes; only a body can be too large.
        if dependant.path_params or dependant.query_params or dependant.header_params or dependant.cookie_params:
            statuses.add(422)
        if dependant.body_params:
            statuses.update((413, 422))
    return statuses


def document_problems(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """Adds each route's shared problems to its `responses` (a route's own entries win), and the
    Problem schema to the app's document. Call before the routers are included in the app."""
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.include_in_schema:
                route.responses = {**problem_responses(*sorted(shared_problems(route))), **route.responses}
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        document.setdefault("components", {}).setdefault("schemas", {}).update(problem_schemas())
        return document

    app.openapi = openapi  # type: ignore[method-assign]
