"""One error family for every service, answered as RFC 9457 problem details."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class FieldValueError(ValueError):
    """Raised by a model-level validator about one field, so the 422 names that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class DomainError(Exception):
    """An error with its HTTP status and whether retrying later may succeed."""

    title: str
    detail: str = ""
    status: int = 400
    retriable: bool = False
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # RFC 9457 extension members, e.g. the violations of a refused edit
    extensions: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.title}: {self.detail}" if self.detail else self.title

    def with_extensions(self, **extensions: Any) -> DomainError:
        self.extensions.update(extensions)
        return self


class NotFound(DomainError):
    def __init__(self, detail: str = "No such object") -> None:
        super().__init__(title="Not Found", detail=detail, status=404)


class Conflict(DomainError):
    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(title="Conflict", detail=detail, status=409, extensions=extensions)


class Unprocessable(DomainError):
    def __init__(self, detail: str, errors: list[FieldError]) -> None:
        super().__init__(title="Unprocessable Content", detail=detail, status=422, errors=errors)


class DependencyUnavailable(DomainError):
    def __init__(self, detail: str, retry_after_seconds: int = 5) -> None:
        super().__init__(
            title="Service Unavailable",
            detail=detail,
            status=503,
            retriable=True,
            headers={"Retry-After": str(retry_after_seconds)},
        )
