"""The one Jinja environment factory: sandboxed, strict, with the contract's filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..base.figures import chinese_number, cn_date, dotted_date, money_upper, yuan

__all__ = [
    "BLANK",
    "FILTERS",
    "LINE",
    "REF_CLOSE",
    "REF_OPEN",
    "SIZE_CLOSE",
    "SIZE_OPEN",
    "TEMPLATES",
    "Fixed",
    "Sized",
    "clause_environment",
    "escape_markup",
    "plain_text",
    "table_ref",
    "template_options",
]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


FILTERS: dict[str, Callable[..., Any]] = {
    "yuan": yuan,
    "upper": money_upper,
    "cn_date": cn_date,
    "dotted": dotted_date,
    "cn_number": chinese_number,
}

_STRUCTURAL_STARTS = ("#", "@", ">", "-", "+", "|")

# Tokens the clause template emits and compose's parser resolves. They are private-use
# characters, and `escape_markup` deletes them from data, so a context value can never forge a
# fill-in blank or a table reference.
BLANK = "\ue000"  # a fill-in line of the blank model text → Span(blank=True)
REF_OPEN, REF_CLOSE = "\ue001", "\ue002"  # REF_OPEN key REF_CLOSE → 表N of `@table key`
# BLANK SIZE_OPEN n SIZE_CLOSE → Span(blank=True, size=n): a blank sized for what is written in it
SIZE_OPEN, SIZE_CLOSE = "\ue003", "\ue004"
# `|size("line")`: the blank takes the rest of its line (and a whole line if little is left).
LINE = 99
_TOKENS = {ord(c): None for c in (BLANK, REF_OPEN, REF_CLOSE, SIZE_OPEN, SIZE_CLOSE)}
# C0 and C1 controls, non-characters, and the bidi embeddings, overrides and isolates: an
# unterminated U+202E in a party name would reverse the clause text after it (协商代表15人 →
# 人51表代商协). Right-to-left names still display correctly without them.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


class Fixed(str):
    """A value that is part of the model text itself (an industry, a level, a statute), so the
    blank model text keeps it; made by the template's `|fixed` filter. Still escaped."""

    __slots__ = ()


def fixed(value: Any) -> Fixed:
    return Fixed("" if value is None else str(value))


class Sized:
    """A value with the room a hand needs to write it in the blank model text: `|size(16)`
    (about sixteen characters) or `|size("line")` (a whole line). The filled text prints the
    value itself; the size only matters where the value becomes a blank."""

    __slots__ = ("size", "value")

    def __init__(self, value: Any, size: int) -> None:
        self.value = value
        self.size = size

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


def sized(value: Any, size: int | str) -> Sized:
    if size == "line":
        return Sized(value, LINE)
    if isinstance(size, int) and not isinstance(size, bool) and 1 <= size < LINE:
        return Sized(value, size)
    raise ValueError(f'size 应为 1–{LINE - 1} 的字数或 "line"，实际为 {size!r}')


def table_ref(key: str) -> Markup:
    """`{{ "levels"|table_ref }}` → 表1: the number of the `@table levels` caption, assigned by
    compose in order of appearance, so references follow whatever tables are present."""
    return Markup(f"{REF_OPEN}{key}{REF_CLOSE}")


def plain_text(value: Any) -> str:
    """A context value as one line of plain text, controls dropped (as `escape_markup` does,
    without the markup escapes): for metadata such as the document's author."""
    text = "" if value is None else str(value)
    return _CONTROLS.sub("", " ".join(text.translate(_TOKENS).splitlines()))


def escape_markup(value: Any) -> str:
    """Make a context value inert in the clause markup (see templates/README.md).

    Context strings are data, never markup: `**`, `|` and a leading `#`, `@`, `>`, `-`,
    `+` are backslash-escaped and line breaks folded, so a party name cannot open a chapter,
    split a table cell or forge a signature line. "Line breaks" are every boundary
    `str.splitlines` (and so compose's parser) honours — \r, \v, \f, \x1c–\x1e, \x85,
    U+2028, U+2029 as well as \n — and the remaining C0 controls, which no format can show,
    are dropped.
    """
    if isinstance(value, Markup):  # produced by the template itself (|raw)
        return str(value)
    text = "" if value is None else str(value)
    text = text.translate(_TOKENS)
    text = _CONTROLS.sub("", " ".join(text.splitlines()))
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|")
    if text.startswith(_STRUCTURAL_STARTS):
        text = "\\" + text
    return text


@pass_context
def finalize_clause(context: Context, value: Any) -> str:
    """Every `{{ }}` of the clause template. In the blank model text (`blank` is true) every
    value becomes a fill-in blank unless the template marked it as part of the text (`|fixed`,
    `|raw`, `|table_ref`): names, figures and dates cannot leak into the blank by omission."""
    if isinstance(value, Markup):
        return str(value)
    if context.get("blank"):
        if isinstance(value, Sized):
            return f"{BLANK}{SIZE_OPEN}{value.size}{SIZE_CLOSE}"
        if not isinstance(value, Fixed):
            return BLANK
    if isinstance(value, Sized):
        value = value.value
    return escape_markup(value)


def template_options(folder: Path) -> dict[str, Any]:
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
    """Environment for the clause text: every `{{ }}` output passes through `escape_markup`
    (and, in the blank model text, becomes a blank: see `finalize_clause`)."""
    env = ImmutableSandboxedEnvironment(finalize=finalize_clause, **template_options(folder))
    env.filters.update(FILTERS)
    env.filters["raw"] = Markup
    env.filters["fixed"] = fixed
    env.filters["table_ref"] = table_ref
    env.filters["size"] = sized
    return env
