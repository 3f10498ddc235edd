"""Build: plan the stale targets, run their jobs, publish atomically, report.

The pieces: `sources` (the agreement files and their digests), `plan` (which targets are stale,
from input hashes), `jobs` (one agreement's validation, composition, rendering and record, in
any pool), `publish` (staging folder → one rename per file; the `manifest` written last) and
`buildreport` (REPORT.md). An interrupted or failed build leaves every earlier output, record
and the manifest as they were.

The outputs that consume a build (site, liaison table, calendar, self-check forms) run after
it under the same lock (`outputs/make.py`), over the records it vouches for.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..base.errors import InputError, ValidationFailed
from ..base.findings import Finding
from ..base.lock import holds_lock, locked_build
from ..base.model import SLUG
from ..base.publish import (
    Action,
    clean_stale_staging,
    move_into_place,
    new_staging,
    safe_output_path,
)
from ..base.yamlsource import read_source
from ..checks.checker import Checks
from ..formats import FORMATS, PDF_ENGINES
from ..inputs.sources import MINIMUM_WAGES, AgreementSource, SourceLoader, find_sources, sha
from .buildreport import BuildResult, write_build_report
from .jobs import JobOutcome, RenderJob, check_executor, run_jobs
from .manifest import AgreementEntry, Manifest, TargetEntry, file_stat
from .plan import Plan, Planned, agreement_inputs, plan_build, target_path
from .records import RECORDS
from .targets import RECORD, Target, file_targets

__all__ = ["MINIMUM_WAGES", "BuildResult", "build", "build_in_lock"]

# Crash points for the kill -9 test (tests/test_robustness.py): with SKILLWAGE_DOCS_CRASH_AT
# set to a point's name ("planned", "rendered:3", "published:5", "manifest"), the build kills
# itself there with SIGKILL, so the test needs no timing and holds on a loaded machine.
_CRASH_AT = os.environ.get("SKILLWAGE_DOCS_CRASH_AT", "")


def _crash_point(name: str, count: int | None = None) -> None:
    if _CRASH_AT and (name if count is None else f"{name}:{count}") == _CRASH_AT:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class _Options:
    """What every job of one build shares."""

    contexts: Path
    out: Path
    formats: tuple[str, ...]
    blank: bool
    pdf_engine: str
    strict: bool
    keep_going: bool
    force: bool
    verify: bool
    workers: int
    packet: bool
    executor: str | None = None  # dask://HOST:PORT: the jobs run on that cluster


@locked_build
def build(
    contexts: Path,
    *,
    out: Path,
    regions: Sequence[str] | None = None,
    agreements: Iterable[str] | None = None,
    formats: Sequence[str] = FORMATS,
    blank: bool = False,
    packet: bool = True,
    pdf_engine: str = "typst",
    strict: bool = False,
    keep_going: bool = False,
    force: bool = False,
    verify: bool = True,
    jobs: int | None = None,
    executor: str | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> BuildResult:
    """Bring `out/` up to date for the chosen regions (all when `regions` is None).

    `formats=()` builds the records only (validation and composition, no file), as the
    site, liaison table and calendar ask for a region nobody rendered yet. `packet` (the
    default) builds the bargaining packet's papers beside each contract (kinds.PACKET)."""
    return build_in_lock(
        contexts,
        out=out,
        regions=regions,
        agreements=agreements,
        formats=formats,
        blank=blank,
        packet=packet,
        pdf_engine=pdf_engine,
        strict=strict,
        keep_going=keep_going,
        force=force,
        verify=verify,
        jobs=jobs,
        executor=executor,
        progress=progress,
        on_plan=on_plan,
    )


