"""The document model: the seam between the clause text (composed once) and the format writers.

Writers only lay these objects out; none of them holds contract wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Article",
    "Block",
    "Chapter",
    "Document",
    "Figure",
    "Paragraph",
    "SignatureColumn",
    "Span",
    "Table",
]


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
    # "body" | "item" (an enumerated sub-clause) | "note" (填写说明) | "party" (cover block)
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
    the market low end, skillwage_docs/chart.py); a writer that does not draw it yet prints the
    caption in its place."""

    key: str
    caption: str  # 图1　技能人才月最低工资标准与……

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
