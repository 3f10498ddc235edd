"""Import a filled 企业履约情况自查表 (XLSX) and flag every enterprise paying below the floor.

The workbook is data from other hands, read as data and nothing else: a bounded file size and
unpacked size, openpyxl in read-only mode with cached values only (`data_only`: no formula is
evaluated, and none is needed — the floors come from the agreement, never from the sheet), no
external links followed, no macros kept. Every problem is collected first and reported one line
each as `FILE:Sheet!C7: 字段: message`, like the YAML errors (`file:line: field: message`).

Outcomes: a malformed workbook is an `InputError` (exit 2); a well-formed one is a
`ComplianceReport` whose `shortfalls` name each enterprise, row, pay, floor and shortfall (the CLI
exits 1 when there are any), with the statutory minimum named where the pay is at or below it.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..base.figures import yuan
from ..base.yamlsource import read_source
from ..inputs.agreement import Agreement
from ..inputs.loader import load_agreements
from ..inputs.minimum_wage import Applicable, MinimumWageTable, load_minimum_wages
from ..inputs.terms import SkillLevel
from .compliance_form import (
    CODE_ROW,
    COLUMNS,
    FIRST_ROW,
    FLOORS_FIRST_ROW,
    FLOORS_HEADER_ROW,
    FLOORS_HEADERS,
    FLOORS_SHEET,
    FORM_SHEET,
    GENERAL,
    HEADER_ROW,
    Floor,
    agreement_code,
    floor_for,
    floors,
    schedules,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "ComplianceReport",
    "Enterprise",
    "Shortfall",
    "check_compliance",
    "credit_code_problem",
    "read_compliance",
]

MAX_BYTES = 10_000_000  # a filled form of thousands of rows is well under 1 MB
MAX_UNPACKED = 100_000_000  # what the zip may expand to: no zip bombs
MAX_ENTRIES = 2_000
MAX_ROWS = 20_000
MAX_TEXT = 200
MAX_HEADCOUNT = 1_000_000
MAX_PAY = Decimal(1_000_000)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-encrypted .xlsx
_FORMULA_TEXTS = frozenset({"无此工种/类别", "无此等级标准"})  # what the floor formula may show
_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)

# 统一社会信用代码 (GB 32100-2015): 17 characters and a check character, from 31 symbols.
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a 统一社会信用代码 (length, characters, check character), or None."""
    if len(code) != 18:
        return f"应为 18 位（实际 {len(code)} 位）"
    bad = [ch for ch in code if ch not in _CODE_CHARS]
    if bad:
        return f"含有不允许的字符“{_shown(bad[0])}”（只用数字和除 I、O、S、V、Z 以外的大写字母）"
    total = sum(
        _CODE_CHARS.index(ch) * weight for ch, weight in zip(code[:17], _CODE_WEIGHTS, strict=True)
    )
    if _CODE_CHARS[(31 - total % 31) % 31] != code[17]:
        return "校验位不符（GB 32100-2015），请核对是否抄错"
    return None


def _shown(value: object, limit: int = 30) -> str:
    """A cell's value quoted in a message: control characters escaped, long text cut."""
    text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(value))
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@dataclass(frozen=True)
class Enterprise:
    name: str
    credit_code: str | None
    contact: str
    period_start: date
    period_end: date
    rows: int
    headcount: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "credit_code": self.credit_code,
            "contact": self.contact,
            "period": [self.period_start.isoformat(), self.period_end.isoformat()],
            "rows": self.rows,
            "headcount": self.headcount,
        }


