"""The events of one agreement's calendar row: each step and deadline from `procedure`'s dates,
flagged against a day (`events`). Nothing is reported as decided that no record shows: a
contract that was never filed is 未报送, never 已到期.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from ..inputs.procedure import REPLY_DAYS, Renewal, Schedule, State, Timeline

__all__ = ["DUE_SOON_DAYS", "FLAGGED", "Event", "Status", "events"]

# A date within this many days of `today` is flagged as coming up.
DUE_SOON_DAYS = 90

# done: recorded; overdue: a deadline passed without a record; due_soon: within DUE_SOON_DAYS;
# open: something to record now (a review period ran out, a publication is due); later: further
# off; pending: waits on an earlier step; past: gone by, and nothing is recorded about it either
# way (a yearly check, a renegotiation of a contract not in force) — shown, never flagged.
Status = Literal["done", "overdue", "due_soon", "open", "later", "pending", "past"]
FLAGGED = ("overdue", "due_soon", "open")
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


def _report(t: Timeline, state: State, today: date) -> Event:
    """The enterprises' yearly report (the contract: by the end of `report_month`, on the year
    before), while the contract is in force; never after a dissolution."""
    label = "企业年度执行情况报告"
    upcoming = [day for day in t.reports if day >= today and day <= t.ends]
    if state is not State.生效 or not upcoming:
        return Event("report", label, upcoming[0] if upcoming else None, "pending")
    status = _upcoming(upcoming[0], today)
    note = (
        f"各企业于{upcoming[0].isoformat()}前报告上一年度执行情况" if status == "due_soon" else ""
    )
    return Event("report", label, upcoming[0], status, note)


def _refiling(t: Timeline, today: date) -> Event:
    """After a 审查意见书 (参照《集体合同规定》第四十五条、第四十六条): the re-filing on record,
    or, while it is missing, a reminder that the sides bargain again and re-file."""
    label = "重新报送"
    objection, refiled = t.objection, t.filing.refiled_on
    if objection is None:
        return Event("refiling", label, None, "pending", mark="")
    if refiled is not None and refiled <= today:
        return Event(
            "refiling", label, refiled, "done", f"审查有异议（{objection.record}）后重新报送"
        )
    note = (
        f"审查有异议（{objection.record}）：就异议事项重新协商、签字后重新报送"
        "（《集体合同规定》第四十六条）"
    )
    return Event("refiling", label, refiled, "open", note)


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


def _renegotiation(t: Timeline, state: State, today: date, renewal: Renewal) -> Event:
    """The renewal 要约: by 1185号's three months before expiry, or earlier where the timetable
    counted back from the day after expiry needs it (`procedure.renewal`)."""
    d, label = t.filing, "启动续订协商"
    if d.dissolved is not None:
        # Dissolved by agreement: what follows is the dissolution agreement's, not a renewal.
        return Event("renegotiation", label, d.renewal_deadline, "past", mark="已约定解除")
    if renewal.counted_binds:
        d = replace(d, renewal_deadline=renewal.by)
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


def _offer(t: Timeline, plan: Schedule, today: date) -> Event | None:
    """The 要约 on record, or, for a contract still to be signed, the latest day for it that
    the timetable counts back from the target (issue 21 point 12: the same dates)."""
    if t.offer is not None:
        return Event("offer", "要约", t.offer, "done", mark="")
    if t.signing <= today:
        return None
    latest = plan.step("offer").latest
    status = _status(latest, today)
    note = f"按{plan.target.isoformat()}生效倒推，{latest.isoformat()}前提出要约（工作时间表）"
    return Event("offer", "要约最迟", latest, status, note if status != "later" else "")


def _target(plan: Schedule, t: Timeline, today: date) -> Event:
    """Whether the timetable still meets its target, for a contract not yet signed: where it
    cannot, which step is short (shown in the notes column, not a column of its own)."""
    if plan.met or t.signing <= today or plan.target < today:
        # Met, or signed already (filing and review date it from here), or gone by.
        return Event("target", "目标生效", plan.target, "past" if plan.target < today else "later")
    late = (plan.projected - plan.target).days
    step = plan.short_step(today)
    short = ""
    if step is not None and step.recorded is not None:
        short = f"，第一个晚于最迟日期的步骤：{step.label}（晚{step.late}日）"
    elif step is not None:
        short = f"，{step.label}的最迟日期{step.latest.isoformat()}已过"
    note = f"按时间表{plan.projected.isoformat()}生效，比目标{plan.target.isoformat()}晚{late}日{short}"
    return Event("target", "目标生效", plan.target, "open", note, mark="不能按期")


def _bargaining(t: Timeline, plan: Schedule, today: date) -> tuple[Event, ...]:
    """要约 → 应约 → 协商 → 审议, as the context's `procedure` records them (issue 14). The
    reply has a deadline of its own (第三十二条: within 20 days of receiving the offer), and an
    unsigned contract without a recorded 要约 the latest day the timetable gives for it; any
    other step not recorded shows "—" and is never flagged: the contract may have been
    negotiated before the tool was used."""
    offer = _offer(t, plan, today)
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


def events(
    t: Timeline, state: State, today: date, unknown: str, plan: Schedule, renewal: Renewal
) -> tuple[Event, ...]:
    """The row's events: the bargaining steps, signing, filing and review, effect and
    publication, the yearly work, renewal and expiry; `unknown` marks an adjustment column
    whose minimum-wage changes are not known; `plan` and `renewal` are the timetable's dates
    (`procedure.schedule`, `procedure.renewal`)."""
    # The signing date is a fact, not a deadline: never flagged.
    signing = Event(
        "signing", "签订", t.signing, "done" if t.signing <= today else "later", mark=""
    )
    return (
        *_bargaining(t, plan, today),
        signing,
        _filing(t, today),
        _review(t, today),
        _effective(t, state, today),
        _publication(t, today),
        _annual(t, state, today),
        _report(t, state, today),
        _refiling(t, today),
        _adjustment(t, state, today, unknown),
        _renegotiation(t, state, today, renewal),
        _expiry(t, state, today),
        _target(plan, t, today),
    )
