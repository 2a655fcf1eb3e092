"""The house rules of docs/architecture.md, checked on the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIERS = ("unit", "integration", "e2e", "ops")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays in its own package
                package = ".".join(path.relative_to(ROOT).with_suffix("").parts[: -node.level])
                found.add(f"{package}.{node.module}" if node.module else package)
            elif node.module:
                found.add(node.module)
    return found


def test_no_test_module_imports_another_tiers_tests() -> None:
    crossings = []
    for tier in TIERS:
        for path in sorted((ROOT / "tests" / tier).rglob("*.py")):
            for module in _imported_modules(path):
                parts = module.split(".")
                if parts[0] == "tests" and len(parts) > 1 and parts[1] in TIERS and parts[1] != tier:
                    crossings.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not crossings, "shared test code belongs in tests/support:\n" + "\n".join(crossings)


def test_tests_support_exists_and_imports_no_tier() -> None:
    support = sorted((ROOT / "tests" / "support").glob("*.py"))
    assert support
    for path in support:
        assert not {m for m in _imported_modules(path) if m.split(".")[:2][-1] in TIERS}, path
