"""`skillwage-docs doctor` (issue 15 point 4): what this machine has, what is missing, exit codes.

Missing things are simulated, never uninstalled: a font folder of test fonts lacking one glyph
(SKILLWAGE_FONT_DIRS), a PATH without one tool, a library lookup that finds nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from skillwage_docs.app import doctor
from skillwage_docs.app.cli import main
from skillwage_docs.base.lock import build_lock

from .conftest import CONTEXTS, ROOT

CHECKS = [
    "合同数据",
    "DOCX",
    "HTML",
    "Typst",
    "字体字形",
    "poppler",
    "WeasyPrint",
    "LibreOffice",
    "Chromium",
    "生成锁",
]
# A character the test agreement uses and the test fonts leave out.
ABSENT = "煤"
PROBE = """\
kind: 行业性
industry: 洗煤业
scope: 阳泉市行政区域内的洗煤企业。
term: {start: 2025-07-01, end: 2027-06-30}
signing_date: 2025-06-20
worker_party: {name: 阳泉市洗煤业工会联合会, chief_representative: 王建国, representatives: 5}
employer_party: {name: 阳泉市洗煤业企业协会, chief_representative: 李振华, representatives: 5}
skill_levels:
  - {level: 初级工, monthly: 2400, hourly: 25}
  - {level: 中级工, monthly: 2650, hourly: 28}
