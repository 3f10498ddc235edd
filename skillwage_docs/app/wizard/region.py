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
from ...inputs.divisions import AreaNameError, Division, Divisions, divisions
from ...inputs.loader import REGION_FILE
from ...inputs.minimum_wage import MinimumWageTable, ProvinceTable, Provisional, Standard
from ...inputs.minimum_wage_areas import area_rows
from .prompts import Answers, Asker, Refused, parse_text, pick_many, show_choices
from .scaffold import Checker, RegionDraft, publish, render_region

__all__ = ["MINIMUM_WAGES", "new_region", "unmapped"]

MINIMUM_WAGES = "minimum_wages"  # contexts/minimum_wages, as build.py names it


def _newest(table: ProvinceTable) -> Standard:
    return table.ordered()[-1][1]


def unmapped(standard: Standard) -> bool:
    """Several classes and no area list of its own: counties may be checked provisionally."""
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
    index, standard = province.ordered()[-1]
    since = standard.effective.isoformat()
    name = province.wages.province
    rows = area_rows(province.wages, index)
    if rows is not None:
        counts: dict[str, int] = {}
        for item in rows:
            counts[item.row.class_name] = counts.get(item.row.class_name, 0) + 1
        listed = "、".join(f"{cls} {count} 个" for cls, count in counts.items())
        click.echo(
            f"{name} {since} 起执行的标准：最低工资表列出 {len(rows)} 个地区的类别（{listed}）；"
            f"未列出的县区按最高一类临时校验（skillwage-docs minimum-wage {province.wages.province_code}"
            " 列出全部）。"
        )
    elif len(standard.classes) == 1:
        click.echo(
            f"{name}全境执行同一最低工资标准（{standard.classes[0].name}），"
            "县（市、区）名称照实填写即可。"
        )
    else:
        classes = "、".join(row.name for row in standard.classes)
        click.secho(
            f"注意：{name} {since} 起执行的标准分 {classes}，但最低工资表（{province.path}）中"
            "尚无县区划分：合同中的数字暂按最高一类临时校验，validate 会给出可粘贴的 areas 行。",
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
    """The province (as typed: 浙江, 浙江省, zhejiang, or its number) and the areas, offered
    from the province's real divisions: its cities, then a chosen city's counties."""
    no_input = asker.no_input
    province = _ask_province(asker, answers, table)
    standard = _newest(province)
    found = divisions()
    home = found.province(province.wages.province)
    offered = _offered(province, home)
    if not no_input and answers.get("areas") is None:
        _describe_areas(province)
        if offered:
            click.echo(
                f"{province.wages.province}的市（或区县），可输入编号；选一个市后可再选其中的县区："
            )
            classes = {
                item.row.area: item.row.class_name
                for item in area_rows(province.wages, province.ordered()[-1][0]) or []
            }
            labels = [f"{name}（{classes[name]}）" if name in classes else name for name in offered]
            show_choices(labels, columns=4 if classes else 6)
    doubts: list[str] = []
    prompted = not no_input and answers.get("areas") is None

    def parse_areas(raw: str) -> list[str]:
        areas = [_typed_area(name, home) for name in pick_many(raw, offered)]
        if not areas:
            raise Refused("至少填写一个县（市、区）")
        zones = set(offered)
        for name in areas:
            if home is not None and name not in zones:
                try:
                    found.place(home, name)
                except AreaNameError as err:
                    raise Refused(str(err)) from None
        if home is not None and prompted and len(areas) == 1:
            areas = _counties_of(areas[0], home, asker)
        problem = _area_problem(table, province.wages.province_code, areas, standard.effective)
        if problem is not None and not unmapped(standard):
            raise Refused(problem)
        doubts[:] = [problem] if problem is not None else []
        return areas

    areas = asker.ask(
        "--area",
        "覆盖的县（市、区）或整个市（编号或名称，多个用空格或逗号分隔）",
        answers.get("areas"),
        parse_areas,
    )
    for problem in doubts:
        click.secho(f"validate 会报：{problem}", fg="yellow", err=True)
    provisional = _provisional(table, province.wages.province_code, areas, standard.effective)
    if provisional is not None:
        click.secho(f"临时校验：{provisional.summary()}", fg="yellow", err=True)
    return _Place(province, areas)


def _ask_province(asker: Asker, answers: Answers, table: MinimumWageTable) -> ProvinceTable:
    """The province as typed (浙江, 浙江省, zhejiang) or by its number in the list shown."""
    provinces = sorted(table.provinces.values(), key=lambda item: item.wages.province_code)
    names = [item.wages.province for item in provinces]

    def parse_province(raw: str) -> ProvinceTable:
        if raw.isdigit() and 1 <= int(raw) <= len(names):
            return provinces[int(raw) - 1]
        try:
            return table.province(table.find(raw))
        except InputError as err:
            raise Refused(err.message) from None

    if answers.get("province") is None and not asker.no_input:
        click.echo("省份（最低工资表 contexts/minimum_wages/ 中的省份）：")
        show_choices(names, columns=6)
    return asker.ask(
        "--province", "省份（编号、名称或代码，如 浙江）", answers.get("province"), parse_province
    )


def _offered(province: ProvinceTable, home: Division | None) -> list[str]:
    """The province's prefecture-level cities (a 直辖市: its districts), and the zones its
    table names (平潭综合实验区 …)."""
    if home is None:
        return []
    found = divisions()
    cities = [row.name for row in found.children(home.code) if row.level == "地"]
    if not cities:
        cities = [row.name for row in found.counties(home.code)]
    rows = area_rows(province.wages, province.ordered()[-1][0]) or []
    return [*cities, *(item.row.area for item in rows if item.row.zone)]


def _typed_area(name: str, home: Division | None) -> str:
    """A city typed short (杭州) as the division is named (杭州市)."""
    if home is None:
        return name
    found = divisions()
    for row in found.children(home.code):
        if row.level == "地" and name == row.name.removesuffix("市"):
            return row.name
    return name


def _counties_of(area: str, home: Division, asker: Asker) -> list[str]:
    """After one city is chosen, its real counties: Enter keeps the whole city."""
    found = divisions()
    try:
        place = found.place(home, area)
    except AreaNameError:
        return [area]
    if place.kind != "city" or len(place.counties) < 2:
        return [area]
    names = [row.name for row in place.counties]
    click.echo(f"{area}的县（市、区）：")
    show_choices(names, columns=6)

    def parse(raw: str) -> list[str]:
        if not raw.strip():
            return [area]
        chosen = pick_many(raw, names)
        outside = [name for name in chosen if name not in names]
        if outside:
            raise Refused(f"{'、'.join(outside)} 不是{area}的县（市、区）")
        return [_unique(found, home, place.division, name) for name in chosen]

    return asker.ask(
        "--area",
        f"只覆盖其中几个县区时输入编号或名称；直接回车表示整个{area}",
        None,
        parse,
        optional=True,
    )


def _unique(found: Divisions, home: Division, city: Division, name: str) -> str:
    """A county's name as the files write it: bare when unique in the province (盂县), after
    its city's when not (阳泉市城区)."""
    try:
        found.place(home, name)
    except AreaNameError:
        return city.name + name
    return name


def _provisional(
    table: MinimumWageTable, code: str, areas: list[str], on: date
) -> Provisional | None:
    try:
        return table.in_force(code, areas, on).provisional
    except InputError:
        return None
