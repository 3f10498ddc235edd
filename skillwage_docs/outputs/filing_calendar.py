"""Filing calendar: where each agreement stands and the dates that need attention now.

Named `filing_calendar` so it never shadows the standard library's `calendar`. The dates come
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
from datetime import date, timedelta
from typing import Any, Literal

from ..base.errors import InputError
from ..base.publish import safe_output_path, write_atomic
from ..inputs.agreement import Agreement
from ..inputs.procedure import (
    FILING_DAYS,
    RENEGOTIATION_MONTHS,
    REPLY_DAYS,
    REVIEW_DAYS,
    FilingDates,
    State,
    Timeline,
    filing_dates,
    timeline,
)
from ..pipeline.records import AgreementRecord
from ..text.document import EXAMPLE_MARK
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

# A date within this many days of `today` is flagged as coming up.
DUE_SOON_DAYS = 90
_TITLE_SUFFIX = "技能人才最低工资集体合同"

# done: recorded; overdue: a deadline passed without a record; due_soon: within DUE_SOON_DAYS;
# open: something to record now (a review period ran out, a publication is due); later: further
# off; pending: waits on an earlier step; past: gone by, and nothing is recorded about it either
# way (a yearly check, a renegotiation of a contract not in force) — shown, never flagged.
Status = Literal["done", "overdue", "due_soon", "open", "later", "pending", "past"]
_FLAGGED = ("overdue", "due_soon", "open")
_MARK = {
    "done": "已办",
    "overdue": "逾期",
    "due_soon": f"{DUE_SOON_DAYS}日内",
    "open": "待录入",
    "later": "",
    "pending": "",
    "past": "已过",
}


@dataclass(frozen=True)
class Event:
    # offer|reply|meeting|assembly|signing|filing|review|effective|publication|annual|
    # adjustment|renegotiation|expiry
    key: str
    label: str
    on: date | None
    status: Status
    note: str = ""
    mark: str | None = None  # the cell's mark, when not the status's usual one

    @property
    def cell(self) -> str:
        mark = _MARK[self.status] if self.mark is None else self.mark
        if self.on is None:
            return mark or "—"
        return f"{self.on.isoformat()}（{mark}）" if mark else self.on.isoformat()

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "date": self.on.isoformat() if self.on is not None else None,
            "status": self.status,
            "note": self.note,
        }


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
        return tuple(e for e in self.events if e.status in _FLAGGED)

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


def _status(on: date, today: date) -> Status:
    if on < today:
        return "overdue"
    if on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "later"


def _upcoming(on: date, today: date) -> Status:
    """For dates nobody records as done (a yearly check): past ones are only 'past'."""
    status = _status(on, today)
    return "past" if status == "overdue" else status


def _filing(t: Timeline, today: date) -> Event:
    d = t.filing
    label = "报送审查备案期限"
    if d.filed_on is not None:
        late = (d.filed_on - d.filing_deadline).days
        note = f"已于{d.filed_on.isoformat()}报送" + (f"，逾期{late}日" if late > 0 else "")
        return Event("filing", label, d.filing_deadline, "done", note)
    if d.signing > today:
        return Event("filing", label, d.filing_deadline, "later")
    status = _status(d.filing_deadline, today)
    note = {
        "overdue": "逾期未报送审查、备案（《集体合同规定》第四十二条）",
        "due_soon": "签订后十日内报送审查、备案",
    }.get(status, "")
    return Event("filing", label, d.filing_deadline, status, note)


def _review(t: Timeline, today: date) -> Event:
    d, label = t.filing, "审查期满"
    if t.review is not None:
        # The only place an outcome is named, and it names its record.
        note = f"审查结果：{t.review.outcome}（{t.review.record}）"
        return Event("review", label, d.review_deadline, "done", note)
    if d.filed_on is None:
        return Event("review", label, d.review_deadline, "pending", "按报送期限推算", "待报送")
    if d.review_deadline >= today:
        return Event(
            "review", label, d.review_deadline, _status(d.review_deadline, today), "审查中"
        )
    note = "审查期已满，未录入审查结果（procedure.review）"
    return Event("review", label, d.review_deadline, "open", note)


def _effective(t: Timeline, state: State, today: date) -> Event:
    label = "生效"
    if t.effective is not None:
        note = "" if t.effective_recorded else "审查无异议，按报送日起十五日推算"
        status: Status = "done" if t.effective <= today else "later"
        return Event(
            "effective",
            label,
            t.effective,
            status,
            note,
            mark="已生效" if status == "done" else None,
        )
    mark = {State.有异议: "有异议", State.审查中: "未录入"}.get(state, "未生效")
    return Event("effective", label, None, "pending", mark=mark)


def _publication(t: Timeline, today: date) -> Event:
    label = "公布提醒"
    if t.published is not None:
        return Event(
            "publication", label, t.publication_due, "done", f"已于{t.published.isoformat()}公布"
        )
    if t.publication_due is None or t.effective is None:
        return Event("publication", label, None, "pending")
    if t.effective > today:
        return Event("publication", label, t.publication_due, "later")
    status = _status(t.publication_due, today)
    note = "已生效，应及时向全体职工公布（《集体合同规定》第四十八条），未录入公布日期"
    return Event("publication", label, t.publication_due, status, note)


def _annual(t: Timeline, state: State, today: date) -> Event:
    label = "年度履约检查"
    upcoming = [day for day in t.annual_checks if day >= today]
    if state is State.审查中 and upcoming:
        # In force by law once 15 days pass without objection, but not on record: the date is
        # shown, the flag waits for the record (the review event asks for it).
        return Event("annual", label, upcoming[0], "pending")
    if state is not State.生效:
        # Not in force (or no longer): no check is due.
        return Event("annual", label, None, "pending")
    if not upcoming:
        return Event("annual", label, t.annual_checks[-1] if t.annual_checks else None, "past")
    status = _upcoming(upcoming[0], today)
    note = "合同约定每年至少开展一次履约检查" if status == "due_soon" else ""
    return Event("annual", label, upcoming[0], status, note)


def _adjustment(t: Timeline, state: State, today: date, lookup: str) -> Event:
    label = "最低工资调整后协商"
    if lookup:
        return Event("adjustment", label, None, "pending", mark=lookup)
    if not t.adjustments:
        return Event("adjustment", label, None, "past", mark="期内无调整")
    upcoming = [a for a in t.adjustments if a.negotiate_by >= today]
    chosen = upcoming[0] if upcoming else t.adjustments[-1]
    status = _upcoming(chosen.negotiate_by, today) if state is State.生效 else "pending"
    note = (
        f"当地最低工资标准{chosen.minimum_from.isoformat()}起调整，"
        "合同约定一个月内协商调整（按施行日推算）"
        if status == "due_soon"
        else ""
    )
    return Event("adjustment", label, chosen.negotiate_by, status, note)


def _renegotiation(t: Timeline, state: State, today: date) -> Event:
    d, label = t.filing, "启动续订协商"
    if d.dissolved is not None:
        # Dissolved by agreement: what follows is the dissolution agreement's, not a renewal.
        return Event("renegotiation", label, d.renewal_deadline, "past", mark="已约定解除")
    if state not in (State.生效, State.审查中) or d.expiry < today:
        # Past expiry the date is moot (the expiry event carries the flag), and a contract not
        # in force has nothing to renew.
        status: Status = "past" if d.renewal_deadline < today else "later"
        return Event("renegotiation", label, d.renewal_deadline, status)
    status = _status(d.renewal_deadline, today)
    note = {
        "overdue": "应已启动续订协商（晋人社厅函〔2024〕1185号）",
        "due_soon": "即将启动续订协商",
    }.get(status, "")
    return Event("renegotiation", label, d.renewal_deadline, status, note)


def _expiry(t: Timeline, state: State, today: date) -> Event:
    d, label = t.filing, "合同到期"
    if d.dissolved is not None and d.dissolved <= d.expiry:
        ended = state is State.已到期
        status: Status = "done" if ended else _status(d.dissolved, today)
        note = f"双方协商一致，自{d.dissolved.isoformat()}起解除（变更、解除协议）"
        return Event(
            "expiry", "合同解除", d.dissolved, status, note, mark="已解除" if ended else None
        )
    if state is State.已到期:
        return Event(
            "expiry", label, d.expiry, "overdue", "合同已到期，须重新协商订立", mark="已到期"
        )
    if state is State.生效:
        status = _status(d.expiry, today)
        return Event(
            "expiry", label, d.expiry, status, "合同即将到期" if status == "due_soon" else ""
        )
    if d.expiry < today:
        # Never in force on the record: the term ran out, the contract did not "expire".
        return Event("expiry", label, d.expiry, "past", mark="期限已过")
    return Event("expiry", label, d.expiry, "later")


def _bargaining(t: Timeline, today: date) -> tuple[Event, ...]:
    """要约 → 应约 → 协商 → 审议, as the context's `procedure` records them (issue 14). Only
    the reply has a deadline of its own (第三十二条: within 20 days of receiving the offer);
    a step not recorded shows "—" and is never flagged: the contract may have been negotiated
    before the tool was used."""
    offer = Event("offer", "要约", t.offer, "done", mark="") if t.offer else None
    if t.reply is not None:
        reply = Event("reply", "应约", t.reply, "done", mark="")
        if t.offer_received is not None:
            late = (t.reply - t.offer_received).days - REPLY_DAYS
            if late > 0:
                reply = Event("reply", "应约", t.reply, "done", f"应约逾期{late}日", mark="逾期")
    elif t.offer_received is not None and t.signing > today:
        due = t.offer_received + timedelta(days=REPLY_DAYS)
        note = {
            "overdue": "逾期未书面应约（《集体合同规定》第三十二条）",
            "due_soon": f"应于{due.isoformat()}前书面应约（《集体合同规定》第三十二条）",
        }
        status = _status(due, today)
        reply = Event("reply", "应约期限", due, status, note.get(status, ""))
    else:
        reply = None
    meeting = Event("meeting", "协商", max(t.meetings), "done", mark="") if t.meetings else None
    assembly = (
        Event("assembly", "审议", max(t.assemblies), "done", mark="") if t.assemblies else None
    )
    return tuple(
        event if event is not None else Event(key, label, None, "pending", mark="")
        for event, key, label in (
            (offer, "offer", "要约"),
            (reply, "reply", "应约"),
            (meeting, "meeting", "协商"),
            (assembly, "assembly", "审议"),
        )
    )


def _events(t: Timeline, state: State, today: date, unknown: str) -> tuple[Event, ...]:
    # The signing date is a fact, not a deadline: never flagged.
    signing = Event(
        "signing", "签订", t.signing, "done" if t.signing <= today else "later", mark=""
    )
    return (
        *_bargaining(t, today),
        signing,
        _filing(t, today),
        _review(t, today),
        _effective(t, state, today),
        _publication(t, today),
        _annual(t, state, today),
        _adjustment(t, state, today, unknown),
        _renegotiation(t, state, today),
        _expiry(t, state, today),
    )


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
                _events(t, state, day, "—" if minimums is None else ""),
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
    "未录入的为“—”；未应约的，应约期限为收到要约后二十日（《集体合同规定》第三十二条）；"
    "报送期限为签订后十日（《集体合同规定》第四十二条）；审查期满为收到后十五日（第四十五条、"
    "第四十七条）；生效为录入的生效日期，或录入审查无异议后按报送日起十五日推算（《劳动合同法》"
    "第五十四条）；公布提醒为生效后十五日（第四十八条与合同只要求生效后“及时”公布，十五日是本表的提醒，不是法定期限）；年度履约检查为每个合同年度末；"
    "最低工资调整后协商为新标准施行后一个月内；启动续订协商为期满前三个月（晋人社厅函〔2024〕1185号）。"
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