@dataclass(frozen=True)
class Shortfall:
    """One row whose lowest pay is below the agreed floor (or at/below the legal minimum)."""

    location: str  # FILE:自查表!J9, the pay cell
    enterprise: str
    schedule: str
    level: str
    headcount: int
    pay: Decimal
    floor: Decimal
    shortfall: Decimal  # per worker per month
    minimum: Decimal  # the statutory minimum in force at the end of the period checked
    minimum_text: str

    @property
    def label(self) -> str:
        return f"{self.schedule}·{self.level}" if self.schedule else self.level

    def line(self) -> str:
        text = (
            f"{self.location}: 实发最低月工资: {self.enterprise} {self.label}（{self.headcount}人）"
            f"实发最低 {yuan(self.pay)} 元"
        )
        if self.pay < self.floor:
            text += f"，低于约定标准 {yuan(self.floor)} 元"
        text += f"，应补差额 {yuan(self.shortfall)} 元/月"
        if self.pay <= self.minimum:
            relation = "低于" if self.pay < self.minimum else "仅等于"
            text += f"；且{relation}当地最低工资标准 {yuan(self.minimum)} 元（{self.minimum_text}）"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "enterprise": self.enterprise,
            "schedule": self.schedule,
            "level": self.level,
            "headcount": self.headcount,
            "lowest_pay": yuan(self.pay),
            "floor": yuan(self.floor),
            "shortfall": yuan(self.shortfall),
            "minimum": yuan(self.minimum),
            "below_minimum": self.pay <= self.minimum,
            "message": self.line(),
        }


@dataclass
class ComplianceReport:
    file: str
    agreement: Agreement
    enterprises: list[Enterprise] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.shortfalls

    def summary(self) -> str:
        a = self.agreement
        which = f"合同：{a.display_title}（{agreement_code(a)}）"
        people = sum(e.headcount for e in self.enterprises)
        if self.ok:
            start = min(e.period_start for e in self.enterprises).isoformat()
            end = max(e.period_end for e in self.enterprises).isoformat()
            return (
                f"{self.file}: {len(self.enterprises)} 家企业、{self.rows} 行、共 {people} 人，"
                f"实发最低月工资均不低于约定标准（自查期间 {start} 至 {end}）；{which}"
            )
        below = len(dict.fromkeys(s.enterprise for s in self.shortfalls))
        return (
            f"{self.file}: {len(self.enterprises)} 家企业中 {below} 家有技能人才实发工资低于约定标准"
            f"（{len(self.shortfalls)} 行），应补足差额；{which}"
        )

    def lines(self) -> list[str]:
        return [*(s.line() for s in self.shortfalls), self.summary()]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "agreement": agreement_code(self.agreement),
            "title": self.agreement.display_title,
            "ok": self.ok,
            "rows": self.rows,
            "enterprises": [e.to_json() for e in self.enterprises],
            "shortfalls": [s.to_json() for s in self.shortfalls],
            "summary": self.summary(),
        }


# --- reading the file ------------------------------------------------------------------------


