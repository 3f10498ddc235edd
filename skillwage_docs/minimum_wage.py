"""The legal minimum-wage table: each province's standards over time, by class and area.

One file per province under `contexts/minimum_wages/<province_code>.yaml`. The table is the
reference of the central rule (人社厅发〔2024〕51号: the agreed skilled-worker minimum must be
*above* the local 最低工资标准), so it refuses to guess: a province, date or area it does not
cover is an `InputError`, and every figure carries a `confirmed` flag that callers surface.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError

from .agreement import SLUG, Model, Money, Text, _problems
from .errors import InputError
from .figures import yuan
from .yamlsource import Located, Path_, dotted, load_yaml

__all__ = [
    "NATIONAL_EXCLUSIONS",
    "Applicable",
    "Exclusions",
    "MinimumWageTable",
    "ProvinceTable",
    "ProvinceWages",
    "Standard",
    "Unconfirmed",
    "load_minimum_wages",
    "load_province",
]

UNKNOWN_SOURCE = "未查到"

Note = Annotated[str, Field(min_length=1, max_length=2000)]


def _flag_for_both(value: Any) -> Any:
    # `confirmed: true` is shorthand for both figures of a row; a mapping confirms them apart,
    # because an official table often gives the monthly figure and not the hourly one.
    if isinstance(value, bool):
        return {"monthly": value, "hourly": value}
    return value


class Exclusions(Model):
    """What the wage compared with the minimum leaves out: 《最低工资规定》第十二条 as the
    province words it, plus what the province adds (山西 2025: 行车 allowances; 上海、北京:
    the worker's own social insurance and housing fund). The contract's exclusions clause is
    rendered from this, so it follows the province instead of a national text."""

    # The documents the list comes from, cited by the contract in this order.
    basis: list[Text] = Field(min_length=1, max_length=10)
    items: list[Text] = Field(min_length=1, max_length=20)
    # Whether the minimum includes the worker's own social-insurance and housing-fund
    # contributions; None when no source says (the national rule is silent).
    contributions_included: bool | None = None
    confirmed: bool = False
    source_url: Text | None = None


# 《最低工资规定》（劳动和社会保障部令第21号）第十二条 — the default where a province adds nothing.
NATIONAL_EXCLUSIONS = Exclusions(
    basis=["《最低工资规定》第十二条"],
    items=[
        "延长工作时间工资",
        "中班、夜班、高温、低温、井下、有毒有害等特殊工作环境、条件下的津贴",
        "法律、法规和国家规定的劳动者福利待遇等",
    ],
    contributions_included=None,
    confirmed=True,
)


class Confirmation(Model):
    monthly: bool
    hourly: bool


class WageClass(Model):
    """One class of areas (一类 … 四类, or a named city such as 广州市) in one standard."""

    name: Text
    monthly: Money
    # 《最低工资规定》第五条: the hourly standard applies to part-time (非全日制) work.
    hourly: Money | None = None
    confirmed: Annotated[Confirmation, BeforeValidator(_flag_for_both)]
    note: Note | None = None


class SpecialMinimum(Model):
    """A minimum for named workers rather than areas, e.g. Shanxi 2014 煤矿井下采掘人员."""

    name: Text
    monthly: Money
    hourly: Money | None = None
    confirmed: bool
    note: Note | None = None


class AreaClass(Model):
    """Which class a county/district belongs to, named exactly as the contexts name it."""

    area: Text
    class_name: Text = Field(alias="class")
    confirmed: bool
    note: Note | None = None


class Standard(Model):
    """One provincial adjustment of the minimum wage, from its effective date."""

    effective: date
    effective_confirmed: bool
    # Last day this standard applied, when known to end before the next recorded one (a gap
    # in the table); lookups inside the gap fail instead of reusing an outdated row.
    until: date | None = None
    # Last day a source showed this standard still in force; later lookups are flagged.
    verified_through: date | None = None
    source: Text
    seen_in: Text | None = None
    note: Note | None = None
    classes: list[WageClass] = Field(min_length=1, max_length=50)
    special: list[SpecialMinimum] = Field(default_factory=list, max_length=50)
    # What this standard's notice excludes from the minimum; else the province's default.
    exclusions: Exclusions | None = None
    # Omitted only when there is a single class, which then covers the whole province.
    areas: list[AreaClass] | None = Field(default=None, min_length=1, max_length=5000)

    def class_named(self, name: str) -> tuple[int, WageClass]:
        for index, row in enumerate(self.classes):
            if row.name == name:
                return index, row
        raise KeyError(name)  # pragma: no cover - names are checked at load time


class ProvinceWages(Model):
    """The content of one `contexts/minimum_wages/<code>.yaml`."""

    province: Text
    province_code: str = Field(pattern=SLUG.pattern)
    note: Note | None = None
    # The province's default exclusions (a standard may carry its own); else NATIONAL_EXCLUSIONS.
    exclusions: Exclusions | None = None
    standards: list[Standard] = Field(min_length=1, max_length=200)


@dataclass(frozen=True)
class Unconfirmed:
    """A data row used in a lookup that nobody has checked against the official notice."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.what}（{self.where}）"


@dataclass(frozen=True)
class Applicable:
    """The minimum an agreement must clear: the highest among the areas it covers."""

    province: str
    province_code: str
    effective: date
    source: str
    seen_in: str | None
    monthly: Decimal
    monthly_class: str
    monthly_area: str
    # None when any covered area's class has no hourly figure in the table.
    hourly: Decimal | None
    hourly_class: str | None
    hourly_area: str | None
    area_classes: Mapping[str, str]
    where: str
    unconfirmed: tuple[Unconfirmed, ...] = ()
    special: tuple[tuple[str, Decimal], ...] = ()
    exclusions: Exclusions = NATIONAL_EXCLUSIONS

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed

    @property
    def class_name(self) -> str:
        return self.monthly_class

    @property
    def area(self) -> str:
        return self.monthly_area

    @property
    def source_text(self) -> str:
        """The issuing document, or where the figure was seen when the document is unknown."""
        if self.source == UNKNOWN_SOURCE and self.seen_in:
            return f"发文未查到，数字见{self.seen_in}"
        return self.source

    def describe(self, *, hourly: bool = False) -> str:
        """e.g. 山西省一类地区（阳泉市城区），2025-01-01 起执行，来源：…"""
        name = self.hourly_class if hourly and self.hourly_class else self.monthly_class
        area = self.hourly_area if hourly and self.hourly_area else self.monthly_area
        label = f"{name}地区" if name.endswith("类") else name
        place = label if area == name else f"{label}（{area}）"
        since = self.effective.isoformat()
        return f"{self.province}{place}，{since} 起执行，来源：{self.source_text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "province_code": self.province_code,
            "effective": self.effective.isoformat(),
            "monthly": yuan(self.monthly),
            "monthly_class": self.monthly_class,
            "monthly_area": self.monthly_area,
            "hourly": None if self.hourly is None else yuan(self.hourly),
            "hourly_class": self.hourly_class,
            "hourly_area": self.hourly_area,
            "source": self.source_text,
            "where": self.where,
            "confirmed": self.confirmed,
            "unconfirmed": [str(item) for item in self.unconfirmed],
        }


