"""The typed agreement model and loading of `contexts/<region>/*.yaml` with inheritance."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from ..base.errors import InputError, Problem
from ..base.model import SLUG, Day, LongText, Model, Money, Text, valid_slug
from ..base.problems import CUSTOM, validation_problems
from ..base.yamlsource import Located, Path_, load_yaml, merge

__all__ = [
    "Agreement",
    "Contact",
    "Filing",
    "LevelWage",
    "Party",
    "Region",
    "SeniorPay",
    "SkillLevel",
    "discover_regions",
    "load_agreements",
    "wage_figures",
]

REGION_FILE = "region.yaml"
_PHONE = re.compile(r"[0-9+()\- ]+")


class SkillLevel(StrEnum):
    """新八级工 levels, low to high (domain.md §3); order matters for the rising-wage rule."""

    学徒工 = "学徒工"
    初级工 = "初级工"
    中级工 = "中级工"
    高级工 = "高级工"
    技师 = "技师"
    高级技师 = "高级技师"
    特级技师 = "特级技师"
    首席技师 = "首席技师"

    @property
    def rank(self) -> int:
        return list(SkillLevel).index(self)

    @property
    def old_grade(self) -> str:
        """The 国家职业资格 grade still printed on certificates (五级 … 一级)."""
        return _OLD_GRADES.get(self, "")


_OLD_GRADES = {
    SkillLevel.初级工: "五级",
    SkillLevel.中级工: "四级",
    SkillLevel.高级工: "三级",
    SkillLevel.技师: "二级",
    SkillLevel.高级技师: "一级",
}


class Party(Model):
    """One side of the bargaining table (《集体合同规定》第十九条: at least 3 representatives)."""

    name: Text
    chief_representative: Text
    representatives: int = Field(ge=3, le=99)


class Region(Model):
    code: str = Field(pattern=SLUG.pattern)
    name: Text
    province: Text
    province_code: str = Field(pattern=SLUG.pattern)
    areas: list[Text] = Field(min_length=1)
    # Provincial regulations and notices cited in the legal basis, e.g. 《山西省企业集体合同条例》.
    local_basis: list[Text] = Field(default_factory=list, max_length=20)
    # The local notice that organises 职业技能等级认定, cited where the text obliges enterprises
    # to have a worker assessed on request (阳泉: 阳人社函〔2024〕254号, counties lead it).
    skill_assessment_basis: Text | None = None


class Term(Model):
    start: Day
    end: Day


class LevelWage(Model):
    level: SkillLevel
    monthly: Money
    hourly: Money | None = None
    allowance: Money | None = None
    # The monthly minimum for the level's underground (井下) posts, where a mining context sets
    # one apart. It never includes the 井下 allowance: 《最低工资规定》第十二条第二项 keeps that
    # allowance out of any wage compared with a minimum.
    underground: Money | None = None


class CategoryWage(Model):
    """A row of a 分类分级 schedule: a post category (51号 or 52号) × level."""

    category: Text
    monthly: dict[SkillLevel, Money] = Field(min_length=1)


class OccupationWage(Model):
    name: Text
    kind: Literal["通用", "紧缺急需"] = "通用"
    monthly: dict[SkillLevel, Money] = Field(min_length=1)


class SeniorPay(Model):
    """The low end (低位数) of senior 专业技术/管理 staff pay in the sector or area: 人社厅发〔2025〕52号
    ties 特级技师、首席技师 to it rather than to a percentage of the legal minimum."""

    amount: Money
    source: Text


class Contact(Model):
    """联系人及电话 of a key liaison point (晋人社厅函〔2024〕1185号 附件2)."""

    name: Text
    # Text, never a number: YAML reads 03532021234 as an octal integer.
    phone: str = Field(min_length=5, max_length=40)

    @field_validator("phone")
    @classmethod
    def _phone_chars(cls, value: str) -> str:
        # Digits and the usual separators only (0353-2021234, 138 0000 0000, +86 …); the
        # generic pattern message speaks of file names, so this check has its own.
        if not _PHONE.fullmatch(value):
            raise ValueError("bad_phone")
        return value


class Filing(Model):
    """What followed the signing: 报送审查 to the labour authority and 备案 with the union
    (《集体合同规定》第四十二条, within 10 days) and the authority's answer (第四十五条,
    within 15 days of receipt; 《劳动合同法》第五十四条: no objection means in force)."""

    filed_on: Day
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_bare_outcome(cls, data: Any) -> Any:
        # An outcome written here had no record behind it ("审查无异议，已生效" printed on a
        # form nobody could back up): the result now lives in procedure.review, with its record.
        if isinstance(data, dict) and "outcome" in data:
            raise ValueError("outcome_needs_record")
        return data


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
    """职工代表大会或者职工大会审议 of the draft (《集体合同规定》第三十六条): a 行业（区域）
    职代会, or the 职代会/职工大会 of an enterprise that accepts the draft."""

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
        return self


class Review(Model):
    """审查结果: the labour authority's answer to the filing (《集体合同规定》第四十五条 审查意见书;
    第四十七条 and 《劳动合同法》第五十四条: no objection within 15 days → in force). An outcome
    exists only with the record it rests on, so no output can state one nobody recorded."""

    outcome: Literal["无异议", "有异议"]
    on: Day
    record: Text  # e.g. 审查意见书文号、受理回执编号、经办人核实情况


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


# --- the bargaining packet (issue 14): what its documents need beyond the dates -----------------
# Every part is optional: a document whose data is missing prints a blank form instead.

Items = Annotated[list[Text], Field(max_length=50)]
Year = Annotated[int, Field(ge=2000, le=2100)]


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
    members: list[Representative] = Field(min_length=1, max_length=99)
    authorisation: Authorisation | None = None


class Representatives(Model):
    worker: Delegation | None = None  # 职工方
    employer: Delegation | None = None  # 企业方


class Submission(Model):
    """报送审查 (《集体合同规定》第四十二条): the employer side sends the signed text, or the union
    side where the employer side does not; `enclosures` replaces the default checklist."""

    by: Literal["企业方", "职工方"] = "企业方"
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


class Agreement(Model):
    """One 集体合同: the region's shared facts merged with one agreement file."""

    region: Region
    slug: str = Field(pattern=SLUG.pattern)
    kind: Literal["行业性", "区域性"]
    industry: Text | None = None
    zone: Text | None = None
    title: Text | None = None
    scope: LongText
    areas: list[Text] | None = None
    wage_form: Literal["最低工资", "最低技能津贴"] = "最低工资"
    base_wage: Money | None = None
    skill_levels: list[LevelWage] = Field(min_length=1, max_length=8)
    categories: list[CategoryWage] = Field(default_factory=list, max_length=200)
    occupations: list[OccupationWage] = Field(default_factory=list, max_length=500)
    term: Term
    signing_date: Day
    worker_party: Party
    employer_party: Party
    filing_authority: Text
    union_filing_body: Text
    covered_enterprises: int | None = Field(default=None, ge=1)
    covered_workers: int | None = Field(default=None, ge=1)
    skilled_workers: int | None = Field(default=None, ge=0)
    key_liaison_point: bool = False
    # For the 重点联系点情况表 (晋人社厅函〔2024〕1185号 附件2) and the filing calendar.
    contact: Contact | None = None
    filing: Filing | None = None
    # Whether the context is invented example data (issue 12 point 1): every output built from
    # it carries 示例（虚构数据）. Required, no default: only the author knows whether names,
    # dates and figures are real, and either default would let the tool assert it for them.
    example: StrictBool
    # 选点理由 of a 重点联系点, and the four parties its 情况表 goes to (晋人社厅函〔2024〕1185号).
    liaison_reason: Text | None = None
    liaison_report_to: list[Text] = Field(default_factory=list, max_length=8)
    procedure: Procedure = Field(default_factory=Procedure)
    rules: dict[str, bool] = Field(default_factory=dict)
    # Clause choices (issue 12). A contract is in force only after filing and review
    # (《劳动合同法》第五十四条); `back_pay` makes the text say that pay from term.start is made
    # up (补发差额) once it takes effect, so the term may start before signing + 25 days.
    back_pay: bool = False
    # How the employer side's representatives were chosen: 推举 by the sector's (region's)
    # enterprises, or 指派 by the employer organisation (行业协会, 企业联合会) that is the party.
    employer_mandate: Literal["推举", "指派"] = "推举"
    # Who approves the draft: a 行业（区域）职工代表大会, or the 职代会/全体职工 of the
    # enterprises that accept it (more than half of their representatives or staff).
    approval: Literal["职工代表大会", "认可企业"] = "认可企业"
    # The latest pay day of the month (《工资支付暂行规定》第七条: earlier when it falls on a
    # holiday); None: the day each enterprise agreed with its workers.
    pay_day: int | None = Field(default=None, ge=1, le=31)
    # Workers in skilled posts without a certificate reach the entry-level figure after this
    # many months in the post; enterprises assess a worker who asks within `assessment_days`.
    uncertified_months: int = Field(default=6, ge=1, le=24)
    assessment_days: int = Field(default=60, ge=1, le=365)
    # 人社厅发〔2024〕51号 “相关企业落实的要求”: comply within `compliance_days` of taking
    # effect, and report the year's compliance by the end of `report_month`.
    compliance_days: int = Field(default=30, ge=1, le=180)
    report_month: int = Field(default=3, ge=1, le=12)
    senior_pay_low: SeniorPay | None = None

    @field_validator("skill_levels")
    @classmethod
    def _levels_unique(cls, rows: list[LevelWage]) -> list[LevelWage]:
        levels = [row.level for row in rows]
        if len(set(levels)) != len(levels):
            raise ValueError("duplicate_level")
        return rows

    @model_validator(mode="after")
    def _kind_has_subject(self) -> Agreement:
        if self.kind == "行业性" and not self.industry:
            raise ValueError("kind_needs_industry")
        if self.kind == "区域性" and not self.zone:
            raise ValueError("kind_needs_zone")
        if self.wage_form == "最低技能津贴" and self.base_wage is None:
            raise ValueError("allowance_needs_base")
        if self.filing is not None and self.filing.filed_on < self.signing_date:
            raise ValueError("filed_before_signing")
        return self

    @property
    def subject(self) -> str:
        """The industry of a sector agreement, or the area of a regional one."""
        return self.industry or self.zone or ""

    @property
    def covered_areas(self) -> list[str]:
        return self.areas if self.areas is not None else self.region.areas

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        prefix = self.region.name if self.kind == "行业性" else ""
        return f"{prefix}{self.subject}技能人才最低工资集体合同"

    def levels_sorted(self) -> list[LevelWage]:
        return sorted(self.skill_levels, key=lambda row: row.level.rank)

    @property
    def liaison_name(self) -> str:
        """How the 重点联系点情况表 names the point: 阳泉市煤炭开采和洗选业, 阳泉高新区."""
        if self.kind == "行业性":
            return f"{self.region.name}{self.industry}"
        return self.zone or ""