def _open(path: Path, shown: str) -> Any:
    """The workbook, read-only with cached values; `InputError` for anything that is not a
    sound, bounded XLSX file."""
    raw = read_source(path, limit=MAX_BYTES)  # regular file, bounded read, named errors
    if raw.startswith(_OLE):
        raise InputError(
            f"{shown}: 是旧版 Excel（.xls）文件或加了密码的工作簿：请用 Excel 或 WPS 另存为"
            " .xlsx（不设打开密码）"
        )
    if not raw.startswith(b"PK"):
        raise InputError(f"{shown}: 不是 XLSX 工作簿（文件不是 zip 格式）：请用自查表模板填写")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            names = {info.filename for info in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise InputError(
            f"{shown}: 不是完好的 XLSX 工作簿（zip 已损坏：{_shown(err, 60)}）"
        ) from err
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"{shown}: 工作簿内部文件过多（{len(entries)} 个），拒绝处理")
    unpacked = sum(info.file_size for info in entries)
    if unpacked > MAX_UNPACKED:
        raise InputError(
            f"{shown}: 工作簿解压后过大（{unpacked} 字节，上限 {MAX_UNPACKED}），拒绝处理"
        )
    if "xl/workbook.xml" not in names:
        raise InputError(
            f"{shown}: 不是 XLSX 工作簿（缺少 xl/workbook.xml；Word 或其他 zip 文件？）"
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
        raise InputError(f"{shown}: 工作簿已损坏，无法读取（{_cause(err)}）") from err


def _cause(err: BaseException) -> str:
    """The innermost cause, which names the fault (openpyxl wraps it in a general ValueError)."""
    seen = {id(err)}
    while err.__cause__ is not None and id(err.__cause__) not in seen:
        err = err.__cause__
        seen.add(id(err))
    return f"{type(err).__name__}: {_shown(err, 80)}"


def _rows(sheet: Any, first: int, width: int, limit: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
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


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Reader:
    """Collects every problem with its place, then raises them together."""

    shown: str
    problems: list[str] = field(default_factory=list)

    def at(self, sheet: str, cell: str, what: str, message: str) -> None:
        self.problems.append(f"{self.shown}:{sheet}!{cell}: {what}: {message}")

    def sheet_problem(self, sheet: str, message: str) -> None:
        self.problems.append(f"{self.shown}:{sheet}: {message}")

    def fail_if_any(self) -> None:
        if self.problems:
            raise InputError(
                f"{self.shown}: {len(self.problems)} 处错误，未核对履约情况", details=self.problems
            )


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(index + 1))


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


# --- the agreement the workbook was made for ----------------------------------------------------


def _workbook_code(book: Any) -> str | None:
    """约定标准!C3, where the form wrote the code of its agreement."""
    for _, values in _rows(book[FLOORS_SHEET], CODE_ROW, 3, 1):
        return None if _blank(values[2]) else _text(values[2])
    return None


def _resolve_agreement(
    contexts: Path, region: str, slug: str | None, book: Any, reader: _Reader
) -> Agreement:
    code = _workbook_code(book)
    cell = f"C{CODE_ROW}"
    if slug is None:
        if code is None or code.count("/") != 1:
            reader.at(
                FLOORS_SHEET,
                cell,
                "合同代码",
                "缺少合同代码（如 yangquan/manufacturing）：请用 --agreement 指定合同",
            )
            reader.fail_if_any()
        assert code is not None
        code_region, slug = code.split("/")
        if code_region != region:
            reader.at(
                FLOORS_SHEET,
                cell,
                "合同代码",
                f"工作簿属于地区 {_shown(code_region)}，不是 {region}",
            )
            reader.fail_if_any()
        try:
            return load_agreements(contexts, region, [slug])[0].agreement
        except InputError as err:
            reader.at(FLOORS_SHEET, cell, "合同代码", err.message)
            reader.fail_if_any()
    agreement = load_agreements(contexts, region, [slug])[0].agreement
    if code is not None and code != agreement_code(agreement):
        reader.at(
            FLOORS_SHEET,
            cell,
            "合同代码",
            f"工作簿是 {_shown(code)} 的自查表，与 --agreement {slug}（{agreement_code(agreement)}）不符",
        )
    return agreement


# --- the floors sheet ------------------------------------------------------------------------------


def _check_floors_sheet(book: Any, table: Sequence[Floor], reader: _Reader) -> None:
    """The 约定标准 sheet must still say what the agreement says, cell for cell: an edited
    floor there would change every formula that looks it up."""
    sheet = book[FLOORS_SHEET]
    width = len(FLOORS_HEADERS)
    rows = _rows(sheet, FLOORS_HEADER_ROW, width, len(table) + 50)
    _, header = next(rows, (FLOORS_HEADER_ROW, (None,) * width))
    wrong_header = False
    for index, expected in enumerate(FLOORS_HEADERS):
        if _text(header[index] or "") != expected:
            wrong_header = True
            reader.at(
                FLOORS_SHEET,
                f"{_letter(index)}{FLOORS_HEADER_ROW}",
                "表头",
                f"应为“{expected}”（实际为“{_shown(header[index] or '')}”）",
            )
    if wrong_header:
        return
    expected_rows = iter(table)
    for number, values in rows:
        floor = next(expected_rows, None)
        if floor is None:
            if not all(_blank(v) for v in values):
                reader.at(FLOORS_SHEET, f"A{number}", "约定标准", "多出的一行：合同中没有该标准")
            continue
        label = f"{floor.shown_schedule}·{floor.level.value}"
        if values[0] != floor.key or _text(values[2] or "") != floor.level.value:
            reader.at(
                FLOORS_SHEET,
                f"A{number}",
                "约定标准",
                f"应为“{label}”一行（表中的行被改动、删除或调换）",
            )
            continue
        amount = _number(values[3])
        if amount != floor.amount:
            shown = _shown(values[3]) if values[3] is not None else "空"
            reader.at(
                FLOORS_SHEET,
                f"D{number}",
                "月标准",
                f"与合同约定不符（表中为 {shown}，合同约定{label} {yuan(floor.amount)} 元）",
            )
    missing = list(expected_rows)
    if missing:
        names = "、".join(f"{f.shown_schedule}·{f.level.value}" for f in missing[:5])
        reader.at(
            FLOORS_SHEET,
            f"A{FLOORS_FIRST_ROW + len(table) - len(missing)}",
            "约定标准",
            f"缺少 {len(missing)} 行：{names}",
        )


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --- the form rows ---------------------------------------------------------------------------------


@dataclass
class _Row:
    """One form row as read. `failed` names the cells that had a problem (already reported):
    a row with any is never compared, and its failed details are not reported missing again."""

    number: int
    enterprise: str | None
    credit_code: str | None
    contact: str | None
    period_start: date | None
    period_end: date | None
    schedule: str
    level: SkillLevel | None
    headcount: int | None
    pay: Decimal | None
    floor: Floor | None
    failed: set[str] = field(default_factory=set)


def _cell(key: str, row: int) -> str:
    return f"{_letter(_INDEX[key])}{row}"


def _field(key: str) -> str:
    return COLUMNS[_INDEX[key]].field


class _RowReader:
    """Reads one form row's cells into typed values, reporting each bad cell."""

    def __init__(self, reader: _Reader, agreement: Agreement, table: Sequence[Floor]) -> None:
        self.reader = reader
        self.table = table
        self.names = schedules(agreement)
        self.level_names = [
            level.value for level in sorted({f.level for f in table}, key=lambda lv: lv.rank)
        ]

    def bad(self, key: str, row: int, message: str) -> None:
        self.reader.at(FORM_SHEET, _cell(key, row), _field(key), message)

    def text(self, key: str, row: int, value: Any, *, required: bool = False) -> str | None:
        if _blank(value):
            if required:
                self.bad(key, row, "不能为空")
            return None
        if not isinstance(value, str):
            self.bad(key, row, f"应为文本（实际为 {_shown(value)}；单元格格式应为“文本”）")
            return None
        text = _text(value)
        if len(text) > MAX_TEXT:
            self.bad(key, row, f"过长（{len(text)} 个字符，上限 {MAX_TEXT}）")
            return None
        return text

    def day(self, key: str, row: int, value: Any) -> date | None:
        if _blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            self.bad(key, row, f"应为日期，如 2025-12-31（实际为文本“{_shown(value)}”）")
        else:
            self.bad(
                key, row, f"应为日期，如 2025-12-31（实际为 {_shown(value)}，单元格格式不是日期）"
            )
        return None

    def amount(self, key: str, row: int, value: Any) -> Decimal | None:
        number = _number(value)
        if number is None:
            if isinstance(value, str):
                self.bad(
                    key,
                    row,
                    f"应为数字（实际为文本“{_shown(value)}”；金额只填数字，不带单位或逗号）",
                )
            else:
                self.bad(key, row, f"应为数字（实际为 {_shown(value)}）")
            return None
        if number <= 0:
            self.bad(key, row, f"必须大于 0（实际为 {yuan(number)}）")
        elif number >= MAX_PAY:
            self.bad(key, row, f"数值过大，不合常理（实际为 {yuan(number)}）")
        elif number != number.quantize(Decimal("0.01")):
            self.bad(key, row, f"最多两位小数（实际为 {_shown(value)}）")
        else:
            return number
        return None

    def count(self, key: str, row: int, value: Any) -> int | None:
        number = _number(value)
        if number is None:
            kind = f"文本“{_shown(value)}”" if isinstance(value, str) else _shown(value)
            self.bad(key, row, f"应为整数（实际为 {kind}）")
            return None
        if number < 0:
            self.bad(key, row, f"不能为负数（实际为 {yuan(number)}）")
        elif number != number.to_integral_value():
            self.bad(key, row, f"应为整数（实际为 {yuan(number)}）")
        elif number > MAX_HEADCOUNT:
            self.bad(key, row, f"数值过大，不合常理（实际为 {yuan(number)}）")
        else:
            return int(number)
        return None

    def read(self, number: int, values: Sequence[Any]) -> _Row:
        def get(key: str) -> Any:
            return values[_INDEX[key]]

        row = _Row(number, None, None, None, None, None, GENERAL, None, None, None, None)
        before = len(self.reader.problems)

        def step(key: str, value: Any) -> Any:
            """Record which cell a problem came from."""
            nonlocal before
            if len(self.reader.problems) > before:
                row.failed.add(key)
                before = len(self.reader.problems)
            return value

        row.enterprise = step(
            "enterprise", self.text("enterprise", number, get("enterprise"), required=True)
        )
        row.credit_code = step("credit_code", self.credit_code(number, get("credit_code")))
        row.contact = step("contact", self.text("contact", number, get("contact")))
        row.period_start = step(
            "period_start", self.day("period_start", number, get("period_start"))
        )
        row.period_end = step("period_end", self.day("period_end", number, get("period_end")))
        schedule = step("schedule", self.schedule(number, get("schedule")))
        row.schedule = schedule or GENERAL
        row.level = step("level", self.level(number, get("level")))
        row.headcount = step("headcount", self.headcount(number, get("headcount")))
        row.pay = step("lowest_pay", self.pay(number, get("lowest_pay"), row.headcount))
        if row.level is not None and "schedule" not in row.failed:
            row.floor = floor_for(self.table, row.schedule, row.level)
            if row.floor is None:  # a level only a schedule lists, named without the schedule
                self.bad(
                    "level",
                    number,
                    f"“{row.level.value}”只在分工种（类别）表中有标准：请填写工种（职业）/岗位类别",
                )
            else:
                self.floor_cell(number, get("floor"), row.schedule, row.floor)
            step("floor", None)
        return row

    def credit_code(self, number: int, value: Any) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.bad(
                "credit_code",
                number,
                "被当成了数字（会丢失位数）：请把单元格设为“文本”格式后重新填写",
            )
            return None
        code = self.text("credit_code", number, value)
        if code is None:
            return None
        code = code.replace(" ", "").upper()
        problem = credit_code_problem(code)
        if problem:
            self.bad("credit_code", number, problem)
            return None
        return code

    def schedule(self, number: int, value: Any) -> str | None:
        name = self.text("schedule", number, value)
        if name is None or name in self.names:
            return name
        if self.names:
            self.bad(
                "schedule",
                number,
                f"本合同没有“{_shown(name)}”的标准（可选：{'、'.join(self.names)}；按等级标准执行的留空）",
            )
        else:
            self.bad(
                "schedule", number, f"本合同不分工种、类别，此栏应留空（实际为“{_shown(name)}”）"
            )
        return None

    def level(self, number: int, value: Any) -> SkillLevel | None:
        text = self.text("level", number, value, required=True)
        if text is None:
            return None
        options = "、".join(self.level_names)
        if text not in SkillLevel.__members__:
            self.bad("level", number, f"不是技能等级“{_shown(text)}”（可选：{options}）")
        elif text not in self.level_names:
            self.bad("level", number, f"本合同没有“{text}”的标准（可选：{options}）")
        else:
            return SkillLevel(text)
        return None

    def headcount(self, number: int, value: Any) -> int | None:
        if _blank(value):
            self.bad("headcount", number, "不能为空（没有该等级技能人才的填 0）")
            return None
        return self.count("headcount", number, value)

    def pay(self, number: int, value: Any, headcount: int | None) -> Decimal | None:
        if _blank(value):
            if headcount:
                self.bad("lowest_pay", number, "不能为空（人数大于 0）")
            return None
        if headcount == 0:
            self.bad("lowest_pay", number, "人数为 0 时不填")
            return None
        return self.amount("lowest_pay", number, value)

    def floor_cell(self, number: int, value: Any, schedule: str, floor: Floor) -> None:
        """The floor cell is a formula: empty (never calculated) or the agreed floor. Any other
        value was typed over it."""
        if _blank(value) or (isinstance(value, str) and value in _FORMULA_TEXTS):
            return
        if _number(value) != floor.amount:
            label = f"{schedule}·{floor.level.value}" if schedule else floor.level.value
            self.bad(
                "floor",
                number,
                f"与合同约定不符（表中为 {_shown(value)}，合同约定{label} "
                f"{yuan(floor.amount)} 元）：此栏由公式计算，不能修改",
            )


def _enterprises(rows: Sequence[_Row], agreement: Agreement, reader: _Reader) -> list[Enterprise]:
    """Group rows by enterprise: the details given once (or the same each time), the period
    inside the term, no row repeated. Cells already reported are not reported again."""
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        if row.enterprise is not None:
            groups.setdefault(row.enterprise, []).append(row)
    out = []
    term = agreement.term
    for name, members in groups.items():
        details: dict[str, tuple[Any, int]] = {}
        for key in ("credit_code", "contact", "period_start", "period_end"):
            for row in members:
                value = getattr(row, key)
                if value is None:
                    continue
                if key not in details:
                    details[key] = (value, row.number)
                elif details[key][0] != value:
                    reader.at(
                        FORM_SHEET,
                        _cell(key, row.number),
                        _field(key),
                        f"与第{details[key][1]}行（同一企业）不一致",
                    )
            failed = any(key in row.failed for row in members)
            if key not in details and key != "credit_code" and not failed:
                reader.at(
                    FORM_SHEET,
                    _cell(key, members[0].number),
                    _field(key),
                    f"企业“{_shown(name)}”各行都没有填写",
                )
        seen: dict[tuple[str, SkillLevel], int] = {}
        for row in members:
            if row.level is None or "schedule" in row.failed:
                continue
            previous = seen.setdefault((row.schedule, row.level), row.number)
            if previous != row.number:
                reader.at(
                    FORM_SHEET,
                    _cell("level", row.number),
                    _field("level"),
                    f"与第{previous}行重复（同一企业、同一工种/类别和等级只填一行，填其中最低的工资）",
                )
        if not {"contact", "period_start", "period_end"} <= details.keys():
            continue
        (start, start_row), (end, end_row) = details["period_start"], details["period_end"]
        if end < start:
            reader.at(
                FORM_SHEET,
                _cell("period_end", end_row),
                _field("period_end"),
                f"早于自查期间起 {start.isoformat()}",
            )
            continue
        if start < term.start or end > term.end:
            key, number = (
                ("period_start", start_row) if start < term.start else ("period_end", end_row)
            )
            reader.at(
                FORM_SHEET,
                _cell(key, number),
                _field(key),
                f"自查期间应在合同期限 {term.start.isoformat()} 至 {term.end.isoformat()} 内"
                f"（实际 {start.isoformat()} 至 {end.isoformat()}）",
            )
            continue
        credit = details["credit_code"][0] if "credit_code" in details else None
        out.append(
            Enterprise(
                name,
                credit,
                details["contact"][0],
                start,
                end,
                len(members),
                sum(row.headcount or 0 for row in members),
            )
        )
    return out


def _read_form(
    book: Any, agreement: Agreement, table: Sequence[Floor], reader: _Reader
) -> list[_Row]:
    sheet = book[FORM_SHEET]
    width = len(COLUMNS)
    rows = _rows(sheet, HEADER_ROW, width, MAX_ROWS + 2)
    _, header = next(rows, (HEADER_ROW, (None,) * width))
    wrong = False
    for index, column in enumerate(COLUMNS):
        if _text(header[index] or "") != column.header:
            wrong = True
            reader.at(
                FORM_SHEET,
                f"{_letter(index)}{HEADER_ROW}",
                "表头",
                f"应为“{column.header}”（实际为“{_shown(header[index] or '')}”）",
            )
    if wrong:
        return []  # the columns no longer mean what the form says: read no row
    entered = [_INDEX[column.key] for column in COLUMNS if column.entered]
    row_reader = _RowReader(reader, agreement, table)
    out = []
    for number, values in rows:
        if all(_blank(values[index]) for index in entered):
            continue
        if number >= FIRST_ROW + MAX_ROWS:
            reader.sheet_problem(FORM_SHEET, f"数据行过多（超过 {MAX_ROWS} 行），拒绝处理")
            break
        out.append(row_reader.read(number, values))
    return out


# --- the check -------------------------------------------------------------------------------------


def read_compliance(
    path: Path, agreement_for: Any, *, shown: str | None = None
) -> tuple[Agreement, list[Enterprise], list[_Row]]:
    """Open and validate a filled workbook; `agreement_for(book, reader)` names the agreement.
    Every problem is an `InputError` line `FILE:Sheet!C7: 字段: message`."""
    shown = shown if shown is not None else str(path)
    reader = _Reader(shown)
    book = _open(path, shown)
    try:
        missing = [name for name in (FORM_SHEET, FLOORS_SHEET) if name not in book.sheetnames]
        for name in missing:
            have = "、".join(f"“{_shown(n)}”" for n in book.sheetnames) or "无"
            reader.problems.append(
                f"{shown}: 工作表: 缺少工作表“{name}”（现有：{have}）：请用 skillwage-docs "
                "compliance-form 生成的自查表填写，不要改工作表名"
            )
        reader.fail_if_any()
        try:
            agreement = agreement_for(book, reader)
            table = floors(agreement)
            _check_floors_sheet(book, table, reader)
            rows = _read_form(book, agreement, table, reader)
            if not rows and not reader.problems:
                reader.sheet_problem(FORM_SHEET, "没有填写任何数据行")
            enterprises = _enterprises(rows, agreement, reader)
        except InputError:
            raise
        except Exception as err:  # a malformed part openpyxl only notices while reading rows
            reader.problems.append(f"{shown}: 工作簿已损坏，无法读取（{_cause(err)}）")
        reader.fail_if_any()
    finally:
        book.close()
    return agreement, enterprises, rows


def check_compliance(
    contexts: Path, region: str, workbook: Path, *, agreement: str | None = None
) -> ComplianceReport:
    """Read a filled 自查表 and compare every row with the agreement's floor.

    The agreement is `agreement` (a slug) or the one the workbook names (约定标准!C3). Each
    row whose lowest pay is below the floor — or at or below the statutory minimum in force
    at the end of the enterprise's period (the table the validator uses, through the
    agreement's region and areas) — becomes a `Shortfall`.
    """
    shown = str(workbook)

    def agreement_for(book: Any, reader: _Reader) -> Agreement:
        return _resolve_agreement(contexts, region, agreement, book, reader)

    chosen, enterprises, rows = read_compliance(workbook, agreement_for, shown=shown)
    from ..pipeline.build import MINIMUM_WAGES

    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    periods = {e.name: e.period_end for e in enterprises}
    report = ComplianceReport(shown, chosen, enterprises, rows=len(rows))
    for row in rows:
        if row.pay is None:  # nobody at this level
            continue
        assert row.enterprise is not None and row.floor is not None and row.level is not None
        assert row.headcount is not None
        std = _minimum(table, chosen, periods[row.enterprise])
        owed = max(row.floor.amount - row.pay, std.monthly - row.pay, Decimal(0))
        if owed > 0 or row.pay <= std.monthly:
            report.shortfalls.append(
                Shortfall(
                    location=f"{shown}:{FORM_SHEET}!{_cell('lowest_pay', row.number)}",
                    enterprise=row.enterprise,
                    schedule=row.schedule,
                    level=row.level.value,
                    headcount=row.headcount,
                    pay=row.pay,
                    floor=row.floor.amount,
                    shortfall=owed,
                    minimum=std.monthly,
                    minimum_text=std.describe(),
                )
            )
    return report


def _minimum(table: MinimumWageTable, agreement: Agreement, on: date) -> Applicable:
    # The highest class among the covered areas, as the validator checks the agreement.
    return table.in_force(agreement.region.province_code, agreement.covered_areas, on)
