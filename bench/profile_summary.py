"""Where a service's CPU time goes, from a `py-spy record --format raw` file (collapsed stacks).

Self time is charged to the library of the innermost Python frame (reviewops code is named by
module); py-spy sees no native frames, so time in C (uvloop's event loop, asyncpg's protocol) is
charged to the Python frame that called into it: "event loop" is uvloop itself (I/O, callbacks).
Inclusive time is listed for reviewops functions, so a handler's share shows beside its parts.
Usage: python bench/profile_summary.py FILE [NAME]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^():]*)(?::\d+)?\)$")
_LIBRARIES = ("sqlalchemy", "asyncpg", "aiokafka", "kafka", "pydantic_core", "pydantic", "opentelemetry",
              "starlette", "fastapi", "uvicorn", "httpx", "httpcore", "h11", "anyio", "sklearn", "numpy", "scipy",
              "py3langid", "phonenumbers", "jinja2", "prometheus_client", "json", "asyncio", "logging", "re", "uuid")


_PROJECT = ("common", "ingest", "classifier", "compliance", "responder")


def _where(function: str, file: str) -> str:
    """'reviewops.<package>.<module>' for project code, else the library's name."""
    parts = Path(file).with_suffix("").parts
    if function == "Runner.run" and parts[-2:] == ("asyncio", "runners"):
        return "event loop"
    if "reviewops" in parts:
        parts = parts[parts.index("reviewops") + 1:]
    if parts and parts[0] in _PROJECT:
        return "reviewops." + ".".join(parts)
    for part in parts:
        if part in _LIBRARIES:
            return part
    return parts[-1] if parts else "?"


def _frames(stack: str) -> list[tuple[str, str]]:
    frames = []
    for raw in stack.split(";"):
        match = _FRAME.match(raw.strip())
        if match:
            frames.append((match["function"], _where(match["function"], match["file"])))
    return frames


def summarise(path: Path, name: str = "", top: int = 12) -> str:
    if not path.exists():
        return f"{name}: no profile at {path}"
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        frames = _frames(stack)
        if not frames:
            continue
        total += samples
        leaf_function, leaf_where = frames[-1]
        self_time[leaf_where if not leaf_where.startswith("reviewops") else f"{leaf_where}.{leaf_function}"] += samples
        for function, where in {(f, w) for f, w in frames if w.startswith("reviewops")}:
            inclusive[f"{where}.{function}"] += samples
    if not total:
        return f"{name}: empty profile"
    lines = [f"profile of {name or path.stem}: {total} samples on CPU",
             "  self time by library (innermost frame):"]
    lines += [f"    {100 * n / total:5.1f}%  {where}" for where, n in self_time.most_common(top)]
    lines.append("  inclusive time of reviewops functions:")
    lines += [f"    {100 * n / total:5.1f}%  {function}" for function, n in inclusive.most_common(top)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else ""))
