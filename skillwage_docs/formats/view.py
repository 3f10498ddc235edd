"""The document as the writers lay it out: the `Document` plus the layout decisions of
`layout.py`, as plain data (JSON for Typst, mappings for the HTML and DOCX templates)."""

from __future__ import annotations

import itertools
from typing import Any

from ..text.document import Document, Figure, Paragraph, SignatureColumn, Span, Table
from .layout import (
    MEASURE_PT,
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

__all__ = ["document_view", "signature_rows"]


def _span(span: Span, *, ragged: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {"text": span.text, "bold": span.bold, "blank": span.blank}
    if span.blank:
        view["em"] = blank_em(span)
        view["line"] = view["em"] is None
        view["pieces"] = [] if view["line"] else blank_pieces(view["em"], whole=ragged)
    return view


def _table(table: Table) -> dict[str, Any]:
    lay = table_layout(table)
    return {
        "kind": "table",
        "caption": table.caption,
        "header": list(table.header),
        "rows": [list(row) for row in table.rows],
        "layout": {
            "widths": [round(w, 2) for w in lay.widths_pt],
            "fractions": [round(w / MEASURE_PT, 4) for w in lay.widths_pt],
            "header": [list(lines) for lines in lay.header_lines],
            "keep_whole": lay.keep_whole,
        },
    }


def _block(block: object) -> dict[str, Any]:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Annex):
        return {"kind": "annex", "head": block.head, "names": list(block.items)}
    if isinstance(block, Figure):
        # Not drawn yet (issue 14, next round): shaped as a paragraph of its caption, so every
        # layout that knows no "figure" prints the caption where the chart will go.
        span = {"text": block.caption, "bold": False, "blank": False}
        return {
            "kind": "figure",
            "key": block.key,
            "caption": block.caption,
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


def _blocks(blocks: tuple[object, ...] | list[object]) -> list[dict[str, Any]]:
    views = [_block(b) for b in blocks]
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


def document_view(document: Document) -> dict[str, Any]:
    chapters: list[dict[str, Any]] = []
    for chapter in document.chapters:
        articles = [
            {"label": a.label, "number": a.number, "blocks": _blocks(a.blocks)}
            for a in chapter.articles
        ]
        chapters.append({"label": chapter.label, "title": chapter.title, "articles": articles})
    if chapters and chapters[-1]["articles"] and document.signature:
        last = chapters[-1]["articles"][-1]["blocks"]
        if last and last[-1]["kind"] == "paragraph":
            last[-1]["keep"] = True  # the signature block never stands alone on a page
    meta = dict(document.meta)
    blank = meta.get("variant") == "blank"
    return {
        "title": document.title,
        "title_lines": list(title_lines(document.title)),
        "example": meta.get("example") == "true",
        "meta": meta,
        # Blank model texts carry no signing date as their creation date.
        "date": None if blank else meta.get("date"),
        "preamble": _blocks(document.preamble),
        "chapters": chapters,
        "signature": [list(c.lines) for c in document.signature],
        "signature_rows": signature_rows(document.signature),
        "appendices": _blocks(appendix_blocks(document.appendices)),
    }
