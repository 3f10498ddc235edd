"""PDF through Typst: A4, every font embedded, text extractable, page numbers."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from skillwage_docs.base.errors import RenderError
from skillwage_docs.base.figures import yuan
from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.text.document import Document

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
    from skillwage_docs.formats.pdf import TypstWriter

    monkeypatch.setenv("SKILLWAGE_FONT_DIRS", str(tmp_path))
    with pytest.raises(RenderError, match="fonts-noto-cjk") as caught:
        TypstWriter()
    assert caught.value.exit_code == 3  # an engine failure, as the README's exit codes say


def test_a_character_no_font_draws_is_refused_with_its_field(
    contexts: Path,
    edit: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 13: an empty box is never printed; the CLI names the file, line, field and the
    character (CJK Ext-B 𠀀 is in none of the embedded faces), exits 3 and publishes nothing."""
    from skillwage_docs.app.cli import main

    out = tmp_path / "build"

    def render() -> tuple[int, str]:
        args = ["--contexts", str(contexts), "render", "yangquan", "--agreement", "mining"]
        try:
            main([*args, "--file-formats", "pdf", "--out", str(out)])
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    code, text = render()
    assert code == 0, text  # the passing case: every character printable
    edit("yangquan/mining.yaml", "name: 阳泉市采矿业工会联合会", "name: 阳泉市采矿业工会联合会𠀀")
    shutil.rmtree(out)
    code, text = render()
    assert code == 3, text
    first = "yangquan/mining.yaml:12: worker_party.name: PDF 字体无法排印“𠀀”（U+20000）：请改用常用汉字"
    assert text.splitlines()[0].endswith(first), text
    assert "Traceback" not in text
    assert not (out / "yangquan").exists() or not any((out / "yangquan").iterdir())
