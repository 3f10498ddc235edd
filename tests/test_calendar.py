"""The filing calendar: where each agreement stands on a given day and which dates need
attention, the same dates in the contract's 附则 (issues 5 and 12)."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from skillwage_docs.base.errors import InputError
from skillwage_docs.base.figures import cn_date
from skillwage_docs.inputs.agreement import Agreement, Filing, Term
from skillwage_docs.inputs.bargaining import Procedure, Review
from skillwage_docs.inputs.loader import LoadedAgreement, load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages
from skillwage_docs.inputs.papers import Plan
from skillwage_docs.outputs.filing_calendar import (
    CalendarRow,
    calendar_json,
    calendar_rows,
    filing_dates,
    format_calendar,
    render_calendar,
)
from skillwage_docs.text.document import Paragraph

from .conftest import CONTEXTS, compose_for, run_output

LATER_STANDARD = """
  - effective: 2026-07-01
    effective_mark: S
    document: 晋政发〔2026〕测试号
    seen_in: 测试用的假想标准
    areas_url: https://example.org/hypothetical-standard
    classes:
      - {name: 一类, monthly: 2600, hourly: 27, mark: S}
    areas:
      - {area: 阳泉市城区, class: 一类, mark: S}
      - {area: 阳泉市矿区, class: 一类, mark: S}
      - {area: 阳泉市郊区, class: 一类, mark: S}
      - {area: 平定县, class: 一类, mark: S}
      - {area: 盂县, class: 一类, mark: S}