@dataclass(frozen=True)
class LoadedAgreement:
    """An agreement and where each of its fields was written (for error messages)."""

    agreement: Agreement
    source: Located
    path: Path
    region_path: Path

    def where(self, *path: str | int) -> str:
        return self.source.cite(path, self.path)

    @property
    def inputs(self) -> tuple[Path, Path]:
        return (self.region_path, self.path)


# The codes this module's validators raise, with the shared ones (`problems.CUSTOM`).
CUSTOM_MESSAGES: Mapping[str, str] = {
    **CUSTOM,
    "kind_needs_industry": "行业性合同须填写 industry（行业）",
    "kind_needs_zone": "区域性合同须填写 zone（区域，如 阳泉高新区）",
    "duplicate_level": "技能等级重复",
    "allowance_needs_base": "最低技能津贴形式须填写 base_wage（不含津贴的基本工资）",
    "bad_phone": "电话号码只能包含数字、空格和 + - ( )（如 0353-2021234），并写成带引号的文本",
    "filed_before_signing": "filing.filed_on（报送日期）不能早于 signing_date（签订日期）",
    "outcome_needs_record": "审查结果不写在 filing 中：请写在 procedure.review，"
    "并注明 on（日期）和 record（所依据的审查意见书、回执等记录）",
    "present_over_delegates": "出席人数（present）多于全体职工代表（职工）人数（delegates）",
    "favour_over_present": "同意人数（in_favour）多于出席人数（present）",
    "votes_over_present": "同意、反对、弃权人数（in_favour、against、abstained）之和多于出席人数",
    "low_above_median": "低位数（low）高于中位数（median）",
    "number_as_text": "应写为数字（如 2.5），不要写成文本或带 %",
}
# A missing `example` gets its own line: the generic "缺少必填字段" would not say what to write.
_MISSING: Mapping[Path_, str] = {
    ("example",): "须写明是否为示例：example: true（虚构的示例数据，各输出标注“示例（虚构数据）”）"
    "或 example: false（真实合同）",
}


