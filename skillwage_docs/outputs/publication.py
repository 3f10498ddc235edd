"""What an output builder reads and returns: the `Publication` of one build, its
`OutputResult`, and the `OutputBuilder` entry the registry (`builders.py`) lists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..base.findings import Finding
from ..pipeline.buildreport import BuildResult
from ..pipeline.records import AgreementRecord

__all__ = ["OutputBuilder", "OutputResult", "Publication"]


@dataclass(frozen=True)
class Publication:
    """What one build published: every output builder reads this and nothing else."""

    contexts: Path
    out: Path
    regions: tuple[str, ...]
    records: tuple[AgreementRecord, ...]  # every agreement the build covered, in order
    result: BuildResult
    today: date

    def by_region(self) -> Iterator[tuple[str, list[AgreementRecord]]]:
        """Each region of the build with its records (a region with none is skipped)."""
        for region in self.regions:
            records = [record for record in self.records if record.region == region]
            if records:
                yield region, records


@dataclass
class OutputResult:
    """What a builder wrote, and what it has to tell the terminal."""

    name: str
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "no liaison point": not an error
    warnings: list[Finding] = field(default_factory=list)
    # What the command that asked for this output alone prints (the calendar's rows…).
    data: Any = None

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        return {
            "written": [str(path) for path in self.written],
            "removed": [str(path) for path in self.removed],
            "notes": self.notes,
            "warnings": [finding.to_json(root) for finding in self.warnings],
        }


@dataclass(frozen=True)
class OutputBuilder:
    name: str  # as `--outputs` names it
    title: str  # what a union's staff calls it
    run: Callable[[Publication], OutputResult]
    # Whether it needs the build's files (the site links every format), or only the records.
    needs_files: bool = False
