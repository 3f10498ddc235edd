"""Rules across the agreements of one region (issue 20 point 4).

A carve-out (`Agreement.carve_outs`) hands part of a sector to another contract of the same
region. The text applies it only while that contract is in force and only where it is not lower
(contract.md.j2), but a carve-out that never applies, or that would lower a floor were it not
for that proviso, misleads every reader of the scope clause: such carve-outs are refused. The
other agreements come from `RuleContext.region` (checks/region.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from ..base.figures import yuan
from ..inputs.agreement import Agreement, LevelWage
from ..inputs.procedure import REVIEW_DAYS, timeline
from ..inputs.terms import SkillLevel
from .findings import Finding
from .rule_context import RuleContext

__all__ = ["carve_outs"]

_LAW = "《中华人民共和国劳动合同法》第五十四条、第五十五条"


def carve_outs(ctx: RuleContext) -> Iterator[Finding]:
    """Each carve-out names an agreement of the region, by its title, that is in force on this
    one's first day and sets no lower figure for any worker this one covers."""
    agreement = ctx.agreement
    others = {x.agreement.slug: x.agreement for x in ctx.region}
    for index, carve in enumerate(agreement.carve_outs):
        path = ("carve_outs", index)
        other = others.get(carve.agreement)
        if other is None or other.slug == agreement.slug:
            yield ctx.finding(
                (*path, "agreement"),
                f"划出的部分（{carve.part}）交给 {carve.agreement}，但本地区没有这份合同"
                f"（{agreement.region.code}/{carve.agreement}.yaml 不存在或无法读取）",
                source=_LAW,
            )
            continue
        if carve.title != other.display_title:
            yield ctx.finding(
                (*path, "title"),
                f"划出条款写的合同名称《{carve.title}》与 {carve.agreement} 的标题"
                f"《{other.display_title}》不一致",
                source=_LAW,
            )
        start = agreement.term.start
        why = _not_in_force(other, start)
        if why:
            yield ctx.finding(
                (*path, "agreement"),
                f"《{other.display_title}》在本合同起始日 {start.isoformat()} {why}：划出后"
                f"{carve.part}的技能人才在该日没有生效的标准；删去划出，两份合同同时适用时逐项"
                "比较、就高执行",
                source=_LAW,
            )
        for label, mine, theirs in _lower(agreement, other):
            yield ctx.finding(
                (*path, "agreement"),
                f"《{other.display_title}》的{label}"
                + (
                    f" {yuan(theirs)} 元低于本合同的 {yuan(mine)} 元"
                    if theirs is not None
                    else f"没有标准，而本合同为 {yuan(mine)} 元"
                )
                + f"：划出会降低{carve.part}技能人才的保底标准；删去划出，逐项比较、就高执行",
                label=label,
                figure=theirs,
                limit=mine,
                source=_LAW,
            )


def _not_in_force(other: Agreement, day: date) -> str:
    """Why `other` is not in force on `day` ("" if it is): its term must cover the day, and it
    must have taken effect by then (《劳动合同法》第五十四条: fifteen days after the reviewer
    received it without objection) — on record, or counted from its recorded filing."""
    term = other.term
    if not term.start <= day <= term.end:
        return f"不在其期限内（{term.start.isoformat()} 至 {term.end.isoformat()}）"
    times = timeline(other)
    if times.objected:
        return "审查有异议，尚未生效"
    effective = times.effective
    if effective is None and times.filed_on is not None:
        effective = times.filed_on + timedelta(days=REVIEW_DAYS)
    if effective is None:
        return "尚未报送审查，不能确认已经生效"
    if effective > day:
        return f"尚未生效（最早 {effective.isoformat()} 生效）"
    return ""


def _floor(agreement: Agreement, row: LevelWage) -> Decimal:
    """What a worker at the level is owed a month under the level table: the total under the
    allowance form, the figure plus the allowance agreed on top otherwise."""
    allowance = row.allowance or Decimal(0)
    if agreement.wage_form == "最低技能津贴" and agreement.base_wage is not None:
        return max(row.monthly, agreement.base_wage + allowance)
    return row.monthly + allowance


def _lower(mine: Agreement, other: Agreement) -> Iterator[tuple[str, Decimal, Decimal | None]]:
    """(what, this one's figure, the other's or None) wherever the other pays less, level by
    level: the level table, the hourly figures, 井下 posts, and each occupation of this one
    (the other's same occupation, else its level figure)."""
    theirs = {row.level: row for row in other.skill_levels}
    for row in mine.levels_sorted():
        match = theirs.get(row.level)
        floor = _floor(mine, row)
        if match is None:
            yield f"{row.level.value}标准", floor, None
            continue
        if _floor(other, match) < floor:
            yield f"{row.level.value}月标准", floor, _floor(other, match)
        if row.hourly is not None and (match.hourly is None or match.hourly < row.hourly):
            yield f"{row.level.value}小时标准", row.hourly, match.hourly
        if row.underground is not None and (
            match.underground is None or match.underground < row.underground
        ):
            yield f"{row.level.value}井下岗位标准", row.underground, match.underground
    for occupation in mine.occupations:
        same = next((o for o in other.occupations if o.name == occupation.name), None)
        for level, amount in occupation.monthly.items():
            figure = _their_figure(other, theirs, same.monthly if same else {}, level)
            if figure is None or figure < amount:
                yield f"{occupation.name}·{level.value}标准", amount, figure


def _their_figure(
    other: Agreement,
    levels: dict[SkillLevel, LevelWage],
    own: dict[SkillLevel, Decimal],
    level: SkillLevel,
) -> Decimal | None:
    row = levels.get(level)
    candidates = [own[level]] if level in own else []
    if row is not None:
        candidates.append(_floor(other, row))
    return max(candidates) if candidates else None
