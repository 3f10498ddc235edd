"""The minimum-wage table: which standard applies on a date, at the highest class of the areas
an agreement covers, and errors (never a silent pass) for anything the table does not hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillwage_docs.base.errors import InputError
from skillwage_docs.inputs.minimum_wage import MinimumWageTable, load_minimum_wages, load_province

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


PROVINCES = {
    "anhui", "beijing", "chongqing", "fujian", "gansu", "guangdong", "guangxi", "guizhou",
    "hainan", "hebei", "heilongjiang", "henan", "hubei", "hunan", "jiangsu", "jiangxi", "jilin",
    "liaoning", "neimenggu", "ningxia", "qinghai", "shaanxi", "shandong", "shanghai", "shanxi",
    "sichuan", "tianjin", "xinjiang", "xizang", "yunnan", "zhejiang",
}  # fmt: skip
DOC_2025 = "晋政办发〔2024〕58号"


def test_the_table_holds_all_31_provinces_of_every_shape(table: MinimumWageTable) -> None:
    assert set(table.provinces) == PROVINCES
    shanxi = table.province("shanxi").wages
    # four classes until 晋政办发〔2021〕81号, three since
    assert [len(s.classes) for s in shanxi.standards] == [4, 4, 4, 3, 3, 3]
    assert [s.document for s in shanxi.standards] == [
        None,
        "晋政办发〔2015〕41号",
        "晋政办发〔2017〕120号",
        "晋政办发〔2021〕81号",
        "晋政办发〔2023〕9号",
        DOC_2025,
    ]
    assert [s.name for s in shanxi.standards[0].special] == ["煤矿井下采掘人员", "煤矿井下辅助人员"]
    assert len(table.province("shanghai").wages.standards[0].classes) == 1
    assert "广州市" in {c.name for c in table.province("guangdong").wages.standards[-1].classes}
    assert len(table.province("fujian").wages.standards[-1].classes) == 4


@pytest.mark.parametrize(
    ("on", "effective", "monthly", "hourly"),
    [
        (date(2014, 4, 1), date(2014, 4, 1), "1450", None),  # hourly not found: "?"
        (date(2015, 5, 1), date(2015, 5, 1), "1620", "17.7"),
        (date(2017, 10, 1), date(2017, 10, 1), "1700", "18.5"),
        (date(2021, 9, 30), date(2017, 10, 1), "1700", "18.5"),
        (date(2021, 10, 1), date(2021, 10, 1), "1880", "19.8"),
        (date(2023, 1, 1), date(2023, 1, 1), "1980", "21.3"),
        (date(2024, 12, 31), date(2023, 1, 1), "1980", "21.3"),
        (date(2025, 1, 1), date(2025, 1, 1), "2150", "23.2"),
        (date(2025, 7, 1), date(2025, 1, 1), "2150", "23.2"),
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


@pytest.mark.parametrize(
    ("area", "monthly", "hourly", "full_time", "class_name"),
    [
        ("阳泉市城区", "2150", "23.2", "12.4", "一类"),
        ("阳泉市矿区", "2150", "23.2", "12.4", "一类"),
        ("阳泉市郊区", "2150", "23.2", "12.4", "一类"),
        ("平定县", "2050", "22.1", "11.8", "二类"),
        ("盂县", "2050", "22.1", "11.8", "二类"),
    ],
)
def test_yangquan_2025_by_area(
    table: MinimumWageTable, area: str, monthly: str, hourly: str, full_time: str, class_name: str
) -> None:
    std = table.in_force("shanxi", [area], date(2025, 7, 1))
    assert (std.monthly, std.hourly, std.full_time_hourly) == (D(monthly), D(hourly), D(full_time))
    assert std.monthly_class == class_name
    assert std.source == DOC_2025
    assert std.title == "《山西省人民政府办公厅关于调整我省最低工资标准的通知》"
    assert std.url is not None and std.url.startswith("http://www.shanxi.gov.cn/")
    assert std.marks == {"effective": "V", "monthly": "V", "hourly": "V"}


def test_before_2021_the_counties_were_third_of_four_classes(table: MinimumWageTable) -> None:
    for on, monthly in ((date(2014, 4, 1), 1250), (date(2017, 10, 1), 1500)):
        std = table.in_force("shanxi", ["平定县", "盂县"], on)
        assert (std.monthly, std.monthly_class, std.monthly_area) == (D(monthly), "三类", "平定县")


def test_highest_class_among_the_areas_binds(table: MinimumWageTable) -> None:
    mixed = table.in_force("shanxi", ["盂县", "阳泉市矿区"], date(2025, 7, 1))
    assert (mixed.monthly, mixed.monthly_class, mixed.monthly_area) == (
        D(2150),
        "一类",
        "阳泉市矿区",
    )
    assert mixed.area_classes == {"盂县": "二类", "阳泉市矿区": "一类"}
    counties = table.in_force("shanxi", ["娄烦县", "阳曲县"], date(2025, 7, 1))
    assert (counties.monthly, counties.monthly_area) == (D(2050), "阳曲县")


def test_single_class_province_covers_any_area(table: MinimumWageTable) -> None:
    std = table.in_force("shanghai", ["浦东新区", "闵行区"], date(2025, 8, 1))
    assert (std.monthly, std.hourly, std.monthly_class) == (D(2740), D(25), "全市")


def test_named_cities_are_classes_too(table: MinimumWageTable) -> None:
    std = table.in_force("guangdong", ["佛山市", "深圳市"], date(2025, 6, 1))
    assert (std.monthly, std.monthly_class) == (D(2520), "深圳市")
    assert std.describe().startswith("广东省深圳市，2025年3月1日起执行，来源：粤府函〔2025〕23号")
    assert table.in_force("guangdong", ["韶关市"], date(2025, 6, 1)).monthly == D(1750)
    assert table.in_force("guangdong", ["东莞市"], date(2025, 6, 1)).hourly == D("19.8")


def test_describe_names_class_area_date_and_document(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", YANGQUAN, date(2025, 7, 1))
    text = std.describe()
    assert text == f"山西省一类地区（阳泉市城区），2025年1月1日起执行，来源：{DOC_2025}"
    assert std.where == f"{SHANXI_FILE}:{_line_number('- effective: 2025-01-01')}"


def _line_number(needle: str) -> int:
    lines = (CONTEXTS / "minimum_wages" / "shanxi.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("code", "areas", "on", "expected"),
    [
        # Names are checked against the administrative divisions (divisions.tsv).
        ("shanxi", ["阳泉高新区"], date(2025, 7, 1), "山西省的行政区划中没有“阳泉高新区”"),
        ("shanxi", ["孟县"], date(2025, 7, 1), "山西省的行政区划中没有“孟县”"),
        (
            "shanxi",
            ["城区"],
            date(2025, 7, 1),
            "山西省有 2 个“城区”（阳泉市城区、晋城市城区）：请写明所属的市",
        ),
        (
            "jiangsu",
            ["鼓楼区"],
            date(2026, 3, 1),
            "江苏省有 2 个“鼓楼区”（南京市鼓楼区、徐州市鼓楼区）",
        ),
        ("shanxi", YANGQUAN, date(2014, 3, 31), "最早的标准自 2014-04-01 起执行"),
        ("shanghai", ["浦东新区"], date(2025, 6, 30), "没有 2025-06-30 适用的标准"),
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


def test_an_unplaced_county_is_checked_against_the_highest_class(
    table: MinimumWageTable, contexts: Path, edit: Callable[..., Path]
) -> None:
    # 湖北 2025-12-01 has three classes and no county list: 黄梅县 is checked against the
    # highest class, provisionally, and the rows to add are offered.
    std = table.in_force("hubei", ["黄梅县"], date(2026, 3, 1))
    assert (std.monthly, std.monthly_class, std.hourly) == (D(2400), "第一档", D(24))
    assert std.provisional is not None
    assert std.provisional.summary().startswith(
        "黄梅县所属的类别在最低工资表中未查到，暂按湖北省最高的第一档（月 2400 元）临时校验；"
        "类别查到后请补入 hubei.yaml 的 areas"
    )
    block = std.provisional.block()
    assert (
        "contexts/minimum_wages/hubei.yaml：2025-12-01 起执行的标准，写在该标准的 classes 之后"
        in block
    )
    assert "    areas_url: https://…（地区划分的来源地址）" in block
    assert "      - {area: 黄梅县, class: 待填（第一档/第二档/第三档）, mark: S}" in block
    # Pasted with its class and source filled in, the block places the county for good.
    lines = block.splitlines()[2:]
    pasted = "\n".join(lines).replace("https://…（地区划分的来源地址）", "https://example.org/hb")
    pasted = pasted.replace("待填（第一档/第二档/第三档）", "第三档")
    edit(
        "minimum_wages/hubei.yaml",
        "      - {name: 第三档, monthly: 1970, hourly: 20, mark: S}",
        "      - {name: 第三档, monthly: 1970, hourly: 20, mark: S}\n" + pasted,
    )
    placed = load_minimum_wages(contexts / "minimum_wages").in_force(
        "hubei", ["黄梅县"], date(2026, 3, 1)
    )
    assert (placed.monthly, placed.monthly_class, placed.provisional) == (D(1970), "第三档", None)


def test_a_class_known_to_be_the_highest_needs_no_provisional_check(
    table: MinimumWageTable,
) -> None:
    # 万荣县 (cut from the 58号 list) beside 阳泉市城区 (一类): nothing can bind above 一类.
    both = table.in_force("shanxi", ["阳泉市城区", "万荣县"], date(2025, 7, 1))
    assert (both.monthly, both.monthly_area, both.provisional) == (D(2150), "阳泉市城区", None)
    alone = table.in_force("shanxi", ["万荣县"], date(2025, 7, 1))
    assert alone.provisional is not None and alone.monthly == D(2150)


def test_unconfirmed_rows_used_are_named(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", YANGQUAN, date(2025, 7, 1))
    assert not std.confirmed
    lines = {doubt.what: _line(doubt.where) for doubt in std.unconfirmed}
    city = "阳泉市城区属一类（2025-01-01 起执行的标准；[S] 转载，未核实）"
    assert "area: 阳泉市城区" in lines[city]
    # Checked through 2026-02-28: a lookup after it says the table may be behind.
    assert not any("核对到" in what for what in lines)
    later = table.in_force("shanxi", YANGQUAN, date(2026, 6, 1))
    checked = [d for d in later.unconfirmed if "核对到" in d.what]
    assert [d.what for d in checked] == [
        "山西省最低工资表核对到 2026-02-28，此后是否调整未知（查询日 2026-06-01）"
    ]
    assert "checked_through: 2026-02-28" in _line(checked[0].where)
    # The [V] figures are not flagged; nor are the counties, whose class cannot raise the
    # limit above the top class that already binds.
    assert not any("最低工资 " in what or "盂县" in what for what in lines)


def test_a_lower_binding_class_flags_every_unconfirmed_mapping(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", ["平定县", "盂县"], date(2023, 6, 1))
    whats = [doubt.what for doubt in std.unconfirmed]
    assert any(what.startswith("平定县属二类") for what in whats)
    assert any(what.startswith("盂县属二类") for what in whats)
    assert any("起始日期 2023-01-01（[S] 转载，未核实）" in what for what in whats)
    assert any("二类月最低工资 1880 元（[S] 转载，未核实）" in what for what in whats)


def test_fully_confirmed_lookup(table: MinimumWageTable) -> None:
    # 天津 2025-09-01 was read on a government site: nothing to flag on its first day.
    std = table.in_force("tianjin", ["滨海新区"], date(2025, 9, 1))
    assert std.confirmed and std.unconfirmed == ()
    assert (std.monthly, std.hourly) == (D(2510), D("26.6"))


def test_special_minimums_travel_with_the_standard(table: MinimumWageTable) -> None:
    std = table.in_force("shanxi", ["阳泉市城区"], date(2014, 4, 1))
    assert std.special == (
        ("煤矿井下采掘人员", Decimal("2000")),
        ("煤矿井下辅助人员", Decimal("1800")),
    )


def test_an_unknown_hourly_figure_is_unknown_and_says_where(table: MinimumWageTable) -> None:
    std = table.in_force("qinghai", ["西宁市"], date(2025, 6, 1))
    assert (std.monthly, std.hourly) == (D(2080), None)
    assert std.hourly_unknown is not None
    assert "全省小时最低工资未查到 [?]" in std.hourly_unknown.what
    assert "hourly: null" in _line(std.hourly_unknown.where)


def test_an_unknown_monthly_figure_fails_naming_file_and_line(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 第三档 made unknown ("?"): a 第一档 figure bounds the lower classes, so an agreement
    # covering both is answered; one covering only 第三档 cannot be.
    edit(
        "minimum_wages/zhejiang.yaml",
        "      - {name: 第三档, monthly: 2180, hourly: 21, mark: S}",
        '      - {name: 第三档, monthly: null, hourly: null, mark: "?"}',
    )
    edit(
        "minimum_wages/zhejiang.yaml",
        "      - {area: 嘉兴市,",
        '      - {area: 杭州市, class: 第一档, mark: S, url: "https://example.org/hz"}\n'
        '      - {area: 淳安县, class: 第三档, mark: S, url: "https://example.org/hz"}\n'
        "      - {area: 嘉兴市,",
    )
    table = load_minimum_wages(contexts / "minimum_wages")
    both = table.in_force("zhejiang", ["淳安县", "杭州市"], date(2026, 3, 1))
    assert (both.monthly, both.monthly_area, both.hourly) == (D(2660), "杭州市", D(25))
    with pytest.raises(InputError) as caught:
        table.in_force("zhejiang", ["淳安县"], date(2026, 3, 1))
    message = caught.value.message
    assert "浙江省 2026-01-01 起执行标准的第三档月最低工资未查到 [?]（淳安县属第三档）" in message
    assert "本工具不猜测数字" in message
    assert "name: 第三档, monthly: null" in _line(message.split(": ")[0])


def test_a_table_older_than_two_years_is_named(table: MinimumWageTable) -> None:
    # 《最低工资规定》第十条: reviewed at least every two years.
    assert table.in_force("tianjin", ["和平区"], date(2025, 10, 1)).confirmed
    checked = "天津市最低工资表核对到 2025-10-01，此后是否调整未知（查询日 2027-09-01）"
    assert [
        d.what for d in table.in_force("tianjin", ["和平区"], date(2027, 9, 1)).unconfirmed
    ] == [checked]
    late = table.in_force("tianjin", ["和平区"], date(2027, 9, 2))
    [doubt] = [d for d in late.unconfirmed if "核对到" not in d.what]
    assert (
        "天津市表中最新的最低工资标准自 2025-09-01 起执行，到 2027-09-02 已超过两年" in doubt.what
    )
    assert "《最低工资规定》第十条" in doubt.what and "tianjin.yaml" in doubt.what
    assert "effective: 2025-09-01" in _line(doubt.where)
    # a date with a newer standard in the table is not stale, however old its own row is
    old = table.in_force("shanxi", ["盂县"], date(2021, 9, 1))
    assert not any("超过两年" in d.what for d in old.unconfirmed)


def test_later_changes_within_a_term(table: MinimumWageTable) -> None:
    later = table.later_changes("shanxi", YANGQUAN, date(2022, 7, 1), date(2025, 6, 30))
    assert [(std.effective, std.monthly) for std in later] == [
        (date(2023, 1, 1), D(1980)),
        (date(2025, 1, 1), D(2150)),
    ]
    # A standard starting on the first day of the term is the one in force, not a change.
    assert table.later_changes("shanxi", YANGQUAN, date(2025, 1, 1), date(2027, 12, 31)) == []
    assert table.next_standard("jiangsu", date(2025, 6, 1)) is not None
    assert table.next_standard("shanxi", date(2025, 6, 1)) is None


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


URL_2025 = "    url: http://www.shanxi.gov.cn/zfxxgk/zfxxgkzl/fdzdgknr/lzyj/szfbgtwj/202501/t20250102_9735657.shtml\n"
ROW_2025 = "{name: 一类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4, mark: V}"
# (old text, new text, expected in one problem line, text of the line it must point at)
BAD_DATA = {
    "figure written as text": (
        ROW_2025,
        ROW_2025.replace("monthly: 2150", 'monthly: "2150元"'),
        "standards[5].classes[0].monthly: 金额应写为数字",
        "2150元",
    ),
    "misspelt key": (
        "    verified_through: 2025-05-29",
        "    verified_through: 2025-05-29\n    efective: 2025-01-01",
        "standards[5].efective: 未知字段",
        "efective:",
    ),
    "class missing from the mapping": (
        "{area: 盂县, class: 二类, mark: S}",
        "{area: 盂县, class: 五类, mark: S}",
        "standards[3].areas[4].class: 类别 五类 不在 classes 中",
        "class: 五类",
    ),
    "area listed twice": (
        "{area: 平定县, class: 二类",
        "{area: 盂县, class: 二类",
        "standards[3].areas[4].area: 地区 盂县 重复",
        "area: 盂县",
    ),
    "same effective date twice": (
        "- effective: 2023-01-01",
        "- effective: 2025-01-01",
        "standards[5].effective: 起始日期与 standards[4] 重复",
        "effective: 2025-01-01",
    ),
    "dates out of order": (
        "- effective: 2017-10-01",
        "- effective: 2014-10-01",
        "standards[2].effective: 起始日期应晚于上一条标准（standards[1]，2015-05-01）",
        "effective: 2014-10-01",
    ),
    "overlapping standards": (
        "    document: 晋政办发〔2021〕81号",
        "    until: 2023-06-30\n    document: 晋政办发〔2021〕81号",
        "standards[3].until: 截止日期应早于下一标准的起始日期 2023-01-01（两条标准重叠）",
        "until: 2023-06-30",
    ),
    "file name and code differ": (
        "province_code: shanxi",
        "province_code: shanxii",
        "province_code: 应与文件名一致",
        "shanxii",
    ),
    "mark missing": (
        "{name: 一类, monthly: 1620, hourly: 17.7, mark: S}",
        "{name: 一类, monthly: 1620, hourly: 17.7}",
        "standards[1].classes[0].mark: 缺少必填字段",
        "name: 一类, monthly: 1620",
    ),
    "mark spelt wrong": (
        '{name: 一类, monthly: 1450, hourly: null, mark: {monthly: S, hourly: "?"}}',
        "{name: 一类, monthly: 1450, hourly: null, mark: {monthly: S, hourly: maybe}}",
        "standards[0].classes[0].mark.hourly: 取值无效",
        "hourly: maybe",
    ),
    "unknown figure not marked": (
        '{name: 一类, monthly: 1450, hourly: null, mark: {monthly: S, hourly: "?"}}',
        "{name: 一类, monthly: 1450, hourly: null, mark: S}",
        'standards[0].classes[0].hourly: 非全日制小时最低工资未查到（null）时须标为 "?"',
        "name: 一类, monthly: 1450",
    ),
    "a guessed figure marked unknown": (
        "{name: 一类, monthly: 1620, hourly: 17.7, mark: S}",
        '{name: 一类, monthly: 1620, hourly: 17.7, mark: "?"}',
        'standards[1].classes[0].monthly: 月最低工资标为 "?"（未查到）就不能填写数值',
        "name: 一类, monthly: 1620",
    ),
    "confirmed row without a source": (
        URL_2025,
        "",
        "standards[5].effective_mark: 标为 V（已核实）的行须注明来源地址 url",
        "effective_mark: V",
    ),
    "classes out of order": (
        ROW_2025,
        "{name: 二类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4, mark: V}\n"
        "      - {name: 一类, monthly: 2140, hourly: 23.2, full_time_hourly: 12.3, mark: V}",
        "standards[5].classes[1].name: 类别应按省里的顺序排列（最高一类在前）：一类 排在 二类 之后",
        "name: 一类, monthly: 2140",
    ),
    "lower class above a higher one": (
        "{name: 二类, monthly: 2050, hourly: 22.1, full_time_hourly: 11.8",
        "{name: 二类, monthly: 2250, hourly: 22.1, full_time_hourly: 12.9",
        "standards[5].classes[1].monthly: 二类月最低工资 2250 元高于排在前面的 一类（2150 元）",
        "name: 二类, monthly: 2250",
    ),
    "hourly figure implausible": (
        ROW_2025,
        ROW_2025.replace("hourly: 23.2", "hourly: 2.32"),
        "standards[5].classes[0].hourly: 非全日制小时最低工资 2.32 元与月最低工资 2150 元不相称",
        "hourly: 2.32",
    ),
    "full-time hourly not monthly ÷ 174": (
        ROW_2025,
        ROW_2025.replace("full_time_hourly: 12.4", "full_time_hourly: 14.2"),
        "standards[5].classes[0].full_time_hourly: 全日制小时最低工资 14.2 元应约等于",
        "full_time_hourly: 14.2",
    ),
    "checked-through date before the start": (
        "    verified_through: 2025-05-29",
        "    verified_through: 2024-05-29",
        "standards[5].verified_through: 不能早于起始日期",
        "verified_through: 2024-05-29",
    ),
}


@pytest.mark.parametrize("case", list(BAD_DATA), ids=list(BAD_DATA))
def test_bad_data_names_file_line_and_field(
    contexts: Path, edit: Callable[..., Path], case: str
) -> None:
    old, new, expected, on_line = BAD_DATA[case]
    path = edit("minimum_wages/shanxi.yaml", old, new)
    with pytest.raises(InputError) as caught:
        load_minimum_wages(contexts / "minimum_wages")
    hit = next((line for line in caught.value.lines() if expected in line), None)
    assert hit is not None, caught.value.lines()
    # the line named is the line holding the bad value
    number = int(hit.split("shanxi.yaml:")[1].split(":")[0])
    assert on_line in path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_a_slip_in_a_shared_area_list_is_reported_once(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # The 2021 list is written once and inherited by 2023: one slip, one line.
    edit(
        "minimum_wages/shanxi.yaml",
        "{area: 盂县, class: 二类, mark: S}",
        "{area: 盂县, class: 五类, mark: S}",
    )
    with pytest.raises(InputError) as caught:
        load_minimum_wages(contexts / "minimum_wages")
    assert len([line for line in caught.value.lines() if "五类" in line]) == 1


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
    # 晋政办发〔2024〕58号 adds 行车 allowances to 《最低工资规定》第十二条.
    shanxi_2025 = table.in_force("shanxi", ["盂县"], date(2025, 7, 1)).exclusions
    assert shanxi_2025.basis[0] == "《山西省最低工资规定》（省政府令第218号）"
    assert any("行车" in item for item in shanxi_2025.items)
    national = table.in_force("shanxi", ["盂县"], date(2023, 7, 1)).exclusions
    assert national.basis == ["《最低工资规定》第十二条"]
    assert not any("行车" in item for item in national.items)


def test_the_readme_lists_every_province_as_the_files_say(table: MinimumWageTable) -> None:
    from skillwage_docs.outputs.minimum_wage_report import readme_section

    text = (CONTEXTS.parent / "README.md").read_text(encoding="utf-8")
    assert readme_section(table) in text, (
        "README 的省份表与 contexts/minimum_wages 不一致；"
        "请运行 python -m skillwage_docs.outputs.minimum_wage_report README.md"
    )
    # one row per province file: "| 山西省 | `shanxi.yaml` | …" (other tables name paths, not files)
    rows = [line for line in text.splitlines() if re.match(r"\| \S+ \| `[a-z]+\.yaml` \|", line)]
    assert len(rows) == 31
    assert "| 山西省 | `shanxi.yaml` | 2025-01-01 | [V] | 晋政办发〔2024〕58号 |" in text
    assert (
        "| 江西省 | `jiangxi.yaml` | 2025-12-01 | [?] | 未查到 | 0 / 3 / 9 | 0 / 6 | 未查到 "
        "| 2026-02-28 |"
    ) in text
    assert (
        "| 福建省 | `fujian.yaml` | 2025-04-01 | [V] | 闽人社文〔2025〕14号 | 4 / 4 / 0 | 0 / 4 "
        "| 83 / 0 | 2026-02-28 |"
    ) in text


def test_an_area_list_is_written_once_and_inherited_until_redrawn(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 陕西 2026 writes no list: it keeps 2023's (陕人社发〔2023〕16号), row and line included.
    table = load_minimum_wages(contexts / "minimum_wages")
    fengxian = table.in_force("shaanxi", ["凤县"], date(2026, 3, 1))
    assert (fengxian.monthly, fengxian.monthly_class, fengxian.provisional) == (
        D(2250),
        "二类区",
        None,
    )
    [row] = [d for d in fengxian.unconfirmed if d.what.startswith("凤县属二类区")]
    assert "{area: 凤县, class: 二类区, mark: S}" in _line(row.where)
    # A province that redrew its areas without a new list found: areas_inherited: false.
    edit(
        "minimum_wages/shaanxi.yaml",
        "    note: 陕西省人力资源和社会保障厅发布，2026-01-06。",
        "    note: 陕西省人力资源和社会保障厅发布，2026-01-06。\n    areas_inherited: false",
    )
    redrawn = load_minimum_wages(contexts / "minimum_wages")
    provisional = redrawn.in_force("shaanxi", ["凤县"], date(2026, 3, 1))
    assert (provisional.monthly, provisional.monthly_class) == (D(2376), "一类区")
    assert provisional.provisional is not None
    assert redrawn.in_force("shaanxi", ["凤县"], date(2025, 3, 1)).provisional is None
