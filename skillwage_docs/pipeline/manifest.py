"""Manifest: what the last builds of an output folder finished, kept small enough for 14,000 agreements.

`out/.manifest.json` holds, per agreement, the digest of its files, its province, whether it
failed, the warnings it had (as indices into one shared list: most agreements of a region share
them) and, per target (a format, a blank format, or the record), the inputs digest it was built
from, the sha256 of what was published and the size and mtime seen right after publishing. The
findings, figures and composed text live in the records (`records.py`), not here.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..base.findings import Finding
from ..base.publish import write_atomic

__all__ = ["MANIFEST", "AgreementEntry", "Manifest", "TargetEntry", "file_stat"]

MANIFEST = ".manifest.json"
VERSION = 3  # 3: warnings are findings (file, line, field…), not printed lines


def file_stat(path: Path) -> tuple[int, int] | None:
    """Size and mtime: a no-op run compares these rather than reading every output back."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class TargetEntry(NamedTuple):
    """One published target: a tuple, stored as a JSON list (100,000 of them load fast)."""

    inputs: str  # the digest of what it was built from (plan.target_inputs)
    sha256: str  # of the published bytes
    size: int | None
    mtime_ns: int | None

    @property
    def stat(self) -> tuple[int, int] | None:
        if self.size is None or self.mtime_ns is None:
            return None
        return (self.size, self.mtime_ns)

    @classmethod
    def of(cls, inputs: str, sha256: str, stat: tuple[int, int] | None) -> TargetEntry:
        size, mtime = stat if stat is not None else (None, None)
        return cls(inputs, sha256, size, mtime)


@dataclass
class AgreementEntry:
    digest: str  # region file + agreement file bytes
    province: str
    failed: bool = False
    warnings: list[Finding] = field(default_factory=list)
    targets: dict[str, TargetEntry] = field(default_factory=dict)  # suffix → entry


@dataclass
class Manifest:
    agreements: dict[str, AgreementEntry] = field(default_factory=dict)  # "region/slug" → entry

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The record of finished targets; an unreadable manifest means "rebuild everything"."""
        # Half a million small objects and no cycle among them: the cyclic collector would
        # scan them again and again while they are made (most of a no-op run's time at scale).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls._load(out)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _load(cls, out: Path) -> Manifest:
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls()
        try:
            return cls._parse(data)
        except (TypeError, ValueError, KeyError, AttributeError):
            return cls()

    @classmethod
    def _parse(cls, data: dict[str, Any]) -> Manifest:
        shared = [Finding.from_json(item) for item in data.get("warnings", [])]
        agreements = {}
        for key, item in data.get("agreements", {}).items():
            targets = {
                suffix: TargetEntry._make(raw) for suffix, raw in item.get("targets", {}).items()
            }
            agreements[key] = AgreementEntry(
                digest=str(item["digest"]),
                province=str(item["province"]),
                failed=bool(item.get("failed", False)),
                warnings=[shared[index] for index in item.get("warnings", [])],
                targets=targets,
            )
        return cls(agreements)

    def target(self, key: str, suffix: str) -> TargetEntry | None:
        entry = self.agreements.get(key)
        return entry.targets.get(suffix) if entry is not None else None

    def to_json(self) -> dict[str, Any]:
        shared: dict[str, int] = {}
        records: list[dict[str, Any]] = []
        agreements = {}
        for key, entry in self.agreements.items():
            item: dict[str, Any] = {"digest": entry.digest, "province": entry.province}
            if entry.failed:
                item["failed"] = True
            if entry.warnings:
                item["warnings"] = [_index(finding, shared, records) for finding in entry.warnings]
            item["targets"] = {suffix: list(t) for suffix, t in entry.targets.items()}
            agreements[key] = item
        return {"version": VERSION, "warnings": records, "agreements": agreements}

    def save(self, out: Path) -> None:
        text = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        write_atomic(out / MANIFEST, text.encode("utf-8"))


def _index(finding: Finding, shared: dict[str, int], records: list[dict[str, Any]]) -> int:
    """The finding's place in the shared list, added once per distinct printed line."""
    line = finding.render()
    if line not in shared:
        shared[line] = len(records)
        records.append(finding.to_json())
    return shared[line]
