"""Read YAML as plain data while remembering the file and line of every key.

Context files come from other hands, so they are read as data and nothing else: only plain
files of bounded size, the safe loader (no tags that build Python objects — any explicit tag
beyond the plain scalar, list and mapping types is refused), duplicate keys are errors rather
than a silent last-one-wins, nesting depth and node count (aliases expanded) are bounded, and
numbers that YAML 1.1 would silently read as octal, hexadecimal or base 60 are refused.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .findings import Finding

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Located", "Path_", "load_yaml", "merge", "read_source"]

Path_ = tuple[str | int, ...]
MAX_BYTES = 2_000_000
MAX_NODES = 200_000
# The deepest real context is four levels (occupations[0].monthly.初级工); libyaml stops at
# 1000 and Python's own recursion limit is reached just below that, so refuse far earlier.
MAX_DEPTH = 32
_SHOWN_CHARS = 60  # a value quoted in an error message is cut to this length

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_YAML_TAG = "tag:yaml.org,2002:"
# Plain data only: scalars a context may hold and the two collection kinds. `!!binary`,
# `!!set`, `!!omap`, `!!python/…` and local tags (`!foo`) are refused, not ignored.
_SCALAR_TAGS = frozenset(
    _YAML_TAG + name for name in ("null", "bool", "int", "float", "str", "timestamp")
)
_MAPPING_TAG = _YAML_TAG + "map"
_SEQUENCE_TAG = _YAML_TAG + "seq"
# YAML 1.1 reads 02300 as octal 1216, 0x8FC as hex, 38:20 as base 60 (2300) and 2_300 as 2300:
# a figure must be a plain decimal, or it is refused rather than silently changed.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# libyaml's messages, with a Chinese hint for the slips people actually make.
_HINTS = {
    "found character that cannot start any token": "含有不能开始一个值的字符（Tab 缩进？@ 或 ` 开头的值须加引号）",
    "found a tab character where an indentation space is expected": "缩进中有 Tab，请改用空格",
    "mapping values are not allowed": "冒号用法有误（值中的“: ”须加引号，或缩进不一致）",
    "did not find expected key": "缩进不一致",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found undefined alias": "引用了未定义的锚点（*名称）",
    "found duplicate anchor": "锚点（&名称）重复定义",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "expected a single document in the stream": "一个文件只能有一个 YAML 文档（去掉多余的 ---）",
    "exceeded maximum nesting depth": f"嵌套过深（超过 {MAX_DEPTH} 层）",
}


@dataclass
class Located:
    """A parsed YAML document plus where each key path was written."""

    data: Any
    positions: dict[Path_, tuple[Path, int]] = field(default_factory=dict)

    def where(self, path: Path_, default: Path) -> tuple[Path, int]:
        """The file and line of the deepest written prefix of `path`."""
        for end in range(len(path), 0, -1):
            hit = self.positions.get(path[:end])
            if hit is not None:
                return hit
        return self.positions.get((), (default, 1))

    def cite(self, path: Path_, default: Path) -> str:
        """`file:line` of `path`, as error messages name it."""
        file, line = self.where(path, default)
        return f"{file}:{line}"

    def holding(self, characters: Iterable[str]) -> Iterator[tuple[Path_, str]]:
        """(key path, the given characters it holds) for every string value holding any of
        `characters`, in document order: a render problem traced back to the field."""
        wanted = frozenset(characters)

        def walk(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
            if isinstance(value, str):
                found = "".join(sorted(wanted.intersection(value)))
                if found:
                    yield path, found
            elif isinstance(value, dict):
                for key, item in value.items():
                    yield from walk(key, (*path, key))  # a key is printed too (a level name)
                    yield from walk(item, (*path, key))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from walk(item, (*path, index))

        return walk(self.data, ())


def _display(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (OSError, ValueError):
        return path


def shorten(value: object, limit: int = _SHOWN_CHARS) -> str:
    """`repr(value)`, cut to `limit` characters: an error line never repeats a huge input."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…（共 {len(text)} 个字符）"


