"""Measurable page checks (issue 13), shared by the tests and `make proofs`.

Each check reads a rendered PDF (ours from Typst, or the DOCX/HTML printed by LibreOffice or
Chromium) through poppler's word boxes (`pdftotext -bbox-layout`) and compares it with the
layout the writers were asked for (writers/view.py): the title lines, the table cells, which
page a table, its caption and its lead-in fall on. A finding is one readable line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from skillwage_docs.formats.view import document_view
from skillwage_docs.text.document import Document

from .spacing import LETTER_SPACED, letter_spaced

__all__ = [
    "Line",
    "check_one_page",
    "check_page_counts",
    "check_page_fill",
    "check_pdf",
    "check_spacing",
    "page_count",
    "pdf_lines",
    "word_boxes",
]

# Kinds printed on one page (templates/README.md: 公示): the noticeboard poster.
ONE_PAGE_KINDS = ("poster",)

_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    page: int  # 1-based
    text: str  # the words of one printed line, spaces removed


def word_boxes(pdf: Path) -> str:
    """poppler's page/line/word boxes of `pdf` (`pdftotext -bbox-layout`), as XML."""
    if shutil.which("pdftotext") is None:
        raise FileNotFoundError("pdftotext（poppler-utils）未安装")
    return subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pdf_lines(pdf: Path, xml: str | None = None) -> list[Line]:
    """Every printed line of `pdf` in reading order, from poppler's word boxes."""
    xml = word_boxes(pdf) if xml is None else xml
    lines = []
    for number, page in enumerate(_PAGE.findall(xml), start=1):
        for line in _LINE.findall(page):
            words = "".join(unescape(w) for w in _WORD.findall(line))
            lines.append(Line(number, _SPACE.sub("", words)))
    return lines


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(match.group(1)) if match else 0


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def check_title(lines: list[Line], view: dict[str, Any]) -> list[str]:
    """Every title line the layout chose is one printed line of page 1 (GB/T 9704 7.3.1)."""
    first = {line.text for line in lines if line.page == 1}
    return [
        f"标题行“{part}”未整行出现在第1页（标题在词中断行或被引擎重排）"
        for part in view["title_lines"]
        if _squash(part) not in first
    ]


