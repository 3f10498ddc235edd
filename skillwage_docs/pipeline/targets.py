"""`Target`: one output of one agreement — a kind (the contract, a paper of the packet), filled
or blank, in a format — or its record. One type from the plan to the job to the manifest,
instead of suffix strings assembled in one module and parsed in another.

Its `suffix` names the published file (`<slug>.<suffix>`) and keys the manifest: `pdf`,
`blank.pdf`, `poster.pdf`, `poster.blank.pdf`, and `record` (`<region>/.records/<slug>.json`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..text.kinds import CONTRACT, KINDS, PACKET

__all__ = ["BLANK", "RECORD", "RECORD_TARGET", "Target", "file_targets"]

BLANK = "blank"  # the fill-in-the-blank model text: <slug>.blank.<ext>
RECORD = "record"  # the agreement's record: <region>/.records/<slug>.json


@dataclass(frozen=True)
class Target:
    kind: str = CONTRACT
    blank: bool = False
    fmt: str = "pdf"  # docx, html, pdf, or RECORD

    @property
    def is_record(self) -> bool:
        return self.fmt == RECORD

    @property
    def suffix(self) -> str:
        """`pdf`, `blank.pdf`, `poster.pdf`, `poster.blank.pdf`, `record`."""
        if self.is_record:
            return RECORD
        stem = KINDS[self.kind].suffix.lstrip(".")
        return ".".join(part for part in (stem, BLANK if self.blank else "", self.fmt) if part)

    @staticmethod
    @cache
    def parse(suffix: str) -> Target:
        """The target a suffix names (`poster.blank.pdf` → poster, blank, pdf)."""
        if suffix == RECORD:
            return RECORD_TARGET
        parts = suffix.split(".")
        fmt, rest = parts[-1], parts[:-1]
        blank = bool(rest) and rest[-1] == BLANK
        if blank:
            rest = rest[:-1]
        stem = ".".join(rest)
        kind = (
            next((k.name for k in PACKET if k.suffix.lstrip(".") == stem), None)
            if stem
            else CONTRACT
        )
        if kind is None:
            raise ValueError(f"unknown target suffix {suffix!r}")
        return Target(kind, blank, fmt)

    def __str__(self) -> str:
        return self.suffix


RECORD_TARGET = Target(CONTRACT, False, RECORD)


def file_targets(formats: Sequence[str], blank: bool, packet: bool = False) -> list[Target]:
    """The files of one agreement: the contract in each format and, with blank texts, its
    blank model text; with the packet, each paper's (filled, and blank where it has one)."""
    kinds = [KINDS[CONTRACT], *(PACKET if packet else ())]
    out = []
    for kind in kinds:
        out += [Target(kind.name, False, fmt) for fmt in formats]
        if blank and kind.blank:
            out += [Target(kind.name, True, fmt) for fmt in formats]
    return out
