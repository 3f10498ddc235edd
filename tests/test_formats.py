"""One clause text, three formats: every article reads the same in DOCX, HTML and PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.loader import LoadedAgreement
from skillwage_docs.text.document import Paragraph
from skillwage_docs.text.environment import clause_environment

from .conftest import compose_for
from .readback import docx_text, html_text, pdf_text, squash

ORIGINAL_FACTORY = clause_environment


def _pdf_body(data: bytes, tmp: Path) -> str:
    """PDF text without the page footers and the example mark in every page's header, which
    fall inside paragraphs at page breaks."""
    return re.sub(r"第\d+页共\d+页|示例（虚构数据）", "", squash(pdf_text(data, tmp)))


@pytest.mark.parametrize("slug", ["manufacturing", "housekeeping"])
def test_article_texts_agree_across_formats(
    yangquan: list[LoadedAgreement], slug: str, tmp_path: Path
) -> None:
    agreement = next(x.agreement for x in yangquan if x.agreement.slug == slug)
    document = compose_for(agreement)
    texts = {
        "docx": squash(docx_text(writer_for("docx").render(document))),
        "html": squash(html_text(writer_for("html").render(document))),
        "pdf": _pdf_body(writer_for("pdf").render(document), tmp_path),
    }
    checked = 0
    for article in document.articles():
        for block in article.blocks:
            if isinstance(block, Paragraph):
                expected = squash(block.text)
                for fmt, text in texts.items():
                    assert expected in text, f"{article.label} missing from {fmt}"
                checked += 1
        for fmt, text in texts.items():
            assert article.label in text, f"{article.label} missing from {fmt}"
    assert checked > 20


def test_a_clause_edited_once_changes_all_three(
    yangquan: list[LoadedAgreement], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the clause environment at an edited copy of the templates: all formats follow."""
    import shutil

    from skillwage_docs.text import environment

    source = environment.TEMPLATES / "clauses"
    edited = tmp_path / "clauses"
    shutil.copytree(source, edited)
    template = edited / "contract.md.j2"
    text = template.read_text(encoding="utf-8")
    old = "企业应当以货币形式按月足额支付技能人才工资"
    assert old in text
    template.write_text(
        text.replace(old, "企业应当每月以人民币足额支付技能人才工资"), encoding="utf-8"
    )
    monkeypatch.setattr(environment, "clause_environment", _pinned(edited))
    monkeypatch.setattr("skillwage_docs.text.compose.clause_environment", _pinned(edited))
    document = compose_for(yangquan[0].agreement)
    marker = "企业应当每月以人民币足额支付技能人才工资"
    assert marker in squash(docx_text(writer_for("docx").render(document)))
    assert marker in squash(html_text(writer_for("html").render(document)))
    assert marker in _pdf_body(writer_for("pdf").render(document), tmp_path)


def _pinned(folder: Path) -> Callable[..., object]:
    def factory(*_args: object) -> object:
        return ORIGINAL_FACTORY(folder)

    return factory
