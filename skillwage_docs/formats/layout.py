"""Layout decisions shared by the three writers, so PDF, DOCX and HTML break and size alike.

Chinese text sets on an em grid (every ideograph and full-width mark is one em wide), so the
writers can decide here, before any engine runs, where a title breaks, how wide a table
column is and how long a blank is. The spec they implement is templates/README.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations

from ..text.document import Paragraph, SignatureColumn, Span, Table
from ..text.environment import LINE

__all__ = [
    "BODY_PT",
    "KEEP_WITH_FIGURES",
    "MEASURE_PT",
    "POSTER_BODY_PT",
    "POSTER_MEASURE_PT",
    "POSTER_TABLE_PT",
    "TABLE_PT",
    "TableLayout",
    "annex_items",
    "attachment_label",
    "blank_em",
    "blank_pieces",
    "fit_size",
    "is_seal_label",
    "last_line_split",
    "table_layout",
    "text_em",
    "title_lines",
]

# --- the page (GB/T 9704: A4, 版心 156 mm × 225 mm) and the type sizes -------------------
MEASURE_PT = 156 / 25.4 * 72  # 442.2 pt, the width of the text block
BODY_PT = 14.0  # 四号
TITLE_PT = 22.0  # 二号
TABLE_PT = 10.5  # 五号, every table
CELL_INSET_PT = 4.0  # left and right padding of a table cell
KEEP_WHOLE_ROWS = 12  # a table of up to this many body rows never splits across pages
# The 工资标准公示 poster (templates/README.md: 公示): one A4 page for a noticeboard, read
# from a step away: 20 mm margins (版心 170 mm), 三号 body, 四号 tables.
POSTER_MEASURE_PT = 170 / 25.4 * 72
POSTER_BODY_PT = 16.0
POSTER_TABLE_PT = 14.0

# --- titles (GB/T 9704 7.3.1: 回行时词意完整，排列对称，梯形或菱形) ---------------------
TITLE_ONE_LINE = 15  # at most this many characters stay on one line
TITLE_LINE_MAX = 16  # no line longer than this (二号: 20 fit the measure; leave air)
# Where a title may break: before these words, with a penalty (0 = a natural break).
_TITLE_BREAKS = (("（", 0), ("技能人才", 0), ("集体合同", 9), ("最低工资", 12), ("专项", 6))
_EXTRA_LINE = 4  # cost of each line after the first
_PLACE_END = re.compile(r"(?<=..)(?:省|市|县|区|旗|镇)(?!$)")


def text_em(text: str) -> float:
    """Width in ems: ideographs and full-width marks one em, Latin letters and figures half."""
    return sum(0.5 if ord(char) < 0x2E80 and char != "—" else 1.0 for char in text)


def _title_breaks(title: str) -> dict[int, int]:
    """Break positions (index of the first character of the new line) and their penalties."""
    breaks: dict[int, int] = {}
    for word, penalty in _TITLE_BREAKS:
        for match in re.finditer(re.escape(word), title):
            if 0 < match.start() < len(title):
                breaks[match.start()] = min(breaks.get(match.start(), 99), penalty)
    for place in _PLACE_END.finditer(title[:12]):  # after a place name: 阳泉市 / 制造业
        breaks.setdefault(place.end(), 2)
    return breaks


def title_lines(title: str) -> tuple[str, ...]:
    """The title broken at word boundaries into a balanced shape: fewest lines that fit, then
    the smallest difference between the longest and the shortest line plus break penalties.
    A title with no usable break stays one line (and a check reports it if it overflows)."""
    if len(title) <= TITLE_ONE_LINE:
        return (title,)
    cuts = _best_cuts(title, _title_breaks(title))
    if cuts is None:
        cuts = _even_cuts(title)
    bounds = (0, *cuts, len(title))
    return tuple(title[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1))


_NO_LINE_START = "。，、；：？！）」』》〉】〕"


def _breakable(title: str, cut: int) -> bool:
    """Between two ideographs, and never before a closing mark (no Latin word is split)."""
    return (
        0 < cut < len(title)
        and text_em(title[cut - 1 : cut + 1]) == 2
        and title[cut] not in _NO_LINE_START
    )


def _even_cuts(title: str) -> tuple[int, ...]:
    """No known word boundary works: lines of equal length, moved to the next breakable place;
    a title that offers none (a Latin name) stays one line for the engine to wrap."""
    count = -(-len(title) // TITLE_LINE_MAX)
    step = -(-len(title) // count)
    cuts: list[int] = []
    for cut in range(step, len(title), step):
        while cut < len(title) and not _breakable(title, cut):
            cut += 1
        if cut < len(title) and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    return tuple(cuts)


def _best_cuts(title: str, breaks: dict[int, int]) -> tuple[int, ...] | None:
    best: tuple[int, tuple[int, ...]] | None = None
    for cuts in _cut_sets(sorted(breaks), 4):
        bounds = (0, *cuts, len(title))
        lengths = [bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1)]
        if max(lengths) > TITLE_LINE_MAX or min(lengths) < 2:
            continue
        cost = max(lengths) - min(lengths) + sum(breaks[c] for c in cuts)
        score = (cost + _EXTRA_LINE * len(cuts), cuts)
        if best is None or score < best:
            best = score
    return None if best is None else best[1]


def _cut_sets(positions: list[int], most: int) -> list[tuple[int, ...]]:
    return [cuts for r in range(1, most + 1) for cuts in combinations(positions, r)]


# --- tables -------------------------------------------------------------------------------
_HEADER_BREAK = re.compile(r"(?=（)")


@dataclass(frozen=True, slots=True)
class TableLayout:
    """Column widths (points, summing to the measure) and each header cell's lines."""

    widths_pt: tuple[float, ...]
    header_lines: tuple[tuple[str, ...], ...]
    keep_whole: bool


