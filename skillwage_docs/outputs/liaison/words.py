"""The words of the 重点联系点情况表's cells that must not be broken (a name, a phone number, a
date, 阳泉市, 工会联合会) and their widths in ems: the units the layout breaks lines between,
the same in DOCX and XLSX, so neither program breaks a name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["Cell", "em", "org", "phrase", "prose", "wrap_cell"]

Cell = tuple[tuple[str, ...], ...]  # lines (designed breaks) of words (never broken)


# Organisation kinds that end a party's name; the part before them (the sector) is one word.
_ORG_SUFFIXES = (
    "工会联合会",
    "企业联合会",
    "企业家协会",
    "工商业联合会",
    "总工会",
    "联合会",
    "协会",
    "商会",
    "联盟",
    "工会",
)
# What ends a sector's name; a name longer than five characters may break before it.
_SECTOR_KINDS = ("制造业", "服务业", "行业", "产业")
_LATIN = re.compile(
    # a document number's year (〔2024〕), or a Latin run with its unit (51号, 2700—4600元):
    # a number never parts from what it counts
    r"〔[0-9]{4}〕"
    r"|[0-9A-Za-z][0-9A-Za-z.\-+/:%*]*(?:[—–][0-9][0-9A-Za-z.\-+/:%*]*)*"
    r"(?:(?<=[0-9])[号元个人家年月日条项类级])?"
)
_OPENING = "（《〔“‘【("
_CLOSING = "）》〕”’】)，。、；：！？,.;:!?"


def _split_after(text: str, marks: str) -> list[str]:
    words, current = [], ""
    for ch in text:
        current += ch
        if ch in marks:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return words


def phrase(text: str) -> list[str]:
    """A name made of parts: break only after 和、及 or 、 (煤炭开采和 | 洗选业), and before the
    kind of a long sector name (耐火材料 | 制造业)."""
    words = []
    for word in _split_after(text, "和及、"):
        kind = next((k for k in _SECTOR_KINDS if word.endswith(k) and len(word) > 5), "")
        words += [word[: -len(kind)], kind] if kind else [word]
    return words


def org(name: str, places: Sequence[str]) -> list[str]:
    """阳泉市煤炭行业工会联合会 → 阳泉市 | 煤炭行业 | 工会联合会; 、 separates two bodies."""
    words: list[str] = []
    for part in _split_after(name, "、"):  # 阳泉市企业联合会、 | 企业家协会
        place = next((p for p in places if part.startswith(p) and len(part) > len(p)), "")
        if place:
            words.append(place)
            part = part[len(place) :]
        core = part.rstrip("、")
        ending = part[len(core) :]
        suffix = next((s for s in _ORG_SUFFIXES if core.endswith(s) and core != s), "")
        middle = core[: len(core) - len(suffix)]
        if middle:
            words.extend(phrase(middle))
        if suffix:
            words.append(suffix)
        if ending and words:
            words[-1] += ending
    return words


def prose(text: str) -> list[str]:
    """Running text: any two characters may part, except inside a Latin run (a date, a phone
    number, 2700—4600) and never a closing mark at a line start or an opening one at an end."""
    words: list[str] = []
    position = 0
    while position < len(text):
        match = _LATIN.match(text, position)
        if match:
            word = match.group()
            position = match.end()
        else:
            word = text[position]
            position += 1
        if words and (word[0] in _CLOSING or words[-1][-1] in _OPENING):
            words[-1] += word
        else:
            words.append(word)
    return words


# --- measuring -------------------------------------------------------------------------------


def em(text: str) -> float:
    """Width in ems: CJK and full-width marks 1, Latin by Times New Roman's rough metrics, and
    the quarter em Word and LibreOffice put between CJK and Latin letters (autospace)."""
    width = 0.0
    previous = ""
    for ch in text:
        kind = "wide" if unicodedata.east_asian_width(ch) in ("W", "F", "A") else ""
        kind = kind or ("latin" if ch.isalnum() else "other")
        if {previous, kind} == {"wide", "latin"}:
            width += 0.25
        previous = kind
        if kind == "wide":
            width += 1.0
        elif ch in ".:;,' ":
            width += 0.28
        elif ch in "-()":
            width += 0.34
        elif ch.isupper() or ch in "%*":
            width += 0.72
        else:
            width += 0.5
    return width


def _wrap(words: Sequence[str], width: float) -> list[str]:
    """Greedy line filling at `width` ems; a word wider than the line keeps a line to itself."""
    lines: list[str] = []
    current, used = "", 0.0
    for word in words:
        size = em(word)
        if current and used + size > width:
            lines.append(current)
            current, used = "", 0.0
        current += word
        used += size
    if current or not lines:
        lines.append(current)
    return lines


def wrap_cell(cell: Cell, width: float) -> list[str]:
    return [line for words in cell for line in _wrap(words, width)]
