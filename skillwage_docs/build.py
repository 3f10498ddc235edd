"""Build: plan the stale targets from input hashes, validate, render in parallel, publish atomically.

A target is one agreement in one format. It is rebuilt only when one of its inputs changed:
the region and agreement files, the templates of its format, its province's minimum-wage file,
or the code. Targets are pure functions of those inputs, so the same plan runs in one process,
in a process pool (here) or on a distributed engine (README: "Scaling out").

Publishing is two-phase: workers write into a staging folder; only when every target has
rendered are the files renamed into place and the manifest written. An interrupted or failed
build therefore leaves every earlier output and the manifest as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from . import __version__
from .agreement import (
    LoadedAgreement,
    agreement_files,
    discover_regions,
    figures,
    load_agreement,
    load_region,
)
from .compose import compose
from .config import load_config
from .environment import TEMPLATES
from .errors import InputError, ValidationFailed
from .findings import Finding
from .hooks import discover_hooks
from .lock import locked_build
from .minimum_wage import MinimumWageTable, load_minimum_wages
from .model import SLUG, valid_slug
from .publish import safe_output_path, write_atomic
from .summaries import AgreementSummary, summarise
from .validate import validate
from .verify import check_blank, check_figures
from .writers import FORMATS, writer_for
from .yamlsource import read_source

__all__ = ["BuildResult", "WhatIfResult", "build", "load_manifest", "render_report", "what_if"]

MINIMUM_WAGES = "minimum_wages"
MANIFEST = ".manifest.json"
STAGING_PREFIX = ".staging-"
MANIFEST_VERSION = 1
# Below this many agreements a pool's start-up (~0.5 s a worker) costs more than it saves.
POOL_THRESHOLD = 6

_LAYOUTS = {
    "html": ("contract.html.j2", "contract.css"),
    "pdf": ("contract.typ",),
    "docx": ("contract.docx",),
}


# Crash points for the kill -9 test (tests/test_robustness.py): with SKILLWAGE_DOCS_CRASH_AT
# set to a point's name ("planned", "rendered:3", "published:5", "manifest"), the build kills
# itself there with SIGKILL, so the test needs no timing and holds on a loaded machine.
_CRASH_AT = os.environ.get("SKILLWAGE_DOCS_CRASH_AT", "")


def _crash_point(name: str, count: int | None = None) -> None:
    if _CRASH_AT and (name if count is None else f"{name}:{count}") == _CRASH_AT:
        os.kill(os.getpid(), signal.SIGKILL)


def _sha(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


@cache
def _code_fingerprint() -> str:
    """The package version and its source: a code change rebuilds everything it could affect."""
    package = Path(__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    return _sha(__version__.encode(), *(path.read_bytes() for path in sources))


@cache
def _format_fingerprint(fmt: str, pdf_engine: str) -> str:
    clauses = sorted((TEMPLATES / "clauses").rglob("*"))
    layouts = _LAYOUTS["html"] if fmt == "pdf" and pdf_engine == "weasyprint" else _LAYOUTS[fmt]
    files = [p for p in clauses if p.is_file()] + [TEMPLATES / "layouts" / name for name in layouts]
    return _sha(
        _code_fingerprint().encode(),
        fmt.encode(),
        pdf_engine.encode(),
        *(p.read_bytes() for p in files),
    )


# ── manifest ─────────────────────────────────────────────────────────────────────────────────


def load_manifest(out: Path) -> dict[str, Any]:
    """The record of finished targets; an unreadable manifest means "rebuild everything"."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": MANIFEST_VERSION, "targets": {}, "agreements": {}}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {"version": MANIFEST_VERSION, "targets": {}, "agreements": {}}
    data.setdefault("targets", {})
    data.setdefault("agreements", {})
    return data


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


# ── plan ─────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Source:
    """One agreement file with its region file: the unit that is loaded, validated, composed."""

    region: str
    slug: str
    path: Path
    region_path: Path
    digest: str  # region file + agreement file bytes
    region_digest: str

    @property
    def key(self) -> str:
        return f"{self.region}/{self.slug}"


@dataclass
class BuildResult:
    rebuilt: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)  # source key → finding lines
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)  # target → create/update/identical

    def to_json(self) -> dict[str, Any]:
        return {
            "rebuilt": self.rebuilt,
            "skipped": self.skipped,
            "failed": self.failed,
            "warnings": self.warnings,
            "changes": {
                key: [{"figure": name, "old": old, "new": new} for name, old, new in rows]
                for key, rows in self.changes.items()
            },
        }


