"""The architecture holds: each rule passes on this repository and catches a planted violation."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.architecture import rules

ROOT = Path(__file__).resolve().parents[2]
RULES: dict[str, Callable[[Path], list[str]]] = {
    "private_imports": rules.private_imports,
    "imports_inside_functions": rules.imports_inside_functions,
    "hidden_imports": rules.hidden_imports,
    "domain_cycles": rules.domain_cycles,
    "table_writers": rules.table_writers,
    "one_language_problems": rules.one_language_problems,
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_repository_keeps_the_rule(rule: str) -> None:
    assert RULES[rule](ROOT) == []


def test_the_domain_graph_is_the_documented_one() -> None:
    graph = rules.domain_graph(ROOT)
    assert "processing" not in graph["dossiers"] and "dossiers" not in graph["documents"]
    assert graph["results"] <= {"catalog"}, "results renders and signs; it knows no workflow"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of backend/ and workers/ to plant violations in."""
    for package in rules.PROJECT_PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


PLANTS: dict[str, tuple[str, str, str]] = {
    # rule: (file, planted text, expected fragment of the report)
    "private_imports": (
        "backend/processing/service.py", "from backend.dossiers.service import _not_found", "_not_found"
    ),
    "imports_inside_functions": (
        "backend/stats/service.py", "def later():\n    from backend.catalog import service\n    return service",
        "inside later()",
    ),
    "hidden_imports": (
        "workers/tasks.py", "try:\n    import backend.results.service\nexcept ImportError:\n    pass", "except ImportError"
    ),
    "domain_cycles": (
        "backend/payments/service.py", "from backend.stats import service as stats", "payments → stats → payments"
    ),
    "table_writers": (
        "backend/processing/queries.py", 'SQL = "update dossiers set state = $1 where id = $2"', "writes dossiers"
    ),
    "one_language_problems": (
        "backend/stats/service.py", 'def gone():\n    return Problem(410, "gone", Text("Đã hết", "Gone"), f"Không còn {1}.")',
        "in one language only",
    ),
}


@pytest.mark.parametrize("rule", sorted(PLANTS))
def test_each_rule_catches_a_planted_violation(rule: str, tree: Path) -> None:
    file, text, expected = PLANTS[rule]
    assert RULES[rule](tree) == []
    _append(tree / file, text)
    found = RULES[rule](tree)
    assert len(found) == 1 and expected in found[0], found


def test_private_attribute_of_a_foreign_module_is_caught(tree: Path) -> None:
    _append(tree / "backend/processing/service.py", "from backend.dossiers import service as d\nX = d._not_found")
    assert any("_not_found" in v for v in rules.private_imports(tree))


def test_an_outbox_write_outside_notifications_is_caught(tree: Path) -> None:
    _append(tree / "backend/dossiers/queries.py", 'SQL = """insert into outbox (id) values ($1)"""')
    assert rules.table_writers(tree) == ["backend.dossiers.queries: writes outbox (insert into outbox)"]


def test_test_suites_share_helpers_only_through_support() -> None:
    """A suite imports shared helpers from tests.support (or modules of its own folder), never another
    suite's modules, test modules or private names."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        suite = path.relative_to(ROOT / "tests").parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests."):
                parts = node.module.split(".")
                own_helper = parts[1] == suite and not parts[-1].startswith(("test_", "conftest"))
                if node.module != "tests.support" and not own_helper:
                    found.append(f"{path.relative_to(ROOT)}: from {node.module}")
                found += [f"{path.relative_to(ROOT)}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []
