"""The 重点联系点情况表 (晋人社厅函〔2024〕1185号 附件2) as DOCX and XLSX.

Each city picks 1–2 key liaison points for 技能人才工资 collective bargaining and reports them
on this form to the four parties of the notice; an agreement marks itself with
`key_liaison_point: true`. The notice does not publish the columns: they follow domain.md §6
plus what issue 12 asks (选点理由, 县, 所处阶段, the floor's ratio to the minimum). The local
minimum wage is the one the build's validation found binding (its record, `records.py`), so
form and validation agree; nothing here loads, validates or looks up a table itself.

The form gets stamped and sent: it states only what the contexts record. A review outcome is
printed only from a recorded `procedure.review` (which cannot exist without its record), data
warnings go to the CLI (`LiaisonTable.warnings`), and a table built from example contexts says
so at its head and on every page.

Layout: every cell is made of words that must not break (a person's name, a phone number, a
date, 阳泉市, 工会联合会); column widths come from those words and the room left over, and the
lines are broken here, the same in DOCX and XLSX, so neither program breaks a name.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from ..base.figures import cn_date, yuan
from ..base.lock import build_lock
from ..base.publish import deterministic_zip, safe_output_path, write_atomic
from ..inputs.agreement import Agreement
from ..inputs.bargaining import Review
from ..inputs.procedure import Stage, Timeline, timeline
from ..inputs.sources import check_regions
from ..pipeline.build import built_records
from ..pipeline.records import AgreementRecord
from .filing_calendar import EXAMPLE_MARK

__all__ = [
    "COLUMNS",
    "TITLE",
    "Column",
    "Layout",
    "LiaisonRow",
    "LiaisonTable",
    "layout",
    "liaison_docx",
    "liaison_rows",
    "liaison_table",
    "liaison_xlsx",
    "load_liaison_table",
    "write_liaison_table",
]

TITLE = "技能人才工资区域性行业性集体协商重点联系点情况表"
FILE_STEM = "liaison-table"  # OUT/<region>/liaison-table.docx and .xlsx
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

Cell = tuple[tuple[str, ...], ...]  # lines (designed breaks) of words (never broken)


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


# The columns of domain.md §6, with issue 12's additions, in order.
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

_FIXED = datetime(1980, 1, 1)  # document properties and zip entries: reproducible bytes
_BODY_FONT = "宋体"
_HEAD_FONT = "黑体"
_LATIN_FONT = "Times New Roman"
_RED = RGBColor(0xC0, 0x00, 0x00)


# --- words: what may not be broken -----------------------------------------------------------

# Organisation kinds that end a party's name; the part before them (the sector) is one word.
_ORG_SUFFIXES = (
    "工会联合会",
    "企业联合会",
    "企业家协会",
    "工商业联合会",
    "总工会",
    "联合会",
    "协会",
    "商会",
    "联盟",
    "工会",
)
# What ends a sector's name; a name longer than five characters may break before it.
_SECTOR_KINDS = ("制造业", "服务业", "行业", "产业")
_LATIN = re.compile(
    # a document number's year (〔2024〕), or a Latin run with its unit (51号, 2700—4600元):
    # a number never parts from what it counts
    r"〔[0-9]{4}〕"
    r"|[0-9A-Za-z][0-9A-Za-z.\-+/:%*]*(?:[—–][0-9][0-9A-Za-z.\-+/:%*]*)*"
    r"(?:(?<=[0-9])[号元个人家年月日条项类级])?"
)
_OPENING = "（《〔“‘【("
_CLOSING = "）》〕”’】)，。、；：！？,.;:!?"


def _split_after(text: str, marks: str) -> list[str]:
    words, current = [], ""
    for ch in text:
        current += ch
        if ch in marks:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return words


def _phrase(text: str) -> list[str]:
    """A name made of parts: break only after 和、及 or 、 (煤炭开采和 | 洗选业), and before the
    kind of a long sector name (耐火材料 | 制造业)."""
    words = []
    for word in _split_after(text, "和及、"):
        kind = next((k for k in _SECTOR_KINDS if word.endswith(k) and len(word) > 5), "")
        words += [word[: -len(kind)], kind] if kind else [word]
    return words


def _org(name: str, places: Sequence[str]) -> list[str]:
    """阳泉市煤炭行业工会联合会 → 阳泉市 | 煤炭行业 | 工会联合会; 、 separates two bodies."""
    words: list[str] = []
    for part in _split_after(name, "、"):  # 阳泉市企业联合会、 | 企业家协会
        place = next((p for p in places if part.startswith(p) and len(part) > len(p)), "")
        if place:
            words.append(place)
            part = part[len(place) :]
        core = part.rstrip("、")
        ending = part[len(core) :]
        suffix = next((s for s in _ORG_SUFFIXES if core.endswith(s) and core != s), "")
        middle = core[: len(core) - len(suffix)]
        if middle:
            words.extend(_phrase(middle))
        if suffix:
            words.append(suffix)
        if ending and words:
            words[-1] += ending
    return words


def _prose(text: str) -> list[str]:
    """Running text: any two characters may part, except inside a Latin run (a date, a phone
    number, 2700—4600) and never a closing mark at a line start or an opening one at an end."""
    words: list[str] = []
    position = 0
    while position < len(text):
        match = _LATIN.match(text, position)
        if match:
            word = match.group()
            position = match.end()
        else:
            word = text[position]
            position += 1
        if words and (word[0] in _CLOSING or words[-1][-1] in _OPENING):
            words[-1] += word
        else:
            words.append(word)
    return words


# --- measuring -------------------------------------------------------------------------------


def _em(text: str) -> float:
    """Width in ems: CJK and full-width marks 1, Latin by Times New Roman's rough metrics, and
    the quarter em Word and LibreOffice put between CJK and Latin letters (autospace)."""
    width = 0.0
    previous = ""
    for ch in text:
        kind = "wide" if unicodedata.east_asian_width(ch) in ("W", "F", "A") else ""
        kind = kind or ("latin" if ch.isalnum() else "other")
        if {previous, kind} == {"wide", "latin"}:
            width += 0.25
        previous = kind
        if kind == "wide":
            width += 1.0
        elif ch in ".:;,' ":
            width += 0.28
        elif ch in "-()":
            width += 0.34
        elif ch.isupper() or ch in "%*":
            width += 0.72
        else:
            width += 0.5
    return width


def _wrap(words: Sequence[str], width: float) -> list[str]:
    """Greedy line filling at `width` ems; a word wider than the line keeps a line to itself."""
    lines: list[str] = []
    current, used = "", 0.0
    for word in words:
        size = _em(word)
        if current and used + size > width:
            lines.append(current)
            current, used = "", 0.0
        current += word
        used += size
    if current or not lines:
        lines.append(current)
    return lines


def _wrap_cell(cell: Cell, width: float) -> list[str]:
    return [line for words in cell for line in _wrap(words, width)]


# --- rows ------------------------------------------------------------------------------------


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
            return (tuple(_org(name, self.places)), ("首席代表：", chief))

        return {
            "number": ((str(self.number),),),
            "area": ((self.city,), tuple(_phrase(self.county))),
            "name": (
                tuple(_org(self.name, self.places)),
                *((("（示例）",),) if self.marked else ()),
            ),
            "kind": (
                (self.kind,),
                _SECTOR_WORDS.get(self.industry) or tuple(_phrase(self.industry)),
            ),
            "reason": (tuple(_prose(self.reason or "（未填写）")),),
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
    return (_dotted(review.on), *outcome, *_prose(f"（{review.record}）"))


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
    warnings: tuple[str, ...] = ()

    @property
    def example(self) -> bool:
        return any(row.example for row in self.rows)

    @property
    def mixed(self) -> bool:
        return self.example and not all(row.example for row in self.rows)


def _warnings(points: Sequence[AgreementRecord]) -> tuple[str, ...]:
    """What the CLI says about the data behind the form: one line per doubtful minimum-wage row
    (naming the points that rely on it), per refused contract, per missing reason and contact."""
    doubts: dict[tuple[str, str], list[str]] = {}
    out: list[str] = []
    for record in points:
        a = record.agreement
        for doubt in record.minimum.unconfirmed:
            names = doubts.setdefault((doubt.where, doubt.what), [])
            if a.liaison_name not in names:
                names.append(a.liaison_name)
        where = record.where("key_liaison_point")
        if not record.ok:
            out.append(
                f"{where}: key_liaison_point: 合同校验未通过（{len(record.errors)} 处问题），"
                "表中的标准未经核准，报送前请先修正"
            )
        if not a.liaison_reason:
            out.append(f"{where}: liaison_reason: 未填写选点理由，表中写“（未填写）”")
        if a.contact is None:
            out.append(f"{where}: contact: 未填写联系人及电话，表中留空")
    province = points[0].minimum.province if points else ""
    lines = [
        f"{where}: 最低工资数据未经核实：{what}；报送前请对照{province}人力资源和社会保障厅的"
        f"正式文件核实（{'、'.join(names)}）"
        for (where, what), names in doubts.items()
    ]
    return tuple(lines + out)


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


def _footnote() -> str:
    return (
        "注：金额单位为元/月。当地最低工资标准为合同覆盖县（市、区）中最高一类的月最低工资标准"
        "（合同期限起始日执行的标准）；最低档为最低工资的倍数＝协商确定的各项月标准中最低者÷该标准。"
        "所处阶段按要约、协商、签订、审查、生效记录；审查、备案指报人力资源社会保障部门审查和"
        "工会备案，审查结果以审查意见书等记录为准。"
    )


# --- layout: column widths from content ------------------------------------------------------

_MM_PER_PT = 25.4 / 72
_PAGE_WIDTH_MM, _PAGE_HEIGHT_MM, _SIDE_MM = 297.0, 210.0, 12.0
_CELL_MARGIN_MM = 0.8  # each side
_SIZES = (9.0, 8.5, 8.0)  # body sizes tried, largest first (小五 is 9 pt)
# Our measure is an estimate; keep lines a little short of the cell so no program re-breaks them.
_SAFETY = 1.03
_TOP_MM = 18.0
_HEADING_MM = 45.0  # 附件2, title, example notice, addressees, reporter
_LINE_FACTOR = 1.3  # single spacing of a CJK face, in ems
_ROW_PADDING_MM = 1.0


@dataclass(frozen=True)
class Layout:
    """Column widths (mm) and every cell's lines, shared by the DOCX and the XLSX."""

    size: float
    widths_mm: tuple[float, ...]
    header: tuple[tuple[str, ...], ...]
    body: tuple[tuple[tuple[str, ...], ...], ...]

    def row_lines(self, index: int) -> int:
        return max(len(lines) for lines in self.body[index])


