"""Rules on the figures: every wage strictly above the binding minimum, and schedules shaped as the notices ask.

人社厅发〔2024〕51号 and 晋人社厅函〔2024〕1185号 set the skilled-worker minimum *higher than*
(高于) the local 最低工资标准; 人社厅发〔2025〕52号 has it rise with the level and sets floors for
post categories and the most senior levels.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from ..base.figures import yuan
from ..base.yamlsource import Path_
from ..inputs.agreement import Agreement
from ..inputs.minimum_wage import Applicable
from ..inputs.minimum_wage_checks import MONTHLY_HOURS
from ..inputs.terms import SkillLevel
from ..text.compose import SENIOR_LEVELS
from .findings import Finding
from .rule_context import NOTICE_2024_51, NOTICE_2025_52, RuleContext

__all__ = [
    "allowances",
    "base_wage_above_minimum",
    "category_floors",
    "hourly_above_minimum",
    "later_minimums",
    "monthly_above_minimum",
    "provisional_minimum",
    "rising_with_level",
    "senior_technicians_floor",
    "unconfirmed_minimums",
]


@dataclass(frozen=True)
class _Figure:
    path: Path_
    label: str
    amount: Decimal


def _monthly_figures(agreement: Agreement) -> Iterator[_Figure]:
    """Every monthly amount of every schedule: by level, by category, by occupation."""
    for index, row in enumerate(agreement.skill_levels):
        yield _Figure(("skill_levels", index, "monthly"), row.level.value, row.monthly)
        if row.underground is not None:
            # 井下 figures exclude the 井下 allowance (《最低工资规定》第十二条) and must clear
            # the minimum on their own.
            yield _Figure(
                ("skill_levels", index, "underground"), f"{row.level.value}·井下", row.underground
            )
    if agreement.entry is not None:
        # A worker new to a skilled post is a skilled worker: above the minimum from day one.
        yield _Figure(("entry", "monthly"), "入职", agreement.entry.monthly)
    for index, category in enumerate(agreement.categories):
        for level, amount in category.monthly.items():
            path = ("categories", index, "monthly", level.value)
            yield _Figure(path, f"{category.category}·{level.value}", amount)
    for index, occupation in enumerate(agreement.occupations):
        for level, amount in occupation.monthly.items():
            path = ("occupations", index, "monthly", level.value)
            yield _Figure(path, f"{occupation.name}·{level.value}", amount)


def _hourly_figures(agreement: Agreement) -> Iterator[_Figure]:
    for index, row in enumerate(agreement.skill_levels):
        if row.hourly is not None:
            yield _Figure(("skill_levels", index, "hourly"), row.level.value, row.hourly)


def _base_wage(agreement: Agreement) -> _Figure | None:
    if agreement.wage_form == "最低技能津贴" and agreement.base_wage is not None:
        return _Figure(("base_wage",), "", agreement.base_wage)
    return None


# --- built-in rules -------------------------------------------------------------------------
def monthly_above_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """Every monthly figure strictly above the local monthly minimum.

    人社厅发〔2024〕51号 and 晋人社厅函〔2024〕1185号: the skilled-worker minimum is set
    *higher than* (高于) the local 最低工资标准, so equal is a failure.
    """
    std = ctx.applicable
    for fig in _monthly_figures(ctx.agreement):
        if fig.amount <= std.monthly:
            yield ctx.finding(
                fig.path,
                f"{yuan(fig.amount)} 元不高于当地最低工资标准 {yuan(std.monthly)} 元"
                f"（{std.describe()}）",
                label=fig.label,
                figure=fig.amount,
                limit=std.monthly,
                source=std.source_text,
            )


def hourly_above_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """Every hourly figure strictly above the hourly minimum (《最低工资规定》第五条: the
    hourly standard applies to part-time work; 51号 asks for *higher than* the standard)."""
    std = ctx.applicable
    figures = list(_hourly_figures(ctx.agreement))
    if figures and std.hourly is None:
        # Not a silent pass, nor a guess: the table marks the figure "?" (未查到), so the
        # hourly column cannot be checked until someone enters the province's figure.
        unknown = std.hourly_unknown
        what = unknown.what if unknown else f"{std.province}的小时最低工资未查到"
        yield ctx.finding(
            figures[0].path,
            f"{what}，合同中的小时工资无法校验；请先按省里的正式文件在最低工资表中补充"
            f"（{unknown.where if unknown else std.where}）",
            label=figures[0].label,
            source=std.source_text,
        )
        return
    for fig in figures:
        if std.hourly is not None and fig.amount <= std.hourly:
            yield ctx.finding(
                fig.path,
                f"{yuan(fig.amount)} 元/小时不高于当地小时最低工资标准 {yuan(std.hourly)} 元/小时"
                f"（{std.describe(hourly=True)}）",
                label=fig.label,
                figure=fig.amount,
                limit=std.hourly,
                source=std.source_text,
            )
        ceiling = _hourly_ceiling(std)
        if fig.amount > ceiling:
            yield ctx.finding(
                fig.path,
                f"{yuan(fig.amount)} 元/小时不像小时工资：高于合理上限 {yuan(ceiling)} 元/小时"
                f"（当地小时最低工资标准的 {HOURLY_CEILING} 倍）；是不是把月工资写进了 hourly？"
                "hourly 是非全日制用工的小时最低工资（元/小时）",
                label=fig.label,
                figure=fig.amount,
                limit=ceiling,
                source=std.source_text,
            )


# An agreed hourly minimum for part-time skilled work lies near the statutory hourly figure
# (every published agreement seen: 1–2 times it); ten times it is a day's pay or more, i.e. a
# monthly figure in the hourly column (2900 元/小时).
HOURLY_CEILING = 10


def _hourly_ceiling(std: Applicable) -> Decimal:
    """Ten times the hourly minimum, or (unknown) the monthly minimum per 174 hours × 20."""
    if std.hourly is not None:
        return std.hourly * HOURLY_CEILING
    return (std.monthly / MONTHLY_HOURS * 2 * HOURLY_CEILING).quantize(Decimal(1))


def base_wage_above_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """Under the 最低技能津贴 form the wage *without* the allowance must itself clear the minimum.

    人社厅发〔2025〕52号 (guidance): pay with the allowance removed is not below the legal
    minimum. It asks only for ≥; this project asks for 高于 as 晋人社厅函〔2024〕1185号 does for
    the agreed standard.
    """
    fig = _base_wage(ctx.agreement)
    std = ctx.applicable
    if fig is not None and fig.amount <= std.monthly:
        yield ctx.finding(
            fig.path,
            f"不含技能津贴的基本工资 {yuan(fig.amount)} 元不高于当地最低工资标准 "
            f"{yuan(std.monthly)} 元（{std.describe()}）",
            label=fig.label,
            figure=fig.amount,
            limit=std.monthly,
            source=std.source_text,
        )


def later_minimums(ctx: RuleContext) -> Iterator[Finding]:
    """A standard taking effect during the term that would catch up with a figure.

    The contract stays lawful only if it is adjusted then (晋人社厅函〔2024〕1185号 requires
    the agreed minimum to stay above the local one); a warning, an error under --strict.
    """
    figures = list(_monthly_figures(ctx.agreement))
    base = _base_wage(ctx.agreement)
    if base is not None:
        figures.append(base)
    for later in ctx.later:
        since = later.effective.isoformat()
        for fig in figures:
            if fig.amount <= later.monthly:
                yield ctx.finding(
                    fig.path,
                    f"{yuan(fig.amount)} 元不高于合同期内 {since} 起执行的最低工资标准 "
                    f"{yuan(later.monthly)} 元（{later.describe()}）；届时须上调",
                    severity="warning",
                    label=fig.label,
                    figure=fig.amount,
                    limit=later.monthly,
                    source=later.source_text,
                )
        if later.hourly is None:
            continue
        for fig in _hourly_figures(ctx.agreement):
            if fig.amount <= later.hourly:
                yield ctx.finding(
                    fig.path,
                    f"{yuan(fig.amount)} 元/小时不高于合同期内 {since} 起执行的小时最低工资标准 "
                    f"{yuan(later.hourly)} 元/小时（{later.describe(hourly=True)}）；届时须上调",
                    severity="warning",
                    label=fig.label,
                    figure=fig.amount,
                    limit=later.hourly,
                    source=later.source_text,
                )


def rising_with_level(ctx: RuleContext) -> Iterator[Finding]:
    """No schedule may pay a higher level less than a lower one.

    人社厅发〔2025〕52号: minimums rise 按技能等级逐级上浮. Each level is
    compared with the highest figure of all lower levels, so one dip is reported once.
    """
    agreement = ctx.agreement
    rows = sorted(enumerate(agreement.skill_levels), key=lambda pair: pair[1].level.rank)
    columns = (
        ("monthly", "月最低工资"),
        ("hourly", "小时工资"),
        ("allowance", "技能津贴"),
        ("underground", "井下岗位月最低工资"),
    )
    for column, name in columns:
        ladder: list[tuple[Path_, str, Decimal]] = [
            (("skill_levels", index, column), row.level.value, getattr(row, column))
            for index, row in rows
            if getattr(row, column) is not None
        ]
        yield from _dips(ctx, ladder, name)
    for table, title in (("categories", "category"), ("occupations", "name")):
        for index, row in enumerate(getattr(agreement, table)):
            ladder = [
                ((table, index, "monthly", level.value), level.value, amount)
                for level, amount in sorted(row.monthly.items(), key=lambda kv: kv[0].rank)
            ]
            yield from _dips(ctx, ladder, f"{getattr(row, title)}月最低工资")


def _dips(
    ctx: RuleContext, ladder: Sequence[tuple[Path_, str, Decimal]], name: str
) -> Iterator[Finding]:
    best: tuple[str, Decimal] | None = None
    for path, level, amount in ladder:
        if best is not None and amount < best[1]:
            yield ctx.finding(
                path,
                f"{name} {yuan(amount)} 元低于较低等级{best[0]}的 {yuan(best[1])} 元："
                f"技能等级越高，标准不得越低（{NOTICE_2025_52}：按技能等级逐级上浮）",
                label=level,
                figure=amount,
                limit=best[1],
                source=NOTICE_2025_52,
            )
        if best is None or amount > best[1]:
            best = (level, amount)


def allowances(ctx: RuleContext) -> Iterator[Finding]:
    """Skill allowances are never negative; under the allowance form every level names one.

    人社厅发〔2024〕51号: the alternative form 分等级确定最低技能津贴 — an allowance per level.
    """
    agreement = ctx.agreement
    for index, row in enumerate(agreement.skill_levels):
        path = ("skill_levels", index, "allowance")
        if row.allowance is not None and row.allowance < 0:
            yield ctx.finding(
                path,
                f"技能津贴 {yuan(row.allowance)} 元为负数",
                label=row.level.value,
                figure=row.allowance,
                limit=Decimal(0),
                source=NOTICE_2024_51,
            )
        elif row.allowance is None and agreement.wage_form == "最低技能津贴":
            yield ctx.finding(
                ("skill_levels", index),
                f"最低技能津贴形式下未填写该等级的技能津贴 allowance"
                f"（{NOTICE_2024_51}：分等级确定）",
                severity="warning",
                label=row.level.value,
                source=NOTICE_2024_51,
            )


def _senior_figures(agreement: Agreement) -> Iterator[tuple[Path_, str, Decimal]]:
    for index, row in enumerate(agreement.skill_levels):
        if row.level in SENIOR_LEVELS:
            yield ("skill_levels", index, "monthly"), row.level.value, row.monthly
    for table, title in (("categories", "category"), ("occupations", "name")):
        for index, item in enumerate(getattr(agreement, table)):
            for level, amount in item.monthly.items():
                if level in SENIOR_LEVELS:
                    label = f"{getattr(item, title)}·{level.value}"
                    yield (table, index, "monthly", level.value), label, amount


def senior_technicians_floor(ctx: RuleContext) -> Iterator[Finding]:
    """人社厅发〔2025〕52号: 特级技师 and 首席技师 are not below the low end (低位数) of senior
    专业技术/管理 staff pay in the area or sector — an input figure (`senior_pay_low`), not a
    percentage of the legal minimum. Missing input is a warning; a figure below it an error."""
    agreement = ctx.agreement
    figures = list(_senior_figures(agreement))
    if not figures:
        return
    low = agreement.senior_pay_low
    source = NOTICE_2025_52
    if low is None:
        path, label, _ = figures[0]
        yield ctx.finding(
            path,
            f"合同有{SkillLevel.特级技师.value}或{SkillLevel.首席技师.value}的标准，但没有填写 "
            "senior_pay_low（本行业、本区域高级专业技术人员或管理人员工资低位数及其来源），"
            "无法按其校验",
            severity="warning",
            label=label,
            source=source,
        )
        return
    for path, label, amount in figures:
        if amount < low.amount:
            yield ctx.finding(
                path,
                f"{yuan(amount)} 元低于高级专业技术人员或管理人员工资低位数 {yuan(low.amount)} 元"
                f"（senior_pay_low，来源：{low.source}）",
                label=label,
                figure=amount,
                limit=low.amount,
                source=source,
            )


def unconfirmed_minimums(ctx: RuleContext) -> Iterator[Finding]:
    """Name every unconfirmed minimum-wage row a check relied on, so staff can confirm it
    against the provincial notice (a figure seen only in a re-post is used, and the row is named in a warning)."""
    seen: set[tuple[str, str]] = set()
    for std in (ctx.applicable, *ctx.later):
        for doubt in std.unconfirmed:
            if (doubt.where, doubt.what) in seen:
                continue
            seen.add((doubt.where, doubt.what))
            yield ctx.finding(
                ctx.areas_path,
                f"所用最低工资数据未经核实：{doubt.what}（{doubt.where}）；"
                f"请对照{std.province}人力资源和社会保障厅的正式文件核实",
                severity="warning",
                source=std.source_text,
            )


def provisional_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """A covered county the table places in no class is checked against the province's highest
    class — the table itself bounds every class by the first — and the check says it is
    provisional until the county's class is entered (validate prints the rows to paste)."""
    seen: set[str] = set()
    for std in (ctx.applicable, *ctx.later):
        provisional = std.provisional
        if provisional is None or provisional.summary() in seen:
            continue
        seen.add(provisional.summary())
        yield ctx.finding(
            ctx.areas_path,
            f"临时校验：{provisional.summary()}",
            severity="warning",
            source=std.source_text,
        )


