"""分类分级 schedules: each shape of context gets clear, consecutively numbered tables, and the
contract text adapts to what is present (issue 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skillwage_docs.base.errors import RenderError
from skillwage_docs.checks.config import ProjectConfig
from skillwage_docs.checks.validate import validate
from skillwage_docs.inputs.agreement import Agreement, CategoryWage, wage_figures
from skillwage_docs.inputs.loader import LoadedAgreement
from skillwage_docs.inputs.minimum_wage import load_minimum_wages
from skillwage_docs.text.compose import parse_clauses
from skillwage_docs.text.document import Document, Paragraph, Table
from skillwage_docs.text.environment import REF_CLOSE, REF_OPEN, escape_markup

from .conftest import CONTEXTS, compose_for

NATIONAL = {"制造业", "建筑业", "采矿业", "住宿和餐饮业", "家政服务业"}
LOCAL = {"煤炭开采和洗选业", "耐火材料制造业", "装备制造业", "新材料产业"}


def tables(document: Document) -> list[Table]:
    return [b for a in document.articles() for b in a.blocks if isinstance(b, Table)]


def text(document: Document) -> str:
    return "\n".join(
        b.text for a in document.articles() for b in a.blocks if isinstance(b, Paragraph)
    )


def by_slug(yangquan: list[LoadedAgreement], slug: str) -> Agreement:
    return next(x.agreement for x in yangquan if x.agreement.slug == slug)


# --- the Yangquan set ---------------------------------------------------------------------------


def test_yangquan_has_ten_agreements_national_local_and_regional(
    yangquan: list[LoadedAgreement],
) -> None:
    agreements = [x.agreement for x in yangquan]
    assert len(agreements) >= 10
    industries = {a.industry for a in agreements}
    assert industries >= NATIONAL | LOCAL
    regional = [a for a in agreements if a.kind == "区域性"]
    assert [a.zone for a in regional] == ["阳泉高新区", "阳泉市郊区荫营镇"]
    # 晋人社厅函〔2024〕1185号: each city reports 1–2 key liaison points
    assert 1 <= sum(a.key_liaison_point for a in agreements) <= 2


def test_every_context_says_its_figures_are_illustrative() -> None:
    for path in sorted((CONTEXTS / "yangquan").glob("*.yaml")):
        if path.name != "region.yaml":
            assert "示例（illustrative）" in path.read_text(encoding="utf-8"), path.name


def test_real_contexts_pass_validation_with_warnings_only(
    yangquan: list[LoadedAgreement],
) -> None:
    table = load_minimum_wages(CONTEXTS / "minimum_wages")
    report = validate(yangquan, table, hooks=[], config=ProjectConfig())
    assert report.ok, report.lines()
    assert {f.rule for f in report.findings} == {"unconfirmed_minimums"}
    # 52号 floors are switched on for the category context and pass there
    assert by_slug(yangquan, "new-materials").rules == {"category_floors": True}


def test_figures_are_round_numbers(yangquan: list[LoadedAgreement]) -> None:
    for item in yangquan:
        for name, amount in wage_figures(item.agreement).items():
            step = 1 if name.endswith("·小时") else 50
            assert amount % step == 0, (item.agreement.slug, name, amount)


# --- table numbering and references --------------------------------------------------------------


@pytest.mark.parametrize("blank", [False, True])
def test_tables_are_numbered_consecutively_in_every_agreement(
    yangquan: list[LoadedAgreement], blank: bool
) -> None:
    for item in yangquan:
        document = compose_for(item.agreement, blank=blank)
        numbers = [int(re.match(r"表(\d+)\u3000", t.caption).group(1)) for t in tables(document)]  # type: ignore[union-attr]
        assert numbers == list(range(1, len(numbers) + 1)), item.agreement.slug
        # every 表N the text cites exists
        for cited in re.findall(r"表(\d+)", text(document)):
            assert 1 <= int(cited) <= len(numbers)


def test_table_directive_and_references() -> None:
    markup = (
        "# 标题\n## 章\n### 见{a}和{b}。\n@table b 乙\n| x |\n|---|\n| 1 |\n\n"
        "@table a 甲\n| y |\n|---|\n| 2 |\n"
    ).format(a=f"{REF_OPEN}a{REF_CLOSE}", b=f"{REF_OPEN}b{REF_CLOSE}")
    document = parse_clauses(markup)
    assert [t.caption for t in tables(document)] == ["表1\u3000乙", "表2\u3000甲"]
    assert document.articles()[0].blocks[0].text == "见表2和表1。"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="不存在的表格"):
        parse_clauses(f"# 标题\n## 章\n### {REF_OPEN}zz{REF_CLOSE}\n")
    with pytest.raises(ValueError, match="重复"):
        parse_clauses("# 标题\n## 章\n### x\n@table a 甲\n| y |\n@table a 乙\n| z |\n")


def test_data_cannot_forge_a_table_reference(manufacturing: Agreement) -> None:
    forged = f"{REF_OPEN}levels{REF_CLOSE}"
    assert escape_markup(forged) == "levels"
    party = manufacturing.worker_party.model_copy(update={"name": forged})
    document = compose_for(manufacturing.model_copy(update={"worker_party": party}))
    assert document.preamble[0].text.startswith("职工方：levels（")  # type: ignore[union-attr]


def test_a_template_citing_an_absent_table_is_a_render_error(
    manufacturing: Agreement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillwage_docs.text import compose as compose_module
    from skillwage_docs.text.environment import TEMPLATES, clause_environment

    (tmp_path / "contract.md.j2").write_text(
        (TEMPLATES / "clauses" / "contract.md.j2")
        .read_text(encoding="utf-8")
        .replace('{{ "levels"|table_ref }}执行：', '{{ "nothing"|table_ref }}执行：'),
        encoding="utf-8",
    )
    monkeypatch.setattr(compose_module, "clause_environment", lambda: clause_environment(tmp_path))
    with pytest.raises(RenderError, match="nothing"):
        compose_for(manufacturing)


# --- the shapes ------------------------------------------------------------------------------------


def test_levels_only(yangquan: list[LoadedAgreement]) -> None:
    document = compose_for(by_slug(yangquan, "mining"))
    assert [t.caption for t in tables(document)] == ["表1\u3000技能人才月最低工资标准"]
    body = text(document)
    assert "职业（工种）" not in body and "岗位类别" not in body and "类别岗位" not in body
    assert "最低技能津贴" not in [c.title for c in document.chapters]
    assert "分工种" not in body and "相应表格" not in body


def test_occupation_by_level(yangquan: list[LoadedAgreement]) -> None:
    agreement = by_slug(yangquan, "refractory")
    document = compose_for(agreement)
    schedule = tables(document)[1]
    assert schedule.caption == "表2\u3000分职业（工种）技能人才月最低工资标准（元）"
    assert schedule.header == ("职业（工种）", "类别", "初级工", "中级工", "高级工", "技师")
    assert schedule.rows[2] == ("耐火原料加工工", "通用", "2400", "2650", "2950", "—")
    body = text(document)
    assert "紧缺急需职业（工种）的标准适当上浮" in body
    assert "分职业（工种）的标准所列等级以相应表格为准" in body


def test_no_shortage_wording_without_shortage_occupations(manufacturing: Agreement) -> None:
    general = [o.model_copy(update={"kind": "通用"}) for o in manufacturing.occupations]
    body = text(compose_for(manufacturing.model_copy(update={"occupations": general})))
    assert "紧缺急需" not in body


def test_categories_of_notice_51(yangquan: list[LoadedAgreement]) -> None:
    document = compose_for(by_slug(yangquan, "equipment"))
    schedule = tables(document)[1]
    assert schedule.header[0] == "岗位类别"
    assert [row[0] for row in schedule.rows] == ["技术技能型", "知识技能型", "复合技能型"]
    assert schedule.rows[2][:3] == ("复合技能型", "—", "—")
    body = text(document)
    assert "人社厅发〔2024〕51号的分类" in body and "52号" not in body
    assert "表中标“—”的等级" in body
    assert "职业（工种）" not in body


def test_categories_of_notice_52(yangquan: list[LoadedAgreement]) -> None:
    agreement = by_slug(yangquan, "new-materials")
    document = compose_for(agreement)
    levels, schedule = tables(document)
    assert [row[0] for row in levels.rows][-2:] == ["特级技师", "首席技师"]
    # every level has a part-time figure where the province sets an hourly minimum (issue 20)
    assert levels.rows[-1][3] == "62"
    assert [row[0] for row in schedule.rows] == ["基础类", "重要类", "关键类", "核心类"]
    assert schedule.header[-1] == "首席技师" and schedule.rows[-1][-1] == "6800"
    assert "《技能人才最低工资分类参考指引》（人社厅发〔2025〕52号）" in text(document)


def test_generic_categories_get_neutral_wording(manufacturing: Agreement) -> None:
    rows = [CategoryWage.model_validate({"category": "一线岗位", "monthly": {"初级工": 2500}})]
    body = text(compose_for(manufacturing.model_copy(update={"categories": rows})))
    assert "按照岗位类别确定的技能人才月最低工资标准如下表" in body
    assert "51号的分类" not in body and "52号" not in body
    assert "分职业（工种）、分岗位类别的标准所列等级以相应表格为准" in body


def test_allowance_form(yangquan: list[LoadedAgreement]) -> None:
    for slug in ("housekeeping", "high-tech-zone"):
        document = compose_for(by_slug(yangquan, slug))
        assert "最低技能津贴" in [c.title for c in document.chapters]
        captions = [t.caption for t in tables(document)]
        assert captions[-1] == f"表{len(captions)}\u3000最低技能津贴标准"
        assert tables(document)[-1].rows[0][0] == "初级工（五级）"
        assert "“最低技能津贴”一章" in text(document) and "第四章" not in text(document)


def test_underground_figures_have_their_own_table(yangquan: list[LoadedAgreement]) -> None:
    agreement = by_slug(yangquan, "coal")
    assert wage_figures(agreement)["初级工·井下·月"] == 3300
    document = compose_for(agreement)
    underground = tables(document)[1]
    assert underground.caption == "表2\u3000井下岗位技能人才月最低工资标准"
    assert underground.rows[0] == ("初级工（五级）", "3300", "叁仟叁佰元整")
    assert len(underground.rows) == sum(r.underground is not None for r in agreement.skill_levels)
    body = text(document)
    assert "下表标准不含井下津贴" in body
    assert "其井下津贴不得计入本合同规定的最低工资标准" in body


def test_underground_rule_without_separate_figures(yangquan: list[LoadedAgreement]) -> None:
    mining = compose_for(by_slug(yangquan, "mining"))
    assert "其井下津贴不得计入" in text(mining)
    assert not any("井下" in t.caption for t in tables(mining))
    assert "其井下津贴不得计入" not in text(compose_for(by_slug(yangquan, "hospitality")))


def test_no_chapter_or_article_is_ever_empty(yangquan: list[LoadedAgreement]) -> None:
    for item in yangquan:
        for blank in (False, True):
            document = compose_for(item.agreement, blank=blank)
            for chapter in document.chapters:
                assert chapter.articles, (item.agreement.slug, chapter.title)
                for article in chapter.articles:
                    lead = article.blocks[0]
                    assert isinstance(lead, Paragraph) and lead.text.strip()
            for table in tables(document):
                assert table.rows and all(len(r) == len(table.header) for r in table.rows)


# --- regional agreements -----------------------------------------------------------------------


def test_regional_text_differs_where_it_should(yangquan: list[LoadedAgreement]) -> None:
    document = compose_for(by_slug(yangquan, "high-tech-zone"))
    assert document.title == "阳泉高新区技能人才最低工资集体合同"
    body = text(document)
    assert "代表本区域各类企业，其协商代表由本区域企业推举产生" in body
    assert "本区域内的企业不分所属行业，均适用本合同" in body
    assert "本行业" not in body
    sector = text(compose_for(by_slug(yangquan, "coal")))
    assert "不分所属行业" not in sector and "推举产生" not in sector
    assert "其协商代表由阳泉市煤炭工业协会指派" in sector


TOWNSHIP = """# 阳泉市盂县秀水镇技能人才最低工资集体合同（区域性，乡镇）。
# 数字为示例（illustrative），须以协商确定的数字替换。
kind: 区域性
zone: 盂县秀水镇
areas: [盂县]
scope: 盂县秀水镇行政区域内依法设立的各类企业，以及与其建立劳动关系的技能人才。
term: {start: 2025-07-01, end: 2027-06-30}
signing_date: 2025-06-20
worker_party: {name: 盂县秀水镇工会联合会, chief_representative: 王秀兰, representatives: 3}
employer_party: {name: 秀水镇企业代表, chief_representative: 李国栋, representatives: 3}
key_liaison_point: true
skill_levels:
  - {level: 初级工, monthly: 2300, hourly: 24}
  - {level: 中级工, monthly: 2500, hourly: 26}
  - {level: 高级工, monthly: 2800, hourly: 29}
