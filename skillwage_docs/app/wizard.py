"""`skillwage-docs new region|agreement`: guided questions in Chinese, or the same answers as
options for scripts (`--no-input`).

Choices come from the data (provinces and their area lists from contexts/minimum_wages/, a
region's areas from its region.yaml); every answer is checked on the spot by the code
`validate` runs (scaffold.Checker: the loader and the rules on a draft of the file), so a
refusal here is validate's own line. Questions use click's prompts, which CliRunner drives
with `input=`; Ctrl+C (click.Abort) leaves nothing behind, since the file is written once, at
the end, atomically.
"""

from __future__ import annotations

import calendar
import re
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import click

from ..base.errors import InputError, ValidationFailed
from ..base.figures import add_months, yuan
from ..base.model import valid_slug
from ..base.problems import CUSTOM as _CUSTOM
from ..base.yamlsource import load_yaml
from ..inputs.agreement import REGION_FILE, Region, SkillLevel, discover_regions
from ..inputs.minimum_wage import Applicable, MinimumWageTable, ProvinceTable, Standard
from ..text.compose import CATEGORIES_51, CATEGORIES_52
from .scaffold import (
    AgreementDraft,
    Checker,
    Party,
    Problem,
    RegionDraft,
    Row,
    Tier,
    publish,
    render_agreement,
    render_region,
)

__all__ = [
    "NATIONAL_INDUSTRIES",
    "SCHEDULES",
    "Answers",
    "new_agreement",
    "new_region",
]

T = TypeVar("T")
MINIMUM_WAGES = "minimum_wages"  # contexts/minimum_wages, as build.py names it

# 人社厅发〔2024〕51号: bargaining starts with these five sectors (domain.md §1), offered first.
NATIONAL_INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("制造业", "manufacturing"),
    ("建筑业", "construction"),
    ("采矿业", "mining"),
    ("住宿和餐饮业", "hospitality"),
    ("家政服务业", "housekeeping"),
)
KINDS = ("行业性", "区域性")
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
EXAMPLE_CHOICES = ("示例（虚构数据）", "真实合同")
PENDING = "（待定）"  # a chief representative not yet named, as contexts/yangquan writes it
# A placeholder row while earlier questions are checked: the model needs one level, and
# findings are filtered to the field being asked, so the figure itself never matters.
_PLACEHOLDER = Tier(SkillLevel.初级工, Decimal("999999"))
_SPLIT = re.compile(r"[\s,，、;；]+")


class Refused(Exception):
    """An answer validate would reject; the message is validate's."""