"""
NO_OBJECTION = Review(outcome="无异议", on=date(2025, 7, 10), record="审查意见书（示例）")


def _with(agreement: Agreement, **procedure: object) -> Agreement:
    return agreement.model_copy(update={"procedure": Procedure.model_validate(procedure)})


def test_dates_follow_the_rules(manufacturing: Agreement) -> None:
    unfiled = manufacturing.model_copy(update={"filing": None})
    d = filing_dates(unfiled)
    assert d.signing == date(2025, 6, 20)
    assert d.filing_deadline == date(2025, 6, 30)  # 《集体合同规定》第四十二条: 10 days
    assert d.review_deadline == date(2025, 7, 15)  # 第四十五条: 15 days, from the deadline
    assert d.review_estimated
    assert d.expiry == date(2027, 6, 30)
    # 1185号: talks start before the last three months (2027-04-01 … 2027-06-30)
    assert d.renewal_deadline == date(2027, 3, 31)
    filed = filing_dates(manufacturing)  # filed 2025-06-27
    assert filed.review_deadline == date(2025, 7, 12) and not filed.review_estimated


@pytest.mark.parametrize(
    ("end", "deadline"),
    [
        (date(2027, 5, 31), date(2027, 2, 28)),  # last three months 03-01 … 05-31
        (date(2028, 6, 30), date(2028, 3, 31)),  # the off-by-one (was 03-30)
        (date(2028, 2, 29), date(2027, 11, 30)),  # leap day: 12-01 … 02-29
        (date(2027, 12, 15), date(2027, 9, 15)),  # mid-month: 09-16 … 12-15
    ],
)
def test_renewal_deadline_is_the_day_before_the_last_three_months(
    manufacturing: Agreement, end: date, deadline: date
) -> None:
    term = Term(start=date(2025, 6, 1), end=end)
    assert (
        filing_dates(manufacturing.model_copy(update={"term": term})).renewal_deadline == deadline
    )


def test_the_contract_quotes_the_calendars_dates(yangquan: list[LoadedAgreement]) -> None:
    for item in yangquan:
        d = filing_dates(item.agreement)
        text = "".join(
            p.text
            for a in compose_for(item.agreement).articles()
            for p in a.blocks
            if isinstance(p, Paragraph)
        )
        assert f"十日内，即{cn_date(d.filing_deadline)}前（含当日）" in text
        # 晋人社厅函〔2024〕1185号: talks start before the last three months (procedure.py)
        assert f"期满三个月前，即{cn_date(d.renewal_deadline)}前（含当日），启动续订协商" in text


def _statuses(agreement: Agreement, today: date) -> dict[str, str]:
    (row,) = calendar_rows([agreement], today)
    return {event.key: event.status for event in row.events}


def _state(agreement: Agreement, today: date) -> str:
    (row,) = calendar_rows([agreement], today)
    return row.state.value


def test_never_filed_is_never_expired(manufacturing: Agreement) -> None:
    unfiled = manufacturing.model_copy(update={"filing": None})
    assert _state(unfiled, date(2025, 6, 21)) == "未报送"
    (row,) = calendar_rows([unfiled], date(2027, 7, 1))  # a day after the term
    assert row.state.value == "未报送"
    assert row.event("expiry").cell == "2027-06-30（期限已过）"
    assert row.event("expiry").status == "past" and row.event("filing").status == "overdue"
    assert "已到期" not in format_calendar([row], date(2027, 7, 1)).split("说明：")[0]


def test_states_on_the_record(manufacturing: Agreement) -> None:
    # filed 2025-06-27, nothing else recorded: under review however long ago
    assert _state(manufacturing, date(2025, 7, 1)) == "审查中"
    assert _state(manufacturing, date(2027, 7, 1)) == "审查中"
    # no objection on record → in force from filing + 15 days (劳动合同法第五十四条) …
    in_force = _with(manufacturing, review=NO_OBJECTION)
    (row,) = calendar_rows([in_force], date(2025, 8, 1))
    assert row.state.value == "生效" and row.timeline.effective == date(2025, 7, 12)
    assert not row.timeline.effective_recorded
    # … and expired after its term
    assert _state(in_force, date(2027, 7, 1)) == "已到期"
    (row,) = calendar_rows([in_force], date(2027, 7, 1))
    assert row.event("expiry").note == "合同已到期，须重新协商订立"
    objected = _with(manufacturing, review={**NO_OBJECTION.model_dump(), "outcome": "有异议"})
    assert _state(objected, date(2025, 8, 1)) == "有异议"
    recorded = _with(manufacturing, effective="2025-07-15")
    (row,) = calendar_rows([recorded], date(2025, 8, 1))
    assert row.state.value == "生效" and row.timeline.effective_recorded
    assert row.event("effective").cell == "2025-07-15（已生效）"


def test_flags_against_today(manufacturing: Agreement) -> None:
    unfiled = manufacturing.model_copy(update={"filing": None})
    assert _statuses(unfiled, date(2025, 6, 21)) == {
        # manufacturing records no bargaining dates: shown "—", never flagged (issue 14)
        "offer": "pending",
        "reply": "pending",
        "meeting": "pending",
        "assembly": "pending",
        "signing": "done",
        "filing": "due_soon",
        "review": "pending",
        "effective": "pending",
        "publication": "pending",
        "annual": "pending",
        "adjustment": "pending",  # no minimum-wage table given: not looked up
        "renegotiation": "later",
        "expiry": "later",
        # signed: the timetable's target (issue 21) is no longer flagged, filing dates it now
        "target": "later",
        # issue 21: the enterprises' yearly reports (not in force yet), no objection on record
        "report": "pending",
        "refiling": "pending",
    }
    assert _statuses(unfiled, date(2025, 7, 1))["filing"] == "overdue"
    in_force = _with(manufacturing, review=NO_OBJECTION, published="2025-07-20")
    near_end = _statuses(in_force, date(2027, 4, 15))
    assert near_end["filing"] == "done" and near_end["review"] == "done"
    assert near_end["publication"] == "done"
    assert near_end["renegotiation"] == "overdue" and near_end["expiry"] == "due_soon"
    # renegotiation starts by 2027-03-31: 90 days ahead is flagged, 91 days is not
    assert _statuses(in_force, date(2026, 12, 31))["renegotiation"] == "due_soon"
    assert _statuses(in_force, date(2026, 12, 30))["renegotiation"] == "later"
    after = _statuses(in_force, date(2027, 7, 1))
    assert after["expiry"] == "overdue" and after["renegotiation"] == "past"


def test_review_period_under_way_and_run_out(manufacturing: Agreement) -> None:
    pending = manufacturing.model_copy(update={"filing": Filing(filed_on=date(2025, 6, 27))})
    (row,) = calendar_rows([pending], date(2025, 7, 1))
    assert row.event("review").status == "due_soon" and row.event("review").note == "审查中"
    (row,) = calendar_rows([pending], date(2025, 7, 20))
    review = row.event("review")
    # ran out with nothing recorded: asks for the record, claims no effect
    assert review.status == "open" and "未录入审查结果" in review.note
    assert "生效" not in review.note and row.state.value == "审查中"
    assert row.event("effective").cell == "未录入"


def test_a_recorded_outcome_names_its_record(manufacturing: Agreement) -> None:
    (row,) = calendar_rows([_with(manufacturing, review=NO_OBJECTION)], date(2025, 8, 1))
    assert row.event("review").note == "审查结果：无异议（审查意见书（示例））"


def test_late_filing_is_noted(manufacturing: Agreement) -> None:
    late = manufacturing.model_copy(update={"filing": Filing(filed_on=date(2025, 7, 3))})
    (row,) = calendar_rows([late], date(2025, 8, 1))
    assert row.event("filing").note == "已于2025-07-03报送，逾期3日"


def test_publication_after_effect(manufacturing: Agreement) -> None:
    # 《集体合同规定》第四十八条: published "及时" after it takes effect; the calendar reminds at
    # fifteen days and says the reminder is its own, not the law's
    in_force = _with(manufacturing, effective="2025-07-12")
    (row,) = calendar_rows([in_force], date(2025, 7, 20))
    publication = row.event("publication")
    assert publication.on == date(2025, 7, 27) and publication.status == "due_soon"
    assert "第四十八条" in publication.note
    (row,) = calendar_rows([in_force], date(2025, 8, 1))
    assert row.event("publication").status == "overdue"
    published = _with(manufacturing, effective="2025-07-12", published="2025-07-18")
    (row,) = calendar_rows([published], date(2025, 8, 1))
    assert row.event("publication").status == "done"
    assert row.event("publication").note == "已于2025-07-18公布"


def test_annual_compliance_checks(manufacturing: Agreement) -> None:
    in_force = _with(manufacturing, effective="2025-07-12")
    (row,) = calendar_rows([in_force], date(2026, 4, 10))
    assert row.timeline.annual_checks == (date(2026, 6, 30), date(2027, 6, 30))
    assert row.event("annual").on == date(2026, 6, 30)
    assert row.event("annual").status == "due_soon"
    (row,) = calendar_rows([in_force], date(2026, 7, 1))
    assert row.event("annual").on == date(2027, 6, 30) and row.event("annual").status == "later"


def test_renegotiation_after_a_minimum_wage_rise(contexts: Path, manufacturing: Agreement) -> None:
    shanxi = contexts / "minimum_wages" / "shanxi.yaml"
    shanxi.write_text(shanxi.read_text(encoding="utf-8") + LATER_STANDARD, encoding="utf-8")
    table = load_minimum_wages(contexts / "minimum_wages")
    in_force = _with(manufacturing, effective="2025-07-12")
    later = table.later_changes(
        "shanxi", in_force.covered_areas, in_force.term.start, in_force.term.end
    )
    (row,) = calendar_rows([in_force], date(2026, 7, 10), [[s.effective for s in later]])
    (adjustment,) = row.timeline.adjustments
    assert (adjustment.minimum_from, adjustment.negotiate_by) == (
        date(2026, 7, 1),
        date(2026, 8, 1),
    )
    event = row.event("adjustment")
    assert event.status == "due_soon" and "2026-07-01起调整" in event.note
    # without a new standard in the term there is nothing to renegotiate
    (row,) = calendar_rows([in_force], date(2026, 7, 10), [[]])
    assert row.event("adjustment").cell == "期内无调整"


def test_region_calendar_is_a_table_with_chinese_names(tmp_path: Path) -> None:
    rows = _calendar(CONTEXTS, tmp_path, date(2025, 7, 20))
    assert len(rows) == len(list((CONTEXTS / "yangquan").glob("*.yaml"))) - 1
    table = format_calendar(rows, date(2025, 7, 20))
    lines = table.splitlines()
    assert lines[0].startswith("示例（虚构数据）：")
    # each sentence a paragraph of its own (the site renders this Markdown)
    assert lines[1] == "" and lines[2].startswith("截至 2025-07-20：")
    grid = lines[4 : 4 + len(rows) + 2]
    head = [cell.strip() for cell in grid[0].split("|")[1:8]]
    # the procedure in order (issue 14): 要约 → 应约 → 协商 → 审议 → 签订 → 报送 → …
    assert head == ["合同", "状态", "要约", "应约", "协商", "审议", "签订"]
    assert "| 生效 " in grid[0] and "| 公布提醒 " in grid[0] and "| 年度履约检查 " in grid[0]
    assert "| 最低工资调整后协商 " in grid[0]
    assert set(grid[1]) <= {"|", "-"}
    # 第四十八条 says "及时"; the fifteen days are the table's reminder and it says so
    assert "十五日是本表的提醒，不是法定期限" in table

    def width(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    assert len({width(line) for line in grid}) == 1  # padded: reads as a plain-text table
    unfiled = next(line for line in grid if line.startswith("| 阳泉市建筑业 "))
    assert "| 未报送 " in unfiled and "2025-07-04（逾期）" in unfiled
    assert "逾期未报送审查、备案" in unfiled
    filed = next(line for line in grid if line.startswith("| 阳泉市制造业 "))
    assert "2025-06-30（已办）" in filed and "审查期已满，未录入审查结果" in filed
    assert not any(row.slug in table for row in rows if row.slug not in ("",))


def test_a_mixed_region_marks_its_examples(contexts: Path) -> None:
    path = contexts / "yangquan" / "manufacturing.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "example: false\n", encoding="utf-8")
    day = date(2025, 7, 20)
    text = render_calendar(_calendar(contexts, contexts.parent / "build", day), day)
    assert text.startswith("示例（虚构数据）：标“【示例】”的合同为示例")
    assert "| 阳泉市制造业 " in text and "| 【示例】阳泉市建筑业 " in text


def test_json_output(tmp_path: Path) -> None:
    rows = _calendar(CONTEXTS, tmp_path, date(2026, 4, 10))
    data = json.loads(calendar_json(rows, date(2026, 4, 10)))
    assert data["today"] == "2026-04-10" and data["due_soon_days"] == 90
    assert data["example_mark"] == "示例（虚构数据）"
    hospitality = next(a for a in data["agreements"] if a["slug"] == "hospitality")
    assert hospitality["example"] is True and hospitality["state"] == "未报送"
    assert hospitality["renewal_deadline"] == "2026-03-31" and hospitality["attention"]
    assert hospitality["effective"] is None and hospitality["annual_checks"] == ["2026-06-30"]
    statuses = {e["key"]: e["status"] for e in hospitality["events"]}
    # never filed: the filing is what is overdue, not the renegotiation of a contract not in force
    assert statuses["filing"] == "overdue" and statuses["renegotiation"] == "past"


def test_render_calendar_for_the_cli(contexts: Path) -> None:
    day, out = date(2025, 7, 20), contexts.parent / "build"
    rows = _calendar(contexts, out, day)
    assert "| 阳泉高新区 " in render_calendar(rows, day)
    data = json.loads(render_calendar(rows, day, fmt="json"))
    assert len(data["agreements"]) >= 10
    # the calendar is an output of the build: written under its lock, beside the documents
    assert (out / "yangquan" / "calendar.md").read_text("utf-8") == render_calendar(rows, day)
    with pytest.raises(InputError):
        render_calendar(rows, day, fmt="csv")
    with pytest.raises(InputError):
        _calendar(contexts, out, day, region="atlantis")


def _calendar(
    contexts: Path, out: Path, today: date, region: str = "yangquan"
) -> list[CalendarRow]:
    return list(run_output(contexts, region, "calendar", out, today=today).data[region])


def test_filing_before_signing_is_an_input_error(contexts: Path) -> None:
    from skillwage_docs.inputs.loader import load_agreements

    path = contexts / "yangquan" / "coal.yaml"
    text = path.read_text(encoding="utf-8").replace("filed_on: 2025-06-09", "filed_on: 2025-06-01")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_agreements(contexts, "yangquan")
    assert any("coal.yaml:" in line and "不能早于" in line for line in caught.value.details)


def test_contact_phone_must_be_text(contexts: Path) -> None:
    from skillwage_docs.inputs.loader import load_agreements

    path = contexts / "yangquan" / "high-tech-zone.yaml"
    text = path.read_text(encoding="utf-8").replace('phone: "0353-5088617"', "phone: 03532021536")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_agreements(contexts, "yangquan")
    assert any("contact.phone" in line for line in caught.value.details)


def test_the_procedure_dates_come_before_the_signing_in_order() -> None:
    """Issue 14: 要约 → 应约 → 协商 → 审议 from the context's `procedure`; a reply later than
    20 days after receipt (《集体合同规定》第三十二条) is marked, one still awaited is flagged."""
    agreements = {
        item.agreement.slug: item.agreement for item in load_agreements(CONTEXTS, "yangquan")
    }
    (row,) = calendar_rows([agreements["high-tech-zone"]], date(2025, 7, 20))
    assert [e.key for e in row.events[:5]] == ["offer", "reply", "meeting", "assembly", "signing"]
    # contexts/yangquan/high-tech-zone.yaml: offer 2025-04-10, reply 2025-04-25 (14 days)
    assert row.event("offer").cell == "2025-04-10"
    assert row.event("reply").cell == "2025-04-25"
    assert row.event("meeting").status == "done" and row.event("assembly").status == "done"
    assert row.event("meeting").on is not None and row.event("meeting").on < row.timeline.signing
    procedure = agreements["high-tech-zone"].procedure
    late = procedure.model_copy(
        update={"reply": procedure.reply.model_copy(update={"on": date(2025, 5, 20)})}
    )
    (row,) = calendar_rows(
        [agreements["high-tech-zone"].model_copy(update={"procedure": late})], date(2025, 7, 20)
    )
    assert (
        row.event("reply").cell == "2025-05-20（逾期）"
        and "应约逾期19日" in row.event("reply").note
    )
    # Offer received, no reply yet, not signed: the 20-day deadline is flagged.
    waiting = procedure.model_copy(update={"reply": None, "meetings": [], "assemblies": []})
    unsigned = agreements["high-tech-zone"].model_copy(
        update={"procedure": waiting, "signing_date": date(2025, 9, 1)}
    )
    (row,) = calendar_rows([unsigned], date(2025, 5, 10))
    assert row.event("reply").cell == "2025-05-01（逾期）"
    assert "逾期未书面应约" in row.event("reply").note and row.attention


# --- issue 21 point 12: the timetable's dates drive the calendar ------------------------------
# yinying-town.yaml: term from 2026-07-01, signing planned 2026-05-12, nothing else recorded.
# Counted back from 2026-07-01: 15 days of review, 10 to file, 3 to sign, 12 of comments and
# notice, 30 of talks, 20 to answer → the 要约 by 2026-04-02 (90 days).


def test_an_unsigned_contract_shows_the_latest_offer_the_timetable_counts_back() -> None:
    agreements = {
        item.agreement.slug: item.agreement for item in load_agreements(CONTEXTS, "yangquan")
    }
    town = agreements["yinying-town"]
    (row,) = calendar_rows([town], date(2026, 3, 1))
    offer = row.event("offer")
    assert (offer.label, offer.cell, offer.status) == (
        "要约最迟",
        "2026-04-02（90日内）",
        "due_soon",
    )
    assert offer.note == "按2026-07-01生效倒推，2026-04-02前提出要约（工作时间表）"
    assert row.event("target").status == "later"
    # Eight days past it, with no 要约 on record: the target is lost, and the note says where.
    (row,) = calendar_rows([town], date(2026, 4, 10))
    assert row.event("offer").cell == "2026-04-02（逾期）"
    target = row.event("target")
    assert target.status == "open" and target in row.attention
    assert target.note == (
        "按时间表2026-07-09生效，比目标2026-07-01晚8日，提出要约的最迟日期2026-04-02已过"
    )
    # The paper prints the same latest day.
    timetable = compose_for_kind(town, "timetable")
    assert "| 提出要约 | 20 | 法定 | 2026.04.02 |" in timetable


def compose_for_kind(agreement: Agreement, kind: str) -> str:
    from skillwage_docs.text.compose import render_clauses
    from skillwage_docs.text.kinds import kind_named

    from .conftest import minimum_of

    spec = kind_named(kind)
    return render_clauses(
        agreement, minimum=minimum_of(agreement), template=spec.template, context=spec.context
    )


def test_renewal_starts_earlier_when_the_timetable_needs_it(manufacturing: Agreement) -> None:
    """1185号: three months before expiry (2027-03-31 for a term ending 2027-06-30); with 60
    days of talks planned, the timetable counted back from 2027-07-01 needs the 要约 by
    2027-03-03, and the calendar says so."""
    in_force = _with(manufacturing, review=NO_OBJECTION)
    (row,) = calendar_rows([in_force], date(2027, 1, 15))
    assert row.event("renegotiation").on == date(2027, 3, 31)
    slow = in_force.model_copy(
        update={"procedure": in_force.procedure.model_copy(update={"plan": Plan(talks=60)})}
    )
    (row,) = calendar_rows([slow], date(2027, 1, 15))
    assert row.event("renegotiation").cell == "2027-03-03（90日内）"


def test_a_dissolved_contract_ends_on_the_calendar() -> None:
    """yuxian-construction.yaml: dissolved by agreement from 2027-06-01 (term to 2028-05-31)."""
    agreements = {
        item.agreement.slug: item.agreement for item in load_agreements(CONTEXTS, "yangquan")
    }
    county = agreements["yuxian-construction"]
    (row,) = calendar_rows([county], date(2026, 12, 7))
    assert row.state.value == "生效"
    expiry = row.event("expiry")
    assert (expiry.label, expiry.on) == ("合同解除", date(2027, 6, 1))
    assert row.event("renegotiation").cell.endswith("（已约定解除）")
    (row,) = calendar_rows([county], date(2027, 6, 2))
    assert row.state.value == "已到期" and row.event("expiry").cell == "2027-06-01（已解除）"
    # the re-filing after the objection dates the effect: 2026-05-13 + 15 days
    assert row.timeline.effective == date(2026, 5, 28)


def test_an_objection_asks_for_the_refiling_and_a_yearly_report_falls_due() -> None:
    """yuxian-construction.yaml: objected to 2026-05-08 (盂人社集审〔2026〕1号), re-filed
    2026-05-13; in force 2026-05-28, reports due by the end of March (report_month 3)."""
    agreements = {
        item.agreement.slug: item.agreement for item in load_agreements(CONTEXTS, "yangquan")
    }
    county = agreements["yuxian-construction"]
    (row,) = calendar_rows([county], date(2026, 5, 10))
    refiling = row.event("refiling")
    assert row.state.value == "有异议" and refiling.status == "open" and refiling in row.attention
    assert "就异议事项重新协商、签字后重新报送（《集体合同规定》第四十六条）" in refiling.note
    (row,) = calendar_rows([county], date(2026, 5, 20))
    assert row.event("refiling").cell == "2026-05-13（已办）" and row.state.value == "审查中"
    (row,) = calendar_rows([county], date(2027, 1, 15))
    report = row.event("report")
    assert (report.on, report.status) == (date(2027, 3, 31), "due_soon")
    assert report.note == "各企业于2027-03-31前报告上一年度执行情况"
    # dissolved from 2027-06-01: no report falls due in 2028
    (row,) = calendar_rows([county], date(2027, 12, 1))
    assert row.event("report").on is None
