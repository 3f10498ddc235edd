"""Rules on the procedure: the term, the two sides, and the dates of bargaining, signing and filing.

《集体合同规定》 sets the steps for sector and regional contracts (第十九条 equal sides, 第三十二条
the 20-day answer, 第三十六至三十七条 approval before signing, 第三十八条 the term, 第四十二条
filing within 10 days); 《劳动合同法》第五十四条 when the contract takes effect.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from ..base.figures import add_months
from ..base.yamlsource import Path_
from ..inputs.procedure import EFFECT_DAYS, FILING_DAYS, REPLY_DAYS, latest_effective, timeline
from .findings import Finding
from .rule_context import CONTRACT_RULES, NOTICE_2024_51, RuleContext

__all__ = [
    "assembly_before_signing",
    "equal_representatives",
    "filed_within_ten_days",
    "procedure_in_order",
    "reply_within_twenty_days",
    "signing_before_start",
    "term_length",
    "term_start_before_effect",
]

# 《集体合同规定》第三十八条: a collective contract runs generally 1 to 3 years.
MAX_TERM_MONTHS = 36
MIN_TERM_MONTHS = 12


def term_length(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十八条: a term of generally 1 to 3 years, ending after it starts."""
    term = ctx.agreement.term
    span = f"{term.start.isoformat()} 至 {term.end.isoformat()}"
    rule = f"{CONTRACT_RULES}第三十八条：期限一般为 1 至 3 年"
    if term.end <= term.start:
        yield ctx.finding(("term", "end"), f"合同期限 {span}：终止日期不晚于起始日期", source=rule)
    elif term.end >= add_months(term.start, MAX_TERM_MONTHS):
        yield ctx.finding(("term", "end"), f"合同期限 {span} 超过 3 年（{rule}）", source=rule)
    elif term.end + timedelta(days=1) < add_months(term.start, MIN_TERM_MONTHS):
        yield ctx.finding(
            ("term", "end"), f"合同期限 {span} 不足 1 年（{rule}）", severity="warning", source=rule
        )


