"""The house rules of backend/ and workers/, read from the source with `ast` (nothing is imported).

Each rule takes the root of a source tree and returns its violations as readable strings, so the
tests can run them on this repository and on small trees with planted violations.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PROJECT_PACKAGES = ("backend", "workers")
# Tables only one domain may write: the dossiers domain moves a dossier and writes its events; the
# notifications domain owns the outbox (the dossiers domain adds to it through `notifications.outbox.add`)
# and everything sent from it.
TABLE_OWNERS = {
    "dossiers": "dossiers",
    "dossier_events": "dossiers",
    "outbox": "notifications",
    "messages": "notifications",
    "push_subscriptions": "notifications",
    "notification_preferences": "notifications",
    "shipments": "delivery",
    "shipment_events": "delivery",
    "shipment_slips": "delivery",
    "handover_batches": "delivery",
    "stats_agency_days": "stats",
    "stats_refreshes": "stats",
    "acting_grants": "accounts",
    "staff_second_factors": "accounts",
    "staff_recovery_codes": "accounts",
    "staff_password_links": "accounts",
    "staff_users": "accounts",
    "assisted_sessions": "volunteers",
    "ratings": "feedback",
    "rated_dossiers": "feedback",
    "feedback": "feedback",
    "feedback_code_counters": "feedback",
    "feedback_photos": "feedback",
}
_WRITE = re.compile(
    r"\b(?:insert\s+into|update|delete\s+from)\s+(" + "|".join(TABLE_OWNERS) + r")\b", re.IGNORECASE
)


def modules(root: Path) -> Iterator[tuple[str, Path, ast.Module]]:
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            yield name.removesuffix(".__init__"), path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def domains(root: Path) -> set[str]:
    return {p.name for p in (root / "backend").iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def domain_of(module: str, known: set[str]) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "backend" and parts[1] in known else None


def _imports(tree: ast.Module) -> Iterator[tuple[ast.AST, str, list[str]]]:
    """(node, imported module, imported names) for every import in the tree, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module, [alias.name for alias in node.names]


def _own(module: str) -> bool:
    return module.split(".")[0] in PROJECT_PACKAGES


def private_imports(root: Path) -> list[str]:
    """`from backend.other_domain.x import _name`, or `other_module._name` on an imported module."""
    known, found = domains(root), []
    for name, path, tree in modules(root):
        here = domain_of(name, known)
        foreign_aliases: dict[str, str] = {}
        for node, module, names in _imports(tree):
            if not _own(module):
                continue
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    target = f"{module}.{alias.name}"
                    if domain_of(target, known) not in (None, here) or domain_of(module, known) not in (None, here):
                        foreign_aliases[alias.asname or alias.name] = target
            elif domain_of(module, known) not in (None, here):
                foreign_aliases[module.split(".")[0]] = module
            if domain_of(module, known) not in (None, here):
                found += [f"{name}: imports {module}.{n}" for n in names if n.startswith("_")]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in foreign_aliases
            ):
                found.append(f"{name}:{node.lineno}: uses {foreign_aliases[node.value.id]}.{node.attr}")
    return found


def imports_inside_functions(root: Path) -> list[str]:
    found = []
    for name, _, tree in modules(root):
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        for _, module, _ in _imports(ast.Module(body=[node], type_ignores=[])):
                            if _own(module):
                                found.append(f"{name}:{node.lineno}: imports {module} inside {function.name}()")
    return found


def hidden_imports(root: Path) -> list[str]:
    """`except ImportError` around our modules and dynamic `__import__` hide real errors and types."""
    found = []
    for name, _, tree in modules(root):
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = [node.type] if not isinstance(node.type, ast.Tuple) else node.type.elts
                if any(isinstance(c, ast.Name) and c.id in ("ImportError", "ModuleNotFoundError") for c in caught):
                    found.append(f"{name}:{node.lineno}: except ImportError")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
                found.append(f"{name}:{node.lineno}: __import__")
    return found


def domain_graph(root: Path) -> dict[str, set[str]]:
    known = domains(root)
    graph: dict[str, set[str]] = {d: set() for d in known}
    for name, _, tree in modules(root):
        here = domain_of(name, known)
        if here is None:
            continue
        for _, module, names in _imports(tree):
            targets = {domain_of(module, known)} | {domain_of(f"{module}.{n}", known) for n in names}
            graph[here] |= {t for t in targets if t not in (None, here)}
    return graph


def domain_cycles(root: Path) -> list[str]:
    """Every cycle in the import graph between domains, as 'a → b → a'."""
    graph, found = domain_graph(root), set()

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                cycle = path[path.index(nxt):]
                start = cycle.index(min(cycle))  # one spelling per cycle
                found.add(" → ".join(cycle[start:] + cycle[:start] + [min(cycle)]))
            else:
                walk(nxt, path + [nxt])

    for node in sorted(graph):
        walk(node, [node])
    return sorted(found)


def table_writers(root: Path) -> list[str]:
    """SQL that inserts, updates or deletes rows of a table another domain owns (TABLE_OWNERS)."""
    known, found = domains(root), []
    for name, path, _ in modules(root):
        here = domain_of(name, known)
        for match in _WRITE.finditer(path.read_text(encoding="utf-8")):
            table = match.group(1).lower()
            if TABLE_OWNERS[table] != here:
                found.append(f"{name}: writes {table} ({' '.join(match.group(0).split())})")
    return found


def _is_plain_text(node: ast.AST) -> bool:
    """A string written in one language only: a literal, an f-string, or strings added together."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_is_plain_text(node.left) or _is_plain_text(node.right))


# Where a call takes words people read: the positions that must be `Text(vi, en)` (backend/i18n.py).
_WORDS_AT = {"Problem": (2, 3), "FieldText": (1,)}


def one_language_problems(root: Path) -> list[str]:
    """A Problem's title or detail, or a field's message, given as a plain string: it could not be read in English."""
    found = []
    for name, _, tree in modules(root):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func).rsplit(".", 1)[-1]
            for position in _WORDS_AT.get(called, ()):
                if len(node.args) > position and _is_plain_text(node.args[position]):
                    found.append(f"{name}:{node.lineno}: {called}(...) says it in one language only")
    return found
