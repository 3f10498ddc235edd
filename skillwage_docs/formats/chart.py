"""The negotiation brief's chart (协商参考资料, 人社厅发〔2024〕51号 三): the proposed schedule
as bars against the binding statutory minimum (a line) and, where known, the market wage price
level low end (工资指导价位低位数) as marks.

Inputs are plain values — labels and figures — not the agreement model, so any document can feed
it. Output is SVG (text drawn as outlines, so every viewer shows the same glyphs) and a 300 dpi
PNG of the same drawing, both byte-reproducible: same input, same bytes.

matplotlib is imported only when a chart is drawn: the contract render path and CLI start-up
never pay for it (about 0.8 s to import).
"""

from __future__ import annotations

import io
import json
import struct
import warnings
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from ..base.errors import InputError, RenderError
from ..base.figures import yuan
from ..text.environment import TEMPLATES

__all__ = ["CHART_FAMILY", "Chart", "chart_font", "schedule_chart"]

CHART_FAMILY = "Noto Sans CJK SC"  # the sans face of the PDF writer's Noto CJK pair
WIDTH_MM = 160  # an A4 text column: 210 mm less two 25 mm margins
HEIGHT_MM = 90
PNG_DPI = 300
MAX_BARS = 16  # beyond that a label gets under two characters a line: split the chart
MAX_REFERENCE_LINES = 6  # market low ends not tied to a bar, each a labelled line
_SALT = "skillwage-docs"  # svg.hashsalt: element ids without a random part
_MM = 1 / 25.4

# Colours that stay apart in greyscale print: dark line, mid bars, black marks.
_BAR = "#7f9fc4"
_BAR_EDGE = "#3d5f87"
_MINIMUM = "#b22222"
_MARKET = "#000000"
_REFERENCE = "#555555"
_DASHES = (
    (0, (4, 2)),
    (0, (1, 1.5)),
    (0, (6, 2, 1, 2)),
    (0, (2, 2)),
    (0, (8, 3)),
    (0, (3, 1, 1, 1)),
)


@dataclass(frozen=True)
class Chart:
    """The chart as SVG (text as outlines: HTML and PDF) and, when Word asks, as PNG."""

    svg: bytes

    @cached_property
    def png(self) -> bytes:
        """300 dpi, rasterized from the SVG by Typst (resvg): the same pixels as matplotlib's
        own PNG at a quarter of its time (0.08 s against 0.33 s a chart), and only for the
        DOCX that embeds it."""
        return _raster(self.svg)


@lru_cache(maxsize=1)
def _rasterizer() -> Any:
    import typst

    layout = TEMPLATES / "layouts" / "chart-png.typ"
    # The SVG's text is outlines: the page needs no font, so none is scanned.
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
    return typst.Compiler(str(layout), root=str(layout.parent), font_paths=fonts)


def _raster(svg: bytes) -> bytes:
    size = json.dumps({"width": WIDTH_MM, "height": HEIGHT_MM})
    png = _rasterizer().compile(
        format="png", ppi=float(PNG_DPI), sys_inputs={"svg": svg.decode("utf-8"), "size": size}
    )
    assert isinstance(png, bytes)
    return _with_resolution(png, PNG_DPI)