def _sources(contexts: Path, regions: Sequence[str] | None) -> list[Source]:
    found = discover_regions(contexts)
    chosen = list(found) if regions is None else list(regions)
    for region in chosen:
        if not valid_slug(region):
            raise InputError(
                f"地区代码 {region!r} 无效：只能用小写英文字母、数字、- 和 _，且不能是 Windows 保留名"
            )
        if region not in found:
            known = "、".join(found) or "（无）"
            raise InputError(f"找不到地区 {region!r}（已有：{known}）")
    sources = []
    for region in chosen:
        folder = found[region]
        region_path = folder / "region.yaml"
        region_bytes = read_source(region_path)
        region_digest = _sha(region_bytes)
        for path in agreement_files(folder):
            if not valid_slug(path.stem):
                raise InputError(
                    f"{path}: 文件名只能用小写英文字母、数字、- 和 _（如 manufacturing.yaml）"
                )
            digest = _sha(region_bytes, read_source(path))
            sources.append(Source(region, path.stem, path, region_path, digest, region_digest))
    return sources


class _Loader:
    """Parses agreement files on demand, each version of a region file once."""

    def __init__(self) -> None:
        self._regions: dict[tuple[Path, str], Any] = {}

    def __call__(self, source: Source) -> LoadedAgreement:
        key = (source.region_path, source.region_digest)
        if key not in self._regions:
            self._regions[key] = load_region(source.path.parent)
        return load_agreement(source.path, self._regions[key], source.region_path)


BLANK = "blank"  # the fill-in-the-blank model text: <slug>.blank.<ext>


def _suffixes(formats: Sequence[str], blank: bool) -> list[str]:
    """Output suffixes of one agreement: "docx", … and, with blank texts, "blank.docx", …"""
    return [*formats, *(f"{BLANK}.{fmt}" for fmt in formats if blank)]


def _split(suffix: str) -> tuple[bool, str]:
    """("blank.pdf") → (True, "pdf")."""
    variant, _, fmt = suffix.rpartition(".")
    return variant == BLANK, fmt


def _target_inputs(
    source: Source, province_hash: str, suffixes: Sequence[str], pdf_engine: str
) -> dict[str, str]:
    return {
        f"{source.key}.{suffix}": _sha(
            source.digest.encode(),
            province_hash.encode(),
            suffix.encode(),
            _format_fingerprint(_split(suffix)[1], pdf_engine).encode(),
        )
        for suffix in suffixes
    }


def _is_fresh(target: str, digest: str, manifest: dict[str, Any], out: Path) -> bool:
    record = manifest["targets"].get(target)
    return (
        record is not None
        and record.get("inputs") == digest
        # size and mtime, not content: a no-op run must not read every output back
        and record.get("stat") == _stat(out / target)
    )


# ── render (runs in workers) ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Job:
    source: Source
    suffixes: tuple[str, ...]  # "pdf", "blank.pdf", …
    pdf_engine: str
    staging: Path
    contexts: Path
    tables_digest: str  # the minimum-wage files this build saw, for the worker's cache
    strict: bool
    verify: bool = True


@dataclass
class _Outcome:
    key: str
    hashes: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # validation failures (exit 1)
    problems: list[str] = field(default_factory=list)  # input errors (exit 2)


@dataclass
class _WorkerState:
    """What a worker process loads once and reuses for every job it is given."""

    loader: _Loader = field(default_factory=_Loader)
    checks: dict[tuple[Path, str], Any] = field(default_factory=dict)

    def checker(self, contexts: Path, digest: str) -> tuple[MinimumWageTable, Any, Any]:
        key = (contexts, digest)
        if key not in self.checks:
            config = load_config()
            hooks, _ = discover_hooks(config, forbidden=[contexts])  # problems: parent reports
            self.checks = {key: (load_minimum_wages(contexts / MINIMUM_WAGES), config, hooks)}
        return self.checks[key]  # type: ignore[no-any-return]


_worker = _WorkerState()


