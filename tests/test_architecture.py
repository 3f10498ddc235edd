"""The shape of the package (issue 10): layers imported only downwards, no cycles, small
modules, and the README's diagram drawn from the code."""

from __future__ import annotations

import re

from .architecture import LAYERS, PACKAGE, cycles, diagram, edges, layer_of, modules, rank
from .conftest import ROOT

# A module longer than this does more than one job (issue 10: "no module over ~500 lines").
MAX_LINES = 520
# Modules still over the limit, each with the split it is waiting for. Empty is the goal.
OVERSIZED: dict[str, str] = {}


def test_every_module_sits_in_a_layer() -> None:
    loose = [name for name in modules() if name and layer_of(name) not in LAYERS]
    assert loose == []


def test_no_module_imports_from_a_layer_above() -> None:
    upward = [
        f"skillwage_docs/{edge.importer.replace('.', '/')}.py:{edge.line}: "
        f"{edge.importer} imports {edge.imported}"
        for edge in edges()
        if rank(edge.imported) > rank(edge.importer)
    ]
    assert upward == []


def test_the_upward_check_sees_function_level_imports() -> None:
    # writer_for imports each writer inside the function, so a pool worker loads only its own.
    found = {(edge.importer, edge.imported) for edge in edges()}
    assert {("formats", "formats.pdf"), ("formats", "formats.docx")} <= found


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for edge in edges():
        graph.setdefault(edge.importer, set()).add(edge.imported)
    assert cycles(graph) == []


def test_cycles_are_found_when_there_are_some() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_is_over_the_limit() -> None:
    long = {
        name: length
        for name, path in modules().items()
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert sorted(long) == sorted(OVERSIZED), long


def test_the_readme_draws_the_graph_the_code_has() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```mermaid\nflowchart BT\n.*?```", readme, re.S)
    assert match is not None, "README: no import graph under How it works"
    assert match.group(0) == diagram(), "regenerate with: python -m tests.architecture"


def test_the_package_root_holds_only_the_version() -> None:
    assert sorted(path.name for path in PACKAGE.glob("*.py")) == ["__init__.py"]
