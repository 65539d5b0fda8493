"""The import graph of src/newsedit: layers only point down, and no modules import each other in a loop.

Layers, from the top: the command line; scheduling; the checks and the output formats (side by side,
neither importing the other); the backends; the shared core. A module may import its own layer
and the layers below it. Every import counts, also those inside functions and `if TYPE_CHECKING:`
(a type is a dependency too); only the loop check leaves type-only imports out, since they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsedit"

# (layer, module prefixes), top first; a module belongs to the first entry whose prefix it matches.
LAYERS = [
    (
        "cli",
        (
            "newsedit.__main__",
            "newsedit.launch",
            "newsedit.warm",
            "newsedit.cli",
            "newsedit.commandline",
            "newsedit.commands",
            "newsedit.output",
        ),
    ),
    ("scheduling", ("newsedit.runner", "newsedit.plan", "newsedit.workers", "newsedit.cache", "newsedit.cluster")),
    ("checks", ("newsedit.checks", "newsedit.archive")),
    ("formats", ("newsedit.formats",)),
    ("backends", ("newsedit.backends",)),
    ("core", ("newsedit",)),
]
# The checks package's face (the Check protocol and the registry that finds checks by name, importing
# none of them) is part of the core: config and validation read the rule catalogue through it.
CORE_FACES = {"newsedit.checks"}
RANK = {"cli": 0, "scheduling": 1, "checks": 2, "formats": 2, "backends": 3, "core": 4}
SIDE_BY_SIDE = {("checks", "formats"), ("formats", "checks")}

# Known upward imports still to be removed, each with its reason; a fixed one must leave this set.
DEBTS: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    """The dotted name of a source file."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """The layer a module belongs to."""
    if module in CORE_FACES:
        return "core"
    return next(name for name, prefixes in LAYERS if any(_under(module, p) for p in prefixes))


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def imports(path: Path, *, typing_too: bool = True) -> Iterator[str]:
    """The newsedit modules a file imports (a `from X import name` that names a submodule counts as it)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = set() if typing_too else _type_only_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("newsedit"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsedit"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                yield child if _exists(child) else node.module


def _type_only_nodes(tree: ast.Module) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            found.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return found


def _exists(module: str) -> bool:
    base = SRC.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def graph(*, typing_too: bool = True) -> dict[str, set[str]]:
    """Module -> the newsedit modules it imports."""
    return {
        module_name(path): set(imports(path, typing_too=typing_too)) - {module_name(path)}
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def upward(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports from a lower layer to a higher one, or sideways between checks and formats."""
    found = set()
    for source, targets in edges.items():
        for target in targets:
            here, there = layer(source), layer(target)
            if RANK[there] < RANK[here] or (here, there) in SIDE_BY_SIDE:
                found.add((source, target))
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every loop found by a depth-first walk (each reported once, from where it was entered)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return found


def test_every_module_has_a_layer() -> None:
    assert all(layer(module) for module in graph())


def test_no_module_imports_a_higher_layer_beyond_the_known_debts() -> None:
    assert upward(graph()) - DEBTS == set()


def test_every_known_debt_is_still_real() -> None:
    assert DEBTS - upward(graph()) == set(), "a debt was paid: take it off DEBTS"


def test_formats_share_helpers_only_through_common_and_escape() -> None:
    shared = {"newsedit.formats", "newsedit.formats.common", "newsedit.formats.escape"}
    sideways = {
        (source, target)
        for source, targets in graph().items()
        if source.startswith("newsedit.formats.") and source not in shared
        for target in targets
        if target.startswith("newsedit.formats") and target not in shared
    }
    assert sideways == set()


def test_no_modules_import_each_other_in_a_loop() -> None:
    assert cycles(graph(typing_too=False)) == []


def test_the_walker_sees_a_loop_and_an_upward_import() -> None:
    edges = {"newsedit.text": {"newsedit.runner"}, "newsedit.runner": {"newsedit.text"}}
    assert cycles(edges) == [["newsedit.runner", "newsedit.text", "newsedit.runner"]]
    assert upward(edges) == {("newsedit.text", "newsedit.runner")}
