"""The blank model text (示范文本): the same clause template with every party name, figure and
date as a fill-in blank and 填写说明 notes where the law constrains the value (issue 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skillwage_docs.base.figures import cn_date, yuan
from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.agreement import Agreement, wage_figures
from skillwage_docs.inputs.loader import LoadedAgreement
from skillwage_docs.text.document import Document, Paragraph, Span, Table
from skillwage_docs.text.environment import BLANK

from .conftest import compose_for, render_for
from .readback import docx_text, html_text, pdf_text, squash

# Digits the model text itself carries: statute and notice numbers (〔2024〕51号, 省政府令第218号),
# table numbers (表1) and the numbered list of annexes (附件：1. …, one a line; squashed text runs
# them on after the previous item's last character). Nothing else may hold a digit.
TEMPLATE_DIGITS = re.compile(
    r"〔\d{4}〕\d+号|令第\d+号|表\d+|(?:(?<=[：；）\u4e00-\u9fff])|^)\d\.\s?", re.M
)
LEFTOVERS = ("{{", "}}", "{%", "%}", "{#", "**", "@", "\\", "\ue000", "\ue001", "\ue002")


def flat(document: Document) -> str:
    """All text of a document, blanks shown as nothing, tables cell by cell."""
    parts = [document.title]
    blocks = [*document.preamble, *(b for a in document.articles() for b in a.blocks)]
    blocks += list(document.appendices)
    for chapter in document.chapters:
        parts.append(chapter.title)
    for block in blocks:
        if isinstance(block, Table):
            parts += [block.caption, *block.header, *(c for row in block.rows for c in row)]
        else:
            parts.append(block.text)
    parts += [f"{label}{value}" for column in document.signature for label, value in column.lines]
    return "\n".join(parts)


def context_values(agreement: Agreement) -> list[str]:
    """Names, places and dates of the context that a blank must not show."""
    values = [
        agreement.worker_party.name,
        agreement.worker_party.chief_representative,
        agreement.employer_party.name,
        agreement.employer_party.chief_representative,
        agreement.filing_authority,
        agreement.union_filing_body,
        agreement.region.name,
        agreement.scope,
        cn_date(agreement.signing_date),
        cn_date(agreement.term.start),
        cn_date(agreement.term.end),
    ]
    if agreement.zone:
        values.append(agreement.zone)
    return values


def blanks(document: Document) -> list[Span]:
    paragraphs = [*document.preamble, *(b for a in document.articles() for b in a.blocks)]
    return [s for p in paragraphs if isinstance(p, Paragraph) for s in p.spans if s.blank]


def notes(document: Document) -> list[str]:
    paragraphs = [*document.preamble, *(b for a in document.articles() for b in a.blocks)]
    return [p.text for p in paragraphs if isinstance(p, Paragraph) and p.style == "note"]


@pytest.fixture(scope="module")
def blank_documents(yangquan: list[LoadedAgreement]) -> dict[str, tuple[Agreement, Document]]:
    return {x.agreement.slug: (x.agreement, compose_for(x.agreement, blank=True)) for x in yangquan}


def test_blank_text_holds_no_figure_name_or_date(
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    for slug, (agreement, document) in blank_documents.items():
        text = flat(document)
        assert not re.search(r"\d", TEMPLATE_DIGITS.sub("", text)), (
            slug,
            re.findall(r".{0,12}\d.{0,12}", TEMPLATE_DIGITS.sub("", text)),
        )
        for value in context_values(agreement):
            assert value not in text, (slug, value)
        for amount in wage_figures(agreement).values():
            assert f"{yuan(amount)}元" not in text


def test_blank_text_has_no_leftover_template_syntax(
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    for slug, (_, document) in blank_documents.items():
        text = flat(document)
        for leftover in LEFTOVERS:
            assert leftover not in text, (slug, leftover)


def test_schedules_keep_their_rows_with_blank_cells(
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    agreement, document = blank_documents["manufacturing"]
    schedule = next(b for a in document.articles() for b in a.blocks if isinstance(b, Table))
    assert [row[0] for row in schedule.rows][:2] == ["学徒工", "初级工（五级）"]
    assert len(schedule.rows) == len(agreement.skill_levels)
    assert all(cell == "" for row in schedule.rows for cell in row[1:])
    occupations = [b for a in document.articles() for b in a.blocks if isinstance(b, Table)][1]
    assert occupations.rows[0][:2] == ("焊工", "紧缺急需")
    assert all(cell == "" for row in occupations.rows for cell in row[2:])


def test_parties_dates_and_figures_are_blanks(
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    _, document = blank_documents["housekeeping"]
    cover = next(p for p in document.preamble if isinstance(p, Paragraph) and p.style == "party")
    assert cover.text.startswith("职工方：")
    assert [s.blank for s in cover.spans] == [False, True, False, True, False, True, False]
    body = "".join(
        "＿" if s.blank else s.text
        for a in document.articles()
        for p in a.blocks
        if isinstance(p, Paragraph)
        for s in p.spans
    )
    assert "本合同期限自＿起至＿止" in body
    assert "每月不得低于＿元（＿）" in body  # base wage and its 大写 under the allowance form
    assert "十日内，即＿前（含当日），将本合同文本一式三份报送＿审查" in body
    assert "同时报＿备案" in body
    assert len(blanks(document)) >= 20
    assert document.signature[0].lines[0] == ("职工方（盖章）：", "")
    assert document.signature[0].lines[-1][1].strip("\u3000") == "年\u3000\u3000月\u3000\u3000日"


def test_title_names_the_model_text(
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    assert (
        blank_documents["coal"][1].title == "煤炭开采和洗选业技能人才最低工资集体合同（示范文本）"
    )
    regional = blank_documents["high-tech-zone"][1]
    assert regional.title == "区域性技能人才最低工资集体合同（示范文本）"
    cover = [p for p in regional.preamble if isinstance(p, Paragraph) and p.style == "party"]
    assert cover[0].text == "区域："


def test_notes_appear_only_in_the_blank_and_cite_the_law(
    yangquan: list[LoadedAgreement],
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    for item in yangquan:
        assert notes(compose_for(item.agreement)) == []
    text = "\n".join(notes(blank_documents["manufacturing"][1]))
    for rule in (
        "须高于当地最低工资标准",
        "期限一般为一至三年（《集体合同规定》第三十八条）",
        "报送期限为双方首席代表签字之日起十日",
        "职工方可以在期限内自行报送或者与企业方共同报送，不必等到期限届满",
        "十五日内未提出异议",
        "每方不少于三人",
        "期满前三个月",
        "三分之二以上",
    ):
        assert rule in text, rule
    allowance = "\n".join(notes(blank_documents["housekeeping"][1]))
    assert "基本工资（不含技能津贴）本身也须高于当地最低工资标准" in allowance
    assert "井下津贴不得计入" in "\n".join(notes(blank_documents["coal"][1]))


def test_blank_and_filled_texts_share_one_structure(
    yangquan: list[LoadedAgreement],
    blank_documents: dict[str, tuple[Agreement, Document]],
) -> None:
    """One template, two variants: the same chapters, articles and tables."""
    for item in yangquan:
        filled = compose_for(item.agreement)
        _, blank = blank_documents[item.agreement.slug]
        assert [c.title for c in filled.chapters] == [c.title for c in blank.chapters]
        assert [a.label for a in filled.articles()] == [a.label for a in blank.articles()]
        assert [t.caption for a in filled.articles() for t in a.blocks if isinstance(t, Table)] == [
            t.caption for a in blank.articles() for t in a.blocks if isinstance(t, Table)
        ]
    assert blanks(compose_for(yangquan[0].agreement)) == []


def test_blank_is_marked_in_the_document_meta(manufacturing: Agreement) -> None:
    assert compose_for(manufacturing, blank=True).meta["variant"] == "blank"
    assert "variant" not in compose_for(manufacturing).meta


def test_data_cannot_forge_a_blank(manufacturing: Agreement) -> None:
    party = manufacturing.worker_party.model_copy(update={"name": f"甲{BLANK}乙"})
    document = compose_for(manufacturing.model_copy(update={"worker_party": party}))
    assert blanks(document) == []
    assert document.preamble[0].text.startswith("职工方：甲乙（")  # type: ignore[union-attr]
    assert BLANK not in render_for(manufacturing)


@pytest.mark.parametrize("slug", ["high-tech-zone", "coal"])
def test_blank_renders_in_all_three_formats(
    blank_documents: dict[str, tuple[Agreement, Document]], slug: str, tmp_path: Path
) -> None:
    agreement, document = blank_documents[slug]
    html = writer_for("html").render(document)
    docx = writer_for("docx").render(document)
    pdf = writer_for("pdf").render(document)
    assert len(re.findall(rb'class="blank[" ]', html)) == len(blanks(document))
    texts = {
        "html": html_text(html),
        "docx": docx_text(docx),
        "pdf": re.sub(r"第\s*\d+\s*页\s*共\s*\d+\s*页", "", pdf_text(pdf, tmp_path)),
    }
    for fmt, text in texts.items():
        rest = TEMPLATE_DIGITS.sub("", squash(text))
        assert not re.search(r"\d", rest), (fmt, re.findall(r".{0,10}\d.{0,10}", rest))
        assert agreement.worker_party.name not in text
        assert "填写说明" in text and "（示范文本）" in squash(text)
