"""What the contract text says (issue 12, points 2–10): the procedure the law sets for sector
and regional contracts, effect and term, overlap, who is a 技能人才, what counts against the
minimum, citations, adjustment, the clauses real model texts carry, and county contracts.
Expected wording is fixed here, never read back from the template."""

from __future__ import annotations

import dataclasses
import re

import pytest

from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.inputs.loader import LoadedAgreement
from skillwage_docs.inputs.minimum_wage import NATIONAL_EXCLUSIONS
from skillwage_docs.text.citations import citations_in, register
from skillwage_docs.text.compose import compose
from skillwage_docs.text.document import Document, Paragraph

from .conftest import compose_for, minimum_of, render_for


def text(document: Document) -> str:
    return "\n".join(
        b.text for a in document.articles() for b in a.blocks if isinstance(b, Paragraph)
    )


def notes(document: Document) -> str:
    blocks = [*document.preamble, *(b for a in document.articles() for b in a.blocks)]
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph) and b.style == "note")


@pytest.fixture(scope="module")
def agreements(yangquan: list[LoadedAgreement]) -> dict[str, Agreement]:
    return {x.agreement.slug: x.agreement for x in yangquan}


@pytest.fixture(scope="module")
def texts(agreements: dict[str, Agreement]) -> dict[str, str]:
    return {slug: text(compose_for(a)) for slug, a in agreements.items()}


@pytest.fixture(scope="module")
def blanks(agreements: dict[str, Agreement]) -> dict[str, Document]:
    return {slug: compose_for(a, blank=True) for slug, a in agreements.items()}


# --- 2. procedure for sector and regional contracts ----------------------------------------------


def test_representatives_cite_the_articles_that_apply(texts: dict[str, str]) -> None:
    for slug, body in texts.items():
        assert "第十九条至第二十四条" not in body, slug
        assert "《集体合同规定》第十九条、第二十三条、第二十四条" in body, slug
    assert "其协商代表由阳泉市煤炭工业协会指派" in texts["coal"]
    assert "其协商代表由本行业企业推举产生" in texts["manufacturing"]
    assert "其协商代表由该行业工会联合会确定" in texts["manufacturing"]
    assert "其协商代表由该区域工会联合会确定" in texts["high-tech-zone"]


def test_approval_binds_every_enterprise(texts: dict[str, str]) -> None:
    """Issue 20 point 1: no text passes the draft on "the enterprises that accept it"; the
    default is a 行业（区域）职工代表大会 elected from the covered enterprises, the enterprise
    route states its threshold."""
    for slug, body in texts.items():
        assert "认可本合同草案" not in body and "认可企业" not in body, slug
    assert (
        "本合同草案提交行业职工代表大会审议。行业职工代表大会的代表，由本行业各企业的职工大会或者"
        "职工代表大会选举产生，每200名职工选举代表一名，职工不足200名的企业选举代表一名；大会应当"
        "有三分之二以上代表出席，经全体代表半数以上同意，本合同草案方获通过。"
    ) in texts["coal"]
    assert "每100名职工选举代表一名" in texts["high-tech-zone"]
    assert "本合同草案提交区域职工代表大会审议" in texts["high-tech-zone"]
    # no ratio in the data: the text still says how the delegates are elected
    assert (
        "由本行业各企业的职工大会或者职工代表大会选举产生，各企业按照职工人数的比例选举，每家企业"
        "至少选举代表一名"
    ) in texts["manufacturing"]
    county = texts["yuxian-construction"]
    assert (
        "本合同草案提交本行业企业各自的职工代表大会或者职工大会审议，每家企业应当有三分之二以上"
        "职工代表或者职工出席，经全体职工代表半数以上或者全体职工半数以上同意，为该企业审议通过；"
        "审议通过的企业的职工人数合计超过本行业企业职工总数的半数的，本合同草案方获通过。"
    ) in county
    assert "各企业的表决情况和审议通过的企业职工人数合计，列入报送审查的材料" in county
    assert "列入报送审查的材料" not in texts["coal"]


