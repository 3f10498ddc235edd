"""The legal minimum-wage table: each province's standards over time, by class and area.

One file per province under `contexts/minimum_wages/<province_code>.yaml`. The table is the
reference of the central rule (人社厅发〔2024〕51号: the agreed skilled-worker minimum must be
*above* the local 最低工资标准), so it refuses to guess: a province, date or area it does not
cover, or a figure marked "?" (未查到) that a lookup needs, is an `InputError` naming the file
and line; every figure carries its mark — V 已核实, S 转载未核实, "?" 未查到 — and the
lookups name every figure they used that is not V. The checks that span rows live in
`minimum_wage_checks.py`; the `minimum-wage` command's report in `minimum_wage_report.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from ..base.errors import InputError
from ..base.figures import add_months, yuan
from ..base.findings import Finding
from ..base.problems import validation_problems
from ..base.yamlsource import Located, dotted, load_yaml
from .divisions import short_name
from .minimum_wage_areas import Provisional, area_name_checks
from .minimum_wage_checks import cross_checks
from .minimum_wage_model import (
    MARK_WORDS,
    NATIONAL_EXCLUSIONS,
    AreaClass,
    Exclusions,
    FigureMarks,
    Mark,
    ProvinceWages,
    Standard,
    WageClass,
)
from .minimum_wage_resolve import Resolved as _Resolved
from .minimum_wage_resolve import resolve as _resolve
from .minimum_wage_result import Applicable, Unconfirmed

__all__ = [
    "MARK_WORDS",
    "NATIONAL_EXCLUSIONS",
    "REVIEW_MONTHS",
    "Applicable",
    "AreaClass",
    "Exclusions",
    "FigureMarks",
    "Mark",
    "MinimumWageTable",
    "ProvinceTable",
    "ProvinceWages",
    "Provisional",
    "Standard",
    "Unconfirmed",
    "WageClass",
    "load_minimum_wages",
    "load_province",
]

# 《最低工资规定》第十条第二款: 最低工资标准每两年至少调整一次.
REVIEW_MONTHS = 24


@dataclass(frozen=True)
class ProvinceTable:
    """One province's standards and where each value was written."""

    wages: ProvinceWages
    source: Located
    path: Path

    def where(self, *path: str | int) -> str:
        return self.source.cite(path, self.path)

    def problem(self, *path: str | int, message: str) -> Finding:
        """A problem at the line of the table where `path` was written."""
        file, line = self.source.where(path, self.path)
        return Finding(file=file, line=line, message=message)

    def ordered(self) -> list[tuple[int, Standard]]:
        """(index in the file, standard), oldest first (the load-time checks keep the file so)."""
        return sorted(enumerate(self.wages.standards), key=lambda pair: pair[1].effective)

    def stale_on(self, on: date) -> Unconfirmed | None:
        """The newest standard is more than two years old on `on`: 《最低工资规定》第十条 asks
        for a review at least every two years, so a newer one may be missing from the table."""
        index, newest = self.ordered()[-1]
        due = add_months(newest.effective, REVIEW_MONTHS)
        if on <= due:
            return None
        return Unconfirmed(
            self.where("standards", index, "effective"),
            f"{self.wages.province}表中最新的最低工资标准自 {newest.effective.isoformat()} 起执行，"
            f"到 {on.isoformat()} 已超过两年（《最低工资规定》第十条：最低工资标准每两年至少调整"
            f"一次），表中可能缺少新标准；请核实 {self.path.name}",
        )


