"""Plan: which targets are stale, as a pure function of the content hashes of their inputs.

A target (`targets.Target`) is one output of one agreement: a format ("pdf"), a blank format
("blank.pdf"), a paper of the bargaining packet ("poster.pdf", "poster.blank.pdf":
`kinds.PACKET`) or its record ("record", `records.py`). It is rebuilt only when one of its inputs changed: the region and
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
from ..text.kinds import CONTRACT, KINDS, PACKET_MACROS
from .manifest import Manifest
from .records import record_path
from .targets import RECORD, RECORD_TARGET, Target

__all__ = ["Plan", "Planned", "agreement_inputs", "plan_build", "target_inputs", "target_path"]

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


@cache
def _fingerprint(target: Target, pdf_engine: str, check_digest: str) -> str:
    if target.is_record:  # validation depends on the rules in force, not on the layouts
        return sha(format_fingerprint(RECORD, pdf_engine).encode(), check_digest.encode())
    return format_fingerprint(target.fmt, pdf_engine, target.kind)


def target_inputs(
    source_digest: str, province_hash: str, target: Target, pdf_engine: str, check_digest: str
) -> str:
    """The digest of everything a target is made from."""
    fingerprint = _fingerprint(target, pdf_engine, check_digest)
    # Hex digests and a suffix of our own: joined with a separator none of them contains.
    text = f"{source_digest}|{province_hash}|{target.suffix}|{fingerprint}"
    # 128 bits tell inputs apart; the manifest holds 100,000 of them.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def agreement_inputs(
    source: AgreementSource,
    province_hash: str,
    targets: Sequence[Target],
    pdf_engine: str,
    check_digest: str,
) -> dict[Target, str]:
    """The inputs digest of each target of one agreement, its record included. The record also
    depends on the agreements a carve-out hands scope to (validation compares with them,
    `AgreementSource.related_digest`); the files are rendered from this agreement alone."""
    inputs = {
        target: target_inputs(source.digest, province_hash, target, pdf_engine, check_digest)
        for target in targets
    }
    record_source = (
        sha(source.digest.encode(), source.related_digest.encode())
        if source.related_digest
        else source.digest
    )
    inputs[RECORD_TARGET] = target_inputs(
        record_source, province_hash, RECORD_TARGET, pdf_engine, check_digest
    )
    return inputs


def target_path(out: Path, key: str, target: Target) -> Path:
    """Where a target is published. Region and slug are checked slugs (`find_sources`); the
    build checks each region folder once with `safe_output_path` (a symlink out of `out`)."""
    if target.is_record:
        return record_path(out, key)
    region, _, slug = key.partition("/")
    return out / region / f"{slug}.{target.suffix}"


@dataclass(frozen=True)
class Planned:
    """An agreement with stale targets: its job renders `targets` and writes its record."""

    source: AgreementSource
    targets: tuple[Target, ...]  # files due (the record is always written); may be empty
    province: str  # as planned; the worker reports the one the agreement really names
    inputs: dict[Target, str]  # target → inputs digest, the record's included


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
    targets: Sequence[Target],
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
        inputs = agreement_inputs(source, digest, targets, pdf_engine, check_digest)
        due = [t for t in targets if force or not fresh(source.key, t.suffix, inputs[t])]
        record_fresh = not force and fresh(source.key, RECORD, inputs[RECORD_TARGET])
        plan.agreements.append(source.key)
        plan.skipped.extend(f"{source.key}.{t.suffix}" for t in targets if t not in due)
        if due or not record_fresh or (known is not None and known.failed):
            plan.stale.append(Planned(source, tuple(due), province, inputs))
        elif known is not None:
            # Fresh and validated under the same rules: repeat its warnings, so every run
            # still names the unconfirmed minimum-wage rows it relies on.
            plan.warnings.extend(known.warnings)
    return plan
