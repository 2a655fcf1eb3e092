"""JSON log lines: one object per line, with trace ids inside a span and `extra` fields."""

from __future__ import annotations

import json
import logging
import sys

from opentelemetry.sdk.trace import TracerProvider

from reviewops.common.logging import JsonFormatter, configure_logging


PHONE, EMAIL = "+1 415 555 0188", "mirela.quandt@example.org"


def record(message: str, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("reviewops.test", logging.WARNING, __file__, 1, message, (), None)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_a_line_is_one_json_object_with_service_level_and_extra_fields() -> None:
    line = JsonFormatter("ingest").format(record("handler failed", topic="reviews.ingested.v1", attempt=2))
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["service"] == "ingest" and parsed["level"] == "WARNING"
    assert parsed["message"] == "handler failed"
    assert parsed["topic"] == "reviews.ingested.v1" and parsed["attempt"] == 2
    assert "trace_id" not in parsed


def test_inside_a_span_the_line_carries_its_trace_and_span_ids() -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        parsed = json.loads(JsonFormatter("classifier").format(record("inside")))
    context = span.get_span_context()
    assert parsed["trace_id"] == format(context.trace_id, "032x")
    assert parsed["span_id"] == format(context.span_id, "016x")


def test_non_ascii_text_is_kept_readable() -> None:
    assert "配送" in JsonFormatter("ingest").format(record("配送"))



def test_a_traceback_keeps_frames_and_types_but_not_messages_that_may_quote_buyer_text() -> None:
    try:
        try:
            raise ValueError(f"invalid input for query argument $1: 'call me on {PHONE}'")
        except ValueError as error:
            raise RuntimeError(f"could not store '{EMAIL}'") from error
    except RuntimeError:
        failed = logging.LogRecord("reviewops.test", logging.ERROR, __file__, 1, "unhandled error", (),
                                   sys.exc_info())
    exception = json.loads(JsonFormatter("ingest").format(failed))["exception"]
    assert "builtins.ValueError" in exception and "builtins.RuntimeError" in exception
    assert exception.index("ValueError") < exception.index("RuntimeError"), "the cause comes first"
    assert "test_a_traceback_keeps_frames" in exception, "the frames are kept"
    # The frames show source lines (code, which names variables), never the values that failed.
    assert PHONE not in exception and EMAIL not in exception


def test_libraries_that_log_rows_and_records_stay_at_warning_even_at_debug() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        configure_logging("ingest", "DEBUG")
        assert root.level == logging.DEBUG
        for name in ("sqlalchemy.engine.Engine", "aiokafka.consumer.fetcher"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