def equal_representatives(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第十九条: each side has the same number of representatives (the text
    says 人数相等, so unequal sides would make the contract contradict its own cover)."""
    worker, employer = ctx.agreement.worker_party, ctx.agreement.employer_party
    if worker.representatives != employer.representatives:
        yield ctx.finding(
            ("employer_party", "representatives"),
            f"双方协商代表人数应当相等：职工方 {worker.representatives} 人，"
            f"企业方 {employer.representatives} 人",
            source=f"{CONTRACT_RULES}第十九条",
        )


def signing_before_start(ctx: RuleContext) -> Iterator[Finding]:
    """The contract is signed before its term starts: it takes effect only after signing,
    filing (《集体合同规定》第四十二条) and the 15-day review (《劳动合同法》第五十四条)."""
    agreement = ctx.agreement
    if agreement.signing_date > agreement.term.start:
        yield ctx.finding(
            ("signing_date",),
            f"签订日期 {agreement.signing_date.isoformat()} 晚于合同起始日期 "
            f"{agreement.term.start.isoformat()}",
            source=f"{CONTRACT_RULES}第四十二条",
        )


def reply_within_twenty_days(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十二条: the side that receives a written 要约 answers in writing within
    20 days. Counted from `procedure.offer.received_on`; when only the offer's date is recorded
    a later answer is a warning (the offer may have arrived later)."""
    procedure = ctx.agreement.procedure
    offer, reply = procedure.offer, procedure.reply
    if offer is None or reply is None or reply.on < offer.on:
        return  # nothing to count, or out of order (procedure_in_order says so)
    start = offer.received_on or offer.on
    days = (reply.on - start).days
    if days <= REPLY_DAYS:
        return
    source = f"{CONTRACT_RULES}第三十二条"
    if offer.received_on is not None:
        yield ctx.finding(
            ("procedure", "reply"),
            f"应约日期 {reply.on.isoformat()} 距收到要约（{start.isoformat()}）{days} 日，"
            f"超过二十日（{source}：收到要约后二十日内书面回应）",
            source=source,
        )
    else:
        yield ctx.finding(
            ("procedure", "reply"),
            f"应约日期 {reply.on.isoformat()} 距要约日期 {start.isoformat()} {days} 日，超过二十日"
            f"（{source}）；如对方收到要约晚于要约日期，请填写 procedure.offer.received_on",
            severity="warning",
            source=source,
        )


def assembly_before_signing(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十六条、第三十七条: the draft goes to the 职工代表大会 or 职工大会
    first; only the text it approved is signed by both 首席代表."""
    agreement = ctx.agreement
    for index, assembly in enumerate(agreement.procedure.assemblies):
        if assembly.on > agreement.signing_date:
            body = f"（{assembly.body}）" if assembly.body else ""
            yield ctx.finding(
                ("procedure", "assemblies", index, "on"),
                f"职工代表大会（职工大会）审议日期 {assembly.on.isoformat()}{body} 晚于签订日期 "
                f"{agreement.signing_date.isoformat()}：合同草案应先经审议通过，再由双方首席代表签字",
                source=f"{CONTRACT_RULES}第三十六条、第三十七条",
            )


def procedure_in_order(ctx: RuleContext) -> Iterator[Finding]:
    """The recorded steps come in the order the procedure sets (人社厅发〔2024〕51号: 要约应约、
    协商会议、合同订立、职代会审议、公示报送): 要约 → 应约 → 协商会议 → 签订 → 报送 → 审查结果
    → 生效 → 公布 (《集体合同规定》第三十二条、第四十二条、第四十五条、第四十七条、第四十八条).
    The 审议 before signing is `assembly_before_signing`."""
    yield from _bargaining_in_order(ctx)
    yield from _after_filing(ctx)
    yield from _effect_then_publication(ctx)


def _bargaining_in_order(ctx: RuleContext) -> Iterator[Finding]:
    """要约 → 应约 → 协商会议, all by the signing date; 审议 after the first meeting."""
    agreement = ctx.agreement
    procedure = agreement.procedure
    # (path, date, step) pairs that must not come before the earlier one.
    steps: list[tuple[Path_, Any, str]] = []
    if procedure.offer is not None:
        steps.append((("procedure", "offer"), procedure.offer.on, "要约"))
        received = procedure.offer.received_on
        if received is not None and received < procedure.offer.on:
            yield ctx.finding(
                ("procedure", "offer", "received_on"),
                f"收到要约日期 {received.isoformat()} 早于要约日期 {procedure.offer.on.isoformat()}",
                source=f"{CONTRACT_RULES}第三十二条",
            )
    if procedure.reply is not None:
        steps.append((("procedure", "reply"), procedure.reply.on, "应约"))
    first_meeting = min((m.on for m in procedure.meetings), default=None)
    for index, meeting in enumerate(procedure.meetings):
        if meeting.on == first_meeting:
            steps.append((("procedure", "meetings", index), meeting.on, "协商会议"))
            break
    for path, day, label in steps:
        if day > agreement.signing_date:
            yield ctx.finding(
                path,
                f"{label}日期 {day.isoformat()} 晚于签订日期 {agreement.signing_date.isoformat()}",
                source=NOTICE_2024_51,
            )
    for index in range(1, len(steps)):
        (_, early, early_label), (path, late, label) = steps[index - 1], steps[index]
        if late < early:
            yield ctx.finding(
                path,
                f"{label}日期 {late.isoformat()} 早于{early_label}日期 {early.isoformat()}",
                source=f"{CONTRACT_RULES}第三十二条",
            )
    for index, assembly in enumerate(procedure.assemblies):
        if first_meeting is not None and assembly.on < first_meeting:
            yield ctx.finding(
                ("procedure", "assemblies", index, "on"),
                f"审议日期 {assembly.on.isoformat()} 早于第一次协商会议 {first_meeting.isoformat()}："
                "审议的是协商形成的合同草案",
                source=f"{CONTRACT_RULES}第三十六条",
            )


def _after_filing(ctx: RuleContext) -> Iterator[Finding]:
    """审查结果 and 生效 come after 报送 (第四十二条、第四十五条、第四十七条)."""
    agreement = ctx.agreement
    procedure = agreement.procedure
    filed = agreement.filing.filed_on if agreement.filing is not None else None
    after: list[tuple[Path_, Any, str, str]] = []
    if procedure.review is not None:
        after.append((("procedure", "review", "on"), procedure.review.on, "审查结果", "第四十五条"))
    if procedure.effective is not None:
        after.append((("procedure", "effective"), procedure.effective, "生效", "第四十七条"))
    for path, day, label, article in after:
        if filed is None:
            yield ctx.finding(
                path,
                f"记录了{label}，但没有报送日期（filing.filed_on）：合同须先报送审查",
                source=f"{CONTRACT_RULES}第四十二条、{article}",
            )
        elif day < filed:
            yield ctx.finding(
                path,
                f"{label}日期 {day.isoformat()} 早于报送日期 {filed.isoformat()}",
                source=f"{CONTRACT_RULES}{article}",
            )


def _effect_then_publication(ctx: RuleContext) -> Iterator[Finding]:
    """No 生效 over an objection (第四十六条); 公布 only once in force (第四十八条)."""
    agreement = ctx.agreement
    procedure = agreement.procedure
    review, effective = procedure.review, timeline(agreement).effective
    if review is not None and review.outcome == "有异议" and procedure.effective is not None:
        yield ctx.finding(
            ("procedure", "effective"),
            "审查有异议的合同，须就异议事项重新协商、签订并报送审查后才能生效",
            severity="warning",
            source=f"{CONTRACT_RULES}第四十六条",
        )
    if procedure.published is not None:
        if effective is None:
            yield ctx.finding(
                ("procedure", "published"),
                "记录了公布日期，但没有生效的记录（procedure.effective，或审查无异议的 "
                "procedure.review）：合同生效后才公布",
                severity="warning",
                source=f"{CONTRACT_RULES}第四十八条",
            )
        elif procedure.published < effective:
            yield ctx.finding(
                ("procedure", "published"),
                f"公布日期 {procedure.published.isoformat()} 早于生效日期 {effective.isoformat()}"
                "：生效的合同才向全体职工公布",
                source=f"{CONTRACT_RULES}第四十八条",
            )


def filed_within_ten_days(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第四十二条: the contract is sent for review within 10 days of signing.
    A late filing does not void the contract, so this is a warning."""
    agreement = ctx.agreement
    if agreement.filing is None:
        return
    days = (agreement.filing.filed_on - agreement.signing_date).days
    if days > FILING_DAYS:
        yield ctx.finding(
            ("filing", "filed_on"),
            f"报送日期 {agreement.filing.filed_on.isoformat()} 在签订（"
            f"{agreement.signing_date.isoformat()}）后第 {days} 日，超过十日",
            severity="warning",
            source=f"{CONTRACT_RULES}第四十二条",
        )


def term_start_before_effect(ctx: RuleContext) -> Iterator[Finding]:
    """A contract applies only once in force: filed within 10 days of signing (《集体合同规定》
    第四十二条) and not objected to within 15 days (《中华人民共和国劳动合同法》第五十四条). A term
    starting before signing + 25 days says more than the contract can do, unless the text
    promises to make up pay from the start (`back_pay`). A warning: the parties may have filed
    at once and heard back early."""
    agreement = ctx.agreement
    start, signing = agreement.term.start, agreement.signing_date
    effective = latest_effective(signing)
    if agreement.back_pay or start < signing or start >= effective:
        return  # a start before signing is signing_before_start's error
    yield ctx.finding(
        ("term", "start"),
        f"合同起始日期 {start.isoformat()} 早于签订日期 {signing.isoformat()} 加报送审查的 "
        f"{EFFECT_DAYS} 日（{effective.isoformat()}），合同生效前不能执行：请把起始日期推迟到 "
        f"{effective.isoformat()} 或以后，或者设 back_pay: true，在文本中约定生效后补发自起始日期起"
        "的工资差额",
        severity="warning",
        source="《中华人民共和国劳动合同法》第五十四条",
    )
