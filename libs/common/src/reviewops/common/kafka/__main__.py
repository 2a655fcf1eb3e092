"""`python -m reviewops.common.kafka create-topics`: create every registry topic and its DLQ twin."""

from __future__ import annotations

import argparse
import asyncio
import os

from reviewops.common.kafka.admin import ensure_topics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.common.kafka", description=__doc__)
    parser.add_argument("command", choices=["create-topics"])
    parser.add_argument("--bootstrap", default=None, help="default: REVIEWOPS_KAFKA_BOOTSTRAP or 127.0.0.1:9092")
    args = parser.parse_args(argv)
    bootstrap = args.bootstrap or os.environ.get("REVIEWOPS_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    created = asyncio.run(ensure_topics(bootstrap))
    print(f"created {len(created)} topic(s): {', '.join(created) or 'none missing'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