def test_filing_objection_change_and_publication(texts: dict[str, str]) -> None:
    body = texts["coal"]  # signed 2025-06-04
    # Issue 20 point 5: the union (or both sides) may file within the ten days.
    assert (
        "双方应当自双方首席代表签字之日起十日内，即2025年6月14日前（含当日），将本合同文本一式三份"
        "报送阳泉市人力资源和社会保障局审查。报送由企业方负责，职工方也可以在上述期限内自行报送或者"
        "与企业方共同报送（参照《集体合同规定》第四十二条）；上述期限届满仍未报送的，由职工方立即"
        "报送，审查期限自审查部门收到文本之日起计算。"
    ) in body
    assert "企业方未在该期限内报送的，由职工方报送" not in body
    assert (
        "送达《审查意见书》的，双方应当就异议事项重新协商，重新签订的合同依照前条规定重新报送审查"
        "（参照《集体合同规定》第四十五条、第四十六条）"
    ) in body
    assert "适用订立本合同的集体协商程序（参照《集体合同规定》第四十一条）" in body
    assert "自双方首席代表签字之日起十日内重新报送审查。" in body
    assert "本合同生效后，双方应当及时以适当的形式向各自代表的全体人员公布本合同" in body


# --- 3. effect and term ------------------------------------------------------------------------


def test_an_early_start_promises_back_pay_a_later_one_does_not(texts: dict[str, str]) -> None:
    # Issue 20 point 10: from when and by when, in one sentence.
    back_pay = (
        "本合同依法生效时上述期限已经开始的，企业应当于本合同生效后的第一个工资支付日前（含当日），"
        "按照本合同标准向技能人才补发自2025年7月1日起至生效之日止的工资差额。"
    )
    assert back_pay in texts["manufacturing"]  # signed 2025-06-20, starts 2025-07-01
    county = texts["pingding-refractory"]  # signed 2026-03-26, starts 2026-05-01
    assert "补发自" not in county
    assert "本合同自依法生效之日起执行；生效之日早于上述起始日期的，自起始日期起执行。" in county


def test_renewal_starts_before_the_last_three_months(texts: dict[str, str]) -> None:
    # coal ends 2028-06-30: its last three months begin 2028-04-01.
    assert "期满三个月前，即2028年3月31日前（含当日），启动续订协商" in texts["coal"]
    assert "2028年3月30日" not in texts["coal"]
    # Issue 20 point 10: the extension after expiry is capped.
    assert (
        "本合同期满时新的集体合同尚未生效的，本合同规定的标准继续执行，直至新的集体合同生效，"
        "但最长不超过期满之日起6个月。"
    ) in texts["coal"]


def test_the_blank_teaches_the_effective_date(blanks: dict[str, Document]) -> None:
    taught = notes(blanks["coal"])
    assert "签订后约二十五日内生效（报送期限十日、审查期限十五日），生效前不能执行" in taught
    assert "起始日期早于该日的，须保留第二句补发差额的约定" in taught
    assert "最后三个月自四月一日开始，填写该年三月三十一日" in taught


# --- 4. overlap --------------------------------------------------------------------------------


def test_every_text_compares_item_by_item(texts: dict[str, str]) -> None:
    for slug, body in texts.items():
        assert "逐项比较，就高执行" in body, slug
        assert "以基本工资与相应等级最低技能津贴之和，同实行月最低工资形式的相应标准比较" in body


def test_manufacturing_carves_out_nothing_and_mining_only_while_coal_is_in_force(
    agreements: dict[str, Agreement], texts: dict[str, str]
) -> None:
    """Issue 20 point 4: the sub-sector contracts are lower at some levels and began later, so
    manufacturing keeps them (就高 decides); mining hands coal over only while the coal
    contract is in force and not lower."""
    assert agreements["manufacturing"].carve_outs == []
    assert "除外" not in texts["manufacturing"]
    assert (
        "煤炭开采和洗选企业，在《阳泉市煤炭开采和洗选业技能人才最低工资集体合同》有效期内适用该"
        "合同；该合同对同一技能人才规定的标准低于本合同的，按照本合同执行；该合同期满或者因其他"
        "原因不再适用的，适用本合同。"
    ) in texts["mining"]
    assert "平定县" not in agreements["refractory"].covered_areas
    assert "适用平定县耐火材料行业" not in texts["refractory"]
    assert agreements["pingding-refractory"].covered_areas == ["平定县"]


# --- 5. who is a 技能人才 ------------------------------------------------------------------------


