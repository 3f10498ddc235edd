"""The 重点联系点情况表 as a spreadsheet: the same layout's lines and widths as the DOCX, numbers
as numbers, running text left to the program to wrap, reproducible bytes."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ...text.document import EXAMPLE_MARK
from ..workbook import workbook_bytes
from .layout import BODY_FONT, HEAD_FONT, SIDE_MM, Layout, heading_lines, layout
from .rows import COLUMNS, EXAMPLE_NOTICE, TITLE, LiaisonTable, footnote

__all__ = ["liaison_xlsx"]


def _xlsx_width(mm: float) -> float:
    """Spreadsheet width units (the default font's digit, 7 px, plus 5 px padding) for `mm`."""
    return round((mm * 96 / 25.4 - 5) / 7, 2)


def _xlsx_height(lines: int, size: float) -> float:
    return round(lines * size * 1.5 + 4, 1)  # spreadsheets space CJK lines more loosely


def liaison_xlsx(table: LiaisonTable, plan: Layout | None = None) -> bytes:
    """The form as a spreadsheet: counts and ratios as numbers; every date as text in one form
    (2025.07.01), as the DOCX prints it, so no row mixes real dates with text dates."""
    plan = plan or layout(table)
    book = Workbook()
    sheet = book.active
    sheet.title = "重点联系点情况表"
    last = get_column_letter(len(COLUMNS))

    def banner(row: int, text: str, font: Font, *, center: bool = False, height: float = 0) -> None:
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet[f"A{row}"]
        cell.value = text
        cell.font = font
        cell.alignment = Alignment(
            horizontal="center" if center else "left", vertical="center", wrap_text=True
        )
        if height:
            sheet.row_dimensions[row].height = height

    sheet["A1"] = "附件2"
    sheet["A1"].font = Font(name=HEAD_FONT, size=12)
    banner(2, TITLE, Font(name=HEAD_FONT, size=16, bold=True), center=True, height=30)
    row_at = 3
    if table.example:
        red = Font(name=HEAD_FONT, size=12, bold=True, color="C00000")
        banner(row_at, EXAMPLE_NOTICE, red, center=True, height=22)
        sheet.oddHeader.center.text = EXAMPLE_MARK
        sheet.oddHeader.center.color = "C00000"
        row_at += 1
    addressees, reporter = heading_lines(table)
    banner(row_at, addressees, Font(name=BODY_FONT, size=10.5), height=18)
    banner(row_at + 1, reporter, Font(name=BODY_FONT, size=10.5), height=18)

    header_row = row_at + 2
    _table_rows(sheet, table, plan, header_row)
    note_row = header_row + len(table.rows) + 1
    banner(note_row, footnote(), Font(name=BODY_FONT, size=9), height=30)
    sheet[f"A{note_row}"].alignment = Alignment(wrap_text=True, vertical="top")

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = SIDE_MM / 25.4
    return workbook_bytes(book, TITLE, EXAMPLE_MARK if table.example else None)


def _table_rows(sheet: Any, table: LiaisonTable, plan: Layout, header_row: int) -> None:
    """The header row and one row per point: the plan's lines and widths, counts and ratios
    as numbers, running text left whole for the program to wrap."""
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, (lines, width) in enumerate(zip(plan.header, plan.widths_mm, strict=True), 1):
        cell = sheet.cell(row=header_row, column=index, value="\n".join(lines))
        cell.font = Font(name=HEAD_FONT, size=plan.size, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(index)].width = _xlsx_width(width)
    header_lines = max(len(lines) for lines in plan.header)
    sheet.row_dimensions[header_row].height = _xlsx_height(header_lines, plan.size)
    for offset, (row, cells) in enumerate(zip(table.rows, plan.body, strict=True), 1):
        numbers = row.values()
        texts = row.texts()
        for index, lines in enumerate(cells, 1):
            column = COLUMNS[index - 1]
            shown = texts[index - 1].split("\n") if column.prose else list(lines)
            value: Any = numbers.get(column.key, "\n".join(shown))
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            cell.font = Font(name=BODY_FONT, size=plan.size)
            horizontal = "left" if column.left else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            cell.border = border
            if column.key == "ratio":
                cell.number_format = "0.00"
        height = _xlsx_height(plan.row_lines(offset - 1), plan.size)
        sheet.row_dimensions[header_row + offset].height = height
