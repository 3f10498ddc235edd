"""井下 figures: validated against the minimum like any monthly figure, and rising with level."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from skillwage_docs.checks.config import ProjectConfig
from skillwage_docs.checks.validate import validate
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages


def _errors(contexts: Path) -> list[str]:
    coal = [x for x in load_agreements(contexts, "yangquan") if x.agreement.slug == "coal"]
    table = load_minimum_wages(contexts / "minimum_wages")
    report = validate(coal, table, hooks=[], config=ProjectConfig())
    return [finding.render() for finding in report.errors]


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


def test_sides_must_have_equal_numbers_of_representatives(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 《集体合同规定》第十九条: 人数相等
    path = edit("yangquan/coal.yaml", "  representatives: 7\n", "  representatives: 5\n")
    errors = _errors(contexts)
    assert any(
        "employer_party.representatives" in line and "人数应当相等" in line for line in errors
    )
    assert any(f"{path.name}:17:" in line for line in errors), errors
