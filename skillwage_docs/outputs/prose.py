"""Prose written as Markdown, rendered to HTML for the site (python-markdown): the filing
calendar, the guides. The source may quote context data (an agreement's name), which is
data from other hands: every `<` and `&` in it is escaped before Markdown sees it, so no
markup of its own reaches the page."""

from __future__ import annotations

import html

import markdown
from markupsafe import Markup

__all__ = ["markdown_html", "table_cell"]


def markdown_html(text: str) -> Markup:
    """`text` (Markdown with pipe tables) as HTML, raw HTML in it shown as text."""
    source = html.escape(text, quote=False)
    rendered = markdown.markdown(source, extensions=["tables"], output_format="html")
    return Markup(rendered)


def table_cell(text: str) -> str:
    """A value as one cell of a Markdown pipe table: its bars escaped, its lines joined."""
    return " ".join(text.replace("|", "\\|").split())
