"""DOCX runs: a view paragraph's text as Word runs (templates/README.md, the typography rules).

What a run must carry for Word and LibreOffice to set Chinese text as the PDF does: text that
XML and docxtpl accept; dates and 文号 that never break (word joiners) and closing brackets
that may break before figures (a zero-width space); quotation marks in a face whose marks are
full width; the first of two adjacent punctuation marks compressed to half an em (CLREQ); fill-in
blanks as underlined ideographic spaces; the signature block's cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup, escape

from .layout import BODY_PT, KEEP_WITH_FIGURES, LINE_BLANK_MIN_EM, MEASURE_PT, text_em

__all__ = [
    "IDEOGRAPHIC_SPACE",
    "WORD_JOINER",
    "ZERO_WIDTH_SPACE",
    "clean_text",
    "copies",
    "finalize",
    "lines",
    "runs",
    "signature_cell",
    "signoff_names",
]

_WHOLE_LINE_EMS = 31  # 四号 characters on one line of the 156 mm measure
_COVER_EMS = int(MEASURE_PT // BODY_PT)  # body ems on a cover line (no first-line indent)

# XML 1.0 forbids C0 controls but tab/LF/CR, lone surrogates and U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile("[\t\r\n]+")
# docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` in its output into Jinja delimiters: keep a
# literal underscore next to a brace or percent sign as a character reference.
_DOCXTPL_ESCAPE = re.compile(r"(?<=[{%])_|_(?=[}%])")

ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
IDEOGRAPHIC_SPACE = "\u3000"

# LibreOffice sets figures with its Western (en-US) line-break rules, which keep a closing CJK
# bracket with the figures after it: "（附件2）3." moved to the next line whole and the justified
# line before it was letter-spaced (issue 13). A zero-width space after the bracket is a break
# opportunity (UAX #14 class ZW) for Word and LibreOffice alike; Typst and Chromium already
# break there (UAX #14 allows CL ÷ NU), so only the DOCX carries it. Not inside a 文号.
_CLOSING_BRACKETS = "〕）」』》】〗〙"
_AFTER_CLOSING_BRACKET = re.compile(f"(?<=[{_CLOSING_BRACKETS}])(?=[0-9A-Za-z])")
# Inside a date or a 文号 (layout.KEEP_WITH_FIGURES) LibreOffice breaks between figures and
# the characters beside them ("2027年3 / 月31日"): a word joiner at each such boundary keeps the
# unit on one line in Word and LibreOffice alike (issue 22, point 5).
_FIGURE_EDGE = re.compile(r"(?<=[0-9])(?=[号年月日元])|(?<=[〕年月])(?=[0-9])")


def clean_text(value: object) -> str:
    """Text as Word shows it: no XML-illegal characters, line breaks and tabs as spaces."""
    return _SPACES.sub(" ", _ILLEGAL.sub("", str(value)))


def _join_units(text: str) -> str:
    out, last = [], 0
    for unit in KEEP_WITH_FIGURES.finditer(text):
        out += [_AFTER_CLOSING_BRACKET.sub(ZERO_WIDTH_SPACE, text[last : unit.start()])]
        out += [_FIGURE_EDGE.sub(WORD_JOINER, unit.group())]
        last = unit.end()
    out.append(_AFTER_CLOSING_BRACKET.sub(ZERO_WIDTH_SPACE, text[last:]))
    return "".join(out)


def _xml_text(value: object, *, justified: bool = False) -> str:
    """`value` as the text of a run. `justified`: in a justified paragraph, where dates and 文号
    must not break and a closing bracket before figures may (table cells and the signature
    block are sized or set ragged so that nothing in them breaks)."""
    text = clean_text(value)
    if justified:
        text = _join_units(text)
    return _DOCXTPL_ESCAPE.sub("&#95;", str(escape(text)))


def finalize(value: object) -> object:
    """Every `{{ }}` output: already-built runs pass through, anything else becomes safe text."""
    if isinstance(value, Markup):
        return value
    return Markup(_xml_text(value))


# --- punctuation ---------------------------------------------------------------------------
# Quotation marks are full width in Chinese text. The styles' `w:hint="eastAsia"` makes Word set
# them in the paragraph's Chinese face; a 填写说明's 楷体 is LXGW WenKai where fonts.conf maps it
# (LibreOffice on Linux), whose quotes are proportional, so there they come from the 宋体 face, as
# in the PDF and the HTML (issue 22).
_QUOTE_MARKS = "“”‘’"
QUOTE_FACE = "宋体"
_QUOTE_FONTS = (
    f'<w:rFonts w:ascii="{QUOTE_FACE}" w:eastAsia="{QUOTE_FACE}" w:hAnsi="{QUOTE_FACE}"'
    ' w:hint="eastAsia"/>'
)
# CLREQ 标点挤压: of two adjacent full-width marks the first is set half an em wide. Word and
# LibreOffice do not (LibreOffice ignores `w:characterSpacingControl`), so the first mark's run
# is condensed by half its em; in the mainland (GB) glyphs a closing mark and 、，。；：？！ sit
# on the left half of their em, an opening mark on the right half, so the half taken is blank —
# except an opening mark before a closing one (“（）”), which would collide and is left alone.
_OPENING = "（〔［｛《〈「『【“‘"
_CLOSING = "）〕］｝》〉」』】”’、，。；：？！"


def _compressed(text: str, index: int, after: str) -> bool:
    """Whether the mark at `index` is the first of two adjacent marks (`after`: what follows
    the text, for a mark at its end)."""
    mark = text[index]
    following = text[index + 1] if index + 1 < len(text) else after[:1]
    if mark not in _OPENING + _CLOSING or not following:
        return False
    if following in _CLOSING:
        return mark not in _OPENING
    return following in _OPENING


def _segments(text: str, *, after: str, quotes: bool) -> Iterator[tuple[str, str, bool]]:
    """`text` cut where run properties change: (text, fonts, condensed by half an em)."""
    current, props = "", ("", False)
    for index, char in enumerate(text):
        fonts = _QUOTE_FONTS if quotes and char in _QUOTE_MARKS else ""
        mine = (fonts, _compressed(text, index, after))
        if current and mine != props:
            yield current, *props
            current = ""
        current, props = current + char, mine
    if current:
        yield current, *props


def _run(
    text: str,
    *,
    bold: bool = False,
    underline: bool = False,
    size: float = 0,
    fonts: str = "",
    condense_pt: float = 0,
    justified: bool = False,
) -> str:
    """One run; properties in schema order (CT_RPr: rFonts, b, bCs, spacing, sz, szCs, u)."""
    props = fonts + ("<w:b/><w:bCs/>" if bold else "")
    if condense_pt:
        props += f'<w:spacing w:val="{-round(condense_pt * 20)}"/>'
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    props += '<w:u w:val="single"/>' if underline else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_text(text, justified=justified)}</w:t></w:r>'


def _face(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" w:hint="eastAsia"/>'


# A 公文's run-in headings (GB/T 9704 7.3.3): 一、 in 黑体, （一） in 楷体, never bolded.
_FIRST_LEVEL, _SECOND_LEVEL = _face("黑体"), _face("楷体")


def text_runs(
    text: str,
    *,
    size_pt: float,
    bold: bool = False,
    quotes: bool = False,
    after: str = "",
    official: bool = False,
) -> str:
    """Runs for `text` set at `size_pt`: adjacent marks compressed, quotes in the 宋体 face;
    bold in a 公文 as its heading face instead."""
    heading = ""
    if bold and official:
        heading, bold = (_SECOND_LEVEL if text.startswith("（") else _FIRST_LEVEL), False
    return "".join(
        _run(
            part,
            bold=bold,
            fonts=fonts or heading,
            condense_pt=size_pt / 2 if half else 0,
            justified=True,
        )
        for part, fonts, half in _segments(text, after=after, quotes=quotes)
    )


# --- blanks ----------------------------------------------------------------------------------


def _rule(pieces: Sequence[int]) -> str:
    """A fill-in blank: one underlined ideographic space (U+3000) per body character, the
    layout's unbreakable pieces joined by word joiners and breakable between them (a
    zero-width space: LibreOffice keeps a run of ideographic spaces whole). Set as characters,
    the blank takes its share of a justified line's slack: Word and LibreOffice justify only the
    text after a line's last tab, so underlined tabs left the few characters between a blank
    and the line end to take all of it ("备 案 （ 晋 人 社 厅 函", issue 13). Underlined
    full-width spaces are how Chinese Word forms draw a blank."""
    text = ZERO_WIDTH_SPACE.join(WORD_JOINER.join(IDEOGRAPHIC_SPACE * n) for n in pieces)
    return f'<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _blank(span: dict[str, Any]) -> str:
    if span["line"]:
        # The rest of the line: 8 characters at least, then a line's worth that may run on.
        return _rule([LINE_BLANK_MIN_EM, *[1] * (_WHOLE_LINE_EMS - LINE_BLANK_MIN_EM)])
    return _rule(span["pieces"])


# --- paragraphs --------------------------------------------------------------------------------

# The size each paragraph style sets (make_docx_template.py, docx_page.py for the poster), for
# the half-em compression.
_STYLE_PT = {"note": 12.0}
_POSTER_BODY_PT = 16.0


def _joint(previous: str, text: str) -> str:
    """What goes between two spans: a word joiner inside a date or 文号 that runs on, a
    zero-width space after a closing bracket before figures, else nothing."""
    joined = previous + text
    if any(u.start() < len(previous) < u.end() for u in KEEP_WITH_FIGURES.finditer(joined)):
        return WORD_JOINER if _FIGURE_EDGE.match(joined, len(previous)) else ""
    return ZERO_WIDTH_SPACE if _AFTER_CLOSING_BRACKET.match(joined, len(previous)) else ""


def runs(paragraph: dict[str, Any], poster: bool = False, official: bool = False) -> Markup:
    """A view paragraph's spans as Word runs: bold as `w:b`, a fill-in blank as underlined
    ideographic spaces. `poster`: set on the poster's page, in its larger body size; `official`:
    in a 公文 (三号, run-in headings in their faces)."""
    out = []
    used = 0.0  # ems set so far on a cover line (ragged: every line but the last is full)
    previous = ""  # the end of the text set so far, for what runs on across spans
    style = paragraph["style"]
    size = _STYLE_PT.get(style, _POSTER_BODY_PT if poster or official else BODY_PT)
    spans = paragraph["spans"]
    for index, span in enumerate(spans):
        if span["blank"]:
            out.append(_blank(span))
            used += span["em"] or LINE_BLANK_MIN_EM
            lead = span.get("lead")
            previous = lead["text"] if lead else ""
            if lead:  # the character after the blank, joined to its last piece (view.py)
                out.append(
                    text_runs(
                        WORD_JOINER + lead["text"],
                        size_pt=size,
                        bold=lead["bold"],
                        official=official,
                    )
                )
                used += text_em(lead["text"])
            continue
        width = text_em(span["text"])
        if style == "party" and span.get("glue") and used:
            # Word cannot glue characters, so a closing "（首席代表：…，协商代表5人）" that
            # would not fit the rest of the line starts the next one (never "人）" alone).
            room = _COVER_EMS - used % _COVER_EMS
            if width > room and width <= _COVER_EMS:
                out.append("<w:r><w:br/></w:r>")
                used += room
        following = spans[index + 1] if index + 1 < len(spans) else None
        after = following["text"] if following and not following["blank"] else ""
        text = _joint(previous, span["text"]) + clean_text(span["text"])
        out.append(
            text_runs(
                text,
                size_pt=size,
                bold=span["bold"],
                official=official,
                quotes=style == "note",
                after=after,
            )
        )
        previous = span["text"][-12:]
        used += width
    return Markup("".join(out))


def lines(parts: Sequence[str]) -> Markup:
    """Lines the layout broke (a title, a table header) as runs with line breaks between."""
    return Markup("<w:r><w:br/></w:r>".join(_run(line) for line in parts))


def signature_cell(cell: dict[str, Any]) -> Markup:
    """One party's line of the signature block: the seal line carries the name (sized to stay
    on one line) below its label; an empty value is a signature rule to the column's edge."""
    label = _run(cell["label"])
    if cell["seal"]:
        name = _run(cell["value"], size=cell["size"]) if cell["value"] else ""
        return Markup(label + "<w:r><w:br/></w:r>" + name)
    if not cell["value"] and cell["label"]:
        return Markup(label + '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:tab/></w:r>')
    return Markup(label + _run(cell["value"]))


def signoff_names(names: Sequence[str]) -> Markup:
    """A 公文's 落款 names, each after a tab: the writer puts a centre tab on each seal."""
    return Markup("".join("<w:r><w:tab/></w:r>" + _run(name) for name in names))


def copies(paragraphs: Sequence[dict[str, Any]]) -> Markup:
    """The 抄送 names of the 版记, joined by 、."""
    joint = '<w:r><w:t xml:space="preserve">、</w:t></w:r>'
    return Markup(joint.join(runs(p) for p in paragraphs))
