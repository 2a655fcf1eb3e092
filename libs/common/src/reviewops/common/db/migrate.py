"""`python -m reviewops.common.db.migrate [TARGET ...]`: apply migrations (auth first)."""

from __future__ import annotations

import argparse
import os
import sys

from reviewops.common.db.migrations import MIGRATION_TARGETS, upgrade
from reviewops.common.settings import ServiceSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(MIGRATION_TARGETS)}; default: all, auth first")
    args = parser.parse_args(argv)
    unknown = [target for target in args.targets if target not in MIGRATION_TARGETS]
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    if "DATABASE_URL" not in os.environ:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    url = ServiceSettings().database_url
    for target in sorted(args.targets or MIGRATION_TARGETS, key=MIGRATION_TARGETS.index):
        upgrade(target, url)
        print(f"migrated {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
