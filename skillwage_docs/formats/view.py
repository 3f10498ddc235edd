"""The document as the writers lay it out: the `Document` plus the layout decisions of
`layout.py`, as plain data (JSON for Typst, mappings for the HTML and DOCX templates)."""

from __future__ import annotations

import itertools
from typing import Any

from ..text.document import EXAMPLE_MARK, Document, Figure, Paragraph, SignatureColumn, Span, Table
from .figures import FIGURE_HEIGHT_MM, FIGURE_WIDTH_MM, figure_chart
from .layout import (
    KEEP_WITH_FIGURES,
    MEASURE_PT,
    POSTER_MEASURE_PT,
    POSTER_TABLE_PT,
    TABLE_PT,
    Annex,
    appendix_blocks,
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


def _span(span: Span, *, ragged: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {"text": span.text, "bold": span.bold, "blank": span.blank}
    if span.blank:
        view["em"] = blank_em(span)
        view["line"] = view["em"] is None
        view["pieces"] = [] if view["line"] else blank_pieces(view["em"], whole=ragged)
    return view


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
        return {"kind": "annex", "head": block.head, "names": list(block.items)}
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
    spans = [_span(s, ragged=cover) for s in block.spans]
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


def document_view(document: Document) -> dict[str, Any]:
    page = page_of(document)
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
    preamble = _blocks(document.preamble, page)
    if not chapters and document.signature and preamble and preamble[-1]["kind"] == "paragraph":
        # A paper without chapters (the packet's: a letter, a form) ends in its preamble: its
        # last paragraph goes with the signature block, which never stands alone on a page.
        preamble[-1]["keep"] = True
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
        "preamble": preamble,
        "chapters": chapters,
        "signature": [list(c.lines) for c in document.signature],
        "signature_rows": signature_rows(document.signature),
        "appendices": _blocks(appendix_blocks(document.appendices), page),
        "keep_with_figures": KEEP_WITH_FIGURES.pattern,
    }
