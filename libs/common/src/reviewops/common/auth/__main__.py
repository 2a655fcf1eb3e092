"""`python -m reviewops.common.auth`: the admin command for API keys (needs DATABASE_URL)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.auth.admin import create_key, list_keys, revoke_key, rotate_key
from reviewops.common.auth.keys import write_key_file
from reviewops.common.auth.scopes import ALL_BUT_ADMIN, SCOPES
from reviewops.common.settings import ServiceSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reviewops.common.auth", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-key", help="create a key (and its principal, if new)")
    create.add_argument("--principal", required=True)
    create.add_argument("--kind", choices=("person", "service"), default="person")
    create.add_argument("--tenant", action="append", default=[], help="a tenant to grant; repeatable")
    create.add_argument("--all-tenants", action="store_true", help="grant every tenant (service principals)")
    create.add_argument("--scope", action="append", default=[], choices=SCOPES, help="repeatable")
    create.add_argument("--all-scopes-but-admin", action="store_true")
    create.add_argument("--output", type=Path, help="write the key to this file (mode 0600) instead of stdout")
    commands.add_parser("list-keys", help="list keys by prefix, never the keys themselves")
    revoke = commands.add_parser("revoke-key", help="revoke a key by its prefix")
    revoke.add_argument("prefix")
    rotate = commands.add_parser(
        "rotate-key", help="a new key for the same principal (tenants, scopes); the old one revoked or expiring"
    )
    rotate.add_argument("prefix")
    rotate.add_argument("--grace-seconds", type=int, default=0,
                        help="keep the old key working this long, so its users can switch (default: revoke now)")
    rotate.add_argument("--output", type=Path, help="write the new key to this file (mode 0600) instead of stdout")
    return parser


def _deliver(key: str, output: Path | None) -> None:
    """Print the key, or write it to a file only its owner can read."""
    if output:
        write_key_file(output, key)
        print(f"key written to {output}")
    else:
        print(key)


def _state(row: dict) -> str:
    if row["revoked_at"]:
        return "revoked"
    if row["expires_at"]:
        return "expired" if row["expires_at"] <= row["now"] else f"expires {row['expires_at'].isoformat()}"
    return "active"


async def _run(args: argparse.Namespace) -> int:
    engine = create_async_engine(ServiceSettings().database_url)
    try:
        if args.command == "create-key":
            scopes = list(args.scope) + (list(ALL_BUT_ADMIN) if args.all_scopes_but_admin else [])
            if not scopes:
                print("give at least one --scope", file=sys.stderr)
                return 2
            try:
                key = await create_key(
                    engine,
                    args.principal,
                    scopes=scopes,
                    tenants=args.tenant,
                    all_tenants=args.all_tenants,
                    kind=args.kind,
                )
            except ValueError as error:
                print(f"not created: {error}", file=sys.stderr)
                return 2
            _deliver(key, args.output)
        elif args.command == "list-keys":
            for row in await list_keys(engine):
                tenants = "*" if row["all_tenants"] else ",".join(row["tenants"])
                print(f"{row['key_prefix']}\t{row['name']}\t{_state(row)}\t{tenants}\t{','.join(row['scopes'])}")
        elif args.command == "revoke-key":
            count = await revoke_key(engine, args.prefix)
            print(f"revoked {count} key(s)")
            return 0 if count else 1
        elif args.command == "rotate-key":
            try:
                key = await rotate_key(engine, args.prefix, args.grace_seconds)
            except (LookupError, ValueError) as error:
                print(f"not rotated: {error}", file=sys.stderr)
                return 1 if isinstance(error, LookupError) else 2
            _deliver(key, args.output)
        return 0
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    return asyncio.run(_run(args))


if __name__ == "__main__":
    raise SystemExit(main())
