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


SERVICES = sorted(path for path in (ROOT / "services").glob("*/src/reviewops/*") if path.is_dir())
FRAMEWORKS = ("sqlalchemy", "fastapi", "starlette", "aiokafka", "httpx", "joblib", "sklearn")


def _use_case_and_route_modules() -> list[Path]:
    found = []
    for package in SERVICES:
        found += [package / name for name in ("handlers.py", "commands.py", "queries.py") if (package / name).exists()]
        found += sorted((package / "api").glob("*.py"))
    return found


def test_handlers_and_routes_reach_storage_only_through_repositories() -> None:
    offences = []
    for path in _use_case_and_route_modules():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name in ("session", "pg_insert"):
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} names {name}")
        for module in _imported_modules(path):
            if module.endswith(".tables") or module.startswith("sqlalchemy"):
                offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert _use_case_and_route_modules()
    assert not offences, "\n".join(offences)


def test_domain_modules_import_no_framework() -> None:
    offences = []
    for package in SERVICES:
        for path in sorted((package / "domain").rglob("*.py")):
            for module in _imported_modules(path):
                if module.split(".")[0] in FRAMEWORKS:
                    offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert len(SERVICES) == 4
    assert not offences, "\n".join(offences)


def test_public_handlers_commands_repositories_and_clients_say_what_they_do() -> None:
    missing = []
    for package in SERVICES:
        modules = [package / name for name in ("handlers.py", "commands.py", "queries.py", "upkeep.py")]
        modules += [path for path in (package / "adapters").glob("*.py") if path.name not in ("__init__.py",
                                                                                           "tables.py")]
        for path in modules:
            if not path.exists():
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                        and not node.name.startswith("_") and ast.get_docstring(node) is None):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not missing, "\n".join(missing)
