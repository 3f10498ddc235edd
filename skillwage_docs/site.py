"""Static site: OUT/site/ with an index, a page per contract, its DOCX and PDF, and redlines.

`build_site` first brings OUT/<region>/ up to date (the incremental `build`, keeping going past
contracts that fail validation), then writes the site from it:

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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .agreement import LevelWage, LoadedAgreement, discover_regions, load_agreements
from .build import MINIMUM_WAGES, BuildResult, build
from .compose import compose
from .config import load_config
from .document import Document
from .environment import FILTERS, TEMPLATES
from .errors import InputError
from .figures import cn_date
from .hooks import NamedHook, discover_hooks
from .minimum_wage import Applicable, MinimumWageTable, load_minimum_wages
from .publish import safe_output_path, write_atomic
from .redline import Comparison, compare, plain_text, render_units
from .validate import validate
from .writers import writer_for

__all__ = [
    "SITE",
    "Download",
    "SiteEntry",
    "SiteRegion",
    "SiteResult",
    "build_site",
    "make_server",
    "render_redline_page",
    "serve",
    "site_environment",
]

SITE = "site"
ASSETS = "assets"
SITE_MANIFEST = ".site.json"
SITE_TITLE = "技能人才最低工资集体合同示范文本"
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


# ── templates ────────────────────────────────────────────────────────────────────────────────


@cache
def site_environment() -> ImmutableSandboxedEnvironment:
    """templates/site/ first, then templates/layouts/ (the contract page extends its layout)."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(TEMPLATES / "site"), str(TEMPLATES / "layouts")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


def _stylesheets() -> dict[str, Markup]:
    return {
        "contract": Markup((TEMPLATES / "layouts" / "contract.css").read_text(encoding="utf-8")),
        "site": Markup(
            (TEMPLATES / "site" / "site.css")
            .read_text(encoding="utf-8")
            .removeprefix('@charset "utf-8";\n')
        ),
    }


def _page(template: str, **context: Any) -> bytes:
    context.setdefault("site_title", SITE_TITLE)
    context.setdefault("standalone", False)
    context.setdefault("crumbs", [])
    context.setdefault("root", "../")
    if context["standalone"]:
        context["css"] = _stylesheets()
    html = site_environment().get_template(template).render(**context)
    return html.encode("utf-8")


def render_redline_page(
    comparison: Comparison,
    *,
    title: str | None = None,
    only_changes: bool = False,
    standalone: bool = True,
    links: Sequence[tuple[str, str]] = (),
    crumbs: Sequence[tuple[str, str | None]] = (),
) -> str:
    """The redline page; `standalone` inlines the styles (the site links its assets)."""
    if title:
        comparison = Comparison(title, comparison.old_title, comparison.units)
    return _page(
        "redline.html.j2",
        comparison=comparison,
        body=render_units(comparison, only_changes=only_changes),
        standalone=standalone,
        links=list(links),
        crumbs=list(crumbs),
    ).decode("utf-8")


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
    minimum: Applicable | None
    lowest: LevelWage | None
    later: tuple[Applicable, ...] = ()
    downloads: tuple[Download, ...] = ()
    redline: str | None = None  # file name in the region folder
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


def _lowest(item: LoadedAgreement) -> LevelWage | None:
    levels = item.agreement.levels_sorted()
    return min(levels, key=lambda row: row.monthly) if levels else None


def _public(lines: Sequence[str], contexts: Path) -> tuple[str, ...]:
    """Findings name files as contexts/… , never by this machine's absolute path."""
    prefixes = {f"{contexts.resolve().parent}{os.sep}", f"{contexts.absolute().parent}{os.sep}"}
    out = []
    for line in lines:
        for prefix in prefixes:
            line = line.replace(prefix, "")
        out.append(line)
    return tuple(out)


