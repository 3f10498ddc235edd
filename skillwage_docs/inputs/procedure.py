"""The bargaining procedure of one agreement: the dates it has, recorded or set by law, and how
far it has got.

The one place these dates are computed, so the contract text (`compose`), the filing calendar,
the 重点联系点情况表 and the bargaining packet (issue 14) cannot disagree. Recorded dates come
from the context (`procedure:`, `signing_date`, `filing.filed_on`); derived ones follow the
articles cited at each constant. Nothing here reports an outcome no record supports: the stage
生效 needs a recorded `procedure.effective` or a recorded `procedure.review` without objection,
and a review period that merely ran out is reported as exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..base.figures import add_months
from .agreement import Agreement
from .bargaining import Review
from .papers import Plan

__all__ = [
    "ADJUSTMENT_MONTHS",
    "EFFECT_DAYS",
    "FILING_DAYS",
    "PUBLICATION_REMINDER_DAYS",
    "RENEGOTIATION_MONTHS",
    "REPLY_DAYS",
    "REVIEW_DAYS",
    "FilingDates",
    "PlannedStep",
    "Renewal",
    "Schedule",
    "Stage",
    "State",
    "Timeline",
    "dissolution",
    "filing_dates",
    "latest_effective",
    "refiling",
    "renewal",
    "renewal_deadline",
    "schedule",
    "timeline",
]

# 《集体合同规定》第三十二条: the side receiving a written 要约 answers in writing within 20 days.
REPLY_DAYS = 20
# 《集体合同规定》第四十二条: the signed contract is sent for review and filing within 10 days.
FILING_DAYS = 10
# 《集体合同规定》第四十五条、第四十七条 and 《劳动合同法》第五十四条: the labour authority has
# 15 days from receipt to object; without an objection the contract is in force.
REVIEW_DAYS = 15
# A contract filed in time and not objected to is in force at the latest this many days after
# signing, so it cannot apply before then unless it makes up the pay of the earlier months.
EFFECT_DAYS = FILING_DAYS + REVIEW_DAYS
# 《集体合同规定》第四十八条 asks for publication "及时" after the contract takes effect, and the
# model text (附则) says the same: neither fixes a number of days. The calendar reminds the sides
# fifteen days after the effective date and says that this is its own reminder, not a deadline.
PUBLICATION_REMINDER_DAYS = 15
# The model text: after the local minimum wage changes, the sides negotiate the adjustment within
# one month (counted here from the new standard's effective date: the table holds no publication
# date).
ADJUSTMENT_MONTHS = 1
# 晋人社厅函〔2024〕1185号: renegotiation starts 3 months before expiry (《集体合同规定》第三十八条
# lets either side ask for it within those 3 months).
RENEGOTIATION_MONTHS = 3


class Stage(StrEnum):
    """How far the procedure has got (the 情况表's 所处阶段), low to high."""

    要约 = "要约"
    协商 = "协商"
    签订 = "签订"
    审查 = "审查"
    生效 = "生效"


class State(StrEnum):
    """Where the contract stands on a day, for the calendar: a contract that was never filed
    never took effect, so it is 未报送 however old it is, never 已到期."""

    未签订 = "未签订"
    未报送 = "未报送"
    审查中 = "审查中"
    有异议 = "有异议"
    生效 = "生效"
    已到期 = "已到期"


@dataclass(frozen=True)
class FilingDates:
    """The legal dates after signing; `review_deadline` counts from the recorded filing date
    (the re-filing's, after an objection: `refiled_on`), or (`review_estimated`) from the
    filing deadline while no filing is recorded."""

    signing: date
    filing_deadline: date
    filed_on: date | None
    review_deadline: date
    review_estimated: bool
    start: date
    expiry: date
    renewal_deadline: date
    refiled_on: date | None = None  # 审查有异议后重新报送（参照《集体合同规定》第四十六条）
    # 协商一致解除：自该日起不再执行（the term's `expiry` and the text's dates stay as signed).
    dissolved: date | None = None


def latest_effective(signing: date) -> date:
    """The latest day a contract filed in time and not objected to is in force."""
    return signing + timedelta(days=EFFECT_DAYS)


def renewal_deadline(end: date) -> date:
    """The last day before the term's final three months, by which renewal talks start
    (晋人社厅函〔2024〕1185号). A term ending 2028-06-30 runs to the end of that day; its last
    three months are 2028-04-01 … 2028-06-30, so talks start no later than 2028-03-31."""
    return add_months(end + timedelta(days=1), -RENEGOTIATION_MONTHS) - timedelta(days=1)


def filing_dates(agreement: Agreement) -> FilingDates:
    """The dates the contract text quotes (filing deadline, renegotiation start)."""
    filing_deadline = agreement.signing_date + timedelta(days=FILING_DAYS)
    filed_on = agreement.filing.filed_on if agreement.filing is not None else None
    refiled_on = refiling(agreement)
    review_from = refiled_on or filed_on or filing_deadline
    return FilingDates(
        signing=agreement.signing_date,
        filing_deadline=filing_deadline,
        filed_on=filed_on,
        review_deadline=review_from + timedelta(days=REVIEW_DAYS),
        review_estimated=filed_on is None,
        start=agreement.term.start,
        expiry=agreement.term.end,
        renewal_deadline=renewal_deadline(agreement.term.end),
        refiled_on=refiled_on,
        dissolved=dissolution(agreement),
    )


def refiling(agreement: Agreement) -> date | None:
    """The re-filing after an objection (参照《集体合同规定》第四十六条), from which the 15 days
    of review run again."""
    again = agreement.procedure.resubmission
    return again.refiled_on if again is not None else None


def dissolution(agreement: Agreement) -> date | None:
    """The day a recorded 解除 agreement ends the contract (issue 21 point 9), if any."""
    ends = [v.effective_from or v.on for v in agreement.procedure.variations if v.kind == "解除"]
    return min(ends) if ends else None


@dataclass(frozen=True)
class Adjustment:
    """A new local minimum wage taking effect within the term, and the negotiation it calls for."""

    minimum_from: date
    negotiate_by: date


@dataclass(frozen=True)
class Timeline:
    """Every date of one agreement's procedure. Recorded steps are None when unknown."""

    offer: date | None
    offer_received: date | None  # the day the 20 days of 第三十二条 run from
    reply: date | None
    meetings: tuple[date, ...]
    assemblies: tuple[date, ...]
    filing: FilingDates
    review: Review | None  # the authority's answer (to the re-filed text, after an objection)
    # Recorded (`procedure.effective`), or set by law once a review without objection is on
    # record (filing + 15 days, 《劳动合同法》第五十四条); None while neither is known.
    effective: date | None
    effective_recorded: bool
    published: date | None
    publication_due: date | None
    annual_checks: tuple[date, ...]
    adjustments: tuple[Adjustment, ...]
    # The 审查意见书 that objected before a re-filing (`procedure.resubmission`).
    objection: Review | None = None
    # The enterprises' yearly reports on the year before, due by the end of `report_month` of
    # each year of the term after its first (the contract's 履行 article).
    reports: tuple[date, ...] = ()

    @property
    def signing(self) -> date:
        return self.filing.signing

    @property
    def filed_on(self) -> date | None:
        return self.filing.filed_on

    @property
    def expiry(self) -> date:
        return self.filing.expiry

    @property
    def ends(self) -> date:
        """The last day in force: the term's end, or the day before a recorded dissolution."""
        dissolved = self.filing.dissolved
        if dissolved is None:
            return self.expiry
        return min(self.expiry, dissolved - timedelta(days=1))

    @property
    def objected(self) -> bool:
        return self.review is not None and self.review.outcome == "有异议"

    def stage(self, today: date) -> Stage | None:
        """The furthest stage reached by `today` on the record; None when nothing is recorded
        up to that day (a contract still being prepared)."""
        if self.effective is not None and self.effective <= today:
            return Stage.生效
        if self.filed_on is not None and self.filed_on <= today:
            return Stage.审查
        if self.signing <= today:
            return Stage.签订
        bargaining = (self.reply, *self.meetings, *self.assemblies)
        if any(day is not None and day <= today for day in bargaining):
            return Stage.协商
        if self.offer is not None and self.offer <= today:
            return Stage.要约
        return None

    def state(self, today: date) -> State:
        stage = self.stage(today)
        if stage is Stage.生效:
            return State.已到期 if self.ends < today else State.生效
        if stage is Stage.审查:
            if self.objected and self.review is not None and self.review.on <= today:
                return State.有异议
            refiled = self.filing.refiled_on
            first = self.objection
            if first is not None and first.on <= today and (refiled is None or refiled > today):
                return State.有异议  # objected, not yet filed again
            return State.审查中
        if stage is Stage.签订:
            return State.未报送
        return State.未签订


def _contract_years(start: date, end: date) -> tuple[date, ...]:
    """The last day of each contract year within the term (the model text: 每年至少开展一次
    履约检查); a final part-year ends with the term."""
    days = []
    years = 1
    while True:
        day = add_months(start, 12 * years) - timedelta(days=1)
        if day >= end:
            days.append(end)
            return tuple(days)
        days.append(day)
        years += 1


def _report_days(start: date, end: date, month: int) -> tuple[date, ...]:
    """The last day of `month` in each year after the term's first, up to the term's end."""
    days = []
    for year in range(start.year + 1, end.year + 1):
        day = add_months(date(year, month, 1), 1) - timedelta(days=1)
        if day <= end:
            days.append(day)
    return tuple(days)


def timeline(agreement: Agreement, new_minimums: Sequence[date] = ()) -> Timeline:
    """The agreement's procedure dates. `new_minimums`: effective dates of local minimum-wage
    standards that start within the term (`MinimumWageTable.later_changes`)."""
    procedure = agreement.procedure
    dates = filing_dates(agreement)
    review = procedure.review
    effective: date | None = procedure.effective
    recorded = effective is not None
    received = dates.refiled_on or dates.filed_on
    if effective is None and review is not None and review.outcome == "无异议":
        # On record: no objection. The law dates the effect: 15 days from receipt (of the
        # re-filed text, after an objection).
        effective = received + timedelta(days=REVIEW_DAYS) if received is not None else review.on
    term = agreement.term
    return Timeline(
        offer=procedure.offer.on if procedure.offer else None,
        offer_received=(
            (procedure.offer.received_on or procedure.offer.on) if procedure.offer else None
        ),
        reply=procedure.reply.on if procedure.reply else None,
        meetings=tuple(step.on for step in procedure.meetings),
        assemblies=tuple(step.on for step in procedure.assemblies),
        filing=dates,
        review=review,
        effective=effective,
        effective_recorded=recorded,
        published=procedure.published,
        publication_due=(
            effective + timedelta(days=PUBLICATION_REMINDER_DAYS) if effective is not None else None
        ),
        annual_checks=_contract_years(term.start, term.end) if term.end > term.start else (),
        adjustments=tuple(
            Adjustment(day, add_months(day, ADJUSTMENT_MONTHS))
            for day in sorted(new_minimums)
            if term.start < day <= term.end
        ),
        objection=procedure.resubmission.objection if procedure.resubmission else None,
        reports=_report_days(term.start, term.end, agreement.report_month),
    )


# --- the timetable: counted back from the day the contract should be in force (issue 21 point 12)


@dataclass(frozen=True)
class PlannedStep:
    """One step of the timetable: the latest day it can happen for the contract to be in
    force on the target day, what the context records for it, and the days it leaves before
    the next step — set by law and not the parties' to shorten (`fixed`: the other side's
    20 days to answer, the authority's 15 days of review), or planned by the parties."""

    key: str
    label: str
    latest: date
    recorded: date | None
    days: int  # until the next step
    fixed: bool
    basis: str

    @property
    def late(self) -> int:
        """Days the recorded date lies after the latest one (0: on time or not recorded)."""
        if self.recorded is None or self.recorded <= self.latest:
            return 0
        return (self.recorded - self.latest).days


@dataclass(frozen=True)
class Schedule:
    """The steps of one agreement, counted back from `target` (the day it should be in
    force), each beside its recorded date; `projected` is the day it comes into force going
    on from the last recorded step with the planned days, `earliest` the same with every
    planned step shortened to nothing (only the fixed periods left)."""

    target: date
    steps: tuple[PlannedStep, ...]
    projected: date
    earliest: date

    @property
    def met(self) -> bool:
        return self.projected <= self.target

    @property
    def first_late(self) -> PlannedStep | None:
        return next((step for step in self.steps if step.late), None)

    def short_step(self, today: date) -> PlannedStep | None:
        """Where the target is lost: the first recorded step after its latest day, else the
        first step not yet done whose latest day has passed."""
        late = self.first_late
        if late is not None:
            return late
        return next((s for s in self.steps if s.recorded is None and s.latest < today), None)

    def step(self, key: str) -> PlannedStep:
        return next(step for step in self.steps if step.key == key)

    @property
    def last_recorded(self) -> PlannedStep | None:
        recorded = [step for step in self.steps if step.recorded is not None]
        return recorded[-1] if recorded else None


def _recorded_steps(agreement: Agreement) -> dict[str, date | None]:
    procedure = agreement.procedure
    meetings = sorted(meeting.on for meeting in procedure.meetings)
    filed = agreement.filing.filed_on if agreement.filing is not None else None
    return {
        "offer": procedure.offer.on if procedure.offer else None,
        "reply": procedure.reply.on if procedure.reply else None,
        "talks": meetings[0] if meetings else None,
        "draft": meetings[-1] if meetings else None,
        "consultation": procedure.consultation.on if procedure.consultation else None,
        "assembly": max((a.on for a in procedure.assemblies), default=None),
        "signing": agreement.signing_date,
        "filing": refiling(agreement) or filed,
        "effective": timeline(agreement).effective,
    }


def schedule(
    agreement: Agreement, target: date | None = None, today: date | None = None
) -> Schedule:
    """The timetable counted back from `target` (default: `procedure.plan.target`, else the
    term's start) with the parties' planned days (`procedure.plan`, else `Plan()`) and the
    statutory periods: 要约 → 应约 within 20 days (《集体合同规定》第三十二条) → 协商 → 草案
    公布征求意见 → 审议 → 签字 → 报送 within 10 days (第四十二条) → 15 days of review
    (《劳动合同法》第五十四条) → 生效.

    Without `today` every date the context holds counts as done (the paper: the signing date is
    the contract's). With it (the calendar), a date after `today` is still a plan, and the
    steps still to come cannot start before `today`."""
    plan = agreement.procedure.plan or Plan()
    day = target or plan.target or agreement.term.start
    # (key, label, days to the next step, fixed by law, basis), in procedure order.
    chain = (
        ("offer", "提出要约", REPLY_DAYS, True, "《集体合同规定》第三十二条：收到要约之日起二十日内书面答复"),
        ("reply", "书面应约", 0, False, "应约书约定第一次协商会议"),
        ("talks", "第一次协商会议", plan.talks, False, "计划：协商至形成草案"),
        ("draft", "形成合同草案", 0, False, "草案形成后公布"),
        ("consultation", "草案公布征求意见", plan.comments + plan.notice, False, "计划：征求意见和大会召开通知"),
        ("assembly", "职工代表大会（职工大会）审议", plan.signing, False, "计划：审议通过至签字"),
        ("signing", "双方首席代表签字", plan.filing, False, "《集体合同规定》第四十二条：签字之日起十日内报送"),
        ("filing", "报送审查", REVIEW_DAYS, True, "《中华人民共和国劳动合同法》第五十四条：十五日内未提出异议即行生效"),
        ("effective", "生效", 0, False, "目标生效日期"),
    )  # fmt: skip
    recorded = _recorded_steps(agreement)
    if today is not None:
        recorded = {k: v if v is not None and v <= today else None for k, v in recorded.items()}
    latest: list[date] = []
    due = day
    for _key, _label, days, _fixed, _basis in reversed(chain):
        due = due - timedelta(days=days)
        latest.append(due)
    latest.reverse()
    steps = tuple(
        PlannedStep(key, label, when, recorded[key], days, fixed, basis)
        for (key, label, days, fixed, basis), when in zip(chain, latest, strict=True)
    )
    projected, earliest = _going_on(steps, today)
    return Schedule(day, steps, projected, earliest)


def _going_on(steps: tuple[PlannedStep, ...], today: date | None) -> tuple[date, date]:
    """The effective day going on from the last recorded step: with the planned days, and with
    only the fixed periods (a recorded effective date is itself). With `today`, the next step
    starts no earlier than `today` (nothing recorded: as if the 要约 went out today)."""
    last = max((i for i, step in enumerate(steps) if step.recorded is not None), default=None)
    if last is None:
        if today is None:
            return steps[-1].latest, steps[-1].latest
        rest = steps[:-1]
        return (
            max(steps[-1].latest, today + timedelta(days=sum(step.days for step in rest))),
            today + timedelta(days=sum(step.days for step in rest if step.fixed)),
        )
    start = steps[last].recorded
    assert start is not None
    if last == len(steps) - 1:
        return start, start
    # The next step: after this one's days, and not before today.
    after = start + timedelta(days=steps[last].days)
    following = steps[last + 1 : -1]
    nxt = max(after, today) if today is not None else after
    fixed_next = start + timedelta(days=steps[last].days if steps[last].fixed else 0)
    fixed_next = max(fixed_next, today) if today is not None else fixed_next
    planned = nxt + timedelta(days=sum(step.days for step in following))
    fixed = fixed_next + timedelta(days=sum(step.days for step in following if step.fixed))
    return planned, fixed


@dataclass(frozen=True)
class Renewal:
    """When renewal talks start: the 要约 for the next contract, no later than `by` — the
    earlier of 1185号's three months before expiry (`renewal_deadline`) and the 要约 the
    timetable counts back from the day after expiry (`counted`), so the next contract can be
    in force when this one ends. `to_sign`: the 要约 that lets the next contract be signed by
    the start of those three months, for parties who plan that far ahead."""

    by: date
    deadline: date
    counted: date
    to_sign: date

    @property
    def counted_binds(self) -> bool:
        return self.counted < self.deadline


def renewal(agreement: Agreement) -> Renewal:
    deadline = renewal_deadline(agreement.term.end)
    counted = schedule(agreement, agreement.term.end + timedelta(days=1)).step("offer").latest
    plan = agreement.procedure.plan or Plan()
    # Signed on `deadline`: in force filing + review days later.
    signed_by = schedule(agreement, deadline + timedelta(days=plan.filing + REVIEW_DAYS))
    return Renewal(min(deadline, counted), deadline, counted, signed_by.step("offer").latest)
