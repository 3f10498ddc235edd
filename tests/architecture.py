"""The package's import graph, read from the code: layers, edges between modules, the README's
diagram. `python -m tests.architecture` prints the diagram `test_architecture.py` compares
with the README's "How it works"."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "skillwage_docs"

# The layers from the bottom up. A module may import from its own layer and the ones below,
# never from one above. Checks sit above text: one rule (`cited_documents`) reads the composed
# clauses, while compose needs nothing from the checks.
LAYERS = ("base", "inputs", "text", "checks", "formats", "pipeline", "outputs", "app")
# What each layer is, for the README's diagram.
ROLES = {
    "base": "errors, model bases, YAML, atomic writes, lock",
    "inputs": "contexts, minimum wages, procedure, schemas",
    "text": "clause templates, citations, compose → Document",
    "checks": "config, rules, hooks, validate",
    "formats": "DOCX / HTML / PDF writers, read-back, page checks, chart",
    "pipeline": "plan, jobs, publish, records",
    "outputs": "site, redline, liaison table, calendar, compliance, what-if",
    "app": "CLI, doctor, wizard, watch, preview",
}


@dataclass(frozen=True)
class Edge:
    importer: str  # dotted module under the package: "pipeline.jobs"
    imported: str
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, level: int, module: str | None) -> list[str]:
    base = importer.split(".") if importer else []
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return [".".join([*base, module] if module else base)]


def edges() -> Iterator[Edge]:
    """Every import of one package module by another, function-level ones included."""
    known = modules()
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    (target,) = _resolve(name, is_package, node.level, node.module)
                elif node.module and node.module.startswith("skillwage_docs"):
                    target = node.module.removeprefix("skillwage_docs").lstrip(".")
                else:
                    continue
                # `from . import x` and `from .pkg import mod` name modules too
                targets = [
                    f"{target}.{alias.name}".lstrip(".")
                    if f"{target}.{alias.name}".lstrip(".") in known
                    else target
                    for alias in node.names
                ]
            elif isinstance(node, ast.Import):
                targets = [
                    alias.name.removeprefix("skillwage_docs").lstrip(".")
                    for alias in node.names
                    if alias.name.startswith("skillwage_docs")
                ]
            for target in dict.fromkeys(targets):
                if target != name and target in known:
                    yield Edge(name, target, node.lineno)


def layer_of(module: str) -> str:
    """The layer a module belongs to ("" for the package's own `__init__`)."""
    return module.split(".")[0] if module else ""


def rank(module: str) -> int:
    layer = layer_of(module)
    return LAYERS.index(layer) if layer in LAYERS else -1


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def diagram() -> str:
    """The layers and which import which, as the README shows it (Mermaid)."""
    used = {
        (layer_of(edge.importer), layer_of(edge.imported))
        for edge in edges()
        if layer_of(edge.importer) != layer_of(edge.imported)
        and layer_of(edge.importer) in LAYERS
        and layer_of(edge.imported) in LAYERS
    }
    lines = ["```mermaid", "flowchart BT"]
    for layer in LAYERS:
        count = sum(1 for name in modules() if layer_of(name) == layer and name != layer)
        lines.append(f'    {layer}["<b>{layer}/</b> ({count})<br/>{ROLES[layer]}"]')
    for layer in LAYERS:  # each layer's arrow to the layers it imports, nearest first
        below = sorted(
            {imported for importer, imported in used if importer == layer},
            key=LAYERS.index,
            reverse=True,
        )
        lines.extend(f"    {layer} --> {target}" for target in below)
    lines.append("```")
    return "\n".join(lines)


if __name__ == "__main__":
    print(diagram())
