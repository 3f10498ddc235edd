"""DOCX after the template: the drawings of `Figure` blocks and the poster's page.

The docxtpl template (templates/layouts/contract.docx) lays out text; a picture needs a media
part and a relationship, which python-docx makes, so the writer places each figure's PNG here,
in an own paragraph (style 图) above its caption (style 图题, from the template). The blank
form's figure is an empty ruled frame of the chart's proportions. The 工资标准公示 poster
(templates/README.md: 公示) gets its page here: narrower margins, larger type, no footer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from ..text.document import Document, Figure
from .figures import FIGURE_HEIGHT_MM, FIGURE_WIDTH_MM, figure_chart

__all__ = ["place_figures", "poster_page"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CAPTION_STYLE = "FigureCaption"
_FIGURE_STYLE = "Figure"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _style_of(paragraph: Any) -> str | None:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return None if style is None else str(style.get(_w("val")))


def _figures(document: Document) -> list[Figure]:
    """The document's figures in the order the template lays them out."""
    blocks: Iterable[object] = (
        *document.preamble,
        *(b for c in document.chapters for a in c.articles for b in a.blocks),
        *document.appendices,
    )
    return [block for block in blocks if isinstance(block, Figure)]


def _text_width(docx: Any) -> int:
    section = docx.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def place_figures(docx: Any, view: dict[str, Any], document: Document) -> None:
    """A paragraph holding each figure's picture (or empty frame) above its caption."""
    body = docx.element.body
    captions = [p for p in body.iter(_w("p")) if _style_of(p) == _CAPTION_STYLE]
    figures = _figures(document)
    if len(captions) != len(figures):  # pragma: no cover - the template and the view agree
        raise ValueError(f"DOCX: {len(captions)} 个图题，文档模型有 {len(figures)} 个图")
    width = min(_text_width(docx), int(Mm(FIGURE_WIDTH_MM)))
    height = width * FIGURE_HEIGHT_MM // FIGURE_WIDTH_MM
    for caption, figure in zip(captions, figures, strict=True):
        element = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(_w("val"), _FIGURE_STYLE)
        ppr.append(style)
        element.append(ppr)
        caption.addprevious(element)
        chart = figure_chart(figure)
        if chart is not None:
            paragraph = DocxParagraph(element, docx._body)
            paragraph.add_run().add_picture(io.BytesIO(chart.png), width=width, height=height)
        else:
            _empty_frame(ppr, height)


def _empty_frame(ppr: Any, height_emu: int) -> None:
    """A ruled box as tall as the chart: a paragraph with borders and an exact line height."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{side}")
        line.set(_w("val"), "single")
        line.set(_w("sz"), "4")
        line.set(_w("space"), "0")
        line.set(_w("color"), "1A1A1A")
        borders.append(line)
    ppr.append(borders)
    spacing = OxmlElement("w:spacing")
    spacing.set(_w("line"), str(int(height_emu) // 635))  # EMU → twips
    spacing.set(_w("lineRule"), "exact")
    ppr.append(spacing)


# The poster's page (templates/README.md: 公示): sizes in half-points, line pitch in twips.
_POSTER_MARGINS_MM = (12, 10, 20, 20)  # top, bottom, left, right
_POSTER_STYLES = {
    # style id: (size in half-points, exact line pitch in twips or 0 to keep)
    "ArticleBody": (32, 480),
    "ArticleBodyKeep": (32, 480),
    "ListItem": (32, 480),
    "ListItemKeep": (32, 480),
    "Party": (32, 480),
    "Title": (52, 600),
    "FillNote": (24, 340),
    "TableCaption": (32, 480),
    "TableText": (28, 360),
    "TableHeader": (28, 360),
    "TableGap": (24, 200),
}


def poster_page(docx: Any) -> None:
    """One A4 page for a noticeboard: 三号 body on a 24 pt line, 一号 title, 四号 tables,
    20 mm side margins, no page footer."""
    section = docx.sections[-1]
    top, bottom, left, right = _POSTER_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    # No footer: the first section "linked to previous" has none, and a footer distance
    # larger than the bottom margin would push the text up (LibreOffice).
    section.footer.is_linked_to_previous = True
    section.footer_distance = Mm(bottom // 2)
    styles = docx.styles.element
    for style_id, (size, line) in _POSTER_STYLES.items():
        found = styles.xpath(f'w:style[@w:styleId="{style_id}"]')
        if not found:
            continue
        style = found[0]
        for name in ("sz", "szCs"):
            for element in style.iter(_w(name)):
                element.set(_w("val"), str(size))
        if line:
            for element in style.iter(_w("spacing")):
                if element.get(_w("line")) is not None:
                    element.set(_w("line"), str(line))
                for side in ("before", "after"):  # no air but the pitch: one page
                    if element.get(_w(side)) is not None:
                        element.set(_w(side), str(min(int(element.get(_w(side))), 60)))