def test_workers_without_a_certificate_are_covered(texts: dict[str, str]) -> None:
    body = texts["manufacturing"]
    assert "（三）在技能岗位上工作，尚未取得证书或者评价结果的" in body
    # Issue 20 point 2: the lowest level's figure from the first day; the 学徒工 figure only
    # under a written apprenticeship with a capped period.
    assert (
        "在技能岗位上工作、尚未取得证书或者评价结果的技能人才，自上岗之日起，月工资不得低于表1所列"
        "初级工标准。表1所列学徒工标准，只适用于企业按照企业新型学徒制与其签订书面培养协议、在培养"
        "期内的学徒，培养期不超过18个月；培养期满或者未签订书面培养协议的，按照前句执行。"
    ) in body
    for slug, other in texts.items():
        assert "不得低于当地最低工资标准" not in other.replace("且不得低于当地", ""), slug
        assert "连续工作满" not in other, slug
    assert "培养期不超过12个月" in texts["pingding-refractory"]
    assert (
        "自上岗之日起3个月内，月工资不得低于2250元（贰仟贰佰伍拾元整），此后不得低于表1所列"
        "初级工标准"
    ) in texts["yinying-town"]
    # Issue 20 point 9: the 60 days are this contract's, 254号 organises the assessment.
    assert (
        "企业应当自收到申请之日起60日内组织自主评价，或者为其报名参加县（区）依照阳人社函〔2024〕"
        "254号组织的职业技能等级认定"
    ) in body
    assert "（阳人社函〔2024〕254号）" not in body
    assert "取得相应职业技能等级或职业资格的技能人才" not in body


def test_posts_are_listed_in_an_annex_agreed_by_both_sides(
    texts: dict[str, str], blanks: dict[str, Document]
) -> None:
    body = texts["new-materials"]
    assert (
        "《技能岗位目录》由双方协商确定，列明技能岗位的名称、岗位所需的《中华人民共和国职业分类大典》"
        "职业及其编码和岗位所属的类别"
    ) in body
    # Issue 20 point 8: until the parties agree otherwise, a 大典 occupation counts.
    assert (
        "目录确定前，以及企业的岗位未列入目录的，岗位所需的职业列入《中华人民共和国职业分类大典》的，"
        "视为技能岗位，直至双方协商确定其不属于技能岗位。"
    ) in body
    assert "企业不得单方将目录所列岗位认定为非技能岗位，也不得单方降低岗位所属的类别" in body
    assert "由企业根据岗位的技能要求确定" not in texts["equipment"]
    annex = "\n".join(b.text for b in blanks["coal"].appendices)  # type: ignore[union-attr]
    assert "技能岗位目录（双方协商确定）" in annex


# --- 6. what counts against the minimum ----------------------------------------------------------


def test_exclusions_follow_the_province(texts: dict[str, str]) -> None:
    body = texts["housekeeping"]
    assert (
        "依照《最低工资规定》第十二条、《山西省最低工资规定》（省政府令第218号）、"
        "《山西省人民政府办公厅关于调整我省最低工资标准的通知》（晋政办发〔2024〕58号），"
        "下列各项不计入本合同规定的最低工资标准"
    ) in body
    assert (
        "（二）中班、夜班、高温、低温、井下、有毒有害和行车等特殊工作环境和条件下的津贴；" in body
    )
    assert (
        "实行计件工资或者提成工资等工资形式的，企业应当在科学合理的劳动定额基础上支付工资" in body
    )
    assert (
        "技能人才由于本人原因在法定工作时间内或者劳动合同约定的工作时间内未提供正常劳动的" in body
    )
    assert "上述标准均高于本合同订立时当地最低工资标准" not in body


def test_the_national_list_where_a_province_adds_nothing(agreements: dict[str, Agreement]) -> None:
    agreement = agreements["hospitality"]
    minimum = dataclasses.replace(minimum_of(agreement), exclusions=NATIONAL_EXCLUSIONS)
    body = text(compose(agreement, minimum=minimum))
    assert "依照《最低工资规定》第十二条，下列各项不计入" in body
    assert "（一）延长工作时间工资；" in body and "行车" not in body