def _render_job(job: _Job) -> _Outcome:
    """Load, validate, then compose once and write each stale format into the staging folder.

    Validation runs here, in parallel, yet still before anything is published: the parent
    moves files out of staging only when every job has passed and rendered. The job carries
    paths only, so the parent never holds the parsed corpus and memory stays flat.
    """
    outcome = _Outcome(job.source.key)
    try:
        loaded = _worker.loader(job.source)
        table, config, hooks = _worker.checker(job.contexts, job.tables_digest)
        report = validate([loaded], table, strict=job.strict, hooks=hooks, config=config)
    except InputError as err:
        outcome.problems = err.details or [err.message]
        return outcome
    outcome.warnings = [finding.line() for finding in report.warnings]
    if not report.ok:
        outcome.errors = [finding.line() for finding in report.errors]
        return outcome
    if not job.suffixes:  # outputs fresh; only the rules changed
        return outcome
    minimum = report.standards[loaded.agreement.slug]
    documents = {False: compose(loaded.agreement, minimum=minimum)}
    if any(_split(suffix)[0] for suffix in job.suffixes):
        documents[True] = compose(loaded.agreement, minimum=minimum, blank=True)
    for suffix in job.suffixes:
        blank, fmt = _split(suffix)
        data = writer_for(fmt, job.pdf_engine).render(documents[blank])
        if job.verify:
            # Read the file back: a layout bug must not publish a wrong figure, and a blank
            # model text must not carry one.
            check = check_blank if blank else check_figures
            wrong = check(loaded.agreement, fmt, data)
            if wrong:
                where = f"{job.source.path}"
                outcome.errors.extend(f"{where}: 输出校验失败：{problem}" for problem in wrong)
                continue
        target = job.staging / f"{job.source.key}.{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        outcome.hashes[suffix] = hashlib.sha256(data).hexdigest()
    if outcome.errors:
        outcome.hashes = {}
        return outcome
    outcome.figures = {
        name: f"{value.normalize():f}" for name, value in figures(loaded.agreement).items()
    }
    return outcome


def _run_jobs(
    jobs: list[_Job], workers: int, progress: Callable[[str], None] | None
) -> Iterator[_Outcome]:
    if workers <= 1 or len(jobs) < POOL_THRESHOLD:
        for job in jobs:
            outcome = _render_job(job)
            if progress:
                progress(outcome.key)
            yield outcome
        return
    # spawn, not fork: the parent may hold a Typst compiler and its threads.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        chunk = max(1, len(jobs) // (workers * 8))
        for outcome in pool.map(_render_job, jobs, chunksize=chunk):
            if progress:
                progress(outcome.key)
            yield outcome


# ── build ────────────────────────────────────────────────────────────────────────────────────


def _figure_changes(
    old: dict[str, str] | None, now: dict[str, str]
) -> list[tuple[str, str | None, str | None]]:
    if old is None:
        return []
    rows: list[tuple[str, str | None, str | None]] = []
    for name in list(old) + [n for n in now if n not in old]:
        if old.get(name) != now.get(name):
            rows.append((name, old.get(name), now.get(name)))
    return rows


def _clean_stale_staging(out: Path) -> None:
    if out.is_dir():
        for leftover in out.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


