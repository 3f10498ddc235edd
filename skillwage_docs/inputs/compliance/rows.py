"""The filled 自查表's sheets read against the agreement: the 约定标准 sheet still says what the
agreement says, each form row read into typed values (every bad cell reported with its place),
and the rows grouped by enterprise (details consistent, period inside the term, no row twice)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ...base.figures import yuan
from ..agreement import Agreement
from ..terms import SkillLevel
from .below import read_below
from .model import (
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
    floor_for,
    schedules,
)
from .report import Enterprise
from .workbook import (
    Reader,
    cell_number,
    cell_text,
    column_letter,
    is_blank,
    quoted,
    sheet_rows,
)

__all__ = [
    "MAX_ROWS",
    "FormRow",
    "cell_ref",
    "check_floors_sheet",
    "credit_code_problem",
    "group_enterprises",
    "read_form",
]

MAX_ROWS = 20_000
MAX_TEXT = 200
MAX_HEADCOUNT = 1_000_000
MAX_PAY = Decimal(1_000_000)
_FORMULA_TEXTS = frozenset({"无此工种/类别", "无此等级标准"})  # what the floor formula may show
_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}

# 统一社会信用代码 (GB 32100-2015): 17 characters and a check character, from 31 symbols.
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a 统一社会信用代码 (length, characters, check character), or None."""
    if len(code) != 18:
        return f"应为 18 位（实际 {len(code)} 位）"
    bad = [ch for ch in code if ch not in _CODE_CHARS]
    if bad:
        return f"含有不允许的字符“{quoted(bad[0])}”（只用数字和除 I、O、S、V、Z 以外的大写字母）"
    total = sum(
        _CODE_CHARS.index(ch) * weight for ch, weight in zip(code[:17], _CODE_WEIGHTS, strict=True)
    )
    if _CODE_CHARS[(31 - total % 31) % 31] != code[17]:
        return "校验位不符（GB 32100-2015），请核对是否抄错"
    return None


# --- the floors sheet ------------------------------------------------------------------------------


def check_floors_sheet(book: Any, table: Sequence[Floor], reader: Reader) -> None:
    """The 约定标准 sheet must still say what the agreement says, cell for cell: an edited
    floor there would change every formula that looks it up."""
    sheet = book[FLOORS_SHEET]
    width = len(FLOORS_HEADERS)
    rows = sheet_rows(sheet, FLOORS_HEADER_ROW, width, len(table) + 50)
    _, header = next(rows, (FLOORS_HEADER_ROW, (None,) * width))
    wrong_header = False
    for index, expected in enumerate(FLOORS_HEADERS):
        if cell_text(header[index] or "") != expected:
            wrong_header = True
            reader.at(
                FLOORS_SHEET,
                f"{column_letter(index)}{FLOORS_HEADER_ROW}",
                "表头",
                f"应为“{expected}”（实际为“{quoted(header[index] or '')}”）",
            )
    if wrong_header:
        return
    expected_rows = iter(table)
    for number, values in rows:
        floor = next(expected_rows, None)
        if floor is None:
            if not all(is_blank(v) for v in values):
                reader.at(FLOORS_SHEET, f"A{number}", "约定标准", "多出的一行：合同中没有该标准")
            continue
        label = f"{floor.shown_schedule}·{floor.level.value}"
        if values[0] != floor.key or cell_text(values[2] or "") != floor.level.value:
            reader.at(
                FLOORS_SHEET,
                f"A{number}",
                "约定标准",
                f"应为“{label}”一行（表中的行被改动、删除或调换）",
            )
            continue
        amount = cell_number(values[3])
        if amount != floor.amount:
            shown = quoted(values[3]) if values[3] is not None else "空"
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


# --- the form rows ---------------------------------------------------------------------------------


@dataclass
class FormRow:
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
    below: int | None = None  # of them paid below the floor (issue 20 point 7)
    below_pay: Decimal | None = None  # what those were paid together


def cell_ref(key: str, row: int) -> str:
    return f"{column_letter(_INDEX[key])}{row}"


def _field(key: str) -> str:
    return COLUMNS[_INDEX[key]].field


