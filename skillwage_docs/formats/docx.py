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
from markupsafe import Markup, escape

from ..base.errors import RenderError
from ..base.publish import deterministic_zip
from ..text.document import Document
from ..text.environment import TEMPLATES
from .docx_comments import notes_as_comments
from .docx_page import place_figures, poster_page
from .layout import BODY_PT, LINE_BLANK_MIN_EM, MEASURE_PT, text_em
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
_WHOLE_LINE_EMS = 31  # 四号 characters on one line of the 156 mm measure
_COVER_EMS = int(MEASURE_PT // BODY_PT)  # body ems on a cover line (no first-line indent)
_TITLE_MAX = 255  # python-docx limit for core properties

# XML 1.0 forbids C0 controls but tab/LF/CR, lone surrogates and U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile("[\t\r\n]+")
# docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` in its output into Jinja delimiters: keep a
# literal underscore next to a brace or percent sign as a character reference.
_DOCXTPL_ESCAPE = re.compile(r"(?<=[{%])_|_(?=[}%])")


# LibreOffice sets figures with its Western (en-US) line-break rules, which keep a closing CJK
# bracket with the figures after it: "〔2024〕1185号、" moved to the next line whole and the
# justified line before it was letter-spaced (issue 13). A zero-width space after the bracket
# is a break opportunity (UAX #14 class ZW) for Word and LibreOffice alike; Typst and Chromium
# already break there (UAX #14 allows CL ÷ NU), so only the DOCX carries it.
_CLOSING_BRACKETS = "〕）」』》】〗〙"
_AFTER_CLOSING_BRACKET = re.compile(f"(?<=[{_CLOSING_BRACKETS}])(?=[0-9A-Za-z])")
ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
IDEOGRAPHIC_SPACE = "\u3000"


def clean_text(value: object) -> str:
    """Text as Word shows it: no XML-illegal characters, line breaks and tabs as spaces."""
    return _SPACES.sub(" ", _ILLEGAL.sub("", str(value)))


def _xml_text(value: object) -> str:
    text = _AFTER_CLOSING_BRACKET.sub(ZERO_WIDTH_SPACE, clean_text(value))
    return _DOCXTPL_ESCAPE.sub("&#95;", str(escape(text)))


def _finalize(value: object) -> object:
    """Every `{{ }}` output: already-built runs pass through, anything else becomes safe text."""
    if isinstance(value, Markup):
        return value
    return Markup(_xml_text(value))


def _run(text: str, *, bold: bool = False, underline: bool = False, size: float = 0) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ('<w:u w:val="single"/>' if underline else "")
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'


def _rule(pieces: Sequence[int]) -> str:
    """A fill-in blank: one underlined ideographic space (U+3000) per body character, the
    layout's unbreakable pieces joined by word joiners and breakable between them (a
    zero-width space: LibreOffice keeps a run of ideographic spaces whole). Set as characters,
    the blank takes its share of a justified line's slack: Word and LibreOffice justify only the
    text after a line's last tab, so underlined tabs left the few characters between a blank
    and the line end to take all of it ("备 案 （ 晋 人 社 厅 函", issue 13). Underlined
    full-width spaces are how Chinese Word forms draw a blank."""
    text = ZERO_WIDTH_SPACE.join(WORD_JOINER.join(IDEOGRAPHIC_SPACE * n) for n in pieces)
    return f'<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _blank(span: dict[str, Any]) -> str:
    if span["line"]:
        # The rest of the line: 8 characters at least, then a line's worth that may run on.
        return _rule([LINE_BLANK_MIN_EM, *[1] * (_WHOLE_LINE_EMS - LINE_BLANK_MIN_EM)])
    return _rule(span["pieces"])


def _runs(paragraph: dict[str, Any]) -> Markup:
    """A view paragraph's spans as Word runs: bold as `w:b`, a fill-in blank as a tab rule."""
    out = []
    used = 0.0  # ems set so far on a cover line (ragged: every line but the last is full)
    previous = ""  # the last character set, for a closing bracket at a span's end
    for span in paragraph["spans"]:
        if span["blank"]:
            previous = ""
            out.append(_blank(span))
            used += span["em"] or LINE_BLANK_MIN_EM
            continue
        width = text_em(span["text"])
        if paragraph["style"] == "party" and span.get("glue") and used:
            # Word cannot glue characters, so a closing "（首席代表：…，协商代表5人）" that
            # would not fit the rest of the line starts the next one (never "人）" alone).
            room = _COVER_EMS - used % _COVER_EMS
            if width > room and width <= _COVER_EMS:
                out.append("<w:r><w:br/></w:r>")
                used += room
        text = span["text"]
        if _AFTER_CLOSING_BRACKET.match(previous + text, len(previous)):
            text = ZERO_WIDTH_SPACE + text  # the bracket ended the span before
        out.append(_run(text, bold=span["bold"]))
        previous = text[-1:]
        used += width
    return Markup("".join(out))


def _lines(lines: Sequence[str]) -> Markup:
    """Lines the layout broke (a title, a table header) as runs with line breaks between."""
    return Markup("<w:r><w:br/></w:r>".join(_run(line) for line in lines))


def _signature_cell(cell: dict[str, Any]) -> Markup:
    """One party's line of the signature block: the seal line carries the name (sized to stay
    on one line) below its label; an empty value is a signature rule to the column's edge."""
    label = _run(cell["label"])
    if cell["seal"]:
        name = _run(cell["value"], size=cell["size"]) if cell["value"] else ""
        return Markup(label + "<w:r><w:br/></w:r>" + name)
    if not cell["value"] and cell["label"]:
        return Markup(label + '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:tab/></w:r>')
    return Markup(label + _run(cell["value"]))


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
        autoescape=True, undefined=StrictUndefined, finalize=_finalize, auto_reload=False
    )
    env.filters["runs"] = _runs
    env.filters["lines"] = _lines
    env.filters["signature_cell"] = _signature_cell
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
        *view["appendices"],
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


