"""The 企业履约情况自查表 as the collecting workbook: one row per enterprise × schedule × level,
many enterprises in one workbook, so a union staffer can gather the rows enterprises send back
and import them with `skillwage-docs compliance`. Floors and shortfalls are formulas over a
locked sheet of the agreed floors; only the input cells are unlocked; level and schedule names
are drop-down lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.rich_text import CellRichText, TextBlock  # type: ignore[import-untyped]
from openpyxl.cell.text import InlineFont  # type: ignore[import-untyped]
from openpyxl.formatting.rule import CellIsRule  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from ...inputs.agreement import Agreement
from ...inputs.compliance.model import (
    BODY_FONT,
    CODE_ROW,
    COLUMNS,
    DATA_ROWS,
    FIRST_ROW,
    FLOORS_FIRST_ROW,
    FLOORS_HEADER_ROW,
    FLOORS_HEADERS,
    FLOORS_SHEET,
    FORM_SHEET,
    HEAD_FONT,
    HEADER_ROW,
    LETTER,
    OPTIONS_COLUMN,
    TITLE,
    Floor,
    agreement_code,
    floors,
    levels,
    notes,
    schedules,
    term_text,
)
from ...inputs.minimum_wage_model import Exclusions
from ...text.document import EXAMPLE_MARK
from ..workbook import workbook_bytes

__all__ = ["compliance_xlsx"]


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
    options = f"'{FLOORS_SHEET}'!${OPTIONS_COLUMN}${FLOORS_FIRST_ROW}:${OPTIONS_COLUMN}${last}"
    s, lv = f"${LETTER['schedule']}{row}", f"${LETTER['level']}{row}"
    return (
        f'=IF({lv}="","",IF(AND({s}<>"",ISNA(MATCH({s},{options},0))),"无此工种/类别",'
        f'IFERROR(INDEX({amounts},MATCH({s}&"|"&{lv},{keys},0)),'
        f'IFERROR(INDEX({amounts},MATCH("|"&{lv},{keys},0)),"无此等级标准"))))'
    )


def _shortfall_formula(row: int) -> str:
    pay, floor = f"${LETTER['lowest_pay']}{row}", f"${LETTER['floor']}{row}"
    return f'=IF(OR({pay}="",NOT(ISNUMBER({floor}))),"",MAX(0,{floor}-{pay}))'


def _owed_formula(row: int) -> str:
    """The shortfall of every worker paid below the floor: floor × their number − their pay
    together (issue 20 point 7); a blank total counts as 0 (N())."""
    below, paid = f"${LETTER['below']}{row}", f"${LETTER['below_pay']}{row}"
    floor = f"${LETTER['floor']}{row}"
    return f'=IF(OR({below}="",NOT(ISNUMBER({floor}))),"",MAX(0,{floor}*{below}-N({paid})))'


def _form_sheet(
    book: Any, agreement: Agreement, table: Sequence[Floor], exclusions: Exclusions | None
) -> None:
    sheet = book.active
    sheet.title = FORM_SHEET
    last = get_column_letter(len(COLUMNS))
    _form_heading(sheet, agreement, exclusions)
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = Font(name=HEAD_FONT, size=10, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 30

    _form_rows(sheet, agreement, table)
    _form_checks(sheet, agreement)
    end = FIRST_ROW + DATA_ROWS - 1
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{last}{end}"
    _page(sheet, landscape=True)
    sheet.protection.sheet = True  # no password: protection guards against slips, not people
    sheet.protection.formatColumns = False  # widening a column to read a long name is fine
    sheet.protection.formatRows = False


def _title(text: str, agreement: Agreement) -> Any:
    """The title row; an example agreement's form says so in red beside it, in the words the
    contract writers use (issue 12 point 1: invented data never passes for a real form)."""
    if not agreement.example:
        return text
    return CellRichText(
        text,
        TextBlock(InlineFont(rFont=HEAD_FONT, sz=12, b=True, color="C00000"), f"　{EXAMPLE_MARK}"),
    )


def _mark_printed_pages(sheet: Any, agreement: Agreement) -> None:
    """Every printed page of an example agreement's sheet carries the mark in its header."""
    if agreement.example:
        sheet.oddHeader.center.text = EXAMPLE_MARK
        sheet.oddHeader.center.color = "C00000"


