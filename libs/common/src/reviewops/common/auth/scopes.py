"""The scopes of DESIGN.md (Tenancy and auth), one per group of endpoints."""

from __future__ import annotations

SCOPES = (
    "reviews:write",
    "reviews:read",
    "classify",
    "insights:read",
    "labels:write",
    "checks",
    "policy:read",
    "queue:read",
    "queue:write",
    "templates:write",
    "admin",
)
ALL_BUT_ADMIN = tuple(scope for scope in SCOPES if scope != "admin")
