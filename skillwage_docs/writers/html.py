"""HTML writer: a standalone page per contract from the Jinja layout (autoescaped)."""

from __future__ import annotations

from jinja2 import TemplateError

from ..document import Document
from ..environment import layout_environment
from ..errors import RenderError

__all__ = ["HtmlWriter"]


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
