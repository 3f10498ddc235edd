"""The recorded votes against the approval route and threshold the contract states (issue 20
point 1).

A sector or regional contract binds every enterprise in its scope (《劳动合同法》第五十四条), so
its text says how the draft is approved (`Agreement.approval`): by a 行业（区域）职工代表大会
elected from the covered enterprises, or by the enterprises' own votes (参照《集体合同规定》
第三十六条) until those that passed employ the stated share of the covered workers. The text and
the filing papers print what `procedure.assemblies` records; this rule refuses a record that
does not fit the route, or whose count falls short of the threshold. An absent record is
unknown, never a failure (the votes may not have been entered yet).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..inputs.approval import tally
from .findings import Finding
from .rule_context import CONTRACT_RULES, RuleContext

__all__ = ["approval_recorded"]

_ARTICLE = f"{CONTRACT_RULES}第三十六条；《中华人民共和国劳动合同法》第五十四条"


def approval_recorded(ctx: RuleContext) -> Iterator[Finding]:
    """Each recorded vote fits the route the text states, and the enterprise route's count
    clears its threshold."""
    agreement = ctx.agreement
    if not agreement.procedure.assemblies:
        return
    if agreement.approval.route == "职工代表大会":
        yield from _assembly_route(ctx)
    else:
        yield from _enterprise_route(ctx)


def _assembly_route(ctx: RuleContext) -> Iterator[Finding]:
    """A 行业（区域）职工代表大会: no single enterprise's vote stands in for it, and its delegates
    are at least as many as the election ratio the text states gives (one for every
    `workers_per_delegate` workers, at least one an enterprise)."""
    agreement = ctx.agreement
    field = "行业" if agreement.kind == "行业性" else "区域"
    per = agreement.approval.workers_per_delegate
    for index, assembly in enumerate(agreement.procedure.assemblies):
        path = ("procedure", "assemblies", index)
        if assembly.enterprise is not None:
            yield ctx.finding(
                (*path, "enterprise"),
                f"合同写明草案由{field}职工代表大会审议（approval），而这里记录的是"
                f"{assembly.enterprise}的审议：由各企业分别审议的，写 approval: "
                "{route: 企业分别审议, threshold: 过半数}，并记录每家企业的职工人数",
                source=_ARTICLE,
            )
            continue
        if per is None or assembly.delegates is None:
            continue
        least = -(-(agreement.covered_workers or 0) // per)
        least = max(least, agreement.covered_enterprises or 0, assembly.enterprises or 0)
        if assembly.delegates < least:
            yield ctx.finding(
                (*path, "delegates"),
                f"{field}职工代表大会代表 {assembly.delegates} 人，少于合同写明的选举比例应有的"
                f"人数（每 {per} 名职工一名、每家企业至少一名：至少 {least} 人，按覆盖职工约 "
                f"{agreement.covered_workers or '—'} 人、企业 {agreement.covered_enterprises or '—'}"
                " 家计）",
                severity="warning",
                source=_ARTICLE,
            )


def _enterprise_route(ctx: RuleContext) -> Iterator[Finding]:
    """Each enterprise votes with its workers on record; together the enterprises whose vote
    passed employ the stated share of the covered workers."""
    agreement = ctx.agreement
    threshold = agreement.approval.threshold
    problems = list(_enterprise_records(ctx))
    yield from problems
    covered = agreement.covered_workers
    if covered is None:
        yield ctx.finding(
            ("covered_workers",),
            f"合同写明审议通过的企业职工合计须达到覆盖职工总数的{_shown(threshold)}，但没有填写"
            "覆盖职工人数（covered_workers），无法核对",
            source=_ARTICLE,
        )
        return
    if problems:
        return
    count = tally(agreement)
    total = sum(v.assembly.headcount or 0 for v in count.enterprise_votes)
    if total > covered:
        yield ctx.finding(
            ("covered_workers",),
            f"记录审议的企业职工合计 {total} 人，多于覆盖职工 {covered} 人：请核对各企业的职工"
            "人数或者覆盖职工人数",
            source=_ARTICLE,
        )
    elif count.met is False:
        yield ctx.finding(
            ("procedure", "assemblies"),
            f"审议通过的企业 {len(count.passed)} 家，职工合计 {count.workers_passed} 人，占覆盖"
            f"职工 {covered} 人的 {count.share}%，未达到合同写明的{_shown(threshold)}：草案未获"
            "通过，不能签订",
            source=_ARTICLE,
        )


def _enterprise_records(ctx: RuleContext) -> Iterator[Finding]:
    """Each record names its enterprise, once, with the enterprise's workers."""
    seen: dict[str, int] = {}
    for index, assembly in enumerate(ctx.agreement.procedure.assemblies):
        path = ("procedure", "assemblies", index)
        if assembly.enterprise is None:
            yield ctx.finding(
                path,
                "合同写明草案由各企业分别审议（approval.route: 企业分别审议），每项审议须写明企业"
                "（enterprise）和该企业的职工人数（workers）；召开行业（区域）职工代表大会的，"
                "写 approval: 职工代表大会",
                source=_ARTICLE,
            )
            continue
        if assembly.enterprise in seen:
            yield ctx.finding(
                (*path, "enterprise"),
                f"{assembly.enterprise}已在第 {seen[assembly.enterprise] + 1} 项审议中记录："
                "同一企业只计一次",
                source=_ARTICLE,
            )
        seen.setdefault(assembly.enterprise, index)
        if assembly.headcount is None:
            yield ctx.finding(
                path,
                f"{assembly.enterprise}没有职工人数（workers）：合同按审议通过的企业职工合计"
                "是否达到门槛确定草案是否通过，须写明每家企业的职工人数",
                source=_ARTICLE,
            )


def _shown(threshold: str) -> str:
    return "“超过半数”" if threshold == "过半数" else "“三分之二以上”"
