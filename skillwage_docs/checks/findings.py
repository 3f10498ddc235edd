"""What validation reports: one `Finding` per problem, and the `Report` of a whole run."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..base.errors import Problem
from ..base.figures import yuan
from ..inputs.minimum_wage import Applicable

__all__ = ["Finding", "Report", "Severity"]

Severity = Literal["error", "warning"]

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem, pointing at the file and line that holds the offending value.

    `location` is `file:line` as printed; `file` and `lineno` are the same place as data
    (set by `RuleContext.finding`; a hook that builds a `Finding` itself may leave them out).
    """

    severity: Severity
    location: str
    field: str
    figure: Decimal | None = None
    limit: Decimal | None = None
    source: str = ""
    message: str
    label: str = ""
    rule: str = ""
    agreement: str = ""
    file: Path | None = None
    lineno: int | None = None

    def __post_init__(self) -> None:
        # Messages quote data (an occupation name): never a raw line break or terminal escape.
        for name in ("field", "label", "message"):
            object.__setattr__(self, name, _printable(getattr(self, name)))

    @classmethod
    def from_problem(cls, problem: Problem, *, rule: str = "", agreement: str = "") -> Finding:
        """An input problem met while validating (a hook that cannot load) as an error."""
        return cls(
            severity="error",
            location=problem.location(),
            field=problem.field,
            message=problem.text(),
            rule=rule,
            agreement=agreement,
            file=problem.file,
            lineno=problem.line,
        )

    def line(self, root: Path | None = None) -> str:
        """`file:line: field（label）: message`, the form editors and CI annotate; with
        `root`, a file inside it is named relative to it (the site names no machine path)."""
        label = f"（{self.label}）" if self.label else ""
        return f"{self.where(root)}: {self.field}{label}: {self.message}"

    def where(self, root: Path | None = None) -> str:
        if root is None or self.file is None:
            return self.location
        return Problem(file=self.file, line=self.lineno).location(root)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        """The finding `to_json` wrote (a build record keeps its findings this way)."""
        values = {name: data.get(name) for name in _JSON_FIELDS}
        return cls(
            **{name: value for name, value in values.items() if value is not None},
            figure=None if data.get("figure") is None else Decimal(data["figure"]),
            limit=None if data.get("limit") is None else Decimal(data["limit"]),
            file=None if data.get("file") is None else Path(data["file"]),
            lineno=data.get("line"),
        )

    def to_json(self) -> dict[str, Any]:
        """The keys of `Problem.to_json`: a finding and a load error read alike."""
        return {
            "severity": self.severity,
            "location": self.location,
            "file": None if self.file is None else str(self.file),
            "line": self.lineno,
            "field": self.field,
            "figure": None if self.figure is None else yuan(self.figure),
            "limit": None if self.limit is None else yuan(self.limit),
            "source": self.source,
            "message": self.message,
            "label": self.label,
            "rule": self.rule,
            "agreement": self.agreement,
        }


_JSON_FIELDS = ("severity", "location", "field", "source", "message", "label", "rule", "agreement")


@dataclass
class Report:
    """Every finding of every agreement checked."""

    strict: bool = False
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    standards: dict[str, Applicable] = field(default_factory=dict)

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

    def lines(self) -> list[str]:
        """Errors first, then warnings, one line each as printed."""
        return [f.line() for f in (*self.errors, *self.warnings)]

    def to_json(self) -> dict[str, Any]:
        """`findings` lists every copy, each naming its agreement; the counts are of lines."""
        return {
            "ok": self.ok,
            "strict": self.strict,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "agreements": {
                slug: {"minimum": self.standards[slug].to_json()} for slug in self.checked
            },
            "findings": [f.to_json() for f in self.findings],
        }


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.line(), finding)
    return list(first.values())
