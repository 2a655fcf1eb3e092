"""JSON-line logging with trace ids. Log ids and counts, never review text or buyer data.

That holds at DEBUG too: the libraries that would log SQL parameters or records are held at
WARNING, and tracebacks keep their frames and exception types but drop the messages, which
can quote the value that failed (a database error names the offending parameter).
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType

from opentelemetry import trace

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, trace ids and `extra` fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            line["trace_id"] = format(span_context.trace_id, "032x")
            line["span_id"] = format(span_context.span_id, "016x")
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)

    def formatException(self, ei: _ExcInfo) -> str:  # noqa: N802 (logging's name)
        """Every traceback of the chain, oldest first, each ending in its exception's type only."""
        if ei[0] is None:
            return ""
        chain = []
        described: traceback.TracebackException | None = traceback.TracebackException(*ei)
        while described is not None:
            chain.append(described)
            described = described.__cause__ or (None if described.__suppress_context__ else described.__context__)
        parts = []
        for described in reversed(chain):
            exc_type = described.exc_type
            name = f"{exc_type.__module__}.{exc_type.__qualname__}" if exc_type is not None else "unknown"
            parts.append("Traceback (most recent call last):\n" + "".join(described.stack.format()) + name)
        return "\n\nwhich led to\n\n".join(parts)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger, uvicorn's included, through one JSON handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # aiokafka logs whole records and SQLAlchemy SQL parameters and rows below WARNING: keep
    # both at WARNING whatever the service level, since records and rows hold buyer text.
    for name in ("aiokafka", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Request counts and latency are metrics; access lines would only repeat paths.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
