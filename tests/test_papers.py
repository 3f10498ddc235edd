"""Issue 21: the procedure's further papers and the guides, one test (or more) per kind.

Expectations are fixed here from the example contexts: contexts/yangquan/high-tech-zone.yaml
(区域性, a 区域职工代表大会, 推举; filed 2025-06-27, no answer recorded) and
yuxian-construction.yaml (行业性, enterprises approve one by one; objected to 2026-05-08,
re-filed 05-13, in force 05-28; dissolved from 2027-06-01), and coal.yaml (指派 by an employer
organisation, nothing of issue 21 recorded: the forms stay blank where data is missing).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.text.document import Paragraph, Table
from skillwage_docs.text.kinds import KINDS
from tests.pages.pagecheck import check_pdf

from .conftest import CONTEXTS
from .test_packet import blocks, packet, tables, text

REAL = {item.agreement.slug: item.agreement for item in load_agreements(CONTEXTS, "yangquan")}
ZONE, COUNTY, COAL = REAL["high-tech-zone"], REAL["yuxian-construction"], REAL["coal"]
NEW_KINDS = [
    "mandate", "selection", "roster", "information", "mediation", "consultation", "delegates",
    "assembly", "resubmission", "receipt", "report", "inspection", "wageround", "variation",
    "termination", "timetable", "review", "enforcement",
]  # fmt: skip


def flat(agreement: Agreement, kind: str, *, blank: bool = False) -> str:
    return text(packet(agreement, kind, blank=blank), blank="＿")


def table(agreement: Agreement, kind: str, caption: str) -> Table:
    return next(t for t in tables(packet(agreement, kind)) if t.caption.endswith(caption))


def test_every_new_kind_is_registered_with_its_own_files() -> None:
    for name in NEW_KINDS:
        kind = KINDS[name]
        assert kind.suffix == f".{name}" and kind.blank and kind.context is not None
    assert [name for name in NEW_KINDS if KINDS[name].guide] == [
        "timetable",
        "review",
        "enforcement",
    ]


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_a_form_without_its_data_is_blank_where_the_data_is_missing(kind: str) -> None:
    """coal records nothing of issue 21: its papers print the contract's own facts and leave
    the rest to fill in — never a date or a count nobody recorded."""
    document = packet(COAL, kind)
    got = text(document, blank="＿")
    assert "＿" in got or kind in ("enforcement", "review", "timetable", "delegates")
    assert "阳泉市煤炭" in got or "煤炭开采和洗选业" in got
    for fragment in ("None", "{{", "{%"):
        assert fragment not in got


# --- point 1: the employer side's mandate ----------------------------------------------------


def test_the_mandate_lists_the_enterprises_that_chose_the_employer_side() -> None:
    got = flat(ZONE, "mandate")
    assert got.startswith("企业方协商代表推举书\n")
    assert (
        "本区域下列企业于2025年4月18日在阳泉高新区企业代表推举会议（管委会三楼会议室）共同推举企业方"
        "协商代表。参照《集体合同规定》第十九条，推举下列5人为企业方协商代表，其中闫卫东为首席代表"
    ) in got
    assert "参加推举的企业8家，其中阳泉高新区企业联合会的会员企业5家、非会员企业3家。" in got
    firms = table(ZONE, "mandate", "参加推举的企业")
    assert firms.rows[4][1:4] == ("阳泉高新区宏达精密铸造有限公司", "否", "220")
    # the contract binds the enterprises that did not take part too (劳动合同法第五十四条)
    assert "依法订立的合同同样约束未参加推举的企业。" in got


def test_an_employer_organisation_named_by_the_enterprises_signs_an_authorisation() -> None:
    got = flat(COAL, "mandate")
    assert got.startswith("企业方协商代表授权委托书\n")
    assert "下列本行业企业（委托人）委托阳泉市煤炭工业协会（受托人）作为企业方" in got
    assert "受托人（盖章）：阳泉市煤炭工业协会" in got
    blank = flat(COAL, "mandate", blank=True)
    assert "一、推举。" in blank and "二、委托。" in blank
    assert "第二十一条关于由法定代表人指派的规定适用于单个企业" in blank


# --- point 2: the worker side's legitimacy -------------------------------------------------


def test_the_selection_says_who_decided_and_who_was_chosen() -> None:
    got = flat(ZONE, "selection")
    assert "阳泉高新区工会联合会经第一届委员会第四次会议于2025年3月28日研究" in got
    assert "其中首席代表武海燕，由阳泉高新区工会联合会主席 孙海涛书面授权担任" in got
    # 王芳 高级工, 李娜 技师, 张伟 高级工; four women of five
    assert "代表中有技能人才3人、女职工4人。" in got
    assert table(ZONE, "selection", "职工方协商代表").rows[2][2:5] == (
        "女", "阳泉晋东重型装备有限公司焊接车间技师", "技师",
    )  # fmt: skip
    # 盂县 records no genders or levels: unknown, not zero
    assert "代表中有技能人才＿＿人、女职工＿＿人。" in flat(COUNTY, "selection")


def test_the_assembly_delegates_are_shown_against_the_ratio() -> None:
    got = flat(ZONE, "delegates")
    assert "由本区域112家企业的职工大会或者职工代表大会选举产生，每100名职工选举代表一名" in got
    assert (
        "下表所列6家企业于2025年6月3日至2025年6月5日共选出代表39人，其中技能人才24人、女职工10人；"
        "大会全体代表186人。"
    ) in got
    assert "其余106家企业的选举记录未录入，按原件核对。" in got
    elections = table(ZONE, "delegates", "各企业选举代表情况")
    assert elections.rows[0] == ("1", "阳泉晋东重型装备有限公司", "1240", "13", "13", "8", "3")
    county = flat(COUNTY, "delegates")
    assert county.startswith("各企业职工代表大会（职工大会）组成情况\n")
    assert "3 | 盂县恒达建筑安装有限公司 | 86 | 职工大会 | 86 | 2026.04.09" in county


# --- point 3: made public, and protected -------------------------------------------------------


def test_the_roster_is_public_and_each_employer_is_told_of_the_protection() -> None:
    got = flat(ZONE, "roster")
    assert "公示期自2025年4月21日起至2025年4月27日止。" in got
    assert "公示方式：园区各企业公告栏张贴；阳泉高新区工会联合会微信公众号发布。" in got
    notices = re.findall(r"协商代表履职保护告知书（[一二三]）。(\S+?)：贵单位职工(\S+?)经", got)
    # outside expert 周敏 and the federation's own 武海燕 get none
    assert notices == [
        ("阳泉华锐电子科技有限公司", "王芳"),
        ("阳泉晋东重型装备有限公司", "李娜"),
        ("阳泉昊源碳材料有限公司", "张伟"),
    ]
    assert (
        "依照《集体合同规定》第二十八条，职工一方协商代表在履行协商代表职责期间劳动合同期满的"
        in got
    )
    assert "用人单位无正当理由不得调整其工作岗位" in got


# --- point 4: the information request -----------------------------------------------------


def test_the_information_request_asks_for_the_51_factors_under_an_undertaking() -> None:
    got = flat(ZONE, "information")
    assert got.startswith("关于提供集体协商资料的函\n阳泉高新区企业联合会：")
    assert "请于2025年5月9日前提供下列资料" in got
    items = table(ZONE, "information", "请求提供的资料")
    assert items.rows[3] == ("4", "相应层级管理人员和专业技术人员的工资水平")
    assert "保密承诺书。本方协商代表在订立《阳泉高新区技能人才最低工资集体合同》的集体协商中" in got
    assert "（参照《集体合同规定》第二十六条）" in got
    assert [row[1] for row in table(ZONE, "information", "承诺人").rows] == [
        "武海燕", "王芳", "李娜", "张伟", "周敏",
    ]  # fmt: skip


# --- point 5: the draft published for comment ---------------------------------------------


def test_the_draft_is_published_for_comment_before_the_assembly() -> None:
    got = flat(ZONE, "consultation")
    assert "草案提交区域职工代表大会审议前，现予公布" in got
    assert "自2025年5月29日起至2025年6月4日止。" in got
    assert "自初级工（五级）2400元至高级技师（一级）3450元（基本工资2250元加最低技能津贴）" in got
    assert "征求意见期间共收到意见23条。" in got
    county = flat(COUNTY, "consultation")
    assert "草案提交本行业各企业的职工代表大会或者职工大会审议前" in county


# --- point 6: the assembly's papers ------------------------------------------------------------


def test_the_sector_assembly_has_its_notice_sign_in_ballot_and_count() -> None:
    got = flat(ZONE, "assembly")
    assert "定于2025年6月12日上午9时在阳泉高新区管委会报告厅召开阳泉高新区职工代表大会" in got
    assert "由本区域112家企业选举产生的职工代表186人" in got
    assert "审议须有全体代表的三分之二以上出席，且经全体代表半数以上同意，草案方获通过" in got
    count = table(ZONE, "assembly", "计票结果")
    assert count.rows == (("186", "167", "", "", "152", "9", "6", "", "通过"),)
    ballot = table(ZONE, "assembly", "表决票")
    assert ballot.header == ("表决事项", "同意", "反对", "弃权")


def test_the_enterprise_route_keeps_a_register_of_each_vote() -> None:
    got = flat(COUNTY, "assembly")
    register = table(COUNTY, "assembly", "各企业表决情况登记表")
    assert register.header[3:5] == ("应到", "实到")
    assert register.rows[4] == (
        "5", "盂县瑞丰装饰工程有限公司", "58", "58", "37", "25", "8", "4", "未通过",
    )  # fmt: skip
    assert "审议通过的企业5家，职工合计3016人，占本行业企业职工总数5200人的58.0%" in got


# --- point 7: after a 审查意见书 ---------------------------------------------------------------


def test_the_objection_is_answered_point_by_point_and_refiled() -> None:
    got = flat(COUNTY, "resubmission")
    assert got.startswith("关于审查意见的答复和重新报送审查的函\n盂县人力资源和社会保障局：")
    assert (
        "贵局于2026年5月8日送达的《审查意见书》（盂县人力资源和社会保障局集体合同审查意见书"
        "（盂人社集审〔2026〕1号））"
    ) in got
    assert (
        "（二）审查意见：适用企业名单未写明在盂县承建工程的外地企业如何确定。处理情况：在适用企业"
        "名单后写明外地企业自取得盂县施工许可之日起适用本合同。"
    ) in got
    assert "经双方首席代表于2026年5月12日签字，现将合同文本一式三份重新报送贵局审查" in got
    assert "日期：2026年5月13日" in got


# --- point 8: a deadlock ----------------------------------------------------------------------


def test_a_deadlock_goes_to_the_authority_in_writing() -> None:
    got = flat(COUNTY, "mediation")
    assert got.startswith("集体协商争议协调处理申请书\n盂县人力资源和社会保障局：")
    assert "参照《集体合同规定》第四十九条，现由职工方书面申请贵局协调处理。" in got
    # only the meeting held before the application
    assert "双方于2026年3月10日举行了协商会议，会议纪要附后。" in got
    assert "二、争议事项。（一）初级工月最低工资的数额和各等级的级差。" in got
    assert "依照《集体合同规定》第五十条，组织同级工会和企业组织等三方面的人员共同协调处理" in got
    assert "依照第五十二条自受理本申请之日起三十日内结束协调处理工作" in got
    assert (
        "盂县人力资源和社会保障局于2026年3月16日受理本申请。2026年3月20日签署《协调处理协议书》。"
        in got
    )


# --- point 9: variation and dissolution --------------------------------------------------------


def test_a_variation_sets_the_new_figures_beside_the_old() -> None:
    got = flat(ZONE, "variation")
    assert got.startswith("《阳泉高新区技能人才最低工资集体合同》变更协议书\n")
    levels = table(ZONE, "variation", "变更后的技能人才月最低工资标准")
    assert levels.rows[0] == ("初级工（五级）", "2400", "2500", "100")
    assert levels.rows[-1] == ("高级技师（一级）", "3450", "3550", "100")
    assert "变更后的标准自2026年7月1日起执行。" in got
    assert "本协议草案已于2026年5月15日阳泉高新区职工代表大会审议通过" in got


def test_a_dissolution_agreement_keeps_what_is_owed() -> None:
    got = flat(COUNTY, "termination")
    assert "本合同自2027年6月1日起解除。" in got
    assert "解除前应当补足而未补足的工资差额，企业仍应补足。" in got
    assert "（二）新合同生效前，企业支付给技能人才的工资仍不低于本合同所列标准。" in got


# --- point 10: after effect ----------------------------------------------------------------------


def test_receipts_and_publication_are_registered_against_the_thirty_days() -> None:
    got = flat(COUNTY, "receipt")
    # in force 2026-05-28 (the re-filing + 15 days), publication within 30 days
    assert "各企业自本合同生效之日起30日内，即2026年6月27日前" in got
    register = table(COUNTY, "receipt", "送达和公示情况登记表")
    assert register.rows[4][-1] == "逾期公示" and register.rows[5][-1] == "未确认公示"
    assert "已登记6家企业，其中按期公示4家。" in got
    assert "送达回执。" in got and "公示确认书。" in got


def test_the_yearly_report_form_carries_the_contracts_standards() -> None:
    paid = table(ZONE, "report", "各等级技能人才人数和实发工资")
    assert paid.rows[0] == ("初级工（五级）", "2400", "86", "2480", "是")
    assert "企业名称：阳泉晋东重型装备有限公司　报告年度：2025年度" in flat(ZONE, "report")
    # no report recorded: the standards, and room to write the rest
    blank_rows = table(COUNTY, "report", "各等级技能人才人数和实发工资").rows
    assert blank_rows[0][:2] == ("初级工（五级）", "2350") and blank_rows[0][2] == ""


def test_the_yearly_check_reports_who_paid_below_the_contract() -> None:
    got = flat(COUNTY, "inspection")
    assert got.startswith("关于2026年度《盂县建筑业技能人才最低工资集体合同》履约检查情况的报告")
    assert "本次自查企业38家，自查表所列技能人才2180人。" in got
    assert "2家企业有技能人才实发工资低于本合同标准，共9人，按月计应补差额合计1350元" in got
    assert table(COUNTY, "inspection", "实发工资低于本合同标准的企业").rows[1][-1] == "未补足"
    assert "工会可以依照《中华人民共和国劳动合同法》第五十六条，依法要求企业承担责任" in got


def test_the_yearly_wage_round_opens_with_a_written_offer() -> None:
    got = flat(ZONE, "wageround")
    assert got.startswith("2026年度技能人才工资集体协商要约书\n阳泉高新区企业联合会：")
    assert (
        "二、本方意见。各技能等级月最低工资（通过最低技能津贴）每月增加100元，自2026年7月1日起执行。"
        in got
    )
    assert "请贵方自收到本要约书之日起二十日内书面答复" in got


# --- point 11: the 应约书 can decline or counter, with reasons ------------------------------------


def test_the_reply_can_decline_for_a_reason_or_counter_with_one() -> None:
    blank = flat(COUNTY, "reply", blank=True)
    assert "或者：本方现不能开展本次集体协商，理由如下：" in blank
    assert "理由是＿＿＿＿＿＿＿＿＿＿＿＿，请贵方确认。" in blank
    declined = COUNTY.model_copy(
        update={
            "procedure": COUNTY.procedure.model_copy(
                update={
                    "reply": COUNTY.procedure.reply.model_copy(  # type: ignore[union-attr]
                        update={"decision": "拒绝", "reasons": ["本行业企业代表尚未推举产生"]}
                    )
                }
            )
        }
    )
    got = flat(declined, "reply")
    assert (
        "一、答复意见。本方现不能开展本次集体协商，理由如下：（一）本行业企业代表尚未推举产生。"
        in got
    )
    assert "三、本方协商代表" not in got


# --- the guides ---------------------------------------------------------------------------------


def test_the_timetable_counts_back_and_names_the_short_step() -> None:
    got = flat(ZONE, "timetable")
    steps = table(ZONE, "timetable", "工作时间表")
    assert steps.header[2] == "天数"
    assert steps.rows[0] == ("1", "提出要约", "20", "法定", "2025.04.02", "2025.04.10", "晚8日")
    assert steps.rows[7] == ("8", "报送审查", "15", "法定", "2025.06.16", "2025.06.27", "晚11日")
    assert (
        "本合同于2025年7月12日生效，比目标日期晚11日。第一个晚于最迟日期的步骤是“提出要约”（晚8日）。"
        in got
    )
    assert "本合同约定生效后补发自起始日期起的工资差额" in got
    assert "续订要约最迟于2027年3月31日提出；" in got
    # signed by the start of the last three months: 65 days of reply, talks, comments and
    # signing before 2027-03-31
    assert "新合同要在期满三个月前即2027年3月31日签订的，要约须于2027年1月25日前提出。" in got
    # the blank keeps the periods (the law's and the default plan), not the dates
    blank_steps = next(
        t for t in tables(packet(COAL, "timetable", blank=True)) if t.caption.endswith("工作时间表")
    )
    assert blank_steps.rows[0] == ("1", "提出要约", "20", "法定", "", "—", "—")
    assert blank_steps.rows[7] == ("8", "报送审查", "15", "法定", "", "—", "—")
    county = flat(COUNTY, "timetable")
    assert "本合同于2026年5月28日生效，不晚于目标日期。" in county
    assert "约定本合同自2027年6月1日起解除（解除协议书），不再续订" in county


def test_the_review_points_follow_article_44_with_what_the_record_says() -> None:
    got = flat(COUNTY, "review")
    assert "报送日期：2026年4月28日（2026年5月13日重新报送）\n审查期满：2026年5月28日\n" in got
    assert (
        "依照《集体合同规定》第四十四条，审查部门对集体合同的双方主体资格、集体协商程序和合同内容进行审查。"
        in got
    )
    sections = [b for b in blocks(packet(COUNTY, "review")) if isinstance(b, Paragraph)]
    heads = [
        p.text for p in sections if p.text in ("一、主体资格", "二、集体协商程序", "三、合同内容")
    ]
    assert heads == ["一、主体资格", "二、集体协商程序", "三、合同内容"]
    assert "报送材料记载：职工方3人、企业方3人；首席代表赵建军、王志远。" in got
    assert (
        "报送材料记载：6家企业审议，5家通过，职工合计3016人，占5200人的58.0%（约定过半数），达到。"
        in got
    )
    assert (
        "报送材料记载：2026年5月8日提出异议（盂县人力资源和社会保障局集体合同审查意见书（盂人社集审〔2026〕1号）），2026年5月13日重新报送。"
        in got
    )
    # each figure against the binding minimum with its document number; unconfirmed data named
    assert (
        "当地月最低工资标准2050元（山西省二类地区（盂县），2025年1月1日起执行，来源：晋政办发〔2024〕58号）"
        in got
    )
    assert "合同各项月标准为其114.6%至190.2%，最低2350元；最低工资标准未核实：" in got
    assert "报送材料记载：未录入，核对原件。" in got  # 公示 not recorded for 盂县
    zone = flat(ZONE, "review")
    assert (
        "全体186人，出席167人（89.8%），同意152人（81.7%），通过；选举记录6家企业、代表39人" in zone
    )


def test_the_enforcement_sheet_walks_a_worker_from_the_figure_to_arbitration() -> None:
    got = flat(COUNTY, "enforcement")
    assert got.startswith("技能人才工资维权指引\n")
    assert "劳动合同约定的工资不得低于本合同标准（第五十五条）" in got
    assert table(COUNTY, "enforcement", "本合同各技能等级的月最低工资").rows[0] == (
        "初级工（五级）", "2350", "26",
    )  # fmt: skip
    assert "依法申请仲裁、提起诉讼（《中华人民共和国劳动合同法》第五十六条）" in got
    assert "投诉，请其责令企业补足（《劳动保障监察条例》）" in got
    assert (
        "劳动关系终止的，应当自终止之日起一年内提出（《中华人民共和国劳动争议调解仲裁法》第二十七条）"
        in got
    )
    assert len(table(COUNTY, "enforcement", "工资差额计算表").rows) == 5


def test_every_new_paper_passes_the_page_checks(tmp_path: Path) -> None:
    """Proofed like the contracts (tests/pages/pagecheck.py): no table cell broken, a short
    table on one page with its caption and lead-in, title lines whole — for the two examples
    (both approval routes, both employer mandates, data recorded) and coal (nothing of issue 21
    recorded), filled and blank."""
    writer = writer_for("pdf")
    findings: list[str] = []
    for agreement in (ZONE, COUNTY, COAL):
        for kind in NEW_KINDS:
            for blank in (False, True):
                document = packet(agreement, kind, blank=blank)
                pdf = tmp_path / f"{agreement.slug}.{kind}{'.blank' if blank else ''}.pdf"
                pdf.write_bytes(writer.render(document))
                findings += check_pdf(pdf, document)
    assert findings == []