def build_in_lock(
    contexts: Path,
    *,
    out: Path,
    regions: Sequence[str] | None = None,
    agreements: Iterable[str] | None = None,
    formats: Sequence[str] = FORMATS,
    blank: bool = False,
    packet: bool = True,
    pdf_engine: str = "typst",
    strict: bool = False,
    keep_going: bool = False,
    force: bool = False,
    verify: bool = True,
    jobs: int | None = None,
    executor: str | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> BuildResult:
    """`build` for a caller that already holds `build_lock(out)` (and writes more under it).
    `executor`: `dask://HOST:PORT` runs the jobs on that Dask cluster (the contexts and the
    output folder must be on storage every worker sees); None, a local process pool."""
    # long: the build's one sequence read top to bottom: check, plan, run, publish, report
    if not holds_lock(out):
        raise RuntimeError("build_in_lock() needs the caller to hold build_lock(out)")
    _check_formats(formats, pdf_engine)
    check_executor(executor)
    options = _Options(
        contexts,
        out,
        tuple(formats),
        blank,
        pdf_engine,
        strict,
        keep_going,
        force,
        verify,
        jobs if jobs is not None else (os.cpu_count() or 1),
        packet,
        executor,
    )
    sources = _select(find_sources(contexts, regions), agreements)
    # What validation depends on beyond the files (a hook that cannot load stops the build
    # before any work); the record lists the packet's papers: with or without them, it differs.
    checks = Checks.load(contexts, strict=strict)
    checks.require_hooks()
    check_digest = sha(checks.digest.encode(), f"packet={packet}".encode())
    manifest = Manifest.load(out)
    provinces = _Provinces(contexts)
    plan = _plan(options, sources, manifest, provinces, check_digest)
    result = BuildResult(
        skipped=plan.skipped, warnings=list(plan.warnings), agreements=plan.agreements
    )
    if on_plan:
        on_plan(len(plan.stale))
    # A build killed after publishing but before removing its staging folder leaves one
    # behind; every build (a no-op too) clears it, under the lock, so none accumulates.
    clean_stale_staging(out)
    _crash_point("planned")
    if plan.stale:
        # A table that does not load fails every job alike: say so once, before any worker
        # starts (a process pool takes seconds to start; the table, a tenth of one).
        checks.table  # noqa: B018
        _run_and_publish(options, plan, manifest, provinces, check_digest, result, progress)
    if formats and out.is_dir():
        write_build_report(out, result)
    return result


def _check_formats(formats: Sequence[str], pdf_engine: str) -> None:
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"未知的输出格式 {fmt!r}（可选：{'、'.join(FORMATS)}）")
    if pdf_engine not in PDF_ENGINES:
        raise InputError(f"未知的 PDF 引擎 {pdf_engine!r}（可选：{'、'.join(PDF_ENGINES)}）")


def _select(
    sources: list[AgreementSource], agreements: Iterable[str] | None
) -> list[AgreementSource]:
    """The agreements named by file name or industry (all when none is named)."""
    wanted = set(agreements or ())
    if not wanted:
        return sources
    if all(SLUG.match(name) for name in wanted):  # a slug needs no parsing
        chosen = [source for source in sources if source.slug in wanted]
        found = {source.slug for source in chosen}
    else:  # a Chinese industry name needs the parsed file
        load, chosen, found, problems = SourceLoader(), [], set(), []
        for source in sources:
            try:
                agreement = load(source).agreement
            except InputError as err:
                problems.extend(err.findings)
                continue
            if source.slug in wanted or agreement.subject in wanted:
                chosen.append(source)
                found |= {source.slug, agreement.subject}
        if problems:
            raise InputError(f"{len(problems)} 处输入错误，未生成任何文件", details=problems)
    missing = sorted(wanted - found)
    if missing:
        raise InputError(f"找不到合同：{'、'.join(missing)}")
    return chosen


class _Provinces:
    """Province codes from region files and digests of minimum-wage files, each read once."""

    def __init__(self, contexts: Path) -> None:
        self.contexts = contexts
        self.loader = SourceLoader()
        self.hashes: dict[str, str] = {}

    def of(self, source: AgreementSource) -> str:
        """The province the region file names; an agreement file overriding it is rare, and
        its job reports the real one (`JobOutcome.province`)."""
        data = self.loader.region(source).data
        region = data.get("region") if isinstance(data, dict) else None
        code = region.get("province_code") if isinstance(region, dict) else None
        return code if isinstance(code, str) else ""

    def digest(self, code: str) -> str:
        if code not in self.hashes:
            path = self.contexts / MINIMUM_WAGES / f"{code}.yaml"
            valid = bool(code) and SLUG.match(code) is not None and path.is_file()
            self.hashes[code] = sha(read_source(path)) if valid else "missing"
        return self.hashes[code]


def _plan(
    options: _Options,
    sources: list[AgreementSource],
    manifest: Manifest,
    provinces: _Provinces,
    check_digest: str,
) -> Plan:
    out = options.out
    for region in dict.fromkeys(source.region for source in sources):
        if (out / region).is_symlink():
            safe_output_path(out, region)  # refuse a region folder that leads out of `out`
    root = os.fspath(out)

    def fresh(key: str, suffix: str, inputs: str) -> bool:
        entry = manifest.target(key, suffix)
        if entry is None or entry.inputs != inputs:
            return False
        # size and mtime, not content: a no-op run must not read every output back. The path
        # as a string: pathlib's joins cost more than the stat at 100,000 targets.
        region, _, slug = key.partition("/")
        name = f"{RECORDS}/{slug}.json" if suffix == RECORD else f"{slug}.{suffix}"
        try:
            info = os.stat(f"{root}/{region}/{name}")
        except OSError:
            return False
        return entry.stat == (info.st_size, info.st_mtime_ns)

    return plan_build(
        sources,
        manifest,
        targets=file_targets(options.formats, options.blank, options.packet),
        province_of=provinces.of,
        province_hash=provinces.digest,
        fresh=fresh,
        pdf_engine=options.pdf_engine,
        check_digest=check_digest,
        force=options.force,
    )


