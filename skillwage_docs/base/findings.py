"""The one record of a problem, from the loader through validation and the jobs to the CLI's
lines and JSON: `Finding`. It keeps its file, line and field all the way; nothing turns it
into a string to parse back."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .figures import yuan

__all__ = ["Finding", "Severity"]

Severity = Literal["error", "warning"]

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem and where it was found: `file:line: field（label）: message`.

    Any part but the message may be unknown. `place` says where when it is not a line: a
    cell of a workbook (`自查表!J5`), or something outside any file (an entry point). A
    validation finding adds the figure, the limit it broke and the limit's source, the rule
    and the agreement; an input problem met while looking something up for this one (a
    minimum-wage row missing for an agreement's area) is its `cause`, printed in place of
    the message with its own location.
    """

    message: str = ""
    severity: Severity = "error"
    file: Path | None = None
    line: int | None = None
    place: str = ""
    field: str = ""
    label: str = ""
    figure: Decimal | None = None
    limit: Decimal | None = None
    source: str = ""
    rule: str = ""
    agreement: str = ""
    cause: Finding | None = None

    def __post_init__(self) -> None:
        # Messages quote data (an occupation name): never a raw line break or terminal escape.
        for name in ("field", "label", "message"):
            object.__setattr__(self, name, _printable(getattr(self, name)))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, root: Path | None = None) -> str:
        """`file:line`, `file:place`, `file`, `place` or "" — the file relative to `root`
        when it lies inside it (the site and the CLI name no machine path)."""
        shown = self.shown_file(root)
        if shown is None:
            return self.place
        if self.line is not None:
            return f"{shown}:{self.line}"
        return f"{shown}:{self.place}" if self.place else str(shown)

    def shown_file(self, root: Path | None = None) -> Path | None:
        """The file, relative to `root` when it lies inside it."""
        if self.file is None or root is None:
            return self.file
        return _relative(self.file, root)

    def text(self, root: Path | None = None) -> str:
        """The message, or the cause's whole line when this finding wraps one."""
        return self.cause.render(root) if self.cause is not None else self.message

    def render(self, root: Path | None = None) -> str:
        """The line the CLI prints, editors and CI annotate: `file:line: field（label）: message`."""
        field = f"{self.field}（{self.label}）" if self.label else self.field
        parts = [part for part in (self.location(root), field) if part]
        return ": ".join([*parts, self.text(root)])

    def __str__(self) -> str:
        return self.render()

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """The record `--format json` prints and a build record keeps (`from_json` reads it)."""
        file = self.shown_file(root)
        return {
            "severity": self.severity,
            "location": self.location(root),
            "file": None if file is None else str(file),
            "line": self.line,
            "place": self.place,
            "field": self.field,
            "figure": None if self.figure is None else yuan(self.figure),
            "limit": None if self.limit is None else yuan(self.limit),
            "source": self.source,
            "message": self.text(root),
            "label": self.label,
            "rule": self.rule,
            "agreement": self.agreement,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        """The finding `to_json` wrote (its cause is kept as the message it printed)."""
        text = {name: str(data.get(name) or "") for name in _TEXT_FIELDS}
        return cls(
            message=text["message"],
            place=text["place"],
            field=text["field"],
            label=text["label"],
            source=text["source"],
            rule=text["rule"],
            agreement=text["agreement"],
            severity="warning" if data.get("severity") == "warning" else "error",
            file=None if data.get("file") is None else Path(data["file"]),
            line=data.get("line"),
            figure=None if data.get("figure") is None else Decimal(data["figure"]),
            limit=None if data.get("limit") is None else Decimal(data["limit"]),
        )


_TEXT_FIELDS = ("message", "place", "field", "label", "source", "rule", "agreement")


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