@dataclass(frozen=True)
class ProvinceTable:
    """One province's standards and where each value was written."""

    wages: ProvinceWages
    source: Located
    path: Path

    def where(self, *path: str | int) -> str:
        return self.source.cite(path, self.path)

    def ordered(self) -> list[tuple[int, Standard]]:
        """(index in the file, standard), oldest first; the file may list them in any order."""
        return sorted(enumerate(self.wages.standards), key=lambda pair: pair[1].effective)


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

    def standard_on(self, province_code: str, on: date) -> tuple[int, Standard]:
        """(index in the file, standard) in force on `on`; a date the table lacks is an error."""
        table = self.province(province_code)
        ordered = table.ordered()
        started = [pair for pair in ordered if pair[1].effective <= on]
        if not started:
            first = ordered[0][1].effective
            raise InputError(
                f"{table.where('standards')}: {table.wages.province}最低工资表最早的标准自 "
                f"{first.isoformat()} 起执行，没有 {on.isoformat()} 适用的标准"
            )
        index, standard = started[-1]
        if standard.until is not None and on > standard.until:
            later = [s.effective for _, s in ordered if s.effective > on]
            after = f"下一标准自 {later[0].isoformat()} 起执行" if later else "之后的标准尚未录入"
            raise InputError(
                f"{table.where('standards', index, 'until')}: {table.wages.province} "
                f"{standard.effective.isoformat()} 起执行的标准至 {standard.until.isoformat()} 止，"
                f"表中没有 {on.isoformat()} 适用的标准（{after}）"
            )
        return index, standard

    def in_force(self, province_code: str, areas: Sequence[str], on: date) -> Applicable:
        """The standard in force on `on`, at the highest class among `areas`.

        An agreement binds every enterprise in its scope (《劳动合同法》第五十四条), so a
        city-wide agreement must clear the minimum of its highest-class area.
        """
        index, standard = self.standard_on(province_code, on)
        return _applicable(self.province(province_code), index, standard, areas, on)

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


