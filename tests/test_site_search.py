"""The site's search (outputs/search.py, issue 23 point 11): the records and filters Pagefind
indexes, the listing pages, and the search page in Debian's Chromium (Playwright, headless,
served from 127.0.0.1): a search for 焊工 or 平定县 finds the right agreements, a filter
narrows them."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from skillwage_docs.outputs.search import margin_band, search_records, write_search
from skillwage_docs.outputs.site import ASSET_FILES, SiteRegion, _entry, _Writer, make_server
from skillwage_docs.pipeline.records import AgreementRecord

from .browser.tools import CHROMIUM, CHROMIUM_ARGS, require
from .conftest import CONTEXTS

MANUFACTURING = "阳泉市制造业技能人才最低工资集体合同"
PINGDING = "平定县耐火材料行业技能人才最低工资集体合同"


def test_margin_bands() -> None:
    assert margin_band(Decimal(2250), Decimal(2150)) == "5% 以内"  # +4.7 %
    assert margin_band(Decimal(2300), Decimal(2150)) == "5%–10%"  # +7.0 %
    assert margin_band(Decimal(2500), Decimal(2150)) == "10%–20%"  # +16.3 %
    assert margin_band(Decimal(2600), Decimal(2150)) == "20% 以上"


def test_a_contract_is_one_record_with_its_filters(
    yangquan_records: list[AgreementRecord],
) -> None:
    records = {r.url: r for r in search_records(yangquan_records, date(2026, 1, 1))}
    assert len(records) == 13
    pingding = records["/yangquan/pingding-refractory.html"]
    assert pingding.filters == {
        "省份": ["山西省"],
        "类型": ["行业性"],
        "行业或区域": ["耐火材料制造业"],
        "覆盖": ["县级以下"],
        "状态": ["未生效"],  # its term starts 2026-05-01
        "地区": ["阳泉市"],
        "高出最低工资": ["5%–10%"],  # 2200 元 over 平定县's 2050 元
    }
    assert pingding.meta["title"] == PINGDING
    assert pingding.content.startswith("平定县\n")
    manufacturing = records["/yangquan/manufacturing.html"]
    assert manufacturing.filters["覆盖"] == ["县级以上"]  # all five counties of 阳泉市
    assert manufacturing.filters["状态"] == ["现行"]
    assert "焊工" in manufacturing.content


@pytest.fixture(scope="module")
def search_site(
    yangquan_records: list[AgreementRecord], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    root = tmp_path_factory.mktemp("site")
    entries = tuple(_entry(record, CONTEXTS) for record in yangquan_records)
    region = SiteRegion("yangquan", "阳泉市", "山西省", entries)
    site = _Writer(root)
    (root / "index.html").write_text("<!DOCTYPE html><title>首页</title>", encoding="utf-8")
    for asset in ASSET_FILES:  # the pages' styles and icon, as build_site copies them
        site.write(f"assets/{asset.name}", asset.read_bytes())
    result = write_search(site, root, yangquan_records, [region], today=date(2026, 1, 1))
    assert (result.records, result.indexed) == (13, True)
    assert result.bundle_bytes > 10_000
    return root


def test_listing_pages_per_province_and_region(search_site: Path) -> None:
    region = (search_site / "yangquan" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../yangquan/manufacturing.html">{MANUFACTURING}</a>' in region
    province = (search_site / "provinces" / "山西省.html").read_text(encoding="utf-8")
    assert '<a href="../yangquan/index.html">阳泉市</a>' in province
    front = (search_site / "provinces.html").read_text(encoding="utf-8")
    assert '<a href="provinces/山西省.html">山西省</a>' in front
    assert (search_site / "pagefind" / "pagefind-ui.js").is_file()


@pytest.fixture(scope="module")
def page(search_site: Path) -> Iterator[Any]:
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    server = make_server(search_site, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            tab = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
            tab.wait_for_selector(".pagefind-ui__search-input")
            # Load the index metadata before the first search (the UI would on focus), so a
            # search typed at once never races the initial load on a busy machine.
            tab.evaluate(
                "async () => { const url = new URL('pagefind/pagefind.js', location.href);"
                " const pagefind = await import(url.href); await pagefind.init(); }"
            )
            yield tab
            assert errors == []
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _search(page: Any, term: str, expected_count: int) -> list[str]:
    page.fill(".pagefind-ui__search-input", term)
    page.wait_for_function(
        f"document.querySelectorAll('.pagefind-ui__result-link').length === {expected_count}"
        " && document.querySelector('.pagefind-ui__message')"
        f" && document.querySelector('.pagefind-ui__message').innerText.includes({term!r})",
        timeout=30_000,
    )
    return [link.inner_text() for link in page.query_selector_all(".pagefind-ui__result-link")]


@pytest.mark.slow
def test_a_search_finds_the_right_agreements_and_a_filter_narrows_them(page: Any) -> None:
    # 焊工 is an occupation of the manufacturing schedule only.
    assert _search(page, "焊工", 1) == [MANUFACTURING]
    # 平定县: its own sector contract first, then the city-wide ones that cover it.
    found = _search(page, "平定县", 5)
    assert found[0] == PINGDING and all(title.startswith("阳泉市") for title in found[1:])
    # every contract that names 平定县 (the city-wide ones list it among their areas)
    message = page.inner_text(".pagefind-ui__message")
    assert int(re.search(r"找到 (\d+) 个 平定县", message).group(1)) >= 5, message  # type: ignore[union-attr]
    # 覆盖 → 县级以下 leaves the one contract concluded within a county.
    page.click(".pagefind-ui__filter-name:has-text('覆盖')")
    page.click("label:has-text('县级以下')")
    page.wait_for_function(
        "document.querySelectorAll('.pagefind-ui__result-link').length === 1", timeout=30_000
    )
    assert [a.inner_text() for a in page.query_selector_all(".pagefind-ui__result-link")] == [
        PINGDING
    ]