def _join_header(column: Column) -> Cell:
    return (column.header,)


def _allocate(grid: Sequence[Sequence[Cell]], size: float) -> list[float] | None:
    """Column widths in ems at `size`, or None when the unbreakable words alone do not fit.

    Every column starts at its widest word; then, while room is left, the widening (of one
    column, to any width it can still take) that saves most row height per em is made; lines
    saved in cells that do not set their row's height count a little, so two equally tall
    cells of a row are widened in turn."""
    n = len(COLUMNS)
    step = 0.5
    available = (_PAGE_WIDTH_MM - 2 * _SIDE_MM - n * 2 * _CELL_MARGIN_MM) / (size * _MM_PER_PT)
    minimum = [
        max(_em(word) for row in grid for line in row[i] for word in line or ("",)) * _SAFETY
        for i in range(n)
    ]
    natural = [
        max(max(_em("".join(line)) for row in grid for line in row[i]) * _SAFETY, minimum[i])
        for i in range(n)
    ]
    if sum(minimum) > available:
        return None
    memo: dict[tuple[int, int, float], int] = {}

    def count(r: int, i: int, width: float) -> int:
        key = (r, i, width)
        if key not in memo:
            memo[key] = len(_wrap_cell(grid[r][i], width / _SAFETY))
        return memo[key]

    rows = range(len(grid))
    widths = list(minimum)
    while True:
        spare = available - sum(widths)
        current = [[count(r, i, widths[i]) for i in range(n)] for r in rows]
        best: tuple[float, int, float] | None = None
        for i in range(n):
            others = [max(current[r][:i] + current[r][i + 1 :], default=0) for r in rows]
            width = widths[i]
            while width < natural[i] and width + step - widths[i] <= spare:
                width = min(width + step, natural[i])
                saved_height = sum(
                    max(others[r], current[r][i]) - max(others[r], count(r, i, width)) for r in rows
                )
                saved_lines = sum(current[r][i] - count(r, i, width) for r in rows)
                if saved_lines > 0:
                    rate = (saved_height + 0.01 * saved_lines) / (width - widths[i])
                    if best is None or rate > best[0]:
                        best = (rate, i, width)
        if best is None:
            return widths
        widths[best[1]] = best[2]


