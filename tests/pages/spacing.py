"""Letter-spaced lines, measured on a rendered PDF (issues 13 and 22).

Justified Chinese text has no spaces to stretch, so an engine that cannot fill a line spreads
its characters apart. With punctuation compressed the CLREQ way (templates/README.md: 标点挤压)
a line needs almost no added space; what remains is spread by a unit the texts never break —
a date's figures with 年/月/日, a 文号's year with its number (〔2024〕1185号), a figure with
its unit, a character with the closing marks that may not start a line — which did not fit
the line's end. A line spread past `LETTER_SPACED` is a finding unless such a unit, opening
the next line, was wider than the room the line had left (`Spread.forced`).

Measured on each character's box (pdfminer.six: poppler's text output gives words, and cuts
or joins them differently per engine). Every engine here (Typst, LibreOffice, Chromium)
justifies Chinese by adding the same space after each character of a line, so the median gap
between two adjacent Chinese characters of a line is what the line was spread by; the odd
wider gap (an ideographic space after 第X条, a fill-in blank) or narrower one (a compressed
mark) does not move the median.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skillwage_docs.formats.layout import KEEP_WITH_FIGURES, LAST_LINE_MIN

__all__ = [
    "BROWSER_LETTER_SPACED",
    "LETTER_SPACED",
    "Spread",
    "leading_unit_em",
    "letter_spaced",
    "line_spreads",
]

# The most an engine may add between two characters of a line, in ems, unless an unbreakable
# unit forced it (above). Typst reaches it (CLREQ compression, optimal breaking, tracking
# limited by `justification-limits`); the greedy engines (LibreOffice, Chromium) reach it on
# every line that an unbreakable unit does not force.
LETTER_SPACED = 0.05
# Chromium's print reaches 0.05 em on nearly every line, but breaks greedily with no optimizer
# to spread a line's slack over the paragraph: up to 0.09 em measured on the contracts (16
# lines of four contracts over 0.05 em). Its limit is twice the others'.
BROWSER_LETTER_SPACED = 0.10
_MIN_GAPS = 4  # a line with fewer gaps between Chinese characters says too little
_BLANK = 1.0  # ems: no engine spreads a line this far; a gap this wide is a blank or a column
_OPENING = "（〔［《〈「『【“‘"
_CLOSING = "）〕］》〉」』】”’、，。；：？！…—"
_LATIN = re.compile(r"[0-9A-Za-z./%+-]+")
_FIT = 0.25  # ems of tolerance when comparing a unit with the room a line had left


@dataclass(frozen=True, slots=True)
class Spread:
    page: int  # 1-based
    text: str  # the line as printed
    added: float  # ems added between two characters (median over the line)
    forced: str = ""  # the unbreakable unit opening the next line that did not fit, if any


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


def leading_unit_em(line: list[Any]) -> tuple[str, float]:
    """The unit no engine breaks that opens a printed line — opening marks, then a date,
    文号, figure with its unit or Latin word (else one character), then the closing marks
    that may not start a line — and its width in ems of the line's first character."""
    boxes = [(c, ch) for c in line for ch in _text(c)]
    text = "".join(ch for _, ch in boxes)
    end = 0
    while end < len(text) and text[end] in _OPENING and not KEEP_WITH_FIGURES.match(text, end):
        end += 1
    match = KEEP_WITH_FIGURES.match(text, end) or _LATIN.match(text, end)
    end = match.end() if match else end + 1
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    end = min(end, len(boxes))
    if not end:
        return "", 0.0
    first, last = boxes[0][0], boxes[end - 1][0]
    return text[:end], (last.x1 - first.x0) / first.size


def _pages(pdf: Path) -> Iterator[tuple[int, list[list[Any]]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    # pdfminer warns about every CID font without a FontBBox (Typst's subsets): not our news.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    for number, page in enumerate(extract_pages(str(pdf), laparams=LAParams()), start=1):
        yield number, _lines([c for c in _chars(page) if _text(c)])


def line_spreads(pdf: Path) -> Iterator[Spread]:
    """How far each printed line of `pdf` was spread: the median gap between two adjacent
    Chinese characters of the same size, in ems of that size. A gap of `_BLANK` ems or more is
    a fill-in blank, a tab or a column, not spacing. `forced`: the unit opening the next line,
    when the room the line had left (its added space) could not hold it."""
    printed = [(number, line) for number, lines in _pages(pdf) for line in lines]
    for index, (number, line) in enumerate(printed):
        gaps = [
            gap
            for left, right in itertools.pairwise(line)
            if _wide(_text(left))
            and _wide(_text(right))
            and abs(left.size - right.size) < 0.5
            and (gap := (right.x0 - left.x1) / left.size) < _BLANK
        ]
        if len(gaps) < _MIN_GAPS:
            continue
        added = round(statistics.median(gaps), 3)
        forced = ""
        if index + 1 < len(printed):
            following = printed[index + 1][1]
            unit, width = leading_unit_em(following)
            if width > added * (len(line) - 1) - _FIT:
                forced = unit
            elif len(following) <= LAST_LINE_MIN:
                # A paragraph's last line holds at least LAST_LINE_MIN characters
                # (templates/README.md, short last lines): the line above gave it one.
                forced = "".join(_text(c) for c in following)
        yield Spread(number, "".join(_text(c) for c in line), added, forced)


def letter_spaced(pdf: Path, limit: float = LETTER_SPACED) -> list[Spread]:
    """Every line of `pdf` whose characters sit more than `limit` ems apart, but for a line
    that an unbreakable unit opening the next line forced open."""
    return [spread for spread in line_spreads(pdf) if spread.added > limit and not spread.forced]
