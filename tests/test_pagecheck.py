"""Issue 13: the measurable page checks (tests/pages/pagecheck.py) on real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillwage_docs.formats import writer_for
from skillwage_docs.formats.layout import title_lines
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.text.document import Document, Paragraph, Span
from tests.pages.pagecheck import Line, check_page_fill, check_pdf, check_signature, check_table

from .conftest import CONTEXTS, compose_for

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast

# GB/T 9704 7.3.1: broken at word boundaries, balanced (expected lines fixed here).
TITLES = {
    "阳泉市制造业技能人才最低工资集体合同": ("阳泉市制造业", "技能人才最低工资集体合同"),
    "阳泉市煤炭开采和洗选业技能人才最低工资集体合同": (
        "阳泉市煤炭开采和洗选业",
        "技能人才最低工资集体合同",
    ),
    "制造业技能人才最低工资集体合同（示范文本）": (
        "制造业技能人才最低工资集体合同",
        "（示范文本）",
    ),
    "住宿和餐饮业技能人才最低工资集体合同（示范文本）": (
        "住宿和餐饮业",
        "技能人才最低工资集体合同",
        "（示范文本）",
    ),
    "盂县技能人才最低工资集体合同": ("盂县技能人才最低工资集体合同",),
}


def test_title_lines_break_at_word_boundaries() -> None:
    for title, lines in TITLES.items():
        assert title_lines(title) == lines


def test_every_yangquan_pdf_passes_the_page_checks(tmp_path: Path) -> None:
    writer = writer_for("pdf")
    findings: list[str] = []
    for item in load_agreements(CONTEXTS, "yangquan"):
        for blank in (False, True):
            document = compose_for(item.agreement, blank=blank)
            pdf = tmp_path / f"{item.agreement.slug}{'.blank' if blank else ''}.pdf"
            pdf.write_bytes(writer.render(document))
            findings += check_pdf(pdf, document)
    assert findings == []


def test_a_title_the_engine_rebroke_is_reported(tmp_path: Path) -> None:
    """The check can fail: a PDF whose title lines differ from the layout is reported."""
    document = compose_for(load_agreements(CONTEXTS, "yangquan")[0].agreement)
    other = Document("一二三四五六七八九十一二三四五六七八九十", (), (), ())
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(writer_for("pdf").render(other))
    assert any("标题行" in finding for finding in check_pdf(pdf, document))


def test_example_mark_in_the_title_area(tmp_path: Path) -> None:
    document = Document(
        "阳泉市制造业技能人才最低工资集体合同",
        (Paragraph((Span("职工方：某工会"),), style="party"),),
        (),
        (),
        meta={"example": "true"},
    )
    for fmt in ("pdf", "html", "docx"):
        data = writer_for(fmt).render(document)
        if fmt == "pdf":
            (tmp_path / "e.pdf").write_bytes(data)
            import subprocess

            text = subprocess.run(
                ["pdftotext", str(tmp_path / "e.pdf"), "-"], capture_output=True, text=True
            ).stdout
            assert text.index("示例（虚构数据）") < text.index("阳泉市制造业")
        elif fmt == "html":
            assert "示例（虚构数据）".encode() in data
        else:
            import io
            import zipfile

            xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
            assert xml.index("示例（虚构数据）") < xml.index("阳泉市制造业")


# ── the table checks on printed lines as poppler reads them (fixed here) ────────────────────
_TABLE = {
    "kind": "table",
    "caption": "表1\u3000技能人才月最低工资标准",
    "rows": [["初级工", "2400"], ["中级工", "2650"], ["高级技师", "3900"]],
    "layout": {"header": [["技能等级"], ["月最低工资", "（元）"]], "keep_whole": True},
}
_LEAD = "企业支付给技能人才的月工资不得低于下表所列标准："


def _lines(*pages: list[str]) -> list[Line]:
    return [Line(number, text) for number, page in enumerate(pages, 1) for text in page]


def test_a_whole_table_with_its_lead_in_passes() -> None:
    lines = _lines(
        [
            "企业支付给技能人才的月工资不得低于下表",
            "所列标准：",
            "表1",
            "技能等级",
            "技能人才月最低工资标准",
            "月最低工资",
            "（元）",
            "初级工2400",
            "中级工",
            "2650",
            "高级技师",
            "3900",
            "技能等级越高，标准不得越低。",
        ],
    )
    assert check_table(lines, _TABLE, _LEAD, 0)[0] == []


def test_a_short_table_split_across_pages_is_reported() -> None:
    lines = _lines(
        [_LEAD, "表1技能人才月最低工资标准", "技能等级", "月最低工资", "（元）", "初级工", "2400"],
        ["中级工", "2650", "高级技师", "3900"],
    )
    assert check_table(lines, _TABLE, _LEAD, 0)[0] == [
        "表1\u3000技能人才月最低工资标准：3 行的表格跨页（第1–2页）"
    ]


def test_a_broken_cell_and_a_stranded_lead_in_are_reported() -> None:
    lines = _lines(
        ["第八条……企业支付给技能人才的月工资不得低于下表所列标准："],
        # 高级技师 broken inside the word; the paragraph below quotes it but is no cell
        [
            "表1技能人才月最低工资标准",
            "技能等级",
            "月最低工资",
            "（元）",
            "初级工",
            "2400",
            "中级工",
            "2650",
            "高级技",
            "师",
            "3900",
            "高级技师的标准不得低于技师。",
        ],
    )
    assert check_table(lines, _TABLE, _LEAD, 0)[0] == [
        "表1\u3000技能人才月最低工资标准：单元格“高级技师”在词中断行",
        "表1\u3000技能人才月最低工资标准：引导语在第1页，表在第2页",
    ]


_CLOSING = {
    "chapters": [
        {
            "articles": [
                {
                    "label": "第二十八条",
                    "blocks": [
                        {
                            "kind": "paragraph",
                            "text": "本合同一式七份。本合同未尽事宜，按照国家和地方有关规定执行。",
                        }
                    ],
                }
            ]
        }
    ],
    "signature_rows": [[{"label": "职工方（盖章）："}, {"label": "企业方（盖章）："}]],
    "appendices": [{"kind": "annex", "head": "附件：", "names": ["1. 双方协商代表名单。"]}],
}


def test_the_signature_page_holds_the_end_of_the_text() -> None:
    end = ["第二十八条本合同一式七份。本合同未尽事宜，按照国家和地方有关", "规定执行。"]
    together = _lines(["第二十七条……", *end, "职工方（盖章）：", "企业方（盖章）："])
    assert check_signature(together, _CLOSING) == []
    alone = _lines(["第二十七条……", *end], ["职工方（盖章）：", "企业方（盖章）："])
    assert check_signature(alone, _CLOSING) == [
        "签字栏在第2页，第二十八条结束于第1页（签字页无正文）"
    ]
    # Issue 22: the 附件 list may go on to the next page (the page before is not left short).
    annex_after = _lines(
        ["第二十七条……", *end, "职工方（盖章）：", "日期："], ["附件：1.双方协商代表名单。"]
    )
    assert check_signature(annex_after, _CLOSING) == []


def _page_xml(*bottoms: list[float]) -> str:
    """poppler's word boxes of pages whose lines end at the given heights (points)."""
    pages = []
    for page in bottoms:
        lines = "".join(
            f'<line xMin="80" yMin="{b - 14}" xMax="500" yMax="{b}"><word xMin="80" yMin="0"'
            f' xMax="90" yMax="0">字</word></line>'
            for b in page
        )
        footer = '<line xMin="280" yMin="770" xMax="320" yMax="780"><word xMin="280">第1页共2页</word></line>'
        pages.append(f'<page width="595" height="842">{lines}{footer}</page>')
    return "".join(pages)


def test_a_page_before_the_last_is_at_least_half_full() -> None:
    """Issue 22: equipment p.11 held 4 lines (15 %) before the signature page. The text block
    starts 37 mm (104.9 pt) from the top and is 225 mm (637.8 pt) high."""
    view = {"attachments": [{"label": "附件2", "title": "集体协商情况说明"}]}
    full, short = [120.0, 400.0, 700.0], [120.0, 150.0, 200.0]  # 94 % and 15 %
    assert check_page_fill(_page_xml(full, short), [], view) == []  # the last page may be short
    assert check_page_fill(_page_xml(short, full), [], view) == [
        "第1页只排到版心的 15%（下一页之前不足 50%）"
    ]
    # …but for the page before an attachment's new page
    attachment = [Line(2, "附件2"), Line(2, "集体协商情况说明")]
    assert check_page_fill(_page_xml(short, full), attachment, view) == []
