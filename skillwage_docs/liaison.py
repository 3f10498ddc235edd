"""The 重点联系点情况表 (晋人社厅函〔2024〕1185号 附件2) as DOCX and XLSX.

Each city picks 1–2 key liaison points for 技能人才工资 collective bargaining and reports them
on this form; an agreement marks itself with `key_liaison_point: true`. The notice does not
publish the columns: they follow domain.md §6. The local minimum wage is looked up in the same
table the validator uses, so the form and the validation cannot disagree.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from .agreement import Agreement, load_agreements
from .errors import InputError
from .figures import cn_date, yuan
from .filing_calendar import filing_calendar, filing_dates
from .minimum_wage import Applicable, load_minimum_wages
from .publish import deterministic_zip, safe_output_path, write_atomic

__all__ = [
    "COLUMNS",
    "TITLE",
    "LiaisonRow",
    "liaison_docx",
    "liaison_rows",
    "liaison_table",
    "liaison_xlsx",
    "write_liaison_table",
]

TITLE = "技能人才工资区域性行业性集体协商重点联系点情况表"
MINIMUM_WAGES = "minimum_wages"  # contexts/minimum_wages, as build.py and the CLI use it

# (header, relative width): the columns of domain.md §6, in order.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 1.8),
    ("地区", 3.0),
    ("联系点名称", 5.0),
    ("类型", 2.8),
    ("所属行业", 4.0),
    ("覆盖企业数", 3.0),
    ("覆盖职工数", 3.2),
    ("其中技能人才数", 3.2),
    ("职工方", 5.6),
    ("企业方", 5.6),
    ("协商确定的标准", 9.6),
    ("当地最低工资标准", 4.4),
    ("签订时间", 5.4),
    ("合同期限", 5.4),
    ("审查/备案情况", 6.4),
    ("联系人及电话", 6.2),
)

# Long descriptions read better left-aligned; numbers and short fields are centred.
_LEFT = frozenset({"职工方", "企业方", "协商确定的标准", "审查/备案情况"})
_FIXED = datetime(1980, 1, 1)  # document properties and zip entries: reproducible bytes
_BODY_FONT = "宋体"
_HEAD_FONT = "黑体"
_LATIN_FONT = "Times New Roman"


@dataclass(frozen=True)
class LiaisonRow:
    """One line of the form; `standard` and `filing` are lists of short lines."""

    number: int
    area: str
    name: str
    kind: str
    industry: str
    enterprises: int | None
    workers: int | None
    skilled: int | None
    worker_party: str
    employer_party: str
    standard: tuple[str, ...]
    local_minimum: Decimal
    local_minimum_text: str
    signed: date
    term_start: date
    term_end: date
    filing: tuple[str, ...]
    contact: str
    slug: str = ""

    @property
    def term_text(self) -> str:
        return f"{_dotted(self.term_start)}至\n{_dotted(self.term_end)}"

    def texts(self) -> list[str]:
        """Every cell as text (the DOCX table; multi-line cells joined by newlines)."""

        def count(value: int | None) -> str:
            return "" if value is None else str(value)

        return [
            str(self.number),
            self.area,
            self.name,
            self.kind,
            self.industry,
            count(self.enterprises),
            count(self.workers),
            count(self.skilled),
            self.worker_party,
            self.employer_party,
            "\n".join(self.standard),
            self.local_minimum_text,
            _dotted(self.signed),
            self.term_text,
            "\n".join(self.filing),
            self.contact,
        ]

    def values(self) -> list[Any]:
        """Every cell typed for a spreadsheet: counts as numbers, the signing date as a date."""
        cells: list[Any] = self.texts()
        cells[0] = self.number
        cells[5], cells[6], cells[7] = self.enterprises, self.workers, self.skilled
        cells[12] = self.signed
        return cells


def _dotted(value: date) -> str:
    # Sixteen columns on one landscape page: 2025.07.01 rather than 2025年7月1日.
    return f"{value.year}.{value.month:02d}.{value.day:02d}"


def _range(amounts: Sequence[Decimal]) -> str:
    low, high = min(amounts), max(amounts)
    return f"{yuan(low)}元" if low == high else f"{yuan(low)}—{yuan(high)}元"


def _standard(agreement: Agreement) -> tuple[str, ...]:
    """协商确定的标准: the form (最低工资 or 最低技能津贴) and the range of each schedule."""
    rows = agreement.levels_sorted()
    monthly = [row.monthly for row in rows]
    lines = []
    if agreement.wage_form == "最低技能津贴":
        allowances = [row.allowance for row in rows if row.allowance is not None]
        base = yuan(agreement.base_wage) if agreement.base_wage is not None else "—"
        if allowances:
            lines.append(f"最低技能津贴{_range(allowances)}（共{len(allowances)}个等级）")
        lines.append(f"基本工资{base}元，合计{_range(monthly)}")
    else:
        lines.append(f"最低工资{_range(monthly)}（共{len(rows)}个等级）")
        allowances = [row.allowance for row in rows if row.allowance is not None]
        if allowances:
            lines.append(f"另加技能津贴{_range(allowances)}")
    underground = [row.underground for row in rows if row.underground is not None]
    if underground:
        lines.append(f"井下岗位{_range(underground)}")
    if agreement.categories:
        amounts = [a for row in agreement.categories for a in row.monthly.values()]
        lines.append(f"分{len(agreement.categories)}类{_range(amounts)}")
    if agreement.occupations:
        amounts = [a for row in agreement.occupations for a in row.monthly.values()]
        shortage = sum(1 for row in agreement.occupations if row.kind == "紧缺急需")
        note = f"（紧缺急需{shortage}个）" if shortage else ""
        lines.append(f"{len(agreement.occupations)}个工种{note}{_range(amounts)}")
    return tuple(lines)


def _local_minimum(std: Applicable) -> str:
    mark = "" if std.confirmed else "*"
    return f"{yuan(std.monthly)}元（{std.monthly_class}）{mark}"


def _filing(agreement: Agreement, review_note: str) -> tuple[str, ...]:
    """审查/备案情况 from the recorded filing, worded with the filing calendar's dates."""
    dates = filing_dates(agreement)
    filing = agreement.filing
    if filing is None:
        return ("尚未报送审查、备案", f"期限{_dotted(dates.filing_deadline)}")
    lines = [f"{_dotted(filing.filed_on)}报送审查、备案"]
    if filing.outcome == "无异议":
        lines.append("审查无异议，已生效")
    elif filing.outcome == "有异议":
        lines.append("审查部门提出异议")
    elif review_note:
        lines.append("审查期满未提出异议，已生效")
    else:
        lines.append(f"审查中（{_dotted(dates.review_deadline)}期满）")
    if filing.note:
        lines.append(filing.note)
    return tuple(lines)


