"""Reports for people: `validate`, `what-if` and `doctor` as tables on a terminal, lines when piped.

What many lines share is said once: a warning every agreement of a region inherits is one line
with the number of agreements, and a minimum-wage standard's long description (class, date,
source) becomes a footnote number. The JSON outputs keep every line in full.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..base.figures import yuan
from ..checks.findings import Finding, Report

if TYPE_CHECKING:
    from ..checks.summaries import AgreementSummary, Shortfall
    from ..inputs.minimum_wage import Applicable
    from ..outputs.what_if import WhatIfResult
    from .doctor import Diagnosis

__all__ = ["Footnotes", "print_diagnosis", "print_provisional", "print_report", "print_what_if"]

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Agreements named in a shared line; more are counted, not listed.
_NAMES_SHOWN = 5


def _console(*, stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    # Colour and tables only on a terminal (rich drops both when piped or under CliRunner);
    # soft wrap when piped, so a long line stays one line for grep.
    return Console(stderr=stderr, highlight=False, soft_wrap=not stream.isatty())


class Footnotes:
    """Sentences repeated across lines, each printed once below them under a superscript number.

    A sentence is matched as the parenthesised aside the rules write it in, `（sentence）`, so
    the line keeps its figures and loses only the repetition.
    """

    def __init__(self, sentences: Iterable[str], lines: Iterable[str], *, repeated: int = 2):
        candidates = sorted({s for s in sentences if s}, key=len, reverse=True)
        counts = dict.fromkeys(candidates, 0)
        order: list[str] = []
        for line in lines:
            for sentence in candidates:
                hits = line.count(f"（{sentence}）")
                if hits and not counts[sentence]:
                    order.append(sentence)
                counts[sentence] += hits
        self._numbers = {s: n for n, s in enumerate((s for s in order if counts[s] >= repeated), 1)}

    def marker(self, sentence: str) -> str:
        """`¹` for a footnoted sentence, else the sentence in brackets as the rule wrote it."""
        number = self._numbers.get(sentence)
        return str(number).translate(_SUPERSCRIPT) if number else f"（{sentence}）"

    def mark(self, line: str) -> str:
        for sentence in sorted(self._numbers, key=len, reverse=True):
            line = line.replace(f"（{sentence}）", self.marker(sentence))
        return line

    def notes(self) -> list[str]:
        return [f"{self.marker(s)} {s}" for s in self._numbers]


def _agreements_note(names: Sequence[str], total: int, *, scope: str = "本地区") -> str:
    """`（本地区全部 10 份合同）`, or `（3 份合同：a、b、c）` when not all share the line."""
    if len(names) <= 1:
        return ""
    if len(names) == total:
        return f"（{scope}全部 {total} 份合同）"
    shown = "、".join(names[:_NAMES_SHOWN]) + ("等" if len(names) > _NAMES_SHOWN else "")
    return f"（{len(names)} 份合同：{shown}）"


def _sharing(report: Report) -> dict[str, list[str]]:
    """Printed line → the agreements whose findings produce it (in order, once each)."""
    sharing: dict[str, list[str]] = {}
    for finding in report.findings:
        names = sharing.setdefault(finding.render(), [])
        if finding.agreement and finding.agreement not in names:
            names.append(finding.agreement)
    return sharing


def print_report(
    report: Report,
    slugs: Sequence[str],
    *,
    console: Console | None = None,
    findings_console: Console | None = None,
) -> None:
    """Errors and warnings, each once (a line several agreements share says how many), as a
    table on a terminal, else one line each, with their footnotes, on stderr like every
    command's findings; then the verdict, the command's result, on stdout."""
    result = console or _console()
    console = findings_console or console or _console(stderr=True)
    findings = report.errors + report.warnings
    sharing = _sharing(report)
    standards = report.standards.values()
    notes = Footnotes(
        [s.describe() for s in standards] + [s.describe(hourly=True) for s in standards],
        (f.message for f in findings),
    )

    def shared(finding: Finding) -> str:
        return _agreements_note(sharing.get(finding.render(), []), len(slugs))

    if console.is_terminal and findings:
        table = Table(show_lines=False, header_style="bold")
        for column in ("级别", "位置", "字段", "数字", "最低标准", "说明"):
            table.add_column(column, overflow="fold")
        for finding in findings:
            table.add_row(
                "错误" if finding.severity == "error" else "警告",
                Text(finding.location()),
                Text(finding.field + (f"（{finding.label}）" if finding.label else "")),
                yuan(finding.figure) if finding.figure is not None else "",
                yuan(finding.limit) if finding.limit is not None else "",
                Text(notes.mark(finding.message) + shared(finding)),
                style="red" if finding.severity == "error" else "yellow",
            )
        console.print(table)
    else:
        for finding in findings:
            prefix = "错误" if finding.severity == "error" else "警告"
            line = f"{finding.location()}: {finding.field}"
            line += f"（{finding.label}）" if finding.label else ""
            line += f": {notes.mark(finding.message)}{shared(finding)}"
            console.print(f"{prefix} {line}", markup=False)
    for note in notes.notes():
        console.print(note, markup=False, style="dim")
    print_provisional(standards, console=console)
    verdict = "通过" if report.ok else "未通过"
    result.print(
        f"校验{verdict}：{len(slugs)} 份合同，{len(report.errors)} 个错误，"
        f"{len(report.warnings)} 个警告",
        markup=False,
        style="green" if report.ok else "red",
    )


# --- what-if --------------------------------------------------------------------------------


def _money(amount: str, unit: str) -> str:
    return f"{amount} 元" if unit == "monthly" else f"{amount} 元/小时"


def _cells(item: Shortfall, notes: Footnotes) -> tuple[str, str, str, str]:
    """(lowest figure, new minimum, rise needed, binding date) of one unit."""
    label = f"（{item.lowest_label}）" if item.lowest_label else f"（{item.lowest_field}）"
    return (
        _money(yuan(item.lowest), item.unit) + label,
        _money(yuan(item.minimum), item.unit) + notes.marker(item.standard),
        f"{yuan(item.rise)} 元（至 {_money(yuan(item.target), item.unit)}）",
        item.binds_from.isoformat(),
    )


def _rows(summary: AgreementSummary, notes: Footnotes) -> list[tuple[str, ...]]:
    """The agreement's row (monthly figures), then one for hourly figures if they fail too."""
    name = f"{summary.key}（{summary.subject}）" if summary.subject else summary.key
    count = f"{summary.breaches} 项"
    shortfalls = [s for s in (summary.monthly, summary.hourly) if s is not None]
    if not shortfalls:  # only other rules broke (e.g. the term): nothing to raise
        return [(name, count, "—", "—", "—", "—")]
    rows: list[tuple[str, ...]] = []
    for index, item in enumerate(shortfalls):
        head = (name, count) if index == 0 else ("  小时工资" if item.unit == "hourly" else "", "")
        rows.append((*head, *_cells(item, notes)))
    return rows


