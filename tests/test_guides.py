"""Issue 21 points 14 and 15: the register of a region's overlapping contracts and the approval
route guide, from the 阳泉 example records (13 contracts; areas as each file states them)."""

from __future__ import annotations

from datetime import date

from skillwage_docs.outputs.filing_calendar import short_name
from skillwage_docs.outputs.guides.approval import approval_markdown
from skillwage_docs.outputs.guides.overlap import overlaps
from skillwage_docs.outputs.guides.register import register_markdown
from skillwage_docs.pipeline.records import AgreementRecord


def _pairs(records: list[AgreementRecord]) -> dict[tuple[str, str], str]:
    found = overlaps([record.agreement for record in records])
    return {(p.first.slug, p.second.slug): p.basis for p in found}


def test_the_register_finds_each_pair_that_can_bind_the_same_worker(
    yangquan_records: list[AgreementRecord],
) -> None:
    pairs = _pairs(yangquan_records)
    # nine city-wide sector contracts meet each of the two regional ones, and the two regional
    # ones meet in 郊区; one industry twice (建筑业 in 盂县); sub-sectors of 制造业 and 采矿业
    assert len(pairs) == 25
    assert pairs[("construction", "yuxian-construction")] == "同一行业（建筑业）"
    assert pairs[("coal", "mining")] == "煤炭开采和洗选业企业属于采矿业（《国民经济行业分类》门类）"
    assert pairs[("equipment", "manufacturing")].startswith("装备制造业企业属于制造业")
    assert pairs[("high-tech-zone", "yinying-town")].startswith("两份区域性合同在同一县（区）")
    assert pairs[("coal", "high-tech-zone")].startswith("区域性合同覆盖阳泉高新区内各行业")
    # the county's refractories and the city's share no area (平定县 is not in the city's list)
    assert ("pingding-refractory", "refractory") not in pairs
    assert ("refractory", "pingding-refractory") not in pairs


def test_the_register_names_the_higher_figure_and_the_carve_out(
    yangquan_records: list[AgreementRecord],
) -> None:
    text = register_markdown(yangquan_records, date(2026, 12, 7))
    assert text.startswith("# 阳泉市技能人才最低工资集体合同登记表\n")
    assert "截至 2026-12-07：13 份合同，其中 25 对可能同时适用于同一技能人才。" in text
    assert (
        "| 阳泉市采矿业 | 行业性 | 阳泉市城区、阳泉市矿区、阳泉市郊区、平定县、盂县 | "
        "煤炭开采和洗选企业（《阳泉市煤炭开采和洗选业技能人才最低工资集体合同》） |"
    ) in text
    assert "| 盂县建筑业 | 行业性 | 盂县 | — | 2026年6月1日至2028年5月31日 | 生效 |" in text
    assert (
        "《阳泉市采矿业技能人才最低工资集体合同》把煤炭开采和洗选企业划给《阳泉市煤炭开采和洗选业"
        "技能人才最低工资集体合同》，只在后者有效且不低于前者时适用后者。"
    ) in text
    # 阳泉市建筑业 2450 against 盂县 2350 at 初级工: the city's is higher
    assert "| 初级工 | 2450 | 2350 | 阳泉市建筑业 |" in text
    assert "其中 1 对区域性合同只在同一县（区），是否地域重叠须按规划范围核实。" in text


def test_the_approval_guide_sets_out_both_routes_and_the_regions_choices(
    yangquan_records: list[AgreementRecord],
) -> None:
    text = approval_markdown(yangquan_records)
    assert text.startswith("# 审议方式选择指引（阳泉市）\n")
    assert "## 一、行业（区域）职工代表大会" in text and "## 二、各企业分别审议" in text
    assert "只由“认可草案的企业”审议，没有依据，也不能约束其他企业，不要采用。" in text
    names = {record.agreement.slug: short_name(record.agreement) for record in yangquan_records}
    assert (
        f"| {names['high-tech-zone']} | 112 | 14500 | 职工代表大会 | 每100名职工一名代表 | "
        "出席167人，同意152人，通过 |"
    ) in text
    assert (
        "| 盂县建筑业 | 41 | 5200 | 企业分别审议 | 通过的企业职工人数合计过半数 | 6家审议，5家通过，占58.0% |"
        in text
    )
    # an assembly recorded by its date alone: no counts invented
    assert (
        "| 阳泉市住宿和餐饮业 | 310 | 9800 | 职工代表大会 | 按职工人数的比例 | 表决人数未录入 |"
        in text
    )
