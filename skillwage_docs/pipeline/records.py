"""Records: what the build decided about each agreement, for the outputs that consume it.

A build writes one record per agreement, `out/<region>/.records/<slug>.json`, in the same
staging folder and atomic publish as the agreement's files. It holds everything the site, the
liaison table, the calendar and the redline need, so they never load, validate or compose again
(Sphinx's extra builders work over one environment the same way):

    version      RECORD_VERSION
    key          "<region>/<slug>"
    ok           false when validation (or the read-back check) refused it
    findings     every finding, structured (`Finding.to_json()`: severity, rule, location, field,
                 label, message, figure and limit where set, source)
    minimum      the binding minimum: `Applicable.to_json()` plus "description" (as the site
                 prints it) and "unconfirmed_rows" ([where, what] for each unconfirmed row)
    later        the standards taking effect within the term, each in the same form
    agreement    the validated agreement as JSON, which `Agreement.model_validate` accepts
                 (amounts as JSON numbers: read them with parse_float=Decimal)
    where        [file, line] of each key down to depth 2 ("" the file), for messages
    figures      every wage figure under its readable key (`wage_figures`), for change reports
    document     the composed contract (`document_to_data`), or null when refused
    packet       the papers of the bargaining packet the build makes beside the contract,
                 [{"kind", "title", "suffix"}, …] in procedure order (files
                 `<slug><suffix>.<ext>`, blank `<slug><suffix>.blank.<ext>`; kinds.py); [] when
                 built with --no-packet
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..base.figures import yuan
from ..base.publish import check_name
from ..checks.findings import Finding
from ..inputs.agreement import Agreement, wage_figures
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import Applicable, Unconfirmed
from ..inputs.minimum_wage_model import Exclusions
from ..text.document import Document, document_from_data, document_to_data
from ..text.kinds import Kind

__all__ = [
    "RECORDS",
    "RECORD_VERSION",
    "AgreementRecord",
    "RecordedMinimum",
    "RecordedPaper",
    "make_record",
    "read_records",
    "record_path",
]

RECORDS = ".records"
RECORD_VERSION = 1


def record_path(out: Path, key: str) -> Path:
    """out/<region>/.records/<slug>.json (region and slug are checked slugs)."""
    region, _, slug = key.partition("/")
    return out / check_name(region) / RECORDS / f"{check_name(slug)}.json"


def _json_default(value: Any) -> Any:
    # Amounts stay numbers (Money refuses text), exactly: at most two decimals, which a
    # float's shortest repr keeps and parse_float=Decimal reads back unchanged.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


@dataclass(frozen=True)
class RecordedMinimum:
    """A minimum-wage standard as the build looked it up: what the outputs print of it."""

    data: Mapping[str, Any]

    @property
    def province(self) -> str:
        return str(self.data["province"])

    @property
    def effective(self) -> date:
        return date.fromisoformat(self.data["effective"])

    @property
    def monthly(self) -> Decimal:
        return Decimal(self.data["monthly"])

    @property
    def monthly_class(self) -> str:
        return str(self.data["monthly_class"])

    @property
    def hourly(self) -> Decimal | None:
        value = self.data["hourly"]
        return None if value is None else Decimal(value)

    @property
    def confirmed(self) -> bool:
        return bool(self.data["confirmed"])

    @property
    def exclusions(self) -> Exclusions | None:
        """What the standard leaves out of the wage compared with it (None in an old record)."""
        data = self.data.get("exclusions")
        return None if data is None else Exclusions.model_validate(data)

    @property
    def unconfirmed(self) -> tuple[Unconfirmed, ...]:
        return tuple(Unconfirmed(where, what) for where, what in self.data["unconfirmed_rows"])

    def describe(self) -> str:
        """e.g. 山西省一类地区（阳泉市城区），2025年1月1日起执行，来源：…"""
        return str(self.data["description"])

    @classmethod
    def of(cls, applicable: Applicable) -> RecordedMinimum:
        return cls(
            {
                **applicable.to_json(),
                "description": applicable.describe(),
                "unconfirmed_rows": [[row.where, row.what] for row in applicable.unconfirmed],
            }
        )


@dataclass(frozen=True)
class RecordedPaper:
    """A paper of the bargaining packet as the build named its files."""

    kind: str  # kinds.KINDS key
    title: str  # 工资标准公示
    suffix: str  # .poster: files <slug>.poster.pdf, <slug>.poster.blank.pdf

    @classmethod
    def of(cls, kind: Kind) -> RecordedPaper:
        return cls(kind.name, kind.title, kind.suffix)


@dataclass(frozen=True)
class AgreementRecord:
    """One agreement as the build left it (see the module docstring for the file format)."""

    key: str
    ok: bool
    findings: tuple[Finding, ...]
    agreement: Agreement
    minimum: RecordedMinimum
    later: tuple[RecordedMinimum, ...]
    positions: Mapping[str, tuple[str, int]]
    figures: Mapping[str, str]
    document: Document | None
    packet: tuple[RecordedPaper, ...] = ()

    @property
    def region(self) -> str:
        return self.key.partition("/")[0]

    @property
    def slug(self) -> str:
        return self.key.partition("/")[2]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def where(self, *path: str | int) -> str:
        """`file:line` of the deepest recorded prefix of `path` (as `LoadedAgreement.where`)."""
        parts = [str(part) for part in path[:2]]
        for end in range(len(parts), -1, -1):
            hit = self.positions.get(".".join(parts[:end]))
            if hit is not None:
                return f"{hit[0]}:{hit[1]}"
        return f"{self.key}:1"  # pragma: no cover - the file itself is always recorded

    def to_json(self) -> dict[str, Any]:
        return {
            "version": RECORD_VERSION,
            "key": self.key,
            "ok": self.ok,
            "findings": [f.to_json() for f in self.findings],
            "minimum": dict(self.minimum.data),
            "later": [dict(item.data) for item in self.later],
            "agreement": self.agreement.model_dump(mode="python"),
            "where": {name: list(hit) for name, hit in self.positions.items()},
            "figures": dict(self.figures),
            "document": None if self.document is None else document_to_data(self.document),
            "packet": [{"kind": p.kind, "title": p.title, "suffix": p.suffix} for p in self.packet],
        }

    def dumps(self) -> bytes:
        text = json.dumps(
            self.to_json(), ensure_ascii=False, separators=(",", ":"), default=_json_default
        )
        return text.encode("utf-8")

    @classmethod
    def loads(cls, data: bytes) -> AgreementRecord:
        raw = json.loads(data, parse_float=Decimal)
        if raw.get("version") != RECORD_VERSION:
            raise ValueError(f"record version {raw.get('version')!r}")
        return cls(
            key=str(raw["key"]),
            ok=bool(raw["ok"]),
            findings=tuple(Finding.from_json(item) for item in raw["findings"]),
            agreement=Agreement.model_validate(raw["agreement"]),
            minimum=RecordedMinimum(raw["minimum"]),
            later=tuple(RecordedMinimum(item) for item in raw["later"]),
            positions={name: (str(f), int(n)) for name, (f, n) in raw["where"].items()},
            figures={str(k): str(v) for k, v in raw["figures"].items()},
            document=None if raw["document"] is None else document_from_data(raw["document"]),
            packet=tuple(
                RecordedPaper(str(p["kind"]), str(p["title"]), str(p["suffix"]))
                for p in raw.get("packet", [])
            ),
        )


def _positions(loaded: LoadedAgreement) -> dict[str, tuple[str, int]]:
    """[file, line] of every key down to depth 2: enough for the consumers' messages."""
    out: dict[str, tuple[str, int]] = {"": (str(loaded.path), 1)}
    for path, (file, line) in loaded.source.positions.items():
        if 0 < len(path) <= 2:
            out[".".join(str(part) for part in path)] = (str(file), line)
    return out


