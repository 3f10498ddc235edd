"""The one Jinja environment factory: sandboxed, strict, with the contract's filters."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .figures import chinese_number, cn_date, money_upper, yuan

__all__ = ["TEMPLATES", "clause_environment", "escape_markup", "layout_environment"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

FILTERS: dict[str, Callable[..., Any]] = {
    "yuan": yuan,
    "upper": money_upper,
    "cn_date": cn_date,
    "cn_number": chinese_number,
}

_STRUCTURAL_STARTS = ("#", "@", ">", "-", "|")


def escape_markup(value: Any) -> str:
    """Make a context value inert in the clause markup (see templates/README.md).

    Context strings are data, never markup: `**`, `|` and a leading `#`, `@`, `>`, `-`
    are backslash-escaped and line breaks folded, so a party name cannot open a chapter,
    split a table cell or forge a signature line.
    """
    if isinstance(value, Markup):  # produced by the template itself (|raw)
        return str(value)
    text = "" if value is None else str(value)
    text = " ".join(text.split("\n"))
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|")
    if text.startswith(_STRUCTURAL_STARTS):
        text = "\\" + text
    return text


def _base_kwargs(folder: Path) -> dict[str, Any]:
    return {
        "loader": FileSystemLoader(str(folder)),
        "undefined": StrictUndefined,  # a misspelt variable is an error, not a blank (docxtpl #79)
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": False,
    }


@cache
def clause_environment(folder: Path = TEMPLATES / "clauses") -> ImmutableSandboxedEnvironment:
    """Environment for the clause text: every `{{ }}` output passes through `escape_markup`."""
    env = ImmutableSandboxedEnvironment(finalize=escape_markup, **_base_kwargs(folder))
    env.filters.update(FILTERS)
    env.filters["raw"] = Markup
    return env


@cache
def layout_environment(folder: Path = TEMPLATES / "layouts") -> ImmutableSandboxedEnvironment:
    """Environment for the HTML/Typst layouts; HTML autoescapes, Typst escapes with a filter."""
    env = ImmutableSandboxedEnvironment(
        autoescape=lambda name: bool(name and name.endswith((".html", ".html.j2"))),
        **_base_kwargs(folder),
    )
    env.filters.update(FILTERS)
    return env
