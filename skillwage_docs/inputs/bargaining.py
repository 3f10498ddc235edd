"""The optional `procedure:` block of an agreement: what happened in the bargaining and when
(offer, reply, meetings, assemblies, review, publication), and what the bargaining packet's
papers need beyond the dates (issue 14: representatives, submission, market data; issue 21:
the further papers of `papers.py`). Every part may be absent (unknown), never an error."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from ..base.model import Day, Model, Money, Text
from .papers import (
    AnnualReport,
    Consultation,
    Dispute,
    Election,
    EmployerMandate,
    InformationRequest,
    Inspection,
    Items,
    Plan,
    PublicNotice,
    Receipt,
    Variation,
    WageRound,
    Year,
)
from .terms import Contact, SkillLevel

__all__ = [
    "Assembly",
    "Authorisation",
    "Delegation",
    "Indicator",
    "Market",
    "Meeting",
    "Offer",
    "Procedure",
    "Proposal",
    "Reply",
    "Representative",
    "Representatives",
    "Resubmission",
    "Review",
    "Step",
    "Submission",
    "WagePrice",
]


def _step_shorthand(value: Any) -> Any:
    # `reply: 2025-04-20` is the same as `reply: {on: 2025-04-20}`: most steps are just a date.
    if isinstance(value, date | str) and not isinstance(value, datetime):
        return {"on": value}
    return value


class Step(Model):
    """One dated step of the bargaining (人社厅发〔2024〕51号: 要约应约、协商会议、合同订立、
    职代会审议、公示报送); issue 14's packet documents hang more fields on these."""

    on: Day
    note: Text | None = None


class Offer(Step):
    """要约: a written proposal to bargain (《集体合同规定》第三十二条)."""

    by: Literal["职工方", "企业方"] | None = None
    # The other side must answer within 20 days of *receiving* it (第三十二条); when the day of
    # receipt is not recorded the offer's own date stands in for it.
    received_on: Day | None = None
    # 要约书 (issue 14): the topics (default: PACKET_TOPICS), the first meeting it proposes and
    # whom to call. All optional: what is missing stays a blank on the form.
    topics: list[Text] | None = Field(default=None, max_length=20)  # 协商议题
    meeting: Proposal | None = None  # 建议的协商时间、地点
    contact: Contact | None = None  # 联系人及电话


class Assembly(Step):
    """职工代表大会或者职工大会审议 of the draft (参照《集体合同规定》第三十六条): the
    行业（区域）职工代表大会 (`enterprise` None), or under `approval.route: 企业分别审议` the
    职代会/职工大会 of one covered enterprise, with that enterprise's `workers`: the route's
    threshold counts the workers of the enterprises whose vote passed (inputs/approval.py)."""

    body: Text | None = None
    delegates: int | None = Field(default=None, ge=1, le=1_000_000)  # 全体职工代表（职工）人数
    present: int | None = Field(default=None, ge=0, le=1_000_000)
    in_favour: int | None = Field(default=None, ge=0, le=1_000_000)
    # 审议决议 (issue 14): 职工代表大会 or 职工大会 (counts are of 职工代表 or of 职工), the
    # accepting enterprise whose assembly it is (None: the 行业（区域）职工代表大会), and the
    # rest of the vote.
    form: Literal["职工代表大会", "职工大会"] = "职工代表大会"
    enterprise: Text | None = None
    against: int | None = Field(default=None, ge=0, le=1_000_000)  # 反对
    abstained: int | None = Field(default=None, ge=0, le=1_000_000)  # 弃权
    # 该企业职工人数: what the 企业分别审议 threshold counts (a 职工大会's `delegates` are its
    # workers, so it may be left out there).
    workers: int | None = Field(default=None, ge=1, le=1_000_000)
    # 行业（区域）职工代表大会: how many covered enterprises elected its delegates.
    enterprises: int | None = Field(default=None, ge=1, le=100_000)
    # 召开通知 (issue 21 point 6): when the delegates (or staff) were called, the time and place.
    notice_on: Day | None = None
    time: Text | None = None
    place: Text | None = None

    @model_validator(mode="after")
    def _counts_fit(self) -> Assembly:
        present, delegates, in_favour = self.present, self.delegates, self.in_favour
        if present is not None and delegates is not None and present > delegates:
            raise ValueError("present_over_delegates")
        if in_favour is not None and present is not None and in_favour > present:
            raise ValueError("favour_over_present")
        votes = [n for n in (in_favour, self.against, self.abstained) if n is not None]
        if present is not None and sum(votes) > present:
            raise ValueError("votes_over_present")
        staff = (self.workers, self.delegates)
        if self.form == "职工大会" and None not in staff and self.workers != self.delegates:
            raise ValueError("staff_meeting_workers")
        if self.enterprise is not None and self.enterprises is not None:
            raise ValueError("enterprises_of_one")
        return self

    @property
    def headcount(self) -> int | None:
        """The enterprise's workers: recorded, or a 职工大会's whole membership."""
        if self.workers is not None:
            return self.workers
        return self.delegates if self.form == "职工大会" else None


