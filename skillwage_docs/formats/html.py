"""HTML writer: a standalone page per contract from the Jinja layout (autoescaped)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..base.errors import RenderError
from ..text.document import Document
from ..text.environment import FILTERS, TEMPLATES, template_options
from .figures import svg_data_uri
from .layout import BODY_PT, KEEP_WITH_FIGURES, MEASURE_PT
from .layout import blank_pieces as blank_pieces_em
from .view import document_view

__all__ = [
    "LAYOUT_FILTERS",
    "HtmlWriter",
    "blank_fill",
    "blank_pieces",
    "keep_figures",
    "layout_environment",
]

_PLACEHOLDER = "口"  # one em of blank, drawn invisible (templates/layouts/contract.css .blank)
_JOIN = "\u2060"  # WORD JOINER: no line break inside a piece of the blank
_LINE_EMS = int(MEASURE_PT // BODY_PT)  # a whole-line blank: the body ems of one line


def blank_pieces(span: dict[str, Any]) -> list[int]:
    """A view blank's unbreakable pieces in ems. A whole-line blank is a line's worth of ems,
    breakable like a long blank: the PDF keeps LINE_BLANK_MIN_EM together and runs a fractional
    rule to the line end, but a browser has no such rule, and an 8-em piece that no longer fits
    spread the line before it."""
    pieces: list[int] = blank_pieces_em(_LINE_EMS) if span["line"] else span["pieces"]
    return pieces


def blank_fill(pieces: list[int]) -> str:
    """Pieces of a blank as the placeholder ideographs the HTML sets them in, one per em, each
    piece joined by word joiners, breakable between pieces. Set as text (CSS generated content,
    underlined, transparent), a blank breaks and justifies like the characters around it, so a
    line that holds a blank spreads into it instead of letter-spacing its characters (issue
    13, point 7; empty inline boxes left the characters of such a line 0.67 em apart, issue 22).
    The cost: Chromium's printed PDF carries the placeholders in its text layer."""
    return "".join(_JOIN.join(_PLACEHOLDER * n) for n in pieces)


def keep_figures(text: str) -> Markup:
    """`text` escaped, each figure with its 号/年/月/日/元 (KEEP_WITH_FIGURES) in a span the
    stylesheet keeps on one line."""
    out, last = [], 0
    for match in KEEP_WITH_FIGURES.finditer(text):
        out += [escape(text[last : match.start()]), Markup('<span class="nobreak">')]
        out += [escape(match.group()), Markup("</span>")]
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


# The text's filters and the writers' layout view (`document|layout_view`: the line breaks and
# widths all three formats share); the site's pages extend the same layout and use them too.
LAYOUT_FILTERS = {
    **FILTERS,
    "layout_view": document_view,
    "svg_data_uri": svg_data_uri,
    "blank_pieces": blank_pieces,
    "blank_fill": blank_fill,
    "keep_figures": keep_figures,
}


@cache
def layout_environment(folder: Path = TEMPLATES / "layouts") -> ImmutableSandboxedEnvironment:
    """Environment for the HTML layout: autoescaped, with `LAYOUT_FILTERS`."""
    env = ImmutableSandboxedEnvironment(
        autoescape=lambda name: bool(name and name.endswith((".html", ".html.j2"))),
        **template_options(folder),
    )
    env.filters.update(LAYOUT_FILTERS)
    return env


class HtmlWriter:
    extension = "html"
    template_name = "contract.html.j2"

    def __init__(self) -> None:
        self._template = layout_environment().get_template(self.template_name)

    def render(self, document: Document) -> bytes:
        try:
            return self._template.render(document=document).encode("utf-8")
        except TemplateError as err:
            raise RenderError(f"HTML 版式模板 {self.template_name}: {err}") from err
