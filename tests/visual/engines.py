"""The real engines that turn our outputs into page images, as a reader's machine shows them.

PDF pages through poppler (pdftoppm); DOCX printed to PDF by LibreOffice (its own profile, so
a desktop LibreOffice is neither used nor disturbed, and templates/layouts/fonts.conf mapping
宋体/黑体 to the free faces); HTML printed to A4 by Chromium (through Playwright, Debian's
browser, no download) and screenshotted at a desktop and a phone width. Shared by `make proofs`
(tests/visual/proofs.py) and the visual regression test (tests/visual/test_visual.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.pages.pagecheck import Line

from ..browser.tools import CHROMIUM, CHROMIUM_ARGS, FONTS_CONF

__all__ = [
    "Chromium",
    "EngineMissing",
    "chromium",
    "docx_to_pdf",
    "missing_tools",
    "page_holding",
    "pdf_to_png",
]

# What each engine needs, and the Debian package that brings it.
TOOLS = {
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "soffice": "libreoffice-writer-nogui",
}


class EngineMissing(RuntimeError):
    """A tool the page images need is not installed (the message names the package)."""


def missing_tools(names: Sequence[str] = tuple(TOOLS)) -> list[str]:
    """`soffice（apt-get install libreoffice-writer-nogui）` for every tool not on PATH, and
    Chromium/Playwright when absent."""
    missing = [f"{n}（apt-get install {TOOLS[n]}）" for n in names if shutil.which(n) is None]
    if not CHROMIUM.is_file():
        missing.append(f"Chromium {CHROMIUM}（apt-get install chromium）")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python（make setup）")
    return missing


def pdf_to_png(
    pdf: Path, prefix: Path, *, dpi: int, page: int | None = None, gray: bool = False
) -> list[Path]:
    """Every page of `pdf` (or only `page`, 1-based) as `prefix-N.png`, in page order."""
    args = ["pdftoppm", "-r", str(dpi), "-png"]
    if gray:
        args.append("-gray")
    if page is not None:
        args += ["-f", str(page), "-l", str(page), "-singlefile"]
    prefix.parent.mkdir(parents=True, exist_ok=True)
    number = re.compile(re.escape(prefix.name) + r"-(\d+)\.png$")
    for old in prefix.parent.iterdir():  # pages of an earlier, longer printing
        if number.match(old.name):
            old.unlink()
    subprocess.run([*args, str(pdf), str(prefix)], check=True, capture_output=True)
    if page is not None:
        return [prefix.with_name(prefix.name + ".png")]
    found = [(int(m.group(1)), p) for p in prefix.parent.iterdir() if (m := number.match(p.name))]
    return [path for _, path in sorted(found)]


def docx_to_pdf(docx: Sequence[Path], out: Path, profile: Path) -> list[Path]:
    """Each DOCX printed to PDF by LibreOffice in one run: `out/<name>.pdf` per input."""
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docx),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)},
    )
    pdfs = [out / f"{path.stem}.pdf" for path in docx]
    lost = [p.name for p in pdfs if not p.is_file()]
    if result.returncode != 0 or lost:
        raise EngineMissing(f"LibreOffice 未能转换 {', '.join(lost)}：{result.stderr[-400:]}")
    return pdfs


class Chromium:
    """One headless Chromium for many pages: A4 print to PDF and screenshots by width."""

    def __init__(self, context: Any) -> None:
        self._context = context

    def print_pdf(self, html: Path, pdf: Path) -> Path:
        page = self._context.new_page()
        try:
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=False))
        finally:
            page.close()
        return pdf

    def screenshot(self, html: Path, png: Path, width: int) -> Path:
        """The whole page at `width` CSS pixels (device scale 1), as a reader scrolls it."""
        page = self._context.new_page()
        try:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(html.resolve().as_uri(), wait_until="load")
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png), full_page=True)
        finally:
            page.close()
        return png


@contextmanager
def chromium(profile: Path) -> Iterator[Chromium]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            locale="zh-CN",
            service_workers="block",
            # The faces fonts.conf maps (仿宋_GB2312 → FandolFang, which Debian keeps outside
            # fontconfig's folders), as LibreOffice gets them.
            env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)},
        )
        try:
            yield Chromium(context)
        finally:
            context.close()


def page_holding(lines: list[Line], text: str, *, last: bool = False) -> int | None:
    """The page whose printed line starts with `text` (spaces ignored): the first such page,
    or the last with `last` (a signature label may also be quoted earlier in the text)."""
    wanted = re.sub(r"\s+", "", text)
    pages = [line.page for line in lines if line.text.startswith(wanted)]
    if not pages:
        return None
    return pages[-1] if last else pages[0]
