"""Which class each covered area falls in: the table's area lists read through the divisions.

A standard's `areas` name counties, a city's 市区 or whole cities (广东 classes by city); an
agreement names counties or a whole city (杭州市). Both sides are turned into county-level
divisions (`divisions.py`) and matched by code, so 阳泉市城区 in a contract and 城区 under 阳泉
in a list cannot drift apart, and a county of a city the province classes as a whole (东莞市
虎门镇's 东莞市, 广州市天河区) takes its city's class. The most specific row wins: a county
named on its own before the 市区 it lies in, before its whole city.

A list is written once: a standard without `areas` keeps the previous one's (`inherited`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from .divisions import AreaNameError, Division, Divisions, Place, divisions
from .minimum_wage_model import AreaClass, ProvinceWages, Standard

__all__ = [
    "AreaRow",
    "Covered",
    "Provisional",
    "area_name_checks",
    "area_rows",
    "cover",
    "inherited_from",
    "province_division",
]

# The most specific row wins (a county named alone, then its 市区, then its whole city).
_SPECIFICITY = {"county": 3, "urban": 2, "city": 1, "province": 0}


@dataclass(frozen=True)
class AreaRow:
    """One row of a standard's effective area list and where it is written."""

    row: AreaClass
    standard_index: int  # the standard whose `areas` holds the row (itself, or an earlier one)
    position: int


@dataclass(frozen=True)
class Covered:
    """What the table says of one covered area: the rows its counties fall in (each county
    once) and the counties no row covers."""

    area: str
    rows: tuple[AreaRow, ...]
    unknown: tuple[Division, ...]
    zone: bool = False
    whole: bool = False  # a whole city (or province) rather than a county


@dataclass(frozen=True)
class Provisional:
    """Covered areas the table does not place in a class: the figures are checked against the
    province's highest class (a 第一档 area can be checked, and no class is above it), and
    the rows to add are offered, ready to paste."""

    province: str
    file: Path
    effective: date
    class_name: str
    monthly: Decimal | None
    # covered area → the names of the rows to add: the city itself when none of its counties
    # is placed (广东、浙江 class by city), else each county of unknown class
    areas: Mapping[str, tuple[str, ...]]
    where: str  # the list to extend (file:line), or the standard to give one
    class_names: tuple[str, ...]
    has_list: bool
    has_url: bool

    def summary(self) -> str:
        names = "、".join(self.areas)
        figure = f"月 {self.monthly} 元" if self.monthly is not None else "数字未查到"
        return (
            f"{names}所属的类别在最低工资表中未查到，暂按{self.province}最高的{self.class_name}"
            f"（{figure}）临时校验；类别查到后请补入 {self.file.name} 的 areas（{self.where}）"
        )

    def block(self) -> str:
        """The rows to paste, each class a placeholder that fails to load until it is set."""
        choice = "/".join(self.class_names)
        place = "加在这份 areas 列表的末尾" if self.has_list else "写在该标准的 classes 之后"
        lines = [
            f"# {shown(self.file)}：{self.effective.isoformat()} 起执行的标准，{place}（{self.where}）。",
            f"# class 按省里（或市里）的文件改为 {choice} 之一；mark 为 V（政府网站）或 S（转载）。",
        ]
        indent = "      "
        if not self.has_list:
            lines += [
                "    areas_url: https://…（地区划分的来源地址）",
                "    areas:",
            ]
        elif not self.has_url:
            lines.append("    # 每行加 url: https://…（来源地址），或在该标准中写 areas_url")
        for names in self.areas.values():
            for name in names:
                lines.append(f"{indent}- {{area: {name}, class: 待填（{choice}）, mark: S}}")
        return "\n".join(lines)


