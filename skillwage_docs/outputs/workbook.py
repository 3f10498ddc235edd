"""An openpyxl workbook as reproducible bytes: the self-check form, the liaison table and the
progress report are saved the same way, so the same data gives the same file."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from ..base.publish import deterministic_zip
from .liaison.layout import FIXED


def workbook_bytes(book: Any, title: str, subject: str | None = None) -> bytes:
    """`book` with fixed document properties, zipped with fixed entry dates."""
    book.properties.creator = "skillwage-docs"
    book.properties.title = title
    if subject is not None:
        book.properties.subject = subject
    book.properties.created = FIXED
    book.properties.modified = FIXED
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save_workbook stamps `modified` with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return deterministic_zip(buffer.getvalue())
