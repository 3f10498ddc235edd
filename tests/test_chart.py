"""The negotiation brief's chart (issue 14 point 3): the schedule against the minimum and the
market low end, in Noto Sans CJK SC, as reproducible SVG and 300 dpi PNG."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from skillwage_docs.base.errors import InputError, RenderError
from skillwage_docs.formats.chart import Chart, chart_font, schedule_chart

from .conftest import ROOT

SCHEDULE = [
    ("初级工", Decimal(2400)),
    ("中级工", Decimal(2650)),
    ("高级工", Decimal(2950)),
    ("技师", Decimal(3400)),
    ("高级技师", Decimal(3900)),
]
MINIMUM = Decimal(2150)
MARKET = {"初级工": Decimal(2500), "技师": Decimal(3300), "焊工": Decimal(3100)}
BAR = (0x7F, 0x9F, 0xC4)  # the bars' fill
RED = (0xB2, 0x22, 0x22)  # the minimum's line


@pytest.fixture(scope="module")
def chart() -> Chart:
    return schedule_chart(SCHEDULE, MINIMUM, market_low=MARKET)


def test_same_input_same_bytes(chart: Chart) -> None:
    again = schedule_chart(SCHEDULE, MINIMUM, market_low=MARKET)
    assert again.svg == chart.svg and again.png == chart.png


def test_same_bytes_in_another_process(chart: Chart, tmp_path: Path) -> None:
    """No clock, no random ids, no process-dependent hashing in either format."""
    script = """
import sys
from decimal import Decimal as D
from skillwage_docs.formats.chart import schedule_chart
chart = schedule_chart(
    [("初级工", D(2400)), ("中级工", D(2650)), ("高级工", D(2950)), ("技师", D(3400)),
     ("高级技师", D(3900))],
    D(2150),
    market_low={"初级工": D(2500), "技师": D(3300), "焊工": D(3100)},
)
open(sys.argv[1], "wb").write(chart.svg)
open(sys.argv[2], "wb").write(chart.png)
"""
    svg, png = tmp_path / "c.svg", tmp_path / "c.png"
    done = subprocess.run(
        [sys.executable, "-c", script, str(svg), str(png)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert done.returncode == 0, done.stderr
    assert svg.read_bytes() == chart.svg
    assert png.read_bytes() == chart.png


def test_svg_carries_no_date_and_text_as_outlines(chart: Chart) -> None:
    text = chart.svg.decode("utf-8")
    assert "<dc:date>" not in text
    assert "<text" not in text  # glyphs drawn as paths: no font needed where it is shown


def _pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], slack: int = 12) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel, colour, strict=False))


def test_png_is_300_dpi_a4_column_wide(chart: Chart) -> None:
    image = Image.open(io.BytesIO(chart.png))
    # 160 mm × 90 mm at 300 dpi
    assert abs(image.size[0] - 1890) <= 2 and abs(image.size[1] - 1063) <= 2
    assert round(image.info["dpi"][0]) == 300


def test_png_draws_the_bars_and_the_minimum_to_scale(chart: Chart) -> None:
    """Five bars of the fill colour whose heights stand as the figures do, and the red minimum
    line at 2150/2400 of the first bar's height: the picture says what the numbers say."""
    image = _pixels(chart.png)
    width, height = image.size
    probe = height - 1
    # A row a little above the axis: find it as the lowest row crossing five bar runs.
    runs: list[tuple[int, int]] = []
    while probe > height // 2:
        runs, start = [], None
        for x in range(width):
            inside = _near(image.getpixel((x, probe)), BAR)  # type: ignore[arg-type]
            if inside and start is None:
                start = x
            elif not inside and start is not None:
                runs.append((start, x))
                start = None
        if len(runs) == 5 and all(b - a > 50 for a, b in runs):
            break
        probe -= 1
    assert len(runs) == 5, "five bars"
    tops = []
    for a, b in runs:
        x = (a + b) // 2
        y = probe
        # up to the outline where the bar ends (a dashed reference line crossing the bar has
        # the bar's fill above it; the top edge has none)
        while y > 8 and not (
            _near(image.getpixel((x, y - 1)), (0x3D, 0x5F, 0x87), 40)  # type: ignore[arg-type]
            and not _near(image.getpixel((x, y - 8)), BAR)  # type: ignore[arg-type]
        ):
            y -= 1
        tops.append(y)
    base = probe
    heights = [base - top for top in tops]
    figures = [float(amount) for _, amount in SCHEDULE]
    for measured, figure in zip(heights, figures, strict=True):
        # the bars start at zero below `base`; compare ratios to the tallest
        assert abs(measured / heights[-1] - figure / figures[-1]) < 0.03, (heights, figures)
    # The minimum line crosses the gap between the first two bars.
    x = (runs[0][1] + runs[1][0]) // 2
    red = [y for y in range(height) if _near(image.getpixel((x, y)), RED, 40)]  # type: ignore[arg-type]
    assert red, "the minimum line is drawn"
    line = sum(red) / len(red)
    # bar 1 (2400) top sits at heights[0] above `base`; the line at 2150 of that scale
    assert abs((base - line) / heights[0] - float(MINIMUM) / figures[0]) < 0.03


def test_missing_font_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLWAGE_FONT_DIRS", str(tmp_path))
    with pytest.raises(RenderError) as caught:
        schedule_chart(SCHEDULE, MINIMUM)
    assert caught.value.message.startswith(
        f"图表所需字体缺失：Noto Sans CJK SC（查找目录：{tmp_path}）"
    )
    assert "fonts-noto-cjk" in caught.value.message
    assert caught.value.exit_code == 3  # an engine failure (README, exit codes)


def test_font_is_the_simplified_chinese_face() -> None:
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]

    path, index = chart_font()
    with TTCollection(path, lazy=True) as collection:
        font = collection.fonts[index]
        assert font["name"].getDebugName(1) == "Noto Sans CJK SC"
        assert font["OS/2"].usWeightClass == 400


@pytest.mark.parametrize(
    ("schedule", "minimum", "message"),
    [
        ([], MINIMUM, "图表：没有要画的标准"),
        ([("初级工", Decimal(0))], MINIMUM, "图表：初级工 的金额须大于 0（实际为 0）"),
        ([("初级工", Decimal(1)), ("初级工", Decimal(2))], MINIMUM, "图表：等级或工种名称重复"),
    ],
)
def test_bad_values_are_refused(
    schedule: list[tuple[str, Decimal]], minimum: Decimal, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        schedule_chart(schedule, minimum)
    assert caught.value.message == message


def test_matplotlib_stays_out_of_the_cli_and_render_path() -> None:
    code = (
        "import sys, skillwage_docs.app.cli, skillwage_docs.pipeline.build, skillwage_docs.formats.chart\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