def _header_parts(text: str) -> list[str]:
    return [part for part in _HEADER_BREAK.split(text) if part]


def table_layout(
    table: Table, measure_pt: float = MEASURE_PT, table_pt: float = TABLE_PT
) -> TableLayout:
    """Widths from content: no body cell (a level name, a figure) ever breaks; a header cell
    breaks only before its unit （元）; spare width goes to the columns in proportion.
    `measure_pt`, `table_pt`: the page's (the poster sets larger type on a wider measure)."""
    pad = 2 * CELL_INSET_PT + 1
    columns = list(zip(table.header, *table.rows, strict=True))
    need = [
        max([text_em(p) for p in _header_parts(col[0])] + [text_em(c) for c in col[1:]]) * table_pt
        + pad
        for col in columns
    ]
    whole = [max(text_em(c) for c in col) * table_pt + pad for col in columns]
    if sum(whole) <= measure_pt:
        need = whole
    spare = measure_pt - sum(need)
    widths = [n + spare * n / sum(need) for n in need]
    headers = tuple(
        _header_cell_lines(text, width - pad, table_pt)
        for text, width in zip(table.header, widths, strict=True)
    )
    return TableLayout(tuple(widths), headers, len(table.rows) <= KEEP_WHOLE_ROWS)


def _header_cell_lines(text: str, room_pt: float, size_pt: float) -> tuple[str, ...]:
    if text_em(text) * size_pt <= room_pt:
        return (text,)
    lines: list[str] = []
    for part in _header_parts(text):
        if lines and text_em(lines[-1] + part) * size_pt <= room_pt:
            lines[-1] += part
        else:
            lines.append(part)
    return tuple(lines)


# --- blanks, the signature block, the annex list ----------------------------------------------
DEFAULT_BLANK_EM = 6  # a blank whose size the template does not give
LINE_BLANK_MIN_EM = 8  # a whole-line blank keeps at least this much room on its line
# A blank shorter than this stays whole; a longer one may run on to the next line between
# single ems (so the line before it fills like any Chinese line, within one em), but keeps
# BLANK_PIECE_EM of rule at each end: never one em of rule alone at a line start or end.
BLANK_WHOLE_EM = 5
BLANK_PIECE_EM = 2
# The last line of a paragraph holds at least this many characters ("力。" alone is sent back):
# the writers glue the paragraph's last characters together (Typst, HTML; Word cannot). Not
# more: the longer the glued tail, the more a greedy engine spreads the line before it.
LAST_LINE_MIN = 3
# Never broken (issue 22, point 5): a date ("2027年3 / 月31日" was printed), a 文号's year with
# its number ("〔2024〕 / 1185号" on every first page), and any figure with the character that
# counts it ("1185 / 号）", "15 / 日", "2150 / 元"). Typst boxes a match, the HTML sets it in a
# nowrap span, the DOCX joins its characters with word joiners (formats/docx.py).
KEEP_WITH_FIGURES = re.compile(
    r"〔[0-9]{4}〕[0-9]+号"
    r"|[0-9]+(?:\.[0-9]+)?[号年月日元]"  # 2150.01元 whole, not 2150. + 01元
)
# A cover line (set ragged) keeps a closing parenthetical of up to this many characters whole:
# "（首席代表：郭长明，协商代表7人）" moves to the next line rather than break inside.
COVER_TAIL_MAX = 18
_COVER_TAIL = re.compile(r"（[^（）]*）$")


def blank_em(span: Span) -> float | None:
    """Room for a fill-in blank in body ems (a hand writes about one character per em at 四号);
    None for a blank that takes the rest of its line (`|size("line")`)."""
    if span.size >= LINE:
        return None
    return float(span.size or DEFAULT_BLANK_EM)


