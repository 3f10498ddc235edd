"""What the guides print (issue 21 points 12, 13, 15): the timetable counted back from the target
(`inputs.procedure.schedule`, the dates the filing calendar uses too), the review points a
人社局 reviewer works through (《集体合同规定》第四十四条: 主体资格、协商程序、内容) with what the
record says of each, and the worker's enforcement sheet.

Built on `papers.papers_context`; in the blank form nothing recorded is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..inputs.agreement import Agreement, wage_figures
from ..inputs.bargaining import Procedure
from ..inputs.minimum_wage import Applicable
from ..inputs.procedure import latest_effective, renewal, schedule, timeline
from .papers import papers_context

__all__ = ["YearRow", "guides_context", "work_years"]


@dataclass(frozen=True)
class YearRow:
    """One contract year's work after effect: the enterprises' reports on the year before (by
    the end of `report_month`), the yearly check, the yearly wage round."""

    year: int
    report_by: date | None  # None: the first year has no year before it to report on
    check_by: date


def work_years(agreement: Agreement) -> list[YearRow]:
    """The yearly duties of the term: a check by each contract year's last day
    (`Timeline.annual_checks`), and the report on the calendar year before by the end of
    `report_month` of each year the contract is in force after its first; none after a
    recorded dissolution."""
    times = timeline(agreement)
    reports = {day.year: day for day in times.reports}
    rows = []
    for check in times.annual_checks:
        if check > times.ends:
            break  # dissolved before this contract year ended
        rows.append(YearRow(check.year, reports.get(check.year), check))
    return rows


def _share(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.1'))}%"


def _overlap(agreement: Agreement) -> tuple[str, ...]:
    """The names on both sides' lists (《集体合同规定》第二十四条: nobody represents both)."""
    lists = agreement.procedure.representatives
    if lists.worker is None or lists.employer is None:
        return ()
    workers = {member.name for member in lists.worker.members}
    return tuple(m.name for m in lists.employer.members if m.name in workers)


def guides_context(agreement: Agreement, minimum: Applicable, blank: bool) -> dict[str, Any]:
    """The papers' context and what the guides add to it."""
    context = papers_context(agreement, minimum, blank)
    recorded = agreement if not blank else agreement.model_copy(update={"procedure": Procedure()})
    monthly = [
        amount
        for key, amount in wage_figures(agreement).items()
        if key.endswith("·月") and not key.startswith(("高级专技", "基本工资"))
    ]
    return {
        **context,
        "schedule": schedule(recorded),
        "renewal": renewal(recorded),
        "work_years": work_years(recorded),
        "overlap": _overlap(recorded),
        "share": _share,
        "lowest_figure": min(monthly),
        "minimum_confirmed": minimum.confirmed,
        "unconfirmed_rows": minimum.unconfirmed,
        "term_years": (agreement.term.end - agreement.term.start).days / 365.25,
        "review_due": timeline(recorded).filing.review_deadline,
        "latest_effect": latest_effective(agreement.signing_date),
    }