@pytest.mark.parametrize(
    ("included", "wording"),
    [
        (None, "是否计入本合同标准，按照山西省最低工资标准的有关规定执行"),
        (
            True,
            "本合同规定的标准包含技能人才个人依法缴纳的社会保险费和住房公积金，与山西省最低工资标准"
            "的计算口径一致。",
        ),
        (False, "本合同规定的标准不包含技能人才个人依法缴纳的社会保险费和住房公积金"),
    ],
)
def test_contributions_are_stated_only_where_the_province_says(
    agreements: dict[str, Agreement], included: bool | None, wording: str
) -> None:
    agreement = agreements["hospitality"]
    minimum = minimum_of(agreement)
    exclusions = minimum.exclusions.model_copy(update={"contributions_included": included})
    body = text(compose(agreement, minimum=dataclasses.replace(minimum, exclusions=exclusions)))
    assert wording in body
    if included is None:
        assert "标准包含" not in body and "标准不包含" not in body


def test_hourly_figures_are_part_time_and_the_base_rule_cites_52(
    agreements: dict[str, Agreement], blanks: dict[str, Document]
) -> None:
    document = compose_for(agreements["housekeeping"])
    schedule = next(b for a in document.articles() for b in a.blocks if hasattr(b, "header"))
    assert schedule.header[-1] == "非全日制用工小时最低工资（元）"  # type: ignore[union-attr]
    taught = notes(blanks["housekeeping"])
    assert (
        "基本工资（不含技能津贴）本身也须高于当地最低工资标准（参照人社厅发〔2025〕52号" in taught
    )
    assert "（《最低工资规定》第十二条）；" not in taught


# --- 7. citations and 人社厅发〔2025〕52号 -----------------------------------------------------------


def test_texts_signed_before_52_do_not_cite_it(texts: dict[str, str]) -> None:
    for slug in ("coal", "manufacturing", "high-tech-zone", "housekeeping"):
        assert "52号" not in texts[slug], slug
    body = texts["new-materials"]  # signed 2026-03-20
    assert "参照《技能人才最低工资分类参考指引》（人社厅发〔2025〕52号）" in body
    assert "参考人力资源社会保障部《技能人才薪酬分配指引》" in body


def test_every_number_in_every_text_is_registered(texts: dict[str, str]) -> None:
    documents = register()
    for slug, body in texts.items():
        for citation in citations_in(body, documents):
            assert citation.document is not None, (slug, citation.text)


def test_citations_are_found_by_number_and_title() -> None:
    documents = register()
    found = list(
        citations_in(
            "依照《集体合同规定》和晋政办发〔2024〕58号、晋政发〔2031〕7号，参考《技能人才薪酬分配指引》",
            documents,
        )
    )
    assert [c.text for c in found] == [
        "劳动和社会保障部令第22号",  # 《集体合同规定》, by its registered title
        "晋政办发〔2024〕58号",
        "晋政发〔2031〕7号",
        "《技能人才薪酬分配指引》",
    ]
    assert found[2].document is None  # unregistered: the rule warns
    assert documents.cite("晋政办发〔2024〕58号") == (
        "《山西省人民政府办公厅关于调整我省最低工资标准的通知》（晋政办发〔2024〕58号）"
    )
    assert (
        documents.cite("晋人社厅函〔2024〕1185号") == "晋人社厅函〔2024〕1185号"
    )  # no title found
    fifty_two = documents.find("人社厅发〔2025〕52号")
    assert fifty_two is not None and fifty_two.issued.isoformat() == "2025-11-05"


def test_the_blank_states_the_52_ratios(blanks: dict[str, Document]) -> None:
    for slug in ("manufacturing", "new-materials"):
        taught = notes(blanks[slug])
        assert (
            "一般分别不低于当地月最低工资标准的百分之一百零五、百分之一百二十、百分之一百五十、"
            "百分之二百"
        ) in taught, slug


def test_senior_technicians_follow_an_input_figure(texts: dict[str, str]) -> None:
    body = texts["new-materials"]
    assert (
        "特级技师、首席技师的月最低工资，不低于本行业高级专业技术人员或者管理人员工资的低位数"
        "（参照人社厅发〔2025〕52号）。双方确认该低位数为每月5000元"
    ) in body
    assert "特级技师" not in texts["coal"]


# --- 8. adjustment when the minimum rises ----------------------------------------------------------