@locked_build
def build(
    contexts: Path,
    *,
    out: Path,
    regions: Sequence[str] | None = None,
    industries: Iterable[str] | None = None,
    formats: Sequence[str] = FORMATS,
    blank: bool = False,
    pdf_engine: str = "typst",
    strict: bool = False,
    keep_going: bool = False,
    force: bool = False,
    verify: bool = True,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> BuildResult:
    """Bring `out/` up to date for the chosen regions (all when `regions` is None)."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"未知的输出格式 {fmt!r}（可选：{'、'.join(FORMATS)}）")
    writer_for("pdf", pdf_engine) if "pdf" in formats else None  # fail early on fonts/engine
    manifest = load_manifest(out)
    sources = _sources(contexts, regions)
    wanted = set(industries or ())
    only_slugs = bool(wanted) and all(SLUG.match(name) for name in wanted)
    if only_slugs:  # a Chinese industry name needs the parsed file; a slug does not
        sources = [source for source in sources if source.slug in wanted]

    result = BuildResult()
    load = _Loader()
    problems: list[str] = []
    # A hook that cannot load stops the build before any work; workers load hooks once each.
    config = load_config()
    hooks, hook_problems = discover_hooks(config, forbidden=[contexts])
    if hook_problems:
        raise ValidationFailed("校验钩子无法加载", details=[f.line() for f in hook_problems])
    # What validation depends on beyond the inputs of the outputs: an agreement whose files
    # are fresh is validated again (without rendering) when --strict or the rules changed.
    floors = sorted((name, str(ratio)) for name, ratio in config.category_floors.items())
    check_digest = _sha(
        str(strict).encode(),
        repr((config.hooks, floors)).encode(),
        *(hook.name.encode() for hook in hooks),
    )
    province_hashes: dict[str, str] = {}
    inputs: dict[str, str] = {}
    stale: dict[str, tuple[Source, list[str], str]] = {}  # key → source, suffixes, province
    found: set[str] = set()
    for source in sources:
        known = manifest["agreements"].get(source.key)
        loaded: LoadedAgreement | None = None
        try:
            if known and known.get("digest") == source.digest and not (wanted and not only_slugs):
                province = str(known["province"])
            else:
                loaded = load(source)
                province = loaded.agreement.region.province_code
                if wanted and not only_slugs:
                    if source.slug not in wanted and loaded.agreement.subject not in wanted:
                        continue
                    found.add(loaded.agreement.subject)
        except InputError as err:
            problems.extend(err.details or [err.message])
            continue
        found.add(source.slug)
        if province not in province_hashes:
            path = contexts / MINIMUM_WAGES / f"{province}.yaml"
            province_hashes[province] = _sha(read_source(path)) if path.is_file() else "missing"
        targets = _target_inputs(
            source, province_hashes[province], _suffixes(formats, blank), pdf_engine
        )
        for target in targets:  # refuse a bad output name now, not half-way through publishing
            safe_output_path(out, *target.split("/"))
        inputs.update(targets)
        due = [
            target.removeprefix(source.key + ".")
            for target, digest in targets.items()
            if force or not _is_fresh(target, digest, manifest, out)
        ]
        result.skipped.extend(
            target for target in targets if target.removeprefix(source.key + ".") not in due
        )
        checked = known is not None and known.get("checked") == check_digest
        if due or not checked:
            stale[source.key] = (source, due, province)  # no suffixes: validate only
        else:
            # Fresh and validated under the same rules: repeat its warnings, so every run
            # still names the unconfirmed minimum-wage rows it relies on.
            result.warnings.extend(known.get("warnings", []) if known else [])
    if problems:
        raise InputError(f"{len(problems)} 处输入错误，未生成任何文件", details=problems)
    missing = sorted(wanted - found)
    if missing:
        raise InputError(f"找不到合同：{'、'.join(missing)}")
    if on_plan:
        on_plan(len(stale))
    # A build killed after publishing but before removing its staging folder leaves one
    # behind; every build (a no-op too) clears it, under the lock, so none accumulates.
    _clean_stale_staging(out)
    _crash_point("planned")
    if not stale:
        if out.is_dir():
            _write_reports(out, result)
        return result

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    tables_digest = _sha(
        *(read_source(p) for p in sorted((contexts / MINIMUM_WAGES).glob("*.yaml")))
    )
    try:
        job_list = [
            _Job(source, tuple(due), pdf_engine, staging, contexts, tables_digest, strict, verify)
            for source, due, _ in stale.values()
        ]
        workers = jobs if jobs is not None else (os.cpu_count() or 1)
        outcomes: dict[str, _Outcome] = {}
        for outcome in _run_jobs(job_list, workers, progress):
            outcomes[outcome.key] = outcome
            _crash_point("rendered", len(outcomes))
            result.warnings.extend(outcome.warnings)
            problems.extend(outcome.problems)
            if outcome.errors:
                result.failed[outcome.key] = outcome.errors
        if problems:
            # A bad minimum-wage table fails every job alike: one line per problem, not per job.
            problems = list(dict.fromkeys(problems))
            raise InputError(f"{len(problems)} 处输入错误，未生成任何文件", details=problems)
        if result.failed and not keep_going:
            lines = [line for key in sorted(result.failed) for line in result.failed[key]]
            raise ValidationFailed(
                f"{len(result.failed)} 份合同校验未通过，未生成任何文件", details=lines
            )
        # Every target passed and rendered: move into place, then record them.
        for key, (source, _, province) in stale.items():
            if key in result.failed:
                continue
            outcome = outcomes[key]
            for suffix, digest in outcome.hashes.items():
                target = f"{key}.{suffix}"
                final = safe_output_path(out, *target.split("/"))
                previous = manifest["targets"].get(target, {}).get("sha256")
                existed = final.exists()
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / target, final)
                _crash_point("published", len(result.rebuilt) + 1)
                if not existed:
                    result.actions[target] = "create"
                else:
                    result.actions[target] = "identical" if previous == digest else "update"
                result.rebuilt.append(target)
                manifest["targets"][target] = {
                    "inputs": inputs[target],
                    "sha256": digest,
                    "stat": _stat(final),
                }
            old_record = manifest["agreements"].get(key)
            old_figures = old_record.get("figures") if old_record else None
            changes = _figure_changes(old_figures, outcome.figures) if outcome.hashes else []
            if changes:
                result.changes[key] = changes
            manifest["agreements"][key] = {
                "digest": source.digest,
                "province": province,
                "figures": outcome.figures if outcome.hashes else old_figures or {},
                "checked": check_digest,
                "warnings": outcome.warnings,
            }
        write_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _crash_point("manifest")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_reports(out, result)
    return result


def _write_reports(out: Path, result: BuildResult) -> None:
    write_atomic(out / "REPORT.md", render_report(result).encode("utf-8"))
    write_atomic(
        out / "report.json",
        json.dumps(result.to_json(), ensure_ascii=False, indent=2).encode("utf-8"),
    )


def render_report(result: BuildResult) -> str:
    lines = [
        "# 生成报告",
        "",
        f"- 重新生成：{len(result.rebuilt)} 个文件",
        f"- 未变化（跳过）：{len(result.skipped)} 个文件",
        f"- 校验未通过：{len(result.failed)} 份合同",
        "",
    ]
    if result.failed:
        lines += ["## 校验未通过", ""]
        for key, reasons in sorted(result.failed.items()):
            lines.append(f"### {key}")
            lines += [f"- {reason}" for reason in reasons]
            lines.append("")
    if result.changes:
        lines += ["## 数字变化", "", "| 合同 | 项目 | 原值 | 新值 |", "|---|---|---|---|"]
        for key, rows in sorted(result.changes.items()):
            for name, old, new in rows:
                lines.append(f"| {key} | {name} | {old or '—'} | {new or '—'} |")
        lines.append("")
    if result.rebuilt:
        lines += ["## 重新生成的文件", ""]
        lines += [f"- {target}（{result.actions.get(target, '')}）" for target in result.rebuilt]
        lines.append("")
    if result.warnings:
        lines += ["## 警告", ""]
        lines += [f"- {line}" for line in sorted(set(result.warnings))]
        lines.append("")
    return "\n".join(lines)


@dataclass
class WhatIfResult:
    """Which agreements a proposed minimum-wage table would break."""

    province: str
    compliant: list[str] = field(default_factory=list)
    non_compliant: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # For the readable report (summaries.py): the structured breaches and summary of every
    # agreement checked, and which agreements each warning line concerns.
    breaches: dict[str, list[Finding]] = field(default_factory=dict)
    summaries: dict[str, AgreementSummary] = field(default_factory=dict)
    warned: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "compliant": self.compliant,
            "non_compliant": self.non_compliant,
            "warnings": self.warnings,
            "summary": {key: item.to_json() for key, item in self.summaries.items()},
            "warning_agreements": self.warned,
        }


# Under a proposed table, a standard that overtakes a figure during the term is exactly what
# the question is about: it counts as a breach here, not as the usual warning.
_BREACH_RULES = {"later_minimums"}


def what_if(contexts: Path, minimum_wage_file: Path, *, strict: bool = False) -> WhatIfResult:
    """Validate every agreement of the province a proposed minimum-wage file describes,
    against that file instead of the current one. Writes nothing."""
    from .minimum_wage import load_province

    current = load_minimum_wages(contexts / MINIMUM_WAGES)
    proposed = load_province(minimum_wage_file)
    code = proposed.wages.province_code
    table = MinimumWageTable({**current.provinces, code: proposed}, current.folder)
    result = WhatIfResult(province=proposed.wages.province)
    load = _Loader()
    config = load_config()
    hooks, hook_problems = discover_hooks(config, forbidden=[contexts])
    if hook_problems:
        raise ValidationFailed("校验钩子无法加载", details=[f.line() for f in hook_problems])
    for source in _sources(contexts, None):
        loaded = load(source)
        if loaded.agreement.region.province_code != code:
            continue
        report = validate([loaded], table, strict=strict, hooks=hooks, config=config)
        breaches = report.errors + [f for f in report.warnings if f.rule in _BREACH_RULES]
        for finding in report.warnings:  # ordered, each region-level line once
            if finding.rule not in _BREACH_RULES:
                result.warned.setdefault(finding.line(), []).append(source.key)
        if breaches:
            result.non_compliant[source.key] = [f.line() for f in breaches]
        else:
            result.compliant.append(source.key)
        result.breaches[source.key] = breaches
        start = report.standards[loaded.agreement.slug]
        result.summaries[source.key] = summarise(source.key, loaded, breaches, start, table)
    if not result.compliant and not result.non_compliant:
        raise InputError(
            f"{minimum_wage_file}: 没有合同适用{proposed.wages.province}（province_code: {code}）"
        )
    result.warnings = list(result.warned)
    return result
