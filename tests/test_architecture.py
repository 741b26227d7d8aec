"""The shape of the question side (docs/architecture.md): one pipeline, every route a registry
row holding its functions, no import circles, an Engine without base classes."""

from __future__ import annotations

import ast
import inspect

from queries.engine import Engine
from queries.intents.registry import INTENTS, ROUTES
from tests.conftest import ROOT

PACKAGES = ("catalog", "queries", "ui")


def _module_name(path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """module -> the project modules it imports (TYPE_CHECKING imports included: a circle
    for the type checker is a circle for a reader too)."""
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    names = {_module_name(p) for p in files} | {"errors", "app"}
    graph: dict[str, set[str]] = {}
    for path in files:
        mod = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[mod] = {m for m in found if m in names and m != mod}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first walk meets (a module reached again while still open)."""
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(mod: str, path: list[str]) -> None:
        state[mod] = 1
        for dep in sorted(graph.get(mod, ())):
            if state.get(dep) == 1:
                found.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[mod] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod, [mod])
    return found


def test_no_import_circles():
    graph = _imports()
    assert graph["queries.engine"] >= {"queries.pipeline"}      # the graph was read
    assert circles(graph) == []


def test_the_circle_check_finds_a_circle():
    """Not vacuous: the walk reports a circle through three modules, and none without it."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": {"c"}, "d": {"a"}}) == []


def test_engine_has_no_base_classes():
    assert Engine.__bases__ == (object,)


def test_every_row_holds_its_functions_and_names_are_unique():
    rows = ROUTES + INTENTS
    assert len({r.name for r in rows}) == len(rows)
    for row in rows:
        assert inspect.isfunction(row.match) and inspect.isfunction(row.answer), row.name
        assert row.answers, row.name


def test_no_handler_is_looked_up_by_name():
    """The pipeline calls the functions its rows hold: no getattr, no method names."""
    for name in ("pipeline.py", "engine.py", "context.py", "intents/registry.py"):
        text = (ROOT / "queries" / name).read_text(encoding="utf-8")
        assert "getattr(" not in text and ".method" not in text, name
