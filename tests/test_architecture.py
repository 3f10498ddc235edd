"""The shape of the package (issue 10): layers imported only downwards, no cycles, small
modules, and the README's diagram drawn from the code."""

from __future__ import annotations

import ast
import re

import pytest

from .architecture import LAYERS, PACKAGE, cycles, diagram, edges, layer_of, modules, rank
from .conftest import ROOT

# A module longer than this does more than one job (issue 10: "no module over ~500 lines").
MAX_LINES = 520
# A function longer than this does more than one thing, unless it says why it stays whole in a
# comment `# long: <reason>` between its `def` line and its first statement (after the
# docstring), where a reader of the function sees it.
MAX_FUNCTION_LINES = 60
LONG_MARK = re.compile(r"#\s*long:\s*\S")


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
    assert long == {}


def test_the_readme_draws_the_graph_the_code_has() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```mermaid\nflowchart BT\n.*?```", readme, re.S)
    assert match is not None, "README: no import graph under How it works"
    assert match.group(0) == diagram(), "regenerate with: python -m tests.architecture"


def test_the_package_root_holds_only_the_version() -> None:
    assert sorted(path.name for path in PACKAGE.glob("*.py")) == ["__init__.py"]


def long_functions(source: str, module: str) -> dict[str, int]:
    """`module.function` → lines, for every function over the limit without a stated reason."""
    lines = source.splitlines()
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length <= MAX_FUNCTION_LINES:
            continue
        body = node.body
        has_docstring = (
            isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        )
        first = body[1] if has_docstring and len(body) > 1 else body[0]
        header = lines[node.lineno - 1 : first.lineno - 1]
        if not any(LONG_MARK.search(line) for line in header):
            found[f"{module}.{node.name}" if module else node.name] = length
    return found


def test_no_function_is_long_without_a_stated_reason() -> None:
    long: dict[str, int] = {}
    for name, path in modules().items():
        long.update(long_functions(path.read_text(encoding="utf-8"), name))
    assert long == {}


def _function(lines: int, *, reason: str = "", after_docstring: bool = False) -> str:
    head = ["def f() -> None:"]
    doc = ['    """Docstring."""']
    mark = [f"    # long: {reason}"] if reason else []
    body = [f"    x{i} = {i}" for i in range(lines - 1 - len(doc) - len(mark))]
    return "\n".join([*head, *(doc + mark if after_docstring else mark + doc), *body]) + "\n"


def test_the_long_function_check_fails_and_passes() -> None:
    assert long_functions(_function(60), "m") == {}
    assert long_functions(_function(61), "m") == {"m.f": 61}
    assert long_functions(_function(61, reason="one table, row by row"), "m") == {}
    assert long_functions(_function(61, reason="one table", after_docstring=True), "m") == {}
    # A bare marker states nothing.
    assert long_functions(_function(61).replace("x0 = 0", "# long:"), "m") == {"m.f": 61}
    # A marker further down the body is not where a reader of the function looks first.
    late = _function(61).replace("    x30 = 30", "    # long: hidden")
    assert long_functions(late, "m") == {"m.f": 61}


def test_the_readme_states_the_test_count(request: pytest.FixtureRequest) -> None:
    """The README's count of tests is generated (tests/summary.py); in a whole-suite run it
    must be the count collected now."""
    from .summary import END, START, whole_suite

    if not whole_suite(request.config):
        pytest.skip("only a whole-suite run knows the count (make test)")
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    text = readme[readme.index(START) : readme.index(END)]
    stated = int(re.search(r"([\d,]+) tests", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert stated == request.session.testscollected, (
        f"README says {stated} tests, {request.session.testscollected} were collected: "
        "run make test, then python -m tests.summary README.md"
    )
