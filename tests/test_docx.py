"""DOCX: styles with East Asian fonts, A4 page, real tables, escaping, reproducible bytes.

Every test reads the rendered file back with python-docx, the way Word/WPS users get it.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from skillwage_docs.base.errors import RenderError
from skillwage_docs.formats.docx import DEFAULT_TEMPLATE, DocxWriter
from skillwage_docs.text.document import (
    Article,
    Chapter,
    Document,
    Paragraph,
    SignatureColumn,
    Span,
    Table,
)

from .readback import docx_text, squash

HOSTILE = "<b>&\"' \x07 {{ x }} {% if %} {_{ x }_} ]]> &amp;"
HOSTILE_SHOWN = "<b>&\"'  {{ x }} {% if %} {_{ x }_} ]]> &amp;"  # \x07 is dropped
TEXT_WIDTH = 11906 - 1587 - 1474  # A4 minus 28 mm and 26 mm, in twips

WAGE_TABLE = Table(
    caption="表1\u3000技能人才月最低工资标准",
    header=("技能等级", "月最低工资标准（元）", "大写", "小时最低工资（元）"),
    rows=(
        ("学徒工", "2250", "贰仟贰佰伍拾元整", "24"),
        ("初级工（五级）", "2400", "贰仟肆佰元整", "25"),
        ("中级工（四级）", "2650", "贰仟陆佰伍拾元整", "28"),
        ("高级工（三级）", "2950", "贰仟玖佰伍拾元整", "31"),
        ("技师（二级）", "3400", "叁仟肆佰元整", "36"),
        ("高级技师（一级）", "3900", "叁仟玖佰元整", "41"),
    ),
    widths=(3, 2, 4, 2),
)


def body(text: str, style: str = "body") -> Paragraph:
    return Paragraph((Span(text),), style)


def sample_document(extra: str = "") -> Document:
    """A hand-built contract: 2 chapters, items, a bold span, a note, a blank, the wage table."""
    return Document(
        title="阳泉市制造业技能人才最低工资集体合同（示范文本）",
        preamble=(
            body("职工方：阳泉市制造业工会联合会（首席代表：王建国，协商代表5人）", "party"),
            body("企业方：阳泉市制造业企业协会（首席代表：李振华，协商代表5人）", "party"),
        ),
        chapters=(
            Chapter(
                1,
                "第一章",
                "总则",
                (
                    Article(
                        1,
                        "第一条",
                        (
                            body(
                                "为建立技能人才工资合理增长机制，保障技能人才劳动报酬权益，"
                                "根据《中华人民共和国劳动法》等规定，订立本合同。"
                            ),
                        ),
                    ),
                    Article(
                        2,
                        "第二条",
                        (
                            Paragraph(
                                (
                                    Span("本合同依法生效后，"),
                                    Span("对本行业企业和技能人才具有约束力", bold=True),
                                    Span("。" + extra),
                                )
                            ),
                            body(
                                "（一）企业与技能人才订立的劳动合同中有关工资的约定，"
                                "不得低于本合同规定的标准；",
                                "item",
                            ),
                            body("（二）鼓励企业确定高于本合同的技能人才工资标准。", "item"),
                        ),
                    ),
                ),
            ),
            Chapter(
                2,
                "第二章",
                "技能人才最低工资标准",
                (
                    Article(
                        3,
                        "第三条",
                        (
                            body(
                                "本行业技能人才的月最低工资标准按照技能等级确定，不得低于下表所列标准："
                            ),
                            WAGE_TABLE,
                            body(
                                "填写说明：各等级标准由双方协商确定，不得低于当地最低工资标准。",
                                "note",
                            ),
                        ),
                    ),
                    Article(
                        4,
                        "第四条",
                        (
                            Paragraph(
                                (
                                    Span("本合同期限自"),
                                    Span("", blank=True),
                                    Span("起至2027年6月30日止。"),
                                )
                            ),
                        ),
                    ),
                ),
            ),
        ),
        signature=(
            SignatureColumn(
                (
                    ("职工方（盖章）：", "阳泉市制造业工会联合会"),
                    ("首席代表（签字）：", ""),
                    ("日期：", "2025年6月20日"),
                )
            ),
            SignatureColumn(
                (
                    ("企业方（盖章）：", "阳泉市制造业企业协会"),
                    ("首席代表（签字）：", ""),
                    ("日期：", "2025年6月20日"),
                )
            ),
        ),
        appendices=(body("附件：1. 双方协商代表名单；2. 本合同适用企业名单。"),),
        meta={"slug": "manufacturing"},
    )


@pytest.fixture(scope="module")
def writer() -> DocxWriter:
    return DocxWriter()


@pytest.fixture(scope="module")
def sample() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def rendered(writer: DocxWriter, sample: Document) -> bytes:
    return writer.render(sample)


@pytest.fixture(scope="module")
def docx(rendered: bytes) -> Any:
    return open_docx(io.BytesIO(rendered))


def paragraph_texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def squash_runs(xml: str) -> str:
    """The body's text with run boundaries removed, one paragraph per line."""
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    return "\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)


