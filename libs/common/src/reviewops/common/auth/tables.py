"""The shared `auth` schema: principals, their tenant grants and their hashed API keys.

Written by the admin command, read by every service; the one schema all services share.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    LargeBinary,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY

metadata = MetaData(schema="auth")

principals = Table(
    "principals",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),  # person | service
    Column("scopes", ARRAY(Text), nullable=False),
    Column("all_tenants", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

principal_tenants = Table(
    "principal_tenants",
    metadata,
    Column("principal_id", Uuid, ForeignKey("auth.principals.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", Text, primary_key=True),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("principal_id", Uuid, ForeignKey("auth.principals.id", ondelete="CASCADE"), nullable=False),
    Column("key_hash", LargeBinary, nullable=False, unique=True),
    Column("key_prefix", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("revoked_at", DateTime(timezone=True)),
    # Set by rotate-key with a grace period: the old key works until then, and not after.
    Column("expires_at", DateTime(timezone=True)),
)
