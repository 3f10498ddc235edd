"""Jobs: the public unit of work of a build, runnable in any pool (README: "Scaling out").

`render_job(RenderJob) -> JobOutcome` loads one agreement, validates it, composes each document
kind with a stale target once (the contract, the papers of the bargaining packet: `kinds.py`),
renders and reads back each stale format, and writes the files and the agreement's record
(`records.py`) into the staging folder. A job carries paths and digests only, so the parent
never holds the parsed corpus and its memory stays flat; nothing reaches `out/` before the
parent has every outcome (`publish.py`).

Blank model texts that compose identically for many agreements are rendered once per build:
the blank `Document` is hashed, rendered into `staging/.blanks/<hash>.<ext>`, read back once,
and hard-linked to each agreement's name (checked against each agreement's own figures).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..base.errors import InputError, RenderError, SkillwageError
from ..base.findings import Finding
from ..base.yamlsource import dotted
from ..checks.checker import Checks
from ..formats import writer_for
from ..formats.pdf import UnprintableText, shown
from ..formats.verify import check_blank, check_figures, extract_text
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import Applicable
from ..inputs.sources import AgreementSource, SourceLoader, sha
from ..text.compose import compose
from ..text.document import Document
from ..text.kinds import CONTRACT, KINDS, PACKET, Kind
from .records import AgreementRecord, make_record, read_record, record_path
from .targets import RECORD_TARGET, Target

__all__ = [
    "BLANKS",
    "POOL_THRESHOLD",
    "JobOutcome",
    "RenderJob",
    "blank_document",
    "check_executor",
    "render_job",
    "run_jobs",
]

BLANKS = ".blanks"  # staging/.blanks/<document hash>.<ext>: each distinct blank text once
# Below this many agreements a pool's start-up (~0.5 s a worker) costs more than it saves.
POOL_THRESHOLD = 6
# Meta that names the agreement but is never printed in a blank text: left out, so the blank
# texts of a sector's agreements in many regions are one document (and one rendering).
_BLANK_META_DROPPED = ("slug", "region", "date")

Change = tuple[str, str | None, str | None]  # figure, old value, new value


@dataclass(frozen=True)
class RenderJob:
    """One agreement's work: what to render, where to stage it, what to check it against."""

    source: AgreementSource
    targets: tuple[Target, ...]  # the files due; () only the record
    staging: Path  # where the files and the record are written (shared storage in a cluster)
    contexts: Path
    # The published folder, whose previous record the change report compares with (None: none).
    out: Path | None = None
    # Names the minimum-wage files this build saw: a worker reloads them when it changes.
    tables_digest: str = ""
    pdf_engine: str = "typst"
    strict: bool = False
    verify: bool = True
    packet: bool = True  # the record lists the packet's papers (the build makes them)


@dataclass
class JobOutcome:
    key: str
    province: str = ""  # the province the agreement names ("" when it did not load)
    hashes: dict[Target, str] = field(default_factory=dict)  # target → sha256, record included
    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)  # validation or read-back (exit 1)
    problems: list[Finding] = field(default_factory=list)  # input errors (exit 2)
    changes: list[Change] = field(default_factory=list)  # figures changed since the last record
    blanks: set[str] = field(default_factory=set)  # digests of the blank texts it used
    blanks_rendered: int = 0  # blank files this job rendered itself (the rest were linked)


@dataclass
class _BlankCopy:
    sha256: str
    text: str  # extract_text of the file, for each agreement's check


