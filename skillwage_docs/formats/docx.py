"""DOCX writer: lays a `Document` out with the docxtpl template templates/layouts/contract.docx.

The template (built by templates/layouts/make_docx_template.py) holds the styles, page
and the Jinja tags; this module supplies the filters the tags use, renders with a
sandboxed, strict, autoescaping environment, sets the table column widths, and saves
byte-reproducibly (fixed zip timestamps and core-property dates).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from docx.oxml import OxmlElement
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..base.errors import RenderError
from ..base.publish import deterministic_zip
from ..text.document import Document
from ..text.environment import TEMPLATES
from .docx_comments import notes_as_comments
from .docx_official import official_page
from .docx_page import place_figures, poster_page
from .docx_runs import (
    clean_text,
    copies,
    finalize,
    lines,
    runs,
    signature_cell,
    signoff_names,
)
from .view import document_view

__all__ = ["DEFAULT_TEMPLATE", "NOTES_AS_COMMENTS", "DocxWriter"]

DEFAULT_TEMPLATE = TEMPLATES / "layouts" / "contract.docx"
# `Document.meta["notes"]`: the 填写说明 as Word comments (issue 21 point 17, docx_comments.py).
NOTES_AS_COMMENTS = "comments"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FIXED_DATE = datetime(1980, 1, 1)  # core properties created/modified (naive = UTC)
_WAGE_TABLE_STYLE = "ContractTable"
_SIGNATURE_TABLE_STYLE = "SignatureTable"
# Paragraph styles that never open an article (the rest carry the 第X条 label).
_NOT_LEAD = frozenset({"item", "note", "party"})
# Styles with a keep-with-next twin (make_docx_template.py: …Keep).
_KEEP_STYLES = frozenset({"ArticleBody", "ListItem"})
_SEAL_TWIPS = round(42 * 1440 / 25.4)  # a 42 mm round seal
_TITLE_MAX = 255  # python-docx limit for core properties


def _paragraph_style(block: dict[str, Any], style: str) -> str:
    return style + "Keep" if block.get("keep") and style in _KEEP_STYLES else style


def _is_lead_paragraph(value: object) -> bool:
    return (
        isinstance(value, dict)
        and value.get("kind") == "paragraph"
        and value.get("style") not in _NOT_LEAD
    )


def _environment() -> _CachingEnvironment:
    env = _CachingEnvironment(
        autoescape=True, undefined=StrictUndefined, finalize=finalize, auto_reload=False
    )
    env.filters["runs"] = runs
    env.filters["lines"] = lines
    env.filters["signature_cell"] = signature_cell
    env.filters["signoff_names"] = signoff_names
    env.filters["copies"] = copies
    env.filters["pstyle"] = _paragraph_style
    env.tests["lead_paragraph"] = _is_lead_paragraph
    return env


class _CachingEnvironment(ImmutableSandboxedEnvironment):
    """docxtpl compiles the (unchanging) template XML on every render: compile it once."""

    _cache_size = 32

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}
        self.last_source: str | None = None  # the part being rendered, for error context

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        self.last_source = source
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) >= self._cache_size:
                self._compiled.clear()
            self._compiled[source] = template
        return template


class _Template(DocxTemplate):  # type: ignore[misc]
    # docxtpl cleans the template's XML with some 30 regular expressions on every render (20 ms
    # a document, 4.6 s of a 20-agreement build); the template never changes, so neither does
    # the result: keep the last few by their source.
    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, xml: str) -> str:
        patched = self._patched.get(xml)
        if patched is None:
            if len(self._patched) >= 8:
                self._patched.clear()
            patched = self._patched[xml] = super().patch_xml(xml)
        return patched

    def resolve_listing(self, xml: str) -> str:
        # docxtpl maps \t \n \a \f in text to tabs, breaks and paragraphs; `clean_text`
        # has already removed them all, so skip the three whole-document regex passes.
        return xml


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _twips_widths(relative: Sequence[int], count: int, total: int) -> list[int]:
    """Column widths in twips from relative widths (equal if absent or mismatched)."""
    if count <= 0:
        return []
    weights = list(relative) if len(relative) == count and all(w > 0 for w in relative) else []
    if not weights:
        weights = [1] * count
    scale = sum(weights)
    widths = [total * weight // scale for weight in weights]
    widths[-1] += total - sum(widths)
    return widths


def _set_widths(table: Any, widths: Sequence[int]) -> None:
    """Fixed layout needs matching grid and cell widths (LibreOffice reads the grid)."""
    grid = table.find(_w("tblGrid"))
    for column in list(grid):
        grid.remove(column)
    for width in widths:
        column = OxmlElement("w:gridCol")
        column.set(_w("w"), str(width))
        grid.append(column)
    tbl_w = table.find(f"{_w('tblPr')}/{_w('tblW')}")
    if tbl_w is not None:
        tbl_w.set(_w("w"), str(sum(widths)))
        tbl_w.set(_w("type"), "dxa")
    for row in table.iterchildren(_w("tr")):
        for tc, width in zip(row.iterchildren(_w("tc")), widths, strict=False):
            tc_w = tc.find(f"{_w('tcPr')}/{_w('tcW')}")
            if tc_w is not None:
                tc_w.set(_w("w"), str(width))
                tc_w.set(_w("type"), "dxa")


def _view_tables(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Tables in the order the template lays them out: preamble, articles, appendices."""
    blocks: Iterable[dict[str, Any]] = (
        *view["preamble"],
        *(b for c in view["chapters"] for a in c["articles"] for b in a["blocks"]),
        *view["annex"],
        *view["appendices"],
        *(b for part in view["attachments"] for b in part["blocks"]),
    )
    return [block for block in blocks if block["kind"] == "table"]