def _run_and_publish(
    options: _Options,
    plan: Plan,
    manifest: Manifest,
    provinces: _Provinces,
    check_digest: str,
    result: BuildResult,
    progress: Callable[[str], None] | None,
) -> None:
    staging = new_staging(options.out)
    moves = itertools.count(1)  # renames so far, for the crash points
    try:
        outcomes = _run(options, plan, staging, result, progress)
        for planned in plan.stale:
            outcome = outcomes[planned.source.key]
            inputs = planned.inputs
            if outcome.province != planned.province:  # the agreement file names another
                inputs = agreement_inputs(
                    planned.source,
                    provinces.digest(outcome.province),
                    [target for target in inputs if not target.is_record],
                    options.pdf_engine,
                    check_digest,
                )
            _publish_agreement(
                options.out, staging, planned, outcome, inputs, manifest, result, moves
            )
        manifest.save(options.out)
        _crash_point("manifest")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run(
    options: _Options,
    plan: Plan,
    staging: Path,
    result: BuildResult,
    progress: Callable[[str], None] | None,
) -> dict[str, JobOutcome]:
    """Every job's outcome; raises (publishing nothing) on an input error, or on a refused
    agreement unless `keep_going`."""
    tables = sorted((options.contexts / MINIMUM_WAGES).glob("*.yaml"))
    tables_digest = sha(*(read_source(path) for path in tables))
    # On a cluster a path means the same on every machine only when it is absolute.
    where: Callable[[Path], Path] = _absolute if options.executor else _as_given
    jobs = [
        RenderJob(
            source=_located(planned.source, where),
            targets=planned.targets,
            out=where(options.out),
            staging=where(staging),
            contexts=where(options.contexts),
            tables_digest=tables_digest,
            pdf_engine=options.pdf_engine,
            strict=options.strict,
            verify=options.verify,
            packet=options.packet,
        )
        for planned in plan.stale
    ]
    outcomes: dict[str, JobOutcome] = {}
    problems: list[Finding] = []
    blanks: set[str] = set()
    # The parent keeps every outcome until all have passed: a warning shared by a region's
    # agreements (an unconfirmed minimum-wage row) is kept once, not once per agreement.
    lines: dict[str, Finding] = {}
    for outcome in run_jobs(jobs, options.workers, progress, options.executor):
        outcomes[outcome.key] = outcome
        _crash_point("rendered", len(outcomes))
        outcome.warnings = [lines.setdefault(f.render(), f) for f in outcome.warnings]
        result.warnings.extend(outcome.warnings)
        problems.extend(outcome.problems)
        blanks |= outcome.blanks
        outcome.blanks = set()
        result.blanks_rendered += outcome.blanks_rendered
        if outcome.errors:
            result.failed[outcome.key] = outcome.errors
    result.blank_texts = len(blanks)
    if problems:
        # A bad minimum-wage table fails every job alike: one line per problem, not per job.
        problems = list({f.render(): f for f in problems}.values())
        raise InputError(f"{len(problems)} 处输入错误，未生成任何文件", details=problems)
    if result.failed and not options.keep_going:
        refused = [line for key in sorted(result.failed) for line in result.failed[key]]
        raise ValidationFailed(
            f"{len(result.failed)} 份合同校验未通过，未生成任何文件", details=refused
        )
    return outcomes


def _absolute(path: Path) -> Path:
    return path.absolute()


def _as_given(path: Path) -> Path:
    return path


def _located(source: AgreementSource, where: Callable[[Path], Path]) -> AgreementSource:
    return replace(source, path=where(source.path), region_path=where(source.region_path))


def _publish_agreement(
    out: Path,
    staging: Path,
    planned: Planned,
    outcome: JobOutcome,
    inputs: dict[Target, str],
    manifest: Manifest,
    result: BuildResult,
    moves: Iterator[int],
) -> None:
    """Move one agreement's staged files and record into place, then note them. A refused
    agreement publishes its record only (the site shows why), never its files."""
    key = planned.source.key
    failed = key in result.failed
    old = manifest.agreements.get(key)
    entry = AgreementEntry(
        digest=planned.source.digest,
        province=outcome.province,
        failed=failed,
        warnings=outcome.warnings,
        targets=dict(old.targets) if old is not None else {},
    )
    for target, digest in outcome.hashes.items():
        if failed and not target.is_record:
            continue
        final = target_path(out, key, target)
        previous = entry.targets.get(target.suffix)
        action = move_into_place(target_path(staging, key, target), final)
        _crash_point("published", next(moves))
        if not target.is_record:
            name = f"{key}.{target.suffix}"
            same = previous is not None and previous.sha256 == digest
            result.actions[name] = (
                Action.IDENTICAL if same and action == Action.UPDATE else action
            )
            result.rebuilt.append(name)
        entry.targets[target.suffix] = TargetEntry.of(inputs[target], digest, file_stat(final))
    if outcome.changes and not failed:
        result.changes[key] = outcome.changes
    manifest.agreements[key] = entry
