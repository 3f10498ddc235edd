"""The bargaining packet (issue 14): each document kind is a clause template plus data, rendered
filled and blank for every agreement through the same compose and writers as the contract."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from skillwage_docs.base.errors import InputError
from skillwage_docs.base.figures import cn_date, yuan
from skillwage_docs.formats import writer_for
from skillwage_docs.formats.verify import check_blank, extract_text
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.inputs.loader import LoadedAgreement, load_agreements
from skillwage_docs.text.compose import compose, parse_clauses
from skillwage_docs.text.document import Document, Figure, Paragraph, Table
from skillwage_docs.text.environment import BLANK, REF_CLOSE, REF_OPEN, TEMPLATES
from skillwage_docs.text.kinds import CONTRACT, KINDS, PACKET, kind_named

from .conftest import CONTEXTS, minimum_of

GOLDEN = Path(__file__).resolve().parent / "golden" / "packet"
REAL = {item.agreement.slug: item.agreement for item in load_agreements(CONTEXTS, "yangquan")}
PACKET_NAMES = [kind.name for kind in PACKET]
# What a blank packet form may hold in digits: document numbers, table and figure numbers, and
# numbers of one or two digits (list rows, enclosures, copies). A year, a wage or an amount
# has more.
TEMPLATE_DIGITS = re.compile(r"〔\d{4}〕\d+号|令第\d+号|[表图]\d+|(?<![\d.])\d{1,2}(?![\d.]*\d)")


def packet(agreement: Agreement, kind: str, *, blank: bool = False) -> Document:
    return compose(agreement, minimum=minimum_of(agreement), kind=kind, blank=blank)


def blocks(document: Document) -> list[object]:
    return [
        *document.preamble,
        *(b for a in document.articles() for b in a.blocks),
        *document.appendices,
    ]


def text(document: Document, *, blank: str = "") -> str:
    """The document as plain text, one block a line; a fill-in blank as `blank` × its size."""
    lines = [document.title]
    for block in blocks(document):
        if isinstance(block, Table):
            lines.append(block.caption)
            lines += [" | ".join(row) for row in (block.header, *block.rows)]
        elif isinstance(block, Figure):
            lines.append(f"[{block.key}] {block.caption}")
        elif isinstance(block, Paragraph):
            lines.append(
                "".join(
                    s.text if not s.blank else blank * max(1, min(s.size, 12)) for s in block.spans
                )
            )
    for column in document.signature:
        lines += [f"{label}{value}" for label, value in column.lines]
    return "\n".join(lines)


def tables(document: Document) -> list[Table]:
    return [b for b in blocks(document) if isinstance(b, Table)]


# --- the registry -----------------------------------------------------------------------------


def test_the_registry_lists_the_contract_and_the_packet_in_procedure_order() -> None:
    assert list(KINDS) == [
        "contract",
        "posts",  # the contract's annex 1 (issue 20 point 8)
        "representatives",
        "mandate",  # issue 21: the employer side's 推举书（授权委托书）
        "selection",  # the union federation's 选派决定
        "roster",  # 公示 and the 第二十八条 protection notices
        "offer",
        "reply",
        "information",  # 资料提供函 and 保密承诺书
        "brief",
        "minutes",
        "mediation",  # 协调处理申请 (第四十九条)
        "consultation",  # the draft published for comment
        "delegates",  # the approving body's delegates
        "assembly",  # notice, sign-in sheet, ballot, count or register
        "resolution",
        "filing",
        "resubmission",  # after a 审查意见书
        "notice",
        "poster",
        "receipt",  # after effect
        "report",
        "inspection",
        "wageround",
        "variation",
        "termination",
        "timetable",  # the guides (issue 21 points 12, 13, 15)
        "review",
        "enforcement",
    ]
    assert [kind.name for kind in KINDS.values() if kind.guide] == [
        "timetable",
        "review",
        "enforcement",
    ]
    assert [kind.name for kind in PACKET] == list(KINDS)[1:]
    suffixes = [kind.suffix for kind in KINDS.values()]
    assert len(set(suffixes)) == len(suffixes) and KINDS[CONTRACT].suffix == ""
    for kind in KINDS.values():
        assert kind.blank, kind.name
        for source in kind.sources:
            assert (TEMPLATES / "clauses" / source).is_file(), source
        assert re.fullmatch(r"(\.[a-z]+)?", kind.suffix)


def test_an_unknown_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="未知的文书种类 'memo'"):
        kind_named("memo")
    with pytest.raises(InputError):
        compose(REAL["mining"], minimum=minimum_of(REAL["mining"]), kind="memo")


def test_compose_without_a_kind_is_still_the_contract() -> None:
    agreement = REAL["manufacturing"]
    document = compose(agreement, minimum=minimum_of(agreement))
    assert document.title == "阳泉市制造业技能人才最低工资集体合同"
    assert document.meta["kind"] == "contract" and document.chapters
    explicit = compose(agreement, minimum=minimum_of(agreement), template="contract.md.j2")
    assert explicit == document


# --- every kind, every agreement, both variants --------------------------------------------


@pytest.mark.parametrize("slug", sorted(REAL))
@pytest.mark.parametrize("kind", PACKET_NAMES)
def test_every_kind_renders_filled_and_blank(slug: str, kind: str) -> None:
    agreement = REAL[slug]
    filled = packet(agreement, kind)
    blank = packet(agreement, kind, blank=True)
    assert filled.title and blank.title
    assert filled.meta["kind"] == blank.meta["kind"] == kind
    # 示例（虚构数据）: every filled paper of an example context, never the blank form.
    assert filled.meta.get("example") == "true" and "example" not in blank.meta
    assert blank.meta["variant"] == "blank"
    # No markup or token leaks into any text.
    for document in (filled, blank):
        flat = text(document)
        for leftover in ("{{", "{%", "**", "\\", BLANK, REF_OPEN, REF_CLOSE, "None"):
            assert leftover not in flat, (kind, leftover)
    # Notes (填写说明) only in the blank form.
    notes = [b for b in blocks(blank) if isinstance(b, Paragraph) and b.style == "note"]
    assert notes and not [
        b for b in blocks(filled) if isinstance(b, Paragraph) and b.style == "note"
    ]


@pytest.mark.parametrize("slug", sorted(REAL))
def test_the_blank_forms_carry_no_figure_name_or_date(slug: str) -> None:
    agreement = REAL[slug]
    names = {
        agreement.worker_party.name,
        agreement.employer_party.name,
        agreement.worker_party.chief_representative,
        agreement.employer_party.chief_representative,
        agreement.filing_authority,
        agreement.union_filing_body,
        agreement.scope,
        cn_date(agreement.signing_date),
        cn_date(agreement.term.start),
    }
    lists = agreement.procedure.representatives
    for delegation in (lists.worker, lists.employer):
        names |= {member.name for member in (delegation.members if delegation else [])}
    for kind in PACKET_NAMES:
        flat = text(packet(agreement, kind, blank=True))
        assert not [name for name in names if name in flat], kind
        digits = TEMPLATE_DIGITS.sub("", flat)
        assert not re.search(r"\d", digits), (kind, re.findall(r".{0,10}\d.{0,10}", digits))


# --- figures match the agreement --------------------------------------------------------------


def test_the_brief_sets_each_figure_beside_the_binding_minimum() -> None:
    document = packet(REAL["high-tech-zone"], "brief")
    levels, market = tables(document)
    assert levels.header == (
        "技能等级",
        "月最低工资（元）",
        "比例",
        "其中技能津贴（元）",
        "小时最低工资（元）",
        "比例",
    )
    # 2150 a month and 23.2 an hour (山西省一类, 晋政办发〔2024〕58号): 2400 / 2150 = 111.6 %.
    assert levels.rows == (
        ("初级工", "2400", "111.6%", "150", "25", "107.8%"),
        ("中级工", "2550", "118.6%", "300", "27", "116.4%"),
        ("高级工", "2750", "127.9%", "500", "29", "125.0%"),
        ("技师", "3050", "141.9%", "800", "32", "137.9%"),
        ("高级技师", "3450", "160.5%", "1200", "36", "155.2%"),
    )
    # Market prices beside the agreed figure of the same level; every source named.
    assert market.rows == (
        ("数控车工", "初级工", "2500", "3500", "2400", "2024"),
        ("电工", "中级工", "2700", "3900", "2550", "2024"),
        ("焊工", "高级工", "3000", "4300", "2750", "2024"),
    )
    flat = text(document)
    assert "拟定基本工资（不含技能津贴）每月2250元，为当地月最低工资标准的104.7%。" in flat
    assert "数据来源：示例数据（虚构，不是调查结果）。" in flat
    assert (
        "（一）职工平均工资：阳泉市城镇非私营单位，2024年比上年增长4.5%，数据来源：示例数据（虚构，不是统计结果）；"
        in flat
    )
    assert "（二）居民消费价格：山西省，2024年比上年上涨0.3%" in flat
    # The chart, numbered, with what it draws: the levels as bars, the binding minimum, and
    # each level's one market price as a mark on its bar (monthly low ends).
    (figure,) = [b for b in blocks(document) if isinstance(b, Figure)]
    assert figure == Figure(
        "schedule-chart",
        "图1\u3000拟定技能人才月最低工资标准与当地最低工资标准、工资指导价位低位数",
        bars=(
            ("初级工", "2400"),
            ("中级工", "2550"),
            ("高级工", "2750"),
            ("技师", "3050"),
            ("高级技师", "3450"),
        ),
        minimum="2150",
        market=(("初级工", "2500"), ("中级工", "2700"), ("高级工", "3000")),
    )
    # The blank brief keeps the numbered place, with nothing to draw (an empty frame).
    (empty,) = [
        b
        for b in blocks(packet(REAL["high-tech-zone"], "brief", blank=True))
        if isinstance(b, Figure)
    ]
    assert empty.caption == figure.caption and empty.bars == () and empty.minimum == ""


def test_the_brief_converts_yearly_prices_and_matches_occupations() -> None:
    document = packet(REAL["yuxian-construction"], "brief")
    market = next(t for t in tables(document) if t.caption.endswith("（工资指导价位）"))
    # 砌筑工 34800 / 46800 a year → 2900 / 3900 a month; the agreed 砌筑工·中级工 figure is 2700.
    assert market.rows == (
        ("钢筋工", "初级工", "2500", "3600", "2450", "2025"),
        ("砌筑工", "中级工", "2900", "3900", "2700", "2025"),
    )
    assert "按年公布的价位已按十二个月折算为月工资。" in text(document)
    occupations = next(t for t in tables(document) if "分职业" in t.caption)
    assert ("架子工", "紧缺急需", "初级工", "2500", "122.0%") in occupations.rows  # 2500 / 2050


@pytest.mark.parametrize("kind", ["brief", "notice", "poster"])
@pytest.mark.parametrize("slug", sorted(REAL))
def test_every_level_figure_is_in_the_wage_table(slug: str, kind: str) -> None:
    agreement = REAL[slug]
    (first, *_rest) = tables(packet(agreement, kind))
    rows = {row[0].split("（")[0]: row for row in first.rows}
    for level in agreement.levels_sorted():
        assert yuan(level.monthly) in rows[str(level.level)], (kind, level.level)
        if level.hourly is not None:
            assert yuan(level.hourly) in rows[str(level.level)]


def test_the_resolution_states_the_verdict_the_counts_give(
    edit: Callable[[str, str, str], Path], contexts: Path
) -> None:
    flat = text(packet(REAL["high-tech-zone"], "resolution"))
    assert "全体职工代表186人，出席167人。表决结果：同意152人，反对9人，弃权6人。" in flat
    assert "草案获得通过" in flat and "（2025年6月12日阳泉高新区职工代表大会通过）" in flat
    # the route the contract states: how the delegates were elected (issue 20 point 1)
    assert (
        "区域职工代表大会的代表，由本区域112家企业的职工大会或者职工代表大会按照每100名职工选举代表"
        "一名、职工不足100名的企业选举代表一名的比例选举产生"
    ) in flat
    edit(
        "yangquan/high-tech-zone.yaml", "in_favour: 152, against: 9, abstained: 6", "in_favour: 92"
    )
    changed = _load(contexts, "high-tech-zone")
    flat = text(packet(changed, "resolution"))
    assert "同意人数未达到全体职工代表的半数，草案未获通过" in flat and "通过）" not in flat


def test_each_enterprise_gets_a_resolution_and_the_count_meets_the_threshold() -> None:
    """Issue 20 point 1: enterprise by enterprise, each with its workers; the draft passes on
    the workers of the enterprises whose vote passed, against the threshold the text states."""
    document = packet(REAL["yuxian-construction"], "resolution")
    flat = text(document)
    assert "盂县恒达建筑安装有限公司职工大会召开会议" in flat and "全体职工86人，出席70人" in flat
    assert "全体职工代表63人（本企业职工1260人），出席55人" in flat
    assert "认可" not in flat
    (summary,) = tables(document)
    assert summary.header[2] == "职工人数"
    assert summary.rows[2] == (
        "3",
        "盂县恒达建筑安装有限公司",
        "86",
        "职工大会",
        "86",
        "70",
        "61",
        "通过",
    )
    assert summary.rows[4][-1] == "未通过"  # 37 of 58 present: under two thirds
    assert (
        "审议通过的企业5家，职工合计3016人，占本行业企业职工总数5200人的58.0%。依照本合同关于审议的"
        "约定，审议通过的企业职工人数合计超过本行业企业职工总数的半数的，草案方获通过：草案获得通过"
    ) in flat


def test_the_filing_letter_names_its_addressees_and_the_deadline() -> None:
    document = packet(REAL["yuxian-construction"], "filing")
    flat = text(document, blank="＿")
    assert document.title == "关于报送《盂县建筑业技能人才最低工资集体合同》审查的函"
    assert flat.splitlines()[1] == "盂县人力资源和社会保障局："
    # Signed 2026-04-22: filed within ten days, by 2026-05-02 (《集体合同规定》第四十二条).
    assert "报送期限为2026年5月2日前（含当日）。" in flat
    # the 情况说明 follows the route the contract states, with the count (issue 20 point 1)
    assert (
        "6家企业进行了审议，其中5家审议通过，通过的企业职工合计3016人，占本行业企业职工总数5200人的"
        "58.0%，超过半数，草案获得通过"
    ) in flat
    assert "职工代表大会审议通过本合同草案的决议" not in flat
    assert "同时报盂县总工会备案" in flat
    # 抄送 goes to the 版记 (`@cc`, GB/T 9704 7.4.2)
    assert [b.text for b in blocks(document) if isinstance(b, Paragraph) and b.style == "cc"] == [
        "盂县总工会"
    ]
    assert (
        "请贵局对双方的主体资格、集体协商程序和合同内容进行审查（《集体合同规定》第四十四条）"
        in flat
    )
    assert "报送单位（盖章）：盂县建筑业协会" in flat
    checklist = tables(document)[-1]
    assert checklist.rows[0][1] == "《盂县建筑业技能人才最低工资集体合同》文本一式三份"
    assert [row[1] for row in checklist.rows][7] == (
        "各企业职工代表大会（职工大会）审议本合同草案的决议、表决情况汇总和通过审议的企业职工人数统计"
    )
    # issue 21: the employer side's mandate and the worker side's selection come first
    assert checklist.rows[3][1] == (
        "企业方协商代表推举书和参加推举的企业名单，职工方协商代表选派决定"
    )


def test_the_offer_goes_to_the_other_side_and_the_reply_back() -> None:
    offer = text(packet(REAL["yuxian-construction"], "offer"))
    reply = text(packet(REAL["yuxian-construction"], "reply"))
    assert (
        offer.splitlines()[1] == "盂县建筑业协会："
        and "要约方（盖章）：盂县建筑业工会联合会" in offer
    )
    assert "建议于2026年3月5日上午9时在盂县总工会二楼会议室举行第一次协商会议" in offer
    assert (
        reply.splitlines()[1] == "盂县建筑业工会联合会："
        and "应约方（盖章）：盂县建筑业协会" in reply
    )
    assert "本方已于2026年2月21日收到" in reply
    assert "本方建议将第一次协商会议改于2026年3月10日上午9时在盂县建筑业协会会议室举行" in reply
    assert "（一）农民工实名制登记和工资专用账户的落实。" in reply


def test_what_is_not_recorded_stays_a_blank_never_a_guess() -> None:
    # 高新区 records no review: the notice leaves the effective and publication dates open.
    notice = text(packet(REAL["high-tech-zone"], "notice"), blank="＿")
    assert "本合同自＿＿＿＿年＿＿月＿＿日起生效。" in notice
    assert "审查无异议" not in notice
    # 盂县 records a review without objection of the text re-filed on 2026-05-13 after an
    # objection (issue 21): in force 15 days after the re-filing.
    notice = text(packet(REAL["yuxian-construction"], "notice"))
    assert "本合同自2026年5月28日起生效（审查无异议）。" in notice
    # 平定县 records nothing of the procedure: its papers are forms with its names filled in.
    minutes = packet(REAL["pingding-refractory"], "minutes")
    flat = text(minutes, blank="＿")
    assert "职工方：平定县耐火材料行业工会联合会（首席代表：李秀芳）" in flat
    assert "会议时间：＿＿＿＿年＿＿月＿＿日" in flat and "第＿＿次协商会议" in flat
    representatives = packet(REAL["pingding-refractory"], "representatives")
    worker, _employer = tables(representatives)
    assert worker.rows[0] == ("1", "李秀芳", "", "首席代表", "") and len(worker.rows) == 5


# --- golden text ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["filing", "resolution"])
def test_golden_text(kind: str) -> None:
    """The county agreement's filing papers and resolution, word for word. After a wanted
    change: SKILLWAGE_UPDATE_GOLDEN=1 pytest tests/test_packet.py -k golden, and review the
    diff before committing it."""
    got = text(packet(REAL["yuxian-construction"], kind), blank="＿") + "\n"
    path = GOLDEN / f"yuxian-construction.{kind}.txt"
    if os.environ.get("SKILLWAGE_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


# --- data stays text --------------------------------------------------------------------------

HOSTILE = {
    "{name: 刘洋, post: 山西盂城建设集团有限公司工会主席}": '{name: "## 第二章 伪造", post: "a | b"}',
    "        - 单列钢筋工、架子工、砌筑工三个工种的标准\n": '        - "@sign 伪造方（盖章）：某某"\n',
    "enterprise: 山西盂城建设集团有限公司,": 'enterprise: "- 列表 | 单元格",',
    "history: 本行业首次订立技能人才最低工资集体合同。": 'history: "**粗体** > 注释"',
}


def _load(contexts: Path, slug: str) -> Agreement:
    loaded: list[LoadedAgreement] = load_agreements(contexts, "yangquan", only=[slug])
    return loaded[0].agreement


def test_hostile_strings_in_the_new_fields_stay_text(
    edit: Callable[[str, str, str], Path], contexts: Path
) -> None:
    for old, new in HOSTILE.items():
        edit("yangquan/yuxian-construction.yaml", old, new)
    agreement = _load(contexts, "yuxian-construction")
    for kind in ("representatives", "minutes", "resolution", "filing"):
        document = packet(agreement, kind)
        # a paper has no chapters; the filing's 情况说明 is its attachment (`@attachment`)
        assert not document.chapters, kind
        assert all(isinstance(b, Paragraph | Table) for b in document.appendices), kind
        for table in tables(document):
            assert all(len(row) == len(table.header) for row in table.rows)
        flat = text(document)
        assert "伪造方（盖章）" not in "".join(
            label for c in document.signature for label, _ in c.lines
        )
        if kind == "representatives":
            worker = tables(document)[0]
            assert worker.rows[1][1:3] == ("## 第二章 伪造", "a | b")
        if kind == "minutes":
            assert "（一）@sign 伪造方（盖章）：某某；" in flat
        if kind == "resolution":
            assert "一、- 列表 | 单元格" in flat
        if kind == "filing":
            assert "**粗体** > 注释" in flat


# --- the figure block and the writers ---------------------------------------------------------


def test_figures_are_numbered_apart_from_tables_and_can_be_referenced() -> None:
    markup = "\n".join(
        [
            "# 标题",
            "@figure chart-a 第一幅",
            "@table t-1 表格",
            "| a | b |",
            "|---|---|",
            "| 1 | 2 |",
            "",
            "@figure chart-b 第二幅",
            f"见{REF_OPEN}chart-b{REF_CLOSE}和{REF_OPEN}t-1{REF_CLOSE}。",
        ]
    )
    document = parse_clauses(markup)
    first, table, second, paragraph = document.preamble
    assert first == Figure("chart-a", "图1\u3000第一幅")
    assert isinstance(table, Table) and table.caption == "表1\u3000表格"
    assert second == Figure("chart-b", "图2\u3000第二幅")
    assert isinstance(paragraph, Paragraph) and paragraph.text == "见图2和表1。"
    with pytest.raises(ValueError, match="@figure 格式应为"):
        parse_clauses("# 标题\n@figure 缺标题\n")


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_kind_renders_in_every_format(fmt: str) -> None:
    """The writers lay the packet out as they lay out the contract; the chart, not drawn yet,
    prints its caption."""
    agreement = REAL["yuxian-construction"]
    writer = writer_for(fmt)
    for kind in PACKET_NAMES:
        for blank in (False, True):
            document = packet(agreement, kind, blank=blank)
            data = writer.render(document)
            squashed = re.sub(r"\s+", "", extract_text(fmt, data))
            assert re.sub(r"\s+", "", document.title) in squashed, (kind, blank)
            if blank:
                problems = check_blank(agreement, fmt, data, templates=KINDS[kind].sources)
                assert problems == [], (kind, problems)
            elif kind == "brief":
                assert (
                    "图1拟定技能人才月最低工资标准与当地最低工资标准、工资指导价位低位数"
                    in squashed
                )
            if not blank and kind in ("notice", "poster"):
                for level in agreement.levels_sorted():
                    assert yuan(level.monthly) in squashed


# --- bad data in the new fields: one located line each, exit 2 ----------------------------------


def test_bad_packet_data_is_refused_with_located_lines(
    edit: Callable[[str, str, str], Path], contexts: Path
) -> None:
    from click.testing import CliRunner

    from .test_cli import _entry

    edit("yangquan/yuxian-construction.yaml", "{name: 刘洋, post: 山西盂城建设集团有限公司工会主席}",
         "{name: 刘洋, post: 山西盂城建设集团有限公司工会主席, role: 顾问}")  # fmt: skip
    edit("yangquan/yuxian-construction.yaml", "low: 2500, median: 3600", "low: 3700, median: 3600")
    edit(
        "yangquan/yuxian-construction.yaml", "against: 4, abstained: 2", "against: 5, abstained: 2"
    )
    edit("yangquan/high-tech-zone.yaml", "cpi: {percent: 0.3,", 'cpi: {percent: "0.3%",')
    result = CliRunner().invoke(
        _entry, ["--contexts", str(contexts), "validate", "yangquan"], catch_exceptions=False
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.splitlines()
    expected = [
        ("yuxian-construction.yaml:52: procedure.representatives.worker.members[1].role: "
         "取值无效，应为 '首席代表', '代表' or '外聘专家'"),
        ("yuxian-construction.yaml:127: procedure.market.wage_prices[0]: "
         "低位数（low）高于中位数（median）"),
        ("yuxian-construction.yaml:112: procedure.assemblies[0]: "
         "同意、反对、弃权人数（in_favour、against、abstained）之和多于出席人数"),
        "high-tech-zone.yaml:118: procedure.market.cpi.percent: 应写为数字（如 2.5），不要写成文本或带 %",
    ]  # fmt: skip
    for line in expected:
        assert any(printed.endswith(line) for printed in lines), (line, lines)


# --- issue 20: the 技能岗位目录 annex, the authorisation, joint filing ---------------------------


def test_the_posts_annex_lists_posts_with_their_codes_and_sources() -> None:
    """Point 8: each post with the 大典 occupation it requires; a code only with its source
    (templates/clauses/occupations.yaml), an unconfirmed one printed 未查到, never guessed."""
    document = packet(REAL["equipment"], "posts")
    flat = text(document)
    (table,) = tables(document)
    assert table.header == (
        "序号",
        "技能岗位",
        "所需职业（《大典》职业名称）",
        "职业编码",
        "岗位类别",
    )
    assert table.rows[0] == ("1", "结构件焊接岗", "焊工", "6-18-02-04", "技术技能型")
    assert table.rows[1] == ("2", "数控加工岗", "车工", "未查到", "知识技能型")
    assert "焊工（6-18-02-04），国家职业标准 GZB 6-18-02-04《焊工》（2018年版）的转载介绍" in flat
    assert "标“未查到”的职业编码尚未查证，由双方对照《大典》查证后填写。" in flat
    assert (
        "目录未列明的岗位，所需职业列入《中华人民共和国职业分类大典》的，视为技能岗位，直至双方协商"
        "确定其不属于技能岗位"
    ) in flat
    # without listed posts: the occupations the contract sets figures for, and rows to add
    agreement = REAL["manufacturing"].model_copy(update={"posts": []})
    (table,) = tables(packet(agreement, "posts"))
    assert [row[1:4] for row in table.rows[:3]] == [
        ("焊工", "焊工", "6-18-02-04"),
        ("数控车工", "数控车工", "未查到"),
        ("电工", "电工", "未查到"),
    ]
    assert len(table.rows) == 3 + 5


def test_the_authorisation_covers_the_annual_talks_and_a_second_round() -> None:
    """Point 10: the 首席代表 may renegotiate after an objection and hold the yearly wage talks."""
    flat = text(packet(REAL["high-tech-zone"], "representatives"))
    assert (
        "审查部门提出异议的，就异议事项重新协商、签字并重新报送；合同期限内，参加每年的技能人才工资"
        "集体协商和合同的变更、续订协商。授权期限自本授权书签署之日起，至上述集体合同期满之日止"
    ) in flat


def test_both_sides_may_file_jointly(edit: Callable[[str, str, str], Path], contexts: Path) -> None:
    """Point 5: the union or both sides file within the ten days, not only after them."""
    edit(
        "yangquan/yuxian-construction.yaml",
        "  submission:\n    by: 企业方",
        "  submission:\n    by: 双方",
    )
    flat = text(packet(_load(contexts, "yuxian-construction"), "filing"), blank="＿")
    assert "现由双方共同将合同文本一式三份报送贵局审查" in flat
    # each side seals under its own name (two @sign columns of the 落款)
    document = packet(_load(contexts, "yuxian-construction"), "filing")
    assert [dict(column.lines)["报送单位（盖章）："] for column in document.signature] == [
        "盂县建筑业工会联合会",
        "盂县建筑业协会",
    ]
    blank = text(packet(REAL["coal"], "filing", blank=True), blank="＿")
    assert "现由企业方（职工方，或者双方共同）将合同文本一式三份报送贵局审查" in blank
    assert "职工方可以在十日内自行报送或者与企业方共同报送，不必等到期限届满" in blank


def test_the_filing_summary_ratio_range_covers_every_table() -> None:
    """Point 7, the 情况说明: the range runs over every floor, 井下 too (coal: 3300 … 5500)."""
    flat = text(packet(REAL["coal"], "filing"))
    # 2700 / 2150 = 125.6 %, 5500 (井下 高级技师) / 2150 = 255.8 %
    assert "合同所列各项月标准为当地月最低工资标准的125.6%至255.8%" in flat
