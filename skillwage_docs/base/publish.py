"""Publish: the only stage that touches build/ — compare, then write atomically.

A build renders into a staging folder inside `out` (`new_staging`), then moves each file into
place with one rename (`move_into_place`) once every target has passed, and writes the manifest
last; `clean_stale_staging` removes what a killed build left behind.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
import threading
import zipfile
from enum import StrEnum
from pathlib import Path

from .errors import InputError
from .model import name_problem

__all__ = [
    "STAGING_PREFIX",
    "Action",
    "check_name",
    "clean_stale_staging",
    "deterministic_zip",
    "move_into_place",
    "name_problem",
    "new_staging",
    "safe_output_path",
    "write_atomic",
]

STAGING_PREFIX = ".staging-"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    IDENTICAL = "identical"


def check_name(name: str, *, what: str = "输出路径片段") -> str:
    """`name` if it is a safe, portable path component, else `InputError` saying why."""
    problem = name_problem(name)
    if problem is not None:
        raise InputError(f"{what} {name!r} 无效：{problem}")
    return name


def safe_output_path(out: Path, *parts: str) -> Path:
    """`out/part/part…`, refusing anything that would land outside `out` (`..`, an absolute
    path, a separator, NUL, a hidden or reserved name, or a symlink pointing elsewhere)."""
    for part in parts:
        check_name(part)
    target = out.joinpath(*parts)
    root = out.resolve()
    if not target.resolve().is_relative_to(root):
        raise InputError(f"输出路径 {target} 超出输出目录 {out}")
    return target


_umask_lock = threading.Lock()
_umask: int | None = None


def _default_mode() -> int:
    """0o666 minus the process umask: what `open()` would give a new file. (mkstemp's 0o600
    would leave published files unreadable to the web server or colleagues.)"""
    global _umask
    with _umask_lock:
        if _umask is None:
            _umask = _read_umask()
        return 0o666 & ~_umask


def _read_umask() -> int:
    try:  # Linux ≥ 4.7 reports it without changing it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere reading the umask means setting it: restore at once
    os.umask(current)
    return current


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (a crash right after it must not undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - e.g. Windows, where directories cannot be opened
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> Action:
    """Write via a temporary file in the same folder and rename: readers never see half a file,
    and a failure (or a kill -9) leaves the previous version in place.

    The new file keeps the old one's permissions (or gets the umask default); an unwritable
    folder, a full disk or a directory in the way is an `InputError` naming the path.
    """
    try:
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            action, mode = Action.CREATE, _default_mode()
        else:
            if old == data:
                return Action.IDENTICAL
            action, mode = Action.UPDATE, stat.S_IMODE(path.stat().st_mode)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as err:
        raise InputError(f"{path}: 无法写入（{err.strerror or err}）") from err
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as err:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise InputError(f"{path}: 无法写入（{err.strerror or err}）") from err
        raise
    _fsync_directory(path.parent)
    return action


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def deterministic_zip(data: bytes, *, compresslevel: int | None = 6) -> bytes:
    """Rewrite a zip (DOCX, XLSX) with fixed entry dates: same input, same bytes, so builds are
    reproducible and an unchanged file is reported "identical"."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename), compresslevel=compresslevel)
    return out.getvalue()


def new_staging(out: Path) -> Path:
    """A fresh staging folder inside `out` (same file system: publishing is a rename)."""
    out.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))


def clean_stale_staging(out: Path) -> None:
    """Remove staging folders a killed build left (callers hold the build lock)."""
    if out.is_dir():
        for leftover in out.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


def move_into_place(staged: Path, final: Path) -> Action:
    """Rename a staged file over its published name: readers see the old file or the new one.
    The action says whether a file was there before (the caller compares contents)."""
    existed = final.exists()
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, final)
    return Action.UPDATE if existed else Action.CREATE