def _applicable(
    table: ProvinceTable, index: int, standard: Standard, areas: Sequence[str], on: date
) -> Applicable:
    wanted = list(dict.fromkeys(areas))
    if not wanted:
        raise InputError("合同没有列出覆盖的县区（areas），无法确定当地最低工资标准")
    at = ("standards", index)
    # area → (class row index, class row, unconfirmed mapping row or None)
    resolved: dict[str, tuple[int, WageClass, Unconfirmed | None]] = {}
    if standard.areas is None:
        # One class, province-wide (checked at load time): every area is in it by definition.
        for area in wanted:
            resolved[area] = (0, standard.classes[0], None)
    else:
        rows = {row.area: (position, row) for position, row in enumerate(standard.areas)}
        missing = [area for area in wanted if area not in rows]
        if missing:
            listed = "、".join(rows)
            raise InputError(
                f"{table.where(*at, 'areas')}: {table.wages.province} "
                f"{standard.effective.isoformat()} 起执行的标准没有列出 {'、'.join(missing)} "
                f"所属的类别（已列出：{listed}）；请按省人社厅文件在 areas 中补充"
            )
        for area in wanted:
            position, row = rows[area]
            class_index, wage_class = standard.class_named(row.class_name)
            doubt = None
            if not row.confirmed:
                doubt = Unconfirmed(
                    table.where(*at, "areas", position),
                    f"{area}属{row.class_name}（{standard.effective.isoformat()} 起执行的标准）",
                )
            resolved[area] = (class_index, wage_class, doubt)

    # The first area wins a tie, so the reported area follows the agreement's own order.
    monthly_area = max(wanted, key=lambda area: resolved[area][1].monthly)
    hourly_values = [resolved[area][1].hourly for area in wanted]
    hourly_area: str | None = None
    if all(value is not None for value in hourly_values):
        hourly_area = max(wanted, key=lambda area: resolved[area][1].hourly or Decimal(0))

    doubts: list[Unconfirmed] = []
    if not standard.effective_confirmed:
        doubts.append(
            Unconfirmed(
                table.where(*at, "effective"),
                f"{table.wages.province}最低工资标准的起始日期 {standard.effective.isoformat()}",
            )
        )
    doubts.extend(_figure_doubts(table, index, standard, resolved, monthly_area, hourly_area))
    # A wrong mapping can only raise the limit if an area might belong to a higher class than
    # the binding one; while the binding class is already the top class, only the binding
    # areas' own mappings matter (and their doubts are the ones worth a union's time).
    below_top = resolved[monthly_area][1].monthly < max(row.monthly for row in standard.classes)
    if hourly_area is not None:
        hourly_top = max(row.hourly or Decimal(0) for row in standard.classes)
        below_top = below_top or (resolved[hourly_area][1].hourly or Decimal(0)) < hourly_top
    for area in wanted:
        area_doubt = resolved[area][2]
        if area_doubt is not None and (below_top or area in (monthly_area, hourly_area)):
            doubts.append(area_doubt)
    if standard.verified_through is not None and on > standard.verified_through:
        doubts.append(
            Unconfirmed(
                table.where(*at, "verified_through"),
                f"表中数据只核对到 {standard.verified_through.isoformat()}，"
                f"{on.isoformat()} 时该标准是否已调整",
            )
        )

    monthly_row = resolved[monthly_area][1]
    hourly_row = resolved[hourly_area][1] if hourly_area is not None else None
    return Applicable(
        province=table.wages.province,
        province_code=table.wages.province_code,
        effective=standard.effective,
        source=standard.source,
        seen_in=standard.seen_in,
        monthly=monthly_row.monthly,
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
    )