@dataclass(frozen=True)
class MinimumWageTable:
    provinces: Mapping[str, ProvinceTable]
    folder: Path

    def province(self, code: str) -> ProvinceTable:
        try:
            return self.provinces[code]
        except KeyError:
            known = "、".join(sorted(self.provinces)) or "（无）"
            raise InputError(
                f"最低工资表中没有省份 {code!r}（已有：{known}）；"
                f"请添加 {self.folder / (code + '.yaml')}"
            ) from None

    def find(self, typed: str) -> str:
        """The province code for a province as people type it: zhejiang, 浙江省 or 浙江."""
        wanted = typed.strip()
        for code, table in self.provinces.items():
            name = table.wages.province
            if wanted.lower() == code or wanted in (name, short_name(name)):
                return code
        known = "、".join(t.wages.province for _, t in sorted(self.provinces.items()))
        raise InputError(
            f"最低工资表中没有省份 {typed!r}（省份可以写 浙江、浙江省 或 zhejiang；已有：{known}）"
        )

    def standard_on(self, province_code: str, on: date) -> tuple[int, Standard]:
        """(index in the file, standard) in force on `on`; a date the table lacks is an error."""
        table = self.province(province_code)
        ordered = table.ordered()
        started = [pair for pair in ordered if pair[1].effective <= on]
        if not started:
            first = ordered[0][1].effective
            raise InputError(
                table.problem(
                    "standards",
                    message=f"{table.wages.province}最低工资表最早的标准自 "
                    f"{first.isoformat()} 起执行，没有 {on.isoformat()} 适用的标准",
                )
            )
        index, standard = started[-1]
        if standard.until is not None and on > standard.until:
            later = [s.effective for _, s in ordered if s.effective > on]
            after = f"下一标准自 {later[0].isoformat()} 起执行" if later else "之后的标准尚未录入"
            raise InputError(
                table.problem(
                    "standards",
                    index,
                    "until",
                    message=f"{table.wages.province} {standard.effective.isoformat()} 起执行的标准至 "
                    f"{standard.until.isoformat()} 止，表中没有 {on.isoformat()} 适用的标准（{after}）",
                )
            )
        return index, standard

    def next_standard(self, province_code: str, on: date) -> tuple[int, Standard] | None:
        """The first standard taking effect after `on`, if the table knows one."""
        later = [p for p in self.province(province_code).ordered() if p[1].effective > on]
        return later[0] if later else None

    def in_force(self, province_code: str, areas: Sequence[str], on: date) -> Applicable:
        """The standard in force on `on`, at the highest class among `areas`.

        An agreement binds every enterprise in its scope (《劳动合同法》第五十四条), so a
        city-wide agreement must clear the minimum of its highest-class area.
        """
        index, standard = self.standard_on(province_code, on)
        table = self.province(province_code)
        found = _applicable(table, index, standard, areas, on)
        stale = table.stale_on(on)
        if stale is None:
            return found
        return _with_doubt(found, stale)

    def later_changes(
        self, province_code: str, areas: Sequence[str], start: date, end: date
    ) -> list[Applicable]:
        """Standards taking effect after `start` and on or before `end` (within a term)."""
        table = self.province(province_code)
        return [
            _applicable(table, index, standard, areas, standard.effective)
            for index, standard in table.ordered()
            if start < standard.effective <= end
        ]


def _with_doubt(found: Applicable, doubt: Unconfirmed) -> Applicable:
    return replace(found, unconfirmed=(*found.unconfirmed, doubt))


def _binding(resolved: _Resolved, wanted: list[str], kind: str) -> tuple[str | None, str | None]:
    """(area whose `kind` figure binds, area whose unknown figure blocks the answer).

    An unknown ("?") figure is bounded by a known one of a higher class (classes are ordered
    highest first, checked at load time); any other unknown leaves the limit unknown.
    """
    known = [a for a in wanted if resolved[a][1].figure(kind) is not None]
    # The first area wins a tie, so the reported area follows the agreement's own order.
    best = max(known, key=lambda a: resolved[a][1].figure(kind) or Decimal(0)) if known else None
    for area in wanted:
        row = resolved[area][1]
        if row.figure(kind) is not None:
            continue
        tier = row.rank
        higher = [a for a in known if tier is not None and (resolved[a][1].rank or tier) < tier]
        if not higher:
            return None, area
    return best, None


_KIND_WORDS = {
    "monthly": "月最低工资",
    "hourly": "小时最低工资",
    "full_time_hourly": "全日制小时最低工资",
}


def _figure_where(table: ProvinceTable, index: int, class_index: int, kind: str) -> str:
    return table.where("standards", index, "classes", class_index, kind)


