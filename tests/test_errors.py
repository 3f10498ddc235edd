"""Errors as data: each carries `Finding(file, line, field, message)` records, printed as lines,
as JSON shaped like a finding, or relative to a root; exit codes come from the class."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillwage_docs.base.errors import InputError, RenderError, ValidationFailed
from skillwage_docs.base.findings import Finding

from .conftest import only
from .test_cli import _entry

# The keys of one record in `findings` of every JSON output, rule finding or load error alike.
RECORD_KEYS = [
    "severity",
    "location",
    "file",
    "line",
    "place",
    "field",
    "figure",
    "limit",
    "source",
    "message",
    "label",
    "rule",
    "agreement",
]


def run(contexts: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(_entry, ["--contexts", str(contexts), *args])
    return result.exit_code, result.stdout, result.stderr


def test_problem_renders_every_known_part() -> None:
    file = Path("contexts/yangquan/mining.yaml")
    assert Finding(file=file, line=7, field="term.start", message="应为日期").render() == (
        "contexts/yangquan/mining.yaml:7: term.start: 应为日期"
    )
    assert Finding(file=file, line=1, message="文件内容应为键值映射").render() == (
        "contexts/yangquan/mining.yaml:1: 文件内容应为键值映射"
    )
    assert Finding(file=file, message="不是普通文件，拒绝读取").render() == (
        "contexts/yangquan/mining.yaml: 不是普通文件，拒绝读取"
    )
    assert Finding(message="找不到地区 'x'（已有：yangquan）").render() == (
        "找不到地区 'x'（已有：yangquan）"
    )


def test_problem_renders_files_relative_to_a_root(tmp_path: Path) -> None:
    inside = tmp_path / "contexts" / "yangquan" / "mining.yaml"
    table = tmp_path / "contexts" / "minimum_wages" / "shanxi.yaml"
    cause = Finding(file=table, line=40, message="没有列出 昔阳县 所属的类别")
    blamed = Finding(file=inside, line=5, field="areas", cause=cause)
    assert blamed.render(tmp_path) == (
        "contexts/yangquan/mining.yaml:5: areas: "
        "contexts/minimum_wages/shanxi.yaml:40: 没有列出 昔阳县 所属的类别"
    )
    assert blamed.render() == f"{inside}:5: areas: {table}:40: 没有列出 昔阳县 所属的类别"
    outside = Finding(file=Path("/elsewhere/x.yaml"), line=1, message="m")
    assert outside.render(tmp_path) == "/elsewhere/x.yaml:1: m"


def test_a_finding_renders_relative_to_a_root_too(tmp_path: Path) -> None:
    finding = Finding(
        severity="error",
        field="skill_levels[1].monthly",
        label="初级工",
        message="2150 元不高于当地最低工资标准 2150 元",
        file=tmp_path / "contexts/yangquan/x.yaml",
        line=23,
    )
    assert finding.render(tmp_path) == (
        "contexts/yangquan/x.yaml:23: skill_levels[1].monthly（初级工）: "
        "2150 元不高于当地最低工资标准 2150 元"
    )
    assert finding.render() == f"{tmp_path}/{finding.render(tmp_path)}"


def test_errors_keep_lines_details_and_summary() -> None:
    first = Finding(file=Path("a.yaml"), line=3, field="x", message="缺少必填字段")
    err = InputError(
        "2 处输入错误，未生成任何文件", details=[first, "b.yaml: 不是普通文件，拒绝读取"]
    )
    assert err.lines() == [
        "a.yaml:3: x: 缺少必填字段",
        "b.yaml: 不是普通文件，拒绝读取",
        "2 处输入错误，未生成任何文件",
    ]
    assert err.details == err.lines()[:2] and err.message == "2 处输入错误，未生成任何文件"
    assert err.findings[0] == first and err.findings[1].file is None  # text stays text
    single = InputError(first)
    assert single.findings == [first] and str(single) == "a.yaml:3: x: 缺少必填字段"
    assert (InputError.exit_code, ValidationFailed.exit_code, RenderError.exit_code) == (2, 1, 3)


def test_errors_cross_a_process_boundary_with_their_problems() -> None:
    # A worker raises, the parent re-raises: pickling must not flatten the problems.
    problem = Finding(file=Path("a.yaml"), line=3, field="x", message="m")
    err = pickle.loads(pickle.dumps(RenderError("1 处错误", details=[problem])))
    assert type(err) is RenderError and err.findings == [problem]
    assert err.lines() == ["a.yaml:3: x: m", "1 处错误"]


def test_a_finding_and_a_problem_have_the_same_json_keys() -> None:
    finding = Finding(
        severity="warning", file=Path("a.yaml"), line=1, field="x", message="m", figure=Decimal(1)
    )
    assert list(finding.to_json()) == RECORD_KEYS
    assert list(Finding(message="m").to_json()) == RECORD_KEYS


def test_validate_json_reports_a_load_error(contexts: Path, edit: Callable[..., Path]) -> None:
    """`validate --format json` on a malformed file prints the problems on stdout (it printed
    nothing before), in the records of a validation report, and exits 2."""
    path = edit(
        "yangquan/hospitality.yaml",
        "{level: 初级工, monthly: 2300",
        "{level: 初级工, monthly: 两千",
    )
    code, stdout, stderr = run(contexts, "validate", "yangquan", "--format", "json")
    assert code == 2
    data = json.loads(stdout)
    assert data == {
        "ok": False,
        "exit_code": 2,
        "summary": "1 处输入错误，未生成任何文件",
        "error_count": 1,
        "warning_count": 0,
        "findings": [
            {
                "severity": "error",
                "location": f"{path}:32",
                "file": str(path),
                "line": 32,
                "place": "",
                "field": "skill_levels[0].monthly",
                "figure": None,
                "limit": None,
                "source": "",
                "message": "金额应写为数字（如 2300），不要写成文本或带单位",
                "label": "",
                "rule": "",
                "agreement": "",
            }
        ],
    }
    assert stderr.splitlines() == [
        f"{path}:32: skill_levels[0].monthly: 金额应写为数字（如 2300），不要写成文本或带单位",
        "1 处输入错误，未生成任何文件",
    ]


def test_validate_json_reports_a_lookup_error_at_the_agreement_field(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "kind: 行业性", "kind: 行业性\nareas: [孟县]")
    code, stdout, _ = run(contexts, "validate", "yangquan", "--format", "json")
    assert code == 2
    (record,) = json.loads(stdout)["findings"]
    assert (record["file"], record["line"], record["field"]) == (
        str(contexts / "yangquan" / "mining.yaml"),
        5,
        "areas",
    )
    # 孟县 (for 盂县) is not a division of 山西: the name is the problem, not the table
    assert "山西省的行政区划中没有“孟县”" in record["message"]


def test_text_output_of_a_load_error_is_unchanged(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/hospitality.yaml",
        "{level: 初级工, monthly: 2300",
        "{level: 初级工, monthly: 两千",
    )
    code, stdout, stderr = run(contexts, "validate", "yangquan")
    assert (code, stdout) == (2, "")
    assert stderr.splitlines()[-1] == "1 处输入错误，未生成任何文件"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "yangquan", "--no-such-option"],
        ["validate"],
        ["validate", "yangquan", "--format", "xml"],
        ["what-if", "--minimum-wage-file", "no-such-file.yaml"],
    ],
)
def test_usage_errors_keep_clicks_exit_code_2(contexts: Path, args: list[str]) -> None:
    code, stdout, stderr = run(contexts, *args)
    assert code == 2 and stdout == ""
    # click's own words in Chinese like the rest (issue 24 point 5), none left in English
    assert stderr.splitlines()[-1].startswith("错误：")
    assert "Error" not in stderr and "Usage" not in stderr and "Try '" not in stderr


def test_clicks_messages_are_chinese(contexts: Path) -> None:
    code, _, stderr = run(contexts, "render")
    assert code == 2
    assert stderr.splitlines() == [
        "用法： skillwage-docs render [OPTIONS] REGION",
        "运行 'skillwage-docs render --help' 查看帮助。",
        "",
        "错误：缺少参数 'REGION'.",
    ]
    code, stdout, _ = run(contexts, "--help")
    assert code == 0 and "显示本帮助并退出。" in stdout and "Show this message" not in stdout


@pytest.mark.slow
def test_a_missing_font_is_an_engine_failure_exit_3(contexts: Path, tmp_path: Path) -> None:
    """README: 3 is a template or engine failure; PDF fonts the engine cannot find are one.
    A fresh process, since each process builds its PDF writer once."""
    fonts = tmp_path / "no-fonts"
    fonts.mkdir()
    out = tmp_path / "build"
    result = subprocess.run(
        [sys.executable, "-m", "skillwage_docs.app.cli", "--contexts", str(contexts), "render",
         "yangquan", "--agreement", "mining", "--file-formats", "pdf", "--out", str(out)],
        env={**os.environ, "SKILLWAGE_FONT_DIRS": str(fonts)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert "PDF 所需字体缺失" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_render_and_build_print_their_failure_as_json(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    """Issue 24 point 1: `render --format json` and `build --format json` printed nothing on
    stdout when they failed (the decorator looked for an option they do not have)."""
    path = edit("yangquan/hospitality.yaml", "初级工, monthly: 2300", "初级工, monthly: 2150")
    only(contexts, "hospitality")
    for command in ("render", "build"):
        code, stdout, _ = run(
            contexts, command, "yangquan", "--file-formats", "html", "--format", "json"
        )
        assert code == 1, command
        data = json.loads(stdout)
        assert data["ok"] is False and data["exit_code"] == 1
        (finding,) = [f for f in data["findings"] if f["rule"] == "monthly_above_minimum"]
        assert finding["file"] == str(path) and finding["line"] == 32
        assert finding["field"] == "skill_levels[0].monthly" and finding["figure"] == "2150"
        assert finding["limit"] == "2150" and finding["agreement"] == "hospitality"


def test_every_command_prints_an_input_error_as_json(contexts: Path) -> None:
    """An unknown region in each command that reads a region: exit 2 and the JSON shape."""
    commands = [
        ("validate", "atlantis"),
        ("render", "atlantis"),
        ("liaison-table", "atlantis"),
        ("compliance-form", "atlantis"),
        ("calendar", "atlantis"),
        ("site", "atlantis"),
        ("minimum-wage", "atlantis"),
    ]
    for command in commands:
        code, stdout, stderr = run(contexts, *command, "--format", "json")
        assert code == 2, (command, stderr)
        data = json.loads(stdout)
        assert data["ok"] is False and data["exit_code"] == 2, command
        assert data["findings"] and "atlantis" in json.dumps(data, ensure_ascii=False), command
