"""Publish: the only stage that touches build/ — compare, then write atomically."""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path

from .errors import InputError

__all__ = ["Action", "safe_output_path", "write_atomic"]


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    IDENTICAL = "identical"


def safe_output_path(out: Path, *parts: str) -> Path:
    """`out/part/part…`, refusing anything that would land outside `out`."""
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\0" in part:
            raise InputError(f"输出路径片段 {part!r} 无效")
    target = out.joinpath(*parts)
    root = out.resolve()
    if not target.resolve().is_relative_to(root):
        raise InputError(f"输出路径 {target} 超出输出目录 {out}")
    return target


def write_atomic(path: Path, data: bytes) -> Action:
    """Write via a temporary file in the same folder and rename: readers never see half a file,
    and a failure leaves the previous version in place."""
    try:
        if path.read_bytes() == data:
            return Action.IDENTICAL
        action = Action.UPDATE
    except FileNotFoundError:
        action = Action.CREATE
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return action
