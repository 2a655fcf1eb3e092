"""Ids and keys on the test stack, for the integration and end-to-end tiers."""

from __future__ import annotations

import uuid
from pathlib import Path

from reviewops.common.auth.scopes import ALL_BUT_ADMIN
from reviewops.devstack.stack import Stack, create_principal_key
from reviewops.devstack.sync import run_sync

REPO_ROOT = Path(__file__).resolve().parents[2]


def unique(prefix: str) -> str:
    """An id no other test uses (tenants, topics, groups), so tests never see each other's data."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def unique_order_id() -> str:
    """An Amazon-shaped order id (3-7-7 digits) no other test uses."""
    digits = f"{uuid.uuid4().int:039d}"[-17:]
    return f"{digits[:3]}-{digits[3:10]}-{digits[10:]}"


def make_key(stack: Stack, tenants: list[str], scopes: tuple[str, ...] = ALL_BUT_ADMIN,
             all_tenants: bool = False) -> str:
    return run_sync(create_principal_key(stack.database_url, unique("principal-"), scopes=scopes, tenants=tenants,
                             all_tenants=all_tenants))
