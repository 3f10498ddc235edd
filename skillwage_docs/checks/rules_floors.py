"""Rules that keep every worker of a skilled post above the local minimum from the first day,
and the text able to say plainly what counts toward its figures (issue 20 points 2, 6, 7).

晋人社厅函〔2024〕1185号 and 人社厅发〔2025〕52号 set the agreed skilled-worker minimum *higher
than* the local minimum: no skilled post may be paid at the minimum, not even for months. The
text pays an uncertified worker the lowest level's figure from the first day, or a stated entry
figure (`entry`, checked here against the minimum by `monthly_above_minimum`); a 学徒工 figure
only under a defined apprenticeship with a capped period; and, wherever the province sets a
part-time hourly minimum, an hourly figure for every level.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..base.figures import yuan
from ..inputs.terms import SkillLevel
from .findings import Finding
from .rule_context import MIN_WAGE_RULES, NOTICE_2024_51, NOTICE_2025_52, RuleContext

__all__ = [
    "APPRENTICESHIP_MONTHS",
    "apprentices_defined",
    "entry_pay",
    "own_contributions",
    "part_time_floor",
    "skilled_posts",
]

# The 2021 guidance on 企业新型学徒制 sets a training period of one to two years (three in
# special cases) [S]; a 学徒工 figure below the lowest level for longer than two years would
# leave a skilled worker near the minimum for years.
APPRENTICESHIP_MONTHS = 24


def apprentices_defined(ctx: RuleContext) -> Iterator[Finding]:
    """A 学徒工 row applies only to a defined apprentice: a named programme under a written
    training agreement (`apprenticeship`) with a capped period."""
    agreement = ctx.agreement
    index = next(
        (i for i, row in enumerate(agreement.skill_levels) if row.level == SkillLevel.学徒工), None
    )
    scheme = agreement.apprenticeship
    if index is not None and scheme is None:
        yield ctx.finding(
            ("skill_levels", index, "level"),
            "有学徒工标准，但没有写明学徒的范围（apprenticeship: {programme: 企业新型学徒制, "
            "months: 培养期}）：没有书面培养协议和期限的“学徒期”会让技能岗位的职工长期拿低于"
            "最低等级的工资",
            label=SkillLevel.学徒工.value,
            source=f"{NOTICE_2025_52}；晋人社厅函〔2024〕1185号",
        )
    if scheme is not None and scheme.months > APPRENTICESHIP_MONTHS:
        yield ctx.finding(
            ("apprenticeship", "months"),
            f"学徒培养期 {scheme.months} 个月，超过 {APPRENTICESHIP_MONTHS} 个月（企业新型学徒制"
            "培养期限一般为一至二年）",
            source="《关于全面推行中国特色企业新型学徒制 加强技能人才培养的指导意见》",
        )
    if scheme is not None and index is None:
        yield ctx.finding(
            ("apprenticeship",),
            "写明了学徒培养（apprenticeship），但工资表没有学徒工等级：学徒按最低等级执行，"
            "本项不起作用",
            severity="warning",
        )


def entry_pay(ctx: RuleContext) -> Iterator[Finding]:
    """An entry figure lies above the local minimum and below the lowest level's figure (else
    it says nothing the level table does not). 高于 the minimum: `monthly_above_minimum` checks
    it with every other monthly figure."""
    agreement = ctx.agreement
    entry = agreement.entry
    if entry is None:
        return
    lowest = next(
        (row for row in agreement.levels_sorted() if row.level != SkillLevel.学徒工), None
    )
    if lowest is not None and entry.monthly >= lowest.monthly:
        yield ctx.finding(
            ("entry", "monthly"),
            f"入职标准 {yuan(entry.monthly)} 元不低于{lowest.level.value}标准 "
            f"{yuan(lowest.monthly)} 元：不需要另设入职标准，删去 entry 即自上岗之日起执行"
            f"{lowest.level.value}标准",
            severity="warning",
            label="入职",
        )


def part_time_floor(ctx: RuleContext) -> Iterator[Finding]:
    """Wherever the province sets an hourly minimum for part-time work (《最低工资规定》第五条),
    every level carries an hourly figure, so a part-time worker in a skilled post has a floor
    above the minimum too (人社厅发〔2024〕51号: 高于当地最低工资标准)."""
    std = ctx.applicable
    if std.hourly is None:
        return
    for index, row in enumerate(ctx.agreement.skill_levels):
        if row.hourly is None:
            yield ctx.finding(
                ("skill_levels", index, "hourly"),
                f"当地有非全日制用工小时最低工资标准 {yuan(std.hourly)} 元/小时"
                f"（{std.describe(hourly=True)}），该等级没有小时最低工资（hourly）：非全日制的"
                "技能人才就只有当地最低标准的保障",
                label=row.level.value,
                limit=std.hourly,
                source=f"{MIN_WAGE_RULES}第五条；{NOTICE_2024_51}",
            )


def own_contributions(ctx: RuleContext) -> Iterator[Finding]:
    """The text says plainly whether its figures include the worker's own social-insurance and
    housing-fund contributions: from the province's table (`exclusions.contributions_included`),
    or because the parties bargained them out. Where neither says, it can only refer to the
    province's rules: a warning asks for one or the other."""
    agreement = ctx.agreement
    std = ctx.applicable
    if agreement.exclude_contributions or std.exclusions.contributions_included is not None:
        return
    yield ctx.finding(
        ("exclude_contributions",),
        f"{std.province}最低工资表没有写明最低工资是否包含劳动者个人缴纳的社会保险费和住房公积金"
        "（exclusions.contributions_included），合同只能写“按照有关规定执行”：请按省里的文件在"
        "最低工资表中补充，或者约定不计入（exclude_contributions: true）",
        severity="warning",
        source=MIN_WAGE_RULES,
    )


def skilled_posts(ctx: RuleContext) -> Iterator[Finding]:
    """The 《技能岗位目录》 rows: a post's category is one of the schedule's (a post in a category
    the tables do not set would have no figure). An occupation whose 大典 code the register
    (templates/clauses/occupations.yaml) lacks is printed as 未查到 in the annex itself."""
    agreement = ctx.agreement
    names = {c.category for c in agreement.categories}
    for index, post in enumerate(agreement.posts):
        if post.category is not None and post.category not in names:
            known = "、".join(names) or "（本合同不分类别）"
            yield ctx.finding(
                ("posts", index, "category"),
                f"岗位“{post.name}”的类别“{post.category}”不是本合同的岗位类别（{known}）",
            )
