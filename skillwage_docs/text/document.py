"""The document model: the seam between the clause text (composed once) and the format writers.

Writers only lay these objects out; none of them holds contract wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

__all__ = [
    "ATTACHMENT",
    "COPY_TO",
    "EXAMPLE_MARK",
    "OFFICIAL",
    "SUBTITLE",
    "Article",
    "Block",
    "Chapter",
    "Document",
    "Figure",
    "Paragraph",
    "SignatureColumn",
    "Span",
    "Table",
    "document_from_data",
    "document_to_data",
]

# What every output built from invented data carries (issue 12 point 1), in every format and
# paper: `Document.meta["example"] == "true"` makes the writers print it.
EXAMPLE_MARK = "示例（虚构数据）"
# Paragraph styles of a paper's page furniture (compose.py, templates/README.md: clause markup).
ATTACHMENT = "attachment"  # `@attachment 标题`: an attachment's title, on a new page
COPY_TO = "cc"  # `@cc 机关`: 抄送, in the 版记
SUBTITLE = "subtitle"  # `@subtitle 题注`: a line under the title
# `meta["layout"]` of a paper to an authority, laid out as a 公文 (kinds.Kind.official).
OFFICIAL = "official"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text; `bold` for emphasis, `blank` for a fill-in line in the blank model text.

    `size` is the room a blank needs, in characters written by hand (0: the writer's default;
    `environment.LINE`: the rest of the line, or a whole line).
    """

    text: str
    bold: bool = False
    blank: bool = False
    size: int = 0


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]
    # "body" | "item" (an enumerated sub-clause) | "note" (填写说明) | "party" (cover block);
    # page furniture of a paper (compose.py): "attachment" (an attachment's title, a new page),
    # "cc" (抄送, in the 版记), "subtitle" (题注 under the title)
    style: str = "body"

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative column widths, so every writer gives the level column the same share.
    widths: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart drawn from the agreement's data, numbered 图N by compose (`@figure key 标题`).
    `key` names the drawing (e.g. "schedule-chart": the schedule against the binding minimum and
    the market low end, skillwage_docs/formats/chart.py); a writer that does not draw it yet prints the
    caption in its place."""

    key: str
    caption: str  # 图1　技能人才月最低工资标准与……
    # What is drawn (`@bar`, `@minimum`, `@market` lines under `@figure`), amounts as printed
    # (yuan): bars low to high, the binding minimum, market low ends by label. No bars: the
    # blank form's empty frame, to be filled by hand.
    bars: tuple[tuple[str, str], ...] = ()
    minimum: str = ""
    market: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return self.caption


Block = Paragraph | Table | Figure


@dataclass(frozen=True, slots=True)
class Article:
    number: int
    label: str  # 第一条
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Chapter:
    number: int
    label: str  # 第一章
    title: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class SignatureColumn:
    """One party's column of the signature block: each line a label and a value (may be empty)."""

    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    preamble: tuple[Block, ...]
    chapters: tuple[Chapter, ...]
    signature: tuple[SignatureColumn, ...]
    appendices: tuple[Block, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)

    def articles(self) -> list[Article]:
        return [article for chapter in self.chapters for article in chapter.articles]

    def text(self) -> str:
        """Every word of the document, a line per paragraph or table row: what a rule reads
        (the citations it makes), not a layout."""
        blocks = [
            *self.preamble,
            *(b for article in self.articles() for b in article.blocks),
            *self.appendices,
        ]
        lines = [self.title, *(c.title for c in self.chapters)]
        for block in blocks:
            if isinstance(block, Table):
                lines += [" ".join(row) for row in (block.header, *block.rows)]
            else:
                lines.append(block.text)
        lines += [f"{label}{value}" for column in self.signature for label, value in column.lines]
        return "\n".join(lines)


# ── as data (the build's records keep the composed text; the PDF writer sends the same shape) ──


_FIELDS: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return _FIELDS[kind]


def _data(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_data(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {key: _data(item) for key, item in value.items()}
    return {name: _data(getattr(value, name)) for name in _names(type(value))}


def document_to_data(document: Document) -> dict[str, Any]:
    """The document as JSON-ready data: each object a dict of its fields (`dataclasses.asdict`'s
    shape, without its deep copies)."""
    data: dict[str, Any] = _data(document)
    return data


def _span(data: dict[str, Any]) -> Span:
    return Span(**data)


def _block(data: dict[str, Any]) -> Block:
    if "key" in data:
        return Figure(
            **{
                **data,
                "bars": tuple((str(a), str(b)) for a, b in data.get("bars", ())),
                "market": tuple((str(a), str(b)) for a, b in data.get("market", ())),
            }
        )
    if "spans" in data:
        return Paragraph(**{**data, "spans": tuple(_span(s) for s in data["spans"])})
    return Table(
        **{
            **data,
            "header": tuple(data["header"]),
            "rows": tuple(tuple(row) for row in data["rows"]),
            "widths": tuple(data.get("widths", ())),
        }
    )


def _blocks(items: list[dict[str, Any]]) -> tuple[Block, ...]:
    return tuple(_block(item) for item in items)


def document_from_data(data: dict[str, Any]) -> Document:
    """The inverse of `document_to_data`."""
    chapters = tuple(
        Chapter(
            **{
                **chapter,
                "articles": tuple(
                    Article(**{**article, "blocks": _blocks(article["blocks"])})
                    for article in chapter["articles"]
                ),
            }
        )
        for chapter in data["chapters"]
    )
    signature = tuple(
        SignatureColumn(lines=tuple((label, value) for label, value in column["lines"]))
        for column in data["signature"]
    )
    return Document(
        **{
            **data,
            "preamble": _blocks(data["preamble"]),
            "chapters": chapters,
            "signature": signature,
            "appendices": _blocks(data.get("appendices", [])),
            "meta": dict(data.get("meta", {})),
        }
    )
