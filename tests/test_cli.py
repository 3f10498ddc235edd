"""The command line: routing, exit codes (0 ok, 1 validation, 2 input/usage), no tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from skillwage_docs.app.cli import main

from .conftest import only


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def _entry(ctx: click.Context) -> None:
    """Route through `main`, the real entry point, so its error handling is what is tested."""
    main(list(ctx.args))


@pytest.fixture
def cli(contexts: Path) -> Callable[..., tuple[int, str]]:
    def _run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(
            _entry, ["--contexts", str(contexts), *args], catch_exceptions=False
        )
        return result.exit_code, result.output

    return _run


def test_list_shows_regions_and_agreements(cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("list")
    assert code == 0
    assert (
        "yangquan" in out
        and "manufacturing" in out
        and "阳泉市制造业技能人才最低工资集体合同" in out
    )


def test_render_writes_three_formats(cli: Callable[..., tuple[int, str]], tmp_path: Path) -> None:
    out = tmp_path / "build"
    code, text = cli("render", "yangquan", "--agreement", "mining", "--out", str(out))
    assert code == 0, text
    # the contract, its annex 《技能岗位目录》 (issue 20) and, by default, the bargaining
    # packet's papers (issues 14 and 21) and the three guides, each filled and blank in three
    # formats
    papers = ("posts", "representatives", "offer", "reply", "brief", "minutes", "resolution")
    papers += ("filing", "notice", "poster")
    papers += ("mandate", "selection", "roster", "information", "mediation", "consultation")
    papers += ("delegates", "assembly", "resubmission", "receipt", "report", "inspection")
    papers += ("wageround", "variation", "termination", "timetable", "review", "enforcement")
    assert sorted(p.name for p in (out / "yangquan").iterdir()) == sorted(
        [
            ".records",  # what the build decided, for the site, liaison table and calendar
            # the outputs over the same build (issue 24 point 4): the filing calendar and the
            # enterprises' self-check forms (mining is no liaison point: no liaison table);
            # issue 21: the register, the approval guide and the progress report
            "calendar.md",
            "register.md",
            "approval-guide.md",
            "progress-report.docx",
            "progress-report.html",
            "progress-report.pdf",
            "progress-report.xlsx",
            "mining.compliance.docx",
            "mining.compliance.xlsx",
            "mining.blank.docx",
            "mining.blank.html",
            "mining.blank.pdf",
            "mining.docx",
            "mining.html",
            "mining.pdf",
            *(
                f"mining.{paper}{variant}.{fmt}"
                for paper in papers
                for variant in ("", ".blank")
                for fmt in ("docx", "html", "pdf")
            ),
        ]
    )
    assert "create" in text
    code, text = cli("render", "yangquan", "--agreement", "mining", "--out", str(out))
    # nothing changed: nothing is rendered again
    assert code == 0 and "均为最新" in text and "create" not in text


def test_render_selects_formats_and_industry_by_chinese_name(
    cli: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    code, _ = cli(
        "render",
        "yangquan",
        "--agreement",
        "建筑业",
        "--file-formats",
        "html",
        "--no-blank",
        "--no-packet",
        "--outputs",
        "none",
        "--out",
        str(out),
    )
    assert code == 0
    # the city-wide contract and the 盂县 one share the industry name (--no-packet: no paper,
    # --outputs none: no calendar, no self-check form)
    assert sorted(p.name for p in (out / "yangquan").iterdir() if p.is_file()) == [
        "construction.html",
        "yuxian-construction.html",
    ]


def test_validation_failure_exits_1_and_writes_nothing(
    cli: Callable[..., tuple[int, str]], edit: Callable[..., Path], tmp_path: Path, contexts: Path
) -> None:
    out = tmp_path / "build"
    only(contexts, "hospitality", "mining", "coal")  # a refused one, a changed one, a third
    assert cli("render", "yangquan", "--file-formats", "html", "--out", str(out))[0] == 0
    before = {p: p.read_bytes() for p in (out / "yangquan").rglob("*") if p.is_file()}
    edit(
        "yangquan/hospitality.yaml",
        "{level: 初级工, monthly: 2300",
        "{level: 初级工, monthly: 2150",
    )
    edit("yangquan/mining.yaml", "scope: ", "scope: 新的范围。")
    code, text = cli("render", "yangquan", "--file-formats", "html", "--out", str(out))
    assert code == 1
    assert "hospitality.yaml:" in text and "2150" in text
    assert "Traceback" not in text
    assert {p: p.read_bytes() for p in (out / "yangquan").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("render", "atlantis"), 2),
        (("render", "../etc"), 2),
        (("render", "yangquan", "--file-formats", "odt"), 2),
        (("render", "yangquan", "--format", "pdf"), 2),
        (("render", "yangquan", "--agreement", "nonexistent"), 2),
        (("frobnicate",), 2),
        (("validate", "yangquan"), 0),
    ],
)
def test_exit_codes(cli: Callable[..., tuple[int, str]], args: tuple[str, ...], code: int) -> None:
    got, text = cli(*args)
    assert got == code, text
    assert "Traceback" not in text


def test_bad_yaml_exits_2_with_file_and_line(
    cli: Callable[..., tuple[int, str]], edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "signing_date: 2025-06-18", "signing_date: [")
    code, text = cli("validate", "yangquan")
    assert code == 2
    assert "mining.yaml:" in text and "Traceback" not in text


def test_calendar_and_liaison_table(cli: Callable[..., tuple[int, str]], tmp_path: Path) -> None:
    out = tmp_path / "build"
    code, text = cli("liaison-table", "yangquan", "--out", str(out), "--today", "2025-12-01")
    assert code == 0, text
    assert (out / "yangquan" / "liaison-table.docx").is_file()
    assert (out / "yangquan" / "liaison-table.xlsx").is_file()
    target = out / "calendar.md"
    code, text = cli(
        "calendar", "yangquan", "--out", str(out), "--today", "2027-04-15", "-o", str(target)
    )
    assert code == 0, text
    calendar = target.read_text(encoding="utf-8")
    assert "| 阳泉市建筑业" in calendar and "逾期未报送" in calendar
    assert cli("calendar", "atlantis", "--out", str(out))[0] == 2


# --- the recorded procedure and the liaison table (issue 12 points 1 and 11) --------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("reply: 2025-04-25", "reply: 2025-05-02", "procedure.reply: 应约日期 2025-05-02"),
        ("- {on: 2025-06-12,", "- {on: 2025-06-20,", "procedure.assemblies[0].on: 职工代表大会"),
        ("reply: 2025-04-25", "reply: 2025-04-05", "procedure.reply: 应约日期 2025-04-05 早于要约"),
    ],
)
def test_procedure_rules_fail_through_the_cli(
    cli: Callable[..., tuple[int, str]],
    edit: Callable[..., Path],
    old: str,
    new: str,
    expected: str,
) -> None:
    edit("yangquan/high-tech-zone.yaml", old, new)
    code, text = cli("validate", "yangquan")
    assert code == 1, text
    assert any("high-tech-zone.yaml:" in line and expected in line for line in text.splitlines()), (
        text
    )
    assert "Traceback" not in text


def test_procedure_rules_pass_through_the_cli(
    cli: Callable[..., tuple[int, str]], edit: Callable[..., Path]
) -> None:
    # on the last allowed days: 应约 20 days after receipt, 审议 on the signing day
    edit("yangquan/high-tech-zone.yaml", "reply: 2025-04-25", "reply: 2025-05-01")
    edit("yangquan/high-tech-zone.yaml", "- {on: 2025-06-12,", "- {on: 2025-06-19,")
    code, text = cli("validate", "yangquan")
    assert code == 0, text
    # no procedure finding on it, not even a warning (its own `areas:` carry the data doubts)
    assert not [
        line
        for line in text.splitlines()
        if "high-tech-zone.yaml" in line and ": procedure." in line
    ]


def test_a_late_filing_warns_and_fails_under_strict(
    cli: Callable[..., tuple[int, str]], edit: Callable[..., Path]
) -> None:
    edit("yangquan/manufacturing.yaml", "filed_on: 2025-06-27", "filed_on: 2025-07-01")
    code, text = cli("validate", "yangquan")
    assert code == 0 and "filing.filed_on: 报送日期 2025-07-01" in text, text
    assert cli("validate", "yangquan", "--strict")[0] == 1


def test_liaison_table_warnings_go_to_the_terminal(
    cli: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    code, text = cli("liaison-table", "yangquan", "--out", str(out), "--today", "2025-07-20")
    assert code == 0, text
    assert "最低工资数据未经核实" in text and "shanxi.yaml:" in text
    from docx import Document as open_docx

    document = open_docx(str(out / "yangquan" / "liaison-table.docx"))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert not any("核实" in text for text in [*cells, *(p.text for p in document.paragraphs)])


def test_a_missing_example_flag_exits_2(
    cli: Callable[..., tuple[int, str]], edit: Callable[..., Path]
) -> None:
    edit("yangquan/region.yaml", "example: true\n", "")
    code, text = cli("validate", "yangquan")
    assert code == 2 and "example: 须写明是否为示例" in text, text