_NOT_A_MAPPING = "文件内容应为键值映射"


def load_region(directory: Path) -> Located:
    region_file = directory / REGION_FILE
    if not region_file.is_file():
        raise InputError(Problem(file=directory, message=f"不是地区目录（缺少 {REGION_FILE}）"))
    return load_yaml(region_file)


def discover_regions(contexts: Path) -> dict[str, Path]:
    """Region code → folder, for every folder under `contexts/` holding a region file."""
    if not contexts.is_dir():
        raise InputError(Problem(file=contexts, message="找不到 contexts 目录"))
    return {
        folder.name: folder
        for folder in sorted(contexts.iterdir())
        if (folder / REGION_FILE).is_file()
    }


def agreement_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.name != REGION_FILE)


def load_agreements(
    contexts: Path, region: str, only: Iterable[str] | None = None
) -> list[LoadedAgreement]:
    """Load every agreement of a region (or those named), collecting all problems first."""
    if not valid_slug(region):
        raise InputError(
            f"地区代码 {region!r} 无效：只能用小写英文字母、数字、- 和 _，且不能是 Windows 保留名"
        )
    regions = discover_regions(contexts)
    if region not in regions:
        known = "、".join(regions) or "（无）"
        raise InputError(f"找不到地区 {region!r}（已有：{known}）")
    directory = regions[region]
    region_source = load_region(directory)
    files = agreement_files(directory)
    wanted = list(only) if only else None
    loaded: list[LoadedAgreement] = []
    problems: list[Problem] = []
    for path in files:
        try:
            item = load_agreement(path, region_source, directory / REGION_FILE)
        except InputError as err:
            problems.extend(err.problems)
            continue
        if wanted is None or item.agreement.slug in wanted or item.agreement.subject in wanted:
            loaded.append(item)
    if problems:
        raise InputError(f"{len(problems)} 处输入错误，未生成任何文件", details=problems)
    if wanted is not None:
        found = {x.agreement.slug for x in loaded} | {x.agreement.subject for x in loaded}
        missing = [name for name in wanted if name not in found]
        if missing:
            raise InputError(f"地区 {region} 中找不到合同：{'、'.join(missing)}")
    if not loaded:
        raise InputError(f"地区 {region} 下没有合同文件（{directory}/*.yaml）")
    return loaded


