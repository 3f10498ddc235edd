"""The typed agreement model: the region's shared facts (`Region`) merged with one agreement
file, its wage schedule, term, parties and filing; `wage_figures` lists every figure under a
readable key. The bargaining record is `bargaining.py`, loading the files `loader.py`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictBool, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from ..base.model import SLUG, Day, LongText, Model, Money, Text
from .bargaining import Procedure
from .choices import Apprenticeship, Approval, CarveOut, EntryPay, Post, approval_shorthand
from .divisions import divisions
from .terms import Contact, Party, SkillLevel

__all__ = [
    "Agreement",
    "CategoryWage",
    "Filing",
    "LevelWage",
    "OccupationWage",
    "Region",
    "SeniorPay",
    "Term",
    "wage_figures",
]


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
    # Who approves the draft (choices.Approval): a 行业（区域）职工代表大会 elected from the
    # covered enterprises, or each enterprise's own vote with a threshold of covered workers.
    approval: Annotated[
        Approval, BeforeValidator(approval_shorthand, json_schema_input_type=str | Approval)
    ] = Field(default_factory=Approval)
    # The latest pay day of the month, on which last month's wages are paid (《工资支付暂行
    # 规定》第七条: earlier when it falls on a holiday); None: the day each enterprise agreed.
    pay_day: int | None = Field(default=None, ge=1, le=31)
    # A worker in a skilled post gets the lowest level's figure from the first day, or, where the
    # parties agree one, the entry figure (`entry`, above the minimum) for a few months first;
    # the 学徒工 figure only under a defined apprenticeship (`apprenticeship`). Enterprises
    # assess a worker who asks within `assessment_days`.
    entry: EntryPay | None = None
    apprenticeship: Apprenticeship | None = None
    assessment_days: int = Field(default=60, ge=1, le=365)
    # Parts of the sector left to another contract of the region while it is in force and not
    # lower (choices.CarveOut; checks/rules_region.py); none: 就高 between overlapping contracts.
    carve_outs: list[CarveOut] = Field(default_factory=list, max_length=20)
    # The parties may agree that the worker's own social-insurance and housing-fund
    # contributions do not count toward the figures even where the province's minimum counts
    # them (晋政办发〔2024〕58号 defines the minimum as the money wage less its listed items and says it 综合考虑社会保障和住房公积金: Shanxi's minimum includes them).
    exclude_contributions: bool = False
    # After expiry the figures keep applying until a new contract is in force, for at most this
    # many months.
    extension_months: int = Field(default=6, ge=1, le=12)
    # The 《技能岗位目录》 annex (kind `posts`): the posts and the 大典 occupations they require.
    posts: list[Post] = Field(default_factory=list, max_length=500)
    # 人社厅发〔2024〕51号 “相关企业落实的要求”: comply within `compliance_days` of taking
    # effect, and report the year's compliance by the end of `report_month`.
    compliance_days: int = Field(default=30, ge=1, le=180)
    report_month: int = Field(default=3, ge=1, le=12)
    senior_pay_low: SeniorPay | None = None
    # Retired (issue 20 point 2): it let a worker in a skilled post sit at the local minimum for
    # months, where 1185号 and 52号 want every skilled worker above it. Kept only to name the
    # key in its error; never in the schema or a dump.
    uncertified_months: SkipJsonSchema[int | None] = Field(default=None, exclude=True)

    @field_validator("uncertified_months", mode="before")
    @classmethod
    def _retired(cls, value: Any) -> Any:
        if value is not None:
            raise ValueError("uncertified_months_retired")
        return value

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
    def above_county(self) -> bool:
        """Whether the covered areas lie above county level, by the administrative divisions:
        a prefecture-level city (杭州市, 深圳市) or counties of more than one county-level
        division. 《劳动合同法》第五十三条 places sector and regional contracts 在县级以下区域内;
        人社厅发〔2024〕51号 lets sector bargaining above county level be explored. A name the
        divisions do not hold (a 高新区) is a zone inside a county: not above it."""
        table = divisions()
        province = table.province(self.region.province)
        if province is None:
            return False
        return bool(table.above_county(province, self.covered_areas))

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
    if agreement.entry is not None:
        out["入职·月"] = agreement.entry.monthly
    if agreement.senior_pay_low is not None:
        out["高级专技管理人员工资低位数·月"] = agreement.senior_pay_low.amount
    for group in (agreement.occupations, agreement.categories):
        for item in group:
            name = getattr(item, "name", None) or getattr(item, "category", "")
            for level, amount in item.monthly.items():
                out[f"{name}·{level}·月"] = amount
    return out