"""


def test_a_single_district_region_uses_that_districts_minimum(contexts: Path) -> None:
    from skillwage_docs.inputs.loader import load_agreements

    (contexts / "yangquan" / "township.yaml").write_text(TOWNSHIP, encoding="utf-8")
    loaded = load_agreements(contexts, "yangquan", ["township"])
    report = validate(
        loaded, load_minimum_wages(contexts / "minimum_wages"), hooks=[], config=ProjectConfig()
    )
    assert report.ok, report.lines()
    # 晋政办发〔2024〕58号: 盂县 is 二类 since 2021 (2050 元), not the city's 一类 (2150 元)
    township = report.standards["township"]
    assert (township.monthly_class, township.monthly) == ("二类", 2050)
    body = text(compose_for(loaded[0].agreement))
    assert (
        "本合同所称当地最低工资标准，是指盂县秀水镇所在的盂县执行的月最低工资标准和非全日制用工小时"
        "最低工资标准。"
    ) in body
    assert "最高的标准" not in body


def test_a_city_wide_agreement_clears_the_highest_class(yangquan: list[LoadedAgreement]) -> None:
    body = text(compose_for(by_slug(yangquan, "coal")))
    assert "是指阳泉市城区、阳泉市矿区、阳泉市郊区、平定县、盂县执行的" in body
    assert "以其中最高的标准为准" in body
