"""The site in a real browser: Debian's Chromium, headless, driven by Playwright.

Every page is loaded from the preview server (`site.make_server`, 127.0.0.1): no console
error, no failed request, no request leaving the site. A contract page is screenshot at
desktop and phone width and checked for CJK text actually drawn in a CJK face; axe-core
finds no serious or critical accessibility violation; no line starts with closing
punctuation; phones need no sideways scrolling; printing gives A4 pages without the site's
navigation. Playwright's own browser download is never used (`executable_path`).

A missing tool skips the test with the package to install; with CI=true it fails.
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from skillwage_docs.outputs.site import make_server

from .browser.fixtures import CHANGED, FAILED, REGION, Published, published_site
from .browser.tools import AXE, CHROMIUM, CHROMIUM_ARGS, NPM_INSTALL, require
from .readback import squash

pytestmark = pytest.mark.slow

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
NO_LINE_START = "。，、；：？！）」』》〉】〕〗”’…‥·"
NO_LINE_END = "（「『《〈【〔〖“‘"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_site(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def base_url(published: Published) -> Iterator[str]:
    server = make_server(published.site, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python", "pip install playwright (no `playwright install`)")
        raise
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
            locale="zh-CN",
            service_workers="block",
        )
        try:
            yield context
        finally:
            context.close()


class Watch:
    """Everything that went wrong while a page loaded."""

    def __init__(self, page: Any, allowed: Callable[[str], bool]) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "requestfailed",
            lambda request: self.problems.append(f"failed: {request.url} {request.failure}"),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.problems.append(f"HTTP {response.status}: {response.url}")
            ),
        )
        page.on(
            "request",
            lambda request: (
                allowed(request.url)
                or self.problems.append(f"request outside the site: {request.url}")
            ),
        )

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning", "assert"):
            self.problems.append(f"console.{message.type}: {message.text}")


def _open(
    browser: Any, url: str, allowed: Callable[[str], bool], *, settle: bool = False, **viewport: int
) -> tuple[Any, Watch]:
    """Open a page; `settle` waits for the network to be idle (late requests: the icon)."""
    page = browser.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    watch = Watch(page, allowed)
    response = page.goto(url, wait_until="networkidle" if settle else "load")
    assert response is not None and response.ok, url
    return page, watch


def test_every_page_loads_cleanly_and_stays_local(
    browser: Any, base_url: str, published: Published
) -> None:
    def local(url: str) -> bool:
        return url.startswith((base_url, "data:"))

    pages = published.pages()
    # index + one page per contract (the failed one too) + the redline
    assert len(pages) == 1 + len(published.result.entries) + 1
    links: set[str] = set()
    problems: dict[str, list[str]] = {}
    for path in pages:
        page, watch = _open(browser, base_url + path, local, settle=True)
        links.update(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"))
        assert page.evaluate("document.characterSet") == "UTF-8"
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        page.close()
        if watch.problems:
            problems[path] = watch.problems
    assert not problems, problems
    # every link on every page resolves on the server: pages, anchors' pages, PDF, DOCX
    outside = sorted(link for link in links if not local(link))
    assert not outside, outside
    for link in sorted({link.split("#")[0] for link in links}):
        response = browser.request.get(link)
        assert response.ok, link
        if link.endswith(".pdf"):
            assert response.headers["content-type"] == "application/pdf"
            assert response.body().startswith(b"%PDF-")
        if link.endswith(".docx"):
            assert response.body().startswith(b"PK")


def test_standalone_redline_page_makes_no_request(browser: Any, published: Published) -> None:
    url = published.standalone_redline.as_uri()
    page, watch = _open(browser, url, lambda u: u == url or u.startswith("data:"), settle=True)
    assert page.locator("del").count() > 0 and page.locator("ins").count() > 0
    page.close()
    assert not watch.problems, watch.problems


def _platform_fonts(page: Any, browser: Any, selector: str) -> list[dict[str, Any]]:
    """The faces Chromium really drew a node's text with (DevTools CSS domain)."""
    cdp = browser.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        fonts: list[dict[str, Any]] = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})[
            "fonts"
        ]
        return fonts
    finally:
        cdp.detach()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_contract_page_draws_cjk_text(
    browser: Any, base_url: str, viewport: dict[str, int], tmp_path: Path
) -> None:
    try:
        from PIL import Image, ImageStat
    except ImportError:
        require(False, "Pillow", "pip install pillow")
        raise

    page, watch = _open(browser, f"{base_url}{REGION}/{CHANGED}.html", lambda u: True, **viewport)
    for selector in ("article.contract h1", "article.contract p.body", "table.schedule th"):
        fonts = _platform_fonts(page, browser, selector)
        drawn = {font["familyName"]: font["glyphCount"] for font in fonts}
        cjk = sum(count for name, count in drawn.items() if "CJK" in name)
        assert cjk > 0 and cjk >= sum(drawn.values()) // 2, (selector, drawn)
    # Figures in the Latin face, as in the PDF and the DOCX (templates/README.md, issue 13).
    drawn = {font["familyName"] for font in _platform_fonts(page, browser, "table.schedule td")}
    assert drawn == {"Liberation Serif"}, drawn
    # on a phone the summary card and the packet's papers come first: the contract's top is
    # brought into the viewport (the box is relative to it) before its first screen is shot
    page.locator("article.contract").evaluate("node => node.scrollIntoView()")
    box = page.locator("article.contract").bounding_box()
    assert box is not None
    clip = {
        "x": max(box["x"], 0),
        "y": max(box["y"], 0),
        "width": min(box["width"], viewport["width"]),
        "height": min(box["height"], viewport["height"] - max(box["y"], 0)),
    }
    shot = tmp_path / f"contract-{viewport['width']}.png"
    page.screenshot(path=str(shot), clip=clip)
    page.close()
    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128]) / (image.width * image.height)
    # text on white paper: some ink, far from a blank or a solid block
    assert 0.02 < dark < 0.35, dark
    assert ImageStat.Stat(image).stddev[0] > 25
    assert not watch.problems, watch.problems


