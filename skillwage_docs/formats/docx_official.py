"""DOCX after the template: a 公文's page (GB/T 9704; templates/README.md: 公文).

A paper to an authority (the filing letter, the 公布通知, the 决议) is set as a 公文: 仿宋 三号
on a grid of 22 lines of 28 characters, the 落款 names centred over their seals with the
成文日期 four characters from the right, page numbers "— 1 —" outside on odd and even pages,
and the 版记 at the foot of the last page (a frame in the template). The template
(make_docx_template.py) has the paragraphs; this module sets the body styles, the 落款's tabs
and the odd and even footers, as docx_page.py does for the poster.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls

from .layout import MEASURE_PT, text_em

__all__ = ["official_page"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FANGSONG = "仿宋_GB2312"  # FangSong its alternative (the template's font table)
_SIZE = 32  # 三号, half-points
_CHAR = 320  # one 三号 character, twips
_LINE = 579  # 225 mm / 22 lines, twips
# 156 mm / 28 characters = 15.79 pt a character: each 三号 character condensed by 0.2 pt.
_TRACKING = -4  # twentieths of a point
_BODY_STYLES = (
    "ArticleBody",
    "ArticleBodyKeep",
    "ListItem",
    "ListItemKeep",
    "Party",
    "AnnexHead",
    "AnnexItem",
)
# 附件说明 (GB/T 9704 7.3.3): "附件：" two characters in, each name's turnover under its first
# character after the number ("1. ", about one character of Latin figures).
_ANNEX_INDENT = {"AnnexHead": (6 * _CHAR, 4 * _CHAR), "AnnexItem": (6 * _CHAR, _CHAR)}
_TEXT_TWIPS = round(MEASURE_PT * 20)


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _style(styles: Any, style_id: str) -> Any:
    found = styles.xpath(f'w:style[@w:styleId="{style_id}"]')
    return found[0] if found else None


def _body_styles(styles: Any) -> None:
    for style_id in _BODY_STYLES:
        style = _style(styles, style_id)
        if style is None:
            continue
        for fonts in style.iter(_w("rFonts")):
            fonts.set(_w("eastAsia"), FANGSONG)
        for name in ("sz", "szCs"):
            for element in style.iter(_w(name)):
                element.set(_w("val"), str(_SIZE))
        rpr = style.find(_w("rPr"))
        if rpr is not None and rpr.find(_w("spacing")) is None:
            tracking = OxmlElement("w:spacing")
            tracking.set(_w("val"), str(_TRACKING))
            size = rpr.find(_w("sz"))
            (size.addprevious if size is not None else rpr.append)(tracking)
        ppr = style.find(_w("pPr"))
        for spacing in ppr.iter(_w("spacing")) if ppr is not None else ():
            if spacing.get(_w("line")) is not None:
                spacing.set(_w("line"), str(_LINE))
            for side in ("before", "after"):
                if spacing.get(_w(side)) not in (None, "0"):
                    spacing.set(_w(side), str(_LINE))
        for indent in ppr.iter(_w("ind")) if ppr is not None else ():
            if indent.get(_w("firstLine")) not in (None, "0"):
                indent.set(_w("firstLine"), str(2 * _CHAR))
            if style_id in _ANNEX_INDENT:
                left, hanging = _ANNEX_INDENT[style_id]
                for name in ("firstLine", "firstLineChars"):
                    indent.attrib.pop(_w(name), None)
                indent.set(_w("left"), str(left))
                indent.set(_w("hanging"), str(hanging))


def _signoff_tabs(body: Any, view: dict[str, Any]) -> None:
    """Centre tabs on the seals: the last name over the date, the others in equal shares."""
    names, date = view["signoff"]["names"], view["signoff"]["date"]
    if not names:
        return
    date_twips = round(text_em(date) * _SIZE * 10)
    centres = [round((i + 0.5) / len(names) * _TEXT_TWIPS) for i in range(len(names) - 1)]
    centres.append(_TEXT_TWIPS - 4 * _CHAR - date_twips // 2)
    tabs = "".join(f'<w:tab w:val="center" w:pos="{pos}"/>' for pos in centres)
    for paragraph in body.iter(_w("p")):
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        if style is not None and style.get(_w("val")) == "SignoffNames":
            paragraph.find(_w("pPr")).append(parse_xml(f"<w:tabs {nsdecls('w')}>{tabs}</w:tabs>"))


def _page_numbers(docx: Any) -> None:
    """ "— 1 —" on the right of odd pages, the left of even ones: the template has both footers
    (make_docx_template.py); a 公文 turns the even one on."""
    docx.settings.odd_and_even_pages_header_footer = True


def official_page(docx: Any, view: dict[str, Any]) -> None:
    """Set the rendered document as a 公文 (a no-op for any other document)."""
    if not view["official"]:
        return
    _body_styles(docx.styles.element)
    _signoff_tabs(docx.element.body, view)
    _page_numbers(docx)
