"""Per-agreement summary of what a minimum-wage table breaks: how far below, how much to raise, from when.

Built from the findings' structured fields (`figure`, `limit`, `rule`) and the standards that
bind the agreement, never from message text, so a reworded message cannot change a figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ..base.figures import yuan
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import Applicable, MinimumWageTable
from .findings import Finding
from .rules_wages import (
    base_wage_above_minimum,
    hourly_above_minimum,
    later_minimums,
    monthly_above_minimum,
)

__all__ = ["AgreementSummary", "Shortfall", "summarise"]

# Wages are agreed in whole yuan a month and in jiao an hour (the tables' own precision).
MONTHLY_STEP = Decimal("1")
HOURLY_STEP = Decimal("0.1")
BASE_WAGE_LABEL = "不含技能津贴的基本工资"

_BASE_WAGE = base_wage_above_minimum.__name__
_AT_START_MONTHLY = {monthly_above_minimum.__name__, _BASE_WAGE}
_AT_START_HOURLY = {hourly_above_minimum.__name__}
_LATER = later_minimums.__name__


@dataclass(frozen=True)
class Shortfall:
    """The lowest figure of one unit (monthly or hourly) against the highest minimum it fails."""

    unit: str  # "monthly" | "hourly"
    lowest: Decimal
    lowest_label: str
    lowest_field: str
    minimum: Decimal
    binds_from: date
    standard: str  # the description of the standard setting `minimum` (Applicable.describe)

    @property
    def target(self) -> Decimal:
        """The smallest figure strictly above the minimum at the unit's precision: 人社厅发
        〔2024〕51号 asks for 高于 (higher than) the local minimum, so equal is not enough."""
        step = MONTHLY_STEP if self.unit == "monthly" else HOURLY_STEP
        return ((self.minimum / step).to_integral_value(ROUND_FLOOR) + 1) * step

    @property
    def rise(self) -> Decimal:
        """How much the lowest figure (and so every figure at or below the target) must rise."""
        return self.target - self.lowest

    def to_json(self) -> dict[str, Any]:
        return {
            "lowest": yuan(self.lowest),
            "lowest_label": self.lowest_label,
            "lowest_field": self.lowest_field,
            "minimum": yuan(self.minimum),
            "target": yuan(self.target),
            "rise": yuan(self.rise),
            "binds_from": self.binds_from.isoformat(),
            "standard": self.standard,
        }


@dataclass(frozen=True)
class AgreementSummary:
    """One agreement under a (proposed) table: its breaches and what compliance takes."""

    key: str
    subject: str
    breaches: int
    monthly: Shortfall | None
    hourly: Shortfall | None
    # The standards the figures were checked against (in force at the start, then later ones
    # within the term): their descriptions are the sentences a report prints once as footnotes.
    standards: tuple[Applicable, ...]

    @property
    def binds_from(self) -> date | None:
        """The first day a figure falls at or below a minimum."""
        dates = [s.binds_from for s in (self.monthly, self.hourly) if s is not None]
        return min(dates) if dates else None

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "breaches": self.breaches,
            "binds_from": None if self.binds_from is None else self.binds_from.isoformat(),
            "monthly": None if self.monthly is None else self.monthly.to_json(),
            "hourly": None if self.hourly is None else self.hourly.to_json(),
        }


@dataclass(frozen=True)
class _Hit:
    unit: str
    figure: Decimal
    limit: Decimal
    label: str
    field: str
    since: date
    standard: str


def _classify(
    finding: Finding, start: Applicable, later: Sequence[Applicable], term_start: date
) -> _Hit | None:
    """Which minimum (unit and date) a finding is about, from its rule and its limit."""
    figure, limit = finding.figure, finding.limit
    if figure is None or limit is None:
        return None
    unit, std = "", start
    if finding.rule in _AT_START_MONTHLY:
        unit = "monthly"
    elif finding.rule in _AT_START_HOURLY:
        unit = "hourly"
    elif finding.rule == _LATER:
        # later_minimums sets `limit` to the later standard's own figure; the first standard
        # with that figure is the day the figure is caught up with.
        for std in later:
            if std.monthly == limit:
                unit = "monthly"
            elif std.hourly is not None and std.hourly == limit:
                unit = "hourly"
            if unit:
                break
    if not unit:
        return None
    # The standard in force at the start binds from the first day of the term.
    since = max(term_start, std.effective)
    # The base wage of the allowance form has no level label; say what the figure is.
    label = finding.label or (BASE_WAGE_LABEL if finding.field == "base_wage" else "")
    description = std.describe(hourly=unit == "hourly")
    return _Hit(unit, figure, limit, label, finding.field, since, description)


def _shortfall(unit: str, hits: Iterable[_Hit]) -> Shortfall | None:
    mine = [hit for hit in hits if hit.unit == unit]
    if not mine:
        return None
    low = min(mine, key=lambda hit: (hit.figure, hit.since))
    high = max(mine, key=lambda hit: (hit.limit, -hit.since.toordinal()))
    return Shortfall(
        unit=unit,
        lowest=low.figure,
        lowest_label=low.label,
        lowest_field=low.field,
        minimum=high.limit,
        binds_from=min(hit.since for hit in mine),
        standard=high.standard,
    )


def summarise(
    key: str,
    loaded: LoadedAgreement,
    breaches: Sequence[Finding],
    start: Applicable,
    table: MinimumWageTable,
) -> AgreementSummary:
    """Summarise one agreement's breaches; `start` is the standard in force on its first day
    (`Report.standards[slug]`), later ones within the term are looked up in `table`."""
    agreement = loaded.agreement
    later = table.later_changes(
        agreement.region.province_code,
        agreement.covered_areas,
        agreement.term.start,
        agreement.term.end,
    )
    hits = [
        hit
        for finding in breaches
        if (hit := _classify(finding, start, later, agreement.term.start)) is not None
    ]
    return AgreementSummary(
        key=key,
        subject=agreement.subject,
        breaches=len(breaches),
        monthly=_shortfall("monthly", hits),
        hourly=_shortfall("hourly", hits),
        standards=(start, *later),
    )
