"""`skillwage-docs import`: an existing Word model text becomes a clause-template draft."""

from __future__ import annotations

from pathlib import Path

from docx import Document as WordDocument

from skillwage_docs.inputs.importer import import_docx, to_clause_markup
from skillwage_docs.text.compose import parse_clauses


def test_word_model_text_maps_to_chapters_and_articles(tmp_path: Path) -> None:
    word = WordDocument()
    word.add_heading("某某行业工资专项集体合同", level=1)
    word.add_paragraph("第一章 总则")
    word.add_paragraph("第一条 为了维护职工合法权益，订立本合同。")
    word.add_paragraph("第二条 本合同适用于{{ 不是变量 }}行业企业。")
    word.add_paragraph("第二章 工资标准")
    word.add_paragraph("第三条 初级工月工资不低于2300元。")
    source = tmp_path / "model.docx"
    word.save(str(source))

    markup = import_docx(source)
    assert "# 某某行业工资专项集体合同" in markup
    assert "## 总则" in markup and "### 为了维护职工合法权益" in markup
    # literal braces from the source must not become Jinja
    assert "{{ '{' }}" in markup
    document = parse_clauses(markup.split("\n", 1)[1].replace("{{ '{' }}", "{"))
    assert [c.title for c in document.chapters] == ["总则", "工资标准"]
    assert [a.label for a in document.articles()] == ["第一条", "第二条", "第三条"]


def test_plain_paragraphs_attach_to_the_current_article() -> None:
    markup = to_clause_markup("标题\n\n第一章 总则\n\n第一条 甲\n\n续文\n")
    assert markup.splitlines()[1:] == ["# 标题", "", "## 总则", "", "### 甲", "续文"]


def test_word_title_style_and_numbered_items(tmp_path: Path) -> None:
    word = WordDocument()
    word.add_heading("某某行业工资专项集体合同", level=0)  # Word's "Title": pandoc metadata
    word.add_paragraph("第一章 总则")
    word.add_paragraph("第一条 甲。")
    word.add_paragraph("（一）项目", style="List Number")
    source = tmp_path / "titled.docx"
    word.save(str(source))
    markup = import_docx(source)
    assert markup.splitlines()[1] == "# 某某行业工资专项集体合同"
    assert "## 总则" in markup and "- （一）项目" in markup


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    import pytest

    from skillwage_docs.app.cli import main

    word = WordDocument()
    word.add_paragraph("标题")
    source = tmp_path / "a.docx"
    word.save(str(source))
    target = tmp_path / "draft.md.j2"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(source), "-o", str(target)])
    assert exit_info.value.code == 2 and target.read_text(encoding="utf-8") == "keep"
