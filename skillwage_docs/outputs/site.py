"""Static site: OUT/site/ with an index, a page per contract, its DOCX and PDF, and redlines.

An output builder (`builders.py`): after the build has brought OUT/<region>/ up to date
(`make.build_site`: keeping going past contracts that fail validation), the site is written
from the build's records (`records.py`) under the same lock: the findings, the binding minimum
and the composed text the build decided. It never loads, validates, composes or renders.

    site/index.html                    regions → contracts: status, standard in force, files
    site/assets/contract.css, site.css
    site/<region>/<slug>.html          the contract (or, if it failed validation, the findings)
    site/<region>/<slug>.pdf, .docx    copies of OUT/<region>/<slug>.pdf, .docx (and .blank.*)
    site/<region>/<slug>.txt           the published plain text (redline.plain_text) …
    site/<region>/<slug>.prev.txt      … and the one before the last change
    site/<region>/<slug>.redline.html  the last change: old text struck through, new underlined

The site is self-contained (relative links, system fonts, no request leaves it) and can be
copied to any static host or opened from disk. `serve` previews it on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..base.figures import cn_date
from ..base.findings import Finding
from ..base.publish import safe_output_path, write_atomic
from ..inputs.agreement import LevelWage
from ..pipeline.buildreport import BuildResult
from ..pipeline.records import AgreementRecord, RecordedMinimum, RecordedPaper
from ..text.document import Document
from ..text.environment import TEMPLATES
from ..text.kinds import KINDS
from .filing_calendar import format_calendar, region_calendar
from .prose import markdown_html
from .publication import OutputBuilder, OutputResult, Publication
from .redline import compare, plain_text
from .search import SearchResult, write_search
from .site_guides import RegionGuide, region_guides
from .sitepages import render_page, render_redline_page

__all__ = [
    "SITE",
    "Download",
    "PacketPaper",
    "SiteEntry",
    "SiteRegion",
    "SiteResult",
    "check_site_regions",
    "make_server",
    "serve",
    "site_builder",
    "write_site",
]

SITE = "site"
CALENDAR_PAGE = "calendar.html"  # site/<region>/calendar.html
ASSETS = "assets"
SITE_MANIFEST = ".site.json"
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOADS = (
    ("pdf", "PDF", "application/pdf", False),
    ("docx", "Word（DOCX）", _DOCX_TYPE, True),
    # The fill-in-the-blank model text (示范文本) that 晋人社厅函〔2024〕1185号 asks the
    # union to publish, for parties elsewhere to adapt.
    ("blank.pdf", "空白示范文本 PDF", "application/pdf", False),
    ("blank.docx", "空白示范文本 Word", _DOCX_TYPE, True),
)
ASSET_FILES = (
    TEMPLATES / "layouts" / "contract.css",
    TEMPLATES / "site" / "site.css",
    TEMPLATES / "site" / "icon.svg",
)
TEXT, PREVIOUS, REDLINE = ".txt", ".prev.txt", ".redline.html"
# Kept when a contract leaves the site (fails validation, region not selected): the last
# published text is what its next redline compares against.
_HISTORY = (PREVIOUS, TEXT)
_FILE_MODE = 0o644  # write_atomic's temporary files are 0600; a site is for reading


# ── model ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Download:
    fmt: str
    label: str
    href: str  # relative to the region folder
    media_type: str
    save: bool  # `download` attribute: save rather than open in the browser
    size: str


@dataclass(frozen=True)
class PacketPaper:
    """A paper of the bargaining packet on the contract's page, with the files the build
    published for it (issue 14; the record names them: `records.RecordedPaper`); a guide
    (issue 21: timetable, review points, enforcement sheet) is listed apart."""

    title: str
    downloads: tuple[Download, ...]
    guide: bool = False


@dataclass(frozen=True)
class SiteEntry:
    """One contract as the index and its page show it."""

    region: str
    region_name: str
    slug: str
    title: str
    kind: str
    subject: str
    term: str
    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    minimum: RecordedMinimum | None
    lowest: LevelWage | None
    later: tuple[RecordedMinimum, ...] = ()
    downloads: tuple[Download, ...] = ()
    redline: str | None = None  # file name in the region folder
    packet: tuple[PacketPaper, ...] = ()  # the packet's papers with files, procedure order
    example: bool = False  # built from invented data: marked 示例（虚构数据） (issue 12 point 1)

    @property
    def key(self) -> str:
        return f"{self.region}/{self.slug}"

    @property
    def page(self) -> str:
        """Link from the index."""
        return f"{self.region}/{self.slug}.html"

    @property
    def margin(self) -> Decimal | None:
        if self.minimum is None or self.lowest is None:
            return None
        return self.lowest.monthly - self.minimum.monthly


@dataclass(frozen=True)
class SiteRegion:
    code: str
    name: str
    province: str
    entries: tuple[SiteEntry, ...]
    guides: tuple[RegionGuide, ...] = ()  # issue 21: register, approval guide, progress report

    @property
    def ok_count(self) -> int:
        return sum(entry.ok for entry in self.entries)

    @property
    def failed_count(self) -> int:
        return len(self.entries) - self.ok_count


@dataclass
class SiteResult:
    root: Path
    build: BuildResult
    regions: list[SiteRegion] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # created or updated, relative to root
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # contracts whose text changed this run
    search: SearchResult | None = None

    @property
    def entries(self) -> list[SiteEntry]:
        return [entry for region in self.regions for entry in region.entries]

    @property
    def failed(self) -> dict[str, list[str]]:
        return {entry.key: list(entry.errors) for entry in self.entries if not entry.ok}

    @property
    def pages(self) -> list[Path]:
        """Every HTML page of the site, index first."""
        pages = [self.root / "index.html"]
        for entry in self.entries:
            pages.append(self.root / entry.page)
            if entry.redline:
                pages.append(self.root / entry.region / entry.redline)
        return pages

    def summary(self) -> list[str]:
        """What the CLI prints: one line per contract, then where the site is."""
        lines = []
        for entry in self.entries:
            state = "ok" if entry.ok else "failed"
            extra = "（文本有修订）" if entry.key in self.changed else ""
            lines.append(f"{state:<9} {self.root / entry.page}{extra}")
        ok = sum(entry.ok for entry in self.entries)
        lines.append(
            f"网站：{self.root / 'index.html'}（{ok} 份合同发布，{len(self.failed)} 份校验未通过；"
            f"更新 {len(self.written)} 个文件，删除 {len(self.removed)} 个）"
        )
        return lines


# ── build ────────────────────────────────────────────────────────────────────────────────────


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{round(count / 1024)} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def _lowest(record: AgreementRecord) -> LevelWage | None:
    levels = record.agreement.levels_sorted()
    return min(levels, key=lambda row: row.monthly) if levels else None


def _public(finding: Finding, contexts: Path) -> str:
    """A finding's line naming files as contexts/… , never by this machine's absolute path."""
    for root in (contexts.resolve().parent, contexts.absolute().parent):
        if finding.file is not None and finding.file.is_relative_to(root):
            return finding.render(root)
    return finding.render(Path.cwd())


def _entry(record: AgreementRecord, contexts: Path) -> SiteEntry:
    """One contract as the build recorded it: its findings, binding minimum and text."""
    agreement = record.agreement
    region = agreement.region

    def lines(findings: Sequence[Finding]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_public(f, contexts) for f in findings))

    return SiteEntry(
        region=record.region,
        region_name=region.name,
        slug=record.slug,
        title=agreement.display_title,
        kind=agreement.kind,
        subject=agreement.subject,
        term=f"{cn_date(agreement.term.start)}至{cn_date(agreement.term.end)}",
        ok=record.ok,
        errors=lines(record.errors),
        warnings=lines(record.warnings),
        minimum=record.minimum,
        lowest=_lowest(record),
        later=record.later,
        example=agreement.example,
    )


class _Writer:
    """Writes site files atomically (readable by a web server) and records what it wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: set[str] = set()
        self.written: list[str] = []

    def write(self, relative: str, data: bytes) -> None:
        path = safe_output_path(self.root, *relative.split("/"))
        action = write_atomic(path, data)
        if action != "identical":
            self.written.append(relative)
        if path.stat().st_mode & 0o777 != _FILE_MODE:
            path.chmod(_FILE_MODE)
        self.files.add(relative)


