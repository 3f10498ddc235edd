"""The workers of a form row paid below its floor (issue 20 point 7): how many, and what they
were paid together, so the import computes the shortfall of every one of them, not only the
lowest earner's. Read after the row's floor is known; every inconsistent cell is reported
where it is."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from ...base.figures import yuan
from .model import Floor
from .workbook import is_blank

__all__ = ["read_below"]


class _Cells(Protocol):
    """What rows._RowReader offers (a protocol, so this module needs nothing from rows.py)."""

    def bad(self, key: str, row: int, message: str) -> None: ...
    def count(self, key: str, row: int, value: Any) -> int | None: ...
    def amount(self, key: str, row: int, value: Any) -> Decimal | None: ...


class _Row(Protocol):
    number: int
    headcount: int | None
    pay: Decimal | None
    floor: Floor | None
    below: int | None
    below_pay: Decimal | None


def read_below(reader: _Cells, row: _Row, count: Any, paid: Any) -> None:
    """Fill `row.below` and `row.below_pay`, or report why they cannot stand."""
    number = row.number
    below = None if is_blank(count) else reader.count("below", number, count)
    total = None if is_blank(paid) else reader.amount("below_pay", number, paid)
    if row.pay is None or row.floor is None or row.headcount is None:
        return  # nothing paid at this level, or the row already failed
    floor, pay = row.floor.amount, row.pay
    if below is None:
        if is_blank(count) and pay < floor:
            reader.bad(
                "below",
                number,
                f"实发最低工资 {yuan(pay)} 元低于约定标准 {yuan(floor)} 元：须填写其中低于约定标准的"
                "人数和这些人实发工资的合计",
            )
        return
    if below > row.headcount:
        reader.bad("below", number, f"多于该行人数（{row.headcount} 人）")
    elif below and pay >= floor:
        reader.bad(
            "below",
            number,
            f"实发最低工资 {yuan(pay)} 元不低于约定标准 {yuan(floor)} 元，低于标准的人数应为 0",
        )
    elif below and total is None and is_blank(paid):
        reader.bad("below_pay", number, f"不能为空（低于标准的有 {below} 人）")
    elif not below and total is not None:
        reader.bad("below_pay", number, "低于标准的人数为 0 时不填")
    elif below and total is not None and not below * pay <= total < below * floor:
        reader.bad(
            "below_pay",
            number,
            f"{yuan(total)} 元与 {below} 人不符：每人不低于实发最低工资 {yuan(pay)} 元、低于约定"
            f"标准 {yuan(floor)} 元，合计应在 {yuan(below * pay)} 元至 {yuan(below * floor)} 元"
            "（不含）之间",
        )
    else:
        row.below, row.below_pay = below, total if below else Decimal(0)
