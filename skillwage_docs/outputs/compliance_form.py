"""The 企业履约情况自查表 (enterprise compliance self-check form) of an agreement, XLSX and DOCX.

Each enterprise the agreement binds reports, per skill level (and occupation, post category or
underground post where the agreement sets those apart), how many skilled workers it has, the
lowest monthly pay it actually paid, the agreed floor beside it and the shortfall to make up.
The contract asks for this check: 职工方 and 企业方 inspect performance at least once a year
(the 履行与监督 chapter), and a 人社局 reviewing the agreement asks for it (issue 14).

- The XLSX is the collecting form: one row per enterprise × schedule × level, many enterprises
  in one workbook, so a union staffer can gather the rows enterprises send back and import them
  with `skillwage-docs compliance`. Floors and shortfalls are formulas over a locked sheet of the
  agreed floors; only the input cells are unlocked; level and schedule names are drop-down lists.
- The DOCX is the paper form for one enterprise: one pre-printed row per floor of the agreement,
  the floor printed, blanks for the headcount and the pay.

`floors` is the single definition of which floor applies to a row; the import uses it too.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.formatting.rule import CellIsRule  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from ..base.errors import ValidationFailed
from ..base.figures import cn_date, yuan
from ..base.publish import deterministic_zip, safe_output_path, write_atomic
from ..inputs.agreement import Agreement
from ..inputs.loader import load_agreements
from ..inputs.terms import SkillLevel

__all__ = [
    "CODE_ROW",
    "COLUMNS",
    "DATA_ROWS",
    "FIRST_ROW",
    "FLOORS_FIRST_ROW",
    "FLOORS_HEADERS",
    "FLOORS_SHEET",
    "FORM_SHEET",
    "GENERAL",
    "HEADER_ROW",
    "TITLE",
    "UNDERGROUND",
    "Column",
    "Floor",
    "agreement_code",
    "compliance_docx",
    "compliance_form",
    "compliance_xlsx",
    "floor_for",
    "floors",
    "write_compliance_forms",
]

TITLE = "企业履约情况自查表"
FORM_SHEET = "自查表"
FLOORS_SHEET = "约定标准"
GENERAL = ""  # the schedule name of the by-level table: the schedule cell is left empty
GENERAL_SHOWN = "（按等级标准）"
UNDERGROUND = "井下岗位"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
# Rows ready to fill (formulas, borders, unlocked inputs). More: unprotect (no password) and
# copy a whole row — its formulas follow.
# Printing the sheet prints every ready row (spreadsheets count a formula cell as content even
# when it shows nothing): 200 rows are about five landscape pages; the DOCX is the paper form.
DATA_ROWS = 200
_FIXED = datetime(1980, 1, 1)  # document properties: reproducible bytes
_BODY_FONT = "宋体"
_HEAD_FONT = "黑体"


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
    Column("lowest_pay", "实发最低月工资（元）", "实发最低月工资", 10, True),
    Column("floor", "约定最低标准（元）", "约定最低标准", 10, False),
    Column("shortfall", "应补差额（元/月）", "应补差额", 10, False),
    Column("note", "备注", "备注", 12, True),
)
_LETTER = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, 1)}

# The floors sheet: a hidden lookup key, then what a reader checks.
FLOORS_HEADERS = ("查找键", "工种（职业）/岗位类别", "技能等级", "月标准（元）", "构成与说明")
FLOORS_HEADER_ROW = 6
CODE_ROW = 3  # 约定标准!C3 holds agreement_code(): an import finds the agreement by it
FLOORS_FIRST_ROW = FLOORS_HEADER_ROW + 1
_OPTIONS_COLUMN = "G"  # the drop-down list of schedule names (hidden)


@dataclass(frozen=True)
class Floor:
    """The agreed monthly floor of one schedule × level, and how it is made up."""

    schedule: str  # GENERAL, an occupation, a post category or UNDERGROUND
    level: SkillLevel
    amount: Decimal
    note: str

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


def _period(agreement: Agreement) -> str:
    return f"{cn_date(agreement.term.start)}至{cn_date(agreement.term.end)}"


def notes(agreement: Agreement, *, paper: bool = False) -> list[str]:
    """填表说明, worded for this agreement's wage form and schedules, for the workbook (free
    rows) or the paper form (one pre-printed row per floor)."""
    names = schedules(agreement)
    kinds = []
    if agreement.occupations:
        kinds.append("职业（工种）")
    if agreement.categories:
        kinds.append("岗位类别")
    if any(row.underground is not None for row in agreement.skill_levels):
        kinds.append("井下岗位")
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
        "实发最低月工资：该行技能人才中月工资最低者在法定工作时间内提供正常劳动的月工资，"
        "不含延长工作时间工资，中班、夜班、高温、低温、井下、有毒有害等特殊工作环境、条件下的津贴，"
        "以及法律、法规和国家规定的劳动者福利待遇（《最低工资规定》第十二条）"
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
    if paper:
        lines.append(
            "应补差额＝约定最低标准－实发最低月工资（每人每月）；不低于约定最低标准的填0。"
        )
    else:
        tail = "分职业（工种）、岗位类别表未列的等级自动按等级标准计算。" if names else ""
        lines.append(
            "约定最低标准和应补差额自动计算，不能修改：应补差额＝约定最低标准－实发最低月工资"
            f"（每人每月，不低于0）。{tail}"
        )
    return lines


# --- XLSX ------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LOCKED_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
_ALERT_FILL = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")
_UNLOCKED = Protection(locked=False)


def _display_width(text: str) -> int:
    """Width in spreadsheet character units: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _floor_formula(row: int, floor_rows: int) -> str:
    """The agreed floor of a form row: the schedule's figure, else the by-level one; text when
    the schedule is not one of the agreement's or the level has no floor."""
    last = FLOORS_FIRST_ROW + floor_rows - 1
    keys = f"'{FLOORS_SHEET}'!$A${FLOORS_FIRST_ROW}:$A${last}"
    amounts = f"'{FLOORS_SHEET}'!$D${FLOORS_FIRST_ROW}:$D${last}"
    options = f"'{FLOORS_SHEET}'!${_OPTIONS_COLUMN}${FLOORS_FIRST_ROW}:${_OPTIONS_COLUMN}${last}"
    s, lv = f"${_LETTER['schedule']}{row}", f"${_LETTER['level']}{row}"
    return (
        f'=IF({lv}="","",IF(AND({s}<>"",ISNA(MATCH({s},{options},0))),"无此工种/类别",'
        f'IFERROR(INDEX({amounts},MATCH({s}&"|"&{lv},{keys},0)),'
        f'IFERROR(INDEX({amounts},MATCH("|"&{lv},{keys},0)),"无此等级标准"))))'
    )


