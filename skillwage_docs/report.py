"""The validation report for people: a table on a terminal (colour), plain lines in CI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from .figures import yuan
from .rules import Report

__all__ = ["print_report"]


def print_report(report: Report, slugs: Sequence[str], *, console: Console | None = None) -> None:
    """Errors and warnings as a table when stdout is a terminal, else one line each."""
    console = console or Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    findings = report.errors + report.warnings
    if console.is_terminal and findings:
        table = Table(show_lines=False, header_style="bold")
        for column in ("级别", "位置", "字段", "数字", "最低标准", "说明"):
            table.add_column(column, overflow="fold")
        for finding in findings:
            style = "red" if finding.severity == "error" else "yellow"
            table.add_row(
                "错误" if finding.severity == "error" else "警告",
                finding.location,
                finding.field + (f"（{finding.label}）" if finding.label else ""),
                yuan(finding.figure) if finding.figure is not None else "",
                yuan(finding.limit) if finding.limit is not None else "",
                finding.message,
                style=style,
            )
        console.print(table)
    else:
        for finding in findings:
            prefix = "错误" if finding.severity == "error" else "警告"
            console.print(f"{prefix} {finding.line()}", markup=False)
    verdict = "通过" if report.ok else "未通过"
    console.print(
        f"校验{verdict}：{len(slugs)} 份合同，{len(report.errors)} 个错误，"
        f"{len(report.warnings)} 个警告",
        markup=False,
        style="green" if report.ok else "red",
    )
