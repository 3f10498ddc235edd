"""Issue 13, point 7, with the engines a reader uses: no letter-spaced line in the DOCX as
LibreOffice prints it, nor in the HTML as Chromium prints it (formats/spacing.py states the
limit). The PDF is held to the same limit for every yangquan text in tests/test_pagecheck.py.

manufacturing is the case that failed: LibreOffice kept "〔2024〕1185号、" whole and spread
"《最低工资规定》《山西省企业集体合同条例》、晋人社厅函" by 0.17 em; Chromium glued a
paragraph's last four characters and spread the line before them by 0.19 em; in the blank text
an 8-em line blank and inline-block rules spread the lines around the blanks by up to 0.3 em.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillwage_docs.formats import writer_for
from tests.pages.pagecheck import check_spacing
from tests.pages.spacing import BROWSER_LETTER_SPACED

from ..browser.tools import CHROMIUM, need_executable, require
from .engines import chromium, docx_to_pdf
from .reference import manufacturing_documents

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast


def test_libreoffice_prints_the_docx_without_letter_spaced_lines(tmp_path: Path) -> None:
    need_executable("soffice", "libreoffice-writer-nogui")
    docx = tmp_path / "manufacturing.docx"
    docx.write_bytes(writer_for("docx").render(manufacturing_documents()[False]))
    [pdf] = docx_to_pdf([docx], tmp_path / "pdf", tmp_path / "lo-profile")
    assert check_spacing(pdf) == []


def test_chromium_prints_the_html_without_letter_spaced_lines(tmp_path: Path) -> None:
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})", "apt-get install chromium")
    findings = []
    with chromium(tmp_path / "chromium-profile") as browser:
        for blank, document in manufacturing_documents().items():
            html = tmp_path / f"manufacturing{'.blank' if blank else ''}.html"
            html.write_bytes(writer_for("html").render(document))
            pdf = browser.print_pdf(html, html.with_suffix(".pdf"))
            findings += [
                f"{pdf.name}: {finding}" for finding in check_spacing(pdf, BROWSER_LETTER_SPACED)
            ]
    assert findings == []
