"""Font coverage read from the raw cmap (issue 24 point 9): the same code points fontTools
names, without naming every glyph."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from skillwage_docs.formats.fonts import code_points, font_dirs, font_faces

# One face of each kind the PDF writer loads: a CFF collection (Noto CJK .ttc), a TrueType
# CJK face (LXGW WenKai) and a TrueType Latin face whose format 4 subtable maps a code point
# to glyph 0 through idDelta (Liberation: the case a shortcut once got wrong).
KINDS = ("Noto Serif CJK SC", "LXGW WenKai", "Liberation Serif")


@pytest.mark.parametrize("family", KINDS)
def test_code_points_are_those_fonttools_maps(family: str) -> None:
    faces = [face for face in font_faces(font_dirs()) if face.family == family]
    if not faces:
        pytest.skip(f"{family} not installed (make setup installs it)")
    face = faces[0]
    with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
        expected = set(font.getBestCmap())
    assert set(code_points(str(face.path), face.index)) == expected


def test_a_cjk_face_covers_the_contract_characters() -> None:
    faces = [face for face in font_faces(font_dirs()) if face.family == "Noto Serif CJK SC"]
    if not faces:
        pytest.skip("Noto Serif CJK SC not installed")
    covered = code_points(str(faces[0].path), faces[0].index)
    assert {ord(c) for c in "技能人才最低工资集体合同〔〕《》（），。"} <= covered
    assert 0x20000 not in covered  # 𠀀 (CJK Extension B) is not in Noto Serif CJK SC
    assert Path(faces[0].path).suffix == ".ttc"
