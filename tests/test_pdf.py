"""PDF through Typst: A4, every font embedded, text extractable, page numbers."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from skillwage_docs.agreement import Agreement
from skillwage_docs.document import Document
from skillwage_docs.errors import RenderError
from skillwage_docs.figures import yuan
from skillwage_docs.writers import writer_for

from .readback import pdf_text, pdffonts, squash

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdffonts"), reason="poppler-utils not installed"
)


@pytest.fixture(scope="module")
def pdf(manufacturing_document: Document) -> bytes:
    return writer_for("pdf").render(manufacturing_document)


def test_a4_with_page_numbers(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    total = len(reader.pages)
    assert f"第1页共{total}页" in squash(reader.pages[0].extract_text())
    assert f"第{total}页共{total}页" in squash(reader.pages[-1].extract_text())


@needs_poppler
def test_every_font_embedded_and_cjk(pdf: bytes, tmp_path: Path) -> None:
    fonts = pdffonts(pdf, tmp_path)
    assert fonts, "no fonts in PDF"
    assert all(font["emb"] == "yes" for font in fonts), fonts
    assert any("NotoSerifCJK" in font["name"] for font in fonts)


def test_text_has_every_article_level_and_figure(
    pdf: bytes, manufacturing: Agreement, manufacturing_document: Document, tmp_path: Path
) -> None:
    text = squash(pdf_text(pdf, tmp_path))
    assert squash(manufacturing_document.title) in text
    assert "阳泉市" in text
    for article in manufacturing_document.articles():
        assert article.label in text
    for row in manufacturing.skill_levels:
        assert row.level in text
        assert yuan(row.monthly) in text


def test_reproducible(manufacturing_document: Document) -> None:
    writer = writer_for("pdf")
    assert writer.render(manufacturing_document) == writer.render(manufacturing_document)


def test_hostile_text_is_not_typst_markup(manufacturing_document: Document, tmp_path: Path) -> None:
    from dataclasses import replace

    title = '#set page(fill: red) *x* $y$ @ref <l> [a] \\ "q" // c'
    pdf = writer_for("pdf").render(replace(manufacturing_document, title=title))
    assert squash(title) in squash(pdf_text(pdf, tmp_path))


def test_missing_fonts_are_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from skillwage_docs.writers.pdf import TypstWriter

    monkeypatch.setenv("SKILLWAGE_FONT_DIRS", str(tmp_path))
    with pytest.raises(RenderError, match="fonts-noto-cjk") as caught:
        TypstWriter()
    assert caught.value.exit_code == 3  # an engine failure, as the README's exit codes say
