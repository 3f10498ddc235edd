"""What an import of the 企业履约情况自查表 found: each enterprise read, each row paying below the
agreed floor (or at or below the statutory minimum) as a `Shortfall`, and the `ComplianceReport`
printed one line each (`FILE:Sheet!C7: 字段: message`) or as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ...base.figures import yuan
from ..agreement import Agreement
from .model import agreement_code

__all__ = ["ComplianceReport", "Enterprise", "Shortfall"]


@dataclass(frozen=True)
class Enterprise:
    name: str
    credit_code: str | None
    contact: str
    period_start: date
    period_end: date
    rows: int
    headcount: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "credit_code": self.credit_code,
            "contact": self.contact,
            "period": [self.period_start.isoformat(), self.period_end.isoformat()],
            "rows": self.rows,
            "headcount": self.headcount,
        }


@dataclass(frozen=True)
class Shortfall:
    """One row whose lowest pay is below the agreed floor (or at/below the legal minimum)."""

    location: str  # FILE:自查表!J9, the pay cell
    enterprise: str
    schedule: str
    level: str
    headcount: int
    pay: Decimal
    floor: Decimal
    shortfall: Decimal  # of the lowest earner, per month (per hour in a part-time row)
    minimum: Decimal  # the statutory minimum in force at the end of the period checked
    minimum_text: str
    # How many were paid below the floor and what they are owed together (issue 20 point 7).
    below: int | None = None
    owed_total: Decimal | None = None
    unit: str = "元/月"

    @property
    def label(self) -> str:
        return f"{self.schedule}·{self.level}" if self.schedule else self.level

    def line(self) -> str:
        unit = "元" if self.unit == "元/月" else "元/小时"
        text = (
            f"{self.location}: 实发最低工资: {self.enterprise} {self.label}（{self.headcount}人）"
            f"实发最低 {yuan(self.pay)} {unit}"
        )
        if self.pay < self.floor:
            text += f"，低于约定标准 {yuan(self.floor)} {unit}"
        text += f"，应补差额 {yuan(self.shortfall)} {self.unit}"
        if self.below and self.owed_total is not None:
            text += (
                f"；低于约定标准的 {self.below} 人应补差额合计 {yuan(self.owed_total)} {self.unit}"
            )
        if self.minimum and self.pay <= self.minimum:
            relation = "低于" if self.pay < self.minimum else "仅等于"
            text += (
                f"；且{relation}当地最低工资标准 {yuan(self.minimum)} {unit}（{self.minimum_text}）"
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "enterprise": self.enterprise,
            "schedule": self.schedule,
            "level": self.level,
            "headcount": self.headcount,
            "lowest_pay": yuan(self.pay),
            "floor": yuan(self.floor),
            "shortfall": yuan(self.shortfall),
            "below": self.below,
            "owed_total": None if self.owed_total is None else yuan(self.owed_total),
            "unit": self.unit,
            "minimum": yuan(self.minimum),
            "below_minimum": self.pay <= self.minimum,
            "message": self.line(),
        }


@dataclass
class ComplianceReport:
    file: str
    agreement: Agreement
    enterprises: list[Enterprise] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.shortfalls

    def summary(self) -> str:
        a = self.agreement
        which = f"合同：{a.display_title}（{agreement_code(a)}）"
        people = sum(e.headcount for e in self.enterprises)
        if self.ok:
            start = min(e.period_start for e in self.enterprises).isoformat()
            end = max(e.period_end for e in self.enterprises).isoformat()
            return (
                f"{self.file}: {len(self.enterprises)} 家企业、{self.rows} 行、共 {people} 人，"
                f"实发最低工资均不低于约定标准（自查期间 {start} 至 {end}）；{which}"
            )
        below = len(dict.fromkeys(s.enterprise for s in self.shortfalls))
        monthly = [s.owed_total for s in self.shortfalls if s.unit == "元/月" and s.owed_total]
        total = (
            f"，按月工资计应补差额合计 {yuan(sum(monthly, Decimal(0)))} 元/月" if monthly else ""
        )
        return (
            f"{self.file}: {len(self.enterprises)} 家企业中 {below} 家有技能人才实发工资低于约定标准"
            f"（{len(self.shortfalls)} 行）{total}，应补足差额；{which}"
        )

    def lines(self) -> list[str]:
        return [*(s.line() for s in self.shortfalls), self.summary()]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "agreement": agreement_code(self.agreement),
            "title": self.agreement.display_title,
            "ok": self.ok,
            "rows": self.rows,
            "enterprises": [e.to_json() for e in self.enterprises],
            "shortfalls": [s.to_json() for s in self.shortfalls],
            "summary": self.summary(),
        }