def layout(table: LiaisonTable) -> Layout:
    """Column widths from content, and every line broken here (see `_allocate`), at the
    largest body size that costs no extra page."""
    body = [[cells[c.key] for c in COLUMNS] for cells in (row.cells() for row in table.rows)]
    headers = [_join_header(c) for c in COLUMNS]
    grid = [headers, *body]
    n = len(COLUMNS)
    options: list[tuple[float, list[float]]] = []
    for size in _SIZES:
        widths = _allocate(grid, size)
        if widths is not None:
            options.append((size, widths))
    if not options:  # even the smallest size cannot hold every word whole: share by need
        size = _SIZES[-1]
        available = (_PAGE_WIDTH_MM - 2 * _SIDE_MM - n * 2 * _CELL_MARGIN_MM) / (size * _MM_PER_PT)
        need = [
            max(_em(w) for row in grid for line in row[i] for w in line or ("",)) for i in range(n)
        ]
        options.append((size, [available * w / sum(need) for w in need]))

    def pages(size: float, widths: list[float]) -> int:
        """Pages the table takes at `size`: its rows' lines at single spacing, the header row
        repeated, the heading block on the first page."""
        line_mm = size * _LINE_FACTOR * _MM_PER_PT
        head = max(len(_wrap_cell(headers[i], widths[i] / _SAFETY)) for i in range(n))
        room = _PAGE_HEIGHT_MM - 2 * _TOP_MM - _HEADING_MM - head * line_mm
        count = 1
        for row in body:
            tall = max(len(_wrap_cell(row[i], widths[i] / _SAFETY)) for i in range(n)) * line_mm
            if tall + _ROW_PADDING_MM > room:
                count += 1
                room = _PAGE_HEIGHT_MM - 2 * _TOP_MM - head * line_mm
            room -= tall + _ROW_PADDING_MM
        return count

    # The largest type that costs no extra page.
    fewest = min(pages(*option) for option in options)
    size, widths = next(option for option in options if pages(*option) == fewest)
    available = (_PAGE_WIDTH_MM - 2 * _SIDE_MM - n * 2 * _CELL_MARGIN_MM) / (size * _MM_PER_PT)
    spare = available - sum(widths)
    if spare > 0:  # fill the measure: the rest goes to the running-text columns
        wide = [i for i, c in enumerate(COLUMNS) if c.left]
        total = sum(widths[i] for i in wide)
        for i in wide:
            widths[i] += spare * widths[i] / total
    em_mm = size * _MM_PER_PT
    return Layout(
        size=size,
        widths_mm=tuple(round(w * em_mm + 2 * _CELL_MARGIN_MM, 2) for w in widths),
        header=tuple(tuple(_wrap_cell(headers[i], widths[i] / _SAFETY)) for i in range(n)),
        body=tuple(
            tuple(tuple(_wrap_cell(row[i], widths[i] / _SAFETY)) for i in range(n)) for row in body
        ),
    )


