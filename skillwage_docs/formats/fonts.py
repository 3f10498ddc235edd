"""The font faces in the folders the PDF writer loads: what doctor checks and the chart draws with."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FANGSONG_DIR",
    "FONT_PACKAGES",
    "Face",
    "cmap",
    "code_points",
    "font_dirs",
    "font_faces",
    "nearest",
    "opened",
]

# Debian's static OTF/TTC CJK fonts (variable CJK fonts give tofu in Typst, typst #5277),
# the 楷体 of the 填写说明, the 仿宋 of the 公文 (FandolFang: Debian packages it only inside
# texlive-lang-chinese, which `make setup` installs without its recommends) and the
# Times-metric Latin face: templates/README.md, 字体.
FONT_PACKAGES = ("fonts-noto-cjk", "fonts-lxgw-wenkai", "fonts-liberation2", "texlive-lang-chinese")
FANGSONG_DIR = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/lxgw-wenkai",
    FANGSONG_DIR,
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/dejavu",  # last resort for names in other scripts
    "/usr/local/share/fonts",
)


def font_dirs() -> list[str]:
    """Folders holding the CJK fonts; `SKILLWAGE_FONT_DIRS` (os.pathsep-separated) overrides."""
    configured = os.environ.get("SKILLWAGE_FONT_DIRS")
    if configured:
        return [d for d in configured.split(os.pathsep) if d]
    return [d for d in _FONT_CANDIDATES if Path(d).is_dir()]


_FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


@dataclass(frozen=True)
class Face:
    path: Path
    index: int  # within a collection (.ttc)
    family: str
    weight: int
    italic: bool
    # The legacy family name (name ID 1) where it differs: Typst names a face by it when its
    # style suffix is not one it knows ("FandolFang R", the typographic family "FandolFang").
    legacy_family: str = ""

    def named(self, family: str) -> bool:
        """Whether `family` (as Typst and the layouts name it) is this face's family."""
        return family in (self.family, self.legacy_family)

    @property
    def file(self) -> str:
        return self.path.name


@contextmanager
def opened(path: Path) -> Iterator[list[Any]]:
    """The faces of a font file (a collection's, or a single font's), closed afterwards."""
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    if path.suffix.lower() in {".ttc", ".otc"}:
        with TTCollection(str(path), lazy=True) as collection:
            yield list(collection.fonts)
    else:
        with TTFont(str(path), lazy=True) as font:
            yield [font]


def font_faces(dirs: Sequence[str]) -> list[Face]:
    """Every face in the folders the PDF writer loads (recursively, as Typst does)."""
    from fontTools.ttLib import TTLibError

    faces: list[Face] = []
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() not in _FONT_SUFFIXES or not path.is_file():
                continue
            try:
                with opened(path) as fonts:
                    for index, font in enumerate(fonts):
                        names = font["name"]
                        family = names.getDebugName(16) or names.getDebugName(1) or ""
                        os2 = font.get("OS/2")
                        weight = os2.usWeightClass if os2 is not None else 400
                        italic = bool(os2.fsSelection & 1) if os2 is not None else False
                        legacy = names.getDebugName(1) or ""
                        faces.append(
                            Face(path, index, family, weight, italic, legacy_family=legacy)
                        )
            except (TTLibError, OSError, KeyError, AssertionError, struct.error):
                continue  # not a font we can read; Typst skips it too
    return faces


def cmap(face: Face) -> set[int]:
    return set(code_points(str(face.path), face.index))


# Unicode cmap subtables (platform, encoding) in the order fontTools' getBestCmap prefers them.
_PREFERRED = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def code_points(path: str, index: int = 0) -> frozenset[int]:
    """The code points a face maps to a glyph, read from the raw `cmap` table.

    fontTools' `getBestCmap` also names every glyph (for a CFF face it parses the whole
    charset): 0.2 s a face, 14 s for Debian's 70 CJK and Latin faces, paid by every process
    that creates a PDF writer. Only the code points matter here, and formats 4 and 12 give
    them directly (a few ms a face). A face with no subtable of those formats falls back to
    fontTools."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        data = font.reader["cmap"]
        covered: set[int] = set()
        (count,) = struct.unpack_from(">H", data, 2)
        records = {
            (platform, encoding): offset
            for platform, encoding, offset in (
                struct.unpack_from(">HHI", data, 4 + 8 * n) for n in range(count)
            )
        }
        # The subtable fontTools' getBestCmap would choose, read alone.
        best = next((records[key] for key in _PREFERRED if key in records), None)
        if best is None or not _subtable(data, best, covered):
            covered.update(font.getBestCmap() or {})
    return frozenset(covered)


def _subtable(data: bytes, offset: int, covered: set[int]) -> bool:
    """Add a format 4, 6 or 12 subtable's mapped code points (glyph 0 is .notdef, unmapped)."""
    (form,) = struct.unpack_from(">H", data, offset)
    if form == 4:
        segments = struct.unpack_from(">H", data, offset + 6)[0] // 2
        ends = offset + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        ranges = deltas + 2 * segments
        for i in range(segments):
            end = struct.unpack_from(">H", data, ends + 2 * i)[0]
            start = struct.unpack_from(">H", data, starts + 2 * i)[0]
            delta = struct.unpack_from(">h", data, deltas + 2 * i)[0]
            range_offset = struct.unpack_from(">H", data, ranges + 2 * i)[0]
            last = min(end, 0xFFFE)
            if range_offset == 0:  # glyph = char + delta: only the char mapping to 0 is unmapped
                unmapped = (-delta) & 0xFFFF
                if start <= unmapped <= last:
                    covered.update(range(start, unmapped), range(unmapped + 1, last + 1))
                else:
                    covered.update(range(start, last + 1))
                continue
            for char in range(start, last + 1):
                at = ranges + 2 * i + range_offset + 2 * (char - start)
                glyph = struct.unpack_from(">H", data, at)[0] if at + 2 <= len(data) else 0
                if glyph and (glyph + delta) & 0xFFFF:
                    covered.add(char)
        return True
    if form == 6:
        first, entries = struct.unpack_from(">HH", data, offset + 6)
        glyphs = struct.unpack_from(f">{entries}H", data, offset + 10)
        covered.update(first + i for i, glyph in enumerate(glyphs) if glyph)
        return True
    if form == 12:
        (groups,) = struct.unpack_from(">I", data, offset + 12)
        for i in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, offset + 16 + 12 * i)
            covered.update(range(start + (glyph == 0), end + 1))
        return True
    return False


def nearest(faces: Iterable[Face], weight: int) -> Face | None:
    """The upright face closest to `weight` (400 regular, 700 bold), as Typst picks one."""
    upright = [face for face in faces if not face.italic] or list(faces)
    return min(upright, key=lambda face: (abs(face.weight - weight), face.weight), default=None)
