"""How figures and dates are written in the contract: digits, 人民币大写, 年月日, 第X条."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

import cn2an

__all__ = ["add_months", "chinese_number", "cn_date", "dotted_date", "money_upper", "yuan"]


def yuan(value: Decimal | int | float) -> str:
    """2300 → "2300", 24.50 → "24.5": no thousands separator, as in the published model texts."""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text


def money_upper(value: Decimal | int | float) -> str:
    """人民币大写: 2300 → 贰仟叁佰元整, 24.5 → 贰拾肆元伍角 (cn2an's "rmb" mode)."""
    return str(cn2an.an2cn(yuan(value), "rmb"))


def cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def dotted_date(value: date) -> str:
    """2025.06.03: a date in a narrow table cell (as the liaison table prints dates)."""
    return f"{value.year}.{value.month:02d}.{value.day:02d}"


def chinese_number(value: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (article and chapter numbers)."""
    return str(cn2an.an2cn(value))


def add_months(value: date, months: int) -> date:
    """Calendar month arithmetic, clamping the day (2025-05-31 − 3 months → 2025-02-28)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)