_COLUMNS = ("合同", "不合规", "最低数字", "新最低标准", "须上调", "起约束日期")


def _summary_lines(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Plain form of the summary table: one line per agreement (and per hourly shortfall)."""
    lines = []
    for name, count, lowest, minimum, rise, since in rows:
        if lowest == "—":
            lines.append(f"{name}：{count}（不涉及最低工资，见 --details）")
            continue
        what = f"最低 {lowest}，新标准 {minimum}，须上调 {rise}，自 {since} 起"
        lines.append(f"{name}：{count}；{what}" if count else f"{name}：{what}")
    return lines


def _region(key: str) -> str:
    return key.partition("/")[0]


def print_provisional(standards: Iterable[Applicable], *, console: Console | None = None) -> None:
    """The area rows to paste into the minimum-wage table for each provisional check, once."""
    console = console or _console()
    seen: set[str] = set()
    for standard in standards:
        provisional = standard.provisional
        if provisional is None or provisional.where in seen:
            continue
        seen.add(provisional.where)
        console.print(
            f"{provisional.province}的地区划分缺少 {'、'.join(provisional.areas)}：查到类别后，"
            "把下面几行补入最低工资表（class 改为所属类别，注明来源）：",
            markup=False,
        )
        console.print(provisional.block(), markup=False, highlight=False)


def print_what_if(
    result: WhatIfResult,
    *,
    details: bool = False,
    console: Console | None = None,
    errors: Console | None = None,
) -> None:
    """The summary first (per breaking agreement: breaches, lowest figure, new minimum, rise
    needed, binding date), the agreements still compliant, then with `details` every line;
    standards' descriptions as footnotes; shared warnings once with their count (stderr)."""
    console = console or _console()
    errors = errors or _console(stderr=True)
    if result.proposal:
        console.print(f"拟议的{result.province}最低工资标准（假设，不是正式文件）：", markup=False)
        for line in result.proposal:
            console.print(f"  {line}", markup=False)
    breaking = [result.summaries[key] for key in sorted(result.non_compliant)]
    detail_lines = [
        f.message for key in sorted(result.non_compliant) for f in result.breaches.get(key, [])
    ]
    in_summary = [s.standard for item in breaking for s in (item.monthly, item.hourly) if s]
    described = [
        std.describe(hourly=hourly)
        for item in breaking
        for std in item.standards
        for hourly in (False, True)
    ]
    # Every standard the summary names is a footnote (the table has no room for its source);
    # in the details, a description is footnoted wherever it appears.
    notes = Footnotes(
        in_summary + described,
        [f"（{s}）" for s in in_summary] + (detail_lines if details else []),
        repeated=1,
    )

    total = len(result.compliant) + len(result.non_compliant)
    console.print(
        f"按新的{result.province}最低工资标准：{total} 份合同中 {len(result.non_compliant)} 份不合规"
        f"（含合同期内被新标准超过的），{len(result.compliant)} 份合规",
        markup=False,
        style="bold red" if result.non_compliant else "bold green",
    )
    _print_breaking(console, [row for item in breaking for row in _rows(item, notes)])
    if result.compliant:
        console.print(f"合规：{'、'.join(result.compliant)}", markup=False, style="green")
    if details:
        _print_details(console, result, breaking, notes)
    for note in notes.notes():
        console.print(note, markup=False, style="dim")
    if result.non_compliant and not details:
        console.print("（加 --details 逐项列出每个不合规的数字及其文件和行号）", markup=False)
    _print_warnings(result.warned, result, errors)


def _print_breaking(console: Console, rows: Sequence[tuple[str, ...]]) -> None:
    """The breaking agreements' summary rows: a table on a terminal, plain lines elsewhere."""
    if rows and console.is_terminal:
        table = Table(header_style="bold")
        for column in _COLUMNS:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
    else:
        for line in _summary_lines(rows):
            console.print(line, markup=False)


def _print_details(
    console: Console, result: WhatIfResult, breaking: Sequence[AgreementSummary], notes: Footnotes
) -> None:
    """Every breaching figure of each breaking agreement, with its file and line."""
    for item in breaking:
        name = f"{item.key}（{item.subject}）" if item.subject else item.key
        console.print(f"\n{name}", markup=False, style="bold")
        for finding in result.breaches.get(item.key, []):
            label = f"（{finding.label}）" if finding.label else ""
            line = f"{finding.location()}: {finding.field}{label}: {notes.mark(finding.message)}"
            console.print(f"  {line}", markup=False)


def _print_warnings(warned: Mapping[str, list[str]], result: WhatIfResult, errors: Console) -> None:
    per_region: dict[str, int] = {}
    for key in [*result.compliant, *result.non_compliant]:
        per_region[_region(key)] = per_region.get(_region(key), 0) + 1
    for line, keys in warned.items():
        regions = {_region(key) for key in keys}
        total = per_region[next(iter(regions))] if len(regions) == 1 else len(keys)
        scope = "本地区" if len(regions) == 1 else ""
        note = _agreements_note(keys, total, scope=scope)
        errors.print(f"警告 {line}{note}", markup=False, style="yellow")


# --- doctor ---------------------------------------------------------------------------------

_STATUS = {"ok": ("正常", "green"), "warning": ("警告", "yellow"), "error": ("错误", "red")}


def print_diagnosis(diagnosis: Diagnosis, *, console: Console | None = None) -> None:
    """Each check with what it is for; then the command that installs what is missing, and
    whether the default outputs (DOCX, HTML, PDF through Typst) can be produced."""
    console = console or _console()
    if console.is_terminal:
        table = Table(header_style="bold")
        for column in ("状态", "检查项", "结果", "用途"):
            table.add_column(column, overflow="fold")
        for check in diagnosis.checks:
            word, style = _STATUS[check.status]
            table.add_row(Text(word, style=style), check.name, Text(check.detail), check.needed_for)
        console.print(table)
    else:
        for check in diagnosis.checks:
            word, _ = _STATUS[check.status]
            console.print(
                f"{word} {check.name}［{check.needed_for}］：{check.detail}", markup=False
            )
    commands = diagnosis.install_commands()
    if commands:
        console.print("安装缺少的软件：", markup=False)
        for command in commands:
            console.print(f"  {command}", markup=False, style="bold")
    errors = sum(check.status == "error" for check in diagnosis.checks)
    warnings = sum(check.status == "warning" for check in diagnosis.checks)
    if errors:
        verdict = f"结论：默认输出（DOCX、HTML、PDF/Typst）不能全部生成：{errors} 项错误"
    else:
        verdict = "结论：默认输出（DOCX、HTML、PDF/Typst）都能生成"
        verdict += f"；{warnings} 项可选功能缺少软件" if warnings else ""
    console.print(verdict, markup=False, style="red" if errors else "green")
