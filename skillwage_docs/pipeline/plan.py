"""Plan: which targets are stale, as a pure function of the content hashes of their inputs.

A target is one output of one agreement: a format ("pdf"), a blank format ("blank.pdf"), a
paper of the bargaining packet ("poster.pdf", "poster.blank.pdf": `kinds.PACKET`) or its record
("record", `records.py`). It is rebuilt only when one of its inputs changed: the region and
agreement files, its province's minimum-wage file, the templates of its format, the clause
templates of its kind (`Kind.sources`: a change to the poster's rebuilds the posters only), the
rules in force (for the record), or the code. The plan reads no output:
whether a published file is still the one recorded comes in as `fresh`, so the same plan runs
in one process, in a pool, or on a distributed engine (README: "Scaling out").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import __version__
from ..base.findings import Finding
from ..inputs.sources import AgreementSource, sha
from ..text.environment import TEMPLATES
from ..text.kinds import CONTRACT, KINDS, PACKET, PACKET_MACROS
from .manifest import Manifest
from .records import record_path

__all__ = [
    "BLANK",
    "RECORD",
    "Plan",
    "Planned",
    "file_suffixes",
    "parse_suffix",
    "plan_build",
    "split_suffix",
    "target_inputs",
    "target_path",
]

BLANK = "blank"  # the fill-in-the-blank model text: <slug>.blank.<ext>
RECORD = "record"  # the agreement's record: <region>/.records/<slug>.json

_LAYOUTS = {
    "html": ("contract.html.j2", "contract.css"),
    "pdf": ("contract.typ",),
    "docx": ("contract.docx",),
}


@cache
def code_fingerprint() -> str:
    """The package version and its source: a code change rebuilds everything it could affect."""
    package = Path(__file__).resolve().parents[1]  # skillwage_docs/
    sources = sorted(package.rglob("*.py"))
    return sha(__version__.encode(), *(path.read_bytes() for path in sources))


@cache
def _clauses(kind: str) -> list[Path]:
    """The clause files a kind's text is made from: its own templates (`Kind.sources`) and
    every file no kind owns (citations.yaml), so editing one paper's template leaves the
    other papers' targets fresh."""
    owned = {name for spec in KINDS.values() for name in spec.sources} | {PACKET_MACROS}
    mine = set(KINDS[kind].sources)
    folder = TEMPLATES / "clauses"
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (p.relative_to(folder).as_posix() in mine or p.name not in owned)
    ]


@cache
def format_fingerprint(fmt: str, pdf_engine: str, kind: str = CONTRACT) -> str:
    """Code, the kind's clause templates and the layout files of one format (and PDF engine)."""
    if fmt == RECORD:  # the composed contract: code and its clause templates only
        return sha(code_fingerprint().encode(), *(p.read_bytes() for p in _clauses(CONTRACT)))
    layouts = _LAYOUTS["html"] if fmt == "pdf" and pdf_engine == "weasyprint" else _LAYOUTS[fmt]
    files = _clauses(kind) + [TEMPLATES / "layouts" / name for name in layouts]
    return sha(
        code_fingerprint().encode(),
        fmt.encode(),
        pdf_engine.encode(),
        kind.encode(),
        *(p.read_bytes() for p in files),
    )


def file_suffixes(formats: Sequence[str], blank: bool, packet: bool = False) -> list[str]:
    """Output suffixes of one agreement: "docx", … and, with blank texts, "blank.docx", …;
    with the packet, each paper's ("poster.docx", "poster.blank.docx", …) after them. The
    contract's names stay as they were; a paper's name is its kind's suffix (kinds.py)."""
    out = [*formats, *(f"{BLANK}.{fmt}" for fmt in formats if blank)]
    if packet:
        for kind in PACKET:
            stem = kind.suffix.lstrip(".")
            out += [f"{stem}.{fmt}" for fmt in formats]
            out += [f"{stem}.{BLANK}.{fmt}" for fmt in formats if blank and kind.blank]
    return out


