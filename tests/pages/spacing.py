"""Letter-spaced lines, measured on a rendered PDF (issue 13, point 7).

Justified Chinese text has no spaces to stretch, so an engine that cannot fill a line spreads
its characters apart. A little is unavoidable where figures (half an em each) or an unbreakable
unit (〔2024〕, （区）) leave a line short; past `LETTER_SPACED` a reader sees gaps between the
characters, which a typesetter sends back.

Measured on each character's box (pdfminer.six: poppler's text output gives words, and cuts
or joins them differently per engine). Every engine here (Typst, LibreOffice, Chromium)
justifies Chinese by adding the same space after each character of a line, so the median gap
between two adjacent Chinese characters of a line is what the line was spread by; the odd
wider gap (an ideographic space after 第X条, the space LibreOffice sets between Chinese and
figures, a fill-in blank) does not move the median.
"""

from __future__ import annotations

import itertools
import logging
import statistics
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LETTER_SPACED", "Spread", "letter_spaced", "line_spreads"]

# The most an engine may add between two characters of a line, in ems. The largest unit our
# texts never break is a 文号's year, 〔2024〕: four ems, four and a half where the engine sets
# a quarter em between Chinese and figures. An engine that breaks greedily (LibreOffice, Word,
# a browser) pushes it off a full line of 31 characters by spreading that line up to 4.5 em
# over 30 gaps: 0.15 em. Past that a line is spread by something else, and a reader sees it.
LETTER_SPACED = 0.15
_MIN_GAPS = 4  # a line with fewer gaps between Chinese characters says too little
_BLANK = 1.0  # ems: no engine spreads a line this far; a gap this wide is a blank or a column


@dataclass(frozen=True, slots=True)
class Spread:
    page: int  # 1-based
    text: str  # the line as printed
    added: float  # ems added between two characters (median over the line)


def _text(char: Any) -> str:
    """What a character box prints: its text without format characters (Typst maps a word
    joiner and the character after it to one glyph) and without spaces."""
    return "".join(c for c in char.get_text() if unicodedata.category(c) not in ("Cf", "Zs"))


def _wide(text: str) -> bool:
    return len(text) == 1 and unicodedata.east_asian_width(text) in "WF"


def _chars(layout: Any) -> Iterator[Any]:
    """Every LTChar under a pdfminer layout object, in the order the page lists them."""
    from pdfminer.layout import LTChar

    if isinstance(layout, LTChar):
        yield layout
        return
    for child in getattr(layout, "_objs", ()):
        yield from _chars(child)


def _lines(chars: list[Any]) -> list[list[Any]]:
    """Characters grouped into printed lines, left to right: boxes whose bottoms lie within
    0.4 of their size (a Latin face's figures sit 0.2 em lower than Chinese in Chromium's PDF;
    the next line is at least 1.2 sizes away)."""
    lines: list[list[Any]] = []
    for char in sorted(chars, key=lambda c: (-round(c.y0, 0), c.x0)):
        if lines and abs(lines[-1][0].y0 - char.y0) < 0.4 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def line_spreads(pdf: Path) -> Iterator[Spread]:
    """How far each printed line of `pdf` was spread: the median gap between two adjacent
    Chinese characters of the same size, in ems of that size. A gap of `_BLANK` ems or more is
    a fill-in blank, a tab or a column, not spacing."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    # pdfminer warns about every CID font without a FontBBox (Typst's subsets): not our news.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    for number, page in enumerate(extract_pages(str(pdf), laparams=LAParams()), start=1):
        for line in _lines([c for c in _chars(page) if _text(c)]):
            gaps = [
                gap
                for left, right in itertools.pairwise(line)
                if _wide(_text(left))
                and _wide(_text(right))
                and abs(left.size - right.size) < 0.5
                and (gap := (right.x0 - left.x1) / left.size) < _BLANK
            ]
            if len(gaps) >= _MIN_GAPS:
                text = "".join(_text(c) for c in line)
                yield Spread(number, text, round(statistics.median(gaps), 3))


def letter_spaced(pdf: Path, limit: float = LETTER_SPACED) -> list[Spread]:
    """Every line of `pdf` whose characters sit more than `limit` ems apart."""
    return [spread for spread in line_spreads(pdf) if spread.added > limit]
