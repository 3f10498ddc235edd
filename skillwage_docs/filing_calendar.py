"""Filing calendar: the dates the law attaches to each agreement, and which need attention now.

Named `filing_calendar` so it never shadows the standard library's `calendar`. The contract's
附则 quotes the same dates (`compose` calls `filing_dates`), so the text and the calendar
cannot disagree.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from .agreement import Agreement, load_agreements
from .errors import InputError
from .figures import add_months

__all__ = [
    "DUE_SOON_DAYS",
    "FILING_DAYS",
    "RENEGOTIATION_MONTHS",
    "REVIEW_DAYS",
    "CalendarRow",
    "Event",
    "FilingDates",
    "calendar_json",
    "calendar_rows",
    "filing_calendar",
    "filing_dates",
    "format_calendar",
    "render_calendar",
]

# 《集体合同规定》第四十二条: the signed contract is sent for review and filing within 10 days.
FILING_DAYS = 10
# 《集体合同规定》第四十五条 and 《劳动合同法》第五十四条: the labour authority has 15 days from
# receipt to object; without an objection the contract is in force.
REVIEW_DAYS = 15
# 晋人社厅函〔2024〕1185号: renegotiation starts 3 months before expiry (《集体合同规定》第三十八条
# lets either side ask for it within those 3 months).
RENEGOTIATION_MONTHS = 3
# A date within this many days of `today` is flagged as coming up.
DUE_SOON_DAYS = 90

# done: the step is recorded; overdue / due_soon: past, or within DUE_SOON_DAYS, and not
# recorded; later: further off; pending: waits on an earlier step (the review on the filing).
Status = Literal["done", "overdue", "due_soon", "later", "pending"]
_STATUS_TEXT = {
    "done": "已办",
    "overdue": "已过",
    "due_soon": f"{DUE_SOON_DAYS}日内",
    "later": "",
    "pending": "待报送",
}


@dataclass(frozen=True)
class FilingDates:
    """The legal dates of one agreement; `review_deadline` counts from the recorded filing
    date, or (`review_estimated`) from the filing deadline while no filing is recorded."""

    signing: date
    filing_deadline: date
    filed_on: date | None
    review_deadline: date
    review_estimated: bool
    start: date
    expiry: date
    renegotiation_start: date


def filing_dates(agreement: Agreement) -> FilingDates:
    """The one place these dates are computed (the contract text and the calendar share it)."""
    filing_deadline = agreement.signing_date + timedelta(days=FILING_DAYS)
    filed_on = agreement.filing.filed_on if agreement.filing is not None else None
    review_from = filed_on if filed_on is not None else filing_deadline
    return FilingDates(
        signing=agreement.signing_date,
        filing_deadline=filing_deadline,
        filed_on=filed_on,
        review_deadline=review_from + timedelta(days=REVIEW_DAYS),
        review_estimated=filed_on is None,
        start=agreement.term.start,
        expiry=agreement.term.end,
        renegotiation_start=add_months(agreement.term.end, -RENEGOTIATION_MONTHS),
    )


@dataclass(frozen=True)
class Event:
    key: str  # signing | filing | review | renegotiation | expiry
    label: str
    on: date
    status: Status
    note: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "label": self.label,
            "date": self.on.isoformat(),
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True)
class CalendarRow:
    region: str
    slug: str
    title: str
    dates: FilingDates
    events: tuple[Event, ...]

    @property
    def attention(self) -> tuple[Event, ...]:
        """Events past due or due within `DUE_SOON_DAYS`."""
        return tuple(e for e in self.events if e.status in ("overdue", "due_soon"))

    def event(self, key: str) -> Event:
        return next(e for e in self.events if e.key == key)

    def to_json(self) -> dict[str, Any]:
        d = self.dates
        return {
            "region": self.region,
            "slug": self.slug,
            "title": self.title,
            "signing_date": d.signing.isoformat(),
            "filing_deadline": d.filing_deadline.isoformat(),
            "filed_on": d.filed_on.isoformat() if d.filed_on else None,
            "review_deadline": d.review_deadline.isoformat(),
            "review_estimated": d.review_estimated,
            "start": d.start.isoformat(),
            "expiry": d.expiry.isoformat(),
            "renegotiation_start": d.renegotiation_start.isoformat(),
            "attention": bool(self.attention),
            "events": [e.to_json() for e in self.events],
        }


def _status(on: date, today: date) -> Status:
    if on < today:
        return "overdue"
    if on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "later"


def _events(agreement: Agreement, d: FilingDates, today: date) -> tuple[Event, ...]:
    filing = agreement.filing
    events: list[Event] = []
    # The signing date is a fact, not a deadline: never flagged.
    events.append(Event("signing", "签订", d.signing, "done" if d.signing <= today else "later"))

    if d.filed_on is not None:
        late = (d.filed_on - d.filing_deadline).days
        note = f"已于{d.filed_on.isoformat()}报送" + (f"，逾期{late}日" if late > 0 else "")
        events.append(Event("filing", "报送审查备案期限", d.filing_deadline, "done", note))
    else:
        status = _status(d.filing_deadline, today)
        note = {
            "overdue": "逾期未报送审查、备案（《集体合同规定》第四十二条）",
            "due_soon": "签订后十日内报送审查、备案",
        }.get(status, "")
        events.append(Event("filing", "报送审查备案期限", d.filing_deadline, status, note))

    if filing is not None and filing.outcome != "审查中":
        note = f"审查结果：{filing.outcome}"
        events.append(Event("review", "审查期满", d.review_deadline, "done", note))
    elif filing is not None and d.review_deadline < today:
        # 《劳动合同法》第五十四条: no objection within 15 days → in force; nothing is late.
        note = "审查期已满，未记录异议，依法视为生效"
        events.append(Event("review", "审查期满", d.review_deadline, "done", note))
    elif filing is None:
        # Counted from the filing deadline; the filing event carries any flag.
        events.append(Event("review", "审查期满", d.review_deadline, "pending", "按报送期限推算"))
    else:
        status = _status(d.review_deadline, today)
        events.append(Event("review", "审查期满", d.review_deadline, status, "审查中"))

    status = _status(d.renegotiation_start, today)
    note = {
        "overdue": "应已启动续订协商（晋人社厅函〔2024〕1185号）",
        "due_soon": "即将启动续订协商",
    }.get(status, "")
    if d.expiry < today:
        # Past expiry the renegotiation date is moot; the expiry event carries the flag.
        status, note = "overdue", ""
    events.append(Event("renegotiation", "启动续订", d.renegotiation_start, status, note))

    status = _status(d.expiry, today)
    note = {"overdue": "合同已到期，须重新协商订立", "due_soon": "合同即将到期"}.get(status, "")
    events.append(Event("expiry", "合同到期", d.expiry, status, note))
    return tuple(events)


def calendar_rows(agreements: Iterable[Agreement], today: date | None = None) -> list[CalendarRow]:
    """One row per agreement, its events flagged against `today` (default: today)."""
    day = today if today is not None else date.today()
    rows = []
    for agreement in agreements:
        d = filing_dates(agreement)
        rows.append(
            CalendarRow(
                agreement.region.code,
                agreement.slug,
                agreement.display_title,
                d,
                _events(agreement, d, day),
            )
        )
    return rows


def filing_calendar(contexts: Path, region: str, today: date | None = None) -> list[CalendarRow]:
    """The calendar of every agreement of a region (loaded, not validated: a figure problem
    must not hide a filing deadline)."""
    loaded = load_agreements(contexts, region)
    return calendar_rows((item.agreement for item in loaded), today)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cell(event: Event) -> str:
    mark = "" if event.key == "signing" else _STATUS_TEXT[event.status]
    return f"{event.on.isoformat()}（{mark}）" if mark else event.on.isoformat()


_COLUMNS = ("signing", "filing", "review", "renegotiation", "expiry")


def format_calendar(rows: Sequence[CalendarRow], today: date | None = None) -> str:
    """A Markdown table, padded so it also reads as plain text in a terminal."""
    header = [
        "合同",
        "签订日期",
        "报送审查备案期限",
        "审查期满",
        "启动续订协商",
        "合同到期",
        "提示",
    ]
    table = [header]
    for row in rows:
        notes = "；".join(e.note for e in row.attention if e.note)
        table.append([row.slug, *(_cell(row.event(key)) for key in _COLUMNS), notes])
    widths = [max(_width(line[i]) for line in table) for i in range(len(header))]
    lines = [
        "| " + " | ".join(_pad(c, w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in table
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    day = today if today is not None else date.today()
    flagged = sum(1 for row in rows if row.attention)
    intro = (
        f"截至 {day.isoformat()}：{len(rows)} 份合同，{flagged} 份有已过期限或 "
        f"{DUE_SOON_DAYS} 日内到期的事项。"
    )
    return "\n".join([intro, "", *lines]) + "\n"


def calendar_json(rows: Sequence[CalendarRow], today: date | None = None) -> str:
    day = today if today is not None else date.today()
    data = {
        "today": day.isoformat(),
        "due_soon_days": DUE_SOON_DAYS,
        "agreements": [row.to_json() for row in rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_calendar(
    contexts: Path, region: str, *, today: date | None = None, fmt: str = "text"
) -> str:
    """The CLI's one call: the region's calendar as a text table or JSON."""
    if fmt not in ("text", "json"):
        raise InputError(f"未知格式 {fmt!r}（可选：text、json）")
    day = today if today is not None else date.today()
    rows = filing_calendar(contexts, region, day)
    return format_calendar(rows, day) if fmt == "text" else calendar_json(rows, day)
