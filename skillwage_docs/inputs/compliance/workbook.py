"""A workbook from other hands, opened as data and nothing else: a bounded file size and
unpacked size, openpyxl in read-only mode with cached values only (`data_only`: no formula is
evaluated, and none is needed — the floors come from the agreement, never from the sheet), no
external links followed, no macros kept; its cells read as text, numbers and blanks, and every
problem collected with its place (`Reader`) before any is raised."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ...base.errors import InputError
from ...base.findings import Finding
from ...base.yamlsource import read_source

__all__ = [
    "MAX_BYTES",
    "MAX_UNPACKED",
    "Reader",
    "cause_of",
    "cell_number",
    "cell_text",
    "column_letter",
    "is_blank",
    "open_workbook",
    "quoted",
    "sheet_rows",
]

MAX_BYTES = 10_000_000  # a filled form of thousands of rows is well under 1 MB
MAX_UNPACKED = 100_000_000  # what the zip may expand to: no zip bombs
MAX_ENTRIES = 2_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-encrypted .xlsx
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


def quoted(value: object, limit: int = 30) -> str:
    """A cell's value quoted in a message: control characters escaped, long text cut."""
    text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(value))
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def open_workbook(path: Path, shown: str) -> Any:
    """The workbook, read-only with cached values; `InputError` for anything that is not a
    sound, bounded XLSX file."""
    raw = read_source(path, limit=MAX_BYTES)  # regular file, bounded read, named errors
    if raw.startswith(_OLE):
        raise InputError(
            _at(
                shown,
                "是旧版 Excel（.xls）文件或加了密码的工作簿：请用 Excel 或 WPS 另存为"
                " .xlsx（不设打开密码）",
            )
        )
    if not raw.startswith(b"PK"):
        raise InputError(_at(shown, "不是 XLSX 工作簿（文件不是 zip 格式）：请用自查表模板填写"))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            names = {info.filename for info in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise InputError(
            _at(shown, f"不是完好的 XLSX 工作簿（zip 已损坏：{quoted(err, 60)}）")
        ) from err
    if len(entries) > MAX_ENTRIES:
        raise InputError(_at(shown, f"工作簿内部文件过多（{len(entries)} 个），拒绝处理"))
    unpacked = sum(info.file_size for info in entries)
    if unpacked > MAX_UNPACKED:
        raise InputError(
            _at(shown, f"工作簿解压后过大（{unpacked} 字节，上限 {MAX_UNPACKED}），拒绝处理")
        )
    if "xl/workbook.xml" not in names:
        raise InputError(
            _at(shown, "不是 XLSX 工作簿（缺少 xl/workbook.xml；Word 或其他 zip 文件？）")
        )

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (extensions, unsupported validation): the
            # data cells are what matters, and pytest turns warnings into errors.
            warnings.simplefilter("ignore")
            return load_workbook(
                io.BytesIO(raw), read_only=True, data_only=True, keep_links=False, keep_vba=False
            )
    except Exception as err:  # a broken part of a file from other hands, whatever openpyxl raises
        raise InputError(_at(shown, f"工作簿已损坏，无法读取（{cause_of(err)}）")) from err


def _at(shown: str, message: str) -> Finding:
    """A problem with the whole workbook, located at its file."""
    return Finding(file=Path(shown), message=message)


def cause_of(err: BaseException) -> str:
    """The innermost cause, which names the fault (openpyxl wraps it in a general ValueError)."""
    seen = {id(err)}
    while err.__cause__ is not None and id(err.__cause__) not in seen:
        err = err.__cause__
        seen.add(id(err))
    return f"{type(err).__name__}: {quoted(err, 80)}"


def sheet_rows(
    sheet: Any, first: int, width: int, limit: int
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) from `first` on, `width` columns, at most `limit` rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, values in enumerate(
            sheet.iter_rows(
                min_row=first, max_row=first + limit - 1, max_col=width, values_only=True
            ),
            first,
        ):
            padded = tuple(values) + (None,) * (width - len(values))
            yield number, padded


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Reader:
    """Collects every problem with its place, then raises them together."""

    shown: str
    problems: list[Finding] = field(default_factory=list)

    def at(self, sheet: str, cell: str, what: str, message: str) -> None:
        self.problems.append(
            Finding(file=Path(self.shown), place=f"{sheet}!{cell}", field=what, message=message)
        )

    def sheet_problem(self, sheet: str, message: str) -> None:
        self.problems.append(Finding(file=Path(self.shown), place=sheet, message=message))

    def book_problem(self, message: str, what: str = "") -> None:
        self.problems.append(Finding(file=Path(self.shown), field=what, message=message))

    def fail_if_any(self) -> None:
        if self.problems:
            raise InputError(
                _at(self.shown, f"{len(self.problems)} 处错误，未核对履约情况"),
                details=self.problems,
            )


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(index + 1))


def cell_text(value: Any) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def cell_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
