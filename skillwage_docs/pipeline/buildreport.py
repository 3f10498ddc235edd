"""The build's report: what a build returns (`BuildResult`) and writes (out/REPORT.md, out/report.json).

Not to be confused with the validation result (`rules.Report`, what `validate` prints) or the
terminal printing of results (`report.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.findings import Finding
from ..base.publish import write_atomic

__all__ = [
    "BUILD_REPORT",
    "BUILD_REPORT_JSON",
    "BuildResult",
    "build_report_markdown",
    "write_build_report",
]

BUILD_REPORT = "REPORT.md"
BUILD_REPORT_JSON = "report.json"


@dataclass
class BuildResult:
    """What one build did, file by file, and what it refused."""

    rebuilt: list[str] = field(default_factory=list)  # "region/slug.pdf", published now
    skipped: list[str] = field(default_factory=list)  # fresh, not rendered
    failed: dict[str, list[Finding]] = field(default_factory=dict)  # "region/slug" → errors
    warnings: list[Finding] = field(default_factory=list)
    changes: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)  # target → create/update/identical
    # Every agreement the build covered ("region/slug", in order): whose records it vouches for.
    agreements: list[str] = field(default_factory=list)
    # Blank model texts: distinct texts used, and files rendered (the rest were linked).
    blank_texts: int = 0
    blanks_rendered: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def warning_lines(self, root: Path | None = None) -> list[str]:
        """Each distinct warning once, as printed, in order."""
        return list(dict.fromkeys(finding.render(root) for finding in self.warnings))

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """Every finding a record with its file and line; the shape of a validation report
        (`ok`, counts, `findings`) plus what was rebuilt, skipped and changed."""
        errors = [f for findings in self.failed.values() for f in findings]
        warnings = list({f.render(): f for f in self.warnings}.values())
        return {
            "ok": self.ok,
            "error_count": len(errors),
            "warning_count": len(warnings),
            "findings": [f.to_json(root) for f in (*errors, *warnings)],
            "rebuilt": self.rebuilt,
            "skipped": self.skipped,
            "failed": sorted(self.failed),
            "changes": {
                key: [{"figure": name, "old": old, "new": new} for name, old, new in rows]
                for key, rows in self.changes.items()
            },
        }


def write_build_report(out: Path, result: BuildResult) -> None:
    write_atomic(out / BUILD_REPORT, build_report_markdown(result).encode("utf-8"))
    write_atomic(
        out / BUILD_REPORT_JSON,
        json.dumps(result.to_json(), ensure_ascii=False, indent=2).encode("utf-8"),
    )


def build_report_markdown(result: BuildResult) -> str:
    """REPORT.md: counts, then what failed, which figures changed, which files, the warnings."""
    lines = [
        "# 生成报告",
        "",
        f"- 重新生成：{len(result.rebuilt)} 个文件",
        f"- 未变化（跳过）：{len(result.skipped)} 个文件",
        f"- 校验未通过：{len(result.failed)} 份合同",
        "",
    ]
    if result.failed:
        lines += ["## 校验未通过", ""]
        for key, reasons in sorted(result.failed.items()):
            lines.append(f"### {key}")
            lines += [f"- {reason.render()}" for reason in reasons]
            lines.append("")
    if result.changes:
        lines += ["## 数字变化", "", "| 合同 | 项目 | 原值 | 新值 |", "|---|---|---|---|"]
        for key, rows in sorted(result.changes.items()):
            for name, old, new in rows:
                lines.append(f"| {key} | {name} | {old or '—'} | {new or '—'} |")
        lines.append("")
    if result.rebuilt:
        lines += ["## 重新生成的文件", ""]
        lines += [f"- {target}（{result.actions.get(target, '')}）" for target in result.rebuilt]
        lines.append("")
    if result.warnings:
        lines += ["## 警告", ""]
        lines += [f"- {line}" for line in sorted(result.warning_lines())]
        lines.append("")
    return "\n".join(lines)
