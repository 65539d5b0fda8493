"""Modules of one job, functions of one step: no module in src/newsedit over 400 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsedit"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_400_lines() -> None:
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text("utf-8").splitlines()) for p in _sources()}
    long = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES}
    assert long == {}, f"split these by job: {long}"


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = size
    assert long == {}, f"split these into steps: {long}"


def test_the_walk_sees_the_package() -> None:
    assert len(_sources()) > 50 and (PACKAGE / "runner.py") in _sources()


def test_the_scheduler_finds_no_capability_by_probing() -> None:
    """What runner.py and workers.py call on a check or a pool is declared on its protocol (checks.Check,
    workers.Pool): no getattr or hasattr there, save on the os module."""
    probes = []
    for name in ("runner.py", "workers.py"):
        for node in ast.walk(ast.parse((PACKAGE / name).read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            target = node.args[0] if node.args else None
            on_os = isinstance(target, ast.Name) and target.id == "os"
            if node.func.id in ("getattr", "hasattr") and not on_os:
                probes.append(f"{name}:{node.lineno}")
    assert probes == []