def _unknown(
    table: ProvinceTable, index: int, standard: Standard, resolved: _Resolved, area: str, kind: str
) -> Unconfirmed:
    class_index, row, _ = resolved[area]
    return Unconfirmed(
        _figure_where(table, index, class_index, kind),
        f"{table.wages.province} {standard.effective.isoformat()} 起执行标准的{row.name}"
        f"{_KIND_WORDS[kind]}未查到 [?]（{area}属{row.name}）",
    )


def _applicable(
    table: ProvinceTable, index: int, standard: Standard, areas: Sequence[str], on: date
) -> Applicable:
    # long: one Applicable built field by field, each doubt beside the figure it qualifies
    wanted = list(dict.fromkeys(areas))
    if not wanted:
        raise InputError("合同没有列出覆盖的县区（areas），无法确定当地最低工资标准")
    at = ("standards", index)
    resolved, provisional, row_marks = _resolve(table, index, standard, wanted)
    monthly_area, blocking = _binding(resolved, wanted, "monthly")
    if monthly_area is None:
        unknown = _unknown(table, index, standard, resolved, blocking or wanted[0], "monthly")
        raise InputError(
            f"{unknown.where}: {unknown.what}，无法确定当地最低工资标准；本工具不猜测数字，"
            "请按省里的正式文件补充数字、来源和核实等级"
        )
    hourly_area, hourly_blocking = _binding(resolved, wanted, "hourly")
    hourly_unknown = None
    if hourly_blocking is not None:
        hourly_area = None
        hourly_unknown = _unknown(table, index, standard, resolved, hourly_blocking, "hourly")

    doubts: list[Unconfirmed] = []
    marks: dict[str, str] = {"effective": standard.effective_mark}
    if standard.proposed:
        doubts.append(_proposal(table, index, standard))
    if standard.effective_mark != "V" and not standard.proposed:
        doubts.append(
            Unconfirmed(
                table.where(*at, "effective_mark"),
                f"{table.wages.province}最低工资标准的起始日期 {standard.effective.isoformat()}"
                f"（[{standard.effective_mark}] {MARK_WORDS[standard.effective_mark]}）",
            )
        )
    for kind, area in (("monthly", monthly_area), ("hourly", hourly_area)):
        if area is None:
            continue
        class_index, row, _ = resolved[area]
        mark = row.mark_of(kind)
        marks[kind] = mark
        if mark != "V" and not standard.proposed:
            doubts.append(
                Unconfirmed(
                    _figure_where(table, index, class_index, kind),
                    f"{standard.effective.isoformat()} 起执行的{row.name}{_KIND_WORDS[kind]} "
                    f"{yuan(row.figure(kind) or 0)} 元（[{mark}] {MARK_WORDS[mark]}）",
                )
            )
    # A wrong mapping can only raise the limit if an area might belong to a higher class than
    # the binding one; while the binding class is already the top class, only the binding
    # areas' own mappings matter (and their doubts are the ones worth a union's time).
    top = standard.classes[0].rank
    binding_tier = resolved[monthly_area][1].rank
    below_top = len(standard.classes) > 1 and (top is None or binding_tier != top)
    for area in wanted:
        area_doubt = resolved[area][2]
        if area_doubt is not None and (below_top or area in (monthly_area, hourly_area)):
            doubts.append(area_doubt)
    checked = _checked(table, index, standard, on)
    if checked is not None:
        doubts.append(checked)

    monthly_row = resolved[monthly_area][1]
    hourly_row = resolved[hourly_area][1] if hourly_area is not None else None
    return Applicable(
        province=table.wages.province,
        province_code=table.wages.province_code,
        effective=standard.effective,
        source=standard.source,
        seen_in=standard.seen_in,
        monthly=monthly_row.monthly or Decimal(0),
        monthly_class=monthly_row.name,
        monthly_area=monthly_area,
        hourly=hourly_row.hourly if hourly_row is not None else None,
        hourly_class=hourly_row.name if hourly_row is not None else None,
        hourly_area=hourly_area,
        area_classes={area: resolved[area][1].name for area in wanted},
        where=table.where(*at),
        unconfirmed=tuple(dict.fromkeys(doubts)),
        special=tuple((row.name, row.monthly) for row in standard.special),
        exclusions=standard.exclusions or table.wages.exclusions or NATIONAL_EXCLUSIONS,
        title=standard.title,
        url=standard.url,
        full_time_hourly=monthly_row.full_time_hourly,
        hourly_unknown=hourly_unknown,
        marks=marks,
        provisional=provisional,
        area_marks=row_marks,
        proposed=standard.proposed,
    )


