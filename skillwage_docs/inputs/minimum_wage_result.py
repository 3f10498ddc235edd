"""What a minimum-wage lookup answers: the binding minimum (`Applicable`) with the doubts
(`Unconfirmed`) a union should check against the notice, and the areas checked provisionally."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..base.figures import cn_date, yuan
from .minimum_wage_areas import Provisional
from .minimum_wage_model import NATIONAL_EXCLUSIONS, UNKNOWN_SOURCE, Exclusions

__all__ = ["Applicable", "Unconfirmed"]


@dataclass(frozen=True)
class Unconfirmed:
    """A data row used in a lookup that nobody has checked against the official notice, or
    another reason to check the table (a figure in a lookup not confirmed; a stale table)."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.what}（{self.where}）"


@dataclass(frozen=True)
class Applicable:
    """The minimum an agreement must clear: the highest among the areas it covers."""

    province: str
    province_code: str
    effective: date
    # The issuing document's number, or 未查到.
    source: str
    seen_in: str | None
    monthly: Decimal
    monthly_class: str
    monthly_area: str
    # None when the hourly figure binding these areas is unknown ("?"): `hourly_unknown`
    # says which figure and where, so a check that needs it can fail naming the line.
    hourly: Decimal | None
    hourly_class: str | None
    hourly_area: str | None
    area_classes: Mapping[str, str]
    where: str
    unconfirmed: tuple[Unconfirmed, ...] = ()
    special: tuple[tuple[str, Decimal], ...] = ()
    exclusions: Exclusions = NATIONAL_EXCLUSIONS
    title: str | None = None
    url: str | None = None
    full_time_hourly: Decimal | None = None
    hourly_unknown: Unconfirmed | None = None
    # The mark of each figure used: {"effective": "V", "monthly": "V", "hourly": "S", …}.
    marks: Mapping[str, str] | None = None
    # Covered areas of unknown class, checked against the highest class for now.
    provisional: Provisional | None = None
    # The mark of the list row placing each area (None: checked provisionally; absent: the
    # province has one class).
    area_marks: Mapping[str, str | None] | None = None
    # A what-if proposal, not a notice (its source is the question).
    proposed: bool = False

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed

    @property
    def class_name(self) -> str:
        return self.monthly_class

    @property
    def area(self) -> str:
        return self.monthly_area

    @property
    def source_text(self) -> str:
        """The issuing document, or where the figure was seen when the document is unknown."""
        if self.proposed:
            return "拟议（what-if 假设，不是正式文件）"
        if self.source == UNKNOWN_SOURCE and (self.seen_in or self.url):
            return f"发文未查到，数字见{self.seen_in or self.url}"
        return self.source

    def describe(self, *, hourly: bool = False) -> str:
        """e.g. 山西省一类地区（阳泉市城区），2025年1月1日起执行，来源：… (printed in the papers
        and the self-check form, so the date is written as a Chinese text writes it)"""
        name = self.hourly_class if hourly and self.hourly_class else self.monthly_class
        area = self.hourly_area if hourly and self.hourly_area else self.monthly_area
        label = f"{name}地区" if name.endswith("类") else name
        place = label if area == name else f"{label}（{area}）"
        return f"{self.province}{place}，{cn_date(self.effective)}起执行，来源：{self.source_text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "province_code": self.province_code,
            "effective": self.effective.isoformat(),
            "monthly": yuan(self.monthly),
            "monthly_class": self.monthly_class,
            "monthly_area": self.monthly_area,
            "hourly": None if self.hourly is None else yuan(self.hourly),
            "hourly_class": self.hourly_class,
            "hourly_area": self.hourly_area,
            "hourly_unknown": None if self.hourly_unknown is None else str(self.hourly_unknown),
            "full_time_hourly": (
                None if self.full_time_hourly is None else yuan(self.full_time_hourly)
            ),
            "source": self.source_text,
            "document": None if self.source == UNKNOWN_SOURCE else self.source,
            "title": self.title,
            "url": self.url,
            "marks": dict(self.marks or {}),
            "where": self.where,
            "confirmed": self.confirmed,
            "unconfirmed": [str(item) for item in self.unconfirmed],
            "provisional": None if self.provisional is None else self.provisional.summary(),
            "exclusions": self.exclusions.model_dump(mode="json"),
        }
