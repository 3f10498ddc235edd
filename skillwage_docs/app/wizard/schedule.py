"""The agreement being answered (`Session`: the draft so far, each answer checked by the code
validate runs) and the questions of its wage schedule: the form (levels, occupations, the
categories of 人社厅发〔2024〕51号 or 〔2025〕52号, the allowance form), each level's figures,
the rows of occupations or categories, or all of them taken from the options at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from ...base.errors import InputError
from ...base.findings import Finding
from ...inputs.agreement import Region
from ...inputs.minimum_wage import MinimumWageTable
from ...inputs.terms import SkillLevel
from ...text.compose import CATEGORIES_51, CATEGORIES_52
from .prompts import (
    Answers,
    Asker,
    Refused,
    parse_figures,
    parse_levels,
    parse_money,
    parse_row,
    pick_many,
    refuse_choice,
    refuse_many,
    show_choices,
)
from .scaffold import AgreementDraft, Checker, Row, Tier, render_agreement

__all__ = ["DEFAULT_LEVELS", "PLACEHOLDER", "SCHEDULES", "Session", "ask_schedule"]

T = TypeVar("T")
DEFAULT_LEVELS = (
    SkillLevel.初级工,
    SkillLevel.中级工,
    SkillLevel.高级工,
    SkillLevel.技师,
    SkillLevel.高级技师,
)
SCHEDULES: dict[str, str] = {
    "levels": "只按技能等级：每个等级一个月最低工资",
    "occupations": "按技能等级，另列职业（工种）：通用、紧缺急需（人社厅发〔2024〕51号）",
    "categories-51": "按技能等级，另列岗位类别：技术技能型、知识技能型、复合技能型（人社厅发〔2024〕51号）",
    "categories-52": "按技能等级，另列岗位类别：基础类、重要类、关键类、核心类（人社厅发〔2025〕52号）",
    "allowance": "最低技能津贴形式：基本工资 + 各等级的技能津贴（人社厅发〔2024〕51号）",
}
# A placeholder row while earlier questions are checked: the model needs one level, and
# findings are filtered to the field being asked, so the figure itself never matters.
PLACEHOLDER = Tier(SkillLevel.初级工, Decimal("999999"))


@dataclass
class Session:
    """The draft as answered so far, and the checks on it."""

    folder: Path
    region: Region
    table: MinimumWageTable
    checker: Checker
    draft: AgreementDraft

    def problems(self, draft: AgreementDraft, field_name: str) -> tuple[list[str], list[str]]:
        text = render_agreement(draft, self.region, None, self.folder)
        _, found = self.checker.agreement(text, draft.slug, self.folder)
        mine = [f.render() for f in found if _concerns(f, field_name) and f.is_error]
        kept = [f.render() for f in found if _concerns(f, field_name) and not f.is_error]
        return mine, kept

    def check(self, draft: AgreementDraft, field_name: str) -> AgreementDraft:
        """`draft` if validate has no error on `field_name`; its warnings are shown."""
        errors, warnings = self.problems(draft, field_name)
        if errors:
            raise Refused("；".join(errors))
        for line in warnings:
            if "所用最低工资数据未经核实" not in line:  # shown once, with the minimum
                click.secho(f"  ! {line}", fg="yellow", err=True)
        return draft

    def ask_checked(
        self,
        asker: Asker,
        option: str,
        question: str,
        given: Any,
        convert: Callable[[str], T],
        field_name: str,
        change: Callable[[T], AgreementDraft],
        **kwargs: Any,
    ) -> T:
        """A question whose answer, typed at the prompt, is checked on the draft `change`
        makes of it; an option's value is checked with the whole file at the end."""

        def parse(raw: str) -> T:
            value = convert(raw)
            if not asker.no_input and given is None:
                self.check(change(value), field_name)
            return value

        return asker.ask(option, question, given, parse, **kwargs)


def _concerns(finding: Finding, field_name: str) -> bool:
    name = finding.field
    return name == field_name or (field_name == "areas" and name == "region.areas")


def _infer_schedule(answers: Answers) -> str:
    if answers.get("schedule"):
        return str(answers.get("schedule"))
    if answers.get("base_wage") is not None or answers.get("allowances"):
        return "allowance"
    if answers.get("occupations"):
        return "occupations"
    categories = answers.get("categories") or ()
    names = [parse_row(raw).name for raw in categories]
    if names:
        return "categories-52" if all(name in CATEGORIES_52 for name in names) else "categories-51"
    return "levels"