class Review(Model):
    """审查结果: the labour authority's answer to the filing (《集体合同规定》第四十五条 审查意见书;
    第四十七条 and 《劳动合同法》第五十四条: no objection within 15 days → in force). An outcome
    exists only with the record it rests on, so no output can state one nobody recorded."""

    outcome: Literal["无异议", "有异议"]
    on: Day
    record: Text  # e.g. 审查意见书文号、受理回执编号、经办人核实情况
    objections: Items = Field(default_factory=list)  # 审查意见书所列的异议事项


class Resubmission(Model):
    """After an objection (issue 21 point 7): the authority's 《审查意见书》 (`objection`, with its
    record like any answer; 参照《集体合同规定》第四十五条), then the parties bargain again on
    the points raised, answer, sign again and re-file (第四十六条). `procedure.review` is then
    the answer to the re-filed text, and the 15 days run from `refiled_on`."""

    objection: Review
    meeting_on: Day | None = None  # 就异议事项重新协商的日期
    changes: Items = Field(default_factory=list)  # 对各项异议的处理（修改内容或者说明）
    reply_on: Day | None = None  # 答复日期
    signed_on: Day | None = None  # 重新签订日期
    refiled_on: Day | None = None  # 重新报送日期

    @model_validator(mode="after")
    def _objected(self) -> Resubmission:
        if self.objection.outcome != "有异议":
            raise ValueError("resubmission_without_objection")
        return self


def _shorthand(model: type[Step]) -> BeforeValidator:
    """A bare date stands for `{on: date}`; the JSON Schema says so too (editors accept it)."""
    return BeforeValidator(_step_shorthand, json_schema_input_type=date | model)


class Procedure(Model):
    """The optional `procedure:` block: what happened when, as far as it is known. Every part
    may be absent (unknown), never an error. 签订 is `signing_date` and 报送 `filing.filed_on`."""

    offer: Annotated[Offer | None, _shorthand(Offer)] = None  # 要约
    reply: Annotated[Reply | None, _shorthand(Reply)] = None  # 应约
    meetings: list[Annotated[Meeting, _shorthand(Meeting)]] = Field(
        default_factory=list, max_length=50
    )  # 协商会议
    assemblies: list[Annotated[Assembly, _shorthand(Assembly)]] = Field(
        default_factory=list, max_length=500
    )  # 职代会/职工大会审议
    review: Review | None = None  # 审查结果
    effective: Day | None = None  # 生效
    published: Day | None = None  # 公布（《集体合同规定》第四十八条）
    # The bargaining packet (issue 14; the classes follow this one).
    representatives: Representatives = Field(default_factory=lambda: Representatives())
    submission: Submission | None = None  # 报送审查材料
    publication: Publication | None = None  # 公布的方式（日期为 published）
    market: Market | None = None  # 协商参考资料的市场数据
    # Issue 21: the further papers (papers.py), in procedure order.
    mandate: EmployerMandate | None = None  # 企业方推举书（授权委托书）和企业名单
    roster: PublicNotice | None = None  # 协商代表公示
    protection_on: Day | None = None  # 协商代表履职保护告知书送达日期（第二十八条）
    information: InformationRequest | None = None  # 资料提供函
    dispute: Dispute | None = None  # 协调处理申请（第四十九条）
    consultation: Consultation | None = None  # 草案公布征求意见
    elections: list[Election] = Field(default_factory=list, max_length=5000)  # 职代会代表选举
    resubmission: Resubmission | None = None  # 审查有异议后的答复和重新报送
    receipts: list[Receipt] = Field(default_factory=list, max_length=5000)  # 送达和公示确认
    annual_reports: list[AnnualReport] = Field(default_factory=list, max_length=5000)
    inspections: list[Inspection] = Field(default_factory=list, max_length=20)  # 年度履约检查
    wage_rounds: list[WageRound] = Field(default_factory=list, max_length=20)  # 年度工资协商要约
    variations: list[Variation] = Field(default_factory=list, max_length=20)  # 变更、解除
    plan: Plan | None = None  # 时间表的计划天数


# --- the bargaining packet (issue 14): what its documents need beyond the dates -----------------
# Every part is optional: a document whose data is missing prints a blank form instead.


class Proposal(Model):
    """A proposed meeting: 协商的时间、地点 (《集体合同规定》第三十三条第四项)."""

    on: Day | None = None
    time: Text | None = None  # 时刻，如 上午9时
    place: Text | None = None


class Reply(Step):
    """应约书 (《集体合同规定》第三十二条: a written answer within 20 days of receipt). Without
    `counter` the reply accepts the offer's time and place; with it, `meeting` is the reply's
    own proposal."""

    counter: bool = False  # 另行提出协商时间、地点
    meeting: Proposal | None = None
    topics: Items = Field(default_factory=list)  # 应约方增加的议题
    # Issue 21 point 11: a reply may refuse for a legitimate reason (第三十二条: no refusal
    # without one) or propose other terms, with its reasons either way.
    decision: Literal["同意", "拒绝"] = "同意"
    reasons: Items = Field(default_factory=list)  # 拒绝的正当理由，或者另行提出的理由


