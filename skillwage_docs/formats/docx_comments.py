"""填写说明 as Word comments (issue 21 point 17): in the blank model text a drafter wants the
notes beside the clause they explain and gone in one step (审阅 › 删除 › 删除文档中的所有批注),
not as body text to cut paragraph by paragraph. Each note paragraph (style FillNote) becomes a
comment anchored to the paragraph before it and leaves the body; a note after a table is
anchored to the paragraph before the table (its lead-in or caption)."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = ["NOTE_STYLE", "notes_as_comments"]

NOTE_STYLE = "FillNote"
_DATE = qn("w:date")
# The body's line-break helpers (docx.py: after a closing bracket, inside a blank) mean nothing
# in a comment balloon and would break a search for "〔2024〕51号" there.
_INVISIBLE = {ord("\u200b"): None, ord("\u2060"): None}


def _style(paragraph: Any) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else str(style.get(qn("w:val")))


def _text(paragraph: Any) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def _anchor(note: Any) -> Any | None:
    """The paragraph the note explains: the nearest earlier body paragraph with text that is
    not a note itself (over a table, to the one before it)."""
    node = note.getprevious()
    while node is not None:
        if node.tag == qn("w:p") and _style(node) != NOTE_STYLE and _text(node).strip():
            return node
        node = node.getprevious()
    return None


def notes_as_comments(docx: Any, author: str) -> int:
    """Move every note of `docx` into a comment by `author`; the number moved. A note with
    nothing before it to anchor to stays in the body."""
    body = docx.element.body
    moved = 0
    for note in [p for p in body.iterchildren(qn("w:p")) if _style(p) == NOTE_STYLE]:
        anchor = _anchor(note)
        if anchor is None:
            continue
        paragraph = Paragraph(anchor, docx._body)
        runs = [Run(r, paragraph) for r in anchor.iterchildren(qn("w:r"))]
        if not runs:
            continue
        text = _text(note).translate(_INVISIBLE)
        comment = docx.add_comment(runs, text=text, author=author, initials=author[:2])
        # No clock in the file: the same text gives the same bytes.
        comment._comment_elm.attrib.pop(_DATE, None)
        body.remove(note)
        moved += 1
    return moved
