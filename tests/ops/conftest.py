"""Deployment checks: the tools they need, at the versions they were written against.

kustomize and the Compose Specification's schema come from the Go module proxy through the
Makefile's `ops-tools` target (which `make test` runs first); the fixtures run it too, so
`pytest tests/ops` works on its own. Nothing here needs a Docker engine or a cluster.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL = REPO_ROOT / ".local"

# The versions the manifests are written and tested against (docs/deployment.md states them too).
KUBERNETES_VERSION = "1.31.0"
KUSTOMIZE_VERSION = "v5.8.1"
COMPOSE_GO_VERSION = "v2.16.2"

KUSTOMIZE = LOCAL / "tools" / f"kustomize-{KUSTOMIZE_VERSION}" / "kustomize"
COMPOSE_SPEC = (
    LOCAL / "go" / "mod" / "github.com" / "compose-spec" / f"compose-go/v2@{COMPOSE_GO_VERSION}"
    / "schema" / "compose-spec.json"
)


def makefile_variable(name: str) -> str:
    match = re.search(rf"^{name} := (\S+)$", (REPO_ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, f"the Makefile does not set {name}"
    return match.group(1)


@pytest.fixture(scope="session")
def ops_tools() -> None:
    subprocess.run(["make", "-s", "ops-tools"], cwd=REPO_ROOT, check=True)


@pytest.fixture(scope="session")
def kustomize(ops_tools: None) -> Path:
    return KUSTOMIZE


@pytest.fixture(scope="session")
def compose_spec(ops_tools: None) -> Path:
    return COMPOSE_SPEC


def kustomize_build(kustomize: Path, overlay: str) -> list[dict]:
    built = subprocess.run(
        [str(kustomize), "build", str(REPO_ROOT / "deploy" / "k8s" / "overlays" / overlay)],
        check=True, capture_output=True, text=True,
    )
    return [document for document in yaml.safe_load_all(built.stdout) if document]


def load_generator() -> ModuleType:
    """deploy/k8s/generate.py is a script, not a package module: load it by path, once."""
    name = "reviewops_k8s_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "deploy" / "k8s" / "generate.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