@cache
def parse_suffix(suffix: str) -> tuple[str, bool, str]:
    """`pdf` → ("contract", False, "pdf"); `blank.pdf` → ("contract", True, "pdf");
    `poster.blank.pdf` → ("poster", True, "pdf")."""
    parts = suffix.split(".")
    fmt, rest = parts[-1], parts[:-1]
    blank = bool(rest) and rest[-1] == BLANK
    if blank:
        rest = rest[:-1]
    stem = ".".join(rest)
    kind = (
        next((k.name for k in PACKET if k.suffix.lstrip(".") == stem), None) if stem else CONTRACT
    )
    if kind is None:
        raise ValueError(f"unknown target suffix {suffix!r}")
    return kind, blank, fmt


def split_suffix(suffix: str) -> tuple[bool, str]:
    """`blank.pdf` → (True, "pdf") (the kind left aside: `parse_suffix`)."""
    _, blank, fmt = parse_suffix(suffix)
    return blank, fmt


@cache
def _fingerprint(suffix: str, pdf_engine: str, check_digest: str) -> str:
    if suffix == RECORD:  # validation depends on the rules in force, not on the layouts
        return sha(format_fingerprint(RECORD, pdf_engine).encode(), check_digest.encode())
    kind, _, fmt = parse_suffix(suffix)
    return format_fingerprint(fmt, pdf_engine, kind)


def target_inputs(
    source_digest: str, province_hash: str, suffix: str, pdf_engine: str, check_digest: str
) -> str:
    """The digest of everything a target is made from."""
    fingerprint = _fingerprint(suffix, pdf_engine, check_digest)
    # Hex digests and a suffix of our own: joined with a separator none of them contains.
    text = f"{source_digest}|{province_hash}|{suffix}|{fingerprint}"
    # 128 bits tell inputs apart; the manifest holds 100,000 of them.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def target_path(out: Path, key: str, suffix: str) -> Path:
    """Where a target is published. Region and slug are checked slugs (`find_sources`); the
    build checks each region folder once with `safe_output_path` (a symlink out of `out`)."""
    if suffix == RECORD:
        return record_path(out, key)
    region, _, slug = key.partition("/")
    return out / region / f"{slug}.{suffix}"


@dataclass(frozen=True)
class Planned:
    """An agreement with stale targets: its job renders `suffixes` and writes its record."""

    source: AgreementSource
    suffixes: tuple[str, ...]  # file suffixes due ("pdf", "blank.pdf"); may be empty
    province: str  # as planned; the worker reports the one the agreement really names
    inputs: dict[str, str]  # suffix → inputs digest, the record's included


@dataclass
class Plan:
    stale: list[Planned] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # fresh file targets, "region/slug.pdf"
    warnings: list[Finding] = field(default_factory=list)  # repeated from fresh agreements
    agreements: list[str] = field(default_factory=list)  # every key planned, in order


def plan_build(
    sources: Iterable[AgreementSource],
    manifest: Manifest,
    *,
    suffixes: Sequence[str],
    province_of: Callable[[AgreementSource], str],
    province_hash: Callable[[str], str],
    fresh: Callable[[str, str, str], bool],
    pdf_engine: str,
    check_digest: str,
    force: bool = False,
) -> Plan:
    """Split `sources` into fresh and stale targets.

    `province_of(source)` names the province of an agreement the manifest does not know (from
    its region file); `province_hash(code)` digests that province's minimum-wage file;
    `fresh(key, suffix, inputs)` says whether the published target was built from `inputs`.
    An agreement that failed last time is always planned again.
    """
    plan = Plan()
    for source in sources:
        known = manifest.agreements.get(source.key)
        same = known is not None and known.digest == source.digest
        province = known.province if same and known is not None else province_of(source)
        digest = province_hash(province)
        inputs = {
            suffix: target_inputs(source.digest, digest, suffix, pdf_engine, check_digest)
            for suffix in (*suffixes, RECORD)
        }
        due = [s for s in suffixes if force or not fresh(source.key, s, inputs[s])]
        record_fresh = not force and fresh(source.key, RECORD, inputs[RECORD])
        plan.agreements.append(source.key)
        plan.skipped.extend(f"{source.key}.{s}" for s in suffixes if s not in due)
        if due or not record_fresh or (known is not None and known.failed):
            plan.stale.append(Planned(source, tuple(due), province, inputs))
        elif known is not None:
            # Fresh and validated under the same rules: repeat its warnings, so every run
            # still names the unconfirmed minimum-wage rows it relies on.
            plan.warnings.extend(known.warnings)
    return plan