"""
# Everything a Chinese contract can print: Latin, punctuation, symbols, CJK and fullwidth forms.
COVERED = (
    (0x20, 0x24F),
    (0x2000, 0x2BFF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE6F),
    (0xFF00, 0xFFEF),
)


def _font(path: Path, family: str, weight: int) -> None:
    """A font named like the one the PDF layout asks for, covering COVERED except ABSENT."""
    codes = [cp for low, high in COVERED for cp in range(low, high + 1) if chr(cp) != ABSENT]
    names = [".notdef", *(f"u{cp:04X}" for cp in codes)]
    style = "Bold" if weight == 700 else "Regular"
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({cp: f"u{cp:04X}" for cp in codes})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf(dict.fromkeys(names, empty))
    builder.setupHorizontalMetrics(dict.fromkeys(names, (1000, 0)))
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable(
        {
            "familyName": family,
            "styleName": style,
            "uniqueFontIdentifier": f"{family} {style}",
            "fullName": f"{family} {style}",
            "psName": f"{family.replace(' ', '')}-{style}",
        }
    )
    builder.setupOS2(usWeightClass=weight, sTypoAscender=880, sTypoDescender=-120)
    builder.setupPost()
    builder.save(str(path))


@pytest.fixture(scope="module")
def gap_fonts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fonts")
    # every family the PDF layout requires, regular only (Typst emboldens), each lacking ABSENT
    for family in ("Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai", "FandolFang R"):
        _font(folder / f"{family.replace(' ', '')}.ttf", family, 400)
    for family in ("Liberation Serif", "Liberation Sans"):
        _font(folder / f"{family.replace(' ', '')}.ttf", family, 400)
    return folder


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """contexts/ with the real minimum wages and 阳泉 region file, and one agreement (PROBE)."""
    contexts = tmp_path / "contexts"
    shutil.copytree(CONTEXTS / "minimum_wages", contexts / "minimum_wages")
    (contexts / "yangquan").mkdir()
    shutil.copy(CONTEXTS / "yangquan" / "region.yaml", contexts / "yangquan")
    (contexts / "yangquan" / "probe.yaml").write_text(PROBE, encoding="utf-8")
    return contexts


def _doctor(
    capsys: pytest.CaptureFixture[str], contexts: Path, out: Path, *args: str
) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["--contexts", str(contexts), "doctor", "--out", str(out), *args])
        sys.exit(0)
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().out


def _line(out: str, name: str) -> str:
    """The plain-text line of one check: `正常 名称［用途］：详情`."""
    return next(line for line in out.splitlines() if re.match(rf"\S+ {re.escape(name)}［", line))


def _path_without(tool: str, folder: Path) -> str:
    """A PATH holding every program of the current one except `tool` (links in one folder)."""
    folder.mkdir()
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not directory or not Path(directory).is_dir():
            continue
        for program in Path(directory).iterdir():
            link = folder / program.name
            if program.name != tool and not link.exists() and os.access(program, os.X_OK):
                link.symlink_to(program)
    return str(folder)


def test_doctor_passes_on_this_machine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the project's own pyproject.toml and contexts/
    code, out = _doctor(capsys, CONTEXTS, tmp_path / "build")
    assert code == 0, out
    for name in ("合同数据", "DOCX", "HTML", "Typst", "字体字形", "poppler"):
        assert _line(out, name).startswith("正常 "), _line(out, name)
    assert "含合同文本用到的全部" in _line(out, "字体字形")
    assert out.splitlines()[-1].startswith("结论：默认输出（DOCX、HTML、PDF/Typst）都能生成")
    if os.environ.get("CI") == "true":  # CI installs every optional tool too
        assert all(line.startswith("正常 ") for line in out.splitlines()[: len(CHECKS)]), out


def test_doctor_names_the_glyph_the_pdf_fonts_lack(
    capsys: pytest.CaptureFixture[str],
    private: Path,
    gap_fonts: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SKILLWAGE_FONT_DIRS", str(gap_fonts))
    code, out = _doctor(capsys, private, tmp_path / "build")
    assert code == 1
    fonts = _line(out, "字体字形")
    assert fonts.startswith("错误 ")
    assert f"缺少字形：{ABSENT}（U+7164，见 yangquan/probe）（字体目录：{gap_fonts}" in fonts
    # Exactly that: the PDF writer refuses the text (it checks glyphs itself, since Typst draws
    # a missing glyph silently), and every other default output is fine.
    errors = [line for line in out.splitlines() if line.startswith("错误 ")]
    assert errors == [_line(out, "Typst"), fonts]
    assert f"PDF 字体无法排印“{ABSENT}”" in _line(out, "Typst")
    assert "apt-get install -y --no-install-recommends fonts-noto-cjk" in out
    assert out.splitlines()[-1] == "结论：默认输出（DOCX、HTML、PDF/Typst）不能全部生成：2 项错误"


def test_doctor_reports_missing_fonts_as_an_error(
    capsys: pytest.CaptureFixture[str],
    private: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv("SKILLWAGE_FONT_DIRS", str(empty))
    code, out = _doctor(capsys, private, tmp_path / "build")
    assert code == 1
    assert "缺少字体 Noto Sans CJK SC；缺少字体 Noto Serif CJK SC" in _line(out, "字体字形")
    assert _line(out, "Typst").startswith("错误 ")


def test_a_missing_optional_tool_warns_and_exits_0(
    capsys: pytest.CaptureFixture[str],
    private: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed: nothing to take away")
    monkeypatch.setenv("PATH", _path_without("pdffonts", tmp_path / "bin"))
    code, out = _doctor(capsys, private, tmp_path / "build")
    assert code == 0, out
    poppler = _line(out, "poppler")
    assert poppler.startswith("警告 ") and "缺少 pdffonts：" in poppler
    assert re.search(
        r"^  (sudo )?apt-get install -y --no-install-recommends poppler-utils$", out, re.M
    ), out


def test_without_poppler_pdfs_are_still_read_back(
    capsys: pytest.CaptureFixture[str],
    private: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The build reads PDFs back with PDFium in process: poppler is for proofs and tests only.
    monkeypatch.setenv("PATH", _path_without("pdftotext", tmp_path / "bin"))
    code, out = _doctor(capsys, private, tmp_path / "build")
    assert code == 0, out
    poppler = _line(out, "poppler")
    assert poppler.startswith("警告 ") and "缺少 pdftotext" in poppler
    assert "读回核对不受影响" in poppler


def test_a_missing_weasyprint_library_is_a_warning(
    capsys: pytest.CaptureFixture[str],
    private: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = doctor.ctypes.util.find_library

    def find_library(name: str) -> str | None:
        return None if name == "harfbuzz-subset" else real(name)

    monkeypatch.setattr(doctor.ctypes.util, "find_library", find_library)
    code, out = _doctor(capsys, private, tmp_path / "build")
    assert code == 0, out
    line = _line(out, "WeasyPrint")
    assert line.startswith("警告 ") and "缺少 HarfBuzz 子集库" in line
    assert "libharfbuzz-subset0" in out.split("安装缺少的软件：", 1)[1]


def test_a_held_build_lock_is_named_with_its_holder(
    capsys: pytest.CaptureFixture[str], private: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "build"
    with build_lock(out_dir):
        code, out = _doctor(capsys, private, out_dir)
    assert code == 0
    line = _line(out, "生成锁")
    assert line.startswith("警告 ") and f"进程 {os.getpid()}@" in line
    code, out = _doctor(capsys, private, out_dir)
    assert _line(out, "生成锁").startswith("正常 ") and "空闲" in _line(out, "生成锁")


def test_a_missing_contexts_folder_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out = _doctor(capsys, tmp_path / "nowhere", tmp_path / "build")
    assert code == 1
    line = _line(out, "合同数据")
    assert line.startswith("错误 ") and "找不到 contexts 目录" in line and "--contexts" in line


def test_json_lists_every_check(
    capsys: pytest.CaptureFixture[str], private: Path, tmp_path: Path
) -> None:
    code, out = _doctor(capsys, private, tmp_path / "build", "--format", "json")
    data = json.loads(out)
    assert [check["name"] for check in data["checks"]] == CHECKS
    assert data["ok"] is (code == 0)
    assert all(check["status"] in ("ok", "warning", "error") for check in data["checks"])


def test_every_package_doctor_names_is_one_the_makefile_installs() -> None:
    from skillwage_docs.formats.pdf import FONT_PACKAGES

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = set()
    for variable in ("SYSTEM_PACKAGES", "TEST_PACKAGES"):
        match = re.search(rf"^{variable} \?= (.+)$", makefile, re.M)
        assert match, variable
        listed |= set(match.group(1).split())
    named = {package for packages in doctor.PACKAGES.values() for package in packages}
    assert named | set(FONT_PACKAGES) <= listed, (named | set(FONT_PACKAGES)) - listed
