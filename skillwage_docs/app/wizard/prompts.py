"""The wizard's questions: one question asked (or its answer taken from an option, or its
default under --no-input) until the answer parses, and the parsers of what people type
(numbers or names from a list, dates, money, `等级=金额`, `名称:等级=金额,…`)."""

from __future__ import annotations

import calendar
import re
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import click

from ...base.problems import CUSTOM as _CUSTOM
from ...inputs.terms import SkillLevel
from .scaffold import Row

__all__ = [
    "Answers",
    "Asker",
    "Refused",
    "choose",
    "first_of_next_month",
    "parse_date",
    "parse_figures",
    "parse_levels",
    "parse_money",
    "parse_row",
    "parse_text",
    "pick",
    "pick_many",
    "refuse_choice",
    "refuse_many",
    "show_choices",
]

T = TypeVar("T")
_SPLIT = re.compile(r"[\s,，、;；]+")


class Refused(Exception):
    """An answer validate would reject; the message is validate's."""


@dataclass
class Answers:
    """What the command line gave; `None` means "ask" (or, with --no-input, the default)."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value in (None, (), []) else value


class Asker:
    """One question: the option's value if given, else a prompt until the answer passes,
    else (--no-input) the default, else a usage error naming the option."""

    def __init__(self, no_input: bool) -> None:
        self.no_input = no_input

    def ask(
        self,
        option: str,
        question: str,
        given: Any,
        parse: Callable[[str], T],
        *,
        default: str | None = None,
        optional: bool = False,
    ) -> T:
        if given is not None or self.no_input:
            if given is None and default is None and not optional:
                raise click.UsageError(f"使用 --no-input 时须给出 {option}（{question}）")
            raw = (default or "") if given is None else given
            try:
                return parse(raw if isinstance(raw, str) else " ".join(raw))
            except Refused as err:
                raise click.BadParameter(str(err), param_hint=option) from None
        while True:
            raw = click.prompt(
                question,
                default=default if default is not None else ("" if optional else None),
                show_default=bool(default),
            )
            try:
                return parse(str(raw).strip())
            except Refused as err:
                click.secho(f"  ✗ {err}", fg="red", err=True)

    def confirm(self, option: str, question: str, given: bool | None, default: bool) -> bool:
        if given is not None:
            return given
        if self.no_input:
            return default
        return click.confirm(question, default=default)


def _width(text: str) -> int:
    """Columns a terminal gives `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def show_choices(names: Sequence[str], columns: int = 4) -> None:
    """Numbered choices in aligned columns (the number is what most people type)."""
    cells = [f"{number:>3} {name}" for number, name in enumerate(names, 1)]
    width = max((_width(cell) for cell in cells), default=0) + 2
    columns = max(1, min(columns, shutil.get_terminal_size((100, 24)).columns // width))
    for start in range(0, len(cells), columns):
        row = cells[start : start + columns]
        click.echo("".join(cell + " " * (width - _width(cell)) for cell in row).rstrip())


def pick(raw: str, names: Sequence[str]) -> str | None:
    """A choice by its number or its name; None when it is neither."""
    if raw.isdigit() and 1 <= int(raw) <= len(names):
        return names[int(raw) - 1]
    return raw if raw in names else None


def pick_many(raw: str, names: Sequence[str]) -> list[str]:
    picked: list[str] = []
    for part in _SPLIT.split(raw):
        if part:
            name = pick(part, names) or part
            if name not in picked:
                picked.append(name)
    return picked


def parse_text(what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if not raw.strip():
            raise Refused(f"{what}: {_CUSTOM['invisible_text'] if raw else '不能为空'}")
        return raw.strip()

    return parse


def parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(f"{raw!r}: 应为日期，格式 YYYY-MM-DD") from None


def parse_money(raw: str) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise Refused(_CUSTOM["money_as_text"]) from None
    if not value.is_finite():
        raise Refused(_CUSTOM["money_as_text"])
    return value


def parse_levels(raw: str) -> list[SkillLevel]:
    names = [level.value for level in SkillLevel]
    chosen = pick_many(raw, names)
    unknown = [name for name in chosen if name not in names]
    if unknown or not chosen:
        raise Refused(f"技能等级 {'、'.join(unknown) or '（空）'} 无效；可选：{'、'.join(names)}")
    return sorted((SkillLevel(name) for name in chosen), key=lambda level: level.rank)


def parse_figures(raw: str) -> dict[SkillLevel, Decimal]:
    """`初级工=2400,中级工=2650` (the --level/--hourly options and rows' figures)."""
    out: dict[SkillLevel, Decimal] = {}
    for part in _SPLIT.split(raw.strip()):
        if not part:
            continue
        name, sep, amount = part.partition("=")
        if not sep:
            raise Refused(f"{part!r}: 应写成 等级=金额，如 初级工=2400")
        (level,) = parse_levels(name)
        out[level] = parse_money(amount)
    return out


def parse_row(raw: str) -> Row:
    """`焊工:初级工=2550,中级工=2850` (the --occupation/--category options)."""
    name, sep, rest = raw.partition(":")
    if not sep:
        name, sep, rest = raw.partition("：")
    if not sep or not name.strip():
        raise Refused(f"{raw!r}: 应写成 名称:等级=金额,…，如 焊工:初级工=2550,中级工=2850")
    return Row(name.strip(), parse_figures(rest))


def first_of_next_month(today: date) -> date:
    last = calendar.monthrange(today.year, today.month)[1]
    return date(today.year, today.month, last) + timedelta(days=1)


def refuse_choice(raw: str, keys: Sequence[str]) -> str:
    raise Refused(f"{raw!r} 无效；请输入 1–{len(keys)} 的编号")


def refuse_many(raw: str) -> list[str]:
    raise Refused(f"{raw!r} 无效；请输入列出的编号或名称")


def choose(names: Sequence[str], what: str) -> Callable[[str], str]:
    """A parser taking one of `names` by number or name."""

    def parse(raw: str) -> str:
        picked = pick(raw, names)
        if picked is None:
            raise Refused(f"{what} {raw!r} 无效；可选：{'、'.join(names)}")
        return picked

    return parse
