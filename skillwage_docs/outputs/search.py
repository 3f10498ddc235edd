"""The site at national scale: an index page per province and per region, and full-text search
in Chinese with filters, as static files (issue 23 point 11).

Pagefind (`pagefind[extended]` on PyPI; the extended build segments Chinese) writes the search
bundle, `site/pagefind/`: an index split into fragments the browser fetches on demand, and the
search UI. The site's own pages are not re-read: each contract is one custom record built from
what the build recorded (its text, region, minimum and lowest figure), with filters

    省份 · 类型（行业性/区域性） · 行业或区域 · 覆盖（县级以下/县级以上） · 状态（现行/未生效/已到期）
    · 高出最低工资（5% 以内 … 20% 以上）

`search.html` hosts the UI. Without Pagefind installed the listing pages are still written and
the search page says how to install it. The bundle is built in a temporary folder and swapped
in whole, so a failed run leaves the previous index.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from ..pipeline.records import AgreementRecord
from ..text.document import Document
from .redline import plain_text
from .sitepages import render_page

__all__ = ["BUNDLE", "SearchResult", "margin_band", "search_records", "write_search"]

BUNDLE = "pagefind"
LANGUAGE = "zh"
_BATCH = 64
_BANDS = ((Decimal("0.05"), "5% 以内"), (Decimal("0.10"), "5%–10%"), (Decimal("0.20"), "10%–20%"))


class _Writer(Protocol):
    """The site writer (`site._Writer`): atomic writes, recorded in the site's manifest."""

    def write(self, relative: str, data: bytes) -> None: ...


class _Region(Protocol):
    """A region of the site (`site.SiteRegion`), as the listing pages show it."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def province(self) -> str: ...

    @property
    def entries(self) -> Sequence[Any]: ...


@dataclass(frozen=True)
class SearchResult:
    records: int
    bundle_bytes: int
    indexed: bool  # False: Pagefind is not installed, only the listing pages were written


@dataclass(frozen=True)
class Record:
    """One contract as Pagefind indexes it."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]


def margin_band(lowest: Decimal, minimum: Decimal) -> str:
    """How far the lowest agreed figure lies above the binding minimum, as a filter value."""
    share = (lowest - minimum) / minimum
    for limit, label in _BANDS:
        if share <= limit:
            return label
    return "20% 以上"


def _status(record: AgreementRecord, today: date) -> str:
    term = record.agreement.term
    if today < term.start:
        return "未生效"
    return "已到期" if today > term.end else "现行"


def search_records(records: Sequence[AgreementRecord], today: date) -> list[Record]:
    """A record per published contract (one that passed validation and has its text)."""
    found = []
    for record in records:
        document: Document | None = record.document
        if document is None or record.minimum is None:
            continue
        agreement = record.agreement
        levels = agreement.levels_sorted()
        lowest = min((row.monthly for row in levels), default=None)
        filters: dict[str, list[str]] = {
            "省份": [agreement.region.province],
            "类型": [agreement.kind],
            "行业或区域": [agreement.subject],
            "覆盖": ["县级以上" if agreement.above_county else "县级以下"],
            "状态": [_status(record, today)],
            "地区": [agreement.region.name],
        }
        if lowest is not None:
            filters["高出最低工资"] = [margin_band(lowest, record.minimum.monthly)]
        areas = "、".join(agreement.covered_areas)
        found.append(
            Record(
                url=f"/{record.region}/{record.slug}.html",
                content=f"{areas}\n{plain_text(document)}",
                meta={
                    "title": agreement.display_title,
                    "地区": f"{agreement.region.province}{agreement.region.name}（{areas}）",
                    "期限": f"{agreement.term.start.isoformat()} 至 {agreement.term.end.isoformat()}",
                },
                filters=filters,
            )
        )
    return found


def write_search(
    site: _Writer,
    root: Path,
    records: Sequence[AgreementRecord],
    regions: Sequence[_Region],
    *,
    today: date | None = None,
) -> SearchResult:
    """Listing pages per province and region, the search page, and the Pagefind bundle."""
    _listings(site, regions)
    found = search_records(records, today or date.today())
    indexed = _pagefind_available()
    site.write("search.html", render_page("search.html.j2", root="", indexed=indexed))
    if not indexed:
        return SearchResult(len(found), 0, False)
    size = _build_bundle(root, found)
    return SearchResult(len(found), size, True)


def _listings(site: _Writer, regions: Sequence[_Region]) -> None:
    provinces: dict[str, list[_Region]] = {}
    for region in regions:
        provinces.setdefault(region.province, []).append(region)
        crumbs = [(region.province, f"../provinces/{_province_file(region.province)}"),
                  (region.name, None)]  # fmt: skip
        page = render_page(
            "listing.html.j2", title=region.name, regions=[region], prefix="../", crumbs=crumbs
        )
        site.write(f"{region.code}/index.html", page)
    for province, members in provinces.items():
        page = render_page(
            "listing.html.j2",
            title=province,
            regions=members,
            prefix="../",
            crumbs=[(province, None)],
        )
        site.write(f"provinces/{_province_file(province)}", page)
    index = render_page("provinces.html.j2", root="", provinces=provinces, file=_province_file)
    site.write("provinces.html", index)


def _province_file(name: str) -> str:
    return f"{name}.html"


def _pagefind_available() -> bool:
    try:
        from pagefind.service import get_executable

        get_executable()
    except (ImportError, FileNotFoundError):
        return False
    return True


def _build_bundle(root: Path, found: Sequence[Record]) -> int:
    """Index the records into a fresh folder, then swap it in for site/pagefind/."""
    staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=root))
    try:
        _in_own_loop(found, staging)
        target = root / BUNDLE
        old = root / f".{BUNDLE}-old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    target = root / BUNDLE
    for path in target.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return sum(path.stat().st_size for path in target.rglob("*") if path.is_file())


def _in_own_loop(found: Sequence[Record], output: Path) -> None:
    """Pagefind's API is asynchronous; the site may be built where an event loop already runs
    (Playwright's sync API, a server), so the indexing gets a loop of its own in a thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(_index(found, output))).result()


async def _index(found: Sequence[Record], output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output), force_language=LANGUAGE)
    async with PagefindIndex(config=config) as index:
        # Sent in batches: the service indexes while the next requests are on their way.
        for start in range(0, len(found), _BATCH):
            await asyncio.gather(
                *(
                    index.add_custom_record(
                        url=record.url,
                        content=record.content,
                        language=LANGUAGE,
                        meta=record.meta,
                        filters=record.filters,
                    )
                    for record in found[start : start + _BATCH]
                )
            )
