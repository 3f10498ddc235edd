"""One build at a time per output folder: an advisory lock on `out/.lock`.

Two builds into the same build/ would race on the staging folders (each cleans the other's
leftovers), on the renames and on the manifest (last writer wins, dropping the other's
records). The lock makes the second one stop at once with a clear message instead.

Why fail fast rather than wait: a second build of the same folder is almost always a slip
(two terminals, a double-started CI job); builds are incremental, so rerunning once the first
has finished is cheap and reports "up to date", while a silent wait looks like a hang.
Callers that prefer to wait pass `timeout`.

`flock` belongs to the open file, so the kernel releases it when the holder exits for any
reason, kill -9 included: there are no stale locks to clean up, and the file is never deleted
(deleting it would let a third build lock a fresh inode while the second holds the old one).

The site, the liaison table and the calendar hold the lock across building what is missing
and writing their own files (`holds_lock` lets the build they call check that they do), so no
other build can publish between the records they read and the files they write.
"""

from __future__ import annotations

import functools
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from .errors import InputError

__all__ = ["LOCK_FILE", "build_lock", "holds_lock", "locked_build"]

LOCK_FILE = ".lock"
_POLL_SECONDS = 0.1

P = ParamSpec("P")
R = TypeVar("R")


if sys.platform == "win32":  # pragma: no cover - the project runs on Debian; kept portable
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder wrote it ("进程 123@host"), or ""."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except (OSError, AttributeError):  # pragma: no cover - no pread on Windows
        return ""
    return f"（{text}）" if text else ""


def _record_holder(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"进程 {os.getpid()}@{socket.gethostname()}\n".encode(), 0)
    except (OSError, AttributeError):  # pragma: no cover - informational only
        pass


# Folders this process holds the lock of, and the thread holding each.
_held: dict[Path, int] = {}


def holds_lock(out: Path) -> bool:
    """Whether the calling thread holds `out`'s lock (taken with `build_lock`)."""
    return _held.get(out.resolve()) == threading.get_ident()


@contextmanager
def build_lock(out: Path, *, timeout: float = 0.0) -> Iterator[Path]:
    """Hold `out/.lock` for the duration of a build; yields the lock file's path.

    With `timeout` 0 (the default) a folder already locked raises `InputError` at once;
    otherwise it waits up to `timeout` seconds. Creates `out` if needed.
    """
    path = out / LOCK_FILE
    try:
        out.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC is Python's default: render workers never inherit (and so never keep) it.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as err:
        raise InputError(f"{out}: 无法创建锁文件 {LOCK_FILE}（{err.strerror or err}）") from err
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                waited = f"（已等待 {timeout:g} 秒）" if timeout > 0 else ""
                raise InputError(f"另一个生成任务{_holder(fd)}正在使用 {out}{waited}，请稍后再试")
            time.sleep(_POLL_SECONDS)
        _record_holder(fd)
        folder = out.resolve()
        _held[folder] = threading.get_ident()
        try:
            yield path
        finally:
            del _held[folder]
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def locked_build(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function taking the keyword argument `out: Path` to run under `build_lock`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        out = kwargs.get("out")
        if not isinstance(out, Path):
            raise TypeError(f"{function.__name__}() needs the keyword argument out: Path")
        with build_lock(out):
            return function(*args, **kwargs)

    return wrapper