def _tables_with_leads(view: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(table, the text of the paragraph just before it) in document order."""
    blocks = [
        *view["preamble"],
        *(b for c in view["chapters"] for a in c["articles"] for b in a["blocks"]),
        *view["appendices"],
    ]
    out = []
    for index, block in enumerate(blocks):
        if block["kind"] == "table":
            before = blocks[index - 1] if index else None
            lead = before["text"] if before and before["kind"] == "paragraph" else ""
            out.append((block, lead))
    return out


def _find(lines: list[Line], text: str, start: int, *, whole: bool = False) -> int | None:
    """Index of the first line at or after `start` that contains (or is) `text`."""
    for index in range(start, len(lines)):
        if (lines[index].text == text) if whole else (text in lines[index].text):
            return index
    return None


def _made_of(text: str, cells: list[str]) -> bool:
    """A printed line holding nothing but cells of the table (one cell, or a row that poppler
    read as one line): never a paragraph that happens to quote a level name or a figure."""
    for cell in sorted(set(cells), key=len, reverse=True):
        text = text.replace(cell, "")
    return not text


def _nearest(
    lines: list[Line], text: str, cells: list[str], at: int, *, back: int, ahead: int
) -> int | None:
    """The table line holding `text` nearest to the caption's line `at`, from `back` to `ahead`
    lines after it (poppler may read a header cell before the caption, in column order)."""
    end = min(at + ahead, len(lines))
    for distance in range(max(end - at, at - back + 1)):
        for index in (at + distance, at - distance):
            line = lines[index].text if back <= index < end else ""
            if text in line and _made_of(line, cells):
                return index
    return None


def _find_caption(lines: list[Line], caption: str, start: int) -> int | None:
    """The caption's line: poppler reads Typst's 表1 and its title as two lines (split at the
    U+3000), LibreOffice's and Chromium's as one."""
    whole, title = _squash(caption), _squash(caption.split("\u3000")[-1])
    for index in range(start, len(lines)):
        if lines[index].text in (whole, title):
            return index
    return None


def check_table(
    lines: list[Line], table: dict[str, Any], lead: str, start: int
) -> tuple[list[str], int]:
    """A table's cells unbroken, a short table on one page, caption and lead-in with it."""
    name = table["caption"] or "（无表题）"
    at = _find_caption(lines, table["caption"], start) if table["caption"] else start
    if at is None:
        return [f"{name}：表题未整行出现"], start
    findings, pages = [], {lines[at].page}
    header = [part for cell in table["layout"]["header"] for part in cell]
    cells = [cell for row in [header, *table["rows"]] for cell in filter(None, map(_squash, row))]
    last = at
    for cell in cells:
        found = _nearest(lines, cell, cells, at, back=max(at - 8, start), ahead=len(cells) + 12)
        if found is None:
            findings.append(f"{name}：单元格“{cell}”在词中断行")
        else:
            pages.add(lines[found].page)
            last = max(last, found)
    if table["layout"]["keep_whole"] and len(pages) > 1:
        findings.append(
            f"{name}：{len(table['rows'])} 行的表格跨页（第{min(pages)}–{max(pages)}页）"
        )
    tail = _squash(lead)[-6:]
    if tail:
        lead_at = max(
            (
                i
                for i in range(at)
                if tail in lines[i].text
                or (i + 1 < len(lines) and tail in lines[i].text + lines[i + 1].text)
            ),
            default=None,
        )
        if lead_at is not None and lines[lead_at].page != lines[at].page:
            findings.append(f"{name}：引导语在第{lines[lead_at].page}页，表在第{lines[at].page}页")
    # The next table is looked for after this one's last row: two tables of the same shape
    # (both sides' lists) must not lend each other their rows.
    return findings, last + 1


def check_signature(lines: list[Line], view: dict[str, Any]) -> list[str]:
    """The signature block shares its page with the end of the last article: a page holding
    only seals and signatures could be attached to any text (official documents print
    （此页无正文） there; we keep the last paragraph with the block instead)."""
    rows = view["signature_rows"]
    articles = [a for c in view["chapters"] for a in c["articles"]]
    paragraphs = [b for b in articles[-1]["blocks"] if b["kind"] == "paragraph"] if articles else []
    label = _squash(rows[0][0]["label"]) if rows and rows[0] else ""
    if not label or not paragraphs:
        return []
    sign = max((i for i, line in enumerate(lines) if line.text.startswith(label)), default=None)
    # The page of the paragraph's last character, found through its last few characters in
    # the running text before the block (they may wrap onto two lines).
    before = lines[: sign or 0]
    tail = _squash(paragraphs[-1]["text"])[-8:]
    stop = "".join(line.text for line in before).rfind(tail) + len(tail)
    end, seen = None, 0
    for index, line in enumerate(before if stop >= len(tail) else []):
        seen += len(line.text)
        if seen >= stop:
            end = index
            break
    if sign is None or end is None:
        return [f"签字栏或{articles[-1]['label']}末句未找到"]
    findings = []
    if lines[sign].page != lines[end].page:
        findings.append(
            f"签字栏在第{lines[sign].page}页，{articles[-1]['label']}结束于第{lines[end].page}页"
            "（签字页无正文）"
        )
    # The 附件 list after the block may break (issue 22): page fill is checked instead.
    return findings


# A page before the last holds at least this share of the text block (issue 22: the closing
# block left pages 15–46 % full); GB/T 9704's text block: 37 mm from the top, 225 mm high.
PAGE_FILL_MIN = 0.5
_TEXT_TOP_PT, _TEXT_HEIGHT_PT = 37 / 25.4 * 72, 225 / 25.4 * 72
_LINE_BOX = re.compile(
    r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S
)
_PAGE_NUMBER = re.compile(r"第\d+页共\d+页|—\d+—|\d+")


def page_fills(xml: str) -> list[float]:
    """How far down each page's text reaches, as a share of the text block (page numbers and
    the running example mark left out)."""
    fills = []
    for page in _PAGE.findall(xml):
        bottoms = [
            float(bottom)
            for bottom, words in _LINE_BOX.findall(page)
            if not _PAGE_NUMBER.fullmatch(_squash(unescape("".join(_WORD.findall(words)))))
        ]
        fills.append(max(0.0, (max(bottoms, default=0.0) - _TEXT_TOP_PT) / _TEXT_HEIGHT_PT))
    return fills


def check_page_fill(xml: str, lines: list[Line], view: dict[str, Any]) -> list[str]:
    """No page before the last under PAGE_FILL_MIN full, but a page an attachment's new page
    (附件N, GB/T 9704 8.2) follows."""
    fills = page_fills(xml)
    starts = {
        line.page
        for line in lines
        for part in view["attachments"]
        if line.text in (_squash(part["label"]), _squash(part["title"]))
    }
    return [
        f"第{number}页只排到版心的 {fill:.0%}（下一页之前不足 {PAGE_FILL_MIN:.0%}）"
        for number, fill in enumerate(fills[:-1], start=1)
        if fill < PAGE_FILL_MIN and number + 1 not in starts
    ]


def check_spacing(pdf: Path, limit: float = LETTER_SPACED) -> list[str]:
    """No line letter-spaced past `limit` (tests/pages/spacing.py; issues 13 and 22) but where
    an unbreakable unit forced it."""
    return [
        f"第{s.page}页：字距拉开 {s.added:.2f} em（上限 {limit} em）：“{s.text}”"
        for s in letter_spaced(pdf, limit)
    ]


def check_pdf(pdf: Path, document: Document, spacing: float = LETTER_SPACED) -> list[str]:
    """Every measurable finding for one rendered PDF of `document` (empty: all good);
    `spacing`: the letter-spacing limit of the engine that printed it."""
    view = document_view(document)
    xml = word_boxes(pdf)
    lines = pdf_lines(pdf, xml)
    findings = check_title(lines, view) + check_spacing(pdf, spacing)
    cursor = 0
    for table, lead in _tables_with_leads(view):
        found, cursor = check_table(lines, table, lead, cursor)
        findings += found
    findings += check_signature(lines, view)
    if document.meta.get("kind") not in ONE_PAGE_KINDS:
        findings += check_page_fill(xml, lines, view)
    if document.meta.get("kind") in ONE_PAGE_KINDS:
        findings += check_one_page(max((line.page for line in lines), default=0))
    return [f"{pdf.name}: {finding}" for finding in findings]


def check_one_page(pages: int) -> list[str]:
    """The poster is one A4 page on a noticeboard: a second page is a layout failure."""
    return [] if pages == 1 else [f"公示应为一页，实际 {pages} 页"]


def check_page_counts(pdf_pages: int, docx_pages: int, name: str) -> list[str]:
    """PDF and DOCX (as LibreOffice prints it) within one page of each other (issue 13)."""
    if abs(pdf_pages - docx_pages) > 1:
        return [f"{name}: PDF {pdf_pages} 页，DOCX {docx_pages} 页，相差超过一页"]
    return []
