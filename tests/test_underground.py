"""井下 figures: validated against the minimum like any monthly figure, and rising with level."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from skillwage_docs.agreement import load_agreements
from skillwage_docs.minimum_wage import load_minimum_wages
from skillwage_docs.rules import ProjectConfig, validate


def _errors(contexts: Path) -> list[str]:
    coal = [x for x in load_agreements(contexts, "yangquan") if x.agreement.slug == "coal"]
    table = load_minimum_wages(contexts / "minimum_wages")
    report = validate(coal, table, hooks=[], config=ProjectConfig())
    return [finding.line() for finding in report.errors]


def test_underground_figure_at_the_minimum_is_an_error(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    assert _errors(contexts) == []
    edit("yangquan/coal.yaml", "underground: 3300}", "underground: 2150}")
    errors = _errors(contexts)
    assert any(
        "coal.yaml:25:" in line and "underground" in line and "2150" in line for line in errors
    ), errors


def test_underground_figures_rise_with_level(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/coal.yaml", "underground: 3700}", "underground: 3200}")
    assert any("coal.yaml:26:" in line and "井下" in line for line in _errors(contexts))