_LINE_BREAKS_JS = """
(selector) => {
  const bad = [];
  let lines = 0;
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let previous = null;
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0) chars.push({ch: node.data[i], top: rect.top, h: rect.height});
      }
    }
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const newLine = i === 0 || c.top > chars[i - 1].top + c.h / 2;
      if (!newLine) continue;
      lines++;
      const context = chars.slice(Math.max(0, i - 3), i + 3).map(x => x.ch).join("");
      if (i > 0 && NO_END.includes(chars[i - 1].ch)) bad.push("ends with " + chars[i - 1].ch + ": " + context);
      if (NO_START.includes(c.ch)) bad.push("starts with " + c.ch + ": " + context);
    }
  }
  return {bad, lines};
}
"""


def test_browser_chinese_line_breaking(browser: Any, base_url: str, published: Published) -> None:
    """Every line of every contract at phone width (many breaks) and desktop width."""
    script = _LINE_BREAKS_JS.replace("NO_START", repr(NO_LINE_START)).replace(
        "NO_END", repr(NO_LINE_END)
    )
    contracts = [e for e in published.result.entries if e.ok]
    total = 0
    for entry in contracts:
        for viewport in (PHONE, DESKTOP):
            page, _ = _open(browser, base_url + entry.page, lambda u: True, **viewport)
            style = page.eval_on_selector(
                "article.contract p.body",
                "p => [getComputedStyle(p).textAlign, getComputedStyle(p).lineBreak]",
            )
            assert style == ["justify", "strict"]
            result = page.evaluate(
                script,
                "article.contract p, article.contract th, article.contract td, article.contract h2",
            )
            page.close()
            assert not result["bad"], (entry.page, viewport, result["bad"][:5])
            total += result["lines"]
    assert total > 1000


def test_phone_layout_needs_no_sideways_scrolling(
    browser: Any, base_url: str, published: Published
) -> None:
    for path in published.pages():
        page, _ = _open(browser, base_url + path, lambda u: True, width=360, height=740)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.close()
        assert overflow <= 0, (path, overflow)


def test_axe_finds_no_serious_violation(browser: Any, base_url: str, published: Published) -> None:
    require(AXE.is_file(), "axe-core (npm package axe-core)", NPM_INSTALL)
    runs = [(path, DESKTOP) for path in published.pages()]
    runs += [(published.pages()[0], PHONE), (f"{REGION}/{CHANGED}.html", PHONE)]
    found: dict[str, list[str]] = {}
    for path, viewport in runs:
        page, _ = _open(browser, base_url + path, lambda u: True, **viewport)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        page.close()
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[f"{path} @{viewport['width']}"] = serious
    assert not found, found


def test_print_gives_a4_pages_without_site_navigation(
    browser: Any, base_url: str, published: Published
) -> None:
    page, _ = _open(browser, f"{base_url}{REGION}/{CHANGED}.html", lambda u: True)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-header', '.doc-panel', '.site-footer']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width), round(height)) == (595, 842)
    # Chromium's PDF maps some ideographs to their Kangxi radical twins (人 → ⼈): NFKC
    first = unicodedata.normalize("NFKC", squash(reader.pages[0].extract_text()))
    title = next(e.title for e in published.result.entries if e.slug == CHANGED)
    assert squash(title) in first
    assert "全部合同" not in first and "校验通过" not in first
    # the @page margin box of contract.css (页 may come out as its radical twin ⻚)
    assert re.search(f"第1[页⻚]共{len(reader.pages)}[页⻚]", first), first[:20]


def test_failed_contract_page_shows_findings_not_text(
    browser: Any, base_url: str, published: Published
) -> None:
    page, watch = _open(browser, f"{base_url}{REGION}/{FAILED}.html", lambda u: True)
    assert page.locator(".badge-failed").count() == 1
    assert page.locator("ul.errors li").count() >= 1
    assert page.locator("article.contract").count() == 0
    assert page.locator("a[href$='.pdf'], a[href$='.docx']").count() == 0
    page.close()
    assert not watch.problems
