"""HTML writer: a standalone page per contract from the Jinja layout (autoescaped)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..base.errors import RenderError
from ..text.document import Document
from ..text.environment import FILTERS, TEMPLATES, template_options
from .figures import svg_data_uri
from .view import document_view

__all__ = ["LAYOUT_FILTERS", "HtmlWriter", "layout_environment"]

# The text's filters and the writers' layout view (`document|layout_view`: the line breaks and
# widths all three formats share); the site's pages extend the same layout and use them too.
LAYOUT_FILTERS = {**FILTERS, "layout_view": document_view, "svg_data_uri": svg_data_uri}


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
