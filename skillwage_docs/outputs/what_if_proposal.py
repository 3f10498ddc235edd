"""A proposed minimum-wage standard derived from options, without writing YAML:
`what-if --province shanxi --rise 8% --from 2027-01-01`, or `--monthly 一类=2400`.

The proposal starts from the standard in force the day before `--from`: every class rises by
the given percentage, or a class named with `--monthly` takes its figure and the classes not
named rise in the same proportion as the first one named. Hourly figures follow their class's
monthly figure in proportion (the province's own ratio between them is kept); a figure the
table does not know stays unknown. The standard is marked `proposed`, so lookups name the
proposal once instead of flagging each figure, and its area list is the one in force.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ..base.errors import InputError
from ..base.figures import yuan
from ..base.yamlsource import Located
from ..inputs.minimum_wage import MinimumWageTable, ProvinceTable, Standard, WageClass
from ..inputs.minimum_wage_checks import MONTHLY_HOURS

__all__ = ["Proposal", "parse_monthly", "parse_rise", "propose"]

_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*[%％]?\s*$")


@dataclass(frozen=True)
class Proposal:
    """The derived table and one line per class saying how each figure was reached."""

    table: ProvinceTable
    standard: Standard
    lines: tuple[str, ...]


def parse_rise(raw: str) -> Decimal:
    """'8%', '8' or '+8.5%' → 0.08 …; a fall is refused (a minimum wage does not go down)."""
    match = _PERCENT.match(raw)
    if match is None:
        raise InputError(f"--rise {raw!r}：应写百分比，如 8%")
    rise = Decimal(match.group(1)) / 100
    if rise <= 0 or rise > 1:
        raise InputError(f"--rise {raw!r}：应在 0% 与 100% 之间（最低工资标准只升不降）")
    return rise


def parse_monthly(values: tuple[str, ...]) -> dict[str, Decimal]:
    """('一类=2400', …) → {'一类': 2400}."""
    found: dict[str, Decimal] = {}
    for raw in values:
        name, sep, amount = raw.partition("=")
        try:
            figure = Decimal(amount.strip().removesuffix("元"))
        except InvalidOperation:
            figure = Decimal(-1)
        if not sep or not name.strip() or figure <= 0:
            raise InputError(f"--monthly {raw!r}：应写 类别=月标准，如 一类=2400")
        found[name.strip()] = figure
    return found


def propose(
    table: MinimumWageTable,
    province: str,
    start: date,
    *,
    rise: Decimal | None = None,
    monthly: Mapping[str, Decimal] | None = None,
) -> Proposal:
    """The province's table with a proposed standard from `start`, derived from the one
    in force the day before."""
    monthly = dict(monthly or {})
    if rise is None and not monthly:
        raise InputError("请给出 --rise（如 8%）或 --monthly（如 一类=2400）")
    code = table.find(province)
    current = table.province(code)
    _, base = table.standard_on(code, start - timedelta(days=1))
    later = [s for _, s in current.ordered() if s.effective >= start]
    if later:
        raise InputError(
            f"{current.wages.province}的表中已有 {later[0].effective.isoformat()} 起执行的标准；"
            f"拟议标准须晚于它（--from 晚于 {later[-1].effective.isoformat()}）"
        )
    names = [row.name for row in base.classes]
    unknown = [name for name in monthly if name not in names]
    if unknown:
        raise InputError(
            f"--monthly：{'、'.join(unknown)} 不是{current.wages.province}的类别"
            f"（{base.effective.isoformat()} 起执行的标准分 {'、'.join(names)}）"
        )
    ratio = _default_ratio(base, rise, monthly)
    classes: list[WageClass] = []
    lines: list[str] = []
    for row in base.classes:
        new_row, line = _derive(row, monthly.get(row.name), ratio)
        classes.append(new_row)
        lines.append(line)
    proposed = Standard.model_validate(
        {
            "effective": start,
            "effective_mark": "S",
            "proposed": True,
            "title": "拟议的最低工资标准（what-if）",
            "seen_in": "what-if 假设",
            "note": f"由 {base.effective.isoformat()} 起执行的标准推算",
            "classes": [c.model_dump(by_alias=True) for c in classes],
        }
    )
    wages = current.wages.model_copy(update={"standards": [*current.wages.standards, proposed]})
    label = Path(f"拟议标准（what-if，{start.isoformat()} 起）")
    position = len(current.wages.standards)
    located = Located(
        data=current.source.data,
        positions={**current.source.positions, ("standards", position): (label, 1)},
    )
    return Proposal(ProvinceTable(wages, located, current.path), proposed, tuple(lines))


def _default_ratio(base: Standard, rise: Decimal | None, monthly: Mapping[str, Decimal]) -> Decimal:
    """The ratio for classes not named: 1 + rise, else the first named class's own ratio."""
    if rise is not None:
        return 1 + rise
    name, figure = next(iter(monthly.items()))
    old = base.class_named(name)[1].monthly
    if old is None:
        raise InputError(f"--monthly {name}：表中{name}的月标准未查到，无法推算其他类别的比例")
    return figure / old


def _derive(row: WageClass, given: Decimal | None, ratio: Decimal) -> tuple[WageClass, str]:
    if row.monthly is None:
        if given is None:
            return row, f"{row.name}：月标准未查到，无法推算"
        known: dict[str, object] = {"name": row.name, "tier": row.tier, "monthly": given}
        known.update(hourly=None, mark={"monthly": "S", "hourly": "?"})
        return WageClass.model_validate(known), f"{row.name}：月 {yuan(given)} 元（给定）"
    own = given / row.monthly if given is not None else ratio
    monthly = given if given is not None else _whole(row.monthly * own)
    hourly = None if row.hourly is None else _tenth(row.hourly * own)
    full_time = None
    if row.full_time_hourly is not None:
        full_time = _tenth(monthly / MONTHLY_HOURS)
    change = f"+{(own - 1) * 100:.1f}%"
    how = "给定" if given is not None else change
    line = f"{row.name}：月 {yuan(row.monthly)} → {yuan(monthly)} 元（{how}）"
    if hourly is not None and row.hourly is not None:
        line += f"，非全日制 {yuan(row.hourly)} → {yuan(hourly)} 元/小时（同比例）"
    data: dict[str, object] = row.model_dump(by_alias=True, exclude_none=True)
    data.pop("url", None)
    data.pop("note", None)
    data.update(monthly=monthly, hourly=hourly)
    data["mark"] = "S" if hourly is not None else {"monthly": "S", "hourly": "?"}
    if full_time is not None:
        data["full_time_hourly"] = full_time
    return WageClass.model_validate(data), line


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _tenth(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