def ask_schedule(asker: Asker, answers: Answers, session: Session) -> None:
    """The schedule's form, then its figures: asked level by level (and row by row), or all
    taken from the options."""
    schedule = _ask_form(asker, answers)
    allowance_form = schedule == "allowance"
    session.draft = replace(session.draft, allowance_form=allowance_form, tiers=[])
    given_levels = answers.get("levels")
    if given_levels is not None:
        _take_given(answers, session, schedule)
        return
    if asker.no_input:
        raise click.UsageError(
            "使用 --no-input 时须给出 --level（技能等级=月最低工资，如 初级工=2400，可重复）"
        )

    if allowance_form:

        def base(raw: str) -> Decimal:
            value = parse_money(raw)
            session.check(replace(session.draft, base_wage=value, tiers=[PLACEHOLDER]), "base_wage")
            return value

        session.draft = replace(
            session.draft,
            base_wage=asker.ask("--base-wage", "不含津贴的基本工资（元/月）", None, base),
        )
    levels = _ask_levels(asker, session, allowance_form)
    if schedule == "occupations":
        _ask_rows(asker, session, levels, "occupations")
    elif schedule.startswith("categories"):
        if schedule == "categories-52":
            # Asked first, so each category figure is checked against its floor on the spot.
            floors = asker.confirm(
                "--category-floors",
                "按人社厅发〔2025〕52号的比例下限（基础类、重要类、关键类、核心类分别不低于当地最低"
                "工资标准的 105%、120%、150%、200%）校验？",
                None,
                default=True,
            )
            session.draft = replace(session.draft, category_floors=floors)
        _ask_rows(
            asker,
            session,
            levels,
            "categories",
            CATEGORIES_52 if schedule == "categories-52" else CATEGORIES_51,
        )


def _ask_form(asker: Asker, answers: Answers) -> str:
    """The schedule's form: chosen from SCHEDULES at the prompt, else read off the options."""
    keys = list(SCHEDULES)
    if asker.no_input or answers.get("schedule") is not None or answers.get("levels"):
        return _infer_schedule(answers)
    click.echo("工资表的形式：")
    for number, key in enumerate(keys, 1):
        click.echo(f"{number:>3} {SCHEDULES[key]}")
    return asker.ask(
        "--schedule",
        "选择形式（编号）",
        None,
        lambda raw: (
            keys[int(raw) - 1]
            if raw.isdigit() and 1 <= int(raw) <= len(keys)
            else refuse_choice(raw, keys)
        ),
        default="1",
    )


def _ask_levels(asker: Asker, session: Session, allowance_form: bool) -> list[SkillLevel]:
    """Which levels, then each level's figures, added to the draft one by one."""
    click.echo("技能等级：")
    show_choices([level.value for level in SkillLevel])
    levels: list[SkillLevel] = asker.ask(
        "--level",
        "包括哪些技能等级（编号或名称）",
        None,
        parse_levels,
        default=" ".join(level.value for level in DEFAULT_LEVELS),
    )
    # Where the province sets a part-time hourly minimum, every level needs an hourly figure
    # above it (the rule part_time_floor, issue 20 point 7): asked, not offered.
    required = _part_time_minimum(session)
    hourly = required or click.confirm("是否约定非全日制小时最低工资？", default=False)
    if required:
        click.echo("当地有非全日制用工小时最低工资标准：每个等级都须约定非全日制小时最低工资。")
    for index, level in enumerate(levels):
        tier = _ask_tier(
            asker, session, index, level, hourly=hourly, allowance=allowance_form, required=required
        )
        session.draft = replace(session.draft, tiers=[*session.draft.tiers, tier])
    return levels


def _part_time_minimum(session: Session) -> bool:
    """Whether the minimum binding the draft's areas on its start sets an hourly figure."""
    draft, region = session.draft, session.region
    areas = draft.areas if draft.areas is not None else region.areas
    try:
        minimum = session.table.in_force(region.province_code, areas, draft.start)
    except InputError:
        return False  # said when the minimum was shown; the figures cannot be checked either
    return minimum.hourly is not None


def _ask_tier(
    asker: Asker,
    session: Session,
    index: int,
    level: SkillLevel,
    *,
    hourly: bool,
    allowance: bool,
    required: bool = False,
) -> Tier:
    """One level's monthly figure (and hourly, allowance when the schedule has them), each
    checked on the spot with the levels answered before it."""
    path = f"skill_levels[{index}]"
    tier = Tier(level, Decimal(0))

    def checked(field_name: str) -> Callable[[str], Decimal]:
        def parse(raw: str) -> Decimal:
            value = parse_money(raw)
            figures: dict[str, Any] = {field_name: value}
            trial = replace(tier, **figures)
            session.check(
                replace(session.draft, tiers=[*session.draft.tiers, trial]),
                f"{path}.{field_name}",
            )
            return value

        return parse

    tier = replace(
        tier,
        monthly=asker.ask(
            "--level", f"{level.value} 月最低工资（元/月）", None, checked("monthly")
        ),
    )
    if hourly and required:
        tier = replace(
            tier,
            hourly=asker.ask(
                "--hourly", f"{level.value} 非全日制小时工资（元/小时）", None, checked("hourly")
            ),
        )
    elif hourly:
        tier = replace(
            tier,
            hourly=asker.ask(
                "--hourly",
                f"{level.value} 非全日制小时工资（元/小时，可留空）",
                None,
                lambda raw: checked("hourly")(raw) if raw else None,
                optional=True,
            ),
        )
    if allowance:
        tier = replace(
            tier,
            allowance=asker.ask(
                "--allowance", f"{level.value} 最低技能津贴（元/月）", None, checked("allowance")
            ),
        )
    return tier