class Attendance(Model):
    worker: Items = Field(default_factory=list)  # 职工方出席
    employer: Items = Field(default_factory=list)  # 企业方出席
    others: Items = Field(default_factory=list)  # 列席


class Meeting(Step):
    """协商会议 and its minutes (《集体合同规定》第三十三条至第三十五条: 轮流主持, a recorder who is
    not a representative, 中止 with the next meeting agreed)."""

    time: Text | None = None
    place: Text | None = None
    chair: Text | None = None  # 主持人
    recorder: Text | None = None  # 记录员
    attendance: Attendance | None = None
    agenda: Items = Field(default_factory=list)  # 议程
    worker_position: Items = Field(default_factory=list)  # 职工方意见
    employer_position: Items = Field(default_factory=list)  # 企业方意见
    agreed: Items = Field(default_factory=list)  # 达成一致的事项
    pending: Items = Field(default_factory=list)  # 未达成一致的事项和下次协商安排


class Representative(Model):
    """One 协商代表 (《集体合同规定》第十九条); a 外聘专家 is a professional from outside whom the
    首席代表 appoints in writing (第二十三条)."""

    name: Text
    post: Text | None = None  # 单位及职务
    role: Literal["首席代表", "代表", "外聘专家"] = "代表"
    # Issue 21: the worker side's make-up (skilled workers and women among them) and the
    # employer each protection notice goes to (《集体合同规定》第二十八条).
    gender: Literal["男", "女"] | None = None
    level: SkillLevel | None = None  # 技能等级（技能人才）
    employer: Text | None = None  # 所在单位


class Authorisation(Model):
    """首席代表授权书: who authorises whom to be the side's 首席代表, and when."""

    grantor: Text  # 授权人（姓名、单位及职务）
    grantee: Text  # 被授权人（首席代表）
    on: Day | None = None


# How a side's representatives were chosen (the worker side: 选派 by the union federation).
Mandate = Literal["工会联合会选派", "企业推举", "行业协会指派", "企业代表组织指派"]


class Delegation(Model):
    """One side's representatives. 工会联合会选派 for the worker side; for the employer side
    企业推举 or 行业协会指派 (`Agreement.employer_mandate` says which the contract states)."""

    chosen_by: Mandate | None = None
    chosen_on: Day | None = None  # 选派（推举、指派）日期
    decided_by: Text | None = None  # 作出选派（推举、指派）决定的会议
    members: list[Representative] = Field(min_length=1, max_length=99)
    authorisation: Authorisation | None = None


class Representatives(Model):
    worker: Delegation | None = None  # 职工方
    employer: Delegation | None = None  # 企业方


class Submission(Model):
    """报送审查 (参照《集体合同规定》第四十二条; the model text lets the union, or both sides
    jointly, file within the ten days): who sent the signed text; `enclosures` replaces the
    default checklist."""

    by: Literal["企业方", "职工方", "双方"] = "企业方"
    enclosures: Items | None = None  # 附件（材料清单）
    history: Text | None = None  # 此前集体合同的订立和履行情况（情况说明）
    contact: Contact | None = None


class Publication(Model):
    """How the contract in force was made known (the date is `procedure.published`)."""

    means: Items = Field(default_factory=list)  # 公布方式，如 各企业公告栏张贴
    complaints: Items = Field(default_factory=list)  # 反映、投诉渠道（单位及电话）


def _no_text_number(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("number_as_text")
    return value


class WagePrice(Model):
    """工资指导价位 of one occupation (人社厅发〔2024〕51号: 技能人才市场工资价位); every figure
    with its source."""

    occupation: Text
    level: SkillLevel | None = None
    low: Money  # 低位数
    median: Money  # 中位数
    unit: Literal["元/月", "元/年"] = "元/月"
    year: Year
    source: Text

    @model_validator(mode="after")
    def _low_below_median(self) -> WagePrice:
        if self.low > self.median:
            raise ValueError("low_above_median")
        return self


class Indicator(Model):
    """A yearly rate in percent: 职工平均工资增长率 or 居民消费价格指数涨幅."""

    percent: Annotated[
        Decimal,
        BeforeValidator(_no_text_number),
        Field(ge=-50, le=100, max_digits=5, decimal_places=2),
    ]
    year: Year
    area: Text | None = None  # 统计范围，如 阳泉市城镇非私营单位
    source: Text


class Market(Model):
    """协商参考资料 inputs (人社厅发〔2024〕51号: 市场工资价位、职工平均工资增长、CPI)."""

    wage_prices: list[WagePrice] = Field(default_factory=list, max_length=200)
    wage_growth: Indicator | None = None  # 职工平均工资增长
    cpi: Indicator | None = None  # 居民消费价格指数
