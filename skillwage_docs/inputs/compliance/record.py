"""The import of the self-check forms as the yearly 履约检查 record (issue 21 point 10): a
`ComplianceReport` summed per enterprise into the `procedure.inspections` entry the union's
check report (kind `inspection`) reads, printed as YAML to paste into the agreement's file —
the import never edits a context."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import yaml

from ..papers import Inspection, Underpaid
from .report import ComplianceReport, Shortfall

__all__ = ["inspection_record", "inspection_yaml"]


def _owed(shortfall: Shortfall) -> Decimal:
    """What the row's workers are owed a month: their total where the form gives it, else the
    lowest earner's shortfall for each worker counted below the floor (at least one)."""
    if shortfall.owed_total is not None:
        return shortfall.owed_total
    return shortfall.shortfall * (shortfall.below or 1)


def _underpaid(shortfalls: Iterable[Shortfall]) -> list[Underpaid]:
    """The monthly shortfalls summed per enterprise, in the order the form lists them (an
    hourly row's shortfall is per hour and is not added to a monthly sum)."""
    totals: dict[str, tuple[int, Decimal]] = {}
    for s in shortfalls:
        if s.unit != "元/月":
            continue
        workers, owed = totals.get(s.enterprise, (0, Decimal(0)))
        totals[s.enterprise] = (workers + (s.below or s.headcount), owed + _owed(s))
    return [Underpaid(enterprise=e, workers=w, owed=o) for e, (w, o) in totals.items() if o > 0]


def inspection_record(report: ComplianceReport, on: date) -> Inspection:
    """The 履约检查 record of one import, dated `on` (the day of the check)."""
    enterprises = report.enterprises
    start = min(e.period_start for e in enterprises)
    end = max(e.period_end for e in enterprises)
    return Inspection(
        year=end.year,
        on=on,
        period=(start, end),
        enterprises=len(enterprises),
        workers=sum(e.headcount for e in enterprises),
        underpaid=_underpaid(report.shortfalls),
        source=PurePath(report.file).name,  # the workbook's name, never this machine's path
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def inspection_yaml(record: Inspection) -> str:
    """The record as the lines to add under `procedure:` (YAML, two-space indented)."""
    data = {"inspections": [_plain(record.model_dump(mode="python"))]}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return "".join(f"  {line}\n" for line in text.splitlines())
