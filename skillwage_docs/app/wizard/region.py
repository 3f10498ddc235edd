"""`skillwage-docs new region`: a region's province and areas, offered from the minimum-wage
tables (contexts/minimum_wages/), and its region.yaml written once, atomically, after the
model's own checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from ...base.errors import InputError
from ...base.model import valid_slug
from ...inputs.loader import REGION_FILE
from ...inputs.minimum_wage import MinimumWageTable, ProvinceTable, Standard
from .prompts import Answers, Asker, Refused, parse_text, pick_many, show_choices
from .scaffold import Checker, RegionDraft, publish, render_region

__all__ = ["MINIMUM_WAGES", "new_region", "unmapped"]

MINIMUM_WAGES = "minimum_wages"  # contexts/minimum_wages, as build.py names it


def _newest(table: ProvinceTable) -> Standard:
    return table.ordered()[-1][1]


def unmapped(standard: Standard) -> bool:
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
        show_choices([f"{row.area}（{row.class_name}）" for row in standard.areas])
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


@dataclass(frozen=True)
class _Place:
    province: ProvinceTable
    areas: list[str]


def new_region(
    contexts: Path,
    answers: Answers,
    *,
    no_input: bool = False,
    force: bool = False,
    echo: Callable[[str], None] = click.echo,
) -> Path:
    """Ask for (or take) a new region's facts, write contexts/<code>/region.yaml, return it."""
    from ...inputs.minimum_wage import load_minimum_wages

    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    asker = Asker(no_input)
    code = asker.ask(
        "--code",
        "地区代码（目录名：小写拼音、数字、- 或 _，如 dongguan）",
        answers.get("code"),
        _code_parser(contexts, force),
    )
    place = _ask_place(asker, answers, table)
    areas = place.areas
    name = asker.ask(
        "--name",
        "地区名称（用于合同标题，如 东莞市）",
        answers.get("name"),
        parse_text("地区名称"),
        default=areas[0] if len(areas) == 1 else None,
    )
    basis = asker.ask(
        "--basis",
        "法律依据中引用的省、市文件（可留空；多个用分号分隔）",
        ";".join(answers.get("basis")) if answers.get("basis") else None,
        lambda raw: [part.strip() for part in re.split(r"[;；]", raw) if part.strip()],
        optional=True,
    )
    authority, union = _ask_filing_bodies(asker, answers, name)
    draft = RegionDraft(
        code=code,
        name=name,
        province=place.province.wages.province,
        province_code=place.province.wages.province_code,
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


def _ask_filing_bodies(asker: Asker, answers: Answers, name: str) -> tuple[str, str]:
    """Where a contract is sent for review and where it is filed (《集体合同规定》第四十二条),
    by default the region's 人力资源和社会保障局 and 总工会."""
    authority = asker.ask(
        "--filing-authority",
        "报送审查的劳动保障行政部门",
        answers.get("filing_authority"),
        parse_text("filing_authority"),
        default=f"{name}人力资源和社会保障局",
    )
    union = asker.ask(
        "--union-filing-body",
        "备案的工会",
        answers.get("union_filing_body"),
        parse_text("union_filing_body"),
        default=f"{name}总工会",
    )
    return authority, union


def _code_parser(contexts: Path, force: bool) -> Callable[[str], str]:
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

    return parse_code


def _ask_place(asker: Asker, answers: Answers, table: MinimumWageTable) -> _Place:
    """The province (offered from the tables) and the areas its newest standard lists."""
    no_input = asker.no_input
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
        show_choices(names, columns=6)
    province = asker.ask(
        "--province", "省份（编号、名称或代码）", answers.get("province"), parse_province
    )
    standard = _newest(province)
    listed = [row.area for row in standard.areas or []]
    if not no_input and answers.get("areas") is None:
        _describe_areas(province)
    doubts: list[str] = []

    def parse_areas(raw: str) -> list[str]:
        areas = pick_many(raw, listed)
        if not areas:
            raise Refused("至少填写一个县（市、区）")
        problem = _area_problem(table, province.wages.province_code, areas, standard.effective)
        if problem is not None and not unmapped(standard):
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
    return _Place(province, areas)