def _figure_doubts(
    table: ProvinceTable,
    index: int,
    standard: Standard,
    resolved: Mapping[str, tuple[int, WageClass, Unconfirmed | None]],
    monthly_area: str,
    hourly_area: str | None,
) -> Iterator[Unconfirmed]:
    effective = standard.effective.isoformat()
    class_index, row, _ = resolved[monthly_area]
    if not row.confirmed.monthly:
        yield Unconfirmed(
            table.where("standards", index, "classes", class_index, "monthly"),
            f"{effective} 起执行的{row.name}月最低工资 {yuan(row.monthly)} 元",
        )
    if hourly_area is not None:
        class_index, row, _ = resolved[hourly_area]
        if row.hourly is not None and not row.confirmed.hourly:
            yield Unconfirmed(
                table.where("standards", index, "classes", class_index, "hourly"),
                f"{effective} 起执行的{row.name}小时最低工资 {yuan(row.hourly)} 元",
            )


def load_minimum_wages(folder: Path) -> MinimumWageTable:
    """Load every `<province_code>.yaml` in `folder`, collecting all problems before failing."""
    if not folder.is_dir():
        raise InputError(f"{folder}: 找不到最低工资标准目录（每省一个 <省份代码>.yaml）")
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise InputError(f"{folder}: 目录中没有最低工资标准文件（<省份代码>.yaml）")
    provinces: dict[str, ProvinceTable] = {}
    problems: list[str] = []
    for path in files:
        try:
            table = load_province(path, expect_code=path.stem)
        except InputError as err:
            problems.extend(err.details or [err.message])
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
        raise InputError(f"{located.where((), path)[0]}:1: 文件内容应为键值映射")
    try:
        wages = ProvinceWages.model_validate(located.data)
    except ValidationError as err:
        problems = _problems(err, located, path)
        raise InputError(f"{path}: {len(problems)} 处错误", details=problems) from err
    table = ProvinceTable(wages, located, path)
    checks = _cross_checks(table, expect_code)
    problems = [f"{table.where(*at)}: {dotted(at)}: {text}" for at, text in checks]
    if problems:
        raise InputError(f"{path}: {len(problems)} 处错误", details=problems)
    return table


def _cross_checks(table: ProvinceTable, expect_code: str | None) -> Iterator[tuple[Path_, str]]:
    wages = table.wages
    if expect_code is not None and wages.province_code != expect_code:
        yield ("province_code",), f"应与文件名一致（{expect_code}）"
    seen: dict[date, int] = {}
    for index, standard in enumerate(wages.standards):
        at: Path_ = ("standards", index)
        if standard.effective in seen:
            yield (*at, "effective"), f"起始日期与 standards[{seen[standard.effective]}] 重复"
        seen.setdefault(standard.effective, index)
        yield from _standard_checks(standard, at)
    ordered = table.ordered()
    for (index, standard), (_, following) in pairwise(ordered):
        if standard.until is not None and standard.until >= following.effective:
            yield (
                ("standards", index, "until"),
                f"截止日期应早于下一标准的起始日期 {following.effective.isoformat()}",
            )


def _standard_checks(standard: Standard, at: Path_) -> Iterator[tuple[Path_, str]]:
    for name, value in (("until", standard.until), ("verified_through", standard.verified_through)):
        if value is not None and value < standard.effective:
            yield (*at, name), "不能早于起始日期 effective"
    names: dict[str, int] = {}
    for position, row in enumerate(standard.classes):
        if row.name in names:
            yield (*at, "classes", position, "name"), f"类别 {row.name} 重复"
        names.setdefault(row.name, position)
    if standard.areas is None:
        if len(standard.classes) > 1:
            yield at, "有多个类别时须列出 areas（县区 → 类别）"
        return
    areas: dict[str, int] = {}
    for position, mapping in enumerate(standard.areas):
        if mapping.area in areas:
            yield (*at, "areas", position, "area"), f"地区 {mapping.area} 重复"
        areas.setdefault(mapping.area, position)
        if mapping.class_name not in names:
            yield (
                (*at, "areas", position, "class"),
                f"类别 {mapping.class_name} 不在 classes 中（有：{'、'.join(names)}）",
            )
