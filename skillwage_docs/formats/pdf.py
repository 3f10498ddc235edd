"""PDF writers: Typst in-process (default) and WeasyPrint from the HTML (fallback)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal

from ..base.errors import RenderError
from ..text.document import Document
from ..text.environment import TEMPLATES
from .fonts import FONT_PACKAGES, code_points, font_dirs
from .view import document_view

__all__ = [
    "CJK_FAMILIES",
    "FONT_PACKAGES",
    "REQUIRED_FAMILIES",
    "TypstWriter",
    "UnprintableText",
    "WeasyPrintWriter",
    "font_dirs",
]

# The faces that set Chinese text (body and title, headings and labels, 填写说明): each must draw
# every character the texts use. The Latin faces set figures and letters only.
CJK_FAMILIES = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai", "FandolFang R"})
REQUIRED_FAMILIES = CJK_FAMILIES | {"Liberation Serif", "Liberation Sans"}
# PDF/A-2b for the 公示 copies kept for years, and PDF/UA-1 (tagged: headings, tables with header
# cells /TH, alt text, the title shown by the viewer) for readers who listen to the text.
_Standard = Literal[
    "1.4", "1.5", "1.6", "1.7", "2.0", "a-1a", "a-1b", "a-2a", "a-2b", "a-2u", "a-3a", "a-3b",
    "a-3u", "a-4", "a-4e", "a-4f", "ua-1",
]  # fmt: skip
PDF_STANDARDS: Final[list[_Standard]] = ["a-2b", "ua-1"]
# Characters that need no glyph: controls, format characters (joiners, bidi marks), spaces.
_NO_GLYPH = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _coverage(fonts: Any) -> frozenset[int]:
    """Every code point some loaded face can draw (Typst falls back across all of them)."""
    covered: set[int] = set()
    for info in fonts.fonts():
        if info.path:
            covered.update(code_points(info.path, info.index))
    return frozenset(covered)


def unprintable(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of `text` no font can draw: refused, never printed as empty boxes."""
    missing = {
        char
        for char in set(text)
        if ord(char) not in covered and unicodedata.category(char) not in _NO_GLYPH
    }
    return sorted(missing)


def shown(characters: str) -> str:
    """“𠀀”（U+20000）、…: each character and its code point (a code point alone for one a
    terminal would not print)."""
    return "、".join(
        (f"“{char}”" if char.isprintable() else "") + f"（U+{ord(char):04X}）"
        for char in characters
    )


class UnprintableText(RenderError):
    """Characters no loaded face can draw: refused, never printed as empty boxes (exit 3).
    The writer sees only the document, so the build names the context field holding them."""

    def __init__(self, message: str, *, characters: str = "", details: Sequence[str] = ()):
        super().__init__(message, details=details)
        self.characters = characters


def document_json(document: Document) -> str:
    return json.dumps(document_view(document), ensure_ascii=False, separators=(",", ":"))


_NO_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def _timestamp(document: Document) -> datetime:
    # A fixed date keeps PDFs byte-reproducible: the signing date of a contract; a blank
    # model text has no signing date, so it gets a fixed neutral one.
    stamp = document.meta.get("date")
    if stamp is None or document.meta.get("variant") == "blank":
        return _NO_DATE
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


class TypstWriter:
    """One Typst compiler, fonts loaded once, reused for every document (~45 ms saved per call)."""

    extension = "pdf"
    layout = TEMPLATES / "layouts" / "contract.typ"

    def __init__(self) -> None:
        import typst

        dirs = font_dirs()
        fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=dirs
        )
        missing = REQUIRED_FAMILIES - set(fonts.families())
        if missing:  # an engine that cannot draw the text: exit 3, as any engine failure
            raise RenderError(
                f"PDF 所需字体缺失：{'、'.join(sorted(missing))}（查找目录：{', '.join(dirs) or '无'}）。"
                f"请安装 Debian 软件包 {' '.join(FONT_PACKAGES)}（make contracts 会自动安装），"
                "或用 SKILLWAGE_FONT_DIRS 指定字体目录"
            )
        self._covered = _coverage(fonts)
        self._compiler = typst.Compiler(
            str(self.layout), root=str(self.layout.parent), font_paths=fonts
        )

    def render(self, document: Document) -> bytes:
        import typst

        payload = document_json(document)
        missing = "".join(unprintable(payload, self._covered))
        if missing:
            raise UnprintableText(
                f"PDF 字体无法排印{shown(missing[:8])}：请改用常用汉字，"
                "或用 SKILLWAGE_FONT_DIRS 加入覆盖它们的字体",
                characters=missing,
            )
        try:
            pdf, warnings = self._compiler.compile_with_warnings(
                format="pdf",
                sys_inputs={"document": payload},
                timestamp=_timestamp(document),
                pdf_standards=PDF_STANDARDS,
            )
        except typst.TypstError as err:
            raise RenderError(f"PDF 版式 {self.layout.name}: {err.message}") from err
        if warnings:
            # A missing font only warns and draws empty boxes (Typst only warns about an unknown family): refuse it.
            text = "；".join(w.message for w in warnings)
            raise RenderError(f"PDF 版式 {self.layout.name} 有警告，拒绝输出：{text}")
        assert isinstance(pdf, bytes)
        return pdf


class WeasyPrintWriter:
    """HTML + print CSS through WeasyPrint; slower (~200 ms), for those who prefer CSS layout."""

    extension = "pdf"

    def __init__(self) -> None:
        try:
            import weasyprint  # noqa: F401
        except ImportError as err:
            raise RenderError(
                "未安装 WeasyPrint：pip install 'skillwage-docs[weasyprint]'，或使用默认的 Typst 引擎"
            ) from err
        from .html import HtmlWriter

        self._html = HtmlWriter()

    def render(self, document: Document) -> bytes:
        import weasyprint

        html = self._html.render(document).decode("utf-8")
        pdf = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
        assert isinstance(pdf, bytes)
        return pdf