def _proposal(table: ProvinceTable, index: int, standard: Standard) -> Unconfirmed:
    """One line for a proposed standard instead of one per figure."""
    figures = "、".join(
        f"{row.name} {yuan(row.monthly)} 元" for row in standard.classes if row.monthly is not None
    )
    return Unconfirmed(
        table.where("standards", index),
        f"拟议的{table.wages.province}最低工资标准（假设，不是正式文件）："
        f"{standard.effective.isoformat()} 起 {figures}",
    )


def _checked(table: ProvinceTable, index: int, standard: Standard, on: date) -> Unconfirmed | None:
    """A lookup after the day the data was last checked: for the newest standard the file's
    `checked_through` (or the standard's own `verified_through`, whichever is later) — a newer
    standard may exist unseen; for an older one, its `verified_through`."""
    if standard.proposed:
        return None  # a proposal is the question itself, not data that could be behind
    real = [i for i, s in table.ordered() if not s.proposed]
    newest = bool(real) and real[-1] == index
    dates: list[tuple[date, tuple[str | int, ...]]] = []
    if standard.verified_through is not None:
        dates.append((standard.verified_through, ("standards", index, "verified_through")))
    if newest and table.wages.checked_through is not None:
        dates.append((table.wages.checked_through, ("checked_through",)))
    if not dates:
        return None
    last, at = max(dates)
    if on <= last:
        return None
    return Unconfirmed(
        table.where(*at),
        f"{table.wages.province}最低工资表核对到 {last.isoformat()}，此后是否调整未知"
        f"（查询日 {on.isoformat()}）",
    )


def load_minimum_wages(folder: Path) -> MinimumWageTable:
    """Load every `<province_code>.yaml` in `folder`, collecting all problems before failing."""
    if not folder.is_dir():
        raise InputError(
            Finding(file=folder, message="找不到最低工资标准目录（每省一个 <省份代码>.yaml）")
        )
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise InputError(
            Finding(file=folder, message="目录中没有最低工资标准文件（<省份代码>.yaml）")
        )
    provinces: dict[str, ProvinceTable] = {}
    problems: list[Finding] = []
    for path in files:
        try:
            table = load_province(path, expect_code=path.stem)
        except InputError as err:
            problems.extend(err.findings)
            continue
        provinces[table.wages.province_code] = table
    if problems:
        raise InputError(f"最低工资标准表有 {len(problems)} 处错误", details=problems)
    return MinimumWageTable(provinces, folder)


def load_province(path: Path, *, expect_code: str | None = None) -> ProvinceTable:
    """One province file: typed fields first, then the checks that span rows.

    In the table folder the file name must be the province code (`expect_code`), so a lookup
    by code can name the file to add; a proposed file elsewhere may be named freely.
    """
    located = load_yaml(path)
    if not isinstance(located.data, dict):
        file = located.where((), path)[0]
        raise InputError(Finding(file=file, line=1, message="文件内容应为键值映射"))
    try:
        wages = ProvinceWages.model_validate(located.data)
    except ValidationError as err:
        problems = validation_problems(err, located, path)
        raise InputError(_count(path, problems), details=problems) from err
    table = ProvinceTable(wages, located, path)
    # A YAML alias (`areas: *areas-3`) shares one list among standards: a slip in it is one
    # line of the file, reported once, under the first standard that uses it.
    first: dict[tuple[str, str], Finding] = {}
    for at, text in (*cross_checks(wages, expect_code), *area_name_checks(wages)):
        file, line = located.where(at, path)
        problem = Finding(file=file, line=line, field=dotted(at), message=text)
        first.setdefault((table.where(*at), text), problem)
    problems = list(first.values())
    if problems:
        raise InputError(_count(path, problems), details=problems)
    return table


def _count(path: Path, problems: Sequence[Finding]) -> Finding:
    return Finding(file=path, message=f"{len(problems)} 处错误")
