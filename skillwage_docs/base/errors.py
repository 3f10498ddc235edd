"""The one exception root; each class carries the CLI exit code it maps to and its problems as data."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "InputError",
    "Problem",
    "RenderError",
    "SkillwageError",
    "ValidationFailed",
]


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One problem with where it was found: `file:line: field: message`, any part but the
    message may be unknown. Kept as data so the CLI prints lines, `--format json` prints
    records shaped like a `Finding`'s, and the site prints paths relative to its own root."""

    file: Path | None = None
    line: int | None = None
    field: str = ""
    message: str = ""
    # A problem met while looking something up for this one (a minimum-wage table row missing
    # for an agreement's area): rendered in place of the message, with its own location.
    cause: Problem | None = None

    def location(self, root: Path | None = None) -> str:
        """`file:line`, `file` or "" — the file relative to `root` when it lies inside it."""
        if self.file is None:
            return ""
        shown = _relative(self.file, root) if root is not None else self.file
        return f"{shown}:{self.line}" if self.line is not None else str(shown)

    def text(self, root: Path | None = None) -> str:
        """The message, or the cause's whole line when this problem wraps one."""
        return self.cause.render(root) if self.cause is not None else self.message

    def render(self, root: Path | None = None) -> str:
        """The line the CLI prints; with `root`, paths inside it are shown relative to it."""
        parts = [part for part in (self.location(root), self.field) if part]
        return ": ".join([*parts, self.text(root)])

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        """The keys of `Finding.to_json`, so a load error and a rule finding read alike."""
        return {
            "severity": "error",
            "location": self.location(),
            "file": None if self.file is None else str(self.file),
            "line": self.line,
            "field": self.field,
            "figure": None,
            "limit": None,
            "source": "",
            "message": self.text(),
            "label": "",
            "rule": "",
            "agreement": "",
        }


def _relative(path: Path, root: Path) -> Path:
    return _relative_from(path, root, os.getcwd())  # a relative path is relative to the cwd


@lru_cache(maxsize=256)
def _relative_from(path: Path, root: Path, cwd: str) -> Path:
    # Lexical, without resolving links, and once per file: an error may carry 60,000
    # problems in one file, and work per line would cost more than reading that file.
    try:
        return Path(cwd, path).relative_to(Path(cwd, root))
    except ValueError:
        return path


class SkillwageError(Exception):
    """Root of every error the library raises on purpose.

    `message` is one problem, or the summary of `details` ("3 处输入错误…"); a detail given as
    text is a problem with no location (foreign messages, older call sites).
    """

    exit_code = 2

    def __init__(self, message: str | Problem, *, details: Sequence[Problem | str] = ()) -> None:
        self.summary = message if isinstance(message, Problem) else Problem(message=message)
        self._details = [
            item if isinstance(item, Problem) else Problem(message=item) for item in details
        ]
        self.message = self.summary.render()
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process and re-raised in the parent: keep the problems.
        return (_rebuild, (type(self), self.summary, tuple(self._details)))

    @property
    def problems(self) -> list[Problem]:
        """Every problem: the details, or the one the message states."""
        return list(self._details) or [self.summary]

    @property
    def details(self) -> list[str]:
        """The details as printed lines (empty when the message is the only problem)."""
        return [problem.render() for problem in self._details]

    def lines(self, root: Path | None = None) -> list[str]:
        """One line per problem, the summary last, as the CLI prints them."""
        details = [problem.render(root) for problem in self._details]
        return [*details, self.summary.render(root)]

    def to_json(self) -> dict[str, Any]:
        """What `--format json` prints on failure: the shape of a validation report."""
        problems = [problem.to_json() for problem in self.problems]
        return {
            "ok": False,
            "exit_code": self.exit_code,
            "summary": self.message,
            "error_count": len(problems),
            "warning_count": 0,
            "findings": problems,
        }


def _rebuild(
    cls: type[SkillwageError], summary: Problem, details: tuple[Problem, ...]
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
