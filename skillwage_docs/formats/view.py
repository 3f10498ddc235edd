"""The document as the writers lay it out: the `Document` plus the layout decisions of
`layout.py`, as plain data (JSON for Typst, mappings for the HTML and DOCX templates)."""

from __future__ import annotations

import itertools
import re
from typing import Any

from ..text.document import (
    ATTACHMENT,
    COPY_TO,
    EXAMPLE_MARK,
    OFFICIAL,
    Document,
    Figure,
    Paragraph,
    SignatureColumn,
    Span,
    Table,
)
from .figures import FIGURE_HEIGHT_MM, FIGURE_WIDTH_MM, figure_chart
from .layout import (
    KEEP_WITH_FIGURES,
    MEASURE_PT,
    POSTER_MEASURE_PT,
    POSTER_TABLE_PT,
    TABLE_PT,
    Annex,
    appendix_blocks,
    attachment_label,
    blank_em,
    blank_pieces,
    fit_size,
    is_seal_label,
    last_line_split,
    signature_column_pt,
    table_layout,
    title_lines,
)

__all__ = ["POSTER", "document_view", "page_of", "signature_rows"]

POSTER = "poster"  # the kind laid out on the poster's page (kinds.py)
_ANNEX_NUMBER = re.compile(r"^\d+[.．、]\s*")


