"""`python -m reviewops.common.auth`: the admin command for API keys (needs DATABASE_URL)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.auth.admin import create_key, list_keys, revoke_key
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
    return parser


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
            if args.output:
                args.output.parent.mkdir(parents=True, exist_ok=True)
                args.output.touch(mode=0o600)
                args.output.write_text(key + "\n")
                print(f"key written to {args.output}")
            else:
                print(key)
        elif args.command == "list-keys":
            for row in await list_keys(engine):
                state = "revoked" if row["revoked_at"] else "active"
                tenants = "*" if row["all_tenants"] else ""
                print(f"{row['key_prefix']}\t{row['name']}\t{state}\t{tenants}\t{','.join(row['scopes'])}")
        elif args.command == "revoke-key":
            count = await revoke_key(engine, args.prefix)
            print(f"revoked {count} key(s)")
            return 0 if count else 1
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
