"""Figures: the drawing behind a `Figure` block, shared by the three writers so the DOCX, the
PDF and the HTML show the same image (issue 14: the brief's chart).

A figure with data is drawn once per process and kept (three formats ask for it in a row); a
figure without data is the blank form's empty frame of the same size, drawn by each writer.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from functools import lru_cache

from ..base.errors import RenderError
from ..text.document import Figure
from .chart import HEIGHT_MM, WIDTH_MM, Chart, schedule_chart

__all__ = ["FIGURE_HEIGHT_MM", "FIGURE_WIDTH_MM", "figure_chart", "svg_data_uri"]

FIGURE_WIDTH_MM = WIDTH_MM
FIGURE_HEIGHT_MM = HEIGHT_MM


def figure_chart(figure: Figure) -> Chart | None:
    """The drawing of `figure` (SVG and PNG), or None for the blank form's empty frame."""
    if not figure.bars:
        return None
    return _draw(figure.key, figure.bars, figure.minimum, figure.market)


@lru_cache(maxsize=8)
def _draw(
    key: str,
    bars: tuple[tuple[str, str], ...],
    minimum: str,
    market: tuple[tuple[str, str], ...],
) -> Chart:
    if key != "schedule-chart":
        raise RenderError(f"未知的图：{key}（可用：schedule-chart）")
    if not minimum:
        raise RenderError("图 schedule-chart 缺少当地最低工资标准（@minimum）")
    return schedule_chart(
        [(label, Decimal(amount)) for label, amount in bars],
        Decimal(minimum),
        market_low={label: Decimal(amount) for label, amount in market} or None,
    )


def svg_data_uri(svg: str) -> str:
    """The SVG as a data: URI for an <img> (a page with no file beside it shows it)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