class _RowReader:
    """Reads one form row's cells into typed values, reporting each bad cell."""

    def __init__(self, reader: Reader, agreement: Agreement, table: Sequence[Floor]) -> None:
        self.reader = reader
        self.table = table
        self.names = schedules(agreement)
        self.level_names = [
            level.value for level in sorted({f.level for f in table}, key=lambda lv: lv.rank)
        ]

    def bad(self, key: str, row: int, message: str) -> None:
        self.reader.at(FORM_SHEET, cell_ref(key, row), _field(key), message)

    def text(self, key: str, row: int, value: Any, *, required: bool = False) -> str | None:
        if is_blank(value):
            if required:
                self.bad(key, row, "不能为空")
            return None
        if not isinstance(value, str):
            self.bad(key, row, f"应为文本（实际为 {quoted(value)}；单元格格式应为“文本”）")
            return None
        text = cell_text(value)
        if len(text) > MAX_TEXT:
            self.bad(key, row, f"过长（{len(text)} 个字符，上限 {MAX_TEXT}）")
            return None
        return text

    def day(self, key: str, row: int, value: Any) -> date | None:
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            self.bad(key, row, f"应为日期，如 2025-12-31（实际为文本“{quoted(value)}”）")
        else:
            self.bad(
                key, row, f"应为日期，如 2025-12-31（实际为 {quoted(value)}，单元格格式不是日期）"
            )
        return None

    def amount(self, key: str, row: int, value: Any) -> Decimal | None:
        number = cell_number(value)
        if number is None:
            if isinstance(value, str):
                self.bad(
                    key,
                    row,
                    f"应为数字（实际为文本“{quoted(value)}”；金额只填数字，不带单位或逗号）",
                )
            else:
                self.bad(key, row, f"应为数字（实际为 {quoted(value)}）")
            return None
        if number <= 0:
            self.bad(key, row, f"必须大于 0（实际为 {yuan(number)}）")
        elif number >= MAX_PAY:
            self.bad(key, row, f"数值过大，不合常理（实际为 {yuan(number)}）")
        elif number != number.quantize(Decimal("0.01")):
            self.bad(key, row, f"最多两位小数（实际为 {quoted(value)}）")
        else:
            return number
        return None

    def count(self, key: str, row: int, value: Any) -> int | None:
        number = cell_number(value)
        if number is None:
            kind = f"文本“{quoted(value)}”" if isinstance(value, str) else quoted(value)
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

    def read(self, number: int, values: Sequence[Any]) -> FormRow:
        def get(key: str) -> Any:
            return values[_INDEX[key]]

        row = FormRow(number, None, None, None, None, None, GENERAL, None, None, None, None)
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
        read_below(self, row, get("below"), get("below_pay"))
        step("below", None)
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
                f"本合同没有“{quoted(name)}”的标准（可选：{'、'.join(self.names)}；按等级标准执行的留空）",
            )
        else:
            self.bad(
                "schedule", number, f"本合同不分工种、类别，此栏应留空（实际为“{quoted(name)}”）"
            )
        return None

    def level(self, number: int, value: Any) -> SkillLevel | None:
        text = self.text("level", number, value, required=True)
        if text is None:
            return None
        options = "、".join(self.level_names)
        if text not in SkillLevel.__members__:
            self.bad("level", number, f"不是技能等级“{quoted(text)}”（可选：{options}）")
        elif text not in self.level_names:
            self.bad("level", number, f"本合同没有“{text}”的标准（可选：{options}）")
        else:
            return SkillLevel(text)
        return None

    def headcount(self, number: int, value: Any) -> int | None:
        if is_blank(value):
            self.bad("headcount", number, "不能为空（没有该等级技能人才的填 0）")
            return None
        return self.count("headcount", number, value)

    def pay(self, number: int, value: Any, headcount: int | None) -> Decimal | None:
        if is_blank(value):
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
        if is_blank(value) or (isinstance(value, str) and value in _FORMULA_TEXTS):
            return
        if cell_number(value) != floor.amount:
            label = f"{schedule}·{floor.level.value}" if schedule else floor.level.value
            self.bad(
                "floor",
                number,
                f"与合同约定不符（表中为 {quoted(value)}，合同约定{label} "
                f"{yuan(floor.amount)} 元）：此栏由公式计算，不能修改",
            )


