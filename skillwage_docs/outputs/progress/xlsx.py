"""The progress report's figures as a spreadsheet: one row per agreement, counts and amounts as
numbers, dates as dates, reproducible bytes (as the liaison table's)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ...text.document import EXAMPLE_MARK
from ..workbook import workbook_bytes
from .figures import ProgressRow

__all__ = ["HEADERS", "progress_xlsx"]

HEADERS = (
    ("地区", 10), ("合同", 34), ("类型", 8), ("行业（区域）", 16), ("所处阶段", 10),
    ("签订日期", 12), ("覆盖企业数", 10), ("覆盖职工数", 10), ("其中技能人才数", 12),
    ("最低月标准（元）", 12), ("当地月最低工资标准（元）", 14), ("倍数", 8),
    ("最低工资标准依据", 22), ("最低工资数据已核实", 10), ("重点联系点", 10), ("逾期事项", 40),
)  # fmt: skip


def progress_xlsx(rows: Sequence[ProgressRow], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "工作进展情况"
    head = Font(name="黑体", bold=True)
    row_at = 1
    if rows and all(row.example for row in rows):
        sheet.cell(row=1, column=1, value=f"{EXAMPLE_MARK}：本表据示例合同生成，不是实际情况")
        sheet.cell(row=1, column=1).font = Font(name="黑体", bold=True, color="C00000")
        row_at = 2
    for index, (name, width) in enumerate(HEADERS, 1):
        cell = sheet.cell(row=row_at, column=index, value=name)
        cell.font = head
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(rows, 1):
        values = (
            row.region_name, row.title, row.kind, row.subject, row.stage, row.signed,
            row.enterprises, row.workers, row.skilled, row.lowest, row.minimum, row.ratio,
            row.minimum_source, "是" if row.minimum_confirmed else "否",
            "是" if row.key_point else "", "；".join(row.overdue),
        )  # fmt: skip
        for index, value in enumerate(values, 1):
            cell = sheet.cell(row=row_at + offset, column=index, value=value)
            cell.font = Font(name="宋体")
            if index == 6:
                cell.number_format = "yyyy-mm-dd"
            if index == 12:
                cell.number_format = "0.00"
    sheet.freeze_panes = sheet.cell(row=row_at + 1, column=3)
    return workbook_bytes(book, title)
