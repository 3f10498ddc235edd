"""Read rendered files back as text, the way a reader's tool sees them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["docx_text", "html_text", "pdf_text", "pdffonts", "squash"]


def squash(text: str) -> str:
    """Drop all whitespace: line breaks and justification spaces differ between formats, and
    the DOCX's zero-width spaces and word joiners (after a closing bracket, inside a blank:
    formats/docx.py) say where a line may break, they are not text."""
    return re.sub(r"[\s\u200b\u2060]+", "", text)


def pdf_text(data: bytes, tmp: Path) -> str:
    if shutil.which("pdftotext"):
        path = tmp / "readback.pdf"
        path.write_bytes(data)
        # Reading order, not -layout: the layout mode splits a line into columns where Typst
        # compresses punctuation beside a boxed 文号 (issue 22), and the text comes out of order.
        return subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdffonts(data: bytes, tmp: Path) -> list[dict[str, str]]:
    path = tmp / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type… encoding emb sub uni object ID: read from the right, names have no spaces
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1
        if tag in ("p", "h1", "h2", "tr", "caption", "td", "th"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(data: bytes) -> str:
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return "".join(parser.parts)


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
