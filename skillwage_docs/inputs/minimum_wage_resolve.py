"""Which class binds each covered area in one standard, read through the area lists
(`minimum_wage_areas.py`); an area of unknown class is checked against the highest class and
recorded as `Provisional`. Used by the lookups of `minimum_wage.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from ..base.errors import InputError
from .divisions import AreaNameError, Division, divisions
from .minimum_wage_areas import AreaRow, Provisional, cover, inherited_from
from .minimum_wage_model import MARK_WORDS, ProvinceWages, Standard, WageClass
from .minimum_wage_result import Unconfirmed


class ProvinceTable(Protocol):
    """What resolving needs of `minimum_wage.ProvinceTable`: its data, file and locations."""

    @property
    def wages(self) -> ProvinceWages: ...

    @property
    def path(self) -> Path: ...

    def where(self, *path: str | int) -> str: ...


__all__ = ["Resolved", "resolve"]

# area → (class row index, class row, unconfirmed mapping row or None)
Resolved = Mapping[str, tuple[int, WageClass, Unconfirmed | None]]


def _top(standard: Standard) -> int:
    """The class an area of unknown class is checked against: the highest monthly figure
    (广东: 深圳市 2520 above 广州市 2500), else the first, highest-ranked class."""
    known = [(row.monthly, -i) for i, row in enumerate(standard.classes) if row.monthly is not None]
    return -max(known)[1] if known else 0


def _higher(standard: Standard, a: int, b: int) -> int:
    """Of two class indexes, the one with the higher minimum (an unknown figure by rank)."""
    first, second = standard.classes[a], standard.classes[b]
    if first.monthly is not None and second.monthly is not None:
        return a if first.monthly >= second.monthly else b
    return a if (first.rank or 99, a) <= (second.rank or 99, b) else b


def resolve(
    table: ProvinceTable, index: int, standard: Standard, wanted: list[str]
) -> tuple[Resolved, Provisional | None, dict[str, str | None]]:
    """Each covered area's class; areas of unknown class are checked against the highest one
    (a 第一档 figure bounds every other), and named in the `Provisional` to fill in."""
    try:
        covered = cover(table.wages, index, wanted)
    except AreaNameError as err:
        raise InputError(str(err)) from None
    top = _top(standard)
    if len(standard.classes) == 1:
        # One class, province-wide: every area is in it by definition.
        return {area: (0, standard.classes[0], None) for area in wanted}, None, {}
    resolved: dict[str, tuple[int, WageClass, Unconfirmed | None]] = {}
    row_marks: dict[str, str | None] = {}
    unknown: dict[str, list[str]] = {}
    for item in covered:
        chosen = _highest_row(standard, item.rows)
        if item.unknown and (chosen is None or _higher(standard, chosen[0], top) != chosen[0]):
            unknown[item.area] = (
                [item.area]
                if item.whole and not item.rows
                else [_county_name(table, county) for county in item.unknown]
            )
            resolved[item.area] = (top, standard.classes[top], None)
            row_marks[item.area] = None
            continue
        assert chosen is not None  # a known area has a row
        class_index, hit = chosen
        doubt = None
        if hit.row.mark != "V":
            notice = f"，{hit.row.source}" if hit.row.source else ""
            doubt = Unconfirmed(
                table.where("standards", hit.standard_index, "areas", hit.position),
                f"{item.area}属{hit.row.class_name}（{standard.effective.isoformat()} 起执行的标准"
                f"{notice}；[{hit.row.mark}] {MARK_WORDS[hit.row.mark]}）",
            )
        resolved[item.area] = (class_index, standard.classes[class_index], doubt)
        row_marks[item.area] = hit.row.mark
    known = [resolved[area][0] for area in resolved if area not in unknown]
    if any(_higher(standard, index_, top) == index_ for index_ in known):
        unknown = {}  # a covered area already binds at the highest class: nothing can bind above
    provisional = _provisional(table, index, standard, top, unknown) if unknown else None
    return resolved, provisional, row_marks


def _provisional(
    table: ProvinceTable,
    index: int,
    standard: Standard,
    top: int,
    unknown: Mapping[str, list[str]],
) -> Provisional:
    """The provisional check of the areas the list does not place, and where rows go."""
    source = inherited_from(table.wages, index)
    anchor: tuple[str | int, ...] = ("standards", index)
    if source is not None:
        anchor = ("standards", source, "areas")
    return Provisional(
        province=table.wages.province,
        file=table.path,
        effective=standard.effective,
        class_name=standard.classes[top].name,
        monthly=standard.classes[top].monthly,
        areas={area: tuple(names) for area, names in unknown.items()},
        where=table.where(*anchor),
        class_names=tuple(row.name for row in standard.classes),
        has_list=source is not None,
        has_url=bool(source is not None and table.wages.standards[source].areas_url),
    )


def _highest_row(standard: Standard, rows: Sequence[AreaRow]) -> tuple[int, AreaRow] | None:
    """(class index, row) of the highest class among the rows placing an area's counties."""
    chosen: tuple[int, AreaRow] | None = None
    for hit in rows:
        class_index = standard.class_named(hit.row.class_name)[0]
        if chosen is None or _higher(standard, chosen[0], class_index) != chosen[0]:
            chosen = (class_index, hit)
    return chosen


def _county_name(table: ProvinceTable, county: Division) -> str:
    """The county as a list row should name it: alone when unique in the province."""
    found = divisions()
    province = found.province(table.wages.province)
    try:
        if province is not None:
            found.place(province, county.name)
            return county.name
    except AreaNameError:
        pass
    return found.full_name(county)
