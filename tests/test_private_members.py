"""src/newsedit uses other packages through their public API only: no private member, no subclass.

A private member (`_name`) of a third-party package may change in any release; code that reaches
into one pins the package to the versions it was written against. The walk sees three ways in:
importing a private name or module (`from pkg import _x`, `import pkg._mod`), reading a private
attribute off an imported name (`pkg.Class._x`), and subclassing a third-party class, whose
methods then reach the parent's private state through `self` (which no static walk can follow).
The standard library is not a third party here (`os._exit` is documented API).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsedit"


def _third_party(module: str) -> bool:
    top = module.split(".")[0]
    return top not in sys.stdlib_module_names and top not in {"newsedit", "__future__"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _root(node: ast.expr) -> ast.expr:
    """The name an attribute chain (calls and subscripts included) starts from."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _imported(tree: ast.Module) -> tuple[dict[str, str], list[str]]:
    """Names bound by imports of third-party modules (name -> module), and private imports."""
    bound: dict[str, str] = {}
    private: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _third_party(alias.name):
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name
                    if any(_private(part) for part in alias.name.split(".")):
                        private.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and _third_party(node.module):
            for alias in node.names:
                bound[alias.asname or alias.name] = node.module
                if _private(alias.name) or any(_private(part) for part in node.module.split(".")):
                    private.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    return bound, private


def violations(path: Path) -> Iterator[str]:
    """Each use of another package's private members in one source file."""
    tree = ast.parse(path.read_text("utf-8"))
    bound, private = _imported(tree)
    yield from private
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            root = _root(node.value)
            if isinstance(root, ast.Name) and root.id in bound:
                yield f"line {node.lineno}: {ast.unparse(node)} ({bound[root.id]})"
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                root = _root(base)
                if isinstance(root, ast.Name) and root.id in bound:
                    yield f"line {node.lineno}: class {node.name}({ast.unparse(base)}) ({bound[root.id]})"


def test_no_private_members_of_other_packages() -> None:
    found = {
        str(path.relative_to(PACKAGE)): problems
        for path in sorted(PACKAGE.rglob("*.py"))
        if (problems := list(violations(path)))
    }
    assert found == {}


def test_the_walk_sees_each_way_in(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "import requests\n"
        "import language_tool_python as ltp\n"
        "from language_tool_python.server import _kill_processes\n"
        "import os\n"
        "class Tool(ltp.LanguageTool):\n"
        "    pass\n"
        "requests.Session()._merge\n"
        "os._exit\n"
        "requests.get\n",
        "utf-8",
    )
    assert [line.split(":")[0] for line in violations(source)] == ["line 3", "line 5", "line 7"]
