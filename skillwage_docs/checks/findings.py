"""What validation reports: the `Report` of a whole run, one `Finding` per problem (the record
every layer shares, `base/findings.py`; re-exported here for hooks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.findings import Finding, Severity
from ..inputs.minimum_wage import Applicable

__all__ = ["Finding", "Report", "Severity"]


@dataclass
class Report:
    """Every finding of every agreement checked."""

    strict: bool = False
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    standards: dict[str, Applicable] = field(default_factory=dict)
    # The minimums taking effect later in each agreement's term (looked up once, for the rules
    # and the record alike).
    later: dict[str, tuple[Applicable, ...]] = field(default_factory=dict)

    # errors/warnings are what gets printed: a finding on a field several agreements inherit
    # from region.yaml is the same line for each of them, so it is listed once (the first
    # agreement's copy); `findings` and `for_agreement` keep every copy.
    @property
    def errors(self) -> list[Finding]:
        return _unique(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> list[Finding]:
        return _unique(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_agreement(self, slug: str) -> list[Finding]:
        return [f for f in self.findings if f.agreement == slug]

    def lines(self, root: Path | None = None) -> list[str]:
        """Errors first, then warnings, one line each as printed."""
        return [f.render(root) for f in (*self.errors, *self.warnings)]

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """`findings` lists every copy, each naming its agreement; the counts are of lines."""
        return {
            "ok": self.ok,
            "strict": self.strict,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "agreements": {
                slug: {"minimum": self.standards[slug].to_json()} for slug in self.checked
            },
            "findings": [f.to_json(root) for f in self.findings],
        }


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.render(), finding)
    return list(first.values())
