"""The minimum-wage table checks itself when loaded: what no single field can say.

Each check yields (key path, message); `load_province` turns them into `file:line: field:
message` lines and refuses the file. The table is the yardstick of every contract figure, so a
slip in it (a missing decimal point, a class out of order, a confirmed figure with no source)
must stop a run rather than quietly move the line every agreement is held to.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from ..base.yamlsource import Path_
from .minimum_wage_model import ProvinceWages, Standard, WageClass

__all__ = ["FULL_TIME_TOLERANCE", "HOURLY_RATIO", "MONTHLY_HOURS", "cross_checks"]

# 人社部's conversion of a monthly figure into hours: 21.75 days × 8 hours a month.
MONTHLY_HOURS = Decimal("21.75") * 8
# The part-time hourly standard adds the employer's social-insurance share and a margin for
# the part-time job's instability to the full-time hourly pay (《最低工资规定》附件, 测算方法),
# so it lies above monthly ÷ 174. Every province seen in 2014–2026 lies between 1.5 and 1.95
# times it; outside 1.3–2.2 the figure is a slip (a lost decimal point, a monthly figure in the
# hourly column), not a policy.
HOURLY_RATIO = (Decimal("1.3"), Decimal("2.2"))
# A published full-time hourly figure is monthly ÷ 21.75 ÷ 8 rounded to 0.1 元.
FULL_TIME_TOLERANCE = Decimal("0.02")

_KINDS = {
    "monthly": "月最低工资",
    "hourly": "非全日制小时最低工资",
    "full_time_hourly": "全日制小时最低工资",
}


def cross_checks(wages: ProvinceWages, expect_code: str | None) -> Iterator[tuple[Path_, str]]:
    if expect_code is not None and wages.province_code != expect_code:
        yield ("province_code",), f"应与文件名一致（{expect_code}）"
    standards = wages.standards
    for (before, earlier), (index, later) in pairwise(enumerate(standards)):
        at: Path_ = ("standards", index, "effective")
        if later.effective == earlier.effective:
            yield at, f"起始日期与 standards[{before}] 重复"
        elif later.effective < earlier.effective:
            yield (
                at,
                (
                    f"起始日期应晚于上一条标准（standards[{before}]，{earlier.effective.isoformat()}）："
                    "请按起始日期从早到晚排列"
                ),
            )
        if earlier.until is not None and earlier.until >= later.effective:
            yield (
                ("standards", before, "until"),
                f"截止日期应早于下一标准的起始日期 {later.effective.isoformat()}（两条标准重叠）",
            )
    for index, standard in enumerate(standards):
        yield from _standard_checks(standard, ("standards", index))
    exclusions = wages.exclusions
    if exclusions is not None and exclusions.confirmed and not exclusions.source_url:
        yield ("exclusions", "source_url"), "剔除项标为已核实（confirmed: true）须注明来源地址"


def _standard_checks(standard: Standard, at: Path_) -> Iterator[tuple[Path_, str]]:
    for name, value in (("until", standard.until), ("verified_through", standard.verified_through)):
        if value is not None and value < standard.effective:
            yield (*at, name), "不能早于起始日期 effective"
    if standard.effective_mark == "V" and not standard.url:
        yield (*at, "effective_mark"), "标为 V（已核实）的行须注明来源地址 url"
    names: dict[str, int] = {}
    for position, row in enumerate(standard.classes):
        if row.name in names:
            yield (*at, "classes", position, "name"), f"类别 {row.name} 重复"
        names.setdefault(row.name, position)
        yield from _figure_checks(standard, row, (*at, "classes", position))
    yield from _order_checks(standard, at)
    for position, special in enumerate(standard.special):
        if not (special.url or standard.url or standard.seen_in):
            yield (
                (*at, "special", position, "mark"),
                "专项最低工资须注明来源：url 或本标准的 url、seen_in",
            )
    exclusions = standard.exclusions
    if exclusions is not None and exclusions.confirmed and not exclusions.source_url:
        yield (*at, "exclusions", "source_url"), "剔除项标为已核实（confirmed: true）须注明来源地址"
    if standard.areas is None:
        return
    areas: dict[str, int] = {}
    for position, mapping in enumerate(standard.areas):
        row_at: Path_ = (*at, "areas", position)
        if mapping.area in areas:
            yield (*row_at, "area"), f"地区 {mapping.area} 重复"
        areas.setdefault(mapping.area, position)
        if mapping.class_name not in names:
            yield (
                (*row_at, "class"),
                f"类别 {mapping.class_name} 不在 classes 中（有：{'、'.join(names)}）",
            )
        if not (mapping.url or standard.areas_url):
            yield (*row_at, "mark"), "地区划分须注明来源地址：本行的 url 或本标准的 areas_url"


def _figure_checks(standard: Standard, row: WageClass, at: Path_) -> Iterator[tuple[Path_, str]]:
    """A figure and its mark agree; a known figure has a source; hourly fits monthly."""
    for kind, words in _KINDS.items():
        value = row.figure(kind)
        mark = row.mark_of(kind)
        if value is None and mark != "?" and kind != "full_time_hourly":
            yield (*at, kind), f'{words}未查到（null）时须标为 "?"（mark 中 {kind}: "?"）'
        if value is not None and mark == "?":
            yield (
                (*at, kind),
                (f'{words}标为 "?"（未查到）就不能填写数值：请写 null；查到来源后改标 V 或 S'),
            )
        if value is None:
            continue
        # A [V] row without any address is reported once, at its effective_mark.
        row_reported = standard.effective_mark == "V" and not standard.url
        if mark == "V" and not (row.url or standard.url or row_reported):
            yield (*at, "mark"), "标为 V（已核实）的数字须注明来源地址：本行或本标准的 url"
        if mark == "S" and not (row.url or standard.url or standard.seen_in):
            yield (*at, "mark"), "标为 S（转载）的数字须注明来源：url 或 seen_in"
    if row.monthly is None:
        return
    per_hour = row.monthly / MONTHLY_HOURS
    if row.hourly is not None:
        low, high = HOURLY_RATIO
        ratio = row.hourly / per_hour
        if not low <= ratio <= high:
            yield (
                (*at, "hourly"),
                (
                    f"非全日制小时最低工资 {row.hourly} 元与月最低工资 {row.monthly} 元不相称："
                    f"月标准折合每小时 {per_hour:.2f} 元（÷21.75÷8），小时标准应为其 {low}—{high} 倍，"
                    f"实为 {ratio:.2f} 倍（漏写小数点，或把月标准写进了小时标准？）"
                ),
            )
    full_time = row.full_time_hourly
    if full_time is not None and abs(full_time - per_hour) > per_hour * FULL_TIME_TOLERANCE:
        yield (
            (*at, "full_time_hourly"),
            (
                f"全日制小时最低工资 {full_time} 元应约等于月最低工资 ÷ 21.75 ÷ 8 = {per_hour:.2f} 元"
            ),
        )


def _order_checks(standard: Standard, at: Path_) -> Iterator[tuple[Path_, str]]:
    """Classes in the province's order, highest first: 一类 before 二类, and no figure of a
    lower class above a figure of a higher one. Lookups rely on it to bound an unknown figure."""
    classes = standard.classes
    if len(classes) < 2:
        return
    previous: tuple[int, WageClass] | None = None
    for position, row in enumerate(classes):
        rank = row.rank
        if rank is None:
            yield (
                (*at, "classes", position, "name"),
                (
                    f"类别 {row.name} 的名称中没有序号（如 一类、第二档）：请填写 tier（1 为最高一类）"
                ),
            )
            return
        if previous is not None and rank < (previous[1].rank or 0):
            yield (
                (*at, "classes", position, "name"),
                (
                    f"类别应按省里的顺序排列（最高一类在前）：{row.name} 排在 {previous[1].name} 之后"
                ),
            )
            return
        previous = (position, row)
    for kind, words in _KINDS.items():
        for position, row in enumerate(classes):
            value = row.figure(kind)
            if value is None:
                continue
            for upper in classes[:position]:
                above = upper.figure(kind)
                if above is not None and (upper.rank or 0) < (row.rank or 0) and value > above:
                    yield (
                        (*at, "classes", position, kind),
                        (
                            f"{row.name}{words} {value} 元高于排在前面的 {upper.name}（{above} 元）："
                            "类别应按省里的顺序从高到低排列，或数字有误"
                        ),
                    )
                    break