def test_adjustment_covers_every_table_and_cannot_be_blocked(texts: dict[str, str]) -> None:
    coal = texts["coal"]
    assert "无须双方另行协商一致" in coal
    assert "（一）本合同各表所列按技能等级、井下岗位确定的月最低工资，分别增加" in coal
    assert "（二）非全日制用工小时最低工资，增加当地非全日制用工小时最低工资标准的调增额。" in coal
    assert "按照前款办法确定的标准继续执行，直至变更后的标准或者新的集体合同生效" in coal
    assert "双方协商一致的，本合同可以继续执行" not in coal
    zone = texts["high-tech-zone"]
    assert "按技能等级确定的月最低工资和基本工资，分别增加当地月最低工资标准的调增额" in zone
    assert "（三）最低技能津贴按照本合同所列数额执行。" in zone
    assert "按技能等级、岗位类别确定的月最低工资" in texts["new-materials"]
    assert "按技能等级、职业（工种）确定的月最低工资" in texts["manufacturing"]


# --- 9. the clauses real model texts carry ------------------------------------------------------------


def test_pay_day_overtime_sick_pay_and_growth(texts: dict[str, str]) -> None:
    body = texts["manufacturing"]
    # Issue 20 point 9: the pay day pays last month's wages, deadlines include the day.
    assert (
        "企业应当于每月15日前（含当日）支付上月工资；依照《工资支付暂行规定》第七条，支付日遇法定"
        "休假日或者休息日的，提前在最近的工作日支付。"
    ) in body
    assert "计算加班工资的基数不得低于本合同规定的相应等级月最低工资标准与技能津贴之和" in body
    # Issue 20 point 3: stoppage, sick and leave pay never disapply the figures.
    assert "不适用本合同的月最低工资标准" not in body
    assert (
        "非因技能人才本人原因造成企业停工、停产，在一个工资支付周期内的，企业应当按照劳动合同约定的"
        "标准支付工资，且不得低于本合同相应等级的标准；超过一个工资支付周期、技能人才提供了正常劳动"
        "的，支付的工资不得低于本合同相应等级的标准；未安排工作的，按照国家和山西省的有关规定支付"
        "（参照《工资支付暂行规定》第十二条）。"
    ) in body
    assert "企业按照国家和山西省有关病假工资、疾病救济费的规定支付，不得低于规定的标准" in body
    assert (
        "技能人才依法享受年休假、探亲假、婚假、丧假期间，企业应当按照其正常工作期间的工资支付，"
        "不得低于本合同相应等级的标准。"
    ) in body
    assert "双方每年至少开展一次技能人才工资集体协商" in body
    assert "每月10日" in texts["pingding-refractory"]


def test_compliance_reporting_and_the_employer_sides_duty(texts: dict[str, str]) -> None:
    body = texts["manufacturing"]
    assert "本行业企业应当在30日内将本合同向全体职工公示" in body
    assert "已支付的工资低于本合同标准的，应当补足差额。" in body
    assert "应当于每年3月底前，向职工方和企业方书面报告上一年度执行本合同的情况" in body
    assert "宣传、督促和指导会员企业和本行业企业执行本合同" in body


def test_breach_dispatch_and_construction(texts: dict[str, str]) -> None:
    body = texts["manufacturing"]
    assert "依照《山西省企业集体合同条例》，双方约定违约责任如下" in body
    assert (
        "应当依照《中华人民共和国劳动合同法》第六十三条，按照同工同酬原则对被派遣的技能人才执行"
        "本合同标准"
    ) in body
    # Issue 20 point 10: 劳务外包 crews at a covered enterprise too.
    assert (
        "企业将业务发包给其他单位、由承包单位的人员在本企业从事技能岗位工作的（劳务外包），承包单位"
        "属于本合同适用范围的，对上述人员执行本合同标准；不属于的，企业应当在承包合同中约定承包单位"
        "支付给上述人员的工资不低于本合同标准"
    ) in body
    assert "实名登记" not in body
    for slug in ("construction", "yuxian-construction"):
        assert "进行用工实名登记（《保障农民工工资支付条例》第二十八条）" in texts[slug]
        assert "开设农民工工资专用账户" in texts[slug]


def test_annexes_list_records_and_mandates(blanks: dict[str, Document]) -> None:
    annex = "\n".join(b.text for b in blanks["manufacturing"].appendices)  # type: ignore[union-attr]
    assert "集体协商记录和会议纪要" in annex
    assert "企业方协商代表的推举书（授权书）和职工方协商代表的产生文件" in annex


# --- 10. county contracts -----------------------------------------------------------------------


