"""What the procedure's further papers record (issue 21), beyond the 要约, minutes and votes of
`bargaining.py`: who gave the employer side its mandate and how the worker side's assembly
delegates were elected, the representatives made public, the information the talks asked
for, the draft published for comment, a deadlock taken to the labour authority, a variation
or dissolution, and what follows effect (each enterprise's receipt and publication, its yearly
report, the union's yearly check, the yearly wage round), and the allowances a timetable is
counted back with.

Every part is optional: absent is unknown, a blank on the paper, never an error and never a
guess. Leaf models only (the procedure block in `bargaining.py` holds them), so this module
imports nothing of that one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..base.model import Day, Model, Money, Text
from .terms import SkillLevel

__all__ = [
    "AnnualReport",
    "Consultation",
    "Dispute",
    "Election",
    "EmployerMandate",
    "Firm",
    "InformationRequest",
    "Inspection",
    "Items",
    "Plan",
    "PublicNotice",
    "Receipt",
    "ReportRow",
    "Underpaid",
    "Variation",
    "WageRound",
    "Year",
]

Items = Annotated[list[Text], Field(max_length=50)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Side = Literal["职工方", "企业方"]


class Firm(Model):
    """An enterprise of the sector or region as a list names it: a 会员企业 of the employer
    organisation or not (issue 21 point 1: member and non-member enterprises choose together)."""

    name: Text
    member: bool | None = None  # 企业代表组织的会员企业
    workers: int | None = Field(default=None, ge=1, le=1_000_000)  # 职工人数


class EmployerMandate(Model):
    """The employer side's mandate (issue 21 point 1): the 推举书 by which the covered
    enterprises choose the employer representatives (`Agreement.employer_mandate: 推举`), or the
    employer organisation's 授权委托书 with the enterprises that gave it (`指派`). For a sector
    or regional contract 《集体合同规定》第二十一条 (the legal representative names them) is a
    single-employer rule (domain.md §2): what a reviewer asks for instead is this list."""

    on: Day | None = None  # 推举会议（出具委托）日期
    meeting: Text | None = None  # 推举会议的名称和地点
    firms: list[Firm] = Field(default_factory=list, max_length=5000)  # 参加推举（委托）的企业


class Election(Model):
    """One covered enterprise's election of delegates to the 行业（区域）职工代表大会 (the
    approval route `职工代表大会`: delegates elected from the covered enterprises)."""

    enterprise: Text
    workers: int | None = Field(default=None, ge=1, le=1_000_000)  # 该企业职工人数
    delegates: int = Field(ge=1, le=10_000)  # 选出的代表人数
    on: Day | None = None  # 选举日期
    form: Literal["职工大会", "职工代表大会"] = "职工大会"  # 选举代表的会议
    skilled: Count | None = None  # 其中技能人才
    women: Count | None = None  # 其中女职工

    @model_validator(mode="after")
    def _parts_fit(self) -> Election:
        for part in (self.skilled, self.women):
            if part is not None and part > self.delegates:
                raise ValueError("part_over_delegates")
        return self


class PublicNotice(Model):
    """公示: the representatives made public before the talks (issue 21 point 3): from `on` to
    `until`, by `means`, with what was raised and how it was handled."""

    on: Day
    until: Day | None = None
    means: Items = Field(default_factory=list)  # 公示方式，如 各企业公告栏张贴
    objections: Text | None = None  # 公示期间收到的意见及处理；无意见的写“无”

    @model_validator(mode="after")
    def _in_order(self) -> PublicNotice:
        if self.until is not None and self.until < self.on:
            raise ValueError("until_before_on")
        return self


class InformationRequest(Model):
    """资料提供函 (《集体合同规定》第二十五条第三项: representatives provide the information and
    material the talks need; 第二十六条: they keep the enterprise's business secrets): who asked
    whom for what, by when, and when the requesting side signed its confidentiality undertaking."""

    on: Day | None = None
    by: Side = "职工方"
    to: Items = Field(default_factory=list)  # 提供单位（企业方、各企业）
    items: Items = Field(default_factory=list)  # 所需资料（空：按人社厅发〔2024〕51号列出的因素）
    due: Day | None = None  # 提供期限
    undertaking_on: Day | None = None  # 保密承诺书签署日期


class Consultation(Model):
    """The draft published to the workers of the covered enterprises for comment before the
    assembly (issue 21 point 5; 人社厅发〔2024〕51号's sequence ends 职代会审议、公示报送): from
    `on` to `until`, where it was posted, how to comment, what came back and what was taken."""

    on: Day
    until: Day
    means: Items = Field(default_factory=list)  # 公布方式
    channels: Items = Field(default_factory=list)  # 提出意见的方式（意见箱、电话、电子邮箱）
    comments: Count | None = None  # 收到的意见（条）
    adopted: Items = Field(default_factory=list)  # 采纳的意见和据此修改的内容

    @model_validator(mode="after")
    def _in_order(self) -> Consultation:
        if self.until < self.on:
            raise ValueError("until_before_on")
        return self


class Dispute(Model):
    """A deadlock in the talks taken to the labour authority in writing (《集体合同规定》第四十九条:
    either side or both may apply; 第五十条: the authority brings in the union and the
    employers' organisation at its level; 第五十二条: done within 30 days of acceptance, at most
    15 more)."""

    on: Day  # 申请日期
    by: Literal["职工方", "企业方", "双方"] = "职工方"
    issues: Items = Field(default_factory=list)  # 争议事项
    worker_position: Items = Field(default_factory=list)  # 职工方意见
    employer_position: Items = Field(default_factory=list)  # 企业方意见
    accepted_on: Day | None = None  # 受理日期
    settled_on: Day | None = None  # 《协调处理协议书》签署日期
    outcome: Text | None = None  # 协调结果


class Variation(Model):
    """A variation or dissolution of the contract in force, agreed by the same procedure
    (参照《集体合同规定》第三十九条至第四十一条: the contract's own 变更、解除 article). `levels`:
    the varied monthly figures by level (checked above the minimum like the contract's)."""

    kind: Literal["变更", "解除"] = "变更"
    on: Day  # 双方首席代表签订日期
    reason: Text | None = None  # 变更（解除）的原因
    changes: Items = Field(default_factory=list)  # 变更的条款和内容
    levels: dict[SkillLevel, Money] = Field(default_factory=dict)  # 变更后的月最低工资
    effective_from: Day | None = None  # 变更后的标准执行之日（解除之日）
    approved: Text | None = None  # 审议情况（如 2026年5月20日区域职工代表大会审议通过）
    filed_on: Day | None = None  # 报送审查日期


class Receipt(Model):
    """One covered enterprise after effect (issue 21 point 10): when it received the contract
    (送达回执) and when and how it made the standards known to its workers within the
    `compliance_days` the contract gives (公示确认)."""

    enterprise: Text
    received_on: Day | None = None
    published_on: Day | None = None
    means: Text | None = None  # 公示方式
    skilled: Count | None = None  # 适用本合同的技能人才人数


class ReportRow(Model):
    level: SkillLevel
    workers: Count  # 该等级技能人才人数
    lowest: Money  # 该等级实发月工资最低的数额


class AnnualReport(Model):
    """An enterprise's yearly report on how it carried out the contract (the text: by the end
    of `report_month`, the skilled workers covered, pay by level, back pay, assessments)."""

    year: Year  # 报告的年度（上一年度）
    enterprise: Text
    submitted_on: Day | None = None
    rows: list[ReportRow] = Field(default_factory=list, max_length=8)
    back_pay: Money | None = None  # 补发差额合计（元）
    assessed: Count | None = None  # 当年取得技能等级证书的人数


class Underpaid(Model):
    """An enterprise the yearly check found paying below the contract (the self-check
    import's shortfalls, summed per enterprise)."""

    enterprise: Text
    workers: Count  # 低于约定标准的人数
    owed: Money  # 应补差额合计（元/月）
    corrected: bool | None = None  # 已补足差额


class Inspection(Model):
    """The union's yearly 履约检查 (the text: 职工方 checks with 企业方 at least once a year
    and reports to both sides' representatives), as the self-check import found it
    (`skillwage-docs compliance … --record` prints this block)."""

    year: Year
    on: Day | None = None  # 检查（报告）日期
    period: tuple[Day, Day] | None = None  # 自查期间
    enterprises: Count  # 自查的企业
    workers: Count | None = None  # 自查表所列技能人才人数
    underpaid: list[Underpaid] = Field(default_factory=list, max_length=5000)
    actions: Items = Field(default_factory=list)  # 督促整改的措施
    source: Text | None = None  # 自查表文件（导入记录）


class WageRound(Model):
    """The yearly wage round the text sets within the term (每年至少开展一次技能人才工资集体
    协商): its 要约, in writing like the first one (《集体合同规定》第三十二条)."""

    year: Year
    on: Day
    by: Side = "职工方"
    received_on: Day | None = None
    proposal: Text | None = None  # 提出的调整幅度
    grounds: Items = Field(default_factory=list)  # 提出的依据
    meeting_on: Day | None = None  # 建议的协商日期
    place: Text | None = None  # 建议的协商地点


class Plan(Model):
    """The allowances a timetable is counted back with (issue 21 point 12): the parties' own
    planning, never law. The statutory periods (20 days to answer, 10 to file, 15 of review)
    are `procedure.py`'s constants. `target`: the day the contract should be in force (the
    term's start unless set)."""

    target: Day | None = None
    talks: int = Field(default=30, ge=1, le=365)  # 协商（第一次会议至形成草案）
    comments: int = Field(default=7, ge=1, le=90)  # 草案公布征求意见
    notice: int = Field(default=5, ge=0, le=60)  # 意见截止至大会召开（含召开通知）
    signing: int = Field(default=3, ge=0, le=60)  # 审议通过至首席代表签字
    filing: int = Field(default=10, ge=0, le=10)  # 签字至报送（不超过十日）