@dataclass
class _WorkerState:
    """What a worker process loads once and reuses for every job it is given."""

    loader: SourceLoader = field(default_factory=SourceLoader)
    checks: dict[tuple[Path, str, bool], Checks] = field(default_factory=dict)
    blanks: dict[tuple[Path, str], _BlankCopy] = field(default_factory=dict)

    def checks_for(self, job: RenderJob) -> Checks:
        """The run's checks, loaded once per worker (again only when the tables changed)."""
        key = (job.contexts, job.tables_digest, job.strict)
        if key not in self.checks:
            self.checks = {key: Checks.load(job.contexts, strict=job.strict)}
        return self.checks[key]

    def blank(self, path: Path, fmt: str) -> _BlankCopy:
        """The hash and text of a stored blank, read back once per worker."""
        key = (path.parent, path.name)
        if key not in self.blanks:
            data = path.read_bytes()
            text = extract_text(fmt, data)
            if len(self.blanks) > 256:  # one build's distinct blanks; bound it all the same
                self.blanks.clear()
            self.blanks[key] = _BlankCopy(hashlib.sha256(data).hexdigest(), text)
        return self.blanks[key]


_worker = _WorkerState()


def render_job(job: RenderJob) -> JobOutcome:
    """Load; look up the minimums binding the agreement; compose each filled document once;
    validate with those documents (the rules read the text the writers will print); then
    render and read back each stale format, and write the files and the record into the
    staging folder. Validation runs here, in parallel, yet before anything is published."""
    outcome = JobOutcome(job.source.key)
    try:
        loaded = _worker.loader(job.source)
        outcome.province = loaded.agreement.region.province_code
        checks = _worker.checks_for(job)
        (ctx,) = checks.contexts_of([loaded])
    except InputError as err:
        outcome.problems = err.findings
        return outcome
    kinds = (KINDS[CONTRACT], *(PACKET if job.packet else ()))
    documents = {kind.name: compose(loaded.agreement, minimum=ctx.applicable, kind=kind.name)
                 for kind in kinds}  # fmt: skip
    report = checks.check([replace(ctx, documents=documents)])
    outcome.warnings = report.warnings
    outcome.errors = report.errors
    findings = list(report.findings)
    if report.ok:
        for kind in kinds:
            due = [target for target in job.targets if target.kind == kind.name]
            if due:
                filled = documents[kind.name]
                findings += _render_filled(job, loaded, kind, filled, due, outcome)
                findings += _render_blanks(job, loaded, kind, ctx.applicable, due, outcome)
    # Refused: the record keeps the findings, not a text to publish.
    document = documents[CONTRACT] if not outcome.errors else None
    papers = PACKET if job.packet else ()
    record = make_record(
        job.source.key, loaded, findings, ctx.applicable, ctx.later, document, papers
    )
    _stage_record(job, record, outcome)
    return outcome


def _staged(job: RenderJob, target: Target) -> Path:
    path = job.staging / f"{job.source.key}.{target.suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _read_back_problem(job: RenderJob, kind: Kind, fmt: str, problem: str) -> Finding:
    # The message names the paper (《协商参考资料》 PDF): which file lost the figure.
    paper = "" if kind.name == CONTRACT else f"《{kind.title}》"
    return Finding(
        severity="error",
        file=job.source.path,
        field=fmt if kind.name == CONTRACT else f"{kind.name}.{fmt}",
        message=f"输出校验失败：{paper}{problem}",
        rule="read_back",
    )


def _render_filled(
    job: RenderJob,
    loaded: LoadedAgreement,
    kind: Kind,
    document: Document,
    due: list[Target],
    outcome: JobOutcome,
) -> list[Finding]:
    """Render and read back each stale filled format; the findings of any that did not."""
    found = []
    for target in due:
        if target.blank:
            continue
        fmt = target.fmt
        data = _render(job, loaded, document, fmt)
        # Read the file back: a layout bug must not publish a wrong figure. Each kind says
        # which figures it prints (kinds.py: the schedule on the poster and in the brief).
        wrong = (
            check_figures(
                loaded.agreement,
                fmt,
                data,
                figures=kind.prints_figures,
                pairs=kind.prints_pairs,
                omit=kind.omits,
            )
            if job.verify
            else []
        )
        if wrong:
            found += [_read_back_problem(job, kind, fmt, problem) for problem in wrong]
            continue
        _staged(job, target).write_bytes(data)
        outcome.hashes[target] = hashlib.sha256(data).hexdigest()
    outcome.errors += found
    return found


