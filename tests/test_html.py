"""HTML: a standalone UTF-8 page in zh-CN with print CSS, escaped, no external requests."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from skillwage_docs.base.figures import money_upper, yuan
from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.text.document import Document

from .readback import html_text, squash


@pytest.fixture(scope="module")
def page(manufacturing_document: Document) -> str:
    return writer_for("html").render(manufacturing_document).decode("utf-8")


def test_standalone_zh_cn_page_with_a4_print_css(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert '<meta charset="utf-8">' in page
    assert "size: A4" in page and "@media print" in page


def test_no_external_resources(page: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_every_article_level_and_figure(
    page: str, manufacturing: Agreement, manufacturing_document: Document
) -> None:
    text = squash(html_text(page.encode()))
    for article in manufacturing_document.articles():
        assert article.label in text
    for row in manufacturing.skill_levels:
        assert row.level in text and yuan(row.monthly) in text and money_upper(row.monthly) in text
    assert page.count("<table") >= 2 and "<thead>" in page


def test_values_are_escaped(manufacturing_document: Document) -> None:
    title = '<script>alert("x")</script> & {{ 1 }}'
    page = writer_for("html").render(replace(manufacturing_document, title=title)).decode()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "{{ 1 }}" in page