def make_record(
    key: str,
    loaded: LoadedAgreement,
    findings: Sequence[Finding],
    minimum: Applicable,
    later: Iterable[Applicable],
    document: Document | None,
    packet: Iterable[Kind] = (),
) -> AgreementRecord:
    """The record of one agreement the build validated (and, if `document`, composed);
    `packet`: the kinds of the packet papers the build makes beside the contract."""
    agreement = loaded.agreement
    return AgreementRecord(
        key=key,
        ok=document is not None and not any(f.severity == "error" for f in findings),
        findings=tuple(findings),
        agreement=agreement,
        minimum=RecordedMinimum.of(minimum),
        later=tuple(RecordedMinimum.of(item) for item in later),
        positions=_positions(loaded),
        figures={name: yuan(value) for name, value in wage_figures(agreement).items()},
        document=document,
        packet=tuple(RecordedPaper.of(kind) for kind in packet) if document is not None else (),
    )


def read_record(out: Path, key: str) -> AgreementRecord | None:
    """The published record of `key`, or None when there is none (or it cannot be read)."""
    try:
        return AgreementRecord.loads(record_path(out, key).read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_records(out: Path, keys: Iterable[str]) -> list[AgreementRecord]:
    """The records of `keys`, in that order; a missing one is an error naming the build."""
    records = []
    for key in keys:
        record = read_record(out, key)
        if record is None:
            raise InputError(f"{record_path(out, key)}: 没有可读的生成记录，请重新生成（--force）")
        records.append(record)
    return records
