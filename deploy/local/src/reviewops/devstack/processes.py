"""The Python services run as separate, detached uvicorn processes with pid and log files."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from reviewops.devstack import _pids


@dataclass(frozen=True)
class ServiceProcess:
    """One service: its app factory (``module:function``, run with ``uvicorn --factory``), port, extra environment and run directory."""

    name: str
    app: str
    port: int
    env: Mapping[str, str]
    run_dir: Path

    @property
    def pid_file(self) -> Path:
        """Where the process id is kept."""
        return self.run_dir / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        """Where stdout and stderr are appended."""
        return self.run_dir / f"{self.name}.log"

    @property
    def base_url(self) -> str:
        """The service's HTTP root."""
        return f"http://127.0.0.1:{self.port}"


def _markers(svc: ServiceProcess) -> list[str]:
    """Command-line fragments that identify the service's process."""
    return ["uvicorn", svc.app, str(svc.port)]


def _answers_200(url: str, timeout: float = 2.0) -> bool:
    """True if GET ``url`` returns HTTP 200 (proxy settings from the environment are ignored)."""
    try:
        return httpx.get(url, timeout=timeout, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def ensure_service(svc: ServiceProcess, python: Path, timeout: float = 60.0) -> None:
    """Leave ``svc`` alone if ``/healthz`` answers 200, otherwise (re)start it and wait for ``/readyz``.

    A stale process from the pid file is killed first. Raises RuntimeError with the log tail if
    the process exits during startup, TimeoutError (after killing it) if not ready in ``timeout``.
    """
    if _answers_200(f"{svc.base_url}/healthz"):
        return
    _pids.kill(svc.pid_file, _markers(svc))
    svc.run_dir.mkdir(parents=True, exist_ok=True)
    with svc.log_file.open("ab") as log:
        log.write(f"\n--- starting {svc.name} at {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
        log.flush()
        process = subprocess.Popen(
            [
                str(python), "-m", "uvicorn", "--factory", svc.app,
                "--host", "127.0.0.1", "--port", str(svc.port), "--no-access-log",
                # uvicorn logs plain text until the app installs JSON logging; keep it quiet until then.
                "--log-level", "warning",
            ],
            env={**os.environ, "PYTHONUNBUFFERED": "1", **svc.env},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    svc.pid_file.write_text(f"{process.pid}\n")

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            svc.pid_file.unlink(missing_ok=True)
            raise RuntimeError(
                f"{svc.name} exited with code {process.returncode} during startup:\n"
                + _pids.log_tail(svc.log_file)
            )
        if _answers_200(f"{svc.base_url}/readyz"):
            return
        time.sleep(0.2)
    kill_service(svc)
    raise TimeoutError(f"{svc.name} not ready within {timeout:.0f} s:\n" + _pids.log_tail(svc.log_file))


def stop_service(svc: ServiceProcess, timeout: float = 20.0) -> None:
    """SIGTERM the service, SIGKILL it after ``timeout``; no error if it is not running."""
    _pids.terminate(svc.pid_file, _markers(svc), timeout)


def kill_service(svc: ServiceProcess) -> None:
    """SIGKILL the service at once (simulates a crash); no error if it is not running."""
    _pids.kill(svc.pid_file, _markers(svc))


def service_alive(svc: ServiceProcess) -> bool:
    """True if the process recorded in the pid file is running this service."""
    return _pids.alive_pid(svc.pid_file, _markers(svc)) is not None