def liaison_rows(contexts: Path, region: str, *, today: date | None = None) -> list[LiaisonRow]:
    """The key liaison points of a region, one row each, in file order."""
    loaded = [x for x in load_agreements(contexts, region) if x.agreement.key_liaison_point]
    if not loaded:
        raise InputError(
            f"地区 {region} 没有重点联系点：请在联系点的合同文件中写 key_liaison_point: true"
        )
    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    calendar = {row.slug: row for row in filing_calendar(contexts, region, today)}
    rows = []
    for number, item in enumerate(loaded, 1):
        a = item.agreement
        # The same lookup as the validator: the highest class among the covered areas, on the
        # first day of the term (人社厅发〔2024〕51号: the standard must be above it).
        try:
            std = table.in_force(a.region.province_code, a.covered_areas, a.term.start)
        except InputError as err:
            raise InputError(f"{item.where('region', 'areas')}: {err.message}") from err
        area = a.region.name if a.areas is None else f"{a.region.name}（{'、'.join(a.areas)}）"
        review = calendar[a.slug].event("review")
        rows.append(
            LiaisonRow(
                number=number,
                area=area,
                name=a.liaison_name,
                kind=a.kind,
                industry=a.industry or "区域内各行业",
                enterprises=a.covered_enterprises,
                workers=a.covered_workers,
                skilled=a.skilled_workers,
                worker_party=f"{a.worker_party.name}（首席代表{a.worker_party.chief_representative}）",
                employer_party=f"{a.employer_party.name}（首席代表{a.employer_party.chief_representative}）",
                standard=_standard(a),
                local_minimum=std.monthly,
                local_minimum_text=_local_minimum(std),
                signed=a.signing_date,
                term_start=a.term.start,
                term_end=a.term.end,
                filing=_filing(a, review.note if review.status == "done" else ""),
                contact=f"{a.contact.name} {a.contact.phone}" if a.contact else "",
                slug=a.slug,
            )
        )
    return rows


