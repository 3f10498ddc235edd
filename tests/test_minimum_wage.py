"""The minimum-wage table: which standard applies on a date, at the highest class of the areas
an agreement covers, and errors (never a silent pass) for anything the table does not hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillwage_docs.errors import InputError
from skillwage_docs.minimum_wage import MinimumWageTable, load_minimum_wages, load_province

from .conftest import CONTEXTS

D = Decimal
YANGQUAN = ["阳泉市城区", "阳泉市矿区", "阳泉市郊区", "平定县", "盂县"]
SHANXI_FILE = "contexts/minimum_wages/shanxi.yaml"
# For @given tests, which may not use function-scoped fixtures; the real table is read-only.
_TABLE = load_minimum_wages(CONTEXTS / "minimum_wages")


@pytest.fixture(scope="module")
def table() -> MinimumWageTable:
    return _TABLE


def _line(location: str) -> str:
    """The text of the line a `file:line` location points at."""
    file, line = location.rsplit(":", 1)
    path = Path(file) if Path(file).is_absolute() else CONTEXTS.parent / file
    return path.read_text(encoding="utf-8").splitlines()[int(line) - 1]


def test_the_table_holds_provinces_of_every_shape(table: MinimumWageTable) -> None:
    assert set(table.provinces) >= {"shanxi", "jiangsu", "shanghai", "guangdong"}
    shanxi = table.province("shanxi").wages
    assert [len(s.classes) for s in shanxi.standards] == [4, 3, 3]  # four classes before 2018
    assert [s.name for s in shanxi.standards[0].special] == ["煤矿井下采掘人员", "煤矿井下辅助人员"]
    assert len(table.province("shanghai").wages.standards[0].classes) == 1
    assert "广州市" in {c.name for c in table.province("guangdong").wages.standards[-1].classes}


@pytest.mark.parametrize(
    ("on", "effective", "monthly", "hourly"),
    [
        (date(2014, 4, 1), date(2014, 4, 1), "1450", None),
        (date(2017, 12, 31), date(2014, 4, 1), "1450", None),
        (date(2023, 1, 1), date(2023, 1, 1), "1980", "21.3"),
        (date(2024, 12, 31), date(2023, 1, 1), "1980", "21.3"),
        (date(2025, 1, 1), date(2025, 1, 1), "2150", "23.5"),
        (date(2025, 7, 1), date(2025, 1, 1), "2150", "23.5"),
    ],
)
def test_in_force_on_a_date(
    table: MinimumWageTable, on: date, effective: date, monthly: str, hourly: str | None
) -> None:
    std = table.in_force("shanxi", YANGQUAN, on)
    assert std.effective == effective
    assert std.monthly == Decimal(monthly)
    assert std.hourly == (Decimal(hourly) if hourly else None)
    assert (std.monthly_class, std.monthly_area) == ("一类", "阳泉市城区")


def test_highest_class_among_the_areas_binds(table: MinimumWageTable) -> None:
    # 2014: the counties were 四类, the districts 一类; a city-wide agreement clears 一类.
    counties = table.in_force("shanxi", ["平定县", "盂县"], date(2014, 4, 1))
    assert (counties.monthly, counties.monthly_class, counties.monthly_area) == (
        Decimal("1150"),
        "四类",
        "平定县",
    )
    mixed = table.in_force("shanxi", ["盂县", "阳泉市矿区"], date(2014, 4, 1))
    assert (mixed.monthly, mixed.monthly_class, mixed.monthly_area) == (
        D(1450),
        "一类",
        "阳泉市矿区",
    )
    assert mixed.area_classes == {"盂县": "四类", "阳泉市矿区": "一类"}
    jiangsu = table.in_force("jiangsu", ["宿迁市", "扬州市", "南京市"], date(2024, 6, 1))
    assert (jiangsu.monthly, jiangsu.hourly, jiangsu.monthly_area) == (D(2490), D(24), "南京市")


def test_single_class_province_covers_any_area(table: MinimumWageTable) -> None:
    std = table.in_force("shanghai", ["浦东新区", "闵行区"], date(2025, 1, 1))
    assert (std.monthly, std.hourly, std.monthly_class) == (D(2690), D(24), "全市")


def test_named_cities_are_classes_too(table: MinimumWageTable) -> None:
    std = table.in_force("guangdong", ["佛山市", "深圳市"], date(2025, 6, 1))
    assert (std.monthly, std.monthly_class) == (D(2520), "深圳市")
    assert std.describe().startswith("广东省深圳市，2025-03-01 起执行，来源：")
    # 2021 had no hourly figure in the table: unknown, not zero.
    assert table.in_force("guangdong", ["广州市"], date(2022, 1, 1)).hourly is None


def test_describe_names_class_area_date_and_source(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", YANGQUAN, date(2025, 7, 1))
    text = std.describe()
    assert text.startswith("山西省一类地区（阳泉市城区），2025-01-01 起执行，来源：发文未查到")
    assert "人社部" in text
    assert std.where == f"{SHANXI_FILE}:{_line_number('- effective: 2025-01-01')}"


def _line_number(needle: str) -> int:
    lines = (CONTEXTS / "minimum_wages" / "shanxi.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("code", "areas", "on", "expected"),
    [
        ("shanxi", ["阳泉高新区"], date(2025, 7, 1), "没有列出 阳泉高新区 所属的类别"),
        ("shanxi", ["太原市小店区", "盂县"], date(2025, 7, 1), "太原市小店区"),
        ("shanxi", YANGQUAN, date(2014, 3, 31), "最早的标准自 2014-04-01 起执行"),
        ("shanxi", YANGQUAN, date(2020, 6, 1), "表中没有 2020-06-01 适用的标准"),
        ("shanghai", ["浦东新区"], date(2023, 12, 31), "没有 2023-12-31 适用的标准"),
        ("atlantis", ["x"], date(2025, 1, 1), "最低工资表中没有省份 'atlantis'"),
        ("shanxi", [], date(2025, 7, 1), "没有列出覆盖的县区"),
    ],
)
def test_what_the_table_does_not_cover_is_an_input_error(
    table: MinimumWageTable, code: str, areas: list[str], on: date, expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        table.in_force(code, areas, on)
    assert expected in caught.value.message


def test_gap_error_points_at_the_row_that_ends(table: MinimumWageTable) -> None:
    with pytest.raises(InputError) as caught:
        table.in_force("shanxi", YANGQUAN, date(2019, 1, 1))
    location = caught.value.message.split(": ")[0]
    assert "until: 2017-12-31" in _line(location)
    assert "下一标准自 2023-01-01 起执行" in caught.value.message


def test_unconfirmed_rows_used_are_named(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", YANGQUAN, date(2025, 7, 1))
    assert not std.confirmed
    lines = {doubt.what: _line(doubt.where) for doubt in std.unconfirmed}
    assert "2025-01-01 起执行的一类小时最低工资 23.5 元" in lines  # placeholder
    assert "hourly: 23.5" in lines["2025-01-01 起执行的一类小时最低工资 23.5 元"]
    assert "area: 阳泉市城区" in lines["阳泉市城区属一类（2025-01-01 起执行的标准）"]
    assert any("只核对到 2025-04-01" in what for what in lines)
    # The confirmed 一类 monthly figure is not flagged; nor are the counties, whose class
    # cannot raise the limit above the top class that already binds.
    assert not any("月最低工资" in what or "盂县" in what for what in lines)


def test_a_lower_binding_class_flags_every_unconfirmed_mapping(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", ["平定县", "盂县"], date(2023, 6, 1))
    whats = [doubt.what for doubt in std.unconfirmed]
    assert any(what.startswith("平定县属三类") for what in whats)
    assert any(what.startswith("盂县属三类") for what in whats)
    assert any("起始日期 2023-01-01" in what for what in whats)  # the date is [V2]


def test_fully_confirmed_lookup(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", ["阳泉市城区"], date(2014, 4, 1))
    assert std.confirmed and std.unconfirmed == ()
    assert std.special == (
        ("煤矿井下采掘人员", Decimal("2000")),
        ("煤矿井下辅助人员", Decimal("1800")),
    )


def test_later_changes_within_a_term(table: MinimumWageTable) -> None:
    later = table.later_changes("shanxi", YANGQUAN, date(2022, 7, 1), date(2025, 6, 30))
    assert [(std.effective, std.monthly) for std in later] == [
        (date(2023, 1, 1), D(1980)),
        (date(2025, 1, 1), D(2150)),
    ]
    # A standard starting on the first day of the term is the one in force, not a change.
    assert table.later_changes("shanxi", YANGQUAN, date(2025, 1, 1), date(2027, 12, 31)) == []


@given(
    areas=st.lists(st.sampled_from(YANGQUAN), min_size=1, max_size=5, unique=True),
    on=st.sampled_from([date(2014, 4, 1), date(2023, 3, 1), date(2025, 7, 1)]),
)
def test_limit_is_the_maximum_of_single_area_limits(areas: list[str], on: date) -> None:
    table = _TABLE
    combined = table.in_force("shanxi", areas, on)
    singles = {area: table.in_force("shanxi", [area], on).monthly for area in areas}
    assert combined.monthly == max(singles.values())
    assert singles[combined.monthly_area] == combined.monthly
    # ties go to the first area listed, so the report follows the agreement's own order
    assert combined.monthly_area == next(a for a in areas if singles[a] == combined.monthly)


# --- the data file itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected", "on_line"),
    [
        (
            "monthly: 2150, hourly: 23.5, confirmed: {monthly: true",
            'monthly: "2150元", hourly: 23.5, confirmed: {monthly: true',
            "standards[2].classes[0].monthly: 金额应写为数字",
            "2150元",
        ),
        (
            "    effective_confirmed: false\n    verified_through: 2024-01-01",
            "    effective_confirmed: false\n    efective: 2023-01-01\n"
            "    verified_through: 2024-01-01",
            "standards[1].efective: 未知字段",
            "efective:",
        ),
        (
            "{area: 盂县, class: 三类, confirmed: false}",
            "{area: 盂县, class: 五类, confirmed: false}",
            "standards[1].areas[4].class: 类别 五类 不在 classes 中",
            "class: 五类",
        ),
        (
            "{area: 平定县, class: 三类",
            "{area: 盂县, class: 三类",
            "standards[1].areas[4].area: 地区 盂县 重复",
            "area: 盂县",
        ),
        (
            "- effective: 2023-01-01",
            "- effective: 2025-01-01",
            "standards[2].effective: 起始日期与 standards[1] 重复",
            "effective: 2025-01-01",
        ),
        (
            "province_code: shanxi",
            "province_code: shanxii",
            "province_code: 应与文件名一致",
            "shanxii",
        ),
        (
            "until: 2017-12-31",
            "until: 2023-06-30",
            "standards[0].until: 截止日期应早于下一标准的起始日期 2023-01-01",
            "until: 2023-06-30",
        ),
        (
            "{name: 一类, monthly: 1450, confirmed: true}",
            "{name: 一类, monthly: 1450}",
            "standards[0].classes[0].confirmed: 缺少必填字段",
            "name: 一类, monthly: 1450",
        ),
        (
            "confirmed: {monthly: true, hourly: false}",
            "confirmed: {monthly: true, hourly: maybe}",
            "standards[2].classes[0].confirmed.hourly: 应为 true 或 false",
            "hourly: maybe",
        ),
        (
            "    verified_through: 2014-04-01",
            "    verified_through: 2014-03-01",
            "standards[0].verified_through: 不能早于起始日期",
            "verified_through: 2014-03-01",
        ),
    ],
)
def test_bad_data_names_file_line_and_field(
    contexts: Path, edit: Callable[..., Path], old: str, new: str, expected: str, on_line: str
) -> None:
    path = edit("minimum_wages/shanxi.yaml", old, new)
    with pytest.raises(InputError) as caught:
        load_minimum_wages(contexts / "minimum_wages")
    hit = next((line for line in caught.value.lines() if expected in line), None)
    assert hit is not None, caught.value.lines()
    # the line named is the line holding the bad value
    number = int(hit.split("shanxi.yaml:")[1].split(":")[0])
    assert on_line in path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_several_classes_need_an_area_mapping(contexts: Path, edit: Callable[..., Path]) -> None:
    edit(
        "minimum_wages/shanghai.yaml",
        "      - {name: 全市,",
        "      - {name: 郊区, monthly: 2600, confirmed: false}\n      - {name: 全市,",
    )
    with pytest.raises(InputError) as caught:
        load_minimum_wages(contexts / "minimum_wages")
    assert "shanghai.yaml:10: standards[0]: 有多个类别时须列出 areas" in caught.value.lines()[0]


def test_all_files_are_checked_before_failing(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("minimum_wages/shanxi.yaml", "province: 山西省", "provnce: 山西省")
    edit("minimum_wages/jiangsu.yaml", "monthly: 2490", "monthly: -1")
    with pytest.raises(InputError) as caught:
        load_minimum_wages(contexts / "minimum_wages")
    text = "\n".join(caught.value.lines())
    assert "shanxi.yaml" in text and "jiangsu.yaml" in text


def test_missing_or_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到最低工资标准目录"):
        load_minimum_wages(tmp_path / "nowhere")
    with pytest.raises(InputError, match="没有最低工资标准文件"):
        load_minimum_wages(tmp_path)


def test_a_proposed_file_may_have_any_name(tmp_path: Path) -> None:
    proposed = tmp_path / "shanxi-2026-draft.yaml"
    proposed.write_text((CONTEXTS / "minimum_wages" / "shanxi.yaml").read_text("utf-8"), "utf-8")
    assert load_province(proposed).wages.province_code == "shanxi"


def test_exclusions_follow_the_standard_then_the_national_rule(table: MinimumWageTable) -> None:
    # 晋政办发〔2024〕58号 adds 行车 allowances to 《最低工资规定》第十二条 (minimum-wages-2025.md §1.2).
    shanxi_2025 = table.in_force("shanxi", ["盂县"], date(2025, 7, 1)).exclusions
    assert shanxi_2025.basis[0] == "《山西省最低工资规定》（省政府令第218号）"
    assert any("行车" in item for item in shanxi_2025.items)
    national = table.in_force("shanxi", ["盂县"], date(2023, 7, 1)).exclusions
    assert national.basis == ["《最低工资规定》第十二条"]
    assert not any("行车" in item for item in national.items)