def _ask_rows(
    asker: Asker,
    session: Session,
    levels: list[SkillLevel],
    table: str,
    names: Sequence[str] = (),
) -> None:
    """Occupations (named freely) or categories (from a notice's list), each × level."""
    occupations = table == "occupations"
    if names:
        click.echo("岗位类别：")
        show_choices(list(names))
        chosen = asker.ask(
            "--category",
            "列入哪些岗位类别（编号或名称）",
            None,
            lambda raw: [n for n in pick_many(raw, names) if n in names] or refuse_many(raw),
            default=" ".join(names),
        )
        queue: list[str] = list(chosen)
    else:
        queue = []
    rows: list[Row] = []
    while True:
        if occupations:
            name = asker.ask(
                "--occupation",
                f"第 {len(rows) + 1} 个职业（工种）名称（留空结束）",
                None,
                str.strip,
                optional=True,
            )
            if not name:
                if rows:
                    break
                click.secho("  ✗ 至少填写一个职业（工种）", fg="red", err=True)
                continue
            urgent = click.confirm(f"{name} 是紧缺急需职业（工种）吗？", default=False)
        else:
            if not queue:
                break
            name, urgent = queue.pop(0), False
        row = _ask_row_figures(asker, session, levels, table, rows, Row(name, {}, urgent))
        if not row.monthly:
            click.secho(f"  ✗ {name} 没有任何数字，未列入", fg="red", err=True)
            continue
        rows.append(row)
        session.draft = _with_rows(session.draft, table, rows)


def _ask_row_figures(
    asker: Asker,
    session: Session,
    levels: list[SkillLevel],
    table: str,
    rows: list[Row],
    row: Row,
) -> Row:
    """One row's monthly figure per level (blank where the level does not apply), each checked
    with the rows answered before it."""
    index = len(rows)
    click.echo(f"{row.name}：各技能等级的月最低工资（不适用的等级留空）")
    for level in levels:
        path = f"{table}[{index}].monthly.{level.value}"

        def figure(
            raw: str, row: Row = row, level: SkillLevel = level, path: str = path
        ) -> Decimal | None:
            if not raw:
                return None
            value = parse_money(raw)
            trial = Row(row.name, {**row.monthly, level: value}, row.urgent)
            session.check(_with_rows(session.draft, table, [*rows, trial]), path)
            return value

        value = asker.ask("--level", f"  {level.value}（元/月）", None, figure, optional=True)
        if value is not None:
            row.monthly[level] = value
    return row


def _with_rows(draft: AgreementDraft, table: str, rows: list[Row]) -> AgreementDraft:
    return (
        replace(draft, occupations=list(rows))
        if table == "occupations"
        else replace(draft, categories=list(rows))
    )


def _take_given(answers: Answers, session: Session, schedule: str) -> None:
    """--level/--hourly/--allowance/--occupation/--category: checked with the whole file."""
    try:
        monthly = parse_figures(" ".join(answers.get("levels")))
        hourly = parse_figures(" ".join(answers.get("hourly") or ()))
        allowances = parse_figures(" ".join(answers.get("allowances") or ()))
        base = answers.get("base_wage")
        base_wage = parse_money(str(base)) if base is not None else None
        urgent = set(answers.get("urgent") or ())
        occupations = [
            replace(parse_row(raw), urgent=False) for raw in answers.get("occupations") or ()
        ]
        categories = [parse_row(raw) for raw in answers.get("categories") or ()]
    except Refused as err:
        raise click.BadParameter(str(err)) from None
    for row in occupations:
        row.urgent = row.name in urgent
    tiers = [
        Tier(level, amount, hourly.get(level), allowances.get(level))
        for level, amount in sorted(monthly.items(), key=lambda pair: pair[0].rank)
    ]
    floors = answers.get("category_floors")
    session.draft = replace(
        session.draft,
        tiers=tiers,
        allowance_form=schedule == "allowance",
        base_wage=base_wage,
        occupations=occupations,
        categories=categories,
        category_floors=bool(floors) if floors is not None else schedule == "categories-52",
    )