def _heading_lines(table: LiaisonTable) -> tuple[str, str]:
    return (
        f"报送：{'、'.join(table.report_to)}",
        f"填报单位（盖章）：{table.reporter}　　地区：{table.region_name}　　"
        f"填报日期：{cn_date(table.on)}",
    )


# --- DOCX ------------------------------------------------------------------------------------


def _fonts(run: Any, east_asia: str, size: float, *, bold: bool = False) -> None:
    """Word picks the CJK face from w:eastAsia; python-docx's font.name sets only ASCII."""
    run.font.name = _LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def _paragraph(container: Any, text: str, east_asia: str, size: float, **kw: Any) -> Any:
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    _fonts(run, east_asia, size, bold=kw.get("bold", False))
    if kw.get("red"):
        run.font.color.rgb = _RED
    paragraph.alignment = kw.get("align", WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.space_after = Pt(kw.get("after", 0))
    return paragraph


def _row_flags(row: Any, *, header: bool) -> None:
    """Header row repeated on every page; no row split across a page break."""
    props = row._tr.get_or_add_trPr()
    flags = ["w:cantSplit", *(["w:tblHeader"] if header else [])]
    for name in flags:
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        props.append(element)


def _cell_lines(
    cell: Any, lines: Sequence[str], east_asia: str, size: float, *, bold: bool, center: bool
) -> None:
    """One paragraph, the lines parted by breaks: the lines are the layout's, not Word's."""
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _fonts(run, east_asia, size, bold=bold)
        if index < len(lines) - 1:
            run.add_break()


def liaison_docx(table: LiaisonTable, plan: Layout | None = None) -> bytes:
    """The form as a landscape A4 Word table (header repeated, 宋体/黑体 in w:eastAsia)."""
    plan = plan or layout(table)
    document = new_docx()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(_PAGE_WIDTH_MM), Mm(_PAGE_HEIGHT_MM)
    section.top_margin = section.bottom_margin = Mm(_TOP_MM)
    section.left_margin = section.right_margin = Mm(_SIDE_MM)
    normal = document.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)
    if table.example:
        # On every page, not only the first: a page of an example must never pass for a return.
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(EXAMPLE_MARK)
        _fonts(run, _HEAD_FONT, 12, bold=True)
        run.font.color.rgb = _RED

    _paragraph(document, "附件2", _HEAD_FONT, 12, after=6)
    _paragraph(document, TITLE, _HEAD_FONT, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    if table.example:
        _paragraph(document, EXAMPLE_NOTICE, _HEAD_FONT, 12, bold=True, red=True,
                   align=WD_ALIGN_PARAGRAPH.CENTER, after=6)  # fmt: skip
    addressees, reporter = _heading_lines(table)
    _paragraph(document, addressees, _BODY_FONT, 10.5, after=2)
    _paragraph(document, reporter, _BODY_FONT, 10.5, after=4)

    grid = document.add_table(rows=1, cols=len(COLUMNS))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [Mm(w) for w in plan.widths_mm]
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(fixed)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(_CELL_MARGIN_MM / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    grid._tbl.tblPr.append(margins)
    for index, lines in enumerate(plan.header):
        _cell_lines(grid.rows[0].cells[index], lines, _HEAD_FONT, plan.size, bold=True, center=True)
    _row_flags(grid.rows[0], header=True)
    for cells in plan.body:
        added = grid.add_row()
        _row_flags(added, header=False)
        for index, lines in enumerate(cells):
            column = COLUMNS[index]
            _cell_lines(added.cells[index], lines, _BODY_FONT, plan.size, bold=False,
                        center=not column.left)  # fmt: skip
    # Fixed layout needs matching grid and cell widths (LibreOffice reads the grid).
    for column, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for table_row in grid.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width

    _paragraph(document, _footnote(), _BODY_FONT, 9, after=0)
    props = document.core_properties
    props.title = TITLE
    props.author = table.reporter
    props.subject = EXAMPLE_MARK if table.example else ""
    props.created = props.modified = _FIXED
    props.last_modified_by = "skillwage-docs"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_width(mm: float) -> float:
    """Spreadsheet width units (the default font's digit, 7 px, plus 5 px padding) for `mm`."""
    return round((mm * 96 / 25.4 - 5) / 7, 2)


def _xlsx_height(lines: int, size: float) -> float:
    return round(lines * size * 1.5 + 4, 1)  # spreadsheets space CJK lines more loosely


def liaison_xlsx(table: LiaisonTable, plan: Layout | None = None) -> bytes:
    """The form as a spreadsheet: counts and ratios as numbers; every date as text in one form
    (2025.07.01), as the DOCX prints it, so no row mixes real dates with text dates."""
    plan = plan or layout(table)
    book = Workbook()
    sheet = book.active
    sheet.title = "重点联系点情况表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(COLUMNS))

    def banner(row: int, text: str, font: Font, *, center: bool = False, height: float = 0) -> None:
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet[f"A{row}"]
        cell.value = text
        cell.font = font
        cell.alignment = Alignment(
            horizontal="center" if center else "left", vertical="center", wrap_text=True
        )
        if height:
            sheet.row_dimensions[row].height = height

    sheet["A1"] = "附件2"
    sheet["A1"].font = Font(name=_HEAD_FONT, size=12)
    banner(2, TITLE, Font(name=_HEAD_FONT, size=16, bold=True), center=True, height=30)
    row_at = 3
    if table.example:
        red = Font(name=_HEAD_FONT, size=12, bold=True, color="C00000")
        banner(row_at, EXAMPLE_NOTICE, red, center=True, height=22)
        sheet.oddHeader.center.text = EXAMPLE_MARK
        sheet.oddHeader.center.color = "C00000"
        row_at += 1
    addressees, reporter = _heading_lines(table)
    banner(row_at, addressees, Font(name=_BODY_FONT, size=10.5), height=18)
    banner(row_at + 1, reporter, Font(name=_BODY_FONT, size=10.5), height=18)

    header_row = row_at + 2
    for index, (lines, width) in enumerate(zip(plan.header, plan.widths_mm, strict=True), 1):
        cell = sheet.cell(row=header_row, column=index, value="\n".join(lines))
        cell.font = Font(name=_HEAD_FONT, size=plan.size, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(index)].width = _xlsx_width(width)
    header_lines = max(len(lines) for lines in plan.header)
    sheet.row_dimensions[header_row].height = _xlsx_height(header_lines, plan.size)
    for offset, (row, cells) in enumerate(zip(table.rows, plan.body, strict=True), 1):
        numbers = row.values()
        texts = row.texts()
        for index, lines in enumerate(cells, 1):
            column = COLUMNS[index - 1]
            shown = texts[index - 1].split("\n") if column.prose else list(lines)
            value: Any = numbers.get(column.key, "\n".join(shown))
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            cell.font = Font(name=_BODY_FONT, size=plan.size)
            horizontal = "left" if column.left else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            cell.border = border
            if column.key == "ratio":
                cell.number_format = "0.00"
        height = _xlsx_height(plan.row_lines(offset - 1), plan.size)
        sheet.row_dimensions[header_row + offset].height = height
    note_row = header_row + len(table.rows) + 1
    banner(note_row, _footnote(), Font(name=_BODY_FONT, size=9), height=30)
    sheet[f"A{note_row}"].alignment = Alignment(wrap_text=True, vertical="top")

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = _SIDE_MM / 25.4
    book.properties.creator = "skillwage-docs"
    book.properties.title = TITLE
    book.properties.subject = EXAMPLE_MARK if table.example else None
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save_workbook stamps `modified` with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return deterministic_zip(buffer.getvalue())


def liaison_table(
    records: Sequence[AgreementRecord], *, today: date | None = None
) -> tuple[bytes, bytes] | None:
    """(DOCX, XLSX) of the region's 重点联系点情况表, dated `today` (default: today); None when
    the region has no key liaison point."""
    table = load_liaison_table(records, today=today)
    if table is None:
        return None
    plan = layout(table)
    return liaison_docx(table, plan), liaison_xlsx(table, plan)


def no_point_note(region: str) -> str:
    return (
        f"地区 {region} 没有重点联系点（在联系点的合同文件中写 key_liaison_point: true），"
        "未生成重点联系点情况表"
    )


def write_liaison_table(
    contexts: Path, region: str, out: Path, *, today: date | None = None
) -> tuple[list[Path], tuple[str, ...]]:
    """Write `out/<region>/liaison-table.docx` and `.xlsx` (the 重点联系点情况表) atomically,
    from the build's records (built first when stale), under the build lock. Returns the paths
    written and the lines for the terminal (data warnings, never printed on the form).

    A region without a key liaison point gets no form, a note instead, and loses a form an
    earlier point left behind: it is not an error (most regions have none)."""
    check_regions(contexts, [region])  # before the lock: a typo creates no folder
    with build_lock(out):
        records = built_records(contexts, out=out, regions=[region])
        table = load_liaison_table(records, today=today)
        paths = [safe_output_path(out, region, f"{FILE_STEM}.{ext}") for ext in ("docx", "xlsx")]
        if table is None:
            for path in paths:
                path.unlink(missing_ok=True)
            return [], (no_point_note(region),)
        plan = layout(table)
        files = (liaison_docx(table, plan), liaison_xlsx(table, plan))
        for data, path in zip(files, paths, strict=True):
            write_atomic(path, data)
    return paths, table.warnings