def _render(job: RenderJob, loaded: LoadedAgreement, document: Document, fmt: str) -> bytes:
    try:
        return writer_for(fmt, job.pdf_engine).render(document)
    except UnprintableText as err:
        raise RenderError(
            f"PDF 字体缺少 {len(err.characters)} 个字符的字形，未生成任何文件"
            "（或用 SKILLWAGE_FONT_DIRS 加入覆盖它们的字体）",
            details=_unprintable(loaded, err.characters),
        ) from err


def _unprintable(loaded: LoadedAgreement, characters: str) -> list[str]:
    """`file:line: field: PDF 字体无法排印“𠀀”…`, one line per context field holding them."""
    lines = [
        f"{loaded.where(*path)}: {dotted(path)}: PDF 字体无法排印{shown(found)}：请改用常用汉字"
        for path, found in loaded.source.holding(characters)
    ]
    return lines or [f"{loaded.path}: PDF 字体无法排印{shown(characters)}（来自条款模板）"]


def blank_document(
    loaded: LoadedAgreement, minimum: Applicable, kind: str = CONTRACT
) -> tuple[Document, str]:
    """The blank text of a kind and its digest, by which a build renders each distinct blank
    text once (a sector's in many places is one document)."""
    document = compose(loaded.agreement, minimum=minimum, blank=True, kind=kind)
    meta = {k: v for k, v in document.meta.items() if k not in _BLANK_META_DROPPED}
    document = replace(document, meta=meta)
    # repr of the frozen dataclasses names every field of every part, in order: the text
    # and layout hints the writers get, and nothing else (cheaper than JSON: 1 ms a document).
    return document, sha(repr(document).encode("utf-8"))


