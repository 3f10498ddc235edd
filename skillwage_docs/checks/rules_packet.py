"""Rules on the bargaining packet's data (issue 14): the representatives' lists and the votes.

Self-contained (they read only the agreement and report through `RuleContext.finding`) and
registered with the other built-in rules in rules.py. Each rule checks only what the context
records: an absent list or count is unknown, never a failure. The 20-day reply
(`reply_within_twenty_days`) and the 10-day filing (`filed_within_ten_days`) are rules.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ..inputs.approval import vote
from ..inputs.bargaining import Delegation
from ..text.packet import EMPLOYER, WORKER

if TYPE_CHECKING:
    from .findings import Finding
    from .rule_context import RuleContext

__all__ = [
    "PACKET_RULES",
    "assembly_votes",
    "delegation_at_least_three",
    "delegation_matches_party",
    "delegations_equal",
    "nobody_on_both_sides",
    "outside_experts_third",
]

CONTRACT_RULES = "《集体合同规定》"
# 《集体合同规定》第十九条: at least three representatives a side.
MIN_REPRESENTATIVES = 3


def _lists(ctx: RuleContext) -> Iterator[tuple[str, str, Delegation]]:
    """(key, 职工方/企业方, list) for each side whose list the context records."""
    lists = ctx.agreement.procedure.representatives
    for key, label, delegation in (
        ("worker", WORKER, lists.worker),
        ("employer", EMPLOYER, lists.employer),
    ):
        if delegation is not None:
            yield key, label, delegation


def delegation_matches_party(ctx: RuleContext) -> Iterator[Finding]:
    """A side's list agrees with what the contract prints about that side: as many members as
    `representatives`, exactly one 首席代表 and that one is `chief_representative` (《集体合同
    规定》第十九条), the way they were chosen is the one the contract states (the worker side
    选派 by the union federation; the employer side as `employer_mandate`), and an authorisation
    names the 首席代表."""
    agreement = ctx.agreement
    source = f"{CONTRACT_RULES}第十九条"
    for key, label, delegation in _lists(ctx):
        party = agreement.worker_party if key == "worker" else agreement.employer_party
        path = ("procedure", "representatives", key)
        members = delegation.members
        if len(members) != party.representatives:
            yield ctx.finding(
                (*path, "members"),
                f"{label}名单列出 {len(members)} 人，与 {key}_party.representatives "
                f"（{party.representatives} 人）不一致",
                source=source,
            )
        chiefs = [i for i, member in enumerate(members) if member.role == "首席代表"]
        if len(chiefs) != 1:
            yield ctx.finding(
                (*path, "members"),
                f"{label}名单应有且只有一名首席代表（role: 首席代表），实际 {len(chiefs)} 名",
                source=source,
            )
        elif members[chiefs[0]].name != party.chief_representative:
            yield ctx.finding(
                (*path, "members", chiefs[0], "name"),
                f"{label}名单的首席代表“{members[chiefs[0]].name}”与 {key}_party."
                f"chief_representative（“{party.chief_representative}”）不一致",
                source=source,
            )
        chosen = delegation.chosen_by
        if chosen is not None:
            expected = _expected_mandate(ctx, key)
            if chosen not in expected:
                yield ctx.finding(
                    (*path, "chosen_by"),
                    f"{label}协商代表的产生方式写为“{chosen}”，但合同写明{label}协商代表"
                    f"{'、'.join(expected)}产生",
                    source=f"{CONTRACT_RULES}第十九条；人社厅发〔2024〕51号",
                )
        grant = delegation.authorisation
        if grant is not None and grant.grantee != party.chief_representative:
            yield ctx.finding(
                (*path, "authorisation", "grantee"),
                f"授权书的被授权人“{grant.grantee}”不是{label}首席代表"
                f"“{party.chief_representative}”",
                source=source,
            )


def _expected_mandate(ctx: RuleContext, key: str) -> tuple[str, ...]:
    """How the contract text says a side's representatives are chosen (contract.md.j2)."""
    if key == "worker":
        return ("工会联合会选派",)
    if ctx.agreement.employer_mandate == "推举":
        return ("企业推举",)
    return ("行业协会指派", "企业代表组织指派")