def _span(span: Span, *, ragged: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {"text": span.text, "bold": span.bold, "blank": span.blank}
    if span.blank:
        view["em"] = blank_em(span)
        view["line"] = view["em"] is None
        view["pieces"] = [] if view["line"] else blank_pieces(view["em"], whole=ragged)
        view["lead"] = None  # the character glued to the blank's last piece (`_leads`)
    return view


_CLOSING_MARKS = "）〕》」』】”’、，。；：？！"


def _leads(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A blank's last piece is glued to the character after it ("人）" never starts a line
    alone): that character moves into the blank's view as `lead`, which the writers set in one
    unbreakable unit with the piece (Typst box, HTML nowrap span, DOCX word joiner), so no
    joiner character reaches the text layer. A closing mark after a blank needs no glue: no
    line starts with one."""
    for blank, following in itertools.pairwise(spans):
        if not blank["blank"] or following["blank"]:
            continue
        text = following["text"]
        if text and text[0] not in _CLOSING_MARKS:
            blank["lead"] = {"text": text[0], "bold": following["bold"]}
            following["text"] = text[1:]
    return spans


def _table(table: Table, page: tuple[float, float]) -> dict[str, Any]:
    lay = table_layout(table, *page)
    measure = page[0]
    return {
        "kind": "table",
        "caption": table.caption,
        "header": list(table.header),
        "rows": [list(row) for row in table.rows],
        "layout": {
            "widths": [round(w, 2) for w in lay.widths_pt],
            "fractions": [round(w / measure, 4) for w in lay.widths_pt],
            "header": [list(lines) for lines in lay.header_lines],
            "keep_whole": lay.keep_whole,
        },
    }


def _block(block: object, page: tuple[float, float]) -> dict[str, Any]:
    if isinstance(block, Table):
        return _table(block, page)
    if isinstance(block, Annex):
        names = list(block.items)
        if len(names) == 1:  # GB/T 9704 7.3.3: a single attachment has no number
            names = [_ANNEX_NUMBER.sub("", names[0])]
        return {"kind": "annex", "head": block.head, "names": names}
    if isinstance(block, Figure):
        # The drawing as SVG text (Typst reads it from the JSON, HTML as a data URI; the DOCX
        # writer places the PNG of the same chart), or None: the blank form's empty frame.
        # Shaped as a paragraph of its caption too, for a layout that knows no "figure".
        chart = figure_chart(block)
        span = {"text": block.caption, "bold": False, "blank": False}
        return {
            "kind": "figure",
            "key": block.key,
            "caption": block.caption,
            "svg": None if chart is None else chart.svg.decode("utf-8"),
            "width_mm": FIGURE_WIDTH_MM,
            "height_mm": FIGURE_HEIGHT_MM,
            "style": "figure",
            "spans": [span],
            "text": block.caption,
            "keep": False,
        }
    assert isinstance(block, Paragraph)
    cover = block.style == "party"  # cover lines are set ragged (templates/README.md)
    spans = _leads([_span(s, ragged=cover) for s in block.spans])
    last = spans[-1] if spans else None
    split = last_line_split(last["text"], cover=cover) if last and not last["blank"] else None
    if last and split:
        # The last characters glued, so the last line is never one or two characters.
        spans[-1:] = [{**last, "text": split[0]}, {**last, "text": split[1], "glue": True}]
    return {
        "kind": "paragraph",
        "style": block.style,
        "spans": spans,
        "text": block.text,
        "keep": False,
    }


def _blocks(
    blocks: tuple[object, ...] | list[object], page: tuple[float, float] = (MEASURE_PT, TABLE_PT)
) -> list[dict[str, Any]]:
    views = [_block(b, page) for b in blocks]
    # A paragraph leading into a table ("……下表所列标准：") never ends a page without it.
    for view, following in itertools.pairwise(views):
        if view["kind"] == "paragraph" and following["kind"] == "table":
            view["keep"] = True
    return views


def signature_rows(columns: tuple[SignatureColumn, ...]) -> list[list[dict[str, Any]]]:
    """Line i of every party side by side; a seal line carries its name's size, fitted to the
    column so the name is never broken."""
    room = signature_column_pt(columns)
    depth = max((len(c.lines) for c in columns), default=0)
    rows = []
    for i in range(depth):
        row = []
        for column in columns:
            label, value = column.lines[i] if i < len(column.lines) else ("", "")
            seal = any(i < len(c.lines) and is_seal_label(c.lines[i][0]) for c in columns)
            row.append(
                {"label": label, "value": value, "seal": seal, "size": fit_size(value, room)}
            )
        rows.append(row)
    return rows


def page_of(document: Document) -> tuple[float, float]:
    """The measure and table size of the document's page: the poster's, or the contract's."""
    if document.meta.get("kind") == POSTER:
        return (POSTER_MEASURE_PT, POSTER_TABLE_PT)
    return (MEASURE_PT, TABLE_PT)


def _chapters(document: Document, page: tuple[float, float]) -> list[dict[str, Any]]:
    chapters: list[dict[str, Any]] = []
    for chapter in document.chapters:
        articles = [
            {"label": a.label, "number": a.number, "blocks": _blocks(a.blocks, page)}
            for a in chapter.articles
        ]
        chapters.append({"label": chapter.label, "title": chapter.title, "articles": articles})
    if chapters and chapters[-1]["articles"] and document.signature:
        last = chapters[-1]["articles"][-1]["blocks"]
        if last and last[-1]["kind"] == "paragraph":
            last[-1]["keep"] = True  # the signature block never stands alone on a page
    return chapters


def _parts(document: Document, page: tuple[float, float]) -> dict[str, Any]:
    """The text around the chapters: the preamble, the appendices after the signature block,
    and a paper's furniture — its 附件说明 (before a 公文's 落款), attachments and 抄送."""
    preamble_blocks = appendix_blocks(document.preamble)
    appendix = appendix_blocks(document.appendices)
    copies = [b for b in (*preamble_blocks, *appendix) if _style(b) == COPY_TO]
    preamble_blocks = [b for b in preamble_blocks if _style(b) != COPY_TO]
    official = document.meta.get("layout") == OFFICIAL
    after_signoff: list[object] = []
    first_annex = next((i for i, b in enumerate(preamble_blocks) if isinstance(b, Annex)), None)
    if official and first_annex is not None:
        # A paper's 附件说明 ends its text; what the template sets after it (a 填写说明) follows
        # the 落款, where GB/T 9704 7.3.6 puts a 附注.
        after_signoff = preamble_blocks[first_annex + 1 :]
        preamble_blocks = preamble_blocks[: first_annex + 1]
    preamble = _blocks(preamble_blocks, page)
    annexes = [b for b in (*preamble_blocks, *appendix) if isinstance(b, Annex)]
    appendices, attachments = _attachments(
        [b for b in appendix if _style(b) != COPY_TO], annexes, page
    )
    annex: list[dict[str, Any]] = []
    if official:
        # GB/T 9704 7.3.3: the 附件说明 follows the text, before the 落款.
        annex = [b for b in (*preamble, *appendices) if b["kind"] == "annex"]
        preamble = [b for b in preamble if b["kind"] != "annex"]
        appendices = _blocks(after_signoff, page) + [b for b in appendices if b["kind"] != "annex"]
    if not document.chapters and document.signature:
        # A paper without chapters (the packet's: a letter, a form) ends in its preamble: its
        # last paragraph goes with the signature block, which never stands alone on a page.
        last = [b for b in preamble if b["kind"] == "paragraph"]
        if last and preamble[-1] is last[-1]:
            last[-1]["keep"] = True
    return {
        "preamble": preamble,
        "appendices": appendices,
        # A 公文 (GB/T 9704, templates/README.md): 附件说明 before the 落款, the 落款 (names over
        # the 成文日期), 附件 on pages of their own, 抄送 in the 版记.
        "official": official,
        "annex": annex,
        "attachments": attachments,
        "copies": [_block(b, page) for b in copies],
    }


def document_view(document: Document) -> dict[str, Any]:
    page = page_of(document)
    meta = dict(document.meta)
    blank = meta.get("variant") == "blank"
    return {
        "title": document.title,
        "title_lines": list(title_lines(document.title)),
        # The mark itself, "" for a real contract: its wording lives in one place.
        "example": EXAMPLE_MARK if meta.get("example") == "true" else "",
        "meta": meta,
        # Blank model texts carry no signing date as their creation date.
        "date": None if blank else meta.get("date"),
        "poster": page[0] == POSTER_MEASURE_PT,
        "chapters": _chapters(document, page),
        "signature": [list(c.lines) for c in document.signature],
        "signature_rows": signature_rows(document.signature),
        "signoff": signoff(document.signature),
        **_parts(document, page),
        "keep_with_figures": KEEP_WITH_FIGURES.pattern,
    }


def _style(block: object) -> str:
    return block.style if isinstance(block, Paragraph) else ""


def _attachments(
    blocks: list[object], annexes: list[Annex], page: tuple[float, float]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The appendices before the first attachment, and each attachment (`@attachment`) with
    its label 附件N, title and blocks."""
    before: list[object] = []
    parts: list[tuple[Paragraph, list[object]]] = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.style == ATTACHMENT:
            parts.append((block, []))
        elif parts:
            parts[-1][1].append(block)
        else:
            before.append(block)
    attachments = [
        {
            "label": attachment_label(title.text, annexes),
            "title": title.text,
            "blocks": _blocks(content, page),
        }
        for title, content in parts
    ]
    return _blocks(before, page), attachments


def signoff(columns: tuple[SignatureColumn, ...]) -> dict[str, Any]:
    """The 落款 of a 公文 (GB/T 9704 7.3.5): each party's name (its seal line's value, or in a
    blank form the label, 职工方（盖章）, to stamp over) and the 成文日期 (the last date line)."""
    names, date = [], ""
    for column in columns:
        for label, value in column.lines:
            if is_seal_label(label):
                names.append(value or label.rstrip("：:"))
            elif label.startswith("日期"):
                date = value
    return {"names": names, "date": date}
