"""Issue 13: key pages look as approved (tests/visual/reference.py states the tolerance).

On failure the message names each page that moved and where its diff image is; when the
change is wanted, `make approve-proofs` rewrites the references. Runs with the real engines:
poppler and LibreOffice (CI=true fails rather than skips when one is missing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..browser.tools import need_executable
from .reference import TARGETS, compare, render

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast


def test_key_pages_match_the_approved_images(tmp_path: Path) -> None:
    need_executable("pdftoppm", "poppler-utils")
    need_executable("pdftotext", "poppler-utils")
    if any(target.fmt == "docx" for target in TARGETS):
        need_executable("soffice", "libreoffice-writer-nogui")
    problems = compare(render(tmp_path))
    assert not problems, "\n".join(problems)
