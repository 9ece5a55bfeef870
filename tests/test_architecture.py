"""Layering rules that keep the core fast to test and free of Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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


def test_only_the_index_module_imports_whoosh() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "whoosh" in {m.split(".")[0] for m in imported_modules(path)}:
            assert path.parent.name in {"core", "search"} and (
                path.name == "index.py" or path.parent.name == "search"
            ), path