def _publish_text(site: _Writer, entry: SiteEntry, document: Document) -> tuple[str | None, bool]:
    """Keep the published text; on a change, the old one becomes .prev.txt. Returns the
    redline file name (None before the first change) and whether the text changed now."""
    base = f"{entry.region}/{entry.slug}"
    current = plain_text(document)
    text_path = site.root / (base + TEXT)
    previous_path = site.root / (base + PREVIOUS)
    published = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
    changed = published is not None and published != current
    if changed:
        assert published is not None
        site.write(base + PREVIOUS, published.encode("utf-8"))
    site.write(base + TEXT, current.encode("utf-8"))
    if not previous_path.is_file():
        return None, False
    site.files.add(base + PREVIOUS)
    old = previous_path.read_text(encoding="utf-8")
    page = render_redline_page(
        compare(old, current),
        standalone=False,
        links=[("阅读现行文本", f"{entry.slug}.html")],
        crumbs=[(entry.region_name, f"../index.html#region-{entry.region}"), ("修订对照", None)],
    )
    site.write(base + REDLINE, page.encode("utf-8"))
    return entry.slug + REDLINE, changed


def _downloads(
    site: _Writer, out: Path, entry: SiteEntry, suffix: str = ""
) -> tuple[Download, ...]:
    """Copy the files the build published (and checked) into the site: the contract's, or
    with `suffix` (".poster") a packet paper's."""
    found = []
    for fmt, label, media_type, save in DOWNLOADS:
        name = f"{entry.slug}{suffix}.{fmt}"
        source = out / entry.region / name
        if not source.is_file():
            continue  # not rendered in this format: nothing to offer, never an unchecked copy
        data = source.read_bytes()
        site.write(f"{entry.region}/{name}", data)
        found.append(Download(fmt, label, name, media_type, save, _size(len(data))))
    return tuple(found)


