"""Redline: what changed between two versions of a contract's text, as HTML (<del>, <ins>).

When the minimum wage changes, a union must show its members the old and the new wording
side by side. `plain_text` writes a contract as the plain text kept between builds; `compare`
aligns two versions unit by unit (title, cover lines, chapters, articles by their label,
signature, appendix), then paragraph by paragraph (table rows by their first cell), then
token by token (a figure such as 2300 or 贰仟叁佰元整 is one token, any other character is
its own token: difflib on characters is right for Chinese, which has no word spaces).
`redline_html.render_units` marks a comparison up as HTML.

The plain text format, one unit per block, blocks separated by one blank line:

    阳泉市制造业技能人才最低工资集体合同          title
    职工方：…                                   cover lines (the preamble)
    第一章　总则                                 a chapter heading
    第一条　为建立技能人才工资……                 an article: label, U+3000, first paragraph
    （一）……                                     further paragraphs, one a line
    表1　技能人才月最低工资标准                   a table caption …
    <TAB>技能等级<TAB>月最低工资（元）            … and its rows, each line starting with a tab
    【签署】                                     the signature block
    【附件】                                     the appendices

Paragraph text never holds a tab or line break (both become spaces), so the format reads
back unambiguously; `parse_text(plain_text(document))` gives the units `compare` uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from ..text.document import Block, Document, Paragraph, Table

__all__ = [
    "CAPTION",
    "Comparison",
    "LineDiff",
    "Segment",
    "Unit",
    "UnitDiff",
    "compare",
    "parse_text",
    "plain_text",
]

ROW_MARK = "\t"
SIGNATURE_MARK = "【签署】"
APPENDIX_MARK = "【附件】"
_NUMERAL = "〇零一二三四五六七八九十百千两"
_ARTICLE = re.compile(rf"^(第[{_NUMERAL}]+条)(?:\u3000(.*))?$")
_CHAPTER = re.compile(rf"^(第[{_NUMERAL}]+章)(?:\u3000|$)")
CAPTION = re.compile(r"^表[0-9〇一二三四五六七八九十]+")
_SPACE = re.compile(r"[\t\r\n\v\f\x85\u2028\u2029]+")
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+")
# A figure is one token: digits (2300, 24.5), 人民币大写 (贰仟叁佰元整), a Latin word.
_TOKEN = re.compile(
    r"\d+(?:\.\d+)?"
    r"|(?:[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元角分]?)+整?"
    r"|[A-Za-z]+"
    r"|\s+"
    r"|.",
    re.DOTALL,
)
# Pairing thresholds: two paragraphs (or articles) are "the same one, edited" when their
# texts are at least this similar; a shared label (第八条, a table row's level) lowers the bar.
_PAIR_THRESHOLD = 0.5
_LABEL_BONUS = 0.3

Kind = Literal["equal", "insert", "delete", "change"]


# ── plain text ───────────────────────────────────────────────────────────────────────────────


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _block_lines(blocks: Sequence[Block]) -> list[str]:  # a Figure reads as its caption
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            if _clean(block.caption):
                lines.append(_clean(block.caption))
            for row in (block.header, *block.rows):
                lines.append(ROW_MARK + ROW_MARK.join(_clean(cell) for cell in row))
        elif _clean(block.text):
            lines.append(_clean(block.text))
    return lines


def plain_text(document: Document) -> str:
    """The contract as plain text (see the module docstring): what a build keeps for redlines."""
    units: list[list[str]] = [[_clean(document.title)]]
    if document.preamble:
        units.append(_block_lines(document.preamble))
    for chapter in document.chapters:
        units.append([f"{chapter.label}\u3000{_clean(chapter.title)}"])
        for article in chapter.articles:
            lines = _block_lines(article.blocks)
            if article.blocks and isinstance(article.blocks[0], Paragraph) and lines:
                lines[0] = f"{article.label}\u3000{lines[0]}"
            else:
                lines.insert(0, article.label)
            units.append(lines)
    signature = [
        _clean(label + value)
        for column in document.signature
        for label, value in column.lines
        if _clean(label + value)
    ]
    if signature:
        units.append([SIGNATURE_MARK, *signature])
    if document.appendices:
        units.append([APPENDIX_MARK, *_block_lines(document.appendices)])
    return "\n\n".join("\n".join(unit) for unit in units if unit) + "\n"


@dataclass(frozen=True, slots=True)
class Unit:
    """One aligned unit of a contract: its kind, label (第八条, 第三章) and lines.

    A line starting with a tab is a table row (cells separated by tabs); any other line is a
    paragraph. An article's label is kept apart from its first paragraph."""

    kind: str  # title | preamble | chapter | article | signature | appendix | text
    label: str
    lines: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.label or self.kind

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def parse_text(text: str) -> list[Unit]:
    """Units of a plain text written by `plain_text` (any other text: paragraphs per line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    units: list[Unit] = []
    seen_chapter = False
    for index, chunk in enumerate(_BLANK_LINES.split(text) if text.strip() else []):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        first, rest = lines[0], tuple(lines[1:])
        article = _ARTICLE.match(first)
        chapter = _CHAPTER.match(first)
        if index == 0 and not article and not chapter:
            units.append(Unit("title", "", (first.strip(), *rest)))
        elif chapter:
            seen_chapter = True
            units.append(Unit("chapter", chapter.group(1), (first, *rest)))
        elif article:
            head = (article.group(2),) if article.group(2) else ()
            units.append(Unit("article", article.group(1), (*head, *rest)))
        elif first == SIGNATURE_MARK:
            units.append(Unit("signature", "", rest))
        elif first == APPENDIX_MARK:
            units.append(Unit("appendix", "", rest))
        else:
            units.append(Unit("text" if seen_chapter else "preamble", "", tuple(lines)))
    return units


# ── comparison ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Segment:
    kind: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True, slots=True)
class LineDiff:
    """One paragraph or table row: unchanged, inserted, deleted or changed.

    `segments` holds the paragraph's tokens; a row has one segment list per cell."""

    kind: Kind
    row: bool
    cells: tuple[tuple[Segment, ...], ...]

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.cells[0] if self.cells else ()


