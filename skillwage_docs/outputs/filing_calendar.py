"""Filing calendar: where each agreement stands and the dates that need attention now.

Named `filing_calendar` so it never shadows the standard library's `calendar`; each row's
events are `calendar_events.py`'s. The dates come
from `procedure` (the contract text quotes the same ones), the new local minimums within each
term from the build's records (`records.py`: the standards the build found within the term),
so the calendar never loads or looks anything up itself. A contract that was never filed is
未报送, never 已到期; nothing is reported as decided that no record in the context shows.
A contract that fails validation is still on the calendar: a figure problem must not hide a
filing deadline.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..base.errors import InputError
from ..base.publish import safe_output_path, write_atomic
from ..inputs.agreement import Agreement
from ..inputs.procedure import (
    FILING_DAYS,
    RENEGOTIATION_MONTHS,
    REVIEW_DAYS,
    FilingDates,
    State,
    Timeline,
    filing_dates,
    renewal,
    schedule,
    timeline,
)
from ..pipeline.records import AgreementRecord
from ..text.document import EXAMPLE_MARK
from .calendar_events import DUE_SOON_DAYS, FLAGGED, Event, events
from .prose import table_cell
from .publication import OutputBuilder, OutputResult, Publication

__all__ = [
    "CALENDAR_FILE",
    "DUE_SOON_DAYS",
    "FILING_DAYS",
    "RENEGOTIATION_MONTHS",
    "REVIEW_DAYS",
    "CalendarRow",
    "Event",
    "FilingDates",
    "calendar_builder",
    "calendar_json",
    "calendar_rows",
    "filing_dates",
    "format_calendar",
    "region_calendar",
    "render_calendar",
    "short_name",
]

_TITLE_SUFFIX = "技能人才最低工资集体合同"


@dataclass(frozen=True)
class CalendarRow:
    region: str
    slug: str
    title: str
    name: str  # the title without 技能人才最低工资集体合同, for the table
    example: bool
    state: State
    dates: FilingDates
    timeline: Timeline
    events: tuple[Event, ...]

    @property
    def attention(self) -> tuple[Event, ...]:
        """Events overdue, due within `DUE_SOON_DAYS`, or waiting for a record."""
        return tuple(e for e in self.events if e.status in FLAGGED)

    def event(self, key: str) -> Event:
        return next(e for e in self.events if e.key == key)

    def to_json(self) -> dict[str, Any]:
        d, t = self.dates, self.timeline
        return {
            "region": self.region,
            "slug": self.slug,
            "title": self.title,
            "example": self.example,
            "state": self.state.value,
            "signing_date": d.signing.isoformat(),
            "filing_deadline": d.filing_deadline.isoformat(),
            "filed_on": d.filed_on.isoformat() if d.filed_on else None,
            "review_deadline": d.review_deadline.isoformat(),
            "review_estimated": d.review_estimated,
            "effective": t.effective.isoformat() if t.effective else None,
            "effective_recorded": t.effective_recorded,
            "publication_due": t.publication_due.isoformat() if t.publication_due else None,
            "published": t.published.isoformat() if t.published else None,
            "annual_checks": [day.isoformat() for day in t.annual_checks],
            "adjustments": [
                {
                    "minimum_from": a.minimum_from.isoformat(),
                    "negotiate_by": a.negotiate_by.isoformat(),
                }
                for a in t.adjustments
            ],
            "start": d.start.isoformat(),
            "expiry": d.expiry.isoformat(),
            "renewal_deadline": d.renewal_deadline.isoformat(),
            "attention": bool(self.attention),
            "events": [e.to_json() for e in self.events],
        }


def short_name(agreement: Agreement) -> str:
    """阳泉市制造业技能人才最低工资集体合同 → 阳泉市制造业: every row is such a contract."""
    title = agreement.display_title
    return title.removesuffix(_TITLE_SUFFIX) or title


def calendar_rows(
    agreements: Iterable[Agreement],
    today: date | None = None,
    new_minimums: Iterable[Sequence[date]] | None = None,
) -> list[CalendarRow]:
    """One row per agreement, its events flagged against `today` (default: today).

    `new_minimums`, one per agreement: the effective dates of the local minimums that start
    within its term (None: not known, and the adjustment column says "—")."""
    day = today if today is not None else date.today()
    items = list(agreements)
    dates = [None] * len(items) if new_minimums is None else list(new_minimums)
    rows = []
    for agreement, minimums in zip(items, dates, strict=True):
        t = timeline(agreement, list(minimums or ()))
        state = t.state(day)
        rows.append(
            CalendarRow(
                agreement.region.code,
                agreement.slug,
                agreement.display_title,
                short_name(agreement),
                agreement.example,
                state,
                t.filing,
                t,
                events(
                    t,
                    state,
                    day,
                    "—" if minimums is None else "",
                    schedule(agreement, today=day),
                    renewal(agreement),
                ),
            )
        )
    return rows


def region_calendar(records: Sequence[AgreementRecord], today: date) -> list[CalendarRow]:
    """The calendar rows of a region's records (a contract that failed validation is on it too:
    its dates still fall due)."""
    return calendar_rows(
        (record.agreement for record in records),
        today,
        ([standard.effective for standard in record.later] for record in records),
    )


CALENDAR_FILE = "calendar.md"  # OUT/<region>/calendar.md


def write_calendars(publication: Publication) -> OutputResult:
    """`out/<region>/calendar.md` of each region of the build, counted from `publication.today`,
    written under the build lock; `data` holds the rows by region for the terminal."""
    result = OutputResult("calendar", data={})
    for region, records in publication.by_region():
        rows = region_calendar(records, publication.today)
        result.data[region] = rows
        path = safe_output_path(publication.out, region, CALENDAR_FILE)
        write_atomic(path, format_calendar(rows, publication.today).encode("utf-8"))
        result.written.append(path)
    return result


calendar_builder = OutputBuilder("calendar", "备案日历", write_calendars)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


_COLUMNS = (
    ("offer", "要约"),
    ("reply", "应约"),
    ("meeting", "协商"),
    ("assembly", "审议"),
    ("signing", "签订"),
    ("filing", "报送期限"),
    ("review", "审查期满"),
    ("effective", "生效"),
    ("publication", "公布提醒"),
    ("annual", "年度履约检查"),
    ("adjustment", "最低工资调整后协商"),
    ("renegotiation", "启动续订协商"),
    ("expiry", "合同到期"),
)
_LEGEND = (
    "说明：要约、应约、协商（最后一次协商会议）、审议（最后一次职工代表大会或职工大会）为录入的日期，"
    "未录入的为“—”；尚未签订、未录入要约的，要约一栏是从目标生效日期（合同起始日期）倒推的要约最迟日期，"
    "按时间表不能在目标日期生效的，提示栏写明晚几日和第一个晚于最迟日期的步骤（工作时间表）；未应约的，应约期限为收到要约后二十日（《集体合同规定》第三十二条）；"
    "报送期限为签订后十日（《集体合同规定》第四十二条）；审查期满为收到后十五日（第四十五条、"
    "第四十七条）；生效为录入的生效日期，或录入审查无异议后按报送日起十五日推算（《劳动合同法》"
    "第五十四条）；公布提醒为生效后十五日（第四十八条与合同只要求生效后“及时”公布，十五日是本表的提醒，不是法定期限）；年度履约检查为每个合同年度末；"
    "最低工资调整后协商为新标准施行后一个月内；启动续订协商为期满前三个月（晋人社厅函〔2024〕1185号），按工作时间表从期满次日倒推的要约日期更早的，取更早的日期。"
    "未报送的合同没有生效，期限过后标“期限已过”而不是“已到期”。"
)


def _state_text(row: CalendarRow, today: date) -> str:
    if row.state is State.未报送 and row.dates.expiry < today:
        return "未报送（期限已过）"
    if row.state is State.审查中 and row.dates.review_deadline < today:
        return "审查中（期满未录入结果）"
    return row.state.value


def format_calendar(rows: Sequence[CalendarRow], today: date | None = None) -> str:
    """A Markdown table, padded so it also reads as plain text in a terminal."""
    day = today if today is not None else date.today()
    examples = [row.example for row in rows]
    mixed = any(examples) and not all(examples)
    header = ["合同", "状态", *(label for _, label in _COLUMNS), "提示"]
    table = [header]
    for row in rows:
        notes = "；".join(e.note for e in row.attention if e.note)
        name = f"【示例】{row.name}" if mixed and row.example else row.name
        cells = [row.event(key).cell for key, _ in _COLUMNS]
        table.append([table_cell(c) for c in (name, _state_text(row, day), *cells, notes)])
    widths = [max(_width(line[i]) for line in table) for i in range(len(header))]
    lines = [
        "| " + " | ".join(_pad(c, w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in table
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    flagged = sum(1 for row in rows if row.attention)
    intro = (
        f"截至 {day.isoformat()}：{len(rows)} 份合同，{flagged} 份有逾期、{DUE_SOON_DAYS} 日内到期"
        "或待录入的事项。"
    )
    head = [intro]
    if all(examples) and rows:
        head.insert(0, f"{EXAMPLE_MARK}：以下合同均为示例，单位、日期均为虚构，不是已签订的合同。")
    elif mixed:
        head.insert(0, f"{EXAMPLE_MARK}：标“【示例】”的合同为示例，其日期均为虚构。")
    # A blank line between the intro's sentences: each is a paragraph in Markdown too.
    return "\n\n".join(head) + "\n\n" + "\n".join([*lines, "", _LEGEND]) + "\n"


def calendar_json(rows: Sequence[CalendarRow], today: date | None = None) -> str:
    day = today if today is not None else date.today()
    data = {
        "today": day.isoformat(),
        "due_soon_days": DUE_SOON_DAYS,
        "example_mark": EXAMPLE_MARK if any(row.example for row in rows) else None,
        "agreements": [row.to_json() for row in rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_calendar(rows: Sequence[CalendarRow], today: date, fmt: str = "text") -> str:
    """A region's calendar as the CLI prints it: a text (Markdown) table or JSON."""
    if fmt not in ("text", "json"):
        raise InputError(f"未知格式 {fmt!r}（可选：text、json）")
    return format_calendar(rows, today) if fmt == "text" else calendar_json(rows, today)
