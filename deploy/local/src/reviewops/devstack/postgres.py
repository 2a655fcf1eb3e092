"""Embedded PostgreSQL from the ``pgserver`` package, or any server named by ``DATABASE_URL``.

The embedded server listens only on a Unix socket (in its data directory) and outlives the
process that started it. As root, pgserver runs it as the system user ``pgserver``, which it
creates, and opens read/traverse permissions on the data directory's parents for that user.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import warnings
from pathlib import Path
from urllib.parse import quote

_SOCKET_NAME = ".s.PGSQL.5432"



def _url(socket_dir: Path) -> str:
    """SQLAlchemy/asyncpg URL for the ``postgres`` database over the Unix socket in ``socket_dir``."""
    return f"postgresql+asyncpg://postgres@/postgres?host={quote(str(socket_dir), safe='/')}"


def _running_socket_dir(data_dir: Path) -> Path | None:
    """The socket directory of the server on ``data_dir`` if it accepts connections, else None."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if len(lines) < 8 or lines[7].strip() != "ready" or not lines[4].strip():
        return None
    socket_dir = Path(lines[4].strip())
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(2.0)
        try:
            sock.connect(str(socket_dir / _SOCKET_NAME))
        except OSError:
            return None
    return socket_dir


def ensure_postgres(data_dir: Path) -> str:
    """Start (initialising if needed) the embedded server on ``data_dir`` unless it runs; return its URL.

    Idempotent: a running server is detected from ``postmaster.pid`` and its socket without
    importing pgserver. The server is not stopped when this process exits.
    """
    data_dir = data_dir.expanduser().resolve()
    socket_dir = _running_socket_dir(data_dir)
    if socket_dir is not None:
        return _url(socket_dir)

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns at import when XDG_RUNTIME_DIR is unset; pgserver falls back to /tmp.
        warnings.simplefilter("ignore")
        import pgserver

    # pgserver caches one handle per data dir for the life of the process and returns it even
    # after the server was stopped (stop_postgres); drop it so the server is started again.
    pgserver.PostgresServer._instances.pop(data_dir, None)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    if socket_dir is None:
        raise RuntimeError(f"PostgreSQL on {data_dir} did not report a Unix socket directory")
    return _url(socket_dir)


def _pg_ctl() -> Path:
    """The ``pg_ctl`` bundled inside the pgserver package (found without importing it)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or spec.origin is None:
        raise RuntimeError("the pgserver package is not installed")
    return Path(spec.origin).parent / "pginstall" / "bin" / "pg_ctl"


def _run_pg_ctl(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pg_ctl on ``data_dir`` as the directory's owner (pg_ctl refuses to run as root)."""
    owner = data_dir.stat()
    switch = os.geteuid() == 0 and owner.st_uid != 0
    return subprocess.run(
        [str(_pg_ctl()), "-D", str(data_dir), *args],
        cwd=data_dir,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        user=owner.st_uid if switch else None,
        group=owner.st_gid if switch else None,
        extra_groups=[] if switch else None,
    )


def stop_postgres(data_dir: Path) -> None:
    """Stop the server on ``data_dir`` with ``pg_ctl stop -m fast``; no error if it is not running."""
    data_dir = data_dir.expanduser().resolve()
    if not (data_dir / "PG_VERSION").exists():
        return
    if _run_pg_ctl(data_dir, "status").returncode != 0:  # 3: not running
        return
    result = _run_pg_ctl(data_dir, "stop", "-m", "fast", "-w", "-t", "60")
    if result.returncode != 0:
        raise RuntimeError(f"pg_ctl stop on {data_dir} failed:\n{result.stdout}{result.stderr}")
