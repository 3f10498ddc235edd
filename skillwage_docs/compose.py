"""Compose: render the clause text (Jinja) for one agreement and parse it into a `Document`.

The clause markup is a small line-based subset of Markdown, documented in
templates/README.md; it is parsed here once, so every format gets identical text.
"""

from __future__ import annotations

import re
from datetime import timedelta
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError

from .agreement import Agreement, SkillLevel
from .document import Article, Block, Chapter, Document, Paragraph, SignatureColumn, Span, Table
from .environment import clause_environment
from .errors import RenderError
from .figures import add_months, chinese_number

__all__ = ["CLAUSE_TEMPLATE", "compose", "parse_clauses", "render_clauses"]

CLAUSE_TEMPLATE = "contract.md.j2"

_INLINE = re.compile(r"\\(.)|\*\*")


def render_clauses(agreement: Agreement, *, template: str = CLAUSE_TEMPLATE) -> str:
    """The clause markup for one agreement (Jinja output, before parsing)."""
    env = clause_environment()
    try:
        return env.get_template(template).render(
            agreement=agreement, levels=list(SkillLevel), **_derived(agreement)
        )
    except TemplateError as err:
        where = f"{err.filename}:{err.lineno}" if getattr(err, "lineno", None) else template
        raise RenderError(f"条款模板 {where}: {err}（合同 {agreement.slug}）") from err


def _derived(agreement: Agreement) -> dict[str, Any]:
    """Facts the text needs that are derived, not stored, so the template stays declarative."""
    levels = agreement.levels_sorted()
    used_levels: list[SkillLevel] = []
    for table in (agreement.categories, agreement.occupations):
        for row in table:
            for level in row.monthly:
                if level not in used_levels:
                    used_levels.append(level)
    used_levels.sort(key=lambda level: level.rank)
    return {
        "rows": levels,
        "has_hourly": any(row.hourly is not None for row in levels),
        "has_allowance": any(row.allowance is not None for row in levels),
        "matrix_levels": used_levels,
        # 《集体合同规定》第四十二条: filed within 10 days of signing.
        "filing_deadline": agreement.signing_date + timedelta(days=10),
        # 晋人社厅函〔2024〕1185号: renegotiation starts 3 months before expiry.
        "renegotiation_start": add_months(agreement.term.end, -3),
    }


def compose(agreement: Agreement, *, template: str = CLAUSE_TEMPLATE) -> Document:
    markup = render_clauses(agreement, template=template)
    try:
        return parse_clauses(markup, meta={
                "slug": agreement.slug,
                "region": agreement.region.code,
                "date": agreement.signing_date.isoformat(),
            },)
    except ValueError as err:
        raise RenderError(f"条款模板 {template}: {err}（合同 {agreement.slug}）") from err


def spans(text: str) -> tuple[Span, ...]:
    """Split inline markup: `**bold**` and backslash escapes."""
    out: list[Span] = []
    buffer: list[str] = []
    bold = False
    position = 0
    for match in _INLINE.finditer(text):
        buffer.append(text[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            buffer.append(match.group(1))
            continue
        if buffer and "".join(buffer):
            out.append(Span("".join(buffer), bold=bold))
        buffer = []
        bold = not bold
    buffer.append(text[position:])
    if "".join(buffer):
        out.append(Span("".join(buffer), bold=bold))
    return tuple(out)


def _unescape(text: str) -> str:
    return "".join(span.text for span in spans(text))


def _cells(line: str) -> list[str]:
    """Split a `| a | b |` row on unescaped bars (escapes stay for `spans` to resolve)."""
    cells: list[str] = []
    current: list[str] = []
    chars = iter(line.strip())
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    if line.strip().startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return [_unescape(cell) for cell in cells]


@dataclass
class _Builder:
    title: str = ""
    preamble: list[Block] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    appendices: list[Block] = field(default_factory=list)
    signature: list[SignatureColumn] = field(default_factory=list)
    chapter_title: str | None = None
    articles: list[Article] = field(default_factory=list)
    blocks: list[Block] | None = None
    article_count: int = 0
    in_appendix: bool = False
    table_rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    widths: tuple[int, ...] = ()

    def target(self) -> list[Block]:
        if self.in_appendix:
            return self.appendices
        if self.blocks is not None:
            return self.blocks
        if self.chapter_title is not None:
            raise ValueError("章标题之后、第一条之前不能有正文")
        return self.preamble

    def close_article(self) -> None:
        self.close_table()
        if self.blocks is not None:
            self.articles.append(
                Article(self.article_count, f"第{chinese_number(self.article_count)}条", tuple(self.blocks))
            )
            self.blocks = None

    def close_chapter(self) -> None:
        self.close_article()
        if self.chapter_title is not None:
            number = len(self.chapters) + 1
            self.chapters.append(
                Chapter(number, f"第{chinese_number(number)}章", self.chapter_title, tuple(self.articles))
            )
            self.chapter_title = None
            self.articles = []

    def close_table(self) -> None:
        if not self.table_rows:
            return
        header, *rows = self.table_rows
        if any(len(row) != len(header) for row in rows):
            raise ValueError(f"表格“{self.caption}”各行列数不一致")
        self.target().append(Table(self.caption, tuple(header), tuple(map(tuple, rows)), self.widths))
        self.table_rows, self.caption, self.widths = [], "", ()


def parse_clauses(markup: str, *, meta: dict[str, str] | None = None) -> Document:
    b = _Builder()
    for raw in markup.splitlines():
        line = raw.strip()
        if not line:
            b.close_table()
            continue
        if line.startswith("|"):
            if not re.fullmatch(r"\|[\s:|-]+\|", line):
                b.table_rows.append(_cells(line))
            continue
        b.close_table()
        if line.startswith("# "):
            b.title = _unescape(line[2:].strip())
        elif line.startswith("## "):
            b.close_chapter()
            b.chapter_title = _unescape(line[3:].strip())
        elif line.startswith("###"):
            if b.chapter_title is None:
                raise ValueError("条款（###）必须位于某一章（##）之下")
            b.close_article()
            b.article_count += 1
            b.blocks = []
            rest = line[3:].strip()
            if rest:
                b.blocks.append(Paragraph(spans(rest)))
        elif line.startswith("@caption "):
            b.caption = _unescape(line[len("@caption ") :].strip())
        elif line.startswith("@widths "):
            b.widths = tuple(int(x) for x in line.split()[1:])
        elif line == "@appendix":
            b.close_chapter()
            b.in_appendix = True
        elif line.startswith("@sign "):
            pairs = []
            for cell in _cells(line[len("@sign ") :]):
                label, _, value = cell.partition("：")
                pairs.append((label + ("：" if _ else ""), value))
            b.signature.append(SignatureColumn(tuple(pairs)))
        elif line.startswith("@"):
            raise ValueError(f"未知指令：{line.split()[0]}")
        elif line.startswith("- "):
            b.target().append(Paragraph(spans(line[2:].strip()), style="item"))
        elif line.startswith("> "):
            b.target().append(Paragraph(spans(line[2:].strip()), style="note"))
        elif line.startswith("+ "):
            b.target().append(Paragraph(spans(line[2:].strip()), style="party"))
        else:
            b.target().append(Paragraph(spans(line)))
    b.close_chapter()
    b.close_table()
    if not b.title:
        raise ValueError("条款模板缺少标题（# ）")
    return Document(
        title=b.title,
        preamble=tuple(b.preamble),
        chapters=tuple(b.chapters),
        signature=tuple(b.signature),
        appendices=tuple(b.appendices),
        meta=dict(meta or {}),
    )
