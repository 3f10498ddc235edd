"""Read YAML as plain data while remembering the file and line of every key.

Context files come from other hands, so they are parsed with the safe loader only
(no tags that build Python objects), duplicate keys are errors rather than a silent
last-one-wins, and size is bounded before parsing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

__all__ = ["Located", "Path_", "load_yaml", "merge"]

Path_ = tuple[str | int, ...]
MAX_BYTES = 2_000_000
MAX_NODES = 200_000

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


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


def _display(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def load_yaml(path: Path) -> Located:
    """Parse one YAML file safely; every failure is an `InputError` naming file and line."""
    shown = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{shown}: 无法读取文件（{err.strerror}）") from err
    if len(raw) > MAX_BYTES:
        raise InputError(f"{shown}: 文件过大（{len(raw)} 字节，上限 {MAX_BYTES}），拒绝处理")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{shown}: 不是 UTF-8 编码的文本（第 {err.start} 字节）") from err
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise InputError(f"{shown}:{line}: YAML 格式错误：{err.problem}") from err
    except yaml.YAMLError as err:
        raise InputError(f"{shown}: YAML 格式错误：{err}") from err
    located = Located(data={})
    if node is None:
        return located
    located.positions[()] = (shown, node.start_mark.line + 1)
    budget = [MAX_NODES]
    located.data = _build(node, (), shown, located.positions, budget)
    return located


_constructor = yaml.constructor.SafeConstructor()


def _build(
    node: yaml.Node,
    path: Path_,
    shown: Path,
    positions: dict[Path_, tuple[Path, int]],
    budget: list[int],
) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(f"{shown}: 节点过多（超过 {MAX_NODES} 个），拒绝处理")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(f"{shown}:{line}: 不支持的键（只允许普通文本键）")
            key = str(key_node.value)
            if key in result:
                raise InputError(f"{shown}:{line}: {_dotted((*path, key))}: 键重复")
            positions[(*path, key)] = (shown, line)
            result[key] = _build(value_node, (*path, key), shown, positions, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            positions[(*path, index)] = (shown, item.start_mark.line + 1)
            items.append(_build(item, (*path, index), shown, positions, budget))
        return items
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as err:
        line = node.start_mark.line + 1
        raise InputError(f"{shown}:{line}: {_dotted(path)}: 无法解析的值（{err}）") from err
    except ValueError as err:  # e.g. a date such as 2025-02-30
        line = node.start_mark.line + 1
        raise InputError(f"{shown}:{line}: {_dotted(path)}: 无效的值 {node.value!r}") from err


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "（根）"


def merge(base: Located, override: Located) -> Located:
    """Deep-merge two documents: mappings merge key by key, anything else is replaced.

    Positions follow the value that won, so an error on an inherited field points
    at the region file and an error on an overridden one at the industry file.
    """
    merged = Located(data=_merge_data(base.data, override.data))
    merged.positions.update(base.positions)
    for path in _replaced_paths(base.data, override.data, ()):
        for key in [k for k in merged.positions if k[: len(path)] == path]:
            del merged.positions[key]
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