def _footnote(rows: Sequence[LiaisonRow]) -> str:
    text = (
        "注：金额单位为元/月；当地最低工资标准为合同覆盖县（市、区）中最高一类的月最低工资标准"
        "（合同期限起始日执行的标准）；审查、备案指报人力资源社会保障部门审查和工会备案。"
    )
    if any(row.local_minimum_text.endswith("*") for row in rows):
        text += "标“*”的最低工资数据尚未对照省人力资源和社会保障厅正式文件核实。"
    return text


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
    _fonts(paragraph.add_run(text), east_asia, size, bold=kw.get("bold", False))
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


def _cell_text(
    cell: Any, text: str, east_asia: str, size: float, *, bold: bool = False, center: bool = True
) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        _fonts(paragraph.add_run(line), east_asia, size, bold=bold)


def _heading_lines(region_name: str, reporter: str, on: date) -> tuple[str, str]:
    return (
        f"填报单位（盖章）：{reporter}",
        f"地区：{region_name}　　填报日期：{cn_date(on)}",
    )


def liaison_docx(rows: Sequence[LiaisonRow], *, region_name: str, reporter: str, on: date) -> bytes:
    """The form as a landscape A4 Word table (header repeated, 宋体/黑体 in w:eastAsia)."""
    document = new_docx()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)

    _paragraph(document, "附件2", _HEAD_FONT, 12, after=6)
    _paragraph(document, TITLE, _HEAD_FONT, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=8)
    left, right = _heading_lines(region_name, reporter, on)
    _paragraph(document, f"{left}　　　　{right}", _BODY_FONT, 10.5, after=4)

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    usable = Mm(297 - 30)
    total = sum(width for _, width in COLUMNS)
    widths = [Emu(int(usable * width / total)) for _, width in COLUMNS]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    # Narrow cell margins (1 mm): sixteen columns must fit one landscape page.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for index, (header, _) in enumerate(COLUMNS):
        cell = table.rows[0].cells[index]
        _cell_text(cell, header, _HEAD_FONT, 9, bold=True)
    _row_flags(table.rows[0], header=True)
    for row in rows:
        cells = table.add_row()
        _row_flags(cells, header=False)
        for index, text in enumerate(row.texts()):
            center = COLUMNS[index][0] not in _LEFT
            _cell_text(cells.cells[index], text, _BODY_FONT, 9, center=center)
    # Fixed layout needs matching grid and cell widths (LibreOffice reads the grid).
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width

    _paragraph(document, _footnote(rows), _BODY_FONT, 9, after=0)
    props = document.core_properties
    props.title = TITLE
    props.author = reporter
    props.created = props.modified = _FIXED
    props.last_modified_by = "skillwage-docs"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


# --- XLSX ------------------------------------------------------------------------------------