def shown(path: Path) -> str:
    """A path as the user's commands name it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return str(path)


def inherited_from(wages: ProvinceWages, index: int) -> int | None:
    """The index of the standard whose `areas` apply to standard `index`: itself, or the
    nearest earlier one written out, as long as every standard in between inherits."""
    for at in range(index, -1, -1):
        standard = wages.standards[at]
        if standard.areas is not None:
            return at
        if not standard.areas_inherited:
            return None
    return None


def area_rows(wages: ProvinceWages, index: int) -> list[AreaRow] | None:
    """The effective area list of standard `index` (None: the table has no list for it)."""
    source = inherited_from(wages, index)
    if source is None:
        return None
    rows = wages.standards[source].areas or []
    return [AreaRow(row, source, position) for position, row in enumerate(rows)]


def province_division(wages: ProvinceWages, table: Divisions | None = None) -> Division | None:
    return (table or divisions()).province(wages.province)


def _row_counties(
    table: Divisions, province: Division, row: AreaClass
) -> tuple[Place, list[Division]]:
    place = table.place(province, row.area)
    dropped = {table.place(province, name).division.code for name in row.excluding}
    return place, [county for county in place.counties if county.code not in dropped]


def cover(
    wages: ProvinceWages, index: int, areas: Sequence[str], table: Divisions | None = None
) -> list[Covered]:
    """Each covered area's rows in standard `index`'s list; `AreaNameError` for a name the
    divisions cannot place (unknown, or ambiguous without its city)."""
    table = table or divisions()
    province = province_division(wages, table)
    zones, best = _placed(wages, index, table, province)
    found: list[Covered] = []
    for area in areas:
        if area in zones:
            found.append(Covered(area, (zones[area],), (), zone=True))
            continue
        if province is None:
            raise AreaNameError(f"行政区划中没有省份“{wages.province}”")
        place = table.place(province, area)
        hits: dict[tuple[int, int], AreaRow] = {}
        unknown: list[Division] = []
        for county in place.counties:
            if county.code in best:
                item = best[county.code][1]
                hits.setdefault((item.standard_index, item.position), item)
            else:
                unknown.append(county)
        whole = place.kind in ("city", "province")
        found.append(Covered(area, tuple(hits.values()), tuple(unknown), whole=whole))
    return found


# (id of the wages, standard index) → (the wages, zones, county code → best row): a lookup
# resolves the same list for every agreement of a build; the wages object is kept so an id is
# never reused for another table.
_PLACED: dict[
    tuple[int, int], tuple[ProvinceWages, dict[str, AreaRow], dict[str, tuple[int, AreaRow]]]
] = {}


_PLACED_MAX = 512


def _placed(
    wages: ProvinceWages, index: int, table: Divisions, province: Division | None
) -> tuple[dict[str, AreaRow], dict[str, tuple[int, AreaRow]]]:
    """The list's zones by name, and for each county it places the most specific row."""
    cached = _PLACED.get((id(wages), index))
    if cached is not None and cached[0] is wages:
        return cached[1], cached[2]
    rows = area_rows(wages, index) or []
    zones = {item.row.area: item for item in rows if item.row.zone}
    best: dict[str, tuple[int, AreaRow]] = {}
    if province is not None:
        for item in rows:
            if item.row.zone:
                continue
            place, counties = _row_counties(table, province, item.row)
            rank = _SPECIFICITY[place.kind]
            for county in counties:
                if county.code not in best or best[county.code][0] < rank:
                    best[county.code] = (rank, item)
    if len(_PLACED) >= _PLACED_MAX:
        _PLACED.clear()  # tables loaded again and again (tests, watch): keep memory bounded
    _PLACED[(id(wages), index)] = (wages, zones, best)
    return zones, best


def area_name_checks(wages: ProvinceWages) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every area name of every list is a real division of the province (or a declared zone):
    a typo or an ambiguous 城区 is one located line, not a lookup that quietly misses."""
    table = divisions()
    province = province_division(wages, table)
    if province is None:
        yield ("province",), f"行政区划中没有省份“{wages.province}”（应写全称，如 山西省）"
        return
    for index, standard in enumerate(wages.standards):
        yield from _list_checks(table, province, wages, index, standard)


def _list_checks(
    table: Divisions, province: Division, wages: ProvinceWages, index: int, standard: Standard
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    at: tuple[str | int, ...] = ("standards", index)
    if standard.areas is None:
        source = inherited_from(wages, index)
        if source is None:
            return
        names = {row.name for row in standard.classes}
        own = {row.name for row in wages.standards[source].classes}
        for position, row in enumerate(wages.standards[source].areas or []):
            # A class missing from the list's own standard is reported there, once.
            if row.class_name not in names and row.class_name in own:
                yield (
                    (*at, "classes"),
                    f"沿用 standards[{source}] 的地区划分，但其中 {row.area} 所属的 "
                    f"{row.class_name} 不在本标准的 classes 中（第 {position + 1} 行）：请写出本标准的"
                    " areas，或写 areas_inherited: false",
                )
                return
        return
    for position, row in enumerate(standard.areas):
        if row.zone:
            continue
        try:
            place = table.place(province, row.area)
        except AreaNameError as err:
            yield (*at, "areas", position, "area"), str(err)
            continue
        inside = {county.code for county in place.counties}
        for name in row.excluding:
            try:
                dropped = table.place(province, name)
            except AreaNameError as err:
                yield (*at, "areas", position, "excluding"), str(err)
                continue
            if dropped.division.code not in inside:
                yield (*at, "areas", position, "excluding"), f"{name} 不在 {row.area} 之内"