@dataclass(frozen=True, slots=True)
class UnitDiff:
    kind: Kind
    unit_kind: str
    old_label: str
    new_label: str
    lines: tuple[LineDiff, ...]

    @property
    def label(self) -> str:
        return self.new_label or self.old_label

    @property
    def name(self) -> str:
        """How the summary names the unit: 第八条, 第三章, 标题, 首部, 签署部分, 附件."""
        if self.label:
            return self.label
        return {
            "title": "标题",
            "preamble": "首部",
            "signature": "签署部分",
            "appendix": "附件",
        }.get(self.unit_kind, "正文")


@dataclass(frozen=True, slots=True)
class Comparison:
    title: str
    old_title: str
    units: tuple[UnitDiff, ...]

    @property
    def changed(self) -> list[UnitDiff]:
        return [unit for unit in self.units if unit.kind != "equal"]

    @property
    def identical(self) -> bool:
        return not self.changed


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _similarity(old: str, new: str) -> float:
    if old == new:
        return 1.0
    if not old or not new:
        return 0.0
    matcher = SequenceMatcher(None, _tokens(old), _tokens(new), autojunk=False)
    if matcher.real_quick_ratio() < _PAIR_THRESHOLD - _LABEL_BONUS:
        return matcher.real_quick_ratio()
    return matcher.ratio()


def _pair_block(
    old: Sequence[str], new: Sequence[str], old_labels: Sequence[str], new_labels: Sequence[str]
) -> list[tuple[int | None, int | None]]:
    """Best order-keeping pairing of two runs of changed items (a small alignment DP)."""
    n, m = len(old), len(new)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, how = -1.0, ""
            if i > 0 and score[i - 1][j] > best:
                best, how = score[i - 1][j], "d"
            if j > 0 and score[i][j - 1] > best:
                best, how = score[i][j - 1], "i"
            if i > 0 and j > 0:
                bonus = (
                    _LABEL_BONUS
                    if old_labels[i - 1] and old_labels[i - 1] == new_labels[j - 1]
                    else 0
                )
                pair = _similarity(old[i - 1], new[j - 1]) + bonus
                if pair >= _PAIR_THRESHOLD and score[i - 1][j - 1] + pair > best:
                    best, how = score[i - 1][j - 1] + pair, "p"
            score[i][j], move[i][j] = best, how
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        how = move[i][j]
        if how == "p":
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == "d":
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def _align(
    old: Sequence[str], new: Sequence[str], old_labels: Sequence[str], new_labels: Sequence[str]
) -> list[tuple[int | None, int | None]]:
    """Pair items of two versions: identical runs first (difflib), the rest by similarity."""
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        block = _pair_block(old[i1:i2], new[j1:j2], old_labels[i1:i2], new_labels[j1:j2])
        pairs.extend(
            (None if a is None else a + i1, None if b is None else b + j1) for a, b in block
        )
    return pairs