def delegations_equal(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第十九条: the two sides have the same number of representatives; checked
    on the lists when both are recorded (`equal_representatives` checks the printed counts)."""
    lists = ctx.agreement.procedure.representatives
    if lists.worker is None or lists.employer is None:
        return
    worker, employer = len(lists.worker.members), len(lists.employer.members)
    if worker != employer:
        yield ctx.finding(
            ("procedure", "representatives", "employer", "members"),
            f"双方协商代表人数应当相等：职工方名单 {worker} 人，企业方名单 {employer} 人",
            source=f"{CONTRACT_RULES}第十九条",
        )


def delegation_at_least_three(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第十九条: at least three representatives a side."""
    for key, label, delegation in _lists(ctx):
        if len(delegation.members) < MIN_REPRESENTATIVES:
            yield ctx.finding(
                ("procedure", "representatives", key, "members"),
                f"{label}名单只有 {len(delegation.members)} 人，每方协商代表至少三人",
                source=f"{CONTRACT_RULES}第十九条",
            )


def outside_experts_third(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第二十三条: the 首席代表 may appoint outside professionals in writing, no
    more than a third of the side's representatives."""
    for key, label, delegation in _lists(ctx):
        experts = [m for m in delegation.members if m.role == "外聘专家"]
        total = len(delegation.members)
        if len(experts) * 3 > total:
            yield ctx.finding(
                ("procedure", "representatives", key, "members"),
                f"{label}外聘专家 {len(experts)} 人，超过本方协商代表 {total} 人的三分之一",
                source=f"{CONTRACT_RULES}第二十三条",
            )


def nobody_on_both_sides(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第二十四条: no one represents both sides. A name on both lists is an
    error; when both entries give different posts it may be two people of the same name, so
    a warning asks the author to check."""
    lists = ctx.agreement.procedure.representatives
    if lists.worker is None or lists.employer is None:
        return
    workers = {member.name: member for member in lists.worker.members}
    for index, member in enumerate(lists.employer.members):
        other = workers.get(member.name)
        if other is None:
            continue
        distinct = other.post is not None and member.post is not None and other.post != member.post
        yield ctx.finding(
            ("procedure", "representatives", "employer", "members", index, "name"),
            f"“{member.name}”同时列在职工方和企业方的协商代表名单中"
            + ("（两处单位及职务不同，如为同名的两人请核对）" if distinct else "")
            + "：任何人不得同时担任双方的协商代表",
            severity="warning" if distinct else "error",
            source=f"{CONTRACT_RULES}第二十四条",
        )


def assembly_votes(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十六条, for the 行业（区域）职工代表大会 or each accepting enterprise's
    职代会 or 职工大会: at least two thirds of all representatives (or staff) present, and
    more than half of all of them in favour. Exactly half is a warning, not an error: the
    article says 半数以上, and "以上" includes the number itself in Chinese legal usage
    (《中华人民共和国民法典》第一千二百五十九条 for civil law), so the vote may stand, but the
    margin is the least possible and a reviewer may read it otherwise. Under the enterprise route
    (`approval.route: 企业分别审议`) one enterprise's failed vote is a normal outcome: it is not
    counted toward the threshold, which `approval_recorded` checks."""
    source = f"{CONTRACT_RULES}第三十六条"
    by_enterprise = ctx.agreement.approval.route == "企业分别审议"
    for index, assembly in enumerate(ctx.agreement.procedure.assemblies):
        if by_enterprise and assembly.enterprise is not None:
            continue
        result = vote(assembly)
        name = assembly.enterprise or assembly.body or "审议会议"
        people = result.people
        total, present, favour = assembly.delegates, assembly.present, assembly.in_favour
        path = ("procedure", "assemblies", index)
        if result.quorum is False and total is not None and present is not None:
            yield ctx.finding(
                (*path, "present"),
                f"{name}出席 {present} 人，不足全体{people} {total} 人的三分之二",
                source=source,
            )
        if total is None or favour is None:
            continue
        if favour * 2 < total:
            yield ctx.finding(
                (*path, "in_favour"),
                f"{name}同意 {favour} 人，未达到全体{people} {total} 人的半数，草案未获通过",
                source=source,
            )
        elif favour * 2 == total:
            yield ctx.finding(
                (*path, "in_favour"),
                f"{name}同意 {favour} 人，恰为全体{people} {total} 人的半数：按“半数以上”包括本数"
                "可以通过，但没有余量；请核实当地审查部门的把握尺度",
                severity="warning",
                source=source,
            )


PACKET_RULES: tuple[Callable[[RuleContext], Iterable[Finding]], ...] = (
    delegation_matches_party,
    delegations_equal,
    delegation_at_least_three,
    outside_experts_third,
    nobody_on_both_sides,
    assembly_votes,
)
