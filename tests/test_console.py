"""Readable reports (issue 15 point 3): the what-if summary, shared lines said once, footnotes.

Every test runs on a private contexts folder holding the real Shanxi table, the real 阳泉
region file and agreements written here, so the expected figures are this file's own.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from skillwage_docs.app.cli import main
from skillwage_docs.app.console import Footnotes, print_report, print_what_if
from skillwage_docs.checks.findings import Finding, Report
from skillwage_docs.outputs.what_if import what_if

from .conftest import CONTEXTS

AGREEMENT = """\
kind: 行业性
industry: {industry}
scope: 阳泉市行政区域内的{industry}企业。
term: {{start: 2025-07-01, end: 2027-06-30}}
signing_date: 2025-06-20
back_pay: true
worker_party: {{name: 阳泉市{industry}工会联合会, chief_representative: 王建国, representatives: 5}}
employer_party: {{name: 阳泉市{industry}企业协会, chief_representative: 李振华, representatives: 5}}
skill_levels:
  - {{level: 初级工, monthly: {entry}, hourly: {hourly}}}
  - {{level: 中级工, monthly: {middle}, hourly: 28}}
  - {{level: 高级工, monthly: 2950, hourly: 31}}
"""
# low: 初级工 2300 and 中级工 2500 fail a 2500 minimum; high clears it.
LOW = {"industry": "低薪业", "entry": 2300, "middle": 2500, "hourly": 25}
HIGH = {"industry": "高薪业", "entry": 2600, "middle": 2800, "hourly": 27}
BOX = re.compile("[┃│┏┡└]")


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """contexts/ with the real minimum wages, the real 阳泉 region file, and low/high."""
    contexts = tmp_path / "contexts"
    shutil.copytree(CONTEXTS / "minimum_wages", contexts / "minimum_wages")
    (contexts / "yangquan").mkdir()
    shutil.copy(CONTEXTS / "yangquan" / "region.yaml", contexts / "yangquan")
    for name, values in (("low", LOW), ("high", HIGH)):
        text = AGREEMENT.format(**values)
        (contexts / "yangquan" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return contexts


def _shanxi(contexts: Path) -> str:
    return (contexts / "minimum_wages" / "shanxi.yaml").read_text(encoding="utf-8")


@pytest.fixture
def raised(private: Path, tmp_path: Path) -> Path:
    """The 2025 Shanxi standard raised to 2500 元 in every class (the issue's example)."""
    text = _shanxi(private)
    block = text.index("  - effective: 2025-01-01")
    proposed = tmp_path / "shanxi-2500.yaml"
    raised = text[block:]
    for monthly, full_time in (("2150", "12.4"), ("2050", "11.8"), ("1950", "11.2")):
        # 全日制 hourly = monthly ÷ 21.75 ÷ 8 (the table checks it): 2500 → 14.4
        raised = raised.replace(f"monthly: {monthly}, hourly:", "monthly: 2500, hourly:").replace(
            f"full_time_hourly: {full_time}", "full_time_hourly: 14.4"
        )
    proposed.write_text(text[:block] + raised, encoding="utf-8")
    return proposed


@pytest.fixture
def later(private: Path, tmp_path: Path) -> Path:
    """A new standard from 2026-07-01, in the terms: 2450 元 a month, 26 元 an hour."""
    text = _shanxi(private)
    block = text[text.index("  - effective: 2025-01-01") :]
    added = (
        block.replace("effective: 2025-01-01", "effective: 2026-07-01")
        .replace("verified_through: 2025-05-29", "verified_through: 2026-07-01")
        .replace("monthly: 2150", "monthly: 2450")
        .replace("hourly: 23.2", "hourly: 26")
        .replace("full_time_hourly: 12.4", "full_time_hourly: 14.1")
    )
    proposed = tmp_path / "shanxi-2026.yaml"
    proposed.write_text(text.rstrip("\n") + "\n" + added, encoding="utf-8")
    return proposed


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def _entry(ctx: click.Context) -> None:
    main(list(ctx.args))


def _run(contexts: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(_entry, ["--contexts", str(contexts), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


Run = Callable[..., tuple[int, str, str]]


# --- what-if --------------------------------------------------------------------------------


def test_what_if_summary_says_who_breaks_by_how_much_and_from_when(
    private: Path, raised: Path
) -> None:
    code, out, _ = _run(private, "what-if", "--minimum-wage-file", str(raised))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("按新的山西省最低工资标准：2 份合同中 1 份不合规")
    assert (
        "yangquan/low（低薪业）：2 项；最低 2300 元（初级工），新标准 2500 元¹，"
        "须上调 201 元（至 2501 元），自 2025-07-01 起"
    ) in lines
    assert "合规：yangquan/high" in lines
    # The standard's description is a footnote, printed once; no line is listed without --details.
    footnotes = [line for line in lines if line.startswith("¹ ")]
    assert len(footnotes) == 1
    assert footnotes[0].startswith("¹ 山西省一类地区（阳泉市城区），2025年1月1日起执行，来源：")
    assert "low.yaml:" not in out
    assert "\x1b[" not in out and not BOX.search(out)  # piped: plain lines, no colour


def test_what_if_details_list_every_line_with_the_source_as_one_footnote(
    private: Path, raised: Path
) -> None:
    code, out, _ = _run(private, "what-if", "--minimum-wage-file", str(raised), "--details")
    assert code == 1
    details = [line.strip() for line in out.splitlines() if "low.yaml:" in line]
    assert len(details) == 2
    assert details[0].endswith(
        "skill_levels[0].monthly（初级工）: 2300 元不高于当地最低工资标准 2500 元¹"
    )
    assert details[1].endswith(
        "skill_levels[1].monthly（中级工）: 2500 元不高于当地最低工资标准 2500 元¹"
    )
    # 3 lines cite the standard (summary and both details); its description appears once.
    assert out.count("起执行") == 1 and out.count("¹") == 4


def test_what_if_summary_of_a_standard_taking_effect_mid_term(private: Path, later: Path) -> None:
    """2300 is above today's 2150 but not the 2450 from 2026-07-01; hourly 25 not above 26."""
    code, out, _ = _run(private, "what-if", "--minimum-wage-file", str(later))
    assert code == 1
    assert (
        "yangquan/low（低薪业）：2 项；最低 2300 元（初级工），新标准 2450 元¹，"
        "须上调 151 元（至 2451 元），自 2026-07-01 起"
    ) in out
    assert (
        "  小时工资：最低 25 元/小时（初级工），新标准 26 元/小时¹，"
        "须上调 1.1 元（至 26.1 元/小时），自 2026-07-01 起"
    ) in out
    assert "合规：yangquan/high" in out


def test_what_if_says_a_warning_every_agreement_shares_once_with_the_count(
    private: Path, raised: Path
) -> None:
    """Every row of the proposed table unconfirmed: each warning once, for both agreements."""
    raised.write_text(raised.read_text(encoding="utf-8").replace(": true", ": false"), "utf-8")
    code, out, err = _run(private, "what-if", "--minimum-wage-file", str(raised))
    assert code == 1
    shared = [line for line in err.splitlines() if "未经核实" in line]
    assert shared and len(shared) == len(set(shared))
    assert all(line.endswith("（本地区全部 2 份合同）") for line in shared), shared
    assert "未经核实" not in out


def test_what_if_exits_0_when_every_agreement_still_complies(private: Path, tmp_path: Path) -> None:
    text = _shanxi(private)
    block = text.index("  - effective: 2025-01-01")
    proposed = tmp_path / "shanxi-2200.yaml"
    proposed.write_text(
        text[:block] + text[block:].replace("monthly: 2150", "monthly: 2200"), encoding="utf-8"
    )
    code, out, _ = _run(private, "what-if", "--minimum-wage-file", str(proposed))
    assert code == 0
    assert "2 份合同中 0 份不合规" in out and "合规：yangquan/high、yangquan/low" in out
    assert "--details" not in out


def test_what_if_json_keeps_its_keys_and_adds_the_summary(private: Path, raised: Path) -> None:
    code, out, _ = _run(private, "what-if", "--minimum-wage-file", str(raised), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["province"] == "山西省" and data["compliant"] == ["yangquan/high"]
    # The lines in full, as before this report existed (source included).
    reasons = data["non_compliant"]["yangquan/low"]
    assert len(reasons) == 2 and all("2025年1月1日起执行，来源：" in line for line in reasons)
    assert isinstance(data["warnings"], list)
    monthly = data["summary"]["yangquan/low"]["monthly"]
    assert {k: monthly[k] for k in ("lowest", "minimum", "target", "rise", "binds_from")} == {
        "lowest": "2300",
        "minimum": "2500",
        "target": "2501",
        "rise": "201",
        "binds_from": "2025-07-01",
    }
    assert data["summary"]["yangquan/low"]["breaches"] == 2
    assert data["summary"]["yangquan/high"] == {
        "subject": "高薪业",
        "breaches": 0,
        "binds_from": None,
        "monthly": None,
        "hourly": None,
    }
    assert set(data["warning_agreements"]) == set(data["warnings"])


def test_what_if_on_a_terminal_is_a_table(private: Path, raised: Path) -> None:
    result = what_if(private, raised)
    screen = Console(force_terminal=True, width=160, color_system=None, highlight=False)
    errors = Console(force_terminal=True, width=160, color_system=None, stderr=True)
    with screen.capture() as captured:
        print_what_if(result, console=screen, errors=errors)
    text = captured.get()
    header = next(line for line in text.splitlines() if "须上调" in line)
    for column in ("合同", "不合规", "最低数字", "新最低标准", "起约束日期"):
        assert column in header
    row = next(line for line in text.splitlines() if "yangquan/low" in line)
    assert re.search(r"2 项.*2300 元（初级工）.*2500 元¹.*201 元（至 2501 元）.*2025-07-01", row)


# --- validate -------------------------------------------------------------------------------


def test_validate_prints_a_warning_every_agreement_shares_once_with_the_count(
    private: Path,
) -> None:
    """Every Shanxi row made unconfirmed: the region-level warnings come once, counted."""
    table = private / "minimum_wages" / "shanxi.yaml"
    table.write_text(_shanxi(private).replace(": true", ": false"), encoding="utf-8")
    shutil.copy(private / "yangquan" / "high.yaml", private / "yangquan" / "third.yaml")
    code, out, err = _run(private, "validate", "yangquan")
    assert code == 0
    # findings on stderr as in every command; the verdict, the result, on stdout
    shared = [line for line in err.splitlines() if "未经核实" in line]
    assert shared, err
    assert len(shared) == len(set(shared))
    assert all(line.endswith("（本地区全部 3 份合同）") for line in shared), shared
    assert out.splitlines() == [f"校验通过：3 份合同，0 个错误，{len(shared)} 个警告"]


def _finding(agreement: str, message: str, *, location: str = "region.yaml:9") -> Finding:
    file, line = location.rsplit(":", 1)
    return Finding(
        severity="warning",
        file=Path(file),
        line=int(line),
        field="region.areas",
        message=message,
        agreement=agreement,
        rule="unconfirmed_minimums",
    )


def test_a_line_shared_by_some_agreements_names_them() -> None:
    report = Report(checked=["a", "b", "c"])
    report.findings += [_finding(name, "所用数据未经核实：甲") for name in ("a", "b")]
    report.findings += [_finding("c", "只此一份", location="c.yaml:3")]
    console = Console(width=200, highlight=False)
    with console.capture() as captured:
        print_report(report, ["a", "b", "c"], console=console)
    assert captured.get().splitlines() == [
        "警告 region.yaml:9: region.areas: 所用数据未经核实：甲（2 份合同：a、b）",
        "警告 c.yaml:3: region.areas: 只此一份",
        "校验通过：3 份合同，0 个错误，2 个警告",
    ]


def test_footnotes_number_repeated_sentences_and_leave_single_ones_inline() -> None:
    lines = ["甲 2100 元（来源 A）", "乙 2200 元（来源 A）", "丙 2300 元（来源 B）"]
    notes = Footnotes(["来源 A", "来源 B"], lines)
    assert [notes.mark(line) for line in lines] == [
        "甲 2100 元¹",
        "乙 2200 元¹",
        "丙 2300 元（来源 B）",
    ]
    assert notes.notes() == ["¹ 来源 A"]
