"""The 重点联系点情况表 laid out once for both files: column widths from the cells' words and
the room left over, every line broken here, the body size that costs no extra page, and the
faces and heading both writers print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ...base.figures import cn_date
from .rows import COLUMNS, Column, LiaisonTable
from .words import Cell, em, wrap_cell

__all__ = [
    "BODY_FONT",
    "CELL_MARGIN_MM",
    "FIXED",
    "HEAD_FONT",
    "LATIN_FONT",
    "PAGE_HEIGHT_MM",
    "PAGE_WIDTH_MM",
    "SIDE_MM",
    "TOP_MM",
    "Layout",
    "heading_lines",
    "layout",
]

FIXED = datetime(1980, 1, 1)  # document properties and zip entries: reproducible bytes
BODY_FONT = "宋体"
HEAD_FONT = "黑体"
LATIN_FONT = "Times New Roman"


_MM_PER_PT = 25.4 / 72
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, SIDE_MM = 297.0, 210.0, 12.0
CELL_MARGIN_MM = 0.8  # each side
_SIZES = (9.0, 8.5, 8.0)  # body sizes tried, largest first (小五 is 9 pt)
# Our measure is an estimate; keep lines a little short of the cell so no program re-breaks them.
_SAFETY = 1.03
TOP_MM = 18.0
_HEADING_MM = 45.0  # 附件2, title, example notice, addressees, reporter
_LINE_FACTOR = 1.3  # single spacing of a CJK face, in ems
_ROW_PADDING_MM = 1.0


@dataclass(frozen=True)
class Layout:
    """Column widths (mm) and every cell's lines, shared by the DOCX and the XLSX."""

    size: float
    widths_mm: tuple[float, ...]
    header: tuple[tuple[str, ...], ...]
    body: tuple[tuple[tuple[str, ...], ...], ...]

    def row_lines(self, index: int) -> int:
        return max(len(lines) for lines in self.body[index])


def _join_header(column: Column) -> Cell:
    return (column.header,)


def _allocate(grid: Sequence[Sequence[Cell]], size: float) -> list[float] | None:
    """Column widths in ems at `size`, or None when the unbreakable words alone do not fit.

    Every column starts at its widest word; then, while room is left, the widening (of one
    column, to any width it can still take) that saves most row height per em is made; lines
    saved in cells that do not set their row's height count a little, so two equally tall
    cells of a row are widened in turn."""
    n = len(COLUMNS)
    step = 0.5
    available = (PAGE_WIDTH_MM - 2 * SIDE_MM - n * 2 * CELL_MARGIN_MM) / (size * _MM_PER_PT)
    minimum = [
        max(em(word) for row in grid for line in row[i] for word in line or ("",)) * _SAFETY
        for i in range(n)
    ]
    natural = [
        max(max(em("".join(line)) for row in grid for line in row[i]) * _SAFETY, minimum[i])
        for i in range(n)
    ]
    if sum(minimum) > available:
        return None
    memo: dict[tuple[int, int, float], int] = {}

    def count(r: int, i: int, width: float) -> int:
        key = (r, i, width)
        if key not in memo:
            memo[key] = len(wrap_cell(grid[r][i], width / _SAFETY))
        return memo[key]

    rows = range(len(grid))
    widths = list(minimum)
    while True:
        spare = available - sum(widths)
        current = [[count(r, i, widths[i]) for i in range(n)] for r in rows]
        best: tuple[float, int, float] | None = None
        for i in range(n):
            others = [max(current[r][:i] + current[r][i + 1 :], default=0) for r in rows]
            width = widths[i]
            while width < natural[i] and width + step - widths[i] <= spare:
                width = min(width + step, natural[i])
                saved_height = sum(
                    max(others[r], current[r][i]) - max(others[r], count(r, i, width)) for r in rows
                )
                saved_lines = sum(current[r][i] - count(r, i, width) for r in rows)
                if saved_lines > 0:
                    rate = (saved_height + 0.01 * saved_lines) / (width - widths[i])
                    if best is None or rate > best[0]:
                        best = (rate, i, width)
        if best is None:
            return widths
        widths[best[1]] = best[2]


def layout(table: LiaisonTable) -> Layout:
    """Column widths from content, and every line broken here (see `_allocate`), at the
    largest body size that costs no extra page."""
    body = [[cells[c.key] for c in COLUMNS] for cells in (row.cells() for row in table.rows)]
    headers = [_join_header(c) for c in COLUMNS]
    grid = [headers, *body]
    n = len(COLUMNS)
    options: list[tuple[float, list[float]]] = []
    for size in _SIZES:
        widths = _allocate(grid, size)
        if widths is not None:
            options.append((size, widths))
    if not options:  # even the smallest size cannot hold every word whole: share by need
        size = _SIZES[-1]
        available = (PAGE_WIDTH_MM - 2 * SIDE_MM - n * 2 * CELL_MARGIN_MM) / (size * _MM_PER_PT)
        need = [
            max(em(w) for row in grid for line in row[i] for w in line or ("",)) for i in range(n)
        ]
        options.append((size, [available * w / sum(need) for w in need]))

    def pages(size: float, widths: list[float]) -> int:
        """Pages the table takes at `size`: its rows' lines at single spacing, the header row
        repeated, the heading block on the first page."""
        line_mm = size * _LINE_FACTOR * _MM_PER_PT
        head = max(len(wrap_cell(headers[i], widths[i] / _SAFETY)) for i in range(n))
        room = PAGE_HEIGHT_MM - 2 * TOP_MM - _HEADING_MM - head * line_mm
        count = 1
        for row in body:
            tall = max(len(wrap_cell(row[i], widths[i] / _SAFETY)) for i in range(n)) * line_mm
            if tall + _ROW_PADDING_MM > room:
                count += 1
                room = PAGE_HEIGHT_MM - 2 * TOP_MM - head * line_mm
            room -= tall + _ROW_PADDING_MM
        return count

    # The largest type that costs no extra page.
    fewest = min(pages(*option) for option in options)
    size, widths = next(option for option in options if pages(*option) == fewest)
    available = (PAGE_WIDTH_MM - 2 * SIDE_MM - n * 2 * CELL_MARGIN_MM) / (size * _MM_PER_PT)
    spare = available - sum(widths)
    if spare > 0:  # fill the measure: the rest goes to the running-text columns
        wide = [i for i, c in enumerate(COLUMNS) if c.left]
        total = sum(widths[i] for i in wide)
        for i in wide:
            widths[i] += spare * widths[i] / total
    em_mm = size * _MM_PER_PT
    return Layout(
        size=size,
        widths_mm=tuple(round(w * em_mm + 2 * CELL_MARGIN_MM, 2) for w in widths),
        header=tuple(tuple(wrap_cell(headers[i], widths[i] / _SAFETY)) for i in range(n)),
        body=tuple(
            tuple(tuple(wrap_cell(row[i], widths[i] / _SAFETY)) for i in range(n)) for row in body
        ),
    )


def heading_lines(table: LiaisonTable) -> tuple[str, str]:
    return (
        f"报送：{'、'.join(table.report_to)}",
        f"填报单位（盖章）：{table.reporter}　　地区：{table.region_name}　　"
        f"填报日期：{cn_date(table.on)}",
    )
