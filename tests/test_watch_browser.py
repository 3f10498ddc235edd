"""The live preview in a real browser: Debian's Chromium, headless, driven by Playwright.

The page is opened from `skillwage-docs watch`'s server; a saved context change must reach
the page by itself (server-sent events → reload), and a broken save must put the located
error over the last good render. Playwright's waits are event-based (they resolve when the
page shows the text); their timeouts only bound a failure.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skillwage_docs.app.preview import BANNER_ID
from skillwage_docs.app.watch import Watch

from .browser.tools import CHROMIUM, CHROMIUM_ARGS, require
from .test_watch import GUARD, NEW_FIGURE, OLD_FIGURE, REGION, replace_in

pytestmark = pytest.mark.slow

GUARD_MS = GUARD * 1000
TITLE = "阳泉市制造业技能人才最低工资集体合同"


@pytest.fixture
def preview(contexts: Path, tmp_path: Path) -> Iterator[Watch]:
    lines: list[str] = []
    watch = Watch(
        contexts,
        REGION,
        out=tmp_path / "preview",
        agreements=["manufacturing"],
        port=0,
        echo=lines.append,
        echo_error=lines.append,
    )
    stop = threading.Event()
    thread = threading.Thread(target=watch.run, kwargs={"stop_event": stop}, daemon=True)
    thread.start()
    watch.preview.wait_until(lambda run: run.number >= 1 and run.ok, GUARD)
    try:
        yield watch
    finally:
        stop.set()
        thread.join(GUARD)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python", "pip install playwright (no `playwright install`)")
        raise
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 800},
            locale="zh-CN",
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def test_the_page_follows_each_save_and_shows_a_broken_one_over_the_last_render(
    preview: Watch, page: Any, contexts: Path, tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = contexts / REGION / "manufacturing.yaml"
    page.goto(preview.url + "manufacturing.html")
    page.get_by_text(OLD_FIGURE).first.wait_for(timeout=GUARD_MS)

    # a saved change reaches the open page by itself
    replace_in(path, "monthly: 2400,", "monthly: 2410,")
    page.get_by_text(NEW_FIGURE).first.wait_for(timeout=GUARD_MS)
    assert page.locator(f"#{BANNER_ID}").count() == 0

    # a save that breaks the file: the located error on top, the last good render beneath
    whole = path.read_text(encoding="utf-8")
    cut = whole.index("chief_representative: 李振华") + len("chief_repre")
    path.write_text(whole[:cut], encoding="utf-8")
    banner = page.locator(f"#{BANNER_ID}")
    banner.wait_for(timeout=GUARD_MS)
    assert f"{path}:17" in banner.inner_text()
    assert "YAML 格式错误" in banner.inner_text()
    heading = page.locator("h1").first
    # the title is set in balanced lines (issue 13): compare its words, not its breaks
    assert heading.inner_text().replace("\n", "") == TITLE and heading.is_visible()
    assert page.get_by_text(NEW_FIGURE).first.is_visible()
    top, below = banner.bounding_box(), heading.bounding_box()
    assert top is not None and below is not None
    assert top["y"] == 0 and below["y"] >= top["y"] + top["height"]  # banner over, not hiding
    page.screenshot(path=str(tmp_path / "preview-error.png"))

    # the next good save takes the banner away again
    path.write_text(whole, encoding="utf-8")
    banner.wait_for(state="detached", timeout=GUARD_MS)
    page.get_by_text(NEW_FIGURE).first.wait_for(timeout=GUARD_MS)
    assert errors == []
