"""The 重点联系点情况表 as a landscape A4 Word table: the layout's lines, header repeated on
every page, 宋体/黑体 set in w:eastAsia, reproducible bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ...base.publish import deterministic_zip
from ...text.document import EXAMPLE_MARK
from .layout import (
    BODY_FONT,
    CELL_MARGIN_MM,
    FIXED,
    HEAD_FONT,
    LATIN_FONT,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    SIDE_MM,
    TOP_MM,
    Layout,
    heading_lines,
    layout,
)
from .rows import COLUMNS, EXAMPLE_NOTICE, TITLE, LiaisonTable, footnote

__all__ = ["liaison_docx"]

_RED = RGBColor(0xC0, 0x00, 0x00)


def _fonts(run: Any, east_asia: str, size: float, *, bold: bool = False) -> None:
    """Word picks the CJK face from w:eastAsia; python-docx's font.name sets only ASCII."""
    run.font.name = LATIN_FONT
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
        props.append(OxmlElement(name))  # on when present (w:val "true" is not in the schema)


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
    # python-docx's default package carries a stylesWithEffects part that no longer matches the
    # styles once they are changed; Word may call the file unreadable (OOXML validation).
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rel_id]
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin = section.bottom_margin = Mm(TOP_MM)
    section.left_margin = section.right_margin = Mm(SIDE_MM)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    if table.example:
        # On every page, not only the first: a page of an example must never pass for a return.
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(EXAMPLE_MARK)
        _fonts(run, HEAD_FONT, 12, bold=True)
        run.font.color.rgb = _RED

    _paragraph(document, "附件2", HEAD_FONT, 12, after=6)
    _paragraph(document, TITLE, HEAD_FONT, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    if table.example:
        _paragraph(document, EXAMPLE_NOTICE, HEAD_FONT, 12, bold=True, red=True,
                   align=WD_ALIGN_PARAGRAPH.CENTER, after=6)  # fmt: skip
    addressees, reporter = heading_lines(table)
    _paragraph(document, addressees, BODY_FONT, 10.5, after=2)
    _paragraph(document, reporter, BODY_FONT, 10.5, after=4)

    _grid(document, plan)
    _paragraph(document, footnote(), BODY_FONT, 9, after=0)
    props = document.core_properties
    props.title = TITLE
    props.author = table.reporter
    props.subject = EXAMPLE_MARK if table.example else ""
    props.created = props.modified = FIXED
    props.last_modified_by = "skillwage-docs"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _grid(document: Any, plan: Layout) -> None:
    """The table itself: fixed layout at the plan's widths, the plan's lines in every cell,
    the header row repeated, no row split across pages."""
    grid = document.add_table(rows=1, cols=len(COLUMNS))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [Mm(w) for w in plan.widths_mm]
    # `autofit = False` writes the fixed w:tblLayout in its place in w:tblPr (schema order).
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_MM / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    grid._tbl.tblPr.append(margins)
    for index, lines in enumerate(plan.header):
        _cell_lines(grid.rows[0].cells[index], lines, HEAD_FONT, plan.size, bold=True, center=True)
    _row_flags(grid.rows[0], header=True)
    for cells in plan.body:
        added = grid.add_row()
        _row_flags(added, header=False)
        for index, lines in enumerate(cells):
            column = COLUMNS[index]
            _cell_lines(added.cells[index], lines, BODY_FONT, plan.size, bold=False,
                        center=not column.left)  # fmt: skip
    # Fixed layout needs matching grid and cell widths (LibreOffice reads the grid).
    for column, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for table_row in grid.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