def group_enterprises(
    rows: Sequence[FormRow], agreement: Agreement, reader: Reader
) -> list[Enterprise]:
    """Group rows by enterprise: the details given once (or the same each time), the period
    inside the term, no row repeated. Cells already reported are not reported again."""
    groups: dict[str, list[FormRow]] = {}
    for row in rows:
        if row.enterprise is not None:
            groups.setdefault(row.enterprise, []).append(row)
    out = []
    for name, members in groups.items():
        details = _details(name, members, reader)
        _no_repeated_rows(members, reader)
        if not {"contact", "period_start", "period_end"} <= details.keys():
            continue
        if not _period_fits(details, agreement, reader):
            continue
        (start, _), (end, _) = details["period_start"], details["period_end"]
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


def _details(name: str, members: Sequence[FormRow], reader: Reader) -> dict[str, tuple[Any, int]]:
    """The enterprise's details (value, row), each given once or the same each time; a detail
    every row leaves blank is reported on its first row (the credit code is optional)."""
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
                    cell_ref(key, row.number),
                    _field(key),
                    f"与第{details[key][1]}行（同一企业）不一致",
                )
        failed = any(key in row.failed for row in members)
        if key not in details and key != "credit_code" and not failed:
            reader.at(
                FORM_SHEET,
                cell_ref(key, members[0].number),
                _field(key),
                f"企业“{quoted(name)}”各行都没有填写",
            )
    return details


def _no_repeated_rows(members: Sequence[FormRow], reader: Reader) -> None:
    """One row per schedule and level in an enterprise: the lowest pay, once."""
    seen: dict[tuple[str, SkillLevel], int] = {}
    for row in members:
        if row.level is None or "schedule" in row.failed:
            continue
        previous = seen.setdefault((row.schedule, row.level), row.number)
        if previous != row.number:
            reader.at(
                FORM_SHEET,
                cell_ref("level", row.number),
                _field("level"),
                f"与第{previous}行重复（同一企业、同一工种/类别和等级只填一行，填其中最低的工资）",
            )


def _period_fits(details: dict[str, tuple[Any, int]], agreement: Agreement, reader: Reader) -> bool:
    """The period runs forward and lies inside the agreement's term; else it is reported."""
    term = agreement.term
    (start, start_row), (end, end_row) = details["period_start"], details["period_end"]
    if end < start:
        reader.at(
            FORM_SHEET,
            cell_ref("period_end", end_row),
            _field("period_end"),
            f"早于自查期间起 {start.isoformat()}",
        )
        return False
    if start < term.start or end > term.end:
        key, number = ("period_start", start_row) if start < term.start else ("period_end", end_row)
        reader.at(
            FORM_SHEET,
            cell_ref(key, number),
            _field(key),
            f"自查期间应在合同期限 {term.start.isoformat()} 至 {term.end.isoformat()} 内"
            f"（实际 {start.isoformat()} 至 {end.isoformat()}）",
        )
        return False
    return True


def read_form(
    book: Any, agreement: Agreement, table: Sequence[Floor], reader: Reader
) -> list[FormRow]:
    sheet = book[FORM_SHEET]
    width = len(COLUMNS)
    rows = sheet_rows(sheet, HEADER_ROW, width, MAX_ROWS + 2)
    _, header = next(rows, (HEADER_ROW, (None,) * width))
    wrong = False
    for index, column in enumerate(COLUMNS):
        if cell_text(header[index] or "") != column.header:
            wrong = True
            reader.at(
                FORM_SHEET,
                f"{column_letter(index)}{HEADER_ROW}",
                "表头",
                f"应为“{column.header}”（实际为“{quoted(header[index] or '')}”）",
            )
    if wrong:
        return []  # the columns no longer mean what the form says: read no row
    entered = [_INDEX[column.key] for column in COLUMNS if column.entered]
    row_reader = _RowReader(reader, agreement, table)
    out = []
    for number, values in rows:
        if all(is_blank(values[index]) for index in entered):
            continue
        if number >= FIRST_ROW + MAX_ROWS:
            reader.sheet_problem(FORM_SHEET, f"数据行过多（超过 {MAX_ROWS} 行），拒绝处理")
            break
        out.append(row_reader.read(number, values))
    return out
