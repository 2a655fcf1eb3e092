"""`python -m reviewops.common.kafka create-topics | replay-dlq TOPIC`.

create-topics: create every registry topic and its DLQ twin.
replay-dlq TOPIC: after a fix, republish what TOPIC's DLQ holds to TOPIC (see kafka/replay.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os

from reviewops.common.events.registry import TOPICS_BY_NAME
from reviewops.common.kafka.admin import ensure_topics
from reviewops.common.kafka.replay import replay_dlq


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewops.common.kafka", description=__doc__)
    parser.add_argument("--bootstrap", default=None, help="default: REVIEWOPS_KAFKA_BOOTSTRAP or 127.0.0.1:9092")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("create-topics", help="create every registry topic and its DLQ twin")
    replay = commands.add_parser("replay-dlq", help="republish a topic's DLQ to the topic, after a fix")
    replay.add_argument("topic", choices=list(TOPICS_BY_NAME))
    replay.add_argument("--limit", type=int, default=None, help="at most this many records")
    args = parser.parse_args(argv)
    bootstrap = args.bootstrap or os.environ.get("REVIEWOPS_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    if args.command == "replay-dlq":
        topic = TOPICS_BY_NAME[args.topic]
        count = asyncio.run(replay_dlq(bootstrap, topic, args.limit))
        print(f"replayed {count} record(s) from {topic.dlq} to {topic.name}")
        return 0
    created = asyncio.run(ensure_topics(bootstrap))
    print(f"created {len(created)} topic(s): {', '.join(created) or 'none missing'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
