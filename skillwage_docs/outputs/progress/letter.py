"""The progress report as a `Document`: templates/guides/progress.md.j2 rendered with the
report's figures and parsed by the same clause parser as every paper, so the format writers lay
it out as they lay out the papers (the 公文 layout included, once the layouts have it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from markupsafe import Markup

from ...text.compose import parse_clauses
from ...text.environment import TEMPLATES, clause_environment
from ...text.packet import blank_token
from ..filing_calendar import short_name
from .figures import STAGES, ProgressRow, Totals, totals

__all__ = ["TEMPLATE", "Report", "report_document"]

TEMPLATE = "progress.md.j2"


@dataclass(frozen=True)
class Report:
    """One report: the area it covers (a region, or several summed), whom it goes to."""

    area: str
    rows: tuple[ProgressRow, ...]
    sender: str
    addressee: str
    copies: tuple[str, ...]
    today: date
    cites_1185: bool
    regions: tuple[tuple[str, Totals], ...] = ()  # per region, when it sums several

    @property
    def totals(self) -> Totals:
        return totals(self.rows)

    @property
    def example(self) -> bool:
        return bool(self.rows) and all(row.example for row in self.rows)


@dataclass(frozen=True)
class _Shown:
    """A row as the letter prints it: its short name beside the figures."""

    row: ProgressRow
    short: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def _context(report: Report, names: dict[str, str]) -> dict[str, Any]:
    shown = [_Shown(row, names[row.slug]) for row in report.rows]
    ratios = [row.ratio for row in report.rows]
    sources = list(dict.fromkeys(row.minimum_source for row in report.rows))
    return {
        "blank": False,
        "area": report.area,
        "addressee": report.addressee,
        "sender": report.sender,
        "copies": list(report.copies),
        "today": report.today,
        "t": report.totals,
        "stages": STAGES,
        "regions": list(report.regions),
        "rows": shown,
        "low_ratio": min(ratios) if ratios else "—",
        "high_ratio": max(ratios) if ratios else "—",
        "sources": sources,
        "unconfirmed": [s.short for s in shown if not s.minimum_confirmed],
        "points": [s for s in shown if s.key_point],
        "overdue": [s for s in shown if s.overdue],
        "fill_line": lambda: Markup(blank_token(99)),
        "cites_1185": report.cites_1185,
    }


def report_document(report: Report, names: dict[str, str] | None = None) -> Any:
    """The letter as a Document; `names`: each agreement's short name by slug."""
    shown = names or {row.slug: row.title for row in report.rows}
    env = clause_environment(TEMPLATES / "guides")
    markup = env.get_template(TEMPLATE).render(**_context(report, shown))
    meta = {"kind": "progress", "author": report.sender, "date": report.today.isoformat()}
    if report.example:
        meta["example"] = "true"
    return parse_clauses(markup, meta=meta)


def with_names(report: Report, records: Sequence[Any]) -> dict[str, str]:
    """Short names (阳泉市制造业) for the letter's tables."""
    return {record.agreement.slug: short_name(record.agreement) for record in records}


def summed(reports: Sequence[Report], area: str) -> Report:
    """One report over several regions' reports, as a city sums its counties."""
    first = reports[0]
    rows = tuple(row for report in reports for row in report.rows)
    return replace(
        first,
        area=area,
        rows=rows,
        regions=tuple((report.area, report.totals) for report in reports),
    )
