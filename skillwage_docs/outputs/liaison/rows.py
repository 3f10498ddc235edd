"""The 重点联系点情况表's rows and columns (晋人社厅函〔2024〕1185号 附件2): one row per key
liaison point, from the build's records; what the notice does not publish follows the columns designed here
and issue 12. A review outcome is printed only from a recorded `procedure.review`; data
warnings go to the CLI (`LiaisonTable.warnings`), never onto the form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ...base.figures import yuan
from ...base.findings import Finding
from ...inputs.agreement import Agreement
from ...inputs.bargaining import Review
from ...inputs.procedure import Stage, Timeline, timeline
from ...pipeline.records import AgreementRecord
from ...text.document import EXAMPLE_MARK
from .words import Cell, org, phrase, prose

__all__ = [
    "COLUMNS",
    "TITLE",
    "Column",
    "LiaisonRow",
    "LiaisonTable",
    "footnote",
    "liaison_rows",
    "load_liaison_table",
]

TITLE = "技能人才工资区域性行业性集体协商重点联系点情况表"
# When a region does not name them: the four parties of 人社厅发〔2024〕51号 (and of 1185号 at
# provincial level), by role, rather than names nobody checked.
DEFAULT_REPORT_TO = (
    "省级人力资源社会保障部门",
    "省总工会",
    "省企业联合会（企业家协会）",
    "省工商业联合会",
)
EXAMPLE_NOTICE = (
    f"{EXAMPLE_MARK}：本表由示例合同生成，单位、人名、电话、日期和数字均为虚构，不得填报。"
)


@dataclass(frozen=True)
class Column:
    key: str
    header: tuple[str, ...]  # the header's words: it may break between them
    left: bool = False  # long descriptions read better left-aligned; the rest is centred
    # Running text: in the spreadsheet the program wraps it (a copied cell keeps its sentences
    # whole); names, numbers and dates elsewhere keep the layout's lines.
    prose: bool = False

    @property
    def title(self) -> str:
        return "".join(self.header)


# The columns (序号, 地区, 联系点名称, 类型 … 联系人及电话) with issue 12's additions, in order.
COLUMNS: tuple[Column, ...] = (
    Column("number", ("序号",)),
    Column("area", ("地区",)),  # the city, then the county (县、市、区) or 全市
    Column("name", ("联系点", "名称")),
    Column("kind", ("类型及", "所属行业")),
    Column("reason", ("选点", "理由"), left=True, prose=True),
    Column("enterprises", ("覆盖", "企业数")),
    Column("workers", ("覆盖", "职工数")),
    Column("skilled", ("其中", "技能", "人才数")),
    Column("worker_party", ("职工方",), left=True),
    Column("employer_party", ("企业方",), left=True),
    Column("standard", ("协商确定", "的标准"), left=True),
    Column("minimum", ("当地", "最低工资", "标准")),
    Column("ratio", ("最低档", "为最低", "工资的", "倍数")),
    Column("signed", ("签订", "时间")),
    Column("term", ("合同", "期限")),
    Column("stage", ("所处", "阶段")),
    Column("filing", ("审查/", "备案", "情况"), left=True),
    Column("contact", ("联系人", "及电话")),
)
# A regional point covers every sector of its area.
_ALL_SECTORS = "区域内各行业"
_SECTOR_WORDS = {_ALL_SECTORS: ("区域内", "各行业")}


@dataclass(frozen=True)
class LiaisonRow:
    """One line of the form, from one agreement's context."""

    number: int
    city: str
    county: str
    name: str
    kind: str
    industry: str
    reason: str | None
    enterprises: int | None
    workers: int | None
    skilled: int | None
    worker_party: str
    worker_chief: str
    employer_party: str
    employer_chief: str
    standard: Cell
    minimum: Decimal
    minimum_class: str
    lowest: Decimal
    signed: date
    term_start: date
    term_end: date
    stage: Stage | None
    filing: Cell
    contact_name: str
    contact_phone: str
    slug: str
    example: bool
    places: tuple[str, ...] = ()
    # In a table mixing real and example points, each example row says so under its name.
    marked: bool = False

    @property
    def ratio(self) -> Decimal:
        """The lowest agreed monthly figure ÷ the binding monthly minimum."""
        return (self.lowest / self.minimum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def standard_lines(self) -> tuple[str, ...]:
        return tuple("".join(words) for words in self.standard)

    @property
    def filing_lines(self) -> tuple[str, ...]:
        return tuple("".join(words) for words in self.filing)

    @property
    def stage_text(self) -> str:
        return self.stage.value if self.stage is not None else "未开始"

    def cells(self) -> dict[str, Cell]:
        """Every cell as lines of unbreakable words."""

        def count(value: int | None) -> Cell:
            return ((str(value),),) if value is not None else ((),)

        def party(name: str, chief: str) -> Cell:
            return (tuple(org(name, self.places)), ("首席代表：", chief))

        return {
            "number": ((str(self.number),),),
            "area": ((self.city,), tuple(phrase(self.county))),
            "name": (
                tuple(org(self.name, self.places)),
                *((("（示例）",),) if self.marked else ()),
            ),
            "kind": (
                (self.kind,),
                _SECTOR_WORDS.get(self.industry) or tuple(phrase(self.industry)),
            ),
            "reason": (tuple(prose(self.reason or "（未填写）")),),
            "enterprises": count(self.enterprises),
            "workers": count(self.workers),
            "skilled": count(self.skilled),
            "worker_party": party(self.worker_party, self.worker_chief),
            "employer_party": party(self.employer_party, self.employer_chief),
            "standard": self.standard,
            "minimum": ((f"{yuan(self.minimum)}元", f"（{self.minimum_class}）"),),
            "ratio": ((f"{self.ratio:.2f}",),),
            "signed": ((_dotted(self.signed),),),
            "term": ((f"{_dotted(self.term_start)}至", _dotted(self.term_end)),),
            "stage": ((self.stage_text,),),
            "filing": self.filing,
            "contact": ((self.contact_name,), (self.contact_phone,))
            if self.contact_name
            else ((),),
        }

    def texts(self) -> list[str]:
        """Every cell as plain text, designed lines joined by newlines (before wrapping)."""
        cells = self.cells()
        return ["\n".join("".join(words) for words in cells[c.key]) for c in COLUMNS]

    def values(self) -> dict[str, Any]:
        """Cells whose spreadsheet value is a number, not text (dates stay text: one way)."""
        return {
            "number": self.number,
            "enterprises": self.enterprises,
            "workers": self.workers,
            "skilled": self.skilled,
            "ratio": float(self.ratio),
        }


def _dotted(value: date) -> str:
    # Twenty columns on one landscape page: 2025.07.01 rather than 2025年7月1日; zero-padded so
    # the spreadsheet sorts these texts as dates.
    return f"{value.year}.{value.month:02d}.{value.day:02d}"


def _range(amounts: Sequence[Decimal]) -> str:
    low, high = min(amounts), max(amounts)
    return f"{yuan(low)}元" if low == high else f"{yuan(low)}—{yuan(high)}元"


def _monthly(agreement: Agreement) -> list[Decimal]:
    """Every monthly figure a skilled worker is guaranteed (levels, 井下, categories, occupations)."""
    amounts = [row.monthly for row in agreement.skill_levels]
    amounts += [row.underground for row in agreement.skill_levels if row.underground is not None]
    for group in (agreement.categories, agreement.occupations):
        amounts += [amount for item in group for amount in item.monthly.values()]
    return amounts


def _standard(agreement: Agreement) -> Cell:
    """协商确定的标准: the form (最低工资 or 最低技能津贴) and the range of each schedule, one
    line each, in words that keep a term and an amount whole."""
    rows = agreement.levels_sorted()
    monthly = [row.monthly for row in rows]
    lines: list[tuple[str, ...]] = []
    allowances = [row.allowance for row in rows if row.allowance is not None]
    if agreement.wage_form == "最低技能津贴":
        base = yuan(agreement.base_wage) if agreement.base_wage is not None else "—"
        if allowances:
            lines.append(("最低技能津贴", f"{_range(allowances)}，", f"共{len(allowances)}个等级"))
        lines.append(("基本工资", f"{base}元，", "合计", _range(monthly)))
    else:
        lines.append(("最低工资", f"{_range(monthly)}，", f"共{len(rows)}个等级"))
        if allowances:
            lines.append(("另加技能津贴", _range(allowances)))
    underground = [row.underground for row in rows if row.underground is not None]
    if underground:
        lines.append(("井下岗位", _range(underground)))
    if agreement.categories:
        amounts = [a for row in agreement.categories for a in row.monthly.values()]
        lines.append((f"分{len(agreement.categories)}类", _range(amounts)))
    if agreement.occupations:
        amounts = [a for row in agreement.occupations for a in row.monthly.values()]
        shortage = sum(1 for row in agreement.occupations if row.kind == "紧缺急需")
        note = ("（紧缺急需", f"{shortage}个）") if shortage else ()
        lines.append((f"{len(agreement.occupations)}个工种", *note, _range(amounts)))
    return tuple(lines)


def review_text(review: Review) -> tuple[str, ...]:
    """The one way an outcome reaches the form: with the record it rests on."""
    outcome = ("审查无异议",) if review.outcome == "无异议" else ("审查部门", "提出异议")
    return (_dotted(review.on), *outcome, *prose(f"（{review.record}）"))


def _filing(t: Timeline, today: date) -> Cell:
    """审查/备案情况, from the record only: a review period that ran out is said to have run
    out, not to have ended without objection (nobody recorded that)."""
    d = t.filing
    if d.filed_on is None or d.filed_on > today:
        return (("尚未报送", "审查、备案"), ("报送期限", _dotted(d.filing_deadline)))
    lines: list[tuple[str, ...]] = [(_dotted(d.filed_on), "报送", "审查、备案")]
    if t.review is not None and t.review.on <= today:
        lines.append(review_text(t.review))
    elif d.review_deadline >= today:
        lines.append(("审查中（", _dotted(d.review_deadline), "期满）"))
    else:
        lines.append(("审查期限", _dotted(d.review_deadline), "届满，", "未录入", "审查结果"))
    if t.effective is not None and t.effective <= today and t.effective_recorded:
        lines.append((_dotted(t.effective), "生效"))
    return tuple(lines)


def _county(agreement: Agreement) -> str:
    """The county (县、市、区) of the point: 全市 when it covers the whole region."""
    if agreement.areas is None or set(agreement.areas) == set(agreement.region.areas):
        return "全市"
    prefix = agreement.region.name
    return "、".join(area.removeprefix(prefix) or area for area in agreement.areas)


def _places(agreement: Agreement) -> tuple[str, ...]:
    names = [agreement.region.name, *(agreement.region.areas), *(agreement.areas or [])]
    if agreement.zone:
        names.append(agreement.zone)
    # Longest first: 阳泉高新区 before 阳泉市 cannot clash, but 阳泉市城区 must beat 阳泉市.
    return tuple(sorted(set(names), key=len, reverse=True))


@dataclass(frozen=True)
class LiaisonTable:
    """The form's rows and heading, and the warnings that belong on the CLI, not on the form."""

    rows: tuple[LiaisonRow, ...]
    region_name: str
    reporter: str
    report_to: tuple[str, ...]
    on: date
    warnings: tuple[Finding, ...] = ()

    @property
    def example(self) -> bool:
        return any(row.example for row in self.rows)

    @property
    def mixed(self) -> bool:
        return self.example and not all(row.example for row in self.rows)


def _at(where: str, field: str, message: str) -> Finding:
    """A warning at a recorded `file:line`."""
    file, _, line = where.rpartition(":")
    return Finding(
        severity="warning",
        file=Path(file) if file else None,
        line=int(line) if line.isdigit() else None,
        field=field,
        message=message,
    )


def _warnings(points: Sequence[AgreementRecord]) -> tuple[Finding, ...]:
    """What the CLI says about the data behind the form: one warning per doubtful minimum-wage
    row (naming the points that rely on it), per refused contract, per missing reason and
    contact."""
    doubts: dict[tuple[str, str], list[str]] = {}
    out: list[Finding] = []
    for record in points:
        a = record.agreement
        for doubt in record.minimum.unconfirmed:
            names = doubts.setdefault((doubt.where, doubt.what), [])
            if a.liaison_name not in names:
                names.append(a.liaison_name)
        where = record.where("key_liaison_point")
        if not record.ok:
            out.append(
                _at(
                    where,
                    "key_liaison_point",
                    f"合同校验未通过（{len(record.errors)} 处问题），表中的标准未经核准，报送前请先修正",
                )
            )
        if not a.liaison_reason:
            out.append(_at(where, "liaison_reason", "未填写选点理由，表中写“（未填写）”"))
        if a.contact is None:
            out.append(_at(where, "contact", "未填写联系人及电话，表中留空"))
    province = points[0].minimum.province if points else ""
    doubtful = [
        _at(
            where,
            "",
            f"最低工资数据未经核实：{what}；报送前请对照{province}人力资源和社会保障厅的"
            f"正式文件核实（{'、'.join(names)}）",
        )
        for (where, what), names in doubts.items()
    ]
    return tuple(doubtful + out)


def _row(number: int, record: AgreementRecord, on: date) -> LiaisonRow:
    a = record.agreement
    # The build's lookup, as validation made it: the highest class among the covered areas,
    # on the first day of the term (人社厅发〔2024〕51号: the standard must be above it).
    std = record.minimum
    t = timeline(a)
    return LiaisonRow(
        number=number,
        city=a.region.name,
        county=_county(a),
        name=a.liaison_name,
        kind=a.kind,
        industry=a.industry or _ALL_SECTORS,
        reason=a.liaison_reason,
        enterprises=a.covered_enterprises,
        workers=a.covered_workers,
        skilled=a.skilled_workers,
        worker_party=a.worker_party.name,
        worker_chief=a.worker_party.chief_representative,
        employer_party=a.employer_party.name,
        employer_chief=a.employer_party.chief_representative,
        standard=_standard(a),
        minimum=std.monthly,
        minimum_class=std.monthly_class,
        lowest=min(_monthly(a)),
        signed=a.signing_date,
        term_start=a.term.start,
        term_end=a.term.end,
        stage=t.stage(on),
        filing=_filing(t, on),
        contact_name=a.contact.name if a.contact else "",
        contact_phone=a.contact.phone if a.contact else "",
        slug=a.slug,
        example=a.example,
        places=_places(a),
    )


def load_liaison_table(
    records: Sequence[AgreementRecord], *, today: date | None = None
) -> LiaisonTable | None:
    """The key liaison points among a region's records, one row each in file order, dated
    `today`; None when the region has no point (then there is no form to fill)."""
    on = today if today is not None else date.today()
    points = [record for record in records if record.agreement.key_liaison_point]
    if not points:
        return None
    rows = [_row(number, record, on) for number, record in enumerate(points, 1)]
    if any(row.example for row in rows) and not all(row.example for row in rows):
        rows = [replace(row, marked=row.example) for row in rows]
    first = records[0].agreement
    report_to = tuple(first.liaison_report_to) or DEFAULT_REPORT_TO
    return LiaisonTable(
        rows=tuple(rows),
        region_name=first.region.name,
        reporter=first.filing_authority,
        report_to=report_to,
        on=on,
        warnings=_warnings(points),
    )


def liaison_rows(
    records: Sequence[AgreementRecord], *, today: date | None = None
) -> list[LiaisonRow]:
    table = load_liaison_table(records, today=today)
    return list(table.rows) if table is not None else []


def footnote() -> str:
    return (
        "注：金额单位为元/月。当地最低工资标准为合同覆盖县（市、区）中最高一类的月最低工资标准"
        "（合同期限起始日执行的标准）；最低档为最低工资的倍数＝协商确定的各项月标准中最低者÷该标准。"
        "所处阶段按要约、协商、签订、审查、生效记录；审查、备案指报人力资源社会保障部门审查和"
        "工会备案，审查结果以审查意见书等记录为准。"
    )