def test_county_and_city_contracts_say_what_they_are(
    agreements: dict[str, Agreement], texts: dict[str, str]
) -> None:
    county = texts["pingding-refractory"]
    assert (
        "本合同依照《中华人民共和国劳动合同法》第五十三条，在县级以下区域订立行业性集体合同"
        in county
    )
    assert "报送平定县人力资源和社会保障局审查" in county
    assert "是指平定县执行的月最低工资标准" in county
    assert "探索开展县级以上行业性集体协商" in texts["coal"]
    assert "在县级以下区域订立区域性集体合同" in texts["yinying-town"]
    assert "是指阳泉市郊区荫营镇所在的阳泉市郊区执行的" in texts["yinying-town"]
    assert agreements["yuxian-construction"].covered_areas == ["盂县"]
    zone = agreements["high-tech-zone"]
    assert "平定县" not in zone.covered_areas and "盂县" not in zone.covered_areas
    assert "平定县" not in texts["high-tech-zone"]


# --- the blank model text --------------------------------------------------------------------------


def test_the_blank_begins_with_how_to_use_it(blanks: dict[str, Document]) -> None:
    for slug, document in blanks.items():
        first = document.preamble[0]
        assert isinstance(first, Paragraph) and first.style == "note", slug
        assert first.text.startswith("使用说明：")
        assert "正式签订前应当全部删除" in first.text


def test_blanks_are_sized_for_what_goes_in_them(blanks: dict[str, Document]) -> None:
    document = blanks["coal"]
    cover = next(p for p in document.preamble if isinstance(p, Paragraph) and p.style == "party")
    sizes = [s.size for s in cover.spans if s.blank]
    assert sizes == [20, 6, 2]
    article = next(a for a in document.articles() if "本合同适用于" in a.blocks[0].text)  # type: ignore[union-attr]
    first = article.blocks[0]
    assert isinstance(first, Paragraph)
    assert [s.size for s in first.spans if s.blank] == [99]  # the scope: a whole line
    filing = next(a for a in document.articles() if "一式三份报送" in a.blocks[0].text)  # type: ignore[union-attr]
    block = filing.blocks[0]
    assert isinstance(block, Paragraph)
    assert [s.size for s in block.spans if s.blank] == [10, 20, 16]  # date, authority, union


def test_markup_is_identical_in_structure_for_filled_and_blank(
    agreements: dict[str, Agreement],
) -> None:
    for slug, agreement in agreements.items():
        filled, blank = render_for(agreement), render_for(agreement, blank=True)
        heads = [re.sub(r"###.*", "###", x) for x in filled.splitlines() if x.startswith("#")]
        blank_heads = [re.sub(r"###.*", "###", x) for x in blank.splitlines() if x.startswith("#")]
        assert heads[1:] == blank_heads[1:], slug  # the title differs by design


# --- issue 20: what each point now says ----------------------------------------------------------


def test_the_legal_basis_names_no_bare_number_and_55_ranks_labour_contracts(
    texts: dict[str, str],
) -> None:
    """Point 9: the two 函 come with their issuers, not by number among the titles; 第五十五条
    ranks labour contracts only, the enterprise's own rules are this contract's agreement."""
    body = texts["manufacturing"]
    assert (
        "《最低工资规定》《山西省企业集体合同条例》以及《关于大力开展区域性行业性集体协商合理确定技能"
        "人才最低工资的通知》（人社厅发〔2024〕51号）和山西省人力资源和社会保障厅、阳泉市人力资源和"
        "社会保障局的有关文件（晋人社厅函〔2024〕1185号、阳人社函〔2024〕254号）等规定"
    ) in body
    assert "、晋人社厅函〔2024〕1185号、阳人社函" not in body
    assert (
        "（一）依照《中华人民共和国劳动合同法》第五十五条，企业与技能人才订立的劳动合同中劳动报酬的"
        "标准不得低于本合同规定的标准；"
    ) in body
    assert (
        "（二）企业内部工资分配制度和企业集体合同中有关技能人才工资的规定，不得低于本合同" in body
    )


def test_disputes_over_making_the_contract_go_to_a_written_application(
    texts: dict[str, str],
) -> None:
    assert (
        "因订立或者变更本合同发生争议，双方应当协商解决；协商不成的，任何一方或者双方可以书面向"
        "阳泉市人力资源和社会保障局提出协调处理申请，由其组织同级工会和企业组织等三方面的人员共同"
        "协调处理（参照《集体合同规定》第四十九条、第五十条）。"
    ) in texts["coal"]