# Spreadsheet column width units per relative width unit: the sixteen columns come to about
# 140 characters, what a landscape A4 page holds at 10 pt.
_XLSX_UNIT = 1.9


def _display_width(text: str) -> int:
    """Width in spreadsheet character units: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _row_height(texts: Sequence[str], *, font_size: float) -> float:
    """Points for a row whose cells wrap: spreadsheets do not grow rows on their own when
    the file is written by a program, so estimate the wrapped line count of each cell."""
    lines = 1
    for (_, width), text in zip(COLUMNS, texts, strict=True):
        chars = max(int(width * _XLSX_UNIT) - 1, 1)
        count = sum(max(1, -(-_display_width(part) // chars)) for part in text.split("\n"))
        lines = max(lines, count)
    return round(lines * font_size * 1.35 + 6, 1)


def liaison_xlsx(rows: Sequence[LiaisonRow], *, region_name: str, reporter: str, on: date) -> bytes:
    """The form as a spreadsheet: typed cells (counts as numbers, dates as dates)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "重点联系点情况表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(COLUMNS))

    sheet["A1"] = "附件2"
    sheet["A1"].font = Font(name=_HEAD_FONT, size=12)
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = TITLE
    sheet["A2"].font = Font(name=_HEAD_FONT, size=16, bold=True)
    sheet["A2"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[2].height = 30
    left, right = _heading_lines(region_name, reporter, on)
    sheet.merge_cells(f"A3:{last}3")
    sheet["A3"] = f"{left}　　　　{right}"
    sheet["A3"].font = Font(name=_BODY_FONT, size=10.5)

    header_row = 4
    for index, (header, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=header_row, column=index, value=header)
        cell.font = Font(name=_HEAD_FONT, size=10, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(index)].width = round(width * _XLSX_UNIT, 1)
    sheet.row_dimensions[header_row].height = _row_height(
        [header for header, _ in COLUMNS], font_size=10
    )
    for offset, row in enumerate(rows, 1):
        values = row.values()
        for index, value in enumerate(values, 1):
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            cell.font = Font(name=_BODY_FONT, size=10)
            horizontal = "left" if COLUMNS[index - 1][0] in _LEFT else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            cell.border = border
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
        sheet.row_dimensions[header_row + offset].height = _row_height(row.texts(), font_size=10)
    note_row = header_row + len(rows) + 1
    sheet.merge_cells(f"A{note_row}:{last}{note_row}")
    sheet[f"A{note_row}"] = _footnote(rows)
    sheet[f"A{note_row}"].font = Font(name=_BODY_FONT, size=9)
    sheet[f"A{note_row}"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[note_row].height = 30

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.properties.creator = "skillwage-docs"
    book.properties.title = TITLE
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save_workbook stamps `modified` with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return deterministic_zip(buffer.getvalue())


def liaison_table(contexts: Path, region: str, *, today: date | None = None) -> tuple[bytes, bytes]:
    """(DOCX, XLSX) of the region's 重点联系点情况表, dated `today` (default: today)."""
    on = today if today is not None else date.today()
    rows = liaison_rows(contexts, region, today=on)
    loaded = load_agreements(contexts, region)
    first = loaded[0].agreement
    reporter = first.filing_authority
    name = first.region.name
    return (
        liaison_docx(rows, region_name=name, reporter=reporter, on=on),
        liaison_xlsx(rows, region_name=name, reporter=reporter, on=on),
    )


def write_liaison_table(
    contexts: Path, region: str, out: Path, *, today: date | None = None
) -> list[Path]:
    """Write `out/<region>/liaison-table.docx` and `.xlsx` (the 重点联系点情况表) atomically;
    the paths written. ASCII names, like every build output."""
    docx, xlsx = liaison_table(contexts, region, today=today)
    written = []
    for data, extension in ((docx, "docx"), (xlsx, "xlsx")):
        path = safe_output_path(out, region, f"liaison-table.{extension}")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        written.append(path)
    return written
