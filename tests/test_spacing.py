"""Issue 13, point 7: letter-spaced lines are measured on the rendered page (formats/spacing.py).

Each case is a small page set by the real Typst engine with a spacing fixed in the source, so
the expected measurement is known here, not derived from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typst

from skillwage_docs.formats.pdf import font_dirs
from tests.pages.pagecheck import check_spacing
from tests.pages.spacing import LETTER_SPACED, letter_spaced, line_spreads

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast

PAGE = """#set page(width: 120mm, height: 80mm, margin: 10mm)
#set text(font: "Noto Serif CJK SC", lang: "zh", region: "cn", size: 14pt)
#set par(justify: true)
"""
LINE = "本合同依法生效后对本行业企业和技能人才具有约束力"


def render(tmp_path: Path, body: str) -> Path:
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(typst.compile((PAGE + body).encode("utf-8"), font_paths=font_dirs()))
    return pdf


def test_a_line_set_solid_measures_no_spacing(tmp_path: Path) -> None:
    pdf = render(tmp_path, LINE[:16])
    [spread] = list(line_spreads(pdf))
    assert spread.text == LINE[:16]
    assert spread.added == pytest.approx(0.0, abs=0.005)
    assert check_spacing(pdf) == []


@pytest.mark.parametrize(("tracking", "reported"), [(0.05, False), (0.2, True), (0.5, True)])
def test_tracking_is_measured_in_ems(tmp_path: Path, tracking: float, reported: bool) -> None:
    pdf = render(tmp_path, f"#text(tracking: {tracking}em)[{LINE[:12]}]")
    [spread] = list(line_spreads(pdf))
    assert spread.added == pytest.approx(tracking, abs=0.01)
    assert bool(letter_spaced(pdf)) is reported


def test_the_limit_is_a_twentieth_of_an_em() -> None:
    """Issue 22: with punctuation compressed, a line needs almost no added space."""
    assert LETTER_SPACED == 0.05


def test_a_line_forced_open_by_a_wenhao_is_not_reported(tmp_path: Path) -> None:
    """A 文号 never breaks: where it does not fit the end of a line, the line before it is
    spread, and the check names the unit instead of reporting the line."""
    body = f"{LINE[:14]}#linebreak(justify: true)#box[〔2024〕1185号]{LINE[14:]}"
    pdf = render(tmp_path, body)
    [first, *_] = list(line_spreads(pdf))
    assert first.added > LETTER_SPACED and first.forced == "〔2024〕1185号"
    assert letter_spaced(pdf) == []


def test_a_short_line_forced_to_the_full_measure_is_reported(tmp_path: Path) -> None:
    """What LibreOffice did before 〔2024〕1185号: a justified line of few characters."""
    pdf = render(tmp_path, f"{LINE[:14]}#linebreak(justify: true){LINE[14:]}")
    findings = check_spacing(pdf)
    assert len(findings) == 1
    assert findings[0].startswith("第1页：字距拉开 ")
    assert f"“{LINE[:14]}”" in findings[0]


def test_a_blank_or_a_wide_space_is_not_spacing(tmp_path: Path) -> None:
    """A fill-in rule of 6 em and an ideographic space after 第X条 are gaps in the line, not
    letter-spacing: the median gap between the characters stays zero."""
    rule = "#box(width: 6em, stroke: (bottom: 0.5pt))"
    pdf = render(tmp_path, f"第一条#h(1em)本合同适用于{rule}行业企业")
    [spread] = list(line_spreads(pdf))
    assert spread.added == pytest.approx(0.0, abs=0.005)
