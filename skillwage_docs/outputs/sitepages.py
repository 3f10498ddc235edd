"""Site pages: the templates of templates/site/ rendered into HTML, the redline page included.

Below both `site` (which writes the pages of a build) and `redline` (which compares texts): the
standalone redline page lives here, so neither of them imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..formats.html import LAYOUT_FILTERS
from ..text.document import EXAMPLE_MARK, Document
from ..text.environment import TEMPLATES
from .redline import Comparison, compare
from .redline_html import render_units

__all__ = ["SITE_TITLE", "redline", "render_page", "render_redline_page", "site_environment"]

SITE_TITLE = "技能人才最低工资集体合同示范文本"


@cache
def site_environment() -> ImmutableSandboxedEnvironment:
    """templates/site/ first, then templates/layouts/ (the contract page extends its layout)."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(TEMPLATES / "site"), str(TEMPLATES / "layouts")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(LAYOUT_FILTERS)
    env.globals["EXAMPLE_MARK"] = EXAMPLE_MARK
    return env


def _stylesheets() -> dict[str, Markup]:
    return {
        "contract": Markup((TEMPLATES / "layouts" / "contract.css").read_text(encoding="utf-8")),
        "site": Markup(
            (TEMPLATES / "site" / "site.css")
            .read_text(encoding="utf-8")
            .removeprefix('@charset "utf-8";\n')
        ),
    }


def render_page(template: str, **context: Any) -> bytes:
    """One page of templates/site/ as UTF-8; `standalone=True` inlines the styles."""
    context.setdefault("site_title", SITE_TITLE)
    context.setdefault("standalone", False)
    context.setdefault("crumbs", [])
    context.setdefault("root", "../")
    if context["standalone"]:
        context["css"] = _stylesheets()
    html = site_environment().get_template(template).render(**context)
    return html.encode("utf-8")


def render_redline_page(
    comparison: Comparison,
    *,
    title: str | None = None,
    only_changes: bool = False,
    standalone: bool = True,
    links: Sequence[tuple[str, str]] = (),
    crumbs: Sequence[tuple[str, str | None]] = (),
) -> str:
    """The redline page; `standalone` inlines the styles (the site links its assets)."""
    if title:
        comparison = Comparison(title, comparison.old_title, comparison.units)
    return render_page(
        "redline.html.j2",
        comparison=comparison,
        body=render_units(comparison, only_changes=only_changes),
        standalone=standalone,
        links=list(links),
        crumbs=list(crumbs),
    ).decode("utf-8")


def redline(
    old: Document | str,
    new: Document | str,
    *,
    title: str | None = None,
    only_changes: bool = False,
) -> str:
    """A standalone HTML5 page (styles inlined, no external requests) marking what changed
    from `old` to `new`: deletions struck through (<del>), insertions underlined (<ins>)."""
    return render_redline_page(compare(old, new), title=title, only_changes=only_changes)
