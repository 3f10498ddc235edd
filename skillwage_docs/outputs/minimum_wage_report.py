"""`skillwage-docs minimum-wage REGION|PROVINCE`: the question a union's staff member asks
first — which statutory minimum binds here, on which document, how sure is it, what comes next.

For a region (`contexts/<region>/region.yaml`): each covered area's class and figures, and the
highest among them, which a region-wide agreement must clear (《劳动合同法》第五十四条). For a
province code: every class of the standard in force. Reads only; the lookups are
`MinimumWageTable`'s, so this report and `validate` can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..base.errors import InputError
from ..base.figures import yuan
from ..base.findings import Finding
from ..base.model import valid_slug
from ..base.problems import validation_problems
from ..inputs.agreement import Region
from ..inputs.loader import discover_regions, load_region
from ..inputs.minimum_wage import (
    MARK_WORDS,
    Applicable,
    MinimumWageTable,
    ProvinceTable,
    Standard,
    WageClass,
    load_minimum_wages,
)
from ..inputs.minimum_wage_areas import area_rows

__all__ = ["AreaLine", "MinimumWageReport", "minimum_wage_report"]

MINIMUM_WAGES = "minimum_wages"  # contexts/minimum_wages, as build.py names it


@dataclass(frozen=True)
class AreaLine:
    """One area (region query) or one class (province query) of the standard in force."""

    area: str
    class_name: str
    monthly: Decimal | None
    hourly: Decimal | None
    full_time_hourly: Decimal | None
    marks: dict[str, str]
    # How sure the area → class mapping is (None for a province-wide single class).
    mapping_mark: str | None = None
    # For a province query: the areas the table maps to this class.
    members: tuple[str, ...] = ()

    def text(self) -> str:
        def figure(value: Decimal | None, unit: str, kind: str) -> str:
            mark = self.marks.get(kind, "?")
            return f"{yuan(value)} {unit} [{mark}]" if value is not None else f"未查到 [{mark}]"

        parts = [f"月 {figure(self.monthly, '元', 'monthly')}"]
        parts.append(f"非全日制 {figure(self.hourly, '元/小时', 'hourly')}")
        if self.full_time_hourly is not None:
            parts.append(f"全日制 {figure(self.full_time_hourly, '元/小时', 'full_time_hourly')}")
        head = self.area if self.area == self.class_name else f"{self.area}：{self.class_name}"
        mapping = f"（类别依据 [{self.mapping_mark}]）" if self.mapping_mark else ""
        members = f"；地区：{'、'.join(self.members)}" if self.members else ""
        return f"  {head}{mapping}，" + "，".join(parts) + members

    def to_json(self) -> dict[str, Any]:
        def money(value: Decimal | None) -> str | None:
            return None if value is None else yuan(value)

        return {
            "area": self.area,
            "class": self.class_name,
            "monthly": money(self.monthly),
            "hourly": money(self.hourly),
            "full_time_hourly": money(self.full_time_hourly),
            "marks": self.marks,
            "mapping_mark": self.mapping_mark,
            "members": list(self.members),
        }


@dataclass
class MinimumWageReport:
    query: str
    kind: str  # "region" or "province"
    on: date
    province: str
    province_code: str
    file: str
    name: str  # the region's name, or the province's
    standard: dict[str, Any]
    rows: list[AreaLine]
    binding: Applicable | None
    next_change: dict[str, Any] | None
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        std = self.standard
        where = f"{self.name}（{self.province}）" if self.kind == "region" else self.province
        document = std["document"] or "发文字号未查到"
        title = std["title"] or ""
        mark = std["effective_mark"]
        out = [
            f"{where} {self.on.isoformat()} 适用的最低工资标准",
            f"文件：{document}{title}，{std['effective']} 起执行（起始日期 [{mark}] {MARK_WORDS[mark]}）",
            f"来源：{std['url'] or std['seen_in'] or '未记录'}（{std['where']}）",
            "核实等级：V 已核实（政府网站或官方全文）；S 转载，未核实；? 未查到",
        ]
        out.append("各县区：" if self.kind == "region" else "各类别：")
        out.extend(line.text() for line in self.rows)
        if self.binding is not None:
            b = self.binding

            def place(name: str | None, area: str | None) -> str:
                return f"{name}" if area in (None, name) else f"{name}，{area}"

            hourly = (
                f"非全日制 {yuan(b.hourly)} 元/小时（{place(b.hourly_class, b.hourly_area)}）"
                if b.hourly is not None
                else "非全日制小时标准未查到"
            )
            scope = "覆盖各县区的合同须高于其中最高的标准" if len(self.rows) > 1 else "合同须高于"
            monthly = f"月 {yuan(b.monthly)} 元（{place(b.monthly_class, b.monthly_area)}）"
            out.append(f"{scope}：{monthly}；{hourly}")
        if self.next_change is None:
            out.append(
                f"下一次已知调整：表中没有（{self.file} 中 {std['effective']} 之后的标准尚未录入）"
            )
        else:
            change = self.next_change
            out.append(
                f"下一次已知调整：{change['effective']} 起执行，{change['document'] or '发文字号未查到'}"
                f"（{change['where']}）{change['summary']}"
            )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "kind": self.kind,
            "on": self.on.isoformat(),
            "name": self.name,
            "province": self.province,
            "province_code": self.province_code,
            "file": self.file,
            "standard": self.standard,
            "areas" if self.kind == "region" else "classes": [x.to_json() for x in self.rows],
            "binding": None if self.binding is None else self.binding.to_json(),
            "next_change": self.next_change,
            "warnings": self.warnings,
        }


def minimum_wage_report(contexts: Path, query: str, on: date) -> MinimumWageReport:
    """The report for a region code (a folder of `contexts/`) or a province code."""
    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    regions = discover_regions(contexts) if contexts.is_dir() else {}
    if valid_slug(query) and query in regions:
        region = _region(regions[query])
        return _region_report(table, query, region, on)
    try:
        code = table.find(query)  # zhejiang, 浙江省 or 浙江
    except InputError:
        raise InputError(
            f"找不到地区或省份 {query!r}（地区：{'、'.join(regions) or '（无）'}；"
            f"省份可以写 浙江、浙江省 或 zhejiang：{'、'.join(sorted(table.provinces))}）"
        ) from None
    return _province_report(table, code, on)


def _region(folder: Path) -> Region:
    located = load_region(folder)
    path = folder / "region.yaml"
    data = located.data.get("region") if isinstance(located.data, dict) else None
    if data is None:
        file, line = located.where((), path)
        raise InputError(Finding(file=file, line=line, field="region", message="缺少必填字段"))
    try:
        return Region.model_validate(data)
    except ValidationError as err:
        # The region block on its own, its keys still pointing at their lines of region.yaml.
        problems = validation_problems(err, located, path, prefix=("region",))
        summary = Finding(file=path, message=f"{len(problems)} 处错误")
        raise InputError(summary, details=problems) from err


def _standard_json(table: ProvinceTable, index: int, std: Standard) -> dict[str, Any]:
    return {
        "effective": std.effective.isoformat(),
        "effective_mark": std.effective_mark,
        "document": std.document,
        "title": std.title,
        "url": std.url,
        "seen_in": std.seen_in,
        "where": table.where("standards", index),
    }


def _class_line(area: str, row: WageClass, mapping_mark: str | None) -> AreaLine:
    marks = {"monthly": row.mark_of("monthly"), "hourly": row.mark_of("hourly")}
    if row.full_time_hourly is not None:
        marks["full_time_hourly"] = row.mark_of("full_time_hourly")
    return AreaLine(
        area, row.name, row.monthly, row.hourly, row.full_time_hourly, marks, mapping_mark
    )


def _region_report(
    table: MinimumWageTable, code: str, region: Region, on: date
) -> MinimumWageReport:
    province = table.province(region.province_code)
    binding = table.in_force(region.province_code, region.areas, on)
    index, std = table.standard_on(region.province_code, on)
    mapping = binding.area_marks or {}
    lines = [
        _class_line(area, std.class_named(binding.area_classes[area])[1], mapping.get(area))
        for area in dict.fromkeys(region.areas)
    ]
    warnings = [f"未核实：{doubt}" for doubt in binding.unconfirmed]
    if binding.provisional is not None:
        warnings.append(f"临时校验：{binding.provisional.summary()}")
    if binding.hourly_unknown is not None:
        warnings.append(f"未查到：{binding.hourly_unknown}")
    return MinimumWageReport(
        query=code,
        kind="region",
        on=on,
        province=province.wages.province,
        province_code=province.wages.province_code,
        file=province.path.name,
        name=region.name,
        standard=_standard_json(province, index, std),
        rows=lines,
        binding=binding,
        next_change=_next_change(table, region.province_code, region.areas, on),
        warnings=warnings,
    )


def _province_report(table: MinimumWageTable, code: str, on: date) -> MinimumWageReport:
    province = table.province(code)
    index, std = table.standard_on(code, on)
    members: dict[str, list[str]] = {}
    for item in area_rows(province.wages, index) or []:
        members.setdefault(item.row.class_name, []).append(item.row.area)
    lines = [
        replace(_class_line(row.name, row, None), members=tuple(members.get(row.name, [])))
        for row in std.classes
    ]
    warnings: list[str] = []
    stale = province.stale_on(on)
    if stale is not None:
        warnings.append(f"未核实：{stale}")
    checked = province.wages.checked_through
    if checked is not None and on > checked and index == province.ordered()[-1][0]:
        warnings.append(
            f"未核实：{province.wages.province}最低工资表核对到 {checked.isoformat()}，此后是否调整未知"
            f"（{province.where('checked_through')}）"
        )
    if std.effective_mark != "V":
        date_mark = std.effective_mark
        warnings.append(
            f"未核实：起始日期 {std.effective.isoformat()}（[{date_mark}] {MARK_WORDS[date_mark]}）"
            f"（{province.where('standards', index, 'effective_mark')}）"
        )
    secondary = 0
    for position, row in enumerate(std.classes):
        for kind, words in (("monthly", "月最低工资"), ("hourly", "小时最低工资")):
            figure_mark = row.mark_of(kind)
            secondary += figure_mark == "S"
            if figure_mark == "?":
                where = province.where("standards", index, "classes", position, kind)
                warnings.append(f"未查到：{row.name}{words} [?]（{where}）")
    if secondary:
        warnings.append(f"未核实：本标准有 {secondary} 个数字只见于转载 [S]（见各类别）")
    binding = None
    if len(std.classes) == 1 and std.classes[0].monthly is not None:
        binding = table.in_force(code, [province.wages.province], on)
    areas = [province.wages.province] if len(std.classes) == 1 else []
    return MinimumWageReport(
        query=code,
        kind="province",
        on=on,
        province=province.wages.province,
        province_code=code,
        file=province.path.name,
        name=province.wages.province,
        standard=_standard_json(province, index, std),
        rows=lines,
        binding=binding,
        next_change=_next_change(table, code, areas, on),
        warnings=warnings,
    )


def _next_change(
    table: MinimumWageTable, code: str, areas: list[str], on: date
) -> dict[str, Any] | None:
    found = table.next_standard(code, on)
    if found is None:
        return None
    index, std = found
    province = table.province(code)
    summary = "；各类别月标准：" + "、".join(
        f"{row.name} {yuan(row.monthly) + ' 元' if row.monthly is not None else '未查到'}"
        for row in std.classes
    )
    if areas:
        try:
            later = table.later_changes(code, areas, on, std.effective)[-1]
        except InputError as err:  # e.g. a figure of the next standard not found yet
            summary = f"；本地数字：{err.message}"
        else:
            summary = f"；本地月标准 {yuan(later.monthly)} 元（{later.monthly_class}）"
    return {
        **_standard_json(province, index, std),
        "summary": summary,
    }


# --- the README's table of provinces -----------------------------------------------------------

README_START = (
    "<!-- provinces:start (python -m skillwage_docs.outputs.minimum_wage_report README.md) -->"
)
README_END = "<!-- provinces:end -->"


def provinces_markdown(table: MinimumWageTable) -> str:
    """One row per province: latest effective date and its mark, document, how many figures
    are V/S/?, how many class rows are confirmed (every figure V), how many area rows the
    latest standard's list has (V/S), and how far the file was checked."""
    rows = [
        "| 省份 | 文件 | 最新标准起始 | 起始日期 | 发文字号 | 数字 V / S / ? | 已核实的行 "
        "| 县区划分 V / S | 核对到 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for code in sorted(table.provinces):
        province = table.provinces[code]
        latest = province.ordered()[-1][1]
        counts = {"V": 0, "S": 0, "?": 0}
        confirmed = total = 0
        for std in province.wages.standards:
            for row in std.classes:
                kinds = ["monthly", "hourly"]
                if row.full_time_hourly is not None:
                    kinds.append("full_time_hourly")
                marks = [row.mark_of(kind) for kind in kinds]
                for mark in marks:
                    counts[mark] += 1
                total += 1
                confirmed += all(mark == "V" for mark in marks)
        listed = area_rows(province.wages, province.ordered()[-1][0])
        if listed is None:
            areas = "一类，全境" if len(latest.classes) == 1 else "未查到"
        else:
            marks = [item.row.mark for item in listed]
            areas = f"{marks.count('V')} / {marks.count('S')}"
        checked = province.wages.checked_through
        rows.append(
            f"| {province.wages.province} | `{code}.yaml` | {latest.effective.isoformat()} "
            f"| [{latest.effective_mark}] | {latest.document or '未查到'} "
            f"| {counts['V']} / {counts['S']} / {counts['?']} | {confirmed} / {total} "
            f"| {areas} | {checked.isoformat() if checked else '—'} |"
        )
    return "\n".join(rows)


def readme_section(table: MinimumWageTable) -> str:
    return f"{README_START}\n{provinces_markdown(table)}\n{README_END}"


def update_readme(readme: Path, table: MinimumWageTable) -> bool:
    """Replace the table between the markers; True when the file changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    new = text[:start] + readme_section(table) + text[end:]
    if new == text:
        return False
    readme.write_text(new, encoding="utf-8")
    return True


if __name__ == "__main__":  # python -m skillwage_docs.outputs.minimum_wage_report README.md
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    changed = update_readme(target, load_minimum_wages(Path("contexts") / MINIMUM_WAGES))
    print(f"{'update' if changed else 'identical':<9} {target}")