def _store_blank(
    job: RenderJob, loaded: LoadedAgreement, document: Document, digest: str, fmt: str
) -> tuple[Path, bool]:
    """staging/.blanks/<digest>.<fmt>, rendered by whichever worker gets there first."""
    store = job.staging / BLANKS / f"{digest}.{fmt}"
    if store.exists():
        return store, False
    store.parent.mkdir(parents=True, exist_ok=True)
    data = _render(job, loaded, document, fmt)
    temporary = store.with_name(f".{store.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    try:
        os.link(temporary, store)  # atomic: another worker's copy, if first, is kept
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return store, True


def _link(store: Path, target: Path) -> None:
    try:
        os.link(store, target)
    except FileExistsError:
        target.unlink()
        os.link(store, target)
    except OSError:  # a file system without hard links: copy
        shutil.copyfile(store, target)


def _render_blanks(
    job: RenderJob,
    loaded: LoadedAgreement,
    kind: Kind,
    minimum: Applicable,
    due: list[Target],
    outcome: JobOutcome,
) -> list[Finding]:
    """Render (once per distinct text) and check each stale blank format."""
    wanted = [target for target in due if target.blank]
    if not wanted:
        return []
    document, digest = blank_document(loaded, minimum, kind.name)
    outcome.blanks.add(digest)
    found = []
    for target in wanted:
        fmt = target.fmt
        store, rendered = _store_blank(job, loaded, document, digest, fmt)
        outcome.blanks_rendered += rendered
        copy = _worker.blank(store, fmt)
        # A blank model text must not carry this agreement's figures or names.
        text = copy.text
        wrong = (
            check_blank(loaded.agreement, fmt, b"", text=text, templates=kind.sources)
            if job.verify
            else []
        )
        if wrong:
            found += [_read_back_problem(job, kind, fmt, problem) for problem in wrong]
            continue
        _link(store, _staged(job, target))
        outcome.hashes[target] = copy.sha256
    outcome.errors += found
    return found


def _stage_record(job: RenderJob, record: AgreementRecord, outcome: JobOutcome) -> None:
    data = record.dumps()
    staged = record_path(job.staging, job.source.key)
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(data)
    outcome.hashes[RECORD_TARGET] = hashlib.sha256(data).hexdigest()
    previous = read_record(job.out, job.source.key) if job.out is not None else None
    if previous is not None:
        outcome.changes = _figure_changes(previous.figures, record.figures)


def _figure_changes(old: Mapping[str, str], now: Mapping[str, str]) -> list[Change]:
    rows: list[Change] = []
    for name in list(old) + [n for n in now if n not in old]:
        if old.get(name) != now.get(name):
            rows.append((name, old.get(name), now.get(name)))
    return rows


def run_jobs(
    jobs: list[RenderJob],
    workers: int,
    progress: Callable[[str], None] | None = None,
    executor: str | None = None,
) -> Iterator[JobOutcome]:
    """Outcomes in job order: in this process for a few jobs, in a local process pool, or on
    a Dask cluster (`executor`: `dask://HOST:PORT` or `tcp://HOST:PORT`, a running scheduler;
    README "Scaling out")."""
    if executor is not None:
        yield from _run_on_dask(jobs, executor, progress)
        return
    if workers <= 1 or len(jobs) < POOL_THRESHOLD:
        for job in jobs:
            outcome = render_job(job)
            if progress:
                progress(outcome.key)
            yield outcome
        return
    # spawn, not fork: the parent may hold a Typst compiler and its threads.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    try:
        chunk = max(1, min(64, len(jobs) // (workers * 8)))
        for outcome in pool.map(render_job, jobs, chunksize=chunk):
            if progress:
                progress(outcome.key)
            yield outcome
    except BrokenProcessPool as err:
        # A worker killed from outside (out of memory, a signal): nothing was published.
        raise RenderError(
            "一个渲染进程意外终止（内存不足或被系统结束），未发布任何文件；可用 --jobs 1 重试"
        ) from err
    finally:
        # Ctrl+C, an error or a consumer that stops early: the queued jobs are dropped and only
        # the running ones awaited (a `with` block waited for every queued render first, so
        # Ctrl+C in a large build or in `watch` took as long as the rest of the build).
        pool.shutdown(wait=True, cancel_futures=True)


DASK_SCHEMES = ("dask://", "tcp://")


def check_executor(address: str | None) -> None:
    """An executor is a Dask scheduler's address (None: the local pool); refused before any
    work otherwise."""
    if address is not None and not address.startswith(DASK_SCHEMES):
        raise InputError(f"执行器 {address!r} 无效：应为 dask://主机:端口（Dask 调度器的地址）")


def _run_on_dask(
    jobs: list[RenderJob], address: str, progress: Callable[[str], None] | None
) -> Iterator[JobOutcome]:
    """The same jobs on a Dask distributed cluster. Each worker process keeps its loaded checks
    and writers between jobs, as a pool worker does; the staging folder must be on storage
    every worker sees, and only this process publishes (`build.py`)."""
    check_executor(address)
    try:
        # An optional extra: imported by name, so the type checker needs no stubs for it.
        distributed: Any = importlib.import_module("distributed")
    except ImportError as err:
        raise InputError(
            "未安装 Dask：pip install 'skillwage-docs[dask]'（或 make test-tools）"
        ) from err
    scheduler = "tcp://" + address.split("://", 1)[1]
    try:
        client = distributed.Client(scheduler, timeout=30, set_as_default=False)
    except OSError as err:
        raise InputError(f"无法连接 Dask 调度器 {scheduler}：{err}") from err
    try:
        futures = client.map(render_job, jobs, pure=False)
        for future in futures:
            try:
                outcome: JobOutcome = future.result()
            except SkillwageError:
                raise
            except Exception as err:  # a worker lost (KilledWorker), a scheduler gone
                raise RenderError(
                    f"Dask 集群上的渲染任务失败（{type(err).__name__}: {err}），未发布任何文件"
                ) from err
            if progress:
                progress(outcome.key)
            yield outcome
    finally:
        client.close()
