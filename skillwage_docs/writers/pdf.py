"""PDF writers: Typst in-process (default) and WeasyPrint from the HTML (fallback)."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ..document import Document
from ..environment import TEMPLATES
from ..errors import RenderError

__all__ = ["FONT_PACKAGES", "TypstWriter", "WeasyPrintWriter", "font_dirs"]

# Debian's static OTF/TTC CJK fonts; variable CJK fonts give tofu in Typst (typst #5277).
FONT_PACKAGES = "fonts-noto-cjk"
_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/local/share/fonts",
)
_REQUIRED_FAMILIES = {"Noto Serif CJK SC", "Noto Sans CJK SC"}


def font_dirs() -> list[str]:
    """Folders holding the CJK fonts; `SKILLWAGE_FONT_DIRS` (os.pathsep-separated) overrides."""
    configured = os.environ.get("SKILLWAGE_FONT_DIRS")
    if configured:
        return [d for d in configured.split(os.pathsep) if d]
    return [d for d in _FONT_CANDIDATES if Path(d).is_dir()]


def document_json(document: Document) -> str:
    return json.dumps(dataclasses.asdict(document), ensure_ascii=False, separators=(",", ":"))


def _timestamp(document: Document) -> datetime:
    # A fixed creation date (the signing date) keeps PDFs byte-reproducible.
    stamp = document.meta.get("date", "2000-01-01")
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
        missing = _REQUIRED_FAMILIES - set(fonts.families())
        if missing:  # an engine that cannot draw the text: exit 3, as any engine failure
            raise RenderError(
                f"PDF 所需字体缺失：{'、'.join(sorted(missing))}（查找目录：{', '.join(dirs) or '无'}）。"
                f"请安装 Debian 软件包 {FONT_PACKAGES}（make contracts 会自动安装），"
                "或用 SKILLWAGE_FONT_DIRS 指定字体目录"
            )
        self._compiler = typst.Compiler(
            str(self.layout), root=str(self.layout.parent), font_paths=fonts
        )

    def render(self, document: Document) -> bytes:
        import typst

        try:
            pdf, warnings = self._compiler.compile_with_warnings(
                format="pdf",
                sys_inputs={"document": document_json(document)},
                timestamp=_timestamp(document),
            )
        except typst.TypstError as err:
            raise RenderError(f"PDF 版式 {self.layout.name}: {err.message}") from err
        if warnings:
            # A missing font only warns and draws empty boxes (PITFALLS.md): refuse it.
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
