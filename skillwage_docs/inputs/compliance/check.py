"""Import a filled 企业履约情况自查表 (XLSX) and flag every enterprise paying below the floor.

The workbook is data from other hands, read as data and nothing else: a bounded file size and
unpacked size, openpyxl in read-only mode with cached values only (`data_only`: no formula is
evaluated, and none is needed — the floors come from the agreement, never from the sheet), no
external links followed, no macros kept. Every problem is collected first and reported one line
each as `FILE:Sheet!C7: 字段: message`, like the YAML errors (`file:line: field: message`).

Outcomes: a malformed workbook is an `InputError` (exit 2); a well-formed one is a
`ComplianceReport` whose `shortfalls` name each enterprise, row, pay, floor and shortfall (the CLI
exits 1 when there are any), with the statutory minimum named where the pay is at or below it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ...base.errors import InputError
from ..agreement import Agreement
from ..loader import load_agreements
from ..minimum_wage import Applicable, MinimumWageTable, load_minimum_wages
from .model import CODE_ROW, FLOORS_SHEET, FORM_SHEET, agreement_code, floors
from .report import ComplianceReport, Enterprise, Shortfall
from .rows import (
    FormRow,
    cell_ref,
    check_floors_sheet,
    group_enterprises,
    read_form,
)
from .workbook import (
    Reader,
    cause_of,
    cell_text,
    is_blank,
    open_workbook,
    quoted,
    sheet_rows,
)

__all__ = ["check_compliance", "read_compliance"]


# --- the agreement the workbook was made for ----------------------------------------------------


def _workbook_code(book: Any) -> str | None:
    """约定标准!C3, where the form wrote the code of its agreement."""
    for _, values in sheet_rows(book[FLOORS_SHEET], CODE_ROW, 3, 1):
        return None if is_blank(values[2]) else cell_text(values[2])
    return None


def _resolve_agreement(
    contexts: Path, region: str, slug: str | None, book: Any, reader: Reader
) -> Agreement:
    code = _workbook_code(book)
    cell = f"C{CODE_ROW}"
    if slug is None:
        if code is None or code.count("/") != 1:
            reader.at(
                FLOORS_SHEET,
                cell,
                "合同代码",
                "缺少合同代码（如 yangquan/manufacturing）：请用 --agreement 指定合同",
            )
            reader.fail_if_any()
        assert code is not None
        code_region, slug = code.split("/")
        if code_region != region:
            reader.at(
                FLOORS_SHEET,
                cell,
                "合同代码",
                f"工作簿属于地区 {quoted(code_region)}，不是 {region}",
            )
            reader.fail_if_any()
        try:
            return load_agreements(contexts, region, [slug])[0].agreement
        except InputError as err:
            reader.at(FLOORS_SHEET, cell, "合同代码", err.message)
            reader.fail_if_any()
    agreement = load_agreements(contexts, region, [slug])[0].agreement
    if code is not None and code != agreement_code(agreement):
        reader.at(
            FLOORS_SHEET,
            cell,
            "合同代码",
            f"工作簿是 {quoted(code)} 的自查表，与 --agreement {slug}（{agreement_code(agreement)}）不符",
        )
    return agreement


# --- the check -------------------------------------------------------------------------------------


def read_compliance(
    path: Path, agreement_for: Any, *, shown: str | None = None
) -> tuple[Agreement, list[Enterprise], list[FormRow]]:
    """Open and validate a filled workbook; `agreement_for(book, reader)` names the agreement.
    Every problem is an `InputError` line `FILE:Sheet!C7: 字段: message`."""
    shown = shown if shown is not None else str(path)
    reader = Reader(shown)
    book = open_workbook(path, shown)
    try:
        missing = [name for name in (FORM_SHEET, FLOORS_SHEET) if name not in book.sheetnames]
        for name in missing:
            have = "、".join(f"“{quoted(n)}”" for n in book.sheetnames) or "无"
            reader.book_problem(
                f"缺少工作表“{name}”（现有：{have}）：请用 skillwage-docs "
                "compliance-form 生成的自查表填写，不要改工作表名",
                "工作表",
            )
        reader.fail_if_any()
        try:
            agreement = agreement_for(book, reader)
            table = floors(agreement)
            check_floors_sheet(book, table, reader)
            rows = read_form(book, agreement, table, reader)
            if not rows and not reader.problems:
                reader.sheet_problem(FORM_SHEET, "没有填写任何数据行")
            enterprises = group_enterprises(rows, agreement, reader)
        except InputError:
            raise
        except Exception as err:  # a malformed part openpyxl only notices while reading rows
            reader.book_problem(f"工作簿已损坏，无法读取（{cause_of(err)}）")
        reader.fail_if_any()
    finally:
        book.close()
    return agreement, enterprises, rows


def check_compliance(
    contexts: Path, region: str, workbook: Path, *, agreement: str | None = None
) -> ComplianceReport:
    """Read a filled 自查表 and compare every row with the agreement's floor.

    The agreement is `agreement` (a slug) or the one the workbook names (约定标准!C3). Each
    row whose lowest pay is below the floor — or at or below the statutory minimum in force
    at the end of the enterprise's period (the table the validator uses, through the
    agreement's region and areas) — becomes a `Shortfall`.
    """
    shown = str(workbook)

    def agreement_for(book: Any, reader: Reader) -> Agreement:
        return _resolve_agreement(contexts, region, agreement, book, reader)

    chosen, enterprises, rows = read_compliance(workbook, agreement_for, shown=shown)
    from ..sources import MINIMUM_WAGES

    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    periods = {e.name: e.period_end for e in enterprises}
    report = ComplianceReport(shown, chosen, enterprises, rows=len(rows))
    for row in rows:
        if row.pay is None:  # nobody at this level
            continue
        assert row.enterprise is not None and row.floor is not None and row.level is not None
        assert row.headcount is not None
        std = _minimum(table, chosen, periods[row.enterprise])
        hourly = row.floor.unit == "元/小时"
        # A part-time row is paid by the hour: compared with the hourly minimum.
        legal = std.hourly if hourly else std.monthly
        owed = max(row.floor.amount - row.pay, Decimal(0))
        if legal is not None:
            owed = max(owed, legal - row.pay)
        if owed > 0 or (legal is not None and row.pay <= legal):
            report.shortfalls.append(
                Shortfall(
                    location=f"{shown}:{FORM_SHEET}!{cell_ref('lowest_pay', row.number)}",
                    enterprise=row.enterprise,
                    schedule=row.schedule,
                    level=row.level.value,
                    headcount=row.headcount,
                    pay=row.pay,
                    floor=row.floor.amount,
                    shortfall=owed,
                    minimum=legal if legal is not None else Decimal(0),
                    minimum_text=std.describe(hourly=hourly),
                    below=row.below,
                    owed_total=(
                        row.floor.amount * row.below - (row.below_pay or Decimal(0))
                        if row.below
                        else None
                    ),
                    unit=row.floor.unit,
                )
            )
    return report


def _minimum(table: MinimumWageTable, agreement: Agreement, on: date) -> Applicable:
    # The highest class among the covered areas, as the validator checks the agreement.
    return table.in_force(agreement.region.province_code, agreement.covered_areas, on)