def xml_of(data: bytes, member: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(member).decode("utf-8")


# --- structure and styles -----------------------------------------------------------------


def test_title_uses_title_style(docx: Any, sample: Document) -> None:
    first = docx.paragraphs[0]
    # Broken at word boundaries in a balanced shape (GB/T 9704 7.3.1), as in the PDF.
    assert first.text == "阳泉市制造业\n技能人才最低工资集体合同\n（示范文本）"
    assert first.style.name == "Title"
    assert docx.core_properties.title == sample.title
    assert docx.core_properties.language == "zh-CN"


def test_articles_appear_in_order_with_their_text(docx: Any, sample: Document) -> None:
    # U+3000 separates label and text; blanks are underlined U+3000 with joiners and break
    # opportunities between them: compare without.
    texts = [re.sub("[\u3000\u2060\u200b]", "", text) for text in paragraph_texts(docx)]
    position = 0
    for chapter in sample.chapters:
        position = texts.index(chapter.label + chapter.title, position)
        assert docx.paragraphs[position].style.name == "Heading 1"
        for article in chapter.articles:
            first, *rest = article.blocks
            assert isinstance(first, Paragraph)
            position = texts.index(article.label + first.text, position)
            for block in rest:
                if isinstance(block, Paragraph):
                    position = texts.index(block.text, position)


def test_paragraph_styles_by_role(docx: Any, sample: Document) -> None:
    # (a cover line may carry a line break before its closing parenthetical)
    # (the 附件 list sits in the signature table's last row: see the test below)
    closing = [p for row in docx.tables[-1].rows for cell in row.cells for p in cell.paragraphs]
    paragraphs = [*docx.paragraphs, *closing]
    style_of = {p.text.replace("\n", ""): p.style.name for p in paragraphs}
    assert style_of[sample.preamble[0].text] == "当事方"  # type: ignore[union-attr]
    assert style_of["（二）鼓励企业确定高于本合同的技能人才工资标准。"] == "列项"
    assert style_of["填写说明：各等级标准由双方协商确定，不得低于当地最低工资标准。"] == "填写说明"
    assert style_of[WAGE_TABLE.caption] == "表题"
    # GB/T 9704 7.3.5.3: each attachment on its own line, aligned under the first, without
    # end punctuation.
    assert style_of["附件：1. 双方协商代表名单"] == "附件说明"
    assert style_of["2. 本合同适用企业名单"] == "附件名称"
    label_runs = [run for p in docx.paragraphs for run in p.runs if run.style.name == "条号"]
    assert [run.text for run in label_runs] == ["第一条", "第二条", "第三条", "第四条"]


def test_bold_span_and_blank_are_runs(docx: Any) -> None:
    runs = [run for p in docx.paragraphs for run in p.runs]
    bold = [run.text for run in runs if run.bold]
    assert bold == ["对本行业企业和技能人才具有约束力"]
    blanks = [run for run in runs if run.underline]
    # A blank of unstated size gets six ems: underlined ideographic spaces, one a character,
    # 2 em glued (U+2060) at each end, a break opportunity (U+200B) between the single ems.
    assert len(blanks) == 1
    assert blanks[0].text == "\u3000\u2060\u3000\u200b\u3000\u200b\u3000\u200b\u3000\u2060\u3000"


def test_wage_table_is_a_real_table(docx: Any) -> None:
    wage = docx.tables[0]
    assert wage.style.name == "合同表格"
    cells = [[cell.text for cell in row.cells] for row in wage.rows]
    assert cells == [list(WAGE_TABLE.header), *map(list, WAGE_TABLE.rows)]
    for row in wage.rows:
        for cell in row.cells:
            assert cell.paragraphs[0].alignment is None  # centred by the style, not directly
            assert cell.paragraphs[0].style.name in ("表头", "表格文字")
    tbl = wage._tbl
    assert tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    assert tbl.xpath("./w:tblPr/w:tblBorders/w:insideV/@w:val") == ["single"]
    grid = [int(w) for w in tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert sum(grid) == TEXT_WIDTH
    # Widths from content: every column holds its longest cell on one line at 五号
    # (210 twips an ideograph, 105 a figure, plus the cell margins).
    for column, width in zip(
        zip(WAGE_TABLE.header, *WAGE_TABLE.rows, strict=True), grid, strict=True
    ):
        longest = max(sum(105 if ord(c) < 0x2E80 else 210 for c in cell) for cell in column[1:])
        assert width >= longest + 160
    for tr in tbl.xpath("./w:tr"):
        assert [int(w) for w in tr.xpath("./w:tc/w:tcPr/w:tcW/@w:w")] == grid


def test_header_row_repeats_and_rows_do_not_split(docx: Any) -> None:
    rows = docx.tables[0]._tbl.xpath("./w:tr")
    assert rows[0].xpath("./w:trPr/w:tblHeader")
    assert all(not row.xpath("./w:trPr/w:tblHeader") for row in rows[1:])
    assert all(row.xpath("./w:trPr/w:cantSplit") for row in rows)


def test_signature_is_a_borderless_table_one_column_per_party(docx: Any, sample: Document) -> None:
    signature = docx.tables[-1]
    assert signature.style.name == "落款表格"
    assert signature._tbl.xpath("./w:tblPr/w:tblBorders/w:insideV/@w:val") == ["nil"]
    assert len(signature.columns) == len(sample.signature)
    rows = [[cell.text for cell in row.cells] for row in signature.rows]
    # The party name on its own line under the label, in a row tall enough for a 42 mm seal.
    assert rows[0] == [
        "职工方（盖章）：\n阳泉市制造业工会联合会",
        "企业方（盖章）：\n阳泉市制造业企业协会",
    ]
    seal = signature._tbl.xpath("./w:tr[1]/w:trPr/w:trHeight")[0]
    assert int(seal.get(qn("w:val"))) >= 2381 and seal.get(qn("w:hRule")) == "atLeast"
    assert rows[1] == [
        "首席代表（签字）：\t",
        "首席代表（签字）：\t",
    ]  # an underlined tab to sign on
    assert rows[2] == ["日期：2025年6月20日", "日期：2025年6月20日"]


def test_styles_have_east_asian_fonts_and_zh_cn(rendered: bytes, docx: Any) -> None:
    styles_xml = xml_of(rendered, "word/styles.xml")
    assert "Theme" not in styles_xml  # no w:asciiTheme / w:eastAsiaTheme … anywhere
    root = docx.styles.element
    defaults = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    fonts = {}
    for style in docx.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        rpr = style.element.find(qn("w:rPr"))
        assert rpr is not None, style.name
        fonts[style.name] = rpr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN", style.name
    # One spec for the three formats (templates/README.md): faces by role.
    assert fonts["Title"] == "方正小标宋简体"
    assert fonts["Heading 1"] == "黑体"
    assert fonts["条款正文"] == "宋体"
    assert fonts["填写说明"] == "楷体"
    assert fonts["表头"] == "黑体"
    sizes = {name: docx.styles[name].font.size.pt for name in ("Title", "Heading 1", "条款正文")}
    assert sizes == {"Title": 22, "Heading 1": 16, "条款正文": 14}
    body_ind = docx.styles["条款正文"].element.xpath("./w:pPr/w:ind/@w:firstLineChars")
    assert body_ind == ["200"]
    settings = xml_of(rendered, "word/settings.xml")
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
    # 标点不挤压 (README), and tabs one body character apart so tab blanks have their size.
    assert '<w:characterSpacingControl w:val="doNotCompress"/>' in settings
    assert '<w:defaultTabStop w:val="280"/>' in settings


def test_quotation_marks_are_set_in_a_chinese_face(writer: DocxWriter) -> None:
    """Issue 22: Word set “” in Times New Roman (half width) because no run carried the East
    Asian hint, and LibreOffice set a 填写说明's quotes in LXGW WenKai's proportional ones."""
    document = replace(
        sample_document(),
        preamble=(
            body("本合同所称“技能人才”，见“技能岗位目录”。"),
            body("填写说明：“最低技能津贴”一章", "note"),
        ),
    )
    data = writer.render(document)
    styles = xml_of(data, "word/styles.xml")
    fonts = re.findall(r"<w:rFonts [^>]*/>", styles)
    assert fonts and all('w:hint="eastAsia"' in f for f in fonts)
    xml = xml_of(data, "word/document.xml")
    note = next(p for p in re.findall(r"<w:p>.*?</w:p>", xml) if "FillNote" in p)
    quoted = re.findall(r"<w:r>(?:(?!</w:r>).)*?<w:t[^>]*>([“”])</w:t></w:r>", note)
    assert quoted == ["“", "”"]
    for run in re.findall(r"<w:r><w:rPr>(?:(?!</w:r>).)*?<w:t[^>]*>[“”]</w:t></w:r>", note):
        assert 'w:eastAsia="宋体"' in run and 'w:hint="eastAsia"' in run


def test_the_first_of_two_adjacent_marks_is_half_an_em(writer: DocxWriter) -> None:
    """CLREQ 标点挤压 (issue 22): Word and LibreOffice do not compress adjacent marks (LibreOffice
    ignores w:characterSpacingControl), so the first mark's run is condensed by half its em:
    7 pt at 四号. An opening mark before a closing one would collide and stays whole."""
    document = replace(sample_document(), preamble=(body("依照《规定》），“（）”。见“表”。"),))
    xml = xml_of(writer.render(document), "word/document.xml")
    condensed = re.findall(
        r'<w:spacing w:val="-140"/>(?:(?!</w:r>).)*?<w:t[^>]*>([^<]*)</w:t>', xml
    )
    # 》before ）, ）before ，, ，before “, “ before （ (one run); （ before ） stays whole;
    # ） before ”, ” before 。; the last ” before 。
    assert condensed == ["》），“", "）”", "”"]


def test_page_is_a4_with_official_margins(docx: Any) -> None:
    section = docx.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    for actual, millimetres in (
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(actual - Mm(millimetres)) < Mm(0.05)


def test_footer_has_page_and_numpages_fields(docx: Any, rendered: bytes) -> None:
    footer = docx.sections[0].footer
    assert not footer.is_linked_to_previous
    instructions = [node.text.strip() for node in footer._element.iter(qn("w:instrText"))] + [
        node.get(qn("w:instr")).strip() for node in footer._element.iter(qn("w:fldSimple"))
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    text = "".join(t.text or "" for t in footer._element.iter(qn("w:t")))
    assert text == "第 1 页 共 1 页"  # cached results; Word and LibreOffice recompute them


# --- content fidelity -----------------------------------------------------------------------


def test_hostile_text_is_literal_and_file_opens(writer: DocxWriter) -> None:
    data = writer.render(sample_document(HOSTILE))
    document = open_docx(io.BytesIO(data))
    texts = paragraph_texts(document)
    expected = "第二条\u3000本合同依法生效后，对本行业企业和技能人才具有约束力。" + HOSTILE_SHOWN
    assert expected in texts
    assert "\x07" not in xml_of(data, "word/document.xml")


def test_hostile_text_everywhere(writer: DocxWriter) -> None:
    hostile = replace(
        sample_document(),
        title=HOSTILE,
        chapters=(Chapter(1, "第一章", HOSTILE, (Article(1, "第一条", (body(HOSTILE),)),)),),
        preamble=(Table(HOSTILE, (HOSTILE, "b"), ((HOSTILE, "{{ y }}"),)),),
        signature=(SignatureColumn(((HOSTILE, HOSTILE),)),),
    )
    document = open_docx(io.BytesIO(writer.render(hostile)))
    text = docx_text(writer.render(hostile))
    assert document.paragraphs[0].text == HOSTILE_SHOWN
    assert document.core_properties.title == HOSTILE_SHOWN
    assert text.count(HOSTILE_SHOWN) == 8  # title, caption, 2 cells, heading, article, sign ×2


def test_a_closing_bracket_before_figures_is_a_break_opportunity(writer: DocxWriter) -> None:
    """LibreOffice keeps a closing bracket with the figures after it and letter-spaced the line
    before: the DOCX puts a zero-width space after a closing bracket that figures or letters
    follow — but not inside a 文号 (issue 22: "〔2024〕 / 1185号"), and no figure parts from the
    年/月/日/号/元 that counts it ("2027年3 / 月31日"): there word joiners hold them."""
    text = "依照晋人社厅函〔2024〕1185号（附件2）、《规定》GB/T 9704，于2027年3月31日，见〔2025〕52号。"
    data = writer.render(sample_document(text))
    text = squash_runs(xml_of(data, "word/document.xml"))
    wj = "\u2060"
    assert f"晋人社厅函〔2024〕{wj}1185{wj}号（附件2）、《规定》\u200bGB/T 9704" in text
    # a date keeps each figure with its unit; between 年 and 月 a line may still break
    assert f"于2027{wj}年3{wj}月31{wj}日" in text
    # The paragraph's last characters are a run of their own ("52号。", tail glue), cut before
    # the 文号 so that it stays whole.
    assert f"见〔2025〕{wj}52{wj}号。\n" in text
    [paragraph] = [line for line in text.splitlines() if "依照晋人社厅函" in line]
    assert paragraph.count("\u200b") == 1


def test_real_contract_every_article_and_figure(
    writer: DocxWriter, manufacturing_document: Document
) -> None:
    data = writer.render(manufacturing_document)
    text = squash(docx_text(data))
    for article in manufacturing_document.articles():
        assert article.label in text
        for block in article.blocks:
            if isinstance(block, Paragraph):
                assert squash(block.text) in text
    document = open_docx(io.BytesIO(data))
    tables = [
        b for a in manufacturing_document.articles() for b in a.blocks if isinstance(b, Table)
    ]
    assert len(document.tables) == len(tables) + 1  # + the signature block
    for element, table in zip(document.tables, tables, strict=False):
        # a header may break before its unit （元） (the layout's line break, templates/README.md)
        assert [cell.text.replace("\n", "") for cell in element.rows[0].cells] == list(table.header)
        assert [[c.text for c in row.cells] for row in element.rows[1:]] == [
            list(row) for row in table.rows
        ]
        grid = element._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")
        assert len(grid) == len(table.header) and sum(map(int, grid)) == TEXT_WIDTH


def test_the_annex_list_breaks_but_keeps_no_line_alone(
    writer: DocxWriter, manufacturing_document: Document
) -> None:
    """Issue 22: the 附件 list no longer travels with the signature block (19 of 26 contracts
    left the page before it short). The signature rows keep together and with the paragraph
    before them, but the last row lets go of the list; the list may break, yet the head keeps
    with the second name and the second-to-last name with the last."""
    document = open_docx(io.BytesIO(writer.render(manufacturing_document)))
    signature = document.tables[-1]._tbl
    last = signature.xpath("./w:tr")[-1]
    assert last.xpath(".//w:p/w:pPr/w:keepNext/@w:val") and set(
        last.xpath(".//w:p/w:pPr/w:keepNext/@w:val")
    ) == {"0"}
    body = document.element.body
    annex = body.xpath(
        "./w:p[w:pPr/w:pStyle/@w:val='AnnexHead' or w:pPr/w:pStyle/@w:val='AnnexItem']"
    )
    assert len(annex) >= 5 and signature.getnext() is annex[0]
    texts = ["".join(p.xpath(".//w:t/text()")) for p in annex]
    assert texts[0].startswith("附件：1. ")
    keeps = [p.xpath("./w:pPr/w:keepNext/@w:val") for p in annex]
    # no val attribute: on; "0": off
    assert keeps[0] == [] and keeps[-2] == []
    assert all(k == ["0"] for k in keeps[1:-2]) and keeps[-1] == ["0"]
    assert body[-2].tag == qn("w:p")  # Word wants a paragraph, not a table, before sectPr


@pytest.mark.parametrize("columns", [2, 3, 6])
def test_tables_of_any_width(writer: DocxWriter, columns: int) -> None:
    header = tuple(f"列{i}" for i in range(columns))
    rows = tuple(tuple(f"{r}-{c}" for c in range(columns)) for r in range(3))
    document = replace(sample_document(), preamble=(Table("", header, rows),))
    docx = open_docx(io.BytesIO(writer.render(document)))
    table = docx.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [list(header), *map(list, rows)]
    grid = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert len(grid) == columns and sum(grid) == TEXT_WIDTH


def test_article_opening_with_a_table_keeps_its_label(writer: DocxWriter) -> None:
    chapter = Chapter(1, "第一章", "标准", (Article(1, "第一条", (WAGE_TABLE, body("其余。"))),))
    document = replace(sample_document(), chapters=(chapter,), signature=(), appendices=())
    docx = open_docx(io.BytesIO(writer.render(document)))
    texts = paragraph_texts(docx)
    assert "第一条" in texts and "其余。" in texts  # the label alone, the text unlabelled
    assert texts.index("第一条") < texts.index(WAGE_TABLE.caption) < texts.index("其余。")
    assert [table.style.name for table in docx.tables] == ["合同表格"]  # no signature block


def test_writer_adds_no_wording(docx: Any, sample: Document) -> None:
    model_text: list[str] = [sample.title]
    for block in (*sample.preamble, *sample.appendices):
        text = block.text if isinstance(block, Paragraph) else block.caption
        if text.startswith("附件："):  # GB/T 9704 7.3.3: names without end punctuation
            text = re.sub("[；。]", "", text)
        model_text.append(text)
    for chapter in sample.chapters:
        model_text += [chapter.label, chapter.title]
        for article in chapter.articles:
            model_text.append(article.label)
            for block in article.blocks:
                model_text.append(block.text if isinstance(block, Paragraph) else block.caption)
    leftover = squash("".join(paragraph_texts(docx)))
    for piece in sorted(model_text, key=len, reverse=True):
        leftover = leftover.replace(squash(piece), "", 1)
    assert leftover.strip("\u3000\u00a0") == ""


# --- determinism, reuse, errors ---------------------------------------------------------------


def test_same_document_same_bytes(writer: DocxWriter, sample: Document, rendered: bytes) -> None:
    writer.render(sample_document(HOSTILE))  # another render in between must not leak
    assert writer.render(sample) == rendered
    assert DocxWriter().render(sample) == rendered
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.testzip() is None


def test_empty_signature_columns_give_no_table(writer: DocxWriter) -> None:
    document = replace(sample_document(), signature=(SignatureColumn(()),))
    docx = open_docx(io.BytesIO(writer.render(document)))
    assert [table.style.name for table in docx.tables] == ["合同表格"]


class _Exploding(str):
    def __str__(self) -> str:
        raise ValueError("boom")


def test_failed_render_leaves_writer_usable(
    writer: DocxWriter, sample: Document, rendered: bytes
) -> None:
    bad = replace(sample, appendices=(Paragraph((Span(_Exploding("x")),)),))
    with pytest.raises(RenderError, match="boom"):
        writer.render(bad)
    assert writer.render(sample) == rendered


def test_template_error_names_template_and_context(tmp_path: Path, sample: Document) -> None:
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ chapter.title }}", b"{{ document.no_such_field }}")
            target.writestr(info, data)
    with pytest.raises(RenderError) as caught:
        DocxWriter(broken).render(sample)
    assert "broken.docx" in caught.value.message
    assert "no_such_field" in caught.value.message
    assert caught.value.details  # docxtpl's docx_context: the text around the tag


def test_template_is_current(tmp_path: Path) -> None:
    """contract.docx is generated: rebuilding it from the script gives the same bytes."""
    script = DEFAULT_TEMPLATE.with_name("make_docx_template.py")
    spec = importlib.util.spec_from_file_location("make_docx_template", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == DEFAULT_TEMPLATE.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_it(tmp_path: Path, writer: DocxWriter) -> None:
    source = tmp_path / "contract.docx"
    source.write_bytes(writer.render(sample_document(HOSTILE)))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "contract.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "{{ x }}" in text and re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text)


@pytest.mark.parametrize(
    ("name", "breaks"),
    [
        ("阳泉市矿业工会", False),  # 4 + 7 + 16½ ems: the 31-em line holds it all
        ("阳泉市制造业工会联合会", True),  # 4 + 11 + 16½: the tail would split
    ],
)
def test_a_cover_line_moves_its_closing_parenthetical_whole(name: str, breaks: bool) -> None:
    # Word cannot glue characters: the writer breaks before "（首席代表：…人）" when it would not
    # fit the rest of the line (templates/README.md; issue 13 point 2: never "人）" alone).
    tail = "（首席代表：王建国，协商代表5人）"
    party = Paragraph((Span(f"职工方：{name}{tail}"),), style="party")  # one span, as composed
    document = replace(sample_document(), preamble=(party,))
    xml = zipfile.ZipFile(io.BytesIO(DocxWriter().render(document))).read("word/document.xml")
    text = xml.decode("utf-8")
    head = text.index(name)
    assert ('<w:br/></w:r><w:r><w:t xml:space="preserve">（首席代表' in text[head:]) is breaks
