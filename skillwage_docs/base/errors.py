"""The one exception root; each class carries the CLI exit code it maps to and its findings as data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .findings import Finding

__all__ = [
    "InputError",
    "RenderError",
    "SkillwageError",
    "ValidationFailed",
]


class SkillwageError(Exception):
    """Root of every error the library raises on purpose.

    `message` is one finding, or the summary of `details` ("3 处输入错误…"); a detail given as
    text is a finding with no location (a foreign library's message).
    """

    exit_code = 2

    def __init__(self, message: str | Finding, *, details: Sequence[Finding | str] = ()) -> None:
        self.summary = message if isinstance(message, Finding) else Finding(message=message)
        self._details = [
            item if isinstance(item, Finding) else Finding(message=item) for item in details
        ]
        self.message = self.summary.render()
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process and re-raised in the parent: keep the findings.
        return (_rebuild, (type(self), self.summary, tuple(self._details)))

    @property
    def findings(self) -> list[Finding]:
        """Every finding: the details, or the one the message states."""
        return list(self._details) or [self.summary]

    @property
    def details(self) -> list[str]:
        """The details as printed lines (empty when the message is the only finding)."""
        return [finding.render() for finding in self._details]

    def lines(self, root: Path | None = None) -> list[str]:
        """One line per finding, the summary last, as the CLI prints them."""
        details = [finding.render(root) for finding in self._details]
        return [*details, self.summary.render(root)]

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """What `--format json` prints on failure: the shape of a validation report."""
        findings = [finding.to_json(root) for finding in self.findings]
        return {
            "ok": False,
            "exit_code": self.exit_code,
            "summary": self.summary.render(root),
            "error_count": len(findings),
            "warning_count": 0,
            "findings": findings,
        }


def _rebuild(
    cls: type[SkillwageError], summary: Finding, details: tuple[Finding, ...]
) -> SkillwageError:
    return cls(summary, details=details)


class InputError(SkillwageError):
    """Bad input: unreadable or malformed context, unknown region, bad option (exit 2)."""

    exit_code = 2


class ValidationFailed(SkillwageError):
    """A context loaded fine but breaks a rule, e.g. a wage at or below the legal minimum (exit 1)."""

    exit_code = 1


class RenderError(SkillwageError):
    """A template or engine failed, a missing font included; points at the template and the
    context (exit 3)."""

    exit_code = 3