def _keep_rows_together(table: Any, rows: int, keep_whole: bool) -> None:
    """A short table stays on one page (every row kept with the next); a long one may break,
    but never after the header or the first body row, nor before the last body row."""
    for index, row in enumerate(table.iterchildren(_w("tr"))):
        keep = keep_whole or index <= 1 or index == rows - 1
        if keep or index == rows:
            continue
        for ppr in row.iter(_w("pPr")):
            flag = OxmlElement("w:keepNext")
            flag.set(_w("val"), "0")
            ppr.insert(1, flag)


def _seal_rows(table: Any, view_rows: list[list[dict[str, Any]]]) -> None:
    """Room for a 42 mm seal under each party's seal line."""
    for row, cells in zip(table.iterchildren(_w("tr")), view_rows, strict=False):
        if cells and cells[0]["seal"]:
            height = OxmlElement("w:trHeight")
            height.set(_w("val"), str(_SEAL_TWIPS))
            height.set(_w("hRule"), "atLeast")
            row.find(_w("trPr")).append(height)


_ANNEX_STYLES = frozenset({"AnnexHead", "AnnexItem"})


def _style_of(paragraph: Any) -> str | None:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return None if style is None else str(style.get(_w("val")))


def _keep_next(paragraph: Any, keep: bool) -> None:
    """Set or clear keep-with-next on one paragraph (its style may say otherwise)."""
    ppr = paragraph.find(_w("pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    for old in ppr.findall(_w("keepNext")):
        ppr.remove(old)
    flag = OxmlElement("w:keepNext")
    if not keep:
        flag.set(_w("val"), "0")
    # Schema order: pStyle, keepNext, …
    style = ppr.find(_w("pStyle"))
    if style is not None:
        style.addnext(flag)
    else:
        ppr.insert(0, flag)


def _release_closing(table: Any) -> None:
    """The signature table keeps with the last paragraph before it, but not with what follows.

    Issue 22: the 附件 list no longer travels with the signature block (a page left nearly empty
    before it); the signature rows keep together (keepNext in style 落款), so the last row's
    paragraphs let go of the next block.
    """
    rows = list(table.iterchildren(_w("tr")))
    if rows:
        for paragraph in rows[-1].iter(_w("p")):
            _keep_next(paragraph, False)


def _annex_keeps(body: Any) -> None:
    """A 附件 list may break across pages but never leaves one line alone: the head (with the
    first name) keeps with the second name, the second-to-last name with the last."""
    lines: list[Any] = []
    for element in [*body.iterchildren(_w("p")), None]:
        if element is not None and _style_of(element) in _ANNEX_STYLES:
            if _style_of(element) == "AnnexHead" and lines:
                _annex_list_keeps(lines)
                lines = []
            lines.append(element)
        elif lines:
            _annex_list_keeps(lines)
            lines = []


def _annex_list_keeps(lines: list[Any]) -> None:
    for index, paragraph in enumerate(lines):
        _keep_next(paragraph, index in (0, len(lines) - 2) and index < len(lines) - 1)


class DocxWriter:
    extension = "docx"

    def __init__(self, template: Path = DEFAULT_TEMPLATE) -> None:
        self.template_name = template.name
        self._source = template.read_bytes()
        self._template = _Template(io.BytesIO(self._source))
        self._env = _environment()
        self._lock = threading.Lock()  # a DocxTemplate holds one document at a time

    def render(self, document: Document) -> bytes:
        with self._lock:
            try:
                data = self._render(document)
            except Exception as err:
                # A render that failed half-way may leave the template's document rendered
                # without docxtpl knowing: start the next render from the pristine bytes.
                self._template = _Template(io.BytesIO(self._source))
                if isinstance(err, TemplateError):
                    raise RenderError(
                        f"DOCX 版式模板 {self.template_name}: {err}",
                        details=_error_context(err, self._env.last_source),
                    ) from err
                if isinstance(err, ValueError):  # e.g. python-docx rejecting a property
                    raise RenderError(f"DOCX 版式模板 {self.template_name}: {err}") from err
                raise
        return deterministic_zip(data)

    def _render(self, document: Document) -> bytes:
        view = document_view(document)
        self._template.render({"document": view}, jinja_env=self._env, autoescape=True)
        docx = self._template.docx
        if view["poster"]:
            poster_page(docx)
        official_page(docx, view)
        place_figures(docx, view, document)
        self._lay_out_tables(docx, view)
        if document.meta.get("notes") == NOTES_AS_COMMENTS:
            notes_as_comments(docx, document.meta.get("author") or "填写说明")
        _drop_empty_runs(docx.element.body)
        self._set_properties(docx, document)
        buffer = io.BytesIO()
        docx.save(buffer)
        return buffer.getvalue()

    def _lay_out_tables(self, docx: Any, view: dict[str, Any]) -> None:
        section = docx.sections[-1]
        total = int(section.page_width - section.left_margin - section.right_margin) // 635
        tables = list(docx.element.body.iterchildren(_w("tbl")))
        wage = [t for t in tables if _table_style(t) == _WAGE_TABLE_STYLE]
        model = _view_tables(view)
        if len(wage) != len(model):
            raise RenderError(
                f"DOCX 版式模板 {self.template_name}: 模板排出 {len(wage)} 张表格，"
                f"文档模型有 {len(model)} 张"
            )
        for element, table in zip(wage, model, strict=True):
            lay = table["layout"]
            weights = [round(f * 10000) for f in lay["fractions"]]
            _set_widths(element, _twips_widths(weights, len(table["header"]), total))
            _keep_rows_together(element, len(table["rows"]) + 1, lay["keep_whole"])
        for element in tables:
            if _table_style(element) == _SIGNATURE_TABLE_STYLE:
                count = max(len(view["signature"]), 1)
                _set_widths(element, _twips_widths((), count, total))
                _seal_rows(element, view["signature_rows"])
                _release_closing(element)
        _annex_keeps(docx.element.body)

    @staticmethod
    def _set_properties(docx: Any, document: Document) -> None:
        core = docx.core_properties
        core.title = clean_text(document.title)[:_TITLE_MAX]
        core.author = clean_text(document.meta.get("author", ""))[:_TITLE_MAX]
        core.language = "zh-CN"
        core.created = _FIXED_DATE
        core.modified = _FIXED_DATE
        core.revision = 1


def _error_context(err: TemplateError, source: str | None) -> list[str]:
    """The template text around the failing tag: docxtpl's `docx_context` (syntax errors),
    else the same window found from the template line in the traceback (runtime errors)."""
    lines = getattr(err, "docx_context", None)
    if lines is None and source is not None:
        lineno, tb = None, err.__traceback__
        while tb is not None:  # Jinja rewrites template frames to the template's own lines
            if tb.tb_frame.f_code.co_filename == "<template>":
                lineno = tb.tb_lineno
            tb = tb.tb_next
        if lineno is not None:
            window = source.splitlines()[max(lineno - 4, 0) : lineno + 3]
            lines = [re.sub(r"<[^>]+>", "", line) for line in window]
    return [text for text in (line.strip() for line in lines or ()) if text]


def _drop_empty_runs(body: Any) -> None:
    """docxtpl leaves an empty run on each side of a `{{r }}` / `{%r %}` tag: tidy them away."""
    for run in body.xpath(".//w:r[count(*)=1 and w:t and w:t='']"):
        run.getparent().remove(run)


def _table_style(table: Any) -> str | None:
    style = table.find(f"{_w('tblPr')}/{_w('tblStyle')}")
    return None if style is None else str(style.get(_w("val")))
