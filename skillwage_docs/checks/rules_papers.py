"""Rules on the data of the procedure's further papers (issue 21): the re-filing after an
objection, the steps around the talks, the assembly's elected delegates, and the figures a
variation sets. Each rule checks only what the context records: an absent part is unknown,
never a failure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..base.figures import yuan
from ..inputs.procedure import FILING_DAYS, REVIEW_DAYS
from ..text.papers import delegate_rows
from .rule_context import CONTRACT_RULES, NOTICE_2024_51

if TYPE_CHECKING:
    from ..base.yamlsource import Path_
    from .findings import Finding
    from .rule_context import RuleContext

__all__ = ["PAPER_RULES", "elected_delegates", "papers_in_order", "variation_figures"]


def _before(
    ctx: RuleContext, path: Path_, late: date, early: date, what: str, source: str
) -> Iterator[Finding]:
    """An error at `path` when `late` comes before `early`: `what` is "fact：why"; the dates
    follow the fact."""
    if late < early:
        fact, _, why = what.partition("：")
        dates = f"（{late.isoformat()} 早于 {early.isoformat()}）"
        yield ctx.finding(path, fact + dates + (f"：{why}" if why else ""), source=source)


def papers_in_order(ctx: RuleContext) -> Iterator[Finding]:
    """The further steps in the order the procedure sets: a re-filing after the objection it
    answers and the answer after the re-filing (参照《集体合同规定》第四十五条、第四十六条), the
    re-filing within 10 days of the new signature (第四十二条); a deadlock taken to the
    authority during the talks (第四十九条); the draft published for comment before it is put to
    the vote (人社厅发〔2024〕51号: 协商会议、合同订立、职代会审议); the representatives made
    public before the first meeting; a variation or dissolution within the term."""
    yield from _refiling(ctx)
    yield from _talks(ctx)
    yield from _within_term(ctx)


def _refiling(ctx: RuleContext) -> Iterator[Finding]:
    agreement = ctx.agreement
    procedure = agreement.procedure
    again = procedure.resubmission
    if again is None:
        return
    path: Path_ = ("procedure", "resubmission")
    filed = agreement.filing.filed_on if agreement.filing is not None else None
    objection = again.objection
    if filed is None:
        yield ctx.finding(
            (*path, "objection"),
            "记录了审查部门的异议，但没有报送日期（filing.filed_on）：异议针对的是报送的文本",
            source=f"{CONTRACT_RULES}第四十五条",
        )
    else:
        yield from _before(
            ctx, (*path, "objection", "on"), objection.on, filed, "审查意见书早于报送日期",
            f"{CONTRACT_RULES}第四十五条",
        )  # fmt: skip
        if (objection.on - filed).days > REVIEW_DAYS:
            yield ctx.finding(
                (*path, "objection", "on"),
                f"审查意见书（{objection.on.isoformat()}）在报送（{filed.isoformat()}）后第 "
                f"{(objection.on - filed).days} 日，超过十五日：期满未提出异议的合同已经生效",
                severity="warning",
                source="《中华人民共和国劳动合同法》第五十四条",
            )
    refiled = again.refiled_on
    if refiled is None:
        return
    yield from _before(
        ctx, (*path, "refiled_on"), refiled, objection.on, "重新报送早于审查意见书",
        f"{CONTRACT_RULES}第四十六条",
    )  # fmt: skip
    if again.signed_on is not None:
        yield from _before(
            ctx, (*path, "refiled_on"), refiled, again.signed_on, "重新报送早于重新签订",
            f"{CONTRACT_RULES}第四十二条",
        )  # fmt: skip
        if (refiled - again.signed_on).days > FILING_DAYS:
            yield ctx.finding(
                (*path, "refiled_on"),
                f"重新报送（{refiled.isoformat()}）在重新签订后第 "
                f"{(refiled - again.signed_on).days} 日，超过十日",
                severity="warning",
                source=f"{CONTRACT_RULES}第四十二条",
            )
    if procedure.review is not None:
        yield from _before(
            ctx, ("procedure", "review", "on"), procedure.review.on, refiled,
            "审查结果早于重新报送日期：重新报送后，review 记录的是对重新报送的文本的审查结果",
            f"{CONTRACT_RULES}第四十六条",
        )  # fmt: skip


def _talks(ctx: RuleContext) -> Iterator[Finding]:
    agreement = ctx.agreement
    procedure = agreement.procedure
    meetings = sorted(meeting.on for meeting in procedure.meetings)
    votes = sorted(assembly.on for assembly in procedure.assemblies)
    dispute = procedure.dispute
    if dispute is not None:
        if procedure.offer is not None:
            yield from _before(
                ctx, ("procedure", "dispute", "on"), dispute.on, procedure.offer.on,
                "协调处理申请早于要约：争议发生在集体协商过程中", f"{CONTRACT_RULES}第四十九条",
            )  # fmt: skip
        yield from _before(
            ctx, ("procedure", "dispute", "on"), agreement.signing_date, dispute.on,
            "协调处理申请晚于签订：签订后的争议不是集体协商争议", f"{CONTRACT_RULES}第四十九条",
        )  # fmt: skip
    consultation = procedure.consultation
    if consultation is not None and votes:
        yield from _before(
            ctx, ("procedure", "consultation", "until"), votes[0], consultation.until,
            "审议早于征求意见期满：草案先征求职工意见再审议", NOTICE_2024_51,
        )  # fmt: skip
    if consultation is not None and meetings:
        yield from _before(
            ctx, ("procedure", "consultation", "on"), consultation.on, meetings[0],
            "征求意见早于第一次协商会议：公布的是协商形成的草案", NOTICE_2024_51,
        )  # fmt: skip
    roster = procedure.roster
    if roster is not None and meetings and roster.on > meetings[0]:
        yield ctx.finding(
            ("procedure", "roster", "on"),
            f"协商代表公示（{roster.on.isoformat()}）晚于第一次协商会议（"
            f"{meetings[0].isoformat()}）：名单应在协商前公示",
            severity="warning",
        )


def _within_term(ctx: RuleContext) -> Iterator[Finding]:
    agreement = ctx.agreement
    term = agreement.term
    for index, variation in enumerate(agreement.procedure.variations):
        path: Path_ = ("procedure", "variations", index, "on")
        yield from _before(
            ctx, path, variation.on, agreement.signing_date,
            f"{variation.kind}协议早于本合同的签订", f"{CONTRACT_RULES}第三十九条",
        )  # fmt: skip
        yield from _before(
            ctx, path, term.end + timedelta(days=1), variation.on,
            f"{variation.kind}协议晚于合同期满：期满的合同按续订办理", f"{CONTRACT_RULES}第三十八条",
        )  # fmt: skip


def elected_delegates(ctx: RuleContext) -> Iterator[Finding]:
    """The 行业（区域）职工代表大会 recorded with its elections: the delegates elected add up to
    no more than the assembly's membership, and an enterprise electing fewer than the contract's
    ratio gives it (one for every `workers_per_delegate` workers, at least one) is named."""
    agreement = ctx.agreement
    procedure = agreement.procedure
    if not procedure.elections:
        return
    total = sum(item.delegates for item in procedure.elections)
    for assembly in procedure.assemblies:
        sector = assembly.enterprise is None and assembly.delegates is not None
        if sector and assembly.delegates is not None and total > assembly.delegates:
            yield ctx.finding(
                ("procedure", "elections"),
                f"各企业选出代表合计 {total} 人，多于大会全体代表 {assembly.delegates} 人",
                source=f"{CONTRACT_RULES}第三十六条",
            )
    for index, row in enumerate(delegate_rows(agreement, procedure.elections)):
        if row.short:
            yield ctx.finding(
                ("procedure", "elections", index, "delegates"),
                f"{row.election.enterprise}职工 {row.election.workers} 人，按每 "
                f"{agreement.approval.workers_per_delegate} 名职工一名应选代表 {row.due} 人，"
                f"只选出 {row.election.delegates} 人",
                severity="warning",
            )


def variation_figures(ctx: RuleContext) -> Iterator[Finding]:
    """A variation's figures, like the contract's: each strictly above the local monthly
    minimum (人社厅发〔2024〕51号, 晋人社厅函〔2024〕1185号: 高于), and not falling as the level
    rises."""
    minimum = ctx.applicable.monthly
    for index, variation in enumerate(ctx.agreement.procedure.variations):
        ranked = sorted(variation.levels.items(), key=lambda item: item[0].rank)
        previous = None
        for level, amount in ranked:
            path: Path_ = ("procedure", "variations", index, "levels", level.value)
            if amount <= minimum:
                yield ctx.finding(
                    path,
                    f"变更后{level.value}月最低工资 {yuan(amount)} 元不高于当地月最低工资标准 "
                    f"{yuan(minimum)} 元",
                    label=level.value,
                    figure=amount,
                    limit=minimum,
                    source=NOTICE_2024_51,
                )
            if previous is not None and amount < previous[1]:
                yield ctx.finding(
                    path,
                    f"变更后{level.value}月最低工资 {yuan(amount)} 元低于{previous[0].value}的 "
                    f"{yuan(previous[1])} 元：技能等级越高，标准不得越低",
                    source=NOTICE_2024_51,
                )
            previous = (level, amount)


PAPER_RULES = (papers_in_order, elected_delegates, variation_figures)
