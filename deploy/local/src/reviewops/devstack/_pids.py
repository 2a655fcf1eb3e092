"""Pid-file helpers shared by the Kafka and service process managers."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path


def read_pid(pid_file: Path) -> int | None:
    """Return the pid stored in ``pid_file``, or None if absent or unreadable."""
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _reap(pid: int) -> None:
    """Collect ``pid`` if it is an exited child of this process, so it stops being a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def cmdline(pid: int) -> list[str]:
    """Return the argv of a live process, or [] if it is gone or a zombie."""
    _reap(pid)
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def pid_matches(pid: int, markers: Sequence[str]) -> bool:
    """True if ``pid`` is alive and every marker occurs in one of its arguments.

    Guards against signalling an unrelated process that reused a stale pid.
    """
    args = cmdline(pid)
    return bool(args) and all(any(marker in arg for arg in args) for marker in markers)


def alive_pid(pid_file: Path, markers: Sequence[str]) -> int | None:
    """Return the pid from ``pid_file`` if that process is alive and matches ``markers``."""
    pid = read_pid(pid_file)
    if pid is not None and pid_matches(pid, markers):
        return pid
    return None


def _wait_gone(pid: int, markers: Sequence[str], timeout: float) -> bool:
    """Poll until ``pid`` no longer runs the matching program; True if it went away in time."""
    deadline = time.monotonic() + timeout
    while pid_matches(pid, markers):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def terminate(pid_file: Path, markers: Sequence[str], timeout: float) -> None:
    """SIGTERM the matching process from ``pid_file``, SIGKILL it after ``timeout``, remove the file."""
    pid = alive_pid(pid_file, markers)
    if pid is not None:
        _signal(pid, signal.SIGTERM)
        if not _wait_gone(pid, markers, timeout):
            _signal(pid, signal.SIGKILL)
            _wait_gone(pid, markers, 10.0)
    pid_file.unlink(missing_ok=True)


def kill(pid_file: Path, markers: Sequence[str]) -> None:
    """SIGKILL the matching process from ``pid_file`` at once, wait for it to vanish, remove the file."""
    pid = alive_pid(pid_file, markers)
    if pid is not None:
        _signal(pid, signal.SIGKILL)
        _wait_gone(pid, markers, 10.0)
    pid_file.unlink(missing_ok=True)


def _signal(pid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to ``pid``, ignoring a process that has already exited."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def log_tail(log_file: Path, lines: int = 40) -> str:
    """Return the last ``lines`` lines of ``log_file`` (empty if it does not exist)."""
    try:
        with log_file.open("rb") as fh:
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - 64 * 1024))
            text = fh.read().decode(errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