def _annex_into_closing(table: Any) -> None:
    """Move the 附件 list that follows the signature block into a last row of its table.

    Issue 13: the closing block (last article, signature, 附件) stays on one page. Typst and
    HTML keep it together; LibreOffice keeps a paragraph with a following table but does not
    carry the table's keep-with-next on to the paragraphs after it, and printed the 附件 list
    alone on the next page. As one table whose rows cannot split, the chain holds.
    """
    annex = []
    for sibling in table.itersiblings():
        if sibling.tag != _w("p") or _style_of(sibling) not in _ANNEX_STYLES:
            break
        annex.append(sibling)
    if not annex:
        return
    grid = table.find(_w("tblGrid"))
    columns = list(grid.iterchildren(_w("gridCol"))) if grid is not None else []
    width = sum(int(column.get(_w("w"), "0")) for column in columns)
    row, properties, cell, cell_properties = (
        OxmlElement("w:tr"),
        OxmlElement("w:trPr"),
        OxmlElement("w:tc"),
        OxmlElement("w:tcPr"),
    )
    properties.append(OxmlElement("w:cantSplit"))
    row.append(properties)
    cell_width = OxmlElement("w:tcW")
    cell_width.set(_w("w"), str(width))
    cell_width.set(_w("type"), "dxa")
    span = OxmlElement("w:gridSpan")
    span.set(_w("val"), str(max(len(columns), 1)))
    cell_properties.extend([cell_width, span])
    cell.append(cell_properties)
    cell.extend(annex)  # moves them: an element has one parent
    row.append(cell)
    table.append(row)
    if table.getnext() is None or table.getnext().tag != _w("p"):
        # A body ends with a paragraph (Word refuses a table right before sectPr): an empty one
        # of no height, so it cannot spill on to a page of its own.
        table.addnext(_empty_paragraph())


def _empty_paragraph() -> Any:
    paragraph, properties = OxmlElement("w:p"), OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(_w(name), value)
    run_properties, size = OxmlElement("w:rPr"), OxmlElement("w:sz")
    size.set(_w("val"), "2")
    run_properties.append(size)
    properties.extend([spacing, run_properties])
    paragraph.append(properties)
    return paragraph


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
                _annex_into_closing(element)

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