def blank_pieces(em: float, *, whole: bool = False) -> list[int]:
    """A blank of `em` as unbreakable lengths of rule: whole below BLANK_WHOLE_EM (or always,
    on a ragged line), else BLANK_PIECE_EM at each end and single ems between."""
    count = max(round(em), 2)
    if whole or count < BLANK_WHOLE_EM:
        return [count]
    return [BLANK_PIECE_EM, *[1] * (count - 2 * BLANK_PIECE_EM), BLANK_PIECE_EM]


def last_line_split(text: str, *, cover: bool = False) -> tuple[str, str] | None:
    """(head, tail) where `tail` is what the writers glue: the last LAST_LINE_MIN characters
    (never splitting a combining mark from its base), or on a cover line its closing
    parenthetical; None for text too short to need it."""
    if cover:
        tail = _COVER_TAIL.search(text)
        if tail and tail.start() > 0 and len(tail.group()) <= COVER_TAIL_MAX:
            return text[: tail.start()], tail.group()
    if len(text) < 2 * LAST_LINE_MIN:
        return None
    cut = len(text) - LAST_LINE_MIN
    while cut > 0 and unicodedata.combining(text[cut]):
        cut -= 1
    for unit in KEEP_WITH_FIGURES.finditer(text):  # never inside a date or a 文号
        if unit.start() < cut < unit.end():
            cut = unit.start()
    if cut <= 0:
        return None
    return text[:cut], text[cut:]


def is_seal_label(label: str) -> bool:
    """A signature line that asks for a seal (盖章) gets room for a 42 mm round seal."""
    return "盖章" in label


def fit_size(text: str, room_pt: float, size_pt: float = BODY_PT, least_pt: float = 9.0) -> float:
    """The largest size (half-point steps, at most `size_pt`) at which `text` fits `room_pt`
    on one line, so a party name is never broken; `least_pt` if even that does not fit."""
    width = text_em(text)
    if width == 0 or width * size_pt <= room_pt:
        return size_pt
    return max(least_pt, int(room_pt / width * 2) / 2)


SIGNATURE_GUTTER_PT = 28.0


def signature_column_pt(columns: tuple[SignatureColumn, ...]) -> float:
    count = max(len(columns), 1)
    return (MEASURE_PT - SIGNATURE_GUTTER_PT * (count - 1)) / count


_ANNEX_HEAD = re.compile(r"^(附件[：:])\s*")
_ANNEX_SPLIT = re.compile(r"(?<=[；;])\s*(?=\d+[.．、])")
_ANNEX_END = re.compile(r"[；;。，,.]+$")
_ANNEX_NUMBER = re.compile(r"^(\d+)[.．、]\s*")


def annex_items(paragraph: Paragraph) -> tuple[str, tuple[str, ...]] | None:
    """`附件：1. A；2. B` as ("附件：", ("1. A", "2. B")): GB/T 9704 7.3.5.3 sets each
    attachment on its own line, aligned under the first, without end punctuation. None for
    any other paragraph."""
    if any(span.blank for span in paragraph.spans):
        return None
    head = _ANNEX_HEAD.match(paragraph.text)
    if head is None:
        return None
    rest = paragraph.text[head.end() :]
    items = tuple(_ANNEX_END.sub("", item) for item in _ANNEX_SPLIT.split(rest) if item)
    return head.group(1), tuple(item for item in items if item)


def attachment_label(title: str, annexes: list[Annex]) -> str:
    """附件N for the attachment titled `title`: N is its number in the 附件 list that names it
    (GB/T 9704 7.3.5.3, 8.2: the label matches the 附件说明), "附件" for the one attachment of an
    unnumbered list, "" for an attachment no list names."""
    for annex in annexes:
        for item in annex.items:
            number = _ANNEX_NUMBER.match(item)
            if title and title in item:
                return f"附件{number.group(1)}" if number and len(annex.items) > 1 else "附件"
    return ""


@dataclass(frozen=True, slots=True)
class Annex:
    """The 附件 block: its head (附件：) and one line per attachment."""

    head: str
    items: tuple[str, ...]


def appendix_blocks(blocks: tuple[object, ...]) -> list[object]:
    """The appendices with the 附件 list gathered into one `Annex`, from either markup:
    one paragraph `附件：1. A；2. B`, or a paragraph `附件：` followed by `- 1. A` items."""
    out: list[object] = []
    for block in blocks:
        last = out[-1] if out else None
        if isinstance(block, Paragraph) and block.style == "item" and isinstance(last, Annex):
            out[-1] = Annex(last.head, (*last.items, _ANNEX_END.sub("", block.text)))
            continue
        annex = annex_items(block) if isinstance(block, Paragraph) else None
        out.append(Annex(*annex) if annex else block)
    return out
