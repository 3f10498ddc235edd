"""pydantic's validation errors as `Finding`s: the file and line a key was written on, in Chinese."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .findings import Finding
from .yamlsource import Located, Path_, dotted, shorten

__all__ = ["CUSTOM", "MESSAGES", "message", "validation_problems"]

# pydantic's error types, said the way an author of a context file understands them.
MESSAGES: Mapping[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（拼写错误？）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_type": "应为日期，格式 YYYY-MM-DD",
    "string_type": "应为文本",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "model_attributes_type": "应为键值映射",
    "string_too_short": "不能为空",
    "string_too_long": "文本过长",
    "too_short": "至少需要一项",
    "too_long": "项目过多",
    "greater_than": "必须大于 0",
    "less_than": "数值过大，不合常理",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "decimal_max_places": "最多两位小数",
    "decimal_max_digits": "数值过大，不合常理",
    "finite_number": "应为有限的数字（不能是 .nan 或 .inf）",
    "date_from_datetime_inexact": "应为日期，格式 YYYY-MM-DD（不要带时间）",
    "string_pattern_mismatch": "只能用小写英文字母、数字、- 和 _（用作文件名）",
}
# The codes the shared types of `model.py` raise; each model module adds its own.
CUSTOM: Mapping[str, str] = {
    "invisible_text": "只有不可见的字符（控制字符或零宽字符），请填写实际内容",
    "date_as_number": "应为日期，格式 YYYY-MM-DD（不要写成数字或带时间）",
    "money_as_text": "金额应写为数字（如 2300），不要写成文本或带单位",
}


def message(
    error: Any,
    custom: Mapping[str, str] = CUSTOM,
    missing: Mapping[Path_, str] | None = None,
) -> str:
    """One pydantic error in Chinese: `custom` says a validator's codes (or overrides a
    pydantic error type), `missing` gives a required field its own instruction instead of the
    generic "缺少必填字段"."""
    kind = error["type"]
    if kind == "missing" and missing and tuple(error["loc"]) in missing:
        return missing[tuple(error["loc"])]
    if kind in custom:
        return custom[kind]
    if kind in ("value_error", "assertion_error"):
        raw = str(error.get("ctx", {}).get("error", error["msg"]))
        return custom.get(raw, raw)
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"取值无效，应为 {expected}"
    text: str = MESSAGES.get(kind, str(error["msg"]))
    if (
        "input" in error
        and kind not in ("missing", "extra_forbidden")
        and not isinstance(error["input"], dict | list)
    ):
        text += f"（实际为 {shorten(error['input'])}）"
    return text


def _data_loc(loc: tuple[Any, ...], data: Any) -> Path_:
    """An error's location as keys of the file, without pydantic's own steps ("[key]",
    "function-after[…]"): a misspelt key containing a bracket is still named."""
    out: list[str | int] = []
    node = data
    for part in loc:
        inside = isinstance(node, dict) and part in node
        inside = inside or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if inside:
            node = node[part]
        elif isinstance(part, str) and "[" in part:
            continue  # pydantic's own step
        else:
            node = None  # a missing field: keep its name
        out.append(part)
    return tuple(out)


def validation_problems(
    err: ValidationError,
    located: Located,
    default: Path,
    *,
    prefix: Path_ = (),
    custom: Mapping[str, str] = CUSTOM,
    missing: Mapping[Path_, str] | None = None,
) -> list[Finding]:
    """Each error of `err` at the file and line its key was written on (`default` when the
    file does not say). `prefix` is where the validated data sits in `located` (a table of a
    larger document, as `[tool.skillwage-docs]` in pyproject.toml)."""
    problems = []
    for error in err.errors():
        loc = (*prefix, *_data_loc(error["loc"], _at(located.data, prefix)))
        file, line = located.where(loc, default)
        split = _split_amount(error, loc, located.data)
        if split is not None:
            loc, text = split
        else:
            text = message(error, custom, missing)
        problems.append(Finding(file=file, line=line, field=dotted(loc), message=text))
    return problems


# What YAML's flow style makes of an amount written with a thousands separator:
# `{level: 初级工, monthly: 2,700元}` reads as monthly: 2 and a key "700元" with no value.
_THOUSANDS_TAIL = re.compile(r"^\d{3}(?:,\d{3})*(?:\.\d+)?\s*元?$")


def _split_amount(error: Any, loc: Path_, data: Any) -> tuple[Path_, str] | None:
    """An unknown field that is the tail of an amount split at its comma, said as the amount
    problem it is, at the amount's own key."""
    if error["type"] != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
        return None
    tail = loc[-1]
    if not _THOUSANDS_TAIL.match(tail) or error.get("input") is not None:
        return None
    try:
        parent = _at(data, loc[:-1])
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(parent, dict):
        return None
    keys = list(parent)
    before = keys[keys.index(tail) - 1] if tail in keys and keys.index(tail) > 0 else None
    head = parent.get(before) if before is not None else None
    if not isinstance(before, str) or not isinstance(head, int) or isinstance(head, bool):
        return None
    written = f"{head},{tail}"
    amount = f"{head}{tail.split('.')[0].removesuffix('元').strip()}"
    return (
        (*loc[:-1], before),
        f"金额 {written} 的写法有误：在 {{…}} 里，逗号用来分隔字段，它被读成了 {before}: {head} 和一个名为"
        f" {tail} 的未知字段。金额写数字，不加千位逗号，也不加“元”：{before}: {amount}",
    )


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data
