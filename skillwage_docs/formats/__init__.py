"""Formats: one writer per file format, each laying out a `Document` as bytes and holding no
contract wording; the read-back check (`verify`), the page checks and the brief's chart."""

from __future__ import annotations

from functools import cache
from typing import Protocol

from ..base.errors import InputError
from ..text.document import Document

__all__ = ["FORMATS", "PDF_ENGINES", "Writer", "writer_for"]

FORMATS = ("docx", "html", "pdf")
PDF_ENGINES = ("typst", "weasyprint")


class Writer(Protocol):
    extension: str

    def render(self, document: Document) -> bytes: ...


@cache
def writer_for(fmt: str, pdf_engine: str = "typst") -> Writer:
    """One writer per format and process: templates, compilers and fonts load once."""
    if fmt == "html":
        from .html import HtmlWriter

        return HtmlWriter()
    if fmt == "docx":
        from .docx import DocxWriter

        return DocxWriter()
    if fmt == "pdf":
        from .pdf import TypstWriter, WeasyPrintWriter

        if pdf_engine == "typst":
            return TypstWriter()
        if pdf_engine == "weasyprint":
            return WeasyPrintWriter()
        raise InputError(f"未知的 PDF 引擎 {pdf_engine!r}（可选：{'、'.join(PDF_ENGINES)}）")
    raise InputError(f"未知的输出格式 {fmt!r}（可选：{'、'.join(FORMATS)}）")