def _check(
    item: LoadedAgreement,
    table: MinimumWageTable,
    strict: bool,
    contexts: Path,
    hooks: Sequence[NamedHook],
    refused: Sequence[str] = (),
) -> SiteEntry:
    """Validate one contract and look up the standard in force at its start.

    `refused` are the build's own findings for it (e.g. a figure that did not read back from
    a rendered file): a contract the build refused is never published by the site either."""
    agreement = item.agreement
    region = agreement.region
    try:
        report = validate([item], table, strict=strict, hooks=hooks)
        ok = report.ok and not refused
        errors = tuple(dict.fromkeys([*(f.line() for f in report.errors), *refused]))
        warnings = tuple(f.line() for f in report.warnings)
        minimum = report.standards.get(agreement.slug)
    except InputError as err:
        ok, errors, warnings, minimum = False, tuple(err.lines()), (), None
    if minimum is None:
        try:
            minimum = table.in_force(
                region.province_code, agreement.covered_areas, agreement.term.start
            )
        except InputError:
            minimum = None
    try:
        later = tuple(
            table.later_changes(
                region.province_code,
                agreement.covered_areas,
                agreement.term.start,
                agreement.term.end,
            )
        )
    except InputError:
        later = ()
    return SiteEntry(
        region=region.code,
        region_name=region.name,
        slug=agreement.slug,
        title=agreement.display_title,
        kind=agreement.kind,
        subject=agreement.subject,
        term=f"{cn_date(agreement.term.start)}至{cn_date(agreement.term.end)}",
        ok=ok,
        errors=_public(errors, contexts),
        warnings=_public(warnings, contexts),
        minimum=minimum,
        lowest=_lowest(item),
        later=later,
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
    site: _Writer, out: Path, entry: SiteEntry, document: Document
) -> tuple[Download, ...]:
    """Copy the build's PDF and DOCX into the site (rendering one only if the build lacks it)."""
    found = []
    for fmt, label, media_type, save in DOWNLOADS:
        source = out / entry.region / f"{entry.slug}.{fmt}"
        if source.is_file():
            data = source.read_bytes()
        elif fmt.startswith("blank."):
            continue  # only the build renders (and checks) blank texts
        else:
            data = writer_for(fmt).render(document)
        name = f"{entry.slug}.{fmt}"
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


def build_site(
    out: Path,
    *,
    contexts: Path = Path("contexts"),
    regions: Sequence[str] | None = None,
    strict: bool = False,
    pdf_engine: str = "typst",
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SiteResult:
    """Build OUT/<region>/ for `regions` (all when None), then write the site to OUT/site/.

    A contract that fails validation is listed as failed, with its findings, and its text and
    files are not published; the others are. Pages and files of contracts no longer on the
    site are removed; their published texts stay, for the next redline."""
    found = discover_regions(contexts)
    chosen = list(found) if regions is None else list(dict.fromkeys(regions))
    if SITE in chosen:
        raise InputError(f"地区代码 {SITE!r} 与网站目录 {out / SITE} 冲突，请改用其他地区代码")
    result = build(
        contexts,
        out=out,
        regions=chosen,
        strict=strict,
        keep_going=True,
        blank=True,
        pdf_engine=pdf_engine,
        jobs=jobs,
        progress=progress,
    )
    root = out / SITE
    manifest_path = root / SITE_MANIFEST
    try:
        before = set(json.loads(manifest_path.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        before = set()
    site = _Writer(root)
    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    hooks, _ = discover_hooks(load_config(), forbidden=[contexts])  # once, not per contract
    outcome = SiteResult(root=root, build=result)
    for code in chosen:
        loaded = load_agreements(contexts, code)
        region = loaded[0].agreement.region
        entries = []
        for item in loaded:
            key = f"{code}/{item.agreement.slug}"
            entry = _check(item, table, strict, contexts, hooks, result.failed.get(key, ()))
            crumbs = [
                (entry.region_name, f"../index.html#region-{entry.region}"),
                (entry.title, None),
            ]
            # A contract that validated has its binding minimum (validate looked it up).
            if not entry.ok or entry.minimum is None:
                site.write(entry.page, _page("failed-page.html.j2", entry=entry, crumbs=crumbs))
                entries.append(entry)
                continue
            document = compose(item.agreement, minimum=entry.minimum)
            redline_name, changed = _publish_text(site, entry, document)
            if changed:
                outcome.changed.append(entry.key)
            entry = _with(
                entry, downloads=_downloads(site, out, entry, document), redline=redline_name
            )
            site.write(
                entry.page,
                _page("contract-page.html.j2", document=document, entry=entry, crumbs=crumbs),
            )
            entries.append(entry)
        outcome.regions.append(SiteRegion(code, region.name, region.province, tuple(entries)))
    site.write("index.html", _page("index.html.j2", regions=outcome.regions, root=""))
    for asset in ASSET_FILES:
        site.write(f"{ASSETS}/{asset.name}", asset.read_bytes())
    outcome.removed = _remove_stale(root, before, site.files)
    write_atomic(
        manifest_path,
        json.dumps({"files": sorted(site.files)}, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    outcome.written = site.written
    return outcome


def _with(entry: SiteEntry, **changes: Any) -> SiteEntry:
    from dataclasses import replace

    return replace(entry, **changes)


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