@dataclass
class Answers:
    """What the command line gave; `None` means "ask" (or, with --no-input, the default)."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value in (None, (), []) else value


class Asker:
    """One question: the option's value if given, else a prompt until the answer passes,
    else (--no-input) the default, else a usage error naming the option."""

    def __init__(self, no_input: bool) -> None:
        self.no_input = no_input

    def ask(
        self,
        option: str,
        question: str,
        given: Any,
        parse: Callable[[str], T],
        *,
        default: str | None = None,
        optional: bool = False,
    ) -> T:
        if given is not None or self.no_input:
            if given is None and default is None and not optional:
                raise click.UsageError(f"使用 --no-input 时须给出 {option}（{question}）")
            raw = (default or "") if given is None else given
            try:
                return parse(raw if isinstance(raw, str) else " ".join(raw))
            except Refused as err:
                raise click.BadParameter(str(err), param_hint=option) from None
        while True:
            raw = click.prompt(
                question,
                default=default if default is not None else ("" if optional else None),
                show_default=bool(default),
            )
            try:
                return parse(str(raw).strip())
            except Refused as err:
                click.secho(f"  ✗ {err}", fg="red", err=True)

    def confirm(self, option: str, question: str, given: bool | None, default: bool) -> bool:
        if given is not None:
            return given
        if self.no_input:
            return default
        return click.confirm(question, default=default)


def _width(text: str) -> int:
    """Columns a terminal gives `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _show_choices(names: Sequence[str], columns: int = 4) -> None:
    """Numbered choices in aligned columns (the number is what most people type)."""
    cells = [f"{number:>3} {name}" for number, name in enumerate(names, 1)]
    width = max((_width(cell) for cell in cells), default=0) + 2
    columns = max(1, min(columns, shutil.get_terminal_size((100, 24)).columns // width))
    for start in range(0, len(cells), columns):
        row = cells[start : start + columns]
        click.echo("".join(cell + " " * (width - _width(cell)) for cell in row).rstrip())


def _pick(raw: str, names: Sequence[str]) -> str | None:
    """A choice by its number or its name; None when it is neither."""
    if raw.isdigit() and 1 <= int(raw) <= len(names):
        return names[int(raw) - 1]
    return raw if raw in names else None


def _pick_many(raw: str, names: Sequence[str]) -> list[str]:
    picked: list[str] = []
    for part in _SPLIT.split(raw):
        if part:
            name = _pick(part, names) or part
            if name not in picked:
                picked.append(name)
    return picked


def _text(what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if not raw.strip():
            raise Refused(f"{what}: {_CUSTOM['invisible_text'] if raw else '不能为空'}")
        return raw.strip()

    return parse


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(f"{raw!r}: 应为日期，格式 YYYY-MM-DD") from None


def _money(raw: str) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise Refused(_CUSTOM["money_as_text"]) from None
    if not value.is_finite():
        raise Refused(_CUSTOM["money_as_text"])
    return value


def _levels(raw: str) -> list[SkillLevel]:
    names = [level.value for level in SkillLevel]
    chosen = _pick_many(raw, names)
    unknown = [name for name in chosen if name not in names]
    if unknown or not chosen:
        raise Refused(f"技能等级 {'、'.join(unknown) or '（空）'} 无效；可选：{'、'.join(names)}")
    return sorted((SkillLevel(name) for name in chosen), key=lambda level: level.rank)


def _figures(raw: str) -> dict[SkillLevel, Decimal]:
    """`初级工=2400,中级工=2650` (the --level/--hourly options and rows' figures)."""
    out: dict[SkillLevel, Decimal] = {}
    for part in _SPLIT.split(raw.strip()):
        if not part:
            continue
        name, sep, amount = part.partition("=")
        if not sep:
            raise Refused(f"{part!r}: 应写成 等级=金额，如 初级工=2400")
        (level,) = _levels(name)
        out[level] = _money(amount)
    return out


def _row(raw: str) -> Row:
    """`焊工:初级工=2550,中级工=2850` (the --occupation/--category options)."""
    name, sep, rest = raw.partition(":")
    if not sep:
        name, sep, rest = raw.partition("：")
    if not sep or not name.strip():
        raise Refused(f"{raw!r}: 应写成 名称:等级=金额,…，如 焊工:初级工=2550,中级工=2850")
    return Row(name.strip(), _figures(rest))


def _first_of_next_month(today: date) -> date:
    last = calendar.monthrange(today.year, today.month)[1]
    return date(today.year, today.month, last) + timedelta(days=1)


# ── the province and its areas ───────────────────────────────────────────────────────────────


def _newest(table: ProvinceTable) -> Standard:
    return table.ordered()[-1][1]


def _unmapped(standard: Standard) -> bool:
    """Several classes and no area list: the table cannot place any county (it says so)."""
    return standard.areas is None and len(standard.classes) > 1


def _area_problem(table: MinimumWageTable, code: str, areas: list[str], on: date) -> str | None:
    """The table's own words when it cannot place these areas (what validate will print)."""
    try:
        table.in_force(code, areas, on)
    except InputError as err:
        return err.message
    return None


def _describe_areas(province: ProvinceTable) -> None:
    """What the table knows of the province's areas: its list, one class, or nothing yet."""
    standard = _newest(province)
    since = standard.effective.isoformat()
    name = province.wages.province
    if standard.areas is not None:
        click.echo(f"{name} {since} 起执行的标准，最低工资表列出的县（市、区）及类别：")
        _show_choices([f"{row.area}（{row.class_name}）" for row in standard.areas])
    elif len(standard.classes) == 1:
        click.echo(
            f"{name}全境执行同一最低工资标准（{standard.classes[0].name}），"
            "县（市、区）名称照实填写即可。"
        )
    else:
        classes = "、".join(row.name for row in standard.classes)
        click.secho(
            f"注意：{name} {since} 起执行的标准分 {classes}，但最低工资表（{province.path}）中"
            "尚无县区划分。可以照实填写县（市、区），但在表中补充县区 → 类别之前，validate 会"
            "报错并要求补充，合同中的数字也无法校验。",
            fg="yellow",
        )


# ── new region ───────────────────────────────────────────────────────────────────────────────


def new_region(
    contexts: Path,
    answers: Answers,
    *,
    no_input: bool = False,
    force: bool = False,
    echo: Callable[[str], None] = click.echo,
) -> Path:
    """Ask for (or take) a new region's facts, write contexts/<code>/region.yaml, return it."""
    from ..inputs.minimum_wage import load_minimum_wages

    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    asker = Asker(no_input)

    def parse_code(raw: str) -> str:
        if not valid_slug(raw) or raw == MINIMUM_WAGES:
            raise Refused(
                f"地区代码 {raw!r} 无效：只能用小写英文字母、数字、- 和 _，且不能是 Windows 保留名"
                + ("或 minimum_wages" if raw == MINIMUM_WAGES else "")
            )
        target = contexts / raw / REGION_FILE
        if target.exists() and not force:
            raise Refused(f"{target} 已存在；换一个地区代码，或加 --force 覆盖")
        return raw

    code = asker.ask(
        "--code",
        "地区代码（目录名：小写拼音、数字、- 或 _，如 dongguan）",
        answers.get("code"),
        parse_code,
    )
    provinces = sorted(table.provinces.values(), key=lambda item: item.wages.province_code)
    names = [item.wages.province for item in provinces]

    def parse_province(raw: str) -> ProvinceTable:
        for item in provinces:
            if raw in (item.wages.province, item.wages.province_code) or (
                raw.isdigit() and names[int(raw) - 1 : int(raw)] == [item.wages.province]
            ):
                return item
            if len(raw) >= 2 and item.wages.province.startswith(raw):  # 广东 → 广东省
                return item
        raise Refused(f"最低工资表中没有省份 {raw!r}（已有：{'、'.join(names)}）")

    if answers.get("province") is None and not no_input:
        click.echo("省份（最低工资表 contexts/minimum_wages/ 中的省份）：")
        _show_choices(names, columns=6)
    province = asker.ask(
        "--province", "省份（编号、名称或代码）", answers.get("province"), parse_province
    )
    standard = _newest(province)
    listed = [row.area for row in standard.areas or []]
    if not no_input and answers.get("areas") is None:
        _describe_areas(province)
    doubts: list[str] = []

    def parse_areas(raw: str) -> list[str]:
        areas = _pick_many(raw, listed)
        if not areas:
            raise Refused("至少填写一个县（市、区）")
        problem = _area_problem(table, province.wages.province_code, areas, standard.effective)
        if problem is not None and not _unmapped(standard):
            raise Refused(problem)
        doubts[:] = [problem] if problem is not None else []
        return areas

    areas = asker.ask(
        "--area",
        "覆盖的县（市、区）（编号或名称，多个用空格或逗号分隔）",
        answers.get("areas"),
        parse_areas,
    )
    for problem in doubts:
        click.secho(f"validate 会报：{problem}", fg="yellow", err=True)
    name = asker.ask(
        "--name",
        "地区名称（用于合同标题，如 东莞市）",
        answers.get("name"),
        _text("地区名称"),
        default=areas[0] if len(areas) == 1 else None,
    )
    basis = asker.ask(
        "--basis",
        "法律依据中引用的省、市文件（可留空；多个用分号分隔）",
        ";".join(answers.get("basis")) if answers.get("basis") else None,
        lambda raw: [part.strip() for part in re.split(r"[;；]", raw) if part.strip()],
        optional=True,
    )
    authority = asker.ask(
        "--filing-authority",
        "报送审查的劳动保障行政部门",
        answers.get("filing_authority"),
        _text("filing_authority"),
        default=f"{name}人力资源和社会保障局",
    )
    union = asker.ask(
        "--union-filing-body",
        "备案的工会",
        answers.get("union_filing_body"),
        _text("union_filing_body"),
        default=f"{name}总工会",
    )
    draft = RegionDraft(
        code=code,
        name=name,
        province=province.wages.province,
        province_code=province.wages.province_code,
        areas=areas,
        local_basis=basis,
        filing_authority=authority,
        union_filing_body=union,
    )
    target = contexts / code / REGION_FILE
    text = render_region(draft, target.parent)
    with Checker(table) as checker:
        checker.region(text)  # the model's own checks, as the loader runs them
    action = publish(target, text, force=force)
    echo(f"{action.value:<9} {target}")
    echo(f"下一步：skillwage-docs new agreement {code}")
    return target


# ── new agreement ────────────────────────────────────────────────────────────────────────────


def _region_of(contexts: Path, code: str) -> tuple[Path, Region]:
    regions = discover_regions(contexts)
    if code not in regions:
        known = "、".join(regions) or "（无）"
        raise InputError(
            f"找不到地区 {code!r}（已有：{known}）；新地区请先运行 skillwage-docs new region"
        )
    folder = regions[code]
    located = load_yaml(folder / REGION_FILE)
    data = located.data.get("region") if isinstance(located.data, dict) else None
    try:
        return folder, Region.model_validate(data)
    except Exception as err:  # pydantic's ValidationError: validate names each field
        raise InputError(
            f"{folder / REGION_FILE}: region 不完整或有误；请先运行 skillwage-docs validate {code}"
        ) from err


@dataclass
class _Session:
    """The draft as answered so far, and the checks on it."""

    folder: Path
    region: Region
    table: MinimumWageTable
    checker: Checker
    draft: AgreementDraft

    def problems(self, draft: AgreementDraft, field_name: str) -> tuple[list[str], list[str]]:
        text = render_agreement(draft, self.region, None, self.folder)
        _, found = self.checker.agreement(text, draft.slug, self.folder)
        mine = [p for p in found if _concerns(p, field_name)]
        return [p.text for p in mine if p.error], [p.text for p in mine if not p.error]

    def check(self, draft: AgreementDraft, field_name: str) -> AgreementDraft:
        """`draft` if validate has no error on `field_name`; its warnings are shown."""
        errors, warnings = self.problems(draft, field_name)
        if errors:
            raise Refused("；".join(errors))
        for line in warnings:
            if "所用最低工资数据未经核实" not in line:  # shown once, with the minimum
                click.secho(f"  ! {line}", fg="yellow", err=True)
        return draft


def _concerns(problem: Problem, field_name: str) -> bool:
    name = problem.field
    return name == field_name or (field_name == "areas" and name == "region.areas")


def _show_minimum(session: _Session) -> Applicable | None:
    draft = session.draft
    region = session.region
    areas = draft.areas if draft.areas is not None else region.areas
    try:
        minimum = session.table.in_force(region.province_code, areas, draft.start)
    except InputError as err:
        click.secho(
            f"当地最低工资标准查不到，合同中的数字暂不能校验：{err.message}", fg="yellow", err=True
        )
        return None
    hourly = f"，非全日制 {yuan(minimum.hourly)} 元/小时" if minimum.hourly is not None else ""
    click.echo(
        f"当地最低工资标准（{draft.start.isoformat()}）：月 {yuan(minimum.monthly)} 元{hourly}"
    )
    click.echo(f"  {minimum.describe()}")
    for later in session.table.later_changes(region.province_code, areas, draft.start, draft.end):
        click.echo(
            f"  合同期内 {later.effective.isoformat()} 起执行新标准：月 {yuan(later.monthly)} 元"
            f"（{later.describe()}）"
        )
    for doubt in minimum.unconfirmed:
        click.secho(f"  ! 所用数据未经核实：{doubt}", fg="yellow", err=True)
    click.echo(
        f"合同中的每个月工资都须高于 {yuan(minimum.monthly)} 元；等于或低于它的数字会被拒绝。"
    )
    return minimum


def new_agreement(
    contexts: Path,
    region_code: str,
    answers: Answers,
    *,
    no_input: bool = False,
    force: bool = False,
    today: date | None = None,
    echo: Callable[[str], None] = click.echo,
) -> Path:
    """Ask for (or take) a new agreement of a region, write contexts/<region>/<file>.yaml."""
    from ..inputs.minimum_wage import load_minimum_wages

    today = today or date.today()
    folder, region = _region_of(contexts, region_code)
    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    asker = Asker(no_input)
    with Checker(table) as checker:
        return _ask_agreement(
            asker, answers, folder, region, table, checker, force=force, today=today, echo=echo
        )


def _ask_agreement(
    asker: Asker,
    answers: Answers,
    folder: Path,
    region: Region,
    table: MinimumWageTable,
    checker: Checker,
    *,
    force: bool,
    today: date,
    echo: Callable[[str], None],
) -> Path:
    interactive = not asker.no_input

    def choose(names: Sequence[str], what: str) -> Callable[[str], str]:
        def parse(raw: str) -> str:
            picked = _pick(raw, names)
            if picked is None:
                raise Refused(f"{what} {raw!r} 无效；可选：{'、'.join(names)}")
            return picked

        return parse

    if interactive and answers.get("kind") is None:
        _show_choices(KINDS)
    kind = asker.ask(
        "--kind",
        "合同类型（行业性：某一行业；区域性：园区、街道、乡镇）",
        answers.get("kind"),
        choose(KINDS, "合同类型"),
        default="行业性",
    )
    if kind == "行业性":
        industries = [name for name, _ in NATIONAL_INDUSTRIES]
        if interactive and answers.get("industry") is None:
            click.echo("行业（人社厅发〔2024〕51号先行开展的五个行业；其他行业直接输入名称）：")
            _show_choices(industries, columns=5)
        subject = asker.ask(
            "--industry",
            "行业（编号或名称）",
            answers.get("industry"),
            lambda raw: _pick(raw, industries) or _text("industry")(raw),
        )
    else:
        subject = asker.ask(
            "--zone", "区域（如 某某高新区、某某镇）", answers.get("zone"), _text("zone")
        )
    suggested = dict(NATIONAL_INDUSTRIES).get(subject) if kind == "行业性" else None

    def parse_slug(raw: str) -> str:
        if not valid_slug(raw) or raw == "region":
            raise Refused(
                "文件名只能用小写英文字母、数字、- 和 _（如 manufacturing），且不能是 region"
            )
        target = folder / f"{raw}.yaml"
        if target.exists() and not force:
            raise Refused(f"{target} 已存在；换一个文件名，或加 --force 覆盖")
        return raw

    slug = asker.ask(
        "--file",
        "合同文件名（小写英文字母、数字、- 或 _，不含 .yaml）",
        answers.get("slug"),
        parse_slug,
        default=suggested,
    )
    areas: list[str] | None = None
    if len(region.areas) > 1 or answers.get("areas") is not None:
        if interactive and answers.get("areas") is None:
            click.echo(f"{region.name}的县（市、区）：")
            _show_choices(region.areas)

        def parse_areas(raw: str) -> list[str] | None:
            if raw in ("", "全部"):
                return None
            chosen = _pick_many(raw, region.areas)
            outside = [name for name in chosen if name not in region.areas]
            if outside:
                raise Refused(
                    f"{'、'.join(outside)} 不在{region.name}的 areas 中（{'、'.join(region.areas)}）"
                )
            return None if chosen == list(region.areas) else chosen

        areas = asker.ask(
            "--area",
            "本合同覆盖的县（市、区）（编号或名称；全部覆盖直接回车）",
            answers.get("areas"),
            parse_areas,
            default="全部",
        )
    where = region.name if kind == "行业性" else subject
    default_scope = (
        f"{region.name}行政区域内从事{subject}生产经营的各类企业，以及与上述企业建立劳动关系的技能人才。"
        if kind == "行业性"
        else f"{subject}范围内依法设立的各类企业，以及与上述企业建立劳动关系的技能人才。"
    )
    scope = asker.ask(
        "--scope", "适用范围", answers.get("scope"), _text("scope"), default=default_scope
    )
    start_default = _first_of_next_month(today)
    placeholder_party = Party("（待定）", PENDING, 5)
    session = _Session(
        folder,
        region,
        table,
        checker,
        AgreementDraft(
            slug=slug,
            kind=kind,
            subject=subject,
            scope=scope,
            start=start_default,
            end=add_months(start_default, 24) - timedelta(days=1),
            signed=min(today, start_default),
            example=True,
            worker=placeholder_party,
            employer=placeholder_party,
            areas=areas,
            tiers=[_PLACEHOLDER],
        ),
    )

    def ask_checked(
        option: str,
        question: str,
        given: Any,
        convert: Callable[[str], T],
        field_name: str,
        change: Callable[[T], AgreementDraft],
        **kwargs: Any,
    ) -> T:
        def parse(raw: str) -> T:
            value = convert(raw)
            if interactive and given is None:
                session.check(change(value), field_name)
            return value

        return asker.ask(option, question, given, parse, **kwargs)

    d = session.draft
    start = ask_checked(
        "--start",
        "合同起始日期（YYYY-MM-DD）",
        answers.get("start"),
        _date,
        "term.start",
        lambda v: replace(session.draft, start=v),
        default=start_default.isoformat(),
    )
    session.draft = d = replace(d, start=start, signed=min(d.signed, start))
    end = ask_checked(
        "--end",
        "合同终止日期（一般为 1 至 3 年）",
        answers.get("end"),
        _date,
        "term.end",
        lambda v: replace(session.draft, end=v),
        default=(add_months(start, 24) - timedelta(days=1)).isoformat(),
    )
    session.draft = d = replace(d, end=end)
    minimum = _show_minimum(session) if interactive else None
    signed = ask_checked(
        "--signed",
        "签订日期（不晚于起始日期）",
        answers.get("signed"),
        _date,
        "signing_date",
        lambda v: replace(session.draft, signed=v),
        default=min(today, start).isoformat(),
    )
    session.draft = d = replace(d, signed=signed)
    if interactive and answers.get("example") is None:
        _show_choices(EXAMPLE_CHOICES)
    example_given = answers.get("example")
    example = (
        asker.ask(
            "--example/--real",
            "这是示例还是真实合同？（示例的每个输出都标注“示例（虚构数据）”）",
            None if example_given is None else EXAMPLE_CHOICES[0 if example_given else 1],
            choose(EXAMPLE_CHOICES, "回答"),
        )
        == EXAMPLE_CHOICES[0]
    )
    session.draft = d = replace(d, example=example)
    worker_name = asker.ask(
        "--worker-party",
        "职工方名称",
        answers.get("worker_party"),
        _text("worker_party.name"),
        default=f"{where}{subject}工会联合会" if kind == "行业性" else f"{subject}工会联合会",
    )
    worker_chief = asker.ask(
        "--worker-chief",
        "职工方首席代表（尚未确定可回车）",
        answers.get("worker_chief"),
        _text("worker_party.chief_representative"),
        default=PENDING,
    )
    employer_name = asker.ask(
        "--employer-party",
        "企业方名称",
        answers.get("employer_party"),
        _text("employer_party.name"),
        default=f"{where}{subject}企业协会" if kind == "行业性" else f"{subject}企业联合会",
    )
    employer_chief = asker.ask(
        "--employer-chief",
        "企业方首席代表（尚未确定可回车）",
        answers.get("employer_chief"),
        _text("employer_party.chief_representative"),
        default=PENDING,
    )

    def representatives(raw: str) -> int:
        if not raw.isdigit():
            raise Refused("worker_party.representatives: 应为整数")
        return int(raw)

    count = ask_checked(
        "--representatives",
        "每方协商代表人数（不少于 3 人，双方相等）",
        answers.get("representatives"),
        representatives,
        "worker_party.representatives",
        lambda v: replace(
            session.draft,
            worker=Party(worker_name, worker_chief, v),
            employer=Party(employer_name, employer_chief, v),
        ),
        default="5",
    )
    session.draft = replace(
        d,
        worker=Party(worker_name, worker_chief, count),
        employer=Party(employer_name, employer_chief, count),
    )
    _ask_schedule(asker, answers, session)
    return _finish(session, minimum, interactive=interactive, force=force, echo=echo)


def _finish(
    session: _Session,
    minimum: Applicable | None,
    *,
    interactive: bool,
    force: bool,
    echo: Callable[[str], None],
) -> Path:
    """Check the whole file as validate will, then write it in one atomic step."""
    draft, region, folder = session.draft, session.region, session.folder
    target = folder / f"{draft.slug}.yaml"
    if minimum is None and not interactive:
        minimum = _binding_or_none(session)
    text = render_agreement(draft, region, minimum, folder)
    errors, warnings, lookup_failed = session.checker.final_lines(text, draft.slug, folder, target)
    if errors and not (lookup_failed and _unmapped_region(session.table, region, draft)):
        if lookup_failed:
            raise InputError(
                f"{len(errors)} 处查不到适用的最低工资标准，未写入 {target}", details=errors
            )
        raise ValidationFailed(f"{len(errors)} 处校验未通过，未写入 {target}", details=errors)
    action = publish(target, text, force=force)
    unconfirmed = [line for line in warnings if "所用最低工资数据未经核实" in line]
    if interactive and unconfirmed:  # listed above, with the minimum
        warnings = [line for line in warnings if line not in unconfirmed]
        click.secho(
            f"validate 还会提示 {len(unconfirmed)} 条“所用最低工资数据未经核实”（见上）。",
            fg="yellow",
            err=True,
        )
    for line in (*warnings, *errors):  # errors here: the table has no area list yet
        click.secho(line, fg="yellow", err=True)
    echo(f"{action.value:<9} {target}")
    echo(f"下一步：skillwage-docs watch {region.code}   # 在浏览器中预览，保存即更新")
    return target


def _binding_or_none(session: _Session) -> Applicable | None:
    region, draft = session.region, session.draft
    areas = draft.areas if draft.areas is not None else region.areas
    try:
        return session.table.in_force(region.province_code, areas, draft.start)
    except InputError:
        return None


def _unmapped_region(table: MinimumWageTable, region: Region, draft: AgreementDraft) -> bool:
    """The province has classes but no area list: the file is written, validate will ask."""
    try:
        province = table.province(region.province_code)
        _, standard = table.standard_on(region.province_code, draft.start)
    except InputError:
        return False
    return province is not None and _unmapped(standard)


def _infer_schedule(answers: Answers) -> str:
    if answers.get("schedule"):
        return str(answers.get("schedule"))
    if answers.get("base_wage") is not None or answers.get("allowances"):
        return "allowance"
    if answers.get("occupations"):
        return "occupations"
    categories = answers.get("categories") or ()
    names = [_row(raw).name for raw in categories]
    if names:
        return "categories-52" if all(name in CATEGORIES_52 for name in names) else "categories-51"
    return "levels"


def _ask_schedule(asker: Asker, answers: Answers, session: _Session) -> None:
    interactive = not asker.no_input
    keys = list(SCHEDULES)
    if interactive and answers.get("schedule") is None and not answers.get("levels"):
        click.echo("工资表的形式：")
        for number, key in enumerate(keys, 1):
            click.echo(f"{number:>3} {SCHEDULES[key]}")
        schedule = asker.ask(
            "--schedule",
            "选择形式（编号）",
            None,
            lambda raw: (
                keys[int(raw) - 1]
                if raw.isdigit() and 1 <= int(raw) <= len(keys)
                else _refuse_choice(raw, keys)
            ),
            default="1",
        )
    else:
        schedule = _infer_schedule(answers)
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
            value = _money(raw)
            session.check(
                replace(session.draft, base_wage=value, tiers=[_PLACEHOLDER]), "base_wage"
            )
            return value

        session.draft = replace(
            session.draft,
            base_wage=asker.ask("--base-wage", "不含津贴的基本工资（元/月）", None, base),
        )
    click.echo("技能等级：")
    _show_choices([level.value for level in SkillLevel])
    levels = asker.ask(
        "--level",
        "包括哪些技能等级（编号或名称）",
        None,
        _levels,
        default=" ".join(level.value for level in DEFAULT_LEVELS),
    )
    hourly = click.confirm("是否约定非全日制小时最低工资？", default=False)
    for index, level in enumerate(levels):
        path = f"skill_levels[{index}]"
        tier = Tier(level, Decimal(0))

        def monthly(raw: str, tier: Tier = tier, path: str = path) -> Decimal:
            value = _money(raw)
            session.check(
                replace(session.draft, tiers=[*session.draft.tiers, replace(tier, monthly=value)]),
                f"{path}.monthly",
            )
            return value

        tier = replace(
            tier, monthly=asker.ask("--level", f"{level.value} 月最低工资（元/月）", None, monthly)
        )
        if hourly:

            def per_hour(raw: str, tier: Tier = tier, path: str = path) -> Decimal | None:
                if not raw:
                    return None
                value = _money(raw)
                session.check(
                    replace(
                        session.draft, tiers=[*session.draft.tiers, replace(tier, hourly=value)]
                    ),
                    f"{path}.hourly",
                )
                return value

            tier = replace(
                tier,
                hourly=asker.ask(
                    "--hourly",
                    f"{level.value} 非全日制小时工资（元/小时，可留空）",
                    None,
                    per_hour,
                    optional=True,
                ),
            )
        if allowance_form:

            def allowance(raw: str, tier: Tier = tier, path: str = path) -> Decimal:
                value = _money(raw)
                session.check(
                    replace(
                        session.draft, tiers=[*session.draft.tiers, replace(tier, allowance=value)]
                    ),
                    f"{path}.allowance",
                )
                return value

            tier = replace(
                tier,
                allowance=asker.ask(
                    "--allowance", f"{level.value} 最低技能津贴（元/月）", None, allowance
                ),
            )
        session.draft = replace(session.draft, tiers=[*session.draft.tiers, tier])
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


def _refuse_choice(raw: str, keys: Sequence[str]) -> str:
    raise Refused(f"{raw!r} 无效；请输入 1–{len(keys)} 的编号")


def _refuse_many(raw: str) -> list[str]:
    raise Refused(f"{raw!r} 无效；请输入列出的编号或名称")


def _ask_rows(
    asker: Asker,
    session: _Session,
    levels: list[SkillLevel],
    table: str,
    names: Sequence[str] = (),
) -> None:
    """Occupations (named freely) or categories (from a notice's list), each × level."""
    occupations = table == "occupations"
    if names:
        click.echo("岗位类别：")
        _show_choices(list(names))
        chosen = asker.ask(
            "--category",
            "列入哪些岗位类别（编号或名称）",
            None,
            lambda raw: [n for n in _pick_many(raw, names) if n in names] or _refuse_many(raw),
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
        row = Row(name, {}, urgent)
        index = len(rows)
        click.echo(f"{name}：各技能等级的月最低工资（不适用的等级留空）")
        for level in levels:
            path = f"{table}[{index}].monthly.{level.value}"

            def figure(
                raw: str, row: Row = row, level: SkillLevel = level, path: str = path
            ) -> Decimal | None:
                if not raw:
                    return None
                value = _money(raw)
                trial = Row(row.name, {**row.monthly, level: value}, row.urgent)
                session.check(_with_rows(session.draft, table, [*rows, trial]), path)
                return value

            value = asker.ask("--level", f"  {level.value}（元/月）", None, figure, optional=True)
            if value is not None:
                row.monthly[level] = value
        if not row.monthly:
            click.secho(f"  ✗ {name} 没有任何数字，未列入", fg="red", err=True)
            continue
        rows.append(row)
        session.draft = _with_rows(session.draft, table, rows)


def _with_rows(draft: AgreementDraft, table: str, rows: list[Row]) -> AgreementDraft:
    return (
        replace(draft, occupations=list(rows))
        if table == "occupations"
        else replace(draft, categories=list(rows))
    )


def _take_given(answers: Answers, session: _Session, schedule: str) -> None:
    """--level/--hourly/--allowance/--occupation/--category: checked with the whole file."""
    try:
        monthly = _figures(" ".join(answers.get("levels")))
        hourly = _figures(" ".join(answers.get("hourly") or ()))
        allowances = _figures(" ".join(answers.get("allowances") or ()))
        base = answers.get("base_wage")
        base_wage = _money(str(base)) if base is not None else None
        urgent = set(answers.get("urgent") or ())
        occupations = [replace(_row(raw), urgent=False) for raw in answers.get("occupations") or ()]
        categories = [_row(raw) for raw in answers.get("categories") or ()]
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
