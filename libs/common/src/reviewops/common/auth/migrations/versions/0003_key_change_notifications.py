"""auth: notify reviewops_auth_keys when keys, principals or tenant grants change

Every service's key cache listens on this channel and forgets its answers when a change
commits, so a revoked key is refused everywhere at once instead of after the cache's TTL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Table -> the changes that can take a permission away or hand one out to a cached caller
# (a new key needs no invalidation: no answer for it can be cached yet).
_WATCHED = {
    "api_keys": "UPDATE OR DELETE",
    "principals": "UPDATE OR DELETE",
    "principal_tenants": "INSERT OR UPDATE OR DELETE",
}


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION auth.announce_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- Delivered when the transaction commits; one per transaction and table.
            PERFORM pg_notify('reviewops_auth_keys', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """
    )
    for table, events in _WATCHED.items():
        op.execute(
            f"CREATE TRIGGER {table}_changed AFTER {events} ON auth.{table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION auth.announce_key_change()"
        )


def downgrade() -> None:
    for table in _WATCHED:
        op.execute(f"DROP TRIGGER {table}_changed ON auth.{table}")
    op.execute("DROP FUNCTION auth.announce_key_change()")