def _segments(old: str, new: str) -> tuple[Segment, ...]:
    """Token diff of one text, tidied: a lone unchanged character between two changes is
    folded into them, so 2250元（贰仟贰佰伍拾元整） → 2400元（贰仟肆佰元整） reads as two
    replaced figures, not as a scatter of single characters."""
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(Segment("insert", "".join(b[j1:j2])))
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted and "".join(deleted):
            out.append(Segment("delete", "".join(deleted)))
        if inserted and "".join(inserted):
            out.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, segment in enumerate(raw):
        if segment.kind == "delete":
            deleted.append(segment.text)
        elif segment.kind == "insert":
            inserted.append(segment.text)
        else:
            between = 0 < index < len(raw) - 1 and (deleted or inserted)
            if between and len(segment.text) <= 1 and not segment.text.isspace():
                deleted.append(segment.text)
                inserted.append(segment.text)
                continue
            flush()
            out.append(segment)
    flush()
    return tuple(out)


def _cells(line: str) -> list[str]:
    return line[len(ROW_MARK) :].split(ROW_MARK)


def _whole(kind: Literal["insert", "delete"], line: str) -> LineDiff:
    row = line.startswith(ROW_MARK)
    texts = _cells(line) if row else [line]
    return LineDiff(kind, row, tuple((Segment(kind, text),) if text else () for text in texts))


def _line_diff(old: str, new: str) -> LineDiff:
    old_row, new_row = old.startswith(ROW_MARK), new.startswith(ROW_MARK)
    if old == new:
        texts = _cells(new) if new_row else [new]
        return LineDiff("equal", new_row, tuple((Segment("equal", t),) if t else () for t in texts))
    if old_row and new_row:
        a, b = _cells(old), _cells(new)
        width = max(len(a), len(b))
        a += [""] * (width - len(a))
        b += [""] * (width - len(b))
        return LineDiff("change", True, tuple(_segments(x, y) for x, y in zip(a, b, strict=True)))
    return LineDiff("change", False, (_segments(old.lstrip(ROW_MARK), new.lstrip(ROW_MARK)),))


def _line_label(line: str) -> str:
    """A table row is aligned by its first cell (the skill level or occupation)."""
    return _cells(line)[0] if line.startswith(ROW_MARK) else ""


def _unit_diff(old: Unit | None, new: Unit | None) -> UnitDiff:
    if old is None or new is None:
        unit = new if old is None else old
        assert unit is not None
        kind: Literal["insert", "delete"] = "insert" if old is None else "delete"
        return UnitDiff(
            kind,
            unit.kind,
            "" if old is None else unit.label,
            "" if new is None else unit.label,
            tuple(_whole(kind, line) for line in unit.lines),
        )
    lines: list[LineDiff] = []
    pairs = _align(
        old.lines,
        new.lines,
        [_line_label(line) for line in old.lines],
        [_line_label(line) for line in new.lines],
    )
    for i, j in pairs:
        if i is None and j is not None:
            lines.append(_whole("insert", new.lines[j]))
        elif j is None and i is not None:
            lines.append(_whole("delete", old.lines[i]))
        elif i is not None and j is not None:
            lines.append(_line_diff(old.lines[i], new.lines[j]))
    same = old.label == new.label and all(line.kind == "equal" for line in lines)
    return UnitDiff("equal" if same else "change", new.kind, old.label, new.label, tuple(lines))


def _units(version: Document | str) -> list[Unit]:
    return parse_text(plain_text(version) if isinstance(version, Document) else version)


def compare(old: Document | str, new: Document | str) -> Comparison:
    """Align two versions (a `Document` or its `plain_text`) and diff every unit."""
    a, b = _units(old), _units(new)
    # Articles are matched on their wording (label aside), so an inserted article shows as
    # inserted and the renumbered ones after it as relabelled, not as a cascade of edits;
    # where wording changed (a new wage figure) the article keeps its partner by label.
    pairs = _align(
        [f"{u.kind}\n{u.body}" for u in a],
        [f"{u.kind}\n{u.body}" for u in b],
        [u.key for u in a],
        [u.key for u in b],
    )
    units = tuple(
        _unit_diff(None if i is None else a[i], None if j is None else b[j]) for i, j in pairs
    )

    def title(units: list[Unit]) -> str:
        return next((u.lines[0] for u in units if u.kind == "title" and u.lines), "")

    return Comparison(title(b) or title(a), title(a), units)