def category_floors(ctx: RuleContext) -> Iterator[Finding]:
    """Switchable: 人社厅发〔2025〕52号 category floors as a share of the legal minimum.

    Applies to `categories` rows named after a configured category (基础类/重要类/关键类/
    核心类 by default); ratios come from `[tool.skillwage-docs.category_floors]`.
    """
    agreement = ctx.agreement
    floors = ctx.config.category_floors
    std = ctx.applicable
    if not agreement.categories:
        yield ctx.finding(
            ("rules", "category_floors"),
            f"已开启 category_floors，但合同没有 categories（{NOTICE_2025_52}的岗位类别）",
            severity="warning",
            source=NOTICE_2025_52,
        )
    for index, row in enumerate(agreement.categories):
        ratio = floors.get(row.category)
        if ratio is None:
            yield ctx.finding(
                ("categories", index, "category"),
                f"类别“{row.category}”不是已配置的岗位类别（{'、'.join(floors)}），"
                f"未按{NOTICE_2025_52}的比例校验",
                severity="warning",
                source=NOTICE_2025_52,
            )
            continue
        limit = (std.monthly * ratio).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
        percent = yuan(ratio * 100)
        for level, amount in row.monthly.items():
            if amount < limit:
                yield ctx.finding(
                    ("categories", index, "monthly", level.value),
                    f"{yuan(amount)} 元低于{row.category}下限 {yuan(limit)} 元（当地最低工资标准 "
                    f"{yuan(std.monthly)} 元的 {percent}%，{NOTICE_2025_52}；{std.describe()}）",
                    label=f"{row.category}·{level.value}",
                    figure=amount,
                    limit=limit,
                    source=NOTICE_2025_52,
                )
