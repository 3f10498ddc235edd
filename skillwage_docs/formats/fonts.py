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
    with opened(face.path) as fonts:
        return set((fonts[face.index].getBestCmap() or {}).keys())


def nearest(faces: Iterable[Face], weight: int) -> Face | None:
    """The upright face closest to `weight` (400 regular, 700 bold), as Typst picks one."""
    upright = [face for face in faces if not face.italic] or list(faces)
    return min(upright, key=lambda face: (abs(face.weight - weight), face.weight), default=None)
