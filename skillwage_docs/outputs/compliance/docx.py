"""The 企业履约情况自查表 as the paper form for one enterprise: one pre-printed row per floor of
the agreement, the floor printed, blanks for the headcount and the pay."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from ...base.figures import yuan
from ...base.publish import deterministic_zip
from ...inputs.agreement import Agreement
from ...inputs.compliance.model import (
    BODY_FONT,
    FIXED,
    HEAD_FONT,
    TITLE,
    floors,
    notes,
    schedules,
    term_text,
)
from ...inputs.minimum_wage_model import Exclusions
from ...text.document import EXAMPLE_MARK

__all__ = ["DOCX_COLUMNS", "compliance_docx"]

_RED = RGBColor(0xC0, 0x00, 0x00)  # the mark of an example, as the liaison table prints it


# Word picks the CJK face from w:eastAsia; python-docx's font.name sets only the Latin one. (The
# liaison table does the same with its own helpers, which are private to it and changing.)
_LATIN_FONT = "Times New Roman"


def _fonts(run: Any, east_asia: str, size: float, *, bold: bool = False) -> None:
    run.font.name = _LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _paragraph(
    container: Any,
    text: str,
    east_asia: str,
    size: float,
    *,
    bold: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.LEFT,
    after: float = 0,
) -> Any:
    paragraph = container.add_paragraph()
    _fonts(paragraph.add_run(text), east_asia, size, bold=bold)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _cell_text(
    cell: Any, text: str, east_asia: str, size: float, *, bold: bool = False, center: bool = True
) -> None:
    """Each line of `text` a paragraph of the cell, single-spaced."""
    for index, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        _fonts(paragraph.add_run(line), east_asia, size, bold=bold)


def _row_flags(row: Any, *, header: bool) -> None:
    """No row split across a page; the header row repeated on every page."""
    props = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", *(("w:tblHeader",) if header else ())):
        props.append(OxmlElement(name))  # on when present (w:val "true" is not in the schema)


# (header, width in mm) of the paper form's table: 174 mm, the A4 portrait text width. The
# schedule column is left out where the agreement sets no occupation, category or underground
# schedule, and its width goes to the level column.
DOCX_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 8),
    ("工种（职业）/岗位类别", 34),
    ("技能等级", 18),
    ("约定最低标准\n（元）", 18),
    ("人数", 12),
    ("实发最低工资\n（元）", 20),
    ("低于标准\n人数", 14),
    ("低于标准者\n实发合计（元）", 22),
    ("应补差额\n合计（元）", 18),
    ("备注", 10),
)


def _fixed_table(document: Any, rows: int, widths_mm: Sequence[float]) -> Any:
    """A Table Grid table of fixed column widths (LibreOffice reads the grid, Word the cells)."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # `autofit = False` writes the fixed w:tblLayout in its place in w:tblPr (schema order).
    widths = [Emu(int(Mm(width))) for width in widths_mm]
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def _row_height(row: Any, mm: float) -> None:
    """Room to write by hand."""
    props = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(Mm(mm).twips)))
    height.set(qn("w:hRule"), "atLeast")
    props.append(height)


def compliance_docx(agreement: Agreement, exclusions: Exclusions | None = None) -> bytes:
    """The paper form for one enterprise: A4 portrait, one pre-printed row per floor;
    `exclusions` words the pay note as the province does."""
    document = new_docx()
    # python-docx's default package carries a stylesWithEffects part that no longer matches the
    # styles once they are changed; Word may call the file unreadable (OOXML validation).
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rel_id]
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _heading(document, agreement)
    _enterprise(document)
    _floors_table(document, agreement)
    _paragraph(document, "", BODY_FONT, 6)
    _paragraph(document, "填表说明：", HEAD_FONT, 9.5, after=2)
    for number, text in enumerate(notes(agreement, paper=True, exclusions=exclusions), 1):
        _paragraph(document, f"{number}. {text}", BODY_FONT, 9, after=2)
    _paragraph(document, "", BODY_FONT, 6)
    _paragraph(
        document,
        "企业负责人（签字）：　　　　　　　　填表人：　　　　　　　　填表日期：　　年　　月　　日",
        BODY_FONT,
        10.5,
        after=10,
    )
    _paragraph(document, "企业工会（职工代表）核查意见：", BODY_FONT, 10.5, after=0)

    props = document.core_properties
    props.title = f"{TITLE}（{agreement.display_title}）"
    if agreement.example:
        props.subject = EXAMPLE_MARK
    props.author = "skillwage-docs"
    props.created = props.modified = FIXED
    props.last_modified_by = "skillwage-docs"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _heading(document: Any, agreement: Agreement) -> None:
    """The title and the agreement; an example agreement's form carries the mark above the
    title, in red, in the words the contract writers use (issue 12 point 1)."""
    if agreement.example:
        mark = _paragraph(
            document, EXAMPLE_MARK, HEAD_FONT, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        mark.runs[0].font.color.rgb = _RED
    _paragraph(document, TITLE, HEAD_FONT, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    _paragraph(
        document,
        f"（{agreement.display_title}，合同期限{term_text(agreement)}）",
        BODY_FONT,
        10.5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=8,
    )


def _enterprise(document: Any) -> None:
    """The enterprise: four label/blank pairs on three lines."""
    info = _fixed_table(document, 3, [36, 58, 28, 52])
    lines = (
        ("企业名称（盖章）", "", "", ""),
        ("统一社会信用代码", "", "联系人及电话", ""),
        ("自查期间", "　　年　　月　　日至　　年　　月　　日", "", ""),
    )
    for row, texts in zip(info.rows, lines, strict=True):
        _row_height(row, 9)
        for index, text in enumerate(texts):
            if index in (0, 2) and text:
                _cell_text(row.cells[index], text, HEAD_FONT, 10.5)
            elif text:
                _cell_text(row.cells[index], text, BODY_FONT, 10.5, center=False)
    info.rows[0].cells[1].merge(info.rows[0].cells[3])
    info.rows[2].cells[1].merge(info.rows[2].cells[3])
    _paragraph(document, "", BODY_FONT, 6)


def _floors_table(document: Any, agreement: Agreement) -> None:
    """One pre-printed row per floor: number, schedule (when the agreement has any), level,
    the floor; blanks for the headcount and the pay."""
    table_floors = floors(agreement)
    columns = list(DOCX_COLUMNS)
    with_schedule = bool(schedules(agreement))
    if not with_schedule:
        columns = [
            (h, w + DOCX_COLUMNS[1][1] if h == "技能等级" else w)
            for h, w in columns
            if h != DOCX_COLUMNS[1][0]
        ]
    widths_mm = [width for _, width in columns]
    table = _fixed_table(document, 1, widths_mm)
    for index, (header, _) in enumerate(columns):
        _cell_text(table.rows[0].cells[index], header, HEAD_FONT, 9, bold=True)
    _row_flags(table.rows[0], header=True)
    for number, floor in enumerate(table_floors, 1):
        cells = table.add_row()
        _row_flags(cells, header=False)
        _row_height(cells, 7)
        printed = [str(number), floor.shown_schedule, floor.level.value, yuan(floor.amount)]
        if not with_schedule:
            del printed[1]
        for index, text in enumerate(printed):
            left = with_schedule and index == 1
            _cell_text(cells.cells[index], text, BODY_FONT, 10, center=not left)
    widths = [Emu(int(Mm(width))) for width in widths_mm]
    for table_row in table.rows:  # cells added after the grid was set take its widths
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
