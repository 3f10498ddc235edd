"""Issue 20 point 11: a text for a region outside Shanxi cites no Shanxi document (1185号,
《山西省企业集体合同条例》, 省政府令第218号, 254号), in the contract and in every paper of the packet,
filled and blank. Two city-wide regions are built in a temporary contexts folder: 深圳 (广东,
the province's own table) and 杭州 (浙江, whose table lists no areas yet, so the test adds 杭州市
to a temporary copy of the table, marked as the test's own)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillwage_docs.checks.config import ProjectConfig
from skillwage_docs.checks.validate import binding_minimum, validate
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages
from skillwage_docs.text.compose import compose
from skillwage_docs.text.document import Document, Paragraph, Table
from skillwage_docs.text.kinds import KINDS

from .conftest import CONTEXTS

# What no text outside Shanxi may carry.
SHANXI = ("山西", "晋人社厅函", "晋政办发", "1185号", "第218号", "254号", "阳泉", "阳人社")

REGION = """region:
  code: {code}
  name: {name}
  province: {province}
  province_code: {province_code}
  areas: [{name}]
filing_authority: {name}人力资源和社会保障局
union_filing_body: {name}总工会
worker_party: {{name: {name}总工会, chief_representative: 陈立群, representatives: 5}}
employer_party: {{name: {name}企业联合会, chief_representative: 黄志明, representatives: 5}}
example: true
"""

AGREEMENT = """kind: 行业性
industry: 制造业
scope: {name}行政区域内从事制造业生产经营的各类企业，以及与上述企业建立劳动关系的技能人才。
term: {{start: 2026-08-01, end: 2028-07-31}}
signing_date: 2026-06-20
worker_party: {{name: {name}制造业工会联合会, chief_representative: 林国华, representatives: 5}}
employer_party: {{name: {name}制造业企业协会, chief_representative: 郑文斌, representatives: 5}}
covered_enterprises: 420
covered_workers: 86000
skilled_workers: 31000
{hourly_note}skill_levels:
  - {{level: 初级工, monthly: 2800{hourly1}}}
  - {{level: 中级工, monthly: 3100{hourly2}}}
  - {{level: 高级工, monthly: 3500{hourly3}}}
occupations:
  - {{name: 焊工, kind: 紧缺急需, monthly: {{初级工: 2900, 中级工: 3250}}}}
posts:
  - {{name: 焊接岗, occupation: 焊工}}
"""



def _region(root: Path, code: str, name: str, province: str, province_code: str) -> None:
    folder = root / code
    folder.mkdir()
    (folder / "region.yaml").write_text(
        REGION.format(code=code, name=name, province=province, province_code=province_code),
        encoding="utf-8",
    )
    hourly = True  # 浙江's 2026 hourly figures are known now (25/23/21 元, [S])
    (folder / "manufacturing.yaml").write_text(
        AGREEMENT.format(
            name=name,
            hourly_note="" if hourly else "# 浙江 2026 年的小时标准未查到，不设小时标准。\n",
            hourly1=", hourly: 28" if hourly else "",
            hourly2=", hourly: 31" if hourly else "",
            hourly3=", hourly: 35" if hourly else "",
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("provinces") / "contexts"
    shutil.copytree(CONTEXTS / "minimum_wages", root / "minimum_wages")
    # 杭州's 2026 class is not in the table: it is checked provisionally against 浙江's
    # highest (issue 23 point 6), which these figures clear.
    _region(root, "shenzhen", "深圳市", "广东省", "guangdong")
    _region(root, "hangzhou", "杭州市", "浙江省", "zhejiang")
    return root


def _flat(document: Document) -> str:
    parts = [document.title]
    blocks = [*document.preamble, *(b for a in document.articles() for b in a.blocks)]
    for block in [*blocks, *document.appendices]:
        if isinstance(block, Table):
            parts += [block.caption, *block.header, *(c for row in block.rows for c in row)]
        elif isinstance(block, Paragraph):
            parts.append(block.text)
    parts += [f"{label}{value}" for column in document.signature for label, value in column.lines]
    return "\n".join(parts)


@pytest.mark.parametrize("region", ["shenzhen", "hangzhou"])
def test_a_text_outside_shanxi_cites_no_shanxi_document(elsewhere: Path, region: str) -> None:
    table = load_minimum_wages(elsewhere / "minimum_wages")
    loaded = load_agreements(elsewhere, region)
    report = validate(loaded, table, hooks=[], config=ProjectConfig())
    assert report.ok, report.lines()
    (item,) = loaded
    minimum = binding_minimum(item.agreement, table)
    for kind in KINDS:
        for blank in (False, True):
            text = _flat(compose(item.agreement, minimum=minimum, blank=blank, kind=kind))
            for word in SHANXI:
                assert word not in text, (region, kind, blank, word)
    contract = _flat(compose(item.agreement, minimum=minimum))
    # the national documents alone: statutes and 51号, no provincial regulation
    assert (
        "根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《中华人民共和国工会法》《集体合同规定》"
        "《最低工资规定》以及《关于大力开展区域性行业性集体协商合理确定技能人才最低工资的通知》"
        "（人社厅发〔2024〕51号）等规定"
    ) in contract
    assert "\n双方约定违约责任如下：" in contract  # no provincial regulation to invoke
    blank = _flat(compose(item.agreement, minimum=minimum, blank=True))
    assert "须高于当地最低工资标准（人社厅发〔2024〕51号）" in blank


def test_a_prefecture_level_city_keeps_the_county_level_sentence_to_its_data(
    elsewhere: Path,
) -> None:
    """Point 12: 深圳市 is a prefecture-level city, so its city-wide sector contract is the
    县级以上 exploration of 51号, though it names one area (the divisions data says so); the
    blank offers both sentences."""
    table = load_minimum_wages(elsewhere / "minimum_wages")
    (item,) = load_agreements(elsewhere, "shenzhen")
    minimum = binding_minimum(item.agreement, table)
    filled = _flat(compose(item.agreement, minimum=minimum))
    assert "本合同在县级以上区域订立" in filled and "在县级以下区域订立" not in filled
    blank = _flat(compose(item.agreement, minimum=minimum, blank=True))
    assert (
        "本合同依照《中华人民共和国劳动合同法》第五十三条在县级以下区域订立，或者在县级以上区域订立、"
        "属于人社厅发〔2024〕51号所称在集体协商基础较好、条件较为成熟的地区开展的探索。"
    ) in blank