def load_agreement(path: Path, region_source: Located, region_path: Path) -> LoadedAgreement:
    own = load_yaml(path)
    if not isinstance(own.data, dict):
        raise InputError(Problem(file=own.where((), path)[0], line=1, message=_NOT_A_MAPPING))
    if not isinstance(region_source.data, dict):
        raise InputError(Problem(file=region_path, line=1, message=_NOT_A_MAPPING))
    if "slug" in own.data:
        file, line = own.where(("slug",), path)
        raise InputError(
            Problem(file=file, line=line, field="slug", message="由文件名决定，不能在文件中填写")
        )
    if not valid_slug(path.stem):
        raise InputError(
            Problem(
                file=path, message="文件名只能用小写英文字母、数字、- 和 _（如 manufacturing.yaml）"
            )
        )
    merged = merge(region_source, own)
    data = {**merged.data, "slug": path.stem}
    try:
        agreement = Agreement.model_validate(data)
    except ValidationError as err:
        problems = validation_problems(err, merged, path, custom=CUSTOM_MESSAGES, missing=_MISSING)
        summary = Problem(file=path, message=f"{len(problems)} 处错误")
        raise InputError(summary, details=problems) from err
    return LoadedAgreement(agreement, merged, path, region_path)


def wage_figures(agreement: Agreement) -> dict[str, Decimal]:
    """Every wage figure of an agreement under a readable key, e.g. "焊工·初级工·月".

    Used to report what changed between builds and to check figures in rendered output.
    """
    out: dict[str, Decimal] = {}
    if agreement.base_wage is not None:
        out["基本工资·月"] = agreement.base_wage
    for row in agreement.levels_sorted():
        out[f"{row.level}·月"] = row.monthly
        if row.hourly is not None:
            out[f"{row.level}·小时"] = row.hourly
        if row.allowance is not None:
            out[f"{row.level}·技能津贴"] = row.allowance
        if row.underground is not None:
            out[f"{row.level}·井下·月"] = row.underground
    if agreement.senior_pay_low is not None:
        out["高级专技管理人员工资低位数·月"] = agreement.senior_pay_low.amount
    for group in (agreement.occupations, agreement.categories):
        for item in group:
            name = getattr(item, "name", None) or getattr(item, "category", "")
            for level, amount in item.monthly.items():
                out[f"{name}·{level}·月"] = amount
    return out
