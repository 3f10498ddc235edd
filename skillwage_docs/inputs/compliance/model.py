"""What the 企业履约情况自查表 asks and against what: its sheets, rows and columns, and the
agreement's floors (`floors` is the single definition of which floor applies to a row; the
XLSX, the DOCX and the import all use it), with the notes printed under the form.

Issue 20 point 7: workers not yet certified and part-time workers have rows of their own (the
contract pays them the lowest level's figure, or the entry figure, and the hourly figure), and
a row paying below its floor says how many were paid below it and their pay together, so the
shortfall of every underpaid worker is computed, not only the lowest one's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ...base.figures import cn_date, yuan
from ..agreement import Agreement
from ..minimum_wage_model import NATIONAL_EXCLUSIONS, Exclusions
from ..terms import SkillLevel

__all__ = [
    "BODY_FONT",
    "CODE_ROW",
    "COLUMNS",
    "DATA_ROWS",
    "FIRST_ROW",
    "FIXED",
    "FLOORS_FIRST_ROW",
    "FLOORS_HEADERS",
    "FLOORS_HEADER_ROW",
    "FLOORS_SHEET",
    "FORM_SHEET",
    "GENERAL",
    "GENERAL_SHOWN",
    "HEADER_ROW",
    "HEAD_FONT",
    "LETTER",
    "OPTIONS_COLUMN",
    "PART_TIME",
    "TITLE",
    "UNCERTIFIED",
    "UNDERGROUND",
    "Column",
    "Floor",
    "agreement_code",
    "floor_for",
    "floors",
    "levels",
    "notes",
    "schedules",
    "term_text",
]

TITLE = "企业履约情况自查表"
FORM_SHEET = "自查表"
FLOORS_SHEET = "约定标准"
GENERAL = ""  # the schedule name of the by-level table: the schedule cell is left empty
GENERAL_SHOWN = "（按等级标准）"
UNDERGROUND = "井下岗位"
# Issue 20 point 7: rows of their own for workers not yet certified (the contract pays them the
# lowest level's figure from the first day, or the entry figure for its months) and for
# part-time workers (the hourly figure of their level).
UNCERTIFIED = "尚未取得证书"
PART_TIME = "非全日制（元/小时）"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
# Rows ready to fill (formulas, borders, unlocked inputs). More: unprotect (no password) and
# copy a whole row — its formulas follow.
# Printing the sheet prints every ready row (spreadsheets count a formula cell as content even
# when it shows nothing): 200 rows are about five landscape pages; the DOCX is the paper form.
DATA_ROWS = 200
FIXED = datetime(1980, 1, 1)  # document properties: reproducible bytes
BODY_FONT = "宋体"
HEAD_FONT = "黑体"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    field: str  # how an error line names it
    width: float  # spreadsheet character units
    entered: bool  # an input cell (unlocked) rather than a fixed or computed one


COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", "序号", 5, False),
    Column("enterprise", "企业名称", "企业名称", 22, True),
    Column("credit_code", "统一社会信用代码", "统一社会信用代码", 20, True),
    Column("contact", "联系人及电话", "联系人及电话", 17, True),
    Column("period_start", "自查期间起", "自查期间起", 11, True),
    Column("period_end", "自查期间止", "自查期间止", 11, True),
    Column("schedule", "工种（职业）/岗位类别", "工种/类别", 14, True),
    Column("level", "技能等级", "技能等级", 9, True),
    Column("headcount", "人数", "人数", 6, True),
    Column("lowest_pay", "实发最低工资（元）", "实发最低工资", 10, True),
    Column("below", "其中低于约定标准的人数", "低于标准人数", 9, True),
    Column("below_pay", "低于标准者实发合计（元）", "低于标准者实发合计", 11, True),
    Column("floor", "约定最低标准（元）", "约定最低标准", 10, False),
    Column("shortfall", "最低者应补差额（元）", "最低者应补差额", 10, False),
    Column("owed", "应补差额合计（元）", "应补差额合计", 10, False),
    Column("note", "备注", "备注", 12, True),
)
LETTER = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, 1)}

# The floors sheet: a hidden lookup key, then what a reader checks.
FLOORS_HEADERS = ("查找键", "工种（职业）/岗位类别", "技能等级", "约定标准（元）", "构成与说明")
FLOORS_HEADER_ROW = 6
CODE_ROW = 3  # 约定标准!C3 holds agreement_code(): an import finds the agreement by it
FLOORS_FIRST_ROW = FLOORS_HEADER_ROW + 1
OPTIONS_COLUMN = "G"  # the drop-down list of schedule names (hidden)


@dataclass(frozen=True)
class Floor:
    """The agreed monthly floor of one schedule × level, and how it is made up."""

    schedule: str  # GENERAL, an occupation, a post category, UNDERGROUND, UNCERTIFIED…
    level: SkillLevel
    amount: Decimal
    note: str
    unit: Literal["元/月", "元/小时"] = "元/月"

    @property
    def key(self) -> str:
        return f"{self.schedule}|{self.level.value}"

    @property
    def shown_schedule(self) -> str:
        return self.schedule or GENERAL_SHOWN


def agreement_code(agreement: Agreement) -> str:
    """How a workbook names its agreement: `<region>/<slug>`."""
    return f"{agreement.region.code}/{agreement.slug}"


def _general(agreement: Agreement) -> dict[SkillLevel, tuple[Decimal, str]]:
    """The by-level floor of each level and how it is made up.

    Under the 最低技能津贴 form the floor is the base wage plus the level's allowance (the
    contract: 基本工资 not below base_wage, the allowance paid on top, the total not below the
    table), or the table's monthly figure where that is higher. Under the 最低工资 form an
    allowance agreed on top (另加技能津贴) is not part of the floor: the pay reported leaves it out.
    """
    out: dict[SkillLevel, tuple[Decimal, str]] = {}
    for row in agreement.levels_sorted():
        if agreement.wage_form == "最低技能津贴" and agreement.base_wage is not None:
            allowance = row.allowance or Decimal(0)
            total = agreement.base_wage + allowance
            note = f"基本工资{yuan(agreement.base_wage)}元＋最低技能津贴{yuan(allowance)}元"
            if row.monthly > total:
                out[row.level] = (row.monthly, f"月工资合计标准（{note}＝{yuan(total)}元）")
            else:
                out[row.level] = (total, note)
        else:
            out[row.level] = (row.monthly, "技能人才月最低工资标准")
    return out


def floors(agreement: Agreement) -> list[Floor]:
    """Every floor a row of the form can name, in the contract's order: the by-level table,
    the underground posts, then each occupation and post category at the levels it lists.

    A schedule's figure never lowers the by-level one: the contract binds every skilled worker
    to the level table, and where two standards apply the higher one holds (the categories
    clause says so; the occupation table's note requires it not to be lower).
    """
    general = _general(agreement)
    out = [Floor(GENERAL, level, amount, note) for level, (amount, note) in general.items()]

    def schedule_floor(name: str, level: SkillLevel, amount: Decimal, note: str) -> Floor:
        base = general.get(level)
        if base is not None and base[0] > amount:
            return Floor(name, level, base[0], f"{note}{yuan(amount)}元低于等级标准，按等级标准")
        return Floor(name, level, amount, note)

    for row in agreement.levels_sorted():
        if row.underground is not None:
            out.append(schedule_floor(UNDERGROUND, row.level, row.underground, "不含井下津贴"))
    for occupation in agreement.occupations:
        kind = "紧缺急需职业（工种）" if occupation.kind == "紧缺急需" else "职业（工种）"
        for level, amount in sorted(occupation.monthly.items(), key=lambda kv: kv[0].rank):
            out.append(schedule_floor(occupation.name, level, amount, kind))
    for category in agreement.categories:
        for level, amount in sorted(category.monthly.items(), key=lambda kv: kv[0].rank):
            out.append(schedule_floor(category.category, level, amount, "岗位类别"))
    out += _uncertified(agreement, general)
    for row in agreement.levels_sorted():
        if row.hourly is not None:
            out.append(
                Floor(PART_TIME, row.level, row.hourly, "非全日制用工小时最低工资", "元/小时")
            )
    return out


def _uncertified(
    agreement: Agreement, general: dict[SkillLevel, tuple[Decimal, str]]
) -> list[Floor]:
    """Workers in skilled posts without a certificate, at the lowest level (the 学徒工 figure is
    only for a defined apprentice): its figure from the first day, or the entry figure for the
    months the contract states (issue 20 point 2)."""
    lowest = next((level for level in general if level != SkillLevel.学徒工), None)
    if lowest is None:
        return []
    amount, _ = general[lowest]
    out = []
    entry = agreement.entry
    if entry is not None:
        out.append(
            Floor(
                f"{UNCERTIFIED}（上岗{entry.months}个月内）",
                lowest,
                entry.monthly,
                f"入职标准，上岗后{entry.months}个月内",
            )
        )
    note = (
        f"上岗{entry.months}个月后按{lowest.value}标准"
        if entry
        else f"自上岗之日起按{lowest.value}标准"
    )
    out.append(Floor(UNCERTIFIED, lowest, amount, note))
    return out


def schedules(agreement: Agreement) -> list[str]:
    """The names a row may give in the schedule column (none: the by-level table)."""
    return list(dict.fromkeys(f.schedule for f in floors(agreement) if f.schedule != GENERAL))


def levels(agreement: Agreement) -> list[SkillLevel]:
    """Every level some floor names, low to high."""
    return sorted({f.level for f in floors(agreement)}, key=lambda level: level.rank)


def floor_for(table: Sequence[Floor], schedule: str, level: SkillLevel) -> Floor | None:
    """The floor of a row: the schedule's at that level, else the by-level table's (a level an
    occupation's table does not list is paid by the level table, as the contract says)."""
    by_key = {f.key: f for f in table}
    return by_key.get(f"{schedule}|{level.value}") or by_key.get(f"{GENERAL}|{level.value}")


def term_text(agreement: Agreement) -> str:
    return f"{cn_date(agreement.term.start)}至{cn_date(agreement.term.end)}"


def notes(
    agreement: Agreement, *, paper: bool = False, exclusions: Exclusions | None = None
) -> list[str]:
    """填表说明, worded for this agreement's wage form and schedules, for the workbook (free
    rows) or the paper form (one pre-printed row per floor). `exclusions`: what the province
    leaves out of the minimum (山西 2025 adds 行车 allowances), as the contract lists it."""
    # long: one list of notes, each worded for what the agreement sets apart
    names = schedules(agreement)
    excluded = exclusions if exclusions is not None else NATIONAL_EXCLUSIONS
    kinds = []
    if agreement.occupations:
        kinds.append("职业（工种）")
    if agreement.categories:
        kinds.append("岗位类别")
    if any(row.underground is not None for row in agreement.skill_levels):
        kinds.append("井下岗位")
    kinds.append("尚未取得证书")
    if any(row.hourly is not None for row in agreement.skill_levels):
        kinds.append("非全日制")
    if paper:
        first = (
            "按各行的"
            + ("工种（职业）/岗位类别和" if names else "")
            + "技能等级填写人数和实发最低月工资，没有该等级技能人才的行人数填0"
        )
        if names:
            first += f"；{'、'.join(kinds)}表未列的等级，计入“{GENERAL_SHOWN}”的相应行"
    else:
        first = (
            "每家企业按技能等级各填一行"
            + (
                f"；按{'、'.join(kinds)}另定标准的，在“工种（职业）/岗位类别”栏选择后分行填写，按等级标准执行的留空"
                if names
                else "；本合同不分工种、类别，“工种（职业）/岗位类别”栏不填"
            )
            + "。同一企业每行都填企业名称；统一社会信用代码（可不填）、联系人及电话、自查期间在该企业第一行填写即可"
        )
    lines = [
        first + "。",
        "人数：自查期间末该行在岗技能人才人数。技能等级以有效证书或企业评价结果为准。",
    ]
    pay = (
        "实发最低工资：该行技能人才中工资最低者在法定工作时间内提供正常劳动的月工资（非全日制的"
        "行填小时工资），不含"
        + "，".join(item.removesuffix("等") for item in excluded.items)
        + f"（{'、'.join(_basis(excluded))}）；绩效、季度奖、年终奖不分摊到各月，膳食、住宿等实物不计入"
    )
    if agreement.wage_form == "最低技能津贴" and agreement.base_wage is not None:
        pay += (
            f"；本合同实行最低技能津贴形式，按基本工资与最低技能津贴之和填写，约定最低标准＝基本工资"
            f"{yuan(agreement.base_wage)}元＋该等级最低技能津贴；基本工资（不含津贴）本身也不得低于"
            f"{yuan(agreement.base_wage)}元"
        )
    elif any(row.allowance is not None for row in agreement.skill_levels):
        pay += "；本合同另加的技能津贴不计入，另行核对"
    if any(row.underground is not None for row in agreement.skill_levels):
        pay += "；井下岗位不含井下津贴"
    lines.append(pay + "。")
    lines.append(
        f"尚未取得证书或者评价结果、在技能岗位上工作的职工，填入“{UNCERTIFIED}”的行"
        + ("（上岗未满入职标准期限的，填入相应的行）" if agreement.entry else "")
        + "；"
        + (
            f"非全日制用工的，填入“{PART_TIME}”的行，工资按小时填写；"
            if any(row.hourly is not None for row in agreement.skill_levels)
            else ""
        )
        + "实发工资低于约定最低标准的，填写其中低于标准的人数和这些人实发工资的合计。"
    )
    if paper:
        lines.append(
            "应补差额合计＝约定最低标准×低于标准的人数－低于标准者实发合计（每月；非全日制为每小时）；"
            "没有低于约定最低标准的填0。"
        )
    else:
        tail = "分职业（工种）、岗位类别表未列的等级自动按等级标准计算。" if names else ""
        lines.append(
            "约定最低标准、最低者应补差额和应补差额合计自动计算，不能修改：最低者应补差额＝约定"
            "最低标准－实发最低工资，应补差额合计＝约定最低标准×低于标准的人数－低于标准者实发合计"
            f"（不低于0）。{tail}"
        )
    return lines


def _basis(excluded: Exclusions) -> list[str]:
    """The documents the list comes from, 《最低工资规定》第十二条 first (as the contract cites)."""
    basis = list(excluded.basis)
    if not any(item.startswith("《最低工资规定》") for item in basis):
        basis.insert(0, "《最低工资规定》第十二条")
    return basis