def _remove_stale(root: Path, before: set[str], now: set[str]) -> list[str]:
    removed = []
    for relative in sorted(before - now):
        if relative.endswith(_HISTORY):
            continue
        path = root / relative
        if path.is_file() and path.resolve().is_relative_to(root.resolve()):
            path.unlink()
            removed.append(relative)
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only if now empty
    return removed


def write_site(publication: Publication) -> OutputResult:
    """OUT/site/ from the build's records and published files: an index, a page per contract
    (a failed one with its findings, its text and files not published), redlines.

    Pages and files of contracts no longer on the site are removed; their published texts
    stay, for the next redline."""
    site = _write_site(publication)
    return OutputResult(
        "site",
        written=[site.root / name for name in site.written],
        removed=[site.root / name for name in site.removed],
        data=site,
    )


site_builder = OutputBuilder("site", "网站", write_site, needs_files=True)


def check_site_regions(contexts: Path, regions: Sequence[str] | None) -> None:
    """A region whose code is the site's folder would be overwritten by the site."""
    if SITE in (regions or ()) or (regions is None and (contexts / SITE / "region.yaml").is_file()):
        raise InputError(f"地区代码 {SITE!r} 与网站目录 {SITE}/ 冲突，请改用其他地区代码")


def _calendar_page(site: _Writer, publication: Publication, code: str, name: str) -> None:
    """`<region>/calendar.html`: the region's filing calendar, the Markdown table the
    calendar output writes, rendered to HTML."""
    rows = region_calendar([r for r in publication.records if r.region == code], publication.today)
    crumbs = [(name, f"../index.html#region-{code}"), ("备案日历", None)]
    page = render_page(
        "calendar-page.html.j2",
        region_name=name,
        calendar=markdown_html(format_calendar(rows, publication.today)),
        crumbs=crumbs,
    )
    site.write(f"{code}/{CALENDAR_PAGE}", page)


def _crumbs(entry: SiteEntry) -> list[tuple[str, str | None]]:
    return [(entry.region_name, f"../index.html#region-{entry.region}"), (entry.title, None)]


