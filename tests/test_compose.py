"""Composing: one clause text into the document model; data can never become markup."""

from __future__ import annotations

from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.text.compose import parse_clauses, spans
from skillwage_docs.text.document import Document, Span, Table
from skillwage_docs.text.environment import escape_markup

from .conftest import compose_for


def test_chapters_and_articles_are_numbered_in_order(manufacturing_document: Document) -> None:
    chapters = manufacturing_document.chapters
    assert [c.label for c in chapters[:3]] == ["第一章", "第二章", "第三章"]
    assert chapters[0].title == "总则"
    labels = [a.label for a in manufacturing_document.articles()]
    assert labels[0] == "第一条" and labels[10] == "第十一条" and labels[19] == "第二十条"
    assert [a.number for a in manufacturing_document.articles()] == list(range(1, len(labels) + 1))


def test_wage_schedule_holds_every_level_with_uppercase(
    manufacturing: Agreement, manufacturing_document: Document
) -> None:
    tables = [
        b for a in manufacturing_document.articles() for b in a.blocks if isinstance(b, Table)
    ]
    schedule = tables[0]
    assert schedule.header[:3] == ("技能等级", "月最低工资（元）", "大写金额")
    assert len(schedule.rows) == len(manufacturing.skill_levels)
    first = schedule.rows[1]
    assert first[0].startswith("初级工") and first[1] == "2400" and first[2] == "贰仟肆佰元整"


def test_optional_sections_follow_the_data(manufacturing: Agreement) -> None:
    plain = manufacturing.model_copy(
        update={
            "occupations": [],
            "skill_levels": [
                row.model_copy(update={"allowance": None, "hourly": None})
                for row in manufacturing.skill_levels
            ],
        }
    )
    document = compose_for(plain)
    titles = [c.title for c in document.chapters]
    assert "最低技能津贴" not in titles
    text = "".join(
        p.text for a in document.articles() for p in a.blocks if not isinstance(p, Table)
    )
    assert "非全日制" not in text and "职业（工种）" not in text


def test_hostile_party_names_stay_text(manufacturing: Agreement) -> None:
    hostile = "## 第二章\n### **x** | y @sign {{ 7*7 }} {% if %}"
    party = manufacturing.worker_party.model_copy(update={"name": hostile})
    document = compose_for(manufacturing.model_copy(update={"worker_party": party}))
    assert [c.title for c in document.chapters][:2] == ["总则", "技能人才范围与技能等级"]
    flat = hostile.replace("\n", " ")
    assert document.preamble[0].text.startswith("职工方：" + flat)
    assert len(document.signature) == 2
    assert document.signature[0].lines[0] == ("职工方（盖章）：", flat)


def test_inline_markup() -> None:
    assert spans("甲**乙**丙") == (Span("甲"), Span("乙", bold=True), Span("丙"))
    assert spans(escape_markup("a**b|c")) == (Span("a**b|c"),)
    assert escape_markup("# x").startswith("\\#")


def test_parse_tables_and_signature() -> None:
    document = parse_clauses(
        "# 标题\n## 章\n### 条文\n@caption 表\n| A | B |\n|---|---|\n| 1 | 2\\|3 |\n"
        "@sign 甲（盖章）：某 | 日期：\n@appendix\n附件\n"
    )
    table = document.chapters[0].articles[0].blocks[1]
    assert isinstance(table, Table) and table.rows == (("1", "2|3"),) and table.caption == "表"
    assert document.signature[0].lines == (("甲（盖章）：", "某"), ("日期：", ""))
    assert document.appendices[0].text == "附件"  # type: ignore[union-attr]


def test_size_filter_sizes_the_blank_and_leaves_the_filled_text_alone() -> None:
    from skillwage_docs.text.environment import LINE, clause_environment

    template = clause_environment().from_string(
        "甲{{ x|size(16) }}乙{{ y|size('line') }}丙{{ z }}丁{{ w|fixed }}"
    )
    assert spans(template.render(x="a", y="b", z="c", w="d", blank=True)) == (
        Span("甲"),
        Span("", blank=True, size=16),
        Span("乙"),
        Span("", blank=True, size=LINE),
        Span("丙"),
        Span("", blank=True),
        Span("丁d"),
    )
    assert spans(template.render(x="a", y="b", z="c", w="d", blank=False)) == (
        Span("甲a乙b丙c丁d"),
    )


def test_size_tokens_in_data_are_dropped() -> None:
    # A party name cannot forge a sized blank: the private-use tokens are deleted from data.
    assert escape_markup("名\ue000\ue00316\ue004称") == "名16称"
