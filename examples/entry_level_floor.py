"""Example validation hook: a region that wants 初级工 at least 1.2 × the local minimum wage.

Enable it in the project's pyproject.toml (never from contexts/, which may come from other hands):

    [tool.skillwage-docs]
    hooks = ["examples.entry_level_floor:check"]

or ship it in a package with an entry point in the group `skillwage_docs.validators`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from skillwage_docs.checks.rules import Finding, RuleContext
from skillwage_docs.inputs.terms import SkillLevel

RATIO = Decimal("1.2")


def check(ctx: RuleContext) -> Iterator[Finding]:
    """初级工 monthly figure ≥ 1.2 × the minimum wage in force (a local policy, not national law)."""
    floor = (ctx.applicable.monthly * RATIO).quantize(Decimal("1"))
    for index, row in enumerate(ctx.agreement.skill_levels):
        if row.level == SkillLevel.初级工 and row.monthly < floor:
            yield ctx.finding(
                ("skill_levels", index, "monthly"),
                f"{row.monthly} 元低于本地要求的最低工资 1.2 倍（{floor} 元）",
                label=row.level,
                figure=row.monthly,
                limit=floor,
                source=ctx.applicable.source_text,
            )
