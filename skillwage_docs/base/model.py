"""The bases every input model shares: strict models, money, text, dates, slugs and portable names."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "SLUG",
    "Day",
    "Model",
    "Money",
    "Text",
    "name_problem",
    "valid_slug",
]

# A region or agreement name becomes a folder and a file name under build/:
# lowercase ASCII slugs only, so nothing can escape build/ or clash on a case-insensitive disk.
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# Names Windows reserves for devices, with or without an extension (`nul.html` opens the null
# device there): an output written on Linux must survive being copied to a Windows share.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"]
    + [f"{device}{digit}" for device in ("com", "lpt") for digit in "0123456789¹²³"]
)
# Separators, NUL and control characters, and what Windows forbids in a name.
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')
_MAX_NAME_BYTES = 255  # ext4, NTFS, APFS


def name_problem(name: str) -> str | None:
    """Why `name` cannot be one component of an output path, or None if it can."""
    if not name or name in (".", ".."):
        return "不能为空，也不能是 . 或 .."
    bad = _BAD_CHARS.search(name)
    if bad:
        return f'含有不允许的字符 {bad.group()!r}（路径分隔符、控制字符或 <>:"|?*）'
    if name.startswith("."):
        return "不能以 . 开头（隐藏文件，且与 build/ 内部文件冲突）"
    if name.endswith((".", " ")):
        return "不能以 . 或空格结尾（Windows 会去掉它们）"
    if name.split(".", 1)[0].rstrip(" ").lower() in _RESERVED:
        return "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1、LPT1 等）"
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        return f"过长（超过 {_MAX_NAME_BYTES} 字节）"
    return None


def valid_slug(name: str) -> bool:
    """A slug that is also a portable file name: not a Windows device name (con, nul, com1 …),
    which would publish build/…/nul.html, the null device on a Windows share."""
    return bool(SLUG.match(name)) and name_problem(name) is None


class Model(BaseModel):
    # extra="forbid": a misspelt key is an error, never a silently ignored field.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _no_text_numbers(value: Any) -> Any:
    # "2,300元" or "2300" typed as text is almost always a spreadsheet export slip;
    # accepting it silently would hide a unit or separator the author meant differently.
    if isinstance(value, str | bool):
        raise ValueError("money_as_text")
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_no_text_numbers),
    Field(gt=0, lt=1_000_000, max_digits=9, decimal_places=2),
]


def _visible(value: str) -> str:
    # min_length counts characters, not what a reader sees: a name made only of control or
    # zero-width characters would print as nothing.
    if not any(unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in value):
        raise ValueError("invisible_text")
    return value


def _date_only(value: Any) -> Any:
    # pydantic's lax mode reads 1750377600 as Unix seconds (2025-06-20) and takes a datetime
    # at midnight: a date is written as a date, YYYY-MM-DD.
    if isinstance(value, bool | int | float | Decimal | datetime):
        raise ValueError("date_as_number")
    return value


Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_visible)]
LongText = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_visible)]
Day = Annotated[date, BeforeValidator(_date_only)]
