"""The data model of `contexts/minimum_wages/<province_code>.yaml` (pydantic).

Field descriptions are in Chinese and use the words of the error messages: they become the
JSON Schema (`skillwage-docs schema`) an editor shows while completing a key. Lookups live in
`minimum_wage.py`, the checks that span rows in `minimum_wage_checks.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from ..base.model import SLUG, Day, Model, Money, Text

__all__ = [
    "MARK_WORDS",
    "NATIONAL_EXCLUSIONS",
    "UNKNOWN_SOURCE",
    "AreaClass",
    "Exclusions",
    "FigureMarks",
    "Mark",
    "ProvinceWages",
    "SpecialMinimum",
    "Standard",
    "WageClass",
]

UNKNOWN_SOURCE = "未查到"

Note = Annotated[str, Field(min_length=1, max_length=2000)]
Url = Annotated[str, Field(pattern=r"^https?://\S+$", max_length=500)]
# V: read on a government site or in the full official text; S: read on a re-post, not checked
# against the official text; "?": not found — the figure is written null and never guessed.
Mark = Literal["V", "S", "?"]
MARK_WORDS: Mapping[str, str] = {"V": "已核实", "S": "转载，未核实", "?": "未查到"}

_NUMERALS = "一二三四五六七八九十"
_RANK = re.compile(f"^第?([{_NUMERALS}])(?:类|档|级)")
_MARK_HELP = 'V（已核实：政府网站或官方全文）、S（转载，未核实）或 "?"（未查到）'


class Exclusions(Model):
    """What the wage compared with the minimum leaves out: 《最低工资规定》第十二条 as the
    province words it, plus what the province adds (山西 2025: 行车 allowances; 上海、北京:
    the worker's own social insurance and housing fund). The contract's exclusions clause is
    rendered from this, so it follows the province instead of a national text."""

    # The documents the list comes from, cited by the contract in this order.
    basis: list[Text] = Field(
        min_length=1, max_length=10, description="剔除项的依据文件，按合同引用的顺序"
    )
    items: list[Text] = Field(
        min_length=1, max_length=20, description="不计入最低工资的项目，照省里文件的措辞"
    )
    # Whether the minimum includes the worker's own social-insurance and housing-fund
    # contributions; None when no source says (the national rule is silent).
    contributions_included: bool | None = Field(
        default=None,
        description="最低工资是否包含劳动者个人缴纳的社会保险费和住房公积金；未查到时不填",
    )
    confirmed: bool = Field(default=False, description="是否已核实（须注明 source_url）")
    source_url: Text | None = Field(default=None, description="来源地址")


# 《最低工资规定》（劳动和社会保障部令第21号）第十二条 — the default where a province adds nothing.
NATIONAL_EXCLUSIONS = Exclusions(
    basis=["《最低工资规定》第十二条"],
    items=[
        "延长工作时间工资",
        "中班、夜班、高温、低温、井下、有毒有害等特殊工作环境、条件下的津贴",
        "法律、法规和国家规定的劳动者福利待遇等",
    ],
    contributions_included=None,
    confirmed=True,
)


class FigureMarks(Model):
    """Marks of one class's figures apart, when the sources differ (an official page giving
    the monthly figure, a re-post the hourly one)."""

    monthly: Mark = Field(description=f"月最低工资标准的核实等级：{_MARK_HELP}")
    hourly: Mark = Field(description=f"非全日制小时最低工资标准的核实等级：{_MARK_HELP}")
    full_time_hourly: Mark | None = Field(
        default=None, description="全日制小时最低工资标准的核实等级；不填时同 monthly"
    )


def _mark_shape(value: object) -> str:
    return "[分项]" if isinstance(value, dict | FigureMarks) else "[一项]"


# One mark for every figure of the row, or a mapping giving them apart. The tags hold "[" so
# an error names the file's own keys (mark.hourly), not pydantic's union branch.
MarkOrMarks = Annotated[
    Annotated[Mark, Tag("[一项]")] | Annotated[FigureMarks, Tag("[分项]")],
    Discriminator(_mark_shape),
]


class WageClass(Model):
    """One class of areas (一类 … 四类, 第一档, or a named city such as 广州市) in one standard."""

    name: Text = Field(
        description="类别名称，照省里的叫法：一类、第二档、一类区，或单列的城市（如 广州市）"
    )
    tier: int | None = Field(
        default=None,
        ge=1,
        le=20,
        description="类别序号（1 为最高一类）；名称中已含序号（一类、第二档）时不填",
    )
    monthly: Money | None = Field(
        description='月最低工资标准（元/月），金额应写为数字（如 2300）；未查到写 null 并标 "?"'
    )
    # 《最低工资规定》第五条: the hourly standard applies to part-time (非全日制) work.
    hourly: Money | None = Field(
        description='非全日制用工小时最低工资标准（元/小时），金额应写为数字；未查到写 null 并标 "?"'
    )
    # Published by some provinces: monthly ÷ 21.75 ÷ 8.
    full_time_hourly: Money | None = Field(
        default=None, description="全日制用工小时最低工资标准（元/小时），省里公布时才填"
    )
    mark: MarkOrMarks = Field(
        description=f"核实等级：{_MARK_HELP}；各数字来源不同时分开写，如 {{monthly: V, hourly: S}}"
    )
    url: Url | None = Field(
        default=None, description="本类数字的来源地址（与本标准的 url 不同时填）"
    )
    note: Note | None = Field(default=None, description="说明")

    @property
    def rank(self) -> int | None:
        """1 for the highest class: `tier`, else the numeral in the name (一类, 第二档, 三类区)."""
        if self.tier is not None:
            return self.tier
        match = _RANK.match(self.name)
        return _NUMERALS.index(match.group(1)) + 1 if match else None

    @property
    def marks(self) -> FigureMarks:
        if isinstance(self.mark, FigureMarks):
            return self.mark
        return FigureMarks(monthly=self.mark, hourly=self.mark, full_time_hourly=self.mark)

    def figure(self, kind: str) -> Decimal | None:
        value: Decimal | None = getattr(self, kind)
        return value

    def mark_of(self, kind: str) -> str:
        marks = self.marks
        value: str | None = getattr(marks, kind)
        return value if value is not None else marks.monthly


class SpecialMinimum(Model):
    """A minimum for named workers rather than areas, e.g. Shanxi 2014 煤矿井下采掘人员."""

    name: Text = Field(description="适用人员，如 煤矿井下采掘人员")
    monthly: Money = Field(description="月最低工资标准（元/月），金额应写为数字")
    hourly: Money | None = Field(default=None, description="小时最低工资标准（元/小时）")
    mark: Literal["V", "S"] = Field(description="核实等级：V（已核实）或 S（转载，未核实）")
    url: Url | None = Field(default=None, description="来源地址")
    note: Note | None = Field(default=None, description="说明")


class AreaClass(Model):
    """Which class a county, a city's 市区 or a whole city belongs to, named as the division
    table names it (`divisions.py`): 盂县, 阳泉市城区 (重名的加市名), 唐山市区, 广州市."""

    area: Text = Field(
        description="县（市、区）、X市区（该市的市辖区）或整个地级市的名称，照民政部的行政区划写；"
        "重名的加市名（阳泉市城区）"
    )
    class_name: Text = Field(alias="class", description="所属类别，须是本标准 classes 中的名称")
    mark: Literal["V", "S"] = Field(
        description="核实等级：V（已核实）或 S（转载，未核实）；未查到的地区不要列出"
    )
    url: Url | None = Field(default=None, description="来源地址（与 areas_url 不同时填）")
    # 浙江、四川: the province names the tiers and each city picks its counties' tier in its
    # own notice (成府规〔2025〕4号); that notice is then the source of the row.
    source: Text | None = Field(
        default=None,
        description="划分所依据的文件（与省里的通知不同时填，如 市政府自行确定档次的通知 成府规〔2025〕4号）",
    )
    # A city or 市区 entry that leaves some of its districts to another class: 石家庄市区
    # (不含井陉矿区).
    excluding: list[Text] = Field(
        default_factory=list,
        max_length=50,
        description="整市或市区条目中不属于本类别的县（市、区），如 [井陉矿区]",
    )
    # 新区、开发区、综合实验区 that sources name beside the divisions but the division table
    # does not hold (平潭综合实验区, 四川天府新区): matched by name, not checked against it.
    zone: bool = Field(
        default=False,
        description="功能区（新区、开发区、综合实验区等，不在行政区划中）：只按名称匹配，不核对区划",
    )
    note: Note | None = Field(default=None, description="说明")


class Standard(Model):
    """One provincial adjustment of the minimum wage, from its effective date."""

    effective: Day = Field(description="起始日期（执行日期），格式 YYYY-MM-DD")
    effective_mark: Mark = Field(description=f"起始日期的核实等级：{_MARK_HELP}")
    # Last day this standard applied, when known to end before the next recorded one (a gap
    # in the table); lookups inside the gap fail instead of reusing an outdated row.
    until: Day | None = Field(
        default=None, description="截止日期：已知本标准在下一标准之前就已停止执行时才填"
    )
    # Last day a source showed this standard still in force; later lookups are flagged.
    verified_through: Day | None = Field(
        default=None, description="有来源表明本标准仍在执行的最后日期；之后的查询会提示核实"
    )
    document: Text | None = Field(
        default=None, description="发文字号，如 晋政办发〔2024〕58号；未查到时不填"
    )
    # A standard someone proposes (what-if): no notice exists, so its figures carry no marks
    # worth a warning each; lookups name the proposal once instead.
    proposed: bool = Field(
        default=False, description="拟议的标准（what-if 假设，不是正式文件）：查询时只提示一次"
    )
    title: Text | None = Field(
        default=None, description="文件标题，如 《…关于调整…最低工资标准的通知》"
    )
    url: Url | None = Field(default=None, description="来源地址：数字和文件在哪里读到")
    seen_in: Text | None = Field(default=None, description="其他来源（转载、汇总表）")
    note: Note | None = Field(default=None, description="说明")
    classes: list[WageClass] = Field(
        min_length=1, max_length=50, description="各类别，按省里的顺序（最高一类在前）"
    )
    special: list[SpecialMinimum] = Field(
        default_factory=list, max_length=50, description="按人员（而非地区）规定的专项最低工资"
    )
    # What this standard's notice excludes from the minimum; else the province's default.
    exclusions: Exclusions | None = Field(default=None, description="本标准文件规定的剔除项")
    areas_url: Url | None = Field(default=None, description="地区划分（areas）的来源地址")
    # Written once: a standard without `areas` keeps the previous standard's list (and its
    # areas_url) when its classes have the same names. Omitted everywhere when no source gives
    # the mapping; a single class covers the whole province.
    areas: list[AreaClass] | None = Field(
        default=None,
        min_length=1,
        max_length=5000,
        description="县（市、区）→ 类别；不写时沿用上一标准的划分（类别名称须相同）",
    )
    # The province redrew its areas with this standard and the new list was not found: the
    # previous list must not be carried forward (安徽 2025).
    areas_inherited: bool = Field(
        default=True,
        description="不写 areas 时是否沿用上一标准的划分；省里重新划分而新名单未查到时写 false",
    )

    def class_named(self, name: str) -> tuple[int, WageClass]:
        for index, row in enumerate(self.classes):
            if row.name == name:
                return index, row
        raise KeyError(name)  # pragma: no cover - names are checked at load time

    @property
    def source(self) -> str:
        return self.document or UNKNOWN_SOURCE


class ProvinceWages(Model):
    """The content of one `contexts/minimum_wages/<code>.yaml`."""

    province: Text = Field(description="省份全称，如 山西省；与 region.yaml 的 province 一致")
    province_code: str = Field(
        pattern=SLUG.pattern, description="省份代码（拼音），与文件名一致，如 shanxi"
    )
    note: Note | None = Field(default=None, description="说明")
    # How far the whole file was checked against public sources: after this day a newer
    # standard may exist unseen, and every lookup says so.
    checked_through: Day | None = Field(
        default=None,
        description="本文件的数据核对到哪一天（查过公开来源，未见更新的标准）；之后的查询会提示",
    )
    # The province's default exclusions (a standard may carry its own); else NATIONAL_EXCLUSIONS.
    exclusions: Exclusions | None = Field(
        default=None, description="本省规定的剔除项（各标准通用）"
    )
    standards: list[Standard] = Field(
        min_length=1, max_length=200, description="历次标准，按起始日期从早到晚排列"
    )
