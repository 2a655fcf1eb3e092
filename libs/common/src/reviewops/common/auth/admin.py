"""Key and principal management: the data side of the admin command."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import func

from reviewops.common.auth.keys import hash_key, new_key
from reviewops.common.auth.scopes import SCOPES
from reviewops.common.auth.tables import api_keys, principal_tenants, principals


async def create_key(
    engine: AsyncEngine,
    principal: str,
    *,
    scopes: Iterable[str],
    tenants: Iterable[str] = (),
    all_tenants: bool = False,
    kind: str = "person",
) -> str:
    """Create (or update) a principal with these grants and return a new key for it."""
    scopes = sorted(set(scopes))
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(unknown)}")
    tenants = sorted(set(tenants))
    if not tenants and not all_tenants:
        raise ValueError("a principal needs at least one tenant, or all tenants")
    key, prefix = new_key()
    async with engine.begin() as connection:
        principal_id = await connection.scalar(
            pg_insert(principals)
            .values(id=uuid.uuid4(), name=principal, kind=kind, scopes=scopes, all_tenants=all_tenants)
            .on_conflict_do_update(
                index_elements=[principals.c.name],
                set_={"scopes": scopes, "all_tenants": all_tenants, "kind": kind},
            )
            .returning(principals.c.id)
        )
        if tenants:
            await connection.execute(
                pg_insert(principal_tenants)
                .values([{"principal_id": principal_id, "tenant_id": tenant} for tenant in tenants])
                .on_conflict_do_nothing()
            )
        await connection.execute(
            api_keys.insert().values(
                id=uuid.uuid4(), principal_id=principal_id, key_hash=hash_key(key), key_prefix=prefix
            )
        )
    return key


async def list_keys(engine: AsyncEngine) -> list[dict]:
    """Every key by prefix with its principal, state, scopes and tenants; never the key itself."""
    async with engine.connect() as connection:
        grants = await connection.execute(
            select(principal_tenants.c.principal_id, principal_tenants.c.tenant_id).order_by(principal_tenants.c.tenant_id)
        )
        tenants: dict[uuid.UUID, list[str]] = {}
        for principal_id, tenant_id in grants:
            tenants.setdefault(principal_id, []).append(tenant_id)
        rows = await connection.execute(
            select(
                principals.c.id.label("principal_id"),
                api_keys.c.key_prefix,
                principals.c.name,
                principals.c.scopes,
                principals.c.all_tenants,
                api_keys.c.created_at,
                api_keys.c.revoked_at,
                api_keys.c.expires_at,
                func.now().label("now"),
            )
            .join(principals, principals.c.id == api_keys.c.principal_id)
            .order_by(api_keys.c.created_at)
        )
        return [dict(row._mapping, tenants=tenants.get(row.principal_id, [])) for row in rows]


async def revoke_key(engine: AsyncEngine, prefix: str) -> int:
    async with engine.begin() as connection:
        result = await connection.execute(
            update(api_keys)
            .where(api_keys.c.key_prefix == prefix, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=func.now())
        )
        return result.rowcount


async def rotate_key(engine: AsyncEngine, prefix: str, grace_seconds: int = 0) -> str:
    """A new key for the principal of the active key `prefix` (so with its tenants and scopes), and
    the old key revoked at once, or set to expire after `grace_seconds` so callers can switch over.

    Raises LookupError unless exactly one active key has this prefix.
    """
    if grace_seconds < 0:
        raise ValueError("the grace period cannot be negative")
    active = (api_keys.c.key_prefix == prefix, api_keys.c.revoked_at.is_(None),
              or_(api_keys.c.expires_at.is_(None), api_keys.c.expires_at > func.now()))
    key, new_prefix = new_key()
    async with engine.begin() as connection:
        rows = (await connection.execute(
            select(api_keys.c.id, api_keys.c.principal_id).where(*active).with_for_update()
        )).all()
        if len(rows) != 1:
            raise LookupError(f"{len(rows)} active keys have the prefix {prefix!r}; one is needed")
        [old] = rows
        await connection.execute(
            api_keys.insert().values(
                id=uuid.uuid4(), principal_id=old.principal_id, key_hash=hash_key(key), key_prefix=new_prefix
            )
        )
        if grace_seconds:
            # A key already due to expire sooner keeps its earlier end.
            ends = func.now() + timedelta(seconds=grace_seconds)
            await connection.execute(
                update(api_keys).where(api_keys.c.id == old.id)
                .values(expires_at=func.least(func.coalesce(api_keys.c.expires_at, ends), ends))
            )
        else:
            await connection.execute(update(api_keys).where(api_keys.c.id == old.id).values(revoked_at=func.now()))
    return key