def _form_heading(sheet: Any, agreement: Agreement, exclusions: Exclusions | None) -> None:
    """Rows 1–3: the title, the agreement and its term, the notes (their height estimated)."""
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = _title(TITLE, agreement)
    sheet["A1"].font = Font(name=HEAD_FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = f"（{agreement.display_title}，合同期限{term_text(agreement)}）"
    sheet["A2"].font = Font(name=BODY_FONT, size=10.5)
    sheet["A2"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A3:{last}3")
    lines = notes(agreement, exclusions=exclusions)
    sheet["A3"] = "填表说明：" + "".join(
        f"{i}. {t}" if i == 1 else f"\n{i}. {t}" for i, t in enumerate(lines, 1)
    )
    sheet["A3"].font = Font(name=BODY_FONT, size=9)
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    # Spreadsheets do not grow a merged row to fit: estimate the wrapped lines (9 pt text is
    # narrower than the column unit's 11 pt, hence the 1.15).
    across = sum(column.width for column in COLUMNS) * 1.15
    wrapped = sum(-(-(_display_width(t) + 3) // int(across)) for t in lines)
    sheet.row_dimensions[3].height = (wrapped + 1) * 12 + 4
    _mark_printed_pages(sheet, agreement)


def _form_rows(sheet: Any, agreement: Agreement, table: Sequence[Floor]) -> None:
    """The data rows: input cells unlocked, text and date formats, the floor and shortfall
    formulas."""
    has_schedules = bool(schedules(agreement))
    body = Font(name=BODY_FONT, size=10)
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
            sheet[f"{LETTER[key]}{row}"].number_format = "@"
        for key in ("period_start", "period_end"):
            sheet[f"{LETTER[key]}{row}"].number_format = "yyyy-mm-dd"
        for key in ("lowest_pay", "below_pay", "floor", "shortfall", "owed"):
            sheet[f"{LETTER[key]}{row}"].number_format = "0.00"
        sheet[f"{LETTER['floor']}{row}"] = _floor_formula(row, len(table))
        sheet[f"{LETTER['shortfall']}{row}"] = _shortfall_formula(row)
        sheet[f"{LETTER['owed']}{row}"] = _owed_formula(row)


def _rows_of(key: str) -> str:
    """The data rows of one column, as a range: E5:E204."""
    return f"{LETTER[key]}{FIRST_ROW}:{LETTER[key]}{FIRST_ROW + DATA_ROWS - 1}"


def _form_checks(sheet: Any, agreement: Agreement) -> None:
    """Drop-down lists and type checks on the input columns; shortfalls and unknown floors
    highlighted."""
    for check in _input_checks(agreement):
        sheet.add_data_validation(check)
    for key in ("shortfall", "owed"):
        sheet.conditional_formatting.add(
            _rows_of(key), CellIsRule(operator="greaterThan", formula=["0"], fill=_ALERT_FILL)
        )
    sheet.conditional_formatting.add(
        _rows_of("floor"),
        CellIsRule(operator="equal", formula=['"无此工种/类别"'], fill=_ALERT_FILL),
    )
    sheet.conditional_formatting.add(
        _rows_of("floor"),
        CellIsRule(operator="equal", formula=['"无此等级标准"'], fill=_ALERT_FILL),
    )


def _input_checks(agreement: Agreement) -> list[Any]:
    """One DataValidation per input column: the levels and schedules offered as lists, counts,
    pay, credit codes and dates checked as they are typed."""
    # long: one declarative check per input column, in the form's column order
    has_schedules = bool(schedules(agreement))
    level_names = ",".join(level.value for level in levels(agreement))
    checks = [
        DataValidation(
            type="list",
            formula1=f'"{level_names}"',
            allow_blank=True,
            error=f"请从下拉列表选择：{level_names.replace(',', '、')}",
            errorTitle="技能等级",
            showErrorMessage=True,
            sqref=_rows_of("level"),
        ),
        DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            error="人数应为不小于 0 的整数",
            errorTitle="人数",
            showErrorMessage=True,
            sqref=f"{_rows_of('headcount')} {_rows_of('below')}",
        ),
        DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="999999",
            allow_blank=True,
            error="金额应为数字（元），不要带单位",
            errorTitle="实发工资",
            showErrorMessage=True,
            sqref=f"{_rows_of('lowest_pay')} {_rows_of('below_pay')}",
        ),
        DataValidation(
            type="textLength",
            operator="equal",
            formula1="18",
            allow_blank=True,
            error="统一社会信用代码为 18 位",
            errorTitle="统一社会信用代码",
            showErrorMessage=True,
            sqref=_rows_of("credit_code"),
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
                sqref=_rows_of(key),
            )
        )
    if has_schedules:
        options = (
            f"'{FLOORS_SHEET}'!${OPTIONS_COLUMN}${FLOORS_FIRST_ROW}"
            f":${OPTIONS_COLUMN}${FLOORS_FIRST_ROW + len(schedules(agreement)) - 1}"
        )
        checks.append(
            DataValidation(
                type="list",
                formula1=f"={options}",
                allow_blank=True,
                error="请从下拉列表选择；按等级标准执行的留空",
                errorTitle="工种（职业）/岗位类别",
                showErrorMessage=True,
                sqref=_rows_of("schedule"),
            )
        )
    return checks


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
    sheet["B1"] = _title("约定标准（自查表的约定最低标准据此计算）", agreement)
    _mark_printed_pages(sheet, agreement)
    sheet["B1"].font = Font(name=HEAD_FONT, size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    facts = (
        ("合同", agreement.display_title),
        ("合同代码", agreement_code(agreement)),
        ("合同期限", term_text(agreement)),
        ("工资形式", agreement.wage_form),
    )
    for offset, (label, value) in enumerate(facts):
        row = CODE_ROW - 1 + offset
        sheet[f"B{row}"] = label
        sheet[f"B{row}"].font = Font(name=HEAD_FONT, size=10)
        sheet.merge_cells(f"C{row}:E{row}")
        sheet[f"C{row}"] = value
        sheet[f"C{row}"].font = Font(name=BODY_FONT, size=10)
    for index, header in enumerate(FLOORS_HEADERS, 1):
        cell = sheet.cell(row=FLOORS_HEADER_ROW, column=index, value=header)
        cell.font = Font(name=HEAD_FONT, size=10, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    body = Font(name=BODY_FONT, size=10)
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
        sheet[f"{OPTIONS_COLUMN}{FLOORS_FIRST_ROW + offset}"] = name
    for letter, width in zip("ABCDE", (14, 24, 11, 12, 44), strict=True):
        sheet.column_dimensions[letter].width = width
    # The lookup key and the drop-down list are machinery, not reading.
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions[OPTIONS_COLUMN].hidden = True
    sheet.print_area = f"B1:E{FLOORS_FIRST_ROW + len(table) - 1}"
    sheet.print_title_rows = f"{FLOORS_HEADER_ROW}:{FLOORS_HEADER_ROW}"
    _page(sheet, landscape=False)
    sheet.protection.sheet = True


def compliance_xlsx(agreement: Agreement, exclusions: Exclusions | None = None) -> bytes:
    """The collecting workbook: sheet 自查表 (input rows) and sheet 约定标准 (the floors);
    `exclusions` words the pay note as the province does (national list by default)."""
    table = floors(agreement)
    book = Workbook()
    _form_sheet(book, agreement, table, exclusions)
    _floors_sheet(book, agreement, table)
    book.security = WorkbookProtection(lockStructure=True)  # sheets keep their names
    return workbook_bytes(book, f"{TITLE}（{agreement.display_title}）")
