"""`skillwage-docs import`: an existing Word model text becomes a clause-template draft."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument

from skillwage_docs.base.errors import InputError
from skillwage_docs.inputs.importer import import_docx, import_model_text, to_clause_markup
from skillwage_docs.text.compose import parse_clauses
from skillwage_docs.text.environment import clause_environment


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
    body = markup.split("-#}\n", 1)[1]
    assert body.splitlines() == ["# 标题", "", "## 总则", "", "### 甲", "续文"]


def test_word_title_style_and_numbered_items(tmp_path: Path) -> None:
    word = WordDocument()
    word.add_heading("某某行业工资专项集体合同", level=0)  # Word's "Title": pandoc metadata
    word.add_paragraph("第一章 总则")
    word.add_paragraph("第一条 甲。")
    word.add_paragraph("（一）项目", style="List Number")
    source = tmp_path / "titled.docx"
    word.save(str(source))
    markup = import_docx(source)
    assert markup.split("-#}\n", 1)[1].splitlines()[0] == "# 某某行业工资专项集体合同"
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


# ── what unions actually have: blanks, tables, signatures; .odt and .doc (issue 23) ──────────

EXPECTED_BODY = """\
# 某某区餐饮行业技能人才工资专项集体合同
+ 职工方：{{ "（待填）"|size(8) }}（首席代表：{{ "（待填）"|size(4) }}）
+ 企业方：{{ "（待填）"|size(8) }}

## 总则

### 为维护技能人才合法权益，订立本合同。

### 本合同适用于本区餐饮企业，包括：
- （一）酒店；
- （二）餐馆。

## 工资标准

### 初级工月最低工资为{{ "（待填）"|size(4) }}元。

| 技能等级 | 月最低工资（元） |
|---|---|
| 初级工 |  |


@sign 职工方（盖章）： | 首席代表（签字）： | 日期：
@sign 企业方（盖章）： | 首席代表（签字）： | 日期：
"""


def _union_model(path: Path) -> Path:
    """A model text as a union types it in Word: underlined blanks (full-width spaces, plain
    spaces, underscores), a wage table, a signature block set side by side."""
    word = WordDocument()
    word.add_heading("某某区餐饮行业技能人才工资专项集体合同", level=0)
    line = word.add_paragraph("职工方：")
    line.add_run("\u3000" * 8).underline = True
    line.add_run("（首席代表：")
    line.add_run("\u3000" * 4).underline = True
    line.add_run("）")
    word.add_paragraph("企业方：" + "_" * 16)
    word.add_paragraph("第一章 总则")
    word.add_paragraph("第一条 为维护技能人才合法权益，订立本合同。")
    word.add_paragraph("第二条 本合同适用于本区餐饮企业，包括：")
    word.add_paragraph("（一）酒店；")
    word.add_paragraph("（二）餐馆。")
    word.add_paragraph("第二章 工资标准")
    line = word.add_paragraph("第三条 初级工月最低工资为")
    line.add_run(" " * 8).underline = True  # Word keeps one plain space of these
    line.add_run("元。")
    table = word.add_table(rows=2, cols=2)
    for row, cells in enumerate([["技能等级", "月最低工资（元）"], ["初级工", ""]]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    gap = "\u3000" * 6
    word.add_paragraph(f"职工方（盖章）：{gap}企业方（盖章）：")
    word.add_paragraph(f"首席代表（签字）：{gap}首席代表（签字）：")
    word.add_paragraph(f"年\u3000\u3000月\u3000\u3000日{gap}年\u3000\u3000月\u3000\u3000日")
    word.save(str(path))
    return path


def _body(markup: str) -> str:
    note, body = markup.split("-#}\n", 1)
    assert note.startswith("{#- 导入的初稿")
    return body


def test_a_union_model_text_becomes_clause_markup_with_blanks_tables_and_signatures(
    tmp_path: Path,
) -> None:
    markup = import_model_text(_union_model(tmp_path / "model.docx"))
    assert _body(markup) == EXPECTED_BODY
    assert "<u>" not in markup and "\\_" not in markup
    assert "识别出 2 章、3 条、1 张表、4 处空白、2 栏签字。" in markup
    # The draft is a clause template: it renders and parses as the contract does.
    rendered = clause_environment(tmp_path).from_string(markup).render(blank=True)
    document = parse_clauses(rendered)
    assert [a.label for a in document.articles()] == ["第一条", "第二条", "第三条"]


def test_an_odt_is_read_the_same_way(tmp_path: Path) -> None:
    import pypandoc

    source = tmp_path / "model.odt"
    pypandoc.convert_file(
        str(_union_model(tmp_path / "model.docx")), "odt", format="docx", outputfile=str(source)
    )
    body = _body(import_model_text(source))
    assert body.splitlines()[:3] == EXPECTED_BODY.splitlines()[:3]
    assert '### 初级工月最低工资为{{ "（待填）"|size(' in body
    assert (
        "| 初级工 |  |" in body and "@sign 企业方（盖章）： | 首席代表（签字）： | 日期：" in body
    )


def test_a_doc_without_libreoffice_gets_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    source = tmp_path / "旧版.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0")  # an OLE header, as Word 97-2003 writes
    with pytest.raises(InputError) as caught:
        import_model_text(source)
    assert caught.value.message == (
        f"{source}: .doc 是旧版 Word 格式，本工具读不了。请在 Word 或 WPS 中打开它，"
        "“另存为” Word 文档（.docx）后再导入；或安装 LibreOffice，由它自动转换"
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    docx = _union_model(tmp_path / "model.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    body = _body(import_model_text(tmp_path / "doc" / "model.doc"))
    assert body.splitlines()[:3] == EXPECTED_BODY.splitlines()[:3]
    assert "@sign 职工方（盖章）： | 首席代表（签字）： | 日期：" in body


def test_another_format_is_refused_with_what_to_do(tmp_path: Path) -> None:
    source = tmp_path / "model.wps"
    source.write_bytes(b"x")
    with pytest.raises(InputError) as caught:
        import_model_text(source)
    assert "只能导入 .docx、.odt 或 .doc" in caught.value.message