def _packet(
    site: _Writer, out: Path, entry: SiteEntry, papers: Sequence[RecordedPaper]
) -> tuple[PacketPaper, ...]:
    """The packet's papers the record names, each with the files the build published."""
    listed = []
    for paper in papers:
        downloads = _downloads(site, out, entry, paper.suffix)
        kind = KINDS.get(paper.kind)
        if downloads:
            listed.append(PacketPaper(paper.title, downloads, kind is not None and kind.guide))
    return tuple(listed)


def _contract_page(
    site: _Writer, out: Path, entry: SiteEntry, record: AgreementRecord, document: Document
) -> tuple[SiteEntry, bool]:
    """The contract's page, its text history and downloads (the packet's papers too): the
    entry with its files, and whether its text changed in this run."""
    redline_name, changed = _publish_text(site, entry, document)
    entry = replace(
        entry,
        downloads=_downloads(site, out, entry),
        redline=redline_name,
        packet=_packet(site, out, entry, record.packet),
    )
    page = render_page(
        "contract-page.html.j2", document=document, entry=entry, crumbs=_crumbs(entry)
    )
    site.write(entry.page, page)
    return entry, changed


def _write_site(publication: Publication) -> SiteResult:
    out, contexts = publication.out, publication.contexts
    records, result = publication.records, publication.result
    root = out / SITE
    manifest_path = root / SITE_MANIFEST
    try:
        before = set(json.loads(manifest_path.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        before = set()
    site = _Writer(root)
    outcome = SiteResult(root=root, build=result)
    by_region: dict[str, list[SiteEntry]] = {}
    for record in records:
        entry = _entry(record, contexts)
        if record.document is None:
            page = render_page("failed-page.html.j2", entry=entry, crumbs=_crumbs(entry))
            site.write(entry.page, page)
        else:
            entry, changed = _contract_page(site, out, entry, record, record.document)
            if changed:
                outcome.changed.append(entry.key)
        by_region.setdefault(record.region, []).append(entry)
    for code, entries in by_region.items():
        first = next(r for r in records if r.region == code).agreement.region
        mine = [r for r in records if r.region == code]
        guides = region_guides(site.write, publication, code, first.name, mine)
        outcome.regions.append(
            SiteRegion(code, first.name, first.province, tuple(entries), tuple(guides))
        )
        _calendar_page(site, publication, code, first.name)
    site.write("index.html", render_page("index.html.j2", regions=outcome.regions, root=""))
    outcome.search = write_search(site, root, records, outcome.regions)  # search.py
    for asset in ASSET_FILES:
        site.write(f"{ASSETS}/{asset.name}", asset.read_bytes())
    outcome.removed = _remove_stale(root, before, site.files)
    write_atomic(
        manifest_path,
        json.dumps({"files": sorted(site.files)}, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    outcome.written = site.written
    return outcome


# ── preview ──────────────────────────────────────────────────────────────────────────────────


_MEDIA_TYPES = {
    **SimpleHTTPRequestHandler.extensions_map,
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = _MEDIA_TYPES

    def log_message(self, format: str, *args: Any) -> None:
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


def make_server(site_dir: Path, port: int = 8000, *, quiet: bool = False) -> ThreadingHTTPServer:
    """An HTTP server for `site_dir` on 127.0.0.1 only (port 0: any free port)."""
    if not (site_dir / "index.html").is_file():
        raise InputError(f"{site_dir}: 没有 index.html，请先运行 skillwage-docs site --all")
    handler = functools.partial(_Handler, directory=os.fspath(site_dir))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as err:
        raise InputError(f"无法在 127.0.0.1:{port} 上启动预览：{err.strerror or err}") from err
    server.quiet = quiet  # type: ignore[attr-defined]
    server.daemon_threads = True
    return server


def serve(
    site_dir: Path, port: int = 8000, *, announce: Callable[[str], None] | None = print
) -> None:
    """Preview the site at http://127.0.0.1:PORT/ until Ctrl+C."""
    with make_server(site_dir, port) as server:
        if announce:
            announce(f"预览：http://127.0.0.1:{server.server_address[1]}/（按 Ctrl+C 结束）")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