def read_source(path: Path, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a context file: a regular file of at most `limit` bytes, or `InputError`.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device such as
    /dev/zero, a directory named `x.yaml` or a dangling link is an error, never a hang or an
    unbounded read; at most `limit + 1` bytes are ever read.
    """
    # The path a message names is worked out only for a message: resolving it for every
    # file read was most of a no-op build's time at 14,000 agreements.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise InputError(
            Finding(file=_display(path), message=f"无法读取文件（{err.strerror}）")
        ) from err
    except ValueError as err:  # a NUL in the path
        raise InputError(f"{_display(path)!r}: 文件名无效") from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Finding(file=_display(path), message="不是普通文件，拒绝读取"))
        if info.st_size > limit:
            raise InputError(
                Finding(
                    file=_display(path),
                    message=f"文件过大（{info.st_size} 字节，上限 {limit}），拒绝处理",
                )
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    except OSError as err:
        raise InputError(
            Finding(file=_display(path), message=f"无法读取文件（{err.strerror}）")
        ) from err
    finally:
        os.close(fd)
    if len(raw) > limit:  # grew after the check
        raise InputError(
            Finding(file=_display(path), message=f"文件过大（超过上限 {limit} 字节），拒绝处理")
        )
    return raw


def load_yaml(path: Path) -> Located:
    """Parse one YAML file safely; every failure is an `InputError` naming file and line."""
    shown = _display(path)
    raw = read_source(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            Finding(file=shown, message=f"不是 UTF-8 编码的文本（第 {err.start} 字节）")
        ) from err
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise InputError(
            Finding(file=shown, line=line, message=f"YAML 格式错误：{_describe(err)}")
        ) from err
    except yaml.reader.ReaderError as err:  # a character YAML forbids, e.g. NUL or U+FFFE
        line = text.count("\n", 0, max(err.position, 0)) + 1
        raise InputError(
            Finding(
                file=shown,
                line=line,
                message=f"含有 YAML 不允许的字符 U+{err.character:04X}（控制字符或非字符；"
                "如确需要，请在双引号字符串中写成转义形式）",
            )
        ) from err
    except yaml.YAMLError as err:
        raise InputError(
            Finding(file=shown, message=f"YAML 格式错误：{str(err).splitlines()[0]}")
        ) from err
    # An empty file still owns its root: a field missing from it is reported against it,
    # not against the region file it inherits from.
    located = Located(data={}, positions={(): (shown, 1)})
    if node is None:
        return located
    located.positions[()] = (shown, node.start_mark.line + 1)
    budget = [MAX_NODES]
    located.data = _build(node, (), shown, located.positions, budget)
    return located


def _describe(err: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (err.context, err.problem) if part]
    text = "；".join(parts) or "无法解析"
    hint = next((hint for key, hint in _HINTS.items() if key in text), None)
    return f"{hint}（{text}）" if hint else text


_constructor = yaml.constructor.SafeConstructor()


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def _build(
    node: yaml.Node,
    path: Path_,
    shown: Path,
    positions: dict[Path_, tuple[Path, int]],
    budget: list[int],
) -> Any:
    line = node.start_mark.line + 1
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(
            Finding(file=shown, message=f"节点过多（超过 {MAX_NODES} 个，含别名展开），拒绝处理")
        )
    if len(path) > MAX_DEPTH:
        deep = Finding(file=shown, line=line, field=f"{_dotted(path[:4])}…")
        raise InputError(replace(deep, message=f"嵌套过深（超过 {MAX_DEPTH} 层），拒绝处理"))
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, path, shown, positions, budget)
    if isinstance(node, yaml.SequenceNode):
        _require_tag(node, _SEQUENCE_TAG, path, shown)
        items = []
        for index, item in enumerate(node.value):
            positions[(*path, index)] = (shown, item.start_mark.line + 1)
            items.append(_build(item, (*path, index), shown, positions, budget))
        return items
    return _scalar(node, path, shown)


def _mapping(
    node: yaml.MappingNode,
    path: Path_,
    shown: Path,
    positions: dict[Path_, tuple[Path, int]],
    budget: list[int],
) -> dict[str, Any]:
    _require_tag(node, _MAPPING_TAG, path, shown)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _YAML_TAG + "merge":
            raise InputError(
                Finding(file=shown, line=line, message="不支持的键（只允许普通文本键）")
            )
        if key_node.tag not in _SCALAR_TAGS:
            raise InputError(
                _at(shown, line, path, f"不支持的 YAML 标签 {_tag_name(key_node.tag)}")
            )
        key = str(key_node.value)
        if key in result:
            raise InputError(_at(shown, line, (*path, key), "键重复"))
        positions[(*path, key)] = (shown, line)
        result[key] = _build(value_node, (*path, key), shown, positions, budget)
    return result


def _scalar(node: yaml.Node, path: Path_, shown: Path) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _SCALAR_TAGS:
        raise InputError(_unsupported_tag(shown, line, path, node.tag))
    if node.tag == _YAML_TAG + "int" and not _PLAIN_INT.fullmatch(node.value):
        raise InputError(_ambiguous(shown, line, path, node.value))
    if node.tag == _YAML_TAG + "float" and not _PLAIN_FLOAT.fullmatch(node.value):
        raise InputError(_ambiguous(shown, line, path, node.value))
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as err:
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise InputError(_at(shown, line, path, f"无法解析的值（{problem}）")) from err
    except ValueError as err:  # e.g. a date such as 2025-02-30, or an int of 5000 digits
        raise InputError(_at(shown, line, path, f"无效的值 {shorten(node.value)}")) from err


def _at(shown: Path, line: int, path: Path_, message: str) -> Finding:
    # Built only when raising: this module reads every key of every context.
    return Finding(file=shown, line=line, field=_dotted(path), message=message)


def _require_tag(node: yaml.Node, expected: str, path: Path_, shown: Path) -> None:
    if node.tag != expected:
        raise InputError(_unsupported_tag(shown, node.start_mark.line + 1, path, node.tag))


def _unsupported_tag(shown: Path, line: int, path: Path_, tag: str) -> Finding:
    return Finding(
        file=shown,
        line=line,
        field=_dotted(path),
        message=f"不支持的 YAML 标签 {_tag_name(tag)}（上下文文件只能写文本、数字、日期、列表和映射）",
    )


def _ambiguous(shown: Path, line: int, path: Path_, value: str) -> Finding:
    return Finding(
        file=shown,
        line=line,
        field=_dotted(path),
        message=f"数字 {shorten(value)} 写法有歧义（YAML 会按八进制、十六进制或六十进制解读，"
        "或忽略下划线）；请写成普通十进制数，如 2300",
    )


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, str) and not part.isprintable():
            part = repr(part)  # a key is printed to a terminal: never raw ESC or line breaks
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "（根）"


def merge(base: Located, override: Located) -> Located:
    """Deep-merge two documents: mappings merge key by key, anything else is replaced.

    Positions follow the value that won, so an error on an inherited field points
    at the region file and an error on an overridden one at the industry file.
    """
    merged = Located(data=_merge_data(base.data, override.data))
    replaced = set(_replaced_paths(base.data, override.data, ()))
    # A base position survives unless it lies under a replaced value. Checking each key's
    # prefixes (depth ≤ MAX_DEPTH) keeps this linear: two files sharing 100,000 keys must not
    # cost 100,000 × 200,000 comparisons.
    merged.positions.update(
        (key, where)
        for key, where in base.positions.items()
        if not any(key[:end] in replaced for end in range(1, len(key) + 1))
    )
    merged.positions.update(override.positions)
    return merged


def _merge_data(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _merge_data(base[key], value) if key in base else value
        return out
    return override


def _replaced_paths(base: Any, override: Any, path: Path_) -> Iterator[Path_]:
    if isinstance(base, dict) and isinstance(override, dict):
        for key, value in override.items():
            if key in base:
                yield from _replaced_paths(base[key], value, (*path, key))
    elif path:
        yield path


dotted = _dotted