def _shortfall_formula(row: int) -> str:
    pay, floor = f"${_LETTER['lowest_pay']}{row}", f"${_LETTER['floor']}{row}"
    return f'=IF(OR({pay}="",NOT(ISNUMBER({floor}))),"",MAX(0,{floor}-{pay}))'


def _form_sheet(book: Any, agreement: Agreement, table: Sequence[Floor]) -> None:
    sheet = book.active
    sheet.title = FORM_SHEET
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(name=_HEAD_FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = f"（{agreement.display_title}，合同期限{_period(agreement)}）"
    sheet["A2"].font = Font(name=_BODY_FONT, size=10.5)
    sheet["A2"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A3:{last}3")
    lines = notes(agreement)
    sheet["A3"] = "填表说明：" + "".join(
        f"{i}. {t}" if i == 1 else f"\n{i}. {t}" for i, t in enumerate(lines, 1)
    )
    sheet["A3"].font = Font(name=_BODY_FONT, size=9)
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    # Spreadsheets do not grow a merged row to fit: estimate the wrapped lines (9 pt text is
    # narrower than the column unit's 11 pt, hence the 1.15).
    across = sum(column.width for column in COLUMNS) * 1.15
    wrapped = sum(-(-(_display_width(t) + 3) // int(across)) for t in lines)
    sheet.row_dimensions[3].height = (wrapped + 1) * 12 + 4

    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = Font(name=_HEAD_FONT, size=10, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 30

    has_schedules = bool(schedules(agreement))
    body = Font(name=_BODY_FONT, size=10)
    for offset in range(DATA_ROWS):
        row = FIRST_ROW + offset
        for index, column in enumerate(COLUMNS, 1):
            cell = sheet.cell(row=row, column=index)
            cell.font = body
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=column.key == "enterprise")
            if column.entered and (column.key != "schedule" or has_schedules):
                cell.protection = _UNLOCKED
            else:
                cell.fill = _LOCKED_FILL
        sheet[f"A{row}"] = offset + 1
        sheet[f"A{row}"].alignment = Alignment(horizontal="center", vertical="center")
        # Text cells: an 18-character credit code or a phone number with a leading 0 typed
        # into a number cell would be mangled (15 significant digits, the 0 dropped).
        for key in ("credit_code", "contact"):
            sheet[f"{_LETTER[key]}{row}"].number_format = "@"
        for key in ("period_start", "period_end"):
            sheet[f"{_LETTER[key]}{row}"].number_format = "yyyy-mm-dd"
        for key in ("lowest_pay", "floor", "shortfall"):
            sheet[f"{_LETTER[key]}{row}"].number_format = "0.00"
        sheet[f"{_LETTER['floor']}{row}"] = _floor_formula(row, len(table))
        sheet[f"{_LETTER['shortfall']}{row}"] = _shortfall_formula(row)
    end = FIRST_ROW + DATA_ROWS - 1

    def rows_of(key: str) -> str:
        return f"{_LETTER[key]}{FIRST_ROW}:{_LETTER[key]}{end}"

    level_names = ",".join(level.value for level in levels(agreement))
    checks = [
        DataValidation(
            type="list",
            formula1=f'"{level_names}"',
            allow_blank=True,
            error=f"请从下拉列表选择：{level_names.replace(',', '、')}",
            errorTitle="技能等级",
            showErrorMessage=True,
            sqref=rows_of("level"),
        ),
        DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            error="人数应为不小于 0 的整数",
            errorTitle="人数",
            showErrorMessage=True,
            sqref=rows_of("headcount"),
        ),
        DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="999999",
            allow_blank=True,
            error="金额应为数字（元），不要带单位",
            errorTitle="实发最低月工资",
            showErrorMessage=True,
            sqref=rows_of("lowest_pay"),
        ),
        DataValidation(
            type="textLength",
            operator="equal",
            formula1="18",
            allow_blank=True,
            error="统一社会信用代码为 18 位",
            errorTitle="统一社会信用代码",
            showErrorMessage=True,
            sqref=rows_of("credit_code"),
        ),
    ]
    for key in ("period_start", "period_end"):
        checks.append(
            DataValidation(
                type="date",
                operator="greaterThan",
                formula1="36526",
                allow_blank=True,
                error="请填写日期，如 2025-12-31",
                errorTitle="自查期间",
                showErrorMessage=True,
                sqref=rows_of(key),
            )
        )
    if has_schedules:
        options = (
            f"'{FLOORS_SHEET}'!${_OPTIONS_COLUMN}${FLOORS_FIRST_ROW}"
            f":${_OPTIONS_COLUMN}${FLOORS_FIRST_ROW + len(schedules(agreement)) - 1}"
        )
        checks.append(
            DataValidation(
                type="list",
                formula1=f"={options}",
                allow_blank=True,
                error="请从下拉列表选择；按等级标准执行的留空",
                errorTitle="工种（职业）/岗位类别",
                showErrorMessage=True,
                sqref=rows_of("schedule"),
            )
        )
    for check in checks:
        sheet.add_data_validation(check)
    sheet.conditional_formatting.add(
        rows_of("shortfall"), CellIsRule(operator="greaterThan", formula=["0"], fill=_ALERT_FILL)
    )
    sheet.conditional_formatting.add(
        rows_of("floor"),
        CellIsRule(operator="equal", formula=['"无此工种/类别"'], fill=_ALERT_FILL),
    )
    sheet.conditional_formatting.add(
        rows_of("floor"),
        CellIsRule(operator="equal", formula=['"无此等级标准"'], fill=_ALERT_FILL),
    )

    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{last}{end}"
    _page(sheet, landscape=True)
    sheet.protection.sheet = True  # no password: protection guards against slips, not people
    sheet.protection.formatColumns = False  # widening a column to read a long name is fine
    sheet.protection.formatRows = False


def _page(sheet: Any, *, landscape: bool) -> None:
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _floors_sheet(book: Any, agreement: Agreement, table: Sequence[Floor]) -> None:
    sheet = book.create_sheet(FLOORS_SHEET)
    sheet.merge_cells("B1:E1")
    sheet["B1"] = "约定标准（自查表的约定最低标准据此计算）"
    sheet["B1"].font = Font(name=_HEAD_FONT, size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    facts = (
        ("合同", agreement.display_title),
        ("合同代码", agreement_code(agreement)),
        ("合同期限", _period(agreement)),
        ("工资形式", agreement.wage_form),
    )
    for offset, (label, value) in enumerate(facts):
        row = CODE_ROW - 1 + offset
        sheet[f"B{row}"] = label
        sheet[f"B{row}"].font = Font(name=_HEAD_FONT, size=10)
        sheet.merge_cells(f"C{row}:E{row}")
        sheet[f"C{row}"] = value
        sheet[f"C{row}"].font = Font(name=_BODY_FONT, size=10)
    for index, header in enumerate(FLOORS_HEADERS, 1):
        cell = sheet.cell(row=FLOORS_HEADER_ROW, column=index, value=header)
        cell.font = Font(name=_HEAD_FONT, size=10, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    body = Font(name=_BODY_FONT, size=10)
    for offset, floor in enumerate(table):
        row = FLOORS_FIRST_ROW + offset
        contents = (floor.key, floor.shown_schedule, floor.level.value, floor.amount, floor.note)
        for index, content in enumerate(contents, 1):
            cell = sheet.cell(row=row, column=index, value=content)
            cell.font = body
            cell.border = _BORDER
            cell.alignment = Alignment(
                horizontal="left" if index in (2, 5) else "center", vertical="center"
            )
        sheet.cell(row=row, column=4).number_format = "0"
    for offset, name in enumerate(schedules(agreement)):
        sheet[f"{_OPTIONS_COLUMN}{FLOORS_FIRST_ROW + offset}"] = name
    for letter, width in zip("ABCDE", (14, 24, 11, 12, 44), strict=True):
        sheet.column_dimensions[letter].width = width
    # The lookup key and the drop-down list are machinery, not reading.
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions[_OPTIONS_COLUMN].hidden = True
    sheet.print_area = f"B1:E{FLOORS_FIRST_ROW + len(table) - 1}"
    sheet.print_title_rows = f"{FLOORS_HEADER_ROW}:{FLOORS_HEADER_ROW}"
    _page(sheet, landscape=False)
    sheet.protection.sheet = True


def compliance_xlsx(agreement: Agreement) -> bytes:
    """The collecting workbook: sheet 自查表 (input rows) and sheet 约定标准 (the floors)."""
    table = floors(agreement)
    book = Workbook()
    _form_sheet(book, agreement, table)
    _floors_sheet(book, agreement, table)
    book.security = WorkbookProtection(lockStructure=True)  # sheets keep their names
    book.properties.creator = "skillwage-docs"
    book.properties.title = f"{TITLE}（{agreement.display_title}）"
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save_workbook stamps `modified` with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return deterministic_zip(buffer.getvalue())


# --- DOCX ------------------------------------------------------------------------------------

# Word picks the CJK face from w:eastAsia; python-docx's font.name sets only the Latin one. (The
# liaison table does the same with its own helpers, which are private to it and changing.)
_LATIN_FONT = "Times New Roman"


def _fonts(run: Any, east_asia: str, size: float, *, bold: bool = False) -> None:
    run.font.name = _LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _paragraph(
    container: Any,
    text: str,
    east_asia: str,
    size: float,
    *,
    bold: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.LEFT,
    after: float = 0,
) -> Any:
    paragraph = container.add_paragraph()
    _fonts(paragraph.add_run(text), east_asia, size, bold=bold)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _cell_text(
    cell: Any, text: str, east_asia: str, size: float, *, bold: bool = False, center: bool = True
) -> None:
    """Each line of `text` a paragraph of the cell, single-spaced."""
    for index, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        _fonts(paragraph.add_run(line), east_asia, size, bold=bold)


def _row_flags(row: Any, *, header: bool) -> None:
    """No row split across a page; the header row repeated on every page."""
    props = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", *(("w:tblHeader",) if header else ())):
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        props.append(element)


# (header, width in mm) of the paper form's table: 174 mm, the A4 portrait text width. The
# schedule column is left out where the agreement sets no occupation, category or underground
# schedule, and its width goes to the level column.
DOCX_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 12),
    ("工种（职业）/岗位类别", 36),
    ("技能等级", 20),
    ("约定最低标准\n（元/月）", 25),
    ("人数", 14),
    ("实发最低月工资\n（元）", 27),
    ("应补差额\n（元/月）", 22),
    ("备注", 18),
)


def _fixed_table(document: Any, rows: int, widths_mm: Sequence[float]) -> Any:
    """A Table Grid table of fixed column widths (LibreOffice reads the grid, Word the cells)."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    widths = [Emu(int(Mm(width))) for width in widths_mm]
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def _row_height(row: Any, mm: float) -> None:
    """Room to write by hand."""
    props = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(Mm(mm).twips)))
    height.set(qn("w:hRule"), "atLeast")
    props.append(height)


def compliance_docx(agreement: Agreement) -> bytes:
    """The paper form for one enterprise: A4 portrait, one pre-printed row per floor."""
    table_floors = floors(agreement)
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)

    _paragraph(document, TITLE, _HEAD_FONT, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    _paragraph(
        document,
        f"（{agreement.display_title}，合同期限{_period(agreement)}）",
        _BODY_FONT,
        10.5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=8,
    )

    # The enterprise: four label/blank pairs on three lines.
    info = _fixed_table(document, 3, [36, 58, 28, 52])
    lines = (
        ("企业名称（盖章）", "", "", ""),
        ("统一社会信用代码", "", "联系人及电话", ""),
        ("自查期间", "　　年　　月　　日至　　年　　月　　日", "", ""),
    )
    for row, texts in zip(info.rows, lines, strict=True):
        _row_height(row, 9)
        for index, text in enumerate(texts):
            if index in (0, 2) and text:
                _cell_text(row.cells[index], text, _HEAD_FONT, 10.5)
            elif text:
                _cell_text(row.cells[index], text, _BODY_FONT, 10.5, center=False)
    info.rows[0].cells[1].merge(info.rows[0].cells[3])
    info.rows[2].cells[1].merge(info.rows[2].cells[3])
    _paragraph(document, "", _BODY_FONT, 6)

    columns = list(DOCX_COLUMNS)
    with_schedule = bool(schedules(agreement))
    if not with_schedule:
        columns = [
            (h, w + 36 if h == "技能等级" else w) for h, w in columns if h != DOCX_COLUMNS[1][0]
        ]
    widths_mm = [width for _, width in columns]
    table = _fixed_table(document, 1, widths_mm)
    for index, (header, _) in enumerate(columns):
        _cell_text(table.rows[0].cells[index], header, _HEAD_FONT, 9, bold=True)
    _row_flags(table.rows[0], header=True)
    for number, floor in enumerate(table_floors, 1):
        cells = table.add_row()
        _row_flags(cells, header=False)
        _row_height(cells, 7)
        printed = [str(number), floor.shown_schedule, floor.level.value, yuan(floor.amount)]
        if not with_schedule:
            del printed[1]
        for index, text in enumerate(printed):
            left = with_schedule and index == 1
            _cell_text(cells.cells[index], text, _BODY_FONT, 10, center=not left)
    widths = [Emu(int(Mm(width))) for width in widths_mm]
    for table_row in table.rows:  # cells added after the grid was set take its widths
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    _paragraph(document, "", _BODY_FONT, 6)
    _paragraph(document, "填表说明：", _HEAD_FONT, 9.5, after=2)
    for number, text in enumerate(notes(agreement, paper=True), 1):
        _paragraph(document, f"{number}. {text}", _BODY_FONT, 9, after=2)
    _paragraph(document, "", _BODY_FONT, 6)
    _paragraph(
        document,
        "企业负责人（签字）：　　　　　　　　填表人：　　　　　　　　填表日期：　　年　　月　　日",
        _BODY_FONT,
        10.5,
        after=10,
    )
    _paragraph(document, "企业工会（职工代表）核查意见：", _BODY_FONT, 10.5, after=0)

    props = document.core_properties
    props.title = f"{TITLE}（{agreement.display_title}）"
    props.author = "skillwage-docs"
    props.created = props.modified = _FIXED
    props.last_modified_by = "skillwage-docs"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def compliance_form(agreement: Agreement) -> tuple[bytes, bytes]:
    """(XLSX, DOCX) of the agreement's 企业履约情况自查表; same agreement, same bytes."""
    return compliance_xlsx(agreement), compliance_docx(agreement)


def write_compliance_forms(
    contexts: Path, region: str, out: Path, *, agreement: str | None = None
) -> list[Path]:
    """Write `out/<region>/<slug>.compliance.xlsx` and `.docx` for each agreement of the region
    (or the one named) that passes validation, atomically; the paths written.

    A form built on an agreement that fails validation would print floors the law does not
    allow, so such an agreement is refused (exit 1) and nothing is written.
    """
    from ..checks.validate import validate
    from ..inputs.minimum_wage import load_minimum_wages
    from ..pipeline.build import MINIMUM_WAGES

    loaded = load_agreements(contexts, region, [agreement] if agreement else None)
    report = validate(loaded, load_minimum_wages(contexts / MINIMUM_WAGES))
    if not report.ok:
        lines = [f.line() for f in report.errors]
        raise ValidationFailed(f"{len(lines)} 处校验错误，未生成自查表", details=lines)
    written = []
    for item in loaded:
        xlsx, docx = compliance_form(item.agreement)
        for data, extension in ((xlsx, "xlsx"), (docx, "docx")):
            path = safe_output_path(out, region, f"{item.agreement.slug}.compliance.{extension}")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            written.append(path)
    return written
