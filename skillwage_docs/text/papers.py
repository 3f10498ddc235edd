"""What the procedure's further papers print (issue 21), beyond `packet.packet_context`: the
employer side's mandate and the enterprises that gave it, the worker side's make-up and the
assembly's delegates, who gets a protection notice, the default information items, the
assembly's counts, the answer to an objection, what followed effect (receipts, yearly reports
and checks, the yearly wage round), variations and a dissolution.

As in `packet.py`, nothing is stated the context does not hold: in the blank form every part of
`procedure:` reads as absent, and a missing part prints a blank form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..inputs.agreement import Agreement
from ..inputs.approval import vote
from ..inputs.bargaining import Procedure, Representative
from ..inputs.minimum_wage import Applicable
from ..inputs.papers import Election, Inspection, Variation
from ..inputs.procedure import timeline
from .environment import Fixed
from .packet import WORKER, packet_context, sides

__all__ = [
    "INFORMATION_ITEMS",
    "ElectionRow",
    "Notified",
    "delegate_rows",
    "notified_employers",
    "papers_context",
]

# What the talks need to know (人社厅发〔2024〕51号: 技能人才市场工资价位、行业发展状况、企业人工
# 成本承受能力、职工平均工资增长、居民消费价格指数, and the pay of 管理人员 and 专业技术人员 at
# matching levels): the items an information request asks for when the context names none.
INFORMATION_ITEMS = (
    "上一年度各技能等级（职业（工种））技能人才的人数和月工资水平（最低、中位数）",
    "上一年度企业的人工成本总额、职工工资总额和主要经营效益指标",
    "技能岗位的设置和技能人才取得职业技能等级证书的情况",
    "相应层级管理人员和专业技术人员的工资水平",
    "企业工资分配制度和技能人才工资调整的安排",
)


@dataclass(frozen=True)
class ElectionRow:
    """An enterprise's election of delegates, beside the number the contract's ratio gives."""

    election: Election
    due: int | None  # 按比例应选代表（None: ratio or headcount unknown）

    @property
    def short(self) -> bool:
        return self.due is not None and self.election.delegates < self.due


def delegate_rows(agreement: Agreement, elections: Sequence[Election]) -> list[ElectionRow]:
    """Each election with the delegates the contract's ratio asks of that enterprise: one for
    every `workers_per_delegate` workers (rounded up), at least one an enterprise."""
    per = agreement.approval.workers_per_delegate
    rows = []
    for item in elections:
        due = None
        if per is not None and item.workers is not None:
            due = max(1, -(-item.workers // per))
        rows.append(ElectionRow(item, due))
    return rows


@dataclass(frozen=True)
class Notified:
    """An employer whose workers are worker-side representatives: the notice of their
    protection goes to it (《集体合同规定》第二十八条)."""

    employer: str | None  # None: not recorded (a blank on the notice)
    names: tuple[str, ...]


def notified_employers(agreement: Agreement, procedure: Procedure) -> list[Notified]:
    """The worker side's representatives grouped by employer, but outside experts (appointed
    by the 首席代表, not employees the article protects in this role) and the staff of the
    union federation itself (it is their employer and the sender)."""
    delegation = procedure.representatives.worker
    members: list[Representative] = list(delegation.members) if delegation else []
    groups: dict[str | None, list[str]] = {}
    for member in members:
        if member.role == "外聘专家" or member.employer == agreement.worker_party.name:
            continue
        groups.setdefault(member.employer, []).append(member.name)
    return [Notified(employer, tuple(names)) for employer, names in groups.items()]


def _latest(items: Sequence[Any], kind: str | None = None) -> Any:
    """The last recorded item (of `kind`, for variations), or None."""
    chosen = [item for item in items if kind is None or getattr(item, "kind", None) == kind]
    return chosen[-1] if chosen else None


def _owed(inspection: Inspection | None) -> tuple[int, Decimal] | None:
    if inspection is None or not inspection.underpaid:
        return None
    return (
        sum(item.workers for item in inspection.underpaid),
        sum((item.owed for item in inspection.underpaid), Decimal(0)),
    )


def _varied_rows(agreement: Agreement, variation: Variation | None) -> list[tuple[Any, ...]]:
    """(level, figure before, figure after) for each level the variation sets."""
    if variation is None:
        return []
    before = {row.level: row.monthly for row in agreement.skill_levels}
    return [
        (level, before.get(level), amount)
        for level, amount in sorted(variation.levels.items(), key=lambda item: item[0].rank)
    ]


def _due_day(start: date | None, days: int) -> date | None:
    return None if start is None else start + timedelta(days=days)


def papers_context(agreement: Agreement, minimum: Applicable, blank: bool) -> dict[str, Any]:
    """The packet's context and what the issue 21 papers add to it."""
    # long: one flat dict the paper templates read, its names side by side (as packet_context)
    context = packet_context(agreement, minimum, blank)
    procedure = agreement.procedure if not blank else Procedure()
    worker, _ = sides(agreement, recorded=not blank)
    worker_members = worker.members
    times = timeline(agreement.model_copy(update={"procedure": procedure}))
    sector = agreement.kind == "行业性"
    firms = procedure.mandate.firms if procedure.mandate else []
    inspection = _latest(procedure.inspections)
    variation = _latest(procedure.variations, "变更")
    dissolution = _latest(procedure.variations, "解除")
    publish_by = _due_day(times.effective, agreement.compliance_days)
    report = _latest(procedure.annual_reports)
    return {
        **context,
        "field": Fixed("行业" if sector else "区域"),
        "domain": Fixed("本行业" if sector else "本区域"),
        # 推举 by the enterprises, or 委托 of the employer organisation (the contract's choice).
        "elected": agreement.employer_mandate == "推举",
        "mandate": procedure.mandate,
        "firms": firms,
        "members_count": sum(1 for firm in firms if firm.member is True),
        "others_count": sum(1 for firm in firms if firm.member is False),
        "skilled_count": sum(1 for m in worker_members if m.level is not None),
        "women_count": sum(1 for m in worker_members if m.gender == "女"),
        # Unknown unless recorded: a list without a level or gender says nothing of either.
        "make_up_known": any(m.level or m.gender for m in worker_members),
        "roster": procedure.roster,
        "protection_on": procedure.protection_on,
        "notified": notified_employers(agreement, procedure),
        "information": procedure.information,
        "information_items": (
            list(procedure.information.items)
            if procedure.information and procedure.information.items
            else [Fixed(item) for item in INFORMATION_ITEMS]
        ),
        "dispute": procedure.dispute,
        # The meetings held by the day of the application (all of them without one).
        "talks_before": [
            meeting
            for meeting in procedure.meetings
            if procedure.dispute is None or meeting.on <= procedure.dispute.on
        ],
        "consultation": procedure.consultation,
        "elections": delegate_rows(agreement, procedure.elections),
        "elected_total": sum(item.delegates for item in procedure.elections),
        "election_days": sorted(item.on for item in procedure.elections if item.on is not None),
        "sector_votes": [vote(a) for a in procedure.assemblies if a.enterprise is None],
        "firm_votes": [vote(a) for a in procedure.assemblies if a.enterprise is not None],
        # The 审查意见书 that objected: kept with the re-filing it led to, or the answer itself.
        "objection": (
            procedure.resubmission.objection
            if procedure.resubmission is not None
            else (
                procedure.review
                if procedure.review and procedure.review.outcome == "有异议"
                else None
            )
        ),
        "resubmission": procedure.resubmission,
        "receipts": procedure.receipts,
        # The enterprises publish within `compliance_days` of effect (the text's 履行 article).
        "publish_by": publish_by,
        "on_time": (
            None
            if publish_by is None
            else sum(
                1
                for r in procedure.receipts
                if r.published_on is not None and r.published_on <= publish_by
            )
        ),
        "annual_report": report,
        # The report's rows by level, for the form's rows (one per level of the contract).
        "reported": {row.level: row for row in report.rows} if report else {},
        "inspection": inspection,
        "owed": _owed(inspection),
        "wage_round": _latest(procedure.wage_rounds),
        "variation": variation,
        "varied_rows": _varied_rows(agreement, variation),
        "dissolution": dissolution,
        "worker_label": WORKER,
        "first_year": (times.effective or agreement.term.start).year,
    }
