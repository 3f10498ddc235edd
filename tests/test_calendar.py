"""The filing calendar: the legal dates of each agreement, flagged against a given day, and the
same dates in the contract's 附则 (issue 5)."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from skillwage_docs.agreement import Agreement, Filing, LoadedAgreement, Term
from skillwage_docs.document import Paragraph
from skillwage_docs.errors import InputError
from skillwage_docs.figures import cn_date
from skillwage_docs.filing_calendar import (
    calendar_json,
    calendar_rows,
    filing_calendar,
    filing_dates,
    format_calendar,
    render_calendar,
)
from skillwage_docs.terms import renewal_deadline

from .conftest import CONTEXTS, compose_for


def test_dates_follow_the_rules(manufacturing: Agreement) -> None:
    unfiled = manufacturing.model_copy(update={"filing": None})
    d = filing_dates(unfiled)
    assert d.signing == date(2025, 6, 20)
    assert d.filing_deadline == date(2025, 6, 30)  # 《集体合同规定》第四十二条: 10 days
    assert d.review_deadline == date(2025, 7, 15)  # 第四十五条: 15 days, from the deadline
    assert d.review_estimated
    assert d.expiry == date(2027, 6, 30)
    assert d.renegotiation_start == date(2027, 3, 30)  # 1185号: 3 months before expiry
    filed = filing_dates(manufacturing)  # filed 2025-06-27
    assert filed.review_deadline == date(2025, 7, 12) and not filed.review_estimated


def test_renegotiation_start_clamps_the_day(manufacturing: Agreement) -> None:
    term = Term(start=date(2025, 6, 1), end=date(2027, 5, 31))
    assert filing_dates(manufacturing.model_copy(update={"term": term})).renegotiation_start == (
        date(2027, 2, 28)
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
        assert f"十日内（即{cn_date(d.filing_deadline)}以前）" in text
        # 晋人社厅函〔2024〕1185号: talks start before the last three months (terms.py)
        assert f"期满三个月前，即不迟于{cn_date(renewal_deadline(d.expiry))}，启动续订协商" in text


def _row(agreement: Agreement, today: date) -> dict[str, str]:
    (row,) = calendar_rows([agreement], today)
    return {event.key: event.status for event in row.events}


def test_flags_against_today(manufacturing: Agreement) -> None:
    unfiled = manufacturing.model_copy(update={"filing": None})
    assert _row(unfiled, date(2025, 6, 21)) == {
        "signing": "done",
        "filing": "due_soon",
        "review": "pending",
        "renegotiation": "later",
        "expiry": "later",
    }
    late = _row(unfiled, date(2025, 7, 1))
    assert late["filing"] == "overdue"
    near_end = _row(manufacturing, date(2027, 4, 15))
    assert near_end["filing"] == "done" and near_end["review"] == "done"
    assert near_end["renegotiation"] == "overdue" and near_end["expiry"] == "due_soon"
    # renegotiation starts 2027-03-30: 90 days ahead is flagged, 91 days is not
    assert _row(manufacturing, date(2026, 12, 30))["renegotiation"] == "due_soon"
    assert _row(manufacturing, date(2026, 12, 29))["renegotiation"] == "later"
    after = _row(manufacturing, date(2027, 7, 1))
    assert after["expiry"] == "overdue" and after["renegotiation"] == "overdue"


def test_review_period_under_way_and_run_out(manufacturing: Agreement) -> None:
    pending = manufacturing.model_copy(update={"filing": Filing(filed_on=date(2025, 6, 27))})
    (row,) = calendar_rows([pending], date(2025, 7, 1))
    assert row.event("review").status == "due_soon" and row.event("review").note == "审查中"
    (row,) = calendar_rows([pending], date(2025, 7, 20))
    assert row.event("review").status == "done" and "依法视为生效" in row.event("review").note


def test_late_filing_is_noted(manufacturing: Agreement) -> None:
    late = manufacturing.model_copy(update={"filing": Filing(filed_on=date(2025, 7, 3))})
    (row,) = calendar_rows([late], date(2025, 8, 1))
    assert row.event("filing").note == "已于2025-07-03报送，逾期3日"


def test_region_calendar_and_markdown_table() -> None:
    rows = filing_calendar(CONTEXTS, "yangquan", date(2025, 7, 20))
    assert len(rows) == len(list((CONTEXTS / "yangquan").glob("*.yaml"))) - 1
    table = format_calendar(rows, date(2025, 7, 20))
    lines = table.splitlines()
    assert lines[0].startswith("截至 2025-07-20：")
    grid = lines[2:]
    assert grid[0].startswith("| 合同") and set(grid[1]) <= {"|", "-"}
    assert len(grid) == len(rows) + 2

    def width(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    assert len({width(line) for line in grid}) == 1  # padded: reads as a plain-text table
    unfiled = next(line for line in grid if line.startswith("| construction "))
    assert "2025-07-04（已过）" in unfiled and "逾期未报送审查、备案" in unfiled
    filed = next(line for line in grid if line.startswith("| coal "))
    assert "2025-06-26（已办）" in filed


def test_json_output() -> None:
    rows = filing_calendar(CONTEXTS, "yangquan", date(2026, 4, 10))
    data = json.loads(calendar_json(rows, date(2026, 4, 10)))
    assert data["today"] == "2026-04-10" and data["due_soon_days"] == 90
    hospitality = next(a for a in data["agreements"] if a["slug"] == "hospitality")
    assert hospitality["renegotiation_start"] == "2026-03-30" and hospitality["attention"]
    statuses = {e["key"]: e["status"] for e in hospitality["events"]}
    assert statuses["renegotiation"] == "overdue" and statuses["expiry"] == "due_soon"


def test_render_calendar_for_the_cli(contexts: Path) -> None:
    text = render_calendar(contexts, "yangquan", today=date(2025, 7, 20))
    assert "| coal " in text
    data = json.loads(render_calendar(contexts, "yangquan", today=date(2025, 7, 20), fmt="json"))
    assert len(data["agreements"]) >= 10
    with pytest.raises(InputError):
        render_calendar(contexts, "yangquan", fmt="csv")
    with pytest.raises(InputError):
        render_calendar(contexts, "atlantis")


def test_filing_before_signing_is_an_input_error(contexts: Path) -> None:
    from skillwage_docs.agreement import load_agreements

    path = contexts / "yangquan" / "coal.yaml"
    text = path.read_text(encoding="utf-8").replace("filed_on: 2025-06-24", "filed_on: 2025-06-01")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_agreements(contexts, "yangquan")
    assert any("coal.yaml:" in line and "不能早于" in line for line in caught.value.details)


def test_contact_phone_must_be_text(contexts: Path) -> None:
    from skillwage_docs.agreement import load_agreements

    path = contexts / "yangquan" / "coal.yaml"
    text = path.read_text(encoding="utf-8").replace('phone: "0353-2021536"', "phone: 03532021536")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_agreements(contexts, "yangquan")
    assert any("contact.phone" in line for line in caught.value.details)