def _with_resolution(png: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying its resolution (Typst writes none), right after the
    header chunk, so a program that sizes a picture by its dpi prints it 160 mm wide."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    header_end = 8 + 8 + 13 + 4  # signature, IHDR length and type, IHDR data, CRC
    return png[:header_end] + chunk + png[header_end:]


@lru_cache(maxsize=4)
def _face(dirs: tuple[str, ...]) -> tuple[str, int]:
    from .fonts import FONT_PACKAGES, font_faces, nearest

    members = [face for face in font_faces(dirs) if face.family == CHART_FAMILY]
    regular = nearest(members, 400)
    if regular is None:  # an engine that cannot draw: exit 3, as the PDF writer's fonts
        raise RenderError(
            f"图表所需字体缺失：{CHART_FAMILY}（查找目录：{', '.join(dirs) or '无'}）。"
            f"请安装 Debian 软件包 {' '.join(FONT_PACKAGES)}（make contracts 会自动安装），"
            "或用 SKILLWAGE_FONT_DIRS 指定字体目录"
        )
    return str(regular.path), regular.index


def chart_font() -> tuple[str, int]:
    """(file, face index) of the regular Noto Sans CJK SC face the chart draws with,
    found where the PDF writer finds its fonts (`SKILLWAGE_FONT_DIRS` or the Debian folders);
    `RenderError` naming the package when they are missing — never a fallback that draws boxes."""
    from .fonts import font_dirs

    return _face(tuple(font_dirs()))


def _check(schedule: Sequence[tuple[str, Decimal]], minimum: Decimal) -> None:
    if not schedule:
        raise InputError("图表：没有要画的标准")
    if len(schedule) > MAX_BARS:
        raise InputError(f"图表：最多 {MAX_BARS} 个等级或工种（实际 {len(schedule)} 个）")
    labels = [label for label, _ in schedule]
    if len(set(labels)) != len(labels):
        raise InputError("图表：等级或工种名称重复")
    for label, amount in [*schedule, ("当地最低工资标准", minimum)]:
        if not amount > 0:
            raise InputError(f"图表：{label} 的金额须大于 0（实际为 {amount}）")


def schedule_chart(
    schedule: Sequence[tuple[str, Decimal]],
    minimum: Decimal,
    *,
    market_low: Mapping[str, Decimal] | None = None,
    minimum_label: str = "当地最低工资标准",
    market_label: str = "工资指导价位低位数",
) -> Chart:
    """Bars of `schedule` ((label, monthly yuan) low to high), the `minimum` as a line.

    `market_low`: a figure keyed by a bar's label is drawn as a mark on that bar; one keyed by
    another name (an occupation priced apart from the levels) as a labelled dashed line.
    """
    # long: the checks of the input, then matplotlib's settings and both saves in one rc_context
    _check(schedule, minimum)
    market = dict(market_low or {})
    labels = [label for label, _ in schedule]
    on_bars = {label: amount for label, amount in market.items() if label in labels}
    lines = [(label, amount) for label, amount in market.items() if label not in labels]
    if len(lines) > MAX_REFERENCE_LINES:
        raise InputError(
            f"图表：不对应等级的工资指导价位最多 {MAX_REFERENCE_LINES} 条（实际 {len(lines)} 条）"
        )
    for label, amount in market.items():
        if not amount > 0:
            raise InputError(f"图表：{label} 的{market_label}须大于 0（实际为 {amount}）")
    font = chart_font()

    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontPath, FontProperties

    settings: dict[Any, Any] = {  # rc_context's stub lists every key as a Literal
        "svg.hashsalt": _SALT,
        "svg.fonttype": "path",  # outlines: the SVG needs no font on the reader's machine
        "path.simplify": False,
        "axes.unicode_minus": False,
        "font.size": 8,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = FontProperties(fname=FontPath(*font), size=8)
        small = FontProperties(fname=FontPath(*font), size=7)
        figure = Figure(figsize=(WIDTH_MM * _MM, HEIGHT_MM * _MM), dpi=PNG_DPI)
        _draw(
            figure,
            schedule,
            minimum,
            on_bars,
            lines,
            minimum_label,
            market_label,
            text=text,
            small=small,
        )
        svg = io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": _SALT})
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    if missing:
        # The last-resort font would draw boxes: refuse the chart instead.
        raise RenderError(f"图表字体缺少字形：{'；'.join(dict.fromkeys(missing))}")
    return Chart(svg.getvalue())


_PLOT_WIDTH = 0.89  # of the figure's width
_LINE = 9.6 / (HEIGHT_MM / 25.4 * 72)  # one 8 pt label line (1.2 leading), of the height
_CHAR_MM = 8 / 72 * 25.4  # a CJK character at 8 pt


def _wrap(label: str, slot_mm: float) -> str:
    """A label cut into lines that fit under its bar: first at "·" (焊工·中级工), then by
    characters (a Latin letter or digit counts half)."""
    width = max(2.0, slot_mm * 0.9 / _CHAR_MM)
    lines: list[str] = []
    for part in label.split("·"):
        line, used = "", 0.0
        for char in part:
            size = 1.0 if ord(char) > 0x2E7F else 0.55
            if line and used + size > width:
                lines.append(line)
                line, used = "", 0.0
            line, used = line + char, used + size
        lines.append(line)
    return "\n".join(lines)


def _draw(
    figure: Any,
    schedule: Sequence[tuple[str, Decimal]],
    minimum: Decimal,
    on_bars: Mapping[str, Decimal],
    lines: Sequence[tuple[str, Decimal]],
    minimum_label: str,
    market_label: str,
    *,
    text: Any,
    small: Any,
) -> None:
    # long: one chart drawn top to bottom (axes, bars, the minimum, market marks, legend)
    from matplotlib.ticker import MaxNLocator

    # The legend sits above the plot, three entries a row; the plot takes what is left.
    entries = 2 + bool(on_bars) + len(lines)
    legend_rows = -(-entries // 3)
    top_margin = 0.02 + 0.055 * legend_rows + 0.06  # the legend, then the unit above the axis
    # Each label wrapped to its slot under the bar, the figure on the line below it.
    slot = _PLOT_WIDTH * WIDTH_MM / len(schedule)
    labels = [f"{_wrap(label, slot)}\n{yuan(amount)}" for label, amount in schedule]
    label_lines = max(label.count("\n") + 1 for label in labels)
    bottom = 0.03 + _LINE * label_lines
    axes = figure.add_axes((0.09, bottom, _PLOT_WIDTH, 1 - top_margin - bottom))
    positions = list(range(len(schedule)))
    values = [float(amount) for _, amount in schedule]
    axes.bar(
        positions,
        values,
        width=0.6,
        color=_BAR,
        edgecolor=_BAR_EDGE,
        linewidth=0.6,
        label="拟定标准",
        zorder=2,
    )
    axes.axhline(
        float(minimum),
        color=_MINIMUM,
        linewidth=1.2,
        zorder=3,
        label=f"{minimum_label} {yuan(minimum)} 元",
    )
    if on_bars:
        xs = [positions[[label for label, _ in schedule].index(label)] for label in on_bars]
        axes.scatter(
            xs,
            [float(a) for a in on_bars.values()],
            marker="D",
            s=12,
            color=_MARKET,
            zorder=5,
            label=market_label,
        )
    for index, (label, amount) in enumerate(lines):
        axes.axhline(
            float(amount),
            color=_REFERENCE,
            linewidth=0.8,
            zorder=3,
            linestyle=_DASHES[index % len(_DASHES)],
            label=f"{label}{market_label} {yuan(amount)} 元",
        )
    top = max(
        [
            *values,
            float(minimum),
            *(float(a) for a in on_bars.values()),
            *(float(a) for _, a in lines),
        ]
    )
    ceiling = top * 1.08  # bars start at zero, so their lengths compare honestly
    axes.set_ylim(0, ceiling)
    axes.set_xlim(-0.6, len(schedule) - 0.4)
    # Each figure under its label: nothing printed over the bars can collide with the marks.
    axes.set_xticks(positions, labels)
    for tick in axes.get_xticklabels():
        tick.set_fontproperties(text)
    # Fixed ticks: labels made now keep their font (a locator would make new ones at draw).
    steps = [
        t
        for t in MaxNLocator(nbins=6, steps=[1, 2, 5, 10]).tick_values(0, ceiling)
        if 0 <= t <= ceiling
    ]
    axes.set_yticks(steps, [f"{t:.0f}" for t in steps])
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(small)
    # The unit set upright above the axis: rotated Chinese reads sideways.
    axes.text(
        0, 1.02, "元/月", transform=axes.transAxes, ha="right", va="bottom", fontproperties=small
    )
    axes.yaxis.grid(True, color="#dddddd", linewidth=0.5, zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", length=0)
    # Bars first, then the minimum, then the market marks and lines (matplotlib would put
    # lines before bars).
    handles, names = axes.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda i: (names[i] != "拟定标准", i))
    figure.legend(
        [handles[i] for i in order],
        [names[i] for i in order],
        loc="upper left",
        bbox_to_anchor=(0.08, 0.995),
        prop=small,
        frameon=False,
        ncols=min(entries, 3),
        columnspacing=1.5,
        handlelength=2.2,
    )