def test_what_counts_as_pay_is_said_plainly(
    agreements: dict[str, Agreement], texts: dict[str, str]
) -> None:
    """Point 6: Shanxi's minimum includes the worker's own contributions (晋政办发〔2024〕58号's
    wording), so the text says so; the parties may bargain them out; the monthly
    figure is cash, every month, no bonus spread, nothing in kind."""
    body = texts["coal"]
    assert (
        "本合同规定的标准包含技能人才个人依法缴纳的社会保险费和住房公积金，与山西省最低工资标准"
        "的计算口径一致。"
    ) in body
    assert (
        "每个月的工资均须达到本合同标准，不得以几个月的平均数计算；按季度、年度等超过一个月的周期"
        "发放的绩效工资、奖金，不得分摊到各月用以达到本合同标准；企业提供的膳食、住宿等实物，不计入"
        "本合同标准。"
    ) in body
    out = agreements["coal"].model_copy(update={"exclude_contributions": True})
    assert (
        "双方约定，本合同规定的标准不包含技能人才个人依法缴纳的社会保险费和住房公积金，企业代扣的"
        "上述费用不得用以达到本合同标准。"
    ) in text(compose_for(out))


def test_levels_above_the_table_and_the_zones_districts(texts: dict[str, str]) -> None:
    """Points 7 and 10: a level above the table's highest gets at least the highest; a zone
    names the districts whose minimum applies."""
    assert (
        "技能人才的技能等级高于表1所列最高等级的，月工资不得低于高级技师（一级）的标准。"
        in (texts["coal"])
    )
    assert "高于表1所列最高等级" not in texts["new-materials"]  # up to 首席技师
    assert (
        "本合同所称当地最低工资标准，是指阳泉高新区所在的阳泉市城区、阳泉市矿区、阳泉市郊区执行的"
        "月最低工资标准"
    ) in texts["high-tech-zone"]


def test_an_adjusted_table_is_published_and_sent_to_the_reviewer(texts: dict[str, str]) -> None:
    """Point 10: after the automatic adjustment the new table reaches the enterprises, the
    reviewer and the noticeboards."""
    assert (
        "按照前款办法调整后的标准表，由企业方自新标准施行之日起十五日内书面告知本行业企业，并会同"
        "职工方向本行业公布；职工方同时将调整后的标准表送阳泉市人力资源和社会保障局并报阳泉市总工会。"
        "企业应当在本企业公示调整后的标准，替换原公示内容。"
    ) in texts["manufacturing"]


def test_the_blank_notes_teach_carve_outs_without_51_and_leave_the_county_sentence_open(
    blanks: dict[str, Document],
) -> None:
    """Points 4 and 9: 51号 says nothing of carve-outs; the 县级 sentence is the user's choice."""
    document = blanks["manufacturing"]
    scope_note = next(n for n in notes(document).splitlines() if "写明本合同适用的行业" in n)
    assert "人社厅发〔2024〕51号" not in scope_note
    assert "确需划出的，只在另一份合同有效期内划出，且另一份合同各等级标准均不得低于本合同" in (
        scope_note
    )
    first = document.articles()[0]
    paragraphs = [b.text for b in first.blocks if isinstance(b, Paragraph) and b.style != "note"]
    assert paragraphs[1] == (
        "本合同依照《中华人民共和国劳动合同法》第五十三条在县级以下区域订立，或者在县级以上区域订立、"
        "属于人社厅发〔2024〕51号所称在集体协商基础较好、条件较为成熟的地区开展的探索。"
    )


def test_the_example_data_reads_like_a_signed_contract(agreements: dict[str, Agreement]) -> None:
    """Point 13: names, places and phone numbers look real (the data stays `example: true`)."""
    placeholder = re.compile(r"示例|某某|张某|李某|王某|0{6,}|（待定）|[甲乙丙丁]企业")
    for slug, agreement in agreements.items():
        assert agreement.example, slug
        # sources are claims of fact: the market data's and the senior pay's say they are invented
        seen = agreement.model_dump(exclude={"procedure": {"market"}, "senior_pay_low": {"source"}})
        flat = repr(seen)
        assert not placeholder.search(flat), (slug, placeholder.search(flat))
