"""Layering rules that keep the core fast to test and free of Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefreader"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_qt_statically() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        qt = {m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6"}}
        assert not qt, f"{path.name} imports {qt}"


@pytest.mark.slow
def test_core_runs_with_qt_blocked() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in core')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import briefreader.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'briefreader.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_only_core_search_imports_whoosh() -> None:
    search = PACKAGE / "core" / "search"
    for path in PACKAGE.rglob("*.py"):
        if "whoosh" in {m.split(".")[0] for m in imported_modules(path)}:
            assert search in path.parents, path


# ---------------------------------------------------------------------- the import graph


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere in its source: at the top, in
    functions (lazy imports) and under TYPE_CHECKING alike. ``from a import b`` counts as
    importing ``a.b`` when that is a module, else ``a``; the implicit import of a parent
    package's ``__init__`` is not counted."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in paths)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    edges.add(full if full in paths else base)
        graph[name] = {e for e in edges if e in paths and e != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_module_import_graph_has_no_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or ())


def test_layers_import_only_downwards() -> None:
    """core imports neither gui nor the CLI; gui does not import the CLI or app."""
    below = {"core": ("gui", "cli", "app"), "gui": ("cli", "app")}
    for module, imports in import_graph().items():
        layer = module.split(".")[1] if module.count(".") else ""
        for target in imports:
            top = target.split(".")[1] if target.count(".") else ""
            assert top not in below.get(layer, ()), f"{module} imports {target}"
